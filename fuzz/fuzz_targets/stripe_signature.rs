//! `Stripe-Signature` headers (first line of the input, after 8 bytes of `now`) over webhook
//! bodies (the rest): parsing and checking never panic at any `now`, an arbitrary header
//! never verifies, and a header made by `sign` for the same body always does.
#![no_main]

use dream_core::stripe_signature::{sign, verify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Some((now, data)) = input.split_first_chunk::<8>() else { return };
    let now = i64::from_le_bytes(*now);
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let (header, body) = (&data[..split], data.get(split + 1..).unwrap_or(&[]));
    let Ok(header) = std::str::from_utf8(header) else { return };
    // The fuzzer cannot forge an HMAC: only timestamp and shape errors may differ.
    assert!(verify(header, body, "whsec_fuzz", now).is_err());
    assert_eq!(verify(&sign("whsec_fuzz", now, body), body, "whsec_fuzz", now), Ok(now));
});
