//! A typed client of dream-api's api-multi for server-side Rust backends (secret key), over
//! `dream-core`'s request/response types.
//!
//! ```no_run
//! # async fn run() -> Result<(), dream_client::ClientError> {
//! let api = dream_client::DreamClient::new("https://api.example.com", "sk_live_…")?;
//! let tracked = api.track("user_42", None, None).await?;
//! println!("{} of {:?} used", tracked.usage.used, tracked.usage.limit);
//! # Ok(()) }
//! ```
//!
//! `track` sends an `Idempotency-Key` (generated unless given) and retries network failures
//! and 5xx answers under that same key, so a retried call counts once; reads retry the same
//! way; checkout and portal calls are never retried.

use dream_core::api::{
    ChangePlanRequest, CheckResponse, CheckoutRequest, CreateCustomerRequest, CustomerAnswer, CustomerList,
    DashboardTotals, DeletedCustomer, EntitlementsView, PortalRequest, RedirectUrl, SetPlanRequest,
    SubscriptionRequest, TierList, TrackRequest, TrackResponse, UpdateCustomerRequest, UsageView,
};
use dream_core::url::encode;
use dream_core::ErrorCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// Time allowed for one attempt.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Retries of a failed request, when retrying is safe.
pub const RETRIES: u32 = 2;

/// A failed call: dream-api's error object, or a transport failure (status 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientError {
    /// HTTP status (0: no answer).
    pub status: u16,
    /// The error's category (`usage_limit_error`, …).
    pub kind: String,
    /// Stable code (`usage_limit_exceeded`, …): compare with [`ClientError::is`].
    pub code: String,
    pub message: String,
    /// The answer's `x-request-id`.
    pub request_id: Option<String>,
    /// Seconds to wait before retrying, when the API said so.
    pub retry_after: Option<u64>,
}

impl ClientError {
    /// Whether this is dream-api's error `code`.
    pub fn is(&self, code: ErrorCode) -> bool {
        self.code == code.as_str()
    }

    fn transport(code: &str, message: String) -> ClientError {
        ClientError {
            status: 0,
            kind: "api_error".into(),
            code: code.into(),
            message,
            request_id: None,
            retry_after: None,
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.status, self.message)
    }
}

impl std::error::Error for ClientError {}

/// The error body as sent on the wire (read loosely: a newer server's code still reads).
#[derive(Deserialize)]
struct WireError {
    error: WireErrorInner,
}

#[derive(Deserialize)]
struct WireErrorInner {
    #[serde(rename = "type")]
    kind: String,
    code: String,
    message: String,
}

/// api-multi with a platform's secret key.
#[derive(Clone)]
pub struct DreamClient {
    http: reqwest::Client,
    base: String,
    secret_key: String,
}

enum Retry {
    /// Safe to send again after a network failure or a 5xx.
    Safe,
    Never,
}

fn new_idempotency_key() -> Result<String, ClientError> {
    let mut b = [0u8; 16];
    getrandom::getrandom(&mut b).map_err(|e| ClientError::transport("no_randomness", e.to_string()))?;
    Ok(dream_core::keys::hex(&b))
}

