//! api-multi routes, natively, against in-memory ports (the platform is set up through
//! front-auth-api's routes, as a developer would).

use dream_core::lease::{LEASE_FLOOR, LEASE_TTL_MS, MAX_LEASE, REFUSAL_MEMORY_MS};
use dream_services::jwks::JWKS_FAILURE_TTL_MS;
use dream_services::state::{KEY_RECORD_TTL_MS, PLATFORM_CONFIG_TTL_MS};
use dream_services::{AppState, Caches};
use dream_sim::clerk::MintRequest;
use dream_sim::testkit::{
    end_user_clerk, own_clerk, send, send_bearer, Reply, World, END_USER_ORIGIN, OWN_ISSUER, T0_MS,
};
use http::{Method, StatusCode};
use serde_json::{json, Value};

struct Platform {
    id: String,
    sk_test: String,
    pk_test: String,
    sk_live: String,
    dev_token: String,
}

async fn dev_call(w: &World, token: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
    send_bearer(&front_auth_api::router(w.state.clone()), token, method, path, body).await
}

async fn platform(w: &World, dev: &str, free_limit: Option<i64>, rate: u32) -> Platform {
    let dev_token = w.developer_token(dev);
    let reg = dev_call(w, &dev_token, Method::POST, "/api/developer/register", None).await;
    let tiers = json!({"tiers": [
        {"name": "free", "displayName": "Free", "limit": free_limit, "priceCents": 0},
        {"name": "pro", "displayName": "Pro", "limit": 1000, "priceCents": 1900}
    ]});
    let put = dev_call(w, &dev_token, Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let settings =
        json!({"rateLimitPerMinute": rate, "allowedOrigins": [END_USER_ORIGIN], "endUserAuth": {"kind": "shared"}});
    let s = dev_call(w, &dev_token, Method::PUT, "/api/developer/settings", Some(settings)).await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    let key = |mode: &str, kind: &str| reg.body[mode][kind].as_str().unwrap().to_owned();
    Platform {
        id: reg.body["platformId"].as_str().unwrap().to_owned(),
        sk_test: key("test", "secretKey"),
        pk_test: key("test", "publishableKey"),
        sk_live: key("live", "secretKey"),
        dev_token,
    }
}

async fn call(w: &World, method: Method, path: &str, headers: &[(&str, &str)], body: Option<Value>) -> Reply {
    call_in(&w.state, method, path, headers, body).await
}

/// A call served by the isolate whose state (caches, leases) is `state`.
async fn call_in(state: &AppState, method: Method, path: &str, headers: &[(&str, &str)], body: Option<Value>) -> Reply {
    send(&api_multi::router(state.clone()), method, path, headers, body.map(|b| b.to_string())).await
}

/// Another isolate of the same deployment: the same storage, its own caches and leases.
fn other_isolate(w: &World) -> AppState {
    AppState { caches: Caches::default(), ..w.state.clone() }
}

async fn track_in(state: &AppState, sk: &str, user: &str) -> Reply {
    let auth = format!("Bearer {sk}");
    call_in(state, Method::POST, "/api/data", &[("authorization", &auth)], Some(json!({ "userId": user }))).await
}

async fn used_in(state: &AppState, sk: &str, user: &str) -> u64 {
    let auth = format!("Bearer {sk}");
    let r = call_in(state, Method::GET, &format!("/api/usage?userId={user}"), &[("authorization", &auth)], None).await;
    r.body["used"].as_u64().unwrap_or_else(|| panic!("no count: {}", r.body))
}

async fn browser_track(w: &World, pk: &str, token: &str) -> Reply {
    let auth = format!("Bearer {token}");
    call(w, Method::POST, "/api/data", &[("x-publishable-key", pk), ("authorization", &auth)], None).await
}

async fn track(w: &World, sk: &str, user: &str) -> Reply {
    let auth = format!("Bearer {sk}");
    call(w, Method::POST, "/api/data", &[("authorization", &auth)], Some(json!({ "userId": user }))).await
}

#[tokio::test]
async fn tracks_to_the_limit_then_refuses_without_counting() {
    let w = World::new();
    let p = platform(&w, "dev1", Some(5), 100).await;
    for i in 1..=5u64 {
        let r = track(&w, &p.sk_test, "alice").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["usage"]["remaining"], 5 - i);
        assert!(r.headers.contains_key("x-request-id"));
    }
    let refused = track(&w, &p.sk_test, "alice").await;
    assert_eq!((refused.status, refused.code()), (StatusCode::TOO_MANY_REQUESTS, "usage_limit_exceeded"));
    let retry: u64 = refused.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 31 * 86_400);
    let auth = format!("Bearer {}", p.sk_test);
    let usage = call(&w, Method::GET, "/api/usage?userId=alice", &[("authorization", &auth)], None).await;
    assert_eq!(usage.body["used"], 5);
    assert_eq!(usage.body["limit"], 5);
    assert_eq!(usage.body["plan"], "free");
    let check =
        call(&w, Method::POST, "/api/usage/check", &[("authorization", &auth)], Some(json!({"userId": "alice"}))).await;
    assert_eq!(check.body["allowed"], false);
    // Support moves alice to pro: the limit lifts at once.
    let plan =
        call(&w, Method::PUT, "/api/users/alice/plan", &[("authorization", &auth)], Some(json!({"plan": "pro"}))).await;
    assert_eq!(plan.body["limit"], 1000, "{}", plan.body);
    assert_eq!(track(&w, &p.sk_test, "alice").await.status, StatusCode::OK);
    let unknown =
        call(&w, Method::PUT, "/api/users/alice/plan", &[("authorization", &auth)], Some(json!({"plan": "gold"})))
            .await;
    assert_eq!(unknown.code(), "unknown_tier");
}

