//! Port implementations over worker bindings, and [`app_state`] that wires them from `Env`.
//!
//! Worker handles are not `Send`; axum wants `Send` futures. workerd runs an isolate on one
//! thread, so wrapping them (`SendWrapper`/`SendFuture`) is sound here.

use async_trait::async_trait;
use dream_core::objects::{ObjectName, ObjectRequest, ObjectResponse};
use dream_core::ports::{
    Clock, HttpClient, HttpLimits, HttpRequest, HttpResponse, KvStore, Objects, PortError, SystemRandom,
};
use dream_services::config::Config;
use dream_services::{AppState, Caches, Ports};
use futures::future::{select, Either};
use futures::StreamExt;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use worker::js_sys;
use worker::send::{SendFuture, SendWrapper};
use worker::wasm_bindgen_futures::JsFuture;
use worker::{
    AbortController, Delay, Env, Fetch, Headers, Method, ObjectNamespace, Request, RequestInit, RequestRedirect,
};

/// Name of the KV namespace binding.
pub const KV_BINDING: &str = "DREAM_KV";
/// Name of the Durable Object binding (one class serves every object role).
pub const OBJECTS_BINDING: &str = "METER";

fn port_err(what: &str, e: impl std::fmt::Display) -> PortError {
    PortError(format!("{what}: {e}"))
}

/// Workers KV.
pub struct WorkerKv(SendWrapper<worker::KvStore>);

impl WorkerKv {
    /// The deployment's KV namespace from the env.
    pub fn from_env(env: &Env) -> worker::Result<WorkerKv> {
        Ok(WorkerKv(SendWrapper::new(env.kv(KV_BINDING)?)))
    }
}

#[async_trait]
impl KvStore for WorkerKv {
    async fn get(&self, key: &str) -> Result<Option<String>, PortError> {
        SendFuture::new(self.0.get(key).text()).await.map_err(|e| port_err("KV get", e))
    }
    async fn put(&self, key: &str, value: &str) -> Result<(), PortError> {
        let builder = self.0.put(key, value).map_err(|e| port_err("KV put", e))?;
        SendFuture::new(builder.execute()).await.map_err(|e| port_err("KV put", e))
    }
    async fn put_expiring(&self, key: &str, value: &str, ttl_secs: u64) -> Result<(), PortError> {
        let builder = self.0.put(key, value).map_err(|e| port_err("KV put", e))?.expiration_ttl(ttl_secs.max(60));
        SendFuture::new(builder.execute()).await.map_err(|e| port_err("KV put", e))
    }
    async fn delete(&self, key: &str) -> Result<(), PortError> {
        SendFuture::new(self.0.delete(key)).await.map_err(|e| port_err("KV delete", e))
    }
}

/// The objects port over Durable Objects: one named object per [`ObjectName`].
pub struct DurableObjects(SendWrapper<ObjectNamespace>);

impl DurableObjects {
    /// The deployment's objects from the env.
    pub fn from_env(env: &Env) -> worker::Result<DurableObjects> {
        Ok(DurableObjects(SendWrapper::new(env.durable_object(OBJECTS_BINDING)?)))
    }
}

#[wasm_bindgen]
extern "C" {
    /// An object's JS-RPC stub: the class `crates/edge/js/rpc_object.mjs` makes has
    /// `call(name, body)`, answering [`crate::object::call`].
    type ObjectRpc;
    #[wasm_bindgen(method, catch)]
    fn call(this: &ObjectRpc, name: &str, body: &str) -> Result<js_sys::Promise, JsValue>;
}

