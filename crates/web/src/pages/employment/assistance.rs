//! The four kinds of assistance (a list and a form), mentoring pairs with their meetings, and
//! the outcomes of employment work by the registry's tags for a period.

use super::{listing, require_staff, shell, today, Listing};
use crate::error::PageError;
use crate::extract::ListRequest;
use crate::extract::PageCaller;
use crate::extract::{PostedForm, RecordForm};
use crate::i18n::{Lang, Tr};
use crate::pages::flash::Done;
use crate::pages::parts::settled;
use crate::pages::parts::{label, number, options, settled_form, Form, Pager, Pairs};

use crate::pages::{render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::employment::assistance::{
    self, AssistanceInput, AssistanceQuery, MentorshipInput, OutcomeInput,
};
use jinguo_domain::employment::{AssistanceKind, AssistanceStatus, OutcomeKind};

// ---- assistance ----

pub struct AssistanceLine {
    pub person_id: i64,
    pub person: String,
    pub kind: String,
    pub provider: String,
    pub period: String,
    pub status: String,
    pub outcome: String,
    pub case: Option<(i64, String)>,
}

#[derive(Template)]
#[template(path = "employment_assistance.html")]
struct AssistancePage {
    shell: Shell,
    q: Pairs,
    lines: Vec<AssistanceLine>,
    total: i64,
    pager: Pager,
    kinds: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    form: Form,
}

const ASSISTANCE_FIELDS: &[&str] = &[
    "person_id",
    "kind",
    "provider",
    "started_on",
    "ended_on",
    "status",
    "outcome",
    "case_id",
];

async fn assistance_page(
    state: &AppState,
    caller: &Caller,
    l: Listing,
    form: Form,
) -> Result<Html<String>, PageError> {
    let (t, q) = (l.t, &l.q);
    let query = AssistanceQuery {
        person_id: q.opt("person_id").and_then(|p| p.parse().ok()),
        kind: q.opt("kind"),
        status: q.opt("status"),
    };
    let (items, total) =
        assistance::list_assistance(&state.app, caller, &query, l.paging.page, l.paging.per_page)
            .await?;
    render(&AssistancePage {
        shell: shell(l.lang, caller, "assistance", "assistance-title"),
        lines: items
            .iter()
            .map(|a| {
                let r = &a;
                AssistanceLine {
                    person_id: r.person_id,
                    person: a.person_name.clone(),
                    kind: label(t, "assist", &r.kind),
                    provider: r.provider.clone(),
                    period: format!("{} – {}", r.started_on, r.ended_on.as_deref().unwrap_or("")),
                    status: label(t, "assiststatus", &r.status),
                    outcome: r.outcome.clone().unwrap_or_default(),
                    case: r
                        .case_id
                        .map(|c| (c, a.case_code.clone().unwrap_or_default())),
                }
            })
            .collect(),
        total,
        pager: l.pager(total, "/assistance"),
        kinds: options(t, "assist", AssistanceKind::ALL, AssistanceKind::as_str),
        statuses: options(
            t,
            "assiststatus",
            AssistanceStatus::ALL,
            AssistanceStatus::as_str,
        ),
        q: l.q,
        form,
    })
}

pub async fn assistance_list(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    let l = listing(&state, &caller, q, lang).await?;
    let form = Form::new(Pairs::from_pairs(vec![
        ("started_on", today(&state)),
        ("person_id", l.q.get("person_id").to_owned()),
    ]));
    assistance_page(&state, &caller, l, form).await
}

pub async fn assistance_create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let input = AssistanceInput {
        person_id: number(&form, "person_id").unwrap_or(0),
        kind: form.get("kind").into(),
        provider: form.get("provider").into(),
        started_on: form.get("started_on").into(),
        ended_on: form.opt("ended_on"),
        status: form.opt("status"),
        outcome: form.opt("outcome"),
        case_id: number(&form, "case_id"),
    };
    let result = assistance::create_assistance(&state.app, &caller, input).await;
    let (state, caller) = (&state, &caller);
    settled(
        Done::Saved,
        result,
        |_| "/assistance".to_owned(),
        |e| async move {
            let form = Form::refused(form, lang, &e, ASSISTANCE_FIELDS);
            let l = listing(state, caller, Pairs::default(), lang).await?;
            assistance_page(state, caller, l, form).await
        },
    )
    .await
}

// ---- mentoring ----

pub struct MentorshipLine {
    pub id: i64,
    pub mentor: (i64, String),
    pub mentee: (i64, String),
    pub started_on: String,
    pub ended_on: String,
    pub goal: String,
    pub status: String,
    pub meetings: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "employment_mentorships.html")]
