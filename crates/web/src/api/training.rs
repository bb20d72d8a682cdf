//! Training (培训): courses and their sessions, enrollments (from the registry or a sign-up
//! sheet), attendance (desk, the sessions' QR check-in, a filled sign-in sheet), finishing a
//! course with its certificates, the figures per course and per tier, and the follow-up calls.

use super::employment_import::ImportUpload;
use super::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, Path};
use crate::files::{download, DOCX, XLSX};
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use jinguo_app::training::{
    self, import as training_import, AttendanceInput, Attended, Course, CourseInput, CourseQuery,
    CourseReport, DueFollowUp, Enrollment, EnrollmentInput, FollowUp, FollowUpInput, PersonCourse,
    Session, SessionInput, TrainingReport, Withdrawn,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

fn all<T>(items: Vec<T>) -> ListOf<T> {
    let total = items.len() as i64;
    ListOf {
        per_page: items.len() as u64,
        items,
        total,
        page: 1,
    }
}

/// Opens a course held by a unit of the caller's subtree.
#[utoipa::path(post, path = "/api/v1/courses", tag = "training", request_body = CourseInput,
    responses((status = 201, body = Course), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "required, invalid_choice (tier, target_tags), unknown_unit, unknown_department, out_of_range (capacity, completion_share)")))]
pub async fn create_course(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<CourseInput>,
) -> Result<(StatusCode, Json<Course>), ApiError> {
    let c = training::create_course(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseParams {
    /// A title substring.
    pub q: Option<String>,
    /// entrepreneurship, skills, online, lecture, leadership
    pub tier: Option<String>,
    /// Only the courses not finished yet.
    pub open: Option<bool>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The courses the caller sees (her subtree's, and those held for it above), the latest first.
#[utoipa::path(get, path = "/api/v1/courses", tag = "training", params(CourseParams),
    responses((status = 200, body = ListOf<Course>), (status = 403, body = ErrorBody)))]
pub async fn list_courses(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<CourseParams>,
) -> Result<Json<ListOf<Course>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let q = CourseQuery {
        q: p.q.clone(),
        tier: p.tier.clone(),
        open_only: p.open.unwrap_or(false),
    };
    let found = training::list_courses(&state.app, &caller, &q, paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, Course::clone, paging)))
}

#[utoipa::path(get, path = "/api/v1/courses/{id}", tag = "training",
    responses((status = 200, body = Course), (status = 404, body = ErrorBody)))]
pub async fn get_course(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Course>, ApiError> {
    Ok(Json(training::get_course(&state.app, &caller, id).await?))
}

/// Adds a session (a day, a place or an online link) to a course the caller's unit holds;
/// its event's QR check-in records the attendance of those enrolled.
#[utoipa::path(post, path = "/api/v1/courses/{id}/sessions", tag = "training", request_body = SessionInput,
    responses((status = 201, body = Session), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "course_finished"),
        (status = 422, body = ErrorBody, description = "invalid_date, invalid_time, invalid_link")))]
pub async fn add_session(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SessionInput>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    let s = training::add_session(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(s)))
}

#[utoipa::path(get, path = "/api/v1/courses/{id}/sessions", tag = "training",
    responses((status = 200, body = ListOf<Session>), (status = 404, body = ErrorBody)))]
pub async fn list_sessions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<Session>>, ApiError> {
    Ok(Json(
        all(training::sessions(&state.app, &caller, id).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/sessions/{id}", tag = "training",
    responses((status = 200, body = Session), (status = 404, body = ErrorBody)))]
pub async fn get_session(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Session>, ApiError> {
    Ok(Json(training::get_session(&state.app, &caller, id).await?))
}

/// Enrolls a person of the caller's reach: on the course while it has places, else on its
/// waiting list (when it keeps one).
#[utoipa::path(post, path = "/api/v1/courses/{id}/enrollments", tag = "training", request_body = EnrollmentInput,
    responses((status = 201, body = Enrollment), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_enrolled, course_full, course_finished"),
        (status = 422, body = ErrorBody, description = "unknown_person, reason_required (outside the target groups)")))]
pub async fn enroll(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EnrollmentInput>,
) -> Result<(StatusCode, Json<Enrollment>), ApiError> {
    let e = training::enroll(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(e)))
}

/// The enrollments of a course: the caller's people, or all of them where her unit holds it.
#[utoipa::path(get, path = "/api/v1/courses/{id}/enrollments", tag = "training",
    responses((status = 200, body = ListOf<Enrollment>), (status = 404, body = ErrorBody)))]
