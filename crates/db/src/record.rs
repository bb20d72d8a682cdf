//! One table, one row type: the `Record` trait the `record!` macro (in `lib.rs`) implements, and
//! the statements every such table shares (insert in batches, update, find by id, select).

use crate::{sql, DbError, Exec, Query, Row};
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

pub(crate) fn bind_all(mut q: Query, values: Vec<Value>) -> Query {
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

pub(crate) async fn find<R: Record>(ex: &mut Exec<'_>, id: i64) -> Result<Option<R>, DbError> {
    let q = sql(format!("{} WHERE id = $1", select_sql::<R>())).bind(id);
    fetch_row(ex, q, R::read).await
}

/// The row whose columns hold these values (columns unique together, or the first found).
pub(crate) async fn find_by<R: Record>(
    ex: &mut Exec<'_>,
    columns: &[(&str, Value)],
) -> Result<Option<R>, DbError> {
    let conditions: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (c, _))| format!("{c} = ${}", i + 1))
        .collect();
    let q = sql(format!(
        "{} WHERE {}",
        select_sql::<R>(),
        conditions.join(" AND ")
    ));
    let values = columns.iter().map(|(_, v)| v.clone()).collect();
    fetch_row(ex, bind_all(q, values), R::read).await
}

/// One row by id, when its `unit_code` lies inside the scope's subtree (a row of another
/// subtree is as absent as a missing one).
pub(crate) async fn find_in<R: Record>(
    ex: &mut Exec<'_>,
    scope: &jinguo_domain::Scope,
    id: i64,
) -> Result<Option<R>, DbError> {
    let range = scope.unit_range();
    let q = sql(format!(
        "{} WHERE id = $1 AND unit_code BETWEEN $2 AND $3",
        select_sql::<R>()
    ))
    .bind(id)
    .bind(range.lo())
    .bind(range.hi());
    fetch_row(ex, q, R::read).await
}

/// The rows of one table with a column equal to a value, in an order.
pub(crate) async fn rows_where<R: Record>(
    ex: &mut Exec<'_>,
    column: &str,
    value: impl Into<Value>,
    order: &str,
) -> Result<Vec<R>, DbError> {
    let q = sql(format!(
        "{} WHERE {column} = $1 ORDER BY {order}",
        select_sql::<R>()
    ))
    .bind(value);
    fetch_rows(ex, q, R::read).await
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
    scope: &jinguo_domain::Scope,
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
    scope: Option<&jinguo_domain::Scope>,
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

/// The first row a query reads, if any, through its reader.
pub(crate) async fn fetch_row<T>(
    ex: &mut Exec<'_>,
    q: Query,
    read: fn(&Row) -> Result<T, DbError>,
) -> Result<Option<T>, DbError> {
    ex.fetch_optional(q).await?.as_ref().map(read).transpose()
}

pub(crate) async fn fetch_rows<T>(
    ex: &mut Exec<'_>,
    q: Query,
    read: fn(&Row) -> Result<T, DbError>,
) -> Result<Vec<T>, DbError> {
    ex.fetch_all(q).await?.iter().map(read).collect()
}
