//! A consistent copy of the database while the server runs, and its restore into an empty
//! data directory. SQLite copies with `VACUUM INTO` (a transactionally consistent snapshot);
//! PostgreSQL deployments use pg_dump, whose tooling already does this well.
//!
//! Files kept beside the database (case attachments, written once and never changed) are
//! copied after the snapshot into `OUT.files/`, so every file the snapshot names is there.

use crate::{private_files, AppError};
use jinguo_db::Db;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "backups of a PostgreSQL database are made with pg_dump (and restored with pg_restore)"
    )]
    PostgresUsesPgDump,
    #[error("{0} already exists; choose a new file name")]
    TargetExists(String),
    #[error(
        "the data directory already holds a database ({0}); restore into an empty data directory"
    )]
    NotEmpty(String),
    #[error("{0} is not a jinguo database backup: {1}")]
    NotABackup(String, String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    App(#[from] AppError),
}

/// Where a backup keeps the data directory's files: beside it, `copy.db` → `copy.db.files`.
pub fn files_beside(backup_file: &Path) -> std::path::PathBuf {
    let mut name = backup_file.as_os_str().to_owned();
    name.push(".files");
    name.into()
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<u64> {
    private_files::create_dir_all(to)?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copied += copy_tree(&entry.path(), &target)?;
        } else {
            private_files::copy(&entry.path(), &target)?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// Copies the database to `out` and the data directory's files to `OUT.files/`.
pub async fn backup(db: &Db, out: &Path, files_dir: &Path) -> Result<(), BackupError> {
    backup_database(db, out).await?;
    if files_dir.is_dir() {
        copy_tree(files_dir, &files_beside(out))?;
    }
    Ok(())
}

async fn backup_database(db: &Db, out: &Path) -> Result<(), BackupError> {
    if matches!(db, Db::Pg(_)) {
        return Err(BackupError::PostgresUsesPgDump);
    }
    if out.exists() {
        return Err(BackupError::TargetExists(out.display().to_string()));
    }
    let target = out
        .to_str()
        .ok_or_else(|| BackupError::TargetExists(out.display().to_string()))?;
    // VACUUM INTO writes into an empty file as it finds it: made 0600 first (in a 0700
    // directory when the backup's directory is new).
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_files::create_dir_all(dir)?;
    }
    private_files::create_new(out)?;
    let copied = db.vacuum_into(target).await;
    if let Err(e) = copied {
        // Not a half-made backup left behind under the name the operator chose.
        std::fs::remove_file(out).ok();
        return Err(AppError::from(e).into());
    }
    Ok(())
}

/// Copies a backup file to `db_path` after checking it is a readable jinguo database, and the
/// files saved beside it into `files_dir`.
pub async fn restore(
    backup_file: &Path,
    db_path: &Path,
    files_dir: &Path,
) -> Result<(), BackupError> {
    restore_database(backup_file, db_path).await?;
    let files = files_beside(backup_file);
    if files.is_dir() {
        copy_tree(&files, files_dir)?;
    }
    Ok(())
}

async fn restore_database(backup_file: &Path, db_path: &Path) -> Result<(), BackupError> {
    if db_path.exists() {
        return Err(BackupError::NotEmpty(db_path.display().to_string()));
    }
    let name = backup_file.display().to_string();
    let check = Db::open_sqlite_readonly(backup_file)
        .await
        .map_err(|e| BackupError::NotABackup(name.clone(), e.to_string()))?;
    let integrity = check.integrity_check().await;
    let versions = jinguo_db::schema::applied_count(&check).await;
    check.close().await;
    match (integrity, versions) {
        (Ok(ok), Ok(_)) if ok == "ok" => {}
        (Ok(problem), Ok(_)) => return Err(BackupError::NotABackup(name, problem)),
        (Err(e), _) | (_, Err(e)) => return Err(BackupError::NotABackup(name, e.to_string())),
    }
    let partial = db_path.with_extension("db.restoring");
    private_files::copy(backup_file, &partial)?;
    std::fs::rename(&partial, db_path)?;
    Ok(())
}
