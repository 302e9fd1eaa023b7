//! End users' paid plans: the subscription state dream-api keeps per end user, how Stripe's
//! events move it (exactly once, never backwards), and the revenue figures derived from it.
//!
//! Pure rules: the meter shard applies them atomically next to the user's counters; the
//! workers translate Stripe's objects into [`Subscription`]s.

use crate::period::{add_months, month_of, Period};
use serde::{Deserialize, Serialize};

/// How long an applied event id is remembered (Stripe retries for up to three days).
pub const EVENT_MEMORY_MS: i64 = 30 * 86_400_000;

/// A Stripe subscription status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubStatus {
    Active,
    Trialing,
    /// A renewal payment failed and Stripe is retrying: the tier is kept meanwhile.
    PastDue,
    /// Stripe gave up on payment: back to the free tier.
    Unpaid,
    Canceled,
    Incomplete,
    IncompleteExpired,
    Paused,
}

impl SubStatus {
    /// Parses Stripe's status string; unknown statuses grant nothing.
    pub fn parse(s: &str) -> SubStatus {
        match s {
            "active" => SubStatus::Active,
            "trialing" => SubStatus::Trialing,
            "past_due" => SubStatus::PastDue,
            "unpaid" => SubStatus::Unpaid,
            "canceled" => SubStatus::Canceled,
            "incomplete" => SubStatus::Incomplete,
            "incomplete_expired" => SubStatus::IncompleteExpired,
            _ => SubStatus::Paused,
        }
    }

    /// Stripe's name of the status (as serialized).
    pub fn as_str(self) -> &'static str {
        match self {
            SubStatus::Active => "active",
            SubStatus::Trialing => "trialing",
            SubStatus::PastDue => "past_due",
            SubStatus::Unpaid => "unpaid",
            SubStatus::Canceled => "canceled",
            SubStatus::Incomplete => "incomplete",
            SubStatus::IncompleteExpired => "incomplete_expired",
            SubStatus::Paused => "paused",
        }
    }

    /// Whether this status gives the subscribed tier. `past_due` does: Stripe is still
    /// retrying the card, and cutting a paying customer off for a transient decline is worse
    /// than a few days' grace; once Stripe gives up the status becomes `unpaid` or `canceled`.
    pub fn entitles(self) -> bool {
        matches!(self, SubStatus::Active | SubStatus::Trialing | SubStatus::PastDue)
    }
}

/// One end user's subscription as dream-api knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    pub id: String,
    pub customer: String,
    /// The tier its price buys; `None` when the price is not one of the platform's (it then
    /// grants nothing).
    pub tier: Option<String>,
    pub status: SubStatus,
    pub price_id: String,
    /// Price per billing interval, in the currency's smallest unit.
    pub amount: i64,
    pub currency: String,
    /// Billing interval in months (1 = monthly, 12 = yearly); 0 for shorter intervals.
    pub interval_months: u32,
    pub period: Period,
    pub cancel_at_period_end: bool,
    pub created_ms: i64,
    pub ended_ms: Option<i64>,
    /// When its free trial ends (while Stripe says `trialing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial_end_ms: Option<i64>,
    /// The Stripe subscription schedule managing it (a plan change waiting for the period end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
}

impl Subscription {
    /// Whether it gives its tier at `now_ms`: a subscription set to cancel at period end
    /// stops at the period end even before Stripe's `deleted` event arrives.
    pub fn entitles(&self, now_ms: i64) -> bool {
        self.tier.is_some()
            && self.status.entitles()
            && self.ended_ms.is_none()
            && !(self.cancel_at_period_end && now_ms >= self.period.end_ms)
    }

    /// The amount normalised to a month (for MRR).
    pub fn monthly_amount(&self) -> i64 {
        monthly(self.amount, self.interval_months)
    }

    /// When its trial ends, while it is trialing.
    pub fn trial_ends_ms(&self) -> Option<i64> {
        self.trial_end_ms.filter(|_| self.status == SubStatus::Trialing)
    }

    /// The usage period containing `now_ms`: the subscription's own, continued month by month
    /// past its end while the renewal has not been seen yet.
    pub fn period_at(&self, now_ms: i64) -> Period {
        let mut p = self.period;
        let mut guard = 0;
        while now_ms >= p.end_ms && guard < 1200 {
            p = Period { start_ms: p.end_ms, end_ms: add_months(p.end_ms, 1).max(p.end_ms + 1) };
            guard += 1;
        }
        p
    }
}

