//! The four kinds of assistance (结对 pairing, 岗位 job placement, 技能 skills, 维权 rights aid —
//! the last linked to its case), mentoring pairs of an established woman entrepreneur and a new
//! one with their meetings, and the outcomes employment work leads to (placements, business
//! start-ups), counted by the registry's tags and a period.

use super::{require_people_work, require_staff};
use crate::audit;
use crate::auth::Caller;
use crate::cases::{choice, date, optional_date, optional_text, text};
use crate::people::today;
use crate::sealed_text::{opened_all, sealed_text, SealedText};
use crate::{App, AppError};
use jinguo_db::employment::{
    self as store, AssistanceFilter, AssistanceRow, MeetingRow, MentorshipRow, OutcomeRow,
};
use jinguo_domain::employment::{AssistanceKind, AssistanceStatus, OutcomeKind};
use jinguo_domain::training::RecordKind;
use jinguo_domain::CivilDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// The audit entry of a record made for a person: what kind it is and whose, under her unit.
fn made_for<'a>(
    caller: &'a Caller,
    entity: &'a str,
    id: i64,
    kind: &str,
    person_id: i64,
    unit_code: &'a str,
) -> audit::Entry<'a> {
    caller
        .entry("create", entity, id.to_string())
        .in_unit(unit_code)
        .detail(json!({ "kind": kind, "person_id": person_id }))
}

fn ordered(started_on: &str, ended_on: &Option<String>) -> Result<(), AppError> {
    match ended_on {
        Some(end) if end.as_str() < started_on => {
            Err(AppError::invalid("ended_on", "end_before_start"))
        }
        _ => Ok(()),
    }
}

// ---- assistance ----

/// A kind of assistance given to a person, as the API takes it (`NewAssistance`) and the form
/// builds it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewAssistance)]
pub struct AssistanceInput {
    pub person_id: i64,
    pub kind: String,
    pub provider: String,
    pub started_on: String,
    pub ended_on: Option<String>,
    pub status: Option<String>,
    pub outcome: Option<String>,
    /// Required for rights aid: the case it is part of.
    pub case_id: Option<i64>,
}

// An assistance record as pages and the API (`AssistanceView`) show it, its outcome opened.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = AssistanceView)]
pub struct Assistance {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    /// pairing, job, skills, rights
    pub kind: String,
    pub provider: String,
    pub started_on: String,
    pub ended_on: Option<String>,
    /// active, completed, cancelled
    pub status: String,
    pub outcome: Option<String>,
    pub case_id: Option<i64>,
    pub case_code: Option<String>,
}

impl Assistance {
    fn of(row: AssistanceRow, person_name: String, case_code: Option<String>) -> Assistance {
        Assistance {
            id: row.id,
            person_id: row.person_id,
            person_name,
            kind: row.kind,
            provider: row.provider,
            started_on: row.started_on,
            ended_on: row.ended_on,
            status: row.status,
            outcome: row.outcome,
            case_id: row.case_id,
            case_code,
        }
    }
}

// What a change of an assistance record's progress left (the API's `AssistanceChanged`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssistanceChanged {
    pub id: i64,
    pub status: String,
    pub ended_on: Option<String>,
    pub outcome: Option<String>,
}

async fn checked_case(
    app: &App,
    caller: &Caller,
    kind: AssistanceKind,
    case_id: Option<i64>,
) -> Result<Option<(i64, String)>, AppError> {
    match (kind, case_id) {
        (AssistanceKind::Rights, None) => Err(AppError::invalid("case_id", "required")),
        (_, None) => Ok(None),
        (_, Some(id)) => {
            let case = crate::cases::get_summary(app, caller, id)
                .await
                .map_err(|_| AppError::invalid_detail("case_id", "unknown_case", id.to_string()))?;
            Ok(Some((id, case.code)))
        }
    }
}

