//! A project's webhook endpoints in one mode and the deliveries to them: the outbox object
//! `<platform>:<mode>:webhooks`. Pure and synchronous like every role: the object's alarm
//! asks for the attempts due ([`WebhooksRequest::Due`]), sends them (the shell: signing and
//! HTTP), and reports how each went ([`WebhooksRequest::Report`]). Deliveries are at least
//! once: an attempt handed out and never reported is handed out again after
//! [`IN_FLIGHT_MS`].
//!
//! Signing secrets are not stored: each is derived from the deployment's webhook key, the
//! endpoint's id and its secret's generation (`dream_services::webhooks`), so rotating one
//! is a generation more, and the previous generation still signs until its overlap ends.

use crate::meter::MeterStore;
use crate::objects::{read, to_json};
use crate::ports::PortError;
use crate::webhook_events::{EventType, QueuedEvent};
use serde::{Deserialize, Serialize};

/// Endpoints per project and mode.
pub const MAX_ENDPOINTS: usize = 10;
/// Deliveries waiting at once per project and mode; past it, new ones fail at once
/// (`queue_full`) rather than grow the object without bound.
pub const MAX_PENDING: u64 = 10_000;
/// Attempts per delivery: the first, then retries 5 s, 20 s, 80 s, … apart (×4 each, at
/// most 10 h) — about 27 hours from the first to the last.
pub const ATTEMPTS: u32 = 10;
/// The first retry's delay (the deployment may set a shorter one for tests).
pub const FIRST_RETRY_MS: i64 = 5_000;
/// The longest wait between two attempts.
pub const MAX_RETRY_DELAY_MS: i64 = 10 * 3_600_000;
/// An attempt handed out and not reported by then is handed out again.
pub const IN_FLIGHT_MS: i64 = 60_000;
/// Finished deliveries kept for the dashboard's list.
pub const KEEP_FINISHED: u64 = 500;
/// How long an event id is remembered, so an event handed on twice is delivered once.
pub const DEDUP_MS: i64 = 7 * 86_400_000;
/// Attempts one alarm makes at most (the rest go with the next).
pub const DUE_BATCH: usize = 50;
/// How long a rotated-out secret still signs, unless the rotation says otherwise.
pub const ROTATION_OVERLAP_MS: i64 = 86_400_000;
/// The longest overlap a rotation may ask for.
pub const MAX_ROTATION_OVERLAP_MS: i64 = 7 * 86_400_000;

/// A registered endpoint (as stored, and as the developer API shows it: no secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub id: String,
    pub url: String,
    #[serde(default)]
    pub description: String,
    /// The event types sent to it; empty: every type.
    #[serde(default)]
    pub events: Vec<EventType>,
    pub created_ms: i64,
    /// The signing secret's generation (a rotation adds one).
    pub generation: u32,
    /// The generation rotated out, still signing until `until_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousSecret>,
    /// Set when the endpoint failed every attempt of a delivery (or the developer disabled
    /// it): nothing is sent to it until it is enabled again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<Disabled>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success_ms: Option<i64>,
}

impl Endpoint {
    /// Whether it takes events of `kind` now.
    pub fn wants(&self, kind: EventType) -> bool {
        self.disabled.is_none() && (self.events.is_empty() || self.events.contains(&kind))
    }

    /// The secret generations that sign a delivery at `now_ms`: the current one, then the
    /// previous one while its overlap lasts.
    pub fn signing_generations(&self, now_ms: i64) -> Vec<u32> {
        let mut out = vec![self.generation];
        out.extend(self.previous.as_ref().filter(|p| p.until_ms > now_ms).map(|p| p.generation));
        out
    }
}

/// A rotated-out secret generation and when it stops signing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviousSecret {
    pub generation: u32,
    pub until_ms: i64,
}

/// Why and when an endpoint stopped receiving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Disabled {
    pub at_ms: i64,
    pub reason: String,
}

