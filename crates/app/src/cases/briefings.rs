//! Briefings (呈阅件): enterprise difficulty reports (and other open cases) put before the
//! district government, the register of them with the government's response, and the .docx.

use super::briefing_doc::{self, BriefingDoc};
use super::{decrypt, load, new_event, optional_text, text, CTX_NARRATIVE};
use crate::audit;
use crate::auth::Caller;
use crate::crypto::FieldCipher;
use crate::people::today;
use crate::sealed_text::{open_into, seal_optional, seal_required, SealedText};
use crate::{App, AppError};
use jinguo_db::cases::{self as store, CaseRow};
use jinguo_db::cases::{BriefingItemRow, BriefingRow};
use jinguo_db::units;
use jinguo_domain::cases::{CaseKind, Status};
use jinguo_domain::{CivilDate, Scope};
use serde_json::json;

const MAX_CASES: usize = 50;
const LONG_TEXT: usize = 20_000;

fn require_briefing_role(caller: &Caller) -> Result<(), AppError> {
    if caller.role.writes_briefings() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

// The wording of one briefed case (the API's `NewBriefingItem`).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = NewBriefingItem)]
pub struct ItemInput {
    pub case_id: i64,
    pub heading: Option<String>,
    pub body: Option<String>,
}

// A briefing as the API (`NewBriefing`) and the form take it.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = NewBriefing)]
pub struct BriefingInput {
    pub case_ids: Vec<i64>,
    pub title: String,
    pub summary: Option<String>,
    pub suggestion: Option<String>,
    pub drafter: Option<String>,
    pub signer: Option<String>,
    // Wording of the items; a case without one gets its enterprise and narrative.
    #[serde(default, deserialize_with = "crate::changes::null_as_default")]
    #[schema(value_type = Option<Vec<ItemInput>>)]
    pub items: Vec<ItemInput>,
}

/// A briefing as pages and the API show it: its texts opened.
#[derive(Debug, Clone)]
pub struct Briefing {
    pub id: i64,
    /// `〔2026〕3号`
    pub code: String,
    pub title: String,
    pub summary: String,
    pub suggestion: String,
    pub drafter: String,
    pub signer: String,
    pub unit_code: String,
    pub created_at: i64,
    pub sent_on: Option<String>,
    pub response: Option<String>,
    pub response_on: Option<String>,
    /// Empty in a list.
    pub items: Vec<BriefingItem>,
}

/// A case's item of a briefing, its body opened.
#[derive(Debug, Clone)]
pub struct BriefingItem {
    pub case_id: i64,
    pub heading: String,
    pub body: String,
}

impl Briefing {
    fn of(row: BriefingRow, items: Vec<BriefingItemRow>) -> Briefing {
        Briefing {
            id: row.id,
            code: row.code,
            title: row.title,
            summary: row.summary,
            suggestion: row.suggestion,
            drafter: row.drafter,
            signer: row.signer,
            unit_code: row.unit_code,
            created_at: row.created_at,
            sent_on: row.sent_on,
            response: row.response,
            response_on: row.response_on,
            items: items
                .into_iter()
                .map(|i| BriefingItem {
                    case_id: i.case_id,
                    heading: i.heading,
                    body: i.body,
                })
                .collect(),
        }
    }
}

/// A briefing as stored: its row and items, sealed or opened.
#[derive(Debug, Clone)]
struct Stored {
    row: BriefingRow,
    items: Vec<BriefingItemRow>,
}

/// The item of a case as the composer first proposes it: who, and what they report.
pub async fn proposed_item(
    app: &App,
    caller: &Caller,
    case_id: i64,
) -> Result<(String, String), AppError> {
    proposed(app, &load(app, caller, case_id).await?)
}

fn proposed(app: &App, case: &CaseRow) -> Result<(String, String), AppError> {
    let heading = case
        .enterprise_name
        .clone()
        .unwrap_or_else(|| case.code.clone());
    let body =
        decrypt(app, Some(&case.narrative_cipher), CTX_NARRATIVE, case.id)?.unwrap_or_default();
    Ok((heading, body))
}

async fn briefed_cases(app: &App, caller: &Caller, ids: &[i64]) -> Result<Vec<CaseRow>, AppError> {
    if ids.is_empty() {
        return Err(AppError::invalid("case_ids", "required"));
    }
    if ids.len() > MAX_CASES {
        return Err(AppError::invalid_detail(
            "case_ids",
            "too_many_cases",
            MAX_CASES.to_string(),
        ));
    }
    let mut cases: Vec<CaseRow> = Vec::with_capacity(ids.len());
    for &id in ids {
        if cases.iter().any(|c| c.id == id) {
            continue;
        }
        let case = load(app, caller, id)
            .await
            .map_err(|_| AppError::invalid_detail("case_ids", "unknown_case", id.to_string()))?;
        // A restricted case never leaves the federation in a document.
        if case.restricted {
            return Err(AppError::invalid_detail(
                "case_ids",
                "restricted_case",
                case.code,
            ));
        }
        cases.push(case);
    }
    Ok(cases)
}

fn items_of(
    app: &App,
    cases: &[CaseRow],
    wording: &[ItemInput],
) -> Result<Vec<BriefingItemRow>, AppError> {
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let (heading, body) = proposed(app, case)?;
            let own = wording.iter().find(|w| w.case_id == case.id);
            let heading = optional_text("heading", own.and_then(|w| w.heading.as_deref()), 200)?
                .unwrap_or(heading);
            let body = optional_text("body", own.and_then(|w| w.body.as_deref()), LONG_TEXT)?
                .unwrap_or(body);
            Ok(BriefingItemRow {
                case_id: case.id,
                sort: i as i64 + 1,
                heading,
                body,
                body_cipher: None,
            })
        })
        .collect()
}

