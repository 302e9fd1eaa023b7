//! Tiers: the plans a developer offers end users, with monthly limits and prices.

use crate::error::ApiError;
use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Name of the tier every end user starts on.
pub const FREE_TIER: &str = "free";
/// Most tiers one list may hold.
pub const MAX_TIERS: usize = 20;
/// Most features one tier may list.
pub const MAX_FEATURES: usize = 50;

/// One plan as the developer defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tier {
    /// Stable id: lower-case letters, digits, `-` and `_`; `free` must exist.
    pub name: String,
    /// Shown to people.
    pub display_name: String,
    /// Calls per usage period; `null` means unlimited.
    pub limit: Option<i64>,
    /// Monthly price in cents; the free tier costs 0.
    pub price_cents: i64,
    /// Feature list shown on pricing pages.
    #[serde(default)]
    pub features: Vec<String>,
}

impl Tier {
    /// The limit as an unsigned count (validated tiers never hold a negative).
    pub fn limit_u64(&self) -> Option<u64> {
        self.limit.map(|l| l.max(0) as u64)
    }
}

/// What the meter needs to know about a tier list: each tier's limit and the default tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierLimits {
    pub default_tier: String,
    pub limits: BTreeMap<String, Option<u64>>,
}

impl TierLimits {
    /// Limits of a validated tier list.
    pub fn of(tiers: &[Tier]) -> TierLimits {
        TierLimits {
            default_tier: FREE_TIER.to_owned(),
            limits: tiers.iter().map(|t| (t.name.clone(), t.limit_u64())).collect(),
        }
    }

    /// The tier a stored plan resolves to: the plan if it still exists, else the default.
    pub fn effective<'a>(&'a self, plan: Option<&'a str>) -> &'a str {
        match plan {
            Some(p) if self.limits.contains_key(p) => p,
            _ => &self.default_tier,
        }
    }

    /// The limit of a tier (unknown tiers count as the default tier).
    pub fn limit_of(&self, tier: &str) -> Option<u64> {
        let tier = self.effective(Some(tier));
        self.limits.get(tier).copied().flatten()
    }
}

/// The tiers a new platform starts with in each mode.
pub fn default_tiers() -> Vec<Tier> {
    vec![
        Tier {
            name: FREE_TIER.into(),
            display_name: "Free".into(),
            limit: Some(100),
            price_cents: 0,
            features: vec![],
        },
        Tier {
            name: "pro".into(),
            display_name: "Pro".into(),
            limit: Some(10_000),
            price_cents: 1900,
            features: vec![],
        },
    ]
}

fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 32
        && b[0].is_ascii_lowercase() | b[0].is_ascii_digit()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_')
}

/// Checks a tier list as a whole; the error names the first problem found.
pub fn validate(tiers: &[Tier]) -> Result<(), ApiError> {
    let bad = |code: ErrorCode, msg: String| Err(ApiError::new(code, msg));
    if tiers.is_empty() || tiers.len() > MAX_TIERS {
        return bad(ErrorCode::InvalidTiers, format!("give between 1 and {MAX_TIERS} tiers"));
    }
    let mut seen = std::collections::BTreeSet::new();
    for t in tiers {
        if !valid_name(&t.name) {
            return bad(
                ErrorCode::InvalidTierName,
                format!("tier name {:?} must be 1-32 of a-z, 0-9, '-' or '_', starting with a letter or digit", t.name),
            );
        }
        if !seen.insert(t.name.as_str()) {
            return bad(ErrorCode::DuplicateTier, format!("tier {:?} appears more than once", t.name));
        }
        if t.display_name.trim().is_empty() || t.display_name.len() > 64 {
            return bad(
                ErrorCode::InvalidDisplayName,
                format!("tier {:?} needs a display name of 1-64 characters", t.name),
            );
        }
        if matches!(t.limit, Some(l) if l < 0) {
            return bad(
                ErrorCode::InvalidLimit,
                format!("tier {:?} has a negative limit; use null for unlimited", t.name),
            );
        }
        if t.price_cents < 0 {
            return bad(ErrorCode::InvalidPrice, format!("tier {:?} has a negative price", t.name));
        }
        if t.features.len() > MAX_FEATURES || t.features.iter().any(|f| f.len() > 200) {
            return bad(
                ErrorCode::InvalidFeatures,
                format!("tier {:?} may list at most {MAX_FEATURES} features of up to 200 characters", t.name),
            );
        }
    }
    match tiers.iter().find(|t| t.name == FREE_TIER) {
        None => bad(
            ErrorCode::MissingFreeTier,
            "the tier list needs a tier named \"free\": every end user starts there".into(),
        ),
        Some(t) if t.price_cents != 0 => {
            bad(ErrorCode::FreeTierNotFree, "the \"free\" tier must have priceCents 0".into())
        }
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(name: &str, limit: Option<i64>, price: i64) -> Tier {
        Tier { name: name.into(), display_name: name.into(), limit, price_cents: price, features: vec![] }
    }

    #[test]
    fn validation_names_the_problem() {
        assert!(validate(&default_tiers()).is_ok());
        let code = |t: &[Tier]| validate(t).unwrap_err().code.as_str();
        assert_eq!(code(&[]), "invalid_tiers");
        assert_eq!(code(&[tier("free", Some(5), 0), tier("free", None, 0)]), "duplicate_tier");
        assert_eq!(code(&[tier("free", Some(-1), 0)]), "invalid_limit");
        assert_eq!(code(&[tier("pro", Some(5), 100)]), "missing_free_tier");
        assert_eq!(code(&[tier("free", Some(5), 100)]), "free_tier_not_free");
        assert_eq!(code(&[tier("free", Some(5), 0), tier("Pro!", None, 1)]), "invalid_tier_name");
        assert_eq!(code(&[tier("free", Some(5), 0), tier("pro", None, -1)]), "invalid_price");
    }

    #[test]
    fn limits_fall_back_to_default_tier() {
        let l = TierLimits::of(&[tier("free", Some(5), 0), tier("pro", None, 900)]);
        assert_eq!(l.effective(Some("pro")), "pro");
        assert_eq!(l.effective(Some("gone")), "free");
        assert_eq!(l.effective(None), "free");
        assert_eq!(l.limit_of("pro"), None);
        assert_eq!(l.limit_of("gone"), Some(5));
    }
}
