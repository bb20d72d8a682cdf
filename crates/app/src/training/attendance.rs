//! Attendance of a course's sessions: ticked at the desk (the session's roll), by the QR
//! check-in of the session's event (the events' own check-in, which calls `attend_by_checkin`),
//! or read from a filled sign-in sheet (`import`). Only those on the course (not waiting, not
//! withdrawn) attend; a person on another course is refused naming it. The printable sign-in
//! sheet (签到表) and its workbook list the session's roll with a blank column to sign.

use super::enrollment::enrolled;
use super::{conflict, require_runner, session_row};
use crate::audit;
use crate::auth::Caller;
use crate::{App, AppError};
use jinguo_db::employment::EventRow;
use jinguo_db::people as people_store;
use jinguo_db::training::{self as store, AttendanceRow, CourseRow, EnrollmentRow, SessionRow};
use jinguo_db::Exec;
use jinguo_domain::employment::CheckinVia;
use jinguo_domain::training::AttendanceVia;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use utoipa::ToSchema;

/// Who attended (`NewCourseAttendance`): a person on the session's course, by her id or by her
/// enrollment's.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewCourseAttendance)]
pub struct AttendanceInput {
    pub person_id: Option<i64>,
    /// Her enrollment instead of `person_id`; one of another course is refused
    /// (`session_of_other_course`).
    pub enrollment_id: Option<i64>,
}

/// An attendance recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Attended {
    pub session_id: i64,
    pub enrollment_id: i64,
    pub person_id: i64,
    /// False when it was recorded already.
    pub new: bool,
}

/// A session's attendance is taken while its course is open (like an event's check-in, ahead
/// of the day too; the desk's tick list waits for the day on its page).
pub(crate) fn check_open(course: &CourseRow) -> Result<(), AppError> {
    if course.finished_at.is_some() {
        return Err(conflict("course_finished"));
    }
    Ok(())
}

/// Why a person cannot attend a session of this course: she is on another course (whose
/// session it is not), or on none.
async fn not_on_course(
    ex: &mut Exec<'_>,
    course: &CourseRow,
    person_id: i64,
) -> Result<AppError, AppError> {
    let elsewhere = store::enrollments_of_person(ex, person_id)
        .await?
        .into_iter()
        .find(|(e, c)| c.id != course.id && enrolled(e));
    Ok(match elsewhere {
        Some((_, other)) => {
            AppError::invalid_detail("person_id", "session_of_other_course", other.title)
        }
        None => AppError::invalid_detail("person_id", "not_enrolled", person_id.to_string()),
    })
}

/// The enrollment an attendance is for, checked against the session's course and the caller's
/// reach.
async fn enrollment_for(
    app: &App,
    caller: &Caller,
    course: &CourseRow,
    input: &AttendanceInput,
) -> Result<EnrollmentRow, AppError> {
    let mut ex = app.db.ex();
    let scope = caller.scope();
    match (input.enrollment_id, input.person_id) {
        (Some(id), _) => {
            let e = store::find_enrollment(&mut ex, &scope, id)
                .await?
                .ok_or_else(|| {
                    AppError::invalid_detail("enrollment_id", "unknown_enrollment", id.to_string())
                })?;
            if e.course_id != course.id {
                let other = store::courses_by_id(&mut ex, &[e.course_id])
                    .await?
                    .into_iter()
                    .next()
                    .map(|c| c.title)
                    .unwrap_or_default();
                return Err(AppError::invalid_detail(
                    "enrollment_id",
                    "session_of_other_course",
                    other,
                ));
            }
            if !enrolled(&e) {
                return Err(AppError::invalid_detail(
                    "enrollment_id",
                    "not_enrolled",
                    id.to_string(),
                ));
            }
            Ok(e)
        }
        (None, Some(person_id)) => {
            people_store::find(&mut ex, &scope, person_id)
                .await?
                .ok_or_else(|| {
                    AppError::invalid_detail("person_id", "unknown_person", person_id.to_string())
                })?;
            match store::enrollment_of_person(&mut ex, course.id, person_id).await? {
                Some(e) if enrolled(&e) => Ok(e),
                _ => Err(not_on_course(&mut ex, course, person_id).await?),
            }
        }
        (None, None) => Err(AppError::invalid("person_id", "required")),
    }
}

