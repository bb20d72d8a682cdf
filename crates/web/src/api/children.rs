//! Children's work: the register of children with their guardians and consents.

use super::people::PersonView;
use super::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, Path};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jinguo_app::children::{self, Child, ChildInput, ChildSearch, Consent, ConsentInput, Guardian};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ChildView {
    #[serde(flatten)]
    pub person: PersonView,
    pub guardians: Vec<Guardian>,
    pub consents: Vec<Consent>,
}

impl ChildView {
    pub fn of(c: &Child) -> ChildView {
        ChildView {
            person: PersonView::of(c.person.clone()),
            guardians: c.guardians.clone(),
            consents: c.consents.clone(),
        }
    }
}

/// Registers a child (a registry person under 18) with her guardian; under 14 only with the
/// guardian's consent (PIPL art. 31).
#[utoipa::path(post, path = "/api/v1/children", tag = "children", request_body = ChildInput,
    responses((status = 201, body = ChildView), (status = 409, body = ErrorBody, description = "duplicate_id_number"),
              (status = 422, body = ErrorBody, description = "guardian_required, child_not_minor, guardian_consent_required, …")))]
pub async fn create_child(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<ChildInput>,
) -> Result<(StatusCode, Json<ChildView>), ApiError> {
    let child = children::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(ChildView::of(&child))))
}

/// Filters of the children's list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChildrenQuery {
    /// A name substring, full pinyin or initials, the last 4–6 characters of an ID number, or a
    /// whole ID number.
    pub q: Option<String>,
    /// A unit code: children of its subtree.
    pub unit_code: Option<String>,
    /// A tag code (left_behind_child, migrant_child, only_child, orphan_or_disabled_child, …).
    pub tag: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl ChildrenQuery {
    pub fn search(&self) -> ChildSearch {
        ChildSearch {
            q: self.q.clone(),
            unit_code: self.unit_code.clone(),
            tag: self.tag.clone(),
        }
    }
}

/// The children in the caller's subtree, masked (the read is audited).
#[utoipa::path(get, path = "/api/v1/children", tag = "children", params(ChildrenQuery),
    responses((status = 200, body = ListOf<ChildView>), (status = 422, body = ErrorBody)))]
pub async fn list_children(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<ChildrenQuery>,
) -> Result<Json<ListOf<ChildView>>, ApiError> {
    let paging = Paging::of(q.page, q.per_page)?;
    let found = children::list(&state.app, &caller, &q.search(), paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, ChildView::of, paging)))
}

/// A child with her guardians and consents, masked (the read is audited).
#[utoipa::path(get, path = "/api/v1/children/{id}", tag = "children",
    responses((status = 200, body = ChildView), (status = 404, body = ErrorBody)))]
pub async fn get_child(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ChildView>, ApiError> {
    let child = children::get(&state.app, &caller, id).await?;
    Ok(Json(ChildView::of(&child)))
}

/// Records a guardian's consent for a registered child.
#[utoipa::path(post, path = "/api/v1/children/{id}/consents", tag = "children", request_body = ConsentInput,
    responses((status = 201, body = ChildView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_consent(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ConsentInput>,
) -> Result<(StatusCode, Json<ChildView>), ApiError> {
    let child = children::add_consent(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(ChildView::of(&child))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevealedGuardianView {
    pub name: String,
    pub phone: Option<String>,
    pub relation: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevealedChildView {
    pub guardians: Vec<RevealedGuardianView>,
    /// Who gave each consent.
    pub consents_given_by: Vec<String>,
}

/// The guardians' full names and phones and who consented (audited).
#[utoipa::path(post, path = "/api/v1/children/{id}/reveal", tag = "children",
    responses((status = 200, body = RevealedChildView), (status = 404, body = ErrorBody)))]
pub async fn reveal_child(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<RevealedChildView>, ApiError> {
    let r = children::reveal(&state.app, &caller, id).await?;
    Ok(Json(RevealedChildView {
        guardians: r
            .guardians
            .into_iter()
            .map(|(name, phone, relation)| RevealedGuardianView {
                name,
                phone,
                relation,
            })
            .collect(),
        consents_given_by: r.consents_given_by,
    }))
}