fn default_summary(cases: &[CaseRow]) -> String {
    let enterprises = cases
        .iter()
        .filter(|c| c.kind == CaseKind::Enterprise.as_str())
        .count();
    if enterprises == cases.len() {
        format!(
            "近期，我会在走访联系女企业过程中收集到企业诉求{}件，经梳理，现将有关情况呈报如下。",
            cases.len()
        )
    } else {
        format!(
            "近期，我会受理的{}件事项需区政府协调解决，现将有关情况呈报如下。",
            cases.len()
        )
    }
}

pub async fn create(
    app: &App,
    caller: &Caller,
    input: BriefingInput,
) -> Result<Briefing, AppError> {
    require_briefing_role(caller)?;
    let title = text("title", &input.title, 200)?;
    let cases = briefed_cases(app, caller, &input.case_ids).await?;
    let items = items_of(app, &cases, &input.items)?;
    let summary = optional_text("summary", input.summary.as_deref(), LONG_TEXT)?
        .unwrap_or_else(|| default_summary(&cases));
    let suggestion = optional_text("suggestion", input.suggestion.as_deref(), LONG_TEXT)?
        .unwrap_or_else(|| "建议区政府协调相关部门研究解决。".into());
    let drafter = optional_text("drafter", input.drafter.as_deref(), 50)?
        .unwrap_or_else(|| caller.display_name.clone());
    let signer = optional_text("signer", input.signer.as_deref(), 50)?.unwrap_or_default();
    let now = app.now();
    let year = CivilDate::from_epoch_ms_china(now).year;
    let rules = super::deadlines(app, today(app)).await?;
    let mut tx = app.db.begin().await?;
    let n = store::next_number(&mut tx.ex(), &format!("briefing{year}")).await?;
    let row = BriefingRow {
        id: app.ids.next(now),
        code: format!("〔{year}〕{n}号"),
        title,
        summary,
        suggestion,
        drafter,
        signer,
        unit_code: caller.unit.as_str().into(),
        created_by: caller.author(),
        created_at: now,
        sent_on: None,
        response: None,
        response_on: None,
        updated_at: now,
        summary_cipher: None,
        suggestion_cipher: None,
        response_cipher: None,
    };
    let stored = Stored {
        row: row.clone(),
        items: items.clone(),
    }
    .sealed(&app.cipher);
    store::insert_briefing(&mut tx.ex(), &stored.row, &stored.items).await?;
    for case in cases {
        escalate(app, caller, &mut tx, case, &row, &rules).await?;
    }
    let case_ids: Vec<i64> = items.iter().map(|i| i.case_id).collect();
    let entry = caller.entry("create", "briefing", row.id.to_string());
    let entry = entry.in_unit(&row.unit_code);
    audit::commit(
        app,
        tx,
        entry.detail(json!({ "code": row.code, "cases": case_ids })),
        now,
    )
    .await?;
    Ok(Briefing::of(row, items))
}

