//! The simulated Stripe against async-stripe 1.0: requests are built by its request builders
//! and sent through dream-api's own client; every answer and every webhook event is parsed
//! with its typed models (miniserde, as the workers do, and serde for a precise message on
//! failure). A shape real Stripe would not send fails here.

use axum::routing::post;
use axum::Router;
use dream_services::stripe::{models, StripeApi, StripeFailure};
use dream_sim::testkit::{World, STRIPE_BASE, STRIPE_CLIENT_ID, STRIPE_TEST_SECRET};
use http::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use stripe_billing::billing_portal_session::CreateBillingPortalSession;
use stripe_billing::subscription::{CancelSubscription, RetrieveSubscription, UpdateSubscription};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionPaymentIntentData,
    CreateCheckoutSessionPaymentMethodCollection, CreateCheckoutSessionSubscriptionData,
    CreateCheckoutSessionSubscriptionDataTrialSettings, CreateCheckoutSessionSubscriptionDataTrialSettingsEndBehavior,
    CreateCheckoutSessionSubscriptionDataTrialSettingsEndBehaviorMissingPaymentMethod, RetrieveCheckoutSession,
};
use stripe_client_core::{RequestStrategy, StripeRequest};
use stripe_product::coupon::CreateCoupon;
use stripe_product::price::{CreatePrice, CreatePriceRecurring, CreatePriceRecurringInterval, ListPrice, UpdatePrice};
use stripe_product::product::{CreateProduct, RetrieveProduct, UpdateProduct};
use stripe_product::promotion_code::{
    CreatePromotionCode, CreatePromotionCodePromotion, CreatePromotionCodePromotionType,
};
use stripe_shared::{AccountId, CheckoutSessionMode};

/// Parses with async-stripe's full model: serde for the message, miniserde (its own path).
fn strict<T: DeserializeOwned + miniserde::Deserialize>(what: &str, v: &Value) -> T {
    if let Err(e) = serde_json::from_value::<T>(v.clone()) {
        panic!("{what} does not match Stripe's model: {e}\n{v:#}");
    }
    miniserde::json::from_str(&v.to_string()).unwrap_or_else(|_| panic!("{what}: miniserde refuses it"))
}

/// Parses with the slim model the workers read (`dream_services::stripe::models`).
fn slim<T: DeserializeOwned>(what: &str, v: &Value) -> T {
    dream_services::stripe::convert::parse::<T>(v).unwrap_or_else(|e| panic!("{what} (workers' model): {e}\n{v:#}"))
}

fn api(world: &World) -> StripeApi {
    StripeApi::new(world.net.clone(), STRIPE_BASE, STRIPE_TEST_SECRET)
}

/// A monthly price made with an idempotency key.
async fn create_monthly(
    stripe: &StripeApi,
    account: &AccountId,
    product: &str,
    amount: i64,
    key: &str,
) -> stripe_shared::Price {
    CreatePrice::new(stripe_types::Currency::USD)
        .product(product)
        .unit_amount(amount)
        .recurring(CreatePriceRecurring::new(CreatePriceRecurringInterval::Month))
        .customize()
        .account_id(account.clone())
        .request_strategy(RequestStrategy::Idempotent(stripe_client_core::IdempotencyKey::new(key).unwrap()))
        .send(stripe)
        .await
        .unwrap()
}

async fn raw(world: &World, method: Method, path: &str, body: Option<String>, account: Option<&str>) -> (u16, Value) {
    let mut headers = vec![("authorization".to_owned(), format!("Bearer {STRIPE_TEST_SECRET}"))];
    if let Some(a) = account {
        headers.push(("stripe-account".into(), a.into()));
    }
    if body.is_some() {
        headers.push(("content-type".into(), "application/x-www-form-urlencoded".into()));
    }
    let req = dream_core::ports::HttpRequest {
        method: method.to_string(),
        url: format!("{STRIPE_BASE}{path}"),
        headers,
        body,
        limits: Default::default(),
    };
    let r = dream_core::ports::HttpClient::send(world.net.as_ref(), req).await.unwrap();
    (r.status, serde_json::from_slice(&r.body).unwrap_or(Value::Null))
}

