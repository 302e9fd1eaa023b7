//! Helpers for end-to-end tests: the URLs of the running stack (from the environment set
//! by `scripts/e2e.sh`), tokens from the simulator, and a developer with a platform.

use dream_sim::clerk::MintRequest;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use std::io::Write;

/// The stack's entry URL (dev router in front of the workers).
pub fn api_url() -> String {
    std::env::var("DREAM_API_URL")
        .unwrap_or_else(|_| panic!("DREAM_API_URL is not set: run the end-to-end tests with `just e2e`"))
}

/// The simulator's URL.
pub fn sim_url() -> String {
    std::env::var("DREAM_SIM_URL")
        .unwrap_or_else(|_| panic!("DREAM_SIM_URL is not set: run the end-to-end tests with `just e2e`"))
}

/// The dashboard origin the workers accept developer tokens for.
pub const DASHBOARD_ORIGIN: &str = "http://127.0.0.1:8080";

/// One HTTP client, generous pool, no proxy.
pub fn client() -> Client {
    Client::builder().no_proxy().pool_max_idle_per_host(512).build().unwrap_or_else(|e| panic!("client: {e}"))
}

fn append(var: &str, line: &str) {
    if let Ok(path) = std::env::var(var) {
        let mut f =
            std::fs::OpenOptions::new().create(true).append(true).open(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        writeln!(f, "{line}").unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}

/// Records a secret key so the final state scan can look for it in plaintext.
pub fn remember_secret(secret: &str) {
    append("E2E_SECRETS_FILE", secret);
}

/// Records a publishable key: stored in plaintext by design, so the final scan must find
/// it, which proves the scan can see what KV persisted.
pub fn remember_public(key: &str) {
    append("E2E_PUBLIC_FILE", key);
}

/// A response as tests look at it.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The error code of an error response.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    /// Whether wrangler's local proxy dropped the request (503 "worker restarted mid-request",
    /// no error object): not the worker's answer; it happens under the concurrent tests' load.
    pub fn proxy_dropped(&self) -> bool {
        self.status == StatusCode::SERVICE_UNAVAILABLE && self.body.get("error").is_none()
    }
}

/// [`send`] for a request that is safe to send again (a read, or a write under an
/// `Idempotency-Key`): retried while wrangler's local proxy drops it (503 "worker restarted
/// mid-request", which it does to pooled connections under the concurrent tests' bursts and
/// retries only for GETs itself) or the connection fails before an answer — as dream-client
/// and the SDK retry such requests. Whatever did reach the worker counts once.
pub async fn send_safe(
    c: &Client,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Reply {
    let mut attempt = 0;
    loop {
        let r = try_send(c, method.clone(), path, headers, body.clone()).await;
        attempt += 1;
        match r {
            Ok(r) if !r.proxy_dropped() || attempt == 5 => return r,
            Err(e) if attempt == 5 => panic!("{path}: {e}"),
            _ => {}
        }
        tokio::time::sleep(std::time::Duration::from_millis(100 * attempt)).await;
    }
}

/// A `dream-client` answer as tests look at it (the client read status, code and headers).
pub fn reply_of<T: serde::Serialize>(r: Result<T, dream_client::ClientError>) -> Reply {
    match r {
        Ok(v) => Reply {
            status: StatusCode::OK,
            headers: reqwest::header::HeaderMap::new(),
            body: serde_json::to_value(v).unwrap_or_else(|e| panic!("{e}")),
        },
        Err(e) => {
            let mut headers = reqwest::header::HeaderMap::new();
            if let Some(secs) = e.retry_after {
                headers.insert(reqwest::header::RETRY_AFTER, secs.into());
            }
            if let Some(id) = e.request_id.as_deref().and_then(|v| v.parse().ok()) {
                headers.insert("x-request-id", id);
            }
            Reply {
                status: StatusCode::from_u16(e.status).unwrap_or_else(|_| panic!("{e}: no answer")),
                headers,
                body: json!({"error": {"type": e.kind, "code": e.code, "message": e.message}}),
            }
        }
    }
}

/// Sends a request with raw body text; a request that got no answer fails the test.
pub async fn send(c: &Client, method: Method, path: &str, headers: &[(&str, &str)], body: Option<String>) -> Reply {
    try_send(c, method, path, headers, body).await.unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Sends a request with raw body text; `Err` when no answer came back.
async fn try_send(
    c: &Client,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Result<Reply, reqwest::Error> {
    let mut req = c.request(method, format!("{}{path}", api_url()));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(b) = body {
        req = req.header("content-type", "application/json").body(b);
    }
    let resp = req.send().await?;
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap_or_default();
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
    Ok(Reply { status, headers, body })
}

/// A token from the simulator's Clerk instance `instance`.
pub async fn mint(c: &Client, instance: &str, req: &MintRequest) -> String {
    let resp = c
        .post(format!("{}/clerk/{instance}/tokens", sim_url()))
        .json(&serde_json::to_value(req).unwrap_or_default())
        .send()
        .await
        .unwrap_or_else(|e| panic!("simulator: {e}"));
    let v: Value = resp.json().await.unwrap_or_else(|e| panic!("simulator: {e}"));
    v["jwt"].as_str().unwrap_or_else(|| panic!("simulator gave no token: {v}")).to_owned()
}

/// The origin of the end-user app in these tests (its tokens' `azp`).
pub const APP_ORIGIN: &str = "https://app.example";

/// An end user's token from the shared end-user app at [`APP_ORIGIN`], bound to `platform_id`.
pub async fn end_user_token(c: &Client, sub: &str, platform_id: &str) -> String {
    let req = MintRequest {
        sub: sub.into(),
        azp: Some(APP_ORIGIN.into()),
        public_metadata: Some(json!({ "platformId": platform_id })),
        ..Default::default()
    };
    mint(c, "endusers", &req).await
}

/// A registered developer and their platform's keys.
pub struct Developer {
    pub client: Client,
    pub token: String,
    pub platform_id: String,
    pub sk_test: String,
    pub pk_test: String,
    pub sk_live: String,
    pub pk_live: String,
}

impl Developer {
    /// Signs in as a new developer (unique id) and registers a platform.
    ///
    /// When wrangler's local proxy drops the request (503 "worker restarted mid-request", no
    /// error object: it happens under the concurrent tests' load and is not dream-api's answer),
    /// a new developer is made instead: a retry as the same one could find the platform made
    /// and, rightly, not show its secret keys again.
    pub async fn register(name: &str) -> Developer {
        let client = client();
        let mut attempt = 0;
        let (token, reg) = loop {
            attempt += 1;
            let sub = format!("user_{name}_{}", unique());
            let req = MintRequest { sub, azp: Some(DASHBOARD_ORIGIN.into()), ..Default::default() };
            let token = mint(&client, "dashboard", &req).await;
            let auth = format!("Bearer {token}");
            let reg = send(&client, Method::POST, "/api/developer/register", &[("authorization", &auth)], None).await;
            if !reg.proxy_dropped() || attempt == 5 {
                break (token, reg);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100 * attempt)).await;
        };
        assert_eq!(reg.status, StatusCode::OK, "register: {:?}", reg.body);
        let key = |mode: &str, kind: &str| {
            reg.body[mode][kind].as_str().unwrap_or_else(|| panic!("no {mode} {kind}")).to_owned()
        };
        let dev = Developer {
            platform_id: reg.body["platformId"].as_str().unwrap_or_else(|| panic!("no platformId")).to_owned(),
            sk_test: key("test", "secretKey"),
            pk_test: key("test", "publishableKey"),
            sk_live: key("live", "secretKey"),
            pk_live: key("live", "publishableKey"),
            client,
            token,
        };
        remember_secret(&dev.sk_test);
        remember_secret(&dev.sk_live);
        remember_public(&dev.pk_test);
        dev
    }

    /// A call to the developer API.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let auth = format!("Bearer {}", self.token);
        send(&self.client, method, path, &[("authorization", &auth)], body.map(|b| b.to_string())).await
    }

    /// Sets the test tiers to free (`free_limit`) and pro (1000), the rate limit, and
    /// [`APP_ORIGIN`] as the allowed origin.
    pub async fn setup(&self, free_limit: Option<u64>, rate_per_minute: u32) {
        let tiers = json!({"tiers": [
            {"name": "free", "displayName": "Free", "limit": free_limit, "priceCents": 0},
            {"name": "pro", "displayName": "Pro", "limit": 1000, "priceCents": 1900}
        ]});
        let r = self.call(Method::PUT, "/api/developer/tiers?mode=test", Some(tiers)).await;
        assert_eq!(r.status, StatusCode::OK, "tiers: {:?}", r.body);
        let settings = json!({"rateLimitPerMinute": rate_per_minute, "allowedOrigins": [APP_ORIGIN], "endUserAuth": {"kind": "shared"}});
        let r = self.call(Method::PUT, "/api/developer/settings", Some(settings)).await;
        assert_eq!(r.status, StatusCode::OK, "settings: {:?}", r.body);
    }

    /// The Rust client (`dream-client`) with secret key `sk`, over this developer's HTTP client.
    pub fn api(&self, sk: &str) -> dream_client::DreamClient {
        dream_client::DreamClient::with_http(&api_url(), sk, self.client.clone()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// `POST /api/data` for `user` with a secret key, through `dream-client`.
    pub async fn track(&self, sk: &str, user: &str) -> Reply {
        reply_of(self.api(sk).track(user, None, None).await)
    }

    /// `POST /api/data` with an `Idempotency-Key`, retried while wrangler's local proxy answers
    /// 503 "worker restarted mid-request" (it drops pooled connections under bursts of
    /// hundreds of requests and retries only GETs itself). The key makes the retries safe:
    /// a request that did reach the worker counts once, which is exactly what is under test.
    pub async fn track_idempotent(&self, sk: &str, user: &str, key: &str) -> Reply {
        self.track_keyed(sk, json!({ "userId": user }), key).await
    }

    /// `POST /api/data` of `body` under `key`, retried as [`Developer::track_idempotent`] is.
    pub async fn track_keyed(&self, sk: &str, body: Value, key: &str) -> Reply {
        let auth = format!("Bearer {sk}");
        let h = [("authorization", auth.as_str()), ("idempotency-key", key)];
        send_safe(&self.client, Method::POST, "/api/data", &h, Some(body.to_string())).await
    }

    /// `GET /api/usage` for `user` with a secret key, through `dream-client`.
    pub async fn usage(&self, sk: &str, user: &str) -> Reply {
        reply_of(self.api(sk).usage(user).await)
    }
}

fn unique() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{nanos:x}")
}

/// Waits out the workers' key-record cache ([`dream_services::state::KEY_RECORD_TTL_MS`]):
/// from then on, a revocation has reached every isolate of this (single-location) deployment.
pub async fn wait_for_key_records() {
    let ms = u64::try_from(dream_services::state::KEY_RECORD_TTL_MS).unwrap_or(5_000);
    tokio::time::sleep(std::time::Duration::from_millis(ms + 200)).await;
}

/// A request a [`HookReceiver`] took (answered 200).
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: std::collections::HashMap<String, String>,
    pub body: String,
}

impl Received {
    /// A header's value ("" if absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }

    /// The body, once its Standard Webhooks signature checks out with `secret` (as any
    /// Standard Webhooks library checks it); panics otherwise.
    pub fn verified(&self, secret: &str) -> Value {
        use dream_core::standard_webhooks::{verify, WebhookSecret};
        let secret = WebhookSecret::parse(secret).unwrap_or_else(|e| panic!("{e}"));
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        let (id, ts, sig) =
            (self.header("webhook-id"), self.header("webhook-timestamp"), self.header("webhook-signature"));
        verify(&secret, id, ts, sig, self.body.as_bytes(), now).unwrap_or_else(|e| panic!("{e}: {self:?}"));
        let body: Value = serde_json::from_str(&self.body).unwrap_or_default();
        assert_eq!(body["id"], id, "webhook-id is the event's id");
        body
    }
}

#[derive(Default)]
struct Hooks {
    taken: Vec<Received>,
    refused: usize,
    fail_next: usize,
}

/// A developer's webhook endpoint on 127.0.0.1: takes requests with 200, or refuses the next
/// ones with 503 when told to.
pub struct HookReceiver {
    /// Its URL (`http://127.0.0.1:<port>/hooks`).
    pub url: String,
    hooks: std::sync::Arc<std::sync::Mutex<Hooks>>,
}

impl HookReceiver {
    /// Starts one on a free port.
    pub async fn start() -> HookReceiver {
        let hooks: std::sync::Arc<std::sync::Mutex<Hooks>> = Default::default();
        let shared = hooks.clone();
        let app = axum::Router::new().fallback(move |headers: axum::http::HeaderMap, body: String| {
            let shared = shared.clone();
            async move {
                let mut h = shared.lock().unwrap_or_else(|e| e.into_inner());
                if h.fail_next > 0 {
                    h.fail_next -= 1;
                    h.refused += 1;
                    return axum::http::StatusCode::SERVICE_UNAVAILABLE;
                }
                let headers = headers
                    .iter()
                    .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
                    .collect();
                h.taken.push(Received { headers, body });
                axum::http::StatusCode::OK
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("receiver: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_else(|e| panic!("receiver: {e}"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        HookReceiver { url: format!("http://127.0.0.1:{port}/hooks"), hooks }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Hooks) -> T) -> T {
        f(&mut self.hooks.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Refuses the next `n` requests (503).
    pub fn fail_next(&self, n: usize) {
        self.with(|h| h.fail_next = n);
    }

    /// How many requests were refused.
    pub fn refused(&self) -> usize {
        self.with(|h| h.refused)
    }

    /// What was taken so far.
    pub fn taken(&self) -> Vec<Received> {
        self.with(|h| h.taken.clone())
    }

    /// Waits (up to `secs`) until `n` requests were taken; answers them.
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<Received> {
        for _ in 0..secs * 10 {
            let got = self.taken();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{n} webhook deliveries did not arrive in {secs} s; got {:?}", self.taken())
    }
}

impl Developer {
    /// Registers a webhook endpoint (test mode) at `url` for `events` (empty: all); answers
    /// its signing secret.
    pub async fn webhook_endpoint(&self, url: &str, events: &[&str]) -> String {
        let body = json!({ "url": url, "events": events });
        let r = self.call(Method::POST, "/api/developer/webhook-endpoints?mode=test", Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "endpoint: {:?}", r.body);
        let secret = r.body["secret"].as_str().unwrap_or_else(|| panic!("no secret: {:?}", r.body)).to_owned();
        remember_secret(&secret);
        secret
    }
}
