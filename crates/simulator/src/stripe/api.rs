//! Stripe's HTTP API as the simulator serves it: `/v1/…` with Stripe's authentication,
//! `Stripe-Account`, `Idempotency-Key`, form bodies, list objects and error objects; the
//! Connect OAuth token endpoints; and `/_sim/stripe/…` controls for tests.

use super::form::decode;
use super::ops::{self, public, Ctx, StripeError};
use super::payments;
use super::{objects as obj, schedules, Stripe, PLATFORM_ACCOUNT};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

fn reply(status: u16, body: Value, replayed: bool) -> Response {
    let mut r = (StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), Json(body)).into_response();
    let h = r.headers_mut();
    if let Ok(v) = format!("req_{}", super::random(14)).parse() {
        h.insert("request-id", v);
    }
    h.insert("stripe-version", http::HeaderValue::from_static(obj::API_VERSION));
    if replayed {
        h.insert("idempotent-replayed", http::HeaderValue::from_static("true"));
    }
    r
}

fn auth_error(message: String) -> StripeError {
    StripeError { status: 401, kind: "invalid_request_error", code: None, message, param: None }
}

/// The secret key a request authenticates with (`Bearer sk_…` or Basic `sk_…:`).
fn secret_key(headers: &HeaderMap) -> Option<String> {
    let h = headers.get("authorization")?.to_str().ok()?;
    if let Some(k) = h.strip_prefix("Bearer ") {
        return Some(k.trim().to_owned());
    }
    let b = base64::engine::general_purpose::STANDARD.decode(h.strip_prefix("Basic ")?.trim()).ok()?;
    let s = String::from_utf8(b).ok()?;
    Some(s.split(':').next()?.to_owned())
}

fn redact(key: &str) -> String {
    let tail: String = key.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("{}****{tail}", key.chars().take(8).collect::<String>())
}

fn context(st: &Stripe, headers: &HeaderMap) -> Result<Ctx, StripeError> {
    let key = secret_key(headers).ok_or_else(|| {
        auth_error("You did not provide an API key. Provide it in the Authorization header (Bearer auth).".into())
    })?;
    let s = st.lock();
    let (account, livemode) =
        s.keys.get(&key).cloned().ok_or_else(|| auth_error(format!("Invalid API Key provided: {}", redact(&key))))?;
    let account = match headers.get("stripe-account").and_then(|v| v.to_str().ok()) {
        None => account,
        Some(target) if target == account => account,
        Some(target) => {
            if account != PLATFORM_ACCOUNT || s.connected.get(target) != Some(&true) {
                return Err(StripeError {
                    status: 403,
                    kind: "invalid_request_error",
                    code: Some("account_invalid"),
                    message: "The provided key does not have access to account '".to_owned()
                        + target
                        + "' (or that account does not exist).",
                    param: None,
                });
            }
            target.to_owned()
        }
    };
    let now = s.now_for(st.wall(), &account);
    Ok(Ctx { account, livemode, now })
}

fn listed(url: &str, (data, more): (Vec<Value>, bool)) -> Value {
    obj::list(url, data.into_iter().map(public).collect(), more)
}

fn field_is(o: &Value, p: &Value, name: &str, field: &str) -> bool {
    p.get(name).and_then(Value::as_str).is_none_or(|want| match &o[field] {
        Value::String(s) => s == want,
        Value::Bool(b) => want == if *b { "true" } else { "false" },
        _ => false,
    })
}

