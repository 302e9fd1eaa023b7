//! The usage meter: exact per-end-user counters, rate windows and idempotency records.
//!
//! Pure logic over a synchronous [`MeterStore`]: the Durable Object shell runs it over its
//! SQLite storage (one object per shard, single-threaded, so each call is atomic), the
//! native tests over a map. End users are spread over [`METER_SHARDS`] objects per platform
//! and mode so that one busy platform is not capped by one object's write rate.

use crate::billing::{
    order, Billing, BillingChange, BillingOutcome, OpenCheckout, PendingCancel, ScheduledChange, Subscription,
    EVENT_MEMORY_MS,
};
use crate::customer::{self, CustomerChange, CustomerOutcome, Profile};
use crate::lease::{self, Lease, LeaseReturn};
use crate::period::{day_number, Period};
use crate::ports::PortError;
use crate::rate_limit::{CallKind, Guard, RateWindow};
use crate::tiers::{TierLimits, MAIN_METER};
use crate::webhook_events::{self, Origin, UsageFacts, WebhookEvent};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Meter shards per platform and mode.
pub const METER_SHARDS: u32 = 16;
/// How long an idempotency key is remembered.
pub const IDEMPOTENCY_TTL_MS: i64 = 24 * 3_600_000;
/// Days of per-day call counts kept per shard.
pub const DAYS_KEPT: i64 = 90;
const PURGE_EVERY_MS: i64 = 3_600_000;

/// The shard an end user's counters live in.
pub fn shard_of(user_id: &str) -> u32 {
    crate::hash::fnv1a(user_id) % METER_SHARDS
}

/// Figures of one end user's stored meter that a shard's stats count, sum and rank by: kept
/// beside the row (SQL columns) so stats need not decode every user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserFigures {
    pub used: u64,
    pub period_end_ms: i64,
    pub subscribed: bool,
}

impl UserFigures {
    fn of(m: &UserMeter) -> Self {
        UserFigures { used: m.used, period_end_ms: m.period.end_ms, subscribed: m.billing.subscription.is_some() }
    }
}

/// A shard's user figures: the top users' rows (by this period's calls) and the rows of
/// users with a subscription.
#[derive(Debug, Default)]
pub struct ShardFigures {
    pub top: Vec<(String, String)>,
    pub subscribed: Vec<(String, String)>,
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
    /// Removes every entry.
    fn clear(&mut self) -> Result<(), PortError> {
        for (k, _) in self.scan("")? {
            self.delete(&k)?;
        }
        Ok(())
    }
    /// The first `limit` entries, in key order, whose key is `prefix` + a name that sorts
    /// after `after` and contains `contains`: one bounded range read where the store can.
    fn page(
        &self,
        prefix: &str,
        after: &str,
        contains: &str,
        limit: usize,
    ) -> Result<Vec<(String, String)>, PortError> {
        let start = format!("{prefix}{after}");
        Ok(self
            .scan(prefix)?
            .into_iter()
            .filter(|(k, _)| k.as_str() > start.as_str() && k[prefix.len()..].contains(contains))
            .take(limit)
            .collect())
    }
    /// How many keys are `prefix` + a name containing `contains` (no value is read where
    /// the store can count).
    fn count(&self, prefix: &str, contains: &str) -> Result<u64, PortError> {
        Ok(self.scan(prefix)?.iter().filter(|(k, _)| k[prefix.len()..].contains(contains)).count() as u64)
    }
    /// Stores an end user's meter with its [`UserFigures`].
    fn put_user(&mut self, key: &str, value: &str, _figures: UserFigures) -> Result<(), PortError> {
        self.put(key, value, None)
    }
    /// The figures of the users under `prefix` at `now_ms`: the `top` users by this
    /// period's calls: from the kept figures where the store can (an index walk that stops at
    /// `top`), without decoding every user.
    fn user_figures(&self, prefix: &str, now_ms: i64, top: usize) -> Result<ShardFigures, PortError> {
        let mut out = ShardFigures::default();
        let mut ranked = Vec::new();
        for (k, v) in self.scan(prefix)? {
            let m: UserMeter = serde_json::from_str(&v).map_err(|e| corrupt(&k, e))?;
            let f = UserFigures::of(&m);
            if f.period_end_ms > now_ms {
                ranked.push((f.used, k.clone(), v.clone()));
            }
            if f.subscribed {
                out.subscribed.push((k, v));
            }
        }
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        out.top = ranked.into_iter().take(top).map(|(_, k, v)| (k, v)).collect();
        Ok(out)
    }
    /// Adds `amount` to the integer under `key` (0 when absent) and answers the new value: one
    /// statement where the store can (SQLite's upsert), a read and a write otherwise.
    fn add(&mut self, key: &str, amount: i64) -> Result<i64, PortError> {
        let current = match self.get(key)? {
            Some(v) => v.parse::<i64>().map_err(|e| PortError(format!("counter {key}: {e}")))?,
            None => 0,
        };
        let total = current.saturating_add(amount);
        self.put(key, &total.to_string(), None)?;
        Ok(total)
    }
}

/// One end user's stored meter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserMeter {
    /// Plan set for this user; `None` means the platform's default tier.
    pub plan: Option<String>,
    pub period: Period,
    pub used: u64,
    pub rate: RateWindow,
    /// Windows of the end user's reads and Stripe-calling requests (absent in older records).
    #[serde(default)]
    pub reads: RateWindow,
    #[serde(default)]
    pub stripe_calls: RateWindow,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
    /// Stripe customer and subscription (absent in records written before billing existed).
    #[serde(default)]
    pub billing: Billing,
    /// The last lease id handed out for this user (see `lease`).
    #[serde(default)]
    pub lease_seq: u64,
    /// What the developer told dream-api about this user (the customers API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// This period's counts of the tier's named meters (`Tier::meters`), by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meters: BTreeMap<String, u64>,
    /// The usage alerts already reported this period, by meter (`api_calls`: the main one).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub alerted: BTreeMap<String, AlertMarks>,
    /// Not stored yet: saving it adds one to the shard's count of users.
    #[serde(skip)]
    fresh: bool,
}

impl UserMeter {
    fn new(now_ms: i64) -> Self {
        let billing = Billing::default();
        UserMeter {
            plan: None,
            period: billing.period_at(now_ms),
            used: 0,
            rate: RateWindow::default(),
            reads: RateWindow::default(),
            stripe_calls: RateWindow::default(),
            first_seen_ms: now_ms,
            last_seen_ms: now_ms,
            billing,
            // Lease ids of a user deleted and made again must not meet the old ones' returns.
            lease_seq: u64::try_from(now_ms).unwrap_or(0),
            profile: None,
            meters: BTreeMap::new(),
            alerted: BTreeMap::new(),
            fresh: true,
        }
    }

    /// Moves to the period containing `now_ms` (the subscription's, or the calendar
    /// month's), counting from zero when that is a different period.
    fn roll(&mut self, now_ms: i64) {
        let period = self.billing.period_at(now_ms);
        if period.start_ms != self.period.start_ms {
            self.period = period;
            self.used = 0;
            self.meters.clear();
            self.alerted.clear();
        } else {
            self.period = period;
        }
    }

    /// The plan in force: a paid subscription's tier, else the plan set by hand.
    fn plan_at(&self, now_ms: i64) -> Option<&str> {
        self.billing.tier_at(now_ms).or(self.plan.as_deref())
    }
}

/// What one meter of an end user has reported this period, under one limit: the alert
/// percentages crossed and whether a track was refused at the limit. A different limit (a
/// plan change) starts them afresh; a new period clears them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertMarks {
    pub limit: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sent: Vec<u8>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refused: bool,
}

