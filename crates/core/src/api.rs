//! Request and response bodies of the HTTP API, shared by the workers and the dashboard.

use crate::billing::{Revenue, SubStatus, Subscription};
use crate::keys::KeyKind;
use crate::kv_schema::{EndUserAuth, KeyEntry, KeyStatus};
use crate::meter::Snapshot;
use crate::mode::Mode;
use crate::period::rfc3339;
use crate::tiers::{Tier, MAIN_METER};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub service: String,
}

/// The keys of one mode returned by registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModeKeys {
    pub publishable_key: String,
    /// Present only in the response that created it: it is never shown again.
    pub secret_key: Option<String>,
}

/// `POST /api/developer/register`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterResponse {
    pub platform_id: String,
    /// False when the developer was already registered (secret keys are then omitted).
    pub created: bool,
    pub test: ModeKeys,
    pub live: ModeKeys,
}

/// One of the developer's projects (a platform: its own keys, tiers, settings, Stripe
/// connection, customers and stats).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectView {
    /// The platform id; send it as `X-Project` to act on this project.
    pub id: String,
    pub name: String,
    pub created_at: String,
    /// The project calls without `X-Project` act on (the first one).
    pub primary: bool,
}

/// `GET /api/developer/projects`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectList {
    pub projects: Vec<ProjectView>,
}

/// `POST /api/developer/projects` and `PATCH /api/developer/projects/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProjectNameRequest {
    pub name: String,
}

/// A project just made, with its keys (secret keys shown this once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedProject {
    pub project: ProjectView,
    pub test: ModeKeys,
    pub live: ModeKeys,
}

/// `DELETE /api/developer/projects/{id}`: the project's name, typed again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteProjectRequest {
    pub confirm: String,
}

/// What deleting a project removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletedProject {
    pub deleted: bool,
    pub project: ProjectView,
    /// Each thing removed, in words.
    pub removed: Vec<String>,
}

/// How a key's state is presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyState {
    Active,
    /// Rotated; works until `expiresAt`.
    Expiring,
    Expired,
    Revoked,
}

/// A key as listed (the secret itself is never listed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyView {
    pub id: String,
    pub kind: KeyKind,
    pub mode: Mode,
    pub display: String,
    pub created_at: String,
    pub status: KeyState,
    pub expires_at: Option<String>,
}

impl KeyView {
    /// The view of a stored key at `now_ms`.
    pub fn of(e: &KeyEntry, now_ms: i64) -> KeyView {
        let status = match (e.status, e.expires_ms) {
            (KeyStatus::Revoked, _) => KeyState::Revoked,
            (KeyStatus::Active, Some(t)) if now_ms >= t => KeyState::Expired,
            (KeyStatus::Active, Some(_)) => KeyState::Expiring,
            (KeyStatus::Active, None) => KeyState::Active,
        };
        KeyView {
            id: e.key_id.clone(),
            kind: e.kind,
            mode: e.mode,
            display: e.display.clone(),
            created_at: rfc3339(e.created_ms),
            status,
            expires_at: e.expires_ms.map(rfc3339),
        }
    }
}

/// `GET /api/developer/keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyList {
    pub keys: Vec<KeyView>,
}

/// `POST /api/developer/keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateKeyRequest {
    pub kind: KeyKind,
    pub mode: Mode,
}

/// A newly minted key: `value` is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedKey {
    pub key: KeyView,
    pub value: String,
}

/// `POST /api/developer/keys/{id}/rotate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RotateKeyRequest {
    /// How long the old key keeps working, 0 to 30 days.
    pub grace_seconds: i64,
}

/// Longest rotation grace period.
pub const MAX_GRACE_SECONDS: i64 = 30 * 86_400;

/// Result of a rotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RotatedKey {
    pub previous: KeyView,
    pub created: CreatedKey,
}

/// `GET`/`PUT /api/developer/tiers`, `GET /api/tiers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TierList {
    pub mode: Mode,
    pub tiers: Vec<Tier>,
}

/// `PUT /api/developer/tiers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PutTiersRequest {
    pub tiers: Vec<Tier>,
}

/// `GET`/`PUT /api/developer/settings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlatformSettings {
    pub rate_limit_per_minute: u32,
    pub end_user_auth: EndUserAuth,
    pub allowed_origins: Vec<String>,
    /// Percentages of a meter's limit at which an end user's usage is reported to the
    /// project's webhooks (`usage.threshold_reached`); default 80 and 100.
    #[serde(default = "crate::webhook_events::default_alerts")]
    pub usage_alerts: Vec<u8>,
}

