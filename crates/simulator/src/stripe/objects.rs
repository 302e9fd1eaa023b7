//! Stripe objects as Stripe sends them (API version [`API_VERSION`]): every field the
//! typed models require, `null` for what the simulator does not model.

use serde_json::{json, Value};

/// The API version the simulator speaks (async-stripe 1.0's pinned version).
pub const API_VERSION: &str = "2026-09-30.endive";

/// A list object (`GET /v1/prices`, `subscription.items`, …).
pub fn list(url: &str, data: Vec<Value>, has_more: bool) -> Value {
    json!({"object": "list", "data": data, "has_more": has_more, "url": url})
}

/// A product.
pub fn product(id: &str, name: &str, metadata: Value, livemode: bool, now: i64) -> Value {
    json!({
        "id": id, "object": "product", "active": true, "created": now, "updated": now,
        "default_price": null, "description": null, "images": [], "livemode": livemode,
        "marketing_features": [], "metadata": metadata, "name": name, "package_dimensions": null,
        "shippable": null, "statement_descriptor": null, "tax_code": null, "type": "service",
        "unit_label": null, "url": null
    })
}

/// A price; `interval` `None` makes a one-off price.
#[allow(clippy::too_many_arguments)]
pub fn price(
    id: &str,
    product: &str,
    unit_amount: i64,
    currency: &str,
    interval: Option<&str>,
    metadata: Value,
    livemode: bool,
    now: i64,
) -> Value {
    let recurring = interval.map(|i| {
        json!({"interval": i, "interval_count": 1, "meter": null, "usage_type": "licensed", "trial_period_days": null})
    });
    json!({
        "id": id, "object": "price", "active": true, "billing_scheme": "per_unit", "created": now,
        "currency": currency, "custom_unit_amount": null, "livemode": livemode, "lookup_key": null,
        "metadata": metadata, "nickname": null, "product": product, "recurring": recurring,
        "tax_behavior": "unspecified", "tiers_mode": null, "transform_quantity": null,
        "type": if interval.is_some() { "recurring" } else { "one_time" },
        "unit_amount": unit_amount, "unit_amount_decimal": unit_amount.to_string()
    })
}

/// A customer.
pub fn customer(id: &str, email: Option<&str>, metadata: Value, livemode: bool, now: i64) -> Value {
    json!({
        "id": id, "object": "customer", "balance": 0, "created": now, "currency": null,
        "default_source": null, "delinquent": false, "description": null, "email": email,
        "invoice_prefix": null, "livemode": livemode, "metadata": metadata, "name": null,
        "phone": null, "preferred_locales": [], "shipping": null, "tax_exempt": "none"
    })
}

/// The legacy `plan` view of a recurring price, which subscription items still carry.
fn plan_of(price: &Value) -> Value {
    json!({
        "id": price["id"], "object": "plan", "active": price["active"], "amount": price["unit_amount"],
        "amount_decimal": price["unit_amount_decimal"], "billing_scheme": "per_unit",
        "created": price["created"], "currency": price["currency"],
        "interval": price["recurring"]["interval"], "interval_count": 1, "livemode": price["livemode"],
        "metadata": price["metadata"], "meter": null, "nickname": null, "product": price["product"],
        "tiers_mode": null, "transform_usage": null, "trial_period_days": null, "usage_type": "licensed"
    })
}

/// A subscription item for `price` over a period.
pub fn subscription_item(id: &str, sub_id: &str, price: &Value, start: i64, end: i64, now: i64) -> Value {
    json!({
        "id": id, "object": "subscription_item", "created": now, "current_period_start": start,
        "current_period_end": end, "discounts": [], "metadata": {}, "plan": plan_of(price),
        "price": price, "quantity": 1, "subscription": sub_id, "tax_rates": []
    })
}

