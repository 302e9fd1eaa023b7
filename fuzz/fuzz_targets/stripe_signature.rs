//! `Stripe-Signature` headers (first line of the input) over webhook bodies (the rest):
//! parsing and checking never panic, an arbitrary header never verifies, and a header made
//! by `sign` for the same body always does.
#![no_main]

use dream_core::stripe_signature::{sign, verify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let (header, body) = (&data[..split], data.get(split + 1..).unwrap_or(&[]));
    let Ok(header) = std::str::from_utf8(header) else { return };
    let now = 1_800_000_000;
    // The fuzzer cannot forge an HMAC: only timestamp and shape errors may differ.
    assert!(verify(header, body, "whsec_fuzz", now).is_err());
    assert_eq!(verify(&sign("whsec_fuzz", now, body), body, "whsec_fuzz", now), Ok(now));
});