pub async fn create_assistance(
    app: &App,
    caller: &Caller,
    input: AssistanceInput,
) -> Result<Assistance, AppError> {
    require_people_work(caller)?;
    let p = crate::people::chosen(app, caller, "person_id", input.person_id).await?;
    let kind = choice("kind", &input.kind, AssistanceKind::parse)?;
    let provider = text("provider", &input.provider, 100)?;
    let started_on = date("started_on", &input.started_on)?;
    let ended_on = optional_date("ended_on", input.ended_on.as_deref())?;
    ordered(&started_on, &ended_on)?;
    let status = match input.status.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => choice("status", s, AssistanceStatus::parse)?,
        None => AssistanceStatus::Active,
    };
    let case = checked_case(app, caller, kind, input.case_id).await?;
    let now = app.now();
    let row = AssistanceRow {
        id: app.ids.next(now),
        person_id: p.id,
        kind: kind.as_str().into(),
        provider,
        started_on,
        ended_on,
        status: status.as_str().into(),
        outcome: optional_text("outcome", input.outcome.as_deref(), 2_000)?,
        case_id: case.as_ref().map(|c| c.0),
        unit_code: p.unit_code.clone(),
        created_by: caller.author(),
        created_at: now,
        updated_at: now,
        outcome_cipher: None,
    };
    let mut tx = app.db.begin().await?;
    store::insert_assistance(&mut tx.ex(), &row.clone().sealed(&app.cipher)).await?;
    let entry = made_for(
        caller,
        "assistance",
        row.id,
        &row.kind,
        row.person_id,
        &row.unit_code,
    );
    audit::commit(app, tx, entry, now).await?;
    Ok(Assistance::of(row, p.name, case.map(|c| c.1)))
}

/// How an assistance stands now (`PATCH /api/v1/assistance/{id}`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = ChangeAssistance)]
pub struct AssistanceProgress {
    pub status: String,
    pub ended_on: Option<String>,
    pub outcome: Option<String>,
}

/// Changes the end, status and outcome of an assistance record: read and written in one
/// transaction.
pub async fn update_assistance(
    app: &App,
    caller: &Caller,
    id: i64,
    progress: AssistanceProgress,
) -> Result<AssistanceChanged, AppError> {
    require_people_work(caller)?;
    let (status, ended_on, outcome) = (
        progress.status.as_str(),
        progress.ended_on.as_deref(),
        progress.outcome.as_deref(),
    );
    let mut tx = app.db.begin().await?;
    let before = store::find_assistance(&mut tx.ex(), id)
        .await?
        .ok_or(AppError::NotFound)?
        .opened(&app.cipher)?;
    crate::people::chosen(app, caller, "person_id", before.person_id)
        .await
        .map_err(|_| AppError::NotFound)?;
    let status = choice("status", status, AssistanceStatus::parse)?;
    let ended_on = optional_date("ended_on", ended_on)?;
    ordered(&before.started_on, &ended_on)?;
    let now = app.now();
    let row = AssistanceRow {
        status: status.as_str().into(),
        ended_on: ended_on
            .or_else(|| (status != AssistanceStatus::Active).then(|| today(app).to_string())),
        outcome: optional_text("outcome", outcome, 2_000)?.or(before.outcome.clone()),
        updated_at: now,
        ..before
    };
    store::update_assistance(&mut tx.ex(), &row.clone().sealed(&app.cipher)).await?;
    audit::commit(
        app,
        tx,
        caller.entry("update", "assistance", id.to_string()),
        now,
    )
    .await?;
    Ok(AssistanceChanged {
        id: row.id,
        status: row.status,
        ended_on: row.ended_on,
        outcome: row.outcome,
    })
}

#[derive(Debug, Clone, Default)]
pub struct AssistanceQuery {
    pub person_id: Option<i64>,
    pub kind: Option<String>,
    pub status: Option<String>,
}

