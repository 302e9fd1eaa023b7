//! What each simulated Stripe call does to the state, and the events it emits.

use super::objects as obj;
use super::{new_id, schedules, Book, State, PLATFORM_ACCOUNT};
use serde_json::{json, Value};

/// A Stripe error object with its HTTP status.
#[derive(Debug, Clone)]
pub struct StripeError {
    pub status: u16,
    pub kind: &'static str,
    pub code: Option<&'static str>,
    pub message: String,
    pub param: Option<String>,
}

impl StripeError {
    /// 400 `invalid_request_error` about `param`.
    pub fn invalid(param: &str, message: impl Into<String>) -> Self {
        StripeError {
            status: 400,
            kind: "invalid_request_error",
            code: Some("parameter_invalid"),
            message: message.into(),
            param: Some(param.into()),
        }
    }
    /// 400 for a required parameter that is absent.
    pub fn missing(param: &str) -> Self {
        StripeError {
            code: Some("parameter_missing"),
            ..Self::invalid(param, format!("Missing required param: {param}."))
        }
    }
    /// 404 `resource_missing`.
    pub fn no_such(what: &str, id: &str, param: &str) -> Self {
        StripeError {
            status: 404,
            kind: "invalid_request_error",
            code: Some("resource_missing"),
            message: format!("No such {what}: '{id}'"),
            param: Some(param.into()),
        }
    }
    /// The JSON body Stripe sends.
    pub fn body(&self) -> Value {
        let mut e = json!({"type": self.kind, "message": self.message});
        if let Some(c) = self.code {
            e["code"] = json!(c);
        }
        if let Some(p) = &self.param {
            e["param"] = json!(p);
        }
        json!({ "error": e })
    }
}

/// Who a call acts for: an account in a mode.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub account: String,
    pub livemode: bool,
    pub now: i64,
}

pub(crate) fn str_param<'a>(p: &'a Value, name: &str) -> Option<&'a str> {
    p.get(name).and_then(Value::as_str)
}

fn required<'a>(p: &'a Value, name: &str) -> Result<&'a str, StripeError> {
    str_param(p, name).filter(|s| !s.is_empty()).ok_or_else(|| StripeError::missing(name))
}

pub(crate) fn int_param(p: &Value, name: &str) -> Result<Option<i64>, StripeError> {
    match str_param(p, name) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| StripeError::invalid(name, format!("Invalid integer: {s}"))),
    }
}

fn bool_param(p: &Value, name: &str) -> Result<Option<bool>, StripeError> {
    match str_param(p, name) {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(s) => Err(StripeError::invalid(name, format!("Invalid boolean: {s}"))),
    }
}

pub(crate) fn metadata(p: &Value, name: &str) -> Result<Value, StripeError> {
    match p.get(name) {
        None => Ok(json!({})),
        Some(Value::Object(m)) if m.values().all(Value::is_string) => Ok(Value::Object(m.clone())),
        Some(Value::String(s)) if s.is_empty() => Ok(json!({})),
        Some(_) => Err(StripeError::invalid(name, "Invalid hash")),
    }
}

fn merge_metadata(target: &mut Value, p: &Value, name: &str) -> Result<(), StripeError> {
    let m = metadata(p, name)?;
    if let (Some(t), Value::Object(m)) = (target.as_object_mut(), m) {
        for (k, v) in m {
            if v.as_str() == Some("") {
                t.remove(&k);
            } else {
                t.insert(k, v);
            }
        }
    }
    Ok(())
}

fn book<'a>(s: &'a mut State, c: &Ctx) -> &'a mut Book {
    s.books.entry((c.account.clone(), c.livemode)).or_default()
}

/// The object `id` of kind `object` in the caller's book.
pub fn get(s: &mut State, c: &Ctx, object: &str, id: &str) -> Result<Value, StripeError> {
    book(s, c)
        .objects
        .get(id)
        .filter(|o| o["object"] == object)
        .cloned()
        .ok_or_else(|| StripeError::no_such(object.rsplit('.').next().unwrap_or(object), id, "id"))
}

pub(crate) fn put(s: &mut State, c: &Ctx, v: Value) -> Value {
    let id = v["id"].as_str().unwrap_or_default().to_owned();
    book(s, c).objects.insert(id, v.clone());
    v
}

/// Records an event and queues it for delivery.
pub fn emit(s: &mut State, c: &Ctx, kind: &str, object: Value, previous: Option<Value>) {
    let account = (c.account != PLATFORM_ACCOUNT).then_some(c.account.as_str());
    let e = obj::event(&new_id("evt"), kind, public(object), previous, account, c.livemode, c.now);
    put(s, c, e.clone());
    s.outbox.push(e);
}