/// A subscription of `customer` to one item.
#[allow(clippy::too_many_arguments)]
pub fn subscription(
    id: &str,
    customer: &str,
    item: Value,
    metadata: Value,
    livemode: bool,
    now: i64,
    latest_invoice: Option<&str>,
) -> Value {
    let currency = item["price"]["currency"].clone();
    let anchor = item["current_period_start"].clone();
    json!({
        "id": id, "object": "subscription", "application": null, "application_fee_percent": null,
        "automatic_tax": {"enabled": false, "disabled_reason": null, "liability": null},
        "billing_cycle_anchor": anchor, "billing_mode": {"type": "classic", "flexible": null, "updated_at": null},
        "billing_schedules": [], "billing_thresholds": null, "cancel_at": null, "cancel_at_period_end": false,
        "canceled_at": null, "cancellation_details": {"comment": null, "feedback": null, "reason": null},
        "collection_method": "charge_automatically", "created": now, "currency": currency,
        "customer": customer, "days_until_due": null, "default_payment_method": null, "default_source": null,
        "description": null, "discounts": [], "ended_at": null,
        "invoice_settings": {"account_tax_ids": null, "issuer": {"type": "self"}},
        "items": list(&format!("/v1/subscription_items?subscription={id}"), vec![item], false),
        "latest_invoice": latest_invoice, "livemode": livemode, "metadata": metadata,
        "next_pending_invoice_item_invoice": null, "on_behalf_of": null, "pause_collection": null,
        "pending_invoice_item_interval": null, "pending_setup_intent": null, "pending_update": null,
        "schedule": null, "start_date": now, "status": "active", "test_clock": null, "transfer_data": null,
        "trial_end": null, "trial_settings": null, "trial_start": null
    })
}

/// A line of an invoice (`parent`: what made it, `null` for a subscription's own period).
#[allow(clippy::too_many_arguments)]
pub fn invoice_line(
    invoice: &str,
    n: usize,
    amount: i64,
    currency: &str,
    description: Option<&str>,
    start: i64,
    end: i64,
    parent: Value,
    livemode: bool,
) -> Value {
    json!({
        "id": format!("il_{}_{n}", invoice.get(3..).unwrap_or(invoice)), "object": "line_item", "amount": amount,
        "currency": currency, "description": description, "discount_amounts": [], "discountable": true,
        "discounts": [], "invoice": invoice, "livemode": livemode, "metadata": {}, "parent": parent,
        "period": {"start": start, "end": end}, "pretax_credit_amounts": [], "pricing": null,
        "quantity": 1, "subtotal": amount, "taxes": []
    })
}

/// What a proration line comes from: the subscription item whose price changed.
pub fn proration_parent(sub: &str, item: &str) -> Value {
    json!({
        "type": "subscription_item_details", "invoice_item_details": null,
        "subscription_item_details": {
            "invoice_item": null, "proration": true, "proration_details": {"credited_items": null},
            "subscription": sub, "subscription_item": item
        }
    })
}

/// A paid (or failed) invoice for one period of a subscription.
#[allow(clippy::too_many_arguments)]
pub fn invoice(
    id: &str,
    customer: &str,
    sub: &Value,
    amount: i64,
    currency: &str,
    start: i64,
    end: i64,
    paid: bool,
    livemode: bool,
    now: i64,
) -> Value {
    let line = invoice_line(id, 0, amount, currency, None, start, end, Value::Null, livemode);
    invoice_of(id, customer, sub, vec![line], "subscription_cycle", paid, livemode, now)
}

/// An invoice of `lines` for a subscription (`reason`: Stripe's `billing_reason`); a total
/// below zero is due as nothing (Stripe keeps the credit on the customer's balance).
#[allow(clippy::too_many_arguments)]
pub fn invoice_of(
    id: &str,
    customer: &str,
    sub: &Value,
    lines: Vec<Value>,
    reason: &str,
    paid: bool,
    livemode: bool,
    now: i64,
) -> Value {
    let amount: i64 = lines.iter().map(|l| l["amount"].as_i64().unwrap_or(0)).sum();
    let due = amount.max(0);
    let currency = lines.first().map(|l| l["currency"].clone()).unwrap_or(json!("usd"));
    let start = lines.iter().filter_map(|l| l["period"]["start"].as_i64()).min().unwrap_or(now);
    let end = lines.iter().filter_map(|l| l["period"]["end"].as_i64()).max().unwrap_or(now);
    json!({
        "id": id, "object": "invoice", "account_country": "US", "account_name": null,
        "amount_due": due, "amount_overpaid": 0, "amount_paid": if paid { due } else { 0 },
        "amount_remaining": if paid { 0 } else { due }, "amount_shipping": 0, "attempt_count": 1,
        "attempted": true, "auto_advance": false,
        "automatic_tax": {"enabled": false, "disabled_reason": null, "liability": null, "provider": null, "status": null},
        "billing_reason": reason, "collection_method": "charge_automatically", "created": now,
        "currency": currency, "customer": customer, "default_tax_rates": [], "description": null,
        "discounts": [], "due_date": null, "issuer": {"type": "self"},
        "lines": list(&format!("/v1/invoices/{id}/lines"), lines, false), "livemode": livemode,
        "metadata": {}, "parent": {
            "type": "subscription_details", "quote_details": null,
            "subscription_details": {"metadata": sub["metadata"], "subscription": sub["id"]}
        },
        "payment_settings": {"default_mandate": null, "payment_method_options": null, "payment_method_types": null},
        "period_end": end, "period_start": start, "post_payment_credit_notes_amount": 0,
        "pre_payment_credit_notes_amount": 0, "starting_balance": 0,
        "status": if paid { "paid" } else { "open" },
        "status_transitions": {"finalized_at": now, "marked_uncollectible_at": null,
            "paid_at": if paid { Some(now) } else { None }, "voided_at": null},
        "subtotal": amount, "total": amount
    })
}