pub async fn list_assistance(
    app: &App,
    caller: &Caller,
    q: &AssistanceQuery,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Assistance>, i64), AppError> {
    require_people_work(caller)?;
    let f = AssistanceFilter {
        person_id: q.person_id,
        kind: super::optional_choice("kind", q.kind.as_deref(), AssistanceKind::parse)?
            .map(|k| k.as_str().to_owned()),
        status: super::optional_choice("status", q.status.as_deref(), AssistanceStatus::parse)?
            .map(|s| s.as_str().to_owned()),
    };
    let offset = crate::page_offset(page, per_page)?;
    let (rows, total) =
        store::list_assistance(&mut app.db.ex(), &caller.scope(), &f, offset, per_page).await?;
    let rows = opened_all(rows, &app.cipher)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.person_id).collect();
    let names = crate::people::names_of(app, &ids).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let case_code = match row.case_id {
            Some(cid) => crate::cases::get_summary(app, caller, cid)
                .await
                .ok()
                .map(|c| c.code),
            None => None,
        };
        let person_name = crate::people::name_in(&names, row.person_id);
        items.push(Assistance::of(row, person_name, case_code));
    }
    Ok((items, total))
}

// ---- mentoring ----

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewMentorship)]
pub struct MentorshipInput {
    /// The established woman entrepreneur.
    pub mentor_id: i64,
    /// The new one.
    pub mentee_id: i64,
    pub started_on: String,
    pub goal: Option<String>,
}

// A mentoring pair as pages and the API (`MentorshipView`) show it, its goal opened.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = MentorshipView)]
pub struct Mentorship {
    pub id: i64,
    pub mentor_id: i64,
    pub mentor_name: String,
    pub mentee_id: i64,
    pub mentee_name: String,
    pub started_on: String,
    pub ended_on: Option<String>,
    pub status: String,
    pub goal: Option<String>,
    pub meetings: Vec<Meeting>,
}

impl Mentorship {
    fn of(row: MentorshipRow, names: (String, String), meetings: Vec<Meeting>) -> Mentorship {
        Mentorship {
            id: row.id,
            mentor_id: row.mentor_id,
            mentor_name: names.0,
            mentee_id: row.mentee_id,
            mentee_name: names.1,
            started_on: row.started_on,
            ended_on: row.ended_on,
            status: row.status,
            goal: row.goal,
            meetings,
        }
    }
}

// A meeting of a mentoring pair, its note opened (the API's `MeetingView`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = MeetingView)]
pub struct Meeting {
    pub id: i64,
    pub met_on: String,
    pub note: String,
}

impl From<MeetingRow> for Meeting {
    fn from(m: MeetingRow) -> Meeting {
        Meeting {
            id: m.id,
            met_on: m.met_on,
            note: m.note,
        }
    }
}

pub async fn create_mentorship(
    app: &App,
    caller: &Caller,
    input: MentorshipInput,
) -> Result<Mentorship, AppError> {
    require_people_work(caller)?;
    if input.mentor_id == input.mentee_id {
        return Err(AppError::invalid("mentee_id", "mentor_is_mentee"));
    }
    let mentor = crate::people::chosen(app, caller, "mentor_id", input.mentor_id).await?;
    let mentee = crate::people::chosen(app, caller, "mentee_id", input.mentee_id).await?;
    let now = app.now();
    let row = MentorshipRow {
        id: app.ids.next(now),
        mentor_id: mentor.id,
        mentee_id: mentee.id,
        started_on: date("started_on", &input.started_on)?,
        ended_on: None,
        status: AssistanceStatus::Active.as_str().into(),
        goal: optional_text("goal", input.goal.as_deref(), 1_000)?,
        unit_code: mentee.unit_code.clone(),
        created_by: caller.author(),
        created_at: now,
        updated_at: now,
        goal_cipher: None,
    };
    let mut tx = app.db.begin().await?;
    store::insert_mentorship(&mut tx.ex(), &row.clone().sealed(&app.cipher)).await?;
    audit::commit(
        app,
        tx,
        caller.entry("create", "mentorship", row.id.to_string()),
        now,
    )
    .await?;
    Ok(Mentorship::of(row, (mentor.name, mentee.name), Vec::new()))
}

