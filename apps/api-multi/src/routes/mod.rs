//! api-multi's handlers, one module per resource.

pub mod billing;
pub mod customers;
pub mod dashboard;
pub mod sign_up;
pub mod store;
pub mod subscription;
pub mod tiers;
pub mod usage;
pub mod users;
pub mod webhook;

use axum::Json;
use dream_core::api::Health;

/// `GET /health`: liveness, touches no storage.
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok".into(), service: "api-multi".into() })
}

/// `GET /openapi.json`: the OpenAPI document of this worker.
pub async fn openapi() -> ([(axum::http::HeaderName, &'static str); 1], &'static str) {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], crate::OPENAPI)
}
