//! The developer's own dream-api plan: `GET /api/developer/billing`, checkout and portal on
//! dream-api's Stripe account, and that account's webhook (`POST /api/developer/webhook/stripe`).
//! The plan and the month's live calls live in the developer's account object, which
//! api-multi's quota check reads (see `dream_services::quota`).

use crate::developer::Developer;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use dream_core::api::{
    DeveloperBilling, PendingCancelView, PlanCheckoutRequest, PlanView, RedirectUrl, ReturnUrl, SubscriptionView,
    WebhookAck,
};
use dream_core::kv_schema::{self, ProductMap};
use dream_core::meter::Snapshot;
use dream_core::period::rfc3339;
use dream_core::plans::{self, ACCOUNT_USER, PLANS, PLANS_OWNER};
use dream_core::ErrorCode;
use dream_core::{validate, ApiError, Mode};
use dream_services::objects::Account;
use dream_services::stripe::catalog::{Catalog, Item};
use dream_services::stripe::checkout::{self, Purchase};
use dream_services::stripe::models::PortalSession;
use dream_services::stripe::webhook::{receive, Endpoint};
use dream_services::stripe::{platform_api, StripeApi, StripeFailure};
use dream_services::{kv, AppState};
use dream_web::auth::stripe_signature;
use dream_web::extract::Json as Body;
use dream_web::Result;
use stripe_billing::billing_portal_session::CreateBillingPortalSession;

/// The developer's account: plan, calls this period, subscription.
pub async fn account(state: &AppState, platform_id: &str) -> Result<Snapshot> {
    Ok(Account::of(state, platform_id).plan().await?)
}

/// The plan prices on dream-api's own account, made on first use (or when prices change).
async fn plan_prices(state: &AppState, api: &StripeApi, mode: Mode) -> Result<ProductMap> {
    let kv = state.ports.kv.as_ref();
    let map: ProductMap = kv::get(kv, &kv_schema::developer_plans(mode)).await?.unwrap_or_default();
    let paid: Vec<Item> = PLANS
        .iter()
        .filter(|p| p.price_cents > 0)
        .map(|p| Item { key: p.id.into(), name: format!("dream-api {}", p.name), amount: p.price_cents })
        .collect();
    if paid.iter().all(|i| map.tiers.get(&i.key).is_some_and(|t| t.amount == i.amount)) {
        return Ok(map);
    }
    let catalog = Catalog { api, account: None, owner: PLANS_OWNER, key_prefix: format!("dream-plans-{mode}") };
    let synced = catalog.sync(&paid, &map).await?;
    kv::put(kv, &kv_schema::developer_plans(mode), &synced.map).await?;
    Ok(synced.map)
}

fn dashboard_url<'a>(state: &AppState, field: &str, url: &'a str) -> Result<&'a str> {
    Ok(validate::redirect_url(field, url, &state.config.dashboard_origins)?)
}

/// The developer's plan, quota and usage this period.
pub async fn get(State(state): State<AppState>, dev: Developer) -> Result<Json<DeveloperBilling>> {
    let p = dev.platform(&state).await?;
    let a = account(&state, &p.platform_id).await?;
    let plan = plans::plan(&a.plan).unwrap_or(&plans::FREE_PLAN);
    Ok(Json(DeveloperBilling {
        plan: plan.into(),
        used: a.used,
        quota: plan.monthly_calls,
        period_start: rfc3339(a.period.start_ms),
        period_end: rfc3339(a.period.end_ms),
        warning: plans::quota_warning(plan.id, a.used, plan.monthly_calls),
        subscription: a.subscription.as_ref().map(SubscriptionView::from),
        pending_cancellations: PendingCancelView::all(&a),
        plans: PLANS.iter().map(PlanView::from).collect(),
    }))
}

/// A Checkout page on dream-api's account for a paid plan (an upgrade replaces the old one).
pub async fn checkout(
    State(state): State<AppState>,
    dev: Developer,
    Body(req): Body<PlanCheckoutRequest>,
) -> Result<Json<RedirectUrl>> {
    let p = dev.platform(&state).await?;
    let plan = plans::plan(&req.plan).filter(|p| p.price_cents > 0).ok_or_else(|| {
        ApiError::new(ErrorCode::UnknownPlan, format!("{:?} is not a paid plan (basic, pro, scale)", req.plan))
    })?;
    dashboard_url(&state, "successUrl", &req.success_url)?;
    dashboard_url(&state, "cancelUrl", &req.cancel_url)?;
    let mode = state.config.stripe.developer_billing_mode;
    let api = platform_api(&state, mode)?;
    let prices = plan_prices(&state, &api, mode).await?;
    let price = prices.tiers.get(plan.id).ok_or_else(|| StripeFailure::Decode("plan price missing".into()))?;
    let a = account(&state, &p.platform_id).await?;
    let now = state.now_ms();
    let current = a.subscription.as_ref().filter(|s| s.entitles(now));
    if current.is_some_and(|s| s.tier.as_deref() == Some(plan.id)) {
        return Err(ApiError::new(ErrorCode::AlreadyOnPlan, format!("the platform is already on {}", plan.name)).into());
    }
    let purchase = Purchase {
        price_id: &price.price_id,
        platform_id: &p.platform_id,
        user: ACCOUNT_USER,
        item: plan.id,
        success_url: req.success_url,
        cancel_url: req.cancel_url,
        customer: a.subscription.as_ref().map(|s| s.customer.clone()),
        promotion_codes: false,
        trial: None,
    };
    let opened = checkout::open(&api, None, purchase).await?;
    let superseded = Account::of(&state, &p.platform_id).record_checkout(opened.checkout.clone()).await?;
    // A plan paid a moment ago is what this checkout upgrades from: it stands.
    checkout::supersede(&api, None, superseded, &opened, false).await?;
    Ok(Json(RedirectUrl { url: opened.url }))
}

/// The customer portal on dream-api's account, to manage or cancel the plan.
pub async fn portal(
    State(state): State<AppState>,
    dev: Developer,
    Body(req): Body<ReturnUrl>,
) -> Result<Json<RedirectUrl>> {
    let p = dev.platform(&state).await?;
    dashboard_url(&state, "returnUrl", &req.return_url)?;
    let a = account(&state, &p.platform_id).await?;
    let customer = a
        .subscription
        .map(|s| s.customer)
        .ok_or_else(|| ApiError::new(ErrorCode::NoBillingCustomer, "the platform has never subscribed to a plan"))?;
    let api = platform_api(&state, state.config.stripe.developer_billing_mode)?;
    let portal = CreateBillingPortalSession::new().customer(customer).return_url(req.return_url);
    let session: PortalSession = api.call(&portal, None, None).await?;
    Ok(Json(RedirectUrl { url: session.url }))
}

/// Events of dream-api's own Stripe account: developers' plan subscriptions and invoices
/// (the flow is shared with the Connect endpoint: `dream_services::stripe::webhook`).
pub async fn webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Json<WebhookAck>> {
    Ok(Json(receive(&state, Endpoint::Platform, stripe_signature(&headers), &body).await?))
}
