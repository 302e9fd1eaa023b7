//! `GET /api/tiers`: the caller's tier list (browser-safe: pricing pages show it).

use crate::caller::Caller;
use axum::Json;
use dream_core::api::TierList;

/// The tiers of the caller's mode.
pub async fn list(caller: Caller) -> Json<TierList> {
    Json(TierList { mode: caller.mode, tiers: caller.tiers().to_vec() })
}
