//! Usage: track (`POST /api/data`, `POST /api/usage/track`), check and read, of the main
//! meter (calls) or of a named meter (`feature`); and the entitlements, all meters at once.
//!
//! At the tier limit the answer is 429 `usage_limit_exceeded` with `Retry-After` set to the
//! end of the usage period, and nothing is counted. Rate limiting is also 429, code
//! `rate_limited`. Both are browser-safe: an end user can only ever touch their own counter.

use crate::caller::Caller;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dream_core::api::{CheckResponse, EntitlementsView, TrackRequest, TrackResponse, UsageView};
use dream_core::meter::{Snapshot, TrackOutcome};
use dream_core::rate_limit::CallKind;
use dream_core::tiers::TierLimits;
use dream_core::ErrorCode;
use dream_core::{validate, ApiError};
use dream_services::objects::UsageShard;
use dream_services::{quota, AppState};
use dream_web::extract::{JsonOrEmpty, Query};
use dream_web::{Error, Result};
use serde::Deserialize;

/// Request header naming an idempotent track call.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Response header set when a stored response is replayed.
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

fn limit_error(usage: &Snapshot, now_ms: i64) -> Error {
    let retry = (usage.period.end_ms.saturating_sub(now_ms).max(1000) + 999) / 1000;
    let what = usage.meter.as_deref().unwrap_or("calls");
    ApiError::new(
        ErrorCode::UsageLimitExceeded,
        format!(
            "end user {:?} has used {} of {} {what} on tier {:?} this period",
            usage.user_id,
            usage.used,
            usage.limit.unwrap_or(0),
            usage.plan
        ),
    )
    .with_retry_after(retry as u64)
    .into()
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>> {
    match headers.get(IDEMPOTENCY_KEY) {
        None => Ok(None),
        Some(v) => {
            let s = v
                .to_str()
                .map_err(|_| ApiError::new(ErrorCode::InvalidIdempotencyKey, "Idempotency-Key must be ASCII"))?;
            Ok(Some(validate::idempotency_key(s)?.to_owned()))
        }
    }
}

/// Counts `amount` (default 1) on the end user's main meter, or the named `feature`, if
/// their tier and rate limits allow it.
pub async fn track(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    JsonOrEmpty(body): JsonOrEmpty<TrackRequest>,
) -> Result<Response> {
    let user = caller.end_user(body.user_id.as_deref())?;
    let amount = validate::amount(body.amount.unwrap_or(1))?;
    let key = idempotency_key(&headers)?;
    let mut tiers = TierLimits::of_meter(caller.tiers(), body.feature.as_deref())?;
    tiers.alerts.clone_from(&caller.platform.usage_alerts);
    let platform_id = &caller.platform.platform_id;
    // Only a counted track spends the developer's plan (see dream_services::quota).
    let warning = quota::admit(&state, platform_id, caller.mode).await?;
    let shard = UsageShard::of_user(&state, platform_id, caller.mode, &user);
    let (outcome, replayed) = shard.track(&user, amount, key, tiers, caller.platform.rate_limit_per_minute).await?;
    if !replayed && matches!(outcome, TrackOutcome::Accepted { .. }) {
        quota::record(&state, platform_id, caller.mode);
    }
    let mut resp = match outcome {
        TrackOutcome::Accepted { usage } => {
            Json(TrackResponse { tracked: amount, usage: UsageView::from(&usage), warning }).into_response()
        }
        TrackOutcome::LimitExceeded { usage } => limit_error(&usage, state.now_ms()).into_response(),
        TrackOutcome::KeyReused => Error(ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was already used for a different amount or feature; use a new key for a new request",
        ))
        .into_response(),
        TrackOutcome::RateLimited { retry_after } => Error(
            ApiError::new(
                ErrorCode::RateLimited,
                format!("end user {user:?} is over {} requests per minute", caller.platform.rate_limit_per_minute),
            )
            .with_retry_after(retry_after),
        )
        .into_response(),
    };
    if replayed {
        resp.headers_mut().insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    Ok(resp)
}

/// Would `amount` be allowed now? Counts nothing.
pub async fn check(
    State(state): State<AppState>,
    caller: Caller,
    JsonOrEmpty(body): JsonOrEmpty<TrackRequest>,
) -> Result<Json<CheckResponse>> {
    let user = caller.end_user(body.user_id.as_deref())?;
    let amount = validate::amount(body.amount.unwrap_or(1))?;
    let tiers = TierLimits::of_meter(caller.tiers(), body.feature.as_deref())?;
    let shard = UsageShard::of_user(&state, &caller.platform.platform_id, caller.mode, &user);
    let guard = Some(caller.guard(CallKind::Read));
    let (allowed, usage) = shard.check(&user, amount, tiers, guard).await?;
    Ok(Json(CheckResponse { allowed, usage: UsageView::from(&usage) }))
}

/// Query of `GET /api/usage` and `GET /api/entitlements`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageQuery {
    user_id: Option<String>,
    /// `GET /api/usage` only: the named meter to read (refused by `GET /api/entitlements`).
    feature: Option<String>,
}

/// The end user's plan, count, limit, remaining and period (of the main meter or `feature`).
pub async fn usage(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<UsageQuery>,
) -> Result<Json<UsageView>> {
    let user = caller.end_user(q.user_id.as_deref())?;
    let tiers = TierLimits::of_meter(caller.tiers(), q.feature.as_deref())?;
    let shard = UsageShard::of_user(&state, &caller.platform.platform_id, caller.mode, &user);
    let guard = Some(caller.guard(CallKind::Read));
    let snap = shard.usage(&user, tiers, guard).await?;
    Ok(Json(UsageView::from(&snap)))
}

/// What the end user may do right now: their tier's flags and every meter's standing.
pub async fn entitlements(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<UsageQuery>,
) -> Result<Json<EntitlementsView>> {
    if q.feature.is_some() {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "entitlements answer every meter at once: leave `feature` out (it is for GET /api/usage)",
        )
        .into());
    }
    let user = caller.end_user(q.user_id.as_deref())?;
    let shard = UsageShard::of_user(&state, &caller.platform.platform_id, caller.mode, &user);
    let guard = Some(caller.guard(CallKind::Read));
    let snap = shard.usage(&user, TierLimits::of(caller.tiers()), guard).await?;
    let tier = caller.tiers().iter().find(|t| t.name == snap.plan);
    Ok(Json(EntitlementsView::of(&snap, tier)))
}
