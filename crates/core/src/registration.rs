//! A developer's registration object: which platform they own. One object per developer, so
//! concurrent first registrations settle on one platform.

use crate::kv_schema::{self, DeveloperRecord};
use crate::meter::MeterStore;
use crate::objects::{read, to_json, CopyRef, KvCopy};
use crate::ports::PortError;
use serde::{Deserialize, Serialize};

const RECORD: &str = "r:developer";

/// The stored registration (the Clerk id names the KV copy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stored {
    clerk_user_id: String,
    record: DeveloperRecord,
}

/// A call to a developer's registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum RegistrationRequest {
    /// Makes `record` the developer's platform unless they already have one.
    Claim { clerk_user_id: String, record: DeveloperRecord },
    /// The developer's platform, if any.
    Get,
}

/// Its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RegistrationResponse {
    /// The developer's platform; `claimed` when this call made it theirs.
    Claimed {
        record: DeveloperRecord,
        claimed: bool,
    },
    Record {
        record: Option<DeveloperRecord>,
    },
}

/// Applies one call.
pub fn apply(
    store: &mut dyn MeterStore,
    req: &RegistrationRequest,
    _now_ms: i64,
) -> Result<(RegistrationResponse, Vec<CopyRef>), PortError> {
    let current: Option<Stored> = read(store, RECORD)?;
    Ok(match (req, current) {
        (RegistrationRequest::Get, current) => {
            (RegistrationResponse::Record { record: current.map(|s| s.record) }, vec![])
        }
        (RegistrationRequest::Claim { .. }, Some(s)) => {
            (RegistrationResponse::Claimed { record: s.record, claimed: false }, vec![])
        }
        (RegistrationRequest::Claim { clerk_user_id, record }, None) => {
            let stored = Stored { clerk_user_id: clerk_user_id.clone(), record: record.clone() };
            store.put(RECORD, &to_json(&stored)?, None)?;
            (RegistrationResponse::Claimed { record: record.clone(), claimed: true }, vec![CopyRef::DeveloperRecord])
        }
    })
}

/// The KV copy `developer:<id>`.
pub(crate) fn record_copy(store: &dyn MeterStore) -> Result<Option<KvCopy>, PortError> {
    Ok(match read::<Stored>(store, RECORD)? {
        Some(s) => Some(KvCopy { key: kv_schema::developer(&s.clerk_user_id), value: Some(to_json(&s.record)?) }),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemStore;

    #[test]
    fn the_first_claim_wins() {
        let mut s = MemStore::default();
        let claim = |p: &str| RegistrationRequest::Claim {
            clerk_user_id: "user_1".into(),
            record: DeveloperRecord { platform_id: p.into(), created_ms: 1 },
        };
        let (a, copies) = apply(&mut s, &claim("plt_a"), 0).unwrap();
        assert_eq!(copies, vec![CopyRef::DeveloperRecord]);
        assert!(matches!(a, RegistrationResponse::Claimed { claimed: true, .. }));
        match apply(&mut s, &claim("plt_b"), 0).unwrap().0 {
            RegistrationResponse::Claimed { record, claimed } => {
                assert_eq!((record.platform_id.as_str(), claimed), ("plt_a", false))
            }
            other => panic!("{other:?}"),
        }
        let copy = record_copy(&s).unwrap().unwrap();
        assert_eq!(copy.key, "developer:user_1");
    }
}
