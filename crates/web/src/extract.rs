//! Request extractors: who is calling (API token or session), where from, and request bodies
//! whose rejections become our error shape instead of axum's plain-text ones.

use crate::cookies::{self, SESSION_COOKIE};
use crate::error::{ApiError, PageError, WebError};
use crate::i18n::Lang;
use crate::pages::parts::{posted_form, Paging, Pairs};
use crate::proxies::ClientAddr;
use crate::AppState;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, RawForm, Request};
use axum::http::request::Parts;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use jinguo_app::auth::{self, Caller};
use jinguo_app::{AppError, Origin};
use serde::de::DeserializeOwned;
use std::net::SocketAddr;

/// The client's address (through the trusted proxies, see `proxies`) and its user agent.
pub fn origin(parts: &Parts) -> Origin {
    let ip = parts
        .extensions
        .get::<ClientAddr>()
        .map(|c| c.0)
        .or_else(|| {
            let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>();
            peer.map(|ci| ci.0.ip())
        })
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".into());
    let user_agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    Origin { ip, user_agent }
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
}

/// The caller of an API request: a bearer token, or the browser session (whose writes must
/// carry the session's CSRF token in `X-CSRF-Token`). A caller whose password was reset by an
/// administrator is refused (403 `password_change_required`) until they choose a new one.
pub struct ApiCaller(pub Caller);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ApiCallerPending(caller) = ApiCallerPending::from_request_parts(parts, state).await?;
        if caller.must_change_password() {
            return Err(AppError::PasswordChangeRequired.into());
        }
        Ok(ApiCaller(caller))
    }
}

/// The API caller even before a required password change: only for who-am-I, signing out and
/// changing the password.
pub struct ApiCallerPending(pub Caller);

impl FromRequestParts<AppState> for ApiCallerPending {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let origin = origin(parts);
        if let Some(token) = bearer(parts) {
            return Ok(ApiCallerPending(
                auth::caller_from_token(&state.app, token, origin).await?,
            ));
        }
        let session = cookies::get(&parts.headers, SESSION_COOKIE).ok_or(AppError::Unauthorized)?;
        let caller = auth::caller_from_session(&state.app, &session, origin).await?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let expected = caller
                .session()
                .as_ref()
                .map(|s| s.csrf_token.as_str())
                .unwrap_or("");
            if !crate::constant_time_eq(sent, expected) {
                return Err(ApiError(WebError::CsrfFailed));
            }
        }
        Ok(ApiCallerPending(caller))
    }
}

/// The caller of a page: the browser session, or a redirect to the login page; a caller who
/// must change their password is sent to that page first.
pub struct PageCaller(pub Caller);

impl FromRequestParts<AppState> for PageCaller {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let PageCaller(caller) = page_caller(parts, state).await?;
        if caller.must_change_password() {
            return Err(AppError::PasswordChangeRequired.into());
        }
        Ok(PageCaller(caller))
    }
}

/// The signed-in browser session, whether or not a password change is pending.
pub async fn page_caller(parts: &Parts, state: &AppState) -> Result<PageCaller, PageError> {
    let session = cookies::get(&parts.headers, SESSION_COOKIE).ok_or(AppError::Unauthorized)?;
    let caller = auth::caller_from_session(&state.app, &session, origin(parts)).await?;
    crate::error::note_signed_in(&caller);
    Ok(PageCaller(caller))
}

/// The page caller even before a required password change: for the change-password page and
/// signing out.
pub struct PageCallerPending(pub PageCaller);

impl FromRequestParts<AppState> for PageCallerPending {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(PageCallerPending(page_caller(parts, state).await?))
    }
}

impl PageCaller {
    /// Every form post carries the session's CSRF token.
    pub fn check_csrf(&self, sent: &str) -> Result<(), PageError> {
        let expected = self
            .0
            .session()
            .as_ref()
            .map(|s| s.csrf_token.as_str())
            .unwrap_or("");
        if crate::constant_time_eq(sent, expected) {
            Ok(())
        } else {
            Err(PageError(WebError::CsrfFailed))
        }
    }
}

/// Where the request came from, for handlers without a caller (sign-in).
pub struct ClientOrigin(pub Origin);

impl<S: Send + Sync> FromRequestParts<S> for ClientOrigin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientOrigin(origin(parts)))
    }
}

/// A JSON body; malformed → 400, missing field → 422 naming it, too large → 413.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(ApiError(json_rejection(rejection))),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> WebError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return WebError::TooLarge;
    }
    match rejection {
        JsonRejection::MissingJsonContentType(_) => WebError::UnsupportedMediaType,
        JsonRejection::JsonDataError(e) => {
            let text = e.body_text();
            match text
                .split("missing field `")
                .nth(1)
                .and_then(|rest| rest.split('`').next())
            {
                Some(field) => WebError::MissingField(field.to_owned()),
                None => WebError::Malformed(short(&text)),
            }
        }
        other => WebError::Malformed(short(&other.body_text())),
    }
}

