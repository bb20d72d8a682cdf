//! Cases: rights-protection cases (维权) and enterprise difficulty reports (企业诉求) in one
//! engine — intake, the workflow of statuses with deadlines, restriction, and the case page.
//!
//! The timeline's additions (notes, referrals, attachments, domestic-violence specifics) live in
//! `timeline`, briefings to the district government in `briefings`, the public form in
//! `public`, statistics in `stats`.

pub mod briefing_doc;
pub mod briefings;
pub mod public;
pub mod stats;
pub mod timeline;

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::people::today;
use crate::{App, AppError};
use jinguo_db::accounts::{self, User};
use jinguo_db::cases::{self as store, CasePersonRow, CaseRow, EventRow, Filter, Visibility};
use jinguo_db::people::SealedBirth;
use jinguo_db::{settings, Exec};
use jinguo_domain::cases::{
    add_working_days, default_working_days, screen, CaseKind, Category, Channel, DeadlineRule,
    RiskScreening, Satisfaction, Status, Urgency, FOLLOW_UP_DAYS,
};
use jinguo_domain::dates::AgeBand;
use jinguo_domain::{CivilDate, Phone, Role, UnitCode};
use serde_json::json;

pub(crate) const CTX_NARRATIVE: &str = "case.narrative";
pub(crate) const CTX_OUTCOME: &str = "case.outcome";
pub(crate) const CTX_CALLER_NAME: &str = "case.caller_name";
pub(crate) const CTX_CALLER_PHONE: &str = "case.caller_phone";
pub(crate) const CTX_RISK: &str = "case.risk";
pub(crate) const CTX_EVENT: &str = "case.event";

const NARRATIVE_MAX: usize = 20_000;
const NOTE_MAX: usize = 5_000;
const DAY_MS: i64 = 86_400_000;

// ---- who may do what ----

pub(crate) fn require_handler_role(caller: &Caller) -> Result<(), AppError> {
    if caller.role.handles_cases() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The cases the caller may open (see `Visibility::records`); none for a role that reads no cases.
pub(crate) fn visibility(caller: &Caller) -> Result<Visibility, AppError> {
    if !caller.role.reads_cases() {
        return Err(AppError::Forbidden);
    }
    Ok(Visibility::records(&caller.scope()))
}

/// Narratives and notes are for the people doing the casework, not the IT administrator.
fn reads_narratives(caller: &Caller) -> bool {
    caller.role.handles_cases()
}

// ---- what a case looks like to its readers ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRef {
    pub id: i64,
    pub username: String,
    pub display_name: String,
}

impl UserRef {
    pub(crate) fn of(u: &User) -> UserRef {
        UserRef {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Case {
    pub row: CaseRow,
    pub kind: CaseKind,
    pub channel: Channel,
    pub category: Category,
    pub urgency: Urgency,
    pub status: Status,
    pub handler: Option<UserRef>,
    pub overdue: bool,
    pub follow_up_overdue: bool,
}

impl Case {
    fn of(row: CaseRow, handler: Option<UserRef>, now: i64) -> Result<Case, AppError> {
        let bad = |what: &str| AppError::Internal(format!("case {} has a bad {what}", row.id));
        Ok(Case {
            kind: CaseKind::parse(&row.kind).ok_or_else(|| bad("kind"))?,
            channel: Channel::parse(&row.channel).ok_or_else(|| bad("channel"))?,
            category: Category::parse(&row.category).ok_or_else(|| bad("category"))?,
            urgency: Urgency::parse(&row.urgency).ok_or_else(|| bad("urgency"))?,
            status: Status::parse(&row.status).ok_or_else(|| bad("status"))?,
            overdue: row.due_at.is_some_and(|d| d < now),
            follow_up_overdue: row.followed_up_at.is_none()
                && row.follow_up_due.is_some_and(|d| d < now),
            handler,
            row,
        })
    }

    /// A mandatory report is owed and not yet recorded.
    pub fn report_missing(&self) -> bool {
        self.row.mandatory_report && self.row.reported_on.is_none()
    }
}

/// The case page: the case, its people, its decrypted narrative and the whole timeline.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    pub case: Case,
    pub people: Vec<CasePersonRow>,
    /// None when the reader may not read narratives (the administrator).
    pub narrative: Option<String>,
    pub outcome: Option<String>,
    pub caller_name: Option<String>,
    pub risk: Option<RiskScreening>,
    pub timeline: Vec<timeline::Event>,
    pub referrals: Vec<timeline::Referral>,
    pub attachments: Vec<jinguo_db::cases::AttachmentRow>,
    pub orders: Vec<jinguo_db::cases::OrderRow>,
    pub briefings: Vec<(i64, String, String)>,
}

// ---- intake ----

/// A case as it is taken in, from a form, the API or the public intake.
#[derive(Debug, Clone, Default)]
pub struct CaseInput {
    pub kind: String,
    pub channel: String,
    pub category: String,
    pub unit_code: String,
    pub narrative: String,
    pub person_ids: Vec<i64>,
    pub enterprise_id: Option<i64>,
    pub enterprise_name: Option<String>,
    pub urgency: Option<String>,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub lacks_capacity: bool,
    /// Codes of the risk items answered "yes" (domestic-violence intake).
    pub risk_items: Option<Vec<String>>,
}

pub(crate) fn choice<T>(
    field: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, AppError> {
    if value.trim().is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    parse(value).ok_or_else(|| AppError::invalid_detail(field, "invalid_choice", value.trim()))
}

pub(crate) fn text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid_detail(
            field,
            "text_too_long",
            max.to_string(),
        ));
    }
    Ok(value.to_owned())
}

