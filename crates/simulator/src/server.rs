//! The simulator's HTTP surface: Clerk's JWKS, token minting and sign-in page, plus the
//! Stripe routes of [`crate::stripe`].

use crate::clerk::{now_secs, Instance, MintRequest};
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
}

impl Sim {
    /// A simulator reachable at `base_url`.
    pub fn new(base_url: String, state_dir: Option<PathBuf>) -> Result<Arc<Sim>, String> {
        let users = Users::new(state_dir.as_ref().map(|d| d.join("clerk-users.json")))?;
        Ok(Arc::new(Sim { base_url, state_dir, instances: Mutex::new(HashMap::new()), users }))
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

/// HTML-escapes text for the simulator's pages.
pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

async fn sign_in_page(Path(name): Path<String>, Query(q): Query<SignInQuery>) -> Html<String> {
    let redirect = escape(q.redirect_url.as_deref().unwrap_or(""));
    let name = escape(&name);
    Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Sign in (local Clerk)</title><link rel="icon" href="data:,"><style>body{{font-family:system-ui;max-width:28rem;margin:3rem auto;padding:0 1rem}}
label{{display:block;margin:.8rem 0 .2rem}}input{{width:100%;padding:.5rem;font-size:1rem}}button{{margin-top:1rem;padding:.6rem 1.2rem}}</style></head>
<body><h1>Sign in</h1><p>Local Clerk stand-in, instance <code>{name}</code>. Any user id works; the same id is the same person.</p>
<form method="post"><label for="sub">User id</label><input id="sub" name="sub" required value="user_local_dev" pattern="[A-Za-z0-9_\-]{{1,64}}">
<input type="hidden" name="redirect_url" value="{redirect}"><button type="submit">Sign in</button></form></body></html>"#
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
    let public = sim.users.sign_in(&name, &f.sub, now_secs().saturating_mul(1000));
    let public_metadata = Some(public).filter(|m| m != &serde_json::json!({}));
    let req = MintRequest { sub: f.sub, azp, ttl_secs: Some(8 * 3600), public_metadata, ..Default::default() };
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

/// The simulator's router: Clerk's routes, and Stripe's when a Stripe is given.
pub fn router(sim: Arc<Sim>, stripe: Option<Arc<crate::stripe::Stripe>>) -> Router {
    let clerk = Router::new()
        .route("/health", get(|| async { Json(serde_json::json!({"status": "ok", "service": "dream-sim"})) }))
        .route("/clerk/{name}/.well-known/jwks.json", get(jwks))
        .route("/clerk/{name}/public-key.pem", get(public_pem))
        .route("/clerk/{name}/tokens", axum::routing::post(mint))
        .route("/clerk/{name}/sign-in", get(sign_in_page).post(sign_in))
        .route("/clerk/{name}/v1/users/{id}", get(get_user))
        .route("/clerk/{name}/v1/users/{id}/metadata", axum::routing::patch(user_metadata).put(user_metadata))
        .with_state(sim);
    match stripe {
        Some(st) => clerk.merge(crate::stripe::api::router(st)),
        None => clerk,
    }
}
