//! A store project's catalog, stock and orders in one mode: the object
//! `<platform>:<mode>:store` (issue #13). Pure and synchronous like every role.
//!
//! Stock is never sold twice: a cart checkout first **holds** its units here (refused, 409
//! `sold_out`, when fewer are free than asked), for as long as its Stripe Checkout Session can
//! be paid; the payment then **takes** the held units, exactly once per order (a redelivered
//! event finds the order paid); an expired or failed checkout **releases** them. A hold whose
//! session can no longer be paid is released when it is seen past its time (so a lost
//! `expired` event costs nothing but a delay). Units are free = stock − held.

use crate::meter::MeterStore;
use crate::objects::{read, to_json};
use crate::ports::PortError;
use serde::{Deserialize, Serialize};

/// Products per store and mode.
pub const MAX_PRODUCTS: usize = 500;
/// Lines in one cart, and units of one line.
pub const MAX_LINES: usize = 20;
pub const MAX_QUANTITY: u32 = 100;
/// How long after its session's own expiry a hold is released without news from Stripe.
pub const HOLD_GRACE_MS: i64 = 5 * 60_000;

/// A product as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Price of one unit in the currency's smallest unit.
    pub price: i64,
    /// Three-letter ISO code, lower case.
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Units left to sell; `None`: unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<u64>,
    /// Units held by open checkouts.
    #[serde(default)]
    pub held: u64,
    /// Archived products are not sold (orders keep naming them).
    pub active: bool,
    /// Its Stripe product and one-time price on the connected account, once synced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stripe_product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stripe_price: Option<String>,
    pub created_ms: i64,
}

impl Product {
    /// Units that can be sold now (`None`: unlimited).
    pub fn available(&self) -> Option<u64> {
        self.stock.map(|s| s.saturating_sub(self.held))
    }
}

/// One line of a cart: a product and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub product: String,
    pub quantity: u32,
}

/// An order: from its hold at checkout to paid (or released).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub id: String,
    pub lines: Vec<OrderLine>,
    pub status: OrderStatus,
    pub created_ms: i64,
    /// Until when its Checkout Session can be paid (then the hold goes).
    pub expires_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_session: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_ms: Option<i64>,
    /// What Stripe says was paid, in the smallest unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_paid: Option<i64>,
    /// What was refunded of it so far (Stripe's running total).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_refunded: Option<i64>,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A line of an order, with the price it was sold at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    pub product: String,
    pub name: String,
    pub quantity: u32,
    pub unit_price: i64,
}

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Its units are held while its checkout can be paid.
    Open,
    Paid,
    /// The checkout expired or failed: its units went back.
    Released,
    /// Paid, then refunded in full (a partial refund leaves it `Paid`, with
    /// `amountRefunded`). Refunded units are not put back on sale: whether goods came back
    /// is the seller's to say, by raising the stock.
    Refunded,
}

/// A call to a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum StoreRequest {
    Products,
    /// Adds or replaces a product (by id); stock and held units are kept unless `stock` is
    /// given.
    PutProduct {
        product: Product,
    },
    /// Holds the units of `lines` for order `order` until `expires_ms`, or refuses.
    Hold {
        order: String,
        lines: Vec<Line>,
        expires_ms: i64,
    },
    /// The order's Checkout Session (recorded once Stripe made it).
    Attach {
        order: String,
        session: String,
    },
    /// Payment arrived: the held units are taken, once.
    Paid {
        order: String,
        amount: i64,
        email: Option<String>,
    },
    /// The checkout expired or could not be made: the units go back.
    Release {
        order: String,
    },
    /// Stripe refunded `amount_refunded` of the order's payment in all (a running total, so
    /// a redelivered or late event changes nothing).
    Refunded {
        order: String,
        amount_refunded: i64,
    },
    /// Newest first, at most `limit`, older than `before` if given.
    Orders {
        before: Option<String>,
        limit: u32,
    },
    /// Paid amounts per day for the `days` days ending today (oldest first).
    Revenue {
        days: u32,
    },
}

