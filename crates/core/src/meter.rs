//! The usage meter: exact per-end-user counters, rate windows and idempotency records.
//!
//! Pure logic over a synchronous [`MeterStore`]: the Durable Object shell runs it over its
//! SQLite storage (one object per shard, single-threaded, so each call is atomic), the
//! native tests over a map. End users are spread over [`METER_SHARDS`] objects per platform
//! and mode so that one busy platform is not capped by one object's write rate.

use crate::mode::Mode;
use crate::period::{day_number, month_of, Period};
use crate::ports::PortError;
use crate::rate_limit::RateWindow;
use crate::tiers::TierLimits;
use serde::{Deserialize, Serialize};

/// Meter shards per platform and mode.
pub const METER_SHARDS: u32 = 16;
/// How long an idempotency key is remembered.
pub const IDEMPOTENCY_TTL_MS: i64 = 24 * 3_600_000;
/// Days of per-day call counts kept per shard.
pub const DAYS_KEPT: i64 = 90;
const PURGE_EVERY_MS: i64 = 3_600_000;

/// The shard an end user's counters live in (FNV-1a of the id).
pub fn shard_of(user_id: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in user_id.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h % METER_SHARDS
}

/// Name of a shard object: `<platform>:<mode>:<shard>`.
pub fn shard_name(platform_id: &str, mode: Mode, shard: u32) -> String {
    format!("{platform_id}:{mode}:{shard:02}")
}

/// The shard holding `user_id` of a platform in a mode.
pub fn shard_for_user(platform_id: &str, mode: Mode, user_id: &str) -> String {
    shard_name(platform_id, mode, shard_of(user_id))
}

/// Every shard of a platform in a mode.
pub fn all_shards(platform_id: &str, mode: Mode) -> Vec<String> {
    (0..METER_SHARDS).map(|s| shard_name(platform_id, mode, s)).collect()
}

/// Synchronous storage of one shard (SQLite in a Durable Object, a map in tests).
pub trait MeterStore {
    /// The value under `key`, if present (expired entries may still be returned).
    fn get(&self, key: &str) -> Result<Option<String>, PortError>;
    /// Stores `value`; `expires_at_ms` lets [`MeterStore::purge_expired`] drop it later.
    fn put(&mut self, key: &str, value: &str, expires_at_ms: Option<i64>) -> Result<(), PortError>;
    /// Removes `key`.
    fn delete(&mut self, key: &str) -> Result<(), PortError>;
    /// All entries whose key starts with `prefix`, in key order.
    fn scan(&self, prefix: &str) -> Result<Vec<(String, String)>, PortError>;
    /// Drops entries whose expiry has passed.
    fn purge_expired(&mut self, now_ms: i64) -> Result<(), PortError>;
}

/// One end user's stored meter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserMeter {
    /// Plan set for this user; `None` means the platform's default tier.
    pub plan: Option<String>,
    pub period: Period,
    pub used: u64,
    pub rate: RateWindow,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
}

impl UserMeter {
    fn new(now_ms: i64) -> Self {
        UserMeter {
            plan: None,
            period: month_of(now_ms),
            used: 0,
            rate: RateWindow::default(),
            first_seen_ms: now_ms,
            last_seen_ms: now_ms,
        }
    }

    /// Starts a new period (count back to zero) once the current one has ended.
    fn roll(&mut self, now_ms: i64) {
        if now_ms >= self.period.end_ms {
            self.period = month_of(now_ms);
            self.used = 0;
        }
    }
}

/// An end user's usage as of one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub user_id: String,
    pub plan: String,
    pub used: u64,
    pub limit: Option<u64>,
    pub period: Period,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
}

impl Snapshot {
    /// Calls left this period (`None` = unlimited).
    pub fn remaining(&self) -> Option<u64> {
        self.limit.map(|l| l.saturating_sub(self.used))
    }
}

/// A call to one shard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum MeterRequest {
    /// Count `amount` if the tier limit and the rate limit allow it.
    Track { user: String, amount: u64, idempotency_key: Option<String>, tiers: TierLimits, rate_per_minute: u32 },
    /// Would `amount` be allowed now? Changes nothing.
    Check { user: String, amount: u64, tiers: TierLimits },
    /// One user's usage.
    Usage { user: String, tiers: TierLimits },
    /// Put a user on a plan by hand (the route checks the plan exists).
    SetPlan { user: String, plan: String, tiers: TierLimits },
    /// Every user of this shard.
    List { tiers: TierLimits },
    /// Calls per day for the `days` days ending today (oldest first).
    Daily { days: u32 },
}

