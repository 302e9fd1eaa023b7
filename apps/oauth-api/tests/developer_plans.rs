//! Developers' own plans: checkout on dream-api's account, the webhook moving the plan, the
//! live-call quota on api-multi (402 once over, a warning from 80%), upgrades, admin figures.

use dream_sim::testkit::{send, send_bearer, Reply, World, API_BASE, DEV_API_BASE, STRIPE_BASE};
use http::{Method, StatusCode};
use serde_json::{json, Value};

const DASHBOARD: &str = "https://dashboard.test";

async fn dev_call(w: &World, token: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
    send_bearer(&front_auth_api::router(w.state.clone()), token, method, path, body).await
}

/// One tracked call (a new end user each time, so no tier limit is reached).
async fn live_call(w: &World, sk: &str) -> Reply {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let auth = format!("Bearer {sk}");
    let body = json!({ "userId": format!("user-{n}") });
    send(
        &api_multi::router(w.state.clone()),
        Method::POST,
        "/api/data",
        &[("authorization", &auth)],
        Some(body.to_string()),
    )
    .await
}

/// The live calls the developer's account has counted this period.
async fn counted(w: &World, token: &str) -> u64 {
    let billing = dev_call(w, token, Method::GET, "/api/developer/billing", None).await;
    billing.body["used"].as_u64().unwrap()
}

