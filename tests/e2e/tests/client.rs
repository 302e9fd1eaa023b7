//! The Rust client (`dream-client`) against the real workers: what a server-side backend does
//! with a secret key, with dream-api's errors typed.

use dream_client::DreamClient;
use dream_core::api::{CheckoutRequest, CreateCustomerRequest, UpdateCustomerRequest};
use dream_core::ErrorCode;
use dream_e2e::*;

#[tokio::test]
async fn a_backend_tracks_reads_and_manages_its_end_users_through_the_client() {
    let dev = Developer::register("rustclient").await;
    dev.setup(Some(3), 600).await;
    let api = DreamClient::new(&api_url(), &dev.sk_test).unwrap_or_else(|e| panic!("{e}"));
    for used in 1..=3 {
        let r = api.track("ada", None, None).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.usage.used, used);
    }
    let refused = api.track("ada", None, None).await.err().unwrap_or_else(|| panic!("over the limit"));
    assert!(refused.is(ErrorCode::UsageLimitExceeded), "{refused}");
    assert_eq!(refused.status, 429);
    assert!(refused.request_id.is_some());
    assert!(!api.check("ada", None).await.unwrap_or_else(|e| panic!("{e}")).allowed);
    assert_eq!(api.usage("ada").await.unwrap_or_else(|e| panic!("{e}")).remaining, Some(0));
    let tiers = api.tiers().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tiers.tiers.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["free", "pro"]);
    let page = api.users(Some("ad"), None, Some(10)).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.customers.iter().map(|c| c.user_id.as_str()).collect::<Vec<_>>(), ["ada"]);
    assert_eq!(api.set_plan("ada", "pro").await.unwrap_or_else(|e| panic!("{e}")).limit, Some(1000));
    assert_eq!(api.user("ada").await.unwrap_or_else(|e| panic!("{e}")).plan, "pro");
    // One idempotency key counts once, however often it is sent.
    for _ in 0..3 {
        let r = api.track("grace", Some(2), Some("backend-job-7")).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.usage.used, 2);
    }
    // The customers API: create, read, change, delete, each seen in the totals.
    let before = api.dashboard_totals().await.unwrap_or_else(|e| panic!("{e}")).customers;
    let new = CreateCustomerRequest {
        user_id: Some("hope".into()),
        email: "hope@example.com".into(),
        ..CreateCustomerRequest::default()
    };
    let made = api.create_customer(&new).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(made.customer.email.as_deref(), Some("hope@example.com"));
    let twice = api.create_customer(&new).await.err().unwrap_or_else(|| panic!("made twice"));
    assert!(twice.is(ErrorCode::CustomerExists), "{twice}");
    assert_eq!(api.dashboard_totals().await.unwrap_or_else(|e| panic!("{e}")).customers, before + 1);
    let change = UpdateCustomerRequest { plan: Some("pro".into()), ..UpdateCustomerRequest::default() };
    let changed = api.update_customer("hope", &change).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(changed.customer.plan, "pro");
    assert_eq!(api.customer("hope").await.unwrap_or_else(|e| panic!("{e}")).customer.limit, Some(1000));
    assert!(api.delete_customer("hope").await.unwrap_or_else(|e| panic!("{e}")).deleted);
    let gone = api.customer("hope").await.err().unwrap_or_else(|| panic!("still there"));
    assert!(gone.is(ErrorCode::CustomerNotFound), "{gone}");
    assert_eq!(api.dashboard_totals().await.unwrap_or_else(|e| panic!("{e}")).customers, before);
    // Stripe's state arrives as dream-api's codes.
    let req = CheckoutRequest {
        tier: "pro".into(),
        success_url: format!("{APP_ORIGIN}/ok"),
        cancel_url: format!("{APP_ORIGIN}/no"),
        user_id: Some("ada".into()),
    };
    let e = api.create_checkout(&req).await.err().unwrap_or_else(|| panic!("no Stripe is connected"));
    assert!(e.is(ErrorCode::StripeNotConnected), "{e}");
}
