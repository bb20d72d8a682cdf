//! Backup while serving, and restore into an empty data directory.

use crate::common::*;

#[tokio::test]
async fn a_backup_made_while_serving_restores_the_same_data() {
    let app = spawn_app().await;
    app.add_user("kept", "community", "350503001001", "Ke-pt#2026pass")
        .await;
    let attachment = attach_a_file(&app).await;
    let out = temp_dir("backup").join("copy.db");
    let output = app.cli(&["backup", out.to_str().expect("path")], &[]);
    if engine_is_postgres() {
        assert_cli_failed(&output, "pg_dump");
        return;
    }
    assert!(output.status.success(), "{}", stderr(&output));
    let key = std::fs::read_to_string(app.config.data_dir.join("master.key")).expect("key");
    let restored = jinguo::startup::Config {
        data_dir: temp_dir("restored"),
        database_url: None,
        master_key: None,
    };
    let key_env = [("JINGUO_MASTER_KEY", key.trim())];
    let output = run_cli(
        &restored,
        &["restore", out.to_str().expect("path")],
        &key_env,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let restored = jinguo::startup::Config {
        master_key: Some(key.trim().to_owned()),
        ..restored
    };
    let copy = spawn_with(restored).await;
    let users = copy.security_admin().await.get("/api/v1/users").await;
    let names = strings(&users.body["items"], "username");
    // "security" created "kept" before the backup (the test kit's security administrator).
    assert_eq!(names, vec!["admin", "kept", SECURITY_ADMIN]);
    assert!(copy.cli(&["audit", "verify"], &key_env).status.success());
    let kept = copy.login("kept", "Ke-pt#2026pass").await;
    let file = kept
        .http
        .get(copy.url(&attachment))
        .send()
        .await
        .expect("file");
    assert_eq!(
        file.status(),
        200,
        "case attachments come back with the backup"
    );
    assert_eq!(
        file.bytes().await.expect("bytes").as_ref(),
        b"%PDF-1.4 kept"
    );
}

/// A case with one attached file, by the community chair `kept`; returns the file's API path.
pub(crate) async fn attach_a_file(app: &TestApp) -> String {
    let chair = app.login("kept", "Ke-pt#2026pass").await;
    let case = chair
        .post(
            "/api/v1/cases",
            serde_json::json!({ "kind": "rights", "channel": "walk_in", "category": "employment",
                "unit_code": "350503001001", "narrative": "来访咨询" }),
        )
        .await;
    let id = case.body["id"].as_i64().expect("case");
    let boundary = "b0undary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 kept\r\n--{boundary}--\r\n"
    );
    let stored = chair
        .post_raw(
            &format!("/api/v1/cases/{id}/attachments"),
            &format!("multipart/form-data; boundary={boundary}"),
            body.into_bytes(),
        )
        .await;
    assert_eq!(stored.status, 201, "{}", stored.text);
    format!("/api/v1/cases/{id}/attachments/{}", stored.body["id"])
}

#[tokio::test]
async fn restore_refuses_a_data_dir_that_holds_a_database() {
    if engine_is_postgres() {
        return;
    }
    let app = spawn_app().await;
    let out = temp_dir("backup").join("copy.db");
    assert!(app
        .cli(&["backup", out.to_str().expect("path")], &[])
        .status
        .success());
    let output = app.cli(&["restore", out.to_str().expect("path")], &[]);
    assert_cli_failed(&output, "empty data directory");
}

#[tokio::test]
async fn restore_refuses_a_file_that_is_not_a_backup() {
    if engine_is_postgres() {
        return;
    }
    let junk = temp_dir("junk").join("junk.db");
    std::fs::write(&junk, b"not a database at all").expect("write");
    let target = jinguo::startup::Config {
        data_dir: temp_dir("restore"),
        database_url: None,
        master_key: None,
    };
    let output = run_cli(&target, &["restore", junk.to_str().expect("path")], &[]);
    assert_cli_failed(&output, "not a jinguo database backup");
    assert!(
        !target.data_dir.join("jinguo.db").exists(),
        "nothing half-written"
    );
}
