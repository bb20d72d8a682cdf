//! The federation's concepts and rules: org units, roles, scope, passwords, identities, people.
//! No database, no HTTP: everything here is a plain function with table-driven tests.

#[macro_use]
mod codes;

pub mod awards;
pub mod calendar;
pub mod cases;
pub mod children;
pub mod dates;
pub mod employment;
pub mod funds;
pub mod identity;
pub mod model_women;
pub mod national_codes;
pub mod password;
pub mod people;
pub mod programs;
pub mod roles;
pub mod scope;
pub mod search;
pub mod training;
pub mod units;

pub use dates::CivilDate;
pub use identity::{IdNumber, Phone, Sex};
pub use people::PersonName;
pub use roles::Role;
pub use scope::{Scope, UnitRange};
pub use units::{UnitCode, UnitLevel};
