//! workerd's Request and Response to and from `http`'s, with the body whole in memory.
//!
//! The `worker` crate's conversions stream both bodies through `wasm-streams` (a reader, a
//! read per chunk and a release on the way in; a JS stream pulling from a Rust stream on the
//! way out, each step a promise and a microtask) and read the request's `cf` object, which
//! nothing here uses. Every body here is small and whole in memory, so a request's body is read
//! with one `arrayBuffer()` and a response's is handed to workerd as bytes.
//!
//! The body is read to its end before routing: workerd under `wrangler dev` stalls the next
//! request on a connection when a response is sent before the previous request's body was read
//! (seen with a 200 KB body answered 413). A body that does not declare a length within
//! [`MAX_BODY_BYTES`] is drained chunk by chunk and only its first `MAX_BODY_BYTES + 1` bytes
//! are kept, so the body limit still applies and memory stays bounded.

use axum::body::Body;
use dream_web::extract::MAX_BODY_BYTES;
use http::header::CONTENT_LENGTH;
use http::{HeaderMap, HeaderName, HeaderValue};
use http_body_util::BodyExt;
use worker::js_sys::{Array, Uint8Array};
use worker::wasm_bindgen::JsCast;
use worker::wasm_bindgen_futures::JsFuture;
use worker::web_sys;

/// The request as `http`'s, its body read (and bounded) in memory.
pub async fn from_workerd(req: web_sys::Request) -> worker::Result<http::Request<Body>> {
    let mut headers = HeaderMap::new();
    for entry in req.headers().entries() {
        let pair: Array = entry?.unchecked_into();
        let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) else {
            continue;
        };
        // workerd hands over only valid names; bytes, not `from_str`, so that a value with
        // non-ASCII text reaches the route (which answers it) instead of failing here.
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_bytes(value.as_bytes()))
        {
            headers.append(name, value);
        }
    }
    let body = body_bytes(&req, &headers).await?;
    let mut out = http::Request::builder().method(req.method().as_str()).uri(req.url()).body(Body::from(body))?;
    *out.headers_mut() = headers;
    Ok(out)
}

/// The request's body: in one read when it declares a length within the limit, else drained.
async fn body_bytes(req: &web_sys::Request, headers: &HeaderMap) -> worker::Result<Vec<u8>> {
    let Some(stream) = req.body() else {
        return Ok(Vec::new());
    };
    let declared = headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n <= MAX_BODY_BYTES) {
        let buffer = JsFuture::from(req.array_buffer()?).await?;
        return Ok(Uint8Array::new(&buffer).to_vec());
    }
    let mut body = worker::Body::new(stream);
    let mut kept: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            let room = (MAX_BODY_BYTES + 1).saturating_sub(kept.len());
            kept.extend_from_slice(&data[..data.len().min(room)]);
        }
    }
    Ok(kept)
}

/// The router's response as workerd's, its body handed over as bytes.
pub async fn to_workerd(resp: http::Response<Body>) -> worker::Result<web_sys::Response> {
    let (parts, body) = resp.into_parts();
    let mut bytes = body.collect().await.map_err(|e| worker::Error::RustError(e.to_string()))?.to_bytes().to_vec();
    let headers = web_sys::Headers::new()?;
    for (name, value) in &parts.headers {
        // Values the routes set are ASCII; one that is not is left out rather than failing
        // the response.
        if let Ok(value) = value.to_str() {
            headers.append(name.as_str(), value)?;
        }
    }
    let init = web_sys::ResponseInit::new();
    init.set_status(parts.status.as_u16());
    init.set_headers(&headers);
    let body = if bytes.is_empty() { None } else { Some(bytes.as_mut_slice()) };
    Ok(web_sys::Response::new_with_opt_u8_array_and_init(body, &init)?)
}
