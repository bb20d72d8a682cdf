//! Migration 4, employment: enterprises, leaders, visits, jobs, seekers, recommendations,
//! events, check-ins, agreements, assistance, mentoring, outcomes.

use crate::Engine;
use sea_query::SchemaBuilder;

/// Raw DDL in the same portable subset as `cases`.
pub(super) fn statements(_: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let blob = match engine {
        Engine::Sqlite => "BLOB",
        Engine::Postgres => "BYTEA",
    };
    let id = match engine {
        Engine::Sqlite => "INTEGER PRIMARY KEY",
        Engine::Postgres => "BIGINT PRIMARY KEY",
    };
    let stamps = "created_by BIGINT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL";
    vec![
        format!(
            "CREATE TABLE enterprises (id {id}, name TEXT NOT NULL, credit_code VARCHAR(18) NOT NULL UNIQUE, \
             women_owned BOOLEAN NOT NULL, entrepreneur_id BIGINT NULL REFERENCES people (id), \
             industry VARCHAR(1) NULL, staff BIGINT NULL, women_staff BIGINT NULL, \
             unit_code VARCHAR(12) NOT NULL REFERENCES units (code), address TEXT NULL, \
             contact_name TEXT NULL, contact_phone_cipher {blob} NULL, contact_phone_masked VARCHAR(20) NULL, {stamps})"
        ),
        "CREATE INDEX enterprises_unit ON enterprises (unit_code, id)".to_owned(),
        "CREATE INDEX enterprises_women_owned ON enterprises (women_owned, unit_code)".to_owned(),
        "CREATE INDEX enterprises_entrepreneur ON enterprises (entrepreneur_id)".to_owned(),
        "CREATE TABLE enterprise_leaders (enterprise_id BIGINT NOT NULL REFERENCES enterprises (id), \
         user_id BIGINT NOT NULL REFERENCES users (id), assigned_at BIGINT NOT NULL, \
         PRIMARY KEY (enterprise_id, user_id))"
            .to_owned(),
        "CREATE INDEX enterprise_leaders_user ON enterprise_leaders (user_id)".to_owned(),
        format!(
            "CREATE TABLE enterprise_visits (id {id}, enterprise_id BIGINT NOT NULL REFERENCES enterprises (id), \
             visited_on VARCHAR(10) NOT NULL, visitor_id BIGINT NULL, visitor TEXT NOT NULL, seen TEXT NOT NULL, \
             difficulties TEXT NULL, case_id BIGINT NULL REFERENCES cases (id), created_at BIGINT NOT NULL)"
        ),
        "CREATE INDEX enterprise_visits_enterprise ON enterprise_visits (enterprise_id, visited_on)".to_owned(),
        format!(
            "CREATE TABLE jobs (id {id}, enterprise_id BIGINT NOT NULL REFERENCES enterprises (id), \
             title TEXT NOT NULL, category VARCHAR(20) NOT NULL, positions BIGINT NOT NULL, \
             education VARCHAR(16) NULL, age_min BIGINT NULL, age_max BIGINT NULL, skills TEXT NOT NULL, \
             salary_min BIGINT NOT NULL, salary_max BIGINT NOT NULL, unit_code VARCHAR(12) NOT NULL REFERENCES units (code), \
             hours VARCHAR(12) NOT NULL, terms TEXT NOT NULL, requirements TEXT NULL, status VARCHAR(8) NOT NULL, {stamps})"
        ),
        "CREATE INDEX jobs_open ON jobs (status, category, id)".to_owned(),
        "CREATE INDEX jobs_enterprise ON jobs (enterprise_id)".to_owned(),
        "CREATE INDEX jobs_unit ON jobs (unit_code, id)".to_owned(),
        format!(
            "CREATE TABLE seekers (id {id}, person_id BIGINT NOT NULL UNIQUE REFERENCES people (id), \
             categories TEXT NOT NULL, skills TEXT NOT NULL, education VARCHAR(16) NULL, \
             availability VARCHAR(12) NOT NULL, expected_pay BIGINT NULL, unit_code VARCHAR(12) NOT NULL REFERENCES units (code), \
             needs TEXT NOT NULL, status VARCHAR(12) NOT NULL, note TEXT NULL, {stamps})"
        ),
        "CREATE INDEX seekers_unit ON seekers (unit_code, id)".to_owned(),
        "CREATE INDEX seekers_status ON seekers (status, unit_code)".to_owned(),
        format!(
            "CREATE TABLE seeker_events (id {id}, seeker_id BIGINT NOT NULL REFERENCES seekers (id), \
             at BIGINT NOT NULL, actor TEXT NOT NULL, kind VARCHAR(24) NOT NULL, detail TEXT NOT NULL)"
        ),
        "CREATE INDEX seeker_events_seeker ON seeker_events (seeker_id, id)".to_owned(),
        format!(
            "CREATE TABLE recommendations (id {id}, seeker_id BIGINT NOT NULL REFERENCES seekers (id), \
             job_id BIGINT NOT NULL REFERENCES jobs (id), score BIGINT NOT NULL, outcome VARCHAR(16) NOT NULL, \
             recommended_by TEXT NOT NULL, {stamps}, UNIQUE (seeker_id, job_id))"
        ),
        "CREATE INDEX recommendations_job ON recommendations (job_id)".to_owned(),
        format!(
            "CREATE TABLE events (id {id}, kind VARCHAR(16) NOT NULL, title TEXT NOT NULL, held_on VARCHAR(10) NOT NULL, \
             place TEXT NULL, unit_code VARCHAR(12) NOT NULL REFERENCES units (code), organizers TEXT NULL, \
             partners TEXT NULL, checkin_key VARCHAR(64) NOT NULL UNIQUE, closed_at BIGINT NULL, {stamps})"
        ),
        "CREATE INDEX events_held ON events (held_on, id)".to_owned(),
        "CREATE TABLE event_enterprises (event_id BIGINT NOT NULL REFERENCES events (id), \
         enterprise_id BIGINT NOT NULL REFERENCES enterprises (id), PRIMARY KEY (event_id, enterprise_id))"
            .to_owned(),
        // A visitor counts once per event: her phone's blind index is unique within it.
        format!(
            "CREATE TABLE checkins (id {id}, event_id BIGINT NOT NULL REFERENCES events (id), \
             person_id BIGINT NULL REFERENCES people (id), name_cipher {blob} NOT NULL, phone_cipher {blob} NOT NULL, \
             phone_index VARCHAR(64) NOT NULL, phone_masked VARCHAR(20) NOT NULL, sex VARCHAR(8) NOT NULL, \
             category VARCHAR(24) NULL, via VARCHAR(8) NOT NULL, at BIGINT NOT NULL, UNIQUE (event_id, phone_index))"
        ),
        format!(
            "CREATE TABLE agreements (id {id}, event_id BIGINT NOT NULL REFERENCES events (id), \
             enterprise_id BIGINT NOT NULL REFERENCES enterprises (id), person_id BIGINT NOT NULL REFERENCES people (id), \
             job_id BIGINT NOT NULL REFERENCES jobs (id), signed_on VARCHAR(10) NOT NULL, \
             created_by BIGINT NULL, created_at BIGINT NOT NULL, UNIQUE (event_id, person_id, job_id))"
        ),
        "CREATE INDEX agreements_event ON agreements (event_id, enterprise_id)".to_owned(),
        format!(
            "CREATE TABLE assistance (id {id}, person_id BIGINT NOT NULL REFERENCES people (id), kind VARCHAR(12) NOT NULL, \
             provider TEXT NOT NULL, started_on VARCHAR(10) NOT NULL, ended_on VARCHAR(10) NULL, status VARCHAR(12) NOT NULL, \
             outcome TEXT NULL, case_id BIGINT NULL REFERENCES cases (id), unit_code VARCHAR(12) NOT NULL REFERENCES units (code), {stamps})"
        ),
        "CREATE INDEX assistance_person ON assistance (person_id)".to_owned(),
        "CREATE INDEX assistance_unit ON assistance (unit_code, kind, status)".to_owned(),
        format!(
            "CREATE TABLE mentorships (id {id}, mentor_id BIGINT NOT NULL REFERENCES people (id), \
             mentee_id BIGINT NOT NULL REFERENCES people (id), started_on VARCHAR(10) NOT NULL, ended_on VARCHAR(10) NULL, \
             status VARCHAR(12) NOT NULL, goal TEXT NULL, unit_code VARCHAR(12) NOT NULL REFERENCES units (code), {stamps})"
        ),
        "CREATE INDEX mentorships_unit ON mentorships (unit_code, id)".to_owned(),
        format!(
            "CREATE TABLE mentor_meetings (id {id}, mentorship_id BIGINT NOT NULL REFERENCES mentorships (id), \
             met_on VARCHAR(10) NOT NULL, note TEXT NOT NULL, created_by BIGINT NULL, created_at BIGINT NOT NULL)"
        ),
        "CREATE INDEX mentor_meetings_mentorship ON mentor_meetings (mentorship_id, met_on)".to_owned(),
        // What the work achieved: a placement in a job or a business started, dated, per person.
        format!(
            "CREATE TABLE employment_outcomes (id {id}, person_id BIGINT NOT NULL REFERENCES people (id), \
             kind VARCHAR(12) NOT NULL, on_date VARCHAR(10) NOT NULL, job_id BIGINT NULL REFERENCES jobs (id), \
             enterprise_id BIGINT NULL REFERENCES enterprises (id), source VARCHAR(16) NOT NULL, note TEXT NULL, \
             unit_code VARCHAR(12) NOT NULL REFERENCES units (code), created_by BIGINT NULL, created_at BIGINT NOT NULL)"
        ),
        "CREATE INDEX employment_outcomes_date ON employment_outcomes (kind, on_date)".to_owned(),
        "CREATE INDEX employment_outcomes_person ON employment_outcomes (person_id)".to_owned(),
    ]
}
