//! The case list with its filters, and "taken in by me" (status lines of restricted cases).

use super::*;
use crate::error::PageError;
use crate::extract::PageCaller;
use crate::i18n::{error_message, Lang, Tr};
use crate::pages::parts::{label, options, unit_choices, unit_map, Pager, Paging, Pairs};
use crate::pages::{render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Html;
use jinguo_app::auth::Caller;
use jinguo_app::cases::{self, Case, CaseQuery};
use jinguo_app::AppError;
use jinguo_domain::cases::{CaseKind, Category, Channel, Status, Urgency};
use std::collections::HashMap;

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
    pub handler_username: String,
    pub opened_on: String,
    pub due: String,
    pub overdue: bool,
    pub restricted: bool,
}

pub(super) fn line_of(t: Tr, c: &Case, names: &HashMap<String, String>) -> CaseLine {
    let r = c;
    CaseLine {
        id: r.id,
        code: r.code.clone(),
        kind: label(t, "kind", r.kind.as_str()),
        category: label(t, "category", r.category.as_str()),
        channel: label(t, "channel", r.channel.as_str()),
        status: label(t, "status", r.status.as_str()),
        status_code: r.status.as_str().to_owned(),
        urgency: label(t, "urgency", r.urgency.as_str()),
        urgent: c.urgency != Urgency::Normal,
        unit: names
            .get(&r.unit_code)
            .cloned()
            .unwrap_or_else(|| r.unit_code.clone()),
        handler_username: c
            .handler
            .as_ref()
            .map(|h| h.username.clone())
            .unwrap_or_default(),
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

pub(super) fn case_query(q: &Pairs) -> CaseQuery {
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

pub(super) fn handles(caller: &Caller) -> bool {
    caller.role().handles_cases()
}

pub(super) fn briefs(caller: &Caller) -> bool {
    caller.role().writes_briefings()
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
    let paging = Paging::of(&q);
    let units = unit_choices(&state, &caller, Tr(lang)).await?;
    let names = unit_map(&state, &caller).await?;
    let (mut lines, mut total, mut error) = (Vec::new(), 0, None);
    match cases::list(
        &state.app,
        &caller,
        &case_query(&q),
        paging.page,
        paging.per_page,
    )
    .await
    {
        Ok(found) => {
            lines = found.items.iter().map(|c| line_of(t, c, &names)).collect();
            total = found.total;
        }
        Err(e @ AppError::Invalid { .. }) => error = Some(error_message(lang, &e)),
        Err(e) => return Err(e.into()),
    }
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(q.iter().filter(|(k, _)| k != "page"))
        .finish();
    let pager = Pager::of(t, &q, "/cases", paging, total);
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

// taken in by me

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
