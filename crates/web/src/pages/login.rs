//! The sign-in page and signing out.

use super::{render, Shell};
use crate::cookies::{self, LOGIN_CSRF_COOKIE, SESSION_COOKIE};
use crate::error::PageError;
use crate::extract::{ClientOrigin, PageCallerPending, PageForm};
use crate::i18n::{error_message, Lang};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_app::auth::{self, SESSION_IDLE_MS};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    shell: Shell,
    csrf: String,
    username: String,
    error: Option<String>,
}

fn login_page(
    lang: Lang,
    csrf: String,
    username: String,
    error: Option<String>,
) -> Result<String, PageError> {
    let page = LoginPage {
        shell: Shell::new(lang, None, "login", "login-title"),
        csrf,
        username,
        error,
    };
    Ok(render(&page)?.0)
}

pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if let Some(token) = cookies::get(&headers, SESSION_COOKIE) {
        let origin = jinguo_app::Origin::default();
        if auth::caller_from_session(&state.app, &token, origin)
            .await
            .is_ok()
        {
            return Ok(Redirect::to("/").into_response());
        }
    }
    let csrf = auth::random_secret();
    let page = login_page(
        Lang::from_headers(&headers),
        csrf.clone(),
        String::new(),
        None,
    )?;
    let cookie = cookies::set(
        LOGIN_CSRF_COOKIE,
        &csrf,
        None,
        true,
        cookies::is_https(&headers),
    );
    Ok(([(header::SET_COOKIE, cookie)], axum::response::Html(page)).into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    csrf: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    headers: HeaderMap,
    PageForm(form): PageForm<LoginForm>,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let expected = cookies::get(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if !crate::constant_time_eq(&form.csrf, &expected) {
        return Err(PageError(crate::error::WebError::CsrfFailed));
    }
    match auth::login(&state.app, &form.username, &form.password, &origin).await {
        Ok(signed_in) => {
            let secure = cookies::is_https(&headers);
            let session = cookies::set(
                SESSION_COOKIE,
                &signed_in.session_token,
                Some(SESSION_IDLE_MS / 1000 * 16),
                true,
                secure,
            );
            // After an administrator's reset the first stop is choosing a new password.
            let next = if signed_in.caller.must_change_password() {
                super::PASSWORD_CHANGE_PATH
            } else {
                "/"
            };
            let mut response = Redirect::to(next).into_response();
            response.headers_mut().append(header::SET_COOKIE, session);
            response
                .headers_mut()
                .append(header::SET_COOKIE, cookies::clear(LOGIN_CSRF_COOKIE));
            Ok(response)
        }
        Err(
            e @ (jinguo_app::AppError::InvalidCredentials
            | jinguo_app::AppError::AccountLocked { .. }
            | jinguo_app::AppError::TooManyAttempts { .. }
            | jinguo_app::AppError::AccountDisabled
            | jinguo_app::AppError::AwaitingApproval),
        ) => {
            // The page shows the refusal beside the form, with the API's status (a disabled
            // account is shown like a wrong password's 401).
            let status = match &e {
                jinguo_app::AppError::AccountLocked { .. } => StatusCode::LOCKED,
                jinguo_app::AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNAUTHORIZED,
            };
            let page = login_page(lang, expected, form.username, Some(error_message(lang, &e)))?;
            Ok((status, axum::response::Html(page)).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    PageCallerPending(caller): PageCallerPending,
    PageForm(form): PageForm<CsrfOnly>,
) -> Result<Response, PageError> {
    caller.check_csrf(&form.csrf)?;
    auth::logout(&state.app, &caller.0).await?;
    Ok((
        [(header::SET_COOKIE, cookies::clear(SESSION_COOKIE))],
        Redirect::to("/login"),
    )
        .into_response())
}
