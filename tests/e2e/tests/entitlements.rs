//! Entitlements and several meters (issue "Plans that behave like Stripe's", must-show 5),
//! against the real workers in workerd: a tier's flags and named meters, each meter exact
//! under concurrency as the main one is.

use dream_e2e::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Free: 50 calls, `export_csv` on, 3 `exports`; pro: 1000 calls, 100 `exports`.
async fn metered(name: &str) -> Developer {
    let dev = Developer::register(name).await;
    dev.setup(Some(50), 100_000).await;
    let tiers = json!({"tiers": [
        {"name": "free", "displayName": "Free", "limit": 50, "priceCents": 0,
         "flags": ["export_csv"], "meters": {"exports": 3}},
        {"name": "pro", "displayName": "Pro", "limit": 1000, "priceCents": 1900, "meters": {"exports": 100}}
    ]});
    let r = dev.call(Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await;
    assert_eq!(r.status, StatusCode::OK, "tiers: {:?}", r.body);
    dev
}

#[tokio::test]
async fn entitlements_answer_flags_and_meters_and_the_fourth_export_is_refused_while_calls_count() {
    let dev = metered("entitled").await;
    let export = json!({"userId": "erin", "feature": "exports"});
    for n in 1..=3u64 {
        let r = dev.track_keyed(&dev.sk_test, export.clone(), &format!("export-{n}")).await;
        assert_eq!((r.status, r.body["usage"]["used"].as_u64()), (StatusCode::OK, Some(n)), "{:?}", r.body);
    }
    let fourth = dev.track_keyed(&dev.sk_test, export, "export-4").await;
    assert_eq!((fourth.status, fourth.code()), (StatusCode::TOO_MANY_REQUESTS, "usage_limit_exceeded"));
    // The main meter still counts.
    for _ in 0..2 {
        assert_eq!(dev.track(&dev.sk_test, "erin").await.status, StatusCode::OK);
    }
    let auth = format!("Bearer {}", dev.sk_test);
    let e = send(&dev.client, Method::GET, "/api/entitlements?userId=erin", &[("authorization", &auth)], None).await;
    assert_eq!(e.status, StatusCode::OK, "{:?}", e.body);
    assert_eq!(e.body["plan"], "free");
    assert_eq!(e.body["flags"], json!(["export_csv"]));
    assert_eq!(e.body["meters"]["exports"], json!({"used": 3, "limit": 3, "remaining": 0}));
    assert_eq!(e.body["meters"]["api_calls"], json!({"used": 2, "limit": 50, "remaining": 48}));
    // The Rust client reads the same, and counts on a meter by name.
    let api = dev.api(&dev.sk_test);
    let seen = api.entitlements("erin").await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(seen.meters.get("exports").map(|m| (m.used, m.remaining)), Some((3, Some(0))));
    let refused = api.track_feature("erin", "exports", None, None).await;
    assert!(refused.is_err(), "the 4th export through the client is refused too");
    // The browser reads its own, with the end user's token.
    let jwt = format!("Bearer {}", end_user_token(&dev.client, "user_fay", &dev.platform_id).await);
    let h = [("x-publishable-key", dev.pk_test.as_str()), ("authorization", jwt.as_str()), ("origin", APP_ORIGIN)];
    let mine = send(&dev.client, Method::GET, "/api/entitlements", &h, None).await;
    assert_eq!((mine.status, mine.body["userId"].as_str()), (StatusCode::OK, Some("user_fay")), "{:?}", mine.body);
    assert_eq!(mine.body["meters"]["exports"]["remaining"], 3);
}

#[tokio::test]
async fn three_hundred_concurrent_exports_with_a_limit_of_100_count_exactly_100() {
    let dev = metered("exports").await;
    let auth = format!("Bearer {}", dev.sk_test);
    let plan = json!({"plan": "pro"}).to_string();
    let r = send(&dev.client, Method::PUT, "/api/users/gus/plan", &[("authorization", &auth)], Some(plan)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let keys: Vec<String> = (0..300).map(|i| format!("exp-{i}")).collect();
    let body = json!({"userId": "gus", "feature": "exports"});
    let burst = futures::future::join_all(keys.iter().map(|k| dev.track_keyed(&dev.sk_test, body.clone(), k))).await;
    let ok = burst.iter().filter(|r| r.status == StatusCode::OK).count();
    let refused = burst.iter().filter(|r| r.code() == "usage_limit_exceeded").count();
    assert_eq!((ok, refused), (100, 200), "statuses: {:?}", burst.iter().map(|r| r.status).collect::<Vec<_>>());
    let e = send(&dev.client, Method::GET, "/api/entitlements?userId=gus", &[("authorization", &auth)], None).await;
    assert_eq!(e.body["meters"]["exports"]["used"], 100, "{:?}", e.body);
    assert_eq!(e.body["meters"]["api_calls"]["used"], 0, "exports are not calls");
}
