//! The kinds of column the migrations declare, each written once, so that a table reads as its
//! list of columns: `string(Courses::Tier, 20)` is `VARCHAR(20) NOT NULL`, and a `_null` helper is
//! the same column allowing NULL. Each helper renders exactly what the migrations spelt out
//! before it existed (the snapshots in `tests.rs` hold them to it): an applied migration must
//! keep creating the same database.

use crate::Engine;
use sea_query::{Alias, ColumnDef, ForeignKey, IntoIden, IntoTableRef, TableCreateStatement};

/// The record's 64-bit id: SQLite's rowid (declared exactly `INTEGER`, so look-ups by id search
/// one B-tree, not a separate key index), BIGINT on PostgreSQL; the primary key, not null.
pub(super) fn id(column: impl IntoIden, engine: Engine) -> ColumnDef {
    rowid(column, engine).not_null().primary_key().take()
}

/// The same id as `id`, as migrations 3 and 4 declared it, without the `NOT NULL` that a
/// primary key implies on both engines (kept so that their DDL stays as it was applied).
pub(super) fn id_without_not_null(column: impl IntoIden, engine: Engine) -> ColumnDef {
    rowid(column, engine).primary_key().take()
}

fn rowid(column: impl IntoIden, engine: Engine) -> ColumnDef {
    let mut column = ColumnDef::new(column);
    match engine {
        Engine::Sqlite => column.custom(Alias::new("INTEGER")),
        Engine::Postgres => column.big_integer(),
    };
    column
}

/// A 64-bit number: another record's id, a moment in milliseconds, an amount in fen.
pub(super) fn big_integer(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).big_integer().not_null().take()
}

pub(super) fn big_integer_null(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).big_integer().null().take()
}

pub(super) fn integer(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).integer().not_null().take()
}

pub(super) fn boolean(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).boolean().not_null().take()
}

/// `VARCHAR(len)`: a code, a date (`string(T::HeldOn, 10)`), a name of bounded length.
pub(super) fn string(column: impl IntoIden, len: u32) -> ColumnDef {
    ColumnDef::new(column).string_len(len).not_null().take()
}

pub(super) fn string_null(column: impl IntoIden, len: u32) -> ColumnDef {
    ColumnDef::new(column).string_len(len).null().take()
}

/// `VARCHAR` with no length, as the first migrations declared names and labels.
pub(super) fn string_unbounded(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).string().not_null().take()
}

pub(super) fn string_unbounded_null(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).string().null().take()
}

pub(super) fn text(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).text().not_null().take()
}

pub(super) fn text_null(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).text().null().take()
}

/// Bytes (a sealed field's cipher text, a hash): BYTEA on PostgreSQL, `BLOB(1)` on SQLite,
/// whose column types take no length (the same storage as `blob`).
pub(super) fn binary(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).binary().not_null().take()
}

pub(super) fn binary_null(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).binary().null().take()
}

/// Bytes as migrations 3 and 4 declared them: BYTEA on PostgreSQL, `BLOB` on SQLite.
pub(super) fn blob(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).blob().not_null().take()
}

pub(super) fn blob_null(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).blob().null().take()
}

/// A table's foreign keys, each in one line: `.references(Courses::UnitCode, Units::Table,
/// Units::Code)` is `FOREIGN KEY (unit_code) REFERENCES units (code)`.
pub(super) trait ForeignKeys {
    fn references(
        &mut self,
        column: impl IntoIden,
        target: impl IntoTableRef,
        key: impl IntoIden,
    ) -> &mut Self;
}

impl ForeignKeys for TableCreateStatement {
    fn references(
        &mut self,
        column: impl IntoIden,
        target: impl IntoTableRef,
        key: impl IntoIden,
    ) -> &mut Self {
        self.foreign_key(ForeignKey::create().from_col(column).to(target, key))
    }
}
