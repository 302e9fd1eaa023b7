//! `POST /api/developer/create-products?mode=`: one Stripe product and one active monthly
//! price per paid tier on the connected account (see [`dream_services::stripe::catalog`]).

use axum::extract::State;
use axum::Json;
use dream_core::api::CreateProductsResponse;
use dream_core::kv_schema;
use dream_services::stripe::catalog::{Catalog, Item};
use dream_services::stripe::connected;
use dream_services::{kv, AppState};
use dream_web::developer::{Developer, ModeQuery};
use dream_web::extract::Query;
use dream_web::Result;

/// Creates or updates the Stripe products of the platform's paid tiers in a mode.
pub async fn create_products(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
) -> Result<Json<CreateProductsResponse>> {
    let platform = dev.platform(&state).await?;
    let mode = q.mode();
    let stripe = connected(&state, &platform.platform_id, mode).await?;
    let items: Vec<Item> = platform
        .tiers(mode)
        .iter()
        .filter(|t| t.price_cents > 0)
        .map(|t| Item { key: t.name.clone(), name: t.display_name.clone(), amount: t.price_cents })
        .collect();
    let catalog = Catalog {
        api: &stripe.api,
        account: Some(stripe.account.as_str()),
        owner: &platform.platform_id,
        key_prefix: format!("dream-{}-{mode}", platform.platform_id),
    };
    let synced = catalog.sync(&items, &stripe.products).await?;
    kv::put(state.ports.kv.as_ref(), &kv_schema::stripe_products(&platform.platform_id, mode), &synced.map).await?;
    Ok(Json(CreateProductsResponse { mode, products: synced.products, archived_products: synced.archived_products }))
}
