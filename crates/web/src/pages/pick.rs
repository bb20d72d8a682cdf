//! What the pickers of the forms ask as one types (`picker.html`, app.js): people by name,
//! pinyin, initials or ID tail; enterprises by name or credit code; and a person registered
//! from the picker when none fits. Each answers through the same use cases as the lists, so a
//! picker finds nothing outside the caller's scope. Answers are JSON for the script:
//! `[{ "id", "label", "detail" }]`.

use super::parts::unit_map;
use crate::error::ApiError;
use crate::extract::PageCaller;
use crate::i18n::{Lang, Tr};
use crate::AppState;
use axum::extract::{Query, RawForm, State};
use axum::http::HeaderMap;
use axum::Json;
use jinguo_app::employment::enterprises::{self, EnterpriseQuery};
use jinguo_app::people::{self, Person, PersonInput, Search};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many suggestions a picker shows.
const SUGGESTIONS: u64 = 10;

#[derive(Serialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
    /// What tells two of one name apart: the masked ID number and the unit.
    pub detail: String,
}

#[derive(Deserialize)]
pub struct Typed {
    #[serde(default)]
    q: String,
}

impl Typed {
    /// What was typed, if anything: an empty box suggests nothing.
    fn text(&self) -> Option<String> {
        Some(self.q.trim().to_owned()).filter(|q| !q.is_empty())
    }
}

fn person_choice(p: &Person, units: &HashMap<String, String>) -> Choice {
    let unit = units
        .get(&p.unit_code)
        .cloned()
        .unwrap_or_else(|| p.unit_code.clone());
    Choice {
        id: p.id,
        label: p.name.clone(),
        detail: format!("{} · {} · {unit}", p.id_number_masked, p.birth_year),
    }
}

pub async fn people(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Query(typed): Query<Typed>,
) -> Result<Json<Vec<Choice>>, ApiError> {
    let Some(q) = typed.text() else {
        return Ok(Json(Vec::new()));
    };
    let search = Search {
        q: Some(q),
        ..Search::default()
    };
    let (found, _) = people::search(&state.app, &caller, &search, 1, SUGGESTIONS).await?;
    let units = unit_map(&state, &caller).await?;
    Ok(Json(
        found.iter().map(|p| person_choice(p, &units)).collect(),
    ))
}

pub async fn enterprises(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Query(typed): Query<Typed>,
) -> Result<Json<Vec<Choice>>, ApiError> {
    let Some(q) = typed.text() else {
        return Ok(Json(Vec::new()));
    };
    let query = EnterpriseQuery {
        q: Some(q),
        ..EnterpriseQuery::default()
    };
    let (found, _) = enterprises::list(&state.app, &caller, &query, 1, SUGGESTIONS).await?;
    let units = unit_map(&state, &caller).await?;
    Ok(Json(
        found
            .iter()
            .map(|e| Choice {
                id: e.id,
                label: e.name.clone(),
                detail: format!(
                    "{} · {}",
                    e.credit_code,
                    units.get(&e.unit_code).cloned().unwrap_or_default()
                ),
            })
            .collect(),
    ))
}

/// Registers a person from the picker's small form (name, ID number, phone, unit) and answers
/// her as a choice; a refusal is the API's 422 naming the field.
pub async fn new_person(
    State(state): State<AppState>,
    caller: PageCaller,
    RawForm(body): RawForm,
) -> Result<Json<Choice>, ApiError> {
    let form = super::parts::Pairs::parse(&body);
    caller.check_csrf(form.get("csrf"))?;
    let caller = caller.0;
    let input = PersonInput {
        name: form.get("name").trim().to_owned(),
        id_number: form.get("id_number").trim().to_owned(),
        phone: form.opt("phone"),
        unit_code: form.get("unit_code").trim().to_owned(),
        ..PersonInput::default()
    };
    let person = people::create(&state.app, &caller, input).await?;
    let units = unit_map(&state, &caller).await?;
    Ok(Json(person_choice(&person, &units)))
}

#[derive(Serialize)]
pub struct UnitChoice {
    code: String,
    label: String,
}

/// The unit picker's choices (the tree, indented), for the new-person form of a picker.
pub async fn units(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: axum::http::HeaderMap,
) -> Result<Json<Vec<UnitChoice>>, ApiError> {
    let lang = crate::i18n::Lang::from_headers(&headers);
    Ok(Json(
        super::parts::unit_choices(&state, &caller, crate::i18n::Tr(lang))
            .await?
            .into_iter()
            .map(|(code, label)| UnitChoice { code, label })
            .collect(),
    ))
}

/// Enterprises of the whole district in their public view (name and industry) — for a form
/// whose record may name an enterprise outside the caller's own area, such as where a woman of
/// her community was placed. The same view the enterprise directory gives every staff role.
pub async fn directory(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
    Query(typed): Query<Typed>,
) -> Result<Json<Vec<Choice>>, ApiError> {
    let Some(q) = typed.text() else {
        return Ok(Json(Vec::new()));
    };
    let t = Tr(Lang::from_headers(&headers));
    let (found, _) = enterprises::directory(&state.app, &caller, Some(&q), 1, SUGGESTIONS).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|e| Choice {
                id: e.id,
                detail: e
                    .industry
                    .as_deref()
                    .map(|i| super::employment::industry_name(t, i))
                    .unwrap_or_default(),
                label: e.name,
            })
            .collect(),
    ))
}
