//! Projects (issue #12, must-show 1): two projects of one developer are fully isolated, and
//! deleting one makes its keys fail with 401 at once while the other is untouched — against
//! the real workers in workerd.

use dream_e2e::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A developer API call on the project `project` (`X-Project`).
async fn in_project(dev: &Developer, project: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
    let auth = format!("Bearer {}", dev.token);
    send(&dev.client, method, path, &[("authorization", &auth), ("x-project", project)], body.map(|b| b.to_string()))
        .await
}

#[tokio::test]
async fn two_projects_are_isolated_and_a_deleted_ones_keys_fail_at_once() {
    let dev = Developer::register("projects").await;
    dev.setup(Some(5), 1000).await;
    let made = dev.call(Method::POST, "/api/developer/projects", Some(json!({"name": "Side project"}))).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let b = made.body["project"]["id"].as_str().unwrap_or_default().to_owned();
    let b_sk = made.body["test"]["secretKey"].as_str().unwrap_or_default().to_owned();
    remember_secret(&b_sk);
    remember_secret(made.body["live"]["secretKey"].as_str().unwrap_or_default());
    assert_ne!(b, dev.platform_id);
    let tiers = json!({"tiers": [{"name": "free", "displayName": "Free", "limit": 2, "priceCents": 0}]});
    assert_eq!(
        in_project(&dev, &b, Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await.status,
        StatusCode::OK
    );

    // One end user id in both: separate usage, separate limits, separate customer lists.
    for _ in 0..3 {
        assert_eq!(dev.track(&dev.sk_test, "shared-id").await.status, StatusCode::OK);
    }
    assert_eq!(dev.track(&b_sk, "shared-id").await.status, StatusCode::OK);
    assert_eq!(dev.track(&b_sk, "only-in-b").await.status, StatusCode::OK);
    let a_usage = dev.usage(&dev.sk_test, "shared-id").await.body;
    let b_usage = dev.usage(&b_sk, "shared-id").await.body;
    assert_eq!((a_usage["used"].as_u64(), a_usage["limit"].as_u64()), (Some(3), Some(5)), "{a_usage}");
    assert_eq!((b_usage["used"].as_u64(), b_usage["limit"].as_u64()), (Some(1), Some(2)), "{b_usage}");
    let a_list = dev.call(Method::GET, "/api/developer/customers?mode=test", None).await.body;
    let b_list = in_project(&dev, &b, Method::GET, "/api/developer/customers?mode=test", None).await.body;
    assert_eq!((a_list["total"].as_u64(), b_list["total"].as_u64()), (Some(1), Some(2)), "{a_list} {b_list}");
    // Keys are the project's own: B's list holds none of A's.
    let a_keys = dev.call(Method::GET, "/api/developer/keys", None).await.body;
    let b_keys = in_project(&dev, &b, Method::GET, "/api/developer/keys", None).await.body;
    let ids = |v: &Value| -> Vec<String> {
        v["keys"]
            .as_array()
            .map(|k| k.iter().filter_map(|x| x["id"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    assert!(ids(&a_keys).iter().all(|k| !ids(&b_keys).contains(k)));

    // Delete B: a wrong confirmation changes nothing; the right one stops its keys at once.
    let path = format!("/api/developer/projects/{b}");
    let wrong = dev.call(Method::DELETE, &path, Some(json!({"confirm": "side project"}))).await;
    assert_eq!(wrong.code(), "confirmation_mismatch", "{:?}", wrong.body);
    assert_eq!(dev.track(&b_sk, "shared-id").await.status, StatusCode::OK);
    let deleted = dev.call(Method::DELETE, &path, Some(json!({"confirm": "Side project"}))).await;
    assert_eq!(deleted.status, StatusCode::OK, "{:?}", deleted.body);
    let refused = dev.track(&b_sk, "shared-id").await;
    assert_eq!((refused.status, refused.code()), (StatusCode::UNAUTHORIZED, "project_deleted"), "{:?}", refused.body);
    assert_eq!(dev.usage(&b_sk, "only-in-b").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(in_project(&dev, &b, Method::GET, "/api/developer/keys", None).await.code(), "project_not_found");

    // A is untouched.
    assert_eq!(dev.track(&dev.sk_test, "shared-id").await.status, StatusCode::OK);
    assert_eq!(dev.usage(&dev.sk_test, "shared-id").await.body["used"], 4);
    let projects = dev.call(Method::GET, "/api/developer/projects", None).await.body;
    let left: Vec<&str> = projects["projects"]
        .as_array()
        .map(|p| p.iter().filter_map(|x| x["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(left, [dev.platform_id.as_str()]);
    // Once KV has the revocation everywhere, the key is refused before any object is asked.
    wait_for_key_records().await;
    let later = dev.track(&b_sk, "shared-id").await;
    assert_eq!(later.status, StatusCode::UNAUTHORIZED, "{:?}", later.body);
}
