//! Webhook events, shared by both endpoints (connected accounts' events in api-multi,
//! dream-api's own account in front-auth-api): signature check over the raw body, routing an
//! event to the end user (or developer) it concerns, and applying it in their meter object
//! exactly once and never backwards.

use super::convert::{owner, parse, subscription, Envelope, META_PLATFORM, META_TIER};
use super::models;
use super::{not_configured, StripeApi, StripeFailure};
use crate::objects::{Account, BillingAnswer, BillingEvent, UsageShard};
use crate::{AppState, Result};
use dream_core::billing::{BillingChange, BillingOutcome};
use dream_core::kv_schema::{self, ProductMap, UnmatchedEvent};
use dream_core::ports::PortError;
use dream_core::stripe_signature::{verify, SignatureError};
use dream_core::tiers::TierLimits;
use dream_core::ApiError;
use dream_core::ErrorCode;
use stripe_billing::subscription::{CancelSubscription, RetrieveSubscription};
use stripe_product::product::RetrieveProduct;

/// Header carrying Stripe's signature.
pub const STRIPE_SIGNATURE: &str = "stripe-signature";

fn unreadable(what: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidEvent, format!("the event's {what} is not what Stripe sends"))
}

/// Checks the signature against any of `secrets` (several while one is rotated) and parses
/// the envelope. Nothing is read from the body before the signature holds.
pub fn verified(state: &AppState, signature: Option<&str>, body: &[u8], secrets: &[String]) -> Result<Envelope> {
    if secrets.is_empty() {
        return Err(not_configured("webhook signing secret").into());
    }
    let header = signature
        .ok_or_else(|| ApiError::new(ErrorCode::SignatureMissing, "the Stripe-Signature header is missing"))?;
    let now = state.now_ms() / 1000;
    let mut verdict = Err(SignatureError::Mismatch);
    for secret in secrets {
        verdict = verify(header, body, secret, now);
        if verdict.is_ok() {
            break;
        }
    }
    verdict.map_err(|e| ApiError::new(e.code(), e.to_string()))?;
    Ok(serde_json::from_slice(body).map_err(|_| unreadable("envelope"))?)
}

/// Records an event that matched nothing (answered 200 so Stripe does not retry it), for a
/// while and in a bounded number of slots: an operator's trail, not a ledger.
pub async fn unmatched(state: &AppState, event: &Envelope, reason: &str) -> Result<&'static str> {
    let rec = UnmatchedEvent {
        event_id: event.id.clone(),
        event_type: event.kind.clone(),
        account: event.account.clone(),
        reason: reason.into(),
        received_ms: state.now_ms(),
    };
    let value = serde_json::to_string(&rec).map_err(|e| PortError(e.to_string()))?;
    let key = kv_schema::unmatched_event(&event.id);
    state.ports.kv.put_expiring(&key, &value, kv_schema::UNMATCHED_TTL_SECS).await?;
    Ok("unmatched")
}

/// The Stripe account an event happened on, as dream-api sees it.
pub struct Books<'a> {
    pub api: &'a StripeApi,
    /// The connected account (`None`: dream-api's own).
    pub account: Option<&'a str>,
    /// Price → tier (or developer plan).
    pub products: &'a ProductMap,
    /// The `dream_platform_id` our products carry on this account (a platform, or `dream-api`).
    pub owner: &'a str,
}

impl Books<'_> {
    async fn fetch(&self, id: &str) -> Result<models::Subscription> {
        Ok(self.api.call(&RetrieveSubscription::new(id), self.account, None).await?)
    }

    /// The tier a price buys when the stored map does not know it (yet: KV propagates
    /// slowly after a sync): its product, made by our catalog, names the tier. A price of
    /// anyone else's product buys nothing. A failed lookup fails the delivery, so Stripe
    /// retries it instead of the end user silently losing the tier.
    async fn tier_of(&self, price: &models::Price) -> Result<Option<String>> {
        let Some(product) = models::id_of(&price.product) else { return Ok(None) };
        let p: models::Product = self.api.call(&RetrieveProduct::new(product), self.account, None).await?;
        let ours = p.metadata.get(META_PLATFORM).map(String::as_str) == Some(self.owner);
        Ok(ours.then(|| p.metadata.get(META_TIER).cloned()).flatten())
    }

    /// Cancels a subscription; done when Stripe's own record says it is over. An error alone
    /// never counts as "already canceled": a rate limit or an outage carries a code too.
    async fn cancel(&self, id: &str) -> std::result::Result<(), StripeFailure> {
        let Err(failure) =
            self.api.call::<_, models::Subscription>(&CancelSubscription::new(id), self.account, None).await
        else {
            return Ok(());
        };
        match self.api.call::<_, models::Subscription>(&RetrieveSubscription::new(id), self.account, None).await {
            Ok(s) if matches!(s.status.as_str(), "canceled" | "incomplete_expired") => Ok(()),
            // Not on the account at all: there is nothing to cancel.
            Err(StripeFailure::Api { status: 404, .. }) => Ok(()),
            _ => Err(failure),
        }
    }
}

