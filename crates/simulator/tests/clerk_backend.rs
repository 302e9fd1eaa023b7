//! The simulated Clerk's Backend API subset over HTTP, in Clerk's wire format: users made at
//! sign-in, their metadata merged or replaced with the instance's secret key, and session
//! tokens that carry the user's public metadata afterwards.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use dream_sim::server::{router, Sim};
use dream_sim::testkit::send;
use http::{Method, StatusCode};
use serde_json::{json, Value};

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap_or_else(|| panic!("not a JWT: {jwt}"));
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap_or_else(|e| panic!("{e}"))).unwrap_or_default()
}

#[tokio::test]
async fn a_signed_in_user_gets_metadata_through_the_backend_api_and_their_tokens_carry_it() {
    let sim = Sim::new("http://127.0.0.1:1".into(), None).unwrap_or_else(|e| panic!("{e}"));
    let secret = sim.instance("endusers").unwrap_or_else(|e| panic!("{e}")).backend_secret();
    let r = router(sim.clone(), None);
    let auth = format!("Bearer {secret}");
    let user = "/clerk/endusers/v1/users/user_ann";
    // Unknown until they sign in.
    let missing = send(&r, Method::GET, user, &[("authorization", &auth)], None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.body["errors"][0]["code"], "resource_not_found");
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let signed = send(&r, Method::POST, "/clerk/endusers/sign-in", &form, Some("sub=user_ann".into())).await;
    assert_eq!(signed.status, StatusCode::OK);
    let got = send(&r, Method::GET, user, &[("authorization", &auth)], None).await;
    assert_eq!(
        (got.status, got.body["object"].as_str(), got.body["id"].as_str()),
        (StatusCode::OK, Some("user"), Some("user_ann"))
    );
    // A wrong key changes nothing.
    let meta = format!("{user}/metadata");
    let json_h = |a: &str| [("authorization", a.to_owned()), ("content-type", "application/json".to_owned())];
    let h = json_h("Bearer sk_test_wrong");
    let hr: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let body = json!({"public_metadata": {"platformIds": ["plt_a"]}}).to_string();
    let refused = send(&r, Method::PATCH, &meta, &hr, Some(body.clone())).await;
    assert_eq!(
        (refused.status, refused.body["errors"][0]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("authentication_invalid"))
    );
    // The right key merges.
    let h = json_h(&auth);
    let hr: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let merged = send(&r, Method::PATCH, &meta, &hr, Some(body)).await;
    assert_eq!(merged.body["public_metadata"], json!({"platformIds": ["plt_a"]}), "{}", merged.body);
    let more = json!({"public_metadata": {"platformIds": ["plt_a", "plt_b"]}}).to_string();
    assert_eq!(
        send(&r, Method::PATCH, &meta, &hr, Some(more)).await.body["public_metadata"]["platformIds"],
        json!(["plt_a", "plt_b"])
    );
    // Tokens minted for the user now carry the metadata (the session-token customisation).
    let minted = send(
        &r,
        Method::POST,
        "/clerk/endusers/tokens",
        &[("content-type", "application/json")],
        Some(json!({"sub": "user_ann"}).to_string()),
    )
    .await;
    let jwt = minted.body["jwt"].as_str().unwrap_or_default();
    assert_eq!(claims(jwt)["public_metadata"], json!({"platformIds": ["plt_a", "plt_b"]}));
    // So does the next sign-in's token.
    let again = send(&r, Method::POST, "/clerk/endusers/sign-in", &form, Some("sub=user_ann".into())).await;
    let page = again.body.as_str().unwrap_or_default();
    let token = page.split("readonly>").nth(1).and_then(|t| t.split('<').next()).unwrap_or_default();
    assert_eq!(claims(token)["public_metadata"]["platformIds"], json!(["plt_a", "plt_b"]));
}
