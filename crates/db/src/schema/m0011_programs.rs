//! Migration 11, programs: care programs with their eligibility rule, cycles, the frozen roll of
//! each cycle, deliveries and screening results.

use super::tables::{
    People, ProgramCycles, ProgramDeliveries, ProgramRoll, Programs, ScreeningResults, Units,
};
use super::{rowid, without_rowid};
use crate::Engine;
use sea_query::{ColumnDef, ForeignKey, Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    // The rule is JSON (`jinguo_domain::programs::Rule`): data, not code. The description is
    // the program's public text (what the program gives), not about any person.
    let programs = Table::create()
        .table(Programs::Table)
        .col(
            rowid(&mut ColumnDef::new(Programs::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Programs::Name).string_len(200).not_null())
        .col(ColumnDef::new(Programs::Kind).string_len(20).not_null())
        .col(ColumnDef::new(Programs::UnitCode).string_len(12).not_null())
        .col(ColumnDef::new(Programs::Partners).string_len(500).null())
        .col(ColumnDef::new(Programs::Description).text().null())
        .col(ColumnDef::new(Programs::Rule).text().not_null())
        .col(
            ColumnDef::new(Programs::ResultReaders)
                .string_len(200)
                .not_null(),
        )
        .col(ColumnDef::new(Programs::CreatedBy).big_integer().null())
        .col(ColumnDef::new(Programs::CreatedAt).big_integer().not_null())
        .col(ColumnDef::new(Programs::UpdatedAt).big_integer().not_null())
        .foreign_key(
            ForeignKey::create()
                .from(Programs::Table, Programs::UnitCode)
                .to(Units::Table, Units::Code),
        )
        .to_owned();
    let programs_unit = Index::create()
        .name("programs_unit")
        .table(Programs::Table)
        .col(Programs::UnitCode)
        .to_owned();

    // A cycle carries its program's unit, so its scope is read from the row itself.
    let cycles = Table::create()
        .table(ProgramCycles::Table)
        .col(
            rowid(&mut ColumnDef::new(ProgramCycles::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(ProgramCycles::ProgramId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramCycles::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramCycles::Title)
                .string_len(200)
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramCycles::StartsOn)
                .string_len(10)
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramCycles::EndsOn)
                .string_len(10)
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramCycles::ReferenceDate)
                .string_len(10)
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramCycles::BenefitKind)
                .string_len(10)
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramCycles::AmountFen)
                .big_integer()
                .null(),
        )
        .col(ColumnDef::new(ProgramCycles::Goods).text().null())
        .col(
            ColumnDef::new(ProgramCycles::AccountId)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ProgramCycles::CreatedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ProgramCycles::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramCycles::GeneratedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ProgramCycles::Table, ProgramCycles::ProgramId)
                .to(Programs::Table, Programs::Id),
        )
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
        .col(
            ColumnDef::new(ProgramRoll::CycleId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramRoll::PersonId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramRoll::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(ColumnDef::new(ProgramRoll::Age).integer().not_null())
        .col(ColumnDef::new(ProgramRoll::Tags).string_len(600).not_null())
        .col(
            ColumnDef::new(ProgramRoll::Status)
                .string_len(20)
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramRoll::GeneratedAt)
                .big_integer()
                .not_null(),
        )
        .col(ColumnDef::new(ProgramRoll::StatusAt).big_integer().null())
        .primary_key(
            Index::create()
                .col(ProgramRoll::CycleId)
                .col(ProgramRoll::PersonId),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ProgramRoll::Table, ProgramRoll::CycleId)
                .to(ProgramCycles::Table, ProgramCycles::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ProgramRoll::Table, ProgramRoll::PersonId)
                .to(People::Table, People::Id),
        )
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
        .col(
            rowid(&mut ColumnDef::new(ProgramDeliveries::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(ProgramDeliveries::CycleId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramDeliveries::PersonId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramDeliveries::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramDeliveries::AmountFen)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ProgramDeliveries::NoteCipher)
                .binary()
                .null(),
        )
        .col(
            ColumnDef::new(ProgramDeliveries::StillEligible)
                .boolean()
                .not_null(),
        )
        .col(
            ColumnDef::new(ProgramDeliveries::CreatedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ProgramDeliveries::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ProgramDeliveries::Table, ProgramDeliveries::CycleId)
                .to(ProgramCycles::Table, ProgramCycles::Id),
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
        .col(
            rowid(&mut ColumnDef::new(ScreeningResults::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(ScreeningResults::CycleId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ScreeningResults::PersonId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ScreeningResults::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(ScreeningResults::ResultCipher)
                .binary()
                .not_null(),
        )
        .col(
            ColumnDef::new(ScreeningResults::CreatedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ScreeningResults::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ScreeningResults::Table, ScreeningResults::CycleId)
                .to(ProgramCycles::Table, ProgramCycles::Id),
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
