//! The courses: the list, a new course, and a course's page (its sessions, enrolling from the
//! registry with the person picker, withdrawing, finishing, its figures); and the courses of a
//! person for her page.

use super::{percent, places, require_reader, require_runner, shell, span, stage_key};
use crate::error::PageError;
use crate::extract::{parse_id, ListRequest, PageCaller, PostedForm, RecordForm, RecordRequest};
use crate::i18n::{Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::pages::parts::{
    answer_on_page, label, number, options, unit_choices, unit_map, unit_name, Cell, Filters, Form,
    List, Pager, Pairs, RecordPage, Table,
};
use crate::pages::{refused, render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::training::{
    self, Course, CourseInput, CourseQuery, CourseReport, CourseStage, Enrollment, EnrollmentInput,
    Session, SessionInput,
};
use jinguo_app::AppError;
use jinguo_domain::training::Tier;
use std::collections::HashMap;

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
        let departments = crate::pages::cases::department_names(state, lang).await?;
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
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
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
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
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
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let result = training::finish(&state.app, &caller, id).await;
    answer_on_page::<CoursePage>(&state, &caller, lang, id, form, "finish", result).await
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
