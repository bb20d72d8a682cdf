//! Care programs (关爱帮扶): a program's eligibility rule, its cycles and their rolls, roll
//! work (marks, deliveries once per person per cycle), screening results (sealed, read only by
//! the roles the program names) and coverage.
//!
//! Who does what (docs/security.md): federation, street and community staff run programs in
//! their subtree — a program of a unit above hers reaches her for her own part of its rolls;
//! leaders and viewers read a program, its cycles and their coverage figures only.

mod cycles;
mod follow_ups;
mod marks_import;
mod running;
mod screening;
mod sheets;

pub use cycles::*;
pub use follow_ups::{
    close_follow_up, follow_up, follow_ups, open_follow_ups_by_cycle, FollowUp, FollowUpQuery,
    OpenFollowUps, OutcomeInput,
};
pub use marks_import::import_marks;
pub use running::{running_cycles, unreached, RunningCycle, Unreached};
pub use screening::*;
pub use sheets::{roll_sheet, signoff_xlsx, Phones, RollSheet, SheetGroup, SheetLine};

use crate::audit;
use crate::auth::Caller;
use crate::cases::{choice, date, optional_date, optional_text, text};
use crate::error::OnUnique;
use crate::people::{age_filter, birth_date_of, check_unit};
use crate::{App, AppError};
use jinguo_db::people::{self as people_store, Filter};
use jinguo_db::programs::{
    self as store, CycleRow, DeliveryRow, Eligible, ProgramRow, ResultRow, RollFilter, RollRow,
};
use jinguo_db::{Exec, Tx};
use jinguo_domain::dates::AgeBand;
use jinguo_domain::programs::{
    BenefitKind, Cervical, HouseholdFactKind, Hpv, Phrase, ProgramKind, RollStatus, Rule,
    BIRADS_MAX, CHILD_AGE,
};
use jinguo_domain::{CivilDate, Role, Scope, Sex, UnitCode, UnitRange};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

const CTX_DELIVERY_NOTE: &str = "program_deliveries.note";
const CTX_RESULT: &str = "screening_results.result";

/// A program as the API takes it (`NewProgram`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewProgram)]
pub struct ProgramInput {
    pub name: String,
    /// screening, relief, visit, aid
    pub kind: String,
    /// The owner unit: the rolls are drawn from its subtree.
    pub unit_code: String,
    /// Partner departments and bodies.
    pub partners: Option<String>,
    pub description: Option<String>,
    /// The eligibility rule (ages on each cycle's reference date).
    #[serde(default)]
    #[schema(value_type = RuleSchema)]
    pub rule: Rule,
    /// The roles that record and read screening results (default: federation).
    pub result_readers: Option<Vec<String>>,
}

/// The eligibility rule as the API documents it (`jinguo_domain::programs::Rule`): every
/// condition given must hold; none given is everyone living in the program's unit. A condition
/// nobody can meet, an unknown tag or an unknown household fact is refused (422) naming it
/// (`rule.tags_all`, `rule.household`, …).
#[derive(ToSchema)]
#[schema(as = Rule)]
#[allow(dead_code)]
pub struct RuleSchema {
    /// female, male
    sex: Option<String>,
    /// Age in whole years on the cycle's reference date, at least.
    #[schema(maximum = 150)]
    age_min: Option<u32>,
    /// Age in whole years on the cycle's reference date, at most.
    #[schema(maximum = 150)]
    age_max: Option<u32>,
    /// Categories she must all have (codes, or their Chinese names: 低保).
    tags_all: Option<Vec<String>>,
    /// Categories of which she must have one.
    tags_any: Option<Vec<String>>,
    /// Categories she must have none of.
    tags_none: Option<Vec<String>>,
    /// People of this unit's subtree (inside the program's unit).
    unit_code: Option<String>,
    /// Facts about her household, every one of which must hold.
    household: Option<Vec<HouseholdFactSchema>>,
}

/// A household condition of a rule (`jinguo_domain::programs::HouseholdFact`).
#[derive(ToSchema)]
#[schema(as = HouseholdCondition)]
#[allow(dead_code)]
pub struct HouseholdFactSchema {
    /// single_parent: she heads a household (or is its head's spouse) with a child under 18
    /// and no other head or spouse; child_under: a child under `age` lives with her (her child,
    /// or a minor she is guardian of, in her household); lives_alone: she is its only living
    /// member. Chinese names are taken too (单亲家庭, 有未成年子女, 独居).
    fact: String,
    /// child_under only: the child is under this age (1–18) in the reference date's year.
    #[schema(minimum = 1, maximum = 18)]
    age: Option<u32>,
}

