//! Reading credentials from headers.

use crate::error::Error;
use axum::http::HeaderMap;
use dream_core::ApiError;
use dream_core::ErrorCode;

/// The token of `Authorization: Bearer <token>`, if that header is present.
pub fn bearer(headers: &HeaderMap) -> Result<Option<&str>, Error> {
    let Some(v) = headers.get(axum::http::header::AUTHORIZATION) else { return Ok(None) };
    let v = v.to_str().map_err(|_| malformed())?;
    let (scheme, token) = v.split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(malformed());
    }
    Ok(Some(token.trim()))
}

fn malformed() -> Error {
    Error(ApiError::new(ErrorCode::MalformedAuthorization, "the Authorization header must be `Bearer <token>`"))
}

/// `Authorization: Bearer …`, required.
pub fn require_bearer(headers: &HeaderMap) -> Result<&str, Error> {
    bearer(headers)?
        .ok_or_else(|| Error(ApiError::new(ErrorCode::MissingCredentials, "send `Authorization: Bearer <token>`")))
}

/// The `Stripe-Signature` header's value, if present and text.
pub fn stripe_signature(headers: &HeaderMap) -> Option<&str> {
    headers.get(dream_services::stripe::events::STRIPE_SIGNATURE).and_then(|v| v.to_str().ok())
}