/// The usage events a track makes: each alert percentage its count crossed (from `before`),
/// or the limit's first refusal; each once per meter, period and limit.
fn usage_events(
    origin: &Origin,
    user: &str,
    m: &mut UserMeter,
    tiers: &TierLimits,
    before: u64,
    outcome: &TrackOutcome,
    now_ms: i64,
) -> Vec<WebhookEvent> {
    let usage = match outcome {
        TrackOutcome::Accepted { usage } | TrackOutcome::LimitExceeded { usage } => usage,
        _ => return vec![],
    };
    let Some(limit) = usage.limit else { return vec![] };
    let meter = tiers.meter.as_deref().unwrap_or(MAIN_METER);
    let marks = m.alerted.entry(meter.to_owned()).or_default();
    if marks.limit != limit {
        *marks = AlertMarks { limit, ..AlertMarks::default() };
    }
    let after = match &tiers.meter {
        Some(name) => m.meters.get(name).copied().unwrap_or(0),
        None => m.used,
    };
    let facts = UsageFacts { user, meter, plan: &usage.plan, used: after, limit, period: m.period };
    let mut out = Vec::new();
    if let TrackOutcome::LimitExceeded { .. } = outcome {
        if !marks.refused {
            marks.refused = true;
            out.push(webhook_events::usage_event(origin, &facts, None, now_ms));
        }
        return out;
    }
    for p in webhook_events::crossed(before, after, limit, &tiers.alerts) {
        if !marks.sent.contains(&p) {
            marks.sent.push(p);
            out.push(webhook_events::usage_event(origin, &facts, Some(p), now_ms));
        }
    }
    out
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
    /// The end user's Stripe subscription, if they ever had one.
    #[serde(default)]
    pub subscription: Option<Subscription>,
    /// Replaced subscriptions still to be canceled at Stripe.
    #[serde(default)]
    pub pending_cancels: Vec<PendingCancel>,
    /// A tier change waiting for the period end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled: Option<ScheduledChange>,
    /// What the developer told dream-api about this user, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// The named meter `used` and `limit` are of; `None`: the main meter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meter: Option<String>,
    /// This period's counts of every named meter the user has used.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meters: BTreeMap<String, u64>,
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
    /// Count `amount` on the meter `tiers` are of, if its limit and the rate limit allow it;
    /// lease up to `reserve` more of the main meter to the caller when it is counted; first
    /// take back the leases in `returns`.
    Track {
        user: String,
        amount: u64,
        idempotency_key: Option<String>,
        tiers: TierLimits,
        rate_per_minute: u32,
        #[serde(default, skip_serializing_if = "is_zero")]
        reserve: u64,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        returns: Vec<LeaseReturn>,
    },
    /// Takes back the unused part of leases (before a read of the users they were for).
    Settle {
        returns: Vec<LeaseReturn>,
    },
    /// Would `amount` be allowed now? Changes nothing but the `guard`'s window.
    Check {
        user: String,
        amount: u64,
        tiers: TierLimits,
        #[serde(default)]
        guard: Option<Guard>,
    },
    /// One user's usage (an end user's own call carries a `guard`; the developer's does not).
    Usage {
        user: String,
        tiers: TierLimits,
        #[serde(default)]
        guard: Option<Guard>,
    },
    /// Put a user on a plan by hand (the route checks the plan exists).
    SetPlan {
        user: String,
        plan: String,
        tiers: TierLimits,
    },
    /// Creates a customer record (`crate::customer`).
    CreateCustomer {
        user: String,
        profile: Profile,
        plan: Option<String>,
        tiers: TierLimits,
    },
    /// A stored end user, without creating one.
    Customer {
        user: String,
        tiers: TierLimits,
    },
    UpdateCustomer {
        user: String,
        change: CustomerChange,
        tiers: TierLimits,
    },
    /// Removes an end user, unless a subscription still bills them.
    DeleteCustomer {
        user: String,
        tiers: TierLimits,
    },
    /// Up to `limit` users whose id sorts after `after` and contains `search`, by id, and how
    /// many users match `search` in all.
    Page {
        tiers: TierLimits,
        #[serde(default)]
        after: String,
        #[serde(default)]
        search: String,
        limit: u32,
    },
    /// Calls and revenue per day for the `days` days ending today (oldest first).
    Daily {
        days: u32,
    },
    /// The shard's part of a platform's stats: users, this month's calls, the `top` users,
    /// the subscriptions, and calls and revenue per day — without reading every user.
    Stats {
        tiers: TierLimits,
        days: u32,
        top: u32,
    },
    /// Applies a Stripe event to an end user, once, never letting older state win.
    ApplyBilling {
        user: String,
        event_id: String,
        /// The event's `created`, in seconds.
        event_created: i64,
        change: BillingChange,
        /// The subscription was just re-fetched from Stripe: it wins a same-second tie.
        authoritative: bool,
        tiers: TierLimits,
    },
    /// Records the outcome of canceling a replaced subscription at Stripe (`error`: why it
    /// failed; `None`: done).
    SettleCancel {
        user: String,
        subscription: String,
        error: Option<String>,
        tiers: TierLimits,
    },
    /// Records the Checkout Session just opened for a user as their one open checkout.
    RecordCheckout {
        user: String,
        checkout: OpenCheckout,
    },
    /// The platform's project was deleted: every end user's records go, and every later
    /// call is answered [`MeterResponse::Closed`].
    Close,
    /// Stripe's answer to a plan change dream-api asked for (the subscription as it now is),
    /// and the change it scheduled for the period end (`None`: none waits). Applied at once
    /// so the new limit holds before Stripe's event arrives; it moves no event ordering
    /// (the event, when it comes, carries the same state or newer).
    PlanChanged {
        user: String,
        subscription: Subscription,
        scheduled: Option<ScheduledChange>,
        tiers: TierLimits,
    },
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
    /// Not counted: the idempotency key was first used for a different amount.
    KeyReused,
}

/// A shard's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MeterResponse {
    Track {
        outcome: TrackOutcome,
        replayed: bool,
        /// Allowance leased to the caller with an accepted call.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lease: Option<Lease>,
    },
    Settled,
    Check {
        allowed: bool,
        usage: Snapshot,
    },
    Usage {
        usage: Snapshot,
    },
    Customer {
        outcome: CustomerOutcome,
    },
    Page {
        users: Vec<Snapshot>,
        /// Users of the shard matching the search.
        matching: u64,
    },
    /// The call's guard refused it: retry after this many seconds. Nothing else changed.
    RateLimited {
        retry_after: u64,
    },
    Stats {
        users: u64,
        /// Calls this calendar month (UTC), from the per-day totals.
        used_this_month: u64,
        top: Vec<Snapshot>,
        subscriptions: Vec<Subscription>,
        counts: Vec<(i64, u64)>,
        revenue: Vec<(i64, i64)>,
    },
    Daily {
        counts: Vec<(i64, u64)>,
        /// Paid invoice amounts per day (smallest currency unit).
        #[serde(default)]
        revenue: Vec<(i64, i64)>,
    },
    /// The checkout a newly recorded one supersedes, if it could still be paid.
    Checkout {
        superseded: Option<String>,
    },
    Billing {
        outcome: BillingOutcome,
        usage: Snapshot,
        /// Replaced subscriptions still to be canceled at Stripe (this event's, and any
        /// earlier one's whose cancel failed): the caller cancels each and settles it.
        #[serde(default)]
        to_cancel: Vec<String>,
    },
    /// The shard's project was deleted ([`MeterRequest::Close`]).
    Closed,
}

/// Marks a shard whose project was deleted.
const CLOSED: &str = "a:closed";
/// What [`load_user`] fails with on a closed shard ([`apply`] answers `Closed`).
const SHARD_CLOSED: &str = "the shard's project was deleted";

/// A remembered track outcome for an idempotency key.
#[derive(Serialize, Deserialize)]
struct IdemRecord {
    expires_at_ms: i64,
    outcome: TrackOutcome,
    /// The amount first tracked under the key (absent in records written before it was kept).
    #[serde(default)]
    amount: Option<u64>,
    /// The named meter it was tracked on (`None`: the main meter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    meter: Option<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn corrupt(key: &str, e: serde_json::Error) -> PortError {
    PortError(format!("stored meter record {key} is unreadable: {e}"))
}

/// Where users' meters are stored in a shard: `u:<user id>`.
const USER_PREFIX: &str = "u:";
/// The shard's running count of users.
const USERS_KEY: &str = "a:users";
/// The most users one page request reads from a shard.
pub const MAX_PAGE_ROWS: usize = 1_000;

fn user_key(user: &str) -> String {
    format!("{USER_PREFIX}{user}")
}

fn idem_key(user: &str, key: &str) -> String {
    // A newline cannot occur in either part (both are printable ASCII), so pairs never collide.
    format!("{}{key}", idem_records_of(user))
}

/// Where a user's idempotency records start: `i:<user>\n`.
fn idem_records_of(user: &str) -> String {
    format!("i:{user}\n")
}

pub(crate) fn day_key(day: i64) -> String {
    format!("d:{day}")
}

pub(crate) fn revenue_key(day: i64) -> String {
    format!("r:{day}")
}

fn event_key(event_id: &str) -> String {
    format!("e:{event_id}")
}

pub(crate) fn load_user(store: &dyn MeterStore, user: &str, now_ms: i64) -> Result<UserMeter, PortError> {
    let key = user_key(user);
    let mut m = match store.get(&key)? {
        Some(v) => serde_json::from_str(&v).map_err(|e| corrupt(&key, e))?,
        None if store.get(CLOSED)?.is_some() => return Err(PortError(SHARD_CLOSED.into())),
        None => UserMeter::new(now_ms),
    };
    m.roll(now_ms);
    Ok(m)
}

