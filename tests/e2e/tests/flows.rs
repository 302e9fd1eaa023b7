//! The product's core, end to end: the workers in workerd, tokens from the simulator.

use dream_e2e::*;
use dream_sim::clerk::MintRequest;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn secret_key_tracks_to_the_limit_and_usage_agrees() {
    let dev = Developer::register("limit").await;
    dev.setup(Some(5), 100).await;
    for i in 1..=5u64 {
        let r = dev.track(&dev.sk_test, "alice").await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["usage"]["remaining"], 5 - i);
    }
    // Every answer carries a request id (read off the wire here, not through the client).
    let auth = format!("Bearer {}", dev.sk_test);
    let raw = send(&dev.client, Method::GET, "/api/usage?userId=alice", &[("authorization", &auth)], None).await;
    assert!(raw.headers.contains_key("x-request-id"));
    let sixth = dev.track(&dev.sk_test, "alice").await;
    assert_eq!((sixth.status, sixth.code()), (StatusCode::TOO_MANY_REQUESTS, "usage_limit_exceeded"));
    assert!(sixth.headers.contains_key("retry-after"));
    let usage = dev.usage(&dev.sk_test, "alice").await;
    assert_eq!(
        (usage.body["used"].as_u64(), usage.body["limit"].as_u64(), usage.body["remaining"].as_u64()),
        (Some(5), Some(5), Some(0))
    );
    let stats = dev.call(Method::GET, "/api/developer/stats?mode=test", None).await;
    assert_eq!(stats.body["totals"]["callsThisPeriod"], 5);
    // From the figures kept beside each user's row in SQLite (not from every user).
    assert_eq!(stats.body["totals"]["endUsers"], 1);
    assert_eq!(stats.body["topUsers"][0]["userId"], "alice");
    assert_eq!(stats.body["topUsers"][0]["used"], 5);
    assert_eq!(stats.body["days"].as_array().map(|d| d.len()), Some(30));
    let customers = dev.call(Method::GET, "/api/developer/customers?mode=test", None).await;
    assert_eq!(customers.body["customers"][0]["userId"], "alice");
}

