//! Households and family links.

use super::ErrorBody;
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, Path};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jinguo_app::households::{self, HouseholdInput, HouseholdView, MemberInput};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    pub person_id: i64,
    pub name: String,
    /// head, spouse, child, parent, grandparent, grandchild, sibling, guardian or other
    pub relation: String,
    /// For a guardian: the minor member they are guardian of.
    pub guardian_of: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdBody {
    pub id: i64,
    pub name: String,
    pub unit_code: String,
    pub members: Vec<MemberView>,
}

impl HouseholdBody {
    fn of(v: HouseholdView) -> HouseholdBody {
        HouseholdBody {
            id: v.household.id,
            name: v.household.name,
            unit_code: v.household.unit_code,
            members: v
                .members
                .into_iter()
                .map(|m| MemberView {
                    person_id: m.person_id,
                    name: m.name,
                    relation: m.relation,
                    guardian_of: m.guardian_of,
                })
                .collect(),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/households", tag = "people", request_body = HouseholdInput,
    responses((status = 201, body = HouseholdBody), (status = 422, body = ErrorBody)))]
pub async fn create_household(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<HouseholdInput>,
) -> Result<(StatusCode, Json<HouseholdBody>), ApiError> {
    let view = households::create(&state.app, &caller, &body).await?;
    Ok((StatusCode::CREATED, Json(HouseholdBody::of(view))))
}

#[utoipa::path(get, path = "/api/v1/households/{id}", tag = "people",
    responses((status = 200, body = HouseholdBody), (status = 404, body = ErrorBody)))]
pub async fn get_household(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<HouseholdBody>, ApiError> {
    Ok(Json(HouseholdBody::of(
        households::get(&state.app, &caller, id).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/households/{id}/members", tag = "people", request_body = MemberInput,
    responses((status = 200, body = HouseholdBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_member(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MemberInput>,
) -> Result<Json<HouseholdBody>, ApiError> {
    let view = households::put_member(&state.app, &caller, id, &body).await?;
    Ok(Json(HouseholdBody::of(view)))
}

#[utoipa::path(delete, path = "/api/v1/households/{id}/members/{person_id}", tag = "people",
    responses((status = 200, body = HouseholdBody), (status = 404, body = ErrorBody)))]
pub async fn remove_member(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, person_id)): Path<(i64, i64)>,
) -> Result<Json<HouseholdBody>, ApiError> {
    let view = households::remove_member(&state.app, &caller, id, person_id).await?;
    Ok(Json(HouseholdBody::of(view)))
}

#[utoipa::path(get, path = "/api/v1/people/{id}/households", tag = "people",
    responses((status = 200, body = Vec<HouseholdBody>), (status = 404, body = ErrorBody)))]
pub async fn households_of_person(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<HouseholdBody>>, ApiError> {
    let views = households::of_person(&state.app, &caller, id).await?;
    Ok(Json(views.into_iter().map(HouseholdBody::of).collect()))
}
