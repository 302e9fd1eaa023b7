//! What every route gets: the ports, the deployment configuration and the JWKS cache.

use crate::config::Config;
use crate::jwks::JwksCache;
use dream_core::ports::{Clock, HttpClient, KvStore, Meter, Random};
use std::sync::Arc;

/// The I/O a route may do.
#[derive(Clone)]
pub struct Ports {
    pub kv: Arc<dyn KvStore>,
    pub meter: Arc<dyn Meter>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub http: Arc<dyn HttpClient>,
}

/// Router state: ports, configuration and caches that outlive one request.
#[derive(Clone)]
pub struct AppState {
    pub ports: Ports,
    pub config: Arc<Config>,
    pub jwks: Arc<JwksCache>,
}

impl AppState {
    /// Milliseconds since the epoch, from the clock port.
    pub fn now_ms(&self) -> i64 {
        self.ports.clock.now_ms()
    }
}
