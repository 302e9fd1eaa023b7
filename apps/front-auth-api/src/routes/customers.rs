//! `/api/developer/customers`: the platform's end users with plan and usage.

use crate::developer::{Developer, ModeQuery};
use axum::extract::State;
use axum::Json;
use dream_core::api::{CustomerList, SetPlanRequest, TierChangeRequest, UsageView};
use dream_core::Mode;
use dream_services::customers::{self, ListQuery};
use dream_services::stripe::tier_change::{self, Act};
use dream_services::AppState;
use dream_web::extract::{Json as Body, Path, Query};
use dream_web::Result;
use serde::Deserialize;

/// `?mode=&search=&cursor=&limit=`.
#[derive(Debug, Default, Deserialize)]
pub struct CustomersQuery {
    pub mode: Option<Mode>,
    pub search: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

/// A page of end users.
pub async fn list(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<CustomersQuery>,
) -> Result<Json<CustomerList>> {
    let p = dev.platform(&state).await?;
    let mode = q.mode.unwrap_or(Mode::Test);
    let page = ListQuery { search: q.search, cursor: q.cursor, limit: q.limit };
    Ok(Json(customers::list(&state, &p.platform_id, mode, p.tiers(mode), &page).await?))
}

/// One end user.
pub async fn get(
    State(state): State<AppState>,
    dev: Developer,
    Path(user): Path<String>,
    Query(q): Query<ModeQuery>,
) -> Result<Json<UsageView>> {
    let p = dev.platform(&state).await?;
    let snap = customers::get(&state, &p.platform_id, q.mode(), p.tiers(q.mode()), &user).await?;
    Ok(Json(UsageView::from(&snap)))
}

/// Puts an end user on a tier by hand (support).
pub async fn set_plan(
    State(state): State<AppState>,
    dev: Developer,
    Path(user): Path<String>,
    Query(q): Query<ModeQuery>,
    Body(body): Body<SetPlanRequest>,
) -> Result<Json<UsageView>> {
    let p = dev.platform(&state).await?;
    let snap = customers::set_plan(&state, &p.platform_id, q.mode(), p.tiers(q.mode()), &user, &body.plan).await?;
    Ok(Json(UsageView::from(&snap)))
}

/// Does `act` to an end user's subscription (the same rules as the end user's own
/// `/api/subscription/*` calls); answers their usage.
async fn subscription(
    state: &AppState,
    dev: &Developer,
    user: &str,
    mode: Mode,
    act: Act<'_>,
) -> Result<Json<UsageView>> {
    let p = dev.platform(state).await?;
    let snap = tier_change::act(state, (&p.platform_id, mode), p.tiers(mode), user, None, act).await?;
    Ok(Json(UsageView::from(&snap)))
}

/// Moves an end user's subscription to another paid tier (up at once, down at period end).
pub async fn change_subscription(
    State(state): State<AppState>,
    dev: Developer,
    Path(user): Path<String>,
    Query(q): Query<ModeQuery>,
    Body(body): Body<TierChangeRequest>,
) -> Result<Json<UsageView>> {
    subscription(&state, &dev, &user, q.mode(), Act::Change(&body.tier)).await
}

/// Sets an end user's subscription to end at the period end.
pub async fn cancel_subscription(
    State(state): State<AppState>,
    dev: Developer,
    Path(user): Path<String>,
    Query(q): Query<ModeQuery>,
) -> Result<Json<UsageView>> {
    subscription(&state, &dev, &user, q.mode(), Act::Cancel).await
}

/// Keeps an end user's subscription going after a cancel at period end.
pub async fn resume_subscription(
    State(state): State<AppState>,
    dev: Developer,
    Path(user): Path<String>,
    Query(q): Query<ModeQuery>,
) -> Result<Json<UsageView>> {
    subscription(&state, &dev, &user, q.mode(), Act::Resume).await
}
