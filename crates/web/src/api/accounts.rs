//! Sign-in, the caller, and user administration.

use super::{ListOf, Paging};
use crate::cookies::{self, SESSION_COOKIE};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiCallerPending, ApiJson, ApiQuery, ClientOrigin, Path};
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jinguo_app::auth::{self, Caller, SESSION_IDLE_MS};
use jinguo_app::tokens::{self, TokenView};
use jinguo_app::users::{self, AccountChanges, Actor, NewAccount};
use jinguo_app::users::{Grant, User};
use jinguo_app::{lockout, passwords, AppError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    /// admin, security_admin, audit_admin, federation, street, community, caseworker, leader,
    /// department or viewer
    pub role: String,
    pub unit_code: String,
    /// True after an administrator reset the password: every other call answers 403
    /// `password_change_required` until `POST /api/v1/me/password` succeeds.
    pub must_change_password: bool,
}

impl Me {
    fn of(caller: &Caller) -> Me {
        Me {
            username: caller.username().to_owned(),
            role: caller.role().as_str().into(),
            unit_code: caller.unit().to_string(),
            must_change_password: caller.must_change_password(),
        }
    }
}

fn csrf_header(token: &str) -> [(&'static str, HeaderValue); 1] {
    [(
        "x-csrf-token",
        HeaderValue::from_str(token).unwrap_or_else(|_| HeaderValue::from_static("")),
    )]
}

/// Signs in and sets the session cookie; the session's CSRF token comes in `X-CSRF-Token`.
/// Five failures per username (known or not) lock it for 15 minutes (423); twenty failures
/// from one address refuse that address for 15 minutes (429).
#[utoipa::path(post, path = "/api/v1/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = super::ErrorBody, description = "invalid_credentials"),
              (status = 403, body = super::ErrorBody, description = "account_disabled"),
              (status = 423, body = super::ErrorBody, description = "account_locked"),
              (status = 429, body = super::ErrorBody, description = "too_many_attempts")))]
pub async fn login(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let signed_in = auth::login(&state.app, &body.username, &body.password, &origin).await?;
    let cookie = cookies::set(
        SESSION_COOKIE,
        &signed_in.session_token,
        Some(SESSION_IDLE_MS / 1000 * 16),
        true,
        cookies::is_https(&headers),
    );
    let mut response = (
        csrf_header(&signed_in.csrf_token),
        Json(Me::of(&signed_in.caller)),
    )
        .into_response();
    response
        .headers_mut()
        .insert(axum::http::header::SET_COOKIE, cookie);
    Ok(response)
}

