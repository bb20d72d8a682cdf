//! Opening an installation: the data directory, the database (migrated), the master key
//! (checked against the database) and the bundled org tree.

use jinguo_app::backup::{self, BackupError};
use jinguo_app::clock::{Clock, SystemClock};
use jinguo_app::crypto::{self, FieldCipher, KeyError};
use jinguo_app::{ids, private_files, App, AppError};
use jinguo_db::settings;
use jinguo_db::Db;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(PathBuf, std::io::Error),
    #[error("cannot open the database: {0}")]
    Database(#[from] jinguo_db::DbError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    App(#[from] AppError),
    #[error("another jinguo server is already running on the data directory {0}; stop it first")]
    AlreadyRunning(PathBuf),
    #[error(transparent)]
    Restore(#[from] BackupError),
    #[error(
        "{} jinguo processes are writing to this database already; wait for one to end",
        jinguo_app::ids::WRITERS
    )]
    TooManyWriters,
    #[error("the admin password in JINGUO_ADMIN_PASSWORD is too weak: {0}")]
    WeakAdminPassword(jinguo_domain::password::WeakPassword),
}

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub master_key: Option<String>,
}

impl Config {
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| format!("sqlite://{}", self.sqlite_path().display()))
    }

    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("jinguo.db")
    }

    pub fn uses_postgres(&self) -> bool {
        self.database_url().starts_with("postgres")
    }

    /// Files kept beside the database (case attachments).
    pub fn files_dir(&self) -> PathBuf {
        self.data_dir.join("files")
    }

    pub fn ensure_data_dir(&self) -> Result<(), StartError> {
        private_files::create_dir_all(&self.data_dir)
            .map_err(|e| StartError::DataDir(self.data_dir.clone(), e))
    }
}

const KEY_CHECK: &str = "master_key_check";

/// Opens (creating if new) the installation with the system clock.
pub async fn open(config: &Config) -> Result<App, StartError> {
    open_with_clock(config, Arc::new(SystemClock)).await
}

pub async fn open_with_clock(config: &Config, clock: Arc<dyn Clock>) -> Result<App, StartError> {
    config.ensure_data_dir()?;
    if !config.uses_postgres() {
        let path = config.sqlite_path();
        private_files::ensure_exists(&path).map_err(|e| StartError::DataDir(path, e))?;
    }
    let db = Db::connect(&config.database_url()).await?;
    jinguo_db::schema::migrate(&db).await?;
    let cipher = unlock(&db, &config.data_dir, config.master_key.as_deref()).await?;
    let app = App::new(db, cipher, clock, config.files_dir());
    if !ids::take_writer(&app).await? {
        return Err(StartError::TooManyWriters);
    }
    ids::keep_writer(app.clone());
    jinguo_app::units::bootstrap(&app).await?;
    jinguo_app::calendar::bootstrap(&app).await?;
    Ok(app)
}

/// Ends the process's use of the installation: its id writer number goes back for the next
/// process, and the database connections close.
pub async fn close(app: &App) {
    if let Err(e) = ids::give_back_writer(app).await {
        tracing::warn!(error = %e, "could not give the id writer number back");
    }
    app.db.close().await;
}

/// Finds the master key and checks it against the database; on a new database, creates the
/// key file (unless the key came from the environment) and records the key check.
async fn unlock(
    db: &Db,
    data_dir: &Path,
    env_key: Option<&str>,
) -> Result<FieldCipher, StartError> {
    let recorded = settings::get(&mut db.ex(), KEY_CHECK).await?;
    let found = crypto::find_key(data_dir, env_key)?;
    match (recorded, found) {
        (Some(check), Some(key)) => {
            let cipher = FieldCipher::new(&key);
            if cipher.key_check() != check {
                return Err(KeyError::Mismatch(key.origin.clone()).into());
            }
            Ok(cipher)
        }
        (Some(_), None) => Err(KeyError::Missing(crypto::key_file_path(data_dir)).into()),
        (None, found) => {
            let key = match found {
                Some(key) => key,
                None => crypto::create_key_file(data_dir)?,
            };
            let cipher = FieldCipher::new(&key);
            settings::set(&mut db.ex(), KEY_CHECK, &cipher.key_check()).await?;
            Ok(cipher)
        }
    }
}

/// Holds the data directory for one server; a second `serve` on it is refused.
pub struct ServerLock {
    _file: std::fs::File,
}

