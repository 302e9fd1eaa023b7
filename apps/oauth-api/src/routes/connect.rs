//! Stripe Connect: `GET /api/oauth/authorize` (a consent URL whose `state` is bound to the
//! developer and their platform, single use, 10 minutes), `GET /api/oauth/callback` (back
//! from Stripe: on to the dashboard), `POST /api/oauth/complete` (the developer who started
//! it exchanges the code; the account is bound to one platform only; tokens are not kept),
//! `GET /api/oauth/status`, `POST /api/oauth/disconnect`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dream_core::api::CompleteConnection;
use dream_core::api::{RedirectUrl, StripeConnection, StripeStatus};
use dream_core::keys::{is_platform_id, random_base62};
use dream_core::kv_schema::{self, ConnectedAccount as Connection, ProductMap};
use dream_core::period::rfc3339;
use dream_core::url::encode;
use dream_core::ErrorCode;
use dream_core::{ApiError, Mode};
use dream_services::objects::{ConnectedAccount, OAuthStates};
use dream_services::stripe::{not_configured, platform_api, StripeFailure};
use dream_services::{kv, AppState};
use dream_web::developer::{Developer, ModeQuery};
use dream_web::extract::{Json as Body, Query};
use dream_web::{Error, Result};
use serde::Deserialize;

/// How long a consent link may take to come back.
pub const STATE_TTL_MS: i64 = 10 * 60_000;
const NONCE_LEN: usize = 32;

fn required<'a>(v: &'a Option<String>, what: &str) -> Result<&'a str> {
    v.as_deref().ok_or_else(|| not_configured(what).into())
}

/// A consent URL for connecting the developer's Stripe account in a mode.
pub async fn authorize(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
) -> Result<Json<RedirectUrl>> {
    let platform = dev.platform(&state).await?;
    let mode = q.mode();
    let cfg = &state.config.stripe;
    let client_id = required(&cfg.client_id, "Stripe Connect client id")?;
    let redirect = required(&cfg.oauth_redirect_uri, "Stripe OAuth redirect URI")?;
    cfg.secret(mode)?;
    let nonce = random_base62(state.ports.random.as_ref(), NONCE_LEN);
    OAuthStates::of(&state, &platform.platform_id, mode)
        .put_once(&nonce, dev.user_id.clone(), state.now_ms().saturating_add(STATE_TTL_MS))
        .await?;
    let oauth_state = format!("{}.{mode}.{nonce}", platform.platform_id);
    let url = format!(
        "{}/oauth/authorize?response_type=code&client_id={}&scope=read_write&state={}&redirect_uri={}",
        cfg.connect_base.trim_end_matches('/'),
        encode(client_id),
        encode(&oauth_state),
        encode(redirect)
    );
    Ok(Json(RedirectUrl { url }))
}

/// What Stripe appends to the redirect URI.
#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

fn invalid_state() -> Error {
    ApiError::new(ErrorCode::InvalidOauthState, "this Stripe connect link was already used, has expired, or was not issued by dream-api: start again from the dashboard",
    )
    .into()
}

/// Splits `plt_….mode.nonce`.
fn parse_state(s: &str) -> Option<(&str, Mode, &str)> {
    let mut parts = s.split('.');
    let (platform, mode, nonce) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = parts.next().is_none()
        && is_platform_id(platform)
        && nonce.len() == NONCE_LEN
        && nonce.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then_some((platform, Mode::parse(mode)?, nonce))
}

/// Back from Stripe's consent page. Nothing is decided or stored here: the browser is sent
/// on to the dashboard, which completes the connection with the developer's session
/// (`POST /api/oauth/complete`), so a consent link sent to someone else cannot bind their
/// account to the sender's platform.
pub async fn callback(State(state): State<AppState>, Query(q): Query<CallbackQuery>) -> Result<Response> {
    let oauth_state = q.state.as_deref().filter(|s| parse_state(s).is_some()).ok_or_else(invalid_state)?;
    let mut params = vec![("state", oauth_state)];
    match (q.code.as_deref(), q.error.as_deref()) {
        (_, Some(err)) => params.push(("error", err)),
        (Some(code), None) => params.push(("code", code)),
        (None, None) => return Err(ApiError::new(ErrorCode::MissingCode, "the callback has no code").into()),
    }
    Ok(back_to_dashboard(&state, &params))
}

