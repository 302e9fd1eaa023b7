//! The fields of Stripe's objects the workers read, as small serde structs.
//!
//! Requests are built by async-stripe's request builders; answers are read into these instead
//! of async-stripe's full models, whose deserializers would triple a worker's size (the full
//! models are still what the simulator's fidelity tests parse every object with, and these
//! too, so a shape Stripe would not send fails there). Every field Stripe always sends is
//! required here.

use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

/// A list object.
#[derive(Debug, Clone, Deserialize)]
pub struct List<T> {
    pub data: Vec<T>,
    pub has_more: bool,
}

/// The id of an expandable field (an id string, or the object).
pub fn id_of(v: &Value) -> Option<&str> {
    v.as_str().or_else(|| v.get("id").and_then(Value::as_str))
}

/// A product.
#[derive(Debug, Clone, Deserialize)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub active: bool,
    pub metadata: HashMap<String, String>,
    pub default_price: Option<Value>,
}

/// A price's recurrence.
#[derive(Debug, Clone, Deserialize)]
pub struct Recurring {
    pub interval: String,
}

/// A price.
#[derive(Debug, Clone, Deserialize)]
pub struct Price {
    pub id: String,
    /// Its product (an id, or the object when expanded).
    pub product: Value,
    pub active: bool,
    pub unit_amount: Option<i64>,
    pub currency: String,
    pub recurring: Option<Recurring>,
}

/// One item of a subscription (its period lives here since API version 2025-03-31).
#[derive(Debug, Clone, Deserialize)]
pub struct SubscriptionItem {
    pub id: String,
    pub price: Price,
    pub current_period_start: i64,
    pub current_period_end: i64,
}

/// A subscription.
#[derive(Debug, Clone, Deserialize)]
pub struct Subscription {
    pub id: String,
    pub customer: Value,
    pub status: String,
    pub items: List<SubscriptionItem>,
    pub cancel_at_period_end: bool,
    pub created: i64,
    pub ended_at: Option<i64>,
    pub metadata: HashMap<String, String>,
    pub trial_end: Option<i64>,
    /// The schedule managing it (an id, or the object when expanded).
    pub schedule: Option<Value>,
}

/// One phase of a subscription schedule.
#[derive(Debug, Clone, Deserialize)]
pub struct SchedulePhase {
    pub start_date: i64,
    pub end_date: i64,
}

/// A subscription schedule.
#[derive(Debug, Clone, Deserialize)]
pub struct SubscriptionSchedule {
    pub id: String,
    pub status: String,
    pub phases: Vec<SchedulePhase>,
}

/// A Checkout Session.
#[derive(Debug, Clone, Deserialize)]
pub struct CheckoutSession {
    pub id: String,
    pub mode: String,
    /// `open`, `complete` or `expired`.
    pub status: Option<String>,
    /// When it stops being payable (seconds).
    pub expires_at: i64,
    pub url: Option<String>,
    pub client_reference_id: Option<String>,
    pub customer: Option<Value>,
    pub subscription: Option<Value>,
    #[serde(default)]
    pub metadata: Option<std::collections::HashMap<String, String>>,
    /// `paid`, `unpaid` (a delayed method) or `no_payment_required`.
    #[serde(default)]
    pub payment_status: Option<String>,
    #[serde(default)]
    pub amount_total: Option<i64>,
    #[serde(default)]
    pub customer_email: Option<String>,
}

/// When an invoice changed state.
#[derive(Debug, Clone, Deserialize)]
pub struct StatusTransitions {
    pub paid_at: Option<i64>,
}

/// The subscription an invoice bills.
#[derive(Debug, Clone, Deserialize)]
pub struct SubscriptionDetails {
    pub metadata: Option<HashMap<String, String>>,
    pub subscription: Value,
}

/// What an invoice was made for.
#[derive(Debug, Clone, Deserialize)]
pub struct InvoiceParent {
    pub subscription_details: Option<SubscriptionDetails>,
}

/// An invoice.
#[derive(Debug, Clone, Deserialize)]
pub struct Invoice {
    pub id: Option<String>,
    pub amount_paid: i64,
    pub status_transitions: StatusTransitions,
    pub parent: Option<InvoiceParent>,
}

/// A charge (`charge.refunded`'s object).
#[derive(Debug, Clone, Deserialize)]
pub struct Charge {
    pub id: String,
    /// Refunded so far, in all.
    pub amount_refunded: i64,
    pub payment_intent: Option<Value>,
}

/// A payment intent: the metadata a store's checkout gave it names the order.
#[derive(Debug, Clone, Deserialize)]
pub struct PaymentIntent {
    pub id: String,
    #[serde(default)]
    pub metadata: HashMap<String, String>,
}

/// `GET /v1/payment_intents/{id}`: async-stripe keeps payment intents in a crate of their
/// own, far larger than this one read.
pub struct RetrievePaymentIntent(pub String);

impl stripe_client_core::StripeRequest for RetrievePaymentIntent {
    type Output = PaymentIntent;

    fn build(&self) -> stripe_client_core::RequestBuilder {
        let path = format!("/payment_intents/{}", dream_core::url::encode(&self.0));
        stripe_client_core::RequestBuilder::new(stripe_client_core::StripeMethod::Get, path)
    }
}

/// A billing portal session.
#[derive(Debug, Clone, Deserialize)]
pub struct PortalSession {
    pub url: String,
}