#[tokio::test]
async fn browser_path_uses_the_token_subject_and_cannot_reach_secret_routes() {
    let w = World::new();
    let p = platform(&w, "dev2", Some(3), 100).await;
    let jwt = w.end_user_token("user_bob", &p.id);
    let auth = format!("Bearer {jwt}");
    let h = [("x-publishable-key", p.pk_test.as_str()), ("authorization", auth.as_str())];
    for i in 1..=3 {
        let r = call(&w, Method::POST, "/api/data", &h, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["usage"]["userId"], "user_bob");
        assert_eq!(r.body["usage"]["used"], i);
    }
    assert_eq!(call(&w, Method::POST, "/api/data", &h, None).await.code(), "usage_limit_exceeded");
    assert_eq!(call(&w, Method::GET, "/api/usage", &h, None).await.body["used"], 3);
    assert_eq!(call(&w, Method::GET, "/api/tiers", &h, None).await.body["tiers"][1]["name"], "pro");
    // Another user's counter is out of reach from the browser.
    let other = call(&w, Method::POST, "/api/data", &h, Some(json!({"userId": "user_eve"}))).await;
    assert_eq!((other.status, other.code()), (StatusCode::FORBIDDEN, "user_mismatch"));
    for (m, path, body) in [
        (Method::GET, "/api/users", None),
        (Method::GET, "/api/users/user_bob", None),
        (Method::PUT, "/api/users/user_bob/plan", Some(json!({"plan": "pro"}))),
    ] {
        let r = call(&w, m, path, &h, body).await;
        assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "secret_key_required"), "{path}");
    }
    // A publishable key is no secret key.
    let pk_auth = format!("Bearer {}", p.pk_test);
    let r = call(&w, Method::GET, "/api/users", &[("authorization", &pk_auth)], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn concurrent_tracks_never_overshoot_and_never_lose_counts() {
    let w = World::new();
    let p = platform(&w, "dev3", Some(150), 1_000_000).await;
    let results = futures::future::join_all((0..400).map(|_| track(&w, &p.sk_test, "hot"))).await;
    let ok = results.iter().filter(|r| r.status == StatusCode::OK).count();
    let refused = results.iter().filter(|r| r.code() == "usage_limit_exceeded").count();
    assert_eq!((ok, refused), (150, 250));
    let unl = platform(&w, "dev4", None, 1_000_000).await;
    let names: Vec<String> = (0..1000).map(|i| format!("u{}", i % 50)).collect();
    let all = futures::future::join_all(names.iter().map(|u| track(&w, &unl.sk_test, u))).await;
    assert!(all.iter().all(|r| r.status == StatusCode::OK));
    let auth = format!("Bearer {}", unl.sk_test);
    let users = call(&w, Method::GET, "/api/users?limit=200", &[("authorization", &auth)], None).await;
    assert_eq!(users.body["total"], 50);
    let sum: u64 = users.body["customers"].as_array().unwrap().iter().map(|c| c["used"].as_u64().unwrap()).sum();
    assert_eq!(sum, 1000);
}

#[tokio::test]
async fn a_hot_user_is_counted_on_leases_in_few_round_trips_and_reads_stay_exact() {
    let w = World::new();
    let p = platform(&w, "lease1", None, 1_000_000).await;
    let (a, b) = (w.state.clone(), other_isolate(&w));
    let before = w.objects.calls();
    for i in 0..300 {
        let r = track_in(&a, &p.sk_test, "hot").await;
        assert_eq!(r.status, StatusCode::OK, "call {i}: {}", r.body);
        // Answers show the count without the units this isolate holds unused.
        assert_eq!(r.body["usage"]["used"], i + 1);
    }
    let trips = w.objects.calls() - before;
    assert!(trips < 30, "300 tracks of a hot user took {trips} object calls");
    // Another isolate sees the count ahead by at most the lease still held…
    let seen = used_in(&b, &p.sk_test, "hot").await;
    assert!((300..=300 + MAX_LEASE).contains(&seen), "{seen}");
    // …the holder hands its leases back before it reads, so its read is exact, and so is
    // everyone's after that.
    assert_eq!(used_in(&a, &p.sk_test, "hot").await, 300);
    assert_eq!(used_in(&b, &p.sk_test, "hot").await, 300);
    // An expired lease is not served from; it is handed back with the next track.
    for _ in 0..50 {
        track_in(&a, &p.sk_test, "hot").await;
    }
    w.clock.advance(LEASE_TTL_MS);
    assert_eq!(track_in(&a, &p.sk_test, "hot").await.status, StatusCode::OK);
    assert_eq!(used_in(&b, &p.sk_test, "hot").await, 351);
}

#[tokio::test]
async fn an_isolate_dying_with_a_lease_neither_loses_a_count_nor_lets_the_limit_pass() {
    let w = World::new();
    let limit = 3 * LEASE_FLOOR;
    let p = platform(&w, "lease2", Some(limit as i64), 1_000_000).await;
    let mut acked = 0u64;
    // Isolate A takes leases, then dies with them (its book is simply dropped).
    let a = other_isolate(&w);
    for _ in 0..500 {
        if track_in(&a, &p.sk_test, "job").await.status == StatusCode::OK {
            acked += 1;
        }
    }
    drop(a);
    // Isolate B tracks until refused: the dead isolate's unused units stay counted.
    let b = other_isolate(&w);
    let mut refused = false;
    for _ in 0..limit {
        match track_in(&b, &p.sk_test, "job").await.status {
            StatusCode::OK => acked += 1,
            _ => {
                refused = true;
                break;
            }
        }
    }
    assert!(refused, "the limit was never reached");
    assert!(acked <= limit, "{acked} calls acknowledged over a limit of {limit}");
    let stored = used_in(&b, &p.sk_test, "job").await;
    assert!(stored >= acked && stored <= limit, "stored {stored}, acknowledged {acked}");
    // Near the limit every call was counted in the shard: no lease was outstanding there.
    assert!(limit - acked <= MAX_LEASE, "more than one lease's worth lost: {acked}");
}

#[tokio::test]
async fn a_refusal_is_repeated_for_a_second_without_a_round_trip_and_forgotten_on_a_plan_change() {
    let w = World::new();
    let p = platform(&w, "refuse", Some(1), 1_000_000).await;
    assert_eq!(track(&w, &p.sk_test, "eve").await.status, StatusCode::OK);
    assert_eq!(track(&w, &p.sk_test, "eve").await.code(), "usage_limit_exceeded");
    let before = w.objects.calls();
    for _ in 0..20 {
        let r = track(&w, &p.sk_test, "eve").await;
        assert_eq!((r.status, r.code()), (StatusCode::TOO_MANY_REQUESTS, "usage_limit_exceeded"));
        assert!(r.headers.contains_key("retry-after"));
    }
    assert_eq!(w.objects.calls(), before, "a remembered refusal still asked the shard");
    // After the memory's bound the shard is asked again.
    w.clock.advance(REFUSAL_MEMORY_MS);
    assert_eq!(track(&w, &p.sk_test, "eve").await.code(), "usage_limit_exceeded");
    assert!(w.objects.calls() > before);
    // A plan change through this isolate is seen at once.
    let auth = format!("Bearer {}", p.sk_test);
    let plan =
        call(&w, Method::PUT, "/api/users/eve/plan", &[("authorization", &auth)], Some(json!({"plan": "pro"}))).await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.body);
    assert_eq!(track(&w, &p.sk_test, "eve").await.status, StatusCode::OK);
}

#[tokio::test]
async fn customers_page_by_id_across_shards_with_a_cursor_and_a_search() {
    let w = World::new();
    let p = platform(&w, "pager", None, 1_000_000).await;
    let names: Vec<String> = (0..120).map(|i| format!("user{i:03}")).collect();
    for n in &names {
        assert_eq!(track(&w, &p.sk_test, n).await.status, StatusCode::OK);
    }
    let auth = format!("Bearer {}", p.sk_test);
    let page = |query: String| {
        let auth = auth.clone();
        let w = &w;
        async move { call(w, Method::GET, &format!("/api/users?{query}"), &[("authorization", &auth)], None).await }
    };
    let (mut seen, mut cursor, mut pages) = (Vec::new(), None::<String>, 0);
    loop {
        let q = match &cursor {
            Some(c) => format!("limit=50&cursor={c}"),
            None => "limit=50".into(),
        };
        let r = page(q).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["total"], 120);
        let ids: Vec<String> =
            r.body["customers"].as_array().unwrap().iter().map(|c| c["userId"].as_str().unwrap().to_owned()).collect();
        assert!(ids.len() <= 50);
        seen.extend(ids);
        pages += 1;
        match r.body["nextCursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!((pages, seen), (3, names), "every user once, in id order");
    // A search filters inside the shards, and counts what matches.
    let r = page("search=user11&limit=5".into()).await;
    assert_eq!(r.body["total"], 10);
    assert_eq!(r.body["customers"].as_array().map(Vec::len), Some(5));
    assert_eq!(r.body["nextCursor"], "user114");
    let r = page("search=user11&limit=5&cursor=user114".into()).await;
    assert_eq!(r.body["customers"][0]["userId"], "user115");
    assert!(r.body["nextCursor"].is_null());
    let r = page("limit=0".into()).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "invalid_limit"));
}

