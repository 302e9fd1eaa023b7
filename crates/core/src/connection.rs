//! Which platform a connected Stripe account belongs to: one object per account and mode,
//! so an account can be bound to one platform only, whatever the concurrency. Its KV copy
//! (`stripe-account:<mode>:<acct>`) routes webhooks.

use crate::kv_schema::{self, AccountOwner};
use crate::meter::MeterStore;
use crate::mode::Mode;
use crate::objects::{read, to_json, CopyRef, KvCopy};
use crate::ports::PortError;
use serde::{Deserialize, Serialize};

const OWNER: &str = "a:owner";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stored {
    mode: Mode,
    account_id: String,
    /// `None` once released.
    platform_id: Option<String>,
}

/// A call to a connected account's binding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ConnectionRequest {
    /// Binds the account to `platform_id` unless another platform holds it.
    Claim {
        mode: Mode,
        account_id: String,
        platform_id: String,
        /// The holder recorded in KV before accounts had objects, adopted if this object is new.
        #[serde(default)]
        legacy_owner: Option<String>,
    },
    /// Unbinds the account if `platform_id` holds it.
    Release {
        mode: Mode,
        account_id: String,
        platform_id: String,
        #[serde(default)]
        legacy_owner: Option<String>,
    },
}

/// Its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConnectionResponse {
    /// The account is (now) the platform's.
    Bound,
    /// Another platform holds the account; nothing changed.
    HeldByAnother,
    Released,
}

/// Applies one call.
pub fn apply(
    store: &mut dyn MeterStore,
    req: &ConnectionRequest,
) -> Result<(ConnectionResponse, Vec<CopyRef>), PortError> {
    let (mode, account_id, legacy_owner) = match req {
        ConnectionRequest::Claim { mode, account_id, legacy_owner, .. }
        | ConnectionRequest::Release { mode, account_id, legacy_owner, .. } => (*mode, account_id, legacy_owner),
    };
    // An account connected before it had an object is held by whom KV said, from now on here.
    let current: Option<Stored> = match (read(store, OWNER)?, legacy_owner) {
        (Some(s), _) => Some(s),
        (None, Some(p)) => {
            let adopted = Stored { mode, account_id: account_id.clone(), platform_id: Some(p.clone()) };
            store.put(OWNER, &to_json(&adopted)?, None)?;
            Some(adopted)
        }
        (None, None) => None,
    };
    let holder = current.as_ref().and_then(|s| s.platform_id.clone());
    Ok(match req {
        ConnectionRequest::Claim { mode, account_id, platform_id, .. } => match holder {
            Some(h) if h == *platform_id => (ConnectionResponse::Bound, vec![]),
            Some(_) => (ConnectionResponse::HeldByAnother, vec![]),
            None => {
                let s = Stored { mode: *mode, account_id: account_id.clone(), platform_id: Some(platform_id.clone()) };
                store.put(OWNER, &to_json(&s)?, None)?;
                (ConnectionResponse::Bound, vec![CopyRef::AccountOwner])
            }
        },
        ConnectionRequest::Release { platform_id, .. } => match current {
            Some(mut s) if s.platform_id.as_deref() == Some(platform_id) => {
                s.platform_id = None;
                store.put(OWNER, &to_json(&s)?, None)?;
                (ConnectionResponse::Released, vec![CopyRef::AccountOwner])
            }
            _ => (ConnectionResponse::Released, vec![]),
        },
    })
}

/// The KV copy `stripe-account:<mode>:<acct>` (deleted once released).
pub(crate) fn owner_copy(store: &dyn MeterStore) -> Result<Option<KvCopy>, PortError> {
    let Some(s) = read::<Stored>(store, OWNER)? else { return Ok(None) };
    let key = kv_schema::stripe_account(s.mode, &s.account_id);
    let value = match s.platform_id {
        Some(platform_id) => Some(to_json(&AccountOwner { platform_id })?),
        None => None,
    };
    Ok(Some(KvCopy { key, value }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemStore;

    fn claim(p: &str) -> ConnectionRequest {
        ConnectionRequest::Claim {
            mode: Mode::Test,
            account_id: "acct_1".into(),
            platform_id: p.into(),
            legacy_owner: None,
        }
    }

    fn release(p: &str) -> ConnectionRequest {
        ConnectionRequest::Release {
            mode: Mode::Test,
            account_id: "acct_1".into(),
            platform_id: p.into(),
            legacy_owner: None,
        }
    }

    #[test]
    fn an_account_connected_before_objects_keeps_its_platform() {
        let mut s = MemStore::default();
        let legacy = |p: &str| ConnectionRequest::Claim {
            mode: Mode::Test,
            account_id: "acct_1".into(),
            platform_id: p.into(),
            legacy_owner: Some("plt_old".into()),
        };
        assert_eq!(apply(&mut s, &legacy("plt_b")).unwrap().0, ConnectionResponse::HeldByAnother);
        // Its own platform reconnects it; releasing it frees it for good.
        assert_eq!(apply(&mut s, &legacy("plt_old")).unwrap().0, ConnectionResponse::Bound);
        apply(&mut s, &release("plt_old")).unwrap();
        assert_eq!(apply(&mut s, &legacy("plt_b")).unwrap().0, ConnectionResponse::Bound);
    }

    #[test]
    fn one_platform_holds_an_account() {
        let mut s = MemStore::default();
        assert_eq!(apply(&mut s, &claim("plt_a")).unwrap().0, ConnectionResponse::Bound);
        assert_eq!(apply(&mut s, &claim("plt_b")).unwrap().0, ConnectionResponse::HeldByAnother);
        assert_eq!(apply(&mut s, &claim("plt_a")).unwrap(), (ConnectionResponse::Bound, vec![]));
        // Only the holder can release it; then another platform may claim it.
        apply(&mut s, &release("plt_b")).unwrap();
        assert_eq!(apply(&mut s, &claim("plt_b")).unwrap().0, ConnectionResponse::HeldByAnother);
        apply(&mut s, &release("plt_a")).unwrap();
        assert_eq!(owner_copy(&s).unwrap().map(|c| c.value), Some(None));
        assert_eq!(apply(&mut s, &claim("plt_b")).unwrap().0, ConnectionResponse::Bound);
        let copy = owner_copy(&s).unwrap().unwrap();
        assert_eq!(copy.key, "stripe-account:test:acct_1");
    }
}
