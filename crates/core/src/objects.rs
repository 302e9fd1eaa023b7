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
//! - an end user of the shared Clerk app: the platforms they are bound to ([`crate::person`]);
//! - a project's webhook endpoints and deliveries in one mode ([`crate::webhooks`]);
//! - a store project's products, stock holds and orders in one mode ([`crate::store`]).
//!
//! An object may ask to be woken ([`Applied::wake_at`], a Durable Object alarm): a usage
//! shard to hand the webhook events it made to its project's outbox, an outbox to deliver.
//! Woken, it is sent [`AlarmRequest::Wake`] and answers the work to do ([`AlarmWork`]).
//!
//! Objects that own a KV read-side copy name it in [`Applied::copies`]; the shell then
//! writes the copy's *current* value from the object's store, one writer at a time per
//! object ([`current_copy`]), so a slower writer can never put an older value back.

use crate::meter::{MeterStore, METER_SHARDS};
use crate::mode::Mode;
use crate::ports::PortError;
use crate::webhook_events::{self, Forward, Origin};
use crate::webhooks::{self, Attempt};
use crate::{account, connection, meter, once, person, registration, registry, store};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The name of one Durable Object; only the constructors below build one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
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
    /// A project's webhook endpoints and deliveries in a mode (`<platform>:<mode>:webhooks`).
    pub fn webhooks(platform_id: &str, mode: Mode) -> ObjectName {
        ObjectName(format!("{platform_id}:{mode}:webhooks"))
    }
    /// A store project's catalog, holds and orders in a mode (`<platform>:<mode>:store`).
    pub fn store(platform_id: &str, mode: Mode) -> ObjectName {
        ObjectName(format!("{platform_id}:{mode}:store"))
    }
    /// A name an object stored (it was built by one of the constructors above), or the name
    /// the runtime handed an object its call under.
    pub fn from_stored(name: String) -> ObjectName {
        ObjectName(name)
    }
    /// The project and mode of an object that makes webhook events — a usage shard or a
    /// store (`None`: another role's name).
    pub fn shard_origin(&self) -> Option<Origin> {
        let mut parts = self.0.rsplitn(3, ':');
        let (last, mode, platform) = (parts.next()?, parts.next()?, parts.next()?);
        let is_shard = last.len() == 2 && last.parse::<u32>().is_ok_and(|n| n < METER_SHARDS);
        (is_shard || last == "store").then_some(Origin { platform: platform.to_owned(), mode: Mode::parse(mode)? })
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
    Webhooks(webhooks::WebhooksRequest),
    Store(store::StoreRequest),
    Alarm(AlarmRequest),
}

/// What an object's alarm asks of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum AlarmRequest {
    /// What is there to do now?
    Wake,
    /// A usage shard's events up to `through` reached their outbox.
    Forwarded { through: String },
    /// Nothing to do: when should the alarm ring next? (`Applied::wake_at`; `None`: never.)
    Next,
}

/// The work an alarm found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "work", rename_all = "snake_case")]
pub enum AlarmWork {
    Idle,
    /// Hand these events to their outbox, then say [`AlarmRequest::Forwarded`].
    Forward(Forward),
    /// Make these attempts, then report them ([`webhooks::WebhooksRequest::Report`]).
    Deliver {
        attempts: Vec<Attempt>,
    },
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
    Webhooks(webhooks::WebhooksResponse),
    Store(store::StoreResponse),
    Alarm(AlarmWork),
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
    /// When the object asks to be woken (its alarm), if the call gave it work for later.
    pub wake_at: Option<i64>,
}

impl Applied {
    /// An answer that changed no KV copy and needs no alarm.
    pub fn plain(response: ObjectResponse) -> Applied {
        Applied { response, copies: vec![], wake_at: None }
    }
}

