//! One-off payments as Stripe keeps them: the payment intent and charge a payment-mode
//! Checkout Session makes when it is paid, and refunds of them (`POST /v1/refunds`), which
//! raise the charge's `amount_refunded` and emit `charge.refunded` and `refund.created`.

use super::new_id;
use super::ops::{emit, get, int_param, metadata, public, put, str_param, Ctx, StripeError};
use super::State;
use serde_json::{json, Value};

/// The succeeded payment intent and its charge for a paid payment-mode `session`; answers the
/// payment intent's id. Its metadata is the session's `payment_intent_data[metadata]` (Stripe
/// does not copy the session's own metadata to it).
pub fn paid(s: &mut State, c: &Ctx, session: &Value, customer: &str) -> Result<String, StripeError> {
    let data = session.get("payment_intent_data_sim").cloned().unwrap_or(json!({}));
    let md = metadata(&data, "metadata")?;
    let amount = session["amount_total"].as_i64().unwrap_or(0);
    let currency = session["currency"].clone();
    let (pi, ch) = (new_id("pi"), new_id("ch"));
    let charge = json!({
        "id": ch, "object": "charge", "amount": amount, "amount_captured": amount, "amount_refunded": 0,
        "application": null, "application_fee": null, "application_fee_amount": null,
        "balance_transaction": new_id("txn"),
        "billing_details": {"address": null, "email": session["customer_email"], "name": null, "phone": null},
        "calculated_statement_descriptor": "DREAM-API SIM", "captured": true, "created": c.now,
        "currency": currency, "customer": customer, "description": null, "disputed": false,
        "failure_balance_transaction": null, "failure_code": null, "failure_message": null,
        "fraud_details": {}, "livemode": c.livemode, "metadata": md, "on_behalf_of": null,
        "outcome": null, "paid": true, "payment_intent": pi, "payment_method": new_id("pm"),
        "receipt_email": session["customer_email"], "receipt_number": null, "receipt_url": null,
        "refunded": false, "review": null, "shipping": null, "source_transfer": null,
        "statement_descriptor": null, "statement_descriptor_suffix": null, "status": "succeeded",
        "transfer_data": null, "transfer_group": null
    });
    let intent = json!({
        "id": pi, "object": "payment_intent", "amount": amount, "amount_capturable": 0,
        "amount_received": amount, "application": null, "application_fee_amount": null,
        "canceled_at": null, "cancellation_reason": null, "capture_method": "automatic_async",
        "client_secret": format!("{pi}_secret_{}", super::random(24)), "confirmation_method": "automatic",
        "created": c.now, "currency": currency, "customer": customer, "description": null,
        "last_payment_error": null, "latest_charge": ch, "livemode": c.livemode, "metadata": md,
        "next_action": null, "on_behalf_of": null, "payment_method": charge["payment_method"],
        "payment_method_types": ["card"], "processing": null, "receipt_email": session["customer_email"],
        "review": null, "setup_future_usage": null, "shipping": null, "source": null,
        "statement_descriptor": null, "statement_descriptor_suffix": null, "status": "succeeded",
        "transfer_data": null, "transfer_group": null
    });
    let intent = put(s, c, intent);
    let charge = put(s, c, charge);
    emit(s, c, "payment_intent.succeeded", intent, None);
    emit(s, c, "charge.succeeded", charge, None);
    Ok(pi)
}

/// `POST /v1/refunds`: `payment_intent` or `charge`, and `amount` (default: what is left).
pub fn refund_create(s: &mut State, c: &Ctx, p: &Value) -> Result<Value, StripeError> {
    let charge_id = match (str_param(p, "charge"), str_param(p, "payment_intent")) {
        (Some(ch), None) => ch.to_owned(),
        (None, Some(pi)) => {
            let intent = get(s, c, "payment_intent", pi)
                .map_err(|_| StripeError::no_such("payment_intent", pi, "payment_intent"))?;
            intent["latest_charge"].as_str().unwrap_or_default().to_owned()
        }
        (Some(_), Some(_)) => {
            return Err(StripeError::invalid("charge", "You can only pass one of charge or payment_intent."))
        }
        (None, None) => {
            return Err(StripeError::invalid(
                "charge",
                "One of the following params should be provided for this request: payment_intent or charge.",
            ))
        }
    };
    let mut charge =
        get(s, c, "charge", &charge_id).map_err(|_| StripeError::no_such("charge", &charge_id, "charge"))?;
    let total = charge["amount"].as_i64().unwrap_or(0);
    let before = charge["amount_refunded"].as_i64().unwrap_or(0);
    let left = total.saturating_sub(before);
    if left <= 0 {
        return Err(StripeError {
            code: Some("charge_already_refunded"),
            ..StripeError::invalid("charge", format!("Charge {charge_id} has already been refunded."))
        });
    }
    let amount = int_param(p, "amount")?.unwrap_or(left);
    if amount <= 0 {
        return Err(StripeError::invalid("amount", "Invalid positive integer"));
    }
    if amount > left {
        return Err(StripeError {
            code: Some("amount_too_large"),
            ..StripeError::invalid(
                "amount",
                format!("Refund amount ({amount}) is greater than unrefunded amount on charge ({left})"),
            )
        });
    }
    let reason = match str_param(p, "reason") {
        None => Value::Null,
        Some(r @ ("duplicate" | "fraudulent" | "requested_by_customer")) => json!(r),
        Some(r) => return Err(StripeError::invalid("reason", format!("Invalid reason: {r}"))),
    };
    let refund = json!({
        "id": new_id("re"), "object": "refund", "amount": amount, "balance_transaction": new_id("txn"),
        "charge": charge_id, "created": c.now, "currency": charge["currency"], "description": null,
        "destination_details": null, "failure_balance_transaction": null, "failure_reason": null,
        "instructions_email": null, "metadata": metadata(p, "metadata")?, "next_action": null,
        "payment_intent": charge["payment_intent"], "pending_reason": null, "presentment_details": null,
        "reason": reason, "receipt_number": null, "source_transfer_reversal": null, "status": "succeeded",
        "transfer_reversal": null
    });
    let refunded = before.saturating_add(amount);
    let previous = json!({"amount_refunded": before, "refunded": false});
    charge["amount_refunded"] = json!(refunded);
    charge["refunded"] = json!(refunded >= total);
    let refund = put(s, c, refund);
    let charge = put(s, c, charge);
    emit(s, c, "refund.created", refund.clone(), None);
    emit(s, c, "charge.refunded", charge, Some(previous));
    Ok(public(refund))
}
