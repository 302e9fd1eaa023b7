//! front-auth-api's handlers, one module per resource.

pub mod admin;
pub mod billing;
pub mod customers;
pub mod keys;
pub mod projects;
pub mod register;
pub mod settings;
pub mod stats;
pub mod store;
pub mod tiers;
pub mod webhooks;

use crate::developer::Developer;
use axum::extract::State;
use axum::Json;
use dream_core::api::{DeveloperInfo, Health};
use dream_services::AppState;
use dream_web::Result;

/// `GET /api/developer/health`: liveness, touches no storage.
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok".into(), service: "front-auth-api".into() })
}

/// `GET /api/developer/me`: who is signed in, whether they are registered, and their projects.
pub async fn me(State(state): State<AppState>, dev: Developer) -> Result<Json<DeveloperInfo>> {
    let held = dream_services::developers::registered(&state, &dev.user_id).await?;
    let projects = dream_services::projects::views(&held);
    let platform_id = held.record.map(|r| r.platform_id);
    Ok(Json(DeveloperInfo { user_id: dev.user_id, platform_id, is_admin: dev.is_admin, projects }))
}

/// `GET /openapi.json`: the OpenAPI document of this worker.
pub async fn openapi() -> ([(axum::http::HeaderName, &'static str); 1], &'static str) {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], crate::OPENAPI)
}
