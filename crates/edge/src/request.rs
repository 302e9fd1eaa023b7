//! Reading the incoming request body to its end before routing.
//!
//! workerd under `wrangler dev` stalls the next request on a connection when a response is
//! sent before the previous request's body was read (seen with a 200 KB body answered 413).
//! Draining here keeps that from ever happening; only the first
//! [`MAX_BODY_BYTES`](dream_web::extract::MAX_BODY_BYTES) + 1 bytes are kept, so the body
//! limit still applies and memory stays bounded.

use axum::body::Body;
use dream_web::extract::MAX_BODY_BYTES;
use http_body_util::BodyExt;
use worker::HttpRequest;

/// The request with its body read (and bounded) in memory.
pub async fn drained(req: HttpRequest) -> worker::Result<http::Request<Body>> {
    let (parts, mut body) = req.into_parts();
    let mut kept: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            let room = (MAX_BODY_BYTES + 1).saturating_sub(kept.len());
            kept.extend_from_slice(&data[..data.len().min(room)]);
        }
    }
    Ok(http::Request::from_parts(parts, Body::from(kept)))
}