/// Objects of a kind in the caller's book matching `keep`, newest first, with `limit`.
pub fn list(
    s: &mut State,
    c: &Ctx,
    object: &str,
    p: &Value,
    keep: impl Fn(&Value) -> bool,
) -> Result<(Vec<Value>, bool), StripeError> {
    let limit = int_param(p, "limit")?.unwrap_or(10);
    if !(1..=100).contains(&limit) {
        return Err(StripeError::invalid("limit", "limit must be between 1 and 100"));
    }
    let mut all: Vec<Value> =
        book(s, c).objects.values().filter(|o| o["object"] == object && keep(o)).cloned().collect();
    // Newest first, as Stripe lists; ties in a second by id, so pages never overlap.
    all.sort_by(|a, b| {
        let key = |o: &Value| (o["created"].as_i64().unwrap_or(0), o["id"].as_str().unwrap_or_default().to_owned());
        key(b).cmp(&key(a))
    });
    if let Some(after) = str_param(p, "starting_after") {
        let at = all.iter().position(|o| o["id"] == after).ok_or_else(|| {
            StripeError::no_such(object.rsplit('.').next().unwrap_or(object), after, "starting_after")
        })?;
        all.drain(..=at);
    }
    let has_more = all.len() > limit as usize;
    all.truncate(limit as usize);
    Ok((all, has_more))
}

pub fn product_create(s: &mut State, c: &Ctx, p: &Value) -> Result<Value, StripeError> {
    let name = required(p, "name")?;
    let mut v = obj::product(&new_id("prod"), name, metadata(p, "metadata")?, c.livemode, c.now);
    if let Some(d) = str_param(p, "description") {
        v["description"] = json!(d);
    }
    if let Some(a) = bool_param(p, "active")? {
        v["active"] = json!(a);
    }
    Ok(put(s, c, v))
}

pub fn product_update(s: &mut State, c: &Ctx, id: &str, p: &Value) -> Result<Value, StripeError> {
    let mut v = get(s, c, "product", id)?;
    if let Some(n) = str_param(p, "name") {
        v["name"] = json!(n);
    }
    if let Some(d) = str_param(p, "description") {
        v["description"] = json!(d);
    }
    if let Some(a) = bool_param(p, "active")? {
        v["active"] = json!(a);
    }
    if let Some(dp) = str_param(p, "default_price") {
        let price = get(s, c, "price", dp).map_err(|_| StripeError::no_such("price", dp, "default_price"))?;
        if price["product"] != v["id"] {
            return Err(StripeError::invalid("default_price", "The price must belong to this product."));
        }
        v["default_price"] = json!(dp);
    }
    merge_metadata(&mut v["metadata"], p, "metadata")?;
    v["updated"] = json!(c.now);
    Ok(put(s, c, v))
}

pub fn price_create(s: &mut State, c: &Ctx, p: &Value) -> Result<Value, StripeError> {
    let product = required(p, "product")?;
    get(s, c, "product", product).map_err(|_| StripeError::no_such("product", product, "product"))?;
    let currency = required(p, "currency")?.to_ascii_lowercase();
    if currency.len() != 3 {
        return Err(StripeError::invalid("currency", format!("Invalid currency: {currency}")));
    }
    let amount = int_param(p, "unit_amount")?.ok_or_else(|| StripeError::missing("unit_amount"))?;
    if amount < 0 {
        return Err(StripeError::invalid("unit_amount", "This value must be greater than or equal to 0."));
    }
    let interval = match p.get("recurring") {
        None => None,
        Some(r) => match str_param(r, "interval") {
            Some(i @ ("day" | "week" | "month" | "year")) => Some(i),
            Some(i) => return Err(StripeError::invalid("recurring[interval]", format!("Invalid interval: {i}"))),
            None => return Err(StripeError::missing("recurring[interval]")),
        },
    };
    let mut v =
        obj::price(&new_id("price"), product, amount, &currency, interval, metadata(p, "metadata")?, c.livemode, c.now);
    if let Some(n) = str_param(p, "nickname") {
        v["nickname"] = json!(n);
    }
    Ok(put(s, c, v))
}

pub fn price_update(s: &mut State, c: &Ctx, id: &str, p: &Value) -> Result<Value, StripeError> {
    let mut v = get(s, c, "price", id)?;
    if let Some(a) = bool_param(p, "active")? {
        v["active"] = json!(a);
    }
    if let Some(n) = str_param(p, "nickname") {
        v["nickname"] = json!(n);
    }
    merge_metadata(&mut v["metadata"], p, "metadata")?;
    Ok(put(s, c, v))
}

pub fn customer_create(s: &mut State, c: &Ctx, p: &Value) -> Result<Value, StripeError> {
    let v = obj::customer(&new_id("cus"), str_param(p, "email"), metadata(p, "metadata")?, c.livemode, c.now);
    let v = put(s, c, v);
    emit(s, c, "customer.created", v.clone(), None);
    Ok(v)
}

fn http_url(p: &Value, name: &str) -> Result<String, StripeError> {
    let u = required(p, name)?;
    if !(u.starts_with("http://") || u.starts_with("https://")) {
        return Err(StripeError::invalid(name, "Not a valid URL"));
    }
    Ok(u.to_owned())
}