/// Runs one API call against the state.
fn dispatch(st: &Stripe, c: &Ctx, method: &Method, path: &[&str], p: &Value) -> Result<Value, StripeError> {
    let s = &mut st.lock();
    let base = &st.base_url;
    let m = method.as_str();
    match (m, path) {
        ("POST", ["products"]) => ops::product_create(s, c, p),
        ("GET", ["products"]) => {
            ops::list(s, c, "product", p, |o| field_is(o, p, "active", "active")).map(|l| listed("/v1/products", l))
        }
        ("GET", ["products", id]) => ops::get(s, c, "product", id),
        ("POST", ["products", id]) => ops::product_update(s, c, id, p),
        ("POST", ["prices"]) => ops::price_create(s, c, p),
        ("GET", ["prices"]) => ops::list(s, c, "price", p, |o| {
            field_is(o, p, "product", "product") && field_is(o, p, "active", "active") && field_is(o, p, "type", "type")
        })
        .map(|l| listed("/v1/prices", l)),
        ("GET", ["prices", id]) => ops::get(s, c, "price", id),
        ("POST", ["prices", id]) => ops::price_update(s, c, id, p),
        ("POST", ["coupons"]) => ops::coupon_create(s, c, p),
        ("GET", ["coupons", id]) => ops::get(s, c, "coupon", id),
        ("POST", ["promotion_codes"]) => ops::promotion_code_create(s, c, p),
        ("GET", ["promotion_codes"]) => {
            let (found, more) = ops::list(s, c, "promotion_code", p, |o| {
                field_is(o, p, "active", "active")
                    && p.get("code")
                        .and_then(Value::as_str)
                        .is_none_or(|k| o["code"].as_str().is_some_and(|c| c.eq_ignore_ascii_case(k)))
            })?;
            let shown = found.into_iter().map(|o| ops::promotion_code_shown(s, c, o, p, "data.")).collect();
            Ok(listed("/v1/promotion_codes", (shown, more)))
        }
        ("GET", ["promotion_codes", id]) => {
            ops::get(s, c, "promotion_code", id).map(|o| ops::promotion_code_shown(s, c, o, p, ""))
        }
        ("POST", ["customers"]) => ops::customer_create(s, c, p),
        ("GET", ["customers", id]) => ops::get(s, c, "customer", id),
        ("POST", ["checkout", "sessions"]) => ops::checkout_create(s, c, p, base),
        ("GET", ["checkout", "sessions", id]) => ops::get(s, c, "checkout.session", id).map(public),
        ("POST", ["checkout", "sessions", id, "expire"]) => ops::checkout_expire(s, c, id),
        ("GET", ["payment_intents", id]) => ops::get(s, c, "payment_intent", id),
        ("GET", ["charges", id]) => ops::get(s, c, "charge", id),
        ("POST", ["refunds"]) => payments::refund_create(s, c, p),
        ("GET", ["refunds", id]) => ops::get(s, c, "refund", id),
        ("POST", ["billing_portal", "sessions"]) => ops::portal_session_create(s, c, p, base),
        ("POST", ["billing_portal", "configurations"]) => Ok(ops::portal_configuration(s, c)),
        ("GET", ["billing_portal", "configurations"]) => ops::list(s, c, "billing_portal.configuration", p, |_| true)
            .map(|l| listed("/v1/billing_portal/configurations", l)),
        ("GET", ["billing_portal", "configurations", id]) => ops::get(s, c, "billing_portal.configuration", id),
        ("GET", ["subscriptions"]) => ops::list(s, c, "subscription", p, |o| {
            field_is(o, p, "customer", "customer")
                && p.get("status").and_then(Value::as_str).is_none_or(|w| w == "all" || o["status"] == w)
                && (p.get("status").is_some() || o["status"] != "canceled")
        })
        .map(|l| listed("/v1/subscriptions", l)),
        ("GET", ["subscriptions", id]) => ops::get(s, c, "subscription", id),
        ("POST", ["subscriptions", id]) => ops::subscription_update(s, c, id, p),
        ("DELETE", ["subscriptions", id]) => ops::subscription_cancel(s, c, id),
        ("POST", ["subscription_schedules"]) => schedules::create(s, c, p),
        ("GET", ["subscription_schedules", id]) => ops::get(s, c, "subscription_schedule", id),
        ("POST", ["subscription_schedules", id]) => schedules::update(s, c, id, p),
        ("POST", ["subscription_schedules", id, "release"]) => schedules::release(s, c, id),
        ("GET", ["invoices"]) => ops::list(s, c, "invoice", p, |o| {
            field_is(o, p, "customer", "customer")
                && p.get("subscription")
                    .and_then(Value::as_str)
                    .is_none_or(|w| o["parent"]["subscription_details"]["subscription"] == w)
        })
        .map(|l| listed("/v1/invoices", l)),
        ("GET", ["invoices", id]) => ops::get(s, c, "invoice", id),
        ("GET", ["events"]) => {
            ops::list(s, c, "event", p, |o| field_is(o, p, "type", "type")).map(|l| listed("/v1/events", l))
        }
        ("GET", ["events", id]) => ops::get(s, c, "event", id),
        ("POST", ["webhook_endpoints"]) => {
            let url = p.get("url").and_then(Value::as_str).ok_or_else(|| StripeError::missing("url"))?;
            let connect = p.get("connect").and_then(Value::as_str) == Some("true");
            let e = super::Endpoint::new(url, connect);
            s.endpoints.push(e.clone());
            Ok(json!({"id": e.id, "object": "webhook_endpoint", "url": e.url, "secret": e.secret,
                "application": null, "connect": connect, "created": c.now, "enabled_events": ["*"],
                "livemode": c.livemode, "metadata": {}, "status": "enabled", "api_version": obj::API_VERSION}))
        }
        _ => Err(StripeError {
            status: 404,
            kind: "invalid_request_error",
            code: None,
            message: format!("Unrecognized request URL ({m}: /v1/{}).", path.join("/")),
            param: None,
        }),
    }
}

