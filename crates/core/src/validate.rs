//! Shape rules for identifiers that arrive in requests.

use crate::error::ApiError;

/// Longest accepted end-user id.
pub const MAX_USER_ID_LEN: usize = 128;
/// Longest accepted `Idempotency-Key`.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;
/// Largest amount one track call may add.
pub const MAX_TRACK_AMOUNT: u64 = 1_000_000;

fn printable(s: &str) -> bool {
    s.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

/// An end-user id: 1–128 printable ASCII characters, no spaces.
pub fn user_id(s: &str) -> Result<&str, ApiError> {
    if s.is_empty() || s.len() > MAX_USER_ID_LEN || !printable(s) {
        return Err(ApiError::bad_request(
            "invalid_user_id",
            format!("userId must be 1-{MAX_USER_ID_LEN} printable ASCII characters without spaces"),
        ));
    }
    Ok(s)
}

/// An idempotency key: 1–255 printable ASCII characters.
pub fn idempotency_key(s: &str) -> Result<&str, ApiError> {
    if s.is_empty() || s.len() > MAX_IDEMPOTENCY_KEY_LEN || !printable(s) {
        return Err(ApiError::bad_request(
            "invalid_idempotency_key",
            format!("Idempotency-Key must be 1-{MAX_IDEMPOTENCY_KEY_LEN} printable ASCII characters"),
        ));
    }
    Ok(s)
}

/// A usage amount: 1 to [`MAX_TRACK_AMOUNT`].
pub fn amount(n: i64) -> Result<u64, ApiError> {
    if n < 1 || n as u64 > MAX_TRACK_AMOUNT {
        return Err(ApiError::bad_request(
            "invalid_amount",
            format!("amount must be an integer from 1 to {MAX_TRACK_AMOUNT}"),
        ));
    }
    Ok(n as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_amounts() {
        assert!(user_id("user_123").is_ok());
        assert!(user_id("").is_err());
        assert!(user_id("a b").is_err());
        assert!(user_id(&"x".repeat(129)).is_err());
        assert!(user_id("é").is_err());
        assert!(idempotency_key("req-1").is_ok());
        assert!(idempotency_key("").is_err());
        assert_eq!(amount(1), Ok(1));
        assert!(amount(0).is_err());
        assert!(amount(-3).is_err());
        assert!(amount(1_000_001).is_err());
    }
}