/// A new endpoint (its id is made by the caller, at random).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEndpoint {
    pub id: String,
    pub url: String,
    pub description: String,
    pub events: Vec<EventType>,
}

/// A change to an endpoint; absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointChange {
    pub url: Option<String>,
    pub description: Option<String>,
    pub events: Option<Vec<EventType>>,
    pub enabled: Option<bool>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its next attempt.
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Every attempt failed, or the endpoint was removed or disabled, or the queue was full.
    Failed,
}

/// One event's delivery to one endpoint (as stored, and as the developer API shows it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    pub id: String,
    pub endpoint_id: String,
    pub event_id: String,
    pub event_type: EventType,
    /// The request body sent.
    pub payload: String,
    /// Whom the event is about (see [`QueuedEvent::subject`]).
    #[serde(default)]
    pub subject: String,
    pub created_ms: i64,
    pub status: DeliveryStatus,
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempt_ms: Option<i64>,
    /// The endpoint's last HTTP status, if it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_status: Option<u16>,
    /// Why the last attempt failed, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Its place in the queue (ids are `dlv_<seq>`).
    #[serde(skip)]
    seq: u64,
}

/// One attempt the shell is to make: sign `payload` as message `event_id` with the
/// endpoint's secrets of `generations`, and POST it to `url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub delivery: String,
    pub endpoint_id: String,
    /// One endpoint's attempts about one subject are made in order.
    #[serde(default)]
    pub subject: String,
    pub url: String,
    pub event_id: String,
    pub payload: String,
    pub generations: Vec<u32>,
}

/// How an attempt went: the endpoint's status, or why there was none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptResult {
    pub delivery: String,
    pub status: Option<u16>,
    pub error: Option<String>,
}

impl AttemptResult {
    fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// A call to a project's webhook outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum WebhooksRequest {
    Endpoints,
    AddEndpoint {
        endpoint: NewEndpoint,
    },
    UpdateEndpoint {
        id: String,
        change: EndpointChange,
    },
    /// A new secret generation; the previous one signs too for `overlap_ms`.
    RotateSecret {
        id: String,
        overlap_ms: i64,
    },
    RemoveEndpoint {
        id: String,
    },
    /// Events to deliver (from usage shards' alarms); one already seen is dropped.
    Enqueue {
        events: Vec<QueuedEvent>,
    },
    /// Newest first, at most `limit`, older than the delivery `before` if given.
    Deliveries {
        endpoint: Option<String>,
        before: Option<String>,
        limit: u32,
    },
    /// Sends a delivery's event again to its endpoint, as a new delivery.
    Resend {
        delivery: String,
    },
    /// The attempts due now (each is marked in flight).
    Due,
    /// How the attempts went; failed ones wait `first_retry_ms` × 4^(attempts − 1).
    Report {
        results: Vec<AttemptResult>,
        first_retry_ms: i64,
    },
}

/// Its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WebhooksResponse {
    Endpoints {
        endpoints: Vec<Endpoint>,
    },
    Endpoint {
        endpoint: Endpoint,
    },
    /// No endpoint (or delivery) by that id.
    NotFound,
    /// Already [`MAX_ENDPOINTS`].
    TooMany,
    /// A resend to an endpoint that is disabled.
    EndpointDisabled,
    Removed,
    Enqueued {
        deliveries: u32,
    },
    Deliveries {
        deliveries: Vec<Delivery>,
        more: bool,
    },
    Delivery {
        delivery: Delivery,
    },
    Due {
        attempts: Vec<Attempt>,
    },
    Reported,
}

const ENDPOINTS_KEY: &str = "h:endpoints";
const SEQ_KEY: &str = "h:seq";
const PENDING_KEY: &str = "h:pending";
const DELIVERY_PREFIX: &str = "q:";
const DUE_PREFIX: &str = "p:";
const FINISHED_PREFIX: &str = "f:";
const SEEN_PREFIX: &str = "x:";

