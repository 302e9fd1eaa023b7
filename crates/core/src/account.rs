//! A platform's account object: its keyring, its configuration (settings and tiers, each
//! versioned), and the developer's dream-api plan with the live calls counted against it.
//!
//! Everything a developer changes by read-modify-write lives here, so concurrent changes
//! apply one after the other. Key records and the configuration are published to KV as
//! read-side copies (see [`crate::objects`]); KV is never read-modify-written.

use crate::api::PlatformSettings;
use crate::billing::{BillingChange, BillingOutcome, OpenCheckout};
use crate::error::ApiError;
use crate::error::ErrorCode;
use crate::kv_schema::{self, KeyEntry, KeyRecord, KeyStatus, PlatformConfig};
use crate::meter::{self, MeterRequest, MeterResponse, MeterStore, Snapshot};
use crate::mode::Mode;
use crate::objects::{read, to_json, CopyRef, KvCopy};
use crate::plans::plan_limits;
use crate::ports::PortError;
use crate::tiers::Tier;
use serde::{Deserialize, Serialize};

/// Most active keys a platform may hold.
pub const MAX_ACTIVE_KEYS: usize = 50;
/// Where the developer's plan is kept inside the account (a meter record).
const PLAN_USER: &str = crate::plans::ACCOUNT_USER;
const CONFIG: &str = "c:config";
/// Marks the account of a deleted project.
const CLOSED: &str = "c:closed";

/// Metered test-mode calls of one day (for the test-mode cap).
fn test_day_key(day: i64) -> String {
    format!("t:{day}")
}

fn key_key(key_id: &str) -> String {
    format!("k:{key_id}")
}

/// The configuration with the versions that guard concurrent edits (`ETag`/`If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionedConfig {
    pub config: PlatformConfig,
    pub settings_version: u64,
    pub test_tiers_version: u64,
    pub live_tiers_version: u64,
}

impl VersionedConfig {
    /// The version of a mode's tier list.
    pub fn tiers_version(&self, mode: Mode) -> u64 {
        match mode {
            Mode::Test => self.test_tiers_version,
            Mode::Live => self.live_tiers_version,
        }
    }
}

/// A call to an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum AccountRequest {
    /// Sets up the platform with its configuration and first keys, unless it already is.
    Init { config: PlatformConfig, keys: Vec<KeyEntry> },
    /// The configuration and its versions.
    Config,
    /// Replaces the settings if `if_version` (when given) is still current.
    PutSettings { settings: PlatformSettings, if_version: Option<u64> },
    /// Replaces a mode's tiers if `if_version` (when given) is still current.
    PutTiers { mode: Mode, tiers: Vec<Tier>, if_version: Option<u64> },
    /// Every key, oldest first.
    Keys,
    /// Adds a freshly minted key (refused past [`MAX_ACTIVE_KEYS`]).
    CreateKey { key: KeyEntry },
    /// Revokes a key for good; revoking twice is harmless.
    RevokeKey { key_id: String },
    /// Ends a key at `expires_ms` (now: revoked at once) and adds its replacement.
    RotateKey { key_id: String, expires_ms: Option<i64>, replacement: KeyEntry },
    /// The developer's plan and live calls this period.
    Plan,
    /// Adds API calls (`live` count toward the plan's quota; both in the per-day totals).
    CountCalls { live: u64, test: u64 },
    /// Applies an event of dream-api's own Stripe account to the plan, once and in order.
    ApplyBilling { event_id: String, event_created: i64, change: BillingChange, authoritative: bool },
    /// Records the outcome of canceling a replaced plan subscription at Stripe.
    SettleCancel { subscription: String, error: Option<String> },
    /// Records the plan Checkout Session just opened as the one open checkout.
    RecordCheckout { checkout: OpenCheckout },
    /// Calls and revenue per day for the `days` days ending today (oldest first).
    Daily { days: u32 },
    /// The project is deleted: every key revoked, the configuration's KV copy removed, every
    /// later call answered [`AccountResponse::Closed`]. Refused while the developer's
    /// dream-api plan for it still bills.
    Close,
}