/// An answer without the simulator's own bookkeeping (`*_sim` fields), lists included.
fn shown(v: Value) -> Value {
    let mut v = public(v);
    if let Some(data) = v.get_mut("data").and_then(Value::as_array_mut) {
        for o in data.iter_mut() {
            *o = public(std::mem::take(o));
        }
    }
    v
}

fn params(method: &Method, query: Option<&str>, body: &[u8]) -> Result<Value, StripeError> {
    let raw = if method == Method::POST {
        std::str::from_utf8(body).map_err(|_| StripeError::invalid("body", "Request body is not UTF-8."))?
    } else {
        query.unwrap_or("")
    };
    decode(raw).map_err(|e| StripeError::invalid("body", format!("Invalid form body: {e}")))
}

async fn v1(
    State(st): State<Arc<Stripe>>,
    method: Method,
    Path(path): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let c = match context(&st, &headers) {
        Ok(c) => c,
        Err(e) => return reply(e.status, e.body(), false),
    };
    let p = match params(&method, query.as_deref(), &body) {
        Ok(p) => p,
        Err(e) => return reply(e.status, e.body(), false),
    };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let idem = (method == Method::POST)
        .then(|| headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned))
        .flatten();
    let fingerprint = format!("{method} {path} {}", String::from_utf8_lossy(&body));
    if let Some(k) = &idem {
        let seen = st.lock().idempotency.get(&(c.account.clone(), c.livemode, k.clone())).cloned();
        if let Some((fp, status, body)) = seen {
            if fp != fingerprint {
                let e = StripeError {
                    status: 400,
                    kind: "idempotency_error",
                    code: None,
                    message: format!("Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{k}' if you meant to execute a different request."),
                    param: None,
                };
                return reply(e.status, e.body(), false);
            }
            return reply(status, body, true);
        }
    }
    let (status, out) = match dispatch(&st, &c, &method, &segments, &p) {
        Ok(v) => (200, shown(v)),
        Err(e) => (e.status, e.body()),
    };
    if let Some(k) = idem {
        // Stripe does not remember answers to requests that failed validation before running.
        if status != 400 {
            st.lock().idempotency.insert((c.account.clone(), c.livemode, k), (fingerprint, status, out.clone()));
        }
    }
    st.flush().await;
    reply(status, out, false)
}

fn oauth_error(error: &str, description: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": error, "error_description": description}))).into_response()
}

async fn oauth_token(State(st): State<Arc<Stripe>>, headers: HeaderMap, body: Bytes) -> Response {
    let p = decode(&String::from_utf8_lossy(&body)).unwrap_or(json!({}));
    let key = p.get("client_secret").and_then(Value::as_str).map(str::to_owned).or_else(|| secret_key(&headers));
    let mut s = st.lock();
    let platform_mode =
        key.as_ref().and_then(|k| s.keys.get(k)).filter(|(a, _)| a == PLATFORM_ACCOUNT).map(|(_, l)| *l);
    let Some(livemode) = platform_mode else {
        return oauth_error(
            "invalid_client",
            "No authentication was provided, or the key is not the platform's secret key.",
        );
    };
    match p.get("grant_type").and_then(Value::as_str) {
        Some("authorization_code") => {}
        Some(other) => return oauth_error("unsupported_grant_type", &format!("Unsupported grant type: {other}")),
        None => return oauth_error("invalid_request", "No grant type provided."),
    }
    let Some(code) = p.get("code").and_then(Value::as_str) else {
        return oauth_error("invalid_request", "No authorization code provided.");
    };
    let Some((account, _, used)) = s.codes.get(code).cloned() else {
        return oauth_error("invalid_grant", &format!("Authorization code does not exist: {code}"));
    };
    if used {
        return oauth_error("invalid_grant", &format!("Authorization code already used: {code}"));
    }
    // The mode of the connection is the mode of the key that exchanges the code.
    s.codes.insert(code.to_owned(), (account.clone(), livemode, true));
    let prefix = if livemode { "live" } else { "test" };
    let access = format!("sk_{prefix}_{}", super::random(40));
    s.keys.insert(access.clone(), (account.clone(), livemode));
    let refresh = format!("rt_{}", super::random(40));
    s.issued_tokens.extend([access.clone(), refresh.clone()]);
    Json(json!({
        "access_token": access, "livemode": livemode, "refresh_token": refresh,
        "scope": "read_write", "stripe_publishable_key": format!("pk_{prefix}_{}", super::random(40)),
        "stripe_user_id": account, "token_type": "bearer"
    }))
    .into_response()
}

