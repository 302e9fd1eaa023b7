//! The developer's plan quota on api-multi traffic, kept off the hot path.
//!
//! What counts: metered successes only — a track call that was counted for the end user
//! (not a replay, not refused, not a read, not a 4xx), as a payment provider's usage meters
//! count events, not attempts; so an end user hammering reads or refused calls cannot spend
//! the developer's month. Each isolate counts them per platform in memory and adds them to
//! the developer's account object every [`SYNC_EVERY_CALLS`] calls or [`SYNC_EVERY_MS`],
//! learning the plan and the month's total in the same round trip. A track is refused (402)
//! once the known total plus this isolate's unsynced calls reach the quota. The count is approximate within a bound:
//! at most `SYNC_EVERY_CALLS` calls per isolate not yet seen by the others, plus what other
//! isolates counted in the last `SYNC_EVERY_MS`; calls counted by an isolate that is evicted
//! before syncing (fewer than `SYNC_EVERY_CALLS`) are lost. A counter fault never blocks
//! traffic: the call is let through and counted at the next sync.
//!
//! Test mode is free but capped: a platform's metered test-mode calls per UTC day stop at the
//! deployment's cap ([`crate::config::Config::test_mode_daily_calls`]) with 429
//! `test_mode_daily_cap`, counted the same way and within the same bound.

use crate::objects::Account;
use crate::{AppState, Error};
use dream_core::period::{day_number, DAY_MS};
use dream_core::plans;
use dream_core::ErrorCode;
use dream_core::{ApiError, Mode};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

/// Calls an isolate counts before adding them to the account.
pub const SYNC_EVERY_CALLS: u64 = 50;
/// Longest an isolate goes without syncing a platform it serves.
pub const SYNC_EVERY_MS: i64 = 5_000;
const MAX_PLATFORMS: usize = 10_000;

#[derive(Debug, Clone, Default)]
struct Entry {
    pending_live: u64,
    pending_test: u64,
    /// Live calls this period as of the last sync, the plan and its quota.
    used: u64,
    plan: String,
    limit: Option<u64>,
    synced_ms: Option<i64>,
    /// Metered test-mode calls of `test_day` as of the last sync.
    test_today: u64,
    test_day: i64,
}

/// Per-isolate call counts and the last known plan of each platform.
#[derive(Default)]
pub struct QuotaCache {
    map: Mutex<HashMap<String, Entry>>,
}

impl QuotaCache {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn exceeded(e: &Entry, limit: u64) -> Error {
    let name = plans::plan(&e.plan).map(|p| p.name).unwrap_or("current");
    ApiError::new(ErrorCode::PlanQuotaExceeded, format!(
            "this platform has used its {limit} live API calls for this month on the {name} plan; upgrade the plan in the dashboard (Billing)"
        ),
    )
    .into()
}

fn test_cap_reached(cap: u64, now_ms: i64) -> Error {
    let tomorrow_ms = day_number(now_ms).saturating_add(1).saturating_mul(DAY_MS);
    let wait = u64::try_from(tomorrow_ms.saturating_sub(now_ms) / 1000).unwrap_or(0).max(1);
    ApiError::new(ErrorCode::TestModeDailyCap, format!(
            "this platform has made its {cap} metered test-mode calls for today (UTC); test mode is for testing, so use live keys for real traffic, or wait until tomorrow"
        ),
    )
    .with_retry_after(wait)
    .into()
}

/// Admits a metered call of `platform_id` in `mode` (counting nothing yet; see [`record`]):
/// refuses it (402) when a live call would go over the plan's quota. Answers the 80%
/// warning, if due.
pub async fn admit(state: &AppState, platform_id: &str, mode: Mode) -> Result<Option<String>, Error> {
    let now = state.now_ms();
    let cache = &state.caches.quota;
    // A sync is due on time or count; refused calls keep syncing too, so an upgrade is seen.
    let take = {
        let mut map = cache.lock();
        if map.len() >= MAX_PLATFORMS && !map.contains_key(platform_id) {
            map.retain(|_, e| e.pending_live + e.pending_test > 0);
        }
        let e = map.entry(platform_id.to_owned()).or_default();
        let due =
            e.synced_ms.is_none_or(|t| now - t >= SYNC_EVERY_MS) || e.pending_live + e.pending_test >= SYNC_EVERY_CALLS;
        due.then(|| {
            e.synced_ms = Some(now);
            (std::mem::take(&mut e.pending_live), std::mem::take(&mut e.pending_test))
        })
    };
    if let Some((live, test)) = take {
        sync(state, platform_id, live, test).await;
    }
    let mut map = cache.lock();
    let e = map.entry(platform_id.to_owned()).or_default();
    match (mode, e.limit) {
        (Mode::Test, _) => {
            let cap = state.config.test_mode_daily_calls;
            let today = day_number(now);
            let known = if e.test_day == today { e.test_today } else { 0 };
            if known.saturating_add(e.pending_test) >= cap {
                return Err(test_cap_reached(cap, now));
            }
            Ok(None)
        }
        (Mode::Live, None) => Ok(None),
        (Mode::Live, Some(limit)) => {
            let after = e.used.saturating_add(e.pending_live);
            if after >= limit {
                return Err(exceeded(e, limit));
            }
            Ok(plans::quota_warning(&e.plan, after.saturating_add(1), limit))
        }
    }
}

/// Counts one metered success of `platform_id` in `mode` (added to the account at the next sync).
pub fn record(state: &AppState, platform_id: &str, mode: Mode) {
    let mut map = state.caches.quota.lock();
    let e = map.entry(platform_id.to_owned()).or_default();
    match mode {
        Mode::Test => e.pending_test = e.pending_test.saturating_add(1),
        Mode::Live => e.pending_live = e.pending_live.saturating_add(1),
    }
}

/// Adds the calls to the account and learns its plan and total.
async fn sync(state: &AppState, platform_id: &str, live: u64, test: u64) {
    let answer = Account::of(state, platform_id).count_calls(live, test).await;
    let mut map = state.caches.quota.lock();
    let e = map.entry(platform_id.to_owned()).or_default();
    match answer {
        Ok((usage, test_today)) => {
            e.used = usage.used;
            e.limit = usage.limit;
            e.plan = usage.plan;
            e.test_today = test_today;
            e.test_day = day_number(state.now_ms());
        }
        Err(err) => {
            // Keep the calls for the next sync; never fail the caller's request for this.
            e.pending_live = e.pending_live.saturating_add(live);
            e.pending_test = e.pending_test.saturating_add(test);
            e.synced_ms = None;
            crate::log::error(&format!("quota sync for {platform_id} failed: {}", err.0.message));
        }
    }
}
