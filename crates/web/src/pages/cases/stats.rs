//! Case statistics and their workbook.

use super::list::case_query;
use crate::error::PageError;
use crate::extract::PageCaller;
use crate::files::download;
use crate::i18n::{Lang, Tr};
use crate::pages::parts::{label, Pairs};
use crate::pages::{render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::cases::{self};

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
        crate::files::XLSX,
        bytes,
    ))
}
