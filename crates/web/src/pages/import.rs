//! The import pages, one flow for every kind of register (people, enterprises, jobs): upload, a dry
//! run with the counts and the rejected lines with their reasons, the rejected rows as a
//! workbook, then the confirmed import in one transaction with its progress; and the blank
//! template (空白模板).
//!
//! Each kind mounts the same handlers under its own path (`routes`); the kind reaches the
//! handlers as a request extension.

use super::{refused, render, Shell};
use crate::error::{PageError, WebError};
use crate::extract::{PageCaller, PostedForm};
use crate::i18n::{error_message, field_label, message, rejected_rows_xlsx, row_reason, Lang};
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use jinguo_app::auth::Caller;
use jinguo_app::import::{ImportOptions, ImportReport, Importer, Source, UploadedSheet};
use jinguo_app::{units, App, AppError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What is imported.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ImportKind {
    People,
    Enterprises,
    Jobs,
    /// A course's sign-up sheet (its course is the import's target).
    Enrollments,
    /// A session's filled sign-in sheet (its session is the import's target).
    Attendance,
}

use crate::files::XLSX;

impl ImportKind {
    /// Where its import pages are.
    fn base(self) -> &'static str {
        match self {
            ImportKind::People => "/people/import",
            ImportKind::Enterprises => "/enterprises/import",
            ImportKind::Jobs => "/jobs/import",
            ImportKind::Enrollments => "/training/import/enrollments",
            ImportKind::Attendance => "/training/import/attendance",
        }
    }

    /// The query parameter naming the record an import of this kind goes into (a course, a
    /// session), when it has one.
    fn target_name(self) -> Option<&'static str> {
        match self {
            ImportKind::Enrollments => Some("course"),
            ImportKind::Attendance => Some("session"),
            _ => None,
        }
    }

    /// The record an import goes into exists and is in the caller's sight (else 404).
    async fn check_target(self, app: &App, caller: &Caller, id: i64) -> Result<(), AppError> {
        match self {
            ImportKind::Enrollments => jinguo_app::training::get_course(app, caller, id)
                .await
                .map(|_| ()),
            ImportKind::Attendance => jinguo_app::training::roll(app, caller, id)
                .await
                .map(|_| ()),
            _ => Ok(()),
        }
    }

    /// The page the imported records land in (its target's, when it has one), and its title's
    /// key.
    fn list(self, target: Option<i64>) -> (String, &'static str) {
        let target = target.unwrap_or(0);
        match self {
            ImportKind::People => ("/people".into(), "people-title"),
            ImportKind::Enterprises => ("/enterprises".into(), "enterprises-title"),
            ImportKind::Jobs => ("/jobs".into(), "jobs-title"),
            ImportKind::Enrollments => (format!("/training/courses/{target}"), "course-title"),
            ImportKind::Attendance => (format!("/training/sessions/{target}"), "session-title"),
        }
    }

    /// The menu entry and the title and hint keys of its pages.
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ImportKind::People => ("import", "import-title", "import-hint"),
            ImportKind::Enterprises => (
                "enterprises",
                "enterprise-import-title",
                "enterprise-import-hint",
            ),
            ImportKind::Jobs => ("jobs", "job-import-title", "job-import-hint"),
            ImportKind::Enrollments => (
                "training",
                "enrollment-import-title",
                "enrollment-import-hint",
            ),
            ImportKind::Attendance => (
                "training",
                "attendance-import-title",
                "attendance-import-hint",
            ),
        }
    }

    fn may_import(self, caller: &Caller) -> bool {
        match self {
            ImportKind::People => caller.role().writes_people(),
            ImportKind::Enterprises | ImportKind::Jobs => caller.role().works_employment(),
            ImportKind::Enrollments | ImportKind::Attendance => caller.role().runs_training(),
        }
    }

    fn require(self, caller: &Caller) -> Result<(), PageError> {
        if self.may_import(caller) {
            Ok(())
        } else {
            Err(AppError::Forbidden.into())
        }
    }

    async fn run(
        self,
        app: &App,
        caller: &Caller,
        target: Option<i64>,
        file: &dyn Source,
        options: &ImportOptions,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<ImportReport, AppError> {
        let importer = Importer::User(caller);
        let target = target.unwrap_or(0);
        match self {
            ImportKind::Enrollments => {
                jinguo_app::training::import::import_enrollments(
                    app, caller, target, file, options, progress,
                )
                .await
            }
            ImportKind::Attendance => {
                jinguo_app::training::import::import_attendance(
                    app, caller, target, file, options, progress,
                )
                .await
            }
            ImportKind::People => {
                jinguo_app::people_import::import_people(app, importer, file, options, progress)
                    .await
            }
            ImportKind::Enterprises => {
                jinguo_app::employment::import::import_enterprises(
                    app, importer, file, options, progress,
                )
                .await
            }
            ImportKind::Jobs => {
                jinguo_app::employment::jobs_import::import_jobs(
                    app, importer, file, options, progress,
                )
                .await
            }
        }
    }

    /// The blank template and its file name.
    fn template(self) -> Result<(Vec<u8>, &'static str), AppError> {
        Ok(match self {
            ImportKind::People => (
                jinguo_app::people_export::template_xlsx()?,
                "people-template.xlsx",
            ),
            ImportKind::Enterprises => (
                jinguo_app::employment::import::template_xlsx()?,
                "enterprise-template.xlsx",
            ),
            ImportKind::Jobs => (
                jinguo_app::employment::jobs_import::template_xlsx()?,
                "job-template.xlsx",
            ),
            ImportKind::Enrollments => (
                jinguo_app::training::import::enrollment_template_xlsx()?,
                "enrollment-template.xlsx",
            ),
            ImportKind::Attendance => (
                jinguo_app::training::import::attendance_template_xlsx()?,
                "sign-in-template.xlsx",
            ),
        })
    }
}

