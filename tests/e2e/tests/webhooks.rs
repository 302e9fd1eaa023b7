//! Developer webhooks against the real workers (issue #13, must-show 1): an end user crosses
//! 80% then 100% of the free tier and is refused at the limit; the developer's endpoint gets
//! one `usage.threshold_reached` per threshold and one `usage.limit_reached`, each verified
//! with the endpoint's secret as a Standard Webhooks library verifies it; a failing endpoint
//! is retried with backoff until it recovers; and events waiting when `wrangler dev` stops
//! are delivered after it starts again. Run by scripts/e2e.sh (it restarts the stack).

use dream_e2e::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::process::Command;

fn stack(cmd: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let state = std::env::var("DREAM_STACK_DIR").unwrap_or_else(|_| panic!("DREAM_STACK_DIR is not set"));
    let status = Command::new(root.join("scripts/stack.sh")).args([cmd, &state]).status();
    assert!(status.is_ok_and(|s| s.success()), "stack.sh {cmd} failed");
}

fn kind(body: &Value) -> String {
    match body["data"]["threshold"].as_u64() {
        Some(p) => format!("{} {p}", body["type"].as_str().unwrap_or_default()),
        None => body["type"].as_str().unwrap_or_default().to_owned(),
    }
}

#[tokio::test]
#[ignore = "run by scripts/e2e.sh: it restarts the stack"]
async fn usage_alerts_reach_a_recovering_endpoint_once_each_and_outlive_a_restart() {
    let dev = Developer::register("hooks").await;
    dev.setup(Some(10), 1_000).await;
    let hooks = HookReceiver::start().await;
    let secret = dev.webhook_endpoint(&hooks.url, &[]).await;

    // 80%: the endpoint fails twice, then recovers; the third attempt lands.
    hooks.fail_next(2);
    for n in 1..=8 {
        assert_eq!(dev.track(&dev.sk_test, "ada").await.status, StatusCode::OK, "track {n}");
    }
    let got = hooks.wait_for(1, 30).await;
    assert_eq!(hooks.refused(), 2);
    assert_eq!(kind(&got[0].verified(&secret)), "usage.threshold_reached 80");
    let list = dev.call(Method::GET, "/api/developer/webhook-deliveries?mode=test", None).await;
    let d = &list.body["deliveries"][0];
    assert_eq!((d["status"].as_str(), d["attempts"].as_u64()), (Some("delivered"), Some(3)), "{:?}", list.body);

    // 100% and the limit while the endpoint is down; the stack stops with them waiting.
    hooks.fail_next(usize::MAX);
    for _ in 9..=10 {
        assert_eq!(dev.track(&dev.sk_test, "ada").await.status, StatusCode::OK);
    }
    assert_eq!(dev.track(&dev.sk_test, "ada").await.code(), "usage_limit_exceeded");
    assert_eq!(dev.track(&dev.sk_test, "ada").await.code(), "usage_limit_exceeded");
    for _ in 0..300 {
        if hooks.refused() >= 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(hooks.refused() >= 4, "both events were attempted before the restart");
    stack("stop");
    hooks.fail_next(0);
    stack("start");

    let got = hooks.wait_for(3, 90).await;
    let kinds: Vec<String> = got.iter().map(|r| kind(&r.verified(&secret))).collect();
    assert_eq!(kinds, ["usage.threshold_reached 80", "usage.threshold_reached 100", "usage.limit_reached"]);
    let body = got[1].verified(&secret);
    assert_eq!((body["data"]["userId"].as_str(), body["data"]["used"].as_u64()), (Some("ada"), Some(10)));
    assert_eq!(body["livemode"], false);
    // Once each: nothing more arrives.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(hooks.taken().len(), 3, "{:?}", hooks.taken());
}
