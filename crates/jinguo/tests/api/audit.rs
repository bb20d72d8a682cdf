//! The keyed audit chain: recorded events, the audit administrator's listing, and
//! `audit verify` catching rows changed, deleted or re-forged behind the application's back.

use crate::common::*;
use jinguo_db::audit::{self as store, Event, CHAIN_PLAIN, GENESIS_HASH};
use serde_json::json;
use sha2::{Digest, Sha256};

async fn app_with_events() -> TestApp {
    let app = spawn_app().await;
    app.try_login("admin", "Wr-ong#2026pass").await;
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
    let events = app.auditor().await.get("/api/v1/audit?per_page=200").await;
    assert_eq!(events.status, 200);
    let actions = strings(&events.body["items"], "action");
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
    let admin = app.auditor().await;
    let logins = admin.get("/api/v1/audit?action=login_failed").await;
    assert_eq!(logins.body["total"], 1);
    let by_admin = admin
        .get("/api/v1/audit?actor=security&action=user_create")
        .await;
    assert_eq!(by_admin.body["total"], 1);
    let bad_date = admin.get("/api/v1/audit?from=2026-02-30").await;
    bad_date.assert_invalid_field("from");
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
async fn only_the_audit_administrator_reads_the_audit_log() {
    let app = app_with_events().await;
    let chair = app.login("chair", "Ch-air#2026pass").await;
    assert_eq!(chair.get("/api/v1/audit").await.status, 403);
}

/// What an attacker with write access to the database but without the master key can do: take
/// the log from `from_seq` on, change what they like, and recompute every later hash with the
/// plain SHA-256 of the old, unkeyed chain (the head beside the log too).
async fn reforge_from(app: &TestApp, from_seq: i64, chain: i64, edit: impl Fn(&mut Event)) {
    let db = &app.app.db;
    let events = store::page_from(&mut db.ex(), 0, 100_000)
        .await
        .expect("events");
    raw_sql(
        app,
        &format!("DELETE FROM audit_events WHERE seq >= {from_seq}"),
    )
    .await;
    let mut prev = GENESIS_HASH.to_owned();
    for mut event in events {
        if event.seq < from_seq {
            prev = event.hash.clone();
            continue;
        }
        if event.seq == from_seq {
            edit(&mut event);
        }
        event.prev_hash = prev.clone();
        event.chain = chain;
        let canonical = json!([
            event.prev_hash,
            event.seq,
            event.at,
            event.actor_id,
            event.actor,
            event.ip,
            event.action,
            event.entity,
            event.entity_id,
            event.unit_code,
            event.detail
        ]);
        event.hash = hex::encode(Sha256::digest(canonical.to_string().as_bytes()));
        store::insert(&mut db.ex(), &event).await.expect("insert");
        prev = event.hash.clone();
    }
}

fn audit_head(app: &TestApp) -> String {
    let output = app.cli(&["audit", "head"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output).trim().to_owned()
}

#[tokio::test]
async fn a_rewritten_event_with_every_later_hash_recomputed_breaks_the_keyed_chain() {
    let app = app_with_events().await;
    reforge_from(&app, 2, 2, |e| e.actor = "someone_else".into()).await;
    let (ok, _, err) = verify(&app);
    assert!(!ok, "a plain hash cannot pass for the keyed MAC");
    assert!(err.contains("event 2"), "{err}");
}

#[tokio::test]
async fn a_rewritten_event_passed_off_as_the_old_plain_chain_breaks_it_too() {
    let app = app_with_events().await;
    reforge_from(&app, 2, CHAIN_PLAIN, |e| e.actor = "someone_else".into()).await;
    let (ok, _, err) = verify(&app);
    assert!(!ok, "events after keyed_from must be keyed");
    assert!(err.contains("event 2"), "{err}");
}

#[tokio::test]
async fn an_exported_head_catches_a_log_rewritten_from_its_start_as_the_plain_chain() {
    let app = app_with_events().await;
    let head = audit_head(&app);
    let (seq, mac) = head.split_once(':').expect("SEQ:MAC");
    assert!(seq.parse::<i64>().expect("seq") >= 4, "{head}");
    assert_eq!(mac.len(), 64, "{head}");
    let ok_with_head = app.cli(&["audit", "verify", "--head", &head], &[]);
    assert!(ok_with_head.status.success(), "{}", stderr(&ok_with_head));
    // The attacker also moves the start of the keyed chain past the end, so the whole log reads
    // as an upgraded database's plain chain: only the head kept off the machine tells.
    reforge_from(&app, 1, CHAIN_PLAIN, |e| e.actor = "someone_else".into()).await;
    raw_sql(&app, "UPDATE audit_head SET keyed_from = seq + 1").await;
    let output = app.cli(&["audit", "verify", "--head", &head], &[]);
    assert_cli_failed(&output, &format!("event {seq}: exported head mismatch"));
}

#[tokio::test]
async fn an_exported_head_stays_valid_as_the_log_grows_and_a_cut_back_log_fails_it() {
    let app = app_with_events().await;
    let head = audit_head(&app);
    app.admin().await;
    let output = app.cli(&["audit", "verify", "--head", &head], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (seq, _) = head.split_once(':').expect("SEQ:MAC");
    raw_sql(
        &app,
        &format!("DELETE FROM audit_events WHERE seq >= {seq}"),
    )
    .await;
    let cut_to = seq.parse::<i64>().expect("seq") - 1;
    raw_sql(
        &app,
        &format!(
            "UPDATE audit_head SET seq = {cut_to}, hash = (SELECT hash FROM audit_events WHERE seq = {cut_to})"
        ),
    )
    .await;
    assert!(verify(&app).0, "the cut-back chain is consistent in itself");
    let output = app.cli(&["audit", "verify", "--head", &head], &[]);
    assert_cli_failed(&output, "exported head missing");
    let bad = app.cli(&["audit", "verify", "--head", "12:nothex"], &[]);
    assert_cli_failed(&bad, "--head");
}

#[tokio::test]
async fn a_password_typed_as_a_username_never_reaches_the_audit_log() {
    let app = spawn_app().await;
    let typed = "Secret#Typed2026";
    app.try_login(typed, "x").await;
    app.try_login("admin", "Wrong#2026pass").await;
    let events = store::page_from(&mut app.app.db.ex(), 0, 1000)
        .await
        .expect("events");
    let failures: Vec<&Event> = events
        .iter()
        .filter(|e| e.action == "login_failed")
        .collect();
    assert_eq!(failures.len(), 2, "both failures are recorded");
    for event in &events {
        let row = format!("{event:?}");
        assert!(!row.contains("Secret#Typed"), "{row}");
    }
    assert!(
        failures.iter().any(|e| e.actor == "admin"),
        "a known username is still recorded"
    );
}
