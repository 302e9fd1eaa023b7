//! End users of a platform, gathered from every meter shard: shared by the developer API
//! (dashboard) and the secret-key API.

use crate::error::Result;
use crate::objects::UsageShard;
use crate::state::AppState;
use dream_core::api::{CustomerList, UsageView};
use dream_core::meter::Snapshot;
use dream_core::mode::Mode;
use dream_core::tiers::{Tier, TierLimits};
use dream_core::ErrorCode;
use dream_core::{validate, ApiError};
use futures::future::try_join_all;
use serde::Deserialize;

/// Default page size.
pub const DEFAULT_PAGE: usize = 50;
/// Largest page size.
pub const MAX_PAGE: usize = 200;

/// Query of a customer listing.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// Only users whose id contains this.
    pub search: Option<String>,
    /// The `nextCursor` of the previous page.
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

/// One page of end users, by id: each shard reads only the page's worth of users after the
/// cursor (one more, to know whether a next page exists), so a page costs the same at a
/// thousand end users as at a hundred thousand.
pub async fn list(
    state: &AppState,
    platform_id: &str,
    mode: Mode,
    tiers: &[Tier],
    q: &ListQuery,
) -> Result<CustomerList> {
    let limit = q.limit.unwrap_or(DEFAULT_PAGE);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::new(ErrorCode::InvalidLimit, format!("limit must be 1-{MAX_PAGE}")).into());
    }
    let search = q.search.as_deref().unwrap_or("");
    let after = q.cursor.as_deref().unwrap_or("");
    let limits = TierLimits::of(tiers);
    let shards = UsageShard::all(state, platform_id, mode);
    let ask = u32::try_from(limit + 1).unwrap_or(u32::MAX);
    let answers = try_join_all(shards.iter().map(|s| s.page(limits.clone(), after, search, ask))).await?;
    let mut total = 0u64;
    let mut users: Vec<Snapshot> = Vec::new();
    for (page, matching) in answers {
        total = total.saturating_add(matching);
        users.extend(page);
    }
    users.sort_by(|a, b| a.user_id.cmp(&b.user_id));
    // If any user follows the page, its shard answered it among its `limit + 1`.
    let more = users.len() > limit;
    let page: Vec<UsageView> = users.iter().take(limit).map(UsageView::from).collect();
    let next_cursor = if more { page.last().map(|u| u.user_id.clone()) } else { None };
    Ok(CustomerList { customers: page, next_cursor, total })
}

/// One end user's usage (a user never seen has zero usage on the default tier).
pub async fn get(state: &AppState, platform_id: &str, mode: Mode, tiers: &[Tier], user: &str) -> Result<Snapshot> {
    let user = validate::user_id(user)?;
    UsageShard::of_user(state, platform_id, mode, user).usage(user, TierLimits::of(tiers), None).await
}

/// Puts an end user on a tier by hand.
pub async fn set_plan(
    state: &AppState,
    platform_id: &str,
    mode: Mode,
    tiers: &[Tier],
    user: &str,
    plan: &str,
) -> Result<Snapshot> {
    let user = validate::user_id(user)?;
    if !tiers.iter().any(|t| t.name == plan) {
        return Err(ApiError::new(ErrorCode::UnknownTier, format!("there is no tier {plan:?} in {mode} mode")).into());
    }
    UsageShard::of_user(state, platform_id, mode, user).set_plan(user, plan, TierLimits::of(tiers)).await
}