#[tokio::test]
async fn idempotency_key_counts_once_with_the_same_response() {
    let w = World::new();
    let p = platform(&w, "dev5", Some(10), 100).await;
    let auth = format!("Bearer {}", p.sk_test);
    let h = [("authorization", auth.as_str()), ("idempotency-key", "order-1")];
    let body = json!({"userId": "carol", "amount": 2});
    let first = call(&w, Method::POST, "/api/usage/track", &h, Some(body.clone())).await;
    for _ in 0..2 {
        let again = call(&w, Method::POST, "/api/usage/track", &h, Some(body.clone())).await;
        assert_eq!(again.body, first.body);
        assert_eq!(again.headers["idempotent-replayed"], "true");
    }
    assert_eq!(first.body["usage"]["used"], 2);
    // The same key with another amount is refused, not replayed with the new amount.
    let other = call(&w, Method::POST, "/api/usage/track", &h, Some(json!({"userId": "carol", "amount": 7}))).await;
    assert_eq!((other.status, other.code()), (StatusCode::CONFLICT, "idempotency_key_reused"));
    let usage = call(&w, Method::GET, "/api/usage?userId=carol", &[("authorization", &auth)], None).await;
    assert_eq!(usage.body["used"], 2);
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let w = World::new();
    let p = platform(&w, "dev6", None, 3).await;
    for _ in 0..3 {
        assert_eq!(track(&w, &p.sk_test, "dan").await.status, StatusCode::OK);
    }
    let r = track(&w, &p.sk_test, "dan").await;
    assert_eq!((r.status, r.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    assert!(r.headers.contains_key("retry-after"));
    // Other end users have their own budget.
    assert_eq!(track(&w, &p.sk_test, "erin").await.status, StatusCode::OK);
    w.clock.advance(121_000);
    assert_eq!(track(&w, &p.sk_test, "dan").await.status, StatusCode::OK);
}

#[tokio::test]
async fn revoked_and_rotated_keys() {
    let w = World::new();
    let p = platform(&w, "dev7", None, 100).await;
    let keys = dev_call(&w, &p.dev_token, Method::GET, "/api/developer/keys?mode=test", None).await;
    let sk_id = keys.body["keys"].as_array().unwrap().iter().find(|k| k["kind"] == "secret").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rot = dev_call(
        &w,
        &p.dev_token,
        Method::POST,
        &format!("/api/developer/keys/{sk_id}/rotate"),
        Some(json!({"graceSeconds": 60})),
    )
    .await;
    let new_sk = rot.body["created"]["value"].as_str().unwrap().to_owned();
    assert_eq!(track(&w, &p.sk_test, "f").await.status, StatusCode::OK);
    assert_eq!(track(&w, &new_sk, "f").await.status, StatusCode::OK);
    w.clock.advance(61_000);
    let old = track(&w, &p.sk_test, "f").await;
    assert_eq!((old.status, old.code()), (StatusCode::UNAUTHORIZED, "api_key_expired"));
    assert_eq!(track(&w, &new_sk, "f").await.status, StatusCode::OK);
    let new_id = rot.body["created"]["key"]["id"].as_str().unwrap();
    dev_call(&w, &p.dev_token, Method::POST, &format!("/api/developer/keys/{new_id}/revoke"), None).await;
    // Revocation reaches an isolate that knew the key within the key-record cache's bound.
    w.clock.advance(KEY_RECORD_TTL_MS);
    let revoked = track(&w, &new_sk, "f").await;
    assert_eq!((revoked.status, revoked.code()), (StatusCode::UNAUTHORIZED, "api_key_revoked"));
}

#[tokio::test]
async fn a_known_key_costs_no_kv_read_and_its_revocation_applies_within_the_cache_bound() {
    let w = World::new();
    let p = platform(&w, "dev_key_cache", None, 100).await;
    assert_eq!(track(&w, &p.sk_test, "u").await.status, StatusCode::OK);
    let before = w.kv.reads();
    for _ in 0..3 {
        assert_eq!(track(&w, &p.sk_test, "u").await.status, StatusCode::OK);
    }
    assert_eq!(w.kv.reads() - before, 0, "the hot path read KV for a key it already knew");
    let keys = dev_call(&w, &p.dev_token, Method::GET, "/api/developer/keys?mode=test", None).await;
    let id =
        keys.body["keys"].as_array().and_then(|ks| ks.iter().find(|k| k["kind"] == "secret")).map(|k| k["id"].clone());
    let id = id.and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let r = dev_call(&w, &p.dev_token, Method::POST, &format!("/api/developer/keys/{id}/revoke"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Within the bound this isolate may still take the key; from the bound on, never.
    w.clock.advance(KEY_RECORD_TTL_MS);
    let refused = track(&w, &p.sk_test, "u").await;
    assert_eq!((refused.status, refused.code()), (StatusCode::UNAUTHORIZED, "api_key_revoked"));
}

#[tokio::test]
async fn platforms_and_modes_are_isolated() {
    let w = World::new();
    let a = platform(&w, "dev_a", None, 100).await;
    let b = platform(&w, "dev_b", None, 100).await;
    track(&w, &a.sk_test, "shared-name").await;
    track(&w, &a.sk_test, "shared-name").await;
    let b_auth = format!("Bearer {}", b.sk_test);
    let seen_by_b = call(&w, Method::GET, "/api/usage?userId=shared-name", &[("authorization", &b_auth)], None).await;
    assert_eq!(seen_by_b.body["used"], 0);
    // B's read made the name one of B's end users (seen from the first call), with B's count.
    let b_users = call(&w, Method::GET, "/api/users", &[("authorization", &b_auth)], None).await;
    assert_eq!(b_users.body["customers"][0]["used"], 0);
    // B's tiers are B's, and live data is separate from test data.
    let b_tiers = call(&w, Method::GET, "/api/tiers", &[("authorization", &b_auth)], None).await;
    assert_eq!(b_tiers.body["mode"], "test");
    let live_auth = format!("Bearer {}", a.sk_live);
    let live = call(&w, Method::GET, "/api/usage?userId=shared-name", &[("authorization", &live_auth)], None).await;
    assert_eq!(live.body["used"], 0);
    let live_tiers = call(&w, Method::GET, "/api/tiers", &[("authorization", &live_auth)], None).await;
    assert_eq!(live_tiers.body["mode"], "live");
    assert_eq!(live_tiers.body["tiers"][0]["limit"], 100);
    // A's end-user token does not work with B's publishable key.
    let jwt = format!("Bearer {}", w.end_user_token("u1", &a.id));
    let r =
        call(&w, Method::POST, "/api/data", &[("x-publishable-key", &b.pk_test), ("authorization", &jwt)], None).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "token_platform_mismatch"));
}

#[tokio::test]
async fn bad_tokens_are_refused_with_error_objects() {
    use base64::Engine;
    let w = World::new();
    let p = platform(&w, "dev8", None, 100).await;
    let now = w.now_secs();
    let md = Some(json!({ "platformId": p.id }));
    let good = w.end_user_token("u", &p.id);
    let bad_sig = dream_sim::clerk::tamper_signature(&good);
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let claims =
        json!({"sub": "u", "iss": end_user_clerk().issuer, "exp": now + 600, "public_metadata": {"platformId": p.id}});
    let alg_none = format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&claims));
    let hs256 = jsonwebtoken::encode(
        &jsonwebtoken::Header {
            kid: Some(end_user_clerk().kid().into()),
            ..jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256)
        },
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(end_user_clerk().public_pem().as_bytes()),
    )
    .unwrap();
    let mint =
        |m: MintRequest| w.mint(end_user_clerk(), MintRequest { sub: "u".into(), public_metadata: md.clone(), ..m });
    let cases = [
        (bad_sig, "token_signature_invalid"),
        (mint(MintRequest { exp: Some(now - 60), ..Default::default() }), "token_expired"),
        (mint(MintRequest { nbf: Some(now + 600), ..Default::default() }), "token_not_yet_valid"),
        (
            mint(MintRequest { iss: Some("https://clerk.evil.test".into()), ..Default::default() }),
            "token_issuer_invalid",
        ),
        (alg_none, "token_algorithm_not_allowed"),
        (hs256, "token_algorithm_not_allowed"),
        (
            w.mint(own_clerk(), MintRequest { sub: "u".into(), public_metadata: md.clone(), ..Default::default() }),
            "token_key_unknown",
        ),
    ];
    for (token, code) in cases {
        let auth = format!("Bearer {token}");
        let r =
            call(&w, Method::POST, "/api/data", &[("x-publishable-key", &p.pk_test), ("authorization", &auth)], None)
                .await;
        assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, code), "{}", r.body);
    }
    // Wrong authorized party once the platform names its origins.
    let settings = json!({"rateLimitPerMinute": 100, "allowedOrigins": ["https://app.ok.test"], "endUserAuth": {"kind": "shared"}});
    dev_call(&w, &p.dev_token, Method::PUT, "/api/developer/settings", Some(settings)).await;
    w.clock.advance(PLATFORM_CONFIG_TTL_MS);
    let auth = format!("Bearer {}", w.end_user_token("u", &p.id));
    let r =
        call(&w, Method::POST, "/api/data", &[("x-publishable-key", &p.pk_test), ("authorization", &auth)], None).await;
    assert_eq!(r.code(), "token_authorized_party_invalid");
    let u = call(&w, Method::GET, "/api/users", &[("authorization", &format!("Bearer {}", p.sk_test))], None).await;
    assert_eq!(u.body["total"], 0, "a refused token counted usage");
}