#[utoipa::path(post, path = "/api/v1/logout", tag = "accounts", responses((status = 204)))]
pub async fn logout(
    State(state): State<AppState>,
    ApiCallerPending(caller): ApiCallerPending,
) -> Result<Response, ApiError> {
    auth::logout(&state.app, &caller).await?;
    Ok((
        [(
            axum::http::header::SET_COOKIE,
            cookies::clear(SESSION_COOKIE),
        )],
        StatusCode::NO_CONTENT,
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = Me), (status = 401, body = super::ErrorBody)))]
pub async fn me(ApiCallerPending(caller): ApiCallerPending) -> Response {
    match &caller.session() {
        Some(session) => (csrf_header(&session.csrf_token), Json(Me::of(&caller))).into_response(),
        None => Json(Me::of(&caller)).into_response(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit_code: String,
    pub department_code: Option<String>,
    pub disabled: bool,
    /// Locked after five failed sign-ins, until this time (ms since the epoch).
    pub locked_until: Option<i64>,
    /// The password was reset by an administrator and not yet changed by the user.
    pub must_change_password: bool,
    /// Created by a role grant that waits for a second security administrator: cannot sign in.
    pub awaiting_approval: bool,
    /// A role grant for this account waiting for a second security administrator.
    pub pending_grant: Option<Grant>,
}

impl UserView {
    pub fn of(u: User, locked_until: Option<i64>) -> UserView {
        UserView {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            unit_code: u.unit_code,
            department_code: u.department_code,
            disabled: u.disabled,
            must_change_password: u.must_change_password,
            locked_until,
            awaiting_approval: u.awaiting_grant,
            pending_grant: None,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/users", tag = "accounts", params(Paging),
    responses((status = 200, body = ListOf<UserView>), (status = 403, body = super::ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<ListOf<UserView>>, ApiError> {
    let (page, per_page) = paging.resolve()?;
    let all = users::list(&state.app, &caller).await?;
    let locks = lockout::locks_of(&state.app, &all).await?;
    let total = all.len() as i64;
    let items = all
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(|u| {
            let locked = locks.get(&u.id).copied();
            UserView::of(u, locked)
        })
        .collect();
    Ok(Json(ListOf {
        items,
        total,
        page,
        per_page,
    }))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "accounts",
    responses((status = 200, body = UserView), (status = 404, body = super::ErrorBody)))]
pub async fn get_user(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<UserView>, ApiError> {
    let user = users::get(&state.app, &caller, id).await?;
    Ok(Json(user_view(&state, &caller, user).await?))
}

/// A user as the security administrator sees it: the lock in force now and a waiting grant.
async fn user_view(state: &AppState, caller: &Caller, user: User) -> Result<UserView, AppError> {
    let locks = lockout::locks_of(&state.app, std::slice::from_ref(&user)).await?;
    let locked = locks.get(&user.id).copied();
    let grant = users::pending_grant_of(&state.app, caller, user.id).await?;
    Ok(UserView {
        pending_grant: grant,
        ..UserView::of(user, locked)
    })
}

#[utoipa::path(post, path = "/api/v1/users", tag = "accounts", request_body = NewAccount,
    responses((status = 201, body = UserView), (status = 409, body = super::ErrorBody),
              (status = 422, body = super::ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(new): ApiJson<NewAccount>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    let id = users::add(&state.app, Actor::Admin(&caller), new).await?;
    let user = users::get(&state.app, &caller, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(user_view(&state, &caller, user).await?),
    ))
}

#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "accounts", request_body = AccountChanges,
    responses((status = 200, body = UserView), (status = 404, body = super::ErrorBody),
              (status = 422, body = super::ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(changes): ApiJson<AccountChanges>,
) -> Result<Json<UserView>, ApiError> {
    let user = users::change(&state.app, &caller, id, changes).await?;
    Ok(Json(user_view(&state, &caller, user).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewPassword {
    pub password: String,
}

/// Sets a new password for a user: their sessions and API tokens end, and they must choose
/// their own password at the next sign-in.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "accounts", request_body = NewPassword,
    responses((status = 204), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody),
              (status = 422, body = super::ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NewPassword>,
) -> Result<StatusCode, ApiError> {
    users::reset_password(&state.app, &caller, id, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/grants", tag = "accounts",
    responses((status = 200, body = Vec<Grant>), (status = 401, body = super::ErrorBody),
              (status = 403, body = super::ErrorBody)))]
pub async fn list_grants(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<Grant>>, ApiError> {
    let grants = users::pending_grants(&state.app, &caller).await?;
    Ok(Json(grants))
}

async fn decide(
    state: &AppState,
    caller: &Caller,
    id: i64,
    decision: users::Decision,
) -> Result<Json<Grant>, ApiError> {
    let grant = users::decide_grant(&state.app, caller, id, decision).await?;
    Ok(Json(grant))
}

/// A second security administrator approves a waiting role grant (not the one who asked for it,
/// nor the account it is for: 409 `second_administrator_required`).
#[utoipa::path(post, path = "/api/v1/grants/{id}/approve", tag = "accounts",
    responses((status = 200, body = Grant), (status = 403, body = super::ErrorBody),
              (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody)))]
pub async fn approve_grant(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Grant>, ApiError> {
    decide(&state, &caller, id, users::Decision::Approve).await
}

/// A second security administrator rejects a waiting role grant.
#[utoipa::path(post, path = "/api/v1/grants/{id}/reject", tag = "accounts",
    responses((status = 200, body = Grant), (status = 403, body = super::ErrorBody),
              (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody)))]
pub async fn reject_grant(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Grant>, ApiError> {
    decide(&state, &caller, id, users::Decision::Reject).await
}

/// Lifts the sign-in lock of a user (解锁).
#[utoipa::path(post, path = "/api/v1/users/{id}/unlock", tag = "accounts",
    responses((status = 204), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
pub async fn unlock_user(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    lockout::unlock(&state.app, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Changes the caller's own password (required after an administrator's reset). The caller's
/// other sessions and all their API tokens end; this session stays.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", request_body = PasswordChange,
    responses((status = 204), (status = 401, body = super::ErrorBody), (status = 422, body = super::ErrorBody),
              (status = 423, body = super::ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    ApiCallerPending(caller): ApiCallerPending,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    passwords::change_own(
        &state.app,
        &caller,
        &body.current_password,
        &body.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenItem {
    pub id: i64,
    pub label: String,
    /// ms since the epoch
    pub created_at: i64,
    pub expires_at: i64,
    /// Written back at most once a minute.
    pub last_used: Option<i64>,
    /// active, expired or revoked
    pub status: String,
}

impl TokenItem {
    fn of(v: TokenView) -> TokenItem {
        TokenItem {
            id: v.token.id,
            label: v.token.label,
            created_at: v.token.created_at,
            expires_at: v.token.expires_at,
            last_used: v.token.last_used,
            status: v.status.as_str().into(),
        }
    }
}

/// A user's API tokens (never the tokens themselves, which only their holder has).
#[utoipa::path(get, path = "/api/v1/users/{id}/tokens", tag = "accounts",
    responses((status = 200, body = Vec<TokenItem>), (status = 403, body = super::ErrorBody),
              (status = 404, body = super::ErrorBody)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<TokenItem>>, ApiError> {
    let list = tokens::list(&state.app, &caller, id).await?;
    Ok(Json(list.into_iter().map(TokenItem::of).collect()))
}

/// Revokes one API token of a user: it answers 401 at once.
#[utoipa::path(post, path = "/api/v1/users/{id}/tokens/{token_id}/revoke", tag = "accounts",
    responses((status = 204), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, token_id)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    tokens::revoke_one(&state.app, &caller, id, token_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
