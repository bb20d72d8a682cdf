//! Employment pages: enterprises and liaison (`enterprises`), jobs (`jobs`), seekers with their
//! matches and recommendations (`seekers`), events with the desk and the public QR check-in
//! (`events`), assistance, mentoring and outcomes (`assistance`).
//!
//! Forms post and come back (post/redirect/get); a refused form is shown again with the typed
//! values and the reason beside its field (422, or 409 for a conflict).

pub mod assistance;
pub mod enterprises;
pub mod events;
pub mod jobs;
pub mod seekers;

use super::cases::Pairs;
use super::{refused, Shell};
use crate::error::PageError;
use crate::i18n::{error_message, Lang, Tr};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jinguo_app::auth::Caller;
use jinguo_app::AppError;
use std::future::Future;

const PER_PAGE: u64 = 50;

/// A form's typed values and, when it was refused, the reason: beside its field when the form
/// shows that field, above the form otherwise.
pub struct Form {
    pub pairs: Pairs,
    pub field: String,
    pub message: String,
    /// The reason has no field of this form to stand beside.
    pub on_top: bool,
}

impl Form {
    pub fn new(pairs: Pairs) -> Form {
        Form {
            pairs,
            field: String::new(),
            message: String::new(),
            on_top: false,
        }
    }

    pub fn refused(pairs: Pairs, lang: Lang, error: &AppError, fields: &[&str]) -> Form {
        let field = error.field().unwrap_or("").to_owned();
        Form {
            on_top: !fields.contains(&field.as_str()),
            message: error_message(lang, error),
            field,
            pairs,
        }
    }

    pub fn get(&self, name: &str) -> &str {
        self.pairs.get(name)
    }

    /// The checkbox `name` with `value` was ticked.
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.pairs.all(name).iter().any(|v| v == value)
    }

    /// The reason stands beside `field`.
    pub fn err(&self, field: &str) -> bool {
        !self.message.is_empty() && !self.on_top && self.field == field
    }

    pub fn top(&self) -> bool {
        !self.message.is_empty() && self.on_top
    }
}

/// Employment work is for the roles that do it.
fn require_staff(caller: &Caller) -> Result<(), PageError> {
    if caller.role.works_employment() {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

/// The label of a code: `{prefix}-{code}`.
fn label(t: Tr, prefix: &str, code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    t.t(&format!("{prefix}-{code}"))
}

/// `(code, label)` of every code of a closed set, for selects and checkbox groups.
fn options<T: Copy>(
    t: Tr,
    prefix: &str,
    all: &[T],
    code: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_owned(), label(t, prefix, code(*v))))
        .collect()
}

/// The labels of comma-joined codes, joined with 、.
fn labels<T: Copy>(t: Tr, prefix: &str, codes: &[T], code: fn(T) -> &'static str) -> String {
    codes
        .iter()
        .map(|c| label(t, prefix, code(*c)))
        .collect::<Vec<_>>()
        .join("、")
}

/// An industry section with its name in the standard: `C 制造业`.
fn industry_name(code: &str) -> String {
    jinguo_domain::employment::Industry::parse(code)
        .map(|i| format!("{} {}", i.as_str(), i.name_zh()))
        .unwrap_or_else(|| code.to_owned())
}

fn industries() -> Vec<(String, String)> {
    jinguo_domain::employment::Industry::ALL
        .iter()
        .map(|i| (i.as_str().to_owned(), industry_name(i.as_str())))
        .collect()
}

/// A number field: empty is absent; anything else that is not a number is -1, which the use
/// cases refuse as out of range beside the field.
fn number(form: &Pairs, name: &str) -> Option<i64> {
    let raw = form.get(name).trim();
    (!raw.is_empty()).then(|| raw.parse().unwrap_or(-1))
}

/// Skills typed as one text: split on commas (ASCII or full-width), 、 and semicolons.
fn split_list(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The query of a list without its page, to build the pager's links.
fn query_without_page(q: &Pairs) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(q.iter().filter(|(k, _)| k != "page"))
        .finish()
}

fn page_of(q: &Pairs) -> u64 {
    q.get("page").parse().unwrap_or(1).max(1)
}

/// Today in the federation's time zone.
fn today(state: &crate::AppState) -> String {
    jinguo_app::people::today(&state.app).to_string()
}

/// The end of an action: on to `next` when it went through; the page again with the reason
/// (422, or 409 for a conflict) when it was refused; any other error as its own page.
async fn settle<T, F, Fut>(
    result: Result<T, AppError>,
    next: String,
    page: F,
) -> Result<Response, PageError>
where
    F: FnOnce(AppError) -> Fut,
    Fut: Future<Output = Result<Html<String>, PageError>>,
{
    match result {
        Ok(_) => Ok(Redirect::to(&next).into_response()),
        Err(e @ AppError::Conflict { .. }) => {
            Ok((StatusCode::CONFLICT, page(e).await?).into_response())
        }
        Err(e @ AppError::Invalid { .. }) => Ok(refused(page(e).await?)),
        Err(e) => Err(e.into()),
    }
}

fn shell(lang: Lang, caller: &Caller, active: &'static str, title_key: &str) -> Shell {
    Shell::new(lang, Some(caller), active, title_key)
}
