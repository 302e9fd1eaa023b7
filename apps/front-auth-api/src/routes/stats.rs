//! `GET /api/developer/stats?mode=`: calls and revenue per day (30 days), top users,
//! totals, and the revenue ledger (MRR, active, canceling, new and churned this month).

use crate::developer::{Developer, ModeQuery};
use axum::extract::State;
use axum::Json;
use dream_core::api::{DayCount, UsageStats, UsageTotals, UsageView};
use dream_core::billing::Revenue;
use dream_core::period::day_string;
use dream_services::objects::UsageShard;
use dream_services::{customers, AppState};
use dream_web::extract::Query;
use dream_web::Result;
use futures::future::try_join_all;
use std::collections::BTreeMap;

/// Days shown in the chart.
pub const DAYS: u32 = 30;
/// Users listed as top users.
pub const TOP_USERS: usize = 10;

/// Usage statistics of the platform in a mode.
pub async fn stats(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
) -> Result<Json<UsageStats>> {
    let p = dev.platform(&state).await?;
    let mode = q.mode();
    let shards = UsageShard::all(&state, &p.platform_id, mode);
    let daily = try_join_all(shards.iter().map(|s| s.daily(DAYS)));
    let (daily, users) =
        futures::future::join(daily, customers::all(&state, &p.platform_id, mode, p.tiers(mode))).await;
    let (daily, mut users) = (daily?, users?);
    let mut days: BTreeMap<i64, (u64, i64)> = BTreeMap::new();
    for (counts, revenue) in daily {
        for (day, n) in counts {
            days.entry(day).or_default().0 += n;
        }
        for (day, amount) in revenue {
            days.entry(day).or_default().1 += amount;
        }
    }
    let now = state.now_ms();
    let mut revenue = Revenue::default();
    for s in users.iter().filter_map(|u| u.subscription.as_ref()) {
        revenue.add(s, now);
    }
    let totals = UsageTotals {
        calls_this_period: users.iter().map(|u| u.used).sum(),
        calls_last_30_days: days.values().map(|d| d.0).sum(),
        end_users: users.len() as u64,
    };
    users.sort_by(|a, b| b.used.cmp(&a.used).then_with(|| a.user_id.cmp(&b.user_id)));
    Ok(Json(UsageStats {
        mode,
        days: days.into_iter().map(|(d, (calls, revenue))| DayCount { date: day_string(d), calls, revenue }).collect(),
        top_users: users.iter().take(TOP_USERS).map(UsageView::from).collect(),
        totals,
        revenue,
    }))
}
