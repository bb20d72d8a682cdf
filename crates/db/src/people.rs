//! Persons, their category tags and search terms. Sensitive columns arrive here already
//! encrypted (`*_cipher`) with their blind indexes (`*_index`); this module never sees plaintext
//! ID numbers, phones or addresses.

use crate::engine::Decodable;
use crate::record::{fetch, fetch_rows, insert_batch, pair, select_as, select_of, Record};
use crate::schema::tables::{CasePeople, Cases, ChildGuardians, People, PersonTags, PersonTerms};
use crate::{sql, DbError, Exec, IndexHint, Row};
use jinguo_domain::{Scope, UnitRange};
use sea_query::{
    Alias, Cond, Expr, Iden, IntoIden, LikeExpr, OnConflict, Order, Query, SelectStatement,
    SimpleExpr,
};

/// The names the queries here give their tables: `people AS p`, `person_terms AS t`, and
/// `case_people AS cp` joined to `cases AS c` for a caseworker's people.
#[derive(Iden, Clone, Copy)]
#[iden = "p"]
pub(crate) struct P;

#[derive(Iden, Clone, Copy)]
#[iden = "t"]
struct T;

#[derive(Iden, Clone, Copy)]
#[iden = "cp"]
struct Cp;

#[derive(Iden, Clone, Copy)]
#[iden = "c"]
struct C;

record! {
    pub struct PersonRow in People {
        pub id: i64,
        pub name: String,
        pub sex: String,
        /// The year only: the exact date is inside the sealed ID number (see docs/security.md).
        pub birth_year: i32,
        pub unit_code: String,
        pub id_cipher: Vec<u8>,
        pub id_masked: String,
        pub id_index: String,
        pub phone_cipher: Option<Vec<u8>>,
        pub phone_masked: Option<String>,
        pub phone_index: Option<String>,
        pub address_cipher: Option<Vec<u8>>,
        pub notes_cipher: Option<Vec<u8>>,
        pub ethnicity: Option<String>,
        pub education: Option<String>,
        pub marital_status: Option<String>,
        pub created_at: i64,
        pub updated_at: i64,
        pub deleted_at: Option<i64>,
        pub merged_into: Option<i64>,
    }
}

/// Rows per multi-row `INSERT`: bulk paths batch (sqlx pays ~16 µs per statement on SQLite).
pub const BATCH: usize = 400;

/// Adds `delta` living people to a unit's count.
async fn count_living(ex: &mut Exec<'_>, unit_code: &str, delta: i64) -> Result<(), DbError> {
    ex.execute(
        sql(
            "INSERT INTO unit_people (unit_code, living) VALUES ($1, $2) \
             ON CONFLICT (unit_code) DO UPDATE SET living = unit_people.living + excluded.living",
        )
        .bind(unit_code)
        .bind(delta),
    )
    .await?;
    Ok(())
}

/// The unit of a living person (before a change moves or retires them).
async fn living_unit(ex: &mut Exec<'_>, id: i64) -> Result<Option<String>, DbError> {
    let row = ex
        .fetch_optional(
            sql("SELECT unit_code FROM people WHERE id = $1 AND deleted_at IS NULL").bind(id),
        )
        .await?;
    row.map(|r| r.get("unit_code")).transpose()
}

/// Inserts persons with one multi-row statement per batch.
pub async fn insert_many(ex: &mut Exec<'_>, rows: &[PersonRow]) -> Result<(), DbError> {
    let mut per_unit: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
    for row in rows.iter().filter(|r| r.deleted_at.is_none()) {
        *per_unit.entry(row.unit_code.as_str()).or_default() += 1;
    }
    for (unit, n) in per_unit {
        count_living(ex, unit, n).await?;
    }
    insert_batch(ex, rows, None).await?;
    Ok(())
}

