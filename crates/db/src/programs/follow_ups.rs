//! The follow-ups abnormal screening results open: one per result, in the result's (frozen)
//! unit, open until its outcome is recorded. Every read takes the caller's `Scope`.

use super::{in_units, who_columns};
use crate::people::P;
use crate::record::{fetch_rows, find_in, insert, Record};
use crate::schema::tables::{People, ProgramCycles, Programs, ScreeningFollowUps};
use crate::{DbError, Exec};
use jinguo_domain::Scope;
use sea_query::{Alias, Cond, Expr, Iden, JoinType, Order, Query};

record! {
    pub struct FollowUpRow in ScreeningFollowUps {
        pub id: i64,
        pub result_id: i64,
        pub cycle_id: i64,
        pub person_id: i64,
        /// The result's unit (the roll entry's, frozen).
        pub unit_code: String,
        pub due_on: String,
        pub done_on: Option<String>,
        pub outcome_cipher: Option<Vec<u8>>,
        pub closed_by: Option<i64>,
        /// Open while `None`.
        pub closed_at: Option<i64>,
        pub created_at: i64,
    }
}

pub async fn insert_follow_up(ex: &mut Exec<'_>, r: &FollowUpRow) -> Result<(), DbError> {
    insert(ex, r).await
}

/// A follow-up of the caller's subtree (another subtree's is as absent as a missing one).
pub async fn find_follow_up(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<FollowUpRow>, DbError> {
    find_in(ex, scope, id).await
}

/// Records a follow-up's outcome, only while it is open: false when someone closed it first.
pub async fn close_follow_up(ex: &mut Exec<'_>, r: &FollowUpRow) -> Result<bool, DbError> {
    let q = ex.build(
        Query::update()
            .table(ScreeningFollowUps::Table)
            .value(ScreeningFollowUps::DoneOn, r.done_on.clone())
            .value(ScreeningFollowUps::OutcomeCipher, r.outcome_cipher.clone())
            .value(ScreeningFollowUps::ClosedBy, r.closed_by)
            .value(ScreeningFollowUps::ClosedAt, r.closed_at)
            .and_where(Expr::col(ScreeningFollowUps::Id).eq(r.id))
            .and_where(Expr::col(ScreeningFollowUps::ClosedAt).is_null()),
    );
    Ok(ex.execute(q).await? == 1)
}

/// Which follow-ups a list asks for, inside the caller's subtree.
#[derive(Debug, Clone, Default)]
pub struct FollowUpFilter {
    pub cycle_id: Option<i64>,
    pub person_id: Option<i64>,
    /// Only those still open (no outcome yet).
    pub open_only: bool,
}

/// A follow-up with what a list shows beside it: her cycle and program (and the roles the
/// program lets read results, which the app checks), and who she is.
#[derive(Debug, Clone)]
pub struct FollowUpLine {
    pub row: FollowUpRow,
    pub program_id: i64,
    pub program_name: String,
    pub result_readers: String,
    pub cycle_title: String,
    pub name: String,
    pub id_masked: String,
}

#[derive(Iden, Clone, Copy)]
#[iden = "f"]
struct F;

#[derive(Iden, Clone, Copy)]
#[iden = "c"]
struct C;

#[derive(Iden, Clone, Copy)]
#[iden = "g"]
struct G;

/// The follow-ups of the caller's subtree a filter asks for, the earliest due first.
pub async fn follow_up_lines(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &FollowUpFilter,
) -> Result<Vec<FollowUpLine>, DbError> {
    let condition = Cond::all()
        .add(in_units(
            (F, ScreeningFollowUps::UnitCode),
            &scope.unit_range(),
        ))
        .add_option(
            f.cycle_id
                .map(|id| Expr::col((F, ScreeningFollowUps::CycleId)).eq(id)),
        )
        .add_option(
            f.person_id
                .map(|id| Expr::col((F, ScreeningFollowUps::PersonId)).eq(id)),
        )
        .add_option(
            f.open_only
                .then(|| Expr::col((F, ScreeningFollowUps::ClosedAt)).is_null()),
        );
    let q = ex.build(
        Query::select()
            .columns(FollowUpRow::COLUMNS.iter().map(|c| (F, Alias::new(*c))))
            .expr_as(Expr::col((G, Programs::Id)), Alias::new("program_id"))
            .expr_as(Expr::col((G, Programs::Name)), Alias::new("program_name"))
            .expr_as(
                Expr::col((G, Programs::ResultReaders)),
                Alias::new("result_readers"),
            )
            .expr_as(
                Expr::col((C, ProgramCycles::Title)),
                Alias::new("cycle_title"),
            )
            .exprs(who_columns())
            .from_as(ScreeningFollowUps::Table, F)
            .join_as(
                JoinType::InnerJoin,
                ProgramCycles::Table,
                C,
                Expr::col((C, ProgramCycles::Id)).equals((F, ScreeningFollowUps::CycleId)),
            )
            .join_as(
                JoinType::InnerJoin,
                Programs::Table,
                G,
                Expr::col((G, Programs::Id)).equals((C, ProgramCycles::ProgramId)),
            )
            .join_as(
                JoinType::LeftJoin,
                People::Table,
                P,
                Expr::col((P, People::Id)).equals((F, ScreeningFollowUps::PersonId)),
            )
            .cond_where(condition)
            .order_by((F, ScreeningFollowUps::DueOn), Order::Asc)
            .order_by((F, ScreeningFollowUps::Id), Order::Asc),
    );
    fetch_rows(ex, q, |r| {
        Ok(FollowUpLine {
            row: FollowUpRow::read(r)?,
            program_id: r.get("program_id")?,
            program_name: r.get("program_name")?,
            result_readers: r.get("result_readers")?,
            cycle_title: r.get("cycle_title")?,
            name: r.get("name")?,
            id_masked: r.get("id_masked")?,
        })
    })
    .await
}

/// How many follow-ups (abnormal results) a cycle has per unit of the caller's subtree.
pub async fn follow_ups_by_unit(
    ex: &mut Exec<'_>,
    scope: &Scope,
    cycle_id: i64,
) -> Result<Vec<(String, i64)>, DbError> {
    let q = ex.build(
        Query::select()
            .column(ScreeningFollowUps::UnitCode)
            .expr_as(Expr::col(ScreeningFollowUps::Id).count(), Alias::new("n"))
            .from(ScreeningFollowUps::Table)
            .and_where(Expr::col(ScreeningFollowUps::CycleId).eq(cycle_id))
            .and_where(in_units(ScreeningFollowUps::UnitCode, &scope.unit_range()))
            .group_by_col(ScreeningFollowUps::UnitCode),
    );
    fetch_rows(ex, q, |r| Ok((r.get("unit_code")?, r.get("n")?))).await
}
