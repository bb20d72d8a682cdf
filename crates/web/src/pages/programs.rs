//! Care programs (关爱帮扶) pages: the programs (`/programs`, a declared list), a new program
//! whose eligibility rule is shown in words beside the form before it is saved (a preview the
//! form asks for as it changes, or the preview button without a script), a program's page with
//! its cycles and the form of a new cycle (a service, cash typed in yuan and kept in whole fen,
//! or goods), a cycle's page (its roll per community with filters, marks and deliveries, the
//! coverage table, the prints and the signed sheet's import) and one person's part of a cycle
//! (her marks, her delivery, her screening result for the roles the program names).
//!
//! Leaders and viewers open programs and cycles for their coverage figures only; the rolls are
//! for the staff who run programs (`jinguo_app::programs`).

mod entry;
mod follow_ups;
mod marks;
mod prints;

use super::parts::{
    label, number, options, settled_form, unit_choices, unit_map, Cell, Filters, Form, List, Pager,
    Paging, Pairs, Table,
};
use super::{format_time, refused, render, Shell};
use crate::api::programs::rule_text_named;
use crate::error::PageError;
use crate::extract::ListRequest;
use crate::extract::{parse_id, PageCaller, PostedForm, RecordForm, RecordRequest};
use crate::i18n::{error_message, Lang, Tr};
use crate::pages::flash::Done;
use crate::pages::parts::answer_on_record;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use entry::entry_page;
pub use entry::{entry_view, record_result};
pub use follow_ups::{close as close_follow_up, follow_ups};
use jinguo_app::auth::Caller;
use jinguo_app::programs::{
    self, Abilities, Benefit, Cycle, CycleInput, DeliveryInput, EntryDetail, Program, ProgramInput,
    ResultInput, RollLine, RollMark, RollQuery,
};
use jinguo_app::AppError;
use jinguo_domain::people::TAGS;
use jinguo_domain::programs::{
    fen_of_yuan, yuan_of_fen, BenefitKind, Cervical, HouseholdFact, HouseholdFactKind, Hpv,
    ProgramKind, RollStatus, Rule, BIRADS_MAX,
};
use jinguo_domain::Role;
pub use marks::{confirm as confirm_marks, upload as upload_marks};
pub(crate) use prints::signoff_bytes;
pub use prints::{notice_list, signoff_sheet, signoff_xlsx};
use serde_json::json;
use std::collections::HashMap;

/// The roles reaching programs (403 for the rest, whatever the id).
fn require_reader(caller: &Caller) -> Result<(), PageError> {
    super::parts::require(caller, Role::reads_program_figures)
}

fn shell(lang: Lang, caller: &Caller, title_key: &str) -> Shell {
    Shell::new(lang, Some(caller), "programs", title_key)
}

/// A rule in words, its unit named as the caller's tree names it.
pub(crate) fn rule_words(lang: Lang, rule: &Rule, units: &HashMap<String, String>) -> String {
    rule_text_named(lang, rule, &|code| {
        units.get(code).cloned().unwrap_or_else(|| code.to_owned())
    })
}

