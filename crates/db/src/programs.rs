//! Care programs: programs and their rules (JSON), cycles, the roll each cycle freezes, the
//! deliveries (once per person per cycle) and sealed screening results.
//!
//! Every read and write of a cycle's roll, deliveries and results takes the caller's `Scope`:
//! the rows are those of people whose (frozen) unit lies in her subtree.

mod follow_ups;
mod running;

pub use follow_ups::*;
pub use running::*;

use crate::people::{condition, Filter, P};
use crate::record::{
    count_of, fetch_row, fetch_rows, find, insert, page, select_as, select_of, Record,
};
use crate::schema::tables::{
    HouseholdMembers, People, PersonTags, ProgramCycles, ProgramDeliveries, ProgramRoll, Programs,
    ScreeningResults,
};
use crate::{DbError, Engine, Exec};
use jinguo_domain::{Scope, UnitRange};
use sea_query::{
    Alias, Cond, Expr, Func, Iden, JoinType, Order, Query, SelectStatement, SimpleExpr,
};

record! {
    pub struct ProgramRow in Programs {
        pub id: i64,
        pub name: String,
        pub kind: String,
        pub unit_code: String,
        pub partners: Option<String>,
        pub description: Option<String>,
        /// `jinguo_domain::programs::Rule` as JSON.
        pub rule: String,
        /// The roles that read screening results, comma-separated.
        pub result_readers: String,
        pub created_by: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
    }
}

record! {
    pub struct CycleRow in ProgramCycles {
        pub id: i64,
        pub program_id: i64,
        /// The program's unit.
        pub unit_code: String,
        pub title: String,
        pub starts_on: String,
        pub ends_on: String,
        pub reference_date: String,
        pub benefit_kind: String,
        pub amount_fen: Option<i64>,
        /// Goods as JSON: `[{"name","quantity"}]`.
        pub goods: Option<String>,
        pub account_id: Option<i64>,
        pub created_by: Option<i64>,
        pub created_at: i64,
        /// When the rule last ran for this cycle.
        pub generated_at: i64,
    }
}

record! {
    pub struct RollRow in ProgramRoll {
        pub cycle_id: i64,
        pub person_id: i64,
        pub unit_code: String,
        pub age: i32,
        pub tags: String,
        pub status: String,
        pub generated_at: i64,
        pub status_at: Option<i64>,
    }
}

