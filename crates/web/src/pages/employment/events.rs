//! Events and job fairs: the list, the form, the event page (participants and their open jobs,
//! the desk check-in, agreements, the report and its workbook, the QR code of the public
//! check-in), the printable QR poster, and the public check-in a visitor opens on her phone.

use super::{listing, require_staff, shell, today, unit_map, unit_name};
use crate::api::employment::report_workbook;
use crate::error::PageError;
use crate::extract::ListRequest;
use crate::extract::PostedForm;
use crate::extract::{ClientOrigin, PageCaller, RecordForm, RecordRequest};
use crate::files::download;
use crate::files::XLSX;
use crate::i18n::{Lang, Tr};
use crate::pages::flash::Done;
use crate::pages::parts::settled;
use crate::pages::parts::{
    label, number, options, settled_form, unit_choices, Cell, Filters, Form, List, Pairs, Table,
};

use crate::pages::{format_time, refused, render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, RawForm, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use jinguo_app::auth::Caller;
use jinguo_app::employment::events::{
    self, AgreementInput, CheckinBy, CheckinInput, Event, EventInput, EventQuery,
};
use jinguo_app::AppError;
use jinguo_domain::employment::EventKind;
use std::collections::HashMap;

/// The registry categories a visitor picks from; `other` is sent as none.
const CHECKIN_CATEGORIES: [&str; 6] = [
    "unemployed",
    "laid_off",
    "land_lost",
    "returning",
    "graduate",
    "other",
];

fn checkin_categories(t: Tr) -> Vec<(String, String)> {
    CHECKIN_CATEGORIES
        .iter()
        .map(|c| {
            let code = if *c == "other" { "" } else { c };
            (code.to_owned(), label(t, "checkin-category", c))
        })
        .collect()
}

fn checkin_input(form: &Pairs) -> CheckinInput {
    CheckinInput {
        name: form.get("name").into(),
        phone: form.get("phone").into(),
        sex: form.opt("sex"),
        category: form.opt("category"),
        id_number: form.opt("id_number"),
    }
}

const CHECKIN_FIELDS: &[&str] = &["name", "phone", "sex", "category", "id_number"];

pub struct EventLine {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub held_on: String,
    pub place: String,
    pub unit: String,
    pub closed: bool,
    /// The day has passed: no reopening, and the page says why.
    pub past: bool,
}

fn line_of(t: Tr, e: &Event, units: &HashMap<String, String>) -> EventLine {
    let r = &e;
    EventLine {
        id: r.id,
        title: r.title.clone(),
        kind: label(t, "evkind", e.kind.as_str()),
        held_on: r.held_on.clone(),
        place: r.place.clone().unwrap_or_default(),
        unit: unit_name(units, &r.unit_code),
        closed: e.closed,
        past: e.past,
    }
}

// ---- the list and the form ----

#[derive(Template)]
#[template(path = "events.html")]
struct EventsPage {
    shell: Shell,
    list: List,
}

pub async fn list(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    let l = listing(&state, &caller, q, lang).await?;
    let (t, q) = (l.t, &l.q);
    let query = EventQuery {
        q: q.opt("q"),
        kind: q.opt("kind"),
    };
    let (items, total) = events::list(
        &state.app,
        &caller,
        &query,
        l.paging.page,
        l.paging.per_page,
    )
    .await?;
    let filters = Filters::new(t, q, "/events", "event-filters")
        .search("events-q", t.t("events-search"))
        .select(
            "kind",
            "filter-kind",
            t.t("field-kind"),
            options(t, "evkind", EventKind::ALL, EventKind::as_str),
        );
    let mut table = Table::new(
        t,
        "events-table",
        &[
            "field-title",
            "field-kind",
            "field-date",
            "field-place",
            "people-unit",
            "activity-checkin",
        ],
        "employment-none",
    );
    for e in items.iter().map(|e| line_of(t, e, &l.units)) {
        let checkin = if e.closed {
            "activity-closed"
        } else {
            "activity-open"
        };
        table.push(vec![
            Cell::link(e.title, format!("/events/{}", e.id), "event-link"),
            Cell::text(e.kind),
            Cell::text(e.held_on),
            Cell::text(e.place),
            Cell::text(e.unit),
            Cell::text(t.t(checkin)),
        ]);
    }
    render(&EventsPage {
        shell: shell(l.lang, &caller, "events", "events-title"),
        list: l
            .list(filters, table, total, "/events")
            .total_id("events-total"),
    })
}

#[derive(Template)]
#[template(path = "event_form.html")]
struct EventFormPage {
    shell: Shell,
    form: Form,
    kinds: Vec<(String, String)>,
    units: Vec<(String, String)>,
}

/// The event's date is checked as `date`.
const FIELDS: &[&str] = &[
    "kind",
    "title",
    "date",
    "place",
    "unit_code",
    "organizers",
    "partners",
];

async fn form_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_staff(caller)?;
    render(&EventFormPage {
        shell: shell(lang, caller, "events", "activity-new-title"),
        kinds: options(Tr(lang), "evkind", EventKind::ALL, EventKind::as_str),
        units: unit_choices(state, caller, Tr(lang)).await?,
        form,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let form = Form::new(Pairs::from_pairs(vec![
        ("held_on", today(&state)),
        ("unit_code", caller.unit().as_str().to_owned()),
    ]));
    form_page(&state, &caller, Lang::from_headers(&headers), form).await
}

pub async fn create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let input = EventInput {
        kind: form.get("kind").into(),
        title: form.get("title").into(),
        held_on: form.get("held_on").into(),
        place: form.opt("place"),
        unit_code: form.get("unit_code").into(),
        organizers: form.opt("organizers"),
        partners: form.opt("partners"),
        enterprise_ids: Vec::new(),
    };
    let result = events::create(&state.app, &caller, input).await;
    let (state, caller) = (&state, &caller);
    settled_form(
        Done::Saved,
        result,
        |e| format!("/events/{}", e.id),
        (lang, form, FIELDS),
        |form| form_page(state, caller, lang, form),
    )
    .await
}

// ---- the event page ----

/// Where a visitor's phone opens the check-in.
async fn checkin_url(
    state: &AppState,
    headers: &HeaderMap,
    key: &str,
) -> Result<String, PageError> {
    public_url(state, headers, &format!("/checkin/{key}")).await
}

/// The full address of a public page (a check-in, a certificate's verification): under the
/// deployment's public base URL when it is set, else this server as the browser reached it.
pub(crate) async fn public_url(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
) -> Result<String, PageError> {
    let deployment = jinguo_app::settings::current(&state.app).await?;
    if let Some(base) = deployment.public_base_url {
        return Ok(format!("{base}{path}"));
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    Ok(format!("{scheme}://{host}{path}"))
}

/// The QR code of `text` as an inline SVG element.
pub(crate) fn qr_svg(text: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let image = code
                .render::<svg::Color>()
                .min_dimensions(240, 240)
                .quiet_zone(true)
                .build();
            image
                .find("<svg")
                .map(|i| image[i..].to_owned())
                .unwrap_or(image)
        }
        Err(_) => String::new(),
    }
}

