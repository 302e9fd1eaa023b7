//! front-auth-api: the developer API behind the dashboard. Every route but health needs
//! the developer's Clerk session token; each developer owns exactly one platform.

pub use dream_web::developer;
pub mod routes;

#[cfg(target_arch = "wasm32")]
mod entry;

use axum::routing::{get, post};
use axum::Router;
use dream_services::AppState;
use dream_web::cors::CorsPolicy;
use dream_web::middleware::finish;
use std::sync::Arc;

/// The OpenAPI document of this worker (tests hold the routes to it).
pub const OPENAPI: &str = include_str!("../openapi/openapi.json");

/// Every route of front-auth-api.
pub fn router(state: AppState) -> Router {
    use routes::*;
    let routes = Router::new()
        .route("/api/developer/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/api/developer/openapi.json", get(openapi))
        .route("/api/developer/me", get(me))
        .route("/api/developer/register", post(register::register))
        .route("/api/developer/projects", get(projects::list).post(projects::create))
        .route("/api/developer/projects/{project_id}", axum::routing::patch(projects::rename).delete(projects::delete))
        .route("/api/developer/projects/{project_id}/promote", post(projects::promote))
        .route("/api/developer/keys", get(keys::list).post(keys::create))
        .route("/api/developer/keys/{key_id}/rotate", post(keys::rotate))
        .route("/api/developer/keys/{key_id}/revoke", post(keys::revoke))
        .route("/api/developer/tiers", get(tiers::get).put(tiers::put))
        .route("/api/developer/settings", get(settings::get).put(settings::put))
        .route("/api/developer/customers", get(customers::list))
        .route("/api/developer/customers/{user_id}", get(customers::get))
        .route("/api/developer/customers/{user_id}/plan", axum::routing::put(customers::set_plan))
        .route("/api/developer/customers/{user_id}/subscription/change", post(customers::change_subscription))
        .route("/api/developer/customers/{user_id}/subscription/cancel", post(customers::cancel_subscription))
        .route("/api/developer/customers/{user_id}/subscription/resume", post(customers::resume_subscription))
        .route("/api/developer/webhook-endpoints", get(webhooks::list).post(webhooks::create))
        .route(
            "/api/developer/webhook-endpoints/{endpoint_id}",
            axum::routing::patch(webhooks::update).delete(webhooks::delete),
        )
        .route("/api/developer/webhook-endpoints/{endpoint_id}/rotate", post(webhooks::rotate))
        .route("/api/developer/webhook-deliveries", get(webhooks::deliveries))
        .route("/api/developer/webhook-deliveries/{delivery_id}/resend", post(webhooks::resend))
        .route("/api/developer/products", get(store::list).post(store::create))
        .route("/api/developer/products/{product_id}", axum::routing::patch(store::update))
        .route("/api/developer/orders", get(store::orders))
        .route("/api/developer/orders.csv", get(store::orders_csv))
        .route("/api/developer/stats", get(stats::stats))
        .route("/api/developer/billing", get(billing::get))
        .route("/api/developer/billing/checkout", post(billing::checkout))
        .route("/api/developer/billing/portal", post(billing::portal))
        .route("/api/developer/webhook/stripe", post(billing::webhook))
        .route("/api/developer/admin/stats", get(admin::stats));
    let origins = CorsPolicy::Origins(Arc::new(state.config.dashboard_origins.clone()));
    finish(routes, state, origins)
}