pub(crate) fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => text(field, v, max).map(Some),
    }
}

struct ValidCase {
    kind: CaseKind,
    channel: Channel,
    category: Category,
    urgency: Urgency,
    unit: UnitCode,
    narrative: String,
    enterprise_name: Option<String>,
    caller_name: Option<String>,
    caller_phone: Option<Phone>,
    risk: Option<RiskScreening>,
}

fn validate(input: &CaseInput) -> Result<ValidCase, AppError> {
    let kind = choice("kind", &input.kind, CaseKind::parse)?;
    let channel = choice("channel", &input.channel, Channel::parse)?;
    let category = choice("category", &input.category, Category::parse)?;
    let urgency = match input.urgency.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(u) => choice("urgency", u, Urgency::parse)?,
        None => Urgency::Normal,
    };
    let unit = UnitCode::parse(&input.unit_code)
        .map_err(|_| AppError::invalid_detail("unit_code", "unknown_unit", &input.unit_code))?;
    let narrative = text("narrative", &input.narrative, NARRATIVE_MAX)?;
    let enterprise_name = optional_text("enterprise_name", input.enterprise_name.as_deref(), 100)?;
    if kind == CaseKind::Enterprise && input.enterprise_id.is_none() && enterprise_name.is_none() {
        return Err(AppError::invalid("enterprise_id", "required"));
    }
    let caller_name = optional_text("caller_name", input.caller_name.as_deref(), 50)?;
    let caller_phone = match input
        .caller_phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        Some(raw) => Some(
            Phone::parse(raw)
                .map_err(|e| AppError::invalid_detail("caller_phone", e.code(), raw))?,
        ),
        None => None,
    };
    let risk = match &input.risk_items {
        Some(items) => Some(
            screen(items)
                .map_err(|e| AppError::invalid_detail("risk_items", "invalid_choice", e.0))?,
        ),
        None => None,
    };
    Ok(ValidCase {
        kind,
        channel,
        category,
        urgency,
        unit,
        narrative,
        enterprise_name,
        caller_name,
        caller_phone,
        risk,
    })
}

/// The people of a case must be people the caller can see in the registry.
async fn check_people(
    app: &App,
    caller: &Caller,
    ids: &[i64],
) -> Result<Vec<jinguo_db::people::PersonRow>, AppError> {
    let mut rows = Vec::with_capacity(ids.len());
    for &id in ids {
        let row = jinguo_db::people::find(&mut app.db.ex(), &caller.scope(), id)
            .await?
            .ok_or_else(|| {
                AppError::invalid_detail("person_ids", "unknown_person", id.to_string())
            })?;
        rows.push(row);
    }
    Ok(rows)
}

