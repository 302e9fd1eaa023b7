//! The simulator's HTTP surface: Clerk's JWKS, token minting and sign-in page, plus the
//! Stripe routes of [`crate::stripe`].

use crate::clerk::{now_secs, Instance, MintRequest};
use crate::clerk_sessions::Sessions;
use crate::clerk_users::{ClerkError, Users};
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Shared simulator state.
pub struct Sim {
    pub base_url: String,
    /// Where keys and users persist; `None` keeps them in memory only.
    pub state_dir: Option<PathBuf>,
    instances: Mutex<HashMap<String, Arc<Instance>>>,
    /// Clerk's users of every instance.
    pub users: Users,
    /// Clerk's sessions and sign-in tickets of every instance.
    pub sessions: Sessions,
}

impl Sim {
    /// A simulator reachable at `base_url`.
    pub fn new(base_url: String, state_dir: Option<PathBuf>) -> Result<Arc<Sim>, String> {
        let users = Users::new(state_dir.as_ref().map(|d| d.join("clerk-users.json")))?;
        let sessions = Sessions::new(state_dir.as_ref().map(|d| d.join("clerk-sessions.json")))?;
        Ok(Arc::new(Sim { base_url, state_dir, instances: Mutex::new(HashMap::new()), users, sessions }))
    }

    /// Serves `instance` under its name (tests give the simulator their own keys).
    pub fn adopt(&self, instance: Instance) {
        let mut map = self.instances.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(instance.name.clone(), Arc::new(instance));
    }

    /// The issuer URL of a Clerk instance.
    pub fn issuer(&self, name: &str) -> String {
        format!("{}/clerk/{name}", self.base_url)
    }

    /// The Clerk instance `name`, created on first use.
    pub fn instance(&self, name: &str) -> Result<Arc<Instance>, String> {
        if name.is_empty()
            || name.len() > 32
            || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!("instance name {name:?} must be 1-32 of a-z, 0-9, '-'"));
        }
        let mut map = self.instances.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = map.get(name) {
            return Ok(i.clone());
        }
        let issuer = self.issuer(name);
        let inst = match &self.state_dir {
            Some(dir) => Instance::load_or_create(dir, name, issuer)?,
            None => Instance::ephemeral(name, issuer)?,
        };
        let inst = Arc::new(inst);
        map.insert(name.to_owned(), inst.clone());
        Ok(inst)
    }
}

fn bad(msg: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({"error": {"type": "invalid_request_error", "code": "invalid", "message": msg}})),
    )
        .into_response()
}

async fn jwks(State(sim): State<Arc<Sim>>, Path(name): Path<String>) -> Response {
    match sim.instance(&name) {
        Ok(i) => ([(header::CACHE_CONTROL, "public, max-age=300")], Json(i.jwks())).into_response(),
        Err(e) => bad(e),
    }
}

async fn public_pem(State(sim): State<Arc<Sim>>, Path(name): Path<String>) -> Response {
    match sim.instance(&name) {
        Ok(i) => i.public_pem().into_response(),
        Err(e) => bad(e),
    }
}

