//! Every Workers KV key name and value type, in one place.
//!
//! KV is read-mostly and eventually consistent (≈60 s between locations, one write per
//! second per key), so it holds configuration and key records, never counters.

use crate::jwt::JwtPolicy;
use crate::keys::KeyKind;
use crate::mode::Mode;
use crate::rate_limit::DEFAULT_PER_MINUTE;
use crate::tiers::{default_tiers, Tier};
use serde::{Deserialize, Serialize};

/// `developer:<clerk user id>` → [`DeveloperRecord`].
pub fn developer(clerk_user_id: &str) -> String {
    format!("developer:{clerk_user_id}")
}

/// `platform:<id>:config` → [`PlatformConfig`].
pub fn platform_config(platform_id: &str) -> String {
    format!("platform:{platform_id}:config")
}

/// `platform:<id>:keys` → [`KeyIndex`].
pub fn platform_keys(platform_id: &str) -> String {
    format!("platform:{platform_id}:keys")
}

/// `secret-key:<sha256 hex>` → [`KeyRecord`]: the only trace of a secret key.
pub fn secret_key(hash_hex: &str) -> String {
    format!("secret-key:{hash_hex}")
}

/// `publishable-key:<pk_…>` → [`KeyRecord`].
pub fn publishable_key(pk: &str) -> String {
    format!("publishable-key:{pk}")
}

/// Which platform a developer owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeveloperRecord {
    pub platform_id: String,
    pub created_ms: i64,
}

/// How end users of a platform prove who they are in the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", rename_all_fields = "camelCase")]
// Read through a flat struct: the same JSON, without the buffering an internally tagged enum
// needs (which costs the dashboard's download kilobytes).
#[serde(try_from = "EndUserAuthWire")]
pub enum EndUserAuth {
    /// dream-api's shared end-user Clerk app; the token's `public_metadata.platformId` names the platform.
    Shared {},
    /// The developer's own Clerk instance.
    Own { issuer: String, authorized_parties: Vec<String>, jwks_url: String },
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum AuthKind {
    Shared,
    Own,
}

/// [`EndUserAuth`] as JSON has it: `kind` and the fields of that kind.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EndUserAuthWire {
    kind: AuthKind,
    issuer: Option<String>,
    authorized_parties: Option<Vec<String>>,
    jwks_url: Option<String>,
}

impl TryFrom<EndUserAuthWire> for EndUserAuth {
    type Error = String;

    fn try_from(w: EndUserAuthWire) -> Result<Self, String> {
        match (w.kind, w.issuer, w.authorized_parties, w.jwks_url) {
            (AuthKind::Shared, None, None, None) => Ok(EndUserAuth::Shared {}),
            (AuthKind::Shared, ..) => {
                Err("endUserAuth of kind \"shared\" takes no issuer, authorizedParties or jwksUrl".into())
            }
            (AuthKind::Own, Some(issuer), Some(authorized_parties), Some(jwks_url)) => {
                Ok(EndUserAuth::Own { issuer, authorized_parties, jwks_url })
            }
            (AuthKind::Own, ..) => {
                Err("endUserAuth of kind \"own\" needs issuer, authorizedParties and jwksUrl".into())
            }
        }
    }
}

impl EndUserAuth {
    /// The token policy of the developer's own instance, with its JWKS URL.
    pub fn own_policy(&self) -> Option<(JwtPolicy, &str)> {
        match self {
            EndUserAuth::Shared {} => None,
            EndUserAuth::Own { issuer, authorized_parties, jwks_url } => Some((
                JwtPolicy { issuer: issuer.clone(), authorized_parties: authorized_parties.clone() },
                jwks_url.as_str(),
            )),
        }
    }
}

/// A platform's configuration: everything api-multi needs per request, in one read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformConfig {
    pub platform_id: String,
    pub owner: String,
    pub created_ms: i64,
    pub rate_limit_per_minute: u32,
    pub end_user_auth: EndUserAuth,
    /// Browser origins (`azp`) accepted for the shared end-user app; none: browser calls are refused.
    pub allowed_origins: Vec<String>,
    /// Usage alerts (percent of a meter's limit) reported as `usage.threshold_reached`.
    #[serde(default = "crate::webhook_events::default_alerts")]
    pub usage_alerts: Vec<u8>,
    pub test_tiers: Vec<Tier>,
    pub live_tiers: Vec<Tier>,
}

impl PlatformConfig {
    /// A new platform with default settings and tiers.
    pub fn new(platform_id: String, owner: String, now_ms: i64) -> Self {
        PlatformConfig {
            platform_id,
            owner,
            created_ms: now_ms,
            rate_limit_per_minute: DEFAULT_PER_MINUTE,
            end_user_auth: EndUserAuth::Shared {},
            allowed_origins: vec![],
            usage_alerts: crate::webhook_events::default_alerts(),
            test_tiers: default_tiers(),
            live_tiers: default_tiers(),
        }
    }
    /// The tier list of a mode.
    pub fn tiers(&self, mode: Mode) -> &[Tier] {
        match mode {
            Mode::Test => &self.test_tiers,
            Mode::Live => &self.live_tiers,
        }
    }
    /// The tier list of a mode, to replace.
    pub fn tiers_mut(&mut self, mode: Mode) -> &mut Vec<Tier> {
        match mode {
            Mode::Test => &mut self.test_tiers,
            Mode::Live => &mut self.live_tiers,
        }
    }
}

