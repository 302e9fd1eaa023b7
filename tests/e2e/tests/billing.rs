//! Billing end to end: the workers in workerd, Stripe and Clerk from the simulator, webhooks
//! delivered over HTTP by the simulator and signed with the stack's Connect secret.

use dream_core::api::{CheckoutRequest, PortalRequest};
use dream_core::stripe_signature::sign;
use dream_e2e::*;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

const APP: &str = "https://app.example";

fn stripe_key() -> String {
    std::env::var("DREAM_STRIPE_SECRET")
        .unwrap_or_else(|_| panic!("DREAM_STRIPE_SECRET is not set: run with `just e2e`"))
}

fn webhook_secret() -> String {
    std::env::var("DREAM_CONNECT_WHSEC")
        .unwrap_or_else(|_| panic!("DREAM_CONNECT_WHSEC is not set: run with `just e2e`"))
}

/// A client that does not follow redirects (hosted pages are walked step by step).
fn browser() -> Client {
    Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none()).build().unwrap_or_else(|e| panic!("{e}"))
}

fn location(r: &reqwest::Response) -> String {
    r.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned()
}

async fn set_tiers(dev: &Developer, pro_price: i64) {
    let tiers = json!({"tiers": [
        {"name": "free", "displayName": "Free", "limit": 3, "priceCents": 0},
        {"name": "pro", "displayName": "Pro", "limit": 50, "priceCents": pro_price},
        {"name": "team", "displayName": "Team", "limit": null, "priceCents": 4900}
    ]});
    let r = dev.call(Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

async fn developer(name: &str) -> Developer {
    let dev = Developer::register(name).await;
    set_tiers(&dev, 900).await;
    let settings = json!({"rateLimitPerMinute": 1000, "allowedOrigins": [APP], "endUserAuth": {"kind": "shared"}});
    assert_eq!(dev.call(Method::PUT, "/api/developer/settings", Some(settings)).await.status, StatusCode::OK);
    dev
}

/// authorize (as `starter`) → the simulator's consent page (connecting `existing` if given)
/// → callback. Returns the callback's answer and the state it carried.
async fn consent(starter: &Developer, existing: Option<&str>) -> (reqwest::Response, String) {
    let start = starter.call(Method::GET, "/api/oauth/authorize?mode=test", None).await;
    assert_eq!(start.status, StatusCode::OK, "{:?}", start.body);
    let url = start.body["url"].as_str().unwrap_or_default().to_owned();
    let b = browser();
    let page = b.get(&url).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("Connect my Stripe account"), "{html}");
    let query = url.split_once('?').map(|q| q.1).unwrap_or_default();
    let account = existing.map(|a| format!("&account={a}")).unwrap_or_default();
    let approved = b
        .post(format!("{}/oauth/authorize", sim_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("{query}&decision=allow{account}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let back = location(&approved);
    assert!(back.starts_with(&format!("{}/api/oauth/callback?code=", api_url())), "{back}");
    let state = back.split("state=").nth(1).unwrap_or_default().to_owned();
    (b.get(&back).send().await.unwrap_or_else(|e| panic!("{e}")), state)
}

/// What the dashboard does on its Stripe page when the callback sends the browser back:
/// completes the connection with the signed-in developer's session.
async fn complete(finisher: &Developer, callback: &reqwest::Response) -> Reply {
    let back = location(callback);
    let query = back.split_once("/stripe?").map(|q| q.1).unwrap_or_else(|| panic!("not sent to the dashboard: {back}"));
    let param = |name: &str| query.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}="))).map(str::to_owned);
    let body = json!({"state": param("state"), "code": param("code")});
    finisher.call(Method::POST, "/api/oauth/complete", Some(body)).await
}

/// The whole Connect flow for one developer, optionally with an account they already have.
async fn connect_account(dev: &Developer, existing: Option<&str>) -> (Reply, String) {
    let (cb, state) = consent(dev, existing).await;
    assert_eq!(cb.status(), StatusCode::SEE_OTHER, "the callback sends the browser to the dashboard");
    (complete(dev, &cb).await, state)
}

async fn connect(dev: &Developer) -> (Reply, String) {
    connect_account(dev, None).await
}

async fn create_products(dev: &Developer) -> Reply {
    let r = dev.call(Method::POST, "/api/developer/create-products?mode=test", None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r
}

async fn ready(name: &str) -> Developer {
    let dev = developer(name).await;
    let (done, _) = connect(&dev).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    create_products(&dev).await;
    dev
}

async fn account(dev: &Developer) -> String {
    let s = dev.call(Method::GET, "/api/oauth/status", None).await;
    s.body["test"]["accountId"].as_str().unwrap_or_else(|| panic!("not connected: {:?}", s.body)).to_owned()
}

/// A raw call to the simulated Stripe as the platform, acting for `acct`.
async fn stripe(method: Method, path: &str, acct: &str, form: Option<String>) -> Value {
    let mut req = client()
        .request(method, format!("{}{path}", sim_url()))
        .bearer_auth(stripe_key())
        .header("stripe-account", acct);
    if let Some(f) = form {
        req = req.header("content-type", "application/x-www-form-urlencoded").body(f);
    }
    let r = req.send().await.unwrap_or_else(|e| panic!("{e}"));
    let status = r.status();
    let v: Value = r.json().await.unwrap_or_default();
    assert!(status.is_success(), "{path}: {status} {v}");
    v
}

async fn sim_post(path: &str, body: Value) -> Value {
    let r = client().post(format!("{}{path}", sim_url())).json(&body).send().await.unwrap_or_else(|e| panic!("{e}"));
    r.json().await.unwrap_or_default()
}

async fn checkout(dev: &Developer, user: &str, tier: &str) -> Reply {
    let req = CheckoutRequest {
        tier: tier.into(),
        user_id: Some(user.into()),
        success_url: format!("{APP}/ok"),
        cancel_url: format!("{APP}/no"),
    };
    reply_of(dev.api(&dev.sk_test).create_checkout(&req).await)
}

async fn pay(url: &str) {
    let b = browser();
    let page = b.get(url).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(page.text().await.unwrap_or_default().contains("Pay"));
    let paid = b.post(format!("{url}/pay")).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(paid.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&paid), format!("{APP}/ok"));
}

/// Polls the end user's usage until `pred` holds (webhooks arrive asynchronously).
async fn eventually(dev: &Developer, user: &str, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..100 {
        last = dev.usage(&dev.sk_test, user).await.body;
        if pred(&last) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: never happened; last usage {last}");
}

/// A usage answer without `lastSeen` (every read, the test's own included, moves it).
fn billing_state(mut usage: Value) -> Value {
    if let Some(o) = usage.as_object_mut() {
        o.remove("lastSeen");
    }
    usage
}

async fn subscribe(dev: &Developer, user: &str) {
    let c = checkout(dev, user, "pro").await;
    assert_eq!(c.status, StatusCode::OK, "{:?}", c.body);
    pay(c.body["url"].as_str().unwrap_or_default()).await;
    eventually(dev, user, "the subscription webhook", |u| u["plan"] == "pro").await;
}

async fn portal_cancel(dev: &Developer, user: &str) {
    let req = PortalRequest { user_id: Some(user.into()), return_url: format!("{APP}/account") };
    let p = reply_of(dev.api(&dev.sk_test).customer_portal(&req).await);
    assert_eq!(p.status, StatusCode::OK, "{:?}", p.body);
    let url = p.body["url"].as_str().unwrap_or_default().to_owned();
    let b = browser();
    let html = b.get(&url).send().await.unwrap_or_else(|e| panic!("{e}")).text().await.unwrap_or_default();
    assert!(html.contains(&format!("{APP}/account")), "the portal links back to returnUrl");
    let action = html.split("action=\"").find(|s| s.contains("/cancel\"")).and_then(|s| s.split('"').next());
    let action = action.unwrap_or_else(|| panic!("no cancel button: {html}"));
    let r = b.post(format!("{}{action}", sim_url())).form(&[("x", "")]).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    eventually(dev, user, "the cancel webhook", |u| u["subscription"]["cancelAtPeriodEnd"] == true).await;
}

#[tokio::test]
async fn connect_keeps_only_the_account_and_refuses_replayed_or_foreign_state() {
    let dev = developer("connect").await;
    let (done, state) = connect(&dev).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert!(account(&dev).await.starts_with("acct_"));
    // The tokens Stripe handed out must not appear in the persisted state at all (checked
    // by the state scan at the end of the run): dream-api does not keep them.
    let tokens =
        client().get(format!("{}/_sim/stripe/tokens", sim_url())).send().await.unwrap_or_else(|e| panic!("{e}"));
    let tokens: Value = tokens.json().await.unwrap_or_default();
    for t in tokens["data"].as_array().into_iter().flatten() {
        remember_secret(t.as_str().unwrap_or_default());
    }
    let replay = dev.call(Method::POST, "/api/oauth/complete", Some(json!({"state": state, "code": "ac_x"}))).await;
    assert_eq!((replay.status, replay.code()), (StatusCode::BAD_REQUEST, "invalid_oauth_state"));
    let other = developer("connect_other").await;
    let foreign = format!("{}.test.{}", other.platform_id, "A".repeat(32));
    let r = dev.call(Method::POST, "/api/oauth/complete", Some(json!({"state": foreign, "code": "ac_x"}))).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "oauth_state_not_yours"));
    assert!(other.call(Method::GET, "/api/oauth/status", None).await.body["test"].is_null());
}

#[tokio::test]
async fn a_consent_link_completed_by_another_developer_binds_nothing() {
    let attacker = developer("connect_attacker").await;
    let victim = developer("connect_victim").await;
    // The attacker starts a connection and sends the consent link to the victim, who
    // approves it with their own Stripe account and lands back in their own dashboard.
    let (cb, _) = consent(&attacker, None).await;
    let connected_by_callback = location(&cb).contains("stripe=connected");
    if !connected_by_callback {
        let r = complete(&victim, &cb).await;
        assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "oauth_state_not_yours"), "{:?}", r.body);
    }
    for dev in [&attacker, &victim] {
        let s = dev.call(Method::GET, "/api/oauth/status", None).await;
        assert!(s.body["test"].is_null(), "a hijacked consent bound an account: {:?}", s.body);
    }
}