async fn oauth_deauthorize(State(st): State<Arc<Stripe>>, headers: HeaderMap, body: Bytes) -> Response {
    let p = decode(&String::from_utf8_lossy(&body)).unwrap_or(json!({}));
    let mut s = st.lock();
    let platform =
        secret_key(&headers).and_then(|k| s.keys.get(&k).cloned()).is_some_and(|(a, _)| a == PLATFORM_ACCOUNT);
    if !platform {
        return oauth_error(
            "invalid_client",
            "No authentication was provided, or the key is not the platform's secret key.",
        );
    }
    if p.get("client_id").and_then(Value::as_str) != Some(st.setup.client_id.as_str()) {
        return oauth_error("invalid_client", "No such application.");
    }
    let Some(acct) = p.get("stripe_user_id").and_then(Value::as_str) else {
        return oauth_error("invalid_request", "No stripe_user_id provided.");
    };
    if s.connected.get(acct) != Some(&true) {
        return oauth_error("invalid_client", &format!("This application is not connected to stripe account {acct}."));
    }
    s.connected.insert(acct.to_owned(), false);
    // Access tokens of the account stop working with the connection.
    s.keys.retain(|_, (a, _)| a != acct);
    Json(json!({ "stripe_user_id": acct })).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Advance {
    seconds: i64,
    #[serde(default)]
    fail_payments: bool,
    /// Move only this account's clock (default: the whole simulator's).
    #[serde(default)]
    account: Option<String>,
}

async fn advance(State(st): State<Arc<Stripe>>, Json(a): Json<Advance>) -> Response {
    if a.seconds < 0 {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "seconds must be >= 0"}))).into_response();
    }
    let wall = st.wall();
    let now = {
        let mut s = st.lock();
        match &a.account {
            Some(acct) => *s.account_offsets.entry(acct.clone()).or_default() += a.seconds,
            None => s.offset_secs += a.seconds,
        }
        ops::roll_periods(&mut s, wall, a.account.as_deref(), a.fail_payments);
        ops::expire_sessions(&mut s, wall, a.account.as_deref());
        s.now_for(wall, a.account.as_deref().unwrap_or(""))
    };
    st.flush().await;
    Json(json!({ "now": now })).into_response()
}

#[derive(Deserialize)]
struct Release {
    #[serde(default)]
    reverse: bool,
}

async fn release(State(st): State<Arc<Stripe>>, Json(r): Json<Release>) -> Response {
    let n = st.release(r.reverse).await;
    Json(json!({ "released": n })).into_response()
}

async fn resend(State(st): State<Arc<Stripe>>, Path(id): Path<String>) -> Response {
    if st.resend(&id).await {
        Json(json!({ "resent": id })).into_response()
    } else {
        (StatusCode::NOT_FOUND, Json(json!({"error": format!("no event {id}")}))).into_response()
    }
}

/// The simulator's Stripe routes (API, OAuth token exchange, test controls).
pub fn router(st: Arc<Stripe>) -> Router {
    Router::new()
        .route("/v1/{*path}", any(v1))
        .route("/oauth/token", post(oauth_token))
        .route("/oauth/deauthorize", post(oauth_deauthorize))
        .route("/_sim/stripe/clock/advance", post(advance))
        .route(
            "/_sim/stripe/webhooks/hold",
            post(|State(st): State<Arc<Stripe>>| async move {
                st.hold();
                Json(json!({"held": true}))
            }),
        )
        .route("/_sim/stripe/webhooks/release", post(release))
        .route("/_sim/stripe/events/{id}/resend", post(resend))
        .route(
            "/_sim/stripe/deliveries",
            get(|State(st): State<Arc<Stripe>>| async move { Json(json!({ "data": st.deliveries() })) }),
        )
        .route(
            "/_sim/stripe/now",
            get(|State(st): State<Arc<Stripe>>| async move { Json(json!({ "now": st.now_for(PLATFORM_ACCOUNT) })) }),
        )
        .merge(super::hosted::router())
        .with_state(st)
}

/// A fresh OAuth authorization code for a new connected account (the consent page's "Connect").
pub(crate) fn grant_code(st: &Stripe, existing: Option<&str>) -> (String, String) {
    let mut s = st.lock();
    let account = match existing.filter(|a| s.connected.contains_key(*a)) {
        Some(a) => a.to_owned(),
        None => format!("acct_1{}", super::random(15)),
    };
    let code = format!("ac_{}", super::random(32));
    s.connected.insert(account.clone(), true);
    s.codes.insert(code.clone(), (account.clone(), false, false));
    (account, code)
}
