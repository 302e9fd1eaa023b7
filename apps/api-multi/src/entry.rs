//! The workerd entry: wire bindings into the router, and export the meter Durable Object.

use dream_edge::meter_object;
use worker::{durable_object, event, Context, DurableObject, Env, HttpRequest, Request, Response, Result, State};

#[event(fetch)]
async fn fetch(req: HttpRequest, env: Env, _ctx: Context) -> Result<axum::http::Response<axum::body::Body>> {
    dream_edge::entry::serve(req, &env, crate::router).await
}

/// One meter shard: the usage counters of the end users that hash to it.
#[durable_object]
pub struct MeterShard {
    state: State,
    init_error: Option<String>,
}

impl DurableObject for MeterShard {
    fn new(state: State, _env: Env) -> Self {
        let init_error = meter_object::init(&state).err();
        MeterShard { state, init_error }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        if let Some(e) = &self.init_error {
            return Response::error(format!("meter storage unavailable: {e}"), 500);
        }
        meter_object::serve(&self.state, req).await
    }
}