#[tokio::test]
async fn browser_tokens_need_the_platforms_allowed_origins() {
    let w = World::new();
    let p = platform(&w, "dev_origins", Some(10), 100).await;
    let none = json!({"rateLimitPerMinute": 100, "allowedOrigins": [], "endUserAuth": {"kind": "shared"}});
    let s = dev_call(&w, &p.dev_token, Method::PUT, "/api/developer/settings", Some(none)).await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    w.clock.advance(PLATFORM_CONFIG_TTL_MS);
    let auth = format!("Bearer {}", w.end_user_token("u", &p.id));
    let r =
        call(&w, Method::POST, "/api/data", &[("x-publishable-key", &p.pk_test), ("authorization", &auth)], None).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "allowed_origins_required"), "{}", r.body);
    let u = call(&w, Method::GET, "/api/users", &[("authorization", &format!("Bearer {}", p.sk_test))], None).await;
    assert_eq!(u.body["total"], 0, "a refused token counted usage");
}

#[tokio::test]
async fn stripe_calling_routes_have_a_tight_limit_per_end_user() {
    let w = World::new();
    let p = platform(&w, "dev_portal", None, 1000).await;
    let auth = format!("Bearer {}", p.sk_test);
    let h = [("authorization", auth.as_str())];
    let body = |user: &str| Some(json!({"userId": user, "returnUrl": format!("{END_USER_ORIGIN}/account")}));
    for _ in 0..dream_core::rate_limit::STRIPE_PER_MINUTE {
        let r = call(&w, Method::POST, "/api/customer-portal", &h, body("eve")).await;
        assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    }
    let r = call(&w, Method::POST, "/api/customer-portal", &h, body("eve")).await;
    assert_eq!((r.status, r.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"), "{}", r.body);
    assert!(r.headers.contains_key("retry-after"));
    // Another end user is not affected, and the window passes.
    let other = call(&w, Method::POST, "/api/customer-portal", &h, body("frank")).await;
    assert_ne!(other.status, StatusCode::TOO_MANY_REQUESTS);
    w.clock.advance(120_000);
    let later = call(&w, Method::POST, "/api/customer-portal", &h, body("eve")).await;
    assert_ne!(later.status, StatusCode::TOO_MANY_REQUESTS);
}

/// A platform whose end users sign in with the developer's own Clerk instance (keys at
/// `jwks_url`), and the `Authorization` of one of its end users.
async fn own_clerk_platform(w: &World, dev: &str, jwks_url: &str) -> (Platform, String) {
    let p = platform(w, dev, None, 100).await;
    let settings = json!({"rateLimitPerMinute": 100, "allowedOrigins": [], "endUserAuth": {"kind": "own",
        "issuer": OWN_ISSUER, "authorizedParties": ["https://app.acme.test"], "jwksUrl": jwks_url}});
    let s = dev_call(w, &p.dev_token, Method::PUT, "/api/developer/settings", Some(settings)).await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    let own = w.mint(
        own_clerk(),
        MintRequest { sub: "acme_user".into(), azp: Some("https://app.acme.test".into()), ..Default::default() },
    );
    (p, format!("Bearer {own}"))
}

#[tokio::test]
async fn own_clerk_instance_binds_end_users() {
    let w = World::new();
    let (p, auth) = own_clerk_platform(&w, "dev9", &format!("{OWN_ISSUER}/.well-known/jwks.json")).await;
    let r =
        call(&w, Method::POST, "/api/data", &[("x-publishable-key", &p.pk_test), ("authorization", &auth)], None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The shared app's tokens no longer count for this platform.
    let shared = format!("Bearer {}", w.end_user_token("x", &p.id));
    let r = call(&w, Method::POST, "/api/data", &[("x-publishable-key", &p.pk_test), ("authorization", &shared)], None)
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "token_key_unknown"));
}

#[tokio::test]
async fn a_developers_jwks_url_is_bounded_and_its_failures_cached() {
    let w = World::new();
    let url = format!("{OWN_ISSUER}/broken/jwks.json");
    let (p, auth) = own_clerk_platform(&w, "dev_jwks", &url).await;
    let h = [("x-publishable-key", p.pk_test.as_str()), ("authorization", auth.as_str())];
    // A document far larger than a JWKS (the URL is the developer's: it may be anything).
    let good = serde_json::to_string(&own_clerk().jwks()).unwrap();
    let pad = "x".repeat(200_000);
    w.http.set(&url, 200, &format!("{},\"pad\":\"{pad}\"}}", &good[..good.len() - 1]));
    let r = call(&w, Method::POST, "/api/data", &h, None).await;
    assert_eq!((r.status, r.code()), (StatusCode::SERVICE_UNAVAILABLE, "jwks_unavailable"), "{}", r.body);
    // Failures are remembered briefly: no fetch per request while the URL is broken.
    let fetches = w.http.calls();
    for _ in 0..5 {
        let r = call(&w, Method::POST, "/api/data", &h, None).await;
        assert_eq!(r.code(), "jwks_unavailable");
    }
    assert_eq!(w.http.calls(), fetches, "a failing JWKS URL was fetched again at once");
    // A redirect is not followed, and once the URL is fixed, it works again after the pause.
    w.http.set(&url, 302, "");
    w.clock.advance(JWKS_FAILURE_TTL_MS);
    assert_eq!(call(&w, Method::POST, "/api/data", &h, None).await.code(), "jwks_unavailable");
    w.http.set(&url, 200, &good);
    w.clock.advance(JWKS_FAILURE_TTL_MS);
    let r = call(&w, Method::POST, "/api/data", &h, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn bad_input_gets_4xx_error_objects() {
    let w = World::new();
    let p = platform(&w, "dev10", None, 100).await;
    let auth = format!("Bearer {}", p.sk_test);
    let h = [("authorization", auth.as_str())];
    let huge = format!("{{\"userId\": \"{}\"}}", "x".repeat(100_000));
    let cases: Vec<(Method, &str, Option<String>, StatusCode, &str)> = vec![
        (Method::POST, "/api/data", Some("{not json".into()), StatusCode::BAD_REQUEST, "invalid_body"),
        (Method::POST, "/api/data", Some("{\"userId\": 7}".into()), StatusCode::BAD_REQUEST, "invalid_body"),
        (
            Method::POST,
            "/api/data",
            Some("{\"userId\": \"a\", \"amount\": \"x\"}".into()),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        (
            Method::POST,
            "/api/data",
            Some("{\"userId\": \"a\", \"amount\": 0}".into()),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (Method::POST, "/api/data", Some("{\"userId\": \"a b\"}".into()), StatusCode::BAD_REQUEST, "invalid_user_id"),
        (Method::POST, "/api/data", Some("{}".into()), StatusCode::BAD_REQUEST, "missing_user_id"),
        (Method::POST, "/api/data", Some(huge), StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
        (Method::GET, "/api/nope", None, StatusCode::NOT_FOUND, "route_not_found"),
        (Method::DELETE, "/api/data", None, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        (Method::GET, "/api/usage?userId=", None, StatusCode::BAD_REQUEST, "invalid_user_id"),
        (Method::GET, "/api/users?limit=-1", None, StatusCode::BAD_REQUEST, "invalid_query"),
    ];
    for (m, path, body, status, code) in cases {
        let r = send(&api_multi::router(w.state.clone()), m, path, &h, body).await;
        assert_eq!((r.status, r.code()), (status, code), "{path}: {}", r.body);
        assert!(r.body["error"]["type"].is_string());
    }
    let bad_key = [("authorization", "Bearer sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")];
    let r = call(&w, Method::POST, "/api/data", &bad_key, Some(json!({"userId": "a"}))).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "invalid_api_key"));
    let users = call(&w, Method::GET, "/api/users", &h, None).await;
    assert_eq!(users.body["total"], 0, "bad input changed state");
}

#[tokio::test]
async fn no_secret_key_is_stored_in_plaintext() {
    let w = World::new();
    let p = platform(&w, "dev11", None, 100).await;
    track(&w, &p.sk_test, "g").await;
    track(&w, &p.sk_live, "g").await;
    for (k, v) in w.kv.dump().into_iter().chain(w.objects.dump()) {
        for sk in [&p.sk_test, &p.sk_live] {
            assert!(!k.contains(sk.as_str()) && !v.contains(sk.as_str()), "plaintext secret at {k}");
        }
    }
}

#[tokio::test]
async fn preflight_touches_no_storage() {
    let w = World::new();
    let r = call(
        &w,
        Method::OPTIONS,
        "/api/data",
        &[("origin", "https://app.test"), ("access-control-request-method", "POST")],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.headers["access-control-allow-origin"], "*");
    assert!(r.headers["access-control-allow-headers"].to_str().unwrap().contains("x-publishable-key"));
    assert!(w.kv.dump().is_empty());
    assert_eq!(w.http.calls(), 0);
}

#[tokio::test]
async fn configuration_changes_apply_within_the_cache_bound() {
    let w = World::new();
    let p = platform(&w, "dev12", None, 100).await;
    assert_eq!(track(&w, &p.sk_test, "h").await.status, StatusCode::OK);
    let tiers = json!({"tiers": [{"name": "free", "displayName": "Free", "limit": 1, "priceCents": 0}]});
    let put = dev_call(&w, &p.dev_token, Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await;
    assert_eq!(put.status, StatusCode::OK);
    // This isolate read the old tiers less than the bound ago: they still apply…
    w.clock.advance(PLATFORM_CONFIG_TTL_MS - 1);
    assert_eq!(track(&w, &p.sk_test, "h").await.status, StatusCode::OK);
    // …and not a millisecond longer.
    w.clock.advance(1);
    assert_eq!(track(&w, &p.sk_test, "h").await.code(), "usage_limit_exceeded");
}

#[tokio::test]
async fn test_mode_traffic_over_the_daily_cap_is_refused_until_the_next_day() {
    let mut w = World::new();
    std::sync::Arc::make_mut(&mut w.state.config).test_mode_daily_calls = 300;
    let p = platform(&w, "dev_test_cap", None, 1_000_000).await;
    let mut accepted = 0u64;
    let mut refused = None;
    for n in 0..1_000 {
        let r = track(&w, &p.sk_test, &format!("load-{}", n % 20)).await;
        if r.status != StatusCode::OK {
            refused = Some(r);
            break;
        }
        accepted += 1;
    }
    let refused = refused.expect("test mode was never capped");
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::TOO_MANY_REQUESTS, "test_mode_daily_cap"),
        "{}",
        refused.body
    );
    assert!(refused.body["error"]["message"].as_str().unwrap().contains("300"), "{}", refused.body);
    assert!(refused.headers.contains_key("retry-after"));
    assert!((300..300 + dream_services::quota::SYNC_EVERY_CALLS).contains(&accepted), "{accepted}");
    // Live traffic is not affected; the next UTC day test mode works again.
    assert_eq!(track(&w, &p.sk_live, "live-user").await.status, StatusCode::OK);
    w.clock.advance(86_400_000);
    assert_eq!(track(&w, &p.sk_test, "load-1").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_original_sdks_x_clerk_token_header_works_like_the_bearer_token() {
    let w = World::new();
    let p = platform(&w, "dev_legacy_sdk", Some(3), 100).await;
    let jwt = w.end_user_token("user_old_app", &p.id);
    let h = [("x-publishable-key", p.pk_test.as_str()), ("x-clerk-token", jwt.as_str())];
    let r = call(&w, Method::POST, "/api/data", &h, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["usage"]["userId"], "user_old_app");
    assert_eq!(call(&w, Method::GET, "/api/usage", &h, None).await.body["used"], 1);
    // The alias is checked like the Bearer token: another platform's token is refused.
    let q = platform(&w, "dev_legacy_other", Some(3), 100).await;
    let foreign = w.end_user_token("user_old_app", &q.id);
    let h = [("x-publishable-key", p.pk_test.as_str()), ("x-clerk-token", foreign.as_str())];
    assert_eq!(call(&w, Method::POST, "/api/data", &h, None).await.code(), "token_platform_mismatch");
    // Browsers may send it cross-origin.
    let pre = call(
        &w,
        Method::OPTIONS,
        "/api/data",
        &[("origin", END_USER_ORIGIN), ("access-control-request-method", "POST")],
        None,
    )
    .await;
    assert!(pre.headers["access-control-allow-headers"].to_str().unwrap().contains("x-clerk-token"));
}

#[tokio::test]
async fn one_person_bound_to_two_platforms_uses_both_with_separate_usage_and_no_third() {
    let w = World::new();
    let a = platform(&w, "dev_multi_a", Some(3), 100).await;
    let b = platform(&w, "dev_multi_b", Some(3), 100).await;
    let c = platform(&w, "dev_multi_c", Some(3), 100).await;
    let both = w.mint(
        end_user_clerk(),
        MintRequest {
            sub: "user_both".into(),
            azp: Some(END_USER_ORIGIN.into()),
            public_metadata: Some(json!({ "platformIds": [a.id, b.id] })),
            ..Default::default()
        },
    );
    let auth = format!("Bearer {both}");
    for (p, n) in [(&a, 2), (&b, 1)] {
        let h = [("x-publishable-key", p.pk_test.as_str()), ("authorization", auth.as_str())];
        for _ in 0..n {
            let r = call(&w, Method::POST, "/api/data", &h, None).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        assert_eq!(call(&w, Method::GET, "/api/usage", &h, None).await.body["used"], n, "each platform its own usage");
    }
    let h = [("x-publishable-key", c.pk_test.as_str()), ("authorization", auth.as_str())];
    assert_eq!(call(&w, Method::POST, "/api/data", &h, None).await.code(), "token_platform_mismatch");
}

/// What the hosted sign-up page shows for a link: status and the refusal's code (if any).
async fn hosted_page(w: &World, path: &str) -> (StatusCode, String) {
    let r = call(w, Method::GET, path, &[], None).await;
    let html = r.body.as_str().unwrap_or_default().to_owned();
    let code = html.split("data-code=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("").to_owned();
    (r.status, code)
}

fn link(page: &str, pk: &str, redirect: &str) -> String {
    format!("/{page}?pk={}&redirect={}", dream_core::url::encode(pk), dream_core::url::encode(redirect))
}

/// A session token the hosted page itself would hold (its origin is the `azp`).
fn hosted_page_token(w: &World, sub: &str) -> String {
    w.clerk.users.sign_in("endusers", sub, w.now_secs() * 1000);
    let azp = Some(dream_sim::testkit::SIGN_UP_ORIGIN.to_owned());
    w.mint(end_user_clerk(), MintRequest { sub: sub.into(), azp, ..Default::default() })
}

async fn complete(w: &World, token: &str, pk: &str, redirect: &str) -> Reply {
    let auth = format!("Bearer {token}");
    let body = json!({ "publishableKey": pk, "redirect": redirect });
    call(w, Method::POST, "/signup/complete", &[("authorization", &auth)], Some(body)).await
}

#[tokio::test]
async fn the_hosted_sign_up_refuses_links_it_cannot_honour_before_showing_anything() {
    let w = World::new();
    let p = platform(&w, "dev_hosted_links", Some(3), 100).await;
    let good = format!("{END_USER_ORIGIN}/welcome");
    for page in ["signup", "signin"] {
        let ok = call(&w, Method::GET, &link(page, &p.pk_test, &good), &[], None).await;
        let html = ok.body.as_str().unwrap_or_default();
        assert_eq!(ok.status, StatusCode::OK, "{html}");
        assert!(
            html.contains("clerk.browser.js") && html.contains(&p.pk_test),
            "the page loads Clerk for the platform"
        );
        assert_eq!(ok.headers.get("x-frame-options").and_then(|v| v.to_str().ok()), Some("DENY"));
        // A return URL on another origin: refused, with the API's code, and no Clerk loaded.
        for evil in ["https://evil.test/welcome", "https://app.test.evil.test/", "javascript:alert(1)", "//evil.test/"]
        {
            let (status, code) = hosted_page(&w, &link(page, &p.pk_test, evil)).await;
            let want = if evil.starts_with("https://") { "redirect_not_allowed" } else { "invalid_redirect_url" };
            assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, want), "{evil}");
        }
    }
    let (status, code) = hosted_page(&w, &link("signup", &p.sk_test, &good)).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNAUTHORIZED, "invalid_api_key"), "a secret key in a link");
    let (status, code) = hosted_page(&w, &format!("/signup?pk={}", p.pk_test)).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "invalid_query"));
    // Whatever the query string, the answer is the page's own refusal.
    for odd in ["/signup?pk=a&pk=b", "/signin?redirect=%FF%FE&pk=%00", "/signup?&&=&"] {
        let (status, code) = hosted_page(&w, odd).await;
        assert!(status.is_client_error() && !code.is_empty(), "{odd}: {status} {code:?}");
    }
    // The binding route checks the same, whatever the page was made to send.
    let token = hosted_page_token(&w, "user_evil_redirect");
    let r = complete(&w, &token, &p.pk_test, "https://evil.test/").await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "redirect_not_allowed"), "{}", r.body);
    assert_eq!(w.clerk.users.public_metadata("endusers", "user_evil_redirect"), Some(json!({})), "nothing bound");
    // A platform with its own Clerk has no hosted sign-up.
    let (own, _) = own_clerk_platform(&w, "dev_hosted_own", "https://clerk.acme.test/.well-known/jwks.json").await;
    let (status, code) = hosted_page(&w, &link("signup", &own.pk_test, &good)).await;
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "hosted_sign_in_unavailable"));
}

