//! The holiday table: per day, a day off (`holiday`) or a worked weekend day (`workday`).
//! Installation-wide, not unit-owned: no scope (the app decides who may change it).

use crate::record::{fetch, insert, insert_batch, select_of};
use crate::schema::tables::Holidays;
use crate::{DbError, Exec};
use sea_query::{Expr, Order, Query};

record! {
    pub struct HolidayRow in Holidays {
        /// `YYYY-MM-DD`.
        pub day: String,
        /// `holiday` or `workday`.
        pub kind: String,
        pub name: String,
    }
}

fn year_range(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{year:04}-12-31"))
}

/// The days of one year, in date order.
pub async fn year(ex: &mut Exec<'_>, year: i32) -> Result<Vec<HolidayRow>, DbError> {
    let (first, last) = year_range(year);
    let select = select_of::<HolidayRow>()
        .and_where(Expr::col(Holidays::Day).between(first, last))
        .order_by(Holidays::Day, Order::Asc)
        .to_owned();
    fetch(ex, &select).await
}

/// The days from `first` (`YYYY-MM-DD`) on, in date order: what deadlines counted from a day
/// need to know.
pub async fn from(ex: &mut Exec<'_>, first: &str) -> Result<Vec<HolidayRow>, DbError> {
    let select = select_of::<HolidayRow>()
        .and_where(Expr::col(Holidays::Day).gte(first))
        .order_by(Holidays::Day, Order::Asc)
        .to_owned();
    fetch(ex, &select).await
}

/// How many days the table holds (none: a new database, which gets the shipped year).
pub async fn count(ex: &mut Exec<'_>) -> Result<i64, DbError> {
    let select = Query::select()
        .expr(Expr::col(Holidays::Day).count())
        .from(Holidays::Table)
        .to_owned();
    let q = ex.build(&select);
    ex.fetch_scalar(q).await
}

/// Replaces one year's days with `days` (all inside that year).
pub async fn replace_year(
    ex: &mut Exec<'_>,
    year: i32,
    days: &[HolidayRow],
) -> Result<(), DbError> {
    let (first, last) = year_range(year);
    let delete = Query::delete()
        .from_table(Holidays::Table)
        .and_where(Expr::col(Holidays::Day).between(first, last))
        .to_owned();
    let q = ex.build(&delete);
    ex.execute(q).await?;
    insert_batch(ex, days, None).await?;
    Ok(())
}

/// Adds one day (a day already in the table is a unique violation).
pub async fn add(ex: &mut Exec<'_>, day: &HolidayRow) -> Result<(), DbError> {
    insert(ex, day).await
}

/// Removes one day; returns whether it was there.
pub async fn remove(ex: &mut Exec<'_>, day: &str) -> Result<bool, DbError> {
    let delete = Query::delete()
        .from_table(Holidays::Table)
        .and_where(Expr::col(Holidays::Day).eq(day))
        .to_owned();
    let q = ex.build(&delete);
    Ok(ex.execute(q).await? > 0)
}
