//! Job seekers (a profile on a registry person), their matches with open jobs, the
//! recommendations made to them and what came of each.

use super::jobs::{self, Job};
use super::{
    choices, joined, optional_choice, require_people_work, skills_json, skills_of, split_codes,
};
use crate::audit;
use crate::auth::Caller;
use crate::cases::{choice, optional_text};
use crate::changes::changes;
use crate::crypto::FieldCipher;
use crate::error::OnUnique;
use crate::people::{birth_date_of, check_unit, today};
use crate::sealed_text::{sealed_text, SealedText};
use crate::{App, AppError};
use jinguo_db::employment::{
    self as store, OutcomeRow, RecommendationRow, Recommended, SeekerEventRow, SeekerFilter,
    SeekerListRow, SeekerRow,
};
use jinguo_db::Exec;
use jinguo_domain::employment::matching::{
    explain, place_of, points, top_jobs_brute_force, top_seekers, Reason, SeekerProfile, SkillTable,
};
use jinguo_domain::employment::{
    normalize_skills, Availability, Education, FriendlyTerm, JobCategory, RecommendationOutcome,
    SeekerStatus,
};
use jinguo_domain::{CivilDate, UnitCode};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// A job seeker as the API takes her (`NewSeeker`) and the form builds her.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewSeeker)]
pub struct SeekerInput {
    pub person_id: i64,
    pub categories: Vec<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    pub education: Option<String>,
    pub availability: Option<String>,
    pub expected_pay: Option<i64>,
    /// Home community; the person's own unit when absent.
    pub unit_code: Option<String>,
    #[serde(default)]
    pub needs: Vec<String>,
    pub status: Option<String>,
    pub note: Option<String>,
}

changes! {
    /// A change of some fields of a seeker (`PATCH /api/v1/seekers/{id}`).
    #[schema(as = ChangeSeeker)]
    pub struct SeekerChanges for SeekerInput {
        categories: Vec<String>,
        skills: Vec<String>,
        education: String,
        availability: String,
        expected_pay: i64,
        unit_code: String,
        needs: Vec<String>,
        status: String,
        note: String,
    }
}

// A seeker as pages and the API (`SeekerView`) show her.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = SeekerView)]
pub struct Seeker {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub sex: String,
    /// The year only: see `PersonView::birth_year`.
    pub birth_year: i32,
    // For the age matching uses, read from her sealed ID number; never shown.
    #[serde(skip)]
    pub(crate) birth_date: CivilDate,
    #[schema(value_type = Vec<String>)]
    pub categories: Vec<JobCategory>,
    pub skills: Vec<String>,
    pub education: Option<String>,
    /// any, full_time, part_time, flexible
    pub availability: String,
    pub expected_pay: Option<i64>,
    /// Home community.
    pub unit_code: String,
    #[schema(value_type = Vec<String>)]
    pub needs: Vec<FriendlyTerm>,
    /// seeking, placed, inactive
    pub status: String,
    // Opened.
    pub note: Option<String>,
    // Who registered her; kept for a change, never shown.
    #[serde(skip)]
    pub(crate) created_by: Option<i64>,
    #[serde(serialize_with = "crate::clock::as_iso")]
    #[schema(value_type = String)]
    pub created_at: i64,
    #[serde(serialize_with = "crate::clock::as_iso")]
    #[schema(value_type = String)]
    pub updated_at: i64,
}

/// Who a seeker is, from her person: name, sex, birth year and (for matching) birth date.
struct Her {
    name: String,
    sex: String,
    birth_year: i32,
    birth_date: CivilDate,
}

impl Seeker {
    /// A stored seeker with her note opened (and her ID number, for her exact age).
    fn of(r: SeekerListRow, cipher: &FieldCipher) -> Result<Seeker, AppError> {
        let her = Her {
            birth_date: birth_date_of(cipher, r.seeker.person_id, &r.id_cipher)?,
            name: r.name,
            sex: r.sex,
            birth_year: r.birth_year,
        };
        Ok(Seeker::shown(r.seeker.opened(cipher)?, her))
    }

