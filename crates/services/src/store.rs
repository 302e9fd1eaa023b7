//! Store projects (issue #13): products kept as Stripe products with one one-time price each
//! on the connected account, a guest's cart paid through a Checkout Session in payment mode,
//! and the order that Stripe's events pay or release (see [`dream_core::store`] for why the
//! stock is never sold twice).

use crate::objects::Store;
use crate::stripe::convert::META_PLATFORM;
use crate::stripe::{connected, Connected};
use crate::{AppState, Result};
use dream_core::api::{CartCheckout, CartCheckoutRequest, ProductRequest};
use dream_core::period::rfc3339;
use dream_core::store::{Line, Product, Refusal, StoreRequest, StoreResponse, MAX_LINES, MAX_QUANTITY};
use dream_core::{validate, ApiError, ErrorCode, Mode};
use std::collections::HashMap;
use std::str::FromStr;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionPaymentIntentData,
};
use stripe_product::price::{CreatePrice, UpdatePrice};
use stripe_product::product::{CreateProduct, UpdateProduct};
use stripe_shared::CheckoutSessionMode;
use stripe_types::Currency;

/// Metadata naming the order a Checkout Session (and its payment intent) pays.
pub const META_ORDER: &str = "dream_order_id";

/// The platform and order a store checkout's metadata names.
pub fn order_of(metadata: &HashMap<String, String>) -> Option<(&str, &str)> {
    Some((metadata.get(META_PLATFORM)?.as_str(), metadata.get(META_ORDER)?.as_str()))
}
/// How long a cart's checkout can be paid: its units are held that long. Stripe's shortest
/// expiry is 30 minutes *from when it gets the request*, in whole seconds; exactly 30 minutes
/// from here (rounded down) was refused whenever the request reached Stripe a moment later,
/// so the page lives a minute longer.
pub const CHECKOUT_TTL_MS: i64 = 31 * 60_000;
/// The highest unit price (Stripe's own bound on `unit_amount`).
pub const MAX_PRICE: i64 = 99_999_999;

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidProduct, message)
}

/// A product made or changed as `req` says (over `old`, if it exists), checked.
fn product_of(id: &str, old: Option<&Product>, req: &ProductRequest) -> std::result::Result<Product, ApiError> {
    let name = req.name.clone().or_else(|| old.map(|o| o.name.clone())).ok_or_else(|| invalid("name is required"))?;
    validate::name("name", &name)?;
    if name.trim().is_empty() {
        return Err(invalid("name must not be empty"));
    }
    let description = req.description.clone().or_else(|| old.map(|o| o.description.clone())).unwrap_or_default();
    if description.chars().count() > 1_000 || description.chars().any(|c| c.is_control() && c != '\n') {
        return Err(invalid("description is at most 1,000 characters"));
    }
    let price = req.price.or(old.map(|o| o.price)).ok_or_else(|| invalid("price (in cents) is required"))?;
    if !(1..=MAX_PRICE).contains(&price) {
        return Err(invalid(format!("price is 1-{MAX_PRICE} of the currency's smallest unit")));
    }
    let currency = req
        .currency
        .clone()
        .or_else(|| old.map(|o| o.currency.clone()))
        .ok_or_else(|| invalid("currency is required, like \"usd\""))?
        .to_ascii_lowercase();
    if currency.len() != 3 || Currency::from_str(&currency).is_err() {
        return Err(invalid(format!("currency {currency:?} is not a currency Stripe knows, like \"usd\"")));
    }
    let image_url = match &req.image_url {
        Some(u) if u.is_empty() => None,
        Some(u) if u.starts_with("https://") && u.len() <= 2_048 && u.bytes().all(|b| b.is_ascii_graphic()) => {
            Some(u.clone())
        }
        Some(_) => return Err(invalid("imageUrl must be an https:// URL")),
        None => old.and_then(|o| o.image_url.clone()),
    };
    let stock = match req.stock {
        Some(s) => s,
        None => old.and_then(|o| o.stock),
    };
    if stock.is_some_and(|s| s > 1_000_000_000) {
        return Err(invalid("stock is at most 1,000,000,000 (null: unlimited)"));
    }
    Ok(Product {
        id: id.to_owned(),
        name,
        description,
        price,
        currency,
        image_url,
        stock,
        held: old.map_or(0, |o| o.held),
        active: req.active.or(old.map(|o| o.active)).unwrap_or(true),
        stripe_product: old.and_then(|o| o.stripe_product.clone()),
        stripe_price: old.and_then(|o| o.stripe_price.clone()),
        created_ms: old.map_or(0, |o| o.created_ms),
    })
}

