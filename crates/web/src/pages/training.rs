//! Training pages (培训): the courses, a new course, a course's page (its sessions, enrolling
//! from the registry with the person picker, withdrawing, finishing, its figures), a session's
//! page (the desk's tick list, the QR code of its check-in, the sign-in sheet to print or fill
//! in), a completer's certificate (printable, and as .docx), the year's report per tier and per
//! course, the follow-up calls due, and the public verification page of a certificate.

use super::employment::events::{public_url, qr_svg};
use super::parts::{
    label, number, options, require, settled, unit_choices, unit_map, unit_name, Cell, Filters,
    Form, List, Pager, Pairs, Table,
};
use super::{refused, render, Shell};
use crate::error::{PageError, WebError};
use crate::extract::ListRequest;
use crate::extract::{parse_id, PageCaller, PostedForm, RecordRequest};
use crate::files::{download, DOCX, XLSX};
use crate::i18n::{message, Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::pages::parts::{answer_on_page, RecordPage};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::training::{
    self, Certificate, CertificateWords, Course, CourseInput, CourseQuery, CourseReport,
    CourseStage, DueFollowUp, Enrollment, EnrollmentInput, FollowUpInput, PublicCertificate,
    Session, SessionInput, SessionRoll, TrainingReport,
};
use jinguo_app::AppError;
use jinguo_domain::training::{FollowUpResult, Tier};
use jinguo_domain::Role;
use std::collections::HashMap;

fn require_runner(caller: &Caller) -> Result<(), PageError> {
    require(caller, Role::runs_training)
}

fn require_reader(caller: &Caller) -> Result<(), PageError> {
    require(caller, Role::reads_training_figures)
}

fn shell(lang: Lang, caller: &Caller, title_key: &str) -> Shell {
    Shell::new(lang, Some(caller), "training", title_key)
}

fn stage_key(stage: CourseStage) -> &'static str {
    match stage {
        CourseStage::Planned => "course-stage-planned",
        CourseStage::Running => "course-stage-running",
        CourseStage::Ended => "course-stage-ended",
        CourseStage::Finished => "course-stage-finished",
    }
}

/// `12 / 30`, or `12` without a limit.
fn places(c: &Course) -> String {
    match c.capacity {
        Some(cap) => format!("{} / {cap}", c.enrolled),
        None => c.enrolled.to_string(),
    }
}

/// `2026-04-08 – 2026-05-20`, one day, or nothing.
fn span(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f != l => format!("{f} – {l}"),
        (Some(f), _) => f.clone(),
        _ => String::new(),
    }
}

fn percent(rate: f64) -> String {
    format!("{:.0}%", rate * 100.0)
}

// ---- the courses ----

