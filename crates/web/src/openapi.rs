//! The OpenAPI 3 document, generated from the handlers' annotations and the types they use.

use crate::api;
use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "jinguo API", description = "巾帼 — the working system of a women's federation"),
    paths(
        api::login, api::logout, api::me, api::list_users, api::get_user, api::create_user, api::update_user,
        api::reset_password, api::unlock_user, api::change_password, api::list_tokens, api::revoke_token,
        api::list_units, api::list_departments, api::list_events,
        api::create_person, api::get_person, api::update_person, api::delete_person, api::reveal_person,
        api::merge_people, api::list_people, api::export_people, api::import_template,
        api::create_household, api::get_household, api::put_member, api::remove_member, api::households_of_person,
        api::create_case, api::list_cases, api::overdue_count, api::case_stats, api::get_case,
        api::transition_case, api::add_entry, api::refer_case, api::attach_file, api::get_attachment,
        api::screen_case, api::put_order, api::mandatory_report, api::get_deadlines, api::put_deadlines,
        api::overdue_referrals, api::department_inbox, api::answer_referral,
        api::create_briefing, api::list_briefings, api::get_briefing, api::briefing_document,
        api::briefing_response, api::public_challenge, api::public_submit, api::public_status,
        api::create_enterprise, api::update_enterprise, api::get_enterprise, api::reveal_enterprise,
        api::list_enterprises, api::import_enterprises, api::enterprise_import_template,
        api::import_jobs, api::job_import_template,
        api::export_enterprises, api::put_leaders, api::get_liaison, api::add_visit, api::raise_visit_case,
        api::create_job, api::update_job, api::get_job, api::list_jobs, api::job_matches,
        api::job_recommendations, api::create_seeker, api::update_seeker, api::get_seeker,
        api::list_seekers, api::seeker_matches, api::recommend, api::update_recommendation,
        api::create_event, api::update_event, api::get_event, api::list_work_events, api::close_event,
        api::reopen_event, api::add_event_enterprise, api::add_checkin, api::public_checkin,
        api::add_agreement, api::event_report, api::event_report_xlsx, api::create_assistance,
        api::update_assistance, api::list_assistance, api::create_mentorship, api::list_mentorships,
        api::add_meeting, api::record_outcome, api::outcome_stats, api::employment_dashboard,
    ),
    components(schemas(api::ErrorBody, api::ErrorDetail)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
