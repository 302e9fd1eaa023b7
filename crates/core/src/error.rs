//! The one error type every route returns, and its JSON shape
//! `{"error": {"type", "code", "message"}}`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Category of an error; also fixes the HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorType {
    /// 400: the request is malformed or fails validation.
    InvalidRequestError,
    /// 401: no or invalid credentials.
    AuthenticationError,
    /// 403: credentials are fine but not allowed to do this.
    PermissionError,
    /// 404: no such route or object.
    NotFoundError,
    /// 405: the route exists with other methods.
    MethodNotAllowedError,
    /// 402: the developer's dream-api plan does not cover this (quota used up).
    PaymentRequiredError,
    /// 409: conflicts with current state.
    ConflictError,
    /// 412: an `If-Match` version is no longer current (someone else changed it first).
    PreconditionFailedError,
    /// 413: the body is larger than accepted.
    PayloadTooLargeError,
    /// 429: the end user's tier limit for this period is used up.
    UsageLimitError,
    /// 429: too many requests in a short time.
    RateLimitError,
    /// 5xx: a real fault on our side or of a dependency.
    ApiError,
    /// 502: Stripe refused or failed a call made on the caller's behalf.
    UpstreamError,
    /// 503: the deployment is not configured for this (e.g. no Stripe keys).
    UnavailableError,
}

impl ErrorType {
    /// The HTTP status for this category.
    pub fn status(self) -> u16 {
        match self {
            ErrorType::InvalidRequestError => 400,
            ErrorType::AuthenticationError => 401,
            ErrorType::PermissionError => 403,
            ErrorType::NotFoundError => 404,
            ErrorType::MethodNotAllowedError => 405,
            ErrorType::PaymentRequiredError => 402,
            ErrorType::ConflictError => 409,
            ErrorType::PreconditionFailedError => 412,
            ErrorType::PayloadTooLargeError => 413,
            ErrorType::UsageLimitError | ErrorType::RateLimitError => 429,
            ErrorType::ApiError => 500,
            ErrorType::UpstreamError => 502,
            ErrorType::UnavailableError => 503,
        }
    }
}

/// An error as the API reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    #[serde(rename = "type")]
    pub kind: ErrorType,
    /// Stable machine-readable code, e.g. `usage_limit_exceeded`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
    /// Seconds until retrying makes sense (sent as `Retry-After`).
    #[serde(rename = "retryAfter", skip_serializing_if = "Option::is_none", default)]
    pub retry_after: Option<u64>,
}

/// The JSON envelope of an error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ApiError,
}

impl ApiError {
    /// An error of the given category.
    pub fn new(kind: ErrorType, code: &str, message: impl Into<String>) -> Self {
        ApiError { kind, code: code.to_owned(), message: message.into(), retry_after: None }
    }
    /// 400 with a code and message.
    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorType::InvalidRequestError, code, message)
    }
    /// 401 with a code and message.
    pub fn unauthorized(code: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorType::AuthenticationError, code, message)
    }
    /// 403 with a code and message.
    pub fn forbidden(code: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorType::PermissionError, code, message)
    }
    /// 404 with a code and message.
    pub fn not_found(code: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorType::NotFoundError, code, message)
    }
    /// 409 with a code and message.
    pub fn conflict(code: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorType::ConflictError, code, message)
    }
    /// 500 for a fault whose details stay in the logs.
    pub fn internal(code: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorType::ApiError, code, message)
    }
    /// Adds a `Retry-After` in seconds.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }
    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        self.kind.status()
    }
    /// The JSON body for this error.
    pub fn body(&self) -> ErrorBody {
        ErrorBody { error: self.clone() }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.status(), self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_json_shape() {
        let e = ApiError::bad_request("invalid_json", "body is not JSON");
        let v = serde_json::to_value(e.body()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"error": {"type": "invalid_request_error", "code": "invalid_json", "message": "body is not JSON"}})
        );
        assert_eq!(e.status(), 400);
        assert_eq!(ApiError::new(ErrorType::UsageLimitError, "x", "y").status(), 429);
    }
}
