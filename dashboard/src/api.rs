//! The developer API, typed with the request/response types of `dream-core`.

use crate::{auth, config};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::fmt;

thread_local! {
    /// The project calls act on (`X-Project`); `None`: the developer's primary project.
    static PROJECT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Makes every later call act on `project` (`None`: the primary one).
pub fn set_project(project: Option<String>) {
    PROJECT.with(|p| *p.borrow_mut() = project);
}

/// An error body as sent on the wire; read loosely, so a code this build does not know yet
/// still shows its message.
#[derive(Deserialize)]
struct WireError {
    error: WireErrorInner,
}

#[derive(Deserialize)]
struct WireErrorInner {
    code: String,
    message: String,
}

/// A value with the version it was read or written at (`ETag`), to send back as `If-Match`.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    pub value: T,
    pub etag: Option<String>,
}

/// A failed call, with the API's own message when it sent one.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a call answers.
pub type Answer<T> = Result<T, Failure>;

fn network(e: impl fmt::Display) -> Failure {
    Failure { status: 0, code: "network".into(), message: format!("The API could not be reached ({e}).") }
}

/// One request with `fetch` (straight through web-sys: a fetch wrapper crate costs kilobytes);
/// answers status, body and `ETag`.
async fn fetch(
    method: &str,
    path: &str,
    body: Option<String>,
    if_match: Option<&str>,
) -> Result<(u16, String, Option<String>), Failure> {
    let js = |e: wasm_bindgen::JsValue| network(e.as_string().unwrap_or_else(|| "fetch failed".into()));
    let headers = web_sys::Headers::new().map_err(js)?;
    if let Some(token) = auth::token().await {
        headers.set("Authorization", &format!("Bearer {token}")).map_err(js)?;
    }
    if let Some(v) = if_match {
        headers.set("If-Match", v).map_err(js)?;
    }
    if let Some(p) = PROJECT.with(|p| p.borrow().clone()) {
        headers.set("X-Project", &p).map_err(js)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(b) = &body {
        headers.set("Content-Type", "application/json").map_err(js)?;
        init.set_body(&wasm_bindgen::JsValue::from_str(b));
    }
    init.set_headers(&headers);
    let req = web_sys::Request::new_with_str_and_init(&format!("{}{path}", config::API_URL), &init).map_err(js)?;
    let window = web_sys::window().ok_or_else(|| network("no window"))?;
    let resp: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_request(&req)).await.map_err(js)?.into();
    let text = wasm_bindgen_futures::JsFuture::from(resp.text().map_err(js)?).await.map_err(js)?;
    let etag = resp.headers().get("etag").ok().flatten();
    Ok((resp.status(), text.as_string().unwrap_or_default(), etag))
}

/// The answer `text` as a `T` (generic but synchronous and kept out of line: the futures
/// that await a call stay small, which is most of each page's share of the download).
#[inline(never)]
fn decode<T: DeserializeOwned>(text: &str) -> Answer<T> {
    serde_json::from_str(text).map_err(|e| network(format!("unexpected answer: {e}")))
}

/// One call, boxed: every typed call awaits this one future rather than a copy of it.
type Call = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(String, Option<String>), Failure>>>>;

/// The body and `ETag` of a successful call; the error otherwise (not generic: one copy).
fn call_raw(method: &str, path: &str, body: Option<String>, if_match: Option<&str>) -> Call {
    let (method, path, if_match) = (method.to_owned(), path.to_owned(), if_match.map(str::to_owned));
    Box::pin(async move {
        let (status, text, etag) = fetch(&method, &path, body, if_match.as_deref()).await?;
        if (200..300).contains(&status) {
            return Ok((text, etag));
        }
        if status == 401 {
            // The session ended: sign in again.
            auth::sign_out().await;
        }
        Err(match serde_json::from_str::<WireError>(&text) {
            Ok(b) => Failure { status, code: b.error.code, message: b.error.message },
            Err(_) => Failure { status, code: "http_error".into(), message: format!("The API answered {status}.") },
        })
    })
}

async fn call_versioned<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
    if_match: Option<&str>,
) -> Answer<Versioned<T>> {
    let (text, etag) = call_raw(method, path, body, if_match).await?;
    Ok(Versioned { value: decode(&text)?, etag })
}

async fn call<T: DeserializeOwned>(method: &str, path: &str, body: Option<String>) -> Answer<T> {
    let (text, _) = call_raw(method, path, body, None).await?;
    decode(&text)
}

/// `GET path`.
pub async fn get<T: DeserializeOwned>(path: &str) -> Answer<T> {
    call("GET", path, None).await
}

/// `GET path`, read field by field through [`crate::json::Json`] (no serde reader).
pub async fn read(path: &str) -> Answer<crate::json::Json> {
    let (text, _) = call_raw("GET", path, None, None).await?;
    crate::json::Json::parse(&text).ok_or_else(|| network("unexpected answer: not JSON"))
}

/// `GET path` with the version read (`ETag`).
pub async fn get_versioned<T: DeserializeOwned>(path: &str) -> Answer<Versioned<T>> {
    call_versioned("GET", path, None, None).await
}

/// `PUT path` only if the resource is still at version `etag` (else 412 `stale_write`:
/// someone changed it meanwhile); answers the new value and version.
pub async fn put_if_match<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    etag: Option<&str>,
) -> Answer<Versioned<T>> {
    call_versioned("PUT", path, serde_json::to_string(body).ok(), etag).await
}

/// `POST path` with a JSON body.
pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Answer<T> {
    call("POST", path, serde_json::to_string(body).ok()).await
}

/// `POST path` without a body.
pub async fn post_empty<T: DeserializeOwned>(path: &str) -> Answer<T> {
    call("POST", path, None).await
}

/// `method path` with a JSON body (`PATCH`, `DELETE`).
pub async fn send<B: Serialize, T: DeserializeOwned>(method: &str, path: &str, body: &B) -> Answer<T> {
    call(method, path, serde_json::to_string(body).ok()).await
}

/// `method path` with an optional JSON body, the answer's body as text (not generic: one
/// copy, for actions whose answer a page barely reads).
pub async fn act(method: &str, path: &str, body: Option<String>) -> Answer<String> {
    Ok(call_raw(method, path, body, None).await?.0)
}