struct MentorshipsPage {
    shell: Shell,
    lines: Vec<MentorshipLine>,
    form: Form,
    today: String,
}

const MENTORSHIP_FIELDS: &[&str] = &["mentor_id", "mentee_id", "started_on", "goal"];

async fn mentorships_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_staff(caller)?;
    let t = Tr(lang);
    let found = assistance::list_mentorships(&state.app, caller, None).await?;
    render(&MentorshipsPage {
        shell: shell(lang, caller, "mentorships", "mentorships-title"),
        lines: found
            .iter()
            .map(|m| MentorshipLine {
                id: m.id,
                mentor: (m.mentor_id, m.mentor_name.clone()),
                mentee: (m.mentee_id, m.mentee_name.clone()),
                started_on: m.started_on.clone(),
                ended_on: m.ended_on.clone().unwrap_or_default(),
                goal: m.goal.clone().unwrap_or_default(),
                status: label(t, "assiststatus", &m.status),
                meetings: m
                    .meetings
                    .iter()
                    .map(|x| (x.met_on.clone(), x.note.clone()))
                    .collect(),
            })
            .collect(),
        today: today(state),
        form,
    })
}

pub async fn mentorships(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let form = Form::new(Pairs::from_pairs(vec![("started_on", today(&state))]));
    mentorships_page(&state, &caller, Lang::from_headers(&headers), form).await
}

pub async fn mentorship_create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let input = MentorshipInput {
        mentor_id: number(&form, "mentor_id").unwrap_or(0),
        mentee_id: number(&form, "mentee_id").unwrap_or(0),
        started_on: form.get("started_on").into(),
        goal: form.opt("goal"),
    };
    let result = assistance::create_mentorship(&state.app, &caller, input).await;
    let (state, caller) = (&state, &caller);
    settled_form(
        Done::Saved,
        result,
        |_| "/mentorships".to_owned(),
        (lang, form, MENTORSHIP_FIELDS),
        |form| mentorships_page(state, caller, lang, form),
    )
    .await
}

pub async fn add_meeting(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let result = assistance::add_meeting(
        &state.app,
        &caller,
        id,
        form.get("met_on"),
        form.get("note"),
    )
    .await;
    let (state, caller) = (&state, &caller);
    settled_form(
        Done::Saved,
        result,
        |_| "/mentorships".to_owned(),
        (lang, form, &[]),
        |form| mentorships_page(state, caller, lang, form),
    )
    .await
}

// ---- outcomes ----

#[derive(Template)]
#[template(path = "employment_outcomes.html")]
struct OutcomesPage {
    shell: Shell,
    from: String,
    to: String,
    placements: i64,
    startups: i64,
    by_tag: Vec<(String, i64, i64)>,
    kinds: Vec<(String, String)>,
    form: Form,
}

const OUTCOME_FIELDS: &[&str] = &[
    "person_id",
    "kind",
    "on_date",
    "job_id",
    "enterprise_id",
    "note",
];

async fn outcomes_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    q: &Pairs,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_staff(caller)?;
    let t = Tr(lang);
    let s = assistance::outcome_stats(
        &state.app,
        caller,
        q.opt("from").as_deref(),
        q.opt("to").as_deref(),
    )
    .await?;
    render(&OutcomesPage {
        shell: shell(lang, caller, "outcomes", "outcomes-title"),
        placements: s.placements,
        startups: s.startups,
        by_tag: s
            .by_tag
            .iter()
            .map(|(tag, p, st)| (label(t, "checkin-category", tag), *p, *st))
            .collect(),
        from: s.from,
        to: s.to,
        kinds: options(t, "outcome", OutcomeKind::ALL, OutcomeKind::as_str),
        form,
    })
}

pub async fn outcomes(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    let form = Form::new(Pairs::from_pairs(vec![("on_date", today(&state))]));
    outcomes_page(&state, &caller, lang, &q, form).await
}

pub async fn record_outcome(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let input = OutcomeInput {
        person_id: number(&form, "person_id").unwrap_or(0),
        kind: form.get("kind").into(),
        on_date: form.get("on_date").into(),
        job_id: number(&form, "job_id"),
        enterprise_id: number(&form, "enterprise_id"),
        note: form.opt("note"),
    };
    let result = assistance::record_outcome(&state.app, &caller, input).await;
    let (state, caller) = (&state, &caller);
    settled(
        Done::Saved,
        result,
        |_| "/employment/outcomes".to_owned(),
        |e| async move {
            let form = Form::refused(form, lang, &e, OUTCOME_FIELDS);
            let none = Pairs::from_pairs(Vec::new());
            outcomes_page(state, caller, lang, &none, form).await
        },
    )
    .await
}
