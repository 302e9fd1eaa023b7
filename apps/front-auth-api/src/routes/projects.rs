//! `/api/developer/projects`: a developer's projects (each one platform with its own keys,
//! tiers, settings, Stripe connection, customers and stats). Every other developer route acts
//! on the project named by the `X-Project` header, or the primary one without it.

use crate::developer::Developer;
use crate::routes::tiers::{tag, view};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use dream_core::api::{
    CreatedProject, DeleteProjectRequest, DeletedProject, ProjectList, ProjectNameRequest, ProjectView,
};
use dream_core::Mode;
use dream_services::{developers, projects, AppState};
use dream_web::etag::if_match;
use dream_web::extract::Json as Body;
use dream_web::Result;

/// Every project of the developer, oldest first.
pub async fn list(State(state): State<AppState>, dev: Developer) -> Result<Json<ProjectList>> {
    let held = developers::registered(&state, &dev.user_id).await?;
    Ok(Json(ProjectList { projects: projects::views(&held) }))
}

/// Makes a project with fresh keys; its secret keys are in this answer only.
pub async fn create(
    State(state): State<AppState>,
    dev: Developer,
    Body(req): Body<ProjectNameRequest>,
) -> Result<(StatusCode, Json<CreatedProject>)> {
    Ok((StatusCode::CREATED, Json(projects::create(&state, &dev.user_id, &req.name).await?)))
}

/// Renames a project.
pub async fn rename(
    State(state): State<AppState>,
    dev: Developer,
    Path(id): Path<String>,
    Body(req): Body<ProjectNameRequest>,
) -> Result<Json<ProjectView>> {
    Ok(Json(projects::rename(&state, &dev.user_id, &id, &req.name).await?))
}

/// Deletes a project whose name is repeated in `confirm`; answers what was removed.
pub async fn delete(
    State(state): State<AppState>,
    dev: Developer,
    Path(id): Path<String>,
    Body(req): Body<DeleteProjectRequest>,
) -> Result<Json<DeletedProject>> {
    Ok(Json(projects::delete(&state, &dev.user_id, &id, &req.confirm).await?))
}

/// Copies the project's test-mode tiers to live mode (`If-Match`: the live tiers' `ETag`).
pub async fn promote(
    State(state): State<AppState>,
    dev: Developer,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse> {
    let platform_id = developers::platform_id(&state, &dev.user_id, Some(&id)).await?;
    let version = if_match(&headers, &tag(Mode::Live))?;
    Ok(view(projects::promote(&state, &platform_id, version).await?, Mode::Live))
}