/// The largest register accepted by upload (a roster of a million rows is ~140 MB of CSV). An
/// upload is written to disk as it arrives and read from there row by row, so its size costs
/// disk, not memory.
pub const UPLOAD_LIMIT: usize = 256 * 1024 * 1024;

/// The import pages of `kind` under its path.
pub fn routes(kind: ImportKind) -> Router<AppState> {
    let base = kind.base();
    Router::new()
        .route(
            base,
            get(form)
                .post(upload)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(&format!("{base}/template"), get(template))
        .route(&format!("{base}/{{token}}"), get(job_page))
        .route(&format!("{base}/{{token}}/status"), get(status))
        .route(&format!("{base}/{{token}}/commit"), post(commit))
        .route(&format!("{base}/{{token}}/rejected.xlsx"), get(rejected))
        .layer(Extension(kind))
}

/// Uploaded registers between their check and their commit, by an unguessable token.
#[derive(Default)]
pub struct ImportJobs(Mutex<HashMap<String, Arc<ImportJob>>>);

pub struct ImportJob {
    kind: ImportKind,
    owner: i64,
    file_name: String,
    /// The spooled upload, until the import takes it (it is removed when the import ends, or
    /// with the unconfirmed job).
    file: Mutex<Option<UploadedSheet>>,
    default_unit: Option<String>,
    /// The course or session the rows go into (the training imports).
    target: Option<i64>,
    created_at: i64,
    done: AtomicUsize,
    total: AtomicUsize,
    state: Mutex<JobState>,
}

#[derive(Clone)]
enum JobState {
    Checked(ImportReport),
    Running,
    Committed(ImportReport),
    Failed(String),
}

/// Unconfirmed uploads are dropped after an hour (their spool files hold plaintext ID numbers).
const JOB_TTL_MS: i64 = 3_600_000;

/// Uploads checked by a dry run and waiting for their owner to confirm them (a signed sheet of
/// a cycle's marks), by an unguessable token: what they are for (`purpose`, e.g. the cycle),
/// whose they are, and the spooled file, removed when taken or after an hour.
#[derive(Default)]
pub struct HeldUploads(Mutex<HashMap<String, HeldUpload>>);

struct HeldUpload {
    purpose: String,
    owner: i64,
    file_name: String,
    file: UploadedSheet,
    created_at: i64,
}

impl HeldUploads {
    /// Keeps `file` for `owner`; the token to take it back with.
    pub fn hold(
        &self,
        purpose: &str,
        owner: i64,
        file_name: &str,
        file: UploadedSheet,
        now: i64,
    ) -> String {
        let token = jinguo_app::auth::random_secret();
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        held.retain(|_, h| now - h.created_at < JOB_TTL_MS);
        held.insert(
            token.clone(),
            HeldUpload {
                purpose: purpose.to_owned(),
                owner,
                file_name: file_name.to_owned(),
                file,
                created_at: now,
            },
        );
        token
    }

    /// The owner's upload held for `purpose`, taken out (once): its name and file.
    pub fn take(
        &self,
        purpose: &str,
        owner: i64,
        token: &str,
        now: i64,
    ) -> Option<(String, UploadedSheet)> {
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        held.retain(|_, h| now - h.created_at < JOB_TTL_MS);
        let mine = held
            .get(token)
            .is_some_and(|h| h.owner == owner && h.purpose == purpose);
        if !mine {
            return None;
        }
        held.remove(token).map(|h| (h.file_name, h.file))
    }
}

impl ImportJobs {
    fn insert(&self, token: String, job: ImportJob, now: i64) {
        let mut jobs = self.0.lock().unwrap_or_else(|e| e.into_inner());
        jobs.retain(|_, j| now - j.created_at < JOB_TTL_MS);
        jobs.insert(token, Arc::new(job));
    }

    /// The caller's own upload of this kind.
    fn get(
        &self,
        kind: ImportKind,
        token: &str,
        caller: &Caller,
    ) -> Result<Arc<ImportJob>, PageError> {
        let jobs = self.0.lock().unwrap_or_else(|e| e.into_inner());
        jobs.get(token)
            .filter(|j| j.owner == caller.user_id() && j.kind == kind)
            .cloned()
            .ok_or(PageError(WebError::App(AppError::NotFound)))
    }
}

impl ImportJob {
    fn state(&self) -> JobState {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    shell: Shell,
    base: &'static str,
    hint: String,
    /// The default unit's choices; none for an import into one record (a course, a session).
    units: Vec<(String, String)>,
    /// The record the rows go into: (parameter, id).
    target: Option<(&'static str, i64)>,
    error: Option<String>,
}

async fn upload_page(
    state: &AppState,
    caller: &Caller,
    kind: ImportKind,
    target: Option<i64>,
    lang: Lang,
    error: Option<String>,
) -> Result<Html<String>, PageError> {
    let (active, title, hint) = kind.words();
    let target = match (kind.target_name(), target) {
        (Some(name), Some(id)) => {
            kind.check_target(&state.app, caller, id).await?;
            Some((name, id))
        }
        (Some(_), None) => return Err(AppError::NotFound.into()),
        (None, _) => None,
    };
    let units = if target.is_some() {
        Vec::new()
    } else {
        let tree = units::tree(&state.app, caller).await?;
        crate::pages::parts::unit_tree_choices(crate::i18n::Tr(lang), &tree)
    };
    render(&ImportPage {
        shell: Shell::new(lang, Some(caller), active, title),
        base: kind.base(),
        hint: message(lang, hint, &[]),
        units,
        target,
        error,
    })
}

/// The record an import goes into, from the page's query (`?course=12`) or the upload's form.
fn target_of(kind: ImportKind, value: Option<&str>) -> Option<i64> {
    kind.target_name()?;
    value.and_then(|v| v.trim().parse().ok())
}

async fn form(
    State(state): State<AppState>,
    Extension(kind): Extension<ImportKind>,
    PageCaller(caller): PageCaller,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    kind.require(&caller)?;
    let q = crate::pages::parts::Pairs::of_query(raw.as_deref());
    let target = target_of(kind, kind.target_name().map(|n| q.get(n)));
    let lang = Lang::from_headers(&headers);
    upload_page(&state, &caller, kind, target, lang, None).await
}

async fn upload(
    State(state): State<AppState>,
    Extension(kind): Extension<ImportKind>,
    caller: PageCaller,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let (file, fields) = crate::api::spool_form(&state.app, &mut multipart).await?;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let unit = field("unit");
    caller.check_csrf(&field("csrf"))?;
    let caller = caller.0;
    kind.require(&caller)?;
    let target_field = kind.target_name().map(field);
    let target = target_of(kind, target_field.as_deref());
    let again = |error: String| upload_page(&state, &caller, kind, target, lang, Some(error));
    let Some((file_name, upload)) = file else {
        return Ok(refused(again(message(lang, "import-no-file", &[])).await?));
    };
    let file = match upload.into_sheet(&file_name) {
        Ok(file) => file,
        Err(e) => return Ok(refused(again(error_message(lang, &e)).await?)),
    };
    let default_unit = Some(unit).filter(|u| !u.is_empty());
    let options = ImportOptions {
        default_unit: default_unit.clone(),
        dry_run: true,
        all_or_nothing: false,
    };
    let report = match kind
        .run(&state.app, &caller, target, &file, &options, &|_, _| {})
        .await
    {
        Ok(report) => report,
        Err(e @ AppError::Invalid { .. }) => {
            return Ok(refused(again(error_message(lang, &e)).await?))
        }
        Err(e) => return Err(e.into()),
    };
    let token = jinguo_app::auth::random_secret();
    let checked_rows = report.rows as usize;
    let job = ImportJob {
        kind,
        owner: caller.user_id(),
        file_name,
        file: Mutex::new(Some(file)),
        default_unit,
        target,
        created_at: state.app.now(),
        done: AtomicUsize::new(0),
        total: AtomicUsize::new(checked_rows),
        state: Mutex::new(JobState::Checked(report)),
    };
    state.imports.insert(token.clone(), job, state.app.now());
    Ok(Redirect::to(&format!("{}/{token}", kind.base())).into_response())
}

#[derive(Template)]
#[template(path = "import_job.html")]
struct ImportJobPage {
    shell: Shell,
    base: &'static str,
    list: (String, String),
    token: String,
    file_name: String,
    running: bool,
    committed: bool,
    done: usize,
    total: usize,
    progress_text: String,
    report: ImportReport,
    problems: Vec<(usize, String, String)>,
    warnings: Vec<(usize, String, String)>,
}

/// The rejected lines the page lists; the workbook holds them all.
const PROBLEMS_SHOWN: usize = 20;

async fn job_page(
    State(state): State<AppState>,
    Extension(kind): Extension<ImportKind>,
    PageCaller(caller): PageCaller,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let job = state.imports.get(kind, &token, &caller)?;
    let (running, committed, report) = match job.state() {
        JobState::Checked(r) => (false, false, r),
        JobState::Running => (true, false, ImportReport::default()),
        JobState::Committed(r) => (false, true, r),
        JobState::Failed(reason) => return Err(AppError::Internal(reason).into()),
    };
    let (done, total) = (
        job.done.load(Ordering::Relaxed),
        job.total.load(Ordering::Relaxed),
    );
    let lines = |list: &[jinguo_app::import::RowProblem]| {
        list.iter()
            .take(PROBLEMS_SHOWN)
            .map(|p| (p.line, field_label(lang, p.field), row_reason(lang, p)))
            .collect()
    };
    let (problems, warnings) = (lines(&report.problems), lines(&report.warnings));
    let (active, title, _) = kind.words();
    let (list_path, list_title) = kind.list(job.target);
    let page = ImportJobPage {
        shell: Shell::new(lang, Some(&caller), active, title),
        base: kind.base(),
        list: (list_path, message(lang, list_title, &[])),
        token,
        file_name: job.file_name.clone(),
        running,
        committed,
        done,
        total,
        progress_text: message(
            lang,
            "import-progress",
            &[("done", done.to_string()), ("total", total.to_string())],
        ),
        report,
        problems,
        warnings,
    };
    Ok(render(&page)?.into_response())
}

async fn status(
    State(state): State<AppState>,
    Extension(kind): Extension<ImportKind>,
    PageCaller(caller): PageCaller,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let job = state.imports.get(kind, &token, &caller)?;
    let body = serde_json::json!({
        "running": matches!(job.state(), JobState::Running),
        "done": job.done.load(Ordering::Relaxed),
        "total": job.total.load(Ordering::Relaxed),
    });
    Ok(axum::Json(body).into_response())
}

async fn commit(
    State(state): State<AppState>,
    Extension(kind): Extension<ImportKind>,
    Path(token): Path<String>,
    PostedForm { caller, .. }: PostedForm,
) -> Result<Response, PageError> {
    let job = state.imports.get(kind, &token, &caller)?;
    let back = Redirect::to(&format!("{}/{token}", kind.base())).into_response();
    {
        let mut job_state = job.state.lock().unwrap_or_else(|e| e.into_inner());
        if !matches!(*job_state, JobState::Checked(_)) {
            return Ok(back);
        }
        *job_state = JobState::Running;
    }
    let app = state.app.clone();
    tokio::spawn(async move {
        let options = ImportOptions {
            default_unit: job.default_unit.clone(),
            dry_run: false,
            all_or_nothing: false,
        };
        // The rows the check counted: the import reads the file as it goes and knows their
        // number only at its end.
        let checked = job.total.load(Ordering::Relaxed);
        let progress = |done: usize, total: usize| {
            job.done.store(done, Ordering::Relaxed);
            job.total.store(total.max(checked), Ordering::Relaxed);
        };
        let file = job.file.lock().unwrap_or_else(|e| e.into_inner()).take();
        let result = match &file {
            Some(file) => {
                kind.run(&app, &caller, job.target, file, &options, &progress)
                    .await
            }
            None => Err(AppError::Internal("the upload was already imported".into())),
        };
        drop(file);
        let mut job_state = job.state.lock().unwrap_or_else(|e| e.into_inner());
        *job_state = match result {
            Ok(report) => JobState::Committed(report),
            Err(e) => JobState::Failed(e.to_string()),
        };
    });
    Ok(back)
}

async fn rejected(
    State(state): State<AppState>,
    Extension(kind): Extension<ImportKind>,
    PageCaller(caller): PageCaller,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let job = state.imports.get(kind, &token, &caller)?;
    let report = match job.state() {
        JobState::Checked(r) | JobState::Committed(r) => r,
        _ => ImportReport::default(),
    };
    let bytes = rejected_rows_xlsx(lang, &report)?;
    Ok(crate::api::file_response(
        XLSX,
        "rejected-rows.xlsx",
        axum::body::Body::from(bytes),
    ))
}

async fn template(
    Extension(kind): Extension<ImportKind>,
    PageCaller(_caller): PageCaller,
) -> Result<Response, PageError> {
    let (bytes, file_name) = kind.template()?;
    Ok(crate::api::file_response(
        XLSX,
        file_name,
        axum::body::Body::from(bytes),
    ))
}