pub struct CheckinLine {
    pub name: String,
    pub phone: String,
    pub sex: String,
    pub person_id: Option<i64>,
    pub via: String,
    pub at: String,
}

pub struct FigureLine {
    pub name: String,
    pub women_owned: bool,
    pub agreements: i64,
    pub with_women: i64,
}

pub struct Figures {
    pub visitors: i64,
    pub women_visitors: i64,
    pub agreements: i64,
    pub agreements_with_women: i64,
    pub women_owned_enterprises: i64,
    pub women_owned_agreements: i64,
    pub by_enterprise: Vec<FigureLine>,
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    shell: Shell,
    e: EventLine,
    organizers: String,
    partners: String,
    writable: bool,
    participants: Vec<(i64, String, bool)>,
    jobs: Vec<(i64, String, String)>,
    checkins: Vec<CheckinLine>,
    agreements: Vec<(String, String, String, String)>,
    figures: Figures,
    categories: Vec<(String, String)>,
    url: String,
    qr: String,
    form: Form,
}

async fn event_page(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    id: i64,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_staff(caller)?;
    let lang = Lang::from_headers(headers);
    let t = Tr(lang);
    let d = events::get(&state.app, caller, id).await?;
    let report = events::report(&state.app, caller, id).await?;
    let units = unit_map(state, caller).await?;
    let url = checkin_url(state, headers, &d.event.checkin_key).await?;
    let f = &report.figures;
    render(&EventPage {
        shell: shell(lang, caller, "events", "activity-title"),
        organizers: d.event.organizers.clone().unwrap_or_default(),
        partners: d.event.partners.clone().unwrap_or_default(),
        writable: d.writable,
        participants: d
            .enterprises
            .iter()
            .map(|e| (e.id, e.name.clone(), e.women_owned))
            .collect(),
        jobs: d
            .jobs
            .iter()
            .map(|j| {
                (
                    j.id,
                    j.enterprise_id.to_string(),
                    format!("{} · {}", j.enterprise_name, j.title),
                )
            })
            .collect(),
        checkins: d
            .recent_checkins
            .iter()
            .map(|c| CheckinLine {
                name: c.name.clone(),
                phone: c.phone_masked.clone(),
                sex: label(t, "sex", &c.sex),
                person_id: c.person_id,
                via: label(t, "via", &c.via),
                at: format_time(c.at),
            })
            .collect(),
        agreements: d
            .agreements
            .iter()
            .map(|a| {
                (
                    a.signed_on.clone(),
                    a.enterprise_name.clone(),
                    a.job_title.clone(),
                    a.person_name.clone(),
                )
            })
            .collect(),
        figures: Figures {
            visitors: f.visitors,
            women_visitors: f.women_visitors,
            agreements: f.agreements,
            agreements_with_women: f.agreements_with_women,
            women_owned_enterprises: report.women_owned_enterprises,
            women_owned_agreements: report.women_owned_agreements,
            by_enterprise: f
                .by_enterprise
                .iter()
                .map(|(_, name, women_owned, n, w)| FigureLine {
                    name: name.clone(),
                    women_owned: *women_owned,
                    agreements: *n,
                    with_women: *w,
                })
                .collect(),
        },
        categories: checkin_categories(t),
        qr: qr_svg(&url),
        url,
        e: line_of(t, &d.event, &units),
        form,
    })
}

