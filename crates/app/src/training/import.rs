//! Training's sheets in from files, with the people import's machinery (header found below
//! title rows, Chinese header aliases, footer rows skipped, every refused row reported with its
//! line and reason, a dry run, then one transaction):
//!
//! - a sign-up sheet (报名表) enrolls the people it names in a course — each matched in the
//!   registry by ID number, or by name and phone, within the importer's reach; a row outside
//!   the course's target groups needs its reason column; over capacity a row waits (with a
//!   warning) or is refused (`course_full`);
//! - a filled sign-in sheet (签到表) records who attended a session — each row matched to the
//!   course's roll by its 编号 (the session's own workbook prints it), ID number, or name and
//!   phone; a row whose 签到 column is left blank is an absence (skipped). A workbook printed
//!   for another session is refused as a whole, naming it.
//!
//! Every row goes through the same use case as the course page (`enrollment::place`), inside
//! one transaction: the dry run is that transaction rolled back.

use super::attendance::{check_open, marked_session};
use super::enrollment::{enrolled, place, Placement, MAX_REASON_CHARS};
use super::{course_row, require_runner, session_row};
use crate::auth::Caller;
use crate::import::{
    head_of, ImportOptions, ImportReport, Importer, Layout, Plan, RowProblem, Source,
    PHONE_ALIASES as PHONE,
};
use crate::people::{id_error, today, FieldProblem, IDX_ID, IDX_PHONE};
use crate::{App, AppError};
use jinguo_db::people::{self as people_store, PersonRow};
use jinguo_db::training::{self as store, AttendanceRow, EnrollmentRow};
use jinguo_db::Exec;
use jinguo_domain::training::AttendanceVia;
use jinguo_domain::{IdNumber, Phone, Scope};
use std::collections::HashMap;

const NAME: (&str, &[&str]) = ("name", &["name", "姓名", "名字", "姓 名", "学员姓名"]);
const ID_NUMBER: (&str, &[&str]) = (
    "id_number",
    &[
        "id_number",
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "身份证",
        "证件号码",
    ],
);
const ENROLLMENT_ALIASES: &[(&str, &[&str])] = &[
    NAME,
    ID_NUMBER,
    PHONE,
    (
        "reason",
        &[
            "reason",
            "报名原因",
            "原因",
            "备注",
            "说明",
            "非目标人群原因",
        ],
    ),
];

const ATTENDANCE_ALIASES: &[(&str, &[&str])] = &[
    ("enrollment_id", &["enrollment_id", "编号", "学员编号"]),
    NAME,
    ID_NUMBER,
    PHONE,
    (
        "signed",
        &[
            "signed",
            "签到",
            "签名",
            "出勤",
            "到课",
            "是否到场",
            "签到情况",
        ],
    ),
];

const KEYS: &[&str] = &["name"];

const ENROLLMENT_LAYOUT: Layout = Layout {
    aliases: ENROLLMENT_ALIASES,
    keys: KEYS,
    missing: "姓名, 身份证号码 / 联系电话",
};

const ATTENDANCE_LAYOUT: Layout = Layout {
    aliases: ATTENDANCE_ALIASES,
    keys: KEYS,
    missing: "姓名, 编号 / 身份证号码 / 联系电话",
};

/// The registry person a row names, in the importer's reach: by ID number, else by name and
/// phone together.
async fn person_of(
    app: &App,
    ex: &mut Exec<'_>,
    scope: &Scope,
    cell: impl Fn(&str) -> String,
) -> Result<PersonRow, FieldProblem> {
    let (name, id_number, phone) = (cell("name"), cell("id_number"), cell("phone"));
    let db = |e: jinguo_db::DbError| FieldProblem::new("row", "internal_error", e.to_string());
    let found = if !id_number.is_empty() {
        let id = IdNumber::parse(&id_number, today(app)).map_err(id_error)?;
        let index = app.cipher.blind_index(IDX_ID, id.as_str());
        people_store::find_by_id_index(ex, &index)
            .await
            .map_err(db)?
            .filter(|p| scope.covers_code(&p.unit_code))
            .ok_or_else(|| FieldProblem::new("id_number", "unknown_person", name.clone()))?
    } else if !phone.is_empty() {
        let phone = Phone::parse(&phone)
            .map_err(|e| FieldProblem::new("phone", e.code(), phone.clone()))?;
        let index = app.cipher.blind_index(IDX_PHONE, phone.as_str());
        people_store::find_by_phone_index(ex, &index)
            .await
            .map_err(db)?
            .filter(|p| p.name == name && scope.covers_code(&p.unit_code))
            .ok_or_else(|| FieldProblem::new("phone", "unknown_person", name.clone()))?
    } else {
        return Err(FieldProblem::new("id_number", "id_or_phone_required", ""));
    };
    Ok(found)
}

/// A use case's refusal as a row's problem (a conflict, as enrolling her twice, is her name's);
/// a failure that is not about the row ends the import.
fn row_problem(e: AppError) -> Result<FieldProblem, AppError> {
    match e {
        AppError::Conflict { code, detail, .. } => {
            Ok(FieldProblem::new("name", code, detail.unwrap_or_default()))
        }
        other => crate::import::row_problem(other, |field| match field {
            Some("reason") => "reason",
            _ => "name",
        }),
    }
}