#[tokio::test]
async fn browser_path_with_publishable_key_and_end_user_token() {
    let dev = Developer::register("browser").await;
    dev.setup(Some(5), 100).await;
    let jwt = format!("Bearer {}", end_user_token(&dev.client, "user_bob", &dev.platform_id).await);
    let h = [
        ("x-publishable-key", dev.pk_test.as_str()),
        ("authorization", jwt.as_str()),
        ("origin", "https://app.example"),
    ];
    for i in 1..=5 {
        // Keyed, as the SDK sends tracks, so a call the local proxy drops can be sent again.
        let key = format!("browser-{i}");
        let keyed = [h[0], h[1], h[2], ("idempotency-key", key.as_str())];
        let r = send_safe(&dev.client, Method::POST, "/api/data", &keyed, None).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["usage"]["used"], i);
        assert_eq!(r.headers["access-control-allow-origin"], "*");
    }
    let sixth_key = [h[0], h[1], h[2], ("idempotency-key", "browser-6")];
    let sixth = send_safe(&dev.client, Method::POST, "/api/data", &sixth_key, None).await;
    assert_eq!(sixth.code(), "usage_limit_exceeded");
    let usage = send(&dev.client, Method::GET, "/api/usage", &h, None).await;
    assert_eq!((usage.body["userId"].as_str(), usage.body["used"].as_u64()), (Some("user_bob"), Some(5)));
    let pre = send(
        &dev.client,
        Method::OPTIONS,
        "/api/data",
        &[("origin", "https://app.example"), ("access-control-request-method", "POST")],
        None,
    )
    .await;
    assert_eq!(pre.status, StatusCode::NO_CONTENT);
    for (m, path, body) in [
        (Method::GET, "/api/users", None),
        (Method::GET, "/api/users/user_bob", None),
        (Method::PUT, "/api/users/user_bob/plan", Some(json!({"plan": "pro"}).to_string())),
    ] {
        let r = send(&dev.client, m, path, &h, body).await;
        assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "secret_key_required"), "{path}");
    }
    let pk_as_bearer = format!("Bearer {}", dev.pk_test);
    let r = send(&dev.client, Method::GET, "/api/users", &[("authorization", &pk_as_bearer)], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn concurrent_tracks_are_exact() {
    let dev = Developer::register("burst").await;
    dev.setup(Some(150), 100_000).await;
    let keys: Vec<String> = (0..400).map(|i| format!("burst-{i}")).collect();
    let burst = futures::future::join_all(keys.iter().map(|k| dev.track_idempotent(&dev.sk_test, "hot", k))).await;
    let ok = burst.iter().filter(|r| r.status == StatusCode::OK).count();
    let refused = burst.iter().filter(|r| r.code() == "usage_limit_exceeded").count();
    assert_eq!((ok, refused), (150, 250), "statuses: {:?}", burst.iter().map(|r| r.status).collect::<Vec<_>>());
    assert_eq!(dev.usage(&dev.sk_test, "hot").await.body["used"], 150);

    let spread = Developer::register("spread").await;
    spread.setup(None, 100_000).await;
    let users: Vec<String> = (0..1000).map(|i| format!("user{}", i % 50)).collect();
    let keys: Vec<String> = (0..1000).map(|i| format!("spread-{i}")).collect();
    let all =
        futures::future::join_all(users.iter().zip(&keys).map(|(u, k)| spread.track_idempotent(&spread.sk_test, u, k)))
            .await;
    assert!(all.iter().all(|r| r.status == StatusCode::OK), "{:?}", all.iter().find(|r| r.status != StatusCode::OK));
    let list = reply_of(spread.api(&spread.sk_test).users(None, None, Some(200)).await);
    assert_eq!(list.body["total"], 50);
    let counts: Vec<u64> =
        list.body["customers"].as_array().into_iter().flatten().filter_map(|c| c["used"].as_u64()).collect();
    assert_eq!(counts.iter().sum::<u64>(), 1000);
    assert!(counts.iter().all(|&c| c == 20));
}

#[tokio::test]
async fn idempotency_key_counts_once() {
    let dev = Developer::register("idem").await;
    dev.setup(Some(10), 100).await;
    let auth = format!("Bearer {}", dev.sk_test);
    let h = [("authorization", auth.as_str()), ("idempotency-key", "evt-42")];
    let body = json!({"userId": "carol"}).to_string();
    let mut bodies = Vec::new();
    for _ in 0..3 {
        let r = send_safe(&dev.client, Method::POST, "/api/usage/track", &h, Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        bodies.push(r.body);
    }
    assert!(bodies.iter().all(|b| *b == bodies[0]));
    assert_eq!(dev.usage(&dev.sk_test, "carol").await.body["used"], 1);
}

#[tokio::test]
async fn revoked_key_fails_and_rotation_keeps_the_old_key_for_its_grace() {
    let dev = Developer::register("keys").await;
    dev.setup(None, 100).await;
    let keys = dev.call(Method::GET, "/api/developer/keys?mode=test", None).await;
    let sk_id =
        keys.body["keys"].as_array().into_iter().flatten().find(|k| k["kind"] == "secret").map(|k| k["id"].clone());
    let sk_id = sk_id.and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    // Rotation with 60 s grace: both keys work.
    let rot =
        dev.call(Method::POST, &format!("/api/developer/keys/{sk_id}/rotate"), Some(json!({"graceSeconds": 60}))).await;
    let new_sk = rot.body["created"]["value"].as_str().unwrap_or_default().to_owned();
    remember_secret(&new_sk);
    assert_eq!(dev.track(&dev.sk_test, "u").await.status, StatusCode::OK);
    assert_eq!(dev.track(&new_sk, "u").await.status, StatusCode::OK);
    // A short grace: the old key stops when it is over.
    let new_id = rot.body["created"]["key"]["id"].as_str().unwrap_or_default().to_owned();
    let rot2 =
        dev.call(Method::POST, &format!("/api/developer/keys/{new_id}/rotate"), Some(json!({"graceSeconds": 3}))).await;
    let newest = rot2.body["created"]["value"].as_str().unwrap_or_default().to_owned();
    remember_secret(&newest);
    assert_eq!(dev.track(&new_sk, "u").await.status, StatusCode::OK);
    // Over when the grace is over, or once an isolate that read the key before the rotation
    // reads it again (within the key-record cache's bound), whichever is later.
    wait_for_key_records().await;
    let expired = dev.track(&new_sk, "u").await;
    assert_eq!((expired.status, expired.code()), (StatusCode::UNAUTHORIZED, "api_key_expired"));
    // Revocation: refused once an isolate that knew the key has read its record again.
    let newest_id = rot2.body["created"]["key"]["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(dev.track(&newest, "u").await.status, StatusCode::OK);
    let rev = dev.call(Method::POST, &format!("/api/developer/keys/{newest_id}/revoke"), None).await;
    assert_eq!(rev.body["status"], "revoked");
    wait_for_key_records().await;
    let after = dev.track(&newest, "u").await;
    assert_eq!((after.status, after.code()), (StatusCode::UNAUTHORIZED, "api_key_revoked"));
}

#[tokio::test]
async fn platforms_and_modes_are_isolated() {
    let a = Developer::register("iso_a").await;
    let b = Developer::register("iso_b").await;
    a.setup(Some(7), 100).await;
    b.setup(Some(3), 100).await;
    for _ in 0..2 {
        a.track(&a.sk_test, "same-user").await;
    }
    assert_eq!(b.usage(&b.sk_test, "same-user").await.body["used"], 0);
    assert_eq!(a.usage(&a.sk_live, "same-user").await.body["used"], 0);
    let b_api = b.api(&b.sk_test);
    // B's read made the name one of B's end users (seen from the first call), with B's count.
    let users = reply_of(b_api.users(None, None, None).await);
    assert_eq!(users.body["customers"][0]["used"], 0);
    let tiers = reply_of(b_api.tiers().await);
    assert_eq!(tiers.body["tiers"][0]["limit"], 3);
    // B's secret key cannot move A's users: it only ever addresses B's platform.
    let plan = reply_of(b_api.set_plan("same-user", "pro").await);
    assert_eq!(plan.status, StatusCode::OK);
    assert_eq!(a.usage(&a.sk_test, "same-user").await.body["plan"], "free");
    // B cannot revoke A's keys.
    let a_keys = a.call(Method::GET, "/api/developer/keys", None).await;
    let a_id = a_keys.body["keys"][0]["id"].as_str().unwrap_or_default().to_owned();
    let steal = b.call(Method::POST, &format!("/api/developer/keys/{a_id}/revoke"), None).await;
    assert_eq!(steal.status, StatusCode::NOT_FOUND);
    // Live mode has its own tiers and counters.
    let live_tiers = reply_of(a.api(&a.sk_live).tiers().await);
    assert_eq!(
        (live_tiers.body["mode"].as_str(), live_tiers.body["tiers"][0]["limit"].as_u64()),
        (Some("live"), Some(100))
    );
}

#[tokio::test]
async fn bad_tokens_get_401_error_objects() {
    use base64::Engine;
    let a = Developer::register("jwt_a").await;
    let b = Developer::register("jwt_b").await;
    let c = &a.client;
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let md = Some(json!({ "platformId": a.platform_id }));
    // Every minted token is otherwise valid for platform A: end user u1, allowed origin.
    let user_token = |m: MintRequest| {
        let req = MintRequest {
            sub: "u1".into(),
            public_metadata: md.clone(),
            azp: m.azp.clone().or(Some("https://app.a.example".into())),
            ..m
        };
        async move { mint(&dream_e2e::client(), "endusers", &req).await }
    };
    let good = end_user_token(c, "u1", &a.platform_id).await;
    let bad_sig = dream_sim::clerk::tamper_signature(&good);
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let issuer = format!("{}/clerk/endusers", sim_url());
    let claims =
        json!({"sub": "u1", "iss": issuer, "exp": now + 600, "public_metadata": {"platformId": a.platform_id}});
    let alg_none = format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&claims));
    let pem =
        c.get(format!("{}/clerk/endusers/public-key.pem", sim_url())).send().await.unwrap_or_else(|e| panic!("{e}"));
    let pem = pem.text().await.unwrap_or_default();
    let kid = jsonwebtoken::decode_header(&good).ok().and_then(|h| h.kid);
    let hs = jsonwebtoken::Header { kid, ..jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256) };
    let hs256 =
        jsonwebtoken::encode(&hs, &claims, &jsonwebtoken::EncodingKey::from_secret(pem.as_bytes())).unwrap_or_default();
    let settings = json!({"rateLimitPerMinute": 100, "allowedOrigins": ["https://app.a.example"], "endUserAuth": {"kind": "shared"}});
    assert_eq!(a.call(Method::PUT, "/api/developer/settings", Some(settings.clone())).await.status, StatusCode::OK);
    // B serves the same app origin: only the token's platform binding tells them apart.
    assert_eq!(b.call(Method::PUT, "/api/developer/settings", Some(settings)).await.status, StatusCode::OK);
    let ok_azp = user_token(MintRequest::default()).await;
    let (pa, pb) = (a.pk_test.clone(), b.pk_test.clone());
    let cases = [
        (bad_sig, pa.clone(), "token_signature_invalid"),
        (user_token(MintRequest { exp: Some(now - 120), ..Default::default() }).await, pa.clone(), "token_expired"),
        (
            user_token(MintRequest { nbf: Some(now + 600), ..Default::default() }).await,
            pa.clone(),
            "token_not_yet_valid",
        ),
        (
            user_token(MintRequest { iss: Some("https://clerk.evil.example".into()), ..Default::default() }).await,
            pa.clone(),
            "token_issuer_invalid",
        ),
        (
            user_token(MintRequest { azp: Some("https://evil.example".into()), ..Default::default() }).await,
            pa.clone(),
            "token_authorized_party_invalid",
        ),
        (alg_none, pa.clone(), "token_algorithm_not_allowed"),
        (hs256, pa, "token_algorithm_not_allowed"),
        (ok_azp.clone(), pb, "token_platform_mismatch"),
    ];
    for (token, pk, code) in cases {
        let auth = format!("Bearer {token}");
        let r = send(c, Method::POST, "/api/data", &[("x-publishable-key", &pk), ("authorization", &auth)], None).await;
        assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, code), "{:?}", r.body);
        assert!(r.body["error"]["message"].is_string());
    }
    // The good token still works: the refusals above were about the tokens.
    let auth = format!("Bearer {ok_azp}");
    let r =
        send(c, Method::POST, "/api/data", &[("x-publishable-key", &a.pk_test), ("authorization", &auth)], None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let usage = a.usage(&a.sk_test, "u1").await;
    assert_eq!(usage.body["used"], 1);
}

