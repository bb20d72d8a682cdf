//! Migration 4, employment: enterprises, leaders, visits, jobs, seekers, recommendations,
//! events, check-ins, agreements, assistance, mentoring, outcomes.

use super::rowid;
use super::tables::{
    Agreements, Assistance, Cases, Checkins, EmploymentOutcomes, EnterpriseLeaders,
    EnterpriseVisits, Enterprises, EventEnterprises, Events, Jobs, MentorMeetings, Mentorships,
    People, Recommendations, SeekerEvents, Seekers, Units, Users,
};
use crate::Engine;
use sea_query::{ColumnDef, ForeignKey, Index, SchemaBuilder, Table};

/// Written first as raw DDL in the same portable subset as migration 3, which these builders
/// render unchanged (`tests.rs`).
pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    vec![
        Table::create()
            .table(Enterprises::Table)
            .col(rowid(&mut ColumnDef::new(Enterprises::Id), engine).primary_key())
            .col(ColumnDef::new(Enterprises::Name).text().not_null())
            .col(
                ColumnDef::new(Enterprises::CreditCode)
                    .string_len(18)
                    .not_null()
                    .unique_key(),
            )
            .col(ColumnDef::new(Enterprises::WomenOwned).boolean().not_null())
            .col(
                ColumnDef::new(Enterprises::EntrepreneurId)
                    .big_integer()
                    .null(),
            )
            .col(ColumnDef::new(Enterprises::Industry).string_len(1).null())
            .col(ColumnDef::new(Enterprises::Staff).big_integer().null())
            .col(ColumnDef::new(Enterprises::WomenStaff).big_integer().null())
            .col(
                ColumnDef::new(Enterprises::UnitCode)
                    .string_len(12)
                    .not_null(),
            )
            .col(ColumnDef::new(Enterprises::Address).text().null())
            .col(ColumnDef::new(Enterprises::ContactName).text().null())
            .col(
                ColumnDef::new(Enterprises::ContactPhoneCipher)
                    .blob()
                    .null(),
            )
            .col(
                ColumnDef::new(Enterprises::ContactPhoneMasked)
                    .string_len(20)
                    .null(),
            )
            .col(ColumnDef::new(Enterprises::CreatedBy).big_integer().null())
            .col(
                ColumnDef::new(Enterprises::CreatedAt)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Enterprises::UpdatedAt)
                    .big_integer()
                    .not_null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Enterprises::Table, Enterprises::EntrepreneurId)
                    .to(People::Table, People::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Enterprises::Table, Enterprises::UnitCode)
                    .to(Units::Table, Units::Code),
            )
            .build_any(b),
        Index::create()
            .name("enterprises_unit")
            .table(Enterprises::Table)
            .col(Enterprises::UnitCode)
            .col(Enterprises::Id)
            .build_any(b),
        Index::create()
            .name("enterprises_women_owned")
            .table(Enterprises::Table)
            .col(Enterprises::WomenOwned)
            .col(Enterprises::UnitCode)
            .build_any(b),
        Index::create()
            .name("enterprises_entrepreneur")
            .table(Enterprises::Table)
            .col(Enterprises::EntrepreneurId)
            .build_any(b),
        Table::create()
            .table(EnterpriseLeaders::Table)
            .col(
                ColumnDef::new(EnterpriseLeaders::EnterpriseId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(EnterpriseLeaders::UserId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(EnterpriseLeaders::AssignedAt)
                    .big_integer()
                    .not_null(),
            )
            .primary_key(
                Index::create()
                    .col(EnterpriseLeaders::EnterpriseId)
                    .col(EnterpriseLeaders::UserId),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(EnterpriseLeaders::Table, EnterpriseLeaders::EnterpriseId)
                    .to(Enterprises::Table, Enterprises::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(EnterpriseLeaders::Table, EnterpriseLeaders::UserId)
                    .to(Users::Table, Users::Id),
            )
            .build_any(b),
        Index::create()
            .name("enterprise_leaders_user")
            .table(EnterpriseLeaders::Table)
            .col(EnterpriseLeaders::UserId)
            .build_any(b),
        Table::create()
            .table(EnterpriseVisits::Table)
            .col(rowid(&mut ColumnDef::new(EnterpriseVisits::Id), engine).primary_key())
            .col(
                ColumnDef::new(EnterpriseVisits::EnterpriseId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(EnterpriseVisits::VisitedOn)
                    .string_len(10)
                    .not_null(),
            )
            .col(
                ColumnDef::new(EnterpriseVisits::VisitorId)
                    .big_integer()
                    .null(),
            )
            .col(ColumnDef::new(EnterpriseVisits::Visitor).text().not_null())
            .col(ColumnDef::new(EnterpriseVisits::Seen).text().not_null())
            .col(ColumnDef::new(EnterpriseVisits::Difficulties).text().null())
            .col(
                ColumnDef::new(EnterpriseVisits::CaseId)
                    .big_integer()
                    .null(),
            )
            .col(
                ColumnDef::new(EnterpriseVisits::CreatedAt)
                    .big_integer()
                    .not_null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(EnterpriseVisits::Table, EnterpriseVisits::EnterpriseId)
                    .to(Enterprises::Table, Enterprises::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(EnterpriseVisits::Table, EnterpriseVisits::CaseId)
                    .to(Cases::Table, Cases::Id),
            )
            .build_any(b),
        Index::create()
            .name("enterprise_visits_enterprise")
            .table(EnterpriseVisits::Table)
            .col(EnterpriseVisits::EnterpriseId)
            .col(EnterpriseVisits::VisitedOn)
            .build_any(b),
        Table::create()
            .table(Jobs::Table)
            .col(rowid(&mut ColumnDef::new(Jobs::Id), engine).primary_key())
            .col(ColumnDef::new(Jobs::EnterpriseId).big_integer().not_null())
            .col(ColumnDef::new(Jobs::Title).text().not_null())
            .col(ColumnDef::new(Jobs::Category).string_len(20).not_null())
            .col(ColumnDef::new(Jobs::Positions).big_integer().not_null())
            .col(ColumnDef::new(Jobs::Education).string_len(16).null())
            .col(ColumnDef::new(Jobs::AgeMin).big_integer().null())
            .col(ColumnDef::new(Jobs::AgeMax).big_integer().null())
            .col(ColumnDef::new(Jobs::Skills).text().not_null())
            .col(ColumnDef::new(Jobs::SalaryMin).big_integer().not_null())
            .col(ColumnDef::new(Jobs::SalaryMax).big_integer().not_null())
            .col(ColumnDef::new(Jobs::UnitCode).string_len(12).not_null())
            .col(ColumnDef::new(Jobs::Hours).string_len(12).not_null())
            .col(ColumnDef::new(Jobs::Terms).text().not_null())
            .col(ColumnDef::new(Jobs::Requirements).text().null())
            .col(ColumnDef::new(Jobs::Status).string_len(8).not_null())
            .col(ColumnDef::new(Jobs::CreatedBy).big_integer().null())
            .col(ColumnDef::new(Jobs::CreatedAt).big_integer().not_null())
            .col(ColumnDef::new(Jobs::UpdatedAt).big_integer().not_null())
            .foreign_key(
                ForeignKey::create()
                    .from(Jobs::Table, Jobs::EnterpriseId)
                    .to(Enterprises::Table, Enterprises::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Jobs::Table, Jobs::UnitCode)
                    .to(Units::Table, Units::Code),
            )
            .build_any(b),
        Index::create()
            .name("jobs_open")
            .table(Jobs::Table)
            .col(Jobs::Status)
            .col(Jobs::Category)
            .col(Jobs::Id)
            .build_any(b),
        Index::create()
            .name("jobs_enterprise")
            .table(Jobs::Table)
            .col(Jobs::EnterpriseId)
            .build_any(b),
        Index::create()
            .name("jobs_unit")
            .table(Jobs::Table)
            .col(Jobs::UnitCode)
            .col(Jobs::Id)
            .build_any(b),
        Table::create()
            .table(Seekers::Table)
            .col(rowid(&mut ColumnDef::new(Seekers::Id), engine).primary_key())
            .col(
                ColumnDef::new(Seekers::PersonId)
                    .big_integer()
                    .not_null()
                    .unique_key(),
            )
            .col(ColumnDef::new(Seekers::Categories).text().not_null())
            .col(ColumnDef::new(Seekers::Skills).text().not_null())
            .col(ColumnDef::new(Seekers::Education).string_len(16).null())
            .col(
                ColumnDef::new(Seekers::Availability)
                    .string_len(12)
                    .not_null(),
            )
            .col(ColumnDef::new(Seekers::ExpectedPay).big_integer().null())
            .col(ColumnDef::new(Seekers::UnitCode).string_len(12).not_null())
            .col(ColumnDef::new(Seekers::Needs).text().not_null())
            .col(ColumnDef::new(Seekers::Status).string_len(12).not_null())
            .col(ColumnDef::new(Seekers::Note).text().null())
            .col(ColumnDef::new(Seekers::CreatedBy).big_integer().null())
            .col(ColumnDef::new(Seekers::CreatedAt).big_integer().not_null())
            .col(ColumnDef::new(Seekers::UpdatedAt).big_integer().not_null())
            .foreign_key(
                ForeignKey::create()
                    .from(Seekers::Table, Seekers::PersonId)
                    .to(People::Table, People::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Seekers::Table, Seekers::UnitCode)
                    .to(Units::Table, Units::Code),
            )
            .build_any(b),
        Index::create()
            .name("seekers_unit")
            .table(Seekers::Table)
            .col(Seekers::UnitCode)
            .col(Seekers::Id)
            .build_any(b),
        Index::create()
            .name("seekers_status")
            .table(Seekers::Table)
            .col(Seekers::Status)
            .col(Seekers::UnitCode)
            .build_any(b),
        Table::create()
            .table(SeekerEvents::Table)
            .col(rowid(&mut ColumnDef::new(SeekerEvents::Id), engine).primary_key())
            .col(
                ColumnDef::new(SeekerEvents::SeekerId)
                    .big_integer()
                    .not_null(),
            )
            .col(ColumnDef::new(SeekerEvents::At).big_integer().not_null())
            .col(ColumnDef::new(SeekerEvents::Actor).text().not_null())
            .col(ColumnDef::new(SeekerEvents::Kind).string_len(24).not_null())
            .col(ColumnDef::new(SeekerEvents::Detail).text().not_null())
            .foreign_key(
                ForeignKey::create()
                    .from(SeekerEvents::Table, SeekerEvents::SeekerId)
                    .to(Seekers::Table, Seekers::Id),
            )
            .build_any(b),
        Index::create()
            .name("seeker_events_seeker")
            .table(SeekerEvents::Table)
            .col(SeekerEvents::SeekerId)
            .col(SeekerEvents::Id)
            .build_any(b),
        Table::create()
            .table(Recommendations::Table)
            .col(rowid(&mut ColumnDef::new(Recommendations::Id), engine).primary_key())
            .col(
                ColumnDef::new(Recommendations::SeekerId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Recommendations::JobId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Recommendations::Score)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Recommendations::Outcome)
                    .string_len(16)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Recommendations::RecommendedBy)
                    .text()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Recommendations::CreatedBy)
                    .big_integer()
                    .null(),
            )
            .col(
                ColumnDef::new(Recommendations::CreatedAt)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Recommendations::UpdatedAt)
                    .big_integer()
                    .not_null(),
            )
            .index(
                Index::create()
                    .unique()
                    .col(Recommendations::SeekerId)
                    .col(Recommendations::JobId),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Recommendations::Table, Recommendations::SeekerId)
                    .to(Seekers::Table, Seekers::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Recommendations::Table, Recommendations::JobId)
                    .to(Jobs::Table, Jobs::Id),
            )
            .build_any(b),
        Index::create()
            .name("recommendations_job")
            .table(Recommendations::Table)
            .col(Recommendations::JobId)
            .build_any(b),
        Table::create()
            .table(Events::Table)
            .col(rowid(&mut ColumnDef::new(Events::Id), engine).primary_key())
            .col(ColumnDef::new(Events::Kind).string_len(16).not_null())
            .col(ColumnDef::new(Events::Title).text().not_null())
            .col(ColumnDef::new(Events::HeldOn).string_len(10).not_null())
            .col(ColumnDef::new(Events::Place).text().null())
            .col(ColumnDef::new(Events::UnitCode).string_len(12).not_null())
            .col(ColumnDef::new(Events::Organizers).text().null())
            .col(ColumnDef::new(Events::Partners).text().null())
            .col(
                ColumnDef::new(Events::CheckinKey)
                    .string_len(64)
                    .not_null()
                    .unique_key(),
            )
            .col(ColumnDef::new(Events::ClosedAt).big_integer().null())
            .col(ColumnDef::new(Events::CreatedBy).big_integer().null())
            .col(ColumnDef::new(Events::CreatedAt).big_integer().not_null())
            .col(ColumnDef::new(Events::UpdatedAt).big_integer().not_null())
            .foreign_key(
                ForeignKey::create()
                    .from(Events::Table, Events::UnitCode)
                    .to(Units::Table, Units::Code),
            )
            .build_any(b),
        Index::create()
            .name("events_held")
            .table(Events::Table)
            .col(Events::HeldOn)
            .col(Events::Id)
            .build_any(b),
        Table::create()
            .table(EventEnterprises::Table)
            .col(
                ColumnDef::new(EventEnterprises::EventId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(EventEnterprises::EnterpriseId)
                    .big_integer()
                    .not_null(),
            )
            .primary_key(
                Index::create()
                    .col(EventEnterprises::EventId)
                    .col(EventEnterprises::EnterpriseId),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(EventEnterprises::Table, EventEnterprises::EventId)
                    .to(Events::Table, Events::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(EventEnterprises::Table, EventEnterprises::EnterpriseId)
                    .to(Enterprises::Table, Enterprises::Id),
            )
            .build_any(b),
        // A visitor counts once per event: her phone's blind index is unique within it.
        Table::create()
            .table(Checkins::Table)
            .col(rowid(&mut ColumnDef::new(Checkins::Id), engine).primary_key())
            .col(ColumnDef::new(Checkins::EventId).big_integer().not_null())
            .col(ColumnDef::new(Checkins::PersonId).big_integer().null())
            .col(ColumnDef::new(Checkins::NameCipher).blob().not_null())
            .col(ColumnDef::new(Checkins::PhoneCipher).blob().not_null())
            .col(
                ColumnDef::new(Checkins::PhoneIndex)
                    .string_len(64)
                    .not_null(),
            )
            .col(
                ColumnDef::new(Checkins::PhoneMasked)
                    .string_len(20)
                    .not_null(),
            )
            .col(ColumnDef::new(Checkins::Sex).string_len(8).not_null())
            .col(ColumnDef::new(Checkins::Category).string_len(24).null())
            .col(ColumnDef::new(Checkins::Via).string_len(8).not_null())
            .col(ColumnDef::new(Checkins::At).big_integer().not_null())
            .index(
                Index::create()
                    .unique()
                    .col(Checkins::EventId)
                    .col(Checkins::PhoneIndex),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Checkins::Table, Checkins::EventId)
                    .to(Events::Table, Events::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Checkins::Table, Checkins::PersonId)
                    .to(People::Table, People::Id),
            )
            .build_any(b),
        Table::create()
            .table(Agreements::Table)
            .col(rowid(&mut ColumnDef::new(Agreements::Id), engine).primary_key())
            .col(ColumnDef::new(Agreements::EventId).big_integer().not_null())
            .col(
                ColumnDef::new(Agreements::EnterpriseId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Agreements::PersonId)
                    .big_integer()
                    .not_null(),
            )
            .col(ColumnDef::new(Agreements::JobId).big_integer().not_null())
            .col(
                ColumnDef::new(Agreements::SignedOn)
                    .string_len(10)
                    .not_null(),
            )
            .col(ColumnDef::new(Agreements::CreatedBy).big_integer().null())
            .col(
                ColumnDef::new(Agreements::CreatedAt)
                    .big_integer()
                    .not_null(),
            )
            .index(
                Index::create()
                    .unique()
                    .col(Agreements::EventId)
                    .col(Agreements::PersonId)
                    .col(Agreements::JobId),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Agreements::Table, Agreements::EventId)
                    .to(Events::Table, Events::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Agreements::Table, Agreements::EnterpriseId)
                    .to(Enterprises::Table, Enterprises::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Agreements::Table, Agreements::PersonId)
                    .to(People::Table, People::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Agreements::Table, Agreements::JobId)
                    .to(Jobs::Table, Jobs::Id),
            )
            .build_any(b),
        Index::create()
            .name("agreements_event")
            .table(Agreements::Table)
            .col(Agreements::EventId)
            .col(Agreements::EnterpriseId)
            .build_any(b),
        Table::create()
            .table(Assistance::Table)
            .col(rowid(&mut ColumnDef::new(Assistance::Id), engine).primary_key())
            .col(
                ColumnDef::new(Assistance::PersonId)
                    .big_integer()
                    .not_null(),
            )
            .col(ColumnDef::new(Assistance::Kind).string_len(12).not_null())
            .col(ColumnDef::new(Assistance::Provider).text().not_null())
            .col(
                ColumnDef::new(Assistance::StartedOn)
                    .string_len(10)
                    .not_null(),
            )
            .col(ColumnDef::new(Assistance::EndedOn).string_len(10).null())
            .col(ColumnDef::new(Assistance::Status).string_len(12).not_null())
            .col(ColumnDef::new(Assistance::Outcome).text().null())
            .col(ColumnDef::new(Assistance::CaseId).big_integer().null())
            .col(
                ColumnDef::new(Assistance::UnitCode)
                    .string_len(12)
                    .not_null(),
            )
            .col(ColumnDef::new(Assistance::CreatedBy).big_integer().null())
            .col(
                ColumnDef::new(Assistance::CreatedAt)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Assistance::UpdatedAt)
                    .big_integer()
                    .not_null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Assistance::Table, Assistance::PersonId)
                    .to(People::Table, People::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Assistance::Table, Assistance::CaseId)
                    .to(Cases::Table, Cases::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Assistance::Table, Assistance::UnitCode)
                    .to(Units::Table, Units::Code),
            )
            .build_any(b),
        Index::create()
            .name("assistance_person")
            .table(Assistance::Table)
            .col(Assistance::PersonId)
            .build_any(b),
        Index::create()
            .name("assistance_unit")
            .table(Assistance::Table)
            .col(Assistance::UnitCode)
            .col(Assistance::Kind)
            .col(Assistance::Status)
            .build_any(b),
        Table::create()
            .table(Mentorships::Table)
            .col(rowid(&mut ColumnDef::new(Mentorships::Id), engine).primary_key())
            .col(
                ColumnDef::new(Mentorships::MentorId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Mentorships::MenteeId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Mentorships::StartedOn)
                    .string_len(10)
                    .not_null(),
            )
            .col(ColumnDef::new(Mentorships::EndedOn).string_len(10).null())
            .col(
                ColumnDef::new(Mentorships::Status)
                    .string_len(12)
                    .not_null(),
            )
            .col(ColumnDef::new(Mentorships::Goal).text().null())
            .col(
                ColumnDef::new(Mentorships::UnitCode)
                    .string_len(12)
                    .not_null(),
            )
            .col(ColumnDef::new(Mentorships::CreatedBy).big_integer().null())
            .col(
                ColumnDef::new(Mentorships::CreatedAt)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(Mentorships::UpdatedAt)
                    .big_integer()
                    .not_null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Mentorships::Table, Mentorships::MentorId)
                    .to(People::Table, People::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Mentorships::Table, Mentorships::MenteeId)
                    .to(People::Table, People::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Mentorships::Table, Mentorships::UnitCode)
                    .to(Units::Table, Units::Code),
            )
            .build_any(b),
        Index::create()
            .name("mentorships_unit")
            .table(Mentorships::Table)
            .col(Mentorships::UnitCode)
            .col(Mentorships::Id)
            .build_any(b),
        Table::create()
            .table(MentorMeetings::Table)
            .col(rowid(&mut ColumnDef::new(MentorMeetings::Id), engine).primary_key())
            .col(
                ColumnDef::new(MentorMeetings::MentorshipId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(MentorMeetings::MetOn)
                    .string_len(10)
                    .not_null(),
            )
            .col(ColumnDef::new(MentorMeetings::Note).text().not_null())
            .col(
                ColumnDef::new(MentorMeetings::CreatedBy)
                    .big_integer()
                    .null(),
            )
            .col(
                ColumnDef::new(MentorMeetings::CreatedAt)
                    .big_integer()
                    .not_null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(MentorMeetings::Table, MentorMeetings::MentorshipId)
                    .to(Mentorships::Table, Mentorships::Id),
            )
            .build_any(b),
        Index::create()
            .name("mentor_meetings_mentorship")
            .table(MentorMeetings::Table)
            .col(MentorMeetings::MentorshipId)
            .col(MentorMeetings::MetOn)
            .build_any(b),
        // What the work achieved: a placement in a job or a business started, dated, per person.
        Table::create()
            .table(EmploymentOutcomes::Table)
            .col(rowid(&mut ColumnDef::new(EmploymentOutcomes::Id), engine).primary_key())
            .col(
                ColumnDef::new(EmploymentOutcomes::PersonId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(EmploymentOutcomes::Kind)
                    .string_len(12)
                    .not_null(),
            )
            .col(
                ColumnDef::new(EmploymentOutcomes::OnDate)
                    .string_len(10)
                    .not_null(),
            )
            .col(
                ColumnDef::new(EmploymentOutcomes::JobId)
                    .big_integer()
                    .null(),
            )
            .col(
                ColumnDef::new(EmploymentOutcomes::EnterpriseId)
                    .big_integer()
                    .null(),
            )
            .col(
                ColumnDef::new(EmploymentOutcomes::Source)
                    .string_len(16)
                    .not_null(),
            )
            .col(ColumnDef::new(EmploymentOutcomes::Note).text().null())
            .col(
                ColumnDef::new(EmploymentOutcomes::UnitCode)
                    .string_len(12)
                    .not_null(),
            )
            .col(
                ColumnDef::new(EmploymentOutcomes::CreatedBy)
                    .big_integer()
                    .null(),
            )
            .col(
                ColumnDef::new(EmploymentOutcomes::CreatedAt)
                    .big_integer()
                    .not_null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(EmploymentOutcomes::Table, EmploymentOutcomes::PersonId)
                    .to(People::Table, People::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(EmploymentOutcomes::Table, EmploymentOutcomes::JobId)
                    .to(Jobs::Table, Jobs::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(EmploymentOutcomes::Table, EmploymentOutcomes::EnterpriseId)
                    .to(Enterprises::Table, Enterprises::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(EmploymentOutcomes::Table, EmploymentOutcomes::UnitCode)
                    .to(Units::Table, Units::Code),
            )
            .build_any(b),
        Index::create()
            .name("employment_outcomes_date")
            .table(EmploymentOutcomes::Table)
            .col(EmploymentOutcomes::Kind)
            .col(EmploymentOutcomes::OnDate)
            .build_any(b),
        Index::create()
            .name("employment_outcomes_person")
            .table(EmploymentOutcomes::Table)
            .col(EmploymentOutcomes::PersonId)
            .build_any(b),
    ]
}
