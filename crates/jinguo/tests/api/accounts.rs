//! Sign-in, lockout, sessions, CSRF, tokens and the password rule.

use crate::common::*;
use jinguo_app::clock::MINUTE_MS;
use serde_json::json;

#[tokio::test]
async fn login_returns_the_caller_and_me_answers_with_the_session() {
    let app = spawn_app().await;
    let client = app.admin().await;
    let me = client.get("/api/v1/me").await;
    assert_eq!(me.status, 200);
    assert_eq!(
        me.body,
        json!({ "username": "admin", "role": "admin", "unit_code": "350503000000", "must_change_password": false })
    );
    let cookie = app
        .client()
        .http
        .get(app.url("/"))
        .send()
        .await
        .expect("get");
    assert_eq!(
        cookie.status(),
        303,
        "a page without a session redirects to the login page"
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = spawn_app().await;
    let reply = app.try_login("admin", ADMIN_PASSWORD).await;
    let cookie = reply
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("jinguo_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

#[tokio::test]
async fn a_wrong_password_is_401_invalid_credentials() {
    let app = spawn_app().await;
    let reply = app.try_login("admin", "Wr-ong#2026pass").await;
    reply.assert_error(401, "invalid_credentials");
    assert_eq!(reply.body["error"]["message"], "用户名或密码错误");
    let unknown = app.try_login("nobody", "x").await;
    assert_eq!(
        unknown.body["error"]["code"], "invalid_credentials",
        "an unknown user looks the same"
    );
}

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes() {
    let app = spawn_app().await;
    app.add_user("chair", "community", "350503001001", "Ch-air#2026pass")
        .await;
    let client = app.client();
    let attempt = |password: &'static str| client.sign_in("chair", password);
    for _ in 0..5 {
        assert_eq!(attempt("Wr-ong#2026pass").await.status, 401);
    }
    let locked = attempt("Ch-air#2026pass").await;
    assert_eq!(
        locked.status, 423,
        "the sixth try is refused even with the right password"
    );
    assert_eq!(locked.body["error"]["code"], "account_locked");
    app.clock.advance_ms(14 * MINUTE_MS);
    assert_eq!(
        attempt("Ch-air#2026pass").await.status,
        423,
        "still locked after 14 minutes"
    );
    app.clock.advance_ms(MINUTE_MS + 1);
    assert_eq!(
        attempt("Ch-air#2026pass").await.status,
        200,
        "unlocked after 15 minutes"
    );
}

#[tokio::test]
async fn a_success_resets_the_count_of_consecutive_failures() {
    let app = spawn_app().await;
    app.add_user("chair", "community", "350503001001", "Ch-air#2026pass")
        .await;
    let client = app.client();
    for _ in 0..4 {
        client.sign_in("chair", "Wr-ong#2026pass").await;
    }
    assert_eq!(client.sign_in("chair", "Ch-air#2026pass").await.status, 200);
    for _ in 0..4 {
        client.sign_in("chair", "Wr-ong#2026pass").await;
    }
    let reply = client.sign_in("chair", "Ch-air#2026pass").await;
    assert_eq!(
        reply.status, 200,
        "four failures after a success do not lock"
    );
}

#[tokio::test]
async fn sessions_expire_after_thirty_idle_minutes() {
    let app = spawn_app().await;
    let client = app.admin().await;
    app.clock.advance_ms(29 * MINUTE_MS);
    assert_eq!(
        client.get("/api/v1/me").await.status,
        200,
        "activity keeps the session"
    );
    app.clock.advance_ms(29 * MINUTE_MS);
    assert_eq!(
        client.get("/api/v1/me").await.status,
        200,
        "29 idle minutes since the last request"
    );
    app.clock.advance_ms(31 * MINUTE_MS);
    let expired = client.get("/api/v1/me").await;
    expired.assert_error(401, "unauthorized");
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = spawn_app().await;
    let client = app.admin().await;
    assert_eq!(client.post("/api/v1/logout", json!({})).await.status, 204);
    assert_eq!(client.get("/api/v1/me").await.status, 401);
}

#[tokio::test]
async fn cookie_writes_need_the_csrf_token() {
    let app = spawn_app().await;
    let mut client = app.security_admin().await;
    let csrf = client.csrf.take();
    let body = json!({ "username": "newbie", "role": "viewer", "unit_code": "350503000000", "password": "Ne-wbie#2026x" });
    let refused = client.post("/api/v1/users", body.clone()).await;
    refused.assert_error(403, "csrf_failed");
    client.csrf = csrf;
    assert_eq!(client.post("/api/v1/users", body).await.status, 201);
}

#[tokio::test]
async fn a_user_in_an_unknown_unit_is_refused_naming_unit_code() {
    let app = spawn_app().await;
    let client = app.security_admin().await;
    let body = json!({ "username": "nowhere", "role": "viewer", "unit_code": "350599000000", "password": "No-where#2026x" });
    let refused = client.post("/api/v1/users", body).await;
    refused.assert_error(422, "unknown_unit");
    assert_eq!(
        refused.body["error"]["field"], "unit_code",
        "the same name as the field sent"
    );
}

#[tokio::test]
async fn api_tokens_authenticate_and_no_token_is_401() {
    let app = spawn_app().await;
    assert_eq!(app.client().get("/api/v1/me").await.status, 401);
    app.security_admin().await;
    let output = app.cli(
        &[
            "token",
            "create",
            "--username",
            SECURITY_ADMIN,
            "--label",
            "reports",
        ],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let token = stdout(&output).trim().to_owned();
    assert!(token.starts_with("jg_") && !token.contains('\n'));
    let mut client = app.client();
    client.token = Some(token.clone());
    assert_eq!(
        client.get("/api/v1/me").await.body["username"],
        SECURITY_ADMIN
    );
    let body = json!({ "username": "bytoken", "role": "viewer", "unit_code": "350503000000", "password": "To-ken#2026x" });
    assert_eq!(
        client.post("/api/v1/users", body).await.status,
        201,
        "token writes need no CSRF token"
    );
    client.token = Some(format!("{token}x"));
    assert_eq!(client.get("/api/v1/me").await.status, 401);
    let stored: i64 = app
        .app
        .db
        .ex()
        .fetch_scalar(
            jinguo_db::sql("SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1").bind(token),
        )
        .await
        .expect("count");
    assert_eq!(stored, 0, "only the token's hash is stored");
}

#[tokio::test]
async fn weak_passwords_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.security_admin().await;
    for (password, code) in [
        ("Ab1!", "password_too_short"),
        ("abcdefgh1", "password_too_few_classes"),
    ] {
        let body = json!({ "username": "weak", "role": "viewer", "unit_code": "350503000000", "password": password });
        let reply = admin.post("/api/v1/users", body).await;
        reply.assert_invalid("password", code);
    }
}

#[tokio::test]
async fn a_duplicate_username_is_409() {
    let app = spawn_app().await;
    app.add_user("twin", "viewer", "350503000000", "Tw-in#2026pass")
        .await;
    let body = json!({ "username": "twin", "role": "viewer", "unit_code": "350503000000", "password": "Tw-in#2026pass" });
    let reply = app.security_admin().await.post("/api/v1/users", body).await;
    assert_eq!(reply.status, 409);
    assert_eq!(reply.body["error"]["field"], "username");
}

#[tokio::test]
async fn a_disabled_user_cannot_sign_in_and_loses_their_sessions() {
    let app = spawn_app().await;
    let id = app
        .add_user("leaver", "street", "350503001000", "Le-aver#2026x")
        .await;
    let leaver = app.login("leaver", "Le-aver#2026x").await;
    let admin = app.security_admin().await;
    let reply = admin
        .patch(&format!("/api/v1/users/{id}"), json!({ "disabled": true }))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["disabled"], true);
    assert_eq!(leaver.get("/api/v1/me").await.status, 401);
    let again = app.try_login("leaver", "Le-aver#2026x").await;
    again.assert_error(403, "account_disabled");
}

#[tokio::test]
async fn security_admins_change_roles_and_units_and_reset_passwords() {
    let app = spawn_app().await;
    let id = app
        .add_user("mover", "community", "350503001001", "Mo-ver#2026x")
        .await;
    let admin = app.security_admin().await;
    let reply = admin
        .patch(
            &format!("/api/v1/users/{id}"),
            json!({ "role": "street", "unit_code": "350503002000" }),
        )
        .await;
    assert_eq!(
        (
            reply.body["role"].as_str(),
            reply.body["unit_code"].as_str()
        ),
        (Some("street"), Some("350503002000"))
    );
    let reset = admin.reset_password(id, "Mo-ved#2026y").await;
    assert_eq!(reset.status, 204);
    let me = app
        .login("mover", "Mo-ved#2026y")
        .await
        .get("/api/v1/me")
        .await;
    assert_eq!(me.body["unit_code"], "350503002000");
}

#[tokio::test]
async fn only_security_admins_manage_users() {
    let app = spawn_app().await;
    let staff = app
        .user_with_password("staff", "federation", "350503000000", "St-aff#2026x")
        .await;
    assert_eq!(staff.get("/api/v1/users").await.status, 403);
    let body = json!({ "username": "x1", "role": "admin", "unit_code": "350503000000", "password": "St-aff#2026x" });
    assert_eq!(
        staff.post("/api/v1/users", body).await.body["error"]["code"],
        "forbidden"
    );
}
