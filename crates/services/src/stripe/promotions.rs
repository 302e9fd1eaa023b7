//! Promotion codes on a platform's connected account: a coupon and the code buyers type on a
//! tier's checkout (where the tier allows codes). Created with idempotency keys that name the
//! request, so a retried create makes one coupon and one code.

use super::models::{id_of, List};
use super::StripeApi;
use crate::{Error, Result};
use dream_core::api::{CreatePromotionCodeRequest, PromotionCodeView};
use dream_core::period::rfc3339;
use dream_core::ApiError;
use dream_core::ErrorCode;
use serde::Deserialize;
use serde_json::Value;
use stripe_product::coupon::CreateCoupon;
use stripe_product::promotion_code::{
    CreatePromotionCode, CreatePromotionCodePromotion, CreatePromotionCodePromotionType, ListPromotionCode,
};
use stripe_shared::CouponDuration;

/// The coupon fields a view shows.
#[derive(Debug, Clone, Deserialize)]
struct Coupon {
    percent_off: Option<f64>,
    amount_off: Option<i64>,
    duration: String,
    duration_in_months: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
struct Promotion {
    coupon: Value,
}

/// A promotion code as Stripe sends it (its coupon expanded).
#[derive(Debug, Clone, Deserialize)]
struct PromotionCode {
    id: String,
    code: String,
    active: bool,
    created: i64,
    max_redemptions: Option<i64>,
    times_redeemed: i64,
    promotion: Promotion,
}

fn view(p: PromotionCode) -> PromotionCodeView {
    let coupon: Option<Coupon> = serde_json::from_value(p.promotion.coupon).ok();
    PromotionCodeView {
        id: p.id,
        code: p.code,
        active: p.active,
        percent_off: coupon.as_ref().and_then(|c| c.percent_off),
        amount_off: coupon.as_ref().and_then(|c| c.amount_off),
        duration: coupon.as_ref().map(|c| c.duration.clone()).unwrap_or_default(),
        duration_in_months: coupon.as_ref().and_then(|c| c.duration_in_months),
        max_redemptions: p.max_redemptions,
        times_redeemed: p.times_redeemed,
        created: rfc3339(p.created.saturating_mul(1000)),
    }
}

/// The newest 100 promotion codes of the account.
pub async fn list(api: &StripeApi, account: &str) -> Result<Vec<PromotionCodeView>> {
    let req = ListPromotionCode::new().limit(100).expand(vec!["data.promotion.coupon".to_owned()]);
    let page: List<PromotionCode> = api.call(&req, Some(account), None).await?;
    Ok(page.data.into_iter().map(view).collect())
}

/// Creates the coupon and its code from a request the caller has checked
/// (`dream_core::promotions::validate`, before any I/O); 409 `promotion_code_exists` when an
/// active code is already spelled so (Stripe matches codes case-insensitively).
pub async fn create(
    api: &StripeApi,
    account: &str,
    key_prefix: &str,
    r: &CreatePromotionCodeRequest,
) -> Result<PromotionCodeView> {
    let taken = ListPromotionCode::new().code(r.code.clone()).active(true).limit(1);
    let taken: List<PromotionCode> = api.call(&taken, Some(account), None).await?;
    if !taken.data.is_empty() {
        return Err(Error(ApiError::new(
            ErrorCode::PromotionCodeExists,
            format!("an active promotion code {:?} already exists on this Stripe account", r.code),
        )));
    }
    // One key per distinct request: a retry makes nothing twice, another request is new.
    let fingerprint = serde_json::to_string(r).unwrap_or_default();
    let key = format!("{key_prefix}-promo-{:08x}", dream_core::hash::fnv1a(&fingerprint));
    let mut coupon = CreateCoupon::new().name(r.code.clone()).duration(match r.duration {
        dream_core::api::CouponDuration::Once => CouponDuration::Once,
        dream_core::api::CouponDuration::Forever => CouponDuration::Forever,
        dream_core::api::CouponDuration::Repeating => CouponDuration::Repeating,
    });
    if let Some(p) = r.percent_off {
        coupon = coupon.percent_off(f64::from(p));
    }
    if let Some(a) = r.amount_off {
        coupon = coupon.amount_off(a).currency(stripe_types::Currency::USD);
    }
    if let Some(m) = r.duration_in_months {
        coupon = coupon.duration_in_months(i64::from(m));
    }
    let made: Value = api.call(&coupon, Some(account), Some(&format!("{key}-coupon"))).await?;
    let coupon_id = id_of(&made).unwrap_or_default().to_owned();
    let mut promotion = CreatePromotionCodePromotion::new(CreatePromotionCodePromotionType::Coupon);
    promotion.coupon = Some(coupon_id);
    let mut code = CreatePromotionCode::new(promotion).code(r.code.clone());
    if let Some(n) = r.max_redemptions {
        code = code.max_redemptions(i64::from(n));
    }
    let created: PromotionCode = api.call(&code, Some(account), Some(&format!("{key}-code"))).await?;
    // Shown with the coupon it was made for (the create answer carries only its id).
    Ok(view(PromotionCode { promotion: Promotion { coupon: made }, ..created }))
}
