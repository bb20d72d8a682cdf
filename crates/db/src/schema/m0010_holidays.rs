//! Migration 10, holidays: the yearly table of statutory holidays and make-up working days.

use super::tables::Holidays;
use crate::Engine;
use sea_query::{ColumnDef, SchemaBuilder, Table};

/// One row per day that is not what its weekday says: a day off (`holiday`) or a worked weekend
/// day (`workday`), with the holiday's name (国庆节). Keyed by the day as `YYYY-MM-DD` text, so a
/// year is the range `'2026-01-01'..='2026-12-31'` on both engines.
pub(super) fn statements(b: &dyn SchemaBuilder, _: Engine) -> Vec<String> {
    let holidays = Table::create()
        .table(Holidays::Table)
        .col(
            ColumnDef::new(Holidays::Day)
                .string_len(10)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Holidays::Kind).string_len(10).not_null())
        .col(ColumnDef::new(Holidays::Name).string_len(200).not_null())
        .to_owned();
    vec![holidays.build_any(b)]
}