record! {
    pub struct DeliveryRow in ProgramDeliveries {
        pub id: i64,
        pub cycle_id: i64,
        pub person_id: i64,
        pub unit_code: String,
        pub amount_fen: Option<i64>,
        pub note_cipher: Option<Vec<u8>>,
        /// Whether she still met the rule when it was delivered (false: flagged).
        pub still_eligible: bool,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct ResultRow in ScreeningResults {
        pub id: i64,
        pub cycle_id: i64,
        pub person_id: i64,
        pub unit_code: String,
        pub result_cipher: Vec<u8>,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

fn in_units(column: impl sea_query::IntoColumnRef, range: &UnitRange) -> SimpleExpr {
    Expr::col(column).between(range.lo(), range.hi())
}

pub async fn insert_program(ex: &mut Exec<'_>, r: &ProgramRow) -> Result<(), DbError> {
    insert(ex, r).await
}

/// A program by id; the app decides whether the caller reaches its unit.
pub async fn find_program(ex: &mut Exec<'_>, id: i64) -> Result<Option<ProgramRow>, DbError> {
    find(ex, id).await
}

/// The programs a caller works on: those of her subtree, and those of the units above her whose
/// rolls reach into it (a district program's community).
pub async fn list_programs(
    ex: &mut Exec<'_>,
    scope: &Scope,
    kind: Option<&str>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<ProgramRow>, i64), DbError> {
    let condition = Cond::all()
        .add(reaching(scope))
        .add_option(kind.map(|k| Expr::col(Programs::Kind).eq(k)));
    let s = select_of::<ProgramRow>()
        .order_by(Programs::Id, Order::Desc)
        .take();
    page(ex, s, condition, offset, limit).await
}

/// Units in the caller's subtree, or the units above hers (each a prefix of her unit code as
/// the 12-digit scheme pads it).
fn reaching(scope: &Scope) -> Cond {
    reaching_in(Programs::UnitCode, scope)
}

/// `reaching` of a column holding a program's unit (a cycle keeps its program's).
fn reaching_in(column: impl sea_query::IntoColumnRef, scope: &Scope) -> Cond {
    let column = column.into_column_ref();
    let mut above = vec![scope.unit().as_str().to_owned()];
    above.extend(crate::record::units_above(scope.unit()));
    Cond::any()
        .add(in_units(column.clone(), &scope.unit_range()))
        .add(Expr::col(column).is_in(above))
}

pub async fn insert_cycle(ex: &mut Exec<'_>, r: &CycleRow) -> Result<(), DbError> {
    insert(ex, r).await
}

pub async fn find_cycle(ex: &mut Exec<'_>, id: i64) -> Result<Option<CycleRow>, DbError> {
    find(ex, id).await
}

pub async fn cycles_of(ex: &mut Exec<'_>, program_id: i64) -> Result<Vec<CycleRow>, DbError> {
    let q = ex.build(
        select_of::<CycleRow>()
            .and_where(Expr::col(ProgramCycles::ProgramId).eq(program_id))
            .order_by(ProgramCycles::StartsOn, Order::Desc),
    );
    fetch_rows(ex, q, CycleRow::read).await
}

/// Writes one column of a cycle.
async fn set_cycle_column(
    ex: &mut Exec<'_>,
    id: i64,
    column: ProgramCycles,
    value: i64,
) -> Result<(), DbError> {
    let q = ex.build(
        Query::update()
            .table(ProgramCycles::Table)
            .value(column, value)
            .and_where(Expr::col(ProgramCycles::Id).eq(id)),
    );
    ex.execute(q).await?;
    Ok(())
}

/// Names the fund account a cash cycle pays from (the demo's cycle, paid after its visits).
pub async fn set_cycle_account(ex: &mut Exec<'_>, id: i64, account_id: i64) -> Result<(), DbError> {
    set_cycle_column(ex, id, ProgramCycles::AccountId, account_id).await
}

pub async fn touch_cycle(ex: &mut Exec<'_>, id: i64, at: i64) -> Result<(), DbError> {
    set_cycle_column(ex, id, ProgramCycles::GeneratedAt, at).await
}

/// Who a rule matches, as the database filters it: the people filter (scope, the rule's
/// subtree, sex, the age band as birth years plus the edge years' people the app checked),
/// the tag conditions, each an `EXISTS` on the person's tags, and the household facts, each an
/// `EXISTS` on her households' members.
#[derive(Debug, Clone, Default)]
pub struct Eligible {
    pub people: Filter,
    pub tags_all: Vec<String>,
    pub tags_any: Vec<String>,
    pub tags_none: Vec<String>,
    pub household: Vec<Household>,
}

/// A household fact as the database answers it, its ages turned into birth years by the app
/// (a child's age is the age she reaches in the reference date's year, as the roll's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Household {
    /// She is the head (or the head's spouse) of a household with a living child born in
    /// `minor_born_from` or later, and no other living head or spouse.
    SingleParent { minor_born_from: i32 },
    /// A living child born in `born_from` or later lives with her: the household's child when
    /// she is its head or the head's spouse, or a member whose guardian she is.
    ChildBornFrom { born_from: i32 },
    /// She is the only living member of one of her households.
    LivesAlone,
}

/// The names the household conditions give their tables: her memberships (`hm`), the other
/// members (`ho`) and those members' registry records (`hp`).
#[derive(Iden, Clone, Copy)]
#[iden = "hm"]
struct Hm;

#[derive(Iden, Clone, Copy)]
#[iden = "ho"]
struct Ho;

#[derive(Iden, Clone, Copy)]
#[iden = "hp"]
struct Hp;

/// The relations of a household's parents: its head and the head's spouse.
const PARENTS: [&str; 2] = ["head", "spouse"];

/// Other living members of her membership's household (`hm`), as `ho` joined to `hp`.
fn other_members() -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from_as(HouseholdMembers::Table, Ho)
        .join_as(
            JoinType::InnerJoin,
            People::Table,
            Hp,
            Expr::col((Hp, People::Id)).equals((Ho, HouseholdMembers::PersonId)),
        )
        .and_where(
            Expr::col((Ho, HouseholdMembers::HouseholdId))
                .equals((Hm, HouseholdMembers::HouseholdId)),
        )
        .and_where(Expr::col((Ho, HouseholdMembers::PersonId)).not_equals((P, People::Id)))
        .and_where(Expr::col((Hp, People::DeletedAt)).is_null())
        .take()
}

/// Her memberships (`hm`) meeting `condition`.
fn memberships(condition: Cond) -> SimpleExpr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from_as(HouseholdMembers::Table, Hm)
            .and_where(Expr::col((Hm, HouseholdMembers::PersonId)).equals((P, People::Id)))
            .cond_where(condition)
            .take(),
    )
}

