//! End users of a platform, gathered from every meter shard: shared by the developer API
//! (dashboard) and the secret-key API.

use crate::config::HostedSignIn;
use crate::error::Result;
use crate::objects::UsageShard;
use crate::state::AppState;
use crate::{clerk_api, sign_up};
use dream_core::api::{CreateCustomerRequest, CustomerList, UpdateCustomerRequest, UsageView};
use dream_core::customer::{CustomerChange, CustomerOutcome, Profile};
use dream_core::keys::hex;
use dream_core::meter::{MeterRequest, Snapshot};
use dream_core::mode::Mode;
use dream_core::tiers::{self, Tier, TierLimits};
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
    tiers::named(tiers, plan, mode)?;
    UsageShard::of_user(state, platform_id, mode, user).set_plan(user, plan, TierLimits::of(tiers)).await
}

/// Checks a tier name against the mode's tiers.
/// A name from a request: validated, `""` kept (it removes the name).
fn name_of(field: &str, v: Option<&str>) -> Result<Option<String>> {
    v.map(|n| validate::name(field, n.trim()).map(str::to_owned)).transpose().map_err(Into::into)
}

/// A customer record's answer as the API shows it, or the error its outcome means.
fn found(user: &str, outcome: CustomerOutcome) -> Result<Snapshot> {
    match outcome {
        CustomerOutcome::Created { usage } | CustomerOutcome::Found { usage } | CustomerOutcome::Deleted { usage } => {
            Ok(usage)
        }
        CustomerOutcome::Exists { .. } => Err(ApiError::new(
            ErrorCode::CustomerExists,
            format!("customer {user:?} already exists; change it with PATCH /api/customers/{{userId}}"),
        )
        .into()),
        CustomerOutcome::NotFound => {
            Err(ApiError::new(ErrorCode::CustomerNotFound, format!("there is no customer {user:?}")).into())
        }
        CustomerOutcome::Subscribed { subscription } => Err(ApiError::new(
            ErrorCode::CustomerSubscribed,
            format!(
                "customer {user:?} has subscription {subscription} that can still bill or entitle them: cancel it \
                 (customer portal or Stripe) and delete once it has ended"
            ),
        )
        .into()),
    }
}

/// A customer's profile as given, checked (email, names, plan) before anything is stored.
fn checked_profile(req: &CreateCustomerRequest, tiers: &[Tier], mode: Mode) -> Result<Profile> {
    let email = validate::email(req.email.trim())?.to_owned();
    let profile = Profile {
        email,
        first_name: name_of("firstName", req.first_name.as_deref())?.filter(|n| !n.is_empty()),
        last_name: name_of("lastName", req.last_name.as_deref())?.filter(|n| !n.is_empty()),
        created_ms: 0,
    };
    if let Some(plan) = &req.plan {
        tiers::named(tiers, plan, mode)?;
    }
    Ok(profile)
}

/// Creates a customer record (`POST /api/customers`); a new id is `cus_` + 24 hex digits.
pub async fn create(
    state: &AppState,
    platform_id: &str,
    mode: Mode,
    tiers: &[Tier],
    req: &CreateCustomerRequest,
) -> Result<Snapshot> {
    let user = match &req.user_id {
        Some(u) => validate::user_id(u)?.to_owned(),
        None => {
            let mut bytes = [0u8; 12];
            state.ports.random.fill(&mut bytes);
            format!("cus_{}", hex(&bytes))
        }
    };
    let profile = checked_profile(req, tiers, mode)?;
    let call = MeterRequest::CreateCustomer {
        user: user.clone(),
        profile,
        plan: req.plan.clone(),
        tiers: TierLimits::of(tiers),
    };
    found(&user, UsageShard::of_user(state, platform_id, mode, &user).customer(&user, call).await?)
}

/// Creates a customer who signs in with the shared end-user Clerk app (`"clerkUser": true`):
/// the person with the customer's email there — made if Clerk has none — is bound to the
/// platform (through their person object, the one writer of `platformIds`) and becomes the
/// customer, under their Clerk user id: the id their session tokens will carry. Everything is
/// checked before Clerk is asked, so bad input makes nobody.
pub async fn create_signing_in(
    state: &AppState,
    cfg: &HostedSignIn,
    platform_id: &str,
    mode: Mode,
    tiers: &[Tier],
    req: &CreateCustomerRequest,
) -> Result<Snapshot> {
    if req.user_id.is_some() {
        return Err(ApiError::new(
            ErrorCode::InvalidUserId,
            "with clerkUser the customer's userId is their Clerk user id: leave userId out",
        )
        .into());
    }
    let profile = checked_profile(req, tiers, mode)?;
    let person = clerk_api::user_with_email(
        state,
        cfg,
        &profile.email,
        profile.first_name.as_deref(),
        profile.last_name.as_deref(),
    )
    .await?;
    sign_up::bind(state, cfg, &person, platform_id).await?;
    let as_person = CreateCustomerRequest { user_id: Some(person), clerk_user: false, ..req.clone() };
    create(state, platform_id, mode, tiers, &as_person).await
}

/// A stored customer (`GET /api/customers/{userId}`); 404 for an id never seen.
pub async fn customer(state: &AppState, platform_id: &str, mode: Mode, tiers: &[Tier], user: &str) -> Result<Snapshot> {
    let user = validate::user_id(user)?;
    let call = MeterRequest::Customer { user: user.into(), tiers: TierLimits::of(tiers) };
    found(user, UsageShard::of_user(state, platform_id, mode, user).customer(user, call).await?)
}

/// Changes a customer (`PATCH /api/customers/{userId}`).
pub async fn update(
    state: &AppState,
    platform_id: &str,
    mode: Mode,
    tiers: &[Tier],
    user: &str,
    req: &UpdateCustomerRequest,
) -> Result<Snapshot> {
    let user = validate::user_id(user)?;
    let email = req.email.as_deref().map(|e| validate::email(e.trim()).map(str::to_owned)).transpose()?;
    if let Some(plan) = &req.plan {
        tiers::named(tiers, plan, mode)?;
    }
    let change = CustomerChange {
        email,
        first_name: name_of("firstName", req.first_name.as_deref())?,
        last_name: name_of("lastName", req.last_name.as_deref())?,
        plan: req.plan.clone(),
    };
    let call = MeterRequest::UpdateCustomer { user: user.into(), change, tiers: TierLimits::of(tiers) };
    found(user, UsageShard::of_user(state, platform_id, mode, user).customer(user, call).await?)
}

/// Deletes a customer (`DELETE /api/customers/{userId}`): refused (409) while a subscription
/// can still bill or entitle them.
pub async fn delete(state: &AppState, platform_id: &str, mode: Mode, tiers: &[Tier], user: &str) -> Result<Snapshot> {
    let user = validate::user_id(user)?;
    let call = MeterRequest::DeleteCustomer { user: user.into(), tiers: TierLimits::of(tiers) };
    found(user, UsageShard::of_user(state, platform_id, mode, user).customer(user, call).await?)
}
