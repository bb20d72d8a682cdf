//! Events — job fairs (春风送岗位), project matchmaking, lectures, activities: the enterprises
//! taking part, check-in by a QR code on a phone or at the desk, intention agreements, and the
//! report of a fair (visitors, women, agreements, per enterprise).

use super::{optional_choice, reach, require_staff, Access};
use crate::audit;
use crate::auth::{random_secret, Caller};
use crate::cases::{choice, date, optional_text, text};
use crate::changes::changes;
use crate::people::{check_unit, today, PersonInput, IDX_PHONE};
use crate::{App, AppError, Origin};
use jinguo_db::employment::{
    self as store, AgreementListRow, AgreementRow, CheckinRow, EventFilter, EventRow,
};
use jinguo_db::Exec;
use jinguo_domain::employment::{CheckinVia, EventKind};
use jinguo_domain::people::tag_code;
use jinguo_domain::{IdNumber, PersonName, Phone, Role, Sex, UnitCode};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

const CTX_VISITOR_NAME: &str = "checkin.name";
const CTX_VISITOR_PHONE: &str = "checkin.phone";

/// An event as the API takes it (`NewEvent`) and the form builds it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewEvent)]
pub struct EventInput {
    pub kind: String,
    pub title: String,
    /// `YYYY-MM-DD`
    #[serde(rename = "date")]
    pub held_on: String,
    pub place: Option<String>,
    pub unit_code: String,
    pub organizers: Option<String>,
    /// Partner bodies: labour bureau, trade union, …
    pub partners: Option<String>,
    /// Participating enterprises, linked in the same transaction as the event.
    #[serde(default)]
    pub enterprise_ids: Vec<i64>,
}

changes! {
    /// A change of some fields of an event (`PATCH /api/v1/events/{id}`).
    #[schema(as = ChangeEvent)]
    pub struct EventChanges for EventInput {
        kind: String,
        title: String,
        #[serde(rename = "date")]
        held_on: String,
        unit_code: String,
        place: String,
        organizers: String,
        partners: String,
    }
}

// An event as pages and the API (`EventView`) show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = EventView)]
pub struct Event {
    pub id: i64,
    /// job_fair, matchmaking, lecture, activity
    #[schema(value_type = String)]
    pub kind: EventKind,
    pub title: String,
    /// `YYYY-MM-DD`
    #[serde(rename = "date")]
    pub held_on: String,
    pub place: Option<String>,
    pub unit_code: String,
    pub organizers: Option<String>,
    pub partners: Option<String>,
    /// Check-in is over (closed by staff, or the day has passed).
    pub closed: bool,
    // The random key of the event's public check-in link, shown as the link's path.
    /// The public check-in page the QR code opens.
    #[serde(rename = "checkin_path", serialize_with = "checkin_path")]
    #[schema(value_type = String)]
    pub checkin_key: String,
    // The day has passed: check-in stays closed (no reopening).
    #[serde(skip)]
    pub past: bool,
    #[serde(serialize_with = "crate::clock::as_iso")]
    #[schema(value_type = String)]
    pub created_at: i64,
}

/// The public check-in page an event's key opens.
fn checkin_path<S: serde::Serializer>(key: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("/checkin/{key}"))
}

/// Whether check-in is over: closed by staff, or the day has passed.
fn closed(row: &EventRow, app: &App) -> bool {
    row.closed_at.is_some() || is_past(row, app)
}

/// The event's day has gone: its check-in cannot be reopened.
fn is_past(row: &EventRow, app: &App) -> bool {
    row.held_on < today(app).to_string()
}

impl Event {
    fn of(row: EventRow, app: &App) -> Event {
        Event {
            closed: closed(&row, app),
            past: is_past(&row, app),
            id: row.id,
            kind: EventKind::parse(&row.kind).unwrap_or(EventKind::Activity),
            title: row.title,
            held_on: row.held_on,
            place: row.place,
            unit_code: row.unit_code,
            organizers: row.organizers,
            partners: row.partners,
            checkin_key: row.checkin_key,
            created_at: row.created_at,
        }
    }
}

struct ValidEvent {
    kind: EventKind,
    title: String,
    held_on: String,
    place: Option<String>,
    unit: UnitCode,
    organizers: Option<String>,
    partners: Option<String>,
}

