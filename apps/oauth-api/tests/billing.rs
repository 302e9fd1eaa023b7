//! Billing end to end, natively: Connect through oauth-api, products, Checkout and the portal
//! through api-multi, webhooks from the simulated Stripe (in process) back into api-multi,
//! revenue in front-auth-api's stats.

use dream_sim::testkit::{send, Reply, World, API_BASE, CONNECT_WEBHOOK_SECRET, STRIPE_BASE};
use http::{Method, StatusCode};
use serde_json::{json, Value};

/// The requests a simulated webhook receiver took.
type Hooks = std::sync::Arc<std::sync::Mutex<Vec<dream_sim::testkit::Received>>>;

const APP: &str = "https://app.test";
const DAY_MS: i64 = 86_400_000;

struct Dev {
    token: String,
    sk: String,
    platform: String,
}

async fn dev_call(w: &World, dev: &Dev, method: Method, path: &str, body: Option<Value>) -> Reply {
    let auth = format!("Bearer {}", dev.token);
    let oauth = ["/api/oauth", "/api/developer/create-products", "/api/developer/promotion-codes"];
    let router = if oauth.iter().any(|p| path.starts_with(p)) {
        oauth_api::router(w.state.clone())
    } else {
        front_auth_api::router(w.state.clone())
    };
    send(&router, method, path, &[("authorization", &auth)], body.map(|b| b.to_string())).await
}

async fn api(w: &World, dev: &Dev, method: Method, path: &str, body: Value) -> Reply {
    let auth = format!("Bearer {}", dev.sk);
    send(&api_multi::router(w.state.clone()), method, path, &[("authorization", &auth)], Some(body.to_string())).await
}

async fn developer(w: &World, name: &str, pro_price: i64) -> Dev {
    let mut dev = Dev { token: w.developer_token(name), sk: String::new(), platform: String::new() };
    let reg = dev_call(w, &dev, Method::POST, "/api/developer/register", None).await;
    assert_eq!(reg.status, StatusCode::OK, "{}", reg.body);
    dev.sk = reg.body["test"]["secretKey"].as_str().unwrap().to_owned();
    dev.platform = reg.body["platformId"].as_str().unwrap().to_owned();
    set_tiers(w, &dev, pro_price).await;
    let settings = json!({"rateLimitPerMinute": 1000, "allowedOrigins": [APP], "endUserAuth": {"kind": "shared"}});
    assert_eq!(dev_call(w, &dev, Method::PUT, "/api/developer/settings", Some(settings)).await.status, StatusCode::OK);
    dev
}

async fn set_tiers(w: &World, dev: &Dev, pro_price: i64) {
    let tiers = json!({"tiers": [
        {"name": "free", "displayName": "Free", "limit": 3, "priceCents": 0},
        {"name": "pro", "displayName": "Pro", "limit": 100, "priceCents": pro_price},
        {"name": "team", "displayName": "Team", "limit": null, "priceCents": 4900}
    ]});
    let r = dev_call(w, dev, Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

fn location(r: &Reply) -> String {
    r.headers.get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default()
}

fn path_of(url: &str, base: &str) -> String {
    url.strip_prefix(base).unwrap_or_else(|| panic!("{url} is not under {base}")).to_owned()
}

fn stripe_router(w: &World) -> axum::Router {
    dream_sim::stripe::api::router(w.stripe.clone())
}

/// authorize → consent page → callback; returns the callback's answer and the state used.
async fn connect(w: &World, dev: &Dev) -> (Reply, String) {
    let start = dev_call(w, dev, Method::GET, "/api/oauth/authorize?mode=test", None).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    let url = start.body["url"].as_str().unwrap().to_owned();
    let consent = send(&stripe_router(w), Method::GET, &path_of(&url, STRIPE_BASE), &[], None).await;
    assert_eq!(consent.status, StatusCode::OK);
    let query = url.split_once('?').unwrap().1.to_owned();
    let form = format!("{query}&decision=allow");
    let approved = send(
        &stripe_router(w),
        Method::POST,
        "/oauth/authorize",
        &[("content-type", "application/x-www-form-urlencoded")],
        Some(form),
    )
    .await;
    let back = location(&approved);
    let state = back.split("state=").nth(1).unwrap().to_owned();
    let callback = send(&oauth_api::router(w.state.clone()), Method::GET, &path_of(&back, API_BASE), &[], None).await;
    assert_eq!(callback.status, StatusCode::SEE_OTHER, "{}", callback.body);
    // The dashboard's Stripe page completes the connection with the developer's session.
    let to = location(&callback);
    let query = to.split_once("/stripe?").unwrap().1;
    let param = |name: &str| query.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}="))).map(str::to_owned);
    let body = json!({"state": param("state"), "code": param("code")});
    (dev_call(w, dev, Method::POST, "/api/oauth/complete", Some(body)).await, state)
}

async fn checkout(w: &World, dev: &Dev, user: &str, tier: &str) -> Reply {
    let body =
        json!({"tier": tier, "userId": user, "successUrl": format!("{APP}/ok"), "cancelUrl": format!("{APP}/no")});
    api(w, dev, Method::POST, "/api/create-checkout", body).await
}

/// Pays on the hosted Checkout page and lets the simulator deliver the events.
async fn pay(w: &World, url: &str) {
    let paid = send(&stripe_router(w), Method::POST, &format!("{}/pay", path_of(url, STRIPE_BASE)), &[], None).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.body);
    assert_eq!(location(&paid), format!("{APP}/ok"));
    w.stripe.deliver_pending().await;
    for d in w.stripe.deliveries() {
        assert!(d.delivered, "delivery failed: {d:?}");
    }
}