/// A program as pages and the API show it.
#[derive(Debug, Clone)]
pub struct Program {
    pub id: i64,
    pub name: String,
    pub kind: ProgramKind,
    pub unit_code: String,
    pub partners: Option<String>,
    pub description: Option<String>,
    pub rule: Rule,
    pub result_readers: Vec<Role>,
    pub created_at: i64,
}

impl Program {
    fn of(row: ProgramRow) -> Result<Program, AppError> {
        let rule: Rule = serde_json::from_str(&row.rule)
            .map_err(|e| AppError::Internal(format!("program {}: stored rule: {e}", row.id)))?;
        Ok(Program {
            id: row.id,
            name: row.name,
            kind: ProgramKind::parse(&row.kind).unwrap_or(ProgramKind::Aid),
            unit_code: row.unit_code,
            partners: row.partners,
            description: row.description,
            rule,
            result_readers: readers_of(&row.result_readers),
            created_at: row.created_at,
        })
    }

    /// The rule in words, one phrase per condition (the web words it in the reader's language).
    pub fn rule_words(&self) -> Vec<Phrase> {
        self.rule.words()
    }
}

fn readers_of(stored: &str) -> Vec<Role> {
    stored
        .split(',')
        .filter_map(|r| r.parse::<Role>().ok())
        .collect()
}

/// The roles reaching any program: 403 for the rest, whatever the id.
fn require_figures(caller: &Caller) -> Result<(), AppError> {
    if caller.role.reads_program_figures() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn require_runner(caller: &Caller) -> Result<(), AppError> {
    if caller.role.runs_programs() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether a program of this unit reaches the caller: one of her subtree, or one of a unit
/// above hers (she works her own part of its rolls).
fn reaches(caller: &Caller, unit_code: &str) -> bool {
    let scope = caller.scope();
    scope.covers_code(unit_code)
        || UnitCode::parse(unit_code).is_ok_and(|unit| unit.contains(scope.unit()))
}

/// What the caller may do with a program (the pages show what she may): work its rolls (marks,
/// deliveries, prints), own it (open cycles, re-run the rule), record and read its screening
/// results, and print its rolls with full phones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Abilities {
    pub works: bool,
    pub owns: bool,
    pub reads_results: bool,
    pub calls: bool,
}

pub fn abilities(caller: &Caller, program: &Program) -> Abilities {
    let works = check_access(caller, &program.unit_code, Access::Work).is_ok();
    Abilities {
        works,
        owns: check_access(caller, &program.unit_code, Access::Own).is_ok(),
        reads_results: works && reads_results(caller, program),
        calls: works && caller.role.calls_program_rolls(),
    }
}

/// What the caller wants of a program or a cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Its definition and coverage figures.
    Figures,
    /// Her part of its rolls: marks, deliveries, results.
    Work,
    /// A change of the program itself (a cycle, a re-run of the rule): its owner's subtree.
    Own,
}

