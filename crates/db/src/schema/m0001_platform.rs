//! Migration 1, the platform: units, departments, accounts, sessions, tokens, audit, settings.

use super::columns::{
    big_integer, big_integer_null, boolean, string, string_null, string_unbounded, text,
    ForeignKeys,
};
use super::tables::{
    ApiTokens, AuditEvents, AuditHead, Departments, Sessions, Settings, Units, Users,
};
use crate::Engine;
use sea_query::{ForeignKey, Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, _: Engine) -> Vec<String> {
    let units = Table::create()
        .table(Units::Table)
        .col(string(Units::Code, 12).primary_key())
        .col(string_unbounded(Units::Name))
        .col(string(Units::Level, 16))
        .col(string_null(Units::ParentCode, 12))
        .col(big_integer(Units::CreatedAt))
        .references(Units::ParentCode, Units::Table, Units::Code)
        .to_owned();
    let units_parent = Index::create()
        .name("units_parent")
        .table(Units::Table)
        .col(Units::ParentCode)
        .to_owned();

    let departments = Table::create()
        .table(Departments::Table)
        .col(string(Departments::Code, 40).primary_key())
        .col(string_unbounded(Departments::NameZh))
        .col(string_unbounded(Departments::NameEn))
        .col(big_integer(Departments::Sort))
        .to_owned();

    let users = Table::create()
        .table(Users::Table)
        .col(big_integer(Users::Id).primary_key())
        .col(string(Users::Username, 64).unique_key())
        .col(string_unbounded(Users::DisplayName))
        .col(string(Users::Role, 16))
        .col(string(Users::UnitCode, 12))
        .col(string_null(Users::DepartmentCode, 40))
        .col(string_unbounded(Users::PasswordHash))
        .col(boolean(Users::Disabled).default(false))
        .col(big_integer(Users::FailedLogins).default(0))
        .col(big_integer_null(Users::LockedUntil))
        .col(big_integer(Users::CreatedAt))
        .col(big_integer(Users::UpdatedAt))
        .references(Users::UnitCode, Units::Table, Units::Code)
        .references(Users::DepartmentCode, Departments::Table, Departments::Code)
        .to_owned();
    let users_unit = Index::create()
        .name("users_unit")
        .table(Users::Table)
        .col(Users::UnitCode)
        .to_owned();

    let sessions = Table::create()
        .table(Sessions::Table)
        .col(string(Sessions::IdHash, 64).primary_key())
        .col(big_integer(Sessions::UserId))
        .col(string(Sessions::CsrfToken, 64))
        .col(big_integer(Sessions::CreatedAt))
        .col(big_integer(Sessions::LastSeen))
        .col(string_unbounded(Sessions::Ip))
        .col(string_unbounded(Sessions::UserAgent))
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
        .col(big_integer(ApiTokens::Id).primary_key())
        .col(big_integer(ApiTokens::UserId))
        .col(string_unbounded(ApiTokens::Label))
        .col(string(ApiTokens::TokenHash, 64).unique_key())
        .col(big_integer(ApiTokens::CreatedAt))
        .col(big_integer_null(ApiTokens::LastUsed))
        .col(boolean(ApiTokens::Revoked).default(false))
        .references(ApiTokens::UserId, Users::Table, Users::Id)
        .to_owned();

    let audit = Table::create()
        .table(AuditEvents::Table)
        .col(big_integer(AuditEvents::Seq).primary_key())
        .col(big_integer(AuditEvents::At))
        .col(big_integer_null(AuditEvents::ActorId))
        .col(string_unbounded(AuditEvents::Actor))
        .col(string_unbounded(AuditEvents::Ip))
        .col(string(AuditEvents::Action, 40))
        .col(string(AuditEvents::Entity, 40))
        .col(string_unbounded(AuditEvents::EntityId))
        .col(string_null(AuditEvents::UnitCode, 12))
        .col(text(AuditEvents::Detail))
        .col(string(AuditEvents::PrevHash, 64))
        .col(string(AuditEvents::Hash, 64))
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
        .col(big_integer(AuditHead::Id).primary_key())
        .col(big_integer(AuditHead::Seq))
        .col(string(AuditHead::Hash, 64))
        .to_owned();

    let settings = Table::create()
        .table(Settings::Table)
        .col(string(Settings::Key, 64).primary_key())
        .col(text(Settings::Value))
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
