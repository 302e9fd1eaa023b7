//! `/api/users…`: the platform's end users, for the developer's server (secret key only).

use crate::caller::SecretCaller;
use axum::extract::State;
use axum::Json;
use dream_core::api::{CustomerList, SetPlanRequest, UsageView};
use dream_services::customers::{self, ListQuery};
use dream_services::AppState;
use dream_web::extract::{Json as Body, Path, Query};
use dream_web::Result;

/// A page of end users with plan and usage.
pub async fn list(
    State(state): State<AppState>,
    SecretCaller(c): SecretCaller,
    Query(q): Query<ListQuery>,
) -> Result<Json<CustomerList>> {
    Ok(Json(customers::list(&state, &c.platform.platform_id, c.mode, c.tiers(), &q).await?))
}

/// One end user.
pub async fn get(
    State(state): State<AppState>,
    SecretCaller(c): SecretCaller,
    Path(user): Path<String>,
) -> Result<Json<UsageView>> {
    let snap = customers::get(&state, &c.platform.platform_id, c.mode, c.tiers(), &user).await?;
    Ok(Json(UsageView::from(&snap)))
}

/// Puts an end user on a tier.
pub async fn set_plan(
    State(state): State<AppState>,
    SecretCaller(c): SecretCaller,
    Path(user): Path<String>,
    Body(body): Body<SetPlanRequest>,
) -> Result<Json<UsageView>> {
    let snap = customers::set_plan(&state, &c.platform.platform_id, c.mode, c.tiers(), &user, &body.plan).await?;
    Ok(Json(UsageView::from(&snap)))
}
