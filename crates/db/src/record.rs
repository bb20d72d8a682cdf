//! One table, one row type: the `Record` trait the `record!` macro (in `lib.rs`) implements, and
//! the statements every such table shares (insert in batches, update, find by id, select).

use crate::engine::Decodable;
use crate::{sql, DbError, Exec, Query, Row};
use jinguo_domain::{Scope, UnitCode};
use sea_query::{
    Alias, Asterisk, Cond, DynIden, Expr, IntoIden, IntoTableRef, OnConflict, SelectStatement,
    Value,
};

/// A row of one table: its columns in order, how to read it and the values to write.
pub(crate) trait Record: Sized {
    /// The columns, in the order of `values`: the row struct's field names.
    const COLUMNS: &'static [&'static str];
    /// The table, by its `schema::tables` name.
    fn table() -> DynIden;
    fn read(r: &Row) -> Result<Self, DbError>;
    fn values(&self) -> Vec<Value>;
}

/// The columns of a record as sea-query names.
fn columns<R: Record>() -> impl Iterator<Item = Alias> {
    R::COLUMNS.iter().copied().map(Alias::new)
}

/// `SELECT <columns> FROM <table>`, as text to add hand-written conditions to.
pub(crate) fn select_sql<R: Record>() -> String {
    format!(
        "SELECT {} FROM {}",
        R::COLUMNS.join(", "),
        R::table().to_string()
    )
}

pub(crate) fn bind_all(mut q: Query, values: impl IntoIterator<Item = impl Into<Value>>) -> Query {
    for v in values {
        q = q.bind(v);
    }
    q
}

pub(crate) async fn insert<R: Record>(ex: &mut Exec<'_>, r: &R) -> Result<(), DbError> {
    insert_batch(ex, std::slice::from_ref(r), None).await?;
    Ok(())
}

/// Inserts rows a few hundred to a statement, `conflict` deciding what a repeat does (nothing:
/// it is refused); returns how many rows were written.
pub(crate) async fn insert_batch<R: Record>(
    ex: &mut Exec<'_>,
    rows: &[R],
    conflict: Option<OnConflict>,
) -> Result<u64, DbError> {
    let width = R::COLUMNS.len();
    // PostgreSQL binds at most 65,535 values to a statement; SQLite 32,766.
    let per_statement = (30_000 / width).min(500);
    let mut written = 0;
    for chunk in rows.chunks(per_statement) {
        let mut insert = sea_query::Query::insert();
        insert.into_table(R::table()).columns(columns::<R>());
        for row in chunk {
            insert.values_panic(row.values().into_iter().map(Into::into));
        }
        if let Some(conflict) = &conflict {
            insert.on_conflict(conflict.clone());
        }
        let q = ex.build(&insert);
        written += ex.execute(q).await?;
    }
    Ok(written)
}

/// Writes every column of a row but its id (the first column).
pub(crate) async fn update<R: Record>(ex: &mut Exec<'_>, r: &R) -> Result<(), DbError> {
    let sets: Vec<String> = R::COLUMNS
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    let text = format!(
        "UPDATE {} SET {} WHERE id = $1",
        R::table().to_string(),
        sets.join(", ")
    );
    ex.execute(bind_all(sql(text), r.values())).await?;
    Ok(())
}

/// `SELECT <columns> FROM <table> WHERE <column> = $1 AND …`, and `AND unit_code BETWEEN …` of
/// the scope's subtree when there is one, `ORDER BY order` when it is not `""`: every look-up of
/// rows by their columns' values.
fn select_where<R: Record>(columns: &[(&str, Value)], scope: Option<&Scope>, order: &str) -> Query {
    let mut conditions: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (c, _))| format!("{c} = ${}", i + 1))
        .collect();
    let mut values: Vec<Value> = columns.iter().map(|(_, v)| v.clone()).collect();
    if let Some(scope) = scope {
        let n = values.len() + 1;
        conditions.push(format!("unit_code BETWEEN ${n} AND ${}", n + 1));
        let range = scope.unit_range();
        values.extend([range.lo().into(), range.hi().into()]);
    }
    let mut text = select_sql::<R>();
    if !conditions.is_empty() {
        text.push_str(&format!(" WHERE {}", conditions.join(" AND ")));
    }
    if !order.is_empty() {
        text.push_str(&format!(" ORDER BY {order}"));
    }
    bind_all(sql(text), values)
}