pub fn checkout_create(s: &mut State, c: &Ctx, p: &Value, base_url: &str) -> Result<Value, StripeError> {
    let mode = required(p, "mode")?;
    if !matches!(mode, "subscription" | "payment") {
        return Err(StripeError::invalid("mode", format!("Invalid mode: {mode}")));
    }
    http_url(p, "success_url")?;
    if p.get("cancel_url").is_some() {
        http_url(p, "cancel_url")?;
    }
    let items = p.get("line_items").and_then(Value::as_array).ok_or_else(|| StripeError::missing("line_items"))?;
    // A subscription: one recurring price. A payment: up to 100 one-time prices, with quantities.
    let most = if mode == "subscription" { 1 } else { 100 };
    if items.is_empty() || items.len() > most {
        return Err(StripeError::invalid(
            "line_items",
            if mode == "subscription" {
                "The simulator supports exactly one line item in subscription mode.".to_owned()
            } else {
                "A payment has 1-100 line items.".to_owned()
            },
        ));
    }
    let mut lines = Vec::with_capacity(items.len());
    let (mut amount, mut currency) = (0i64, None::<String>);
    for (n, item) in items.iter().enumerate() {
        let field = |f: &str| format!("line_items[{n}][{f}]");
        let price_id = required(item, "price").map_err(|_| StripeError::missing(&field("price")))?;
        let price =
            get(s, c, "price", price_id).map_err(|_| StripeError::no_such("price", price_id, &field("price")))?;
        if price["active"] != true {
            return Err(StripeError::invalid(&field("price"), format!("The price specified is inactive: {price_id}")));
        }
        let recurring = price["type"] == "recurring";
        if recurring != (mode == "subscription") {
            return Err(StripeError::invalid(
                &field("price"),
                if recurring {
                    "You specified `payment` mode but passed a recurring price."
                } else {
                    "You must provide at least one recurring price in `subscription` mode when using prices."
                },
            ));
        }
        let quantity = int_param(item, "quantity")?.unwrap_or(1);
        if mode == "subscription" && quantity != 1 {
            return Err(StripeError::invalid(&field("quantity"), "The simulator supports quantity 1."));
        }
        if !(1..=999_999).contains(&quantity) {
            return Err(StripeError::invalid(&field("quantity"), "Quantity must be 1-999999."));
        }
        let unit_currency = price["currency"].as_str().unwrap_or("usd").to_owned();
        if currency.as_ref().is_some_and(|c| *c != unit_currency) {
            return Err(StripeError::invalid(&field("price"), "All prices must be in the same currency."));
        }
        currency = Some(unit_currency);
        amount = amount.saturating_add(price["unit_amount"].as_i64().unwrap_or(0).saturating_mul(quantity));
        lines.push(json!({"price": price_id, "quantity": quantity}));
    }
    if let Some(cus) = str_param(p, "customer") {
        get(s, c, "customer", cus).map_err(|_| StripeError::no_such("customer", cus, "customer"))?;
    }
    let id = format!("cs_{}_{}", if c.livemode { "live" } else { "test" }, super::random(40));
    let currency = currency.unwrap_or_else(|| "usd".into());
    let mut v =
        obj::checkout_session(&id, &format!("{base_url}/checkout/{id}"), p, amount, &currency, c.livemode, c.now);
    // Stripe takes 30 minutes to 24 hours.
    if let Some(at) = int_param(p, "expires_at")? {
        if !(c.now + 1_800..=c.now + 86_400).contains(&at) {
            return Err(StripeError::invalid("expires_at", "expires_at must be 30 minutes to 24 hours from now."));
        }
        v["expires_at"] = json!(at);
    }
    // Kept for completing the session; Stripe keeps them server side too (not in the object).
    v["line_items_sim"] = json!(lines);
    v["subscription_data_sim"] = p.get("subscription_data").cloned().unwrap_or(json!({}));
    v["payment_intent_data_sim"] = p.get("payment_intent_data").cloned().unwrap_or(json!({}));
    v["allow_promotion_codes_sim"] = json!(bool_param(p, "allow_promotion_codes")?.unwrap_or(false));
    if let Some(m) = str_param(p, "payment_method_collection") {
        if !matches!(m, "always" | "if_required") {
            return Err(StripeError::invalid(
                "payment_method_collection",
                format!("Invalid payment_method_collection: {m}"),
            ));
        }
    }
    let v = put(s, c, v);
    Ok(public(v))
}

/// An object as the API shows it (without the simulator's own bookkeeping fields).
pub fn public(mut v: Value) -> Value {
    if let Some(m) = v.as_object_mut() {
        m.retain(|k, _| !k.ends_with("_sim"));
    }
    v
}

/// The account and mode holding object `id`, searched across all books (hosted pages
/// receive only an id).
pub fn locate(s: &State, id: &str) -> Option<(String, bool, Value)> {
    s.books.iter().find_map(|((a, l), b)| b.objects.get(id).map(|v| (a.clone(), *l, v.clone())))
}

/// `n` calendar months after `ts` (seconds), as Stripe anchors monthly and yearly billing.
fn add_months(ts: i64, n: u32) -> i64 {
    dream_core::period::add_months(ts * 1000, n) / 1000
}

/// The end of a period starting at `start` for a price's interval.
pub fn period_end(start: i64, price: &Value) -> i64 {
    match price["recurring"]["interval"].as_str() {
        Some("day") => start + 86_400,
        Some("week") => start + 7 * 86_400,
        Some("year") => add_months(start, 12),
        _ => add_months(start, 1),
    }
}

/// `m` calendar months after `ts` (seconds).
pub fn months_after(ts: i64, m: i64) -> i64 {
    add_months(ts, u32::try_from(m).unwrap_or(0))
}

/// The subscription's discount still in force at `c.now`, if any.
fn discount_in_force(s: &mut State, c: &Ctx, sub: &Value) -> Option<Value> {
    let id = sub["discounts"].as_array()?.first()?.as_str()?.to_owned();
    let d = book(s, c).objects.get(&id).cloned()?;
    d["end"].as_i64().is_none_or(|end| end > c.now).then_some(d)
}

