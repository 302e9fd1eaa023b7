//! The hosted end-user sign-up's one write: binding a person of the shared Clerk app to a
//! platform. The person's object ([`dream_core::person`]) decides the list; Clerk's metadata
//! (what session tokens carry) is written from it until the version written is still the
//! newest, so two sign-ups of one person racing cannot drop a platform.

use crate::clerk_api;
use crate::config::HostedSignIn;
use crate::objects::Person;
use crate::{AppState, Result};
use dream_core::{ApiError, ErrorCode};

/// Rounds of "write, then check nobody bound meanwhile" before giving up (each round is one
/// concurrent sign-up of the same person, so more than a few means something is wrong).
const MAX_ROUNDS: usize = 5;

/// Binds Clerk user `user_id` to `platform_id`; answers every platform they are bound to.
pub async fn bind(state: &AppState, cfg: &HostedSignIn, user_id: &str, platform_id: &str) -> Result<Vec<String>> {
    let known = clerk_api::bound_platforms(state, cfg, user_id).await?;
    let person = Person::new(state, user_id);
    let mut wanted = person.bind(platform_id, known).await?;
    for _ in 0..MAX_ROUNDS {
        clerk_api::set_bound_platforms(state, cfg, user_id, &wanted.platform_ids).await?;
        let now = person.bindings().await?;
        if now.version == wanted.version {
            return Ok(now.platform_ids);
        }
        // Another sign-up of this person bound meanwhile: its list includes ours; write it.
        wanted = now;
    }
    Err(ApiError::new(ErrorCode::ClerkUnavailable, "the sign-up kept changing while it was recorded; try again").into())
}
