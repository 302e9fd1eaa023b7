//! The body of the one Durable Object class: decode an [`ObjectRequest`], apply it with
//! `dream_core::objects::dispatch` over SQLite, publish the KV copies it changed, set the
//! alarm it asked for, answer; and its alarm, which moves webhook events along.
//!
//! Publishing: the call's state change is applied synchronously (atomic in the object);
//! then, holding the object's publish lock, each KV copy the call named is written with the
//! value the store holds *now*. Writers take turns and each writes the newest state, so an
//! older copy can never land after a newer one (a revoked key's record stays revoked).
//!
//! Calls arrive as JS RPC ([`call`], what every worker sends); [`serve`] answers the same
//! call as a fetch, for a worker still deployed with the fetch hop while the others update.

use crate::bindings::{DurableObjects, FetchHttp, JsClock, WorkerKv};
use crate::sql_store::SqlMeterStore;
use async_trait::async_trait;
use dream_core::objects::{current_copy, dispatch, AlarmRequest, KvCopy, ObjectName, ObjectRequest, ObjectResponse};
use dream_core::ports::{Clock, KvStore, Objects, PortError};
use dream_core::webhooks::IN_FLIGHT_MS;
use dream_services::webhooks::{run_alarm, WebhookKeys};
use futures::lock::Mutex;
use wasm_bindgen::JsValue;
use worker::js_sys;
use worker::send::SendWrapper;
use worker::{Request, Response, State};

/// The header that names the object a call is for (the runtime does not tell an object its
/// name; a usage shard needs it to know its project and mode).
const NAME_HEADER: &str = "x-object-name";
/// How long a failed alarm waits before it tries again.
const ALARM_RETRY_MS: i64 = 10_000;

/// Prepares an object's storage; call once from the object's constructor.
pub fn init(state: &State) -> Result<(), String> {
    SqlMeterStore::init(&state.storage().sql()).map_err(|e| e.to_string())
}

/// Serves one call to an object; `kv` receives its read-side copies, one writer at a time
/// under `publishing`.
pub async fn serve(state: &State, kv: &WorkerKv, publishing: &Mutex<()>, mut req: Request) -> worker::Result<Response> {
    let name = req.headers().get(NAME_HEADER)?.unwrap_or_default();
    let body = req.text().await?;
    serve_body(state, kv, publishing, &ObjectName::from_stored(name), &body).await
}

/// Sets the object's alarm to `at_ms` (a time past rings at once).
async fn set_alarm(state: &State, at_ms: i64) -> worker::Result<()> {
    state.storage().set_alarm(at_ms.saturating_sub(JsClock.now_ms()).max(0)).await
}

/// Serves one call to the object `name`, given as its JSON body (what [`serve`] does once
/// the body is read).
pub async fn serve_body(
    state: &State,
    kv: &WorkerKv,
    publishing: &Mutex<()>,
    name: &ObjectName,
    body: &str,
) -> worker::Result<Response> {
    match answer(state, kv, publishing, name, body).await {
        Ok(json) => Response::ok(json),
        Err((status, message)) => Response::error(message, status),
    }
}

/// Serves one call to the object `name` over JS RPC (what the workers' objects port sends,
/// see `bindings::DurableObjects`): the answer's JSON, or an `Error` to reject with.
pub async fn call(
    state: &State,
    kv: &WorkerKv,
    publishing: &Mutex<()>,
    name: String,
    body: String,
) -> Result<String, JsValue> {
    answer(state, kv, publishing, &ObjectName::from_stored(name), &body)
        .await
        .map_err(|(status, message)| js_sys::Error::new(&format!("{status}: {message}")).into())
}

/// Applies one call to the object `name` and publishes what it changed: the answer's JSON,
/// or the status and message of why there is none (400 for a body that is no call).
pub async fn answer(
    state: &State,
    kv: &WorkerKv,
    publishing: &Mutex<()>,
    name: &ObjectName,
    body: &str,
) -> Result<String, (u16, String)> {
    let call: ObjectRequest = serde_json::from_str(body).map_err(|e| (400, format!("bad object request: {e}")))?;
    let sql = state.storage().sql();
    let now = worker::Date::now().as_millis() as i64;
    // No await between here and the end of dispatch: the call is atomic within the object.
    let applied = dispatch(&mut SqlMeterStore(&sql), name, &call, now).map_err(|e| (500, e.to_string()))?;
    if let Some(t) = applied.wake_at {
        set_alarm(state, t).await.map_err(|e| (500, format!("setting the alarm: {e}")))?;
    }
    if !applied.copies.is_empty() {
        let _turn = publishing.lock().await;
        for copy in &applied.copies {
            let written = match current_copy(&SqlMeterStore(&sql), copy).map_err(|e| (500, e.to_string()))? {
                Some(KvCopy { key, value: Some(v) }) => kv.put(&key, &v).await.map_err(|e| (key, e)),
                Some(KvCopy { key, value: None }) => kv.delete(&key).await.map_err(|e| (key, e)),
                None => Ok(()),
            };
            if let Err((key, e)) = written {
                return Err((500, format!("publishing {key}: {e}")));
            }
        }
    }
    serde_json::to_string(&applied.response).map_err(|e| (500, format!("object response: {e}")))
}

/// The object itself, as the objects port its alarm talks to (its own calls never name KV
/// copies: only the alarm's roles are sent this way).
struct Own<'a>(SendWrapper<&'a State>);

#[async_trait]
impl Objects for Own<'_> {
    async fn call(&self, name: &ObjectName, req: &ObjectRequest) -> Result<ObjectResponse, PortError> {
        let sql = self.0.storage().sql();
        let applied = dispatch(&mut SqlMeterStore(&sql), name, req, JsClock.now_ms())?;
        Ok(applied.response)
    }
}

/// The object's alarm: hand a shard's webhook events to their outbox, or deliver an
/// outbox's due attempts (`others` reaches the other objects), then ring again when the
/// object next has work. A safety alarm is set first, so an alarm that dies half way (its
/// attempts are marked in flight) rings again once they may be handed out again.
pub async fn alarm(state: &State, others: &DurableObjects, keys: Option<&WebhookKeys>) -> worker::Result<Response> {
    let now = JsClock.now_ms();
    set_alarm(state, now.saturating_add(IN_FLIGHT_MS + 1_000)).await?;
    let own = Own(SendWrapper::new(state));
    // The runtime does not say whose alarm this is; the alarm's calls do not need the name.
    let me = ObjectName::from_stored(String::new());
    let ran = run_alarm(&me, &own, others, &FetchHttp, keys, &JsClock).await;
    if let Err(e) = &ran {
        worker::console_error!("alarm: {e}");
    }
    let sql = state.storage().sql();
    let next = dispatch(&mut SqlMeterStore(&sql), &me, &ObjectRequest::Alarm(AlarmRequest::Next), JsClock.now_ms())
        .map_err(|e| worker::Error::RustError(e.0))?
        .wake_at;
    match (next, ran.is_ok()) {
        (Some(t), true) => set_alarm(state, t).await?,
        (Some(t), false) => set_alarm(state, t.max(JsClock.now_ms().saturating_add(ALARM_RETRY_MS))).await?,
        (None, _) => state.storage().delete_alarm().await?,
    }
    Response::ok("")
}
