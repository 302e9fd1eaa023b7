//! A developer's registration and platform: who owns which platform, strongly consistent in
//! the developer's registration object, and the platform's configuration in its account.

use crate::objects::{Account, Registration};
use crate::{kv, AppState, Error, Result};
use dream_core::account::VersionedConfig;
use dream_core::kv_schema::{self, DeveloperRecord, KeyIndex, PlatformConfig};
use dream_core::ports::PortError;
use dream_core::{ApiError, ErrorCode};

/// The developer's registration, if any (strongly consistent: their registration object).
pub async fn record(state: &AppState, user_id: &str) -> Result<Option<DeveloperRecord>> {
    let registration = Registration::of(state, user_id);
    if let Some(rec) = registration.get().await? {
        return Ok(Some(rec));
    }
    // Registered before registrations moved into objects: adopt the KV record once.
    match kv::get::<DeveloperRecord>(state.ports.kv.as_ref(), &kv_schema::developer(user_id)).await? {
        Some(legacy) => Ok(Some(registration.claim(legacy).await?.0)),
        None => Ok(None),
    }
}

/// The developer's platform with its versions; 404 `not_registered` before registration.
pub async fn platform(state: &AppState, user_id: &str) -> Result<VersionedConfig> {
    let rec = record(state, user_id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::NotRegistered, "register first: POST /api/developer/register"))?;
    account_config(state, &rec.platform_id).await
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
