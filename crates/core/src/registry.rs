//! The registry of platforms (KV cannot list): a set, for the deployment's admin figures.

use crate::meter::MeterStore;
use crate::ports::PortError;
use serde::{Deserialize, Serialize};

/// A call to the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum RegistryRequest {
    /// Adds a platform (a set: enrolling twice adds nothing).
    Enroll { platform_id: String },
    /// Every platform.
    Members,
    /// Takes a deleted platform off the list (removing one not listed is harmless).
    Remove { platform_id: String },
}

/// Its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RegistryResponse {
    Enrolled,
    Members { members: Vec<String> },
}

fn member_key(member: &str) -> String {
    format!("s:{member}")
}

/// Applies one call.
pub fn apply(store: &mut dyn MeterStore, req: &RegistryRequest) -> Result<RegistryResponse, PortError> {
    match req {
        RegistryRequest::Enroll { platform_id } => {
            store.put(&member_key(platform_id), "", None)?;
            Ok(RegistryResponse::Enrolled)
        }
        RegistryRequest::Remove { platform_id } => {
            store.delete(&member_key(platform_id))?;
            Ok(RegistryResponse::Enrolled)
        }
        RegistryRequest::Members => {
            let members = store.scan("s:")?.into_iter().filter_map(|(k, _)| k.get(2..).map(str::to_owned)).collect();
            Ok(RegistryResponse::Members { members })
        }
    }
}
