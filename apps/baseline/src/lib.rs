//! The benchmark baseline: answers 200 to any request with the same runtime, SDK and build
//! profile as the real workers, so that their throughput can be reported as a ratio of it.
//!
//! It takes and returns workerd's own Request and Response, as the workers do
//! (`dream_edge::request`): the `worker` crate's `http` conversions read every header, the
//! `cf` object and stream the body, which would make the yardstick slower than the smallest
//! Rust worker and every ratio to it flattering.

#[cfg(target_arch = "wasm32")]
#[worker::event(fetch)]
async fn fetch(
    _req: worker::web_sys::Request,
    _env: worker::Env,
    _ctx: worker::Context,
) -> worker::Result<worker::web_sys::Response> {
    Ok(worker::web_sys::Response::new_with_opt_str(Some("ok"))?)
}
