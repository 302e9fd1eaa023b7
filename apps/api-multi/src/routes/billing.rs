//! End users' upgrades: `POST /api/create-checkout` and `POST /api/customer-portal`.
//!
//! The price always comes from the platform's own tier configuration and product list,
//! never from the client; the URLs Stripe redirects to must be on the platform's allowed
//! origins.

use crate::caller::Caller;
use axum::extract::State;
use axum::Json;
use dream_core::api::{CheckoutRequest, PortalRequest, RedirectUrl};
use dream_core::meter::Snapshot;
use dream_core::rate_limit::CallKind;
use dream_core::tiers::{self, TierLimits};
use dream_core::ErrorCode;
use dream_core::{validate, ApiError};
use dream_services::objects::UsageShard;
use dream_services::stripe::checkout::{self, Purchase};
use dream_services::stripe::connected;
use dream_services::stripe::models::PortalSession;
use dream_services::AppState;
use dream_web::extract::Json as Body;
use dream_web::Result;
use stripe_billing::billing_portal_session::CreateBillingPortalSession;

/// The end user's usage, read under the tight per-minute limit of calls that reach Stripe.
pub(crate) async fn stripe_guarded(state: &AppState, caller: &Caller, user: &str) -> Result<Snapshot> {
    let shard = UsageShard::of_user(state, &caller.platform.platform_id, caller.mode, user);
    Ok(shard.usage(user, TierLimits::of(caller.tiers()), Some(caller.guard(CallKind::Stripe))).await?)
}

/// Opens a Stripe Checkout for the end user to buy `tier`; answers the hosted page's URL.
pub async fn create_checkout(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<CheckoutRequest>,
) -> Result<Json<RedirectUrl>> {
    let user = caller.end_user(req.user_id.as_deref())?;
    let tier = tiers::named(caller.tiers(), &req.tier, caller.mode)?;
    if tier.price_cents <= 0 {
        return Err(ApiError::new(
            ErrorCode::TierNotPurchasable,
            format!("tier {:?} is free: put the end user on it with PUT /api/users/{{id}}/plan", tier.name),
        )
        .into());
    }
    let allowed = &caller.platform.allowed_origins;
    validate::redirect_url("successUrl", &req.success_url, allowed)?;
    validate::redirect_url("cancelUrl", &req.cancel_url, allowed)?;
    let platform_id = &caller.platform.platform_id;
    let stripe = connected(&state, platform_id, caller.mode).await?;
    let price = stripe.price_of(tier)?;
    let usage = stripe_guarded(&state, &caller, &user).await?;
    let now = state.now_ms();
    let current = usage.subscription.as_ref();
    if current.is_some_and(|s| s.entitles(now)) {
        return Err(ApiError::new(
            ErrorCode::AlreadySubscribed,
            "the end user already has a subscription: change or cancel it in the customer portal",
        )
        .into());
    }
    let purchase = Purchase {
        price_id: &price.price_id,
        platform_id,
        user: &user,
        item: &tier.name,
        success_url: req.success_url,
        cancel_url: req.cancel_url,
        customer: current.map(|s| s.customer.clone()),
        promotion_codes: tier.promotion_codes,
        // One trial per end user: someone who ever subscribed pays from the start.
        trial: tier.trial.filter(|_| usage.subscription.is_none()),
    };
    let account = Some(stripe.account.as_str());
    let opened = checkout::open(&stripe.api, account, purchase).await?;
    let shard = UsageShard::of_user(&state, platform_id, caller.mode, &user);
    let superseded = shard.record_checkout(&user, opened.checkout.clone()).await?;
    checkout::supersede(&stripe.api, account, superseded, &opened, true).await?;
    Ok(Json(RedirectUrl { url: opened.url }))
}

/// Opens the Stripe customer portal for the end user; answers its URL.
pub async fn customer_portal(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<PortalRequest>,
) -> Result<Json<RedirectUrl>> {
    let user = caller.end_user(req.user_id.as_deref())?;
    validate::redirect_url("returnUrl", &req.return_url, &caller.platform.allowed_origins)?;
    let platform_id = &caller.platform.platform_id;
    let usage = stripe_guarded(&state, &caller, &user).await?;
    let stripe = connected(&state, platform_id, caller.mode).await?;
    let customer = usage.subscription.map(|s| s.customer).ok_or_else(|| {
        ApiError::new(ErrorCode::NoBillingCustomer, "the end user has never subscribed, so there is no portal to open")
    })?;
    let portal = CreateBillingPortalSession::new().customer(customer).return_url(req.return_url);
    let session: PortalSession = stripe.api.call(&portal, Some(&stripe.account), None).await?;
    Ok(Json(RedirectUrl { url: session.url }))
}