/// An account's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AccountResponse {
    /// `created`: this call set the platform up (its keys are the ones passed in).
    Initialized {
        created: bool,
        config: VersionedConfig,
        keys: Vec<KeyEntry>,
    },
    /// The platform was never set up in this object.
    NotInitialized,
    Config {
        config: VersionedConfig,
    },
    Keys {
        keys: Vec<KeyEntry>,
    },
    /// The key after the change, and its replacement after a rotation.
    Key {
        key: KeyEntry,
        replacement: Option<KeyEntry>,
    },
    /// The change breaks a rule; nothing was changed.
    Refused {
        error: ApiError,
    },
    Plan {
        usage: Snapshot,
    },
    /// After counting calls: the plan, and the metered test-mode calls of today (UTC).
    Counted {
        usage: Snapshot,
        test_today: u64,
    },
    Billing {
        outcome: BillingOutcome,
        usage: Snapshot,
        to_cancel: Vec<String>,
    },
    Daily {
        counts: Vec<(i64, u64)>,
        revenue: Vec<(i64, i64)>,
    },
    /// The checkout a newly recorded one supersedes, if it could still be paid.
    Checkout {
        superseded: Option<String>,
    },
    /// The project was deleted ([`AccountRequest::Close`]).
    Closed,
}

fn refused(code: ErrorCode, message: impl Into<String>) -> (AccountResponse, Vec<CopyRef>) {
    (AccountResponse::Refused { error: ApiError::new(code, message) }, vec![])
}

fn stale(what: &str) -> (AccountResponse, Vec<CopyRef>) {
    refused(
        ErrorCode::StaleWrite,
        format!("the {what} changed since you read them; read them again and reapply your change"),
    )
}

fn keys(store: &dyn MeterStore) -> Result<Vec<KeyEntry>, PortError> {
    let mut keys = Vec::new();
    for (k, v) in store.scan("k:")? {
        keys.push(serde_json::from_str::<KeyEntry>(&v).map_err(|e| PortError(format!("stored {k}: {e}")))?);
    }
    keys.sort_by(|a, b| a.created_ms.cmp(&b.created_ms).then_with(|| a.key_id.cmp(&b.key_id)));
    Ok(keys)
}

fn put_key(store: &mut dyn MeterStore, key: &KeyEntry) -> Result<(), PortError> {
    store.put(&key_key(&key.key_id), &to_json(key)?, None)
}

fn record_copy(key: &KeyEntry) -> CopyRef {
    CopyRef::KeyRecord { key_id: key.key_id.clone() }
}

fn unexpected(r: MeterResponse) -> PortError {
    PortError(format!("the plan meter answered {r:?}"))
}

