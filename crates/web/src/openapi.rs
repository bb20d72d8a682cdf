//! The OpenAPI 3 document, generated from the handlers' annotations and the types they use.

use crate::api;
use axum::Json;
use std::sync::OnceLock;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "jinguo API", description = "巾帼 — the working system of a women's federation"),
    paths(
        api::login, api::logout, api::me, api::list_users, api::get_user, api::create_user, api::update_user,
        api::reset_password, api::list_grants, api::approve_grant, api::reject_grant,
        api::unlock_user, api::change_password, api::list_tokens, api::revoke_token,
        api::list_units, api::list_departments, api::get_settings, api::put_settings, api::list_events,
        api::list_holidays, api::put_holidays, api::import_holidays,
        api::create_person, api::get_person, api::update_person, api::delete_person, api::reveal_person,
        api::merge_people, api::list_people, api::export_people, api::import_template,
        api::create_household, api::get_household, api::put_member, api::remove_member, api::households_of_person,
        api::create_child, api::list_children, api::get_child, api::add_consent, api::reveal_child,
        api::create_parent_school, api::list_parent_schools, api::get_parent_school,
        api::add_parent_school_session, api::add_parent_school_attendance, api::create_pairing,
        api::child_pairings, api::list_pairings, api::get_pairing, api::add_pairing_visit, api::end_pairing,
        api::create_case, api::list_cases, api::overdue_count, api::taken_in_by_me, api::case_stats, api::get_case,
        api::transition_case, api::add_entry, api::refer_case, api::attach_file, api::get_attachment,
        api::screen_case, api::put_order, api::mandatory_report, api::get_deadlines, api::put_deadlines,
        api::overdue_referrals, api::department_inbox, api::answer_referral,
        api::create_briefing, api::list_briefings, api::get_briefing, api::briefing_document,
        api::briefing_response, api::public_challenge, api::public_submit, api::public_status,
        api::create_enterprise, api::update_enterprise, api::get_enterprise, api::reveal_enterprise,
        api::get_enterprise_public, api::enterprise_directory, api::get_job_public, api::get_event_public,
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
        api::create_program, api::list_programs, api::get_program, api::count_eligible,
        api::create_cycle, api::list_cycles, api::get_cycle, api::refresh_roll, api::get_roll,
        api::mark_roll_entry, api::add_delivery, api::add_result, api::list_results, api::get_coverage,
        api::notice_list, api::signoff_xlsx, api::import_marks, api::list_follow_ups,
        api::get_follow_up, api::close_follow_up,
        api::create_campaign, api::list_campaigns, api::get_campaign, api::nominate, api::list_nominations,
        api::vote, api::review, api::publish, api::list_objections, api::decide_objection, api::finalize,
        api::public_objection, api::person_honours, api::enterprise_honours, api::add_material,
        api::list_materials, api::get_material, api::create_model_woman, api::list_model_women,
        api::get_model_woman, api::update_model_woman, api::add_publication, api::list_publications,
        api::add_photo, api::list_photos, api::get_photo,
        api::create_fund_account, api::list_fund_accounts, api::get_fund_account, api::fund_balances,
        api::create_donation, api::list_donations, api::get_donation, api::donation_receipt,
        api::donors_by_year, api::create_fund_transfer, api::create_journal_entry,
        api::list_journal_entries, api::get_journal_entry, api::reverse_journal_entry,
        api::fund_reconciliation, api::add_acknowledgement, api::list_acknowledgements,
        api::get_acknowledgement, api::create_fund_campaign, api::list_fund_campaigns,
        api::get_fund_campaign, api::fund_campaign_donors, api::fund_campaign_transfers,
        api::list_fund_payments, api::cycle_payments,
        api::create_course, api::list_courses, api::get_course, api::add_session, api::list_sessions,
        api::get_session, api::enroll, api::list_enrollments, api::import_enrollments,
        api::enrollment_template, api::get_enrollment, api::withdraw, api::attend, api::session_roll,
        api::remove_attendance, api::import_attendance, api::sign_in_xlsx, api::finish,
        api::course_report, api::training_report, api::follow_ups_due, api::record_follow_up,
        api::certificate, api::person_courses,
    ),
    components(schemas(api::ErrorBody, api::ErrorDetail)),
    modifiers(&BearerAuth, &ErrorStatuses),
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

