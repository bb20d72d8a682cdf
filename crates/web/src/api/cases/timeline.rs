//! A case's timeline: entries, referrals and their answers, attachments, the domestic-violence
//! screening, protection orders and mandatory reports.

use super::super::ErrorBody;
#[allow(unused_imports)]
use super::*;
use crate::api::iso;
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiMultipart, Path};
use crate::files::{download, upload_file};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use jinguo_app::cases::timeline::{
    self, AnswerInput, EntryInput, InboxItem, OrderInput, ReferralInput, ReportInput,
    ScreeningInput,
};
use jinguo_app::cases::{self};
use jinguo_app::AppError;
use serde::Serialize;
use utoipa::ToSchema;

#[utoipa::path(post, path = "/api/v1/cases/{id}/entries", tag = "cases", request_body = EntryInput,
    responses((status = 201, body = TimelineEventView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_entry(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EntryInput>,
) -> Result<(StatusCode, Json<TimelineEventView>), ApiError> {
    let e = timeline::add_entry(&state.app, &caller, id, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(TimelineEventView {
            id: e.id,
            at: iso(e.at),
            actor: e.actor,
            kind: e.kind,
            from_status: None,
            to_status: None,
            body: e.body,
            detail: e.detail,
        }),
    ))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/referrals", tag = "cases", request_body = ReferralInput,
    responses((status = 201, body = ReferralView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn refer_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReferralInput>,
) -> Result<(StatusCode, Json<ReferralView>), ApiError> {
    let r = timeline::refer(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(ReferralView::of(r))))
}

#[utoipa::path(post, path = "/api/v1/referrals/{id}/answer", tag = "cases", request_body = AnswerInput,
    responses((status = 200, body = ReferralView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn answer_referral(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> Result<Json<ReferralView>, ApiError> {
    let r = timeline::answer_referral(&state.app, &caller, id, input).await?;
    Ok(Json(ReferralView::of(r)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InboxView {
    pub case_code: String,
    #[serde(flatten)]
    pub referral: ReferralView,
}

fn inbox(items: Vec<InboxItem>) -> Vec<InboxView> {
    items
        .into_iter()
        .map(|i| InboxView {
            case_code: i.case_code,
            referral: ReferralView::of(i.referral),
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/referrals/overdue", tag = "cases",
    responses((status = 200, body = Vec<InboxView>)))]
pub async fn overdue_referrals(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<InboxView>>, ApiError> {
    Ok(Json(inbox(
        timeline::overdue_referrals(&state.app, &caller).await?,
    )))
}

#[utoipa::path(get, path = "/api/v1/referrals/inbox", tag = "cases",
    responses((status = 200, body = Vec<InboxView>), (status = 403, body = ErrorBody)))]
pub async fn department_inbox(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<InboxView>>, ApiError> {
    Ok(Json(inbox(
        timeline::department_inbox(&state.app, &caller).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/attachments", tag = "cases",
    request_body(content_type = "multipart/form-data", description = "a `file` part: pdf, jpg, png, docx, xlsx, doc, xls, txt, mp3, m4a or amr, at most 10 MB"),
    responses((status = 201, body = AttachmentView), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
pub async fn attach_file(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiMultipart(mut multipart): ApiMultipart,
) -> Result<(StatusCode, Json<AttachmentView>), ApiError> {
    let (file, _) = upload_file(&mut multipart).await?;
    let (name, bytes) = file.ok_or_else(|| AppError::invalid("file", "required"))?;
    let a = timeline::attach(&state.app, &caller, id, &name, bytes).await?;
    Ok((StatusCode::CREATED, Json(AttachmentView::of(&a))))
}

#[utoipa::path(get, path = "/api/v1/cases/{id}/attachments/{attachment_id}", tag = "cases",
    responses((status = 200, description = "the file"), (status = 404, body = ErrorBody)))]
pub async fn get_attachment(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (a, bytes) = timeline::read_attachment(&state.app, &caller, id, attachment_id).await?;
    Ok(download(&a.file_name, &a.content_type, bytes))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScreeningView {
    pub yes: Vec<String>,
    pub score: u32,
    /// low, medium, high
    pub level: String,
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/screening", tag = "cases", request_body = ScreeningInput,
    responses((status = 200, body = ScreeningView), (status = 422, body = ErrorBody)))]
pub async fn screen_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ScreeningInput>,
) -> Result<Json<ScreeningView>, ApiError> {
    let s = timeline::record_screening(&state.app, &caller, id, input).await?;
    Ok(Json(ScreeningView {
        yes: s.yes,
        score: s.score,
        level: s.level.as_str().into(),
    }))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/protection-orders", tag = "cases", request_body = OrderInput,
    responses((status = 200, body = OrderView), (status = 422, body = ErrorBody)))]
pub async fn put_order(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<OrderInput>,
) -> Result<Json<OrderView>, ApiError> {
    let o = timeline::put_order(&state.app, &caller, id, input).await?;
    Ok(Json(o))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/mandatory-report", tag = "cases", request_body = ReportInput,
    responses((status = 200, body = CaseView), (status = 422, body = ErrorBody)))]
pub async fn mandatory_report(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReportInput>,
) -> Result<Json<CaseView>, ApiError> {
    timeline::record_report(&state.app, &caller, id, input).await?;
    let case = cases::get_summary(&state.app, &caller, id).await?;
    Ok(Json(CaseView::of(&case)))
}