/// Applies one call at `now_ms`; answers the KV copies it changed.
pub fn apply(
    store: &mut dyn MeterStore,
    req: &AccountRequest,
    now_ms: i64,
) -> Result<(AccountResponse, Vec<CopyRef>), PortError> {
    if store.get(CLOSED)?.is_some() {
        return Ok((AccountResponse::Closed, vec![]));
    }
    if let AccountRequest::Close = req {
        return close(store, now_ms);
    }
    let current: Option<VersionedConfig> = read(store, CONFIG)?;
    let Some(mut cfg) = current else {
        return match req {
            AccountRequest::Init { config, keys: new_keys } => {
                let cfg = VersionedConfig {
                    config: config.clone(),
                    settings_version: 1,
                    test_tiers_version: 1,
                    live_tiers_version: 1,
                };
                store.put(CONFIG, &to_json(&cfg)?, None)?;
                for k in new_keys {
                    put_key(store, k)?;
                }
                let mut copies: Vec<CopyRef> = new_keys.iter().map(record_copy).collect();
                copies.push(CopyRef::PlatformConfig);
                Ok((AccountResponse::Initialized { created: true, config: cfg, keys: keys(store)? }, copies))
            }
            AccountRequest::Plan
            | AccountRequest::CountCalls { .. }
            | AccountRequest::ApplyBilling { .. }
            | AccountRequest::SettleCancel { .. }
            | AccountRequest::RecordCheckout { .. }
            | AccountRequest::Daily { .. } => plan(store, req, now_ms),
            _ => Ok((AccountResponse::NotInitialized, vec![])),
        };
    };
    Ok(match req {
        AccountRequest::Init { .. } => {
            (AccountResponse::Initialized { created: false, config: cfg, keys: keys(store)? }, vec![])
        }
        AccountRequest::Config => (AccountResponse::Config { config: cfg }, vec![]),
        AccountRequest::PutSettings { settings, if_version } => {
            if if_version.is_some_and(|v| v != cfg.settings_version) {
                return Ok(stale("settings"));
            }
            cfg.config.rate_limit_per_minute = settings.rate_limit_per_minute;
            cfg.config.end_user_auth = settings.end_user_auth.clone();
            cfg.config.allowed_origins = settings.allowed_origins.clone();
            cfg.config.usage_alerts = settings.usage_alerts.clone();
            cfg.settings_version = cfg.settings_version.saturating_add(1);
            store.put(CONFIG, &to_json(&cfg)?, None)?;
            (AccountResponse::Config { config: cfg }, vec![CopyRef::PlatformConfig])
        }
        AccountRequest::PutTiers { mode, tiers, if_version } => {
            if if_version.is_some_and(|v| v != cfg.tiers_version(*mode)) {
                return Ok(stale("tiers"));
            }
            *cfg.config.tiers_mut(*mode) = tiers.clone();
            let v = match mode {
                Mode::Test => &mut cfg.test_tiers_version,
                Mode::Live => &mut cfg.live_tiers_version,
            };
            *v = v.saturating_add(1);
            store.put(CONFIG, &to_json(&cfg)?, None)?;
            (AccountResponse::Config { config: cfg }, vec![CopyRef::PlatformConfig])
        }
        AccountRequest::Close => return close(store, now_ms),
        AccountRequest::Keys => (AccountResponse::Keys { keys: keys(store)? }, vec![]),
        AccountRequest::CreateKey { key } => {
            let active = keys(store)?.iter().filter(|k| k.status == KeyStatus::Active).count();
            if active >= MAX_ACTIVE_KEYS {
                return Ok(refused(
                    ErrorCode::TooManyKeys,
                    format!("a platform can hold at most {MAX_ACTIVE_KEYS} active keys; revoke some first"),
                ));
            }
            put_key(store, key)?;
            (AccountResponse::Key { key: key.clone(), replacement: None }, vec![record_copy(key)])
        }
        AccountRequest::RevokeKey { key_id } => {
            let Some(mut key) = read::<KeyEntry>(store, &key_key(key_id))? else {
                return Ok(not_found(key_id));
            };
            if key.status == KeyStatus::Revoked {
                return Ok((AccountResponse::Key { key, replacement: None }, vec![]));
            }
            key.status = KeyStatus::Revoked;
            put_key(store, &key)?;
            let copies = vec![record_copy(&key)];
            (AccountResponse::Key { key, replacement: None }, copies)
        }
        AccountRequest::RotateKey { key_id, expires_ms, replacement } => {
            let Some(mut key) = read::<KeyEntry>(store, &key_key(key_id))? else {
                return Ok(not_found(key_id));
            };
            if key.status == KeyStatus::Revoked || key.expires_ms.is_some() {
                return Ok(refused(
                    ErrorCode::KeyNotRotatable,
                    "only an active key that was not already rotated can be rotated",
                ));
            }
            if replacement.kind != key.kind || replacement.mode != key.mode {
                return Err(PortError("a replacement key must be of the rotated key's kind and mode".into()));
            }
            match expires_ms {
                Some(t) if *t > now_ms => key.expires_ms = Some(*t),
                _ => key.status = KeyStatus::Revoked,
            }
            put_key(store, &key)?;
            put_key(store, replacement)?;
            let copies = vec![record_copy(&key), record_copy(replacement)];
            (AccountResponse::Key { key, replacement: Some(replacement.clone()) }, copies)
        }
        AccountRequest::Plan
        | AccountRequest::CountCalls { .. }
        | AccountRequest::ApplyBilling { .. }
        | AccountRequest::SettleCancel { .. }
        | AccountRequest::RecordCheckout { .. }
        | AccountRequest::Daily { .. } => {
            return plan(store, req, now_ms);
        }
    })
}

