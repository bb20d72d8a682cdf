//! Outcomes six months after completion — employed, or a business of her own — taken from the
//! employment records (placements, intention agreements, businesses started) where they exist,
//! and recorded by a follow-up call otherwise; the figures per course and per tier (enrolled,
//! completed, completion rate, employed, started a business); the completers due for a call.

use super::enrollment::enrolled;
use super::{course_row, require_reader, require_runner, Course};
use crate::audit;
use crate::auth::Caller;
use crate::cases::{choice, optional_text};
use crate::error::OnUnique;
use crate::people::{today, undecryptable};
use crate::{App, AppError};
use jinguo_db::people as people_store;
use jinguo_db::training::{self as store, CourseFilter, CourseRow, EnrollmentRow, FollowUpRow};
use jinguo_db::Exec;
use jinguo_domain::training::{
    follow_up_due, outcome, outcome_due, FollowUpResult, Outcome, RecordKind, Tier,
};
use jinguo_domain::CivilDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use utoipa::ToSchema;

const CTX_NOTE: &str = "training_follow_up.note";

/// The figures of a course (no person named).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct CourseReport {
    pub course_id: i64,
    /// On the course (holding a place; not waiting, not withdrawn).
    pub enrolled: i64,
    pub completed: i64,
    /// completed / enrolled, 0–1 (0 when nobody is enrolled).
    pub completion_rate: f64,
    /// Completers employed by six months after completion (records or the call).
    pub employed: i64,
    /// Completers who started a business by then.
    pub started_business: i64,
    /// Completers due for their follow-up call (six months passed, nothing known).
    pub follow_ups_due: i64,
}

/// The figures of a tier, over the courses of a year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TierReport {
    pub tier: String,
    pub courses: i64,
    pub enrolled: i64,
    pub completed: i64,
    pub completion_rate: f64,
    pub employed: i64,
    pub started_business: i64,
}

/// The training report of a year: per tier, and per course.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainingReport {
    pub year: i32,
    pub tiers: Vec<TierReport>,
    pub courses: Vec<CourseLine>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseLine {
    pub course_id: i64,
    pub title: String,
    pub tier: String,
    pub unit_code: String,
    pub first_session: Option<String>,
    #[serde(flatten)]
    pub figures: CourseReport,
}

fn rate(completed: i64, enrolled: i64) -> f64 {
    if enrolled == 0 {
        0.0
    } else {
        (completed as f64 / enrolled as f64 * 1000.0).round() / 1000.0
    }
}

/// What the employment records and the calls tell of these completers: each one's outcome.
async fn outcomes(
    ex: &mut Exec<'_>,
    completers: &[&EnrollmentRow],
    starts: &HashMap<i64, CivilDate>,
) -> Result<HashMap<i64, Outcome>, AppError> {
    let person_ids: Vec<i64> = completers.iter().map(|e| e.person_id).collect();
    let mut records: HashMap<i64, Vec<(RecordKind, CivilDate)>> = HashMap::new();
    for (person, kind, on) in crate::employment::assistance::work_records(ex, &person_ids).await? {
        records.entry(person).or_default().push((kind, on));
    }
    let ids: Vec<i64> = completers.iter().map(|e| e.id).collect();
    let calls: HashMap<i64, FollowUpResult> = store::follow_ups_of(ex, &ids)
        .await?
        .into_iter()
        .filter_map(|f| FollowUpResult::parse(&f.result).map(|r| (f.enrollment_id, r)))
        .collect();
    Ok(completers
        .iter()
        .filter_map(|e| {
            let done = e.completed_on.as_deref().and_then(CivilDate::parse)?;
            let start = starts.get(&e.course_id).copied().unwrap_or(done);
            let found = records.get(&e.person_id).map(Vec::as_slice).unwrap_or(&[]);
            Some((e.id, outcome(start, done, found, calls.get(&e.id).copied())))
        })
        .collect())
}

async fn first_days(ex: &mut Exec<'_>, ids: &[i64]) -> Result<HashMap<i64, CivilDate>, AppError> {
    Ok(store::first_days(ex, ids)
        .await?
        .into_iter()
        .filter_map(|(id, d)| CivilDate::parse(&d).map(|d| (id, d)))
        .collect())
}