/// What a track call decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum TrackOutcome {
    /// Counted.
    Accepted { usage: Snapshot },
    /// Not counted: the tier limit for this period is reached.
    LimitExceeded { usage: Snapshot },
    /// Not counted: too many requests; retry after this many seconds.
    RateLimited { retry_after: u64 },
}

/// A shard's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MeterResponse {
    Track { outcome: TrackOutcome, replayed: bool },
    Check { allowed: bool, usage: Snapshot },
    Usage { usage: Snapshot },
    Users { users: Vec<Snapshot> },
    Daily { counts: Vec<(i64, u64)> },
}

/// A remembered track outcome for an idempotency key.
#[derive(Serialize, Deserialize)]
struct IdemRecord {
    expires_at_ms: i64,
    outcome: TrackOutcome,
}

fn corrupt(key: &str, e: serde_json::Error) -> PortError {
    PortError(format!("stored meter record {key} is unreadable: {e}"))
}

fn user_key(user: &str) -> String {
    format!("u:{user}")
}

fn idem_key(user: &str, key: &str) -> String {
    // A newline cannot occur in either part (both are printable ASCII), so pairs never collide.
    format!("i:{user}\n{key}")
}

fn day_key(day: i64) -> String {
    format!("d:{day}")
}

fn load_user(store: &dyn MeterStore, user: &str, now_ms: i64) -> Result<UserMeter, PortError> {
    let key = user_key(user);
    let mut m = match store.get(&key)? {
        Some(v) => serde_json::from_str(&v).map_err(|e| corrupt(&key, e))?,
        None => UserMeter::new(now_ms),
    };
    m.roll(now_ms);
    Ok(m)
}

fn save_user(store: &mut dyn MeterStore, user: &str, m: &UserMeter) -> Result<(), PortError> {
    let v = serde_json::to_string(m).map_err(|e| PortError(e.to_string()))?;
    store.put(&user_key(user), &v, None)
}

fn snapshot(user: &str, m: &UserMeter, tiers: &TierLimits) -> Snapshot {
    let plan = tiers.effective(m.plan.as_deref()).to_owned();
    Snapshot {
        limit: tiers.limit_of(&plan),
        plan,
        user_id: user.to_owned(),
        used: m.used,
        period: m.period,
        first_seen_ms: m.first_seen_ms,
        last_seen_ms: m.last_seen_ms,
    }
}

fn fits(used: u64, amount: u64, limit: Option<u64>) -> bool {
    limit.is_none_or(|l| used.saturating_add(amount) <= l)
}

fn add_to_day(store: &mut dyn MeterStore, now_ms: i64, amount: u64) -> Result<(), PortError> {
    let day = day_number(now_ms);
    let key = day_key(day);
    let current = match store.get(&key)? {
        Some(v) => v.parse::<u64>().map_err(|e| PortError(format!("day counter {key}: {e}")))?,
        None => {
            // First call of a new day: forget the day that just fell out of the kept range.
            store.delete(&day_key(day - DAYS_KEPT))?;
            0
        }
    };
    store.put(&key, &current.saturating_add(amount).to_string(), None)
}

fn maybe_purge(store: &mut dyn MeterStore, now_ms: i64) -> Result<(), PortError> {
    let last = store.get("m:purged")?.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    if now_ms - last >= PURGE_EVERY_MS {
        store.purge_expired(now_ms)?;
        store.put("m:purged", &now_ms.to_string(), None)?;
    }
    Ok(())
}

