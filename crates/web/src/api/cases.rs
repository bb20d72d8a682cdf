//! The casework API: cases and their workflow, timeline entries, referrals, attachments, the
//! domestic-violence specifics, deadlines, statistics, briefings and the public intake.

use super::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiMultipart, ApiQuery, ClientOrigin};
use crate::AppState;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jinguo_app::cases::briefings::{self, Briefing, BriefingInput, ItemInput, ResponseInput};
use jinguo_app::cases::public::{self, PublicIntake};
use jinguo_app::cases::timeline::{self, InboxItem, OrderInput, Referral};
use jinguo_app::cases::{self, Case, CaseDetail, CaseInput, CaseQuery, TransitionInput};
use jinguo_app::AppError;
use jinguo_domain::cases::DeadlineRule;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// RFC 3339 in UTC+8, the federation's time.
pub fn iso(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(|t| t.to_offset(time::macros::offset!(+8)))
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

pub(crate) fn parse_id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HandlerView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
}

/// A case as lists and the API show it (no narrative: that is on the case page).
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    pub id: i64,
    /// `R2026-00001` (rights) or `E2026-00001` (enterprise).
    pub code: String,
    /// rights, enterprise
    pub kind: String,
    /// hotline_12338, walk_in, letter, online, outreach, liaison_visit
    pub channel: String,
    pub category: String,
    /// normal, urgent, emergency
    pub urgency: String,
    /// new, assigned, in_progress, referred, escalated, resolved, closed
    pub status: String,
    /// Seen only by its handler and district federation staff.
    pub restricted: bool,
    pub unit_code: String,
    pub handler: Option<HandlerView>,
    pub enterprise_id: Option<i64>,
    pub enterprise_name: Option<String>,
    pub caller_phone_masked: Option<String>,
    pub risk_score: Option<i64>,
    /// low, medium, high
    pub risk_level: Option<String>,
    pub lacks_capacity: bool,
    /// A report to the authorities is owed (minor or incapacitated victim).
    pub mandatory_report: bool,
    pub report_recipient: Option<String>,
    pub reported_on: Option<String>,
    pub satisfaction: Option<String>,
    /// When the current status's deadline passes.
    pub due_at: Option<String>,
    pub overdue: bool,
    pub follow_up_due: Option<String>,
    pub followed_up_at: Option<String>,
    pub opened_on: String,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
}

