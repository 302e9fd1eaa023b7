//! Stripe over the HTTP port: requests built by async-stripe's request builders, sent with the
//! Bearer secret key, `Stripe-Account` and `Idempotency-Key`; Stripe's error objects become
//! [`StripeFailure::Api`]. Also async-stripe's `StripeClient` (tests use its typed `send`).

use crate::error::Error;
use dream_core::ports::{HttpClient, HttpLimits, HttpRequest};
use dream_core::url::encode;
use dream_core::ApiError;
use dream_core::ErrorCode;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use stripe_client_core::{
    CustomizedStripeRequest, RequestBuilder, RequestStrategy, StripeClient, StripeClientErr, StripeMethod,
    StripeRequest,
};

/// A failed Stripe call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StripeFailure {
    /// Stripe answered with an error object.
    Api { status: u16, code: Option<String>, message: String },
    /// No answer (network, DNS, timeout).
    Transport(String),
    /// An answer that is not the object the request promises.
    Decode(String),
}

impl StripeClientErr for StripeFailure {
    fn deserialize_err(msg: impl std::fmt::Display) -> Self {
        StripeFailure::Decode(msg.to_string())
    }
}

impl StripeFailure {
    /// What went wrong, in a few words fit for a developer's screen (no Stripe message text).
    pub fn summary(&self) -> String {
        match self {
            StripeFailure::Api { status, code: Some(code), .. } => format!("Stripe answered {status} ({code})"),
            StripeFailure::Api { status, code: None, .. } => format!("Stripe answered {status}"),
            StripeFailure::Transport(_) => "Stripe could not be reached".into(),
            StripeFailure::Decode(_) => "Stripe's answer was unreadable".into(),
        }
    }

    /// Stripe's error code (`resource_missing`, …), if it sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            StripeFailure::Api { code, .. } => code.as_deref(),
            _ => None,
        }
    }
}

/// dream-api's error for a failed Stripe call. Stripe's own message never reaches the
/// caller (it can name accounts and parameters of the platform's integration, and browser
/// callers are end users): it goes to the log, the caller gets a code to act on.
impl From<StripeFailure> for Error {
    fn from(f: StripeFailure) -> Self {
        crate::log::error(&format!("Stripe call failed: {f:?}"));
        let (code, msg) = match &f {
            StripeFailure::Api { status: 429, .. } => {
                (ErrorCode::StripeBusy, "Stripe is rate limiting requests; retry in a few seconds")
            }
            StripeFailure::Api { status: 401 | 403, .. } => (
                ErrorCode::StripeAccountUnavailable,
                "the Stripe account no longer accepts dream-api's requests; reconnect Stripe in the dashboard",
            ),
            StripeFailure::Api { status: 404, .. } => (
                ErrorCode::StripeResourceMissing,
                "a Stripe object dream-api has on record (customer, price or subscription) no longer exists",
            ),
            StripeFailure::Api { status, .. } if *status >= 500 => {
                (ErrorCode::StripeUnavailable, "Stripe failed to answer; retry shortly")
            }
            StripeFailure::Api { .. } => {
                (ErrorCode::StripeError, "Stripe refused the request; the details are in dream-api's log")
            }
            StripeFailure::Transport(_) => (ErrorCode::StripeUnavailable, "Stripe could not be reached; retry shortly"),
            StripeFailure::Decode(_) => (ErrorCode::StripeError, "Stripe sent an answer dream-api could not read"),
        };
        let msg = match f.code() {
            Some(c) if code == ErrorCode::StripeError => format!("{msg} (Stripe's code: {c})"),
            _ => msg.to_owned(),
        };
        Error(ApiError::new(code, msg))
    }
}

/// Stripe's API as one account (the platform's key), optionally acting for a connected one.
#[derive(Clone)]
pub struct StripeApi {
    http: Arc<dyn HttpClient>,
    base: String,
    secret: String,
}

impl StripeApi {
    /// A client for `base` (no trailing slash) authenticating with `secret`.
    pub fn new(http: Arc<dyn HttpClient>, base: &str, secret: &str) -> StripeApi {
        StripeApi { http, base: base.trim_end_matches('/').to_owned(), secret: secret.to_owned() }
    }

