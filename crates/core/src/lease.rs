//! Allowance leases: a hot end user's tracks accepted in the isolate, exact against the limit.
//!
//! With an accepted track a shard may hand the calling isolate a lease of `amount` units (and
//! as many calls of the end user's rate window). The shard counts the whole lease as used at
//! once, so the limit check stays the object's and can never be passed: `used` already holds
//! every unit an isolate may still spend. The isolate then accepts that user's tracks itself
//! ([`LeaseBook::admit`]) until the lease is spent or expires, and hands back what it did not
//! use with its next call to the shard ([`LeaseBook::returns`]); the shard subtracts it. An
//! isolate that dies keeps its unused units counted: an over-count, never a lost increment.
//!
//! What may differ from the calls really made: the count a shard shows leads them by at most
//! the unused part of the leases outstanding (each ≤ [`MAX_LEASE`], served from for at most
//! [`LEASE_TTL_MS`], handed back with the holder's next call to the shard, and before any
//! read the holder makes of that user). Leases are granted only while at least
//! [`LEASE_FLOOR`] units of headroom remain under the limit and the rate alike, and never
//! more than a quarter of it, so the last thousand calls before a limit are counted one by
//! one in the object. Only users tracking at [`HOT_CALLS_PER_SECOND`] or more in one isolate
//! ask for leases; everyone else is counted call by call.
//!
//! The book also remembers a refusal (limit or rate) for at most [`REFUSAL_MEMORY_MS`], so a
//! client retrying in a loop is refused without a round trip; a plan change made through the
//! same isolate forgets it at once, one made elsewhere is seen within that bound.

use crate::meter::{add_to_day, day_key, load_user, save_user, MeterStore, Snapshot, TrackOutcome, UserMeter};
use crate::ports::PortError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How long an isolate may accept calls on a lease.
pub const LEASE_TTL_MS: i64 = 2_000;
/// How long after its end a lease's unused units can still be handed back.
pub const RETURN_WINDOW_MS: i64 = 60_000;
/// The most units one lease holds.
pub const MAX_LEASE: u64 = 1_000;
/// Headroom (limit and rate) below which no lease is granted.
pub const LEASE_FLOOR: u64 = 1_000;
/// An end user tracking this often in one isolate is hot: their calls ask for leases.
pub const HOT_CALLS_PER_SECOND: u64 = 5;
/// How long a refusal is repeated without asking the shard again.
pub const REFUSAL_MEMORY_MS: i64 = 1_000;
/// Users an isolate keeps call rates and refusals for (it starts over when full).
const MAX_TRACKED: usize = 10_000;
/// Leases an isolate holds at most; past it, no more are asked for.
const MAX_HELD: usize = 1_000;

/// Allowance a shard handed to an isolate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    /// Per user, from the user's meter.
    pub id: u64,
    /// Units (and calls of the rate window) the isolate may accept.
    pub amount: u64,
    /// When the isolate must stop accepting calls on it.
    pub expires_ms: i64,
}

/// What an isolate used of a lease it gives up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaseReturn {
    pub user: String,
    pub id: u64,
    pub used_amount: u64,
    pub used_calls: u64,
}

/// The units to lease out of `reserve` asked for, given the headroom left under the limit
/// (`None`: unlimited) and the rate after the call itself was counted.
pub fn grant_size(reserve: u64, remaining: Option<u64>, rate_headroom: u64) -> u64 {
    let share = |room: u64| if room < LEASE_FLOOR { 0 } else { room / 4 };
    let n = reserve.min(MAX_LEASE).min(share(rate_headroom));
    remaining.map_or(n, |r| n.min(share(r)))
}

/// A lease as the shard remembers it until it is handed back.
#[derive(Serialize, Deserialize)]
struct LeaseRecord {
    amount: u64,
    granted_ms: i64,
    period_start_ms: i64,
    window_start_ms: i64,
}

/// Where a user's lease records start: `l:<user>\n`.
pub(crate) fn records_of(user: &str) -> String {
    format!("l:{user}\n")
}

fn record_key(user: &str, id: u64) -> String {
    format!("{}{id}", records_of(user))
}

