//! The I/O the routes need, as small traits. Workers implement them over Cloudflare bindings
//! (`dream-edge`); tests use the in-memory versions in [`crate::memory`].

use crate::objects::{ObjectName, ObjectRequest, ObjectResponse};
use async_trait::async_trait;
use std::fmt;

/// A failure of the storage or network behind a port; shown to clients as a 5xx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortError(pub String);

impl fmt::Display for PortError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PortError {}

/// Eventually consistent, read-mostly key-value store (Workers KV).
#[async_trait]
pub trait KvStore: Send + Sync {
    /// The value under `key`, if any.
    async fn get(&self, key: &str) -> Result<Option<String>, PortError>;
    /// Stores `value` under `key`.
    async fn put(&self, key: &str, value: &str) -> Result<(), PortError>;
    /// Stores `value` under `key` for `ttl_secs` seconds (at least 60, as Workers KV requires).
    async fn put_expiring(&self, key: &str, value: &str, ttl_secs: u64) -> Result<(), PortError>;
    /// Removes `key` (no error if absent).
    async fn delete(&self, key: &str) -> Result<(), PortError>;
}

/// Strongly consistent objects (Durable Objects): one call goes to one named object and is
/// applied there atomically; the object keeps the KV copies it names current before answering.
#[async_trait]
pub trait Objects: Send + Sync {
    /// Applies `req` in the object `name`.
    async fn call(&self, name: &ObjectName, req: &ObjectRequest) -> Result<ObjectResponse, PortError>;
}

/// Wall-clock time.
pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// Cryptographically secure randomness.
pub trait Random: Send + Sync {
    /// Fills `buf` with random bytes.
    fn fill(&self, buf: &mut [u8]);
}

/// An HTTP response as the ports see it.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// How much of the outside world one outbound request may take: the answer's body is read
/// up to `max_body_bytes` (larger is an error) within `timeout_ms` (then it is aborted).
/// Redirects are never followed: a 3xx is the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    pub max_body_bytes: usize,
    pub timeout_ms: u32,
}

impl HttpLimits {
    /// Stripe's API: its largest answers (lists of 100 objects) stay well under 1 MiB.
    pub const STRIPE: HttpLimits = HttpLimits { max_body_bytes: 1 << 20, timeout_ms: 10_000 };
    /// A JWKS document, possibly at a developer-supplied URL: a few keys, quickly.
    pub const JWKS: HttpLimits = HttpLimits { max_body_bytes: 64 << 10, timeout_ms: 3_000 };
    /// Clerk's Backend API: one user (metadata at most 8 KB each kind) or one sign-in token.
    pub const CLERK: HttpLimits = HttpLimits { max_body_bytes: 256 << 10, timeout_ms: 5_000 };
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits::STRIPE
    }
}

/// An outbound HTTP request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub limits: HttpLimits,
}

impl HttpRequest {
    /// `GET url` without headers, within `limits`.
    pub fn get(url: &str, limits: HttpLimits) -> HttpRequest {
        HttpRequest { method: "GET".into(), url: url.into(), headers: vec![], body: None, limits }
    }
}

/// Outbound HTTP.
#[async_trait]
pub trait HttpClient: Send + Sync {
    /// Sends `req`; any status is a response, only a transport failure is an error.
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, PortError>;

    /// `GET url` within `limits`.
    async fn get(&self, url: &str, limits: HttpLimits) -> Result<HttpResponse, PortError> {
        self.send(HttpRequest::get(url, limits)).await
    }
}

/// Randomness from the platform's CSPRNG (`crypto.getRandomValues` in workerd).
pub struct SystemRandom;

impl Random for SystemRandom {
    fn fill(&self, buf: &mut [u8]) {
        // The OS/JS CSPRNG failing leaves nothing safe to do; no request input reaches here.
        #[allow(clippy::expect_used)]
        getrandom::getrandom(buf).expect("CSPRNG unavailable");
    }
}