/// An end user's usage as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageView {
    pub user_id: String,
    pub plan: String,
    pub used: u64,
    /// `null` = unlimited.
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    pub period_start: String,
    pub period_end: String,
    pub first_seen: String,
    pub last_seen: String,
    /// The end user's Stripe subscription, if they ever had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription: Option<SubscriptionView>,
    /// When the end user's free trial ends, while they are on one (the paid tier's limits
    /// apply meanwhile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial_ends_at: Option<String>,
    /// Replaced subscriptions dream-api has not yet managed to cancel at Stripe.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending_cancellations: Vec<PendingCancelView>,
    /// What the developer told dream-api about the end user (the customers API), if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// When the customer record was created through the customers API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The named meter (a tier's `meters`) that `used`, `limit` and `remaining` are of;
    /// absent: the main meter, calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

/// A replaced subscription still to be canceled at Stripe (retried with each redelivery of
/// Stripe's event until Stripe confirms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingCancelView {
    pub subscription: String,
    /// When it was replaced.
    pub since: String,
    pub attempts: u32,
    pub last_error: Option<String>,
}

impl PendingCancelView {
    /// Every owed cancel of a snapshot.
    pub fn all(s: &Snapshot) -> Vec<PendingCancelView> {
        s.pending_cancels
            .iter()
            .map(|p| PendingCancelView {
                subscription: p.subscription.clone(),
                since: rfc3339(p.since_ms),
                attempts: p.attempts,
                last_error: p.last_error.clone(),
            })
            .collect()
    }
}

/// An end user's subscription as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionView {
    pub id: String,
    /// The tier the price buys; `null` if the price is not one of the platform's.
    pub tier: Option<String>,
    pub status: SubStatus,
    pub amount: i64,
    pub currency: String,
    pub current_period_end: String,
    pub cancel_at_period_end: bool,
    /// When the free trial ends, while the subscription is trialing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial_ends_at: Option<String>,
    /// A tier change waiting for the period end (a downgrade), if one is scheduled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_change: Option<ScheduledChangeView>,
}

/// A tier change that takes effect at the end of the paid period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledChangeView {
    pub tier: String,
    /// When it takes effect.
    pub at: String,
}

impl SubscriptionView {
    /// The view of a snapshot's subscription, with the change scheduled for it.
    pub fn of(s: &Snapshot) -> Option<SubscriptionView> {
        let mut view = SubscriptionView::from(s.subscription.as_ref()?);
        view.scheduled_change =
            s.scheduled.as_ref().map(|c| ScheduledChangeView { tier: c.tier.clone(), at: rfc3339(c.at_ms) });
        Some(view)
    }
}

impl From<&Subscription> for SubscriptionView {
    fn from(s: &Subscription) -> Self {
        SubscriptionView {
            id: s.id.clone(),
            tier: s.tier.clone(),
            status: s.status,
            amount: s.amount,
            currency: s.currency.clone(),
            current_period_end: rfc3339(s.period.end_ms),
            cancel_at_period_end: s.cancel_at_period_end,
            trial_ends_at: s.trial_ends_ms().map(rfc3339),
            scheduled_change: None,
        }
    }
}

impl From<&Snapshot> for UsageView {
    fn from(s: &Snapshot) -> Self {
        UsageView {
            user_id: s.user_id.clone(),
            plan: s.plan.clone(),
            used: s.used,
            limit: s.limit,
            remaining: s.remaining(),
            period_start: rfc3339(s.period.start_ms),
            period_end: rfc3339(s.period.end_ms),
            first_seen: rfc3339(s.first_seen_ms),
            last_seen: rfc3339(s.last_seen_ms),
            subscription: SubscriptionView::of(s),
            trial_ends_at: s.subscription.as_ref().and_then(Subscription::trial_ends_ms).map(rfc3339),
            pending_cancellations: PendingCancelView::all(s),
            email: s.profile.as_ref().map(|p| p.email.clone()).filter(|e| !e.is_empty()),
            first_name: s.profile.as_ref().and_then(|p| p.first_name.clone()),
            last_name: s.profile.as_ref().and_then(|p| p.last_name.clone()),
            created_at: s.profile.as_ref().map(|p| rfc3339(p.created_ms)),
            feature: s.meter.clone(),
        }
    }
}