/// The figures of some courses from all their enrollments, each course's and together.
async fn figures(
    ex: &mut Exec<'_>,
    course_ids: &[i64],
    today: CivilDate,
) -> Result<HashMap<i64, CourseReport>, AppError> {
    let all = store::enrollments_of_courses(ex, course_ids).await?;
    let starts = first_days(ex, course_ids).await?;
    let completers: Vec<&EnrollmentRow> =
        all.iter().filter(|e| enrolled(e) && e.completed).collect();
    let known = outcomes(ex, &completers, &starts).await?;
    let mut out: HashMap<i64, CourseReport> = course_ids
        .iter()
        .map(|id| {
            (
                *id,
                CourseReport {
                    course_id: *id,
                    ..CourseReport::default()
                },
            )
        })
        .collect();
    for e in all.iter().filter(|e| enrolled(e)) {
        let Some(r) = out.get_mut(&e.course_id) else {
            continue;
        };
        r.enrolled += 1;
        if !e.completed {
            continue;
        }
        r.completed += 1;
        let o = known.get(&e.id).copied().unwrap_or_default();
        r.employed += i64::from(o.employed);
        r.started_business += i64::from(o.business);
        let due = e
            .completed_on
            .as_deref()
            .and_then(CivilDate::parse)
            .is_some_and(|done| follow_up_due(done, today, o));
        r.follow_ups_due += i64::from(due);
    }
    for r in out.values_mut() {
        r.completion_rate = rate(r.completed, r.enrolled);
    }
    Ok(out)
}

/// The figures of a course the caller sees.
pub async fn course_report(
    app: &App,
    caller: &Caller,
    course_id: i64,
) -> Result<CourseReport, AppError> {
    course_row(app, caller, course_id).await?;
    let mut f = figures(&mut app.db.ex(), &[course_id], today(app)).await?;
    Ok(f.remove(&course_id).unwrap_or_default())
}

/// The year's report of the courses the caller's unit holds (its subtree's), per tier and per
/// course; a course belongs to the year of its first session.
pub async fn training_report(
    app: &App,
    caller: &Caller,
    year: Option<i32>,
) -> Result<TrainingReport, AppError> {
    require_reader(caller)?;
    let day = today(app);
    let year = year.unwrap_or(day.year);
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid("year", "invalid_year"));
    }
    let f = CourseFilter {
        own_only: true,
        ..CourseFilter::default()
    };
    let (rows, _) = store::list_courses(&mut app.db.ex(), &caller.scope(), &f, 0, 10_000).await?;
    let courses: Vec<Course> = super::courses_of(app, caller, rows)
        .await?
        .into_iter()
        .filter(|c| {
            c.first_session
                .as_deref()
                .is_some_and(|d| d.starts_with(&format!("{year}-")))
        })
        .collect();
    let ids: Vec<i64> = courses.iter().map(|c| c.id).collect();
    let mut figures = figures(&mut app.db.ex(), &ids, day).await?;
    let lines: Vec<CourseLine> = courses
        .into_iter()
        .map(|c| CourseLine {
            figures: figures.remove(&c.id).unwrap_or_default(),
            course_id: c.id,
            title: c.title,
            tier: c.tier,
            unit_code: c.unit_code,
            first_session: c.first_session,
        })
        .collect();
    let tiers = Tier::ALL
        .iter()
        .map(|t| {
            let of: Vec<&CourseLine> = lines.iter().filter(|l| l.tier == t.as_str()).collect();
            let sum = |f: fn(&CourseReport) -> i64| of.iter().map(|l| f(&l.figures)).sum::<i64>();
            let (enrolled, completed) = (sum(|r| r.enrolled), sum(|r| r.completed));
            TierReport {
                tier: t.as_str().to_owned(),
                courses: of.len() as i64,
                enrolled,
                completed,
                completion_rate: rate(completed, enrolled),
                employed: sum(|r| r.employed),
                started_business: sum(|r| r.started_business),
            }
        })
        .collect();
    Ok(TrainingReport {
        year,
        tiers,
        courses: lines,
    })
}

// ---- follow-up calls ----

/// A completer due for her follow-up call.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueFollowUp {
    pub enrollment_id: i64,
    pub course_id: i64,
    pub course_title: String,
    pub person_id: i64,
    pub name: String,
    pub unit_code: String,
    pub completed_on: String,
    /// Six months after completion.
    pub due_on: String,
}