/// Whether any of these people is a minor on `on`; an ID number is opened only for a birth
/// year that cannot tell.
fn any_minor(app: &App, births: &[SealedBirth], on: CivilDate) -> Result<bool, AppError> {
    let minors = AgeBand::minors(on);
    for birth in births {
        if crate::people::in_band(&app.cipher, minors, birth)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A minor victim, or one lacking capacity, in a case of violence, harassment, personal safety
/// or children's rights must be reported (强制报告).
fn needs_mandatory_report(category: Category, lacks_capacity: bool, minors: bool) -> bool {
    category.may_need_mandatory_report() && (lacks_capacity || minors)
}

fn year_of(now: i64) -> i32 {
    CivilDate::from_epoch_ms_china(now).year
}

pub(crate) fn case_code(kind: CaseKind, year: i32, n: i64) -> String {
    let prefix = match kind {
        CaseKind::Rights => "R",
        CaseKind::Enterprise => "E",
    };
    format!("{prefix}{year}-{n:05}")
}

pub async fn create(app: &App, caller: &Caller, input: CaseInput) -> Result<Case, AppError> {
    require_handler_role(caller)?;
    let valid = validate(&input)?;
    if caller
        .role
        .only_case_kind()
        .is_some_and(|kind| kind != valid.kind)
    {
        return Err(AppError::Forbidden);
    }
    crate::people::check_unit(app, caller, &valid.unit).await?;
    let people = check_people(app, caller, &input.person_ids).await?;
    let mut valid = valid;
    if let Some(id) = input.enterprise_id {
        let enterprise = jinguo_db::employment::find_enterprise(&mut app.db.ex(), id)
            .await?
            .ok_or_else(|| {
                AppError::invalid_detail("enterprise_id", "unknown_enterprise", id.to_string())
            })?;
        valid.enterprise_name.get_or_insert(enterprise.name);
    }
    let row = take_in(app, Some(caller), valid, &people, &input, None).await?;
    Case::of(row, None, app.now())
}

/// Writes a new case with its people, its first timeline event and the audit record.
async fn take_in(
    app: &App,
    caller: Option<&Caller>,
    valid: ValidCase,
    people: &[jinguo_db::people::PersonRow],
    input: &CaseInput,
    receipt: Option<(String, String)>,
) -> Result<CaseRow, AppError> {
    let now = app.now();
    let today = today(app);
    let births: Vec<SealedBirth> = people.iter().map(SealedBirth::from).collect();
    let minors = any_minor(app, &births, today)?;
    let c = &app.cipher;
    let urgency = match &valid.risk {
        Some(r) if r.level == jinguo_domain::cases::RiskLevel::High => Urgency::Emergency,
        _ => valid.urgency,
    };
    let rules = deadline_rules(app).await?;
    let mut tx = app.db.begin().await?;
    let n = store::next_number(
        &mut tx.ex(),
        &format!("{}{}", valid.kind.as_str(), year_of(now)),
    )
    .await?;
    let id = app.ids.next(now);
    let row = CaseRow {
        id,
        code: case_code(valid.kind, year_of(now), n),
        kind: valid.kind.as_str().into(),
        channel: valid.channel.as_str().into(),
        category: valid.category.as_str().into(),
        urgency: urgency.as_str().into(),
        status: Status::New.as_str().into(),
        restricted: valid.category.restricted_by_default(),
        unit_code: valid.unit.as_str().into(),
        handler_id: None,
        enterprise_id: input.enterprise_id,
        enterprise_name: valid.enterprise_name,
        caller_name_cipher: valid
            .caller_name
            .as_deref()
            .map(|n| c.seal(n, CTX_CALLER_NAME, id)),
        caller_phone_cipher: valid
            .caller_phone
            .as_ref()
            .map(|p| c.seal(p.as_str(), CTX_CALLER_PHONE, id)),
        caller_phone_masked: valid.caller_phone.as_ref().map(Phone::masked),
        narrative_cipher: c.seal(&valid.narrative, CTX_NARRATIVE, id),
        outcome_cipher: None,
        satisfaction: None,
        risk_cipher: valid
            .risk
            .as_ref()
            .map(|r| c.seal(&json!(r.yes).to_string(), CTX_RISK, id)),
        risk_score: valid.risk.as_ref().map(|r| i64::from(r.score)),
        risk_level: valid.risk.as_ref().map(|r| r.level.as_str().into()),
        lacks_capacity: input.lacks_capacity,
        mandatory_report: needs_mandatory_report(valid.category, input.lacks_capacity, minors),
        report_recipient: None,
        reported_on: None,
        status_since: now,
        due_at: due_at(&rules, valid.category, Status::New, today),
        follow_up_due: None,
        followed_up_at: None,
        receipt_index: receipt.as_ref().map(|r| r.0.clone()),
        receipt_phone_index: receipt.as_ref().map(|r| r.1.clone()),
        created_by: caller.map(|c| c.user_id).filter(|id| *id != 0),
        opened_on: today.to_string(),
        created_at: now,
        updated_at: now,
        closed_at: None,
    };
    store::insert(&mut tx.ex(), &row).await?;
    for p in people {
        store::add_person(&mut tx.ex(), id, p.id, "client").await?;
    }
    let actor = caller.map(|c| c.username.as_str()).unwrap_or("public");
    let event = new_event(app, id, caller, "created", now)
        .to(Status::New)
        .detail(json!({ "channel": row.channel, "actor": actor }));
    store::add_event(&mut tx.ex(), &event.0).await?;
    let public_origin = crate::Origin {
        ip: "public".into(),
        user_agent: String::new(),
    };
    let entry = match caller {
        Some(c) => c.entry("create", "case", id.to_string()),
        None => Entry {
            actor_id: None,
            actor: "public",
            origin: &public_origin,
            action: "create",
            entity: "case",
            entity_id: id.to_string(),
            unit_code: None,
            detail: json!({}),
        },
    };
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&row.unit_code),
            // Never the category: the audit log is read by administrators, who may not learn
            // which cases are about violence.
            detail: json!({ "code": row.code }),
            ..entry
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

// ---- deadlines ----

const DEADLINES_KEY: &str = "case_deadlines";

/// The deadline rules in force: the defaults, overridden per category and status by settings.
pub async fn deadline_rules(app: &App) -> Result<Vec<DeadlineRule>, AppError> {
    let overrides: Vec<DeadlineRule> = settings::get(&mut app.db.ex(), DEADLINES_KEY)
        .await?
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let mut rules = Vec::new();
    for &category in Category::ALL {
        for &status in Status::ALL {
            let own = overrides
                .iter()
                .find(|r| r.category == category && r.status == status)
                .map(|r| r.working_days)
                .or_else(|| default_working_days(category, status));
            if let Some(working_days) = own {
                rules.push(DeadlineRule {
                    category,
                    status,
                    working_days,
                });
            }
        }
    }
    Ok(rules)
}

/// Sets the working days of some (category, status) pairs; district federation staff only.
pub async fn set_deadline_rules(
    app: &App,
    caller: &Caller,
    changes: Vec<DeadlineRule>,
) -> Result<Vec<DeadlineRule>, AppError> {
    if caller.role != Role::Federation && !caller.role.administers() {
        return Err(AppError::Forbidden);
    }
    if let Some(bad) = changes
        .iter()
        .find(|r| r.working_days > 365 || r.status == Status::Closed)
    {
        return Err(AppError::invalid_detail(
            "working_days",
            "invalid_deadline",
            format!("{}/{}", bad.category, bad.status),
        ));
    }
    let mut rules = deadline_rules(app).await?;
    for change in changes {
        match rules
            .iter_mut()
            .find(|r| r.category == change.category && r.status == change.status)
        {
            Some(rule) => rule.working_days = change.working_days,
            None => rules.push(change),
        }
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    settings::set(&mut tx.ex(), DEADLINES_KEY, &json!(rules).to_string()).await?;
    audit::append(
        app,
        &mut tx.ex(),
        caller.entry("update", "case_deadlines", String::new()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(rules)
}

pub(crate) fn due_at(
    rules: &[DeadlineRule],
    category: Category,
    status: Status,
    today: CivilDate,
) -> Option<i64> {
    let rule = rules
        .iter()
        .find(|r| r.category == category && r.status == status)?;
    Some(add_working_days(today, rule.working_days).end_ms_china())
}

// ---- reading ----

async fn handler_of(ex: &mut Exec<'_>, row: &CaseRow) -> Result<Option<UserRef>, AppError> {
    Ok(match row.handler_id {
        Some(id) => accounts::find_by_id(ex, id)
            .await?
            .as_ref()
            .map(UserRef::of),
        None => None,
    })
}

/// A case the caller may see, without recording a read (for checks before a change).
pub(crate) async fn load(app: &App, caller: &Caller, id: i64) -> Result<CaseRow, AppError> {
    let vis = visibility(caller).map_err(|_| AppError::NotFound)?;
    store::find(&mut app.db.ex(), &vis, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn get_summary(app: &App, caller: &Caller, id: i64) -> Result<Case, AppError> {
    let row = load(app, caller, id).await?;
    let handler = handler_of(&mut app.db.ex(), &row).await?;
    Case::of(row, handler, app.now())
}

/// Opens a sealed field of the record `record_id` (a case, an event, a referral).
fn decrypt(
    app: &App,
    blob: Option<&[u8]>,
    context: &str,
    record_id: i64,
) -> Result<Option<String>, AppError> {
    blob.map(|b| app.cipher.open(b, context, record_id))
        .transpose()
        .map_err(|_| {
            AppError::Internal("a stored value cannot be decrypted with the master key".into())
        })
}

/// The case page; the read is audited.
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<CaseDetail, AppError> {
    let row = load(app, caller, id).await?;
    let mut ex = app.db.ex();
    let handler = handler_of(&mut ex, &row).await?;
    let narratives = reads_narratives(caller);
    let narrative = if narratives {
        decrypt(app, Some(&row.narrative_cipher), CTX_NARRATIVE, row.id)?
    } else {
        None
    };
    let outcome = if narratives {
        decrypt(app, row.outcome_cipher.as_deref(), CTX_OUTCOME, row.id)?
    } else {
        None
    };
    let (caller_name_cipher, risk_cipher) = if narratives {
        (
            row.caller_name_cipher.as_deref(),
            row.risk_cipher.as_deref(),
        )
    } else {
        (None, None)
    };
    let caller_name = decrypt(app, caller_name_cipher, CTX_CALLER_NAME, row.id)?;
    let risk = match decrypt(app, risk_cipher, CTX_RISK, row.id)? {
        Some(text) => {
            let yes: Vec<String> = serde_json::from_str(&text).unwrap_or_default();
            screen(&yes).ok()
        }
        None => None,
    };
    let mut people = store::people_of(&mut ex, id).await?;
    for p in &mut people {
        p.id_masked = jinguo_domain::identity::mask_id_number(&p.id_masked);
    }
    let timeline = timeline::events(app, &mut ex, id, narratives).await?;
    let referrals = timeline::referrals(app, &mut ex, id, narratives).await?;
    let attachments = timeline::attachments(app, &mut ex, id).await?;
    let orders = store::orders_of(&mut ex, id).await?;
    let briefings = store::briefings_of_case(&mut ex, id).await?;
    record_read(app, caller, &row).await?;
    Ok(CaseDetail {
        case: Case::of(row, handler, app.now())?,
        people,
        narrative,
        outcome,
        caller_name,
        risk,
        timeline,
        referrals,
        attachments,
        orders,
        briefings,
    })
}

async fn record_read(app: &App, caller: &Caller, row: &CaseRow) -> Result<(), AppError> {
    let mut tx = app.db.begin().await?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&row.unit_code),
            ..caller.entry("read", "case", row.id.to_string())
        },
        app.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What a case list asks for, as the API and the list page receive it.
#[derive(Debug, Clone, Default)]
pub struct CaseQuery {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub channel: Option<String>,
    pub overdue: bool,
    pub follow_up_due: bool,
    pub unit_code: Option<String>,
    pub handler: Option<String>,
    /// Only the caller's own cases (my cases).
    pub mine: bool,
    pub from: Option<String>,
    pub to: Option<String>,
    /// A case code, or a name of a person in the case.
    pub q: Option<String>,
    pub person_id: Option<i64>,
}

fn some_choice<T>(
    field: &str,
    value: &Option<String>,
    parse: impl Fn(&str) -> Option<T>,
    code: impl Fn(T) -> &'static str,
) -> Result<Option<String>, AppError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Ok(Some(code(choice(field, v, parse)?).to_owned())),
        None => Ok(None),
    }
}

/// A required `YYYY-MM-DD`, normalized.
pub(crate) fn date(field: &str, value: &str) -> Result<String, AppError> {
    if value.trim().is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    CivilDate::parse(value)
        .map(|d| d.to_string())
        .ok_or_else(|| AppError::invalid_detail(field, "invalid_date", value.trim()))
}

pub(crate) fn optional_date(field: &str, value: Option<&str>) -> Result<Option<String>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => date(field, v).map(Some),
        None => Ok(None),
    }
}

async fn filter_of(app: &App, caller: &Caller, q: &CaseQuery) -> Result<Filter, AppError> {
    let now = app.now();
    let mut f = Filter {
        status: some_choice("status", &q.status, Status::parse, Status::as_str)?,
        kind: some_choice("kind", &q.kind, CaseKind::parse, CaseKind::as_str)?,
        category: some_choice("category", &q.category, Category::parse, Category::as_str)?,
        channel: some_choice("channel", &q.channel, Channel::parse, Channel::as_str)?,
        overdue_at: q.overdue.then_some(now),
        follow_up_due_at: q.follow_up_due.then_some(now),
        opened_from: optional_date("from", q.from.as_deref())?,
        opened_to: optional_date("to", q.to.as_deref())?,
        person_ids: q.person_id.map(|id| vec![id]),
        ..Filter::default()
    };
    if let Some(code) = q.unit_code.as_deref().filter(|c| !c.trim().is_empty()) {
        let unit = UnitCode::parse(code)
            .map_err(|_| AppError::invalid_detail("unit_code", "unknown_unit", code))?;
        f.unit_range = Some(jinguo_domain::UnitRange::subtree(&unit));
    }
    if q.mine {
        f.handler_id = Some(caller.user_id);
    } else if let Some(h) = q.handler.as_deref().filter(|h| !h.trim().is_empty()) {
        f.handler_id = Some(find_user(app, h).await?.map(|u| u.id).unwrap_or(-1));
    }
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        narrow_by_text(app, caller, &mut f, text).await?;
    }
    Ok(f)
}

fn looks_like_code(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some('R' | 'E' | 'r' | 'e'))
        && text.len() >= 6
        && chars.all(|c| c.is_ascii_digit() || c == '-')
}

