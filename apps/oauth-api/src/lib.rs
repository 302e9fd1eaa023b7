//! oauth-api: Stripe Connect for developers (connect with OAuth, see, disconnect),
//! `POST /api/developer/create-products`, which turns a platform's paid tiers into Stripe
//! products and monthly prices on the connected account, and promotion codes on that account.

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

/// Every route of oauth-api.
pub fn router(state: AppState) -> Router {
    use routes::*;
    let routes = Router::new()
        .route("/api/oauth/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/api/oauth/openapi.json", get(openapi))
        .route("/api/oauth/authorize", get(connect::authorize))
        .route("/api/oauth/callback", get(connect::callback))
        .route("/api/oauth/complete", post(connect::complete))
        .route("/api/oauth/status", get(connect::status))
        .route("/api/oauth/disconnect", post(connect::disconnect))
        .route("/api/developer/create-products", post(products::create_products))
        .route("/api/developer/promotion-codes", post(promotions::create).get(promotions::list));
    let origins = CorsPolicy::Origins(Arc::new(state.config.dashboard_origins.clone()));
    finish(routes, state, origins)
}