async fn mint(State(sim): State<Arc<Sim>>, Path(name): Path<String>, Json(mut req): Json<MintRequest>) -> Response {
    if req.sub.is_empty() {
        return bad("sub is required".into());
    }
    // A known user's token carries their public metadata unless the test sets its own.
    if req.public_metadata.is_none() {
        req.public_metadata = sim.users.public_metadata(&name, &req.sub).filter(|m| m != &serde_json::json!({}));
    }
    match sim.instance(&name).and_then(|i| i.mint(&req, now_secs())) {
        Ok(jwt) => Json(serde_json::json!({ "jwt": jwt })).into_response(),
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
struct SignInQuery {
    redirect_url: Option<String>,
}

/// HTML-escapes text for the simulator's pages (the product's one rule).
pub(crate) use dream_core::html::escape;

async fn sign_in_page(path: Path<String>, q: Query<SignInQuery>) -> Html<String> {
    page("Sign in", path, q)
}

async fn sign_up_page(path: Path<String>, q: Query<SignInQuery>) -> Html<String> {
    page("Sign up", path, q)
}

/// The sign-in (or sign-up: a new id is a new person either way) form.
fn page(title: &str, Path(name): Path<String>, Query(q): Query<SignInQuery>) -> Html<String> {
    let redirect = escape(q.redirect_url.as_deref().unwrap_or(""));
    let name = escape(&name);
    Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title} (local Clerk)</title><link rel="icon" href="data:,"><style>body{{font-family:system-ui;max-width:28rem;margin:3rem auto;padding:0 1rem}}
label{{display:block;margin:.8rem 0 .2rem}}input{{width:100%;padding:.5rem;font-size:1rem}}button{{margin-top:1rem;padding:.6rem 1.2rem}}</style></head>
<body><h1>{title}</h1><p>Local Clerk stand-in, instance <code>{name}</code>. Any user id works; the same id is the same person.</p>
<form method="post"><label for="sub">User id</label><input id="sub" name="sub" required value="user_local_dev" pattern="[A-Za-z0-9_\-]{{1,64}}">
<input type="hidden" name="redirect_url" value="{redirect}"><button type="submit">{title}</button></form></body></html>"#
    ))
}

#[derive(Deserialize)]
struct SignInForm {
    sub: String,
    redirect_url: Option<String>,
}

/// Whether a redirect target is on this machine.
pub(crate) fn local_url(u: &str) -> bool {
    u.starts_with("http://127.0.0.1:") || u.starts_with("http://localhost:")
}

async fn sign_in(State(sim): State<Arc<Sim>>, Path(name): Path<String>, Form(f): Form<SignInForm>) -> Response {
    if f.sub.is_empty()
        || f.sub.len() > 64
        || !f.sub.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return bad("user id must be 1-64 of A-Z, a-z, 0-9, '_', '-'".into());
    }
    let redirect = f.redirect_url.filter(|u| local_url(u));
    let azp = redirect.as_deref().map(|u| u.splitn(4, '/').take(3).collect::<Vec<_>>().join("/"));
    if let Err(e) = sim.instance(&name) {
        return bad(e);
    }
    let public = sim.users.sign_in(&name, &f.sub, now_secs().saturating_mul(1000));
    let public_metadata = Some(public).filter(|m| m != &serde_json::json!({}));
    let sid = Some(sim.sessions.start(&name, &f.sub));
    let req = MintRequest { sub: f.sub, azp, ttl_secs: Some(8 * 3600), public_metadata, sid, ..Default::default() };
    let jwt = match sim.instance(&name).and_then(|i| i.mint(&req, now_secs())) {
        Ok(j) => j,
        Err(e) => return bad(e),
    };
    match redirect {
        Some(u) => Redirect::to(&format!("{u}#__clerk_token={jwt}")).into_response(),
        None => Html(format!(
            "<!doctype html><html lang=\"en\"><body style=\"font-family:system-ui\"><h1>Signed in</h1><p>Session token (8 h):</p><textarea rows=\"8\" cols=\"80\" readonly>{jwt}</textarea></body></html>"
        ))
        .into_response(),
    }
}

fn clerk_error(e: ClerkError) -> Response {
    (StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST), Json(e.body())).into_response()
}

/// The refusal to send unless the request carries the instance's Backend API secret key.
fn refuse_unless_backend(sim: &Sim, name: &str, headers: &axum::http::HeaderMap) -> Option<Response> {
    let inst = match sim.instance(name) {
        Ok(i) => i,
        Err(e) => return Some(bad(e)),
    };
    let given =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    (given != Some(inst.backend_secret().as_str())).then(|| {
        clerk_error(ClerkError {
            status: 401,
            code: "authentication_invalid",
            message: "The provided secret key is invalid.".into(),
        })
    })
}

