//! Enrollment: a person of the caller's reach put on a course she sees — in its target groups,
//! or outside them with a recorded (sealed) reason; on the course while it has places, else on
//! its waiting list (when it keeps one) or refused (`course_full`); once per course. A
//! withdrawal gives her place to the first one waiting.

use super::{conflict, course_row, require_runner, target_tags};
use crate::audit;
use crate::auth::Caller;
use crate::cases::optional_text;
use crate::people::undecryptable;
use crate::{App, AppError};
use jinguo_db::people::{self as people_store, PersonRow};
use jinguo_db::training::{self as store, CourseRow, EnrollmentRow};
use jinguo_db::Exec;
use jinguo_domain::training::EnrollmentStatus;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

pub(crate) const CTX_REASON: &str = "enrollment.reason";
pub(crate) const MAX_REASON_CHARS: usize = 500;

/// An enrollment as the API takes it (`NewEnrollment`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewEnrollment)]
pub struct EnrollmentInput {
    /// A person of the registry in the caller's reach.
    pub person_id: i64,
    /// Why she is enrolled though she is in none of the course's target groups (required
    /// then; kept sealed).
    pub reason: Option<String>,
}

/// An enrollment as pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Enrollment {
    pub id: i64,
    pub course_id: i64,
    pub person_id: i64,
    /// Her name (the reader sees the enrollment, so she sees whom it is of).
    pub name: String,
    /// Her unit when she was enrolled.
    pub unit_code: String,
    /// enrolled, waiting or withdrawn
    pub status: String,
    /// She is in none of the course's target groups.
    pub outside_target: bool,
    pub reason: Option<String>,
    /// registry (added on the course page or by the API) or import (a sign-up sheet)
    pub source: String,
    /// Whether she completed the course (false until it is finished).
    pub completed: bool,
    pub completed_on: Option<String>,
    pub certificate_number: Option<String>,
    /// Sessions she attended.
    pub attended: i64,
}

impl Enrollment {
    pub(crate) fn of(
        app: &App,
        row: EnrollmentRow,
        name: String,
        attended: i64,
    ) -> Result<Enrollment, AppError> {
        let reason = row
            .reason_cipher
            .as_deref()
            .map(|c| app.cipher.open(c, CTX_REASON, row.id))
            .transpose()
            .map_err(undecryptable)?;
        Ok(Enrollment {
            id: row.id,
            course_id: row.course_id,
            person_id: row.person_id,
            name,
            unit_code: row.unit_code,
            status: row.status,
            outside_target: row.outside_target,
            reason,
            source: row.source,
            completed: row.completed,
            completed_on: row.completed_on,
            certificate_number: row.certificate_number,
            attended,
        })
    }
}

/// Whether an enrollment holds a place or waits for one (not withdrawn).
pub(crate) fn active(row: &EnrollmentRow) -> bool {
    row.status != EnrollmentStatus::Withdrawn.as_str()
}

pub(crate) fn enrolled(row: &EnrollmentRow) -> bool {
    row.status == EnrollmentStatus::Enrolled.as_str()
}

/// A person put on a course by `place`: the course, her registry row, how she came.
pub(crate) struct Placement<'a> {
    pub course: &'a CourseRow,
    pub person: &'a PersonRow,
    pub reason: Option<String>,
    /// registry, import
    pub source: &'static str,
}

