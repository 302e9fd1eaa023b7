//! `POST /webhook/stripe`: events from developers' connected Stripe accounts.
//!
//! The signature is checked over the raw body (5-minute tolerance). Each event is applied in
//! the end user's meter shard, which remembers event ids (a redelivery changes nothing) and
//! the `created` of the newest subscription state (an older event never overwrites it; a
//! same-second tie is settled by re-fetching the subscription from Stripe). Events that match
//! no platform or end user are answered 200 and recorded, so Stripe does not retry them.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use dream_core::api::WebhookAck;
use dream_core::billing::{BillingChange, BillingOutcome};
use dream_core::kv_schema::{self, AccountOwner, PlatformConfig, UnmatchedEvent};
use dream_core::meter::{shard_for_user, MeterRequest, MeterResponse};
use dream_core::stripe_signature::verify;
use dream_core::tiers::TierLimits;
use dream_core::{validate, ApiError, Mode};
use dream_web::error::unexpected_meter_response;
use dream_web::stripe::convert::{owner, parse, subscription, Envelope};
use dream_web::stripe::{connected, not_configured, Connected};
use dream_web::{kv, AppState, Result};
use stripe_billing::subscription::RetrieveSubscription;
use stripe_client_core::StripeRequest;

/// Header carrying Stripe's signature.
pub const STRIPE_SIGNATURE: &str = "stripe-signature";

fn ack(result: &str) -> Json<WebhookAck> {
    Json(WebhookAck { received: true, result: result.into() })
}

fn unreadable(what: &str) -> ApiError {
    ApiError::bad_request("invalid_event", format!("the event's {what} is not what Stripe sends"))
}

/// Receives one event.
pub async fn stripe(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Json<WebhookAck>> {
    let secrets = &state.config.stripe.connect_webhook_secrets;
    if secrets.is_empty() {
        return Err(not_configured("Connect webhook signing secret").into());
    }
    let header = headers
        .get(STRIPE_SIGNATURE)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::bad_request("signature_missing", "the Stripe-Signature header is missing"))?;
    let now = state.now_ms() / 1000;
    // Several secrets are accepted while one is being rotated.
    let mut verdict = Err(dream_core::stripe_signature::SignatureError::Mismatch);
    for secret in secrets {
        verdict = verify(header, &body, secret, now);
        if verdict.is_ok() {
            break;
        }
    }
    verdict.map_err(|e| ApiError::bad_request(e.code(), e.to_string()))?;
    let event: Envelope = serde_json::from_slice(&body).map_err(|_| unreadable("envelope"))?;
    let result = handle(&state, &event).await?;
    Ok(ack(result))
}

async fn unmatched(state: &AppState, event: &Envelope, reason: &str) -> Result<&'static str> {
    let rec = UnmatchedEvent {
        event_type: event.kind.clone(),
        account: event.account.clone(),
        reason: reason.into(),
        received_ms: state.now_ms(),
    };
    kv::put(state.ports.kv.as_ref(), &kv_schema::unmatched_event(&event.id), &rec).await?;
    Ok("unmatched")
}

/// What an event does: to which end user, what change, and which subscription to re-fetch
/// on a tie.
struct Effect {
    user: String,
    change: BillingChange,
    subscription_id: Option<stripe_shared::SubscriptionId>,
}