/// Closes the account of a deleted project (see [`AccountRequest::Close`]).
fn close(store: &mut dyn MeterStore, now_ms: i64) -> Result<(AccountResponse, Vec<CopyRef>), PortError> {
    let plan = meter::load_user(store, PLAN_USER, now_ms)?;
    if plan.billing.tier_at(now_ms).is_some() {
        return Ok(refused(
            ErrorCode::ProjectHasSubscriptions,
            "the project's dream-api plan still bills: cancel it (Billing, the portal) before deleting the project",
        ));
    }
    let mut copies = vec![CopyRef::PlatformConfig];
    for mut key in keys(store)? {
        if key.status != KeyStatus::Revoked {
            key.status = KeyStatus::Revoked;
            put_key(store, &key)?;
        }
        copies.push(record_copy(&key));
    }
    store.put(CLOSED, "1", None)?;
    Ok((AccountResponse::Closed, copies))
}

/// 404 for a key the platform does not have.
pub fn key_not_found(key_id: &str) -> ApiError {
    ApiError::new(ErrorCode::KeyNotFound, format!("no key {key_id:?} on this platform"))
}

fn not_found(key_id: &str) -> (AccountResponse, Vec<CopyRef>) {
    (AccountResponse::Refused { error: key_not_found(key_id) }, vec![])
}

/// The developer's plan, kept as a meter record under the plans' limits.
fn plan(
    store: &mut dyn MeterStore,
    req: &AccountRequest,
    now_ms: i64,
) -> Result<(AccountResponse, Vec<CopyRef>), PortError> {
    let tiers = plan_limits();
    let answer = match req {
        AccountRequest::CountCalls { live, test } => {
            let mut m = meter::load_user(store, PLAN_USER, now_ms)?;
            m.used = m.used.saturating_add(*live);
            m.last_seen_ms = now_ms;
            let calls = live.saturating_add(*test);
            if calls > 0 {
                meter::add_to_day(store, meter::day_key, now_ms, i64::try_from(calls).unwrap_or(i64::MAX))?;
            }
            if *test > 0 {
                meter::add_to_day(store, test_day_key, now_ms, i64::try_from(*test).unwrap_or(i64::MAX))?;
            }
            meter::save_user(store, PLAN_USER, &mut m)?;
            let today = meter::day_series(store, test_day_key, 1, now_ms);
            let test_today = today.first().map(|(_, n)| u64::try_from(*n).unwrap_or(0)).unwrap_or(0);
            AccountResponse::Counted { usage: meter::snapshot(PLAN_USER, &m, &tiers, now_ms), test_today }
        }
        AccountRequest::ApplyBilling { event_id, event_created, change, authoritative } => {
            let req = MeterRequest::ApplyBilling {
                user: PLAN_USER.into(),
                event_id: event_id.clone(),
                event_created: *event_created,
                change: change.clone(),
                authoritative: *authoritative,
                tiers,
            };
            match meter::apply(store, &req, now_ms)? {
                MeterResponse::Billing { outcome, usage, to_cancel } => {
                    AccountResponse::Billing { outcome, usage, to_cancel }
                }
                other => return Err(unexpected(other)),
            }
        }
        AccountRequest::RecordCheckout { checkout } => {
            let req = MeterRequest::RecordCheckout { user: PLAN_USER.into(), checkout: checkout.clone() };
            match meter::apply(store, &req, now_ms)? {
                MeterResponse::Checkout { superseded } => AccountResponse::Checkout { superseded },
                other => return Err(unexpected(other)),
            }
        }
        AccountRequest::SettleCancel { subscription, error } => {
            let req = MeterRequest::SettleCancel {
                user: PLAN_USER.into(),
                subscription: subscription.clone(),
                error: error.clone(),
                tiers,
            };
            match meter::apply(store, &req, now_ms)? {
                MeterResponse::Usage { usage } => AccountResponse::Plan { usage },
                other => return Err(unexpected(other)),
            }
        }
        AccountRequest::Daily { days } => match meter::apply(store, &MeterRequest::Daily { days: *days }, now_ms)? {
            MeterResponse::Daily { counts, revenue } => AccountResponse::Daily { counts, revenue },
            other => return Err(unexpected(other)),
        },
        _ => match meter::apply(store, &MeterRequest::Usage { user: PLAN_USER.into(), tiers, guard: None }, now_ms)? {
            MeterResponse::Usage { usage } => AccountResponse::Plan { usage },
            other => return Err(unexpected(other)),
        },
    };
    Ok((answer, vec![]))
}

