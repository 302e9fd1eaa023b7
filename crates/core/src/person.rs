//! An end user of the shared Clerk app (one object per person): the platforms they are bound
//! to. Clerk's user metadata is where tokens get the list from (`public_metadata.platformIds`),
//! but Clerk replaces arrays whole and has no compare-and-set, so two sign-ups of one person
//! racing through read-modify-write there could drop a platform. This object is the one
//! writer of the list: each bind gives the whole list and a version, and the shell writes it
//! to Clerk until the version it wrote is still the newest (`dream_services::sign_up::bind`).

use crate::meter::MeterStore;
use crate::objects::{read, to_json};
use crate::ports::PortError;
use serde::{Deserialize, Serialize};

/// At most this many platforms per person: Clerk caps public metadata at 8 KB.
pub const MAX_PLATFORMS: usize = 100;

/// A call to a person's object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PersonRequest {
    /// Adds `platform_id`, and any of `known` (the list Clerk holds now, so that bindings
    /// made before this object existed are kept) not yet on the list.
    Bind { platform_id: String, known: Vec<String> },
    /// The current list.
    Get,
}

/// Its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PersonResponse {
    /// Every platform the person is bound to, in the order bound; `version` grows with each change.
    Bindings { platform_ids: Vec<String>, version: u64 },
    /// Binding one more would pass [`MAX_PLATFORMS`]; nothing changed.
    Full,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    platform_ids: Vec<String>,
    version: u64,
}

const KEY: &str = "p:bindings";

/// Applies one call.
pub fn apply(store: &mut dyn MeterStore, req: &PersonRequest) -> Result<PersonResponse, PortError> {
    let mut s: Stored = read(store, KEY)?.unwrap_or_default();
    if let PersonRequest::Bind { platform_id, known } = req {
        let before = s.platform_ids.len();
        for id in known.iter().chain([platform_id]) {
            if !s.platform_ids.contains(id) {
                if s.platform_ids.len() >= MAX_PLATFORMS {
                    return Ok(PersonResponse::Full);
                }
                s.platform_ids.push(id.clone());
            }
        }
        if s.platform_ids.len() != before {
            s.version = s.version.saturating_add(1);
            store.put(KEY, &to_json(&s)?, None)?;
        }
    }
    Ok(PersonResponse::Bindings { platform_ids: s.platform_ids, version: s.version })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemStore;

    fn bind(s: &mut MemStore, id: &str, known: &[&str]) -> PersonResponse {
        let req =
            PersonRequest::Bind { platform_id: id.into(), known: known.iter().map(|k| (*k).to_owned()).collect() };
        apply(s, &req).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn bindings(ids: &[&str], version: u64) -> PersonResponse {
        PersonResponse::Bindings { platform_ids: ids.iter().map(|k| (*k).to_owned()).collect(), version }
    }

    #[test]
    fn binds_accumulate_keep_what_clerk_knew_and_only_changes_bump_the_version() {
        let mut s = MemStore::default();
        assert_eq!(apply(&mut s, &PersonRequest::Get).ok(), Some(bindings(&[], 0)));
        assert_eq!(bind(&mut s, "plt_a", &["plt_old"]), bindings(&["plt_old", "plt_a"], 1));
        assert_eq!(bind(&mut s, "plt_b", &["plt_a"]), bindings(&["plt_old", "plt_a", "plt_b"], 2));
        // Binding again changes nothing: same version, so a writer sees it is still current.
        assert_eq!(bind(&mut s, "plt_a", &[]), bindings(&["plt_old", "plt_a", "plt_b"], 2));
    }

    #[test]
    fn the_list_is_bounded() {
        let mut s = MemStore::default();
        for i in 0..MAX_PLATFORMS {
            assert!(matches!(bind(&mut s, &format!("plt_{i}"), &[]), PersonResponse::Bindings { .. }));
        }
        assert_eq!(bind(&mut s, "plt_one_more", &[]), PersonResponse::Full);
        assert_eq!(bind(&mut s, "plt_0", &[]), bindings_len(MAX_PLATFORMS, &mut s));
    }

    fn bindings_len(n: usize, s: &mut MemStore) -> PersonResponse {
        let now = apply(s, &PersonRequest::Get).unwrap_or_else(|e| panic!("{e:?}"));
        match &now {
            PersonResponse::Bindings { platform_ids, .. } => assert_eq!(platform_ids.len(), n),
            PersonResponse::Full => panic!("Get never answers Full"),
        }
        now
    }
}