async fn load_mentorship(app: &App, caller: &Caller, id: i64) -> Result<MentorshipRow, AppError> {
    require_people_work(caller)?;
    let row = store::find_mentorship(&mut app.db.ex(), id)
        .await?
        .ok_or(AppError::NotFound)?
        .opened(&app.cipher)?;
    if !caller.scope().covers_code(&row.unit_code) {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

pub async fn add_meeting(
    app: &App,
    caller: &Caller,
    mentorship_id: i64,
    met_on: &str,
    note: &str,
) -> Result<Meeting, AppError> {
    load_mentorship(app, caller, mentorship_id).await?;
    let now = app.now();
    let meeting = MeetingRow {
        id: app.ids.next(now),
        mentorship_id,
        met_on: date("met_on", met_on)?,
        note: text("note", note, 2_000)?,
        created_by: caller.author(),
        created_at: now,
        note_cipher: None,
    };
    let mut tx = app.db.begin().await?;
    store::insert_meeting(&mut tx.ex(), &meeting.clone().sealed(&app.cipher)).await?;
    audit::commit(
        app,
        tx,
        caller.entry("meeting", "mentorship", mentorship_id.to_string()),
        now,
    )
    .await?;
    Ok(meeting.into())
}

/// Ends a pairing (completed) on a date.
pub async fn end_mentorship(
    app: &App,
    caller: &Caller,
    id: i64,
    ended_on: &str,
) -> Result<(), AppError> {
    let before = load_mentorship(app, caller, id).await?;
    let ended_on = date("ended_on", ended_on)?;
    ordered(&before.started_on, &Some(ended_on.clone()))?;
    let now = app.now();
    let row = MentorshipRow {
        ended_on: Some(ended_on),
        status: AssistanceStatus::Completed.as_str().into(),
        updated_at: now,
        ..before
    };
    let mut tx = app.db.begin().await?;
    store::update_mentorship(&mut tx.ex(), &row.clone().sealed(&app.cipher)).await?;
    audit::commit(
        app,
        tx,
        caller.entry("end", "mentorship", id.to_string()),
        now,
    )
    .await?;
    Ok(())
}

pub async fn list_mentorships(
    app: &App,
    caller: &Caller,
    person_id: Option<i64>,
) -> Result<Vec<Mentorship>, AppError> {
    require_people_work(caller)?;
    let rows = store::list_mentorships(&mut app.db.ex(), &caller.scope(), person_id).await?;
    let rows = opened_all(rows, &app.cipher)?;
    let mut ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.mentor_id, r.mentee_id])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let names = crate::people::names_of(app, &ids).await?;
    let name = |id: i64| crate::people::name_in(&names, id);
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let meetings = opened_all(
            store::meetings_of(&mut app.db.ex(), row.id).await?,
            &app.cipher,
        )?;
        let names = (name(row.mentor_id), name(row.mentee_id));
        let meetings = meetings.into_iter().map(Meeting::from).collect();
        out.push(Mentorship::of(row, names, meetings));
    }
    Ok(out)
}

// ---- outcomes ----

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewOutcome)]
pub struct OutcomeInput {
    pub person_id: i64,
    /// placement, startup
    pub kind: String,
    pub on_date: String,
    pub job_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub note: Option<String>,
}

/// Records a placement or a business started (by hand; hires from recommendations are recorded
/// by them).
pub async fn record_outcome(
    app: &App,
    caller: &Caller,
    input: OutcomeInput,
) -> Result<Outcome, AppError> {
    require_people_work(caller)?;
    let p = crate::people::chosen(app, caller, "person_id", input.person_id).await?;
    let kind = choice("kind", &input.kind, OutcomeKind::parse)?;
    let on_date = date("on_date", &input.on_date)?;
    if let Some(job_id) = input.job_id {
        super::jobs::public(app, caller, job_id)
            .await
            .map_err(|_| AppError::invalid_detail("job_id", "unknown_job", job_id.to_string()))?;
    }
    if let Some(eid) = input.enterprise_id {
        super::enterprises::load_public(app, caller, eid)
            .await
            .map_err(|_| {
                AppError::invalid_detail("enterprise_id", "unknown_enterprise", eid.to_string())
            })?;
    }
    let now = app.now();
    let row = OutcomeRow {
        id: app.ids.next(now),
        person_id: p.id,
        kind: kind.as_str().into(),
        on_date,
        job_id: input.job_id,
        enterprise_id: input.enterprise_id,
        source: "manual".into(),
        note: optional_text("note", input.note.as_deref(), 1_000)?,
        unit_code: p.unit_code.clone(),
        created_by: caller.author(),
        created_at: now,
        note_cipher: None,
    };
    let mut tx = app.db.begin().await?;
    store::insert_outcome(&mut tx.ex(), &row.clone().sealed(&app.cipher)).await?;
    let entry = made_for(
        caller,
        "outcome",
        row.id,
        &row.kind,
        row.person_id,
        &row.unit_code,
    );
    audit::commit(app, tx, entry, now).await?;
    Ok(Outcome {
        id: row.id,
        person_id: row.person_id,
        kind: row.kind,
        on_date: row.on_date,
        source: row.source,
    })
}

