//! Webhook delivery: each event to each matching endpoint, signed like Stripe
//! (`Stripe-Signature: t=…,v1=HMAC-SHA256`), retried with doubling delays when the endpoint
//! does not answer 2xx. Tests may hold delivery, release held events in reverse order, and
//! resend any past event.

use super::{Delivery, Endpoint, Stripe};
use async_trait::async_trait;
use dream_core::stripe_signature::sign;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// How a delivery reaches an endpoint (HTTP in the server, an in-process router in tests).
#[async_trait]
pub trait Transport: Send + Sync {
    /// POSTs `body` to `url`; the HTTP status, or why there was none.
    async fn post(&self, url: &str, headers: Vec<(String, String)>, body: String) -> Result<u16, String>;
}

/// Delivery over HTTP.
pub struct HttpTransport(reqwest::Client);

impl HttpTransport {
    /// A client with a short timeout (endpoints are local).
    pub fn new() -> Result<HttpTransport, String> {
        reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .build()
            .map(HttpTransport)
            .map_err(|e| e.to_string())
    }
}

#[async_trait]
impl Transport for HttpTransport {
    async fn post(&self, url: &str, headers: Vec<(String, String)>, body: String) -> Result<u16, String> {
        let mut req = self.0.post(url).body(body);
        for (k, v) in headers {
            req = req.header(k, v);
        }
        req.send().await.map(|r| r.status().as_u16()).map_err(|e| e.to_string())
    }
}

fn matches(ep: &Endpoint, event: &Value) -> bool {
    ep.connect == event.get("account").is_some()
}

impl Stripe {
    /// Hands queued events to the deliverer unless delivery is held; spawns when
    /// `auto_deliver` (the server), otherwise waits for the first attempts (tests).
    pub async fn flush(self: &Arc<Self>) {
        self.save();
        if self.setup.auto_deliver {
            let me = self.clone();
            tokio::spawn(async move { me.deliver_pending().await });
        } else {
            self.deliver_pending().await;
        }
    }

    /// Delivers every queued event once, in order (retries continue in the background).
    pub async fn deliver_pending(self: &Arc<Self>) {
        let events = {
            let mut s = self.lock();
            if s.hold {
                return;
            }
            std::mem::take(&mut s.outbox)
        };
        self.deliver_all(events).await;
    }

    async fn deliver_all(self: &Arc<Self>, events: Vec<Value>) {
        for event in events {
            let endpoints: Vec<Endpoint> =
                self.lock().endpoints.iter().filter(|e| matches(e, &event)).cloned().collect();
            for ep in endpoints {
                let slot = {
                    let mut s = self.lock();
                    s.deliveries.push(Delivery {
                        event_id: event["id"].as_str().unwrap_or_default().into(),
                        event_type: event["type"].as_str().unwrap_or_default().into(),
                        endpoint: ep.url.clone(),
                        attempts: 0,
                        last_status: None,
                        delivered: false,
                    });
                    s.deliveries.len() - 1
                };
                if !self.attempt(&ep, &event, slot).await {
                    let me = self.clone();
                    let event = event.clone();
                    tokio::spawn(async move { me.retry(ep, event, slot).await });
                }
            }
        }
    }

    async fn attempt(&self, ep: &Endpoint, event: &Value, slot: usize) -> bool {
        let body = event.to_string();
        // Signed with the wall clock, as Stripe signs at send time (not the simulated time).
        let header = sign(&ep.secret, self.wall(), body.as_bytes());
        let headers = vec![
            ("content-type".to_owned(), "application/json; charset=utf-8".to_owned()),
            ("stripe-signature".to_owned(), header),
            ("user-agent".to_owned(), "Stripe/1.0 (+dream-sim)".to_owned()),
        ];
        let status = self.transport.post(&ep.url, headers, body).await.ok();
        let ok = status.is_some_and(|s| (200..300).contains(&s));
        let mut s = self.lock();
        if let Some(d) = s.deliveries.get_mut(slot) {
            d.attempts += 1;
            d.last_status = status;
            d.delivered = ok;
        }
        ok
    }

    async fn retry(self: Arc<Self>, ep: Endpoint, event: Value, slot: usize) {
        for n in 1..self.setup.max_attempts {
            tokio::time::sleep(Duration::from_millis(self.setup.retry_base_ms << (n - 1).min(16))).await;
            if self.attempt(&ep, &event, slot).await {
                return;
            }
        }
    }

    /// Stops delivering: events queue until [`Stripe::release`].
    pub fn hold(&self) {
        self.lock().hold = true;
    }

    /// Delivers the queued events (newest first when `reverse`) and resumes delivery.
    pub async fn release(self: &Arc<Self>, reverse: bool) -> usize {
        let mut events = {
            let mut s = self.lock();
            s.hold = false;
            std::mem::take(&mut s.outbox)
        };
        if reverse {
            events.reverse();
        }
        let n = events.len();
        self.deliver_all(events).await;
        n
    }

    /// Delivers a past event again, freshly signed. `false` if no such event.
    pub async fn resend(self: &Arc<Self>, event_id: &str) -> bool {
        let event = { super::ops::locate(&self.lock(), event_id).map(|(_, _, v)| v) };
        match event {
            Some(e) if e["object"] == "event" => {
                self.deliver_all(vec![e]).await;
                true
            }
            _ => false,
        }
    }
}
