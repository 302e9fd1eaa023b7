//! Session-token verification with JWKS documents fetched over HTTP and cached per isolate.

use crate::error::Error;
use crate::state::AppState;
use dream_core::jwt::{self, Jwks, JwtError, JwtPolicy, SessionClaims};
use dream_core::ports::PortError;
use dream_core::ApiError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How long a fetched JWKS is trusted before it is fetched again.
pub const JWKS_TTL_MS: i64 = 10 * 60_000;
/// A token naming an unknown `kid` triggers a refetch at most this often (key rotation).
pub const REFETCH_MIN_MS: i64 = 30_000;

struct Cached {
    fetched_ms: i64,
    jwks: Jwks,
}

/// JWKS documents by URL.
#[derive(Default)]
pub struct JwksCache {
    entries: Mutex<HashMap<String, Arc<Cached>>>,
}

impl JwksCache {
    fn cached(&self, url: &str) -> Option<Arc<Cached>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).get(url).cloned()
    }

    fn store(&self, url: &str, c: Arc<Cached>) {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).insert(url.to_owned(), c);
    }
}

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
    let entry = match state.jwks.cached(jwks_url) {
        Some(c)
            if now - c.fetched_ms < JWKS_TTL_MS
                && (c.jwks.find(&kid).is_some() || now - c.fetched_ms < REFETCH_MIN_MS) =>
        {
            c
        }
        _ => {
            let entry = Arc::new(Cached { fetched_ms: now, jwks: fetch(state, jwks_url).await? });
            state.jwks.store(jwks_url, entry.clone());
            entry
        }
    };
    jwt::verify(token, &entry.jwks, policy, now / 1000).map_err(unauthorized)
}
