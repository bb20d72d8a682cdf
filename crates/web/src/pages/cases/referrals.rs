//! Referrals awaiting a department's answer, and the deadline rules.

use super::*;
use crate::error::PageError;
use crate::extract::PageCaller;
use crate::extract::{parse_id, PostedForm};
use crate::i18n::{error_message, Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::pages::parts::label;
use crate::pages::{format_time, refused, render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::cases::timeline::{self, AnswerInput};
use jinguo_app::cases::{self};
use jinguo_app::AppError;
use jinguo_domain::cases::{Category, Status};

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
    let inbox = caller.role() == jinguo_domain::Role::Department;
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
    Path(referral): Path<String>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let referral = parse_id(&referral)?;
    let input = AnswerInput {
        answer: form.get("answer").into(),
    };
    match timeline::answer_referral(&state.app, &caller, referral, input).await {
        Ok(_) => Ok(flash::redirect("/referrals", Done::Recorded)),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => Ok(refused(
            referrals_page(&state, &caller, lang, Some(&e)).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

// deadlines

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
        can_edit: caller.role() == jinguo_domain::Role::Federation,
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
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
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
                    return Ok(refused(
                        deadlines_page(&state, &caller, lang, Some(&e)).await?,
                    ));
                }
            }
        }
    }
    match cases::set_deadline_rules(&state.app, &caller, rules).await {
        Ok(_) => Ok(flash::redirect("/cases/deadlines", Done::Saved)),
        Err(e @ AppError::Invalid { .. }) => Ok(refused(
            deadlines_page(&state, &caller, lang, Some(&e)).await?,
        )),
        Err(e) => Err(e.into()),
    }
}