/// The completers the caller sees (her people, or those of the courses she holds) whose six
/// months have passed with nothing in the employment records and no call yet, the longest
/// waiting first.
pub async fn follow_ups_due(app: &App, caller: &Caller) -> Result<Vec<DueFollowUp>, AppError> {
    require_runner(caller)?;
    let day = today(app);
    let mut ex = app.db.ex();
    let rows = store::completers(&mut ex, &caller.scope()).await?;
    let due_rows: Vec<&EnrollmentRow> = rows
        .iter()
        .filter(|e| {
            e.completed_on
                .as_deref()
                .and_then(CivilDate::parse)
                .is_some_and(|d| outcome_due(d) <= day)
        })
        .collect();
    let course_ids: Vec<i64> = {
        let mut ids: Vec<i64> = due_rows.iter().map(|e| e.course_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let starts = first_days(&mut ex, &course_ids).await?;
    let known = outcomes(&mut ex, &due_rows, &starts).await?;
    let courses: HashMap<i64, CourseRow> = store::courses_by_id(&mut ex, &course_ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let waiting: Vec<&EnrollmentRow> = due_rows
        .into_iter()
        .filter(|e| {
            let o = known.get(&e.id).copied().unwrap_or_default();
            e.completed_on
                .as_deref()
                .and_then(CivilDate::parse)
                .is_some_and(|d| follow_up_due(d, day, o))
        })
        .collect();
    let person_ids: Vec<i64> = waiting.iter().map(|e| e.person_id).collect();
    let names: HashMap<i64, String> = people_store::names(&mut ex, &person_ids)
        .await?
        .into_iter()
        .collect();
    Ok(waiting
        .into_iter()
        .map(|e| {
            let done = e.completed_on.clone().unwrap_or_default();
            DueFollowUp {
                enrollment_id: e.id,
                course_id: e.course_id,
                course_title: courses
                    .get(&e.course_id)
                    .map(|c| c.title.clone())
                    .unwrap_or_default(),
                person_id: e.person_id,
                name: names.get(&e.person_id).cloned().unwrap_or_default(),
                unit_code: e.unit_code.clone(),
                due_on: CivilDate::parse(&done)
                    .map(|d| outcome_due(d).to_string())
                    .unwrap_or_default(),
                completed_on: done,
            }
        })
        .collect())
}

/// A follow-up call as the API takes it (`NewFollowUp`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewFollowUp)]
pub struct FollowUpInput {
    /// employed, business (started a business), not_employed, unreachable
    pub result: String,
    /// `YYYY-MM-DD`, today when absent.
    pub called_on: Option<String>,
    /// Kept sealed.
    pub note: Option<String>,
}

/// A recorded follow-up call.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FollowUp {
    pub id: i64,
    pub enrollment_id: i64,
    pub called_on: String,
    pub result: String,
    pub note: Option<String>,
}

impl FollowUp {
    fn of(app: &App, row: FollowUpRow) -> Result<FollowUp, AppError> {
        let note = row
            .note_cipher
            .as_deref()
            .map(|c| app.cipher.open(c, CTX_NOTE, row.id))
            .transpose()
            .map_err(undecryptable)?;
        Ok(FollowUp {
            id: row.id,
            enrollment_id: row.enrollment_id,
            called_on: row.called_on,
            result: row.result,
            note,
        })
    }
}

/// Records the follow-up call of a completer the caller sees (one per completer).
pub async fn record_follow_up(
    app: &App,
    caller: &Caller,
    enrollment_id: i64,
    input: FollowUpInput,
) -> Result<FollowUp, AppError> {
    let e = super::enrollment::enrollment_row(app, caller, enrollment_id).await?;
    if !e.completed {
        return Err(AppError::invalid_detail(
            "enrollment_id",
            "not_completed",
            enrollment_id.to_string(),
        ));
    }
    let result = choice("result", &input.result, FollowUpResult::parse)?;
    let day = today(app);
    let called_on = match crate::given(input.called_on.as_deref()) {
        None => day,
        Some(raw) => CivilDate::parse(raw)
            .ok_or_else(|| AppError::invalid_detail("called_on", "invalid_date", raw))?,
    };
    if called_on > day {
        return Err(AppError::invalid("called_on", "date_in_future"));
    }
    let note = optional_text("note", input.note.as_deref(), 1_000)?;
    let now = app.now();
    let id = app.ids.next(now);
    let row = FollowUpRow {
        id,
        enrollment_id,
        course_id: e.course_id,
        person_id: e.person_id,
        unit_code: e.unit_code.clone(),
        called_on: called_on.to_string(),
        result: result.as_str().to_owned(),
        note_cipher: note.map(|n| app.cipher.seal(&n, CTX_NOTE, id)),
        created_by: caller.author(),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_follow_up(&mut tx.ex(), &row)
        .await
        .on_unique("already_followed_up", "enrollment_id")?;
    let entry = caller
        .entry("follow_up", "enrollment", enrollment_id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({ "result": row.result }));
    audit::commit(app, tx, entry, now).await?;
    FollowUp::of(app, row)
}

/// The follow-up call of an enrollment the caller sees, if one was made.
pub async fn follow_up_of(
    app: &App,
    caller: &Caller,
    enrollment_id: i64,
) -> Result<Option<FollowUp>, AppError> {
    let e = super::enrollment::enrollment_row(app, caller, enrollment_id).await?;
    store::follow_ups_of(&mut app.db.ex(), &[e.id])
        .await?
        .into_iter()
        .next()
        .map(|r| FollowUp::of(app, r))
        .transpose()
}
