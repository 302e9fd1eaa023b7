//! Stripe from the workers: a [`StripeApi`] that runs async-stripe's request builders over
//! the HTTP port, the deployment's Stripe settings, and the translation of Stripe's objects
//! into dream-api's billing state.

pub mod catalog;
pub mod checkout;
pub mod client;
pub mod convert;
pub mod events;
pub mod models;
pub mod promotions;
pub mod tier_change;
pub mod webhook;

pub use client::{StripeApi, StripeFailure};

use crate::{kv, AppState};
use dream_core::kv_schema::{self, ConnectedAccount, ProductMap};
use dream_core::ports::PortError;
use dream_core::ErrorCode;
use dream_core::{ApiError, Mode};

/// The deployment's Stripe settings (all optional: a deployment without them simply has no
/// billing, and the billing routes say so with 503 `stripe_not_configured`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeConfig {
    /// Stripe's API base URL (the simulator's locally).
    pub api_base: String,
    /// Base URL of Connect's OAuth pages and token endpoint.
    pub connect_base: String,
    /// The platform's Connect client id (`ca_…`).
    pub client_id: Option<String>,
    /// The platform's secret keys per mode (worker secrets).
    pub test_secret: Option<String>,
    pub live_secret: Option<String>,
    /// Signing secrets of the Connect webhook endpoint (several while rotating).
    pub connect_webhook_secrets: Vec<String>,
    /// Signing secrets of dream-api's own-account webhook endpoint.
    pub platform_webhook_secrets: Vec<String>,
    /// Where Stripe sends the browser after Connect consent (oauth-api's callback).
    pub oauth_redirect_uri: Option<String>,
    /// The mode of dream-api's own billing of developers (live in production).
    pub developer_billing_mode: Mode,
}

/// 503 for a missing Stripe setting.
pub fn not_configured(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::StripeNotConfigured,
        format!("this deployment has no {what} configured, so billing is unavailable"),
    )
}

impl StripeConfig {
    /// The platform's secret key for a mode.
    pub fn secret(&self, mode: Mode) -> Result<&str, ApiError> {
        match mode {
            Mode::Test => self.test_secret.as_deref(),
            Mode::Live => self.live_secret.as_deref(),
        }
        .ok_or_else(|| not_configured(&format!("Stripe secret key for {mode} mode")))
    }
}

/// A platform's connected Stripe account in one mode, ready for calls.
pub struct Connected {
    /// The platform's client; calls name the connected account.
    pub api: StripeApi,
    pub account: String,
    pub products: ProductMap,
}

impl Connected {
    /// The current Stripe price of paid tier `tier`; 409 `products_out_of_date` until
    /// create-products has made one at the tier's price.
    pub fn price_of(&self, tier: &dream_core::tiers::Tier) -> Result<&kv_schema::TierPrice, ApiError> {
        self.products.tiers.get(&tier.name).filter(|p| p.amount == tier.price_cents).ok_or_else(|| {
            ApiError::new(
                ErrorCode::ProductsOutOfDate,
                format!(
                    "tier {:?} has no Stripe price of {} cents yet: run create-products",
                    tier.name, tier.price_cents
                ),
            )
        })
    }
}

/// The platform's own Stripe client (dream-api's account) for `mode`.
pub fn platform_api(state: &AppState, mode: Mode) -> Result<StripeApi, ApiError> {
    let cfg = &state.config.stripe;
    Ok(StripeApi::new(state.ports.http.clone(), &cfg.api_base, cfg.secret(mode)?))
}

/// The connected account of a platform; 409 `stripe_not_connected` if there is none.
pub async fn connected(state: &AppState, platform_id: &str, mode: Mode) -> crate::Result<Connected> {
    let api = platform_api(state, mode)?;
    let conn: ConnectedAccount =
        kv::get(state.ports.kv.as_ref(), &kv_schema::stripe_connection(platform_id, mode)).await?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::StripeNotConnected,
                format!("the platform has no Stripe account connected in {mode} mode; connect one in the dashboard"),
            )
        })?;
    let products =
        kv::get(state.ports.kv.as_ref(), &kv_schema::stripe_products(platform_id, mode)).await?.unwrap_or_default();
    if !conn.account_id.starts_with("acct_") {
        return Err(PortError(format!("stored Stripe account id {:?} is invalid", conn.account_id)).into());
    }
    Ok(Connected { api, account: conn.account_id, products })
}

/// Revokes dream-api's access to a platform's connected account in `mode` at Stripe and
/// forgets it (the account may then be connected to another platform); answers what was
/// connected, `None` if nothing was.
pub async fn disconnect(state: &AppState, platform_id: &str, mode: Mode) -> crate::Result<Option<ConnectedAccount>> {
    let kvs = state.ports.kv.as_ref();
    let Some(conn) = kv::get::<ConnectedAccount>(kvs, &kv_schema::stripe_connection(platform_id, mode)).await? else {
        return Ok(None);
    };
    let cfg = &state.config.stripe;
    let client_id = cfg.client_id.as_deref().ok_or_else(|| not_configured("Stripe Connect client id"))?;
    let url = format!("{}/oauth/deauthorize", cfg.connect_base.trim_end_matches('/'));
    let api = platform_api(state, mode)?;
    match api.post_form(&url, &[("client_id", client_id), ("stripe_user_id", &conn.account_id)]).await {
        // Already revoked from Stripe's side: forgetting it is all that is left to do.
        Ok(_) | Err(StripeFailure::Api { status: 400 | 401, .. }) => {}
        Err(other) => return Err(other.into()),
    }
    crate::objects::ConnectedAccount::of(state, mode, &conn.account_id).release(platform_id).await?;
    kvs.delete(&kv_schema::stripe_products(platform_id, mode)).await?;
    kvs.delete(&kv_schema::stripe_connection(platform_id, mode)).await?;
    Ok(Some(conn))
}
