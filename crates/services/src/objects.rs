//! Typed clients of the Durable Objects, one per role: the only callers of the objects port.
//! Each method sends its role's request and returns what that request answers; a wrong-kind
//! answer (a protocol fault between worker and object) is turned into a 5xx here, once.

use crate::{kv, AppState, Error, Result};
use dream_core::account::{AccountRequest, AccountResponse, VersionedConfig};
use dream_core::api::PlatformSettings;
use dream_core::billing::{BillingChange, BillingOutcome, OpenCheckout, ScheduledChange, Subscription};
use dream_core::connection::{ConnectionRequest, ConnectionResponse};
use dream_core::customer::CustomerOutcome;
use dream_core::kv_schema::{self, AccountOwner, DeveloperRecord, KeyEntry, PlatformConfig};
use dream_core::lease::{Giving, LeaseBook};
use dream_core::meter::{MeterRequest, MeterResponse, Snapshot, TrackOutcome};
use dream_core::objects::{ObjectName, ObjectRequest, ObjectResponse};
use dream_core::once::{OnceRequest, OnceResponse};
use dream_core::person::{PersonRequest, PersonResponse, MAX_PLATFORMS};
use dream_core::ports::PortError;
use dream_core::rate_limit::{CallKind, Guard};
use dream_core::registration::{Project, RegistrationRequest, RegistrationResponse};
use dream_core::registry::{RegistryRequest, RegistryResponse};
use dream_core::store::{Order, Product as StoreProduct, StoreRequest, StoreResponse};
use dream_core::tiers::{Tier, TierLimits};
use dream_core::webhooks::{
    Delivery, Endpoint, EndpointChange, NewEndpoint, WebhooksRequest, WebhooksResponse, MAX_ENDPOINTS,
};
use dream_core::ErrorCode;
use dream_core::{ApiError, Mode};
use std::fmt::Debug;

/// 429 `rate_limited` for an end user's call that its guard refused.
fn rate_limited(user: &str, guard: Option<Guard>, retry_after: u64) -> Error {
    let (n, what) = match guard {
        Some(Guard { kind: CallKind::Read, per_minute }) => (per_minute, "reads"),
        Some(Guard { kind: CallKind::Stripe, per_minute }) => (per_minute, "checkout or portal requests"),
        None => (0, "requests"),
    };
    ApiError::new(ErrorCode::RateLimited, format!("end user {user:?} is over {n} {what} per minute"))
        .with_retry_after(retry_after)
        .into()
}

/// 401 `project_deleted`: the key's project is gone.
fn project_deleted() -> Error {
    ApiError::new(ErrorCode::ProjectDeleted, "this key's project was deleted; its keys no longer work").into()
}

fn wrong(name: &ObjectName, answer: &impl Debug) -> Error {
    PortError(format!("object {name} answered with an unexpected response: {answer:?}")).into()
}

async fn call(state: &AppState, name: &ObjectName, req: ObjectRequest) -> Result<ObjectResponse> {
    Ok(state.ports.objects.call(name, &req).await?)
}

/// Calls per day and revenue per day, oldest first.
pub type Daily = (Vec<(i64, u64)>, Vec<(i64, i64)>);

/// One shard's part of a platform's stats.
#[derive(Debug, Clone)]
pub struct ShardStats {
    pub users: u64,
    /// Calls this calendar month (UTC).
    pub used_this_month: u64,
    /// The shard's top users by this period's calls.
    pub top: Vec<Snapshot>,
    /// Every subscription of the shard's users.
    pub subscriptions: Vec<Subscription>,
    pub daily: Daily,
}

/// One usage shard: end users' counters, plans and subscriptions.
pub struct UsageShard<'a> {
    state: &'a AppState,
    name: ObjectName,
}

impl<'a> UsageShard<'a> {
    /// The shard holding `user` of a platform in a mode.
    pub fn of_user(state: &'a AppState, platform_id: &str, mode: Mode, user: &str) -> Self {
        UsageShard { state, name: ObjectName::usage_shard_for(platform_id, mode, user) }
    }

    /// Every shard of a platform in a mode.
    pub fn all(state: &'a AppState, platform_id: &str, mode: Mode) -> Vec<Self> {
        ObjectName::all_usage_shards(platform_id, mode).into_iter().map(|name| UsageShard { state, name }).collect()
    }

