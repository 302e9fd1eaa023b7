//! What dream-api tells a developer's server (issue #13): the event types, their payloads,
//! and how a usage shard decides that one happened — a usage threshold crossed, the limit
//! reached, a subscription created, changed or ended, a trial about to end, a payment
//! failed. Decided inside the shard's own call, so each is made exactly once; kept in the
//! shard (`w:` rows) until its alarm hands them to the project's webhook outbox
//! ([`crate::webhooks`]), so nothing waits on the developer's server in a track call.

use crate::api::SubscriptionView;
use crate::billing::{SubStatus, Subscription};
use crate::keys::hex;
use crate::meter::MeterStore;
use crate::mode::Mode;
use crate::objects::{to_json, ObjectName};
use crate::period::{rfc3339, Period};
use crate::ports::PortError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Usage alerts when a project sets none: 80% and 100% of the limit.
pub const DEFAULT_ALERTS: [u8; 2] = [80, 100];
/// The most alert percentages a project may set.
pub const MAX_ALERTS: usize = 5;
/// Events one alarm of a shard hands on at most (the rest go with the next).
pub const FORWARD_BATCH: usize = 100;

/// An event type a developer's endpoint can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EventType {
    /// An end user's usage of a meter crossed one of the project's alert percentages.
    #[serde(rename = "usage.threshold_reached")]
    UsageThresholdReached,
    /// An end user's track was first refused because the meter's limit is reached.
    #[serde(rename = "usage.limit_reached")]
    UsageLimitReached,
    #[serde(rename = "subscription.created")]
    SubscriptionCreated,
    /// Tier changed, cancel scheduled or taken back, status changed, or renewed.
    #[serde(rename = "subscription.updated")]
    SubscriptionUpdated,
    #[serde(rename = "subscription.canceled")]
    SubscriptionCanceled,
    /// Stripe's notice, three days before a trial ends.
    #[serde(rename = "trial.will_end")]
    TrialWillEnd,
    #[serde(rename = "payment.failed")]
    PaymentFailed,
    /// A store order was paid.
    #[serde(rename = "order.paid")]
    OrderPaid,
    /// Some or all of a paid store order was refunded.
    #[serde(rename = "order.refunded")]
    OrderRefunded,
}

impl EventType {
    /// Every event type, in the order the docs list them.
    pub const ALL: [EventType; 9] = [
        EventType::UsageThresholdReached,
        EventType::UsageLimitReached,
        EventType::SubscriptionCreated,
        EventType::SubscriptionUpdated,
        EventType::SubscriptionCanceled,
        EventType::TrialWillEnd,
        EventType::PaymentFailed,
        EventType::OrderPaid,
        EventType::OrderRefunded,
    ];

    /// The type's name on the wire (`usage.threshold_reached`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::UsageThresholdReached => "usage.threshold_reached",
            EventType::UsageLimitReached => "usage.limit_reached",
            EventType::SubscriptionCreated => "subscription.created",
            EventType::SubscriptionUpdated => "subscription.updated",
            EventType::SubscriptionCanceled => "subscription.canceled",
            EventType::TrialWillEnd => "trial.will_end",
            EventType::PaymentFailed => "payment.failed",
            EventType::OrderPaid => "order.paid",
            EventType::OrderRefunded => "order.refunded",
        }
    }

    /// Reads a type's wire name.
    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// One event as the developer's endpoint receives it (the request body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookEvent {
    /// Also the `webhook-id` header: the same across retries and endpoints.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Unix seconds.
    pub created: i64,
    pub livemode: bool,
    pub data: EventData,
}

/// The event's `data`, by type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EventData {
    Usage(UsageEventData),
    Subscription(SubscriptionEventData),
    Payment(PaymentEventData),
    Order(OrderEventData),
}

/// `order.paid` and `order.refunded`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderEventData {
    pub order: crate::api::OrderView,
}

