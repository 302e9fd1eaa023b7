//! A developer's projects, each one platform with its own keys, tiers, settings, Stripe
//! connection, customers and stats: made (with fresh keys), renamed, deleted (everything it
//! holds, its keys stopping at once), and its tested tiers promoted from test to live.
//!
//! Which projects a developer owns lives in their registration object; each project's state
//! lives in its own account and usage shards, exactly as a platform's always has — so a
//! project is isolated from the developer's others by construction (other object names,
//! other keys).

use crate::developers::{account_config, registered};
use crate::objects::{Account, Registered, Registration, Registry, UsageShard};
use crate::{keyring, stats, AppState, Result};
use dream_core::account::VersionedConfig;
use dream_core::api::{CreatedProject, DeletedProject, ModeKeys, ProjectView};
use dream_core::keys::{new_platform_id, KeyKind};
use dream_core::kv_schema::{DeveloperRecord, KeyEntry, KeyStatus, PlatformConfig};
use dream_core::period::rfc3339;
use dream_core::registration::Project;
use dream_core::{ApiError, ErrorCode, Mode};
use futures::future::try_join_all;

/// Longest project name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// A project as the API shows it.
pub fn view(p: &Project, primary: Option<&DeveloperRecord>) -> ProjectView {
    ProjectView {
        id: p.platform_id.clone(),
        name: p.name.clone(),
        created_at: rfc3339(p.created_ms),
        primary: primary.is_some_and(|r| r.platform_id == p.platform_id),
    }
}

/// Every project of a registration, oldest first.
pub fn views(r: &Registered) -> Vec<ProjectView> {
    r.projects.iter().map(|p| view(p, r.record.as_ref())).collect()
}

/// A project name as stored: trimmed, 1 to [`MAX_NAME_CHARS`] characters, no control characters.
pub fn valid_name(name: &str) -> std::result::Result<String, ApiError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ApiError::new(
            ErrorCode::InvalidName,
            format!("a project name is 1-{MAX_NAME_CHARS} characters without control characters"),
        ));
    }
    Ok(name.to_owned())
}

fn publishable(keys: &[KeyEntry], mode: Mode) -> String {
    keys.iter()
        .find(|k| {
            k.kind == KeyKind::Publishable && k.mode == mode && k.status == KeyStatus::Active && k.expires_ms.is_none()
        })
        .map(|k| k.display.clone())
        .unwrap_or_default()
}

/// Sets up a platform's account with a publishable and a secret key per mode, unless an
/// earlier or concurrent call did (a call that stopped half way is finished by the next).
/// Answers whether this call set it up, and each mode's keys — secret ones only then.
pub async fn set_up(state: &AppState, owner: &str, platform_id: &str) -> Result<(bool, ModeKeys, ModeKeys)> {
    let mut fresh = Vec::new();
    let mut values = Vec::new();
    for mode in [Mode::Test, Mode::Live] {
        for kind in [KeyKind::Publishable, KeyKind::Secret] {
            let (entry, value) = keyring::mint(state, kind, mode);
            fresh.push(entry);
            values.push((mode, kind, value));
        }
    }
    let config = PlatformConfig::new(platform_id.to_owned(), owner.to_owned(), state.now_ms());
    let (created, keys) = Account::of(state, platform_id).init(config, fresh).await?;
    // Listed for the deployment's admin figures (a set: a retry adds nothing).
    Registry::new(state).enroll(platform_id).await?;
    let keys_of = |mode: Mode| {
        let secret = values.iter().find(|(m, k, _)| *m == mode && *k == KeyKind::Secret).map(|v| v.2.clone());
        ModeKeys { publishable_key: publishable(&keys, mode), secret_key: secret.filter(|_| created) }
    };
    Ok((created, keys_of(Mode::Test), keys_of(Mode::Live)))
}

/// Makes a new project with fresh keys (409 `too_many_projects` past the bound).
pub async fn create(state: &AppState, owner: &str, name: &str) -> Result<CreatedProject> {
    let name = valid_name(name)?;
    // A developer from before registrations moved into objects is adopted first.
    registered(state, owner).await?;
    let project =
        Project { platform_id: new_platform_id(state.ports.random.as_ref()), name, created_ms: state.now_ms() };
    let held = Registration::of(state, owner).add_project(project.clone()).await?;
    let (_, test, live) = set_up(state, owner, &project.platform_id).await?;
    Ok(CreatedProject { project: view(&project, held.record.as_ref()), test, live })
}

