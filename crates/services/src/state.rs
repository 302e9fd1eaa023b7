//! What every route gets: the ports, the deployment configuration and the JWKS cache.

use crate::cache::TtlCache;
use crate::config::Config;
use crate::jwks::{JwksCache, JWKS_CACHE_ENTRIES};
use crate::quota::QuotaCache;
use dream_core::kv_schema::PlatformConfig;
use dream_core::ports::{Clock, HttpClient, KvStore, Objects, Random};
use std::sync::Arc;

/// The I/O a route may do.
#[derive(Clone)]
pub struct Ports {
    pub kv: Arc<dyn KvStore>,
    pub objects: Arc<dyn Objects>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub http: Arc<dyn HttpClient>,
}

/// Router state: ports, configuration and the per-isolate caches that outlive one request.
#[derive(Clone)]
pub struct AppState {
    pub ports: Ports,
    pub config: Arc<Config>,
    pub caches: Caches,
}

/// Caches that live as long as the isolate (shared by every request it serves).
#[derive(Clone)]
pub struct Caches {
    pub jwks: Arc<JwksCache>,
    /// JWKS URLs that failed recently, with why (negative cache).
    pub jwks_failures: Arc<TtlCache<String>>,
    /// Platform configurations read by api-multi, trusted for [`PLATFORM_CONFIG_TTL_MS`].
    pub platforms: Arc<TtlCache<PlatformConfig>>,
    /// Calls per platform not yet added to the developer's account (plan quota).
    pub quota: Arc<QuotaCache>,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            jwks: Arc::new(TtlCache::new(JWKS_CACHE_ENTRIES)),
            jwks_failures: Arc::new(TtlCache::new(JWKS_CACHE_ENTRIES)),
            platforms: Arc::new(TtlCache::new(PLATFORM_CACHE_ENTRIES)),
            quota: Arc::new(QuotaCache::default()),
        }
    }
}

/// How long an isolate may use a platform configuration (tiers, rate limit, sign-in
/// settings) before reading it again: changes apply within this bound (plus KV's own
/// propagation between locations). Key records are never cached, so revocation is immediate.
pub const PLATFORM_CONFIG_TTL_MS: i64 = 5_000;
/// Room for this many platform configurations per isolate.
pub const PLATFORM_CACHE_ENTRIES: usize = 10_000;

impl AppState {
    /// Milliseconds since the epoch, from the clock port.
    pub fn now_ms(&self) -> i64 {
        self.ports.clock.now_ms()
    }
}
