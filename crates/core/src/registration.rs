//! A developer's registration object: the projects (platforms) they own. One object per
//! developer, so concurrent first registrations settle on one platform, and creating,
//! renaming and removing projects apply one after another.
//!
//! The first project is the developer's *primary* one: the KV copy `developer:<id>` names it,
//! and developer calls that name no project act on it — so everything written before
//! projects existed keeps working unchanged.

use crate::error::{ApiError, ErrorCode};
use crate::kv_schema::{self, DeveloperRecord};
use crate::meter::MeterStore;
use crate::objects::{read, to_json, CopyRef, KvCopy};
use crate::ports::PortError;
use serde::{Deserialize, Serialize};

const RECORD: &str = "r:developer";

/// How many projects one developer may own.
pub const MAX_PROJECTS: usize = 10;

/// The name a project made before projects had names is shown with.
pub const FIRST_PROJECT_NAME: &str = "My project";

/// One project of a developer: a platform with its own keys, tiers, settings, Stripe
/// connection, customers and stats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub platform_id: String,
    pub name: String,
    pub created_ms: i64,
}

/// The stored registration (the Clerk id names the KV copy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stored {
    clerk_user_id: String,
    /// The primary project; `None` once every project was deleted.
    record: Option<DeveloperRecord>,
    /// Every project, oldest first (empty in registrations made before projects: the
    /// primary one alone, named [`FIRST_PROJECT_NAME`]).
    #[serde(default)]
    projects: Vec<Project>,
}

impl Stored {
    fn projects(&self) -> Vec<Project> {
        match (&self.record, self.projects.is_empty()) {
            (Some(r), true) => vec![Project {
                platform_id: r.platform_id.clone(),
                name: FIRST_PROJECT_NAME.into(),
                created_ms: r.created_ms,
            }],
            _ => self.projects.clone(),
        }
    }
}

/// A call to a developer's registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum RegistrationRequest {
    /// Makes `record` the developer's first project unless they already have a project.
    Claim { clerk_user_id: String, record: DeveloperRecord },
    /// The developer's primary project and every project.
    Get,
    /// Adds a project (refused past [`MAX_PROJECTS`]); the first becomes the primary.
    AddProject { clerk_user_id: String, project: Project },
    /// Renames one of the developer's projects.
    RenameProject { platform_id: String, name: String },
    /// Removes a project; the oldest one left becomes the primary.
    RemoveProject { platform_id: String },
}

/// Its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RegistrationResponse {
    /// The developer's platform; `claimed` when this call made it theirs.
    Claimed { record: DeveloperRecord, claimed: bool },
    /// The primary project and every project; `known` once the developer ever registered
    /// (so a registration whose projects were all deleted is not adopted from KV again).
    Record {
        record: Option<DeveloperRecord>,
        #[serde(default)]
        projects: Vec<Project>,
        #[serde(default)]
        known: bool,
    },
    /// The change breaks a rule; nothing was changed.
    Refused { error: ApiError },
}

fn project_not_found(platform_id: &str) -> ApiError {
    ApiError::new(ErrorCode::ProjectNotFound, format!("you have no project {platform_id:?}"))
}

fn answer(s: &Stored) -> RegistrationResponse {
    RegistrationResponse::Record { record: s.record.clone(), projects: s.projects(), known: true }
}

fn save(store: &mut dyn MeterStore, s: &Stored) -> Result<(), PortError> {
    store.put(RECORD, &to_json(s)?, None)
}

/// Applies one call.
pub fn apply(
    store: &mut dyn MeterStore,
    req: &RegistrationRequest,
    _now_ms: i64,
) -> Result<(RegistrationResponse, Vec<CopyRef>), PortError> {
    let current: Option<Stored> = read(store, RECORD)?;
    let refused = |error: ApiError| Ok((RegistrationResponse::Refused { error }, vec![]));
    match (req, current) {
        (RegistrationRequest::Get, None) => {
            Ok((RegistrationResponse::Record { record: None, projects: vec![], known: false }, vec![]))
        }
        (RegistrationRequest::Get, Some(s)) => Ok((answer(&s), vec![])),
        (RegistrationRequest::Claim { .. }, Some(Stored { record: Some(record), .. })) => {
            Ok((RegistrationResponse::Claimed { record, claimed: false }, vec![]))
        }
        (RegistrationRequest::Claim { clerk_user_id, record }, _) => {
            let project = Project {
                platform_id: record.platform_id.clone(),
                name: FIRST_PROJECT_NAME.into(),
                created_ms: record.created_ms,
            };
            let stored =
                Stored { clerk_user_id: clerk_user_id.clone(), record: Some(record.clone()), projects: vec![project] };
            save(store, &stored)?;
            Ok((
                RegistrationResponse::Claimed { record: record.clone(), claimed: true },
                vec![CopyRef::DeveloperRecord],
            ))
        }
        (RegistrationRequest::AddProject { clerk_user_id, project }, current) => {
            let mut s =
                current.unwrap_or(Stored { clerk_user_id: clerk_user_id.clone(), record: None, projects: vec![] });
            let mut projects = s.projects();
            if projects.iter().any(|p| p.platform_id == project.platform_id) {
                return Ok((answer(&s), vec![]));
            }
            if projects.len() >= MAX_PROJECTS {
                return refused(ApiError::new(
                    ErrorCode::TooManyProjects,
                    format!("a developer can own at most {MAX_PROJECTS} projects; delete one first"),
                ));
            }
            projects.push(project.clone());
            s.projects = projects;
            let mut copies = vec![];
            if s.record.is_none() {
                s.record =
                    Some(DeveloperRecord { platform_id: project.platform_id.clone(), created_ms: project.created_ms });
                copies.push(CopyRef::DeveloperRecord);
            }
            save(store, &s)?;
            Ok((answer(&s), copies))
        }
        (RegistrationRequest::RenameProject { platform_id, name }, Some(mut s)) => {
            let mut projects = s.projects();
            let Some(p) = projects.iter_mut().find(|p| &p.platform_id == platform_id) else {
                return refused(project_not_found(platform_id));
            };
            p.name = name.clone();
            s.projects = projects;
            save(store, &s)?;
            Ok((answer(&s), vec![]))
        }
        (RegistrationRequest::RemoveProject { platform_id }, Some(mut s)) => {
            let mut projects = s.projects();
            if !projects.iter().any(|p| &p.platform_id == platform_id) {
                return refused(project_not_found(platform_id));
            }
            projects.retain(|p| &p.platform_id != platform_id);
            let mut copies = vec![];
            if s.record.as_ref().is_some_and(|r| &r.platform_id == platform_id) {
                s.record = projects
                    .first()
                    .map(|p| DeveloperRecord { platform_id: p.platform_id.clone(), created_ms: p.created_ms });
                copies.push(CopyRef::DeveloperRecord);
            }
            s.projects = projects;
            save(store, &s)?;
            Ok((answer(&s), copies))
        }
        (
            RegistrationRequest::RenameProject { platform_id, .. } | RegistrationRequest::RemoveProject { platform_id },
            None,
        ) => refused(project_not_found(platform_id)),
    }
}

