use sea_query::{
    PostgresQueryBuilder, QueryBuilder, SchemaBuilder, SqliteQueryBuilder, Value, Values,
};
use sea_query_binder::SqlxValues;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection, Transaction};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("unsupported database url (use a file path, sqlite:… or postgres://…)")]
    UnsupportedUrl,
}

impl DbError {
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, DbError::Sqlx(sqlx::Error::Database(e)) if e.is_unique_violation())
    }

    pub fn is_foreign_key_violation(&self) -> bool {
        matches!(self, DbError::Sqlx(sqlx::Error::Database(e)) if e.is_foreign_key_violation())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn query_builder(self) -> &'static dyn QueryBuilder {
        match self {
            Engine::Sqlite => &SqliteQueryBuilder,
            Engine::Postgres => &PostgresQueryBuilder,
        }
    }

    pub fn schema_builder(self) -> &'static dyn SchemaBuilder {
        match self {
            Engine::Sqlite => &SqliteQueryBuilder,
            Engine::Postgres => &PostgresQueryBuilder,
        }
    }
}

/// A connection pool on one of the two engines.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

impl Db {
    /// `postgres://…` selects PostgreSQL; anything else is a SQLite file (created if missing).
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            return Ok(Db::Pg(pool));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.contains("://") {
            return Err(DbError::UnsupportedUrl);
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // 16 MiB of page cache per connection (SQLite's default is 2 MiB); bulk imports raise
            // their own connection's cache while they run (`Exec::bulk_cache`).
            .pragma("cache_size", "-16384")
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Db::Sqlite(pool))
    }

    /// Opens an existing SQLite file read-only (checking a backup before restoring it).
    pub async fn open_sqlite_readonly(path: &std::path::Path) -> Result<Db, DbError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .create_if_missing(false);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Db::Sqlite(pool))
    }

    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Pg(_) => Engine::Postgres,
        }
    }

    pub fn ex(&self) -> Exec<'_> {
        match self {
            Db::Sqlite(p) => Exec::SqlitePool(p),
            Db::Pg(p) => Exec::PgPool(p),
        }
    }

    /// A write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so a
    /// read-then-write inside it never fails half-way with a busy snapshot.
    pub async fn begin(&self) -> Result<Tx, DbError> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Db::Pg(p) => Tx::Pg(p.begin().await?),
        })
    }

    /// A write transaction whose temporary data goes to files, not memory: the statement
    /// journal of an UPDATE of every row and the sort of an index build (migration 9 held about
    /// 450 MB for a million people with `temp_store = MEMORY`, and 40 MB so). SQLite takes the
    /// setting only outside a transaction; that connection keeps it until it closes, which only
    /// lets its large sorts spill to disk.
    pub async fn begin_with_temp_files(&self) -> Result<Tx, DbError> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(
                p.begin_with("PRAGMA temp_store = FILE; BEGIN IMMEDIATE")
                    .await?,
            ),
            Db::Pg(p) => Tx::Pg(p.begin().await?),
        })
    }

    /// Writes a transactionally consistent copy of a SQLite database into `target`, an empty
    /// file (a backup while the server runs).
    pub async fn vacuum_into(&self, target: &str) -> Result<(), DbError> {
        self.ex()
            .execute(sql("VACUUM INTO $1").bind(target))
            .await
            .map(|_| ())
    }

    /// SQLite's own check of its file: `ok`, or the first problem it found.
    pub async fn integrity_check(&self) -> Result<String, DbError> {
        self.ex().fetch_scalar(sql("PRAGMA integrity_check")).await
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => p.close().await,
            Db::Pg(p) => p.close().await,
        }
    }
}

pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Pg(Transaction<'static, Postgres>),
}