/// A case code, or the name (or pinyin, or ID tail) of a person in the case, as the people
/// registry's search reads it.
async fn narrow_by_text(
    app: &App,
    caller: &Caller,
    f: &mut Filter,
    text: &str,
) -> Result<(), AppError> {
    if looks_like_code(text) {
        f.code = Some(text.to_ascii_uppercase());
        return Ok(());
    }
    let search = crate::people::Search {
        q: Some(text.to_owned()),
        ..Default::default()
    };
    // A role that may not search the registry finds cases by their code only.
    let people = match crate::people::search(app, caller, &search, 1, 200).await {
        Ok((people, _)) => people,
        Err(AppError::Forbidden) => Vec::new(),
        Err(e) => return Err(e),
    };
    f.person_ids = Some(people.iter().map(|p| p.id).collect());
    Ok(())
}

pub(crate) async fn find_user(app: &App, key: &str) -> Result<Option<User>, AppError> {
    let key = key.trim();
    let mut ex = app.db.ex();
    Ok(match key.parse::<i64>() {
        Ok(id) => accounts::find_by_id(&mut ex, id).await?,
        Err(_) => accounts::find_by_username(&mut ex, key).await?,
    })
}

pub struct CasePage {
    pub items: Vec<Case>,
    pub total: i64,
}