fn validate(input: &EventInput) -> Result<ValidEvent, AppError> {
    Ok(ValidEvent {
        kind: choice("kind", &input.kind, EventKind::parse)?,
        title: text("title", &input.title, 100)?,
        held_on: date("date", &input.held_on)?,
        place: optional_text("place", input.place.as_deref(), 200)?,
        unit: UnitCode::parse(&input.unit_code)
            .map_err(|_| AppError::invalid_detail("unit_code", "unknown_unit", &input.unit_code))?,
        organizers: optional_text("organizers", input.organizers.as_deref(), 500)?,
        partners: optional_text("partners", input.partners.as_deref(), 500)?,
    })
}

/// The random key of an event's public check-in link: 32 characters (192 bits) of a secret, as
/// the column holds at most 40.
pub(crate) fn checkin_key() -> String {
    random_secret().chars().take(32).collect()
}

pub async fn create(app: &App, caller: &Caller, input: EventInput) -> Result<Event, AppError> {
    require_staff(caller)?;
    let v = validate(&input)?;
    check_unit(app, caller, &v.unit).await?;
    for enterprise_id in &input.enterprise_ids {
        taking_part(app, caller, *enterprise_id).await?;
    }
    let now = app.now();
    let row = EventRow {
        id: app.ids.next(now),
        kind: v.kind.as_str().into(),
        title: v.title,
        held_on: v.held_on,
        place: v.place,
        unit_code: v.unit.as_str().into(),
        organizers: v.organizers,
        partners: v.partners,
        checkin_key: checkin_key(),
        closed_at: None,
        created_by: caller.author(),
        created_at: now,
        updated_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_event(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("create", "event", row.id.to_string())
        .in_unit(&row.unit_code);
    audit::append(app, &mut tx.ex(), entry, now).await?;
    for enterprise_id in input.enterprise_ids {
        link_enterprise(app, &mut tx.ex(), caller, row.id, enterprise_id, now).await?;
    }
    tx.commit().await?;
    Ok(Event::of(row, app))
}

/// What the event of a training course's session is made of.
pub(crate) struct SessionEvent<'a> {
    pub title: String,
    pub held_on: &'a str,
    pub place: Option<String>,
    pub unit_code: &'a str,
}

/// The event of a training course's session (kind `training`), made in the session's
/// transaction: its check-in — the QR code on its poster, or the desk — records the attendance
/// of those enrolled in the course (`training::attend_by_checkin`).
pub(crate) async fn insert_for_session(
    app: &App,
    ex: &mut Exec<'_>,
    caller: &Caller,
    e: SessionEvent<'_>,
    now: i64,
) -> Result<i64, AppError> {
    let row = EventRow {
        id: app.ids.next(now),
        kind: EventKind::Training.as_str().into(),
        title: e.title,
        held_on: e.held_on.to_owned(),
        place: e.place,
        unit_code: e.unit_code.to_owned(),
        organizers: None,
        partners: None,
        checkin_key: checkin_key(),
        closed_at: None,
        created_by: caller.author(),
        created_at: now,
        updated_at: now,
    };
    store::insert_event(ex, &row).await?;
    let entry = caller
        .entry("create", "event", row.id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({ "kind": row.kind }));
    audit::append(app, ex, entry, now).await?;
    Ok(row.id)
}

async fn load_for(
    app: &App,
    caller: &Caller,
    id: i64,
    access: Access,
) -> Result<EventRow, AppError> {
    load_in(&mut app.db.ex(), caller, id, access).await
}

/// `load_for` through a given executor: a change reads the event in its own transaction.
async fn load_in(
    ex: &mut Exec<'_>,
    caller: &Caller,
    id: i64,
    access: Access,
) -> Result<EventRow, AppError> {
    // The role first: a role without employment work gets the same answer for every id.
    require_staff(caller)?;
    let row = store::find_event(ex, id).await?.ok_or(AppError::NotFound)?;
    reach(caller, &row.unit_code, access)?;
    Ok(row)
}

async fn load(app: &App, caller: &Caller, id: i64) -> Result<EventRow, AppError> {
    load_for(app, caller, id, Access::Read).await
}

/// Changes the fields given, the rest as they are: read, merged and written in one transaction.
pub async fn change(
    app: &App,
    caller: &Caller,
    id: i64,
    changes: EventChanges,
) -> Result<Event, AppError> {
    let mut tx = app.db.begin().await?;
    let before = load_in(&mut tx.ex(), caller, id, Access::Write).await?;
    let input = changes.applied_to(EventInput::of(&before));
    let v = validate(&input)?;
    check_unit(app, caller, &v.unit).await?;
    let now = app.now();
    let row = EventRow {
        kind: v.kind.as_str().into(),
        title: v.title,
        held_on: v.held_on,
        place: v.place,
        unit_code: v.unit.as_str().into(),
        organizers: v.organizers,
        partners: v.partners,
        updated_at: now,
        ..before
    };
    store::update_event(&mut tx.ex(), &row).await?;
    audit::commit(
        app,
        tx,
        caller.entry("update", "event", id.to_string()),
        now,
    )
    .await?;
    Ok(Event::of(row, app))
}

/// Ends (or, with `open`, reopens) check-in.
pub async fn set_closed(
    app: &App,
    caller: &Caller,
    id: i64,
    closed: bool,
) -> Result<Event, AppError> {
    let before = load_for(app, caller, id, Access::Write).await?;
    if !closed && is_past(&before, app) {
        // Reopening would change nothing: a day that has passed keeps check-in closed.
        return Err(AppError::invalid_detail(
            "held_on",
            "event_past",
            &before.held_on,
        ));
    }
    let now = app.now();
    let row = EventRow {
        closed_at: closed.then_some(now),
        updated_at: now,
        ..before
    };
    let mut tx = app.db.begin().await?;
    store::update_event(&mut tx.ex(), &row).await?;
    let action = if closed { "close" } else { "reopen" };
    audit::commit(app, tx, caller.entry(action, "event", id.to_string()), now).await?;
    Ok(Event::of(row, app))
}

#[derive(Debug, Clone)]
pub struct EventDetail {
    pub event: Event,
    pub enterprises: Vec<super::enterprises::Enterprise>,
    /// The open jobs of the participating enterprises.
    pub jobs: Vec<super::jobs::Job>,
    pub agreements: Vec<AgreementLine>,
    pub recent_checkins: Vec<CheckinView>,
    pub figures: EventFigures,
    pub writable: bool,
}

/// An agreement as the event's page lists it.
#[derive(Debug, Clone)]
pub struct AgreementLine {
    pub enterprise_name: String,
    pub person_name: String,
    pub job_title: String,
    pub signed_on: String,
}

impl From<AgreementListRow> for AgreementLine {
    fn from(a: AgreementListRow) -> AgreementLine {
        AgreementLine {
            enterprise_name: a.enterprise_name,
            person_name: a.person_name,
            job_title: a.job_title,
            signed_on: a.signed_on,
        }
    }
}

// A recorded intention agreement (the API's `AgreementView`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = AgreementView)]
pub struct Agreement {
    pub id: i64,
    pub event_id: i64,
    pub enterprise_id: i64,
    pub person_id: i64,
    pub job_id: i64,
    pub signed_on: String,
}

/// A check-in as the desk sees it: the name in full (staff work the desk), the phone masked.
#[derive(Debug, Clone)]
pub struct CheckinView {
    pub name: String,
    pub phone_masked: String,
    pub sex: String,
    pub person_id: Option<i64>,
    pub via: String,
    pub at: i64,
}

pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<EventDetail, AppError> {
    let row = load(app, caller, id).await?;
    let writable = caller.scope().covers_code(&row.unit_code);
    let mut ex = app.db.ex();
    let ids = store::event_enterprise_ids(&mut ex, id).await?;
    let enterprises = store::find_enterprises(&mut ex, &ids)
        .await?
        .into_iter()
        .map(super::enterprises::Enterprise::listed)
        .collect();
    let mut job_rows = Vec::new();
    let district = caller.scope().district_public();
    for e in &ids {
        let f = jinguo_db::employment::JobFilter {
            enterprise_id: Some(*e),
            status: Some("open".into()),
            ..Default::default()
        };
        job_rows.extend(store::list_jobs(&mut ex, &district, &f, 0, 200).await?.0);
    }
    let agreements = store::agreements_of(&mut ex, id, 100)
        .await?
        .into_iter()
        .map(AgreementLine::from)
        .collect();
    let checkins = store::checkins_of(&mut ex, id, 0, 20).await?;
    let figures = figures_of(&mut ex, id).await?;
    let recent_checkins = checkins
        .into_iter()
        .map(|c| CheckinView {
            name: app
                .cipher
                .open(&c.name_cipher, CTX_VISITOR_NAME, c.id)
                .unwrap_or_default(),
            phone_masked: c.phone_masked,
            sex: c.sex,
            person_id: c.person_id,
            via: c.via,
            at: c.at,
        })
        .collect();
    Ok(EventDetail {
        event: Event::of(row, app),
        enterprises,
        jobs: super::jobs::with_enterprises(app, job_rows).await?,
        agreements,
        recent_checkins,
        figures,
        writable,
    })
}

#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    pub q: Option<String>,
    pub kind: Option<String>,
}

