//! Casework pages: the case list and "my cases", intake, the case page with its action forms
//! and timeline, statistics, briefings, and the public intake and status look-up.
//!
//! Every action posts a form and comes back to the case page (post/redirect/get); a refused
//! action shows the case page again with the reason on top and status 422.

use super::admin::Pager;
use super::{format_time, refused, render, Shell};
use crate::api::cases::{download, parse_id, upload_file, DOCX};
use crate::error::{PageError, WebError};
use crate::extract::{ClientOrigin, PageCaller};
use crate::i18n::{error_message, Lang, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, RawForm, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jinguo_app::auth::Caller;
use jinguo_app::cases::briefings::{self, BriefingInput};
use jinguo_app::cases::public::{self, PublicIntake};
use jinguo_app::cases::timeline::{self, OrderInput};
use jinguo_app::cases::{self, Case, CaseDetail, CaseInput, CaseQuery, TransitionInput};
use jinguo_app::{units, AppError};
use jinguo_domain::cases::{
    CaseKind, Category, Channel, OrderStatus, Satisfaction, Status, Urgency, RISK_ITEMS,
};
use std::collections::HashMap;

/// Form or query pairs, keeping repeated keys (checkbox groups).
pub struct Pairs(Vec<(String, String)>);

impl Pairs {
    pub fn parse(bytes: &[u8]) -> Pairs {
        Pairs(form_urlencoded::parse(bytes).into_owned().collect())
    }

    pub fn of_query(raw: Option<&str>) -> Pairs {
        Pairs::parse(raw.unwrap_or("").as_bytes())
    }

    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn from_pairs(pairs: Vec<(&str, String)>) -> Pairs {
        Pairs(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    pub fn iter(&self) -> impl Iterator<Item = &(String, String)> {
        self.0.iter()
    }

    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name).trim().to_owned()).filter(|v| !v.is_empty())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), "on" | "true" | "1")
    }
}

fn check_csrf(caller: &PageCaller, form: &Pairs) -> Result<(), PageError> {
    caller.check_csrf(form.get("csrf"))
}

/// `(code, label)` of a closed set of codes, for selects.
fn options<T: Copy>(
    t: Tr,
    prefix: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_owned(), t.t(&format!("{prefix}-{}", code(*v)))))
        .collect()
}

/// The last day of a deadline: deadlines are kept as the first moment past it (the next day's
/// midnight, UTC+8), and people read the day the work is due.
fn due_day(deadline_ms: i64) -> String {
    jinguo_domain::CivilDate::from_epoch_ms_china(deadline_ms - 1).to_string()
}

fn label(t: Tr, prefix: &str, code: &str) -> String {
    t.t(&format!("{prefix}-{code}"))
}

/// Department codes and their names in the reader's language.
async fn department_names(
    state: &AppState,
    lang: Lang,
) -> Result<HashMap<String, String>, PageError> {
    Ok(units::departments(&state.app)
        .await?
        .into_iter()
        .map(|d| {
            let name = if lang == Lang::Zh {
                d.name_zh
            } else {
                d.name_en
            };
            (d.code, name)
        })
        .collect())
}

