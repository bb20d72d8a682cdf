//! Women-owned enterprises: the register, the district-public directory, the leaders assigned to
//! each and their visits (a visit can raise a case).

use crate::api::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, Path};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jinguo_app::employment::enterprises::{
    self, Enterprise, EnterpriseChanges, EnterpriseInput, EnterpriseQuery, Visit as VisitView,
    VisitInput,
};
use jinguo_app::employment::jobs::Job;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[utoipa::path(post, path = "/api/v1/enterprises", tag = "employment", request_body = EnterpriseInput,
    responses((status = 201, body = Enterprise), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_enterprise(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<EnterpriseInput>,
) -> Result<(StatusCode, Json<Enterprise>), ApiError> {
    let e = enterprises::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(e)))
}

#[utoipa::path(patch, path = "/api/v1/enterprises/{id}", tag = "employment", request_body = EnterpriseChanges,
    responses((status = 200, body = Enterprise), (status = 422, body = ErrorBody)))]
pub async fn update_enterprise(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(changes): ApiJson<EnterpriseChanges>,
) -> Result<Json<Enterprise>, ApiError> {
    let e = enterprises::change(&state.app, &caller, id, changes).await?;
    Ok(Json(e))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LeaderView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EnterpriseDetailView {
    #[serde(flatten)]
    pub enterprise: Enterprise,
    pub leaders: Vec<LeaderView>,
    pub visits: Vec<VisitView>,
    pub jobs: Vec<Job>,
}

#[utoipa::path(get, path = "/api/v1/enterprises/{id}", tag = "employment",
    responses((status = 200, body = EnterpriseDetailView), (status = 404, body = ErrorBody)))]
pub async fn get_enterprise(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<EnterpriseDetailView>, ApiError> {
    let d = enterprises::get(&state.app, &caller, id).await?;
    Ok(Json(EnterpriseDetailView {
        enterprise: d.enterprise.clone(),
        leaders: d
            .leaders
            .iter()
            .map(|l| LeaderView {
                id: l.id,
                username: l.username.clone(),
                display_name: l.display_name.clone(),
            })
            .collect(),
        visits: d.visits,
        jobs: d.jobs.clone(),
    }))
}

/// What every employment worker of the district may know of an enterprise.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnterprisePublicView {
    pub id: i64,
    pub name: String,
    /// GB/T 4754 section letter (A–T).
    pub industry: Option<String>,
    /// Its open jobs (empty in the directory list).
    pub open_jobs: Vec<Job>,
}