/// Overwrites every column of an existing person but its id and creation time.
pub async fn update(ex: &mut Exec<'_>, row: &PersonRow) -> Result<(), DbError> {
    if let Some(before) = living_unit(ex, row.id).await? {
        if before != row.unit_code {
            count_living(ex, &before, -1).await?;
            count_living(ex, &row.unit_code, 1).await?;
        }
    }
    let mut update = Query::update();
    update.table(People::Table);
    for (column, value) in PersonRow::COLUMNS.iter().zip(row.values()).skip(1) {
        if *column != "created_at" {
            update.value(Alias::new(*column), value);
        }
    }
    update.and_where(Expr::col(People::Id).eq(row.id));
    let q = ex.build(&update);
    ex.execute(q).await?;
    Ok(())
}

fn select_people() -> SelectStatement {
    select_as::<PersonRow>(P)
}

fn in_scope(scope: &Scope) -> Cond {
    let (lo, hi) = scope.unit_range().into_bounds();
    let cond = Cond::all().add(p(People::UnitCode).between(lo, hi));
    match scope.people_of_cases_of() {
        Some(user_id) => cond.add(p(People::Id).in_subquery(people_of_cases_of(user_id))),
        None => cond,
    }
}

/// The people of the cases a caseworker handles, or took in while they are not restricted —
/// the same cases `cases::Visibility` shows her.
fn people_of_cases_of(user_id: i64) -> SelectStatement {
    let cp = |column: CasePeople| Expr::col((Cp, column));
    let c = |column: Cases| Expr::col((C, column));
    let mut sub = Query::select();
    sub.column((Cp, CasePeople::PersonId))
        .from_as(CasePeople::Table, Cp)
        .join_as(
            sea_query::JoinType::InnerJoin,
            Cases::Table,
            C,
            cp(CasePeople::CaseId).equals((C, Cases::Id)),
        )
        .cond_where(
            Cond::any().add(c(Cases::HandlerId).eq(user_id)).add(
                Cond::all()
                    .add(c(Cases::CreatedBy).eq(user_id))
                    .add(c(Cases::Restricted).eq(false)),
            ),
        );
    sub
}

/// A living person the scope reaches.
pub async fn find(ex: &mut Exec<'_>, scope: &Scope, id: i64) -> Result<Option<PersonRow>, DbError> {
    let mut select = select_people();
    select
        .cond_where(in_scope(scope))
        .and_where(p(People::Id).eq(id))
        .and_where(p(People::DeletedAt).is_null());
    Ok(fetch_people(ex, &select).await?.into_iter().next())
}

/// The living person holding an ID number (by its blind index), wherever they are registered:
/// a duplicate must be found even outside the caller's scope.
pub async fn find_by_id_index(
    ex: &mut Exec<'_>,
    id_index: &str,
) -> Result<Option<PersonRow>, DbError> {
    let mut select = select_people();
    select
        .and_where(p(People::IdIndex).eq(id_index))
        .and_where(p(People::DeletedAt).is_null());
    Ok(fetch_people(ex, &select).await?.into_iter().next())
}

/// The living person with this phone (by its blind index), wherever registered; the earliest
/// registered when several share it.
pub async fn find_by_phone_index(
    ex: &mut Exec<'_>,
    phone_index: &str,
) -> Result<Option<PersonRow>, DbError> {
    let mut select = select_people();
    select
        .and_where(p(People::PhoneIndex).eq(phone_index))
        .and_where(p(People::DeletedAt).is_null())
        .order_by((P, People::Id), Order::Asc)
        .limit(1);
    Ok(fetch_people(ex, &select).await?.into_iter().next())
}

/// Living persons holding any of these ID blind indexes (imports match a batch at once).
pub async fn find_many_by_id_index(
    ex: &mut Exec<'_>,
    indexes: &[String],
) -> Result<Vec<PersonRow>, DbError> {
    let mut found = Vec::new();
    for chunk in indexes.chunks(BATCH) {
        let mut select = select_people();
        select
            .and_where(p(People::IdIndex).is_in(chunk.iter().map(String::as_str)))
            .and_where(p(People::DeletedAt).is_null());
        let q = ex.build(&select);
        for row in ex.fetch_all(q).await? {
            found.push(PersonRow::read(&row)?);
        }
    }
    Ok(found)
}

