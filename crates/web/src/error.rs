//! The error response: core's [`ApiError`] as JSON with its status and `Retry-After`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use dream_core::ports::PortError;
use dream_core::ApiError;

/// A route's error: renders as `{"error": {...}}` with the right status.
#[derive(Debug)]
pub struct Error(pub ApiError);

/// A route's result.
pub type Result<T> = std::result::Result<T, Error>;

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error(e)
    }
}

impl From<PortError> for Error {
    fn from(e: PortError) -> Self {
        Error(dream_services::Error::from(e).0)
    }
}

/// A service's error answers as it is (its code decides the status).
impl From<dream_services::Error> for Error {
    fn from(e: dream_services::Error) -> Self {
        Error(e.0)
    }
}

/// A Stripe failure answers as the services map it (never with Stripe's own text).
impl From<dream_services::stripe::StripeFailure> for Error {
    fn from(f: dream_services::stripe::StripeFailure) -> Self {
        Error(dream_services::Error::from(f).0)
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry = self.0.retry_after;
        let body = serde_json::to_vec(&self.0.body()).unwrap_or_default();
        let mut resp =
            (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response();
        if let Some(secs) = retry {
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}
