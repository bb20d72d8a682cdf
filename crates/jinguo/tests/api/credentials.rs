//! Issue #10, points 1, 7 and 12 and the forced change after a reset, each as the attack that
//! broke it: the concurrent login race, the flood from one address, the revoked token, the
//! token that outlived its password, the common password.

use crate::common::*;
use crate::pages::{hidden_csrf, page_login};
use jinguo_app::clock::MINUTE_MS;
use serde_json::json;

const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
const CHAIR_PASSWORD: &str = "Quiet#2026sea";

async fn login_status(client: &Client, username: &str, password: &str) -> (u16, String) {
    let reply = client.sign_in(username, password).await;
    let code = reply.body["error"]["code"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    (reply.status, code)
}

async fn count_audit(app: &TestApp, action: &str, reason: &str) -> i64 {
    sql_count_query(
        app,
        jinguo_db::sql("SELECT COUNT(*) FROM audit_events WHERE action = $1 AND detail LIKE $2")
            .bind(action)
            .bind(format!("%{reason}%")),
    )
    .await
}

// ---- point 1: lockout under concurrency ----

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_parallel_logins_check_at_most_five_passwords() {
    let app = spawn_app().await;
    app.add_user("chair", "community", "350503001001", CHAIR_PASSWORD)
        .await;
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..30 {
        let client = app.client();
        let password = if i == 17 {
            CHAIR_PASSWORD.to_owned()
        } else {
            format!("Wr-ong#2026x{i}")
        };
        attempts.spawn(async move { login_status(&client, "chair", &password).await });
    }
    let mut statuses = Vec::new();
    while let Some(result) = attempts.join_next().await {
        statuses.push(result.expect("attempt").0);
    }
    let checked = statuses.iter().filter(|&&s| s == 401 || s == 200).count();
    assert!(checked <= 5, "{checked} passwords checked: {statuses:?}");
    assert!(
        statuses.iter().all(|s| [200, 401, 423].contains(s)),
        "{statuses:?}"
    );
    let wrong_checked = count_audit(&app, "login_failed", "wrong_password").await;
    assert!(
        wrong_checked <= 5,
        "{wrong_checked} wrong passwords checked"
    );
    if !statuses.contains(&200) {
        let (status, code) = login_status(&app.client(), "chair", CHAIR_PASSWORD).await;
        assert_eq!(
            (status, code.as_str()),
            (423, "account_locked"),
            "the race ends with the account locked, even for the right password"
        );
    }
}

#[tokio::test]
async fn unknown_and_locked_usernames_answer_alike() {
    let app = spawn_app().await;
    app.add_user("chair", "community", "350503001001", CHAIR_PASSWORD)
        .await;
    let client = app.client();
    for username in ["chair", "ghost"] {
        for attempt in 1..=5 {
            assert_eq!(
                login_status(&client, username, "Wr-ong#2026pass").await,
                (401, "invalid_credentials".to_owned()),
                "{username}, attempt {attempt}"
            );
        }
        assert_eq!(
            login_status(&client, username, CHAIR_PASSWORD).await,
            (423, "account_locked".to_owned()),
            "{username} after five failures"
        );
    }
    assert_eq!(
        login_status(&client, " GHOST ", "x").await.0,
        423,
        "the username is normalized before counting"
    );
    let rows = sql_count(
        &app,
        "SELECT COUNT(*) FROM login_failures WHERE key LIKE '%ghost%' OR key LIKE '%chair%'",
    )
    .await;
    assert_eq!(
        rows, 0,
        "the counters keep a digest, not the typed username"
    );
}

#[tokio::test]
async fn one_address_flooding_failures_is_throttled_while_others_sign_in() {
    let app = spawn_app().await;
    app.add_user("chair", "community", "350503001001", CHAIR_PASSWORD)
        .await;
    let outsider = app.client_from("127.0.0.2");
    // Twenty failures spread over five names (four each: no name is locked).
    for n in 0..20 {
        let username = format!("victim{}", n % 5);
        assert_eq!(
            login_status(&outsider, &username, "Wr-ong#2026pass")
                .await
                .0,
            401,
            "failure {n}"
        );
    }
    for username in ["victim0", "admin", "chair"] {
        assert_eq!(
            login_status(&outsider, username, "Wr-ong#2026pass").await,
            (429, "too_many_attempts".to_owned()),
            "the flooding address is refused before any account is looked at"
        );
    }
    let office = app.client_from("127.0.0.3");
    assert_eq!(
        login_status(&office, "admin", ADMIN_PASSWORD).await.0,
        200,
        "other addresses sign in"
    );
    for attempt in 1..=5 {
        assert_eq!(
            login_status(&office, "chair", "Wr-ong#2026pass").await.0,
            401,
            "attempt {attempt}: the refused address did not count against chair"
        );
    }
    assert_eq!(
        login_status(&office, "chair", CHAIR_PASSWORD).await.0,
        423,
        "other addresses still count normally"
    );
    app.clock.advance_ms(15 * MINUTE_MS + 1);
    assert_eq!(
        login_status(&outsider, "chair", CHAIR_PASSWORD).await.0,
        200,
        "the throttle and the lock end after 15 minutes"
    );
}

#[tokio::test]
async fn failures_from_the_throttle_never_reach_the_password_check() {
    let app = spawn_app().await;
    let outsider = app.client_from("127.0.0.4");
    for n in 0..25 {
        login_status(&outsider, &format!("probe{n}"), "Wr-ong#2026pass").await;
    }
    let checked = count_audit(&app, "login_failed", "unknown_user").await;
    assert_eq!(checked, 20, "20 checked, then the address is refused");
    let refused = count_audit(&app, "login_failed", "too_many_attempts").await;
    assert_eq!(refused, 5);
}

/// Twenty sign-ins at once for `names`, from one client address; their statuses.
async fn parallel_logins(app: &TestApp, ip: &str, names: Vec<String>) -> Vec<u16> {
    let mut attempts = tokio::task::JoinSet::new();
    for name in names {
        let client = app.client_from(ip);
        attempts.spawn(async move { login_status(&client, &name, "Wr-ong#2026pass").await.0 });
    }
    let mut statuses = Vec::new();
    while let Some(result) = attempts.join_next().await {
        statuses.push(result.expect("attempt"));
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn password_hashing_runs_a_few_at_a_time() {
    let app = spawn_app().await;
    // Twenty distinct names (none reaches its own lock; the address reaches its limit with the
    // last): every one of them is hashed, and argon2id holds ~19 MB per hash in flight.
    let names = (0..20).map(|n| format!("nobody{n}")).collect();
    let statuses = parallel_logins(&app, "127.0.0.7", names).await;
    assert!(statuses.iter().all(|&s| s == 401), "{statuses:?}");
    let peak = jinguo_app::passwords::peak_hashes_in_flight();
    assert!((1..=4).contains(&peak), "{peak} hashes ran at once");
}

#[tokio::test]
async fn a_locked_account_shows_as_locked_and_an_administrator_unlocks_it() {
    let app = spawn_app().await;
    let id = app
        .add_user("chair", "community", "350503001001", CHAIR_PASSWORD)
        .await;
    let client = app.client_from("127.0.0.5");
    for _ in 0..5 {
        login_status(&client, "chair", "Wr-ong#2026pass").await;
    }
    let (admin, _) = page_login(&app, SECURITY_ADMIN, SECURITY_PASSWORD).await;
    let page = admin.get("/admin/users").await;
    page.assert_shows("已锁定（至", "the users page shows the lock and its end");
    assert!(page.text.contains(&format!("/admin/users/{id}/unlock")));
    let api = app.security_admin().await;
    let view = api.get(&format!("/api/v1/users/{id}")).await;
    assert_eq!(
        view.body["locked_until"].as_i64(),
        Some(START_MS + 15 * MINUTE_MS)
    );
    let staff = app
        .user_with_password("staffer", "federation", "350503000000", "Federal#2026x")
        .await;
    assert_eq!(
        staff
            .post(&format!("/api/v1/users/{id}/unlock"), json!({}))
            .await
            .status,
        403,
        "only administrators unlock"
    );
    let csrf = hidden_csrf(&page.text);
    let unlocked = admin
        .post_form(&format!("/admin/users/{id}/unlock"), &[("csrf", &csrf)])
        .await;
    assert_eq!(unlocked.status, 303);
    assert_eq!(unlocked.headers["location"], "/admin/users");
    let users = admin.get("/admin/users").await.text;
    assert!(!users.contains("已锁定"));
    assert!(users.contains("账户已解锁。"), "the flash message says so");
    assert_eq!(
        login_status(&client, "chair", CHAIR_PASSWORD).await.0,
        200,
        "unlocked at once"
    );
    assert_eq!(count_audit(&app, "account_unlock", "chair").await, 1);
    for _ in 0..5 {
        login_status(&client, "chair", "Wr-ong#2026pass").await;
    }
    let reply = api
        .post(&format!("/api/v1/users/{id}/unlock"), json!({}))
        .await;
    assert_eq!(reply.status, 204, "the API unlocks too");
    assert_eq!(login_status(&client, "chair", CHAIR_PASSWORD).await.0, 200);
}

// ---- point 7: tokens and sessions ----

fn cli_ok(app: &TestApp, args: &[&str]) -> String {
    let output = app.cli(args, &[]);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

fn bearer(app: &TestApp, token: &str) -> Client {
    let mut client = app.client();
    client.token = Some(token.to_owned());
    client
}

/// A token of `username`'s made at the command line, as an operator makes one, without expiry.
async fn cli_token(app: &TestApp, username: &str, label: &str) -> String {
    let origin = jinguo_app::Origin::cli();
    jinguo_app::tokens::create(&app.app, username, label, None, &origin)
        .await
        .expect("token")
}

/// A client that calls with a new token of `username`'s.
async fn token_holder(app: &TestApp, username: &str, label: &str) -> Client {
    bearer(app, &cli_token(app, username, label).await)
}

#[tokio::test]
async fn a_revoked_token_answers_401_at_once() {
    let app = spawn_app().await;
    let reports = cli_ok(
        &app,
        &[
            "token",
            "create",
            "--username",
            "admin",
            "--label",
            "reports",
        ],
    );
    let backup = cli_ok(
        &app,
        &[
            "token",
            "create",
            "--username",
            "admin",
            "--label",
            "backup",
        ],
    );
    let (reports, backup) = (bearer(&app, reports.trim()), bearer(&app, backup.trim()));
    assert_eq!(reports.get("/api/v1/me").await.status, 200);
    assert_eq!(backup.get("/api/v1/me").await.status, 200);
    let listed = cli_ok(&app, &["token", "list", "--username", "admin"]);
    let lines: Vec<serde_json::Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert!(lines.iter().all(|l| l["status"] == "active"));
    assert!(!listed.contains("jg_"), "the list never shows a token");
    cli_ok(
        &app,
        &[
            "token",
            "revoke",
            "--username",
            "admin",
            "--label",
            "reports",
        ],
    );
    assert_eq!(reports.get("/api/v1/me").await.status, 401);
    assert_eq!(
        backup.get("/api/v1/me").await.status,
        200,
        "only the labelled one"
    );
    let again = app.cli(
        &[
            "token",
            "revoke",
            "--username",
            "admin",
            "--label",
            "reports",
        ],
        &[],
    );
    assert!(
        !again.status.success(),
        "nothing left to revoke is an error"
    );
    cli_ok(&app, &["token", "revoke", "--username", "admin", "--all"]);
    assert_eq!(backup.get("/api/v1/me").await.status, 401);
    let listed = cli_ok(&app, &["token", "list", "--username", "admin"]);
    assert_eq!(listed.matches("\"revoked\"").count(), 2, "{listed}");
    let neither = app.cli(&["token", "revoke", "--username", "admin"], &[]);
    assert!(!neither.status.success(), "--all or --label is required");
}

#[tokio::test]
async fn an_administrator_lists_and_revokes_a_users_tokens() {
    let app = spawn_app().await;
    let id = app
        .add_user("chair", "community", "350503001001", CHAIR_PASSWORD)
        .await;
    let holder = token_holder(&app, "chair", "sync").await;
    assert_eq!(holder.get("/api/v1/me").await.status, 200);
    let admin = app.security_admin().await;
    let list = admin.get(&format!("/api/v1/users/{id}/tokens")).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.body[0]["label"], "sync");
    assert_eq!(
        list.body[0]["expires_at"].as_i64(),
        Some(START_MS + 90 * DAY_MS)
    );
    assert_eq!(list.body[0]["last_used"].as_i64(), Some(START_MS));
    let token_id = list.body[0]["id"].as_i64().expect("id");
    let (page_admin, _) = page_login(&app, SECURITY_ADMIN, SECURITY_PASSWORD).await;
    let page = page_admin.get(&format!("/admin/users/{id}/tokens")).await;
    assert!(page.text.contains("sync") && page.text.contains("有效"));
    let csrf = hidden_csrf(&page.text);
    let revoked = page_admin
        .post_form(
            &format!("/admin/users/{id}/tokens/{token_id}/revoke"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(revoked.status, 303);
    assert_eq!(holder.get("/api/v1/me").await.status, 401);
    let again = admin
        .post(
            &format!("/api/v1/users/{id}/tokens/{token_id}/revoke"),
            json!({}),
        )
        .await;
    assert_eq!(again.status, 404, "a revoked token cannot be revoked again");
}

#[tokio::test]
async fn tokens_expire_after_ninety_days_unless_told_otherwise() {
    let app = spawn_app().await;
    let origin = jinguo_app::Origin::cli();
    let default = jinguo_app::tokens::create(&app.app, "admin", "default", None, &origin)
        .await
        .expect("token");
    let short = jinguo_app::tokens::create(&app.app, "admin", "short", Some(1), &origin)
        .await
        .expect("token");
    let refused = jinguo_app::tokens::create(&app.app, "admin", "ever", Some(0), &origin).await;
    assert!(matches!(
        refused,
        Err(jinguo_app::AppError::Invalid {
            code: "invalid_token_days",
            ..
        })
    ));
    app.clock.advance_ms(DAY_MS);
    assert_eq!(bearer(&app, &short).get("/api/v1/me").await.status, 401);
    assert_eq!(bearer(&app, &default).get("/api/v1/me").await.status, 200);
    app.clock.advance_ms(89 * DAY_MS);
    assert_eq!(bearer(&app, &default).get("/api/v1/me").await.status, 401);
    let days = app.cli(
        &["token", "create", "--username", "admin", "--days", "9999"],
        &[],
    );
    assert!(!days.status.success(), "the CLI refuses an endless token");
}

#[tokio::test]
async fn token_last_use_is_written_at_most_once_a_minute() {
    let app = spawn_app().await;
    let client = token_holder(&app, "admin", "poll").await;
    let last_used = || async {
        let rows = jinguo_app::tokens::list_by_username(&app.app, "admin")
            .await
            .expect("list");
        rows[0].token.last_used
    };
    client.get("/api/v1/me").await;
    assert_eq!(last_used().await, Some(START_MS));
    app.clock.advance_ms(30_000);
    client.get("/api/v1/me").await;
    assert_eq!(last_used().await, Some(START_MS), "not within the minute");
    app.clock.advance_ms(31_000);
    client.get("/api/v1/me").await;
    assert_eq!(last_used().await, Some(START_MS + 61_000));
}

#[tokio::test]
async fn a_password_reset_revokes_the_users_sessions_and_tokens() {
    let app = spawn_app().await;
    let id = app
        .add_user("chair", "community", "350503001001", CHAIR_PASSWORD)
        .await;
    let session = app.login("chair", CHAIR_PASSWORD).await;
    let token = cli_token(&app, "chair", "sync").await;
    let reset = app
        .security_admin()
        .await
        .reset_password(id, "Fresh#2026tide")
        .await;
    assert_eq!(reset.status, 204, "{}", reset.text);
    assert_eq!(session.get("/api/v1/me").await.status, 401);
    assert_eq!(bearer(&app, &token).get("/api/v1/me").await.status, 401);
}

#[tokio::test]
async fn a_password_change_keeps_only_the_current_session() {
    let app = spawn_app().await;
    let phone = app
        .user_with_password("chair", "community", "350503001001", CHAIR_PASSWORD)
        .await;
    let desk = app.login("chair", CHAIR_PASSWORD).await;
    let token = cli_token(&app, "chair", "sync").await;
    let changed = desk.change_password(CHAIR_PASSWORD, "Fresh#2026tide").await;
    assert_eq!(changed.status, 204, "{}", changed.text);
    assert_eq!(
        desk.get("/api/v1/me").await.status,
        200,
        "this session stays"
    );
    assert_eq!(phone.get("/api/v1/me").await.status, 401);
    assert_eq!(bearer(&app, &token).get("/api/v1/me").await.status, 401);
    assert_eq!(count_audit(&app, "password_change", "chair").await, 1);
    app.login("chair", "Fresh#2026tide").await;
}

#[tokio::test]
async fn reenabling_a_user_does_not_revive_old_tokens() {
    let app = spawn_app().await;
    let id = app
        .add_user("chair", "community", "350503001001", CHAIR_PASSWORD)
        .await;
    let token = cli_token(&app, "chair", "sync").await;
    let admin = app.security_admin().await;
    let path = format!("/api/v1/users/{id}");
    assert_eq!(
        admin.patch(&path, json!({ "disabled": true })).await.status,
        200
    );
    assert_eq!(
        admin
            .patch(&path, json!({ "disabled": false }))
            .await
            .status,
        200
    );
    assert_eq!(bearer(&app, &token).get("/api/v1/me").await.status, 401);
    app.login("chair", CHAIR_PASSWORD).await;
}

#[tokio::test]
async fn sessions_end_twelve_hours_after_sign_in_however_active() {
    let app = spawn_app().await;
    let client = app.admin().await;
    for _ in 0..24 {
        app.clock.advance_ms(29 * MINUTE_MS);
        assert_eq!(client.get("/api/v1/me").await.status, 200);
    }
    // 11 h 36 min so far, never idle for 30 minutes.
    app.clock.advance_ms(25 * MINUTE_MS);
    let ended = client.get("/api/v1/me").await;
    assert_eq!(ended.status, 401, "past 12 hours");
}

// ---- point 12: passwords ----

#[tokio::test]
async fn the_ten_thousand_most_common_passwords_are_refused() {
    let app = spawn_app().await;
    let admin = app.security_admin().await;
    for password in ["Password1", "qWERTY123", "Iloveyou1"] {
        let body = json!({ "username": "meiling", "role": "viewer", "unit_code": "350503000000", "password": password });
        let reply = admin.post("/api/v1/users", body).await;
        assert_eq!(reply.status, 422, "{password}");
        assert_eq!(reply.body["error"]["code"], "password_too_common");
        assert_eq!(reply.body["error"]["field"], "password");
        assert!(reply.body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("最常用")));
    }
}

#[tokio::test]
async fn passwords_containing_the_username_are_refused() {
    let app = spawn_app().await;
    let admin = app.security_admin().await;
    let body = json!({ "username": "meiling", "role": "viewer", "unit_code": "350503000000", "password": "MeiLing#2026" });
    let reply = admin.post("/api/v1/users", body).await;
    reply.assert_invalid("password", "password_contains_username");
    let id = app
        .add_user("meiling", "viewer", "350503000000", "Quiet#2026sea")
        .await;
    let reset = admin.reset_password(id, "x-meiling-2026!").await;
    assert_eq!(reset.body["error"]["code"], "password_contains_username");
    let own = app.login("meiling", "Quiet#2026sea").await;
    let change = own.change_password("Quiet#2026sea", "Meiling@2027").await;
    change.assert_invalid_field("new_password");
    let mut english = app.client();
    english.lang = "en";
    english.csrf = own.csrf.clone();
    english.http = own.http.clone();
    let change = english.change_password("Quiet#2026sea", "Password1").await;
    assert_eq!(
        change.body["error"]["message"],
        "This password is one of the 10,000 most common ones; choose another"
    );
}

// ---- a reset forces a change at the next sign-in ----

#[tokio::test]
async fn a_reset_password_must_be_changed_before_anything_else() {
    let app = spawn_app().await;
    let id = app
        .add_user("officer", "street", "350503001000", CHAIR_PASSWORD)
        .await;
    let admin = app.security_admin().await;
    let reset = admin.reset_password(id, "Given#2026tide").await;
    assert_eq!(reset.status, 204);
    let listed = admin.get(&format!("/api/v1/users/{id}")).await;
    assert_eq!(listed.body["must_change_password"], true);
    let mut client = app.client();
    let login = client.sign_in("officer", "Given#2026tide").await;
    assert_eq!(login.status, 200);
    assert_eq!(login.body["must_change_password"], true);
    client.csrf = login
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let people = client.get("/api/v1/people").await;
    people.assert_error(403, "password_change_required");
    assert_eq!(client.get("/api/v1/me").await.status, 200);
    let same = client
        .change_password("Given#2026tide", "Given#2026tide")
        .await;
    assert_eq!(same.body["error"]["code"], "password_unchanged");
    let wrong = client
        .change_password("Wr-ong#2026pass", "Mine#2026river")
        .await;
    wrong.assert_invalid("current_password", "wrong_current_password");
    let changed = client
        .change_password("Given#2026tide", "Mine#2026river")
        .await;
    assert_eq!(changed.status, 204, "{}", changed.text);
    assert_eq!(client.get("/api/v1/people").await.status, 200);
    assert_eq!(
        admin.get(&format!("/api/v1/users/{id}")).await.body["must_change_password"],
        false
    );
}

#[tokio::test]
async fn after_a_reset_every_page_leads_to_the_change_password_page() {
    let app = spawn_app().await;
    let id = app
        .add_user("officer", "street", "350503001000", CHAIR_PASSWORD)
        .await;
    app.security_admin()
        .await
        .reset_password(id, "Given#2026tide")
        .await;
    let (client, login) = page_login(&app, "officer", "Given#2026tide").await;
    assert_eq!(login.status, 303);
    assert_eq!(login.headers["location"], "/account/password");
    let home = client.get("/people").await;
    assert_eq!(home.status, 303);
    assert_eq!(home.headers["location"], "/account/password");
    let page = client.get("/account/password").await;
    assert_eq!(page.status, 200);
    page.assert_shows("id=\"password-required\"", "the user is told why");
    let csrf = hidden_csrf(&page.text);
    let mismatch = client
        .post_form(
            "/account/password",
            &[
                ("csrf", csrf.as_str()),
                ("current_password", "Given#2026tide"),
                ("new_password", "Mine#2026river"),
                ("confirm_password", "Mine#2026rivex"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, 422);
    let saved = client
        .post_form(
            "/account/password",
            &[
                ("csrf", csrf.as_str()),
                ("current_password", "Given#2026tide"),
                ("new_password", "Mine#2026river"),
                ("confirm_password", "Mine#2026river"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    assert_eq!(client.get("/people").await.status, 200);
}
