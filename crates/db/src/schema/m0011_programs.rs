//! Migration 11, programs: care programs with their eligibility rule, cycles, the frozen roll of
//! each cycle, deliveries and screening results.

use super::columns::{
    big_integer, big_integer_null, binary, binary_null, boolean, id, integer, string, string_null,
    text, text_null, ForeignKeys,
};
use super::tables::{
    People, ProgramCycles, ProgramDeliveries, ProgramRoll, Programs, ScreeningResults, Units,
};
use super::without_rowid;
use crate::Engine;
use sea_query::{Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    // The rule is JSON (`jinguo_domain::programs::Rule`): data, not code. The description is
    // the program's public text (what the program gives), not about any person.
    let programs = Table::create()
        .table(Programs::Table)
        .col(id(Programs::Id, engine))
        .col(string(Programs::Name, 200))
        .col(string(Programs::Kind, 20))
        .col(string(Programs::UnitCode, 12))
        .col(string_null(Programs::Partners, 500))
        .col(text_null(Programs::Description))
        .col(text(Programs::Rule))
        .col(string(Programs::ResultReaders, 200))
        .col(big_integer_null(Programs::CreatedBy))
        .col(big_integer(Programs::CreatedAt))
        .col(big_integer(Programs::UpdatedAt))
        .references(Programs::UnitCode, Units::Table, Units::Code)
        .to_owned();
    let programs_unit = Index::create()
        .name("programs_unit")
        .table(Programs::Table)
        .col(Programs::UnitCode)
        .to_owned();

    // A cycle carries its program's unit, so its scope is read from the row itself.
    let cycles = Table::create()
        .table(ProgramCycles::Table)
        .col(id(ProgramCycles::Id, engine))
        .col(big_integer(ProgramCycles::ProgramId))
        .col(string(ProgramCycles::UnitCode, 12))
        .col(string(ProgramCycles::Title, 200))
        .col(string(ProgramCycles::StartsOn, 10))
        .col(string(ProgramCycles::EndsOn, 10))
        .col(string(ProgramCycles::ReferenceDate, 10))
        .col(string(ProgramCycles::BenefitKind, 10))
        .col(big_integer_null(ProgramCycles::AmountFen))
        .col(text_null(ProgramCycles::Goods))
        .col(big_integer_null(ProgramCycles::AccountId))
        .col(big_integer_null(ProgramCycles::CreatedBy))
        .col(big_integer(ProgramCycles::CreatedAt))
        .col(big_integer(ProgramCycles::GeneratedAt))
        .references(ProgramCycles::ProgramId, Programs::Table, Programs::Id)
        .to_owned();
    let cycles_program = Index::create()
        .name("program_cycles_program")
        .table(ProgramCycles::Table)
        .col(ProgramCycles::ProgramId)
        .to_owned();

    // The roll: one row per person per cycle, frozen at generation (her unit, the age she
    // reaches in the reference date's year, her tags then), so a cycle's figures never shift.
    let roll = Table::create()
        .table(ProgramRoll::Table)
        .col(big_integer(ProgramRoll::CycleId))
        .col(big_integer(ProgramRoll::PersonId))
        .col(string(ProgramRoll::UnitCode, 12))
        .col(integer(ProgramRoll::Age))
        .col(string(ProgramRoll::Tags, 600))
        .col(string(ProgramRoll::Status, 20))
        .col(big_integer(ProgramRoll::GeneratedAt))
        .col(big_integer_null(ProgramRoll::StatusAt))
        .primary_key(
            Index::create()
                .col(ProgramRoll::CycleId)
                .col(ProgramRoll::PersonId),
        )
        .references(
            ProgramRoll::CycleId,
            ProgramCycles::Table,
            ProgramCycles::Id,
        )
        .references(ProgramRoll::PersonId, People::Table, People::Id)
        .to_owned();
    // A community's part of a roll, and coverage per unit, are one range of this key.
    let roll_unit = Index::create()
        .name("program_roll_unit")
        .table(ProgramRoll::Table)
        .col(ProgramRoll::CycleId)
        .col(ProgramRoll::UnitCode)
        .col(ProgramRoll::Status)
        .to_owned();

    // Once per person per cycle: the unique key refuses a second delivery (409).
    let deliveries = Table::create()
        .table(ProgramDeliveries::Table)
        .col(id(ProgramDeliveries::Id, engine))
        .col(big_integer(ProgramDeliveries::CycleId))
        .col(big_integer(ProgramDeliveries::PersonId))
        .col(string(ProgramDeliveries::UnitCode, 12))
        .col(big_integer_null(ProgramDeliveries::AmountFen))
        .col(binary_null(ProgramDeliveries::NoteCipher))
        .col(boolean(ProgramDeliveries::StillEligible))
        .col(big_integer_null(ProgramDeliveries::CreatedBy))
        .col(big_integer(ProgramDeliveries::CreatedAt))
        .references(
            ProgramDeliveries::CycleId,
            ProgramCycles::Table,
            ProgramCycles::Id,
        )
        .to_owned();
    let deliveries_once = Index::create()
        .name("program_deliveries_once")
        .table(ProgramDeliveries::Table)
        .col(ProgramDeliveries::CycleId)
        .col(ProgramDeliveries::PersonId)
        .unique()
        .to_owned();

    // Health data: every finding (cervical, HPV, BI-RADS, referral, diagnosis, follow-up date)
    // is sealed together, bound to the row's id; only who, when and where stay plain.
    let results = Table::create()
        .table(ScreeningResults::Table)
        .col(id(ScreeningResults::Id, engine))
        .col(big_integer(ScreeningResults::CycleId))
        .col(big_integer(ScreeningResults::PersonId))
        .col(string(ScreeningResults::UnitCode, 12))
        .col(binary(ScreeningResults::ResultCipher))
        .col(big_integer_null(ScreeningResults::CreatedBy))
        .col(big_integer(ScreeningResults::CreatedAt))
        .references(
            ScreeningResults::CycleId,
            ProgramCycles::Table,
            ProgramCycles::Id,
        )
        .to_owned();
    let results_once = Index::create()
        .name("screening_results_once")
        .table(ScreeningResults::Table)
        .col(ScreeningResults::CycleId)
        .col(ScreeningResults::PersonId)
        .unique()
        .to_owned();

    vec![
        programs.build_any(b),
        programs_unit.build_any(b),
        cycles.build_any(b),
        cycles_program.build_any(b),
        without_rowid(roll.build_any(b), engine),
        roll_unit.build_any(b),
        deliveries.build_any(b),
        deliveries_once.build_any(b),
        results.build_any(b),
        results_once.build_any(b),
    ]
}
