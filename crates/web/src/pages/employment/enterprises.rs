//! Enterprises: the list, the form, the enterprise page with its leaders, liaison visits and
//! jobs; the liaison page (each leader's enterprises, those without one, the assignment).

use super::{industries, industry_name, listing, require_staff, shell, today, unit_map, unit_name};
use crate::api::employment_import::enterprise_export_response;
use crate::error::PageError;
use crate::extract::ListRequest;
use crate::extract::PageCaller;
use crate::extract::PostedForm;
use crate::extract::{parse_id, RecordForm, RecordRequest};
use crate::i18n::{Lang, Tr};
use crate::pages::flash::Done;
use crate::pages::parts::settled;
use crate::pages::parts::{
    number, settled_form, thousands, unit_choices, Cell, Filters, Form, List, Pager, Paging, Pairs,
    Table,
};

use crate::pages::{format_time, render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::employment::enterprises::{
    self, Enterprise, EnterpriseInput, EnterpriseQuery, VisitInput,
};
use std::collections::HashMap;

pub struct EnterpriseLine {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub women_owned: bool,
    pub industry: String,
    pub staff: String,
    pub unit: String,
    pub contact: String,
}

fn line_of(t: Tr, e: &Enterprise, units: &HashMap<String, String>) -> EnterpriseLine {
    let staff = match (e.staff, e.women_staff) {
        (Some(s), Some(w)) => format!("{s} / {w}"),
        (Some(s), None) => s.to_string(),
        (None, Some(w)) => format!("– / {w}"),
        (None, None) => String::new(),
    };
    EnterpriseLine {
        id: e.id,
        name: e.name.clone(),
        credit_code: e.credit_code.clone(),
        women_owned: e.women_owned,
        industry: e
            .industry
            .as_deref()
            .map(|c| industry_name(t, c))
            .unwrap_or_default(),
        staff,
        unit: unit_name(units, &e.unit_code),
        contact: format!(
            "{} {}",
            e.contact_name.as_deref().unwrap_or(""),
            e.contact_phone_masked.as_deref().unwrap_or("")
        )
        .trim()
        .to_owned(),
    }
}

// ---- the list ----

#[derive(Template)]
#[template(path = "enterprises.html")]
struct EnterprisesPage {
    shell: Shell,
    list: List,
    /// The list's filters, for the export links.
    export_query: String,
    /// Exports carry contact phones in full: offered to the roles that may take them.
    can_export: bool,
}

/// The list's filters as the use cases take them.
fn query_of(q: &Pairs) -> EnterpriseQuery {
    EnterpriseQuery {
        q: q.opt("q"),
        women_owned: q.flag("women_owned").then_some(true),
        industry: q.opt("industry"),
        without_leader: q.flag("without_leader"),
        ..Default::default()
    }
}

pub async fn list(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    let l = listing(&state, &caller, q, lang).await?;
    let query = query_of(&l.q);
    let (items, total) = enterprises::list(
        &state.app,
        &caller,
        &query,
        l.paging.page,
        l.paging.per_page,
    )
    .await?;
    let t = l.t;
    let filters = Filters::new(t, &l.q, "/enterprises", "enterprise-filters")
        .search("enterprises-q", t.t("enterprises-search"))
        .select(
            "industry",
            "filter-industry",
            t.t("field-industry"),
            industries(t),
        )
        .check(
            "women_owned",
            "filter-women-owned",
            t.t("field-women_owned"),
        )
        .check(
            "without_leader",
            "filter-without-leader",
            t.t("enterprises-without-leader"),
        );
    let mut table = Table::new(
        t,
        "enterprises-table",
        &[
            "field-name",
            "field-credit_code",
            "field-industry",
            "enterprise-staff",
            "people-unit",
            "field-contact_name",
        ],
        "employment-none",
    );
    for e in items.iter().map(|e| line_of(t, e, &l.units)) {
        table.push(vec![
            Cell::link(e.name, format!("/enterprises/{}", e.id), "enterprise-link").badge(
                e.women_owned,
                t.t("field-women_owned"),
                "tag-women",
            ),
            Cell::code(e.credit_code),
            Cell::text(e.industry),
            Cell::text(e.staff),
            Cell::text(e.unit),
            Cell::text(e.contact),
        ]);
    }
    render(&EnterprisesPage {
        shell: shell(l.lang, &caller, "enterprises", "enterprises-title"),
        list: l
            .list(filters, table, total, "/enterprises")
            .total_id("enterprises-total"),
        export_query: l.filters(),
        can_export: caller.role().exports_enterprises(),
    })
}

/// What the list shows with the filters of the form's action URL, in the posted `format`,
/// xlsx or csv (audited). A form post with the session's CSRF token: a link cannot start it.
pub async fn export(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    PostedForm { caller, form, .. }: PostedForm,
) -> Result<Response, PageError> {
    require_staff(&caller)?;
    let q = Pairs::of_query(raw.as_deref());
    let format = form.opt("format").unwrap_or_else(|| "xlsx".to_owned());
    Ok(enterprise_export_response(&state, &caller, &query_of(&q), &format).await?)
}

// ---- the form ----

#[derive(Template)]
#[template(path = "enterprise_form.html")]
struct EnterpriseFormPage {
    shell: Shell,
    action: String,
    form: Form,
    industries: Vec<(String, String)>,
    units: Vec<(String, String)>,
}

const FIELDS: &[&str] = &[
    "name",
    "credit_code",
    "women_owned",
    "entrepreneur_id",
    "industry",
    "staff",
    "women_staff",
    "unit_code",
    "address",
    "contact_name",
    "contact_phone",
];

async fn form_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: Option<i64>,
    form: Form,
) -> Result<Html<String>, PageError> {
    let (action, title) = match id {
        Some(id) => (format!("/enterprises/{id}/edit"), "enterprise-edit-title"),
        None => ("/enterprises".to_owned(), "enterprise-new-title"),
    };
    render(&EnterpriseFormPage {
        shell: shell(lang, caller, "enterprises", title),
        action,
        form,
        industries: industries(Tr(lang)),
        units: unit_choices(state, caller, Tr(lang)).await?,
    })
}

