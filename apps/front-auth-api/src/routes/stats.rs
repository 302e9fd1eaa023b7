//! `GET /api/developer/stats?mode=`: calls and revenue per day (30 days), top users,
//! totals, and the revenue ledger (MRR, active, canceling, new and churned this month).

use crate::developer::{Developer, ModeQuery};
use axum::extract::State;
use axum::Json;
use dream_core::api::UsageStats;
use dream_services::{stats, AppState};
use dream_web::extract::Query;
use dream_web::Result;

/// Usage statistics of the platform in a mode.
pub async fn stats(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
) -> Result<Json<UsageStats>> {
    let p = dev.platform(&state).await?;
    let mode = q.mode();
    Ok(Json(stats::platform(&state, &p.platform_id, mode, p.tiers(mode)).await?))
}
