//! End users cannot hurt the developer: reads are rate-limited per end user, and only
//! metered successes spend the developer's plan.

use dream_e2e::*;
use futures::stream::{self, StreamExt};
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn one_end_user_hammering_reads_is_limited_and_spends_nothing() {
    let dev = Developer::register("hammer").await;
    dev.setup(Some(100), 100).await;
    let settings = serde_json::json!({"rateLimitPerMinute": 100, "allowedOrigins": [APP_ORIGIN], "endUserAuth": {"kind": "shared"}});
    assert_eq!(dev.call(Method::PUT, "/api/developer/settings", Some(settings)).await.status, StatusCode::OK);
    let mallory = format!("Bearer {}", end_user_token(&dev.client, "mallory", &dev.platform_id).await);
    let h = [("x-publishable-key", dev.pk_live.as_str()), ("authorization", mallory.as_str())];
    let started = std::time::Instant::now();
    let answers: Vec<Reply> = stream::iter(0..1_000)
        .map(|_| send(&dev.client, Method::GET, "/api/usage", &h, None))
        .buffer_unordered(16)
        .collect()
        .await;
    let elapsed_s = started.elapsed().as_secs_f64();
    let ok = answers.iter().filter(|r| r.status == StatusCode::OK).count();
    let limited: Vec<&Reply> = answers.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).collect();
    assert_eq!(
        ok + limited.len(),
        answers.len(),
        "only 200s and 429s: {:?}",
        answers.iter().find(|r| r.status != StatusCode::OK && r.status != StatusCode::TOO_MANY_REQUESTS)
    );
    // The window is a two-counter approximation (dream_core::rate_limit): a burst that spans
    // a minute boundary may pass the allowance by at most allowance x the share of a minute
    // the burst lasted; never more.
    let bound = 300.0 * (1.0 + elapsed_s / 60.0) + 5.0;
    assert!(
        (ok as f64) <= bound,
        "{ok} reads got through an allowance of 300 a minute (bound {bound:.0} for {elapsed_s:.1} s)"
    );
    assert!(limited.iter().all(|r| r.code() == "rate_limited" && r.headers.contains_key("retry-after")));
    // Another end user of the same platform is untouched and tracks.
    let alice = format!("Bearer {}", end_user_token(&dev.client, "alice", &dev.platform_id).await);
    let h = [
        ("x-publishable-key", dev.pk_live.as_str()),
        ("authorization", alice.as_str()),
        ("idempotency-key", "alice-1"),
    ];
    let r = send_safe(&dev.client, Method::POST, "/api/data", &h, None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // The developer's plan moved by at most the metered successes (one track).
    let billing = dev.call(Method::GET, "/api/developer/billing", None).await;
    assert!(billing.body["used"].as_u64().is_some_and(|u| u <= 1), "{:?}", billing.body);
}

#[tokio::test]
async fn test_mode_traffic_over_its_daily_cap_gets_a_clear_429() {
    let cap: usize = std::env::var("TEST_MODE_DAILY_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let dev = Developer::register("testcap").await;
    dev.setup(None, 1_000_000).await;
    let answers: Vec<Reply> = stream::iter(0..cap + 400)
        .map(|n| {
            let user = format!("load-{}", n % 40);
            let dev = &dev;
            async move { dev.track(&dev.sk_test, &user).await }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    let ok = answers.iter().filter(|r| r.status == StatusCode::OK).count();
    let capped: Vec<&Reply> = answers.iter().filter(|r| r.code() == "test_mode_daily_cap").collect();
    assert_eq!(
        ok + capped.len(),
        answers.len(),
        "{:?}",
        answers.iter().find(|r| r.status != StatusCode::OK && r.code() != "test_mode_daily_cap")
    );
    assert!(ok >= cap && ok < cap + 200, "{ok} test-mode calls accepted under a cap of {cap}");
    let first = capped.first().expect("never capped");
    assert_eq!(first.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(first.headers.contains_key("retry-after"));
    // Live keys are not affected.
    assert_eq!(dev.track(&dev.sk_live, "real-user").await.status, StatusCode::OK);
}
