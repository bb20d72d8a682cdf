//! Migration 10, holidays: the yearly table of statutory holidays and make-up working days.

use super::columns::string;
use super::tables::Holidays;
use crate::Engine;
use sea_query::{SchemaBuilder, Table};

/// One row per day that is not what its weekday says: a day off (`holiday`) or a worked weekend
/// day (`workday`), with the holiday's name (国庆节). Keyed by the day as `YYYY-MM-DD` text, so a
/// year is the range `'2026-01-01'..='2026-12-31'` on both engines.
pub(super) fn statements(b: &dyn SchemaBuilder, _: Engine) -> Vec<String> {
    let holidays = Table::create()
        .table(Holidays::Table)
        .col(string(Holidays::Day, 10).primary_key())
        .col(string(Holidays::Kind, 10))
        .col(string(Holidays::Name, 200))
        .to_owned();
    vec![holidays.build_any(b)]
}