impl Household {
    fn condition(self) -> SimpleExpr {
        let parent = || Expr::col((Hm, HouseholdMembers::Relation)).is_in(PARENTS);
        match self {
            Household::SingleParent { minor_born_from } => {
                let child = other_members()
                    .and_where(Expr::col((Ho, HouseholdMembers::Relation)).eq("child"))
                    .and_where(Expr::col((Hp, People::BirthYear)).gte(minor_born_from))
                    .take();
                let partner = other_members()
                    .and_where(Expr::col((Ho, HouseholdMembers::Relation)).is_in(PARENTS))
                    .take();
                memberships(
                    Cond::all()
                        .add(parent())
                        .add(Expr::exists(child))
                        .add(Expr::exists(partner).not()),
                )
            }
            Household::ChildBornFrom { born_from } => {
                let hers = Cond::any()
                    .add(
                        Cond::all()
                            .add(parent())
                            .add(Expr::col((Ho, HouseholdMembers::Relation)).eq("child")),
                    )
                    .add(
                        Expr::col((Hm, HouseholdMembers::GuardianOf))
                            .equals((Ho, HouseholdMembers::PersonId)),
                    );
                let child = other_members()
                    .and_where(Expr::col((Hp, People::BirthYear)).gte(born_from))
                    .cond_where(hers)
                    .take();
                memberships(Cond::all().add(Expr::exists(child)))
            }
            Household::LivesAlone => {
                memberships(Cond::all().add(Expr::exists(other_members()).not()))
            }
        }
    }
}

fn has_tags(tags: &[String]) -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(PersonTags::Table)
        .and_where(Expr::col((PersonTags::Table, PersonTags::PersonId)).equals((P, People::Id)))
        .and_where(Expr::col((PersonTags::Table, PersonTags::Tag)).is_in(tags.iter().cloned()))
        .take()
}

impl Eligible {
    fn condition(&self, scope: &Scope) -> Cond {
        let mut c = condition(scope, &self.people);
        for t in &self.tags_all {
            c = c.add(Expr::exists(has_tags(std::slice::from_ref(t))));
        }
        if !self.tags_any.is_empty() {
            c = c.add(Expr::exists(has_tags(&self.tags_any)));
        }
        if !self.tags_none.is_empty() {
            c = c.add(Expr::exists(has_tags(&self.tags_none)).not());
        }
        for h in &self.household {
            c = c.add(h.condition());
        }
        c
    }
}

/// Whether a living person's households meet every one of `household` now (the delivery's
/// second look), by the roll's own conditions. No facts: true.
pub async fn meets_household(
    ex: &mut Exec<'_>,
    person_id: i64,
    household: &[Household],
) -> Result<bool, DbError> {
    if household.is_empty() {
        return Ok(true);
    }
    let mut c = Cond::all()
        .add(Expr::col((P, People::Id)).eq(person_id))
        .add(Expr::col((P, People::DeletedAt)).is_null());
    for h in household {
        c = c.add(h.condition());
    }
    let q = ex.build(
        Query::select()
            .expr(Expr::col(sea_query::Asterisk).count())
            .from_as(People::Table, P)
            .cond_where(c),
    );
    let n: i64 = ex.fetch_scalar(q).await?;
    Ok(n > 0)
}

