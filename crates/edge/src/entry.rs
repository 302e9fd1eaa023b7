//! The body of each worker's `#[event(fetch)]`: bindings in, router called, response out.
//!
//! The router — with its ports over the env's bindings, the parsed configuration and the
//! caches — is built on an isolate's first request and reused: bindings and vars are the
//! same for every request an isolate serves, and building it per request cost allocations
//! that, times a thousand requests in flight, pushed the isolate towards its memory limit.

use crate::bindings::{app_state, config};
use crate::request::{from_workerd, to_workerd};
use axum::Router;
use dream_services::{AppState, Caches};
use std::cell::RefCell;
use std::sync::Arc;
use tower_service::Service;
use worker::{web_sys, Env};

thread_local! {
    // One isolate, one thread.
    static ROUTER: RefCell<Option<Router>> = const { RefCell::new(None) };
}

fn isolate_router(env: &Env, build: fn(AppState) -> Router) -> worker::Result<Router> {
    if let Some(r) = ROUTER.with(|r| r.borrow().clone()) {
        return Ok(r);
    }
    let router = build(app_state(env, Arc::new(config(env)?), Caches::default())?);
    ROUTER.with(|slot| *slot.borrow_mut() = Some(router.clone()));
    Ok(router)
}

/// Serves one request with the isolate's router (built by `build` on first use).
pub async fn serve(
    req: web_sys::Request,
    env: &Env,
    build: fn(AppState) -> Router,
) -> worker::Result<web_sys::Response> {
    let mut router = isolate_router(env, build)?;
    to_workerd(router.call(from_workerd(req).await?).await?).await
}