fn input_of(form: &Pairs) -> EnterpriseInput {
    EnterpriseInput {
        name: form.get("name").into(),
        credit_code: form.get("credit_code").into(),
        women_owned: form.flag("women_owned"),
        entrepreneur_id: number(form, "entrepreneur_id"),
        industry: form.opt("industry"),
        staff: number(form, "staff"),
        women_staff: number(form, "women_staff"),
        unit_code: form.get("unit_code").into(),
        address: form.opt("address"),
        contact_name: form.opt("contact_name"),
        contact_phone: form.opt("contact_phone"),
    }
}

fn pairs_of(i: &EnterpriseInput) -> Pairs {
    let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    Pairs::from_pairs(vec![
        ("name", i.name.clone()),
        ("credit_code", i.credit_code.clone()),
        (
            "women_owned",
            if i.women_owned {
                "on".into()
            } else {
                String::new()
            },
        ),
        ("entrepreneur_id", n(i.entrepreneur_id)),
        ("industry", o(&i.industry)),
        ("staff", n(i.staff)),
        ("women_staff", n(i.women_staff)),
        ("unit_code", i.unit_code.clone()),
        ("address", o(&i.address)),
        ("contact_name", o(&i.contact_name)),
        ("contact_phone", o(&i.contact_phone)),
    ])
}

pub async fn new_form(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    require_staff(&caller)?;
    let form = Form::new(Pairs::from_pairs(vec![(
        "unit_code",
        caller.unit().as_str().to_owned(),
    )]));
    form_page(&state, &caller, Lang::from_headers(&headers), None, form).await
}

pub async fn create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let result = enterprises::create(&state.app, &caller, input_of(&form)).await;
    let (state, caller) = (&state, &caller);
    let next = |e: Enterprise| format!("/enterprises/{}", e.id);
    settled_form(Done::Saved, result, next, (lang, form, FIELDS), |form| {
        form_page(state, caller, lang, None, form)
    })
    .await
}

pub async fn edit_form(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    let input = enterprises::current_input(&state.app, &caller, id).await?;
    let form = Form::new(pairs_of(&input));
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
    let result = enterprises::update(&state.app, &caller, id, input_of(&form)).await;
    let (state, caller) = (&state, &caller);
    settled_form(
        Done::Saved,
        result,
        |_| format!("/enterprises/{id}"),
        (lang, form, FIELDS),
        |form| form_page(state, caller, lang, Some(id), form),
    )
    .await
}

// ---- the enterprise page ----

pub struct VisitLine {
    pub id: i64,
    pub visited_on: String,
    pub visitor: String,
    pub seen: String,
    pub difficulties: String,
    pub case_id: Option<i64>,
    /// Difficulties were reported and no case raised yet.
    pub can_raise: bool,
}

pub struct JobLine {
    pub id: i64,
    pub title: String,
    pub positions: i64,
    pub salary: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "enterprise.html")]
struct EnterprisePage {
    shell: Shell,
    e: EnterpriseLine,
    address: String,
    entrepreneur: Option<(i64, String)>,
    leaders: Vec<String>,
    visits: Vec<VisitLine>,
    jobs: Vec<JobLine>,
    writable: bool,
    form: Form,
    updated: String,
    /// Its final honours: (year, award label, campaign title).
    honours: Vec<(i32, String, String)>,
}

const VISIT_FIELDS: &[&str] = &["visited_on", "seen", "difficulties"];

