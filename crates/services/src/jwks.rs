//! Session-token verification with JWKS documents fetched over HTTP and cached per isolate.

use crate::cache::TtlCache;
use crate::error::Error;
use crate::state::AppState;
use dream_core::jwt::{self, Jwks, JwtError, JwtPolicy, SessionClaims};
use dream_core::ports::HttpLimits;
use dream_core::ApiError;
use dream_core::ErrorCode;
use std::sync::Arc;

/// How long a fetched JWKS is trusted before it is fetched again.
pub const JWKS_TTL_MS: i64 = 10 * 60_000;
/// A token naming an unknown `kid` triggers a refetch at most this often (key rotation).
pub const REFETCH_MIN_MS: i64 = 30_000;

/// A JWKS URL that failed is not fetched again for this long (its requests fail fast).
pub const JWKS_FAILURE_TTL_MS: i64 = 30_000;

/// JWKS documents by URL.
pub type JwksCache = TtlCache<Jwks>;

/// Room for this many JWKS URLs per isolate (one per Clerk instance in use).
pub const JWKS_CACHE_ENTRIES: usize = 1000;

/// Room for this many verified session tokens per isolate (Clerk's live 60 s each).
pub const TOKEN_CACHE_ENTRIES: usize = 10_000;
/// A verified token's claims are reused at most this long (and never past its `exp`, which
/// is checked on every use): a key withdrawn from the JWKS stops being trusted within it.
pub const TOKEN_CACHE_TTL_MS: i64 = 60_000;

/// Fetches a JWKS within [`HttpLimits::JWKS`] (64 KB, 3 s, no redirects); says why not.
async fn fetch(state: &AppState, url: &str) -> Result<Jwks, String> {
    let resp = state.ports.http.get(url, HttpLimits::JWKS).await.map_err(|e| e.0)?;
    if resp.status != 200 {
        return Err(format!("JWKS {url} answered {}", resp.status));
    }
    serde_json::from_slice(&resp.body).map_err(|e| format!("JWKS {url} is not a JWKS document: {e}"))
}

fn unavailable(url: &str) -> Error {
    Error(ApiError::new(
        ErrorCode::JwksUnavailable,
        format!("the signing keys at {url} could not be fetched, so no session token can be checked; retry shortly"),
    ))
}

/// The issuer's keys: from the cache, else fetched; a URL that failed is not fetched again
/// for [`JWKS_FAILURE_TTL_MS`], so a broken (or hostile) URL costs one fetch per window.
async fn keys(state: &AppState, url: &str, kid: &str, now: i64) -> Result<Arc<Jwks>, Error> {
    if let Some((age, jwks)) = state.caches.jwks.get(url, now, JWKS_TTL_MS) {
        // An unknown kid may mean the issuer rotated its keys: refetch, at most every 30 s.
        if jwks.find(kid).is_some() || age < REFETCH_MIN_MS {
            return Ok(jwks);
        }
    }
    if state.caches.jwks_failures.get(url, now, JWKS_FAILURE_TTL_MS).is_some() {
        return Err(unavailable(url));
    }
    match fetch(state, url).await {
        Ok(jwks) => {
            let jwks = Arc::new(jwks);
            state.caches.jwks.insert(url, now, jwks.clone());
            Ok(jwks)
        }
        Err(why) => {
            crate::log::error(&why);
            state.caches.jwks_failures.insert(url, now, Arc::new(why));
            Err(unavailable(url))
        }
    }
}

fn unauthorized(e: JwtError) -> Error {
    Error(ApiError::new(e.code(), e.to_string()))
}

/// Verifies a session token against the issuer whose keys are at `jwks_url`. The RSA
/// signature check (the costly part) is done once per token and JWKS URL per isolate; issuer,
/// lifetime and `azp` are checked against `policy` on every call.
pub async fn verify(state: &AppState, token: &str, jwks_url: &str, policy: &JwtPolicy) -> Result<SessionClaims, Error> {
    let now = state.now_ms();
    // A hash, not the token: what the cache holds is never a usable credential.
    let cache_key = dream_core::keys::hash_secret(&format!("{jwks_url}\n{token}"));
    if let Some((_, claims)) = state.caches.tokens.get(&cache_key, now, TOKEN_CACHE_TTL_MS) {
        jwt::check_claims(&claims, policy, now / 1000).map_err(unauthorized)?;
        return Ok(claims.as_ref().clone());
    }
    // Header checks first: a token with `alg: none` never causes a fetch.
    let kid = jwt::token_kid(token).map_err(unauthorized)?;
    let jwks = keys(state, jwks_url, &kid, now).await?;
    // Signature and policy: only a token that passes now is remembered.
    let claims = jwt::verify(token, &jwks, policy, now / 1000).map_err(unauthorized)?;
    state.caches.tokens.insert(&cache_key, now, Arc::new(claims.clone()));
    Ok(claims)
}
