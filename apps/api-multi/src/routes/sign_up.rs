//! The hosted end-user sign-up for platforms on the deployment's shared Clerk app:
//! `GET /signup` and `GET /signin` (the pages an app links to), `POST /signup/complete` (binds
//! the signed-in person to the platform and hands them back to the app with a one-time
//! Clerk sign-in ticket), and `GET /api/sign-in-config` (what an app needs to load Clerk's
//! browser SDK for the same Clerk app and redeem that ticket).
//!
//! The publishable key and the return URL are checked before anything is shown: the URL must
//! be on one of the platform's allowed origins, so the pages cannot send a signed-in person,
//! or their ticket, anywhere else.

use crate::caller;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use dream_core::api::{SharedSignIn, SignUpCompletion, SignUpHandoff};
use dream_core::html::escape;
use dream_core::kv_schema::PlatformConfig;
use dream_core::url::encode;
use dream_core::{validate, ApiError, ErrorCode};
use dream_services::config::{ClerkInstance, HostedSignIn};
use dream_services::{clerk_api, jwks, sign_up, AppState};
use dream_web::auth::require_bearer;
use dream_web::extract::Json as Body;
use dream_web::Result;
use std::collections::HashMap;
use std::sync::Arc;

/// The query both pages take (`pk`, `redirect`): a map, so that no query string can make the
/// extractor refuse with anything but the page's own error (a repeated name keeps the last).
type PageQuery = HashMap<String, String>;

/// Which Clerk page the person is sent to when not signed in yet.
#[derive(Clone, Copy)]
enum Page {
    SignUp,
    SignIn,
}

/// `GET /signup`: the hosted sign-up page of a platform.
pub async fn sign_up_page(State(state): State<AppState>, Query(q): Query<PageQuery>) -> Response {
    page(&state, Page::SignUp, q).await
}

/// `GET /signin`: the hosted sign-in page of a platform.
pub async fn sign_in_page(State(state): State<AppState>, Query(q): Query<PageQuery>) -> Response {
    page(&state, Page::SignIn, q).await
}

/// `POST /signup/complete`: binds the token's person to the platform; answers where to send them.
pub async fn complete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(req): Body<SignUpCompletion>,
) -> Result<Json<SignUpHandoff>> {
    let (cfg, shared, platform) = target(&state, &req.publishable_key, &req.redirect).await?;
    // Only a token the hosted page itself obtained (its origin is the `azp`): a token an
    // app's page leaked cannot be turned into a ticket for another platform's app.
    let mut policy = shared.policy.clone();
    policy.authorized_parties = vec![cfg.origin.clone()];
    let claims = jwks::verify(&state, require_bearer(&headers)?, &shared.jwks_url, &policy).await?;
    let user = validate::user_id(&claims.sub).map_err(|_| {
        ApiError::new(ErrorCode::TokenSubjectInvalid, "the session token's subject is not a usable user id")
    })?;
    let platform_ids = sign_up::bind(&state, cfg, user, &platform.platform_id).await?;
    let ticket = clerk_api::sign_in_ticket(&state, cfg, user).await?;
    Ok(Json(SignUpHandoff { redirect: with_ticket(&req.redirect, &ticket), platform_ids }))
}

/// `GET /api/sign-in-config`: the shared Clerk app's browser SDK settings.
pub async fn config(State(state): State<AppState>) -> Result<Json<SharedSignIn>> {
    let cfg = hosted(&state)?;
    Ok(Json(SharedSignIn { clerk_publishable_key: cfg.publishable_key.clone(), clerk_js_url: cfg.js_url.clone() }))
}

fn hosted(state: &AppState) -> Result<&HostedSignIn> {
    state.config.hosted_sign_in.as_ref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::EndUserSignInNotConfigured,
            "this deployment has no hosted end-user sign-up (END_USER_CLERK_SECRET_KEY and friends)",
        )
        .into()
    })
}

/// The deployment's hosted sign-in settings, the key's platform, and a checked return URL.
async fn target<'a>(
    state: &'a AppState,
    pk: &str,
    redirect: &str,
) -> Result<(&'a HostedSignIn, &'a ClerkInstance, Arc<PlatformConfig>)> {
    let cfg = hosted(state)?;
    let shared = state.config.end_user_clerk.as_ref().ok_or_else(|| {
        ApiError::new(ErrorCode::EndUserSignInNotConfigured, "this deployment has no shared end-user Clerk app")
    })?;
    let (platform, _mode) = caller::of_publishable_key(state, pk).await?;
    if platform.end_user_auth.own_policy().is_some() {
        return Err(ApiError::new(
            ErrorCode::HostedSignInUnavailable,
            "this platform signs its end users in with its own Clerk instance, not the hosted sign-up",
        )
        .into());
    }
    validate::redirect_url("redirect", redirect, &platform.allowed_origins)?;
    Ok((cfg, shared, platform))
}