    async fn call(&self, req: MeterRequest) -> Result<MeterResponse> {
        match call(self.state, &self.name, ObjectRequest::Usage(req)).await? {
            ObjectResponse::Usage(MeterResponse::Closed) => Err(project_deleted()),
            ObjectResponse::Usage(r) => Ok(r),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Deletes every end user's records in the shard and closes it for good (the project
    /// was deleted); closing twice is harmless.
    pub async fn close(&self) -> Result<()> {
        match call(self.state, &self.name, ObjectRequest::Usage(MeterRequest::Close)).await? {
            ObjectResponse::Usage(MeterResponse::Closed) => Ok(()),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// The isolate's lease book (no lock is held across an await).
    fn book(&self) -> std::sync::MutexGuard<'_, LeaseBook> {
        self.state.caches.leases.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Hands back this isolate's leases on the shard that `which` names, so that a read
    /// from here sees exact counts.
    async fn settle(&self, which: Giving<'_>) -> Result<()> {
        let returns = self.book().returns(self.name.as_str(), which, self.state.now_ms());
        if returns.is_empty() {
            return Ok(());
        }
        match self.call(MeterRequest::Settle { returns }).await? {
            MeterResponse::Settled => Ok(()),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Counts `amount` for `user` on the meter `tiers` are of if its limit and the rate limit
    /// allow it: on a lease this isolate holds when there is one (a refusal seen in the last
    /// second is repeated), else in the shard, asking for a lease when the user is hot here
    /// (`dream_core::lease`). Leases are of the main meter: a named meter is decided in the shard.
    pub async fn track(
        &self,
        user: &str,
        amount: u64,
        idempotency_key: Option<String>,
        tiers: TierLimits,
        rate_per_minute: u32,
    ) -> Result<(TrackOutcome, bool)> {
        let shard = self.name.as_str();
        let now = self.state.now_ms();
        // A keyed call must reach its record, which a retry replays: it is never decided here.
        let in_shard = idempotency_key.is_some() || tiers.meter.is_some();
        let (reserve, returns) = {
            let mut book = self.book();
            if !in_shard {
                if let Some(outcome) = book.admit(shard, user, amount, now) {
                    return Ok((outcome, false));
                }
            }
            let reserve = if in_shard { 0 } else { book.want(shard, user, now) };
            (reserve, book.returns(shard, Giving::Spent, now))
        };
        let req = MeterRequest::Track {
            user: user.into(),
            amount,
            idempotency_key,
            tiers,
            rate_per_minute,
            reserve,
            returns,
        };
        match self.call(req).await? {
            MeterResponse::Track { outcome, replayed, lease } => {
                let mut book = self.book();
                let outcome = match (outcome, lease) {
                    (TrackOutcome::Accepted { usage }, Some(lease)) => {
                        TrackOutcome::Accepted { usage: book.hold(shard, user, lease, usage) }
                    }
                    (refused @ (TrackOutcome::LimitExceeded { .. } | TrackOutcome::RateLimited { .. }), _)
                        if !in_shard =>
                    {
                        book.refused(shard, user, amount, &refused, self.state.now_ms());
                        refused
                    }
                    (outcome, _) => outcome,
                };
                Ok((outcome, replayed))
            }
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Whether `amount` would be allowed now, and the usage; 429 when `guard` refuses.
    pub async fn check(
        &self,
        user: &str,
        amount: u64,
        tiers: TierLimits,
        guard: Option<Guard>,
    ) -> Result<(bool, Snapshot)> {
        self.settle(Giving::AndUser(user)).await?;
        match self.call(MeterRequest::Check { user: user.into(), amount, tiers, guard }).await? {
            MeterResponse::Check { allowed, usage } => Ok((allowed, usage)),
            MeterResponse::RateLimited { retry_after } => Err(rate_limited(user, guard, retry_after)),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// One end user's usage; 429 when `guard` (an end user's own call) refuses.
    pub async fn usage(&self, user: &str, tiers: TierLimits, guard: Option<Guard>) -> Result<Snapshot> {
        self.settle(Giving::AndUser(user)).await?;
        match self.call(MeterRequest::Usage { user: user.into(), tiers, guard }).await? {
            MeterResponse::Usage { usage } => Ok(usage),
            MeterResponse::RateLimited { retry_after } => Err(rate_limited(user, guard, retry_after)),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Puts an end user on a plan by hand.
    pub async fn set_plan(&self, user: &str, plan: &str, tiers: TierLimits) -> Result<Snapshot> {
        let answer = self.call(MeterRequest::SetPlan { user: user.into(), plan: plan.into(), tiers }).await?;
        // A refusal remembered here was for the old plan.
        self.book().forget(self.name.as_str(), user);
        match answer {
            MeterResponse::Usage { usage } => Ok(usage),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// A customers-API call on one end user (after this isolate hands back its leases on
    /// them, so what is read, changed or deleted is exact).
    pub async fn customer(&self, user: &str, req: MeterRequest) -> Result<CustomerOutcome> {
        self.settle(Giving::AndUser(user)).await?;
        let answer = self.call(req).await?;
        // A plan may have changed, or the user gone: a refusal remembered here is stale.
        self.book().forget(self.name.as_str(), user);
        match answer {
            MeterResponse::Customer { outcome } => Ok(outcome),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Up to `limit` users after `after` (by id) whose id contains `search`, and how many
    /// users of the shard match `search`.
    pub async fn page(&self, tiers: TierLimits, after: &str, search: &str, limit: u32) -> Result<(Vec<Snapshot>, u64)> {
        self.settle(Giving::All).await?;
        let req = MeterRequest::Page { tiers, after: after.into(), search: search.into(), limit };
        match self.call(req).await? {
            MeterResponse::Page { users, matching } => Ok((users, matching)),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// The shard's part of a platform's stats (`days` of calls and revenue, the `top` users).
    pub async fn stats(&self, tiers: TierLimits, days: u32, top: u32) -> Result<ShardStats> {
        self.settle(Giving::All).await?;
        match self.call(MeterRequest::Stats { tiers, days, top }).await? {
            MeterResponse::Stats { users, used_this_month, top, subscriptions, counts, revenue } => {
                Ok(ShardStats { users, used_this_month, top, subscriptions, daily: (counts, revenue) })
            }
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Applies a Stripe event to an end user; answers the outcome and the cancels it owes.
    pub async fn apply_billing(&self, user: &str, event: BillingEvent, tiers: TierLimits) -> Result<BillingAnswer> {
        let req = MeterRequest::ApplyBilling {
            user: user.into(),
            event_id: event.event_id,
            event_created: event.event_created,
            change: event.change,
            authoritative: event.authoritative,
            tiers,
        };
        let answer = self.call(req).await?;
        // A refusal remembered here may have been for the plan this event changed.
        self.book().forget(self.name.as_str(), user);
        match answer {
            MeterResponse::Billing { outcome, to_cancel, .. } => Ok((outcome, to_cancel)),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Makes `checkout` the user's one open checkout; answers the one it supersedes.
    pub async fn record_checkout(&self, user: &str, checkout: OpenCheckout) -> Result<Option<String>> {
        match self.call(MeterRequest::RecordCheckout { user: user.into(), checkout }).await? {
            MeterResponse::Checkout { superseded } => Ok(superseded),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Applies Stripe's answer to a plan change dream-api made, with the change it scheduled
    /// for the period end (`None`: none waits); answers the user's usage under `tiers`.
    pub async fn plan_changed(
        &self,
        user: &str,
        subscription: Subscription,
        scheduled: Option<ScheduledChange>,
        tiers: TierLimits,
    ) -> Result<Snapshot> {
        let answer = self.call(MeterRequest::PlanChanged { user: user.into(), subscription, scheduled, tiers }).await?;
        // A refusal remembered here was under the old tier.
        self.book().forget(self.name.as_str(), user);
        match answer {
            MeterResponse::Usage { usage } => Ok(usage),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Records how canceling a replaced subscription at Stripe went (`error`: `None` = done).
    pub async fn settle_cancel(
        &self,
        user: &str,
        subscription: &str,
        error: Option<String>,
        tiers: TierLimits,
    ) -> Result<()> {
        let req = MeterRequest::SettleCancel { user: user.into(), subscription: subscription.into(), error, tiers };
        match self.call(req).await? {
            MeterResponse::Usage { .. } => Ok(()),
            other => Err(wrong(&self.name, &other)),
        }
    }
}

/// A Stripe event as an object applies it.
#[derive(Debug, Clone)]
pub struct BillingEvent {
    pub event_id: String,
    pub event_created: i64,
    pub change: BillingChange,
    /// The subscription was just re-fetched from Stripe: it wins a same-second tie.
    pub authoritative: bool,
}

/// What applying a billing event did, and the replaced subscriptions still to cancel.
pub type BillingAnswer = (BillingOutcome, Vec<String>);

/// A platform's account: keyring, configuration, the developer's plan.
pub struct Account<'a> {
    state: &'a AppState,
    name: ObjectName,
}

impl<'a> Account<'a> {
    /// The account of `platform_id`.
    pub fn of(state: &'a AppState, platform_id: &str) -> Self {
        Account { state, name: ObjectName::account(platform_id) }
    }

    async fn call(&self, req: AccountRequest) -> Result<AccountResponse> {
        match call(self.state, &self.name, ObjectRequest::Account(req)).await? {
            ObjectResponse::Account(AccountResponse::Refused { error }) => Err(error.into()),
            ObjectResponse::Account(AccountResponse::Closed) => Err(project_deleted()),
            ObjectResponse::Account(r) => Ok(r),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Closes the account of a deleted project: every key revoked (their KV records say so),
    /// the configuration's KV copy removed; 409 `project_has_subscriptions` while the
    /// developer's dream-api plan for it bills. Closing twice is harmless.
    pub async fn close(&self) -> Result<()> {
        match call(self.state, &self.name, ObjectRequest::Account(AccountRequest::Close)).await? {
            ObjectResponse::Account(AccountResponse::Closed) => Ok(()),
            ObjectResponse::Account(AccountResponse::Refused { error }) => Err(error.into()),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Sets the platform up unless it already is; answers whether this call did, and its keys.
    pub async fn init(&self, config: PlatformConfig, keys: Vec<KeyEntry>) -> Result<(bool, Vec<KeyEntry>)> {
        match self.call(AccountRequest::Init { config, keys }).await? {
            AccountResponse::Initialized { created, keys, .. } => Ok((created, keys)),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// The configuration and its versions; `None` for a platform never set up here.
    pub async fn config(&self) -> Result<Option<VersionedConfig>> {
        match self.call(AccountRequest::Config).await? {
            AccountResponse::Config { config } => Ok(Some(config)),
            AccountResponse::NotInitialized => Ok(None),
            other => Err(wrong(&self.name, &other)),
        }
    }

    async fn config_change(&self, req: AccountRequest) -> Result<VersionedConfig> {
        match self.call(req).await? {
            AccountResponse::Config { config } => Ok(config),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Replaces the settings (412 `stale_write` if `if_version` is no longer current).
    pub async fn put_settings(&self, settings: PlatformSettings, if_version: Option<u64>) -> Result<VersionedConfig> {
        self.config_change(AccountRequest::PutSettings { settings, if_version }).await
    }

    /// Replaces a mode's tiers (412 `stale_write` if `if_version` is no longer current).
    pub async fn put_tiers(&self, mode: Mode, tiers: Vec<Tier>, if_version: Option<u64>) -> Result<VersionedConfig> {
        self.config_change(AccountRequest::PutTiers { mode, tiers, if_version }).await
    }

    /// Every key of the platform, oldest first.
    pub async fn keys(&self) -> Result<Vec<KeyEntry>> {
        match self.call(AccountRequest::Keys).await? {
            AccountResponse::Keys { keys } => Ok(keys),
            other => Err(wrong(&self.name, &other)),
        }
    }

    async fn key_change(&self, req: AccountRequest) -> Result<(KeyEntry, Option<KeyEntry>)> {
        match self.call(req).await? {
            AccountResponse::Key { key, replacement } => Ok((key, replacement)),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Adds a minted key.
    pub async fn create_key(&self, key: KeyEntry) -> Result<KeyEntry> {
        Ok(self.key_change(AccountRequest::CreateKey { key }).await?.0)
    }

    /// Revokes a key.
    pub async fn revoke_key(&self, key_id: &str) -> Result<KeyEntry> {
        Ok(self.key_change(AccountRequest::RevokeKey { key_id: key_id.into() }).await?.0)
    }

    /// Ends a key at `expires_ms` (`None`: now) and adds its replacement.
    pub async fn rotate_key(
        &self,
        key_id: &str,
        expires_ms: Option<i64>,
        replacement: KeyEntry,
    ) -> Result<(KeyEntry, KeyEntry)> {
        let req = AccountRequest::RotateKey { key_id: key_id.into(), expires_ms, replacement };
        match self.key_change(req).await? {
            (old, Some(new)) => Ok((old, new)),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// The developer's plan and live calls this period.
    pub async fn plan(&self) -> Result<Snapshot> {
        self.plan_answer(AccountRequest::Plan).await
    }

    /// Adds API calls; answers the plan and today's metered test-mode calls.
    pub async fn count_calls(&self, live: u64, test: u64) -> Result<(Snapshot, u64)> {
        match self.call(AccountRequest::CountCalls { live, test }).await? {
            AccountResponse::Counted { usage, test_today } => Ok((usage, test_today)),
            other => Err(wrong(&self.name, &other)),
        }
    }

    async fn plan_answer(&self, req: AccountRequest) -> Result<Snapshot> {
        match self.call(req).await? {
            AccountResponse::Plan { usage } => Ok(usage),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Applies an event of dream-api's own Stripe account to the plan.
    pub async fn apply_billing(&self, event: BillingEvent) -> Result<BillingAnswer> {
        let req = AccountRequest::ApplyBilling {
            event_id: event.event_id,
            event_created: event.event_created,
            change: event.change,
            authoritative: event.authoritative,
        };
        match self.call(req).await? {
            AccountResponse::Billing { outcome, to_cancel, .. } => Ok((outcome, to_cancel)),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Makes `checkout` the plan's one open checkout; answers the one it supersedes.
    pub async fn record_checkout(&self, checkout: OpenCheckout) -> Result<Option<String>> {
        match self.call(AccountRequest::RecordCheckout { checkout }).await? {
            AccountResponse::Checkout { superseded } => Ok(superseded),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Records how canceling a replaced plan subscription at Stripe went.
    pub async fn settle_cancel(&self, subscription: &str, error: Option<String>) -> Result<()> {
        match self.call(AccountRequest::SettleCancel { subscription: subscription.into(), error }).await? {
            AccountResponse::Plan { .. } => Ok(()),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// API calls and plan revenue per day.
    pub async fn daily(&self, days: u32) -> Result<Daily> {
        match self.call(AccountRequest::Daily { days }).await? {
            AccountResponse::Daily { counts, revenue } => Ok((counts, revenue)),
            other => Err(wrong(&self.name, &other)),
        }
    }
}

/// A developer's registration: which platform they own.
pub struct Registration<'a> {
    state: &'a AppState,
    name: ObjectName,
    clerk_user_id: String,
}

impl<'a> Registration<'a> {
    /// The registration of a Clerk user.
    pub fn of(state: &'a AppState, clerk_user_id: &str) -> Self {
        Registration { state, name: ObjectName::registration(clerk_user_id), clerk_user_id: clerk_user_id.into() }
    }

    async fn call(&self, req: RegistrationRequest) -> Result<RegistrationResponse> {
        match call(self.state, &self.name, ObjectRequest::Registration(req)).await? {
            ObjectResponse::Registration(r) => Ok(r),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// The developer's primary project and every project.
    pub async fn get(&self) -> Result<Registered> {
        match self.call(RegistrationRequest::Get).await? {
            RegistrationResponse::Record { record, projects, known } => Ok(Registered { record, projects, known }),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Makes `record` the developer's first project unless they have one; answers theirs and
    /// whether this call claimed it.
    pub async fn claim(&self, record: DeveloperRecord) -> Result<(DeveloperRecord, bool)> {
        let req = RegistrationRequest::Claim { clerk_user_id: self.clerk_user_id.clone(), record };
        match self.call(req).await? {
            RegistrationResponse::Claimed { record, claimed } => Ok((record, claimed)),
            other => Err(wrong(&self.name, &other)),
        }
    }

    async fn projects(&self, req: RegistrationRequest) -> Result<Registered> {
        match self.call(req).await? {
            RegistrationResponse::Record { record, projects, known } => Ok(Registered { record, projects, known }),
            RegistrationResponse::Refused { error } => Err(error.into()),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Adds a project (409 `too_many_projects` past the bound).
    pub async fn add_project(&self, project: Project) -> Result<Registered> {
        self.projects(RegistrationRequest::AddProject { clerk_user_id: self.clerk_user_id.clone(), project }).await
    }

    /// Renames a project (404 `project_not_found` if not the developer's).
    pub async fn rename_project(&self, platform_id: &str, name: &str) -> Result<Registered> {
        self.projects(RegistrationRequest::RenameProject { platform_id: platform_id.into(), name: name.into() }).await
    }

    /// Removes a project from the developer's list.
    pub async fn remove_project(&self, platform_id: &str) -> Result<Registered> {
        self.projects(RegistrationRequest::RemoveProject { platform_id: platform_id.into() }).await
    }
}

/// A developer's projects as their registration holds them.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The primary project.
    pub record: Option<DeveloperRecord>,
    pub projects: Vec<Project>,
    /// Whether the developer ever registered.
    pub known: bool,
}

/// Single-use values of a platform in a mode (pending Connect OAuth states).
pub struct OAuthStates<'a> {
    state: &'a AppState,
    name: ObjectName,
}

impl<'a> OAuthStates<'a> {
    /// The pending states of a platform in a mode.
    pub fn of(state: &'a AppState, platform_id: &str, mode: Mode) -> Self {
        OAuthStates { state, name: ObjectName::oauth_states(platform_id, mode) }
    }

    async fn call(&self, req: OnceRequest) -> Result<OnceResponse> {
        match call(self.state, &self.name, ObjectRequest::Once(req)).await? {
            ObjectResponse::Once(r) => Ok(r),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Stores `value` under `key` until `expires_at_ms`.
    pub async fn put_once(&self, key: &str, value: String, expires_at_ms: i64) -> Result<()> {
        match self.call(OnceRequest::Put { key: key.into(), value, expires_at_ms }).await? {
            OnceResponse::Stored => Ok(()),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Takes the value under `key` (once; `None` when absent or expired).
    pub async fn take_once(&self, key: &str) -> Result<Option<String>> {
        match self.call(OnceRequest::Take { key: key.into() }).await? {
            OnceResponse::Taken { value } => Ok(value),
            other => Err(wrong(&self.name, &other)),
        }
    }
}

/// Which platform a connected Stripe account belongs to.
pub struct ConnectedAccount<'a> {
    state: &'a AppState,
    name: ObjectName,
    mode: Mode,
    account_id: String,
}

impl<'a> ConnectedAccount<'a> {
    /// The binding of Stripe account `account_id` in `mode`.
    pub fn of(state: &'a AppState, mode: Mode, account_id: &str) -> Self {
        ConnectedAccount {
            state,
            name: ObjectName::connected_account(mode, account_id),
            mode,
            account_id: account_id.into(),
        }
    }

    async fn call(&self, req: ConnectionRequest) -> Result<ConnectionResponse> {
        match call(self.state, &self.name, ObjectRequest::Connection(req)).await? {
            ObjectResponse::Connection(r) => Ok(r),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Who KV says holds the account (for accounts connected before they had an object; the
    /// object adopts it on first use and ignores it after).
    async fn legacy_owner(&self) -> Result<Option<String>> {
        let key = kv_schema::stripe_account(self.mode, &self.account_id);
        Ok(kv::get::<AccountOwner>(self.state.ports.kv.as_ref(), &key).await?.map(|o| o.platform_id))
    }

    /// Binds the account to `platform_id`; `false` when another platform holds it.
    pub async fn claim(&self, platform_id: &str) -> Result<bool> {
        let req = ConnectionRequest::Claim {
            mode: self.mode,
            account_id: self.account_id.clone(),
            platform_id: platform_id.into(),
            legacy_owner: self.legacy_owner().await?,
        };
        match self.call(req).await? {
            ConnectionResponse::Bound => Ok(true),
            ConnectionResponse::HeldByAnother => Ok(false),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Unbinds the account if `platform_id` holds it.
    pub async fn release(&self, platform_id: &str) -> Result<()> {
        let req = ConnectionRequest::Release {
            mode: self.mode,
            account_id: self.account_id.clone(),
            platform_id: platform_id.into(),
            legacy_owner: self.legacy_owner().await?,
        };
        match self.call(req).await? {
            ConnectionResponse::Released => Ok(()),
            other => Err(wrong(&self.name, &other)),
        }
    }
}

/// The registry of every platform.
pub struct Registry<'a> {
    state: &'a AppState,
    name: ObjectName,
}

impl<'a> Registry<'a> {
    /// The deployment's registry.
    pub fn new(state: &'a AppState) -> Self {
        Registry { state, name: ObjectName::registry() }
    }

    async fn call(&self, req: RegistryRequest) -> Result<RegistryResponse> {
        match call(self.state, &self.name, ObjectRequest::Registry(req)).await? {
            ObjectResponse::Registry(r) => Ok(r),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Lists a platform (enrolling twice adds nothing).
    pub async fn enroll(&self, platform_id: &str) -> Result<()> {
        match self.call(RegistryRequest::Enroll { platform_id: platform_id.into() }).await? {
            RegistryResponse::Enrolled => Ok(()),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Takes a deleted platform off the list.
    pub async fn remove(&self, platform_id: &str) -> Result<()> {
        match self.call(RegistryRequest::Remove { platform_id: platform_id.into() }).await? {
            RegistryResponse::Enrolled => Ok(()),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Every platform.
    pub async fn members(&self) -> Result<Vec<String>> {
        match self.call(RegistryRequest::Members).await? {
            RegistryResponse::Members { members } => Ok(members),
            other => Err(wrong(&self.name, &other)),
        }
    }
}

/// A person of the shared end-user Clerk app: the platforms they are bound to.
pub struct Person<'a> {
    state: &'a AppState,
    name: ObjectName,
}

/// A person's bindings and their version (see [`dream_core::person`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bindings {
    pub platform_ids: Vec<String>,
    pub version: u64,
}

impl<'a> Person<'a> {
    /// The object of Clerk user `user_id`.
    pub fn new(state: &'a AppState, user_id: &str) -> Self {
        Person { state, name: ObjectName::person(user_id) }
    }

    async fn call(&self, req: PersonRequest) -> Result<Bindings> {
        match call(self.state, &self.name, ObjectRequest::Person(req)).await? {
            ObjectResponse::Person(PersonResponse::Bindings { platform_ids, version }) => {
                Ok(Bindings { platform_ids, version })
            }
            ObjectResponse::Person(PersonResponse::Full) => Err(ApiError::new(
                ErrorCode::TooManyPlatforms,
                format!("one person can be bound to at most {MAX_PLATFORMS} platforms of this deployment"),
            )
            .into()),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Binds the person to `platform_id`, keeping `known` (what Clerk holds now).
    pub async fn bind(&self, platform_id: &str, known: Vec<String>) -> Result<Bindings> {
        self.call(PersonRequest::Bind { platform_id: platform_id.into(), known }).await
    }

    /// The current bindings.
    pub async fn bindings(&self) -> Result<Bindings> {
        self.call(PersonRequest::Get).await
    }
}

/// A project's webhook outbox in one mode: its endpoints and deliveries
/// ([`dream_core::webhooks`]).
pub struct Outbox<'a> {
    state: &'a AppState,
    name: ObjectName,
}

fn endpoint_not_found() -> Error {
    ApiError::new(ErrorCode::WebhookEndpointNotFound, "no webhook endpoint with that id in this project and mode")
        .into()
}

impl<'a> Outbox<'a> {
    /// The outbox of `platform_id` in `mode`.
    pub fn new(state: &'a AppState, platform_id: &str, mode: Mode) -> Self {
        Outbox { state, name: ObjectName::webhooks(platform_id, mode) }
    }

    async fn call(&self, req: WebhooksRequest) -> Result<WebhooksResponse> {
        match call(self.state, &self.name, ObjectRequest::Webhooks(req)).await? {
            ObjectResponse::Webhooks(r) => Ok(r),
            other => Err(wrong(&self.name, &other)),
        }
    }

    async fn endpoint(&self, req: WebhooksRequest) -> Result<Endpoint> {
        match self.call(req).await? {
            WebhooksResponse::Endpoint { endpoint } => Ok(endpoint),
            WebhooksResponse::NotFound => Err(endpoint_not_found()),
            WebhooksResponse::TooMany => Err(ApiError::new(
                ErrorCode::TooManyWebhookEndpoints,
                format!("a project has at most {MAX_ENDPOINTS} webhook endpoints per mode; remove one first"),
            )
            .into()),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Every endpoint.
    pub async fn endpoints(&self) -> Result<Vec<Endpoint>> {
        match self.call(WebhooksRequest::Endpoints).await? {
            WebhooksResponse::Endpoints { endpoints } => Ok(endpoints),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Registers an endpoint (409 `too_many_webhook_endpoints` past the bound).
    pub async fn add(&self, endpoint: NewEndpoint) -> Result<Endpoint> {
        self.endpoint(WebhooksRequest::AddEndpoint { endpoint }).await
    }

    /// Changes an endpoint.
    pub async fn update(&self, id: &str, change: EndpointChange) -> Result<Endpoint> {
        self.endpoint(WebhooksRequest::UpdateEndpoint { id: id.into(), change }).await
    }

    /// A new secret generation; the previous signs too for `overlap_ms`.
    pub async fn rotate(&self, id: &str, overlap_ms: i64) -> Result<Endpoint> {
        self.endpoint(WebhooksRequest::RotateSecret { id: id.into(), overlap_ms }).await
    }

    /// Removes an endpoint; its waiting deliveries fail.
    pub async fn remove(&self, id: &str) -> Result<()> {
        match self.call(WebhooksRequest::RemoveEndpoint { id: id.into() }).await? {
            WebhooksResponse::Removed => Ok(()),
            WebhooksResponse::NotFound => Err(endpoint_not_found()),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Recent deliveries, newest first, and whether older ones remain.
    pub async fn deliveries(
        &self,
        endpoint: Option<String>,
        before: Option<String>,
        limit: u32,
    ) -> Result<(Vec<Delivery>, bool)> {
        match self.call(WebhooksRequest::Deliveries { endpoint, before, limit }).await? {
            WebhooksResponse::Deliveries { deliveries, more } => Ok((deliveries, more)),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Sends a delivery's event again, as a new delivery.
    pub async fn resend(&self, delivery: &str) -> Result<Delivery> {
        match self.call(WebhooksRequest::Resend { delivery: delivery.into() }).await? {
            WebhooksResponse::Delivery { delivery } => Ok(delivery),
            WebhooksResponse::NotFound => Err(ApiError::new(
                ErrorCode::DeliveryNotFound,
                "no delivery with that id in this project and mode (only recent ones are kept)",
            )
            .into()),
            WebhooksResponse::EndpointDisabled => Err(ApiError::new(
                ErrorCode::WebhookEndpointDisabled,
                "the delivery's endpoint is disabled; enable it first",
            )
            .into()),
            other => Err(wrong(&self.name, &other)),
        }
    }
}

/// A store project's catalog, holds and orders in one mode ([`dream_core::store`]).
pub struct Store<'a> {
    state: &'a AppState,
    name: ObjectName,
}

impl<'a> Store<'a> {
    /// The store of `platform_id` in `mode`.
    pub fn new(state: &'a AppState, platform_id: &str, mode: Mode) -> Self {
        Store { state, name: ObjectName::store(platform_id, mode) }
    }

    /// Sends one call and answers the store's answer.
    pub async fn call(&self, req: StoreRequest) -> Result<StoreResponse> {
        match call(self.state, &self.name, ObjectRequest::Store(req)).await? {
            ObjectResponse::Store(r) => Ok(r),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Every product.
    pub async fn products(&self) -> Result<Vec<StoreProduct>> {
        match self.call(StoreRequest::Products).await? {
            StoreResponse::Products { products } => Ok(products),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// Paid amounts per day for the `days` days ending today (oldest first).
    pub async fn revenue(&self, days: u32) -> Result<Vec<(i64, i64)>> {
        match self.call(StoreRequest::Revenue { days }).await? {
            StoreResponse::Revenue { revenue } => Ok(revenue),
            other => Err(wrong(&self.name, &other)),
        }
    }

    /// An order, changed by `req` (attach, paid, release, refunded); `None`: no such order.
    pub async fn order(&self, req: StoreRequest) -> Result<Option<Order>> {
        match self.call(req).await? {
            StoreResponse::Order { order } => Ok(Some(order)),
            StoreResponse::NotFound => Ok(None),
            other => Err(wrong(&self.name, &other)),
        }
    }
}
