//! Migration 19, training (分层次创业就业培训): courses of a tier held by a unit for target groups,
//! their sessions (each with the event whose QR check-in records attendance), the enrollments
//! (or places on the waiting list) with completion and the certificate's number, attendance per
//! session, and the follow-up call six months after completion.
//!
//! A course carries the unit that holds it; an enrollment, an attendance and a follow-up carry
//! the enrolled person's unit, so the units below a district course see their own people only.
//! The reason a person outside the target groups was enrolled and a follow-up's note arrive
//! sealed. A person is enrolled once per course, attends a session once, and a certificate
//! number is issued once (NULLs do not collide on either engine).

use super::rowid;
use super::tables::{
    CourseAttendance, CourseSessions, Courses, Enrollments, Events, People, TrainingFollowUps,
    Units,
};
use crate::Engine;
use sea_query::{ColumnDef, ForeignKey, Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let courses = Table::create()
        .table(Courses::Table)
        .col(
            rowid(&mut ColumnDef::new(Courses::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Courses::Title).string_len(200).not_null())
        .col(ColumnDef::new(Courses::Tier).string_len(20).not_null())
        .col(ColumnDef::new(Courses::UnitCode).string_len(12).not_null())
        // No limit when NULL.
        .col(ColumnDef::new(Courses::Capacity).big_integer().null())
        .col(ColumnDef::new(Courses::WaitingList).boolean().not_null())
        // Registry tag codes, comma-joined.
        .col(
            ColumnDef::new(Courses::TargetTags)
                .string_len(400)
                .not_null(),
        )
        .col(ColumnDef::new(Courses::Organizer).string_len(200).null())
        // Department codes, comma-joined.
        .col(
            ColumnDef::new(Courses::PartnerDepartments)
                .string_len(400)
                .not_null(),
        )
        .col(ColumnDef::new(Courses::Partners).string_len(500).null())
        .col(
            ColumnDef::new(Courses::CompletionPermille)
                .integer()
                .not_null(),
        )
        .col(ColumnDef::new(Courses::FeeFree).boolean().not_null())
        .col(ColumnDef::new(Courses::Description).text().null())
        .col(ColumnDef::new(Courses::FinishedAt).big_integer().null())
        .col(ColumnDef::new(Courses::FinishedOn).string_len(10).null())
        .col(ColumnDef::new(Courses::CreatedBy).big_integer().null())
        .col(ColumnDef::new(Courses::CreatedAt).big_integer().not_null())
        .col(ColumnDef::new(Courses::UpdatedAt).big_integer().not_null())
        .foreign_key(
            ForeignKey::create()
                .from(Courses::Table, Courses::UnitCode)
                .to(Units::Table, Units::Code),
        )
        .to_owned();
    let courses_unit = Index::create()
        .name("courses_unit")
        .table(Courses::Table)
        .col(Courses::UnitCode)
        .to_owned();

    let sessions = Table::create()
        .table(CourseSessions::Table)
        .col(
            rowid(&mut ColumnDef::new(CourseSessions::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(CourseSessions::CourseId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(CourseSessions::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(CourseSessions::HeldOn)
                .string_len(10)
                .not_null(),
        )
        .col(
            ColumnDef::new(CourseSessions::StartsAt)
                .string_len(5)
                .null(),
        )
        .col(ColumnDef::new(CourseSessions::EndsAt).string_len(5).null())
        .col(ColumnDef::new(CourseSessions::Place).string_len(200).null())
        .col(
            ColumnDef::new(CourseSessions::OnlineUrl)
                .string_len(500)
                .null(),
        )
        .col(
            ColumnDef::new(CourseSessions::Teacher)
                .string_len(100)
                .null(),
        )
        .col(ColumnDef::new(CourseSessions::Topic).string_len(200).null())
        .col(ColumnDef::new(CourseSessions::EventId).big_integer().null())
        .col(
            ColumnDef::new(CourseSessions::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(CourseSessions::Table, CourseSessions::CourseId)
                .to(Courses::Table, Courses::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(CourseSessions::Table, CourseSessions::EventId)
                .to(Events::Table, Events::Id),
        )
        .to_owned();
    let sessions_course = Index::create()
        .name("course_sessions_course")
        .table(CourseSessions::Table)
        .col(CourseSessions::CourseId)
        .col(CourseSessions::HeldOn)
        .to_owned();
    let sessions_event = Index::create()
        .name("course_sessions_event")
        .table(CourseSessions::Table)
        .col(CourseSessions::EventId)
        .unique()
        .to_owned();

    let enrollments = Table::create()
        .table(Enrollments::Table)
        .col(
            rowid(&mut ColumnDef::new(Enrollments::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(Enrollments::CourseId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(Enrollments::PersonId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(Enrollments::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(Enrollments::Status)
                .string_len(20)
                .not_null(),
        )
        .col(
            ColumnDef::new(Enrollments::OutsideTarget)
                .boolean()
                .not_null(),
        )
        .col(ColumnDef::new(Enrollments::ReasonCipher).binary().null())
        .col(
            ColumnDef::new(Enrollments::Source)
                .string_len(20)
                .not_null(),
        )
        .col(
            ColumnDef::new(Enrollments::EnrolledAt)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(Enrollments::WithdrawnAt)
                .big_integer()
                .null(),
        )
        .col(ColumnDef::new(Enrollments::Completed).boolean().not_null())
        .col(
            ColumnDef::new(Enrollments::CompletedOn)
                .string_len(10)
                .null(),
        )
        .col(
            ColumnDef::new(Enrollments::CertificateNumber)
                .string_len(40)
                .null(),
        )
        .col(ColumnDef::new(Enrollments::CreatedBy).big_integer().null())
        .foreign_key(
            ForeignKey::create()
                .from(Enrollments::Table, Enrollments::CourseId)
                .to(Courses::Table, Courses::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(Enrollments::Table, Enrollments::PersonId)
                .to(People::Table, People::Id),
        )
        .to_owned();
    let enrollment_once = Index::create()
        .name("enrollments_once")
        .table(Enrollments::Table)
        .col(Enrollments::CourseId)
        .col(Enrollments::PersonId)
        .unique()
        .to_owned();
    let enrollments_person = Index::create()
        .name("enrollments_person")
        .table(Enrollments::Table)
        .col(Enrollments::PersonId)
        .to_owned();
    let certificate_once = Index::create()
        .name("enrollments_certificate")
        .table(Enrollments::Table)
        .col(Enrollments::CertificateNumber)
        .unique()
        .to_owned();

    let attendance = Table::create()
        .table(CourseAttendance::Table)
        .col(
            rowid(&mut ColumnDef::new(CourseAttendance::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(CourseAttendance::SessionId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(CourseAttendance::CourseId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(CourseAttendance::EnrollmentId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(CourseAttendance::PersonId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(CourseAttendance::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(CourseAttendance::Via)
                .string_len(10)
                .not_null(),
        )
        .col(
            ColumnDef::new(CourseAttendance::At)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(CourseAttendance::RecordedBy)
                .big_integer()
                .null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(CourseAttendance::Table, CourseAttendance::SessionId)
                .to(CourseSessions::Table, CourseSessions::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(CourseAttendance::Table, CourseAttendance::EnrollmentId)
                .to(Enrollments::Table, Enrollments::Id),
        )
        .to_owned();
    let attendance_once = Index::create()
        .name("course_attendance_once")
        .table(CourseAttendance::Table)
        .col(CourseAttendance::SessionId)
        .col(CourseAttendance::EnrollmentId)
        .unique()
        .to_owned();
    let attendance_course = Index::create()
        .name("course_attendance_course")
        .table(CourseAttendance::Table)
        .col(CourseAttendance::CourseId)
        .col(CourseAttendance::EnrollmentId)
        .to_owned();

    let follow_ups = Table::create()
        .table(TrainingFollowUps::Table)
        .col(
            rowid(&mut ColumnDef::new(TrainingFollowUps::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(TrainingFollowUps::EnrollmentId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(TrainingFollowUps::CourseId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(TrainingFollowUps::PersonId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(TrainingFollowUps::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(TrainingFollowUps::CalledOn)
                .string_len(10)
                .not_null(),
        )
        .col(
            ColumnDef::new(TrainingFollowUps::Result)
                .string_len(20)
                .not_null(),
        )
        .col(
            ColumnDef::new(TrainingFollowUps::NoteCipher)
                .binary()
                .null(),
        )
        .col(
            ColumnDef::new(TrainingFollowUps::CreatedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(TrainingFollowUps::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(TrainingFollowUps::Table, TrainingFollowUps::EnrollmentId)
                .to(Enrollments::Table, Enrollments::Id),
        )
        .to_owned();
    let follow_up_once = Index::create()
        .name("training_follow_ups_once")
        .table(TrainingFollowUps::Table)
        .col(TrainingFollowUps::EnrollmentId)
        .unique()
        .to_owned();

    vec![
        courses.build_any(b),
        courses_unit.build_any(b),
        sessions.build_any(b),
        sessions_course.build_any(b),
        sessions_event.build_any(b),
        enrollments.build_any(b),
        enrollment_once.build_any(b),
        enrollments_person.build_any(b),
        certificate_once.build_any(b),
        attendance.build_any(b),
        attendance_once.build_any(b),
        attendance_course.build_any(b),
        follow_ups.build_any(b),
        follow_up_once.build_any(b),
    ]
}
