//! Server-rendered pages in Simplified Chinese (English switchable): the admin layout of a
//! top bar, a navigation column and the page; every form posts with the session's CSRF token.

mod account;
pub(crate) mod admin;
mod awards;
mod calendar;
pub mod cases;
mod children;
mod children_work;
mod credentials;
mod employment;
pub mod flash;
mod funds;
mod home;
pub mod import;
mod login;
mod model_women;
pub mod parts;
pub mod people;
pub mod pick;
mod programs;
mod settings;
pub(crate) mod training;

use crate::error::{PageError, WebError};
use crate::i18n::{Lang, Tr, LANG_COOKIE};
use crate::AppState;
use askama::Template;
use axum::extract::Path;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use employment::{assistance, enterprises, events, jobs, seekers};
use jinguo_app::auth::Caller;
use jinguo_app::settings::Deployment;
use jinguo_app::AppError;
use time::macros::{format_description, offset};
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

/// Where a user chooses a new password (and where every page leads after an administrator's
/// reset).
pub const PASSWORD_CHANGE_PATH: &str = "/account/password";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/units", get(home::units))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/lang/{tag}", get(switch_language))
        .route("/admin/users", get(admin::users).post(admin::create_user))
        .route("/admin/users/new", get(admin::new_user))
        .route(
            "/admin/users/{id}",
            get(admin::edit_user).post(admin::save_user),
        )
        .route("/admin/users/{id}/password", post(admin::reset_password))
        .route("/admin/grants/{id}/approve", post(admin::approve_grant))
        .route("/admin/grants/{id}/reject", post(admin::reject_grant))
        .route("/admin/users/{id}/unlock", post(credentials::unlock))
        .route("/admin/users/{id}/tokens", get(credentials::list))
        .route(
            "/admin/users/{id}/tokens/{token}/revoke",
            post(credentials::revoke),
        )
        .route(
            PASSWORD_CHANGE_PATH,
            get(account::form).post(account::submit),
        )
        .route(settings::PATH, get(settings::form).post(settings::save))
        .route("/admin/audit", get(admin::audit))
        .route(calendar::PATH, get(calendar::view))
        .route("/admin/holidays/add", post(calendar::add))
        .route("/admin/holidays/{date}/remove", post(calendar::remove))
        .route(
            "/admin/holidays/import",
            post(calendar::import)
                .layer(axum::extract::DefaultBodyLimit::max(import::UPLOAD_LIMIT)),
        )
        .route("/admin/holidays/template", get(calendar::template))
        .route("/admin/sessions", get(admin::sessions))
        .route("/admin/sessions/{id}/end", post(admin::end_session))
        .route("/children", get(children::list).post(children::create))
        .route("/children/new", get(children::new_form))
        .route("/children/{id}", get(children::view))
        .route(
            "/children/{id}/pairings",
            post(children_work::create_pairing),
        )
        .route(
            "/parent-schools",
            get(children_work::schools).post(children_work::create_school),
        )
        .route("/parent-schools/new", get(children_work::new_school))
        .route("/parent-schools/{id}", get(children_work::school))
        .route(
            "/parent-schools/{id}/sessions",
            post(children_work::add_session),
        )
        .route(
            "/parent-school-sessions/{id}/attendance",
            post(children_work::add_attendance),
        )
        .route("/pairings", get(children_work::pairings_list))
        .route("/pairings/{id}/visits", post(children_work::add_visit))
        .route("/pairings/{id}/end", post(children_work::end_pairing))
        .route("/programs", get(programs::list).post(programs::create))
        .route("/programs/new", get(programs::new_form))
        .route("/programs/preview", post(programs::preview))
        .route("/programs/follow-ups", get(programs::follow_ups))
        .route("/programs/{id}", get(programs::view))
        .route("/programs/{id}/cycles", post(programs::create_cycle))
        .route("/cycles/{id}", get(programs::cycle_view))
        .route("/cycles/{id}/refresh", post(programs::refresh))
        .route("/cycles/{id}/print/notice", get(programs::notice_list))
        .route("/cycles/{id}/print/signoff", get(programs::signoff_sheet))
        .route("/cycles/{id}/signoff.xlsx", get(programs::signoff_xlsx))
        .route(
            "/cycles/{id}/marks/import",
            post(programs::upload_marks)
                .layer(axum::extract::DefaultBodyLimit::max(import::UPLOAD_LIMIT)),
        )
        .route(
            "/cycles/{id}/marks/import/{token}",
            post(programs::confirm_marks),
        )
        .route("/cycles/{id}/roll/{person}", get(programs::entry_view))
        .route("/cycles/{id}/roll/{person}/mark", post(programs::mark))
        .route(
            "/cycles/{id}/roll/{person}/deliver",
            post(programs::deliver),
        )
        .route(
            "/cycles/{id}/roll/{person}/result",
            post(programs::record_result),
        )
        .route(
            "/cycles/{id}/roll/{person}/follow-up",
            post(programs::close_follow_up),
        )
        .route("/people", get(people::list))
        .route("/people/export", post(people::export))
        .route("/people/new", get(people::new_form).post(people::create))
        .route("/people/{id}", get(people::view))
        .route(
            "/people/{id}/edit",
            get(people::edit_form).post(people::save),
        )
        .route("/people/{id}/reveal", post(people::reveal))
        .route("/people/{id}/delete", post(people::delete))
        .route("/people/{id}/merge", post(people::merge))
        .route("/people/{id}/household", post(people::join_household))
        .route("/cases", get(cases::list).post(cases::create))
        .route("/cases/new", get(cases::new_form))
        .route("/cases/taken-in", get(cases::taken_in))
        .route(
            "/cases/deadlines",
            get(cases::deadlines).post(cases::save_deadlines),
        )
        .route("/referrals", get(cases::referrals))
        .route("/referrals/{id}/answer", post(cases::inbox_answer))
        .route("/cases/stats", get(cases::stats))
        .route("/cases/stats.xlsx", get(cases::stats_xlsx))
        .route("/cases/{id}", get(cases::view))
        .route("/cases/{id}/transition", post(cases::transition))
        .route("/cases/{id}/entries", post(cases::add_entry))
        .route("/cases/{id}/referrals", post(cases::refer))
        .route(
            "/cases/{id}/referrals/{referral}/answer",
            post(cases::answer_referral),
        )
        .route(
            "/cases/{id}/attachments",
            post(cases::attach).layer(axum::extract::DefaultBodyLimit::max(
                jinguo_app::cases::timeline::ATTACHMENT_LIMIT + 64 * 1024,
            )),
        )
        .route(
            "/cases/{id}/attachments/{attachment}",
            get(cases::attachment),
        )
        .route("/cases/{id}/screening", post(cases::screening))
        .route("/cases/{id}/orders", post(cases::order))
        .route("/cases/{id}/report", post(cases::report))
        .route(
            "/briefings",
            get(cases::briefing_list).post(cases::briefing_create),
        )
        .route(
            "/briefings/new",
            get(cases::briefing_new).post(cases::briefing_preview),
        )
        .route("/briefings/{id}", get(cases::briefing_view))
        .route("/briefings/{id}/document", get(cases::briefing_document))
        .route("/briefings/{id}/response", post(cases::briefing_response))
        .route("/awards", get(awards::list).post(awards::create))
        .route("/awards/new", get(awards::new_form))
        .route("/awards/{id}", get(awards::view))
        .route("/awards/{id}/nominations", post(awards::nominate))
        .route(
            "/awards/{id}/nominations/{nomination}/materials",
            post(awards::add_material).layer(axum::extract::DefaultBodyLimit::max(
                jinguo_app::sealed_files::FILE_LIMIT + 64 * 1024,
            )),
        )
        .route(
            "/awards/{id}/nominations/{nomination}/materials/{material}",
            get(awards::material),
        )
        .route("/awards/{id}/votes", post(awards::vote))
        .route("/awards/{id}/publish", post(awards::publish))
        .route("/awards/{id}/objections/{objection}", post(awards::decide))
        .route("/awards/{id}/finalize", post(awards::finalize))
        .route("/funds", get(funds::index))
        .route("/funds/accounts", post(funds::create_account))
        .route("/funds/campaigns", post(funds::create_campaign))
        .route("/funds/campaigns/{id}", get(funds::campaign))
        .route("/funds/campaigns/{id}/public", get(funds::campaign_public))
        .route(
            "/funds/campaigns/{id}/entries/{entry}/acknowledgements",
            post(funds::add_acknowledgement).layer(axum::extract::DefaultBodyLimit::max(
                jinguo_app::sealed_files::FILE_LIMIT + 64 * 1024,
            )),
        )
        .route("/funds/donations", post(funds::create_donation))
        .route("/funds/donations/new", get(funds::new_donation))
        .route("/funds/donations/{id}/receipt", get(funds::receipt))
        .route("/funds/transfers", post(funds::create_transfer))
        .route("/funds/transfers/new", get(funds::new_transfer))
        .route("/funds/journal", get(funds::journal))
        .route("/funds/entries/{id}/reverse", post(funds::reverse))
        .route("/funds/payments", get(funds::payments))
        .route(
            "/model-women",
            get(model_women::list).post(model_women::create),
        )
        .route("/model-women/new", get(model_women::new_form))
        .route(
            "/model-women/{id}",
            get(model_women::view).post(model_women::update),
        )
        .route(
            "/model-women/{id}/publications",
            post(model_women::add_publication),
        )
        .route(
            "/model-women/{id}/photos",
            post(model_women::add_photo).layer(axum::extract::DefaultBodyLimit::max(
                jinguo_app::sealed_files::FILE_LIMIT + 64 * 1024,
            )),
        )
        .route("/model-women/{id}/photos/{photo}", get(model_women::photo))
        .route(
            "/public/notices/{key}",
            get(awards::public_notice).post(awards::public_objection),
        )
        .route("/training", get(training::list))
        .route("/training/courses", post(training::create))
        .route("/training/courses/new", get(training::new_form))
        .route("/training/courses/{id}", get(training::view))
        .route(
            "/training/courses/{id}/sessions",
            post(training::add_session),
        )
        .route("/training/courses/{id}/enrollments", post(training::enroll))
        .route(
            "/training/courses/{id}/enrollments/{enrollment}/withdraw",
            post(training::withdraw),
        )
        .route("/training/courses/{id}/finish", post(training::finish))
        .route("/training/sessions/{id}", get(training::session))
        .route("/training/sessions/{id}/roll", post(training::take_roll))
        .route("/training/sessions/{id}/sign-in", get(training::sign_in))
        .route(
            "/training/sessions/{id}/sign-in.xlsx",
            get(training::sign_in_xlsx),
        )
        .route(
            "/training/enrollments/{id}/certificate",
            get(training::certificate),
        )
        .route(
            "/training/enrollments/{id}/certificate.docx",
            get(training::certificate_docx),
        )
        .route(
            "/training/enrollments/{id}/follow-up",
            post(training::record_follow_up),
        )
        .route("/training/report", get(training::report))
        .route("/training/follow-ups", get(training::follow_ups))
        .route("/public/certificates/{number}", get(training::verify))
        .route(
            "/public/intake",
            get(cases::public_intake).post(cases::public_submit),
        )
        .route(
            "/public/status",
            get(cases::public_status_form).post(cases::public_status),
        )
        .route(
            "/enterprises",
            get(enterprises::list).post(enterprises::create),
        )
        .route("/enterprises/new", get(enterprises::new_form))
        .route("/enterprises/export", post(enterprises::export))
        .route("/enterprises/{id}", get(enterprises::view))
        .route(
            "/enterprises/{id}/edit",
            get(enterprises::edit_form).post(enterprises::save),
        )
        .route("/enterprises/{id}/visits", post(enterprises::add_visit))
        .route(
            "/enterprises/{id}/visits/{visit}/case",
            post(enterprises::raise_case),
        )
        .route("/enterprises/{id}/leaders", post(enterprises::set_leaders))
        .route("/liaison", get(enterprises::liaison))
        .route("/jobs", get(jobs::list).post(jobs::create))
        .route("/jobs/new", get(jobs::new_form))
        .route("/jobs/{id}", get(jobs::view))
        .route("/jobs/{id}/edit", get(jobs::edit_form).post(jobs::save))
        .route("/jobs/{id}/status", post(jobs::set_status))
        .route("/seekers", get(seekers::list).post(seekers::create))
        .route("/seekers/new", get(seekers::new_form))
        .route("/seekers/{id}", get(seekers::view))
        .route("/seekers/{id}/recommend", post(seekers::recommend))
        .route(
            "/seekers/{id}/recommendations/{recommendation}",
            post(seekers::set_outcome),
        )
        .route("/events", get(events::list).post(events::create))
        .route("/events/new", get(events::new_form))
        .route("/events/{id}", get(events::view))
        .route("/events/{id}/poster", get(events::poster))
        .route("/events/{id}/report.xlsx", get(events::report_xlsx))
        .route("/events/{id}/enterprises", post(events::add_enterprise))
        .route("/events/{id}/checkins", post(events::desk_checkin))
        .route("/events/{id}/agreements", post(events::add_agreement))
        .route("/events/{id}/close", post(events::close))
        .route("/events/{id}/reopen", post(events::reopen))
        .route(
            "/checkin/{key}",
            get(events::public_form).post(events::public_submit),
        )
        .route(
            "/assistance",
            get(assistance::assistance_list).post(assistance::assistance_create),
        )
        .route(
            "/mentorships",
            get(assistance::mentorships).post(assistance::mentorship_create),
        )
        .route("/mentorships/{id}/meetings", post(assistance::add_meeting))
        .route(
            "/employment/outcomes",
            get(assistance::outcomes).post(assistance::record_outcome),
        )
        .merge(import::routes(import::ImportKind::People))
        .merge(import::routes(import::ImportKind::Enterprises))
        .merge(import::routes(import::ImportKind::Jobs))
        .merge(import::routes(import::ImportKind::Enrollments))
        .merge(import::routes(import::ImportKind::Attendance))
        .route("/static/app.css", get(stylesheet))
        .route("/pick/people", get(pick::people).post(pick::new_person))
        .route("/pick/enterprises", get(pick::enterprises))
        .route("/pick/directory", get(pick::directory))
        .route("/pick/units", get(pick::units))
        .route("/static/app.js", get(script))
        .route("/static/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .fallback(|| async { PageError(WebError::App(AppError::NotFound)) })
}

