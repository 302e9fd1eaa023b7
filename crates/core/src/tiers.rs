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
/// Most flags, and most named meters, one tier may have.
pub const MAX_ENTITLEMENTS: usize = 20;
/// The name of the tier's main meter (`limit`): what a track without a `feature` counts.
pub const MAIN_METER: &str = "api_calls";

/// One plan as the developer defines it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// What the tier may do (e.g. `export_csv`): names answered by `GET /api/entitlements`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
    /// Metered features with their own limit per usage period (`null` = unlimited), counted
    /// by tracks that name them; a tier without a meter allows none of it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meters: BTreeMap<String, Option<i64>>,
    /// The tier's checkout lets the buyer enter a promotion code (Stripe's
    /// `allow_promotion_codes`; codes are made with `POST /api/developer/promotion-codes`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub promotion_codes: bool,
    /// A free trial before the first charge, for an end user who never subscribed before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial: Option<Trial>,
}

/// A tier's free trial: its paid limits for `days`, then billed — or, when no card was asked
/// for and none was added, back to the free tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Trial {
    /// 1 to [`MAX_TRIAL_DAYS`] (Stripe's bound).
    pub days: u32,
    /// Whether Checkout asks for a card up front (Stripe's `payment_method_collection`).
    #[serde(default = "card_required_by_default")]
    pub card_required: bool,
}

fn card_required_by_default() -> bool {
    true
}

/// The longest trial Stripe allows.
pub const MAX_TRIAL_DAYS: u32 = 730;

impl Tier {
    /// The limit as an unsigned count (validated tiers never hold a negative).
    pub fn limit_u64(&self) -> Option<u64> {
        unsigned(self.limit)
    }

    /// The limit of the named meter as an unsigned count (`Some(None)`: unlimited); `None`
    /// when the tier has no such meter.
    pub fn meter_limit(&self, name: &str) -> Option<Option<u64>> {
        self.meters.get(name).map(|l| unsigned(*l))
    }
}

fn unsigned(limit: Option<i64>) -> Option<u64> {
    limit.map(|l| u64::try_from(l).unwrap_or(0))
}

/// What the meter needs to know about a tier list for one meter: each tier's limit of it and
/// the default tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierLimits {
    pub default_tier: String,
    pub limits: BTreeMap<String, Option<u64>>,
    /// The named meter these limits are of; `None`: the main meter ([`MAIN_METER`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meter: Option<String>,
    /// The project's usage alerts (percent of the limit) a track that crosses one reports
    /// (`usage.threshold_reached`); only a track reads them.
    #[serde(default = "crate::webhook_events::default_alerts")]
    pub alerts: Vec<u8>,
}

impl TierLimits {
    /// Main-meter limits of a validated tier list.
    pub fn of(tiers: &[Tier]) -> TierLimits {
        TierLimits {
            default_tier: FREE_TIER.to_owned(),
            limits: tiers.iter().map(|t| (t.name.clone(), t.limit_u64())).collect(),
            meter: None,
            alerts: crate::webhook_events::default_alerts(),
        }
    }

    /// Limits of the meter a call names (`None` or [`MAIN_METER`]: the main one); a tier
    /// without that meter allows none of it. 400 `unknown_feature` when no tier has it.
    pub fn of_meter(tiers: &[Tier], feature: Option<&str>) -> Result<TierLimits, ApiError> {
        let Some(name) = feature.filter(|f| *f != MAIN_METER) else { return Ok(TierLimits::of(tiers)) };
        if !tiers.iter().any(|t| t.meters.contains_key(name)) {
            let known: Vec<&str> = tiers.iter().flat_map(|t| t.meters.keys().map(String::as_str)).collect();
            return Err(ApiError::new(
                ErrorCode::UnknownFeature,
                format!(
                    "no tier has a meter named {name:?}; the meters are {MAIN_METER:?} (the tier limit){}",
                    known.iter().map(|k| format!(", {k:?}")).collect::<String>()
                ),
            ));
        }
        Ok(TierLimits {
            default_tier: FREE_TIER.to_owned(),
            limits: tiers.iter().map(|t| (t.name.clone(), t.meter_limit(name).unwrap_or(Some(0)))).collect(),
            meter: Some(name.to_owned()),
            alerts: crate::webhook_events::default_alerts(),
        })
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

/// The tier named `name` of a mode's `tiers`; 400 `unknown_tier` if the mode has none.
pub fn named<'a>(tiers: &'a [Tier], name: &str, mode: crate::Mode) -> Result<&'a Tier, ApiError> {
    tiers
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| ApiError::new(ErrorCode::UnknownTier, format!("there is no tier {name:?} in {mode} mode")))
}

