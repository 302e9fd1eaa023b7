//! Pages a person clicks through: Checkout ("Pay" / "Cancel"), the customer portal (switch
//! plan, cancel at period end, renew) and Connect's consent page. Plain HTML forms, so a
//! browser test or an HTTP client can drive them alike.

use super::ops::{self, Ctx};
use super::Stripe;
use crate::server::{escape, local_url};
use axum::body::Bytes;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use dream_core::url::encode;
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{t}</title><link rel="icon" href="data:,"><style>body{{font-family:system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem}}
button{{padding:.6rem 1.2rem;margin:.3rem .3rem 0 0;font-size:1rem}}.card{{border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1rem 0}}
.muted{{color:#666}}</style></head><body><p class="muted">Local Stripe simulator</p><h1>{t}</h1>{body}</body></html>"#,
        t = escape(title)
    ))
}

fn not_found(what: &str) -> Response {
    (StatusCode::NOT_FOUND, page("Not found", &format!("<p>{}</p>", escape(what)))).into_response()
}

fn money(cents: i64, currency: &str) -> String {
    format!("{}.{:02} {}", cents / 100, cents % 100, currency.to_uppercase())
}

fn ctx(st: &Stripe, account: String, livemode: bool) -> Ctx {
    let now = st.now_for(&account);
    Ctx { account, livemode, now }
}

async fn checkout_page(State(st): State<Arc<Stripe>>, Path(id): Path<String>) -> Response {
    let found = ops::locate(&st.lock(), &id);
    let Some((account, livemode, session)) = found.filter(|(_, _, v)| v["object"] == "checkout.session") else {
        return not_found("No such Checkout Session.");
    };
    if session["status"] != "open" {
        return page("Checkout", "<p>This Checkout Session is no longer open.</p>").into_response();
    }
    let price_id = session["line_items_sim"][0]["price"].as_str().unwrap_or_default().to_owned();
    let c = ctx(&st, account, livemode);
    let (name, amount, every) = {
        let s = &mut st.lock();
        let price = ops::get(s, &c, "price", &price_id).unwrap_or(Value::Null);
        let product = ops::get(s, &c, "product", price["product"].as_str().unwrap_or_default()).unwrap_or(Value::Null);
        let every = price["recurring"]["interval"].as_str().map(|i| format!(" per {i}")).unwrap_or_default();
        (product["name"].as_str().unwrap_or("Product").to_owned(), price["unit_amount"].as_i64().unwrap_or(0), every)
    };
    let currency = session["currency"].as_str().unwrap_or("usd");
    // Stripe shows a code field only where the session allows promotion codes.
    let code = if session["allow_promotion_codes_sim"] == true {
        r#"<p><label for="promotion_code">Promotion code</label> <input id="promotion_code" name="promotion_code"></p>"#
    } else {
        ""
    };
    page(
        "Checkout",
        &format!(
            r#"<div class="card"><h2 id="product">{}</h2><p id="amount">{}{}</p></div>
<form method="post" action="/checkout/{id}/pay">{code}<button type="submit" id="pay">Pay</button></form>
<form method="post" action="/checkout/{id}/cancel"><button type="submit" id="cancel">Cancel</button></form>"#,
            escape(&name),
            money(amount, currency),
            escape(&every),
        ),
    )
    .into_response()
}

/// Pays a session; the form may carry a `promotion_code` (a plain POST pays without one).
async fn checkout_pay(State(st): State<Arc<Stripe>>, Path(id): Path<String>, body: Bytes) -> Response {
    let found = ops::locate(&st.lock(), &id);
    let Some((account, livemode, _)) = found else { return not_found("No such Checkout Session.") };
    let c = ctx(&st, account, livemode);
    let form = std::str::from_utf8(&body).ok().and_then(|b| super::form::decode(b).ok()).unwrap_or(Value::Null);
    let code = form.get("promotion_code").and_then(Value::as_str);
    let done = ops::checkout_complete(&mut st.lock(), &c, &id, code);
    st.flush().await;
    match done {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => {
            (StatusCode::BAD_REQUEST, page("Checkout", &format!("<p>{}</p>", escape(&e.message)))).into_response()
        }
    }
}

async fn checkout_cancel(State(st): State<Arc<Stripe>>, Path(id): Path<String>) -> Response {
    match ops::locate(&st.lock(), &id) {
        Some((_, _, s)) if s["object"] == "checkout.session" => {
            Redirect::to(s["cancel_url"].as_str().unwrap_or("/")).into_response()
        }
        _ => not_found("No such Checkout Session."),
    }
}

