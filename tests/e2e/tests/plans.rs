//! Developers' own plans end to end: a developer on Basic goes over 10,000 live calls and gets
//! the quota error from api-multi; upgrading to Pro through checkout lifts it.

use dream_e2e::*;
use futures::stream::{self, StreamExt};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

fn browser() -> Client {
    Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none()).build().unwrap_or_else(|e| panic!("{e}"))
}

async fn buy(dev: &Developer, plan: &str) {
    let body = json!({"plan": plan, "successUrl": format!("{DASHBOARD_ORIGIN}/billing?ok"), "cancelUrl": format!("{DASHBOARD_ORIGIN}/billing")});
    let c = dev.call(Method::POST, "/api/developer/billing/checkout", Some(body)).await;
    assert_eq!(c.status, StatusCode::OK, "{:?}", c.body);
    let url = c.body["url"].as_str().unwrap_or_default().to_owned();
    let paid = browser().post(format!("{url}/pay")).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(paid.status(), StatusCode::SEE_OTHER);
    for _ in 0..100 {
        let b = dev.call(Method::GET, "/api/developer/billing", None).await;
        if b.body["plan"]["id"] == plan {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the plan never became {plan}");
}

/// One tracked call with `sk` (a metered success: what the plan's quota counts), each for
/// a new end user so that no tier limit is reached.
async fn track(dev: &Developer, sk: &str) -> Reply {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dev.track(sk, &format!("user-{n}")).await
}

async fn live(dev: &Developer) -> Reply {
    track(dev, &dev.sk_live).await
}

#[tokio::test]
async fn over_the_basic_quota_then_upgraded_to_pro() {
    let dev = Developer::register("plans").await;
    buy(&dev, "basic").await;
    // 10,000 live calls, 32 at a time: all accepted.
    let ok = stream::iter(0..10_000)
        .map(|_| live(&dev))
        .buffer_unordered(32)
        .filter(|r| std::future::ready(r.status == StatusCode::OK))
        .count()
        .await;
    assert!(ok >= 9_950, "only {ok} of the first 10,000 calls were accepted");
    // Within the documented sync bound, the next calls are refused with the plan named.
    let mut refused: Option<Reply> = None;
    for _ in 0..200 {
        let r = live(&dev).await;
        if r.status != StatusCode::OK {
            refused = Some(r);
            break;
        }
    }
    let refused = refused.unwrap_or_else(|| panic!("no refusal after 10,200 live calls"));
    assert_eq!((refused.status, refused.code()), (StatusCode::PAYMENT_REQUIRED, "plan_quota_exceeded"));
    let msg = refused.body["error"]["message"].as_str().unwrap_or_default().to_owned();
    assert!(msg.contains("Basic") && msg.contains("10000"), "{msg}");
    let billing = dev.call(Method::GET, "/api/developer/billing", None).await;
    assert!(billing.body["warning"].is_string(), "{:?}", billing.body);
    // Test-mode calls are never refused for the plan.
    assert_eq!(track(&dev, &dev.sk_test).await.status, StatusCode::OK);

    buy(&dev, "pro").await;
    let mut last: Value = Value::Null;
    for _ in 0..100 {
        let r = live(&dev).await;
        if r.status == StatusCode::OK {
            let b = dev.call(Method::GET, "/api/developer/billing", None).await;
            assert_eq!(b.body["quota"], 100_000);
            return;
        }
        last = r.body;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("Pro never lifted the quota: {last}");
}