pub async fn list(
    app: &App,
    caller: &Caller,
    q: &EventQuery,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Event>, i64), AppError> {
    require_staff(caller)?;
    let f = EventFilter {
        kind: super::optional_choice("kind", q.kind.as_deref(), EventKind::parse)?
            .map(|k| k.as_str().to_owned()),
        q: crate::given(q.q.as_deref()).map(str::to_owned),
    };
    let offset = crate::page_offset(page, per_page)?;
    let (rows, total) =
        store::list_events(&mut app.db.ex(), &caller.scope(), &f, offset, per_page).await?;
    Ok((rows.into_iter().map(|r| Event::of(r, app)).collect(), total))
}

/// Adds a participating enterprise.
pub async fn add_enterprise(
    app: &App,
    caller: &Caller,
    id: i64,
    enterprise_id: i64,
) -> Result<(), AppError> {
    load_for(app, caller, id, Access::Write).await?;
    taking_part(app, caller, enterprise_id).await?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    link_enterprise(app, &mut tx.ex(), caller, id, enterprise_id, now).await?;
    tx.commit().await?;
    Ok(())
}

// ---- check-in ----

#[derive(Debug, Clone, Default)]
pub struct CheckinInput {
    pub name: String,
    pub phone: String,
    pub sex: Option<String>,
    /// A registry category (tag code or its Chinese label): unemployed, graduate, …
    pub category: Option<String>,
    /// Given, it links (or registers) the visitor in the registry.
    pub id_number: Option<String>,
}

