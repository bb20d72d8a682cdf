//! The org tree and the departments.

use crate::error::ApiError;
use crate::extract::ApiCaller;
use crate::i18n::Lang;
use crate::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use jinguo_app::units;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitView {
    pub code: String,
    pub name: String,
    /// province, city, district, street or community
    pub level: String,
    pub parent_code: Option<String>,
}

/// The caller's subtree of the org tree, parents before children.
#[utoipa::path(get, path = "/api/v1/units", tag = "units",
    responses((status = 200, body = Vec<UnitView>), (status = 401, body = super::ErrorBody)))]
pub async fn list_units(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<UnitView>>, ApiError> {
    let tree = units::tree(&state.app, &caller).await?;
    Ok(Json(
        tree.into_iter()
            .map(|u| UnitView {
                code: u.code,
                name: u.name,
                level: u.level,
                parent_code: u.parent_code,
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentView {
    /// Stable snake_case code, e.g. `public_security`.
    pub code: String,
    /// The name in the request's language.
    pub name: String,
}

/// Government bodies that take referrals and report indicators.
#[utoipa::path(get, path = "/api/v1/departments", tag = "units",
    responses((status = 200, body = Vec<DepartmentView>), (status = 401, body = super::ErrorBody)))]
pub async fn list_departments(
    State(state): State<AppState>,
    ApiCaller(_caller): ApiCaller,
    headers: HeaderMap,
) -> Result<Json<Vec<DepartmentView>>, ApiError> {
    let lang = Lang::from_headers(&headers);
    let departments = units::departments(&state.app).await?;
    Ok(Json(
        departments
            .into_iter()
            .map(|d| DepartmentView {
                code: d.code,
                name: if lang == Lang::En {
                    d.name_en
                } else {
                    d.name_zh
                },
            })
            .collect(),
    ))
}