/// Billing facts kept with an end user's meter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Billing {
    /// Their Stripe customer on the platform's connected account (for the portal).
    pub customer: Option<String>,
    pub subscription: Option<Subscription>,
    /// `created` (seconds) of the newest subscription event applied: older ones are stale.
    pub version: i64,
    /// Id of the event that set `version` (a different event of the same second is a tie).
    pub version_event: String,
    /// Subscriptions a newer one replaced that Stripe has not yet confirmed canceled: kept
    /// with the event that replaced them, so a failed cancel is retried, never forgotten.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending_cancels: Vec<PendingCancel>,
    /// The Checkout Session opened last: the only one that may still be paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_checkout: Option<OpenCheckout>,
    /// A tier change dream-api scheduled for the period end; it stands only while Stripe's
    /// subscription is still managed by the same schedule (see [`Billing::scheduled_change`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled: Option<ScheduledChange>,
}

/// A tier change waiting for the end of the paid period (a downgrade: the buyer keeps what
/// they paid for until then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledChange {
    /// The Stripe subscription schedule that makes it.
    pub schedule: String,
    pub tier: String,
    /// When it takes effect.
    pub at_ms: i64,
}

/// Which way a tier change goes, by the monthly price: up (or level) takes effect at once and
/// is prorated, so the buyer pays the difference now; down waits for the period end, so the
/// buyer keeps what they paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeDirection {
    Now,
    AtPeriodEnd,
}

impl ChangeDirection {
    /// The direction of a change from `current` to a price of `amount` every `interval_months`.
    pub fn of(current: &Subscription, amount: i64, interval_months: u32) -> ChangeDirection {
        let monthly = monthly(amount, interval_months);
        if monthly >= current.monthly_amount() {
            ChangeDirection::Now
        } else {
            ChangeDirection::AtPeriodEnd
        }
    }
}

/// An amount per `interval_months` normalised to a month (0 months: a daily or weekly price,
/// counted as 30 of it, as for MRR).
fn monthly(amount: i64, interval_months: u32) -> i64 {
    match interval_months {
        0 => amount.saturating_mul(30),
        n => amount / i64::from(n),
    }
}

/// A Checkout Session handed to the buyer and not yet known to be over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenCheckout {
    pub session: String,
    /// When Stripe stops accepting payment on it.
    pub expires_ms: i64,
}

/// A replaced subscription still to be canceled at Stripe (so nobody pays twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingCancel {
    pub subscription: String,
    /// When it was replaced.
    pub since_ms: i64,
    /// Cancels tried and failed so far.
    pub attempts: u32,
    /// Why the last one failed.
    pub last_error: Option<String>,
}

impl Billing {
    /// Makes `next` the one open checkout; answers the one it supersedes, if that could
    /// still be paid (the caller expires it at Stripe, so at most one is ever paid).
    pub fn open_checkout(&mut self, next: OpenCheckout, now_ms: i64) -> Option<String> {
        let previous = self.open_checkout.replace(next);
        previous.filter(|p| p.expires_ms > now_ms).map(|p| p.session)
    }

    /// Owes the cancel of `subscription` (once, however often it is replaced again).
    pub fn owe_cancel(&mut self, subscription: &str, now_ms: i64) {
        if !self.pending_cancels.iter().any(|p| p.subscription == subscription) {
            self.pending_cancels.push(PendingCancel {
                subscription: subscription.to_owned(),
                since_ms: now_ms,
                attempts: 0,
                last_error: None,
            });
        }
    }

    /// Records a cancel attempt: done (`error` is `None`) forgets it, a failure counts it.
    pub fn settle_cancel(&mut self, subscription: &str, error: Option<String>) {
        match error {
            None => self.pending_cancels.retain(|p| p.subscription != subscription),
            Some(e) => {
                if let Some(p) = self.pending_cancels.iter_mut().find(|p| p.subscription == subscription) {
                    p.attempts = p.attempts.saturating_add(1);
                    p.last_error = Some(e);
                }
            }
        }
    }

    /// The tier change waiting for the period end, while Stripe's subscription is still
    /// managed by the schedule that makes it (released or completed: no longer pending).
    pub fn scheduled_change(&self) -> Option<&ScheduledChange> {
        let sub = self.subscription.as_ref()?;
        self.scheduled.as_ref().filter(|c| {
            sub.schedule.as_deref() == Some(c.schedule.as_str()) && sub.tier.as_deref() != Some(c.tier.as_str())
        })
    }

    /// The tier the subscription gives at `now_ms`, if it gives one.
    pub fn tier_at(&self, now_ms: i64) -> Option<&str> {
        self.subscription.as_ref().filter(|s| s.entitles(now_ms)).and_then(|s| s.tier.as_deref())
    }

    /// The usage period at `now_ms`: the subscription's while it entitles, else the month.
    pub fn period_at(&self, now_ms: i64) -> Period {
        match &self.subscription {
            Some(s) if s.entitles(now_ms) => s.period_at(now_ms),
            _ => month_of(now_ms),
        }
    }
}