pub async fn list(
    app: &App,
    caller: &Caller,
    q: &CaseQuery,
    page: u64,
    per_page: u64,
) -> Result<CasePage, AppError> {
    let vis = visibility(caller)?;
    let f = filter_of(app, caller, q).await?;
    let offset = crate::page_offset(page, per_page)?;
    let mut ex = app.db.ex();
    let (rows, total) = store::list(&mut ex, &vis, &f, offset, per_page).await?;
    let now = app.now();
    let mut items = Vec::with_capacity(rows.len());
    let mut handlers: Vec<UserRef> = Vec::new();
    for row in rows {
        let handler = match row.handler_id {
            Some(id) => match handlers.iter().find(|h| h.id == id) {
                Some(h) => Some(h.clone()),
                None => {
                    let h = handler_of(&mut ex, &row).await?;
                    handlers.extend(h.clone());
                    h
                }
            },
            None => None,
        };
        items.push(Case::of(row, handler, now)?);
    }
    record_restricted_listing(app, caller, &items).await?;
    Ok(CasePage { items, total })
}

/// Restricted cases are audited whenever they are read, lists included.
async fn record_restricted_listing(
    app: &App,
    caller: &Caller,
    items: &[Case],
) -> Result<(), AppError> {
    if !items.iter().any(|c| c.row.restricted) {
        return Ok(());
    }
    // One event for the page, naming every case on it: it records the read without marking
    // which of them are restricted, and costs one write however long the page.
    let shown: Vec<i64> = items.iter().map(|c| c.row.id).collect();
    let mut tx = app.db.begin().await?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            detail: json!({ "cases": shown }),
            ..caller.entry("list", "case", String::new())
        },
        app.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Open cases past their deadline that the caller may see (the home page's count).
/// The newest cases on the "taken in by me" list.
pub const TAKEN_IN_LIMIT: u64 = 200;

/// The cases the caller took in, as status lines only. An officer who takes in a restricted
/// case loses sight of it (it belongs to its handler and the district), yet must be able to
/// tell the woman who came to her where it stands: code, status and deadline — no narrative,
/// people or files.
pub async fn taken_in_by_me(
    app: &App,
    caller: &Caller,
) -> Result<Vec<store::TakenInRow>, AppError> {
    require_handler_role(caller)?;
    Ok(store::taken_in_by(&mut app.db.ex(), caller.user_id, TAKEN_IN_LIMIT).await?)
}

pub async fn overdue_count(app: &App, caller: &Caller) -> Result<i64, AppError> {
    let vis = visibility(caller)?;
    Ok(store::count_overdue(&mut app.db.ex(), &vis, app.now()).await?)
}

// ---- the workflow ----

#[derive(Debug, Clone, Default)]
pub struct TransitionInput {
    pub to: String,
    /// The new handler's username or user id (required when assigning).
    pub handler: Option<String>,
    pub note: Option<String>,
    pub outcome: Option<String>,
    pub satisfaction: Option<String>,
}

/// The handler named in an assignment: an active user who handles cases in the case's unit.
async fn assignee(app: &App, key: Option<&str>, unit: &str) -> Result<User, AppError> {
    let key = key
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| AppError::invalid("handler", "required"))?;
    let unknown = || AppError::invalid_detail("handler", "unknown_handler", key);
    let user = find_user(app, key).await?.ok_or_else(unknown)?;
    let role: Role = user.role.parse().map_err(|_| unknown())?;
    let covers = UnitCode::parse(&user.unit_code)
        .ok()
        .zip(UnitCode::parse(unit).ok())
        .is_some_and(|(theirs, case)| theirs.contains(&case));
    if user.disabled || !role.handles_cases() || !covers {
        return Err(unknown());
    }
    Ok(user)
}

