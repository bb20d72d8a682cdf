//! Children's work beyond the register: parent schools with sessions and attendance, and
//! pairings of volunteers with children with their visits (the overdue ones listed).

use super::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, Path};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jinguo_app::pairings::{self, EndInput, Pairing, PairingInput, VisitInput};
use jinguo_app::parent_schools::{
    self, AttendanceInput, Attendee, School, SchoolDetail, SchoolInput, SchoolSearch, Session,
    SessionInput,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ParentSchoolDetailView {
    #[serde(flatten)]
    pub school: School,
    /// The latest first.
    pub session_list: Vec<Session>,
}

impl ParentSchoolDetailView {
    fn of(d: &SchoolDetail) -> ParentSchoolDetailView {
        ParentSchoolDetailView {
            school: d.school.clone(),
            session_list: d.sessions.clone(),
        }
    }
}

/// Opens a parent school hosted by a street or community of the caller's subtree.
#[utoipa::path(post, path = "/api/v1/parent-schools", tag = "children", request_body = SchoolInput,
    responses((status = 201, body = School), (status = 422, body = ErrorBody, description = "unknown_unit, host_unit_not_local, …")))]
pub async fn create_parent_school(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<SchoolInput>,
) -> Result<(StatusCode, Json<School>), ApiError> {
    let s = parent_schools::create_school(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(s)))
}

/// Filters of the parent schools' list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParentSchoolsQuery {
    /// A part of the name.
    pub q: Option<String>,
    /// A unit code: the schools hosted in its subtree.
    pub unit_code: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The parent schools hosted in the caller's subtree.
#[utoipa::path(get, path = "/api/v1/parent-schools", tag = "children", params(ParentSchoolsQuery),
    responses((status = 200, body = ListOf<School>), (status = 422, body = ErrorBody)))]
pub async fn list_parent_schools(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<ParentSchoolsQuery>,
) -> Result<Json<ListOf<School>>, ApiError> {
    let paging = Paging::of(q.page, q.per_page)?;
    let search = SchoolSearch {
        q: q.q.clone(),
        unit_code: q.unit_code.clone(),
    };
    let found =
        parent_schools::list_schools(&state.app, &caller, &search, paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, School::clone, paging)))
}

/// A parent school with its sessions and who attended (the read is audited).
#[utoipa::path(get, path = "/api/v1/parent-schools/{id}", tag = "children",
    responses((status = 200, body = ParentSchoolDetailView), (status = 404, body = ErrorBody)))]
pub async fn get_parent_school(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ParentSchoolDetailView>, ApiError> {
    let d = parent_schools::get_school(&state.app, &caller, id).await?;
    Ok(Json(ParentSchoolDetailView::of(&d)))
}

/// Adds a session (a day, a topic, a place) to a parent school.
#[utoipa::path(post, path = "/api/v1/parent-schools/{id}/sessions", tag = "children", request_body = SessionInput,
    responses((status = 201, body = Session), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_parent_school_session(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SessionInput>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    let s = parent_schools::add_session(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(s)))
}

/// Records who came to a session: a registry guardian or child (`person_id`), or a walk-in by
/// `name`. 201, or 200 when the person was already recorded.
#[utoipa::path(post, path = "/api/v1/parent-school-sessions/{id}/attendance", tag = "children", request_body = AttendanceInput,
    responses((status = 201, body = Attendee), (status = 200, body = Attendee, description = "already recorded"),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_parent_school_attendance(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AttendanceInput>,
) -> Result<(StatusCode, Json<Attendee>), ApiError> {
    let (a, new) = parent_schools::add_attendance(&state.app, &caller, id, input).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(a)))
}

// ---- pairings ----

