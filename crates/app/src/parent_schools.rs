//! Parent schools (家长学校) for the families of left-behind and migrant children: a school is
//! hosted by a street or a community and has a person in charge; its sessions (a day, a topic,
//! a place) are attended by guardians and children of the registry, or by walk-ins by name.
//!
//! Attendance is kept here, not as event check-ins: a check-in is one phone per event, open to
//! a public link and read by the employment roles, while a session's attendees are children and
//! their families — read only by the roles that work with children, inside the school's host
//! unit, and every read of a school's attendance is audited like a child's record.

use crate::audit;
use crate::auth::Caller;
use crate::cases::{date, optional_text, text};
use crate::children::{record_read, require_role};
use crate::people::{self, mask_name, undecryptable};
use crate::{App, AppError};
use jinguo_db::children_work::{self as store, AttendanceRow, SchoolRow, SessionRow};
use jinguo_domain::children::{code_in, is_child, ATTENDEE_KINDS};
use jinguo_domain::{CivilDate, PersonName, UnitCode, UnitLevel, UnitRange};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

const CTX_WALK_IN_NAME: &str = "parent_school_attendance.name";

/// A parent school as the API takes it (`NewParentSchool`) and its form builds it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewParentSchool)]
pub struct SchoolInput {
    pub name: String,
    /// The host unit: a street or a community.
    pub unit_code: String,
    /// The person in charge (负责人).
    pub head_name: String,
    /// Where it usually meets.
    pub place: Option<String>,
}

/// A session as the API takes it (`NewParentSchoolSession`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewParentSchoolSession)]
pub struct SessionInput {
    /// `YYYY-MM-DD`
    pub date: String,
    pub topic: String,
    /// Where, when not the school's usual place.
    pub place: Option<String>,
}

/// Who came to a session (`NewAttendance`): a registry person (`person_id`) or a walk-in by
/// `name`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewAttendance)]
pub struct AttendanceInput {
    /// A guardian or a child of the registry, in the caller's reach.
    pub person_id: Option<i64>,
    /// A walk-in's name, instead of `person_id`.
    pub name: Option<String>,
    /// guardian, child or other; a registry child is always `child`.
    pub kind: Option<String>,
}

// A parent school with how often it met (the API's `ParentSchoolView`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ParentSchoolView)]
pub struct School {
    pub id: i64,
    pub name: String,
    /// The host unit (a street or a community).
    pub unit_code: String,
    pub head_name: String,
    pub place: Option<String>,
    pub sessions: i64,
    /// `YYYY-MM-DD`
    pub last_session: Option<String>,
}

impl School {
    fn of(row: SchoolRow, sessions: i64, last_session: Option<String>) -> School {
        School {
            id: row.id,
            name: row.name,
            unit_code: row.unit_code,
            head_name: row.head_name,
            place: row.place,
            sessions,
            last_session,
        }
    }
}

// Who came to a session (the API's `AttendeeView`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = AttendeeView)]
pub struct Attendee {
    /// The registry person, when she is one.
    pub person_id: Option<i64>,
    /// The registry's name, or a walk-in's masked.
    pub name: String,
    /// guardian, child or other.
    pub kind: String,
}

// A session of a parent school (the API's `SessionView`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = SessionView)]
pub struct Session {
    pub id: i64,
    pub school_id: i64,
    /// `YYYY-MM-DD`
    #[serde(rename = "date")]
    pub held_on: String,
    pub topic: String,
    pub place: Option<String>,
    pub attendees: Vec<Attendee>,
}

/// A school with its sessions (the latest first) and their attendance.
#[derive(Debug, Clone)]
pub struct SchoolDetail {
    pub school: School,
    pub sessions: Vec<Session>,
}

/// What the list of schools asks for.
#[derive(Debug, Clone, Default)]
pub struct SchoolSearch {
    pub q: Option<String>,
    pub unit_code: Option<String>,
}

fn host_unit(caller: &Caller, raw: &str) -> Result<UnitCode, AppError> {
    let unknown = || AppError::invalid_detail("unit_code", "unknown_unit", raw.trim());
    if raw.trim().is_empty() {
        return Err(AppError::invalid("unit_code", "required"));
    }
    let unit = UnitCode::parse(raw).map_err(|_| unknown())?;
    if !caller.scope().covers(&unit) {
        return Err(unknown());
    }
    if unit.level() == UnitLevel::District {
        return Err(AppError::invalid_detail(
            "unit_code",
            "host_unit_not_local",
            raw.trim(),
        ));
    }
    Ok(unit)
}

