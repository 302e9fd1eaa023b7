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
use dream_core::kv_schema::{self, AccountOwner, PlatformConfig};
use dream_core::tiers::TierLimits;
use dream_core::{validate, Mode};
use dream_web::objects::UsageShard;
use dream_web::stripe::connected;
use dream_web::stripe::convert::Envelope;
use dream_web::stripe::events::{apply, route, unmatched, verified, Books, Route, Target};
use dream_web::{kv, AppState, Result};

/// Receives one event.
pub async fn stripe(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Json<WebhookAck>> {
    let event = verified(&state, &headers, &body, &state.config.stripe.connect_webhook_secrets)?;
    let result = handle(&state, &event).await?;
    Ok(Json(WebhookAck { received: true, result: result.into() }))
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
        Ok(s) if s.account == account => s,
        Ok(_) => return unmatched(state, event, "the account is no longer the platform's connected account").await,
        Err(e) if e.0.code == "stripe_not_connected" => {
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