#[tokio::test]
async fn bad_input_gets_4xx_error_objects_never_5xx() {
    let dev = Developer::register("input").await;
    dev.setup(None, 100).await;
    let auth = format!("Bearer {}", dev.sk_test);
    let h = [("authorization", auth.as_str())];
    let huge = format!("{{\"userId\": \"{}\"}}", "x".repeat(200_000));
    let cases: Vec<(Method, &str, Option<String>)> = vec![
        (Method::POST, "/api/data", Some("{not json".into())),
        (Method::POST, "/api/data", Some("{\"userId\": 12}".into())),
        (Method::POST, "/api/data", Some("{\"userId\": \"a\", \"amount\": -4}".into())),
        (Method::POST, "/api/data", Some("[]".into())),
        (Method::POST, "/api/data", Some(huge)),
        (Method::GET, "/api/nope", None),
        (Method::DELETE, "/api/usage", None),
        (Method::PATCH, "/api/data", None),
        (Method::GET, "/api/users?limit=abc", None),
        (Method::PUT, "/api/developer/tiers?mode=test", Some("{\"tiers\": 5}".into())),
    ];
    for (m, path, body) in cases {
        let r = send(&dev.client, m.clone(), path, &h, body).await;
        assert!(r.status.is_client_error(), "{m} {path} gave {}", r.status);
        assert!(r.body["error"]["code"].is_string() && r.body["error"]["type"].is_string(), "{m} {path}: {:?}", r.body);
    }
    let dev_bad = dev
        .call(
            Method::PUT,
            "/api/developer/tiers?mode=test",
            Some(json!({"tiers": [{"name": "pro", "displayName": "P", "limit": -1, "priceCents": 0}]})),
        )
        .await;
    assert_eq!(dev_bad.status, StatusCode::BAD_REQUEST);
    let users = send(&dev.client, Method::GET, "/api/users", &h, None).await;
    assert_eq!(users.body["total"], 0, "bad input changed state");
}

