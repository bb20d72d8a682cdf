//! Case statistics of the caller's subtree, by status, category, channel and unit.

#[allow(unused_imports)]
use super::*;
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiQuery};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use jinguo_app::cases::{self};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct KeyCount {
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatsView {
    pub total: i64,
    pub by_category: Vec<KeyCount>,
    pub by_channel: Vec<KeyCount>,
    pub by_status: Vec<KeyCount>,
    pub by_kind: Vec<KeyCount>,
    /// `YYYY-MM` of intake.
    pub by_month: Vec<KeyCount>,
}

fn key_counts(rows: &[(String, i64)]) -> Vec<KeyCount> {
    rows.iter()
        .map(|(key, count)| KeyCount {
            key: key.clone(),
            count: *count,
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/cases/stats", tag = "cases", params(CaseParams),
    responses((status = 200, body = StatsView)))]
pub async fn case_stats(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<CaseParams>,
) -> Result<Json<StatsView>, ApiError> {
    let s = cases::stats::case_stats(&state.app, &caller, &params.query()).await?;
    Ok(Json(StatsView {
        total: s.total,
        by_category: key_counts(&s.by_category),
        by_channel: key_counts(&s.by_channel),
        by_status: key_counts(&s.by_status),
        by_kind: key_counts(&s.by_kind),
        by_month: key_counts(&s.by_month),
    }))
}
