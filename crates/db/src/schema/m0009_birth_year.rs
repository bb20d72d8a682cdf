//! Migration 9, the birth year: people keep the year in plain, the exact date only inside the
//! sealed ID number.

use super::columns::integer;
use super::tables::People;
use crate::Engine;
use sea_query::{Index, SchemaBuilder, Table};

/// The exact birth date leaves the database (issue #10, point 2): with the stored mask
/// (`350503**********3X`) and the sex it narrowed an ID number down to a few candidates. The
/// year stays in plain for filters and lists; the date is derived from the sealed ID number
/// where it is needed (ages at the edges of a band, the reveal, the full export).
///
/// What is dropped must not stay readable in the file: on SQLite the file is rebuilt after the
/// migration (`Migration::erases`); on PostgreSQL, which only hides a dropped column, the table
/// is rewritten into a new file (an `ALTER … TYPE … USING` that is not a plain copy writes
/// every row anew).
pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let add = Table::alter()
        .table(People::Table)
        .add_column(integer(People::BirthYear).default(0))
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