/// Puts a person on a course inside the caller's transaction: refused when she is already on
/// it (409), outside its target groups without a reason (422 `reason_required`), or when it is
/// full and keeps no waiting list (409 `course_full`). The course's row is rewritten first, so
/// two enrollments racing for its last place take turns.
pub(crate) async fn place(
    app: &App,
    ex: &mut Exec<'_>,
    caller: &Caller,
    p: Placement<'_>,
    now: i64,
) -> Result<EnrollmentRow, AppError> {
    let course = p.course;
    if course.finished_at.is_some() {
        return Err(conflict("course_finished"));
    }
    store::lock_course(ex, course.id).await?;
    let existing = store::enrollment_of_person(ex, course.id, p.person.id).await?;
    if existing.as_ref().is_some_and(active) {
        return Err(AppError::Conflict {
            code: "already_enrolled",
            field: Some("person_id"),
            detail: None,
        });
    }
    let targets = target_tags(course);
    let outside = if targets.is_empty() {
        false
    } else {
        let tags = people_store::tags_of(ex, &[p.person.id]).await?;
        !tags.iter().any(|(_, t)| targets.contains(t))
    };
    if outside && p.reason.is_none() {
        return Err(AppError::invalid("reason", "reason_required"));
    }
    let taken = store::all_enrollments_of(ex, course.id)
        .await?
        .iter()
        .filter(|e| enrolled(e))
        .count() as i64;
    let status = match course.capacity {
        Some(cap) if taken >= cap => {
            if !course.waiting_list {
                return Err(AppError::Conflict {
                    code: "course_full",
                    field: Some("person_id"),
                    detail: Some(cap.to_string()),
                });
            }
            EnrollmentStatus::Waiting
        }
        _ => EnrollmentStatus::Enrolled,
    };
    let id = existing
        .as_ref()
        .map_or_else(|| app.ids.next(now), |e| e.id);
    let row = EnrollmentRow {
        id,
        course_id: course.id,
        person_id: p.person.id,
        unit_code: p.person.unit_code.clone(),
        status: status.as_str().to_owned(),
        outside_target: outside,
        reason_cipher: p
            .reason
            .as_deref()
            .filter(|_| outside)
            .map(|r| app.cipher.seal(r, CTX_REASON, id)),
        source: p.source.to_owned(),
        enrolled_at: now,
        withdrawn_at: None,
        completed: false,
        completed_on: None,
        certificate_number: None,
        created_by: caller.author(),
    };
    if existing.is_some() {
        // Withdrawn before: she comes back at the end of the line.
        store::update_enrollment(ex, &row).await?;
    } else {
        store::insert_enrollment(ex, &row).await?;
    }
    let entry = caller.entry("create", "enrollment", row.id.to_string()).in_unit(&row.unit_code).detail(json!({ "course_id": course.id, "person_id": row.person_id, "status": row.status, "outside_target": outside, "source": p.source }));
    audit::append(app, ex, entry, now).await?;
    Ok(row)
}

