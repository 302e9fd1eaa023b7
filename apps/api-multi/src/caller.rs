//! Who is calling: a secret key (server side) or a publishable key with an end user's
//! session token (browser). Test keys see only test data, live keys only live data.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use dream_core::keys::{hash_secret, parse_key, KeyFormatError, KeyKind};
use dream_core::kv_schema::{self, KeyRecord, KeyStatus, PlatformConfig};
use dream_core::rate_limit::{CallKind, Guard};
use dream_core::tiers::Tier;
use dream_core::ErrorCode;
use dream_core::{validate, ApiError, Mode};
use dream_services::state::{KEY_RECORD_TTL_MS, PLATFORM_CONFIG_TTL_MS};
use dream_services::{jwks, kv, AppState};
use dream_web::auth::{bearer, require_bearer};
use dream_web::{Error, Result};
use std::sync::Arc;

/// Header that carries a publishable key.
pub const PUBLISHABLE_KEY_HEADER: &str = "x-publishable-key";
/// Where the original product's SDK sent the end user's session token: an alias of the
/// Bearer token on browser routes, so apps written against it keep working.
pub const CLERK_TOKEN_HEADER: &str = "x-clerk-token";

/// An authenticated caller of api-multi.
pub struct Caller {
    pub platform: Arc<PlatformConfig>,
    pub mode: Mode,
    /// The end user named by the session token (browser calls only).
    pub session_user: Option<String>,
}

impl Caller {
    /// The rate limit of an end user's `kind` call on this platform.
    pub fn guard(&self, kind: CallKind) -> Guard {
        Guard::of(kind, self.platform.rate_limit_per_minute)
    }

    /// The tiers of the caller's mode.
    pub fn tiers(&self) -> &[Tier] {
        self.platform.tiers(self.mode)
    }

    /// The end user a call is about: the token's subject in the browser, `userId` otherwise.
    pub fn end_user(&self, requested: Option<&str>) -> Result<String> {
        match (&self.session_user, requested) {
            (Some(me), Some(other)) if me != other => Err(ApiError::new(
                ErrorCode::UserMismatch,
                "with a publishable key the end user is the session token's subject; omit userId or pass the same id",
            )
            .into()),
            (Some(me), _) => Ok(me.clone()),
            (None, Some(u)) => Ok(validate::user_id(u)?.to_owned()),
            (None, None) => Err(ApiError::new(ErrorCode::MissingUserId, "name the end user with userId").into()),
        }
    }
}

/// A caller that used a secret key: needed for routes unsafe in a browser.
pub struct SecretCaller(pub Caller);

fn invalid_key(msg: &str) -> Error {
    ApiError::new(ErrorCode::InvalidApiKey, msg).into()
}

/// The key record named `name`, from the isolate cache when read less than
/// [`KEY_RECORD_TTL_MS`] ago (no KV read on the hot path for a known key).
async fn key_record(state: &AppState, name: &str) -> Result<Arc<KeyRecord>> {
    let now = state.now_ms();
    let rec = match state.caches.keys.get(name, now, KEY_RECORD_TTL_MS) {
        Some((_, rec)) => rec,
        None => {
            let rec: KeyRecord =
                kv::get(state.ports.kv.as_ref(), name).await?.ok_or_else(|| invalid_key("no such API key"))?;
            let rec = Arc::new(rec);
            state.caches.keys.insert(name, now, rec.clone());
            rec
        }
    };
    if !rec.usable(now) {
        let (code, msg) = match rec.status {
            KeyStatus::Revoked => (ErrorCode::ApiKeyRevoked, "this API key has been revoked"),
            KeyStatus::Active => (ErrorCode::ApiKeyExpired, "this API key was rotated and its grace period is over"),
        };
        return Err(ApiError::new(code, msg).into());
    }
    Ok(rec)
}

/// The key's platform, from the isolate cache when read less than
/// [`PLATFORM_CONFIG_TTL_MS`] ago (one KV read fewer on the hot path).
async fn platform(state: &AppState, rec: &KeyRecord) -> Result<Arc<PlatformConfig>> {
    let now = state.now_ms();
    let cache = &state.caches.platforms;
    if let Some((_, p)) = cache.get(&rec.platform_id, now, PLATFORM_CONFIG_TTL_MS) {
        return Ok(p);
    }
    let p: PlatformConfig = kv::get(state.ports.kv.as_ref(), &kv_schema::platform_config(&rec.platform_id))
        .await?
        .ok_or_else(|| invalid_key("this API key's platform no longer exists"))?;
    let p = Arc::new(p);
    cache.insert(&rec.platform_id, now, p.clone());
    Ok(p)
}

fn parse(raw: &str, want: KeyKind) -> Result<dream_core::keys::ParsedKey<'_>> {
    let p = parse_key(raw).map_err(|e| match e {
        KeyFormatError::Checksum => invalid_key("the API key's checksum does not match: check for a typo"),
        _ => invalid_key("not a dream-api key (expected sk_test_…, sk_live_…, pk_test_… or pk_live_…)"),
    })?;
    match (p.kind, want) {
        (KeyKind::Publishable, KeyKind::Secret) => Err(invalid_key(
            "publishable keys go in the X-Publishable-Key header, with the end user's session token as Bearer",
        )),
        (KeyKind::Secret, KeyKind::Publishable) => {
            Err(invalid_key("X-Publishable-Key must hold a pk_ key; never send a secret key from a browser"))
        }
        _ => Ok(p),
    }
}