/// How many people a rule matches now: the plain count the roll's generation is measured
/// against (`bench/programs.sh`).
pub async fn count_eligible(
    ex: &mut Exec<'_>,
    scope: &Scope,
    e: &Eligible,
) -> Result<i64, DbError> {
    let q = ex.build(
        Query::select()
            .expr(Expr::col(sea_query::Asterisk).count())
            .from_as(People::Table, P)
            .cond_where(e.condition(scope)),
    );
    ex.fetch_scalar(q).await
}

/// Adds to a cycle's roll everyone the rule matches who is not on it yet, in one
/// `INSERT … SELECT` (no row passes through the application): her unit, the age she reaches in
/// the reference year and her tags are written as they are now, and stay. Returns how many were
/// added.
pub async fn generate_roll(
    ex: &mut Exec<'_>,
    scope: &Scope,
    cycle_id: i64,
    reference_year: i32,
    e: &Eligible,
    at: i64,
) -> Result<u64, DbError> {
    let tag_list = match ex.engine() {
        Engine::Sqlite => "group_concat(tag, ',')",
        Engine::Postgres => "string_agg(tag, ',' ORDER BY tag)",
    };
    let tags = Expr::cust(format!(
        "COALESCE((SELECT {tag_list} FROM person_tags WHERE person_tags.person_id = p.id), '')"
    ));
    let on_roll = Query::select()
        .expr(Expr::val(1))
        .from(ProgramRoll::Table)
        .and_where(Expr::col((ProgramRoll::Table, ProgramRoll::CycleId)).eq(cycle_id))
        .and_where(Expr::col((ProgramRoll::Table, ProgramRoll::PersonId)).equals((P, People::Id)))
        .take();
    let select = Query::select()
        .expr(Expr::val(cycle_id))
        .column((P, People::Id))
        .column((P, People::UnitCode))
        .expr(Expr::val(reference_year).sub(Expr::col((P, People::BirthYear))))
        .expr(tags)
        .expr(Expr::val("invited"))
        .expr(Expr::val(at))
        .from_as(People::Table, P)
        .cond_where(e.condition(scope))
        .and_where(Expr::exists(on_roll).not())
        .take();
    let insert = Query::insert()
        .into_table(ProgramRoll::Table)
        .columns([
            ProgramRoll::CycleId,
            ProgramRoll::PersonId,
            ProgramRoll::UnitCode,
            ProgramRoll::Age,
            ProgramRoll::Tags,
            ProgramRoll::Status,
            ProgramRoll::GeneratedAt,
        ])
        .select_from(select)
        .map_err(|e| DbError::Sqlx(sqlx::Error::Protocol(e.to_string())))?
        .to_owned();
    let q = ex.build(&insert);
    ex.execute(q).await
}

/// The size of a cycle's roll inside the caller's subtree.
pub async fn roll_size(ex: &mut Exec<'_>, scope: &Scope, cycle_id: i64) -> Result<i64, DbError> {
    let q = ex.build(&count_of(ProgramRoll::Table, roll_in(scope, cycle_id)));
    ex.fetch_scalar(q).await
}

fn roll_in(scope: &Scope, cycle_id: i64) -> Cond {
    Cond::all()
        .add(Expr::col(ProgramRoll::CycleId).eq(cycle_id))
        .add(in_units(ProgramRoll::UnitCode, &scope.unit_range()))
}

#[derive(Debug, Clone, Default)]
pub struct RollFilter {
    /// A subtree inside the caller's.
    pub units: Option<UnitRange>,
    pub status: Option<String>,
    /// These people only (a signed sheet's rows).
    pub person_ids: Option<Vec<i64>>,
}