/// The KV record of a key, as the keyring holds it now.
pub(crate) fn key_record_copy(store: &dyn MeterStore, key_id: &str) -> Result<Option<KvCopy>, PortError> {
    let (Some(key), Some(cfg)) = (read::<KeyEntry>(store, &key_key(key_id))?, read::<VersionedConfig>(store, CONFIG)?)
    else {
        return Ok(None);
    };
    let record = KeyRecord {
        key_id: key.key_id.clone(),
        platform_id: cfg.config.platform_id,
        kind: key.kind,
        mode: key.mode,
        status: key.status,
        expires_ms: key.expires_ms,
    };
    Ok(Some(KvCopy { key: key.record, value: Some(to_json(&record)?) }))
}

/// The KV copy of the platform configuration.
pub(crate) fn config_copy(store: &dyn MeterStore) -> Result<Option<KvCopy>, PortError> {
    let closed = store.get(CLOSED)?.is_some();
    Ok(match read::<VersionedConfig>(store, CONFIG)? {
        Some(cfg) => Some(KvCopy {
            key: kv_schema::platform_config(&cfg.config.platform_id),
            value: if closed { None } else { Some(to_json(&cfg.config)?) },
        }),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyKind;
    use crate::memory::MemStore;
    use crate::objects::current_copy;

    const NOW: i64 = 1_795_000_000_000;

    fn key(id: &str, kind: KeyKind, mode: Mode) -> KeyEntry {
        KeyEntry {
            key_id: id.into(),
            kind,
            mode,
            record: format!("secret-key:{id}"),
            display: format!("sk_…{id}"),
            created_ms: NOW,
            status: KeyStatus::Active,
            expires_ms: None,
        }
    }

    fn init(s: &mut MemStore) {
        let config = PlatformConfig::new("plt_a".into(), "user_a".into(), NOW);
        let req = AccountRequest::Init { config, keys: vec![key("k1", KeyKind::Secret, Mode::Test)] };
        let (answer, copies) = apply(s, &req, NOW).unwrap();
        assert!(matches!(answer, AccountResponse::Initialized { created: true, .. }));
        assert_eq!(copies.len(), 2);
    }

    #[test]
    fn closing_revokes_every_key_removes_the_config_copy_and_answers_nothing_more() {
        let mut s = MemStore::default();
        init(&mut s);
        let (answer, copies) = apply(&mut s, &AccountRequest::Close, NOW).unwrap();
        assert_eq!(answer, AccountResponse::Closed);
        assert_eq!(copies, vec![CopyRef::PlatformConfig, CopyRef::KeyRecord { key_id: "k1".into() }]);
        let record = current_copy(&s, &CopyRef::KeyRecord { key_id: "k1".into() }).unwrap().unwrap();
        assert!(record.value.unwrap().contains("\"revoked\""), "the key's KV record says revoked");
        assert_eq!(current_copy(&s, &CopyRef::PlatformConfig).unwrap().unwrap().value, None);
        assert_eq!(apply(&mut s, &AccountRequest::Config, NOW).unwrap().0, AccountResponse::Closed);
        assert_eq!(apply(&mut s, &AccountRequest::Close, NOW).unwrap().0, AccountResponse::Closed, "twice is harmless");
    }

    #[test]
    fn init_happens_once() {
        let mut s = MemStore::default();
        assert_eq!(apply(&mut s, &AccountRequest::Keys, NOW).unwrap().0, AccountResponse::NotInitialized);
        init(&mut s);
        let again = AccountRequest::Init {
            config: PlatformConfig::new("plt_a".into(), "user_a".into(), NOW),
            keys: vec![key("k9", KeyKind::Secret, Mode::Test)],
        };
        match apply(&mut s, &again, NOW).unwrap() {
            (AccountResponse::Initialized { created: false, keys, .. }, copies) => {
                assert_eq!(keys.iter().map(|k| k.key_id.as_str()).collect::<Vec<_>>(), vec!["k1"]);
                assert!(copies.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn revoked_is_final_and_copies_follow_the_keyring() {
        let mut s = MemStore::default();
        init(&mut s);
        let revoke = AccountRequest::RevokeKey { key_id: "k1".into() };
        let (_, copies) = apply(&mut s, &revoke, NOW).unwrap();
        assert_eq!(copies, vec![CopyRef::KeyRecord { key_id: "k1".into() }]);
        let rotate = AccountRequest::RotateKey {
            key_id: "k1".into(),
            expires_ms: Some(NOW + 1000),
            replacement: key("k2", KeyKind::Secret, Mode::Test),
        };
        match apply(&mut s, &rotate, NOW).unwrap().0 {
            AccountResponse::Refused { error } => assert_eq!(error.code, ErrorCode::KeyNotRotatable),
            other => panic!("{other:?}"),
        }
        let copy = current_copy(&s, &CopyRef::KeyRecord { key_id: "k1".into() }).unwrap().unwrap();
        let rec: KeyRecord = serde_json::from_str(copy.value.as_deref().unwrap()).unwrap();
        assert_eq!(
            (copy.key.as_str(), rec.status, rec.platform_id.as_str()),
            ("secret-key:k1", KeyStatus::Revoked, "plt_a")
        );
    }

    #[test]
    fn stale_versions_are_refused() {
        let mut s = MemStore::default();
        init(&mut s);
        let settings = PlatformSettings {
            rate_limit_per_minute: 7,
            end_user_auth: crate::kv_schema::EndUserAuth::Shared {},
            allowed_origins: vec![],
            usage_alerts: vec![80],
        };
        let put = |v| AccountRequest::PutSettings { settings: settings.clone(), if_version: Some(v) };
        assert!(matches!(apply(&mut s, &put(1), NOW).unwrap().0, AccountResponse::Config { .. }));
        match apply(&mut s, &put(1), NOW).unwrap().0 {
            AccountResponse::Refused { error } => {
                assert_eq!((error.status(), error.code), (412, ErrorCode::StaleWrite))
            }
            other => panic!("{other:?}"),
        }
        // Tiers have their own version per mode: the settings change did not move it.
        let tiers = AccountRequest::PutTiers { mode: Mode::Live, tiers: vec![], if_version: Some(1) };
        match apply(&mut s, &tiers, NOW).unwrap().0 {
            AccountResponse::Config { config } => {
                assert_eq!((config.live_tiers_version, config.test_tiers_version, config.settings_version), (2, 1, 2));
                assert_eq!(config.config.rate_limit_per_minute, 7);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn active_keys_are_bounded() {
        let mut s = MemStore::default();
        init(&mut s);
        for i in 1..MAX_ACTIVE_KEYS {
            let req = AccountRequest::CreateKey { key: key(&format!("n{i:03}"), KeyKind::Secret, Mode::Live) };
            assert!(matches!(apply(&mut s, &req, NOW).unwrap().0, AccountResponse::Key { .. }));
        }
        let req = AccountRequest::CreateKey { key: key("over", KeyKind::Secret, Mode::Live) };
        assert!(matches!(apply(&mut s, &req, NOW).unwrap().0, AccountResponse::Refused { .. }));
    }
}
