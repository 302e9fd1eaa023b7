//! `POST /api/developer/register`: the developer's first project, created on the first call
//! (more with `POST /api/developer/projects`).
//!
//! The developer's registration object settles concurrent first registrations on one
//! platform; the platform's account object is then set up exactly once, and only the answer
//! that set it up carries the secret keys.

use crate::developer::Developer;
use axum::extract::State;
use axum::Json;
use dream_core::api::RegisterResponse;
use dream_core::keys::new_platform_id;
use dream_core::kv_schema::DeveloperRecord;
use dream_services::objects::Registration;
use dream_services::{projects, AppState};
use dream_web::Result;

/// Registers the developer: makes their first project unless they have one (idempotent).
/// Secret keys appear only in the creating response.
pub async fn register(State(state): State<AppState>, dev: Developer) -> Result<Json<RegisterResponse>> {
    let platform_id = match dev.record(&state).await? {
        Some(rec) => rec.platform_id,
        None => {
            let candidate = DeveloperRecord {
                platform_id: new_platform_id(state.ports.random.as_ref()),
                created_ms: state.now_ms(),
            };
            Registration::of(&state, &dev.user_id).claim(candidate).await?.0.platform_id
        }
    };
    let (created, test, live) = projects::set_up(&state, &dev.user_id, &platform_id).await?;
    Ok(Json(RegisterResponse { platform_id, created, test, live }))
}
