//! Children's work: the list of children (`/children`), a child's page with her guardians and
//! consents, and the registration form (a child under 14 only with her guardian's consent).
//! Only the roles that work with children open them; every list and page is an audited read.

use super::parts::{
    listed, optional_id, require, unit_choices, unit_map, unit_name, Cell, Filters, Form, List,
    Pager, Pairs, RecordPage, Table,
};
use super::people::tag_labels;
use super::{refused, render, Shell};
use crate::error::PageError;
use crate::extract::ListRequest;
use crate::extract::{PageCaller, PostedForm, RecordRequest};
use crate::i18n::{Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use jinguo_app::auth::Caller;
use jinguo_app::children::{self, Child, ChildInput, ChildSearch, ConsentInput, GuardianInput};
use jinguo_app::AppError;
use jinguo_domain::children::RELATIONS;
use jinguo_domain::Role;

const CHILD_TAGS: [&str; 4] = [
    "left_behind_child",
    "migrant_child",
    "only_child",
    "orphan_or_disabled_child",
];

fn shell(lang: Lang, caller: &Caller, title_key: &str) -> Shell {
    Shell::new(lang, Some(caller), "children", title_key)
}

fn tag_choices(t: Tr) -> Vec<(String, String)> {
    CHILD_TAGS
        .iter()
        .map(|code| (code.to_string(), tag_labels(t, &[code.to_string()])))
        .collect()
}

fn relation_choices(t: Tr) -> Vec<(String, String)> {
    RELATIONS
        .iter()
        .map(|r| (r.to_string(), t.t(&format!("child-relation-{r}"))))
        .collect()
}

fn guardian_line(t: Tr, c: &Child) -> String {
    c.guardians
        .iter()
        .map(|g| {
            let relation = t.t(&format!("child-relation-{}", g.relation));
            match &g.phone_masked {
                Some(phone) => format!("{} {} {}", g.name_masked, relation, phone),
                None => format!("{} {}", g.name_masked, relation),
            }
        })
        .collect::<Vec<_>>()
        .join(&t.sep())
}

// ---- the list ----

#[derive(Template)]
#[template(path = "children.html")]
struct ChildrenPage {
    shell: Shell,
    list: List,
}

pub async fn list(
    State(state): State<AppState>,
    ListRequest {
        caller,
        lang,
        q,
        paging,
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    require(&caller, Role::works_with_children)?;
    let units = unit_map(&state, &caller).await?;
    let t = Tr(lang);
    let search = ChildSearch {
        q: q.opt("q"),
        unit_code: q.opt("unit_code"),
        tag: q.opt("tag"),
    };
    let mut table = Table::new(
        t,
        "children-table",
        &[
            "field-name",
            "children-age",
            "field-id_number",
            "field-unit_code",
            "field-tags",
            "children-guardian",
        ],
        "children-empty",
    );
    let today = jinguo_app::people::today(&state.app);
    let found = children::list(&state.app, &caller, &search, paging.page, paging.per_page).await;
    let (found, total, error) = listed(lang, found)?;
    for c in &found {
        let p = &c.person;
        table.push(vec![
            Cell::link(p.name.clone(), format!("/children/{}", p.id), "child-link"),
            Cell::text(p.age_on(today).to_string()),
            Cell::code(p.id_number_masked.clone()),
            Cell::text(unit_name(&units, &p.unit_code)),
            Cell::text(tag_labels(t, &p.tags)),
            Cell::text(guardian_line(t, c)),
        ]);
    }
    let filters = Filters::new(t, &q, "/children", "children-filters")
        .search("children-q", t.t("people-search-button"))
        .select(
            "unit_code",
            "children-unit",
            t.t("field-unit_code"),
            unit_choices(&state, &caller, t).await?,
        )
        .select("tag", "children-tag", t.t("field-tags"), tag_choices(t));
    let pager = Pager::of(t, &q, "/children", paging, total);
    let list = List {
        error,
        ..List::new(t, filters, table, pager, "employment-total", total)
    };
    render(&ChildrenPage {
        shell: shell(lang, &caller, "children-title"),
        list,
    })
}

// ---- a child's page ----

/// A pairing as the child's page shows it, with its forms (log a visit, end it).
pub(crate) struct PairingLine {
    pub id: i64,
    pub volunteer: String,
    pub every: String,
    pub starts_on: String,
    pub last_visit: String,
    pub next_due: String,
    pub overdue: bool,
    pub ended: String,
    pub visits: Vec<(String, String, String)>,
    /// This pairing's visit or end form was refused.
    pub visit_refused: bool,
    pub end_refused: bool,
}

#[derive(Template)]
#[template(path = "child.html")]
pub(crate) struct ChildPage {
    shell: Shell,
    child: Child,
    age: i32,
    unit: String,
    tags: String,
    guardians: Vec<(String, String, String)>,
    pairings: Vec<PairingLine>,
    staff: Vec<(String, String)>,
    everies: Vec<(String, String)>,
    hows: Vec<(String, String)>,
    reasons: Vec<(String, String)>,
    today: String,
    /// A refused form of the page, and which: `pair`, `visit-{id}` or `end-{id}`.
    form: Form,
    form_for: String,
}

pub(crate) fn choices_of(t: Tr, prefix: &str, codes: &[&str]) -> Vec<(String, String)> {
    codes
        .iter()
        .map(|c| (c.to_string(), t.t(&format!("{prefix}-{c}"))))
        .collect()
}

pub(crate) fn every_choices(t: Tr) -> Vec<(String, String)> {
    let codes: Vec<&str> = jinguo_domain::children::VisitEvery::ALL
        .iter()
        .map(|v| v.as_str())
        .collect();
    choices_of(t, "pairing-every", &codes)
}

impl RecordPage for ChildPage {
    fn back(id: i64) -> String {
        format!("/children/{id}#child-pairings")
    }

    /// A child's page with her guardians, consents and pairings; `form` is a refused form of it.
    async fn build(
        state: &AppState,
        caller: &Caller,
        lang: Lang,
        id: i64,
        form: Form,
        form_for: &str,
    ) -> Result<Html<String>, PageError> {
        require(caller, Role::works_with_children)?;
        let t = Tr(lang);
        let child = children::get(&state.app, caller, id).await?;
        let found = jinguo_app::pairings::of_child(&state.app, caller, id).await?;
        let units = unit_map(state, caller).await?;
        let p = &child.person;
        let guardians = child
            .guardians
            .iter()
            .map(|g| {
                (
                    g.name_masked.clone(),
                    t.t(&format!("child-relation-{}", g.relation)),
                    g.phone_masked.clone().unwrap_or_default(),
                )
            })
            .collect();
        let pairings = found
            .iter()
            .map(|x| PairingLine {
                id: x.id,
                volunteer: format!(
                    "{} ({})",
                    x.volunteer.name,
                    t.t(&format!("pairing-volunteer-{}", x.volunteer.kind))
                ),
                every: t.t(&format!("pairing-every-{}", x.visit_every)),
                starts_on: x.starts_on.clone(),
                last_visit: x.last_visit.clone().unwrap_or_default(),
                next_due: x.next_due.clone().unwrap_or_default(),
                overdue: x.overdue_days > 0,
                ended: match (&x.ended_on, &x.end_reason) {
                    (Some(on), Some(reason)) => {
                        format!("{on} {}", t.t(&format!("pairing-reason-{reason}")))
                    }
                    _ => String::new(),
                },
                visit_refused: form_for == format!("visit-{}", x.id),
                end_refused: form_for == format!("end-{}", x.id),
                visits: x
                    .visits
                    .iter()
                    .map(|v| {
                        (
                            v.visited_on.clone(),
                            t.t(&format!("pairing-how-{}", v.how)),
                            v.note.clone().unwrap_or_default(),
                        )
                    })
                    .collect(),
            })
            .collect();
        let today = jinguo_app::people::today(&state.app);
        let mut shell = shell(lang, caller, "children-title");
        shell.title = p.name.clone();
        render(&ChildPage {
            age: p.age_on(today),
            unit: unit_name(&units, &p.unit_code),
            tags: tag_labels(t, &p.tags),
            guardians,
            pairings,
            staff: jinguo_app::pairings::staff_choices(&state.app, caller)
                .await?
                .into_iter()
                .map(|(id, name)| (id.to_string(), name))
                .collect(),
            everies: every_choices(t),
            hows: choices_of(t, "pairing-how", jinguo_domain::children::VISIT_HOWS),
            reasons: choices_of(t, "pairing-reason", jinguo_domain::children::END_REASONS),
            today: today.to_string(),
            form,
            form_for: form_for.to_owned(),
            shell,
            child,
        })
    }
}

pub async fn view(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    ChildPage::build(&state, &caller, lang, id, Form::empty(), "").await
}

// ---- registration ----

#[derive(Template)]
#[template(path = "child_form.html")]
struct ChildFormPage {
    shell: Shell,
    form: Form,
    units: Vec<(String, String)>,
    tags: Vec<(String, String)>,
    relations: Vec<(String, String)>,
}

const FIELDS: &[&str] = &[
    "name",
    "id_number",
    "unit_code",
    "tags",
    "guardian",
    "guardian.name",
    "guardian.phone",
    "guardian.relation",
    "guardian.person_id",
    "consent",
    "consent.given_by",
    "consent.given_on",
];

async fn form_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
) -> Result<Html<String>, PageError> {
    require(caller, Role::works_with_children)?;
    let t = Tr(lang);
    render(&ChildFormPage {
        shell: shell(lang, caller, "children-new"),
        units: unit_choices(state, caller, t).await?,
        tags: tag_choices(t),
        relations: relation_choices(t),
        form,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let pairs = vec![("unit_code", caller.unit().as_str().to_owned())];
    let form = Form::new(Pairs::from_pairs(pairs));
    form_page(&state, &caller, Lang::from_headers(&headers), form).await
}

fn input_of(form: &Pairs) -> ChildInput {
    let given_by = form.opt("consent_given_by");
    let given_on = form.opt("consent_given_on");
    ChildInput {
        name: form.get("name").into(),
        id_number: form.get("id_number").into(),
        unit_code: form.get("unit_code").into(),
        tags: form.all("tags"),
        guardian: Some(GuardianInput {
            person_id: optional_id(form, "guardian_person_id"),
            name: form.opt("guardian_name"),
            phone: form.opt("guardian_phone"),
            relation: form.opt("guardian_relation"),
        }),
        consent: (given_by.is_some() || given_on.is_some())
            .then_some(ConsentInput { given_by, given_on }),
    }
}

pub async fn create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    match children::create(&state.app, &caller, input_of(&form)).await {
        Ok(child) => Ok(flash::redirect(
            &format!("/children/{}", child.person.id),
            Done::Created,
        )),
        Err(e @ AppError::Conflict { .. }) => {
            let form = Form::refused(form, lang, &e, FIELDS);
            let page = form_page(&state, &caller, lang, form).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e @ AppError::Invalid { .. }) => {
            let form = Form::refused(form, lang, &e, FIELDS);
            Ok(refused(form_page(&state, &caller, lang, form).await?))
        }
        Err(e) => Err(e.into()),
    }
}