/// How a check-in went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedIn {
    /// False when this phone had already checked in (counted once).
    pub new: bool,
    pub person_id: Option<i64>,
    pub event_title: String,
    /// At a training session's event: whether her attendance is recorded (she is on the
    /// course) or why not; `None` at any other event.
    pub attendance: Option<crate::training::SessionCheckin>,
}

struct ValidCheckin {
    name: PersonName,
    phone: Phone,
    sex: Option<Sex>,
    category: Option<&'static str>,
    id_number: Option<IdNumber>,
}

fn validate_checkin(input: &CheckinInput, app: &App) -> Result<ValidCheckin, AppError> {
    let name = PersonName::parse(&input.name)
        .map_err(|e| AppError::invalid_detail("name", e.code(), input.name.trim()))?;
    if input.phone.trim().is_empty() {
        return Err(AppError::invalid("phone", "required"));
    }
    let phone = Phone::parse(&input.phone)
        .map_err(|e| AppError::invalid_detail("phone", e.code(), input.phone.trim()))?;
    let sex = optional_choice("sex", input.sex.as_deref(), Sex::parse)?;
    let category = optional_choice("category", input.category.as_deref(), tag_code)?;
    let id_number = match crate::given(input.id_number.as_deref()) {
        None => None,
        Some(raw) => Some(
            IdNumber::parse(raw, today(app))
                .map_err(|e| AppError::invalid_detail("id_number", e.code(), ""))?,
        ),
    };
    if sex.is_none() && id_number.is_none() {
        return Err(AppError::invalid("sex", "required"));
    }
    Ok(ValidCheckin {
        name,
        phone,
        sex,
        category,
        id_number,
    })
}