/// An invoice for the subscription's current period, less `discount` (a discount object).
fn new_invoice(s: &mut State, c: &Ctx, sub: &Value, paid: bool, discount: Option<&Value>) -> Value {
    let item = &sub["items"]["data"][0];
    let amount = item["price"]["unit_amount"].as_i64().unwrap_or(0);
    let currency = item["price"]["currency"].as_str().unwrap_or("usd").to_owned();
    let (start, end) =
        (item["current_period_start"].as_i64().unwrap_or(0), item["current_period_end"].as_i64().unwrap_or(0));
    let customer = sub["customer"].as_str().unwrap_or_default().to_owned();
    let id = new_id("in");
    let mut inv = obj::invoice(&id, &customer, sub, amount, &currency, start, end, paid, c.livemode, c.now);
    if let Some(pending) = sub["pending_prorations_sim"].as_array().filter(|p| !p.is_empty()) {
        // Prorations made with `create_prorations` are billed by the next invoice.
        let mut lines = inv["lines"]["data"].as_array().cloned().unwrap_or_default();
        for (n, line) in pending.iter().enumerate() {
            let mut line = line.clone();
            line["invoice"] = json!(id);
            line["id"] = json!(format!("il_{}_p{n}", &id[3..]));
            lines.push(line);
        }
        inv = obj::invoice_of(&id, &customer, sub, lines, "subscription_cycle", paid, c.livemode, c.now);
    }
    if let Some(d) = discount {
        let coupon_id = d["source"]["coupon"].as_str().unwrap_or_default().to_owned();
        let coupon = book(s, c).objects.get(&coupon_id).cloned().unwrap_or(Value::Null);
        let off = obj::discount_amount(&coupon, amount);
        let total = amount - off;
        let amounts = json!([{"amount": off, "discount": d["id"]}]);
        inv["discounts"] = json!([d["id"]]);
        inv["total_discount_amounts"] = amounts.clone();
        inv["lines"]["data"][0]["discount_amounts"] = amounts;
        inv["lines"]["data"][0]["discounts"] = json!([d["id"]]);
        for k in ["amount_due", "total", "total_excluding_tax"] {
            inv[k] = json!(total);
        }
        inv["amount_paid"] = json!(if paid { total } else { 0 });
        inv["amount_remaining"] = json!(if paid { 0 } else { total });
    }
    put(s, c, inv)
}

/// Creates a coupon: `percent_off` (0-100] or `amount_off` with `currency`; `duration` once,
/// forever, or repeating with `duration_in_months`.
pub fn coupon_create(s: &mut State, c: &Ctx, p: &Value) -> Result<Value, StripeError> {
    let percent = match str_param(p, "percent_off") {
        None => None,
        Some(v) => Some(v.parse::<f64>().ok().filter(|x| *x > 0.0 && *x <= 100.0).ok_or_else(|| {
            StripeError::invalid("percent_off", "percent_off must be greater than 0 and at most 100.")
        })?),
    };
    let amount = int_param(p, "amount_off")?;
    match (percent, amount) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(StripeError::invalid("percent_off", "You must pass exactly one of percent_off or amount_off."))
        }
        (None, Some(a)) if a <= 0 => return Err(StripeError::invalid("amount_off", "amount_off must be positive.")),
        (None, Some(_)) if str_param(p, "currency").is_none() => return Err(StripeError::missing("currency")),
        _ => {}
    }
    let duration = str_param(p, "duration").unwrap_or("once");
    let months = int_param(p, "duration_in_months")?;
    match (duration, months) {
        ("repeating", Some(m)) if m > 0 => {}
        ("repeating", _) => return Err(StripeError::missing("duration_in_months")),
        ("once" | "forever", None) => {}
        ("once" | "forever", Some(_)) => {
            return Err(StripeError::invalid(
                "duration_in_months",
                "duration_in_months may only be passed when duration is repeating.",
            ))
        }
        (other, _) => return Err(StripeError::invalid("duration", format!("Invalid duration: {other}"))),
    }
    let id = str_param(p, "id").map(str::to_owned).unwrap_or_else(|| super::random(8));
    if book(s, c).objects.contains_key(&id) {
        return Err(StripeError {
            code: Some("resource_already_exists"),
            ..StripeError::invalid("id", "Coupon already exists.")
        });
    }
    Ok(put(s, c, obj::coupon(&id, p, c.livemode, c.now)))
}

