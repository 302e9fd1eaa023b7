//! `/api/dashboard…`: the platform's metrics in the key's mode (secret key only), so that a
//! developer's own admin page can show what dream-api's dashboard shows.

use crate::caller::SecretCaller;
use axum::extract::State;
use axum::Json;
use dream_core::api::{stats_days, DashboardTotals, UsageStats, STATS_DEFAULT_DAYS};
use dream_services::{stats, AppState};
use dream_web::extract::Query;
use dream_web::Result;
use serde::Deserialize;

/// `?days=7|30|90`.
#[derive(Deserialize)]
pub struct PeriodQuery {
    days: Option<u32>,
}

/// Calls and revenue per day (`days`: 7, 30 or 90; 30 by default), top users, totals and
/// the revenue ledger.
pub async fn metrics(
    State(state): State<AppState>,
    SecretCaller(c): SecretCaller,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<UsageStats>> {
    let days = stats_days(q.days)?;
    Ok(Json(stats::platform(&state, &c.platform.platform_id, c.mode, c.tiers(), days).await?))
}

/// The headline figures: customers, MRR, active subscriptions, calls this month, revenue.
pub async fn totals(State(state): State<AppState>, SecretCaller(c): SecretCaller) -> Result<Json<DashboardTotals>> {
    let s = stats::platform(&state, &c.platform.platform_id, c.mode, c.tiers(), STATS_DEFAULT_DAYS).await?;
    Ok(Json(stats::totals(&s)))
}
