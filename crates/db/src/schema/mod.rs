//! The one schema, as versioned migrations written once with sea-query and rendered for
//! whichever engine the pool is. A migration never loses data: it adds, and it drops only what
//! it has first carried over into what replaces it (migration 9: the birth date, whose year is
//! kept and whose day is still inside the sealed ID number).

mod columns;
mod m0001_platform;
mod m0002_people;
mod m0003_cases;
mod m0004_employment;
mod m0005_login;
mod m0006_duties_and_audit_chain;
mod m0008_sealed_free_text;
mod m0009_birth_year;
mod m0010_holidays;
mod m0011_programs;
mod m0012_children;
mod m0013_children_work;
mod m0016_awards;
mod m0017_award_materials;
mod m0018_screening_follow_ups;
mod m0019_training;
mod m0020_model_women;
mod m0021_funds;
mod m0022_id_writers;
pub(crate) mod tables;

#[cfg(test)]
mod tests;

use crate::{sql, Db, DbError, Engine};
use sea_query::SchemaBuilder;

/// One step of the schema: its version, a name for the log, and its statements.
struct Migration {
    version: i64,
    name: &'static str,
    statements: fn(&dyn SchemaBuilder, Engine) -> Vec<String>,
    /// Drops data that must not stay readable in the database file, rewriting a large table
    /// (see `birth_year`): its temporary data goes to files, and SQLite's file is rebuilt after.
    erases: bool,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "platform: units, departments, accounts, sessions, tokens, audit, settings",
        statements: m0001_platform::statements,
        erases: false,
    },
    Migration {
        version: 2,
        name: "people: persons, tags, search terms, households",
        statements: m0002_people::statements,
        erases: false,
    },
    Migration {
        version: 3,
        name: "cases: cases, people in them, timeline, referrals, attachments, orders, briefings",
        statements: m0003_cases::statements,
        erases: false,
    },
    Migration {
        version: 4,
        name: "employment: enterprises, leaders, visits, jobs, seekers, recommendations, events, check-ins, agreements, assistance, mentoring, outcomes",
        statements: m0004_employment::statements,
        erases: false,
    },
    Migration {
        version: 5,
        name: "login: failure counters per username and address, token expiry, forced password change",
        statements: m0005_login::statements,
        erases: false,
    },
    Migration {
        version: 6,
        name: "duties and the audit chain: role grants awaiting a second security administrator, the keyed audit chain",
        statements: m0006_duties_and_audit_chain::statements,
        erases: false,
    },
    Migration {
        version: 8,
        name: "sealed free text: briefings, visits, seekers, assistance, mentoring, outcomes",
        statements: m0008_sealed_free_text::statements,
        erases: false,
    },
    Migration {
        version: 9,
        name: "birth year: people keep the year in plain, the exact date only inside the sealed ID number",
        statements: m0009_birth_year::statements,
        erases: true,
    },
    Migration {
        version: 10,
        name: "holidays: statutory holidays and make-up working days, per year",
        statements: m0010_holidays::statements,
        erases: false,
    },
    Migration {
        version: 11,
        name: "programs: programs and their rules, cycles, frozen rolls, deliveries, screening results",
        statements: m0011_programs::statements,
        erases: false,
    },
    Migration {
        version: 12,
        name: "children: guardians (a registry person or a sealed name and phone) and guardians' consents",
        statements: m0012_children::statements,
        erases: false,
    },
    Migration {
        version: 13,
        name: "children's work: parent schools, their sessions and attendance; pairings of volunteers with children and their visits",
        statements: m0013_children_work::statements,
        erases: false,
    },
    Migration {
        version: 16,
        name: "awards: campaigns with quotas and public notice, nominations, reviewers' votes, objections",
        statements: m0016_awards::statements,
        erases: false,
    },
    Migration {
        version: 17,
        name: "award materials: a nomination's files, encrypted under the data directory",
        statements: m0017_award_materials::statements,
        erases: false,
    },
    Migration {
        version: 18,
        name: "programs: follow-ups of abnormal screening results, the outcome sealed",
        statements: m0018_screening_follow_ups::statements,
        erases: false,
    },
    Migration {
        version: 19,
        name: "training: courses, sessions with their check-in events, enrollments with completion and certificates, attendance, follow-up calls",
        statements: m0019_training::statements,
        erases: false,
    },
    Migration {
        version: 20,
        name: "model women: profiles with sealed stories, encrypted photos, publications",
        statements: m0020_model_women::statements,
        erases: false,
    },
    Migration {
        version: 21,
        name: "funds: accounts with balances, parties, journal entries and lines, donations with yearly receipt counters, campaigns, acknowledgements",
        statements: m0021_funds::statements,
        erases: false,
    },
    Migration {
        version: 22,
        name: "id writers: the number each running jinguo process writes into the ids it makes, held on a lease",
        statements: m0022_id_writers::statements,
        erases: false,
    },
];

