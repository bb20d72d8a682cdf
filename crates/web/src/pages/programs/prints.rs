//! The printed papers of a cycle's roll work, per community: the notice list (phones masked, or
//! full for the officer who calls — an audited read), the sign-off sheet (签领表) with its
//! signature column, and the same sheet as a workbook to fill in and import back.

use super::{benefit_words, shell};
use crate::error::PageError;
use crate::extract::RecordRequest;
use crate::files::{download, XLSX};
use crate::i18n::{message, Lang, Tr};
use crate::pages::parts::{label, unit_map, Pairs};
use crate::pages::render;
use crate::pages::Shell;
use crate::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::programs::{self, Phones, RollSheet};
use jinguo_app::AppError;
use std::collections::HashMap;

/// A community's part of a printed list, as the page shows it.
pub(crate) struct GroupView {
    pub unit_code: String,
    pub unit: String,
    pub lines: Vec<LineView>,
}

pub(crate) struct LineView {
    pub seq: usize,
    pub person_id: i64,
    pub name: String,
    pub id_number: String,
    pub age: i32,
    pub phone: String,
    pub status: String,
}

fn groups_of(t: Tr, sheet: &RollSheet, units: &HashMap<String, String>) -> Vec<GroupView> {
    sheet
        .groups
        .iter()
        .map(|g| GroupView {
            unit_code: g.unit_code.clone(),
            unit: units
                .get(&g.unit_code)
                .cloned()
                .unwrap_or(g.unit_code.clone()),
            lines: g
                .lines
                .iter()
                .map(|l| LineView {
                    seq: l.seq,
                    person_id: l.person_id,
                    name: l.name.clone(),
                    id_number: l.id_number_masked.clone(),
                    age: l.age,
                    phone: l.phone.clone(),
                    status: label(t, "roll-status", l.status.as_str()),
                })
                .collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "print_notice.html")]
struct NoticePage {
    shell: crate::pages::Shell,
    sheet: RollSheet,
    groups: Vec<GroupView>,
    benefit: String,
    full: bool,
    people: String,
}

#[derive(Template)]
#[template(path = "print_signoff.html")]
struct SignoffPage {
    shell: crate::pages::Shell,
    sheet: RollSheet,
    groups: Vec<GroupView>,
    benefit: String,
    people: String,
    unit_code: String,
}

/// The roll sheet a print's query asks for (`unit_code`, `phones=full`).
async fn sheet_of(
    state: &AppState,
    caller: &Caller,
    id: i64,
    q: &Pairs,
    phones: Phones,
) -> Result<RollSheet, PageError> {
    super::require_reader(caller)?;
    Ok(programs::roll_sheet(
        &state.app,
        caller,
        id,
        q.opt("unit_code").as_deref(),
        phones,
    )
    .await?)
}

/// What every print of a roll shows: the page titled with the print's name, the sheet its
/// query asks for, grouped per community, the benefit in words and how many people it lists.
struct Printed {
    shell: Shell,
    sheet: RollSheet,
    groups: Vec<GroupView>,
    benefit: String,
    people: String,
}

async fn printed(
    state: &AppState,
    caller: &Caller,
    (lang, id, q): (Lang, i64, &Pairs),
    phones: Phones,
    title_key: &str,
) -> Result<Printed, PageError> {
    let t = Tr(lang);
    let sheet = sheet_of(state, caller, id, q, phones).await?;
    let units = unit_map(state, caller).await?;
    let mut shell = shell(lang, caller, "programs-title");
    shell.title = format!("{} · {}", sheet.cycle.title, t.t(title_key));
    Ok(Printed {
        groups: groups_of(t, &sheet, &units),
        benefit: benefit_words(t, &sheet.cycle.benefit),
        people: t.count("programs-roll-total", sheet.people()),
        shell,
        sheet,
    })
}

pub async fn notice_list(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, PageError> {
    let q = Pairs::of_query(raw.as_deref());
    let full = q.get("phones") == "full";
    let phones = if full { Phones::Full } else { Phones::Masked };
    let p = printed(
        &state,
        &caller,
        (lang, id, &q),
        phones,
        "print-notice-title",
    )
    .await?;
    render(&NoticePage {
        groups: p.groups,
        benefit: p.benefit,
        people: p.people,
        full,
        shell: p.shell,
        sheet: p.sheet,
    })
}

pub async fn signoff_sheet(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, PageError> {
    let q = Pairs::of_query(raw.as_deref());
    let p = printed(
        &state,
        &caller,
        (lang, id, &q),
        Phones::Masked,
        "signoff-sheet",
    )
    .await?;
    render(&SignoffPage {
        groups: p.groups,
        benefit: p.benefit,
        people: p.people,
        unit_code: q.get("unit_code").to_owned(),
        shell: p.shell,
        sheet: p.sheet,
    })
}

/// The sign-off sheet as a workbook in the reader's language, its units named as her tree
/// names them.
pub(crate) fn signoff_bytes(
    lang: Lang,
    sheet: &RollSheet,
    units: &HashMap<String, String>,
) -> Result<Vec<u8>, AppError> {
    let t = Tr(lang);
    programs::signoff_xlsx(
        sheet,
        &|key| message(lang, &format!("signoff-{}", key.replace('_', "-")), &[]),
        &|code| units.get(code).cloned().unwrap_or(code.to_owned()),
        &benefit_words(t, &sheet.cycle.benefit),
    )
}

pub async fn signoff_xlsx(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let q = Pairs::of_query(raw.as_deref());
    let sheet = sheet_of(&state, &caller, id, &q, Phones::Masked).await?;
    let units = unit_map(&state, &caller).await?;
    let bytes = signoff_bytes(lang, &sheet, &units)?;
    Ok(download(
        &format!("signoff-{}.xlsx", sheet.cycle.id),
        XLSX,
        bytes,
    ))
}
