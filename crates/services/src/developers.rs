//! A developer's registration and platform: who owns which platform, strongly consistent in
//! the developer's registration object, and the platform's configuration in its account.

use crate::objects::{Account, Registered, Registration};
use crate::{kv, AppState, Error, Result};
use dream_core::account::VersionedConfig;
use dream_core::kv_schema::{self, DeveloperRecord, KeyIndex, PlatformConfig};
use dream_core::ports::PortError;
use dream_core::{ApiError, ErrorCode};

/// The developer's projects (strongly consistent: their registration object).
pub async fn registered(state: &AppState, user_id: &str) -> Result<Registered> {
    let registration = Registration::of(state, user_id);
    let held = registration.get().await?;
    if held.known {
        return Ok(held);
    }
    // Registered before registrations moved into objects: adopt the KV record once.
    match kv::get::<DeveloperRecord>(state.ports.kv.as_ref(), &kv_schema::developer(user_id)).await? {
        Some(legacy) => {
            registration.claim(legacy).await?;
            registration.get().await
        }
        None => Ok(held),
    }
}

/// The developer's primary project, if any.
pub async fn record(state: &AppState, user_id: &str) -> Result<Option<DeveloperRecord>> {
    Ok(registered(state, user_id).await?.record)
}

/// The platform of the developer's project `project` (their primary one when `None`);
/// 404 `not_registered` before registration, `project_not_found` for a project not theirs.
pub async fn platform_id(state: &AppState, user_id: &str, project: Option<&str>) -> Result<String> {
    let r = registered(state, user_id).await?;
    match project {
        None => r.record.map(|rec| rec.platform_id).ok_or_else(|| {
            ApiError::new(ErrorCode::NotRegistered, "register first: POST /api/developer/register").into()
        }),
        Some(p) => r
            .projects
            .into_iter()
            .find(|x| x.platform_id == p)
            .map(|x| x.platform_id)
            .ok_or_else(|| ApiError::new(ErrorCode::ProjectNotFound, format!("you have no project {p:?}")).into()),
    }
}

/// The configuration of the developer's project (their primary one when `None`).
pub async fn platform(state: &AppState, user_id: &str, project: Option<&str>) -> Result<VersionedConfig> {
    account_config(state, &platform_id(state, user_id, project).await?).await
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
