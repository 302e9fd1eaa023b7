//! Developer webhooks natively (issue #13): endpoints through front-auth-api, usage events
//! made by api-multi's tracks in the shards, handed to the outbox and delivered by the
//! objects' alarms (rung by the test, as workerd rings them), signed as Standard Webhooks
//! sign, retried with backoff, resent, and the endpoint disabled when it keeps failing.

use dream_core::standard_webhooks::{self, WebhookSecret};
use dream_sim::testkit::{send, Received, Reply, World, HOOKS_BASE};
use http::{Method, StatusCode};
use serde_json::{json, Value};

struct Dev {
    token: String,
    sk: String,
}

async fn dev_call(w: &World, dev: &Dev, method: Method, path: &str, body: Option<Value>) -> Reply {
    let auth = format!("Bearer {}", dev.token);
    let router = front_auth_api::router(w.state.clone());
    send(&router, method, path, &[("authorization", &auth)], body.map(|b| b.to_string())).await
}

async fn track(w: &World, dev: &Dev, user: &str) -> Reply {
    let auth = format!("Bearer {}", dev.sk);
    let body = json!({ "userId": user }).to_string();
    send(&api_multi::router(w.state.clone()), Method::POST, "/api/usage/track", &[("authorization", &auth)], Some(body))
        .await
}

