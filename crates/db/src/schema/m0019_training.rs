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

use super::columns::{
    big_integer, big_integer_null, binary_null, boolean, id, integer, string, string_null,
    text_null, ForeignKeys,
};
use super::tables::{
    CourseAttendance, CourseSessions, Courses, Enrollments, Events, People, TrainingFollowUps,
    Units,
};
use crate::Engine;
use sea_query::{Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let courses = Table::create()
        .table(Courses::Table)
        .col(id(Courses::Id, engine))
        .col(string(Courses::Title, 200))
        .col(string(Courses::Tier, 20))
        .col(string(Courses::UnitCode, 12))
        // No limit when NULL.
        .col(big_integer_null(Courses::Capacity))
        .col(boolean(Courses::WaitingList))
        // Registry tag codes, comma-joined.
        .col(string(Courses::TargetTags, 400))
        .col(string_null(Courses::Organizer, 200))
        // Department codes, comma-joined.
        .col(string(Courses::PartnerDepartments, 400))
        .col(string_null(Courses::Partners, 500))
        .col(integer(Courses::CompletionPermille))
        .col(boolean(Courses::FeeFree))
        .col(text_null(Courses::Description))
        .col(big_integer_null(Courses::FinishedAt))
        .col(string_null(Courses::FinishedOn, 10))
        .col(big_integer_null(Courses::CreatedBy))
        .col(big_integer(Courses::CreatedAt))
        .col(big_integer(Courses::UpdatedAt))
        .references(Courses::UnitCode, Units::Table, Units::Code)
        .to_owned();
    let courses_unit = Index::create()
        .name("courses_unit")
        .table(Courses::Table)
        .col(Courses::UnitCode)
        .to_owned();

    let sessions = Table::create()
        .table(CourseSessions::Table)
        .col(id(CourseSessions::Id, engine))
        .col(big_integer(CourseSessions::CourseId))
        .col(string(CourseSessions::UnitCode, 12))
        .col(string(CourseSessions::HeldOn, 10))
        .col(string_null(CourseSessions::StartsAt, 5))
        .col(string_null(CourseSessions::EndsAt, 5))
        .col(string_null(CourseSessions::Place, 200))
        .col(string_null(CourseSessions::OnlineUrl, 500))
        .col(string_null(CourseSessions::Teacher, 100))
        .col(string_null(CourseSessions::Topic, 200))
        .col(big_integer_null(CourseSessions::EventId))
        .col(big_integer(CourseSessions::CreatedAt))
        .references(CourseSessions::CourseId, Courses::Table, Courses::Id)
        .references(CourseSessions::EventId, Events::Table, Events::Id)
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
        .col(id(Enrollments::Id, engine))
        .col(big_integer(Enrollments::CourseId))
        .col(big_integer(Enrollments::PersonId))
        .col(string(Enrollments::UnitCode, 12))
        .col(string(Enrollments::Status, 20))
        .col(boolean(Enrollments::OutsideTarget))
        .col(binary_null(Enrollments::ReasonCipher))
        .col(string(Enrollments::Source, 20))
        .col(big_integer(Enrollments::EnrolledAt))
        .col(big_integer_null(Enrollments::WithdrawnAt))
        .col(boolean(Enrollments::Completed))
        .col(string_null(Enrollments::CompletedOn, 10))
        .col(string_null(Enrollments::CertificateNumber, 40))
        .col(big_integer_null(Enrollments::CreatedBy))
        .references(Enrollments::CourseId, Courses::Table, Courses::Id)
        .references(Enrollments::PersonId, People::Table, People::Id)
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
        .col(id(CourseAttendance::Id, engine))
        .col(big_integer(CourseAttendance::SessionId))
        .col(big_integer(CourseAttendance::CourseId))
        .col(big_integer(CourseAttendance::EnrollmentId))
        .col(big_integer(CourseAttendance::PersonId))
        .col(string(CourseAttendance::UnitCode, 12))
        .col(string(CourseAttendance::Via, 10))
        .col(big_integer(CourseAttendance::At))
        .col(big_integer_null(CourseAttendance::RecordedBy))
        .references(
            CourseAttendance::SessionId,
            CourseSessions::Table,
            CourseSessions::Id,
        )
        .references(
            CourseAttendance::EnrollmentId,
            Enrollments::Table,
            Enrollments::Id,
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
        .col(id(TrainingFollowUps::Id, engine))
        .col(big_integer(TrainingFollowUps::EnrollmentId))
        .col(big_integer(TrainingFollowUps::CourseId))
        .col(big_integer(TrainingFollowUps::PersonId))
        .col(string(TrainingFollowUps::UnitCode, 12))
        .col(string(TrainingFollowUps::CalledOn, 10))
        .col(string(TrainingFollowUps::Result, 20))
        .col(binary_null(TrainingFollowUps::NoteCipher))
        .col(big_integer_null(TrainingFollowUps::CreatedBy))
        .col(big_integer(TrainingFollowUps::CreatedAt))
        .references(
            TrainingFollowUps::EnrollmentId,
            Enrollments::Table,
            Enrollments::Id,
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
