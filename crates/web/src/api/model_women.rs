//! Model women (典型): profiles with their stories, photos and publications.

use super::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiMultipart, ApiQuery, Path};
use crate::files::{download, upload_file};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use jinguo_app::model_women::{
    self, ModelWoman, ModelWomanLine, Photo, ProfileChanges, ProfileInput, Publication,
    PublicationInput,
};
use jinguo_app::AppError;

/// Opens a profile of a woman of the registry or of an enterprise's entrepreneur.
#[utoipa::path(post, path = "/api/v1/model-women", tag = "awards", request_body = ProfileInput,
    responses((status = 201, body = ModelWoman), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_profiled"),
        (status = 422, body = ErrorBody, description = "subject_required, subject_ambiguous, unknown_person, unknown_enterprise, model_woman_is_a_woman, required, too_long")))]
pub async fn create_model_woman(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<ProfileInput>,
) -> Result<(StatusCode, Json<ModelWoman>), ApiError> {
    let p = model_women::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(p)))
}

/// `?unit_code=&page=&per_page=`
#[derive(Debug, Clone, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ModelWomenParams {
    /// Only the profiles of this unit's subtree.
    pub unit_code: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The profiles of the caller's subtree, the latest changed first.
#[utoipa::path(get, path = "/api/v1/model-women", tag = "awards", params(ModelWomenParams),
    responses((status = 200, body = ListOf<ModelWomanLine>), (status = 403, body = ErrorBody)))]
pub async fn list_model_women(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<ModelWomenParams>,
) -> Result<Json<ListOf<ModelWomanLine>>, ApiError> {
    let (page, per_page) = Paging::of(q.page, q.per_page)?;
    let (items, total) =
        model_women::list(&state.app, &caller, q.unit_code.as_deref(), page, per_page).await?;
    Ok(Json(ListOf {
        items,
        total,
        page,
        per_page,
    }))
}

/// A profile with its story (the read is audited).
#[utoipa::path(get, path = "/api/v1/model-women/{id}", tag = "awards",
    responses((status = 200, body = ModelWoman), (status = 404, body = ErrorBody)))]
pub async fn get_model_woman(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ModelWoman>, ApiError> {
    Ok(Json(model_women::get(&state.app, &caller, id).await?))
}

#[utoipa::path(patch, path = "/api/v1/model-women/{id}", tag = "awards", request_body = ProfileChanges,
    responses((status = 200, body = ModelWoman), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn update_model_woman(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(changes): ApiJson<ProfileChanges>,
) -> Result<Json<ModelWoman>, ApiError> {
    Ok(Json(
        model_women::update(&state.app, &caller, id, changes).await?,
    ))
}

/// Records where and when her story ran; a telling at an exchange meeting or a showcase names
/// the event (its title and date are taken when left empty).
#[utoipa::path(post, path = "/api/v1/model-women/{id}/publications", tag = "awards",
    request_body = PublicationInput,
    responses((status = 201, body = Publication), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "invalid_choice (channel), invalid_date, unknown_event, event_not_for_channel")))]
pub async fn add_publication(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PublicationInput>,
) -> Result<(StatusCode, Json<Publication>), ApiError> {
    let p = model_women::add_publication(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(p)))
}

#[utoipa::path(get, path = "/api/v1/model-women/{id}/publications", tag = "awards",
    responses((status = 200, body = ListOf<Publication>), (status = 404, body = ErrorBody)))]
pub async fn list_publications(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<Publication>>, ApiError> {
    let items = model_women::publications(&state.app, &caller, id).await?;
    Ok(Json(ListOf::all(items)))
}

/// Adds a photo (JPEG or PNG, at most 10 MB), kept encrypted.
#[utoipa::path(post, path = "/api/v1/model-women/{id}/photos", tag = "awards",
    request_body(content_type = "multipart/form-data", description = "a `file` part: jpg or png, at most 10 MB"),
    responses((status = 201, body = Photo), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
pub async fn add_photo(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiMultipart(mut multipart): ApiMultipart,
) -> Result<(StatusCode, Json<Photo>), ApiError> {
    let (file, _) = upload_file(&mut multipart).await?;
    let (name, bytes) = file.ok_or_else(|| AppError::invalid("file", "required"))?;
    let p = model_women::add_photo(&state.app, &caller, id, &name, bytes).await?;
    Ok((StatusCode::CREATED, Json(p)))
}

#[utoipa::path(get, path = "/api/v1/model-women/{id}/photos", tag = "awards",
    responses((status = 200, body = ListOf<Photo>), (status = 404, body = ErrorBody)))]
pub async fn list_photos(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<Photo>>, ApiError> {
    let items = model_women::photos(&state.app, &caller, id).await?;
    Ok(Json(ListOf::all(items)))
}

/// One photo (each read audited).
#[utoipa::path(get, path = "/api/v1/model-women/{id}/photos/{photo_id}", tag = "awards",
    responses((status = 200, description = "the image"), (status = 404, body = ErrorBody)))]
pub async fn get_photo(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, photo_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (p, bytes) = model_women::read_photo(&state.app, &caller, id, photo_id).await?;
    Ok(download(&p.file_name, &p.content_type, bytes))
}
