//! The cycles running on a day that reach the caller, and who on their rolls in her subtree is
//! still waiting to be reached: the home page's cards of the staff who work the rolls.

use super::{in_units, reaching_in, CycleRow};
use crate::people::P;
use crate::record::{count_of, fetch_rows, Record};
use crate::schema::tables::{People, ProgramCycles, ProgramRoll};
use crate::{DbError, Exec};
use jinguo_domain::Scope;
use sea_query::{
    Alias, Cond, Expr, Func, Iden, JoinType, Order, Query, SelectStatement, SimpleExpr,
};

#[derive(Iden, Clone, Copy)]
#[iden = "c"]
struct C;

#[derive(Iden, Clone, Copy)]
#[iden = "r"]
struct R;

/// A cycle running today with its roll in the caller's subtree: how many are on it and how
/// many still wait to be reached.
#[derive(Debug, Clone)]
pub struct RunningCycle {
    pub cycle: CycleRow,
    pub roll_size: i64,
    pub waiting: i64,
}

fn running_on(day: &str, scope: &Scope) -> Cond {
    Cond::all()
        .add(reaching_in((C, ProgramCycles::UnitCode), scope))
        .add(Expr::col((C, ProgramCycles::StartsOn)).lte(day))
        .add(Expr::col((C, ProgramCycles::EndsOn)).gte(day))
}

/// `COUNT(*)` of the cycle's roll entries in the subtree (of one status, when given).
fn roll_count(scope: &Scope, status: Option<&str>) -> SelectStatement {
    count_of(
        ProgramRoll::Table,
        Cond::all()
            .add(
                Expr::col((ProgramRoll::Table, ProgramRoll::CycleId))
                    .equals((C, ProgramCycles::Id)),
            )
            .add(in_units(
                (ProgramRoll::Table, ProgramRoll::UnitCode),
                &scope.unit_range(),
            ))
            .add_option(status.map(|s| Expr::col((ProgramRoll::Table, ProgramRoll::Status)).eq(s))),
    )
}

/// The cycles running on `day` (from its first day to its last) of programs reaching the
/// caller, the soonest to end first.
pub async fn running_cycles(
    ex: &mut Exec<'_>,
    scope: &Scope,
    day: &str,
) -> Result<Vec<RunningCycle>, DbError> {
    let q = ex.build(
        Query::select()
            .columns(CycleRow::COLUMNS.iter().map(|c| (C, Alias::new(*c))))
            .expr_as(
                SimpleExpr::SubQuery(
                    None,
                    Box::new(roll_count(scope, None).into_sub_query_statement()),
                ),
                Alias::new("roll_size"),
            )
            .expr_as(
                SimpleExpr::SubQuery(
                    None,
                    Box::new(roll_count(scope, Some("invited")).into_sub_query_statement()),
                ),
                Alias::new("waiting"),
            )
            .from_as(ProgramCycles::Table, C)
            .cond_where(running_on(day, scope))
            .order_by((C, ProgramCycles::EndsOn), Order::Asc)
            .order_by((C, ProgramCycles::Id), Order::Asc),
    );
    fetch_rows(ex, q, |r| {
        Ok(RunningCycle {
            cycle: CycleRow::read(r)?,
            roll_size: r.get("roll_size")?,
            waiting: r.get("waiting")?,
        })
    })
    .await
}

/// Someone on a running cycle's roll not reached yet.
#[derive(Debug, Clone)]
pub struct Unreached {
    pub cycle_id: i64,
    pub cycle_title: String,
    pub ends_on: String,
    pub person_id: i64,
    pub unit_code: String,
    pub name: String,
}

fn unreached_in(day: &str, scope: &Scope) -> Cond {
    running_on(day, scope)
        .add(in_units((R, ProgramRoll::UnitCode), &scope.unit_range()))
        .add(Expr::col((R, ProgramRoll::Status)).eq("invited"))
}

fn unreached_from(q: &mut SelectStatement) -> &mut SelectStatement {
    q.from_as(ProgramRoll::Table, R).join_as(
        JoinType::InnerJoin,
        ProgramCycles::Table,
        C,
        Expr::col((C, ProgramCycles::Id)).equals((R, ProgramRoll::CycleId)),
    )
}

/// The first `limit` people of the caller's subtree still waiting on running cycles (the
/// cycle ending soonest first, then by unit) and how many there are in all.
pub async fn unreached(
    ex: &mut Exec<'_>,
    scope: &Scope,
    day: &str,
    limit: u64,
) -> Result<(Vec<Unreached>, i64), DbError> {
    let mut count = Query::select();
    count.expr(Expr::col((R, ProgramRoll::PersonId)).count());
    unreached_from(&mut count).cond_where(unreached_in(day, scope));
    let total = ex.fetch_scalar(ex.build(&count)).await?;
    let mut q = Query::select();
    q.expr_as(Expr::col((C, ProgramCycles::Id)), Alias::new("cycle_id"))
        .expr_as(
            Expr::col((C, ProgramCycles::Title)),
            Alias::new("cycle_title"),
        )
        .expr_as(Expr::col((C, ProgramCycles::EndsOn)), Alias::new("ends_on"))
        .expr_as(
            Expr::col((R, ProgramRoll::PersonId)),
            Alias::new("person_id"),
        )
        .expr_as(
            Expr::col((R, ProgramRoll::UnitCode)),
            Alias::new("unit_code"),
        )
        .expr_as(
            Func::coalesce([Expr::col((P, People::Name)).into(), Expr::val("").into()]),
            Alias::new("name"),
        );
    unreached_from(&mut q)
        .join_as(
            JoinType::LeftJoin,
            People::Table,
            P,
            Expr::col((P, People::Id)).equals((R, ProgramRoll::PersonId)),
        )
        .cond_where(unreached_in(day, scope))
        .order_by((C, ProgramCycles::EndsOn), Order::Asc)
        .order_by((R, ProgramRoll::UnitCode), Order::Asc)
        .order_by((R, ProgramRoll::PersonId), Order::Asc)
        .limit(limit);
    let rows = fetch_rows(ex, ex.build(&q), |r| {
        Ok(Unreached {
            cycle_id: r.get("cycle_id")?,
            cycle_title: r.get("cycle_title")?,
            ends_on: r.get("ends_on")?,
            person_id: r.get("person_id")?,
            unit_code: r.get("unit_code")?,
            name: r.get("name")?,
        })
    })
    .await?;
    Ok((rows, total))
}