/// One meter's standing this period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeterView {
    pub used: u64,
    /// `null` = unlimited.
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
}

impl MeterView {
    fn of(used: u64, limit: Option<u64>) -> Self {
        MeterView { used, limit, remaining: limit.map(|l| l.saturating_sub(used)) }
    }
}

/// `GET /api/entitlements`: what the end user may do right now, in one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntitlementsView {
    pub user_id: String,
    pub plan: String,
    pub period_start: String,
    pub period_end: String,
    /// The tier's flags (e.g. `export_csv`): present means allowed.
    pub flags: Vec<String>,
    /// `api_calls` (the tier limit) and each of the tier's named meters.
    pub meters: BTreeMap<String, MeterView>,
}

impl EntitlementsView {
    /// The entitlements of a main-meter snapshot on `tier` (the snapshot's plan).
    pub fn of(s: &Snapshot, tier: Option<&Tier>) -> Self {
        let mut meters = BTreeMap::from([(MAIN_METER.to_owned(), MeterView::of(s.used, s.limit))]);
        if let Some(t) = tier {
            for name in t.meters.keys() {
                let used = s.meters.get(name).copied().unwrap_or(0);
                meters.insert(name.clone(), MeterView::of(used, t.meter_limit(name).flatten()));
            }
        }
        EntitlementsView {
            user_id: s.user_id.clone(),
            plan: s.plan.clone(),
            period_start: rfc3339(s.period.start_ms),
            period_end: rfc3339(s.period.end_ms),
            flags: tier.map(|t| t.flags.clone()).unwrap_or_default(),
            meters,
        }
    }
}

/// `POST /api/data`, `POST /api/usage/track`, `POST /api/usage/check`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackRequest {
    /// The end user (secret-key calls; browser calls take it from the JWT).
    pub user_id: Option<String>,
    /// Units to count, default 1.
    pub amount: Option<i64>,
    /// The named meter to count on (a tier's `meters`); default: the main meter, calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

/// A counted call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackResponse {
    pub tracked: u64,
    pub usage: UsageView,
    /// Set from 80% of the developer's monthly live-call quota on: upgrade soon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// `POST /api/usage/check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResponse {
    pub allowed: bool,
    pub usage: UsageView,
}

/// `PUT …/plan`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetPlanRequest {
    pub plan: String,
}

/// `POST /api/customers`: a customer record for an end user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCustomerRequest {
    /// The end user's id in the developer's app; omitted: dream-api makes one (`cus_…`).
    pub user_id: Option<String>,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// A tier to put the customer on (default: the free tier).
    pub plan: Option<String>,
    /// Also make the person in the shared end-user Clerk app (or find them by email) and bind
    /// them to the platform, so they can sign in; the customer's id is then their Clerk user id.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub clerk_user: bool,
}

/// `PATCH /api/customers/{userId}`: each field present is set (`""` removes a name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCustomerRequest {
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

/// A field that may be left out but, when given, is not `null` (the documents type it as a
/// string, number or boolean): `null` is refused as bad input, never read as "unchanged".
fn not_null<'de, T: Deserialize<'de>, D: serde::Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A customer, as the customers API answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerAnswer {
    pub customer: UsageView,
}

/// `DELETE /api/customers/{userId}`: what was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedCustomer {
    pub deleted: bool,
    /// The customer as they were.
    pub customer: UsageView,
}

/// `GET /api/dashboard/totals`: the platform's headline figures in the key's mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DashboardTotals {
    pub mode: Mode,
    /// End users with a record (tracked, read, or created through the customers API).
    pub customers: u64,
    /// Monthly recurring revenue, smallest currency unit.
    pub mrr: i64,
    pub active_subscriptions: u64,
    /// Calls this calendar month (UTC).
    pub calls_this_month: u64,
    /// Paid invoices and store sales, net of refunds, over the last 30 days (smallest currency unit).
    pub revenue_last30_days: i64,
}

/// A page of end users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerList {
    pub customers: Vec<UsageView>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    pub total: u64,
}

/// Calls on one UTC day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub date: String,
    pub calls: u64,
    /// Paid invoices and store sales that day, net of refunds (smallest currency unit).
    #[serde(default)]
    pub revenue: i64,
}

