//! `POST /api/developer/register`: one platform per developer, created on the first call.
//!
//! The developer's registration object settles concurrent first registrations on one
//! platform; the platform's account object is then set up exactly once, and only the answer
//! that set it up carries the secret keys.

use crate::developer::Developer;
use axum::extract::State;
use axum::Json;
use dream_core::api::{ModeKeys, RegisterResponse};
use dream_core::keys::{new_platform_id, KeyKind};
use dream_core::kv_schema::{DeveloperRecord, KeyEntry, KeyStatus, PlatformConfig};
use dream_core::Mode;
use dream_services::keyring;
use dream_services::objects::{Account, Registration, Registry};
use dream_services::AppState;
use dream_web::Result;

fn publishable(keys: &[KeyEntry], mode: Mode) -> String {
    keys.iter()
        .find(|k| {
            k.kind == KeyKind::Publishable && k.mode == mode && k.status == KeyStatus::Active && k.expires_ms.is_none()
        })
        .map(|k| k.display.clone())
        .unwrap_or_default()
}

/// Registers the developer (idempotent). Secret keys appear only in the creating response.
pub async fn register(State(state): State<AppState>, dev: Developer) -> Result<Json<RegisterResponse>> {
    let now = state.now_ms();
    let platform_id = match dev.record(&state).await? {
        Some(rec) => rec.platform_id,
        None => {
            let candidate =
                DeveloperRecord { platform_id: new_platform_id(state.ports.random.as_ref()), created_ms: now };
            Registration::of(&state, &dev.user_id).claim(candidate).await?.0.platform_id
        }
    };
    // Set up the platform unless an earlier or concurrent call did (a call that stopped
    // after claiming is finished by the next one).
    let mut fresh = Vec::new();
    let mut values = Vec::new();
    for mode in [Mode::Test, Mode::Live] {
        for kind in [KeyKind::Publishable, KeyKind::Secret] {
            let (entry, value) = keyring::mint(&state, kind, mode);
            fresh.push(entry);
            values.push((mode, kind, value));
        }
    }
    let config = PlatformConfig::new(platform_id.clone(), dev.user_id.clone(), now);
    let (created, keys) = Account::of(&state, &platform_id).init(config, fresh).await?;
    // Listed for the deployment's admin figures (a set: a retried registration adds nothing).
    Registry::new(&state).enroll(&platform_id).await?;
    let keys_of = |mode: Mode| {
        let secret = values.iter().find(|(m, k, _)| *m == mode && *k == KeyKind::Secret).map(|v| v.2.clone());
        ModeKeys { publishable_key: publishable(&keys, mode), secret_key: secret.filter(|_| created) }
    };
    Ok(Json(RegisterResponse { platform_id, created, test: keys_of(Mode::Test), live: keys_of(Mode::Live) }))
}
