//! `/api/developer/tiers?mode=`: read and replace a mode's tier list.

use crate::developer::{save_platform, Developer, ModeQuery};
use axum::extract::State;
use axum::Json;
use dream_core::api::{PutTiersRequest, TierList};
use dream_core::tiers;
use dream_web::extract::{Json as Body, Query};
use dream_web::{AppState, Result};

/// The tier list of a mode.
pub async fn get(State(state): State<AppState>, dev: Developer, Query(q): Query<ModeQuery>) -> Result<Json<TierList>> {
    let p = dev.platform(&state).await?;
    Ok(Json(TierList { mode: q.mode(), tiers: p.tiers(q.mode()).to_vec() }))
}

/// Replaces the tier list of a mode after validating it whole.
pub async fn put(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
    Body(req): Body<PutTiersRequest>,
) -> Result<Json<TierList>> {
    tiers::validate(&req.tiers)?;
    let mut p = dev.platform(&state).await?;
    *p.tiers_mut(q.mode()) = req.tiers;
    save_platform(&state, &p).await?;
    Ok(Json(TierList { mode: q.mode(), tiers: p.tiers(q.mode()).to_vec() }))
}