/// What an event does, and to whom (metadata names the platform and the end user).
pub struct Effect {
    pub platform: String,
    pub user: String,
    pub change: BillingChange,
    subscription_id: Option<String>,
}

/// Where an event goes.
pub enum Route {
    Apply(Box<Effect>),
    /// A store order's payment arrived, or its checkout can no longer be paid.
    Order(OrderEffect),
    Ignore,
    Unmatched(&'static str),
}

/// What an event does to a store order.
pub struct OrderEffect {
    pub platform: String,
    pub order: String,
    pub change: OrderChange,
}

/// Paid (what Stripe took), released, or refunded (Stripe's running total).
pub enum OrderChange {
    Paid { amount: i64, email: Option<String> },
    Release,
    Refunded { amount_refunded: i64 },
}

/// A payment-mode session of a store's cart: its order, and what the event does to it.
fn store_order(kind: &str, cs: &models::CheckoutSession) -> Route {
    let metadata = cs.metadata.clone().unwrap_or_default();
    let Some((platform, order)) = crate::store::order_of(&metadata) else {
        return Route::Ignore;
    };
    let paid = cs.payment_status.as_deref() == Some("paid");
    let change = match kind {
        "checkout.session.completed" if paid => {
            OrderChange::Paid { amount: cs.amount_total.unwrap_or(0), email: cs.customer_email.clone() }
        }
        "checkout.session.async_payment_succeeded" => {
            OrderChange::Paid { amount: cs.amount_total.unwrap_or(0), email: cs.customer_email.clone() }
        }
        "checkout.session.expired" | "checkout.session.async_payment_failed" => OrderChange::Release,
        // Completed but not paid yet (a delayed method): its own event follows.
        _ => return Route::Ignore,
    };
    Route::Order(OrderEffect { platform: platform.to_owned(), order: order.to_owned(), change })
}

async fn from_subscription(s: &models::Subscription, books: &Books<'_>) -> Result<Route> {
    let Some((platform, user)) = owner(&s.metadata) else {
        return Ok(Route::Unmatched("subscription without dream-api metadata"));
    };
    let mut sub = subscription(s, books.products).map_err(|_| unreadable("subscription"))?;
    if sub.tier.is_none() {
        if let Some(item) = s.items.data.first() {
            sub.tier = books.tier_of(&item.price).await?;
        }
    }
    Ok(Route::Apply(Box::new(Effect {
        platform: platform.to_owned(),
        user: user.to_owned(),
        change: BillingChange::Subscription { subscription: sub },
        subscription_id: Some(s.id.clone()),
    })))
}

/// Reads the event's object and decides what it does.
pub async fn route(event: &Envelope, books: &Books<'_>) -> Result<Route> {
    let object = &event.data.object;
    match event.kind.as_str() {
        "checkout.session.completed" => {
            let cs: models::CheckoutSession = parse(object).map_err(|_| unreadable("checkout session"))?;
            if cs.mode == "payment" {
                return Ok(store_order(&event.kind, &cs));
            }
            if cs.mode != "subscription" {
                return Ok(Route::Ignore);
            }
            let Some(sub) = cs.subscription.as_ref().and_then(models::id_of) else {
                return Ok(Route::Unmatched("session without subscription"));
            };
            // The session does not carry the subscription: Stripe's current state is fetched.
            from_subscription(&books.fetch(sub).await?, books).await
        }
        "customer.subscription.created" | "customer.subscription.updated" | "customer.subscription.deleted" => {
            let s: models::Subscription = parse(object).map_err(|_| unreadable("subscription"))?;
            from_subscription(&s, books).await
        }
        "checkout.session.expired"
        | "checkout.session.async_payment_succeeded"
        | "checkout.session.async_payment_failed" => {
            let cs: models::CheckoutSession = parse(object).map_err(|_| unreadable("checkout session"))?;
            Ok(if cs.mode == "payment" { store_order(&event.kind, &cs) } else { Route::Ignore })
        }
        "charge.refunded" => {
            // The charge carries no metadata of ours; its payment intent, made by the
            // store's checkout, names the order. Charges of anything else are not ours.
            let charge: models::Charge = parse(object).map_err(|_| unreadable("charge"))?;
            let Some(intent) = charge.payment_intent.as_ref().and_then(models::id_of) else {
                return Ok(Route::Ignore);
            };
            let intent: models::PaymentIntent =
                books.api.call(&models::RetrievePaymentIntent(intent.to_owned()), books.account, None).await?;
            let Some((platform, order)) = crate::store::order_of(&intent.metadata) else {
                return Ok(Route::Ignore);
            };
            Ok(Route::Order(OrderEffect {
                platform: platform.to_owned(),
                order: order.to_owned(),
                change: OrderChange::Refunded { amount_refunded: charge.amount_refunded },
            }))
        }
        "customer.subscription.trial_will_end" => {
            // A notice, not a state: the end user's books are unchanged; their developer is told.
            let s: models::Subscription = parse(object).map_err(|_| unreadable("subscription"))?;
            Ok(match from_subscription(&s, books).await? {
                Route::Apply(mut effect) => {
                    effect.change = BillingChange::TrialWillEnd { subscription: s.id.clone() };
                    effect.subscription_id = None;
                    Route::Apply(effect)
                }
                other => other,
            })
        }
        "invoice.paid" | "invoice.payment_failed" => {
            let inv: models::Invoice = parse(object).map_err(|_| unreadable("invoice"))?;
            let Some(details) = inv.parent.as_ref().and_then(|p| p.subscription_details.as_ref()) else {
                return Ok(Route::Ignore);
            };
            let metadata = details.metadata.clone().unwrap_or_default();
            let Some((platform, user)) = owner(&metadata) else {
                return Ok(Route::Unmatched("invoice of a subscription without dream-api metadata"));
            };
            let invoice = inv.id.clone().unwrap_or_default();
            let change = if event.kind == "invoice.paid" {
                let paid = inv.status_transitions.paid_at.unwrap_or(event.created);
                BillingChange::InvoicePaid { invoice, amount: inv.amount_paid, paid_ms: paid * 1000 }
            } else {
                BillingChange::PaymentFailed { invoice }
            };
            Ok(Route::Apply(Box::new(Effect {
                platform: platform.to_owned(),
                user: user.to_owned(),
                change,
                subscription_id: None,
            })))
        }
        _ => Ok(Route::Ignore),
    }
}

/// Whose state an event changes.
pub enum Target<'a> {
    /// An end user of a platform, in their usage shard, under the platform's tiers.
    EndUser { shard: UsageShard<'a>, tiers: TierLimits },
    /// A developer's dream-api plan, in the platform's account.
    Plan(Account<'a>),
}

impl Target<'_> {
    async fn settle_cancel(&self, user: &str, subscription: &str, error: Option<String>) -> Result<()> {
        match self {
            Target::EndUser { shard, tiers } => shard.settle_cancel(user, subscription, error, tiers.clone()).await,
            Target::Plan(account) => account.settle_cancel(subscription, error).await,
        }
    }

    async fn apply(&self, event: &Envelope, effect: &Effect, authoritative: bool) -> Result<BillingAnswer> {
        let billing = BillingEvent {
            event_id: event.id.clone(),
            event_created: event.created,
            change: effect.change.clone(),
            authoritative,
        };
        match self {
            Target::EndUser { shard, tiers } => shard.apply_billing(&effect.user, billing, tiers.clone()).await,
            Target::Plan(account) => account.apply_billing(billing).await,
        }
    }
}

/// Applies the effect to `target`; a same-second tie is settled with Stripe's current state,
/// and subscriptions a new one replaced are canceled at Stripe. The object records each owed
/// cancel together with the event, so a failed cancel fails the delivery (Stripe redelivers,
/// the redelivery retries it) and stays visible until Stripe confirms. Answers the ack's result.
pub async fn apply(
    target: &Target<'_>,
    event: &Envelope,
    mut effect: Effect,
    books: &Books<'_>,
) -> Result<&'static str> {
    let (mut outcome, mut to_cancel) = target.apply(event, &effect, false).await?;
    if let (BillingOutcome::Tie, Some(id)) = (outcome, effect.subscription_id.clone()) {
        if let Route::Apply(fresh) = from_subscription(&books.fetch(&id).await?, books).await? {
            effect.change = fresh.change;
        }
        (outcome, to_cancel) = target.apply(event, &effect, true).await?;
    }
    let mut owed = 0usize;
    for old in &to_cancel {
        let result = books.cancel(old).await;
        let error = result.as_ref().err().map(StripeFailure::summary);
        owed += usize::from(error.is_some());
        target.settle_cancel(&effect.user, old, error).await?;
    }
    if owed > 0 {
        return Err(ApiError::new(
            ErrorCode::ReplacedSubscriptionNotCanceled,
            format!("{owed} replaced subscription(s) could not be canceled at Stripe yet; redeliver the event"),
        )
        .into());
    }
    Ok(match outcome {
        BillingOutcome::Applied => "applied",
        BillingOutcome::Duplicate => "duplicate",
        BillingOutcome::Stale | BillingOutcome::Tie => "stale",
    })
}