/// One phase of a subscription schedule: `price` from `start` to `end`.
pub fn schedule_phase(price: &Value, start: i64, end: i64, proration_behavior: &str) -> Value {
    json!({
        "add_invoice_items": [], "application_fee_percent": null, "automatic_tax": null,
        "billing_cycle_anchor": null, "billing_thresholds": null, "collection_method": null,
        "currency": price["currency"], "default_payment_method": null, "default_tax_rates": [],
        "description": null, "discounts": [], "end_date": end, "invoice_settings": null,
        "items": [{"billing_thresholds": null, "discounts": [], "metadata": {}, "plan": price["id"],
            "price": price["id"], "quantity": 1, "tax_rates": []}],
        "metadata": {}, "on_behalf_of": null, "proration_behavior": proration_behavior,
        "start_date": start, "transfer_data": null, "trial_end": null
    })
}

/// A subscription schedule managing `sub`, in its first phase.
pub fn subscription_schedule(id: &str, sub: &Value, phases: Vec<Value>, livemode: bool, now: i64) -> Value {
    let current = phases.first().map(|p| json!({"start_date": p["start_date"], "end_date": p["end_date"]}));
    json!({
        "id": id, "object": "subscription_schedule", "application": null,
        "billing_mode": {"type": "classic", "flexible": null, "updated_at": null},
        "canceled_at": null, "completed_at": null, "created": now, "current_phase": current,
        "customer": sub["customer"], "customer_account": null,
        "default_settings": {
            "application_fee_percent": null, "automatic_tax": {"disabled_reason": null, "enabled": false, "liability": null},
            "billing_cycle_anchor": "automatic", "billing_thresholds": null,
            "collection_method": "charge_automatically", "default_payment_method": null, "description": null,
            "invoice_settings": {"account_tax_ids": null, "days_until_due": null, "issuer": {"type": "self"}},
            "on_behalf_of": null, "transfer_data": null
        },
        "end_behavior": "release", "livemode": livemode, "metadata": {}, "phases": phases,
        "released_at": null, "released_subscription": null, "status": "active",
        "subscription": sub["id"], "test_clock": null
    })
}

/// A Checkout Session awaiting payment.
#[allow(clippy::too_many_arguments)]
pub fn checkout_session(
    id: &str,
    url: &str,
    params: &Value,
    amount: i64,
    currency: &str,
    livemode: bool,
    now: i64,
) -> Value {
    json!({
        "id": id, "object": "checkout.session", "amount_subtotal": amount, "amount_total": amount,
        "automatic_tax": {"enabled": false, "liability": null, "provider": null, "status": null},
        "cancel_url": params["cancel_url"], "client_reference_id": params["client_reference_id"],
        "created": now, "currency": currency, "custom_fields": [],
        "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
        "customer": params["customer"], "customer_email": params["customer_email"],
        "expires_at": now + 86_400, "livemode": livemode, "metadata": params.get("metadata").cloned().unwrap_or(json!({})),
        "mode": params["mode"], "payment_intent": null,
        "payment_method_collection": params.get("payment_method_collection").cloned().unwrap_or(json!("always")),
        "payment_method_types": ["card"],
        "payment_status": "unpaid", "shipping_options": [], "status": "open",
        "subscription": null, "success_url": params["success_url"], "url": url
    })
}

/// The default billing portal configuration of an account.
pub fn portal_configuration(id: &str, livemode: bool, now: i64) -> Value {
    json!({
        "id": id, "object": "billing_portal.configuration", "active": true, "application": null,
        "business_profile": {"headline": null, "privacy_policy_url": null, "terms_of_service_url": null},
        "created": now, "default_return_url": null,
        "features": {
            "customer_update": {"allowed_updates": [], "enabled": false},
            "invoice_history": {"enabled": true},
            "payment_method_update": {"enabled": false, "payment_method_configuration": null},
            "subscription_cancel": {"cancellation_reason": {"enabled": false, "options": []}, "enabled": true,
                "mode": "at_period_end", "proration_behavior": "none"},
            "subscription_update": {"default_allowed_updates": ["price"], "enabled": true, "products": [],
                "proration_behavior": "none", "schedule_at_period_end": {"conditions": []},
                "trial_update_behavior": "end_trial"}
        },
        "is_default": true, "livemode": livemode, "login_page": {"enabled": false, "url": null},
        "metadata": {}, "name": null, "updated": now
    })
}

