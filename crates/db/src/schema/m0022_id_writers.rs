//! Migration 22, id writers: every running jinguo process (the server, each command of the CLI)
//! holds one writer number on a lease and writes it into the ids it makes, so that two
//! processes writing in the same second can never make the same id (`jinguo_app::ids`).

use super::columns::{big_integer, string};
use super::tables::IdWriters;
use sea_query::{SchemaBuilder, Table};

/// One row per writer number ever taken: who holds it (a process's random name), until when,
/// and the last second its ids used, from which the next holder starts.
pub(super) fn statements(b: &dyn SchemaBuilder, _: crate::Engine) -> Vec<String> {
    let writers = Table::create()
        .table(IdWriters::Table)
        .col(big_integer(IdWriters::Writer).primary_key())
        .col(string(IdWriters::Holder, 64))
        .col(big_integer(IdWriters::ExpiresAt))
        .col(big_integer(IdWriters::LastSecond))
        .to_owned();
    vec![writers.build_any(b)]
}
