//! The JSON API (`/api/v1`), documented by the OpenAPI document generated from these handlers.

mod accounts;
mod audit;
pub(crate) mod cases;
mod households;
mod people;
mod units;

use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::routing::{delete, get, patch, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use accounts::*;
pub use audit::*;
pub use cases::*;
pub use households::*;
pub use people::*;
pub use units::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(crate::openapi::document))
        .route("/login", post(accounts::login))
        .route("/logout", post(accounts::logout))
        .route("/me", get(accounts::me))
        .route(
            "/users",
            get(accounts::list_users).post(accounts::create_user),
        )
        .route(
            "/users/{id}",
            patch(accounts::update_user).get(accounts::get_user),
        )
        .route("/users/{id}/password", post(accounts::reset_password))
        .route(
            "/people",
            get(people::list_people).post(people::create_person),
        )
        .route("/people/export", get(people::export_people))
        .route("/people/import/template", get(people::import_template))
        .route(
            "/people/{id}",
            get(people::get_person)
                .patch(people::update_person)
                .delete(people::delete_person),
        )
        .route("/people/{id}/reveal", post(people::reveal_person))
        .route("/people/{id}/merge", post(people::merge_people))
        .route(
            "/people/{id}/households",
            get(households::households_of_person),
        )
        .route("/households", post(households::create_household))
        .route("/households/{id}", get(households::get_household))
        .route("/households/{id}/members", post(households::put_member))
        .route(
            "/households/{id}/members/{person_id}",
            delete(households::remove_member),
        )
        .route("/cases", get(cases::list_cases).post(cases::create_case))
        .route("/cases/overdue/count", get(cases::overdue_count))
        .route("/cases/stats", get(cases::case_stats))
        .route("/cases/{id}", get(cases::get_case))
        .route("/cases/{id}/transition", post(cases::transition_case))
        .route("/cases/{id}/entries", post(cases::add_entry))
        .route("/cases/{id}/referrals", post(cases::refer_case))
        .route(
            "/cases/{id}/attachments",
            post(cases::attach_file).layer(axum::extract::DefaultBodyLimit::max(
                jinguo_app::cases::timeline::ATTACHMENT_LIMIT + 64 * 1024,
            )),
        )
        .route(
            "/cases/{id}/attachments/{attachment_id}",
            get(cases::get_attachment),
        )
        .route("/cases/{id}/screening", post(cases::screen_case))
        .route("/cases/{id}/protection-orders", post(cases::put_order))
        .route(
            "/cases/{id}/mandatory-report",
            post(cases::mandatory_report),
        )
        .route(
            "/case-deadlines",
            get(cases::get_deadlines).put(cases::put_deadlines),
        )
        .route("/referrals/overdue", get(cases::overdue_referrals))
        .route("/referrals/inbox", get(cases::department_inbox))
        .route("/referrals/{id}/answer", post(cases::answer_referral))
        .route(
            "/briefings",
            get(cases::list_briefings).post(cases::create_briefing),
        )
        .route("/briefings/{id}", get(cases::get_briefing))
        .route("/briefings/{id}/document", get(cases::briefing_document))
        .route("/briefings/{id}/response", post(cases::briefing_response))
        .route("/public/intake", get(cases::public_challenge))
        .route("/public/cases", post(cases::public_submit))
        .route("/public/status", post(cases::public_status))
        .route("/units", get(units::list_units))
        .route("/departments", get(units::list_departments))
        .route("/audit", get(audit::list_events))
        .fallback(|| async { ApiError(WebError::RouteNotFound) })
}

/// `?page=1&per_page=50`, per_page at most 200.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
pub struct Paging {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl Paging {
    pub const MAX_PER_PAGE: u64 = 200;

    pub fn resolve(&self) -> Result<(u64, u64), jinguo_app::AppError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(50);
        if page == 0 || page > jinguo_app::MAX_PAGE {
            return Err(jinguo_app::AppError::invalid("page", "invalid_page"));
        }
        if per_page == 0 || per_page > Self::MAX_PER_PAGE {
            return Err(jinguo_app::AppError::invalid("per_page", "invalid_page"));
        }
        Ok((page, per_page))
    }
}

/// The list shape of every API list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListOf<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u64,
    pub per_page: u64,
}

/// The error shape of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `invalid_credentials`.
    pub code: String,
    /// The message in the request's language (`Accept-Language`).
    pub message: String,
    /// The field the error concerns, if any.
    pub field: Option<String>,
}