/// What one Stripe event does to an end user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BillingChange {
    /// The subscription's current state (from the event or re-fetched from Stripe).
    Subscription { subscription: Subscription },
    /// An invoice was paid: revenue on the day it was paid.
    InvoicePaid { invoice: String, amount: i64, paid_ms: i64 },
    /// A payment failed (the status change arrives as a subscription update).
    PaymentFailed { invoice: String },
    /// Stripe's notice that a subscription's trial ends in three days.
    TrialWillEnd { subscription: String },
}

/// How a shard took a billing event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingOutcome {
    Applied,
    /// This event id was applied before.
    Duplicate,
    /// Older than the state already held: ignored.
    Stale,
    /// Same second as the state held, from another event: the caller re-fetches the
    /// subscription from Stripe and sends it again with `authoritative` set.
    Tie,
}

/// Decides a subscription change against the held state (`event_created` in seconds).
/// Late news of another subscription that no longer gives anything (the one a new
/// subscription replaced) never displaces a subscription that does.
pub fn order(
    held: &Billing,
    incoming: &Subscription,
    event_id: &str,
    event_created: i64,
    authoritative: bool,
    now_ms: i64,
) -> BillingOutcome {
    if let Some(h) = &held.subscription {
        if h.id != incoming.id && h.entitles(now_ms) && !incoming.entitles(now_ms) {
            return BillingOutcome::Stale;
        }
    }
    if held.subscription.is_none() || event_created > held.version || authoritative {
        BillingOutcome::Applied
    } else if event_created < held.version {
        BillingOutcome::Stale
    } else if event_id == held.version_event {
        BillingOutcome::Duplicate
    } else {
        BillingOutcome::Tie
    }
}

/// Revenue figures of a platform, from its end users' subscriptions at `now_ms`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Revenue {
    /// Monthly recurring revenue (smallest currency unit), subscriptions that still entitle.
    pub mrr: i64,
    pub active: u64,
    /// Active but set to end at period end.
    pub canceling: u64,
    pub new_this_month: u64,
    pub churned_this_month: u64,
}

