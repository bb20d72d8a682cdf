//! Matching seekers and jobs, each match with its reasons in the reader's language.

use crate::api::ErrorBody;
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiQuery, Path};
use crate::i18n::{Lang, Tr};
use crate::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use jinguo_app::employment::jobs::Job;
use jinguo_app::employment::seekers::{self, JobMatch, SeekerMatch};
use jinguo_domain::employment::matching::Reason;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonView {
    /// category, distance, skills, pay, education, age, hours, terms
    pub factor: String,
    pub points: u8,
    pub max: u8,
    /// What was found: same_community, skills_shared, pay_meets, …
    pub code: String,
    /// The reason in the reader's language.
    pub text: String,
}

/// A reason as a sentence: `match-<code>` with the counts it needs.
pub fn reason_text(t: Tr, r: &Reason) -> String {
    crate::i18n::message(
        t.0,
        &format!("match-{}", r.code),
        &[("a", r.counts.0.to_string()), ("b", r.counts.1.to_string())],
    )
}

fn reasons(t: Tr, reasons: &[Reason]) -> Vec<ReasonView> {
    reasons
        .iter()
        .map(|r| ReasonView {
            factor: r.factor.into(),
            points: r.points,
            max: r.max,
            code: r.code.into(),
            text: reason_text(t, r),
        })
        .collect()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobMatchView {
    pub job_id: i64,
    /// 0–100
    pub score: u8,
    pub reasons: Vec<ReasonView>,
    pub job: Job,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchList<T> {
    pub items: Vec<T>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// 1–50, 10 when absent.
    pub limit: Option<usize>,
}

fn job_match(t: Tr, m: &JobMatch) -> JobMatchView {
    JobMatchView {
        job_id: m.job.id,
        score: m.score,
        reasons: reasons(t, &m.reasons),
        job: m.job.clone(),
    }
}

#[utoipa::path(get, path = "/api/v1/seekers/{id}/matches", tag = "employment", params(MatchParams),
    responses((status = 200, body = MatchList<JobMatchView>), (status = 404, body = ErrorBody)))]
pub async fn seeker_matches(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiQuery(p): ApiQuery<MatchParams>,
    headers: HeaderMap,
) -> Result<Json<MatchList<JobMatchView>>, ApiError> {
    let t = Tr(Lang::from_headers(&headers));
    let found = seekers::matches(&state.app, &caller, id, p.limit).await?;
    Ok(Json(MatchList {
        items: found.iter().map(|m| job_match(t, m)).collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeekerMatchView {
    pub seeker_id: i64,
    pub person_id: i64,
    pub name: String,
    pub score: u8,
    pub reasons: Vec<ReasonView>,
}

fn seeker_match(t: Tr, m: &SeekerMatch) -> SeekerMatchView {
    SeekerMatchView {
        seeker_id: m.seeker.id,
        person_id: m.seeker.person_id,
        name: m.seeker.name.clone(),
        score: m.score,
        reasons: reasons(t, &m.reasons),
    }
}

#[utoipa::path(get, path = "/api/v1/jobs/{id}/matches", tag = "employment", params(MatchParams),
    responses((status = 200, body = MatchList<SeekerMatchView>), (status = 404, body = ErrorBody)))]
pub async fn job_matches(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiQuery(p): ApiQuery<MatchParams>,
    headers: HeaderMap,
) -> Result<Json<MatchList<SeekerMatchView>>, ApiError> {
    let t = Tr(Lang::from_headers(&headers));
    let found = seekers::job_matches(&state.app, &caller, id, p.limit).await?;
    Ok(Json(MatchList {
        items: found.iter().map(|m| seeker_match(t, m)).collect(),
    }))
}
