//! Subscription schedules, as far as a plan change at the period end needs them: made from a
//! subscription, phases rewritten, released; a phase boundary reached by the clock switches
//! the subscription's price (see [`enter_next_phase`]).

use super::new_id;
use super::objects as obj;
use super::ops::{self, emit, get, months_after, period_end, Ctx, StripeError};
use super::State;
use serde_json::{json, Value};

fn live(schedule: &Value) -> bool {
    matches!(schedule["status"].as_str(), Some("active" | "not_started"))
}

/// `POST /v1/subscription_schedules` with `from_subscription` (the only form modelled): one
/// phase mirroring the subscription's current period.
pub fn create(s: &mut State, c: &Ctx, p: &Value) -> Result<Value, StripeError> {
    let Some(sub_id) = p.get("from_subscription").and_then(Value::as_str) else {
        return Err(StripeError::invalid(
            "from_subscription",
            "The simulator makes subscription schedules from an existing subscription only.",
        ));
    };
    if p.get("phases").is_some() {
        return Err(StripeError::invalid("phases", "You cannot set `phases` if `from_subscription` is set."));
    }
    let mut sub = get(s, c, "subscription", sub_id)
        .map_err(|_| StripeError::no_such("subscription", sub_id, "from_subscription"))?;
    if !matches!(sub["status"].as_str(), Some("active" | "trialing" | "past_due")) {
        return Err(StripeError::invalid("from_subscription", "The subscription is not active."));
    }
    if !sub["schedule"].is_null() {
        return Err(StripeError::invalid(
            "from_subscription",
            format!("The subscription {sub_id} is already attached to a schedule."),
        ));
    }
    if sub["cancel_at_period_end"] == true {
        return Err(StripeError::invalid(
            "from_subscription",
            "You cannot migrate a subscription that is scheduled to cancel to a subscription schedule.",
        ));
    }
    let item = &sub["items"]["data"][0];
    let (start, end) =
        (item["current_period_start"].as_i64().unwrap_or(c.now), item["current_period_end"].as_i64().unwrap_or(c.now));
    let phase = obj::schedule_phase(&item["price"], start, end, "create_prorations");
    let schedule =
        ops::put(s, c, obj::subscription_schedule(&new_id("sub_sched"), &sub, vec![phase], c.livemode, c.now));
    let before = sub.clone();
    sub["schedule"] = schedule["id"].clone();
    let sub = ops::put(s, c, sub);
    emit(s, c, "subscription_schedule.created", schedule.clone(), None);
    emit(s, c, "customer.subscription.updated", sub, Some(json!({"schedule": before["schedule"]})));
    Ok(schedule)
}

/// A phase's end: its `end_date`, or `duration` after `start`.
fn phase_end(phase: &Value, start: i64, price: &Value, i: usize) -> Result<i64, StripeError> {
    let param = |f: &str| format!("phases[{i}][{f}]");
    if let Some(end) = phase.get("end_date").and_then(Value::as_str) {
        return end.parse().map_err(|_| StripeError::invalid(&param("end_date"), "Invalid timestamp"));
    }
    let Some(duration) = phase.get("duration") else {
        // Without either, a phase lasts one billing period of its price (Stripe's default).
        return Ok(period_end(start, price));
    };
    let count: i64 = duration.get("interval_count").and_then(Value::as_str).unwrap_or("1").parse().unwrap_or(0);
    if count < 1 {
        return Err(StripeError::invalid(&param("duration][interval_count"), "Must be at least 1."));
    }
    match duration.get("interval").and_then(Value::as_str) {
        Some("month") => Ok(months_after(start, count)),
        Some("year") => Ok(months_after(start, count.saturating_mul(12))),
        Some("week") => Ok(start.saturating_add(count.saturating_mul(7 * 86_400))),
        Some("day") => Ok(start.saturating_add(count.saturating_mul(86_400))),
        _ => Err(StripeError::missing(&param("duration][interval"))),
    }
}

