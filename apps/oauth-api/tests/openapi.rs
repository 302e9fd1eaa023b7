//! The OpenAPI document and the router agree: the document is served at `/openapi.json` and
//! every operation it declares is routed.

use dream_sim::testkit::{assert_openapi_matches_router, World};

#[tokio::test]
async fn openapi_document_matches_the_router() {
    let w = World::new();
    assert_openapi_matches_router(&oauth_api::router(w.state.clone()), oauth_api::OPENAPI).await;
}
