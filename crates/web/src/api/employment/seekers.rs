//! Job seekers and the recommendations made for them.

use crate::api::iso;
use crate::api::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, Path};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jinguo_app::employment::seekers::{
    self, Recommendation, RecommendationView, Seeker, SeekerChanges, SeekerInput, SeekerQuery,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[utoipa::path(post, path = "/api/v1/seekers", tag = "employment", request_body = SeekerInput,
    responses((status = 201, body = Seeker), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_seeker(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<SeekerInput>,
) -> Result<(StatusCode, Json<Seeker>), ApiError> {
    let s = seekers::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(s)))
}

#[utoipa::path(patch, path = "/api/v1/seekers/{id}", tag = "employment", request_body = SeekerChanges,
    responses((status = 200, body = Seeker), (status = 422, body = ErrorBody)))]
pub async fn update_seeker(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(changes): ApiJson<SeekerChanges>,
) -> Result<Json<Seeker>, ApiError> {
    let s = seekers::change(&state.app, &caller, id, changes).await?;
    Ok(Json(s))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryView {
    pub at: String,
    pub actor: String,
    /// registered, status, recommended, outcome
    pub kind: String,
    pub detail: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationOut {
    pub id: i64,
    pub seeker_id: i64,
    pub job_id: i64,
    pub score: i64,
    /// recommended, contacted, interviewed, hired, declined
    pub outcome: String,
    pub recommended_by: String,
    pub job_title: Option<String>,
    pub enterprise_name: Option<String>,
    pub seeker_name: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl RecommendationOut {
    fn of(r: &Recommendation) -> RecommendationOut {
        RecommendationOut {
            id: r.id,
            seeker_id: r.seeker_id,
            job_id: r.job_id,
            score: r.score,
            outcome: r.outcome.clone(),
            recommended_by: r.recommended_by.clone(),
            job_title: None,
            enterprise_name: None,
            seeker_name: None,
            created_at: iso(r.created_at),
            updated_at: iso(r.updated_at),
        }
    }

    fn described(v: &RecommendationView) -> RecommendationOut {
        RecommendationOut {
            job_title: Some(v.job_title.clone()),
            enterprise_name: Some(v.enterprise_name.clone()),
            seeker_name: Some(v.seeker_name.clone()),
            ..RecommendationOut::of(&v.recommendation)
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeekerDetailView {
    #[serde(flatten)]
    pub seeker: Seeker,
    pub history: Vec<HistoryView>,
    pub recommendations: Vec<RecommendationOut>,
}

#[utoipa::path(get, path = "/api/v1/seekers/{id}", tag = "employment",
    responses((status = 200, body = SeekerDetailView), (status = 404, body = ErrorBody)))]
pub async fn get_seeker(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<SeekerDetailView>, ApiError> {
    let d = seekers::get(&state.app, &caller, id).await?;
    Ok(Json(SeekerDetailView {
        seeker: Seeker::clone(&d.seeker),
        history: d
            .history
            .iter()
            .map(|h| HistoryView {
                at: iso(h.at),
                actor: h.actor.clone(),
                kind: h.kind.clone(),
                detail: serde_json::from_str(&h.detail).unwrap_or_default(),
            })
            .collect(),
        recommendations: d
            .recommendations
            .iter()
            .map(RecommendationOut::described)
            .collect(),
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SeekerParams {
    /// A name substring.
    pub q: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/seekers", tag = "employment", params(SeekerParams),
    responses((status = 200, body = ListOf<Seeker>)))]
pub async fn list_seekers(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<SeekerParams>,
) -> Result<Json<ListOf<Seeker>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let q = SeekerQuery {
        q: p.q.clone(),
        status: p.status.clone(),
        category: p.category.clone(),
    };
    let found = seekers::list(&state.app, &caller, &q, paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, Seeker::clone, paging)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRecommendation {
    pub job_id: i64,
}

#[utoipa::path(post, path = "/api/v1/seekers/{id}/recommendations", tag = "employment", request_body = NewRecommendation,
    responses((status = 201, body = RecommendationOut), (status = 409, body = ErrorBody)))]
pub async fn recommend(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NewRecommendation>,
) -> Result<(StatusCode, Json<RecommendationOut>), ApiError> {
    let r = seekers::recommend(&state.app, &caller, id, b.job_id).await?;
    Ok((StatusCode::CREATED, Json(RecommendationOut::of(&r))))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RecommendationChange {
    /// contacted, interviewed, hired, declined (recommended to undo)
    pub outcome: String,
}

#[utoipa::path(patch, path = "/api/v1/recommendations/{id}", tag = "employment", request_body = RecommendationChange,
    responses((status = 200, body = RecommendationOut), (status = 422, body = ErrorBody)))]
pub async fn update_recommendation(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<RecommendationChange>,
) -> Result<Json<RecommendationOut>, ApiError> {
    let r = seekers::set_outcome(&state.app, &caller, id, &b.outcome).await?;
    Ok(Json(RecommendationOut::of(&r)))
}

#[utoipa::path(get, path = "/api/v1/jobs/{id}/recommendations", tag = "employment",
    responses((status = 200, body = Vec<RecommendationOut>)))]
pub async fn job_recommendations(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<RecommendationOut>>, ApiError> {
    let found = seekers::recommendations_for_job(&state.app, &caller, id).await?;
    Ok(Json(
        found.iter().map(RecommendationOut::described).collect(),
    ))
}
