//! The federation's concepts and rules: org units, roles, scope, passwords.
//! No database, no HTTP: everything here is a plain function with table-driven tests.

pub mod password;
pub mod roles;
pub mod scope;
pub mod units;

pub use roles::Role;
pub use scope::Scope;
pub use units::{UnitCode, UnitLevel};
