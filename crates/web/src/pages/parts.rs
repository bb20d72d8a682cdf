//! The parts every page is built of: form and query pairs, a refused form shown again with the
//! reason beside its field, labels and options of code lists, unit pickers and the pager. A new
//! module's pages use these (and grow them) rather than writing their own.

use crate::error::PageError;
use crate::i18n::{error_message, Lang, Tr};
use crate::AppState;
use jinguo_app::auth::Caller;
use jinguo_app::{units, AppError};

/// Form or query pairs, keeping repeated keys (checkbox groups).
pub struct Pairs(Vec<(String, String)>);

impl Pairs {
    pub fn parse(bytes: &[u8]) -> Pairs {
        Pairs(form_urlencoded::parse(bytes).into_owned().collect())
    }

    pub fn of_query(raw: Option<&str>) -> Pairs {
        Pairs::parse(raw.unwrap_or("").as_bytes())
    }

    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn from_pairs(pairs: Vec<(&str, String)>) -> Pairs {
        Pairs(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    pub fn iter(&self) -> impl Iterator<Item = &(String, String)> {
        self.0.iter()
    }

    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name).trim().to_owned()).filter(|v| !v.is_empty())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), "on" | "true" | "1")
    }
}

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

    pub fn empty() -> Form {
        Form::new(Pairs::from_pairs(Vec::new()))
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

/// The label of a code: `{prefix}-{code}`.
pub fn label(t: Tr, prefix: &str, code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    t.t(&format!("{prefix}-{code}"))
}

/// `(code, label)` of every code of a closed set, for selects and checkbox groups.
pub fn options<T: Copy>(
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
pub fn labels<T: Copy>(t: Tr, prefix: &str, codes: &[T], code: fn(T) -> &'static str) -> String {
    codes
        .iter()
        .map(|c| label(t, prefix, code(*c)))
        .collect::<Vec<_>>()
        .join("、")
}

/// A number field: empty is absent; anything else that is not a number is -1, which the use
/// cases refuse as out of range beside the field.
pub fn number(form: &Pairs, name: &str) -> Option<i64> {
    let raw = form.get(name).trim();
    (!raw.is_empty()).then(|| raw.parse().unwrap_or(-1))
}

/// The units the caller may pick: `(code, name)` of her subtree.
pub async fn unit_names(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<(String, String)>, PageError> {
    Ok(units::tree(&state.app, caller)
        .await?
        .into_iter()
        .map(|u| (u.code, u.name))
        .collect())
}

/// Pages of a list: "page P of N" with the links to the pages beside it.
pub struct Pager {
    pub page: u64,
    pub pages: u64,
    pub label: String,
    pub prev_href: String,
    pub next_href: String,
}

impl Pager {
    pub fn new(t: Tr, page: u64, per_page: u64, total: i64, href: impl Fn(u64) -> String) -> Pager {
        let pages = (total.max(0) as u64).div_ceil(per_page).max(1);
        Pager {
            page,
            pages,
            label: crate::i18n::message(
                t.0,
                "page-of",
                &[("page", page.to_string()), ("pages", pages.to_string())],
            ),
            prev_href: href(page.saturating_sub(1).max(1)),
            next_href: href(page.saturating_add(1)),
        }
    }
}
