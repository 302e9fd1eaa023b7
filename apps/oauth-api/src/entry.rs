//! The workerd entry: wire bindings into the router.

use worker::{event, Context, Env, HttpRequest, Result};

#[event(fetch)]
async fn fetch(req: HttpRequest, env: Env, _ctx: Context) -> Result<axum::http::Response<axum::body::Body>> {
    dream_edge::entry::serve(req, &env, crate::router).await
}
