//! `/api/customers…`: customer records for the developer's server (secret key only) — an end
//! user's email and name beside their plan and usage, created, read, changed and deleted.

use crate::caller::SecretCaller;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use dream_core::api::{CreateCustomerRequest, CustomerAnswer, DeletedCustomer, UpdateCustomerRequest, UsageView};
use dream_services::customers;
use dream_services::AppState;
use dream_web::extract::{Json as Body, Path};
use dream_web::Result;

/// Creates a customer: 201, or 409 `customer_exists` when the end user already has a record
/// made through this API.
pub async fn create(
    State(state): State<AppState>,
    SecretCaller(c): SecretCaller,
    Body(body): Body<CreateCustomerRequest>,
) -> Result<(StatusCode, Json<CustomerAnswer>)> {
    let snap = customers::create(&state, &c.platform.platform_id, c.mode, c.tiers(), &body).await?;
    Ok((StatusCode::CREATED, Json(CustomerAnswer { customer: UsageView::from(&snap) })))
}

/// One customer; 404 `customer_not_found` for an id never seen.
pub async fn get(
    State(state): State<AppState>,
    SecretCaller(c): SecretCaller,
    Path(user): Path<String>,
) -> Result<Json<CustomerAnswer>> {
    let snap = customers::customer(&state, &c.platform.platform_id, c.mode, c.tiers(), &user).await?;
    Ok(Json(CustomerAnswer { customer: UsageView::from(&snap) }))
}

/// Changes a customer's email, names or plan.
pub async fn update(
    State(state): State<AppState>,
    SecretCaller(c): SecretCaller,
    Path(user): Path<String>,
    Body(body): Body<UpdateCustomerRequest>,
) -> Result<Json<CustomerAnswer>> {
    let snap = customers::update(&state, &c.platform.platform_id, c.mode, c.tiers(), &user, &body).await?;
    Ok(Json(CustomerAnswer { customer: UsageView::from(&snap) }))
}

/// Deletes a customer and their usage; 409 `customer_subscribed` while a subscription can
/// still bill or entitle them.
pub async fn delete(
    State(state): State<AppState>,
    SecretCaller(c): SecretCaller,
    Path(user): Path<String>,
) -> Result<Json<DeletedCustomer>> {
    let snap = customers::delete(&state, &c.platform.platform_id, c.mode, c.tiers(), &user).await?;
    Ok(Json(DeletedCustomer { deleted: true, customer: UsageView::from(&snap) }))
}
