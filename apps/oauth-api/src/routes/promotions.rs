//! `POST` / `GET /api/developer/promotion-codes?mode=`: promotion codes on the platform's
//! connected account, for the tiers whose checkout allows them (`promotionCodes` on a tier).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use dream_core::api::{CreatePromotionCodeRequest, PromotionCodeList, PromotionCodeView};
use dream_services::stripe::{connected, promotions};
use dream_services::AppState;
use dream_web::developer::{Developer, ModeQuery};
use dream_web::extract::{Json as Body, Query};
use dream_web::Result;

/// Creates a coupon and its code (201).
pub async fn create(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
    Body(req): Body<CreatePromotionCodeRequest>,
) -> Result<(StatusCode, Json<PromotionCodeView>)> {
    dream_core::promotions::validate(&req)?;
    let platform = dev.platform(&state).await?;
    let mode = q.mode();
    let stripe = connected(&state, &platform.platform_id, mode).await?;
    let prefix = format!("dream-{}-{mode}", platform.platform_id);
    let made = promotions::create(&stripe.api, &stripe.account, &prefix, &req).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// The newest 100 promotion codes.
pub async fn list(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
) -> Result<Json<PromotionCodeList>> {
    let platform = dev.platform(&state).await?;
    let mode = q.mode();
    let stripe = connected(&state, &platform.platform_id, mode).await?;
    Ok(Json(PromotionCodeList { mode, promotion_codes: promotions::list(&stripe.api, &stripe.account).await? }))
}