pub(crate) fn invalid_transition(from: Status, to: Status) -> AppError {
    AppError::invalid_detail("to", "invalid_transition", format!("{from} → {to}"))
}

pub async fn transition(
    app: &App,
    caller: &Caller,
    id: i64,
    input: TransitionInput,
) -> Result<Case, AppError> {
    // A case out of sight is 404 before the role is asked (no existence leak).
    let mut row = load(app, caller, id).await?;
    require_handler_role(caller)?;
    let read_at = row.updated_at;
    let from = Status::parse(&row.status)
        .ok_or_else(|| AppError::Internal(format!("case {id} has a bad status")))?;
    let to = choice("to", &input.to, Status::parse)?;
    if !from.may_become(to) {
        return Err(invalid_transition(from, to));
    }
    let note = optional_text("note", input.note.as_deref(), NOTE_MAX)?;
    let now = app.now();
    let category = Category::parse(&row.category).unwrap_or(Category::Other);
    let mut handler = None;
    if to == Status::Assigned {
        let user = assignee(app, input.handler.as_deref(), &row.unit_code).await?;
        row.handler_id = Some(user.id);
        handler = Some(UserRef::of(&user));
    }
    let outcome = optional_text("outcome", input.outcome.as_deref(), NOTE_MAX)?;
    if let Some(text) = &outcome {
        row.outcome_cipher = Some(app.cipher.seal(text, CTX_OUTCOME, row.id));
    }
    if let Some(s) = input
        .satisfaction
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        row.satisfaction = Some(
            choice("satisfaction", s, Satisfaction::parse)?
                .as_str()
                .into(),
        );
    }
    if matches!(to, Status::Resolved | Status::Closed)
        && row.mandatory_report
        && row.reported_on.is_none()
    {
        return Err(AppError::invalid(
            "mandatory_report",
            "mandatory_report_missing",
        ));
    }
    if to == Status::Closed {
        if row.outcome_cipher.is_none() {
            return Err(AppError::invalid("outcome", "required"));
        }
        if row.satisfaction.is_none() {
            return Err(AppError::invalid("satisfaction", "required"));
        }
        row.closed_at = Some(now);
        row.follow_up_due = Some(now + FOLLOW_UP_DAYS * DAY_MS);
        row.followed_up_at = None;
    }
    if from.is_reopening(to) {
        row.closed_at = None;
        row.follow_up_due = None;
        row.satisfaction = None;
    }
    let rules = deadline_rules(app).await?;
    row.status = to.as_str().into();
    row.status_since = now;
    row.due_at = due_at(&rules, category, to, today(app));
    row.updated_at = now;
    let kind = if from.is_reopening(to) {
        "reopened"
    } else {
        "status"
    };
    let mut event = new_event(app, id, Some(caller), kind, now)
        .from(from)
        .to(to);
    if let Some(n) = &note {
        event = event.body(app, n);
    }
    if let Some(h) = &handler {
        event = event.detail(json!({ "handler": h.username, "handler_name": h.display_name }));
    }
    let mut tx = app.db.begin().await?;
    save(&mut tx.ex(), &row, read_at).await?;
    store::add_event(&mut tx.ex(), &event.0).await?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&row.unit_code),
            detail: json!({ "from": from, "to": to }),
            ..caller.entry("transition", "case", id.to_string())
        },
        now,
    )
    .await?;
    tx.commit().await?;
    let handler = match handler {
        Some(h) => Some(h),
        None => handler_of(&mut app.db.ex(), &row).await?,
    };
    Case::of(row, handler, now)
}

