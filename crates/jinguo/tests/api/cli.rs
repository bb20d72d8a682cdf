//! The command line as operators use it: clear refusals, the first-start admin password, one
//! server per data directory, a clean exit on SIGTERM.

use crate::common::*;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

#[tokio::test]
async fn user_add_refuses_unknown_roles_units_and_weak_passwords_with_the_rule() {
    let app = spawn_app().await;
    let good = [("JINGUO_PASSWORD", "St-rong#2026x")];
    for (args, env, expected) in [
        (
            vec![
                "--username",
                "a1",
                "--role",
                "boss",
                "--unit",
                "350503000000",
            ],
            good,
            "Unknown role: boss",
        ),
        (
            vec![
                "--username",
                "a2",
                "--role",
                "street",
                "--unit",
                "350503999000",
            ],
            good,
            "Unknown unit: 350503999000",
        ),
        (
            vec![
                "--username",
                "a3",
                "--role",
                "street",
                "--unit",
                "350503001000",
            ],
            [("JINGUO_PASSWORD", "short")],
            "at least 8 characters",
        ),
        (
            vec![
                "--username",
                "a4",
                "--role",
                "street",
                "--unit",
                "350503001000",
            ],
            [("JINGUO_PASSWORD", "alllowercase")],
            "at least 3 of",
        ),
    ] {
        let mut full = vec!["user", "add"];
        full.extend(args);
        let output = app.cli(&full, &env);
        assert!(!output.status.success(), "{expected}");
        let err = stderr(&output);
        assert!(err.contains(expected), "{expected} in {err}");
        assert_eq!(err.trim().lines().count(), 1, "one-line reason: {err}");
    }
}

#[tokio::test]
async fn user_add_reads_the_password_from_stdin() {
    let app = spawn_app().await;
    let mut command = Command::new(env!("CARGO_BIN_EXE_jinguo"));
    command
        .args([
            "user",
            "add",
            "--username",
            "typed",
            "--role",
            "viewer",
            "--unit",
            "350503000000",
            "--name",
            "王芳",
        ])
        .env("JINGUO_DATA_DIR", &app.config.data_dir)
        .env_remove("JINGUO_PASSWORD")
        .env_remove("JINGUO_MASTER_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(url) = &app.config.database_url {
        command.env("JINGUO_DATABASE_URL", url);
    } else {
        command.env_remove("JINGUO_DATABASE_URL");
    }
    let mut child = command.spawn().expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"Ty-ped#2026pass\n")
        .expect("write");
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success(), "{}", stderr(&output));
    app.login("typed", "Ty-ped#2026pass").await;
}

fn spawn_server(config: &jinguo::startup::Config, admin_password: Option<&str>) -> (Child, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jinguo"));
    command
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("JINGUO_DATA_DIR", &config.data_dir)
        .env_remove("JINGUO_MASTER_KEY")
        .env("JINGUO_LOG", "warn")
        .stderr(Stdio::piped())
        .stdout(Stdio::null());
    match &config.database_url {
        Some(url) => command.env("JINGUO_DATABASE_URL", url),
        None => command.env_remove("JINGUO_DATABASE_URL"),
    };
    match admin_password {
        Some(p) => command.env("JINGUO_ADMIN_PASSWORD", p),
        None => command.env_remove("JINGUO_ADMIN_PASSWORD"),
    };
    let mut child = command.spawn().expect("spawn serve");
    let mut reader = BufReader::new(child.stderr.take().expect("stderr"));
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).expect("read") == 0 {
            panic!("serve exited early: {seen}");
        }
        seen.push_str(&line);
        if line.starts_with("listening on http://") {
            break;
        }
    }
    (child, seen)
}

fn terminate(child: Child) -> std::process::ExitStatus {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    child.wait_with_output().expect("wait").status
}

#[tokio::test]
async fn first_start_prints_a_generated_admin_password_once() {
    let config = fresh_config("serve").await;
    let (child, seen) = spawn_server(&config, None);
    let password = seen
        .lines()
        .find_map(|l| l.strip_prefix("created the user admin with the password: "))
        .expect("password printed")
        .to_owned();
    let addr = seen
        .lines()
        .find_map(|l| l.strip_prefix("listening on http://"))
        .expect("addr")
        .trim()
        .to_owned();
    let reply = reqwest::Client::new()
        .post(format!("http://{addr}/api/v1/login"))
        .json(&serde_json::json!({ "username": "admin", "password": password }))
        .send()
        .await
        .expect("login");
    assert_eq!(reply.status(), 200);
    assert!(terminate(child).success(), "SIGTERM ends serve with exit 0");
    let (again, seen) = spawn_server(&config, None);
    assert!(
        !seen.contains("created the user admin"),
        "only on an empty database"
    );
    assert!(terminate(again).success());
}

