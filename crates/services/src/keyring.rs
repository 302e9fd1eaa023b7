//! Minting, rotating and revoking a platform's API keys.
//!
//! The keyring lives in the platform's account object, so concurrent key operations apply
//! one after the other and none is lost. The object publishes each changed key record to KV
//! (what api-multi reads) from its current state, one write at a time, so a revoked key's
//! record can never be overwritten by an older "active" one.

use crate::objects::Account;
use crate::{AppState, Result};
use dream_core::account::key_not_found;
use dream_core::api::{CreatedKey, KeyView};
use dream_core::keys::{display_key, generate_key, hash_secret, new_key_id, KeyKind};
use dream_core::kv_schema::{self, KeyEntry, KeyStatus};
use dream_core::Mode;

/// A fresh key: its keyring entry (secret keys by hash only) and its value, shown once.
pub fn mint(state: &AppState, kind: KeyKind, mode: Mode) -> (KeyEntry, String) {
    let rng = state.ports.random.as_ref();
    let value = generate_key(rng, kind, mode);
    let (record, display) = match kind {
        KeyKind::Secret => (kv_schema::secret_key(&hash_secret(&value)), display_key(&value)),
        KeyKind::Publishable => (kv_schema::publishable_key(&value), value.clone()),
    };
    let entry = KeyEntry {
        key_id: new_key_id(rng),
        kind,
        mode,
        record,
        display,
        created_ms: state.now_ms(),
        status: KeyStatus::Active,
        expires_ms: None,
    };
    (entry, value)
}

/// The platform's keys, oldest first.
pub async fn list(state: &AppState, platform_id: &str) -> Result<Vec<KeyEntry>> {
    Account::of(state, platform_id).keys().await
}

/// Creates one more key.
pub async fn create(state: &AppState, platform_id: &str, kind: KeyKind, mode: Mode) -> Result<CreatedKey> {
    let (entry, value) = mint(state, kind, mode);
    let entry = Account::of(state, platform_id).create_key(entry).await?;
    Ok(CreatedKey { key: KeyView::of(&entry, state.now_ms()), value })
}

/// Revokes a key: it fails from the next request on. Revoking twice is harmless.
pub async fn revoke(state: &AppState, platform_id: &str, key_id: &str) -> Result<KeyView> {
    let entry = Account::of(state, platform_id).revoke_key(key_id).await?;
    Ok(KeyView::of(&entry, state.now_ms()))
}

/// Replaces a key with a new one of the same kind and mode; the old one keeps working for
/// `grace_ms` (0 revokes it at once).
pub async fn rotate(state: &AppState, platform_id: &str, key_id: &str, grace_ms: i64) -> Result<(KeyView, CreatedKey)> {
    let account = Account::of(state, platform_id);
    let now = state.now_ms();
    // The replacement must match the old key's kind and mode: read them first (a key's kind
    // and mode never change, so this read cannot go stale).
    let old = account.keys().await?.into_iter().find(|k| k.key_id == key_id).ok_or_else(|| key_not_found(key_id))?;
    let (replacement, value) = mint(state, old.kind, old.mode);
    let expires = (grace_ms > 0).then(|| now.saturating_add(grace_ms));
    let (previous, created) = account.rotate_key(key_id, expires, replacement).await?;
    Ok((KeyView::of(&previous, now), CreatedKey { key: KeyView::of(&created, now), value }))
}
