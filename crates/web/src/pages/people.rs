//! The people registry's pages: the list with search, filters and export buttons; a person's
//! page with the audited reveal; the registration form (the import is in `super::import`).

use crate::extract::parse_id;
use crate::pages::flash::{self, Done};
use crate::pages::parts::{unit_tree_choices, Cell, Filters, List, Pager, Paging, Pairs, Table};
use jinguo_domain::national_codes::{CodeList, EDUCATION, ETHNICITY, MARITAL_STATUS};

use super::{render, Shell};
use crate::api::PeopleQuery;
use crate::error::PageError;
use crate::extract::{PageCaller, PageForm, PageQuery, RecordForm, RecordRequest};
use crate::i18n::{error_message, Lang, Tr};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::people::{self, Person, PersonChanges, PersonInput, Revealed};
use jinguo_app::{units, AppError};
use jinguo_domain::people::TAGS;
use serde::Deserialize;
use std::collections::HashMap;

pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub sex: String,
    pub age: String,
    pub birth_year: String,
    pub id_masked: String,
    pub phone_masked: String,
    pub unit: String,
    pub tags: String,
}

pub(crate) fn tag_labels(t: Tr, tags: &[String]) -> String {
    tags.iter()
        .map(|code| match t.0 {
            Lang::Zh => jinguo_domain::people::tag_label(code)
                .unwrap_or(code)
                .to_owned(),
            Lang::En => code.replace('_', " "),
        })
        .collect::<Vec<_>>()
        .join(&t.sep())
}

fn row_of(
    t: Tr,
    p: &Person,
    unit_names: &HashMap<String, String>,
    today: jinguo_domain::CivilDate,
) -> PersonRow {
    PersonRow {
        id: p.id,
        name: p.name.clone(),
        sex: t.t(&format!("sex-{}", p.sex)),
        age: p.age_on(today).to_string(),
        birth_year: p.birth_year.to_string(),
        id_masked: p.id_number_masked.clone(),
        phone_masked: p.phone_masked.clone().unwrap_or_default(),
        unit: unit_names
            .get(&p.unit_code)
            .cloned()
            .unwrap_or_else(|| p.unit_code.clone()),
        tags: tag_labels(t, &p.tags),
    }
}

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    shell: Shell,
    list: List,
    /// The list's filters, for the export form.
    query: String,
    can_write: bool,
    /// Exports carry full ID numbers and phones: offered to the roles that may take them.
    can_export: bool,
}

fn encode_query(q: &PeopleQuery) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("q", &q.q),
        ("unit", &q.unit_code),
        ("tag", &q.tag),
        ("sex", &q.sex),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            out.append_pair(k, v);
        }
    }
    for (k, v) in [("age_min", q.age_min), ("age_max", q.age_max)] {
        if let Some(v) = v {
            out.append_pair(k, &v.to_string());
        }
    }
    out.finish()
}

/// The list form sends empty fields; numbers arrive as text.
#[derive(Deserialize, Default)]
pub struct ListForm {
    q: Option<String>,
    unit: Option<String>,
    tag: Option<String>,
    sex: Option<String>,
    age_min: Option<String>,
    age_max: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

impl ListForm {
    /// The filters as asked, for the filter form and the page links.
    fn pairs(&self) -> Pairs {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut pairs = vec![
            ("q", text(&self.q)),
            ("unit", text(&self.unit)),
            ("tag", text(&self.tag)),
            ("sex", text(&self.sex)),
            ("age_min", text(&self.age_min)),
            ("age_max", text(&self.age_max)),
        ];
        if let Some(size) = self.per_page {
            pairs.push(("per_page", size.to_string()));
        }
        pairs.retain(|(_, v)| !v.is_empty());
        Pairs::from_pairs(pairs)
    }

    fn query(&self) -> Result<PeopleQuery, AppError> {
        let age = |v: &Option<String>, field: &str| -> Result<Option<u32>, AppError> {
            match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => s
                    .parse::<u32>()
                    .map(Some)
                    .map_err(|_| AppError::invalid(field, "invalid_page")),
            }
        };
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Ok(PeopleQuery {
            q: text(&self.q),
            unit_code: text(&self.unit),
            tag: text(&self.tag),
            sex: text(&self.sex),
            age_min: age(&self.age_min, "age_min")?,
            age_max: age(&self.age_max, "age_max")?,
            page: self.page,
            per_page: Some(50),
            format: None,
        })
    }
}