fn owned(r: &Registered, id: &str) -> Result<Project> {
    r.projects
        .iter()
        .find(|p| p.platform_id == id)
        .cloned()
        .ok_or_else(|| ApiError::new(ErrorCode::ProjectNotFound, format!("you have no project {id:?}")).into())
}

/// Renames one of the developer's projects.
pub async fn rename(state: &AppState, owner: &str, id: &str, name: &str) -> Result<ProjectView> {
    let name = valid_name(name)?;
    owned(&registered(state, owner).await?, id)?;
    let held = Registration::of(state, owner).rename_project(id, &name).await?;
    let project = owned(&held, id)?;
    Ok(view(&project, held.record.as_ref()))
}

/// End users' subscriptions of a platform that will bill again (entitling, not set to end).
async fn billing_subscriptions(state: &AppState, platform_id: &str) -> Result<u64> {
    let cfg = account_config(state, platform_id).await?.config;
    let mut n = 0u64;
    for mode in [Mode::Test, Mode::Live] {
        let s = stats::platform(state, platform_id, mode, cfg.tiers(mode), 1).await?;
        n = n.saturating_add(s.revenue.active.saturating_sub(s.revenue.canceling));
    }
    Ok(n)
}

/// Deletes a project once `confirm` repeats its name: refused while any of its end users'
/// subscriptions, or the developer's dream-api plan for it, will bill again (a delete never
/// stops money as a side effect). Then its keys are revoked, every end user's records
/// in both modes removed (each shard answers `project_deleted` from then on), its Stripe
/// accounts disconnected, and the project taken off the developer's list. Each step can be
/// repeated, so a delete that stopped half way is finished by asking again.
pub async fn delete(state: &AppState, owner: &str, id: &str, confirm: &str) -> Result<DeletedProject> {
    let held = registered(state, owner).await?;
    let project = owned(&held, id)?;
    if confirm.trim() != project.name {
        return Err(ApiError::new(
            ErrorCode::ConfirmationMismatch,
            format!("type the project's name, {:?}, as `confirm` to delete it", project.name),
        )
        .into());
    }
    let account = Account::of(state, id);
    // A project already closed by a delete that stopped half way skips straight on.
    let closed = match billing_subscriptions(state, id).await {
        Ok(0) => false,
        Ok(n) => {
            return Err(ApiError::new(
                ErrorCode::ProjectHasSubscriptions,
                format!("{n} end user subscription(s) of this project will bill again: cancel them first (the customer portal or Stripe)"),
            )
            .into())
        }
        Err(e) if e.0.code == ErrorCode::ProjectDeleted => true,
        Err(e) => return Err(e),
    };
    if !closed {
        account.close().await?;
    }
    let shards =
        [Mode::Test, Mode::Live].into_iter().flat_map(|mode| UsageShard::all(state, id, mode)).collect::<Vec<_>>();
    try_join_all(shards.iter().map(UsageShard::close)).await?;
    let mut removed = vec![
        "every API key, test and live (they stopped working at once)".to_owned(),
        "tiers and settings".to_owned(),
        "every end user's usage, plan, customer record and revenue history, test and live".to_owned(),
    ];
    for mode in [Mode::Test, Mode::Live] {
        if let Some(conn) = crate::stripe::disconnect(state, id, mode).await? {
            removed.push(format!(
                "the {mode}-mode Stripe connection to {} (its products stay in Stripe)",
                conn.account_id
            ));
        }
    }
    Registry::new(state).remove(id).await?;
    let after = Registration::of(state, owner).remove_project(id).await?;
    Ok(DeletedProject { deleted: true, project: view(&project, after.record.as_ref()), removed })
}

/// Copies a project's tested test-mode tiers to live mode, unless live changed since
/// `if_live_version` (412); answers the configuration after.
pub async fn promote(state: &AppState, platform_id: &str, if_live_version: Option<u64>) -> Result<VersionedConfig> {
    let cfg = account_config(state, platform_id).await?;
    let tiers = cfg.config.tiers(Mode::Test).to_vec();
    Account::of(state, platform_id).put_tiers(Mode::Live, tiers, if_live_version).await
}