async fn usage(w: &World, dev: &Dev, user: &str) -> Value {
    let auth = format!("Bearer {}", dev.sk);
    let r = send(
        &api_multi::router(w.state.clone()),
        Method::GET,
        &format!("/api/usage?userId={user}"),
        &[("authorization", &auth)],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

async fn track(w: &World, dev: &Dev, user: &str) -> StatusCode {
    api(w, dev, Method::POST, "/api/data", json!({ "userId": user })).await.status
}

async fn sim_advance(w: &World, seconds: i64) {
    let r = send(
        &stripe_router(w),
        Method::POST,
        "/_sim/stripe/clock/advance",
        &[("content-type", "application/json")],
        Some(json!({ "seconds": seconds }).to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    w.stripe.deliver_pending().await;
}

/// Subscribes `user` to pro through Checkout.
async fn subscribe(w: &World, dev: &Dev, user: &str) {
    let c = checkout(w, dev, user, "pro").await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    pay(w, c.body["url"].as_str().unwrap()).await;
}

async fn portal_cancel(w: &World, dev: &Dev, user: &str) {
    let body = json!({"userId": user, "returnUrl": format!("{APP}/account")});
    let portal = api(w, dev, Method::POST, "/api/customer-portal", body).await;
    assert_eq!(portal.status, StatusCode::OK, "{}", portal.body);
    let path = path_of(portal.body["url"].as_str().unwrap(), STRIPE_BASE);
    let page = send(&stripe_router(w), Method::GET, &path, &[], None).await;
    let html = page.body.as_str().unwrap().to_owned();
    assert!(html.contains(&format!("{APP}/account")), "the portal links back to returnUrl");
    let action =
        html.split("action=\"").find(|s| s.contains("/cancel\"")).unwrap().split('"').next().unwrap().to_owned();
    let r = send(
        &stripe_router(w),
        Method::POST,
        &action,
        &[("content-type", "application/x-www-form-urlencoded")],
        Some(String::new()),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    w.stripe.deliver_pending().await;
}

/// The developer's connected account in test mode.
async fn account_id(w: &World, dev: &Dev) -> String {
    let status = dev_call(w, dev, Method::GET, "/api/oauth/status", None).await;
    status.body["test"]["accountId"].as_str().unwrap_or_else(|| panic!("{}", status.body)).to_owned()
}

async fn ready(w: &World, name: &str) -> Dev {
    // The simulated Stripe delivers connected accounts' events to api-multi.
    w.net.mount(API_BASE, api_multi::router(w.state.clone()));
    let dev = developer(w, name, 900).await;
    let (done, _) = connect(w, &dev).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let r = dev_call(w, &dev, Method::POST, "/api/developer/create-products?mode=test", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    dev
}

#[tokio::test]
async fn connect_keeps_only_the_account_and_refuses_replayed_or_foreign_state() {
    let w = World::new();
    let dev = developer(&w, "dev_connect", 900).await;
    let (done, state) = connect(&w, &dev).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let status = dev_call(&w, &dev, Method::GET, "/api/oauth/status", None).await;
    let acct = status.body["test"]["accountId"].as_str().unwrap().to_owned();
    assert!(acct.starts_with("acct_"));
    assert!(status.body["live"].is_null());
    // No token is kept, sealed or not.
    let tokens = w.stripe.issued_tokens();
    assert_eq!(tokens.len(), 2);
    for (k, v) in w.kv.dump() {
        assert!(!tokens.iter().any(|t| v.contains(t.as_str())), "{k} holds a token: {v}");
        assert!(!v.contains("tokens"), "{k} keeps tokens: {v}");
    }
    // The same state again, a forged one of another platform, garbage: refused, nothing changes.
    let oauth = oauth_api::router(w.state.clone());
    let replay =
        dev_call(&w, &dev, Method::POST, "/api/oauth/complete", Some(json!({"state": state, "code": "ac_x"}))).await;
    assert_eq!((replay.status, replay.code()), (StatusCode::BAD_REQUEST, "invalid_oauth_state"));
    let other = developer(&w, "dev_other", 900).await;
    let forged = format!("{}.test.{}", other.platform, "A".repeat(32));
    let objects = w.objects.count();
    let r =
        dev_call(&w, &dev, Method::POST, "/api/oauth/complete", Some(json!({"state": forged, "code": "ac_x"}))).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "oauth_state_not_yours"));
    let r = send(&oauth, Method::GET, &format!("/api/oauth/callback?code=ac_x&state={forged}"), &[], None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the callback only hands on to the dashboard");
    assert_eq!(w.objects.count(), objects, "a foreign state touched no object");
    let r = send(&oauth, Method::GET, "/api/oauth/callback?code=ac_x&state=garbage", &[], None).await;
    assert_eq!(r.code(), "invalid_oauth_state");
    let still = dev_call(&w, &other, Method::GET, "/api/oauth/status", None).await;
    assert!(still.body["test"].is_null());
    // Disconnect forgets it.
    let d = dev_call(&w, &dev, Method::POST, "/api/oauth/disconnect?mode=test", None).await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    assert!(dev_call(&w, &dev, Method::GET, "/api/oauth/status", None).await.body["test"].is_null());
}

#[tokio::test]
async fn create_products_is_idempotent_and_a_new_price_archives_the_old() {
    let w = World::new();
    let dev = ready(&w, "dev_products").await;
    let again = dev_call(&w, &dev, Method::POST, "/api/developer/create-products?mode=test", None).await;
    let results: Vec<&str> =
        again.body["products"].as_array().unwrap().iter().map(|p| p["result"].as_str().unwrap()).collect();
    assert_eq!(results, ["unchanged", "unchanged"]);
    let pro = |b: &Value| b["products"].as_array().unwrap().iter().find(|p| p["tier"] == "pro").unwrap().clone();
    let before = pro(&again.body);
    set_tiers(&w, &dev, 1500).await;
    let changed = dev_call(&w, &dev, Method::POST, "/api/developer/create-products?mode=test", None).await;
    let after = pro(&changed.body);
    assert_eq!(after["result"], "updated");
    assert_eq!(after["productId"], before["productId"]);
    assert_ne!(after["priceId"], before["priceId"]);
    assert_eq!(after["archivedPrices"], json!([before["priceId"]]));
    // On the account: one product per paid tier, one active price each.
    let acct = account_id(&w, &dev).await;
    let get = |path: String| {
        let (w, acct) = (&w, acct.clone());
        async move { as_seller(w, &acct, Method::GET, &path, None).await.body }
    };
    let products = get("/v1/products?active=true".into()).await;
    assert_eq!(products["data"].as_array().unwrap().len(), 2);
    let prices = get(format!("/v1/prices?product={}&active=true", after["productId"].as_str().unwrap())).await;
    let active: Vec<&Value> = prices["data"].as_array().unwrap().iter().collect();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0]["unit_amount"], 1500);
}

#[tokio::test]
async fn checkout_lifts_the_limit_and_cancel_at_period_end_falls_back_to_free() {
    let w = World::new();
    let dev = ready(&w, "dev_flow").await;
    for _ in 0..3 {
        assert_eq!(track(&w, &dev, "ann").await, StatusCode::OK);
    }
    assert_eq!(track(&w, &dev, "ann").await, StatusCode::TOO_MANY_REQUESTS);
    subscribe(&w, &dev, "ann").await;
    let u = usage(&w, &dev, "ann").await;
    assert_eq!((u["plan"].as_str(), u["limit"].as_u64()), (Some("pro"), Some(100)), "{u}");
    assert_eq!(u["subscription"]["status"], "active");
    assert_eq!(track(&w, &dev, "ann").await, StatusCode::OK);
    // A second checkout for a subscriber is refused.
    assert_eq!(checkout(&w, &dev, "ann", "team").await.code(), "already_subscribed");

    portal_cancel(&w, &dev, "ann").await;
    let u = usage(&w, &dev, "ann").await;
    assert_eq!(u["plan"], "pro");
    assert_eq!(u["subscription"]["cancelAtPeriodEnd"], true);
    // The period ends: Stripe ends the subscription, the user is on free.
    w.clock.advance(32 * DAY_MS);
    sim_advance(&w, 0).await;
    let u = usage(&w, &dev, "ann").await;
    assert_eq!((u["plan"].as_str(), u["limit"].as_u64()), (Some("free"), Some(3)), "{u}");
    assert_eq!(u["subscription"]["status"], "canceled");
}

#[tokio::test]
async fn webhooks_apply_once_in_order_and_refuse_bad_signatures() {
    let w = World::new();
    let dev = ready(&w, "dev_hooks").await;
    subscribe(&w, &dev, "bob").await;
    let deliveries = w.stripe.deliveries();
    let created = deliveries.iter().find(|d| d.event_type == "customer.subscription.created").unwrap().event_id.clone();
    let before = usage(&w, &dev, "bob").await;
    for _ in 0..5 {
        assert!(w.stripe.resend(&created).await);
    }
    assert_eq!(usage(&w, &dev, "bob").await, before);
    // Newer then older: cancel at period end (t+10 s), then an older "renew" (t+5 s) arrives last.
    let sub = before["subscription"]["id"].as_str().unwrap().to_owned();
    let acct = account_id(&w, &dev).await;
    let update = |flag: &'static str| {
        let (w, acct, sub) = (&w, acct.clone(), sub.clone());
        async move {
            let path = format!("/v1/subscriptions/{sub}");
            let r = as_seller(w, &acct, Method::POST, &path, Some(format!("cancel_at_period_end={flag}"))).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
    };
    w.stripe.hold();
    w.clock.advance(5_000);
    update("true").await;
    w.clock.advance(5_000);
    update("false").await;
    w.clock.advance(5_000);
    update("true").await;
    w.stripe.release(true).await;
    assert_eq!(usage(&w, &dev, "bob").await["subscription"]["cancelAtPeriodEnd"], true);

    // Bad signature, stale timestamp, missing header: 400 and nothing changes.
    let kv_before = w.kv.dump();
    let meter_before = w.objects.dump();
    let body = json!({"id": "evt_forged", "object": "event", "type": "customer.subscription.deleted", "created": 1, "livemode": false, "account": acct, "data": {"object": {}}}).to_string();
    let now = w.now_secs();
    let cases = [
        Some(dream_core::stripe_signature::sign("whsec_wrong", now, body.as_bytes())),
        Some(dream_core::stripe_signature::sign(CONNECT_WEBHOOK_SECRET, now - 301, body.as_bytes())),
        Some("t=1,v1=zz".to_owned()),
        None,
    ];
    for header in cases {
        let mut headers = vec![("content-type", "application/json")];
        if let Some(h) = header.as_deref() {
            headers.push(("stripe-signature", h));
        }
        let r =
            send(&api_multi::router(w.state.clone()), Method::POST, "/webhook/stripe", &headers, Some(body.clone()))
                .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.code().starts_with("signature_"), "{}", r.code());
    }
    assert_eq!(w.kv.dump(), kv_before);
    assert_eq!(w.objects.dump(), meter_before);
    // A signed event for an unknown account: 200, recorded, no retry storm.
    let stray = json!({"id": "evt_stray", "object": "event", "type": "invoice.paid", "created": now, "livemode": false, "account": "acct_1Unknown", "data": {"object": {}}}).to_string();
    let sig = dream_core::stripe_signature::sign(CONNECT_WEBHOOK_SECRET, now, stray.as_bytes());
    let r = send(
        &api_multi::router(w.state.clone()),
        Method::POST,
        "/webhook/stripe",
        &[("stripe-signature", &sig)],
        Some(stray),
    )
    .await;
    assert_eq!((r.status, r.body["result"].as_str()), (StatusCode::OK, Some("unmatched")));
    let slot = dream_core::kv_schema::unmatched_event("evt_stray");
    assert!(w.kv.dump().iter().any(|(k, v)| *k == slot && v.contains("evt_stray")));
}

#[tokio::test]
async fn the_pro_tier_cannot_be_had_for_the_free_price() {
    let w = World::new();
    let dev = ready(&w, "dev_cheat").await;
    let free = checkout(&w, &dev, "eve", "free").await;
    assert_eq!((free.status, free.code()), (StatusCode::BAD_REQUEST, "tier_not_purchasable"));
    // Unknown fields (a client-chosen price) are refused outright.
    let body = json!({"tier": "pro", "userId": "eve", "priceId": "price_free", "successUrl": format!("{APP}/ok"), "cancelUrl": format!("{APP}/no")});
    assert_eq!(api(&w, &dev, Method::POST, "/api/create-checkout", body).await.status, StatusCode::BAD_REQUEST);
    // Redirects off the allowed origins are refused.
    let body =
        json!({"tier": "pro", "userId": "eve", "successUrl": "https://evil.test/ok", "cancelUrl": format!("{APP}/no")});
    assert_eq!(api(&w, &dev, Method::POST, "/api/create-checkout", body).await.code(), "redirect_not_allowed");
    // A subscription to a $0 price made outside dream-api, labelled "pro" in its metadata,
    // gives nothing: the tier comes from the platform's own prices.
    let acct = account_id(&w, &dev).await;
    let prod = as_seller(&w, &acct, Method::POST, "/v1/products", Some("name=Cheap".into())).await.body;
    let price = as_seller(
        &w,
        &acct,
        Method::POST,
        "/v1/prices",
        Some(format!("product={}&unit_amount=0&currency=usd&recurring[interval]=month", prod["id"].as_str().unwrap())),
    )
    .await
    .body;
    let form = format!(
        "mode=subscription&line_items[0][price]={}&line_items[0][quantity]=1&success_url={APP}/ok&cancel_url={APP}/no&client_reference_id=eve&subscription_data[metadata][dream_user_id]=eve&subscription_data[metadata][dream_platform_id]={}&subscription_data[metadata][dream_tier]=pro",
        price["id"].as_str().unwrap(),
        dev.platform
    );
    let session = as_seller(&w, &acct, Method::POST, "/v1/checkout/sessions", Some(form)).await.body;
    pay(&w, session["url"].as_str().unwrap()).await;
    let u = usage(&w, &dev, "eve").await;
    assert_eq!(u["plan"], "free", "{u}");
    assert!(u["subscription"]["tier"].is_null());
}

#[tokio::test]
async fn revenue_stats_follow_subscriptions() {
    let w = World::new();
    let dev = ready(&w, "dev_revenue").await;
    for user in ["u1", "u2", "u3"] {
        subscribe(&w, &dev, user).await;
    }
    portal_cancel(&w, &dev, "u3").await;
    let stats = dev_call(&w, &dev, Method::GET, "/api/developer/stats?mode=test", None).await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.body);
    let rev = &stats.body["revenue"];
    assert_eq!(rev["mrr"], 2700, "{rev}");
    assert_eq!(rev["active"], 3);
    assert_eq!(rev["canceling"], 1);
    assert_eq!(rev["newThisMonth"], 3);
    let today = stats.body["days"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(today["revenue"], 2700, "{today}");
}

#[tokio::test]
async fn of_two_checkouts_opened_before_paying_only_the_last_can_be_paid() {
    let w = World::new();
    let dev = ready(&w, "dev_twice").await;
    let first = checkout(&w, &dev, "cat", "pro").await;
    let second = checkout(&w, &dev, "cat", "team").await;
    assert_eq!((first.status, second.status), (StatusCode::OK, StatusCode::OK), "{} {}", first.body, second.body);
    let pay_path = |r: &Reply| format!("{}/pay", path_of(r.body["url"].as_str().unwrap(), STRIPE_BASE));
    let stale = send(&stripe_router(&w), Method::POST, &pay_path(&first), &[], None).await;
    assert_eq!(stale.status, StatusCode::BAD_REQUEST, "the superseded checkout could still be paid");
    pay(&w, second.body["url"].as_str().unwrap()).await;
    let u = usage(&w, &dev, "cat").await;
    assert_eq!(u["plan"], "team", "{u}");
    // A checkout paid a moment ago (its webhook not yet in) blocks a new one.
    let third = checkout(&w, &dev, "dan", "pro").await;
    w.stripe.hold();
    let paid = send(&stripe_router(&w), Method::POST, &pay_path(&third), &[], None).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER);
    let fourth = checkout(&w, &dev, "dan", "team").await;
    assert_eq!((fourth.status, fourth.code()), (StatusCode::CONFLICT, "checkout_already_completed"), "{}", fourth.body);
    w.stripe.release(false).await;
    assert_eq!(usage(&w, &dev, "dan").await["plan"], "pro");
}

/// Posts a signed event to api-multi's Connect endpoint.
async fn deliver(w: &World, event: &Value) -> Reply {
    let body = event.to_string();
    let sig = dream_core::stripe_signature::sign(CONNECT_WEBHOOK_SECRET, w.now_secs(), body.as_bytes());
    send(
        &api_multi::router(w.state.clone()),
        Method::POST,
        "/webhook/stripe",
        &[("stripe-signature", &sig)],
        Some(body),
    )
    .await
}

#[tokio::test]
async fn unmatched_events_expire_and_their_number_is_bounded() {
    let w = World::new();
    for n in 0..3_000 {
        let event = json!({"id": format!("evt_stray{n}"), "object": "event", "type": "invoice.paid", "created": w.now_secs(), "livemode": false, "account": "acct_1Unknown", "data": {"object": {}}});
        let r = deliver(&w, &event).await;
        assert_eq!((r.status, r.body["result"].as_str()), (StatusCode::OK, Some("unmatched")));
    }
    let kept: Vec<String> =
        w.kv.dump().into_iter().map(|(k, _)| k).filter(|k| k.starts_with("webhook-unmatched:")).collect();
    assert!(!kept.is_empty() && kept.len() <= dream_core::kv_schema::UNMATCHED_KEPT as usize, "{} kept", kept.len());
    for k in &kept {
        let ttl = w.kv.ttl_of(k).unwrap_or_else(|| panic!("{k} never expires"));
        assert!(ttl <= 30 * 86_400, "{k}: {ttl} s");
    }
}

#[tokio::test]
async fn a_price_missing_from_a_stale_product_map_is_found_at_stripe() {
    let w = World::new();
    let dev = ready(&w, "dev_stale_map").await;
    // The map written by create-products is not visible here yet (KV propagates slowly).
    let key = dream_core::kv_schema::stripe_products(&dev.platform, dream_core::Mode::Test);
    let map = dream_core::ports::KvStore::get(w.kv.as_ref(), &key).await.unwrap().unwrap();
    let mut stale: Value = serde_json::from_str(&map).unwrap();
    stale["prices"] = json!({});
    dream_core::ports::KvStore::put(w.kv.as_ref(), &key, &stale.to_string()).await.unwrap();
    let c = checkout(&w, &dev, "fay", "pro").await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    pay(&w, c.body["url"].as_str().unwrap()).await;
    let u = usage(&w, &dev, "fay").await;
    assert_eq!((u["plan"].as_str(), u["subscription"]["tier"].as_str()), (Some("pro"), Some("pro")), "{u}");
}

#[tokio::test]
async fn the_catalog_sync_pages_through_every_product_on_the_account() {
    let w = World::new();
    let dev = ready(&w, "dev_many_products").await;
    let acct = account_id(&w, &dev).await;
    // The developer sells 150 other things on the same account, made after our products.
    w.clock.advance(1_000);
    for n in 0..150 {
        let r = as_seller(&w, &acct, Method::POST, "/v1/products", Some(format!("name=Other+{n}"))).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let again = dev_call(&w, &dev, Method::POST, "/api/developer/create-products?mode=test", None).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    let results: Vec<&str> =
        again.body["products"].as_array().unwrap().iter().map(|p| p["result"].as_str().unwrap()).collect();
    assert_eq!(results, ["unchanged", "unchanged"], "our products were not found past the first page");
}

#[tokio::test]
async fn stripe_errors_reach_callers_as_dream_api_errors_without_stripe_text() {
    let w = World::new();
    let dev = ready(&w, "dev_errors").await;
    let secret = "Invalid parameter: this text is Stripe's own";
    let cases = [
        (
            400,
            json!({"error": {"type": "invalid_request_error", "code": "parameter_invalid", "message": secret}}),
            StatusCode::BAD_GATEWAY,
            "stripe_error",
        ),
        (
            429,
            json!({"error": {"type": "invalid_request_error", "code": "rate_limit", "message": secret}}),
            StatusCode::SERVICE_UNAVAILABLE,
            "stripe_busy",
        ),
        (
            403,
            json!({"error": {"type": "invalid_request_error", "code": "account_invalid", "message": secret}}),
            StatusCode::CONFLICT,
            "stripe_account_unavailable",
        ),
        (
            500,
            json!({"error": {"type": "api_error", "message": secret}}),
            StatusCode::BAD_GATEWAY,
            "stripe_unavailable",
        ),
    ];
    for (status, body, want, code) in cases {
        w.net.fail("POST", "/v1/checkout/sessions", 1, status, body);
        let r = checkout(&w, &dev, "gil", "pro").await;
        assert_eq!((r.status, r.code()), (want, code), "{}", r.body);
        assert!(!r.body.to_string().contains("Stripe's own"), "Stripe's text reached the caller: {}", r.body);
    }
}

#[tokio::test]
async fn a_promotion_code_makes_the_first_invoice_cheaper_on_a_tier_that_allows_codes() {
    let w = World::new();
    let dev = ready(&w, "dev_promo").await;
    let code = json!({"code": "LAUNCH50", "percentOff": 50, "duration": "once", "maxRedemptions": 10});
    let made = dev_call(&w, &dev, Method::POST, "/api/developer/promotion-codes?mode=test", Some(code.clone())).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!((made.body["code"].as_str(), made.body["percentOff"].as_f64()), (Some("LAUNCH50"), Some(50.0)));
    let again = dev_call(&w, &dev, Method::POST, "/api/developer/promotion-codes?mode=test", Some(code)).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "promotion_code_exists"));
    let bad = json!({"code": "HALF", "percentOff": 50, "amountOff": 100, "duration": "once"});
    let bad = dev_call(&w, &dev, Method::POST, "/api/developer/promotion-codes?mode=test", Some(bad)).await;
    assert_eq!((bad.status, bad.code()), (StatusCode::BAD_REQUEST, "invalid_promotion_code"));

    // Pro's checkout allows codes once the tier says so.
    let tiers = json!({"tiers": [
        {"name": "free", "displayName": "Free", "limit": 3, "priceCents": 0},
        {"name": "pro", "displayName": "Pro", "limit": 100, "priceCents": 900, "promotionCodes": true}
    ]});
    let put = dev_call(&w, &dev, Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let c = checkout(&w, &dev, "ada", "pro").await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let page =
        send(&stripe_router(&w), Method::GET, &path_of(c.body["url"].as_str().unwrap(), STRIPE_BASE), &[], None).await;
    assert!(page.body.as_str().unwrap_or_default().contains("promotion_code"), "the page asks for a code");
    let paid = send(
        &stripe_router(&w),
        Method::POST,
        &format!("{}/pay", path_of(c.body["url"].as_str().unwrap(), STRIPE_BASE)),
        &[("content-type", "application/x-www-form-urlencoded")],
        Some("promotion_code=launch50".into()),
    )
    .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.body);
    w.stripe.deliver_pending().await;
    assert_eq!(usage(&w, &dev, "ada").await["plan"], "pro");
    // The first invoice was half price: that is what the platform earned today.
    let stats = dev_call(&w, &dev, Method::GET, "/api/developer/stats?mode=test", None).await;
    let today = stats.body["days"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(today["revenue"], 450, "{today}");
    let list = dev_call(&w, &dev, Method::GET, "/api/developer/promotion-codes?mode=test", None).await;
    assert_eq!(list.body["promotionCodes"][0]["timesRedeemed"], 1, "{}", list.body);
}

/// A call to the simulated Stripe as the platform acting for `acct` (the seller's own
/// dashboard, in effect).
async fn as_seller(w: &World, acct: &str, method: Method, path: &str, form: Option<String>) -> Reply {
    let auth = format!("Bearer {}", dream_sim::testkit::STRIPE_TEST_SECRET);
    let headers = [
        ("authorization", auth.as_str()),
        ("stripe-account", acct),
        ("content-type", "application/x-www-form-urlencoded"),
    ];
    send(&stripe_router(w), method, path, &headers, form).await
}

/// The `data` of a Stripe list on the developer's connected account.
async fn listed_at_stripe(w: &World, acct: &str, path: &str) -> Vec<Value> {
    let r = as_seller(w, acct, Method::GET, path, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body["data"].as_array().unwrap().clone()
}

/// Every subscription on the developer's connected account, canceled ones too.
async fn subscriptions_at_stripe(w: &World, acct: &str) -> Vec<Value> {
    listed_at_stripe(w, acct, "/v1/subscriptions?status=all&limit=100").await
}

async fn invoices_at_stripe(w: &World, acct: &str) -> Vec<Value> {
    listed_at_stripe(w, acct, "/v1/invoices?limit=100").await
}

async fn change(w: &World, dev: &Dev, user: &str, tier: &str) -> Reply {
    api(w, dev, Method::POST, "/api/subscription/change", json!({"userId": user, "tier": tier})).await
}

#[tokio::test]
async fn an_upgrade_applies_at_once_with_proration_and_a_downgrade_at_the_period_end_on_one_subscription() {
    let w = World::new();
    let dev = ready(&w, "dev_change").await;
    let acct = account_id(&w, &dev).await;
    subscribe(&w, &dev, "ann").await;
    let period_end = usage(&w, &dev, "ann").await["subscription"]["currentPeriodEnd"].clone();
    for _ in 0..5 {
        assert_eq!(track(&w, &dev, "ann").await, StatusCode::OK);
    }
    w.clock.advance(10 * DAY_MS);
    sim_advance(&w, 0).await;

    // Up: the new tier's limit at once, the usage so far kept, the difference invoiced now.
    let up = change(&w, &dev, "ann", "team").await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    assert_eq!(
        (up.body["plan"].as_str(), up.body["limit"].as_u64(), up.body["used"].as_u64()),
        (Some("team"), None, Some(5))
    );
    assert_eq!(up.body["subscription"]["currentPeriodEnd"], period_end, "the billing period is unchanged");
    let invoices = invoices_at_stripe(&w, &acct).await;
    let proration =
        invoices.iter().find(|i| i["billing_reason"] == "subscription_update").expect("a proration invoice");
    let charged = proration["amount_paid"].as_i64().unwrap();
    assert!(charged > 0 && charged < 4900 - 900, "the rest of the period's difference: {charged}");
    w.stripe.deliver_pending().await;
    let u = usage(&w, &dev, "ann").await;
    assert_eq!(u["plan"], "team", "Stripe's events agree: {u}");

    // Asking again changes nothing (a retried request is harmless).
    let again = change(&w, &dev, "ann", "team").await;
    assert_eq!((again.status, again.body["plan"].as_str()), (StatusCode::OK, Some("team")));

    // Down: Team until the period end, then Pro.
    let down = change(&w, &dev, "ann", "pro").await;
    assert_eq!(down.status, StatusCode::OK, "{}", down.body);
    assert_eq!(down.body["plan"], "team");
    assert_eq!(down.body["subscription"]["scheduledChange"]["tier"], "pro", "{}", down.body);
    assert_eq!(down.body["subscription"]["scheduledChange"]["at"], period_end);
    w.stripe.deliver_pending().await;
    let u = usage(&w, &dev, "ann").await;
    assert_eq!(
        (u["plan"].as_str(), u["subscription"]["scheduledChange"]["tier"].as_str()),
        (Some("team"), Some("pro")),
        "{u}"
    );
    assert_eq!(subscriptions_at_stripe(&w, &acct).await.len(), 1, "no second subscription, ever");

    w.clock.advance(25 * DAY_MS);
    sim_advance(&w, 0).await;
    let u = usage(&w, &dev, "ann").await;
    assert_eq!((u["plan"].as_str(), u["limit"].as_u64()), (Some("pro"), Some(100)), "{u}");
    assert!(u["subscription"].get("scheduledChange").is_none(), "{u}");
    let subs = subscriptions_at_stripe(&w, &acct).await;
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0]["status"], "active");
}