/// Leases up to `reserve` units to the caller of an accepted track, counting them as used
/// in `m` (the caller saves `m` and adds the answer's `amount` to the day's total).
pub(crate) fn grant(
    store: &mut dyn MeterStore,
    user: &str,
    m: &mut UserMeter,
    reserve: u64,
    limit: Option<u64>,
    rate_per_minute: u32,
    now_ms: i64,
) -> Result<Option<Lease>, PortError> {
    let remaining = limit.map(|l| l.saturating_sub(m.used));
    let amount = grant_size(reserve, remaining, m.rate.headroom(rate_per_minute, now_ms));
    if amount == 0 {
        return Ok(None);
    }
    m.used = m.used.saturating_add(amount);
    m.rate.reserve(amount);
    m.lease_seq = m.lease_seq.saturating_add(1);
    let rec = LeaseRecord {
        amount,
        granted_ms: now_ms,
        period_start_ms: m.period.start_ms,
        window_start_ms: m.rate.start_ms,
    };
    let kept_until = now_ms.saturating_add(LEASE_TTL_MS + RETURN_WINDOW_MS);
    let v = serde_json::to_string(&rec).map_err(|e| PortError(e.to_string()))?;
    store.put(&record_key(user, m.lease_seq), &v, Some(kept_until))?;
    Ok(Some(Lease { id: m.lease_seq, amount, expires_ms: now_ms.saturating_add(LEASE_TTL_MS) }))
}

/// Takes back what the holders of `returns` did not use of their leases.
pub(crate) fn take_back(store: &mut dyn MeterStore, returns: &[LeaseReturn], now_ms: i64) -> Result<(), PortError> {
    returns.iter().try_for_each(|r| take_back_one(store, r, now_ms))
}

/// Takes back what a lease's holder did not use: once (a lease no longer on record, or
/// handed back too late, changes nothing and stays counted in full).
fn take_back_one(store: &mut dyn MeterStore, ret: &LeaseReturn, now_ms: i64) -> Result<(), PortError> {
    let key = record_key(&ret.user, ret.id);
    let Some(v) = store.get(&key)? else { return Ok(()) };
    let rec: LeaseRecord =
        serde_json::from_str(&v).map_err(|e| PortError(format!("stored lease {key:?} is unreadable: {e}")))?;
    store.delete(&key)?;
    if now_ms > rec.granted_ms.saturating_add(LEASE_TTL_MS + RETURN_WINDOW_MS) {
        return Ok(());
    }
    let unused_amount = rec.amount - ret.used_amount.min(rec.amount);
    let unused_calls = rec.amount - ret.used_calls.min(rec.amount);
    if unused_amount == 0 && unused_calls == 0 {
        return Ok(());
    }
    let mut m = load_user(store, &ret.user, now_ms)?;
    if m.period.start_ms == rec.period_start_ms && unused_amount > 0 {
        m.used = m.used.saturating_sub(unused_amount);
        add_to_day(store, day_key, rec.granted_ms, -i64::try_from(unused_amount).unwrap_or(i64::MAX))?;
    }
    m.rate.give_back(unused_calls, rec.window_start_ms, now_ms);
    save_user(store, &ret.user, &mut m)
}

/// A lease an isolate holds.
#[derive(Debug, Clone)]
struct Held {
    user: String,
    id: u64,
    amount_left: u64,
    calls_left: u64,
    used_amount: u64,
    used_calls: u64,
    expires_ms: i64,
    /// The usage the shard answered with the lease (its `used` includes the whole lease; an
    /// answer shows it less the units still unused here).
    usage: Snapshot,
}

impl Held {
    fn spent(&self, now_ms: i64) -> bool {
        now_ms >= self.expires_ms || self.amount_left == 0 || self.calls_left == 0
    }

    fn handed_back(self) -> LeaseReturn {
        LeaseReturn { user: self.user, id: self.id, used_amount: self.used_amount, used_calls: self.used_calls }
    }
}

/// Calls in the current and the previous second.
#[derive(Debug, Clone, Copy)]
struct Heat {
    second: i64,
    this: u64,
    last: u64,
}

#[derive(Debug, Clone)]
struct Refusal {
    until_ms: i64,
    amount: u64,
    /// When a rate refusal's wait ends.
    retry_at_ms: i64,
    outcome: TrackOutcome,
}

/// Which leases of a shard to hand back.
#[derive(Debug, Clone, Copy)]
pub enum Giving<'a> {
    /// Spent or expired ones (before a track).
    Spent,
    /// Those, and every lease of this user (before reading the user's usage).
    AndUser(&'a str),
    /// Every lease on the shard (before paging its users or summing up its stats).
    All,
}

