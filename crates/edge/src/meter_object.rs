//! The body of the meter Durable Object: decode a [`MeterRequest`], apply it with
//! `dream_core::meter::apply` over SQLite, answer with the [`MeterResponse`].

use crate::sql_store::SqlMeterStore;
use dream_core::meter::{apply, MeterRequest};
use worker::{Request, Response, State};

/// Prepares a shard's storage; call once from the object's constructor.
pub fn init(state: &State) -> Result<(), String> {
    SqlMeterStore::init(&state.storage().sql()).map_err(|e| e.to_string())
}

/// Serves one call to a meter shard.
pub async fn serve(state: &State, mut req: Request) -> worker::Result<Response> {
    let call: MeterRequest = match req.json().await {
        Ok(c) => c,
        Err(e) => return Response::error(format!("bad meter request: {e}"), 400),
    };
    let sql = state.storage().sql();
    let now = worker::Date::now().as_millis() as i64;
    // No await between here and the response: the call is atomic within the object.
    match apply(&mut SqlMeterStore(&sql), &call, now) {
        Ok(resp) => Response::from_json(&resp),
        Err(e) => Response::error(e.to_string(), 500),
    }
}
