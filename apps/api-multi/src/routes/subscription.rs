//! An end user's subscription after Checkout: `POST /api/subscription/change` (another paid
//! tier: up at once with proration, down at the period end), `/cancel` (at the period end)
//! and `/resume`. Browser-safe: an end user changes only their own subscription.

use crate::caller::Caller;
use axum::extract::State;
use axum::Json;
use dream_core::api::{ChangePlanRequest, SubscriptionRequest, UsageView};
use dream_core::rate_limit::CallKind;
use dream_services::stripe::tier_change::{self, Act};
use dream_services::AppState;
use dream_web::extract::Json as Body;
use dream_web::Result;

/// Does `act` to the caller's end user's subscription, under the per-minute limit of calls
/// that reach Stripe; answers their usage.
async fn act(state: &AppState, caller: &Caller, user: Option<&str>, act: Act<'_>) -> Result<Json<UsageView>> {
    let user = caller.end_user(user)?;
    let at = (caller.platform.platform_id.as_str(), caller.mode);
    let guard = Some(caller.guard(CallKind::Stripe));
    let usage = tier_change::act(state, at, caller.tiers(), &user, guard, act).await?;
    Ok(Json(UsageView::from(&usage)))
}

/// Moves the end user's subscription to another paid tier; answers their usage.
pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<ChangePlanRequest>,
) -> Result<Json<UsageView>> {
    act(&state, &caller, req.user_id.as_deref(), Act::Change(&req.tier)).await
}

/// Sets the end user's subscription to end at the period end; answers their usage.
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<SubscriptionRequest>,
) -> Result<Json<UsageView>> {
    act(&state, &caller, req.user_id.as_deref(), Act::Cancel).await
}

/// Keeps a subscription set to end at the period end going; answers the usage.
pub async fn resume(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<SubscriptionRequest>,
) -> Result<Json<UsageView>> {
    act(&state, &caller, req.user_id.as_deref(), Act::Resume).await
}
