//! Stripe's objects (async-stripe's typed models) → dream-api's billing state.

use super::models;
use dream_core::billing::{SubStatus, Subscription};
use dream_core::kv_schema::ProductMap;
use dream_core::period::Period;
use serde::Deserialize;

/// Metadata key naming the end user on Checkout Sessions and subscriptions.
pub const META_USER: &str = "dream_user_id";
/// Metadata key naming the platform (a guard against events crossing platforms).
pub const META_PLATFORM: &str = "dream_platform_id";
/// Metadata key naming the tier bought (informational: the tier comes from the price).
pub const META_TIER: &str = "dream_tier";

/// The outside of a webhook event; `object` is parsed by type afterwards.
#[derive(Debug, Deserialize)]
pub struct Envelope {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub created: i64,
    pub livemode: bool,
    /// The connected account the event happened on (Connect endpoints only).
    pub account: Option<String>,
    pub data: EnvelopeData,
}

/// `data` of an event.
#[derive(Debug, Deserialize)]
pub struct EnvelopeData {
    pub object: serde_json::Value,
}

/// Reads an event's object as one of [`super::models`].
pub fn parse<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Result<T, String> {
    T::deserialize(v).map_err(|e| format!("the object does not match Stripe's: {e}"))
}

fn months(interval: Option<&str>) -> u32 {
    match interval {
        Some("year") => 12,
        Some("month") => 1,
        _ => 0,
    }
}

/// dream-api's view of a Stripe subscription; the tier comes from the platform's own price
/// list, never from metadata a client could have influenced.
pub fn subscription(s: &models::Subscription, products: &ProductMap) -> Result<Subscription, String> {
    let item = s.items.data.first().ok_or("the subscription has no items")?;
    let price = &item.price;
    Ok(Subscription {
        id: s.id.clone(),
        customer: models::id_of(&s.customer).ok_or("the subscription has no customer")?.to_owned(),
        tier: products.prices.get(&price.id).cloned(),
        status: SubStatus::parse(&s.status),
        price_id: price.id.clone(),
        amount: price.unit_amount.unwrap_or(0),
        currency: price.currency.clone(),
        interval_months: months(price.recurring.as_ref().map(|r| r.interval.as_str())),
        period: Period { start_ms: item.current_period_start * 1000, end_ms: item.current_period_end * 1000 },
        cancel_at_period_end: s.cancel_at_period_end,
        created_ms: s.created * 1000,
        ended_ms: s.ended_at.map(|t| t * 1000),
        trial_end_ms: s.trial_end.map(|t| t * 1000),
        schedule: s.schedule.as_ref().and_then(models::id_of).map(str::to_owned),
    })
}

/// The end user and platform a subscription's metadata names.
pub fn owner(metadata: &std::collections::HashMap<String, String>) -> Option<(&str, &str)> {
    Some((metadata.get(META_PLATFORM)?.as_str(), metadata.get(META_USER)?.as_str()))
}
