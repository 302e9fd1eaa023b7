//! An end user's subscription after Checkout: `POST /api/subscription/change` (another paid
//! tier: up at once with proration, down at the period end), `/cancel` (at the period end)
//! and `/resume`. Browser-safe: an end user changes only their own subscription.

use crate::caller::Caller;
use crate::routes::billing::stripe_guarded;
use axum::extract::State;
use axum::Json;
use dream_core::api::{ChangePlanRequest, SubscriptionRequest, UsageView};
use dream_core::tiers::TierLimits;
use dream_core::{ApiError, ErrorCode};
use dream_services::objects::UsageShard;
use dream_services::stripe::tier_change::{not_subscribed, Subscribed};
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
    let usage = stripe_guarded(state, caller, user).await?;
    let held = usage.subscription.filter(|s| s.entitles(state.now_ms())).ok_or_else(not_subscribed)?;
    Ok(Subscribed {
        stripe,
        shard: UsageShard::of_user(state, &caller.platform.platform_id, caller.mode, user),
        user,
        tiers: TierLimits::of(caller.tiers()),
        held,
        scheduled: usage.scheduled,
    })
}

/// Moves the end user's subscription to another paid tier; answers their usage.
pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<ChangePlanRequest>,
) -> Result<Json<UsageView>> {
    let user = caller.end_user(req.user_id.as_deref())?;
    let tier = caller.tiers().iter().find(|t| t.name == req.tier).ok_or_else(|| {
        ApiError::new(ErrorCode::UnknownTier, format!("there is no tier {:?} in {} mode", req.tier, caller.mode))
    })?;
    if tier.price_cents <= 0 {
        return Err(ApiError::new(
            ErrorCode::TierNotPurchasable,
            format!("tier {:?} is free: to leave the paid tiers, cancel with POST /api/subscription/cancel", tier.name),
        )
        .into());
    }
    let stripe = connected(&state, &caller.platform.platform_id, caller.mode).await?;
    let price = stripe.products.tiers.get(&tier.name).filter(|p| p.amount == tier.price_cents).ok_or_else(|| {
        ApiError::new(
            ErrorCode::ProductsOutOfDate,
            format!("tier {:?} has no Stripe price of {} cents yet: run create-products", tier.name, tier.price_cents),
        )
    })?;
    let usage = subscribed(&state, &caller, &user, &stripe).await?.change(&tier.name, price).await?;
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
