//! dream-api's own plans for developers, and where their accounts live.
//!
//! Live-mode API calls count toward the plan's monthly quota; test-mode calls are free (as
//! a payment provider's test mode is), so developers can test without spending quota.

use crate::tiers::TierLimits;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A plan a developer pays dream-api for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeveloperPlan {
    pub id: &'static str,
    pub name: &'static str,
    /// Monthly price in cents (USD).
    pub price_cents: i64,
    /// Live-mode API calls per month.
    pub monthly_calls: u64,
}

/// The plan of a developer who has not subscribed: enough live calls to try going live.
pub const FREE_PLAN: DeveloperPlan = DeveloperPlan { id: "free", name: "Free", price_cents: 0, monthly_calls: 1_000 };

/// Every plan, cheapest first.
pub const PLANS: [DeveloperPlan; 4] = [
    FREE_PLAN,
    DeveloperPlan { id: "basic", name: "Basic", price_cents: 2_900, monthly_calls: 10_000 },
    DeveloperPlan { id: "pro", name: "Pro", price_cents: 7_900, monthly_calls: 100_000 },
    DeveloperPlan { id: "scale", name: "Scale", price_cents: 19_900, monthly_calls: 1_000_000 },
];

/// Metered test-mode calls (counted tracks) one platform may make per UTC day, unless the
/// deployment sets another cap: test mode is free and unmetered by the plan, so this keeps
/// it for testing (production traffic on test keys meets a clear 429 within a day).
pub const TEST_MODE_DAILY_CALLS: u64 = 10_000;

/// From this share of the quota on, responses carry a warning.
pub const WARN_AT_PERCENT: u64 = 80;

/// The `dream_platform_id` metadata of dream-api's own plan products on its own account.
pub const PLANS_OWNER: &str = "dream-api";

/// The meter record a developer's plan is kept under inside their account object.
pub const ACCOUNT_USER: &str = "developer";

/// A plan by id.
pub fn plan(id: &str) -> Option<&'static DeveloperPlan> {
    PLANS.iter().find(|p| p.id == id)
}

/// The plans as tiers, for the meter.
pub fn plan_limits() -> TierLimits {
    TierLimits {
        default_tier: FREE_PLAN.id.to_owned(),
        limits: PLANS.iter().map(|p| (p.id.to_owned(), Some(p.monthly_calls))).collect::<BTreeMap<_, _>>(),
        meter: None,
        alerts: vec![],
    }
}

/// The warning to show at `used` of `limit` calls on `plan`, from [`WARN_AT_PERCENT`] on.
pub fn quota_warning(plan: &str, used: u64, limit: u64) -> Option<String> {
    (limit > 0 && used.saturating_mul(100) >= limit.saturating_mul(WARN_AT_PERCENT)).then(|| {
        let name = self::plan(plan).map(|p| p.name).unwrap_or(plan);
        format!(
            "{used} of {limit} live API calls this month on the {name} plan are used; upgrade before calls are refused"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_and_warnings() {
        assert_eq!(plan("basic").map(|p| p.monthly_calls), Some(10_000));
        assert_eq!(plan_limits().limit_of("nope"), Some(1_000));
        assert!(quota_warning("basic", 7_999, 10_000).is_none());
        assert!(quota_warning("basic", 8_000, 10_000).unwrap().contains("Basic"));
    }
}
