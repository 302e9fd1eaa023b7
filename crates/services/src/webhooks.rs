//! Developer webhooks (issue #13): the deployment's signing key and what it derives, the
//! endpoints a developer registers, and the alarm that moves events along — a usage
//! shard's to its project's outbox, an outbox's to the developer's servers.
//!
//! Signing secrets are derived, never stored: HMAC-SHA256 of the deployment's
//! `WEBHOOK_SIGNING_KEY` over the endpoint's id and the secret's generation. The developer
//! is shown one at creation and at each rotation; nothing at rest can leak it but the key.

use crate::error::Result;
use crate::objects::Outbox;
use crate::AppState;
use dream_core::api::{WebhookEndpointCreated, WebhookEndpointRequest, WebhookEndpointView};
use dream_core::objects::{AlarmRequest, AlarmWork, ObjectName, ObjectRequest, ObjectResponse};
use dream_core::ports::{Clock, HttpClient, HttpLimits, HttpRequest, Objects, PortError};
use dream_core::standard_webhooks::{self, WebhookSecret};
use dream_core::webhook_events::EventType;
use dream_core::webhooks::{
    Attempt, AttemptResult, EndpointChange, NewEndpoint, WebhooksRequest, WebhooksResponse, FIRST_RETRY_MS,
};
use dream_core::{ApiError, ErrorCode, Mode};
use futures::future::join_all;

/// What one delivery may take: a small answer, quickly. A redirect is an answer (a failure).
pub const WEBHOOK_LIMITS: HttpLimits = HttpLimits { max_body_bytes: 64 << 10, timeout_ms: 5_000 };
/// The longest endpoint URL.
pub const MAX_URL_LEN: usize = 2_048;
/// The longest description.
pub const MAX_DESCRIPTION_LEN: usize = 200;

/// The deployment's webhook settings (`WEBHOOK_SIGNING_KEY`, `WEBHOOK_FIRST_RETRY_MS`).
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookKeys {
    key: Vec<u8>,
    /// The first retry's delay; later ones grow ×4 ([`dream_core::webhooks::retry_delay`]).
    pub first_retry_ms: i64,
}

impl std::fmt::Debug for WebhookKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WebhookKeys {{ key: [redacted], first_retry_ms: {} }}", self.first_retry_ms)
    }
}

impl WebhookKeys {
    /// Reads the settings through `var`; `None` without a signing key.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> std::result::Result<Option<WebhookKeys>, String> {
        let Some(key) = var("WEBHOOK_SIGNING_KEY").filter(|v| !v.is_empty()) else { return Ok(None) };
        if key.len() < 32 {
            return Err("WEBHOOK_SIGNING_KEY must be at least 32 characters (random)".into());
        }
        let first_retry_ms = match var("WEBHOOK_FIRST_RETRY_MS").filter(|v| !v.is_empty()) {
            None => FIRST_RETRY_MS,
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=FIRST_RETRY_MS).contains(n))
                .ok_or_else(|| format!("WEBHOOK_FIRST_RETRY_MS must be 1-{FIRST_RETRY_MS}, not {v:?}"))?,
        };
        Ok(Some(WebhookKeys { key: key.into_bytes(), first_retry_ms }))
    }

    /// The signing secret of an endpoint's secret generation.
    pub fn secret(&self, endpoint_id: &str, generation: u32) -> WebhookSecret {
        WebhookSecret::derive(&self.key, &format!("dream-api webhook endpoint\n{endpoint_id}\n{generation}"))
    }
}

fn keys(state: &AppState) -> Result<&WebhookKeys> {
    state.config.webhooks.as_ref().ok_or_else(|| {
        ApiError::new(ErrorCode::WebhooksNotConfigured, "this deployment has no WEBHOOK_SIGNING_KEY set").into()
    })
}

/// Checks an endpoint URL: https (http too in test mode, for local receivers), no
/// credentials, no fragment.
pub fn check_url(url: &str, mode: Mode) -> Result<()> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://").filter(|_| mode == Mode::Test));
    let host = rest.map(|r| r.split(['/', '?']).next().unwrap_or_default());
    let ok = url.len() <= MAX_URL_LEN
        && host.is_some_and(|h| !h.is_empty() && !h.contains('@'))
        && !url.contains('#')
        && url.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        return Ok(());
    }
    let what = if mode == Mode::Live { "an https:// URL" } else { "an https:// (or, in test mode, http://) URL" };
    Err(ApiError::new(ErrorCode::InvalidWebhookUrl, format!("url must be {what} without credentials or #fragment"))
        .into())
}

