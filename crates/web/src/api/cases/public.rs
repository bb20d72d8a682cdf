//! The public intake: a case submitted from outside, and the status look-up by receipt.

use super::super::ErrorBody;
#[allow(unused_imports)]
use super::*;
use crate::api::iso;
use crate::error::ApiError;
use crate::extract::{ApiJson, ClientOrigin};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jinguo_app::cases::public::{self, PublicIntake};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ChallengeView {
    /// A sum to show, e.g. `3 + 4`.
    pub question: String,
    pub token: String,
    pub nonce: String,
}

#[utoipa::path(get, path = "/api/v1/public/intake", tag = "public", security(()),
    responses((status = 200, body = ChallengeView)))]
pub async fn public_challenge(State(state): State<AppState>) -> Json<ChallengeView> {
    let c = public::challenge(&state.app);
    Json(ChallengeView {
        question: c.question,
        token: c.token,
        nonce: c.nonce,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptView {
    /// Keep this: with the phone number it shows the case's status.
    pub receipt: String,
    pub case_code: String,
}

#[utoipa::path(post, path = "/api/v1/public/cases", tag = "public", security(()), request_body = PublicIntake,
    responses((status = 201, body = ReceiptView), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn public_submit(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    ApiJson(form): ApiJson<PublicIntake>,
) -> Result<(StatusCode, Json<ReceiptView>), ApiError> {
    let r = public::submit(&state.app, &state.public_limits, &origin.ip, form).await?;
    Ok((
        StatusCode::CREATED,
        Json(ReceiptView {
            receipt: r.receipt,
            case_code: r.case_code,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusQuery {
    pub receipt: String,
    pub phone: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicStep {
    pub status: String,
    pub at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicStatusView {
    pub case_code: String,
    /// Absent for domestic violence and sexual harassment.
    pub category: Option<String>,
    pub status: String,
    pub opened_on: String,
    pub steps: Vec<PublicStep>,
}

#[utoipa::path(post, path = "/api/v1/public/status", tag = "public", security(()), request_body = StatusQuery,
    responses((status = 200, body = PublicStatusView), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn public_status(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    ApiJson(body): ApiJson<StatusQuery>,
) -> Result<Json<PublicStatusView>, ApiError> {
    let s = public::status(
        &state.app,
        &state.public_limits,
        &origin.ip,
        &body.receipt,
        &body.phone,
    )
    .await?;
    Ok(Json(PublicStatusView {
        case_code: s.case_code,
        category: s.category.map(|c| c.as_str().to_owned()),
        status: s.status.as_str().into(),
        opened_on: s.opened_on,
        steps: s
            .steps
            .into_iter()
            .map(|(status, at)| PublicStep {
                status: status.as_str().into(),
                at: iso(at),
            })
            .collect(),
    }))
}
