//! The body of the one Durable Object class: decode an [`ObjectRequest`], apply it with
//! `dream_core::objects::dispatch` over SQLite, publish the KV copies it changed, answer.
//!
//! Publishing: the call's state change is applied synchronously (atomic in the object);
//! then, holding the object's publish lock, each KV copy the call named is written with the
//! value the store holds *now*. Writers take turns and each writes the newest state, so an
//! older copy can never land after a newer one (a revoked key's record stays revoked).

use crate::bindings::WorkerKv;
use crate::sql_store::SqlMeterStore;
use dream_core::objects::{current_copy, dispatch, KvCopy, ObjectRequest};
use dream_core::ports::KvStore;
use futures::lock::Mutex;
use worker::{Request, Response, State};

/// Prepares an object's storage; call once from the object's constructor.
pub fn init(state: &State) -> Result<(), String> {
    SqlMeterStore::init(&state.storage().sql()).map_err(|e| e.to_string())
}

/// Serves one call to an object; `kv` receives its read-side copies, one writer at a time
/// under `publishing`.
pub async fn serve(state: &State, kv: &WorkerKv, publishing: &Mutex<()>, mut req: Request) -> worker::Result<Response> {
    let body = req.text().await?;
    serve_body(state, kv, publishing, &body).await
}

/// Serves one call given as its JSON body (what [`serve`] does once the body is read).
pub async fn serve_body(state: &State, kv: &WorkerKv, publishing: &Mutex<()>, body: &str) -> worker::Result<Response> {
    let call: ObjectRequest = match serde_json::from_str(body) {
        Ok(c) => c,
        Err(e) => return Response::error(format!("bad object request: {e}"), 400),
    };
    let sql = state.storage().sql();
    let now = worker::Date::now().as_millis() as i64;
    // No await between here and the end of dispatch: the call is atomic within the object.
    let applied = match dispatch(&mut SqlMeterStore(&sql), &call, now) {
        Ok(a) => a,
        Err(e) => return Response::error(e.to_string(), 500),
    };
    if !applied.copies.is_empty() {
        let _turn = publishing.lock().await;
        for copy in &applied.copies {
            let current = match current_copy(&SqlMeterStore(&sql), copy) {
                Ok(c) => c,
                Err(e) => return Response::error(e.to_string(), 500),
            };
            let written = match current {
                Some(KvCopy { key, value: Some(v) }) => kv.put(&key, &v).await.map_err(|e| (key, e)),
                Some(KvCopy { key, value: None }) => kv.delete(&key).await.map_err(|e| (key, e)),
                None => Ok(()),
            };
            if let Err((key, e)) = written {
                return Response::error(format!("publishing {key}: {e}"), 500);
            }
        }
    }
    Response::from_json(&applied.response)
}