/// Newest first: the key of a delivery sorts by its sequence number, reversed.
fn delivery_key(seq: u64) -> String {
    format!("{DELIVERY_PREFIX}{:020}", u64::MAX - seq)
}

fn due_key(at_ms: i64, seq: u64) -> String {
    format!("{DUE_PREFIX}{:015}:{seq:020}", at_ms.max(0))
}

fn seq_of(id: &str) -> Option<u64> {
    id.strip_prefix("dlv_")?.parse().ok()
}

fn endpoints(store: &dyn MeterStore) -> Result<Vec<Endpoint>, PortError> {
    Ok(read(store, ENDPOINTS_KEY)?.unwrap_or_default())
}

fn save_endpoints(store: &mut dyn MeterStore, list: &[Endpoint]) -> Result<(), PortError> {
    store.put(ENDPOINTS_KEY, &to_json(&list)?, None)
}

fn load(store: &dyn MeterStore, seq: u64) -> Result<Option<Delivery>, PortError> {
    Ok(read::<Delivery>(store, &delivery_key(seq))?.map(|mut d| {
        d.seq = seq;
        d
    }))
}

fn save(store: &mut dyn MeterStore, d: &Delivery) -> Result<(), PortError> {
    store.put(&delivery_key(d.seq), &to_json(d)?, None)
}

/// Moves a delivery's place in the due index (`None`: off it), keeping the count of waiting
/// deliveries (so the bound is checked without counting the index).
fn reschedule(store: &mut dyn MeterStore, d: &mut Delivery, at: Option<i64>) -> Result<(), PortError> {
    if let Some(old) = d.next_attempt_ms {
        store.delete(&due_key(old, d.seq))?;
    }
    if let Some(t) = at {
        store.put(&due_key(t, d.seq), "", None)?;
    }
    match (d.next_attempt_ms, at) {
        (None, Some(_)) => {
            store.add(PENDING_KEY, 1)?;
        }
        (Some(_), None) => {
            store.add(PENDING_KEY, -1)?;
        }
        _ => {}
    }
    d.next_attempt_ms = at;
    Ok(())
}

/// Ends a delivery and keeps at most [`KEEP_FINISHED`] finished ones.
fn finish(store: &mut dyn MeterStore, d: &mut Delivery, status: DeliveryStatus) -> Result<(), PortError> {
    reschedule(store, d, None)?;
    d.status = status;
    save(store, d)?;
    store.put(&format!("{FINISHED_PREFIX}{:020}", d.seq), "", None)?;
    let over = store.add("h:finished", 1)?.saturating_sub(i64::try_from(KEEP_FINISHED).unwrap_or(i64::MAX));
    if over > 0 {
        for (key, _) in store.page(FINISHED_PREFIX, "", "", usize::try_from(over).unwrap_or(0))? {
            if let Some(seq) = key.strip_prefix(FINISHED_PREFIX).and_then(|s| s.parse::<u64>().ok()) {
                store.delete(&delivery_key(seq))?;
            }
            store.delete(&key)?;
            store.add("h:finished", -1)?;
        }
    }
    Ok(())
}

/// A new delivery of `event` to `endpoint`, due at once (or failed at once if the queue is full).
fn make(store: &mut dyn MeterStore, endpoint: &str, event: &QueuedEvent, now_ms: i64) -> Result<Delivery, PortError> {
    let seq = u64::try_from(store.add(SEQ_KEY, 1)?).unwrap_or(0);
    let mut d = Delivery {
        id: format!("dlv_{seq}"),
        endpoint_id: endpoint.to_owned(),
        event_id: event.id.clone(),
        event_type: event.kind,
        payload: event.payload.clone(),
        subject: event.subject.clone(),
        created_ms: now_ms,
        status: DeliveryStatus::Pending,
        attempts: 0,
        next_attempt_ms: None,
        last_attempt_ms: None,
        response_status: None,
        error: None,
        seq,
    };
    let waiting = store.get(PENDING_KEY)?.and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    if waiting >= MAX_PENDING {
        d.error = Some(format!("queue_full: {MAX_PENDING} deliveries were already waiting"));
        finish(store, &mut d, DeliveryStatus::Failed)?;
    } else {
        reschedule(store, &mut d, Some(now_ms))?;
        save(store, &d)?;
    }
    Ok(d)
}

