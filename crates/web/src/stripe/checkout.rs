//! The Checkout Session both kinds of subscription start with (an end user buying a tier on
//! a connected account, a developer buying a dream-api plan on dream-api's own).

use super::convert::{META_PLATFORM, META_TIER, META_USER};
use super::models::CheckoutSession;
use super::{StripeApi, StripeFailure};
use std::collections::HashMap;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionSubscriptionData,
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
}

/// Opens a subscription Checkout Session; answers the hosted page's URL. The subscription
/// carries metadata naming platform and user, which is how its webhooks find them.
pub async fn open(api: &StripeApi, account: Option<&str>, p: Purchase<'_>) -> Result<String, StripeFailure> {
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
            ..CreateCheckoutSessionSubscriptionData::new()
        });
    if let Some(c) = p.customer {
        req = req.customer(c);
    }
    let session: CheckoutSession = api.call(&req, account, None).await?;
    session.url.ok_or_else(|| StripeFailure::Decode("the Checkout Session has no url".into()))
}
