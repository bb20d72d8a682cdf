//! Awards (评选表彰): campaigns, nominations, the review's votes and result table, the public
//! notice with its objections, and the honours on a person's or an enterprise's record.

use super::{ErrorBody, ListOf};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiMultipart, ClientOrigin, Path};
use crate::files::{download, upload_file};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use jinguo_app::awards::{
    self, Campaign, CampaignInput, DecisionInput, Finalized, Honour, Material, Nomination,
    NominationInput, Objection, ObjectionInput, PublishInput, Published, ReviewLine, VoteInput,
};
use jinguo_app::AppError;
use serde::Serialize;
use utoipa::ToSchema;

/// Opens a campaign of an award for the caller's unit (the federation).
#[utoipa::path(post, path = "/api/v1/award-campaigns", tag = "awards", request_body = CampaignInput,
    responses((status = 201, body = Campaign), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "unknown_award, invalid_year, unknown_unit (quotas), invalid_notice_days")))]
pub async fn create_campaign(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<CampaignInput>,
) -> Result<(StatusCode, Json<Campaign>), ApiError> {
    let c = awards::create_campaign(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// The campaigns the caller may nominate for or runs, the latest year first.
#[utoipa::path(get, path = "/api/v1/award-campaigns", tag = "awards",
    responses((status = 200, body = ListOf<Campaign>), (status = 403, body = ErrorBody)))]
pub async fn list_campaigns(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<ListOf<Campaign>>, ApiError> {
    Ok(Json(ListOf::all(
        awards::list_campaigns(&state.app, &caller).await?,
    )))
}

#[utoipa::path(get, path = "/api/v1/award-campaigns/{id}", tag = "awards",
    responses((status = 200, body = Campaign), (status = 404, body = ErrorBody)))]
pub async fn get_campaign(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Campaign>, ApiError> {
    Ok(Json(awards::get_campaign(&state.app, &caller, id).await?))
}

/// Nominates a person or an enterprise from a unit of the caller's subtree.
#[utoipa::path(post, path = "/api/v1/award-campaigns/{id}/nominations", tag = "awards", request_body = NominationInput,
    responses((status = 201, body = Nomination), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_nominated, campaign_published, nominations_closed"),
        (status = 422, body = ErrorBody, description = "quota_exceeded, unknown_person, award_for_collectives, …")))]
pub async fn nominate(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<NominationInput>,
) -> Result<(StatusCode, Json<Nomination>), ApiError> {
    let n = awards::nominate(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(n)))
}

/// The nominations of the caller's subtree (the federation's: all).
#[utoipa::path(get, path = "/api/v1/award-campaigns/{id}/nominations", tag = "awards",
    responses((status = 200, body = ListOf<Nomination>), (status = 404, body = ErrorBody)))]
pub async fn list_nominations(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<Nomination>>, ApiError> {
    let found = awards::nominations(&state.app, &caller, id).await?;
    Ok(Json(ListOf::all(found)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Voted {
    pub nomination_id: i64,
    pub vote: String,
}

/// A reviewer's vote on one nomination; voting again changes it.
#[utoipa::path(post, path = "/api/v1/award-campaigns/{id}/votes", tag = "awards", request_body = VoteInput,
    responses((status = 200, body = Voted), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "campaign_published"), (status = 422, body = ErrorBody)))]
pub async fn vote(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<VoteInput>,
) -> Result<Json<Voted>, ApiError> {
    let answer = Voted {
        nomination_id: input.nomination_id,
        vote: input.vote.trim().to_owned(),
    };
    awards::vote(&state.app, &caller, id, input).await?;
    Ok(Json(answer))
}

/// The review's result table: each nomination with its votes for, against and abstaining.
#[utoipa::path(get, path = "/api/v1/award-campaigns/{id}/review", tag = "awards",
    responses((status = 200, body = ListOf<ReviewLine>), (status = 404, body = ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<ReviewLine>>, ApiError> {
    Ok(Json(ListOf::all(
        awards::review(&state.app, &caller, id).await?,
    )))
}

/// Publishes the shortlist as a public notice for the campaign's working days.
#[utoipa::path(post, path = "/api/v1/award-campaigns/{id}/publish", tag = "awards", request_body = PublishInput,
    responses((status = 200, body = Published), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_published"), (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PublishInput>,
) -> Result<Json<Published>, ApiError> {
    Ok(Json(awards::publish(&state.app, &caller, id, input).await?))
}

/// The objections made to a campaign's notice (each read audited).
#[utoipa::path(get, path = "/api/v1/award-campaigns/{id}/objections", tag = "awards",
    responses((status = 200, body = ListOf<Objection>), (status = 404, body = ErrorBody)))]
pub async fn list_objections(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<Objection>>, ApiError> {
    Ok(Json(ListOf::all(
        awards::objections(&state.app, &caller, id).await?,
    )))
}

/// Decides an objection: upheld (the nominee is not honoured) or dismissed.
#[utoipa::path(post, path = "/api/v1/award-objections/{id}/decision", tag = "awards", request_body = DecisionInput,
    responses((status = 204), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "objection_decided"), (status = 422, body = ErrorBody)))]
