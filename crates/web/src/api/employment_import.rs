//! Enterprises in and out of files: the import of a register (multipart upload, a dry run, all
//! or nothing, the rejected rows as JSON or as a workbook), its blank template, and the export of
//! what the enterprise list shows.

use super::employment::EnterpriseParams;
use super::ErrorBody;
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiMultipart, ApiQuery};
use crate::files::download;
use crate::files::XLSX;
use crate::i18n::{rejected_rows_xlsx, row_reason, Lang};
use crate::AppState;
use axum::extract::Multipart;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use jinguo_app::auth::Caller;
use jinguo_app::employment::enterprises::EnterpriseQuery;
use jinguo_app::employment::import as enterprise_import;
use jinguo_app::employment::jobs_import;
use jinguo_app::import::ImportReport;
use jinguo_app::import::{ImportOptions, Importer, Upload, UploadedSheet};
use jinguo_app::{App, AppError};
use serde::Serialize;
use utoipa::ToSchema;

/// A refused row of an imported file.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowProblemView {
    /// The line (row number) as the file shows it.
    pub line: usize,
    /// The column the problem is in, e.g. `credit_code`.
    pub field: String,
    /// Stable snake_case code, e.g. `credit_code_check`.
    pub code: String,
    /// The reason in the request's language.
    pub message: String,
}

/// What an import did: rows = imported + updated + rejected; blank and footer rows are skipped.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportSummary {
    pub rows: u64,
    pub imported: u64,
    pub updated: u64,
    pub rejected: u64,
    pub skipped: u64,
    /// Whether the valid rows were committed (false for a dry run, and for an all-or-nothing
    /// import with rejected rows).
    pub written: bool,
    pub problems: Vec<RowProblemView>,
    /// Rows imported with a warning (a job posting's preference for mothers, code
    /// `requirement_warning`); empty for other imports.
    pub warnings: Vec<RowProblemView>,
}

/// true/false, 1/0, on/off, yes/no as forms send them.
pub(crate) fn flag(fields: &[(String, String)], name: &str) -> Result<bool, AppError> {
    match fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.trim())
    {
        None | Some("") => Ok(false),
        Some("true" | "1" | "on" | "yes") => Ok(true),
        Some("false" | "0" | "off" | "no") => Ok(false),
        Some(other) => Err(AppError::invalid_detail(name, "invalid_choice", other)),
    }
}

pub(crate) fn text_field(fields: &[(String, String)], name: &str) -> Option<String> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Imports a register of enterprises. A credit code already registered updates that
/// enterprise; a credit code repeated in the file is rejected.
#[utoipa::path(post, path = "/api/v1/enterprises/import", tag = "employment",
    request_body(content_type = "multipart/form-data", description = "`file`: the register (xlsx, xls, ods or csv in UTF-8 or GBK); \
        `dry_run`, `all_or_nothing`: true or false; `unit`: the unit code for rows that name no street or community; \
        `report`: `xlsx` to answer with the workbook of rejected rows instead of JSON"),
    responses((status = 200, body = ImportSummary), (status = 403, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody, description = "unreadable file, no header, unknown unit")))]
pub async fn import_enterprises(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    upload: ImportUpload,
) -> Result<Response, ApiError> {
    let report = enterprise_import::import_enterprises(
        &state.app,
        Importer::User(&caller),
        &upload.sheet,
        &upload.options,
        &|_, _| {},
    )
    .await?;
    upload.answer(&report)
}

/// An import's upload, read from its multipart form: the sheet (spooled to disk as it arrives),
/// the import options of the form's fields, and how the caller wants the report (the
/// language, and `report=xlsx` for the workbook of rejected rows).
pub struct ImportUpload {
    pub sheet: UploadedSheet,
    pub options: ImportOptions,
    lang: Lang,
    fields: Vec<(String, String)>,
}

impl FromRequest<AppState> for ImportUpload {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_headers(req.headers());
        let ApiMultipart(mut multipart) = ApiMultipart::from_request(req, state).await?;
        let (file, fields) = spool_form(&state.app, &mut multipart).await?;
        let (sheet, options) = upload_of(file, &fields)?;
        Ok(ImportUpload {
            sheet,
            options,
            lang,
            fields,
        })
    }
}

impl ImportUpload {
    /// The import's report as JSON, or as the workbook of its rejected rows when asked.
    pub fn answer(&self, report: &ImportReport) -> Result<Response, ApiError> {
        answer(self.lang, &self.fields, report)
    }
}

/// The uploaded sheet and the import options of the form's fields.
pub(crate) fn upload_of(
    file: Option<(String, Upload)>,
    fields: &[(String, String)],
) -> Result<(UploadedSheet, ImportOptions), AppError> {
    let (file_name, upload) = file.ok_or_else(|| AppError::invalid("file", "required"))?;
    let options = ImportOptions {
        default_unit: text_field(fields, "unit"),
        dry_run: flag(fields, "dry_run")?,
        all_or_nothing: flag(fields, "all_or_nothing")?,
    };
    Ok((upload.into_sheet(&file_name)?, options))
}

/// The size limit of an import upload as the user reads it.
fn upload_limit_text() -> String {
    format!("{} MB", crate::pages::import::UPLOAD_LIMIT / 1024 / 1024)
}