/// `POST /v1/subscription_schedules/{id}`: new phases (the current one keeps its start and
/// its price: the simulator models changes that wait for a phase boundary), `end_behavior`.
pub fn update(s: &mut State, c: &Ctx, id: &str, p: &Value) -> Result<Value, StripeError> {
    let mut schedule = get(s, c, "subscription_schedule", id)?;
    if !live(&schedule) {
        return Err(StripeError::invalid(
            "schedule",
            format!("You cannot update a subscription schedule that is {}.", schedule["status"].as_str().unwrap_or("")),
        ));
    }
    if let Some(b) = p.get("end_behavior").and_then(Value::as_str) {
        if !matches!(b, "release" | "cancel") {
            return Err(StripeError::invalid("end_behavior", format!("Invalid end_behavior: {b}")));
        }
        schedule["end_behavior"] = json!(b);
    }
    if let Some(b) = p.get("proration_behavior").and_then(Value::as_str) {
        if !matches!(b, "always_invoice" | "create_prorations" | "none") {
            return Err(StripeError::invalid("proration_behavior", format!("Invalid proration_behavior: {b}")));
        }
    }
    if let Some(phases) = p.get("phases") {
        let phases = phases.as_array().filter(|a| !a.is_empty()).ok_or_else(|| StripeError::missing("phases"))?;
        let current = &schedule["phases"][0];
        let mut made = Vec::new();
        let mut start = current["start_date"].as_i64().unwrap_or(c.now);
        for (i, phase) in phases.iter().enumerate() {
            if i == 0 {
                let given = phase.get("start_date").and_then(Value::as_str);
                if given.is_some_and(|g| g != "now" && g.parse::<i64>().ok() != Some(start)) {
                    return Err(StripeError::invalid(
                        "phases[0][start_date]",
                        "You can not modify the start date of the current phase.",
                    ));
                }
            }
            let items = phase
                .get("items")
                .and_then(Value::as_array)
                .ok_or_else(|| StripeError::missing(&format!("phases[{i}][items]")))?;
            let [item] = items.as_slice() else {
                return Err(StripeError::invalid(
                    &format!("phases[{i}][items]"),
                    "The simulator supports exactly one item per phase.",
                ));
            };
            let price_id = item
                .get("price")
                .and_then(Value::as_str)
                .ok_or_else(|| StripeError::missing(&format!("phases[{i}][items][0][price]")))?;
            let price = get(s, c, "price", price_id)
                .map_err(|_| StripeError::no_such("price", price_id, &format!("phases[{i}][items][0][price]")))?;
            if price["type"] != "recurring" || price["active"] != true {
                return Err(StripeError::invalid(
                    &format!("phases[{i}][items][0][price]"),
                    "The price must be an active recurring price.",
                ));
            }
            if i == 0 && current["items"][0]["price"] != price["id"] {
                return Err(StripeError::invalid(
                    "phases[0][items]",
                    "The simulator does not change the current phase's price: change the subscription itself.",
                ));
            }
            let end = phase_end(phase, start, &price, i)?;
            if end <= start {
                return Err(StripeError::invalid(
                    &format!("phases[{i}][end_date]"),
                    "The phase must end after it starts.",
                ));
            }
            let behavior = phase.get("proration_behavior").and_then(Value::as_str).unwrap_or("create_prorations");
            made.push(obj::schedule_phase(&price, start, end, behavior));
            start = end;
        }
        schedule["current_phase"] = json!({"start_date": made[0]["start_date"], "end_date": made[0]["end_date"]});
        schedule["phases"] = json!(made);
    }
    let schedule = ops::put(s, c, schedule);
    emit(s, c, "subscription_schedule.updated", schedule.clone(), None);
    Ok(schedule)
}

/// `POST /v1/subscription_schedules/{id}/release`: the subscription goes on by itself.
pub fn release(s: &mut State, c: &Ctx, id: &str) -> Result<Value, StripeError> {
    let mut schedule = get(s, c, "subscription_schedule", id)?;
    if !live(&schedule) {
        return Err(StripeError::invalid(
            "schedule",
            format!(
                "You cannot release a subscription schedule that is currently {}.",
                schedule["status"].as_str().unwrap_or("")
            ),
        ));
    }
    let sub_id = schedule["subscription"].as_str().unwrap_or_default().to_owned();
    schedule["status"] = json!("released");
    schedule["released_at"] = json!(c.now);
    schedule["released_subscription"] = json!(sub_id);
    schedule["subscription"] = Value::Null;
    schedule["current_phase"] = Value::Null;
    let schedule = ops::put(s, c, schedule);
    if let Ok(mut sub) = get(s, c, "subscription", &sub_id) {
        sub["schedule"] = Value::Null;
        let sub = ops::put(s, c, sub);
        emit(s, c, "customer.subscription.updated", sub, Some(json!({"schedule": id})));
    }
    emit(s, c, "subscription_schedule.released", schedule.clone(), None);
    Ok(schedule)
}

/// At the end of `sub`'s period (`c.now`), its schedule moves on: the next phase's price
/// takes over (answered, for the renewal to bill), or after the last phase the schedule
/// is released or the subscription canceled (`end_behavior`). `None`: nothing changes the price.
pub fn enter_next_phase(s: &mut State, c: &Ctx, sub: &mut Value) -> Option<&'static str> {
    let id = sub["schedule"].as_str()?.to_owned();
    let mut schedule = get(s, c, "subscription_schedule", &id).ok().filter(live)?;
    let phases = schedule["phases"].as_array().cloned().unwrap_or_default();
    let next = phases.iter().find(|p| p["start_date"].as_i64() == Some(c.now));
    match next {
        Some(phase) => {
            let price_id = phase["items"][0]["price"].as_str().unwrap_or_default().to_owned();
            let price = get(s, c, "price", &price_id).ok()?;
            let item = &mut sub["items"]["data"][0];
            item["plan"] = obj::subscription_item("", "", &price, 0, 0, 0)["plan"].clone();
            item["price"] = price;
            schedule["current_phase"] = json!({"start_date": phase["start_date"], "end_date": phase["end_date"]});
            ops::put(s, c, schedule);
            Some("phase")
        }
        None if phases.last().and_then(|p| p["end_date"].as_i64()).is_some_and(|end| end <= c.now) => {
            let canceling = schedule["end_behavior"] == "cancel";
            schedule["status"] = json!(if canceling { "canceled" } else { "released" });
            schedule["current_phase"] = Value::Null;
            if canceling {
                schedule["canceled_at"] = json!(c.now);
            } else {
                schedule["released_at"] = json!(c.now);
                schedule["released_subscription"] = sub["id"].clone();
                schedule["subscription"] = Value::Null;
            }
            let schedule = ops::put(s, c, schedule);
            sub["schedule"] = Value::Null;
            emit(
                s,
                c,
                if canceling { "subscription_schedule.canceled" } else { "subscription_schedule.released" },
                schedule,
                None,
            );
            Some(if canceling { "cancel" } else { "released" })
        }
        None => None,
    }
}
