//! Every JSON body a route accepts, and the identifiers inside: decoding and validation
//! never panic.
#![no_main]

use dream_core::api::{
    CheckoutRequest, CreateKeyRequest, PlanCheckoutRequest, PlatformSettings, PortalRequest, ReturnUrl,
    RotateKeyRequest, SetPlanRequest, TrackRequest,
};
use dream_core::objects::ObjectRequest;
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
    // Billing bodies, and the redirect rule every URL in them goes through.
    if let Ok(c) = serde_json::from_slice::<CheckoutRequest>(data) {
        let allowed = vec!["https://app.example".to_owned()];
        let _ = validate::redirect_url("successUrl", &c.success_url, &allowed);
        let _ = validate::redirect_url("cancelUrl", &c.cancel_url, &allowed);
    }
    let _ = serde_json::from_slice::<PortalRequest>(data);
    let _ = serde_json::from_slice::<PlanCheckoutRequest>(data);
    let _ = serde_json::from_slice::<ReturnUrl>(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = validate::origin_of(s);
    }
    // What a Durable Object decodes from its callers.
    let _ = serde_json::from_slice::<ObjectRequest>(data);
});