/// Declares on every operation the error statuses the shared machinery can answer, so a client
/// generator (and schemathesis) meets no undocumented status: the extractors answer 400 for a
/// malformed body or query and 415 for a body of another type; authentication 401; roles 403;
/// records outside the caller's scope 404; writes 409; validation 422; the address limits 429.
/// A status an operation declares itself keeps its own description.
struct ErrorStatuses;

impl Modify for ErrorStatuses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let public = is_public(path);
            let operations = [
                (HttpMethod::Get, item.get.as_mut()),
                (HttpMethod::Post, item.post.as_mut()),
                (HttpMethod::Put, item.put.as_mut()),
                (HttpMethod::Patch, item.patch.as_mut()),
                (HttpMethod::Delete, item.delete.as_mut()),
            ];
            for (method, operation) in operations {
                let Some(operation) = operation else { continue };
                for status in error_statuses(path, &method, operation, public) {
                    operation
                        .responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error_response(status));
                }
            }
        }
    }
}

/// The API's unauthenticated entry points: the public forms and the login itself.
fn is_public(path: &str) -> bool {
    path.starts_with("/api/v1/public/") || path == "/api/v1/login" || path == "/api/v1/openapi.json"
}

fn error_statuses(
    path: &str,
    method: &HttpMethod,
    operation: &Operation,
    public: bool,
) -> Vec<u16> {
    let mut statuses = vec![400, 422];
    if !public {
        statuses.extend([401, 403]);
    }
    if public || path == "/api/v1/login" {
        statuses.push(429);
    }
    if path == "/api/v1/login" {
        statuses.push(423);
    }
    if path.contains('{') || !public {
        statuses.push(404);
    }
    if *method != HttpMethod::Get {
        statuses.push(409);
    }
    if operation.request_body.is_some() {
        statuses.extend([413, 415]);
    }
    statuses
}

fn error_response(status: u16) -> RefOr<Response> {
    let description = match status {
        400 => "malformed request (body or query that cannot be read)",
        401 => "not signed in, or the token is unknown, expired or revoked",
        403 => "the caller's role may not do this",
        404 => "absent, or outside the caller's scope",
        409 => "conflict with the current state",
        413 => "the body is too large",
        415 => "unsupported content type",
        422 => "validation failed; `field` names the field",
        423 => "account_locked",
        429 => "too many requests from this address",
        _ => "error",
    };
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

mod vocabulary;

/// The document, generated once: the handlers' annotations with the vocabulary written in.
pub async fn document() -> Json<serde_json::Value> {
    static DOCUMENT: OnceLock<serde_json::Value> = OnceLock::new();
    Json(DOCUMENT.get_or_init(build).clone())
}

fn build() -> serde_json::Value {
    let mut document = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    vocabulary::apply(&mut document);
    document
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    /// The schema names the sources declare (`#[schema(as = …)]`, else the type's name), each
    /// with the files declaring it.
    fn schema_names(dir: &Path, names: &mut BTreeMap<String, Vec<PathBuf>>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                schema_names(&path, names);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for name in declared_in(&text) {
                    names.entry(name).or_default().push(path.clone());
                }
            }
        }
    }

    fn declared_in(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut lines = text.lines().map(str::trim);
        while let Some(line) = lines.next() {
            if !(line.starts_with("#[derive(") && line.contains("ToSchema")) {
                continue;
            }
            let mut renamed = None;
            for next in lines.by_ref() {
                if let Some(rest) = next.strip_prefix("#[schema(as = ") {
                    renamed = rest
                        .split([')', ','])
                        .next()
                        .map(|n| n.rsplit("::").next().unwrap_or(n).to_owned());
                } else if next.starts_with("#[") || next.starts_with("//") {
                    continue;
                } else {
                    let declared = next
                        .trim_start_matches("pub ")
                        .trim_start_matches("pub(crate) ")
                        .trim_start_matches("struct ")
                        .trim_start_matches("enum ");
                    let name: String = declared
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    found.push(renamed.take().unwrap_or(name));
                    break;
                }
            }
        }
        found
    }

    /// Two types with one schema name leave one of them out of the document silently (a case's
    /// timeline event was once described as a job fair).
    #[test]
    fn every_schema_name_names_one_type() {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut names = BTreeMap::new();
        for krate in ["domain", "app", "web"] {
            schema_names(&crates.join(krate).join("src"), &mut names);
        }
        assert!(names.len() > 100, "the scan found {} schemas", names.len());
        let shared: Vec<_> = names.iter().filter(|(_, files)| files.len() > 1).collect();
        assert!(shared.is_empty(), "{shared:?}");
    }
}
