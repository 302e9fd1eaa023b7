//! front-auth-api routes, natively, against in-memory ports.

use dream_sim::clerk::MintRequest;
use dream_sim::testkit::{dashboard_clerk, send, Reply, World, DASHBOARD_ORIGIN};
use front_auth_api::router;
use http::{Method, StatusCode};
use serde_json::{json, Value};

struct Dev {
    router: axum::Router,
    token: String,
}

impl Dev {
    fn new(world: &World, sub: &str) -> Dev {
        Dev { router: router(world.state.clone()), token: world.developer_token(sub) }
    }
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let auth = format!("Bearer {}", self.token);
        send(&self.router, method, path, &[("authorization", &auth)], body.map(|b| b.to_string())).await
    }
}

fn tiers(free_limit: i64) -> Value {
    json!({"tiers": [
        {"name": "free", "displayName": "Free", "limit": free_limit, "priceCents": 0},
        {"name": "pro", "displayName": "Pro", "limit": 1000, "priceCents": 1900, "features": ["priority"]}
    ]})
}

#[tokio::test]
async fn register_is_idempotent_and_shows_secrets_once() {
    let w = World::new();
    let dev = Dev::new(&w, "user_a");
    let first = dev.call(Method::POST, "/api/developer/register", None).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["created"], true);
    let sk = first.body["test"]["secretKey"].as_str().unwrap().to_owned();
    assert!(sk.starts_with("sk_test_"));
    assert!(first.body["live"]["secretKey"].as_str().unwrap().starts_with("sk_live_"));
    let again = dev.call(Method::POST, "/api/developer/register", None).await;
    assert_eq!(again.body["created"], false);
    assert_eq!(again.body["platformId"], first.body["platformId"]);
    assert_eq!(again.body["test"]["secretKey"], Value::Null);
    assert_eq!(again.body["test"]["publishableKey"], first.body["test"]["publishableKey"]);
    // Secret keys are stored only as hashes.
    for (k, v) in w.kv.dump() {
        assert!(!k.contains(&sk) && !v.contains(&sk), "plaintext secret in KV at {k}");
    }
    let me = dev.call(Method::GET, "/api/developer/me", None).await;
    assert_eq!(me.body["platformId"], first.body["platformId"]);
    assert_eq!(me.body["isAdmin"], false);
}

#[tokio::test]
async fn tiers_are_validated_with_clear_errors() {
    let w = World::new();
    let dev = Dev::new(&w, "user_t");
    dev.call(Method::POST, "/api/developer/register", None).await;
    let ok = dev.call(Method::PUT, "/api/developer/tiers?mode=test", Some(tiers(5))).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.body["tiers"][0]["limit"], 5);
    let cases = [
        (
            json!({"tiers": [{"name": "free", "displayName": "F", "limit": 1, "priceCents": 0}, {"name": "free", "displayName": "F", "limit": 1, "priceCents": 0}]}),
            "duplicate_tier",
        ),
        (json!({"tiers": [{"name": "free", "displayName": "F", "limit": -1, "priceCents": 0}]}), "invalid_limit"),
        (json!({"tiers": [{"name": "pro", "displayName": "P", "limit": 1, "priceCents": 10}]}), "missing_free_tier"),
        (json!({"tiers": "nope"}), "invalid_body"),
        (
            json!({"tiers": [{"name": "free", "displayName": "F", "limit": 1, "priceCents": 0, "bogus": 1}]}),
            "invalid_body",
        ),
    ];
    for (body, code) in cases {
        let r = dev.call(Method::PUT, "/api/developer/tiers?mode=test", Some(body)).await;
        assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, code), "{}", r.body);
    }
    // Failed updates changed nothing; live mode is separate.
    let test = dev.call(Method::GET, "/api/developer/tiers?mode=test", None).await;
    assert_eq!(test.body["tiers"][0]["limit"], 5);
    let live = dev.call(Method::GET, "/api/developer/tiers?mode=live", None).await;
    assert_eq!(live.body["tiers"][0]["limit"], 100);
    let bad_mode = dev.call(Method::GET, "/api/developer/tiers?mode=prod", None).await;
    assert_eq!((bad_mode.status, bad_mode.code()), (StatusCode::BAD_REQUEST, "invalid_query"));
}

