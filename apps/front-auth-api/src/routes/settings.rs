//! `/api/developer/settings`: rate limit, end-user sign-in, allowed browser origins.

use crate::developer::{save_platform, Developer};
use axum::extract::State;
use axum::Json;
use dream_core::api::PlatformSettings;
use dream_core::kv_schema::PlatformConfig;
use dream_core::rate_limit::MAX_PER_MINUTE;
use dream_core::ApiError;
use dream_web::extract::Json as Body;
use dream_web::{AppState, Result};

/// Most allowed origins a platform may list.
pub const MAX_ORIGINS: usize = 20;

fn view(p: &PlatformConfig) -> PlatformSettings {
    PlatformSettings {
        rate_limit_per_minute: p.rate_limit_per_minute,
        end_user_auth: p.end_user_auth.clone(),
        allowed_origins: p.allowed_origins.clone(),
    }
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
        return Err(ApiError::bad_request(
            "invalid_rate_limit",
            format!("rateLimitPerMinute must be 1-{MAX_PER_MINUTE}"),
        )
        .into());
    }
    if s.allowed_origins.len() > MAX_ORIGINS || !s.allowed_origins.iter().all(|o| is_origin(o)) {
        return Err(ApiError::bad_request(
            "invalid_origins",
            format!("allowedOrigins takes up to {MAX_ORIGINS} origins like https://app.example.com (no path)"),
        )
        .into());
    }
    if let Some((policy, jwks_url)) = s.end_user_auth.own_policy() {
        if !is_origin(&policy.issuer) {
            return Err(ApiError::bad_request(
                "invalid_issuer",
                "issuer must be your Clerk instance's URL, like https://clerk.example.com",
            )
            .into());
        }
        state.config.check_jwks_url(jwks_url)?;
        if !policy.authorized_parties.iter().all(|o| is_origin(o)) {
            return Err(ApiError::bad_request(
                "invalid_authorized_parties",
                "authorizedParties takes origins like https://app.example.com",
            )
            .into());
        }
    }
    Ok(())
}

/// The platform's settings.
pub async fn get(State(state): State<AppState>, dev: Developer) -> Result<Json<PlatformSettings>> {
    Ok(Json(view(&dev.platform(&state).await?)))
}

/// Replaces the platform's settings.
pub async fn put(
    State(state): State<AppState>,
    dev: Developer,
    Body(s): Body<PlatformSettings>,
) -> Result<Json<PlatformSettings>> {
    check(&state, &s)?;
    let mut p = dev.platform(&state).await?;
    p.rate_limit_per_minute = s.rate_limit_per_minute;
    p.end_user_auth = s.end_user_auth;
    p.allowed_origins = s.allowed_origins;
    save_platform(&state, &p).await?;
    Ok(Json(view(&p)))
}