impl CaseView {
    pub fn of(c: &Case) -> CaseView {
        let r = &c.row;
        CaseView {
            id: r.id,
            code: r.code.clone(),
            kind: r.kind.clone(),
            channel: r.channel.clone(),
            category: r.category.clone(),
            urgency: r.urgency.clone(),
            status: r.status.clone(),
            restricted: r.restricted,
            unit_code: r.unit_code.clone(),
            handler: c.handler.as_ref().map(|h| HandlerView {
                id: h.id,
                username: h.username.clone(),
                display_name: h.display_name.clone(),
            }),
            enterprise_id: r.enterprise_id,
            enterprise_name: r.enterprise_name.clone(),
            caller_phone_masked: r.caller_phone_masked.clone(),
            risk_score: r.risk_score,
            risk_level: r.risk_level.clone(),
            lacks_capacity: r.lacks_capacity,
            mandatory_report: r.mandatory_report,
            report_recipient: r.report_recipient.clone(),
            reported_on: r.reported_on.clone(),
            satisfaction: r.satisfaction.clone(),
            due_at: r.due_at.map(iso),
            overdue: c.overdue,
            follow_up_due: r.follow_up_due.map(iso),
            followed_up_at: r.followed_up_at.map(iso),
            opened_on: r.opened_on.clone(),
            created_at: iso(r.created_at),
            updated_at: iso(r.updated_at),
            closed_at: r.closed_at.map(iso),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CasePersonView {
    pub person_id: i64,
    pub name: String,
    pub id_number_masked: String,
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub id: i64,
    pub at: String,
    pub actor: String,
    /// created, status, reopened, note, call, visit, follow_up, referral, referral_answer,
    /// attachment, screening, protection_order, mandatory_report, briefing, briefing_response
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub body: Option<String>,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralView {
    pub id: i64,
    pub case_id: i64,
    pub department_code: String,
    pub request: Option<String>,
    pub asked_at: String,
    pub asked_by: String,
    pub due_at: String,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    pub answered_by: Option<String>,
    pub overdue: bool,
}

impl ReferralView {
    pub fn of(r: Referral) -> ReferralView {
        ReferralView {
            id: r.id,
            case_id: r.case_id,
            department_code: r.department_code,
            request: r.request,
            asked_at: iso(r.asked_at),
            asked_by: r.asked_by,
            due_at: iso(r.due_at),
            answer: r.answer,
            answered_at: r.answered_at.map(iso),
            answered_by: r.answered_by,
            overdue: r.overdue,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: String,
    pub uploaded_by: String,
}

impl AttachmentView {
    fn of(a: &jinguo_db::cases::AttachmentRow) -> AttachmentView {
        AttachmentView {
            id: a.id,
            file_name: a.file_name.clone(),
            content_type: a.content_type.clone(),
            size: a.size,
            sha256: a.sha256.clone(),
            uploaded_at: iso(a.uploaded_at),
            uploaded_by: a.uploaded_by.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderView {
    pub id: i64,
    pub applied_on: String,
    pub court: String,
    /// applied, granted, rejected, withdrawn
    pub status: String,
    pub decided_on: Option<String>,
    pub valid_until: Option<String>,
}

impl OrderView {
    fn of(o: &jinguo_db::cases::OrderRow) -> OrderView {
        OrderView {
            id: o.id,
            applied_on: o.applied_on.clone(),
            court: o.court.clone(),
            status: o.status.clone(),
            decided_on: o.decided_on.clone(),
            valid_until: o.valid_until.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetailView {
    #[serde(flatten)]
    pub case: CaseView,
    /// Absent for readers who may not read narratives (the administrator).
    pub narrative: Option<String>,
    pub outcome: Option<String>,
    pub caller_name: Option<String>,
    pub risk_items: Option<Vec<String>>,
    pub people: Vec<CasePersonView>,
    pub timeline: Vec<EventView>,
    pub referrals: Vec<ReferralView>,
    pub attachments: Vec<AttachmentView>,
    pub protection_orders: Vec<OrderView>,
    pub briefing_ids: Vec<i64>,
}

impl CaseDetailView {
    fn of(d: CaseDetail) -> CaseDetailView {
        CaseDetailView {
            case: CaseView::of(&d.case),
            narrative: d.narrative,
            outcome: d.outcome,
            caller_name: d.caller_name,
            risk_items: d.risk.map(|r| r.yes),
            people: d
                .people
                .into_iter()
                .map(|p| CasePersonView {
                    person_id: p.person_id,
                    name: p.name,
                    id_number_masked: p.id_masked,
                    role: p.role,
                })
                .collect(),
            timeline: d
                .timeline
                .into_iter()
                .map(|e| EventView {
                    id: e.id,
                    at: iso(e.at),
                    actor: e.actor,
                    kind: e.kind,
                    from_status: e.from_status,
                    to_status: e.to_status,
                    body: e.body,
                    detail: e.detail,
                })
                .collect(),
            referrals: d.referrals.into_iter().map(ReferralView::of).collect(),
            attachments: d.attachments.iter().map(AttachmentView::of).collect(),
            protection_orders: d.orders.iter().map(OrderView::of).collect(),
            briefing_ids: d.briefings.iter().map(|b| b.0).collect(),
        }
    }
}

// ---- cases ----

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCase {
    /// rights, enterprise
    pub kind: String,
    pub channel: String,
    pub category: String,
    pub unit_code: String,
    pub narrative: String,
    pub person_ids: Option<Vec<i64>>,
    pub enterprise_id: Option<i64>,
    pub enterprise_name: Option<String>,
    pub urgency: Option<String>,
    /// An anonymous caller's name and phone (not from the registry).
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub lacks_capacity: Option<bool>,
    /// Risk screening items answered "yes" (domestic violence): escalating, weapon,
    /// strangulation, threat_to_kill, pregnant_abuse, substance_abuse, controlling, separation,
    /// suicide_threat, children_harmed, stalking, victim_fears_death.
    pub risk_items: Option<Vec<String>>,
}

#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = NewCase,
    responses((status = 201, body = CaseView), (status = 422, body = ErrorBody)))]
pub async fn create_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<NewCase>,
) -> Result<(StatusCode, Json<CaseView>), ApiError> {
    let input = CaseInput {
        kind: body.kind,
        channel: body.channel,
        category: body.category,
        unit_code: body.unit_code,
        narrative: body.narrative,
        person_ids: body.person_ids.unwrap_or_default(),
        enterprise_id: body.enterprise_id,
        enterprise_name: body.enterprise_name,
        urgency: body.urgency,
        caller_name: body.caller_name,
        caller_phone: body.caller_phone,
        lacks_capacity: body.lacks_capacity.unwrap_or(false),
        risk_items: body.risk_items,
    };
    let case = cases::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(CaseView::of(&case))))
}

/// Filters of the case list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseParams {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub channel: Option<String>,
    /// Only cases past their deadline.
    pub overdue: Option<bool>,
    /// Only closed cases whose follow-up visit is due.
    pub follow_up_due: Option<bool>,
    /// A unit and its subtree.
    pub unit_code: Option<String>,
    /// A handler's username or id.
    pub handler: Option<String>,
    /// Only the caller's own cases.
    pub mine: Option<bool>,
    /// Opened on or after (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Opened on or before (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// A case code, or a person's name, pinyin or ID tail.
    pub q: Option<String>,
    pub person_id: Option<i64>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl CaseParams {
    pub fn query(&self) -> CaseQuery {
        CaseQuery {
            status: self.status.clone(),
            kind: self.kind.clone(),
            category: self.category.clone(),
            channel: self.channel.clone(),
            overdue: self.overdue.unwrap_or(false),
            follow_up_due: self.follow_up_due.unwrap_or(false),
            unit_code: self.unit_code.clone(),
            handler: self.handler.clone(),
            mine: self.mine.unwrap_or(false),
            from: self.from.clone(),
            to: self.to.clone(),
            q: self.q.clone(),
            person_id: self.person_id,
        }
    }

    fn paging(&self) -> Paging {
        Paging {
            page: self.page,
            per_page: self.per_page,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(CaseParams),
    responses((status = 200, body = ListOf<CaseView>), (status = 422, body = ErrorBody)))]
pub async fn list_cases(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<CaseParams>,
) -> Result<Json<ListOf<CaseView>>, ApiError> {
    let (page, per_page) = params.paging().resolve()?;
    let found = cases::list(&state.app, &caller, &params.query(), page, per_page).await?;
    Ok(Json(ListOf {
        items: found.items.iter().map(CaseView::of).collect(),
        total: found.total,
        page,
        per_page,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Count {
    pub count: i64,
}

#[utoipa::path(get, path = "/api/v1/cases/overdue/count", tag = "cases",
    responses((status = 200, body = Count)))]
pub async fn overdue_count(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Count>, ApiError> {
    let count = cases::overdue_count(&state.app, &caller).await?;
    Ok(Json(Count { count }))
}

/// A case the caller took in, by its status only (no narrative, people or files).
#[derive(Debug, Serialize, ToSchema)]
pub struct TakenInView {
    pub code: String,
    pub status: String,
    /// The deadline of the current status, if it has one.
    pub due_at: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/cases/taken-in", tag = "cases",
    responses((status = 200, body = Vec<TakenInView>), (status = 403, body = ErrorBody)))]
pub async fn taken_in_by_me(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<TakenInView>>, ApiError> {
    let rows = cases::taken_in_by_me(&state.app, &caller).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| TakenInView {
                code: r.code,
                status: r.status,
                due_at: r.due_at.map(iso),
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    responses((status = 200, body = CaseDetailView), (status = 404, body = ErrorBody)))]
pub async fn get_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<CaseDetailView>, ApiError> {
    let detail = cases::get(&state.app, &caller, parse_id(&id)?).await?;
    Ok(Json(CaseDetailView::of(detail)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Transition {
    /// new, assigned, in_progress, referred, escalated, resolved, closed
    pub to: String,
    /// The handler's username or user id (required when `to` is `assigned`).
    #[schema(value_type = Option<String>)]
    pub handler: Option<serde_json::Value>,
    pub note: Option<String>,
    /// Required to close (if not given before).
    pub outcome: Option<String>,
    /// very_satisfied, satisfied, basically_satisfied, dissatisfied (required to close).
    pub satisfaction: Option<String>,
}

fn handler_key(value: Option<serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Object(o) => o
            .get("id")
            .or_else(|| o.get("username"))
            .map(|v| v.to_string().trim_matches('"').to_owned()),
        _ => None,
    }
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/transition", tag = "cases", request_body = Transition,
    responses((status = 200, body = CaseView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Transition>,
) -> Result<Json<CaseView>, ApiError> {
    let input = TransitionInput {
        to: body.to,
        handler: handler_key(body.handler),
        note: body.note,
        outcome: body.outcome,
        satisfaction: body.satisfaction,
    };
    let case = cases::transition(&state.app, &caller, parse_id(&id)?, input).await?;
    Ok(Json(CaseView::of(&case)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewEntry {
    /// note, call, visit, follow_up
    pub kind: String,
    pub body: String,
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/entries", tag = "cases", request_body = NewEntry,
    responses((status = 201, body = EventView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_entry(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewEntry>,
) -> Result<(StatusCode, Json<EventView>), ApiError> {
    let e =
        timeline::add_entry(&state.app, &caller, parse_id(&id)?, &body.kind, &body.body).await?;
    Ok((
        StatusCode::CREATED,
        Json(EventView {
            id: e.id,
            at: iso(e.at),
            actor: e.actor,
            kind: e.kind,
            from_status: None,
            to_status: None,
            body: e.body,
            detail: e.detail,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewReferral {
    /// A department code from `/api/v1/departments`.
    pub department_code: String,
    /// What the department is asked to do.
    pub request: String,
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/referrals", tag = "cases", request_body = NewReferral,
    responses((status = 201, body = ReferralView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn refer_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewReferral>,
) -> Result<(StatusCode, Json<ReferralView>), ApiError> {
    let r = timeline::refer(
        &state.app,
        &caller,
        parse_id(&id)?,
        &body.department_code,
        &body.request,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(ReferralView::of(r))))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReferralAnswer {
    pub answer: String,
}

#[utoipa::path(post, path = "/api/v1/referrals/{id}/answer", tag = "cases", request_body = ReferralAnswer,
    responses((status = 200, body = ReferralView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn answer_referral(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReferralAnswer>,
) -> Result<Json<ReferralView>, ApiError> {
    let r = timeline::answer_referral(&state.app, &caller, parse_id(&id)?, &body.answer).await?;
    Ok(Json(ReferralView::of(r)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InboxView {
    pub case_code: String,
    #[serde(flatten)]
    pub referral: ReferralView,
}

fn inbox(items: Vec<InboxItem>) -> Vec<InboxView> {
    items
        .into_iter()
        .map(|i| InboxView {
            case_code: i.case_code,
            referral: ReferralView::of(i.referral),
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/referrals/overdue", tag = "cases",
    responses((status = 200, body = Vec<InboxView>)))]
pub async fn overdue_referrals(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<InboxView>>, ApiError> {
    Ok(Json(inbox(
        timeline::overdue_referrals(&state.app, &caller).await?,
    )))
}

#[utoipa::path(get, path = "/api/v1/referrals/inbox", tag = "cases",
    responses((status = 200, body = Vec<InboxView>), (status = 403, body = ErrorBody)))]
pub async fn department_inbox(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<InboxView>>, ApiError> {
    Ok(Json(inbox(
        timeline::department_inbox(&state.app, &caller).await?,
    )))
}

/// Reads the `file` part of an upload; a part over the route's limit is a 413 naming it.
pub(crate) async fn upload_file(
    multipart: &mut Multipart,
) -> Result<(Option<(String, Vec<u8>)>, Vec<(String, String)>), AppError> {
    let refused = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge {
                field: "file",
                limit: timeline::size_limit_text(),
            }
        } else {
            AppError::invalid_detail("file", "malformed_upload", e.body_text())
        }
    };
    let (mut file, mut fields) = (None, Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("").to_owned();
            file = Some((file_name, field.bytes().await.map_err(refused)?.to_vec()));
        } else {
            fields.push((name, field.text().await.map_err(refused)?));
        }
    }
    Ok((file, fields))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/attachments", tag = "cases",
    request_body(content_type = "multipart/form-data", description = "a `file` part: pdf, jpg, png, docx, xlsx, doc, xls, txt, mp3, m4a or amr, at most 10 MB"),
    responses((status = 201, body = AttachmentView), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
pub async fn attach_file(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiMultipart(mut multipart): ApiMultipart,
) -> Result<(StatusCode, Json<AttachmentView>), ApiError> {
    let id = parse_id(&id)?;
    let (file, _) = upload_file(&mut multipart).await?;
    let (name, bytes) = file.ok_or_else(|| AppError::invalid("file", "required"))?;
    let a = timeline::attach(&state.app, &caller, id, &name, bytes).await?;
    Ok((StatusCode::CREATED, Json(AttachmentView::of(&a))))
}

/// A stored file as a download, its name encoded for any browser.
pub(crate) fn download(file_name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let encoded: String = form_urlencoded::byte_serialize(file_name.as_bytes()).collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename*=UTF-8''{}",
                    encoded.replace('+', "%20")
                ),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from(bytes),
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/v1/cases/{id}/attachments/{attachment_id}", tag = "cases",
    responses((status = 200, description = "the file"), (status = 404, body = ErrorBody)))]
pub async fn get_attachment(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, attachment_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (a, bytes) = timeline::read_attachment(
        &state.app,
        &caller,
        parse_id(&id)?,
        parse_id(&attachment_id)?,
    )
    .await?;
    Ok(download(&a.file_name, &a.content_type, bytes))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Screening {
    /// The risk items answered "yes".
    pub yes: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScreeningView {
    pub yes: Vec<String>,
    pub score: u32,
    /// low, medium, high
    pub level: String,
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/screening", tag = "cases", request_body = Screening,
    responses((status = 200, body = ScreeningView), (status = 422, body = ErrorBody)))]
pub async fn screen_case(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Screening>,
) -> Result<Json<ScreeningView>, ApiError> {
    let s = timeline::record_screening(&state.app, &caller, parse_id(&id)?, &body.yes).await?;
    Ok(Json(ScreeningView {
        yes: s.yes,
        score: s.score,
        level: s.level.as_str().into(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PutOrder {
    /// The order to update; absent records a new application.
    pub id: Option<i64>,
    pub applied_on: Option<String>,
    pub court: Option<String>,
    /// applied, granted, rejected, withdrawn
    pub status: String,
    pub decided_on: Option<String>,
    pub valid_until: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/protection-orders", tag = "cases", request_body = PutOrder,
    responses((status = 200, body = OrderView), (status = 422, body = ErrorBody)))]
pub async fn put_order(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PutOrder>,
) -> Result<Json<OrderView>, ApiError> {
    let input = OrderInput {
        id: body.id,
        applied_on: body.applied_on.unwrap_or_default(),
        court: body.court.unwrap_or_default(),
        status: body.status,
        decided_on: body.decided_on,
        valid_until: body.valid_until,
    };
    let o = timeline::put_order(&state.app, &caller, parse_id(&id)?, input).await?;
    Ok(Json(OrderView::of(&o)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MandatoryReport {
    pub lacks_capacity: Option<bool>,
    /// Who the report went to (e.g. the police station).
    pub recipient: Option<String>,
    /// `YYYY-MM-DD`
    pub reported_on: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/mandatory-report", tag = "cases", request_body = MandatoryReport,
    responses((status = 200, body = CaseView), (status = 422, body = ErrorBody)))]
pub async fn mandatory_report(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MandatoryReport>,
) -> Result<Json<CaseView>, ApiError> {
    let id = parse_id(&id)?;
    timeline::record_report(
        &state.app,
        &caller,
        id,
        body.lacks_capacity,
        body.recipient.as_deref(),
        body.reported_on.as_deref(),
    )
    .await?;
    let case = cases::get_summary(&state.app, &caller, id).await?;
    Ok(Json(CaseView::of(&case)))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeadlineView {
    pub category: String,
    pub status: String,
    pub working_days: u32,
}

fn deadline_views(rules: Vec<DeadlineRule>) -> Vec<DeadlineView> {
    rules
        .into_iter()
        .map(|r| DeadlineView {
            category: r.category.as_str().into(),
            status: r.status.as_str().into(),
            working_days: r.working_days,
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/case-deadlines", tag = "cases",
    responses((status = 200, body = Vec<DeadlineView>)))]
pub async fn get_deadlines(
    State(state): State<AppState>,
    ApiCaller(_caller): ApiCaller,
) -> Result<Json<Vec<DeadlineView>>, ApiError> {
    Ok(Json(deadline_views(
        cases::deadline_rules(&state.app).await?,
    )))
}

#[utoipa::path(put, path = "/api/v1/case-deadlines", tag = "cases", request_body = Vec<DeadlineView>,
    responses((status = 200, body = Vec<DeadlineView>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_deadlines(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<Vec<DeadlineView>>,
) -> Result<Json<Vec<DeadlineView>>, ApiError> {
    use jinguo_domain::cases::{Category, Status};
    let rules = body
        .into_iter()
        .map(|d| {
            Ok(DeadlineRule {
                category: Category::parse(&d.category).ok_or_else(|| {
                    AppError::invalid_detail("category", "invalid_choice", &d.category)
                })?,
                status: Status::parse(&d.status).ok_or_else(|| {
                    AppError::invalid_detail("status", "invalid_choice", &d.status)
                })?,
                working_days: d.working_days,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let saved = cases::set_deadline_rules(&state.app, &caller, rules).await?;
    Ok(Json(deadline_views(saved)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct KeyCount {
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatsView {
    pub total: i64,
    pub by_category: Vec<KeyCount>,
    pub by_channel: Vec<KeyCount>,
    pub by_status: Vec<KeyCount>,
    pub by_kind: Vec<KeyCount>,
    /// `YYYY-MM` of intake.
    pub by_month: Vec<KeyCount>,
}

fn key_counts(rows: &[(String, i64)]) -> Vec<KeyCount> {
    rows.iter()
        .map(|(key, count)| KeyCount {
            key: key.clone(),
            count: *count,
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/cases/stats", tag = "cases", params(CaseParams),
    responses((status = 200, body = StatsView)))]
pub async fn case_stats(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(params): ApiQuery<CaseParams>,
) -> Result<Json<StatsView>, ApiError> {
    let s = cases::stats::case_stats(&state.app, &caller, &params.query()).await?;
    Ok(Json(StatsView {
        total: s.total,
        by_category: key_counts(&s.by_category),
        by_channel: key_counts(&s.by_channel),
        by_status: key_counts(&s.by_status),
        by_kind: key_counts(&s.by_kind),
        by_month: key_counts(&s.by_month),
    }))
}

// ---- briefings ----

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewBriefingItem {
    pub case_id: i64,
    pub heading: Option<String>,
    pub body: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewBriefing {
    pub case_ids: Vec<i64>,
    pub title: String,
    pub summary: Option<String>,
    pub suggestion: Option<String>,
    pub drafter: Option<String>,
    pub signer: Option<String>,
    pub items: Option<Vec<NewBriefingItem>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BriefingItemView {
    pub case_id: i64,
    pub heading: String,
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BriefingView {
    pub id: i64,
    /// `〔2026〕3号`
    pub code: String,
    pub title: String,
    pub summary: String,
    pub suggestion: String,
    pub drafter: String,
    pub signer: String,
    pub unit_code: String,
    pub created_at: String,
    pub sent_on: Option<String>,
    pub response: Option<String>,
    pub response_on: Option<String>,
    pub items: Vec<BriefingItemView>,
}

impl BriefingView {
    fn of(b: Briefing) -> BriefingView {
        let r = b.row;
        BriefingView {
            id: r.id,
            code: r.code,
            title: r.title,
            summary: r.summary,
            suggestion: r.suggestion,
            drafter: r.drafter,
            signer: r.signer,
            unit_code: r.unit_code,
            created_at: iso(r.created_at),
            sent_on: r.sent_on,
            response: r.response,
            response_on: r.response_on,
            items: b
                .items
                .into_iter()
                .map(|i| BriefingItemView {
                    case_id: i.case_id,
                    heading: i.heading,
                    body: i.body,
                })
                .collect(),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/briefings", tag = "cases", request_body = NewBriefing,
    responses((status = 201, body = BriefingView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_briefing(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<NewBriefing>,
) -> Result<(StatusCode, Json<BriefingView>), ApiError> {
    let input = BriefingInput {
        case_ids: body.case_ids,
        title: body.title,
        summary: body.summary,
        suggestion: body.suggestion,
        drafter: body.drafter,
        signer: body.signer,
        items: body
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|i| ItemInput {
                case_id: i.case_id,
                heading: i.heading,
                body: i.body,
            })
            .collect(),
    };
    let b = briefings::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(BriefingView::of(b))))
}

#[utoipa::path(get, path = "/api/v1/briefings", tag = "cases", params(Paging),
    responses((status = 200, body = ListOf<BriefingView>)))]
pub async fn list_briefings(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<ListOf<BriefingView>>, ApiError> {
    let (page, per_page) = paging.resolve()?;
    let (rows, total) = briefings::list(&state.app, &caller, page, per_page).await?;
    Ok(Json(ListOf {
        items: rows
            .into_iter()
            .map(|row| {
                BriefingView::of(Briefing {
                    row,
                    items: Vec::new(),
                })
            })
            .collect(),
        total,
        page,
        per_page,
    }))
}

#[utoipa::path(get, path = "/api/v1/briefings/{id}", tag = "cases",
    responses((status = 200, body = BriefingView), (status = 404, body = ErrorBody)))]
pub async fn get_briefing(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<BriefingView>, ApiError> {
    let b = briefings::get(&state.app, &caller, parse_id(&id)?).await?;
    Ok(Json(BriefingView::of(b)))
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub(crate) const DOCX: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[utoipa::path(get, path = "/api/v1/briefings/{id}/document", tag = "cases",
    responses((status = 200, description = "the briefing as .docx"), (status = 404, body = ErrorBody)))]
pub async fn briefing_document(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (name, bytes) = briefings::document(&state.app, &caller, parse_id(&id)?).await?;
    Ok(download(&name, DOCX, bytes))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BriefingResponse {
    /// When it went to the government (`YYYY-MM-DD`).
    pub sent_on: Option<String>,
    /// The government's instruction or answer.
    pub response: Option<String>,
    pub response_on: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/briefings/{id}/response", tag = "cases", request_body = BriefingResponse,
    responses((status = 200, body = BriefingView), (status = 422, body = ErrorBody)))]
pub async fn briefing_response(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<BriefingResponse>,
) -> Result<Json<BriefingView>, ApiError> {
    let input = ResponseInput {
        sent_on: body.sent_on,
        response: body.response,
        response_on: body.response_on,
    };
    let b = briefings::record_response(&state.app, &caller, parse_id(&id)?, input).await?;
    Ok(Json(BriefingView::of(b)))
}

// ---- the public intake ----

#[derive(Debug, Serialize, ToSchema)]
pub struct ChallengeView {
    /// A sum to show, e.g. `3 + 4`.
    pub question: String,
    pub token: String,
    pub nonce: String,
}

#[utoipa::path(get, path = "/api/v1/public/intake", tag = "public", security(()),
    responses((status = 200, body = ChallengeView)))]
pub async fn public_challenge(State(state): State<AppState>) -> Json<ChallengeView> {
    let c = public::challenge(&state.app);
    Json(ChallengeView {
        question: c.question,
        token: c.token,
        nonce: c.nonce,
    })
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PublicCase {
    /// rights (default) or enterprise
    pub kind: Option<String>,
    pub category: String,
    /// The street or community she lives in.
    pub unit_code: String,
    pub narrative: String,
    pub name: Option<String>,
    pub phone: String,
    /// From `GET /api/v1/public/intake`.
    pub token: String,
    pub nonce: String,
    /// The sum's result.
    pub answer: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptView {
    /// Keep this: with the phone number it shows the case's status.
    pub receipt: String,
    pub case_code: String,
}

#[utoipa::path(post, path = "/api/v1/public/cases", tag = "public", security(()), request_body = PublicCase,
    responses((status = 201, body = ReceiptView), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn public_submit(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    ApiJson(body): ApiJson<PublicCase>,
) -> Result<(StatusCode, Json<ReceiptView>), ApiError> {
    let form = PublicIntake {
        kind: body.kind,
        category: body.category,
        unit_code: body.unit_code,
        narrative: body.narrative,
        name: body.name,
        phone: body.phone,
        token: body.token,
        nonce: body.nonce,
        answer: body.answer,
        website: None,
    };
    let r = public::submit(&state.app, &state.public_limits, &origin.ip, form).await?;
    Ok((
        StatusCode::CREATED,
        Json(ReceiptView {
            receipt: r.receipt,
            case_code: r.case_code,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusQuery {
    pub receipt: String,
    pub phone: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicStep {
    pub status: String,
    pub at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicStatusView {
    pub case_code: String,
    /// Absent for domestic violence and sexual harassment.
    pub category: Option<String>,
    pub status: String,
    pub opened_on: String,
    pub steps: Vec<PublicStep>,
}

#[utoipa::path(post, path = "/api/v1/public/status", tag = "public", security(()), request_body = StatusQuery,
    responses((status = 200, body = PublicStatusView), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn public_status(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    ApiJson(body): ApiJson<StatusQuery>,
) -> Result<Json<PublicStatusView>, ApiError> {
    let s = public::status(
        &state.app,
        &state.public_limits,
        &origin.ip,
        &body.receipt,
        &body.phone,
    )
    .await?;
    Ok(Json(PublicStatusView {
        case_code: s.case_code,
        category: s.category.map(|c| c.as_str().to_owned()),
        status: s.status.as_str().into(),
        opened_on: s.opened_on,
        steps: s
            .steps
            .into_iter()
            .map(|(status, at)| PublicStep {
                status: status.as_str().into(),
                at: iso(at),
            })
            .collect(),
    }))
}
