//! `/api/developer/keys`: list, create, rotate with a grace period, revoke.

use crate::developer::{Developer, ModeQuery};
use axum::extract::State;
use axum::Json;
use dream_core::api::{
    CreateKeyRequest, CreatedKey, KeyList, KeyView, RotateKeyRequest, RotatedKey, MAX_GRACE_SECONDS,
};
use dream_core::ApiError;
use dream_core::ErrorCode;
use dream_services::keyring;
use dream_services::AppState;
use dream_web::extract::{Json as Body, Path, Query};
use dream_web::Result;

/// The platform's keys, newest last; `?mode=` filters.
pub async fn list(State(state): State<AppState>, dev: Developer, Query(q): Query<ModeQuery>) -> Result<Json<KeyList>> {
    let p = dev.platform(&state).await?;
    let now = state.now_ms();
    let keys = keyring::list(&state, &p.platform_id).await?;
    let keys = keys.iter().filter(|k| q.mode.is_none_or(|m| k.mode == m)).map(|k| KeyView::of(k, now)).collect();
    Ok(Json(KeyList { keys }))
}

/// A new key; a secret key's value is in this response only.
pub async fn create(
    State(state): State<AppState>,
    dev: Developer,
    Body(req): Body<CreateKeyRequest>,
) -> Result<Json<CreatedKey>> {
    let p = dev.platform(&state).await?;
    Ok(Json(keyring::create(&state, &p.platform_id, req.kind, req.mode).await?))
}

/// Rotates a key: a new one now, the old one until the grace period ends.
pub async fn rotate(
    State(state): State<AppState>,
    dev: Developer,
    Path(key_id): Path<String>,
    Body(req): Body<RotateKeyRequest>,
) -> Result<Json<RotatedKey>> {
    if !(0..=MAX_GRACE_SECONDS).contains(&req.grace_seconds) {
        return Err(
            ApiError::new(ErrorCode::InvalidGrace, format!("graceSeconds must be 0-{MAX_GRACE_SECONDS}")).into()
        );
    }
    let p = dev.platform(&state).await?;
    let (previous, created) = keyring::rotate(&state, &p.platform_id, &key_id, req.grace_seconds * 1000).await?;
    Ok(Json(RotatedKey { previous, created }))
}

/// Revokes a key at once.
pub async fn revoke(
    State(state): State<AppState>,
    dev: Developer,
    Path(key_id): Path<String>,
) -> Result<Json<KeyView>> {
    let p = dev.platform(&state).await?;
    Ok(Json(keyring::revoke(&state, &p.platform_id, &key_id).await?))
}
