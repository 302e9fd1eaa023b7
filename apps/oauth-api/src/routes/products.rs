//! `POST /api/developer/create-products?mode=`: one Stripe product and one active monthly
//! price per paid tier on the connected account. Idempotent: Stripe is the record (products
//! are found again by their metadata, prices by amount), so running it twice changes
//! nothing; a changed price creates a new price and archives the old ones; tiers that are
//! gone or became free have their products archived. Existing subscribers keep their tier:
//! every price ever made for a tier stays mapped to it.

use axum::extract::State;
use axum::Json;
use dream_core::api::{CreateProductsResponse, TierProduct};
use dream_core::kv_schema::{self, TierPrice};
use dream_core::tiers::Tier;
use dream_core::Mode;
use dream_web::developer::{Developer, ModeQuery};
use dream_web::extract::Query;
use dream_web::stripe::convert::{META_PLATFORM, META_TIER};
use dream_web::stripe::{connected, Connected};
use dream_web::{kv, AppState, Result};
use std::collections::HashMap;
use stripe_client_core::{IdempotencyKey, RequestStrategy, StripeRequest};
use stripe_product::price::{CreatePrice, CreatePriceRecurring, CreatePriceRecurringInterval, ListPrice, UpdatePrice};
use stripe_product::product::{CreateProduct, ListProduct, UpdateProduct};
use stripe_shared::{Price, Product};
use stripe_types::Currency;

/// Most products looked at on the account (Stripe's page size; a platform has ≤ 20 tiers).
const PAGE: i64 = 100;

fn idempotent(key: String) -> RequestStrategy {
    // Keys are built from ids and numbers only, well under Stripe's 255 characters.
    IdempotencyKey::new(key).map(RequestStrategy::Idempotent).unwrap_or(RequestStrategy::Once)
}

fn is_current(p: &Price, amount: i64) -> bool {
    p.active
        && p.unit_amount == Some(amount)
        && p.currency == Currency::USD
        && p.recurring.as_ref().is_some_and(|r| r.interval.as_str() == "month")
}

struct Sync<'a> {
    stripe: &'a Connected,
    platform_id: &'a str,
    mode: Mode,
}

impl Sync<'_> {
    fn key(&self, what: &str) -> RequestStrategy {
        idempotent(format!("dream-{}-{}-{what}", self.platform_id, self.mode))
    }

    async fn product(&self, tier: &Tier, existing: Option<&Product>) -> Result<(Product, bool)> {
        let s = self.stripe;
        match existing {
            Some(p) if p.active && p.name == tier.display_name => Ok((p.clone(), false)),
            Some(p) => {
                let p = UpdateProduct::new(p.id.clone())
                    .active(true)
                    .name(tier.display_name.clone())
                    .customize()
                    .account_id(s.account.clone())
                    .send(&s.api)
                    .await?;
                Ok((p, false))
            }
            None => {
                let metadata = HashMap::from([
                    (META_PLATFORM.to_owned(), self.platform_id.to_owned()),
                    (META_TIER.to_owned(), tier.name.clone()),
                ]);
                let p = CreateProduct::new(tier.display_name.clone())
                    .metadata(metadata)
                    .customize()
                    .account_id(s.account.clone())
                    .request_strategy(self.key(&format!("product-{}", tier.name)))
                    .send(&s.api)
                    .await?;
                Ok((p, true))
            }
        }
    }

    async fn tier(&mut self, tier: &Tier, existing: Option<&Product>, generation: usize) -> Result<TierProduct> {
        let s = self.stripe;
        let (product, created) = self.product(tier, existing).await?;
        let prices = ListPrice::new()
            .product(product.id.as_str())
            .active(true)
            .limit(PAGE)
            .customize()
            .account_id(s.account.clone())
            .send(&s.api)
            .await?
            .data;
        let (price, new_price) = match prices.iter().find(|p| is_current(p, tier.price_cents)) {
            Some(p) => (p.clone(), false),
            None => {
                let p = CreatePrice::new(Currency::USD)
                    .product(product.id.as_str())
                    .unit_amount(tier.price_cents)
                    .recurring(CreatePriceRecurring::new(CreatePriceRecurringInterval::Month))
                    .customize()
                    .account_id(s.account.clone())
                    .request_strategy(self.key(&format!("price-{}-{}-{generation}", tier.name, tier.price_cents)))
                    .send(&s.api)
                    .await?;
                (p, true)
            }
        };
        let mut archived = Vec::new();
        for old in prices.iter().filter(|p| p.id != price.id) {
            UpdatePrice::new(old.id.clone())
                .active(false)
                .customize()
                .account_id(s.account.clone())
                .send(&s.api)
                .await?;
            archived.push(old.id.to_string());
        }
        let default = product.default_price.as_ref().map(|d| d.id().to_string());
        if default.as_deref() != Some(price.id.as_str()) {
            UpdateProduct::new(product.id.clone())
                .default_price(price.id.as_str())
                .customize()
                .account_id(s.account.clone())
                .send(&s.api)
                .await?;
        }
        let result = match (created, new_price || !archived.is_empty()) {
            (true, _) => "created",
            (false, true) => "updated",
            (false, false) => "unchanged",
        };
        Ok(TierProduct {
            tier: tier.name.clone(),
            product_id: product.id.to_string(),
            price_id: price.id.to_string(),
            amount: tier.price_cents,
            result: result.into(),
            archived_prices: archived,
        })
    }
}

/// Creates or updates the Stripe products of the platform's paid tiers in a mode.
pub async fn create_products(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
) -> Result<Json<CreateProductsResponse>> {
    let platform = dev.platform(&state).await?;
    let mode = q.mode();
    let stripe = connected(&state, &platform.platform_id, mode).await?;
    let listed =
        ListProduct::new().limit(PAGE).customize().account_id(stripe.account.clone()).send(&stripe.api).await?.data;
    let ours: Vec<&Product> =
        listed.iter().filter(|p| p.metadata.get(META_PLATFORM) == Some(&platform.platform_id)).collect();
    let find = |tier: &str| ours.iter().copied().find(|p| p.metadata.get(META_TIER).map(String::as_str) == Some(tier));
    let mut map = stripe.products.clone();
    let mut sync = Sync { stripe: &stripe, platform_id: &platform.platform_id, mode };
    let paid: Vec<&Tier> = platform.tiers(mode).iter().filter(|t| t.price_cents > 0).collect();
    let mut products = Vec::new();
    for tier in &paid {
        let generation = map.prices.values().filter(|t| **t == tier.name).count();
        let done = sync.tier(tier, find(&tier.name), generation).await?;
        map.prices.insert(done.price_id.clone(), tier.name.clone());
        map.tiers.insert(
            tier.name.clone(),
            TierPrice { product_id: done.product_id.clone(), price_id: done.price_id.clone(), amount: done.amount },
        );
        products.push(done);
    }
    let mut archived_products = Vec::new();
    for p in ours.iter().filter(|p| p.active) {
        let tier = p.metadata.get(META_TIER).map(String::as_str).unwrap_or("");
        if !paid.iter().any(|t| t.name == tier) {
            UpdateProduct::new(p.id.clone())
                .active(false)
                .customize()
                .account_id(stripe.account.clone())
                .send(&stripe.api)
                .await?;
            archived_products.push(p.id.to_string());
            map.tiers.remove(tier);
        }
    }
    kv::put(state.ports.kv.as_ref(), &kv_schema::stripe_products(&platform.platform_id, mode), &map).await?;
    Ok(Json(CreateProductsResponse { mode, products, archived_products }))
}
