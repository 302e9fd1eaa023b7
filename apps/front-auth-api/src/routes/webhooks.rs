//! `/api/developer/webhook-endpoints` and `/api/developer/webhook-deliveries`: where
//! dream-api tells the developer's server what happened (issue #13), per project and mode
//! (`?mode=test|live`, default test).

use crate::developer::{Developer, ModeQuery};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use dream_core::api::{
    DeletedWebhookEndpoint, RotateWebhookSecretRequest, WebhookDeliveryList, WebhookDeliveryView,
    WebhookEndpointCreated, WebhookEndpointList, WebhookEndpointRequest, WebhookEndpointView,
};
use dream_core::webhook_events::EventType;
use dream_core::Mode;
use dream_services::objects::Outbox;
use dream_services::{webhooks, AppState};
use dream_web::extract::{Json as Body, JsonOrEmpty, Path, Query};
use dream_web::Result;
use serde::Deserialize;

/// Every endpoint of the project in the mode, and the event types there are.
pub async fn list(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
) -> Result<Json<WebhookEndpointList>> {
    let p = dev.platform(&state).await?;
    let endpoints = Outbox::new(&state, &p.platform_id, q.mode()).endpoints().await?;
    Ok(Json(WebhookEndpointList {
        endpoints: endpoints.iter().map(WebhookEndpointView::from).collect(),
        event_types: EventType::ALL.iter().map(|t| t.as_str().to_owned()).collect(),
    }))
}

/// Registers an endpoint; its signing secret is in this answer only.
pub async fn create(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<ModeQuery>,
    Body(req): Body<WebhookEndpointRequest>,
) -> Result<(StatusCode, Json<WebhookEndpointCreated>)> {
    let p = dev.platform(&state).await?;
    Ok((StatusCode::CREATED, Json(webhooks::create(&state, &p.platform_id, q.mode(), &req).await?)))
}

/// Changes an endpoint (`enabled: true` turns a disabled one back on).
pub async fn update(
    State(state): State<AppState>,
    dev: Developer,
    Path(id): Path<String>,
    Query(q): Query<ModeQuery>,
    Body(req): Body<WebhookEndpointRequest>,
) -> Result<Json<WebhookEndpointView>> {
    let p = dev.platform(&state).await?;
    Ok(Json(webhooks::update(&state, &p.platform_id, q.mode(), &id, &req).await?))
}

/// Removes an endpoint; its waiting deliveries fail.
pub async fn delete(
    State(state): State<AppState>,
    dev: Developer,
    Path(id): Path<String>,
    Query(q): Query<ModeQuery>,
) -> Result<Json<DeletedWebhookEndpoint>> {
    let p = dev.platform(&state).await?;
    Outbox::new(&state, &p.platform_id, q.mode()).remove(&id).await?;
    Ok(Json(DeletedWebhookEndpoint { deleted: true, id }))
}

/// A new signing secret; the previous one keeps signing for the overlap.
pub async fn rotate(
    State(state): State<AppState>,
    dev: Developer,
    Path(id): Path<String>,
    Query(q): Query<ModeQuery>,
    JsonOrEmpty(req): JsonOrEmpty<RotateWebhookSecretRequest>,
) -> Result<Json<WebhookEndpointCreated>> {
    let p = dev.platform(&state).await?;
    Ok(Json(webhooks::rotate(&state, &p.platform_id, q.mode(), &id, req.overlap_seconds).await?))
}

/// `?mode=&endpoint=&before=&limit=`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveriesQuery {
    pub mode: Option<Mode>,
    pub endpoint: Option<String>,
    pub before: Option<String>,
    pub limit: Option<u32>,
}

/// Recent deliveries, newest first (at most `limit`, 1-100, default 50).
pub async fn deliveries(
    State(state): State<AppState>,
    dev: Developer,
    Query(q): Query<DeliveriesQuery>,
) -> Result<Json<WebhookDeliveryList>> {
    let p = dev.platform(&state).await?;
    let mode = q.mode.unwrap_or(Mode::Test);
    let limit = q.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(dream_core::ApiError::new(dream_core::ErrorCode::InvalidQuery, "limit is 1-100").into());
    }
    let (list, has_more) = Outbox::new(&state, &p.platform_id, mode).deliveries(q.endpoint, q.before, limit).await?;
    Ok(Json(WebhookDeliveryList { deliveries: list.iter().map(WebhookDeliveryView::from).collect(), has_more }))
}

/// Sends a delivery's event again to its endpoint (same event id), as a new delivery.
pub async fn resend(
    State(state): State<AppState>,
    dev: Developer,
    Path(id): Path<String>,
    Query(q): Query<ModeQuery>,
) -> Result<(StatusCode, Json<WebhookDeliveryView>)> {
    let p = dev.platform(&state).await?;
    let d = Outbox::new(&state, &p.platform_id, q.mode()).resend(&id).await?;
    Ok((StatusCode::ACCEPTED, Json(WebhookDeliveryView::from(&d))))
}
