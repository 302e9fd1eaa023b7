//! Shape rules for identifiers that arrive in requests.

use crate::error::ApiError;
use crate::error::ErrorCode;

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
        return Err(ApiError::new(
            ErrorCode::InvalidUserId,
            format!("userId must be 1-{MAX_USER_ID_LEN} printable ASCII characters without spaces"),
        ));
    }
    Ok(s)
}

/// Longest accepted email address (RFC 5321's limit on a path).
pub const MAX_EMAIL_LEN: usize = 254;
/// Longest accepted first or last name.
pub const MAX_NAME_LEN: usize = 100;

/// An email address as far as shape goes: one `@` with something printable on each side and
/// a dot in the domain. Whether it receives mail is not ours to know.
pub fn email(s: &str) -> Result<&str, ApiError> {
    let ok = s.len() <= MAX_EMAIL_LEN
        && printable(s)
        && s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if ok {
        Ok(s)
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidEmail,
            format!("email must be an address like name@example.com, at most {MAX_EMAIL_LEN} characters"),
        ))
    }
}

/// A first or last name: at most 100 characters, no control characters (empty removes it).
pub fn name<'a>(field: &str, s: &'a str) -> Result<&'a str, ApiError> {
    if s.chars().count() > MAX_NAME_LEN || s.chars().any(char::is_control) {
        return Err(ApiError::new(
            ErrorCode::InvalidName,
            format!("{field} must be at most {MAX_NAME_LEN} characters without control characters"),
        ));
    }
    Ok(s)
}

/// An idempotency key: 1–255 printable ASCII characters.
pub fn idempotency_key(s: &str) -> Result<&str, ApiError> {
    if s.is_empty() || s.len() > MAX_IDEMPOTENCY_KEY_LEN || !printable(s) {
        return Err(ApiError::new(
            ErrorCode::InvalidIdempotencyKey,
            format!("Idempotency-Key must be 1-{MAX_IDEMPOTENCY_KEY_LEN} printable ASCII characters"),
        ));
    }
    Ok(s)
}

/// A usage amount: 1 to [`MAX_TRACK_AMOUNT`].
pub fn amount(n: i64) -> Result<u64, ApiError> {
    if n < 1 || n as u64 > MAX_TRACK_AMOUNT {
        return Err(ApiError::new(
            ErrorCode::InvalidAmount,
            format!("amount must be an integer from 1 to {MAX_TRACK_AMOUNT}"),
        ));
    }
    Ok(n as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_names() {
        for ok in ["a@b.co", "ann.lee+x@mail.example.com"] {
            assert!(email(ok).is_ok(), "{ok}");
        }
        for bad in ["", "ann", "@b.co", "a@b", "a@.b", "a@b.", "a b@c.de", "a@b@c.de"] {
            assert!(email(bad).is_err(), "{bad}");
        }
        assert!(name("firstName", "Zoë").is_ok());
        assert!(name("firstName", "").is_ok());
        assert!(name("firstName", "a\nb").is_err());
        assert!(name("firstName", &"x".repeat(101)).is_err());
    }

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

/// The origin (`scheme://host[:port]`) of an http(s) URL, if it has one.
pub fn origin_of(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_len];
    if host.is_empty() || host.contains('@') || !host.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    Some(&url[..url.len() - rest.len() + host_len])
}

/// A URL Stripe will send an end user's browser to (`successUrl`, `cancelUrl`,
/// `returnUrl`): http(s), at most 2048 bytes, on one of the platform's allowed origins —
/// so a checkout cannot be turned into a redirect to somewhere else.
pub fn redirect_url<'a>(field: &str, url: &'a str, allowed_origins: &[String]) -> Result<&'a str, ApiError> {
    let origin = origin_of(url).filter(|_| url.len() <= 2048).ok_or_else(|| {
        ApiError::new(ErrorCode::InvalidRedirectUrl, format!("{field} must be an http(s) URL of at most 2048 bytes"))
    })?;
    if !allowed_origins.iter().any(|o| o == origin) {
        return Err(ApiError::new(
            ErrorCode::RedirectNotAllowed,
            format!("{field} is on {origin}, which is not one of the platform's allowedOrigins (settings)"),
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod redirect_tests {
    use super::*;

    #[test]
    fn redirects_stay_on_allowed_origins() {
        let allowed = vec!["https://app.example".to_owned(), "http://127.0.0.1:8080".to_owned()];
        assert!(redirect_url("successUrl", "https://app.example/ok?x=1", &allowed).is_ok());
        assert!(redirect_url("successUrl", "http://127.0.0.1:8080", &allowed).is_ok());
        for bad in [
            "https://app.example.evil/ok",
            "https://evil.example/https://app.example",
            "https://app.example@evil.example/",
            "javascript:alert(1)",
            "//app.example/x",
            "https://",
        ] {
            assert!(redirect_url("successUrl", bad, &allowed).is_err(), "{bad}");
        }
        assert_eq!(redirect_url("u", "https://app.example/", &[]).unwrap_err().code.as_str(), "redirect_not_allowed");
        assert_eq!(origin_of("https://a.b:8443/x#y"), Some("https://a.b:8443"));
    }
}
