//! `/api/dashboard…`: the platform's metrics in the key's mode (secret key only), so that a
//! developer's own admin page can show what dream-api's dashboard shows.

use crate::caller::SecretCaller;
use axum::extract::State;
use axum::Json;
use dream_core::api::{DashboardTotals, UsageStats};
use dream_services::{stats, AppState};
use dream_web::Result;

/// Calls and revenue per day (30 days), top users, totals and the revenue ledger.
pub async fn metrics(State(state): State<AppState>, SecretCaller(c): SecretCaller) -> Result<Json<UsageStats>> {
    Ok(Json(stats::platform(&state, &c.platform.platform_id, c.mode, c.tiers()).await?))
}

/// The headline figures: customers, MRR, active subscriptions, calls this month, revenue.
pub async fn totals(State(state): State<AppState>, SecretCaller(c): SecretCaller) -> Result<Json<DashboardTotals>> {
    let s = stats::platform(&state, &c.platform.platform_id, c.mode, c.tiers()).await?;
    Ok(Json(stats::totals(&s)))
}
