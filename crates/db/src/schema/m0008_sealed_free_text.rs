//! Migration 8, sealed free text: briefings, visits, seekers, assistance, mentoring, outcomes.

use crate::Engine;
use sea_query::SchemaBuilder;

/// The free-text fields that were stored in plain text get a sealed column beside them (bound to
/// their record id). New writes leave the old column empty (or NULL); rows written before keep
/// their plain text until they are re-saved (see docs/security.md).
pub(super) fn statements(_: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let blob = match engine {
        Engine::Sqlite => "BLOB",
        Engine::Postgres => "BYTEA",
    };
    [
        ("briefings", "summary_cipher"),
        ("briefings", "suggestion_cipher"),
        ("briefings", "response_cipher"),
        ("briefing_items", "body_cipher"),
        ("enterprise_visits", "seen_cipher"),
        ("enterprise_visits", "difficulties_cipher"),
        ("seekers", "note_cipher"),
        ("assistance", "outcome_cipher"),
        ("mentorships", "goal_cipher"),
        ("mentor_meetings", "note_cipher"),
        ("employment_outcomes", "note_cipher"),
    ]
    .iter()
    .map(|(table, column)| format!("ALTER TABLE {table} ADD COLUMN {column} {blob} NULL"))
    .collect()
}
