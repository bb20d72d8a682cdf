//! A signed sign-off sheet back in: uploaded on the cycle's page, checked by a dry run whose
//! report names every refused row by its line and column, then, confirmed, imported in one
//! transaction (`jinguo_app::programs::import_marks`). The checked file waits for the
//! confirmation in `AppState::held`, for its uploader only.

use super::{cycle_page, shell};
use crate::error::PageError;
use crate::extract::{parse_id, PageCaller, PostedForm};
use crate::i18n::{field_label, row_reason, Lang};
use crate::pages::flash::{self, Done};
use crate::pages::parts::{Form, Pairs};
use crate::pages::{refused, render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jinguo_app::auth::Caller;
use jinguo_app::import::ImportReport;
use jinguo_app::programs;
use jinguo_app::AppError;

#[derive(Template)]
#[template(path = "marks_import.html")]
struct ReportPage {
    shell: Shell,
    cycle_id: i64,
    file_name: String,
    report: ImportReport,
    problems: Vec<(usize, String, String)>,
    warnings: Vec<(usize, String, String)>,
    /// The token of the held file, when the import may be confirmed.
    token: Option<String>,
}

/// What the uploads of a cycle's sheet are held for.
fn purpose(cycle: i64) -> String {
    format!("marks:{cycle}")
}

fn report_page(
    lang: Lang,
    caller: &Caller,
    cycle_id: i64,
    file_name: String,
    report: ImportReport,
    token: Option<String>,
) -> Result<axum::response::Html<String>, PageError> {
    let lines = |list: &[jinguo_app::import::RowProblem]| {
        list.iter()
            .map(|p| (p.line, field_label(lang, p.field), row_reason(lang, p)))
            .collect()
    };
    let mut shell = shell(lang, caller, "marks-import-title");
    shell.title = shell.t.t("marks-import-title");
    render(&ReportPage {
        problems: lines(&report.problems),
        warnings: lines(&report.warnings),
        shell,
        cycle_id,
        file_name,
        report,
        token,
    })
}

/// The cycle's page again with the upload's refusal beside the import form.
async fn refused_upload(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    cycle: i64,
    e: AppError,
) -> Result<Response, PageError> {
    let form = Form::refused(Pairs::default(), lang, &e, &[]);
    let q = Pairs::default();
    Ok(refused(
        cycle_page(state, caller, lang, cycle, &q, form, "import").await?,
    ))
}

pub async fn upload(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let id = parse_id(&id)?;
    let (file, fields) = crate::api::spool_form(&state.app, &mut multipart).await?;
    let csrf = fields
        .iter()
        .find(|(n, _)| n == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    caller.check_csrf(csrf)?;
    let caller = caller.0;
    let Some((file_name, upload)) = file else {
        let e = AppError::invalid("file", "required");
        return refused_upload(&state, &caller, lang, id, e).await;
    };
    let sheet = match upload.into_sheet(&file_name) {
        Ok(sheet) => sheet,
        Err(e @ AppError::Invalid { .. }) => {
            return refused_upload(&state, &caller, lang, id, e).await
        }
        Err(e) => return Err(e.into()),
    };
    let report = match programs::import_marks(&state.app, &caller, id, &sheet, true).await {
        Ok(report) => report,
        Err(e @ AppError::Invalid { .. }) => {
            return refused_upload(&state, &caller, lang, id, e).await
        }
        Err(e) => return Err(e.into()),
    };
    let writes = report.imported + report.updated > 0;
    let token = (report.rejected == 0 && writes).then(|| {
        state.held.hold(
            &purpose(id),
            caller.user_id(),
            &file_name,
            sheet,
            state.app.now(),
        )
    });
    let status = if report.rejected > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = report_page(lang, &caller, id, file_name, report, token)?;
    Ok((status, page).into_response())
}

pub async fn confirm(
    State(state): State<AppState>,
    Path((id, token)): Path<(String, String)>,
    PostedForm { caller, lang, .. }: PostedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let Some((file_name, sheet)) =
        state
            .held
            .take(&purpose(id), caller.user_id(), &token, state.app.now())
    else {
        // Gone (imported already, or an hour old): back to the cycle, which shows the roll.
        let e = AppError::invalid("file", "marks_upload_gone");
        return refused_upload(&state, &caller, lang, id, e).await;
    };
    let report = match programs::import_marks(&state.app, &caller, id, &sheet, false).await {
        Ok(report) => report,
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            return refused_upload(&state, &caller, lang, id, e).await;
        }
        Err(e) => return Err(e.into()),
    };
    if report.written {
        return Ok(flash::redirect(
            &format!("/cycles/{id}#tab-roll"),
            Done::Imported,
        ));
    }
    // The roll changed since the check: the rows refused now, nothing written.
    let page = report_page(lang, &caller, id, file_name, report, None)?;
    Ok((StatusCode::CONFLICT, page).into_response())
}
