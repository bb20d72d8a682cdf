//! The deployment's settings: its name on the public pages and the public base URL of QR
//! codes and links (the system administrator's).

use super::ErrorBody;
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use jinguo_app::settings::{self, Deployment, DeploymentInput};

/// The settings in force (a name never set is the org tree's top unit and 妇联).
#[utoipa::path(get, path = "/api/v1/settings", tag = "settings",
    responses((status = 200, body = Deployment), (status = 403, body = ErrorBody)))]
pub async fn get_settings(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Deployment>, ApiError> {
    Ok(Json(settings::get(&state.app, &caller).await?))
}

/// Replaces the settings; a base URL that is not an absolute http(s) address is 422
/// `invalid_base_url` naming `public_base_url`.
#[utoipa::path(put, path = "/api/v1/settings", tag = "settings", request_body = DeploymentInput,
    responses((status = 200, body = Deployment), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_settings(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<DeploymentInput>,
) -> Result<Json<Deployment>, ApiError> {
    Ok(Json(settings::update(&state.app, &caller, input).await?))
}
