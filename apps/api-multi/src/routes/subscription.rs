//! An end user's subscription after Checkout: `POST /api/subscription/change` (another paid
//! tier: up at once with proration, down at the period end), `/cancel` (at the period end)
//! and `/resume`. Browser-safe: an end user changes only their own subscription.

use crate::caller::Caller;
use axum::extract::State;
use axum::Json;
use dream_core::api::{ChangePlanRequest, SubscriptionRequest, UsageView};
use dream_core::rate_limit::CallKind;
use dream_services::stripe::tier_change::{price_of, Subscribed};
use dream_services::stripe::{connected, Connected};
use dream_services::AppState;
use dream_web::extract::Json as Body;
use dream_web::Result;

/// The user's subscription in force, read under the per-minute limit of Stripe calls.
async fn subscribed<'a>(
    state: &'a AppState,
    caller: &Caller,
    user: &'a str,
    stripe: &'a Connected,
) -> Result<Subscribed<'a>> {
    let at = (caller.platform.platform_id.as_str(), caller.mode);
    let guard = Some(caller.guard(CallKind::Stripe));
    Ok(Subscribed::of_user(state, stripe, at, caller.tiers(), user, guard).await?)
}

/// Moves the end user's subscription to another paid tier; answers their usage.
pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<ChangePlanRequest>,
) -> Result<Json<UsageView>> {
    let user = caller.end_user(req.user_id.as_deref())?;
    let stripe = connected(&state, &caller.platform.platform_id, caller.mode).await?;
    let price = price_of(&stripe, caller.tiers(), &req.tier, caller.mode)?;
    let usage = subscribed(&state, &caller, &user, &stripe).await?.change(&req.tier, price).await?;
    Ok(Json(UsageView::from(&usage)))
}

/// Sets the end user's subscription to end at the period end; answers their usage.
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<SubscriptionRequest>,
) -> Result<Json<UsageView>> {
    let user = caller.end_user(req.user_id.as_deref())?;
    let stripe = connected(&state, &caller.platform.platform_id, caller.mode).await?;
    let usage = subscribed(&state, &caller, &user, &stripe).await?.cancel().await?;
    Ok(Json(UsageView::from(&usage)))
}

/// Keeps a subscription set to end at the period end going; answers the usage.
pub async fn resume(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<SubscriptionRequest>,
) -> Result<Json<UsageView>> {
    let user = caller.end_user(req.user_id.as_deref())?;
    let stripe = connected(&state, &caller.platform.platform_id, caller.mode).await?;
    let usage = subscribed(&state, &caller, &user, &stripe).await?.resume().await?;
    Ok(Json(UsageView::from(&usage)))
}
