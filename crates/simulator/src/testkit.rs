//! A whole dream-api world in memory for native route tests: in-memory ports, a manual
//! clock, and Clerk instances whose JWKS are served through the HTTP port.

use crate::clerk::{Instance, MintRequest};
use crate::stripe::{Endpoint, Stripe, StripeSetup, Transport};
use axum::body::Body;
use axum::Router;
use dream_core::jwt::JwtPolicy;
use dream_core::memory::{ManualClock, MemoryKv, MemoryObjects, SeqRandom, StaticHttp};
use dream_core::ports::{HttpClient, HttpRequest, HttpResponse, PortError};
use dream_services::config::{ClerkInstance, Config, HostedSignIn};
use dream_services::stripe::StripeConfig;
use dream_services::{AppState, Caches, Ports};
use http::{HeaderMap, Method, Request, StatusCode};
use serde_json::Value;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

/// Origin of the dashboard in tests (the developer tokens' `azp`).
pub const DASHBOARD_ORIGIN: &str = "https://dashboard.test";
/// Issuer of the dashboard's Clerk app in tests.
pub const DASHBOARD_ISSUER: &str = "https://clerk.test/dashboard";
/// Issuer of the shared end-user Clerk app in tests.
pub const END_USER_ISSUER: &str = "https://clerk.test/endusers";
/// Issuer of a developer's own Clerk instance in tests.
pub const OWN_ISSUER: &str = "https://clerk.acme.test";
/// Start of test time: 2026-11-21T12:00:00Z.
pub const T0_MS: i64 = 1_795_262_400_000;

fn jwks_url(issuer: &str) -> String {
    format!("{issuer}/.well-known/jwks.json")
}

fn instance(cell: &'static OnceLock<Instance>, name: &str, issuer: &str) -> &'static Instance {
    // RSA key generation is slow; every test shares the same three key pairs.
    cell.get_or_init(|| Instance::ephemeral(name, issuer.to_owned()).unwrap_or_else(|e| panic!("test key: {e}")))
}

/// Clerk instances shared by all tests.
pub fn dashboard_clerk() -> &'static Instance {
    static CELL: OnceLock<Instance> = OnceLock::new();
    instance(&CELL, "dashboard", DASHBOARD_ISSUER)
}

/// The shared end-user Clerk app.
pub fn end_user_clerk() -> &'static Instance {
    static CELL: OnceLock<Instance> = OnceLock::new();
    instance(&CELL, "endusers", END_USER_ISSUER)
}

/// A developer's own Clerk instance.
pub fn own_clerk() -> &'static Instance {
    static CELL: OnceLock<Instance> = OnceLock::new();
    instance(&CELL, "acme", OWN_ISSUER)
}

/// Base URL of the in-process simulated Stripe.
pub const STRIPE_BASE: &str = "https://stripe.test";
/// The platform's test secret key at the simulated Stripe.
pub const STRIPE_TEST_SECRET: &str = "sk_test_platformkeyfortests";
/// The platform's Connect client id.
pub const STRIPE_CLIENT_ID: &str = "ca_testclient";
/// Where the simulated Stripe delivers connected accounts' events (api-multi mounted here).
pub const API_BASE: &str = "https://api.test";
/// Where the simulated Stripe delivers dream-api's own account's events (front-auth-api).
pub const DEV_API_BASE: &str = "https://developer-api.test";
/// Signing secret of the Connect webhook endpoint.
pub const CONNECT_WEBHOOK_SECRET: &str = "whsec_connect_tests";
/// Signing secret of dream-api's own-account webhook endpoint (developer plans).
pub const PLATFORM_WEBHOOK_SECRET: &str = "whsec_platform_tests";
/// The origin of the end-user app in tests (the `azp` of end users' tokens).
pub const END_USER_ORIGIN: &str = "https://app.test";
/// Where the in-process simulated Clerk (Backend and Frontend API) is mounted.
pub const CLERK_BASE: &str = "https://clerk-api.test";
/// The hosted sign-up pages' origin in tests (the `azp` of their tokens).
pub const SIGN_UP_ORIGIN: &str = "https://accounts.test";
/// The deployment's webhook signing key in tests (endpoints' secrets derive from it).
pub const WEBHOOK_SIGNING_KEY: &str = "tests-webhook-signing-key-0123456789abcdef";
/// Where [`World::hook_receiver`] mounts a developer's webhook receiver.
pub const HOOKS_BASE: &str = "https://hooks.test";
/// oauth-api's callback in tests.
pub const OAUTH_CALLBACK: &str = "https://api.test/api/oauth/callback";