/// Totals of a platform in a mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageTotals {
    /// Calls this calendar month (UTC): end users' own periods may start on other days.
    pub calls_this_period: u64,
    pub calls_last_30_days: u64,
    pub end_users: u64,
    /// Paid invoices and store sales of the last 30 days, net of refunds (smallest currency unit).
    #[serde(default)]
    pub revenue_last_30_days: i64,
}

/// The periods (days) the statistics may show; the first is not the default.
pub const STATS_PERIODS: [u32; 3] = [7, 30, 90];
/// The period the statistics show when none is asked for.
pub const STATS_DEFAULT_DAYS: u32 = 30;

/// The period `?days=` asks for: one of [`STATS_PERIODS`], 30 when absent.
pub fn stats_days(asked: Option<u32>) -> Result<u32, crate::ApiError> {
    match asked {
        None => Ok(STATS_DEFAULT_DAYS),
        Some(d) if STATS_PERIODS.contains(&d) => Ok(d),
        Some(d) => Err(crate::ApiError::new(
            crate::ErrorCode::InvalidQuery,
            format!("days={d}: the statistics cover 7, 30 or 90 days"),
        )),
    }
}

/// `GET /api/developer/stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageStats {
    pub mode: Mode,
    /// The period's days (`?days=`, 30 by default), oldest first.
    pub days: Vec<DayCount>,
    pub top_users: Vec<UsageView>,
    pub totals: UsageTotals,
    pub revenue: Revenue,
}

/// `POST /api/create-checkout`: the tier to buy; the price comes from the platform's tiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckoutRequest {
    pub tier: String,
    /// Where Stripe sends the end user after paying (an allowed origin of the platform).
    pub success_url: String,
    /// Where Stripe sends the end user on cancel (an allowed origin of the platform).
    pub cancel_url: String,
    /// The end user (secret-key calls; browser calls take it from the JWT).
    pub user_id: Option<String>,
}

/// `POST /api/subscription/change`: move a subscribed end user to another paid tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangePlanRequest {
    pub tier: String,
    /// The end user (secret-key calls; browser calls take it from the JWT).
    pub user_id: Option<String>,
}

/// `POST /api/developer/customers/{id}/subscription/change`: the paid tier to move to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TierChangeRequest {
    pub tier: String,
}

/// `POST /api/subscription/cancel` and `/resume`: the subscription of this end user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubscriptionRequest {
    /// The end user (secret-key calls; browser calls take it from the JWT).
    pub user_id: Option<String>,
}

/// `POST /api/customer-portal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PortalRequest {
    /// Where the portal's "Return" link goes (an allowed origin of the platform).
    pub return_url: String,
    pub user_id: Option<String>,
}

/// A Stripe-hosted page to send the browser to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RedirectUrl {
    pub url: String,
}

/// A connected Stripe account as the developer API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StripeConnection {
    pub mode: Mode,
    pub account_id: String,
    pub scope: String,
    pub connected_at: String,
    /// Tiers that have a Stripe product and price (after create-products).
    #[serde(default)]
    pub product_tiers: Vec<String>,
}

/// `POST /api/oauth/complete`: what Stripe's consent page sent back, handed on by the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteConnection {
    pub state: String,
    pub code: Option<String>,
    pub error: Option<String>,
}

/// `GET /api/oauth/status`: the connection per mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StripeStatus {
    pub test: Option<StripeConnection>,
    pub live: Option<StripeConnection>,
}

/// One paid tier's product after `POST /api/developer/create-products`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TierProduct {
    pub tier: String,
    pub product_id: String,
    pub price_id: String,
    pub amount: i64,
    /// `created`, `updated` (new price, old ones archived) or `unchanged`.
    pub result: String,
    pub archived_prices: Vec<String>,
}

/// `POST /api/developer/create-products`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateProductsResponse {
    pub mode: Mode,
    pub products: Vec<TierProduct>,
    /// Products of tiers that no longer exist (or became free), now archived.
    pub archived_products: Vec<String>,
}

/// `POST /webhook/stripe`'s answer (Stripe only looks at the status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookAck {
    pub received: bool,
    /// What happened: `applied`, `duplicate`, `stale`, `ignored` or `unmatched`.
    pub result: String,
}

/// `GET /api/developer/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeveloperInfo {
    pub user_id: String,
    /// `null` until registered.
    pub platform_id: Option<String>,
    pub is_admin: bool,
    /// Every project of the developer, oldest first.
    #[serde(default)]
    pub projects: Vec<ProjectView>,
}

/// One of dream-api's plans as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    pub id: String,
    pub name: String,
    pub price_cents: i64,
    /// Live-mode API calls per month.
    pub monthly_calls: u64,
}

