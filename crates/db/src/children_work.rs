//! Children's work beyond the register: parent schools (家长学校) with their sessions and
//! attendance, and pairings (结对帮扶) of volunteers with children with their visits. Every row
//! carries the unit that scopes it; every read and write of one takes the caller's scope.
//! Walk-ins' names and visit notes arrive sealed.

use crate::record::{self, fetch_rows, select_sql, Record};
use crate::schema::tables::{
    PairingVisits, Pairings, ParentSchoolAttendance, ParentSchoolSessions, ParentSchools,
};
use crate::{sql, DbError, Exec};
use jinguo_domain::{Scope, UnitRange};
use sea_query::OnConflict;

record! {
    pub struct SchoolRow in ParentSchools {
        pub id: i64,
        pub name: String,
        /// The host unit: a street or a community.
        pub unit_code: String,
        /// The person in charge (负责人).
        pub head_name: String,
        pub place: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct SessionRow in ParentSchoolSessions {
        pub id: i64,
        pub school_id: i64,
        /// The school's host unit.
        pub unit_code: String,
        /// `YYYY-MM-DD`
        pub held_on: String,
        pub topic: String,
        pub place: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct AttendanceRow in ParentSchoolAttendance {
        pub id: i64,
        pub session_id: i64,
        pub unit_code: String,
        /// A registry person (a guardian or a child); none for a walk-in.
        pub person_id: Option<i64>,
        /// A walk-in's name, sealed (`parent_school_attendance.name`).
        pub name_cipher: Option<Vec<u8>>,
        /// guardian, child or other.
        pub kind: String,
        pub recorded_by: Option<i64>,
        pub recorded_at: i64,
    }
}

record! {
    pub struct PairingRow in Pairings {
        pub id: i64,
        pub child_id: i64,
        /// The child's unit when paired: the pairing's scope.
        pub unit_code: String,
        pub volunteer_person_id: Option<i64>,
        pub volunteer_user_id: Option<i64>,
        /// `YYYY-MM-DD`
        pub starts_on: String,
        /// weekly, fortnightly, monthly, bimonthly, quarterly.
        pub visit_every: String,
        pub ended_on: Option<String>,
        pub end_reason: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct VisitRow in PairingVisits {
        pub id: i64,
        pub pairing_id: i64,
        pub unit_code: String,
        /// `YYYY-MM-DD`
        pub visited_on: String,
        /// home, phone, video, school, activity.
        pub how: String,
        /// Sealed (`pairing_visit.note`).
        pub note_cipher: Option<Vec<u8>>,
        pub recorded_by: Option<i64>,
        pub recorded_at: i64,
    }
}

fn bounds(units: &UnitRange) -> (String, String) {
    (units.lo().to_owned(), units.hi().to_owned())
}

// ---- parent schools ----

pub async fn insert_school(ex: &mut Exec<'_>, row: &SchoolRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn find_school(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<SchoolRow>, DbError> {
    record::find_in(ex, scope, id).await
}

/// A school of the list, with how many sessions it held and the last one's day.
#[derive(Debug, Clone)]
pub struct SchoolLine {
    pub school: SchoolRow,
    pub sessions: i64,
    pub last_session: Option<String>,
}

/// The schools of the scope (narrowed to `within`, a subtree the caller chose), by name.
pub async fn list_schools(
    ex: &mut Exec<'_>,
    scope: &Scope,
    within: Option<&UnitRange>,
    q: Option<&str>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<SchoolLine>, i64), DbError> {
    let (lo, hi) = bounds(&scope.unit_range());
    let (wlo, whi) = within.map(bounds).unwrap_or((lo.clone(), hi.clone()));
    let pattern = q
        .map(crate::employment::contains_pattern)
        .unwrap_or_else(|| "%".into());
    let filter = "s.unit_code BETWEEN $1 AND $2 AND s.unit_code BETWEEN $3 AND $4 \
                  AND s.name LIKE $5 ESCAPE '\\'";
    let total: i64 = ex
        .fetch_scalar(
            sql(format!(
                "SELECT COUNT(*) FROM parent_schools s WHERE {filter}"
            ))
            .bind(lo.as_str())
            .bind(hi.as_str())
            .bind(wlo.as_str())
            .bind(whi.as_str())
            .bind(pattern.as_str()),
        )
        .await?;
    let columns: Vec<String> = SchoolRow::COLUMNS
        .iter()
        .map(|c| format!("s.{c}"))
        .collect();
    let q = sql(format!(
        "SELECT {}, (SELECT COUNT(*) FROM parent_school_sessions x WHERE x.school_id = s.id) AS sessions, \
         (SELECT MAX(x.held_on) FROM parent_school_sessions x WHERE x.school_id = s.id) AS last_session \
         FROM parent_schools s WHERE {filter} ORDER BY s.unit_code, s.name, s.id LIMIT {limit} OFFSET {offset}",
        columns.join(", ")
    ))
    .bind(lo.as_str())
    .bind(hi.as_str())
    .bind(wlo.as_str())
    .bind(whi.as_str())
    .bind(pattern.as_str());
    let rows = fetch_rows(ex, q, |r| {
        Ok(SchoolLine {
            school: SchoolRow::read(r)?,
            sessions: r.get("sessions")?,
            last_session: r.get("last_session")?,
        })
    })
    .await?;
    Ok((rows, total))
}

pub async fn insert_session(ex: &mut Exec<'_>, row: &SessionRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn find_session(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<SessionRow>, DbError> {
    record::find_in(ex, scope, id).await
}

/// A school's sessions, the latest first.
pub async fn sessions_of(ex: &mut Exec<'_>, school_id: i64) -> Result<Vec<SessionRow>, DbError> {
    let q = sql(format!(
        "{} WHERE school_id = $1 ORDER BY held_on DESC, id DESC",
        select_sql::<SessionRow>()
    ))
    .bind(school_id);
    fetch_rows(ex, q, SessionRow::read).await
}

/// Records attendance; a registry person already recorded at the session is left as she was.
/// Returns whether the row was new.
pub async fn insert_attendance(ex: &mut Exec<'_>, row: &AttendanceRow) -> Result<bool, DbError> {
    let conflict = OnConflict::columns([
        ParentSchoolAttendance::SessionId,
        ParentSchoolAttendance::PersonId,
    ])
    .do_nothing()
    .to_owned();
    let written = record::insert_batch(ex, std::slice::from_ref(row), Some(conflict)).await?;
    Ok(written == 1)
}

/// Attendance rows of many at once (the demo).
pub async fn insert_attendance_batch(
    ex: &mut Exec<'_>,
    rows: &[AttendanceRow],
) -> Result<u64, DbError> {
    record::insert_batch(ex, rows, None).await
}

pub async fn find_attendance(
    ex: &mut Exec<'_>,
    session_id: i64,
    person_id: i64,
) -> Result<Option<AttendanceRow>, DbError> {
    let columns = [
        ("session_id", session_id.into()),
        ("person_id", person_id.into()),
    ];
    record::find_by(ex, &columns).await
}

/// The attendance of these sessions, in the order it was recorded.
pub async fn attendance_of(
    ex: &mut Exec<'_>,
    session_ids: &[i64],
) -> Result<Vec<AttendanceRow>, DbError> {
    record::rows_in(ex, "session_id", session_ids, "session_id, id").await
}

pub async fn count_schools(ex: &mut Exec<'_>) -> Result<i64, DbError> {
    ex.fetch_scalar(sql("SELECT COUNT(*) FROM parent_schools"))
        .await
}

// ---- pairings ----

pub async fn insert_pairing(ex: &mut Exec<'_>, row: &PairingRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn update_pairing(ex: &mut Exec<'_>, row: &PairingRow) -> Result<(), DbError> {
    record::update(ex, row).await
}

pub async fn find_pairing(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<PairingRow>, DbError> {
    record::find_in(ex, scope, id).await
}

/// A pairing with the day of its last visit.
#[derive(Debug, Clone)]
pub struct PairingLine {
    pub pairing: PairingRow,
    pub last_visit: Option<String>,
}

/// Pairings in the scope: of one child, or all that are still going (`active_only`).
pub async fn pairings(
    ex: &mut Exec<'_>,
    scope: &Scope,
    child_id: Option<i64>,
    active_only: bool,
) -> Result<Vec<PairingLine>, DbError> {
    let (lo, hi) = bounds(&scope.unit_range());
    let columns: Vec<String> = PairingRow::COLUMNS
        .iter()
        .map(|c| format!("p.{c}"))
        .collect();
    let mut filter = String::from(
        "p.unit_code BETWEEN $1 AND $2 AND EXISTS (SELECT 1 FROM people c WHERE c.id = p.child_id AND c.deleted_at IS NULL)",
    );
    if child_id.is_some() {
        filter.push_str(" AND p.child_id = $3");
    }
    if active_only {
        filter.push_str(" AND p.ended_on IS NULL");
    }
    let mut q = sql(format!(
        "SELECT {}, (SELECT MAX(v.visited_on) FROM pairing_visits v WHERE v.pairing_id = p.id) AS last_visit \
         FROM pairings p WHERE {filter} ORDER BY p.starts_on DESC, p.id DESC",
        columns.join(", ")
    ))
    .bind(lo)
    .bind(hi);
    if let Some(child) = child_id {
        q = q.bind(child);
    }
    fetch_rows(ex, q, |r| {
        Ok(PairingLine {
            pairing: PairingRow::read(r)?,
            last_visit: r.get("last_visit")?,
        })
    })
    .await
}

pub async fn insert_visits(ex: &mut Exec<'_>, rows: &[VisitRow]) -> Result<u64, DbError> {
    record::insert_batch(ex, rows, None).await
}

/// A pairing's visits, the latest first.
pub async fn visits_of(ex: &mut Exec<'_>, pairing_id: i64) -> Result<Vec<VisitRow>, DbError> {
    let q = sql(format!(
        "{} WHERE pairing_id = $1 ORDER BY visited_on DESC, id DESC",
        select_sql::<VisitRow>()
    ))
    .bind(pairing_id);
    fetch_rows(ex, q, VisitRow::read).await
}

pub async fn insert_pairings(ex: &mut Exec<'_>, rows: &[PairingRow]) -> Result<u64, DbError> {
    record::insert_batch(ex, rows, None).await
}

pub async fn insert_schools(ex: &mut Exec<'_>, rows: &[SchoolRow]) -> Result<u64, DbError> {
    record::insert_batch(ex, rows, None).await
}

pub async fn insert_sessions(ex: &mut Exec<'_>, rows: &[SessionRow]) -> Result<u64, DbError> {
    record::insert_batch(ex, rows, None).await
}
