//! Job postings by enterprises. A posting that restricts applicants by sex, marriage or
//! childbearing is refused here — for forms, the API and imports alike.

use super::{
    choices, count, joined, optional_choice, reach, require_staff, skills_json, skills_of,
    split_codes, Access,
};
use crate::audit;
use crate::auth::Caller;
use crate::cases::{choice, optional_text, text};
use crate::changes::changes;
use crate::people::check_unit;
use crate::{App, AppError};
use jinguo_db::employment::{self as store, EnterpriseRow, JobFilter, JobRow};
use jinguo_db::Exec;
use jinguo_domain::employment::matching::{place_of, JobProfile, SkillTable};
use jinguo_domain::employment::{
    check_age_band, check_salary, find_discrimination, find_warning, normalize_skills, Education,
    FriendlyTerm, Hours, JobCategory, JobStatus, SalaryError,
};
use jinguo_domain::UnitCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A job posting as the API takes it (`NewJob`) and forms and imports build it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewJob)]
pub struct JobInput {
    pub enterprise_id: i64,
    pub title: String,
    pub category: String,
    pub positions: i64,
    pub education: Option<String>,
    pub age_min: Option<i64>,
    pub age_max: Option<i64>,
    #[serde(default)]
    pub skills: Vec<String>,
    /// Monthly, whole yuan.
    pub salary_min: i64,
    pub salary_max: i64,
    pub unit_code: String,
    pub hours: Option<String>,
    #[serde(default)]
    pub terms: Vec<String>,
    /// Free text; a restriction by sex, marriage or childbearing is refused. A preference
    /// for mothers (宝妈优先) is refused with `requirement_needs_confirmation` unless
    /// `confirm_warnings` is true.
    pub requirements: Option<String>,
    pub status: Option<String>,
    /// The poster has read the warning about a preference by childbearing and publishes
    /// anyway (default false).
    #[serde(default)]
    pub confirm_warnings: bool,
}

changes! {
    /// A change of some fields of a job (`PATCH /api/v1/jobs/{id}`).
    #[schema(as = ChangeJob)]
    pub struct JobChanges for JobInput {
        title: String,
        category: String,
        positions: i64,
        salary_min: i64,
        salary_max: i64,
        unit_code: String,
        requirements: String,
        education: String,
        age_min: i64,
        age_max: i64,
        skills: Vec<String>,
        hours: String,
        terms: Vec<String>,
        /// open, closed
        status: String,
        /// As in `NewJob`: a preference by childbearing added by this change is confirmed.
        confirm_warnings: bool,
    }
}