/// Enrolls a person of the caller's reach in a course she sees.
pub async fn enroll(
    app: &App,
    caller: &Caller,
    course_id: i64,
    input: EnrollmentInput,
) -> Result<Enrollment, AppError> {
    require_runner(caller)?;
    let course = course_row(app, caller, course_id).await?;
    let person = crate::people::chosen(app, caller, "person_id", input.person_id).await?;
    let reason = optional_text("reason", input.reason.as_deref(), MAX_REASON_CHARS)?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let row = place(
        app,
        &mut tx.ex(),
        caller,
        Placement {
            course: &course,
            person: &person,
            reason,
            source: "registry",
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Enrollment::of(app, row, person.name, 0)
}

/// An enrollment the caller sees (her people's, or any of a course she holds).
pub(crate) async fn enrollment_row(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<EnrollmentRow, AppError> {
    require_runner(caller)?;
    store::find_enrollment(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn attended_of(ex: &mut Exec<'_>, course_id: i64) -> Result<Vec<(i64, i64)>, AppError> {
    Ok(store::attended_counts(ex, course_id).await?)
}

pub async fn get_enrollment(app: &App, caller: &Caller, id: i64) -> Result<Enrollment, AppError> {
    let row = enrollment_row(app, caller, id).await?;
    let mut ex = app.db.ex();
    let name = super::name_of(&mut ex, row.person_id).await?;
    let attended = attended_of(&mut ex, row.course_id)
        .await?
        .into_iter()
        .find(|(e, _)| *e == row.id)
        .map_or(0, |(_, n)| n);
    Enrollment::of(app, row, name, attended)
}

/// The enrollments of a course the caller sees: her people's, or all of them where she holds
/// the course; in the order they came (the waiting list's order).
pub async fn enrollments(
    app: &App,
    caller: &Caller,
    course_id: i64,
) -> Result<Vec<Enrollment>, AppError> {
    require_runner(caller)?;
    course_row(app, caller, course_id).await?;
    let mut ex = app.db.ex();
    let rows = store::enrollments_of(&mut ex, &caller.scope(), course_id).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.person_id).collect();
    let names: std::collections::HashMap<i64, String> = people_store::names(&mut ex, &ids)
        .await?
        .into_iter()
        .collect();
    let attended = attended_of(&mut ex, course_id).await?;
    rows.into_iter()
        .map(|r| {
            let n = attended
                .iter()
                .find(|(e, _)| *e == r.id)
                .map_or(0, |(_, n)| *n);
            let name = names.get(&r.person_id).cloned().unwrap_or_default();
            Enrollment::of(app, r, name, n)
        })
        .collect()
}

/// What a withdrawal did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Withdrawn {
    pub enrollment: Enrollment,
    /// The enrollment that took her place from the waiting list, if any.
    pub promoted: Option<i64>,
}

/// Takes a person off a course; when she held a place, the first one waiting gets it.
pub async fn withdraw(app: &App, caller: &Caller, id: i64) -> Result<Withdrawn, AppError> {
    let mut row = enrollment_row(app, caller, id).await?;
    let course = course_row(app, caller, row.course_id).await?;
    if course.finished_at.is_some() {
        return Err(conflict("course_finished"));
    }
    if !active(&row) {
        return Err(conflict("already_withdrawn"));
    }
    let held_place = enrolled(&row);
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::lock_course(&mut tx.ex(), course.id).await?;
    row.status = EnrollmentStatus::Withdrawn.as_str().to_owned();
    row.withdrawn_at = Some(now);
    store::update_enrollment(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("withdraw", "enrollment", row.id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({ "course_id": course.id }));
    audit::append(app, &mut tx.ex(), entry, now).await?;
    let mut promoted = None;
    if held_place {
        let all = store::all_enrollments_of(&mut tx.ex(), course.id).await?;
        let taken = all.iter().filter(|e| enrolled(e)).count() as i64;
        let room = course.capacity.is_none_or(|cap| taken < cap);
        let waiting = EnrollmentStatus::Waiting.as_str();
        if let Some(mut next) = all
            .into_iter()
            .find(|e| e.status == waiting)
            .filter(|_| room)
        {
            next.status = EnrollmentStatus::Enrolled.as_str().to_owned();
            store::update_enrollment(&mut tx.ex(), &next).await?;
            let entry = caller
                .entry("promote", "enrollment", next.id.to_string())
                .in_unit(&next.unit_code)
                .detail(json!({ "course_id": course.id, "after": row.id }));
            audit::append(app, &mut tx.ex(), entry, now).await?;
            promoted = Some(next.id);
        }
    }
    tx.commit().await?;
    Ok(Withdrawn {
        enrollment: get_enrollment(app, caller, id).await?,
        promoted,
    })
}

/// A course on a person's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonCourse {
    pub enrollment_id: i64,
    pub course_id: i64,
    pub title: String,
    pub tier: String,
    pub status: String,
    pub completed: bool,
    pub completed_on: Option<String>,
    pub certificate_number: Option<String>,
}

/// The courses of a person in the caller's reach (404 outside it), the latest first.
pub async fn courses_of_person(
    app: &App,
    caller: &Caller,
    person_id: i64,
) -> Result<Vec<PersonCourse>, AppError> {
    require_runner(caller)?;
    let mut ex = app.db.ex();
    people_store::find(&mut ex, &caller.scope(), person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(store::enrollments_of_person(&mut ex, person_id)
        .await?
        .into_iter()
        .map(|(e, c)| PersonCourse {
            enrollment_id: e.id,
            course_id: c.id,
            title: c.title,
            tier: c.tier,
            status: e.status,
            completed: e.completed,
            completed_on: e.completed_on,
            certificate_number: e.certificate_number,
        })
        .collect())
}