/// Writes a changed case read at `read_at`; a case someone changed in between is a conflict
/// (409), so no change overwrites another unseen.
pub(crate) async fn save(ex: &mut Exec<'_>, row: &CaseRow, read_at: i64) -> Result<(), AppError> {
    if store::update(ex, row, read_at).await? {
        Ok(())
    } else {
        Err(AppError::Conflict {
            code: "case_changed",
            field: None,
            detail: Some(row.code.clone()),
        })
    }
}

/// A timeline event under construction.
pub(crate) struct NewEvent(pub(crate) EventRow);

pub(crate) fn new_event(
    app: &App,
    case_id: i64,
    caller: Option<&Caller>,
    kind: &str,
    now: i64,
) -> NewEvent {
    NewEvent(EventRow {
        id: app.ids.next(now),
        case_id,
        at: now,
        actor_id: caller.map(|c| c.user_id).filter(|id| *id != 0),
        actor: caller
            .map(|c| c.display_name.clone())
            .unwrap_or_else(|| "public".into()),
        kind: kind.into(),
        from_status: None,
        to_status: None,
        body_cipher: None,
        detail: "{}".into(),
    })
}

impl NewEvent {
    pub(crate) fn from(mut self, s: Status) -> NewEvent {
        self.0.from_status = Some(s.as_str().into());
        self
    }

    pub(crate) fn to(mut self, s: Status) -> NewEvent {
        self.0.to_status = Some(s.as_str().into());
        self
    }

    pub(crate) fn body(mut self, app: &App, text: &str) -> NewEvent {
        self.0.body_cipher = Some(app.cipher.seal(text, CTX_EVENT, self.0.id));
        self
    }

    pub(crate) fn detail(mut self, detail: serde_json::Value) -> NewEvent {
        self.0.detail = detail.to_string();
        self
    }
}