/// What a list or search asks for, inside the caller's scope.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Person ids must have one of these search terms.
    pub any_term: Option<Vec<String>>,
    /// The name must contain this text (long name queries, checked after the term look-up).
    pub name_contains: Option<String>,
    /// A name equal to this ranks first.
    pub exact_name: Option<String>,
    /// Exact look-ups by blind index.
    pub id_index: Option<String>,
    pub phone_index: Option<String>,
    /// A unit whose subtree narrows the list: (lowest, highest) code.
    pub unit_range: Option<UnitRange>,
    pub tag: Option<String>,
    pub sex: Option<String>,
    /// An age band, as far as the database can tell it.
    pub age: Option<AgeFilter>,
    /// Only the children of the children's work: people with a guardian link (`children.rs`).
    pub children_only: bool,
}

/// The people of an age band: those born in the years wholly inside it, and those of its edge
/// years whose exact age (from the sealed ID number, checked by the app) is inside.
#[derive(Debug, Clone, Default)]
pub struct AgeFilter {
    /// Every birth year some day of which may be inside (inclusive; `None` is open): the range
    /// the index is read in.
    pub years: (Option<i32>, Option<i32>),
    /// Birth years wholly inside (inclusive; `None` is open), or `None` when no year is.
    pub whole_years: Option<(Option<i32>, Option<i32>)>,
    /// People of the edge years who are inside the band.
    pub edge_people: Vec<i64>,
}

impl AgeFilter {
    fn condition(&self) -> Cond {
        let inside = match self.whole_years {
            None => Cond::any(),
            Some((None, None)) => Cond::any().add(p(People::BirthYear).is_not_null()),
            Some((lo, hi)) => Cond::any().add(
                Cond::all()
                    .add_option(lo.map(|lo| p(People::BirthYear).gte(lo)))
                    .add_option(hi.map(|hi| p(People::BirthYear).lte(hi))),
            ),
        };
        let (lo, hi) = self.years;
        Cond::all()
            .add_option(lo.map(|lo| p(People::BirthYear).gte(lo)))
            .add_option(hi.map(|hi| p(People::BirthYear).lte(hi)))
            .add(inside.add(edge_people_in(&self.edge_people)))
    }
}

/// The index that counts people by age without reading the table (see migration 9).
const BY_BIRTH_YEAR: &str = "people_living_birth_year";

/// On SQLite, the count of a list filtered by age through `BY_BIRTH_YEAR`. Without statistics
/// the planner walks the unit's index instead and reads every person of the unit (seconds for a
/// district of a million). A look-up by ID number, phone or search term is narrower still.
fn count_by_birth_year(ex: &Exec<'_>, f: &Filter, q: crate::Query) -> crate::Query {
    let by_age =
        f.age.is_some() && f.id_index.is_none() && f.phone_index.is_none() && f.any_term.is_none();
    if ex.engine() == crate::Engine::Sqlite && by_age {
        q.sqlite_index_hint("people", "p", IndexHint::IndexedBy(BY_BIRTH_YEAR))
    } else {
        q
    }
}

/// `p.id IN (…)` with the ids written into the text: integers from the database itself, and a
/// band's edge years can hold more people than a statement may bind parameters (PostgreSQL takes
/// 65,535). No ids: a condition nobody meets.
fn edge_people_in(ids: &[i64]) -> SimpleExpr {
    if ids.is_empty() {
        return Expr::cust("1 = 0");
    }
    let mut list = String::with_capacity(ids.len() * 20);
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        list.push_str(&id.to_string());
    }
    Expr::cust(format!("p.id IN ({list})"))
}

impl Filter {
    /// No condition at all: the whole scope.
    pub fn is_unfiltered(&self) -> bool {
        self.unit_range.is_none() && self.narrows_only_by_unit()
    }

