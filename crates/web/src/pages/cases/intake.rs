//! Intake: the staff form and the public form with its status look-up.

use super::list::handles;
use crate::extract::PostedForm;

use crate::error::PageError;
use crate::extract::{ClientOrigin, PageCaller};
use crate::i18n::{error_message, Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::pages::parts::{label, options, unit_choices, Pairs};
use crate::pages::{format_time, refused, render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{RawForm, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use jinguo_app::auth::Caller;
use jinguo_app::cases::public::{self, PublicIntake};
use jinguo_app::cases::{self, CaseInput};
use jinguo_app::AppError;
use jinguo_domain::cases::{CaseKind, Category, Channel, Urgency, RISK_ITEMS};

#[derive(Template)]
#[template(path = "case_form.html")]
struct CaseFormPage {
    shell: Shell,
    form: Pairs,
    error: Option<String>,
    error_field: String,
    kinds: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    channels: Vec<(String, String)>,
    urgencies: Vec<(String, String)>,
    risk_items: Vec<(String, String)>,
    units: Vec<(String, String)>,
}

async fn case_form(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Pairs,
    error: Option<&AppError>,
) -> Result<Html<String>, PageError> {
    let t = Tr(lang);
    render(&CaseFormPage {
        shell: Shell::new(lang, Some(caller), "case-new", "case-new-title"),
        error: error.map(|e| error_message(lang, e)),
        error_field: error.and_then(|e| e.field()).unwrap_or("").to_owned(),
        kinds: options(t, "kind", CaseKind::ALL, CaseKind::as_str),
        categories: options(t, "category", Category::ALL, Category::as_str),
        channels: options(t, "channel", Channel::ALL, Channel::as_str),
        urgencies: options(t, "urgency", Urgency::ALL, Urgency::as_str),
        risk_items: RISK_ITEMS
            .iter()
            .map(|i| (i.code.to_owned(), t.t(&format!("risk-{}", i.code))))
            .collect(),
        units: unit_choices(state, caller, Tr(lang)).await?,
        form,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    if !handles(&caller) {
        return Err(AppError::Forbidden.into());
    }
    let form = Pairs::of_query(raw.as_deref());
    case_form(&state, &caller, Lang::from_headers(&headers), form, None).await
}

pub async fn create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let person_ids = form
        .get("person_ids")
        .split([',', '，', ' '])
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<i64>().unwrap_or(-1))
        .collect();
    let dv = form.get("category") == Category::DomesticViolence.as_str();
    let input = CaseInput {
        kind: form.get("kind").into(),
        channel: form.get("channel").into(),
        category: form.get("category").into(),
        unit_code: form.get("unit_code").into(),
        narrative: form.get("narrative").into(),
        person_ids,
        enterprise_id: None,
        enterprise_name: form.opt("enterprise_name"),
        urgency: form.opt("urgency"),
        caller_name: form.opt("caller_name"),
        caller_phone: form.opt("caller_phone"),
        lacks_capacity: form.flag("lacks_capacity"),
        risk_items: dv.then(|| form.all("risk")),
    };
    match cases::create(&state.app, &caller, input).await {
        Ok(case) => Ok(flash::redirect(
            &format!("/cases/{}", case.id),
            Done::Created,
        )),
        Err(e @ AppError::Invalid { .. }) => Ok(refused(
            case_form(&state, &caller, lang, form, Some(&e)).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

// the public intake

const NONCE_COOKIE: &str = "intake_nonce";

#[derive(Template)]
#[template(path = "public_intake.html")]
struct PublicIntakePage {
    shell: Shell,
    form: Pairs,
    error: Option<String>,
    question: String,
    token: String,
    categories: Vec<(String, String)>,
    units: Vec<(String, String)>,
    receipt: Option<public::Receipt>,
}

async fn public_units(state: &AppState) -> Result<Vec<(String, String)>, PageError> {
    let root = jinguo_app::units::public_tree(&state.app).await?;
    Ok(root
        .into_iter()
        .filter(|u| u.level != "district")
        .map(|u| {
            let indent = if u.level == "community" { "　" } else { "" };
            (u.code, format!("{indent}{}", u.name))
        })
        .collect())
}

async fn public_intake_page(
    state: &AppState,
    lang: Lang,
    form: Pairs,
    error: Option<&AppError>,
    receipt: Option<public::Receipt>,
) -> Result<Response, PageError> {
    let t = Tr(lang);
    let challenge = public::challenge(&state.app);
    let deployment = jinguo_app::settings::current(&state.app).await?;
    let page = render(&PublicIntakePage {
        shell: Shell::public(lang, "public-intake-title", &deployment),
        error: error.map(|e| error_message(lang, e)),
        question: challenge.question,
        token: challenge.token,
        categories: options(t, "category", Category::ALL, Category::as_str),
        units: public_units(state).await?,
        receipt,
        form,
    })?;
    let cookie = crate::cookies::set(NONCE_COOKIE, &challenge.nonce, Some(2 * 3600), true, false);
    Ok(([(axum::http::header::SET_COOKIE, cookie)], page).into_response())
}

pub async fn public_intake(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    public_intake_page(
        &state,
        Lang::from_headers(&headers),
        Pairs::from_pairs(Vec::new()),
        None,
        None,
    )
    .await
}

pub async fn public_submit(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let form = Pairs::parse(&body);
    let nonce = crate::cookies::get(&headers, NONCE_COOKIE).unwrap_or_default();
    let intake = PublicIntake {
        kind: form.opt("kind"),
        category: form.get("category").into(),
        unit_code: form.get("unit_code").into(),
        narrative: form.get("narrative").into(),
        name: form.opt("name"),
        phone: form.get("phone").into(),
        token: form.get("token").into(),
        nonce,
        answer: form.get("answer").into(),
        website: form.opt("website"),
    };
    match public::submit(&state.app, &state.public_limits, &origin.ip, intake).await {
        Ok(receipt) => {
            public_intake_page(
                &state,
                lang,
                Pairs::from_pairs(Vec::new()),
                None,
                Some(receipt),
            )
            .await
        }
        Err(e @ AppError::Invalid { .. }) => {
            let page = public_intake_page(&state, lang, form, Some(&e), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "public_status.html")]
struct PublicStatusPage {
    shell: Shell,
    receipt: String,
    not_found: bool,
    found: Option<(String, String, String, String)>,
    steps: Vec<(String, String)>,
}

pub async fn public_status_form(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let deployment = jinguo_app::settings::current(&state.app).await?;
    render(&PublicStatusPage {
        shell: Shell::public(lang, "public-status-title", &deployment),
        receipt: String::new(),
        not_found: false,
        found: None,
        steps: Vec::new(),
    })
}

pub async fn public_status(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let t = Tr(lang);
    let form = Pairs::parse(&body);
    let result = public::status(
        &state.app,
        &state.public_limits,
        &origin.ip,
        form.get("receipt"),
        form.get("phone"),
    )
    .await;
    let deployment = jinguo_app::settings::current(&state.app).await?;
    let mut page = PublicStatusPage {
        shell: Shell::public(lang, "public-status-title", &deployment),
        receipt: form.get("receipt").into(),
        not_found: false,
        found: None,
        steps: Vec::new(),
    };
    match result {
        Ok(s) => {
            page.found = Some((
                s.case_code.clone(),
                s.category
                    .map(|c| label(t, "category", c.as_str()))
                    .unwrap_or_else(|| t.t("public-category-withheld")),
                label(t, "status", s.status.as_str()),
                s.opened_on.clone(),
            ));
            page.steps = s
                .steps
                .iter()
                .map(|(status, at)| (format_time(*at), label(t, "status", status.as_str())))
                .collect();
            Ok(render(&page)?.into_response())
        }
        Err(AppError::NotFound) => {
            page.not_found = true;
            Ok((StatusCode::NOT_FOUND, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