/// The serde message without axum's prefix, shortened for an error body.
fn short(text: &str) -> String {
    let text = text.rsplit(": ").next().unwrap_or(text);
    text.chars().take(200).collect()
}

/// A multipart upload; a body that is not `multipart/form-data` → 415, like the JSON bodies.
pub struct ApiMultipart(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for ApiMultipart {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Multipart::from_request(req, state)
            .await
            .map(ApiMultipart)
            .map_err(|_| ApiError(WebError::MultipartRequired))
    }
}

/// The parameters of an API path (`/api/v1/cases/{id}`). A record's id that is not a number
/// names no record: 404, as one outside the caller's scope — once here instead of in every
/// handler. It is named `Path`, as axum's, because the OpenAPI generator knows a handler's path
/// parameters by that name.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => {
                Err(ApiError(WebError::App(AppError::NotFound)))
            }
            Err(other) => Err(ApiError(WebError::Malformed(short(&other.body_text())))),
        }
    }
}

/// Query parameters; malformed → 400.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(ApiError(query_rejection(rejection))),
        }
    }
}

fn query_rejection(rejection: QueryRejection) -> WebError {
    WebError::Malformed(short(&rejection.body_text()))
}

/// A form body of a page; a malformed one is a 400 page.
pub struct PageForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for PageForm<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(PageForm(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(PageError(WebError::TooLarge))
            }
            Err(rejection) => Err(PageError(WebError::Malformed(short(
                &rejection.body_text(),
            )))),
        }
    }
}

/// A form posted to a page: the signed-in caller, the language to answer in, and the form's
/// pairs once the session's CSRF token among them is checked. The caller is found before the
/// body is read, so a signed-out post goes to the login page whatever it carries.
pub struct PostedForm {
    pub caller: Caller,
    pub lang: Lang,
    pub form: Pairs,
}

impl FromRequest<AppState> for PostedForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let caller = PageCaller::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let lang = Lang::from_headers(&parts.headers);
        let RawForm(bytes) = RawForm::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let form = posted_form(&caller, &bytes).map_err(IntoResponse::into_response)?;
        Ok(PostedForm {
            caller: caller.0,
            lang,
            form,
        })
    }
}

/// A form posted on a record (`/awards/{id}/votes`): the posted form and the record's id from
/// the path. The id is read last, as a handler did: signed out is the login page and a bad
/// CSRF token refused whatever the id; an id that is not a number is the 404 page.
pub struct RecordForm {
    pub caller: Caller,
    pub lang: Lang,
    pub id: i64,
    pub form: Pairs,
}

impl FromRequest<AppState> for RecordForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(&mut parts, state)
                .await
                .map_err(IntoResponse::into_response)?;
        let PostedForm { caller, lang, form } =
            PostedForm::from_request(Request::from_parts(parts, body), state).await?;
        let id = parse_id(&raw).map_err(|e| PageError::from(e).into_response())?;
        Ok(RecordForm {
            caller,
            lang,
            id,
            form,
        })
    }
}

/// A list page's request: the signed-in caller, the language to answer in, the filters of the
/// query string and the page it asks for. A page that opens with values from its query string
/// (a new job for `?enterprise_id=`, the statistics of a filter) is asked the same way.
pub struct ListRequest {
    pub caller: Caller,
    pub lang: Lang,
    pub q: Pairs,
    pub paging: Paging,
}

impl FromRequestParts<AppState> for ListRequest {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let PageCaller(caller) = PageCaller::from_request_parts(parts, state).await?;
        let q = Pairs::of_query(parts.uri.query());
        Ok(ListRequest {
            caller,
            lang: Lang::from_headers(&parts.headers),
            paging: Paging::of(&q),
            q,
        })
    }
}

/// A record page's request: the signed-in caller, the language to answer in, and the record's
/// id from the path (`/awards/{id}`). An id that is not a number names no record: the same 404
/// page as a record outside the caller's scope.
pub struct RecordRequest {
    pub caller: Caller,
    pub lang: Lang,
    pub id: i64,
}

impl FromRequestParts<AppState> for RecordRequest {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // The caller first, so that a signed-out request goes to the login page whatever its id.
        let PageCaller(caller) = PageCaller::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(IntoResponse::into_response)?;
        let id = parse_id(&raw).map_err(|e| PageError::from(e).into_response())?;
        Ok(RecordRequest {
            caller,
            lang: Lang::from_headers(&parts.headers),
            id,
        })
    }
}

/// Page query parameters; malformed → a 400 page.
pub struct PageQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for PageQuery<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(PageQuery(value)),
            Err(rejection) => Err(PageError(query_rejection(rejection))),
        }
    }
}

/// A record id from the path: anything that is not a number names no record (404, as a record
/// outside the caller's scope does).
pub fn parse_id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}
