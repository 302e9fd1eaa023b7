//! `POST /api/developer/register`: one platform per developer, created on the first call.

use crate::developer::{save_platform, Developer};
use crate::keyring;
use axum::extract::State;
use axum::Json;
use dream_core::api::{ModeKeys, RegisterResponse};
use dream_core::keys::{new_platform_id, KeyKind};
use dream_core::kv_schema::{self, DeveloperRecord, KeyIndex, KeyStatus, PlatformConfig};
use dream_core::meter::{MeterRequest, MeterResponse};
use dream_core::plans::REGISTRY;
use dream_core::Mode;
use dream_web::error::unexpected_meter_response;
use dream_web::{kv, AppState, Result};

fn publishable(idx: &KeyIndex, mode: Mode) -> String {
    idx.keys
        .iter()
        .find(|k| {
            k.kind == KeyKind::Publishable && k.mode == mode && k.status == KeyStatus::Active && k.expires_ms.is_none()
        })
        .map(|k| k.display.clone())
        .unwrap_or_default()
}

async fn mint_pair(state: &AppState, platform_id: &str, mode: Mode, idx: &mut KeyIndex) -> Result<ModeKeys> {
    let (pk, publishable_key) = keyring::mint(state, platform_id, KeyKind::Publishable, mode).await?;
    let (sk, secret_key) = keyring::mint(state, platform_id, KeyKind::Secret, mode).await?;
    idx.keys.extend([pk, sk]);
    Ok(ModeKeys { publishable_key, secret_key: Some(secret_key) })
}

/// Registers the developer (idempotent). Secret keys appear only in the creating response.
pub async fn register(State(state): State<AppState>, dev: Developer) -> Result<Json<RegisterResponse>> {
    if let Some(rec) = dev.record(&state).await? {
        let idx = keyring::index(&state, &rec.platform_id).await?;
        let keys = |mode| ModeKeys { publishable_key: publishable(&idx, mode), secret_key: None };
        return Ok(Json(RegisterResponse {
            platform_id: rec.platform_id,
            created: false,
            test: keys(Mode::Test),
            live: keys(Mode::Live),
        }));
    }
    let now = state.now_ms();
    let platform_id = new_platform_id(state.ports.random.as_ref());
    save_platform(&state, &PlatformConfig::new(platform_id.clone(), dev.user_id.clone(), now)).await?;
    let mut idx = KeyIndex::default();
    let test = mint_pair(&state, &platform_id, Mode::Test, &mut idx).await?;
    let live = mint_pair(&state, &platform_id, Mode::Live, &mut idx).await?;
    keyring::save_index(&state, &platform_id, &idx).await?;
    // Listed for the deployment's admin figures (a set: a retried registration adds nothing).
    let enroll = MeterRequest::Enroll { member: platform_id.clone() };
    match state.ports.meter.call(REGISTRY, &enroll).await? {
        MeterResponse::Stored => {}
        other => return Err(unexpected_meter_response(&other)),
    }
    // Written last: until here a retry simply starts over with a fresh platform.
    let record = DeveloperRecord { platform_id: platform_id.clone(), created_ms: now };
    kv::put(state.ports.kv.as_ref(), &kv_schema::developer(&dev.user_id), &record).await?;
    Ok(Json(RegisterResponse { platform_id, created: true, test, live }))
}