pub async fn view(
    State(state): State<AppState>,
    RecordRequest { caller, id, .. }: RecordRequest,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let form = Form::empty();
    event_page(&state, &caller, &headers, id, form).await
}

/// Runs an action of the event page and comes back to it; a refusal shows the page again with
/// the typed values and the reason. `tab` is the page's tab the action belongs to, where the
/// page opens again.
#[allow(clippy::too_many_arguments)]
async fn event_action<T>(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    id: i64,
    tab: &str,
    form: Pairs,
    fields: &[&str],
    result: Result<T, AppError>,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(headers);
    settled(
        Done::Saved,
        result,
        |_| format!("/events/{id}#tab-{tab}"),
        |e| async move {
            event_page(
                state,
                caller,
                headers,
                id,
                Form::refused(form, lang, &e, fields),
            )
            .await
        },
    )
    .await
}

pub async fn add_enterprise(
    State(state): State<AppState>,
    headers: HeaderMap,
    RecordForm {
        caller, id, form, ..
    }: RecordForm,
) -> Result<Response, PageError> {
    let enterprise = number(&form, "enterprise_id").unwrap_or(0);
    let result = events::add_enterprise(&state.app, &caller, id, enterprise).await;
    let tab = "enterprises";
    event_action(&state, &caller, &headers, id, tab, form, &[], result).await
}

pub async fn desk_checkin(
    State(state): State<AppState>,
    headers: HeaderMap,
    RecordForm {
        caller, id, form, ..
    }: RecordForm,
) -> Result<Response, PageError> {
    let result = events::check_in(
        &state.app,
        CheckinBy::Desk(&caller),
        Some(id),
        checkin_input(&form),
    )
    .await;
    event_action(
        &state,
        &caller,
        &headers,
        id,
        "checkins",
        form,
        CHECKIN_FIELDS,
        result,
    )
    .await
}

