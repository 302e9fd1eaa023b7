//! The workerd entry: wire bindings into the router.

use dream_edge::bindings::app_state;
use dream_web::jwks::JwksCache;
use std::sync::Arc;
use tower_service::Service;
use worker::{event, Context, Env, HttpRequest, Result};

thread_local! {
    // One isolate, one thread: the JWKS cache lives as long as the isolate.
    static JWKS: Arc<JwksCache> = Arc::new(JwksCache::default());
}

#[event(fetch)]
async fn fetch(req: HttpRequest, env: Env, _ctx: Context) -> Result<axum::http::Response<axum::body::Body>> {
    let state = app_state(&env, JWKS.with(Arc::clone))?;
    Ok(crate::router(state).call(dream_edge::request::drained(req).await?).await?)
}
