//! Every Durable Object: its name (built here and nowhere else), the call envelope that
//! carries each role's own protocol, and the one dispatcher the object runs.
//!
//! Roles, each with its own request/response types and `apply` in its own module:
//! - usage shards ([`crate::meter`]): end users' counters, plans, subscriptions;
//! - a platform's account ([`crate::account`]): its keyring, configuration, and the
//!   developer's dream-api plan;
//! - a developer's registration ([`crate::registration`]): which platform they own;
//! - single-use OAuth states ([`crate::once`]);
//! - which platform a connected Stripe account belongs to ([`crate::connection`]);
//! - the registry of platforms ([`crate::registry`]);
//! - an end user of the shared Clerk app: the platforms they are bound to ([`crate::person`]).
//!
//! Objects that own a KV read-side copy name it in [`Applied::copies`]; the shell then
//! writes the copy's *current* value from the object's store, one writer at a time per
//! object ([`current_copy`]), so a slower writer can never put an older value back.

use crate::meter::{MeterStore, METER_SHARDS};
use crate::mode::Mode;
use crate::ports::PortError;
use crate::{account, connection, meter, once, person, registration, registry};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The name of one Durable Object; only the constructors below build one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectName(String);

impl ObjectName {
    /// Usage shard `shard` of a platform in a mode: `<platform>:<mode>:<nn>`.
    pub fn usage_shard(platform_id: &str, mode: Mode, shard: u32) -> ObjectName {
        ObjectName(format!("{platform_id}:{mode}:{shard:02}"))
    }
    /// The usage shard holding `user_id` (FNV-1a of the id).
    pub fn usage_shard_for(platform_id: &str, mode: Mode, user_id: &str) -> ObjectName {
        Self::usage_shard(platform_id, mode, meter::shard_of(user_id))
    }
    /// Every usage shard of a platform in a mode.
    pub fn all_usage_shards(platform_id: &str, mode: Mode) -> Vec<ObjectName> {
        (0..METER_SHARDS).map(|s| Self::usage_shard(platform_id, mode, s)).collect()
    }
    /// A platform's account: keyring, configuration, dream-api plan (`<platform>:account`).
    pub fn account(platform_id: &str) -> ObjectName {
        ObjectName(format!("{platform_id}:account"))
    }
    /// A developer's registration (`developer:<clerk user id>`).
    pub fn registration(clerk_user_id: &str) -> ObjectName {
        ObjectName(format!("developer:{clerk_user_id}"))
    }
    /// Pending Connect OAuth states of a platform in a mode (`<platform>:<mode>:oauth`).
    pub fn oauth_states(platform_id: &str, mode: Mode) -> ObjectName {
        ObjectName(format!("{platform_id}:{mode}:oauth"))
    }
    /// Which platform a connected Stripe account belongs to (`stripe-account:<mode>:<acct>`).
    pub fn connected_account(mode: Mode, account_id: &str) -> ObjectName {
        ObjectName(format!("stripe-account:{mode}:{account_id}"))
    }
    /// A person of the shared end-user Clerk app (`person:<clerk user id>`).
    pub fn person(clerk_user_id: &str) -> ObjectName {
        ObjectName(format!("person:{clerk_user_id}"))
    }
    /// The list of every platform (`dream:registry`).
    pub fn registry() -> ObjectName {
        ObjectName("dream:registry".into())
    }
    /// The name as the runtime sees it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ObjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A call to an object: one role's request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", content = "call", rename_all = "snake_case")]
pub enum ObjectRequest {
    Usage(meter::MeterRequest),
    Account(account::AccountRequest),
    Registration(registration::RegistrationRequest),
    Once(once::OnceRequest),
    Connection(connection::ConnectionRequest),
    Registry(registry::RegistryRequest),
    Person(person::PersonRequest),
}

/// An object's answer: the same role's response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", content = "answer", rename_all = "snake_case")]
pub enum ObjectResponse {
    Usage(meter::MeterResponse),
    Account(account::AccountResponse),
    Registration(registration::RegistrationResponse),
    Once(once::OnceResponse),
    Connection(connection::ConnectionResponse),
    Registry(registry::RegistryResponse),
    Person(person::PersonResponse),
}

/// A KV read-side copy an object keeps current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "copy", rename_all = "snake_case")]
pub enum CopyRef {
    /// A key record (`secret-key:…` / `publishable-key:…`) of the account's keyring.
    KeyRecord { key_id: String },
    /// The platform configuration (`platform:<id>:config`).
    PlatformConfig,
    /// The developer → platform record (`developer:<id>`).
    DeveloperRecord,
    /// A connected Stripe account → platform record (`stripe-account:<mode>:<acct>`).
    AccountOwner,
}

/// What a KV copy should hold now (`None`: it is deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KvCopy {
    pub key: String,
    pub value: Option<String>,
}