/// Each briefed case records the briefing, and moves to `escalated` where the workflow allows.
async fn escalate(
    app: &App,
    caller: &Caller,
    tx: &mut jinguo_db::Tx,
    mut case: CaseRow,
    briefing: &BriefingRow,
    rules: &super::Deadlines,
) -> Result<(), AppError> {
    let now = app.now();
    let read_at = case.updated_at;
    let from = Status::parse(&case.status).unwrap_or(Status::New);
    let mut event = new_event(app, case.id, Some(caller), "briefing", now).detail(
        json!({ "briefing_id": briefing.id, "code": briefing.code, "title": briefing.title }),
    );
    if from.may_become(Status::Escalated) {
        let category = jinguo_domain::cases::Category::parse(&case.category)
            .unwrap_or(jinguo_domain::cases::Category::Other);
        case.status = Status::Escalated.as_str().into();
        case.status_since = now;
        case.due_at = super::due_at(rules, category, Status::Escalated, today(app));
        case.updated_at = now;
        super::save(&mut tx.ex(), &case, read_at).await?;
        event = event.from(from).to(Status::Escalated);
    }
    store::add_event(&mut tx.ex(), &event.0).await?;
    Ok(())
}

fn briefing_scope(caller: &Caller) -> Result<Scope, AppError> {
    if !caller.role.reads_briefings() {
        return Err(AppError::Forbidden);
    }
    Ok(caller.scope())
}

pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<Briefing, AppError> {
    let b = load_briefing(app, caller, id).await?;
    Ok(Briefing::of(b.row, b.items))
}

