//! The employment API: enterprises and liaison, jobs, seekers and matching, events with
//! check-ins and agreements, assistance, mentoring and outcomes.

use super::cases::{download, iso, parse_id, XLSX};
use super::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, ClientOrigin};
use crate::i18n::{Lang, Tr};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use jinguo_app::employment::assistance::{
    self, Assistance, AssistanceInput, AssistanceQuery, Mentorship, MentorshipInput, OutcomeInput,
    OutcomeStats,
};
use jinguo_app::employment::dashboard;
use jinguo_app::employment::enterprises::{
    self, Enterprise, EnterpriseInput, EnterpriseQuery, VisitInput,
};
use jinguo_app::employment::events::{
    self, AgreementInput, CheckinBy, CheckinInput, Event, EventInput, EventQuery, EventReport,
};
use jinguo_app::employment::jobs::{self, Job, JobInput, JobQuery};
use jinguo_app::employment::seekers::{
    self, JobMatch, RecommendationView, Seeker, SeekerInput, SeekerMatch, SeekerQuery,
};
use jinguo_domain::employment::matching::Reason;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

// ---- enterprises ----

#[derive(Debug, Serialize, ToSchema)]
pub struct EnterpriseView {
    pub id: i64,
    pub name: String,
    /// 统一社会信用代码 (18 characters, GB 32100).
    pub credit_code: String,
    pub women_owned: bool,
    pub entrepreneur_id: Option<i64>,
    pub entrepreneur_name: Option<String>,
    /// GB/T 4754 section letter (A–T).
    pub industry: Option<String>,
    pub staff: Option<i64>,
    pub women_staff: Option<i64>,
    pub unit_code: String,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone_masked: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl EnterpriseView {
    pub fn of(e: &Enterprise) -> EnterpriseView {
        let r = &e.row;
        EnterpriseView {
            id: r.id,
            name: r.name.clone(),
            credit_code: r.credit_code.clone(),
            women_owned: r.women_owned,
            entrepreneur_id: r.entrepreneur_id,
            entrepreneur_name: e.entrepreneur_name.clone(),
            industry: r.industry.clone(),
            staff: r.staff,
            women_staff: r.women_staff,
            unit_code: r.unit_code.clone(),
            address: r.address.clone(),
            contact_name: r.contact_name.clone(),
            contact_phone_masked: r.contact_phone_masked.clone(),
            created_at: iso(r.created_at),
            updated_at: iso(r.updated_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewEnterprise {
    pub name: String,
    pub credit_code: String,
    pub women_owned: bool,
    pub unit_code: String,
    pub entrepreneur_id: Option<i64>,
    pub industry: Option<String>,
    pub staff: Option<i64>,
    pub women_staff: Option<i64>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/enterprises", tag = "employment", request_body = NewEnterprise,
    responses((status = 201, body = EnterpriseView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_enterprise(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(b): ApiJson<NewEnterprise>,
) -> Result<(StatusCode, Json<EnterpriseView>), ApiError> {
    let input = EnterpriseInput {
        name: b.name,
        credit_code: b.credit_code,
        women_owned: b.women_owned,
        entrepreneur_id: b.entrepreneur_id,
        industry: b.industry,
        staff: b.staff,
        women_staff: b.women_staff,
        unit_code: b.unit_code,
        address: b.address,
        contact_name: b.contact_name,
        contact_phone: b.contact_phone,
    };
    let e = enterprises::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(EnterpriseView::of(&e))))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeEnterprise {
    pub name: Option<String>,
    pub credit_code: Option<String>,
    pub women_owned: Option<bool>,
    pub unit_code: Option<String>,
    pub entrepreneur_id: Option<i64>,
    pub industry: Option<String>,
    pub staff: Option<i64>,
    pub women_staff: Option<i64>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/enterprises/{id}", tag = "employment", request_body = ChangeEnterprise,
    responses((status = 200, body = EnterpriseView), (status = 422, body = ErrorBody)))]
pub async fn update_enterprise(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ChangeEnterprise>,
) -> Result<Json<EnterpriseView>, ApiError> {
    let id = parse_id(&id)?;
    let mut input = enterprises::current_input(&state.app, &caller, id).await?;
    input.name = b.name.unwrap_or(input.name);
    input.credit_code = b.credit_code.unwrap_or(input.credit_code);
    input.women_owned = b.women_owned.unwrap_or(input.women_owned);
    input.unit_code = b.unit_code.unwrap_or(input.unit_code);
    input.entrepreneur_id = b.entrepreneur_id.or(input.entrepreneur_id);
    input.industry = b.industry.or(input.industry);
    input.staff = b.staff.or(input.staff);
    input.women_staff = b.women_staff.or(input.women_staff);
    input.address = b.address.or(input.address);
    input.contact_name = b.contact_name.or(input.contact_name);
    input.contact_phone = b.contact_phone.or(input.contact_phone);
    let e = enterprises::update(&state.app, &caller, id, input).await?;
    Ok(Json(EnterpriseView::of(&e)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LeaderView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitView {
    pub id: i64,
    pub enterprise_id: i64,
    pub visited_on: String,
    pub visitor: String,
    pub seen: String,
    pub difficulties: Option<String>,
    /// The enterprise difficulty report the difficulties became.
    pub case_id: Option<i64>,
}

impl VisitView {
    fn of(v: &jinguo_db::employment::VisitRow) -> VisitView {
        VisitView {
            id: v.id,
            enterprise_id: v.enterprise_id,
            visited_on: v.visited_on.clone(),
            visitor: v.visitor.clone(),
            seen: v.seen.clone(),
            difficulties: v.difficulties.clone(),
            case_id: v.case_id,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EnterpriseDetailView {
    #[serde(flatten)]
    pub enterprise: EnterpriseView,
    pub leaders: Vec<LeaderView>,
    pub visits: Vec<VisitView>,
    pub jobs: Vec<JobView>,
}

#[utoipa::path(get, path = "/api/v1/enterprises/{id}", tag = "employment",
    responses((status = 200, body = EnterpriseDetailView), (status = 404, body = ErrorBody)))]
pub async fn get_enterprise(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<EnterpriseDetailView>, ApiError> {
    let d = enterprises::get(&state.app, &caller, parse_id(&id)?).await?;
    let enterprise = d.enterprise.clone();
    let jobs = d
        .jobs
        .into_iter()
        .map(|row| JobView::of(&Job::of(row, &enterprise.row)))
        .collect();
    Ok(Json(EnterpriseDetailView {
        enterprise: EnterpriseView::of(&enterprise),
        leaders: d
            .leaders
            .iter()
            .map(|l| LeaderView {
                id: l.id,
                username: l.username.clone(),
                display_name: l.display_name.clone(),
            })
            .collect(),
        visits: d.visits.iter().map(VisitView::of).collect(),
        jobs,
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
    pub open_jobs: Vec<JobView>,
}

impl EnterprisePublicView {
    fn of(e: &enterprises::EnterprisePublic) -> EnterprisePublicView {
        EnterprisePublicView {
            id: e.id,
            name: e.name.clone(),
            industry: e.industry.clone(),
            open_jobs: e.open_jobs.iter().map(JobView::of).collect(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/enterprises/{id}/public", tag = "employment",
    responses((status = 200, body = EnterprisePublicView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn get_enterprise_public(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<EnterprisePublicView>, ApiError> {
    let e = enterprises::public(&state.app, &caller, parse_id(&id)?).await?;
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
    Path(id): Path<String>,
) -> Result<Json<RevealedContact>, ApiError> {
    let phone = enterprises::reveal_contact(&state.app, &caller, parse_id(&id)?).await?;
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
    responses((status = 200, body = ListOf<EnterpriseView>)))]
pub async fn list_enterprises(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<EnterpriseParams>,
) -> Result<Json<ListOf<EnterpriseView>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let found = enterprises::list(&state.app, &caller, &p.query(), paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, EnterpriseView::of, paging)))
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
    Path(id): Path<String>,
    ApiJson(b): ApiJson<LeadersBody>,
) -> Result<Json<Vec<LeaderView>>, ApiError> {
    let leaders =
        enterprises::set_leaders(&state.app, &caller, parse_id(&id)?, &b.user_ids).await?;
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
    let l = enterprises::liaison(&state.app, &caller).await?;
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

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewVisit {
    /// `YYYY-MM-DD`
    pub visited_on: String,
    /// What the leader saw.
    pub seen: String,
    pub difficulties: Option<String>,
    /// Also open an enterprise difficulty report (企业诉求) from the difficulties.
    pub raise_case: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitCreated {
    pub visit: VisitView,
    pub case: Option<super::cases::CaseView>,
}

#[utoipa::path(post, path = "/api/v1/enterprises/{id}/visits", tag = "employment", request_body = NewVisit,
    responses((status = 201, body = VisitCreated), (status = 422, body = ErrorBody)))]
pub async fn add_visit(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewVisit>,
) -> Result<(StatusCode, Json<VisitCreated>), ApiError> {
    let input = VisitInput {
        visited_on: b.visited_on,
        seen: b.seen,
        difficulties: b.difficulties,
        raise_case: b.raise_case.unwrap_or(false),
    };
    let (visit, case) = enterprises::add_visit(&state.app, &caller, parse_id(&id)?, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(VisitCreated {
            visit: VisitView::of(&visit),
            case: case.as_ref().map(super::cases::CaseView::of),
        }),
    ))
}

#[utoipa::path(post, path = "/api/v1/visits/{id}/case", tag = "employment",
    responses((status = 201, body = super::cases::CaseView), (status = 409, body = ErrorBody)))]
pub async fn raise_visit_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<super::cases::CaseView>), ApiError> {
    let case = enterprises::raise_case(&state.app, &caller, parse_id(&id)?).await?;
    Ok((StatusCode::CREATED, Json(super::cases::CaseView::of(&case))))
}

// ---- jobs ----

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

// ---- matching ----

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
    pub job: JobView,
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
        job_id: m.job.row.id,
        score: m.score,
        reasons: reasons(t, &m.reasons),
        job: JobView::of(&m.job),
    }
}

#[utoipa::path(get, path = "/api/v1/seekers/{id}/matches", tag = "employment", params(MatchParams),
    responses((status = 200, body = MatchList<JobMatchView>), (status = 404, body = ErrorBody)))]
pub async fn seeker_matches(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<MatchParams>,
    headers: HeaderMap,
) -> Result<Json<MatchList<JobMatchView>>, ApiError> {
    let t = Tr(Lang::from_headers(&headers));
    let found = seekers::matches(&state.app, &caller, parse_id(&id)?, p.limit).await?;
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
        seeker_id: m.seeker.row.id,
        person_id: m.seeker.row.person_id,
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
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<MatchParams>,
    headers: HeaderMap,
) -> Result<Json<MatchList<SeekerMatchView>>, ApiError> {
    let t = Tr(Lang::from_headers(&headers));
    let found = seekers::job_matches(&state.app, &caller, parse_id(&id)?, p.limit).await?;
    Ok(Json(MatchList {
        items: found.iter().map(|m| seeker_match(t, m)).collect(),
    }))
}

// ---- seekers ----

#[derive(Debug, Serialize, ToSchema)]
pub struct SeekerView {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub sex: String,
    /// The year only: see `PersonView::birth_year`.
    pub birth_year: i32,
    pub categories: Vec<String>,
    pub skills: Vec<String>,
    pub education: Option<String>,
    /// any, full_time, part_time, flexible
    pub availability: String,
    pub expected_pay: Option<i64>,
    /// Home community.
    pub unit_code: String,
    pub needs: Vec<String>,
    /// seeking, placed, inactive
    pub status: String,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl SeekerView {
    pub fn of(s: &Seeker) -> SeekerView {
        SeekerView {
            id: s.row.id,
            person_id: s.row.person_id,
            name: s.name.clone(),
            sex: s.sex.clone(),
            birth_year: s.birth_year,
            categories: s.categories.iter().map(|c| c.as_str().to_owned()).collect(),
            skills: s.skills.clone(),
            education: s.row.education.clone(),
            availability: s.row.availability.clone(),
            expected_pay: s.row.expected_pay,
            unit_code: s.row.unit_code.clone(),
            needs: s.needs.iter().map(|n| n.as_str().to_owned()).collect(),
            status: s.row.status.clone(),
            note: s.row.note.clone(),
            created_at: iso(s.row.created_at),
            updated_at: iso(s.row.updated_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewSeeker {
    pub person_id: i64,
    pub categories: Vec<String>,
    pub skills: Option<Vec<String>>,
    pub education: Option<String>,
    pub availability: Option<String>,
    pub expected_pay: Option<i64>,
    pub unit_code: Option<String>,
    pub needs: Option<Vec<String>>,
    pub status: Option<String>,
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/seekers", tag = "employment", request_body = NewSeeker,
    responses((status = 201, body = SeekerView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_seeker(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(b): ApiJson<NewSeeker>,
) -> Result<(StatusCode, Json<SeekerView>), ApiError> {
    let input = SeekerInput {
        person_id: b.person_id,
        categories: b.categories,
        skills: b.skills.unwrap_or_default(),
        education: b.education,
        availability: b.availability,
        expected_pay: b.expected_pay,
        unit_code: b.unit_code,
        needs: b.needs.unwrap_or_default(),
        status: b.status,
        note: b.note,
    };
    let s = seekers::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(SeekerView::of(&s))))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeSeeker {
    pub categories: Option<Vec<String>>,
    pub skills: Option<Vec<String>>,
    pub education: Option<String>,
    pub availability: Option<String>,
    pub expected_pay: Option<i64>,
    pub unit_code: Option<String>,
    pub needs: Option<Vec<String>>,
    pub status: Option<String>,
    pub note: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/seekers/{id}", tag = "employment", request_body = ChangeSeeker,
    responses((status = 200, body = SeekerView), (status = 422, body = ErrorBody)))]
pub async fn update_seeker(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ChangeSeeker>,
) -> Result<Json<SeekerView>, ApiError> {
    let id = parse_id(&id)?;
    let current = seekers::get(&state.app, &caller, id).await?;
    let mut i = SeekerInput::of(&current.seeker);
    i.categories = b.categories.unwrap_or(i.categories);
    i.skills = b.skills.unwrap_or(i.skills);
    i.education = b.education.or(i.education);
    i.availability = b.availability.or(i.availability);
    i.expected_pay = b.expected_pay.or(i.expected_pay);
    i.unit_code = b.unit_code.or(i.unit_code);
    i.needs = b.needs.unwrap_or(i.needs);
    i.status = b.status.or(i.status);
    i.note = b.note.or(i.note);
    let s = seekers::update(&state.app, &caller, id, i).await?;
    Ok(Json(SeekerView::of(&s)))
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
    fn of(r: &jinguo_db::employment::RecommendationRow) -> RecommendationOut {
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
            ..RecommendationOut::of(&v.row)
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeekerDetailView {
    #[serde(flatten)]
    pub seeker: SeekerView,
    pub history: Vec<HistoryView>,
    pub recommendations: Vec<RecommendationOut>,
}

#[utoipa::path(get, path = "/api/v1/seekers/{id}", tag = "employment",
    responses((status = 200, body = SeekerDetailView), (status = 404, body = ErrorBody)))]
pub async fn get_seeker(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<SeekerDetailView>, ApiError> {
    let d = seekers::get(&state.app, &caller, parse_id(&id)?).await?;
    Ok(Json(SeekerDetailView {
        seeker: SeekerView::of(&d.seeker),
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
    responses((status = 200, body = ListOf<SeekerView>)))]
pub async fn list_seekers(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<SeekerParams>,
) -> Result<Json<ListOf<SeekerView>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let q = SeekerQuery {
        q: p.q.clone(),
        status: p.status.clone(),
        category: p.category.clone(),
    };
    let found = seekers::list(&state.app, &caller, &q, paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, SeekerView::of, paging)))
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
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewRecommendation>,
) -> Result<(StatusCode, Json<RecommendationOut>), ApiError> {
    let r = seekers::recommend(&state.app, &caller, parse_id(&id)?, b.job_id).await?;
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
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RecommendationChange>,
) -> Result<Json<RecommendationOut>, ApiError> {
    let r = seekers::set_outcome(&state.app, &caller, parse_id(&id)?, &b.outcome).await?;
    Ok(Json(RecommendationOut::of(&r)))
}

#[utoipa::path(get, path = "/api/v1/jobs/{id}/recommendations", tag = "employment",
    responses((status = 200, body = Vec<RecommendationOut>)))]
pub async fn job_recommendations(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<RecommendationOut>>, ApiError> {
    let found = seekers::recommendations_for_job(&state.app, &caller, parse_id(&id)?).await?;
    Ok(Json(
        found.iter().map(RecommendationOut::described).collect(),
    ))
}

// ---- events ----

#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub id: i64,
    /// job_fair, matchmaking, lecture, activity
    pub kind: String,
    pub title: String,
    /// `YYYY-MM-DD`
    pub date: String,
    pub place: Option<String>,
    pub unit_code: String,
    pub organizers: Option<String>,
    pub partners: Option<String>,
    /// Check-in is over (closed by staff, or the day has passed).
    pub closed: bool,
    /// The public check-in page the QR code opens.
    pub checkin_path: String,
    pub created_at: String,
}

impl EventView {
    pub fn of(e: &Event) -> EventView {
        let r = &e.row;
        EventView {
            id: r.id,
            kind: r.kind.clone(),
            title: r.title.clone(),
            date: r.held_on.clone(),
            place: r.place.clone(),
            unit_code: r.unit_code.clone(),
            organizers: r.organizers.clone(),
            partners: r.partners.clone(),
            closed: e.closed,
            checkin_path: format!("/checkin/{}", r.checkin_key),
            created_at: iso(r.created_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewEvent {
    pub kind: String,
    pub title: String,
    /// `YYYY-MM-DD`
    pub date: String,
    pub unit_code: String,
    pub place: Option<String>,
    pub organizers: Option<String>,
    /// Partner bodies: labour bureau, trade union, …
    pub partners: Option<String>,
    /// Participating enterprises.
    pub enterprise_ids: Option<Vec<i64>>,
}

#[utoipa::path(post, path = "/api/v1/events", tag = "employment", request_body = NewEvent,
    responses((status = 201, body = EventView), (status = 422, body = ErrorBody)))]
pub async fn create_event(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(b): ApiJson<NewEvent>,
) -> Result<(StatusCode, Json<EventView>), ApiError> {
    let input = EventInput {
        kind: b.kind,
        title: b.title,
        held_on: b.date,
        place: b.place,
        unit_code: b.unit_code,
        organizers: b.organizers,
        partners: b.partners,
    };
    let e = events::create(&state.app, &caller, input).await?;
    for eid in b.enterprise_ids.unwrap_or_default() {
        events::add_enterprise(&state.app, &caller, e.row.id, eid).await?;
    }
    Ok((StatusCode::CREATED, Json(EventView::of(&e))))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeEvent {
    pub kind: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub unit_code: Option<String>,
    pub place: Option<String>,
    pub organizers: Option<String>,
    pub partners: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/events/{id}", tag = "employment", request_body = ChangeEvent,
    responses((status = 200, body = EventView), (status = 422, body = ErrorBody)))]
pub async fn update_event(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ChangeEvent>,
) -> Result<Json<EventView>, ApiError> {
    let id = parse_id(&id)?;
    let current = events::get(&state.app, &caller, id).await?;
    let mut i = EventInput::of(&current.event.row);
    i.kind = b.kind.unwrap_or(i.kind);
    i.title = b.title.unwrap_or(i.title);
    i.held_on = b.date.unwrap_or(i.held_on);
    i.unit_code = b.unit_code.unwrap_or(i.unit_code);
    i.place = b.place.or(i.place);
    i.organizers = b.organizers.or(i.organizers);
    i.partners = b.partners.or(i.partners);
    Ok(Json(EventView::of(
        &events::update(&state.app, &caller, id, i).await?,
    )))
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
    pub event: EventView,
    pub enterprises: Vec<i64>,
    pub jobs: Vec<JobView>,
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
    Path(id): Path<String>,
) -> Result<Json<EventPublicView>, ApiError> {
    let e = events::public_view(&state.app, &caller, parse_id(&id)?).await?;
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
    Path(id): Path<String>,
) -> Result<Json<EventDetailView>, ApiError> {
    let id = parse_id(&id)?;
    let d = events::get(&state.app, &caller, id).await?;
    let report = EventReport::of(d.event.clone(), d.figures.clone());
    Ok(Json(EventDetailView {
        event: EventView::of(&d.event),
        enterprises: d.enterprises.iter().map(|e| e.id).collect(),
        jobs: d.jobs.iter().map(JobView::of).collect(),
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
    responses((status = 200, body = ListOf<EventView>)))]
pub async fn list_work_events(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<EventParams>,
) -> Result<Json<ListOf<EventView>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let q = EventQuery {
        q: p.q.clone(),
        kind: p.kind.clone(),
    };
    let found = events::list(&state.app, &caller, &q, paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, EventView::of, paging)))
}

#[utoipa::path(post, path = "/api/v1/events/{id}/close", tag = "employment",
    responses((status = 200, body = EventView)))]
pub async fn close_event(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<EventView>, ApiError> {
    Ok(Json(EventView::of(
        &events::set_closed(&state.app, &caller, parse_id(&id)?, true).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/events/{id}/reopen", tag = "employment",
    responses((status = 200, body = EventView)))]
pub async fn reopen_event(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<EventView>, ApiError> {
    Ok(Json(EventView::of(
        &events::set_closed(&state.app, &caller, parse_id(&id)?, false).await?,
    )))
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
    Path(id): Path<String>,
    ApiJson(b): ApiJson<EventEnterprise>,
) -> Result<StatusCode, ApiError> {
    events::add_enterprise(&state.app, &caller, parse_id(&id)?, b.enterprise_id).await?;
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
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewCheckin>,
) -> Result<(StatusCode, Json<CheckinResult>), ApiError> {
    let done = events::check_in(
        &state.app,
        CheckinBy::Desk(&caller),
        Some(parse_id(&id)?),
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
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewAgreement {
    pub enterprise_id: i64,
    pub person_id: i64,
    pub job_id: i64,
    /// `YYYY-MM-DD`; the event's date when absent.
    pub signed_on: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementView {
    pub id: i64,
    pub event_id: i64,
    pub enterprise_id: i64,
    pub person_id: i64,
    pub job_id: i64,
    pub signed_on: String,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/agreements", tag = "employment", request_body = NewAgreement,
    responses((status = 201, body = AgreementView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_agreement(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewAgreement>,
) -> Result<(StatusCode, Json<AgreementView>), ApiError> {
    let input = AgreementInput {
        enterprise_id: b.enterprise_id,
        person_id: b.person_id,
        job_id: b.job_id,
        signed_on: b.signed_on,
    };
    let a = events::add_agreement(&state.app, &caller, parse_id(&id)?, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(AgreementView {
            id: a.id,
            event_id: a.event_id,
            enterprise_id: a.enterprise_id,
            person_id: a.person_id,
            job_id: a.job_id,
            signed_on: a.signed_on,
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/events/{id}/report", tag = "employment",
    responses((status = 200, body = ReportView), (status = 404, body = ErrorBody)))]
pub async fn event_report(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ReportView>, ApiError> {
    let r = events::report(&state.app, &caller, parse_id(&id)?).await?;
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
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let t = Tr(Lang::from_headers(&headers));
    let r = events::report(&state.app, &caller, parse_id(&id)?).await?;
    let bytes = report_workbook(t, &r)?;
    Ok(download(
        &format!("{}.xlsx", r.event.row.title),
        XLSX,
        bytes,
    ))
}

// ---- assistance, mentoring, outcomes ----

#[derive(Debug, Serialize, ToSchema)]
pub struct AssistanceView {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    /// pairing, job, skills, rights
    pub kind: String,
    pub provider: String,
    pub started_on: String,
    pub ended_on: Option<String>,
    /// active, completed, cancelled
    pub status: String,
    pub outcome: Option<String>,
    pub case_id: Option<i64>,
    pub case_code: Option<String>,
}

impl AssistanceView {
    fn of(a: &Assistance) -> AssistanceView {
        let r = &a.row;
        AssistanceView {
            id: r.id,
            person_id: r.person_id,
            person_name: a.person_name.clone(),
            kind: r.kind.clone(),
            provider: r.provider.clone(),
            started_on: r.started_on.clone(),
            ended_on: r.ended_on.clone(),
            status: r.status.clone(),
            outcome: r.outcome.clone(),
            case_id: r.case_id,
            case_code: a.case_code.clone(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewAssistance {
    pub person_id: i64,
    pub kind: String,
    pub provider: String,
    pub started_on: String,
    pub ended_on: Option<String>,
    pub status: Option<String>,
    pub outcome: Option<String>,
    /// Required for rights aid.
    pub case_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/assistance", tag = "employment", request_body = NewAssistance,
    responses((status = 201, body = AssistanceView), (status = 422, body = ErrorBody)))]
pub async fn create_assistance(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(b): ApiJson<NewAssistance>,
) -> Result<(StatusCode, Json<AssistanceView>), ApiError> {
    let input = AssistanceInput {
        person_id: b.person_id,
        kind: b.kind,
        provider: b.provider,
        started_on: b.started_on,
        ended_on: b.ended_on,
        status: b.status,
        outcome: b.outcome,
        case_id: b.case_id,
    };
    let a = assistance::create_assistance(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(AssistanceView::of(&a))))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeAssistance {
    pub status: String,
    pub ended_on: Option<String>,
    pub outcome: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssistanceChanged {
    pub id: i64,
    pub status: String,
    pub ended_on: Option<String>,
    pub outcome: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/assistance/{id}", tag = "employment", request_body = ChangeAssistance,
    responses((status = 200, body = AssistanceChanged), (status = 422, body = ErrorBody)))]
pub async fn update_assistance(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ChangeAssistance>,
) -> Result<Json<AssistanceChanged>, ApiError> {
    let r = assistance::update_assistance(
        &state.app,
        &caller,
        parse_id(&id)?,
        &b.status,
        b.ended_on.as_deref(),
        b.outcome.as_deref(),
    )
    .await?;
    Ok(Json(AssistanceChanged {
        id: r.id,
        status: r.status,
        ended_on: r.ended_on,
        outcome: r.outcome,
    }))
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
    Ok(Json(ListOf::of(found, AssistanceView::of, paging)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MentorshipView {
    pub id: i64,
    pub mentor_id: i64,
    pub mentor_name: String,
    pub mentee_id: i64,
    pub mentee_name: String,
    pub started_on: String,
    pub ended_on: Option<String>,
    pub status: String,
    pub goal: Option<String>,
    pub meetings: Vec<MeetingView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingView {
    pub id: i64,
    pub met_on: String,
    pub note: String,
}

impl MentorshipView {
    fn of(m: &Mentorship) -> MentorshipView {
        MentorshipView {
            id: m.row.id,
            mentor_id: m.row.mentor_id,
            mentor_name: m.mentor_name.clone(),
            mentee_id: m.row.mentee_id,
            mentee_name: m.mentee_name.clone(),
            started_on: m.row.started_on.clone(),
            ended_on: m.row.ended_on.clone(),
            status: m.row.status.clone(),
            goal: m.row.goal.clone(),
            meetings: m
                .meetings
                .iter()
                .map(|x| MeetingView {
                    id: x.id,
                    met_on: x.met_on.clone(),
                    note: x.note.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewMentorship {
    /// The established woman entrepreneur.
    pub mentor_id: i64,
    /// The new one.
    pub mentee_id: i64,
    pub started_on: String,
    pub goal: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/mentorships", tag = "employment", request_body = NewMentorship,
    responses((status = 201, body = MentorshipView), (status = 422, body = ErrorBody)))]
pub async fn create_mentorship(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(b): ApiJson<NewMentorship>,
) -> Result<(StatusCode, Json<MentorshipView>), ApiError> {
    let input = MentorshipInput {
        mentor_id: b.mentor_id,
        mentee_id: b.mentee_id,
        started_on: b.started_on,
        goal: b.goal,
    };
    let m = assistance::create_mentorship(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(MentorshipView::of(&m))))
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
    Ok(Json(found.iter().map(MentorshipView::of).collect()))
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
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewMeeting>,
) -> Result<(StatusCode, Json<MeetingView>), ApiError> {
    let m =
        assistance::add_meeting(&state.app, &caller, parse_id(&id)?, &b.met_on, &b.note).await?;
    Ok((
        StatusCode::CREATED,
        Json(MeetingView {
            id: m.id,
            met_on: m.met_on,
            note: m.note,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOutcome {
    pub person_id: i64,
    /// placement, startup
    pub kind: String,
    pub on_date: String,
    pub job_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeView {
    pub id: i64,
    pub person_id: i64,
    pub kind: String,
    pub on_date: String,
    pub source: String,
}

#[utoipa::path(post, path = "/api/v1/outcomes", tag = "employment", request_body = NewOutcome,
    responses((status = 201, body = OutcomeView), (status = 422, body = ErrorBody)))]
pub async fn record_outcome(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(b): ApiJson<NewOutcome>,
) -> Result<(StatusCode, Json<OutcomeView>), ApiError> {
    let input = OutcomeInput {
        person_id: b.person_id,
        kind: b.kind,
        on_date: b.on_date,
        job_id: b.job_id,
        enterprise_id: b.enterprise_id,
        note: b.note,
    };
    let o = assistance::record_outcome(&state.app, &caller, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(OutcomeView {
            id: o.id,
            person_id: o.person_id,
            kind: o.kind,
            on_date: o.on_date,
            source: o.source,
        }),
    ))
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
