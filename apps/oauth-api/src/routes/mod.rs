//! oauth-api's handlers.

pub mod connect;
pub mod products;
pub mod promotions;

use axum::Json;
use dream_core::api::Health;

/// `GET /api/oauth/health`: liveness, touches no storage.
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok".into(), service: "oauth-api".into() })
}

/// `GET /openapi.json`: the OpenAPI document of this worker.
pub async fn openapi() -> ([(axum::http::HeaderName, &'static str); 1], &'static str) {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], crate::OPENAPI)
}
