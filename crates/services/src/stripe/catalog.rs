//! Keeping a catalog (tiers, or dream-api's own plans) as Stripe products with one active
//! monthly price each. Idempotent: Stripe is the record (products are found again by their
//! metadata, prices by amount), so a rerun changes nothing; a changed amount makes a new
//! price and archives the old ones; items no longer in the catalog have their products
//! archived. Every price ever made stays mapped to its item, so existing subscribers keep it.

use super::convert::{META_PLATFORM, META_TIER};
use super::models::{id_of, List, Price, Product};
use super::{StripeApi, StripeFailure};
use crate::Result;
use dream_core::api::TierProduct;
use dream_core::kv_schema::{ProductMap, TierPrice};
use std::collections::HashMap;
use stripe_client_core::StripeRequest;
use stripe_product::price::{CreatePrice, CreatePriceRecurring, CreatePriceRecurringInterval, ListPrice, UpdatePrice};
use stripe_product::product::{CreateProduct, ListProduct, UpdateProduct};
use stripe_types::Currency;

/// Stripe's largest page.
const PAGE: i64 = 100;
/// Most pages read of one list (100,000 objects): a bound on one sync's work.
const MAX_PAGES: usize = 1000;

/// One paid item: a tier or a plan.
pub struct Item {
    pub key: String,
    pub name: String,
    /// Monthly price in cents (USD).
    pub amount: i64,
}

/// The outcome of a sync.
pub struct Synced {
    pub map: ProductMap,
    pub products: Vec<TierProduct>,
    pub archived_products: Vec<String>,
}

fn is_current(p: &Price, amount: i64) -> bool {
    p.active
        && p.unit_amount == Some(amount)
        && p.currency == "usd"
        && p.recurring.as_ref().is_some_and(|r| r.interval == "month")
}

/// A Stripe account and the owner tag that marks our products on it.
pub struct Catalog<'a> {
    pub api: &'a StripeApi,
    /// The connected account (`None`: dream-api's own).
    pub account: Option<&'a str>,
    /// Value of the `dream_platform_id` metadata on our products (a platform id, or `dream-api`).
    pub owner: &'a str,
    /// Prefix of idempotency keys (unique per account and mode).
    pub key_prefix: String,
}

