//! The hash-chained audit log: recorded events, the admin listing, and `audit verify`
//! catching rows changed or deleted behind the application's back.

use crate::common::*;
use serde_json::json;

async fn app_with_events() -> TestApp {
    let app = spawn_app().await;
    app.client()
        .post(
            "/api/v1/login",
            json!({ "username": "admin", "password": "Wr-ong#2026pass" }),
        )
        .await;
    app.admin().await;
    app.add_user("chair", "community", "350503001001", "Ch-air#2026pass")
        .await;
    app
}

fn verify(app: &TestApp) -> (bool, String, String) {
    let output = app.cli(&["audit", "verify"], &[]);
    (output.status.success(), stdout(&output), stderr(&output))
}

#[tokio::test]
async fn logins_failures_and_user_changes_are_recorded() {
    let app = app_with_events().await;
    let events = app.admin().await.get("/api/v1/audit?per_page=200").await;
    assert_eq!(events.status, 200);
    let actions: Vec<&str> = events.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for expected in ["login", "login_failed", "user_create"] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    let failed = events.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == "login_failed")
        .expect("failure");
    assert_eq!(failed["ip"], "127.0.0.1");
    assert_eq!(failed["detail"]["reason"], "wrong_password");
}

#[tokio::test]
async fn the_audit_list_filters_by_action_and_actor() {
    let app = app_with_events().await;
    let admin = app.admin().await;
    let logins = admin.get("/api/v1/audit?action=login_failed").await;
    assert_eq!(logins.body["total"], 1);
    let by_admin = admin
        .get("/api/v1/audit?actor=admin&action=user_create")
        .await;
    assert_eq!(by_admin.body["total"], 1);
    let bad_date = admin.get("/api/v1/audit?from=2026-02-30").await;
    assert_eq!(
        (bad_date.status, bad_date.body["error"]["field"].as_str()),
        (422, Some("from"))
    );
}

#[tokio::test]
async fn an_intact_log_verifies() {
    let app = app_with_events().await;
    let (ok, out, err) = verify(&app);
    assert!(ok, "{err}");
    assert!(
        out.trim().starts_with("ok ") && out.trim().ends_with(" events"),
        "{out}"
    );
    let count: i64 = out
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("count");
    assert!(count >= 4, "{out}");
}

#[tokio::test]
async fn a_changed_row_breaks_the_chain_at_that_event() {
    let app = app_with_events().await;
    raw_sql(
        &app,
        "UPDATE audit_events SET actor = 'someone_else' WHERE seq = 2",
    )
    .await;
    let (ok, _, err) = verify(&app);
    assert!(!ok);
    assert!(err.contains("event 2"), "{err}");
}

#[tokio::test]
async fn a_deleted_row_breaks_the_chain() {
    let app = app_with_events().await;
    raw_sql(&app, "DELETE FROM audit_events WHERE seq = 2").await;
    let (ok, _, err) = verify(&app);
    assert!(!ok);
    assert!(err.contains("event 2"), "{err}");
}

#[tokio::test]
async fn deleting_the_newest_rows_is_noticed_too() {
    let app = app_with_events().await;
    raw_sql(
        &app,
        "DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)",
    )
    .await;
    let (ok, _, err) = verify(&app);
    assert!(!ok, "the head kept beside the log remembers the last event");
    assert!(err.contains("audit chain broken"), "{err}");
}

#[tokio::test]
async fn only_admins_read_the_audit_log() {
    let app = app_with_events().await;
    let chair = app.login("chair", "Ch-air#2026pass").await;
    assert_eq!(chair.get("/api/v1/audit").await.status, 403);
}