pub async fn list_enrollments(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<Enrollment>>, ApiError> {
    Ok(Json(all(
        training::enrollments(&state.app, &caller, id).await?
    )))
}

/// Enrolls the people a sign-up sheet names (by ID number, or name and phone).
#[utoipa::path(post, path = "/api/v1/courses/{id}/enrollments/import", tag = "training",
    request_body(content_type = "multipart/form-data", description = "`file`: the sign-up sheet (xlsx, xls, ods or csv in UTF-8 or GBK) with 姓名 and 身份证号码 or 联系电话 (and 报名原因 for those outside the target groups); \
        `dry_run`, `all_or_nothing`: true or false; `report`: `xlsx` to answer with the workbook of rejected rows instead of JSON"),
    responses((status = 200, body = super::ImportSummary), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "course_finished"),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody, description = "unreadable file, no header")))]
pub async fn import_enrollments(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    upload: ImportUpload,
) -> Result<Response, ApiError> {
    let report = training_import::import_enrollments(
        &state.app,
        &caller,
        id,
        &upload.sheet,
        &upload.options,
        &|_, _| {},
    )
    .await?;
    upload.answer(&report)
}

/// The blank sign-up sheet (报名表): the expected headers, an example row.
#[utoipa::path(get, path = "/api/v1/enrollments/import/template", tag = "training",
    responses((status = 200, description = "XLSX")))]
pub async fn enrollment_template(ApiCaller(_caller): ApiCaller) -> Result<Response, ApiError> {
    Ok(download(
        "报名表模板.xlsx",
        XLSX,
        training_import::enrollment_template_xlsx()?,
    ))
}

#[utoipa::path(get, path = "/api/v1/enrollments/{id}", tag = "training",
    responses((status = 200, body = Enrollment), (status = 404, body = ErrorBody)))]
pub async fn get_enrollment(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Enrollment>, ApiError> {
    Ok(Json(
        training::get_enrollment(&state.app, &caller, id).await?,
    ))
}

/// Takes a person off a course; the first one waiting gets her place.
#[utoipa::path(post, path = "/api/v1/enrollments/{id}/withdraw", tag = "training",
    responses((status = 200, body = Withdrawn), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_withdrawn, course_finished")))]
pub async fn withdraw(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Withdrawn>, ApiError> {
    Ok(Json(training::withdraw(&state.app, &caller, id).await?))
}

/// Records that a person on the session's course attended it: 201, or 200 when recorded
/// already.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/attendance", tag = "training", request_body = AttendanceInput,
    responses((status = 201, body = Attended), (status = 200, body = Attended, description = "recorded already"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "course_finished"),
        (status = 422, body = ErrorBody, description = "session_of_other_course (she is on another course), not_enrolled")))]
pub async fn attend(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AttendanceInput>,
) -> Result<(StatusCode, Json<Attended>), ApiError> {
    let a = training::attend(&state.app, &caller, id, input).await?;
    let status = if a.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(a)))
}

/// One line of a session's roll.
#[derive(Debug, Serialize, ToSchema)]
pub struct RollLineView {
    pub enrollment_id: i64,
    pub person_id: i64,
    pub name: String,
    pub unit_code: String,
    pub present: bool,
    /// desk, qr or import
    pub via: Option<String>,
}

/// The session's roll: those on the course the caller sees, each present or not.
#[utoipa::path(get, path = "/api/v1/sessions/{id}/attendance", tag = "training",
    responses((status = 200, body = ListOf<RollLineView>), (status = 404, body = ErrorBody)))]
pub async fn session_roll(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<RollLineView>>, ApiError> {
    let r = training::roll(&state.app, &caller, id).await?;
    Ok(Json(all(r
        .lines
        .into_iter()
        .map(|l| RollLineView {
            enrollment_id: l.enrollment_id,
            person_id: l.person_id,
            name: l.name,
            unit_code: l.unit_code,
            present: l.present,
            via: l.via,
        })
        .collect())))
}

/// Takes back an attendance recorded by mistake.
#[utoipa::path(delete, path = "/api/v1/sessions/{id}/attendance/{person_id}", tag = "training",
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn remove_attendance(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, person_id)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    training::remove_attendance(&state.app, &caller, id, person_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records the attendance a filled sign-in sheet shows (rows by 编号, ID number, or name and
/// phone; a blank 签到 cell is an absence).
#[utoipa::path(post, path = "/api/v1/sessions/{id}/attendance/import", tag = "training",
    request_body(content_type = "multipart/form-data", description = "`file`: the filled sign-in sheet (xlsx, xls, ods or csv); \
        `dry_run`, `all_or_nothing`: true or false; `report`: `xlsx` for the workbook of rejected rows"),
    responses((status = 200, body = super::ImportSummary), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "course_finished"), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "no header, a sheet of another session (session_of_other_course, sheet_of_other_session)")))]
