//! Jobs: the list, the posting form for a new job and for a change (a discriminatory posting
//! is refused beside its field and nothing is stored), the job page with the seekers it suits,
//! its recommendations, and — for those who may change it — stopping and reopening recruitment.

use super::{listing, require_staff, shell, split_list, unit_map, unit_name};
use crate::api::employment::reason_text;
use crate::error::PageError;
use crate::extract::ListRequest;
use crate::extract::PostedForm;
use crate::extract::{RecordForm, RecordRequest};
use crate::i18n::{Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::pages::parts::{
    label, labels, number, options, settled_form, unit_choices, Cell, Filters, Form, List, Pairs,
    Table,
};

use crate::pages::{render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::employment::enterprises;
use jinguo_app::employment::jobs::{self, Job, JobInput, JobQuery};
use jinguo_app::employment::seekers;
use jinguo_domain::employment::matching::Reason;
use jinguo_domain::employment::{Education, FriendlyTerm, Hours, JobCategory, JobStatus};
use std::collections::HashMap;

pub struct JobLine {
    pub id: i64,
    pub title: String,
    pub enterprise_id: i64,
    pub enterprise: String,
    pub women_owned: bool,
    pub category: String,
    pub positions: i64,
    pub salary: String,
    pub unit: String,
    pub hours: String,
    pub status: String,
}

pub fn job_line(t: Tr, j: &Job, units: &HashMap<String, String>) -> JobLine {
    let r = &j;
    JobLine {
        id: r.id,
        title: r.title.clone(),
        enterprise_id: r.enterprise_id,
        enterprise: j.enterprise_name.clone(),
        women_owned: j.women_owned,
        category: label(t, "jobcat", &r.category),
        positions: r.positions,
        salary: format!("{}–{}", r.salary_min, r.salary_max),
        unit: unit_name(units, &r.unit_code),
        hours: label(t, "hours", &r.hours),
        status: label(t, "jobstatus", &r.status),
    }
}

/// A reason of a match as the pages show it: the sentence and its points of the factor's most.
pub struct ReasonLine {
    pub text: String,
    pub points: u8,
    pub max: u8,
}

pub fn reason_lines(t: Tr, reasons: &[Reason]) -> Vec<ReasonLine> {
    reasons
        .iter()
        .map(|r| ReasonLine {
            text: reason_text(t, r),
            points: r.points,
            max: r.max,
        })
        .collect()
}

// ---- the list ----

#[derive(Template)]
#[template(path = "jobs.html")]
struct JobsPage {
    shell: Shell,
    list: List,
}

pub async fn list(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    let l = listing(&state, &caller, q, lang).await?;
    let (t, q) = (l.t, &l.q);
    let query = JobQuery {
        q: q.opt("q"),
        status: q.opt("status"),
        category: q.opt("category"),
        enterprise_id: q.opt("enterprise_id").and_then(|e| e.parse().ok()),
        women_owned: q.flag("women_owned"),
    };
    let (items, total) = jobs::list(
        &state.app,
        &caller,
        &query,
        l.paging.page,
        l.paging.per_page,
    )
    .await?;
    let filters = Filters::new(t, q, "/jobs", "job-filters")
        .search("jobs-q", t.t("jobs-search"))
        .select(
            "category",
            "filter-category",
            t.t("field-category"),
            options(t, "jobcat", JobCategory::ALL, JobCategory::as_str),
        )
        .select(
            "status",
            "filter-status",
            t.t("field-status"),
            options(t, "jobstatus", JobStatus::ALL, JobStatus::as_str),
        )
        .check("women_owned", "filter-women-owned", t.t("jobs-women-owned"));
    let mut table = Table::new(
        t,
        "jobs-table",
        &[
            "field-title",
            "job-enterprise",
            "field-category",
            "field-positions",
            "job-salary",
            "field-hours",
            "job-place",
            "field-status",
        ],
        "employment-none",
    );
    for j in items.iter().map(|j| job_line(t, j, &l.units)) {
        table.push(job_cells(t, j));
    }
    render(&JobsPage {
        shell: shell(l.lang, &caller, "jobs", "jobs-title"),
        list: l
            .list(filters, table, total, "/jobs")
            .total_id("jobs-total"),
    })
}

/// A job as a row of the lists that show jobs.
pub fn job_cells(t: Tr, j: JobLine) -> Vec<Cell> {
    vec![
        Cell::link(j.title, format!("/jobs/{}", j.id), "job-link"),
        Cell::link(
            j.enterprise,
            format!("/enterprises/{}", j.enterprise_id),
            "",
        )
        .badge(j.women_owned, t.t("field-women_owned"), "tag-women"),
        Cell::text(j.category),
        Cell::count(j.positions),
        Cell::text(j.salary),
        Cell::text(j.hours),
        Cell::text(j.unit),
        Cell::text(j.status),
    ]
}

// ---- the posting form ----

#[derive(Template)]
#[template(path = "job_form.html")]
struct JobFormPage {
    shell: Shell,
    /// Where the form posts: `/jobs` for a new posting, `/jobs/{id}/edit` for a change.
    action: String,
    editing: bool,
    form: Form,
    /// The chosen enterprise's name ("" when none yet).
    enterprise: String,
    categories: Vec<(String, String)>,
    educations: Vec<(String, String)>,
    hours: Vec<(String, String)>,
    terms: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    units: Vec<(String, String)>,
}

const FIELDS: &[&str] = &[
    "enterprise_id",
    "title",
    "category",
    "positions",
    "education",
    "age_min",
    "age_max",
    "skills",
    "salary_min",
    "salary_max",
    "unit_code",
    "hours",
    "terms",
    "requirements",
    "status",
];

/// The name of the enterprise the form was opened for (or sent back with), for its picker.
async fn chosen_enterprise(state: &AppState, caller: &Caller, chosen: Option<i64>) -> String {
    match chosen {
        Some(id) => enterprises::get(&state.app, caller, id)
            .await
            .map(|d| d.enterprise.name)
            .unwrap_or_default(),
        None => String::new(),
    }
}

/// The posting form: new (`id` none) or the change of a job.
async fn form_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: Option<i64>,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_staff(caller)?;
    let t = Tr(lang);
    let chosen = form.get("enterprise_id").parse().ok();
    let (action, title) = match id {
        Some(id) => (format!("/jobs/{id}/edit"), "job-edit-title"),
        None => ("/jobs".to_owned(), "job-new-title"),
    };
    render(&JobFormPage {
        shell: shell(lang, caller, "jobs", title),
        action,
        editing: id.is_some(),
        enterprise: chosen_enterprise(state, caller, chosen).await,
        categories: options(t, "jobcat", JobCategory::ALL, JobCategory::as_str),
        educations: options(t, "edu", Education::ALL, Education::as_str),
        hours: options(t, "hours", Hours::ALL, Hours::as_str),
        terms: options(t, "term", FriendlyTerm::ALL, FriendlyTerm::as_str),
        statuses: options(t, "jobstatus", JobStatus::ALL, JobStatus::as_str),
        units: unit_choices(state, caller, Tr(lang)).await?,
        form,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    // A job is posted where its enterprise is, unless said otherwise.
    let mut unit = caller.unit().as_str().to_owned();
    if let Some(id) = q.opt("enterprise_id").and_then(|e| e.parse().ok()) {
        if let Ok(d) = enterprises::get(&state.app, &caller, id).await {
            unit = d.enterprise.unit_code;
        }
    }
    let pairs = vec![
        ("enterprise_id", q.get("enterprise_id").to_owned()),
        ("positions", "1".to_owned()),
        ("unit_code", unit),
    ];
    let form = Form::new(Pairs::from_pairs(pairs));
    form_page(&state, &caller, lang, None, form).await
}

fn input_of(form: &Pairs) -> JobInput {
    JobInput {
        enterprise_id: number(form, "enterprise_id").unwrap_or(0),
        title: form.get("title").into(),
        category: form.get("category").into(),
        positions: number(form, "positions").unwrap_or(0),
        education: form.opt("education"),
        age_min: number(form, "age_min"),
        age_max: number(form, "age_max"),
        skills: split_list(form.get("skills")),
        salary_min: number(form, "salary_min").unwrap_or(0),
        salary_max: number(form, "salary_max").unwrap_or(0),
        unit_code: form.get("unit_code").into(),
        hours: form.opt("hours"),
        terms: form.all("terms"),
        requirements: form.opt("requirements"),
        status: form.opt("status"),
        confirm_warnings: form.get("confirm_warnings") == "true",
    }
}

pub async fn create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let result = jobs::create(&state.app, &caller, input_of(&form)).await;
    let (state, caller) = (&state, &caller);
    settled_form(
        Done::Saved,
        result,
        |j| format!("/jobs/{}", j.id),
        (lang, form, FIELDS),
        |form| form_page(state, caller, lang, None, form),
    )
    .await
}

/// A job's input as the form's fields.
fn pairs_of(i: &JobInput) -> Pairs {
    let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut pairs = vec![
        ("enterprise_id", i.enterprise_id.to_string()),
        ("title", i.title.clone()),
        ("category", i.category.clone()),
        ("positions", i.positions.to_string()),
        ("education", o(&i.education)),
        ("age_min", n(i.age_min)),
        ("age_max", n(i.age_max)),
        ("skills", i.skills.join("、")),
        ("salary_min", i.salary_min.to_string()),
        ("salary_max", i.salary_max.to_string()),
        ("unit_code", i.unit_code.clone()),
        ("hours", o(&i.hours)),
        ("requirements", o(&i.requirements)),
        ("status", o(&i.status)),
    ];
    pairs.extend(i.terms.iter().map(|t| ("terms", t.clone())));
    Pairs::from_pairs(pairs)
}

pub async fn edit_form(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    let job = jobs::for_change(&state.app, &caller, id).await?;
    let form = Form::new(pairs_of(&JobInput::of(&job)));
    form_page(&state, &caller, lang, Some(id), form).await
}

pub async fn save(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let result = jobs::update(&state.app, &caller, id, input_of(&form)).await;
    let (state, caller) = (&state, &caller);
    settled_form(
        Done::Saved,
        result,
        |_| format!("/jobs/{id}"),
        (lang, form, FIELDS),
        |form| form_page(state, caller, lang, Some(id), form),
    )
    .await
}

/// Stops recruiting (`status=closed`) or opens the job again (`open`); nothing else changes.
pub async fn set_status(
    State(state): State<AppState>,
    RecordForm {
        caller, id, form, ..
    }: RecordForm,
) -> Result<Response, PageError> {
    let job = jobs::for_change(&state.app, &caller, id).await?;
    let input = JobInput {
        status: Some(form.get("status").to_owned()),
        ..JobInput::of(&job)
    };
    jobs::update(&state.app, &caller, id, input).await?;
    Ok(flash::redirect(&format!("/jobs/{id}"), Done::Saved))
}

// ---- the job page ----

pub struct SeekerMatchLine {
    pub seeker_id: i64,
    pub name: String,
    pub score: u8,
    pub reasons: Vec<ReasonLine>,
}

pub struct RecommendationLine {
    pub seeker_id: i64,
    pub name: String,
    pub score: i64,
    pub outcome: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "job.html")]
struct JobPage {
    shell: Shell,
    job: JobLine,
    education: String,
    age: String,
    skills: String,
    terms: String,
    requirements: String,
    matches: Vec<SeekerMatchLine>,
    recommendations: Vec<RecommendationLine>,
    /// The caller may change the job (its place is in her subtree).
    writable: bool,
    open: bool,
}

pub async fn view(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    require_staff(&caller)?;
    let t = Tr(lang);
    let job = jobs::get(&state.app, &caller, id).await?;
    let units = unit_map(&state, &caller).await?;
    // Matches and recommendations are seekers (people): shown to the roles that read the
    // registry; a leader sees the posting.
    let (matches, recommendations) = if caller.role().works_with_seekers() {
        (
            seekers::job_matches(&state.app, &caller, id, Some(10)).await?,
            seekers::recommendations_for_job(&state.app, &caller, id).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let r = &job;
    let age = match (r.age_min, r.age_max) {
        (None, None) => String::new(),
        (min, max) => format!(
            "{}–{}",
            min.map(|a| a.to_string()).unwrap_or_default(),
            max.map(|a| a.to_string()).unwrap_or_default()
        ),
    };
    render(&JobPage {
        shell: shell(lang, &caller, "jobs", "job-title"),
        writable: jobs::writable(&caller, &job),
        open: r.status == JobStatus::Open.as_str(),
        education: r
            .education
            .as_deref()
            .map(|e| label(t, "edu", e))
            .unwrap_or_default(),
        age,
        skills: job.skills.join("、"),
        terms: labels(t, "term", &job.terms, FriendlyTerm::as_str),
        requirements: r.requirements.clone().unwrap_or_default(),
        matches: matches
            .iter()
            .map(|m| SeekerMatchLine {
                seeker_id: m.seeker.id,
                name: m.seeker.name.clone(),
                score: m.score,
                reasons: reason_lines(t, &m.reasons),
            })
            .collect(),
        recommendations: recommendations
            .iter()
            .map(|v| RecommendationLine {
                seeker_id: v.recommendation.seeker_id,
                name: v.seeker_name.clone(),
                score: v.recommendation.score,
                outcome: label(t, "rec", &v.recommendation.outcome),
                by: v.recommendation.recommended_by.clone(),
            })
            .collect(),
        job: job_line(t, &job, &units),
    })
}