/// A page of a cycle's roll in the caller's subtree, by unit and person, and its total.
pub async fn roll(
    ex: &mut Exec<'_>,
    scope: &Scope,
    cycle_id: i64,
    f: &RollFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<RollRow>, i64), DbError> {
    let condition = roll_in(scope, cycle_id)
        .add_option(f.units.as_ref().map(|u| in_units(ProgramRoll::UnitCode, u)))
        .add_option(
            f.status
                .as_deref()
                .map(|s| Expr::col(ProgramRoll::Status).eq(s)),
        )
        .add_option(
            f.person_ids
                .as_ref()
                .map(|ids| Expr::col(ProgramRoll::PersonId).is_in(ids.iter().copied())),
        );
    let s = select_of::<RollRow>()
        .order_by(ProgramRoll::UnitCode, Order::Asc)
        .order_by(ProgramRoll::PersonId, Order::Asc)
        .take();
    page(ex, s, condition, offset, limit).await
}

/// A roll entry with who she is now (name and masks of the registry record, living or not),
/// her delivery's flag and whether a screening result is recorded for her.
#[derive(Debug, Clone)]
pub struct RollLine {
    pub entry: RollRow,
    pub name: String,
    pub id_masked: String,
    pub phone_masked: Option<String>,
    /// Her delivery's `still_eligible`, when delivered.
    pub still_eligible: Option<bool>,
    /// Her screening result's id, when one is recorded.
    pub result_id: Option<i64>,
}

#[derive(Iden, Clone, Copy)]
#[iden = "r"]
struct R;

#[derive(Iden, Clone, Copy)]
#[iden = "d"]
struct D;

#[derive(Iden, Clone, Copy)]
#[iden = "s"]
struct S;

/// Who a row is about, from the registry joined as `p`: her `name` and `id_masked` (empty when
/// she has gone from the registry).
fn who_columns() -> [sea_query::SelectExpr; 2] {
    [(People::Name, "name"), (People::IdMasked, "id_masked")].map(|(column, alias)| {
        sea_query::SelectExpr {
            expr: Func::coalesce([Expr::col((P, column)).into(), Expr::val("").into()]).into(),
            alias: Some(sea_query::IntoIden::into_iden(Alias::new(alias))),
            window: None,
        }
    })
}

/// `alias.cycle_id = r.cycle_id AND alias.person_id = r.person_id`: the row (a delivery, a
/// screening result) of the roll entry's cycle and person.
fn of_roll_entry<C: Iden + 'static>(
    alias: impl Iden + Copy + 'static,
    cycle_id: C,
    person_id: C,
) -> Cond {
    Cond::all()
        .add(Expr::col((alias, cycle_id)).equals((R, ProgramRoll::CycleId)))
        .add(Expr::col((alias, person_id)).equals((R, ProgramRoll::PersonId)))
}

/// The roll (`r`) joined to the registry (`p`), the deliveries (`d`) and the results (`s`).
fn roll_lines_select() -> SelectStatement {
    select_as::<RollRow>(R)
        .exprs(who_columns())
        .expr_as(
            Expr::col((P, People::PhoneMasked)),
            Alias::new("phone_masked"),
        )
        .expr_as(
            Expr::col((D, ProgramDeliveries::StillEligible)),
            Alias::new("still_eligible"),
        )
        .expr_as(
            Expr::col((S, ScreeningResults::Id)),
            Alias::new("result_id"),
        )
        .join_as(
            JoinType::LeftJoin,
            People::Table,
            P,
            Expr::col((P, People::Id)).equals((R, ProgramRoll::PersonId)),
        )
        .join_as(
            JoinType::LeftJoin,
            ProgramDeliveries::Table,
            D,
            of_roll_entry(D, ProgramDeliveries::CycleId, ProgramDeliveries::PersonId),
        )
        .join_as(
            JoinType::LeftJoin,
            ScreeningResults::Table,
            S,
            of_roll_entry(S, ScreeningResults::CycleId, ScreeningResults::PersonId),
        )
        .take()
}

fn roll_line_of(r: &crate::Row) -> Result<RollLine, DbError> {
    Ok(RollLine {
        entry: RollRow::read(r)?,
        name: r.get("name")?,
        id_masked: r.get("id_masked")?,
        phone_masked: r.get("phone_masked")?,
        still_eligible: r.get("still_eligible")?,
        result_id: r.get("result_id")?,
    })
}