    /// An opened row as shown.
    fn shown(row: SeekerRow, her: Her) -> Seeker {
        Seeker {
            id: row.id,
            person_id: row.person_id,
            name: her.name,
            sex: her.sex,
            birth_year: her.birth_year,
            birth_date: her.birth_date,
            categories: split_codes(&row.categories, JobCategory::parse),
            skills: skills_of(&row.skills),
            education: row.education,
            availability: row.availability,
            expected_pay: row.expected_pay,
            unit_code: row.unit_code,
            needs: split_codes(&row.needs, FriendlyTerm::parse),
            status: row.status,
            note: row.note,
            created_by: row.created_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }

    fn age_on(&self, on: CivilDate) -> Option<u8> {
        u8::try_from(self.birth_date.age_on(on)).ok()
    }

    fn profile(&self, skills: &mut SkillTable, on: CivilDate) -> SeekerProfile {
        SeekerProfile::new(
            self.id,
            &self.categories,
            skills.ids(&self.skills),
            self.education.as_deref().and_then(Education::parse),
            self.age_on(on),
            place_of(&self.unit_code),
            self.expected_pay,
            Availability::parse(&self.availability).unwrap_or(Availability::Any),
            &self.needs,
        )
    }
}

struct ValidSeeker {
    categories: Vec<JobCategory>,
    skills: Vec<String>,
    education: Option<Education>,
    availability: Availability,
    expected_pay: Option<i64>,
    needs: Vec<FriendlyTerm>,
    status: SeekerStatus,
    note: Option<String>,
}

fn validate(input: &SeekerInput) -> Result<ValidSeeker, AppError> {
    let categories = choices("categories", &input.categories, JobCategory::parse)?;
    if categories.is_empty() {
        return Err(AppError::invalid("categories", "required"));
    }
    let skills = normalize_skills(&input.skills);
    if skills.len() > 30 || skills.iter().any(|s| s.chars().count() > 30) {
        return Err(AppError::invalid("skills", "too_many_skills"));
    }
    if let Some(pay) = input.expected_pay {
        super::count("expected_pay", pay, 0)?;
    }
    Ok(ValidSeeker {
        categories,
        skills,
        education: optional_choice("education", input.education.as_deref(), Education::parse)?,
        availability: optional_choice(
            "availability",
            input.availability.as_deref(),
            Availability::parse,
        )?
        .unwrap_or(Availability::Any),
        expected_pay: input.expected_pay,
        needs: choices("needs", &input.needs, FriendlyTerm::parse)?,
        status: optional_choice("status", input.status.as_deref(), SeekerStatus::parse)?
            .unwrap_or(SeekerStatus::Seeking),
        note: optional_text("note", input.note.as_deref(), 2_000)?,
    })
}

fn row_of(
    v: &ValidSeeker,
    id: i64,
    person_id: i64,
    unit: &str,
    created: (Option<i64>, i64),
    now: i64,
) -> SeekerRow {
    SeekerRow {
        id,
        person_id,
        categories: joined(&v.categories, JobCategory::as_str),
        skills: skills_json(&v.skills),
        education: v.education.map(|e| e.as_str().into()),
        availability: v.availability.as_str().into(),
        expected_pay: v.expected_pay,
        unit_code: unit.to_owned(),
        needs: joined(&v.needs, FriendlyTerm::as_str),
        status: v.status.as_str().into(),
        note: v.note.clone(),
        created_by: created.0,
        created_at: created.1,
        updated_at: now,
        note_cipher: None,
    }
}

/// A seeker checked and made a row without the database checks (bulk loads: the demo district).
pub(crate) fn row_for(
    input: &SeekerInput,
    id: i64,
    unit: &str,
    created: (Option<i64>, i64),
    now: i64,
) -> Result<SeekerRow, AppError> {
    let valid = validate(input)?;
    Ok(row_of(&valid, id, input.person_id, unit, created, now))
}

async fn home_unit(
    app: &App,
    caller: &Caller,
    given: Option<&str>,
    person_unit: &str,
) -> Result<String, AppError> {
    let code = given
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .unwrap_or(person_unit);
    let unit = UnitCode::parse(code)
        .map_err(|_| AppError::invalid_detail("unit_code", "unknown_unit", code))?;
    check_unit(app, caller, &unit).await?;
    Ok(unit.as_str().to_owned())
}

fn event(
    app: &App,
    caller: &Caller,
    seeker_id: i64,
    kind: &str,
    detail: serde_json::Value,
) -> SeekerEventRow {
    let now = app.now();
    SeekerEventRow {
        id: app.ids.next(now),
        seeker_id,
        at: now,
        actor: caller.display_name.clone(),
        kind: kind.into(),
        detail: detail.to_string(),
    }
}

pub async fn create(app: &App, caller: &Caller, input: SeekerInput) -> Result<Seeker, AppError> {
    require_people_work(caller)?;
    let valid = validate(&input)?;
    let person = crate::people::chosen(app, caller, "person_id", input.person_id).await?;
    if store::find_seeker_of_person(&mut app.db.ex(), person.id)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict {
            code: "seeker_exists",
            field: Some("person_id"),
            detail: None,
        });
    }
    let unit = home_unit(app, caller, input.unit_code.as_deref(), &person.unit_code).await?;
    let now = app.now();
    let row = row_of(
        &valid,
        app.ids.next(now),
        person.id,
        &unit,
        (caller.author(), now),
        now,
    );
    let mut tx = app.db.begin().await?;
    store::insert_seeker(&mut tx.ex(), &row.clone().sealed(&app.cipher))
        .await
        .on_unique("seeker_exists", "person_id")?;
    let ev = event(
        app,
        caller,
        row.id,
        "registered",
        json!({ "status": row.status }),
    );
    store::add_seeker_event(&mut tx.ex(), &ev).await?;
    let entry = caller
        .entry("create", "seeker", row.id.to_string())
        .in_unit(&row.unit_code);
    audit::commit(app, tx, entry, now).await?;
    Seeker::of(
        SeekerListRow {
            seeker: row,
            name: person.name,
            sex: person.sex,
            birth_year: person.birth_year,
            id_cipher: person.id_cipher,
        },
        &app.cipher,
    )
}

