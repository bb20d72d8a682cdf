//! Children's work pages beyond the register: parent schools (the list, a school's page with
//! its sessions and attendance, the form), and pairings (the list of pairings going, the most
//! overdue first; pairing, visits and the end are forms of the child's page).

use super::children::{choices_of, ChildPage};
use super::parts::{
    answer_on_page, listed, optional_id, require, unit_choices, unit_map, unit_name, Cell, Filters,
    Form, List, Pager, Pairs, RecordPage, Table,
};
use super::{refused, render, Shell};
use crate::error::PageError;
use crate::extract::ListRequest;
use crate::extract::{PageCaller, PostedForm, RecordForm, RecordRequest};
use crate::i18n::{Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::pairings::{self, EndInput, PairingInput, VisitInput};
use jinguo_app::parent_schools::{
    self, AttendanceInput, SchoolDetail, SchoolInput, SchoolSearch, SessionInput,
};
use jinguo_app::AppError;
use jinguo_domain::children::ATTENDEE_KINDS;
use jinguo_domain::Role;

// ---- parent schools: the list ----

#[derive(Template)]
#[template(path = "parent_schools.html")]
struct SchoolsPage {
    shell: Shell,
    list: List,
}

pub async fn schools(
    State(state): State<AppState>,
    ListRequest {
        caller,
        lang,
        q,
        paging,
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    require(&caller, Role::works_with_children)?;
    let units = unit_map(&state, &caller).await?;
    let t = Tr(lang);
    let search = SchoolSearch {
        q: q.opt("q"),
        unit_code: q.opt("unit_code"),
    };
    let mut table = Table::new(
        t,
        "parent-schools-table",
        &[
            "field-name",
            "parent-school-host",
            "field-head_name",
            "parent-school-sessions",
            "parent-school-last-session",
        ],
        "parent-schools-empty",
    );
    let found =
        parent_schools::list_schools(&state.app, &caller, &search, paging.page, paging.per_page)
            .await;
    let (found, total, error) = listed(lang, found)?;
    for s in &found {
        table.push(vec![
            Cell::link(
                s.name.clone(),
                format!("/parent-schools/{}", s.id),
                "parent-school-link",
            ),
            Cell::text(unit_name(&units, &s.unit_code)),
            Cell::text(s.head_name.clone()),
            Cell::count(s.sessions),
            Cell::text(s.last_session.clone().unwrap_or_default()),
        ]);
    }
    let filters = Filters::new(t, &q, "/parent-schools", "parent-schools-filters")
        .search("parent-schools-q", t.t("people-search-button"))
        .select(
            "unit_code",
            "parent-schools-unit",
            t.t("field-unit_code"),
            unit_choices(&state, &caller, t).await?,
        );
    let pager = Pager::of(t, &q, "/parent-schools", paging, total);
    let list = List {
        error,
        ..List::new(t, filters, table, pager, "employment-total", total)
    };
    render(&SchoolsPage {
        shell: Shell::new(
            lang,
            Some(&caller),
            "parent-schools",
            "parent-schools-title",
        ),
        list,
    })
}

// ---- parent schools: the form ----

#[derive(Template)]
#[template(path = "parent_school_form.html")]
struct SchoolFormPage {
    shell: Shell,
    form: Form,
    units: Vec<(String, String)>,
}

const SCHOOL_FIELDS: &[&str] = &["name", "unit_code", "head_name", "place"];

async fn school_form_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
) -> Result<Html<String>, PageError> {
    require(caller, Role::works_with_children)?;
    let t = Tr(lang);
    render(&SchoolFormPage {
        shell: Shell::new(lang, Some(caller), "parent-schools", "parent-schools-new"),
        units: unit_choices(state, caller, t).await?,
        form,
    })
}

pub async fn new_school(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let form = Form::new(Pairs::from_pairs(vec![(
        "unit_code",
        caller.unit().as_str().to_owned(),
    )]));
    school_form_page(&state, &caller, Lang::from_headers(&headers), form).await
}

pub async fn create_school(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let input = SchoolInput {
        name: form.get("name").into(),
        unit_code: form.get("unit_code").into(),
        head_name: form.get("head_name").into(),
        place: form.opt("place"),
    };
    match parent_schools::create_school(&state.app, &caller, input).await {
        Ok(s) => Ok(flash::redirect(
            &format!("/parent-schools/{}", s.id),
            Done::Created,
        )),
        Err(e @ AppError::Invalid { .. }) => {
            let form = Form::refused(form, lang, &e, SCHOOL_FIELDS);
            Ok(refused(
                school_form_page(&state, &caller, lang, form).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- a parent school's page ----

#[derive(Template)]
#[template(path = "parent_school.html")]
struct SchoolPage {
    shell: Shell,
    detail: SchoolDetail,
    unit: String,
    kinds: Vec<(String, String)>,
    today: String,
    /// A refused form: `session`, or `attend-{session id}`.
    form: Form,
    form_for: String,
}

impl SchoolPage {
    fn kind_label(&self, kind: &str) -> String {
        self.shell.t.t(&format!("attendee-kind-{kind}"))
    }

    fn refused_for(&self, which: &str, id: &i64) -> bool {
        self.form_for == format!("{which}-{id}")
    }

    fn picker_id(&self, session: &i64) -> String {
        format!("person_id-{session}")
    }
}

impl RecordPage for SchoolPage {
    fn back(id: i64) -> String {
        format!("/parent-schools/{id}")
    }

    async fn build(
        state: &AppState,
        caller: &Caller,
        lang: Lang,
        id: i64,
        form: Form,
        form_for: &str,
    ) -> Result<Html<String>, PageError> {
        require(caller, Role::works_with_children)?;
        let t = Tr(lang);
        let detail = parent_schools::get_school(&state.app, caller, id).await?;
        let units = unit_map(state, caller).await?;
        let mut shell = Shell::new(lang, Some(caller), "parent-schools", "parent-schools-title");
        shell.title = detail.school.name.clone();
        render(&SchoolPage {
            unit: unit_name(&units, &detail.school.unit_code),
            kinds: choices_of(t, "attendee-kind", ATTENDEE_KINDS),
            today: jinguo_app::people::today(&state.app).to_string(),
            form,
            form_for: form_for.to_owned(),
            detail,
            shell,
        })
    }
}

pub async fn school(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    SchoolPage::build(&state, &caller, lang, id, Form::empty(), "").await
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
        topic: form.get("topic").into(),
        place: form.opt("place"),
    };
    let result = parent_schools::add_session(&state.app, &caller, id, input).await;
    answer_on_page::<SchoolPage>(&state, &caller, lang, id, form, "session", result).await
}

pub async fn add_attendance(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id: session_id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let school_id: i64 = form.get("school_id").trim().parse().unwrap_or(0);
    let person_id = form.get("person_id").trim();
    let input = AttendanceInput {
        person_id: (!person_id.is_empty()).then(|| person_id.parse().unwrap_or(0)),
        name: form.opt("name"),
        kind: form.opt("kind"),
    };
    let result = parent_schools::add_attendance(&state.app, &caller, session_id, input).await;
    let (state, caller) = (&state, &caller);
    match result {
        Ok(_) => Ok(flash::redirect(
            &format!("/parent-schools/{school_id}#session-{session_id}"),
            Done::Recorded,
        )),
        Err(e @ AppError::Invalid { .. }) if school_id > 0 => {
            let form = Form::refused(form, lang, &e, &[]);
            let which = format!("attend-{session_id}");
            Ok(refused(
                SchoolPage::build(state, caller, lang, school_id, form, &which).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- pairings ----

#[derive(Template)]
#[template(path = "pairings.html")]
struct PairingsPage {
    shell: Shell,
    list: List,
}

pub async fn pairings_list(
    State(state): State<AppState>,
    ListRequest {
        caller,
        lang,
        q,
        paging,
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    require(&caller, Role::works_with_children)?;
    let units = unit_map(&state, &caller).await?;
    let t = Tr(lang);
    let overdue_only = q.flag("overdue");
    let all = pairings::list(&state.app, &caller, overdue_only).await?;
    let total = all.len() as i64;
    let mut table = Table::new(
        t,
        "pairings-table",
        &[
            "pairing-child",
            "field-unit_code",
            "pairing-volunteer",
            "field-visit_every",
            "pairing-last-visit",
            "pairing-next-due",
        ],
        "pairings-empty",
    );
    let start = (paging.page.saturating_sub(1) * paging.per_page) as usize;
    for p in all.iter().skip(start).take(paging.per_page as usize) {
        table.push(vec![
            Cell::link(
                p.child_name.clone(),
                format!("/children/{}#pairing-{}", p.child_id, p.id),
                "pairing-link",
            ),
            Cell::text(unit_name(&units, &p.unit_code)),
            Cell::text(p.volunteer.name.clone()),
            Cell::text(t.t(&format!("pairing-every-{}", p.visit_every))),
            Cell::text(p.last_visit.clone().unwrap_or_default()),
            Cell::text(p.next_due.clone().unwrap_or_default()).badge(
                p.overdue_days > 0,
                t.t("pairing-overdue"),
                "overdue",
            ),
        ]);
    }
    let filters = Filters::new(t, &q, "/pairings", "pairings-filters").check(
        "overdue",
        "pairings-overdue",
        t.t("pairing-overdue-only"),
    );
    let pager = Pager::of(t, &q, "/pairings", paging, total);
    render(&PairingsPage {
        shell: Shell::new(lang, Some(&caller), "pairings", "pairings-title"),
        list: List::new(t, filters, table, pager, "employment-total", total),
    })
}

pub async fn create_pairing(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id: child_id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = PairingInput {
        volunteer_person_id: optional_id(&form, "volunteer_person_id"),
        volunteer_user_id: optional_id(&form, "volunteer_user_id"),
        starts_on: form.opt("starts_on"),
        visit_every: form.get("visit_every").into(),
    };
    let result = pairings::create(&state.app, &caller, child_id, input).await;
    answer_on_page::<ChildPage>(&state, &caller, lang, child_id, form, "pair", result).await
}

pub async fn add_visit(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let pairing = pairings::get(&state.app, &caller, id).await?;
    let input = VisitInput {
        date: form.get("date").into(),
        how: form.get("how").into(),
        note: form.opt("note"),
    };
    let result = pairings::log_visit(&state.app, &caller, id, input).await;
    let which = format!("visit-{id}");
    answer_on_page::<ChildPage>(
        &state,
        &caller,
        lang,
        pairing.child_id,
        form,
        &which,
        result,
    )
    .await
}

pub async fn end_pairing(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let pairing = pairings::get(&state.app, &caller, id).await?;
    let input = EndInput {
        reason: form.get("reason").into(),
        ended_on: form.opt("ended_on"),
    };
    let result = pairings::end(&state.app, &caller, id, input).await;
    let which = format!("end-{id}");
    answer_on_page::<ChildPage>(
        &state,
        &caller,
        lang,
        pairing.child_id,
        form,
        &which,
        result,
    )
    .await
}
