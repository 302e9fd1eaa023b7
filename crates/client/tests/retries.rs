//! The client against a local stand-in of api-multi: what goes on the wire, safe retries under
//! one idempotency key, typed errors, no retry of a checkout.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use dream_client::DreamClient;
use dream_core::api::CheckoutRequest;
use dream_core::ErrorCode;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Seen {
    calls: Vec<(Option<String>, Option<String>, Value)>,
}

type Shared = Arc<Mutex<Seen>>;

fn usage() -> Value {
    json!({"userId": "u1", "plan": "free", "used": 1, "limit": 3, "remaining": 2,
        "periodStart": "2026-12-01T00:00:00Z", "periodEnd": "2027-01-01T00:00:00Z",
        "firstSeen": "2026-12-02T00:00:00Z", "lastSeen": "2026-12-02T00:00:00Z"})
}

/// Fails the first two tracks (503, then 500), answers the third; every checkout fails 502.
async fn track(State(seen): State<Shared>, headers: HeaderMap, Json(body): Json<Value>) -> impl IntoResponse {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let n = {
        let mut s = seen.lock().unwrap_or_else(|e| e.into_inner());
        s.calls.push((h("authorization"), h("idempotency-key"), body));
        s.calls.len()
    };
    match n {
        1 => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"error": {"type": "api_error", "code": "upstream_unavailable", "message": "retry"}})),
        ),
        2 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": {"type": "api_error", "code": "upstream_unavailable", "message": "retry"}})),
        ),
        _ => (StatusCode::OK, Json(json!({"tracked": 1, "usage": usage()}))),
    }
}

async fn checkout(State(seen): State<Shared>) -> impl IntoResponse {
    seen.lock().unwrap_or_else(|e| e.into_inner()).calls.push((None, None, Value::Null));
    let mut h = HeaderMap::new();
    h.insert("x-request-id", "req_9".parse().unwrap_or_else(|_| unreachable!()));
    (
        StatusCode::BAD_GATEWAY,
        h,
        Json(json!({"error": {"type": "upstream_error", "code": "stripe_unavailable", "message": "later"}})),
    )
}

async fn serve() -> (String, Shared) {
    let seen: Shared = Arc::default();
    let app = Router::new()
        .route("/api/data", post(track))
        .route("/api/create-checkout", post(checkout))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), seen)
}

#[tokio::test]
async fn track_retries_5xx_under_one_idempotency_key_and_a_checkout_is_not_retried() {
    let (base, seen) = serve().await;
    let api = DreamClient::new(&base, "sk_test_abc").unwrap_or_else(|e| panic!("{e}"));
    let r = api.track("u1", Some(2), None).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.tracked, 1);
    {
        let s = seen.lock().unwrap_or_else(|e| e.into_inner());
        assert_eq!(s.calls.len(), 3);
        assert!(s.calls.iter().all(|c| c.0.as_deref() == Some("Bearer sk_test_abc")));
        let key = s.calls[0].1.clone();
        assert!(key.as_deref().is_some_and(|k| k.len() == 32), "{key:?}");
        assert!(s.calls.iter().all(|c| c.1 == key), "one key for every attempt");
        assert_eq!(s.calls[0].2, json!({"userId": "u1", "amount": 2}));
    }
    let req = CheckoutRequest {
        tier: "pro".into(),
        success_url: "https://app.test/ok".into(),
        cancel_url: "https://app.test/no".into(),
        user_id: Some("u1".into()),
    };
    let e = api.create_checkout(&req).await.err().unwrap_or_else(|| panic!("a 502 succeeded"));
    assert!(e.is(ErrorCode::StripeUnavailable), "{e}");
    assert_eq!((e.status, e.request_id.as_deref()), (502, Some("req_9")));
    assert_eq!(seen.lock().unwrap_or_else(|e| e.into_inner()).calls.len(), 4, "the checkout was sent once");
    assert!(DreamClient::new(&base, "pk_test_abc").is_err(), "a publishable key is refused");
}