#[tokio::test]
async fn only_accepted_tracks_count_toward_the_plan_quota() {
    let w = World::new();
    let token = w.developer_token("dev_counts");
    let reg = dev_call(&w, &token, Method::POST, "/api/developer/register", None).await;
    let sk_live = reg.body["live"]["secretKey"].as_str().unwrap().to_owned();
    let auth = format!("Bearer {sk_live}");
    let h = [("authorization", auth.as_str())];
    let api = api_multi::router(w.state.clone());
    for _ in 0..3 {
        assert_eq!(live_call(&w, &sk_live).await.status, StatusCode::OK);
    }
    // Reads, bad requests and a replayed track: none is a metered success.
    for _ in 0..20 {
        assert_eq!(send(&api, Method::GET, "/api/usage?userId=reader", &h, None).await.status, StatusCode::OK);
        assert_eq!(send(&api, Method::GET, "/api/tiers", &h, None).await.status, StatusCode::OK);
        let bad = send(&api, Method::POST, "/api/data", &h, Some("{not json".into())).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }
    let keyed = [("authorization", auth.as_str()), ("idempotency-key", "once")];
    for _ in 0..5 {
        let r = send(&api, Method::POST, "/api/data", &keyed, Some(json!({"userId": "k"}).to_string())).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    // Two more windows, each closed by a track, bring every pending count to the account.
    for _ in 0..2 {
        w.clock.advance(dream_services::quota::SYNC_EVERY_MS);
        assert_eq!(live_call(&w, &sk_live).await.status, StatusCode::OK);
    }
    // Counted: the 3 tracks, the keyed one once, and the first closing track (the second
    // is still pending in the isolate).
    assert_eq!(counted(&w, &token).await, 3 + 1 + 1, "only accepted, first-time tracks count");
}

/// Opens a Checkout for `plan` on dream-api's account.
async fn open_plan_checkout(w: &World, token: &str, plan: &str) -> Reply {
    let body = json!({"plan": plan, "successUrl": format!("{DASHBOARD}/billing?ok"), "cancelUrl": format!("{DASHBOARD}/billing")});
    dev_call(w, token, Method::POST, "/api/developer/billing/checkout", Some(body)).await
}

/// Buys `plan` through Checkout; every webhook delivery succeeds.
async fn buy(w: &World, token: &str, plan: &str) {
    pay_plan(w, token, plan).await;
    for d in w.stripe.deliveries() {
        assert!(d.delivered, "{d:?}");
    }
}

/// Up to `max` calls, stopping at the first refusal; answers how many were accepted.
async fn calls_until_refused_or(w: &World, sk: &str, max: u64) -> (u64, Option<Reply>) {
    for n in 0..max {
        let r = live_call(w, sk).await;
        if r.status != StatusCode::OK {
            return (n, Some(r));
        }
    }
    (max, None)
}

/// Calls until refused; answers how many were accepted.
async fn calls_until_refused(w: &World, sk: &str, max: u64) -> (u64, Reply) {
    for n in 0..max {
        let r = live_call(w, sk).await;
        if r.status != StatusCode::OK {
            return (n, r);
        }
    }
    panic!("no refusal within {max} calls");
}

#[tokio::test]
async fn the_plan_quota_applies_to_live_calls_and_an_upgrade_lifts_it() {
    let w = World::new();
    w.net.mount(API_BASE, api_multi::router(w.state.clone()));
    w.net.mount(DEV_API_BASE, front_auth_api::router(w.state.clone()));
    let token = w.developer_token("dev_plans");
    let reg = dev_call(&w, &token, Method::POST, "/api/developer/register", None).await;
    let sk_live = reg.body["live"]["secretKey"].as_str().unwrap().to_owned();
    let sk_test = reg.body["test"]["secretKey"].as_str().unwrap().to_owned();

    let billing = dev_call(&w, &token, Method::GET, "/api/developer/billing", None).await;
    assert_eq!((billing.body["plan"]["id"].as_str(), billing.body["quota"].as_u64()), (Some("free"), Some(1000)));
    assert_eq!(billing.body["plans"].as_array().unwrap().len(), 4);

    // Free: 1,000 live calls; test-mode calls never count.
    for _ in 0..100 {
        assert_eq!(live_call(&w, &sk_test).await.status, StatusCode::OK);
    }
    let (accepted, refused) = calls_until_refused(&w, &sk_live, 2_000).await;
    assert!((1_000..1_000 + dream_services::quota::SYNC_EVERY_CALLS).contains(&accepted), "{accepted}");
    assert_eq!((refused.status, refused.code()), (StatusCode::PAYMENT_REQUIRED, "plan_quota_exceeded"));
    assert!(refused.body["error"]["message"].as_str().unwrap().contains("Free plan"), "{}", refused.body);

    // Basic: 10,000 in the subscription's own period (which starts at checkout), with a
    // warning from 80% on.
    buy(&w, &token, "basic").await;
    let billing = dev_call(&w, &token, Method::GET, "/api/developer/billing", None).await;
    assert_eq!(billing.body["plan"]["id"], "basic", "{}", billing.body);
    w.clock.advance(dream_services::quota::SYNC_EVERY_MS);
    let auth = format!("Bearer {sk_live}");
    let track = || {
        let body = json!({"userId": "u"}).to_string();
        let (r, auth) = (api_multi::router(w.state.clone()), auth.clone());
        async move { send(&r, Method::POST, "/api/data", &[("authorization", &auth)], Some(body)).await }
    };
    let (early, _) = calls_until_refused_or(&w, &sk_live, 7_900).await;
    assert_eq!(early, 7_900);
    assert!(track().await.body.get("warning").is_none());
    for _ in 0..200 {
        live_call(&w, &sk_live).await;
    }
    let warned = track().await;
    assert!(warned.body["warning"].as_str().unwrap_or("").contains("Basic"), "{}", warned.body);
    let (rest, refused) = calls_until_refused(&w, &sk_live, 3_000).await;
    let accepted = 7_900 + 1 + 200 + 1 + rest;
    assert!((10_000..10_000 + dream_services::quota::SYNC_EVERY_CALLS).contains(&accepted), "{accepted}");
    assert!(refused.body["error"]["message"].as_str().unwrap().contains("10000 live API calls"), "{}", refused.body);
    assert!(refused.body["error"]["message"].as_str().unwrap().contains("Basic"), "{}", refused.body);
    let warned = dev_call(&w, &token, Method::GET, "/api/developer/billing", None).await;
    assert!(warned.body["warning"].is_string(), "{}", warned.body);

    // Upgrading to Pro through checkout lifts it (and Basic is canceled, not billed twice).
    buy(&w, &token, "pro").await;
    w.clock.advance(dream_services::quota::SYNC_EVERY_MS);
    assert_eq!(live_call(&w, &sk_live).await.status, StatusCode::OK);
    let tracked = send(
        &api_multi::router(w.state.clone()),
        Method::POST,
        "/api/data",
        &[("authorization", &auth)],
        Some(json!({"userId": "u"}).to_string()),
    )
    .await;
    assert_eq!(tracked.status, StatusCode::OK, "{}", tracked.body);
    assert!(tracked.body.get("warning").is_none(), "{}", tracked.body);
    let billing = dev_call(&w, &token, Method::GET, "/api/developer/billing", None).await;
    assert_eq!((billing.body["plan"]["id"].as_str(), billing.body["quota"].as_u64()), (Some("pro"), Some(100_000)));

    // Admin figures: the admin sees them, a developer does not.
    let denied = dev_call(&w, &token, Method::GET, "/api/developer/admin/stats", None).await;
    assert_eq!((denied.status, denied.code()), (StatusCode::FORBIDDEN, "admin_only"));
    let admin = w.developer_token("user_admin");
    let stats = dev_call(&w, &admin, Method::GET, "/api/developer/admin/stats", None).await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.body);
    assert_eq!(stats.body["developers"], 1);
    assert_eq!(stats.body["developersByPlan"], json!({"pro": 1}));
    assert_eq!(stats.body["mrr"], 7900, "Basic was canceled when Pro started");
    let calls: u64 = stats.body["days"].as_array().unwrap().iter().map(|d| d["calls"].as_u64().unwrap()).sum();
    assert!(calls >= 11_000, "{calls}");
}