/// Who is checking someone in: staff at the desk, or the visitor herself by the event's link.
pub enum CheckinBy<'a> {
    Desk(&'a Caller),
    Link(&'a str),
}

/// The public form's caller: registers a visitor in the event's district, audited as "public".
fn link_caller(event: &EventRow) -> Result<Caller, AppError> {
    let unit = UnitCode::parse(&event.unit_code)
        .map_err(|_| AppError::Internal(format!("event {} has a bad unit", event.id)))?;
    Ok(Caller {
        user_id: 0,
        username: "public".into(),
        display_name: "public".into(),
        role: Role::Federation,
        unit,
        origin: Origin {
            ip: "public".into(),
            user_agent: String::new(),
        },
        session: None,
        must_change_password: false,
    })
}

/// The registry person behind a visitor: by phone, else by ID number, else registered from the
/// ID number when one was given (in the event's unit); none without an ID number.
async fn link_person(
    app: &App,
    registrar: &Caller,
    v: &ValidCheckin,
    unit_code: &str,
) -> Result<Option<jinguo_db::people::PersonRow>, AppError> {
    let phone_index = app.cipher.blind_index(IDX_PHONE, v.phone.as_str());
    if let Some(p) = jinguo_db::people::find_by_phone_index(&mut app.db.ex(), &phone_index).await? {
        return Ok(Some(p));
    }
    let Some(id_number) = &v.id_number else {
        return Ok(None);
    };
    let id_index = app
        .cipher
        .blind_index(crate::people::IDX_ID, id_number.as_str());
    if let Some(p) = jinguo_db::people::find_by_id_index(&mut app.db.ex(), &id_index).await? {
        return Ok(Some(p));
    }
    if !registrar.role.writes_people() {
        return Ok(None);
    }
    let created = crate::people::create(
        app,
        registrar,
        PersonInput {
            name: v.name.as_str().into(),
            id_number: id_number.as_str().into(),
            phone: Some(v.phone.as_str().into()),
            unit_code: unit_code.into(),
            tags: v.category.map(|t| vec![t.to_owned()]).unwrap_or_default(),
            ..Default::default()
        },
    )
    .await?;
    Ok(
        jinguo_db::people::find_by_id_index(&mut app.db.ex(), &id_index)
            .await?
            .filter(|p| p.id == created.id),
    )
}

pub async fn check_in(
    app: &App,
    by: CheckinBy<'_>,
    event_id: Option<i64>,
    input: CheckinInput,
) -> Result<CheckedIn, AppError> {
    let (event, registrar, via) = match by {
        CheckinBy::Desk(caller) => {
            let id = event_id.ok_or(AppError::NotFound)?;
            (
                load_for(app, caller, id, Access::Write).await?,
                caller.clone(),
                CheckinVia::Desk,
            )
        }
        CheckinBy::Link(key) => {
            let event = store::find_event_by_key(&mut app.db.ex(), key)
                .await?
                .ok_or(AppError::NotFound)?;
            let caller = link_caller(&event)?;
            (event, caller, CheckinVia::Qr)
        }
    };
    if closed(&event, app) {
        return Err(AppError::Conflict {
            code: "event_closed",
            field: None,
            detail: Some(event.title.clone()),
        });
    }
    let v = validate_checkin(&input, app)?;
    let phone_index = app.cipher.blind_index(IDX_PHONE, v.phone.as_str());
    if let Some(earlier) = store::find_checkin(&mut app.db.ex(), event.id, &phone_index).await? {
        // Checked in already; at a training session her attendance is recorded (again) in
        // case she was enrolled since.
        let mut tx = app.db.begin().await?;
        let attendance = crate::training::attend_by_checkin(
            app,
            &mut tx.ex(),
            &registrar,
            &event,
            earlier.person_id,
            via,
            app.now(),
        )
        .await?;
        tx.commit().await?;
        return Ok(CheckedIn {
            new: false,
            person_id: None,
            event_title: event.title,
            attendance,
        });
    }
    let person = link_person(app, &registrar, &v, &event.unit_code).await?;
    // The registry's sex (from the ID number) wins over what was ticked on the form.
    let sex = person
        .as_ref()
        .and_then(|p| Sex::parse(&p.sex))
        .or_else(|| v.id_number.as_ref().map(IdNumber::sex))
        .or(v.sex)
        .ok_or_else(|| AppError::invalid("sex", "required"))?;
    let now = app.now();
    let id = app.ids.next(now);
    let row = CheckinRow {
        id,
        event_id: event.id,
        person_id: person.as_ref().map(|p| p.id),
        name_cipher: app.cipher.seal(v.name.as_str(), CTX_VISITOR_NAME, id),
        phone_cipher: app.cipher.seal(v.phone.as_str(), CTX_VISITOR_PHONE, id),
        phone_index,
        phone_masked: v.phone.masked(),
        sex: sex.as_str().into(),
        category: v.category.map(str::to_owned),
        via: via.as_str().into(),
        at: now,
    };
    let mut tx = app.db.begin().await?;
    let added = store::insert_checkins(&mut tx.ex(), std::slice::from_ref(&row)).await?;
    if added == 1 {
        let entry = registrar
            .entry("check_in", "event", event.id.to_string())
            .detail(json!({ "via": via.as_str() }));
        audit::append(app, &mut tx.ex(), entry, now).await?;
    }
    // At a training session's event, the check-in is the attendance of one enrolled.
    let attendance = crate::training::attend_by_checkin(
        app,
        &mut tx.ex(),
        &registrar,
        &event,
        row.person_id,
        via,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(CheckedIn {
        new: added == 1,
        person_id: row.person_id,
        event_title: event.title,
        attendance,
    })
}

/// A visitor checking herself in by the event's link, counted against her address's limit.
pub async fn check_in_by_link(
    app: &App,
    limits: &crate::cases::public::PublicLimits,
    ip: &str,
    key: &str,
    input: CheckinInput,
) -> Result<CheckedIn, AppError> {
    let address = crate::cases::public::address_key(ip);
    limits.checkin.check(&address, app.now())?;
    check_in(app, CheckinBy::Link(key), None, input).await
}

/// What the public check-in page shows before the form.
#[derive(Debug, Clone)]
pub struct PublicEvent {
    pub title: String,
    pub held_on: String,
    pub place: Option<String>,
    pub closed: bool,
    /// A training course's session: the check-in of one on the course is her attendance.
    pub training: bool,
}

pub async fn public_event(app: &App, key: &str) -> Result<PublicEvent, AppError> {
    let row = store::find_event_by_key(&mut app.db.ex(), key)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(PublicEvent {
        closed: closed(&row, app),
        training: row.kind == EventKind::Training.as_str(),
        title: row.title,
        held_on: row.held_on,
        place: row.place,
    })
}

// ---- agreements ----

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewAgreement)]
pub struct AgreementInput {
    pub enterprise_id: i64,
    pub person_id: i64,
    pub job_id: i64,
    /// `YYYY-MM-DD`; the event's date when absent.
    pub signed_on: Option<String>,
}

