//! The signed-in developer (Clerk session token) and the platform they own: the extractor of
//! every developer route (front-auth-api, oauth-api).

use crate::auth::require_bearer;
use crate::{Error, Result};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use dream_core::account::VersionedConfig;
use dream_core::kv_schema::{DeveloperRecord, PlatformConfig};
use dream_core::ErrorCode;
use dream_core::{ApiError, Mode};
use dream_services::{developers, jwks, AppState};
use serde::Deserialize;

/// Header naming the project (platform id) a developer call acts on; without it, the
/// developer's primary project.
pub const PROJECT_HEADER: &str = "x-project";

/// A developer authenticated by the dashboard's Clerk app, with the project they act on.
pub struct Developer {
    pub user_id: String,
    pub is_admin: bool,
    /// The project named by `X-Project`, if any.
    pub project: Option<String>,
}

impl FromRequestParts<AppState> for Developer {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let token = require_bearer(&parts.headers)?;
        let clerk = state.config.developer_clerk.as_ref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::DeveloperSignInNotConfigured,
                "this worker has no developer Clerk instance configured (CLERK_ISSUER, CLERK_JWKS_URL)",
            )
        })?;
        let claims = jwks::verify(state, token, &clerk.jwks_url, &clerk.policy).await?;
        let is_admin = state.config.admin_user_ids.contains(&claims.sub);
        let project = match parts.headers.get(PROJECT_HEADER).map(|v| v.to_str()) {
            None => None,
            Some(Ok(p)) if !p.trim().is_empty() => Some(p.trim().to_owned()),
            Some(_) => {
                return Err(ApiError::new(ErrorCode::ProjectNotFound, "the X-Project header names no project").into())
            }
        };
        Ok(Developer { user_id: claims.sub, is_admin, project })
    }
}

impl Developer {
    /// The developer's registration, if any.
    pub async fn record(&self, state: &AppState) -> Result<Option<DeveloperRecord>> {
        Ok(developers::record(state, &self.user_id).await?)
    }

    /// The platform of the project acted on, with its versions; 404 `not_registered` before
    /// registration, `project_not_found` for a project not the developer's.
    pub async fn platform_versioned(&self, state: &AppState) -> Result<VersionedConfig> {
        Ok(developers::platform(state, &self.user_id, self.project.as_deref()).await?)
    }

    /// The developer's platform; 404 `not_registered` before registration.
    pub async fn platform(&self, state: &AppState) -> Result<PlatformConfig> {
        Ok(self.platform_versioned(state).await?.config)
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