impl From<&crate::plans::DeveloperPlan> for PlanView {
    fn from(p: &crate::plans::DeveloperPlan) -> Self {
        PlanView { id: p.id.into(), name: p.name.into(), price_cents: p.price_cents, monthly_calls: p.monthly_calls }
    }
}

/// `GET /api/developer/billing`: the developer's dream-api plan and this period's calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeveloperBilling {
    pub plan: PlanView,
    /// Live-mode API calls this period (approximate within the documented sync bound).
    pub used: u64,
    pub quota: u64,
    pub period_start: String,
    pub period_end: String,
    /// Set from 80% of the quota on.
    pub warning: Option<String>,
    pub subscription: Option<SubscriptionView>,
    /// Replaced plan subscriptions dream-api has not yet managed to cancel at Stripe.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending_cancellations: Vec<PendingCancelView>,
    /// Every plan, for the upgrade screen.
    pub plans: Vec<PlanView>,
}

/// `POST /api/developer/billing/checkout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanCheckoutRequest {
    pub plan: String,
    /// On the dashboard's origin.
    pub success_url: String,
    /// On the dashboard's origin.
    pub cancel_url: String,
}

/// `POST /api/developer/billing/portal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReturnUrl {
    /// On the dashboard's origin.
    pub return_url: String,
}

/// `GET /api/developer/admin/stats`: the whole deployment (admins only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminStats {
    pub developers: u64,
    /// Plan id → developers on it.
    pub developers_by_plan: std::collections::BTreeMap<String, u64>,
    /// dream-api's own monthly recurring revenue, cents.
    pub mrr: i64,
    pub active_subscriptions: u64,
    /// API calls (both modes) and dream-api's revenue per day, last 30 days, oldest first.
    pub days: Vec<DayCount>,
}

/// `POST /signup/complete`: the hosted sign-up page, with the person's session token as Bearer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignUpCompletion {
    /// The platform's publishable key the page was opened with.
    pub publishable_key: String,
    /// The app URL to return to (an allowed origin of the platform).
    pub redirect: String,
}

/// Its answer: where to send the browser (the app, with a one-time `__clerk_ticket`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignUpHandoff {
    pub redirect: String,
    /// Every platform of this deployment the person is now bound to.
    pub platform_ids: Vec<String>,
}

/// `GET /api/sign-in-config`: how an app signs its end users in with the shared Clerk app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedSignIn {
    /// The shared Clerk app's publishable key (for its browser SDK).
    pub clerk_publishable_key: String,
    /// Clerk's browser SDK script for that app.
    pub clerk_js_url: String,
}

/// How long a promotion code's discount lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponDuration {
    /// The first invoice only.
    Once,
    /// Every invoice.
    Forever,
    /// The invoices of `durationInMonths` months.
    Repeating,
}

impl CouponDuration {
    /// Stripe's name.
    pub fn as_str(self) -> &'static str {
        match self {
            CouponDuration::Once => "once",
            CouponDuration::Forever => "forever",
            CouponDuration::Repeating => "repeating",
        }
    }
}

/// `POST /api/developer/promotion-codes?mode=`: a code buyers can type on a tier's checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePromotionCodeRequest {
    /// What buyers type (3-40 of A-Z, a-z, 0-9, `-`, `_`; Stripe matches it case-insensitively).
    pub code: String,
    /// Whole percent off (1-100); or
    pub percent_off: Option<u32>,
    /// cents off (USD).
    pub amount_off: Option<i64>,
    pub duration: CouponDuration,
    /// With `repeating`: for how many months.
    pub duration_in_months: Option<u32>,
    /// How many times it may be used in all (none: no limit).
    pub max_redemptions: Option<u32>,
}

/// A promotion code on the platform's connected Stripe account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromotionCodeView {
    pub id: String,
    pub code: String,
    pub active: bool,
    pub percent_off: Option<f64>,
    pub amount_off: Option<i64>,
    pub duration: String,
    pub duration_in_months: Option<i64>,
    pub max_redemptions: Option<i64>,
    pub times_redeemed: i64,
    pub created: String,
}

/// `GET /api/developer/promotion-codes?mode=`: the newest 100 codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromotionCodeList {
    pub mode: Mode,
    pub promotion_codes: Vec<PromotionCodeView>,
}