/// Creates a promotion code for a coupon (`promotion[type]=coupon`, `promotion[coupon]`);
/// codes are unique among an account's active codes, case-insensitively.
pub fn promotion_code_create(s: &mut State, c: &Ctx, p: &Value) -> Result<Value, StripeError> {
    let promotion = p.get("promotion").ok_or_else(|| StripeError::missing("promotion"))?;
    if str_param(promotion, "type") != Some("coupon") {
        return Err(StripeError::invalid("promotion[type]", "promotion[type] must be coupon."));
    }
    let coupon_id = required(promotion, "coupon").map_err(|_| StripeError::missing("promotion[coupon]"))?;
    let coupon =
        get(s, c, "coupon", coupon_id).map_err(|_| StripeError::no_such("coupon", coupon_id, "promotion[coupon]"))?;
    let code = match str_param(p, "code") {
        Some(code) => code.to_owned(),
        None => super::random(8).to_uppercase(),
    };
    if code.is_empty() || code.len() > 500 || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(StripeError::invalid("code", "Invalid promotion code."));
    }
    if find_promotion_code(s, c, &code).is_some() {
        return Err(StripeError::invalid("code", "An active promotion code with `code` already exists."));
    }
    let coupon_id = coupon["id"].as_str().unwrap_or_default();
    Ok(put(s, c, obj::promotion_code(&new_id("promo"), &code, coupon_id, p, c.livemode, c.now)))
}

/// A promotion code as asked: with its coupon expanded where `expand` (under `prefix`) names it.
pub fn promotion_code_shown(s: &mut State, c: &Ctx, mut promo: Value, p: &Value, prefix: &str) -> Value {
    let want = format!("{prefix}promotion.coupon");
    let expand = p.get("expand").and_then(Value::as_array).is_some_and(|e| e.iter().any(|x| x.as_str() == Some(&want)));
    if expand {
        promo["promotion"]["coupon"] = coupon_of(s, c, &promo);
    }
    promo
}

/// The coupon a promotion code is for.
fn coupon_of(s: &mut State, c: &Ctx, promo: &Value) -> Value {
    let id = promo["promotion"]["coupon"].as_str().unwrap_or_default().to_owned();
    get(s, c, "coupon", &id).unwrap_or(Value::Null)
}

/// The active promotion code `code` (case-insensitive) of the caller's book.
pub fn find_promotion_code(s: &mut State, c: &Ctx, code: &str) -> Option<Value> {
    book(s, c)
        .objects
        .values()
        .find(|o| {
            o["object"] == "promotion_code"
                && o["active"] == true
                && o["code"].as_str().is_some_and(|k| k.eq_ignore_ascii_case(code))
        })
        .cloned()
}

/// Expires an open Checkout Session (it can no longer be paid), as Stripe's `expire` does.
pub fn checkout_expire(s: &mut State, c: &Ctx, id: &str) -> Result<Value, StripeError> {
    let mut session = get(s, c, "checkout.session", id)?;
    if session["status"] != "open" {
        let status = session["status"].as_str().unwrap_or_default().to_owned();
        return Err(StripeError::invalid(
            "session",
            format!("Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of \"{status}\"."),
        ));
    }
    session["status"] = json!("expired");
    let session = put(s, c, session);
    emit(s, c, "checkout.session.expired", public(session.clone()), None);
    Ok(public(session))
}

