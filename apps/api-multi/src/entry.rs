//! The workerd entry: wire bindings into the router, and export the meter Durable Object.

use dream_edge::bindings::app_state;
use dream_edge::meter_object;
use dream_web::jwks::JwksCache;
use std::sync::Arc;
use tower_service::Service;
use worker::{durable_object, event, Context, DurableObject, Env, HttpRequest, Request, Response, Result, State};

thread_local! {
    // One isolate, one thread: the JWKS cache lives as long as the isolate.
    static JWKS: Arc<JwksCache> = Arc::new(JwksCache::default());
}

#[event(fetch)]
async fn fetch(req: HttpRequest, env: Env, _ctx: Context) -> Result<axum::http::Response<axum::body::Body>> {
    let state = app_state(&env, JWKS.with(Arc::clone))?;
    Ok(crate::router(state).call(dream_edge::request::drained(req).await?).await?)
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
