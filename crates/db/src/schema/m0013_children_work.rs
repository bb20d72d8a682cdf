//! Migration 13, children's work: parent schools (家长学校) with their sessions and attendance,
//! and the pairing (结对帮扶) of volunteers with children, with the visits logged.
//!
//! Every row carries the unit that scopes it (a school's host unit; a pairing's child's unit),
//! so a query reads its scope from the row itself. Names of walk-ins and visit notes are sealed.

use super::columns::{
    big_integer, big_integer_null, binary_null, id, string, string_null, ForeignKeys,
};
use super::tables::{
    PairingVisits, Pairings, ParentSchoolAttendance, ParentSchoolSessions, ParentSchools, People,
    Units, Users,
};
use crate::Engine;
use sea_query::{Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let schools = Table::create()
        .table(ParentSchools::Table)
        .col(id(ParentSchools::Id, engine))
        .col(string(ParentSchools::Name, 100))
        .col(string(ParentSchools::UnitCode, 12))
        .col(string(ParentSchools::HeadName, 40))
        .col(string_null(ParentSchools::Place, 200))
        .col(big_integer_null(ParentSchools::CreatedBy))
        .col(big_integer(ParentSchools::CreatedAt))
        .references(ParentSchools::UnitCode, Units::Table, Units::Code)
        .to_owned();
    let schools_unit = Index::create()
        .name("parent_schools_unit")
        .table(ParentSchools::Table)
        .col(ParentSchools::UnitCode)
        .to_owned();

    let sessions = Table::create()
        .table(ParentSchoolSessions::Table)
        .col(id(ParentSchoolSessions::Id, engine))
        .col(big_integer(ParentSchoolSessions::SchoolId))
        .col(string(ParentSchoolSessions::UnitCode, 12))
        .col(string(ParentSchoolSessions::HeldOn, 10))
        .col(string(ParentSchoolSessions::Topic, 200))
        .col(string_null(ParentSchoolSessions::Place, 200))
        .col(big_integer_null(ParentSchoolSessions::CreatedBy))
        .col(big_integer(ParentSchoolSessions::CreatedAt))
        .references(
            ParentSchoolSessions::SchoolId,
            ParentSchools::Table,
            ParentSchools::Id,
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
        .col(id(ParentSchoolAttendance::Id, engine))
        .col(big_integer(ParentSchoolAttendance::SessionId))
        .col(string(ParentSchoolAttendance::UnitCode, 12))
        .col(big_integer_null(ParentSchoolAttendance::PersonId))
        .col(binary_null(ParentSchoolAttendance::NameCipher))
        .col(string(ParentSchoolAttendance::Kind, 20))
        .col(big_integer_null(ParentSchoolAttendance::RecordedBy))
        .col(big_integer(ParentSchoolAttendance::RecordedAt))
        .references(
            ParentSchoolAttendance::SessionId,
            ParentSchoolSessions::Table,
            ParentSchoolSessions::Id,
        )
        .references(ParentSchoolAttendance::PersonId, People::Table, People::Id)
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
        .col(id(Pairings::Id, engine))
        .col(big_integer(Pairings::ChildId))
        .col(string(Pairings::UnitCode, 12))
        .col(big_integer_null(Pairings::VolunteerPersonId))
        .col(big_integer_null(Pairings::VolunteerUserId))
        .col(string(Pairings::StartsOn, 10))
        .col(string(Pairings::VisitEvery, 20))
        .col(string_null(Pairings::EndedOn, 10))
        .col(string_null(Pairings::EndReason, 30))
        .col(big_integer_null(Pairings::CreatedBy))
        .col(big_integer(Pairings::CreatedAt))
        .references(Pairings::ChildId, People::Table, People::Id)
        .references(Pairings::VolunteerPersonId, People::Table, People::Id)
        .references(Pairings::VolunteerUserId, Users::Table, Users::Id)
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
        .col(id(PairingVisits::Id, engine))
        .col(big_integer(PairingVisits::PairingId))
        .col(string(PairingVisits::UnitCode, 12))
        .col(string(PairingVisits::VisitedOn, 10))
        .col(string(PairingVisits::How, 20))
        .col(binary_null(PairingVisits::NoteCipher))
        .col(big_integer_null(PairingVisits::RecordedBy))
        .col(big_integer(PairingVisits::RecordedAt))
        .references(PairingVisits::PairingId, Pairings::Table, Pairings::Id)
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