pub fn lock_data_dir(config: &Config) -> Result<ServerLock, StartError> {
    config.ensure_data_dir()?;
    let path = config.data_dir.join("jinguo.lock");
    private_files::ensure_exists(&path).map_err(|e| StartError::DataDir(path.clone(), e))?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .map_err(|e| StartError::DataDir(path.clone(), e))?;
    match file.try_lock() {
        Ok(()) => Ok(ServerLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(StartError::AlreadyRunning(config.data_dir.clone()))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(StartError::DataDir(path, e)),
    }
}

/// On an empty database: the `admin` account at the top of the tree, with the password from
/// `JINGUO_ADMIN_PASSWORD` or a generated one, returned so it can be printed once.
pub async fn ensure_admin(app: &App, password: Option<&str>) -> Result<Option<String>, StartError> {
    if jinguo_db::accounts::count_users(&mut app.db.ex()).await? > 0 {
        return Ok(None);
    }
    let root =
        jinguo_db::sql("SELECT code FROM units WHERE parent_code IS NULL ORDER BY code LIMIT 1");
    let root: String = app.db.ex().fetch_scalar(root).await?;
    let (password, generated) = match password.filter(|p| !p.is_empty()) {
        Some(p) => {
            jinguo_domain::password::check_password(p, "admin")
                .map_err(StartError::WeakAdminPassword)?;
            (p.to_owned(), false)
        }
        None => (generate_password(), true),
    };
    let account = jinguo_app::users::NewAccount {
        username: "admin".into(),
        display_name: Some("系统管理员".into()),
        role: "admin".into(),
        unit_code: root,
        department_code: None,
        password: password.clone(),
    };
    let origin = jinguo_app::Origin {
        ip: "local".into(),
        user_agent: "jinguo-serve".into(),
    };
    jinguo_app::users::add(app, jinguo_app::users::Actor::Operator(&origin), account).await?;
    Ok(generated.then_some(password))
}

/// A random password that meets the rule (upper, lower, digit and symbol).
fn generate_password() -> String {
    format!(
        "Jg-{}9",
        jinguo_app::auth::random_secret()
            .chars()
            .take(16)
            .collect::<String>()
    )
}

/// People in the demo district when its registry is empty (the tree is loaded on every first
/// start): a few thousand synthetic residents to search and browse.
pub const DEMO_PEOPLE: usize = 3_000;

/// Cases in the demo district when it has none: a few years of a district's casework.
pub const DEMO_CASES: u64 = 600;

pub async fn load_demo(app: &App) -> Result<(), StartError> {
    let origin = jinguo_app::Origin {
        ip: "local".into(),
        user_agent: "jinguo-serve --demo".into(),
    };
    let empty: i64 = app
        .db
        .ex()
        .fetch_scalar(jinguo_db::sql("SELECT COUNT(*) FROM people"))
        .await?;
    if empty == 0 {
        let year = jinguo_domain::CivilDate::from_epoch_ms_china(app.now()).year;
        let table = jinguo_app::synthetic::table(DEMO_PEOPLE, 2026, year);
        let importer = jinguo_app::people_import::Importer::Operator(&origin);
        let options = jinguo_app::people_import::ImportOptions::default();
        let report =
            jinguo_app::people_import::import_people(app, importer, &table, &options, &|_, _| {})
                .await?;
        tracing::info!(
            people = report.imported,
            "loaded the demo district's synthetic people"
        );
    }
    // The employment work and the spring fair, once the district has its people.
    if let Some(summary) = jinguo_app::synthetic_employment::load_demo(app, 2026, &origin).await? {
        tracing::info!(
            enterprises = summary.enterprises,
            jobs = summary.jobs,
            fair_visitors = summary.visitors,
            fair_agreements = summary.agreements,
            "loaded the demo district's employment records"
        );
    }
    if let Some(summary) =
        jinguo_app::synthetic_cases::load_demo(app, DEMO_CASES, 2026, &origin).await?
    {
        tracing::info!(
            cases = summary.cases,
            open = summary.open,
            "loaded the demo district's cases"
        );
    }
    // The care programs (the poor-mother database and its Mother's Day cycle, festival relief,
    // screening, Children's Day) and the children's work, on the district's people.
    let children = jinguo_app::synthetic_children::load_demo(app, 2026, &origin).await?;
    let mothers_day_cycle = children.as_ref().map(|s| s.mothers_day_cycle);
    if let Some(summary) = children {
        tracing::info!(
            poor_mothers = summary.poor_mothers,
            delivered = summary.delivered,
            screened = summary.screened,
            abnormal = summary.abnormal,
            children = summary.children,
            parent_schools = summary.schools,
            pairings = summary.pairings,
            "loaded the demo district's care programs and children's work"
        );
    }
    // Training: this year's SYB course (finished, its completers six months on), a skills
    // course with an online part (running), the labour-law and "企业如何过冬" lectures.
    if let Some(summary) = jinguo_app::synthetic_training::load_demo(app, 2026, &origin).await? {
        tracing::info!(
            courses = summary.courses,
            enrollments = summary.enrollments,
            certificates = summary.certificates,
            "loaded the demo district's training"
        );
    }
    // This year's 杰出创业女性 campaign: its notice is over, one objection waits; and the
    // model women whose stories the federation tells.
    if let Some(summary) = jinguo_app::synthetic_awards::load_demo(app, &origin).await? {
        tracing::info!(
            campaign = summary.campaign_id,
            nominations = summary.nominations,
            model_women = summary.model_women,
            "loaded the demo district's award campaign and model women"
        );
    }
    // The funds: the earthquake campaign handed out in full, the gift to the charity federation,
    // the 春蕾 fund, and the Mother's Day visits paid from the relief budget.
    if let Some(summary) =
        jinguo_app::synthetic_funds::load_demo(app, &origin, mothers_day_cycle).await?
    {
        tracing::info!(
            campaign = summary.campaign_id,
            donations = summary.donations,
            payments = summary.payments,
            "loaded the demo district's funds"
        );
    }
    Ok(())
}

/// Restores a backup into the data directory, or leaves the directory exactly as it was: the
/// backup is copied into a staging directory inside it, opened there (migrated, and checked
/// against the master key from the data directory or the environment), and only then renamed
/// into place. A wrong or missing key, or a file that is no backup, changes nothing.
pub async fn restore(config: &Config, backup_file: &Path) -> Result<(), StartError> {
    let existed = config.data_dir.exists();
    refuse_a_used_data_dir(config)?;
    config.ensure_data_dir()?;
    let staging = config.data_dir.join(".restoring");
    let staged = stage(config, backup_file, &staging).await;
    let moved = match staged {
        Ok(()) => move_into_place(config, &staging),
        Err(e) => Err(e),
    };
    std::fs::remove_dir_all(&staging).ok();
    if moved.is_err() && !existed {
        // Only an empty directory is removed: the one this restore created.
        std::fs::remove_dir(&config.data_dir).ok();
    }
    moved
}

fn refuse_a_used_data_dir(config: &Config) -> Result<(), StartError> {
    let files = config.files_dir();
    let has_files = std::fs::read_dir(&files).is_ok_and(|mut d| d.next().is_some());
    if config.sqlite_path().exists() || has_files {
        let db = config.sqlite_path().display().to_string();
        return Err(BackupError::NotEmpty(db).into());
    }
    Ok(())
}

async fn stage(config: &Config, backup_file: &Path, staging: &Path) -> Result<(), StartError> {
    if staging.exists() {
        // Left by a restore that was killed: never part of the data directory's state.
        std::fs::remove_dir_all(staging).map_err(|e| StartError::DataDir(staging.into(), e))?;
    }
    private_files::create_dir_all(staging).map_err(|e| StartError::DataDir(staging.into(), e))?;
    let db = staging.join("jinguo.db");
    backup::restore(backup_file, &db, &staging.join("files")).await?;
    let key = crypto::find_key(&config.data_dir, config.master_key.as_deref())?
        .ok_or_else(|| KeyError::Missing(crypto::key_file_path(&config.data_dir)))?;
    let trial = Config {
        data_dir: staging.to_owned(),
        database_url: None,
        master_key: Some(key.to_hex().to_string()),
    };
    let app = open(&trial).await?;
    app.db.close().await;
    Ok(())
}

/// The staged database (with any WAL/SHM beside it) and files, renamed into the data directory.
fn move_into_place(config: &Config, staging: &Path) -> Result<(), StartError> {
    let rename = |from: PathBuf, to: PathBuf| {
        std::fs::rename(&from, &to).map_err(|e| StartError::DataDir(to.clone(), e))
    };
    for suffix in ["-wal", "-shm"] {
        let from = staging.join(format!("jinguo.db{suffix}"));
        if from.exists() {
            rename(from, config.data_dir.join(format!("jinguo.db{suffix}")))?;
        }
    }
    let files = staging.join("files");
    if files.is_dir() {
        std::fs::remove_dir(config.files_dir()).ok();
        rename(files, config.files_dir())?;
    }
    // The database last: until it is in place, the data directory holds no installation.
    rename(staging.join("jinguo.db"), config.sqlite_path())
}