/// Pays a plan's checkout; Stripe's deliveries may fail (answers them).
async fn pay_plan(w: &World, token: &str, plan: &str) -> Vec<dream_sim::stripe::Delivery> {
    let c = open_plan_checkout(w, token, plan).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let path = c.body["url"].as_str().unwrap().strip_prefix(STRIPE_BASE).unwrap().to_owned();
    let stripe = dream_sim::stripe::api::router(w.stripe.clone());
    let seen = w.stripe.deliveries().len();
    let paid = send(&stripe, Method::POST, &format!("{path}/pay"), &[], None).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER);
    w.stripe.deliver_pending().await;
    w.stripe.deliveries().split_off(seen)
}

/// A subscription on dream-api's own account, as Stripe has it.
async fn stripe_subscription(w: &World, id: &str) -> Value {
    let auth = format!("Bearer {}", dream_sim::testkit::STRIPE_TEST_SECRET);
    let stripe = dream_sim::stripe::api::router(w.stripe.clone());
    send(&stripe, Method::GET, &format!("/v1/subscriptions/{id}"), &[("authorization", &auth)], None).await.body
}

#[tokio::test]
async fn a_replaced_plan_is_canceled_at_stripe_even_when_the_first_cancels_fail() {
    let w = World::new();
    w.net.mount(DEV_API_BASE, front_auth_api::router(w.state.clone()));
    let token = w.developer_token("dev_replace");
    dev_call(&w, &token, Method::POST, "/api/developer/register", None).await;
    buy(&w, &token, "basic").await;
    let basic = dev_call(&w, &token, Method::GET, "/api/developer/billing", None).await.body["subscription"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Stripe refuses the cancel, first with an error that carries a code (a rate limit, not
    // "already canceled"), then with outages for as long as this delivery round lasts.
    let cancel = format!("/v1/subscriptions/{basic}");
    let limited =
        json!({"error": {"type": "invalid_request_error", "code": "rate_limit", "message": "Too many requests."}});
    w.net.fail("DELETE", &cancel, 1, 429, limited);
    w.net.fail("DELETE", &cancel, 100, 500, json!({"error": {"type": "api_error", "message": "Stripe is down."}}));
    let deliveries = pay_plan(&w, &token, "pro").await;
    let billing = dev_call(&w, &token, Method::GET, "/api/developer/billing", None).await.body;
    assert_eq!(billing["plan"]["id"], "pro", "{billing}");
    assert_eq!(stripe_subscription(&w, &basic).await["status"], "active");
    // The developer sees the cancel still owed, and Stripe is told to come back.
    let pending = &billing["pendingCancellations"];
    assert_eq!(pending[0]["subscription"], basic.as_str(), "{billing}");
    assert!(pending[0]["attempts"].as_u64().unwrap() >= 2, "{billing}");
    assert!(pending[0]["lastError"].as_str().unwrap().contains("Stripe"), "{billing}");
    let failed: Vec<_> = deliveries.iter().filter(|d| !d.delivered).collect();
    assert!(!failed.is_empty(), "the webhook acknowledged while the cancel was still owed: {deliveries:?}");
    // Stripe redelivers later: the cancel happens, once, and the debt is gone.
    w.net.heal();
    for d in &failed {
        assert!(w.stripe.resend(&d.event_id).await);
    }
    let redelivered = w.stripe.deliveries();
    assert!(redelivered.iter().rev().take(failed.len()).all(|d| d.delivered), "{redelivered:?}");
    assert_eq!(stripe_subscription(&w, &basic).await["status"], "canceled");
    let billing = dev_call(&w, &token, Method::GET, "/api/developer/billing", None).await.body;
    assert_eq!(billing["plan"]["id"], "pro", "{billing}");
    assert!(billing.get("pendingCancellations").is_none(), "{billing}");
}

#[tokio::test]
async fn of_two_plan_checkouts_opened_before_paying_only_the_last_can_be_paid() {
    let w = World::new();
    w.net.mount(DEV_API_BASE, front_auth_api::router(w.state.clone()));
    let token = w.developer_token("dev_two_tabs");
    dev_call(&w, &token, Method::POST, "/api/developer/register", None).await;
    let (basic, pro) = (open_plan_checkout(&w, &token, "basic").await, open_plan_checkout(&w, &token, "pro").await);
    let stripe = dream_sim::stripe::api::router(w.stripe.clone());
    let pay = |r: &Reply| format!("{}/pay", r.body["url"].as_str().unwrap().strip_prefix(STRIPE_BASE).unwrap());
    assert_eq!(send(&stripe, Method::POST, &pay(&basic), &[], None).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(send(&stripe, Method::POST, &pay(&pro), &[], None).await.status, StatusCode::SEE_OTHER);
    w.stripe.deliver_pending().await;
    let billing = dev_call(&w, &token, Method::GET, "/api/developer/billing", None).await.body;
    assert_eq!(billing["plan"]["id"], "pro", "{billing}");
}