/// Posts `body` to `path` on the stack in 16 KiB chunks with no Content-Length (as a client
/// streaming its body does) and returns the raw answer.
async fn post_chunked(sk: &str, path: &str, body: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let url = api_url();
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap_or_else(|e| panic!("{host}: {e}"));
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {sk}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    let mut out = head.into_bytes();
    for chunk in body.chunks(16 * 1024) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    stream.write_all(&out).await.unwrap_or_else(|e| panic!("write: {e}"));
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap_or_else(|e| panic!("read: {e}"));
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn bodies_without_a_length_are_read_whole_and_bounded() {
    // A declared length within the limit is read in one piece; these take the other path.
    let dev = Developer::register("chunked").await;
    dev.setup(None, 100).await;
    let small = post_chunked(&dev.sk_test, "/api/data", br#"{"userId": "c1", "amount": 3}"#).await;
    assert!(small.starts_with("HTTP/1.1 200"), "{small}");
    let huge = format!("{{\"userId\": \"{}\"}}", "x".repeat(200_000));
    let refused = post_chunked(&dev.sk_test, "/api/data", huge.as_bytes()).await;
    assert!(refused.starts_with("HTTP/1.1 413") && refused.contains("body_too_large"), "{refused}");
    let usage = dev.usage(&dev.sk_test, "c1").await;
    assert_eq!(usage.body["used"], 3, "{:?}", usage.body);
}
