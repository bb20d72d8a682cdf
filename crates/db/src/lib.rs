//! Storage: the one schema, its migrations, and one repository module per area of work.
//!
//! `Db` / `Tx` / `Exec` are the only place that knows there are two engines; every query above
//! them is written once (hand-written SQL with `$1` placeholders, which sqlx accepts on SQLite
//! too, or sea-query statements rendered for the engine at hand).
//!
//! Every read and write of unit-owned records takes the caller's `Scope`, so forgetting it does
//! not compile. With one it does:
//!
//! ```no_run
//! # async fn read(ex: &mut jinguo_db::Exec<'_>, scope: &jinguo_domain::Scope) {
//! let person = jinguo_db::people::find(ex, scope, 42).await;
//! # }
//! ```
//!
//! and without one it does not:
//!
//! ```compile_fail
//! # async fn read(ex: &mut jinguo_db::Exec<'_>) {
//! let person = jinguo_db::people::find(ex, 42).await;
//! # }
//! ```

mod engine;
pub mod schema;

/// Declares a row struct of a table and its `Record` impl from one list of fields: the field
/// names are the column names, `in Jobs` names the table by its `schema::tables` enum (which
/// must be in scope). Declared before the area modules so every one of them can use it.
macro_rules! record {
    ($(#[$m:meta])* pub struct $name:ident in $table:ident {
        $($(#[$fm:meta])* pub $field:ident: $ty:ty,)+
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name { $($(#[$fm])* pub $field: $ty,)+ }

        impl $crate::record::Record for $name {
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),+];

            fn table() -> sea_query::DynIden {
                sea_query::SeaRc::new($table::Table)
            }

            fn read(r: &$crate::Row) -> Result<Self, $crate::DbError> {
                Ok($name { $($field: r.get(stringify!($field))?,)+ })
            }

            fn values(&self) -> Vec<sea_query::Value> {
                vec![$(self.$field.clone().into()),+]
            }
        }
    };
}

pub(crate) mod record;

pub mod accounts;
pub mod audit;
pub mod awards;
pub mod calendar;
pub mod cases;
pub mod children;
pub mod children_work;
pub mod employment;
pub mod funds;
pub mod grants;
pub mod households;
pub mod id_writers;
pub mod model_women;
pub mod people;
pub mod programs;
pub mod settings;
pub mod training;
pub mod units;

pub use engine::{sql, Db, DbError, Engine, Exec, IndexHint, Query, Row, Tx};
