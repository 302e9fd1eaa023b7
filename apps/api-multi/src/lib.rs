//! api-multi: the API that developers' apps call, server side with a secret key or in the
//! browser with a publishable key and the end user's session token.
//!
//! The routes are plain axum handlers over the ports in [`dream_services::Ports`]; the wasm32
//! entry (`entry.rs`) wires them to KV, Durable Objects and `fetch`.

pub mod caller;
pub mod routes;

#[cfg(target_arch = "wasm32")]
mod entry;

use axum::routing::{get, post, put};
use axum::Router;
use dream_services::AppState;
use dream_web::cors::CorsPolicy;
use dream_web::middleware::finish;

/// The OpenAPI document of this worker (tests hold the routes to it).
pub const OPENAPI: &str = include_str!("../openapi/openapi.json");

/// Every route of api-multi.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/health", get(routes::health))
        .route("/openapi.json", get(routes::openapi))
        .route("/api/tiers", get(routes::tiers::list))
        .route("/api/data", post(routes::usage::track))
        .route("/api/usage/track", post(routes::usage::track))
        .route("/api/usage/check", post(routes::usage::check))
        .route("/api/usage", get(routes::usage::usage))
        .route("/api/entitlements", get(routes::usage::entitlements))
        .route("/api/users", get(routes::users::list))
        .route("/api/users/{user_id}", get(routes::users::get))
        .route("/api/users/{user_id}/plan", put(routes::users::set_plan))
        .route("/api/customers", post(routes::customers::create))
        .route(
            "/api/customers/{user_id}",
            get(routes::customers::get).patch(routes::customers::update).delete(routes::customers::delete),
        )
        .route("/api/dashboard", get(routes::dashboard::metrics))
        .route("/api/dashboard/totals", get(routes::dashboard::totals))
        .route("/api/create-checkout", post(routes::billing::create_checkout))
        .route("/api/customer-portal", post(routes::billing::customer_portal))
        .route("/api/products", get(routes::store::products))
        .route("/api/cart/checkout", post(routes::store::checkout))
        .route("/api/subscription/change", post(routes::subscription::change))
        .route("/api/subscription/cancel", post(routes::subscription::cancel))
        .route("/api/subscription/resume", post(routes::subscription::resume))
        .route("/webhook/stripe", post(routes::webhook::stripe))
        .route("/signup", get(routes::sign_up::sign_up_page))
        .route("/signin", get(routes::sign_up::sign_in_page))
        .route("/signup/complete", post(routes::sign_up::complete))
        .route("/api/sign-in-config", get(routes::sign_up::config));
    finish(routes, state, CorsPolicy::AnyOrigin)
}