    /// Nothing but (possibly) a unit: the per-unit counts answer the total.
    pub fn narrows_only_by_unit(&self) -> bool {
        self.any_term.is_none()
            && self.name_contains.is_none()
            && self.id_index.is_none()
            && self.phone_index.is_none()
            && self.tag.is_none()
            && self.sex.is_none()
            && self.age.is_none()
            && !self.children_only
    }
}

fn p(column: People) -> Expr {
    Expr::col((P, column))
}

pub(crate) fn condition(scope: &Scope, f: &Filter) -> Cond {
    let mut c = in_scope(scope).add(p(People::DeletedAt).is_null());
    if let Some(terms) = &f.any_term {
        let mut sub = Query::select();
        sub.column(PersonTerms::PersonId)
            .from(PersonTerms::Table)
            .and_where(Expr::col(PersonTerms::Term).is_in(terms.iter().map(String::as_str)));
        c = c.add(p(People::Id).in_subquery(sub));
    }
    if let Some(text) = &f.name_contains {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        c = c.add(p(People::Name).like(LikeExpr::new(format!("%{escaped}%")).escape('\\')));
    }
    if let Some(index) = &f.id_index {
        c = c.add(p(People::IdIndex).eq(index.as_str()));
    }
    if let Some(index) = &f.phone_index {
        c = c.add(p(People::PhoneIndex).eq(index.as_str()));
    }
    if let Some(units) = &f.unit_range {
        c = c.add(p(People::UnitCode).between(units.lo(), units.hi()));
    }
    if let Some(tag) = &f.tag {
        let mut sub = Query::select();
        sub.column(PersonTags::PersonId)
            .from(PersonTags::Table)
            .and_where(Expr::col(PersonTags::Tag).eq(tag.as_str()));
        c = c.add(p(People::Id).in_subquery(sub));
    }
    if let Some(sex) = &f.sex {
        c = c.add(p(People::Sex).eq(sex.as_str()));
    }
    if let Some(age) = &f.age {
        c = c.add(age.condition());
    }
    if f.children_only {
        let mut sub = Query::select();
        sub.column(ChildGuardians::ChildId)
            .from(ChildGuardians::Table);
        c = c.add(p(People::Id).in_subquery(sub));
    }
    c
}

/// A person's birth year and sealed ID number (which holds the exact date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedBirth {
    pub person_id: i64,
    pub birth_year: i32,
    pub id_cipher: Vec<u8>,
}

impl SealedBirth {
    fn from_row(r: &Row) -> Result<SealedBirth, DbError> {
        Ok(SealedBirth {
            person_id: r.get("id")?,
            birth_year: r.get("birth_year")?,
            id_cipher: r.get("id_cipher")?,
        })
    }
}

impl From<&PersonRow> for SealedBirth {
    fn from(row: &PersonRow) -> SealedBirth {
        SealedBirth {
            person_id: row.id,
            birth_year: row.birth_year,
            id_cipher: row.id_cipher.clone(),
        }
    }
}

fn select_births() -> SelectStatement {
    let mut select = Query::select();
    select
        .columns([People::Id, People::BirthYear, People::IdCipher].map(|c| (P, c)))
        .from_as(People::Table, P);
    select
}

/// The people of a list or search (its age band left out) born in `years`: the candidates of a
/// band's edge years, whose exact age the app checks.
pub async fn born_in(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &Filter,
    years: &[i32],
) -> Result<Vec<SealedBirth>, DbError> {
    if years.is_empty() {
        return Ok(Vec::new());
    }
    let rest = Filter {
        age: None,
        ..f.clone()
    };
    let mut select = select_births();
    select
        .cond_where(condition(scope, &rest))
        .and_where(p(People::BirthYear).is_in(years.iter().copied()));
    let q = ex.build(&select);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(SealedBirth::from_row)
        .collect()
}

