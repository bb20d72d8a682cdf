//! What happens on a case after intake, each an entry of its timeline: notes, calls and
//! visits, referrals to departments and their answers, attachments, the domestic-violence
//! screening, protection orders and the mandatory report, the follow-up visit.

use super::{
    date, decrypt, invalid_transition, load, new_event, optional_date, optional_text,
    require_handler_role, text, visibility, CTX_EVENT, CTX_RISK, NOTE_MAX,
};
use crate::audit;
use crate::auth::Caller;
use crate::people::today;
use crate::{App, AppError};
use jinguo_db::cases::{self as store, CaseRow, ReferralRow};
use jinguo_db::cases::{AttachmentRow, OrderRow};
use jinguo_db::{units, Exec};
use jinguo_domain::cases::{screen, OrderStatus, RiskLevel, Status, Urgency};
use jinguo_domain::Role;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

const CTX_REQUEST: &str = "case.referral.request";
const CTX_ANSWER: &str = "case.referral.answer";

/// Working days a department has to answer a referral.
pub const REFERRAL_WORKING_DAYS: u32 = 10;

/// One entry of a case's timeline as its page shows it.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    /// The note's text; None when there is none or the reader may not read it.
    pub body: Option<String>,
    pub detail: serde_json::Value,
}

pub(crate) async fn events(
    app: &App,
    ex: &mut Exec<'_>,
    case_id: i64,
    narratives: bool,
) -> Result<Vec<Event>, AppError> {
    store::events_of(ex, case_id)
        .await?
        .into_iter()
        .map(|e| {
            let body = if narratives {
                decrypt(app, e.body_cipher.as_deref(), CTX_EVENT, e.id)?
            } else {
                None
            };
            Ok(Event {
                id: e.id,
                at: e.at,
                actor: e.actor,
                kind: e.kind,
                from_status: e.from_status,
                to_status: e.to_status,
                body,
                detail: serde_json::from_str(&e.detail).unwrap_or_default(),
            })
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct Referral {
    pub id: i64,
    pub case_id: i64,
    pub department_code: String,
    pub request: Option<String>,
    pub asked_at: i64,
    pub asked_by: String,
    pub due_at: i64,
    pub answer: Option<String>,
    pub answered_at: Option<i64>,
    pub answered_by: Option<String>,
    pub overdue: bool,
}

fn referral_view(
    app: &App,
    r: ReferralRow,
    readable: bool,
    now: i64,
) -> Result<Referral, AppError> {
    let (request, answer) = if readable {
        (
            decrypt(app, Some(&r.request_cipher), CTX_REQUEST, r.id)?,
            decrypt(app, r.answer_cipher.as_deref(), CTX_ANSWER, r.id)?,
        )
    } else {
        (None, None)
    };
    Ok(Referral {
        overdue: r.answered_at.is_none() && r.due_at < now,
        id: r.id,
        case_id: r.case_id,
        department_code: r.department_code,
        request,
        asked_at: r.asked_at,
        asked_by: r.asked_by,
        due_at: r.due_at,
        answer,
        answered_at: r.answered_at,
        answered_by: r.answered_by,
    })
}

pub(crate) async fn referrals(
    app: &App,
    ex: &mut Exec<'_>,
    case_id: i64,
    readable: bool,
) -> Result<Vec<Referral>, AppError> {
    let now = app.now();
    store::referrals_of(ex, case_id)
        .await?
        .into_iter()
        .map(|r| referral_view(app, r, readable, now))
        .collect()
}

/// Writes a changed case, its new timeline entry and the audit record in one transaction.
async fn commit_change(
    app: &App,
    caller: &Caller,
    row: Option<(&CaseRow, i64)>,
    unit_code: &str,
    event: super::NewEvent,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    let mut tx = app.db.begin().await?;
    if let Some((row, read_at)) = row {
        super::save(&mut tx.ex(), row, read_at).await?;
    }
    let case_id = event.0.case_id;
    store::add_event(&mut tx.ex(), &event.0).await?;
    let entry = caller
        .entry(action, "case", case_id.to_string())
        .in_unit(unit_code)
        .detail(detail);
    audit::commit(app, tx, entry, app.now()).await?;
    Ok(())
}

/// Saves a case changed in place (as read at `read_at`) with the timeline event that says what
/// changed; the audit log records an `update`.
async fn commit_update(
    app: &App,
    caller: &Caller,
    row: &CaseRow,
    read_at: i64,
    event: super::NewEvent,
) -> Result<(), AppError> {
    let unit_code = &row.unit_code;
    let changed = Some((row, read_at));
    commit_change(app, caller, changed, unit_code, event, "update", json!({})).await
}

/// Kinds of entries a handler writes by hand.
pub const ENTRY_KINDS: &[&str] = &["note", "call", "visit", "follow_up"];

/// A note, call or visit written by hand, as the API (`NewEntry`) and the case page take it.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = NewEntry)]
pub struct EntryInput {
    /// note, call, visit, follow_up
    pub kind: String,
    pub body: String,
}

/// A note, call or visit; a `follow_up` entry on a closed case is its return visit (回访).
pub async fn add_entry(
    app: &App,
    caller: &Caller,
    case_id: i64,
    input: EntryInput,
) -> Result<Event, AppError> {
    let (kind, body) = (input.kind.as_str(), input.body.as_str());
    // A case out of sight is 404 before the role is asked (no existence leak).
    let mut row = load(app, caller, case_id).await?;
    require_handler_role(caller)?;
    let read_at = row.updated_at;
    let kind = ENTRY_KINDS
        .iter()
        .find(|k| **k == kind.trim())
        .ok_or_else(|| AppError::invalid_detail("kind", "invalid_choice", kind))?;
    let body = text("body", body, NOTE_MAX)?;
    let now = app.now();
    let changed = if *kind == "follow_up" && row.status == Status::Closed.as_str() {
        row.followed_up_at = Some(now);
        row.updated_at = now;
        Some((&row, read_at))
    } else {
        None
    };
    let event = new_event(app, case_id, Some(caller), kind, now).body(app, &body);
    let view = Event {
        id: event.0.id,
        at: now,
        actor: event.0.actor.clone(),
        kind: (*kind).into(),
        from_status: None,
        to_status: None,
        body: Some(body),
        detail: json!({}),
    };
    commit_change(
        app,
        caller,
        changed,
        &row.unit_code,
        event,
        "add_entry",
        json!({ "kind": kind }),
    )
    .await?;
    Ok(view)
}

// ---- referrals ----

/// A referral as the API (`NewReferral`) and the case page take it.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = NewReferral)]
pub struct ReferralInput {
    /// A department code from `/api/v1/departments`.
    pub department_code: String,
    /// What the department is asked to do.
    pub request: String,
}

/// Refers a case to a department: the request, a due date ten working days on, and the case
/// moves to `referred` (from any open status; a new case is referred on the spot).
pub async fn refer(
    app: &App,
    caller: &Caller,
    case_id: i64,
    input: ReferralInput,
) -> Result<Referral, AppError> {
    let (department_code, request) = (input.department_code.as_str(), input.request.as_str());
    // A case out of sight is 404 before the role is asked (no existence leak).
    let mut row = load(app, caller, case_id).await?;
    require_handler_role(caller)?;
    let read_at = row.updated_at;
    let department = department_code.trim();
    if department.is_empty() {
        return Err(AppError::invalid("department_code", "required"));
    }
    let departments = units::departments(&mut app.db.ex()).await?;
    if !departments.iter().any(|d| d.code == department) {
        return Err(AppError::invalid_detail(
            "department_code",
            "unknown_department",
            department,
        ));
    }
    let request = text("request", request, NOTE_MAX)?;
    let from = Status::parse(&row.status).unwrap_or(Status::New);
    if from != Status::Referred && !from.may_become(Status::Referred) {
        return Err(invalid_transition(from, Status::Referred));
    }
    let now = app.now();
    let referral_id = app.ids.next(now);
    let referral = ReferralRow {
        id: referral_id,
        case_id,
        department_code: department.into(),
        request_cipher: app.cipher.seal(&request, CTX_REQUEST, referral_id),
        asked_at: now,
        asked_by: caller.display_name.clone(),
        due_at: crate::calendar::work_calendar(app, today(app))
            .await?
            .add_working_days(today(app), REFERRAL_WORKING_DAYS)
            .end_ms_china(),
        answer_cipher: None,
        answered_at: None,
        answered_by: None,
    };
    let mut event = new_event(app, case_id, Some(caller), "referral", now)
        .body(app, &request)
        .detail(json!({ "department": department, "referral_id": referral.id }));
    if from != Status::Referred {
        super::enter_status(app, &mut row, Status::Referred, now).await?;
        row.handler_id = row.handler_id.or(caller.author());
        row.updated_at = now;
        event = event.from(from).to(Status::Referred);
    }
    let mut tx = app.db.begin().await?;
    super::save(&mut tx.ex(), &row, read_at).await?;
    store::add_referral(&mut tx.ex(), &referral).await?;
    store::add_event(&mut tx.ex(), &event.0).await?;
    let entry = caller
        .entry("refer", "case", case_id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({ "department": department }));
    audit::commit(app, tx, entry, now).await?;
    referral_view(app, referral, true, now)
}

/// A department's answer to a referral.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = ReferralAnswer)]
pub struct AnswerInput {
    pub answer: String,
}

/// Records a department's answer: by the case's handlers, or by a reporter of that department.
pub async fn answer_referral(
    app: &App,
    caller: &Caller,
    referral_id: i64,
    input: AnswerInput,
) -> Result<Referral, AppError> {
    let answer = input.answer.as_str();
    let referral = store::find_referral(&mut app.db.ex(), referral_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = if caller.role == Role::Department {
        let own = accounts_department(app, caller).await?;
        if own.as_deref() != Some(referral.department_code.as_str()) {
            return Err(AppError::NotFound);
        }
        None
    } else {
        require_handler_role(caller)?;
        Some(load(app, caller, referral.case_id).await?)
    };
    if referral.answered_at.is_some() {
        return Err(AppError::Conflict {
            code: "referral_answered",
            field: None,
            detail: None,
        });
    }
    let answer = text("answer", answer, NOTE_MAX)?;
    let now = app.now();
    let cipher = app.cipher.seal(&answer, CTX_ANSWER, referral_id);
    let event = new_event(app, referral.case_id, Some(caller), "referral_answer", now)
        .body(app, &answer)
        .detail(json!({ "department": referral.department_code, "referral_id": referral_id }));
    let (unit, restricted) = match &row {
        Some(r) => (r.unit_code.clone(), r.restricted),
        None => case_unit(app, referral.case_id).await?,
    };
    let mut tx = app.db.begin().await?;
    store::answer_referral(
        &mut tx.ex(),
        referral_id,
        &cipher,
        now,
        &caller.display_name,
    )
    .await?;
    store::add_event(&mut tx.ex(), &event.0).await?;
    let entry = caller
        .entry("answer_referral", "case", referral.case_id.to_string())
        .in_unit(&unit)
        .detail(json!({ "referral_id": referral_id }));
    audit::commit(app, tx, entry, now).await?;
    let answered = ReferralRow {
        answer_cipher: Some(cipher),
        answered_at: Some(now),
        answered_by: Some(caller.display_name.clone()),
        ..referral
    };
    // A department learns a restricted case's request from its handler, not from us.
    referral_view(app, answered, !restricted, now)
}

async fn accounts_department(app: &App, caller: &Caller) -> Result<Option<String>, AppError> {
    Ok(
        jinguo_db::accounts::find_by_id(&mut app.db.ex(), caller.user_id)
            .await?
            .and_then(|u| u.department_code),
    )
}

/// The unit of a case and whether it is restricted (for a department, which cannot load it).
async fn case_unit(app: &App, case_id: i64) -> Result<(String, bool), AppError> {
    Ok(jinguo_db::cases::unit_and_restriction(&mut app.db.ex(), case_id).await?)
}

/// A referral as its department sees it: the request, not the case.
#[derive(Debug, Clone)]
pub struct InboxItem {
    pub referral: Referral,
    pub case_code: String,
}

/// Referrals addressed to the caller's department (department reporters' inbox). Requests of
/// restricted cases are withheld: their department learns of them from the handler.
pub async fn department_inbox(app: &App, caller: &Caller) -> Result<Vec<InboxItem>, AppError> {
    if caller.role != Role::Department {
        return Err(AppError::Forbidden);
    }
    let Some(department) = accounts_department(app, caller).await? else {
        return Ok(Vec::new());
    };
    let now = app.now();
    store::referrals_to(&mut app.db.ex(), &department, 200)
        .await?
        .into_iter()
        .map(|(r, case_code, restricted)| {
            Ok(InboxItem {
                referral: referral_view(app, r, !restricted, now)?,
                case_code,
            })
        })
        .collect()
}

/// Unanswered referrals past their due date, on cases the caller may see.
pub async fn overdue_referrals(app: &App, caller: &Caller) -> Result<Vec<InboxItem>, AppError> {
    let vis = visibility(caller)?;
    let now = app.now();
    store::overdue_referrals(&mut app.db.ex(), &vis, None, now, 200)
        .await?
        .into_iter()
        .map(|(r, case_code)| {
            Ok(InboxItem {
                referral: referral_view(app, r, false, now)?,
                case_code,
            })
        })
        .collect()
}

// ---- attachments ----

pub use crate::sealed_files::{allowed_types, size_limit_text, FILE_LIMIT as ATTACHMENT_LIMIT};
use crate::sealed_files::{file_entry, kept_file, read_kept, KeptFile, Upload};

/// A file of a case as its readers see it: its name opened (where it is stored is not shown).
#[derive(Debug, Clone)]
pub struct Attachment {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

impl From<AttachmentRow> for Attachment {
    fn from(a: AttachmentRow) -> Attachment {
        Attachment {
            id: a.id,
            file_name: a.file_name,
            content_type: a.content_type,
            size: a.size,
            sha256: a.sha256,
            uploaded_at: a.uploaded_at,
            uploaded_by: a.uploaded_by,
        }
    }
}

// A case file's identity is bound into its encryption, so a file moved to another row fails.
kept_file!(AttachmentRow in "cases", "case.attachment", owner case_id of "case",
    id_key "attachment_id", insert store::add_attachment);

/// Stores a file of the case, encrypted, under the data directory; the checksum is of the
/// original bytes, checked again on every download.
pub async fn attach(
    app: &App,
    caller: &Caller,
    case_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<Attachment, AppError> {
    // A case out of sight is 404 before the role is asked (no existence leak).
    let row = load(app, caller, case_id).await?;
    require_handler_role(caller)?;
    let upload = Upload::check(file_name, bytes)?;
    let now = app.now();
    let id = app.ids.next(now);
    let attachment = AttachmentRow {
        id,
        case_id,
        file_name: upload.sealed_name::<AttachmentRow>(app, case_id, id),
        content_type: upload.content_type.into(),
        size: upload.size(),
        sha256: upload.sha256.clone(),
        stored_name: format!("{id}.bin"),
        uploaded_at: now,
        uploaded_by: caller.display_name.clone(),
    };
    let entry = file_entry(
        caller,
        "attach",
        &attachment,
        &row.unit_code,
        Some(upload.size()),
    );
    // The case's own timeline says what the audit log says.
    let event =
        new_event(app, case_id, Some(caller), "attachment", now).detail(entry.detail.clone());
    let save = async {
        let mut tx = app.db.begin().await?;
        attachment.insert(&mut tx.ex()).await?;
        store::add_event(&mut tx.ex(), &event.0).await?;
        audit::commit(app, tx, entry, now).await?;
        Ok::<_, AppError>(())
    };
    attachment.place(app).keep(app, &upload.bytes, save).await?;
    Ok(AttachmentRow {
        file_name: upload.file_name,
        ..attachment
    }
    .into())
}

/// The attachments of a case with their names readable.
pub(crate) async fn attachments(
    app: &App,
    ex: &mut Exec<'_>,
    case_id: i64,
) -> Result<Vec<AttachmentRow>, AppError> {
    store::attachments_of(ex, case_id)
        .await?
        .into_iter()
        .map(|a| {
            let file_name = a.file_name(app)?;
            Ok(AttachmentRow { file_name, ..a })
        })
        .collect()
}

/// A case file's name, type and original bytes (checksum verified); the read is audited.
pub async fn read_attachment(
    app: &App,
    caller: &Caller,
    case_id: i64,
    attachment_id: i64,
) -> Result<(Attachment, Vec<u8>), AppError> {
    let row = load(app, caller, case_id).await?;
    if caller.role.administers() {
        return Err(AppError::NotFound);
    }
    let attachment = attachments(app, &mut app.db.ex(), case_id)
        .await?
        .into_iter()
        .find(|a| a.id == attachment_id)
        .ok_or(AppError::NotFound)?;
    let bytes = read_kept(app, caller, &attachment, &row.unit_code).await?;
    Ok((attachment.into(), bytes))
}

// ---- domestic violence ----

/// The risk screening of a domestic-violence case: the items answered "yes".
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Screening)]
pub struct ScreeningInput {
    /// The risk items answered "yes".
    pub yes: Vec<String>,
}

/// Records (or repeats) the risk screening; a high level makes the case an emergency.
pub async fn record_screening(
    app: &App,
    caller: &Caller,
    case_id: i64,
    input: ScreeningInput,
) -> Result<jinguo_domain::cases::RiskScreening, AppError> {
    let yes = input.yes.as_slice();
    // A case out of sight is 404 before the role is asked (no existence leak).
    let mut row = load(app, caller, case_id).await?;
    require_handler_role(caller)?;
    let read_at = row.updated_at;
    let screening =
        screen(yes).map_err(|e| AppError::invalid_detail("risk_items", "invalid_choice", e.0))?;
    let now = app.now();
    row.risk_cipher = Some(
        app.cipher
            .seal(&json!(screening.yes).to_string(), CTX_RISK, row.id),
    );
    row.risk_score = Some(i64::from(screening.score));
    row.risk_level = Some(screening.level.as_str().into());
    if screening.level == RiskLevel::High {
        row.urgency = Urgency::Emergency.as_str().into();
    }
    row.updated_at = now;
    let event = new_event(app, case_id, Some(caller), "screening", now)
        .detail(json!({ "score": screening.score, "level": screening.level }));
    commit_update(app, caller, &row, read_at, event).await?;
    Ok(screening)
}

// A protection order applied for or updated (the API's `PutOrder`).
#[derive(Debug, Clone, Default, serde::Deserialize, ToSchema)]
#[schema(as = PutOrder)]
pub struct OrderInput {
    /// The order to update; absent records a new application.
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "crate::changes::null_as_default")]
    #[schema(value_type = Option<String>)]
    pub applied_on: String,
    #[serde(default, deserialize_with = "crate::changes::null_as_default")]
    #[schema(value_type = Option<String>)]
    pub court: String,
    /// applied, granted, rejected, withdrawn
    pub status: String,
    pub decided_on: Option<String>,
    pub valid_until: Option<String>,
}

// A protection order of a case (the API's `OrderView`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OrderView)]
pub struct Order {
    pub id: i64,
    pub applied_on: String,
    pub court: String,
    /// applied, granted, rejected, withdrawn
    pub status: String,
    pub decided_on: Option<String>,
    pub valid_until: Option<String>,
}

impl From<OrderRow> for Order {
    fn from(o: OrderRow) -> Order {
        Order {
            id: o.id,
            applied_on: o.applied_on,
            court: o.court,
            status: o.status,
            decided_on: o.decided_on,
            valid_until: o.valid_until,
        }
    }
}

/// An application for a personal safety protection order (人身安全保护令), or its outcome.
pub async fn put_order(
    app: &App,
    caller: &Caller,
    case_id: i64,
    input: OrderInput,
) -> Result<Order, AppError> {
    // A case out of sight is 404 before the role is asked (no existence leak).
    let row = load(app, caller, case_id).await?;
    require_handler_role(caller)?;
    let status = super::choice("status", &input.status, OrderStatus::parse)?;
    let decided_on = optional_date("decided_on", input.decided_on.as_deref())?;
    if matches!(status, OrderStatus::Granted | OrderStatus::Rejected) && decided_on.is_none() {
        return Err(AppError::invalid("decided_on", "required"));
    }
    let now = app.now();
    let existing = store::orders_of(&mut app.db.ex(), case_id).await?;
    let order = match input.id {
        Some(id) => {
            let old = existing
                .into_iter()
                .find(|o| o.id == id)
                .ok_or(AppError::NotFound)?;
            OrderRow {
                status: status.as_str().into(),
                decided_on,
                valid_until: optional_date("valid_until", input.valid_until.as_deref())?,
                updated_at: now,
                ..old
            }
        }
        None => OrderRow {
            id: app.ids.next(now),
            case_id,
            applied_on: date("applied_on", &input.applied_on)?,
            court: text("court", &input.court, 100)?,
            status: status.as_str().into(),
            decided_on,
            valid_until: optional_date("valid_until", input.valid_until.as_deref())?,
            created_at: now,
            updated_at: now,
        },
    };
    let event = new_event(app, case_id, Some(caller), "protection_order", now).detail(json!({
        "order_id": order.id, "status": order.status, "court": order.court,
        "applied_on": order.applied_on, "decided_on": order.decided_on, "valid_until": order.valid_until
    }));
    let mut tx = app.db.begin().await?;
    store::put_order(&mut tx.ex(), &order).await?;
    store::add_event(&mut tx.ex(), &event.0).await?;
    let entry = caller
        .entry("update", "case", case_id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({ "order_id": order.id }));
    audit::commit(app, tx, entry, now).await?;
    Ok(order.into())
}

/// The victim's capacity and the mandatory report, as the API (`MandatoryReport`) and the case
/// page take them.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = MandatoryReport)]
pub struct ReportInput {
    pub lacks_capacity: Option<bool>,
    /// Who the report went to (e.g. the police station).
    pub recipient: Option<String>,
    /// `YYYY-MM-DD`
    pub reported_on: Option<String>,
}

/// Marks the victim as lacking capacity (which may make a report mandatory) and records the
/// mandatory report's recipient and date.
pub async fn record_report(
    app: &App,
    caller: &Caller,
    case_id: i64,
    input: ReportInput,
) -> Result<CaseRow, AppError> {
    let (lacks_capacity, recipient, reported_on) = (
        input.lacks_capacity,
        input.recipient.as_deref(),
        input.reported_on.as_deref(),
    );
    // A case out of sight is 404 before the role is asked (no existence leak).
    let mut row = load(app, caller, case_id).await?;
    require_handler_role(caller)?;
    let read_at = row.updated_at;
    let now = app.now();
    if let Some(flag) = lacks_capacity {
        row.lacks_capacity = flag;
        let people: Vec<i64> = store::people_of(&mut app.db.ex(), case_id)
            .await?
            .iter()
            .map(|p| p.person_id)
            .collect();
        let births = jinguo_db::people::births_of(&mut app.db.ex(), &people).await?;
        let minors = super::any_minor(app, &births, today(app))?;
        let category = super::category_of(&row);
        row.mandatory_report = super::needs_mandatory_report(category, flag, minors);
    }
    let recipient = optional_text("report_recipient", recipient, 100)?;
    let reported_on = optional_date("reported_on", reported_on)?;
    match (&recipient, &reported_on) {
        (Some(_), None) => return Err(AppError::invalid("reported_on", "required")),
        (None, Some(_)) => return Err(AppError::invalid("report_recipient", "required")),
        (Some(r), Some(d)) => {
            row.report_recipient = Some(r.clone());
            row.reported_on = Some(d.clone());
        }
        (None, None) => {}
    }
    row.updated_at = now;
    let event = new_event(app, case_id, Some(caller), "mandatory_report", now).detail(json!({
        "lacks_capacity": row.lacks_capacity, "required": row.mandatory_report,
        "recipient": row.report_recipient, "reported_on": row.reported_on
    }));
    commit_update(app, caller, &row, read_at, event).await?;
    Ok(row)
}
