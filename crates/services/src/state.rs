//! What every route gets: the ports, the deployment configuration and the JWKS cache.

use crate::cache::TtlCache;
use crate::config::Config;
use crate::jwks::{JwksCache, JWKS_CACHE_ENTRIES};
use crate::quota::QuotaCache;
use dream_core::jwt::SessionClaims;
use dream_core::kv_schema::{KeyRecord, PlatformConfig};
use dream_core::lease::LeaseBook;
use dream_core::ports::{Clock, HttpClient, KvStore, Objects, Random};
use std::sync::{Arc, Mutex};

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
    /// Key records read by api-multi (by KV name: hashes, never a secret), trusted for
    /// [`KEY_RECORD_TTL_MS`]; unknown keys are not remembered, so a new key works at once.
    pub keys: Arc<TtlCache<KeyRecord>>,
    /// Session tokens whose signature was verified, by a hash of token and JWKS URL (issuer,
    /// time and `azp` are checked again on every use; see `jwks::verify`).
    pub tokens: Arc<TtlCache<SessionClaims>>,
    /// Calls per platform not yet added to the developer's account (plan quota).
    pub quota: Arc<QuotaCache>,
    /// Allowance leased to this isolate for hot end users, and recent refusals (`dream_core::lease`).
    pub leases: Arc<Mutex<LeaseBook>>,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            jwks: Arc::new(TtlCache::new(JWKS_CACHE_ENTRIES)),
            jwks_failures: Arc::new(TtlCache::new(JWKS_CACHE_ENTRIES)),
            platforms: Arc::new(TtlCache::new(PLATFORM_CACHE_ENTRIES)),
            keys: Arc::new(TtlCache::new(KEY_CACHE_ENTRIES)),
            tokens: Arc::new(TtlCache::new(crate::jwks::TOKEN_CACHE_ENTRIES)),
            quota: Arc::new(QuotaCache::default()),
            leases: Arc::new(Mutex::new(LeaseBook::default())),
        }
    }
}

/// How long an isolate may use a platform configuration (tiers, rate limit, sign-in
/// settings) before reading it again: changes apply within this bound (plus KV's own
/// propagation between locations). Key records are cached too, for [`KEY_RECORD_TTL_MS`].
pub const PLATFORM_CONFIG_TTL_MS: i64 = 5_000;
/// How long an isolate may use a key record (`secret-key:…`, `publishable-key:…`) before
/// reading it again: a revocation takes effect within this bound at every location that has
/// seen it (KV's own propagation between locations is up to ~60 s). A rotated key stops at
/// its grace's end, or within this bound of the rotation if the grace is shorter.
pub const KEY_RECORD_TTL_MS: i64 = 5_000;
/// Room for this many key records per isolate.
pub const KEY_CACHE_ENTRIES: usize = 10_000;
/// Room for this many platform configurations per isolate.
pub const PLATFORM_CACHE_ENTRIES: usize = 10_000;

impl AppState {
    /// Milliseconds since the epoch, from the clock port.
    pub fn now_ms(&self) -> i64 {
        self.ports.clock.now_ms()
    }
}