/// A user's meter as a scan of `u:` rows found it, moved to the current period, with the
/// user's id.
fn stored_user<'k>(key: &'k str, v: &str, now_ms: i64) -> Result<(&'k str, UserMeter), PortError> {
    let mut m: UserMeter = serde_json::from_str(v).map_err(|e| corrupt(key, e))?;
    m.roll(now_ms);
    Ok((key.strip_prefix(USER_PREFIX).unwrap_or(key), m))
}

pub(crate) fn save_user(store: &mut dyn MeterStore, user: &str, m: &mut UserMeter) -> Result<(), PortError> {
    let v = serde_json::to_string(m).map_err(|e| PortError(e.to_string()))?;
    store.put_user(&user_key(user), &v, UserFigures::of(m))?;
    if m.fresh {
        m.fresh = false;
        // Kept once the first read of the count made it (see `user_count`).
        if store.get(USERS_KEY)?.is_some() {
            store.add(USERS_KEY, 1)?;
        }
    }
    Ok(())
}

/// Whether `user` has a stored meter.
pub(crate) fn user_stored(store: &dyn MeterStore, user: &str) -> Result<bool, PortError> {
    Ok(store.get(&user_key(user))?.is_some())
}

/// Removes `user`'s meter, idempotency records and leases, and takes them off the count.
pub(crate) fn remove_user(store: &mut dyn MeterStore, user: &str) -> Result<(), PortError> {
    for prefix in [idem_records_of(user), lease::records_of(user)] {
        for (key, _) in store.scan(&prefix)? {
            store.delete(&key)?;
        }
    }
    store.delete(&user_key(user))?;
    if store.get(USERS_KEY)?.is_some() {
        store.add(USERS_KEY, -1)?;
    }
    Ok(())
}

/// The shard's running count of users; the first call counts the stored ones and keeps the
/// count, which every new user's first save adds to from then on.
fn user_count(store: &mut dyn MeterStore) -> Result<u64, PortError> {
    if let Some(v) = store.get(USERS_KEY)? {
        return v.parse().map_err(|e| PortError(format!("stored {USERS_KEY}: {v:?}: {e}")));
    }
    let n = store.count(USER_PREFIX, "")?;
    store.put(USERS_KEY, &n.to_string(), None)?;
    Ok(n)
}

/// The count of the meter `tiers` are of.
fn counter<'m>(m: &'m mut UserMeter, tiers: &TierLimits) -> &'m mut u64 {
    match &tiers.meter {
        Some(name) => m.meters.entry(name.clone()).or_insert(0),
        None => &mut m.used,
    }
}

pub(crate) fn snapshot(user: &str, m: &UserMeter, tiers: &TierLimits, now_ms: i64) -> Snapshot {
    let plan = tiers.effective(m.plan_at(now_ms)).to_owned();
    let used = match &tiers.meter {
        Some(name) => m.meters.get(name).copied().unwrap_or(0),
        None => m.used,
    };
    Snapshot {
        meter: tiers.meter.clone(),
        meters: m.meters.clone(),
        profile: m.profile.clone(),
        subscription: m.billing.subscription.clone(),
        pending_cancels: m.billing.pending_cancels.clone(),
        scheduled: m.billing.scheduled_change().cloned(),
        limit: tiers.limit_of(&plan),
        plan,
        user_id: user.to_owned(),
        used,
        period: m.period,
        first_seen_ms: m.first_seen_ms,
        last_seen_ms: m.last_seen_ms,
    }
}

fn fits(used: u64, amount: u64, limit: Option<u64>) -> bool {
    limit.is_none_or(|l| used.saturating_add(amount) <= l)
}

/// Adds to a per-day counter (`d:` calls, `r:` revenue) of the day of `at_ms`; answers whether
/// this was the day's first entry (a non-zero amount that is now the whole total).
pub(crate) fn add_to_day(
    store: &mut dyn MeterStore,
    key_of: fn(i64) -> String,
    at_ms: i64,
    amount: i64,
) -> Result<bool, PortError> {
    let day = day_number(at_ms);
    let first = amount != 0 && store.add(&key_of(day), amount)? == amount;
    if first {
        // A new day: forget the day that just fell out of the kept range.
        store.delete(&key_of(day - DAYS_KEPT))?;
    }
    Ok(first)
}

pub(crate) fn day_series(store: &dyn MeterStore, key_of: fn(i64) -> String, days: u32, now_ms: i64) -> Vec<(i64, i64)> {
    let today = day_number(now_ms);
    let days = (days as i64).clamp(1, DAYS_KEPT);
    (today - days + 1..=today)
        .map(|day| (day, store.get(&key_of(day)).ok().flatten().and_then(|v| v.parse().ok()).unwrap_or(0)))
        .collect()
}

pub(crate) fn apply_billing(
    m: &mut UserMeter,
    store: &mut dyn MeterStore,
    event_id: &str,
    event_created: i64,
    change: &BillingChange,
    authoritative: bool,
    now_ms: i64,
) -> Result<BillingOutcome, PortError> {
    let outcome = match change {
        BillingChange::Subscription { subscription } => {
            if subscription.ended_ms.is_some() {
                // Stripe says it is over: nothing is owed for it any more, whoever ended it.
                m.billing.settle_cancel(&subscription.id, None);
            }
            let outcome = order(&m.billing, subscription, event_id, event_created, authoritative, now_ms);
            if outcome == BillingOutcome::Applied {
                let replaced = m
                    .billing
                    .subscription
                    .as_ref()
                    .filter(|h| h.id != subscription.id && h.entitles(now_ms) && subscription.entitles(now_ms))
                    .map(|h| h.id.clone());
                if let Some(old) = replaced {
                    m.billing.owe_cancel(&old, now_ms);
                }
                m.billing.customer = Some(subscription.customer.clone());
                m.billing.subscription = Some(subscription.clone());
                m.billing.version = m.billing.version.max(event_created);
                m.billing.version_event = event_id.to_owned();
            }
            outcome
        }
        BillingChange::InvoicePaid { amount, paid_ms, .. } => {
            add_to_day(store, revenue_key, *paid_ms, *amount)?;
            BillingOutcome::Applied
        }
        BillingChange::PaymentFailed { .. } | BillingChange::TrialWillEnd { .. } => BillingOutcome::Applied,
    };
    Ok(outcome)
}

/// The webhook events an applied billing change makes for `user` (`held`: the subscription
/// before it).
fn billing_events(
    origin: &Origin,
    user: &str,
    held: Option<&Subscription>,
    m: &UserMeter,
    change: &BillingChange,
    event_id: &str,
    now_ms: i64,
) -> Vec<WebhookEvent> {
    let now_held = m.billing.subscription.as_ref();
    match change {
        BillingChange::Subscription { subscription } => match now_held.filter(|s| s.id == subscription.id) {
            Some(after) => webhook_events::subscription_events(origin, user, held, after, event_id, now_ms),
            // Late news of a subscription no longer held: the developer heard of its end.
            None => vec![],
        },
        BillingChange::PaymentFailed { invoice } => {
            vec![webhook_events::payment_failed(origin, user, invoice, now_held, event_id, now_ms)]
        }
        BillingChange::TrialWillEnd { subscription } => now_held
            .filter(|s| &s.id == subscription)
            .map(|s| webhook_events::trial_will_end(origin, user, s, event_id, now_ms))
            .into_iter()
            .collect(),
        BillingChange::InvoicePaid { .. } => vec![],
    }
}

pub(crate) fn maybe_purge(store: &mut dyn MeterStore, now_ms: i64) -> Result<(), PortError> {
    let last = store.get("m:purged")?.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    if now_ms.saturating_sub(last) >= PURGE_EVERY_MS {
        store.purge_expired(now_ms)?;
        store.put("m:purged", &now_ms.to_string(), None)?;
    }
    Ok(())
}

/// The user's meter after `guard` admitted the call (its window is saved), or the seconds to
/// wait. Without a guard nothing is written.
fn guarded(
    store: &mut dyn MeterStore,
    user: &str,
    guard: Option<Guard>,
    now_ms: i64,
) -> Result<Result<UserMeter, u64>, PortError> {
    let mut m = load_user(store, user, now_ms)?;
    let Some(g) = guard else { return Ok(Ok(m)) };
    let window = match g.kind {
        CallKind::Read => &mut m.reads,
        CallKind::Stripe => &mut m.stripe_calls,
    };
    let admitted = window.admit(g.per_minute, now_ms);
    m.last_seen_ms = now_ms;
    save_user(store, user, &mut m)?;
    Ok(admitted.map(|()| m))
}

/// Applies one request to a shard's store at `now_ms`, making no webhook events (a shard
/// whose project is not known: tests of the meter alone).
pub fn apply(store: &mut dyn MeterStore, req: &MeterRequest, now_ms: i64) -> Result<MeterResponse, PortError> {
    apply_in(store, None, req, now_ms).map(|(answer, _)| answer)
}

