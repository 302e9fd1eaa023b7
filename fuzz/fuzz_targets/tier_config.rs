//! Tier lists as developers PUT them: decoding and validation never panic, and a list that
//! validates has a free tier at price 0, no negative limit, and meters whose limits agree
//! with what a shard is told.
#![no_main]

use dream_core::api::PutTiersRequest;
use dream_core::tiers::{validate, TierLimits, FREE_TIER, MAIN_METER};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(req) = serde_json::from_slice::<PutTiersRequest>(data) else { return };
    if validate(&req.tiers).is_ok() {
        assert!(req.tiers.iter().any(|t| t.name == FREE_TIER && t.price_cents == 0));
        assert!(req.tiers.iter().all(|t| t.limit.is_none_or(|l| l >= 0)));
        let limits = TierLimits::of(&req.tiers);
        assert_eq!(limits.effective(Some("no such tier")), FREE_TIER);
        for t in &req.tiers {
            assert!(!t.meters.contains_key(MAIN_METER));
            for (name, limit) in &t.meters {
                let Ok(of) = TierLimits::of_meter(&req.tiers, Some(name)) else { panic!("{name} is a meter") };
                assert_eq!(of.limit_of(&t.name), limit.map(|l| u64::try_from(l).unwrap_or(0)));
            }
        }
    }
});