/// Reads event type names (`null` or `[]`: every type).
pub fn parse_events(names: &[String]) -> Result<Vec<EventType>> {
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        let Some(t) = EventType::parse(n) else {
            let known: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
            return Err(ApiError::new(
                ErrorCode::InvalidWebhookEvents,
                format!("unknown event type {n:?}; the types are {}", known.join(", ")),
            )
            .into());
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

fn check_description(d: &str) -> Result<()> {
    if d.chars().count() > MAX_DESCRIPTION_LEN || d.chars().any(char::is_control) {
        return Err(ApiError::new(
            ErrorCode::InvalidBody,
            format!("description is at most {MAX_DESCRIPTION_LEN} printable characters"),
        )
        .into());
    }
    Ok(())
}

/// Registers an endpoint; answers it with its first signing secret (shown this once).
pub async fn create(
    state: &AppState,
    platform_id: &str,
    mode: Mode,
    req: &WebhookEndpointRequest,
) -> Result<WebhookEndpointCreated> {
    let keys = keys(state)?;
    let url = req.url.as_deref().unwrap_or_default();
    check_url(url, mode)?;
    let description = req.description.clone().unwrap_or_default();
    check_description(&description)?;
    let events = parse_events(req.events.as_deref().unwrap_or_default())?;
    if req.enabled == Some(false) {
        return Err(ApiError::new(ErrorCode::InvalidBody, "a new endpoint is enabled; disable it after").into());
    }
    let mut id = [0u8; 12];
    state.ports.random.fill(&mut id);
    let endpoint =
        NewEndpoint { id: format!("we_{}", dream_core::keys::hex(&id)), url: url.into(), description, events };
    let made = Outbox::new(state, platform_id, mode).add(endpoint).await?;
    let secret = keys.secret(&made.id, made.generation).expose();
    Ok(WebhookEndpointCreated { endpoint: WebhookEndpointView::from(&made), secret })
}

/// Changes an endpoint's URL, description, events, or whether it is enabled.
pub async fn update(
    state: &AppState,
    platform_id: &str,
    mode: Mode,
    id: &str,
    req: &WebhookEndpointRequest,
) -> Result<WebhookEndpointView> {
    if let Some(url) = &req.url {
        check_url(url, mode)?;
    }
    if let Some(d) = &req.description {
        check_description(d)?;
    }
    let events = req.events.as_deref().map(parse_events).transpose()?;
    let change =
        EndpointChange { url: req.url.clone(), description: req.description.clone(), events, enabled: req.enabled };
    Ok(WebhookEndpointView::from(&Outbox::new(state, platform_id, mode).update(id, change).await?))
}

/// A new signing secret for an endpoint (shown this once); the previous one keeps signing
/// beside it for `overlap_secs` (default a day), so receivers can switch without a gap.
pub async fn rotate(
    state: &AppState,
    platform_id: &str,
    mode: Mode,
    id: &str,
    overlap_secs: Option<u32>,
) -> Result<WebhookEndpointCreated> {
    let keys = keys(state)?;
    let most = dream_core::webhooks::MAX_ROTATION_OVERLAP_MS / 1000;
    if overlap_secs.is_some_and(|s| i64::from(s) > most) {
        return Err(
            ApiError::new(ErrorCode::InvalidBody, format!("overlapSeconds is at most {most} (seven days)")).into()
        );
    }
    let overlap_ms = overlap_secs.map_or(dream_core::webhooks::ROTATION_OVERLAP_MS, |s| i64::from(s) * 1000);
    let e = Outbox::new(state, platform_id, mode).rotate(id, overlap_ms).await?;
    Ok(WebhookEndpointCreated {
        secret: keys.secret(&e.id, e.generation).expose(),
        endpoint: WebhookEndpointView::from(&e),
    })
}

/// The POST of one attempt, signed with every secret generation in force.
fn request(keys: &WebhookKeys, a: &Attempt, now_ms: i64) -> HttpRequest {
    let secrets: Vec<WebhookSecret> = a.generations.iter().map(|g| keys.secret(&a.endpoint_id, *g)).collect();
    let signed = standard_webhooks::headers(&secrets, &a.event_id, now_ms.div_euclid(1000), a.payload.as_bytes());
    let mut headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("user-agent".to_owned(), "dream-api-webhooks/1".to_owned()),
    ];
    headers.extend(signed.into_iter().map(|(k, v)| (k.to_owned(), v)));
    HttpRequest {
        method: "POST".into(),
        url: a.url.clone(),
        headers,
        body: Some(a.payload.clone()),
        limits: WEBHOOK_LIMITS,
    }
}

/// Makes `attempts`: those of one endpoint about one subject (an end user) in order, the
/// rest side by side (at most [`dream_core::webhooks::DUE_BATCH`] at once).
async fn deliver(
    http: &dyn HttpClient,
    keys: Option<&WebhookKeys>,
    clock: &dyn Clock,
    attempts: Vec<Attempt>,
) -> Vec<AttemptResult> {
    let mut by_endpoint: Vec<Vec<Attempt>> = Vec::new();
    for a in attempts {
        match by_endpoint.iter_mut().find(|g| g[0].endpoint_id == a.endpoint_id && g[0].subject == a.subject) {
            Some(g) => g.push(a),
            None => by_endpoint.push(vec![a]),
        }
    }
    let runs = by_endpoint.into_iter().map(|group| async move {
        let mut out = Vec::with_capacity(group.len());
        for a in group {
            let Some(keys) = keys else {
                out.push(AttemptResult {
                    delivery: a.delivery,
                    status: None,
                    error: Some("webhooks_not_configured: the deployment has no signing key".into()),
                });
                continue;
            };
            let sent = http.send(request(keys, &a, clock.now_ms())).await;
            out.push(match sent {
                Ok(resp) => AttemptResult { delivery: a.delivery, status: Some(resp.status), error: None },
                Err(e) => AttemptResult { delivery: a.delivery, status: None, error: Some(e.0) },
            });
        }
        out
    });
    join_all(runs).await.into_iter().flatten().collect()
}

/// One alarm of the object `me` (`own` reaches its storage, `others` every other object):
/// hands a shard's kept events to their outbox, or makes an outbox's due attempts and
/// reports them. The caller then asks `me` for its next wake ([`AlarmRequest::Next`]).
pub async fn run_alarm(
    me: &ObjectName,
    own: &dyn Objects,
    others: &dyn Objects,
    http: &dyn HttpClient,
    keys: Option<&WebhookKeys>,
    clock: &dyn Clock,
) -> std::result::Result<(), PortError> {
    let unexpected = |what: &ObjectResponse| PortError(format!("object {me} answered its alarm with {what:?}"));
    match own.call(me, &ObjectRequest::Alarm(AlarmRequest::Wake)).await? {
        ObjectResponse::Alarm(AlarmWork::Idle) => Ok(()),
        ObjectResponse::Alarm(AlarmWork::Forward(f)) => {
            let enqueue = ObjectRequest::Webhooks(WebhooksRequest::Enqueue { events: f.events });
            match others.call(&f.outbox, &enqueue).await? {
                ObjectResponse::Webhooks(WebhooksResponse::Enqueued { .. }) => {}
                other => return Err(unexpected(&other)),
            }
            own.call(me, &ObjectRequest::Alarm(AlarmRequest::Forwarded { through: f.through })).await?;
            Ok(())
        }
        ObjectResponse::Alarm(AlarmWork::Deliver { attempts }) => {
            let results = deliver(http, keys, clock, attempts).await;
            let first_retry_ms = keys.map_or(FIRST_RETRY_MS, |k| k.first_retry_ms);
            own.call(me, &ObjectRequest::Webhooks(WebhooksRequest::Report { results, first_retry_ms })).await?;
            Ok(())
        }
        other => Err(unexpected(&other)),
    }
}

/// Rings every due alarm of in-memory objects until none is due (native tests' stand-in
/// for workerd's alarms); answers how many rang.
pub async fn ring_due_alarms(
    objects: &dream_core::memory::MemoryObjects,
    http: &dyn HttpClient,
    keys: Option<&WebhookKeys>,
    clock: &dyn Clock,
) -> std::result::Result<usize, PortError> {
    let mut rung = 0usize;
    // Bounded: a shard's alarm hands on at most 100 events, an outbox makes 50 attempts.
    for _ in 0..1_000 {
        let due = objects.due_alarms();
        if due.is_empty() {
            return Ok(rung);
        }
        for name in due {
            run_alarm(&name, objects, objects, http, keys, clock).await?;
            objects.call(&name, &ObjectRequest::Alarm(AlarmRequest::Next)).await?;
            rung = rung.saturating_add(1);
        }
    }
    Err(PortError("alarms kept ringing".into()))
}
