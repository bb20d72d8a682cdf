//! Cases: intake, the list, reading one, the workflow, deadlines.

use super::super::{ErrorBody, ListOf, Paging};
#[allow(unused_imports)]
use super::*;
use crate::api::iso;
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, Path};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jinguo_app::cases::{self, CaseInput, CaseQuery, TransitionInput};
use jinguo_app::AppError;
use jinguo_domain::cases::DeadlineRule;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = CaseInput,
    responses((status = 201, body = CaseView), (status = 422, body = ErrorBody)))]
pub async fn create_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<CaseInput>,
) -> Result<(StatusCode, Json<CaseView>), ApiError> {
    let case = cases::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(CaseView::of(&case))))
}

/// Filters of the case list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseParams {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub channel: Option<String>,
    /// Only cases past their deadline.
    pub overdue: Option<bool>,
    /// Only closed cases whose follow-up visit is due.
    pub follow_up_due: Option<bool>,
    /// A unit and its subtree.
    pub unit_code: Option<String>,
    /// A handler's username or id.
    pub handler: Option<String>,
    /// Only the caller's own cases.
    pub mine: Option<bool>,
    /// Opened on or after (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Opened on or before (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// A case code, or a person's name, pinyin or ID tail.
    pub q: Option<String>,
    pub person_id: Option<i64>,
    /// `pressing` (emergencies and urgent cases first, then the nearest deadline), `deadline`
    /// or `follow_up`; the newest first otherwise.
    pub sort: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl CaseParams {
    pub fn query(&self) -> CaseQuery {
        CaseQuery {
            status: self.status.clone(),
            kind: self.kind.clone(),
            category: self.category.clone(),
            channel: self.channel.clone(),
            overdue: self.overdue.unwrap_or(false),
            follow_up_due: self.follow_up_due.unwrap_or(false),
            unit_code: self.unit_code.clone(),
            handler: self.handler.clone(),
            mine: self.mine.unwrap_or(false),
            from: self.from.clone(),
            to: self.to.clone(),
            q: self.q.clone(),
            person_id: self.person_id,
            sort: self.sort.clone(),
            ..CaseQuery::default()
        }
    }

    fn paging(&self) -> Paging {
        Paging {
            page: self.page,
            per_page: self.per_page,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(CaseParams),
    responses((status = 200, body = ListOf<CaseView>), (status = 422, body = ErrorBody)))]
pub async fn list_cases(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<CaseParams>,
) -> Result<Json<ListOf<CaseView>>, ApiError> {
    let (page, per_page) = params.paging().resolve()?;
    let found = cases::list(&state.app, &caller, &params.query(), page, per_page).await?;
    Ok(Json(ListOf {
        items: found.items.iter().map(CaseView::of).collect(),
        total: found.total,
        page,
        per_page,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Count {
    pub count: i64,
}

#[utoipa::path(get, path = "/api/v1/cases/overdue/count", tag = "cases",
    responses((status = 200, body = Count)))]
pub async fn overdue_count(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Count>, ApiError> {
    let count = cases::overdue_count(&state.app, &caller).await?;
    Ok(Json(Count { count }))
}

/// A case the caller took in, by its status only (no narrative, people or files).
#[derive(Debug, Serialize, ToSchema)]
pub struct TakenInView {
    pub code: String,
    pub status: String,
    /// The deadline of the current status, if it has one.
    pub due_at: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/cases/taken-in", tag = "cases",
    responses((status = 200, body = Vec<TakenInView>), (status = 403, body = ErrorBody)))]
pub async fn taken_in_by_me(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<TakenInView>>, ApiError> {
    let rows = cases::taken_in_by_me(&state.app, &caller).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| TakenInView {
                code: r.code,
                status: r.status,
                due_at: r.due_at.map(iso),
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    responses((status = 200, body = CaseDetailView), (status = 404, body = ErrorBody)))]
pub async fn get_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<CaseDetailView>, ApiError> {
    let detail = cases::get(&state.app, &caller, id).await?;
    Ok(Json(CaseDetailView::of(detail)))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/transition", tag = "cases", request_body = TransitionInput,
    responses((status = 200, body = CaseView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TransitionInput>,
) -> Result<Json<CaseView>, ApiError> {
    let case = cases::transition(&state.app, &caller, id, input).await?;
    Ok(Json(CaseView::of(&case)))
}

// deadlines
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeadlineView {
    pub category: String,
    pub status: String,
    pub working_days: u32,
}

fn deadline_views(rules: Vec<DeadlineRule>) -> Vec<DeadlineView> {
    rules
        .into_iter()
        .map(|r| DeadlineView {
            category: r.category.as_str().into(),
            status: r.status.as_str().into(),
            working_days: r.working_days,
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/case-deadlines", tag = "cases",
    responses((status = 200, body = Vec<DeadlineView>)))]
pub async fn get_deadlines(
    State(state): State<AppState>,
    ApiCaller(_caller): ApiCaller,
) -> Result<Json<Vec<DeadlineView>>, ApiError> {
    Ok(Json(deadline_views(
        cases::deadline_rules(&state.app).await?,
    )))
}

#[utoipa::path(put, path = "/api/v1/case-deadlines", tag = "cases", request_body = Vec<DeadlineView>,
    responses((status = 200, body = Vec<DeadlineView>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_deadlines(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<Vec<DeadlineView>>,
) -> Result<Json<Vec<DeadlineView>>, ApiError> {
    use jinguo_domain::cases::{Category, Status};
    let rules = body
        .into_iter()
        .map(|d| {
            Ok(DeadlineRule {
                category: Category::parse(&d.category).ok_or_else(|| {
                    AppError::invalid_detail("category", "invalid_choice", &d.category)
                })?,
                status: Status::parse(&d.status).ok_or_else(|| {
                    AppError::invalid_detail("status", "invalid_choice", &d.status)
                })?,
                working_days: d.working_days,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let saved = cases::set_deadline_rules(&state.app, &caller, rules).await?;
    Ok(Json(deadline_views(saved)))
}
