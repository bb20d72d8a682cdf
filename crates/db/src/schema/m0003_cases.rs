//! Migration 3, cases: cases, people in them, timeline, referrals, attachments, orders,
//! briefings.

use super::without_rowid;
use crate::Engine;
use sea_query::SchemaBuilder;

/// Raw DDL in the portable subset: BIGINT, VARCHAR, TEXT, BOOLEAN, and a binary type per engine.
pub(super) fn statements(_: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let blob = match engine {
        Engine::Sqlite => "BLOB",
        Engine::Postgres => "BYTEA",
    };
    let id = match engine {
        Engine::Sqlite => "INTEGER PRIMARY KEY",
        Engine::Postgres => "BIGINT PRIMARY KEY",
    };
    vec![
        format!(
            "CREATE TABLE cases (id {id}, code VARCHAR(24) NOT NULL UNIQUE, \
             kind VARCHAR(16) NOT NULL, channel VARCHAR(20) NOT NULL, category VARCHAR(30) NOT NULL, \
             urgency VARCHAR(16) NOT NULL, status VARCHAR(16) NOT NULL, restricted BOOLEAN NOT NULL, \
             unit_code VARCHAR(12) NOT NULL REFERENCES units (code), handler_id BIGINT NULL REFERENCES users (id), \
             enterprise_id BIGINT NULL, enterprise_name TEXT NULL, \
             caller_name_cipher {blob} NULL, caller_phone_cipher {blob} NULL, caller_phone_masked VARCHAR(20) NULL, \
             narrative_cipher {blob} NOT NULL, outcome_cipher {blob} NULL, satisfaction VARCHAR(24) NULL, \
             risk_cipher {blob} NULL, risk_score BIGINT NULL, risk_level VARCHAR(8) NULL, \
             lacks_capacity BOOLEAN NOT NULL, mandatory_report BOOLEAN NOT NULL, \
             report_recipient TEXT NULL, reported_on VARCHAR(10) NULL, \
             status_since BIGINT NOT NULL, due_at BIGINT NULL, follow_up_due BIGINT NULL, followed_up_at BIGINT NULL, \
             receipt_index VARCHAR(64) NULL, receipt_phone_index VARCHAR(64) NULL, \
             created_by BIGINT NULL, opened_on VARCHAR(10) NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, closed_at BIGINT NULL)"
        ),
        // The open cases (only they carry a deadline), by unit: the overdue count and the
        // overdue list read this index alone — the caller's subtree, then the deadlines and the
        // restriction inside the index (a few thousand entries, not the whole table).
        "CREATE INDEX cases_open ON cases (unit_code, due_at, restricted, handler_id, created_by) WHERE due_at IS NOT NULL".to_owned(),
        // One index per list filter, (column, unit, restriction, handler): a narrow filter finds
        // its cases' ids inside the index — in the caller's subtree, restricted cases left out
        // unless they are the caller's — without reading the table.
        "CREATE INDEX cases_unit ON cases (unit_code, restricted, handler_id)".to_owned(),
        "CREATE INDEX cases_status ON cases (status, unit_code, restricted, handler_id)".to_owned(),
        "CREATE INDEX cases_category ON cases (category, unit_code, restricted, handler_id)".to_owned(),
        "CREATE INDEX cases_kind ON cases (kind, unit_code, restricted, handler_id)".to_owned(),
        "CREATE INDEX cases_channel ON cases (channel, unit_code, restricted, handler_id)".to_owned(),
        "CREATE INDEX cases_opened ON cases (opened_on, unit_code, restricted, handler_id)".to_owned(),
        "CREATE INDEX cases_handler ON cases (handler_id, status)".to_owned(),
        "CREATE INDEX cases_follow_up ON cases (follow_up_due) WHERE follow_up_due IS NOT NULL".to_owned(),
        "CREATE INDEX cases_receipt ON cases (receipt_index) WHERE receipt_index IS NOT NULL".to_owned(),
        // Cases per unit subtree (a case counts under its unit and every unit above it), status,
        // category, kind, channel and restriction, kept in the same transaction as every intake
        // and status change: a list total adds up the few hundred rows of one unit instead of
        // counting up to 200,000 cases per request.
        without_rowid(
            "CREATE TABLE case_counts (unit_code VARCHAR(12) NOT NULL, status VARCHAR(16) NOT NULL, \
             category VARCHAR(30) NOT NULL, kind VARCHAR(16) NOT NULL, channel VARCHAR(20) NOT NULL, \
             restricted BOOLEAN NOT NULL, n BIGINT NOT NULL, \
             PRIMARY KEY (unit_code, status, category, kind, channel, restricted))"
                .to_owned(),
            engine,
        ),
        "CREATE TABLE case_people (case_id BIGINT NOT NULL REFERENCES cases (id), \
         person_id BIGINT NOT NULL REFERENCES people (id), role VARCHAR(16) NOT NULL, \
         PRIMARY KEY (case_id, person_id))"
            .to_owned(),
        "CREATE INDEX case_people_person ON case_people (person_id)".to_owned(),
        format!(
            "CREATE TABLE case_events (id {id}, case_id BIGINT NOT NULL REFERENCES cases (id), \
             at BIGINT NOT NULL, actor_id BIGINT NULL, actor TEXT NOT NULL, kind VARCHAR(24) NOT NULL, \
             from_status VARCHAR(16) NULL, to_status VARCHAR(16) NULL, body_cipher {blob} NULL, \
             detail TEXT NOT NULL)"
        ),
        "CREATE INDEX case_events_case ON case_events (case_id, id)".to_owned(),
        format!(
            "CREATE TABLE case_referrals (id {id}, case_id BIGINT NOT NULL REFERENCES cases (id), \
             department_code VARCHAR(40) NOT NULL REFERENCES departments (code), \
             request_cipher {blob} NOT NULL, asked_at BIGINT NOT NULL, asked_by TEXT NOT NULL, \
             due_at BIGINT NOT NULL, answer_cipher {blob} NULL, answered_at BIGINT NULL, answered_by TEXT NULL)"
        ),
        "CREATE INDEX case_referrals_case ON case_referrals (case_id)".to_owned(),
        "CREATE INDEX case_referrals_open ON case_referrals (due_at) WHERE answered_at IS NULL".to_owned(),
        "CREATE INDEX case_referrals_department ON case_referrals (department_code, id)".to_owned(),
        format!(
            "CREATE TABLE case_attachments (id {id}, case_id BIGINT NOT NULL REFERENCES cases (id), \
             file_name TEXT NOT NULL, content_type VARCHAR(100) NOT NULL, size BIGINT NOT NULL, \
             sha256 VARCHAR(64) NOT NULL, stored_name VARCHAR(64) NOT NULL, \
             uploaded_at BIGINT NOT NULL, uploaded_by TEXT NOT NULL)"
        ),
        "CREATE INDEX case_attachments_case ON case_attachments (case_id)".to_owned(),
        format!(
            "CREATE TABLE case_orders (id {id}, case_id BIGINT NOT NULL REFERENCES cases (id), \
             applied_on VARCHAR(10) NOT NULL, court TEXT NOT NULL, status VARCHAR(16) NOT NULL, \
             decided_on VARCHAR(10) NULL, valid_until VARCHAR(10) NULL, \
             created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)"
        ),
        "CREATE INDEX case_orders_case ON case_orders (case_id)".to_owned(),
        format!(
            "CREATE TABLE briefings (id {id}, code VARCHAR(24) NOT NULL UNIQUE, title TEXT NOT NULL, \
             summary TEXT NOT NULL, suggestion TEXT NOT NULL, drafter TEXT NOT NULL, signer TEXT NOT NULL, \
             unit_code VARCHAR(12) NOT NULL REFERENCES units (code), created_by BIGINT NULL, \
             created_at BIGINT NOT NULL, sent_on VARCHAR(10) NULL, response TEXT NULL, \
             response_on VARCHAR(10) NULL, updated_at BIGINT NOT NULL)"
        ),
        "CREATE INDEX briefings_unit ON briefings (unit_code, id)".to_owned(),
        "CREATE TABLE briefing_items (briefing_id BIGINT NOT NULL REFERENCES briefings (id), \
         case_id BIGINT NOT NULL REFERENCES cases (id), sort BIGINT NOT NULL, heading TEXT NOT NULL, \
         body TEXT NOT NULL, PRIMARY KEY (briefing_id, case_id))"
            .to_owned(),
        "CREATE INDEX briefing_items_case ON briefing_items (case_id)".to_owned(),
        // Yearly sequences for human-readable numbers (case codes, briefing numbers).
        "CREATE TABLE counters (name VARCHAR(24) NOT NULL PRIMARY KEY, value BIGINT NOT NULL)".to_owned(),
    ]
}
