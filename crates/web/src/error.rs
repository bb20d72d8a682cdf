//! One mapping from errors to responses: JSON `{"error":{code,message,field}}` for the API, an
//! HTML page otherwise. Handlers return the error; the `localize` middleware writes the body in
//! the request's language, so no handler formats a message.

use crate::i18n::{error_message, message, Lang};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use jinguo_app::auth::Caller;
use jinguo_app::AppError;
use serde_json::json;
use std::cell::RefCell;
use std::sync::Arc;

/// An error on its way out, before its message is written.
#[derive(Debug)]
pub enum WebError {
    App(AppError),
    /// Unparseable JSON, query or path.
    Malformed(String),
    MissingField(String),
    TooLarge,
    UnsupportedMediaType,
    /// An upload that is not `multipart/form-data`.
    MultipartRequired,
    RouteNotFound,
    CsrfFailed,
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        WebError::App(e)
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::App(e) => match e {
                AppError::Unauthorized | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
                AppError::AccountLocked { .. } => StatusCode::LOCKED,
                AppError::AccountDisabled
                | AppError::AwaitingApproval
                | AppError::Forbidden
                | AppError::PasswordChangeRequired => StatusCode::FORBIDDEN,
                AppError::NotFound => StatusCode::NOT_FOUND,
                AppError::Conflict { .. } => StatusCode::CONFLICT,
                AppError::Invalid { .. } | AppError::Rejected { .. } => {
                    StatusCode::UNPROCESSABLE_ENTITY
                }
                AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                AppError::UnsupportedType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                AppError::TooManyRequests | AppError::TooManyAttempts { .. } => {
                    StatusCode::TOO_MANY_REQUESTS
                }
                AppError::Db(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            WebError::Malformed(_) => StatusCode::BAD_REQUEST,
            WebError::MissingField(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::UnsupportedMediaType | WebError::MultipartRequired => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            WebError::RouteNotFound => StatusCode::NOT_FOUND,
            WebError::CsrfFailed => StatusCode::FORBIDDEN,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            WebError::App(e) => e.code(),
            WebError::Malformed(_) => "malformed_request",
            WebError::MissingField(_) => "missing_field",
            WebError::TooLarge => "payload_too_large",
            WebError::UnsupportedMediaType => "unsupported_media_type",
            WebError::MultipartRequired => "multipart_required",
            WebError::RouteNotFound => "route_not_found",
            WebError::CsrfFailed => "csrf_failed",
        }
    }

    pub fn field(&self) -> Option<String> {
        match self {
            WebError::App(e) => e.field().map(str::to_owned),
            WebError::MissingField(f) => Some(f.clone()),
            _ => None,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            WebError::App(e) => error_message(lang, e),
            WebError::Malformed(detail) => {
                message(lang, self.code(), &[("detail", detail.clone())])
            }
            WebError::MissingField(field) => {
                message(lang, self.code(), &[("field", field.clone())])
            }
            _ => message(lang, self.code(), &[]),
        }
    }

    fn log(&self) {
        if let WebError::App(e @ (AppError::Db(_) | AppError::Internal(_))) = self {
            tracing::error!(error = %e, "request failed");
        }
    }

    /// The JSON body in `lang`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let mut error =
            json!({ "code": self.code(), "message": self.message(lang), "field": self.field() });
        if let WebError::App(AppError::Rejected { problems }) = self {
            error["problems"] = problems
                .iter()
                .map(|p| {
                    let text = message(lang, p.code, &[("detail", p.detail.clone())]);
                    json!({ "line": p.line, "code": p.code, "message": text })
                })
                .collect();
        }
        json!({ "error": error })
    }
}

/// Marks a response whose body the `localize` middleware writes.
#[derive(Clone)]
struct Pending {
    error: Arc<WebError>,
    html: bool,
}

/// An error answered as JSON (the API).
pub struct ApiError(pub WebError);
/// An error answered as an HTML page.
pub struct PageError(pub WebError);

macro_rules! into_error_response {
    ($target:ident: $($source:ty),*) => {
        $(impl From<$source> for $target {
            fn from(e: $source) -> Self {
                $target(e.into())
            }
        })*
    };
}

impl From<WebError> for ApiError {
    fn from(e: WebError) -> Self {
        ApiError(e)
    }
}

/// A page part answering JSON (the pickers) passes a page error on as the API's.
impl From<PageError> for ApiError {
    fn from(e: PageError) -> Self {
        ApiError(e.0)
    }
}

impl From<WebError> for PageError {
    fn from(e: WebError) -> Self {
        PageError(e)
    }
}

into_error_response!(ApiError: AppError);
into_error_response!(PageError: AppError);

fn pending(error: WebError, html: bool) -> Response {
    error.log();
    let mut response = error.status().into_response();
    response.extensions_mut().insert(Pending {
        error: Arc::new(error),
        html,
    });
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        pending(self.0, false)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self.0 {
            WebError::App(AppError::Unauthorized) => {
                return axum::response::Redirect::to("/login").into_response()
            }
            // After an administrator's reset, every page leads to choosing a new password.
            WebError::App(AppError::PasswordChangeRequired) => {
                return axum::response::Redirect::to(crate::pages::PASSWORD_CHANGE_PATH)
                    .into_response()
            }
            _ => {}
        }
        pending(self.0, true)
    }
}

tokio::task_local! {
    /// The signed-in page caller of the request being answered, once a page extractor found
    /// one: an error page shows her menu.
    static SIGNED_IN: RefCell<Option<Caller>>;
}

/// Notes the page caller for an error page of this request (outside `localize`, nothing).
pub fn note_signed_in(caller: &Caller) {
    let _ = SIGNED_IN.try_with(|c| *c.borrow_mut() = Some(caller.clone()));
}

/// Writes pending error bodies in the request's language.
pub async fn localize(request: Request, next: Next) -> Response {
    let lang = Lang::from_headers(request.headers());
    let (response, caller) = SIGNED_IN
        .scope(RefCell::new(None), async {
            let response = next.run(request).await;
            (response, SIGNED_IN.with(|c| c.borrow_mut().take()))
        })
        .await;
    let Some(p) = response.extensions().get::<Pending>().cloned() else {
        return response;
    };
    let status = response.status();
    if p.html {
        let page = crate::pages::error_page(lang, caller.as_ref(), status, &p.error.message(lang));
        (status, Html(page)).into_response()
    } else {
        (status, Json(p.error.to_json(lang))).into_response()
    }
}