/// Its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StoreResponse {
    Products {
        products: Vec<Product>,
    },
    Product {
        product: Product,
    },
    Order {
        order: Order,
    },
    /// A hold refused: the product is unknown, archived, or has fewer units free.
    Refused {
        product: String,
        reason: Refusal,
        available: Option<u64>,
    },
    Orders {
        orders: Vec<Order>,
        more: bool,
    },
    Revenue {
        revenue: Vec<(i64, i64)>,
    },
    NotFound,
    TooMany,
}

/// What a call did to an order that the project's webhooks hear of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderNews {
    Paid(Order),
    /// More of it was refunded.
    Refunded(Order),
}

/// Why a hold was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    Unknown,
    Archived,
    NotForSale,
    SoldOut,
    /// Its products are priced in more than one currency (one Checkout takes one).
    MixedCurrencies,
}

const PRODUCTS_KEY: &str = "s:products";
const ORDER_PREFIX: &str = "s:o:";
const SEQ_KEY: &str = "s:seq";
/// Orders by sequence, newest first: `s:n:<inverted seq>:<order id>`.
const NEWEST_PREFIX: &str = "s:n:";
/// Open holds by expiry: `s:h:<expires ms>:<order>`.
const HOLDS_PREFIX: &str = "s:h:";

fn products(store: &dyn MeterStore) -> Result<Vec<Product>, PortError> {
    Ok(read(store, PRODUCTS_KEY)?.unwrap_or_default())
}

fn order_key(id: &str) -> String {
    format!("{ORDER_PREFIX}{id}")
}

fn hold_key(expires_ms: i64, order: &str) -> String {
    format!("{HOLDS_PREFIX}{:015}:{order}", expires_ms.max(0))
}

/// Gives the units of `order` back to their products.
fn give_back(list: &mut [Product], order: &Order) {
    for line in &order.lines {
        if let Some(p) = list.iter_mut().find(|p| p.id == line.product) {
            p.held = p.held.saturating_sub(u64::from(line.quantity));
        }
    }
}

/// Releases the holds whose checkouts can no longer be paid (past their time and the grace).
fn release_stale(store: &mut dyn MeterStore, list: &mut [Product], now_ms: i64) -> Result<bool, PortError> {
    let mut changed = false;
    for (key, _) in store.page(HOLDS_PREFIX, "", "", 100)? {
        let mut parts = key.strip_prefix(HOLDS_PREFIX).unwrap_or_default().splitn(2, ':');
        let at: i64 = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0);
        if at.saturating_add(HOLD_GRACE_MS) > now_ms {
            break;
        }
        store.delete(&key)?;
        let Some(id) = parts.next() else { continue };
        if let Some(mut o) = read::<Order>(store, &order_key(id))?.filter(|o| o.status == OrderStatus::Open) {
            give_back(list, &o);
            o.status = OrderStatus::Released;
            store.put(&order_key(id), &to_json(&o)?, None)?;
            changed = true;
        }
    }
    Ok(changed)
}

