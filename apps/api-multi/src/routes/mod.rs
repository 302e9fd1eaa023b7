//! api-multi's handlers, one module per resource.

pub mod tiers;
pub mod usage;
pub mod users;

use axum::Json;
use dream_core::api::Health;

/// `GET /health`: liveness, touches no storage.
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok".into(), service: "api-multi".into() })
}