pub async fn create_school(
    app: &App,
    caller: &Caller,
    input: SchoolInput,
) -> Result<School, AppError> {
    require_role(caller)?;
    let name = text("name", &input.name, 100)?;
    let unit = host_unit(caller, &input.unit_code)?;
    people::check_unit(app, caller, &unit).await?;
    let head = PersonName::parse(&input.head_name)
        .map_err(|e| AppError::invalid_detail("head_name", e.code(), input.head_name.trim()))?;
    let place = optional_text("place", input.place.as_deref(), 200)?;
    let now = app.now();
    let row = SchoolRow {
        id: app.ids.next(now),
        name,
        unit_code: unit.as_str().to_owned(),
        head_name: head.as_str().to_owned(),
        place,
        created_by: Some(caller.user_id),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_school(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("create", "parent_school", row.id.to_string())
        .in_unit(&row.unit_code);
    audit::commit(app, tx, entry, now).await?;
    Ok(School::of(row, 0, None))
}

pub async fn list_schools(
    app: &App,
    caller: &Caller,
    s: &SchoolSearch,
    page: u64,
    per_page: u64,
) -> Result<(Vec<School>, i64), AppError> {
    require_role(caller)?;
    let within = match crate::given(s.unit_code.as_deref()) {
        None => None,
        Some(raw) => {
            let unit = UnitCode::parse(raw)
                .ok()
                .filter(|u| caller.scope().covers(u))
                .ok_or_else(|| AppError::invalid_detail("unit_code", "unknown_unit", raw))?;
            Some(UnitRange::subtree(&unit))
        }
    };
    let offset = crate::page_offset(page, per_page)?;
    let q = crate::given(s.q.as_deref());
    let (lines, total) = store::list_schools(
        &mut app.db.ex(),
        &caller.scope(),
        within.as_ref(),
        q,
        offset,
        per_page,
    )
    .await?;
    let schools = lines
        .into_iter()
        .map(|l| School::of(l.school, l.sessions, l.last_session))
        .collect();
    Ok((schools, total))
}

async fn load_school(app: &App, caller: &Caller, id: i64) -> Result<SchoolRow, AppError> {
    require_role(caller)?;
    store::find_school(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A school with its sessions and who came; the read is audited (children attend).
pub async fn get_school(app: &App, caller: &Caller, id: i64) -> Result<SchoolDetail, AppError> {
    let row = load_school(app, caller, id).await?;
    let sessions = store::sessions_of(&mut app.db.ex(), id).await?;
    let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let attendance = store::attendance_of(&mut app.db.ex(), &ids).await?;
    let person_ids: Vec<i64> = attendance.iter().filter_map(|a| a.person_id).collect();
    let names = people::names_of(app, &person_ids).await?;
    let mut out = Vec::with_capacity(sessions.len());
    for s in &sessions {
        let mut attendees = Vec::new();
        for a in attendance.iter().filter(|a| a.session_id == s.id) {
            attendees.push(attendee(app, a, &names)?);
        }
        out.push(Session {
            id: s.id,
            school_id: s.school_id,
            held_on: s.held_on.clone(),
            topic: s.topic.clone(),
            place: s.place.clone(),
            attendees,
        });
    }
    let last = sessions.first().map(|s| s.held_on.clone());
    let school = School::of(row, sessions.len() as i64, last);
    record_read(
        app,
        caller,
        "parent_school",
        id.to_string(),
        &school.unit_code,
        json!({ "attendance": person_ids }),
    )
    .await?;
    Ok(SchoolDetail {
        school,
        sessions: out,
    })
}

fn attendee(app: &App, a: &AttendanceRow, names: &[(i64, String)]) -> Result<Attendee, AppError> {
    let name = match (a.person_id, &a.name_cipher) {
        (Some(pid), _) => people::name_in(names, pid),
        (None, Some(cipher)) => mask_name(
            &app.cipher
                .open(cipher, CTX_WALK_IN_NAME, a.id)
                .map_err(undecryptable)?,
        ),
        (None, None) => String::new(),
    };
    Ok(Attendee {
        person_id: a.person_id,
        name,
        kind: a.kind.clone(),
    })
}

pub async fn add_session(
    app: &App,
    caller: &Caller,
    school_id: i64,
    input: SessionInput,
) -> Result<Session, AppError> {
    let school = load_school(app, caller, school_id).await?;
    let held_on = date("date", &input.date)?;
    let topic = text("topic", &input.topic, 200)?;
    let place = optional_text("place", input.place.as_deref(), 200)?;
    let now = app.now();
    let row = SessionRow {
        id: app.ids.next(now),
        school_id,
        unit_code: school.unit_code.clone(),
        held_on,
        topic,
        place: place.or(school.place),
        created_by: Some(caller.user_id),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_session(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("update", "parent_school", school_id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({ "session": row.id, "held_on": row.held_on }));
    audit::commit(app, tx, entry, now).await?;
    Ok(Session {
        id: row.id,
        school_id,
        held_on: row.held_on,
        topic: row.topic,
        place: row.place,
        attendees: Vec::new(),
    })
}

/// Records who came to a session; `false` with the attendee when this registry person was
/// already recorded (counted once).
pub async fn add_attendance(
    app: &App,
    caller: &Caller,
    session_id: i64,
    input: AttendanceInput,
) -> Result<(Attendee, bool), AppError> {
    require_role(caller)?;
    let session = store::find_session(&mut app.db.ex(), &caller.scope(), session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = people::today(app);
    if CivilDate::parse(&session.held_on).is_some_and(|d| d > today) {
        return Err(AppError::invalid_detail(
            "session",
            "session_not_held_yet",
            session.held_on,
        ));
    }
    let kind = match crate::given(input.kind.as_deref()) {
        None => None,
        Some(raw) => Some(
            code_in(ATTENDEE_KINDS, raw)
                .ok_or_else(|| AppError::invalid_detail("kind", "invalid_choice", raw))?,
        ),
    };
    let now = app.now();
    let id = app.ids.next(now);
    let (row, name) = match input.person_id {
        Some(person_id) => {
            // Someone the caller does not reach is not found (a picker finds nothing either).
            let person = match people::get_masked(app, caller, person_id).await {
                Ok(p) => p,
                Err(AppError::Forbidden) => return Err(AppError::NotFound),
                Err(e) => return Err(e),
            };
            let kind = if is_child(person.age_on(today)) {
                "child"
            } else {
                kind.unwrap_or("guardian")
            };
            if let Some(existing) =
                store::find_attendance(&mut app.db.ex(), session_id, person_id).await?
            {
                let a = Attendee {
                    person_id: Some(person_id),
                    name: person.name,
                    kind: existing.kind,
                };
                return Ok((a, false));
            }
            let row = AttendanceRow {
                id,
                session_id,
                unit_code: session.unit_code.clone(),
                person_id: Some(person_id),
                name_cipher: None,
                kind: kind.to_owned(),
                recorded_by: Some(caller.user_id),
                recorded_at: now,
            };
            (row, person.name)
        }
        None => {
            let raw = input.name.as_deref().unwrap_or("");
            if raw.trim().is_empty() {
                return Err(AppError::invalid("person_id", "attendee_required"));
            }
            let name = PersonName::parse(raw)
                .map_err(|e| AppError::invalid_detail("name", e.code(), raw.trim()))?;
            let row = AttendanceRow {
                id,
                session_id,
                unit_code: session.unit_code.clone(),
                person_id: None,
                name_cipher: Some(app.cipher.seal(name.as_str(), CTX_WALK_IN_NAME, id)),
                kind: kind.unwrap_or("other").to_owned(),
                recorded_by: Some(caller.user_id),
                recorded_at: now,
            };
            (row, mask_name(name.as_str()))
        }
    };
    let mut tx = app.db.begin().await?;
    let new = store::insert_attendance(&mut tx.ex(), &row).await?;
    if new {
        let entry = caller
            .entry("attend", "parent_school", session.school_id.to_string())
            .in_unit(&row.unit_code)
            .detail(json!({ "session": session_id, "person_id": row.person_id, "kind": row.kind }));
        audit::append(app, &mut tx.ex(), entry, now).await?;
    }
    tx.commit().await?;
    Ok((
        Attendee {
            person_id: row.person_id,
            name,
            kind: row.kind,
        },
        new,
    ))
}
