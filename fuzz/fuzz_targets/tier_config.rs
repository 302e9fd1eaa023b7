//! Tier lists as developers PUT them: decoding and validation never panic, and a list that
//! validates has a free tier at price 0 and no negative limit.
#![no_main]

use dream_core::api::PutTiersRequest;
use dream_core::tiers::{validate, TierLimits, FREE_TIER};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(req) = serde_json::from_slice::<PutTiersRequest>(data) else { return };
    if validate(&req.tiers).is_ok() {
        assert!(req.tiers.iter().any(|t| t.name == FREE_TIER && t.price_cents == 0));
        assert!(req.tiers.iter().all(|t| t.limit.is_none_or(|l| l >= 0)));
        let limits = TierLimits::of(&req.tiers);
        assert_eq!(limits.effective(Some("no such tier")), FREE_TIER);
    }
});
