//! The signed-in developer (Clerk session token) and the platform they own: the extractor of
//! every developer route (front-auth-api, oauth-api).

use crate::auth::require_bearer;
use crate::objects::{Account, Registration};
use crate::{jwks, kv, AppState, Error, Result};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use dream_core::account::VersionedConfig;
use dream_core::kv_schema::{self, DeveloperRecord, KeyIndex, PlatformConfig};
use dream_core::ports::PortError;
use dream_core::ErrorCode;
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
        let clerk = state.config.developer_clerk.as_ref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::DeveloperSignInNotConfigured,
                "this worker has no developer Clerk instance configured (CLERK_ISSUER, CLERK_JWKS_URL)",
            )
        })?;
        let claims = jwks::verify(state, token, &clerk.jwks_url, &clerk.policy).await?;
        let is_admin = state.config.admin_user_ids.contains(&claims.sub);
        Ok(Developer { user_id: claims.sub, is_admin })
    }
}

impl Developer {
    /// The developer's registration, if any (strongly consistent: their registration object).
    pub async fn record(&self, state: &AppState) -> Result<Option<DeveloperRecord>> {
        let registration = Registration::of(state, &self.user_id);
        if let Some(rec) = registration.get().await? {
            return Ok(Some(rec));
        }
        // Registered before registrations moved into objects: adopt the KV record once.
        match kv::get::<DeveloperRecord>(state.ports.kv.as_ref(), &kv_schema::developer(&self.user_id)).await? {
            Some(legacy) => Ok(Some(registration.claim(legacy).await?.0)),
            None => Ok(None),
        }
    }

    /// The developer's platform with its versions; 404 `not_registered` before registration.
    pub async fn platform_versioned(&self, state: &AppState) -> Result<VersionedConfig> {
        let rec = self
            .record(state)
            .await?
            .ok_or_else(|| ApiError::new(ErrorCode::NotRegistered, "register first: POST /api/developer/register"))?;
        account_config(state, &rec.platform_id).await
    }

    /// The developer's platform; 404 `not_registered` before registration.
    pub async fn platform(&self, state: &AppState) -> Result<PlatformConfig> {
        Ok(self.platform_versioned(state).await?.config)
    }
}

/// A platform's configuration from its account object. A platform set up before accounts
/// held it (configuration and key list in KV) is imported into its account on first use.
pub async fn account_config(state: &AppState, platform_id: &str) -> Result<VersionedConfig> {
    let account = Account::of(state, platform_id);
    if let Some(cfg) = account.config().await? {
        return Ok(cfg);
    }
    let kvs = state.ports.kv.as_ref();
    let legacy: PlatformConfig = kv::get(kvs, &kv_schema::platform_config(platform_id))
        .await?
        .ok_or_else(|| Error::from(PortError(format!("platform {platform_id} has no configuration"))))?;
    let keys: KeyIndex = kv::get(kvs, &kv_schema::platform_keys(platform_id)).await?.unwrap_or_default();
    account.init(legacy, keys.keys).await?;
    account.config().await?.ok_or_else(|| PortError(format!("platform {platform_id} was not imported")).into())
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
