//! The holiday table (法定节假日 and 调休上班) that every deadline counts: read by every role,
//! kept by the system administrator (page, API, import), shipped with the current year's.
//!
//! Not cached in `App`: several stateless servers may share one PostgreSQL database (DESIGN
//! §4), so a copy kept by one of them would go stale when another changes the table. Reading it
//! is one indexed range query of a few dozen rows, done when a deadline is set.

use crate::audit;
use crate::auth::Caller;
use crate::import::{find_header_in, head_of, is_sample, too_many_rows, Source, MAX_DATA_ROWS};
use crate::{App, AppError, LineProblem};
use jinguo_db::calendar::{self as store, HolidayRow};
use jinguo_db::settings;
use jinguo_domain::calendar::{check_year, shipped, DayError, MAX_NAME_CHARS, SHIPPED_YEAR};
use jinguo_domain::CivilDate;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

pub use jinguo_domain::calendar::{CalendarDay, DayKind, WorkCalendar};

/// The last shipped year loaded into this database (so a later version's year is loaded once).
const SHIPPED_KEY: &str = "holidays_shipped_year";

fn iso(date: CivilDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

fn row_of(day: &CalendarDay) -> HolidayRow {
    HolidayRow {
        day: iso(day.date),
        kind: day.kind.as_str().to_owned(),
        name: day.name.clone(),
    }
}

fn day_of(row: HolidayRow) -> Option<CalendarDay> {
    Some(CalendarDay {
        date: CivilDate::parse(&row.day)?,
        kind: DayKind::parse(&row.kind)?,
        name: row.name,
    })
}

/// The calendar deadlines counted from `from` on need (the days before it play no part).
pub async fn work_calendar(app: &App, from: CivilDate) -> Result<WorkCalendar, AppError> {
    let rows = store::from(&mut app.db.ex(), &iso(from)).await?;
    let days: Vec<CalendarDay> = rows.into_iter().filter_map(day_of).collect();
    Ok(WorkCalendar::new(&days))
}

/// On start: a database that has not had the shipped year gets it, unless that year's table is
/// already there (kept or imported by its administrator).
pub async fn bootstrap(app: &App) -> Result<(), AppError> {
    let mut tx = app.db.begin().await?;
    let loaded = settings::get(&mut tx.ex(), SHIPPED_KEY)
        .await?
        .and_then(|v| v.parse::<i32>().ok());
    if loaded.is_some_and(|y| y >= SHIPPED_YEAR) {
        return Ok(());
    }
    if store::year(&mut tx.ex(), SHIPPED_YEAR).await?.is_empty() {
        let rows: Vec<HolidayRow> = shipped().iter().map(row_of).collect();
        store::replace_year(&mut tx.ex(), SHIPPED_YEAR, &rows).await?;
        tracing::info!(
            year = SHIPPED_YEAR,
            days = rows.len(),
            "loaded the holiday table"
        );
    }
    settings::set(&mut tx.ex(), SHIPPED_KEY, &SHIPPED_YEAR.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

/// The days of a year's table, in date order. Every signed-in role reads it (deadlines are
/// counted with it).
pub async fn year(app: &App, _caller: &Caller, year: i32) -> Result<Vec<CalendarDay>, AppError> {
    check_year_number(year)?;
    let rows = store::year(&mut app.db.ex(), year).await?;
    Ok(rows.into_iter().filter_map(day_of).collect())
}

fn check_year_number(year: i32) -> Result<(), AppError> {
    if !(1949..=2200).contains(&year) {
        return Err(AppError::invalid_detail(
            "year",
            "invalid_year",
            year.to_string(),
        ));
    }
    Ok(())
}

fn may_keep(caller: &Caller) -> Result<(), AppError> {
    if caller.role.administers() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A day as the API and the page's form send it.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct DayInput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `holiday` (放假) or `workday` (调休上班).
    pub kind: String,
    /// The holiday it belongs to, e.g. 国庆节.
    #[serde(default)]
    pub name: Option<String>,
}

impl DayInput {
    fn parse(&self, field: &str) -> Result<CalendarDay, AppError> {
        let date = parse_date(&self.date).ok_or_else(|| {
            AppError::invalid_detail(&format!("{field}date"), "invalid_date", self.date.clone())
        })?;
        let kind = DayKind::parse_label(&self.kind).ok_or_else(|| {
            AppError::invalid_detail(
                &format!("{field}kind"),
                "invalid_day_kind",
                self.kind.clone(),
            )
        })?;
        Ok(CalendarDay {
            date,
            kind,
            name: self.name.as_deref().unwrap_or("").trim().to_owned(),
        })
    }
}

fn day_error(field: &str, error: DayError, day: &CalendarDay) -> AppError {
    let which = match error {
        DayError::NameTooLong => "name",
        DayError::OutsideYear | DayError::Duplicate => "date",
    };
    AppError::invalid_detail(&format!("{field}{which}"), error.code(), iso(day.date))
}

/// Replaces a year's table (the API's `PUT /holidays/{year}`); the system administrator only.
pub async fn replace_year(
    app: &App,
    caller: &Caller,
    year: i32,
    input: &[DayInput],
) -> Result<Vec<CalendarDay>, AppError> {
    may_keep(caller)?;
    check_year_number(year)?;
    let mut days = Vec::with_capacity(input.len());
    for (i, day) in input.iter().enumerate() {
        days.push(day.parse(&format!("days[{i}]."))?);
    }
    if let Err((i, error)) = check_year(year, &days) {
        return Err(day_error(&format!("days[{i}]."), error, &days[i]));
    }
    days.sort_by_key(|d| d.date);
    write_years(
        app,
        caller,
        &BTreeMap::from([(year, days.clone())]),
        "update",
    )
    .await?;
    Ok(days)
}

/// Writes whole years in one transaction, with one audit entry per year.
async fn write_years(
    app: &App,
    caller: &Caller,
    years: &BTreeMap<i32, Vec<CalendarDay>>,
    action: &str,
) -> Result<(), AppError> {
    let now = app.now();
    let mut tx = app.db.begin().await?;
    for (year, days) in years {
        let rows: Vec<HolidayRow> = days.iter().map(row_of).collect();
        store::replace_year(&mut tx.ex(), *year, &rows).await?;
        let mut entry = caller.entry(action, "holidays", year.to_string());
        entry.detail = counts(days);
        audit::append(app, &mut tx.ex(), entry, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

fn counts(days: &[CalendarDay]) -> serde_json::Value {
    let holidays = days.iter().filter(|d| d.kind == DayKind::Holiday).count();
    json!({ "holidays": holidays, "workdays": days.len() - holidays })
}

/// Adds one day to its year's table (the page's add form).
pub async fn add_day(
    app: &App,
    caller: &Caller,
    input: &DayInput,
) -> Result<CalendarDay, AppError> {
    may_keep(caller)?;
    let day = input.parse("")?;
    check_year_number(day.date.year)?;
    if let Err((_, error)) = check_year(day.date.year, std::slice::from_ref(&day)) {
        return Err(day_error("", error, &day));
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::add(&mut tx.ex(), &row_of(&day)).await.map_err(|e| {
        if e.is_unique_violation() {
            AppError::Conflict {
                code: "holiday_duplicate_date",
                field: Some("date"),
                detail: Some(iso(day.date)),
            }
        } else {
            e.into()
        }
    })?;
    let mut entry = caller.entry("create", "holiday", iso(day.date));
    entry.detail = json!({ "kind": day.kind.as_str(), "name": day.name });
    audit::commit(app, tx, entry, now).await?;
    Ok(day)
}

/// Removes one day from the table (404 when it is not there).
pub async fn remove_day(app: &App, caller: &Caller, date: &str) -> Result<(), AppError> {
    may_keep(caller)?;
    let date = parse_date(date).ok_or(AppError::NotFound)?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if !store::remove(&mut tx.ex(), &iso(date)).await? {
        return Err(AppError::NotFound);
    }
    audit::commit(app, tx, caller.entry("delete", "holiday", iso(date)), now).await?;
    Ok(())
}

/// A date as sheets write it: `2026-10-01`, `2026/10/1`, `2026.10.1`, `2026年10月1日`,
/// `20261001`, with a time after it, or an Excel day number (46296).
pub fn parse_date(text: &str) -> Option<CivilDate> {
    let text = text.trim();
    let text = text.split([' ', 'T']).next().unwrap_or(text);
    if let Ok(serial) = text.parse::<i64>() {
        return match text.len() {
            8 => CivilDate::new(
                (serial / 10_000) as i32,
                (serial / 100 % 100) as u32,
                (serial % 100) as u32,
            ),
            // Days since 1899-12-30 (Excel's day 0, its 1900 leap-year mistake included).
            4 | 5 => Some(CivilDate::new(1899, 12, 30)?.plus_days(serial)),
            _ => None,
        };
    }
    let normalized: String = text
        .trim_end_matches('日')
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            c => c,
        })
        .collect();
    CivilDate::parse(&normalized)
}

/// What an import found (and, unless it was a dry run, wrote): per year, its days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarImport {
    /// (year, holidays, workdays), in year order.
    pub years: Vec<(i32, usize, usize)>,
    pub written: bool,
}

const ALIASES: &[(&str, &[&str])] = &[
    ("date", &["日期", "date", "day"]),
    ("kind", &["类型", "类别", "kind", "type"]),
    ("name", &["名称", "节日", "节假日", "name"]),
];

/// Imports a table of days (columns 日期, 类型, 名称): every year the file holds replaces that
/// year's table. All rows valid or nothing written (a problem names the row and the column);
/// a dry run checks and counts without writing.
pub async fn import(
    app: &App,
    caller: &Caller,
    source: &dyn Source,
    dry_run: bool,
) -> Result<CalendarImport, AppError> {
    may_keep(caller)?;
    let (head, rest) = head_of(source)?;
    let header = find_header_in(&head, ALIASES, &["date", "kind"])
        .ok_or_else(|| AppError::invalid_detail("file", "missing_header", "日期, 类型, 名称"))?;
    // The column headers as the file writes them, to name them in problems.
    let column = |field: &str| -> String {
        header
            .columns
            .get(field)
            .and_then(|&i| head[header.row].cells.get(i))
            .map(|c| c.trim().to_owned())
            .unwrap_or_else(|| field.to_owned())
    };
    let (date_column, kind_column, name_column) = (column("date"), column("kind"), column("name"));
    let mut problems = Vec::new();
    let mut seen: HashMap<CivilDate, usize> = HashMap::new();
    let mut years: BTreeMap<i32, Vec<CalendarDay>> = BTreeMap::new();
    let mut read: u64 = 0;
    let rows = head
        .iter()
        .skip(header.row + 1)
        .cloned()
        .map(Ok)
        .chain(rest);
    for row in rows {
        let row = row?;
        if row.cells.iter().all(|c| c.trim().is_empty()) || is_sample(&row.cells) {
            continue;
        }
        read += 1;
        if read > MAX_DATA_ROWS {
            return Err(too_many_rows());
        }
        let line = row.line;
        let problem = |code, column: &str, value: &str| LineProblem {
            line,
            code,
            detail: format!("{column}「{value}」"),
        };
        let raw_date = header.cell(&row.cells, "date").trim();
        let raw_kind = header.cell(&row.cells, "kind").trim();
        let name = header.cell(&row.cells, "name").trim();
        let date = parse_date(raw_date);
        let kind = DayKind::parse_label(raw_kind);
        if date.is_none() {
            problems.push(problem("holiday_bad_date", &date_column, raw_date));
        }
        if kind.is_none() {
            problems.push(problem("holiday_bad_kind", &kind_column, raw_kind));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            problems.push(problem("holiday_name_too_long", &name_column, name));
        }
        let (Some(date), Some(kind)) = (date, kind) else {
            continue;
        };
        if date.year < 1949 || date.year > 2200 {
            problems.push(problem("holiday_bad_date", &date_column, raw_date));
            continue;
        }
        if let Some(first) = seen.insert(date, line) {
            problems.push(LineProblem {
                line,
                code: "holiday_duplicate_row",
                detail: format!("{date_column}「{raw_date}」（第 {first} 行）"),
            });
            continue;
        }
        years.entry(date.year).or_default().push(CalendarDay {
            date,
            kind,
            name: name.to_owned(),
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(AppError::Rejected { problems });
    }
    if years.is_empty() {
        return Err(AppError::invalid("file", "holiday_file_empty"));
    }
    for days in years.values_mut() {
        days.sort_by_key(|d| d.date);
    }
    if !dry_run {
        write_years(app, caller, &years, "import").await?;
    }
    Ok(CalendarImport {
        years: years
            .iter()
            .map(|(year, days)| {
                let holidays = days.iter().filter(|d| d.kind == DayKind::Holiday).count();
                (*year, holidays, days.len() - holidays)
            })
            .collect(),
        written: !dry_run,
    })
}

/// The import template (xlsx): the header and one example row, marked 【示例】 and skipped when
/// the file comes back with it.
pub fn template_xlsx() -> Result<Vec<u8>, AppError> {
    crate::import::template_xlsx(
        "节假日",
        &["日期", "类型", "名称"],
        &["2026-10-01", "放假", "国庆节"],
        &[(0, 16.0), (1, 12.0), (2, 16.0)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_sheets_write_them() {
        let want = CivilDate::new(2026, 10, 1);
        for text in [
            "2026-10-01",
            "2026/10/1",
            "2026.10.01",
            "2026年10月1日",
            "20261001",
            "2026-10-01 00:00:00",
            "46296",
        ] {
            assert_eq!(parse_date(text), want, "{text}");
        }
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("国庆"), None);
    }
}