/// What the layout needs: the translator, the signed-in user and the page's place in the menu.
pub struct Shell {
    pub t: Tr,
    pub title: String,
    pub active: &'static str,
    pub user: Option<Badge>,
    /// The security administrator: users, role grants, online sessions.
    pub manages_accounts: bool,
    /// The audit administrator: the operation log and the login log.
    pub reads_audit: bool,
    /// The system administrator: the deployment's settings.
    pub administers: bool,
    /// A public page (no sign-in): the deployment's name for its header and title.
    pub deployment: Option<String>,
    pub reads_people: bool,
    /// Handles cases (intake, lists, the case page).
    pub handles_cases: bool,
    /// Sees case figures (statistics) — every role but the department reporter and the security
    /// and audit administrators.
    pub sees_case_stats: bool,
    /// A department reporter (referrals addressed to the department).
    pub department: bool,
    /// Does employment work (enterprises, jobs, seekers, events, assistance).
    pub works_employment: bool,
    /// Seekers, assistance and mentoring: people's records, not for leaders.
    pub works_with_seekers: bool,
    pub reads_briefings: bool,
    /// Children's work (the children's register): federation, street and community officers.
    pub works_with_children: bool,
    /// Nominates for awards or runs their campaigns.
    pub nominates_for_awards: bool,
    /// Keeps the funds' ledger (federation and admin).
    pub keeps_funds: bool,
    /// Reads relief payments (streets and communities: their own).
    pub reads_relief_payments: bool,
    /// Opens care programs (关爱帮扶): their staff, and leaders and viewers for the figures.
    pub reads_programs: bool,
    /// Training: runs courses, or reads their figures (leaders, viewers).
    pub reads_training: bool,
    pub csrf: String,
    pub notice: Option<String>,
}

