//! The Checkout Session both kinds of subscription start with (an end user buying a tier on
//! a connected account, a developer buying a dream-api plan on dream-api's own).
//!
//! One buyer has at most one payable checkout: the buyer's object records each new session
//! and names the one it supersedes, which is expired at Stripe before the new URL is handed
//! out (so two tabs, or a double click, can never both be paid).

use super::convert::{META_PLATFORM, META_TIER, META_USER};
use super::models::CheckoutSession;
use super::{StripeApi, StripeFailure};
use dream_core::billing::OpenCheckout;
use dream_core::tiers::Trial;
use dream_core::ApiError;
use dream_core::ErrorCode;
use std::collections::HashMap;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionPaymentMethodCollection,
    CreateCheckoutSessionSubscriptionData, CreateCheckoutSessionSubscriptionDataTrialSettings,
    CreateCheckoutSessionSubscriptionDataTrialSettingsEndBehavior,
    CreateCheckoutSessionSubscriptionDataTrialSettingsEndBehaviorMissingPaymentMethod as MissingPaymentMethod,
    ExpireCheckoutSession, RetrieveCheckoutSession,
};
use stripe_shared::CheckoutSessionMode;

/// What to sell to whom.
pub struct Purchase<'a> {
    pub price_id: &'a str,
    pub platform_id: &'a str,
    /// The end user (or [`dream_core::plans::ACCOUNT_USER`] for a developer's plan).
    pub user: &'a str,
    /// The tier or plan bought (informational: webhooks read the tier from the price).
    pub item: &'a str,
    pub success_url: String,
    pub cancel_url: String,
    /// A returning customer keeps their Stripe customer (and card on file).
    pub customer: Option<String>,
    /// The buyer may type a promotion code on Stripe's page (the tier allows it).
    pub promotion_codes: bool,
    /// A free trial first (the tier has one and the buyer never subscribed before).
    pub trial: Option<Trial>,
}

/// Opens a subscription Checkout Session. The subscription carries metadata naming platform
/// and user, which is how its webhooks find them.
pub async fn open(api: &StripeApi, account: Option<&str>, p: Purchase<'_>) -> Result<Opened, StripeFailure> {
    let metadata = HashMap::from([
        (META_PLATFORM.to_owned(), p.platform_id.to_owned()),
        (META_USER.to_owned(), p.user.to_owned()),
        (META_TIER.to_owned(), p.item.to_owned()),
    ]);
    let mut req = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Subscription)
        .line_items(vec![CreateCheckoutSessionLineItems {
            price: Some(p.price_id.to_owned()),
            quantity: Some(1),
            ..CreateCheckoutSessionLineItems::new()
        }])
        .success_url(p.success_url)
        .cancel_url(p.cancel_url)
        .client_reference_id(p.user.to_owned())
        .metadata(metadata.clone())
        .subscription_data(CreateCheckoutSessionSubscriptionData {
            metadata: Some(metadata),
            trial_period_days: p.trial.map(|t| t.days),
            // Without a card up front, a trial nobody added a card to ends the subscription
            // (the buyer falls back to the free tier) instead of leaving an unpaid invoice.
            trial_settings: p.trial.filter(|t| !t.card_required).map(|_| {
                CreateCheckoutSessionSubscriptionDataTrialSettings {
                    end_behavior: CreateCheckoutSessionSubscriptionDataTrialSettingsEndBehavior {
                        missing_payment_method: MissingPaymentMethod::Cancel,
                    },
                }
            }),
            ..CreateCheckoutSessionSubscriptionData::new()
        });
    if p.trial.is_some_and(|t| !t.card_required) {
        req = req.payment_method_collection(CreateCheckoutSessionPaymentMethodCollection::IfRequired);
    }
    if let Some(c) = p.customer {
        req = req.customer(c);
    }
    if p.promotion_codes {
        req = req.allow_promotion_codes(true);
    }
    let session: CheckoutSession = api.call(&req, account, None).await?;
    let url = session.url.ok_or_else(|| StripeFailure::Decode("the Checkout Session has no url".into()))?;
    let expires_ms = session.expires_at.saturating_mul(1000);
    Ok(Opened { url, checkout: OpenCheckout { session: session.id, expires_ms } })
}

/// A Checkout Session just opened.
pub struct Opened {
    /// The hosted page.
    pub url: String,
    /// What the buyer's object records.
    pub checkout: OpenCheckout,
}

/// 409 for a new checkout while one paid a moment ago is still being applied.
fn already_completed() -> ApiError {
    ApiError::new(
        ErrorCode::CheckoutAlreadyCompleted,
        "a checkout of this buyer was just paid; the new plan applies in a moment, so this one was closed",
    )
}

/// Whether a session was expired now, or had been paid already.
async fn expire(api: &StripeApi, account: Option<&str>, id: &str) -> Result<bool, StripeFailure> {
    let Err(failure) = api.call::<_, CheckoutSession>(&ExpireCheckoutSession::new(id), account, None).await else {
        return Ok(true);
    };
    // Not open any more: Stripe's record of the session says how it ended.
    let session: CheckoutSession =
        api.call(&RetrieveCheckoutSession::new(id), account, None).await.map_err(|_| failure.clone())?;
    match session.status.as_deref() {
        Some("expired") => Ok(true),
        Some("complete") => Ok(false),
        _ => Err(failure),
    }
}

/// Expires the checkout `opened` supersedes. When that one was paid already, `opened` is
/// expired too and the answer is 409 (`refuse_after_paid`: an end user, who may hold one
/// subscription) — or `opened` stands (a developer's plan, where the new one is an upgrade).
pub async fn supersede(
    api: &StripeApi,
    account: Option<&str>,
    superseded: Option<String>,
    opened: &Opened,
    refuse_after_paid: bool,
) -> crate::Result<()> {
    let Some(old) = superseded else { return Ok(()) };
    if expire(api, account, &old).await? || !refuse_after_paid {
        return Ok(());
    }
    expire(api, account, &opened.checkout.session).await?;
    Err(already_completed().into())
}