pub async fn list(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    PageQuery(form): PageQuery<ListForm>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let t = Tr(lang);
    let tree = units::tree(&state.app, &caller).await?;
    let unit_names: HashMap<String, String> = tree
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    let paging = Paging::new(form.page, form.per_page);
    let today = people::today(&state.app);
    let mut table = Table::new(
        t,
        "people-table",
        &[
            "people-name",
            "people-sex",
            "people-age",
            "people-id-number",
            "people-phone",
            "people-unit",
            "people-tags",
        ],
        "people-none",
    );
    let (mut error, mut total, mut query_text) = (None, 0, String::new());
    let result = match form.query() {
        Ok(q) => {
            query_text = encode_query(&q);
            people::search(
                &state.app,
                &caller,
                &q.search(),
                paging.page,
                paging.per_page,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok((found, count)) => {
            for p in found.iter().map(|p| row_of(t, p, &unit_names, today)) {
                table.push(vec![
                    Cell::link(p.name, format!("/people/{}", p.id), "person-link"),
                    Cell::text(p.sex),
                    Cell::text(p.age),
                    Cell::code(p.id_masked),
                    Cell::code(p.phone_masked),
                    Cell::text(p.unit),
                    Cell::text(p.tags),
                ]);
            }
            total = count;
        }
        Err(AppError::Forbidden) => return Err(AppError::Forbidden.into()),
        Err(e @ AppError::Invalid { .. }) => error = Some(error_message(lang, &e)),
        Err(e) => return Err(e.into()),
    }
    let asked = form.pairs();
    let pager = Pager::of(t, &asked, "/people", paging, total);
    let tags = TAGS
        .iter()
        .map(|(code, label)| {
            let shown = if lang == Lang::Zh {
                label.to_string()
            } else {
                code.replace('_', " ")
            };
            (code.to_string(), shown)
        })
        .collect();
    let sexes = vec![
        ("female".to_owned(), t.t("sex-female")),
        ("male".to_owned(), t.t("sex-male")),
    ];
    let filters = Filters::new(t, &asked, "/people", "people-search")
        .search("people-q", t.t("people-search-button"))
        .select(
            "unit",
            "people-unit",
            t.t("people-unit"),
            unit_tree_choices(t, &tree),
        )
        .select("tag", "people-tag", t.t("people-tags"), tags)
        .select("sex", "people-sex", t.t("people-sex"), sexes)
        .number("age_min", "people-age-min", t.t("people-age-min"))
        .number("age_max", "people-age-max", t.t("people-age-max"));
    let list = List {
        error,
        ..List::new(t, filters, table, pager, "people-total", total).total_id("people-total")
    };
    render(&PeoplePage {
        shell: Shell::new(lang, Some(&caller), "people", "people-title"),
        list,
        query: query_text,
        can_write: caller.role().writes_people(),
        can_export: caller.role().exports_people(),
    })
}

/// What the list shows with the filters of the form's action URL, in the posted format
/// (audited). A form post with the session's CSRF token: a link cannot start an export.
pub async fn export(
    State(state): State<AppState>,
    caller: PageCaller,
    PageQuery(filters): PageQuery<ListForm>,
    PageForm(form): PageForm<ExportForm>,
) -> Result<Response, PageError> {
    caller.check_csrf(&form.csrf)?;
    let mut q = filters.query()?;
    q.format = form.format;
    crate::api::export_response(&state, caller.0, &q)
        .await
        .map_err(|e| PageError(e.0))
}

#[derive(Deserialize, Default)]
pub struct ExportForm {
    #[serde(default)]
    csrf: String,
    format: Option<String>,
}

/// The person's households, for a reader of the registry (a caseworker sees the person of her
/// case, not the family registry around her).
async fn households_shown(
    app: &jinguo_app::App,
    caller: &Caller,
    id: i64,
) -> Result<Vec<jinguo_app::households::HouseholdView>, AppError> {
    if !caller.role().reads_households() {
        return Ok(Vec::new());
    }
    jinguo_app::households::of_person(app, caller, id).await
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    shell: Shell,
    person: PersonRow,
    address_masked: String,
    ethnicity: String,
    education: String,
    marital_status: String,
    notes: String,
    revealed: Option<RevealedText>,
    can_write: bool,
    can_merge: bool,
    can_reveal: bool,
    households: Vec<HouseholdRows>,
    relations: Vec<(String, String)>,
    /// The cases this person is in that the reader may see: (id, code, category, status).
    cases: Vec<(i64, String, String, String)>,
    /// Her final honours: (year, award label, campaign title).
    honours: Vec<(i32, String, String)>,
    /// Her model-woman profile (典型), for the roles that keep them: (id, headline).
    model_woman: Option<(i64, String)>,
    /// Her courses: (course id, title, tier, status, the enrollment of her certificate).
    courses: Vec<(i64, String, String, String, Option<i64>)>,
}

pub struct HouseholdRows {
    pub id: i64,
    pub name: String,
    /// (person id, name, relation label)
    pub members: Vec<(i64, String, String)>,
}

pub struct RevealedText {
    pub id_number: String,
    pub birth_date: String,
    pub phone: String,
    pub address: String,
}

/// The person's cases under the case list's own visibility, so restricted cases stay hidden
/// from those who may not see them; roles without case access see none.
async fn cases_of(
    state: &AppState,
    caller: &Caller,
    t: Tr,
    person_id: i64,
) -> Result<Vec<(i64, String, String, String)>, PageError> {
    let q = jinguo_app::cases::CaseQuery {
        person_id: Some(person_id),
        ..Default::default()
    };
    match jinguo_app::cases::list(&state.app, caller, &q, 1, 50).await {
        Ok(found) => Ok(found
            .items
            .iter()
            .map(|c| {
                (
                    c.id,
                    c.code.clone(),
                    t.t(&format!("category-{}", c.category)),
                    t.t(&format!("status-{}", c.status)),
                )
            })
            .collect()),
        Err(AppError::Forbidden) => Ok(Vec::new()),
        Err(e) => Err(e.into()),
    }
}

async fn person_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: i64,
    revealed: Option<Revealed>,
) -> Result<Html<String>, PageError> {
    let t = Tr(lang);
    let detail = people::get(&state.app, caller, id).await?;
    let tree = units::tree(&state.app, caller).await?;
    let unit_names: HashMap<String, String> = tree
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    let p = &detail.person;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let cases = cases_of(state, caller, t, id).await?;
    let honours = jinguo_app::awards::honours_of_person(&state.app, caller, id)
        .await?
        .into_iter()
        .map(|h| (h.year, t.t(&format!("award-{}", h.award)), h.title))
        .collect();
    let model_woman = jinguo_app::model_women::of_person(&state.app, caller, id)
        .await?
        .map(|m| (m.id, m.headline));
    let courses = crate::pages::training::courses_of_person(state, caller, t, id).await?;
    render(&PersonPage {
        cases,
        honours,
        model_woman,
        courses,
        shell: Shell::new(lang, Some(caller), "people", "people-title"),
        person: row_of(t, p, &unit_names, people::today(&state.app)),
        address_masked: text(&detail.address_masked),
        ethnicity: shown(&ETHNICITY, &p.ethnicity),
        education: shown(&EDUCATION, &p.education),
        marital_status: shown(&MARITAL_STATUS, &p.marital_status),
        notes: text(&detail.notes),
        revealed: revealed.map(|r| RevealedText {
            id_number: r.id_number,
            birth_date: r.birth_date,
            phone: r.phone.unwrap_or_default(),
            address: r.address.unwrap_or_default(),
        }),
        can_write: caller.role().writes_people(),
        can_merge: caller.role().merges_people(),
        can_reveal: caller.role().reveals_people(),
        relations: jinguo_app::households::RELATIONS
            .iter()
            .map(|r| (r.to_string(), t.t(&format!("relation-{r}"))))
            .collect(),
        households: households_shown(&state.app, caller, id)
            .await?
            .into_iter()
            .map(|h| HouseholdRows {
                id: h.household.id,
                name: h.household.name,
                members: h
                    .members
                    .into_iter()
                    .map(|m| {
                        (
                            m.person_id,
                            m.name,
                            t.t(&format!("relation-{}", m.relation)),
                        )
                    })
                    .collect(),
            })
            .collect(),
    })
}

#[derive(Deserialize)]
pub struct HouseholdForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    household_id: String,
    #[serde(default)]
    relation: String,
}