fn portal_session(st: &Stripe, id: &str) -> Option<(Ctx, Value)> {
    let (account, livemode, v) = ops::locate(&st.lock(), id)?;
    (v["object"] == "billing_portal.session").then(|| (ctx(st, account, livemode), v))
}

async fn portal_page(State(st): State<Arc<Stripe>>, Path(id): Path<String>) -> Response {
    let Some((c, session)) = portal_session(&st, &id) else { return not_found("No such portal session.") };
    let customer = session["customer"].as_str().unwrap_or_default();
    let (subs, prices, products) = {
        let s = &mut st.lock();
        let all = |s: &mut super::State, kind: &str| {
            ops::list(s, &c, kind, &serde_json::json!({"limit": "100"}), |_| true).map(|l| l.0).unwrap_or_default()
        };
        (all(s, "subscription"), all(s, "price"), all(s, "product"))
    };
    let name_of = |product: &Value| {
        products.iter().find(|p| p["id"] == *product).and_then(|p| p["name"].as_str()).unwrap_or("Plan").to_owned()
    };
    let mut body = String::new();
    for sub in subs.iter().filter(|s| s["customer"] == customer && s["status"] != "canceled") {
        let sid = sub["id"].as_str().unwrap_or_default();
        let price = &sub["items"]["data"][0]["price"];
        let end = sub["items"]["data"][0]["current_period_end"].as_i64().unwrap_or(0);
        let canceling = sub["cancel_at_period_end"] == true;
        body += &format!(
            r#"<div class="card" data-subscription="{sid}"><h2>{}</h2><p>{} per month · status <b class="status">{}</b></p>
<p class="period">{} {}</p>"#,
            escape(&name_of(&price["product"])),
            money(price["unit_amount"].as_i64().unwrap_or(0), price["currency"].as_str().unwrap_or("usd")),
            escape(sub["status"].as_str().unwrap_or("")),
            if canceling { "Cancels at period end:" } else { "Renews:" },
            dream_core::period::rfc3339(end * 1000),
        );
        let action = if canceling { ("renew", "Don't cancel") } else { ("cancel", "Cancel plan") };
        body += &format!(
            r#"<form method="post" action="/portal/{id}/subscriptions/{sid}/{}"><button type="submit" id="{}">{}</button></form>"#,
            action.0, action.0, action.1
        );
        for other in prices.iter().filter(|p| p["active"] == true && p["type"] == "recurring" && p["id"] != price["id"])
        {
            body += &format!(
                r#"<form method="post" action="/portal/{id}/subscriptions/{sid}/switch"><input type="hidden" name="price" value="{}"><button type="submit">Switch to {} ({})</button></form>"#,
                escape(other["id"].as_str().unwrap_or("")),
                escape(&name_of(&other["product"])),
                money(other["unit_amount"].as_i64().unwrap_or(0), other["currency"].as_str().unwrap_or("usd")),
            );
        }
        body += "</div>";
    }
    if body.is_empty() {
        body = "<p>No active subscriptions.</p>".into();
    }
    if let Some(r) = session["return_url"].as_str() {
        body += &format!(r#"<p><a id="return" href="{}">Return</a></p>"#, escape(r));
    }
    page("Manage your plan", &body).into_response()
}

#[derive(Deserialize)]
struct Switch {
    price: Option<String>,
}

async fn portal_action(
    State(st): State<Arc<Stripe>>,
    Path((id, sub, action)): Path<(String, String, String)>,
    Form(f): Form<Switch>,
) -> Response {
    let Some((c, session)) = portal_session(&st, &id) else { return not_found("No such portal session.") };
    let result = {
        let s = &mut st.lock();
        match ops::get(s, &c, "subscription", &sub) {
            Ok(v) if v["customer"] == session["customer"] => match (action.as_str(), f.price) {
                ("cancel", _) => {
                    ops::subscription_update(s, &c, &sub, &serde_json::json!({"cancel_at_period_end": "true"}))
                }
                ("renew", _) => {
                    ops::subscription_update(s, &c, &sub, &serde_json::json!({"cancel_at_period_end": "false"}))
                }
                ("switch", Some(p)) => {
                    ops::subscription_update(s, &c, &sub, &serde_json::json!({"items": [{"price": p}]}))
                }
                _ => return not_found("No such action."),
            },
            _ => return not_found("No such subscription."),
        }
    };
    st.flush().await;
    match result {
        Ok(_) => Redirect::to(&format!("/portal/{id}")).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, page("Manage your plan", &format!("<p>{}</p>", escape(&e.message))))
            .into_response(),
    }
}