#[tokio::test]
async fn an_account_bound_to_one_platform_cannot_be_connected_from_another() {
    let a = developer("connect_owner").await;
    let (done, _) = connect(&a).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let acct = account(&a).await;
    let b = developer("connect_second").await;
    let (again, _) = connect_account(&b, Some(&acct)).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "stripe_account_in_use"), "{:?}", again.body);
    assert!(b.call(Method::GET, "/api/oauth/status", None).await.body["test"].is_null());
    assert_eq!(account(&a).await, acct, "the first platform keeps its account");
    // Once the owner disconnects, the account is free for another platform.
    let d = a.call(Method::POST, "/api/oauth/disconnect?mode=test", None).await;
    assert_eq!(d.status, StatusCode::OK, "{:?}", d.body);
    let (now, _) = connect_account(&b, Some(&acct)).await;
    assert_eq!(now.status, StatusCode::OK, "{:?}", now.body);
    assert_eq!(account(&b).await, acct);
}

#[tokio::test]
async fn create_products_twice_then_a_price_change() {
    let dev = ready("products").await;
    let again = create_products(&dev).await;
    let pro = |r: &Reply| {
        r.body["products"].as_array().into_iter().flatten().find(|p| p["tier"] == "pro").cloned().unwrap_or_default()
    };
    assert_eq!(pro(&again)["result"], "unchanged");
    let acct = account(&dev).await;
    let products = stripe(Method::GET, "/v1/products?active=true", &acct, None).await;
    assert_eq!(products["data"].as_array().map(Vec::len), Some(2), "one product per paid tier");
    for p in products["data"].as_array().into_iter().flatten() {
        let prices = stripe(
            Method::GET,
            &format!("/v1/prices?active=true&product={}", p["id"].as_str().unwrap_or_default()),
            &acct,
            None,
        )
        .await;
        assert_eq!(prices["data"].as_array().map(Vec::len), Some(1), "one active price per paid tier");
    }
    set_tiers(&dev, 1500).await;
    let changed = create_products(&dev).await;
    let (before, after) = (pro(&again), pro(&changed));
    assert_eq!(after["result"], "updated");
    assert_eq!(after["archivedPrices"], json!([before["priceId"]]));
    let old =
        stripe(Method::GET, &format!("/v1/prices/{}", before["priceId"].as_str().unwrap_or_default()), &acct, None)
            .await;
    assert_eq!(old["active"], false);
    let new =
        stripe(Method::GET, &format!("/v1/prices/{}", after["priceId"].as_str().unwrap_or_default()), &acct, None)
            .await;
    assert_eq!((new["active"].as_bool(), new["unit_amount"].as_i64()), (Some(true), Some(1500)));
}