async fn get_user(
    State(sim): State<Arc<Sim>>,
    Path((name, id)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Response {
    if let Some(refused) = refuse_unless_backend(&sim, &name, &headers) {
        return refused;
    }
    sim.users.get(&name, &id).map(|u| Json(u).into_response()).unwrap_or_else(clerk_error)
}

async fn user_metadata(
    State(sim): State<Arc<Sim>>,
    method: axum::http::Method,
    Path((name, id)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
    Json(body): Json<serde_json::Value>,
) -> Response {
    if let Some(refused) = refuse_unless_backend(&sim, &name, &headers) {
        return refused;
    }
    let replace = method == axum::http::Method::PUT;
    match sim.users.set_metadata(&name, &id, &body, replace, now_secs().saturating_mul(1000)) {
        Ok(u) => Json(u).into_response(),
        Err(e) => clerk_error(e),
    }
}

#[derive(Deserialize)]
struct UsersQuery {
    email_address: Option<String>,
}

/// Backend API `GET /v1/users?email_address=…` (a bare array, as Clerk answers).
async fn list_users(
    State(sim): State<Arc<Sim>>,
    Path(name): Path<String>,
    headers: axum::http::HeaderMap,
    axum::extract::Query(q): axum::extract::Query<UsersQuery>,
) -> Response {
    if let Some(refused) = refuse_unless_backend(&sim, &name, &headers) {
        return refused;
    }
    let Some(email) = q.email_address else {
        return clerk_error(ClerkError {
            status: 422,
            code: "form_param_missing",
            message: "the simulator lists users by email_address only".into(),
        });
    };
    Json(sim.users.with_email(&name, &email)).into_response()
}

/// Backend API `POST /v1/users`.
async fn create_user(
    State(sim): State<Arc<Sim>>,
    Path(name): Path<String>,
    headers: axum::http::HeaderMap,
    Json(body): Json<serde_json::Value>,
) -> Response {
    if let Some(refused) = refuse_unless_backend(&sim, &name, &headers) {
        return refused;
    }
    match sim.users.create(&name, &body, now_secs().saturating_mul(1000)) {
        Ok(u) => Json(u).into_response(),
        Err(e) => clerk_error(e),
    }
}

#[derive(Deserialize)]
struct SignInTokenBody {
    user_id: String,
    #[serde(default)]
    expires_in_seconds: Option<i64>,
}

/// Backend API `POST /v1/sign_in_tokens`: a one-time ticket for an existing user.
async fn create_sign_in_token(
    State(sim): State<Arc<Sim>>,
    Path(name): Path<String>,
    headers: axum::http::HeaderMap,
    Json(body): Json<SignInTokenBody>,
) -> Response {
    if let Some(refused) = refuse_unless_backend(&sim, &name, &headers) {
        return refused;
    }
    if let Err(e) = sim.users.get(&name, &body.user_id) {
        return clerk_error(e);
    }
    // Clerk's default lifetime is 30 days; callers of a hand-off ask for minutes.
    let secs = body.expires_in_seconds.unwrap_or(2_592_000).clamp(1, 2_592_000);
    let now_ms = now_secs().saturating_mul(1000);
    Json(sim.sessions.create_ticket(&sim.issuer(&name), &name, &body.user_id, secs, now_ms)).into_response()
}

/// Lets a page on this machine read a Frontend API answer (apps call it cross-origin).
fn for_origin(headers: &axum::http::HeaderMap, resp: Response) -> Response {
    let mut resp = resp;
    if let Some(origin) = headers.get(header::ORIGIN).filter(|o| o.to_str().is_ok_and(local_url)) {
        resp.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        resp.headers_mut().insert(header::VARY, axum::http::HeaderValue::from_static("origin"));
    }
    resp
}

#[derive(Deserialize)]
struct TicketSignIn {
    strategy: String,
    ticket: String,
}

/// Frontend API `POST /v1/client/sign_ins` with `strategy=ticket`: redeems a ticket.
async fn ticket_sign_in(
    State(sim): State<Arc<Sim>>,
    Path(name): Path<String>,
    headers: axum::http::HeaderMap,
    Query(q): Query<TicketSignIn>,
) -> Response {
    if q.strategy != "ticket" {
        return for_origin(&headers, bad("the local Clerk signs in with strategy=ticket only".into()));
    }
    let now_ms = now_secs().saturating_mul(1000);
    let resp = match sim.sessions.redeem(&name, &q.ticket, now_ms) {
        Ok((sid, user_id)) => {
            sim.users.sign_in(&name, &user_id, now_ms);
            Json(serde_json::json!({
                "response": {"object": "sign_in_attempt", "id": format!("sia_{}", crate::stripe::random(24)),
                             "status": "complete", "created_session_id": sid},
                "client": {"object": "client", "sessions": [
                    {"object": "session", "id": sid, "status": "active", "user": {"id": user_id}}
                ]}
            }))
            .into_response()
        }
        Err(e) => clerk_error(e),
    };
    for_origin(&headers, resp)
}

/// Frontend API `POST /v1/client/sessions/{id}/tokens`: a fresh 60-second session token,
/// carrying the user's current public metadata; `azp` is the calling page's origin.
async fn session_token(
    State(sim): State<Arc<Sim>>,
    Path((name, sid)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Response {
    let resp = match sim.sessions.user_of(&name, &sid) {
        Ok(user_id) => {
            // As Clerk does: the token is for the page that asked (its Origin).
            let azp = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(str::to_owned);
            let public_metadata = sim.users.public_metadata(&name, &user_id).filter(|m| m != &serde_json::json!({}));
            let req = MintRequest {
                sub: user_id,
                azp,
                ttl_secs: Some(60),
                public_metadata,
                sid: Some(sid),
                ..Default::default()
            };
            match sim.instance(&name).and_then(|i| i.mint(&req, now_secs())) {
                Ok(jwt) => Json(serde_json::json!({"object": "token", "jwt": jwt})).into_response(),
                Err(e) => bad(e),
            }
        }
        Err(e) => clerk_error(e),
    };
    for_origin(&headers, resp)
}

/// Frontend API `POST /v1/client/sessions/{id}/end`: sign-out.
async fn end_session(
    State(sim): State<Arc<Sim>>,
    Path((name, sid)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Response {
    let resp = match sim.sessions.end(&name, &sid) {
        Ok(()) => Json(serde_json::json!({"object": "session", "id": sid, "status": "ended"})).into_response(),
        Err(e) => clerk_error(e),
    };
    for_origin(&headers, resp)
}

/// The stand-in for Clerk's browser SDK script.
async fn browser_sdk() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            // Loaded with `crossorigin` by pages on other origins, as Clerk's CDN allows.
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        include_str!("clerk_browser.js"),
    )
        .into_response()
}

/// The simulator's router: Clerk's routes, and Stripe's when a Stripe is given.
pub fn router(sim: Arc<Sim>, stripe: Option<Arc<crate::stripe::Stripe>>) -> Router {
    let clerk = Router::new()
        .route("/health", get(|| async { Json(serde_json::json!({"status": "ok", "service": "dream-sim"})) }))
        .route("/clerk/{name}/.well-known/jwks.json", get(jwks))
        .route("/clerk/{name}/public-key.pem", get(public_pem))
        .route("/clerk/{name}/tokens", axum::routing::post(mint))
        .route("/clerk/{name}/sign-in", get(sign_in_page).post(sign_in))
        .route("/clerk/{name}/sign-up", get(sign_up_page).post(sign_in))
        .route("/clerk/{name}/npm/clerk.browser.js", get(browser_sdk))
        .route("/clerk/{name}/v1/sign_in_tokens", axum::routing::post(create_sign_in_token))
        .route("/clerk/{name}/v1/client/sign_ins", axum::routing::post(ticket_sign_in))
        .route("/clerk/{name}/v1/client/sessions/{sid}/tokens", axum::routing::post(session_token))
        .route("/clerk/{name}/v1/client/sessions/{sid}/end", axum::routing::post(end_session))
        .route("/clerk/{name}/v1/users", get(list_users).post(create_user))
        .route("/clerk/{name}/v1/users/{id}", get(get_user))
        .route("/clerk/{name}/v1/users/{id}/metadata", axum::routing::patch(user_metadata).put(user_metadata))
        .with_state(sim);
    match stripe {
        Some(st) => clerk.merge(crate::stripe::api::router(st)),
        None => clerk,
    }
}