/// Outbound HTTP in tests: URLs under a mounted base go to that router in process; the
/// rest to fixed answers.
pub struct InProcess {
    mounts: std::sync::Mutex<Vec<(String, Router)>>,
    faults: std::sync::Mutex<Vec<Fault>>,
    pub fixed: Arc<StaticHttp>,
}

/// An injected failure: the next `times` requests matching it get `status` and `body`.
struct Fault {
    method: String,
    url_contains: String,
    times: u32,
    status: u16,
    body: String,
}

impl InProcess {
    /// Sends requests for `base…` to `router`.
    pub fn mount(&self, base: &str, router: Router) {
        self.mounts.lock().unwrap_or_else(|e| e.into_inner()).push((base.to_owned(), router));
    }

    /// Answers the next `times` `method` requests whose URL contains `url_contains` with
    /// `status` and `body` instead of sending them (faults queue in the order injected).
    pub fn fail(&self, method: &str, url_contains: &str, times: u32, status: u16, body: Value) {
        self.faults.lock().unwrap_or_else(|e| e.into_inner()).push(Fault {
            method: method.into(),
            url_contains: url_contains.into(),
            times,
            status,
            body: body.to_string(),
        });
    }

    /// Drops every injected fault.
    pub fn heal(&self) {
        self.faults.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    fn injected(&self, req: &HttpRequest) -> Option<HttpResponse> {
        let mut faults = self.faults.lock().unwrap_or_else(|e| e.into_inner());
        let f =
            faults.iter_mut().find(|f| f.times > 0 && f.method == req.method && req.url.contains(&f.url_contains))?;
        f.times -= 1;
        Some(HttpResponse { status: f.status, body: f.body.clone().into_bytes() })
    }
}

#[async_trait::async_trait]
impl HttpClient for InProcess {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, PortError> {
        if let Some(resp) = self.injected(&req) {
            return Ok(resp);
        }
        let mounted = self
            .mounts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|(base, _)| req.url.starts_with(base.as_str()))
            .map(|(base, r)| (base.len(), r.clone()));
        let Some((cut, router)) = mounted else { return self.fixed.send(req).await };
        let mut b = Request::builder().method(req.method.as_str()).uri(&req.url[cut..]);
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        let request =
            b.body(req.body.map(Body::from).unwrap_or_else(Body::empty)).map_err(|e| PortError(e.to_string()))?;
        let resp = router.oneshot(request).await.unwrap_or_else(|e| match e {});
        let status = resp.status().as_u16();
        let body = axum::body::to_bytes(resp.into_body(), 1 << 22).await.map_err(|e| PortError(e.to_string()))?;
        Ok(HttpResponse { status, body: body.to_vec() })
    }
}

#[async_trait::async_trait]
impl Transport for InProcess {
    async fn post(&self, url: &str, headers: Vec<(String, String)>, body: String) -> Result<u16, String> {
        let req = HttpRequest {
            method: "POST".into(),
            url: url.into(),
            headers,
            body: Some(body),
            limits: Default::default(),
        };
        self.send(req).await.map(|r| r.status).map_err(|e| e.0)
    }
}

/// A request a webhook receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    /// A header's value ("" if absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }
}

/// In-memory ports and state, with handles for inspection.
pub struct World {
    pub state: AppState,
    pub kv: Arc<MemoryKv>,
    pub objects: Arc<MemoryObjects>,
    pub clock: Arc<ManualClock>,
    pub http: Arc<StaticHttp>,
    /// The simulated Stripe, reachable at [`STRIPE_BASE`] through the HTTP port.
    pub stripe: Arc<Stripe>,
    pub net: Arc<InProcess>,
    /// The simulated Clerk at [`CLERK_BASE`], serving the shared end-user app's users.
    pub clerk: Arc<crate::server::Sim>,
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    /// A fresh world at [`T0_MS`].
    pub fn new() -> World {
        World::with_stripe(|_| {})
    }

