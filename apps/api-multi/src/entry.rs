//! The workerd entry: wire bindings into the router, and export the Durable Object class.

use dream_edge::bindings::{env_value, DurableObjects, WorkerKv};
use dream_edge::object;
use dream_services::webhooks::WebhookKeys;
use futures::lock::Mutex;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use worker::{durable_object, event, web_sys, Context, DurableObject, Env, Request, Response, Result, State};

#[event(fetch)]
async fn fetch(req: web_sys::Request, env: Env, _ctx: Context) -> Result<web_sys::Response> {
    dream_edge::entry::serve(req, &env, crate::router).await
}

/// Every Durable Object of dream-api (usage shards, accounts, registrations, OAuth states,
/// the registry, webhook outboxes): its name says its role, `dream_core::objects::dispatch`
/// applies the call. The class keeps its first name so that existing objects keep their
/// storage.
#[durable_object]
pub struct MeterShard {
    state: State,
    kv: Option<WorkerKv>,
    /// The other objects and the webhook signing key, for the alarm.
    others: Option<DurableObjects>,
    webhook_keys: Option<WebhookKeys>,
    publishing: Mutex<()>,
    init_error: Option<String>,
}

impl DurableObject for MeterShard {
    fn new(state: State, env: Env) -> Self {
        let (kv, kv_error) = match WorkerKv::from_env(&env) {
            Ok(kv) => (Some(kv), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let (others, objects_error) = match DurableObjects::from_env(&env) {
            Ok(o) => (Some(o), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let (webhook_keys, keys_error) = match WebhookKeys::from_vars(|name| env_value(&env, name)) {
            Ok(k) => (k, None),
            Err(e) => (None, Some(e)),
        };
        let init_error = object::init(&state).err().or(kv_error).or(objects_error).or(keys_error);
        MeterShard { state, kv, others, webhook_keys, publishing: Mutex::new(()), init_error }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        match self.storage() {
            Ok(kv) => object::serve(&self.state, kv, &self.publishing, req).await,
            Err(e) => Response::error(e, 500),
        }
    }

    async fn alarm(&self) -> Result<Response> {
        match (&self.init_error, &self.others) {
            (None, Some(others)) => object::alarm(&self.state, others, self.webhook_keys.as_ref()).await,
            (e, _) => Response::error(format!("object unavailable: {}", e.as_deref().unwrap_or("no bindings")), 500),
        }
    }
}

#[wasm_bindgen]
impl MeterShard {
    /// A call over JS RPC (the entry module's class forwards it here): the object's name and
    /// the call's JSON in, the answer's JSON out.
    pub async fn call(&self, name: String, body: String) -> std::result::Result<String, JsValue> {
        match self.storage() {
            Ok(kv) => object::call(&self.state, kv, &self.publishing, name, body).await,
            Err(e) => Err(worker::js_sys::Error::new(&format!("500: {e}")).into()),
        }
    }
}

impl MeterShard {
    /// The KV namespace calls publish to, or why the object cannot serve calls.
    fn storage(&self) -> std::result::Result<&WorkerKv, String> {
        match (&self.init_error, &self.kv) {
            (None, Some(kv)) => Ok(kv),
            (e, _) => Err(format!("object storage unavailable: {}", e.as_deref().unwrap_or("no KV"))),
        }
    }
}
