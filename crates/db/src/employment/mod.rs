//! Employment: enterprises with their leaders and visits, jobs, seekers and recommendations,
//! events with check-ins and agreements, assistance, mentoring and outcomes. Contact phones and
//! visitors' names and phones arrive here encrypted (`*_cipher`) with their blind index.

use crate::schema::tables::{
    Assistance, EnterpriseLeaders, Enterprises, Events, Jobs, Mentorships, People, Seekers,
};
use crate::{sql, DbError, Exec, Query, Row};
use jinguo_domain::{Scope, UnitRange};
use sea_query::{
    Alias, Asterisk, BinOper, Cond, Expr, Func, IntoColumnRef, IntoTableRef, JoinType, LikeExpr,
    Order, Query as Select, SelectStatement, SimpleExpr, Value,
};

// ---- one table, one row type ----

/// A row of one table: its columns in order, how to read it and the values to write.
pub trait Record: Sized {
    const TABLE: &'static str;
    const COLUMNS: &'static [&'static str];
    fn read(r: &Row) -> Result<Self, DbError>;
    fn values(&self) -> Vec<Value>;
}

/// Declares a row struct of a table and its `Record` impl from one list of fields (the field
/// names are the column names).
macro_rules! record {
    ($(#[$m:meta])* pub struct $name:ident in $table:literal {
        $($(#[$fm:meta])* pub $field:ident: $ty:ty,)+
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name { $($(#[$fm])* pub $field: $ty,)+ }

        impl Record for $name {
            const TABLE: &'static str = $table;
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),+];

            fn read(r: &Row) -> Result<Self, DbError> {
                Ok($name { $($field: r.get(stringify!($field))?,)+ })
            }

            fn values(&self) -> Vec<Value> {
                vec![$(self.$field.clone().into()),+]
            }
        }
    };
}

/// `SELECT <columns> FROM <table>`
fn select_sql<R: Record>() -> String {
    format!("SELECT {} FROM {}", R::COLUMNS.join(", "), R::TABLE)
}

fn bind_all(mut q: Query, values: Vec<Value>) -> Query {
    for v in values {
        q = q.bind(v);
    }
    q
}

pub async fn insert<R: Record>(ex: &mut Exec<'_>, r: &R) -> Result<(), DbError> {
    insert_batch(ex, std::slice::from_ref(r), "").await?;
    Ok(())
}

/// Inserts rows a few hundred to a statement, `conflict` (an `ON CONFLICT …` clause or nothing) deciding
/// what a repeat does; returns how many rows were written.
pub async fn insert_batch<R: Record>(
    ex: &mut Exec<'_>,
    rows: &[R],
    conflict: &str,
) -> Result<u64, DbError> {
    let width = R::COLUMNS.len();
    // PostgreSQL binds at most 65,535 values to a statement; SQLite 32,766.
    let per_statement = (30_000 / width).min(500);
    let mut written = 0;
    for chunk in rows.chunks(per_statement) {
        let groups: Vec<String> = (0..chunk.len())
            .map(|r| {
                let marks: Vec<String> =
                    (1..=width).map(|c| format!("${}", r * width + c)).collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let text = format!(
            "INSERT INTO {} ({}) VALUES {} {conflict}",
            R::TABLE,
            R::COLUMNS.join(", "),
            groups.join(", ")
        );
        let values = chunk.iter().flat_map(Record::values).collect();
        written += ex.execute(bind_all(sql(text), values)).await?;
    }
    Ok(written)
}

/// Writes every column of a row but its id (the first column).
pub async fn update<R: Record>(ex: &mut Exec<'_>, r: &R) -> Result<(), DbError> {
    let sets: Vec<String> = R::COLUMNS
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    let text = format!("UPDATE {} SET {} WHERE id = $1", R::TABLE, sets.join(", "));
    ex.execute(bind_all(sql(text), r.values())).await?;
    Ok(())
}

pub async fn find<R: Record>(ex: &mut Exec<'_>, id: i64) -> Result<Option<R>, DbError> {
    let q = sql(format!("{} WHERE id = $1", select_sql::<R>())).bind(id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(R::read)
        .transpose()
}

/// The rows of one table with a column equal to a value, in an order.
async fn rows_where<R: Record>(
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

/// `SELECT <columns> FROM <table>`, to add conditions and an order to.
fn select_of<R: Record>() -> SelectStatement {
    Select::select()
        .columns(R::COLUMNS.iter().copied().map(Alias::new))
        .from(Alias::new(R::TABLE))
        .take()
}

/// `SELECT COUNT(*) FROM <table>` where a condition holds.
fn count_of(table: impl IntoTableRef, condition: Cond) -> SelectStatement {
    Select::select()
        .expr(Expr::col(Asterisk).count())
        .from(table)
        .cond_where(condition)
        .take()
}

/// `column BETWEEN lo AND hi`: the records of a subtree of units.
fn in_units(column: impl IntoColumnRef, units: &UnitRange) -> SimpleExpr {
    Expr::col(column).between(units.lo(), units.hi())
}

/// `lower(column) LIKE lower(<text anywhere>) ESCAPE '\'`: both sides lowered by the engine,
/// so letters match as it compares them.
fn contains_any_case(column: impl IntoColumnRef, text: &str) -> SimpleExpr {
    let pattern = SimpleExpr::from(Func::lower(Expr::val(contains_pattern(text))))
        .binary(BinOper::Escape, SimpleExpr::Constant('\\'.into()));
    SimpleExpr::from(Func::lower(Expr::col(column))).binary(BinOper::Like, pattern)
}

/// A LIKE pattern matching `text` anywhere, its wildcards escaped (used with `ESCAPE '\'`).
pub fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

async fn fetch_rows<T>(
    ex: &mut Exec<'_>,
    q: Query,
    read: fn(&Row) -> Result<T, DbError>,
) -> Result<Vec<T>, DbError> {
    ex.fetch_all(q).await?.iter().map(read).collect()
}

// The tables, one file each: declared after `record!` so they can use it.
mod assistance;
mod enterprises;
mod events;
mod jobs;
mod seekers;

pub use assistance::*;
pub use enterprises::*;
pub use events::*;
pub use jobs::*;
pub use seekers::*;