/// Adds the person to a household (a new one named after her when no number is given).
pub async fn join_household(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    PageForm(form): PageForm<HouseholdForm>,
) -> Result<Response, PageError> {
    caller.check_csrf(&form.csrf)?;
    let caller = caller.0;
    let id = parse_id(&id)?;
    let household = match form.household_id.trim() {
        "" => {
            let person = people::get_masked(&state.app, &caller, id).await?;
            let name = format!("{}家", person.name);
            let input = jinguo_app::households::HouseholdInput {
                name,
                unit_code: person.unit_code.clone(),
            };
            jinguo_app::households::create(&state.app, &caller, &input)
                .await?
                .household
                .id
        }
        raw => raw
            .parse()
            .map_err(|_| PageError::from(AppError::invalid("household_id", "invalid_page")))?,
    };
    let member = jinguo_app::households::MemberInput {
        person_id: id,
        relation: form.relation.clone(),
        guardian_of: None,
    };
    jinguo_app::households::put_member(&state.app, &caller, household, &member).await?;
    Ok(flash::redirect(&format!("/people/{id}"), Done::Saved))
}

#[derive(Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    duplicate_id: String,
}

pub async fn merge(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    PageForm(form): PageForm<MergeForm>,
) -> Result<Response, PageError> {
    caller.check_csrf(&form.csrf)?;
    let id = parse_id(&id)?;
    let duplicate = form
        .duplicate_id
        .trim()
        .parse()
        .map_err(|_| PageError::from(AppError::invalid("duplicate_id", "invalid_page")))?;
    people::merge(&state.app, &caller.0, id, duplicate).await?;
    Ok(flash::redirect(&format!("/people/{id}"), Done::Saved))
}