/// Applies one request to a shard of `origin`'s project and mode at `now_ms`. Atomic as long
/// as the caller runs calls on a shard one at a time (a Durable Object does). The webhook
/// events the call makes are kept in the shard in the same call; the answer then says when
/// to wake it to hand them on.
pub fn apply_in(
    store: &mut dyn MeterStore,
    origin: Option<&Origin>,
    req: &MeterRequest,
    now_ms: i64,
) -> Result<(MeterResponse, Option<i64>), PortError> {
    let mut events = Vec::new();
    let answer = apply_events(store, origin, req, now_ms, &mut events)?;
    let mut wake_at = None;
    if let Some(origin) = origin {
        for e in &events {
            wake_at = webhook_events::keep(store, origin, e, now_ms)?.or(wake_at);
        }
    }
    Ok((answer, wake_at))
}

fn apply_events(
    store: &mut dyn MeterStore,
    origin: Option<&Origin>,
    req: &MeterRequest,
    now_ms: i64,
    events: &mut Vec<WebhookEvent>,
) -> Result<MeterResponse, PortError> {
    if let MeterRequest::Close = req {
        store.clear()?;
        store.put(CLOSED, "1", None)?;
        return Ok(MeterResponse::Closed);
    }
    // A deleted project's keys stop at once: whatever KV and isolates still cache, no call
    // reaches its end users' records again. The hot calls (track, check, usage) find the
    // mark only when the user's row is missing — the close removed every row — so a known
    // user's track costs no extra read; the others look for it first.
    let hot = matches!(req, MeterRequest::Track { .. } | MeterRequest::Check { .. } | MeterRequest::Usage { .. });
    if !hot && store.get(CLOSED)?.is_some() {
        return Ok(MeterResponse::Closed);
    }
    match apply_open(store, origin, req, now_ms, events) {
        Err(e) if e.0 == SHARD_CLOSED => Ok(MeterResponse::Closed),
        other => other,
    }
}

