//! The one flow both Stripe webhook endpoints run: verify the signature, find the books the
//! event happened in and whose state it changes, then route and apply it (see [`super::events`]).
//! The endpoints differ only in that middle step:
//! - [`Endpoint::Connect`] (api-multi `/webhook/stripe`): developers' connected accounts; an
//!   event changes an end user of the platform that has the account connected.
//! - [`Endpoint::Platform`] (front-auth-api `/api/developer/webhook/stripe`): dream-api's own
//!   account; an event changes a developer's dream-api plan.
//!
//! Whatever matches nothing is answered 200 and recorded (Stripe would retry it forever).

use super::events::{apply, route, unmatched, verified, Books, OrderChange, OrderEffect, Route, Target};
use super::{connected, platform_api};
use crate::objects::{Account, Store, UsageShard};
use crate::{kv, AppState, Result};
use dream_core::api::WebhookAck;
use dream_core::kv_schema::{self, AccountOwner, PlatformConfig, ProductMap};
use dream_core::plans::{ACCOUNT_USER, PLANS_OWNER};
use dream_core::store::{OrderStatus, StoreRequest};
use dream_core::tiers::TierLimits;
use dream_core::{validate, ApiError, ErrorCode, Mode};

/// Which of the two endpoints received the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Connect,
    Platform,
}

/// Receives one event at `endpoint` with the value of its `Stripe-Signature` header.
pub async fn receive(state: &AppState, endpoint: Endpoint, signature: Option<&str>, body: &[u8]) -> Result<WebhookAck> {
    let cfg = &state.config.stripe;
    let secrets = match endpoint {
        Endpoint::Connect => &cfg.connect_webhook_secrets,
        Endpoint::Platform => &cfg.platform_webhook_secrets,
    };
    let event = verified(state, signature, body, secrets)?;
    let result = match endpoint {
        Endpoint::Connect => connect(state, &event).await?,
        Endpoint::Platform => platform(state, &event).await?,
    };
    Ok(WebhookAck { received: true, result: result.into() })
}

/// A connected account's event: the platform that has the account connected, in the
/// event's mode, and the end user its object names.
async fn connect(state: &AppState, event: &super::convert::Envelope) -> Result<&'static str> {
    let mode = if event.livemode { Mode::Live } else { Mode::Test };
    let Some(account) = event.account.as_deref() else {
        return unmatched(state, event, "not a connected account's event").await;
    };
    let kv = state.ports.kv.as_ref();
    let Some(owner) = kv::get::<AccountOwner>(kv, &kv_schema::stripe_account(mode, account)).await? else {
        return unmatched(state, event, "no platform has this account connected").await;
    };
    let Some(platform) = kv::get::<PlatformConfig>(kv, &kv_schema::platform_config(&owner.platform_id)).await? else {
        return unmatched(state, event, "the account's platform no longer exists").await;
    };
    let stripe = match connected(state, &owner.platform_id, mode).await {
        Ok(s) if s.account == account => s,
        Ok(_) => return unmatched(state, event, "the account is no longer the platform's connected account").await,
        Err(e) if e.0.code == ErrorCode::StripeNotConnected => {
            return unmatched(state, event, "the platform disconnected this account").await
        }
        Err(e) => return Err(e),
    };
    let books = Books {
        api: &stripe.api,
        account: Some(stripe.account.as_str()),
        products: &stripe.products,
        owner: &owner.platform_id,
    };
    let effect = match route(event, &books).await? {
        Route::Apply(e) => *e,
        Route::Order(o) if o.platform == owner.platform_id => return order(state, mode, o).await,
        Route::Order(_) => return unmatched(state, event, "the order belongs to another platform").await,
        Route::Ignore => return Ok("ignored"),
        Route::Unmatched(reason) => return unmatched(state, event, reason).await,
    };
    if effect.platform != owner.platform_id {
        return unmatched(state, event, "the object belongs to another platform").await;
    }
    if validate::user_id(&effect.user).is_err() {
        return unmatched(state, event, "the end user id in the metadata is not valid").await;
    }
    let target = Target::EndUser {
        shard: UsageShard::of_user(state, &owner.platform_id, mode, &effect.user),
        tiers: TierLimits::of(platform.tiers(mode)),
    };
    apply(&target, event, effect, &books).await
}

/// A store order's payment, release or refund, applied once in the store's object (a
/// redelivered payment finds the order paid and takes nothing more). A refund of an order
/// whose payment is not recorded yet fails the delivery, so Stripe sends it again later.
async fn order(state: &AppState, mode: Mode, o: OrderEffect) -> Result<&'static str> {
    let refund = matches!(o.change, OrderChange::Refunded { .. });
    let req = match o.change {
        OrderChange::Paid { amount, email } => StoreRequest::Paid { order: o.order, amount, email },
        OrderChange::Release => StoreRequest::Release { order: o.order },
        OrderChange::Refunded { amount_refunded } => StoreRequest::Refunded { order: o.order, amount_refunded },
    };
    match Store::new(state, &o.platform, mode).order(req).await? {
        Some(order) if refund && matches!(order.status, OrderStatus::Open | OrderStatus::Released) => {
            Err(ApiError::new(
                ErrorCode::OrderNotPaid,
                format!("order {} is refunded but its payment is not recorded yet; redeliver the event", order.id),
            )
            .into())
        }
        Some(_) => Ok("applied"),
        None => Ok("unknown order"),
    }
}

/// An event of dream-api's own account, in the mode developers are billed in: the plan of
/// the platform its subscription names.
async fn platform(state: &AppState, event: &super::convert::Envelope) -> Result<&'static str> {
    let mode = state.config.stripe.developer_billing_mode;
    if event.account.is_some() {
        return unmatched(state, event, "a connected account's event at the platform endpoint").await;
    }
    if event.livemode != (mode == Mode::Live) {
        return unmatched(state, event, "an event of the other mode").await;
    }
    let api = platform_api(state, mode)?;
    let kv = state.ports.kv.as_ref();
    let products: ProductMap = kv::get(kv, &kv_schema::developer_plans(mode)).await?.unwrap_or_default();
    let books = Books { api: &api, account: None, products: &products, owner: PLANS_OWNER };
    let effect = match route(event, &books).await? {
        Route::Apply(e) => *e,
        Route::Order(_) => return unmatched(state, event, "a store order on dream-api's own account").await,
        Route::Ignore => return Ok("ignored"),
        Route::Unmatched(reason) => return unmatched(state, event, reason).await,
    };
    let known = kv::get::<PlatformConfig>(kv, &kv_schema::platform_config(&effect.platform)).await?.is_some();
    if effect.user != ACCOUNT_USER || !known {
        return unmatched(state, event, "not a developer plan of a known platform").await;
    }
    let target = Target::Plan(Account::of(state, &effect.platform));
    apply(&target, event, effect, &books).await
}
