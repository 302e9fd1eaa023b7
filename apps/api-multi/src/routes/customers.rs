//! `/api/customers…`: customer records for the developer's server (secret key only) — an end
//! user's email and name beside their plan and usage, created, read, changed and deleted.

use crate::caller::SecretCaller;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use dream_core::api::{CreateCustomerRequest, CustomerAnswer, DeletedCustomer, UpdateCustomerRequest, UsageView};
use dream_core::{ApiError, ErrorCode};
use dream_services::customers;
use dream_services::AppState;
use dream_web::extract::{Json as Body, Path};
use dream_web::Result;

/// Creates a customer: 201, or 409 `customer_exists` when the end user already has a record
/// made through this API. With `clerkUser`, the person is made in (or found by email in) the
/// shared end-user Clerk app and bound to the platform, and the customer gets their Clerk id.
pub async fn create(
    State(state): State<AppState>,
    SecretCaller(c): SecretCaller,
    Body(body): Body<CreateCustomerRequest>,
) -> Result<(StatusCode, Json<CustomerAnswer>)> {
    let at = (&c.platform.platform_id, c.mode, c.tiers());
    let snap = if body.clerk_user {
        if c.platform.end_user_auth.own_policy().is_some() {
            return Err(ApiError::new(
                ErrorCode::HostedSignInUnavailable,
                "this platform signs its end users in with its own Clerk instance: make the user there, then the customer with their id",
            )
            .into());
        }
        let cfg = state.config.hosted_sign_in.as_ref().ok_or_else(|| {
            ApiError::new(ErrorCode::EndUserSignInNotConfigured, "this deployment has no shared end-user Clerk app")
        })?;
        customers::create_signing_in(&state, cfg, at.0, at.1, at.2, &body).await?
    } else {
        customers::create(&state, at.0, at.1, at.2, &body).await?
    };
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
