//! Secrets at rest that must be read back (Stripe Connect tokens): AES-256-GCM under a key
//! held as a worker secret, bound to where the value is stored so it cannot be moved.

use crate::ports::Random;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;

/// A 256-bit key from its base64 form (`openssl rand -base64 32`).
pub struct SealKey(Aes256Gcm);

impl SealKey {
    /// Parses a base64 (standard or URL-safe) 32-byte key.
    pub fn from_base64(s: &str) -> Result<SealKey, String> {
        let s = s.trim();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(s)
            .or_else(|_| B64.decode(s.trim_end_matches('=')))
            .map_err(|_| "the token key is not base64".to_owned())?;
        let cipher = Aes256Gcm::new_from_slice(&bytes).map_err(|_| "the token key must be 32 bytes".to_owned())?;
        Ok(SealKey(cipher))
    }
}

/// Encrypts `plaintext`; `context` (say, the KV key) must match when opening.
pub fn seal(key: &SealKey, context: &str, plaintext: &str, rng: &dyn Random) -> String {
    let mut nonce = [0u8; 12];
    rng.fill(&mut nonce);
    let payload = Payload { msg: plaintext.as_bytes(), aad: context.as_bytes() };
    // Encryption of an in-memory buffer with a valid key and nonce size cannot fail.
    let ct = key.0.encrypt(&Nonce::from(nonce), payload).unwrap_or_default();
    format!("v1.{}.{}", B64.encode(nonce), B64.encode(ct))
}

/// Decrypts what [`seal`] produced for the same `context`.
pub fn open(key: &SealKey, context: &str, sealed: &str) -> Result<String, String> {
    let mut parts = sealed.split('.');
    let (Some("v1"), Some(n), Some(c), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("not a sealed value".into());
    };
    let nonce: [u8; 12] = B64.decode(n).ok().and_then(|n| n.try_into().ok()).ok_or("bad nonce")?;
    let ct = B64.decode(c).map_err(|_| "bad ciphertext")?;
    let pt = key
        .0
        .decrypt(&Nonce::from(nonce), Payload { msg: &ct, aad: context.as_bytes() })
        .map_err(|_| "cannot decrypt (wrong key or context)")?;
    String::from_utf8(pt).map_err(|_| "not UTF-8".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::SeqRandom;

    #[test]
    fn round_trip_bound_to_context() {
        let key = SealKey::from_base64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").unwrap();
        let rng = SeqRandom::new(1);
        let s = seal(&key, "platform:p:stripe:test", "sk_test_secret", &rng);
        assert!(!s.contains("sk_test_secret"));
        assert_eq!(open(&key, "platform:p:stripe:test", &s).unwrap(), "sk_test_secret");
        assert!(open(&key, "platform:q:stripe:test", &s).is_err());
        let other = SealKey::from_base64("HwECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").unwrap();
        assert!(open(&other, "platform:p:stripe:test", &s).is_err());
        assert!(SealKey::from_base64("c2hvcnQ=").is_err());
        assert!(open(&key, "x", "v1.a.b.c").is_err());
    }
}
