//! Layers every worker router gets: request ids, body limit, CORS, JSON 404/405.

use crate::cors::{cors, CorsPolicy};
use crate::error::Error;
use crate::extract::MAX_BODY_BYTES;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::HeaderValue;
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::Response;
use axum::Router;
use dream_core::keys::random_base62;
use dream_core::ApiError;
use dream_core::ErrorCode;
use dream_services::AppState;

/// Header carrying the request id on every response.
pub const REQUEST_ID: &str = "x-request-id";

async fn request_id(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Cloudflare's ray id ties our id to its logs when present.
    let id = req
        .headers()
        .get("cf-ray")
        .and_then(|v| v.to_str().ok())
        .map(|ray| format!("req_{ray}"))
        .unwrap_or_else(|| format!("req_{}", random_base62(state.ports.random.as_ref(), 20)));
    let mut resp = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID, v);
    }
    resp
}

async fn not_found() -> Error {
    Error(ApiError::new(ErrorCode::RouteNotFound, "no such route"))
}

async fn method_not_allowed() -> Error {
    Error(ApiError::new(ErrorCode::MethodNotAllowed, "this route does not accept that method"))
}

/// Wraps a worker's routes with the shared layers.
pub fn finish(routes: Router<AppState>, state: AppState, policy: CorsPolicy) -> Router {
    routes
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(from_fn(move |req, next| cors(policy.clone(), req, next)))
        .layer(from_fn_with_state(state.clone(), request_id))
        .with_state(state)
}
