//! End users' upgrades: `POST /api/create-checkout` and `POST /api/customer-portal`.
//!
//! The price always comes from the platform's own tier configuration and product list,
//! never from the client; the URLs Stripe redirects to must be on the platform's allowed
//! origins.

use crate::caller::Caller;
use axum::extract::State;
use axum::Json;
use dream_core::api::{CheckoutRequest, PortalRequest, RedirectUrl};
use dream_core::{validate, ApiError};
use dream_web::extract::Json as Body;
use dream_web::stripe::convert::{META_PLATFORM, META_TIER, META_USER};
use dream_web::stripe::models::{CheckoutSession, PortalSession};
use dream_web::stripe::{connected, StripeFailure};
use dream_web::{customers, AppState, Error, Result};
use std::collections::HashMap;
use stripe_billing::billing_portal_session::CreateBillingPortalSession;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionSubscriptionData,
};
use stripe_shared::CheckoutSessionMode;

fn no_url() -> Error {
    StripeFailure::Decode("the session has no url".into()).into()
}

/// Opens a Stripe Checkout for the end user to buy `tier`; answers the hosted page's URL.
pub async fn create_checkout(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<CheckoutRequest>,
) -> Result<Json<RedirectUrl>> {
    let user = caller.end_user(req.user_id.as_deref())?;
    let tier = caller.tiers().iter().find(|t| t.name == req.tier).ok_or_else(|| {
        ApiError::bad_request("unknown_tier", format!("there is no tier {:?} in {} mode", req.tier, caller.mode))
    })?;
    if tier.price_cents <= 0 {
        return Err(ApiError::bad_request(
            "tier_not_purchasable",
            format!("tier {:?} is free: put the end user on it with PUT /api/users/{{id}}/plan", tier.name),
        )
        .into());
    }
    let allowed = &caller.platform.allowed_origins;
    validate::redirect_url("successUrl", &req.success_url, allowed)?;
    validate::redirect_url("cancelUrl", &req.cancel_url, allowed)?;
    let platform_id = &caller.platform.platform_id;
    let stripe = connected(&state, platform_id, caller.mode).await?;
    let price = stripe.products.tiers.get(&tier.name).filter(|p| p.amount == tier.price_cents).ok_or_else(|| {
        ApiError::conflict(
            "products_out_of_date",
            format!("tier {:?} has no Stripe price of {} cents yet: run create-products", tier.name, tier.price_cents),
        )
    })?;
    let usage = customers::get(&state, platform_id, caller.mode, caller.tiers(), &user).await?;
    let now = state.now_ms();
    let current = usage.subscription.as_ref();
    if current.is_some_and(|s| s.entitles(now)) {
        return Err(ApiError::conflict(
            "already_subscribed",
            "the end user already has a subscription: change or cancel it in the customer portal",
        )
        .into());
    }
    let metadata = HashMap::from([
        (META_PLATFORM.to_owned(), platform_id.clone()),
        (META_USER.to_owned(), user.clone()),
        (META_TIER.to_owned(), tier.name.clone()),
    ]);
    let mut checkout = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Subscription)
        .line_items(vec![CreateCheckoutSessionLineItems {
            price: Some(price.price_id.clone()),
            quantity: Some(1),
            ..CreateCheckoutSessionLineItems::new()
        }])
        .success_url(req.success_url)
        .cancel_url(req.cancel_url)
        .client_reference_id(user.clone())
        .metadata(metadata.clone())
        .subscription_data(CreateCheckoutSessionSubscriptionData {
            metadata: Some(metadata),
            ..CreateCheckoutSessionSubscriptionData::new()
        });
    // A returning customer keeps their Stripe customer (and card on file).
    if let Some(s) = current {
        checkout = checkout.customer(s.customer.clone());
    }
    let session: CheckoutSession = stripe.api.call(&checkout, Some(&stripe.account), None).await?;
    Ok(Json(RedirectUrl { url: session.url.ok_or_else(no_url)? }))
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
    let stripe = connected(&state, platform_id, caller.mode).await?;
    let usage = customers::get(&state, platform_id, caller.mode, caller.tiers(), &user).await?;
    let customer = usage.subscription.map(|s| s.customer).ok_or_else(|| {
        ApiError::not_found("no_billing_customer", "the end user has never subscribed, so there is no portal to open")
    })?;
    let portal = CreateBillingPortalSession::new().customer(customer).return_url(req.return_url);
    let session: PortalSession = stripe.api.call(&portal, Some(&stripe.account), None).await?;
    Ok(Json(RedirectUrl { url: session.url }))
}