#[tokio::test]
async fn free_user_upgrades_through_checkout_then_cancels_at_period_end() {
    let dev = ready("upgrade").await;
    for _ in 0..3 {
        assert_eq!(dev.track(&dev.sk_test, "ann").await.status, StatusCode::OK);
    }
    assert_eq!(dev.track(&dev.sk_test, "ann").await.code(), "usage_limit_exceeded");
    subscribe(&dev, "ann").await;
    let u = dev.usage(&dev.sk_test, "ann").await.body;
    assert_eq!(u["limit"], 50);
    assert_eq!(dev.track(&dev.sk_test, "ann").await.status, StatusCode::OK);
    portal_cancel(&dev, "ann").await;
    assert_eq!(dev.usage(&dev.sk_test, "ann").await.body["plan"], "pro", "pro until the period ends");
    // Move this account's Stripe clock past the period end: it ends the subscription.
    let acct = account(&dev).await;
    sim_post("/_sim/stripe/clock/advance", json!({"seconds": 32 * 86_400, "account": acct})).await;
    let u = eventually(&dev, "ann", "the end of the subscription", |u| u["plan"] == "free").await;
    assert_eq!((u["limit"].as_u64(), u["subscription"]["status"].as_str()), (Some(3), Some("canceled")));
}

#[tokio::test]
async fn webhooks_once_in_order_and_signed() {
    let dev = ready("hooks").await;
    subscribe(&dev, "bob").await;
    let before = dev.usage(&dev.sk_test, "bob").await.body;
    let deliveries =
        client().get(format!("{}/_sim/stripe/deliveries", sim_url())).send().await.unwrap_or_else(|e| panic!("{e}"));
    let deliveries: Value = deliveries.json().await.unwrap_or_default();
    let sub_id = before["subscription"]["id"].as_str().unwrap_or_default().to_owned();
    let acct = account(&dev).await;
    let created = stripe(Method::GET, "/v1/events?type=customer.subscription.created&limit=1", &acct, None).await;
    let event_id = created["data"][0]["id"].as_str().unwrap_or_default().to_owned();
    assert!(deliveries["data"].as_array().into_iter().flatten().any(|d| d["event_id"] == event_id.as_str()));
    for _ in 0..5 {
        sim_post(&format!("/_sim/stripe/events/{event_id}/resend"), json!({})).await;
    }
    assert_eq!(
        billing_state(dev.usage(&dev.sk_test, "bob").await.body),
        billing_state(before),
        "a redelivered event changes nothing"
    );

    // Two updates a second apart, delivered newest first: the newer state stands.
    sim_post("/_sim/stripe/webhooks/hold", json!({})).await;
    stripe(
        Method::POST,
        &format!("/v1/subscriptions/{sub_id}"),
        &acct,
        Some("cancel_at_period_end=false&metadata[n]=1".into()),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    stripe(Method::POST, &format!("/v1/subscriptions/{sub_id}"), &acct, Some("cancel_at_period_end=true".into())).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    stripe(Method::POST, &format!("/v1/subscriptions/{sub_id}"), &acct, Some("cancel_at_period_end=false".into()))
        .await;
    sim_post("/_sim/stripe/webhooks/release", json!({"reverse": true})).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let u = dev.usage(&dev.sk_test, "bob").await.body;
    assert_eq!(u["subscription"]["cancelAtPeriodEnd"], false, "the newest update stands: {u}");

    // Bad signature, stale timestamp, missing header: 400 and nothing changes.
    let body = json!({"id": "evt_forged", "object": "event", "type": "customer.subscription.deleted", "created": 1,
        "livemode": false, "account": acct, "data": {"object": {}}})
    .to_string();
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    for header in [
        Some(sign("whsec_wrong", now, body.as_bytes())),
        Some(sign(&webhook_secret(), now - 400, body.as_bytes())),
        None,
    ] {
        let mut h = vec![];
        if let Some(s) = header.as_deref() {
            h.push(("stripe-signature", s));
        }
        let r = send(&dev.client, Method::POST, "/webhook/stripe", &h, Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);
    }
    assert_eq!(billing_state(dev.usage(&dev.sk_test, "bob").await.body), billing_state(u));
}

#[tokio::test]
async fn the_pro_tier_cannot_be_bought_at_the_free_price() {
    let dev = ready("cheat").await;
    let free = checkout(&dev, "eve", "free").await;
    assert_eq!((free.status, free.code()), (StatusCode::BAD_REQUEST, "tier_not_purchasable"));
    // A $0 subscription made behind dream-api's back, labelled pro: still free.
    let acct = account(&dev).await;
    let prod = stripe(Method::POST, "/v1/products", &acct, Some("name=Cheap".into())).await;
    let price = stripe(
        Method::POST,
        "/v1/prices",
        &acct,
        Some(format!(
            "product={}&unit_amount=0&currency=usd&recurring[interval]=month",
            prod["id"].as_str().unwrap_or_default()
        )),
    )
    .await;
    let form = format!(
        "mode=subscription&line_items[0][price]={}&line_items[0][quantity]=1&success_url={APP}/ok&cancel_url={APP}/no&client_reference_id=eve&subscription_data[metadata][dream_user_id]=eve&subscription_data[metadata][dream_platform_id]={}&subscription_data[metadata][dream_tier]=pro",
        price["id"].as_str().unwrap_or_default(),
        dev.platform_id
    );
    let session = stripe(Method::POST, "/v1/checkout/sessions", &acct, Some(form)).await;
    pay(session["url"].as_str().unwrap_or_default()).await;
    let u = eventually(&dev, "eve", "the $0 subscription's webhook", |u| u["subscription"].is_object()).await;
    assert_eq!(u["plan"], "free", "{u}");
    assert!(u["subscription"]["tier"].is_null());
}

#[tokio::test]
async fn revenue_after_three_subscribe_and_one_cancels() {
    let dev = ready("revenue").await;
    for user in ["r1", "r2", "r3"] {
        subscribe(&dev, user).await;
    }
    portal_cancel(&dev, "r3").await;
    let stats = dev.call(Method::GET, "/api/developer/stats?mode=test", None).await;
    let rev = &stats.body["revenue"];
    assert_eq!(
        (rev["mrr"].as_i64(), rev["active"].as_u64(), rev["canceling"].as_u64()),
        (Some(2700), Some(3), Some(1)),
        "{rev}"
    );
    let today = stats.body["days"].as_array().and_then(|d| d.last()).cloned().unwrap_or_default();
    assert_eq!(today["revenue"], 2700);
}

#[tokio::test]
async fn of_two_checkouts_opened_before_paying_only_the_last_can_be_paid() {
    let dev = ready("twotabs").await;
    let first = checkout(&dev, "tab-user", "pro").await;
    let second = checkout(&dev, "tab-user", "pro").await;
    assert_eq!((first.status, second.status), (StatusCode::OK, StatusCode::OK), "{:?} {:?}", first.body, second.body);
    let first_url = first.body["url"].as_str().unwrap_or_default().to_owned();
    let stale = browser().post(format!("{first_url}/pay")).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stale.status(), StatusCode::BAD_REQUEST, "the superseded checkout could still be paid");
    pay(second.body["url"].as_str().unwrap_or_default()).await;
    eventually(&dev, "tab-user", "the subscription webhook", |u| u["plan"] == "pro").await;
    let acct = account(&dev).await;
    let subs = stripe(Method::GET, "/v1/subscriptions?limit=100", &acct, None).await;
    let mine = subs["data"].as_array().into_iter().flatten().filter(|s| s["metadata"]["dream_user_id"] == "tab-user");
    assert_eq!(mine.count(), 1, "one subscription for one buyer");
}