enum Route {
    Apply(Box<Effect>),
    Ignore,
    Unmatched(&'static str),
}

async fn fetch(stripe: &Connected, id: &stripe_shared::SubscriptionId) -> Result<stripe_shared::Subscription> {
    Ok(RetrieveSubscription::new(id.clone()).customize().account_id(stripe.account.clone()).send(&stripe.api).await?)
}

fn from_subscription(s: &stripe_shared::Subscription, stripe: &Connected, platform_id: &str) -> Result<Route> {
    let Some((p, user)) = owner(&s.metadata) else {
        return Ok(Route::Unmatched("subscription without dream-api metadata"));
    };
    if p != platform_id {
        return Ok(Route::Unmatched("subscription of another platform"));
    }
    let sub = subscription(s, &stripe.products).map_err(|_| unreadable("subscription"))?;
    Ok(Route::Apply(Box::new(Effect {
        user: user.to_owned(),
        change: BillingChange::Subscription { subscription: sub },
        subscription_id: Some(s.id.clone()),
    })))
}

async fn route(event: &Envelope, stripe: &Connected, platform_id: &str) -> Result<Route> {
    let object = &event.data.object;
    match event.kind.as_str() {
        "checkout.session.completed" => {
            let cs: stripe_shared::CheckoutSession = parse(object).map_err(|_| unreadable("checkout session"))?;
            if cs.mode != stripe_shared::CheckoutSessionMode::Subscription {
                return Ok(Route::Ignore);
            }
            let Some(sub) = cs.subscription.as_ref() else {
                return Ok(Route::Unmatched("session without subscription"));
            };
            // The session does not carry the subscription: Stripe's current state is fetched.
            from_subscription(&fetch(stripe, sub.id()).await?, stripe, platform_id)
        }
        "customer.subscription.created" | "customer.subscription.updated" | "customer.subscription.deleted" => {
            let s: stripe_shared::Subscription = parse(object).map_err(|_| unreadable("subscription"))?;
            from_subscription(&s, stripe, platform_id)
        }
        "invoice.paid" | "invoice.payment_failed" => {
            let inv: stripe_shared::Invoice = parse(object).map_err(|_| unreadable("invoice"))?;
            let Some(details) = inv.parent.as_ref().and_then(|p| p.subscription_details.as_ref()) else {
                return Ok(Route::Ignore);
            };
            let metadata = details.metadata.clone().unwrap_or_default();
            let Some((p, user)) = owner(&metadata) else {
                return Ok(Route::Unmatched("invoice of a subscription without dream-api metadata"));
            };
            if p != platform_id {
                return Ok(Route::Unmatched("invoice of another platform"));
            }
            let invoice = inv.id.as_ref().map(|i| i.to_string()).unwrap_or_default();
            let change = if event.kind == "invoice.paid" {
                let paid = inv.status_transitions.paid_at.unwrap_or(event.created);
                BillingChange::InvoicePaid { invoice, amount: inv.amount_paid, paid_ms: paid * 1000 }
            } else {
                BillingChange::PaymentFailed { invoice }
            };
            Ok(Route::Apply(Box::new(Effect { user: user.to_owned(), change, subscription_id: None })))
        }
        _ => Ok(Route::Ignore),
    }
}

async fn apply(
    state: &AppState,
    shard: &str,
    event: &Envelope,
    effect: &Effect,
    tiers: &TierLimits,
    authoritative: bool,
) -> Result<BillingOutcome> {
    let req = MeterRequest::ApplyBilling {
        user: effect.user.clone(),
        event_id: event.id.clone(),
        event_created: event.created,
        change: effect.change.clone(),
        authoritative,
        tiers: tiers.clone(),
    };
    match state.ports.meter.call(shard, &req).await? {
        MeterResponse::Billing { outcome, .. } => Ok(outcome),
        other => Err(unexpected_meter_response(&other)),
    }
}

async fn handle(state: &AppState, event: &Envelope) -> Result<&'static str> {
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
        Ok(s) if s.account.as_str() == account => s,
        Ok(_) => return unmatched(state, event, "the account is no longer the platform's connected account").await,
        Err(e) if e.0.code == "stripe_not_connected" => {
            return unmatched(state, event, "the platform disconnected this account").await
        }
        Err(e) => return Err(e),
    };
    let mut effect = match route(event, &stripe, &owner.platform_id).await? {
        Route::Apply(e) => e,
        Route::Ignore => return Ok("ignored"),
        Route::Unmatched(reason) => return unmatched(state, event, reason).await,
    };
    if validate::user_id(&effect.user).is_err() {
        return unmatched(state, event, "the end user id in the metadata is not valid").await;
    }
    let tiers = TierLimits::of(platform.tiers(mode));
    let shard = shard_for_user(&owner.platform_id, mode, &effect.user);
    let mut outcome = apply(state, &shard, event, &effect, &tiers, false).await?;
    if let (BillingOutcome::Tie, Some(id)) = (outcome, effect.subscription_id.clone()) {
        // Two events of the same second: Stripe's current state decides.
        if let Route::Apply(fresh) = from_subscription(&fetch(&stripe, &id).await?, &stripe, &owner.platform_id)? {
            effect.change = fresh.change;
        }
        outcome = apply(state, &shard, event, &effect, &tiers, true).await?;
    }
    Ok(match outcome {
        BillingOutcome::Applied => "applied",
        BillingOutcome::Duplicate => "duplicate",
        BillingOutcome::Stale | BillingOutcome::Tie => "stale",
    })
}
