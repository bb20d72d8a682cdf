//! Migration 5, login: failure counters per username and address, token expiry, forced
//! password change.

use crate::Engine;
use sea_query::SchemaBuilder;

/// Sign-in hardening (issue #10, points 1, 7, 12). Failures are counted in their own table keyed
/// by the normalized username (a keyed digest of it) or the client address, so unknown and known
/// usernames are counted alike; `users.failed_logins` and `users.locked_until` are no longer used.
pub(super) fn statements(_: &dyn SchemaBuilder, _: Engine) -> Vec<String> {
    vec![
        "CREATE TABLE login_failures (key VARCHAR(100) NOT NULL PRIMARY KEY, failures BIGINT NOT NULL, \
         window_start BIGINT NOT NULL, locked_until BIGINT NULL)"
            .to_owned(),
        "ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NULL".to_owned(),
        // Tokens made before expiry existed get the default lifetime from their creation.
        format!(
            "UPDATE api_tokens SET expires_at = created_at + {} WHERE expires_at IS NULL",
            90_i64 * 24 * 60 * 60 * 1000
        ),
        "CREATE INDEX api_tokens_user ON api_tokens (user_id)".to_owned(),
        "ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE".to_owned(),
    ]
}
