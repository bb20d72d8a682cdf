//! Employment and entrepreneurship: enterprises and their leaders' liaison visits
//! (`enterprises`), jobs (`jobs`), seekers, matching and recommendations (`seekers`), events and
//! job fairs with check-ins and agreements (`events`), the four kinds of assistance, mentoring
//! and the outcomes they lead to (`assistance`), the dashboard figures (`dashboard`).
//!
//! Who sees what (docs/security.md, "Role × resource matrix"): an enterprise, job or event follows
//! the scope rule of every record — its full view and every change (visits, check-ins, jobs,
//! agreements, reveals) only inside the caller's subtree, else 404 — and shows a district-public
//! view (name, industry, open jobs; a job's posting; an event's title and date) to every
//! employment worker of the district. A leader's full view is her liaison enterprises only.
//! Seekers, assistance and mentoring are people: read and changed only by roles that read the
//! registry, within their subtree.

pub mod assistance;
pub mod dashboard;
pub mod enterprises;
pub mod events;
pub mod import;
pub mod jobs;
pub mod jobs_import;
pub mod seekers;

use crate::auth::Caller;
use crate::AppError;

pub(crate) fn require_staff(caller: &Caller) -> Result<(), AppError> {
    if caller.role.works_employment() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Seekers, assistance, mentoring and outcomes are records of people (see
/// `Role::works_with_seekers`).
pub(crate) fn require_people_work(caller: &Caller) -> Result<(), AppError> {
    if caller.role.works_with_seekers() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// What the caller wants of an enterprise, a job or an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// The district-public view: anyone working employment in the row's district.
    Public,
    /// The full record: only those whose subtree holds the row's unit.
    Read,
    /// A change: reached like `Read` (404 outside), so a refusal by role (403) can only come
    /// after the caller has been shown the record exists.
    Write,
}

/// Whether the caller reaches a row of this unit: outside her district it does not exist for
/// her (404); outside her subtree only its public view exists (404 for the full record and for
/// every change).
pub(crate) fn reach(caller: &Caller, unit_code: &str, access: Access) -> Result<(), AppError> {
    require_staff(caller)?;
    if !caller.scope().district_public().covers_code(unit_code) {
        return Err(AppError::NotFound);
    }
    if access != Access::Public && !caller.scope().covers_code(unit_code) {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// A list of codes, each checked; the field is named on the first bad one.
pub(crate) fn choices<T: PartialEq>(
    field: &str,
    values: &[String],
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, AppError> {
    let mut out = Vec::new();
    for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        let parsed =
            parse(v).ok_or_else(|| AppError::invalid_detail(field, "invalid_choice", v))?;
        if !out.contains(&parsed) {
            out.push(parsed);
        }
    }
    Ok(out)
}

/// An optional code: empty means absent.
pub(crate) fn optional_choice<T>(
    field: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, AppError> {
    match crate::given(value) {
        None => Ok(None),
        Some(v) => crate::cases::choice(field, v, parse).map(Some),
    }
}

/// A count (staff, positions) that cannot be negative or absurd.
pub(crate) fn count(field: &str, value: i64, min: i64) -> Result<i64, AppError> {
    if value < min || value > 1_000_000 {
        return Err(AppError::invalid_detail(
            field,
            "out_of_range",
            value.to_string(),
        ));
    }
    Ok(value)
}

/// Codes stored as one comma-separated column.
pub(crate) fn joined<T: Copy>(codes: &[T], as_str: fn(T) -> &'static str) -> String {
    codes
        .iter()
        .map(|c| as_str(*c))
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn split_codes<T>(text: &str, parse: fn(&str) -> Option<T>) -> Vec<T> {
    text.split(',').filter_map(parse).collect()
}

pub(crate) fn skills_json(skills: &[String]) -> String {
    serde_json::to_string(skills).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn skills_of(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}