/// The birth years and sealed ID numbers of these people (of a case or a household the caller
/// already reached), living or not.
pub async fn births_of(ex: &mut Exec<'_>, ids: &[i64]) -> Result<Vec<SealedBirth>, DbError> {
    let select = |chunk: &[i64]| {
        select_births()
            .and_where(p(People::Id).is_in(chunk.iter().copied()))
            .take()
    };
    in_batches(ex, ids, select, SealedBirth::from_row).await
}

/// The names of these people, living or not.
pub async fn names(ex: &mut Exec<'_>, ids: &[i64]) -> Result<Vec<(i64, String)>, DbError> {
    column_of(ex, ids, People::Name).await
}

/// One column of these people, living or not, beside their ids.
pub(crate) async fn column_of<T: Decodable>(
    ex: &mut Exec<'_>,
    ids: &[i64],
    column: People,
) -> Result<Vec<(i64, T)>, DbError> {
    let column = column.into_iden();
    let select = |chunk: &[i64]| {
        Query::select()
            .column(People::Id)
            .column(column.clone())
            .from(People::Table)
            .and_where(Expr::col(People::Id).is_in(chunk.iter().copied()))
            .take()
    };
    in_batches(ex, ids, select, pair).await
}

/// What a select of some people reads, asked `BATCH` ids at a time.
async fn in_batches<T>(
    ex: &mut Exec<'_>,
    ids: &[i64],
    select: impl Fn(&[i64]) -> SelectStatement,
    read: fn(&Row) -> Result<T, DbError>,
) -> Result<Vec<T>, DbError> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH) {
        let q = ex.build(&select(chunk));
        found.extend(fetch_rows(ex, q, read).await?);
    }
    Ok(found)
}

/// A page of persons (exact name matches first, then by unit and registration) and the total.
pub async fn list(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &Filter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<PersonRow>, i64), DbError> {
    if let Some([term]) = f.any_term.as_deref() {
        return list_by_term(ex, scope, f, term, offset, limit).await;
    }
    let cond = condition(scope, f);
    let mut select = select_people();
    select.cond_where(cond.clone());
    if let Some(name) = &f.exact_name {
        let exact_first = Expr::case(p(People::Name).eq(name.as_str()), 0).finally(1);
        select.order_by_expr(exact_first.into(), Order::Asc);
    }
    select
        .order_by((P, People::UnitCode), Order::Asc)
        .order_by((P, People::Id), Order::Asc)
        .limit(limit)
        .offset(offset);
    let rows = fetch_people(ex, &select).await?;
    // The per-unit counts know nothing of a caseworker's cases: her total is a real count.
    let by_unit_counts = scope.people_of_cases_of().is_none() && f.narrows_only_by_unit();
    let total = match f.unit_range.as_ref().filter(|_| by_unit_counts) {
        _ if by_unit_counts && f.is_unfiltered() => count_in_scope(ex, scope).await?,
        Some(units) => {
            // The narrower of the scope and the chosen unit.
            let (lo, hi) = units.intersect(&scope.unit_range()).into_bounds();
            count_in_range(ex, &lo, &hi).await?
        }
        None => {
            let mut counting = Query::select();
            counting
                .expr(Expr::cust("COUNT(*)"))
                .from_as(People::Table, P)
                .cond_where(cond);
            let q = count_by_birth_year(ex, f, ex.build(&counting));
            ex.fetch_scalar(q).await?
        }
    };
    Ok((rows, total))
}

fn t(column: PersonTerms) -> Expr {
    Expr::col((T, column))
}