fn attendance_row(
    app: &App,
    session: &SessionRow,
    e: &EnrollmentRow,
    via: AttendanceVia,
    recorded_by: Option<i64>,
    now: i64,
) -> AttendanceRow {
    AttendanceRow {
        id: app.ids.next(now),
        session_id: session.id,
        course_id: session.course_id,
        enrollment_id: e.id,
        person_id: e.person_id,
        unit_code: e.unit_code.clone(),
        via: via.as_str().to_owned(),
        at: now,
        recorded_by: recorded_by.filter(|id| *id != 0),
    }
}

/// Records that a person on the session's course attended it (at the desk, by the API).
pub async fn attend(
    app: &App,
    caller: &Caller,
    session_id: i64,
    input: AttendanceInput,
) -> Result<Attended, AppError> {
    require_runner(caller)?;
    let (session, course) = session_row(app, caller, session_id).await?;
    check_open(&course)?;
    let e = enrollment_for(app, caller, &course, &input).await?;
    let now = app.now();
    let row = attendance_row(
        app,
        &session,
        &e,
        AttendanceVia::Desk,
        Some(caller.user_id),
        now,
    );
    let mut tx = app.db.begin().await?;
    let new = store::insert_attendance(&mut tx.ex(), std::slice::from_ref(&row)).await? == 1;
    if new {
        audit_attendance(app, &mut tx.ex(), caller, "attend", &session, &e, None, now).await?;
    }
    tx.commit().await?;
    Ok(Attended {
        session_id,
        enrollment_id: e.id,
        person_id: e.person_id,
        new,
    })
}

/// The audit of one attendance taken (`attend`) or taken back (`unattend`); how it was taken
/// when it came by the events' check-in.
#[allow(clippy::too_many_arguments)]
async fn audit_attendance(
    app: &App,
    ex: &mut Exec<'_>,
    who: &Caller,
    action: &str,
    session: &SessionRow,
    e: &EnrollmentRow,
    via: Option<AttendanceVia>,
    now: i64,
) -> Result<(), AppError> {
    let mut detail = json!({ "session_id": session.id, "enrollment_id": e.id });
    if let Some(via) = via {
        detail["via"] = json!(via.as_str());
    }
    let entry = who
        .entry(action, "course_session", session.id.to_string())
        .in_unit(&e.unit_code)
        .detail(detail);
    audit::append(app, ex, entry, now).await?;
    Ok(())
}