fn roll_lines_in(scope: &Scope, cycle_id: i64, f: &RollFilter) -> Cond {
    Cond::all()
        .add(Expr::col((R, ProgramRoll::CycleId)).eq(cycle_id))
        .add(in_units((R, ProgramRoll::UnitCode), &scope.unit_range()))
        .add_option(
            f.units
                .as_ref()
                .map(|u| in_units((R, ProgramRoll::UnitCode), u)),
        )
        .add_option(
            f.status
                .as_deref()
                .map(|s| Expr::col((R, ProgramRoll::Status)).eq(s)),
        )
        .add_option(
            f.person_ids
                .as_ref()
                .map(|ids| Expr::col((R, ProgramRoll::PersonId)).is_in(ids.iter().copied())),
        )
}

/// A page of a cycle's roll in the caller's subtree with who each entry is, by unit and
/// person (`limit` 0: all of it, for a printed list), and the total.
pub async fn roll_lines(
    ex: &mut Exec<'_>,
    scope: &Scope,
    cycle_id: i64,
    f: &RollFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<RollLine>, i64), DbError> {
    let condition = roll_lines_in(scope, cycle_id, f);
    let q = ex.build(
        Query::select()
            .expr(Expr::col(sea_query::Asterisk).count())
            .from_as(ProgramRoll::Table, R)
            .cond_where(condition.clone()),
    );
    let total = ex.fetch_scalar(q).await?;
    let mut select = roll_lines_select();
    select
        .cond_where(condition)
        .order_by((R, ProgramRoll::UnitCode), Order::Asc)
        .order_by((R, ProgramRoll::PersonId), Order::Asc);
    if limit > 0 {
        select.limit(limit).offset(offset);
    }
    let q = ex.build(&select);
    let rows = ex.fetch_all(q).await?;
    Ok((
        rows.iter().map(roll_line_of).collect::<Result<_, _>>()?,
        total,
    ))
}

/// One person's roll line, when her frozen unit is in the caller's subtree.
pub async fn roll_line(
    ex: &mut Exec<'_>,
    scope: &Scope,
    cycle_id: i64,
    person_id: i64,
) -> Result<Option<RollLine>, DbError> {
    let f = RollFilter {
        person_ids: Some(vec![person_id]),
        ..RollFilter::default()
    };
    let mut select = roll_lines_select();
    select.cond_where(roll_lines_in(scope, cycle_id, &f));
    let q = ex.build(&select);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(roll_line_of)
        .transpose()
}

/// The sealed phones of people of a roll the caller has read (`roll_lines`), for the calling
/// officer's list.
pub async fn sealed_phones(
    ex: &mut Exec<'_>,
    ids: &[i64],
) -> Result<Vec<(i64, Option<Vec<u8>>)>, DbError> {
    crate::people::column_of(ex, ids, People::PhoneCipher).await
}

/// A person's entry on a cycle's roll, when her frozen unit is in the caller's subtree.
pub async fn roll_entry(
    ex: &mut Exec<'_>,
    scope: &Scope,
    cycle_id: i64,
    person_id: i64,
) -> Result<Option<RollRow>, DbError> {
    let q = ex.build(
        select_of::<RollRow>()
            .cond_where(roll_in(scope, cycle_id))
            .and_where(Expr::col(ProgramRoll::PersonId).eq(person_id)),
    );
    fetch_row(ex, q, RollRow::read).await
}

pub async fn set_status(
    ex: &mut Exec<'_>,
    scope: &Scope,
    cycle_id: i64,
    person_id: i64,
    status: &str,
    at: i64,
) -> Result<u64, DbError> {
    let q = ex.build(
        Query::update()
            .table(ProgramRoll::Table)
            .value(ProgramRoll::Status, status)
            .value(ProgramRoll::StatusAt, at)
            .cond_where(roll_in(scope, cycle_id))
            .and_where(Expr::col(ProgramRoll::PersonId).eq(person_id)),
    );
    ex.execute(q).await
}

/// Records a delivery (the caller has found the entry in her scope); a second one for the same
/// person and cycle is refused by the unique key.
pub async fn insert_delivery(ex: &mut Exec<'_>, r: &DeliveryRow) -> Result<(), DbError> {
    insert(ex, r).await
}

