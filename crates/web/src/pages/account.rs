//! The signed-in user's own account: choosing a new password. After an administrator's reset
//! every page leads here until the new password is saved.

use super::{render, Shell};
use crate::error::PageError;
use crate::extract::{PageCallerPending, PageForm};
use crate::i18n::{error_message, Lang};
use crate::pages::flash::{self, Done};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::{passwords, AppError};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "password_change.html")]
struct PasswordPage {
    shell: Shell,
    required: bool,
    error: Option<String>,
    error_field: String,
}

fn page(lang: Lang, caller: &Caller, error: Option<&AppError>) -> Result<Html<String>, PageError> {
    render(&PasswordPage {
        shell: Shell::new(lang, Some(caller), "password", "password-title"),
        required: caller.must_change_password(),
        error: error.map(|e| error_message(lang, e)),
        error_field: error.and_then(|e| e.field()).unwrap_or("").to_owned(),
    })
}

pub async fn form(
    PageCallerPending(caller): PageCallerPending,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    page(Lang::from_headers(&headers), &caller.0, None)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

pub async fn submit(
    State(state): State<AppState>,
    PageCallerPending(caller): PageCallerPending,
    headers: HeaderMap,
    PageForm(form): PageForm<PasswordForm>,
) -> Result<Response, PageError> {
    caller.check_csrf(&form.csrf)?;
    let lang = Lang::from_headers(&headers);
    let result = if form.new_password != form.confirm_password {
        Err(AppError::invalid("confirm_password", "password_mismatch"))
    } else {
        passwords::change_own(
            &state.app,
            &caller.0,
            &form.current_password,
            &form.new_password,
        )
        .await
    };
    match result {
        Ok(()) => Ok(flash::redirect("/", Done::PasswordChanged)),
        Err(e @ AppError::Invalid { .. }) => Ok(super::refused(page(lang, &caller.0, Some(&e))?)),
        Err(e) => Err(e.into()),
    }
}
