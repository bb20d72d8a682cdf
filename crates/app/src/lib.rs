//! Use cases: what a user can do, with permission checks and the audit record in the same
//! transaction as the change. One module per area of the federation's work.
//!
//! Every use case takes the `auth::Caller` it acts for, and only this crate makes one (from a
//! session or a token, or the command line's operator), so the web layer cannot forge a caller
//! or the scope it carries:
//!
//! ```compile_fail
//! let forged = jinguo_app::auth::Caller {
//!     user_id: 1,
//!     username: "x".into(),
//!     display_name: "x".into(),
//!     role: jinguo_domain::Role::Federation,
//!     unit: jinguo_domain::UnitCode::parse("350503000000").unwrap(),
//!     origin: jinguo_app::Origin { ip: String::new(), user_agent: String::new() },
//!     session: None,
//!     must_change_password: false,
//! };
//! ```
//!
//! (It reads its fields through methods: `caller.role()`, `caller.scope()`.)

pub mod archive;
pub mod audit;
pub mod auth;
pub mod awards;
pub mod backup;
pub mod calendar;
pub mod cases;
pub mod changes;
pub mod children;
pub mod clock;
pub mod crypto;
pub mod employment;
mod error;
pub mod export;
pub mod funds;
pub mod households;
pub mod ids;
pub mod import;
pub mod lockout;
pub mod model_women;
pub mod pairings;
pub mod parent_schools;
pub mod passwords;
pub mod people;
pub mod people_export;
pub mod people_import;
pub mod private_files;
pub mod programs;
pub mod random;
pub mod sealed_files;
mod sealed_text;
pub mod settings;
pub mod synthetic;
pub mod synthetic_awards;
pub mod synthetic_cases;
pub mod synthetic_children;
pub mod synthetic_employment;
pub mod synthetic_funds;
pub mod synthetic_training;
pub mod todo;
pub mod tokens;
pub mod training;
pub mod units;
pub mod users;

pub use error::{AppError, LineProblem};

use jinguo_db::Db;

use clock::Clock;
use crypto::FieldCipher;
use ids::IdGenerator;
use std::sync::Arc;

/// Everything a use case needs: the database, the field cipher, the clock and the id source.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub cipher: Arc<FieldCipher>,
    pub clock: Arc<dyn Clock>,
    pub ids: Arc<IdGenerator>,
    /// Where files live beside the database (case attachments), in the data directory.
    pub files_dir: std::path::PathBuf,
    /// The deployment's name and public base URL, read on every public page: loaded on first
    /// use, replaced by `settings::update`.
    pub deployment: Arc<std::sync::RwLock<Option<settings::Deployment>>>,
}

impl App {
    pub fn new(
        db: Db,
        cipher: FieldCipher,
        clock: Arc<dyn Clock>,
        files_dir: std::path::PathBuf,
    ) -> App {
        App {
            db,
            cipher: Arc::new(cipher),
            clock,
            ids: Arc::new(IdGenerator::default()),
            files_dir,
            deployment: Arc::default(),
        }
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Where uploads wait while they are imported: `tmp` beside `files` in the data directory
    /// (not inside it: a backup copies `files`).
    pub fn spool_dir(&self) -> std::path::PathBuf {
        self.files_dir.with_file_name("tmp")
    }
}

/// Pages past this are refused rather than computed (a list of 10 million rows ends earlier).
pub const MAX_PAGE: u64 = 100_000;

/// The row offset of a 1-based page; absurd pages are a 422 naming `page`, never an overflow.
pub fn page_offset(page: u64, per_page: u64) -> Result<u64, AppError> {
    if page == 0 || page > MAX_PAGE || per_page > 1_000 {
        return Err(AppError::invalid("page", "invalid_page"));
    }
    Ok((page - 1) * per_page)
}

/// What a form or query field says: its text trimmed, or `None` when it was left out or blank
/// (every optional field reads an empty box as absent).
pub(crate) fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// Where a request came from, for the audit log.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: String,
    pub user_agent: String,
}

impl Origin {
    pub fn cli() -> Origin {
        Origin {
            ip: "cli".into(),
            user_agent: "jinguo-cli".into(),
        }
    }
}
