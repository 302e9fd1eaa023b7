//! Every JSON body a route accepts, and the identifiers inside: decoding and validation
//! never panic.
#![no_main]

use dream_core::api::{CreateKeyRequest, PlatformSettings, RotateKeyRequest, SetPlanRequest, TrackRequest};
use dream_core::meter::MeterRequest;
use dream_core::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = serde_json::from_slice::<TrackRequest>(data) {
        if let Some(u) = &t.user_id {
            let _ = validate::user_id(u);
            let _ = validate::idempotency_key(u);
        }
        let _ = validate::amount(t.amount.unwrap_or(1));
    }
    let _ = serde_json::from_slice::<PlatformSettings>(data);
    let _ = serde_json::from_slice::<CreateKeyRequest>(data);
    let _ = serde_json::from_slice::<RotateKeyRequest>(data);
    let _ = serde_json::from_slice::<SetPlanRequest>(data);
    // What a meter object decodes from its callers.
    let _ = serde_json::from_slice::<MeterRequest>(data);
});
