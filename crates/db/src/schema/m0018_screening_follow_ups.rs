//! Migration 18, follow-ups of abnormal screening results: each abnormal result opens one task
//! (due on the result's follow-up date, or a month after it was recorded) that stays open until
//! someone records what became of her — the outcome sealed, like the result it follows.

use super::columns::{big_integer_null, binary_null, id, string, string_null, ForeignKeys};
use super::tables::{People, ProgramCycles, ScreeningFollowUps, ScreeningResults};
use crate::Engine;
use sea_query::{ColumnDef, Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let big = |c: ScreeningFollowUps| ColumnDef::new(c).big_integer().not_null().to_owned();
    let follow_ups = Table::create()
        .table(ScreeningFollowUps::Table)
        .col(id(ScreeningFollowUps::Id, engine))
        .col(big(ScreeningFollowUps::ResultId))
        .col(big(ScreeningFollowUps::CycleId))
        .col(big(ScreeningFollowUps::PersonId))
        .col(string(ScreeningFollowUps::UnitCode, 12))
        .col(string(ScreeningFollowUps::DueOn, 10))
        .col(string_null(ScreeningFollowUps::DoneOn, 10))
        .col(binary_null(ScreeningFollowUps::OutcomeCipher))
        .col(big_integer_null(ScreeningFollowUps::ClosedBy))
        .col(big_integer_null(ScreeningFollowUps::ClosedAt))
        .col(big(ScreeningFollowUps::CreatedAt))
        .references(
            ScreeningFollowUps::ResultId,
            ScreeningResults::Table,
            ScreeningResults::Id,
        )
        .references(
            ScreeningFollowUps::CycleId,
            ProgramCycles::Table,
            ProgramCycles::Id,
        )
        .references(ScreeningFollowUps::PersonId, People::Table, People::Id)
        .to_owned();
    // One follow-up per result: the key backs "an abnormal result opens a follow-up" once.
    let once = Index::create()
        .name("screening_follow_ups_result")
        .table(ScreeningFollowUps::Table)
        .col(ScreeningFollowUps::ResultId)
        .unique()
        .to_owned();
    // The home card and the list read the open ones of a subtree, the earliest due first.
    let open_by_unit = Index::create()
        .name("screening_follow_ups_open")
        .table(ScreeningFollowUps::Table)
        .col(ScreeningFollowUps::ClosedAt)
        .col(ScreeningFollowUps::UnitCode)
        .col(ScreeningFollowUps::DueOn)
        .to_owned();
    let by_cycle = Index::create()
        .name("screening_follow_ups_cycle")
        .table(ScreeningFollowUps::Table)
        .col(ScreeningFollowUps::CycleId)
        .to_owned();
    vec![
        follow_ups.build_any(b),
        once.build_any(b),
        open_by_unit.build_any(b),
        by_cycle.build_any(b),
    ]
}
