//! `/api/developer/tiers?mode=`: read and replace a mode's tier list. Reads carry an `ETag`
//! per mode; a write with `If-Match` of a stale version gets 412 `stale_write`.

use crate::developer::{Developer, ModeQuery};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::Json;
use dream_core::account::VersionedConfig;
use dream_core::api::{PutTiersRequest, TierList};
use dream_core::tiers;
use dream_core::Mode;
use dream_services::objects::Account;
use dream_services::AppState;
use dream_web::etag::{etag, if_match};
use dream_web::extract::{Json as Body, Query};
use dream_web::Result;

pub(crate) fn tag(mode: Mode) -> String {
    format!("tiers-{mode}")
}

/// A mode's tiers with their version as `ETag`.
pub(crate) fn view(v: VersionedConfig, mode: Mode) -> impl IntoResponse {
    let tag = etag(&tag(mode), v.tiers_version(mode));
    ([tag], Json(TierList { mode, tiers: v.config.tiers(mode).to_vec() }))
}

/// The tier list of a mode.
pub async fn get(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
) -> Result<impl IntoResponse> {
    Ok(view(dev.platform_versioned(&state).await?, q.mode()))
}

/// Replaces the tier list of a mode after validating it whole.
pub async fn put(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
    headers: HeaderMap,
    Body(req): Body<PutTiersRequest>,
) -> Result<impl IntoResponse> {
    tiers::validate(&req.tiers)?;
    let mode = q.mode();
    let version = if_match(&headers, &tag(mode))?;
    let p = dev.platform(&state).await?;
    Ok(view(Account::of(&state, &p.platform_id).put_tiers(mode, req.tiers, version).await?, mode))
}
