//! Developer state that cannot race (issue "Trust under hostile use", part 2): concurrent key
//! operations, concurrent first registrations and stale settings writes, against the real
//! workers in workerd.

use dream_e2e::*;
use dream_sim::clerk::MintRequest;
use futures::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A usage read with `sk`: 401 once the key no longer authenticates.
async fn authenticates(dev: &Developer, sk: &str) -> bool {
    let r = dev.usage(sk, "probe").await;
    assert!(matches!(r.status, StatusCode::OK | StatusCode::UNAUTHORIZED), "{:?}", r.body);
    r.status == StatusCode::OK
}

async fn create_key(dev: &Developer) -> Value {
    let r = dev.call(Method::POST, "/api/developer/keys", Some(json!({"kind": "secret", "mode": "test"}))).await;
    assert_eq!(r.status, StatusCode::OK, "create: {:?}", r.body);
    r.body
}

async fn key_ids(dev: &Developer) -> Vec<String> {
    let r = dev.call(Method::GET, "/api/developer/keys", None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["keys"]
        .as_array()
        .map(|k| k.iter().filter_map(|k| k["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn eight_concurrent_key_creations_are_all_listed_and_revocable() {
    let dev = Developer::register("keyburst").await;
    let created = join_all((0..8).map(|_| create_key(&dev))).await;
    let listed = key_ids(&dev).await;
    for k in &created {
        let id = k["key"]["id"].as_str().unwrap_or_default();
        assert!(listed.iter().any(|l| l == id), "key {id} was created but is not listed: {listed:?}");
    }
    for k in &created {
        let (id, value) = (k["key"]["id"].as_str().unwrap_or_default(), k["value"].as_str().unwrap_or_default());
        remember_secret(value);
        assert!(authenticates(&dev, value).await, "a fresh key must work");
        let r = dev.call(Method::POST, &format!("/api/developer/keys/{id}/revoke"), None).await;
        assert_eq!(r.status, StatusCode::OK, "revoke {id}: {:?}", r.body);
    }
    wait_for_key_records().await;
    for k in &created {
        let (id, value) = (k["key"]["id"].as_str().unwrap_or_default(), k["value"].as_str().unwrap_or_default());
        assert!(!authenticates(&dev, value).await, "revoked key {id} still authenticates");
    }
}

#[tokio::test]
async fn a_revoked_key_never_authenticates_again_whatever_races_with_it() {
    let dev = Developer::register("revokerace").await;
    let mut revoked_keys = vec![];
    for round in 0..4 {
        let k = create_key(&dev).await;
        let (id, value) = (k["key"]["id"].as_str().unwrap_or_default(), k["value"].as_str().unwrap_or_default());
        remember_secret(value);
        let (revoke_path, rotate_path) =
            (format!("/api/developer/keys/{id}/revoke"), format!("/api/developer/keys/{id}/rotate"));
        let revoke = dev.call(Method::POST, &revoke_path, None);
        let rotate = dev.call(Method::POST, &rotate_path, Some(json!({"graceSeconds": 3600})));
        let creates = join_all((0..3).map(|_| create_key(&dev)));
        let (revoked, rotated, _) = futures::join!(revoke, rotate, creates);
        assert_eq!(revoked.status, StatusCode::OK, "round {round}: {:?}", revoked.body);
        // Rotation either ran first (and the revoke then ended the grace) or found the key revoked.
        assert!(
            rotated.status == StatusCode::OK || rotated.code() == "key_not_rotatable",
            "round {round}: {:?}",
            rotated.body
        );
        if let Some(v) = rotated.body["created"]["value"].as_str() {
            remember_secret(v);
        }
        let listed = dev.call(Method::GET, "/api/developer/keys", None).await;
        let entry = listed.body["keys"].as_array().and_then(|ks| ks.iter().find(|e| e["id"] == id).cloned());
        assert_eq!(entry.map(|e| e["status"].clone()), Some(json!("revoked")), "round {round}");
        revoked_keys.push((round, value.to_owned()));
    }
    wait_for_key_records().await;
    for (round, value) in &revoked_keys {
        for _ in 0..3 {
            assert!(!authenticates(&dev, value).await, "round {round}: the revoked key authenticates");
        }
    }
}

#[tokio::test]
async fn concurrent_first_registrations_make_one_platform() {
    let c = client();
    let sub = format!("user_regrace_{}", std::process::id());
    let token =
        mint(&c, "dashboard", &MintRequest { sub, azp: Some(DASHBOARD_ORIGIN.into()), ..Default::default() }).await;
    let auth = format!("Bearer {token}");
    let h = [("authorization", auth.as_str())];
    let answers = join_all((0..3).map(|_| send(&c, Method::POST, "/api/developer/register", &h, None))).await;
    for a in &answers {
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
        if let Some(sk) = a.body["test"]["secretKey"].as_str() {
            remember_secret(sk);
            remember_secret(a.body["live"]["secretKey"].as_str().unwrap_or_default());
        }
    }
    let ids: Vec<&str> = answers.iter().filter_map(|a| a.body["platformId"].as_str()).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "one developer got several platforms: {ids:?}");
    let created = answers.iter().filter(|a| a.body["created"] == json!(true)).count();
    assert_eq!(created, 1, "exactly one answer creates the platform: {answers:?}");
    let me = send(&c, Method::GET, "/api/developer/me", &h, None).await;
    assert_eq!(me.body["platformId"].as_str(), Some(ids[0]));
}

#[tokio::test]
async fn a_stale_settings_write_gets_412() {
    let dev = Developer::register("stale").await;
    let auth = format!("Bearer {}", dev.token);
    let read = send(&dev.client, Method::GET, "/api/developer/settings", &[("authorization", &auth)], None).await;
    let etag = read.headers.get("etag").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(!etag.is_empty(), "settings carry an ETag");
    let h = [("authorization", auth.as_str()), ("if-match", etag.as_str())];
    let write = |rate: u32| {
        let body = json!({"rateLimitPerMinute": rate, "allowedOrigins": [], "endUserAuth": {"kind": "shared"}});
        send(&dev.client, Method::PUT, "/api/developer/settings", &h, Some(body.to_string()))
    };
    let (a, b) = futures::join!(write(100), write(200));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED], "{:?} {:?}", a.body, b.body);
    let loser = if a.status == StatusCode::OK { &b } else { &a };
    assert_eq!(loser.code(), "stale_write");
    // The same holds for tiers, per mode, and a tier edit does not clobber the settings.
    let tiers =
        send(&dev.client, Method::GET, "/api/developer/tiers?mode=test", &[("authorization", &auth)], None).await;
    let tag = tiers.headers.get("etag").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let body = json!({"tiers": [{"name": "free", "displayName": "Free", "limit": 7, "priceCents": 0}]}).to_string();
    let h = [("authorization", auth.as_str()), ("if-match", tag.as_str())];
    let first = send(&dev.client, Method::PUT, "/api/developer/tiers?mode=test", &h, Some(body.clone())).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let second = send(&dev.client, Method::PUT, "/api/developer/tiers?mode=test", &h, Some(body)).await;
    assert_eq!((second.status, second.code()), (StatusCode::PRECONDITION_FAILED, "stale_write"));
    let now = send(&dev.client, Method::GET, "/api/developer/settings", &[("authorization", &auth)], None).await;
    let winner = if a.status == StatusCode::OK { 100 } else { 200 };
    assert_eq!(now.body["rateLimitPerMinute"], winner);
}
