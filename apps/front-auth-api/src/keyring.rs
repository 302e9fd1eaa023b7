//! Minting, rotating and revoking a platform's API keys.
//!
//! The key list of a platform is one KV value that only its developer writes; key records
//! (what api-multi reads) are written before the list, so a key is never listed without
//! working. Two dashboard tabs racing on the list within KV's one-write-per-second window
//! can lose a list entry (never a record); see ARCHITECTURE.md.

use dream_core::api::{CreatedKey, KeyView};
use dream_core::keys::{display_key, generate_key, hash_secret, new_key_id, KeyKind};
use dream_core::kv_schema::{self, KeyEntry, KeyIndex, KeyRecord, KeyStatus};
use dream_core::ports::PortError;
use dream_core::{ApiError, Mode};
use dream_web::{kv, AppState, Result};

/// The platform's key list.
pub async fn index(state: &AppState, platform_id: &str) -> Result<KeyIndex> {
    Ok(kv::get(state.ports.kv.as_ref(), &kv_schema::platform_keys(platform_id)).await?.unwrap_or_default())
}

/// Saves the platform's key list.
pub async fn save_index(state: &AppState, platform_id: &str, idx: &KeyIndex) -> Result<()> {
    kv::put(state.ports.kv.as_ref(), &kv_schema::platform_keys(platform_id), idx).await
}

/// Mints a key, stores its record (secret keys by hash only) and returns its list entry
/// and its value. The caller adds the entry to the index.
pub async fn mint(state: &AppState, platform_id: &str, kind: KeyKind, mode: Mode) -> Result<(KeyEntry, String)> {
    let rng = state.ports.random.as_ref();
    let value = generate_key(rng, kind, mode);
    let key_id = new_key_id(rng);
    let (record_name, display) = match kind {
        KeyKind::Secret => (kv_schema::secret_key(&hash_secret(&value)), display_key(&value)),
        KeyKind::Publishable => (kv_schema::publishable_key(&value), value.clone()),
    };
    let record = KeyRecord {
        key_id: key_id.clone(),
        platform_id: platform_id.to_owned(),
        kind,
        mode,
        status: KeyStatus::Active,
        expires_ms: None,
    };
    kv::put(state.ports.kv.as_ref(), &record_name, &record).await?;
    let entry = KeyEntry {
        key_id,
        kind,
        mode,
        record: record_name,
        display,
        created_ms: state.now_ms(),
        status: KeyStatus::Active,
        expires_ms: None,
    };
    Ok((entry, value))
}

fn find<'a>(idx: &'a mut KeyIndex, key_id: &str) -> Result<&'a mut KeyEntry> {
    idx.keys
        .iter_mut()
        .find(|k| k.key_id == key_id)
        .ok_or_else(|| ApiError::not_found("key_not_found", format!("no key {key_id:?} on this platform")).into())
}

async fn update_record(state: &AppState, entry: &KeyEntry) -> Result<()> {
    let kvs = state.ports.kv.as_ref();
    let mut rec: KeyRecord = kv::get(kvs, &entry.record)
        .await?
        .ok_or_else(|| PortError(format!("key record of {} is missing", entry.key_id)))?;
    rec.status = entry.status;
    rec.expires_ms = entry.expires_ms;
    kv::put(kvs, &entry.record, &rec).await
}

/// Creates one more key.
pub async fn create(state: &AppState, platform_id: &str, kind: KeyKind, mode: Mode) -> Result<CreatedKey> {
    let mut idx = index(state, platform_id).await?;
    if idx.keys.iter().filter(|k| k.status == KeyStatus::Active).count() >= 50 {
        return Err(ApiError::conflict(
            "too_many_keys",
            "a platform can hold at most 50 active keys; revoke some first",
        )
        .into());
    }
    let (entry, value) = mint(state, platform_id, kind, mode).await?;
    let view = KeyView::of(&entry, state.now_ms());
    idx.keys.push(entry);
    save_index(state, platform_id, &idx).await?;
    Ok(CreatedKey { key: view, value })
}

/// Revokes a key: it fails from the next request on. Revoking twice is harmless.
pub async fn revoke(state: &AppState, platform_id: &str, key_id: &str) -> Result<KeyView> {
    let mut idx = index(state, platform_id).await?;
    let entry = find(&mut idx, key_id)?;
    if entry.status != KeyStatus::Revoked {
        entry.status = KeyStatus::Revoked;
        update_record(state, entry).await?;
    }
    let view = KeyView::of(entry, state.now_ms());
    save_index(state, platform_id, &idx).await?;
    Ok(view)
}

/// Replaces a key with a new one of the same kind and mode; the old one keeps working for
/// `grace_ms` (0 revokes it at once).
pub async fn rotate(state: &AppState, platform_id: &str, key_id: &str, grace_ms: i64) -> Result<(KeyView, CreatedKey)> {
    let now = state.now_ms();
    let mut idx = index(state, platform_id).await?;
    let old = find(&mut idx, key_id)?;
    if old.status == KeyStatus::Revoked || old.expires_ms.is_some() {
        return Err(ApiError::conflict(
            "key_not_rotatable",
            "only an active key that was not already rotated can be rotated",
        )
        .into());
    }
    let (kind, mode) = (old.kind, old.mode);
    if grace_ms == 0 {
        old.status = KeyStatus::Revoked;
    } else {
        old.expires_ms = Some(now + grace_ms);
    }
    update_record(state, old).await?;
    let previous = KeyView::of(old, now);
    let (entry, value) = mint(state, platform_id, kind, mode).await?;
    let created = CreatedKey { key: KeyView::of(&entry, now), value };
    idx.keys.push(entry);
    save_index(state, platform_id, &idx).await?;
    Ok((previous, created))
}
