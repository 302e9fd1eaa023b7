//! The probe worker's fetch handler and its Durable Object class.

use axum::body::Body;
use axum::http::{Response, StatusCode};
use dream_core::meter::{shard_of, MeterRequest};
use dream_core::objects::{ObjectName, ObjectRequest};
use dream_core::tiers::TierLimits;
use dream_edge::bindings::WorkerKv;
use dream_edge::object;
use futures::lock::Mutex;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use worker::{
    durable_object, event, web_sys, Context, DurableObject, Env, Method, Request, RequestInit, Result, State,
};

fn answer(status: StatusCode, text: String) -> Result<Response<Body>> {
    let mut r = Response::new(Body::from(text));
    *r.status_mut() = status;
    Ok(r)
}

/// The `u` query parameter (the load generator's user), or "u0".
fn user(req: &axum::http::Request<Body>) -> String {
    req.uri().query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("u="))).unwrap_or("u0").to_owned()
}

async fn object_call(env: &Env, user: &str, body: Option<String>) -> Result<(u16, String)> {
    let ns = env.durable_object("PROBE")?;
    let stub = ns.get_by_name(&format!("probe:{:02}", shard_of(user)))?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_body(body.map(|b| JsValue::from_str(&b)));
    let request = Request::new_with_init("https://object.internal/", &init)?;
    let mut resp = stub.fetch_with_request(request).await?;
    Ok((resp.status_code(), resp.text().await?))
}

#[wasm_bindgen]
extern "C" {
    /// A JS-RPC stub of [`ProbeObject`] (see `apps/probe/rpc.mjs`).
    type ProbeRpc;
    #[wasm_bindgen(method, catch)]
    fn call(this: &ProbeRpc, name: &str, body: &str) -> std::result::Result<worker::js_sys::Promise, JsValue>;
}

/// The same call as [`object_call`] over JS RPC: the body's JSON in, the answer's out.
async fn object_rpc(env: &Env, user: &str, body: &str) -> Result<String> {
    let ns = env.durable_object("PROBE")?;
    let stub: ProbeRpc = ns.get_by_name(&format!("probe:{:02}", shard_of(user)))?.into_rpc();
    let answer = JsFuture::from(stub.call("", body)?).await?;
    Ok(answer.as_string().unwrap_or_default())
}

/// The meter's `Track` call for `user` with no limit, as a usage shard gets it.
fn track_body(user: &str) -> Result<String> {
    let tiers = TierLimits {
        default_tier: "free".into(),
        limits: BTreeMap::from([("free".into(), None)]),
        meter: None,
        alerts: vec![],
    };
    let call = ObjectRequest::Usage(MeterRequest::Track {
        user: user.to_owned(),
        amount: 1,
        idempotency_key: None,
        tiers,
        rate_per_minute: 1_000_000,
        reserve: 0,
        returns: vec![],
    });
    serde_json::to_string(&call).map_err(|e| worker::Error::RustError(e.to_string()))
}

/// Requests in and out through the product's conversions (`dream_edge::request`), so that a
/// probe row and a product route pay the same for them.
#[event(fetch)]
async fn fetch(req: web_sys::Request, env: Env, _ctx: Context) -> Result<web_sys::Response> {
    let req = dream_edge::request::from_workerd(req).await?;
    dream_edge::request::to_workerd(probe(req, env).await?).await
}

async fn probe(req: axum::http::Request<Body>, env: Env) -> Result<Response<Body>> {
    let path = req.uri().path().to_owned();
    match path.as_str() {
        "/__probe/kv" => {
            let kv = env.kv(dream_edge::bindings::KV_BINDING)?;
            let v = kv.get("probe:key").text().await?;
            answer(StatusCode::OK, v.unwrap_or_default())
        }
        "/__probe/do" => {
            let (status, text) = object_call(&env, &user(&req), None).await?;
            answer(StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY), text)
        }
        "/__probe/do-track" => {
            let user = user(&req);
            let (status, text) = object_call(&env, &user, Some(track_body(&user)?)).await?;
            answer(StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY), text)
        }
        "/__probe/rpc" => answer(StatusCode::OK, object_rpc(&env, &user(&req), "").await?),
        "/__probe/rpc-track" => {
            let user = user(&req);
            answer(StatusCode::OK, object_rpc(&env, &user, &track_body(&user)?).await?)
        }
        _ => answer(StatusCode::NOT_FOUND, "no such probe".into()),
    }
}

/// The probe's object: answers an empty call at once; any other call is a real object call.
#[durable_object]
pub struct ProbeObject {
    state: State,
    kv: Option<WorkerKv>,
    publishing: Mutex<()>,
}

impl DurableObject for ProbeObject {
    fn new(state: State, env: Env) -> Self {
        let _ = object::init(&state);
        ProbeObject { state, kv: WorkerKv::from_env(&env).ok(), publishing: Mutex::new(()) }
    }

    async fn fetch(&self, mut req: Request) -> Result<worker::Response> {
        let body = req.text().await?;
        if body.is_empty() {
            return worker::Response::ok("{}");
        }
        let Some(kv) = &self.kv else { return worker::Response::error("no KV", 500) };
        object::serve_body(&self.state, kv, &self.publishing, &ObjectName::from_stored(String::new()), &body).await
    }
}

#[wasm_bindgen]
impl ProbeObject {
    /// The JS-RPC form of `fetch`, as the product's object serves it (an empty call is
    /// answered at once).
    pub async fn call(&self, name: String, body: String) -> std::result::Result<String, JsValue> {
        if body.is_empty() {
            return Ok("{}".into());
        }
        let Some(kv) = &self.kv else { return Err(JsValue::from_str("no KV")) };
        object::call(&self.state, kv, &self.publishing, name, body).await
    }
}
