//! The audit log, for the audit administrator (case ids pseudonymized).

use super::{ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiQuery};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use jinguo_app::audit::{self, Event, Filter};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub entity: Option<String>,
    /// YYYY-MM-DD (UTC+8), inclusive
    pub from: Option<String>,
    /// YYYY-MM-DD (UTC+8), inclusive
    pub to: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Builds the log's filter from query text; dates are read as China Standard Time days.
pub fn filter_of(
    actor: Option<&str>,
    action: Option<&str>,
    entity: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Filter, jinguo_app::AppError> {
    let text = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let day = |v: Option<&str>, field: &str| -> Result<Option<i64>, jinguo_app::AppError> {
        match text(v) {
            None => Ok(None),
            Some(d) => crate::pages::day_start_ms(&d)
                .map(Some)
                .ok_or_else(|| jinguo_app::AppError::invalid(field, "invalid_date")),
        }
    };
    Ok(Filter {
        actor: text(actor),
        action: text(action),
        actions: None,
        entity: text(entity),
        from_ms: day(from, "from")?,
        to_ms: day(to, "to")?.map(|start| start + 86_400_000),
    })
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = ListOf<Event>), (status = 403, body = super::ErrorBody)))]
pub async fn list_events(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<ListOf<Event>>, ApiError> {
    caller.require_audit_reader()?;
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    let filter = filter_of(
        q.actor.as_deref(),
        q.action.as_deref(),
        q.entity.as_deref(),
        q.from.as_deref(),
        q.to.as_deref(),
    )?;
    let (events, total) = audit::list(&state.app, &caller, &filter, page, per_page).await?;
    Ok(Json(ListOf {
        items: events,
        total,
        page,
        per_page,
    }))
}
