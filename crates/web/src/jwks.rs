//! Session-token verification with JWKS documents fetched over HTTP and cached per isolate.

use crate::cache::TtlCache;
use crate::error::Error;
use crate::state::AppState;
use dream_core::jwt::{self, Jwks, JwtError, JwtPolicy, SessionClaims};
use dream_core::ports::PortError;
use dream_core::ApiError;
use std::sync::Arc;

/// How long a fetched JWKS is trusted before it is fetched again.
pub const JWKS_TTL_MS: i64 = 10 * 60_000;
/// A token naming an unknown `kid` triggers a refetch at most this often (key rotation).
pub const REFETCH_MIN_MS: i64 = 30_000;

/// JWKS documents by URL.
pub type JwksCache = TtlCache<Jwks>;

/// Room for this many JWKS URLs per isolate (one per Clerk instance in use).
pub const JWKS_CACHE_ENTRIES: usize = 1000;

async fn fetch(state: &AppState, url: &str) -> Result<Jwks, Error> {
    let resp = state.ports.http.get(url).await?;
    if resp.status != 200 {
        return Err(PortError(format!("JWKS {url} answered {}", resp.status)).into());
    }
    serde_json::from_slice(&resp.body).map_err(|e| PortError(format!("JWKS {url} is not a JWKS document: {e}")).into())
}

fn unauthorized(e: JwtError) -> Error {
    Error(ApiError::unauthorized(e.code(), e.to_string()))
}

/// Verifies a session token against the issuer whose keys are at `jwks_url`.
pub async fn verify(state: &AppState, token: &str, jwks_url: &str, policy: &JwtPolicy) -> Result<SessionClaims, Error> {
    let now = state.now_ms();
    // Header checks first: a token with `alg: none` never causes a fetch.
    let kid = jwt::token_kid(token).map_err(unauthorized)?;
    let jwks = match state.caches.jwks.get(jwks_url, now, JWKS_TTL_MS) {
        // An unknown kid may mean the issuer rotated its keys: refetch, at most every 30 s.
        Some((age, jwks)) if jwks.find(&kid).is_some() || age < REFETCH_MIN_MS => jwks,
        _ => {
            let jwks = Arc::new(fetch(state, jwks_url).await?);
            state.caches.jwks.insert(jwks_url, now, jwks.clone());
            jwks
        }
    };
    jwt::verify(token, &jwks, policy, now / 1000).map_err(unauthorized)
}