    /// Sends a request built by one of async-stripe's request builders, to `account` (a
    /// connected account) or the platform's own, reading the answer as `T` (see
    /// [`super::models`]).
    pub async fn call<R: StripeRequest, T: DeserializeOwned>(
        &self,
        req: &R,
        account: Option<&str>,
        idempotency_key: Option<&str>,
    ) -> Result<T, StripeFailure> {
        let request = self.request(req.build(), account, idempotency_key);
        let resp = self.http.send(request).await.map_err(|e| StripeFailure::Transport(e.0))?;
        if !(200..300).contains(&resp.status) {
            return Err(api_failure(resp.status, &resp.body));
        }
        serde_json::from_slice(&resp.body).map_err(|e| StripeFailure::Decode(e.to_string()))
    }

    fn request(&self, builder: RequestBuilder, account: Option<&str>, idempotency_key: Option<&str>) -> HttpRequest {
        let mut url = format!("{}/v1{}", self.base, builder.path);
        if let Some(q) = builder.query.as_deref().filter(|q| !q.is_empty()) {
            url.push('?');
            url.push_str(q);
        }
        let method = match builder.method {
            StripeMethod::Get => "GET",
            StripeMethod::Post => "POST",
            StripeMethod::Delete => "DELETE",
        };
        let mut headers = vec![
            ("authorization".to_owned(), format!("Bearer {}", self.secret)),
            ("stripe-version".to_owned(), stripe_client_core::VERSION.to_string()),
        ];
        if builder.body.is_some() {
            headers.push(("content-type".into(), "application/x-www-form-urlencoded".into()));
        }
        if let Some(a) = account {
            headers.push(("stripe-account".into(), a.to_owned()));
        }
        if let Some(k) = idempotency_key {
            headers.push(("idempotency-key".into(), k.to_owned()));
        }
        HttpRequest { method: method.into(), url, headers, body: builder.body, limits: HttpLimits::STRIPE }
    }

    /// POSTs a form to a non-API Stripe URL (Connect's `/oauth/token`), returning JSON.
    pub async fn post_form(&self, url: &str, form: &[(&str, &str)]) -> Result<serde_json::Value, StripeFailure> {
        let body = form.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
        let req = HttpRequest {
            method: "POST".into(),
            url: url.into(),
            headers: vec![
                ("authorization".into(), format!("Bearer {}", self.secret)),
                ("content-type".into(), "application/x-www-form-urlencoded".into()),
            ],
            body: Some(body),
            limits: HttpLimits::STRIPE,
        };
        let resp = self.http.send(req).await.map_err(|e| StripeFailure::Transport(e.0))?;
        let v: serde_json::Value =
            serde_json::from_slice(&resp.body).map_err(|e| StripeFailure::Decode(e.to_string()))?;
        if (200..300).contains(&resp.status) {
            Ok(v)
        } else {
            // OAuth errors are `{"error": "invalid_grant", "error_description": "…"}`.
            Err(StripeFailure::Api {
                status: resp.status,
                code: v["error"].as_str().map(str::to_owned),
                message: v["error_description"].as_str().unwrap_or("OAuth request refused").to_owned(),
            })
        }
    }
}

fn api_failure(status: u16, body: &[u8]) -> StripeFailure {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    StripeFailure::Api {
        status,
        code: v["error"]["code"].as_str().map(str::to_owned),
        message: v["error"]["message"].as_str().unwrap_or("unknown Stripe error").to_owned(),
    }
}

impl StripeClient for StripeApi {
    type Err = StripeFailure;

    fn execute(
        &self,
        req: CustomizedStripeRequest,
    ) -> impl std::future::Future<Output = Result<bytes::Bytes, Self::Err>> + Send {
        let (builder, overrides) = req.into_pieces();
        let account = overrides.account_id.map(|a| a.to_string());
        let key = match overrides.request_strategy {
            Some(RequestStrategy::Idempotent(k)) => Some(k.as_str().to_owned()),
            _ => None,
        };
        let request = self.request(builder, account.as_deref(), key.as_deref());
        let http = self.http.clone();
        async move {
            let resp = http.send(request).await.map_err(|e| StripeFailure::Transport(e.0))?;
            if (200..300).contains(&resp.status) {
                Ok(bytes::Bytes::from(resp.body))
            } else {
                Err(api_failure(resp.status, &resp.body))
            }
        }
    }
}