/// Enrolls the people a sign-up sheet names in a course the caller sees.
pub async fn import_enrollments(
    app: &App,
    caller: &Caller,
    course_id: i64,
    source: &dyn Source,
    options: &ImportOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportReport, AppError> {
    require_runner(caller)?;
    let course = course_row(app, caller, course_id).await?;
    if course.finished_at.is_some() {
        return Err(super::conflict("course_finished"));
    }
    let importer = &Importer::User(caller);
    let plan = Plan::new(app, importer, source, options, &ENROLLMENT_LAYOUT).await?;
    let has = |f: &str| plan.header.columns.contains_key(f);
    if !has("id_number") && !has("phone") {
        return Err(AppError::invalid_detail(
            "file",
            "missing_header",
            "身份证号码 / 联系电话",
        ));
    }
    let plan = &plan;
    let course = &course;
    crate::import::two_passes(options, move |write| async move {
        let (mut rows, mut report) = plan.data_rows(KEYS)?;
        let now = app.now();
        let scope = caller.scope();
        let mut tx = app.db.begin().await?;
        let mut first_line: HashMap<i64, usize> = HashMap::new();
        let mut done = 0;
        while let Some(row) = rows.next(&mut report)? {
            done += 1;
            let (line, cells) = (row.line, row.cells);
            let cell = |f: &str| plan.header.cell(&cells, f).trim().to_owned();
            let person = match person_of(app, &mut tx.ex(), &scope, cell).await {
                Ok(p) => p,
                Err(p) => {
                    report.reject(RowProblem::of(line, p, &cells));
                    continue;
                }
            };
            if let Some(first) = first_line.get(&person.id) {
                let p = FieldProblem::new("name", "duplicate_person_in_file", first.to_string());
                report.reject(RowProblem::of(line, p, &cells));
                continue;
            }
            first_line.insert(person.id, line);
            let reason: String = cell("reason").chars().take(MAX_REASON_CHARS).collect();
            let placed = place(
                app,
                &mut tx.ex(),
                caller,
                Placement {
                    course,
                    person: &person,
                    reason: Some(reason).filter(|r| !r.is_empty()),
                    source: "import",
                },
                now,
            )
            .await;
            match placed {
                Ok(e) => {
                    report.imported += 1;
                    if !enrolled(&e) {
                        let p = FieldProblem::new("name", "enrolled_waiting", person.name.clone());
                        report.warn(RowProblem::of(line, p, &cells));
                    }
                }
                Err(e) => report.reject(RowProblem::of(line, row_problem(e)?, &cells)),
            }
            if done % 200 == 0 {
                progress(done, 0);
            }
        }
        progress(done, done);
        if write {
            crate::import::commit(app, tx, importer, "enrollment", &mut report, now).await?;
            Ok(report)
        } else {
            Ok(crate::import::dry(report))
        }
    })
    .await
}

/// Refuses a sign-in workbook printed for another session (its title rows carry the marker).
async fn check_marker(
    app: &App,
    caller: &Caller,
    source: &dyn Source,
    header_row: usize,
    session_id: i64,
    course_id: i64,
) -> Result<(), AppError> {
    let (head, _) = head_of(source)?;
    let marked = head
        .iter()
        .take(header_row)
        .flat_map(|r| r.cells.iter())
        .find_map(|c| marked_session(c));
    let Some(other) = marked.filter(|s| *s != session_id) else {
        return Ok(());
    };
    let same_course = store::find_session(&mut app.db.ex(), &caller.scope(), other)
        .await?
        .is_some_and(|s| s.course_id == course_id);
    let code = if same_course {
        "sheet_of_other_session"
    } else {
        "session_of_other_course"
    };
    Err(AppError::invalid_detail("file", code, other.to_string()))
}

/// Whether a 签到 cell says she came: anything written but a "no".
fn signed(cell: &str) -> bool {
    let c = cell.trim();
    !c.is_empty()
        && !matches!(
            c,
            "否" | "未到" | "缺" | "缺席" | "×" | "x" | "X" | "0" | "无" | "请假"
        )
}

/// Records the attendance a filled sign-in sheet shows for a session the caller sees.
pub async fn import_attendance(
    app: &App,
    caller: &Caller,
    session_id: i64,
    source: &dyn Source,
    options: &ImportOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportReport, AppError> {
    require_runner(caller)?;
    let (session, course) = session_row(app, caller, session_id).await?;
    check_open(&course)?;
    let importer = &Importer::User(caller);
    let plan = Plan::new(app, importer, source, options, &ATTENDANCE_LAYOUT).await?;
    let has = |f: &str| plan.header.columns.contains_key(f);
    if !has("enrollment_id") && !has("id_number") && !has("phone") {
        return Err(AppError::invalid_detail(
            "file",
            "missing_header",
            "编号 / 身份证号码 / 联系电话",
        ));
    }
    check_marker(app, caller, source, plan.header.row, session.id, course.id).await?;
    let with_signatures = has("signed");
    let (plan, session) = (&plan, &session);
    crate::import::two_passes(options, move |write| async move {
        let (mut rows, mut report) = plan.data_rows(KEYS)?;
        let now = app.now();
        let scope = caller.scope();
        let mut tx = app.db.begin().await?;
        let roll: Vec<EnrollmentRow> = store::enrollments_of(&mut tx.ex(), &scope, course.id)
            .await?
            .into_iter()
            .filter(enrolled)
            .collect();
        let present: Vec<i64> = store::attendance_of_session(&mut tx.ex(), session.id)
            .await?
            .iter()
            .map(|a| a.enrollment_id)
            .collect();
        let mut first_line: HashMap<i64, usize> = HashMap::new();
        let mut new_rows: Vec<AttendanceRow> = Vec::new();
        let mut done = 0;
        while let Some(row) = rows.next(&mut report)? {
            done += 1;
            let (line, cells) = (row.line, row.cells);
            let cell = |f: &str| plan.header.cell(&cells, f).trim().to_owned();
            if with_signatures && !signed(&cell("signed")) {
                // An absence: not a row of attendance.
                report.rows -= 1;
                report.skipped += 1;
                continue;
            }
            let matched = match cell("enrollment_id") {
                number if !number.is_empty() => {
                    enrollment_by_number(&mut tx.ex(), &scope, &roll, course.id, &number).await?
                }
                _ => match person_of(app, &mut tx.ex(), &scope, cell).await {
                    Err(p) => Err(p),
                    Ok(person) => roll
                        .iter()
                        .find(|e| e.person_id == person.id)
                        .cloned()
                        .ok_or_else(|| FieldProblem::new("name", "not_enrolled", person.name)),
                },
            };
            let e = match matched {
                Ok(e) => e,
                Err(p) => {
                    report.reject(RowProblem::of(line, p, &cells));
                    continue;
                }
            };
            if let Some(first) = first_line.get(&e.id) {
                let p = FieldProblem::new("name", "duplicate_person_in_file", first.to_string());
                report.reject(RowProblem::of(line, p, &cells));
                continue;
            }
            first_line.insert(e.id, line);
            if present.contains(&e.id) {
                report.updated += 1;
                continue;
            }
            report.imported += 1;
            new_rows.push(AttendanceRow {
                id: app.ids.next(now),
                session_id: session.id,
                course_id: course.id,
                enrollment_id: e.id,
                person_id: e.person_id,
                unit_code: e.unit_code.clone(),
                via: AttendanceVia::Import.as_str().to_owned(),
                at: now,
                recorded_by: caller.author(),
            });
            if done % 200 == 0 {
                progress(done, 0);
            }
        }
        progress(done, done);
        if write {
            store::insert_attendance(&mut tx.ex(), &new_rows).await?;
            crate::import::commit(app, tx, importer, "course_attendance", &mut report, now).await?;
            Ok(report)
        } else {
            Ok(crate::import::dry(report))
        }
    })
    .await
}

/// A row's 编号: an enrollment on this course's roll; one of another course is named as such.
async fn enrollment_by_number(
    ex: &mut Exec<'_>,
    scope: &Scope,
    roll: &[EnrollmentRow],
    course_id: i64,
    number: &str,
) -> Result<Result<EnrollmentRow, FieldProblem>, AppError> {
    let Ok(id) = number.parse::<i64>() else {
        return Ok(Err(FieldProblem::new(
            "enrollment_id",
            "unknown_enrollment",
            number,
        )));
    };
    if let Some(e) = roll.iter().find(|e| e.id == id) {
        return Ok(Ok(e.clone()));
    }
    let problem = match store::find_enrollment(ex, scope, id).await? {
        Some(e) if e.course_id != course_id => {
            FieldProblem::new("enrollment_id", "session_of_other_course", number)
        }
        Some(_) => FieldProblem::new("enrollment_id", "not_enrolled", number),
        None => FieldProblem::new("enrollment_id", "unknown_enrollment", number),
    };
    Ok(Err(problem))
}

/// The blank sign-up sheet (报名表模板): the expected headers, an example row.
pub fn enrollment_template_xlsx() -> Result<Vec<u8>, AppError> {
    crate::import::template_xlsx(
        "报名表",
        &["姓名", "身份证号码", "联系电话", "报名原因"],
        &["王秀丽", "350503198805120026", "13905951234", ""],
        &[(1, 22.0), (2, 16.0), (3, 30.0)],
    )
}

/// The blank sign-in sheet (签到表模板), for a sheet kept by hand; a session's own workbook
/// (with its roll) is on the session's page.
pub fn attendance_template_xlsx() -> Result<Vec<u8>, AppError> {
    crate::import::template_xlsx(
        "签到表",
        &["姓名", "身份证号码", "联系电话", "签到"],
        &["王秀丽", "350503198805120026", "13905951234", "王秀丽"],
        &[(1, 22.0), (2, 16.0), (3, 16.0)],
    )
}