#[tokio::test]
async fn keys_list_create_rotate_revoke() {
    let w = World::new();
    let dev = Dev::new(&w, "user_k");
    dev.call(Method::POST, "/api/developer/register", None).await;
    let list = dev.call(Method::GET, "/api/developer/keys", None).await;
    let keys = list.body["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 4);
    for k in keys {
        if k["kind"] == "secret" {
            assert!(k["display"].as_str().unwrap().contains('…'), "secret shown: {k}");
        }
    }
    let created = dev.call(Method::POST, "/api/developer/keys", Some(json!({"kind": "secret", "mode": "live"}))).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let id = created.body["key"]["id"].as_str().unwrap().to_owned();
    let rotated =
        dev.call(Method::POST, &format!("/api/developer/keys/{id}/rotate"), Some(json!({"graceSeconds": 60}))).await;
    assert_eq!(rotated.body["previous"]["status"], "expiring", "{}", rotated.body);
    assert!(rotated.body["created"]["value"].as_str().unwrap().starts_with("sk_live_"));
    let twice =
        dev.call(Method::POST, &format!("/api/developer/keys/{id}/rotate"), Some(json!({"graceSeconds": 60}))).await;
    assert_eq!((twice.status, twice.code()), (StatusCode::CONFLICT, "key_not_rotatable"));
    let bad_grace =
        dev.call(Method::POST, &format!("/api/developer/keys/{id}/rotate"), Some(json!({"graceSeconds": -1}))).await;
    assert_eq!(bad_grace.code(), "invalid_grace");
    let revoked = dev.call(Method::POST, &format!("/api/developer/keys/{id}/revoke"), None).await;
    assert_eq!(revoked.body["status"], "revoked");
    let missing = dev.call(Method::POST, "/api/developer/keys/key_nope/revoke", None).await;
    assert_eq!((missing.status, missing.code()), (StatusCode::NOT_FOUND, "key_not_found"));
    let bad_kind = dev.call(Method::POST, "/api/developer/keys", Some(json!({"kind": "master", "mode": "live"}))).await;
    assert_eq!(bad_kind.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn developers_only_see_their_own_platform() {
    let w = World::new();
    let a = Dev::new(&w, "user_a");
    let b = Dev::new(&w, "user_b");
    a.call(Method::POST, "/api/developer/register", None).await;
    let b_keys = b.call(Method::GET, "/api/developer/keys", None).await;
    assert_eq!((b_keys.status, b_keys.code()), (StatusCode::NOT_FOUND, "not_registered"));
    b.call(Method::POST, "/api/developer/register", None).await;
    let a_list = a.call(Method::GET, "/api/developer/keys", None).await;
    let a_id = a_list.body["keys"][0]["id"].as_str().unwrap().to_owned();
    let steal = b.call(Method::POST, &format!("/api/developer/keys/{a_id}/revoke"), None).await;
    assert_eq!(steal.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn developer_tokens_are_verified() {
    let w = World::new();
    let r = router(w.state.clone());
    let none = send(&r, Method::GET, "/api/developer/me", &[], None).await;
    assert_eq!((none.status, none.code()), (StatusCode::UNAUTHORIZED, "missing_credentials"));
    let wrong_azp = w.mint(
        dashboard_clerk(),
        MintRequest { sub: "u".into(), azp: Some("https://evil.test".into()), ..Default::default() },
    );
    let expired = w.mint(
        dashboard_clerk(),
        MintRequest {
            sub: "u".into(),
            azp: Some(DASHBOARD_ORIGIN.into()),
            exp: Some(w.now_secs() - 60),
            ..Default::default()
        },
    );
    for (token, code) in [
        (wrong_azp, "token_authorized_party_invalid"),
        (expired, "token_expired"),
        ("garbage".to_owned(), "token_malformed"),
    ] {
        let auth = format!("Bearer {token}");
        let resp = send(&r, Method::GET, "/api/developer/me", &[("authorization", &auth)], None).await;
        assert_eq!((resp.status, resp.code()), (StatusCode::UNAUTHORIZED, code), "{}", resp.body);
    }
    let admin = Dev::new(&w, "user_admin");
    assert_eq!(admin.call(Method::GET, "/api/developer/me", None).await.body["isAdmin"], true);
}

#[tokio::test]
async fn settings_validate_and_round_trip() {
    let w = World::new();
    let dev = Dev::new(&w, "user_s");
    dev.call(Method::POST, "/api/developer/register", None).await;
    let got = dev.call(Method::GET, "/api/developer/settings", None).await;
    assert_eq!(got.body["rateLimitPerMinute"], 100);
    assert_eq!(got.body["endUserAuth"]["kind"], "shared");
    assert_eq!(got.body["usageAlerts"], json!([80, 100]), "the default usage alerts");
    let own = json!({"rateLimitPerMinute": 500, "allowedOrigins": ["https://app.acme.test"], "usageAlerts": [50, 90, 100],
        "endUserAuth": {"kind": "own", "issuer": "https://clerk.acme.test", "authorizedParties": [], "jwksUrl": "https://clerk.acme.test/.well-known/jwks.json"}});
    let put = dev.call(Method::PUT, "/api/developer/settings", Some(own.clone())).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(put.body, own);
    let mut insecure = own.clone();
    insecure["endUserAuth"]["jwksUrl"] = json!("http://10.0.0.1/jwks");
    assert_eq!(dev.call(Method::PUT, "/api/developer/settings", Some(insecure)).await.code(), "invalid_jwks_url");
    let mut zero = own.clone();
    zero["rateLimitPerMinute"] = json!(0);
    assert_eq!(dev.call(Method::PUT, "/api/developer/settings", Some(zero)).await.code(), "invalid_rate_limit");
    let mut path = own;
    path["allowedOrigins"] = json!(["https://app.test/path"]);
    assert_eq!(dev.call(Method::PUT, "/api/developer/settings", Some(path)).await.code(), "invalid_origins");
}

#[tokio::test]
async fn cors_preflight_needs_no_credentials_and_only_allows_the_dashboard() {
    let w = World::new();
    let r = router(w.state.clone());
    let pre = send(
        &r,
        Method::OPTIONS,
        "/api/developer/keys",
        &[("origin", DASHBOARD_ORIGIN), ("access-control-request-method", "POST")],
        None,
    )
    .await;
    assert_eq!(pre.status, StatusCode::NO_CONTENT);
    assert_eq!(pre.headers["access-control-allow-origin"], DASHBOARD_ORIGIN);
    // The dashboard reads versions and writes with them: ETag is exposed, If-Match allowed.
    let allowed = pre.headers["access-control-allow-headers"].to_str().unwrap();
    assert!(allowed.split(", ").any(|h| h == "if-match"), "{allowed}");
    let exposed = pre.headers["access-control-expose-headers"].to_str().unwrap();
    assert!(exposed.split(", ").any(|h| h == "etag"), "{exposed}");
    // Every method a route of this API takes, PATCH too (renaming a project, changing a
    // webhook endpoint from the dashboard).
    let methods = pre.headers["access-control-allow-methods"].to_str().unwrap();
    for m in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        assert!(methods.split(", ").any(|x| x == m), "{m} not in {methods}");
    }
    let other = send(
        &r,
        Method::OPTIONS,
        "/api/developer/keys",
        &[("origin", "https://evil.test"), ("access-control-request-method", "POST")],
        None,
    )
    .await;
    assert!(other.headers.get("access-control-allow-origin").is_none());
    assert!(w.kv.dump().is_empty());
    assert_eq!(w.http.calls(), 0);
}