/// Reads an import's form: the `file` part (its name and its bytes) written to a spool file as
/// it arrives, never held in memory — an empty one is no file; the other fields as text. A body
/// over the route's limit is a 413 naming `file`.
pub(crate) async fn spool_form(
    app: &App,
    multipart: &mut Multipart,
) -> Result<(Option<(String, Upload)>, Vec<(String, String)>), AppError> {
    let refused = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge {
                field: "file",
                limit: upload_limit_text(),
            }
        } else {
            AppError::invalid_detail("file", "malformed_upload", e.body_text())
        }
    };
    let (mut file, mut fields) = (None, Vec::new());
    while let Some(mut field) = multipart.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or("").to_owned();
        if name != "file" {
            fields.push((name, field.text().await.map_err(refused)?));
            continue;
        }
        let file_name = field.file_name().unwrap_or("").to_owned();
        let mut upload = Upload::create(app)?;
        while let Some(chunk) = field.chunk().await.map_err(refused)? {
            upload.append(&chunk)?;
        }
        file = Some((file_name, upload)).filter(|(_, u)| !u.is_empty());
    }
    Ok((file, fields))
}

/// The import's summary as JSON, or the workbook of rejected rows when `report=xlsx`.
pub(crate) fn answer(
    lang: Lang,
    fields: &[(String, String)],
    report: &ImportReport,
) -> Result<Response, ApiError> {
    if text_field(fields, "report").as_deref() == Some("xlsx") {
        let bytes = rejected_rows_xlsx(lang, report)?;
        return Ok(download("rejected-rows.xlsx", XLSX, bytes));
    }
    let view = |p: &jinguo_app::import::RowProblem| RowProblemView {
        line: p.line,
        field: p.field.to_owned(),
        code: p.code.to_owned(),
        message: row_reason(lang, p),
    };
    let problems = report.problems.iter().map(view).collect();
    let warnings = report.warnings.iter().map(view).collect();
    Ok(Json(ImportSummary {
        rows: report.rows,
        imported: report.imported,
        updated: report.updated,
        rejected: report.rejected,
        skipped: report.skipped,
        written: report.written,
        problems,
        warnings,
    })
    .into_response())
}

/// Imports job postings: each row names its enterprise (credit code, else exact name, in the
/// caller's district) and creates a job. A row restricting applicants by sex, marriage or
/// childbearing is rejected (`discriminatory_requirement`, employment discrimination).
#[utoipa::path(post, path = "/api/v1/jobs/import", tag = "employment",
    request_body(content_type = "multipart/form-data", description = "`file`: the postings (xlsx, xls, ods or csv in UTF-8 or GBK); \
        `dry_run`, `all_or_nothing`: true or false; `unit`: the unit code for rows that name no place; \
        `report`: `xlsx` to answer with the workbook of rejected rows instead of JSON"),
    responses((status = 200, body = ImportSummary), (status = 403, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody, description = "unreadable file, no header, unknown unit")))]
pub async fn import_jobs(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    upload: ImportUpload,
) -> Result<Response, ApiError> {
    let report = jobs_import::import_jobs(
        &state.app,
        Importer::User(&caller),
        &upload.sheet,
        &upload.options,
        &|_, _| {},
    )
    .await?;
    upload.answer(&report)
}

/// The blank template of the job import: the expected headers, an example row.
#[utoipa::path(get, path = "/api/v1/jobs/import/template", tag = "employment",
    responses((status = 200, description = "XLSX")))]
pub async fn job_import_template(ApiCaller(_caller): ApiCaller) -> Result<Response, ApiError> {
    let bytes = jobs_import::template_xlsx()?;
    Ok(download("岗位导入模板.xlsx", XLSX, bytes))
}

/// The blank template (空白模板): the expected headers, an example row, every column as text.
#[utoipa::path(get, path = "/api/v1/enterprises/import/template", tag = "employment",
    responses((status = 200, description = "XLSX")))]
pub async fn enterprise_import_template(
    ApiCaller(_caller): ApiCaller,
) -> Result<Response, ApiError> {
    let bytes = enterprise_import::template_xlsx()?;
    Ok(download("企业导入模板.xlsx", XLSX, bytes))
}

/// The enterprises the list shows with these filters, in the import's columns with contact
/// phones in full (audited). A POST (with the session's `X-CSRF-Token` when called from a
/// browser), so a link cannot start an export.
#[utoipa::path(post, path = "/api/v1/enterprises/export", tag = "employment", params(EnterpriseParams),
    responses((status = 200, description = "CSV (UTF-8 with BOM) or XLSX"), (status = 422, body = ErrorBody)))]
pub async fn export_enterprises(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<EnterpriseParams>,
) -> Result<Response, ApiError> {
    let format = p.format.as_deref().unwrap_or("xlsx");
    Ok(enterprise_export_response(&state, &caller, &p.query(), format).await?)
}

/// The enterprises of the query as a `csv` or `xlsx` download (the export is audited).
pub(crate) async fn enterprise_export_response(
    state: &AppState,
    caller: &Caller,
    q: &EnterpriseQuery,
    format: &str,
) -> Result<Response, AppError> {
    let format = format.to_ascii_lowercase();
    let file = enterprise_import::export(&state.app, caller, q, &format).await?;
    let bytes = file.to_bytes(&format)?;
    Ok(match format.as_str() {
        "csv" => download("enterprises.csv", "text/csv; charset=utf-8", bytes),
        _ => download("enterprises.xlsx", XLSX, bytes),
    })
}