/// Applies one call at `now_ms`; answers it and what happened to an order that the shell
/// tells the project's webhooks (`order.paid`, `order.refunded`).
pub fn apply(
    store: &mut dyn MeterStore,
    req: &StoreRequest,
    now_ms: i64,
) -> Result<(StoreResponse, Option<OrderNews>), PortError> {
    let mut list = products(store)?;
    let mut changed = release_stale(store, &mut list, now_ms)?;
    let mut news = None;
    let answer = match req {
        StoreRequest::Products => StoreResponse::Products { products: list.clone() },
        StoreRequest::PutProduct { product } => {
            let mut p = product.clone();
            let full = list.len() >= MAX_PRODUCTS;
            match list.iter_mut().find(|x| x.id == p.id) {
                Some(old) => {
                    p.held = old.held;
                    p.created_ms = old.created_ms;
                    *old = p.clone();
                }
                None if full => return Ok((StoreResponse::TooMany, None)),
                None => {
                    p.held = 0;
                    p.created_ms = now_ms;
                    list.push(p.clone());
                }
            }
            changed = true;
            StoreResponse::Product { product: p }
        }
        StoreRequest::Hold { order, lines, expires_ms } => {
            if let Some(o) = read::<Order>(store, &order_key(order))? {
                // A retried hold: the order it made.
                return Ok((StoreResponse::Order { order: o }, None));
            }
            let mut out = Vec::with_capacity(lines.len());
            for line in lines {
                let Some(p) = list.iter().find(|p| p.id == line.product) else {
                    return Ok((refusal(&line.product, Refusal::Unknown, None), None));
                };
                if !p.active {
                    return Ok((refusal(&p.id, Refusal::Archived, None), None));
                }
                if p.stripe_price.is_none() {
                    return Ok((refusal(&p.id, Refusal::NotForSale, None), None));
                }
                let first = out.first().and_then(|l: &OrderLine| list.iter().find(|q| q.id == l.product));
                if first.is_some_and(|f| f.currency != p.currency) {
                    return Ok((refusal(&p.id, Refusal::MixedCurrencies, None), None));
                }
                // Lines naming one product twice count together.
                let asked: u64 = lines.iter().filter(|l| l.product == p.id).map(|l| u64::from(l.quantity)).sum();
                if p.available().is_some_and(|free| free < asked) {
                    return Ok((refusal(&p.id, Refusal::SoldOut, p.available()), None));
                }
                out.push(OrderLine {
                    product: p.id.clone(),
                    name: p.name.clone(),
                    quantity: line.quantity,
                    unit_price: p.price,
                });
            }
            for line in &out {
                if let Some(p) = list.iter_mut().find(|p| p.id == line.product) {
                    p.held = p.held.saturating_add(u64::from(line.quantity));
                }
            }
            let currency =
                list.iter().find(|p| Some(&p.id) == out.first().map(|l| &l.product)).map(|p| p.currency.clone());
            let o = Order {
                id: order.clone(),
                lines: out,
                status: OrderStatus::Open,
                created_ms: now_ms,
                expires_ms: *expires_ms,
                checkout_session: None,
                paid_ms: None,
                amount_paid: None,
                amount_refunded: None,
                currency: currency.unwrap_or_default(),
                email: None,
            };
            store.put(&order_key(order), &to_json(&o)?, None)?;
            store.put(&hold_key(*expires_ms, order), "", None)?;
            let seq = store.add(SEQ_KEY, 1)?;
            store.put(&format!("{NEWEST_PREFIX}{:020}:{order}", i64::MAX.saturating_sub(seq)), "", None)?;
            changed = true;
            StoreResponse::Order { order: o }
        }
        StoreRequest::Attach { order, session } => match read::<Order>(store, &order_key(order))? {
            Some(mut o) => {
                o.checkout_session = Some(session.clone());
                store.put(&order_key(order), &to_json(&o)?, None)?;
                StoreResponse::Order { order: o }
            }
            None => StoreResponse::NotFound,
        },
        StoreRequest::Paid { order, amount, email } => match read::<Order>(store, &order_key(order))? {
            Some(mut o) => {
                match o.status {
                    OrderStatus::Open | OrderStatus::Released => {
                        for line in &o.lines {
                            if let Some(p) = list.iter_mut().find(|p| p.id == line.product) {
                                let n = u64::from(line.quantity);
                                // Held units are taken; a released order's (paid against the
                                // odds) come straight off the stock.
                                if o.status == OrderStatus::Open {
                                    p.held = p.held.saturating_sub(n);
                                }
                                p.stock = p.stock.map(|s| s.saturating_sub(n));
                            }
                        }
                        store.delete(&hold_key(o.expires_ms, order))?;
                        o.status = OrderStatus::Paid;
                        o.paid_ms = Some(now_ms);
                        o.amount_paid = Some(*amount);
                        o.email.clone_from(email);
                        store.put(&order_key(order), &to_json(&o)?, None)?;
                        crate::meter::add_to_day(store, crate::meter::revenue_key, now_ms, *amount)?;
                        changed = true;
                        news = Some(OrderNews::Paid(o.clone()));
                    }
                    // A redelivery: taken once already.
                    OrderStatus::Paid | OrderStatus::Refunded => {}
                }
                StoreResponse::Order { order: o }
            }
            None => StoreResponse::NotFound,
        },
        StoreRequest::Release { order } => match read::<Order>(store, &order_key(order))? {
            Some(mut o) => {
                if o.status == OrderStatus::Open {
                    give_back(&mut list, &o);
                    store.delete(&hold_key(o.expires_ms, order))?;
                    o.status = OrderStatus::Released;
                    store.put(&order_key(order), &to_json(&o)?, None)?;
                    changed = true;
                }
                StoreResponse::Order { order: o }
            }
            None => StoreResponse::NotFound,
        },
        StoreRequest::Refunded { order, amount_refunded } => match read::<Order>(store, &order_key(order))? {
            Some(mut o) => {
                let before = o.amount_refunded.unwrap_or(0);
                let taken = o.amount_paid.unwrap_or(0);
                let total = (*amount_refunded).min(taken);
                let paid = matches!(o.status, OrderStatus::Paid | OrderStatus::Refunded);
                // Only more than was known counts: Stripe's total only grows, so a late or
                // repeated event is a no-op. An order not paid yet is answered as it stands.
                if paid && total > before {
                    o.amount_refunded = Some(total);
                    if total >= taken {
                        o.status = OrderStatus::Refunded;
                    }
                    store.put(&order_key(order), &to_json(&o)?, None)?;
                    // Revenue is net: the refund comes off the day it happened.
                    crate::meter::add_to_day(store, crate::meter::revenue_key, now_ms, before.saturating_sub(total))?;
                    news = Some(OrderNews::Refunded(o.clone()));
                }
                StoreResponse::Order { order: o }
            }
            None => StoreResponse::NotFound,
        },
        StoreRequest::Revenue { days } => StoreResponse::Revenue {
            revenue: crate::meter::day_series(store, crate::meter::revenue_key, *days, now_ms),
        },
        StoreRequest::Orders { before, limit } => {
            let limit = usize::try_from(*limit).unwrap_or(usize::MAX).clamp(1, 1_000);
            // The cursor is the place of order `before` in the index (found by its id).
            let after = match before {
                Some(id) => store
                    .page(NEWEST_PREFIX, "", &format!(":{id}"), 1)?
                    .first()
                    .and_then(|(k, _)| k.strip_prefix(NEWEST_PREFIX).map(str::to_owned))
                    .unwrap_or_default(),
                None => String::new(),
            };
            let rows = store.page(NEWEST_PREFIX, &after, "", limit.saturating_add(1))?;
            let more = rows.len() > limit;
            let mut orders = Vec::with_capacity(limit);
            for (key, _) in rows.into_iter().take(limit) {
                let Some((_, id)) = key.rsplit_once(':') else { continue };
                orders.extend(read::<Order>(store, &order_key(id))?);
            }
            StoreResponse::Orders { orders, more }
        }
    };
    if changed {
        store.put(PRODUCTS_KEY, &to_json(&list)?, None)?;
    }
    Ok((answer, news))
}