impl EnterprisePublicView {
    fn of(e: &enterprises::EnterprisePublic) -> EnterprisePublicView {
        EnterprisePublicView {
            id: e.id,
            name: e.name.clone(),
            industry: e.industry.clone(),
            open_jobs: e.open_jobs.clone(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/enterprises/{id}/public", tag = "employment",
    responses((status = 200, body = EnterprisePublicView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn get_enterprise_public(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<EnterprisePublicView>, ApiError> {
    let e = enterprises::public(&state.app, &caller, id).await?;
    Ok(Json(EnterprisePublicView::of(&e)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryParams {
    /// A name substring or a whole credit code.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/enterprises/public", tag = "employment", params(DirectoryParams),
    responses((status = 200, body = ListOf<EnterprisePublicView>), (status = 403, body = ErrorBody)))]
pub async fn enterprise_directory(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<DirectoryParams>,
) -> Result<Json<ListOf<EnterprisePublicView>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let found =
        enterprises::directory(&state.app, &caller, p.q.as_deref(), paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, EnterprisePublicView::of, paging)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevealedContact {
    pub contact_phone: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/enterprises/{id}/reveal", tag = "employment",
    responses((status = 200, body = RevealedContact)))]
pub async fn reveal_enterprise(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<RevealedContact>, ApiError> {
    let phone = enterprises::reveal_contact(&state.app, &caller, id).await?;
    Ok(Json(RevealedContact {
        contact_phone: phone,
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnterpriseParams {
    /// A name substring or a whole credit code.
    pub q: Option<String>,
    pub women_owned: Option<bool>,
    pub industry: Option<String>,
    /// Only enterprises no leader is assigned to.
    pub without_leader: Option<bool>,
    pub leader_id: Option<i64>,
    pub unit_code: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    /// For exports: csv or xlsx (the default).
    pub format: Option<String>,
}

impl EnterpriseParams {
    pub fn query(&self) -> EnterpriseQuery {
        EnterpriseQuery {
            q: self.q.clone(),
            women_owned: self.women_owned,
            industry: self.industry.clone(),
            without_leader: self.without_leader.unwrap_or(false),
            leader_id: self.leader_id,
            unit_code: self.unit_code.clone(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/enterprises", tag = "employment", params(EnterpriseParams),
    responses((status = 200, body = ListOf<Enterprise>)))]
pub async fn list_enterprises(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<EnterpriseParams>,
) -> Result<Json<ListOf<Enterprise>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let found = enterprises::list(&state.app, &caller, &p.query(), paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, Enterprise::clone, paging)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LeadersBody {
    /// The users (role leader or federation) who liaise with the enterprise.
    pub user_ids: Vec<i64>,
}

#[utoipa::path(put, path = "/api/v1/enterprises/{id}/leaders", tag = "employment", request_body = LeadersBody,
    responses((status = 200, body = Vec<LeaderView>), (status = 422, body = ErrorBody)))]
pub async fn put_leaders(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<LeadersBody>,
) -> Result<Json<Vec<LeaderView>>, ApiError> {
    let leaders = enterprises::set_leaders(&state.app, &caller, id, &b.user_ids).await?;
    Ok(Json(
        leaders
            .into_iter()
            .map(|l| LeaderView {
                id: l.id,
                username: l.username,
                display_name: l.display_name,
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LeaderLoadView {
    pub leader: LeaderView,
    pub enterprises: Vec<i64>,
    pub count: usize,
    /// More than 3 enterprises.
    pub over_limit: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LiaisonView {
    pub leaders: Vec<LeaderLoadView>,
    pub without_leader: Vec<i64>,
    pub without_leader_total: i64,
}

#[utoipa::path(get, path = "/api/v1/liaison", tag = "employment",
    responses((status = 200, body = LiaisonView)))]
pub async fn get_liaison(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<LiaisonView>, ApiError> {
    // The first 200 enterprises without a leader, women-owned first (the page pages them).
    let l = enterprises::liaison(&state.app, &caller, 1, 200).await?;
    Ok(Json(LiaisonView {
        leaders: l
            .leaders
            .into_iter()
            .map(|x| LeaderLoadView {
                count: x.enterprises.len(),
                enterprises: x.enterprises.iter().map(|e| e.id).collect(),
                over_limit: x.over_limit,
                leader: LeaderView {
                    id: x.leader.id,
                    username: x.leader.username,
                    display_name: x.leader.display_name,
                },
            })
            .collect(),
        without_leader: l.without_leader.iter().map(|e| e.id).collect(),
        without_leader_total: l.without_leader_total,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitCreated {
    pub visit: VisitView,
    pub case: Option<crate::api::cases::CaseView>,
}

#[utoipa::path(post, path = "/api/v1/enterprises/{id}/visits", tag = "employment", request_body = VisitInput,
    responses((status = 201, body = VisitCreated), (status = 422, body = ErrorBody)))]
pub async fn add_visit(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<VisitInput>,
) -> Result<(StatusCode, Json<VisitCreated>), ApiError> {
    let (visit, case) = enterprises::add_visit(&state.app, &caller, id, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(VisitCreated {
            visit,
            case: case.as_ref().map(crate::api::cases::CaseView::of),
        }),
    ))
}

#[utoipa::path(post, path = "/api/v1/visits/{id}/case", tag = "employment",
    responses((status = 201, body = crate::api::cases::CaseView), (status = 409, body = ErrorBody)))]
pub async fn raise_visit_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<crate::api::cases::CaseView>), ApiError> {
    let case = enterprises::raise_case(&state.app, &caller, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(crate::api::cases::CaseView::of(&case)),
    ))
}