/// A briefing the caller reaches, opened.
async fn load_briefing(app: &App, caller: &Caller, id: i64) -> Result<Stored, AppError> {
    let scope = briefing_scope(caller).map_err(|_| AppError::NotFound)?;
    let mut ex = app.db.ex();
    let row = store::find_briefing(&mut ex, &scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let items = store::briefing_items(&mut ex, id).await?;
    Stored { row, items }.opened(&app.cipher)
}

pub async fn list(
    app: &App,
    caller: &Caller,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Briefing>, i64), AppError> {
    let scope = briefing_scope(caller)?;
    let offset = crate::page_offset(page, per_page)?;
    let (rows, total) = store::list_briefings(&mut app.db.ex(), &scope, offset, per_page).await?;
    let rows = rows
        .into_iter()
        .map(|row| Ok(Briefing::of(open_row(row, &app.cipher)?, Vec::new())))
        .collect::<Result<_, AppError>>()?;
    Ok((rows, total))
}

/// The briefing as a Word document in the official-document layout; the export is audited.
pub async fn document(app: &App, caller: &Caller, id: i64) -> Result<(String, Vec<u8>), AppError> {
    let b = get(app, caller, id).await?;
    let issuer = match units::find(&mut app.db.ex(), &b.unit_code).await? {
        Some(u) => format!("{}妇女联合会", u.name),
        None => "妇女联合会".into(),
    };
    let created = CivilDate::from_epoch_ms_china(b.created_at);
    let doc = BriefingDoc {
        issuer,
        number: b.code.clone(),
        date: format!("{}年{}月{}日", created.year, created.month, created.day),
        title: b.title.clone(),
        summary: b.summary.clone(),
        items: b
            .items
            .iter()
            .map(|i| briefing_doc::BriefingItem {
                heading: i.heading.clone(),
                body: i.body.clone(),
            })
            .collect(),
        suggestion: b.suggestion.clone(),
        drafter: b.drafter.clone(),
        signer: b.signer.clone(),
    };
    let bytes = briefing_doc::render(&doc).map_err(|e| AppError::Internal(e.to_string()))?;
    let entry = caller
        .entry("export", "briefing", id.to_string())
        .in_unit(&b.unit_code);
    audit::record(app, entry, app.now()).await?;
    Ok((format!("呈阅件{}-{}.docx", b.code, b.title), bytes))
}

// When a briefing went out and what came back (the API's `BriefingResponse`).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = BriefingResponse)]
pub struct ResponseInput {
    /// When it went to the government (`YYYY-MM-DD`).
    pub sent_on: Option<String>,
    /// The government's instruction or answer.
    pub response: Option<String>,
    pub response_on: Option<String>,
}

/// Records when the briefing went out and the government's response; the response reaches
/// each briefed case's timeline.
pub async fn record_response(
    app: &App,
    caller: &Caller,
    id: i64,
    input: ResponseInput,
) -> Result<Briefing, AppError> {
    require_briefing_role(caller)?;
    let mut b = load_briefing(app, caller, id).await?;
    let sent_on = super::optional_date("sent_on", input.sent_on.as_deref())?;
    let response = optional_text("response", input.response.as_deref(), LONG_TEXT)?;
    let response_on = super::optional_date("response_on", input.response_on.as_deref())?;
    if response.is_some() && response_on.is_none() {
        return Err(AppError::invalid("response_on", "required"));
    }
    let now = app.now();
    b.row.sent_on = sent_on.or(b.row.sent_on);
    let answered = response.is_some();
    if answered {
        b.row.response = response;
        b.row.response_on = response_on;
    }
    b.row.updated_at = now;
    let mut tx = app.db.begin().await?;
    store::update_briefing_response(&mut tx.ex(), &b.clone().sealed(&app.cipher).row).await?;
    if answered {
        for item in &b.items {
            let event = new_event(app, item.case_id, Some(caller), "briefing_response", now)
                .body(app, b.row.response.as_deref().unwrap_or_default())
                .detail(json!({ "briefing_id": id, "code": b.row.code, "response_on": b.row.response_on }));
            store::add_event(&mut tx.ex(), &event.0).await?;
        }
    }
    let entry = caller
        .entry("update", "briefing", id.to_string())
        .in_unit(&b.row.unit_code)
        .detail(json!({ "answered": answered }));
    audit::commit(app, tx, entry, now).await?;
    Ok(Briefing::of(b.row, b.items))
}

// ---- free text at rest ----

const CTX_SUMMARY: &str = "briefing.summary";
const CTX_SUGGESTION: &str = "briefing.suggestion";
const CTX_RESPONSE: &str = "briefing.response";

/// An item's body is bound to its briefing (the record id) and its case (in the context).
fn item_context(case_id: i64) -> String {
    format!("briefing_item.body:{case_id}")
}

fn open_row(mut row: BriefingRow, cipher: &FieldCipher) -> Result<BriefingRow, AppError> {
    let id = row.id;
    if let Some(text) = open_into(cipher, row.summary_cipher.as_deref(), CTX_SUMMARY, id)? {
        row.summary = text;
    }
    if let Some(text) = open_into(cipher, row.suggestion_cipher.as_deref(), CTX_SUGGESTION, id)? {
        row.suggestion = text;
    }
    if let Some(text) = open_into(cipher, row.response_cipher.as_deref(), CTX_RESPONSE, id)? {
        row.response = Some(text);
    }
    Ok(row)
}

impl SealedText for Stored {
    fn sealed(mut self, cipher: &FieldCipher) -> Self {
        let id = self.row.id;
        let row = &mut self.row;
        seal_required(
            cipher,
            &mut row.summary,
            &mut row.summary_cipher,
            CTX_SUMMARY,
            id,
        );
        seal_required(
            cipher,
            &mut row.suggestion,
            &mut row.suggestion_cipher,
            CTX_SUGGESTION,
            id,
        );
        seal_optional(
            cipher,
            &mut row.response,
            &mut row.response_cipher,
            CTX_RESPONSE,
            id,
        );
        for item in &mut self.items {
            let context = item_context(item.case_id);
            seal_required(cipher, &mut item.body, &mut item.body_cipher, &context, id);
        }
        self
    }

    fn opened(mut self, cipher: &FieldCipher) -> Result<Self, AppError> {
        let id = self.row.id;
        self.row = open_row(self.row, cipher)?;
        for item in &mut self.items {
            let context = item_context(item.case_id);
            if let Some(text) = open_into(cipher, item.body_cipher.as_deref(), &context, id)? {
                item.body = text;
            }
        }
        Ok(self)
    }
}