async fn from_secret(state: &AppState, raw: &str) -> Result<Caller> {
    let key = parse(raw, KeyKind::Secret)?;
    let rec = key_record(state, &kv_schema::secret_key(&hash_secret(key.raw))).await?;
    let platform = platform(state, &rec).await?;
    Ok(Caller { platform, mode: rec.mode, session_user: None })
}

/// The platform and mode of a publishable key (usable keys only).
pub async fn of_publishable_key(state: &AppState, pk: &str) -> Result<(Arc<PlatformConfig>, Mode)> {
    let key = parse(pk, KeyKind::Publishable)?;
    let rec = key_record(state, &kv_schema::publishable_key(key.raw)).await?;
    Ok((platform(state, &rec).await?, rec.mode))
}

async fn from_browser(state: &AppState, pk: &str, parts: &Parts) -> Result<Caller> {
    let (platform, mode) = of_publishable_key(state, pk).await?;
    let token = match (bearer(&parts.headers)?, parts.headers.get(CLERK_TOKEN_HEADER)) {
        (Some(t), _) => t,
        (None, Some(v)) => v.to_str().map(str::trim).ok().filter(|t| !t.is_empty()).ok_or_else(|| {
            ApiError::new(ErrorCode::MalformedAuthorization, "X-Clerk-Token must hold the session token")
        })?,
        (None, None) => require_bearer(&parts.headers)?,
    };
    let claims = match platform.end_user_auth.own_policy() {
        Some((policy, jwks_url)) => jwks::verify(state, token, jwks_url, &policy).await?,
        None => {
            // The shared app's tokens are good for every platform of the deployment: only
            // the platform's own origins (the token's `azp`) tie one to this platform's app.
            if platform.allowed_origins.is_empty() {
                return Err(ApiError::new(ErrorCode::AllowedOriginsRequired, "browser calls need your app's origin in allowedOrigins (dashboard: Settings); until then they are refused",
                )
                .into());
            }
            let shared = state.config.end_user_clerk.as_ref().ok_or_else(|| {
                ApiError::new(ErrorCode::EndUserSignInNotConfigured, "this deployment has no shared end-user sign-in (END_USER_CLERK_*); bring your own Clerk instance in Settings",
                )
            })?;
            let mut policy = shared.policy.clone();
            policy.authorized_parties = platform.allowed_origins.clone();
            let claims = jwks::verify(state, token, &shared.jwks_url, &policy).await?;
            if !claims.bound_to(&platform.platform_id) {
                return Err(ApiError::new(
                    ErrorCode::TokenPlatformMismatch,
                    "the session token belongs to an end user of another platform",
                )
                .into());
            }
            claims
        }
    };
    let user = validate::user_id(&claims.sub).map_err(|_| {
        ApiError::new(ErrorCode::TokenSubjectInvalid, "the session token's subject is not a usable user id")
    })?;
    Ok(Caller { mode, session_user: Some(user.to_owned()), platform })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        authenticate(parts, state).await
    }
}

/// Who is calling, from the headers.
async fn authenticate(parts: &Parts, state: &AppState) -> Result<Caller> {
    if let Some(pk) = parts.headers.get(PUBLISHABLE_KEY_HEADER) {
        let pk = pk.to_str().map_err(|_| invalid_key("X-Publishable-Key is not valid text"))?;
        return from_browser(state, pk.trim(), parts).await;
    }
    match bearer(&parts.headers)? {
        Some(raw) => from_secret(state, raw).await,
        None => Err(ApiError::new(ErrorCode::MissingCredentials, "send `Authorization: Bearer sk_…`, or `X-Publishable-Key: pk_…` with the end user's session token as Bearer",
        )
        .into()),
    }
}

impl FromRequestParts<AppState> for SecretCaller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let caller = Caller::from_request_parts(parts, state).await?;
        if caller.session_user.is_some() {
            return Err(ApiError::new(
                ErrorCode::SecretKeyRequired,
                "this route needs a secret key; call it from your server",
            )
            .into());
        }
        Ok(SecretCaller(caller))
    }
}

/// A caller known by its key alone — a publishable key without an end user's token (a store's
/// guest), or a secret key: the routes that sell to anyone.
pub struct KeyCaller {
    pub platform: Arc<PlatformConfig>,
    pub mode: Mode,
}

impl FromRequestParts<AppState> for KeyCaller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        if let Some(pk) = parts.headers.get(PUBLISHABLE_KEY_HEADER) {
            let pk = pk.to_str().map_err(|_| invalid_key("X-Publishable-Key is not valid text"))?;
            let (platform, mode) = of_publishable_key(state, pk.trim()).await?;
            return Ok(KeyCaller { platform, mode });
        }
        match bearer(&parts.headers)? {
            Some(raw) => from_secret(state, raw).await.map(|c| KeyCaller { platform: c.platform, mode: c.mode }),
            None => Err(ApiError::new(
                ErrorCode::MissingCredentials,
                "send `X-Publishable-Key: pk_…` (or `Authorization: Bearer sk_…` from a server)",
            )
            .into()),
        }
    }
}