/// A billing portal session.
pub fn portal_session(
    id: &str,
    customer: &str,
    config: &str,
    return_url: &Value,
    url: &str,
    livemode: bool,
    now: i64,
) -> Value {
    json!({
        "id": id, "object": "billing_portal.session", "configuration": config, "created": now,
        "customer": customer, "flow": null, "livemode": livemode, "locale": null, "on_behalf_of": null,
        "return_url": return_url, "url": url
    })
}

/// An event wrapping `object`.
pub fn event(
    id: &str,
    kind: &str,
    object: Value,
    previous: Option<Value>,
    account: Option<&str>,
    livemode: bool,
    now: i64,
) -> Value {
    let mut data = json!({"object": object});
    if let Some(p) = previous {
        data["previous_attributes"] = p;
    }
    let mut e = json!({
        "id": id, "object": "event", "api_version": API_VERSION, "created": now, "data": data,
        "livemode": livemode, "pending_webhooks": 1, "request": {"id": null, "idempotency_key": null}, "type": kind
    });
    if let Some(a) = account {
        e["account"] = json!(a);
    }
    e
}

/// A coupon: a percentage or an amount off, once, forever or for some months.
pub fn coupon(id: &str, p: &Value, livemode: bool, now: i64) -> Value {
    let int = |k: &str| p.get(k).and_then(Value::as_str).and_then(|s| s.parse::<i64>().ok());
    let percent = p.get("percent_off").and_then(Value::as_str).and_then(|s| s.parse::<f64>().ok());
    json!({
        "id": id, "object": "coupon", "amount_off": int("amount_off"), "applies_to": null, "created": now,
        "currency": if int("amount_off").is_some() { p.get("currency").cloned().unwrap_or(json!("usd")) } else { Value::Null },
        "currency_options": null, "duration": p.get("duration").cloned().unwrap_or(json!("once")),
        "duration_in_months": int("duration_in_months"), "livemode": livemode,
        "max_redemptions": int("max_redemptions"), "metadata": p.get("metadata").cloned().unwrap_or(json!({})),
        "name": p.get("name").cloned().unwrap_or(Value::Null), "percent_off": percent, "redeem_by": null,
        "times_redeemed": 0, "valid": true
    })
}

/// A customer-facing code for a coupon (`promotion.coupon` is the coupon's id unless expanded).
pub fn promotion_code(id: &str, code: &str, coupon: &str, p: &Value, livemode: bool, now: i64) -> Value {
    let max = p.get("max_redemptions").and_then(Value::as_str).and_then(|s| s.parse::<i64>().ok());
    json!({
        "id": id, "object": "promotion_code", "active": true, "code": code, "created": now, "customer": null,
        "customer_account": null, "expires_at": null, "livemode": livemode, "max_redemptions": max,
        "metadata": p.get("metadata").cloned().unwrap_or(json!({})),
        "promotion": {"coupon": coupon, "type": "coupon"},
        "restrictions": {"currency_options": null, "first_time_transaction": false, "minimum_amount": null,
            "minimum_amount_currency": null},
        "times_redeemed": 0
    })
}

/// A discount of `coupon` applied by a promotion code (on a subscription, an invoice, a session).
pub fn discount(
    id: &str,
    promo: &Value,
    coupon: &Value,
    customer: &str,
    sub: Option<&str>,
    session: &str,
    now: i64,
) -> Value {
    let end = match (coupon["duration"].as_str(), coupon["duration_in_months"].as_i64()) {
        (Some("repeating"), Some(m)) => Value::from(crate::stripe::ops::months_after(now, m)),
        _ => Value::Null,
    };
    json!({
        "id": id, "object": "discount", "checkout_session": session, "customer": customer,
        "customer_account": null, "end": end, "invoice": null, "invoice_item": null,
        "promotion_code": promo["id"], "source": {"coupon": coupon["id"], "type": "coupon"},
        "start": now, "subscription": sub, "subscription_item": null
    })
}

/// What a coupon takes off `amount`.
pub fn discount_amount(coupon: &Value, amount: i64) -> i64 {
    let off = match (coupon["percent_off"].as_f64(), coupon["amount_off"].as_i64()) {
        // Stripe rounds a percentage to the nearest unit.
        (Some(pct), _) => ((amount as f64) * pct / 100.0).round() as i64,
        (None, Some(a)) => a,
        (None, None) => 0,
    };
    off.clamp(0, amount.max(0))
}