#[tokio::test]
async fn a_hosted_sign_up_binds_the_person_and_hands_them_to_the_app_signed_in() {
    let w = World::new();
    // The simulated Clerk's Frontend API mints tokens at the real time: the world's clock follows.
    w.clock.advance((dream_sim::clerk::now_secs() * 1000 - T0_MS).max(0));
    let a = platform(&w, "dev_hosted_a", Some(3), 100).await;
    let b = platform(&w, "dev_hosted_b", Some(3), 100).await;
    let clerk = dream_sim::server::router(w.clerk.clone(), None);
    // The app redeems the ticket with Clerk's Frontend API and gets its own session's tokens.
    let redeem = |handoff: &Reply| {
        let url = handoff.body["redirect"].as_str().unwrap_or_default().to_owned();
        let clerk = clerk.clone();
        async move {
            assert!(url.starts_with(&format!("{END_USER_ORIGIN}/welcome?__clerk_ticket=")), "{url}");
            let ticket = url.split("__clerk_ticket=").nth(1).unwrap_or_default().to_owned();
            let path = format!("/clerk/endusers/v1/client/sign_ins?strategy=ticket&ticket={ticket}");
            let s = send(&clerk, Method::POST, &path, &[("origin", "http://127.0.0.1:9")], None).await;
            assert_eq!(s.status, StatusCode::OK, "{}", s.body);
            let again = send(&clerk, Method::POST, &path, &[], None).await;
            assert_eq!(again.body["errors"][0]["code"], "ticket_already_used", "a ticket works once");
            s.body["response"]["created_session_id"].as_str().unwrap_or_default().to_owned()
        }
    };
    let app_token = |sid: String| {
        let clerk = clerk.clone();
        async move {
            let path = format!("/clerk/endusers/v1/client/sessions/{sid}/tokens");
            let r = send(&clerk, Method::POST, &path, &[("origin", END_USER_ORIGIN)], None).await;
            r.body["jwt"].as_str().unwrap_or_default().to_owned()
        }
    };
    let welcome = format!("{END_USER_ORIGIN}/welcome");
    let page_token = hosted_page_token(&w, "user_hosted");
    // An app's token (another azp) cannot be turned into a ticket.
    let leaked = w.mint(
        end_user_clerk(),
        MintRequest { sub: "user_hosted".into(), azp: Some(END_USER_ORIGIN.into()), ..Default::default() },
    );
    let r = complete(&w, &leaked, &a.pk_test, &welcome).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "token_authorized_party_invalid"), "{}", r.body);

    let r = complete(&w, &page_token, &a.pk_test, &welcome).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["platformIds"], json!([a.id]));
    let sid = redeem(&r).await;
    let w = &w;
    let track = |token: String, pk: String| async move {
        let auth = format!("Bearer {token}");
        call(w, Method::POST, "/api/data", &[("x-publishable-key", &pk), ("authorization", &auth)], None).await
    };
    let token = app_token(sid.clone()).await;
    let on_a = track(token.clone(), a.pk_test.clone()).await;
    assert_eq!(on_a.status, StatusCode::OK, "bound to A: {}", on_a.body);
    assert_eq!(on_a.body["usage"]["used"], 1);
    assert_eq!(track(token, b.pk_test.clone()).await.code(), "token_platform_mismatch", "not bound to B yet");

    // Signing up for B as well keeps A; the session's next token carries both, each platform
    // with its own usage.
    let r = complete(w, &page_token, &b.pk_test, &welcome).await;
    assert_eq!(r.body["platformIds"], json!([a.id, b.id]), "{}", r.body);
    assert_eq!(
        w.clerk.users.public_metadata("endusers", "user_hosted"),
        Some(json!({ "platformIds": [a.id, b.id] })),
        "Clerk's metadata, which session tokens carry"
    );
    let token = app_token(sid).await;
    assert_eq!(track(token.clone(), b.pk_test.clone()).await.body["usage"]["used"], 1, "B's own usage");
    assert_eq!(track(token, a.pk_test.clone()).await.body["usage"]["used"], 2, "A's own usage");
}

