//! Key formats: platform ids, publishable and secret API keys, their checksums and hashing.
//!
//! `sk_test_<32 random base62><6 checksum>`: the checksum lets a malformed or mistyped key be
//! refused before any storage lookup; secret keys are stored only as SHA-256 hashes.

use crate::mode::Mode;
use crate::ports::Random;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_RANDOM_LEN: usize = 32;
const PUBLISHABLE_RANDOM_LEN: usize = 24;
const CHECKSUM_LEN: usize = 6;
const ID_LEN: usize = 16;

/// Which of the two API key kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    /// `sk_…`: server side, every route.
    Secret,
    /// `pk_…`: browser side, with an end user's JWT.
    Publishable,
}

impl KeyKind {
    fn prefix(self) -> &'static str {
        match self {
            KeyKind::Secret => "sk",
            KeyKind::Publishable => "pk",
        }
    }
    fn random_len(self) -> usize {
        match self {
            KeyKind::Secret => SECRET_RANDOM_LEN,
            KeyKind::Publishable => PUBLISHABLE_RANDOM_LEN,
        }
    }
}

/// Why a string is not a well-formed key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyFormatError {
    /// Not `sk_`/`pk_` + `test_`/`live_`.
    Prefix,
    /// Wrong length or characters.
    Shape,
    /// The checksum does not match: a typo or a forged key.
    Checksum,
}

/// A syntactically valid API key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedKey<'a> {
    pub kind: KeyKind,
    pub mode: Mode,
    pub raw: &'a str,
}

/// `n` random base62 characters, unbiased.
pub fn random_base62(rng: &dyn Random, n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut buf = [0u8; 64];
    while out.len() < n {
        rng.fill(&mut buf);
        for &b in buf.iter() {
            // 248 = 4 * 62: rejecting above keeps every character equally likely.
            if b < 248 && out.len() < n {
                out.push(BASE62[(b % 62) as usize] as char);
            }
        }
    }
    out
}

fn checksum(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let mut v = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) as u64;
    let mut out = [b'0'; CHECKSUM_LEN];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(v % 62) as usize];
        v /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Mints a new key of the given kind and mode.
pub fn generate_key(rng: &dyn Random, kind: KeyKind, mode: Mode) -> String {
    let body = format!("{}_{}_{}", kind.prefix(), mode.as_str(), random_base62(rng, kind.random_len()));
    let sum = checksum(&body);
    body + &sum
}

/// Checks prefix, shape and checksum without touching storage.
pub fn parse_key(raw: &str) -> Result<ParsedKey<'_>, KeyFormatError> {
    let (kind, rest) = if let Some(rest) = raw.strip_prefix("sk_") {
        (KeyKind::Secret, rest)
    } else if let Some(rest) = raw.strip_prefix("pk_") {
        (KeyKind::Publishable, rest)
    } else {
        return Err(KeyFormatError::Prefix);
    };
    let (mode, tail) = if let Some(t) = rest.strip_prefix("test_") {
        (Mode::Test, t)
    } else if let Some(t) = rest.strip_prefix("live_") {
        (Mode::Live, t)
    } else {
        return Err(KeyFormatError::Prefix);
    };
    if tail.len() != kind.random_len() + CHECKSUM_LEN || !tail.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(KeyFormatError::Shape);
    }
    let split = raw.len() - CHECKSUM_LEN;
    if checksum(&raw[..split]) != raw[split..] {
        return Err(KeyFormatError::Checksum);
    }
    Ok(ParsedKey { kind, mode, raw })
}

/// SHA-256 of a secret key, hex: the only form in which secret keys are stored.
pub fn hash_secret(raw: &str) -> String {
    hex(&Sha256::digest(raw.as_bytes()))
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// How a key is shown after creation: prefix and last four characters.
pub fn display_key(raw: &str) -> String {
    let prefix_len = raw.find('_').and_then(|i| raw[i + 1..].find('_').map(|j| i + j + 2)).unwrap_or(0);
    let last4 = raw.len().saturating_sub(4);
    format!("{}…{}", &raw[..prefix_len.min(last4)], &raw[last4..])
}

/// A fresh platform id, `plt_` + 16 base62.
pub fn new_platform_id(rng: &dyn Random) -> String {
    format!("plt_{}", random_base62(rng, ID_LEN))
}

/// A fresh key id, `key_` + 16 base62 (names a key without revealing it).
pub fn new_key_id(rng: &dyn Random) -> String {
    format!("key_{}", random_base62(rng, ID_LEN))
}

/// True for a string shaped like a platform id.
pub fn is_platform_id(s: &str) -> bool {
    s.len() == 4 + ID_LEN && s.starts_with("plt_") && s[4..].bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::SeqRandom;

    #[test]
    fn generated_keys_parse_with_kind_and_mode() {
        let rng = SeqRandom::new(7);
        for kind in [KeyKind::Secret, KeyKind::Publishable] {
            for mode in Mode::ALL {
                let k = generate_key(&rng, kind, mode);
                let p = parse_key(&k).unwrap();
                assert_eq!((p.kind, p.mode), (kind, mode));
            }
        }
        let sk = generate_key(&rng, KeyKind::Secret, Mode::Live);
        assert!(sk.starts_with("sk_live_"));
        assert_eq!(sk.len(), 8 + 32 + 6);
    }

    #[test]
    fn malformed_keys_are_refused_before_lookup() {
        let rng = SeqRandom::new(1);
        let k = generate_key(&rng, KeyKind::Secret, Mode::Test);
        assert_eq!(parse_key("sk_prod_abc"), Err(KeyFormatError::Prefix));
        assert_eq!(parse_key("xx_test_abc"), Err(KeyFormatError::Prefix));
        assert_eq!(parse_key("sk_test_abc"), Err(KeyFormatError::Shape));
        // One changed character breaks the checksum.
        let mut typo = k.clone().into_bytes();
        typo[12] = if typo[12] == b'a' { b'b' } else { b'a' };
        assert_eq!(parse_key(std::str::from_utf8(&typo).unwrap()), Err(KeyFormatError::Checksum));
        let mut bad = k.clone();
        bad.replace_range(10..11, "!");
        assert_eq!(parse_key(&bad), Err(KeyFormatError::Shape));
    }

    #[test]
    fn hash_is_stable_hex_and_display_hides_the_key() {
        let h = hash_secret("sk_test_x");
        assert_eq!(h.len(), 64);
        assert_eq!(h, hash_secret("sk_test_x"));
        let rng = SeqRandom::new(3);
        let k = generate_key(&rng, KeyKind::Secret, Mode::Test);
        let d = display_key(&k);
        assert!(d.starts_with("sk_test_…"));
        assert!(d.ends_with(&k[k.len() - 4..]));
        assert!(is_platform_id(&new_platform_id(&rng)));
    }
}