/// [`apply`] on a shard that was open when the call began; webhook events go to `events`
/// (made only when the shard's `origin` is known).
fn apply_open(
    store: &mut dyn MeterStore,
    origin: Option<&Origin>,
    req: &MeterRequest,
    now_ms: i64,
    events: &mut Vec<WebhookEvent>,
) -> Result<MeterResponse, PortError> {
    match req {
        MeterRequest::Track { user, amount, idempotency_key, tiers, rate_per_minute, reserve, returns } => {
            lease::take_back(store, returns, now_ms)?;
            if let Some(k) = idempotency_key {
                if let Some(prev) = store.get(&idem_key(user, k))? {
                    let rec: IdemRecord = serde_json::from_str(&prev).map_err(|e| corrupt("idempotency", e))?;
                    if rec.expires_at_ms > now_ms {
                        if rec.amount.is_some_and(|a| a != *amount) || rec.meter != tiers.meter {
                            return Ok(MeterResponse::Track {
                                outcome: TrackOutcome::KeyReused,
                                replayed: false,
                                lease: None,
                            });
                        }
                        return Ok(MeterResponse::Track { outcome: rec.outcome, replayed: true, lease: None });
                    }
                }
            }
            let mut m = load_user(store, user, now_ms)?;
            m.last_seen_ms = now_ms;
            let before = *counter(&mut m, tiers);
            let mut leased = None;
            let outcome = if let Err(retry_after) = m.rate.admit(*rate_per_minute, now_ms) {
                TrackOutcome::RateLimited { retry_after }
            } else {
                let limit = tiers.limit_of(tiers.effective(m.plan_at(now_ms)));
                let count = counter(&mut m, tiers);
                if fits(*count, *amount, limit) {
                    *count = count.saturating_add(*amount);
                    // The per-day totals and leases are of calls, the main meter.
                    if tiers.meter.is_none() {
                        // A keyed call is replayed from its record, so it never leases.
                        if *reserve > 0 && idempotency_key.is_none() {
                            leased = lease::grant(store, user, &mut m, *reserve, limit, *rate_per_minute, now_ms)?;
                        }
                        let counted = amount.saturating_add(leased.as_ref().map_or(0, |l| l.amount));
                        // Expired idempotency records go when the shard's day turns (they live
                        // 24 h, so at most ~48 h): no purge bookkeeping on every keyed track.
                        if add_to_day(store, day_key, now_ms, i64::try_from(counted).unwrap_or(i64::MAX))? {
                            store.purge_expired(now_ms)?;
                        }
                    }
                    TrackOutcome::Accepted { usage: snapshot(user, &m, tiers, now_ms) }
                } else {
                    TrackOutcome::LimitExceeded { usage: snapshot(user, &m, tiers, now_ms) }
                }
            };
            if let Some(origin) = origin {
                events.extend(usage_events(origin, user, &mut m, tiers, before, &outcome, now_ms));
            }
            save_user(store, user, &mut m)?;
            // Only a counted call is remembered: a refused one (limit, rate) changed nothing, so
            // a retry under the same key may succeed later, and an at-limit caller sending a
            // fresh key per call cannot grow the store.
            if let (Some(k), TrackOutcome::Accepted { .. }) = (idempotency_key, &outcome) {
                let expires_at_ms = now_ms.saturating_add(IDEMPOTENCY_TTL_MS);
                let rec = IdemRecord {
                    expires_at_ms,
                    outcome: outcome.clone(),
                    amount: Some(*amount),
                    meter: tiers.meter.clone(),
                };
                let v = serde_json::to_string(&rec).map_err(|e| PortError(e.to_string()))?;
                store.put(&idem_key(user, k), &v, Some(expires_at_ms))?;
            }
            Ok(MeterResponse::Track { outcome, replayed: false, lease: leased })
        }
        MeterRequest::Settle { returns } => {
            lease::take_back(store, returns, now_ms)?;
            Ok(MeterResponse::Settled)
        }
        MeterRequest::Check { user, amount, tiers, guard } => {
            let m = match guarded(store, user, *guard, now_ms)? {
                Ok(m) => m,
                Err(retry_after) => return Ok(MeterResponse::RateLimited { retry_after }),
            };
            let usage = snapshot(user, &m, tiers, now_ms);
            Ok(MeterResponse::Check { allowed: fits(usage.used, *amount, usage.limit), usage })
        }
        MeterRequest::Usage { user, tiers, guard } => {
            let m = match guarded(store, user, *guard, now_ms)? {
                Ok(m) => m,
                Err(retry_after) => return Ok(MeterResponse::RateLimited { retry_after }),
            };
            Ok(MeterResponse::Usage { usage: snapshot(user, &m, tiers, now_ms) })
        }
        MeterRequest::SetPlan { user, plan, tiers } => {
            let mut m = load_user(store, user, now_ms)?;
            m.plan = Some(plan.clone());
            save_user(store, user, &mut m)?;
            Ok(MeterResponse::Usage { usage: snapshot(user, &m, tiers, now_ms) })
        }
        MeterRequest::CreateCustomer { user, profile, plan, tiers } => {
            let outcome = customer::create(store, user, profile, plan.as_deref(), tiers, now_ms)?;
            Ok(MeterResponse::Customer { outcome })
        }
        MeterRequest::Customer { user, tiers } => {
            Ok(MeterResponse::Customer { outcome: customer::get(store, user, tiers, now_ms)? })
        }
        MeterRequest::UpdateCustomer { user, change, tiers } => {
            Ok(MeterResponse::Customer { outcome: customer::update(store, user, change, tiers, now_ms)? })
        }
        MeterRequest::DeleteCustomer { user, tiers } => {
            Ok(MeterResponse::Customer { outcome: customer::delete(store, user, tiers, now_ms)? })
        }
        MeterRequest::Page { tiers, after, search, limit } => {
            let limit = usize::try_from(*limit).unwrap_or(usize::MAX).min(MAX_PAGE_ROWS);
            let mut users = Vec::new();
            for (key, v) in store.page(USER_PREFIX, after, search, limit)? {
                let (user, m) = stored_user(&key, &v, now_ms)?;
                users.push(snapshot(user, &m, tiers, now_ms));
            }
            let matching = if search.is_empty() { user_count(store)? } else { store.count(USER_PREFIX, search)? };
            Ok(MeterResponse::Page { users, matching })
        }
        MeterRequest::Stats { tiers, days, top } => {
            let top = usize::try_from(*top).unwrap_or(usize::MAX).min(MAX_PAGE_ROWS);
            let f = store.user_figures(USER_PREFIX, now_ms, top)?;
            let mut top_users = Vec::with_capacity(f.top.len());
            for (key, v) in &f.top {
                let (user, m) = stored_user(key, v, now_ms)?;
                top_users.push(snapshot(user, &m, tiers, now_ms));
            }
            top_users.sort_by(|a, b| b.used.cmp(&a.used).then_with(|| a.user_id.cmp(&b.user_id)));
            let mut subscriptions = Vec::with_capacity(f.subscribed.len());
            for (key, v) in &f.subscribed {
                subscriptions.extend(stored_user(key, v, now_ms)?.1.billing.subscription);
            }
            // Enough days for the chart and for the whole month so far.
            let month_start = day_number(crate::period::month_of(now_ms).start_ms);
            let series = day_series(store, day_key, (*days).max(31), now_ms);
            let used_this_month = series.iter().filter(|(d, _)| *d >= month_start).map(|(_, n)| n.max(&0)).sum::<i64>();
            let first_shown = day_number(now_ms) - i64::from((*days).clamp(1, DAYS_KEPT as u32)) + 1;
            let counts =
                series.into_iter().filter(|(d, _)| *d >= first_shown).map(|(d, n)| (d, n.max(0) as u64)).collect();
            Ok(MeterResponse::Stats {
                users: user_count(store)?,
                used_this_month: u64::try_from(used_this_month).unwrap_or(0),
                top: top_users,
                subscriptions,
                counts,
                revenue: day_series(store, revenue_key, *days, now_ms),
            })
        }
        MeterRequest::Daily { days } => {
            let counts =
                day_series(store, day_key, *days, now_ms).into_iter().map(|(d, n)| (d, n.max(0) as u64)).collect();
            Ok(MeterResponse::Daily { counts, revenue: day_series(store, revenue_key, *days, now_ms) })
        }
        MeterRequest::ApplyBilling { user, event_id, event_created, change, authoritative, tiers } => {
            let mut m = load_user(store, user, now_ms)?;
            let held = m.billing.subscription.clone();
            let outcome = if store.get(&event_key(event_id))?.is_some() {
                BillingOutcome::Duplicate
            } else {
                apply_billing(&mut m, store, event_id, *event_created, change, *authoritative, now_ms)?
            };
            if let (Some(origin), BillingOutcome::Applied) = (origin, outcome) {
                events.extend(billing_events(origin, user, held.as_ref(), &m, change, event_id, now_ms));
            }
            if matches!(outcome, BillingOutcome::Applied | BillingOutcome::Stale) {
                // Remembered so a redelivery changes nothing; a tie is not (it comes back).
                // The cancels it owes are saved in the same call, so they outlive a failure.
                store.put(&event_key(event_id), "1", Some(now_ms.saturating_add(EVENT_MEMORY_MS)))?;
                m.roll(now_ms);
                save_user(store, user, &mut m)?;
                maybe_purge(store, now_ms)?;
            }
            // Every owed cancel, also on a redelivery: a retried event retries them.
            let to_cancel = m.billing.pending_cancels.iter().map(|p| p.subscription.clone()).collect();
            Ok(MeterResponse::Billing { outcome, usage: snapshot(user, &m, tiers, now_ms), to_cancel })
        }
        MeterRequest::RecordCheckout { user, checkout } => {
            let mut m = load_user(store, user, now_ms)?;
            let superseded = m.billing.open_checkout(checkout.clone(), now_ms);
            save_user(store, user, &mut m)?;
            Ok(MeterResponse::Checkout { superseded })
        }
        MeterRequest::Close => Ok(MeterResponse::Closed),
        MeterRequest::PlanChanged { user, subscription, scheduled, tiers } => {
            let mut m = load_user(store, user, now_ms)?;
            // Only the subscription the change was made on: if another replaced it
            // meanwhile, its own events rule.
            if m.billing.subscription.as_ref().is_some_and(|held| held.id == subscription.id) {
                if let Some(origin) = origin {
                    let cause = format!("plan change {now_ms}");
                    let held = m.billing.subscription.as_ref();
                    events.extend(webhook_events::subscription_events(
                        origin,
                        user,
                        held,
                        subscription,
                        &cause,
                        now_ms,
                    ));
                }
                m.billing.subscription = Some(subscription.clone());
                m.billing.scheduled = scheduled.clone();
                m.roll(now_ms);
                save_user(store, user, &mut m)?;
            }
            Ok(MeterResponse::Usage { usage: snapshot(user, &m, tiers, now_ms) })
        }
        MeterRequest::SettleCancel { user, subscription, error, tiers } => {
            let mut m = load_user(store, user, now_ms)?;
            m.billing.settle_cancel(subscription, error.clone());
            save_user(store, user, &mut m)?;
            Ok(MeterResponse::Usage { usage: snapshot(user, &m, tiers, now_ms) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemStore;
    use crate::tiers::Tier;

    const NOW: i64 = 1_795_000_000_000;

    /// A store that counts the operations a call makes: each is one SQL statement in an object.
    struct Counting<'a> {
        inner: &'a mut MemStore,
        // `get` and `scan` take &self.
        ops: std::cell::Cell<usize>,
    }

    impl Counting<'_> {
        fn count(&self) {
            self.ops.set(self.ops.get() + 1);
        }
    }

    impl MeterStore for Counting<'_> {
        fn get(&self, key: &str) -> Result<Option<String>, PortError> {
            self.count();
            self.inner.get(key)
        }
        fn put(&mut self, key: &str, value: &str, exp: Option<i64>) -> Result<(), PortError> {
            self.count();
            self.inner.put(key, value, exp)
        }
        fn delete(&mut self, key: &str) -> Result<(), PortError> {
            self.count();
            self.inner.delete(key)
        }
        fn scan(&self, prefix: &str) -> Result<Vec<(String, String)>, PortError> {
            self.count();
            self.inner.scan(prefix)
        }
        fn purge_expired(&mut self, now_ms: i64) -> Result<(), PortError> {
            self.count();
            self.inner.purge_expired(now_ms)
        }
        // One upsert statement in SQLite.
        fn add(&mut self, key: &str, amount: i64) -> Result<i64, PortError> {
            self.count();
            self.inner.add(key, amount)
        }
    }

    /// Storage operations of one track of an existing user, mid-day.
    fn ops_of_track(key: Option<&str>) -> usize {
        let mut s = MemStore::default();
        track(&mut s, "u1", 1, Some("warm-up"), None, NOW);
        let mut c = Counting { inner: &mut s, ops: std::cell::Cell::new(0) };
        let req = MeterRequest::Track {
            user: "u1".into(),
            amount: 1,
            idempotency_key: key.map(str::to_owned),
            tiers: tiers(None),
            rate_per_minute: 1_000_000,
            reserve: 0,
            returns: vec![],
        };
        assert!(matches!(
            apply(&mut c, &req, NOW + 1000),
            Ok(MeterResponse::Track { outcome: TrackOutcome::Accepted { .. }, .. })
        ));
        c.ops.get()
    }

    #[test]
    fn shard_stats_count_rank_and_sum_this_period_without_a_user_list() {
        let mut s = MemStore::default();
        let limits = tiers(None);
        for (user, calls) in [("ann", 3), ("ben", 7), ("cy", 5)] {
            for _ in 0..calls {
                track(&mut s, user, 1, None, None, NOW);
            }
        }
        // Dan's calls were last month's: he counts as a user, not in this period's calls.
        let last_month = crate::period::month_of(NOW).start_ms - 1;
        track(&mut s, "dan", 9, None, None, last_month);
        let req = MeterRequest::Stats { tiers: limits, days: 30, top: 2 };
        let Ok(MeterResponse::Stats { users, used_this_month, top, subscriptions, .. }) = apply(&mut s, &req, NOW)
        else {
            panic!("no stats")
        };
        // Dan's calls were counted last month: not in this month's total.
        assert_eq!((users, used_this_month), (4, 15));
        let ranked: Vec<(&str, u64)> = top.iter().map(|u| (u.user_id.as_str(), u.used)).collect();
        assert_eq!(ranked, vec![("ben", 7), ("cy", 5)]);
        assert!(subscriptions.is_empty());
    }

    #[test]
    fn the_users_count_is_kept_running_once_first_read() {
        let mut s = MemStore::default();
        let users = |s: &mut MemStore| match apply(s, &MeterRequest::Stats { tiers: tiers(None), days: 1, top: 1 }, NOW)
        {
            Ok(MeterResponse::Stats { users, .. }) => users,
            other => panic!("{other:?}"),
        };
        track(&mut s, "ann", 1, None, None, NOW);
        track(&mut s, "ben", 1, None, None, NOW);
        // The first read counts the stored users and keeps the count…
        assert_eq!(users(&mut s), 2);
        assert_eq!(s.get(USERS_KEY).ok().flatten().as_deref(), Some("2"));
        // …which new users add to (a read creates one too), and known users do not.
        track(&mut s, "ann", 1, None, None, NOW);
        track(&mut s, "cy", 1, None, None, NOW);
        let read =
            MeterRequest::Usage { user: "dee".into(), tiers: tiers(None), guard: Some(Guard::of(CallKind::Read, 100)) };
        assert!(apply(&mut s, &read, NOW).is_ok());
        assert_eq!(users(&mut s), 4);
        assert_eq!(s.count(USER_PREFIX, "").ok(), Some(4));
    }

    #[test]
    fn a_track_is_as_few_statements_as_its_rule_needs() {
        // Read the user, add to the day's total, write the user.
        assert_eq!(ops_of_track(None), 3);
        // And the idempotency record: read it first, write it after.
        assert_eq!(ops_of_track(Some("k1")), 5);
    }

    fn tiers(free: Option<i64>) -> TierLimits {
        TierLimits::of(&[
            Tier { name: "free".into(), display_name: "Free".into(), limit: free, price_cents: 0, ..Tier::default() },
            Tier {
                name: "pro".into(),
                display_name: "Pro".into(),
                limit: Some(1000),
                price_cents: 900,
                ..Tier::default()
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
            reserve: 0,
            returns: vec![],
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
                MeterResponse::Track { outcome: a, replayed: false, .. },
                MeterResponse::Track { outcome: b, replayed: true, .. },
            ) => {
                assert_eq!(a, b)
            }
            other => panic!("{other:?}"),
        }
        let usage =
            apply(&mut s, &MeterRequest::Usage { user: "u1".into(), tiers: tiers(Some(5)), guard: None }, NOW).unwrap();
        assert!(matches!(usage, MeterResponse::Usage { usage } if usage.used == 1));
        // After 24 h the key is forgotten.
        assert!(accepted(&track(&mut s, "u1", 1, Some("k"), Some(5), NOW + IDEMPOTENCY_TTL_MS + 1)));
    }

    #[test]
    fn a_key_reused_with_another_amount_is_refused_not_replayed() {
        let mut s = MemStore::default();
        assert!(accepted(&track(&mut s, "u1", 1, Some("k"), Some(50), NOW)));
        match track(&mut s, "u1", 5, Some("k"), Some(50), NOW + 1) {
            MeterResponse::Track { outcome: TrackOutcome::KeyReused, replayed: false, .. } => {}
            other => panic!("a different amount under the same key must be refused: {other:?}"),
        }
        let usage = apply(&mut s, &MeterRequest::Usage { user: "u1".into(), tiers: tiers(Some(50)), guard: None }, NOW)
            .unwrap();
        assert!(matches!(usage, MeterResponse::Usage { usage } if usage.used == 1), "nothing more was counted");
    }

    /// Free allows 3 exports and 10 calls; pro has no exports meter.
    fn export_tiers() -> Vec<Tier> {
        let mut free = Tier { name: "free".into(), display_name: "Free".into(), limit: Some(10), ..Tier::default() };
        free.meters.insert("exports".into(), Some(3));
        let pro =
            Tier { name: "pro".into(), display_name: "Pro".into(), limit: None, price_cents: 900, ..Tier::default() };
        vec![free, pro]
    }

    fn track_on(s: &mut MemStore, meter: Option<&str>, key: Option<&str>, now: i64) -> MeterResponse {
        let req = MeterRequest::Track {
            user: "u1".into(),
            amount: 1,
            idempotency_key: key.map(str::to_owned),
            tiers: TierLimits::of_meter(&export_tiers(), meter).unwrap(),
            rate_per_minute: 1_000_000,
            // A named meter is never leased: the shard decides each call.
            reserve: 1_000,
            returns: vec![],
        };
        apply(s, &req, now).unwrap()
    }

    #[test]
    fn a_named_meter_counts_to_its_own_limit_beside_the_main_one() {
        let mut s = MemStore::default();
        for i in 0..3 {
            match track_on(&mut s, Some("exports"), None, NOW + i) {
                MeterResponse::Track { outcome: TrackOutcome::Accepted { usage }, lease: None, .. } => {
                    assert_eq!(
                        (usage.meter.as_deref(), usage.used, usage.limit),
                        (Some("exports"), i as u64 + 1, Some(3))
                    );
                }
                other => panic!("{other:?}"),
            }
        }
        // The 4th export is refused; calls still count, on their own limit.
        assert!(matches!(
            track_on(&mut s, Some("exports"), None, NOW + 5),
            MeterResponse::Track { outcome: TrackOutcome::LimitExceeded { .. }, .. }
        ));
        assert!(accepted(&track_on(&mut s, None, None, NOW + 6)));
        let usage = |s: &mut MemStore, meter: Option<&str>, now: i64| {
            let tiers = TierLimits::of_meter(&export_tiers(), meter).unwrap();
            match apply(s, &MeterRequest::Usage { user: "u1".into(), tiers, guard: None }, now) {
                Ok(MeterResponse::Usage { usage }) => usage,
                other => panic!("{other:?}"),
            }
        };
        let main = usage(&mut s, None, NOW + 7);
        assert_eq!((main.used, main.meters.get("exports").copied()), (1, Some(3)));
        // Exports are not calls: the day's call total has the one call only.
        assert_eq!(s.get(&day_key(day_number(NOW))).unwrap().as_deref(), Some("1"));
        // One key, one meter: the same key on another meter is refused, not replayed.
        assert!(accepted(&track_on(&mut s, None, Some("k"), NOW + 8)));
        assert!(matches!(
            track_on(&mut s, Some("exports"), Some("k"), NOW + 9),
            MeterResponse::Track { outcome: TrackOutcome::KeyReused, .. }
        ));
        // A new period counts every meter from zero.
        let next = crate::period::month_of(NOW).end_ms + 1;
        let later = usage(&mut s, Some("exports"), next);
        assert_eq!((later.used, later.meters.len()), (0, 0));
    }

    #[test]
    fn refused_calls_with_fresh_keys_store_nothing_more() {
        let mut s = MemStore::default();
        track(&mut s, "u1", 2, Some("first"), Some(2), NOW);
        let size = s.scan("").unwrap().len();
        for i in 0..100 {
            let r = track(&mut s, "u1", 1, Some(&format!("fresh-{i}")), Some(2), NOW + i);
            assert!(matches!(r, MeterResponse::Track { outcome: TrackOutcome::LimitExceeded { .. }, .. }));
        }
        assert_eq!(s.scan("").unwrap().len(), size, "an at-limit user's refused calls grew the store");
    }

    #[test]
    fn new_period_starts_from_zero() {
        let mut s = MemStore::default();
        track(&mut s, "u1", 5, None, Some(5), NOW);
        assert!(!accepted(&track(&mut s, "u1", 1, None, Some(5), NOW)));
        let next_month = crate::period::month_of(NOW).end_ms;
        assert!(accepted(&track(&mut s, "u1", 1, None, Some(5), next_month)));
    }

    #[test]
    fn plan_change_moves_the_limit_and_check_changes_nothing() {
        let mut s = MemStore::default();
        track(&mut s, "u1", 5, None, Some(5), NOW);
        let check = MeterRequest::Check { user: "u1".into(), amount: 1, tiers: tiers(Some(5)), guard: None };
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
            reserve: 0,
            returns: vec![],
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
            MeterResponse::Daily { counts, .. } => {
                assert_eq!(counts.iter().map(|c| c.1).collect::<Vec<_>>(), vec![0, 5, 1])
            }
            other => panic!("{other:?}"),
        }
        let page = MeterRequest::Page { tiers: tiers(None), after: String::new(), search: String::new(), limit: 10 };
        match apply(&mut s, &page, NOW).unwrap() {
            MeterResponse::Page { users, .. } => {
                assert_eq!(
                    users.iter().map(|u| (u.user_id.as_str(), u.used)).collect::<Vec<_>>(),
                    vec![("a", 2), ("b", 4)]
                )
            }
            other => panic!("{other:?}"),
        }
    }

    fn pro_sub(cancel: bool, created_ms: i64) -> Subscription {
        use crate::billing::SubStatus;
        Subscription {
            id: "sub_1".into(),
            customer: "cus_1".into(),
            tier: Some("pro".into()),
            status: SubStatus::Active,
            price_id: "price_pro".into(),
            amount: 900,
            currency: "usd".into(),
            interval_months: 1,
            period: Period { start_ms: created_ms, end_ms: crate::period::add_months(created_ms, 1) },
            cancel_at_period_end: cancel,
            created_ms,
            ended_ms: None,
            trial_end_ms: None,
            schedule: None,
        }
    }

    fn bill(
        s: &mut MemStore,
        event: &str,
        created: i64,
        change: BillingChange,
        authoritative: bool,
        now: i64,
    ) -> (BillingOutcome, Snapshot) {
        let req = MeterRequest::ApplyBilling {
            user: "u1".into(),
            event_id: event.into(),
            event_created: created,
            change,
            authoritative,
            tiers: tiers(Some(5)),
        };
        match apply(s, &req, now).unwrap() {
            MeterResponse::Billing { outcome, usage, .. } => (outcome, usage),
            other => panic!("{other:?}"),
        }
    }

    fn origin() -> Origin {
        Origin { platform: "plt_a".into(), mode: crate::mode::Mode::Test }
    }

    /// The types (and threshold, for usage alerts) of the events a shard keeps.
    fn kept(s: &MemStore) -> Vec<String> {
        let Ok(Some(f)) = webhook_events::to_forward(s) else { return vec![] };
        f.events
            .iter()
            .map(|e| {
                let v: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
                match v["data"]["threshold"].as_u64() {
                    Some(p) => format!("{} {p}", e.kind.as_str()),
                    None => e.kind.as_str().to_owned(),
                }
            })
            .collect()
    }

    fn track_in(s: &mut MemStore, user: &str, amount: u64, limit: Option<i64>, now: i64) -> Option<i64> {
        let req = MeterRequest::Track {
            user: user.into(),
            amount,
            idempotency_key: None,
            tiers: tiers(limit),
            rate_per_minute: 1_000_000,
            reserve: 0,
            returns: vec![],
        };
        apply_in(s, Some(&origin()), &req, now).unwrap().1
    }

    #[test]
    fn crossing_80_then_100_percent_and_the_first_refusal_are_each_reported_once() {
        let mut s = MemStore::default();
        for _ in 0..7 {
            assert_eq!(track_in(&mut s, "u1", 1, Some(10), NOW), None, "below 80%: no event, no alarm");
        }
        assert_eq!(track_in(&mut s, "u1", 1, Some(10), NOW), Some(NOW), "the 8th call crosses 80%");
        track_in(&mut s, "u1", 2, Some(10), NOW);
        for _ in 0..3 {
            track_in(&mut s, "u1", 1, Some(10), NOW);
        }
        assert_eq!(kept(&s), ["usage.threshold_reached 80", "usage.threshold_reached 100", "usage.limit_reached"]);
        // Another user has their own alerts; next period they start again.
        track_in(&mut s, "u2", 10, Some(10), NOW);
        let next = crate::period::month_of(NOW).end_ms;
        track_in(&mut s, "u1", 8, Some(10), next);
        let all = kept(&s);
        assert_eq!(all.len(), 3 + 2 + 1, "{all:?}");
        // A shard whose project is unknown (the meter's own tests) keeps nothing.
        let mut bare = MemStore::default();
        track(&mut bare, "u1", 10, None, Some(10), NOW);
        assert_eq!(kept(&bare), Vec::<String>::new());
        // The statement count of a track without a crossing is unchanged (see `ops_of_track`).
    }

    #[test]
    fn a_subscription_is_reported_created_updated_and_canceled_once_each() {
        let mut s = MemStore::default();
        let bill_in = |s: &mut MemStore, event: &str, created: i64, sub: Subscription| {
            let req = MeterRequest::ApplyBilling {
                user: "u1".into(),
                event_id: event.into(),
                event_created: created,
                change: BillingChange::Subscription { subscription: sub },
                authoritative: false,
                tiers: tiers(Some(5)),
            };
            apply_in(s, Some(&origin()), &req, NOW).unwrap().1
        };
        let t = NOW / 1000;
        assert_eq!(bill_in(&mut s, "evt_a", t, pro_sub(false, NOW)), Some(NOW));
        // The same state again (Stripe's `created` after the session's), and a redelivery.
        bill_in(&mut s, "evt_b", t + 1, pro_sub(false, NOW));
        bill_in(&mut s, "evt_a", t, pro_sub(false, NOW));
        assert_eq!(bill_in(&mut s, "evt_c", t + 2, pro_sub(true, NOW)), None, "the first event set the alarm");
        let mut ended = pro_sub(true, NOW);
        ended.status = crate::billing::SubStatus::Canceled;
        ended.ended_ms = Some(NOW);
        bill_in(&mut s, "evt_d", t + 3, ended.clone());
        bill_in(&mut s, "evt_e", t + 4, ended);
        assert_eq!(kept(&s), ["subscription.created", "subscription.updated", "subscription.canceled"]);
        let Ok(Some(f)) = webhook_events::to_forward(&s) else { panic!() };
        let updated: serde_json::Value = serde_json::from_str(&f.events[1].payload).unwrap_or_default();
        assert_eq!(updated["data"]["previous"], serde_json::json!({"cancelAtPeriodEnd": false}));
        assert_eq!(updated["data"]["subscription"]["cancelAtPeriodEnd"], true);
        assert_eq!(updated["data"]["userId"], "u1");
    }

    #[test]
    fn a_failed_payment_and_a_trial_notice_are_told_once_and_change_nothing() {
        let mut s = MemStore::default();
        let mut bill_in = |event: &str, change: BillingChange| {
            let req = MeterRequest::ApplyBilling {
                user: "u1".into(),
                event_id: event.into(),
                event_created: NOW / 1000,
                change,
                authoritative: false,
                tiers: tiers(Some(5)),
            };
            apply_in(&mut s, Some(&origin()), &req, NOW).unwrap()
        };
        bill_in("evt_sub", BillingChange::Subscription { subscription: pro_sub(false, NOW) });
        let failed = BillingChange::PaymentFailed { invoice: "in_1".into() };
        bill_in("evt_fail", failed.clone());
        bill_in("evt_fail", failed);
        bill_in("evt_trial", BillingChange::TrialWillEnd { subscription: "sub_1".into() });
        // A notice about a subscription not held tells nothing.
        bill_in("evt_other", BillingChange::TrialWillEnd { subscription: "sub_other".into() });
        assert_eq!(kept(&s), ["subscription.created", "payment.failed", "trial.will_end"]);
        let Ok(Some(f)) = webhook_events::to_forward(&s) else { panic!() };
        let failed: serde_json::Value = serde_json::from_str(&f.events[1].payload).unwrap_or_default();
        assert_eq!(
            (failed["data"]["invoice"].as_str(), failed["data"]["subscription"]["tier"].as_str()),
            (Some("in_1"), Some("pro"))
        );
        let usage = MeterRequest::Usage { user: "u1".into(), tiers: tiers(Some(5)), guard: None };
        let Ok(MeterResponse::Usage { usage }) = apply(&mut s, &usage, NOW) else { panic!() };
        assert_eq!(usage.plan, "pro", "notices change no state");
    }

    #[test]
    fn a_closed_shard_forgets_every_user_and_answers_nothing_more() {
        let mut s = MemStore::default();
        assert!(accepted(&track(&mut s, "u1", 1, Some("k1"), Some(5), NOW)));
        assert_eq!(apply(&mut s, &MeterRequest::Close, NOW).unwrap(), MeterResponse::Closed);
        assert_eq!(s.scan("u:").unwrap(), vec![], "no end user's records are left");
        let usage = MeterRequest::Usage { user: "u1".into(), tiers: tiers(Some(5)), guard: None };
        assert_eq!(apply(&mut s, &usage, NOW).unwrap(), MeterResponse::Closed);
        assert!(matches!(track(&mut s, "u2", 1, None, Some(5), NOW), MeterResponse::Closed));
    }

    #[test]
    fn a_plan_change_applies_at_once_to_the_same_subscription_only_and_keeps_the_usage() {
        let mut s = MemStore::default();
        let sub = pro_sub(false, NOW);
        bill(&mut s, "evt_1", 10, BillingChange::Subscription { subscription: sub.clone() }, false, NOW);
        let track1 = |s: &mut MemStore| track(s, "u1", 1, None, Some(5), NOW + 1);
        assert!(accepted(&track1(&mut s)));
        let changed = |s: &mut MemStore, sub: Subscription, scheduled: Option<ScheduledChange>| {
            let req =
                MeterRequest::PlanChanged { user: "u1".into(), subscription: sub, scheduled, tiers: tiers(Some(5)) };
            match apply(s, &req, NOW + 2).unwrap() {
                MeterResponse::Usage { usage } => usage,
                other => panic!("{other:?}"),
            }
        };
        // Another subscription (one that replaced this meanwhile) is not touched.
        let mut other = sub.clone();
        other.id = "sub_other".into();
        other.tier = Some("free".into());
        assert_eq!(changed(&mut s, other, None).plan, "pro");
        // A downgrade waiting for the period end: still pro, the change shown.
        let mut scheduled = sub.clone();
        scheduled.schedule = Some("sub_sched_1".into());
        let waiting = ScheduledChange { schedule: "sub_sched_1".into(), tier: "free".into(), at_ms: sub.period.end_ms };
        let u = changed(&mut s, scheduled.clone(), Some(waiting.clone()));
        assert_eq!((u.plan.as_str(), u.used, u.scheduled.as_ref()), ("pro", 1, Some(&waiting)));
        // Stripe's event that the schedule let go of it: no change is pending any more.
        scheduled.schedule = None;
        let (_, u) = bill(&mut s, "evt_2", 20, BillingChange::Subscription { subscription: scheduled }, false, NOW + 3);
        assert_eq!(u.scheduled, None);
        // An event from before the change, delivered late, is still ordered by its own time.
        let (outcome, _) = bill(&mut s, "evt_0", 5, BillingChange::Subscription { subscription: sub }, false, NOW + 4);
        assert_eq!(outcome, BillingOutcome::Stale);
    }

    fn customer(s: &mut MemStore, req: MeterRequest) -> CustomerOutcome {
        match apply(s, &req, NOW) {
            Ok(MeterResponse::Customer { outcome }) => outcome,
            other => panic!("{other:?}"),
        }
    }

    fn ann() -> Profile {
        Profile { email: "ann@example.com".into(), first_name: Some("Ann".into()), last_name: None, created_ms: 0 }
    }

    #[test]
    fn a_customer_is_created_once_read_without_creating_and_changed_in_place() {
        let mut s = MemStore::default();
        let get = |user: &str| MeterRequest::Customer { user: user.into(), tiers: tiers(Some(5)) };
        assert_eq!(customer(&mut s, get("ann")), CustomerOutcome::NotFound);
        assert_eq!(s.count(USER_PREFIX, "").ok(), Some(0), "reading a customer creates no user");
        let create = |plan: Option<&str>| MeterRequest::CreateCustomer {
            user: "ann".into(),
            profile: ann(),
            plan: plan.map(str::to_owned),
            tiers: tiers(Some(5)),
        };
        let CustomerOutcome::Created { usage } = customer(&mut s, create(Some("pro"))) else { panic!() };
        assert_eq!((usage.plan.as_str(), usage.limit), ("pro", Some(1000)));
        assert_eq!(usage.profile.as_ref().map(|p| (p.email.as_str(), p.created_ms)), Some(("ann@example.com", NOW)));
        // A second create changes nothing, whatever it asks.
        let CustomerOutcome::Exists { usage } = customer(&mut s, create(None)) else { panic!() };
        assert_eq!(usage.plan, "pro");
        let change = CustomerChange {
            email: Some("ann@new.example".into()),
            first_name: Some(String::new()),
            last_name: Some("Lee".into()),
            plan: Some("free".into()),
        };
        let req = MeterRequest::UpdateCustomer { user: "ann".into(), change, tiers: tiers(Some(5)) };
        let CustomerOutcome::Found { usage } = customer(&mut s, req) else { panic!() };
        let p = usage.profile.clone().unwrap_or_else(ann);
        assert_eq!((p.email.as_str(), p.first_name, p.last_name.as_deref()), ("ann@new.example", None, Some("Lee")));
        assert_eq!((usage.plan.as_str(), usage.limit), ("free", Some(5)));
        let req =
            MeterRequest::UpdateCustomer { user: "bob".into(), change: CustomerChange::default(), tiers: tiers(None) };
        assert_eq!(customer(&mut s, req), CustomerOutcome::NotFound, "an update creates no user");
        // An end user known only from usage is a customer without a profile; creating gives one.
        track(&mut s, "cy", 2, None, None, NOW);
        let CustomerOutcome::Found { usage } = customer(&mut s, get("cy")) else { panic!() };
        assert_eq!((usage.used, usage.profile), (2, None));
    }

    #[test]
    fn deleting_a_customer_removes_their_records_and_count_but_not_while_billed() {
        let mut s = MemStore::default();
        let del = |user: &str| MeterRequest::DeleteCustomer { user: user.into(), tiers: tiers(None) };
        track(&mut s, "ann", 3, Some("k1"), None, NOW);
        track(&mut s, "ben", 1, None, None, NOW);
        let leasing = MeterRequest::Track {
            user: "ann".into(),
            amount: 1,
            idempotency_key: None,
            tiers: tiers(None),
            rate_per_minute: 1_000_000,
            reserve: 10,
            returns: vec![],
        };
        assert!(matches!(apply(&mut s, &leasing, NOW), Ok(MeterResponse::Track { lease: Some(_), .. })));
        assert!(!s.scan("l:ann\n").unwrap_or_default().is_empty(), "ann holds a lease record");
        let users = |s: &mut MemStore| user_count(s).unwrap_or(u64::MAX);
        assert_eq!(users(&mut s), 2);
        let CustomerOutcome::Deleted { usage } = customer(&mut s, del("ann")) else { panic!() };
        assert_eq!(usage.used, 3 + 1 + 10, "three tracked, one tracked with a lease of ten");
        assert_eq!(users(&mut s), 1);
        for prefix in ["u:ann", "i:ann\n", "l:ann\n"] {
            assert!(s.scan(prefix).unwrap_or_default().is_empty(), "{prefix} left behind");
        }
        assert_eq!(customer(&mut s, del("ann")), CustomerOutcome::NotFound);
        // The key is free again: the same keyed call counts anew.
        assert!(matches!(
            track(&mut s, "ann", 1, Some("k1"), None, NOW),
            MeterResponse::Track { outcome: TrackOutcome::Accepted { usage }, replayed: false, .. } if usage.used == 1
        ));
        // A subscribed end user stays until the subscription no longer entitles.
        bill(
            &mut s,
            "evt_1",
            NOW / 1000,
            BillingChange::Subscription { subscription: pro_sub(false, NOW) },
            false,
            NOW,
        );
        assert_eq!(customer(&mut s, del("u1")), CustomerOutcome::Subscribed { subscription: "sub_1".into() });
        assert!(s.get("u:u1").ok().flatten().is_some());
    }

    #[test]
    fn a_subscription_lifts_the_limit_once_and_in_order() {
        let mut s = MemStore::default();
        track(&mut s, "u1", 5, None, Some(5), NOW);
        assert!(!accepted(&track(&mut s, "u1", 1, None, Some(5), NOW)));
        let sub = || BillingChange::Subscription { subscription: pro_sub(false, NOW) };
        for i in 0..5 {
            let (outcome, usage) = bill(&mut s, "evt_1", NOW / 1000, sub(), false, NOW + i);
            assert_eq!(outcome, if i == 0 { BillingOutcome::Applied } else { BillingOutcome::Duplicate });
            assert_eq!((usage.plan.as_str(), usage.limit), ("pro", Some(1000)));
        }
        // A new period started with the subscription: counting from zero under the pro limit.
        assert!(accepted(&track(&mut s, "u1", 1, None, Some(5), NOW + 10)));

        // The newer update (cancel at period end) arrives before an older one (not canceling).
        let newer = BillingChange::Subscription { subscription: pro_sub(true, NOW) };
        assert_eq!(bill(&mut s, "evt_3", NOW / 1000 + 20, newer, false, NOW + 20).0, BillingOutcome::Applied);
        let older = BillingChange::Subscription { subscription: pro_sub(false, NOW) };
        let (outcome, usage) = bill(&mut s, "evt_2", NOW / 1000 + 10, older.clone(), false, NOW + 21);
        assert_eq!(outcome, BillingOutcome::Stale);
        assert!(usage.subscription.as_ref().unwrap().cancel_at_period_end);
        // Same second, another event: a tie until the caller brings Stripe's current state.
        assert_eq!(bill(&mut s, "evt_4", NOW / 1000 + 20, older.clone(), false, NOW + 22).0, BillingOutcome::Tie);
        assert_eq!(bill(&mut s, "evt_4", NOW / 1000 + 20, older, true, NOW + 22).0, BillingOutcome::Applied);

        // Canceling at period end: pro until the end, the free limit after.
        let cancel = BillingChange::Subscription { subscription: pro_sub(true, NOW) };
        bill(&mut s, "evt_5", NOW / 1000 + 30, cancel, false, NOW + 30);
        let end = crate::period::add_months(NOW, 1);
        let at = |s: &mut MemStore, t: i64| match apply(
            s,
            &MeterRequest::Usage { user: "u1".into(), tiers: tiers(Some(5)), guard: None },
            t,
        )
        .unwrap()
        {
            MeterResponse::Usage { usage } => usage,
            other => panic!("{other:?}"),
        };
        assert_eq!(at(&mut s, end - 1).plan, "pro");
        assert_eq!(at(&mut s, end).plan, "free");
    }

    #[test]
    fn paid_invoices_become_daily_revenue_once() {
        let mut s = MemStore::default();
        let paid = || BillingChange::InvoicePaid { invoice: "in_1".into(), amount: 900, paid_ms: NOW };
        bill(&mut s, "evt_i", NOW / 1000, paid(), false, NOW);
        assert_eq!(bill(&mut s, "evt_i", NOW / 1000, paid(), false, NOW).0, BillingOutcome::Duplicate);
        match apply(&mut s, &MeterRequest::Daily { days: 2 }, NOW).unwrap() {
            MeterResponse::Daily { revenue, .. } => {
                assert_eq!(revenue.iter().map(|r| r.1).collect::<Vec<_>>(), vec![0, 900])
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
    }
}