/// One isolate's leases, call rates and recent refusals, by shard and user.
#[derive(Debug, Default)]
pub struct LeaseBook {
    held: HashMap<String, Vec<Held>>,
    heat: HashMap<String, Heat>,
    refusals: HashMap<String, Refusal>,
}

fn user_key(shard: &str, user: &str) -> String {
    format!("{shard}\n{user}")
}

impl LeaseBook {
    /// Notes a track of `amount` for `user` and decides it here if the book can: a refusal
    /// remembered, or acceptance on a live lease. `None`: ask the shard.
    pub fn admit(&mut self, shard: &str, user: &str, amount: u64, now_ms: i64) -> Option<TrackOutcome> {
        let key = user_key(shard, user);
        if self.heat.len() >= MAX_TRACKED && !self.heat.contains_key(&key) {
            self.heat.clear();
        }
        let second = now_ms.div_euclid(1000);
        let h = self.heat.entry(key.clone()).or_insert(Heat { second, this: 0, last: 0 });
        if h.second != second {
            h.last = if h.second + 1 == second { h.this } else { 0 };
            h.this = 0;
            h.second = second;
        }
        h.this = h.this.saturating_add(1);
        if let Some(r) = self.refusals.get(&key) {
            if now_ms < r.until_ms {
                match &r.outcome {
                    TrackOutcome::RateLimited { .. } => {
                        let wait_ms = (r.retry_at_ms - now_ms).max(1);
                        return Some(TrackOutcome::RateLimited { retry_after: ((wait_ms + 999) / 1000) as u64 });
                    }
                    refused if amount >= r.amount => return Some(refused.clone()),
                    _ => {}
                }
            } else {
                self.refusals.remove(&key);
            }
        }
        let lease = self
            .held
            .get_mut(shard)?
            .iter_mut()
            .find(|l| l.user == user && !l.spent(now_ms) && l.amount_left >= amount && l.calls_left >= 1)?;
        lease.amount_left -= amount;
        lease.calls_left -= 1;
        lease.used_amount = lease.used_amount.saturating_add(amount);
        lease.used_calls = lease.used_calls.saturating_add(1);
        let mut usage = lease.usage.clone();
        usage.used = usage.used.saturating_sub(lease.amount_left);
        Some(TrackOutcome::Accepted { usage })
    }

    /// The lease to ask for with `user`'s next track: about [`LEASE_TTL_MS`] of their calls
    /// when they are hot in this isolate, else nothing.
    pub fn want(&self, shard: &str, user: &str, now_ms: i64) -> u64 {
        if self.held.values().map(Vec::len).sum::<usize>() >= MAX_HELD {
            return 0;
        }
        let Some(h) = self.heat.get(&user_key(shard, user)) else { return 0 };
        let per_second = if h.second == now_ms.div_euclid(1000) { h.this.max(h.last) } else { 0 };
        if per_second < HOT_CALLS_PER_SECOND {
            return 0;
        }
        per_second.saturating_mul(LEASE_TTL_MS as u64 / 1000).min(MAX_LEASE)
    }

    /// Keeps a lease the shard granted with `usage` (whose `used` counts the whole lease);
    /// answers the usage to show for the call that brought it: without the units unused here.
    pub fn hold(&mut self, shard: &str, user: &str, lease: Lease, usage: Snapshot) -> Snapshot {
        let mut shown = usage.clone();
        shown.used = shown.used.saturating_sub(lease.amount);
        let held = Held {
            user: user.to_owned(),
            id: lease.id,
            amount_left: lease.amount,
            calls_left: lease.amount,
            used_amount: 0,
            used_calls: 0,
            expires_ms: lease.expires_ms,
            usage,
        };
        self.held.entry(shard.to_owned()).or_default().push(held);
        shown
    }

    /// Gives up the leases of `shard` that `which` names; send the answer to the shard.
    pub fn returns(&mut self, shard: &str, which: Giving<'_>, now_ms: i64) -> Vec<LeaseReturn> {
        let Some(held) = self.held.get_mut(shard) else { return vec![] };
        let (give, keep): (Vec<Held>, Vec<Held>) = held.drain(..).partition(|l| match which {
            Giving::Spent => l.spent(now_ms),
            Giving::AndUser(u) => l.spent(now_ms) || l.user == u,
            Giving::All => true,
        });
        if keep.is_empty() {
            self.held.remove(shard);
        } else {
            *held = keep;
        }
        give.into_iter().map(Held::handed_back).collect()
    }

