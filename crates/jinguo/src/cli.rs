//! The commands of CONTRACT.md. Each returns an exit code; failures print a one-line reason
//! (in English) on stderr.

use crate::startup::{self, Config, StartError};
use clap::{Args, Parser, Subcommand};
use jinguo_app::employment::{self, enterprises};
use jinguo_app::import::{ImportOptions, Importer};
use jinguo_app::{
    audit, auth, backup, people, people_export, people_import, private_files, synthetic,
    synthetic_cases, synthetic_employment, tokens, units, users, AppError, Origin,
};
use jinguo_db::accounts::TokenSelection;
use jinguo_web::i18n::{error_message, message, Lang};
use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "jinguo",
    version,
    about = "jinguo (巾帼) — the working system of a women's federation"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Directory for the SQLite database, the master key file and the lock file.
    #[arg(
        long,
        global = true,
        env = "JINGUO_DATA_DIR",
        default_value = "./jinguo-data"
    )]
    pub data_dir: PathBuf,
    /// Database URL; `postgres://…` selects PostgreSQL (default: SQLite file DATA_DIR/jinguo.db).
    #[arg(long, global = true, env = "JINGUO_DATABASE_URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (migrates first; creates the admin account on an empty database).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "JINGUO_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Load the demo district (丰泽区, 泉州) and synthetic records into an empty database.
        #[arg(long)]
        demo: bool,
        /// A reverse proxy's address range (CIDR, or one address), repeatable: only from these
        /// peers are X-Forwarded-For and X-Forwarded-Proto believed (client addresses for rate
        /// limits and the audit log, Secure cookies).
        #[arg(
            long = "trusted-proxy",
            env = "JINGUO_TRUSTED_PROXIES",
            value_delimiter = ',',
            value_name = "CIDR"
        )]
        trusted_proxies: Vec<String>,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Org units (the district → street → community tree).
    Units {
        #[command(subcommand)]
        command: UnitsCommand,
    },
    /// User accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Write a consistent copy of the database (SQLite; safe while the server runs).
    Backup {
        /// The backup file to create.
        out: PathBuf,
    },
    /// Restore a backup into an empty data directory.
    Restore {
        /// The backup file made by `jinguo backup`.
        input: PathBuf,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Import a roster (xlsx, xls, ods or csv; UTF-8 or GBK). The last line on stdout is a JSON
    /// summary; exit 3 when --all-or-nothing refused a file with rejected rows.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Export people with full ID numbers and phones (audited).
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Generate synthetic data for tests, demos and benchmarks.
    GenData {
        #[command(subcommand)]
        command: GenDataCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import people: new ID numbers create persons, known ones update them.
    People(ImportArgs),
    /// Import enterprises: new credit codes create enterprises, registered ones update them.
    Enterprises(ImportArgs),
    /// Import job postings: every accepted row creates a job; discriminatory rows are rejected.
    Jobs(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    file: PathBuf,
    /// The unit (12-digit code) for rows that name no street or community.
    #[arg(long)]
    unit: Option<String>,
    /// Check every row and report, writing nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write nothing if any row is rejected (exit 3).
    #[arg(long)]
    all_or_nothing: bool,
    /// Write every rejected row with its line number and reason to this .xlsx file.
    #[arg(long)]
    report: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Export people (in the import format).
    People(ExportArgs),
    /// Export enterprises (in the import format, contact phones in full).
    Enterprises(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long)]
    out: PathBuf,
    /// csv or xlsx (default: from the file's extension).
    #[arg(long)]
    format: Option<String>,
    /// Only the records of this unit's subtree.
    #[arg(long)]
    unit: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum GenDataCommand {
    /// A synthetic roster of people in the import format (CSV), deterministic per seed.
    People {
        #[arg(long)]
        count: u64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Synthetic cases written straight into the database (rights cases and enterprise reports
    /// across the tree's streets and communities, statuses across the workflow, a share of the
    /// open ones overdue), with the handlers they need; deterministic per seed and day. The last
    /// line on stdout is a JSON summary.
    Cases {
        #[arg(long)]
        count: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The demo district's employment records written straight into the database (enterprises,
    /// jobs, seekers and the spring job fair with its check-ins and agreements), when it has no
    /// enterprise yet; deterministic per seed and day. The last line on stdout is a JSON summary.
    Employment {
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum UnitsCommand {
    /// Load or extend the org tree from a CSV or XLSX file with columns code, name, parent_code.
    /// Every line is checked first; one bad line and nothing is written.
    Import { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password comes from JINGUO_PASSWORD, else one line of standard input.
    Add {
        #[arg(long)]
        username: String,
        /// admin, federation, street, community, caseworker, leader, department or viewer.
        #[arg(long)]
        role: String,
        /// The 12-digit code of the user's unit.
        #[arg(long)]
        unit: String,
        /// The person's name as shown in the interface.
        #[arg(long)]
        name: Option<String>,
        /// For the department role: the department's code (see GET /api/v1/departments).
        #[arg(long)]
        department: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user and print it (shown once; only its hash is kept).
    Create {
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "cli")]
        label: String,
        /// Days until the token expires (default 90).
        #[arg(long)]
        days: Option<i64>,
    },
    /// List a user's tokens, one JSON object a line (never the tokens themselves).
    List {
        #[arg(long)]
        username: String,
    },
    /// Revoke a user's tokens: all of them, or those with a label; they answer 401 at once.
    Revoke {
        #[arg(long)]
        username: String,
        #[arg(long, conflicts_with = "label", required_unless_present = "label")]
        all: bool,
        #[arg(long)]
        label: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's keyed chain; with --head, also that a head printed earlier by
    /// `jinguo audit head` is still in it.
    Verify {
        /// SEQ:MAC as `jinguo audit head` printed it.
        #[arg(long)]
        head: Option<String>,
    },
    /// Print the chain's head (SEQ:MAC) to keep off this machine.
    Head,
}

pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("JINGUO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    // Colours only on a terminal: log files and CI output stay plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false)
        .init();
}

/// A failure of a command, printed as one line (plus the rejected lines of an import).
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("{}", describe(.0))]
    App(AppError),
    #[error("{0}")]
    Message(String),
    #[error("{0}")]
    Rejected(Refused),
}

impl From<AppError> for CliError {
    fn from(e: AppError) -> Self {
        CliError::App(e)
    }
}

impl From<jinguo_db::DbError> for CliError {
    fn from(e: jinguo_db::DbError) -> Self {
        CliError::App(AppError::Db(e))
    }
}

/// The language of the command line's messages: the operator's locale (`LC_ALL`, then
/// `LC_MESSAGES`, then `LANG`, as POSIX orders them) — Chinese for a `zh…` locale, English
/// otherwise (a server's `C` or `en_US.UTF-8`). The JSON summary line is the same in both.
fn cli_lang() -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default();
    if locale.to_ascii_lowercase().starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// "line 7: reason (field)" in the operator's language.
fn row_line(lang: Lang, line: usize, reason: String, field: Option<&str>) -> String {
    let key = if field.is_some() {
        "cli-row-field"
    } else {
        "cli-row"
    };
    let field = field.unwrap_or_default();
    let args = [
        ("line", line.to_string()),
        ("reason", reason),
        ("field", field.to_owned()),
        ("label", jinguo_web::i18n::field_label(lang, field)),
    ];
    message(lang, key, &args)
}

fn describe(e: &AppError) -> String {
    match e {
        AppError::Db(db) => format!("database error: {db}"),
        AppError::Internal(text) => format!("internal error: {text}"),
        other => {
            let field = other.field().map(|f| format!(" [{f}]")).unwrap_or_default();
            format!("{}{field}", error_message(cli_lang(), other))
        }
    }
}

pub async fn run(cli: Cli) -> ExitCode {
    let config = Config {
        data_dir: cli.global.data_dir,
        database_url: cli.global.database_url,
        master_key: std::env::var("JINGUO_MASTER_KEY").ok(),
    };
    match dispatch(&config, cli.command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let CliError::App(AppError::Rejected { problems }) = &e {
                let lang = cli_lang();
                for p in problems {
                    let reason = message(lang, p.code, &[("detail", p.detail.clone())]);
                    eprintln!("{}", row_line(lang, p.line, reason, None));
                }
            }
            eprintln!("error: {e}");
            if matches!(e, CliError::Rejected(_)) {
                return ExitCode::from(EXIT_REJECTED);
            }
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(config: &Config, command: Command) -> Result<(), CliError> {
    match command {
        Command::Import { command } => with_app(config, async |app| import(app, command).await).await,
        Command::Export { command } => with_app(config, async |app| export(app, command).await).await,
        Command::GenData {
            command: GenDataCommand::People { count, out, seed },
        } => {
            let file = std::fs::File::create(&out)
                .map_err(|e| CliError::Message(format!("cannot create {}: {e}", out.display())))?;
            let year = jinguo_domain::CivilDate::from_epoch_ms_china(
                jinguo_app::clock::Clock::now_ms(&jinguo_app::clock::SystemClock),
            )
            .year;
            synthetic::write_csv(file, count, seed, year)
                .map_err(|e| CliError::Message(format!("writing {}: {e}", out.display())))?;
            eprintln!("wrote {count} people to {}", out.display());
            Ok(())
        }
        Command::GenData {
            command: GenDataCommand::Cases { count, seed },
        } => with_app(config, async |app| {
            let show_progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let progress = move |done: u64, total: u64| {
                if show_progress {
                    eprint!("\r{done}/{total} cases written");
                }
            };
            let summary =
                synthetic_cases::generate(app, count, seed, &Origin::cli(), &progress).await?;
            if show_progress {
                eprintln!();
            }
            println!(
                "{}",
                serde_json::json!({ "cases": summary.cases, "rights": summary.rights,
                                    "enterprise": summary.enterprise, "restricted": summary.restricted,
                                    "open": summary.open, "overdue": summary.overdue,
                                    "handlers": summary.handlers })
            );
            Ok(())
        })
        .await,
        Command::GenData {
            command: GenDataCommand::Employment { seed },
        } => with_app(config, async |app| {
            let summary = synthetic_employment::load_demo(app, seed, &Origin::cli())
                .await?
                .ok_or_else(|| CliError::Message("the database already has enterprises".into()))?;
            println!(
                "{}",
                serde_json::json!({ "enterprises": summary.enterprises, "women_owned": summary.women_owned,
                                    "jobs": summary.jobs, "seekers": summary.seekers,
                                    "leaders_assigned": summary.leaders_assigned,
                                    "registered_men": summary.registered_men, "fair_id": summary.fair_id,
                                    "visitors": summary.visitors, "agreements": summary.agreements,
                                    "agreements_with_women": summary.agreements_with_women,
                                    "women_owned_agreements": summary.women_owned_agreements })
            );
            Ok(())
        })
        .await,
        Command::Serve {
            listen,
            demo,
            trusted_proxies,
        } => {
            let proxies = jinguo_web::TrustedProxies::parse(&trusted_proxies)
                .map_err(|e| CliError::Message(format!("--trusted-proxy {e}")))?;
            serve(config, &listen, demo, proxies).await
        }
        Command::Migrate => with_app(config, async |_| {
            println!(
                "database at schema version {}",
                jinguo_db::schema::latest_version()
            );
            Ok(())
        })
        .await,
        Command::Units {
            command: UnitsCommand::Import { file },
        } => with_app(config, async |app| {
            let summary = units::import_file(app, &file, &Origin::cli()).await?;
            println!("imported {} units", summary.units);
            Ok(())
        })
        .await,
        Command::User {
            command:
                UserCommand::Add {
                    username,
                    role,
                    unit,
                    name,
                    department,
                },
        } => {
            let password = read_password()?;
            with_app(config, async |app| {
                let account = users::NewAccount {
                    username,
                    display_name: name,
                    role,
                    unit_code: unit,
                    department_code: department,
                    password,
                };
                let id = users::add(app, users::Actor::Operator(&Origin::cli()), account).await?;
                println!("created user {id}");
                Ok(())
            })
            .await
        }
        Command::Token { command } => {
            with_app(config, async |app| token_command(app, command).await).await
        }
        Command::Backup { out } => with_app(config, async |app| {
            backup::backup(&app.db, &out, &app.files_dir)
                .await
                .map_err(|e| CliError::Message(e.to_string()))?;
            eprintln!(
                "backup written to {}; keep the master key ({}) safe separately: without it the encrypted fields cannot be read",
                out.display(),
                jinguo_app::crypto::key_file_path(&config.data_dir).display()
            );
            Ok(())
        })
        .await,
        Command::Restore { input } => {
            if config.uses_postgres() {
                return Err(CliError::Message(
                    "restore a PostgreSQL database with pg_restore".into(),
                ));
            }
            startup::restore(config, &input).await?;
            println!(
                "restored {} into {}",
                input.display(),
                config.sqlite_path().display()
            );
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Head,
        } => with_app(config, async |app| match audit::head(&app.db).await? {
            Some(head) => {
                println!("{head}");
                Ok(())
            }
            None => Err(CliError::Message("the audit log is empty".into())),
        })
        .await,
        Command::Audit {
            command: AuditCommand::Verify { head },
        } => {
            let exported = head
                .as_deref()
                .map(str::parse::<audit::Head>)
                .transpose()
                .map_err(|_| {
                    CliError::Message(
                        "--head must be SEQ:MAC as `jinguo audit head` prints it".into(),
                    )
                })?;
            with_app(config, async |app| match audit::verify(app, exported.as_ref()).await? {
                audit::Verdict::Intact { events } => {
                    println!("ok {events} events");
                    Ok(())
                }
                audit::Verdict::Broken { seq, reason } => Err(CliError::Message(format!(
                    "audit chain broken at event {seq}: {}",
                    reason.replace('_', " ")
                ))),
            })
            .await
        }
    }
}

/// Opens the installation, does `work` on it, and closes it whatever `work` answered (the id
/// writer number goes back for the next command).
async fn with_app(
    config: &Config,
    work: impl AsyncFnOnce(&jinguo_app::App) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let app = startup::open(config).await?;
    let result = work(&app).await;
    startup::close(&app).await;
    result
}

/// Exit code of an all-or-nothing import refused for rejected rows.
pub const EXIT_REJECTED: u8 = 3;

#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("rows were rejected; nothing was written (--all-or-nothing)")
    }
}

async fn import(app: &jinguo_app::App, command: ImportCommand) -> Result<(), CliError> {
    let args = match &command {
        ImportCommand::People(args)
        | ImportCommand::Enterprises(args)
        | ImportCommand::Jobs(args) => args,
    };
    let file = jinguo_app::import::SheetFile::open(&args.file)?;
    let options = ImportOptions {
        default_unit: args.unit.clone(),
        dry_run: args.dry_run,
        all_or_nothing: args.all_or_nothing,
    };
    let show_progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let progress = move |done: usize, total: usize| {
        if show_progress && total > 0 {
            eprint!("\r{done}/{total} rows checked");
        } else if show_progress {
            eprint!("\r{done} rows checked");
        }
    };
    let origin = Origin::cli();
    let importer = Importer::Operator(&origin);
    let report = match command {
        ImportCommand::People(_) => {
            people_import::import_people(app, importer, &file, &options, &progress).await?
        }
        ImportCommand::Enterprises(_) => {
            employment::import::import_enterprises(app, importer, &file, &options, &progress)
                .await?
        }
        ImportCommand::Jobs(_) => {
            employment::jobs_import::import_jobs(app, importer, &file, &options, &progress).await?
        }
    };
    if show_progress {
        eprintln!();
    }
    let lang = cli_lang();
    for p in report.problems.iter().take(50) {
        let reason = jinguo_web::i18n::row_reason(lang, p);
        eprintln!("{}", row_line(lang, p.line, reason, Some(p.field)));
    }
    let shown = report.problems.len().min(50) as u64;
    if report.rejected > shown {
        let more = [("count", (report.rejected - shown).to_string())];
        eprintln!("{}", message(lang, "cli-more-rejected", &more));
    }
    if let Some(path) = &args.report {
        let bytes = jinguo_web::i18n::rejected_rows_xlsx(Lang::Zh, &report)?;
        private_files::write(path, &bytes)
            .map_err(|e| CliError::Message(format!("cannot write {}: {e}", path.display())))?;
    }
    println!("{}", report.summary());
    if options.all_or_nothing && report.rejected > 0 {
        return Err(CliError::Rejected(Refused));
    }
    Ok(())
}

/// The operator at the command line, placed at the root of the org tree.
async fn operator(app: &jinguo_app::App) -> Result<auth::Caller, CliError> {
    let root =
        jinguo_db::sql("SELECT code FROM units WHERE parent_code IS NULL ORDER BY code LIMIT 1");
    let root: String = app.db.ex().fetch_scalar(root).await?;
    let root = jinguo_domain::UnitCode::parse(&root)
        .map_err(|_| CliError::Message("the org tree has no root".into()))?;
    Ok(auth::Caller::operator(root))
}

async fn export(app: &jinguo_app::App, command: ExportCommand) -> Result<(), CliError> {
    let args = match &command {
        ExportCommand::People(args) | ExportCommand::Enterprises(args) => args,
    };
    let out = args.out.as_path();
    let format = args
        .format
        .as_deref()
        .map(str::to_ascii_lowercase)
        .or_else(|| {
            out.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
        })
        .unwrap_or_else(|| "csv".into());
    if format != "csv" && format != "xlsx" {
        return Err(CliError::Message(format!(
            "unknown export format {format:?}: use csv or xlsx"
        )));
    }
    let operator = operator(app).await?;
    let (count, what) = match command {
        ExportCommand::People(_) => (
            export_people(app, &operator, out, &format, args.unit.clone()).await?,
            "people",
        ),
        ExportCommand::Enterprises(_) => {
            let query = enterprises::EnterpriseQuery {
                unit_code: args.unit.clone(),
                ..Default::default()
            };
            let file = employment::import::export(app, &operator, &query, &format).await?;
            private_files::write(out, &file.to_bytes(&format)?)
                .map_err(|e| CliError::Message(format!("cannot write {}: {e}", out.display())))?;
            (file.rows.len() as u64, "enterprises")
        }
    };
    eprintln!("exported {count} {what} to {}", out.display());
    Ok(())
}

async fn export_people(
    app: &jinguo_app::App,
    operator: &auth::Caller,
    out: &std::path::Path,
    format: &str,
    unit: Option<String>,
) -> Result<u64, CliError> {
    let units: Vec<jinguo_app::units::Unit> =
        jinguo_db::units::list_under(&mut app.db.ex(), operator.unit())
            .await?
            .into_iter()
            .map(Into::into)
            .collect();
    let names = people_export::UnitNames::new(&units);
    let search = people::Search {
        unit_code: unit,
        ..Default::default()
    };
    let mut export = people::Export::start(app, operator, &search, format).await?;
    if format == "csv" {
        let file = private_files::create(out)
            .map_err(|e| CliError::Message(format!("cannot create {}: {e}", out.display())))?;
        let mut csv = people_export::CsvExport::new(std::io::BufWriter::new(file))?;
        while let Some(rows) = export.next_page().await? {
            csv.write(&rows, &names)?;
        }
        std::io::Write::flush(csv.buffer())
            .map_err(|e| CliError::Message(format!("writing {}: {e}", out.display())))?;
    } else {
        let mut xlsx = people_export::XlsxExport::new()?;
        while let Some(rows) = export.next_page().await? {
            xlsx.write(&rows, &names)?;
        }
        xlsx.save(out)?;
    }
    Ok(export.count)
}

fn read_password() -> Result<String, CliError> {
    if let Ok(p) = std::env::var("JINGUO_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Message(format!("cannot read the password: {e}")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn serve(
    config: &Config,
    listen: &str,
    demo: bool,
    proxies: jinguo_web::TrustedProxies,
) -> Result<(), CliError> {
    let addr: SocketAddr = listen.parse().map_err(|_| {
        CliError::Message(format!(
            "--listen {listen:?} is not an address like 127.0.0.1:8080"
        ))
    })?;
    let _lock = startup::lock_data_dir(config)?;
    let app = startup::open(config).await?;
    // Uploads a stopped server was importing hold personal data: none outlives its server.
    if let Err(e) = jinguo_app::import::clear_spool(&app) {
        tracing::warn!(error = %e, "could not clear the upload spool");
    }
    if let Some(password) =
        startup::ensure_admin(&app, std::env::var("JINGUO_ADMIN_PASSWORD").ok().as_deref()).await?
    {
        eprintln!("created the user admin with the password: {password}");
        eprintln!("(shown once: write it down, then change it after signing in)");
    }
    if demo {
        startup::load_demo(&app).await?;
    }
    spawn_session_sweeper(app.clone());
    let shutdown = shutdown_signal();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| CliError::Message(format!("cannot listen on {addr}: {e}")))?;
    let bound = listener.local_addr().unwrap_or(addr);
    eprintln!("listening on http://{bound}");
    let router = jinguo_web::router_behind(app.clone(), proxies);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(|e| CliError::Message(format!("server error: {e}")))?;
    startup::close(&app).await;
    Ok(())
}

/// Deletes idle sessions every few minutes so the table only holds live ones.
fn spawn_session_sweeper(app: jinguo_app::App) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            tick.tick().await;
            let cutoff = app.now() - auth::SESSION_IDLE_MS;
            if let Err(e) =
                jinguo_db::accounts::delete_sessions_idle_since(&mut app.db.ex(), cutoff).await
            {
                tracing::warn!(error = %e, "session sweep failed");
            }
        }
    });
}

/// Resolves on SIGTERM or Ctrl-C. The handlers are registered here, before the server says it
/// is listening, so a signal sent right after that line is never missed.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let (mut terminate, mut interrupt) = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::terminate()).ok(),
            signal(SignalKind::interrupt()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let term = async {
                match terminate.as_mut() {
                    Some(s) => s.recv().await,
                    None => std::future::pending().await,
                }
            };
            let int = async {
                match interrupt.as_mut() {
                    Some(s) => s.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = term => {},
                _ = int => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down after in-flight requests");
    }
}

/// `jinguo token create | list | revoke`.
async fn token_command(app: &jinguo_app::App, command: TokenCommand) -> Result<(), CliError> {
    let no_user = |username: &str| {
        let username = username.to_owned();
        move |e: AppError| match e {
            AppError::NotFound => CliError::Message(format!("no user named {username}")),
            other => other.into(),
        }
    };
    match command {
        TokenCommand::Create {
            username,
            label,
            days,
        } => {
            let token = tokens::create(app, &username, &label, days, &Origin::cli())
                .await
                .map_err(no_user(&username))?;
            println!("{token}");
        }
        TokenCommand::List { username } => {
            let list = tokens::list_by_username(app, &username)
                .await
                .map_err(no_user(&username))?;
            for v in list {
                let line = serde_json::json!({
                    "id": v.token.id,
                    "label": v.token.label,
                    "created_at": iso_time(v.token.created_at),
                    "expires_at": iso_time(v.token.expires_at),
                    "last_used": v.token.last_used.map(iso_time),
                    "status": v.status.as_str(),
                });
                println!("{line}");
            }
        }
        TokenCommand::Revoke {
            username,
            all,
            label,
        } => {
            // clap makes `--all` and `--label` exclusive and one of them required.
            let which = match (&label, all) {
                (Some(label), _) => TokenSelection::Label(label),
                (None, _) => TokenSelection::All,
            };
            let revoked = tokens::revoke_by_username(app, &username, which, &Origin::cli())
                .await
                .map_err(no_user(&username))?;
            if revoked == 0 {
                let labelled = label.map(|l| format!(" labelled {l}")).unwrap_or_default();
                return Err(CliError::Message(format!(
                    "{username} has no live token{labelled}"
                )));
            }
            println!("revoked {revoked}");
        }
    }
    Ok(())
}

/// A time for scripts: RFC 3339 in UTC.
fn iso_time(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