/// A search by one term walks that term's range of the term index in list order, in the
/// subtree only, and stops after the page; its total is a count of the same index range.
async fn list_by_term(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &Filter,
    term: &str,
    offset: u64,
    limit: u64,
) -> Result<(Vec<PersonRow>, i64), DbError> {
    let (lo, hi) = match &f.unit_range {
        Some(units) => units.intersect(&scope.unit_range()),
        None => scope.unit_range(),
    }
    .into_bounds();
    let rest = Filter {
        any_term: None,
        unit_range: None,
        exact_name: None,
        ..f.clone()
    };
    let in_range = Cond::all()
        .add(t(PersonTerms::Term).eq(term))
        .add(t(PersonTerms::UnitCode).between(lo.as_str(), hi.as_str()));
    let cond = condition(scope, &rest).add(in_range.clone());
    let whole_range = rest.narrows_only_by_unit() && scope.people_of_cases_of().is_none();
    let total = count_by_term(ex, whole_range, &in_range, &cond).await?;
    let mut select = select_people();
    select.join_as(
        sea_query::JoinType::InnerJoin,
        PersonTerms::Table,
        T,
        t(PersonTerms::PersonId).equals((P, People::Id)),
    );
    select.cond_where(cond.clone());
    // Ranking exact names first sorts every hit; past a few thousand hits (a compound surname,
    // say) the page follows the index order instead, so it still comes from one short walk.
    if let Some(name) = f.exact_name.as_ref().filter(|_| total <= EXACT_FIRST_LIMIT) {
        let exact_first = Expr::case(p(People::Name).eq(name.as_str()), 0).finally(1);
        select.order_by_expr(exact_first.into(), Order::Asc);
    }
    select
        .order_by((T, PersonTerms::UnitCode), Order::Asc)
        .order_by((T, PersonTerms::PersonId), Order::Asc)
        .limit(limit)
        .offset(offset);
    let rows = fetch_people(ex, &select).await?;
    Ok((rows, total))
}

/// Hits up to which a term search ranks exact name matches first.
const EXACT_FIRST_LIMIT: i64 = 2_000;

async fn count_by_term(
    ex: &mut Exec<'_>,
    whole_range: bool,
    in_range: &Cond,
    cond: &Cond,
) -> Result<i64, DbError> {
    let mut counting = Query::select();
    counting
        .expr(Expr::cust("COUNT(*)"))
        .from_as(PersonTerms::Table, T);
    if whole_range {
        // Retired people have no terms: the index range alone is the answer.
        counting.cond_where(in_range.clone());
    } else {
        counting
            .join_as(
                sea_query::JoinType::InnerJoin,
                People::Table,
                P,
                t(PersonTerms::PersonId).equals((P, People::Id)),
            )
            .cond_where(cond.clone());
    }
    let q = ex.build(&counting);
    ex.fetch_scalar(q).await
}

/// Every person of a filtered list, a page at a time in id order (exports stream these).
pub async fn page_after(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &Filter,
    after_id: i64,
    limit: u64,
) -> Result<Vec<PersonRow>, DbError> {
    let mut select = select_people();
    select
        .cond_where(condition(scope, f))
        .and_where(p(People::Id).gt(after_id))
        .order_by((P, People::Id), Order::Asc)
        .limit(limit);
    fetch_people(ex, &select).await
}

async fn fetch_people(
    ex: &mut Exec<'_>,
    select: &SelectStatement,
) -> Result<Vec<PersonRow>, DbError> {
    fetch(ex, select).await
}

pub async fn tags_of(ex: &mut Exec<'_>, ids: &[i64]) -> Result<Vec<(i64, String)>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = Query::select();
    select
        .columns([PersonTags::PersonId, PersonTags::Tag])
        .from(PersonTags::Table)
        .and_where(Expr::col(PersonTags::PersonId).is_in(ids.iter().copied()))
        .order_by(PersonTags::Tag, Order::Asc);
    let q = ex.build(&select);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(|r| Ok((r.get("person_id")?, r.get("tag")?)))
        .collect()
}

