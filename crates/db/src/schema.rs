//! The one schema, as versioned migrations written once with sea-query and rendered for
//! whichever engine the pool is. A migration never loses data: it adds, and it drops only what
//! it has first carried over into what replaces it (migration 9: the birth date, whose year is
//! kept and whose day is still inside the sealed ID number).

use crate::{sql, Db, DbError, Engine};
use sea_query::{ColumnDef, ForeignKey, Iden, Index, SchemaBuilder, Table};

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
        statements: platform,
        erases: false,
    },
    Migration {
        version: 2,
        name: "people: persons, tags, search terms, households",
        statements: people,
        erases: false,
    },
    Migration {
        version: 3,
        name: "cases: cases, people in them, timeline, referrals, attachments, orders, briefings",
        statements: cases,
        erases: false,
    },
    Migration {
        version: 4,
        name: "employment: enterprises, leaders, visits, jobs, seekers, recommendations, events, check-ins, agreements, assistance, mentoring, outcomes",
        statements: employment,
        erases: false,
    },
    Migration {
        version: 5,
        name: "login: failure counters per username and address, token expiry, forced password change",
        statements: login,
        erases: false,
    },
    Migration {
        version: 6,
        name: "duties and the audit chain: role grants awaiting a second security administrator, the keyed audit chain",
        statements: duties_and_audit_chain,
        erases: false,
    },
    Migration {
        version: 8,
        name: "sealed free text: briefings, visits, seekers, assistance, mentoring, outcomes",
        statements: sealed_free_text,
        erases: false,
    },
    Migration {
        version: 9,
        name: "birth year: people keep the year in plain, the exact date only inside the sealed ID number",
        statements: birth_year,
        erases: true,
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

#[derive(Iden)]
enum Units {
    Table,
    Code,
    Name,
    Level,
    ParentCode,
    CreatedAt,
}

#[derive(Iden)]
enum Departments {
    Table,
    Code,
    NameZh,
    NameEn,
    Sort,
}

#[derive(Iden)]
enum Users {
    Table,
    Id,
    Username,
    DisplayName,
    Role,
    UnitCode,
    DepartmentCode,
    PasswordHash,
    Disabled,
    FailedLogins,
    LockedUntil,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
enum Sessions {
    Table,
    IdHash,
    UserId,
    CsrfToken,
    CreatedAt,
    LastSeen,
    Ip,
    UserAgent,
}

#[derive(Iden)]
enum ApiTokens {
    Table,
    Id,
    UserId,
    Label,
    TokenHash,
    CreatedAt,
    LastUsed,
    Revoked,
}

#[derive(Iden)]
enum AuditEvents {
    Table,
    Seq,
    At,
    ActorId,
    Actor,
    Ip,
    Action,
    Entity,
    EntityId,
    UnitCode,
    Detail,
    PrevHash,
    Hash,
}

#[derive(Iden)]
enum AuditHead {
    Table,
    Id,
    Seq,
    Hash,
}

#[derive(Iden)]
enum Settings {
    Table,
    Key,
    Value,
}

fn platform(b: &dyn SchemaBuilder, _: Engine) -> Vec<String> {
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

#[derive(Iden)]
enum People {
    Table,
    Id,
    Name,
    Sex,
    BirthDate,
    BirthYear,
    UnitCode,
    IdCipher,
    IdMasked,
    IdIndex,
    PhoneCipher,
    PhoneMasked,
    PhoneIndex,
    AddressCipher,
    NotesCipher,
    Ethnicity,
    Education,
    MaritalStatus,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
    MergedInto,
}

#[derive(Iden)]
enum PersonTags {
    Table,
    PersonId,
    Tag,
}

#[derive(Iden)]
enum PersonTerms {
    Table,
    PersonId,
}

#[derive(Iden)]
enum Households {
    Table,
    Id,
    UnitCode,
    Name,
    CreatedAt,
}

#[derive(Iden)]
enum HouseholdMembers {
    Table,
    HouseholdId,
    PersonId,
    Relation,
    GuardianOf,
}

fn people(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let people = Table::create()
        .table(People::Table)
        .col(
            rowid(&mut ColumnDef::new(People::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(People::Name).string().not_null())
        .col(ColumnDef::new(People::Sex).string_len(8).not_null())
        .col(ColumnDef::new(People::BirthDate).string_len(10).not_null())
        .col(ColumnDef::new(People::UnitCode).string_len(12).not_null())
        .col(ColumnDef::new(People::IdCipher).binary().not_null())
        .col(ColumnDef::new(People::IdMasked).string_len(18).not_null())
        .col(ColumnDef::new(People::IdIndex).string_len(64).not_null())
        .col(ColumnDef::new(People::PhoneCipher).binary().null())
        .col(ColumnDef::new(People::PhoneMasked).string_len(20).null())
        .col(ColumnDef::new(People::PhoneIndex).string_len(64).null())
        .col(ColumnDef::new(People::AddressCipher).binary().null())
        .col(ColumnDef::new(People::NotesCipher).binary().null())
        .col(ColumnDef::new(People::Ethnicity).string().null())
        .col(ColumnDef::new(People::Education).string().null())
        .col(ColumnDef::new(People::MaritalStatus).string().null())
        .col(ColumnDef::new(People::CreatedAt).big_integer().not_null())
        .col(ColumnDef::new(People::UpdatedAt).big_integer().not_null())
        .col(ColumnDef::new(People::DeletedAt).big_integer().null())
        .col(ColumnDef::new(People::MergedInto).big_integer().null())
        .foreign_key(
            ForeignKey::create()
                .from(People::Table, People::UnitCode)
                .to(Units::Table, Units::Code),
        )
        .to_owned();

    let people_phone = Index::create()
        .name("people_phone")
        .table(People::Table)
        .col(People::PhoneIndex)
        .to_owned();
    let people_birth = Index::create()
        .name("people_birth")
        .table(People::Table)
        .col(People::BirthDate)
        .to_owned();

    let tags = Table::create()
        .table(PersonTags::Table)
        .col(
            ColumnDef::new(PersonTags::PersonId)
                .big_integer()
                .not_null(),
        )
        .col(ColumnDef::new(PersonTags::Tag).string_len(40).not_null())
        .primary_key(
            Index::create()
                .col(PersonTags::PersonId)
                .col(PersonTags::Tag),
        )
        .foreign_key(
            ForeignKey::create()
                .from(PersonTags::Table, PersonTags::PersonId)
                .to(People::Table, People::Id),
        )
        .to_owned();
    let tags_tag = Index::create()
        .name("person_tags_tag")
        .table(PersonTags::Table)
        .col(PersonTags::Tag)
        .col(PersonTags::PersonId)
        .to_owned();

    // Search terms carry the person's unit, so a search in a subtree is one range of this key
    // (counted without touching `people`), walked in list order. Retired people have no terms.
    let terms =
        "CREATE TABLE person_terms (term VARCHAR NOT NULL, unit_code VARCHAR(12) NOT NULL, \
                 person_id BIGINT NOT NULL, PRIMARY KEY (term, unit_code, person_id))"
            .to_owned();
    let terms_person = Index::create()
        .name("person_terms_person")
        .table(PersonTerms::Table)
        .col(PersonTerms::PersonId)
        .to_owned();

    let households = Table::create()
        .table(Households::Table)
        .col(
            ColumnDef::new(Households::Id)
                .big_integer()
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(Households::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(ColumnDef::new(Households::Name).string().not_null())
        .col(
            ColumnDef::new(Households::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(Households::Table, Households::UnitCode)
                .to(Units::Table, Units::Code),
        )
        .to_owned();
    let members = Table::create()
        .table(HouseholdMembers::Table)
        .col(
            ColumnDef::new(HouseholdMembers::HouseholdId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(HouseholdMembers::PersonId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(HouseholdMembers::Relation)
                .string_len(20)
                .not_null(),
        )
        .col(
            ColumnDef::new(HouseholdMembers::GuardianOf)
                .big_integer()
                .null(),
        )
        .primary_key(
            Index::create()
                .col(HouseholdMembers::HouseholdId)
                .col(HouseholdMembers::PersonId),
        )
        .foreign_key(
            ForeignKey::create()
                .from(HouseholdMembers::Table, HouseholdMembers::HouseholdId)
                .to(Households::Table, Households::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(HouseholdMembers::Table, HouseholdMembers::PersonId)
                .to(People::Table, People::Id),
        )
        .to_owned();
    let members_person = Index::create()
        .name("household_members_person")
        .table(HouseholdMembers::Table)
        .col(HouseholdMembers::PersonId)
        .to_owned();

    vec![
        people.build_any(b),
        // One living record per ID number; deleted and merged records keep theirs for audit.
        "CREATE UNIQUE INDEX people_id_index ON people (id_index) WHERE deleted_at IS NULL"
            .to_owned(),
        // Lists walk this index in order (by unit, newest first) and stop after a page.
        "CREATE INDEX people_living_unit ON people (unit_code, id) WHERE deleted_at IS NULL".to_owned(),
        // Living people per unit, kept by `people.rs` in the same transaction as every change,
        // so the unfiltered list of a district of a million does not count a million rows.
        "CREATE TABLE unit_people (unit_code VARCHAR(12) NOT NULL PRIMARY KEY, living BIGINT NOT NULL)".to_owned(),
        people_phone.build_any(b),
        people_birth.build_any(b),
        without_rowid(tags.build_any(b), engine),
        tags_tag.build_any(b),
        without_rowid(terms, engine),
        terms_person.build_any(b),
        households.build_any(b),
        members.build_any(b),
        members_person.build_any(b),
    ]
}

/// On SQLite a table keyed by its primary key alone is stored once, in the key's B-tree, instead
/// of a rowid table plus a key index (half the size and writes of the search-term index).
fn without_rowid(create: String, engine: Engine) -> String {
    match engine {
        Engine::Sqlite => format!("{create} WITHOUT ROWID"),
        Engine::Postgres => create,
    }
}

/// A 64-bit id that is SQLite's rowid (declared exactly `INTEGER PRIMARY KEY`), so look-ups by id
/// search one B-tree, not a separate key index; BIGINT on PostgreSQL.
fn rowid(column: &mut ColumnDef, engine: Engine) -> &mut ColumnDef {
    match engine {
        Engine::Sqlite => column.custom(sea_query::Alias::new("INTEGER")),
        Engine::Postgres => column.big_integer(),
    }
}

/// Raw DDL in the portable subset: BIGINT, VARCHAR, TEXT, BOOLEAN, and a binary type per engine.
fn cases(_: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
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

/// Raw DDL in the same portable subset as `cases`.
fn employment(_: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
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

/// Sign-in hardening (issue #10, points 1, 7, 12). Failures are counted in their own table keyed
/// by the normalized username (a keyed digest of it) or the client address, so unknown and known
/// usernames are counted alike; `users.failed_logins` and `users.locked_until` are no longer used.
fn login(_: &dyn SchemaBuilder, _: Engine) -> Vec<String> {
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

/// Separation of duties (等保 L3 三员分立) and the keyed audit chain.
///
/// A grant of a role that sees restricted cases waits in `role_grants` for a second security
/// administrator; an account created by such a grant cannot sign in until it is approved
/// (`users.awaiting_grant`). Audit events written from now on are chained with a keyed MAC
/// (`chain` = 2); those already written keep their SHA-256 chain (`chain` = 1), and
/// `audit_head.keyed_from` records where the keyed chain starts, so an upgraded database keeps
/// verifying.
fn duties_and_audit_chain(_: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
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

/// The free-text fields that were stored in plain text get a sealed column beside them (bound to
/// their record id). New writes leave the old column empty (or NULL); rows written before keep
/// their plain text until they are re-saved (see docs/security.md).
fn sealed_free_text(_: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
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

/// The exact birth date leaves the database (issue #10, point 2): with the stored mask
/// (`350503**********3X`) and the sex it narrowed an ID number down to a few candidates. The
/// year stays in plain for filters and lists; the date is derived from the sealed ID number
/// where it is needed (ages at the edges of a band, the reveal, the full export).
///
/// What is dropped must not stay readable in the file: on SQLite the file is rebuilt after the
/// migration (`Migration::erases`); on PostgreSQL, which only hides a dropped column, the table
/// is rewritten into a new file (an `ALTER … TYPE … USING` that is not a plain copy writes
/// every row anew).
fn birth_year(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let add = Table::alter()
        .table(People::Table)
        .add_column(
            ColumnDef::new(People::BirthYear)
                .integer()
                .not_null()
                .default(0),
        )
        .to_owned();
    let drop_index = Index::drop()
        .name("people_birth")
        .table(People::Table)
        .to_owned();
    let drop_column = Table::alter()
        .table(People::Table)
        .drop_column(People::BirthDate)
        .to_owned();
    let mut statements = vec![
        add.build_any(b),
        "UPDATE people SET birth_year = CAST(substr(birth_date, 1, 4) AS INTEGER)".to_owned(),
        drop_index.build_any(b),
        drop_column.build_any(b),
    ];
    if engine == Engine::Postgres {
        statements.push(
            "ALTER TABLE people ALTER COLUMN birth_year TYPE INTEGER USING birth_year + 0"
                .to_owned(),
        );
    }
    // The living people by birth year, with what else a list counts by (unit, sex; a tag or a
    // caseworker's cases by id, which every SQLite index holds) and the sealed ID number that
    // decides an edge year: counts by age and the edge years' candidates read no table row.
    statements.push(
        "CREATE INDEX people_living_birth_year ON people (birth_year, unit_code, sex, id_cipher) \
         WHERE deleted_at IS NULL"
            .to_owned(),
    );
    statements
}
