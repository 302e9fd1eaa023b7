//! API keys as they arrive in headers: parsing never panics, and whatever parses keeps its
//! kind, mode and length.
#![no_main]

use dream_core::keys::{display_key, hash_secret, parse_key};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(k) = parse_key(s) {
        assert_eq!(k.raw, s);
        assert!(s.starts_with("sk_") || s.starts_with("pk_"));
        assert_eq!(hash_secret(s).len(), 64);
        let _ = display_key(s);
    }
});