/// Takes back an attendance recorded by mistake.
pub async fn remove_attendance(
    app: &App,
    caller: &Caller,
    session_id: i64,
    person_id: i64,
) -> Result<(), AppError> {
    require_runner(caller)?;
    let (session, course) = session_row(app, caller, session_id).await?;
    check_open(&course)?;
    let input = AttendanceInput {
        person_id: Some(person_id),
        enrollment_id: None,
    };
    let e = enrollment_for(app, caller, &course, &input).await?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if store::delete_attendance(&mut tx.ex(), session.id, e.id).await? == 0 {
        return Err(AppError::NotFound);
    }
    audit_attendance(
        app,
        &mut tx.ex(),
        caller,
        "unattend",
        &session,
        &e,
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One line of a session's roll: a person on the course whom the caller sees.
#[derive(Debug, Clone)]
pub struct RollLine {
    pub enrollment_id: i64,
    pub person_id: i64,
    pub name: String,
    pub unit_code: String,
    pub present: bool,
    /// How her attendance was taken (desk, qr, import).
    pub via: Option<String>,
}

/// A session, its course and its roll.
#[derive(Debug, Clone)]
pub struct SessionRoll {
    pub session: super::Session,
    pub course: super::Course,
    pub lines: Vec<RollLine>,
}

/// The roll of a session: those on its course the caller sees (her people, or all where she
/// holds the course), in the order they enrolled, each present or not.
pub async fn roll(app: &App, caller: &Caller, session_id: i64) -> Result<SessionRoll, AppError> {
    require_runner(caller)?;
    let (session, course) = session_row(app, caller, session_id).await?;
    let mut ex = app.db.ex();
    let on_course: Vec<EnrollmentRow> = store::enrollments_of(&mut ex, &caller.scope(), course.id)
        .await?
        .into_iter()
        .filter(enrolled)
        .collect();
    let present: HashMap<i64, String> = store::attendance_of_session(&mut ex, session.id)
        .await?
        .into_iter()
        .map(|a| (a.enrollment_id, a.via))
        .collect();
    let ids: Vec<i64> = on_course.iter().map(|e| e.person_id).collect();
    let names: HashMap<i64, String> = people_store::names(&mut ex, &ids)
        .await?
        .into_iter()
        .collect();
    let lines = on_course
        .into_iter()
        .map(|e| RollLine {
            present: present.contains_key(&e.id),
            via: present.get(&e.id).cloned(),
            enrollment_id: e.id,
            person_id: e.person_id,
            name: names.get(&e.person_id).cloned().unwrap_or_default(),
            unit_code: e.unit_code,
        })
        .collect();
    let session_id = session.id;
    Ok(SessionRoll {
        session: super::get_session(app, caller, session_id).await?,
        course: super::get_course(app, caller, course.id).await?,
        lines,
    })
}

/// What the desk's tick list changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RollTaken {
    pub added: u64,
    pub removed: u64,
}

/// The desk's tick list: those of the roll ticked are present, the others of the roll not —
/// one transaction, one audit record.
pub async fn take_roll(
    app: &App,
    caller: &Caller,
    session_id: i64,
    present: &[i64],
) -> Result<RollTaken, AppError> {
    let r = roll(app, caller, session_id).await?;
    let (session, course) = session_row(app, caller, session_id).await?;
    check_open(&course)?;
    for id in present {
        if !r.lines.iter().any(|l| l.enrollment_id == *id) {
            return Err(AppError::invalid_detail(
                "present",
                "unknown_enrollment",
                id.to_string(),
            ));
        }
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let mut rows = Vec::new();
    let mut removed = 0;
    let on_course = store::all_enrollments_of(&mut tx.ex(), course.id).await?;
    for line in &r.lines {
        let ticked = present.contains(&line.enrollment_id);
        if ticked && !line.present {
            if let Some(e) = on_course.iter().find(|e| e.id == line.enrollment_id) {
                rows.push(attendance_row(
                    app,
                    &session,
                    e,
                    AttendanceVia::Desk,
                    Some(caller.user_id),
                    now,
                ));
            }
        } else if !ticked && line.present {
            removed +=
                store::delete_attendance(&mut tx.ex(), session.id, line.enrollment_id).await?;
        }
    }
    let added = store::insert_attendance(&mut tx.ex(), &rows).await?;
    if added + removed > 0 {
        let entry = caller
            .entry("take_roll", "course_session", session.id.to_string())
            .in_unit(&course.unit_code)
            .detail(json!({ "added": added, "removed": removed, "via": "desk" }));
        audit::append(app, &mut tx.ex(), entry, now).await?;
    }
    tx.commit().await?;
    Ok(RollTaken { added, removed })
}

/// What a check-in at a training session's event did for the attendance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionCheckin {
    /// She is on the course: her attendance is recorded.
    Recorded,
    /// She is not on the course (or waits for a place): a visit, no attendance.
    NotEnrolled,
    /// The course is finished: nothing recorded.
    NotOpen,
}

/// The check-in of the events (QR or desk) at a session's event, inside its transaction: the
/// attendance of the registry person checking in (`person_id`: the one the check-in linked, if
/// any), when she is on the course. `None` at an event that is no training session.
pub(crate) async fn attend_by_checkin(
    app: &App,
    ex: &mut Exec<'_>,
    registrar: &Caller,
    event: &EventRow,
    person_id: Option<i64>,
    via: CheckinVia,
    now: i64,
) -> Result<Option<SessionCheckin>, AppError> {
    let Some(session) = store::session_of_event(ex, event.id).await? else {
        return Ok(None);
    };
    let Some(person_id) = person_id else {
        return Ok(Some(SessionCheckin::NotEnrolled));
    };
    let course = store::courses_by_id(ex, &[session.course_id])
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    if course.finished_at.is_some() {
        return Ok(Some(SessionCheckin::NotOpen));
    }
    let Some(e) = store::enrollment_of_person(ex, course.id, person_id)
        .await?
        .filter(enrolled)
    else {
        return Ok(Some(SessionCheckin::NotEnrolled));
    };
    let via = match via {
        CheckinVia::Qr => AttendanceVia::Qr,
        CheckinVia::Desk => AttendanceVia::Desk,
    };
    let row = attendance_row(app, &session, &e, via, Some(registrar.user_id), now);
    if store::insert_attendance(ex, std::slice::from_ref(&row)).await? == 1 {
        audit_attendance(app, ex, registrar, "attend", &session, &e, Some(via), now).await?;
    }
    Ok(Some(SessionCheckin::Recorded))
}

// ---- the sign-in sheet ----

/// The marker a session's sign-in workbook carries in its title rows, so that a filled sheet
/// comes back to its own session (`import`).
pub fn session_marker(session_id: i64) -> String {
    format!("【课次S{session_id}】")
}

/// The session a marker names, if a cell holds one.
pub(crate) fn marked_session(cell: &str) -> Option<i64> {
    let start = cell.find("【课次S")? + "【课次S".len();
    let rest = &cell[start..];
    let end = rest.find('】')?;
    rest[..end].parse().ok()
}

fn xlsx(e: XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

/// The columns of the sign-in workbook (what the attendance import reads back).
pub const SIGN_IN_COLUMNS: [&str; 5] = ["编号", "姓名", "所属单位", "签到", "备注"];

/// The sign-in sheet of a session as a workbook to print or fill in: the course and the
/// session in its title rows (with the session's marker), the roll with a blank column to
/// sign. The download is audited (it lists people by name).
pub async fn sign_in_xlsx(
    app: &App,
    caller: &Caller,
    session_id: i64,
    unit_names: &HashMap<String, String>,
) -> Result<(String, Vec<u8>), AppError> {
    let r = roll(app, caller, session_id).await?;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("签到表").map_err(xlsx)?;
    let title = Format::new().set_bold().set_font_size(16);
    let bold = Format::new().set_bold().set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    sheet
        .write_string_with_format(0, 0, format!("{} 签到表", r.course.title), &title)
        .map_err(xlsx)?;
    let s = &r.session;
    let when = [
        Some(s.date.clone()),
        s.starts_at.clone(),
        s.place.clone().or(s.online_url.clone()),
        s.teacher.clone().map(|t| format!("授课：{t}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("  ");
    sheet
        .write_string(1, 0, format!("{when}  {}", session_marker(s.id)))
        .map_err(xlsx)?;
    for (c, h) in SIGN_IN_COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(3, c as u16, *h, &bold)
            .map_err(xlsx)?;
    }
    for (i, line) in r.lines.iter().enumerate() {
        let row = 4 + i as u32;
        let unit = unit_names
            .get(&line.unit_code)
            .cloned()
            .unwrap_or_else(|| line.unit_code.clone());
        sheet
            .write_string_with_format(row, 0, line.enrollment_id.to_string(), &cell)
            .map_err(xlsx)?;
        sheet
            .write_string_with_format(row, 1, &line.name, &cell)
            .map_err(xlsx)?;
        sheet
            .write_string_with_format(row, 2, unit, &cell)
            .map_err(xlsx)?;
        sheet.write_blank(row, 3, &cell).map_err(xlsx)?;
        sheet.write_blank(row, 4, &cell).map_err(xlsx)?;
        sheet.set_row_height(row, 28).map_err(xlsx)?;
    }
    for (c, w) in [(0u16, 14.0), (1, 14.0), (2, 24.0), (3, 20.0), (4, 16.0)] {
        sheet.set_column_width(c, w).map_err(xlsx)?;
    }
    let bytes = workbook.save_to_buffer().map_err(xlsx)?;
    let entry = caller
        .entry("export", "sign_in_sheet", session_id.to_string())
        .in_unit(&r.course.unit_code)
        .detail(json!({ "names": r.lines.len() }));
    audit::record(app, entry, app.now()).await?;
    Ok((format!("{}-{}-签到表.xlsx", r.course.title, s.date), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheets_marker_names_its_session() {
        assert_eq!(
            marked_session(&format!("2026-05-06 {}", session_marker(42))),
            Some(42)
        );
        assert_eq!(marked_session("2026-05-06 课次"), None);
    }
}
