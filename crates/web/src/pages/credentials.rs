//! An administrator's hold on sign-in credentials: unlocking an account, and the API tokens of
//! a user (listed, revoked one by one).

use super::{format_time, render, Shell};
use crate::error::PageError;
use crate::extract::parse_id;
use crate::extract::{PostedForm, RecordForm, RecordRequest};
use crate::i18n::Tr;
use crate::pages::flash::{self, Done};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jinguo_app::tokens::{self, TokenStatus};
use jinguo_app::{lockout, users};
use serde::Deserialize;

/// 解锁: lifts a user's sign-in lock and returns to the users page.
pub async fn unlock(
    State(state): State<AppState>,
    RecordForm { caller, id, .. }: RecordForm,
) -> Result<Response, PageError> {
    lockout::unlock(&state.app, &caller, id).await?;
    Ok(flash::redirect("/admin/users", Done::Unlocked))
}

pub struct TokenRow {
    pub id: i64,
    pub label: String,
    pub created: String,
    pub expires: String,
    pub last_used: String,
    pub status_label: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "user_tokens.html")]
struct TokensPage {
    shell: Shell,
    user_id: i64,
    username: String,
    tokens: Vec<TokenRow>,
}

#[derive(Deserialize, Default)]
pub struct TokensQuery {
    revoked: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
    crate::extract::PageQuery(q): crate::extract::PageQuery<TokensQuery>,
) -> Result<Html<String>, PageError> {
    let t = Tr(lang);
    let user = users::get(&state.app, &caller, id).await?;
    let rows = tokens::list(&state.app, &caller, id)
        .await?
        .into_iter()
        .map(|v| TokenRow {
            id: v.token.id,
            label: v.token.label,
            created: format_time(v.token.created_at),
            expires: format_time(v.token.expires_at),
            last_used: v.token.last_used.map(format_time).unwrap_or_default(),
            status_label: t.t(&format!("tokens-status-{}", v.status.as_str())),
            active: v.status == TokenStatus::Active,
        })
        .collect();
    let mut shell = Shell::new(lang, Some(&caller), "users", "tokens-title");
    shell.notice = q.revoked.map(|_| t.t("tokens-revoked-done"));
    render(&TokensPage {
        shell,
        user_id: id,
        username: user.username,
        tokens: rows,
    })
}

pub async fn revoke(
    State(state): State<AppState>,
    Path((id, token_id)): Path<(String, String)>,
    PostedForm { caller, .. }: PostedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    tokens::revoke_one(&state.app, &caller, id, parse_id(&token_id)?).await?;
    Ok(Redirect::to(&format!("/admin/users/{id}/tokens?revoked=1")).into_response())
}
