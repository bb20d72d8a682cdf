//! Training (培训): courses, their sessions, enrollments, attendance and follow-up calls.
//!
//! A course is seen by those whose unit it was held for: its unit's subtree, and the units
//! below it (a district course is every street's and community's to enroll their people in).
//! An enrollment, an attendance and a follow-up carry the enrolled person's unit: they are seen
//! in that unit's subtree, and whole by those who hold the course (its unit in their subtree).
//! Every read of them takes the caller's scope.

use crate::record::{self, fetch_row, fetch_rows, in_list, select_sql, Record};
use crate::schema::tables::{
    CourseAttendance, CourseSessions, Courses, Enrollments, TrainingFollowUps,
};
use crate::{sql, DbError, Exec, Query};
use jinguo_domain::Scope;
use sea_query::OnConflict;

record! {
    pub struct CourseRow in Courses {
        pub id: i64,
        pub title: String,
        /// domain::training::Tier
        pub tier: String,
        /// The unit that holds it.
        pub unit_code: String,
        /// Places; no limit when `None`.
        pub capacity: Option<i64>,
        /// Over capacity, people wait for a place (else the enrollment is refused).
        pub waiting_list: bool,
        /// Registry tag codes, comma-joined ("" for everyone).
        pub target_tags: String,
        pub organizer: Option<String>,
        /// Department codes, comma-joined.
        pub partner_departments: String,
        /// Other partners, as free text.
        pub partners: Option<String>,
        /// The share of sessions to attend, in thousandths.
        pub completion_permille: i32,
        pub fee_free: bool,
        pub description: Option<String>,
        pub finished_at: Option<i64>,
        /// The completion day written on the certificates.
        pub finished_on: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
    }
}