#[derive(Debug, Clone)]
pub struct ValidJob {
    pub title: String,
    pub category: JobCategory,
    pub positions: i64,
    pub education: Option<Education>,
    pub age_min: Option<u8>,
    pub age_max: Option<u8>,
    pub skills: Vec<String>,
    pub salary_min: i64,
    pub salary_max: i64,
    pub unit: UnitCode,
    pub hours: Hours,
    pub terms: Vec<FriendlyTerm>,
    pub requirements: Option<String>,
    pub status: JobStatus,
    /// A preference by childbearing the poster must confirm: the field and its words.
    pub warning: Option<(&'static str, String)>,
}

/// A refused posting names the words that restrict applicants and the field they are in.
fn refuse_discrimination(field: &str, text: &str) -> Result<(), AppError> {
    match find_discrimination(text) {
        None => Ok(()),
        Some(d) => Err(AppError::invalid_detail(
            field,
            "discriminatory_requirement",
            d.words,
        )),
    }
}

/// The first preference by childbearing of a posting (title, requirements, skills), which
/// is published only once confirmed (see `jinguo_domain::employment::discrimination`).
fn warning_of(
    title: &str,
    requirements: Option<&str>,
    skills: &[String],
) -> Option<(&'static str, String)> {
    [
        ("title", title.to_owned()),
        ("requirements", requirements.unwrap_or_default().to_owned()),
        ("skills", skills.join("，")),
    ]
    .into_iter()
    .find_map(|(field, text)| find_warning(&text).map(|d| (field, d.words)))
}

/// A warning of `valid` that is not confirmed is refused (422 `requirement_needs_confirmation`
/// naming its field), unless the same words stood in the posting before this change.
fn require_confirmation(
    valid: &ValidJob,
    confirmed: bool,
    before: Option<&ValidJob>,
) -> Result<(), AppError> {
    match &valid.warning {
        Some((field, words))
            if !confirmed && before.and_then(|b| b.warning.as_ref()) != valid.warning.as_ref() =>
        {
            Err(AppError::invalid_detail(
                field,
                "requirement_needs_confirmation",
                words.clone(),
            ))
        }
        _ => Ok(()),
    }
}

fn age(field: &str, value: Option<i64>) -> Result<Option<u8>, AppError> {
    value
        .map(|a| {
            u8::try_from(a)
                .map_err(|_| AppError::invalid_detail(field, "out_of_range", a.to_string()))
        })
        .transpose()
}

/// The one validation of a posting.
pub fn validate(input: &JobInput) -> Result<ValidJob, AppError> {
    let title = text("title", &input.title, 100)?;
    refuse_discrimination("title", &title)?;
    let requirements = optional_text("requirements", input.requirements.as_deref(), 5_000)?;
    if let Some(r) = &requirements {
        refuse_discrimination("requirements", r)?;
    }
    let skills = normalize_skills(&input.skills);
    if skills.len() > 30 || skills.iter().any(|s| s.chars().count() > 30) {
        return Err(AppError::invalid("skills", "too_many_skills"));
    }
    refuse_discrimination("skills", &skills.join("，"))?;
    let category = choice("category", &input.category, JobCategory::parse)?;
    let positions = count("positions", input.positions, 1)?;
    let education = optional_choice("education", input.education.as_deref(), Education::parse)?;
    let (age_min, age_max) = (
        age("age_min", input.age_min)?,
        age("age_max", input.age_max)?,
    );
    check_age_band(age_min.map(u32::from), age_max.map(u32::from))
        .map_err(|field| AppError::invalid(field, "invalid_age_band"))?;
    check_salary(input.salary_min, input.salary_max).map_err(|e| match e {
        SalaryError::MinAboveMax => AppError::invalid("salary_min", "salary_min_above_max"),
        SalaryError::Negative | SalaryError::TooLarge => {
            AppError::invalid_detail("salary_max", "out_of_range", input.salary_max.to_string())
        }
    })?;
    let unit = UnitCode::parse(&input.unit_code)
        .map_err(|_| AppError::invalid_detail("unit_code", "unknown_unit", &input.unit_code))?;
    let hours =
        optional_choice("hours", input.hours.as_deref(), Hours::parse)?.unwrap_or(Hours::FullTime);
    let terms = choices("terms", &input.terms, FriendlyTerm::parse)?;
    let status = optional_choice("status", input.status.as_deref(), JobStatus::parse)?
        .unwrap_or(JobStatus::Open);
    let warning = warning_of(&title, requirements.as_deref(), &skills);
    Ok(ValidJob {
        warning,
        title,
        category,
        positions,
        education,
        age_min,
        age_max,
        skills,
        salary_min: input.salary_min,
        salary_max: input.salary_max,
        unit,
        hours,
        terms,
        requirements,
        status,
    })
}

pub(crate) fn row_of(
    v: &ValidJob,
    id: i64,
    enterprise_id: i64,
    created: (Option<i64>, i64),
    now: i64,
) -> JobRow {
    JobRow {
        id,
        enterprise_id,
        title: v.title.clone(),
        category: v.category.as_str().into(),
        positions: v.positions,
        education: v.education.map(|e| e.as_str().into()),
        age_min: v.age_min.map(i64::from),
        age_max: v.age_max.map(i64::from),
        skills: skills_json(&v.skills),
        salary_min: v.salary_min,
        salary_max: v.salary_max,
        unit_code: v.unit.as_str().into(),
        hours: v.hours.as_str().into(),
        terms: joined(&v.terms, FriendlyTerm::as_str),
        requirements: v.requirements.clone(),
        status: v.status.as_str().into(),
        created_by: created.0,
        created_at: created.1,
        updated_at: now,
    }
}

// A job as pages and the API (`JobView`) show it, with its enterprise's name.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = JobView)]
pub struct Job {
    pub id: i64,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub women_owned: bool,
    pub title: String,
    pub category: String,
    pub positions: i64,
    pub education: Option<String>,
    pub age_min: Option<i64>,
    pub age_max: Option<i64>,
    pub skills: Vec<String>,
    /// Monthly, whole yuan.
    pub salary_min: i64,
    pub salary_max: i64,
    pub unit_code: String,
    /// full_time, part_time, flexible, shift
    pub hours: String,
    /// flexible_hours, childcare, near_home, training_provided
    #[schema(value_type = Vec<String>)]
    pub terms: Vec<FriendlyTerm>,
    pub requirements: Option<String>,
    /// open, closed
    pub status: String,
    #[serde(serialize_with = "crate::clock::as_iso")]
    #[schema(value_type = String)]
    pub created_at: i64,
    #[serde(serialize_with = "crate::clock::as_iso")]
    #[schema(value_type = String)]
    pub updated_at: i64,
}

impl Job {
    pub(crate) fn of(row: JobRow, enterprise: &EnterpriseRow) -> Job {
        Job {
            skills: skills_of(&row.skills),
            terms: split_codes(&row.terms, FriendlyTerm::parse),
            enterprise_name: enterprise.name.clone(),
            women_owned: enterprise.women_owned,
            id: row.id,
            enterprise_id: row.enterprise_id,
            title: row.title,
            category: row.category,
            positions: row.positions,
            education: row.education,
            age_min: row.age_min,
            age_max: row.age_max,
            salary_min: row.salary_min,
            salary_max: row.salary_max,
            unit_code: row.unit_code,
            hours: row.hours,
            requirements: row.requirements,
            status: row.status,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

pub async fn create(app: &App, caller: &Caller, input: JobInput) -> Result<Job, AppError> {
    require_staff(caller)?;
    let valid = validate(&input)?;
    require_confirmation(&valid, input.confirm_warnings, None)?;
    let enterprise = super::enterprises::load(app, caller, input.enterprise_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound => AppError::invalid_detail(
                "enterprise_id",
                "unknown_enterprise",
                input.enterprise_id.to_string(),
            ),
            other => other,
        })?;
    check_unit(app, caller, &valid.unit).await?;
    let now = app.now();
    let row = row_of(
        &valid,
        app.ids.next(now),
        enterprise.id,
        (caller.author(), now),
        now,
    );
    let mut tx = app.db.begin().await?;
    store::insert_job(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("create", "job", row.id.to_string())
        .in_unit(&row.unit_code);
    audit::commit(app, tx, entry, now).await?;
    Ok(Job::of(row, &enterprise))
}

/// A job the caller reaches (see `reach`), with its enterprise.
async fn load_for(app: &App, caller: &Caller, id: i64, access: Access) -> Result<Job, AppError> {
    let (row, enterprise) = load_in(&mut app.db.ex(), caller, id, access).await?;
    Ok(Job::of(row, &enterprise))
}

/// The stored job the caller reads (as `load`), for the matcher.
pub(crate) async fn load_row(app: &App, caller: &Caller, id: i64) -> Result<JobRow, AppError> {
    Ok(load_in(&mut app.db.ex(), caller, id, Access::Read).await?.0)
}

/// `load_for` through a given executor: a change reads the job in its own transaction.
async fn load_in(
    ex: &mut Exec<'_>,
    caller: &Caller,
    id: i64,
    access: Access,
) -> Result<(JobRow, EnterpriseRow), AppError> {
    // The role first: a role without employment work gets the same answer for every id.
    require_staff(caller)?;
    let row = store::find_job(ex, id).await?.ok_or(AppError::NotFound)?;
    reach(caller, &row.unit_code, access)?;
    let enterprise = store::find_enterprise(ex, row.enterprise_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((row, enterprise))
}

pub(crate) async fn load(app: &App, caller: &Caller, id: i64) -> Result<Job, AppError> {
    load_for(app, caller, id, Access::Read).await
}

pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<Job, AppError> {
    load(app, caller, id).await
}

/// The district-public view of a job: its posting while it is open (a closed job of another
/// subtree is nobody's business there).
pub async fn public(app: &App, caller: &Caller, id: i64) -> Result<Job, AppError> {
    let (row, enterprise) = public_row(app, caller, id).await?;
    Ok(Job::of(row, &enterprise))
}

/// `public` as stored, for the matcher.
pub(crate) async fn public_row(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(JobRow, EnterpriseRow), AppError> {
    let (row, enterprise) = load_in(&mut app.db.ex(), caller, id, Access::Public).await?;
    if row.status != JobStatus::Open.as_str() && !caller.scope().covers_code(&row.unit_code) {
        return Err(AppError::NotFound);
    }
    Ok((row, enterprise))
}

/// A job the caller may change: its place is in her subtree (not found otherwise).
pub async fn for_change(app: &App, caller: &Caller, id: i64) -> Result<Job, AppError> {
    load_for(app, caller, id, Access::Write).await
}

/// Whether the caller may change the job (its place is in her subtree).
pub fn writable(caller: &Caller, job: &Job) -> bool {
    caller.scope().covers_code(&job.unit_code)
}

/// Replaces a job's fields (the edit form).
pub async fn update(app: &App, caller: &Caller, id: i64, input: JobInput) -> Result<Job, AppError> {
    rewrite(app, caller, id, |_| input).await
}

/// Changes the fields given, the rest as they are: read, merged and written in one transaction.
pub async fn change(
    app: &App,
    caller: &Caller,
    id: i64,
    changes: JobChanges,
) -> Result<Job, AppError> {
    rewrite(app, caller, id, |before| {
        changes.applied_to(JobInput::of(before))
    })
    .await
}

async fn rewrite(
    app: &App,
    caller: &Caller,
    id: i64,
    input_of: impl FnOnce(&Job) -> JobInput,
) -> Result<Job, AppError> {
    let mut tx = app.db.begin().await?;
    let (before, enterprise) = load_in(&mut tx.ex(), caller, id, Access::Write).await?;
    let earlier = Job::of(before.clone(), &enterprise);
    let input = input_of(&earlier);
    let valid = validate(&input)?;
    let earlier = validate(&JobInput::of(&earlier)).ok();
    require_confirmation(&valid, input.confirm_warnings, earlier.as_ref())?;
    check_unit(app, caller, &valid.unit).await?;
    let now = app.now();
    let row = row_of(
        &valid,
        id,
        before.enterprise_id,
        (before.created_by, before.created_at),
        now,
    );
    store::update_job(&mut tx.ex(), &row).await?;
    audit::commit(app, tx, caller.entry("update", "job", id.to_string()), now).await?;
    Ok(Job::of(row, &enterprise))
}

#[derive(Debug, Clone, Default)]
pub struct JobQuery {
    pub q: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub enterprise_id: Option<i64>,
    pub women_owned: bool,
}

pub async fn list(
    app: &App,
    caller: &Caller,
    q: &JobQuery,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Job>, i64), AppError> {
    require_staff(caller)?;
    let f = JobFilter {
        status: optional_choice("status", q.status.as_deref(), JobStatus::parse)?
            .map(|s| s.as_str().to_owned()),
        category: optional_choice("category", q.category.as_deref(), JobCategory::parse)?
            .map(|c| c.as_str().to_owned()),
        enterprise_id: q.enterprise_id,
        q: crate::given(q.q.as_deref()).map(str::to_owned),
        women_owned: q.women_owned,
    };
    let offset = crate::page_offset(page, per_page)?;
    let (rows, total) =
        store::list_jobs(&mut app.db.ex(), &caller.scope(), &f, offset, per_page).await?;
    Ok((with_enterprises(app, rows).await?, total))
}

pub(crate) async fn with_enterprises(app: &App, rows: Vec<JobRow>) -> Result<Vec<Job>, AppError> {
    let mut ids: Vec<i64> = rows.iter().map(|r| r.enterprise_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let enterprises = store::find_enterprises(&mut app.db.ex(), &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let e = enterprises.iter().find(|e| e.id == row.enterprise_id)?;
            Some(Job::of(row, e))
        })
        .collect())
}

/// A job as the matcher sees it.
pub(crate) fn profile(row: &JobRow, skills: &mut SkillTable) -> Option<JobProfile> {
    let category = JobCategory::parse(&row.category)?;
    Some(JobProfile::new(
        row.id,
        category,
        skills.ids(&skills_of(&row.skills)),
        row.education.as_deref().and_then(Education::parse),
        (
            row.age_min.and_then(|a| u8::try_from(a).ok()),
            row.age_max.and_then(|a| u8::try_from(a).ok()),
        ),
        place_of(&row.unit_code),
        (row.salary_min, row.salary_max),
        Hours::parse(&row.hours).unwrap_or(Hours::FullTime),
        &split_codes(&row.terms, FriendlyTerm::parse),
    ))
}

impl JobInput {
    /// A job as an input, for a change of some fields.
    pub fn of(job: &Job) -> JobInput {
        let r = job;
        JobInput {
            enterprise_id: r.enterprise_id,
            title: r.title.clone(),
            category: r.category.clone(),
            positions: r.positions,
            education: r.education.clone(),
            age_min: r.age_min,
            age_max: r.age_max,
            skills: job.skills.clone(),
            salary_min: r.salary_min,
            salary_max: r.salary_max,
            unit_code: r.unit_code.clone(),
            hours: Some(r.hours.clone()),
            terms: job.terms.iter().map(|t| t.as_str().to_owned()).collect(),
            requirements: r.requirements.clone(),
            status: Some(r.status.clone()),
            confirm_warnings: false,
        }
    }
}