/// `usage.threshold_reached` and `usage.limit_reached`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageEventData {
    pub user_id: String,
    /// `api_calls` (the tier limit) or a named meter.
    pub meter: String,
    pub plan: String,
    pub used: u64,
    pub limit: u64,
    /// The percentage crossed (`usage.threshold_reached` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u8>,
    pub period_start: String,
    pub period_end: String,
}

/// `subscription.*` and `trial.will_end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionEventData {
    pub user_id: String,
    pub subscription: SubscriptionView,
    /// What changed (`subscription.updated` only): the earlier values of the fields that did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousAttributes>,
}

/// The earlier values of a subscription's changed fields (as Stripe's `previous_attributes`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviousAttributes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SubStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_at_period_end: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_period_end: Option<String>,
}

impl PreviousAttributes {
    fn is_empty(&self) -> bool {
        *self == PreviousAttributes::default()
    }
}

/// `payment.failed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentEventData {
    pub user_id: String,
    /// Stripe's invoice id (on the connected account).
    pub invoice: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription: Option<SubscriptionView>,
}

/// An event made and not yet handed on: its id and type (what an outbox filters and
/// de-duplicates by) and its body as delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedEvent {
    pub id: String,
    pub kind: EventType,
    pub payload: String,
    /// Whom it is about (the end user): one subject's events reach an endpoint in order,
    /// different subjects' side by side.
    #[serde(default)]
    pub subject: String,
}

impl WebhookEvent {
    /// The end user the event is about.
    pub fn subject(&self) -> &str {
        match &self.data {
            EventData::Usage(d) => &d.user_id,
            EventData::Subscription(d) => &d.user_id,
            EventData::Payment(d) => &d.user_id,
            // A guest's order is about itself: orders go side by side.
            EventData::Order(d) => &d.order.id,
        }
    }
}

/// Where a shard's events go: the project and mode the shard is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub platform: String,
    pub mode: Mode,
}

/// A shard's stored event with the outbox it goes to.
#[derive(Serialize, Deserialize)]
struct Pending {
    outbox: String,
    event: QueuedEvent,
}

const PENDING_PREFIX: &str = "w:";
const SEQ_KEY: &str = "a:wseq";
/// Set while events wait: the alarm is already set, a new event need not set it again.
const WAITING_KEY: &str = "a:wwaiting";

/// A stable event id: the same facts always make the same id, so an outbox can drop a
/// second copy of an event handed on twice.
pub fn event_id(origin: &Origin, seed: &str) -> String {
    let digest = Sha256::digest(format!("{}\n{}\n{seed}", origin.platform, origin.mode).as_bytes());
    format!("evt_{}", hex(&digest[..12]))
}