/// `POST /api/developer/webhook-endpoints` and `PATCH …/{id}`: absent fields stay as they are
/// (a new endpoint needs `url`; `events` absent or `[]`: every event type).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebhookEndpointRequest {
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// `POST /api/developer/webhook-endpoints/{id}/rotate`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RotateWebhookSecretRequest {
    /// How long the previous secret still signs beside the new one (default a day, at most
    /// seven; 0: at once).
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub overlap_seconds: Option<u32>,
}

/// A webhook endpoint as the developer API shows it (its secret is never shown again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEndpointView {
    pub id: String,
    pub url: String,
    pub description: String,
    /// The event types sent; empty: every type.
    pub events: Vec<String>,
    pub enabled: bool,
    /// Why it was disabled, while it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success_at: Option<String>,
    /// While a rotated-out secret still signs: until when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_secret_until: Option<String>,
    pub created_at: String,
}

impl From<&crate::webhooks::Endpoint> for WebhookEndpointView {
    fn from(e: &crate::webhooks::Endpoint) -> Self {
        WebhookEndpointView {
            id: e.id.clone(),
            url: e.url.clone(),
            description: e.description.clone(),
            events: e.events.iter().map(|t| t.as_str().to_owned()).collect(),
            enabled: e.disabled.is_none(),
            disabled_reason: e.disabled.as_ref().map(|d| d.reason.clone()),
            disabled_at: e.disabled.as_ref().map(|d| rfc3339(d.at_ms)),
            last_success_at: e.last_success_ms.map(rfc3339),
            previous_secret_until: e.previous.as_ref().map(|p| rfc3339(p.until_ms)),
            created_at: rfc3339(e.created_ms),
        }
    }
}

/// A new endpoint, or one whose secret was rotated: the signing secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEndpointCreated {
    pub endpoint: WebhookEndpointView,
    /// `whsec_…`: verify deliveries with it (any Standard Webhooks library, or the SDK's
    /// `verifyWebhook`).
    pub secret: String,
}

/// `GET /api/developer/webhook-endpoints`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEndpointList {
    pub endpoints: Vec<WebhookEndpointView>,
    /// Every event type an endpoint can take.
    pub event_types: Vec<String>,
}

/// One delivery of an event to an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookDeliveryView {
    pub id: String,
    pub endpoint_id: String,
    pub event_id: String,
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub status: crate::webhooks::DeliveryStatus,
    pub attempts: u32,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempt_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<String>,
    /// The endpoint's last HTTP status, if it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The body sent.
    pub payload: String,
}

impl From<&crate::webhooks::Delivery> for WebhookDeliveryView {
    fn from(d: &crate::webhooks::Delivery) -> Self {
        WebhookDeliveryView {
            id: d.id.clone(),
            endpoint_id: d.endpoint_id.clone(),
            event_id: d.event_id.clone(),
            event_type: d.event_type.as_str().to_owned(),
            status: d.status,
            attempts: d.attempts,
            created_at: rfc3339(d.created_ms),
            last_attempt_at: d.last_attempt_ms.map(rfc3339),
            next_attempt_at: d.next_attempt_ms.map(rfc3339),
            response_status: d.response_status,
            error: d.error.clone(),
            payload: d.payload.clone(),
        }
    }
}

/// `GET /api/developer/webhook-deliveries`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookDeliveryList {
    pub deliveries: Vec<WebhookDeliveryView>,
    /// Pass the last id as `before` for the next page.
    pub has_more: bool,
}

/// `DELETE /api/developer/webhook-endpoints/{id}`: what was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedWebhookEndpoint {
    pub deleted: bool,
    pub id: String,
}

/// `POST /api/developer/products` and `PATCH …/{id}`: a store product (absent fields stay on
/// a change; a new product needs `name`, `price` and `currency`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductRequest {
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Price of one unit in the currency's smallest unit (cents).
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `""` removes it.
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Units left to sell; `null`: unlimited. Absent on a change: unchanged.
    #[serde(default, with = "crate::api::double_option", skip_serializing_if = "Option::is_none")]
    pub stock: Option<Option<u64>>,
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// Tells `null` from absent for an `Option<Option<T>>` field.
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Present (`null` or a value) → `Some`.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }

    /// `Some(None)` → `null`.
    pub fn serialize<T: Serialize, S: Serializer>(v: &Option<Option<T>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }
}

/// A product as the store's buyers see it (`GET /api/products`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub price: i64,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Units that can be bought now; `null`: unlimited.
    pub available: Option<u64>,
    pub sold_out: bool,
}

