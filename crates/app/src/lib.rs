//! Use cases: what a user can do, with permission checks and the audit record in the same
//! transaction as the change. One module per area of the federation's work.

pub mod audit;
pub mod auth;
pub mod backup;
pub mod cases;
pub mod clock;
pub mod crypto;
mod error;
pub mod households;
pub mod ids;
pub mod import;
pub mod people;
pub mod people_export;
pub mod people_import;
pub mod synthetic;
pub mod synthetic_cases;
pub mod units;
pub mod users;

pub use error::{AppError, LineProblem};
pub use jinguo_db::Db;

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
        }
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }
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
