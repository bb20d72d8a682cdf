//! Job fairs and other events: enterprises taking part, check-ins (desk and public QR),
//! intention agreements and the event report.

use crate::api::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, ClientOrigin, Path};
use crate::files::download;
use crate::files::XLSX;
use crate::i18n::{Lang, Tr};
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use jinguo_app::employment::events::{
    self, Agreement as AgreementView, AgreementInput, CheckinBy, CheckinInput, Event, EventChanges,
    EventInput, EventQuery, EventReport,
};
use jinguo_app::employment::jobs::Job;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[utoipa::path(post, path = "/api/v1/events", tag = "employment", request_body = EventInput,
    responses((status = 201, body = Event), (status = 422, body = ErrorBody)))]
pub async fn create_event(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<EventInput>,
) -> Result<(StatusCode, Json<Event>), ApiError> {
    let e = events::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(e)))
}

#[utoipa::path(patch, path = "/api/v1/events/{id}", tag = "employment", request_body = EventChanges,
    responses((status = 200, body = Event), (status = 422, body = ErrorBody)))]
pub async fn update_event(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(changes): ApiJson<EventChanges>,
) -> Result<Json<Event>, ApiError> {
    Ok(Json(
        events::change(&state.app, &caller, id, changes).await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    pub visitors: i64,
    pub women_visitors: i64,
    pub agreements: i64,
    pub agreements_with_women: i64,
    pub women_owned_enterprises: i64,
    pub women_owned_agreements: i64,
    pub by_enterprise: Vec<EnterpriseFigures>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EnterpriseFigures {
    pub enterprise_id: i64,
    pub name: String,
    pub women_owned: bool,
    pub agreements: i64,
    pub agreements_with_women: i64,
}

impl ReportView {
    fn of(r: &EventReport) -> ReportView {
        let f = &r.figures;
        ReportView {
            visitors: f.visitors,
            women_visitors: f.women_visitors,
            agreements: f.agreements,
            agreements_with_women: f.agreements_with_women,
            women_owned_enterprises: r.women_owned_enterprises,
            women_owned_agreements: r.women_owned_agreements,
            by_enterprise: f
                .by_enterprise
                .iter()
                .map(|(id, name, wo, n, w)| EnterpriseFigures {
                    enterprise_id: *id,
                    name: name.clone(),
                    women_owned: *wo,
                    agreements: *n,
                    agreements_with_women: *w,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventDetailView {
    #[serde(flatten)]
    pub event: Event,
    pub enterprises: Vec<i64>,
    pub jobs: Vec<Job>,
    pub report: ReportView,
}

/// What every employment worker of the district may know of an event.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventPublicView {
    pub id: i64,
    /// job_fair, matchmaking, lecture, activity
    pub kind: String,
    pub title: String,
    /// `YYYY-MM-DD`
    pub date: String,
    pub place: Option<String>,
    pub closed: bool,
}

#[utoipa::path(get, path = "/api/v1/events/{id}/public", tag = "employment",
    responses((status = 200, body = EventPublicView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_event_public(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<EventPublicView>, ApiError> {
    let e = events::public_view(&state.app, &caller, id).await?;
    Ok(Json(EventPublicView {
        id: e.id,
        kind: e.kind,
        title: e.title,
        date: e.held_on,
        place: e.place,
        closed: e.closed,
    }))
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "employment",
    responses((status = 200, body = EventDetailView), (status = 404, body = ErrorBody)))]
pub async fn get_event(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<EventDetailView>, ApiError> {
    let d = events::get(&state.app, &caller, id).await?;
    let report = EventReport::of(d.event.clone(), d.figures.clone());
    Ok(Json(EventDetailView {
        event: d.event.clone(),
        enterprises: d.enterprises.iter().map(|e| e.id).collect(),
        jobs: d.jobs.clone(),
        report: ReportView::of(&report),
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// A title substring.
    pub q: Option<String>,
    pub kind: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/events", tag = "employment", params(EventParams),
    responses((status = 200, body = ListOf<Event>)))]
pub async fn list_work_events(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<EventParams>,
) -> Result<Json<ListOf<Event>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let q = EventQuery {
        q: p.q.clone(),
        kind: p.kind.clone(),
    };
    let found = events::list(&state.app, &caller, &q, paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, Event::clone, paging)))
}

#[utoipa::path(post, path = "/api/v1/events/{id}/close", tag = "employment",
    responses((status = 200, body = Event)))]
pub async fn close_event(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Event>, ApiError> {
    Ok(Json(
        events::set_closed(&state.app, &caller, id, true).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/events/{id}/reopen", tag = "employment",
    responses((status = 200, body = Event)))]
pub async fn reopen_event(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Event>, ApiError> {
    Ok(Json(
        events::set_closed(&state.app, &caller, id, false).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EventEnterprise {
    pub enterprise_id: i64,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/enterprises", tag = "employment", request_body = EventEnterprise,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn add_event_enterprise(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<EventEnterprise>,
) -> Result<StatusCode, ApiError> {
    events::add_enterprise(&state.app, &caller, id, b.enterprise_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCheckin {
    pub name: String,
    pub phone: String,
    /// female, male (or 女, 男); derived from the ID number when one is given.
    pub sex: Option<String>,
    /// A registry category: unemployed, graduate, … (or its Chinese label).
    pub category: Option<String>,
    /// Links the visitor to (or registers her in) the registry.
    pub id_number: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckinResult {
    /// False when this phone had already checked in: a visitor counts once.
    pub counted: bool,
    pub person_id: Option<i64>,
    /// At a training session's event, at the desk: `recorded` (she is on the course and her
    /// attendance is recorded), `not_enrolled`, or `not_open` (another day, or the course is
    /// finished). Never on the public answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendance: Option<String>,
}

fn attendance_code(a: Option<jinguo_app::training::SessionCheckin>) -> Option<String> {
    use jinguo_app::training::SessionCheckin;
    a.map(|a| {
        match a {
            SessionCheckin::Recorded => "recorded",
            SessionCheckin::NotEnrolled => "not_enrolled",
            SessionCheckin::NotOpen => "not_open",
        }
        .to_owned()
    })
}

fn checkin_input(b: NewCheckin) -> CheckinInput {
    CheckinInput {
        name: b.name,
        phone: b.phone,
        sex: b.sex,
        category: b.category,
        id_number: b.id_number,
    }
}

#[utoipa::path(post, path = "/api/v1/events/{id}/checkins", tag = "employment", request_body = NewCheckin,
    responses((status = 201, body = CheckinResult), (status = 200, body = CheckinResult, description = "already checked in"),
        (status = 409, body = ErrorBody, description = "event_closed"), (status = 422, body = ErrorBody)))]
pub async fn add_checkin(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NewCheckin>,
) -> Result<(StatusCode, Json<CheckinResult>), ApiError> {
    let done = events::check_in(
        &state.app,
        CheckinBy::Desk(&caller),
        Some(id),
        checkin_input(b),
    )
    .await?;
    let status = if done.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(CheckinResult {
            counted: done.new,
            person_id: done.person_id,
            attendance: attendance_code(done.attendance),
        }),
    ))
}

#[utoipa::path(post, path = "/api/v1/public/checkin/{key}", tag = "employment", request_body = NewCheckin,
    responses((status = 201, body = CheckinResult), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(()))]
pub async fn public_checkin(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ClientOrigin(origin): ClientOrigin,
    ApiJson(b): ApiJson<NewCheckin>,
) -> Result<(StatusCode, Json<CheckinResult>), ApiError> {
    let done = events::check_in_by_link(
        &state.app,
        &state.public_limits,
        &origin.ip,
        &key,
        checkin_input(b),
    )
    .await?;
    let status = if done.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    // The public answer never says who the visitor is in the registry.
    Ok((
        status,
        Json(CheckinResult {
            counted: done.new,
            person_id: None,
            attendance: None,
        }),
    ))
}

#[utoipa::path(post, path = "/api/v1/events/{id}/agreements", tag = "employment", request_body = AgreementInput,
    responses((status = 201, body = AgreementView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_agreement(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AgreementInput>,
) -> Result<(StatusCode, Json<AgreementView>), ApiError> {
    let a = events::add_agreement(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[utoipa::path(get, path = "/api/v1/events/{id}/report", tag = "employment",
    responses((status = 200, body = ReportView), (status = 404, body = ErrorBody)))]
pub async fn event_report(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ReportView>, ApiError> {
    let r = events::report(&state.app, &caller, id).await?;
    Ok(Json(ReportView::of(&r)))
}

/// The report's workbook with its headings in the reader's language.
pub fn report_workbook(t: Tr, r: &EventReport) -> Result<Vec<u8>, jinguo_app::AppError> {
    events::report_xlsx(r, |key| t.t(&format!("fair-{}", key.replace('_', "-"))))
}

#[utoipa::path(get, path = "/api/v1/events/{id}/report.xlsx", tag = "employment",
    responses((status = 200, description = "the report as an xlsx workbook")))]
pub async fn event_report_xlsx(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let t = Tr(Lang::from_headers(&headers));
    let r = events::report(&state.app, &caller, id).await?;
    let bytes = report_workbook(t, &r)?;
    Ok(download(&format!("{}.xlsx", r.event.title), XLSX, bytes))
}
