//! The customers API's rules inside a shard: what a developer tells dream-api about an end
//! user (email, name) is kept on the user's meter record, so a customer's profile, usage and
//! subscription change together, one call at a time, in the shard that owns the user.
//!
//! Deleting a customer removes their meter record, idempotency records and leases, and takes
//! them off the shard's running count of users. The per-day totals they contributed to stay
//! (they are the platform's history, not the customer's). A customer whose subscription still
//! entitles, or whose replaced subscription is still owed a cancel, is not deleted: money
//! must be stopped at Stripe first, never as a side effect of a delete.

use crate::meter::{self, MeterStore, Snapshot, UserMeter};
use crate::ports::PortError;
use crate::tiers::TierLimits;
use serde::{Deserialize, Serialize};

/// What the developer told dream-api about an end user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// When the customer record was created through the API.
    pub created_ms: i64,
}

/// A change to a customer: each field present is set (a name set to `""` is removed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerChange {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub plan: Option<String>,
}

/// What a customer call found or did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum CustomerOutcome {
    /// A new customer record (or a profile given to an end user who had only usage).
    Created { usage: Snapshot },
    /// The end user already has a profile: nothing changed.
    Exists { usage: Snapshot },
    /// The customer as stored now.
    Found { usage: Snapshot },
    /// No such end user in this shard.
    NotFound,
    /// Removed; their last state.
    Deleted { usage: Snapshot },
    /// Not deleted: this subscription still entitles or is owed a cancel.
    Subscribed { subscription: String },
}

/// Creates the customer `user` with `profile` (and `plan`, if given).
pub(crate) fn create(
    store: &mut dyn MeterStore,
    user: &str,
    profile: &Profile,
    plan: Option<&str>,
    tiers: &TierLimits,
    now_ms: i64,
) -> Result<CustomerOutcome, PortError> {
    let mut m = meter::load_user(store, user, now_ms)?;
    if m.profile.is_some() {
        return Ok(CustomerOutcome::Exists { usage: meter::snapshot(user, &m, tiers, now_ms) });
    }
    m.profile = Some(Profile { created_ms: now_ms, ..profile.clone() });
    if let Some(p) = plan {
        m.plan = Some(p.to_owned());
    }
    meter::save_user(store, user, &mut m)?;
    Ok(CustomerOutcome::Created { usage: meter::snapshot(user, &m, tiers, now_ms) })
}

/// The stored end user `user`, if any; never creates one.
fn stored(store: &dyn MeterStore, user: &str, now_ms: i64) -> Result<Option<UserMeter>, PortError> {
    if meter::user_stored(store, user)? {
        meter::load_user(store, user, now_ms).map(Some)
    } else {
        Ok(None)
    }
}

/// The customer `user`.
pub(crate) fn get(
    store: &dyn MeterStore,
    user: &str,
    tiers: &TierLimits,
    now_ms: i64,
) -> Result<CustomerOutcome, PortError> {
    Ok(match stored(store, user, now_ms)? {
        Some(m) => CustomerOutcome::Found { usage: meter::snapshot(user, &m, tiers, now_ms) },
        None => CustomerOutcome::NotFound,
    })
}

/// Applies `change` to the customer `user`.
pub(crate) fn update(
    store: &mut dyn MeterStore,
    user: &str,
    change: &CustomerChange,
    tiers: &TierLimits,
    now_ms: i64,
) -> Result<CustomerOutcome, PortError> {
    let Some(mut m) = stored(store, user, now_ms)? else { return Ok(CustomerOutcome::NotFound) };
    if let Some(plan) = &change.plan {
        m.plan = Some(plan.clone());
    }
    let named = change.email.is_some() || change.first_name.is_some() || change.last_name.is_some();
    if named {
        let p = m.profile.get_or_insert_with(|| Profile {
            email: String::new(),
            first_name: None,
            last_name: None,
            created_ms: now_ms,
        });
        if let Some(e) = &change.email {
            p.email = e.clone();
        }
        let set = |name: &Option<String>, slot: &mut Option<String>| {
            if let Some(n) = name {
                *slot = (!n.is_empty()).then(|| n.clone());
            }
        };
        set(&change.first_name, &mut p.first_name);
        set(&change.last_name, &mut p.last_name);
    }
    meter::save_user(store, user, &mut m)?;
    Ok(CustomerOutcome::Found { usage: meter::snapshot(user, &m, tiers, now_ms) })
}

/// Deletes the customer `user` unless money still moves for them.
pub(crate) fn delete(
    store: &mut dyn MeterStore,
    user: &str,
    tiers: &TierLimits,
    now_ms: i64,
) -> Result<CustomerOutcome, PortError> {
    let Some(m) = stored(store, user, now_ms)? else { return Ok(CustomerOutcome::NotFound) };
    if let Some(s) = m.billing.subscription.as_ref().filter(|s| s.entitles(now_ms)) {
        return Ok(CustomerOutcome::Subscribed { subscription: s.id.clone() });
    }
    if let Some(p) = m.billing.pending_cancels.first() {
        return Ok(CustomerOutcome::Subscribed { subscription: p.subscription.clone() });
    }
    let usage = meter::snapshot(user, &m, tiers, now_ms);
    meter::remove_user(store, user)?;
    Ok(CustomerOutcome::Deleted { usage })
}