/// Connects a new account through the consent page and the token exchange.
async fn connect(world: &World) -> String {
    let form = format!("client_id={STRIPE_CLIENT_ID}&state=s1&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb&scope=read_write&response_type=code&decision=allow");
    let router = dream_sim::stripe::api::router(world.stripe.clone());
    let r = dream_sim::testkit::send(
        &router,
        Method::POST,
        "/oauth/authorize",
        &[("content-type", "application/x-www-form-urlencoded")],
        Some(form),
    )
    .await;
    assert!(r.status.is_redirection(), "consent did not redirect: {}", r.status);
    let location = r.headers["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("http://127.0.0.1:1/cb?code=ac_"), "{location}");
    assert!(location.ends_with("&state=s1"), "{location}");
    let code = location.split("code=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let token = api(world)
        .post_form(&format!("{STRIPE_BASE}/oauth/token"), &[("grant_type", "authorization_code"), ("code", &code)])
        .await
        .unwrap();
    assert_eq!(token["token_type"], "bearer");
    assert_eq!(token["livemode"], false);
    assert!(token["access_token"].as_str().unwrap().starts_with("sk_test_"));
    // A code works once.
    let again = api(world)
        .post_form(&format!("{STRIPE_BASE}/oauth/token"), &[("grant_type", "authorization_code"), ("code", &code)])
        .await;
    assert!(
        matches!(again, Err(StripeFailure::Api { status: 400, ref code, .. }) if code.as_deref() == Some("invalid_grant"))
    );
    token["stripe_user_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_billing_flow_speaks_stripes_wire_format() {
    let world = World::new();
    let captured: Arc<Mutex<Vec<Value>>> = Arc::default();
    let sink = captured.clone();
    world.net.mount(
        dream_sim::testkit::API_BASE,
        Router::new().route(
            "/webhook/stripe",
            post(move |body: String| {
                let sink = sink.clone();
                async move {
                    sink.lock().unwrap().push(serde_json::from_str::<Value>(&body).unwrap());
                    "ok"
                }
            }),
        ),
    );
    let acct = connect(&world).await;
    let account: AccountId = acct.parse().unwrap();
    let stripe = api(&world);

    let product = CreateProduct::new("Pro")
        .metadata(HashMap::from([("dream_tier".to_owned(), "pro".to_owned())]))
        .customize()
        .account_id(account.clone())
        .send(&stripe)
        .await
        .unwrap();
    let (_, v) = raw(&world, Method::GET, &format!("/v1/products/{}", product.id), None, Some(&acct)).await;
    strict::<stripe_shared::Product>("product", &v);
    slim::<models::Product>("product", &v);
    let price = create_monthly(&stripe, &account, product.id.as_str(), 900, "price-pro-1").await;
    // The same idempotency key returns the same object.
    let again = create_monthly(&stripe, &account, product.id.as_str(), 900, "price-pro-1").await;
    assert_eq!(price.id, again.id);
    let (_, v) = raw(&world, Method::GET, &format!("/v1/prices/{}", price.id), None, Some(&acct)).await;
    strict::<stripe_shared::Price>("price", &v);
    slim::<models::Price>("price", &v);
    UpdateProduct::new(product.id.clone())
        .default_price(price.id.as_str())
        .customize()
        .account_id(account.clone())
        .send(&stripe)
        .await
        .unwrap();
    let listed = ListPrice::new()
        .product(product.id.as_str())
        .active(true)
        .customize()
        .account_id(account.clone())
        .send(&stripe)
        .await
        .unwrap();
    assert_eq!(listed.data.len(), 1);
    let (_, v) = raw(&world, Method::GET, &format!("/v1/prices?product={}", product.id), None, Some(&acct)).await;
    strict::<stripe_types::List<stripe_shared::Price>>("price list", &v);
    slim::<models::List<models::Price>>("price list", &v);

    let session = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Subscription)
        .line_items(vec![CreateCheckoutSessionLineItems {
            price: Some(price.id.to_string()),
            quantity: Some(1),
            ..CreateCheckoutSessionLineItems::new()
        }])
        .success_url("https://app.test/ok?session={CHECKOUT_SESSION_ID}")
        .cancel_url("https://app.test/cancel")
        .client_reference_id("user_1")
        .subscription_data(CreateCheckoutSessionSubscriptionData {
            metadata: Some(HashMap::from([("dream_user_id".to_owned(), "user_1".to_owned())])),
            ..CreateCheckoutSessionSubscriptionData::new()
        })
        .customize()
        .account_id(account.clone())
        .send(&stripe)
        .await
        .unwrap();
    let url = session.url.clone().unwrap();
    assert!(url.starts_with(&format!("{STRIPE_BASE}/checkout/")));
    let (_, v) = raw(&world, Method::GET, &format!("/v1/checkout/sessions/{}", session.id), None, Some(&acct)).await;
    strict::<stripe_shared::CheckoutSession>("checkout session", &v);
    slim::<models::CheckoutSession>("checkout session", &v);

    // The person pays on the hosted page.
    let pay = dream_core::ports::HttpRequest {
        method: "POST".into(),
        url: format!("{url}/pay"),
        headers: vec![],
        body: None,
        limits: Default::default(),
    };
    let r = dream_core::ports::HttpClient::send(world.net.as_ref(), pay).await.unwrap();
    assert_eq!(r.status, 303);
    let done = RetrieveCheckoutSession::new(session.id.clone())
        .customize()
        .account_id(account.clone())
        .send(&stripe)
        .await
        .unwrap();
    let sub_id = done.subscription.as_ref().unwrap().id().clone();
    let sub =
        RetrieveSubscription::new(sub_id.clone()).customize().account_id(account.clone()).send(&stripe).await.unwrap();
    assert_eq!(sub.items.data[0].price.id, price.id);
    assert_eq!(sub.metadata.get("dream_user_id").map(String::as_str), Some("user_1"));
    let (_, v) = raw(&world, Method::GET, &format!("/v1/subscriptions/{sub_id}"), None, Some(&acct)).await;
    strict::<stripe_shared::Subscription>("subscription", &v);
    slim::<models::Subscription>("subscription", &v);

    let customer = sub.customer.id().to_string();
    let portal = CreateBillingPortalSession::new()
        .customer(customer.as_str())
        .return_url("https://app.test/account")
        .customize()
        .account_id(account.clone())
        .send(&stripe)
        .await
        .unwrap();
    assert!(portal.url.starts_with(&format!("{STRIPE_BASE}/portal/")));
    let updated = UpdateSubscription::new(sub_id.clone())
        .cancel_at_period_end(true)
        .customize()
        .account_id(account.clone())
        .send(&stripe)
        .await
        .unwrap();
    assert!(updated.cancel_at_period_end);
    // Renewal and end of period, with the clock moved past it.
    let renew = UpdateSubscription::new(sub_id.clone())
        .cancel_at_period_end(false)
        .customize()
        .account_id(account.clone())
        .send(&stripe)
        .await
        .unwrap();
    assert!(!renew.cancel_at_period_end);
    let (s, _) = raw_json(&world, "/_sim/stripe/clock/advance", r#"{"seconds": 2764800}"#).await;
    assert_eq!(s, 200);
    let canceled =
        CancelSubscription::new(sub_id.clone()).customize().account_id(account.clone()).send(&stripe).await.unwrap();
    assert_eq!(canceled.status.as_str(), "canceled");

    world.stripe.deliver_pending().await;
    let events = captured.lock().unwrap().clone();
    let kinds: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    for want in [
        "checkout.session.completed",
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "invoice.paid",
        "customer.created",
    ] {
        assert!(kinds.contains(&want), "no {want} event in {kinds:?}");
    }
    for e in &events {
        let event: stripe_shared::Event = strict("event", e);
        assert_eq!(e["account"], acct.as_str(), "Connect events name the account");
        let object = &e["data"]["object"];
        match event.type_.as_str() {
            "checkout.session.completed" => {
                strict::<stripe_shared::CheckoutSession>("event object", object);
                slim::<models::CheckoutSession>("event object", object);
            }
            t if t.starts_with("customer.subscription.") => {
                strict::<stripe_shared::Subscription>("event object", object);
                slim::<models::Subscription>("event object", object);
            }
            t if t.starts_with("invoice.") => {
                strict::<stripe_shared::Invoice>("event object", object);
                slim::<models::Invoice>("event object", object);
            }
            "customer.created" => drop(strict::<stripe_shared::Customer>("event object", object)),
            other => panic!("unexpected event type {other}"),
        }
    }
}

async fn raw_json(world: &World, path: &str, body: &str) -> (u16, Value) {
    let req = dream_core::ports::HttpRequest {
        method: "POST".into(),
        url: format!("{STRIPE_BASE}{path}"),
        headers: vec![("content-type".into(), "application/json".into())],
        body: Some(body.into()),
        limits: Default::default(),
    };
    let r = dream_core::ports::HttpClient::send(world.net.as_ref(), req).await.unwrap();
    (r.status, serde_json::from_slice(&r.body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn errors_are_stripe_error_objects() {
    let world = World::new();
    let stripe = api(&world);
    let missing = RetrieveProduct::new("prod_nope").send(&stripe).await;
    assert!(
        matches!(missing, Err(StripeFailure::Api { status: 404, ref code, .. }) if code.as_deref() == Some("resource_missing"))
    );
    let bad_key = StripeApi::new(world.net.clone(), STRIPE_BASE, "sk_test_wrong");
    assert!(matches!(RetrieveProduct::new("prod_x").send(&bad_key).await, Err(StripeFailure::Api { status: 401, .. })));
    // Acting for an account that never connected is refused.
    let foreign =
        RetrieveProduct::new("prod_x").customize().account_id("acct_1Nobody".parse().unwrap()).send(&stripe).await;
    assert!(matches!(foreign, Err(StripeFailure::Api { status: 403, .. })));
    let (status, body) = raw(&world, Method::POST, "/v1/prices", Some("currency=usd&unit_amount=5".into()), None).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["type"], "invalid_request_error");
    assert_eq!(body["error"]["param"], "product");
    // Reusing an idempotency key with other parameters is an idempotency_error.
    let product = CreateProduct::new("A").send(&stripe).await.unwrap();
    let key = || RequestStrategy::Idempotent(stripe_client_core::IdempotencyKey::new("k-1").unwrap());
    UpdatePrice::new("price_x").customize().request_strategy(key()).send(&stripe).await.ok();
    let p1 = CreatePrice::new(stripe_types::Currency::USD)
        .product(product.id.as_str())
        .unit_amount(1)
        .customize()
        .request_strategy(key())
        .send(&stripe)
        .await;
    assert!(matches!(p1, Err(StripeFailure::Api { status: 400, .. })), "{p1:?}");
}

#[test]
fn a_shape_stripe_would_not_send_fails_the_models() {
    let mut sub = dream_sim::stripe::objects::subscription(
        "sub_1",
        "cus_1",
        dream_sim::stripe::objects::subscription_item(
            "si_1",
            "sub_1",
            &dream_sim::stripe::objects::price(
                "price_1",
                "prod_1",
                900,
                "usd",
                Some("month"),
                serde_json::json!({}),
                false,
                1,
            ),
            1,
            2,
            1,
        ),
        serde_json::json!({}),
        false,
        1,
        None,
    );
    strict::<stripe_shared::Subscription>("subscription", &sub);
    sub.as_object_mut().unwrap().remove("items");
    assert!(serde_json::from_value::<stripe_shared::Subscription>(sub.clone()).is_err());
    assert!(dream_services::stripe::convert::parse::<models::Subscription>(&sub).is_err());
}

#[tokio::test]
async fn failed_deliveries_are_retried_with_backoff() {
    let world = World::with_stripe(|s| s.max_attempts = 6);
    let hits = Arc::new(Mutex::new(0u32));
    let counter = hits.clone();
    world.net.mount(
        dream_sim::testkit::API_BASE,
        Router::new().route(
            "/webhook/stripe",
            post(move || {
                let counter = counter.clone();
                async move {
                    let mut n = counter.lock().unwrap();
                    *n += 1;
                    // Down for the first two attempts.
                    if *n <= 2 {
                        http::StatusCode::SERVICE_UNAVAILABLE
                    } else {
                        http::StatusCode::OK
                    }
                }
            }),
        ),
    );
    let acct = connect(&world).await;
    world.stripe.deliver_pending().await;
    let (status, _) = raw(&world, Method::POST, "/v1/customers", Some("email=a%40b.test".into()), Some(&acct)).await;
    assert_eq!(status, 200);
    world.stripe.deliver_pending().await;
    for _ in 0..50 {
        if world.stripe.deliveries().iter().all(|d| d.delivered) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let d = world.stripe.deliveries().into_iter().find(|d| d.event_type == "customer.created").unwrap();
    assert!(d.delivered, "{d:?}");
    assert_eq!((d.attempts, d.last_status), (3, Some(200)));
}

#[tokio::test]
async fn payment_mode_checkout_and_portal_objects_match_the_models() {
    let world = World::new();
    let stripe = api(&world);
    let product = CreateProduct::new("Credits").send(&stripe).await.unwrap();
    let once = CreatePrice::new(stripe_types::Currency::USD)
        .product(product.id.as_str())
        .unit_amount(500)
        .send(&stripe)
        .await
        .unwrap();
    assert!(once.recurring.is_none());
    let session = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .line_items(vec![CreateCheckoutSessionLineItems {
            price: Some(once.id.to_string()),
            quantity: Some(1),
            ..CreateCheckoutSessionLineItems::new()
        }])
        .success_url("https://app.test/ok")
        .cancel_url("https://app.test/no")
        .customer_email("buyer@example.com")
        .payment_intent_data(CreateCheckoutSessionPaymentIntentData {
            metadata: Some(HashMap::from([("dream_order_id".to_owned(), "ord_1".to_owned())])),
            ..CreateCheckoutSessionPaymentIntentData::new()
        })
        .send(&stripe)
        .await
        .unwrap();
    let url = session.url.unwrap();
    let pay = dream_core::ports::HttpRequest {
        method: "POST".into(),
        url: format!("{url}/pay"),
        headers: vec![],
        body: None,
        limits: Default::default(),
    };
    assert_eq!(dream_core::ports::HttpClient::send(world.net.as_ref(), pay).await.unwrap().status, 303);
    let done = RetrieveCheckoutSession::new(session.id.clone()).send(&stripe).await.unwrap();
    assert!(done.subscription.is_none());
    let (_, v) = raw(&world, Method::GET, &format!("/v1/checkout/sessions/{}", session.id), None, None).await;
    let cs: stripe_shared::CheckoutSession = strict("completed payment session", &v);
    let customer = cs.customer.unwrap().id().to_string();
    refunds_match_the_models(&world, cs.payment_intent.unwrap().id().as_str()).await;
    // A recurring price in payment mode is refused, as Stripe refuses it.
    let monthly = CreatePrice::new(stripe_types::Currency::USD)
        .product(product.id.as_str())
        .unit_amount(500)
        .recurring(CreatePriceRecurring::new(CreatePriceRecurringInterval::Month))
        .send(&stripe)
        .await
        .unwrap();
    let wrong = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .line_items(vec![CreateCheckoutSessionLineItems {
            price: Some(monthly.id.to_string()),
            quantity: Some(1),
            ..CreateCheckoutSessionLineItems::new()
        }])
        .success_url("https://app.test/ok")
        .send(&stripe)
        .await;
    assert!(matches!(wrong, Err(StripeFailure::Api { status: 400, .. })), "{wrong:?}");
    let body = format!("customer={customer}&return_url=https%3A%2F%2Fapp.test%2F");
    let (status, v) = raw(&world, Method::POST, "/v1/billing_portal/sessions", Some(body), None).await;
    assert_eq!(status, 200, "{v}");
    strict::<stripe_billing::BillingPortalSession>("portal session", &v);
    slim::<models::PortalSession>("portal session", &v);
    let (_, configs) = raw(&world, Method::GET, "/v1/billing_portal/configurations", None, None).await;
    strict::<stripe_types::List<stripe_billing::BillingPortalConfiguration>>("portal configurations", &configs);
}

/// The paid session's payment intent (carrying `payment_intent_data[metadata]`) and charge,
/// then a partial and a full refund: each object and `charge.refunded` held to the models.
async fn refunds_match_the_models(world: &World, intent: &str) {
    let (_, v) = raw(world, Method::GET, &format!("/v1/payment_intents/{intent}"), None, None).await;
    let pi: stripe_shared::PaymentIntent = strict("payment intent", &v);
    assert_eq!(pi.metadata.get("dream_order_id").map(String::as_str), Some("ord_1"));
    assert_eq!(slim::<models::PaymentIntent>("payment intent", &v).metadata, pi.metadata);
    let charge = pi.latest_charge.unwrap().id().to_string();
    let (_, v) = raw(world, Method::GET, &format!("/v1/charges/{charge}"), None, None).await;
    assert_eq!(strict::<stripe_shared::Charge>("charge", &v).amount, 500);
    let refund = |body: String| raw(world, Method::POST, "/v1/refunds", Some(body), None);
    let (status, v) = refund(format!("payment_intent={intent}&amount=200")).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(strict::<stripe_shared::Refund>("refund", &v).amount, 200);
    let (status, v) = refund(format!("charge={charge}&amount=301")).await;
    assert_eq!((status, v["error"]["code"].as_str()), (400, Some("amount_too_large")), "{v}");
    assert_eq!(refund(format!("charge={charge}")).await.0, 200, "the rest");
    let (status, v) = refund(format!("charge={charge}")).await;
    assert_eq!((status, v["error"]["code"].as_str()), (400, Some("charge_already_refunded")), "{v}");
    let (_, v) = raw(world, Method::GET, "/v1/events?type=charge.refunded", None, None).await;
    let mut totals: Vec<i64> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let object = &e["data"]["object"];
            let c: stripe_shared::Charge = strict("charge.refunded", object);
            assert_eq!(c.refunded, c.amount_refunded == 500);
            slim::<models::Charge>("charge.refunded", object).amount_refunded
        })
        .collect();
    // Both in one second: their order in the list is the ids' (random), as at Stripe.
    totals.sort_unstable();
    assert_eq!(totals, [200, 500], "each with the running total");
}

#[tokio::test]
async fn a_restarted_simulator_keeps_its_books_when_it_has_a_state_file() {
    let dir = std::env::temp_dir().join(format!("dream-sim-persist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let file = dir.join("stripe.json");
    let first = World::with_stripe(|s| s.state_file = Some(file.clone()));
    let acct = connect(&first).await;
    let (status, product) = raw(&first, Method::POST, "/v1/products", Some("name=Kept".into()), Some(&acct)).await;
    assert_eq!(status, 200);
    // A new simulator on the same state file: the connected account and its product are there.
    let second = World::with_stripe(|s| s.state_file = Some(file.clone()));
    let (status, listed) = raw(&second, Method::GET, "/v1/products", None, Some(&acct)).await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["data"][0]["id"], product["id"]);
    // Without a state file nothing is kept.
    let fresh = World::new();
    let (status, _) = raw(&fresh, Method::GET, "/v1/products", None, Some(&acct)).await;
    assert_eq!(status, 403, "an unknown account");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A monthly price of a new product, without an idempotency key.
async fn monthly_price(stripe: &StripeApi, product: &str, amount: i64) -> stripe_shared::Price {
    let product = CreateProduct::new(product).send(stripe).await.unwrap();
    CreatePrice::new(stripe_types::Currency::USD)
        .product(product.id.as_str())
        .unit_amount(amount)
        .recurring(CreatePriceRecurring::new(CreatePriceRecurringInterval::Month))
        .send(stripe)
        .await
        .unwrap()
}

/// A promotion code `code` for `coupon`, as `promotion[type]=coupon`.
fn promotion_code_for(coupon: &stripe_shared::Coupon, code: &str) -> CreatePromotionCode {
    let mut promotion = CreatePromotionCodePromotion::new(CreatePromotionCodePromotionType::Coupon);
    promotion.coupon = Some(coupon.id.to_string());
    CreatePromotionCode::new(promotion).code(code)
}

/// A subscription Checkout Session for `price`, taking promotion codes when `allow`.
async fn subscription_checkout(
    stripe: &StripeApi,
    price: &stripe_shared::Price,
    allow: bool,
) -> stripe_shared::CheckoutSession {
    let mut req = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Subscription)
        .line_items(vec![CreateCheckoutSessionLineItems {
            price: Some(price.id.to_string()),
            quantity: Some(1),
            ..CreateCheckoutSessionLineItems::new()
        }])
        .success_url("https://app.test/ok");
    if allow {
        req = req.allow_promotion_codes(true);
    }
    req.send(stripe).await.unwrap()
}

/// Pays a session on its hosted page with a promotion code typed in; the page's status.
async fn pay_with_code(world: &World, session: &stripe_shared::CheckoutSession, code: &str) -> u16 {
    let pay = dream_core::ports::HttpRequest {
        method: "POST".into(),
        url: format!("{}/pay", session.url.clone().unwrap()),
        headers: vec![("content-type".into(), "application/x-www-form-urlencoded".into())],
        body: Some(format!("promotion_code={code}")),
        limits: Default::default(),
    };
    dream_core::ports::HttpClient::send(world.net.as_ref(), pay).await.unwrap().status
}

#[tokio::test]
async fn a_promotion_code_discounts_the_first_invoice_and_every_object_matches_the_models() {
    let world = World::new();
    let stripe = api(&world);
    let price = monthly_price(&stripe, "Pro", 1900).await;
    let coupon = CreateCoupon::new()
        .percent_off(50.0)
        .duration(stripe_shared::CouponDuration::Once)
        .name("Launch")
        .send(&stripe)
        .await
        .unwrap();
    let promo = promotion_code_for(&coupon, "LAUNCH50").send(&stripe).await.unwrap();
    assert_eq!((promo.code.as_str(), promo.active), ("LAUNCH50", true));
    // Codes are unique among active ones, whatever their case.
    let twice = promotion_code_for(&coupon, "launch50").send(&stripe).await;
    assert!(matches!(twice, Err(StripeFailure::Api { status: 400, .. })), "{twice:?}");
    for (path, what) in [
        (format!("/v1/coupons/{}", coupon.id), "coupon"),
        (format!("/v1/promotion_codes/{}", promo.id), "promotion code"),
    ] {
        let (_, v) = raw(&world, Method::GET, &path, None, None).await;
        match what {
            "coupon" => drop(strict::<stripe_shared::Coupon>(what, &v)),
            _ => drop(strict::<stripe_shared::PromotionCode>(what, &v)),
        }
    }
    // A session that does not allow codes refuses one; an unknown code is refused.
    let closed = subscription_checkout(&stripe, &price, false).await;
    assert_eq!(pay_with_code(&world, &closed, "LAUNCH50").await, 400);
    let session = subscription_checkout(&stripe, &price, true).await;
    assert_eq!(pay_with_code(&world, &session, "NOPE").await, 400);
    assert_eq!(pay_with_code(&world, &session, "launch50").await, 303);
    let (_, cs) = raw(&world, Method::GET, &format!("/v1/checkout/sessions/{}", session.id), None, None).await;
    let cs: stripe_shared::CheckoutSession = strict("discounted session", &cs);
    assert_eq!(cs.amount_total, Some(950));
    let (_, invoices) = raw(&world, Method::GET, "/v1/invoices", None, None).await;
    let list: stripe_types::List<stripe_shared::Invoice> = strict("invoices", &invoices);
    let first = &list.data[0];
    assert_eq!((first.subtotal, first.total, first.amount_paid), (1900, 950, 950));
    let discount_id = invoices["data"][0]["discounts"][0].as_str().unwrap_or_default().to_owned();
    let (_, sub) =
        raw(&world, Method::GET, &format!("/v1/subscriptions/{}", cs.subscription.unwrap().id()), None, None).await;
    strict::<stripe_shared::Subscription>("subscription", &sub);
    // A `once` coupon is spent: the subscription keeps no discount, so the renewal is full price.
    assert_eq!(sub["discounts"], serde_json::json!([]));
    assert!(discount_id.starts_with("di_"), "{invoices}");
    let (_, promo) = raw(&world, Method::GET, &format!("/v1/promotion_codes/{}", promo.id), None, None).await;
    assert_eq!(promo["times_redeemed"], 1);
    // Listed by code, with the coupon expanded on request (an id otherwise, as Stripe sends it).
    let (_, listed) =
        raw(&world, Method::GET, "/v1/promotion_codes?code=LAUNCH50&expand[]=data.promotion.coupon", None, None).await;
    strict::<stripe_types::List<stripe_shared::PromotionCode>>("promotion codes", &listed);
    assert_eq!(listed["data"][0]["promotion"]["coupon"]["percent_off"], 50.0);
    assert!(promo["promotion"]["coupon"].is_string());
}

#[tokio::test]
async fn a_forever_coupon_discounts_every_renewal_and_a_once_coupon_only_the_first_invoice() {
    let world = World::new();
    let stripe = api(&world);
    let price = monthly_price(&stripe, "Team", 1000).await;
    let mut codes = Vec::new();
    for (code, duration, off) in [
        ("ALWAYS20", stripe_shared::CouponDuration::Forever, 20.0),
        ("FIRST30", stripe_shared::CouponDuration::Once, 30.0),
    ] {
        let coupon = CreateCoupon::new().percent_off(off).duration(duration).send(&stripe).await.unwrap();
        promotion_code_for(&coupon, code).send(&stripe).await.unwrap();
        codes.push(code);
    }
    let mut subs = Vec::new();
    for code in &codes {
        let session = subscription_checkout(&stripe, &price, true).await;
        assert_eq!(pay_with_code(&world, &session, code).await, 303);
        let done = RetrieveCheckoutSession::new(session.id).send(&stripe).await.unwrap();
        subs.push(done.subscription.unwrap().id().to_string());
    }
    // A month and a day later each subscription has renewed once.
    advance(&world, 32 * 86_400).await;
    let paid = |sub: &str| {
        let world = &world;
        let sub = sub.to_owned();
        async move {
            let (_, v) = raw(world, Method::GET, &format!("/v1/invoices?subscription={sub}"), None, None).await;
            let list: stripe_types::List<stripe_shared::Invoice> = strict("invoices", &v);
            let mut amounts: Vec<(i64, i64)> = list.data.iter().map(|i| (i.created, i.amount_paid)).collect();
            amounts.sort();
            amounts.into_iter().map(|(_, a)| a).collect::<Vec<_>>()
        }
    };
    assert_eq!(paid(&subs[0]).await, vec![800, 800], "20% off every invoice");
    assert_eq!(paid(&subs[1]).await, vec![700, 1000], "30% off the first invoice only");
}

/// Moves the simulator's clock (every account's) forward.
async fn advance(world: &World, seconds: i64) {
    let router = dream_sim::stripe::api::router(world.stripe.clone());
    let body = serde_json::json!({ "seconds": seconds }).to_string();
    let r = dream_sim::testkit::send(
        &router,
        Method::POST,
        "/_sim/stripe/clock/advance",
        &[("content-type", "application/json")],
        Some(body),
    )
    .await;
    assert_eq!(r.status, http::StatusCode::OK);
}

/// A paid subscription to `price` through Checkout; its id.
async fn subscribed(world: &World, stripe: &StripeApi, price: &stripe_shared::Price) -> String {
    let session = subscription_checkout(stripe, price, false).await;
    assert_eq!(pay_with_code(world, &session, "").await, 303);
    let done = RetrieveCheckoutSession::new(session.id).send(stripe).await.unwrap();
    done.subscription.unwrap().id().to_string()
}

/// Every event the simulator made, each object held to its model.
async fn events_match_the_models(world: &World) -> Vec<String> {
    let (_, v) = raw(world, Method::GET, "/v1/events?limit=100", None, None).await;
    let mut kinds = Vec::new();
    for e in v["data"].as_array().unwrap() {
        let event: stripe_shared::Event = strict("event", e);
        let object = &e["data"]["object"];
        match event.type_.as_str() {
            t if t.starts_with("customer.subscription.") => {
                strict::<stripe_shared::Subscription>(t, object);
                slim::<models::Subscription>(t, object);
            }
            t if t.starts_with("subscription_schedule.") => {
                strict::<stripe_shared::SubscriptionSchedule>(t, object);
                slim::<models::SubscriptionSchedule>(t, object);
            }
            t if t.starts_with("invoice.") => {
                strict::<stripe_shared::Invoice>(t, object);
                slim::<models::Invoice>(t, object);
            }
            _ => {}
        }
        kinds.push(event.type_.as_str().to_owned());
    }
    kinds
}

#[tokio::test]
async fn an_upgrade_is_prorated_on_an_invoice_now_and_a_downgrade_waits_in_a_schedule() {
    use stripe_billing::subscription::{
        UpdateSubscriptionItems, UpdateSubscriptionPaymentBehavior, UpdateSubscriptionProrationBehavior,
    };
    use stripe_billing::subscription_schedule::{
        CreateSubscriptionSchedule, ReleaseSubscriptionSchedule, RetrieveSubscriptionSchedule,
        UpdateSubscriptionSchedule, UpdateSubscriptionSchedulePhases, UpdateSubscriptionSchedulePhasesDuration,
        UpdateSubscriptionSchedulePhasesDurationInterval, UpdateSubscriptionSchedulePhasesEndDate,
        UpdateSubscriptionSchedulePhasesItems, UpdateSubscriptionSchedulePhasesStartDate,
    };
    let world = World::new();
    let stripe = api(&world);
    let pro = monthly_price(&stripe, "Pro", 1000).await;
    let scale = monthly_price(&stripe, "Scale", 3000).await;
    let sub_id = subscribed(&world, &stripe, &pro).await;
    let sub = RetrieveSubscription::new(sub_id.as_str()).send(&stripe).await.unwrap();
    let item = sub.items.data[0].clone();
    let (start, end) = (item.current_period_start, item.current_period_end);

    // Up, halfway through the period: the difference for the rest of it is invoiced now.
    advance(&world, (end - start) / 2).await;
    let up = UpdateSubscription::new(sub_id.as_str())
        .items(vec![UpdateSubscriptionItems {
            id: Some(item.id.to_string()),
            price: Some(scale.id.to_string()),
            ..UpdateSubscriptionItems::new()
        }])
        .proration_behavior(UpdateSubscriptionProrationBehavior::AlwaysInvoice)
        .payment_behavior(UpdateSubscriptionPaymentBehavior::PendingIfIncomplete)
        .send(&stripe)
        .await
        .unwrap();
    assert_eq!(up.items.data[0].price.id, scale.id);
    assert_eq!(up.items.data[0].current_period_end, end, "the billing period is unchanged");
    let (_, invoices) = raw(&world, Method::GET, &format!("/v1/invoices?subscription={sub_id}"), None, None).await;
    let list: stripe_types::List<stripe_shared::Invoice> = strict("invoices", &invoices);
    let latest = up.latest_invoice.as_ref().and_then(|l| l.id().as_ref().map(|x| x.to_string()));
    let proration = list.data.iter().find(|i| i.id.as_ref().map(|x| x.to_string()) == latest).unwrap();
    let lines: Vec<i64> = proration.lines.data.iter().map(|l| l.amount).collect();
    assert_eq!(lines.len(), 2, "a credit for the old price and a charge for the new");
    assert!((-500..=-499).contains(&lines[0]) && (1499..=1500).contains(&lines[1]), "{lines:?}");
    assert_eq!(proration.amount_paid, lines[0] + lines[1]);
    assert_eq!(invoices["data"][0]["billing_reason"], "subscription_update");
    assert_eq!(invoices["data"][0]["lines"]["data"][0]["parent"]["subscription_item_details"]["proration"], true);

    // Down: a schedule keeps Scale to the period end, then Pro for a month, then lets go.
    let made = CreateSubscriptionSchedule::new().from_subscription(sub_id.as_str()).send(&stripe).await.unwrap();
    assert_eq!(made.phases.len(), 1);
    let phase = |price: &str| {
        UpdateSubscriptionSchedulePhases::new(vec![UpdateSubscriptionSchedulePhasesItems {
            price: Some(price.to_owned()),
            ..UpdateSubscriptionSchedulePhasesItems::new()
        }])
    };
    let schedule = UpdateSubscriptionSchedule::new(made.id.as_str())
        .phases(vec![
            UpdateSubscriptionSchedulePhases {
                start_date: Some(UpdateSubscriptionSchedulePhasesStartDate::Timestamp(start)),
                end_date: Some(UpdateSubscriptionSchedulePhasesEndDate::Timestamp(end)),
                ..phase(scale.id.as_str())
            },
            UpdateSubscriptionSchedulePhases {
                duration: Some(UpdateSubscriptionSchedulePhasesDuration {
                    interval: UpdateSubscriptionSchedulePhasesDurationInterval::Month,
                    interval_count: Some(1),
                }),
                ..phase(pro.id.as_str())
            },
        ])
        .end_behavior(stripe_shared::SubscriptionScheduleEndBehavior::Release)
        .send(&stripe)
        .await
        .unwrap();
    assert_eq!(schedule.phases.len(), 2);
    assert_eq!(schedule.phases[1].start_date, end);
    // A schedule's subscription cannot be set to cancel directly.
    let cancel = UpdateSubscription::new(sub_id.as_str()).cancel_at_period_end(true).send(&stripe).await;
    assert!(cancel.is_err(), "{cancel:?}");
    let sub = RetrieveSubscription::new(sub_id.as_str()).send(&stripe).await.unwrap();
    assert_eq!(sub.items.data[0].price.id, scale.id, "Scale until the period end");
    assert_eq!(sub.schedule.as_ref().map(|s| s.id().to_string()), Some(made.id.to_string()));

    advance(&world, end - start).await;
    let sub = RetrieveSubscription::new(sub_id.as_str()).send(&stripe).await.unwrap();
    assert_eq!(sub.items.data[0].price.id, pro.id, "Pro from the period end");
    let (_, renewal) =
        raw(&world, Method::GET, &format!("/v1/invoices?subscription={sub_id}&limit=1"), None, None).await;
    assert_eq!(renewal["data"][0]["amount_paid"], 1000, "the renewal bills Pro");
    advance(&world, 32 * 86_400).await;
    let done = RetrieveSubscriptionSchedule::new(made.id.as_str()).send(&stripe).await.unwrap();
    assert_eq!(done.status.as_str(), "released");
    let sub = RetrieveSubscription::new(sub_id.as_str()).send(&stripe).await.unwrap();
    assert!(sub.schedule.is_none() && sub.status.as_str() == "active");
    assert!(ReleaseSubscriptionSchedule::new(made.id.as_str()).send(&stripe).await.is_err(), "released once");

    let kinds = events_match_the_models(&world).await;
    for want in ["subscription_schedule.created", "subscription_schedule.updated", "subscription_schedule.released"] {
        assert!(kinds.iter().any(|k| k == want), "no {want} in {kinds:?}");
    }
}

#[tokio::test]
async fn a_trial_without_a_card_ends_the_subscription_and_one_with_a_card_is_billed() {
    let world = World::new();
    let stripe = api(&world);
    let price = monthly_price(&stripe, "Pro", 1900).await;
    let mut subs = Vec::new();
    for card in [false, true] {
        let mut data = CreateCheckoutSessionSubscriptionData::new();
        data.trial_period_days = Some(7);
        if !card {
            data.trial_settings = Some(CreateCheckoutSessionSubscriptionDataTrialSettings {
                end_behavior: CreateCheckoutSessionSubscriptionDataTrialSettingsEndBehavior {
                    missing_payment_method:
                        CreateCheckoutSessionSubscriptionDataTrialSettingsEndBehaviorMissingPaymentMethod::Cancel,
                },
            });
        }
        let mut req = CreateCheckoutSession::new()
            .mode(CheckoutSessionMode::Subscription)
            .line_items(vec![CreateCheckoutSessionLineItems {
                price: Some(price.id.to_string()),
                quantity: Some(1),
                ..CreateCheckoutSessionLineItems::new()
            }])
            .success_url("https://app.test/ok")
            .subscription_data(data);
        if !card {
            req = req.payment_method_collection(CreateCheckoutSessionPaymentMethodCollection::IfRequired);
        }
        let session = req.send(&stripe).await.unwrap();
        assert_eq!(pay_with_code(&world, &session, "").await, 303);
        let done = RetrieveCheckoutSession::new(session.id).send(&stripe).await.unwrap();
        assert_eq!(done.amount_total, Some(0), "nothing is charged for a trial");
        let sub = RetrieveSubscription::new(done.subscription.unwrap().id().as_str()).send(&stripe).await.unwrap();
        assert_eq!(sub.status.as_str(), "trialing");
        assert_eq!(sub.trial_end, Some(sub.items.data[0].current_period_end));
        assert_eq!(sub.trial_end.unwrap() - sub.trial_start.unwrap(), 7 * 86_400);
        assert_eq!(sub.default_payment_method.is_some(), card);
        subs.push(sub.id.to_string());
    }
    advance(&world, 8 * 86_400).await;
    let without = RetrieveSubscription::new(subs[0].as_str()).send(&stripe).await.unwrap();
    assert_eq!(without.status.as_str(), "canceled", "no card: the trial's end ends it");
    let with = RetrieveSubscription::new(subs[1].as_str()).send(&stripe).await.unwrap();
    assert_eq!(with.status.as_str(), "active");
    let (_, invoices) = raw(&world, Method::GET, &format!("/v1/invoices?subscription={}", subs[1]), None, None).await;
    let paid: Vec<i64> =
        invoices["data"].as_array().unwrap().iter().map(|i| i["amount_paid"].as_i64().unwrap()).collect();
    assert_eq!(paid, vec![1900, 0], "billed at the trial's end, after a zero invoice at its start");
    let kinds = events_match_the_models(&world).await;
    assert!(kinds.iter().any(|k| k == "customer.subscription.deleted"), "{kinds:?}");
}
