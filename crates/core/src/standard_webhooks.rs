//! Signatures of the webhooks dream-api sends to developers' servers (issue #13), made the way
//! the Standard Webhooks specification makes them, so any Standard Webhooks library verifies
//! them: `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature` —
//! space-separated `v1,<base64 HMAC-SHA256>` entries, one per secret in force (two while a
//! secret is rotated), over `"<id>.<timestamp>.<body>"` keyed with the secret's bytes (the
//! base64 after `whsec_`). Pure: the delivery shell signs each attempt with it.

use crate::ports::Random;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

type HmacSha256 = Hmac<Sha256>;

/// Header holding the message id (the same on every attempt: receivers de-duplicate by it).
pub const HEADER_ID: &str = "webhook-id";
/// Header holding the attempt's Unix time in seconds.
pub const HEADER_TIMESTAMP: &str = "webhook-timestamp";
/// Header holding the signatures.
pub const HEADER_SIGNATURE: &str = "webhook-signature";
/// How secrets are written.
pub const SECRET_PREFIX: &str = "whsec_";
/// How far a signed timestamp may be from the receiver's clock (the specification's five minutes).
pub const TOLERANCE_SECS: i64 = 300;
/// Bytes of a secret dream-api makes (the specification asks for 24 to 64).
const SECRET_BYTES: usize = 32;
/// Most signatures one header may carry before verifying gives up.
const MAX_SIGNATURES: usize = 8;

/// Why a delivery's signature was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookError {
    /// A secret that is not `whsec_` + base64 of at least one byte.
    BadSecret,
    /// A timestamp that is not Unix seconds.
    BadTimestamp,
    /// More than five minutes from now, either way.
    Stale,
    /// No `v1` signature matches.
    Mismatch,
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WebhookError::BadSecret => "the secret is not whsec_ followed by base64",
            WebhookError::BadTimestamp => "webhook-timestamp is not Unix seconds",
            WebhookError::Stale => "webhook-timestamp is more than five minutes from now",
            WebhookError::Mismatch => "no signature matches the body and secret",
        })
    }
}

/// An endpoint's signing secret (its bytes; never printed).
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(Vec<u8>);

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret([redacted])")
    }
}

impl WebhookSecret {
    /// A new random secret.
    pub fn generate(rng: &dyn Random) -> WebhookSecret {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rng.fill(&mut bytes);
        WebhookSecret(bytes)
    }

    /// The secret HMAC-SHA256(`key`, `label`) names: secrets made from a deployment key
    /// need not be stored.
    pub fn derive(key: &[u8], label: &str) -> WebhookSecret {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut m = <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
        m.update(label.as_bytes());
        WebhookSecret(m.finalize().into_bytes().to_vec())
    }

    /// Reads `whsec_<base64>` (the prefix may be left out, as the specification allows).
    pub fn parse(text: &str) -> Result<WebhookSecret, WebhookError> {
        let b64 = text.strip_prefix(SECRET_PREFIX).unwrap_or(text);
        match STANDARD.decode(b64) {
            Ok(bytes) if !bytes.is_empty() => Ok(WebhookSecret(bytes)),
            _ => Err(WebhookError::BadSecret),
        }
    }

    /// The secret as the developer copies it: `whsec_<base64>`.
    pub fn expose(&self) -> String {
        format!("{SECRET_PREFIX}{}", STANDARD.encode(&self.0))
    }

    fn mac(&self, id: &str, timestamp: i64, payload: &[u8]) -> HmacSha256 {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut m = <HmacSha256 as Mac>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!());
        m.update(id.as_bytes());
        m.update(b".");
        m.update(timestamp.to_string().as_bytes());
        m.update(b".");
        m.update(payload);
        m
    }

    /// This secret's `v1,<base64>` signature of `payload` sent as message `id` at `timestamp`.
    pub fn sign(&self, id: &str, timestamp: i64, payload: &[u8]) -> String {
        format!("v1,{}", STANDARD.encode(self.mac(id, timestamp, payload).finalize().into_bytes()))
    }
}