/// Records a signed intention agreement: the enterprise must take part in the event and the job
/// must be its own.
pub async fn add_agreement(
    app: &App,
    caller: &Caller,
    event_id: i64,
    input: AgreementInput,
) -> Result<Agreement, AppError> {
    let event = load_for(app, caller, event_id, Access::Write).await?;
    let participating = store::event_enterprise_ids(&mut app.db.ex(), event_id).await?;
    if !participating.contains(&input.enterprise_id) {
        return Err(AppError::invalid_detail(
            "enterprise_id",
            "enterprise_not_at_event",
            input.enterprise_id.to_string(),
        ));
    }
    let job = store::find_job(&mut app.db.ex(), input.job_id)
        .await?
        .ok_or_else(|| {
            AppError::invalid_detail("job_id", "unknown_job", input.job_id.to_string())
        })?;
    if job.enterprise_id != input.enterprise_id {
        return Err(AppError::invalid_detail(
            "job_id",
            "job_not_of_enterprise",
            input.job_id.to_string(),
        ));
    }
    let person = crate::people::chosen(app, caller, "person_id", input.person_id).await?;
    let signed_on = match input.signed_on.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(d) => date("signed_on", d)?,
        None => event.held_on.clone(),
    };
    let now = app.now();
    let row = AgreementRow {
        id: app.ids.next(now),
        event_id,
        enterprise_id: input.enterprise_id,
        person_id: person.id,
        job_id: job.id,
        signed_on,
        created_by: caller.author(),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    if store::insert_agreements(&mut tx.ex(), std::slice::from_ref(&row)).await? == 0 {
        return Err(AppError::Conflict {
            code: "duplicate_agreement",
            field: Some("job_id"),
            detail: None,
        });
    }
    let detail = json!({ "enterprise_id": row.enterprise_id, "person_id": row.person_id, "job_id": row.job_id });
    let entry = caller.entry("agreement", "event", event_id.to_string());
    audit::commit(app, tx, entry.detail(detail), now).await?;
    Ok(Agreement {
        id: row.id,
        event_id: row.event_id,
        enterprise_id: row.enterprise_id,
        person_id: row.person_id,
        job_id: row.job_id,
        signed_on: row.signed_on,
    })
}

