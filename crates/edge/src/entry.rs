//! The body of each worker's `#[event(fetch)]`: bindings in, router called, response out.

use crate::bindings::{app_state, config};
use crate::request::drained;
use axum::body::Body;
use axum::Router;
use dream_web::config::Config;
use dream_web::{AppState, Caches};
use std::cell::RefCell;
use std::sync::Arc;
use tower_service::Service;
use worker::{Env, HttpRequest};

thread_local! {
    // One isolate, one thread: caches and the parsed configuration live as long as the isolate
    // (vars cannot change without a new deployment, hence a new isolate).
    static CACHES: Caches = Caches::default();
    static CONFIG: RefCell<Option<Arc<Config>>> = const { RefCell::new(None) };
}

fn isolate_config(env: &Env) -> worker::Result<Arc<Config>> {
    if let Some(c) = CONFIG.with(|c| c.borrow().clone()) {
        return Ok(c);
    }
    let c = Arc::new(config(env)?);
    CONFIG.with(|slot| *slot.borrow_mut() = Some(c.clone()));
    Ok(c)
}

/// Serves one request with the router that `router` builds over this isolate's state.
pub async fn serve(
    req: HttpRequest,
    env: &Env,
    router: fn(AppState) -> Router,
) -> worker::Result<http::Response<Body>> {
    let state = app_state(env, isolate_config(env)?, CACHES.with(Caches::clone))?;
    Ok(router(state).call(drained(req).await?).await?)
}
