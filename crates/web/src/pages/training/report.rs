//! The year's report per tier and per course, and the follow-up calls due.

use super::{percent, require_reader, require_runner, shell};
use crate::error::PageError;
use crate::extract::{ListRequest, PageCaller, RecordForm};
use crate::i18n::{Lang, Tr};
use crate::pages::flash::Done;
use crate::pages::parts::{label, options, settled_form, unit_map, unit_name, Form};
use crate::pages::{render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::training::{self, DueFollowUp, FollowUpInput, TrainingReport};
use jinguo_domain::training::FollowUpResult;
use std::collections::HashMap;

// ---- the report and the follow-up calls ----

#[derive(Template)]
#[template(path = "training_report.html")]
struct ReportPage {
    shell: Shell,
    report: TrainingReport,
    years: Vec<i32>,
}

impl ReportPage {
    fn tier(&self, code: &str) -> String {
        label(self.shell.t, "tier", code)
    }

    fn percent(&self, rate: &f64) -> String {
        percent(*rate)
    }
}

pub async fn report(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    require_reader(&caller)?;
    let year = q.get("year").trim().parse::<i32>().ok();
    let report = training::training_report(&state.app, &caller, year).await?;
    let this_year = jinguo_app::people::today(&state.app).year;
    render(&ReportPage {
        shell: shell(lang, &caller, "training-report-title"),
        years: (this_year - 4..=this_year).rev().collect(),
        report,
    })
}

#[derive(Template)]
#[template(path = "training_follow_ups.html")]
struct FollowUpsPage {
    shell: Shell,
    due: Vec<DueFollowUp>,
    units: HashMap<String, String>,
    results: Vec<(String, String)>,
    today: String,
    form: Form,
    /// The enrollment whose form was refused.
    form_for: i64,
}

impl FollowUpsPage {
    fn unit(&self, code: &str) -> String {
        unit_name(&self.units, code)
    }

    fn refused(&self, id: &i64) -> bool {
        self.form_for == *id && !self.form.message.is_empty()
    }
}

async fn follow_ups_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
    form_for: i64,
) -> Result<Html<String>, PageError> {
    require_runner(caller)?;
    let t = Tr(lang);
    render(&FollowUpsPage {
        shell: shell(lang, caller, "training-follow-ups-title"),
        due: training::follow_ups_due(&state.app, caller).await?,
        units: unit_map(state, caller).await?,
        results: options(
            t,
            "follow-up-result",
            FollowUpResult::ALL,
            FollowUpResult::as_str,
        ),
        today: jinguo_app::people::today(&state.app).to_string(),
        form,
        form_for,
    })
}

pub async fn follow_ups(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    follow_ups_page(&state, &caller, lang, Form::empty(), 0).await
}

pub async fn record_follow_up(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = FollowUpInput {
        result: form.get("result").into(),
        called_on: form.opt("called_on"),
        note: form.opt("note"),
    };
    let result = training::record_follow_up(&state.app, &caller, id, input).await;
    settled_form(
        Done::Saved,
        result,
        |_| "/training/follow-ups".to_owned(),
        (lang, form, &[]),
        |form| follow_ups_page(&state, &caller, lang, form, id),
    )
    .await
}
