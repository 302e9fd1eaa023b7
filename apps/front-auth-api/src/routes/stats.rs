//! `GET /api/developer/stats?mode=`: calls and revenue per day (30 days), top users,
//! totals, and the revenue ledger (MRR, active, canceling, new and churned this month).

use crate::developer::{Developer, ModeQuery};
use axum::extract::State;
use axum::Json;
use dream_core::api::{DayCount, UsageStats, UsageTotals, UsageView};
use dream_core::billing::Revenue;
use dream_core::period::day_string;
use dream_core::tiers::TierLimits;
use dream_services::objects::UsageShard;
use dream_services::AppState;
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
    let limits = TierLimits::of(p.tiers(mode));
    // Each shard answers its figures and its own top users: no user list crosses the wire.
    let parts = try_join_all(shards.iter().map(|s| s.stats(limits.clone(), DAYS, TOP_USERS as u32))).await?;
    let now = state.now_ms();
    let mut days: BTreeMap<i64, (u64, i64)> = BTreeMap::new();
    let mut revenue = Revenue::default();
    let (mut calls_this_period, mut end_users, mut top) = (0u64, 0u64, Vec::new());
    for part in parts {
        let (counts, paid) = part.daily;
        for (day, n) in counts {
            days.entry(day).or_default().0 += n;
        }
        for (day, amount) in paid {
            days.entry(day).or_default().1 += amount;
        }
        for s in &part.subscriptions {
            revenue.add(s, now);
        }
        calls_this_period = calls_this_period.saturating_add(part.used_this_month);
        end_users = end_users.saturating_add(part.users);
        top.extend(part.top);
    }
    top.sort_by(|a, b| b.used.cmp(&a.used).then_with(|| a.user_id.cmp(&b.user_id)));
    let totals = UsageTotals { calls_this_period, calls_last_30_days: days.values().map(|d| d.0).sum(), end_users };
    Ok(Json(UsageStats {
        mode,
        days: days.into_iter().map(|(d, (calls, revenue))| DayCount { date: day_string(d), calls, revenue }).collect(),
        top_users: top.iter().take(TOP_USERS).map(UsageView::from).collect(),
        totals,
        revenue,
    }))
}
