//! One person's part of a cycle: her frozen roll entry, her mark and delivery, and for the roles
//! the program names her screening result and the follow-up an abnormal one opened.

use super::*;

#[derive(Template)]
#[template(path = "roll_entry.html")]
struct EntryPage {
    shell: Shell,
    cycle: Cycle,
    program: Program,
    detail: EntryDetail,
    unit: String,
    tags: String,
    status: String,
    delivered: bool,
    delivered_at: String,
    can: Abilities,
    screening: bool,
    marks: Vec<(String, String)>,
    cervical: Vec<(String, String)>,
    hpv: Vec<(String, String)>,
    birads: Vec<String>,
    result_lines: Vec<(String, String)>,
    recorded_at: String,
    back: String,
    /// Today, to tell an overdue follow-up.
    today: String,
    form: Form,
    /// The refused form: `mark-{person}`, `deliver-{person}`, `result` or `follow-up`.
    form_for: String,
}

impl EntryPage {
    /// The form `which` (`mark`, `deliver`, `result`) of this page was refused.
    fn refused_for(&self, which: &str) -> bool {
        let person = self.detail.line.entry.person_id;
        let named = match which {
            "mark" | "deliver" => format!("{which}-{person}"),
            other => other.to_owned(),
        };
        self.form_for == named && !self.form.message.is_empty()
    }
}

/// A screening result as lines of the entry page: (what, finding).
fn result_lines(t: Tr, r: &ResultInput) -> Vec<(String, String)> {
    let mut lines = Vec::new();
    if let Some(c) = &r.cervical {
        lines.push((t.t("field-cervical"), label(t, "cervical", c)));
    }
    if let Some(h) = &r.hpv {
        lines.push((t.t("field-hpv"), label(t, "hpv", h)));
    }
    if let Some(b) = r.breast_birads {
        lines.push((t.t("field-breast_birads"), b.to_string()));
    }
    if let Some(x) = &r.referral {
        lines.push((t.t("field-referral"), x.clone()));
    }
    if let Some(x) = &r.diagnosis {
        lines.push((t.t("field-diagnosis"), x.clone()));
    }
    if let Some(x) = &r.follow_up_on {
        lines.push((t.t("field-follow_up_on"), x.clone()));
    }
    lines
}

pub(super) async fn entry_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    cycle_id: i64,
    person_id: i64,
    form: Form,
    form_for: &str,
) -> Result<Html<String>, PageError> {
    require_reader(caller)?;
    let t = Tr(lang);
    let detail = programs::entry(&state.app, caller, cycle_id, person_id).await?;
    let (cycle, program) = programs::cycle_and_program(&state.app, caller, cycle_id).await?;
    let can = programs::abilities(caller, &program);
    let units = unit_map(state, caller).await?;
    let e = &detail.line.entry;
    let mut shell = shell(lang, caller, "programs-title");
    shell.title = format!("{} · {}", detail.line.name, cycle.title);
    render(&EntryPage {
        unit: units
            .get(&e.unit_code)
            .cloned()
            .unwrap_or(e.unit_code.clone()),
        tags: t.list(
            &e.tags
                .iter()
                .map(|tag| t.t(&format!("tag-{tag}")))
                .collect::<Vec<_>>(),
        ),
        status: status_label(t, e.status),
        delivered: e.status == RollStatus::Delivered,
        delivered_at: detail.delivered_at.map(format_time).unwrap_or_default(),
        screening: program.kind == ProgramKind::Screening,
        marks: mark_choices(t),
        cervical: options(t, "cervical", Cervical::ALL, Cervical::as_str),
        hpv: options(t, "hpv", Hpv::ALL, Hpv::as_str),
        birads: (0..=BIRADS_MAX).map(|c| c.to_string()).collect(),
        result_lines: detail
            .result
            .as_ref()
            .map(|r| result_lines(t, &r.result))
            .unwrap_or_default(),
        recorded_at: detail
            .result
            .as_ref()
            .map(|r| format_time(r.created_at))
            .unwrap_or_default(),
        back: format!("/cycles/{cycle_id}/roll/{person_id}"),
        today: jinguo_app::people::today(&state.app).to_string(),
        form,
        form_for: form_for.to_owned(),
        can,
        detail,
        shell,
        cycle,
        program,
    })
}

pub async fn entry_view(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path((id, person)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let (id, person) = (parse_id(&id)?, parse_id(&person)?);
    entry_page(&state, &caller, lang, id, person, Form::empty(), "").await
}

pub async fn record_result(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, person)): Path<(String, String)>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let form = form_of(&caller, &body)?;
    let (id, person) = (parse_id(&id)?, parse_id(&person)?);
    let birads = form.get("breast_birads").trim();
    let input = ResultInput {
        person_id: person,
        cervical: form.opt("cervical"),
        hpv: form.opt("hpv"),
        // Not a class: out of range, refused beside the field.
        breast_birads: (!birads.is_empty()).then(|| birads.parse().unwrap_or(u8::MAX)),
        referral: form.opt("referral"),
        diagnosis: form.opt("diagnosis"),
        follow_up_on: form.opt("follow_up_on"),
    };
    let result = programs::record_result(&state.app, &caller.0, id, input).await;
    let lang = Lang::from_headers(&headers);
    answer(
        &state,
        &caller.0,
        lang,
        id,
        form,
        "result",
        result,
        Done::Recorded,
    )
    .await
}
