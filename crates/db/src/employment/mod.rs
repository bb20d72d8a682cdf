//! Employment: enterprises with their leaders and visits, jobs, seekers and recommendations,
//! events with check-ins and agreements, assistance, mentoring and outcomes. Contact phones and
//! visitors' names and phones arrive here encrypted (`*_cipher`) with their blind index.

use crate::record::{
    bind_all, fetch_row, fetch_rows, find, find_by, first, insert, insert_batch, page, pair,
    rows_in, rows_where, select_as, select_of, select_sql, update, Record,
};
use crate::schema::tables::{
    Agreements, Assistance, Checkins, EmploymentOutcomes, EnterpriseLeaders, EnterpriseVisits,
    Enterprises, Events, Jobs, MentorMeetings, Mentorships, People, Recommendations, SeekerEvents,
    Seekers,
};
use jinguo_domain::{Scope, UnitRange};
use sea_query::{
    Asterisk, BinOper, Cond, Expr, Func, Iden, IntoColumnRef, JoinType, LikeExpr, Order, Query,
    SelectStatement, SimpleExpr,
};

/// `column BETWEEN lo AND hi`: the records of a subtree of units.
fn in_units(column: impl IntoColumnRef, units: &UnitRange) -> SimpleExpr {
    Expr::col(column).between(units.lo(), units.hi())
}

/// `lower(column) LIKE lower(<text anywhere>) ESCAPE '\'`: both sides lowered by the engine,
/// so letters match as it compares them.
fn contains_any_case(column: impl IntoColumnRef, text: &str) -> SimpleExpr {
    let pattern = SimpleExpr::from(Func::lower(Expr::val(contains_pattern(text))))
        .binary(BinOper::Escape, SimpleExpr::Constant('\\'.into()));
    SimpleExpr::from(Func::lower(Expr::col(column))).binary(BinOper::Like, pattern)
}

/// A LIKE pattern matching `text` anywhere, its wildcards escaped (used with `ESCAPE '\'`).
pub fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

// The tables, one file each.
mod assistance;
mod enterprises;
mod events;
mod jobs;
mod seekers;

pub use assistance::*;
pub use enterprises::*;
pub use events::*;
pub use jobs::*;
pub use seekers::*;