fn refusal(product: &str, reason: Refusal, available: Option<u64>) -> StoreResponse {
    StoreResponse::Refused { product: product.to_owned(), reason, available }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemStore;

    const NOW: i64 = 1_800_000_000_000;

    fn product(id: &str, stock: Option<u64>) -> Product {
        Product {
            id: id.into(),
            name: format!("Product {id}"),
            description: String::new(),
            price: 500,
            currency: "usd".into(),
            image_url: None,
            stock,
            held: 0,
            active: true,
            stripe_product: Some(format!("prod_{id}")),
            stripe_price: Some(format!("price_{id}")),
            created_ms: 0,
        }
    }

    fn put(s: &mut MemStore, p: Product) {
        assert!(matches!(
            apply(s, &StoreRequest::PutProduct { product: p }, NOW),
            Ok((StoreResponse::Product { .. }, None))
        ));
    }

    fn hold(s: &mut MemStore, order: &str, product: &str, quantity: u32, now: i64) -> StoreResponse {
        let req = StoreRequest::Hold {
            order: order.into(),
            lines: vec![Line { product: product.into(), quantity }],
            expires_ms: now + 30 * 60_000,
        };
        apply(s, &req, now).map(|r| r.0).unwrap_or(StoreResponse::NotFound)
    }

    fn stock(s: &mut MemStore, id: &str) -> (Option<u64>, u64) {
        let Ok((StoreResponse::Products { products }, _)) = apply(s, &StoreRequest::Products, NOW) else { panic!() };
        let p = products.into_iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no {id}"));
        (p.stock, p.held)
    }

    #[test]
    fn a_cart_in_two_currencies_holds_nothing() {
        let mut s = MemStore::default();
        put(&mut s, product("cup", Some(3)));
        put(&mut s, Product { currency: "eur".into(), ..product("tasse", Some(3)) });
        let lines = ["cup", "tasse"].map(|p| Line { product: p.into(), quantity: 1 }).to_vec();
        let req = StoreRequest::Hold { order: "ord_1".into(), lines, expires_ms: NOW + 60_000 };
        assert!(matches!(
            apply(&mut s, &req, NOW),
            Ok((StoreResponse::Refused { reason: Refusal::MixedCurrencies, .. }, None))
        ));
        assert_eq!((stock(&mut s, "cup"), stock(&mut s, "tasse")), ((Some(3), 0), (Some(3), 0)));
    }

    #[test]
    fn twenty_carts_for_five_units_hold_five_and_each_payment_takes_its_units_once() {
        let mut s = MemStore::default();
        put(&mut s, product("mug", Some(5)));
        let held: Vec<bool> = (0..20)
            .map(|n| matches!(hold(&mut s, &format!("ord_{n}"), "mug", 1, NOW), StoreResponse::Order { .. }))
            .collect();
        assert_eq!(held.iter().filter(|h| **h).count(), 5);
        assert!(matches!(
            hold(&mut s, "ord_x", "mug", 1, NOW),
            StoreResponse::Refused { reason: Refusal::SoldOut, available: Some(0), .. }
        ));
        assert_eq!(stock(&mut s, "mug"), (Some(5), 5));
        for n in 0..5 {
            let paid = StoreRequest::Paid { order: format!("ord_{n}"), amount: 500, email: None };
            let (_, first) = apply(&mut s, &paid, NOW).unwrap_or_else(|e| panic!("{e}"));
            assert!(first.is_some(), "the first payment takes the units");
            let (_, again) = apply(&mut s, &paid, NOW).unwrap_or_else(|e| panic!("{e}"));
            assert!(again.is_none(), "a redelivery takes nothing");
        }
        assert_eq!(stock(&mut s, "mug"), (Some(0), 0));
        let Ok((StoreResponse::Revenue { revenue }, _)) = apply(&mut s, &StoreRequest::Revenue { days: 1 }, NOW) else {
            panic!()
        };
        assert_eq!(revenue, [(crate::period::day_number(NOW), 2_500)], "each paid order counted once");
        let Ok((StoreResponse::Orders { orders, more }, _)) =
            apply(&mut s, &StoreRequest::Orders { before: None, limit: 3 }, NOW)
        else {
            panic!()
        };
        assert!(more);
        assert_eq!(
            orders.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
            ["ord_4", "ord_3", "ord_2"],
            "newest first"
        );
    }

    #[test]
    fn refunds_count_once_by_stripes_running_total_and_come_off_that_days_revenue() {
        let mut s = MemStore::default();
        put(&mut s, product("mug", Some(5)));
        assert!(matches!(hold(&mut s, "ord_a", "mug", 2, NOW), StoreResponse::Order { .. }));
        let refund = |s: &mut MemStore, total: i64, at: i64| {
            let req = StoreRequest::Refunded { order: "ord_a".into(), amount_refunded: total };
            apply(s, &req, at).unwrap_or_else(|e| panic!("{e}"))
        };
        // Not paid yet: nothing to refund (the shell has Stripe send it again).
        let (answer, news) = refund(&mut s, 300, NOW);
        assert!(news.is_none());
        assert!(matches!(answer, StoreResponse::Order { order } if order.status == OrderStatus::Open));
        let paid = StoreRequest::Paid { order: "ord_a".into(), amount: 1_000, email: None };
        assert!(apply(&mut s, &paid, NOW).is_ok());
        let next_day = NOW + 86_400_000;
        let (_, news) = refund(&mut s, 300, next_day);
        let Some(OrderNews::Refunded(o)) = news else { panic!("a first refund is news") };
        assert_eq!((o.status, o.amount_refunded), (OrderStatus::Paid, Some(300)), "partly refunded");
        assert!(refund(&mut s, 300, next_day).1.is_none(), "a redelivery changes nothing");
        assert!(refund(&mut s, 200, next_day).1.is_none(), "an older total arriving late changes nothing");
        let (_, news) = refund(&mut s, 1_000, next_day);
        let Some(OrderNews::Refunded(o)) = news else { panic!("the rest is news") };
        assert_eq!((o.status, o.amount_refunded), (OrderStatus::Refunded, Some(1_000)));
        let Ok((StoreResponse::Revenue { revenue }, _)) = apply(&mut s, &StoreRequest::Revenue { days: 2 }, next_day)
        else {
            panic!()
        };
        let day = crate::period::day_number(NOW);
        assert_eq!(revenue, [(day, 1_000), (day + 1, -1_000)], "the sale on its day, the refund on its own");
        assert_eq!(stock(&mut s, "mug"), (Some(3), 0), "refunded units are not put back on sale");
    }

    #[test]
    fn an_expired_or_released_hold_gives_its_units_back() {
        let mut s = MemStore::default();
        put(&mut s, product("mug", Some(2)));
        assert!(matches!(hold(&mut s, "ord_a", "mug", 2, NOW), StoreResponse::Order { .. }));
        assert!(matches!(hold(&mut s, "ord_b", "mug", 1, NOW), StoreResponse::Refused { .. }));
        let _ = apply(&mut s, &StoreRequest::Release { order: "ord_a".into() }, NOW);
        assert_eq!(stock(&mut s, "mug"), (Some(2), 0));
        assert!(matches!(hold(&mut s, "ord_b", "mug", 2, NOW), StoreResponse::Order { .. }));
        // Stripe's `expired` never came: past the session's time and the grace, freed anyway.
        let later = NOW + 30 * 60_000 + HOLD_GRACE_MS;
        assert!(matches!(hold(&mut s, "ord_c", "mug", 2, later), StoreResponse::Order { .. }));
        let Ok((StoreResponse::Orders { orders, .. }, _)) =
            apply(&mut s, &StoreRequest::Orders { before: None, limit: 10 }, later)
        else {
            panic!()
        };
        let status: Vec<(&str, OrderStatus)> = orders.iter().map(|o| (o.id.as_str(), o.status)).collect();
        assert_eq!(
            status,
            [("ord_c", OrderStatus::Open), ("ord_b", OrderStatus::Released), ("ord_a", OrderStatus::Released)]
        );
    }

    #[test]
    fn unknown_archived_and_unsynced_products_are_not_sold_and_unlimited_stock_never_runs_out() {
        let mut s = MemStore::default();
        let mut old = product("old", None);
        old.active = false;
        put(&mut s, old);
        let mut draft = product("draft", None);
        draft.stripe_price = None;
        put(&mut s, draft);
        put(&mut s, product("ebook", None));
        assert!(matches!(hold(&mut s, "o1", "nope", 1, NOW), StoreResponse::Refused { reason: Refusal::Unknown, .. }));
        assert!(matches!(hold(&mut s, "o2", "old", 1, NOW), StoreResponse::Refused { reason: Refusal::Archived, .. }));
        assert!(matches!(
            hold(&mut s, "o3", "draft", 1, NOW),
            StoreResponse::Refused { reason: Refusal::NotForSale, .. }
        ));
        assert!(matches!(hold(&mut s, "o4", "ebook", 100, NOW), StoreResponse::Order { .. }));
        // Replacing a product keeps what open checkouts hold.
        put(&mut s, product("ebook", Some(150)));
        assert_eq!(stock(&mut s, "ebook"), (Some(150), 100));
        assert!(matches!(hold(&mut s, "o5", "ebook", 51, NOW), StoreResponse::Refused { available: Some(50), .. }));
    }
}
