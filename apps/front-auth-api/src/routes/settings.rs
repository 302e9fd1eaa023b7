//! `/api/developer/settings`: rate limit, end-user sign-in, allowed browser origins.
//! Reads carry an `ETag`; a write with `If-Match` of a version that is no longer current
//! gets 412 `stale_write` (checked atomically in the platform's account object).

use crate::developer::Developer;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::Json;
use dream_core::account::VersionedConfig;
use dream_core::api::PlatformSettings;
use dream_core::rate_limit::MAX_PER_MINUTE;
use dream_core::ApiError;
use dream_core::ErrorCode;
use dream_services::objects::Account;
use dream_services::AppState;
use dream_web::etag::{etag, if_match};
use dream_web::extract::Json as Body;
use dream_web::Result;

/// Most allowed origins a platform may list.
pub const MAX_ORIGINS: usize = 20;

/// The tag of the settings' versions.
const TAG: &str = "settings";

fn view(v: VersionedConfig) -> impl IntoResponse {
    let p = v.config;
    let body = PlatformSettings {
        rate_limit_per_minute: p.rate_limit_per_minute,
        end_user_auth: p.end_user_auth,
        allowed_origins: p.allowed_origins,
        usage_alerts: p.usage_alerts,
    };
    ([etag(TAG, v.settings_version)], Json(body))
}

/// `scheme://host[:port]` with nothing after it.
fn is_origin(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty() && r.len() <= 253 && r.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    })
}

fn check(state: &AppState, s: &PlatformSettings) -> Result<()> {
    if s.rate_limit_per_minute == 0 || s.rate_limit_per_minute > MAX_PER_MINUTE {
        return Err(ApiError::new(
            ErrorCode::InvalidRateLimit,
            format!("rateLimitPerMinute must be 1-{MAX_PER_MINUTE}"),
        )
        .into());
    }
    if !dream_core::webhook_events::valid_alerts(&s.usage_alerts) {
        return Err(ApiError::new(
            ErrorCode::InvalidAlerts,
            format!(
                "usageAlerts takes up to {} percentages from 1 to 100, like [80, 100]",
                dream_core::webhook_events::MAX_ALERTS
            ),
        )
        .into());
    }
    if s.allowed_origins.len() > MAX_ORIGINS || !s.allowed_origins.iter().all(|o| is_origin(o)) {
        return Err(ApiError::new(
            ErrorCode::InvalidOrigins,
            format!("allowedOrigins takes up to {MAX_ORIGINS} origins like https://app.example.com (no path)"),
        )
        .into());
    }
    if let Some((policy, jwks_url)) = s.end_user_auth.own_policy() {
        if !is_origin(&policy.issuer) {
            return Err(ApiError::new(
                ErrorCode::InvalidIssuer,
                "issuer must be your Clerk instance's URL, like https://clerk.example.com",
            )
            .into());
        }
        state.config.check_jwks_url(jwks_url)?;
        if !policy.authorized_parties.iter().all(|o| is_origin(o)) {
            return Err(ApiError::new(
                ErrorCode::InvalidAuthorizedParties,
                "authorizedParties takes origins like https://app.example.com",
            )
            .into());
        }
    }
    Ok(())
}

/// The platform's settings.
pub async fn get(State(state): State<AppState>, dev: Developer) -> Result<impl IntoResponse> {
    Ok(view(dev.platform_versioned(&state).await?))
}

/// Replaces the platform's settings.
pub async fn put(
    State(state): State<AppState>,
    dev: Developer,
    headers: HeaderMap,
    Body(s): Body<PlatformSettings>,
) -> Result<impl IntoResponse> {
    check(&state, &s)?;
    let version = if_match(&headers, TAG)?;
    let p = dev.platform(&state).await?;
    Ok(view(Account::of(&state, &p.platform_id).put_settings(s, version).await?))
}
