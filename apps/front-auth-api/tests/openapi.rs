//! The OpenAPI document and the router agree: every documented operation is routed, and the
//! document is served at `/openapi.json`.

use dream_sim::testkit::{assert_serves_documented_operations, send, World};
use http::{Method, StatusCode};

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let w = World::new();
    assert_serves_documented_operations(&front_auth_api::router(w.state.clone()), front_auth_api::OPENAPI).await;
}

#[tokio::test]
async fn the_document_is_served() {
    let w = World::new();
    let r = send(&front_auth_api::router(w.state.clone()), Method::GET, "/openapi.json", &[], None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["openapi"], "3.0.3");
}
