//! Sign-in, the caller, and user administration.

use super::{ListOf, Paging};
use crate::cookies::{self, SESSION_COOKIE};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, ClientOrigin};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jinguo_app::auth::{self, Caller, SESSION_IDLE_MS};
use jinguo_app::users::{self, AccountChanges, Actor, NewAccount};
use jinguo_app::AppError;
use jinguo_db::accounts::User;
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
    /// admin, federation, street, community, caseworker, leader, department or viewer
    pub role: String,
    pub unit_code: String,
}

impl Me {
    fn of(caller: &Caller) -> Me {
        Me {
            username: caller.username.clone(),
            role: caller.role.as_str().into(),
            unit_code: caller.unit.to_string(),
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
#[utoipa::path(post, path = "/api/v1/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = super::ErrorBody, description = "invalid_credentials"),
              (status = 423, body = super::ErrorBody, description = "account_locked")))]
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
    ApiCaller(caller): ApiCaller,
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
pub async fn me(ApiCaller(caller): ApiCaller) -> Response {
    match &caller.session {
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
    /// Locked after five consecutive failed sign-ins, until this time (ms since the epoch).
    pub locked_until: Option<i64>,
}

impl UserView {
    pub fn of(u: User) -> UserView {
        UserView {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            unit_code: u.unit_code,
            department_code: u.department_code,
            disabled: u.disabled,
            locked_until: u.locked_until,
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
    let total = all.len() as i64;
    let items = all
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(UserView::of)
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
    Path(id): Path<String>,
) -> Result<Json<UserView>, ApiError> {
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    Ok(Json(UserView::of(
        users::get(&state.app, &caller, id).await?,
    )))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateUser {
    pub username: String,
    pub display_name: Option<String>,
    pub role: String,
    pub unit_code: String,
    pub department_code: Option<String>,
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/users", tag = "accounts", request_body = CreateUser,
    responses((status = 201, body = UserView), (status = 409, body = super::ErrorBody),
              (status = 422, body = super::ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<CreateUser>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    let new = NewAccount {
        username: body.username,
        display_name: body.display_name,
        role: body.role,
        unit_code: body.unit_code,
        department_code: body.department_code,
        password: body.password,
    };
    let id = users::add(&state.app, Actor::Admin(&caller), new).await?;
    Ok((
        StatusCode::CREATED,
        Json(UserView::of(users::get(&state.app, &caller, id).await?)),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateUser {
    pub display_name: Option<String>,
    pub role: Option<String>,
    pub unit_code: Option<String>,
    pub department_code: Option<String>,
    pub disabled: Option<bool>,
}

#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "accounts", request_body = UpdateUser,
    responses((status = 200, body = UserView), (status = 404, body = super::ErrorBody),
              (status = 422, body = super::ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UpdateUser>,
) -> Result<Json<UserView>, ApiError> {
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let current = users::get(&state.app, &caller, id).await?;
    let changes = AccountChanges {
        display_name: body.display_name.unwrap_or(current.display_name),
        role: body.role.unwrap_or(current.role),
        unit_code: body.unit_code.unwrap_or(current.unit_code),
        department_code: body.department_code.or(current.department_code),
        disabled: body.disabled.unwrap_or(current.disabled),
    };
    Ok(Json(UserView::of(
        users::update(&state.app, &caller, id, changes).await?,
    )))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewPassword {
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "accounts", request_body = NewPassword,
    responses((status = 204), (status = 422, body = super::ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewPassword>,
) -> Result<StatusCode, ApiError> {
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    users::reset_password(&state.app, &caller, id, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
