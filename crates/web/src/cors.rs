//! CORS: preflights are answered here, before any route or storage is touched.

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Which browser origins may call a worker.
#[derive(Debug, Clone)]
pub enum CorsPolicy {
    /// Any origin (api-multi: callers authenticate with keys and tokens, never cookies).
    AnyOrigin,
    /// Only these origins (front-auth-api: the dashboard).
    Origins(Arc<Vec<String>>),
}

const ALLOW_HEADERS: &str =
    "authorization, content-type, idempotency-key, if-match, x-clerk-token, x-project, x-publishable-key";
const EXPOSE_HEADERS: &str = "etag, retry-after, x-request-id, idempotent-replayed";
const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

impl CorsPolicy {
    fn allow(&self, origin: &str) -> Option<HeaderValue> {
        match self {
            CorsPolicy::AnyOrigin => Some(HeaderValue::from_static("*")),
            CorsPolicy::Origins(list) => {
                list.iter().any(|o| o == origin).then(|| HeaderValue::from_str(origin).ok()).flatten()
            }
        }
    }
}

/// Middleware applying `policy`.
pub async fn cors(policy: CorsPolicy, req: Request, next: Next) -> Response {
    let origin = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(str::to_owned);
    let Some(origin) = origin else { return next.run(req).await };
    let allowed = policy.allow(&origin);
    let preflight =
        req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut resp = if preflight { StatusCode::NO_CONTENT.into_response() } else { next.run(req).await };
    let h = resp.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(allow) = allowed {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSE_HEADERS));
        if preflight {
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOW_METHODS));
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOW_HEADERS));
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
        }
    }
    resp
}