/// Completes a Checkout Session as if the person paid, with the promotion code they typed
/// (only where the session allows codes): customer, subscription, paid invoice and their
/// events. Returns the URL to send the browser to.
pub fn checkout_complete(s: &mut State, c: &Ctx, id: &str, code: Option<&str>) -> Result<String, StripeError> {
    let mut session = get(s, c, "checkout.session", id)?;
    if session["status"] != "open" || session["expires_at"].as_i64().is_some_and(|t| t <= c.now) {
        return Err(StripeError::invalid("session", "This Checkout Session is no longer open."));
    }
    let promo = match code.map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(_) if session["allow_promotion_codes_sim"] != true => {
            return Err(StripeError::invalid(
                "promotion_code",
                "This Checkout Session does not accept promotion codes.",
            ))
        }
        Some(k) => Some(
            find_promotion_code(s, c, k)
                .filter(|p| p["max_redemptions"].as_i64().is_none_or(|m| p["times_redeemed"].as_i64().unwrap_or(0) < m))
                .ok_or_else(|| StripeError::invalid("promotion_code", "This code is invalid."))?,
        ),
    };
    let customer = match session["customer"].as_str() {
        Some(cus) => cus.to_owned(),
        None => {
            let email = session["customer_email"].as_str().map(str::to_owned);
            let p = json!({"email": email});
            let cus = customer_create(s, c, &p)?;
            cus["id"].as_str().unwrap_or_default().to_owned()
        }
    };
    let price_id = session["line_items_sim"][0]["price"].as_str().unwrap_or_default().to_owned();
    let price = get(s, c, "price", &price_id)?;
    session["customer"] = json!(customer);
    session["status"] = json!("complete");
    session["payment_status"] = json!("paid");
    if session["mode"] == "payment" {
        session["payment_intent"] = json!(super::payments::paid(s, c, &session, &customer)?);
    }
    if session["mode"] == "subscription" {
        let sub_id = new_id("sub");
        let data = session["subscription_data_sim"].clone();
        let trial_days = int_param(&data, "trial_period_days")?.filter(|d| *d > 0);
        let end = match trial_days {
            Some(days) => c.now.saturating_add(days.saturating_mul(86_400)),
            None => period_end(c.now, &price),
        };
        let item = obj::subscription_item(&new_id("si"), &sub_id, &price, c.now, end, c.now);
        let md = metadata(&data, "metadata")?;
        let mut sub = obj::subscription(&sub_id, &customer, item, md, c.livemode, c.now, None);
        // Checkout collects a card unless a trial lets it skip one (`if_required`).
        let card = !(trial_days.is_some() && session["payment_method_collection"] == "if_required");
        if card {
            sub["default_payment_method"] = json!(new_id("pm"));
        }
        if trial_days.is_some() {
            let missing = data["trial_settings"]["end_behavior"]["missing_payment_method"]
                .as_str()
                .unwrap_or("create_invoice")
                .to_owned();
            if !matches!(missing.as_str(), "cancel" | "create_invoice" | "pause") {
                return Err(StripeError::invalid(
                    "subscription_data[trial_settings][end_behavior][missing_payment_method]",
                    format!("Invalid missing_payment_method: {missing}"),
                ));
            }
            sub["status"] = json!("trialing");
            sub["trial_start"] = json!(c.now);
            sub["trial_end"] = json!(end);
            sub["billing_cycle_anchor"] = json!(end);
            sub["trial_settings"] = json!({"end_behavior": {"missing_payment_method": missing}});
        }
        let coupon = promo.as_ref().map(|p| coupon_of(s, c, p)).unwrap_or(Value::Null);
        let discount = promo.as_ref().map(|p| {
            let d = obj::discount(&new_id("di"), p, &coupon, &customer, Some(&sub_id), id, c.now);
            put(s, c, d)
        });
        if let (Some(d), Some(p)) = (&discount, &promo) {
            // A `once` coupon is spent on the first invoice; others stay on the subscription.
            if coupon["duration"] != "once" {
                sub["discounts"] = json!([d["id"]]);
            }
            redeem(s, c, p);
            session["discounts"] = json!([{"coupon": null, "promotion_code": p["id"]}]);
        }
        let inv = if trial_days.is_some() {
            // A trial's first invoice is for nothing (Stripe still makes it).
            let item = &sub["items"]["data"][0];
            let currency = item["price"]["currency"].as_str().unwrap_or("usd").to_owned();
            let id = new_id("in");
            let line =
                obj::invoice_line(&id, 0, 0, &currency, Some("Trial period"), c.now, end, Value::Null, c.livemode);
            let inv = obj::invoice_of(&id, &customer, &sub, vec![line], "subscription_create", true, c.livemode, c.now);
            put(s, c, inv)
        } else {
            new_invoice(s, c, &sub, true, discount.as_ref())
        };
        session["amount_total"] = inv["total"].clone();
        sub["latest_invoice"] = inv["id"].clone();
        let sub = put(s, c, sub);
        emit(s, c, "customer.subscription.created", sub.clone(), None);
        emit(s, c, "invoice.paid", inv, None);
        session["subscription"] = sub["id"].clone();
    }
    let success = session["success_url"].as_str().unwrap_or_default().replace("{CHECKOUT_SESSION_ID}", id);
    let session = put(s, c, session);
    emit(s, c, "checkout.session.completed", public(session), None);
    Ok(success)
}

pub fn portal_configuration(s: &mut State, c: &Ctx) -> Value {
    let existing = book(s, c)
        .objects
        .values()
        .find(|o| o["object"] == "billing_portal.configuration" && o["is_default"] == true)
        .cloned();
    existing.unwrap_or_else(|| {
        let v = obj::portal_configuration(&new_id("bpc"), c.livemode, c.now);
        put(s, c, v)
    })
}

pub fn portal_session_create(s: &mut State, c: &Ctx, p: &Value, base_url: &str) -> Result<Value, StripeError> {
    let customer = required(p, "customer")?;
    get(s, c, "customer", customer).map_err(|_| StripeError::no_such("customer", customer, "customer"))?;
    let config = match str_param(p, "configuration") {
        Some(id) => get(s, c, "billing_portal.configuration", id)?,
        None => portal_configuration(s, c),
    };
    let return_url = match p.get("return_url") {
        Some(_) => json!(http_url(p, "return_url")?),
        None => config["default_return_url"].clone(),
    };
    let id = new_id("bps");
    let url = format!("{base_url}/portal/{id}");
    let v = obj::portal_session(
        &id,
        customer,
        config["id"].as_str().unwrap_or_default(),
        &return_url,
        &url,
        c.livemode,
        c.now,
    );
    Ok(put(s, c, v))
}

fn sub_changed(s: &mut State, c: &Ctx, before: &Value, after: Value, fields: &[&str]) -> Value {
    let previous: serde_json::Map<String, Value> =
        fields.iter().filter(|f| before[**f] != after[**f]).map(|f| ((*f).to_owned(), before[*f].clone())).collect();
    let after = put(s, c, after);
    if !previous.is_empty() {
        emit(s, c, "customer.subscription.updated", after.clone(), Some(Value::Object(previous)));
    }
    after
}

