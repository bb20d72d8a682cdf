//! Migration 3, cases: cases, people in them, timeline, referrals, attachments, orders,
//! briefings.

use super::tables::{
    BriefingItems, Briefings, CaseAttachments, CaseCounts, CaseEvents, CaseOrders, CasePeople,
    CaseReferrals, Cases, Counters, Departments, People, Units, Users,
};
use super::{rowid, without_rowid};
use crate::Engine;
use sea_query::{ColumnDef, ConditionalStatement, Expr, ForeignKey, Index, SchemaBuilder, Table};

/// Written first as raw DDL in the portable subset (BIGINT, VARCHAR, TEXT, BOOLEAN, a binary type
/// per engine), which these builders render unchanged (`tests.rs`). Ids are SQLite's rowid (`rowid`).
pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    vec![
        Table::create()
            .table(Cases::Table)
            .col(rowid(&mut ColumnDef::new(Cases::Id), engine).primary_key())
            .col(
                ColumnDef::new(Cases::Code)
                    .string_len(24)
                    .not_null()
                    .unique_key(),
            )
            .col(ColumnDef::new(Cases::Kind).string_len(16).not_null())
            .col(ColumnDef::new(Cases::Channel).string_len(20).not_null())
            .col(ColumnDef::new(Cases::Category).string_len(30).not_null())
            .col(ColumnDef::new(Cases::Urgency).string_len(16).not_null())
            .col(ColumnDef::new(Cases::Status).string_len(16).not_null())
            .col(ColumnDef::new(Cases::Restricted).boolean().not_null())
            .col(ColumnDef::new(Cases::UnitCode).string_len(12).not_null())
            .col(ColumnDef::new(Cases::HandlerId).big_integer().null())
            .col(ColumnDef::new(Cases::EnterpriseId).big_integer().null())
            .col(ColumnDef::new(Cases::EnterpriseName).text().null())
            .col(ColumnDef::new(Cases::CallerNameCipher).blob().null())
            .col(ColumnDef::new(Cases::CallerPhoneCipher).blob().null())
            .col(
                ColumnDef::new(Cases::CallerPhoneMasked)
                    .string_len(20)
                    .null(),
            )
            .col(ColumnDef::new(Cases::NarrativeCipher).blob().not_null())
            .col(ColumnDef::new(Cases::OutcomeCipher).blob().null())
            .col(ColumnDef::new(Cases::Satisfaction).string_len(24).null())
            .col(ColumnDef::new(Cases::RiskCipher).blob().null())
            .col(ColumnDef::new(Cases::RiskScore).big_integer().null())
            .col(ColumnDef::new(Cases::RiskLevel).string_len(8).null())
            .col(ColumnDef::new(Cases::LacksCapacity).boolean().not_null())
            .col(ColumnDef::new(Cases::MandatoryReport).boolean().not_null())
            .col(ColumnDef::new(Cases::ReportRecipient).text().null())
            .col(ColumnDef::new(Cases::ReportedOn).string_len(10).null())
            .col(ColumnDef::new(Cases::StatusSince).big_integer().not_null())
            .col(ColumnDef::new(Cases::DueAt).big_integer().null())
            .col(ColumnDef::new(Cases::FollowUpDue).big_integer().null())
            .col(ColumnDef::new(Cases::FollowedUpAt).big_integer().null())
            .col(ColumnDef::new(Cases::ReceiptIndex).string_len(64).null())
            .col(
                ColumnDef::new(Cases::ReceiptPhoneIndex)
                    .string_len(64)
                    .null(),
            )
            .col(ColumnDef::new(Cases::CreatedBy).big_integer().null())
            .col(ColumnDef::new(Cases::OpenedOn).string_len(10).not_null())
            .col(ColumnDef::new(Cases::CreatedAt).big_integer().not_null())
            .col(ColumnDef::new(Cases::UpdatedAt).big_integer().not_null())
            .col(ColumnDef::new(Cases::ClosedAt).big_integer().null())
            .foreign_key(
                ForeignKey::create()
                    .from(Cases::Table, Cases::UnitCode)
                    .to(Units::Table, Units::Code),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Cases::Table, Cases::HandlerId)
                    .to(Users::Table, Users::Id),
            )
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
                .col(
                    ColumnDef::new(CaseCounts::UnitCode)
                        .string_len(12)
                        .not_null(),
                )
                .col(ColumnDef::new(CaseCounts::Status).string_len(16).not_null())
                .col(
                    ColumnDef::new(CaseCounts::Category)
                        .string_len(30)
                        .not_null(),
                )
                .col(ColumnDef::new(CaseCounts::Kind).string_len(16).not_null())
                .col(
                    ColumnDef::new(CaseCounts::Channel)
                        .string_len(20)
                        .not_null(),
                )
                .col(ColumnDef::new(CaseCounts::Restricted).boolean().not_null())
                .col(ColumnDef::new(CaseCounts::N).big_integer().not_null())
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
            .col(ColumnDef::new(CasePeople::CaseId).big_integer().not_null())
            .col(
                ColumnDef::new(CasePeople::PersonId)
                    .big_integer()
                    .not_null(),
            )
            .col(ColumnDef::new(CasePeople::Role).string_len(16).not_null())
            .primary_key(
                Index::create()
                    .col(CasePeople::CaseId)
                    .col(CasePeople::PersonId),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(CasePeople::Table, CasePeople::CaseId)
                    .to(Cases::Table, Cases::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(CasePeople::Table, CasePeople::PersonId)
                    .to(People::Table, People::Id),
            )
            .build_any(b),
        Index::create()
            .name("case_people_person")
            .table(CasePeople::Table)
            .col(CasePeople::PersonId)
            .build_any(b),
        Table::create()
            .table(CaseEvents::Table)
            .col(rowid(&mut ColumnDef::new(CaseEvents::Id), engine).primary_key())
            .col(ColumnDef::new(CaseEvents::CaseId).big_integer().not_null())
            .col(ColumnDef::new(CaseEvents::At).big_integer().not_null())
            .col(ColumnDef::new(CaseEvents::ActorId).big_integer().null())
            .col(ColumnDef::new(CaseEvents::Actor).text().not_null())
            .col(ColumnDef::new(CaseEvents::Kind).string_len(24).not_null())
            .col(ColumnDef::new(CaseEvents::FromStatus).string_len(16).null())
            .col(ColumnDef::new(CaseEvents::ToStatus).string_len(16).null())
            .col(ColumnDef::new(CaseEvents::BodyCipher).blob().null())
            .col(ColumnDef::new(CaseEvents::Detail).text().not_null())
            .foreign_key(
                ForeignKey::create()
                    .from(CaseEvents::Table, CaseEvents::CaseId)
                    .to(Cases::Table, Cases::Id),
            )
            .build_any(b),
        Index::create()
            .name("case_events_case")
            .table(CaseEvents::Table)
            .col(CaseEvents::CaseId)
            .col(CaseEvents::Id)
            .build_any(b),
        Table::create()
            .table(CaseReferrals::Table)
            .col(rowid(&mut ColumnDef::new(CaseReferrals::Id), engine).primary_key())
            .col(
                ColumnDef::new(CaseReferrals::CaseId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(CaseReferrals::DepartmentCode)
                    .string_len(40)
                    .not_null(),
            )
            .col(
                ColumnDef::new(CaseReferrals::RequestCipher)
                    .blob()
                    .not_null(),
            )
            .col(
                ColumnDef::new(CaseReferrals::AskedAt)
                    .big_integer()
                    .not_null(),
            )
            .col(ColumnDef::new(CaseReferrals::AskedBy).text().not_null())
            .col(
                ColumnDef::new(CaseReferrals::DueAt)
                    .big_integer()
                    .not_null(),
            )
            .col(ColumnDef::new(CaseReferrals::AnswerCipher).blob().null())
            .col(
                ColumnDef::new(CaseReferrals::AnsweredAt)
                    .big_integer()
                    .null(),
            )
            .col(ColumnDef::new(CaseReferrals::AnsweredBy).text().null())
            .foreign_key(
                ForeignKey::create()
                    .from(CaseReferrals::Table, CaseReferrals::CaseId)
                    .to(Cases::Table, Cases::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(CaseReferrals::Table, CaseReferrals::DepartmentCode)
                    .to(Departments::Table, Departments::Code),
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
            .col(rowid(&mut ColumnDef::new(CaseAttachments::Id), engine).primary_key())
            .col(
                ColumnDef::new(CaseAttachments::CaseId)
                    .big_integer()
                    .not_null(),
            )
            .col(ColumnDef::new(CaseAttachments::FileName).text().not_null())
            .col(
                ColumnDef::new(CaseAttachments::ContentType)
                    .string_len(100)
                    .not_null(),
            )
            .col(
                ColumnDef::new(CaseAttachments::Size)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(CaseAttachments::Sha256)
                    .string_len(64)
                    .not_null(),
            )
            .col(
                ColumnDef::new(CaseAttachments::StoredName)
                    .string_len(64)
                    .not_null(),
            )
            .col(
                ColumnDef::new(CaseAttachments::UploadedAt)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(CaseAttachments::UploadedBy)
                    .text()
                    .not_null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(CaseAttachments::Table, CaseAttachments::CaseId)
                    .to(Cases::Table, Cases::Id),
            )
            .build_any(b),
        Index::create()
            .name("case_attachments_case")
            .table(CaseAttachments::Table)
            .col(CaseAttachments::CaseId)
            .build_any(b),
        Table::create()
            .table(CaseOrders::Table)
            .col(rowid(&mut ColumnDef::new(CaseOrders::Id), engine).primary_key())
            .col(ColumnDef::new(CaseOrders::CaseId).big_integer().not_null())
            .col(
                ColumnDef::new(CaseOrders::AppliedOn)
                    .string_len(10)
                    .not_null(),
            )
            .col(ColumnDef::new(CaseOrders::Court).text().not_null())
            .col(ColumnDef::new(CaseOrders::Status).string_len(16).not_null())
            .col(ColumnDef::new(CaseOrders::DecidedOn).string_len(10).null())
            .col(ColumnDef::new(CaseOrders::ValidUntil).string_len(10).null())
            .col(
                ColumnDef::new(CaseOrders::CreatedAt)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(CaseOrders::UpdatedAt)
                    .big_integer()
                    .not_null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(CaseOrders::Table, CaseOrders::CaseId)
                    .to(Cases::Table, Cases::Id),
            )
            .build_any(b),
        Index::create()
            .name("case_orders_case")
            .table(CaseOrders::Table)
            .col(CaseOrders::CaseId)
            .build_any(b),
        Table::create()
            .table(Briefings::Table)
            .col(rowid(&mut ColumnDef::new(Briefings::Id), engine).primary_key())
            .col(
                ColumnDef::new(Briefings::Code)
                    .string_len(24)
                    .not_null()
                    .unique_key(),
            )
            .col(ColumnDef::new(Briefings::Title).text().not_null())
            .col(ColumnDef::new(Briefings::Summary).text().not_null())
            .col(ColumnDef::new(Briefings::Suggestion).text().not_null())
            .col(ColumnDef::new(Briefings::Drafter).text().not_null())
            .col(ColumnDef::new(Briefings::Signer).text().not_null())
            .col(
                ColumnDef::new(Briefings::UnitCode)
                    .string_len(12)
                    .not_null(),
            )
            .col(ColumnDef::new(Briefings::CreatedBy).big_integer().null())
            .col(
                ColumnDef::new(Briefings::CreatedAt)
                    .big_integer()
                    .not_null(),
            )
            .col(ColumnDef::new(Briefings::SentOn).string_len(10).null())
            .col(ColumnDef::new(Briefings::Response).text().null())
            .col(ColumnDef::new(Briefings::ResponseOn).string_len(10).null())
            .col(
                ColumnDef::new(Briefings::UpdatedAt)
                    .big_integer()
                    .not_null(),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Briefings::Table, Briefings::UnitCode)
                    .to(Units::Table, Units::Code),
            )
            .build_any(b),
        Index::create()
            .name("briefings_unit")
            .table(Briefings::Table)
            .col(Briefings::UnitCode)
            .col(Briefings::Id)
            .build_any(b),
        Table::create()
            .table(BriefingItems::Table)
            .col(
                ColumnDef::new(BriefingItems::BriefingId)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(BriefingItems::CaseId)
                    .big_integer()
                    .not_null(),
            )
            .col(ColumnDef::new(BriefingItems::Sort).big_integer().not_null())
            .col(ColumnDef::new(BriefingItems::Heading).text().not_null())
            .col(ColumnDef::new(BriefingItems::Body).text().not_null())
            .primary_key(
                Index::create()
                    .col(BriefingItems::BriefingId)
                    .col(BriefingItems::CaseId),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(BriefingItems::Table, BriefingItems::BriefingId)
                    .to(Briefings::Table, Briefings::Id),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(BriefingItems::Table, BriefingItems::CaseId)
                    .to(Cases::Table, Cases::Id),
            )
            .build_any(b),
        Index::create()
            .name("briefing_items_case")
            .table(BriefingItems::Table)
            .col(BriefingItems::CaseId)
            .build_any(b),
        // Yearly sequences for human-readable numbers (case codes, briefing numbers).
        Table::create()
            .table(Counters::Table)
            .col(
                ColumnDef::new(Counters::Name)
                    .string_len(24)
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new(Counters::Value).big_integer().not_null())
            .build_any(b),
    ]
}