pub async fn import_attendance(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    upload: ImportUpload,
) -> Result<Response, ApiError> {
    let report = training_import::import_attendance(
        &state.app,
        &caller,
        id,
        &upload.sheet,
        &upload.options,
        &|_, _| {},
    )
    .await?;
    upload.answer(&report)
}

/// The session's sign-in sheet (签到表) as a workbook: the roll with a blank column to sign
/// (the download is audited).
#[utoipa::path(get, path = "/api/v1/sessions/{id}/sign-in.xlsx", tag = "training",
    responses((status = 200, description = "XLSX"), (status = 404, body = ErrorBody)))]
pub async fn sign_in_xlsx(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let units = crate::pages::parts::unit_map(&state, &caller)
        .await
        .map_err(|e| ApiError(e.0))?;
    let (name, bytes) = training::sign_in_xlsx(&state.app, &caller, id, &units).await?;
    Ok(download(&name, XLSX, bytes))
}

/// Finishes a course: completion by its rule, a certificate
/// number for each completer. Answers the course's figures.
#[utoipa::path(post, path = "/api/v1/courses/{id}/finish", tag = "training",
    responses((status = 200, body = CourseReport), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_finished"),
        (status = 422, body = ErrorBody, description = "no_sessions")))]
pub async fn finish(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<CourseReport>, ApiError> {
    Ok(Json(training::finish(&state.app, &caller, id).await?))
}

/// The figures of a course: enrolled, completed, completion rate, employed and started a
/// business six months on.
#[utoipa::path(get, path = "/api/v1/courses/{id}/report", tag = "training",
    responses((status = 200, body = CourseReport), (status = 404, body = ErrorBody)))]
pub async fn course_report(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<CourseReport>, ApiError> {
    Ok(Json(
        training::course_report(&state.app, &caller, id).await?,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// The year of the courses' first sessions (default this year).
    pub year: Option<i32>,
}

/// The year's figures of the courses the caller's unit holds, per tier and per course.
#[utoipa::path(get, path = "/api/v1/training/report", tag = "training", params(ReportParams),
    responses((status = 200, body = TrainingReport), (status = 422, body = ErrorBody)))]
pub async fn training_report(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<ReportParams>,
) -> Result<Json<TrainingReport>, ApiError> {
    Ok(Json(
        training::training_report(&state.app, &caller, p.year).await?,
    ))
}

/// The completers due for their follow-up call: six months passed, nothing in the employment
/// records, no call yet.
#[utoipa::path(get, path = "/api/v1/training/follow-ups", tag = "training",
    responses((status = 200, body = ListOf<DueFollowUp>)))]
pub async fn follow_ups_due(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<ListOf<DueFollowUp>>, ApiError> {
    Ok(Json(all(
        training::follow_ups_due(&state.app, &caller).await?
    )))
}

/// Records a completer's follow-up call (once).
#[utoipa::path(post, path = "/api/v1/enrollments/{id}/follow-up", tag = "training", request_body = FollowUpInput,
    responses((status = 201, body = FollowUp), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_followed_up"),
        (status = 422, body = ErrorBody, description = "not_completed, invalid_choice, date_in_future")))]
pub async fn record_follow_up(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<FollowUpInput>,
) -> Result<(StatusCode, Json<FollowUp>), ApiError> {
    let f = training::record_follow_up(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(f)))
}

/// A completer's certificate (结业证书) as a .docx file (each download audited).
#[utoipa::path(get, path = "/api/v1/enrollments/{id}/certificate", tag = "training",
    responses((status = 200, description = "DOCX"), (status = 404, body = ErrorBody)))]
pub async fn certificate(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (name, bytes) =
        crate::pages::training::certificate_file(&state, &caller, &headers, id).await?;
    Ok(download(&name, DOCX, bytes))
}

/// The courses of a person (her page's block).
#[utoipa::path(get, path = "/api/v1/people/{id}/courses", tag = "training",
    responses((status = 200, body = ListOf<PersonCourse>), (status = 404, body = ErrorBody)))]
pub async fn person_courses(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<PersonCourse>>, ApiError> {
    Ok(Json(all(training::courses_of_person(
        &state.app, &caller, id,
    )
    .await?)))
}