/// Applies one request to a shard's store at `now_ms`. Atomic as long as the caller runs
/// calls on a shard one at a time (a Durable Object does).
pub fn apply(store: &mut dyn MeterStore, req: &MeterRequest, now_ms: i64) -> Result<MeterResponse, PortError> {
    match req {
        MeterRequest::Track { user, amount, idempotency_key, tiers, rate_per_minute } => {
            if let Some(k) = idempotency_key {
                if let Some(prev) = store.get(&idem_key(user, k))? {
                    let rec: IdemRecord = serde_json::from_str(&prev).map_err(|e| corrupt("idempotency", e))?;
                    if rec.expires_at_ms > now_ms {
                        return Ok(MeterResponse::Track { outcome: rec.outcome, replayed: true });
                    }
                }
            }
            let mut m = load_user(store, user, now_ms)?;
            m.last_seen_ms = now_ms;
            let outcome = if let Err(retry_after) = m.rate.admit(*rate_per_minute, now_ms) {
                TrackOutcome::RateLimited { retry_after }
            } else {
                let limit = tiers.limit_of(tiers.effective(m.plan.as_deref()));
                if fits(m.used, *amount, limit) {
                    m.used += amount;
                    add_to_day(store, now_ms, *amount)?;
                    TrackOutcome::Accepted { usage: snapshot(user, &m, tiers) }
                } else {
                    TrackOutcome::LimitExceeded { usage: snapshot(user, &m, tiers) }
                }
            };
            save_user(store, user, &m)?;
            // A rate-limited attempt is transient: retrying with the same key must be able to succeed.
            if let (Some(k), false) = (idempotency_key, matches!(outcome, TrackOutcome::RateLimited { .. })) {
                let expires_at_ms = now_ms + IDEMPOTENCY_TTL_MS;
                let rec = IdemRecord { expires_at_ms, outcome: outcome.clone() };
                let v = serde_json::to_string(&rec).map_err(|e| PortError(e.to_string()))?;
                store.put(&idem_key(user, k), &v, Some(expires_at_ms))?;
                maybe_purge(store, now_ms)?;
            }
            Ok(MeterResponse::Track { outcome, replayed: false })
        }
        MeterRequest::Check { user, amount, tiers } => {
            let m = load_user(store, user, now_ms)?;
            let usage = snapshot(user, &m, tiers);
            Ok(MeterResponse::Check { allowed: fits(usage.used, *amount, usage.limit), usage })
        }
        MeterRequest::Usage { user, tiers } => {
            let m = load_user(store, user, now_ms)?;
            Ok(MeterResponse::Usage { usage: snapshot(user, &m, tiers) })
        }
        MeterRequest::SetPlan { user, plan, tiers } => {
            let mut m = load_user(store, user, now_ms)?;
            m.plan = Some(plan.clone());
            save_user(store, user, &m)?;
            Ok(MeterResponse::Usage { usage: snapshot(user, &m, tiers) })
        }
        MeterRequest::List { tiers } => {
            let mut users = Vec::new();
            for (key, v) in store.scan("u:")? {
                let mut m: UserMeter = serde_json::from_str(&v).map_err(|e| corrupt(&key, e))?;
                m.roll(now_ms);
                users.push(snapshot(&key[2..], &m, tiers));
            }
            Ok(MeterResponse::Users { users })
        }
        MeterRequest::Daily { days } => {
            let today = day_number(now_ms);
            let days = (*days as i64).clamp(1, DAYS_KEPT);
            let mut counts = Vec::with_capacity(days as usize);
            for day in today - days + 1..=today {
                let n = store.get(&day_key(day))?.and_then(|v| v.parse().ok()).unwrap_or(0);
                counts.push((day, n));
            }
            Ok(MeterResponse::Daily { counts })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemStore;
    use crate::tiers::Tier;

    const NOW: i64 = 1_795_000_000_000;

    fn tiers(free: Option<i64>) -> TierLimits {
        TierLimits::of(&[
            Tier { name: "free".into(), display_name: "Free".into(), limit: free, price_cents: 0, features: vec![] },
            Tier {
                name: "pro".into(),
                display_name: "Pro".into(),
                limit: Some(1000),
                price_cents: 900,
                features: vec![],
            },
        ])
    }

    fn track(
        store: &mut MemStore,
        user: &str,
        amount: u64,
        key: Option<&str>,
        limit: Option<i64>,
        now: i64,
    ) -> MeterResponse {
        let req = MeterRequest::Track {
            user: user.into(),
            amount,
            idempotency_key: key.map(str::to_owned),
            tiers: tiers(limit),
            rate_per_minute: 1_000_000,
        };
        apply(store, &req, now).unwrap()
    }

    fn accepted(r: &MeterResponse) -> bool {
        matches!(r, MeterResponse::Track { outcome: TrackOutcome::Accepted { .. }, .. })
    }

    #[test]
    fn counts_to_the_limit_and_not_beyond() {
        let mut s = MemStore::default();
        for i in 0..5 {
            assert!(accepted(&track(&mut s, "u1", 1, None, Some(5), NOW + i)));
        }
        let r = track(&mut s, "u1", 1, None, Some(5), NOW + 10);
        match r {
            MeterResponse::Track { outcome: TrackOutcome::LimitExceeded { usage }, .. } => {
                assert_eq!(usage.used, 5);
                assert_eq!(usage.remaining(), Some(0));
            }
            other => panic!("{other:?}"),
        }
        // An amount that would overshoot is refused whole.
        let mut s2 = MemStore::default();
        track(&mut s2, "u", 4, None, Some(5), NOW);
        assert!(!accepted(&track(&mut s2, "u", 2, None, Some(5), NOW)));
    }

    #[test]
    fn idempotent_replays_return_the_first_outcome() {
        let mut s = MemStore::default();
        let first = track(&mut s, "u1", 1, Some("k"), Some(5), NOW);
        let again = track(&mut s, "u1", 1, Some("k"), Some(5), NOW + 1000);
        match (&first, &again) {
            (
                MeterResponse::Track { outcome: a, replayed: false },
                MeterResponse::Track { outcome: b, replayed: true },
            ) => {
                assert_eq!(a, b)
            }
            other => panic!("{other:?}"),
        }
        let usage = apply(&mut s, &MeterRequest::Usage { user: "u1".into(), tiers: tiers(Some(5)) }, NOW).unwrap();
        assert!(matches!(usage, MeterResponse::Usage { usage } if usage.used == 1));
        // After 24 h the key is forgotten.
        assert!(accepted(&track(&mut s, "u1", 1, Some("k"), Some(5), NOW + IDEMPOTENCY_TTL_MS + 1)));
    }

    #[test]
    fn new_period_starts_from_zero() {
        let mut s = MemStore::default();
        track(&mut s, "u1", 5, None, Some(5), NOW);
        assert!(!accepted(&track(&mut s, "u1", 1, None, Some(5), NOW)));
        let next_month = month_of(NOW).end_ms;
        assert!(accepted(&track(&mut s, "u1", 1, None, Some(5), next_month)));
    }

    #[test]
    fn plan_change_moves_the_limit_and_check_changes_nothing() {
        let mut s = MemStore::default();
        track(&mut s, "u1", 5, None, Some(5), NOW);
        let check = MeterRequest::Check { user: "u1".into(), amount: 1, tiers: tiers(Some(5)) };
        assert!(matches!(apply(&mut s, &check, NOW).unwrap(), MeterResponse::Check { allowed: false, .. }));
        apply(&mut s, &MeterRequest::SetPlan { user: "u1".into(), plan: "pro".into(), tiers: tiers(Some(5)) }, NOW)
            .unwrap();
        assert!(
            matches!(apply(&mut s, &check, NOW).unwrap(), MeterResponse::Check { allowed: true, usage } if usage.used == 5)
        );
        assert!(accepted(&track(&mut s, "u1", 1, None, Some(5), NOW)));
    }

    #[test]
    fn rate_limit_refuses_without_counting() {
        let mut s = MemStore::default();
        let req = |k: &str| MeterRequest::Track {
            user: "u".into(),
            amount: 1,
            idempotency_key: Some(k.into()),
            tiers: tiers(None),
            rate_per_minute: 2,
        };
        assert!(accepted(&apply(&mut s, &req("a"), NOW).unwrap()));
        assert!(accepted(&apply(&mut s, &req("b"), NOW).unwrap()));
        let r = apply(&mut s, &req("c"), NOW).unwrap();
        assert!(matches!(r, MeterResponse::Track { outcome: TrackOutcome::RateLimited { .. }, .. }));
        // The refused key was not remembered: it succeeds once the window has passed.
        assert!(accepted(&apply(&mut s, &req("c"), NOW + 180_000).unwrap()));
    }

    #[test]
    fn daily_counts_and_listing() {
        let mut s = MemStore::default();
        track(&mut s, "a", 2, None, None, NOW);
        track(&mut s, "b", 3, None, None, NOW);
        track(&mut s, "b", 1, None, None, NOW + 86_400_000);
        let r = apply(&mut s, &MeterRequest::Daily { days: 3 }, NOW + 86_400_000).unwrap();
        match r {
            MeterResponse::Daily { counts } => {
                assert_eq!(counts.iter().map(|c| c.1).collect::<Vec<_>>(), vec![0, 5, 1])
            }
            other => panic!("{other:?}"),
        }
        match apply(&mut s, &MeterRequest::List { tiers: tiers(None) }, NOW).unwrap() {
            MeterResponse::Users { users } => {
                assert_eq!(
                    users.iter().map(|u| (u.user_id.as_str(), u.used)).collect::<Vec<_>>(),
                    vec![("a", 2), ("b", 4)]
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn shards_spread_users() {
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..200 {
            seen.insert(shard_of(&format!("user-{i}")));
        }
        assert_eq!(seen.len(), METER_SHARDS as usize);
        assert_eq!(shard_name("plt_x", Mode::Live, 3), "plt_x:live:03");
    }
}