pub fn subscription_update(s: &mut State, c: &Ctx, id: &str, p: &Value) -> Result<Value, StripeError> {
    let before = get(s, c, "subscription", id)?;
    if before["status"] == "canceled" {
        return Err(StripeError::invalid("subscription", "A canceled subscription can only update its metadata."));
    }
    let proration = str_param(p, "proration_behavior").unwrap_or("create_prorations");
    if !matches!(proration, "always_invoice" | "create_prorations" | "none") {
        return Err(StripeError::invalid("proration_behavior", format!("Invalid proration_behavior: {proration}")));
    }
    if let Some(b) = str_param(p, "payment_behavior") {
        // The simulator's cards always pay, so every behaviour applies the change at once.
        if !matches!(b, "allow_incomplete" | "default_incomplete" | "error_if_incomplete" | "pending_if_incomplete") {
            return Err(StripeError::invalid("payment_behavior", format!("Invalid payment_behavior: {b}")));
        }
    }
    let mut v = before.clone();
    if let Some(cancel) = bool_param(p, "cancel_at_period_end")? {
        if let Some(schedule) = before["schedule"].as_str() {
            return Err(StripeError::invalid(
                "cancel_at_period_end",
                format!("The subscription is managed by the subscription schedule `{schedule}`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead."),
            ));
        }
        v["cancel_at_period_end"] = json!(cancel);
        let end = v["items"]["data"][0]["current_period_end"].clone();
        v["cancel_at"] = if cancel { end } else { Value::Null };
        v["canceled_at"] = if cancel { json!(c.now) } else { Value::Null };
    }
    if let Some(items) = p.get("items").and_then(Value::as_array) {
        let [item] = items.as_slice() else {
            return Err(StripeError::invalid("items", "Exactly one item is supported."));
        };
        let price_id = required(item, "price").map_err(|_| StripeError::missing("items[0][price]"))?;
        let price =
            get(s, c, "price", price_id).map_err(|_| StripeError::no_such("price", price_id, "items[0][price]"))?;
        if price["type"] != "recurring" || price["active"] != true {
            return Err(StripeError::invalid("items[0][price]", "The price must be an active recurring price."));
        }
        let current = &mut v["items"]["data"][0];
        if let Some(item_id) = str_param(item, "id") {
            if current["id"] != item_id {
                return Err(StripeError::no_such("subscription item", item_id, "items[0][id]"));
            }
        }
        current["plan"] = obj::subscription_item("", "", &price, 0, 0, 0)["plan"].clone();
        current["price"] = price;
    }
    merge_metadata(&mut v["metadata"], p, "metadata")?;
    let before_items = json!({"data": [before["items"]["data"][0]["price"]["id"]]});
    let price_changed = before["items"]["data"][0]["price"]["id"] != v["items"]["data"][0]["price"]["id"];
    let lines = if price_changed && proration != "none" { proration_lines(&before, &v, c) } else { vec![] };
    let mut invoice = None;
    if proration == "always_invoice" && !lines.is_empty() {
        let customer = v["customer"].as_str().unwrap_or_default().to_owned();
        let inv = obj::invoice_of(&new_id("in"), &customer, &v, lines, "subscription_update", true, c.livemode, c.now);
        v["latest_invoice"] = inv["id"].clone();
        invoice = Some(put(s, c, inv));
    } else if !lines.is_empty() {
        // `create_prorations`: pending until the next invoice bills them.
        let mut pending = v["pending_prorations_sim"].as_array().cloned().unwrap_or_default();
        pending.extend(lines);
        v["pending_prorations_sim"] = json!(pending);
    }
    let mut after = sub_changed(s, c, &before, v, &["cancel_at_period_end", "cancel_at", "canceled_at", "metadata"]);
    if price_changed {
        emit(s, c, "customer.subscription.updated", public(after.clone()), Some(json!({"items": before_items})));
        after = get(s, c, "subscription", id)?;
    }
    if let Some(inv) = invoice {
        emit(s, c, "invoice.paid", inv, None);
    }
    Ok(public(after))
}

/// The proration of a price change at `c.now`: a credit for the old price's unused time and
/// a charge for the new price's, each to the second as Stripe prorates. None while trialing.
fn proration_lines(before: &Value, after: &Value, c: &Ctx) -> Vec<Value> {
    let (old, new) = (&before["items"]["data"][0], &after["items"]["data"][0]);
    let (start, end) =
        (old["current_period_start"].as_i64().unwrap_or(0), old["current_period_end"].as_i64().unwrap_or(0));
    let (len, left) = (end.saturating_sub(start), end.saturating_sub(c.now));
    if before["status"] == "trialing" || len <= 0 || left <= 0 {
        return vec![];
    }
    let share = |amount: i64| i64::try_from(i128::from(amount) * i128::from(left) / i128::from(len)).unwrap_or(0);
    let currency = new["price"]["currency"].as_str().unwrap_or("usd");
    let (sub, item) = (after["id"].as_str().unwrap_or_default(), new["id"].as_str().unwrap_or_default());
    let parent = obj::proration_parent(sub, item);
    let line = |n: usize, amount: i64, what: &str| {
        obj::invoice_line("in_pending", n, amount, currency, Some(what), c.now, end, parent.clone(), c.livemode)
    };
    vec![
        line(0, -share(old["price"]["unit_amount"].as_i64().unwrap_or(0)), "Unused time on the previous price"),
        line(1, share(new["price"]["unit_amount"].as_i64().unwrap_or(0)), "Remaining time on the new price"),
    ]
}

pub fn subscription_cancel(s: &mut State, c: &Ctx, id: &str) -> Result<Value, StripeError> {
    let mut v = get(s, c, "subscription", id)?;
    if v["status"] == "canceled" {
        return Err(StripeError::invalid("subscription", format!("This subscription is already canceled: {id}")));
    }
    v["status"] = json!("canceled");
    v["ended_at"] = json!(c.now);
    if v["canceled_at"].is_null() {
        v["canceled_at"] = json!(c.now);
    }
    let v = put(s, c, v);
    emit(s, c, "customer.subscription.deleted", v.clone(), None);
    Ok(v)
}

