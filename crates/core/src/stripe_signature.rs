//! Stripe's webhook signatures: `Stripe-Signature: t=<unix secs>,v1=<hex HMAC-SHA256>[,v1=…]`
//! over `"<t>.<raw body>"` with the endpoint's signing secret, checked in constant time and
//! within a tolerance of five minutes either way.

use crate::error::ErrorCode;
use crate::keys::hex;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

type HmacSha256 = Hmac<Sha256>;

/// How far the signed timestamp may be from now, in seconds.
pub const TOLERANCE_SECS: i64 = 300;
/// Most `v1` signatures one header may carry (Stripe sends one per active secret).
const MAX_SIGNATURES: usize = 8;

/// Why a webhook signature was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// Not `t=…,v1=…` pairs, or no timestamp.
    Malformed,
    /// No `v1` signature (only other schemes such as `v0`).
    NoSignature,
    /// The timestamp is more than [`TOLERANCE_SECS`] away from now.
    Stale,
    /// No `v1` signature matches the body and secret.
    Mismatch,
}

impl SignatureError {
    /// Stable error code for the API.
    pub fn code(&self) -> ErrorCode {
        match self {
            SignatureError::Malformed => ErrorCode::SignatureMalformed,
            SignatureError::NoSignature => ErrorCode::SignatureMissing,
            SignatureError::Stale => ErrorCode::SignatureTimestampOutOfTolerance,
            SignatureError::Mismatch => ErrorCode::SignatureMismatch,
        }
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SignatureError::Malformed => "the Stripe-Signature header is malformed",
            SignatureError::NoSignature => "the Stripe-Signature header has no v1 signature",
            SignatureError::Stale => "the Stripe-Signature timestamp is outside the 5-minute tolerance",
            SignatureError::Mismatch => "no Stripe-Signature v1 signature matches this body",
        })
    }
}

/// A parsed `Stripe-Signature` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    pub timestamp: i64,
    pub v1: Vec<Vec<u8>>,
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 128 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// Parses the header; unknown schemes (`v0`) are ignored, as Stripe's libraries do.
pub fn parse_header(header: &str) -> Result<SignatureHeader, SignatureError> {
    let mut timestamp = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        let (k, v) = part.trim().split_once('=').ok_or(SignatureError::Malformed)?;
        match k {
            "t" => {
                if timestamp.is_some() {
                    return Err(SignatureError::Malformed);
                }
                timestamp = Some(v.parse::<i64>().map_err(|_| SignatureError::Malformed)?);
            }
            "v1" => {
                if v1.len() >= MAX_SIGNATURES {
                    return Err(SignatureError::Malformed);
                }
                // A v1 that is not hex can never match; keep parsing the others.
                if let Some(sig) = unhex(v) {
                    v1.push(sig);
                }
            }
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if v1.is_empty() {
        return Err(SignatureError::NoSignature);
    }
    Ok(SignatureHeader { timestamp, v1 })
}

fn mac(secret: &str, timestamp: i64, payload: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut m = <HmacSha256 as Mac>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!());
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(payload);
    m
}

/// The `Stripe-Signature` header Stripe would send for `payload` at `timestamp`.
pub fn sign(secret: &str, timestamp: i64, payload: &[u8]) -> String {
    format!("t={timestamp},v1={}", hex(&mac(secret, timestamp, payload).finalize().into_bytes()))
}

/// Checks a webhook delivery; returns the signed timestamp.
pub fn verify(header: &str, payload: &[u8], secret: &str, now_secs: i64) -> Result<i64, SignatureError> {
    let h = parse_header(header)?;
    // Checked: `t` is the sender's, and may be anything.
    if now_secs.checked_sub(h.timestamp).and_then(i64::checked_abs).is_none_or(|d| d > TOLERANCE_SECS) {
        return Err(SignatureError::Stale);
    }
    let m = mac(secret, h.timestamp, payload);
    if h.v1.iter().any(|sig| m.clone().verify_slice(sig).is_ok()) {
        Ok(h.timestamp)
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";
    const BODY: &[u8] = br#"{"id":"evt_1","type":"invoice.paid"}"#;
    const NOW: i64 = 1_800_000_000;

    #[test]
    fn accepts_what_it_signs_within_tolerance() {
        let h = sign(SECRET, NOW, BODY);
        assert_eq!(verify(&h, BODY, SECRET, NOW), Ok(NOW));
        assert_eq!(verify(&h, BODY, SECRET, NOW + TOLERANCE_SECS), Ok(NOW));
        assert_eq!(verify(&h, BODY, SECRET, NOW + TOLERANCE_SECS + 1), Err(SignatureError::Stale));
        assert_eq!(verify(&h, BODY, SECRET, NOW - TOLERANCE_SECS - 1), Err(SignatureError::Stale));
    }

    #[test]
    fn refuses_other_bodies_secrets_and_shapes() {
        let h = sign(SECRET, NOW, BODY);
        assert_eq!(verify(&h, b"{}", SECRET, NOW), Err(SignatureError::Mismatch));
        assert_eq!(verify(&h, BODY, "whsec_other", NOW), Err(SignatureError::Mismatch));
        assert_eq!(verify("", BODY, SECRET, NOW), Err(SignatureError::Malformed));
        assert_eq!(verify("t=abc,v1=00", BODY, SECRET, NOW), Err(SignatureError::Malformed));
        assert_eq!(verify(&format!("t={NOW}"), BODY, SECRET, NOW), Err(SignatureError::NoSignature));
        assert_eq!(verify(&format!("t={NOW},t={NOW},v1=00"), BODY, SECRET, NOW), Err(SignatureError::Malformed));
        let v0_only = format!("t={NOW},v0={}", &h[h.find("v1=").unwrap_or(0) + 3..]);
        assert_eq!(verify(&v0_only, BODY, SECRET, NOW), Err(SignatureError::NoSignature));
    }

    #[test]
    fn any_matching_v1_is_enough() {
        let good = sign(SECRET, NOW, BODY);
        let sig = &good[good.find("v1=").unwrap_or(0) + 3..];
        let h = format!("t={NOW},v1={},v1=zz,v1={sig}", "ab".repeat(32));
        assert_eq!(verify(&h, BODY, SECRET, NOW), Ok(NOW));
    }
}
