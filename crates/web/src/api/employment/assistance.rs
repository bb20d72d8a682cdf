//! The four kinds of assistance (pairing, job, skills, rights), mentoring with its meetings, and
//! the outcomes recorded for people helped.

use crate::api::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, Path};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jinguo_app::employment::assistance::{
    self, Assistance as AssistanceView, AssistanceChanged, AssistanceInput, AssistanceProgress,
    AssistanceQuery, Meeting as MeetingView, Mentorship as MentorshipView, MentorshipInput,
    Outcome as OutcomeView, OutcomeInput, OutcomeStats,
};
use jinguo_app::employment::dashboard;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[utoipa::path(post, path = "/api/v1/assistance", tag = "employment", request_body = AssistanceInput,
    responses((status = 201, body = AssistanceView), (status = 422, body = ErrorBody)))]
pub async fn create_assistance(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<AssistanceInput>,
) -> Result<(StatusCode, Json<AssistanceView>), ApiError> {
    let a = assistance::create_assistance(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[utoipa::path(patch, path = "/api/v1/assistance/{id}", tag = "employment", request_body = AssistanceProgress,
    responses((status = 200, body = AssistanceChanged), (status = 422, body = ErrorBody)))]
pub async fn update_assistance(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(progress): ApiJson<AssistanceProgress>,
) -> Result<Json<AssistanceChanged>, ApiError> {
    let r = assistance::update_assistance(&state.app, &caller, id, progress).await?;
    Ok(Json(r))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssistanceParams {
    pub person_id: Option<i64>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/assistance", tag = "employment", params(AssistanceParams),
    responses((status = 200, body = ListOf<AssistanceView>)))]
pub async fn list_assistance(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<AssistanceParams>,
) -> Result<Json<ListOf<AssistanceView>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let q = AssistanceQuery {
        person_id: p.person_id,
        kind: p.kind.clone(),
        status: p.status.clone(),
    };
    let found = assistance::list_assistance(&state.app, &caller, &q, paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, Clone::clone, paging)))
}

#[utoipa::path(post, path = "/api/v1/mentorships", tag = "employment", request_body = MentorshipInput,
    responses((status = 201, body = MentorshipView), (status = 422, body = ErrorBody)))]
pub async fn create_mentorship(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<MentorshipInput>,
) -> Result<(StatusCode, Json<MentorshipView>), ApiError> {
    let m = assistance::create_mentorship(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(m)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MentorshipParams {
    pub person_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/mentorships", tag = "employment", params(MentorshipParams),
    responses((status = 200, body = Vec<MentorshipView>)))]
pub async fn list_mentorships(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<MentorshipParams>,
) -> Result<Json<Vec<MentorshipView>>, ApiError> {
    let found = assistance::list_mentorships(&state.app, &caller, p.person_id).await?;
    Ok(Json(found))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewMeeting {
    pub met_on: String,
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/mentorships/{id}/meetings", tag = "employment", request_body = NewMeeting,
    responses((status = 201, body = MeetingView), (status = 422, body = ErrorBody)))]
pub async fn add_meeting(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NewMeeting>,
) -> Result<(StatusCode, Json<MeetingView>), ApiError> {
    let m = assistance::add_meeting(&state.app, &caller, id, &b.met_on, &b.note).await?;
    Ok((StatusCode::CREATED, Json(m)))
}

#[utoipa::path(post, path = "/api/v1/outcomes", tag = "employment", request_body = OutcomeInput,
    responses((status = 201, body = OutcomeView), (status = 422, body = ErrorBody)))]
pub async fn record_outcome(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<OutcomeInput>,
) -> Result<(StatusCode, Json<OutcomeView>), ApiError> {
    let o = assistance::record_outcome(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(o)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// `YYYY-MM-DD`, 1 January of this year when absent.
    pub from: Option<String>,
    /// `YYYY-MM-DD`, today when absent.
    pub to: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeStatsView {
    pub from: String,
    pub to: String,
    pub placements: i64,
    pub startups: i64,
    /// laid_off, returning, land_lost, graduate
    pub by_tag: Vec<TagOutcomes>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TagOutcomes {
    pub tag: String,
    pub placements: i64,
    pub startups: i64,
}

impl OutcomeStatsView {
    fn of(s: &OutcomeStats) -> OutcomeStatsView {
        OutcomeStatsView {
            from: s.from.clone(),
            to: s.to.clone(),
            placements: s.placements,
            startups: s.startups,
            by_tag: s
                .by_tag
                .iter()
                .map(|(tag, p, st)| TagOutcomes {
                    tag: (*tag).into(),
                    placements: *p,
                    startups: *st,
                })
                .collect(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/employment/outcomes", tag = "employment", params(PeriodParams),
    responses((status = 200, body = OutcomeStatsView), (status = 422, body = ErrorBody)))]
pub async fn outcome_stats(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Json<OutcomeStatsView>, ApiError> {
    let s =
        assistance::outcome_stats(&state.app, &caller, p.from.as_deref(), p.to.as_deref()).await?;
    Ok(Json(OutcomeStatsView::of(&s)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardView {
    pub open_jobs: i64,
    pub open_positions: i64,
    pub seeking: i64,
    pub placed: i64,
    pub placements_this_year: i64,
    pub startups_this_year: i64,
    pub last_fair: Option<LastFairView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LastFairView {
    pub event_id: i64,
    pub title: String,
    pub date: String,
    pub visitors: i64,
    pub women_visitors: i64,
    pub agreements: i64,
    pub agreements_with_women: i64,
}

#[utoipa::path(get, path = "/api/v1/employment/dashboard", tag = "employment",
    responses((status = 200, body = DashboardView)))]
pub async fn employment_dashboard(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<DashboardView>, ApiError> {
    let c = dashboard::cards(&state.app, &caller).await?;
    Ok(Json(DashboardView {
        open_jobs: c.open_jobs,
        open_positions: c.open_positions,
        seeking: c.seeking,
        placed: c.placed,
        placements_this_year: c.placements_this_year,
        startups_this_year: c.startups_this_year,
        last_fair: c.last_fair.map(|(id, title, date, f)| LastFairView {
            event_id: id,
            title,
            date,
            visitors: f.visitors,
            women_visitors: f.women_visitors,
            agreements: f.agreements,
            agreements_with_women: f.agreements_with_women,
        }),
    }))
}