/// When the earliest waiting attempt is due, if any.
pub fn next_wake(store: &dyn MeterStore) -> Result<Option<i64>, PortError> {
    Ok(store
        .page(DUE_PREFIX, "", "", 1)?
        .first()
        .and_then(|(k, _)| k.strip_prefix(DUE_PREFIX)?.split(':').next()?.parse().ok()))
}

/// The wait after a failed attempt number `attempts` (1-based).
pub fn retry_delay(first_retry_ms: i64, attempts: u32) -> i64 {
    let factor = 4i64.checked_pow(attempts.saturating_sub(1)).unwrap_or(i64::MAX);
    first_retry_ms.max(1).saturating_mul(factor).min(MAX_RETRY_DELAY_MS)
}

/// Applies one call at `now_ms`; answers it and, when the queue changed, when the object
/// should next wake (its earliest due attempt).
pub fn apply(
    store: &mut dyn MeterStore,
    req: &WebhooksRequest,
    now_ms: i64,
) -> Result<(WebhooksResponse, Option<i64>), PortError> {
    let answer = match req {
        WebhooksRequest::Endpoints => WebhooksResponse::Endpoints { endpoints: endpoints(store)? },
        WebhooksRequest::AddEndpoint { endpoint } => {
            let mut list = endpoints(store)?;
            if let Some(e) = list.iter().find(|e| e.id == endpoint.id) {
                return Ok((WebhooksResponse::Endpoint { endpoint: e.clone() }, None));
            }
            if list.len() >= MAX_ENDPOINTS {
                return Ok((WebhooksResponse::TooMany, None));
            }
            let e = Endpoint {
                id: endpoint.id.clone(),
                url: endpoint.url.clone(),
                description: endpoint.description.clone(),
                events: endpoint.events.clone(),
                created_ms: now_ms,
                generation: 1,
                previous: None,
                disabled: None,
                last_success_ms: None,
            };
            list.push(e.clone());
            save_endpoints(store, &list)?;
            WebhooksResponse::Endpoint { endpoint: e }
        }
        WebhooksRequest::UpdateEndpoint { id, change } => {
            let mut list = endpoints(store)?;
            let Some(e) = list.iter_mut().find(|e| &e.id == id) else {
                return Ok((WebhooksResponse::NotFound, None));
            };
            if let Some(url) = &change.url {
                e.url = url.clone();
            }
            if let Some(d) = &change.description {
                e.description = d.clone();
            }
            if let Some(events) = &change.events {
                e.events = events.clone();
            }
            match change.enabled {
                Some(true) => e.disabled = None,
                Some(false) if e.disabled.is_none() => {
                    e.disabled = Some(Disabled { at_ms: now_ms, reason: "disabled by the developer".into() })
                }
                _ => {}
            }
            let endpoint = e.clone();
            save_endpoints(store, &list)?;
            WebhooksResponse::Endpoint { endpoint }
        }
        WebhooksRequest::RotateSecret { id, overlap_ms } => {
            let mut list = endpoints(store)?;
            let Some(e) = list.iter_mut().find(|e| &e.id == id) else {
                return Ok((WebhooksResponse::NotFound, None));
            };
            let overlap = (*overlap_ms).clamp(0, MAX_ROTATION_OVERLAP_MS);
            e.previous = (overlap > 0)
                .then(|| PreviousSecret { generation: e.generation, until_ms: now_ms.saturating_add(overlap) });
            e.generation = e.generation.saturating_add(1);
            let endpoint = e.clone();
            save_endpoints(store, &list)?;
            WebhooksResponse::Endpoint { endpoint }
        }
        WebhooksRequest::RemoveEndpoint { id } => {
            let mut list = endpoints(store)?;
            let before = list.len();
            list.retain(|e| &e.id != id);
            if list.len() == before {
                return Ok((WebhooksResponse::NotFound, None));
            }
            save_endpoints(store, &list)?;
            // Its waiting deliveries fail when they come due (see `Due`): no scan here.
            WebhooksResponse::Removed
        }
        WebhooksRequest::Enqueue { events } => {
            let list = endpoints(store)?;
            let mut made = 0u32;
            for event in events {
                let seen = format!("{SEEN_PREFIX}{}", event.id);
                if store.get(&seen)?.is_some() {
                    continue;
                }
                store.put(&seen, "", Some(now_ms.saturating_add(DEDUP_MS)))?;
                for e in list.iter().filter(|e| e.wants(event.kind)) {
                    make(store, &e.id, event, now_ms)?;
                    made = made.saturating_add(1);
                }
            }
            crate::meter::maybe_purge(store, now_ms)?;
            WebhooksResponse::Enqueued { deliveries: made }
        }
        WebhooksRequest::Deliveries { endpoint, before, limit } => {
            let limit = usize::try_from(*limit).unwrap_or(usize::MAX).clamp(1, 100);
            let after = before.as_deref().and_then(seq_of).map(|s| format!("{:020}", u64::MAX - s)).unwrap_or_default();
            let mut out = Vec::new();
            let mut cursor = after;
            let mut more = false;
            // Filtered by endpoint in memory: pages of the newest rows until `limit` match.
            'pages: loop {
                let rows = store.page(DELIVERY_PREFIX, &cursor, "", 200)?;
                let Some((last, _)) = rows.last() else { break };
                cursor = last.strip_prefix(DELIVERY_PREFIX).unwrap_or_default().to_owned();
                for (k, v) in &rows {
                    let mut d: Delivery =
                        serde_json::from_str(v).map_err(|e| PortError(format!("stored {k} is unreadable: {e}")))?;
                    if endpoint.as_ref().is_some_and(|id| *id != d.endpoint_id) {
                        continue;
                    }
                    if out.len() == limit {
                        more = true;
                        break 'pages;
                    }
                    d.seq = seq_of(&d.id).unwrap_or(0);
                    out.push(d);
                }
                if rows.len() < 200 {
                    break;
                }
            }
            WebhooksResponse::Deliveries { deliveries: out, more }
        }
        WebhooksRequest::Resend { delivery } => {
            let Some(old) = seq_of(delivery).map(|s| load(store, s)).transpose()?.flatten() else {
                return Ok((WebhooksResponse::NotFound, None));
            };
            let list = endpoints(store)?;
            let Some(e) = list.iter().find(|e| e.id == old.endpoint_id) else {
                return Ok((WebhooksResponse::NotFound, None));
            };
            if e.disabled.is_some() {
                return Ok((WebhooksResponse::EndpointDisabled, None));
            }
            let event = QueuedEvent {
                id: old.event_id.clone(),
                kind: old.event_type,
                payload: old.payload.clone(),
                subject: old.subject.clone(),
            };
            WebhooksResponse::Delivery { delivery: make(store, &e.id, &event, now_ms)? }
        }
        WebhooksRequest::Due => {
            let list = endpoints(store)?;
            let mut attempts = Vec::new();
            for (key, _) in store.page(DUE_PREFIX, "", "", DUE_BATCH)? {
                let mut parts = key.strip_prefix(DUE_PREFIX).unwrap_or_default().split(':');
                let at: i64 = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0);
                if at > now_ms {
                    break;
                }
                let Some(mut d) =
                    parts.next().and_then(|s| s.parse().ok()).map(|s| load(store, s)).transpose()?.flatten()
                else {
                    store.delete(&key)?;
                    continue;
                };
                match list.iter().find(|e| e.id == d.endpoint_id) {
                    Some(e) if e.disabled.is_none() => {
                        reschedule(store, &mut d, Some(now_ms.saturating_add(IN_FLIGHT_MS)))?;
                        save(store, &d)?;
                        attempts.push(Attempt {
                            delivery: d.id.clone(),
                            endpoint_id: e.id.clone(),
                            subject: d.subject.clone(),
                            url: e.url.clone(),
                            event_id: d.event_id.clone(),
                            payload: d.payload.clone(),
                            generations: e.signing_generations(now_ms),
                        });
                    }
                    other => {
                        let why = if other.is_some() { "endpoint_disabled" } else { "endpoint_removed" };
                        d.error = Some(why.into());
                        finish(store, &mut d, DeliveryStatus::Failed)?;
                    }
                }
            }
            WebhooksResponse::Due { attempts }
        }
        WebhooksRequest::Report { results, first_retry_ms } => {
            let mut list = endpoints(store)?;
            let mut list_changed = false;
            for r in results {
                let Some(mut d) = seq_of(&r.delivery).map(|s| load(store, s)).transpose()?.flatten() else { continue };
                if d.status != DeliveryStatus::Pending {
                    continue;
                }
                d.attempts = d.attempts.saturating_add(1);
                d.last_attempt_ms = Some(now_ms);
                d.response_status = r.status;
                let endpoint = list.iter_mut().find(|e| e.id == d.endpoint_id);
                if r.succeeded() {
                    d.error = None;
                    finish(store, &mut d, DeliveryStatus::Delivered)?;
                    if let Some(e) = endpoint {
                        e.last_success_ms = Some(now_ms);
                        list_changed = true;
                    }
                    continue;
                }
                d.error = Some(r.error.clone().unwrap_or_else(|| match r.status {
                    Some(s) => format!("the endpoint answered {s}"),
                    None => "no answer".into(),
                }));
                if d.attempts < ATTEMPTS {
                    let next = now_ms.saturating_add(retry_delay(*first_retry_ms, d.attempts));
                    reschedule(store, &mut d, Some(next))?;
                    save(store, &d)?;
                    continue;
                }
                // Every attempt failed, over about a day: an endpoint that has not answered
                // since this delivery was made stops receiving until the developer enables it.
                if let Some(e) = endpoint.filter(|e| e.disabled.is_none() && e.last_success_ms <= Some(d.created_ms)) {
                    e.disabled = Some(Disabled {
                        at_ms: now_ms,
                        reason: format!("every attempt of {} failed ({} attempts)", d.id, ATTEMPTS),
                    });
                    list_changed = true;
                }
                finish(store, &mut d, DeliveryStatus::Failed)?;
            }
            if list_changed {
                save_endpoints(store, &list)?;
            }
            WebhooksResponse::Reported
        }
    };
    let changes_queue = matches!(
        req,
        WebhooksRequest::Enqueue { .. } | WebhooksRequest::Resend { .. } | WebhooksRequest::Report { .. }
    );
    Ok((answer, if changes_queue { next_wake(store)? } else { None }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemStore;

    const T0: i64 = 1_800_000_000_000;

    fn add(s: &mut MemStore, id: &str, events: Vec<EventType>) {
        let endpoint = NewEndpoint {
            id: id.into(),
            url: format!("https://{id}.example/hook"),
            description: String::new(),
            events,
        };
        assert!(matches!(
            apply(s, &WebhooksRequest::AddEndpoint { endpoint }, T0),
            Ok((WebhooksResponse::Endpoint { .. }, None))
        ));
    }

    fn event(id: &str, kind: EventType) -> QueuedEvent {
        QueuedEvent { id: id.into(), kind, payload: format!("{{\"id\":\"{id}\"}}"), subject: "u1".into() }
    }

    fn due(s: &mut MemStore, now: i64) -> Vec<Attempt> {
        match apply(s, &WebhooksRequest::Due, now) {
            Ok((WebhooksResponse::Due { attempts }, _)) => attempts,
            other => panic!("{other:?}"),
        }
    }

    fn report(s: &mut MemStore, attempts: &[Attempt], status: Option<u16>, now: i64) -> Option<i64> {
        let results =
            attempts.iter().map(|a| AttemptResult { delivery: a.delivery.clone(), status, error: None }).collect();
        match apply(s, &WebhooksRequest::Report { results, first_retry_ms: FIRST_RETRY_MS }, now) {
            Ok((WebhooksResponse::Reported, wake)) => wake,
            other => panic!("{other:?}"),
        }
    }

    fn deliveries(s: &mut MemStore) -> Vec<Delivery> {
        match apply(s, &WebhooksRequest::Deliveries { endpoint: None, before: None, limit: 100 }, T0) {
            Ok((WebhooksResponse::Deliveries { deliveries, .. }, _)) => deliveries,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_event_goes_once_to_each_endpoint_that_wants_it_in_order() {
        let mut s = MemStore::default();
        add(&mut s, "we_all", vec![]);
        add(&mut s, "we_subs", vec![EventType::SubscriptionCreated]);
        let events = vec![event("evt_1", EventType::UsageLimitReached), event("evt_2", EventType::SubscriptionCreated)];
        let r = apply(&mut s, &WebhooksRequest::Enqueue { events: events.clone() }, T0);
        assert_eq!(r, Ok((WebhooksResponse::Enqueued { deliveries: 3 }, Some(T0))));
        // Handed on twice (a shard's alarm died before it heard back): delivered once.
        let again = apply(&mut s, &WebhooksRequest::Enqueue { events }, T0);
        assert_eq!(again, Ok((WebhooksResponse::Enqueued { deliveries: 0 }, Some(T0))));
        let attempts = due(&mut s, T0);
        let order: Vec<(&str, &str)> = attempts.iter().map(|a| (a.endpoint_id.as_str(), a.event_id.as_str())).collect();
        assert_eq!(order, [("we_all", "evt_1"), ("we_all", "evt_2"), ("we_subs", "evt_2")]);
        assert_eq!(attempts[0].generations, [1]);
        // In flight: not handed out again until reported or a minute has passed.
        assert!(due(&mut s, T0 + 1).is_empty());
        assert_eq!(report(&mut s, &attempts, Some(204), T0 + 2), None);
        assert!(deliveries(&mut s).iter().all(|d| d.status == DeliveryStatus::Delivered && d.attempts == 1));
    }

    #[test]
    fn a_failed_attempt_is_retried_with_backoff_and_an_unreported_one_after_a_minute() {
        let mut s = MemStore::default();
        add(&mut s, "we_a", vec![]);
        let _ = apply(&mut s, &WebhooksRequest::Enqueue { events: vec![event("evt_1", EventType::OrderPaid)] }, T0);
        let a = due(&mut s, T0);
        assert_eq!(report(&mut s, &a, Some(500), T0), Some(T0 + 5_000));
        assert!(due(&mut s, T0 + 4_999).is_empty());
        let a = due(&mut s, T0 + 5_000);
        assert_eq!(report(&mut s, &a, None, T0 + 5_000), Some(T0 + 25_000));
        // Handed out and never reported (the alarm died): out again after IN_FLIGHT_MS.
        let a = due(&mut s, T0 + 25_000);
        assert_eq!(a.len(), 1);
        assert!(due(&mut s, T0 + 25_000 + IN_FLIGHT_MS - 1).is_empty());
        let a = due(&mut s, T0 + 25_000 + IN_FLIGHT_MS);
        assert_eq!(report(&mut s, &a, Some(200), T0 + 90_000), None);
        let d = &deliveries(&mut s)[0];
        assert_eq!((d.status, d.attempts, d.response_status), (DeliveryStatus::Delivered, 3, Some(200)));
        assert_eq!(retry_delay(FIRST_RETRY_MS, 9), MAX_RETRY_DELAY_MS);
        let total: i64 = (1..ATTEMPTS).map(|n| retry_delay(FIRST_RETRY_MS, n)).sum();
        assert!(total > 86_400_000 && total < 2 * 86_400_000, "{total}");
    }

    #[test]
    fn an_endpoint_that_fails_every_attempt_is_disabled_and_a_resend_waits_until_it_is_enabled() {
        let mut s = MemStore::default();
        add(&mut s, "we_a", vec![]);
        let _ = apply(&mut s, &WebhooksRequest::Enqueue { events: vec![event("evt_1", EventType::OrderPaid)] }, T0);
        let mut now = T0;
        for _ in 0..ATTEMPTS {
            let a = due(&mut s, now);
            assert_eq!(a.len(), 1);
            now = report(&mut s, &a, Some(503), now).unwrap_or(now);
        }
        let d = deliveries(&mut s)[0].clone();
        assert_eq!((d.status, d.attempts), (DeliveryStatus::Failed, ATTEMPTS));
        let Ok((WebhooksResponse::Endpoints { endpoints }, _)) = apply(&mut s, &WebhooksRequest::Endpoints, now) else {
            panic!()
        };
        assert!(endpoints[0].disabled.is_some());
        // Disabled: new events are not queued for it, a resend is refused.
        let r = apply(&mut s, &WebhooksRequest::Enqueue { events: vec![event("evt_2", EventType::OrderPaid)] }, now);
        assert_eq!(r, Ok((WebhooksResponse::Enqueued { deliveries: 0 }, None)));
        let resend = WebhooksRequest::Resend { delivery: d.id.clone() };
        assert_eq!(apply(&mut s, &resend, now), Ok((WebhooksResponse::EndpointDisabled, None)));
        let enable = WebhooksRequest::UpdateEndpoint {
            id: "we_a".into(),
            change: EndpointChange { enabled: Some(true), ..EndpointChange::default() },
        };
        assert!(apply(&mut s, &enable, now).is_ok());
        let Ok((WebhooksResponse::Delivery { delivery }, Some(wake))) = apply(&mut s, &resend, now) else { panic!() };
        assert_eq!((delivery.event_id.as_str(), wake), ("evt_1", now));
        let a = due(&mut s, now);
        assert_eq!(report(&mut s, &a, Some(200), now), None);
    }

    #[test]
    fn a_rotated_secret_signs_beside_the_new_one_until_its_overlap_ends() {
        let mut s = MemStore::default();
        add(&mut s, "we_a", vec![]);
        let rotate = WebhooksRequest::RotateSecret { id: "we_a".into(), overlap_ms: 1_000 };
        let Ok((WebhooksResponse::Endpoint { endpoint }, _)) = apply(&mut s, &rotate, T0) else { panic!() };
        assert_eq!(endpoint.signing_generations(T0), [2, 1]);
        assert_eq!(endpoint.signing_generations(T0 + 1_000), [2]);
        let gone = WebhooksRequest::RotateSecret { id: "we_x".into(), overlap_ms: 0 };
        assert_eq!(apply(&mut s, &gone, T0), Ok((WebhooksResponse::NotFound, None)));
    }

    #[test]
    fn a_removed_endpoints_waiting_deliveries_fail_and_endpoints_are_bounded() {
        let mut s = MemStore::default();
        add(&mut s, "we_a", vec![]);
        let _ = apply(&mut s, &WebhooksRequest::Enqueue { events: vec![event("evt_1", EventType::OrderPaid)] }, T0);
        assert!(apply(&mut s, &WebhooksRequest::RemoveEndpoint { id: "we_a".into() }, T0).is_ok());
        assert!(due(&mut s, T0).is_empty());
        assert_eq!(deliveries(&mut s)[0].error.as_deref(), Some("endpoint_removed"));
        for n in 0..MAX_ENDPOINTS {
            add(&mut s, &format!("we_{n}"), vec![]);
        }
        let endpoint =
            NewEndpoint { id: "we_x".into(), url: "https://x".into(), description: String::new(), events: vec![] };
        assert_eq!(
            apply(&mut s, &WebhooksRequest::AddEndpoint { endpoint }, T0),
            Ok((WebhooksResponse::TooMany, None))
        );
    }
}