#[derive(Deserialize)]
struct Authorize {
    client_id: Option<String>,
    state: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    response_type: Option<String>,
}

fn redirect_with(uri: &str, params: &[(&str, &str)]) -> Response {
    let sep = if uri.contains('?') { '&' } else { '?' };
    let q: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    Redirect::to(&format!("{uri}{sep}{}", q.join("&"))).into_response()
}

fn check_authorize(st: &Stripe, a: &Authorize) -> Result<String, String> {
    if a.client_id.as_deref() != Some(st.setup.client_id.as_str()) {
        return Err("Invalid client_id: no such application.".into());
    }
    if a.response_type.as_deref().unwrap_or("code") != "code" {
        return Err("response_type must be code.".into());
    }
    if !matches!(a.scope.as_deref().unwrap_or("read_only"), "read_only" | "read_write") {
        return Err("scope must be read_only or read_write.".into());
    }
    match a.redirect_uri.as_deref() {
        Some(u) if local_url(u) || u.starts_with("https://") => Ok(u.to_owned()),
        _ => Err("redirect_uri is missing or not allowed.".into()),
    }
}

async fn authorize_page(State(st): State<Arc<Stripe>>, Query(a): Query<Authorize>) -> Response {
    if let Err(e) = check_authorize(&st, &a) {
        return (StatusCode::BAD_REQUEST, page("Connect", &format!("<p>{}</p>", escape(&e)))).into_response();
    }
    let hidden = |k: &str, v: &Option<String>| {
        format!(r#"<input type="hidden" name="{k}" value="{}">"#, escape(v.as_deref().unwrap_or("")))
    };
    let fields = [
        hidden("client_id", &a.client_id),
        hidden("state", &a.state),
        hidden("redirect_uri", &a.redirect_uri),
        hidden("scope", &a.scope),
        hidden("response_type", &a.response_type),
    ]
    .concat();
    page(
        "Connect with dream-api",
        &format!(
            r#"<p>dream-api would like to create products, prices and Checkout Sessions on your Stripe account.</p>
<form method="post" action="/oauth/authorize">{fields}<input type="hidden" name="decision" value="allow"><button type="submit" id="connect">Connect my Stripe account</button></form>
<form method="post" action="/oauth/authorize">{fields}<input type="hidden" name="decision" value="deny"><button type="submit" id="deny">Deny</button></form>"#
        ),
    )
    .into_response()
}

#[derive(Deserialize)]
struct Decision {
    client_id: Option<String>,
    state: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    response_type: Option<String>,
    decision: String,
    /// An account the person already has (signing in to it on Stripe's page): connecting
    /// it again gives the same account id, as Stripe does.
    #[serde(default)]
    account: Option<String>,
}

async fn authorize_decide(State(st): State<Arc<Stripe>>, Form(d): Form<Decision>) -> Response {
    let a = Authorize {
        client_id: d.client_id,
        state: d.state,
        redirect_uri: d.redirect_uri,
        scope: d.scope,
        response_type: d.response_type,
    };
    let uri = match check_authorize(&st, &a) {
        Ok(u) => u,
        Err(e) => return (StatusCode::BAD_REQUEST, page("Connect", &format!("<p>{}</p>", escape(&e)))).into_response(),
    };
    let state = a.state.unwrap_or_default();
    if d.decision != "allow" {
        return redirect_with(
            &uri,
            &[("error", "access_denied"), ("error_description", "The user denied your request"), ("state", &state)],
        );
    }
    let (_, code) = super::api::grant_code(&st, d.account.as_deref());
    redirect_with(&uri, &[("code", &code), ("scope", a.scope.as_deref().unwrap_or("read_only")), ("state", &state)])
}

/// Routes of the hosted pages.
pub fn router() -> Router<Arc<Stripe>> {
    Router::new()
        .route("/checkout/{id}", get(checkout_page))
        .route("/checkout/{id}/pay", post(checkout_pay))
        .route("/checkout/{id}/cancel", post(checkout_cancel))
        .route("/portal/{id}", get(portal_page))
        .route("/portal/{id}/subscriptions/{sub}/{action}", post(portal_action))
        .route("/oauth/authorize", get(authorize_page).post(authorize_decide))
}