#[tokio::test]
async fn concurrent_sign_ups_of_one_person_keep_every_platform() {
    let w = World::new();
    let mut platforms = vec![];
    for i in 0..4 {
        platforms.push(platform(&w, &format!("dev_hosted_race_{i}"), Some(3), 100).await);
    }
    let token = hosted_page_token(&w, "user_racing");
    let welcome = format!("{END_USER_ORIGIN}/welcome");
    let all = futures::future::join_all(platforms.iter().map(|p| complete(&w, &token, &p.pk_test, &welcome))).await;
    assert!(all.iter().all(|r| r.status == StatusCode::OK), "{:?}", all.iter().map(|r| &r.body).collect::<Vec<_>>());
    let bound = w.clerk.users.public_metadata("endusers", "user_racing").unwrap_or_default();
    let mut ids: Vec<String> = serde_json::from_value(bound["platformIds"].clone()).unwrap_or_default();
    ids.sort();
    let mut want: Vec<String> = platforms.iter().map(|p| p.id.clone()).collect();
    want.sort();
    assert_eq!(ids, want);
}

#[tokio::test]
async fn a_verified_token_is_reused_only_within_its_lifetime_and_each_platforms_rules() {
    let w = World::new();
    let a = platform(&w, "dev_token_cache_a", None, 100).await;
    let b = platform(&w, "dev_token_cache_b", None, 100).await;
    let other =
        json!({"rateLimitPerMinute": 100, "allowedOrigins": ["https://other.test"], "endUserAuth": {"kind": "shared"}});
    assert_eq!(
        dev_call(&w, &b.dev_token, Method::PUT, "/api/developer/settings", Some(other)).await.status,
        StatusCode::OK
    );
    let token = w.mint(
        end_user_clerk(),
        MintRequest {
            sub: "user_cached".into(),
            azp: Some(END_USER_ORIGIN.into()),
            ttl_secs: Some(60),
            public_metadata: Some(json!({ "platformIds": [a.id, b.id] })),
            ..Default::default()
        },
    );
    assert_eq!(browser_track(&w, &a.pk_test, &token).await.status, StatusCode::OK);
    // Verified for A, still checked against B's allowed origins.
    assert_eq!(browser_track(&w, &b.pk_test, &token).await.code(), "token_authorized_party_invalid");
    // Verified once, still refused once it has expired (60 s + the 5 s leeway).
    w.clock.advance(66_000);
    assert_eq!(browser_track(&w, &a.pk_test, &token).await.code(), "token_expired");
}