pub struct Badge {
    pub username: String,
    pub role_label: String,
}

impl Shell {
    pub fn new(
        lang: Lang,
        caller: Option<&Caller>,
        active: &'static str,
        title_key: &str,
    ) -> Shell {
        let t = Tr(lang);
        Shell {
            t,
            title: t.t(title_key),
            active,
            user: caller.map(|c| Badge {
                username: c.username().to_owned(),
                role_label: role_label(t, c.role().as_str()),
            }),
            manages_accounts: caller.is_some_and(|c| c.role().administers_accounts()),
            reads_audit: caller.is_some_and(|c| c.role().reads_audit_log()),
            administers: caller.is_some_and(|c| c.role().administers()),
            deployment: None,
            reads_people: caller.is_some_and(|c| c.role().reads_people()),
            handles_cases: caller.is_some_and(|c| c.role().handles_cases()),
            department: caller.is_some_and(|c| c.role() == jinguo_domain::Role::Department),
            works_employment: caller.is_some_and(|c| c.role().works_employment()),
            works_with_seekers: caller.is_some_and(|c| c.role().works_with_seekers()),
            reads_briefings: caller.is_some_and(|c| c.role().reads_briefings()),
            works_with_children: caller.is_some_and(|c| c.role().works_with_children()),
            nominates_for_awards: caller.is_some_and(|c| c.role().nominates_for_awards()),
            keeps_funds: caller.is_some_and(|c| c.role().keeps_funds()),
            reads_relief_payments: caller.is_some_and(|c| c.role().reads_relief_payments()),
            reads_programs: caller.is_some_and(|c| c.role().reads_program_figures()),
            reads_training: caller.is_some_and(|c| c.role().reads_training_figures()),
            sees_case_stats: caller.is_some_and(|c| {
                !matches!(
                    c.role(),
                    jinguo_domain::Role::Department
                        | jinguo_domain::Role::SecurityAdmin
                        | jinguo_domain::Role::AuditAdmin
                )
            }),
            csrf: caller
                .and_then(|c| c.session())
                .map(|s| s.csrf_token.clone())
                .unwrap_or_default(),
            notice: flash::current().map(|key| t.t(&key)),
        }
    }
}