#[tokio::test]
async fn a_promotion_code_makes_the_checkouts_first_invoice_cheaper() {
    let dev = ready("promo").await;
    let tiers = json!({"tiers": [
        {"name": "free", "displayName": "Free", "limit": 3, "priceCents": 0},
        {"name": "pro", "displayName": "Pro", "limit": 50, "priceCents": 900, "promotionCodes": true}
    ]});
    let r = dev.call(Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let code = json!({"code": "HALFOFF", "percentOff": 50, "duration": "once"});
    let made = dev.call(Method::POST, "/api/developer/promotion-codes?mode=test", Some(code)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let c = checkout(&dev, "pia", "pro").await;
    assert_eq!(c.status, StatusCode::OK, "{:?}", c.body);
    let url = c.body["url"].as_str().unwrap_or_default().to_owned();
    let b = browser();
    let page = b.get(&url).send().await.unwrap_or_else(|e| panic!("{e}")).text().await.unwrap_or_default();
    assert!(page.contains("Promotion code"), "the tier's checkout asks for a code: {page}");
    let paid = b
        .post(format!("{url}/pay"))
        .form(&[("promotion_code", "halfoff")])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(paid.status(), StatusCode::SEE_OTHER);
    eventually(&dev, "pia", "the subscription webhook", |u| u["plan"] == "pro").await;
    // The simulator's first invoice is half the price, and so is the revenue dream-api records.
    let acct = account(&dev).await;
    let invoices = stripe(Method::GET, "/v1/invoices", &acct, None).await;
    let first = &invoices["data"][0];
    assert_eq!((first["subtotal"].as_i64(), first["amount_paid"].as_i64()), (Some(900), Some(450)), "{first}");
    let mut today = Value::Null;
    for _ in 0..50 {
        let stats = dev.call(Method::GET, "/api/developer/stats?mode=test", None).await;
        today = stats.body["days"].as_array().and_then(|d| d.last()).cloned().unwrap_or_default();
        if today["revenue"] == 450 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(today["revenue"], 450, "{today}");
    let codes = dev.call(Method::GET, "/api/developer/promotion-codes?mode=test", None).await;
    assert_eq!(codes.body["promotionCodes"][0]["timesRedeemed"], 1, "{:?}", codes.body);
}

/// A connected developer whose tiers are `tiers`, with their Stripe products made.
async fn ready_with(name: &str, tiers: Value) -> Developer {
    let dev = developer(name).await;
    let r = dev.call(Method::PUT, "/api/developer/tiers?mode=test", Some(json!({ "tiers": tiers }))).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let (done, _) = connect(&dev).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    create_products(&dev).await;
    dev
}

#[tokio::test]
async fn pro_upgrades_to_scale_at_once_with_proration_and_downgrades_at_the_period_end() {
    let dev = ready_with(
        "change",
        json!([
            {"name": "free", "displayName": "Free", "limit": 3, "priceCents": 0},
            {"name": "pro", "displayName": "Pro", "limit": 50, "priceCents": 900},
            {"name": "scale", "displayName": "Scale", "limit": 500, "priceCents": 2900}
        ]),
    )
    .await;
    subscribe(&dev, "uma").await;
    let acct = account(&dev).await;
    sim_post("/_sim/stripe/clock/advance", json!({"seconds": 10 * 86_400, "account": acct})).await;

    // Up, mid-period: Scale's limit at once, the difference invoiced and paid now.
    let up = reply_of(dev.api(&dev.sk_test).change_plan("uma", "scale").await);
    assert_eq!(up.status, StatusCode::OK, "{:?}", up.body);
    assert_eq!((up.body["plan"].as_str(), up.body["limit"].as_u64()), (Some("scale"), Some(500)), "{:?}", up.body);
    let invoices = stripe(Method::GET, "/v1/invoices?limit=100", &acct, None).await;
    let proration = invoices["data"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["billing_reason"] == "subscription_update").cloned());
    let proration = proration.unwrap_or_else(|| panic!("no proration invoice: {invoices}"));
    let charged = proration["amount_paid"].as_i64().unwrap_or_default();
    assert!(charged > 0 && charged < 2000, "two thirds of the 2000 difference: {charged}");
    assert_eq!(proration["lines"]["data"].as_array().map(Vec::len), Some(2), "a credit and a charge: {proration}");
    assert_eq!(dev.usage(&dev.sk_test, "uma").await.body["limit"], 500);

    // Down: Scale until the period end, then Pro.
    let down = reply_of(dev.api(&dev.sk_test).change_plan("uma", "pro").await);
    assert_eq!(down.status, StatusCode::OK, "{:?}", down.body);
    assert_eq!(down.body["plan"], "scale");
    assert_eq!(down.body["subscription"]["scheduledChange"]["tier"], "pro", "{:?}", down.body);
    let u = eventually(&dev, "uma", "the schedule's events", |u| {
        u["subscription"]["scheduledChange"]["tier"] == "pro" && u["plan"] == "scale"
    })
    .await;
    assert_eq!(u["subscription"]["scheduledChange"]["at"], u["subscription"]["currentPeriodEnd"]);
    sim_post("/_sim/stripe/clock/advance", json!({"seconds": 25 * 86_400, "account": acct})).await;
    let u = eventually(&dev, "uma", "the period end", |u| u["plan"] == "pro").await;
    assert_eq!(u["limit"], 50);
    assert!(u["subscription"].get("scheduledChange").is_none(), "{u}");
    let subs = stripe(Method::GET, "/v1/subscriptions?status=all", &acct, None).await;
    assert_eq!(subs["data"].as_array().map(Vec::len), Some(1), "one subscription, ever: {subs}");
    assert_eq!(subs["data"][0]["items"]["data"][0]["price"]["unit_amount"], 900);
}

#[tokio::test]
async fn a_seven_day_trial_without_a_card_gives_the_paid_limits_then_falls_back_to_free() {
    let dev = ready_with(
        "trial",
        json!([
            {"name": "free", "displayName": "Free", "limit": 3, "priceCents": 0},
            {"name": "pro", "displayName": "Pro", "limit": 50, "priceCents": 900, "trial": {"days": 7, "cardRequired": false}},
            {"name": "team", "displayName": "Team", "limit": null, "priceCents": 4900, "trial": {"days": 7}}
        ]),
    )
    .await;
    for (user, tier) in [("tia", "pro"), ("ted", "team")] {
        let c = checkout(&dev, user, tier).await;
        assert_eq!(c.status, StatusCode::OK, "{:?}", c.body);
        pay(c.body["url"].as_str().unwrap_or_default()).await;
        let u = eventually(&dev, user, "the trial's start", |u| u["plan"] == tier).await;
        assert_eq!(u["subscription"]["status"], "trialing", "{u}");
        assert!(u["trialEndsAt"].is_string(), "{u}");
    }
    let acct = account(&dev).await;
    let invoices = stripe(Method::GET, "/v1/invoices", &acct, None).await;
    let paid: Vec<i64> = invoices["data"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["amount_paid"].as_i64()).collect())
        .unwrap_or_default();
    assert_eq!(paid, vec![0, 0], "checkout without payment: {invoices}");
    sim_post("/_sim/stripe/clock/advance", json!({"seconds": 8 * 86_400, "account": acct})).await;
    let tia = eventually(&dev, "tia", "the trial's end without a card", |u| u["plan"] == "free").await;
    assert_eq!((tia["limit"].as_u64(), tia["subscription"]["status"].as_str()), (Some(3), Some("canceled")));
    let ted = eventually(&dev, "ted", "the trial's end with a card", |u| u["subscription"]["status"] == "active").await;
    assert_eq!(ted["plan"], "team");
    assert!(ted.get("trialEndsAt").is_none(), "{ted}");
}

#[tokio::test]
async fn an_upgrade_through_checkout_tells_the_developer_created_then_updated_once_each() {
    let dev = ready_with(
        "hook_subs",
        json!([
            {"name": "free", "displayName": "Free", "limit": 3, "priceCents": 0},
            {"name": "pro", "displayName": "Pro", "limit": 50, "priceCents": 900},
            {"name": "scale", "displayName": "Scale", "limit": 500, "priceCents": 2900}
        ]),
    )
    .await;
    let hooks = HookReceiver::start().await;
    let secret = dev.webhook_endpoint(&hooks.url, &["subscription.created", "subscription.updated"]).await;
    subscribe(&dev, "hal").await;
    let up = reply_of(dev.api(&dev.sk_test).change_plan("hal", "scale").await);
    assert_eq!(up.status, StatusCode::OK, "{:?}", up.body);
    eventually(&dev, "hal", "Stripe's update event", |u| u["subscription"]["tier"] == "scale").await;
    // Stripe delivers every event of the account once more: nothing new is told.
    let acct = account(&dev).await;
    let events = stripe(Method::GET, "/v1/events?limit=100", &acct, None).await;
    for e in events["data"].as_array().into_iter().flatten() {
        sim_post(&format!("/_sim/stripe/events/{}/resend", e["id"].as_str().unwrap_or_default()), json!({})).await;
    }
    let got = hooks.wait_for(2, 30).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let bodies: Vec<Value> = hooks.taken().iter().map(|r| r.verified(&secret)).collect();
    let types: Vec<&str> = bodies.iter().map(|b| b["type"].as_str().unwrap_or_default()).collect();
    assert_eq!(types, ["subscription.created", "subscription.updated"], "{got:?}");
    assert_eq!(bodies[0]["data"]["subscription"]["tier"], "pro");
    assert_eq!(bodies[1]["data"]["subscription"]["tier"], "scale");
    assert_eq!(bodies[1]["data"]["previous"]["tier"], "pro");
    assert!(bodies[0]["created"].as_i64() <= bodies[1]["created"].as_i64());
}

#[tokio::test]
async fn a_store_with_five_mugs_sells_at_most_five_to_twenty_concurrent_carts() {
    let dev = ready("store").await;
    let hooks = HookReceiver::start().await;
    let secret = dev.webhook_endpoint(&hooks.url, &["order.paid"]).await;
    let mug = json!({"name": "Mug", "price": 1200, "currency": "usd", "stock": 5});
    let made = dev.call(Method::POST, "/api/developer/products?mode=test", Some(mug)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let id = made.body["id"].as_str().unwrap_or_default().to_owned();
    let body = json!({"items": [{"productId": id, "quantity": 1}], "successUrl": format!("{APP}/ok"), "cancelUrl": format!("{APP}/no")});
    let carts = futures::future::join_all((0..20).map(|_| {
        let body = body.to_string();
        let pk = dev.pk_test.clone();
        async move {
            // Not retried: a cart is not a retry-safe request (each makes an order).
            send(
                &client(),
                Method::POST,
                "/api/cart/checkout",
                &[("x-publishable-key", pk.as_str()), ("content-type", "application/json")],
                Some(body),
            )
            .await
        }
    }))
    .await;
    let held: Vec<&Reply> = carts.iter().filter(|r| r.status == StatusCode::OK).collect();
    assert!(held.len() <= 5, "never more than the stock: {}", held.len());
    // The rest are told it sold out (or, rarely, dropped by wrangler's local proxy under
    // the concurrent tests' load — never let through).
    let refused = carts.iter().filter(|r| r.status != StatusCode::OK);
    assert!(refused.clone().all(|r| r.code() == "sold_out" || r.proxy_dropped()), "{carts:?}");
    assert!(
        refused.filter(|r| r.code() == "sold_out").count() >= 15 - carts.iter().filter(|r| r.proxy_dropped()).count()
    );
    for r in &held {
        pay(r.body["url"].as_str().unwrap_or_default()).await;
    }
    // Paid orders in the developer's list (the dashboard's), order.paid for each, signed.
    let mut paid = 0;
    for _ in 0..100 {
        let orders = dev.call(Method::GET, "/api/developer/orders?mode=test", None).await;
        paid = orders.body["orders"].as_array().into_iter().flatten().filter(|o| o["status"] == "paid").count();
        if paid == held.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(paid, held.len());
    assert!(paid <= 5);
    let got = hooks.wait_for(paid, 30).await;
    for r in &got {
        let e = r.verified(&secret);
        assert_eq!(e["type"], "order.paid");
        assert_eq!(e["data"]["order"]["lines"][0]["product"], id.as_str());
    }
    let products =
        send(&client(), Method::GET, "/api/products", &[("x-publishable-key", dev.pk_test.as_str())], None).await;
    let available = products.body["products"][0]["available"].as_u64().unwrap_or(99);
    assert!(available <= 5 - u64::try_from(paid).unwrap_or(5), "{:?}", products.body);
}

/// Polls the developer's orders until the first one satisfies `pred`.
async fn first_order(dev: &Developer, pred: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..100 {
        let orders = dev.call(Method::GET, "/api/developer/orders?mode=test", None).await;
        last = orders.body["orders"][0].clone();
        if pred(&last) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the order never got there: {last}");
}

#[tokio::test]
async fn a_refund_at_stripe_shows_on_the_order_comes_off_revenue_and_reaches_the_developer() {
    let dev = ready("refund").await;
    let hooks = HookReceiver::start().await;
    let secret = dev.webhook_endpoint(&hooks.url, &["order.refunded"]).await;
    let book = json!({"name": "Book", "price": 2500, "currency": "usd"});
    let made = dev.call(Method::POST, "/api/developer/products?mode=test", Some(book)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let id = made.body["id"].as_str().unwrap_or_default();
    let cart = json!({"items": [{"productId": id, "quantity": 2}], "successUrl": format!("{APP}/ok"), "cancelUrl": format!("{APP}/no")});
    let r = send(
        &client(),
        Method::POST,
        "/api/cart/checkout",
        &[("x-publishable-key", dev.pk_test.as_str()), ("content-type", "application/json")],
        Some(cart.to_string()),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    pay(r.body["url"].as_str().unwrap_or_default()).await;
    let order = first_order(&dev, |o| o["status"] == "paid").await;
    assert_eq!(order["amountPaid"], 5000);
    // The seller refunds at Stripe (its dashboard, here its API): part, then the rest.
    let acct = account(&dev).await;
    let session = stripe(
        Method::GET,
        &format!("/v1/checkout/sessions/{}", order["checkoutSession"].as_str().unwrap_or_default()),
        &acct,
        None,
    )
    .await;
    let intent = session["payment_intent"].as_str().unwrap_or_default().to_owned();
    stripe(Method::POST, "/v1/refunds", &acct, Some(format!("payment_intent={intent}&amount=1000"))).await;
    let order = first_order(&dev, |o| o["amountRefunded"] == 1000).await;
    assert_eq!(order["status"], "paid", "partly refunded: {order}");
    stripe(Method::POST, "/v1/refunds", &acct, Some(format!("payment_intent={intent}"))).await;
    let order = first_order(&dev, |o| o["status"] == "refunded").await;
    assert_eq!(order["amountRefunded"], 5000);
    // The developer heard of each refund once, with the running total, signed.
    let got = hooks.wait_for(2, 30).await;
    let totals: Vec<Value> = got
        .iter()
        .map(|r| {
            let e = r.verified(&secret);
            assert_eq!(e["type"], "order.refunded");
            e["data"]["order"]["amountRefunded"].clone()
        })
        .collect();
    assert_eq!(totals, [json!(1000), json!(5000)]);
    // Revenue is net of refunds.
    let stats = dev.call(Method::GET, "/api/developer/stats?mode=test", None).await;
    assert_eq!(stats.status, StatusCode::OK, "{:?}", stats.body);
    assert_eq!(stats.body["totals"]["revenueLast30Days"], 0, "{:?}", stats.body["totals"]);
}
