//! Migration 1, the platform: units, departments, accounts, sessions, tokens, audit, settings.

use super::tables::{
    ApiTokens, AuditEvents, AuditHead, Departments, Sessions, Settings, Units, Users,
};
use crate::Engine;
use sea_query::{ColumnDef, ForeignKey, Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, _: Engine) -> Vec<String> {
    let units = Table::create()
        .table(Units::Table)
        .col(
            ColumnDef::new(Units::Code)
                .string_len(12)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Units::Name).string().not_null())
        .col(ColumnDef::new(Units::Level).string_len(16).not_null())
        .col(ColumnDef::new(Units::ParentCode).string_len(12).null())
        .col(ColumnDef::new(Units::CreatedAt).big_integer().not_null())
        .foreign_key(
            ForeignKey::create()
                .from(Units::Table, Units::ParentCode)
                .to(Units::Table, Units::Code),
        )
        .to_owned();
    let units_parent = Index::create()
        .name("units_parent")
        .table(Units::Table)
        .col(Units::ParentCode)
        .to_owned();

    let departments = Table::create()
        .table(Departments::Table)
        .col(
            ColumnDef::new(Departments::Code)
                .string_len(40)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Departments::NameZh).string().not_null())
        .col(ColumnDef::new(Departments::NameEn).string().not_null())
        .col(ColumnDef::new(Departments::Sort).big_integer().not_null())
        .to_owned();

    let users = Table::create()
        .table(Users::Table)
        .col(
            ColumnDef::new(Users::Id)
                .big_integer()
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(Users::Username)
                .string_len(64)
                .not_null()
                .unique_key(),
        )
        .col(ColumnDef::new(Users::DisplayName).string().not_null())
        .col(ColumnDef::new(Users::Role).string_len(16).not_null())
        .col(ColumnDef::new(Users::UnitCode).string_len(12).not_null())
        .col(ColumnDef::new(Users::DepartmentCode).string_len(40).null())
        .col(ColumnDef::new(Users::PasswordHash).string().not_null())
        .col(
            ColumnDef::new(Users::Disabled)
                .boolean()
                .not_null()
                .default(false),
        )
        .col(
            ColumnDef::new(Users::FailedLogins)
                .big_integer()
                .not_null()
                .default(0),
        )
        .col(ColumnDef::new(Users::LockedUntil).big_integer().null())
        .col(ColumnDef::new(Users::CreatedAt).big_integer().not_null())
        .col(ColumnDef::new(Users::UpdatedAt).big_integer().not_null())
        .foreign_key(
            ForeignKey::create()
                .from(Users::Table, Users::UnitCode)
                .to(Units::Table, Units::Code),
        )
        .foreign_key(
            ForeignKey::create()
                .from(Users::Table, Users::DepartmentCode)
                .to(Departments::Table, Departments::Code),
        )
        .to_owned();
    let users_unit = Index::create()
        .name("users_unit")
        .table(Users::Table)
        .col(Users::UnitCode)
        .to_owned();

    let sessions = Table::create()
        .table(Sessions::Table)
        .col(
            ColumnDef::new(Sessions::IdHash)
                .string_len(64)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Sessions::UserId).big_integer().not_null())
        .col(
            ColumnDef::new(Sessions::CsrfToken)
                .string_len(64)
                .not_null(),
        )
        .col(ColumnDef::new(Sessions::CreatedAt).big_integer().not_null())
        .col(ColumnDef::new(Sessions::LastSeen).big_integer().not_null())
        .col(ColumnDef::new(Sessions::Ip).string().not_null())
        .col(ColumnDef::new(Sessions::UserAgent).string().not_null())
        .foreign_key(
            ForeignKey::create()
                .from(Sessions::Table, Sessions::UserId)
                .to(Users::Table, Users::Id)
                .on_delete(sea_query::ForeignKeyAction::Cascade),
        )
        .to_owned();
    let sessions_user = Index::create()
        .name("sessions_user")
        .table(Sessions::Table)
        .col(Sessions::UserId)
        .to_owned();

    let tokens = Table::create()
        .table(ApiTokens::Table)
        .col(
            ColumnDef::new(ApiTokens::Id)
                .big_integer()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(ApiTokens::UserId).big_integer().not_null())
        .col(ColumnDef::new(ApiTokens::Label).string().not_null())
        .col(
            ColumnDef::new(ApiTokens::TokenHash)
                .string_len(64)
                .not_null()
                .unique_key(),
        )
        .col(
            ColumnDef::new(ApiTokens::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .col(ColumnDef::new(ApiTokens::LastUsed).big_integer().null())
        .col(
            ColumnDef::new(ApiTokens::Revoked)
                .boolean()
                .not_null()
                .default(false),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ApiTokens::Table, ApiTokens::UserId)
                .to(Users::Table, Users::Id),
        )
        .to_owned();

    let audit = Table::create()
        .table(AuditEvents::Table)
        .col(
            ColumnDef::new(AuditEvents::Seq)
                .big_integer()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(AuditEvents::At).big_integer().not_null())
        .col(ColumnDef::new(AuditEvents::ActorId).big_integer().null())
        .col(ColumnDef::new(AuditEvents::Actor).string().not_null())
        .col(ColumnDef::new(AuditEvents::Ip).string().not_null())
        .col(
            ColumnDef::new(AuditEvents::Action)
                .string_len(40)
                .not_null(),
        )
        .col(
            ColumnDef::new(AuditEvents::Entity)
                .string_len(40)
                .not_null(),
        )
        .col(ColumnDef::new(AuditEvents::EntityId).string().not_null())
        .col(ColumnDef::new(AuditEvents::UnitCode).string_len(12).null())
        .col(ColumnDef::new(AuditEvents::Detail).text().not_null())
        .col(
            ColumnDef::new(AuditEvents::PrevHash)
                .string_len(64)
                .not_null(),
        )
        .col(ColumnDef::new(AuditEvents::Hash).string_len(64).not_null())
        .to_owned();
    let audit_at = Index::create()
        .name("audit_events_at")
        .table(AuditEvents::Table)
        .col(AuditEvents::At)
        .to_owned();
    let audit_action = Index::create()
        .name("audit_events_action")
        .table(AuditEvents::Table)
        .col(AuditEvents::Action)
        .to_owned();

    let audit_head = Table::create()
        .table(AuditHead::Table)
        .col(
            ColumnDef::new(AuditHead::Id)
                .big_integer()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(AuditHead::Seq).big_integer().not_null())
        .col(ColumnDef::new(AuditHead::Hash).string_len(64).not_null())
        .to_owned();

    let settings = Table::create()
        .table(Settings::Table)
        .col(
            ColumnDef::new(Settings::Key)
                .string_len(64)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Settings::Value).text().not_null())
        .to_owned();

    vec![
        units.build_any(b),
        units_parent.build_any(b),
        departments.build_any(b),
        users.build_any(b),
        users_unit.build_any(b),
        sessions.build_any(b),
        sessions_user.build_any(b),
        tokens.build_any(b),
        audit.build_any(b),
        audit_at.build_any(b),
        audit_action.build_any(b),
        audit_head.build_any(b),
        format!(
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '{}')",
            crate::audit::GENESIS_HASH
        ),
        settings.build_any(b),
    ]
}