#[tokio::test]
async fn the_customers_api_creates_reads_changes_and_deletes_and_the_dashboard_follows() {
    let w = World::new();
    let p = platform(&w, "crm", Some(5), 1_000).await;
    let auth = format!("Bearer {}", p.sk_test);
    let h = [("authorization", auth.as_str())];
    let create = json!({"userId": "ann", "email": "ann@example.com", "firstName": "Ann", "plan": "pro"});
    let r = call(&w, Method::POST, "/api/customers", &h, Some(create.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = &r.body["customer"];
    assert_eq!(
        (c["userId"].as_str(), c["email"].as_str(), c["plan"].as_str()),
        (Some("ann"), Some("ann@example.com"), Some("pro"))
    );
    assert_eq!((c["limit"].as_u64(), c["firstName"].as_str()), (Some(1000), Some("Ann")));
    assert!(c["createdAt"].is_string());
    let again = call(&w, Method::POST, "/api/customers", &h, Some(create)).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "customer_exists"));
    // Without an id, dream-api makes one.
    let r = call(&w, Method::POST, "/api/customers", &h, Some(json!({"email": "bo@example.com"}))).await;
    let made = r.body["customer"]["userId"].as_str().unwrap_or_default().to_owned();
    assert!(made.starts_with("cus_") && made.len() == 28, "{made}");

    // The dashboard lists them with their email; the key's dashboard counts them.
    let list = dev_call(&w, &p.dev_token, Method::GET, "/api/developer/customers?mode=test", None).await;
    let emails: Vec<&str> =
        list.body["customers"].as_array().unwrap().iter().filter_map(|c| c["email"].as_str()).collect();
    assert_eq!(emails.len(), 2, "{}", list.body);
    assert!(emails.contains(&"ann@example.com"));
    let totals = call(&w, Method::GET, "/api/dashboard/totals", &h, None).await;
    assert_eq!((totals.status, totals.body["customers"].as_u64()), (StatusCode::OK, Some(2)), "{}", totals.body);
    let metrics = call(&w, Method::GET, "/api/dashboard", &h, None).await;
    assert_eq!(metrics.body["totals"]["endUsers"], 2, "{}", metrics.body);

    // Usage counts against the customer's plan; a patch changes plan and names at once.
    assert_eq!(track(&w, &p.sk_test, "ann").await.status, StatusCode::OK);
    let patch = json!({"plan": "free", "lastName": "Lee", "firstName": ""});
    let r = call(&w, Method::PATCH, "/api/customers/ann", &h, Some(patch)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let c = &r.body["customer"];
    assert_eq!((c["plan"].as_str(), c["limit"].as_u64(), c["used"].as_u64()), (Some("free"), Some(5), Some(1)));
    assert_eq!((c["firstName"].as_str(), c["lastName"].as_str()), (None, Some("Lee")));
    let r = call(&w, Method::GET, "/api/customers/ann", &h, None).await;
    assert_eq!(r.body["customer"]["lastName"], "Lee");
    let one = dev_call(&w, &p.dev_token, Method::GET, "/api/developer/customers/ann?mode=test", None).await;
    assert_eq!((one.body["plan"].as_str(), one.body["email"].as_str()), (Some("free"), Some("ann@example.com")));

    // Delete: gone from everywhere, its usage with it; the id may be used afresh.
    let r = call(&w, Method::DELETE, "/api/customers/ann", &h, None).await;
    assert_eq!((r.status, r.body["deleted"].as_bool()), (StatusCode::OK, Some(true)), "{}", r.body);
    assert_eq!(r.body["customer"]["used"], 1);
    let gone = call(&w, Method::GET, "/api/customers/ann", &h, None).await;
    assert_eq!((gone.status, gone.code()), (StatusCode::NOT_FOUND, "customer_not_found"));
    let again = call(&w, Method::DELETE, "/api/customers/ann", &h, None).await;
    assert_eq!(again.code(), "customer_not_found");
    let totals = call(&w, Method::GET, "/api/dashboard/totals", &h, None).await;
    assert_eq!(totals.body["customers"], 1);
    let list = dev_call(&w, &p.dev_token, Method::GET, "/api/developer/customers?mode=test", None).await;
    assert_eq!(list.body["total"], 1);
    assert_eq!(used_in(&w.state, &p.sk_test, "ann").await, 0, "a new ann starts from zero");
}

#[tokio::test]
async fn the_customers_api_refuses_bad_input_and_browser_keys_and_changes_nothing() {
    let w = World::new();
    let p = platform(&w, "crm2", Some(5), 1_000).await;
    let auth = format!("Bearer {}", p.sk_test);
    let h = [("authorization", auth.as_str())];
    for (body, code) in [
        (json!({"email": "not-an-email"}), "invalid_email"),
        (json!({"userId": "has space", "email": "a@b.co"}), "invalid_user_id"),
        (json!({"email": "a@b.co", "plan": "gold"}), "unknown_tier"),
        (json!({"email": "a@b.co", "firstName": "x".repeat(101)}), "invalid_name"),
        (json!({"email": "a@b.co", "role": "admin"}), "invalid_body"),
    ] {
        let r = call(&w, Method::POST, "/api/customers", &h, Some(body.clone())).await;
        assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, code), "{body}: {}", r.body);
    }
    let r = call(&w, Method::PATCH, "/api/customers/nobody", &h, Some(json!({"plan": "pro"}))).await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "customer_not_found"));
    let r = call(&w, Method::PATCH, "/api/customers/nobody", &h, Some(json!({"email": "x"}))).await;
    assert_eq!(r.code(), "invalid_email");
    let totals = call(&w, Method::GET, "/api/dashboard/totals", &h, None).await;
    assert_eq!(totals.body["customers"], 0, "nothing was created");
    // The publishable key (a browser) cannot reach the customers API or the metrics.
    let pk = [("x-publishable-key", p.pk_test.as_str())];
    for (method, path) in
        [(Method::POST, "/api/customers"), (Method::GET, "/api/customers/ann"), (Method::GET, "/api/dashboard")]
    {
        let r = call(&w, method, path, &pk, Some(json!({"email": "a@b.co"}))).await;
        assert!(r.status == StatusCode::UNAUTHORIZED || r.status == StatusCode::FORBIDDEN, "{path}: {}", r.status);
    }
}