#[derive(Debug, Serialize, ToSchema)]
pub struct VolunteerView {
    /// `person` (a registry person) or `user` (a staff account).
    pub kind: String,
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PairingVisitView {
    pub id: i64,
    /// `YYYY-MM-DD`
    pub date: String,
    pub how: String,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PairingView {
    pub id: i64,
    pub child_id: i64,
    pub child_name: String,
    pub unit_code: String,
    pub volunteer: VolunteerView,
    pub starts_on: String,
    pub visit_every: String,
    pub last_visit: Option<String>,
    /// When the next visit is due (calendar days); none once ended.
    pub next_due: Option<String>,
    pub overdue: bool,
    pub overdue_days: i64,
    pub ended_on: Option<String>,
    pub end_reason: Option<String>,
    pub visits: Vec<PairingVisitView>,
}

impl PairingView {
    fn of(p: &Pairing) -> PairingView {
        PairingView {
            id: p.id,
            child_id: p.child_id,
            child_name: p.child_name.clone(),
            unit_code: p.unit_code.clone(),
            volunteer: VolunteerView {
                kind: p.volunteer.kind.to_owned(),
                id: p.volunteer.id,
                name: p.volunteer.name.clone(),
            },
            starts_on: p.starts_on.clone(),
            visit_every: p.visit_every.clone(),
            last_visit: p.last_visit.clone(),
            next_due: p.next_due.clone(),
            overdue: p.overdue_days > 0,
            overdue_days: p.overdue_days,
            ended_on: p.ended_on.clone(),
            end_reason: p.end_reason.clone(),
            visits: p
                .visits
                .iter()
                .map(|v| PairingVisitView {
                    id: v.id,
                    date: v.visited_on.clone(),
                    how: v.how.clone(),
                    note: v.note.clone(),
                })
                .collect(),
        }
    }
}

/// Pairs a volunteer (a registry person or a staff user) with a child; someone outside the
/// caller's reach is 404.
#[utoipa::path(post, path = "/api/v1/children/{id}/pairings", tag = "children", request_body = PairingInput,
    responses((status = 201, body = PairingView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "already_paired"),
              (status = 422, body = ErrorBody)))]
pub async fn create_pairing(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PairingInput>,
) -> Result<(StatusCode, Json<PairingView>), ApiError> {
    let p = pairings::create(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(PairingView::of(&p))))
}

/// A child's pairings, going and ended, with their visits (the read is audited).
#[utoipa::path(get, path = "/api/v1/children/{id}/pairings", tag = "children",
    responses((status = 200, body = Vec<PairingView>), (status = 404, body = ErrorBody)))]
pub async fn child_pairings(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<PairingView>>, ApiError> {
    let found = pairings::of_child(&state.app, &caller, id).await?;
    Ok(Json(found.iter().map(PairingView::of).collect()))
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PairingsQuery {
    /// Only the pairings whose next visit is past due.
    pub overdue: Option<bool>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The pairings still going in the caller's subtree, the most overdue first.
#[utoipa::path(get, path = "/api/v1/pairings", tag = "children", params(PairingsQuery),
    responses((status = 200, body = ListOf<PairingView>), (status = 422, body = ErrorBody)))]
pub async fn list_pairings(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<PairingsQuery>,
) -> Result<Json<ListOf<PairingView>>, ApiError> {
    let paging = Paging::of(q.page, q.per_page)?;
    let all = pairings::list(&state.app, &caller, q.overdue.unwrap_or(false)).await?;
    let total = all.len() as i64;
    let start = ((paging.0 - 1) * paging.1) as usize;
    let page: Vec<Pairing> = all
        .into_iter()
        .skip(start)
        .take(paging.1 as usize)
        .collect();
    Ok(Json(ListOf::of((page, total), PairingView::of, paging)))
}

/// A pairing with its visits (the read is audited).
#[utoipa::path(get, path = "/api/v1/pairings/{id}", tag = "children",
    responses((status = 200, body = PairingView), (status = 404, body = ErrorBody)))]
pub async fn get_pairing(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<PairingView>, ApiError> {
    let p = pairings::get(&state.app, &caller, id).await?;
    Ok(Json(PairingView::of(&p)))
}

/// Logs a visit; a date in the future is 422 naming it.
#[utoipa::path(post, path = "/api/v1/pairings/{id}/visits", tag = "children", request_body = VisitInput,
    responses((status = 201, body = PairingView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "pairing_ended"),
              (status = 422, body = ErrorBody, description = "date_in_future, visit_before_pairing, …")))]
pub async fn add_pairing_visit(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<VisitInput>,
) -> Result<(StatusCode, Json<PairingView>), ApiError> {
    let p = pairings::log_visit(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(PairingView::of(&p))))
}

/// Ends a pairing with a reason.
#[utoipa::path(post, path = "/api/v1/pairings/{id}/end", tag = "children", request_body = EndInput,
    responses((status = 200, body = PairingView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "pairing_ended"),
              (status = 422, body = ErrorBody)))]
pub async fn end_pairing(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EndInput>,
) -> Result<Json<PairingView>, ApiError> {
    let p = pairings::end(&state.app, &caller, id, input).await?;
    Ok(Json(PairingView::of(&p)))
}
