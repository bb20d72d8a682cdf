//! Jobs offered by enterprises: the list, one job, its district-public view and changes.

use crate::api::iso;
use crate::api::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::extract::{ApiCaller, ApiJson, ApiQuery};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jinguo_app::employment::jobs::{self, Job, JobChanges, JobInput, JobQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    pub id: i64,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub women_owned: bool,
    pub title: String,
    pub category: String,
    pub positions: i64,
    pub education: Option<String>,
    pub age_min: Option<i64>,
    pub age_max: Option<i64>,
    pub skills: Vec<String>,
    /// Monthly, whole yuan.
    pub salary_min: i64,
    pub salary_max: i64,
    pub unit_code: String,
    /// full_time, part_time, flexible, shift
    pub hours: String,
    /// flexible_hours, childcare, near_home, training_provided
    pub terms: Vec<String>,
    pub requirements: Option<String>,
    /// open, closed
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
}

impl JobView {
    pub fn of(j: &Job) -> JobView {
        let r = j;
        JobView {
            id: r.id,
            enterprise_id: r.enterprise_id,
            enterprise_name: j.enterprise_name.clone(),
            women_owned: j.women_owned,
            title: r.title.clone(),
            category: r.category.clone(),
            positions: r.positions,
            education: r.education.clone(),
            age_min: r.age_min,
            age_max: r.age_max,
            skills: j.skills.clone(),
            salary_min: r.salary_min,
            salary_max: r.salary_max,
            unit_code: r.unit_code.clone(),
            hours: r.hours.clone(),
            terms: j.terms.iter().map(|t| t.as_str().to_owned()).collect(),
            requirements: r.requirements.clone(),
            status: r.status.clone(),
            created_at: iso(r.created_at),
            updated_at: iso(r.updated_at),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/jobs/{id}/public", tag = "employment",
    responses((status = 200, body = JobView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_job_public(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<JobView>, ApiError> {
    let job = jobs::public(&state.app, &caller, parse_id(&id)?).await?;
    Ok(Json(JobView::of(&job)))
}

#[utoipa::path(post, path = "/api/v1/jobs", tag = "employment", request_body = JobInput,
    responses((status = 201, body = JobView), (status = 422, body = ErrorBody)))]
pub async fn create_job(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<JobInput>,
) -> Result<(StatusCode, Json<JobView>), ApiError> {
    let job = jobs::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(JobView::of(&job))))
}

#[utoipa::path(patch, path = "/api/v1/jobs/{id}", tag = "employment", request_body = JobChanges,
    responses((status = 200, body = JobView), (status = 422, body = ErrorBody)))]
pub async fn update_job(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(changes): ApiJson<JobChanges>,
) -> Result<Json<JobView>, ApiError> {
    let job = jobs::change(&state.app, &caller, parse_id(&id)?, changes).await?;
    Ok(Json(JobView::of(&job)))
}

#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "employment",
    responses((status = 200, body = JobView), (status = 404, body = ErrorBody)))]
pub async fn get_job(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<JobView>, ApiError> {
    Ok(Json(JobView::of(
        &jobs::get(&state.app, &caller, parse_id(&id)?).await?,
    )))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobParams {
    /// A title substring.
    pub q: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub enterprise_id: Option<i64>,
    pub women_owned: Option<bool>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl JobParams {
    pub fn query(&self) -> JobQuery {
        JobQuery {
            q: self.q.clone(),
            status: self.status.clone(),
            category: self.category.clone(),
            enterprise_id: self.enterprise_id,
            women_owned: self.women_owned.unwrap_or(false),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/jobs", tag = "employment", params(JobParams),
    responses((status = 200, body = ListOf<JobView>)))]
pub async fn list_jobs(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<JobParams>,
) -> Result<Json<ListOf<JobView>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let found = jobs::list(&state.app, &caller, &p.query(), paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, JobView::of, paging)))
}