impl Shell {
    /// The layout of a public page (no sign-in, no menu), carrying the deployment's name in its
    /// header and title (丰泽区妇联).
    pub fn public(lang: Lang, title_key: &str, deployment: &Deployment) -> Shell {
        Shell {
            deployment: Some(deployment.deployment_name.clone()).filter(|n| !n.is_empty()),
            ..Shell::new(lang, None, "public", title_key)
        }
    }
}

pub fn role_label(t: Tr, role: &str) -> String {
    t.t(&format!("role-{role}"))
}

pub fn level_label(t: Tr, level: &str) -> String {
    t.t(&format!("level-{level}"))
}

/// A form page shown again with its validation errors: 422, so scripts and tests can tell.
pub fn refused(page: Html<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

pub fn render(template: &impl Template) -> Result<Html<String>, PageError> {
    template
        .render()
        .map(Html)
        .map_err(|e| PageError(WebError::App(AppError::Internal(e.to_string()))))
}

/// An error page inside the layout of the signed-in user (menu and all), so that she can go on
/// from it; before sign-in, the bare layout.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    shell: Shell,
    message: &'a str,
    /// What to do next, by the kind of error.
    hint: String,
}

pub fn error_page(
    lang: Lang,
    caller: Option<&Caller>,
    status: StatusCode,
    message: &str,
) -> String {
    let t = Tr(lang);
    let (title, message, hint) = match status {
        StatusCode::NOT_FOUND => ("not-found-title", t.t("not-found-body"), "not-found-hint"),
        StatusCode::FORBIDDEN => ("forbidden-title", message.to_owned(), "forbidden-hint"),
        _ => ("error-title", message.to_owned(), "error-hint"),
    };
    let page = ErrorPage {
        shell: Shell::new(lang, caller, "", title),
        message: &message,
        hint: t.t(hint),
    };
    page.render().unwrap_or(message)
}