/// A platform whose free tier allows 3 `exports` and 100 `reports`, with `export_csv` on.
async fn metered_platform(w: &World, dev: &str) -> Platform {
    let p = platform(w, dev, Some(50), 1_000_000).await;
    let tiers = json!({"tiers": [
        {"name": "free", "displayName": "Free", "limit": 50, "priceCents": 0,
         "flags": ["export_csv"], "meters": {"exports": 3, "reports": 100}},
        {"name": "pro", "displayName": "Pro", "limit": 1000, "priceCents": 1900, "meters": {"exports": null}}
    ]});
    let put = dev_call(w, &p.dev_token, Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    p
}

#[tokio::test]
async fn entitlements_answer_flags_and_every_meter_and_a_named_meter_has_its_own_limit() {
    let w = World::new();
    let p = metered_platform(&w, "ent").await;
    let auth = format!("Bearer {}", p.sk_test);
    let h = [("authorization", auth.as_str())];
    let export = json!({"userId": "ann", "feature": "exports"});
    for n in 1..=3 {
        let r = call(&w, Method::POST, "/api/usage/track", &h, Some(export.clone())).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let u = &r.body["usage"];
        assert_eq!(
            (u["feature"].as_str(), u["used"].as_u64(), u["remaining"].as_u64()),
            (Some("exports"), Some(n), Some(3 - n))
        );
    }
    let fourth = call(&w, Method::POST, "/api/usage/track", &h, Some(export.clone())).await;
    assert_eq!((fourth.status, fourth.code()), (StatusCode::TOO_MANY_REQUESTS, "usage_limit_exceeded"));
    assert!(fourth.body["error"]["message"].as_str().unwrap_or_default().contains("3 of 3 exports"), "{}", fourth.body);
    // Calls still count, on the tier limit.
    assert_eq!(track(&w, &p.sk_test, "ann").await.status, StatusCode::OK);
    let check = call(&w, Method::POST, "/api/usage/check", &h, Some(export.clone())).await;
    assert_eq!((check.body["allowed"].as_bool(), check.body["usage"]["used"].as_u64()), (Some(false), Some(3)));
    let read = call(&w, Method::GET, "/api/usage?userId=ann&feature=exports", &h, None).await;
    assert_eq!(read.body["used"], 3, "{}", read.body);

    let e = call(&w, Method::GET, "/api/entitlements?userId=ann", &h, None).await;
    assert_eq!(e.status, StatusCode::OK, "{}", e.body);
    assert_eq!(e.body["flags"], json!(["export_csv"]));
    assert_eq!(e.body["meters"]["api_calls"], json!({"used": 1, "limit": 50, "remaining": 49}));
    assert_eq!(e.body["meters"]["exports"], json!({"used": 3, "limit": 3, "remaining": 0}));
    assert_eq!(e.body["meters"]["reports"], json!({"used": 0, "limit": 100, "remaining": 100}));
    // Entitlements answer every meter: a `feature` there is a mistake, said so, not ignored.
    let one = call(&w, Method::GET, "/api/entitlements?userId=ann&feature=exports", &h, None).await;
    assert_eq!((one.status, one.code()), (StatusCode::BAD_REQUEST, "invalid_query"), "{}", one.body);

    // The browser asks for its own entitlements with its token.
    let token = w.end_user_token("bea", &p.id);
    let bearer = format!("Bearer {token}");
    let mine = call(
        &w,
        Method::GET,
        "/api/entitlements",
        &[("x-publishable-key", &p.pk_test), ("authorization", &bearer), ("origin", END_USER_ORIGIN)],
        None,
    )
    .await;
    assert_eq!((mine.status, mine.body["userId"].as_str()), (StatusCode::OK, Some("bea")), "{}", mine.body);

    // On pro, exports are unlimited and the flag is gone.
    let plan = call(&w, Method::PUT, "/api/users/ann/plan", &h, Some(json!({"plan": "pro"}))).await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.body);
    let e = call(&w, Method::GET, "/api/entitlements?userId=ann", &h, None).await;
    assert_eq!((e.body["flags"].clone(), e.body["meters"]["exports"]["limit"].clone()), (json!([]), Value::Null));
    assert!(e.body["meters"].get("reports").is_none(), "{}", e.body);
    assert_eq!(call(&w, Method::POST, "/api/usage/track", &h, Some(export)).await.status, StatusCode::OK);
    // A meter no tier has is a typo, not a limit of zero.
    let typo =
        call(&w, Method::POST, "/api/usage/track", &h, Some(json!({"userId": "ann", "feature": "export"}))).await;
    assert_eq!((typo.status, typo.code()), (StatusCode::BAD_REQUEST, "unknown_feature"));
    assert_eq!(used_in(&w.state, &p.sk_test, "ann").await, 1, "nothing was counted for the typo");
}

#[tokio::test]
async fn concurrent_tracks_of_a_named_meter_stop_exactly_at_its_limit() {
    let w = World::new();
    let p = metered_platform(&w, "ent2").await;
    let auth = format!("Bearer {}", p.sk_test);
    let h = [("authorization", auth.as_str())];
    let body = json!({"userId": "hot", "feature": "reports"});
    let results =
        futures::future::join_all((0..300).map(|_| call(&w, Method::POST, "/api/usage/track", &h, Some(body.clone()))))
            .await;
    let ok = results.iter().filter(|r| r.status == StatusCode::OK).count();
    let refused = results.iter().filter(|r| r.code() == "usage_limit_exceeded").count();
    assert_eq!((ok, refused), (100, 200));
    let e = call(&w, Method::GET, "/api/entitlements?userId=hot", &h, None).await;
    assert_eq!(
        (e.body["meters"]["reports"]["used"].as_u64(), e.body["meters"]["api_calls"]["used"].as_u64()),
        (Some(100), Some(0))
    );
}

#[tokio::test]
async fn the_statistics_cover_a_period_of_7_30_or_90_days_and_month_totals_stay_30_days() {
    let w = World::new();
    let p = platform(&w, "periods", None, 1_000_000).await;
    // Two calls 40 days ago, three today.
    for _ in 0..2 {
        assert_eq!(track(&w, &p.sk_test, "ann").await.status, StatusCode::OK);
    }
    w.clock.advance(40 * 86_400_000);
    for _ in 0..3 {
        assert_eq!(track(&w, &p.sk_test, "ann").await.status, StatusCode::OK);
    }
    let stats = |days: &'static str| {
        let path = format!("/api/developer/stats?mode=test{days}");
        // A token made now: the one from 40 days ago has expired.
        let token = w.developer_token("periods");
        let w = &w;
        async move { dev_call(w, &token, Method::GET, &path, None).await }
    };
    let calls =
        |r: &Reply| r.body["days"].as_array().map(|d| d.iter().filter_map(|d| d["calls"].as_u64()).sum::<u64>());
    for (q, n, sum) in [("", 30, 3), ("&days=7", 7, 3), ("&days=90", 90, 5)] {
        let r = stats(q).await;
        assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
        assert_eq!((r.body["days"].as_array().map(Vec::len), calls(&r)), (Some(n), Some(sum)), "{q}");
        // Whatever the period shown, the 30-day figures are of 30 days.
        assert_eq!(r.body["totals"]["callsLast30Days"], 3, "{q}");
    }
    let bad = stats("&days=14").await;
    assert_eq!((bad.status, bad.code()), (StatusCode::BAD_REQUEST, "invalid_query"));
    let auth = format!("Bearer {}", p.sk_test);
    let h = [("authorization", auth.as_str())];
    let metrics = call(&w, Method::GET, "/api/dashboard?days=90", &h, None).await;
    assert_eq!((metrics.status, calls(&metrics)), (StatusCode::OK, Some(5)), "{}", metrics.body);
    assert_eq!(call(&w, Method::GET, "/api/dashboard?days=1", &h, None).await.code(), "invalid_query");
}

#[tokio::test]
async fn a_customer_made_with_a_clerk_user_is_that_person_bound_to_the_platform() {
    let w = World::new();
    let p = platform(&w, "dev_clerk_customer", Some(5), 100).await;
    let q = platform(&w, "dev_clerk_customer_b", Some(5), 100).await;
    let create = |sk: String, body: Value| {
        let w = &w;
        async move {
            let auth = format!("Bearer {sk}");
            call(w, Method::POST, "/api/customers", &[("authorization", &auth)], Some(body)).await
        }
    };
    // Bad input is refused before Clerk is asked: nobody is made.
    let bad = create(p.sk_test.clone(), json!({"email": "not-an-email", "clerkUser": true})).await;
    assert_eq!(bad.code(), "invalid_email");
    let named =
        create(p.sk_test.clone(), json!({"userId": "u1", "email": "cara@example.com", "clerkUser": true})).await;
    assert_eq!(named.code(), "invalid_user_id");
    assert!(w.clerk.users.with_email("endusers", "cara@example.com").is_empty(), "nobody was made");

    let made =
        create(p.sk_test.clone(), json!({"email": "cara@example.com", "firstName": "Cara", "clerkUser": true})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = made.body["customer"]["userId"].as_str().unwrap_or_default().to_owned();
    let people = w.clerk.users.with_email("endusers", "cara@example.com");
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["id"], id.as_str(), "the customer is the Clerk user");
    assert_eq!(people[0]["first_name"], "Cara");
    assert_eq!(w.clerk.users.public_metadata("endusers", &id), Some(json!({ "platformIds": [p.id] })));
    // Their session token works on this platform, as this customer.
    let token = w.end_user_token(&id, &p.id);
    let r = browser_track(&w, &p.pk_test, &token).await;
    assert_eq!((r.status, r.body["usage"]["userId"].as_str()), (StatusCode::OK, Some(id.as_str())), "{}", r.body);
    // Once per platform; another platform binds the same person (found by email, not made again).
    let again = create(p.sk_test.clone(), json!({"email": "CARA@example.com", "clerkUser": true})).await;
    assert_eq!(again.code(), "customer_exists");
    let other = create(q.sk_test.clone(), json!({"email": "cara@example.com", "clerkUser": true})).await;
    assert_eq!((other.status, other.body["customer"]["userId"].as_str()), (StatusCode::CREATED, Some(id.as_str())));
    assert_eq!(w.clerk.users.with_email("endusers", "cara@example.com").len(), 1);
    assert_eq!(w.clerk.users.public_metadata("endusers", &id), Some(json!({ "platformIds": [p.id, q.id] })));
}