// ---- the report ----

/// The figures of an event's report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventFigures {
    pub visitors: i64,
    pub women_visitors: i64,
    pub agreements: i64,
    pub agreements_with_women: i64,
    /// (enterprise id, name, women-owned, agreements, agreements with women)
    pub by_enterprise: Vec<(i64, String, bool, i64, i64)>,
}

/// The figures of an event, counted in the store.
pub(crate) async fn figures_of(ex: &mut Exec<'_>, event_id: i64) -> Result<EventFigures, AppError> {
    let f = store::event_figures(ex, event_id).await?;
    Ok(EventFigures {
        visitors: f.visitors,
        women_visitors: f.women_visitors,
        agreements: f.agreements,
        agreements_with_women: f.agreements_with_women,
        by_enterprise: f.by_enterprise,
    })
}

/// An event's report: its figures and those of its women-owned enterprises.
#[derive(Debug, Clone)]
pub struct EventReport {
    pub event: Event,
    pub figures: EventFigures,
    pub women_owned_enterprises: i64,
    pub women_owned_agreements: i64,
}

/// What every employment worker of the district may know of an event: what, when, where.
#[derive(Debug, Clone)]
pub struct EventPublic {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub held_on: String,
    pub place: Option<String>,
    pub closed: bool,
}

/// The district-public view of an event (no check-ins, agreements, report or check-in link).
pub async fn public_view(app: &App, caller: &Caller, id: i64) -> Result<EventPublic, AppError> {
    let row = load_for(app, caller, id, Access::Public).await?;
    Ok(EventPublic {
        closed: closed(&row, app),
        id: row.id,
        kind: row.kind,
        title: row.title,
        held_on: row.held_on,
        place: row.place,
    })
}

pub async fn report(app: &App, caller: &Caller, id: i64) -> Result<EventReport, AppError> {
    let row = load(app, caller, id).await?;
    let figures = figures_of(&mut app.db.ex(), id).await?;
    Ok(EventReport::of(Event::of(row, app), figures))
}

impl EventReport {
    /// The report of figures already counted (the event page counts them once for both).
    pub fn of(event: Event, figures: EventFigures) -> EventReport {
        let women_owned: Vec<_> = figures.by_enterprise.iter().filter(|e| e.2).collect();
        EventReport {
            event,
            women_owned_enterprises: women_owned.len() as i64,
            women_owned_agreements: women_owned.iter().map(|e| e.3).sum(),
            figures,
        }
    }
}