    /// A fresh world whose simulated Stripe is set up by `f` after the tests' defaults.
    pub fn with_stripe(f: impl FnOnce(&mut StripeSetup)) -> World {
        let clock = Arc::new(ManualClock::new(T0_MS));
        let kv = Arc::new(MemoryKv::default());
        let objects = Arc::new(MemoryObjects::new(kv.clone(), clock.clone()));
        let http = Arc::new(StaticHttp::default());
        let net = Arc::new(InProcess { mounts: Default::default(), faults: Default::default(), fixed: http.clone() });
        let mut setup = StripeSetup::new(STRIPE_TEST_SECRET, STRIPE_CLIENT_ID);
        setup.auto_deliver = false;
        // No background retries: a test redelivers explicitly (`Stripe::resend`), as Stripe
        // would later, so what runs when is deterministic.
        setup.max_attempts = 1;
        f(&mut setup);
        setup.endpoints.push(Endpoint {
            id: "we_connect".into(),
            url: format!("{API_BASE}/webhook/stripe"),
            secret: CONNECT_WEBHOOK_SECRET.into(),
            connect: true,
        });
        setup.endpoints.push(Endpoint {
            id: "we_platform".into(),
            url: format!("{DEV_API_BASE}/api/developer/webhook/stripe"),
            secret: PLATFORM_WEBHOOK_SECRET.into(),
            connect: false,
        });
        let stripe = Stripe::new(STRIPE_BASE.into(), setup, net.clone(), clock.clone())
            .unwrap_or_else(|e| panic!("simulated Stripe: {e}"));
        net.mount(STRIPE_BASE, crate::stripe::api::router(stripe.clone()));
        let clerk = crate::server::Sim::new(CLERK_BASE.into(), None).unwrap_or_else(|e| panic!("simulated Clerk: {e}"));
        clerk.adopt(end_user_clerk().clone());
        net.mount(CLERK_BASE, crate::server::router(clerk.clone(), None));
        for inst in [dashboard_clerk(), end_user_clerk(), own_clerk()] {
            let body = serde_json::to_string(&inst.jwks()).unwrap_or_default();
            http.set(&jwks_url(&inst.issuer), 200, &body);
        }
        let config = Config {
            developer_clerk: Some(ClerkInstance {
                policy: JwtPolicy {
                    issuer: DASHBOARD_ISSUER.into(),
                    authorized_parties: vec![DASHBOARD_ORIGIN.into()],
                },
                jwks_url: jwks_url(DASHBOARD_ISSUER),
            }),
            end_user_clerk: Some(ClerkInstance {
                policy: JwtPolicy { issuer: END_USER_ISSUER.into(), authorized_parties: vec![] },
                jwks_url: jwks_url(END_USER_ISSUER),
            }),
            hosted_sign_in: Some(HostedSignIn {
                secret_key: end_user_clerk().backend_secret(),
                api_url: format!("{CLERK_BASE}/clerk/endusers"),
                publishable_key: "pk_test_endusers".into(),
                js_url: format!("{CLERK_BASE}/clerk/endusers/npm/clerk.browser.js"),
                origin: SIGN_UP_ORIGIN.into(),
            }),
            admin_user_ids: vec!["user_admin".into()],
            dashboard_origins: vec![DASHBOARD_ORIGIN.into()],
            allow_insecure_jwks: false,
            stripe: StripeConfig {
                api_base: STRIPE_BASE.into(),
                connect_base: STRIPE_BASE.into(),
                client_id: Some(STRIPE_CLIENT_ID.into()),
                test_secret: Some(STRIPE_TEST_SECRET.into()),
                live_secret: None,
                connect_webhook_secrets: vec![CONNECT_WEBHOOK_SECRET.into()],
                platform_webhook_secrets: vec![PLATFORM_WEBHOOK_SECRET.into()],
                oauth_redirect_uri: Some(OAUTH_CALLBACK.into()),
                developer_billing_mode: dream_core::Mode::Test,
            },
            test_mode_daily_calls: dream_core::plans::TEST_MODE_DAILY_CALLS,
            webhooks: dream_services::webhooks::WebhookKeys::from_vars(|name| match name {
                "WEBHOOK_SIGNING_KEY" => Some(WEBHOOK_SIGNING_KEY.into()),
                _ => None,
            })
            .unwrap_or_else(|e| panic!("{e}")),
        };
        let state = AppState {
            ports: Ports {
                kv: kv.clone(),
                objects: objects.clone(),
                clock: clock.clone(),
                random: Arc::new(SeqRandom::new(42)),
                http: net.clone(),
            },
            config: Arc::new(config),
            caches: Caches::default(),
        };
        World { state, kv, objects, clock, http, stripe, net, clerk }
    }

