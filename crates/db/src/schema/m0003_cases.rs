//! Migration 3, cases: cases, people in them, timeline, referrals, attachments, orders,
//! briefings.

use super::columns::{
    big_integer, big_integer_null, blob, blob_null, boolean, id_without_not_null, string,
    string_null, text, text_null, ForeignKeys,
};
use super::tables::{
    BriefingItems, Briefings, CaseAttachments, CaseCounts, CaseEvents, CaseOrders, CasePeople,
    CaseReferrals, Cases, Counters, Departments, People, Units, Users,
};
use super::without_rowid;
use crate::Engine;
use sea_query::{ConditionalStatement, Expr, Index, SchemaBuilder, Table};

/// Written first as raw DDL in the portable subset (BIGINT, VARCHAR, TEXT, BOOLEAN, a binary type
/// per engine), which these builders render unchanged (`tests.rs`). Ids are SQLite's rowid (`rowid`).
pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    vec![
        Table::create()
            .table(Cases::Table)
            .col(id_without_not_null(Cases::Id, engine))
            .col(string(Cases::Code, 24).unique_key())
            .col(string(Cases::Kind, 16))
            .col(string(Cases::Channel, 20))
            .col(string(Cases::Category, 30))
            .col(string(Cases::Urgency, 16))
            .col(string(Cases::Status, 16))
            .col(boolean(Cases::Restricted))
            .col(string(Cases::UnitCode, 12))
            .col(big_integer_null(Cases::HandlerId))
            .col(big_integer_null(Cases::EnterpriseId))
            .col(text_null(Cases::EnterpriseName))
            .col(blob_null(Cases::CallerNameCipher))
            .col(blob_null(Cases::CallerPhoneCipher))
            .col(string_null(Cases::CallerPhoneMasked, 20))
            .col(blob(Cases::NarrativeCipher))
            .col(blob_null(Cases::OutcomeCipher))
            .col(string_null(Cases::Satisfaction, 24))
            .col(blob_null(Cases::RiskCipher))
            .col(big_integer_null(Cases::RiskScore))
            .col(string_null(Cases::RiskLevel, 8))
            .col(boolean(Cases::LacksCapacity))
            .col(boolean(Cases::MandatoryReport))
            .col(text_null(Cases::ReportRecipient))
            .col(string_null(Cases::ReportedOn, 10))
            .col(big_integer(Cases::StatusSince))
            .col(big_integer_null(Cases::DueAt))
            .col(big_integer_null(Cases::FollowUpDue))
            .col(big_integer_null(Cases::FollowedUpAt))
            .col(string_null(Cases::ReceiptIndex, 64))
            .col(string_null(Cases::ReceiptPhoneIndex, 64))
            .col(big_integer_null(Cases::CreatedBy))
            .col(string(Cases::OpenedOn, 10))
            .col(big_integer(Cases::CreatedAt))
            .col(big_integer(Cases::UpdatedAt))
            .col(big_integer_null(Cases::ClosedAt))
            .references(Cases::UnitCode, Units::Table, Units::Code)
            .references(Cases::HandlerId, Users::Table, Users::Id)
            .build_any(b),
        // The open cases (only they carry a deadline), by unit: the overdue count and the
        // overdue list read this index alone — the caller's subtree, then the deadlines and the
        // restriction inside the index (a few thousand entries, not the whole table).
        Index::create()
            .name("cases_open")
            .table(Cases::Table)
            .col(Cases::UnitCode)
            .col(Cases::DueAt)
            .col(Cases::Restricted)
            .col(Cases::HandlerId)
            .col(Cases::CreatedBy)
            .and_where(Expr::col(Cases::DueAt).is_not_null())
            .build_any(b),
        // One index per list filter, (column, unit, restriction, handler): a narrow filter finds
        // its cases' ids inside the index — in the caller's subtree, restricted cases left out
        // unless they are the caller's — without reading the table.
        Index::create()
            .name("cases_unit")
            .table(Cases::Table)
            .col(Cases::UnitCode)
            .col(Cases::Restricted)
            .col(Cases::HandlerId)
            .build_any(b),
        Index::create()
            .name("cases_status")
            .table(Cases::Table)
            .col(Cases::Status)
            .col(Cases::UnitCode)
            .col(Cases::Restricted)
            .col(Cases::HandlerId)
            .build_any(b),
        Index::create()
            .name("cases_category")
            .table(Cases::Table)
            .col(Cases::Category)
            .col(Cases::UnitCode)
            .col(Cases::Restricted)
            .col(Cases::HandlerId)
            .build_any(b),
        Index::create()
            .name("cases_kind")
            .table(Cases::Table)
            .col(Cases::Kind)
            .col(Cases::UnitCode)
            .col(Cases::Restricted)
            .col(Cases::HandlerId)
            .build_any(b),
        Index::create()
            .name("cases_channel")
            .table(Cases::Table)
            .col(Cases::Channel)
            .col(Cases::UnitCode)
            .col(Cases::Restricted)
            .col(Cases::HandlerId)
            .build_any(b),
        Index::create()
            .name("cases_opened")
            .table(Cases::Table)
            .col(Cases::OpenedOn)
            .col(Cases::UnitCode)
            .col(Cases::Restricted)
            .col(Cases::HandlerId)
            .build_any(b),
        Index::create()
            .name("cases_handler")
            .table(Cases::Table)
            .col(Cases::HandlerId)
            .col(Cases::Status)
            .build_any(b),
        Index::create()
            .name("cases_follow_up")
            .table(Cases::Table)
            .col(Cases::FollowUpDue)
            .and_where(Expr::col(Cases::FollowUpDue).is_not_null())
            .build_any(b),
        Index::create()
            .name("cases_receipt")
            .table(Cases::Table)
            .col(Cases::ReceiptIndex)
            .and_where(Expr::col(Cases::ReceiptIndex).is_not_null())
            .build_any(b),
        // Cases per unit subtree (a case counts under its unit and every unit above it), status,
        // category, kind, channel and restriction, kept in the same transaction as every intake
        // and status change: a list total adds up the few hundred rows of one unit instead of
        // counting up to 200,000 cases per request.
        without_rowid(
            Table::create()
                .table(CaseCounts::Table)
                .col(string(CaseCounts::UnitCode, 12))
                .col(string(CaseCounts::Status, 16))
                .col(string(CaseCounts::Category, 30))
                .col(string(CaseCounts::Kind, 16))
                .col(string(CaseCounts::Channel, 20))
                .col(boolean(CaseCounts::Restricted))
                .col(big_integer(CaseCounts::N))
                .primary_key(
                    Index::create()
                        .col(CaseCounts::UnitCode)
                        .col(CaseCounts::Status)
                        .col(CaseCounts::Category)
                        .col(CaseCounts::Kind)
                        .col(CaseCounts::Channel)
                        .col(CaseCounts::Restricted),
                )
                .build_any(b),
            engine,
        ),
        Table::create()
            .table(CasePeople::Table)
            .col(big_integer(CasePeople::CaseId))
            .col(big_integer(CasePeople::PersonId))
            .col(string(CasePeople::Role, 16))
            .primary_key(
                Index::create()
                    .col(CasePeople::CaseId)
                    .col(CasePeople::PersonId),
            )
            .references(CasePeople::CaseId, Cases::Table, Cases::Id)
            .references(CasePeople::PersonId, People::Table, People::Id)
            .build_any(b),
        Index::create()
            .name("case_people_person")
            .table(CasePeople::Table)
            .col(CasePeople::PersonId)
            .build_any(b),
        Table::create()
            .table(CaseEvents::Table)
            .col(id_without_not_null(CaseEvents::Id, engine))
            .col(big_integer(CaseEvents::CaseId))
            .col(big_integer(CaseEvents::At))
            .col(big_integer_null(CaseEvents::ActorId))
            .col(text(CaseEvents::Actor))
            .col(string(CaseEvents::Kind, 24))
            .col(string_null(CaseEvents::FromStatus, 16))
            .col(string_null(CaseEvents::ToStatus, 16))
            .col(blob_null(CaseEvents::BodyCipher))
            .col(text(CaseEvents::Detail))
            .references(CaseEvents::CaseId, Cases::Table, Cases::Id)
            .build_any(b),
        Index::create()
            .name("case_events_case")
            .table(CaseEvents::Table)
            .col(CaseEvents::CaseId)
            .col(CaseEvents::Id)
            .build_any(b),
        Table::create()
            .table(CaseReferrals::Table)
            .col(id_without_not_null(CaseReferrals::Id, engine))
            .col(big_integer(CaseReferrals::CaseId))
            .col(string(CaseReferrals::DepartmentCode, 40))
            .col(blob(CaseReferrals::RequestCipher))
            .col(big_integer(CaseReferrals::AskedAt))
            .col(text(CaseReferrals::AskedBy))
            .col(big_integer(CaseReferrals::DueAt))
            .col(blob_null(CaseReferrals::AnswerCipher))
            .col(big_integer_null(CaseReferrals::AnsweredAt))
            .col(text_null(CaseReferrals::AnsweredBy))
            .references(CaseReferrals::CaseId, Cases::Table, Cases::Id)
            .references(
                CaseReferrals::DepartmentCode,
                Departments::Table,
                Departments::Code,
            )
            .build_any(b),
        Index::create()
            .name("case_referrals_case")
            .table(CaseReferrals::Table)
            .col(CaseReferrals::CaseId)
            .build_any(b),
        Index::create()
            .name("case_referrals_open")
            .table(CaseReferrals::Table)
            .col(CaseReferrals::DueAt)
            .and_where(Expr::col(CaseReferrals::AnsweredAt).is_null())
            .build_any(b),
        Index::create()
            .name("case_referrals_department")
            .table(CaseReferrals::Table)
            .col(CaseReferrals::DepartmentCode)
            .col(CaseReferrals::Id)
            .build_any(b),
        Table::create()
            .table(CaseAttachments::Table)
            .col(id_without_not_null(CaseAttachments::Id, engine))
            .col(big_integer(CaseAttachments::CaseId))
            .col(text(CaseAttachments::FileName))
            .col(string(CaseAttachments::ContentType, 100))
            .col(big_integer(CaseAttachments::Size))
            .col(string(CaseAttachments::Sha256, 64))
            .col(string(CaseAttachments::StoredName, 64))
            .col(big_integer(CaseAttachments::UploadedAt))
            .col(text(CaseAttachments::UploadedBy))
            .references(CaseAttachments::CaseId, Cases::Table, Cases::Id)
            .build_any(b),
        Index::create()
            .name("case_attachments_case")
            .table(CaseAttachments::Table)
            .col(CaseAttachments::CaseId)
            .build_any(b),
        Table::create()
            .table(CaseOrders::Table)
            .col(id_without_not_null(CaseOrders::Id, engine))
            .col(big_integer(CaseOrders::CaseId))
            .col(string(CaseOrders::AppliedOn, 10))
            .col(text(CaseOrders::Court))
            .col(string(CaseOrders::Status, 16))
            .col(string_null(CaseOrders::DecidedOn, 10))
            .col(string_null(CaseOrders::ValidUntil, 10))
            .col(big_integer(CaseOrders::CreatedAt))
            .col(big_integer(CaseOrders::UpdatedAt))
            .references(CaseOrders::CaseId, Cases::Table, Cases::Id)
            .build_any(b),
        Index::create()
            .name("case_orders_case")
            .table(CaseOrders::Table)
            .col(CaseOrders::CaseId)
            .build_any(b),
        Table::create()
            .table(Briefings::Table)
            .col(id_without_not_null(Briefings::Id, engine))
            .col(string(Briefings::Code, 24).unique_key())
            .col(text(Briefings::Title))
            .col(text(Briefings::Summary))
            .col(text(Briefings::Suggestion))
            .col(text(Briefings::Drafter))
            .col(text(Briefings::Signer))
            .col(string(Briefings::UnitCode, 12))
            .col(big_integer_null(Briefings::CreatedBy))
            .col(big_integer(Briefings::CreatedAt))
            .col(string_null(Briefings::SentOn, 10))
            .col(text_null(Briefings::Response))
            .col(string_null(Briefings::ResponseOn, 10))
            .col(big_integer(Briefings::UpdatedAt))
            .references(Briefings::UnitCode, Units::Table, Units::Code)
            .build_any(b),
        Index::create()
            .name("briefings_unit")
            .table(Briefings::Table)
            .col(Briefings::UnitCode)
            .col(Briefings::Id)
            .build_any(b),
        Table::create()
            .table(BriefingItems::Table)
            .col(big_integer(BriefingItems::BriefingId))
            .col(big_integer(BriefingItems::CaseId))
            .col(big_integer(BriefingItems::Sort))
            .col(text(BriefingItems::Heading))
            .col(text(BriefingItems::Body))
            .primary_key(
                Index::create()
                    .col(BriefingItems::BriefingId)
                    .col(BriefingItems::CaseId),
            )
            .references(BriefingItems::BriefingId, Briefings::Table, Briefings::Id)
            .references(BriefingItems::CaseId, Cases::Table, Cases::Id)
            .build_any(b),
        Index::create()
            .name("briefing_items_case")
            .table(BriefingItems::Table)
            .col(BriefingItems::CaseId)
            .build_any(b),
        // Yearly sequences for human-readable numbers (case codes, briefing numbers).
        Table::create()
            .table(Counters::Table)
            .col(string(Counters::Name, 24).primary_key())
            .col(big_integer(Counters::Value))
            .build_any(b),
    ]
}