impl Catalog<'_> {
    async fn call<R: StripeRequest, T: serde::de::DeserializeOwned>(&self, req: &R, key: Option<String>) -> Result<T> {
        // Keys are built from ids and numbers only, well under Stripe's 255 characters.
        let key = key.map(|k| format!("{}-{k}", self.key_prefix));
        Ok(self.api.call(req, self.account, key.as_deref()).await?)
    }

    async fn product(&self, item: &Item, existing: Option<&Product>) -> Result<(Product, bool)> {
        match existing {
            Some(p) if p.active && p.name == item.name => Ok((p.clone(), false)),
            Some(p) => {
                let req = UpdateProduct::new(p.id.as_str()).active(true).name(item.name.clone());
                Ok((self.call(&req, None).await?, false))
            }
            None => {
                let metadata = HashMap::from([
                    (META_PLATFORM.to_owned(), self.owner.to_owned()),
                    (META_TIER.to_owned(), item.key.clone()),
                ]);
                let req = CreateProduct::new(item.name.clone()).metadata(metadata);
                Ok((self.call(&req, Some(format!("product-{}", item.key))).await?, true))
            }
        }
    }

    /// Every object of a list, page by page (`page(after)` builds the request of one page).
    async fn all<R, T>(&self, page: impl Fn(Option<&str>) -> R, id: impl Fn(&T) -> &str) -> Result<Vec<T>>
    where
        R: StripeRequest,
        T: serde::de::DeserializeOwned,
    {
        let mut out: Vec<T> = Vec::new();
        for _ in 0..MAX_PAGES {
            let after = out.last().map(|t| id(t).to_owned());
            let list = self.call::<_, List<T>>(&page(after.as_deref()), None).await?;
            let more = list.has_more && !list.data.is_empty();
            out.extend(list.data);
            if !more {
                return Ok(out);
            }
        }
        Err(StripeFailure::Decode(format!("a list of more than {MAX_PAGES} pages")).into())
    }

    async fn item(&self, item: &Item, existing: Option<&Product>, generation: usize) -> Result<TierProduct> {
        let (product, created) = self.product(item, existing).await?;
        let page = |after: Option<&str>| {
            let list = ListPrice::new().product(product.id.as_str()).active(true).limit(PAGE);
            match after {
                Some(a) => list.starting_after(a),
                None => list,
            }
        };
        let prices: Vec<Price> = self.all(page, |p: &Price| &p.id).await?;
        let (price, new_price) = match prices.iter().find(|p| is_current(p, item.amount)) {
            Some(p) => (p.clone(), false),
            None => {
                let req = CreatePrice::new(Currency::USD)
                    .product(product.id.as_str())
                    .unit_amount(item.amount)
                    .recurring(CreatePriceRecurring::new(CreatePriceRecurringInterval::Month));
                (self.call(&req, Some(format!("price-{}-{}-{generation}", item.key, item.amount))).await?, true)
            }
        };
        let mut archived = Vec::new();
        for old in prices.iter().filter(|p| p.id != price.id) {
            self.call::<_, Price>(&UpdatePrice::new(old.id.as_str()).active(false), None).await?;
            archived.push(old.id.clone());
        }
        if product.default_price.as_ref().and_then(id_of) != Some(price.id.as_str()) {
            let req = UpdateProduct::new(product.id.as_str()).default_price(price.id.as_str());
            self.call::<_, Product>(&req, None).await?;
        }
        let result = match (created, new_price || !archived.is_empty()) {
            (true, _) => "created",
            (false, true) => "updated",
            (false, false) => "unchanged",
        };
        Ok(TierProduct {
            tier: item.key.clone(),
            product_id: product.id.clone(),
            price_id: price.id.clone(),
            amount: item.amount,
            result: result.into(),
            archived_prices: archived,
        })
    }

    /// Brings the account in line with `items`, starting from the stored `map`.
    pub async fn sync(&self, items: &[Item], map: &ProductMap) -> Result<Synced> {
        let page = |after: Option<&str>| match after {
            Some(a) => ListProduct::new().limit(PAGE).starting_after(a),
            None => ListProduct::new().limit(PAGE),
        };
        let listed: Vec<Product> = self.all(page, |p: &Product| &p.id).await?;
        let ours: Vec<&Product> =
            listed.iter().filter(|p| p.metadata.get(META_PLATFORM).map(String::as_str) == Some(self.owner)).collect();
        let find =
            |key: &str| ours.iter().copied().find(|p| p.metadata.get(META_TIER).map(String::as_str) == Some(key));
        let mut map = map.clone();
        let mut products = Vec::new();
        for item in items {
            let generation = map.prices.values().filter(|t| **t == item.key).count();
            let done = self.item(item, find(&item.key), generation).await?;
            map.prices.insert(done.price_id.clone(), item.key.clone());
            let price =
                TierPrice { product_id: done.product_id.clone(), price_id: done.price_id.clone(), amount: done.amount };
            map.tiers.insert(item.key.clone(), price);
            products.push(done);
        }
        let mut archived_products = Vec::new();
        for p in ours.iter().filter(|p| p.active) {
            let key = p.metadata.get(META_TIER).map(String::as_str).unwrap_or("");
            if !items.iter().any(|i| i.key == key) {
                self.call::<_, Product>(&UpdateProduct::new(p.id.as_str()).active(false), None).await?;
                archived_products.push(p.id.clone());
                map.tiers.remove(key);
            }
        }
        Ok(Synced { map, products, archived_products })
    }
}