// An outcome as recorded (the API's `OutcomeView`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OutcomeView)]
pub struct Outcome {
    pub id: i64,
    pub person_id: i64,
    pub kind: String,
    pub on_date: String,
    pub source: String,
}

/// The tags the work report counts outcomes by.
pub const OUTCOME_TAGS: [&str; 4] = ["laid_off", "returning", "land_lost", "graduate"];

/// Placements and start-ups in a period: all of them, and those of people with each tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeStats {
    pub from: String,
    pub to: String,
    pub placements: i64,
    pub startups: i64,
    /// (tag, placements, start-ups) for each of `OUTCOME_TAGS`.
    pub by_tag: Vec<(&'static str, i64, i64)>,
}

pub async fn outcome_stats(
    app: &App,
    caller: &Caller,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<OutcomeStats, AppError> {
    require_staff(caller)?;
    let today = today(app);
    let from = optional_date("from", from)?.unwrap_or_else(|| format!("{}-01-01", today.year));
    let to = optional_date("to", to)?.unwrap_or_else(|| today.to_string());
    if to < from {
        return Err(AppError::invalid("to", "end_before_start"));
    }
    let counts = store::outcome_counts(&mut app.db.ex(), &caller.scope(), &from, &to).await?;
    let n = |kind: &str, tag: &str| {
        counts
            .iter()
            .find(|(k, t, _)| k == kind && t == tag)
            .map_or(0, |c| c.2)
    };
    Ok(OutcomeStats {
        placements: n("placement", ""),
        startups: n("startup", ""),
        by_tag: OUTCOME_TAGS
            .iter()
            .map(|t| (*t, n("placement", t), n("startup", t)))
            .collect(),
        from,
        to,
    })
}

// ---- free text at rest ----

const CTX_ASSISTANCE_OUTCOME: &str = "assistance.outcome";
const CTX_MENTORSHIP_GOAL: &str = "mentorship.goal";
const CTX_MEETING_NOTE: &str = "mentor_meeting.note";
const CTX_OUTCOME_NOTE: &str = "employment_outcome.note";

sealed_text!(AssistanceRow {
    optional outcome => outcome_cipher, CTX_ASSISTANCE_OUTCOME;
});

sealed_text!(MentorshipRow {
    optional goal => goal_cipher, CTX_MENTORSHIP_GOAL;
});

sealed_text!(MeetingRow {
    required note => note_cipher, CTX_MEETING_NOTE;
});

sealed_text!(OutcomeRow {
    optional note => note_cipher, CTX_OUTCOME_NOTE;
});

/// What the employment records say of some people (a placement or an intention agreement is
/// a job; a business started is a business), with the day of each: the training module's
/// outcome six months after a course.
pub(crate) async fn work_records(
    ex: &mut jinguo_db::Exec<'_>,
    person_ids: &[i64],
) -> Result<Vec<(i64, RecordKind, CivilDate)>, AppError> {
    Ok(store::work_records_of(ex, person_ids)
        .await?
        .into_iter()
        .filter_map(|(person, kind, on)| {
            let kind = match kind.as_str() {
                "startup" => RecordKind::Business,
                "placement" | "agreement" => RecordKind::Job,
                _ => return None,
            };
            CivilDate::parse(&on).map(|d| (person, kind, d))
        })
        .collect())
}