/// What a cycle gives, in words: 服务, 现金 500.00 元/人, 大米 ×1、食用油 ×1.
pub(crate) fn benefit_words(t: Tr, b: &Benefit) -> String {
    match b.kind {
        BenefitKind::Service => t.t("benefit-service"),
        BenefitKind::Cash => t.t_with(
            "benefit-cash-each",
            "amount",
            yuan_of_fen(b.amount_fen.unwrap_or(0)),
        ),
        BenefitKind::Goods => {
            let items: Vec<String> = b
                .items
                .as_ref()
                .and_then(|v| v.as_array())
                .map(|items| {
                    items
                        .iter()
                        .map(|i| {
                            format!(
                                "{} ×{}",
                                i["name"].as_str().unwrap_or_default(),
                                i["quantity"].as_i64().unwrap_or(0)
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            t.list(&items)
        }
    }
}

fn status_label(t: Tr, status: RollStatus) -> String {
    label(t, "roll-status", status.as_str())
}

// ---- the programs ----

#[derive(Template)]
#[template(path = "programs.html")]
struct ProgramsPage {
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
    let units = unit_map(&state, &caller).await?;
    let mut table = Table::new(
        t,
        "programs-table",
        &[
            "programs-name",
            "programs-kind",
            "programs-unit",
            "programs-rule",
            "programs-created",
        ],
        "programs-empty",
    );
    let (mut total, mut error) = (0, None);
    let kind = q.opt("kind");
    match programs::list(
        &state.app,
        &caller,
        kind.as_deref(),
        paging.page,
        paging.per_page,
    )
    .await
    {
        Ok((found, count)) => {
            for p in &found {
                table.push_marked(
                    vec![
                        Cell::link(
                            p.name.clone(),
                            format!("/programs/{}", p.id),
                            "program-link",
                        ),
                        Cell::text(label(t, "program-kind", p.kind.as_str())),
                        Cell::text(
                            units
                                .get(&p.unit_code)
                                .cloned()
                                .unwrap_or(p.unit_code.clone()),
                        ),
                        Cell::text(rule_words(lang, &p.rule, &units)),
                        Cell::text(
                            format_time(p.created_at)
                                .chars()
                                .take(10)
                                .collect::<String>(),
                        ),
                    ],
                    vec![("program-id", p.id.to_string())],
                );
            }
            total = count;
        }
        Err(e @ AppError::Invalid { .. }) => error = Some(error_message(lang, &e)),
        Err(e) => return Err(e.into()),
    }
    let filters = Filters::new(t, &q, "/programs", "programs-filters").select(
        "kind",
        "programs-kind-filter",
        t.t("programs-kind"),
        options(t, "program-kind", ProgramKind::ALL, ProgramKind::as_str),
    );
    let pager = Pager::of(t, &q, "/programs", paging, total);
    let list = List {
        error,
        ..List::new(t, filters, table, pager, "programs-total", total)
    };
    render(&ProgramsPage {
        shell: shell(lang, &caller, "programs-title"),
        list,
        runs: caller.role().runs_programs(),
    })
}

// ---- a new program ----

#[derive(Template)]
#[template(path = "program_form.html")]
struct ProgramFormPage {
    shell: Shell,
    form: Form,
    kinds: Vec<(String, String)>,
    units: Vec<(String, String)>,
    tags: Vec<(String, String)>,
    readers: Vec<(String, String)>,
    /// The rule in words, when the form's rule is valid.
    words: String,
    /// How many people it matches today, after a preview.
    eligible: Option<String>,
}

impl ProgramFormPage {
    /// The checkbox `name` with `value` is ticked (the readers default to the federation).
    fn ticked(&self, name: &str, value: &str) -> bool {
        self.form.has(name, value)
    }
}

const PROGRAM_FIELDS: &[&str] = &[
    "name",
    "kind",
    "unit_code",
    "partners",
    "description",
    "result_readers",
    "rule.sex",
    "rule.age_min",
    "rule.age_max",
    "rule.tags_all",
    "rule.tags_any",
    "rule.tags_none",
    "rule.unit_code",
    "rule.household",
];

fn tag_choices(t: Tr) -> Vec<(String, String)> {
    TAGS.iter()
        .map(|(code, _)| (code.to_string(), t.t(&format!("tag-{code}"))))
        .collect()
}

fn reader_choices(t: Tr) -> Vec<(String, String)> {
    [Role::Federation, Role::Street, Role::Community]
        .iter()
        .map(|r| (r.as_str().to_owned(), super::role_label(t, r.as_str())))
        .collect()
}

/// An age of the rule's form: blank is none; anything but a whole number up to the maximum is
/// refused naming the condition.
fn rule_age(form: &Pairs, name: &str, field: &'static str) -> Result<Option<u32>, AppError> {
    match number(form, name) {
        None => Ok(None),
        Some(n) => u32::try_from(n)
            .map(Some)
            .map_err(|_| AppError::invalid(field, "age_invalid")),
    }
}

/// The rule of the form's `rule_*` fields.
fn rule_of(form: &Pairs) -> Result<Rule, AppError> {
    let mut household = Vec::new();
    if form.flag("rule_single_parent") {
        household.push(HouseholdFact {
            fact: HouseholdFactKind::SingleParent.as_str().into(),
            age: None,
        });
    }
    if form.flag("rule_child") {
        household.push(HouseholdFact {
            fact: HouseholdFactKind::ChildUnder.as_str().into(),
            // Not a number: 0, refused as an age out of range beside the condition.
            age: number(form, "rule_child_under").map(|n| u32::try_from(n).unwrap_or(0)),
        });
    }
    if form.flag("rule_lives_alone") {
        household.push(HouseholdFact {
            fact: HouseholdFactKind::LivesAlone.as_str().into(),
            age: None,
        });
    }
    Ok(Rule {
        sex: form.opt("rule_sex"),
        age_min: rule_age(form, "rule_age_min", "rule.age_min")?,
        age_max: rule_age(form, "rule_age_max", "rule.age_max")?,
        tags_all: form.all("rule_tags_all"),
        tags_any: form.all("rule_tags_any"),
        tags_none: form.all("rule_tags_none"),
        unit_code: form.opt("rule_unit_code"),
        household,
    })
}

fn program_input(form: &Pairs) -> Result<ProgramInput, AppError> {
    Ok(ProgramInput {
        name: form.get("name").into(),
        kind: form.get("kind").into(),
        unit_code: form.get("unit_code").into(),
        partners: form.opt("partners"),
        description: form.opt("description"),
        rule: rule_of(form)?,
        result_readers: Some(form.all("result_readers")),
    })
}

async fn program_form(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
    eligible: Option<i64>,
) -> Result<Html<String>, PageError> {
    if !caller.role().runs_programs() {
        return Err(AppError::Forbidden.into());
    }
    let t = Tr(lang);
    let units = unit_map(state, caller).await?;
    // The words of the rule as typed, whenever it holds together (a refused name or unit
    // leaves them standing).
    let words = rule_of(&form.pairs)
        .ok()
        .and_then(|r| r.checked().ok())
        .map(|r| rule_words(lang, &r, &units))
        .unwrap_or_default();
    render(&ProgramFormPage {
        shell: shell(lang, caller, "programs-new"),
        kinds: options(t, "program-kind", ProgramKind::ALL, ProgramKind::as_str),
        units: unit_choices(state, caller, t).await?,
        tags: tag_choices(t),
        readers: reader_choices(t),
        eligible: eligible.map(|n| t.count("programs-eligible-now", n)),
        words,
        form,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let pairs = Pairs::from_pairs(vec![
        ("unit_code", caller.unit().as_str().to_owned()),
        ("kind", ProgramKind::Relief.as_str().to_owned()),
        ("result_readers", Role::Federation.as_str().to_owned()),
        ("rule_child_under", "14".to_owned()),
    ]);
    let lang = Lang::from_headers(&headers);
    program_form(&state, &caller, lang, Form::new(pairs), None).await
}

pub async fn create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let result = match program_input(&form) {
        Ok(input) => programs::create(&state.app, &caller, input).await,
        Err(e) => Err(e),
    };
    let next = |p: Program| format!("/programs/{}", p.id);
    settled_form(
        Done::Created,
        result,
        next,
        (lang, form, PROGRAM_FIELDS),
        |form| program_form(&state, &caller, lang, form, None),
    )
    .await
}

/// The rule of the form before it is saved: the form again with the rule in words and how many
/// people it matches today; asked with `Accept: application/json` (the form's script, as the
/// form changes), the words and the count alone, or the refusal naming its condition.
pub async fn preview(
    State(state): State<AppState>,
    headers: HeaderMap,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let result = match program_input(&form) {
        Ok(input) => programs::preview(&state.app, &caller, &input).await,
        Err(e) => Err(e),
    };
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    if wants_json {
        let units = unit_map(&state, &caller).await?;
        let t = Tr(lang);
        return Ok(match result {
            Ok(p) => Json(json!({
                "words": rule_words(lang, &p.rule, &units),
                "eligible": t.count("programs-eligible-now", p.eligible),
            }))
            .into_response(),
            Err(e @ AppError::Invalid { .. }) => {
                // The words of what holds together, beside the reason of what does not.
                let words = rule_of(&form)
                    .ok()
                    .and_then(|r| r.checked().ok())
                    .map(|r| rule_words(lang, &r, &units))
                    .unwrap_or_default();
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Json(json!({
                        "words": words,
                        "error": error_message(lang, &e),
                        "field": e.field(),
                    })),
                )
                    .into_response()
            }
            Err(e) => return Err(e.into()),
        });
    }
    match result {
        Ok(p) => Ok(
            program_form(&state, &caller, lang, Form::new(form), Some(p.eligible))
                .await?
                .into_response(),
        ),
        Err(e @ AppError::Invalid { .. }) => {
            let form = Form::refused(form, lang, &e, PROGRAM_FIELDS);
            Ok(refused(
                program_form(&state, &caller, lang, form, None).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- a program's page ----

/// A cycle as the program's page lists it.
pub(crate) struct CycleLine {
    pub id: i64,
    pub title: String,
    pub period: String,
    pub benefit: String,
    pub roll_size: String,
}

#[derive(Template)]
#[template(path = "program.html")]
struct ProgramPage {
    shell: Shell,
    program: Program,
    kind: String,
    unit: String,
    words: String,
    readers: String,
    cycles: Vec<CycleLine>,
    can: Abilities,
    /// People the rule matches today in the caller's subtree (for those who work it).
    eligible: Option<String>,
    benefits: Vec<(String, String)>,
    form: Form,
}

const CYCLE_FIELDS: &[&str] = &[
    "title",
    "starts_on",
    "ends_on",
    "reference_date",
    "benefit.kind",
    "benefit.amount_yuan",
    "benefit.amount_fen",
    "benefit.items",
];

async fn program_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: i64,
    form: Form,
) -> Result<Html<String>, PageError> {
    require_reader(caller)?;
    let t = Tr(lang);
    let program = programs::get(&state.app, caller, id).await?;
    let units = unit_map(state, caller).await?;
    let can = programs::abilities(caller, &program);
    let cycles = programs::cycles(&state.app, caller, id)
        .await?
        .iter()
        .map(|c| CycleLine {
            id: c.id,
            title: c.title.clone(),
            period: format!("{} – {}", c.starts_on, c.ends_on),
            benefit: benefit_words(t, &c.benefit),
            roll_size: t.num(c.roll_size),
        })
        .collect();
    let eligible = if can.works {
        Some(t.count(
            "programs-eligible-now",
            programs::count_eligible(&state.app, caller, id, None).await?,
        ))
    } else {
        None
    };
    let mut shell = shell(lang, caller, "programs-title");
    shell.title = program.name.clone();
    render(&ProgramPage {
        kind: label(t, "program-kind", program.kind.as_str()),
        unit: units
            .get(&program.unit_code)
            .cloned()
            .unwrap_or(program.unit_code.clone()),
        words: rule_words(lang, &program.rule, &units),
        readers: t.list(
            &program
                .result_readers
                .iter()
                .map(|r| super::role_label(t, r.as_str()))
                .collect::<Vec<_>>(),
        ),
        cycles,
        can,
        eligible,
        benefits: options(t, "benefit", BenefitKind::ALL, BenefitKind::as_str),
        form,
        shell,
        program,
    })
}

pub async fn view(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    let form = Form::new(Pairs::from_pairs(vec![(
        "benefit_kind",
        BenefitKind::Service.as_str().to_owned(),
    )]));
    program_page(&state, &caller, lang, id, form).await
}

/// The benefit of the cycle form: a service; cash typed in yuan (at most two decimals: whole
/// fen); or goods, the filled rows of name and quantity.
fn benefit_of(form: &Pairs) -> Result<serde_json::Value, AppError> {
    let kind = form.get("benefit_kind").trim();
    match BenefitKind::parse(kind) {
        Some(BenefitKind::Cash) => {
            let raw = form.get("amount_yuan").trim();
            if raw.is_empty() {
                return Err(AppError::invalid("benefit.amount_yuan", "required"));
            }
            let fen = fen_of_yuan(raw).ok_or_else(|| {
                AppError::invalid_detail("benefit.amount_yuan", "amount_yuan_invalid", raw)
            })?;
            Ok(json!({"kind": "cash", "amount_fen": fen}))
        }
        Some(BenefitKind::Goods) => {
            let mut items = Vec::new();
            for i in 1..=GOODS_ROWS {
                let name = form.get(&format!("item_name_{i}")).trim().to_owned();
                let quantity = form.get(&format!("item_quantity_{i}")).trim().to_owned();
                if name.is_empty() && quantity.is_empty() {
                    continue;
                }
                let quantity: i64 = if quantity.is_empty() {
                    1
                } else {
                    quantity.parse().unwrap_or(-1)
                };
                items.push(json!({"name": name, "quantity": quantity}));
            }
            Ok(json!({"kind": "goods", "items": items}))
        }
        _ => Ok(json!({"kind": kind})),
    }
}

/// Rows of goods the cycle form offers.
pub(crate) const GOODS_ROWS: usize = 3;

pub async fn create_cycle(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let result = match benefit_of(&form) {
        Ok(benefit) => {
            let input = CycleInput {
                title: form.get("title").into(),
                starts_on: form.get("starts_on").into(),
                ends_on: form.get("ends_on").into(),
                reference_date: form.opt("reference_date"),
                benefit: Some(benefit),
            };
            programs::create_cycle(&state.app, &caller, id, input).await
        }
        Err(e) => Err(e),
    };
    let next = |c: Cycle| format!("/cycles/{}", c.id);
    settled_form(
        Done::Created,
        result,
        next,
        (lang, form, CYCLE_FIELDS),
        |form| program_page(&state, &caller, lang, id, form),
    )
    .await
}

// ---- a cycle's page ----

/// A roll line as the cycle's page shows it.
pub(crate) struct RollRowView {
    pub person_id: i64,
    pub name: String,
    pub id_number: String,
    pub age: i32,
    pub unit: String,
    pub phone: String,
    pub status: String,
    pub status_code: &'static str,
    pub delivered: bool,
    pub flagged: bool,
    pub has_result: bool,
    /// This row's mark or delivery was refused: the reason.
    pub error: String,
}

/// One unit's line of the coverage table.
pub(crate) struct CoverageLine {
    pub unit: String,
    pub eligible: String,
    pub waiting: String,
    pub delivered: String,
    pub rate: String,
    pub screened: String,
    pub abnormal: String,
}

#[derive(Template)]
#[template(path = "cycle.html")]
struct CyclePage {
    shell: Shell,
    cycle: Cycle,
    program: Program,
    benefit: String,
    can: Abilities,
    screening: bool,
    rows: Vec<RollRowView>,
    filters: Filters,
    pager: Pager,
    total: String,
    coverage: Vec<CoverageLine>,
    coverage_total: Option<CoverageLine>,
    marks: Vec<(String, String)>,
    /// The units a print or the import may name: the caller's tree.
    units: Vec<(String, String)>,
    /// The page's own address (filters and page kept), where its forms come back to.
    back: String,
    form: Form,
    /// The refused form: `mark-{id}`, `deliver-{id}`, `refresh` or `import`.
    form_for: String,
}

impl CyclePage {
    fn refused_for(&self, which: &str) -> bool {
        self.form_for == which && !self.form.message.is_empty()
    }

    /// A refusal no form of the page stands beside (a filter out of reach).
    fn top_error(&self) -> bool {
        let beside = ["mark-", "deliver-", "refresh", "import"];
        self.form.top() && !beside.iter().any(|b| self.form_for.starts_with(b))
    }
}

fn mark_choices(t: Tr) -> Vec<(String, String)> {
    RollStatus::ALL
        .iter()
        .filter(|s| s.is_marked())
        .map(|s| (s.as_str().to_owned(), status_label(t, *s)))
        .collect()
}

fn roll_query(q: &Pairs) -> RollQuery {
    RollQuery {
        unit_code: q.opt("unit_code"),
        status: q.opt("status"),
    }
}

#[allow(clippy::too_many_arguments)]
async fn cycle_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: i64,
    q: &Pairs,
    form: Form,
    form_for: &str,
) -> Result<Html<String>, PageError> {
    require_reader(caller)?;
    let t = Tr(lang);
    let (cycle, program) = programs::cycle_and_program(&state.app, caller, id).await?;
    let can = programs::abilities(caller, &program);
    let units = unit_map(state, caller).await?;
    let unit_name = |code: &str| units.get(code).cloned().unwrap_or(code.to_owned());
    let path = format!("/cycles/{id}");
    let paging = Paging::of(q);
    let (mut rows, mut total, mut filter_error) = (Vec::new(), 0, None);
    if can.works {
        match programs::roll(
            &state.app,
            caller,
            id,
            &roll_query(q),
            paging.page,
            paging.per_page,
        )
        .await
        {
            Ok((lines, count)) => {
                total = count;
                rows = lines
                    .iter()
                    .map(|l| roll_row(t, l, &unit_name, &form, form_for))
                    .collect();
            }
            Err(e @ AppError::Invalid { .. }) => filter_error = Some(error_message(lang, &e)),
            Err(e) => return Err(e.into()),
        }
    }
    let statuses = RollStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), status_label(t, *s)))
        .collect();
    let unit_options = unit_choices(state, caller, t).await?;
    let filters = Filters::new(t, q, path.clone(), "roll-filters")
        .select(
            "unit_code",
            "roll-unit",
            t.t("programs-unit-filter"),
            unit_options.clone(),
        )
        .select("status", "roll-status", t.t("field-status"), statuses);
    let pager = Pager::of(t, q, &path, paging, total).at("#tab-roll");
    let cov = programs::coverage(&state.app, caller, id).await?;
    let line = |unit: String, u: &programs::CoverageFigures| CoverageLine {
        unit,
        eligible: t.num(u.eligible),
        waiting: t.num(u.waiting),
        delivered: t.num(u.delivered),
        rate: if u.eligible > 0 {
            format!("{:.1}%", u.delivered as f64 * 100.0 / u.eligible as f64)
        } else {
            "—".to_owned()
        },
        screened: u.screened.as_ref().map(|f| f.text()).unwrap_or_default(),
        abnormal: u.abnormal.as_ref().map(|f| f.text()).unwrap_or_default(),
    };
    let coverage = cov
        .by_unit
        .iter()
        .map(|u| line(unit_name(&u.unit_code), &u.figures))
        .collect();
    let coverage_total = Some(line(t.t("programs-total-row"), &cov.total));
    let back = {
        let kept = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(q.iter())
            .finish();
        if kept.is_empty() {
            path.clone()
        } else {
            format!("{path}?{kept}")
        }
    };
    let mut shell = shell(lang, caller, "programs-title");
    shell.title = format!("{} · {}", program.name, cycle.title);
    // A filter out of the caller's reach is named above the roll.
    let (form, form_for) = match filter_error {
        Some(message) => (
            Form {
                message,
                on_top: true,
                ..Form::empty()
            },
            "filter",
        ),
        None => (form, form_for),
    };
    render(&CyclePage {
        benefit: benefit_words(t, &cycle.benefit),
        screening: program.kind == ProgramKind::Screening,
        rows,
        filters,
        pager,
        total: t.count("programs-roll-total", total),
        coverage,
        coverage_total,
        marks: mark_choices(t),
        units: unit_options,
        back,
        form,
        form_for: form_for.to_owned(),
        can,
        shell,
        cycle,
        program,
    })
}

fn roll_row(
    t: Tr,
    l: &RollLine,
    unit_name: &dyn Fn(&str) -> String,
    form: &Form,
    form_for: &str,
) -> RollRowView {
    let e = &l.entry;
    let mine = form_for == format!("mark-{}", e.person_id)
        || form_for == format!("deliver-{}", e.person_id);
    RollRowView {
        person_id: e.person_id,
        name: l.name.clone(),
        id_number: l.id_number_masked.clone(),
        age: e.age,
        unit: unit_name(&e.unit_code),
        phone: l.phone_masked.clone().unwrap_or_default(),
        status: status_label(t, e.status),
        status_code: e.status.as_str(),
        delivered: e.status == RollStatus::Delivered,
        flagged: l.flagged(),
        has_result: l.has_result == Some(true),
        error: if mine {
            form.message.clone()
        } else {
            String::new()
        },
    }
}

pub async fn cycle_view(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, PageError> {
    let q = Pairs::of_query(raw.as_deref());
    cycle_page(&state, &caller, lang, id, &q, Form::empty(), "").await
}

/// Where a form of a cycle's pages goes back to: the page it was sent from when that is one of
/// this cycle's (its filters and page kept), else the cycle's page.
fn back_of(form: &Pairs, cycle: i64) -> String {
    let back = form.get("back");
    let own = format!("/cycles/{cycle}");
    let ours = back == own
        || back.starts_with(&format!("{own}?"))
        || back.starts_with(&format!("{own}/roll/"));
    if ours && !back.contains(['\\', '\r', '\n', '#']) {
        back.to_owned()
    } else {
        own
    }
}

/// Answers a form of a cycle's pages: on to `back` with a message; refused, the page it came
/// from again (422, or 409 for a conflict such as a second delivery) with the reason beside
/// the form.
#[allow(clippy::too_many_arguments)]
async fn answer<T>(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    cycle: i64,
    form: Pairs,
    form_for: &str,
    result: Result<T, AppError>,
    done: Done,
) -> Result<Response, PageError> {
    let back = back_of(&form, cycle);
    let person = back
        .strip_prefix(&format!("/cycles/{cycle}/roll/"))
        .and_then(|rest| rest.parse::<i64>().ok());
    let q = Pairs::of_query(back.split_once('?').map(|(_, q)| q));
    let page = |refused| async move {
        match person {
            Some(person) => entry_page(state, caller, lang, cycle, person, refused, form_for).await,
            None => cycle_page(state, caller, lang, cycle, &q, refused, form_for).await,
        }
    };
    answer_on_record(done, back, lang, form, result, page).await
}

pub async fn refresh(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let result = programs::refresh_roll(&state.app, &caller, id).await;
    answer(
        &state,
        &caller,
        lang,
        id,
        form,
        "refresh",
        result,
        Done::Recorded,
    )
    .await
}

pub async fn mark(
    State(state): State<AppState>,
    Path((id, person)): Path<(String, String)>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let (id, person) = (parse_id(&id)?, parse_id(&person)?);
    let input = RollMark {
        status: form.get("status").into(),
    };
    let result = programs::mark(&state.app, &caller, id, person, input).await;
    let which = format!("mark-{person}");
    answer(
        &state,
        &caller,
        lang,
        id,
        form,
        &which,
        result,
        Done::Recorded,
    )
    .await
}

pub async fn deliver(
    State(state): State<AppState>,
    Path((id, person)): Path<(String, String)>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let (id, person) = (parse_id(&id)?, parse_id(&person)?);
    let input = DeliveryInput {
        person_id: person,
        note: form.opt("note"),
    };
    let result = programs::deliver(&state.app, &caller, id, input).await;
    // A delivery to someone who has lost eligibility goes through, and says so.
    let done = match &result {
        Ok(d) if !d.still_eligible => Done::Flagged,
        _ => Done::Recorded,
    };
    let which = format!("deliver-{person}");
    answer(&state, &caller, lang, id, form, &which, result, done).await
}