pub(crate) async fn find<R: Record>(ex: &mut Exec<'_>, id: i64) -> Result<Option<R>, DbError> {
    find_by(ex, &[("id", id.into())]).await
}

/// The row whose columns hold these values (columns unique together, or the first found).
pub(crate) async fn find_by<R: Record>(
    ex: &mut Exec<'_>,
    columns: &[(&str, Value)],
) -> Result<Option<R>, DbError> {
    fetch_row(ex, select_where::<R>(columns, None, ""), R::read).await
}

/// [`find_by`], of the scope's subtree only (a row of another subtree is as absent as a missing
/// one).
pub(crate) async fn find_by_in_scope<R: Record>(
    ex: &mut Exec<'_>,
    scope: &Scope,
    columns: &[(&str, Value)],
) -> Result<Option<R>, DbError> {
    fetch_row(ex, select_where::<R>(columns, Some(scope), ""), R::read).await
}

/// One row by id, when its `unit_code` lies inside the scope's subtree.
pub(crate) async fn find_in<R: Record>(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<R>, DbError> {
    find_by_in_scope(ex, scope, &[("id", id.into())]).await
}

/// The rows of one table with a column equal to a value, in an order.
pub(crate) async fn rows_where<R: Record>(
    ex: &mut Exec<'_>,
    column: &str,
    value: impl Into<Value>,
    order: &str,
) -> Result<Vec<R>, DbError> {
    let q = select_where::<R>(&[(column, value.into())], None, order);
    fetch_rows(ex, q, R::read).await
}

/// [`rows_where`], of the scope's subtree only.
pub(crate) async fn rows_where_in_scope<R: Record>(
    ex: &mut Exec<'_>,
    scope: &Scope,
    column: &str,
    value: impl Into<Value>,
    order: &str,
) -> Result<Vec<R>, DbError> {
    let q = select_where::<R>(&[(column, value.into())], Some(scope), order);
    fetch_rows(ex, q, R::read).await
}

/// Every row of the scope's subtree, in an order.
pub(crate) async fn rows_of_scope<R: Record>(
    ex: &mut Exec<'_>,
    scope: &Scope,
    order: &str,
) -> Result<Vec<R>, DbError> {
    fetch_rows(ex, select_where::<R>(&[], Some(scope), order), R::read).await
}

/// The units above `unit`, nearest first, as the division codes imply them.
pub(crate) fn units_above(unit: &UnitCode) -> Vec<String> {
    let mut above = Vec::new();
    let mut next = unit.implied_parent();
    while let Some(u) = next {
        above.push(u.as_str().to_owned());
        next = u.implied_parent();
    }
    above
}

/// `(<column> BETWEEN $n AND $n+1 OR <column> = $n+2 …)` from placeholder `n`, and its values:
/// the rows of the scope's subtree and of the units above it, which hold things for it (the
/// street's and the district's courses and award campaigns).
pub(crate) fn in_scope_or_above(scope: &Scope, column: &str, n: usize) -> (String, Vec<String>) {
    let range = scope.unit_range();
    let mut values = vec![range.lo().to_owned(), range.hi().to_owned()];
    let mut filter = format!("({column} BETWEEN ${n} AND ${}", n + 1);
    for (i, code) in units_above(scope.unit()).into_iter().enumerate() {
        filter.push_str(&format!(" OR {column} = ${}", n + 2 + i));
        values.push(code);
    }
    filter.push(')');
    (filter, values)
}

/// One row by id whose `unit_code` is [`in_scope_or_above`].
pub(crate) async fn find_in_scope_or_above<R: Record>(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<R>, DbError> {
    let (filter, values) = in_scope_or_above(scope, "unit_code", 1);
    let n = values.len() + 1;
    let q = sql(format!(
        "{} WHERE {filter} AND id = ${n}",
        select_sql::<R>()
    ));
    fetch_row(ex, bind_all(q, values).bind(id), R::read).await
}

/// The column a row of a person or an enterprise names it by, and the id: the person's when
/// both are given; `None` when neither is.
pub(crate) fn person_or_enterprise(
    person_id: Option<i64>,
    enterprise_id: Option<i64>,
) -> Option<(&'static str, i64)> {
    match (person_id, enterprise_id) {
        (Some(p), _) => Some(("person_id", p)),
        (None, Some(e)) => Some(("enterprise_id", e)),
        (None, None) => None,
    }
}

/// Ids as the text of an `IN (…)` list (numbers only, so nothing to bind).
pub(crate) fn in_list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows whose `column` is one of `ids`, in an `order` (`""`: any); no ids, no query.
pub(crate) async fn rows_in<R: Record>(
    ex: &mut Exec<'_>,
    column: &str,
    ids: &[i64],
    order: &str,
) -> Result<Vec<R>, DbError> {
    rows_among(ex, column, ids, None, order).await
}

/// [`rows_in`], of the scope's subtree only.
pub(crate) async fn rows_in_scope<R: Record>(
    ex: &mut Exec<'_>,
    scope: &Scope,
    column: &str,
    ids: &[i64],
    order: &str,
) -> Result<Vec<R>, DbError> {
    rows_among(ex, column, ids, Some(scope), order).await
}

async fn rows_among<R: Record>(
    ex: &mut Exec<'_>,
    column: &str,
    ids: &[i64],
    scope: Option<&Scope>,
    order: &str,
) -> Result<Vec<R>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut text = format!("{} WHERE {column} IN ({})", select_sql::<R>(), in_list(ids));
    if scope.is_some() {
        text.push_str(" AND unit_code BETWEEN $1 AND $2");
    }
    if !order.is_empty() {
        text.push_str(&format!(" ORDER BY {order}"));
    }
    let mut q = sql(text);
    if let Some(scope) = scope {
        let range = scope.unit_range();
        q = q.bind(range.lo().to_owned()).bind(range.hi().to_owned());
    }
    fetch_rows(ex, q, R::read).await
}

/// `SELECT <columns> FROM <table>`, to add conditions and an order to.
pub(crate) fn select_of<R: Record>() -> SelectStatement {
    sea_query::Query::select()
        .columns(columns::<R>())
        .from(R::table())
        .take()
}

/// `SELECT <alias>.<columns> FROM <table> AS <alias>`, for conditions written on the alias.
pub(crate) fn select_as<R: Record>(alias: impl IntoIden) -> SelectStatement {
    let alias = alias.into_iden();
    sea_query::Query::select()
        .columns(columns::<R>().map(|c| (alias.clone(), c)))
        .from_as(R::table(), alias)
        .take()
}

/// The rows a statement reads, as a record type.
pub(crate) async fn fetch<R: Record>(
    ex: &mut Exec<'_>,
    select: &SelectStatement,
) -> Result<Vec<R>, DbError> {
    let q = ex.build(select);
    fetch_rows(ex, q, R::read).await
}

/// `SELECT COUNT(*) FROM <table>` where a condition holds.
pub(crate) fn count_of(table: impl IntoTableRef, condition: Cond) -> SelectStatement {
    sea_query::Query::select()
        .expr(Expr::col(Asterisk).count())
        .from(table)
        .cond_where(condition)
        .take()
}

/// A page (`offset`, `limit`) of the rows where `condition` holds, read by `select` (a
/// [`select_of`] with its order), and how many rows hold it in all: a list page's rows.
pub(crate) async fn page<R: Record>(
    ex: &mut Exec<'_>,
    mut select: SelectStatement,
    condition: Cond,
    offset: u64,
    limit: u64,
) -> Result<(Vec<R>, i64), DbError> {
    let q = ex.build(&count_of(R::table(), condition.clone()));
    let total: i64 = ex.fetch_scalar(q).await?;
    let q = ex.build(select.cond_where(condition).limit(limit).offset(offset));
    Ok((fetch_rows(ex, q, R::read).await?, total))
}

/// The first row a query reads, if any, through its reader.
pub(crate) async fn fetch_row<T>(
    ex: &mut Exec<'_>,
    q: Query,
    read: fn(&Row) -> Result<T, DbError>,
) -> Result<Option<T>, DbError> {
    ex.fetch_optional(q).await?.as_ref().map(read).transpose()
}

/// A row of two columns as a pair (a key and its count, …): a reader for [`fetch_rows`].
pub(crate) fn pair<A: Decodable, B: Decodable>(r: &Row) -> Result<(A, B), DbError> {
    Ok((r.get_index(0)?, r.get_index(1)?))
}

/// The first column of a row: a reader for [`fetch_rows`].
pub(crate) fn first<T: Decodable>(r: &Row) -> Result<T, DbError> {
    r.get_index(0)
}

pub(crate) async fn fetch_rows<T>(
    ex: &mut Exec<'_>,
    q: Query,
    read: fn(&Row) -> Result<T, DbError>,
) -> Result<Vec<T>, DbError> {
    ex.fetch_all(q).await?.iter().map(read).collect()
}
