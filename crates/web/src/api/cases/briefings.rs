//! Briefings (呈阅件) to the district government: drafting, items, sending and responses.

use super::super::{ErrorBody, ListOf, Paging};
#[allow(unused_imports)]
use super::*;
use crate::api::iso;
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, Path};
use crate::files::{download, DOCX};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use jinguo_app::cases::briefings::{self, Briefing, BriefingInput, ResponseInput};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct BriefingItemView {
    pub case_id: i64,
    pub heading: String,
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BriefingView {
    pub id: i64,
    /// `〔2026〕3号`
    pub code: String,
    pub title: String,
    pub summary: String,
    pub suggestion: String,
    pub drafter: String,
    pub signer: String,
    pub unit_code: String,
    pub created_at: String,
    pub sent_on: Option<String>,
    pub response: Option<String>,
    pub response_on: Option<String>,
    pub items: Vec<BriefingItemView>,
}

impl BriefingView {
    fn of(b: Briefing) -> BriefingView {
        let r = b;
        BriefingView {
            id: r.id,
            code: r.code,
            title: r.title,
            summary: r.summary,
            suggestion: r.suggestion,
            drafter: r.drafter,
            signer: r.signer,
            unit_code: r.unit_code,
            created_at: iso(r.created_at),
            sent_on: r.sent_on,
            response: r.response,
            response_on: r.response_on,
            items: r
                .items
                .into_iter()
                .map(|i| BriefingItemView {
                    case_id: i.case_id,
                    heading: i.heading,
                    body: i.body,
                })
                .collect(),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/briefings", tag = "cases", request_body = BriefingInput,
    responses((status = 201, body = BriefingView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_briefing(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<BriefingInput>,
) -> Result<(StatusCode, Json<BriefingView>), ApiError> {
    let b = briefings::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(BriefingView::of(b))))
}

#[utoipa::path(get, path = "/api/v1/briefings", tag = "cases", params(Paging),
    responses((status = 200, body = ListOf<BriefingView>)))]
pub async fn list_briefings(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<ListOf<BriefingView>>, ApiError> {
    let (page, per_page) = paging.resolve()?;
    let (rows, total) = briefings::list(&state.app, &caller, page, per_page).await?;
    Ok(Json(ListOf {
        items: rows.into_iter().map(BriefingView::of).collect(),
        total,
        page,
        per_page,
    }))
}

#[utoipa::path(get, path = "/api/v1/briefings/{id}", tag = "cases",
    responses((status = 200, body = BriefingView), (status = 404, body = ErrorBody)))]
pub async fn get_briefing(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<BriefingView>, ApiError> {
    let b = briefings::get(&state.app, &caller, id).await?;
    Ok(Json(BriefingView::of(b)))
}

#[utoipa::path(get, path = "/api/v1/briefings/{id}/document", tag = "cases",
    responses((status = 200, description = "the briefing as .docx"), (status = 404, body = ErrorBody)))]
pub async fn briefing_document(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (name, bytes) = briefings::document(&state.app, &caller, id).await?;
    Ok(download(&name, DOCX, bytes))
}

#[utoipa::path(post, path = "/api/v1/briefings/{id}/response", tag = "cases", request_body = ResponseInput,
    responses((status = 200, body = BriefingView), (status = 422, body = ErrorBody)))]
pub async fn briefing_response(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ResponseInput>,
) -> Result<Json<BriefingView>, ApiError> {
    let b = briefings::record_response(&state.app, &caller, id, input).await?;
    Ok(Json(BriefingView::of(b)))
}
