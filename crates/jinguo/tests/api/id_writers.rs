//! Processes writing to one database at once (the server, CLI commands, a cluster's servers)
//! never make the same id: each holds its own writer number on a lease (`jinguo_app::ids`).

use crate::common::*;
use jinguo::startup;
use jinguo_app::ids;

/// How many writer numbers were ever taken on the database of `app`.
async fn holders(app: &TestApp) -> i64 {
    sql_count(app, "SELECT COUNT(*) FROM id_writers").await
}

#[tokio::test]
async fn processes_open_on_one_database_hold_different_writer_numbers() {
    let server = spawn_app().await;
    let other = startup::open(&server.config)
        .await
        .expect("a second process");
    assert_ne!(server.app.ids.writer(), other.ids.writer());
    // In the same millisecond, the two make different ids.
    let at = server.app.now();
    let theirs: Vec<i64> = (0..1_000).map(|_| other.ids.next(at)).collect();
    let ours: Vec<i64> = (0..1_000).map(|_| server.app.ids.next(at)).collect();
    assert!(theirs.iter().all(|id| !ours.contains(id)));

    // Its number, given back, is the next process's, whose ids start after the last ones made
    // under it.
    let given_back = other.ids.writer();
    startup::close(&other).await;
    let next = startup::open(&server.config)
        .await
        .expect("a third process");
    assert_eq!(next.ids.writer(), given_back);
    let first = next.ids.next(at);
    assert!(theirs.iter().all(|id| first > *id));
    startup::close(&next).await;
    assert_eq!(holders(&server).await, 2, "two numbers were ever taken");
}

#[tokio::test]
async fn a_lease_that_ran_out_is_taken_over_and_its_holder_moves_to_another_number() {
    let server = spawn_app().await;
    let stalled = startup::open(&server.config).await.expect("a process");
    let number = stalled.ids.writer();
    // The process stalled past its lease: nobody renewed it.
    server
        .app
        .db
        .ex()
        .execute(
            jinguo_db::sql("UPDATE id_writers SET expires_at = 0 WHERE writer = $1").bind(number),
        )
        .await
        .expect("expire the lease");
    let newcomer = startup::open(&server.config).await.expect("a newcomer");
    assert_eq!(newcomer.ids.writer(), number, "the lapsed number is free");
    assert!(ids::renew_writer(&stalled).await.expect("renew"));
    assert_ne!(stalled.ids.writer(), number, "the stalled process moved on");
    assert_ne!(stalled.ids.writer(), server.app.ids.writer());
    startup::close(&stalled).await;
    startup::close(&newcomer).await;
}

#[tokio::test]
async fn every_cli_command_gives_its_writer_number_back() {
    let server = spawn_app().await;
    for _ in 0..3 {
        let output = server.cli(&["migrate"], &[]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert_eq!(
        holders(&server).await,
        2,
        "the server's number and one the commands took in turn"
    );
    let held = sql_count(
        &server,
        "SELECT COUNT(*) FROM id_writers WHERE expires_at > (SELECT MIN(expires_at) FROM id_writers)",
    )
    .await;
    assert_eq!(held, 1, "only the server still holds its number");
}
