//! The case page: summary, timeline and the action forms (transition, entry, referral,
//! attachment, screening, protection order).

use super::list::{handles, line_of};
use super::*;
use crate::error::{PageError, WebError};
use crate::extract::PageCaller;
use crate::extract::PostedForm;
use crate::extract::{parse_id, RecordForm, RecordRequest};
use crate::files::download;
use crate::files::upload_file;
use crate::i18n::{error_message, Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::pages::parts::{label, options, unit_names};
use crate::pages::{format_time, render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use jinguo_app::auth::Caller;
use jinguo_app::cases::timeline::{
    self, AnswerInput, EntryInput, OrderInput, ReferralInput, ReportInput, ScreeningInput,
};
use jinguo_app::cases::{self, CaseDetail, TransitionInput};
use jinguo_app::AppError;
use jinguo_domain::cases::{Category, OrderStatus, Satisfaction, RISK_ITEMS};
use std::collections::HashMap;

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
    /// Whom the case may be assigned to: `(username, real name)`.
    handlers: Vec<(String, String)>,
    /// Closing warns about referrals not yet answered and protection orders still pending.
    open_referrals: usize,
    pending_orders: usize,
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
            .map(|l| t.paren(label(t, "risklevel", l), &d["score"]))
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
    let r = &d.case;
    let mut department_options: Vec<(String, String)> = departments
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    department_options.sort();
    let handlers = if handles(caller) {
        cases::eligible_handlers(&state.app, caller, d.case.id)
            .await?
            .into_iter()
            .map(|u| {
                let name = t.paren(&u.display_name, &u.username);
                (u.username, name)
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = CasePage {
        handlers,
        open_referrals: d
            .referrals
            .iter()
            .filter(|r| r.answered_at.is_none())
            .count(),
        pending_orders: d
            .orders
            .iter()
            .filter(|o| o.status == OrderStatus::Applied.as_str())
            .count(),
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
            (Some(who), Some(on)) => t.paren(who, on),
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
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    case_page(&state, &caller, lang, id, None).await
}

/// Runs an action of the case page: back to the page on success, the page with the reason
/// (422, or the error's own status) otherwise.
async fn after_action<T>(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: i64,
    result: Result<T, AppError>,
) -> Result<Response, PageError> {
    match result {
        Ok(_) => Ok(flash::redirect(&format!("/cases/{id}"), Done::Recorded)),
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
            let page = case_page(state, caller, lang, id, Some(&e)).await?;
            Ok((own, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn transition(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = TransitionInput {
        to: form.get("to").into(),
        handler: form.opt("handler"),
        note: form.opt("note"),
        outcome: form.opt("outcome"),
        satisfaction: form.opt("satisfaction"),
    };
    let result = cases::transition(&state.app, &caller, id, input).await;
    after_action(&state, &caller, lang, id, result).await
}

pub async fn add_entry(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = EntryInput {
        kind: form.get("kind").into(),
        body: form.get("body").into(),
    };
    let result = timeline::add_entry(&state.app, &caller, id, input).await;
    after_action(&state, &caller, lang, id, result).await
}

pub async fn refer(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = ReferralInput {
        department_code: form.get("department_code").into(),
        request: form.get("request").into(),
    };
    let result = timeline::refer(&state.app, &caller, id, input).await;
    after_action(&state, &caller, lang, id, result).await
}

pub async fn answer_referral(
    State(state): State<AppState>,
    Path((id, referral)): Path<(String, String)>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let input = AnswerInput {
        answer: form.get("answer").into(),
    };
    let result = timeline::answer_referral(&state.app, &caller, parse_id(&referral)?, input).await;
    after_action(&state, &caller, lang, id, result).await
}

pub async fn attach(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (id, lang) = (parse_id(&id)?, Lang::from_headers(&headers));
    let (file, fields) = match upload_file(&mut multipart).await {
        Ok(parts) => parts,
        Err(e) => return after_action::<()>(&state, &caller.0, lang, id, Err(e)).await,
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
    after_action(&state, &caller.0, lang, id, result).await
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
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = ScreeningInput {
        yes: form.all("risk"),
    };
    let result = timeline::record_screening(&state.app, &caller, id, input).await;
    after_action(&state, &caller, lang, id, result).await
}

pub async fn order(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = OrderInput {
        id: form.opt("order_id").and_then(|o| o.parse().ok()),
        applied_on: form.get("applied_on").into(),
        court: form.get("court").into(),
        status: form.get("status").into(),
        decided_on: form.opt("decided_on"),
        valid_until: form.opt("valid_until"),
    };
    let result = timeline::put_order(&state.app, &caller, id, input).await;
    after_action(&state, &caller, lang, id, result).await
}

pub async fn report(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = ReportInput {
        lacks_capacity: Some(form.flag("lacks_capacity")),
        recipient: form.opt("recipient"),
        reported_on: form.opt("reported_on"),
    };
    let result = timeline::record_report(&state.app, &caller, id, input).await;
    after_action(&state, &caller, lang, id, result).await
}
