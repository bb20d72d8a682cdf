//! Jobs offered by enterprises: the list, one job, its district-public view and changes.

use crate::api::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, Path};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jinguo_app::employment::jobs::{self, Job, JobChanges, JobInput, JobQuery};
use serde::Deserialize;
use utoipa::IntoParams;

#[utoipa::path(get, path = "/api/v1/jobs/{id}/public", tag = "employment",
    responses((status = 200, body = Job), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_job_public(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Job>, ApiError> {
    let job = jobs::public(&state.app, &caller, id).await?;
    Ok(Json(job))
}

#[utoipa::path(post, path = "/api/v1/jobs", tag = "employment", request_body = JobInput,
    responses((status = 201, body = Job), (status = 422, body = ErrorBody)))]
pub async fn create_job(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<JobInput>,
) -> Result<(StatusCode, Json<Job>), ApiError> {
    let job = jobs::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(job)))
}

#[utoipa::path(patch, path = "/api/v1/jobs/{id}", tag = "employment", request_body = JobChanges,
    responses((status = 200, body = Job), (status = 422, body = ErrorBody)))]
pub async fn update_job(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(changes): ApiJson<JobChanges>,
) -> Result<Json<Job>, ApiError> {
    let job = jobs::change(&state.app, &caller, id, changes).await?;
    Ok(Json(job))
}

#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "employment",
    responses((status = 200, body = Job), (status = 404, body = ErrorBody)))]
pub async fn get_job(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Job>, ApiError> {
    Ok(Json(Job::clone(&jobs::get(&state.app, &caller, id).await?)))
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
    responses((status = 200, body = ListOf<Job>)))]
pub async fn list_jobs(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<JobParams>,
) -> Result<Json<ListOf<Job>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let found = jobs::list(&state.app, &caller, &p.query(), paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, Job::clone, paging)))
}