/// Makes (or updates) the product's Stripe product and, when the price changed, a new
/// one-time price (archiving the old one: checkouts made after use the new).
async fn sync(stripe: &Connected, platform_id: &str, p: &mut Product, old: Option<&Product>) -> Result<()> {
    let account = Some(stripe.account.as_str());
    let key = |what: &str| format!("store-{platform_id}-{}-{what}", p.id);
    let product_id = match &p.stripe_product {
        Some(id) => {
            let req = UpdateProduct::new(id.as_str()).name(p.name.clone()).active(p.active);
            let _: serde_json::Value = stripe.api.call(&req, account, None).await?;
            id.clone()
        }
        None => {
            let metadata = HashMap::from([(META_PLATFORM.to_owned(), platform_id.to_owned())]);
            let req = CreateProduct::new(p.name.clone()).metadata(metadata);
            let made: serde_json::Value = stripe.api.call(&req, account, Some(&key("product"))).await?;
            made["id"].as_str().unwrap_or_default().to_owned()
        }
    };
    p.stripe_product = Some(product_id.clone());
    let same_price = old.is_some_and(|o| o.price == p.price && o.currency == p.currency) && p.stripe_price.is_some();
    if !same_price {
        let currency = Currency::from_str(&p.currency).map_err(|_| invalid("unknown currency"))?;
        let req = CreatePrice::new(currency).product(product_id).unit_amount(p.price);
        // The price it replaces is part of the key: a change back to an earlier amount within
        // Stripe's day of idempotency would otherwise be answered with that earlier, now
        // archived price. A retry of the same change still makes one price.
        let replaced = p.stripe_price.as_deref().unwrap_or("none");
        let price_key = key(&format!("price-{}-{}-after-{replaced}", p.currency, p.price));
        let made: serde_json::Value = stripe.api.call(&req, account, Some(&price_key)).await?;
        if let Some(old_price) = p.stripe_price.take() {
            let _: serde_json::Value =
                stripe.api.call(&UpdatePrice::new(old_price.as_str()).active(false), account, None).await?;
        }
        p.stripe_price = made["id"].as_str().map(str::to_owned);
    }
    Ok(())
}

/// Makes a product (`id: None`) or changes one, kept in step with Stripe.
pub async fn put_product(
    state: &AppState,
    platform_id: &str,
    mode: Mode,
    id: Option<&str>,
    req: &ProductRequest,
) -> Result<Product> {
    let store = Store::new(state, platform_id, mode);
    let products = store.products().await?;
    let old = match id {
        Some(id) => Some(products.iter().find(|p| p.id == id).ok_or_else(|| {
            ApiError::new(ErrorCode::ProductNotFound, format!("no product {id:?} in this store's {mode} mode"))
        })?),
        None => None,
    };
    let new_id = match id {
        Some(id) => id.to_owned(),
        None => {
            let mut bytes = [0u8; 8];
            state.ports.random.fill(&mut bytes);
            format!("sp_{}", dream_core::keys::hex(&bytes))
        }
    };
    let mut product = product_of(&new_id, old, req)?;
    let stripe = connected(state, platform_id, mode).await?;
    sync(&stripe, platform_id, &mut product, old).await?;
    match store.call(StoreRequest::PutProduct { product }).await? {
        StoreResponse::Product { product } => Ok(product),
        StoreResponse::TooMany => Err(ApiError::new(
            ErrorCode::TooManyProducts,
            format!("a store has at most {} products per mode", dream_core::store::MAX_PRODUCTS),
        )
        .into()),
        other => Err(crate::Error::from(dream_core::ports::PortError(format!("store answered {other:?}")))),
    }
}

