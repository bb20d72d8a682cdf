//! The master key: created private on first start, required and checked afterwards.

use crate::common::*;

#[tokio::test]
async fn the_key_file_is_created_with_mode_0600() {
    let app = spawn_app().await;
    let path = app.config.data_dir.join("master.key");
    let text = std::fs::read_to_string(&path).expect("key file");
    assert_eq!(text.trim().len(), 64);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777,
        0o600
    );
}

#[tokio::test]
async fn a_missing_key_refuses_to_start() {
    let app = spawn_app().await;
    std::fs::remove_file(app.config.data_dir.join("master.key")).expect("remove");
    let output = app.cli(&["migrate"], &[]);
    assert_cli_failed(&output, "no master key was found");
}

#[tokio::test]
async fn a_wrong_key_refuses_to_start() {
    let app = spawn_app().await;
    let wrong = "ab".repeat(32);
    let output = app.cli(&["migrate"], &[("JINGUO_MASTER_KEY", &wrong)]);
    assert_cli_failed(&output, "does not match this database");
    let malformed = app.cli(&["migrate"], &[("JINGUO_MASTER_KEY", "xyz")]);
    assert!(
        stderr(&malformed).contains("malformed"),
        "{}",
        stderr(&malformed)
    );
}

#[tokio::test]
async fn a_key_from_the_environment_creates_no_key_file() {
    let config = jinguo::startup::Config {
        master_key: Some("cd".repeat(32)),
        ..fresh_config("envkey").await
    };
    let app = spawn_with(config).await;
    assert!(!app.config.data_dir.join("master.key").exists());
    let output = app.cli(&["migrate"], &[("JINGUO_MASTER_KEY", &"cd".repeat(32))]);
    assert!(output.status.success(), "{}", stderr(&output));
}