/// The levels of `thresholds` (percent of `limit`, rounded up) that `before → after` crossed.
pub fn crossed(before: u64, after: u64, limit: u64, thresholds: &[u8]) -> Vec<u8> {
    if limit == 0 {
        return vec![];
    }
    let mut out: Vec<u8> = thresholds
        .iter()
        .copied()
        .filter(|p| {
            let level = (u128::from(limit) * u128::from(*p)).div_ceil(100);
            u128::from(before) < level && level <= u128::from(after)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// [`DEFAULT_ALERTS`] as a list (serde's default for settings that predate alerts).
pub fn default_alerts() -> Vec<u8> {
    DEFAULT_ALERTS.to_vec()
}

/// Which alerts a project may set: 1 to [`MAX_ALERTS`] percentages from 1 to 100.
pub fn valid_alerts(alerts: &[u8]) -> bool {
    alerts.len() <= MAX_ALERTS && alerts.iter().all(|p| (1..=100).contains(p))
}

/// Stores `event` in the shard until its alarm hands it on; answers when to wake — `None`
/// when events already wait (their alarm is set: a busy shard sets it once per batch).
pub fn keep(
    store: &mut dyn MeterStore,
    origin: &Origin,
    event: &WebhookEvent,
    now_ms: i64,
) -> Result<Option<i64>, PortError> {
    let seq = store.add(SEQ_KEY, 1)?;
    let pending = Pending {
        outbox: ObjectName::webhooks(&origin.platform, origin.mode).as_str().to_owned(),
        event: QueuedEvent {
            id: event.id.clone(),
            kind: event.kind,
            payload: to_json(event)?,
            subject: event.subject().to_owned(),
        },
    };
    store.put(&format!("{PENDING_PREFIX}{seq:020}"), &to_json(&pending)?, None)?;
    if store.get(WAITING_KEY)?.is_some() {
        return Ok(None);
    }
    store.put(WAITING_KEY, "1", None)?;
    Ok(Some(now_ms))
}

/// A batch of a shard's kept events for one outbox, and the last row it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forward {
    pub outbox: ObjectName,
    pub events: Vec<QueuedEvent>,
    pub through: String,
}

/// The oldest kept events (all for one outbox: a shard is of one project and mode).
pub fn to_forward(store: &dyn MeterStore) -> Result<Option<Forward>, PortError> {
    let rows = store.page(PENDING_PREFIX, "", "", FORWARD_BATCH)?;
    let Some((through, _)) = rows.last().cloned() else { return Ok(None) };
    let mut outbox = None;
    let mut events = Vec::with_capacity(rows.len());
    for (key, v) in &rows {
        let p: Pending = serde_json::from_str(v).map_err(|e| PortError(format!("stored {key} is unreadable: {e}")))?;
        outbox.get_or_insert_with(|| ObjectName::from_stored(p.outbox));
        events.push(p.event);
    }
    Ok(outbox.map(|outbox| Forward { outbox, events, through }))
}

/// Drops the kept events up to `through` (handed on); answers whether more wait.
pub fn forwarded(store: &mut dyn MeterStore, through: &str) -> Result<bool, PortError> {
    for (key, _) in store.page(PENDING_PREFIX, "", "", FORWARD_BATCH.saturating_mul(2))? {
        if key.as_str() > through {
            return Ok(true);
        }
        store.delete(&key)?;
    }
    let more = !store.page(PENDING_PREFIX, "", "", 1)?.is_empty();
    if !more {
        store.delete(WAITING_KEY)?;
    }
    Ok(more)
}

/// Facts of one end user's usage at a track, for its usage events.
pub struct UsageFacts<'a> {
    pub user: &'a str,
    pub meter: &'a str,
    pub plan: &'a str,
    pub used: u64,
    pub limit: u64,
    pub period: Period,
}

/// A usage event: a threshold crossed (`Some(percent)`) or the limit reached (`None`).
pub fn usage_event(origin: &Origin, facts: &UsageFacts<'_>, threshold: Option<u8>, now_ms: i64) -> WebhookEvent {
    let (kind, what) = match threshold {
        Some(p) => (EventType::UsageThresholdReached, format!("threshold {p}")),
        None => (EventType::UsageLimitReached, "limit".to_owned()),
    };
    let seed = format!("{what}\n{}\n{}\n{}\n{}", facts.user, facts.meter, facts.period.start_ms, facts.limit);
    WebhookEvent {
        id: event_id(origin, &seed),
        kind,
        created: now_ms.div_euclid(1000),
        livemode: origin.mode == Mode::Live,
        data: EventData::Usage(UsageEventData {
            user_id: facts.user.to_owned(),
            meter: facts.meter.to_owned(),
            plan: facts.plan.to_owned(),
            used: facts.used,
            limit: facts.limit,
            threshold,
            period_start: rfc3339(facts.period.start_ms),
            period_end: rfc3339(facts.period.end_ms),
        }),
    }
}

/// The subscription events a change from `before` to `after` makes, in order (`cause`
/// names what changed it — a Stripe event id — so a retried cause makes the same ids).
pub fn subscription_events(
    origin: &Origin,
    user: &str,
    before: Option<&Subscription>,
    after: &Subscription,
    cause: &str,
    now_ms: i64,
) -> Vec<WebhookEvent> {
    let event = |kind: EventType, previous: Option<PreviousAttributes>| WebhookEvent {
        id: event_id(origin, &format!("{}\n{user}\n{}\n{cause}", kind.as_str(), after.id)),
        kind,
        created: now_ms.div_euclid(1000),
        livemode: origin.mode == Mode::Live,
        data: EventData::Subscription(SubscriptionEventData {
            user_id: user.to_owned(),
            subscription: SubscriptionView::from(after),
            previous,
        }),
    };
    let ended = after.ended_ms.is_some() || after.status == SubStatus::Canceled;
    let same = before.filter(|b| b.id == after.id);
    let Some(b) = same else {
        // Another subscription than the one held: new, unless it arrives already over.
        return if ended { vec![] } else { vec![event(EventType::SubscriptionCreated, None)] };
    };
    let was_ended = b.ended_ms.is_some() || b.status == SubStatus::Canceled;
    if ended {
        return if was_ended { vec![] } else { vec![event(EventType::SubscriptionCanceled, None)] };
    }
    let mut previous = PreviousAttributes::default();
    if b.tier != after.tier {
        previous.tier = Some(b.tier.clone());
    }
    if b.status != after.status {
        previous.status = Some(b.status);
    }
    if b.cancel_at_period_end != after.cancel_at_period_end {
        previous.cancel_at_period_end = Some(b.cancel_at_period_end);
    }
    if b.period.end_ms != after.period.end_ms {
        previous.current_period_end = Some(rfc3339(b.period.end_ms));
    }
    if previous.is_empty() {
        vec![]
    } else {
        vec![event(EventType::SubscriptionUpdated, Some(previous))]
    }
}

/// `trial.will_end` for the subscription held (Stripe's notice `cause`).
pub fn trial_will_end(origin: &Origin, user: &str, sub: &Subscription, cause: &str, now_ms: i64) -> WebhookEvent {
    WebhookEvent {
        id: event_id(origin, &format!("trial\n{user}\n{}\n{cause}", sub.id)),
        kind: EventType::TrialWillEnd,
        created: now_ms.div_euclid(1000),
        livemode: origin.mode == Mode::Live,
        data: EventData::Subscription(SubscriptionEventData {
            user_id: user.to_owned(),
            subscription: SubscriptionView::from(sub),
            previous: None,
        }),
    }
}

/// `order.paid` or `order.refunded` for a store order (one event per new refund total).
pub fn order_event(origin: &Origin, news: &crate::store::OrderNews, now_ms: i64) -> WebhookEvent {
    use crate::store::OrderNews;
    let (kind, order, cause) = match news {
        OrderNews::Paid(o) => (EventType::OrderPaid, o, "order paid".to_owned()),
        OrderNews::Refunded(o) => {
            (EventType::OrderRefunded, o, format!("order refunded {}", o.amount_refunded.unwrap_or(0)))
        }
    };
    WebhookEvent {
        id: event_id(origin, &format!("{cause}\n{}", order.id)),
        kind,
        created: now_ms.div_euclid(1000),
        livemode: origin.mode == Mode::Live,
        data: EventData::Order(OrderEventData { order: crate::api::OrderView::from(order) }),
    }
}

/// `payment.failed` for an invoice of the user's subscription.
pub fn payment_failed(
    origin: &Origin,
    user: &str,
    invoice: &str,
    sub: Option<&Subscription>,
    cause: &str,
    now_ms: i64,
) -> WebhookEvent {
    WebhookEvent {
        id: event_id(origin, &format!("payment\n{user}\n{invoice}\n{cause}")),
        kind: EventType::PaymentFailed,
        created: now_ms.div_euclid(1000),
        livemode: origin.mode == Mode::Live,
        data: EventData::Payment(PaymentEventData {
            user_id: user.to_owned(),
            invoice: invoice.to_owned(),
            subscription: sub.map(SubscriptionView::from),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemStore;

    fn origin() -> Origin {
        Origin { platform: "plt_a".into(), mode: Mode::Test }
    }

    #[test]
    fn a_threshold_is_crossed_by_the_call_that_reaches_its_level_only() {
        assert_eq!(crossed(0, 7, 10, &[80, 100]), Vec::<u8>::new());
        assert_eq!(crossed(7, 8, 10, &[80, 100]), vec![80]);
        assert_eq!(crossed(8, 10, 10, &[80, 100]), vec![100]);
        assert_eq!(crossed(0, 10, 10, &[100, 80, 80]), vec![80, 100]);
        assert_eq!(crossed(10, 11, 10, &[80, 100]), Vec::<u8>::new());
        // Levels round up: 80% of 3 is 2.4, reached at 3.
        assert_eq!(crossed(2, 3, 3, &[80]), vec![80]);
        assert_eq!(crossed(0, 5, 0, &[80]), Vec::<u8>::new());
        assert_eq!(crossed(0, u64::MAX, u64::MAX, &[100]), vec![100]);
    }

    #[test]
    fn the_same_facts_make_the_same_id_and_other_projects_other_ids() {
        let facts = UsageFacts {
            user: "u1",
            meter: "api_calls",
            plan: "free",
            used: 8,
            limit: 10,
            period: Period { start_ms: 0, end_ms: 1 },
        };
        let a = usage_event(&origin(), &facts, Some(80), 5_000);
        assert_eq!(a.id, usage_event(&origin(), &facts, Some(80), 9_000).id);
        assert_ne!(a.id, usage_event(&origin(), &facts, Some(100), 5_000).id);
        let other = Origin { platform: "plt_b".into(), mode: Mode::Test };
        assert_ne!(a.id, usage_event(&other, &facts, Some(80), 5_000).id);
        let json: serde_json::Value = serde_json::from_str(&to_json(&a).unwrap_or_default()).unwrap_or_default();
        assert_eq!(json["type"], "usage.threshold_reached");
        assert_eq!(json["data"]["threshold"], 80);
        assert_eq!(json["livemode"], false);
        assert_eq!(json["created"], 5);
    }

    #[test]
    fn kept_events_are_handed_on_in_order_and_dropped_once_forwarded() {
        let mut s = MemStore::default();
        let facts = UsageFacts {
            user: "u",
            meter: "api_calls",
            plan: "free",
            used: 1,
            limit: 1,
            period: Period { start_ms: 0, end_ms: 1 },
        };
        for (p, wake) in [(10, Some(7)), (20, None), (30, None)] {
            let e = usage_event(&origin(), &facts, Some(p), 0);
            assert_eq!(keep(&mut s, &origin(), &e, 7), Ok(wake), "only the first sets the alarm");
        }
        let Ok(Some(f)) = to_forward(&s) else { panic!("nothing to forward") };
        assert_eq!(f.outbox, ObjectName::webhooks("plt_a", Mode::Test));
        assert_eq!(f.events.len(), 3);
        assert!(f.events[0].payload.contains("\"threshold\":10"));
        let e = usage_event(&origin(), &facts, Some(40), 0);
        let _ = keep(&mut s, &origin(), &e, 8);
        assert_eq!(forwarded(&mut s, &f.through), Ok(true));
        let Ok(Some(rest)) = to_forward(&s) else { panic!("the fourth is kept") };
        assert_eq!(rest.events.len(), 1);
        assert_eq!(forwarded(&mut s, &rest.through), Ok(false));
        assert_eq!(to_forward(&s), Ok(None));
        // Nothing waits: the next event sets the alarm again.
        let e = usage_event(&origin(), &facts, Some(50), 0);
        assert_eq!(keep(&mut s, &origin(), &e, 9), Ok(Some(9)));
    }

    #[test]
    fn alerts_are_a_few_percentages() {
        assert!(valid_alerts(&DEFAULT_ALERTS));
        assert!(valid_alerts(&[]));
        assert!(!valid_alerts(&[0]));
        assert!(!valid_alerts(&[101]));
        assert!(!valid_alerts(&[10, 20, 30, 40, 50, 60]));
    }
}
