//! The JSON API (`/api/v1`), documented by the OpenAPI document generated from these handlers.

mod accounts;
mod audit;
mod awards;
mod calendar;
pub(crate) mod cases;
mod children;
mod children_work;
pub(crate) mod employment;
pub(crate) mod employment_import;
mod funds;
mod households;
mod model_women;
mod people;
pub(crate) mod programs;
mod settings;
mod training;
mod units;

use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::routing::{delete, get, patch, post, put};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use accounts::*;
pub use audit::*;
pub use awards::*;
pub use calendar::*;
pub use cases::*;
pub use children::*;
pub use children_work::*;
pub use employment::*;
pub use employment_import::*;
pub use funds::*;
pub use households::*;
pub use model_women::*;
pub use people::*;
pub use programs::*;
pub use settings::*;
pub use training::*;
pub use units::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(crate::openapi::document))
        .route("/holidays", get(calendar::list_holidays))
        .route("/holidays/{year}", put(calendar::put_holidays))
        .route(
            "/holidays/import",
            post(calendar::import_holidays).layer(axum::extract::DefaultBodyLimit::max(
                crate::pages::import::UPLOAD_LIMIT,
            )),
        )
        .route("/login", post(accounts::login))
        .route("/logout", post(accounts::logout))
        .route("/me", get(accounts::me))
        .route("/me/password", post(accounts::change_password))
        .route(
            "/users",
            get(accounts::list_users).post(accounts::create_user),
        )
        .route(
            "/users/{id}",
            patch(accounts::update_user).get(accounts::get_user),
        )
        .route("/users/{id}/password", post(accounts::reset_password))
        .route("/grants", get(accounts::list_grants))
        .route("/grants/{id}/approve", post(accounts::approve_grant))
        .route("/grants/{id}/reject", post(accounts::reject_grant))
        .route("/users/{id}/unlock", post(accounts::unlock_user))
        .route("/users/{id}/tokens", get(accounts::list_tokens))
        .route(
            "/users/{id}/tokens/{token_id}/revoke",
            post(accounts::revoke_token),
        )
        .route(
            "/people",
            get(people::list_people).post(people::create_person),
        )
        .route("/people/export", post(people::export_people))
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
        .route(
            "/children",
            get(children::list_children).post(children::create_child),
        )
        .route("/children/{id}", get(children::get_child))
        .route("/children/{id}/consents", post(children::add_consent))
        .route("/children/{id}/reveal", post(children::reveal_child))
        // Children's work: parent schools and pairings.
        .route(
            "/children/{id}/pairings",
            get(children_work::child_pairings).post(children_work::create_pairing),
        )
        .route(
            "/parent-schools",
            get(children_work::list_parent_schools).post(children_work::create_parent_school),
        )
        .route(
            "/parent-schools/{id}",
            get(children_work::get_parent_school),
        )
        .route(
            "/parent-schools/{id}/sessions",
            post(children_work::add_parent_school_session),
        )
        .route(
            "/parent-school-sessions/{id}/attendance",
            post(children_work::add_parent_school_attendance),
        )
        .route("/pairings", get(children_work::list_pairings))
        .route("/pairings/{id}", get(children_work::get_pairing))
        .route(
            "/pairings/{id}/visits",
            post(children_work::add_pairing_visit),
        )
        .route("/pairings/{id}/end", post(children_work::end_pairing))
        .route("/households", post(households::create_household))
        .route("/households/{id}", get(households::get_household))
        .route("/households/{id}/members", post(households::put_member))
        .route(
            "/households/{id}/members/{person_id}",
            delete(households::remove_member),
        )
        .route("/cases", get(cases::list_cases).post(cases::create_case))
        .route("/cases/overdue/count", get(cases::overdue_count))
        .route("/cases/taken-in", get(cases::taken_in_by_me))
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
            "/settings",
            get(settings::get_settings).put(settings::put_settings),
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
        .route(
            "/award-campaigns",
            get(awards::list_campaigns).post(awards::create_campaign),
        )
        .route("/award-campaigns/{id}", get(awards::get_campaign))
        .route(
            "/award-campaigns/{id}/nominations",
            get(awards::list_nominations).post(awards::nominate),
        )
        .route("/award-campaigns/{id}/votes", post(awards::vote))
        .route("/award-campaigns/{id}/review", get(awards::review))
        .route("/award-campaigns/{id}/publish", post(awards::publish))
        .route(
            "/award-campaigns/{id}/objections",
            get(awards::list_objections),
        )
        .route("/award-campaigns/{id}/finalize", post(awards::finalize))
        .route(
            "/award-objections/{id}/decision",
            post(awards::decide_objection),
        )
        .route(
            "/public/notices/{key}/objections",
            post(awards::public_objection),
        )
        .route(
            "/award-nominations/{id}/materials",
            get(awards::list_materials)
                .post(awards::add_material)
                .layer(axum::extract::DefaultBodyLimit::max(
                    jinguo_app::sealed_files::FILE_LIMIT + 64 * 1024,
                )),
        )
        .route(
            "/award-nominations/{id}/materials/{material_id}",
            get(awards::get_material),
        )
        .route(
            "/model-women",
            get(model_women::list_model_women).post(model_women::create_model_woman),
        )
        .route(
            "/model-women/{id}",
            get(model_women::get_model_woman).patch(model_women::update_model_woman),
        )
        .route(
            "/model-women/{id}/publications",
            get(model_women::list_publications).post(model_women::add_publication),
        )
        .route(
            "/model-women/{id}/photos",
            get(model_women::list_photos)
                .post(model_women::add_photo)
                .layer(axum::extract::DefaultBodyLimit::max(
                    jinguo_app::sealed_files::FILE_LIMIT + 64 * 1024,
                )),
        )
        .route(
            "/model-women/{id}/photos/{photo_id}",
            get(model_women::get_photo),
        )
        .route("/people/{id}/honours", get(awards::person_honours))
        .route("/enterprises/{id}/honours", get(awards::enterprise_honours))
        .route(
            "/fund-accounts",
            get(funds::list_fund_accounts).post(funds::create_fund_account),
        )
        .route("/fund-accounts/{id}", get(funds::get_fund_account))
        .route("/fund-balances", get(funds::fund_balances))
        .route(
            "/donations",
            get(funds::list_donations).post(funds::create_donation),
        )
        .route("/donations/{id}", get(funds::get_donation))
        .route("/donations/{id}/receipt", get(funds::donation_receipt))
        .route("/donors", get(funds::donors_by_year))
        .route("/fund-transfers", post(funds::create_fund_transfer))
        .route(
            "/journal-entries",
            get(funds::list_journal_entries).post(funds::create_journal_entry),
        )
        .route(
            "/journal-entries/reconciliation.xlsx",
            get(funds::fund_reconciliation),
        )
        .route("/journal-entries/{id}", get(funds::get_journal_entry))
        .route(
            "/journal-entries/{id}/reverse",
            post(funds::reverse_journal_entry),
        )
        .route(
            "/journal-entries/{id}/acknowledgements",
            get(funds::list_acknowledgements)
                .post(funds::add_acknowledgement)
                .layer(axum::extract::DefaultBodyLimit::max(
                    jinguo_app::sealed_files::FILE_LIMIT + 64 * 1024,
                )),
        )
        .route(
            "/journal-entries/{id}/acknowledgements/{file_id}",
            get(funds::get_acknowledgement),
        )
        .route(
            "/fund-campaigns",
            get(funds::list_fund_campaigns).post(funds::create_fund_campaign),
        )
        .route("/fund-campaigns/{id}", get(funds::get_fund_campaign))
        .route(
            "/fund-campaigns/{id}/donors",
            get(funds::fund_campaign_donors),
        )
        .route(
            "/fund-campaigns/{id}/transfers",
            get(funds::fund_campaign_transfers),
        )
        .route("/fund-payments", get(funds::list_fund_payments))
        .route("/cycles/{id}/payments", get(funds::cycle_payments))
        .route(
            "/courses",
            get(training::list_courses).post(training::create_course),
        )
        .route("/courses/{id}", get(training::get_course))
        .route(
            "/courses/{id}/sessions",
            get(training::list_sessions).post(training::add_session),
        )
        .route(
            "/courses/{id}/enrollments",
            get(training::list_enrollments).post(training::enroll),
        )
        .route(
            "/courses/{id}/enrollments/import",
            post(training::import_enrollments).layer(axum::extract::DefaultBodyLimit::max(
                crate::pages::import::UPLOAD_LIMIT,
            )),
        )
        .route("/courses/{id}/finish", post(training::finish))
        .route("/courses/{id}/report", get(training::course_report))
        .route(
            "/enrollments/import/template",
            get(training::enrollment_template),
        )
        .route("/enrollments/{id}", get(training::get_enrollment))
        .route("/enrollments/{id}/withdraw", post(training::withdraw))
        .route(
            "/enrollments/{id}/follow-up",
            post(training::record_follow_up),
        )
        .route("/enrollments/{id}/certificate", get(training::certificate))
        .route("/sessions/{id}", get(training::get_session))
        .route(
            "/sessions/{id}/attendance",
            get(training::session_roll).post(training::attend),
        )
        .route(
            "/sessions/{id}/attendance/{person_id}",
            delete(training::remove_attendance),
        )
        .route(
            "/sessions/{id}/attendance/import",
            post(training::import_attendance).layer(axum::extract::DefaultBodyLimit::max(
                crate::pages::import::UPLOAD_LIMIT,
            )),
        )
        .route("/sessions/{id}/sign-in.xlsx", get(training::sign_in_xlsx))
        .route("/training/report", get(training::training_report))
        .route("/training/follow-ups", get(training::follow_ups_due))
        .route("/people/{id}/courses", get(training::person_courses))
        .route("/public/intake", get(cases::public_challenge))
        .route("/public/cases", post(cases::public_submit))
        .route("/public/status", post(cases::public_status))
        .route(
            "/enterprises",
            get(employment::list_enterprises).post(employment::create_enterprise),
        )
        .route(
            "/enterprises/import",
            post(employment_import::import_enterprises).layer(
                axum::extract::DefaultBodyLimit::max(crate::pages::import::UPLOAD_LIMIT),
            ),
        )
        .route(
            "/enterprises/import/template",
            get(employment_import::enterprise_import_template),
        )
        .route(
            "/enterprises/export",
            post(employment_import::export_enterprises),
        )
        .route(
            "/enterprises/{id}",
            get(employment::get_enterprise).patch(employment::update_enterprise),
        )
        .route("/enterprises/public", get(employment::enterprise_directory))
        .route(
            "/enterprises/{id}/public",
            get(employment::get_enterprise_public),
        )
        .route(
            "/enterprises/{id}/reveal",
            post(employment::reveal_enterprise),
        )
        .route("/enterprises/{id}/leaders", put(employment::put_leaders))
        .route("/enterprises/{id}/visits", post(employment::add_visit))
        .route("/visits/{id}/case", post(employment::raise_visit_case))
        .route("/liaison", get(employment::get_liaison))
        .route(
            "/jobs",
            get(employment::list_jobs).post(employment::create_job),
        )
        .route(
            "/jobs/import",
            post(employment_import::import_jobs).layer(axum::extract::DefaultBodyLimit::max(
                crate::pages::import::UPLOAD_LIMIT,
            )),
        )
        .route(
            "/jobs/import/template",
            get(employment_import::job_import_template),
        )
        .route(
            "/jobs/{id}",
            get(employment::get_job).patch(employment::update_job),
        )
        .route("/jobs/{id}/public", get(employment::get_job_public))
        .route("/jobs/{id}/matches", get(employment::job_matches))
        .route(
            "/jobs/{id}/recommendations",
            get(employment::job_recommendations),
        )
        .route(
            "/seekers",
            get(employment::list_seekers).post(employment::create_seeker),
        )
        .route(
            "/seekers/{id}",
            get(employment::get_seeker).patch(employment::update_seeker),
        )
        .route("/seekers/{id}/matches", get(employment::seeker_matches))
        .route("/seekers/{id}/recommendations", post(employment::recommend))
        .route(
            "/recommendations/{id}",
            patch(employment::update_recommendation),
        )
        .route(
            "/events",
            get(employment::list_work_events).post(employment::create_event),
        )
        .route(
            "/events/{id}",
            get(employment::get_event).patch(employment::update_event),
        )
        .route("/events/{id}/public", get(employment::get_event_public))
        .route("/events/{id}/close", post(employment::close_event))
        .route("/events/{id}/reopen", post(employment::reopen_event))
        .route(
            "/events/{id}/enterprises",
            post(employment::add_event_enterprise),
        )
        .route("/events/{id}/checkins", post(employment::add_checkin))
        .route("/events/{id}/agreements", post(employment::add_agreement))
        .route("/events/{id}/report", get(employment::event_report))
        .route(
            "/programs",
            get(programs::list_programs).post(programs::create_program),
        )
        .route("/programs/{id}", get(programs::get_program))
        .route("/programs/{id}/eligible", get(programs::count_eligible))
        .route(
            "/programs/{id}/cycles",
            get(programs::list_cycles).post(programs::create_cycle),
        )
        .route("/cycles/{id}", get(programs::get_cycle))
        .route("/cycles/{id}/roll", get(programs::get_roll))
        .route("/cycles/{id}/roll/refresh", post(programs::refresh_roll))
        .route(
            "/cycles/{id}/roll/{person_id}",
            patch(programs::mark_roll_entry),
        )
        .route("/cycles/{id}/deliveries", post(programs::add_delivery))
        .route(
            "/cycles/{id}/results",
            get(programs::list_results).post(programs::add_result),
        )
        .route("/cycles/{id}/coverage", get(programs::get_coverage))
        .route("/screening-follow-ups", get(programs::list_follow_ups))
        .route("/screening-follow-ups/{id}", get(programs::get_follow_up))
        .route(
            "/screening-follow-ups/{id}/close",
            post(programs::close_follow_up),
        )
        .route("/cycles/{id}/notice-list", get(programs::notice_list))
        .route("/cycles/{id}/signoff.xlsx", get(programs::signoff_xlsx))
        .route(
            "/cycles/{id}/marks/import",
            post(programs::import_marks).layer(axum::extract::DefaultBodyLimit::max(
                crate::pages::import::UPLOAD_LIMIT,
            )),
        )
        .route(
            "/events/{id}/report.xlsx",
            get(employment::event_report_xlsx),
        )
        .route("/public/checkin/{key}", post(employment::public_checkin))
        .route(
            "/assistance",
            get(employment::list_assistance).post(employment::create_assistance),
        )
        .route("/assistance/{id}", patch(employment::update_assistance))
        .route(
            "/mentorships",
            get(employment::list_mentorships).post(employment::create_mentorship),
        )
        .route("/mentorships/{id}/meetings", post(employment::add_meeting))
        .route("/outcomes", post(employment::record_outcome))
        .route("/employment/outcomes", get(employment::outcome_stats))
        .route(
            "/employment/dashboard",
            get(employment::employment_dashboard),
        )
        .route("/units", get(units::list_units))
        .route("/departments", get(units::list_departments))
        .route("/audit", get(audit::list_events))
        .fallback(|| async { ApiError(WebError::RouteNotFound) })
}

/// `?page=1&per_page=50`, per_page at most 200.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl Paging {
    pub const MAX_PER_PAGE: u64 = 200;

    /// The (page, per_page) of a list's query parameters.
    pub fn of(
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> Result<(u64, u64), jinguo_app::AppError> {
        Paging { page, per_page }.resolve()
    }

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

impl<T> ListOf<T> {
    /// A whole list on one page (a record's few publications, photos, materials).
    pub fn all(items: Vec<T>) -> ListOf<T> {
        let total = items.len() as i64;
        ListOf {
            per_page: items.len() as u64,
            items,
            total,
            page: 1,
        }
    }

    /// A page of what a use case found, each item as its view.
    pub fn of<S>(found: (Vec<S>, i64), view: impl Fn(&S) -> T, paging: (u64, u64)) -> ListOf<T> {
        ListOf {
            items: found.0.iter().map(view).collect(),
            total: found.1,
            page: paging.0,
            per_page: paging.1,
        }
    }
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

pub use jinguo_app::clock::iso;