/// Applies pending migrations, each in its own transaction; returns how many ran.
pub async fn migrate(db: &Db) -> Result<usize, DbError> {
    migrate_to(db, latest_version()).await
}

/// Applies the pending migrations up to `last` (the current schema is `migrate`; an older one
/// lets a test hold a database as an earlier version left it).
pub async fn migrate_to(db: &Db, last: i64) -> Result<usize, DbError> {
    db.ex()
        .execute_raw(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        )
        .await?;
    let applied: Vec<i64> = db
        .ex()
        .fetch_all(sql("SELECT version FROM schema_migrations"))
        .await?
        .iter()
        .map(|r| r.get_index(0))
        .collect::<Result<_, _>>()?;
    let mut ran = 0;
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.version <= last && !applied.contains(&m.version))
    {
        apply(db, m).await?;
        tracing::info!(version = m.version, name = m.name, "migration applied");
        ran += 1;
    }
    Ok(ran)
}

/// How many migrations a database has applied (an error when it has no `schema_migrations`:
/// not a jinguo database).
pub async fn applied_count(db: &Db) -> Result<i64, DbError> {
    db.ex()
        .fetch_scalar(sql("SELECT COUNT(*) FROM schema_migrations"))
        .await
}

async fn apply(db: &Db, m: &Migration) -> Result<(), DbError> {
    let engine = db.engine();
    let mut tx = if m.erases {
        db.begin_with_temp_files().await?
    } else {
        db.begin().await?
    };
    for statement in (m.statements)(engine.schema_builder(), engine) {
        tx.ex().execute_raw(&statement).await?;
    }
    tx.ex()
        .execute(
            sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(m.version)
                .bind(m.name)
                .bind(now_ms()),
        )
        .await?;
    tx.commit().await?;
    if m.erases && engine == Engine::Sqlite {
        rebuild_sqlite_file(db).await?;
    }
    Ok(())
}

/// SQLite leaves what it drops (and stale bytes of earlier writes) in the free space of the
/// file, and the pages as they were in the WAL: VACUUM writes the file anew, and the WAL is
/// emptied. The copy VACUUM makes goes to a temporary file, not memory (it is the whole
/// database). One string: the pragmas must hold on the connection that vacuums.
async fn rebuild_sqlite_file(db: &Db) -> Result<(), DbError> {
    db.ex()
        .execute_raw(
            "PRAGMA temp_store = FILE; VACUUM; PRAGMA temp_store = MEMORY; \
             PRAGMA wal_checkpoint(TRUNCATE)",
        )
        .await
}

/// Every version this build knows, in order (versions may have gaps: parallel work takes
/// numbers ahead of time).
pub fn versions() -> Vec<i64> {
    MIGRATIONS.iter().map(|m| m.version).collect()
}

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

/// When a migration was applied: bookkeeping of the schema, not data a test sets the time of.
#[allow(clippy::disallowed_methods)]
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// On SQLite a table keyed by its primary key alone is stored once, in the key's B-tree, instead
/// of a rowid table plus a key index (half the size and writes of the search-term index).
pub(super) fn without_rowid(create: String, engine: Engine) -> String {
    match engine {
        Engine::Sqlite => format!("{create} WITHOUT ROWID"),
        Engine::Postgres => create,
    }
}