/// The KV copy `developer:<id>`: the primary project, removed with the last project.
pub(crate) fn record_copy(store: &dyn MeterStore) -> Result<Option<KvCopy>, PortError> {
    Ok(match read::<Stored>(store, RECORD)? {
        Some(s) => Some(KvCopy {
            key: kv_schema::developer(&s.clerk_user_id),
            value: match &s.record {
                Some(r) => Some(to_json(r)?),
                None => None,
            },
        }),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemStore;

    fn claim(p: &str) -> RegistrationRequest {
        RegistrationRequest::Claim {
            clerk_user_id: "user_1".into(),
            record: DeveloperRecord { platform_id: p.into(), created_ms: 1 },
        }
    }

    fn add(p: &str) -> RegistrationRequest {
        RegistrationRequest::AddProject {
            clerk_user_id: "user_1".into(),
            project: Project { platform_id: p.into(), name: format!("Project {p}"), created_ms: 2 },
        }
    }

    fn projects(s: &mut MemStore) -> (Option<String>, Vec<String>) {
        match apply(s, &RegistrationRequest::Get, 0).unwrap().0 {
            RegistrationResponse::Record { record, projects, known: true } => {
                (record.map(|r| r.platform_id), projects.into_iter().map(|p| p.platform_id).collect())
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_first_claim_wins() {
        let mut s = MemStore::default();
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

    #[test]
    fn a_registration_from_before_projects_reads_as_one_named_project() {
        let mut s = MemStore::default();
        let old = r#"{"clerk_user_id":"user_1","record":{"platform_id":"plt_a","created_ms":1}}"#;
        s.put(RECORD, old, None).unwrap();
        match apply(&mut s, &RegistrationRequest::Get, 0).unwrap().0 {
            RegistrationResponse::Record { projects, .. } => {
                assert_eq!(
                    projects,
                    vec![Project { platform_id: "plt_a".into(), name: FIRST_PROJECT_NAME.into(), created_ms: 1 }]
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn projects_are_added_to_a_bound_renamed_and_removed_and_the_primary_moves_on() {
        let mut s = MemStore::default();
        apply(&mut s, &claim("plt_a"), 0).unwrap();
        apply(&mut s, &add("plt_b"), 0).unwrap();
        apply(&mut s, &add("plt_b"), 0).unwrap();
        assert_eq!(
            projects(&mut s),
            (Some("plt_a".into()), vec!["plt_a".into(), "plt_b".into()]),
            "adding twice adds once"
        );
        for n in 2..MAX_PROJECTS {
            apply(&mut s, &add(&format!("plt_{n}")), 0).unwrap();
        }
        let refused = apply(&mut s, &add("plt_z"), 0).unwrap().0;
        assert!(matches!(refused, RegistrationResponse::Refused { error } if error.code == ErrorCode::TooManyProjects));
        let rename = RegistrationRequest::RenameProject { platform_id: "plt_b".into(), name: "Shop".into() };
        assert!(matches!(apply(&mut s, &rename, 0).unwrap().0, RegistrationResponse::Record { .. }));
        let (_, copies) =
            apply(&mut s, &RegistrationRequest::RemoveProject { platform_id: "plt_a".into() }, 0).unwrap();
        assert_eq!(copies, vec![CopyRef::DeveloperRecord], "the primary moves to the oldest left");
        assert_eq!(projects(&mut s).0.as_deref(), Some("plt_b"));
        let gone = RegistrationRequest::RemoveProject { platform_id: "plt_a".into() };
        assert!(matches!(apply(&mut s, &gone, 0).unwrap().0, RegistrationResponse::Refused { .. }));
        for n in std::iter::once("plt_b".to_owned()).chain((2..MAX_PROJECTS).map(|n| format!("plt_{n}"))) {
            apply(&mut s, &RegistrationRequest::RemoveProject { platform_id: n }, 0).unwrap();
        }
        assert_eq!(projects(&mut s), (None, vec![]));
        assert_eq!(record_copy(&s).unwrap().unwrap().value, None, "the KV copy goes with the last project");
        // Registering again makes a new first project.
        assert!(matches!(
            apply(&mut s, &claim("plt_new"), 0).unwrap().0,
            RegistrationResponse::Claimed { claimed: true, .. }
        ));
    }
}