#[tokio::test]
async fn a_second_server_on_the_same_data_dir_is_refused() {
    let config = fresh_config("twice").await;
    let (first, _) = spawn_server(&config, Some(ADMIN_PASSWORD));
    let output = run_cli(&config, &["serve", "--listen", "127.0.0.1:0"], &[]);
    assert_cli_failed(&output, "already running");
    assert!(terminate(first).success());
}

#[tokio::test]
async fn a_weak_admin_password_is_refused_at_first_start() {
    let config = fresh_config("weakadmin").await;
    let output = run_cli(
        &config,
        &["serve", "--listen", "127.0.0.1:0"],
        &[("JINGUO_ADMIN_PASSWORD", "admin")],
    );
    assert_cli_failed(&output, "too weak");
}

#[tokio::test]
async fn help_reads_well() {
    let output = run_cli(&fresh_config("help").await, &["--help"], &[]);
    let text = stdout(&output);
    for command in [
        "serve", "migrate", "units", "user", "token", "backup", "restore", "audit",
    ] {
        assert!(text.contains(command), "{command} in {text}");
    }
    assert!(text.contains("--data-dir") && text.contains("JINGUO_DATA_DIR"));
}

#[tokio::test]
async fn migrate_is_repeatable() {
    let app = spawn_app().await;
    for _ in 0..2 {
        let output = app.cli(&["migrate"], &[]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let applied: Vec<i64> = sql_rows(
        &app,
        "SELECT version FROM schema_migrations ORDER BY version",
    )
    .await
    .iter()
    .map(|r| r.get_index(0).expect("version"))
    .collect();
    assert_eq!(applied, jinguo_db::schema::versions());
}

#[tokio::test]
async fn gen_data_cases_writes_sealed_cases_that_the_api_lists() {
    let app = spawn_app().await;
    let output = app.cli(&["gen-data", "cases", "--count", "50", "--seed", "7"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary: serde_json::Value =
        serde_json::from_str(stdout(&output).trim().lines().last().expect("summary"))
            .expect("a JSON summary");
    assert_eq!(summary["cases"], 50);
    assert_eq!(
        summary["rights"].as_u64().expect("rights") + summary["enterprise"].as_u64().expect("e"),
        50
    );
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM cases").await, 50);
    assert_eq!(
        sql_count(
            &app,
            "SELECT COUNT(*) FROM case_events WHERE kind = 'created'"
        )
        .await,
        50
    );
    assert_eq!(
        sql_count(&app, "SELECT COUNT(*) FROM cases WHERE restricted = TRUE").await,
        summary["restricted"].as_i64().expect("restricted")
    );
    assert_eq!(
        sql_count(&app, "SELECT COUNT(DISTINCT code) FROM cases").await,
        50,
        "codes are unique"
    );
    // The handlers it created hold the assigned cases.
    assert_eq!(
        sql_count(
            &app,
            "SELECT COUNT(*) FROM cases c WHERE c.status <> 'new' AND c.handler_id NOT IN \
             (SELECT id FROM users WHERE username LIKE 'gen-%')"
        )
        .await,
        0
    );

    let fed = app
        .user_with_password("fed", "federation", "350503000000", "Fe-deration#2026")
        .await;
    let list = fed.get("/api/v1/cases?per_page=200").await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.body["total"], 50);
    let items = list.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 50);
    let first = &items[0];
    assert!(first["code"].as_str().expect("code").len() >= 11);
    // The narrative was sealed with the installation's key: the case page opens it.
    let page = fed.get(&format!("/api/v1/cases/{}", first["id"])).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        !page.body["narrative"].as_str().unwrap_or("").is_empty(),
        "{}",
        page.text
    );
    let closed = fed.get("/api/v1/cases?status=closed&per_page=1").await;
    assert!(closed.body["total"].as_i64().expect("total") > 0);
    let overdue = fed.get("/api/v1/cases/overdue/count").await;
    assert_eq!(overdue.status, 200, "{}", overdue.text);

    // A second run reuses the handlers and continues the case numbers.
    let users = sql_count(&app, "SELECT COUNT(*) FROM users").await;
    let again = app.cli(&["gen-data", "cases", "--count", "10", "--seed", "7"], &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM users").await, users);
    assert_eq!(
        sql_count(&app, "SELECT COUNT(DISTINCT code) FROM cases").await,
        60
    );
}