async fn developer(w: &World) -> Dev {
    let mut dev = Dev { token: w.developer_token("user_hooks"), sk: String::new() };
    let reg = dev_call(w, &dev, Method::POST, "/api/developer/register", None).await;
    assert_eq!(reg.status, StatusCode::OK, "{}", reg.body);
    dev.sk = reg.body["test"]["secretKey"].as_str().unwrap_or_default().to_owned();
    let tiers = json!({"tiers": [{"name": "free", "displayName": "Free", "limit": 10, "priceCents": 0}]});
    let r = dev_call(w, &dev, Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    dev
}

/// The receiver's requests, each verified with `secret` as a Standard Webhooks library
/// would; answers their bodies.
fn verified(w: &World, got: &[Received], secret: &str) -> Vec<Value> {
    let secret = WebhookSecret::parse(secret).unwrap_or_else(|e| panic!("{e}"));
    got.iter()
        .map(|r| {
            let (id, ts, sig) = (r.header("webhook-id"), r.header("webhook-timestamp"), r.header("webhook-signature"));
            standard_webhooks::verify(&secret, id, ts, sig, r.body.as_bytes(), w.now_secs())
                .unwrap_or_else(|e| panic!("{e}: {r:?}"));
            let body: Value = serde_json::from_str(&r.body).unwrap_or_default();
            assert_eq!(body["id"], id, "webhook-id is the event's id");
            body
        })
        .collect()
}

fn received(got: &std::sync::Mutex<Vec<Received>>) -> Vec<Received> {
    got.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

#[tokio::test]
async fn crossing_80_and_100_percent_and_the_limit_reach_the_endpoint_once_each_signed() {
    let w = World::new();
    let dev = developer(&w).await;
    let hooks = w.hook_receiver();
    let made = dev_call(
        &w,
        &dev,
        Method::POST,
        "/api/developer/webhook-endpoints?mode=test",
        Some(json!({"url": format!("{HOOKS_BASE}/in"), "description": "backend"})),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let secret = made.body["secret"].as_str().unwrap_or_default().to_owned();
    assert!(secret.starts_with("whsec_"));
    // Eleven tracks of a limit of ten: 80% at the 8th, 100% at the 10th, refused at the 11th.
    for n in 1..=11 {
        let r = track(&w, &dev, "alice").await;
        let want = if n <= 10 { StatusCode::OK } else { StatusCode::TOO_MANY_REQUESTS };
        assert_eq!(r.status, want, "track {n}: {}", r.body);
    }
    assert!(received(&hooks).is_empty(), "nothing is sent on a track's request path");
    w.ring_alarms().await;
    let bodies = verified(&w, &received(&hooks), &secret);
    let kinds: Vec<(String, Value)> = bodies
        .iter()
        .map(|b| (b["type"].as_str().unwrap_or_default().to_owned(), b["data"]["threshold"].clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("usage.threshold_reached".to_owned(), json!(80)),
            ("usage.threshold_reached".to_owned(), json!(100)),
            ("usage.limit_reached".to_owned(), Value::Null),
        ]
    );
    assert_eq!(bodies[0]["data"]["userId"], "alice");
    assert_eq!((bodies[0]["data"]["used"].as_u64(), bodies[0]["data"]["limit"].as_u64()), (Some(8), Some(10)));
    assert_eq!(bodies[0]["livemode"], false);
    // More refusals make nothing more; the deliveries list says each was delivered once.
    track(&w, &dev, "alice").await;
    w.ring_alarms().await;
    assert_eq!(received(&hooks).len(), 3);
    let list = dev_call(&w, &dev, Method::GET, "/api/developer/webhook-deliveries?mode=test", None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let deliveries = list.body["deliveries"].as_array().cloned().unwrap_or_default();
    assert_eq!(deliveries.len(), 3);
    assert!(deliveries.iter().all(|d| d["status"] == "delivered" && d["attempts"] == 1 && d["responseStatus"] == 200));
    // Live mode is another outbox: none of this is there.
    let live = dev_call(&w, &dev, Method::GET, "/api/developer/webhook-deliveries?mode=live", None).await;
    assert_eq!(live.body["deliveries"], json!([]));
}

#[tokio::test]
async fn a_failing_endpoint_is_retried_with_backoff_then_disabled_and_a_resend_reaches_it_once_enabled() {
    let w = World::new();
    let mut dev = developer(&w).await;
    let hooks = w.hook_receiver();
    let body = json!({"url": format!("{HOOKS_BASE}/in"), "events": ["usage.threshold_reached"]});
    let made = dev_call(&w, &dev, Method::POST, "/api/developer/webhook-endpoints", Some(body)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = made.body["endpoint"]["id"].as_str().unwrap_or_default().to_owned();
    // Two failures, then the endpoint recovers: delivered on the third attempt, 5 s and
    // 20 s later.
    w.net.fail("POST", "hooks.test", 2, 503, json!({}));
    for _ in 0..8 {
        track(&w, &dev, "bob").await;
    }
    w.ring_alarms().await;
    assert!(received(&hooks).is_empty());
    w.clock.advance(4_999);
    w.ring_alarms().await;
    w.clock.advance(1);
    w.ring_alarms().await;
    assert!(received(&hooks).is_empty(), "second attempt failed too");
    w.clock.advance(20_000);
    w.ring_alarms().await;
    assert_eq!(received(&hooks).len(), 1);
    let list = dev_call(&w, &dev, Method::GET, "/api/developer/webhook-deliveries", None).await;
    let d = list.body["deliveries"][0].clone();
    assert_eq!((d["status"].as_str(), d["attempts"].as_u64()), (Some("delivered"), Some(3)), "{d}");
    // Only the types it asked for: the limit event was not queued for it.
    for _ in 0..3 {
        track(&w, &dev, "bob").await;
    }
    w.ring_alarms().await;
    let types: Vec<String> = received(&hooks)
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap_or_default()["type"].as_str().unwrap_or_default().into())
        .collect();
    assert_eq!(types, ["usage.threshold_reached", "usage.threshold_reached"]);
    // An endpoint that fails every attempt of a delivery, over about a day, is disabled.
    w.net.fail("POST", "hooks.test", 100, 500, json!({}));
    for _ in 0..8 {
        track(&w, &dev, "carol").await;
    }
    for _ in 0..dream_core::webhooks::ATTEMPTS {
        w.ring_alarms().await;
        w.clock.advance(dream_core::webhooks::MAX_RETRY_DELAY_MS);
    }
    w.net.heal();
    // A day later: a fresh session.
    dev.token = w.developer_token("user_hooks");
    let list = dev_call(&w, &dev, Method::GET, "/api/developer/webhook-endpoints", None).await;
    let endpoint = list.body["endpoints"][0].clone();
    assert_eq!(endpoint["enabled"], false, "{}", list.body);
    assert!(endpoint["disabledReason"].as_str().is_some_and(|r| r.contains("attempts")));
    let failed = dev_call(&w, &dev, Method::GET, "/api/developer/webhook-deliveries", None).await;
    let failed = failed.body["deliveries"][0].clone();
    assert_eq!((failed["status"].as_str(), failed["attempts"].as_u64()), (Some("failed"), Some(10)));
    let resend_path = format!("/api/developer/webhook-deliveries/{}/resend", failed["id"].as_str().unwrap_or_default());
    let refused = dev_call(&w, &dev, Method::POST, &resend_path, None).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::CONFLICT, "webhook_endpoint_disabled"));
    let enable = dev_call(
        &w,
        &dev,
        Method::PATCH,
        &format!("/api/developer/webhook-endpoints/{id}"),
        Some(json!({"enabled": true})),
    )
    .await;
    assert_eq!(enable.body["enabled"], true, "{}", enable.body);
    let resent = dev_call(&w, &dev, Method::POST, &resend_path, None).await;
    assert_eq!(resent.status, StatusCode::ACCEPTED, "{}", resent.body);
    w.ring_alarms().await;
    let last = received(&hooks).last().cloned().unwrap_or_else(|| panic!("resent"));
    assert_eq!(last.header("webhook-id"), failed["eventId"].as_str().unwrap_or_default(), "the same event id");
}

#[tokio::test]
async fn a_rotated_secret_signs_beside_the_old_one_and_bad_input_changes_nothing() {
    let w = World::new();
    let dev = developer(&w).await;
    let hooks = w.hook_receiver();
    let made = dev_call(
        &w,
        &dev,
        Method::POST,
        "/api/developer/webhook-endpoints",
        Some(json!({"url": format!("{HOOKS_BASE}/in")})),
    )
    .await;
    let old = made.body["secret"].as_str().unwrap_or_default().to_owned();
    let id = made.body["endpoint"]["id"].as_str().unwrap_or_default().to_owned();
    let rotated =
        dev_call(&w, &dev, Method::POST, &format!("/api/developer/webhook-endpoints/{id}/rotate"), None).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    let new = rotated.body["secret"].as_str().unwrap_or_default().to_owned();
    assert_ne!(new, old);
    assert!(rotated.body["endpoint"]["previousSecretUntil"].is_string());
    for _ in 0..8 {
        track(&w, &dev, "dan").await;
    }
    w.ring_alarms().await;
    let got = received(&hooks);
    assert_eq!(got.len(), 1);
    // Both secrets verify the same delivery while the old one overlaps.
    verified(&w, &got, &old);
    verified(&w, &got, &new);
    assert_eq!(got[0].header("webhook-signature").split(' ').count(), 2);

    // Bad input: clear 4xx, nothing made.
    let cases = [
        (json!({"url": "ftp://x.test/in"}), "invalid_webhook_url"),
        (json!({"url": "https://user:pw@x.test/in"}), "invalid_webhook_url"),
        (json!({"url": "https://x.test/in", "events": ["usage.nope"]}), "invalid_webhook_events"),
        (json!({"url": "https://x.test/in", "surprise": 1}), "invalid_body"),
    ];
    for (body, code) in cases {
        let r = dev_call(&w, &dev, Method::POST, "/api/developer/webhook-endpoints", Some(body.clone())).await;
        assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, code), "{body}: {}", r.body);
    }
    let live_http = json!({"url": "http://x.test/in"});
    let r = dev_call(&w, &dev, Method::POST, "/api/developer/webhook-endpoints?mode=live", Some(live_http)).await;
    assert_eq!(r.code(), "invalid_webhook_url", "live endpoints are https only");
    let alerts =
        json!({"rateLimitPerMinute": 100, "allowedOrigins": [], "endUserAuth": {"kind": "shared"}, "usageAlerts": [0]});
    let r = dev_call(&w, &dev, Method::PUT, "/api/developer/settings", Some(alerts)).await;
    assert_eq!(r.code(), "invalid_alerts");
    let list = dev_call(&w, &dev, Method::GET, "/api/developer/webhook-endpoints", None).await;
    assert_eq!(list.body["endpoints"].as_array().map(Vec::len), Some(1));
    let gone = dev_call(&w, &dev, Method::DELETE, "/api/developer/webhook-endpoints/we_nope", None).await;
    assert_eq!((gone.status, gone.code()), (StatusCode::NOT_FOUND, "webhook_endpoint_not_found"));
    let del = dev_call(&w, &dev, Method::DELETE, &format!("/api/developer/webhook-endpoints/{id}"), None).await;
    assert_eq!(del.body, json!({"deleted": true, "id": id}));
}