#[tokio::test]
async fn a_downgrade_can_be_taken_back_and_cancel_and_resume_keep_one_subscription() {
    let w = World::new();
    let dev = ready(&w, "dev_cancel").await;
    let acct = account_id(&w, &dev).await;
    // Nothing to change without a subscription; a free or unknown tier is not a change.
    assert_eq!(change(&w, &dev, "bob", "team").await.code(), "not_subscribed");
    subscribe(&w, &dev, "bob").await;
    assert_eq!(change(&w, &dev, "bob", "free").await.code(), "tier_not_purchasable");
    assert_eq!(change(&w, &dev, "bob", "gold").await.code(), "unknown_tier");
    let up = change(&w, &dev, "bob", "team").await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    let down = change(&w, &dev, "bob", "pro").await;
    assert_eq!(down.body["subscription"]["scheduledChange"]["tier"], "pro");
    // Back to the tier held: the waiting change is dropped.
    let kept = change(&w, &dev, "bob", "team").await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.body);
    assert!(kept.body["subscription"].get("scheduledChange").is_none(), "{}", kept.body);

    let cancel = api(&w, &dev, Method::POST, "/api/subscription/cancel", json!({"userId": "bob"})).await;
    assert_eq!(cancel.status, StatusCode::OK, "{}", cancel.body);
    assert_eq!(
        (cancel.body["plan"].as_str(), cancel.body["subscription"]["cancelAtPeriodEnd"].as_bool()),
        (Some("team"), Some(true))
    );
    assert_eq!(change(&w, &dev, "bob", "pro").await.code(), "not_subscribed", "resume before changing");
    let resume = api(&w, &dev, Method::POST, "/api/subscription/resume", json!({"userId": "bob"})).await;
    assert_eq!(resume.status, StatusCode::OK, "{}", resume.body);
    assert_eq!(resume.body["subscription"]["cancelAtPeriodEnd"], false);
    w.stripe.deliver_pending().await;
    let u = usage(&w, &dev, "bob").await;
    assert_eq!(
        (u["plan"].as_str(), u["subscription"]["cancelAtPeriodEnd"].as_bool()),
        (Some("team"), Some(false)),
        "{u}"
    );
    // The developer can do the same from the dashboard's API, under the same rules.
    let base = "/api/developer/customers/bob/subscription";
    let by_dev =
        dev_call(&w, &dev, Method::POST, &format!("{base}/change?mode=test"), Some(json!({"tier": "pro"}))).await;
    assert_eq!(by_dev.body["subscription"]["scheduledChange"]["tier"], "pro", "{}", by_dev.body);
    let free =
        dev_call(&w, &dev, Method::POST, &format!("{base}/change?mode=test"), Some(json!({"tier": "free"}))).await;
    assert_eq!(free.code(), "tier_not_purchasable");
    let kept =
        dev_call(&w, &dev, Method::POST, &format!("{base}/change?mode=test"), Some(json!({"tier": "team"}))).await;
    assert!(kept.body["subscription"].get("scheduledChange").is_none(), "{}", kept.body);
    let cancel = dev_call(&w, &dev, Method::POST, &format!("{base}/cancel?mode=test"), None).await;
    assert_eq!(cancel.body["subscription"]["cancelAtPeriodEnd"], true, "{}", cancel.body);
    let resume = dev_call(&w, &dev, Method::POST, &format!("{base}/resume?mode=test"), None).await;
    assert_eq!(resume.body["subscription"]["cancelAtPeriodEnd"], false, "{}", resume.body);
    let nobody =
        dev_call(&w, &dev, Method::POST, "/api/developer/customers/nobody/subscription/cancel?mode=test", None).await;
    assert_eq!(nobody.code(), "not_subscribed");
    w.stripe.deliver_pending().await;
    w.clock.advance(32 * DAY_MS);
    sim_advance(&w, 0).await;
    assert_eq!(usage(&w, &dev, "bob").await["plan"], "team", "resumed: renewed, not ended");
    assert_eq!(subscriptions_at_stripe(&w, &acct).await.len(), 1);
}

