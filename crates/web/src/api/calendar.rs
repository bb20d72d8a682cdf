//! The holiday table: statutory holidays and make-up working days, per year.

use super::employment_import::spool_form;
use super::ErrorBody;
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiMultipart, ApiQuery, Path};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use jinguo_app::calendar::{self, CalendarDay, DayInput};
use jinguo_app::AppError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One day of the table.
#[derive(Debug, Serialize, ToSchema)]
pub struct HolidayView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `holiday` (a day off, 放假) or `workday` (a weekend day worked, 调休上班).
    pub kind: String,
    /// The holiday it belongs to, e.g. 国庆节.
    pub name: String,
}

/// A year's table, in date order.
#[derive(Debug, Serialize, ToSchema)]
pub struct HolidayYearView {
    pub year: i32,
    pub days: Vec<HolidayView>,
}

fn year_view(year: i32, days: Vec<CalendarDay>) -> HolidayYearView {
    HolidayYearView {
        year,
        days: days
            .into_iter()
            .map(|d| HolidayView {
                date: d.date.to_string(),
                kind: d.kind.as_str().to_owned(),
                name: d.name,
            })
            .collect(),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HolidayParams {
    /// The year (default: this year).
    pub year: Option<i32>,
}

/// A year's table of statutory holidays and make-up working days (every role reads it: the
/// deadlines of cases and referrals are counted with it).
#[utoipa::path(get, path = "/api/v1/holidays", tag = "units", params(HolidayParams),
    responses((status = 200, body = HolidayYearView), (status = 422, body = ErrorBody)))]
pub async fn list_holidays(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<HolidayParams>,
) -> Result<Json<HolidayYearView>, ApiError> {
    let year = params
        .year
        .unwrap_or_else(|| jinguo_app::people::today(&state.app).year);
    let days = calendar::year(&state.app, &caller, year).await?;
    Ok(Json(year_view(year, days)))
}

/// A year's table as sent to replace it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct HolidayYearInput {
    pub days: Vec<DayInput>,
}

/// Replaces a year's table (the system administrator only); audited.
#[utoipa::path(put, path = "/api/v1/holidays/{year}", tag = "units", request_body = HolidayYearInput,
    params(("year" = i32, Path, description = "The year, e.g. 2026")),
    responses((status = 200, body = HolidayYearView), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "a bad day, named by its field: `days[3].date`")))]
pub async fn put_holidays(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(year): Path<i32>,
    ApiJson(body): ApiJson<HolidayYearInput>,
) -> Result<Json<HolidayYearView>, ApiError> {
    let days = calendar::replace_year(&state.app, &caller, year, &body.days).await?;
    Ok(Json(year_view(year, days)))
}

/// A year found in an imported file.
#[derive(Debug, Serialize, ToSchema)]
pub struct HolidayImportYear {
    pub year: i32,
    pub holidays: usize,
    pub workdays: usize,
}

/// What an import of the table found, and whether it was written (not for a dry run).
#[derive(Debug, Serialize, ToSchema)]
pub struct HolidayImportView {
    pub years: Vec<HolidayImportYear>,
    pub written: bool,
}

/// Imports the table from a sheet (columns 日期, 类型: 放假/调休上班 or holiday/workday, 名称):
/// each year in the file replaces that year's table, all rows or none; the system administrator
/// only. A refused file answers 422 `import_rejected` with each problem's line and column.
#[utoipa::path(post, path = "/api/v1/holidays/import", tag = "units",
    request_body(content_type = "multipart/form-data", description = "`file`: the table (xlsx, xls, ods or csv in UTF-8 or GBK); \
        `dry_run`: true to check and count without writing"),
    responses((status = 200, body = HolidayImportView), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "unreadable file, no header, rejected rows")))]
pub async fn import_holidays(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiMultipart(mut multipart): ApiMultipart,
) -> Result<Json<HolidayImportView>, ApiError> {
    if !caller.role().administers() {
        return Err(AppError::Forbidden.into());
    }
    let (file, fields) = spool_form(&state.app, &mut multipart).await?;
    let (file_name, upload) = file.ok_or_else(|| AppError::invalid("file", "required"))?;
    let dry_run = fields
        .iter()
        .any(|(n, v)| n == "dry_run" && matches!(v.trim(), "true" | "1" | "on" | "yes"));
    let sheet = upload.into_sheet(&file_name)?;
    let found = calendar::import(&state.app, &caller, &sheet, dry_run).await?;
    Ok(Json(HolidayImportView {
        years: found
            .years
            .into_iter()
            .map(|(year, holidays, workdays)| HolidayImportYear {
                year,
                holidays,
                workdays,
            })
            .collect(),
        written: found.written,
    }))
}