pub async fn view(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    person_page(&state, &caller, lang, id, None).await
}

pub async fn reveal(
    State(state): State<AppState>,
    RecordForm {
        caller, lang, id, ..
    }: RecordForm,
) -> Result<Html<String>, PageError> {
    let revealed = people::reveal(&state.app, &caller, id).await?;
    person_page(&state, &caller, lang, id, Some(revealed)).await
}

pub async fn delete(
    State(state): State<AppState>,
    RecordForm { caller, id, .. }: RecordForm,
) -> Result<Response, PageError> {
    people::delete(&state.app, &caller, id).await?;
    Ok(flash::redirect("/people", Done::Deleted))
}

pub struct FormField {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    pub required: bool,
    pub invalid: bool,
    pub message: String,
    /// A field of a national code list: its (code, name) choices, a blank one first.
    pub choices: Vec<(String, String)>,
}

/// The name of a stored code (a value outside the list as it was stored).
fn shown(list: &CodeList, value: &Option<String>) -> String {
    value
        .as_deref()
        .map(|v| list.display(v))
        .unwrap_or_default()
}

/// The national code list a form field chooses from.
fn code_list(field: &str) -> Option<&'static CodeList> {
    match field {
        "ethnicity" => Some(&ETHNICITY),
        "education" => Some(&EDUCATION),
        "marital_status" => Some(&MARITAL_STATUS),
        _ => None,
    }
}

/// A select's choices: blank, the list, and a stored value outside the list (so that saving the
/// form unchanged keeps it).
fn code_choices(list: &CodeList, value: &str) -> Vec<(String, String)> {
    let mut choices = vec![(String::new(), String::new())];
    choices.extend(
        list.all
            .iter()
            .map(|e| (e.code.to_owned(), format!("{} {}", e.code, e.name))),
    );
    let value = value.trim();
    if !value.is_empty() && list.parse(value).is_none() {
        choices.push((value.to_owned(), value.to_owned()));
    }
    choices
}

#[derive(Template)]
#[template(path = "person_form.html")]
struct PersonFormPage {
    shell: Shell,
    action: String,
    fields: Vec<FormField>,
    unit_code: String,
    units: Vec<(String, String)>,
    tags: Vec<(String, String, bool)>,
    error: Option<String>,
}

const FORM_FIELDS: &[(&str, &str, bool)] = &[
    ("name", "people-name", true),
    ("id_number", "people-id-number", true),
    ("phone", "people-phone", false),
    ("address", "people-address", false),
    ("ethnicity", "people-ethnicity", false),
    ("education", "people-education", false),
    ("marital_status", "people-marital-status", false),
    ("notes", "people-notes", false),
];

/// The posted form: repeated `tags` keys, so it is read pair by pair.
fn parse_form(body: &Bytes) -> HashMap<String, Vec<String>> {
    let mut values: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        values
            .entry(k.into_owned())
            .or_default()
            .push(v.into_owned());
    }
    values
}

fn first(values: &HashMap<String, Vec<String>>, key: &str) -> String {
    values
        .get(key)
        .and_then(|v| v.first())
        .cloned()
        .unwrap_or_default()
}

