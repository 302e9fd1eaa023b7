//! Promotion codes a developer makes for their end users: a coupon (a percentage or an amount
//! off, once, forever or for some months) and the code buyers type on a tier's checkout.

use crate::api::{CouponDuration, CreatePromotionCodeRequest};
use crate::error::{ApiError, ErrorCode};

/// Longest promotion code.
pub const MAX_CODE_LEN: usize = 40;
/// Longest a repeating coupon may last.
pub const MAX_MONTHS: u32 = 36;

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidPromotionCode, msg)
}

/// Checks a request as a whole; the error names the first problem found.
pub fn validate(r: &CreatePromotionCodeRequest) -> Result<(), ApiError> {
    let code_ok = (3..=MAX_CODE_LEN).contains(&r.code.len())
        && r.code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !code_ok {
        return Err(bad(format!("code {:?} must be 3-{MAX_CODE_LEN} of A-Z, a-z, 0-9, '-' or '_'", r.code)));
    }
    match (r.percent_off, r.amount_off) {
        (Some(p), None) if (1..=100).contains(&p) => {}
        (None, Some(a)) if (1..=100_000_000).contains(&a) => {}
        (Some(_), None) => return Err(bad("percentOff must be a whole percentage from 1 to 100")),
        (None, Some(_)) => return Err(bad("amountOff must be from 1 to 100000000 cents")),
        _ => return Err(bad("give exactly one of percentOff or amountOff")),
    }
    match (r.duration, r.duration_in_months) {
        (CouponDuration::Repeating, Some(m)) if (1..=MAX_MONTHS).contains(&m) => {}
        (CouponDuration::Repeating, _) => {
            return Err(bad(format!("a repeating code needs durationInMonths from 1 to {MAX_MONTHS}")))
        }
        (_, Some(_)) => return Err(bad("durationInMonths goes only with duration \"repeating\"")),
        (_, None) => {}
    }
    if r.max_redemptions == Some(0) {
        return Err(bad("maxRedemptions must be at least 1 (leave it out for no limit)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> CreatePromotionCodeRequest {
        CreatePromotionCodeRequest {
            code: "LAUNCH50".into(),
            percent_off: Some(50),
            amount_off: None,
            duration: CouponDuration::Once,
            duration_in_months: None,
            max_redemptions: None,
        }
    }

    #[test]
    fn a_code_has_one_discount_and_a_duration_that_fits_it() {
        assert!(validate(&req()).is_ok());
        let fails = |f: fn(&mut CreatePromotionCodeRequest)| {
            let mut r = req();
            f(&mut r);
            validate(&r).err().map(|e| e.message)
        };
        assert!(fails(|r| r.code = "50% off".into()).is_some_and(|m| m.contains("code")));
        assert!(fails(|r| r.code = "AB".into()).is_some());
        assert!(fails(|r| r.amount_off = Some(500)).is_some_and(|m| m.contains("exactly one")));
        assert!(fails(|r| r.percent_off = Some(101)).is_some());
        assert!(fails(|r| r.duration = CouponDuration::Repeating).is_some_and(|m| m.contains("durationInMonths")));
        assert!(fails(|r| r.duration_in_months = Some(3)).is_some());
        assert!(fails(|r| r.max_redemptions = Some(0)).is_some());
        assert!(fails(|r| {
            r.duration = CouponDuration::Repeating;
            r.duration_in_months = Some(3);
        })
        .is_none());
        assert!(fails(|r| {
            r.percent_off = None;
            r.amount_off = Some(500);
        })
        .is_none());
    }
}