pub async fn add_agreement(
    State(state): State<AppState>,
    headers: HeaderMap,
    RecordForm {
        caller, id, form, ..
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = AgreementInput {
        enterprise_id: number(&form, "agreement_enterprise_id").unwrap_or(0),
        person_id: number(&form, "person_id").unwrap_or(0),
        job_id: number(&form, "job_id").unwrap_or(0),
        signed_on: form.opt("signed_on"),
    };
    let result = events::add_agreement(&state.app, &caller, id, input).await;
    event_action(
        &state,
        &caller,
        &headers,
        id,
        "agreements",
        form,
        &["person_id", "job_id", "signed_on"],
        result,
    )
    .await
}

async fn set_closed(
    state: AppState,
    headers: HeaderMap,
    RecordForm {
        caller, id, form, ..
    }: RecordForm,
    closed: bool,
) -> Result<Response, PageError> {
    let result = events::set_closed(&state.app, &caller, id, closed).await;
    let tab = "enterprises";
    event_action(&state, &caller, &headers, id, tab, form, &[], result).await
}

pub async fn close(
    State(state): State<AppState>,
    headers: HeaderMap,
    posted: RecordForm,
) -> Result<Response, PageError> {
    set_closed(state, headers, posted, true).await
}

pub async fn reopen(
    State(state): State<AppState>,
    headers: HeaderMap,
    posted: RecordForm,
) -> Result<Response, PageError> {
    set_closed(state, headers, posted, false).await
}

pub async fn report_xlsx(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Response, PageError> {
    let t = Tr(lang);
    let r = events::report(&state.app, &caller, id).await?;
    let bytes = report_workbook(t, &r)?;
    Ok(download(&format!("{}.xlsx", r.event.title), XLSX, bytes))
}

#[derive(Template)]
#[template(path = "event_poster.html")]
struct PosterPage {
    shell: Shell,
    /// The deployment's name, printed above the event.
    deployment: String,
    e: EventLine,
    url: String,
    qr: String,
}

/// The check-in QR code on a page of its own, to print and put up at the entrance.
pub async fn poster(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    require_staff(&caller)?;
    let d = events::get(&state.app, &caller, id).await?;
    let units = unit_map(&state, &caller).await?;
    let url = checkin_url(&state, &headers, &d.event.checkin_key).await?;
    let deployment = jinguo_app::settings::current(&state.app).await?;
    render(&PosterPage {
        shell: shell(lang, &caller, "events", "activity-poster-title"),
        deployment: deployment.deployment_name,
        e: line_of(Tr(lang), &d.event, &units),
        qr: qr_svg(&url),
        url,
    })
}

// ---- the public check-in ----

#[derive(Template)]
#[template(path = "checkin.html")]
struct CheckinPage {
    shell: Shell,
    key: String,
    title: String,
    held_on: String,
    place: String,
    closed: bool,
    /// A training session's check-in: it is the attendance of those on the course.
    training: bool,
    /// Some(true) checked in now, Some(false) had already checked in.
    done: Option<bool>,
    form: Form,
    categories: Vec<(String, String)>,
}

async fn checkin_page(
    state: &AppState,
    lang: Lang,
    key: &str,
    form: Form,
    done: Option<bool>,
) -> Result<Html<String>, PageError> {
    let event = events::public_event(&state.app, key).await?;
    let deployment = jinguo_app::settings::current(&state.app).await?;
    render(&CheckinPage {
        shell: Shell::public(lang, "checkin-title", &deployment),
        key: key.to_owned(),
        title: event.title,
        held_on: event.held_on,
        place: event.place.unwrap_or_default(),
        closed: event.closed,
        training: event.training,
        done,
        form,
        categories: checkin_categories(Tr(lang)),
    })
}

pub async fn public_form(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let form = Form::empty();
    checkin_page(&state, Lang::from_headers(&headers), &key, form, None).await
}

pub async fn public_submit(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ClientOrigin(origin): ClientOrigin,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let form = Pairs::parse(&body);
    let result = events::check_in_by_link(
        &state.app,
        &state.public_limits,
        &origin.ip,
        &key,
        checkin_input(&form),
    )
    .await;
    match result {
        Ok(done) => Ok(
            checkin_page(&state, lang, &key, Form::empty(), Some(done.new))
                .await?
                .into_response(),
        ),
        // Closed: the page says so and nothing was stored.
        Err(AppError::Conflict { .. }) => Ok((
            StatusCode::CONFLICT,
            checkin_page(&state, lang, &key, Form::empty(), None).await?,
        )
            .into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let form = Form::refused(form, lang, &e, CHECKIN_FIELDS);
            Ok(refused(checkin_page(&state, lang, &key, form, None).await?))
        }
        Err(e) => Err(e.into()),
    }
}