impl Revenue {
    /// Adds one end user's subscription.
    pub fn add(&mut self, s: &Subscription, now_ms: i64) {
        let month = month_of(now_ms);
        let within = |t: i64| t >= month.start_ms && t < month.end_ms;
        if s.entitles(now_ms) {
            self.mrr = self.mrr.saturating_add(s.monthly_amount());
            self.active += 1;
            if s.cancel_at_period_end {
                self.canceling += 1;
            }
        }
        if s.tier.is_some() && within(s.created_ms) {
            self.new_this_month += 1;
        }
        let ended = s.ended_ms.or((s.cancel_at_period_end && now_ms >= s.period.end_ms).then_some(s.period.end_ms));
        if s.tier.is_some() && ended.is_some_and(within) {
            self.churned_this_month += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;
    const NOW: i64 = 1_795_262_400_000; // 2026-11-21T12:00:00Z

    fn sub(status: SubStatus, cancel: bool) -> Subscription {
        Subscription {
            id: "sub_1".into(),
            customer: "cus_1".into(),
            tier: Some("pro".into()),
            status,
            price_id: "price_1".into(),
            amount: 900,
            currency: "usd".into(),
            interval_months: 1,
            period: Period { start_ms: NOW, end_ms: add_months(NOW, 1) },
            cancel_at_period_end: cancel,
            created_ms: NOW,
            ended_ms: None,
            trial_end_ms: None,
            schedule: None,
        }
    }

    #[test]
    fn status_names_are_stripes_and_round_trip() {
        for s in [
            SubStatus::Active,
            SubStatus::Trialing,
            SubStatus::PastDue,
            SubStatus::Unpaid,
            SubStatus::Canceled,
            SubStatus::Incomplete,
            SubStatus::IncompleteExpired,
        ] {
            assert_eq!(SubStatus::parse(s.as_str()), s);
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(s.as_str()));
        }
        assert_eq!(serde_json::to_value(SubStatus::Paused).unwrap(), serde_json::json!("paused"));
    }

    #[test]
    fn canceling_keeps_the_tier_until_the_period_ends() {
        let s = sub(SubStatus::Active, true);
        assert!(s.entitles(NOW + DAY));
        assert!(!s.entitles(s.period.end_ms));
        let b = Billing { subscription: Some(s.clone()), ..Default::default() };
        assert_eq!(b.tier_at(NOW), Some("pro"));
        assert_eq!(b.tier_at(s.period.end_ms), None);
        assert_eq!(b.period_at(s.period.end_ms), month_of(s.period.end_ms));
    }

    #[test]
    fn past_due_keeps_the_tier_unpaid_does_not() {
        assert!(sub(SubStatus::PastDue, false).entitles(NOW));
        assert!(!sub(SubStatus::Unpaid, false).entitles(NOW));
        assert!(!sub(SubStatus::Canceled, false).entitles(NOW));
        let mut unknown_price = sub(SubStatus::Active, false);
        unknown_price.tier = None;
        assert!(!unknown_price.entitles(NOW));
    }

    #[test]
    fn periods_continue_monthly_until_the_renewal_is_seen() {
        let s = sub(SubStatus::Active, false);
        let p = s.period_at(s.period.end_ms + DAY);
        assert_eq!(p.start_ms, s.period.end_ms);
        assert_eq!(p.end_ms, add_months(s.period.end_ms, 1));
    }

    #[test]
    fn events_apply_in_order_only() {
        let held = Billing {
            subscription: Some(sub(SubStatus::Active, false)),
            version: 100,
            version_event: "evt_a".into(),
            ..Default::default()
        };
        let s = sub(SubStatus::Active, true);
        assert_eq!(order(&held, &s, "evt_b", 101, false, NOW), BillingOutcome::Applied);
        assert_eq!(order(&held, &s, "evt_b", 99, false, NOW), BillingOutcome::Stale);
        assert_eq!(order(&held, &s, "evt_a", 100, false, NOW), BillingOutcome::Duplicate);
        assert_eq!(order(&held, &s, "evt_b", 100, false, NOW), BillingOutcome::Tie);
        assert_eq!(order(&held, &s, "evt_b", 100, true, NOW), BillingOutcome::Applied);
        assert_eq!(order(&Billing::default(), &s, "evt_x", 1, false, NOW), BillingOutcome::Applied);
        // The replaced subscription's late cancellation does not displace the new one.
        let mut old = sub(SubStatus::Canceled, false);
        old.id = "sub_old".into();
        assert_eq!(order(&held, &old, "evt_c", 200, false, NOW), BillingOutcome::Stale);
        let mut other_active = sub(SubStatus::Active, false);
        other_active.id = "sub_new".into();
        assert_eq!(order(&held, &other_active, "evt_d", 200, false, NOW), BillingOutcome::Applied);
    }

    #[test]
    fn up_or_level_changes_now_down_at_the_period_end_by_monthly_price() {
        let s = sub(SubStatus::Active, false);
        assert_eq!(ChangeDirection::of(&s, 2900, 1), ChangeDirection::Now);
        assert_eq!(ChangeDirection::of(&s, 900, 1), ChangeDirection::Now);
        assert_eq!(ChangeDirection::of(&s, 500, 1), ChangeDirection::AtPeriodEnd);
        // 9,600 a year is 800 a month: less than 900.
        assert_eq!(ChangeDirection::of(&s, 9600, 12), ChangeDirection::AtPeriodEnd);
    }

    #[test]
    fn a_scheduled_change_stands_only_while_its_schedule_manages_the_subscription() {
        let mut s = sub(SubStatus::Active, false);
        s.schedule = Some("sub_sched_1".into());
        let change = ScheduledChange { schedule: "sub_sched_1".into(), tier: "free".into(), at_ms: s.period.end_ms };
        let mut b = Billing { subscription: Some(s.clone()), scheduled: Some(change.clone()), ..Default::default() };
        assert_eq!(b.scheduled_change(), Some(&change));
        // Done: the subscription now has the tier the change was for.
        let mut done = s.clone();
        done.tier = Some("free".into());
        b.subscription = Some(done);
        assert_eq!(b.scheduled_change(), None);
        // Released (at Stripe or in the portal): nothing waits any more.
        s.schedule = None;
        b.subscription = Some(s);
        assert_eq!(b.scheduled_change(), None);
    }

    #[test]
    fn a_trial_end_shows_only_while_trialing() {
        let mut s = sub(SubStatus::Trialing, false);
        s.trial_end_ms = Some(NOW + 7 * DAY);
        assert_eq!(s.trial_ends_ms(), Some(NOW + 7 * DAY));
        assert!(s.entitles(NOW), "a trial gives the tier");
        s.status = SubStatus::Active;
        assert_eq!(s.trial_ends_ms(), None);
    }

    #[test]
    fn revenue_counts() {
        let mut r = Revenue::default();
        r.add(&sub(SubStatus::Active, false), NOW);
        r.add(&sub(SubStatus::Active, true), NOW);
        let mut gone = sub(SubStatus::Canceled, false);
        gone.ended_ms = Some(NOW + DAY);
        r.add(&gone, NOW + 2 * DAY);
        let mut yearly = sub(SubStatus::Active, false);
        yearly.amount = 12_000;
        yearly.interval_months = 12;
        r.add(&yearly, NOW);
        assert_eq!(
            r,
            Revenue { mrr: 900 + 900 + 1000, active: 3, canceling: 1, new_this_month: 4, churned_this_month: 1 }
        );
    }
}
