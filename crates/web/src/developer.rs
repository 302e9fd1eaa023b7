//! The signed-in developer (Clerk session token) and the platform they own: the extractor of
//! every developer route (front-auth-api, oauth-api).

use crate::auth::require_bearer;
use crate::{jwks, kv, AppState, Error, Result};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use dream_core::kv_schema::{self, DeveloperRecord, PlatformConfig};
use dream_core::{ApiError, Mode};
use serde::Deserialize;

/// A developer authenticated by the dashboard's Clerk app.
pub struct Developer {
    pub user_id: String,
    pub is_admin: bool,
}

impl FromRequestParts<AppState> for Developer {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let token = require_bearer(&parts.headers)?;
        let clerk = &state.config.developer_clerk;
        let claims = jwks::verify(state, token, &clerk.jwks_url, &clerk.policy).await?;
        let is_admin = state.config.admin_user_ids.contains(&claims.sub);
        Ok(Developer { user_id: claims.sub, is_admin })
    }
}

impl Developer {
    /// The developer's registration, if any.
    pub async fn record(&self, state: &AppState) -> Result<Option<DeveloperRecord>> {
        kv::get(state.ports.kv.as_ref(), &kv_schema::developer(&self.user_id)).await
    }

    /// The developer's platform; 404 `not_registered` before registration.
    pub async fn platform(&self, state: &AppState) -> Result<PlatformConfig> {
        let rec = self
            .record(state)
            .await?
            .ok_or_else(|| ApiError::not_found("not_registered", "register first: POST /api/developer/register"))?;
        kv::get(state.ports.kv.as_ref(), &kv_schema::platform_config(&rec.platform_id)).await?.ok_or_else(|| {
            Error::from(dream_core::ports::PortError(format!("platform {} has no config", rec.platform_id)))
        })
    }
}

/// `?mode=test|live`, test by default.
#[derive(Debug, Default, Deserialize)]
pub struct ModeQuery {
    pub mode: Option<Mode>,
}

impl ModeQuery {
    /// The chosen mode.
    pub fn mode(&self) -> Mode {
        self.mode.unwrap_or(Mode::Test)
    }
}

/// Writes a platform's configuration back.
pub async fn save_platform(state: &AppState, p: &PlatformConfig) -> Result<()> {
    kv::put(state.ports.kv.as_ref(), &kv_schema::platform_config(&p.platform_id), p).await
}