/// A guest's cart: its units held, then a Checkout Session for them at the catalog's
/// prices. A refused hold is 409 `sold_out`; a session Stripe would not make releases the
/// hold at once.
pub async fn checkout(
    state: &AppState,
    platform_id: &str,
    mode: Mode,
    allowed_origins: &[String],
    req: &CartCheckoutRequest,
) -> Result<CartCheckout> {
    if req.items.is_empty() || req.items.len() > MAX_LINES {
        return Err(ApiError::new(ErrorCode::InvalidCart, format!("a cart has 1-{MAX_LINES} items")).into());
    }
    if let Some(bad) = req.items.iter().find(|l| l.quantity == 0 || l.quantity > MAX_QUANTITY) {
        return Err(ApiError::new(
            ErrorCode::InvalidCart,
            format!("quantity of {:?} must be 1-{MAX_QUANTITY}", bad.product_id),
        )
        .into());
    }
    let success_url = validate::redirect_url("successUrl", &req.success_url, allowed_origins)?.to_owned();
    let cancel_url = validate::redirect_url("cancelUrl", &req.cancel_url, allowed_origins)?.to_owned();
    let email = req.email.as_deref().map(validate::email).transpose()?.map(str::to_owned);
    let stripe = connected(state, platform_id, mode).await?;
    let store = Store::new(state, platform_id, mode);
    let mut id = [0u8; 12];
    state.ports.random.fill(&mut id);
    let order_id = format!("ord_{}", dream_core::keys::hex(&id));
    let now = state.now_ms();
    let expires_ms = now.saturating_add(CHECKOUT_TTL_MS);
    let lines: Vec<Line> =
        req.items.iter().map(|l| Line { product: l.product_id.clone(), quantity: l.quantity }).collect();
    let order = match store.call(StoreRequest::Hold { order: order_id.clone(), lines, expires_ms }).await? {
        StoreResponse::Order { order } => order,
        StoreResponse::Refused { product, reason, available } => {
            let (code, message) = match reason {
                Refusal::SoldOut => {
                    (ErrorCode::SoldOut, format!("product {product:?} has {} units left", available.unwrap_or(0)))
                }
                Refusal::Unknown => (ErrorCode::ProductNotFound, format!("no product {product:?} in this store")),
                Refusal::Archived | Refusal::NotForSale => {
                    (ErrorCode::ProductNotFound, format!("product {product:?} is not for sale"))
                }
                Refusal::MixedCurrencies => (
                    ErrorCode::InvalidCart,
                    format!("product {product:?} is priced in another currency than the cart's first item: one checkout takes one currency"),
                ),
            };
            return Err(ApiError::new(code, message).into());
        }
        other => return Err(crate::Error::from(dream_core::ports::PortError(format!("store answered {other:?}")))),
    };
    let products = store.products().await?;
    let items: Vec<CreateCheckoutSessionLineItems> = order
        .lines
        .iter()
        .map(|l| CreateCheckoutSessionLineItems {
            price: products.iter().find(|p| p.id == l.product).and_then(|p| p.stripe_price.clone()),
            quantity: Some(u64::from(l.quantity)),
            ..CreateCheckoutSessionLineItems::new()
        })
        .collect();
    let metadata =
        HashMap::from([(META_PLATFORM.to_owned(), platform_id.to_owned()), (META_ORDER.to_owned(), order_id.clone())]);
    let mut create = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .line_items(items)
        .success_url(success_url)
        .cancel_url(cancel_url)
        .client_reference_id(order_id.clone())
        .expires_at(expires_ms.div_euclid(1000))
        // The payment intent names the order too: a refund's event carries only the charge.
        .payment_intent_data(CreateCheckoutSessionPaymentIntentData {
            metadata: Some(metadata.clone()),
            ..CreateCheckoutSessionPaymentIntentData::new()
        })
        .metadata(metadata);
    if let Some(e) = email {
        create = create.customer_email(e);
    }
    let session: std::result::Result<crate::stripe::models::CheckoutSession, _> =
        stripe.api.call(&create, Some(stripe.account.as_str()), Some(&format!("cart-{order_id}"))).await;
    let session = match session {
        Ok(s) => s,
        Err(e) => {
            store.order(StoreRequest::Release { order: order_id }).await?;
            return Err(e.into());
        }
    };
    store.order(StoreRequest::Attach { order: order_id.clone(), session: session.id.clone() }).await?;
    Ok(CartCheckout {
        url: session.url.unwrap_or_default(),
        order_id,
        expires_at: rfc3339(session.expires_at.saturating_mul(1000)),
    })
}