/// Applies one call to the object `name` over its store at `now_ms`: the object's single
/// dispatcher. Atomic as long as calls on an object run one at a time (a Durable Object does).
pub fn dispatch(
    store: &mut dyn MeterStore,
    name: &ObjectName,
    req: &ObjectRequest,
    now_ms: i64,
) -> Result<Applied, PortError> {
    Ok(match req {
        ObjectRequest::Usage(r) => {
            let (answer, wake_at) = meter::apply_in(store, name.shard_origin().as_ref(), r, now_ms)?;
            Applied { response: ObjectResponse::Usage(answer), copies: vec![], wake_at }
        }
        ObjectRequest::Account(r) => {
            let (answer, copies) = account::apply(store, r, now_ms)?;
            Applied { response: ObjectResponse::Account(answer), copies, wake_at: None }
        }
        ObjectRequest::Registration(r) => {
            let (answer, copies) = registration::apply(store, r, now_ms)?;
            Applied { response: ObjectResponse::Registration(answer), copies, wake_at: None }
        }
        ObjectRequest::Once(r) => Applied::plain(ObjectResponse::Once(once::apply(store, r, now_ms)?)),
        ObjectRequest::Connection(r) => {
            let (answer, copies) = connection::apply(store, r)?;
            Applied { response: ObjectResponse::Connection(answer), copies, wake_at: None }
        }
        ObjectRequest::Registry(r) => Applied::plain(ObjectResponse::Registry(registry::apply(store, r)?)),
        ObjectRequest::Person(r) => Applied::plain(ObjectResponse::Person(person::apply(store, r)?)),
        ObjectRequest::Webhooks(r) => {
            let (answer, wake_at) = webhooks::apply(store, r, now_ms)?;
            Applied { response: ObjectResponse::Webhooks(answer), copies: vec![], wake_at }
        }
        ObjectRequest::Store(r) => {
            let (answer, news) = store::apply(store, r, now_ms)?;
            // A paid or refunded order is told to the project's webhooks, kept here first.
            let mut wake_at = None;
            if let (Some(news), Some(origin)) = (news, name.shard_origin()) {
                let event = webhook_events::order_event(&origin, &news, now_ms);
                wake_at = webhook_events::keep(store, &origin, &event, now_ms)?;
            }
            Applied { response: ObjectResponse::Store(answer), copies: vec![], wake_at }
        }
        ObjectRequest::Alarm(AlarmRequest::Wake) => {
            // A shard holds events to hand on; an outbox, deliveries (never both).
            let work = match webhook_events::to_forward(store)? {
                Some(f) => AlarmWork::Forward(f),
                None => match webhooks::apply(store, &webhooks::WebhooksRequest::Due, now_ms)?.0 {
                    webhooks::WebhooksResponse::Due { attempts } if !attempts.is_empty() => {
                        AlarmWork::Deliver { attempts }
                    }
                    _ => AlarmWork::Idle,
                },
            };
            let wake_at = if work == AlarmWork::Idle { webhooks::next_wake(store)? } else { None };
            Applied { response: ObjectResponse::Alarm(work), copies: vec![], wake_at }
        }
        ObjectRequest::Alarm(AlarmRequest::Next) => {
            let held = webhook_events::to_forward(store)?.is_some();
            let wake_at = if held { Some(now_ms) } else { webhooks::next_wake(store)? };
            Applied { response: ObjectResponse::Alarm(AlarmWork::Idle), copies: vec![], wake_at }
        }
        ObjectRequest::Alarm(AlarmRequest::Forwarded { through }) => {
            let more = webhook_events::forwarded(store, through)?;
            Applied {
                response: ObjectResponse::Alarm(AlarmWork::Idle),
                copies: vec![],
                wake_at: more.then_some(now_ms),
            }
        }
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
        assert_eq!(ObjectName::webhooks("plt_x", Mode::Live).as_str(), "plt_x:live:webhooks");
    }

    #[test]
    fn a_usage_shards_name_says_its_project_and_mode() {
        let origin = ObjectName::usage_shard("plt_x", Mode::Live, 15).shard_origin();
        assert_eq!(origin, Some(Origin { platform: "plt_x".into(), mode: Mode::Live }));
        assert_eq!(ObjectName::webhooks("plt_x", Mode::Live).shard_origin(), None);
        assert_eq!(ObjectName::oauth_states("plt_x", Mode::Live).shard_origin(), None);
        assert_eq!(ObjectName::account("plt_x").shard_origin(), None);
        let store = ObjectName::store("plt_x", Mode::Test).shard_origin();
        assert_eq!(store, Some(Origin { platform: "plt_x".into(), mode: Mode::Test }));
    }

    #[test]
    fn the_envelope_names_the_role() {
        let req = ObjectRequest::Registry(registry::RegistryRequest::Members);
        let json = serde_json::to_string(&req).unwrap_or_default();
        assert_eq!(json, r#"{"role":"registry","call":{"op":"members"}}"#);
        assert_eq!(serde_json::from_str::<ObjectRequest>(&json).ok(), Some(req));
    }
}
