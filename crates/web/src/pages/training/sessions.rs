//! A session's page: the desk's tick list, the QR code of its check-in, and the sign-in sheet
//! to print or fill in.

use super::{require_runner, shell};
use crate::error::PageError;
use crate::extract::{RecordForm, RecordRequest};
use crate::files::{download, XLSX};
use crate::i18n::Lang;
use crate::pages::employment::events::{public_url, qr_svg};
use crate::pages::flash::Done;
use crate::pages::parts::{label, settled_form, unit_map, unit_name, Form};
use crate::pages::{render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::training::{self, CourseStage, SessionRoll};
use std::collections::HashMap;

// ---- a session's page ----

#[derive(Template)]
#[template(path = "course_session.html")]
struct SessionPage {
    shell: Shell,
    roll: SessionRoll,
    units: HashMap<String, String>,
    /// The public check-in's address and its QR code, when the session has its event.
    checkin: Option<(String, String)>,
    today: String,
    form: Form,
}

impl SessionPage {
    fn unit(&self, code: &str) -> String {
        unit_name(&self.units, code)
    }

    fn via(&self, via: &Option<String>) -> String {
        via.as_deref()
            .map(|v| label(self.shell.t, "attendance-via", v))
            .unwrap_or_default()
    }

    /// Attendance can be taken: the day has come and the course is open.
    fn open(&self) -> bool {
        self.roll.course.stage != CourseStage::Finished && self.roll.session.date <= self.today
    }

    fn present(&self) -> usize {
        self.roll.lines.iter().filter(|l| l.present).count()
    }
}

async fn session_page(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    id: i64,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_runner(caller)?;
    let lang = Lang::from_headers(headers);
    let roll = training::roll(&state.app, caller, id).await?;
    let today = jinguo_app::people::today(&state.app).to_string();
    // The QR code while its check-in can still be used: the day has not passed, the course is
    // open.
    let usable = roll.course.held_here
        && roll.session.date >= today
        && roll.course.stage != CourseStage::Finished;
    let checkin = match roll.session.event_id {
        Some(event) if usable => {
            let key = jinguo_app::employment::events::get(&state.app, caller, event)
                .await?
                .event
                .checkin_key;
            let url = public_url(state, headers, &format!("/checkin/{key}")).await?;
            Some((qr_svg(&url), url))
        }
        _ => None,
    };
    let mut shell = shell(lang, caller, "training-title");
    shell.title = format!("{} · {}", roll.course.title, roll.session.date);
    render(&SessionPage {
        units: unit_map(state, caller).await?,
        today,
        checkin,
        roll,
        form,
        shell,
    })
}

pub async fn session(
    State(state): State<AppState>,
    RecordRequest { caller, id, .. }: RecordRequest,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    session_page(&state, &caller, &headers, id, Form::empty()).await
}

/// The desk's tick list: the ticked enrollments are present, the others of the roll not.
pub async fn take_roll(
    State(state): State<AppState>,
    headers: HeaderMap,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let present: Vec<i64> = form
        .all("present")
        .iter()
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    let result = training::take_roll(&state.app, &caller, id, &present).await;
    settled_form(
        Done::Saved,
        result,
        |_| format!("/training/sessions/{id}"),
        (lang, form, &[]),
        |form| session_page(&state, &caller, &headers, id, form),
    )
    .await
}

#[derive(Template)]
#[template(path = "sign_in_sheet.html")]
struct SignInPage {
    shell: Shell,
    roll: SessionRoll,
    units: HashMap<String, String>,
    /// Empty lines under the roll, for those who come without being on it.
    spare: Vec<usize>,
}

impl SignInPage {
    fn unit(&self, code: &str) -> String {
        unit_name(&self.units, code)
    }
}

/// The printable sign-in sheet (签到表): the roll by name with a blank column to sign.
pub async fn sign_in(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    require_runner(&caller)?;
    let roll = training::roll(&state.app, &caller, id).await?;
    let mut shell = shell(lang, &caller, "sign-in-title");
    shell.title = format!("{} {}", roll.course.title, shell.title);
    let first_spare = roll.lines.len() + 1;
    render(&SignInPage {
        units: unit_map(&state, &caller).await?,
        spare: (first_spare..first_spare + 5).collect(),
        roll,
        shell,
    })
}

pub async fn sign_in_xlsx(
    State(state): State<AppState>,
    RecordRequest { caller, id, .. }: RecordRequest,
) -> Result<Response, PageError> {
    let units = unit_map(&state, &caller).await?;
    let (name, bytes) = training::sign_in_xlsx(&state.app, &caller, id, &units).await?;
    Ok(download(&name, XLSX, bytes))
}