async fn enterprise_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: i64,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_staff(caller)?;
    let t = Tr(lang);
    let d = enterprises::get(&state.app, caller, id).await?;
    let units = unit_map(state, caller).await?;
    let r = &d.enterprise;
    let honours = jinguo_app::awards::honours_of_enterprise(&state.app, caller, id)
        .await?
        .into_iter()
        .map(|h| (h.year, t.t(&format!("award-{}", h.award)), h.title))
        .collect();
    render(&EnterprisePage {
        honours,
        shell: shell(lang, caller, "enterprises", "enterprise-title"),
        e: line_of(t, r, &units),
        address: r.address.clone().unwrap_or_default(),
        entrepreneur: r.entrepreneur_id.map(|p| {
            (
                p,
                d.enterprise.entrepreneur_name.clone().unwrap_or_default(),
            )
        }),
        leaders: d
            .leaders
            .iter()
            .map(|l| t.paren(&l.display_name, &l.username))
            .collect(),
        visits: d
            .visits
            .iter()
            .map(|v| VisitLine {
                id: v.id,
                visited_on: v.visited_on.clone(),
                visitor: v.visitor.clone(),
                seen: v.seen.clone(),
                difficulties: v.difficulties.clone().unwrap_or_default(),
                case_id: v.case_id,
                can_raise: v.case_id.is_none()
                    && v.difficulties
                        .as_deref()
                        .is_some_and(|d| !d.trim().is_empty()),
            })
            .collect(),
        jobs: d
            .jobs
            .iter()
            .map(|j| JobLine {
                id: j.id,
                title: j.title.clone(),
                positions: j.positions,
                salary: format!("{}–{}", j.salary_min, j.salary_max),
                status: crate::pages::parts::label(t, "jobstatus", &j.status),
            })
            .collect(),
        writable: d.writable,
        updated: format_time(r.updated_at),
        form,
    })
}

pub async fn view(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    let form = Form::new(Pairs::from_pairs(vec![("visited_on", today(&state))]));
    enterprise_page(&state, &caller, lang, id, form).await
}

pub async fn add_visit(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = VisitInput {
        visited_on: form.get("visited_on").into(),
        seen: form.get("seen").into(),
        difficulties: form.opt("difficulties"),
        raise_case: form.flag("raise_case"),
    };
    let result = enterprises::add_visit(&state.app, &caller, id, input).await;
    let (state, caller) = (&state, &caller);
    settled_form(
        Done::Saved,
        result,
        |_| format!("/enterprises/{id}"),
        (lang, form, VISIT_FIELDS),
        |form| enterprise_page(state, caller, lang, id, form),
    )
    .await
}

pub async fn raise_case(
    State(state): State<AppState>,
    Path((id, visit)): Path<(String, String)>,
    PostedForm { caller, lang, .. }: PostedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let result = enterprises::raise_case(&state.app, &caller, parse_id(&visit)?).await;
    let (state, caller) = (&state, &caller);
    settled(
        Done::Saved,
        result,
        |_| format!("/enterprises/{id}"),
        |e| async move {
            let form = Form::refused(Pairs::from_pairs(Vec::new()), lang, &e, &[]);
            enterprise_page(state, caller, lang, id, form).await
        },
    )
    .await
}

// ---- liaison ----

pub struct LeaderBlock {
    pub name: String,
    pub count: usize,
    pub over_limit: bool,
    pub enterprises: Vec<(i64, String, bool)>,
}

#[derive(Template)]
#[template(path = "employment_liaison.html")]
struct LiaisonPage {
    shell: Shell,
    leaders: Vec<LeaderBlock>,
    without: Vec<EnterpriseLine>,
    without_total: String,
    pager: Pager,
    candidates: Vec<(i64, String)>,
    assigns: bool,
    form: Form,
}

async fn liaison_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    q: &Pairs,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_staff(caller)?;
    let paging = Paging::of(q);
    let l = enterprises::liaison(&state.app, caller, paging.page, paging.per_page).await?;
    let units = unit_map(state, caller).await?;
    let t = Tr(lang);
    render(&LiaisonPage {
        shell: shell(lang, caller, "liaison", "liaison-title"),
        leaders: l
            .leaders
            .iter()
            .map(|x| LeaderBlock {
                name: t.paren(&x.leader.display_name, &x.leader.username),
                count: x.enterprises.len(),
                over_limit: x.over_limit,
                enterprises: x
                    .enterprises
                    .iter()
                    .map(|e| (e.id, e.name.clone(), e.women_owned))
                    .collect(),
            })
            .collect(),
        without: l
            .without_leader
            .iter()
            .map(|e| line_of(Tr(lang), e, &units))
            .collect(),
        without_total: thousands(l.without_leader_total),
        pager: Pager::of(Tr(lang), q, "/liaison", paging, l.without_leader_total)
            .at("#tab-without"),
        candidates: l
            .candidates
            .iter()
            .map(|u| (u.id, t.paren(&u.display_name, &u.username)))
            .collect(),
        assigns: caller.role().assigns_leaders(),
        form,
    })
}

pub async fn liaison(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    liaison_page(&state, &caller, lang, &q, Form::empty()).await
}

pub async fn set_leaders(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let users: Vec<i64> = form
        .all("user_ids")
        .iter()
        .filter_map(|u| u.trim().parse().ok())
        .collect();
    let result = enterprises::set_leaders(&state.app, &caller, id, &users).await;
    let (state, caller, none) = (&state, &caller, Pairs::default());
    settled_form(
        Done::Saved,
        result,
        |_| "/liaison".to_owned(),
        (lang, form, &[]),
        |form| liaison_page(state, caller, lang, &none, form),
    )
    .await
}