/// What a rejected object call said (its `Error`'s message, or the value as text).
fn rejection(e: JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

#[async_trait]
impl Objects for DurableObjects {
    async fn call(&self, name: &ObjectName, req: &ObjectRequest) -> Result<ObjectResponse, PortError> {
        let body = serde_json::to_string(req).map_err(|e| port_err("object request", e))?;
        let ns = &self.0;
        SendFuture::new(async move {
            // JS RPC, not a fetch: no Request, Headers, body stream or Response on either side
            // (README, Performance).
            let stub: ObjectRpc = ns.get_by_name(name.as_str()).map_err(|e| port_err("object stub", e))?.into_rpc();
            let promise = stub.call(name.as_str(), &body).map_err(|e| port_err("object call", rejection(e)))?;
            let answer = JsFuture::from(promise)
                .await
                .map_err(|e| PortError(format!("object {name} failed: {}", rejection(e))))?;
            let text = answer.as_string().ok_or_else(|| PortError(format!("object {name} answered no text")))?;
            serde_json::from_str(&text).map_err(|e| port_err("object response", e))
        })
        .await
    }
}

/// `Date.now()`.
pub struct JsClock;

impl Clock for JsClock {
    fn now_ms(&self) -> i64 {
        worker::Date::now().as_millis() as i64
    }
}

/// Outbound `fetch`, within the request's [`HttpLimits`]: redirects are not followed, the
/// body is read only up to its limit, and the whole exchange is aborted at its timeout.
pub struct FetchHttp;

/// Reads `resp`'s body, refusing more than `max` bytes.
async fn bounded_body(resp: &mut worker::Response, max: usize) -> Result<Vec<u8>, PortError> {
    let mut stream = resp.stream().map_err(|e| port_err("fetch body", e))?;
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| port_err("fetch body", e))?;
        if body.len().saturating_add(chunk.len()) > max {
            return Err(PortError(format!("the answer is larger than {max} bytes")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[async_trait]
impl HttpClient for FetchHttp {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, PortError> {
        SendFuture::new(async move {
            let method = match req.method.as_str() {
                "GET" => Method::Get,
                "POST" => Method::Post,
                "DELETE" => Method::Delete,
                "PATCH" => Method::Patch,
                other => return Err(PortError(format!("unsupported method {other}"))),
            };
            let headers = Headers::new();
            for (k, v) in &req.headers {
                headers.set(k, v).map_err(|e| port_err("header", e))?;
            }
            let mut init = RequestInit::new();
            init.with_method(method).with_headers(headers).with_redirect(RequestRedirect::Manual);
            if let Some(b) = req.body {
                init.with_body(Some(b.into()));
            }
            let request = Request::new_with_init(&req.url, &init).map_err(|e| port_err("request", e))?;
            let limits: HttpLimits = req.limits;
            let controller = AbortController::default();
            let signal = controller.signal();
            let max = limits.max_body_bytes;
            let exchange = async move {
                let mut resp =
                    Fetch::Request(request).send_with_signal(&signal).await.map_err(|e| port_err("fetch", e))?;
                let body = bounded_body(&mut resp, max).await?;
                Ok(HttpResponse { status: resp.status_code(), body })
            };
            let deadline = Delay::from(Duration::from_millis(u64::from(limits.timeout_ms)));
            let outcome = match select(pin!(exchange), pin!(deadline)).await {
                Either::Left((answer, _)) => Some(answer),
                Either::Right(((), _)) => None,
            };
            outcome.unwrap_or_else(|| {
                controller.abort();
                Err(PortError(format!("{} did not answer within {} ms", req.url, limits.timeout_ms)))
            })
        })
        .await
    }
}

/// A var or secret by name.
pub fn env_value(env: &Env, name: &str) -> Option<String> {
    env.var(name).map(|v| v.to_string()).or_else(|_| env.secret(name).map(|s| s.to_string())).ok()
}

/// The deployment configuration from the worker's vars and secrets.
pub fn config(env: &Env) -> worker::Result<Config> {
    Config::from_vars(|name| env_value(env, name)).map_err(worker::Error::RustError)
}

/// The router state of a worker, from its bindings, its parsed configuration and the
/// isolate's caches.
pub fn app_state(env: &Env, config: Arc<Config>, caches: Caches) -> worker::Result<AppState> {
    Ok(AppState {
        ports: Ports {
            kv: Arc::new(WorkerKv::from_env(env)?),
            objects: Arc::new(DurableObjects::from_env(env)?),
            clock: Arc::new(JsClock),
            random: Arc::new(SystemRandom),
            http: Arc::new(FetchHttp),
        },
        config,
        caches,
    })
}