/// Lifecycle of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    Active,
    Revoked,
}

/// What a key grants, stored under its hash (secret) or its value (publishable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRecord {
    pub key_id: String,
    pub platform_id: String,
    pub kind: KeyKind,
    pub mode: Mode,
    pub status: KeyStatus,
    /// After a rotation: the instant the old key stops working.
    pub expires_ms: Option<i64>,
}

impl KeyRecord {
    /// Whether the key authenticates requests at `now_ms`.
    pub fn usable(&self, now_ms: i64) -> bool {
        self.status == KeyStatus::Active && self.expires_ms.is_none_or(|t| now_ms < t)
    }
}

/// One key in a platform's key list (never the secret itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyEntry {
    pub key_id: String,
    pub kind: KeyKind,
    pub mode: Mode,
    /// `secret-key:…`/`publishable-key:…` name of the record.
    pub record: String,
    /// Prefix and last four characters (the whole key for publishable keys).
    pub display: String,
    pub created_ms: i64,
    pub status: KeyStatus,
    pub expires_ms: Option<i64>,
}

/// All keys of a platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyIndex {
    pub keys: Vec<KeyEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_user_auth_refuses_unknown_fields() {
        let shared: EndUserAuth = serde_json::from_str(r#"{"kind":"shared"}"#).unwrap();
        assert_eq!(shared, EndUserAuth::Shared {});
        assert!(serde_json::from_str::<EndUserAuth>(r#"{"kind":"shared","x":1}"#).is_err());
        let own =
            r#"{"kind":"own","issuer":"https://c.example","authorizedParties":[],"jwksUrl":"https://c.example/jwks"}"#;
        let parsed: EndUserAuth = serde_json::from_str(own).unwrap();
        assert_eq!(serde_json::to_string(&parsed).unwrap(), own);
        assert!(serde_json::from_str::<EndUserAuth>(&own.replace("}", r#","extra":true}"#)).is_err());
        // Read through a flat struct: each kind takes exactly its own fields.
        let err = |s: &str| serde_json::from_str::<EndUserAuth>(s).map(|_| ()).unwrap_err().to_string();
        assert!(err(r#"{"kind":"shared","issuer":"https://c.example"}"#).contains("takes no issuer"));
        assert!(err(r#"{"kind":"own","issuer":"https://c.example"}"#).contains("needs issuer"));
        assert!(err(r#"{"kind":"other"}"#).contains("unknown variant"));
        assert!(err(r#"{"issuer":"https://c.example"}"#).contains("missing field `kind`"));
    }
}

/// `platform:<id>:stripe:<mode>` → [`ConnectedAccount`].
pub fn stripe_connection(platform_id: &str, mode: Mode) -> String {
    format!("platform:{platform_id}:stripe:{mode}")
}

/// `stripe-account:<mode>:<acct_…>` → [`AccountOwner`]: which platform a webhook is for
/// (a copy written by the account's connection object, [`crate::connection`]).
pub fn stripe_account(mode: Mode, account_id: &str) -> String {
    format!("stripe-account:{mode}:{account_id}")
}

/// `platform:<id>:products:<mode>` → [`ProductMap`].
pub fn stripe_products(platform_id: &str, mode: Mode) -> String {
    format!("platform:{platform_id}:products:{mode}")
}

/// Most unmatched events kept at once (older ones are overwritten by newer ones).
pub const UNMATCHED_KEPT: u32 = 1024;
/// How long an unmatched event is kept.
pub const UNMATCHED_TTL_SECS: u64 = 30 * 86_400;

/// `webhook-unmatched:<evt_…>` → [`UnmatchedEvent`].
/// `webhook-unmatched:<slot>` → [`UnmatchedEvent`]: one of [`UNMATCHED_KEPT`] slots chosen
/// by the event id, so their number is bounded whatever Stripe sends.
pub fn unmatched_event(event_id: &str) -> String {
    format!("webhook-unmatched:{}", crate::hash::fnv1a(event_id) % UNMATCHED_KEPT)
}

/// A developer's connected Stripe account in one mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectedAccount {
    pub account_id: String,
    pub scope: String,
    pub connected_ms: i64,
}

/// The platform a connected account belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOwner {
    pub platform_id: String,
}

/// A paid tier's Stripe product and current price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierPrice {
    pub product_id: String,
    pub price_id: String,
    pub amount: i64,
}

/// The Stripe products of a platform in one mode.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductMap {
    /// Paid tier → its product and current price.
    pub tiers: std::collections::BTreeMap<String, TierPrice>,
    /// Every price ever created for a tier (archived ones too: existing subscribers keep
    /// their tier) → the tier.
    pub prices: std::collections::BTreeMap<String, String>,
}

/// A signed webhook event that matched no platform or end user: kept for inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedEvent {
    /// Absent in records written before slots (their key named the event).
    #[serde(default)]
    pub event_id: String,
    pub event_type: String,
    pub account: Option<String>,
    pub reason: String,
    pub received_ms: i64,
}

/// `dream-plans:<mode>` → [`ProductMap`] of dream-api's own plans on its own Stripe account.
pub fn developer_plans(mode: Mode) -> String {
    format!("dream-plans:{mode}")
}