/// The sign-off sheet's workbook in the reader's language (the API's download too).
pub(crate) fn programs_signoff_bytes(
    lang: Lang,
    sheet: &jinguo_app::programs::RollSheet,
    units: &std::collections::HashMap<String, String>,
) -> Result<Vec<u8>, AppError> {
    programs::signoff_bytes(lang, sheet, units)
}

/// Local time of the federation (China Standard Time), for display.
pub fn format_time(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .map(|t| t.to_offset(offset!(+8)))
        .ok()
        .and_then(|t| {
            t.format(format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]"
            ))
            .ok()
        })
        .unwrap_or_default()
}

/// Milliseconds at 00:00 China Standard Time of a `YYYY-MM-DD` day.
pub fn day_start_ms(day: &str) -> Option<i64> {
    let date = Date::parse(day.trim(), format_description!("[year]-[month]-[day]")).ok()?;
    let start = PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_offset(offset!(+8));
    Some((start.unix_timestamp_nanos() / 1_000_000) as i64)
}

async fn switch_language(Path(tag): Path<String>, headers: HeaderMap) -> Response {
    let lang = Lang::from_tag(&tag).unwrap_or(Lang::Zh);
    let cookie = crate::cookies::set(LANG_COOKIE, lang.tag(), Some(365 * 86_400), false, false);
    // Back to the page the switch was clicked on: the path of the referring page only.
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .and_then(same_site_path)
        .unwrap_or("/");
    ([(header::SET_COOKIE, cookie)], Redirect::to(back)).into_response()
}