fn check_access(caller: &Caller, unit_code: &str, access: Access) -> Result<(), AppError> {
    require_figures(caller)?;
    if !reaches(caller, unit_code) {
        return Err(AppError::NotFound);
    }
    if access != Access::Figures {
        require_runner(caller)?;
    }
    if access == Access::Own && !caller.scope().covers_code(unit_code) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

async fn load_program(
    ex: &mut Exec<'_>,
    caller: &Caller,
    id: i64,
    access: Access,
) -> Result<ProgramRow, AppError> {
    require_figures(caller)?;
    let row = store::find_program(ex, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_access(caller, &row.unit_code, access)?;
    Ok(row)
}

async fn load_cycle(
    ex: &mut Exec<'_>,
    caller: &Caller,
    id: i64,
    access: Access,
) -> Result<(CycleRow, Program), AppError> {
    require_figures(caller)?;
    let cycle = store::find_cycle(ex, id).await?.ok_or(AppError::NotFound)?;
    check_access(caller, &cycle.unit_code, access)?;
    let program = store::find_program(ex, cycle.program_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((cycle, Program::of(program)?))
}

fn rule_error(e: jinguo_domain::programs::RuleError) -> AppError {
    AppError::Invalid {
        code: e.code,
        field: Some(e.field.to_owned()),
        detail: e.detail,
    }
}

/// The rule checked against the program's unit: its own conditions (`Rule::checked`) and its
/// unit inside the program's.
fn rule_for(unit: &UnitCode, rule: &Rule) -> Result<Rule, AppError> {
    let rule = rule.checked().map_err(rule_error)?;
    if let Some(raw) = rule.unit_code.as_deref() {
        let inside = UnitCode::parse(raw).is_ok_and(|u| unit.contains(&u));
        if !inside {
            return Err(AppError::invalid_detail(
                "rule.unit_code",
                "rule_unit_outside_program",
                raw,
            ));
        }
    }
    Ok(rule)
}

/// The program's unit: a unit of the caller's subtree.
async fn program_unit(app: &App, caller: &Caller, raw: &str) -> Result<UnitCode, AppError> {
    let unit = UnitCode::parse(raw)
        .map_err(|_| AppError::invalid_detail("unit_code", "unknown_unit", raw))?;
    check_unit(app, caller, &unit).await?;
    Ok(unit)
}

/// What a program's rule would give before it is saved: the rule as it would be stored (its
/// words come from it) and how many people it matches today in the program's unit, inside the
/// caller's subtree. Refused as `create` refuses the rule and the unit, naming them.
#[derive(Debug, Clone)]
pub struct Preview {
    pub rule: Rule,
    pub eligible: i64,
}

pub async fn preview(
    app: &App,
    caller: &Caller,
    input: &ProgramInput,
) -> Result<Preview, AppError> {
    require_runner(caller)?;
    let unit = program_unit(app, caller, &input.unit_code).await?;
    let rule = rule_for(&unit, &input.rule)?;
    let scope = caller.scope();
    let today = crate::people::today(app);
    let e = eligible(app, &scope, unit.as_str(), &rule, today).await?;
    let eligible = store::count_eligible(&mut app.db.ex(), &scope, &e).await?;
    Ok(Preview { rule, eligible })
}

pub async fn create(app: &App, caller: &Caller, input: ProgramInput) -> Result<Program, AppError> {
    require_runner(caller)?;
    let name = text("name", &input.name, 200)?;
    let kind = choice("kind", &input.kind, ProgramKind::parse)?;
    let unit = program_unit(app, caller, &input.unit_code).await?;
    let partners = optional_text("partners", input.partners.as_deref(), 500)?;
    let description = optional_text("description", input.description.as_deref(), 4000)?;
    let rule = rule_for(&unit, &input.rule)?;
    let mut readers = Vec::new();
    for raw in input
        .result_readers
        .unwrap_or_else(|| vec![Role::Federation.as_str().to_owned()])
    {
        let role = raw
            .parse::<Role>()
            .ok()
            .filter(|r| r.runs_programs())
            .ok_or_else(|| {
                AppError::invalid_detail("result_readers", "result_reader_invalid", &raw)
            })?;
        if !readers.contains(&role) {
            readers.push(role);
        }
    }
    let now = app.now();
    let row = ProgramRow {
        id: app.ids.next(now),
        name,
        kind: kind.as_str().into(),
        unit_code: unit.as_str().into(),
        partners,
        description,
        rule: serde_json::to_string(&rule)
            .map_err(|e| AppError::Internal(format!("rule as JSON: {e}")))?,
        result_readers: readers
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(","),
        created_by: caller.author(),
        created_at: now,
        updated_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_program(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("create", "program", row.id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({"kind": row.kind, "rule": rule}));
    audit::commit(app, tx, entry, now).await?;
    Program::of(row)
}

pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<Program, AppError> {
    Program::of(load_program(&mut app.db.ex(), caller, id, Access::Figures).await?)
}

/// The programs reaching the caller, newest first, and their total; `kind` narrows them.
pub async fn list(
    app: &App,
    caller: &Caller,
    kind: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Program>, i64), AppError> {
    require_figures(caller)?;
    let kind = match crate::given(kind) {
        Some(raw) => Some(choice("kind", raw, ProgramKind::parse)?),
        None => None,
    };
    let offset = crate::page_offset(page, per_page)?;
    let (rows, total) = store::list_programs(
        &mut app.db.ex(),
        &caller.scope(),
        kind.map(ProgramKind::as_str),
        offset,
        per_page,
    )
    .await?;
    Ok((
        rows.into_iter()
            .map(Program::of)
            .collect::<Result<_, _>>()?,
        total,
    ))
}

/// One person on a roll, as frozen at generation.
#[derive(Debug, Clone)]
pub struct RollEntry {
    pub person_id: i64,
    pub unit_code: String,
    /// The age she reaches in the reference date's year.
    pub age: i32,
    pub tags: Vec<String>,
    pub status: RollStatus,
    pub status_at: Option<i64>,
}

impl RollEntry {
    fn of(r: RollRow) -> RollEntry {
        RollEntry {
            person_id: r.person_id,
            unit_code: r.unit_code,
            age: r.age,
            tags: r
                .tags
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            status: RollStatus::parse(&r.status).unwrap_or(RollStatus::Invited),
            status_at: r.status_at,
        }
    }
}

/// A roll's filters (`GET /api/v1/cycles/{id}/roll?unit_code=&status=`).
#[derive(Debug, Clone, Default)]
pub struct RollQuery {
    pub unit_code: Option<String>,
    pub status: Option<String>,
}

/// A roll entry with who she is (the registry's name and masked ID number and phone), her
/// delivery's flag and, for the roles the program names, whether her screening result is in.
#[derive(Debug, Clone)]
pub struct RollLine {
    pub entry: RollEntry,
    pub name: String,
    pub id_number_masked: String,
    pub phone_masked: Option<String>,
    /// Delivered, and whether she still met the rule then (false: flagged).
    pub still_eligible: Option<bool>,
    /// Whether a screening result is recorded: `None` for those who may not know.
    pub has_result: Option<bool>,
}

impl RollLine {
    fn of(l: store::RollLine, reads_results: bool) -> RollLine {
        RollLine {
            entry: RollEntry::of(l.entry),
            name: l.name,
            id_number_masked: l.id_masked,
            phone_masked: l.phone_masked,
            still_eligible: l.still_eligible,
            has_result: reads_results.then_some(l.result_id.is_some()),
        }
    }

    /// Delivered to someone who had lost eligibility by then.
    pub fn flagged(&self) -> bool {
        self.still_eligible == Some(false)
    }
}

/// The roll filter of a query: a unit of the caller's subtree (else 422 naming `unit_code`) and
/// a status.
fn roll_filter(caller: &Caller, q: &RollQuery) -> Result<RollFilter, AppError> {
    let mut f = RollFilter::default();
    if let Some(raw) = q.unit_code.as_deref().filter(|u| !u.trim().is_empty()) {
        let unknown = || AppError::invalid_detail("unit_code", "unknown_unit", raw);
        let unit = UnitCode::parse(raw).map_err(|_| unknown())?;
        if !caller.scope().covers(&unit) {
            return Err(unknown());
        }
        f.units = Some(UnitRange::subtree(&unit));
    }
    if let Some(raw) = q.status.as_deref().filter(|s| !s.trim().is_empty()) {
        f.status = Some(
            choice("status", raw, RollStatus::parse)?
                .as_str()
                .to_owned(),
        );
    }
    Ok(f)
}

/// Whether the caller records and reads the screening results of the program.
pub fn reads_results(caller: &Caller, program: &Program) -> bool {
    require_result_reader(caller, program).is_ok()
}

pub async fn roll(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
    q: &RollQuery,
    page: u64,
    per_page: u64,
) -> Result<(Vec<RollLine>, i64), AppError> {
    let mut ex = app.db.ex();
    let (_, program) = load_cycle(&mut ex, caller, cycle_id, Access::Work).await?;
    let f = roll_filter(caller, q)?;
    let offset = crate::page_offset(page, per_page)?;
    let (rows, total) =
        store::roll_lines(&mut ex, &caller.scope(), cycle_id, &f, offset, per_page).await?;
    let reads = reads_results(caller, &program);
    Ok((
        rows.into_iter().map(|l| RollLine::of(l, reads)).collect(),
        total,
    ))
}

/// One person's part of a cycle, for her page: her roll line, her delivery and, for the roles
/// the program names, her screening result.
#[derive(Debug, Clone)]
pub struct EntryDetail {
    pub line: RollLine,
    pub delivered_at: Option<i64>,
    pub delivery_note: Option<String>,
    pub result: Option<ScreeningResult>,
    /// The follow-up her result opened, when it was abnormal (for the result's readers).
    pub follow_up: Option<FollowUp>,
}

pub async fn entry(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
    person_id: i64,
) -> Result<EntryDetail, AppError> {
    let mut ex = app.db.ex();
    let (_, program) = load_cycle(&mut ex, caller, cycle_id, Access::Work).await?;
    let f = RollFilter {
        person_ids: Some(vec![person_id]),
        ..RollFilter::default()
    };
    let (mut rows, _) = store::roll_lines(&mut ex, &caller.scope(), cycle_id, &f, 0, 1).await?;
    let line = rows.pop().ok_or(AppError::NotFound)?;
    let reads = reads_results(caller, &program);
    let delivery = store::delivery_of(&mut ex, cycle_id, person_id).await?;
    let delivery_note = match delivery
        .as_ref()
        .and_then(|d| d.note_cipher.as_ref().map(|c| (d.id, c)))
    {
        Some((id, sealed)) => Some(
            app.cipher
                .open(sealed, CTX_DELIVERY_NOTE, id)
                .map_err(|_| AppError::Internal(format!("delivery {id} note undecryptable")))?,
        ),
        None => None,
    };
    let result = if reads && line.result_id.is_some() {
        results(app, caller, cycle_id, Some(person_id)).await?.pop()
    } else {
        None
    };
    let follow_up = match result {
        Some(_) => follow_ups::follow_up_of(app, caller, cycle_id, person_id).await?,
        None => None,
    };
    Ok(EntryDetail {
        line: RollLine::of(line, reads),
        delivered_at: delivery.map(|d| d.created_at),
        delivery_note,
        result,
        follow_up,
    })
}

/// A mark on a roll entry (`PATCH /api/v1/cycles/{id}/roll/{person_id}`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = RollMark)]
pub struct RollMark {
    /// invited, reached, declined, unreachable, moved (delivered comes from a delivery)
    pub status: String,
}

pub async fn mark(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
    person_id: i64,
    input: RollMark,
) -> Result<RollEntry, AppError> {
    let mut tx = app.db.begin().await?;
    let (cycle, _) = load_cycle(&mut tx.ex(), caller, cycle_id, Access::Work).await?;
    let status = choice("status", &input.status, RollStatus::parse)?;
    let entry = store::roll_entry(&mut tx.ex(), &caller.scope(), cycle_id, person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let marked = mark_in(app, &mut tx, caller, &cycle, entry, status).await?;
    tx.commit().await?;
    Ok(marked)
}

/// Marks a roll entry the caller has found in her subtree, inside `tx` (a mark by hand, or a
/// row of a signed sheet): `delivered` only comes from a delivery, and a delivered entry keeps
/// its mark (409 `already_delivered`).
pub(crate) async fn mark_in(
    app: &App,
    tx: &mut Tx,
    caller: &Caller,
    cycle: &CycleRow,
    entry: RollRow,
    status: RollStatus,
) -> Result<RollEntry, AppError> {
    if !status.is_marked() {
        return Err(AppError::invalid("status", "status_needs_delivery"));
    }
    if entry.status == RollStatus::Delivered.as_str() {
        return Err(AppError::Conflict {
            code: "already_delivered",
            field: Some("status"),
            detail: None,
        });
    }
    let now = app.now();
    store::set_status(
        &mut tx.ex(),
        &caller.scope(),
        cycle.id,
        entry.person_id,
        status.as_str(),
        now,
    )
    .await?;
    let logged = caller
        .entry("mark", "program_roll", cycle.id.to_string())
        .in_unit(&entry.unit_code)
        .detail(json!({"person_id": entry.person_id, "from": entry.status, "to": status.as_str()}));
    audit::append(app, &mut tx.ex(), logged, now).await?;
    Ok(RollEntry::of(RollRow {
        status: status.as_str().into(),
        status_at: Some(now),
        ..entry
    }))
}

/// A delivery as the API takes it (`NewDelivery`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewDelivery)]
pub struct DeliveryInput {
    pub person_id: i64,
    pub note: Option<String>,
}

/// A recorded delivery: `still_eligible` false flags someone who has lost eligibility since the
/// roll was drawn (she is served, and the flag says to look).
#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: i64,
    pub person_id: i64,
    pub unit_code: String,
    pub amount_fen: Option<i64>,
    pub still_eligible: bool,
}

/// Whether she meets the rule today as the registry holds her now: living, in the caller's
/// subtree, of the rule's units, sex and tags, and of its age band on the reference date (her
/// exact age, from the sealed ID number).
async fn still_eligible(
    app: &App,
    ex: &mut Exec<'_>,
    scope: &Scope,
    program: &Program,
    on: CivilDate,
    person_id: i64,
) -> Result<bool, AppError> {
    let Some(person) = people_store::find(ex, scope, person_id).await? else {
        return Ok(false);
    };
    if !UnitRange::subtree(
        &UnitCode::parse(&program.unit_code)
            .map_err(|_| AppError::Internal("program unit".into()))?,
    )
    .contains(&person.unit_code)
    {
        return Ok(false);
    }
    let tags: Vec<String> = people_store::tags_of(ex, &[person_id])
        .await?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let age = birth_date_of(&app.cipher, person.id, &person.id_cipher)?.age_on(on);
    let sex = Sex::parse(&person.sex).map(Sex::as_str).unwrap_or_default();
    let household =
        store::meets_household(ex, person_id, &household_of(&program.rule, on.year)).await?;
    Ok(program
        .rule
        .holds(sex, age, &person.unit_code, &tags, household))
}

pub async fn deliver(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
    input: DeliveryInput,
) -> Result<Delivery, AppError> {
    let (cycle, program) = load_cycle(&mut app.db.ex(), caller, cycle_id, Access::Work).await?;
    let note = optional_text("note", input.note.as_deref(), 1000)?;
    let mut tx = app.db.begin().await?;
    let delivery = deliver_in(
        app,
        &mut tx,
        caller,
        &cycle,
        &program,
        input.person_id,
        note,
    )
    .await?;
    tx.commit().await?;
    Ok(delivery)
}

/// Records a delivery inside `tx` — the one place a delivery is written, for the API's and the
/// page's delivery and for the rows of a signed sheet alike (a cash delivery's payment belongs
/// here, in the same transaction). She must be on the cycle's roll in the caller's subtree (else
/// 422 `not_on_roll`) and not delivered yet (409 `already_delivered`; the unique key backs the
/// check). Her eligibility is looked at again as the registry holds her now: someone who has
/// lost it is served and flagged (`still_eligible` false), never refused. The roll entry is
/// marked delivered and the delivery audited.
pub(crate) async fn deliver_in(
    app: &App,
    tx: &mut Tx,
    caller: &Caller,
    cycle: &CycleRow,
    program: &Program,
    person_id: i64,
    note: Option<String>,
) -> Result<Delivery, AppError> {
    let scope = caller.scope();
    let entry = store::roll_entry(&mut tx.ex(), &scope, cycle.id, person_id)
        .await?
        .ok_or_else(|| AppError::invalid("person_id", "not_on_roll"))?;
    if entry.status == RollStatus::Delivered.as_str() {
        return Err(AppError::Conflict {
            code: "already_delivered",
            field: Some("person_id"),
            detail: None,
        });
    }
    let on = day(&cycle.reference_date)?;
    let eligible_now = still_eligible(app, &mut tx.ex(), &scope, program, on, person_id).await?;
    let now = app.now();
    let id = app.ids.next(now);
    let row = DeliveryRow {
        id,
        cycle_id: cycle.id,
        person_id,
        unit_code: entry.unit_code.clone(),
        amount_fen: cycle.amount_fen,
        note_cipher: note.map(|n| app.cipher.seal(&n, CTX_DELIVERY_NOTE, id)),
        still_eligible: eligible_now,
        created_by: caller.author(),
        created_at: now,
    };
    store::insert_delivery(&mut tx.ex(), &row)
        .await
        .on_unique("already_delivered", "person_id")?;
    crate::funds::pay_delivery(app, caller, &mut tx.ex(), cycle, &row).await?;
    store::set_status(
        &mut tx.ex(),
        &scope,
        cycle.id,
        person_id,
        RollStatus::Delivered.as_str(),
        now,
    )
    .await?;
    let entry = caller.entry("create", "program_delivery", row.id.to_string()).in_unit(&row.unit_code).detail(json!({ "cycle_id": cycle.id, "person_id": person_id, "amount_fen": row.amount_fen, "still_eligible": eligible_now }));
    audit::append(app, &mut tx.ex(), entry, now).await?;
    Ok(Delivery {
        id: row.id,
        person_id: row.person_id,
        unit_code: row.unit_code,
        amount_fen: row.amount_fen,
        still_eligible: eligible_now,
    })
}