#[derive(Template)]
#[template(path = "courses.html")]
struct CoursesPage {
    shell: Shell,
    list: List,
    runs: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ListRequest {
        caller,
        lang,
        q,
        paging,
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    require_reader(&caller)?;
    let t = Tr(lang);
    let query = CourseQuery {
        q: q.opt("q"),
        tier: q.opt("tier"),
        open_only: q.flag("open"),
    };
    let units = unit_map(&state, &caller).await?;
    let (items, total) =
        training::list_courses(&state.app, &caller, &query, paging.page, paging.per_page).await?;
    let filters = Filters::new(t, &q, "/training", "course-filters")
        .search("courses-q", t.t("courses-search"))
        .select(
            "tier",
            "filter-tier",
            t.t("field-tier"),
            options(t, "tier", Tier::ALL, Tier::as_str),
        )
        .check("open", "filter-open", t.t("courses-open-only"));
    let mut table = Table::new(
        t,
        "courses-table",
        &[
            "field-title",
            "field-tier",
            "people-unit",
            "course-dates",
            "course-places",
            "field-status",
        ],
        "courses-empty",
    );
    for c in &items {
        table.push(vec![
            Cell::link(
                c.title.clone(),
                format!("/training/courses/{}", c.id),
                "course-link",
            ),
            Cell::text(label(t, "tier", &c.tier)),
            Cell::text(unit_name(&units, &c.unit_code)),
            Cell::text(span(&c.first_session, &c.last_session)),
            Cell::text(places(c)).badge(
                c.waiting > 0,
                t.t_with("course-waiting-count", "count", c.waiting),
                "warning",
            ),
            Cell::text(t.t(stage_key(c.stage))),
        ]);
    }
    let pager = Pager::of(t, &q, "/training", paging, total);
    render(&CoursesPage {
        shell: shell(lang, &caller, "training-title"),
        list: List::new(t, filters, table, pager, "employment-total", total)
            .total_id("courses-total"),
        runs: caller.role().runs_training(),
    })
}

// ---- a new course ----

#[derive(Template)]
#[template(path = "course_form.html")]
struct CourseFormPage {
    shell: Shell,
    form: Form,
    tiers: Vec<(String, String)>,
    tags: Vec<(String, String)>,
    departments: Vec<(String, String)>,
    units: Vec<(String, String)>,
}

const COURSE_FIELDS: &[&str] = &[
    "title",
    "tier",
    "unit_code",
    "capacity",
    "target_tags",
    "completion_share",
    "organizer",
    "partner_departments",
    "partners",
    "description",
];

async fn course_form(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_runner(caller)?;
    let t = Tr(lang);
    let departments = jinguo_app::units::departments(&state.app)
        .await?
        .into_iter()
        .map(|d| {
            let name = if lang == Lang::En {
                d.name_en
            } else {
                d.name_zh
            };
            (d.code, name)
        })
        .collect();
    render(&CourseFormPage {
        shell: shell(lang, caller, "course-new"),
        tiers: options(t, "tier", Tier::ALL, Tier::as_str),
        tags: jinguo_domain::people::TAGS
            .iter()
            .filter(|(code, _)| !code.ends_with("_child"))
            .map(|(code, _)| ((*code).to_owned(), label(t, "tag", code)))
            .collect(),
        departments,
        units: unit_choices(state, caller, t).await?,
        form,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let form = Form::new(Pairs::from_pairs(vec![
        ("completion_share", "80".to_owned()),
        ("fee_free", "on".to_owned()),
        ("unit_code", caller.unit().as_str().to_owned()),
    ]));
    course_form(&state, &caller, Lang::from_headers(&headers), form).await
}

pub async fn create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let input = CourseInput {
        title: form.get("title").into(),
        tier: form.get("tier").into(),
        unit_code: form.get("unit_code").into(),
        capacity: number(&form, "capacity"),
        waiting_list: Some(form.flag("waiting_list")),
        target_tags: form.all("target_tags"),
        // The form asks for a percentage.
        completion_share: number(&form, "completion_share").map(|p| p as f64 / 100.0),
        organizer: form.opt("organizer"),
        partner_departments: form.all("partner_departments"),
        partners: form.opt("partners"),
        fee_free: Some(form.flag("fee_free")),
        description: form.opt("description"),
    };
    match training::create_course(&state.app, &caller, input).await {
        Ok(c) => Ok(flash::redirect(
            &format!("/training/courses/{}", c.id),
            Done::Created,
        )),
        Err(e @ AppError::Invalid { .. }) => {
            let form = Form::refused(form, lang, &e, COURSE_FIELDS);
            Ok(refused(course_form(&state, &caller, lang, form).await?))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- a course's page ----

#[derive(Template)]
#[template(path = "course.html")]
struct CoursePage {
    shell: Shell,
    course: Course,
    tier: String,
    unit: String,
    targets: String,
    partners: String,
    sessions: Vec<Session>,
    enrollments: Vec<Enrollment>,
    report: CourseReport,
    units: HashMap<String, String>,
    runs: bool,
    today: String,
    form: Form,
    /// Which form was refused: `session`, `enroll`, `withdraw-{id}`, `finish`.
    form_for: String,
}

impl CoursePage {
    fn stage(&self) -> String {
        self.shell.t.t(stage_key(self.course.stage))
    }

    fn open(&self) -> bool {
        self.course.stage != CourseStage::Finished
    }

    fn holds(&self) -> bool {
        self.runs && self.course.held_here
    }

    /// The page offers to finish the course once its last session's day has come.
    fn finishable(&self) -> bool {
        self.course
            .last_session
            .as_ref()
            .is_some_and(|last| *last <= self.today)
    }

    fn unit(&self, code: &str) -> String {
        unit_name(&self.units, code)
    }

    fn status(&self, e: &Enrollment) -> String {
        label(self.shell.t, "enrollment-status", &e.status)
    }

    fn percent(&self, rate: &f64) -> String {
        percent(*rate)
    }

    fn refused_for(&self, which: &str) -> bool {
        self.form_for == which && !self.form.message.is_empty()
    }

    fn share(&self) -> String {
        percent(self.course.completion_share)
    }

    fn places(&self) -> String {
        places(&self.course)
    }

    fn dates(&self) -> String {
        span(&self.course.first_session, &self.course.last_session)
    }
}

impl RecordPage for CoursePage {
    fn back(id: i64) -> String {
        format!("/training/courses/{id}")
    }

    async fn build(
        state: &AppState,
        caller: &Caller,
        lang: Lang,
        id: i64,
        form: Form,
        form_for: &str,
    ) -> Result<Html<String>, PageError> {
        require_reader(caller)?;
        let t = Tr(lang);
        let course = training::get_course(&state.app, caller, id).await?;
        let runs = caller.role().runs_training();
        let enrollments = if runs {
            training::enrollments(&state.app, caller, id).await?
        } else {
            Vec::new()
        };
        let departments = super::cases::department_names(state, lang).await?;
        let mut partners: Vec<String> = course
            .partner_departments
            .iter()
            .map(|code| departments.get(code).unwrap_or(code).clone())
            .collect();
        partners.extend(course.partners.clone());
        let units = unit_map(state, caller).await?;
        let mut shell = shell(lang, caller, "training-title");
        shell.title = course.title.clone();
        render(&CoursePage {
            tier: label(t, "tier", &course.tier),
            unit: unit_name(&units, &course.unit_code),
            targets: course
                .target_tags
                .iter()
                .map(|c| label(t, "tag", c))
                .collect::<Vec<_>>()
                .join(&t.sep()),
            partners: partners.join(&t.sep()),
            sessions: training::sessions(&state.app, caller, id).await?,
            report: training::course_report(&state.app, caller, id).await?,
            enrollments,
            units,
            runs,
            today: jinguo_app::people::today(&state.app).to_string(),
            course,
            form,
            form_for: form_for.to_owned(),
            shell,
        })
    }
}

pub async fn view(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    CoursePage::build(&state, &caller, lang, id, Form::empty(), "").await
}

pub async fn add_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let input = SessionInput {
        date: form.get("date").into(),
        starts_at: form.opt("starts_at"),
        ends_at: form.opt("ends_at"),
        place: form.opt("place"),
        online_url: form.opt("online_url"),
        teacher: form.opt("teacher"),
        topic: form.opt("topic"),
    };
    let result = training::add_session(&state.app, &caller, id, input).await;
    answer_on_page::<CoursePage>(&state, &caller, lang, id, form, "session", result).await
}

pub async fn enroll(
    State(state): State<AppState>,
    Path(id): Path<String>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let result = match form.get("person_id").trim().parse::<i64>() {
        Ok(person_id) => {
            let input = EnrollmentInput {
                person_id,
                reason: form.opt("reason"),
            };
            training::enroll(&state.app, &caller, id, input).await
        }
        Err(_) => Err(AppError::invalid("person_id", "required")),
    };
    answer_on_page::<CoursePage>(&state, &caller, lang, id, form, "enroll", result).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    Path((id, enrollment)): Path<(String, String)>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let (id, enrollment) = (parse_id(&id)?, parse_id(&enrollment)?);
    let result = training::withdraw(&state.app, &caller, enrollment).await;
    answer_on_page::<CoursePage>(&state, &caller, lang, id, form, "withdraw", result).await
}

pub async fn finish(
    State(state): State<AppState>,
    Path(id): Path<String>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let result = training::finish(&state.app, &caller, id).await;
    answer_on_page::<CoursePage>(&state, &caller, lang, id, form, "finish", result).await
}

// ---- a session's page ----

#[derive(Template)]
#[template(path = "course_session.html")]
struct SessionPage {
    shell: Shell,
    roll: SessionRoll,
    units: HashMap<String, String>,
    /// The public check-in's address and its QR code, when the session has its event.
    checkin: Option<(String, String)>,
    today: String,
    form: Form,
}

impl SessionPage {
    fn unit(&self, code: &str) -> String {
        unit_name(&self.units, code)
    }

    fn via(&self, via: &Option<String>) -> String {
        via.as_deref()
            .map(|v| label(self.shell.t, "attendance-via", v))
            .unwrap_or_default()
    }

    /// Attendance can be taken: the day has come and the course is open.
    fn open(&self) -> bool {
        self.roll.course.stage != CourseStage::Finished && self.roll.session.date <= self.today
    }

    fn present(&self) -> usize {
        self.roll.lines.iter().filter(|l| l.present).count()
    }
}

async fn session_page(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    id: i64,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_runner(caller)?;
    let lang = Lang::from_headers(headers);
    let roll = training::roll(&state.app, caller, id).await?;
    let today = jinguo_app::people::today(&state.app).to_string();
    // The QR code while its check-in can still be used: the day has not passed, the course is
    // open.
    let usable = roll.course.held_here
        && roll.session.date >= today
        && roll.course.stage != CourseStage::Finished;
    let checkin = match roll.session.event_id {
        Some(event) if usable => {
            let key = jinguo_app::employment::events::get(&state.app, caller, event)
                .await?
                .event
                .checkin_key;
            let url = public_url(state, headers, &format!("/checkin/{key}")).await?;
            Some((qr_svg(&url), url))
        }
        _ => None,
    };
    let mut shell = shell(lang, caller, "training-title");
    shell.title = format!("{} · {}", roll.course.title, roll.session.date);
    render(&SessionPage {
        units: unit_map(state, caller).await?,
        today,
        checkin,
        roll,
        form,
        shell,
    })
}

pub async fn session(
    State(state): State<AppState>,
    RecordRequest { caller, id, .. }: RecordRequest,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    session_page(&state, &caller, &headers, id, Form::empty()).await
}

/// The desk's tick list: the ticked enrollments are present, the others of the roll not.
pub async fn take_roll(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let present: Vec<i64> = form
        .all("present")
        .iter()
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    let result = training::take_roll(&state.app, &caller, id, &present).await;
    settled(
        Done::Saved,
        result,
        |_| format!("/training/sessions/{id}"),
        |e| async move {
            let form = Form::refused(form, lang, &e, &[]);
            session_page(&state, &caller, &headers, id, form).await
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "sign_in_sheet.html")]
struct SignInPage {
    shell: Shell,
    roll: SessionRoll,
    units: HashMap<String, String>,
    /// Empty lines under the roll, for those who come without being on it.
    spare: Vec<usize>,
}

impl SignInPage {
    fn unit(&self, code: &str) -> String {
        unit_name(&self.units, code)
    }
}

/// The printable sign-in sheet (签到表): the roll by name with a blank column to sign.
pub async fn sign_in(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    require_runner(&caller)?;
    let roll = training::roll(&state.app, &caller, id).await?;
    let mut shell = shell(lang, &caller, "sign-in-title");
    shell.title = format!("{} {}", roll.course.title, shell.title);
    let first_spare = roll.lines.len() + 1;
    render(&SignInPage {
        units: unit_map(&state, &caller).await?,
        spare: (first_spare..first_spare + 5).collect(),
        roll,
        shell,
    })
}

pub async fn sign_in_xlsx(
    State(state): State<AppState>,
    RecordRequest { caller, id, .. }: RecordRequest,
) -> Result<Response, PageError> {
    let units = unit_map(&state, &caller).await?;
    let (name, bytes) = training::sign_in_xlsx(&state.app, &caller, id, &units).await?;
    Ok(download(&name, XLSX, bytes))
}

// ---- certificates ----

fn words(lang: Lang, c: &Certificate, verify_url: &str) -> CertificateWords {
    let t = Tr(lang);
    let from = c.first_session.clone().unwrap_or_default();
    let to = c.last_session.clone().unwrap_or_default();
    CertificateWords {
        title: t.t("certificate-title"),
        body: message(
            lang,
            "certificate-body",
            &[
                ("name", c.name.clone()),
                ("from", from),
                ("to", to),
                ("course", c.course_title.clone()),
                ("tier", label(t, "tier", &c.tier)),
                ("sessions", c.sessions.to_string()),
            ],
        ),
        number: t.t_with("certificate-number", "number", &c.number),
        verify: t.t_with("certificate-verify", "url", verify_url),
    }
}

#[derive(Template)]
#[template(path = "certificate.html")]
struct CertificatePage {
    shell: Shell,
    c: Certificate,
    words: CertificateWords,
    qr: String,
}

pub async fn certificate(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let c = training::certificate(&state.app, &caller, id).await?;
    let url = public_url(&state, &headers, &training::verification_path(&c.number)).await?;
    let mut shell = shell(lang, &caller, "certificate-title");
    shell.title = format!("{} · {}", shell.title, c.name);
    render(&CertificatePage {
        words: words(lang, &c, &url),
        qr: qr_svg(&url),
        c,
        shell,
    })
}

/// The certificate's .docx file and its name (the API and the page share it).
pub(crate) async fn certificate_file(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    enrollment_id: i64,
) -> Result<(String, Vec<u8>), WebError> {
    let lang = Lang::from_headers(headers);
    // The verification page's address: this server's public base, and the number's path.
    let base = public_url(state, headers, "").await.map_err(|e| e.0)?;
    let (c, bytes) = training::certificate_docx(&state.app, caller, enrollment_id, |c| {
        let url = format!("{base}{}", training::verification_path(&c.number));
        words(lang, c, &url)
    })
    .await?;
    Ok((format!("结业证书-{}-{}.docx", c.name, c.number), bytes))
}

pub async fn certificate_docx(
    State(state): State<AppState>,
    RecordRequest { caller, id, .. }: RecordRequest,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (name, bytes) = certificate_file(&state, &caller, &headers, id)
        .await
        .map_err(PageError)?;
    Ok(download(&name, DOCX, bytes))
}

#[derive(Template)]
#[template(path = "public_certificate.html")]
struct PublicCertificatePage {
    shell: Shell,
    c: PublicCertificate,
}

/// The public verification of a certificate by its number: the course, the day and the name
/// masked, nothing else.
pub async fn verify(
    State(state): State<AppState>,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let c = training::verify_certificate(&state.app, &number).await?;
    let deployment = jinguo_app::settings::current(&state.app).await?;
    render(&PublicCertificatePage {
        shell: Shell::public(lang, "certificate-verify-title", &deployment),
        c,
    })
}

// ---- the report and the follow-up calls ----

#[derive(Template)]
#[template(path = "training_report.html")]
struct ReportPage {
    shell: Shell,
    report: TrainingReport,
    years: Vec<i32>,
}

impl ReportPage {
    fn tier(&self, code: &str) -> String {
        label(self.shell.t, "tier", code)
    }

    fn percent(&self, rate: &f64) -> String {
        percent(*rate)
    }
}

pub async fn report(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    require_reader(&caller)?;
    let year = q.get("year").trim().parse::<i32>().ok();
    let report = training::training_report(&state.app, &caller, year).await?;
    let this_year = jinguo_app::people::today(&state.app).year;
    render(&ReportPage {
        shell: shell(lang, &caller, "training-report-title"),
        years: (this_year - 4..=this_year).rev().collect(),
        report,
    })
}

#[derive(Template)]
#[template(path = "training_follow_ups.html")]
struct FollowUpsPage {
    shell: Shell,
    due: Vec<DueFollowUp>,
    units: HashMap<String, String>,
    results: Vec<(String, String)>,
    today: String,
    form: Form,
    /// The enrollment whose form was refused.
    form_for: i64,
}

impl FollowUpsPage {
    fn unit(&self, code: &str) -> String {
        unit_name(&self.units, code)
    }

    fn refused(&self, id: &i64) -> bool {
        self.form_for == *id && !self.form.message.is_empty()
    }
}

async fn follow_ups_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
    form_for: i64,
) -> Result<Html<String>, PageError> {
    require_runner(caller)?;
    let t = Tr(lang);
    render(&FollowUpsPage {
        shell: shell(lang, caller, "training-follow-ups-title"),
        due: training::follow_ups_due(&state.app, caller).await?,
        units: unit_map(state, caller).await?,
        results: options(
            t,
            "follow-up-result",
            FollowUpResult::ALL,
            FollowUpResult::as_str,
        ),
        today: jinguo_app::people::today(&state.app).to_string(),
        form,
        form_for,
    })
}

pub async fn follow_ups(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    follow_ups_page(&state, &caller, lang, Form::empty(), 0).await
}

pub async fn record_follow_up(
    State(state): State<AppState>,
    Path(id): Path<String>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let input = FollowUpInput {
        result: form.get("result").into(),
        called_on: form.opt("called_on"),
        note: form.opt("note"),
    };
    let result = training::record_follow_up(&state.app, &caller, id, input).await;
    settled(
        Done::Saved,
        result,
        |_| "/training/follow-ups".to_owned(),
        |e| async move {
            let form = Form::refused(form, lang, &e, &[]);
            follow_ups_page(&state, &caller, lang, form, id).await
        },
    )
    .await
}

/// The courses of a person for her page: (course id, title, tier label, status label,
/// certificate enrollment id when she completed). Empty for a role without training work.
pub(crate) async fn courses_of_person(
    state: &AppState,
    caller: &Caller,
    t: Tr,
    person_id: i64,
) -> Result<Vec<(i64, String, String, String, Option<i64>)>, PageError> {
    if !caller.role().runs_training() {
        return Ok(Vec::new());
    }
    Ok(training::courses_of_person(&state.app, caller, person_id)
        .await?
        .into_iter()
        .map(|c| {
            let status = if c.completed {
                t.t("enrollment-completed")
            } else {
                label(t, "enrollment-status", &c.status)
            };
            let certificate = c.certificate_number.is_some().then_some(c.enrollment_id);
            (
                c.course_id,
                c.title,
                label(t, "tier", &c.tier),
                status,
                certificate,
            )
        })
        .collect())
}