impl DreamClient {
    /// A client of the api-multi at `base_url` with `secret_key` (`sk_test_…`/`sk_live_…`).
    pub fn new(base_url: &str, secret_key: &str) -> Result<DreamClient, ClientError> {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ClientError::transport("client_setup", e.to_string()))?;
        DreamClient::with_http(base_url, secret_key, http)
    }

    /// The same over a `reqwest::Client` of the caller's (its pool, proxy and timeout settings).
    pub fn with_http(base_url: &str, secret_key: &str, http: reqwest::Client) -> Result<DreamClient, ClientError> {
        if !secret_key.starts_with("sk_") {
            return Err(ClientError::transport("invalid_key", "a secret key (sk_…) is required".into()));
        }
        Ok(DreamClient { http, base: base_url.trim_end_matches('/').to_owned(), secret_key: secret_key.to_owned() })
    }

    /// Counts `amount` (default 1) for `user` if their tier and rate limit allow it.
    pub async fn track(
        &self,
        user: &str,
        amount: Option<i64>,
        idempotency_key: Option<&str>,
    ) -> Result<TrackResponse, ClientError> {
        self.track_request(TrackRequest { user_id: Some(user.to_owned()), amount, feature: None }, idempotency_key)
            .await
    }

    /// Counts `amount` (default 1) for `user` on the tier's named meter `feature` (e.g.
    /// `exports`), if its limit and the rate limit allow it.
    pub async fn track_feature(
        &self,
        user: &str,
        feature: &str,
        amount: Option<i64>,
        idempotency_key: Option<&str>,
    ) -> Result<TrackResponse, ClientError> {
        let body = TrackRequest { user_id: Some(user.to_owned()), amount, feature: Some(feature.to_owned()) };
        self.track_request(body, idempotency_key).await
    }

    /// Sends a track under `idempotency_key` (one is made when absent), retried under it.
    async fn track_request(
        &self,
        body: TrackRequest,
        idempotency_key: Option<&str>,
    ) -> Result<TrackResponse, ClientError> {
        let key = match idempotency_key {
            Some(k) => k.to_owned(),
            None => new_idempotency_key()?,
        };
        self.call(reqwest::Method::POST, "/api/data", Some(&body), Some(&key), Retry::Safe).await
    }

    /// What `user` may do now: the tier's flags and every meter's standing.
    pub async fn entitlements(&self, user: &str) -> Result<EntitlementsView, ClientError> {
        let path = format!("/api/entitlements?userId={}", encode(user));
        self.call::<(), _>(reqwest::Method::GET, &path, None, None, Retry::Safe).await
    }

    /// Whether `amount` (default 1) would be allowed for `user` now; counts nothing.
    pub async fn check(&self, user: &str, amount: Option<i64>) -> Result<CheckResponse, ClientError> {
        let body = TrackRequest { user_id: Some(user.to_owned()), amount, feature: None };
        self.call(reqwest::Method::POST, "/api/usage/check", Some(&body), None, Retry::Safe).await
    }

    /// `user`'s plan, usage and limit this period.
    pub async fn usage(&self, user: &str) -> Result<UsageView, ClientError> {
        let path = format!("/api/usage?userId={}", encode(user));
        self.call::<(), _>(reqwest::Method::GET, &path, None, None, Retry::Safe).await
    }

    /// The platform's tiers in the key's mode.
    pub async fn tiers(&self) -> Result<TierList, ClientError> {
        self.call::<(), _>(reqwest::Method::GET, "/api/tiers", None, None, Retry::Safe).await
    }

    /// A page of end users (`search` in their ids; `cursor` from the previous page).
    pub async fn users(
        &self,
        search: Option<&str>,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<CustomerList, ClientError> {
        let mut q = Vec::new();
        if let Some(s) = search {
            q.push(format!("search={}", encode(s)));
        }
        if let Some(c) = cursor {
            q.push(format!("cursor={}", encode(c)));
        }
        if let Some(l) = limit {
            q.push(format!("limit={l}"));
        }
        let path = if q.is_empty() { "/api/users".to_owned() } else { format!("/api/users?{}", q.join("&")) };
        self.call::<(), _>(reqwest::Method::GET, &path, None, None, Retry::Safe).await
    }

    /// One end user.
    pub async fn user(&self, user: &str) -> Result<UsageView, ClientError> {
        let path = format!("/api/users/{}", encode(user));
        self.call::<(), _>(reqwest::Method::GET, &path, None, None, Retry::Safe).await
    }

    /// Puts `user` on `plan` by hand (a paid subscription still takes precedence).
    pub async fn set_plan(&self, user: &str, plan: &str) -> Result<UsageView, ClientError> {
        let path = format!("/api/users/{}/plan", encode(user));
        let body = SetPlanRequest { plan: plan.to_owned() };
        self.call(reqwest::Method::PUT, &path, Some(&body), None, Retry::Safe).await
    }

    /// Creates a customer record (never retried: a retry of a create that did land would
    /// answer 409 `customer_exists`).
    pub async fn create_customer(&self, req: &CreateCustomerRequest) -> Result<CustomerAnswer, ClientError> {
        self.call(reqwest::Method::POST, "/api/customers", Some(req), None, Retry::Never).await
    }

    /// A customer; 404 `customer_not_found` for an id never seen.
    pub async fn customer(&self, user: &str) -> Result<CustomerAnswer, ClientError> {
        let path = format!("/api/customers/{}", encode(user));
        self.call::<(), _>(reqwest::Method::GET, &path, None, None, Retry::Safe).await
    }

    /// Sets what `change` gives (a PATCH: the same change twice is the same result).
    pub async fn update_customer(
        &self,
        user: &str,
        change: &UpdateCustomerRequest,
    ) -> Result<CustomerAnswer, ClientError> {
        let path = format!("/api/customers/{}", encode(user));
        self.call(reqwest::Method::PATCH, &path, Some(change), None, Retry::Safe).await
    }

    /// Deletes a customer and their usage (never retried: a retry would answer 404); 409
    /// `customer_subscribed` while a subscription bills them.
    pub async fn delete_customer(&self, user: &str) -> Result<DeletedCustomer, ClientError> {
        let path = format!("/api/customers/{}", encode(user));
        self.call::<(), _>(reqwest::Method::DELETE, &path, None, None, Retry::Never).await
    }

    /// The platform's headline figures in the key's mode.
    pub async fn dashboard_totals(&self) -> Result<DashboardTotals, ClientError> {
        self.call::<(), _>(reqwest::Method::GET, "/api/dashboard/totals", None, None, Retry::Safe).await
    }

    /// A Stripe Checkout page for the end user (never retried: a retry opens another).
    pub async fn create_checkout(&self, req: &CheckoutRequest) -> Result<RedirectUrl, ClientError> {
        self.call(reqwest::Method::POST, "/api/create-checkout", Some(req), None, Retry::Never).await
    }

    /// Stripe's customer portal for the end user.
    pub async fn customer_portal(&self, req: &PortalRequest) -> Result<RedirectUrl, ClientError> {
        self.call(reqwest::Method::POST, "/api/customer-portal", Some(req), None, Retry::Never).await
    }

    /// Moves `user`'s subscription to another paid tier (up at once with proration, down at
    /// the period end); safe to retry, since asking for the tier held changes nothing.
    pub async fn change_plan(&self, user: &str, tier: &str) -> Result<UsageView, ClientError> {
        let req = ChangePlanRequest { tier: tier.into(), user_id: Some(user.into()) };
        self.call(reqwest::Method::POST, "/api/subscription/change", Some(&req), None, Retry::Safe).await
    }

    /// Sets `user`'s subscription to end at the period end.
    pub async fn cancel_subscription(&self, user: &str) -> Result<UsageView, ClientError> {
        let req = SubscriptionRequest { user_id: Some(user.into()) };
        self.call(reqwest::Method::POST, "/api/subscription/cancel", Some(&req), None, Retry::Safe).await
    }

    /// Keeps `user`'s subscription going after a cancel at period end.
    pub async fn resume_subscription(&self, user: &str) -> Result<UsageView, ClientError> {
        let req = SubscriptionRequest { user_id: Some(user.into()) };
        self.call(reqwest::Method::POST, "/api/subscription/resume", Some(&req), None, Retry::Safe).await
    }

    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&B>,
        idempotency_key: Option<&str>,
        retry: Retry,
    ) -> Result<T, ClientError> {
        let retries = match retry {
            Retry::Safe => RETRIES,
            Retry::Never => 0,
        };
        let mut attempt = 0u32;
        loop {
            let mut req = self
                .http
                .request(method.clone(), format!("{}{path}", self.base))
                .bearer_auth(&self.secret_key)
                .header("accept", "application/json");
            if let Some(b) = body {
                req = req.json(b);
            }
            if let Some(k) = idempotency_key {
                req = req.header("idempotency-key", k);
            }
            let failure = match req.send().await {
                Ok(resp) if resp.status().is_success() => {
                    return resp
                        .json::<T>()
                        .await
                        .map_err(|e| ClientError::transport("unreadable_answer", e.to_string()));
                }
                Ok(resp) => error_of(resp).await,
                Err(e) if e.is_timeout() => {
                    ClientError::transport("timeout", "dream-api did not answer in time".into())
                }
                Err(e) => ClientError::transport("network_error", format!("dream-api could not be reached: {e}")),
            };
            let retryable = failure.status == 0 || failure.status >= 500;
            if !retryable || attempt >= retries {
                return Err(failure);
            }
            let wait = failure.retry_after.map(|s| s.min(4) * 1000).unwrap_or(200 << attempt);
            tokio::time::sleep(Duration::from_millis(wait)).await;
            attempt += 1;
        }
    }
}

async fn error_of(resp: reqwest::Response) -> ClientError {
    let status = resp.status().as_u16();
    let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let request_id = header("x-request-id");
    let retry_after = header("retry-after").and_then(|v| v.parse().ok());
    match resp.json::<WireError>().await {
        Ok(w) => ClientError {
            status,
            kind: w.error.kind,
            code: w.error.code,
            message: w.error.message,
            request_id,
            retry_after,
        },
        Err(_) => ClientError {
            status,
            kind: "api_error".into(),
            code: "http_error".into(),
            message: format!("dream-api answered {status}"),
            request_id,
            retry_after,
        },
    }
}
