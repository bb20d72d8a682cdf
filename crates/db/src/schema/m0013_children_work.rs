//! Migration 13, children's work: parent schools (家长学校) with their sessions and attendance,
//! and the pairing (结对帮扶) of volunteers with children, with the visits logged.
//!
//! Every row carries the unit that scopes it (a school's host unit; a pairing's child's unit),
//! so a query reads its scope from the row itself. Names of walk-ins and visit notes are sealed.

use super::rowid;
use super::tables::{
    PairingVisits, Pairings, ParentSchoolAttendance, ParentSchoolSessions, ParentSchools, People,
    Units, Users,
};
use crate::Engine;
use sea_query::{ColumnDef, ForeignKey, Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let schools = Table::create()
        .table(ParentSchools::Table)
        .col(
            rowid(&mut ColumnDef::new(ParentSchools::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(ParentSchools::Name)
                .string_len(100)
                .not_null(),
        )
        .col(
            ColumnDef::new(ParentSchools::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(ParentSchools::HeadName)
                .string_len(40)
                .not_null(),
        )
        .col(ColumnDef::new(ParentSchools::Place).string_len(200).null())
        .col(
            ColumnDef::new(ParentSchools::CreatedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ParentSchools::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ParentSchools::Table, ParentSchools::UnitCode)
                .to(Units::Table, Units::Code),
        )
        .to_owned();
    let schools_unit = Index::create()
        .name("parent_schools_unit")
        .table(ParentSchools::Table)
        .col(ParentSchools::UnitCode)
        .to_owned();

    let sessions = Table::create()
        .table(ParentSchoolSessions::Table)
        .col(
            rowid(&mut ColumnDef::new(ParentSchoolSessions::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(ParentSchoolSessions::SchoolId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ParentSchoolSessions::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(ParentSchoolSessions::HeldOn)
                .string_len(10)
                .not_null(),
        )
        .col(
            ColumnDef::new(ParentSchoolSessions::Topic)
                .string_len(200)
                .not_null(),
        )
        .col(
            ColumnDef::new(ParentSchoolSessions::Place)
                .string_len(200)
                .null(),
        )
        .col(
            ColumnDef::new(ParentSchoolSessions::CreatedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ParentSchoolSessions::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ParentSchoolSessions::Table, ParentSchoolSessions::SchoolId)
                .to(ParentSchools::Table, ParentSchools::Id),
        )
        .to_owned();
    let sessions_school = Index::create()
        .name("parent_school_sessions_school")
        .table(ParentSchoolSessions::Table)
        .col(ParentSchoolSessions::SchoolId)
        .col(ParentSchoolSessions::HeldOn)
        .to_owned();

    // A registry person (a guardian or a child) once per session; a walk-in by her sealed name.
    let attendance = Table::create()
        .table(ParentSchoolAttendance::Table)
        .col(
            rowid(&mut ColumnDef::new(ParentSchoolAttendance::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(ParentSchoolAttendance::SessionId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ParentSchoolAttendance::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(ParentSchoolAttendance::PersonId)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ParentSchoolAttendance::NameCipher)
                .binary()
                .null(),
        )
        .col(
            ColumnDef::new(ParentSchoolAttendance::Kind)
                .string_len(20)
                .not_null(),
        )
        .col(
            ColumnDef::new(ParentSchoolAttendance::RecordedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ParentSchoolAttendance::RecordedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(
                    ParentSchoolAttendance::Table,
                    ParentSchoolAttendance::SessionId,
                )
                .to(ParentSchoolSessions::Table, ParentSchoolSessions::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(
                    ParentSchoolAttendance::Table,
                    ParentSchoolAttendance::PersonId,
                )
                .to(People::Table, People::Id),
        )
        .to_owned();
    let attendance_once = Index::create()
        .name("parent_school_attendance_once")
        .table(ParentSchoolAttendance::Table)
        .col(ParentSchoolAttendance::SessionId)
        .col(ParentSchoolAttendance::PersonId)
        .unique()
        .to_owned();

    // A volunteer is a registry person or a staff account; the pairing carries the child's unit.
    let pairings = Table::create()
        .table(Pairings::Table)
        .col(
            rowid(&mut ColumnDef::new(Pairings::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Pairings::ChildId).big_integer().not_null())
        .col(ColumnDef::new(Pairings::UnitCode).string_len(12).not_null())
        .col(
            ColumnDef::new(Pairings::VolunteerPersonId)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(Pairings::VolunteerUserId)
                .big_integer()
                .null(),
        )
        .col(ColumnDef::new(Pairings::StartsOn).string_len(10).not_null())
        .col(
            ColumnDef::new(Pairings::VisitEvery)
                .string_len(20)
                .not_null(),
        )
        .col(ColumnDef::new(Pairings::EndedOn).string_len(10).null())
        .col(ColumnDef::new(Pairings::EndReason).string_len(30).null())
        .col(ColumnDef::new(Pairings::CreatedBy).big_integer().null())
        .col(ColumnDef::new(Pairings::CreatedAt).big_integer().not_null())
        .foreign_key(
            ForeignKey::create()
                .from(Pairings::Table, Pairings::ChildId)
                .to(People::Table, People::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(Pairings::Table, Pairings::VolunteerPersonId)
                .to(People::Table, People::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(Pairings::Table, Pairings::VolunteerUserId)
                .to(Users::Table, Users::Id),
        )
        .to_owned();
    let pairings_unit = Index::create()
        .name("pairings_unit")
        .table(Pairings::Table)
        .col(Pairings::UnitCode)
        .to_owned();
    let pairings_child = Index::create()
        .name("pairings_child")
        .table(Pairings::Table)
        .col(Pairings::ChildId)
        .to_owned();

    let visits = Table::create()
        .table(PairingVisits::Table)
        .col(
            rowid(&mut ColumnDef::new(PairingVisits::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(PairingVisits::PairingId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(PairingVisits::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(PairingVisits::VisitedOn)
                .string_len(10)
                .not_null(),
        )
        .col(ColumnDef::new(PairingVisits::How).string_len(20).not_null())
        .col(ColumnDef::new(PairingVisits::NoteCipher).binary().null())
        .col(
            ColumnDef::new(PairingVisits::RecordedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(PairingVisits::RecordedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(PairingVisits::Table, PairingVisits::PairingId)
                .to(Pairings::Table, Pairings::Id),
        )
        .to_owned();
    let visits_pairing = Index::create()
        .name("pairing_visits_pairing")
        .table(PairingVisits::Table)
        .col(PairingVisits::PairingId)
        .col(PairingVisits::VisitedOn)
        .to_owned();

    vec![
        schools.build_any(b),
        schools_unit.build_any(b),
        sessions.build_any(b),
        sessions_school.build_any(b),
        attendance.build_any(b),
        attendance_once.build_any(b),
        pairings.build_any(b),
        pairings_unit.build_any(b),
        pairings_child.build_any(b),
        visits.build_any(b),
        visits_pairing.build_any(b),
    ]
}