/// An applied call: the answer, and the KV copies it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub response: ObjectResponse,
    pub copies: Vec<CopyRef>,
}

impl Applied {
    /// An answer that changed no KV copy.
    pub fn plain(response: ObjectResponse) -> Applied {
        Applied { response, copies: vec![] }
    }
}

/// Applies one call to an object's store at `now_ms`: the object's single dispatcher.
/// Atomic as long as calls on an object run one at a time (a Durable Object does).
pub fn dispatch(store: &mut dyn MeterStore, req: &ObjectRequest, now_ms: i64) -> Result<Applied, PortError> {
    Ok(match req {
        ObjectRequest::Usage(r) => Applied::plain(ObjectResponse::Usage(meter::apply(store, r, now_ms)?)),
        ObjectRequest::Account(r) => {
            let (answer, copies) = account::apply(store, r, now_ms)?;
            Applied { response: ObjectResponse::Account(answer), copies }
        }
        ObjectRequest::Registration(r) => {
            let (answer, copies) = registration::apply(store, r, now_ms)?;
            Applied { response: ObjectResponse::Registration(answer), copies }
        }
        ObjectRequest::Once(r) => Applied::plain(ObjectResponse::Once(once::apply(store, r, now_ms)?)),
        ObjectRequest::Connection(r) => {
            let (answer, copies) = connection::apply(store, r)?;
            Applied { response: ObjectResponse::Connection(answer), copies }
        }
        ObjectRequest::Registry(r) => Applied::plain(ObjectResponse::Registry(registry::apply(store, r)?)),
        ObjectRequest::Person(r) => Applied::plain(ObjectResponse::Person(person::apply(store, r)?)),
    })
}

/// The current value of a KV copy, read from the object's store (called by the shell with
/// the object's publish lock held, after [`dispatch`] named the copy).
pub fn current_copy(store: &dyn MeterStore, copy: &CopyRef) -> Result<Option<KvCopy>, PortError> {
    match copy {
        CopyRef::KeyRecord { key_id } => account::key_record_copy(store, key_id),
        CopyRef::PlatformConfig => account::config_copy(store),
        CopyRef::DeveloperRecord => registration::record_copy(store),
        CopyRef::AccountOwner => connection::owner_copy(store),
    }
}

/// Serialises a stored value, as a port error if it cannot be.
pub(crate) fn to_json<T: Serialize>(v: &T) -> Result<String, PortError> {
    serde_json::to_string(v).map_err(|e| PortError(e.to_string()))
}

/// Reads a stored JSON value under `key`.
pub(crate) fn read<T: for<'de> Deserialize<'de>>(store: &dyn MeterStore, key: &str) -> Result<Option<T>, PortError> {
    match store.get(key)? {
        Some(v) => {
            serde_json::from_str(&v).map(Some).map_err(|e| PortError(format!("stored {key} is unreadable: {e}")))
        }
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_built_here_only_and_stay_stable() {
        // Persisted objects are found by these names: they must never change.
        assert_eq!(ObjectName::usage_shard("plt_x", Mode::Live, 3).as_str(), "plt_x:live:03");
        assert_eq!(ObjectName::account("plt_x").as_str(), "plt_x:account");
        assert_eq!(ObjectName::oauth_states("plt_x", Mode::Test).as_str(), "plt_x:test:oauth");
        assert_eq!(ObjectName::registry().as_str(), "dream:registry");
        assert_eq!(ObjectName::registration("user_1").as_str(), "developer:user_1");
        assert_eq!(ObjectName::person("user_1").as_str(), "person:user_1");
        assert_eq!(ObjectName::all_usage_shards("p", Mode::Test).len(), METER_SHARDS as usize);
    }

    #[test]
    fn the_envelope_names_the_role() {
        let req = ObjectRequest::Registry(registry::RegistryRequest::Members);
        let json = serde_json::to_string(&req).unwrap_or_default();
        assert_eq!(json, r#"{"role":"registry","call":{"op":"members"}}"#);
        assert_eq!(serde_json::from_str::<ObjectRequest>(&json).ok(), Some(req));
    }
}