/// A seeker in the caller's subtree, else not found.
async fn load(app: &App, caller: &Caller, id: i64) -> Result<Seeker, AppError> {
    load_in(app, &mut app.db.ex(), caller, id).await
}

/// `load` through a given executor: a change reads the seeker in its own transaction.
async fn load_in(
    app: &App,
    ex: &mut Exec<'_>,
    caller: &Caller,
    id: i64,
) -> Result<Seeker, AppError> {
    Seeker::of(load_row(ex, caller, id).await?, &app.cipher)
}

/// A stored seeker (sealed) in the caller's subtree, else not found.
async fn load_row(ex: &mut Exec<'_>, caller: &Caller, id: i64) -> Result<SeekerListRow, AppError> {
    require_people_work(caller)?;
    let row = store::find_seeker(ex, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !caller.scope().covers_code(&row.seeker.unit_code) {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

/// Changes the fields given, the rest as they are: read, merged and written in one transaction.
pub async fn change(
    app: &App,
    caller: &Caller,
    id: i64,
    changes: SeekerChanges,
) -> Result<Seeker, AppError> {
    let mut tx = app.db.begin().await?;
    let before = load_in(app, &mut tx.ex(), caller, id).await?;
    let input = changes.applied_to(SeekerInput::of(&before));
    let valid = validate(&input)?;
    let unit = home_unit(app, caller, input.unit_code.as_deref(), &before.unit_code).await?;
    let now = app.now();
    let row = row_of(
        &valid,
        id,
        before.person_id,
        &unit,
        (before.created_by, before.created_at),
        now,
    );
    store::update_seeker(&mut tx.ex(), &row.clone().sealed(&app.cipher)).await?;
    if row.status != before.status {
        let ev = event(
            app,
            caller,
            id,
            "status",
            json!({ "from": before.status, "to": row.status }),
        );
        store::add_seeker_event(&mut tx.ex(), &ev).await?;
    }
    audit::commit(
        app,
        tx,
        caller.entry("update", "seeker", id.to_string()),
        now,
    )
    .await?;
    let her = Her {
        name: before.name,
        sex: before.sex,
        birth_year: before.birth_year,
        birth_date: before.birth_date,
    };
    Ok(Seeker::shown(row, her))
}

/// A job recommended to a seeker and what came of it.
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub id: i64,
    pub seeker_id: i64,
    pub job_id: i64,
    pub score: i64,
    pub outcome: String,
    pub recommended_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<RecommendationRow> for Recommendation {
    fn from(r: RecommendationRow) -> Recommendation {
        Recommendation {
            id: r.id,
            seeker_id: r.seeker_id,
            job_id: r.job_id,
            score: r.score,
            outcome: r.outcome,
            recommended_by: r.recommended_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A recommendation with its job, for the seeker's page.
#[derive(Debug, Clone)]
pub struct RecommendationView {
    pub recommendation: Recommendation,
    pub job_title: String,
    pub enterprise_name: String,
    pub seeker_name: String,
}

/// A line of a seeker's history.
#[derive(Debug, Clone)]
pub struct SeekerEvent {
    pub at: i64,
    pub actor: String,
    /// registered, status, recommended, outcome
    pub kind: String,
    /// JSON
    pub detail: String,
}

impl From<SeekerEventRow> for SeekerEvent {
    fn from(r: SeekerEventRow) -> SeekerEvent {
        SeekerEvent {
            at: r.at,
            actor: r.actor,
            kind: r.kind,
            detail: r.detail,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SeekerDetail {
    pub seeker: Seeker,
    pub history: Vec<SeekerEvent>,
    pub recommendations: Vec<RecommendationView>,
}

pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<SeekerDetail, AppError> {
    let seeker = load(app, caller, id).await?;
    let history = store::seeker_events(&mut app.db.ex(), id)
        .await?
        .into_iter()
        .map(SeekerEvent::from)
        .collect();
    let rows = store::recommendations_where(&mut app.db.ex(), Recommended::ToSeeker, id).await?;
    let recommendations = describe(app, rows).await?;
    Ok(SeekerDetail {
        seeker,
        history,
        recommendations,
    })
}

async fn describe(
    app: &App,
    rows: Vec<RecommendationRow>,
) -> Result<Vec<RecommendationView>, AppError> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let job = store::find_job(&mut app.db.ex(), row.job_id).await?;
        let enterprise = match &job {
            Some(j) => store::find_enterprise(&mut app.db.ex(), j.enterprise_id).await?,
            None => None,
        };
        let seeker = store::find_seeker(&mut app.db.ex(), row.seeker_id).await?;
        out.push(RecommendationView {
            job_title: job.map(|j| j.title).unwrap_or_default(),
            enterprise_name: enterprise.map(|e| e.name).unwrap_or_default(),
            seeker_name: seeker.map(|s| s.name).unwrap_or_default(),
            recommendation: row.into(),
        });
    }
    Ok(out)
}

#[derive(Debug, Clone, Default)]
pub struct SeekerQuery {
    pub q: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
}

pub async fn list(
    app: &App,
    caller: &Caller,
    q: &SeekerQuery,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Seeker>, i64), AppError> {
    require_people_work(caller)?;
    let f = SeekerFilter {
        status: optional_choice("status", q.status.as_deref(), SeekerStatus::parse)?
            .map(|s| s.as_str().to_owned()),
        category: optional_choice("category", q.category.as_deref(), JobCategory::parse)?
            .map(|c| c.as_str().to_owned()),
        q: crate::given(q.q.as_deref()).map(str::to_owned),
    };
    let offset = crate::page_offset(page, per_page)?;
    let (rows, total) =
        store::list_seekers(&mut app.db.ex(), &caller.scope(), &f, offset, per_page).await?;
    let seekers = rows
        .into_iter()
        .map(|r| Seeker::of(r, &app.cipher))
        .collect::<Result<_, _>>()?;
    Ok((seekers, total))
}

// ---- matching ----

/// One job matched to a seeker, with why.
#[derive(Debug, Clone)]
pub struct JobMatch {
    pub job: Job,
    pub score: u8,
    pub reasons: Vec<Reason>,
}

/// One seeker matched to a job, with why.
#[derive(Debug, Clone)]
pub struct SeekerMatch {
    pub seeker: Seeker,
    pub score: u8,
    pub reasons: Vec<Reason>,
}

pub const MAX_MATCHES: usize = 50;

fn limit_of(limit: Option<usize>) -> Result<usize, AppError> {
    match limit.unwrap_or(10) {
        n @ 1..=MAX_MATCHES => Ok(n),
        n => Err(AppError::invalid_detail(
            "limit",
            "out_of_range",
            n.to_string(),
        )),
    }
}

/// The best open jobs of the caller's district for a seeker.
pub async fn matches(
    app: &App,
    caller: &Caller,
    seeker_id: i64,
    limit: Option<usize>,
) -> Result<Vec<JobMatch>, AppError> {
    let n = limit_of(limit)?;
    let seeker = load(app, caller, seeker_id).await?;
    let wanted: Vec<String> = seeker
        .categories
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let district = caller.scope().district_public();
    let rows: Vec<_> = store::open_jobs_in(&mut app.db.ex(), &wanted)
        .await?
        .into_iter()
        .filter(|j| district.covers_code(&j.unit_code))
        .collect();
    let mut skills = SkillTable::default();
    let sp = seeker.profile(&mut skills, today(app));
    let profiles: Vec<_> = rows
        .iter()
        .filter_map(|r| jobs::profile(r, &mut skills))
        .collect();
    let ranked = top_jobs_brute_force(&sp, &profiles, n);
    let chosen: Vec<_> = ranked.iter().map(|(i, _)| rows[*i].clone()).collect();
    let described = jobs::with_enterprises(app, chosen).await?;
    Ok(described
        .into_iter()
        .zip(ranked)
        .map(|(job, (i, score))| {
            let jp = &profiles[i];
            let p = points(&sp, jp).unwrap_or_default();
            JobMatch {
                reasons: explain(&sp, jp, &p),
                job,
                score,
            }
        })
        .collect())
}

/// The best seeking seekers of the caller's subtree for a job.
pub async fn job_matches(
    app: &App,
    caller: &Caller,
    job_id: i64,
    limit: Option<usize>,
) -> Result<Vec<SeekerMatch>, AppError> {
    let n = limit_of(limit)?;
    let job = jobs::load_row(app, caller, job_id).await?;
    // The matches are seekers: people, for the roles that read the registry.
    require_people_work(caller)?;
    let rows = store::all_seekers(
        &mut app.db.ex(),
        &caller.scope(),
        &SeekerFilter {
            status: Some(SeekerStatus::Seeking.as_str().into()),
            category: Some(job.category.clone()),
            q: None,
        },
    )
    .await?;
    let seekers: Vec<Seeker> = rows
        .into_iter()
        .map(|r| Seeker::of(r, &app.cipher))
        .collect::<Result<_, _>>()?;
    let mut skills = SkillTable::default();
    let Some(jp) = jobs::profile(&job, &mut skills) else {
        return Ok(Vec::new());
    };
    let on = today(app);
    let profiles: Vec<_> = seekers.iter().map(|s| s.profile(&mut skills, on)).collect();
    Ok(top_seekers(&jp, &profiles, n)
        .into_iter()
        .map(|(i, score)| {
            let p = points(&profiles[i], &jp).unwrap_or_default();
            SeekerMatch {
                reasons: explain(&profiles[i], &jp, &p),
                seeker: seekers[i].clone(),
                score,
            }
        })
        .collect())
}

/// Records that a job was recommended to a seeker (with the score it had then).
pub async fn recommend(
    app: &App,
    caller: &Caller,
    seeker_id: i64,
    job_id: i64,
) -> Result<Recommendation, AppError> {
    let seeker = load(app, caller, seeker_id).await?;
    // A woman of the caller's subtree may be sent to any open job of the district.
    let (job, _) = jobs::public_row(app, caller, job_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound => {
                AppError::invalid_detail("job_id", "unknown_job", job_id.to_string())
            }
            other => other,
        })?;
    if job.status != "open" {
        return Err(AppError::invalid("job_id", "job_closed"));
    }
    let mut skills = SkillTable::default();
    let score = jobs::profile(&job, &mut skills)
        .and_then(|jp| points(&seeker.profile(&mut skills, today(app)), &jp))
        .map_or(0, |p| i64::from(p.total()));
    let now = app.now();
    let row = RecommendationRow {
        id: app.ids.next(now),
        seeker_id,
        job_id,
        score,
        outcome: RecommendationOutcome::Recommended.as_str().into(),
        recommended_by: caller.display_name.clone(),
        created_by: caller.author(),
        created_at: now,
        updated_at: now,
    };
    let mut tx = app.db.begin().await?;
    if !store::insert_recommendation(&mut tx.ex(), &row).await? {
        return Err(AppError::Conflict {
            code: "already_recommended",
            field: Some("job_id"),
            detail: None,
        });
    }
    let ev = event(
        app,
        caller,
        seeker_id,
        "recommended",
        json!({ "job_id": job_id, "title": job.title, "score": score }),
    );
    store::add_seeker_event(&mut tx.ex(), &ev).await?;
    audit::commit(
        app,
        tx,
        caller.entry("recommend", "seeker", seeker_id.to_string()),
        now,
    )
    .await?;
    Ok(row.into())
}

/// What came of a recommendation; a hire places the seeker and counts as a placement.
pub async fn set_outcome(
    app: &App,
    caller: &Caller,
    recommendation_id: i64,
    outcome: &str,
) -> Result<Recommendation, AppError> {
    let outcome = choice("outcome", outcome, RecommendationOutcome::parse)?;
    let mut row = store::find_recommendation(&mut app.db.ex(), recommendation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let stored = load_row(&mut app.db.ex(), caller, row.seeker_id).await?;
    if row.outcome == outcome.as_str() {
        return Ok(row.into());
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::set_recommendation_outcome(&mut tx.ex(), row.id, outcome.as_str(), now).await?;
    let ev = event(
        app,
        caller,
        row.seeker_id,
        "outcome",
        json!({ "job_id": row.job_id, "from": row.outcome, "to": outcome.as_str() }),
    );
    store::add_seeker_event(&mut tx.ex(), &ev).await?;
    if outcome == RecommendationOutcome::Hired {
        let mut placed = stored.seeker.opened(&app.cipher)?;
        let (person_id, unit_code) = (placed.person_id, placed.unit_code.clone());
        placed.status = SeekerStatus::Placed.as_str().into();
        placed.updated_at = now;
        store::update_seeker(&mut tx.ex(), &placed.sealed(&app.cipher)).await?;
        let job = store::find_job(&mut tx.ex(), row.job_id).await?;
        store::insert_outcome(
            &mut tx.ex(),
            &OutcomeRow {
                id: app.ids.next(now),
                person_id,
                kind: "placement".into(),
                on_date: today(app).to_string(),
                job_id: Some(row.job_id),
                enterprise_id: job.map(|j| j.enterprise_id),
                source: "recommendation".into(),
                note: None,
                unit_code,
                created_by: caller.author(),
                created_at: now,
                note_cipher: None,
            },
        )
        .await?;
    }
    let entry = caller
        .entry("update", "recommendation", row.id.to_string())
        .detail(json!({ "outcome": outcome.as_str() }));
    audit::commit(app, tx, entry, now).await?;
    row.outcome = outcome.as_str().into();
    row.updated_at = now;
    Ok(row.into())
}

/// The recommendations of a job (its page lists who was sent and what came of it).
pub async fn recommendations_for_job(
    app: &App,
    caller: &Caller,
    job_id: i64,
) -> Result<Vec<RecommendationView>, AppError> {
    jobs::load(app, caller, job_id).await?;
    require_people_work(caller)?;
    let scope = caller.scope();
    let rows = store::recommendations_where(&mut app.db.ex(), Recommended::ForJob, job_id).await?;
    let mut visible = Vec::new();
    for r in rows {
        if let Some(s) = store::find_seeker(&mut app.db.ex(), r.seeker_id).await? {
            if scope.covers_code(&s.seeker.unit_code) {
                visible.push(r);
            }
        }
    }
    describe(app, visible).await
}

impl SeekerInput {
    /// A seeker as an input, for a change of some fields.
    pub fn of(s: &Seeker) -> SeekerInput {
        SeekerInput {
            person_id: s.person_id,
            categories: s.categories.iter().map(|c| c.as_str().to_owned()).collect(),
            skills: s.skills.clone(),
            education: s.education.clone(),
            availability: Some(s.availability.clone()),
            expected_pay: s.expected_pay,
            unit_code: Some(s.unit_code.clone()),
            needs: s.needs.iter().map(|n| n.as_str().to_owned()).collect(),
            status: Some(s.status.clone()),
            note: s.note.clone(),
        }
    }
}

// ---- free text at rest ----

const CTX_SEEKER_NOTE: &str = "seeker.note";

sealed_text!(SeekerRow {
    optional note => note_cipher, CTX_SEEKER_NOTE;
});