fn xlsx(e: XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

/// The report as a workbook; `label(key)` names a heading in the reader's language.
pub fn report_xlsx(r: &EventReport, label: impl Fn(&str) -> String) -> Result<Vec<u8>, AppError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(label("sheet_summary")).map_err(xlsx)?;
    sheet
        .write_string_with_format(0, 0, &r.event.title, &bold)
        .map_err(xlsx)?;
    sheet.write_string(0, 1, &r.event.held_on).map_err(xlsx)?;
    let f = &r.figures;
    let lines = [
        ("visitors", f.visitors),
        ("women_visitors", f.women_visitors),
        ("agreements", f.agreements),
        ("agreements_with_women", f.agreements_with_women),
        ("women_owned_enterprises", r.women_owned_enterprises),
        ("women_owned_agreements", r.women_owned_agreements),
    ];
    for (i, (key, n)) in lines.iter().enumerate() {
        let row = i as u32 + 2;
        sheet.write_string(row, 0, label(key)).map_err(xlsx)?;
        sheet.write_number(row, 1, *n as f64).map_err(xlsx)?;
    }
    sheet.set_column_width(0, 28).map_err(xlsx)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(label("sheet_enterprises")).map_err(xlsx)?;
    for (c, key) in [
        "enterprise",
        "women_owned",
        "agreements",
        "agreements_with_women",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string_with_format(0, c as u16, label(key), &bold)
            .map_err(xlsx)?;
    }
    for (i, (_, name, women_owned, n, women)) in f.by_enterprise.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, name).map_err(xlsx)?;
        sheet
            .write_string(row, 1, label(if *women_owned { "yes" } else { "no" }))
            .map_err(xlsx)?;
        sheet.write_number(row, 2, *n as f64).map_err(xlsx)?;
        sheet.write_number(row, 3, *women as f64).map_err(xlsx)?;
    }
    sheet.set_column_width(0, 36).map_err(xlsx)?;
    workbook.save_to_buffer().map_err(xlsx)
}

/// Check-ins and agreements written in bulk (the demo fair), in one transaction.
pub async fn bulk_load(
    app: &App,
    checkins: &[CheckinRow],
    agreements: &[AgreementRow],
) -> Result<(), AppError> {
    let mut tx = app.db.begin().await?;
    store::insert_checkins(&mut tx.ex(), checkins).await?;
    store::insert_agreements(&mut tx.ex(), agreements).await?;
    tx.commit().await?;
    Ok(())
}

/// A visitor checked in by a bulk load (the demo fair).
pub struct Visitor<'a> {
    pub person_id: Option<i64>,
    pub name: &'a str,
    pub phone: &'a Phone,
    pub sex: Sex,
}

/// Seals a visitor's name and phone for a check-in written in bulk.
pub fn sealed_checkin(
    app: &App,
    event_id: i64,
    v: &Visitor<'_>,
    via: CheckinVia,
    at: i64,
) -> CheckinRow {
    let id = app.ids.next(at);
    CheckinRow {
        id,
        event_id,
        person_id: v.person_id,
        name_cipher: app.cipher.seal(v.name, CTX_VISITOR_NAME, id),
        phone_cipher: app.cipher.seal(v.phone.as_str(), CTX_VISITOR_PHONE, id),
        phone_index: app.cipher.blind_index(IDX_PHONE, v.phone.as_str()),
        phone_masked: v.phone.masked(),
        sex: v.sex.as_str().into(),
        category: None,
        via: via.as_str().into(),
        at,
    }
}

/// Any enterprise of the district may take part in a fair: its public view suffices.
async fn taking_part(app: &App, caller: &Caller, enterprise_id: i64) -> Result<(), AppError> {
    super::enterprises::load_public(app, caller, enterprise_id)
        .await
        .map(|_| ())
        .map_err(|e| match e {
            AppError::NotFound => AppError::invalid_detail(
                "enterprise_id",
                "unknown_enterprise",
                enterprise_id.to_string(),
            ),
            other => other,
        })
}

/// Links a taking-part enterprise to an event, with its audit entry, in the caller's transaction.
async fn link_enterprise(
    app: &App,
    ex: &mut Exec<'_>,
    caller: &Caller,
    id: i64,
    enterprise_id: i64,
    now: i64,
) -> Result<(), AppError> {
    store::add_event_enterprise(ex, id, enterprise_id).await?;
    let entry = caller
        .entry("add_enterprise", "event", id.to_string())
        .detail(json!({ "enterprise_id": enterprise_id }));
    audit::append(app, ex, entry, now).await?;
    Ok(())
}

impl EventInput {
    /// An event as an input, for a change of some fields.
    pub fn of(r: &EventRow) -> EventInput {
        EventInput {
            kind: r.kind.clone(),
            title: r.title.clone(),
            held_on: r.held_on.clone(),
            place: r.place.clone(),
            unit_code: r.unit_code.clone(),
            organizers: r.organizers.clone(),
            partners: r.partners.clone(),
            enterprise_ids: Vec::new(),
        }
    }
}