/// The three headers of one delivery attempt, signed with every secret in force.
pub fn headers(secrets: &[WebhookSecret], id: &str, timestamp: i64, payload: &[u8]) -> [(&'static str, String); 3] {
    let signatures: Vec<String> = secrets.iter().map(|s| s.sign(id, timestamp, payload)).collect();
    [(HEADER_ID, id.to_owned()), (HEADER_TIMESTAMP, timestamp.to_string()), (HEADER_SIGNATURE, signatures.join(" "))]
}

/// Checks a delivery as a receiver would (dream-api's tests, and the SDK's `verifyWebhook`,
/// which does the same in TypeScript): the timestamp within [`TOLERANCE_SECS`] of `now_secs`
/// and some `v1` signature matching, compared in constant time.
pub fn verify(
    secret: &WebhookSecret,
    id: &str,
    timestamp: &str,
    signature: &str,
    payload: &[u8],
    now_secs: i64,
) -> Result<(), WebhookError> {
    let ts: i64 = timestamp.trim().parse().map_err(|_| WebhookError::BadTimestamp)?;
    if now_secs.checked_sub(ts).and_then(i64::checked_abs).is_none_or(|d| d > TOLERANCE_SECS) {
        return Err(WebhookError::Stale);
    }
    let m = secret.mac(id, ts, payload);
    let matches = signature
        .split(' ')
        .take(MAX_SIGNATURES)
        .filter_map(|entry| entry.split_once(','))
        .filter(|(version, _)| *version == "v1")
        .filter_map(|(_, sig)| STANDARD.decode(sig).ok())
        .any(|sig| m.clone().verify_slice(&sig).is_ok());
    if matches {
        Ok(())
    } else {
        Err(WebhookError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The specification's reference library's own test vector.
    const SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    const ID: &str = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk";
    const TS: i64 = 1_649_367_553;
    const BODY: &[u8] = br#"{"email":"test@example.com","username":"test_user"}"#;
    const SIGNATURE: &str = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=";

    #[test]
    fn signatures_match_the_reference_library() {
        let secret = WebhookSecret::parse(SECRET).unwrap();
        assert_eq!(secret.sign(ID, TS, BODY), SIGNATURE);
        assert_eq!(secret.expose(), SECRET);
        assert_eq!(WebhookSecret::parse(&SECRET[SECRET_PREFIX.len()..]), Ok(secret.clone()), "the prefix is optional");
        assert_eq!(verify(&secret, ID, &TS.to_string(), SIGNATURE, BODY, TS + 10), Ok(()));
    }

    #[test]
    fn a_changed_body_an_old_timestamp_or_another_secret_is_refused() {
        let secret = WebhookSecret::parse(SECRET).unwrap();
        let ts = TS.to_string();
        assert_eq!(verify(&secret, ID, &ts, SIGNATURE, b"{}", TS), Err(WebhookError::Mismatch));
        assert_eq!(verify(&secret, "msg_other", &ts, SIGNATURE, BODY, TS), Err(WebhookError::Mismatch));
        assert_eq!(verify(&secret, ID, &ts, SIGNATURE, BODY, TS + TOLERANCE_SECS + 1), Err(WebhookError::Stale));
        assert_eq!(verify(&secret, ID, &ts, SIGNATURE, BODY, TS - TOLERANCE_SECS - 1), Err(WebhookError::Stale));
        assert_eq!(verify(&secret, ID, "soon", SIGNATURE, BODY, TS), Err(WebhookError::BadTimestamp));
        assert_eq!(verify(&secret, ID, &i64::MIN.to_string(), SIGNATURE, BODY, TS), Err(WebhookError::Stale));
        let other = WebhookSecret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(verify(&other, ID, &ts, SIGNATURE, BODY, TS), Err(WebhookError::Mismatch));
        assert_eq!(WebhookSecret::parse("whsec_"), Err(WebhookError::BadSecret));
        assert_eq!(WebhookSecret::parse("whsec_not base64!"), Err(WebhookError::BadSecret));
    }

    #[test]
    fn while_a_secret_rotates_both_sign_and_either_verifies() {
        struct Fixed(u8);
        impl Random for Fixed {
            fn fill(&self, buf: &mut [u8]) {
                buf.fill(self.0);
            }
        }
        let (old, new) = (WebhookSecret::generate(&Fixed(1)), WebhookSecret::generate(&Fixed(2)));
        assert_ne!(old, new);
        assert!(format!("{old:?}").contains("redacted") && !format!("{old:?}").contains(&old.expose()));
        let [id, ts, sig] = headers(&[old.clone(), new.clone()], ID, TS, BODY);
        assert_eq!((id.0, ts.0, sig.0), (HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE));
        assert_eq!(sig.1.split(' ').count(), 2);
        for s in [&old, &new] {
            assert_eq!(verify(s, &id.1, &ts.1, &sig.1, BODY, TS), Ok(()));
        }
    }
}
