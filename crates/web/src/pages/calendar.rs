//! 节假日 (`/admin/holidays`): the system administrator keeps the yearly table of statutory
//! holidays and make-up working days that every deadline counts — a year's days with their
//! removal, a form to add one, and the import of a table (a check first, then all rows or none).

use super::flash::{self, Done};
use super::parts::{options, Cell, Form, Pairs, Table};
use super::{refused, render, Shell};
use crate::error::PageError;
use crate::extract::{PageCaller, PageForm, PageQuery, PostedForm};
use crate::files::XLSX;
use crate::i18n::{error_message, message, Lang, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use jinguo_app::auth::Caller;
use jinguo_app::calendar::{self, DayInput, DayKind};
use jinguo_app::AppError;
use serde::Deserialize;

pub const PATH: &str = "/admin/holidays";

/// What the import form's check found: per year (year, days off, days worked); or the refused
/// rows (line, reason).
pub struct ImportOutcome {
    pub years: Vec<(i32, usize, usize)>,
    pub problems: Vec<(usize, String)>,
    pub error: String,
}

#[derive(Template)]
#[template(path = "holidays.html")]
struct HolidaysPage {
    shell: Shell,
    year: i32,
    table: Table,
    kinds: Vec<(String, String)>,
    form: Form,
    import: Option<ImportOutcome>,
}

fn require(caller: &Caller) -> Result<(), PageError> {
    if caller.role().administers() {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

async fn page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    year: i32,
    form: Form,
    import: Option<ImportOutcome>,
) -> Result<Html<String>, PageError> {
    let t = Tr(lang);
    let days = calendar::year(&state.app, caller, year).await?;
    let mut table = Table::new(
        t,
        "holidays-table",
        &[
            "holidays-date",
            "holidays-weekday",
            "holidays-kind",
            "holidays-name",
            "actions",
        ],
        "holidays-none",
    );
    for day in days {
        let date = day.date.to_string();
        let weekday = t.t(&format!("weekday-{}", weekday(day.date)));
        table.push(vec![
            Cell::code(date.clone()),
            Cell::text(weekday),
            Cell::text(t.t(&format!("holiday-kind-{}", day.kind.as_str()))),
            Cell::text(day.name),
            Cell::post(
                t.t("holidays-remove"),
                format!("{PATH}/{date}/remove"),
                t.confirm("holidays-remove", &date),
            ),
        ]);
    }
    render(&HolidaysPage {
        shell: Shell::new(lang, Some(caller), "holidays", "holidays-title"),
        year,
        table,
        kinds: options(t, "holiday-kind", DayKind::ALL, DayKind::as_str),
        form,
        import,
    })
}

/// 0 for Sunday … 6 for Saturday.
fn weekday(date: jinguo_domain::CivilDate) -> i64 {
    (date.days_since_epoch() + 4).rem_euclid(7)
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    year: Option<i32>,
}

pub async fn view(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    PageQuery(q): PageQuery<YearQuery>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    require(&caller)?;
    let year = q
        .year
        .unwrap_or_else(|| jinguo_app::people::today(&state.app).year);
    let lang = Lang::from_headers(&headers);
    page(&state, &caller, lang, year, Form::empty(), None).await
}

#[derive(Deserialize, Default)]
pub struct DayForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
}

/// Adds a day; a refused day is shown again beside its field (422).
pub async fn add(
    State(state): State<AppState>,
    caller: PageCaller,
    headers: HeaderMap,
    PageForm(form): PageForm<DayForm>,
) -> Result<Response, PageError> {
    caller.check_csrf(&form.csrf)?;
    let caller = caller.0;
    require(&caller)?;
    let input = DayInput {
        date: form.date.clone(),
        kind: form.kind.clone(),
        name: Some(form.name.clone()),
    };
    match calendar::add_day(&state.app, &caller, &input).await {
        Ok(day) => Ok(flash::redirect(
            &format!("{PATH}?year={}", day.date.year),
            Done::Created,
        )),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let lang = Lang::from_headers(&headers);
            let year = calendar::parse_date(&form.date)
                .map(|d| d.year)
                .unwrap_or_else(|| jinguo_app::people::today(&state.app).year);
            let pairs = Pairs::from_pairs(vec![
                ("date", form.date),
                ("kind", form.kind),
                ("name", form.name),
            ]);
            let refused_form = Form::refused(pairs, lang, &e, &["date", "kind", "name"]);
            Ok(refused(
                page(&state, &caller, lang, year, refused_form, None).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn remove(
    State(state): State<AppState>,
    Path(date): Path<String>,
    PostedForm { caller, .. }: PostedForm,
) -> Result<Response, PageError> {
    calendar::remove_day(&state.app, &caller, &date).await?;
    let year = calendar::parse_date(&date).map(|d| d.year).unwrap_or(0);
    Ok(flash::redirect(
        &format!("{PATH}?year={year}"),
        Done::Deleted,
    ))
}

/// The import form: `check` runs a dry run and shows what the file holds; `import` writes it
/// (each year in the file replaces that year's table), all rows or none.
pub async fn import(
    State(state): State<AppState>,
    caller: PageCaller,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let (file, fields) = crate::api::spool_form(&state.app, &mut multipart).await?;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    caller.check_csrf(&field("csrf"))?;
    let caller = caller.0;
    require(&caller)?;
    let this_year = jinguo_app::people::today(&state.app).year;
    let dry_run = field("action") != "import";
    let refusal = |error: String, problems: Vec<(usize, String)>| ImportOutcome {
        years: Vec::new(),
        problems,
        error,
    };
    let outcome = match file {
        None => Err(refusal(message(lang, "import-no-file", &[]), Vec::new())),
        Some((file_name, upload)) => match upload.into_sheet(&file_name) {
            Err(e) => Err(refusal(error_message(lang, &e), Vec::new())),
            Ok(sheet) => match calendar::import(&state.app, &caller, &sheet, dry_run).await {
                Ok(found) => Ok(found),
                Err(e @ AppError::Rejected { .. }) => {
                    let AppError::Rejected { problems } = &e else {
                        unreachable!()
                    };
                    let lines = problems
                        .iter()
                        .map(|p| {
                            (
                                p.line,
                                message(lang, p.code, &[("detail", p.detail.clone())]),
                            )
                        })
                        .collect();
                    Err(refusal(error_message(lang, &e), lines))
                }
                Err(e @ AppError::Invalid { .. }) => Err(refusal(error_message(lang, &e), vec![])),
                Err(e) => return Err(e.into()),
            },
        },
    };
    match outcome {
        Ok(found) if found.written => {
            let year = found.years.first().map(|y| y.0).unwrap_or(this_year);
            Ok(flash::redirect(&format!("{PATH}?year={year}"), Done::Saved))
        }
        Ok(found) => {
            let year = found.years.first().map(|y| y.0).unwrap_or(this_year);
            let checked = ImportOutcome {
                years: found.years,
                problems: Vec::new(),
                error: String::new(),
            };
            Ok(
                page(&state, &caller, lang, year, Form::empty(), Some(checked))
                    .await?
                    .into_response(),
            )
        }
        Err(refused_import) => Ok(refused(
            page(
                &state,
                &caller,
                lang,
                this_year,
                Form::empty(),
                Some(refused_import),
            )
            .await?,
        )),
    }
}

/// The blank template (日期, 类型, 名称 and one example row).
pub async fn template(PageCaller(caller): PageCaller) -> Result<Response, PageError> {
    require(&caller)?;
    let bytes = calendar::template_xlsx()?;
    Ok(crate::api::file_response(
        XLSX,
        "holidays-template.xlsx",
        axum::body::Body::from(bytes),
    ))
}