#[tokio::test]
async fn a_trial_gives_the_paid_limits_then_bills_or_falls_back_to_free_and_comes_once() {
    let w = World::new();
    let dev = ready(&w, "dev_trial").await;
    let acct = account_id(&w, &dev).await;
    let tiers = json!({"tiers": [
        {"name": "free", "displayName": "Free", "limit": 3, "priceCents": 0},
        {"name": "pro", "displayName": "Pro", "limit": 100, "priceCents": 900, "trial": {"days": 7, "cardRequired": false}},
        {"name": "team", "displayName": "Team", "limit": null, "priceCents": 4900, "trial": {"days": 7}}
    ]});
    let r = dev_call(&w, &dev, Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The developer's server hears of each step (issue #13).
    let hooks = w.hook_receiver();
    let endpoint = json!({"url": format!("{}/in", dream_sim::testkit::HOOKS_BASE)});
    let r = dev_call(&w, &dev, Method::POST, "/api/developer/webhook-endpoints", Some(endpoint)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let told = |hooks: &std::sync::Mutex<Vec<dream_sim::testkit::Received>>| -> Vec<(String, String)> {
        let got = hooks.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<(String, String)> = got
            .iter()
            .map(|r| {
                let b: Value = serde_json::from_str(&r.body).unwrap_or_default();
                (b["data"]["userId"].as_str().unwrap_or_default().into(), b["type"].as_str().unwrap_or_default().into())
            })
            .collect();
        out.sort();
        out
    };
    for (user, tier) in [("cat", "pro"), ("dan", "team")] {
        let c = checkout(&w, &dev, user, tier).await;
        assert_eq!(c.status, StatusCode::OK, "{}", c.body);
        pay(&w, c.body["url"].as_str().unwrap()).await;
        let u = usage(&w, &dev, user).await;
        assert_eq!(u["plan"], tier, "trialing with the paid limits: {u}");
        assert_eq!(u["subscription"]["status"], "trialing");
        assert!(u["trialEndsAt"].is_string() && u["trialEndsAt"] == u["subscription"]["trialEndsAt"], "{u}");
    }
    let zero: Vec<i64> =
        invoices_at_stripe(&w, &acct).await.iter().map(|i| i["amount_paid"].as_i64().unwrap()).collect();
    assert_eq!(zero, vec![0, 0], "nothing is charged during a trial");

    // Three days before the trial ends, Stripe's notice: trial.will_end.
    w.clock.advance(4 * DAY_MS + 1);
    sim_advance(&w, 0).await;
    w.ring_alarms().await;
    let pair = |u: &str, t: &str| (u.to_owned(), t.to_owned());
    assert_eq!(
        told(&hooks),
        [
            pair("cat", "subscription.created"),
            pair("cat", "trial.will_end"),
            pair("dan", "subscription.created"),
            pair("dan", "trial.will_end")
        ]
    );
    w.clock.advance(4 * DAY_MS);
    sim_advance(&w, 0).await;
    w.ring_alarms().await;
    let after: Vec<(String, String)> = told(&hooks)
        .into_iter()
        .filter(|(_, t)| !t.starts_with("subscription.created") && t != "trial.will_end")
        .collect();
    assert_eq!(
        after,
        [pair("cat", "subscription.canceled"), pair("dan", "subscription.updated")],
        "no card: canceled; a card: billed"
    );
    let cat = usage(&w, &dev, "cat").await;
    assert_eq!(
        (cat["plan"].as_str(), cat["subscription"]["status"].as_str()),
        (Some("free"), Some("canceled")),
        "no card: back to free: {cat}"
    );
    let dan = usage(&w, &dev, "dan").await;
    assert_eq!((dan["plan"].as_str(), dan["subscription"]["status"].as_str()), (Some("team"), Some("active")), "{dan}");
    assert!(dan.get("trialEndsAt").is_none());
    assert!(invoices_at_stripe(&w, &acct).await.iter().any(|i| i["amount_paid"] == 4900), "billed at the trial's end");

    // One trial per end user: buying again pays from the start.
    let c = checkout(&w, &dev, "cat", "pro").await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    pay(&w, c.body["url"].as_str().unwrap()).await;
    let cat = usage(&w, &dev, "cat").await;
    assert_eq!((cat["plan"].as_str(), cat["subscription"]["status"].as_str()), (Some("pro"), Some("active")), "{cat}");
}

async fn in_project(w: &World, dev: &Dev, project: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
    let auth = format!("Bearer {}", dev.token);
    let headers = [("authorization", auth.as_str()), ("x-project", project)];
    let router = if path.starts_with("/api/oauth") {
        oauth_api::router(w.state.clone())
    } else {
        front_auth_api::router(w.state.clone())
    };
    send(&router, method, path, &headers, body.map(|b| b.to_string())).await
}

async fn track_with(w: &World, sk: &str, user: &str) -> Reply {
    let auth = format!("Bearer {sk}");
    let body = json!({ "userId": user }).to_string();
    send(&api_multi::router(w.state.clone()), Method::POST, "/api/data", &[("authorization", &auth)], Some(body)).await
}

async fn used_with(w: &World, sk: &str, user: &str) -> Reply {
    let auth = format!("Bearer {sk}");
    send(
        &api_multi::router(w.state.clone()),
        Method::GET,
        &format!("/api/usage?userId={user}"),
        &[("authorization", &auth)],
        None,
    )
    .await
}

#[tokio::test]
async fn two_projects_are_isolated_and_deleting_one_stops_its_keys_at_once() {
    let w = World::new();
    let a = ready(&w, "dev_projects").await;
    let made = dev_call(&w, &a, Method::POST, "/api/developer/projects", Some(json!({"name": "Second shop"}))).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let b_id = made.body["project"]["id"].as_str().unwrap().to_owned();
    let b_sk = made.body["test"]["secretKey"].as_str().unwrap().to_owned();
    assert_eq!(made.body["project"]["primary"], false);
    let list = dev_call(&w, &a, Method::GET, "/api/developer/projects", None).await;
    let names: Vec<&str> =
        list.body["projects"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["My project", "Second shop"]);

    // Each project has its own tiers, keys, usage and customers.
    let tiers = json!({"tiers": [{"name": "free", "displayName": "Free", "limit": 7, "priceCents": 0}]});
    assert_eq!(
        in_project(&w, &a, &b_id, Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await.status,
        StatusCode::OK
    );
    for _ in 0..2 {
        assert_eq!(track_with(&w, &a.sk, "same-user").await.status, StatusCode::OK);
    }
    assert_eq!(track_with(&w, &b_sk, "same-user").await.status, StatusCode::OK);
    let (ua, ub) = (used_with(&w, &a.sk, "same-user").await, used_with(&w, &b_sk, "same-user").await);
    assert_eq!((ua.body["used"].as_u64(), ua.body["limit"].as_u64()), (Some(2), Some(3)), "{}", ua.body);
    assert_eq!((ub.body["used"].as_u64(), ub.body["limit"].as_u64()), (Some(1), Some(7)), "{}", ub.body);
    let b_customers = in_project(&w, &a, &b_id, Method::GET, "/api/developer/customers?mode=test", None).await;
    assert_eq!(b_customers.body["customers"][0]["used"], 1, "{}", b_customers.body);
    // Another developer cannot act on the project.
    let other = developer(&w, "dev_other", 900).await;
    assert_eq!(
        in_project(&w, &other, &b_id, Method::GET, "/api/developer/keys", None).await.code(),
        "project_not_found"
    );

    // Renamed, and its tested tiers promoted to live.
    let renamed =
        dev_call(&w, &a, Method::PATCH, &format!("/api/developer/projects/{b_id}"), Some(json!({"name": "Shop"})))
            .await;
    assert_eq!((renamed.status, renamed.body["name"].as_str()), (StatusCode::OK, Some("Shop")), "{}", renamed.body);
    let promoted = dev_call(&w, &a, Method::POST, &format!("/api/developer/projects/{b_id}/promote"), None).await;
    assert_eq!(
        (promoted.status, promoted.body["tiers"][0]["limit"].as_i64()),
        (StatusCode::OK, Some(7)),
        "{}",
        promoted.body
    );

    // A paying end user blocks the delete; a wrong confirmation changes nothing.
    let path = format!("/api/developer/projects/{b_id}");
    let wrong = dev_call(&w, &a, Method::DELETE, &path, Some(json!({"confirm": "Second shop"}))).await;
    assert_eq!(wrong.code(), "confirmation_mismatch");
    subscribe(&w, &a, "payer").await;
    let a_path = format!("/api/developer/projects/{}", a.platform);
    let blocked = dev_call(&w, &a, Method::DELETE, &a_path, Some(json!({"confirm": "My project"}))).await;
    assert_eq!(blocked.code(), "project_has_subscriptions", "{}", blocked.body);
    assert_eq!(track_with(&w, &a.sk, "payer").await.status, StatusCode::OK, "a refused delete changes nothing");
    assert_eq!(track_with(&w, &b_sk, "same-user").await.status, StatusCode::OK);

    let deleted = dev_call(&w, &a, Method::DELETE, &path, Some(json!({"confirm": "Shop"}))).await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    assert!(deleted.body["removed"].as_array().unwrap().len() >= 3, "{}", deleted.body);
    // Its key fails at once, though this isolate read its record a moment ago.
    let gone = track_with(&w, &b_sk, "same-user").await;
    assert_eq!((gone.status, gone.code()), (StatusCode::UNAUTHORIZED, "project_deleted"), "{}", gone.body);
    assert_eq!(used_with(&w, &b_sk, "same-user").await.status, StatusCode::UNAUTHORIZED);
    // The other project is untouched.
    assert_eq!(track_with(&w, &a.sk, "same-user").await.status, StatusCode::OK);
    assert_eq!(used_with(&w, &a.sk, "same-user").await.body["used"], 3);
    assert_eq!(used_with(&w, &a.sk, "payer").await.body["plan"], "pro");
    let list = dev_call(&w, &a, Method::GET, "/api/developer/projects", None).await;
    assert_eq!(list.body["projects"].as_array().unwrap().len(), 1, "{}", list.body);
    assert_eq!(in_project(&w, &a, &b_id, Method::GET, "/api/developer/keys", None).await.code(), "project_not_found");
    // Deleting again finds nothing.
    assert_eq!(
        dev_call(&w, &a, Method::DELETE, &path, Some(json!({"confirm": "Shop"}))).await.code(),
        "project_not_found"
    );
}

async fn cart(w: &World, pk: &str, product: &str, quantity: u32) -> Reply {
    let body = json!({"items": [{"productId": product, "quantity": quantity}], "successUrl": format!("{APP}/ok"), "cancelUrl": format!("{APP}/no")});
    send(
        &api_multi::router(w.state.clone()),
        Method::POST,
        "/api/cart/checkout",
        &[("x-publishable-key", pk), ("content-type", "application/json")],
        Some(body.to_string()),
    )
    .await
}

/// A developer ready to sell: Stripe connected, a webhook endpoint for `event`, and a test
/// publishable key; with the requests that endpoint receives.
async fn store_ready(w: &World, name: &str, event: &str) -> (Dev, String, Hooks) {
    let dev = ready(w, name).await;
    let hooks = w.hook_receiver();
    let endpoint = json!({"url": format!("{}/in", dream_sim::testkit::HOOKS_BASE), "events": [event]});
    assert_eq!(
        dev_call(w, &dev, Method::POST, "/api/developer/webhook-endpoints", Some(endpoint)).await.status,
        StatusCode::CREATED
    );
    let key = json!({"kind": "publishable", "mode": "test"});
    let pk = dev_call(w, &dev, Method::POST, "/api/developer/keys", Some(key)).await.body["value"]
        .as_str()
        .unwrap()
        .to_owned();
    (dev, pk, hooks)
}

#[tokio::test]
async fn a_store_sells_five_of_five_to_twenty_carts_and_takes_each_paid_order_once() {
    let w = World::new();
    let (dev, pk, hooks) = store_ready(&w, "dev_store", "order.paid").await;
    let mug = json!({"name": "Mug", "description": "Holds tea", "price": 1200, "currency": "usd", "stock": 5});
    let made = dev_call(&w, &dev, Method::POST, "/api/developer/products?mode=test", Some(mug)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = made.body["id"].as_str().unwrap().to_owned();
    assert!(made.body["stripePrice"].as_str().is_some_and(|p| p.starts_with("price_")), "synced: {}", made.body);

    // Twenty guests, one mug each, at once: five hold one, fifteen are told it sold out.
    let carts = futures::future::join_all((0..20).map(|_| cart(&w, &pk, &id, 1))).await;
    let held: Vec<&Reply> = carts.iter().filter(|r| r.status == StatusCode::OK).collect();
    assert_eq!(held.len(), 5);
    assert!(carts.iter().filter(|r| r.status != StatusCode::OK).all(|r| r.code() == "sold_out"));
    let listed =
        send(&api_multi::router(w.state.clone()), Method::GET, "/api/products", &[("x-publishable-key", &pk)], None)
            .await;
    assert_eq!(
        (listed.body["products"][0]["available"].as_u64(), listed.body["products"][0]["soldOut"].as_bool()),
        (Some(0), Some(true))
    );

    // Three pay; two let their pages expire: their mugs go back.
    for r in &held[..3] {
        pay(&w, r.body["url"].as_str().unwrap()).await;
    }
    w.clock.advance(32 * 60_000);
    sim_advance(&w, 0).await;
    let products = dev_call(&w, &dev, Method::GET, "/api/developer/products?mode=test", None).await;
    let p = &products.body["products"][0];
    assert_eq!((p["stock"].as_u64(), p["held"].as_u64()), (Some(2), Some(0)), "{}", products.body);
    // Stripe delivers each paid event again: nothing more is taken.
    for d in w.stripe.deliveries() {
        w.stripe.resend(&d.event_id).await;
    }
    let again = dev_call(&w, &dev, Method::GET, "/api/developer/products?mode=test", None).await;
    assert_eq!(again.body["products"][0]["stock"], 2);
    let orders = dev_call(&w, &dev, Method::GET, "/api/developer/orders?mode=test", None).await;
    let status: Vec<&str> =
        orders.body["orders"].as_array().unwrap().iter().map(|o| o["status"].as_str().unwrap()).collect();
    assert_eq!(status.iter().filter(|s| **s == "paid").count(), 3, "{}", orders.body);
    assert_eq!(status.iter().filter(|s| **s == "released").count(), 2);
    let csv = dev_call(&w, &dev, Method::GET, "/api/developer/orders.csv?mode=test", None).await;
    assert_eq!(csv.status, StatusCode::OK);
    // One-off sales are revenue in the stats (the dashboard's chart and totals).
    let stats = dev_call(&w, &dev, Method::GET, "/api/developer/stats?mode=test", None).await;
    assert_eq!(stats.body["totals"]["revenueLast30Days"], 3 * 1200, "{}", stats.body["totals"]);
    // order.paid, once per paid order.
    w.ring_alarms().await;
    let paid = hooks.lock().unwrap().iter().filter(|r| r.body.contains("\"order.paid\"")).count();
    assert_eq!(paid, 3);
    // Bad carts change nothing.
    assert_eq!(cart(&w, &pk, &id, 0).await.code(), "invalid_cart");
    assert_eq!(cart(&w, &pk, "sp_nope", 1).await.code(), "product_not_found");
    assert_eq!(cart(&w, &pk, &id, 3).await.code(), "sold_out");
}

#[tokio::test]
async fn a_refund_counts_once_even_when_stripe_sends_it_before_the_payment_and_again_after() {
    let w = World::new();
    let (dev, pk, hooks) = store_ready(&w, "dev_refund", "order.refunded").await;
    let lamp = json!({"name": "Lamp", "price": 4000, "currency": "usd", "stock": 3});
    let made = dev_call(&w, &dev, Method::POST, "/api/developer/products?mode=test", Some(lamp)).await;
    let id = made.body["id"].as_str().unwrap().to_owned();

    // Paid, then refunded in full at once, while Stripe holds its events; then they arrive
    // newest first: the refund before the payment it refunds.
    w.stripe.hold();
    let held = cart(&w, &pk, &id, 1).await;
    assert_eq!(held.status, StatusCode::OK, "{}", held.body);
    pay(&w, held.body["url"].as_str().unwrap()).await;
    let acct = account_id(&w, &dev).await;
    let session = path_of(held.body["url"].as_str().unwrap(), STRIPE_BASE);
    let session = session.rsplit('/').next().unwrap();
    let s = as_seller(&w, &acct, Method::GET, &format!("/v1/checkout/sessions/{session}"), None).await;
    let intent = s.body["payment_intent"].as_str().unwrap().to_owned();
    let r = as_seller(&w, &acct, Method::POST, "/v1/refunds", Some(format!("payment_intent={intent}"))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    w.stripe.release(true).await;
    let refund = w.stripe.deliveries().into_iter().find(|d| d.event_type == "charge.refunded").unwrap();
    assert_eq!((refund.delivered, refund.last_status), (false, Some(409)), "refused until the payment is in");
    let orders = dev_call(&w, &dev, Method::GET, "/api/developer/orders?mode=test", None).await;
    assert_eq!(orders.body["orders"][0]["status"], "paid", "{}", orders.body);

    // Stripe sends it again (and again): refunded once.
    assert!(w.stripe.resend(&refund.event_id).await);
    assert!(w.stripe.resend(&refund.event_id).await);
    let orders = dev_call(&w, &dev, Method::GET, "/api/developer/orders?mode=test", None).await;
    let order = &orders.body["orders"][0];
    assert_eq!((order["status"].as_str(), order["amountRefunded"].as_i64()), (Some("refunded"), Some(4000)));
    let stats = dev_call(&w, &dev, Method::GET, "/api/developer/stats?mode=test", None).await;
    assert_eq!(stats.body["totals"]["revenueLast30Days"], 0, "net of the refund: {}", stats.body["totals"]);
    let products = dev_call(&w, &dev, Method::GET, "/api/developer/products?mode=test", None).await;
    assert_eq!(products.body["products"][0]["stock"], 2, "a refund does not restock");
    w.ring_alarms().await;
    let told = hooks.lock().unwrap().iter().filter(|r| r.body.contains("\"order.refunded\"")).count();
    assert_eq!(told, 1);
}

#[tokio::test]
async fn a_price_changed_back_within_a_day_is_a_price_stripe_still_sells() {
    let w = World::new();
    let (dev, pk, _) = store_ready(&w, "dev_reprice", "order.paid").await;
    let pen = json!({"name": "Pen", "price": 300, "currency": "usd"});
    let made = dev_call(&w, &dev, Method::POST, "/api/developer/products?mode=test", Some(pen)).await;
    let id = made.body["id"].as_str().unwrap().to_owned();
    let path = format!("/api/developer/products/{id}?mode=test");
    // Up, then back to where it was: Stripe must not answer the first (now archived) price
    // again for a request that only looks like the first one.
    for price in [500, 300] {
        let r = dev_call(&w, &dev, Method::PATCH, &path, Some(json!({ "price": price }))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let acct = account_id(&w, &dev).await;
    let products = dev_call(&w, &dev, Method::GET, "/api/developer/products?mode=test", None).await;
    let price_id = products.body["products"][0]["stripePrice"].as_str().unwrap().to_owned();
    let price = as_seller(&w, &acct, Method::GET, &format!("/v1/prices/{price_id}"), None).await;
    assert_eq!((price.body["active"].as_bool(), price.body["unit_amount"].as_i64()), (Some(true), Some(300)));
    let r = cart(&w, &pk, &id, 1).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn a_cart_mixing_currencies_is_refused_before_anything_is_held() {
    let w = World::new();
    let (dev, pk, _) = store_ready(&w, "dev_mixed", "order.paid").await;
    let mut ids = Vec::new();
    for (name, currency) in [("Cup", "usd"), ("Tasse", "eur")] {
        let p = json!({"name": name, "price": 800, "currency": currency, "stock": 3});
        let made = dev_call(&w, &dev, Method::POST, "/api/developer/products?mode=test", Some(p)).await;
        ids.push(made.body["id"].as_str().unwrap().to_owned());
    }
    let items: Vec<Value> = ids.iter().map(|id| json!({"productId": id, "quantity": 1})).collect();
    let body = json!({"items": items, "successUrl": format!("{APP}/ok"), "cancelUrl": format!("{APP}/no")});
    let r = send(
        &api_multi::router(w.state.clone()),
        Method::POST,
        "/api/cart/checkout",
        &[("x-publishable-key", &pk), ("content-type", "application/json")],
        Some(body.to_string()),
    )
    .await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "invalid_cart"), "{}", r.body);
    let products = dev_call(&w, &dev, Method::GET, "/api/developer/products?mode=test", None).await;
    let held: Vec<u64> =
        products.body["products"].as_array().unwrap().iter().map(|p| p["held"].as_u64().unwrap()).collect();
    assert_eq!(held, [0, 0]);
    let orders = dev_call(&w, &dev, Method::GET, "/api/developer/orders?mode=test", None).await;
    assert_eq!(orders.body["orders"].as_array().unwrap().len(), 0, "no order is made: {}", orders.body);
}
