//! Files at rest: the database, its WAL and SHM, backups, the key file and case attachments
//! are readable by the server's account only (0600 in 0700 directories); a restore that fails
//! leaves the data directory exactly as it was.

use crate::backup::attach_a_file;
use crate::common::*;
use jinguo::startup::Config;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// Every directory under `root` (itself included) and every file in them, with its mode.
fn modes_under(root: &Path) -> Vec<(PathBuf, u32)> {
    let mut found = vec![(root.to_owned(), mode(root))];
    for entry in std::fs::read_dir(root).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(modes_under(&path));
        } else {
            found.push((path.clone(), mode(&path)));
        }
    }
    found
}

fn assert_private(root: &Path) {
    for (path, mode) in modes_under(root) {
        let expected = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode, expected, "{} is {mode:o}", path.display());
    }
}

/// What a directory holds, names and bytes, to compare before and after.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    if !root.exists() {
        return Vec::new();
    }
    let mut files: Vec<_> = modes_under(root)
        .into_iter()
        .map(|(path, _)| {
            let bytes = std::fs::read(&path).unwrap_or_default();
            (path, bytes)
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn the_database_wal_backups_key_and_attachments_are_readable_by_the_owner_only() {
    let mut config = fresh_config("modes").await;
    config.data_dir = config.data_dir.join("data");
    let app = spawn_with(config).await;
    app.add_user("kept", "community", "350503001001", "Ke-pt#2026pass")
        .await;
    attach_a_file(&app).await;
    let data = &app.config.data_dir;
    assert!(data.join("master.key").exists() && data.join("files").is_dir());
    if !engine_is_postgres() {
        assert!(data.join("jinguo.db-wal").exists(), "the WAL is open");
    }
    assert_private(data);

    if engine_is_postgres() {
        return;
    }
    let backups = temp_dir("modes-backup").join("kept");
    let out = backups.join("copy.db");
    let made = app.cli(&["backup", out.to_str().expect("path")], &[]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert_private(&backups);
}

#[tokio::test]
async fn a_restore_with_a_wrong_or_missing_key_leaves_the_data_dir_as_it_was() {
    if engine_is_postgres() {
        return;
    }
    let app = spawn_app().await;
    app.add_user("kept", "community", "350503001001", "Ke-pt#2026pass")
        .await;
    attach_a_file(&app).await;
    let out = temp_dir("backup").join("copy.db");
    let backup = out.to_str().expect("path");
    assert!(app.cli(&["backup", backup], &[]).status.success());
    let key = std::fs::read_to_string(app.config.data_dir.join("master.key")).expect("key");

    let parent = temp_dir("restore-target");
    let target = Config {
        data_dir: parent.join("data"),
        database_url: None,
        master_key: None,
    };
    let wrong = "ab".repeat(32);
    for (case, env) in [
        ("no key", vec![]),
        ("a wrong key", vec![("JINGUO_MASTER_KEY", wrong.as_str())]),
    ] {
        let output = run_cli(&target, &["restore", backup], &env);
        assert!(!output.status.success(), "{case}");
        assert!(!target.data_dir.exists(), "{case}: no data dir left behind");
    }

    // A data directory that exists (with the operator's notes in it) stays byte for byte.
    std::fs::create_dir_all(&target.data_dir).expect("dir");
    std::fs::write(target.data_dir.join("README.txt"), "restore here").expect("note");
    let before = snapshot(&target.data_dir);
    let output = run_cli(
        &target,
        &["restore", backup],
        &[("JINGUO_MASTER_KEY", &wrong)],
    );
    assert_cli_failed(&output, "key");
    assert_eq!(snapshot(&target.data_dir), before);

    let output = run_cli(
        &target,
        &["restore", backup],
        &[("JINGUO_MASTER_KEY", key.trim())],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(target.data_dir.join("jinguo.db").exists());
    assert!(
        target.data_dir.join("files").is_dir(),
        "the attachments too"
    );
    assert!(!target.data_dir.join(".restoring").exists());
}