pub(crate) async fn unit_names(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<(String, String)>, PageError> {
    Ok(units::tree(&state.app, caller)
        .await?
        .into_iter()
        .map(|u| (u.code, u.name))
        .collect())
}

// ---- the list ----

pub struct CaseLine {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub category: String,
    pub channel: String,
    pub status: String,
    pub status_code: String,
    pub urgency: String,
    pub urgent: bool,
    pub unit: String,
    pub handler: String,
    pub opened_on: String,
    pub due: String,
    pub overdue: bool,
    pub restricted: bool,
}

fn line_of(t: Tr, c: &Case, names: &HashMap<String, String>) -> CaseLine {
    let r = &c.row;
    CaseLine {
        id: r.id,
        code: r.code.clone(),
        kind: label(t, "kind", &r.kind),
        category: label(t, "category", &r.category),
        channel: label(t, "channel", &r.channel),
        status: label(t, "status", &r.status),
        status_code: r.status.clone(),
        urgency: label(t, "urgency", &r.urgency),
        urgent: c.urgency != Urgency::Normal,
        unit: names
            .get(&r.unit_code)
            .cloned()
            .unwrap_or_else(|| r.unit_code.clone()),
        handler: c
            .handler
            .as_ref()
            .map(|h| h.display_name.clone())
            .unwrap_or_default(),
        opened_on: r.opened_on.clone(),
        due: r.due_at.map(due_day).unwrap_or_default(),
        overdue: c.overdue,
        restricted: r.restricted,
    }
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    shell: Shell,
    q: Pairs,
    lines: Vec<CaseLine>,
    total: i64,
    overdue: i64,
    pager: Pager,
    error: Option<String>,
    statuses: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    channels: Vec<(String, String)>,
    units: Vec<(String, String)>,
    can_take_in: bool,
    can_brief: bool,
    query: String,
}

fn case_query(q: &Pairs) -> CaseQuery {
    CaseQuery {
        status: q.opt("status"),
        kind: q.opt("kind"),
        category: q.opt("category"),
        channel: q.opt("channel"),
        overdue: q.flag("overdue"),
        follow_up_due: q.flag("follow_up_due"),
        unit_code: q.opt("unit"),
        handler: q.opt("handler"),
        mine: q.flag("mine"),
        from: q.opt("from"),
        to: q.opt("to"),
        q: q.opt("q"),
        person_id: q.opt("person_id").and_then(|p| p.parse().ok()),
    }
}

fn handles(caller: &Caller) -> bool {
    caller.role.handles_cases()
}

fn briefs(caller: &Caller) -> bool {
    caller.role.writes_briefings()
}

pub async fn list(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let t = Tr(lang);
    let q = Pairs::of_query(raw.as_deref());
    let page: u64 = q.get("page").parse().unwrap_or(1).max(1);
    let units = unit_names(&state, &caller).await?;
    let names: HashMap<String, String> = units.iter().cloned().collect();
    let (mut lines, mut total, mut error) = (Vec::new(), 0, None);
    match cases::list(&state.app, &caller, &case_query(&q), page, 50).await {
        Ok(found) => {
            lines = found.items.iter().map(|c| line_of(t, c, &names)).collect();
            total = found.total;
        }
        Err(e @ AppError::Invalid { .. }) => error = Some(error_message(lang, &e)),
        Err(e) => return Err(e.into()),
    }
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(q.0.iter().filter(|(k, _)| k != "page"))
        .finish();
    let pager = Pager::new(t, page, 50, total, |p| format!("/cases?{query}&page={p}"));
    let shell = Shell::new(
        lang,
        Some(&caller),
        if q.flag("mine") { "my-cases" } else { "cases" },
        "cases-title",
    );
    render(&CasesPage {
        overdue: cases::overdue_count(&state.app, &caller).await?,
        statuses: options(t, "status", Status::ALL, Status::as_str),
        kinds: options(t, "kind", CaseKind::ALL, CaseKind::as_str),
        categories: options(t, "category", Category::ALL, Category::as_str),
        channels: options(t, "channel", Channel::ALL, Channel::as_str),
        can_take_in: handles(&caller),
        can_brief: briefs(&caller),
        shell,
        q,
        lines,
        total,
        pager,
        error,
        units,
        query,
    })
}

// ---- intake ----

#[derive(Template)]
#[template(path = "case_form.html")]
struct CaseFormPage {
    shell: Shell,
    form: Pairs,
    error: Option<String>,
    error_field: String,
    kinds: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    channels: Vec<(String, String)>,
    urgencies: Vec<(String, String)>,
    risk_items: Vec<(String, String)>,
    units: Vec<(String, String)>,
}

async fn case_form(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Pairs,
    error: Option<&AppError>,
) -> Result<Html<String>, PageError> {
    let t = Tr(lang);
    render(&CaseFormPage {
        shell: Shell::new(lang, Some(caller), "case-new", "case-new-title"),
        error: error.map(|e| error_message(lang, e)),
        error_field: error.and_then(|e| e.field()).unwrap_or("").to_owned(),
        kinds: options(t, "kind", CaseKind::ALL, CaseKind::as_str),
        categories: options(t, "category", Category::ALL, Category::as_str),
        channels: options(t, "channel", Channel::ALL, Channel::as_str),
        urgencies: options(t, "urgency", Urgency::ALL, Urgency::as_str),
        risk_items: RISK_ITEMS
            .iter()
            .map(|i| (i.code.to_owned(), t.t(&format!("risk-{}", i.code))))
            .collect(),
        units: unit_names(state, caller).await?,
        form,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    if !handles(&caller) {
        return Err(AppError::Forbidden.into());
    }
    let form = Pairs::of_query(raw.as_deref());
    case_form(&state, &caller, Lang::from_headers(&headers), form, None).await
}

pub async fn create(
    State(state): State<AppState>,
    caller: PageCaller,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let form = Pairs::parse(&body);
    check_csrf(&caller, &form)?;
    let person_ids = form
        .get("person_ids")
        .split([',', '，', ' '])
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<i64>().unwrap_or(-1))
        .collect();
    let dv = form.get("category") == Category::DomesticViolence.as_str();
    let input = CaseInput {
        kind: form.get("kind").into(),
        channel: form.get("channel").into(),
        category: form.get("category").into(),
        unit_code: form.get("unit_code").into(),
        narrative: form.get("narrative").into(),
        person_ids,
        enterprise_id: None,
        enterprise_name: form.opt("enterprise_name"),
        urgency: form.opt("urgency"),
        caller_name: form.opt("caller_name"),
        caller_phone: form.opt("caller_phone"),
        lacks_capacity: form.flag("lacks_capacity"),
        risk_items: dv.then(|| form.all("risk")),
    };
    match cases::create(&state.app, &caller.0, input).await {
        Ok(case) => Ok(Redirect::to(&format!("/cases/{}", case.row.id)).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let lang = Lang::from_headers(&headers);
            Ok(refused(
                case_form(&state, &caller.0, lang, form, Some(&e)).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- the case page ----

pub struct EventLine {
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub change: String,
    pub body: String,
    pub detail: String,
}

pub struct ReferralLine {
    pub id: i64,
    pub department: String,
    pub request: String,
    pub asked: String,
    pub due: String,
    pub answer: String,
    pub answered: String,
    pub overdue: bool,
}

pub struct PersonLine {
    pub id: i64,
    pub name: String,
    pub id_masked: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    shell: Shell,
    error: Option<String>,
    line: CaseLine,
    narrative: Option<String>,
    outcome: String,
    caller_name: String,
    caller_phone: String,
    enterprise: String,
    risk_level: String,
    risk_score: String,
    dv: bool,
    mandatory_report: bool,
    report_missing: bool,
    report: String,
    lacks_capacity: bool,
    satisfaction: String,
    follow_up_due: String,
    people: Vec<PersonLine>,
    events: Vec<EventLine>,
    referrals: Vec<ReferralLine>,
    attachments: Vec<(i64, String, String)>,
    orders: Vec<(i64, String)>,
    briefings: Vec<(i64, String, String)>,
    next: Vec<(String, String)>,
    satisfactions: Vec<(String, String)>,
    departments: Vec<(String, String)>,
    entry_kinds: Vec<(String, String)>,
    risk_items: Vec<(String, String, bool)>,
    order_statuses: Vec<(String, String)>,
    can_act: bool,
    allowed_types: String,
    size_limit: String,
}

fn event_line(t: Tr, e: &timeline::Event, departments: &HashMap<String, String>) -> EventLine {
    let status = |s: &Option<String>| {
        s.as_deref()
            .map(|s| label(t, "status", s))
            .unwrap_or_default()
    };
    let change = match (&e.from_status, &e.to_status) {
        (Some(_), Some(_)) => format!("{} → {}", status(&e.from_status), status(&e.to_status)),
        (None, Some(_)) => status(&e.to_status),
        _ => String::new(),
    };
    let d = &e.detail;
    let detail = match e.kind.as_str() {
        "referral" | "referral_answer" => d["department"]
            .as_str()
            .map(|c| departments.get(c).cloned().unwrap_or_else(|| c.to_owned()))
            .unwrap_or_default(),
        "status" => d["handler_name"].as_str().unwrap_or("").to_owned(),
        "screening" => d["level"]
            .as_str()
            .map(|l| format!("{}（{}）", label(t, "risklevel", l), d["score"]))
            .unwrap_or_default(),
        "protection_order" => format!(
            "{} {}",
            d["court"].as_str().unwrap_or(""),
            d["status"]
                .as_str()
                .map(|s| label(t, "order", s))
                .unwrap_or_default()
        ),
        "briefing" | "briefing_response" => d["code"].as_str().unwrap_or("").to_owned(),
        "mandatory_report" => d["recipient"].as_str().unwrap_or("").to_owned(),
        _ => String::new(),
    };
    EventLine {
        at: format_time(e.at),
        actor: e.actor.clone(),
        kind: label(t, "event", &e.kind),
        change,
        body: e.body.clone().unwrap_or_default(),
        detail,
    }
}

async fn case_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: i64,
    error: Option<&AppError>,
) -> Result<Html<String>, PageError> {
    let t = Tr(lang);
    let d: CaseDetail = cases::get(&state.app, caller, id).await?;
    let units = unit_names(state, caller).await?;
    let names: HashMap<String, String> = units.into_iter().collect();
    let departments = department_names(state, lang).await?;
    let r = &d.case.row;
    let mut department_options: Vec<(String, String)> = departments
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    department_options.sort();
    let page = CasePage {
        shell: Shell::new(lang, Some(caller), "cases", "case-title"),
        error: error.map(|e| error_message(lang, e)),
        line: line_of(t, &d.case, &names),
        narrative: d.narrative.clone(),
        outcome: d.outcome.clone().unwrap_or_default(),
        caller_name: d.caller_name.clone().unwrap_or_default(),
        caller_phone: r.caller_phone_masked.clone().unwrap_or_default(),
        enterprise: r.enterprise_name.clone().unwrap_or_default(),
        risk_level: r
            .risk_level
            .as_deref()
            .map(|l| label(t, "risklevel", l))
            .unwrap_or_default(),
        risk_score: r.risk_score.map(|s| s.to_string()).unwrap_or_default(),
        dv: d.case.category == Category::DomesticViolence,
        mandatory_report: r.mandatory_report,
        report_missing: d.case.report_missing(),
        report: match (&r.report_recipient, &r.reported_on) {
            (Some(who), Some(on)) => format!("{who}（{on}）"),
            _ => String::new(),
        },
        lacks_capacity: r.lacks_capacity,
        satisfaction: r
            .satisfaction
            .as_deref()
            .map(|s| label(t, "satisfaction", s))
            .unwrap_or_default(),
        follow_up_due: match (r.follow_up_due, r.followed_up_at) {
            (Some(due), None) => due_day(due),
            _ => String::new(),
        },
        people: d
            .people
            .iter()
            .map(|p| PersonLine {
                id: p.person_id,
                name: p.name.clone(),
                id_masked: p.id_masked.clone(),
            })
            .collect(),
        events: d
            .timeline
            .iter()
            .map(|e| event_line(t, e, &departments))
            .collect(),
        referrals: d
            .referrals
            .iter()
            .map(|rf| ReferralLine {
                id: rf.id,
                department: departments
                    .get(&rf.department_code)
                    .cloned()
                    .unwrap_or_else(|| rf.department_code.clone()),
                request: rf.request.clone().unwrap_or_default(),
                asked: format_time(rf.asked_at),
                due: due_day(rf.due_at),
                answer: rf.answer.clone().unwrap_or_default(),
                answered: rf.answered_at.map(format_time).unwrap_or_default(),
                overdue: rf.overdue,
            })
            .collect(),
        attachments: d
            .attachments
            .iter()
            .map(|a| {
                (
                    a.id,
                    a.file_name.clone(),
                    format!("{} KB", (a.size + 1023) / 1024),
                )
            })
            .collect(),
        orders: d
            .orders
            .iter()
            .map(|o| {
                let mut text = format!(
                    "{} {} {}",
                    o.applied_on,
                    o.court,
                    label(t, "order", &o.status)
                );
                if let Some(day) = &o.decided_on {
                    text.push_str(&format!(" {day}"));
                }
                if let Some(until) = &o.valid_until {
                    text.push_str(&format!(" → {until}"));
                }
                (o.id, text)
            })
            .collect(),
        briefings: d.briefings.clone(),
        next: d
            .case
            .status
            .next()
            .iter()
            .map(|s| (s.as_str().to_owned(), label(t, "status", s.as_str())))
            .collect(),
        satisfactions: options(t, "satisfaction", Satisfaction::ALL, Satisfaction::as_str),
        departments: department_options,
        entry_kinds: timeline::ENTRY_KINDS
            .iter()
            .map(|k| ((*k).to_owned(), label(t, "event", k)))
            .collect(),
        risk_items: RISK_ITEMS
            .iter()
            .map(|i| {
                let checked = d
                    .risk
                    .as_ref()
                    .is_some_and(|s| s.yes.iter().any(|y| y == i.code));
                (i.code.to_owned(), t.t(&format!("risk-{}", i.code)), checked)
            })
            .collect(),
        order_statuses: options(t, "order", OrderStatus::ALL, OrderStatus::as_str),
        can_act: handles(caller),
        allowed_types: timeline::allowed_types(),
        size_limit: timeline::size_limit_text(),
    };
    render(&page)
}

pub async fn view(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    case_page(
        &state,
        &caller,
        Lang::from_headers(&headers),
        parse_id(&id)?,
        None,
    )
    .await
}

/// The form of an action on a record (a case, a briefing), its CSRF token checked, and the
/// record's id.
pub(crate) fn action_form(
    caller: &PageCaller,
    id: &str,
    body: &[u8],
) -> Result<(i64, Pairs), PageError> {
    let form = Pairs::parse(body);
    check_csrf(caller, &form)?;
    Ok((parse_id(id)?, form))
}

/// Runs an action of the case page: back to the page on success, the page with the reason
/// (422, or the error's own status) otherwise.
async fn after_action<T>(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    id: i64,
    result: Result<T, AppError>,
) -> Result<Response, PageError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}")).into_response()),
        Err(
            e @ (AppError::Invalid { .. }
            | AppError::Conflict { .. }
            | AppError::TooLarge { .. }
            | AppError::UnsupportedType { .. }),
        ) => {
            let status = WebError::App(AppError::Invalid {
                code: "",
                field: None,
                detail: None,
            })
            .status();
            let own = match &e {
                AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                AppError::UnsupportedType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                AppError::Conflict { .. } => StatusCode::CONFLICT,
                _ => status,
            };
            let page = case_page(state, caller, Lang::from_headers(headers), id, Some(&e)).await?;
            Ok((own, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn transition(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let (id, form) = action_form(&caller, &id, &body)?;
    let input = TransitionInput {
        to: form.get("to").into(),
        handler: form.opt("handler"),
        note: form.opt("note"),
        outcome: form.opt("outcome"),
        satisfaction: form.opt("satisfaction"),
    };
    let result = cases::transition(&state.app, &caller.0, id, input).await;
    after_action(&state, &caller.0, &headers, id, result).await
}

pub async fn add_entry(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let (id, form) = action_form(&caller, &id, &body)?;
    let result = timeline::add_entry(
        &state.app,
        &caller.0,
        id,
        form.get("kind"),
        form.get("body"),
    )
    .await;
    after_action(&state, &caller.0, &headers, id, result).await
}

pub async fn refer(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let (id, form) = action_form(&caller, &id, &body)?;
    let result = timeline::refer(
        &state.app,
        &caller.0,
        id,
        form.get("department_code"),
        form.get("request"),
    )
    .await;
    after_action(&state, &caller.0, &headers, id, result).await
}

pub async fn answer_referral(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, referral)): Path<(String, String)>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let (id, form) = action_form(&caller, &id, &body)?;
    let result = timeline::answer_referral(
        &state.app,
        &caller.0,
        parse_id(&referral)?,
        form.get("answer"),
    )
    .await;
    after_action(&state, &caller.0, &headers, id, result).await
}

pub async fn attach(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let (file, fields) = match upload_file(&mut multipart).await {
        Ok(parts) => parts,
        Err(e) => return after_action::<()>(&state, &caller.0, &headers, id, Err(e)).await,
    };
    let csrf = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    caller.check_csrf(csrf)?;
    let result = match file.filter(|(_, b)| !b.is_empty()) {
        Some((name, bytes)) => timeline::attach(&state.app, &caller.0, id, &name, bytes)
            .await
            .map(|_| ()),
        None => Err(AppError::invalid("file", "required")),
    };
    after_action(&state, &caller.0, &headers, id, result).await
}

pub async fn attachment(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (a, bytes) =
        timeline::read_attachment(&state.app, &caller, parse_id(&id)?, parse_id(&attachment)?)
            .await?;
    Ok(download(&a.file_name, &a.content_type, bytes))
}

pub async fn screening(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let (id, form) = action_form(&caller, &id, &body)?;
    let result = timeline::record_screening(&state.app, &caller.0, id, &form.all("risk")).await;
    after_action(&state, &caller.0, &headers, id, result).await
}

pub async fn order(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let (id, form) = action_form(&caller, &id, &body)?;
    let input = OrderInput {
        id: form.opt("order_id").and_then(|o| o.parse().ok()),
        applied_on: form.get("applied_on").into(),
        court: form.get("court").into(),
        status: form.get("status").into(),
        decided_on: form.opt("decided_on"),
        valid_until: form.opt("valid_until"),
    };
    let result = timeline::put_order(&state.app, &caller.0, id, input).await;
    after_action(&state, &caller.0, &headers, id, result).await
}

pub async fn report(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let (id, form) = action_form(&caller, &id, &body)?;
    let result = timeline::record_report(
        &state.app,
        &caller.0,
        id,
        Some(form.flag("lacks_capacity")),
        form.opt("recipient").as_deref(),
        form.opt("reported_on").as_deref(),
    )
    .await;
    after_action(&state, &caller.0, &headers, id, result).await
}

// ---- statistics ----

pub struct Bar {
    pub label: String,
    pub count: i64,
    /// Width in percent of the largest count.
    pub width: i64,
}

fn bars(t: Tr, prefix: &str, rows: &[(String, i64)]) -> Vec<Bar> {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    rows.iter()
        .map(|(key, n)| Bar {
            label: if prefix.is_empty() {
                key.clone()
            } else {
                label(t, prefix, key)
            },
            count: *n,
            width: n * 100 / max,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "case_stats.html")]
struct StatsPage {
    shell: Shell,
    q: Pairs,
    total: i64,
    groups: Vec<(String, Vec<Bar>)>,
    query: String,
}

pub async fn stats(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let t = Tr(lang);
    let q = Pairs::of_query(raw.as_deref());
    let s = cases::stats::case_stats(&state.app, &caller, &case_query(&q)).await?;
    render(&StatsPage {
        shell: Shell::new(lang, Some(&caller), "case-stats", "case-stats-title"),
        total: s.total,
        groups: vec![
            (t.t("field-category"), bars(t, "category", &s.by_category)),
            (t.t("field-channel"), bars(t, "channel", &s.by_channel)),
            (t.t("field-status"), bars(t, "status", &s.by_status)),
            (t.t("field-kind"), bars(t, "kind", &s.by_kind)),
            (t.t("case-month"), bars(t, "", &s.by_month)),
        ],
        query: raw.unwrap_or_default(),
        q,
    })
}

pub async fn stats_xlsx(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let t = Tr(Lang::from_headers(&headers));
    let q = Pairs::of_query(raw.as_deref());
    let s = cases::stats::case_stats(&state.app, &caller, &case_query(&q)).await?;
    let bytes = cases::stats::stats_xlsx(
        &s,
        |group| match group {
            "month" => t.t("case-month"),
            "count" => t.t("case-count"),
            "total" => t.t("case-total"),
            other => t.t(&format!("field-{other}")),
        },
        |group, key| {
            if group == "month" {
                key.to_owned()
            } else {
                label(t, group, key)
            }
        },
    )?;
    Ok(download(
        &format!("{}.xlsx", t.t("case-stats-title")),
        crate::api::cases::XLSX,
        bytes,
    ))
}

// ---- briefings ----

#[derive(Template)]
#[template(path = "briefings.html")]
struct BriefingsPage {
    shell: Shell,
    rows: Vec<jinguo_db::cases::BriefingRow>,
    pager: Pager,
    can_brief: bool,
}

pub async fn briefing_list(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let q = Pairs::of_query(raw.as_deref());
    let page: u64 = q.get("page").parse().unwrap_or(1).max(1);
    let (rows, total) = briefings::list(&state.app, &caller, page, 50).await?;
    render(&BriefingsPage {
        shell: Shell::new(lang, Some(&caller), "briefings", "briefings-title"),
        pager: Pager::new(Tr(lang), page, 50, total, |p| {
            format!("/briefings?page={p}")
        }),
        can_brief: briefs(&caller),
        rows,
    })
}

#[derive(Template)]
#[template(path = "briefing_form.html")]
struct BriefingFormPage {
    shell: Shell,
    form: Pairs,
    error: Option<String>,
    /// Open, unrestricted cases to choose from, and whether each is chosen.
    candidates: Vec<(CaseLine, bool)>,
    /// The chosen cases' items as the briefing will say them: (case id, code, heading, body).
    items: Vec<(i64, String, String, String)>,
}

async fn briefing_form(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Pairs,
    error: Option<&AppError>,
) -> Result<Html<String>, PageError> {
    let t = Tr(lang);
    let names: HashMap<String, String> = unit_names(state, caller).await?.into_iter().collect();
    let chosen = form.all("case_ids");
    let mut candidates = Vec::new();
    for kind in [CaseKind::Enterprise, CaseKind::Rights] {
        let q = CaseQuery {
            kind: Some(kind.as_str().into()),
            ..CaseQuery::default()
        };
        let found = cases::list(&state.app, caller, &q, 1, 100).await?;
        candidates.extend(
            found
                .items
                .iter()
                .filter(|c| c.status.is_open() && !c.row.restricted)
                .map(|c| {
                    (
                        line_of(t, c, &names),
                        chosen.contains(&c.row.id.to_string()),
                    )
                }),
        );
    }
    let mut items = Vec::new();
    for id in chosen.iter().filter_map(|c| c.parse::<i64>().ok()) {
        // The narrative is read: through the audited case page, and never a restricted one.
        let Ok(case) = cases::get(&state.app, caller, id).await else {
            continue;
        };
        if case.case.row.restricted {
            continue;
        }
        let case = case.case;
        let (heading, body) = briefings::proposed_item(&state.app, &case.row)?;
        let own =
            |field: &str, proposed: String| form.opt(&format!("{field}.{id}")).unwrap_or(proposed);
        items.push((
            id,
            case.row.code.clone(),
            own("heading", heading),
            own("body", body),
        ));
    }
    render(&BriefingFormPage {
        items,
        shell: Shell::new(lang, Some(caller), "briefings", "briefing-new-title"),
        error: error.map(|e| error_message(lang, e)),
        candidates,
        form,
    })
}

pub async fn briefing_new(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    if !briefs(&caller) {
        return Err(AppError::Forbidden.into());
    }
    let form = Pairs::of_query(raw.as_deref());
    briefing_form(&state, &caller, Lang::from_headers(&headers), form, None).await
}

/// The composer again with the chosen cases' items to edit (a post: the form holds the token).
pub async fn briefing_preview(
    State(state): State<AppState>,
    caller: PageCaller,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Html<String>, PageError> {
    let form = Pairs::parse(&body);
    check_csrf(&caller, &form)?;
    if !briefs(&caller.0) {
        return Err(AppError::Forbidden.into());
    }
    briefing_form(&state, &caller.0, Lang::from_headers(&headers), form, None).await
}

pub async fn briefing_create(
    State(state): State<AppState>,
    caller: PageCaller,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let form = Pairs::parse(&body);
    check_csrf(&caller, &form)?;
    let input = BriefingInput {
        case_ids: form
            .all("case_ids")
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect(),
        title: form.get("title").into(),
        summary: form.opt("summary"),
        suggestion: form.opt("suggestion"),
        drafter: form.opt("drafter"),
        signer: form.opt("signer"),
        items: form
            .all("case_ids")
            .iter()
            .filter_map(|c| c.parse::<i64>().ok())
            .map(|case_id| briefings::ItemInput {
                case_id,
                heading: form.opt(&format!("heading.{case_id}")),
                body: form.opt(&format!("body.{case_id}")),
            })
            .collect(),
    };
    match briefings::create(&state.app, &caller.0, input).await {
        Ok(b) => Ok(Redirect::to(&format!("/briefings/{}", b.row.id)).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let lang = Lang::from_headers(&headers);
            Ok(refused(
                briefing_form(&state, &caller.0, lang, form, Some(&e)).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "briefing.html")]
struct BriefingPage {
    shell: Shell,
    b: jinguo_db::cases::BriefingRow,
    items: Vec<jinguo_db::cases::BriefingItemRow>,
    error: Option<String>,
    can_brief: bool,
}

async fn briefing_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: i64,
    error: Option<&AppError>,
) -> Result<Html<String>, PageError> {
    let b = briefings::get(&state.app, caller, id).await?;
    render(&BriefingPage {
        shell: Shell::new(lang, Some(caller), "briefings", "briefing-title"),
        b: b.row,
        items: b.items,
        error: error.map(|e| error_message(lang, e)),
        can_brief: briefs(caller),
    })
}

pub async fn briefing_view(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    briefing_page(
        &state,
        &caller,
        Lang::from_headers(&headers),
        parse_id(&id)?,
        None,
    )
    .await
}

pub async fn briefing_document(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (name, bytes) = briefings::document(&state.app, &caller, parse_id(&id)?).await?;
    Ok(download(&name, DOCX, bytes))
}

pub async fn briefing_response(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let (id, form) = action_form(&caller, &id, &body)?;
    let input = briefings::ResponseInput {
        sent_on: form.opt("sent_on"),
        response: form.opt("response"),
        response_on: form.opt("response_on"),
    };
    match briefings::record_response(&state.app, &caller.0, id, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/briefings/{id}")).into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let lang = Lang::from_headers(&headers);
            Ok(refused(
                briefing_page(&state, &caller.0, lang, id, Some(&e)).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- the public intake ----

const NONCE_COOKIE: &str = "intake_nonce";

#[derive(Template)]
#[template(path = "public_intake.html")]
struct PublicIntakePage {
    shell: Shell,
    form: Pairs,
    error: Option<String>,
    question: String,
    token: String,
    categories: Vec<(String, String)>,
    units: Vec<(String, String)>,
    receipt: Option<public::Receipt>,
}

async fn public_units(state: &AppState) -> Result<Vec<(String, String)>, PageError> {
    let root = jinguo_app::units::public_tree(&state.app).await?;
    Ok(root
        .into_iter()
        .filter(|u| u.level != "district")
        .map(|u| {
            let indent = if u.level == "community" { "　" } else { "" };
            (u.code, format!("{indent}{}", u.name))
        })
        .collect())
}

async fn public_intake_page(
    state: &AppState,
    lang: Lang,
    form: Pairs,
    error: Option<&AppError>,
    receipt: Option<public::Receipt>,
) -> Result<Response, PageError> {
    let t = Tr(lang);
    let challenge = public::challenge(&state.app);
    let page = render(&PublicIntakePage {
        shell: Shell::new(lang, None, "public", "public-intake-title"),
        error: error.map(|e| error_message(lang, e)),
        question: challenge.question,
        token: challenge.token,
        categories: options(t, "category", Category::ALL, Category::as_str),
        units: public_units(state).await?,
        receipt,
        form,
    })?;
    let cookie = crate::cookies::set(NONCE_COOKIE, &challenge.nonce, Some(2 * 3600), true, false);
    Ok(([(axum::http::header::SET_COOKIE, cookie)], page).into_response())
}

pub async fn public_intake(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    public_intake_page(
        &state,
        Lang::from_headers(&headers),
        Pairs(Vec::new()),
        None,
        None,
    )
    .await
}

pub async fn public_submit(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let form = Pairs::parse(&body);
    let nonce = crate::cookies::get(&headers, NONCE_COOKIE).unwrap_or_default();
    let intake = PublicIntake {
        kind: form.opt("kind"),
        category: form.get("category").into(),
        unit_code: form.get("unit_code").into(),
        narrative: form.get("narrative").into(),
        name: form.opt("name"),
        phone: form.get("phone").into(),
        token: form.get("token").into(),
        nonce,
        answer: form.get("answer").into(),
        website: form.opt("website"),
    };
    match public::submit(&state.app, &state.public_limits, &origin.ip, intake).await {
        Ok(receipt) => {
            public_intake_page(&state, lang, Pairs(Vec::new()), None, Some(receipt)).await
        }
        Err(e @ AppError::Invalid { .. }) => {
            let page = public_intake_page(&state, lang, form, Some(&e), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "public_status.html")]
struct PublicStatusPage {
    shell: Shell,
    receipt: String,
    not_found: bool,
    found: Option<(String, String, String, String)>,
    steps: Vec<(String, String)>,
}

pub async fn public_status_form(headers: HeaderMap) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    render(&PublicStatusPage {
        shell: Shell::new(lang, None, "public", "public-status-title"),
        receipt: String::new(),
        not_found: false,
        found: None,
        steps: Vec::new(),
    })
}

pub async fn public_status(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let t = Tr(lang);
    let form = Pairs::parse(&body);
    let result = public::status(
        &state.app,
        &state.public_limits,
        &origin.ip,
        form.get("receipt"),
        form.get("phone"),
    )
    .await;
    let mut page = PublicStatusPage {
        shell: Shell::new(lang, None, "public", "public-status-title"),
        receipt: form.get("receipt").into(),
        not_found: false,
        found: None,
        steps: Vec::new(),
    };
    match result {
        Ok(s) => {
            page.found = Some((
                s.case_code.clone(),
                s.category
                    .map(|c| label(t, "category", c.as_str()))
                    .unwrap_or_else(|| t.t("public-category-withheld")),
                label(t, "status", s.status.as_str()),
                s.opened_on.clone(),
            ));
            page.steps = s
                .steps
                .iter()
                .map(|(status, at)| (format_time(*at), label(t, "status", status.as_str())))
                .collect();
            Ok(render(&page)?.into_response())
        }
        Err(AppError::NotFound) => {
            page.not_found = true;
            Ok((StatusCode::NOT_FOUND, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

// ---- taken in by me ----

/// A status line of a case the caller took in (code, status, deadline — nothing more).
pub struct TakenInLine {
    pub code: String,
    pub status: String,
    pub due: String,
}

#[derive(Template)]
#[template(path = "taken_in.html")]
struct TakenInPage {
    shell: Shell,
    lines: Vec<TakenInLine>,
}

/// The cases the caller took in, restricted ones included, by their status only.
pub async fn taken_in(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let t = Tr(lang);
    let lines = cases::taken_in_by_me(&state.app, &caller)
        .await?
        .into_iter()
        .map(|r| TakenInLine {
            status: label(t, "status", &r.status),
            due: r.due_at.map(due_day).unwrap_or_default(),
            code: r.code,
        })
        .collect();
    render(&TakenInPage {
        shell: Shell::new(lang, Some(&caller), "taken-in", "taken-in-title"),
        lines,
    })
}

// ---- referrals ----

pub struct InboxLine {
    pub id: i64,
    pub case_id: i64,
    pub case_code: String,
    pub department: String,
    pub request: String,
    pub asked: String,
    pub due: String,
    pub overdue: bool,
    pub answer: String,
    pub answered: String,
}

#[derive(Template)]
#[template(path = "referrals.html")]
struct ReferralsPage {
    shell: Shell,
    /// A department reporter's inbox (with answer forms), or the overdue referrals of handlers.
    inbox: bool,
    lines: Vec<InboxLine>,
    error: Option<String>,
}

async fn referrals_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    error: Option<&AppError>,
) -> Result<Html<String>, PageError> {
    let inbox = caller.role == jinguo_domain::Role::Department;
    let items = if inbox {
        timeline::department_inbox(&state.app, caller).await?
    } else {
        timeline::overdue_referrals(&state.app, caller).await?
    };
    let departments = department_names(state, lang).await?;
    let lines = items
        .into_iter()
        .map(|i| {
            let r = i.referral;
            InboxLine {
                id: r.id,
                case_id: r.case_id,
                case_code: i.case_code,
                department: departments
                    .get(&r.department_code)
                    .cloned()
                    .unwrap_or(r.department_code),
                request: r.request.unwrap_or_default(),
                asked: format_time(r.asked_at),
                due: due_day(r.due_at),
                overdue: r.overdue,
                answer: r.answer.unwrap_or_default(),
                answered: r.answered_at.map(format_time).unwrap_or_default(),
            }
        })
        .collect();
    let title = if inbox {
        "referrals-inbox-title"
    } else {
        "referrals-overdue-title"
    };
    render(&ReferralsPage {
        shell: Shell::new(lang, Some(caller), "referrals", title),
        inbox,
        lines,
        error: error.map(|e| error_message(lang, e)),
    })
}

pub async fn referrals(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    referrals_page(&state, &caller, Lang::from_headers(&headers), None).await
}

/// A department reporter answers a referral from the inbox.
pub async fn inbox_answer(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(referral): Path<String>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let (referral, form) = action_form(&caller, &referral, &body)?;
    match timeline::answer_referral(&state.app, &caller.0, referral, form.get("answer")).await {
        Ok(_) => Ok(Redirect::to("/referrals").into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let lang = Lang::from_headers(&headers);
            Ok(refused(
                referrals_page(&state, &caller.0, lang, Some(&e)).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- deadlines ----

#[derive(Template)]
#[template(path = "case_deadlines.html")]
struct DeadlinesPage {
    shell: Shell,
    statuses: Vec<(String, String)>,
    /// Per category: its code, label and the working days per status (in `statuses` order).
    rows: Vec<(String, String, Vec<u32>)>,
    can_edit: bool,
    error: Option<String>,
}

const TIMED: [Status; 6] = [
    Status::New,
    Status::Assigned,
    Status::InProgress,
    Status::Referred,
    Status::Escalated,
    Status::Resolved,
];

async fn deadlines_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    error: Option<&AppError>,
) -> Result<Html<String>, PageError> {
    let t = Tr(lang);
    let rules = cases::deadline_rules(&state.app).await?;
    let rows = Category::ALL
        .iter()
        .map(|c| {
            let days = TIMED
                .iter()
                .map(|s| {
                    rules
                        .iter()
                        .find(|r| r.category == *c && r.status == *s)
                        .map(|r| r.working_days)
                        .unwrap_or(0)
                })
                .collect();
            (
                c.as_str().to_owned(),
                label(t, "category", c.as_str()),
                days,
            )
        })
        .collect();
    render(&DeadlinesPage {
        shell: Shell::new(lang, Some(caller), "deadlines", "deadlines-title"),
        statuses: TIMED
            .iter()
            .map(|s| (s.as_str().to_owned(), label(t, "status", s.as_str())))
            .collect(),
        rows,
        can_edit: caller.role == jinguo_domain::Role::Federation,
        error: error.map(|e| error_message(lang, e)),
    })
}

pub async fn deadlines(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    deadlines_page(&state, &caller, Lang::from_headers(&headers), None).await
}

/// Saves the whole table: a field per (category, status), named `category.status`.
pub async fn save_deadlines(
    State(state): State<AppState>,
    caller: PageCaller,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let form = Pairs::parse(&body);
    check_csrf(&caller, &form)?;
    let mut rules = Vec::new();
    for category in Category::ALL {
        for status in TIMED {
            let key = format!("{}.{}", category.as_str(), status.as_str());
            let raw = form.get(&key).trim();
            let working_days = raw.parse::<u32>().map_err(|_| {
                AppError::invalid_detail(
                    "working_days",
                    "invalid_deadline",
                    format!("{key}: {raw}"),
                )
            });
            match working_days {
                Ok(working_days) => rules.push(jinguo_domain::cases::DeadlineRule {
                    category: *category,
                    status,
                    working_days,
                }),
                Err(e) => {
                    let lang = Lang::from_headers(&headers);
                    return Ok(refused(
                        deadlines_page(&state, &caller.0, lang, Some(&e)).await?,
                    ));
                }
            }
        }
    }
    match cases::set_deadline_rules(&state.app, &caller.0, rules).await {
        Ok(_) => Ok(Redirect::to("/cases/deadlines").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let lang = Lang::from_headers(&headers);
            Ok(refused(
                deadlines_page(&state, &caller.0, lang, Some(&e)).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