impl From<&crate::store::Product> for ProductView {
    fn from(p: &crate::store::Product) -> Self {
        ProductView {
            id: p.id.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            price: p.price,
            currency: p.currency.clone(),
            image_url: p.image_url.clone(),
            available: p.available(),
            sold_out: p.available() == Some(0),
        }
    }
}

/// `GET /api/products`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductList {
    pub products: Vec<ProductView>,
}

/// A store product as the developer API shows it: stock, units held, Stripe ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreProductView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub price: i64,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Units left to sell; absent: unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<u64>,
    /// Units held by open checkouts.
    pub held: u64,
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stripe_product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stripe_price: Option<String>,
    pub created_at: String,
}

impl From<&crate::store::Product> for StoreProductView {
    fn from(p: &crate::store::Product) -> Self {
        StoreProductView {
            id: p.id.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            price: p.price,
            currency: p.currency.clone(),
            image_url: p.image_url.clone(),
            stock: p.stock,
            held: p.held,
            active: p.active,
            stripe_product: p.stripe_product.clone(),
            stripe_price: p.stripe_price.clone(),
            created_at: rfc3339(p.created_ms),
        }
    }
}

/// An order as the developer API and `order.paid` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub id: String,
    pub lines: Vec<crate::store::OrderLine>,
    pub status: crate::store::OrderStatus,
    pub created_at: String,
    /// Until when its checkout can be paid (its units are held until then).
    pub expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_session: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<String>,
    /// What Stripe took, in the currency's smallest unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_paid: Option<i64>,
    /// What was refunded of it so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_refunded: Option<i64>,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl From<&crate::store::Order> for OrderView {
    fn from(o: &crate::store::Order) -> Self {
        OrderView {
            id: o.id.clone(),
            lines: o.lines.clone(),
            status: o.status,
            created_at: rfc3339(o.created_ms),
            expires_at: rfc3339(o.expires_ms),
            checkout_session: o.checkout_session.clone(),
            paid_at: o.paid_ms.map(rfc3339),
            amount_paid: o.amount_paid,
            amount_refunded: o.amount_refunded,
            currency: o.currency.clone(),
            email: o.email.clone(),
        }
    }
}

/// `GET /api/developer/products`: every product, archived ones too, with stock and holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreProducts {
    pub products: Vec<StoreProductView>,
}

/// One line of `POST /api/cart/checkout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CartLine {
    pub product_id: String,
    pub quantity: u32,
}

/// `POST /api/cart/checkout`: a guest's cart; prices come from the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CartCheckoutRequest {
    pub items: Vec<CartLine>,
    pub success_url: String,
    pub cancel_url: String,
    #[serde(default, deserialize_with = "not_null", skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// Its answer: Stripe's hosted page, and the order it pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CartCheckout {
    pub url: String,
    pub order_id: String,
    /// Until when the page can be paid (the units are held until then).
    pub expires_at: String,
}

/// `GET /api/developer/orders`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderList {
    pub orders: Vec<OrderView>,
    /// Pass the last id as `before` for the next page.
    pub has_more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_that_may_be_left_out_is_not_null_when_given() {
        // The documents say these are strings (or booleans, numbers): `null` is bad input, not
        // "leave it as it is" (schemathesis found `{"email": null}` accepted).
        for body in [r#"{"email": null}"#, r#"{"plan": null}"#, r#"{"firstName": null}"#] {
            assert!(serde_json::from_str::<UpdateCustomerRequest>(body).is_err(), "{body}");
        }
        assert!(serde_json::from_str::<UpdateCustomerRequest>(r#"{"email": "a@b.test"}"#).is_ok());
        assert_eq!(serde_json::from_str::<UpdateCustomerRequest>("{}").ok(), Some(UpdateCustomerRequest::default()));
        for body in [r#"{"url": null}"#, r#"{"events": null}"#, r#"{"enabled": null}"#] {
            assert!(serde_json::from_str::<WebhookEndpointRequest>(body).is_err(), "{body}");
        }
        assert!(serde_json::from_str::<ProductRequest>(r#"{"price": null}"#).is_err());
        // Stock is the one that means something as null: unlimited.
        let p: Option<ProductRequest> = serde_json::from_str(r#"{"stock": null}"#).ok();
        assert_eq!(p.map(|p| p.stock), Some(Some(None)));
    }
}