    /// A developer's webhook receiver at [`HOOKS_BASE`]: every request it was sent (headers
    /// with lower-case names, body), answered 200 (inject failures with `net.fail`).
    pub fn hook_receiver(&self) -> Arc<std::sync::Mutex<Vec<Received>>> {
        let got: Arc<std::sync::Mutex<Vec<Received>>> = Arc::default();
        let log = got.clone();
        let router = Router::new().fallback(move |headers: HeaderMap, body: String| {
            let log = log.clone();
            async move {
                let headers = headers
                    .iter()
                    .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
                    .collect();
                log.lock().unwrap_or_else(|e| e.into_inner()).push(Received { headers, body });
                StatusCode::OK
            }
        });
        self.net.mount(HOOKS_BASE, router);
        got
    }

    /// Rings the objects' due alarms (webhook events handed on and delivered), as workerd
    /// would; answers how many rang.
    pub async fn ring_alarms(&self) -> usize {
        let keys = self.state.config.webhooks.as_ref();
        dream_services::webhooks::ring_due_alarms(&self.objects, self.net.as_ref(), keys, self.clock.as_ref())
            .await
            .unwrap_or_else(|e| panic!("alarms: {e}"))
    }

    /// The current test time in seconds.
    pub fn now_secs(&self) -> i64 {
        dream_core::ports::Clock::now_ms(self.clock.as_ref()) / 1000
    }

    /// A developer's dashboard session token.
    pub fn developer_token(&self, sub: &str) -> String {
        self.mint(
            dashboard_clerk(),
            MintRequest { sub: sub.into(), azp: Some(DASHBOARD_ORIGIN.into()), ..Default::default() },
        )
    }

    /// An end user's session token from the shared app, bound to `platform_id`.
    pub fn end_user_token(&self, sub: &str, platform_id: &str) -> String {
        self.mint(
            end_user_clerk(),
            MintRequest {
                sub: sub.into(),
                azp: Some(END_USER_ORIGIN.into()),
                public_metadata: Some(serde_json::json!({ "platformId": platform_id })),
                ..Default::default()
            },
        )
    }

    /// A token from `inst` with any claims.
    pub fn mint(&self, inst: &Instance, req: MintRequest) -> String {
        inst.mint(&req, self.now_secs()).unwrap_or_else(|e| panic!("mint: {e}"))
    }
}

/// A response as tests look at it.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The error code of an error response.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

/// Sends one request to `router` (body as raw text, headers as pairs).
pub async fn send(
    router: &Router,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Reply {
    let mut b = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let req = b.body(body.map(Body::from).unwrap_or_else(Body::empty)).unwrap_or_else(|e| panic!("request: {e}"));
    let resp = router.clone().oneshot(req).await.unwrap_or_else(|e| match e {});
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 22).await.unwrap_or_default();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    Reply { status, headers, body }
}

/// Sends one request with `Authorization: Bearer <token>` and an optional JSON body.
pub async fn send_bearer(router: &Router, token: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
    let auth = format!("Bearer {token}");
    send(router, method, path, &[("authorization", &auth)], body.map(|b| b.to_string())).await
}

/// Every `(method, path)` an OpenAPI document declares, with path parameters filled in.
pub fn documented_operations(doc: &str) -> Vec<(Method, String)> {
    let v: Value = serde_json::from_str(doc).unwrap_or_else(|e| panic!("OpenAPI document is not JSON: {e}"));
    let mut ops = Vec::new();
    for (path, item) in v["paths"].as_object().into_iter().flatten() {
        let concrete: String =
            path.split('/').map(|seg| if seg.starts_with('{') { "x" } else { seg }).collect::<Vec<_>>().join("/");
        for method in item.as_object().into_iter().flatten().map(|(m, _)| m) {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap_or_else(|e| panic!("{method}: {e}"));
            ops.push((m, concrete.clone()));
        }
    }
    ops
}

/// Fails unless the router serves the document at `/openapi.json` and every operation the
/// document declares (any answer but the JSON 404 for unknown routes or the 405 for unknown
/// methods).
pub async fn assert_openapi_matches_router(router: &Router, doc: &str) {
    let served = send(router, Method::GET, "/openapi.json", &[], None).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(
        served.body,
        serde_json::from_str::<Value>(doc).unwrap_or_default(),
        "/openapi.json is not the document"
    );
    let ops = documented_operations(doc);
    assert!(ops.len() > 3, "suspiciously few operations in the document");
    for (method, path) in ops {
        let r = send(router, method.clone(), &path, &[], Some("{}".into())).await;
        assert!(
            !matches!(r.code(), "route_not_found" | "method_not_allowed"),
            "{method} {path} is documented but not routed ({})",
            r.code()
        );
    }
}
