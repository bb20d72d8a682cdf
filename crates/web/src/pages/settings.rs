//! The deployment's settings (`/admin/settings`, the system administrator's): its name on the
//! public pages and the public base URL of QR codes and links.

use super::{render, Shell};
use crate::error::PageError;
use crate::extract::{PageCaller, PostedForm};
use crate::i18n::Lang;
use crate::pages::flash::Done;
use crate::pages::parts::{settled_form, Form, Pairs};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::settings::{self, DeploymentInput};

pub const PATH: &str = "/admin/settings";

const FIELDS: &[&str] = &["deployment_name", "public_base_url"];

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    shell: Shell,
    form: Form,
}

async fn settings_page(caller: &Caller, lang: Lang, form: Form) -> Result<Html<String>, PageError> {
    render(&SettingsPage {
        shell: Shell::new(lang, Some(caller), "settings", "settings-title"),
        form,
    })
}

pub async fn form(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let now = settings::get(&state.app, &caller).await?;
    let pairs = vec![
        ("deployment_name", now.deployment_name),
        ("public_base_url", now.public_base_url.unwrap_or_default()),
    ];
    let form = Form::new(Pairs::from_pairs(pairs));
    settings_page(&caller, Lang::from_headers(&headers), form).await
}

pub async fn save(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let input = DeploymentInput {
        deployment_name: form.get("deployment_name").to_owned(),
        public_base_url: form.opt("public_base_url"),
    };
    let result = settings::update(&state.app, &caller, input).await;
    settled_form(
        Done::Saved,
        result,
        |_| PATH.to_owned(),
        (lang, form, FIELDS),
        |form| settings_page(&caller, lang, form),
    )
    .await
}