record! {
    pub struct SessionRow in CourseSessions {
        pub id: i64,
        pub course_id: i64,
        /// The course's unit.
        pub unit_code: String,
        pub held_on: String,
        pub starts_at: Option<String>,
        pub ends_at: Option<String>,
        pub place: Option<String>,
        pub online_url: Option<String>,
        pub teacher: Option<String>,
        pub topic: Option<String>,
        /// The event whose check-in (QR or desk) records attendance.
        pub event_id: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct EnrollmentRow in Enrollments {
        pub id: i64,
        pub course_id: i64,
        pub person_id: i64,
        /// The person's unit when she was enrolled: the enrollment's scope.
        pub unit_code: String,
        /// domain::training::EnrollmentStatus
        pub status: String,
        /// She is in none of the course's target groups (a reason was recorded).
        pub outside_target: bool,
        /// Sealed (`enrollment.reason`).
        pub reason_cipher: Option<Vec<u8>>,
        /// registry, import
        pub source: String,
        /// Also her place in the waiting list.
        pub enrolled_at: i64,
        pub withdrawn_at: Option<i64>,
        pub completed: bool,
        pub completed_on: Option<String>,
        pub certificate_number: Option<String>,
        pub created_by: Option<i64>,
    }
}

record! {
    pub struct AttendanceRow in CourseAttendance {
        pub id: i64,
        pub session_id: i64,
        pub course_id: i64,
        pub enrollment_id: i64,
        pub person_id: i64,
        pub unit_code: String,
        /// domain::training::AttendanceVia
        pub via: String,
        pub at: i64,
        pub recorded_by: Option<i64>,
    }
}

record! {
    pub struct FollowUpRow in TrainingFollowUps {
        pub id: i64,
        pub enrollment_id: i64,
        pub course_id: i64,
        pub person_id: i64,
        pub unit_code: String,
        pub called_on: String,
        /// domain::training::FollowUpResult
        pub result: String,
        /// Sealed (`training_follow_up.note`).
        pub note_cipher: Option<Vec<u8>>,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

/// The rows of one course's table (`alias.course_id`) a scope sees: those of its people (their
/// unit in the scope), or all of them when it holds the course. Placeholders `$n`, `$n+1`.
fn people_rows_filter(alias: &str, n: usize) -> String {
    format!(
        "({alias}.unit_code BETWEEN ${n} AND ${m} OR EXISTS (SELECT 1 FROM courses c \
         WHERE c.id = {alias}.course_id AND c.unit_code BETWEEN ${n} AND ${m}))",
        m = n + 1
    )
}

// ---- courses ----

pub async fn insert_course(ex: &mut Exec<'_>, row: &CourseRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn update_course(ex: &mut Exec<'_>, row: &CourseRow) -> Result<(), DbError> {
    record::update(ex, row).await
}

/// A course the scope sees (its own subtree's, or one held for it above).
pub async fn find_course(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<CourseRow>, DbError> {
    record::find_in_scope_or_above(ex, scope, id).await
}

#[derive(Debug, Clone, Default)]
pub struct CourseFilter {
    /// A substring of the title.
    pub q: Option<String>,
    pub tier: Option<String>,
    /// Only those the scope holds (its subtree's), not those held for it above.
    pub own_only: bool,
    /// Only those not finished yet.
    pub open_only: bool,
}

fn course_where(scope: &Scope, f: &CourseFilter) -> (String, Vec<String>) {
    let (mut text, mut values) = if f.own_only {
        let range = scope.unit_range();
        (
            "(unit_code BETWEEN $1 AND $2)".to_owned(),
            vec![range.lo().to_owned(), range.hi().to_owned()],
        )
    } else {
        // Its own subtree's courses and those held for it by its street and district.
        record::in_scope_or_above(scope, "unit_code", 1)
    };
    if let Some(q) = f.q.as_deref().filter(|q| !q.trim().is_empty()) {
        values.push(format!("%{}%", escape_like(q.trim())));
        text.push_str(&format!(
            " AND lower(title) LIKE lower(${}) ESCAPE '\\'",
            values.len()
        ));
    }
    if let Some(tier) = &f.tier {
        values.push(tier.clone());
        text.push_str(&format!(" AND tier = ${}", values.len()));
    }
    if f.open_only {
        text.push_str(" AND finished_at IS NULL");
    }
    (text, values)
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A page of the courses a scope sees, the latest first, and how many there are.
pub async fn list_courses(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &CourseFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<CourseRow>, i64), DbError> {
    let (filter, values) = course_where(scope, f);
    let total: i64 = ex
        .fetch_scalar(record::bind_all(
            sql(format!("SELECT COUNT(*) FROM courses WHERE {filter}")),
            values.clone(),
        ))
        .await?;
    let q = record::bind_all(
        sql(format!(
            "{} WHERE {filter} ORDER BY created_at DESC, id DESC LIMIT {limit} OFFSET {offset}",
            select_sql::<CourseRow>()
        )),
        values,
    );
    Ok((fetch_rows(ex, q, CourseRow::read).await?, total))
}

/// Sessions and enrollments of some courses, counted: what a list of courses shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CourseCounts {
    pub sessions: i64,
    pub first_session: Option<String>,
    pub last_session: Option<String>,
    pub enrolled: i64,
    pub waiting: i64,
    pub completed: i64,
}

pub async fn course_counts(
    ex: &mut Exec<'_>,
    course_ids: &[i64],
) -> Result<Vec<(i64, CourseCounts)>, DbError> {
    if course_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = in_list(course_ids);
    let sessions = ex
        .fetch_all(sql(format!(
            "SELECT course_id, COUNT(*), MIN(held_on), MAX(held_on) FROM course_sessions \
             WHERE course_id IN ({list}) GROUP BY course_id"
        )))
        .await?;
    let people = ex
        .fetch_all(sql(format!(
            "SELECT course_id, status, completed, COUNT(*) FROM enrollments \
             WHERE course_id IN ({list}) GROUP BY course_id, status, completed"
        )))
        .await?;
    let mut out: Vec<(i64, CourseCounts)> = course_ids
        .iter()
        .map(|id| (*id, CourseCounts::default()))
        .collect();
    for r in &sessions {
        let id: i64 = r.get_index(0)?;
        if let Some((_, c)) = out.iter_mut().find(|(c, _)| *c == id) {
            c.sessions = r.get_index(1)?;
            c.first_session = r.get_index(2)?;
            c.last_session = r.get_index(3)?;
        }
    }
    for r in &people {
        let id: i64 = r.get_index(0)?;
        let status: String = r.get_index(1)?;
        let completed: bool = r.get_index(2)?;
        let n: i64 = r.get_index(3)?;
        if let Some((_, c)) = out.iter_mut().find(|(c, _)| *c == id) {
            match status.as_str() {
                "enrolled" => {
                    c.enrolled += n;
                    if completed {
                        c.completed += n;
                    }
                }
                "waiting" => c.waiting += n,
                _ => {}
            }
        }
    }
    Ok(out)
}

// ---- sessions ----

pub async fn insert_session(ex: &mut Exec<'_>, row: &SessionRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

/// A session of a course the scope sees (a session carries its course's unit).
pub async fn find_session(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<SessionRow>, DbError> {
    record::find_in_scope_or_above(ex, scope, id).await
}

/// The session an event was made for (its check-in records attendance), whoever checks in.
pub async fn session_of_event(
    ex: &mut Exec<'_>,
    event_id: i64,
) -> Result<Option<SessionRow>, DbError> {
    let q = sql(format!(
        "{} WHERE event_id = $1",
        select_sql::<SessionRow>()
    ))
    .bind(event_id);
    fetch_row(ex, q, SessionRow::read).await
}

/// A course's sessions in order (the course's visibility is checked by whoever found it).
pub async fn sessions_of(ex: &mut Exec<'_>, course_id: i64) -> Result<Vec<SessionRow>, DbError> {
    record::rows_where(ex, "course_id", course_id, "held_on, starts_at, id").await
}

// ---- enrollments ----

pub async fn insert_enrollment(ex: &mut Exec<'_>, row: &EnrollmentRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn update_enrollment(ex: &mut Exec<'_>, row: &EnrollmentRow) -> Result<(), DbError> {
    record::update(ex, row).await
}

fn enrollment_columns(alias: &str) -> String {
    EnrollmentRow::COLUMNS
        .iter()
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The enrollments the scope sees whose `column` is `value`, in an order (`e` is the table).
fn seen_enrollments(scope: &Scope, column: &str, value: i64, order: &str) -> Query {
    let range = scope.unit_range();
    sql(format!(
        "SELECT {} FROM enrollments e WHERE e.{column} = $1 AND {}{order}",
        enrollment_columns("e"),
        people_rows_filter("e", 2)
    ))
    .bind(value)
    .bind(range.lo())
    .bind(range.hi())
}

/// An enrollment the scope sees.
pub async fn find_enrollment(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<EnrollmentRow>, DbError> {
    let q = seen_enrollments(scope, "id", id, "");
    fetch_row(ex, q, EnrollmentRow::read).await
}

/// The enrollments of a course the scope sees, in the order they came (the waiting list's).
pub async fn enrollments_of(
    ex: &mut Exec<'_>,
    scope: &Scope,
    course_id: i64,
) -> Result<Vec<EnrollmentRow>, DbError> {
    let q = seen_enrollments(
        scope,
        "course_id",
        course_id,
        " ORDER BY e.enrolled_at, e.id",
    );
    fetch_rows(ex, q, EnrollmentRow::read).await
}

/// Every enrollment of a course, whoever asks: what capacity, the waiting list and completion
/// count (no person is shown from it).
pub async fn all_enrollments_of(
    ex: &mut Exec<'_>,
    course_id: i64,
) -> Result<Vec<EnrollmentRow>, DbError> {
    record::rows_where(ex, "course_id", course_id, "enrolled_at, id").await
}

/// A person's enrollment in a course, whoever made it (a repeat is refused whatever the scope).
pub async fn enrollment_of_person(
    ex: &mut Exec<'_>,
    course_id: i64,
    person_id: i64,
) -> Result<Option<EnrollmentRow>, DbError> {
    let columns = [
        ("course_id", course_id.into()),
        ("person_id", person_id.into()),
    ];
    record::find_by(ex, &columns).await
}

/// A person's enrollments with their courses, the latest first (her page: she is in the
/// caller's reach, so are her courses' titles).
pub async fn enrollments_of_person(
    ex: &mut Exec<'_>,
    person_id: i64,
) -> Result<Vec<(EnrollmentRow, CourseRow)>, DbError> {
    let course_columns: Vec<String> = CourseRow::COLUMNS
        .iter()
        .map(|c| format!("c.{c} AS c_{c}"))
        .collect();
    let q = sql(format!(
        "SELECT {}, {} FROM enrollments e JOIN courses c ON c.id = e.course_id \
         WHERE e.person_id = $1 ORDER BY e.enrolled_at DESC, e.id DESC",
        enrollment_columns("e"),
        course_columns.join(", ")
    ))
    .bind(person_id);
    let rows = ex.fetch_all(q).await?;
    rows.iter()
        .map(|r| {
            let course = CourseRow {
                id: r.get("c_id")?,
                title: r.get("c_title")?,
                tier: r.get("c_tier")?,
                unit_code: r.get("c_unit_code")?,
                capacity: r.get("c_capacity")?,
                waiting_list: r.get("c_waiting_list")?,
                target_tags: r.get("c_target_tags")?,
                organizer: r.get("c_organizer")?,
                partner_departments: r.get("c_partner_departments")?,
                partners: r.get("c_partners")?,
                completion_permille: r.get("c_completion_permille")?,
                fee_free: r.get("c_fee_free")?,
                description: r.get("c_description")?,
                finished_at: r.get("c_finished_at")?,
                finished_on: r.get("c_finished_on")?,
                created_by: r.get("c_created_by")?,
                created_at: r.get("c_created_at")?,
                updated_at: r.get("c_updated_at")?,
            };
            Ok((EnrollmentRow::read(r)?, course))
        })
        .collect()
}

/// An enrollment by its certificate's number: the public verification page's only way in.
pub async fn enrollment_by_certificate(
    ex: &mut Exec<'_>,
    number: &str,
) -> Result<Option<(EnrollmentRow, CourseRow)>, DbError> {
    let q = sql(format!(
        "{} WHERE certificate_number = $1 AND completed = TRUE",
        select_sql::<EnrollmentRow>()
    ))
    .bind(number);
    let Some(e) = fetch_row(ex, q, EnrollmentRow::read).await? else {
        return Ok(None);
    };
    let course = record::find::<CourseRow>(ex, e.course_id).await?;
    Ok(course.map(|c| (e, c)))
}

/// Completers of the courses a scope sees, whose people or courses are in its reach (the
/// follow-up list and the reports): with their course.
pub async fn completers(ex: &mut Exec<'_>, scope: &Scope) -> Result<Vec<EnrollmentRow>, DbError> {
    let range = scope.unit_range();
    let q = sql(format!(
        "SELECT {} FROM enrollments e WHERE e.completed = TRUE AND e.status = 'enrolled' AND {} \
         ORDER BY e.completed_on, e.id",
        enrollment_columns("e"),
        people_rows_filter("e", 1)
    ))
    .bind(range.lo())
    .bind(range.hi());
    fetch_rows(ex, q, EnrollmentRow::read).await
}

/// Every enrollment of some courses (the figures of reports; no person is shown from them).
pub async fn enrollments_of_courses(
    ex: &mut Exec<'_>,
    course_ids: &[i64],
) -> Result<Vec<EnrollmentRow>, DbError> {
    record::rows_in(ex, "course_id", course_ids, "course_id, id").await
}

/// Rewrites a course's row as it is: inside a transaction, two enrollments racing for the last
/// place take turns (PostgreSQL locks the row; SQLite has one writer).
pub async fn lock_course(ex: &mut Exec<'_>, course_id: i64) -> Result<(), DbError> {
    ex.execute(sql("UPDATE courses SET updated_at = updated_at WHERE id = $1").bind(course_id))
        .await?;
    Ok(())
}

// ---- attendance ----

/// Records attendances; one already recorded stays as it was. Returns how many were new.
pub async fn insert_attendance(ex: &mut Exec<'_>, rows: &[AttendanceRow]) -> Result<u64, DbError> {
    let conflict =
        OnConflict::columns([CourseAttendance::SessionId, CourseAttendance::EnrollmentId])
            .do_nothing()
            .to_owned();
    record::insert_batch(ex, rows, Some(conflict)).await
}

pub async fn delete_attendance(
    ex: &mut Exec<'_>,
    session_id: i64,
    enrollment_id: i64,
) -> Result<u64, DbError> {
    ex.execute(
        sql("DELETE FROM course_attendance WHERE session_id = $1 AND enrollment_id = $2")
            .bind(session_id)
            .bind(enrollment_id),
    )
    .await
}

/// The enrollments recorded as present at a session (all of them: the caller filters by the
/// enrollments she sees).
pub async fn attendance_of_session(
    ex: &mut Exec<'_>,
    session_id: i64,
) -> Result<Vec<AttendanceRow>, DbError> {
    record::rows_where(ex, "session_id", session_id, "at, id").await
}

/// Sessions attended per enrollment of a course: `(enrollment id, sessions)`.
pub async fn attended_counts(
    ex: &mut Exec<'_>,
    course_id: i64,
) -> Result<Vec<(i64, i64)>, DbError> {
    attendance_counts(ex, course_id, "enrollment_id").await
}

/// Attendances per session of a course: `(session id, present)`.
pub async fn present_counts(ex: &mut Exec<'_>, course_id: i64) -> Result<Vec<(i64, i64)>, DbError> {
    attendance_counts(ex, course_id, "session_id").await
}

/// A course's attendances counted per value of `column`: `(value, attendances)`.
async fn attendance_counts(
    ex: &mut Exec<'_>,
    course_id: i64,
    column: &str,
) -> Result<Vec<(i64, i64)>, DbError> {
    let q = sql(format!(
        "SELECT {column}, COUNT(*) FROM course_attendance WHERE course_id = $1 GROUP BY {column}"
    ))
    .bind(course_id);
    fetch_rows(ex, q, record::pair).await
}

// ---- follow-up calls ----

pub async fn insert_follow_up(ex: &mut Exec<'_>, row: &FollowUpRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

/// The follow-up calls of some enrollments.
pub async fn follow_ups_of(
    ex: &mut Exec<'_>,
    enrollment_ids: &[i64],
) -> Result<Vec<FollowUpRow>, DbError> {
    record::rows_in(ex, "enrollment_id", enrollment_ids, "id").await
}

/// Courses by id, whoever asks (the titles of the courses of enrollments already in reach).
pub async fn courses_by_id(ex: &mut Exec<'_>, ids: &[i64]) -> Result<Vec<CourseRow>, DbError> {
    record::rows_in(ex, "id", ids, "").await
}

/// The first day of each of some courses (their first session's), for the outcome window.
pub async fn first_days(ex: &mut Exec<'_>, ids: &[i64]) -> Result<Vec<(i64, String)>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = sql(format!(
        "SELECT course_id, MIN(held_on) FROM course_sessions WHERE course_id IN ({}) \
         GROUP BY course_id",
        in_list(ids)
    ));
    fetch_rows(ex, q, record::pair).await
}
