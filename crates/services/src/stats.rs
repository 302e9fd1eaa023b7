//! A platform's usage statistics in a mode — calls and revenue per day, top users, totals and
//! the revenue ledger — from each shard's own figures (no user list crosses the wire). Shared
//! by the dashboard (`/api/developer/stats`) and the secret-key API (`/api/dashboard`).

use crate::objects::{Store, UsageShard};
use crate::state::AppState;
use crate::Result;
use dream_core::api::{DashboardTotals, DayCount, UsageStats, UsageTotals, UsageView};
use dream_core::billing::Revenue;
use dream_core::mode::Mode;
use dream_core::period::day_string;
use dream_core::tiers::{Tier, TierLimits};
use futures::future::try_join_all;
use std::collections::BTreeMap;

/// Days that "last 30 days" figures cover, whatever period the chart shows.
const MONTH_DAYS: usize = 30;
/// Users listed as top users.
pub const TOP_USERS: usize = 10;

/// The statistics of a platform's end users in `mode`, with the last `period_days` days per day.
pub async fn platform(
    state: &AppState,
    platform_id: &str,
    mode: Mode,
    tiers: &[Tier],
    period_days: u32,
) -> Result<UsageStats> {
    let shards = UsageShard::all(state, platform_id, mode);
    let limits = TierLimits::of(tiers);
    // Enough days for the chart and for the last-30-days totals.
    let asked = period_days.max(MONTH_DAYS as u32);
    // Each shard answers its figures and its own top users: no user list crosses the wire.
    let shard_parts = try_join_all(shards.iter().map(|s| s.stats(limits.clone(), asked, TOP_USERS as u32)));
    // One-off sales of a store project count as revenue too.
    let store = Store::new(state, platform_id, mode);
    let sales = store.revenue(asked);
    let (parts, sales) = futures::future::try_join(shard_parts, sales).await?;
    let now = state.now_ms();
    let mut days: BTreeMap<i64, (u64, i64)> = BTreeMap::new();
    let mut revenue = Revenue::default();
    let (mut calls_this_period, mut end_users, mut top) = (0u64, 0u64, Vec::new());
    for part in parts {
        let (counts, paid) = part.daily;
        for (day, n) in counts {
            let d = days.entry(day).or_default();
            d.0 = d.0.saturating_add(n);
        }
        for (day, amount) in paid {
            let d = days.entry(day).or_default();
            d.1 = d.1.saturating_add(amount);
        }
        for s in &part.subscriptions {
            revenue.add(s, now);
        }
        calls_this_period = calls_this_period.saturating_add(part.used_this_month);
        end_users = end_users.saturating_add(part.users);
        top.extend(part.top);
    }
    for (day, amount) in sales {
        let d = days.entry(day).or_default();
        d.1 = d.1.saturating_add(amount);
    }
    top.sort_by(|a, b| b.used.cmp(&a.used).then_with(|| a.user_id.cmp(&b.user_id)));
    let month = days.values().rev().take(MONTH_DAYS);
    let (calls_last_30_days, revenue_last_30_days) =
        month.fold((0u64, 0i64), |(c, r), d| (c.saturating_add(d.0), r.saturating_add(d.1)));
    let totals = UsageTotals { calls_this_period, calls_last_30_days, end_users, revenue_last_30_days };
    let shown = days.len().saturating_sub(usize::try_from(period_days).unwrap_or(usize::MAX));
    Ok(UsageStats {
        mode,
        days: days
            .into_iter()
            .skip(shown)
            .map(|(d, (calls, revenue))| DayCount { date: day_string(d), calls, revenue })
            .collect(),
        top_users: top.iter().take(TOP_USERS).map(UsageView::from).collect(),
        totals,
        revenue,
    })
}

/// The headline figures of [`platform`]'s statistics.
pub fn totals(stats: &UsageStats) -> DashboardTotals {
    DashboardTotals {
        mode: stats.mode,
        customers: stats.totals.end_users,
        mrr: stats.revenue.mrr,
        active_subscriptions: stats.revenue.active,
        calls_this_month: stats.totals.calls_this_period,
        revenue_last30_days: stats.totals.revenue_last_30_days,
    }
}
