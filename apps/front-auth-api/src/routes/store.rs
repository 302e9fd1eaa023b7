//! `/api/developer/products` and `/api/developer/orders`: a store project's catalog (kept as
//! Stripe products on the connected account) and its orders, per mode (`?mode=`, default test).

use crate::developer::{Developer, ModeQuery};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use dream_core::api::{OrderList, OrderView, ProductRequest, StoreProductView, StoreProducts};
use dream_core::period::rfc3339;
use dream_core::store::{Order, OrderStatus, StoreRequest, StoreResponse};
use dream_core::Mode;
use dream_services::objects::Store;
use dream_services::{store, AppState};
use dream_web::extract::{Json as Body, Path, Query};
use dream_web::Result;
use serde::Deserialize;

/// Every product, archived ones too, with stock and units held by open checkouts.
pub async fn list(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
) -> Result<Json<StoreProducts>> {
    let p = dev.platform(&state).await?;
    let products = Store::new(&state, &p.platform_id, q.mode()).products().await?;
    Ok(Json(StoreProducts { products: products.iter().map(StoreProductView::from).collect() }))
}

/// Makes a product and its Stripe product and price.
pub async fn create(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
    Body(req): Body<ProductRequest>,
) -> Result<(StatusCode, Json<StoreProductView>)> {
    let p = dev.platform(&state).await?;
    let made = store::put_product(&state, &p.platform_id, q.mode(), None, &req).await?;
    Ok((StatusCode::CREATED, Json(StoreProductView::from(&made))))
}

/// Changes a product (a new price makes a new Stripe price; `active: false` archives it).
pub async fn update(
    State(state): State<AppState>,
    dev: Developer,
    Path(id): Path<String>,
    Query(q): Query<ModeQuery>,
    Body(req): Body<ProductRequest>,
) -> Result<Json<StoreProductView>> {
    let p = dev.platform(&state).await?;
    let changed = store::put_product(&state, &p.platform_id, q.mode(), Some(&id), &req).await?;
    Ok(Json(StoreProductView::from(&changed)))
}

/// `?mode=&before=&limit=`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrdersQuery {
    pub mode: Option<Mode>,
    pub before: Option<String>,
    pub limit: Option<u32>,
}

async fn orders_page(state: &AppState, platform_id: &str, q: &OrdersQuery, limit: u32) -> Result<(Vec<Order>, bool)> {
    let store = Store::new(state, platform_id, q.mode.unwrap_or(Mode::Test));
    match store.call(StoreRequest::Orders { before: q.before.clone(), limit }).await? {
        StoreResponse::Orders { orders, more } => Ok((orders, more)),
        other => Err(dream_core::ports::PortError(format!("store answered {other:?}")).into()),
    }
}

/// Orders, newest first (at most `limit`, 1-200, default 50).
pub async fn orders(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<OrdersQuery>,
) -> Result<Json<OrderList>> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(dream_core::ApiError::new(dream_core::ErrorCode::InvalidQuery, "limit is 1-200").into());
    }
    let p = dev.platform(&state).await?;
    let (orders, has_more) = orders_page(&state, &p.platform_id, &q, limit).await?;
    Ok(Json(OrderList { orders: orders.iter().map(OrderView::from).collect(), has_more }))
}

/// The newest 1,000 orders as CSV, a line per order line.
pub async fn orders_csv(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<OrdersQuery>,
) -> Result<impl IntoResponse> {
    let p = dev.platform(&state).await?;
    let (orders, _) = orders_page(&state, &p.platform_id, &q, 1_000).await?;
    let mut out = String::from(
        "order,status,created,paid,email,product,name,quantity,unit_price,currency,amount_paid,amount_refunded\n",
    );
    for o in &orders {
        let status = match o.status {
            OrderStatus::Open => "open",
            OrderStatus::Paid => "paid",
            OrderStatus::Released => "released",
            OrderStatus::Refunded => "refunded",
        };
        for l in &o.lines {
            let row = [
                o.id.clone(),
                status.to_owned(),
                rfc3339(o.created_ms),
                o.paid_ms.map(rfc3339).unwrap_or_default(),
                o.email.clone().unwrap_or_default(),
                l.product.clone(),
                l.name.clone(),
                l.quantity.to_string(),
                l.unit_price.to_string(),
                o.currency.clone(),
                o.amount_paid.map(|a| a.to_string()).unwrap_or_default(),
                o.amount_refunded.map(|a| a.to_string()).unwrap_or_default(),
            ];
            out.push_str(&dream_core::csv::row(&row));
            out.push('\n');
        }
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"orders.csv\""),
        ],
        out,
    ))
}
