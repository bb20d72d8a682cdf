//! Migration 6, duties and the audit chain.

use crate::Engine;
use sea_query::SchemaBuilder;

/// Separation of duties (等保 L3 三员分立) and the keyed audit chain.
///
/// A grant of a role that sees restricted cases waits in `role_grants` for a second security
/// administrator; an account created by such a grant cannot sign in until it is approved
/// (`users.awaiting_grant`). Audit events written from now on are chained with a keyed MAC
/// (`chain` = 2); those already written keep their SHA-256 chain (`chain` = 1), and
/// `audit_head.keyed_from` records where the keyed chain starts, so an upgraded database keeps
/// verifying.
pub(super) fn statements(_: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let id = match engine {
        Engine::Sqlite => "INTEGER PRIMARY KEY",
        Engine::Postgres => "BIGINT PRIMARY KEY",
    };
    vec![
        "ALTER TABLE users ADD COLUMN awaiting_grant BOOLEAN NOT NULL DEFAULT FALSE".to_owned(),
        format!(
            "CREATE TABLE role_grants (id {id}, user_id BIGINT NOT NULL REFERENCES users (id), \
             role VARCHAR(16) NOT NULL, unit_code VARCHAR(12) NOT NULL REFERENCES units (code), \
             department_code VARCHAR(40) NULL, new_account BOOLEAN NOT NULL, \
             requested_by BIGINT NOT NULL REFERENCES users (id), requested_at BIGINT NOT NULL, \
             decided_by BIGINT NULL REFERENCES users (id), decided_at BIGINT NULL, decision VARCHAR(12) NULL)"
        ),
        "CREATE INDEX role_grants_user ON role_grants (user_id, decided_at)".to_owned(),
        "ALTER TABLE audit_events ADD COLUMN chain BIGINT NOT NULL DEFAULT 1".to_owned(),
        "ALTER TABLE audit_head ADD COLUMN keyed_from BIGINT NOT NULL DEFAULT 1".to_owned(),
        "UPDATE audit_head SET keyed_from = seq + 1".to_owned(),
    ]
}
