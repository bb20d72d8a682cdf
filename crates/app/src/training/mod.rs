//! Training (分层次创业就业培训, the work report's third employment lever): courses in tiers — SYB
//! entrepreneurship with the labour bureau, skills and online courses for unemployed and
//! land-lost women, lectures (labour law, "企业如何过冬"), the provincial leadership course —
//! held by a unit for target groups of the registry; their sessions, each with an event whose
//! QR check-in (the events' own) records the attendance of those enrolled; enrollment from the
//! registry or a sign-up sheet, capacity and its waiting list; attendance at the desk, by QR or
//! from a filled sign-in sheet; completion by the course's rule and numbered certificates with a
//! public verification page; and the outcome six months on, from employment records or a call.
//!
//! Who sees what (docs/security.md): a course is seen in its unit's subtree and by the units
//! below it (a district course is every street's and community's to enroll their people in);
//! it is changed (sessions, finishing) only where it is held. Enrollments, attendance and calls
//! carry the person's unit: seen there, and whole by the course's holders. Leaders and viewers
//! read courses and their figures, no person.

mod attendance;
mod completion;
mod enrollment;
pub mod import;
mod outcomes;

pub use attendance::*;
pub use completion::*;
pub use enrollment::*;
pub use outcomes::*;

use crate::audit;
use crate::auth::Caller;
use crate::cases::{choice, date, optional_text, text};
use crate::employment::choices;
use crate::people::{check_unit, today};
use crate::{App, AppError};
use jinguo_db::training::{self as store, CourseCounts, CourseFilter, CourseRow, SessionRow};
use jinguo_domain::people::tag_code;
use jinguo_domain::training::{
    is_online_link, parse_time_of_day, permille_of_share, Tier, DEFAULT_COMPLETION_PERMILLE,
};
use jinguo_domain::{CivilDate, UnitCode};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

const MAX_CAPACITY: i64 = 10_000;

/// A course as the API takes it (`NewCourse`) and its form builds it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewCourse)]
pub struct CourseInput {
    pub title: String,
    /// entrepreneurship (SYB), skills, online, lecture, leadership
    pub tier: String,
    /// The unit that holds the course, in the caller's subtree.
    pub unit_code: String,
    /// Places; no limit when absent.
    pub capacity: Option<i64>,
    /// Over capacity, people wait for a place (default false: the enrollment is refused with
    /// `course_full`).
    pub waiting_list: Option<bool>,
    /// The target groups, as registry tag codes (unemployed, land_lost, …); anyone when empty.
    #[serde(default)]
    pub target_tags: Vec<String>,
    /// The share of sessions to attend to complete it, 0–1 (default 0.8).
    pub completion_share: Option<f64>,
    /// Who organizes it, when not the unit itself (e.g. 区妇联、区人社局).
    pub organizer: Option<String>,
    /// Partner departments, by code (human_resources, …).
    #[serde(default)]
    pub partner_departments: Vec<String>,
    /// Other partners, as free text (a university, a training school).
    pub partners: Option<String>,
    /// Free of charge for those who attend (default true).
    pub fee_free: Option<bool>,
    pub description: Option<String>,
}

/// A session as the API takes it (`NewSession`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewSession)]
pub struct SessionInput {
    /// `YYYY-MM-DD`
    pub date: String,
    /// `HH:MM`
    pub starts_at: Option<String>,
    /// `HH:MM`
    pub ends_at: Option<String>,
    /// Where, for a session in a room.
    pub place: Option<String>,
    /// The link of an online session (http or https).
    pub online_url: Option<String>,
    pub teacher: Option<String>,
    pub topic: Option<String>,
}

/// Where a course stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CourseStage {
    /// No session held yet (or none planned).
    Planned,
    /// Its first session has been held, its last is today or ahead.
    Running,
    /// Its last session is over: it waits to be finished (completion and certificates).
    Ended,
    /// Finished: completion computed, certificates issued.
    Finished,
}

/// A course as pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Course {
    pub id: i64,
    pub title: String,
    pub tier: String,
    pub unit_code: String,
    pub capacity: Option<i64>,
    pub waiting_list: bool,
    pub target_tags: Vec<String>,
    pub organizer: Option<String>,
    pub partner_departments: Vec<String>,
    pub partners: Option<String>,
    /// The share of sessions to attend, 0–1.
    pub completion_share: f64,
    pub fee_free: bool,
    pub description: Option<String>,
    pub stage: CourseStage,
    /// The completion day on its certificates, once finished.
    pub finished_on: Option<String>,
    pub sessions: i64,
    pub first_session: Option<String>,
    pub last_session: Option<String>,
    pub enrolled: i64,
    pub waiting: i64,
    pub completed: i64,
    /// The caller's unit holds it (adds sessions, finishes it, sees every enrollment).
    pub held_here: bool,
}

