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
use jinguo_app::employment::jobs::{self, Job, JobInput, JobQuery};
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
        let r = &j.row;
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

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewJob {
    pub enterprise_id: i64,
    pub title: String,
    pub category: String,
    pub positions: i64,
    pub salary_min: i64,
    pub salary_max: i64,
    pub unit_code: String,
    /// Free text; a restriction by sex, marriage or childbearing is refused.
    pub requirements: Option<String>,
    pub education: Option<String>,
    pub age_min: Option<i64>,
    pub age_max: Option<i64>,
    pub skills: Option<Vec<String>>,
    pub hours: Option<String>,
    pub terms: Option<Vec<String>>,
    pub status: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/jobs", tag = "employment", request_body = NewJob,
    responses((status = 201, body = JobView), (status = 422, body = ErrorBody)))]
pub async fn create_job(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(b): ApiJson<NewJob>,
) -> Result<(StatusCode, Json<JobView>), ApiError> {
    let input = JobInput {
        enterprise_id: b.enterprise_id,
        title: b.title,
        category: b.category,
        positions: b.positions,
        education: b.education,
        age_min: b.age_min,
        age_max: b.age_max,
        skills: b.skills.unwrap_or_default(),
        salary_min: b.salary_min,
        salary_max: b.salary_max,
        unit_code: b.unit_code,
        hours: b.hours,
        terms: b.terms.unwrap_or_default(),
        requirements: b.requirements,
        status: b.status,
    };
    let job = jobs::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(JobView::of(&job))))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeJob {
    pub title: Option<String>,
    pub category: Option<String>,
    pub positions: Option<i64>,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub unit_code: Option<String>,
    pub requirements: Option<String>,
    pub education: Option<String>,
    pub age_min: Option<i64>,
    pub age_max: Option<i64>,
    pub skills: Option<Vec<String>>,
    pub hours: Option<String>,
    pub terms: Option<Vec<String>>,
    /// open, closed
    pub status: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/jobs/{id}", tag = "employment", request_body = ChangeJob,
    responses((status = 200, body = JobView), (status = 422, body = ErrorBody)))]
pub async fn update_job(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ChangeJob>,
) -> Result<Json<JobView>, ApiError> {
    let id = parse_id(&id)?;
    let current = jobs::get(&state.app, &caller, id).await?;
    let mut i = JobInput::of(&current);
    i.title = b.title.unwrap_or(i.title);
    i.category = b.category.unwrap_or(i.category);
    i.positions = b.positions.unwrap_or(i.positions);
    i.salary_min = b.salary_min.unwrap_or(i.salary_min);
    i.salary_max = b.salary_max.unwrap_or(i.salary_max);
    i.unit_code = b.unit_code.unwrap_or(i.unit_code);
    i.requirements = b.requirements.or(i.requirements);
    i.education = b.education.or(i.education);
    i.age_min = b.age_min.or(i.age_min);
    i.age_max = b.age_max.or(i.age_max);
    i.skills = b.skills.unwrap_or(i.skills);
    i.hours = b.hours.or(i.hours);
    i.terms = b.terms.unwrap_or(i.terms);
    i.status = b.status.or(i.status);
    let job = jobs::update(&state.app, &caller, id, i).await?;
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