async fn form_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    action: String,
    title: &str,
    values: &HashMap<String, Vec<String>>,
    error: Option<&AppError>,
) -> Result<Html<String>, PageError> {
    let t = Tr(lang);
    let tree = units::tree(&state.app, caller).await?;
    let error_field = error.and_then(|e| e.field()).unwrap_or("");
    let fields = FORM_FIELDS
        .iter()
        .map(|(name, label, required)| FormField {
            name,
            label: t.t(label),
            choices: code_list(name)
                .map(|list| code_choices(list, &first(values, name)))
                .unwrap_or_default(),
            value: code_list(name)
                .map(|list| list.code_of(first(values, name).trim()))
                .unwrap_or_else(|| first(values, name)),
            required: *required,
            invalid: error_field == *name,
            message: error
                .filter(|_| error_field == *name)
                .map(|e| error_message(lang, e))
                .unwrap_or_default(),
        })
        .collect();
    let chosen = values.get("tags").cloned().unwrap_or_default();
    let tags = TAGS
        .iter()
        .map(|(code, label)| {
            (
                code.to_string(),
                if lang == Lang::Zh {
                    label.to_string()
                } else {
                    code.replace('_', " ")
                },
                chosen.iter().any(|c| c == code),
            )
        })
        .collect();
    let unit_code = Some(first(values, "unit_code"))
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| caller.unit().to_string());
    render(&PersonFormPage {
        shell: Shell::new(lang, Some(caller), "people", title),
        action,
        fields,
        unit_code,
        units: unit_tree_choices(t, &tree),
        tags,
        error: error.map(|e| error_message(lang, e)),
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    if !caller.role().writes_people() {
        return Err(AppError::Forbidden.into());
    }
    form_page(
        &state,
        &caller,
        Lang::from_headers(&headers),
        "/people/new".into(),
        "people-new",
        &HashMap::new(),
        None,
    )
    .await
}

fn optional(values: &HashMap<String, Vec<String>>, key: &str) -> Option<String> {
    Some(first(values, key))
}

pub async fn create(
    State(state): State<AppState>,
    caller: PageCaller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let values = parse_form(&body);
    caller.check_csrf(&first(&values, "csrf"))?;
    let caller = caller.0;
    let input = PersonInput {
        name: first(&values, "name"),
        id_number: first(&values, "id_number"),
        phone: optional(&values, "phone"),
        sex: None,
        unit_code: first(&values, "unit_code"),
        tags: values.get("tags").cloned().unwrap_or_default(),
        address: optional(&values, "address"),
        ethnicity: optional(&values, "ethnicity"),
        education: optional(&values, "education"),
        marital_status: optional(&values, "marital_status"),
        notes: optional(&values, "notes"),
    };
    match people::create(&state.app, &caller, input).await {
        Ok(person) => Ok(flash::redirect(
            &format!("/people/{}", person.id),
            Done::Created,
        )),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let lang = Lang::from_headers(&headers);
            let page = form_page(
                &state,
                &caller,
                lang,
                "/people/new".into(),
                "people-new",
                &values,
                Some(&e),
            )
            .await?;
            Ok(super::refused(page))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    if !caller.role().writes_people() {
        return Err(AppError::Forbidden.into());
    }
    let detail = people::get(&state.app, &caller, id).await?;
    let revealed = people::reveal(&state.app, &caller, id).await?;
    let p = detail.person;
    let mut values: HashMap<String, Vec<String>> = HashMap::new();
    let mut put = |k: &str, v: Option<String>| {
        values.insert(k.to_owned(), vec![v.unwrap_or_default()]);
    };
    put("name", Some(p.name));
    put("id_number", Some(revealed.id_number));
    put("phone", revealed.phone);
    put("address", revealed.address);
    put("ethnicity", p.ethnicity);
    put("education", p.education);
    put("marital_status", p.marital_status);
    put("notes", detail.notes);
    put("unit_code", Some(p.unit_code));
    values.insert("tags".into(), p.tags);
    form_page(
        &state,
        &caller,
        lang,
        format!("/people/{id}/edit"),
        "people-edit",
        &values,
        None,
    )
    .await
}

pub async fn save(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let values = parse_form(&body);
    caller.check_csrf(&first(&values, "csrf"))?;
    let caller = caller.0;
    let id = parse_id(&id)?;
    let changes = PersonChanges {
        name: Some(first(&values, "name")),
        id_number: Some(first(&values, "id_number")),
        phone: optional(&values, "phone"),
        sex: None,
        unit_code: Some(first(&values, "unit_code")),
        tags: Some(values.get("tags").cloned().unwrap_or_default()),
        address: optional(&values, "address"),
        ethnicity: optional(&values, "ethnicity"),
        education: optional(&values, "education"),
        marital_status: optional(&values, "marital_status"),
        notes: optional(&values, "notes"),
    };
    match people::update(&state.app, &caller, id, changes).await {
        Ok(_) => Ok(flash::redirect(&format!("/people/{id}"), Done::Saved)),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let lang = Lang::from_headers(&headers);
            let page = form_page(
                &state,
                &caller,
                lang,
                format!("/people/{id}/edit"),
                "people-edit",
                &values,
                Some(&e),
            )
            .await?;
            Ok(super::refused(page))
        }
        Err(e) => Err(e.into()),
    }
}
