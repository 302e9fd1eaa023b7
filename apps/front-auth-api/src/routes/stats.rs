//! `GET /api/developer/stats?mode=&days=`: calls and revenue per day (7, 30 or 90 days), top users,
//! totals, and the revenue ledger (MRR, active, canceling, new and churned this month).

use crate::developer::{Developer, ModeQuery};
use axum::extract::State;
use axum::Json;
use dream_core::api::{stats_days, UsageStats};
use dream_core::Mode;
use dream_services::{stats, AppState};
use dream_web::extract::Query;
use dream_web::Result;
use serde::Deserialize;

/// `?mode=test|live&days=7|30|90`.
#[derive(Deserialize)]
pub struct StatsQuery {
    mode: Option<Mode>,
    days: Option<u32>,
}

/// Usage statistics of the platform in a mode over a period.
pub async fn stats(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<StatsQuery>,
) -> Result<Json<UsageStats>> {
    let days = stats_days(q.days)?;
    let p = dev.platform(&state).await?;
    let mode = ModeQuery { mode: q.mode }.mode();
    Ok(Json(stats::platform(&state, &p.platform_id, mode, p.tiers(mode), days).await?))
}