pub async fn decide_objection(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<StatusCode, ApiError> {
    awards::decide_objection(&state.app, &caller, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// After the notice's window: the honours become final.
#[utoipa::path(post, path = "/api/v1/award-campaigns/{id}/finalize", tag = "awards",
    responses((status = 200, body = Finalized), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "notice_open, objections_pending, not_published, already_finalized")))]
pub async fn finalize(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Finalized>, ApiError> {
    Ok(Json(awards::finalize(&state.app, &caller, id).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectionReceived {
    pub id: i64,
}

/// An objection to a nominee of a public notice, while its window is open.
#[utoipa::path(post, path = "/api/v1/public/notices/{key}/objections", tag = "awards", request_body = ObjectionInput,
    responses((status = 201, body = ObjectionReceived), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "notice_closed"), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(()))]
pub async fn public_objection(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ClientOrigin(origin): ClientOrigin,
    ApiJson(input): ApiJson<ObjectionInput>,
) -> Result<(StatusCode, Json<ObjectionReceived>), ApiError> {
    let id = awards::object(&state.app, &state.public_limits, &origin.ip, &key, input).await?;
    Ok((StatusCode::CREATED, Json(ObjectionReceived { id })))
}

/// The final honours of a person.
#[utoipa::path(get, path = "/api/v1/people/{id}/honours", tag = "awards",
    responses((status = 200, body = ListOf<Honour>), (status = 404, body = ErrorBody)))]
pub async fn person_honours(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<Honour>>, ApiError> {
    Ok(Json(ListOf::all(
        awards::honours_of_person(&state.app, &caller, id).await?,
    )))
}

/// The final honours of an enterprise.
#[utoipa::path(get, path = "/api/v1/enterprises/{id}/honours", tag = "awards",
    responses((status = 200, body = ListOf<Honour>), (status = 404, body = ErrorBody)))]
pub async fn enterprise_honours(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<Honour>>, ApiError> {
    Ok(Json(ListOf::all(
        awards::honours_of_enterprise(&state.app, &caller, id).await?,
    )))
}

/// Adds a file to a nomination (a CV, the deeds as a document, photos), while the campaign
/// takes nominations; it is kept encrypted.
#[utoipa::path(post, path = "/api/v1/award-nominations/{id}/materials", tag = "awards",
    request_body(content_type = "multipart/form-data", description = "a `file` part: pdf, jpg, png, docx, xlsx, doc, xls, txt, mp3, m4a or amr, at most 10 MB"),
    responses((status = 201, body = Material), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "campaign_published"), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody)))]
pub async fn add_material(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiMultipart(mut multipart): ApiMultipart,
) -> Result<(StatusCode, Json<Material>), ApiError> {
    let (file, _) = upload_file(&mut multipart).await?;
    let (name, bytes) = file.ok_or_else(|| AppError::invalid("file", "required"))?;
    let m = awards::add_material(&state.app, &caller, id, &name, bytes).await?;
    Ok((StatusCode::CREATED, Json(m)))
}

#[utoipa::path(get, path = "/api/v1/award-nominations/{id}/materials", tag = "awards",
    responses((status = 200, body = ListOf<Material>), (status = 404, body = ErrorBody)))]
pub async fn list_materials(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<Material>>, ApiError> {
    Ok(Json(ListOf::all(
        awards::materials(&state.app, &caller, &[id]).await?,
    )))
}

/// One material's file (each read audited).
#[utoipa::path(get, path = "/api/v1/award-nominations/{id}/materials/{material_id}", tag = "awards",
    responses((status = 200, description = "the file"), (status = 404, body = ErrorBody)))]
pub async fn get_material(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, material_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (m, bytes) = awards::read_material(&state.app, &caller, id, material_id).await?;
    Ok(download(&m.file_name, &m.content_type, bytes))
}