/// Expires the open Checkout Sessions (of one account, or all) whose `expires_at` has passed,
/// as Stripe does, with `checkout.session.expired`.
pub fn expire_sessions(s: &mut State, wall: i64, only: Option<&str>) {
    let due: Vec<(String, bool, String)> = s
        .books
        .iter()
        .filter(|((a, _), _)| only.is_none_or(|o| o == a))
        .flat_map(|((a, l), b)| {
            let now = s.now_for(wall, a);
            b.objects
                .values()
                .filter(move |o| {
                    o["object"] == "checkout.session"
                        && o["status"] == "open"
                        && o["expires_at"].as_i64().is_some_and(|t| t <= now)
                })
                .map(move |o| (a.clone(), *l, o["id"].as_str().unwrap_or_default().to_owned()))
        })
        .collect();
    for (account, livemode, id) in due {
        let c = Ctx { account: account.clone(), livemode, now: s.now_for(wall, &account) };
        let _ = checkout_expire(s, &c, &id);
    }
}

/// Moves the books (of one account, or all) to their simulated now: subscriptions whose
/// period ended renew (a new paid or failed invoice) or, when set to cancel at period end, end.
pub fn roll_periods(s: &mut State, wall: i64, only: Option<&str>, fail_payments: bool) {
    let subs: Vec<(String, bool, Value)> = s
        .books
        .iter()
        .filter(|((a, _), _)| only.is_none_or(|o| o == a))
        .flat_map(|((a, l), b)| {
            b.objects.values().filter(|o| o["object"] == "subscription").map(move |o| (a.clone(), *l, o.clone()))
        })
        .filter(|(_, _, o)| matches!(o["status"].as_str(), Some("active" | "past_due" | "trialing")))
        .collect();
    for (account, livemode, mut sub) in subs {
        let now = s.now_for(wall, &account);
        let id = sub["id"].as_str().unwrap_or_default().to_owned();
        // Stripe's notice three days before a trial ends (at once for a shorter trial).
        let trial_end = sub["trial_end"].as_i64().filter(|_| sub["status"] == "trialing");
        if let Some(t) = trial_end.filter(|t| t.saturating_sub(3 * 86_400) <= now && sub["trial_will_end_sim"] != true)
        {
            sub["trial_will_end_sim"] = json!(true);
            let c = Ctx { account: account.clone(), livemode, now: t.saturating_sub(3 * 86_400).max(0) };
            let stored = put(s, &c, sub.clone());
            emit(s, &c, "customer.subscription.trial_will_end", public(stored), None);
        }
        loop {
            let end = sub["items"]["data"][0]["current_period_end"].as_i64().unwrap_or(i64::MAX);
            if end > now {
                break;
            }
            // Events carry the simulated instant the period ended.
            let c = Ctx { account: account.clone(), livemode, now: end };
            if sub["cancel_at_period_end"] == true {
                let _ = subscription_cancel(s, &c, &id);
                break;
            }
            let before = sub.clone();
            let trial_ending = sub["status"] == "trialing";
            let no_card = sub["default_payment_method"].is_null();
            if trial_ending && no_card && sub["trial_settings"]["end_behavior"]["missing_payment_method"] == "cancel" {
                // A trial without a card that nobody added one to ends (Stripe's `cancel`).
                put(s, &c, sub.clone());
                let _ = subscription_cancel(s, &c, &id);
                break;
            }
            if schedules::enter_next_phase(s, &c, &mut sub) == Some("cancel") {
                put(s, &c, sub.clone());
                let _ = subscription_cancel(s, &c, &id);
                break;
            }
            let price = sub["items"]["data"][0]["price"].clone();
            sub["items"]["data"][0]["current_period_start"] = json!(end);
            sub["items"]["data"][0]["current_period_end"] = json!(period_end(end, &price));
            let discount = discount_in_force(s, &c, &sub);
            let fails = fail_payments || (trial_ending && no_card);
            let inv = new_invoice(s, &c, &sub, !fails, discount.as_ref());
            if let Some(m) = sub.as_object_mut() {
                m.remove("pending_prorations_sim");
            }
            sub["latest_invoice"] = inv["id"].clone();
            sub["status"] = json!(if fails { "past_due" } else { "active" });
            let prev = json!({"items": before["items"], "latest_invoice": before["latest_invoice"], "status": before["status"]});
            let stored = put(s, &c, sub.clone());
            emit(s, &c, "customer.subscription.updated", stored, Some(prev));
            emit(s, &c, if fails { "invoice.payment_failed" } else { "invoice.paid" }, inv, None);
            if fails {
                break;
            }
        }
    }
}

/// Counts a redemption of a promotion code and its coupon.
fn redeem(s: &mut State, c: &Ctx, promo: &Value) {
    let coupon_id = promo["promotion"]["coupon"].as_str().unwrap_or_default().to_owned();
    let promo_id = promo["id"].as_str().unwrap_or_default().to_owned();
    for id in [promo_id, coupon_id] {
        if let Some(o) = book(s, c).objects.get_mut(&id) {
            o["times_redeemed"] = json!(o["times_redeemed"].as_i64().unwrap_or(0) + 1);
        }
    }
}
