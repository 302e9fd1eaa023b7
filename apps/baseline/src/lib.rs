//! The benchmark baseline: answers 200 to any request with the same runtime, SDK and build
//! profile as the real workers, so that their throughput can be reported as a ratio of it.

#[cfg(target_arch = "wasm32")]
#[worker::event(fetch)]
async fn fetch(
    _req: worker::HttpRequest,
    _env: worker::Env,
    _ctx: worker::Context,
) -> worker::Result<axum::http::Response<axum::body::Body>> {
    Ok(axum::http::Response::new(axum::body::Body::from("ok")))
}