/// `path` when a browser sent to it stays on this site. Browsers read `\` as `/`, so `/\evil`
/// (or `/%5Cevil` once something decodes it) is `//evil`, another host; control characters
/// would split the `Location` header. Anything doubtful is refused.
fn same_site_path(path: &str) -> Option<&str> {
    let lower = path.to_ascii_lowercase();
    let doubtful = !path.starts_with('/')
        || path.starts_with("//")
        || path.contains('\\')
        || lower.contains("%5c")
        || lower.starts_with("/%2f")
        || path.chars().any(char::is_control);
    (!doubtful).then_some(path)
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
}

/// The federation's mark (巾 on red), for the browser tab and bookmarks.
async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        include_str!("../../static/favicon.svg"),
    )
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../../static/app.js"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_switch_returns_only_to_paths_of_this_site() {
        assert_eq!(same_site_path("/people?page=2"), Some("/people?page=2"));
        for escape in [
            "/\\evil.example",
            "//evil.example",
            "https://evil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%2F/evil.example",
            "/\tevil",
            "",
        ] {
            assert_eq!(same_site_path(escape), None, "{escape}");
        }
    }

    #[test]
    fn days_start_at_midnight_china_time() {
        // 2026-01-01T00:00+08:00 = 2025-12-31T16:00Z
        assert_eq!(day_start_ms("2026-01-01"), Some(1_767_196_800_000));
        assert_eq!(day_start_ms("2026-13-01"), None);
        assert_eq!(format_time(1_767_196_800_000), "2026-01-01 00:00:00");
    }
}
