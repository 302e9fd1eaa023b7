//! The shared end-user Clerk app's Backend API, over the HTTP port: a user's public
//! metadata, and sign-in tokens (the one-time tickets that hand a signed-in person to an
//! app on another domain). Clerk's messages go to the log; callers get `clerk_unavailable`.

use crate::config::HostedSignIn;
use crate::{log, AppState, Error, Result};
use dream_core::ports::{HttpLimits, HttpRequest};
use dream_core::url::encode;
use dream_core::{ApiError, ErrorCode};
use serde::Deserialize;
use serde_json::{json, Value};

/// How long a hand-off ticket stays usable: long enough for one redirect.
pub const TICKET_SECONDS: u64 = 300;

/// A failed Backend API call, as callers see it (Clerk's text is only logged).
fn unavailable(what: &str, detail: &str) -> Error {
    log::error(&format!("Clerk Backend API {what} failed: {detail}"));
    ApiError::new(ErrorCode::ClerkUnavailable, format!("the sign-in service failed to {what}; try again shortly"))
        .into()
}

async fn send(
    state: &AppState,
    cfg: &HostedSignIn,
    what: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Result<Value> {
    let req = HttpRequest {
        method: method.into(),
        url: format!("{}{path}", cfg.api_url),
        headers: vec![
            ("authorization".into(), format!("Bearer {}", cfg.secret_key)),
            ("content-type".into(), "application/json".into()),
        ],
        body: body.map(|b| b.to_string()),
        limits: HttpLimits::CLERK,
    };
    let resp = state.ports.http.send(req).await.map_err(|e| unavailable(what, &e.0))?;
    if !(200..300).contains(&resp.status) {
        let text = String::from_utf8_lossy(&resp.body);
        return Err(unavailable(what, &format!("{} {}", resp.status, text.chars().take(300).collect::<String>())));
    }
    serde_json::from_slice(&resp.body).map_err(|e| unavailable(what, &format!("unreadable answer: {e}")))
}

/// The platforms a user's public metadata binds them to (`platformIds`, and the older single
/// `platformId`).
pub async fn bound_platforms(state: &AppState, cfg: &HostedSignIn, user_id: &str) -> Result<Vec<String>> {
    #[derive(Deserialize, Default)]
    struct Public {
        #[serde(rename = "platformIds", default)]
        platform_ids: Vec<String>,
        #[serde(rename = "platformId", default)]
        platform_id: Option<String>,
    }
    let user = send(state, cfg, "read the user", "GET", &format!("/v1/users/{}", encode(user_id)), None).await?;
    let public: Public =
        serde_json::from_value(user.get("public_metadata").cloned().unwrap_or(Value::Null)).unwrap_or_default();
    let mut ids = public.platform_ids;
    ids.extend(public.platform_id.filter(|id| !ids.contains(id)));
    Ok(ids)
}

/// Sets the user's `public_metadata.platformIds` (Clerk merges the other keys, replaces the list).
pub async fn set_bound_platforms(state: &AppState, cfg: &HostedSignIn, user_id: &str, ids: &[String]) -> Result<()> {
    let body = json!({ "public_metadata": { "platformIds": ids } });
    let path = format!("/v1/users/{}/metadata", encode(user_id));
    send(state, cfg, "record the sign-up", "PATCH", &path, Some(body)).await.map(|_| ())
}

/// A one-time sign-in ticket for the user, good for [`TICKET_SECONDS`].
pub async fn sign_in_ticket(state: &AppState, cfg: &HostedSignIn, user_id: &str) -> Result<String> {
    let body = json!({ "user_id": user_id, "expires_in_seconds": TICKET_SECONDS });
    let answer = send(state, cfg, "sign you in to the app", "POST", "/v1/sign_in_tokens", Some(body)).await?;
    answer
        .get("token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| unavailable("sign you in to the app", "the sign-in token has no token"))
}

/// The shared app's user with `email`, made if Clerk has none (names as given; the address
/// counts as verified: the developer vouches for it). Answers the user's id. Two calls at once
/// for one address settle on the one Clerk made first.
pub async fn user_with_email(
    state: &AppState,
    cfg: &HostedSignIn,
    email: &str,
    first_name: Option<&str>,
    last_name: Option<&str>,
) -> Result<String> {
    async fn find(state: &AppState, cfg: &HostedSignIn, email: &str) -> Result<Option<String>> {
        let path = format!("/v1/users?email_address={}&limit=1", encode(email));
        let found = send(state, cfg, "look the person up", "GET", &path, None).await?;
        Ok(found.as_array().and_then(|a| a.first()).and_then(|u| u["id"].as_str()).map(str::to_owned))
    }
    if let Some(id) = find(state, cfg, email).await? {
        return Ok(id);
    }
    let body = json!({
        "email_address": [email], "first_name": first_name, "last_name": last_name,
        "skip_password_requirement": true,
    });
    match send(state, cfg, "create the person", "POST", "/v1/users", Some(body)).await {
        Ok(user) => user["id"]
            .as_str()
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| unavailable("create the person", "the new user has no id")),
        // Made meanwhile by another call (Clerk refuses a taken address): that one is it.
        Err(e) => find(state, cfg, email).await?.ok_or(e),
    }
}
