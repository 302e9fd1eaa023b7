//! The workerd entry: wire bindings into the router.

use worker::{event, web_sys, Context, Env, Result};

#[event(fetch)]
async fn fetch(req: web_sys::Request, env: Env, _ctx: Context) -> Result<web_sys::Response> {
    dream_edge::entry::serve(req, &env, crate::router).await
}