/// A session as pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CourseSession)]
pub struct Session {
    pub id: i64,
    pub course_id: i64,
    pub date: String,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub teacher: Option<String>,
    pub topic: Option<String>,
    /// The event whose check-in (its QR code on the event's poster) records attendance.
    pub event_id: Option<i64>,
    /// Attendances recorded.
    pub present: i64,
}

// ---- roles and reading ----

pub(crate) fn require_runner(caller: &Caller) -> Result<(), AppError> {
    if caller.role.runs_training() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn require_reader(caller: &Caller) -> Result<(), AppError> {
    if caller.role.reads_training_figures() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub(crate) fn conflict(code: &'static str) -> AppError {
    AppError::Conflict {
        code,
        field: None,
        detail: None,
    }
}

/// Whether the caller's unit holds the course (it lies in her subtree).
pub(crate) fn holds(caller: &Caller, course: &CourseRow) -> bool {
    caller.scope().covers_code(&course.unit_code)
}

/// A course the caller sees (404 otherwise; 403 first for a role without training).
pub(crate) async fn course_row(app: &App, caller: &Caller, id: i64) -> Result<CourseRow, AppError> {
    require_reader(caller)?;
    store::find_course(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A course the caller holds, to change: one held above her is not hers to change (404, as
/// every change of a record outside the caller's subtree).
pub(crate) async fn held_course(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<CourseRow, AppError> {
    require_runner(caller)?;
    let course = course_row(app, caller, id).await?;
    if !holds(caller, &course) {
        return Err(AppError::NotFound);
    }
    Ok(course)
}

/// A person's name for a roll, a certificate or an enrollment (empty if her record is gone).
pub(crate) async fn name_of(
    ex: &mut jinguo_db::Exec<'_>,
    person_id: i64,
) -> Result<String, AppError> {
    Ok(jinguo_db::people::names(ex, &[person_id])
        .await?
        .into_iter()
        .next()
        .map(|(_, n)| n)
        .unwrap_or_default())
}

fn codes_of(joined: &str) -> Vec<String> {
    joined
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn target_tags(course: &CourseRow) -> Vec<String> {
    codes_of(&course.target_tags)
}

fn stage(course: &CourseRow, counts: &CourseCounts, today: CivilDate) -> CourseStage {
    let day = today.to_string();
    match (
        &course.finished_at,
        &counts.first_session,
        &counts.last_session,
    ) {
        (Some(_), _, _) => CourseStage::Finished,
        (None, Some(first), Some(last)) if *first <= day && *last < day => CourseStage::Ended,
        (None, Some(first), _) if *first <= day => CourseStage::Running,
        _ => CourseStage::Planned,
    }
}

impl Course {
    fn of(row: CourseRow, counts: CourseCounts, caller: &Caller, today: CivilDate) -> Course {
        Course {
            stage: stage(&row, &counts, today),
            held_here: holds(caller, &row),
            target_tags: codes_of(&row.target_tags),
            partner_departments: codes_of(&row.partner_departments),
            completion_share: f64::from(row.completion_permille) / 1000.0,
            id: row.id,
            title: row.title,
            tier: row.tier,
            unit_code: row.unit_code,
            capacity: row.capacity,
            waiting_list: row.waiting_list,
            organizer: row.organizer,
            partners: row.partners,
            fee_free: row.fee_free,
            description: row.description,
            finished_on: row.finished_on,
            sessions: counts.sessions,
            first_session: counts.first_session,
            last_session: counts.last_session,
            enrolled: counts.enrolled,
            waiting: counts.waiting,
            completed: counts.completed,
        }
    }
}

async fn courses_of(
    app: &App,
    caller: &Caller,
    rows: Vec<CourseRow>,
) -> Result<Vec<Course>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
    let mut counts = store::course_counts(&mut app.db.ex(), &ids).await?;
    let day = today(app);
    Ok(rows
        .into_iter()
        .map(|row| {
            let c = counts
                .iter_mut()
                .find(|(id, _)| *id == row.id)
                .map(|(_, c)| std::mem::take(c))
                .unwrap_or_default();
            Course::of(row, c, caller, day)
        })
        .collect())
}

pub async fn get_course(app: &App, caller: &Caller, id: i64) -> Result<Course, AppError> {
    let row = course_row(app, caller, id).await?;
    Ok(courses_of(app, caller, vec![row]).await?.remove(0))
}

#[derive(Debug, Clone, Default)]
pub struct CourseQuery {
    pub q: Option<String>,
    pub tier: Option<String>,
    /// Only the courses not finished yet.
    pub open_only: bool,
}

/// A page of the courses the caller sees, the latest first.
pub async fn list_courses(
    app: &App,
    caller: &Caller,
    q: &CourseQuery,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Course>, i64), AppError> {
    require_reader(caller)?;
    let f = CourseFilter {
        q: q.q.clone(),
        tier: crate::employment::optional_choice("tier", q.tier.as_deref(), Tier::parse)?
            .map(|t| t.as_str().to_owned()),
        own_only: false,
        open_only: q.open_only,
    };
    let offset = crate::page_offset(page, per_page)?;
    let (rows, total) =
        store::list_courses(&mut app.db.ex(), &caller.scope(), &f, offset, per_page).await?;
    Ok((courses_of(app, caller, rows).await?, total))
}

// ---- courses ----

struct ValidCourse {
    title: String,
    tier: Tier,
    unit: UnitCode,
    capacity: Option<i64>,
    target_tags: Vec<&'static str>,
    permille: i32,
    organizer: Option<String>,
    partner_departments: Vec<String>,
    partners: Option<String>,
    description: Option<String>,
}

async fn validate(app: &App, input: &CourseInput) -> Result<ValidCourse, AppError> {
    let capacity = match input.capacity {
        None => None,
        Some(n) if (1..=MAX_CAPACITY).contains(&n) => Some(n),
        Some(n) => {
            return Err(AppError::invalid_detail(
                "capacity",
                "out_of_range",
                n.to_string(),
            ))
        }
    };
    let permille = match input.completion_share {
        None => DEFAULT_COMPLETION_PERMILLE,
        Some(share) => permille_of_share(share).ok_or_else(|| {
            AppError::invalid_detail("completion_share", "out_of_range", share.to_string())
        })?,
    };
    let departments = jinguo_db::units::departments(&mut app.db.ex()).await?;
    let mut partner_departments = Vec::new();
    for code in input
        .partner_departments
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
    {
        if !departments.iter().any(|d| d.code == code) {
            return Err(AppError::invalid_detail(
                "partner_departments",
                "unknown_department",
                code,
            ));
        }
        if !partner_departments.iter().any(|d| d == code) {
            partner_departments.push(code.to_owned());
        }
    }
    Ok(ValidCourse {
        title: text("title", &input.title, 200)?,
        tier: choice("tier", &input.tier, Tier::parse)?,
        unit: UnitCode::parse(&input.unit_code).map_err(|_| {
            AppError::invalid_detail("unit_code", "unknown_unit", input.unit_code.trim())
        })?,
        capacity,
        target_tags: choices("target_tags", &input.target_tags, tag_code)?,
        permille,
        organizer: optional_text("organizer", input.organizer.as_deref(), 200)?,
        partner_departments,
        partners: optional_text("partners", input.partners.as_deref(), 500)?,
        description: optional_text("description", input.description.as_deref(), 5_000)?,
    })
}

pub async fn create_course(
    app: &App,
    caller: &Caller,
    input: CourseInput,
) -> Result<Course, AppError> {
    require_runner(caller)?;
    let v = validate(app, &input).await?;
    check_unit(app, caller, &v.unit).await?;
    let now = app.now();
    let row = CourseRow {
        id: app.ids.next(now),
        title: v.title,
        tier: v.tier.as_str().to_owned(),
        unit_code: v.unit.as_str().to_owned(),
        capacity: v.capacity,
        waiting_list: input.waiting_list.unwrap_or(false),
        target_tags: v.target_tags.join(","),
        organizer: v.organizer,
        partner_departments: v.partner_departments.join(","),
        partners: v.partners,
        completion_permille: v.permille,
        fee_free: input.fee_free.unwrap_or(true),
        description: v.description,
        finished_at: None,
        finished_on: None,
        created_by: caller.author(),
        created_at: now,
        updated_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_course(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("create", "course", row.id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({ "tier": row.tier }));
    audit::commit(app, tx, entry, now).await?;
    Ok(Course::of(row, CourseCounts::default(), caller, today(app)))
}

// ---- sessions ----

impl Session {
    fn of(row: SessionRow, present: i64) -> Session {
        Session {
            id: row.id,
            course_id: row.course_id,
            date: row.held_on,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            place: row.place,
            online_url: row.online_url,
            teacher: row.teacher,
            topic: row.topic,
            event_id: row.event_id,
            present,
        }
    }
}

fn time_of_day(field: &str, value: Option<&str>) -> Result<Option<String>, AppError> {
    match crate::given(value) {
        None => Ok(None),
        Some(v) => parse_time_of_day(v)
            .map(Some)
            .ok_or_else(|| AppError::invalid_detail(field, "invalid_time", v)),
    }
}

/// Adds a session to a course the caller holds, with the event (of kind `training`) whose QR
/// check-in records the attendance of those enrolled — in one transaction.
pub async fn add_session(
    app: &App,
    caller: &Caller,
    course_id: i64,
    input: SessionInput,
) -> Result<Session, AppError> {
    let course = held_course(app, caller, course_id).await?;
    if course.finished_at.is_some() {
        return Err(conflict("course_finished"));
    }
    let held_on = date("date", &input.date)?;
    let starts_at = time_of_day("starts_at", input.starts_at.as_deref())?;
    let ends_at = time_of_day("ends_at", input.ends_at.as_deref())?;
    if let (Some(s), Some(e)) = (&starts_at, &ends_at) {
        if e <= s {
            return Err(AppError::invalid("ends_at", "end_before_start"));
        }
    }
    let place = optional_text("place", input.place.as_deref(), 200)?;
    let online_url = optional_text("online_url", input.online_url.as_deref(), 500)?;
    if let Some(url) = &online_url {
        if !is_online_link(url) {
            return Err(AppError::invalid_detail("online_url", "invalid_link", url));
        }
    }
    let teacher = optional_text("teacher", input.teacher.as_deref(), 100)?;
    let topic = optional_text("topic", input.topic.as_deref(), 200)?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let title = match &topic {
        Some(t) => format!("{} · {t}", course.title),
        None => format!("{} · {held_on}", course.title),
    };
    let where_ = place.clone().or_else(|| online_url.clone());
    let event_id = crate::employment::events::insert_for_session(
        app,
        &mut tx.ex(),
        caller,
        crate::employment::events::SessionEvent {
            title: title.chars().take(100).collect(),
            held_on: &held_on,
            place: where_.map(|p| p.chars().take(200).collect()),
            unit_code: &course.unit_code,
        },
        now,
    )
    .await?;
    let row = SessionRow {
        id: app.ids.next(now),
        course_id,
        unit_code: course.unit_code.clone(),
        held_on,
        starts_at,
        ends_at,
        place,
        online_url,
        teacher,
        topic,
        event_id: Some(event_id),
        created_at: now,
    };
    store::insert_session(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("add_session", "course", course_id.to_string())
        .in_unit(&course.unit_code)
        .detail(json!({ "session_id": row.id, "date": row.held_on, "event_id": event_id }));
    audit::commit(app, tx, entry, now).await?;
    Ok(Session::of(row, 0))
}

/// The sessions of a course the caller sees, in order, with their attendance counted.
pub async fn sessions(
    app: &App,
    caller: &Caller,
    course_id: i64,
) -> Result<Vec<Session>, AppError> {
    course_row(app, caller, course_id).await?;
    let mut ex = app.db.ex();
    let rows = store::sessions_of(&mut ex, course_id).await?;
    let present = store::present_counts(&mut ex, course_id).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let n = present
                .iter()
                .find(|(s, _)| *s == r.id)
                .map_or(0, |(_, n)| *n);
            Session::of(r, n)
        })
        .collect())
}

/// A session of a course the caller sees, with its course.
pub(crate) async fn session_row(
    app: &App,
    caller: &Caller,
    session_id: i64,
) -> Result<(SessionRow, CourseRow), AppError> {
    require_reader(caller)?;
    let session = store::find_session(&mut app.db.ex(), &caller.scope(), session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let course = course_row(app, caller, session.course_id).await?;
    Ok((session, course))
}

pub async fn get_session(app: &App, caller: &Caller, session_id: i64) -> Result<Session, AppError> {
    let (session, course) = session_row(app, caller, session_id).await?;
    let present = store::present_counts(&mut app.db.ex(), course.id)
        .await?
        .into_iter()
        .find(|(s, _)| *s == session.id)
        .map_or(0, |(_, n)| n);
    Ok(Session::of(session, present))
}

// ---- home ----

/// A course on the home card: running or ended and not finished, with its next session.
#[derive(Debug, Clone)]
pub struct RunningCourse {
    pub course: Course,
    /// The next session's day (today or ahead); none when all are over (it waits to be
    /// finished).
    pub next_session: Option<String>,
}

/// The courses the caller holds that have begun and are not finished: those waiting to be
/// finished first, then by their next session.
pub async fn running_for_home(app: &App, caller: &Caller) -> Result<Vec<RunningCourse>, AppError> {
    require_runner(caller)?;
    let f = CourseFilter {
        own_only: true,
        open_only: true,
        ..CourseFilter::default()
    };
    let (rows, _) = store::list_courses(&mut app.db.ex(), &caller.scope(), &f, 0, 500).await?;
    let day = today(app).to_string();
    let mut running = Vec::new();
    for course in courses_of(app, caller, rows).await? {
        if !matches!(course.stage, CourseStage::Running | CourseStage::Ended) {
            continue;
        }
        let next_session = store::sessions_of(&mut app.db.ex(), course.id)
            .await?
            .into_iter()
            .map(|s| s.held_on)
            .find(|d| *d >= day);
        running.push(RunningCourse {
            course,
            next_session,
        });
    }
    running.sort_by_key(|r| (r.next_session.is_some(), r.next_session.clone()));
    Ok(running)
}
