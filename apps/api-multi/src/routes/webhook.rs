//! `POST /webhook/stripe`: events from developers' connected Stripe accounts.
//!
//! The signature is checked over the raw body (5-minute tolerance). Each event is applied in
//! the end user's meter shard, which remembers event ids (a redelivery changes nothing) and
//! the `created` of the newest subscription state (an older event never overwrites it; a
//! same-second tie is settled by re-fetching the subscription from Stripe). Events that match
//! no platform or end user are answered 200 and recorded, so Stripe does not retry them. The
//! flow is shared with dream-api's own endpoint: `dream_services::stripe::webhook`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use dream_core::api::WebhookAck;
use dream_services::stripe::webhook::{receive, Endpoint};
use dream_services::AppState;
use dream_web::auth::stripe_signature;
use dream_web::Result;

/// Receives one event.
pub async fn stripe(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Json<WebhookAck>> {
    Ok(Json(receive(&state, Endpoint::Connect, stripe_signature(&headers), &body).await?))
}