    /// Remembers a refusal of `amount` for `user` (limit or rate; other outcomes are ignored).
    pub fn refused(&mut self, shard: &str, user: &str, amount: u64, outcome: &TrackOutcome, now_ms: i64) {
        let soon = now_ms.saturating_add(REFUSAL_MEMORY_MS);
        let (until_ms, retry_at_ms) = match outcome {
            TrackOutcome::LimitExceeded { usage } => (soon.min(usage.period.end_ms), 0),
            TrackOutcome::RateLimited { retry_after } => {
                let at = now_ms.saturating_add(i64::try_from(*retry_after).unwrap_or(i64::MAX).saturating_mul(1000));
                (soon.min(at), at)
            }
            _ => return,
        };
        if self.refusals.len() >= MAX_TRACKED {
            self.refusals.clear();
        }
        self.refusals
            .insert(user_key(shard, user), Refusal { until_ms, amount, retry_at_ms, outcome: outcome.clone() });
    }

    /// Forgets a refusal of `user` (their plan just changed through this isolate).
    pub fn forget(&mut self, shard: &str, user: &str) {
        self.refusals.remove(&user_key(shard, user));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemStore;
    use crate::meter::{apply, MeterRequest, MeterResponse};
    use crate::tiers::TierLimits;

    const NOW: i64 = 1_795_000_000_000;
    const SHARD: &str = "p:test:usage:0";

    fn tiers(limit: Option<u64>) -> TierLimits {
        TierLimits { default_tier: "free".into(), limits: [("free".into(), limit)].into(), meter: None, alerts: vec![] }
    }

    fn track(s: &mut MemStore, reserve: u64, returns: Vec<LeaseReturn>, limit: Option<u64>, now: i64) -> MeterResponse {
        let req = MeterRequest::Track {
            user: "u".into(),
            amount: 1,
            idempotency_key: None,
            tiers: tiers(limit),
            rate_per_minute: 1_000_000,
            reserve,
            returns,
        };
        apply(s, &req, now).unwrap_or_else(|e| panic!("{e}"))
    }

    fn granted(r: &MeterResponse) -> (u64, Option<Lease>) {
        match r {
            MeterResponse::Track { outcome: TrackOutcome::Accepted { usage }, lease, .. } => {
                (usage.used, lease.clone())
            }
            other => panic!("{other:?}"),
        }
    }

    fn used(s: &mut MemStore, now: i64) -> u64 {
        match apply(s, &MeterRequest::Usage { user: "u".into(), tiers: tiers(None), guard: None }, now) {
            Ok(MeterResponse::Usage { usage }) => usage.used,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn grants_only_from_ample_headroom_and_never_more_than_a_quarter() {
        assert_eq!(grant_size(500, None, 1_000_000), 500);
        assert_eq!(grant_size(5_000, None, 1_000_000), MAX_LEASE);
        assert_eq!(grant_size(500, Some(LEASE_FLOOR - 1), 1_000_000), 0);
        assert_eq!(grant_size(500, Some(1_200), 1_000_000), 300);
        assert_eq!(grant_size(500, None, 999), 0, "the rate's headroom counts too");
    }

    #[test]
    fn a_lease_counts_as_used_until_its_unused_part_is_handed_back_once() {
        let mut s = MemStore::default();
        let (u, lease) = granted(&track(&mut s, 100, vec![], None, NOW));
        let lease = lease.unwrap_or_else(|| panic!("no lease"));
        assert_eq!((u, lease.amount), (101, 100));
        let back = LeaseReturn { user: "u".into(), id: lease.id, used_amount: 40, used_calls: 40 };
        apply(&mut s, &MeterRequest::Settle { returns: vec![back.clone()] }, NOW + 10)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(used(&mut s, NOW + 10), 41);
        // Handing it back twice changes nothing.
        apply(&mut s, &MeterRequest::Settle { returns: vec![back] }, NOW + 20).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(used(&mut s, NOW + 20), 41);
    }

    #[test]
    fn a_lease_handed_back_too_late_or_in_another_period_stays_counted() {
        let mut s = MemStore::default();
        let (_, lease) = granted(&track(&mut s, 100, vec![], None, NOW));
        let id = lease.map(|l| l.id).unwrap_or_default();
        let back = LeaseReturn { user: "u".into(), id, used_amount: 0, used_calls: 0 };
        let late = NOW + LEASE_TTL_MS + RETURN_WINDOW_MS + 1;
        granted(&track(&mut s, 0, vec![back], None, late));
        assert_eq!(used(&mut s, late), 102);
    }

    #[test]
    fn no_lease_near_the_limit_so_the_last_calls_are_counted_one_by_one() {
        let mut s = MemStore::default();
        let (_, lease) = granted(&track(&mut s, 100, vec![], Some(LEASE_FLOOR), NOW));
        assert_eq!(lease, None);
    }

    fn usage(used: u64) -> Snapshot {
        Snapshot {
            user_id: "u".into(),
            plan: "free".into(),
            used,
            limit: None,
            period: crate::period::month_of(NOW),
            first_seen_ms: NOW,
            last_seen_ms: NOW,
            subscription: None,
            pending_cancels: vec![],
            scheduled: None,
            profile: None,
            meter: None,
            meters: Default::default(),
        }
    }

    #[test]
    fn the_book_serves_a_live_lease_then_hands_back_what_it_used() {
        let mut book = LeaseBook::default();
        // The call that brought the lease shows the count without the 3 units unused here.
        let shown = book.hold(SHARD, "u", Lease { id: 1, amount: 3, expires_ms: NOW + 100 }, usage(4));
        assert_eq!(shown.used, 1);
        assert!(matches!(book.admit(SHARD, "u", 2, NOW), Some(TrackOutcome::Accepted { usage }) if usage.used == 3));
        assert_eq!(book.admit(SHARD, "u", 2, NOW), None, "only 1 unit left");
        assert!(matches!(book.admit(SHARD, "u", 1, NOW), Some(TrackOutcome::Accepted { usage }) if usage.used == 4));
        assert_eq!(book.admit(SHARD, "other", 1, NOW), None);
        let back = book.returns(SHARD, Giving::Spent, NOW);
        assert_eq!(back, vec![LeaseReturn { user: "u".into(), id: 1, used_amount: 3, used_calls: 2 }]);
        assert!(book.returns(SHARD, Giving::All, NOW).is_empty());
    }

    #[test]
    fn an_expired_lease_is_not_served_and_a_read_takes_the_users_leases_back() {
        let mut book = LeaseBook::default();
        book.hold(SHARD, "u", Lease { id: 1, amount: 10, expires_ms: NOW + 100 }, usage(11));
        book.hold(SHARD, "v", Lease { id: 1, amount: 10, expires_ms: NOW + 100 }, usage(11));
        assert_eq!(book.admit(SHARD, "u", 1, NOW + 100), None);
        assert_eq!(book.returns(SHARD, Giving::AndUser("v"), NOW).len(), 1);
        assert_eq!(book.returns(SHARD, Giving::Spent, NOW + 100).len(), 1);
    }

    #[test]
    fn only_a_hot_user_asks_for_a_lease() {
        let mut book = LeaseBook::default();
        for _ in 0..HOT_CALLS_PER_SECOND - 1 {
            book.admit(SHARD, "u", 1, NOW);
        }
        assert_eq!(book.want(SHARD, "u", NOW), 0);
        book.admit(SHARD, "u", 1, NOW);
        assert_eq!(book.want(SHARD, "u", NOW), HOT_CALLS_PER_SECOND * (LEASE_TTL_MS as u64 / 1000));
        assert_eq!(book.want(SHARD, "u", NOW + 2_000), 0, "cooled down");
    }

    #[test]
    fn a_refusal_is_remembered_for_its_bound_and_a_smaller_amount_is_asked_again() {
        let mut book = LeaseBook::default();
        let refused = TrackOutcome::LimitExceeded { usage: usage(10) };
        book.refused(SHARD, "u", 5, &refused, NOW);
        assert_eq!(book.admit(SHARD, "u", 5, NOW + 1), Some(refused.clone()));
        assert_eq!(book.admit(SHARD, "u", 4, NOW + 1), None);
        assert_eq!(book.admit(SHARD, "u", 5, NOW + REFUSAL_MEMORY_MS), None);
        book.refused(SHARD, "u", 1, &TrackOutcome::RateLimited { retry_after: 30 }, NOW);
        assert_eq!(book.admit(SHARD, "u", 1, NOW + 500), Some(TrackOutcome::RateLimited { retry_after: 30 }));
        book.forget(SHARD, "u");
        assert_eq!(book.admit(SHARD, "u", 1, NOW + 500), None);
    }
}