impl Tx {
    pub fn ex(&mut self) -> Exec<'_> {
        match self {
            Tx::Sqlite(t) => Exec::SqliteConn(t),
            Tx::Pg(t) => Exec::PgConn(t),
        }
    }

    pub async fn commit(self) -> Result<(), DbError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Pg(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// Something queries run on: a pool (each query on any connection) or an open transaction.
pub enum Exec<'a> {
    SqlitePool(&'a SqlitePool),
    PgPool(&'a PgPool),
    SqliteConn(&'a mut SqliteConnection),
    PgConn(&'a mut PgConnection),
}

/// A query text with `$1…` placeholders and its values.
#[derive(Debug, Clone)]
pub struct Query {
    text: String,
    values: Vec<Value>,
}

/// Starts a hand-written query; the text is the same on both engines.
pub fn sql(text: impl Into<String>) -> Query {
    Query {
        text: text.into(),
        values: Vec::new(),
    }
}

impl Query {
    pub fn bind(mut self, value: impl Into<Value>) -> Query {
        self.values.push(value.into());
        self
    }

    /// The same query with SQLite's planner told how to read `table AS alias`. SQLite keeps no
    /// statistics unless asked to, and without them it picks an index by the shape of the
    /// conditions, which on our lists is often the widest one; the store knows better (see
    /// `cases::list` and `people::count_by_birth_year`). sea-query cannot write the clause (its
    /// index hints are MySQL's `USE INDEX`), so it goes into the rendered text, after the
    /// first `FROM "table" AS "alias"` — the one place that edits a builder's output. SQLite
    /// only: PostgreSQL has no such clause.
    pub fn sqlite_index_hint(mut self, table: &str, alias: &str, hint: IndexHint) -> Query {
        let from = format!(r#"FROM "{table}" AS "{alias}""#);
        let to = match hint {
            IndexHint::IndexedBy(index) => format!(r#"{from} INDEXED BY "{index}""#),
            IndexHint::NotIndexed => format!("{from} NOT INDEXED"),
        };
        debug_assert!(self.text.contains(&from), "no {from} in {}", self.text);
        self.text = self.text.replacen(&from, &to, 1);
        self
    }

    /// The text, the values, and whether the prepared statement is worth keeping in the
    /// connection's statement cache: a statement of hundreds of values is a bulk write whose
    /// row count changes from batch to batch, and SQLite's program for it takes up to a few MB —
    /// kept, a hundred of them (sqlx's cache) held ~80 MB through an import.
    fn parts(self) -> (String, SqlxValues, bool) {
        let keep = self.values.len() <= MAX_VALUES_CACHED;
        (self.text, SqlxValues(Values(self.values)), keep)
    }
}

/// How SQLite reads a table of a query (`Query::sqlite_index_hint`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexHint<'a> {
    /// Through this index.
    IndexedBy(&'a str),
    /// By walking the table in rowid order.
    NotIndexed,
}

/// The most bound values of a statement kept prepared (see `Query::parts`).
const MAX_VALUES_CACHED: usize = 64;

impl Exec<'_> {
    pub fn engine(&self) -> Engine {
        match self {
            Exec::SqlitePool(_) | Exec::SqliteConn(_) => Engine::Sqlite,
            Exec::PgPool(_) | Exec::PgConn(_) => Engine::Postgres,
        }
    }

    /// Renders a sea-query statement for this engine.
    pub fn build(&self, stmt: &impl sea_query::QueryStatementWriter) -> Query {
        let (text, values) = stmt.build_any(self.engine().query_builder());
        Query {
            text,
            values: values.0,
        }
    }

    pub async fn execute(&mut self, q: Query) -> Result<u64, DbError> {
        let (text, values, keep) = q.parts();
        let affected = match self {
            Exec::SqlitePool(p) => sqlx::query_with(&text, values)
                .persistent(keep)
                .execute(*p)
                .await?
                .rows_affected(),
            Exec::SqliteConn(c) => sqlx::query_with(&text, values)
                .persistent(keep)
                .execute(&mut **c)
                .await?
                .rows_affected(),
            Exec::PgPool(p) => sqlx::query_with(&text, values)
                .persistent(keep)
                .execute(*p)
                .await?
                .rows_affected(),
            Exec::PgConn(c) => sqlx::query_with(&text, values)
                .persistent(keep)
                .execute(&mut **c)
                .await?
                .rows_affected(),
        };
        Ok(affected)
    }

    /// Gives this connection a large page cache for a bulk write (random index pages stay in
    /// memory), or back the normal one; a no-op on PostgreSQL, whose cache is the server's.
    pub async fn bulk_cache(&mut self, on: bool) -> Result<(), DbError> {
        self.page_cache_kib(if on { 262_144 } else { 16_384 }).await
    }

    /// Sets this connection's SQLite page cache to `kib` KiB (a no-op on PostgreSQL).
    pub async fn page_cache_kib(&mut self, kib: u32) -> Result<(), DbError> {
        if self.engine() == Engine::Sqlite {
            self.execute_raw(&format!("PRAGMA cache_size = -{kib}"))
                .await?;
        }
        Ok(())
    }

    /// Runs a statement without binding anything (DDL, pragmas).
    pub async fn execute_raw(&mut self, text: &str) -> Result<(), DbError> {
        use sqlx::Executor;
        match self {
            Exec::SqlitePool(p) => p.execute(text).await.map(|_| ())?,
            Exec::SqliteConn(c) => c.execute(text).await.map(|_| ())?,
            Exec::PgPool(p) => p.execute(text).await.map(|_| ())?,
            Exec::PgConn(c) => c.execute(text).await.map(|_| ())?,
        }
        Ok(())
    }

    pub async fn fetch_all(&mut self, q: Query) -> Result<Vec<Row>, DbError> {
        let rows = match self {
            Exec::SqlitePool(_) | Exec::SqliteConn(_) => {
                let rows: Vec<SqliteRow> = on_engine_sqlite(self, q).await?;
                rows.into_iter().map(Row::Sqlite).collect()
            }
            Exec::PgPool(_) | Exec::PgConn(_) => {
                let rows: Vec<PgRow> = on_engine_pg(self, q).await?;
                rows.into_iter().map(Row::Pg).collect()
            }
        };
        Ok(rows)
    }

    pub async fn fetch_optional(&mut self, q: Query) -> Result<Option<Row>, DbError> {
        let limited = self.fetch_all(q).await?;
        Ok(limited.into_iter().next())
    }

    pub async fn fetch_one(&mut self, q: Query) -> Result<Row, DbError> {
        self.fetch_optional(q)
            .await?
            .ok_or(DbError::Sqlx(sqlx::Error::RowNotFound))
    }

    /// The first column of the first row, for counts and single values.
    pub async fn fetch_scalar<T: Decodable>(&mut self, q: Query) -> Result<T, DbError> {
        self.fetch_one(q).await?.get_index(0)
    }
}

async fn on_engine_sqlite(ex: &mut Exec<'_>, q: Query) -> Result<Vec<SqliteRow>, sqlx::Error> {
    let (text, values, keep) = q.parts();
    let query = sqlx::query_with(&text, values).persistent(keep);
    match ex {
        Exec::SqlitePool(p) => query.fetch_all(*p).await,
        Exec::SqliteConn(c) => query.fetch_all(&mut **c).await,
        _ => Err(sqlx::Error::Protocol("not a SQLite executor".into())),
    }
}

async fn on_engine_pg(ex: &mut Exec<'_>, q: Query) -> Result<Vec<PgRow>, sqlx::Error> {
    let (text, values, keep) = q.parts();
    let query = sqlx::query_with(&text, values).persistent(keep);
    match ex {
        Exec::PgPool(p) => query.fetch_all(*p).await,
        Exec::PgConn(c) => query.fetch_all(&mut **c).await,
        _ => Err(sqlx::Error::Protocol("not a PostgreSQL executor".into())),
    }
}

/// A value type both engines can decode.
pub trait Decodable:
    for<'r> sqlx::Decode<'r, Sqlite>
    + sqlx::Type<Sqlite>
    + for<'r> sqlx::Decode<'r, Postgres>
    + sqlx::Type<Postgres>
{
}

impl<T> Decodable for T where
    T: for<'r> sqlx::Decode<'r, Sqlite>
        + sqlx::Type<Sqlite>
        + for<'r> sqlx::Decode<'r, Postgres>
        + sqlx::Type<Postgres>
{
}

/// A result row from either engine, read by column name.
pub enum Row {
    Sqlite(SqliteRow),
    Pg(PgRow),
}

impl Row {
    pub fn get<T: Decodable>(&self, column: &str) -> Result<T, DbError> {
        use sqlx::Row as _;
        Ok(match self {
            Row::Sqlite(r) => r.try_get(column)?,
            Row::Pg(r) => r.try_get(column)?,
        })
    }

    pub fn get_index<T: Decodable>(&self, index: usize) -> Result<T, DbError> {
        use sqlx::Row as _;
        Ok(match self {
            Row::Sqlite(r) => r.try_get(index)?,
            Row::Pg(r) => r.try_get(index)?,
        })
    }
}
