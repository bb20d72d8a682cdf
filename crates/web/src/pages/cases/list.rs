//! The case list with its filters, and "taken in by me" (status lines of restricted cases).

use super::*;
use crate::error::PageError;
use crate::extract::ListRequest;
use crate::extract::PageCaller;
use crate::i18n::{error_message, Lang, Tr};
use crate::pages::parts::{
    label, options, unit_choices, unit_map, Cell, Filters, List, Pager, Pairs, Table,
};
use crate::pages::{render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::State;
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
    list: List,
    overdue: i64,
    can_take_in: bool,
    can_brief: bool,
    /// The filters, for the statistics of the same cases.
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
        sort: q.opt("sort"),
        ..CaseQuery::default()
    }
}

pub(super) fn handles(caller: &Caller) -> bool {
    caller.role().handles_cases()
}

pub(super) fn briefs(caller: &Caller) -> bool {
    caller.role().writes_briefings()
}

fn case_filters(t: Tr, q: &Pairs, units: Vec<(String, String)>) -> Filters {
    Filters::new(t, q, "/cases", "case-filters")
        .button_id("cases-search-button")
        .hidden("mine")
        .search("cases-q", t.t("cases-search"))
        .select(
            "status",
            "filter-status",
            t.t("field-status"),
            options(t, "status", Status::ALL, Status::as_str),
        )
        .select(
            "kind",
            "filter-kind",
            t.t("field-kind"),
            options(t, "kind", CaseKind::ALL, CaseKind::as_str),
        )
        .select(
            "category",
            "filter-category",
            t.t("field-category"),
            options(t, "category", Category::ALL, Category::as_str),
        )
        .select(
            "channel",
            "filter-channel",
            t.t("field-channel"),
            options(t, "channel", Channel::ALL, Channel::as_str),
        )
        .select("unit", "filter-unit", t.t("people-unit"), units)
        .text("handler", "filter-handler", t.t("field-handler"))
        .date("from", "filter-from", t.t("field-from"))
        .date("to", "filter-to", t.t("cases-to"))
        .check("overdue", "filter-overdue", t.t("cases-overdue-only"))
        .check(
            "follow_up_due",
            "filter-follow-up",
            t.t("cases-follow-up-only"),
        )
}

fn case_table(t: Tr, q: &Pairs, lines: Vec<CaseLine>) -> Table {
    let mut table = Table::new(
        t,
        "cases-table",
        &[
            "case-code",
            "field-kind",
            "field-category",
            "field-channel",
            "field-status",
            "field-urgency",
            "people-unit",
            "field-handler",
            "case-opened",
            "case-due",
        ],
        "cases-none",
    )
    // The newest first walks the id; the pressing and deadline orders read the open cases'
    // index (only open cases carry a deadline).
    .sortable(
        q,
        "/cases",
        &[
            ("case-opened", ""),
            ("field-urgency", "pressing"),
            ("case-due", "deadline"),
        ],
    );
    for c in lines {
        let status_code = c.status_code.clone();
        table.push_marked(case_cells(t, c), vec![("status", status_code)]);
    }
    table
}

fn case_cells(t: Tr, c: CaseLine) -> Vec<Cell> {
    vec![
        Cell::link(c.code, format!("/cases/{}", c.id), "case-link").badge(
            c.restricted,
            t.t("case-restricted"),
            "tag-restricted",
        ),
        Cell::text(c.kind),
        Cell::text(c.category),
        Cell::text(c.channel),
        Cell::text(c.status),
        Cell {
            class: if c.urgent { "urgent" } else { "" },
            ..Cell::text(c.urgency)
        },
        Cell::text(c.unit),
        Cell::text(c.handler),
        Cell::text(c.opened_on),
        Cell::text(c.due).badge(c.overdue, t.t("case-overdue"), "overdue"),
    ]
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
    let t = Tr(lang);
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
    let filters = case_filters(t, &q, unit_choices(&state, &caller, t).await?);
    let table = case_table(t, &q, lines);
    let pager = Pager::of(t, &q, "/cases", paging, total);
    let mut list =
        List::new(t, filters, table, pager, "cases-total", total).total_id("cases-total");
    list.error = error;
    let shell = if q.flag("mine") {
        Shell::new(lang, Some(&caller), "my-cases", "nav-my-cases")
    } else {
        Shell::new(lang, Some(&caller), "cases", "cases-title")
    };
    render(&CasesPage {
        overdue: cases::overdue_count(&state.app, &caller).await?,
        can_take_in: handles(&caller),
        can_brief: briefs(&caller),
        shell,
        list,
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