/// The tiers a new platform starts with in each mode.
pub fn default_tiers() -> Vec<Tier> {
    vec![
        Tier {
            name: FREE_TIER.into(),
            display_name: "Free".into(),
            limit: Some(100),
            price_cents: 0,
            ..Tier::default()
        },
        Tier {
            name: "pro".into(),
            display_name: "Pro".into(),
            limit: Some(10_000),
            price_cents: 1900,
            ..Tier::default()
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
        let names_ok = t.flags.iter().chain(t.meters.keys()).all(|n| valid_name(n));
        if t.flags.len() > MAX_ENTITLEMENTS || t.meters.len() > MAX_ENTITLEMENTS || !names_ok {
            return bad(
                ErrorCode::InvalidFeatures,
                format!(
                    "tier {:?} may have at most {MAX_ENTITLEMENTS} flags and {MAX_ENTITLEMENTS} meters, each named with 1-32 of a-z, 0-9, '-' or '_'",
                    t.name
                ),
            );
        }
        if t.meters.contains_key(MAIN_METER) {
            return bad(
                ErrorCode::InvalidFeatures,
                format!("tier {:?}: {MAIN_METER:?} is the main meter; set its limit with \"limit\"", t.name),
            );
        }
        if let Some(trial) = t.trial {
            if t.price_cents == 0 || !(1..=MAX_TRIAL_DAYS).contains(&trial.days) {
                return bad(
                    ErrorCode::InvalidTiers,
                    format!("tier {:?}: a trial needs a paid tier and 1-{MAX_TRIAL_DAYS} days", t.name),
                );
            }
        }
        if t.meters.values().any(|l| matches!(l, Some(l) if *l < 0)) {
            return bad(
                ErrorCode::InvalidLimit,
                format!("tier {:?} has a meter with a negative limit; use null for unlimited", t.name),
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
        Tier { name: name.into(), display_name: name.into(), limit, price_cents: price, ..Tier::default() }
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

    #[test]
    fn a_named_meter_has_its_own_limits_and_a_tier_without_it_allows_none() {
        let mut pro = tier("pro", None, 900);
        pro.meters.insert("exports".into(), Some(3));
        pro.meters.insert("seats".into(), None);
        let list = [tier("free", Some(5), 0), pro];
        assert!(validate(&list).is_ok());
        let exports = TierLimits::of_meter(&list, Some("exports")).unwrap();
        assert_eq!((exports.limit_of("pro"), exports.limit_of("free")), (Some(3), Some(0)));
        assert_eq!(TierLimits::of_meter(&list, Some("seats")).unwrap().limit_of("pro"), None);
        // The main meter by either name.
        assert_eq!(TierLimits::of_meter(&list, Some(MAIN_METER)).unwrap(), TierLimits::of(&list));
        assert_eq!(TierLimits::of_meter(&list, None).unwrap(), TierLimits::of(&list));
        assert_eq!(TierLimits::of_meter(&list, Some("export")).unwrap_err().code.as_str(), "unknown_feature");
    }

    #[test]
    fn flags_and_meters_are_checked() {
        let code = |f: fn(&mut Tier)| {
            let mut t = tier("free", Some(5), 0);
            f(&mut t);
            validate(&[t]).err().map(|e| e.code.as_str())
        };
        assert_eq!(code(|t| t.flags.push("Export CSV".into())), Some("invalid_features"));
        assert_eq!(
            code(|t| {
                t.meters.insert(MAIN_METER.into(), Some(1));
            }),
            Some("invalid_features")
        );
        assert_eq!(
            code(|t| {
                t.meters.insert("exports".into(), Some(-1));
            }),
            Some("invalid_limit")
        );
        assert_eq!(code(|t| t.flags = (0..21).map(|i| format!("f{i}")).collect()), Some("invalid_features"));
        assert_eq!(code(|t| t.flags.push("export_csv".into())), None);
    }

    #[test]
    fn a_trial_needs_a_paid_tier_and_a_bounded_length() {
        let check = |price: i64, days: u32| {
            let mut paid = tier("pro", Some(10), price);
            paid.trial = Some(Trial { days, card_required: false });
            validate(&[tier("free", Some(5), 0), paid]).err().map(|e| e.code.as_str())
        };
        assert_eq!(check(900, 7), None);
        assert_eq!(check(900, 0), Some("invalid_tiers"));
        assert_eq!(check(900, MAX_TRIAL_DAYS + 1), Some("invalid_tiers"));
        assert_eq!(check(0, 7), Some("invalid_tiers"));
        let t: Tier =
            serde_json::from_str(r#"{"name":"pro","displayName":"Pro","limit":1,"priceCents":900,"trial":{"days":7}}"#)
                .unwrap();
        assert_eq!(t.trial, Some(Trial { days: 7, card_required: true }), "a card is asked for unless said otherwise");
    }
}
