//! Seekers: the list, registration (a person of the registry, found by the people search), the
//! seeker page with her history, her recommendations and their outcomes, and the jobs that suit
//! her best, each with its reasons and a button to recommend it.

use super::jobs::{reason_lines, ReasonLine};
use super::{listing, require_staff, shell, split_list, unit_map, unit_name};
use crate::error::PageError;
use crate::extract::ListRequest;
use crate::extract::PostedForm;
use crate::extract::{parse_id, RecordForm, RecordRequest};
use crate::i18n::{Lang, Tr};
use crate::pages::flash::Done;
use crate::pages::parts::{
    label, labels, number, options, settled_form, unit_choices, Cell, Filters, Form, List, Pairs,
    Table,
};

use crate::pages::{format_time, render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::employment::seekers::SeekerEvent;
use jinguo_app::employment::seekers::{self, Seeker, SeekerInput, SeekerQuery};
use jinguo_domain::employment::{
    Availability, Education, FriendlyTerm, JobCategory, RecommendationOutcome, SeekerStatus,
};
use std::collections::HashMap;

pub struct SeekerLine {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub sex: String,
    pub categories: String,
    pub skills: String,
    pub education: String,
    pub availability: String,
    pub expected_pay: String,
    pub needs: String,
    pub status: String,
    pub unit: String,
    pub note: String,
}

fn line_of(t: Tr, s: &Seeker, units: &HashMap<String, String>) -> SeekerLine {
    let r = &s;
    SeekerLine {
        id: r.id,
        person_id: r.person_id,
        name: s.name.clone(),
        sex: label(t, "sex", &s.sex),
        categories: labels(t, "jobcat", &s.categories, JobCategory::as_str),
        skills: s.skills.join("、"),
        education: r
            .education
            .as_deref()
            .map(|e| label(t, "edu", e))
            .unwrap_or_default(),
        availability: label(t, "avail", &r.availability),
        expected_pay: r.expected_pay.map(|p| p.to_string()).unwrap_or_default(),
        needs: labels(t, "term", &s.needs, FriendlyTerm::as_str),
        status: label(t, "seekerstatus", &r.status),
        unit: unit_name(units, &r.unit_code),
        note: r.note.clone().unwrap_or_default(),
    }
}

// ---- the list ----

#[derive(Template)]
#[template(path = "seekers.html")]
struct SeekersPage {
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
    let query = SeekerQuery {
        q: q.opt("q"),
        status: q.opt("status"),
        category: q.opt("category"),
    };
    let (items, total) = seekers::list(
        &state.app,
        &caller,
        &query,
        l.paging.page,
        l.paging.per_page,
    )
    .await?;
    let filters = Filters::new(t, q, "/seekers", "seeker-filters")
        .search("seekers-q", t.t("seekers-search"))
        .select(
            "category",
            "filter-category",
            t.t("field-categories"),
            options(t, "jobcat", JobCategory::ALL, JobCategory::as_str),
        )
        .select(
            "status",
            "filter-status",
            t.t("field-status"),
            options(t, "seekerstatus", SeekerStatus::ALL, SeekerStatus::as_str),
        );
    let mut table = Table::new(
        t,
        "seekers-table",
        &[
            "field-name",
            "people-sex",
            "field-categories",
            "field-education",
            "field-availability",
            "people-unit",
            "field-status",
        ],
        "employment-none",
    );
    for s in items.iter().map(|s| line_of(t, s, &l.units)) {
        table.push(vec![
            Cell::link(s.name, format!("/seekers/{}", s.id), "seeker-link"),
            Cell::text(s.sex),
            Cell::text(s.categories),
            Cell::text(s.education),
            Cell::text(s.availability),
            Cell::text(s.unit),
            Cell::text(s.status),
        ]);
    }
    render(&SeekersPage {
        shell: shell(l.lang, &caller, "seekers", "seekers-title"),
        list: l
            .list(filters, table, total, "/seekers")
            .total_id("seekers-total"),
    })
}

// ---- registration ----

#[derive(Template)]
#[template(path = "seeker_form.html")]
struct SeekerFormPage {
    shell: Shell,
    form: Form,
    categories: Vec<(String, String)>,
    educations: Vec<(String, String)>,
    availabilities: Vec<(String, String)>,
    needs: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    units: Vec<(String, String)>,
}

const FIELDS: &[&str] = &[
    "person_id",
    "categories",
    "skills",
    "education",
    "availability",
    "expected_pay",
    "unit_code",
    "needs",
    "status",
    "note",
];

async fn form_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_staff(caller)?;
    let t = Tr(lang);
    render(&SeekerFormPage {
        shell: shell(lang, caller, "seekers", "seeker-new-title"),
        categories: options(t, "jobcat", JobCategory::ALL, JobCategory::as_str),
        educations: options(t, "edu", Education::ALL, Education::as_str),
        availabilities: options(t, "avail", Availability::ALL, Availability::as_str),
        needs: options(t, "term", FriendlyTerm::ALL, FriendlyTerm::as_str),
        statuses: options(t, "seekerstatus", SeekerStatus::ALL, SeekerStatus::as_str),
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
    let form = Form::new(Pairs::from_pairs(vec![(
        "person_id",
        q.get("person_id").to_owned(),
    )]));
    form_page(&state, &caller, lang, form).await
}

pub async fn create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let input = SeekerInput {
        person_id: number(&form, "person_id").unwrap_or(0),
        categories: form.all("categories"),
        skills: split_list(form.get("skills")),
        education: form.opt("education"),
        availability: form.opt("availability"),
        expected_pay: number(&form, "expected_pay"),
        unit_code: form.opt("unit_code"),
        needs: form.all("needs"),
        status: form.opt("status"),
        note: form.opt("note"),
    };
    let result = seekers::create(&state.app, &caller, input).await;
    let (state, caller) = (&state, &caller);
    settled_form(
        Done::Saved,
        result,
        |s| format!("/seekers/{}", s.id),
        (lang, form, FIELDS),
        |form| form_page(state, caller, lang, form),
    )
    .await
}

// ---- the seeker page ----

pub struct HistoryLine {
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub detail: String,
}

fn history_line(t: Tr, e: &SeekerEvent) -> HistoryLine {
    let d: serde_json::Value = serde_json::from_str(&e.detail).unwrap_or_default();
    let s = |key: &str| d[key].as_str().unwrap_or("").to_owned();
    let detail = match e.kind.as_str() {
        "registered" => label(t, "seekerstatus", &s("status")),
        "status" => format!(
            "{} → {}",
            label(t, "seekerstatus", &s("from")),
            label(t, "seekerstatus", &s("to"))
        ),
        "recommended" => t.paren(s("title"), &d["score"]),
        "outcome" => format!(
            "{} → {}",
            label(t, "rec", &s("from")),
            label(t, "rec", &s("to"))
        ),
        _ => String::new(),
    };
    HistoryLine {
        at: format_time(e.at),
        actor: e.actor.clone(),
        kind: label(t, "seekerevent", &e.kind),
        detail,
    }
}

pub struct RecommendationLine {
    pub id: i64,
    pub job_id: i64,
    pub job: String,
    pub enterprise: String,
    pub score: i64,
    pub outcome: String,
    pub outcome_code: String,
    pub at: String,
}

pub struct JobMatchLine {
    pub job_id: i64,
    pub title: String,
    pub enterprise: String,
    pub women_owned: bool,
    pub salary: String,
    pub score: u8,
    pub reasons: Vec<ReasonLine>,
    pub recommended: bool,
}

#[derive(Template)]
#[template(path = "seeker.html")]
struct SeekerPage {
    shell: Shell,
    s: SeekerLine,
    history: Vec<HistoryLine>,
    recommendations: Vec<RecommendationLine>,
    matches: Vec<JobMatchLine>,
    outcomes: Vec<(String, String)>,
    form: Form,
}

async fn seeker_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: i64,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_staff(caller)?;
    let t = Tr(lang);
    let d = seekers::get(&state.app, caller, id).await?;
    let found = seekers::matches(&state.app, caller, id, Some(10)).await?;
    let units = unit_map(state, caller).await?;
    let recommended: Vec<i64> = d
        .recommendations
        .iter()
        .map(|r| r.recommendation.job_id)
        .collect();
    render(&SeekerPage {
        shell: shell(lang, caller, "seekers", "seeker-title"),
        s: line_of(t, &d.seeker, &units),
        history: d.history.iter().map(|e| history_line(t, e)).collect(),
        recommendations: d
            .recommendations
            .iter()
            .map(|v| RecommendationLine {
                id: v.recommendation.id,
                job_id: v.recommendation.job_id,
                job: v.job_title.clone(),
                enterprise: v.enterprise_name.clone(),
                score: v.recommendation.score,
                outcome: label(t, "rec", &v.recommendation.outcome),
                outcome_code: v.recommendation.outcome.clone(),
                at: format_time(v.recommendation.updated_at),
            })
            .collect(),
        matches: found
            .iter()
            .map(|m| JobMatchLine {
                job_id: m.job.id,
                title: m.job.title.clone(),
                enterprise: m.job.enterprise_name.clone(),
                women_owned: m.job.women_owned,
                salary: format!("{}–{}", m.job.salary_min, m.job.salary_max),
                score: m.score,
                reasons: reason_lines(t, &m.reasons),
                recommended: recommended.contains(&m.job.id),
            })
            .collect(),
        outcomes: options(
            t,
            "rec",
            &RecommendationOutcome::ALL[1..],
            RecommendationOutcome::as_str,
        ),
        form,
    })
}

pub async fn view(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    let form = Form::empty();
    seeker_page(&state, &caller, lang, id, form).await
}

pub async fn recommend(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let job = number(&form, "job_id").unwrap_or(0);
    let result = seekers::recommend(&state.app, &caller, id, job).await;
    let (state, caller) = (&state, &caller);
    settled_form(
        Done::Saved,
        result,
        |_| format!("/seekers/{id}"),
        (lang, form, &[]),
        |form| seeker_page(state, caller, lang, id, form),
    )
    .await
}

pub async fn set_outcome(
    State(state): State<AppState>,
    Path((id, recommendation)): Path<(String, String)>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let result = seekers::set_outcome(
        &state.app,
        &caller,
        parse_id(&recommendation)?,
        form.get("outcome"),
    )
    .await;
    let (state, caller) = (&state, &caller);
    settled_form(
        Done::Saved,
        result,
        |_| format!("/seekers/{id}"),
        (lang, form, &[]),
        |form| seeker_page(state, caller, lang, id, form),
    )
    .await
}