/// Finishes a connection for the signed-in developer who started it.
pub async fn complete(
    State(state): State<AppState>,
    dev: Developer,
    Body(req): Body<CompleteConnection>,
) -> Result<Json<StripeConnection>> {
    let (platform_id, mode, nonce) = parse_state(&req.state).ok_or_else(invalid_state)?;
    // Only the developer's own platform is looked at: a foreign or made-up state touches nothing.
    let platform = dev.platform(&state).await?;
    if platform.platform_id != platform_id {
        return Err(not_yours());
    }
    let started_by = OAuthStates::of(&state, platform_id, mode).take_once(nonce).await?.ok_or_else(invalid_state)?;
    if started_by != dev.user_id {
        return Err(not_yours());
    }
    if let Some(err) = req.error.as_deref() {
        return Err(ApiError::new(ErrorCode::OauthDenied, format!("Stripe did not connect the account: {err}")).into());
    }
    let code = req.code.as_deref().ok_or_else(|| ApiError::new(ErrorCode::MissingCode, "the callback has no code"))?;
    let api = platform_api(&state, mode)?;
    let cfg = &state.config.stripe;
    let token_url = format!("{}/oauth/token", cfg.connect_base.trim_end_matches('/'));
    let token = match api.post_form(&token_url, &[("grant_type", "authorization_code"), ("code", code)]).await {
        Ok(t) => t,
        Err(StripeFailure::Api { code, .. }) => {
            return Err(ApiError::new(
                ErrorCode::OauthExchangeFailed,
                format!(
                    "Stripe refused the connection ({}): start again from the dashboard",
                    code.unwrap_or_else(|| "no code".into())
                ),
            )
            .into())
        }
        Err(other) => return Err(other.into()),
    };
    let account_id = token["stripe_user_id"]
        .as_str()
        .filter(|a| a.starts_with("acct_") && a.len() <= 64)
        .ok_or_else(|| Error::from(StripeFailure::Decode("the token answer has no stripe_user_id".into())))?;
    if token["livemode"].as_bool() != Some(mode == Mode::Live) {
        return Err(
            ApiError::new(ErrorCode::OauthModeMismatch, "Stripe connected the account in the other mode").into()
        );
    }
    // The tokens are not kept: a Connect platform acts for the account with its own key and
    // the `Stripe-Account` header, so the account id is all dream-api needs.
    if !ConnectedAccount::of(&state, mode, account_id).claim(platform_id).await? {
        return Err(ApiError::new(
            ErrorCode::StripeAccountInUse,
            "this Stripe account is already connected to another dream-api platform; disconnect it there first",
        )
        .into());
    }
    let kv = state.ports.kv.as_ref();
    let kv_key = kv_schema::stripe_connection(platform_id, mode);
    if let Some(old) = kv::get::<Connection>(kv, &kv_key).await? {
        if old.account_id != account_id {
            ConnectedAccount::of(&state, mode, &old.account_id).release(platform_id).await?;
            kv.delete(&kv_schema::stripe_products(platform_id, mode)).await?;
        }
    }
    let conn = Connection {
        account_id: account_id.to_owned(),
        scope: token["scope"].as_str().unwrap_or("read_write").to_owned(),
        connected_ms: state.now_ms(),
    };
    kv::put(kv, &kv_key, &conn).await?;
    Ok(Json(view(mode, conn, None)))
}

fn not_yours() -> Error {
    ApiError::new(
        ErrorCode::OauthStateNotYours,
        "this Stripe connect link was started by another developer; start again from your own dashboard",
    )
    .into()
}

/// 303 to the dashboard's Stripe page with `params`, or a JSON answer when no dashboard is
/// configured.
fn back_to_dashboard(state: &AppState, params: &[(&str, &str)]) -> Response {
    let q: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    match state.config.dashboard_origins.first() {
        Some(origin) => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, format!("{origin}/stripe?{}", q.join("&")))]).into_response()
        }
        None => Json(
            params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .into_response(),
    }
}

async fn connection(state: &AppState, platform_id: &str, mode: Mode) -> Result<Option<Connection>> {
    Ok(kv::get(state.ports.kv.as_ref(), &kv_schema::stripe_connection(platform_id, mode)).await?)
}

fn view(mode: Mode, c: Connection, products: Option<ProductMap>) -> StripeConnection {
    StripeConnection {
        mode,
        account_id: c.account_id,
        scope: c.scope,
        connected_at: rfc3339(c.connected_ms),
        product_tiers: products.map(|p| p.tiers.into_keys().collect()).unwrap_or_default(),
    }
}

async fn products(state: &AppState, platform_id: &str, mode: Mode) -> Result<Option<ProductMap>> {
    Ok(kv::get(state.ports.kv.as_ref(), &kv_schema::stripe_products(platform_id, mode)).await?)
}

/// The connected account in each mode.
pub async fn status(State(state): State<AppState>, dev: Developer) -> Result<Json<StripeStatus>> {
    let p = dev.platform(&state).await?;
    let mut status = StripeStatus { test: None, live: None };
    for mode in Mode::ALL {
        if let Some(c) = connection(&state, &p.platform_id, mode).await? {
            let v = view(mode, c, products(&state, &p.platform_id, mode).await?);
            match mode {
                Mode::Test => status.test = Some(v),
                Mode::Live => status.live = Some(v),
            }
        }
    }
    Ok(Json(status))
}

/// Revokes dream-api's access to the account and forgets it.
pub async fn disconnect(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
) -> Result<Json<StripeConnection>> {
    let p = dev.platform(&state).await?;
    let mode = q.mode();
    let conn = dream_services::stripe::disconnect(&state, &p.platform_id, mode).await?.ok_or_else(|| {
        ApiError::new(ErrorCode::StripeNotConnected, format!("no Stripe account is connected in {mode} mode"))
    })?;
    Ok(Json(view(mode, conn, None)))
}
