//! The body of each worker's `#[event(fetch)]`: bindings in, router called, response out.

use crate::bindings::app_state;
use crate::request::drained;
use axum::body::Body;
use axum::Router;
use dream_web::jwks::JwksCache;
use dream_web::AppState;
use std::sync::Arc;
use tower_service::Service;
use worker::{Env, HttpRequest};

thread_local! {
    // One isolate, one thread: the JWKS cache lives as long as the isolate.
    static JWKS: Arc<JwksCache> = Arc::new(JwksCache::default());
}

/// Serves one request with the router that `router` builds over this isolate's state.
pub async fn serve(
    req: HttpRequest,
    env: &Env,
    router: fn(AppState) -> Router,
) -> worker::Result<http::Response<Body>> {
    let state = app_state(env, JWKS.with(Arc::clone))?;
    Ok(router(state).call(drained(req).await?).await?)
}
