//! A store's catalog and a guest's cart (issue #13): `GET /api/products` and
//! `POST /api/cart/checkout`, with the publishable key alone.

use crate::caller::KeyCaller;
use axum::extract::State;
use axum::Json;
use dream_core::api::{CartCheckout, CartCheckoutRequest, ProductList, ProductView};
use dream_services::objects::Store;
use dream_services::{store, AppState};
use dream_web::extract::Json as Body;
use dream_web::Result;

/// The products on sale (active and priced), with what is left of each.
pub async fn products(State(state): State<AppState>, caller: KeyCaller) -> Result<Json<ProductList>> {
    let all = Store::new(&state, &caller.platform.platform_id, caller.mode).products().await?;
    let products = all.iter().filter(|p| p.active && p.stripe_price.is_some()).map(ProductView::from).collect();
    Ok(Json(ProductList { products }))
}

/// A cart's Checkout Session: its units are held until the page expires (409 `sold_out`
/// when fewer are left).
pub async fn checkout(
    State(state): State<AppState>,
    caller: KeyCaller,
    Body(req): Body<CartCheckoutRequest>,
) -> Result<Json<CartCheckout>> {
    let p = &caller.platform;
    Ok(Json(store::checkout(&state, &p.platform_id, caller.mode, &p.allowed_origins, &req).await?))
}
