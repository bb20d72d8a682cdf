//! Migration 4, employment: enterprises, leaders, visits, jobs, seekers, recommendations,
//! events, check-ins, agreements, assistance, mentoring, outcomes.

use super::columns::{
    big_integer, big_integer_null, blob, blob_null, boolean, id_without_not_null, string,
    string_null, text, text_null, ForeignKeys,
};
use super::tables::{
    Agreements, Assistance, Cases, Checkins, EmploymentOutcomes, EnterpriseLeaders,
    EnterpriseVisits, Enterprises, EventEnterprises, Events, Jobs, MentorMeetings, Mentorships,
    People, Recommendations, SeekerEvents, Seekers, Units, Users,
};
use crate::Engine;
use sea_query::{Index, SchemaBuilder, Table};

/// Written first as raw DDL in the same portable subset as migration 3, which these builders
/// render unchanged (`tests.rs`).
pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    vec![
        Table::create()
            .table(Enterprises::Table)
            .col(id_without_not_null(Enterprises::Id, engine))
            .col(text(Enterprises::Name))
            .col(string(Enterprises::CreditCode, 18).unique_key())
            .col(boolean(Enterprises::WomenOwned))
            .col(big_integer_null(Enterprises::EntrepreneurId))
            .col(string_null(Enterprises::Industry, 1))
            .col(big_integer_null(Enterprises::Staff))
            .col(big_integer_null(Enterprises::WomenStaff))
            .col(string(Enterprises::UnitCode, 12))
            .col(text_null(Enterprises::Address))
            .col(text_null(Enterprises::ContactName))
            .col(blob_null(Enterprises::ContactPhoneCipher))
            .col(string_null(Enterprises::ContactPhoneMasked, 20))
            .col(big_integer_null(Enterprises::CreatedBy))
            .col(big_integer(Enterprises::CreatedAt))
            .col(big_integer(Enterprises::UpdatedAt))
            .references(Enterprises::EntrepreneurId, People::Table, People::Id)
            .references(Enterprises::UnitCode, Units::Table, Units::Code)
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
            .col(big_integer(EnterpriseLeaders::EnterpriseId))
            .col(big_integer(EnterpriseLeaders::UserId))
            .col(big_integer(EnterpriseLeaders::AssignedAt))
            .primary_key(
                Index::create()
                    .col(EnterpriseLeaders::EnterpriseId)
                    .col(EnterpriseLeaders::UserId),
            )
            .references(
                EnterpriseLeaders::EnterpriseId,
                Enterprises::Table,
                Enterprises::Id,
            )
            .references(EnterpriseLeaders::UserId, Users::Table, Users::Id)
            .build_any(b),
        Index::create()
            .name("enterprise_leaders_user")
            .table(EnterpriseLeaders::Table)
            .col(EnterpriseLeaders::UserId)
            .build_any(b),
        Table::create()
            .table(EnterpriseVisits::Table)
            .col(id_without_not_null(EnterpriseVisits::Id, engine))
            .col(big_integer(EnterpriseVisits::EnterpriseId))
            .col(string(EnterpriseVisits::VisitedOn, 10))
            .col(big_integer_null(EnterpriseVisits::VisitorId))
            .col(text(EnterpriseVisits::Visitor))
            .col(text(EnterpriseVisits::Seen))
            .col(text_null(EnterpriseVisits::Difficulties))
            .col(big_integer_null(EnterpriseVisits::CaseId))
            .col(big_integer(EnterpriseVisits::CreatedAt))
            .references(
                EnterpriseVisits::EnterpriseId,
                Enterprises::Table,
                Enterprises::Id,
            )
            .references(EnterpriseVisits::CaseId, Cases::Table, Cases::Id)
            .build_any(b),
        Index::create()
            .name("enterprise_visits_enterprise")
            .table(EnterpriseVisits::Table)
            .col(EnterpriseVisits::EnterpriseId)
            .col(EnterpriseVisits::VisitedOn)
            .build_any(b),
        Table::create()
            .table(Jobs::Table)
            .col(id_without_not_null(Jobs::Id, engine))
            .col(big_integer(Jobs::EnterpriseId))
            .col(text(Jobs::Title))
            .col(string(Jobs::Category, 20))
            .col(big_integer(Jobs::Positions))
            .col(string_null(Jobs::Education, 16))
            .col(big_integer_null(Jobs::AgeMin))
            .col(big_integer_null(Jobs::AgeMax))
            .col(text(Jobs::Skills))
            .col(big_integer(Jobs::SalaryMin))
            .col(big_integer(Jobs::SalaryMax))
            .col(string(Jobs::UnitCode, 12))
            .col(string(Jobs::Hours, 12))
            .col(text(Jobs::Terms))
            .col(text_null(Jobs::Requirements))
            .col(string(Jobs::Status, 8))
            .col(big_integer_null(Jobs::CreatedBy))
            .col(big_integer(Jobs::CreatedAt))
            .col(big_integer(Jobs::UpdatedAt))
            .references(Jobs::EnterpriseId, Enterprises::Table, Enterprises::Id)
            .references(Jobs::UnitCode, Units::Table, Units::Code)
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
            .col(id_without_not_null(Seekers::Id, engine))
            .col(big_integer(Seekers::PersonId).unique_key())
            .col(text(Seekers::Categories))
            .col(text(Seekers::Skills))
            .col(string_null(Seekers::Education, 16))
            .col(string(Seekers::Availability, 12))
            .col(big_integer_null(Seekers::ExpectedPay))
            .col(string(Seekers::UnitCode, 12))
            .col(text(Seekers::Needs))
            .col(string(Seekers::Status, 12))
            .col(text_null(Seekers::Note))
            .col(big_integer_null(Seekers::CreatedBy))
            .col(big_integer(Seekers::CreatedAt))
            .col(big_integer(Seekers::UpdatedAt))
            .references(Seekers::PersonId, People::Table, People::Id)
            .references(Seekers::UnitCode, Units::Table, Units::Code)
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
            .col(id_without_not_null(SeekerEvents::Id, engine))
            .col(big_integer(SeekerEvents::SeekerId))
            .col(big_integer(SeekerEvents::At))
            .col(text(SeekerEvents::Actor))
            .col(string(SeekerEvents::Kind, 24))
            .col(text(SeekerEvents::Detail))
            .references(SeekerEvents::SeekerId, Seekers::Table, Seekers::Id)
            .build_any(b),
        Index::create()
            .name("seeker_events_seeker")
            .table(SeekerEvents::Table)
            .col(SeekerEvents::SeekerId)
            .col(SeekerEvents::Id)
            .build_any(b),
        Table::create()
            .table(Recommendations::Table)
            .col(id_without_not_null(Recommendations::Id, engine))
            .col(big_integer(Recommendations::SeekerId))
            .col(big_integer(Recommendations::JobId))
            .col(big_integer(Recommendations::Score))
            .col(string(Recommendations::Outcome, 16))
            .col(text(Recommendations::RecommendedBy))
            .col(big_integer_null(Recommendations::CreatedBy))
            .col(big_integer(Recommendations::CreatedAt))
            .col(big_integer(Recommendations::UpdatedAt))
            .index(
                Index::create()
                    .unique()
                    .col(Recommendations::SeekerId)
                    .col(Recommendations::JobId),
            )
            .references(Recommendations::SeekerId, Seekers::Table, Seekers::Id)
            .references(Recommendations::JobId, Jobs::Table, Jobs::Id)
            .build_any(b),
        Index::create()
            .name("recommendations_job")
            .table(Recommendations::Table)
            .col(Recommendations::JobId)
            .build_any(b),
        Table::create()
            .table(Events::Table)
            .col(id_without_not_null(Events::Id, engine))
            .col(string(Events::Kind, 16))
            .col(text(Events::Title))
            .col(string(Events::HeldOn, 10))
            .col(text_null(Events::Place))
            .col(string(Events::UnitCode, 12))
            .col(text_null(Events::Organizers))
            .col(text_null(Events::Partners))
            .col(string(Events::CheckinKey, 64).unique_key())
            .col(big_integer_null(Events::ClosedAt))
            .col(big_integer_null(Events::CreatedBy))
            .col(big_integer(Events::CreatedAt))
            .col(big_integer(Events::UpdatedAt))
            .references(Events::UnitCode, Units::Table, Units::Code)
            .build_any(b),
        Index::create()
            .name("events_held")
            .table(Events::Table)
            .col(Events::HeldOn)
            .col(Events::Id)
            .build_any(b),
        Table::create()
            .table(EventEnterprises::Table)
            .col(big_integer(EventEnterprises::EventId))
            .col(big_integer(EventEnterprises::EnterpriseId))
            .primary_key(
                Index::create()
                    .col(EventEnterprises::EventId)
                    .col(EventEnterprises::EnterpriseId),
            )
            .references(EventEnterprises::EventId, Events::Table, Events::Id)
            .references(
                EventEnterprises::EnterpriseId,
                Enterprises::Table,
                Enterprises::Id,
            )
            .build_any(b),
        // A visitor counts once per event: her phone's blind index is unique within it.
        Table::create()
            .table(Checkins::Table)
            .col(id_without_not_null(Checkins::Id, engine))
            .col(big_integer(Checkins::EventId))
            .col(big_integer_null(Checkins::PersonId))
            .col(blob(Checkins::NameCipher))
            .col(blob(Checkins::PhoneCipher))
            .col(string(Checkins::PhoneIndex, 64))
            .col(string(Checkins::PhoneMasked, 20))
            .col(string(Checkins::Sex, 8))
            .col(string_null(Checkins::Category, 24))
            .col(string(Checkins::Via, 8))
            .col(big_integer(Checkins::At))
            .index(
                Index::create()
                    .unique()
                    .col(Checkins::EventId)
                    .col(Checkins::PhoneIndex),
            )
            .references(Checkins::EventId, Events::Table, Events::Id)
            .references(Checkins::PersonId, People::Table, People::Id)
            .build_any(b),
        Table::create()
            .table(Agreements::Table)
            .col(id_without_not_null(Agreements::Id, engine))
            .col(big_integer(Agreements::EventId))
            .col(big_integer(Agreements::EnterpriseId))
            .col(big_integer(Agreements::PersonId))
            .col(big_integer(Agreements::JobId))
            .col(string(Agreements::SignedOn, 10))
            .col(big_integer_null(Agreements::CreatedBy))
            .col(big_integer(Agreements::CreatedAt))
            .index(
                Index::create()
                    .unique()
                    .col(Agreements::EventId)
                    .col(Agreements::PersonId)
                    .col(Agreements::JobId),
            )
            .references(Agreements::EventId, Events::Table, Events::Id)
            .references(
                Agreements::EnterpriseId,
                Enterprises::Table,
                Enterprises::Id,
            )
            .references(Agreements::PersonId, People::Table, People::Id)
            .references(Agreements::JobId, Jobs::Table, Jobs::Id)
            .build_any(b),
        Index::create()
            .name("agreements_event")
            .table(Agreements::Table)
            .col(Agreements::EventId)
            .col(Agreements::EnterpriseId)
            .build_any(b),
        Table::create()
            .table(Assistance::Table)
            .col(id_without_not_null(Assistance::Id, engine))
            .col(big_integer(Assistance::PersonId))
            .col(string(Assistance::Kind, 12))
            .col(text(Assistance::Provider))
            .col(string(Assistance::StartedOn, 10))
            .col(string_null(Assistance::EndedOn, 10))
            .col(string(Assistance::Status, 12))
            .col(text_null(Assistance::Outcome))
            .col(big_integer_null(Assistance::CaseId))
            .col(string(Assistance::UnitCode, 12))
            .col(big_integer_null(Assistance::CreatedBy))
            .col(big_integer(Assistance::CreatedAt))
            .col(big_integer(Assistance::UpdatedAt))
            .references(Assistance::PersonId, People::Table, People::Id)
            .references(Assistance::CaseId, Cases::Table, Cases::Id)
            .references(Assistance::UnitCode, Units::Table, Units::Code)
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
            .col(id_without_not_null(Mentorships::Id, engine))
            .col(big_integer(Mentorships::MentorId))
            .col(big_integer(Mentorships::MenteeId))
            .col(string(Mentorships::StartedOn, 10))
            .col(string_null(Mentorships::EndedOn, 10))
            .col(string(Mentorships::Status, 12))
            .col(text_null(Mentorships::Goal))
            .col(string(Mentorships::UnitCode, 12))
            .col(big_integer_null(Mentorships::CreatedBy))
            .col(big_integer(Mentorships::CreatedAt))
            .col(big_integer(Mentorships::UpdatedAt))
            .references(Mentorships::MentorId, People::Table, People::Id)
            .references(Mentorships::MenteeId, People::Table, People::Id)
            .references(Mentorships::UnitCode, Units::Table, Units::Code)
            .build_any(b),
        Index::create()
            .name("mentorships_unit")
            .table(Mentorships::Table)
            .col(Mentorships::UnitCode)
            .col(Mentorships::Id)
            .build_any(b),
        Table::create()
            .table(MentorMeetings::Table)
            .col(id_without_not_null(MentorMeetings::Id, engine))
            .col(big_integer(MentorMeetings::MentorshipId))
            .col(string(MentorMeetings::MetOn, 10))
            .col(text(MentorMeetings::Note))
            .col(big_integer_null(MentorMeetings::CreatedBy))
            .col(big_integer(MentorMeetings::CreatedAt))
            .references(
                MentorMeetings::MentorshipId,
                Mentorships::Table,
                Mentorships::Id,
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
            .col(id_without_not_null(EmploymentOutcomes::Id, engine))
            .col(big_integer(EmploymentOutcomes::PersonId))
            .col(string(EmploymentOutcomes::Kind, 12))
            .col(string(EmploymentOutcomes::OnDate, 10))
            .col(big_integer_null(EmploymentOutcomes::JobId))
            .col(big_integer_null(EmploymentOutcomes::EnterpriseId))
            .col(string(EmploymentOutcomes::Source, 16))
            .col(text_null(EmploymentOutcomes::Note))
            .col(string(EmploymentOutcomes::UnitCode, 12))
            .col(big_integer_null(EmploymentOutcomes::CreatedBy))
            .col(big_integer(EmploymentOutcomes::CreatedAt))
            .references(EmploymentOutcomes::PersonId, People::Table, People::Id)
            .references(EmploymentOutcomes::JobId, Jobs::Table, Jobs::Id)
            .references(
                EmploymentOutcomes::EnterpriseId,
                Enterprises::Table,
                Enterprises::Id,
            )
            .references(EmploymentOutcomes::UnitCode, Units::Table, Units::Code)
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