/// A person's delivery of a cycle (the caller found her entry in her scope).
pub async fn delivery_of(
    ex: &mut Exec<'_>,
    cycle_id: i64,
    person_id: i64,
) -> Result<Option<DeliveryRow>, DbError> {
    let q = ex.build(
        select_of::<DeliveryRow>()
            .and_where(Expr::col(ProgramDeliveries::CycleId).eq(cycle_id))
            .and_where(Expr::col(ProgramDeliveries::PersonId).eq(person_id)),
    );
    fetch_row(ex, q, DeliveryRow::read).await
}

pub async fn insert_result(ex: &mut Exec<'_>, r: &ResultRow) -> Result<(), DbError> {
    insert(ex, r).await
}

/// A cycle's screening results in the caller's subtree, optionally of one person.
pub async fn results(
    ex: &mut Exec<'_>,
    scope: &Scope,
    cycle_id: i64,
    person_id: Option<i64>,
) -> Result<Vec<ResultRow>, DbError> {
    let q = ex.build(
        select_of::<ResultRow>()
            .and_where(Expr::col(ScreeningResults::CycleId).eq(cycle_id))
            .and_where(in_units(ScreeningResults::UnitCode, &scope.unit_range()))
            .and_where_option(person_id.map(|id| Expr::col(ScreeningResults::PersonId).eq(id)))
            .order_by(ScreeningResults::UnitCode, Order::Asc)
            .order_by(ScreeningResults::PersonId, Order::Asc),
    );
    fetch_rows(ex, q, ResultRow::read).await
}

/// One unit's figures of a cycle: people on the roll, those still waiting to be reached
/// (`invited`), those delivered and those with a screening result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCoverage {
    pub unit_code: String,
    pub eligible: i64,
    pub waiting: i64,
    pub delivered: i64,
    pub screened: i64,
}

/// A cycle's roll, deliveries and screening results per (frozen) unit in the caller's subtree.
pub async fn coverage(
    ex: &mut Exec<'_>,
    scope: &Scope,
    cycle_id: i64,
) -> Result<Vec<UnitCoverage>, DbError> {
    let count_of_status = |status: &str| {
        Func::coalesce([
            Expr::cust(format!(
                "SUM(CASE WHEN status = '{status}' THEN 1 ELSE 0 END)"
            )),
            Expr::val(0).into(),
        ])
    };
    let q = ex.build(
        Query::select()
            .column(ProgramRoll::UnitCode)
            .expr_as(
                Expr::col(sea_query::Asterisk).count(),
                Alias::new("eligible"),
            )
            .expr_as(count_of_status("invited"), Alias::new("waiting"))
            .expr_as(count_of_status("delivered"), Alias::new("delivered"))
            .from(ProgramRoll::Table)
            .cond_where(roll_in(scope, cycle_id))
            .group_by_col(ProgramRoll::UnitCode)
            .order_by(ProgramRoll::UnitCode, Order::Asc),
    );
    let mut out: Vec<UnitCoverage> = ex
        .fetch_all(q)
        .await?
        .iter()
        .map(|r| {
            Ok(UnitCoverage {
                unit_code: r.get("unit_code")?,
                eligible: r.get("eligible")?,
                waiting: r.get("waiting")?,
                delivered: r.get("delivered")?,
                screened: 0,
            })
        })
        .collect::<Result<_, DbError>>()?;
    let q = ex.build(
        Query::select()
            .column(ScreeningResults::UnitCode)
            .expr_as(
                Expr::col(sea_query::Asterisk).count(),
                Alias::new("screened"),
            )
            .from(ScreeningResults::Table)
            .and_where(Expr::col(ScreeningResults::CycleId).eq(cycle_id))
            .and_where(in_units(ScreeningResults::UnitCode, &scope.unit_range()))
            .group_by_col(ScreeningResults::UnitCode),
    );
    for r in ex.fetch_all(q).await? {
        let unit: String = r.get("unit_code")?;
        let screened: i64 = r.get("screened")?;
        if let Some(u) = out.iter_mut().find(|u| u.unit_code == unit) {
            u.screened = screened;
        }
    }
    Ok(out)
}