/// Replaces the tags and search terms of these persons (batched). `fresh` persons were just
/// inserted and have none to delete.
pub async fn replace_tags_and_terms(
    ex: &mut Exec<'_>,
    ids: &[i64],
    fresh: bool,
    tags: &[(i64, String)],
    terms: &[Term],
) -> Result<(), DbError> {
    let existing = if fresh { &[][..] } else { ids };
    for chunk in existing.chunks(BATCH) {
        let ids = || chunk.iter().copied();
        let deletes = [
            Query::delete()
                .from_table(PersonTags::Table)
                .and_where(Expr::col(PersonTags::PersonId).is_in(ids()))
                .to_owned(),
            Query::delete()
                .from_table(PersonTerms::Table)
                .and_where(Expr::col(PersonTerms::PersonId).is_in(ids()))
                .to_owned(),
        ];
        for delete in &deletes {
            let q = ex.build(delete);
            ex.execute(q).await?;
        }
    }
    let tags: Vec<TagRow> = tags
        .iter()
        .map(|(person_id, tag)| TagRow {
            person_id: *person_id,
            tag: tag.clone(),
        })
        .collect();
    let repeat = OnConflict::columns([PersonTags::PersonId, PersonTags::Tag])
        .do_nothing()
        .to_owned();
    insert_batch(ex, &tags, Some(repeat)).await?;
    let repeat = OnConflict::columns([
        PersonTerms::Term,
        PersonTerms::UnitCode,
        PersonTerms::PersonId,
    ])
    .do_nothing()
    .to_owned();
    insert_batch(ex, terms, Some(repeat)).await?;
    Ok(())
}

record! {
    /// One search term of a person, filed under the person's unit.
    pub struct Term in PersonTerms {
        pub term: String,
        pub unit_code: String,
        pub person_id: i64,
    }
}

record! {
    /// One category tag of a person.
    pub struct TagRow in PersonTags {
        pub person_id: i64,
        pub tag: String,
    }
}

pub async fn soft_delete(
    ex: &mut Exec<'_>,
    id: i64,
    merged_into: Option<i64>,
    now: i64,
) -> Result<(), DbError> {
    if let Some(unit) = living_unit(ex, id).await? {
        count_living(ex, &unit, -1).await?;
    }
    // A retired record is no longer found by search.
    ex.execute(sql("DELETE FROM person_terms WHERE person_id = $1").bind(id))
        .await?;
    ex.execute(
        sql("UPDATE people SET deleted_at = $2, merged_into = $3, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .bind(merged_into),
    )
    .await?;
    Ok(())
}

record! {
    /// A person with a phone, as the demo fair's visitors are drawn from.
    pub struct PhoneHolderRow in People {
        pub id: i64,
        pub name: String,
        pub sex: String,
        pub id_cipher: Vec<u8>,
        pub unit_code: String,
        pub education: Option<String>,
        pub phone_cipher: Vec<u8>,
    }
}

/// Every person with a phone, oldest records first (the demo district's generator).
pub async fn phone_holders(ex: &mut Exec<'_>) -> Result<Vec<PhoneHolderRow>, DbError> {
    let s = select_of::<PhoneHolderRow>()
        .and_where(Expr::col(People::DeletedAt).is_null())
        .and_where(Expr::col(People::PhoneCipher).is_not_null())
        .order_by(People::Id, Order::Asc)
        .take();
    fetch(ex, &s).await
}

/// Living people in the scope, from the per-unit counts.
pub async fn count_in_scope(ex: &mut Exec<'_>, scope: &Scope) -> Result<i64, DbError> {
    if scope.people_of_cases_of().is_some() {
        let mut counting = Query::select();
        counting
            .expr(Expr::cust("COUNT(*)"))
            .from_as(People::Table, P)
            .cond_where(condition(scope, &Filter::default()));
        let q = ex.build(&counting);
        return ex.fetch_scalar(q).await;
    }
    let (lo, hi) = scope.unit_range().into_bounds();
    count_in_range(ex, &lo, &hi).await
}

async fn count_in_range(ex: &mut Exec<'_>, lo: &str, hi: &str) -> Result<i64, DbError> {
    let q: crate::Query =
        sql("SELECT CAST(COALESCE(SUM(living), 0) AS BIGINT) FROM unit_people WHERE unit_code BETWEEN $1 AND $2").bind(lo).bind(hi);
    ex.fetch_scalar(q).await
}