/// `url` with `__clerk_ticket=<ticket>` added to its query (before any fragment), where
/// Clerk's components and the SDKs look for it.
fn with_ticket(url: &str, ticket: &str) -> String {
    let (base, fragment) = url.split_once('#').map_or((url, None), |(b, f)| (b, Some(f)));
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut out = format!("{base}{sep}__clerk_ticket={}", encode(ticket));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// JSON safe inside a `<script>` element.
fn script_json(v: &serde_json::Value) -> String {
    v.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

const STYLE: &str =
    "body{font-family:system-ui,sans-serif;max-width:30rem;margin:4rem auto;padding:0 1rem;color:#1d2330}\
h1{font-size:1.4rem}.error{color:#b3261e}code{background:#f1f3f7;padding:0 .25rem}";

/// The page's code: load Clerk's browser SDK, send the person to Clerk's sign-up or sign-in
/// when not signed in yet (Clerk returns here), then bind and follow the hand-off.
const SCRIPT: &str = r#"
const cfg = JSON.parse(document.getElementById("dream-sign-in").textContent);
const status = document.getElementById("status");
function fail(message) { status.textContent = message; status.className = "error"; }
try {
  await new Promise((loaded, failed) => {
    const s = document.createElement("script");
    s.src = cfg.clerkJsUrl;
    s.async = true;
    s.crossOrigin = "anonymous";
    s.setAttribute("data-clerk-publishable-key", cfg.clerkPublishableKey);
    s.onload = loaded;
    s.onerror = () => failed(new Error("the sign-in service could not be loaded; try again shortly"));
    document.head.appendChild(s);
  });
  const clerk = window.Clerk;
  await clerk.load();
  if (!clerk.user) {
    const back = { redirectUrl: location.href };
    if (cfg.page === "signup") clerk.redirectToSignUp(back); else clerk.redirectToSignIn(back);
  } else {
    status.textContent = "Signing you in to the app…";
    const token = await clerk.session.getToken();
    const r = await fetch("/signup/complete", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ publishableKey: cfg.publishableKey, redirect: cfg.redirect }),
    });
    const body = await r.json().catch(() => null);
    if (r.ok && body) location.replace(body.redirect);
    else fail(body?.error?.message ?? `the sign-up failed (${r.status}); try again`);
  }
} catch (e) {
  fail(e.message);
}
"#;

fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let doc = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
<title>{title}</title><link rel=\"icon\" href=\"data:,\"><style>{STYLE}</style></head><body>{body}</body></html>"
    );
    let headers = [
        (header::CACHE_CONTROL, "no-store"),
        // A sign-in page is never framed (clickjacking) and never leaks its URL onwards.
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    (status, headers, Html(doc)).into_response()
}

async fn page(state: &AppState, which: Page, q: PageQuery) -> Response {
    let (title, kind) = match which {
        Page::SignUp => ("Sign up", "signup"),
        Page::SignIn => ("Sign in", "signin"),
    };
    let (Some(pk), Some(redirect)) = (q.get("pk"), q.get("redirect")) else {
        let e =
            ApiError::new(ErrorCode::InvalidQuery, "the link needs ?pk=<publishable key>&redirect=<your app's URL>");
        return refused(title, &e);
    };
    let cfg = match target(state, pk, redirect).await {
        Ok((cfg, _, _)) => cfg,
        Err(e) => return refused(title, &e.0),
    };
    let settings = serde_json::json!({
        "page": kind, "publishableKey": pk, "redirect": redirect,
        "clerkJsUrl": cfg.js_url, "clerkPublishableKey": cfg.publishable_key,
    });
    let body = format!(
        "<h1>{title}</h1><p id=\"status\">Loading the sign-in…</p>\
<script type=\"application/json\" id=\"dream-sign-in\">{}</script><script type=\"module\">{SCRIPT}</script>",
        script_json(&settings)
    );
    html(StatusCode::OK, title, &body)
}

/// The page a refused link shows: what is wrong, with the API's code, and nothing else.
fn refused(title: &str, e: &ApiError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = format!(
        "<h1>{title}</h1><p class=\"error\" id=\"status\" data-code=\"{code}\">This sign-in link cannot be used: {msg}</p>\
<p>Error code <code>{code}</code>. If you followed a link from an app, tell its developer.</p>",
        code = e.code.as_str(),
        msg = escape(&e.message),
    );
    html(status, title, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ticket_joins_the_query_before_any_fragment() {
        assert_eq!(with_ticket("https://app.test/", "t1"), "https://app.test/?__clerk_ticket=t1");
        assert_eq!(with_ticket("https://app.test/?a=1#top", "t.2"), "https://app.test/?a=1&__clerk_ticket=t.2#top");
        assert_eq!(with_ticket("https://app.test/x#y", "a b"), "https://app.test/x?__clerk_ticket=a%20b#y");
    }

    #[test]
    fn page_settings_cannot_close_their_script_element() {
        let v = serde_json::json!({ "redirect": "https://app.test/</script><script>alert(1)</script>" });
        assert!(!script_json(&v).contains("</script>"));
        assert_eq!(escape("<a href=\"x\">'&"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
    }
}
