//! Separation of duties (等保 L3 三员分立): the system administrator runs units, settings and
//! backups; the security administrator runs accounts, and a grant of a role that sees restricted
//! cases waits for a second one; the audit administrator reads the log, with case ids
//! pseudonymized. None of the three reads case contents. Each test is the attack that broke it.

use crate::common::*;
use crate::pages::{hidden_csrf, page_login};
use serde_json::{json, Value};

fn case_body(category: &str) -> Value {
    json!({
        "kind": "rights", "channel": "hotline_12338", "category": category,
        "unit_code": SHAOLIN, "narrative": "来电反映丈夫多次殴打，要求帮助。"
    })
}

/// District federation staff ("fed") and the restricted domestic-violence case she took in.
async fn with_dv_case() -> (TestApp, i64, i64) {
    let app = spawn_app().await;
    let fed_id = app
        .add_user("fed", "federation", DISTRICT, "Fe-deration#2026")
        .await;
    let fed = app.login("fed", "Fe-deration#2026").await;
    let made = fed
        .post("/api/v1/cases", case_body("domestic_violence"))
        .await;
    assert_eq!(made.status, 201, "{}", made.text);
    assert_eq!(made.body["restricted"], true);
    let case_id = made.body["id"].as_i64().expect("id");
    (app, fed_id, case_id)
}

fn listed_ids(reply: &Reply) -> Vec<i64> {
    reply.body["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|c| c["id"].as_i64()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_admin_can_no_longer_create_a_federation_user_nor_reset_a_password_to_read_dv_cases() {
    let (app, fed_id, dv) = with_dv_case().await;
    let admin = app.admin().await;
    let create = admin
        .post(
            "/api/v1/users",
            json!({ "username": "mole", "role": "federation", "unit_code": DISTRICT, "password": "Mo-le#2026pass" }),
        )
        .await;
    assert_eq!(create.status, 403, "{}", create.text);
    let reset = admin.reset_password(fed_id, "Taken#2026over").await;
    assert_eq!(reset.status, 403, "{}", reset.text);
    assert_eq!(app.try_login("mole", "Mo-le#2026pass").await.status, 401);
    app.login("fed", "Fe-deration#2026").await;
    assert!(!listed_ids(&admin.get("/api/v1/cases").await).contains(&dv));
    assert_eq!(admin.get(&format!("/api/v1/cases/{dv}")).await.status, 404);
}

#[tokio::test]
async fn neither_the_security_nor_the_audit_administrator_reads_cases_or_people() {
    let (app, _, dv) = with_dv_case().await;
    for client in [app.security_admin().await, app.auditor().await] {
        for path in [
            "/api/v1/cases".to_owned(),
            format!("/api/v1/cases/{dv}"),
            "/api/v1/people".to_owned(),
        ] {
            let reply = client.get(&path).await;
            assert!(
                matches!(reply.status, 403 | 404),
                "{path}: {} {}",
                reply.status,
                reply.text
            );
        }
    }
    let security = app.security_admin().await;
    assert_eq!(security.get("/api/v1/audit").await.status, 403);
    assert_eq!(app.admin().await.get("/api/v1/audit").await.status, 403);
    assert_eq!(app.auditor().await.get("/api/v1/users").await.status, 403);
}

#[tokio::test]
async fn a_grant_of_a_role_that_sees_restricted_cases_waits_for_a_second_security_admin() {
    let (app, _, dv) = with_dv_case().await;
    let security = app.security_admin().await;
    let made = security
        .post(
            "/api/v1/users",
            json!({ "username": "newfed", "role": "federation", "unit_code": DISTRICT, "password": "New-fed#2026pass" }),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.text);
    assert_eq!(made.body["awaiting_approval"], true);
    let grant = made.body["pending_grant"]["id"].as_i64().expect("grant");
    assert_eq!(made.body["pending_grant"]["requested_by"], SECURITY_ADMIN);
    let early = app.try_login("newfed", "New-fed#2026pass").await;
    assert_eq!(
        (early.status, early.body["error"]["code"].as_str()),
        (403, Some("account_awaiting_approval"))
    );
    let own = security
        .post(&format!("/api/v1/grants/{grant}/approve"), json!({}))
        .await;
    assert_eq!(
        (own.status, own.body["error"]["code"].as_str()),
        (409, Some("second_administrator_required"))
    );
    let second = app.second_security_admin().await;
    let listed = second.get("/api/v1/grants").await;
    assert_eq!(listed.body[0]["username"], "newfed", "{}", listed.text);
    let approved = second
        .post(&format!("/api/v1/grants/{grant}/approve"), json!({}))
        .await;
    assert_eq!(approved.status, 200, "{}", approved.text);
    assert_eq!(approved.body["decision"], "approved");
    let newfed = app.login("newfed", "New-fed#2026pass").await;
    assert_eq!(newfed.get(&format!("/api/v1/cases/{dv}")).await.status, 200);
    let log = app.auditor().await.get("/api/v1/audit?entity=user").await;
    let recorded: Vec<(String, String)> = log.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or("").to_owned(),
                e["actor"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    for expected in [
        ("grant_request", SECURITY_ADMIN),
        ("grant_approve", SECOND_SECURITY_ADMIN),
    ] {
        assert!(
            recorded.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {recorded:?}"
        );
    }
}

#[tokio::test]
async fn a_role_change_to_district_federation_waits_and_a_rejected_one_changes_nothing() {
    let (app, _, dv) = with_dv_case().await;
    let id = app
        .add_user("streetofficer", "street", EAST_LAKE_STREET, "Street#2026x")
        .await;
    let security = app.security_admin().await;
    let changed = security
        .patch(
            &format!("/api/v1/users/{id}"),
            json!({ "role": "federation", "unit_code": DISTRICT }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(
        (
            changed.body["role"].as_str(),
            changed.body["unit_code"].as_str()
        ),
        (Some("street"), Some(EAST_LAKE_STREET)),
        "the account keeps its role until a second administrator approves"
    );
    let grant = changed.body["pending_grant"]["id"].as_i64().expect("grant");
    let again = security
        .patch(
            &format!("/api/v1/users/{id}"),
            json!({ "role": "community" }),
        )
        .await;
    assert_eq!(
        (again.status, again.body["error"]["code"].as_str()),
        (409, Some("grant_pending"))
    );
    let officer = app.login("streetofficer", "Street#2026x").await;
    assert_eq!(
        officer.get(&format!("/api/v1/cases/{dv}")).await.status,
        404
    );
    let rejected = app
        .second_security_admin()
        .await
        .post(&format!("/api/v1/grants/{grant}/reject"), json!({}))
        .await;
    assert_eq!(rejected.body["decision"], "rejected", "{}", rejected.text);
    let after = security.get(&format!("/api/v1/users/{id}")).await;
    assert_eq!(
        (
            after.body["role"].as_str(),
            after.body["pending_grant"].is_null()
        ),
        (Some("street"), true)
    );
    assert_eq!(
        officer.get(&format!("/api/v1/cases/{dv}")).await.status,
        404
    );
}

#[tokio::test]
async fn a_security_admin_cannot_make_a_second_security_admin_to_approve_her_own_grants() {
    let app = spawn_app().await;
    let security = app.security_admin().await;
    let sock = security
        .post(
            "/api/v1/users",
            json!({ "username": "sock", "role": "security_admin", "unit_code": DISTRICT, "password": "So-ck#2026pass" }),
        )
        .await;
    assert_eq!(sock.status, 201, "{}", sock.text);
    assert_eq!(sock.body["awaiting_approval"], true);
    let login = app.try_login("sock", "So-ck#2026pass").await;
    assert_eq!(
        login.status, 403,
        "the puppet cannot sign in to approve anything"
    );
    let own_id = jinguo_db::accounts::find_by_username(&mut app.app.db.ex(), SECURITY_ADMIN)
        .await
        .expect("find")
        .expect("exists")
        .id;
    let self_grant = security
        .patch(
            &format!("/api/v1/users/{own_id}"),
            json!({ "role": "federation" }),
        )
        .await;
    assert_eq!(
        (self_grant.status, self_grant.body["error"]["code"].as_str()),
        (422, Some("cannot_demote_self")),
        "nor grant herself a role"
    );
}

#[tokio::test]
async fn the_audit_view_pseudonymizes_case_ids() {
    let (app, _, dv) = with_dv_case().await;
    let fed = app.login("fed", "Fe-deration#2026").await;
    let open = fed.post("/api/v1/cases", case_body("employment")).await;
    let open_id = open.body["id"].as_i64().expect("id");
    for id in [dv, open_id] {
        assert_eq!(fed.get(&format!("/api/v1/cases/{id}")).await.status, 200);
    }
    fed.get("/api/v1/cases").await;
    let log = app
        .auditor()
        .await
        .get("/api/v1/audit?entity=case&per_page=200")
        .await;
    assert_eq!(log.status, 200);
    let events = log.body["items"].as_array().expect("items");
    assert!(events.len() >= 4, "{}", log.text);
    for id in [dv, open_id] {
        assert!(
            !log.text.contains(&id.to_string()),
            "case {id} appears in the audit view: {}",
            log.text
        );
    }
    let shown: Vec<&str> = events
        .iter()
        .filter_map(|e| e["entity_id"].as_str())
        .filter(|id| !id.is_empty())
        .collect();
    assert!(shown.iter().all(|id| id.starts_with("case-")), "{shown:?}");
    let dv_name = jinguo_app::audit::case_pseudonym(&app.app.cipher, &dv.to_string());
    assert!(
        shown.contains(&dv_name.as_str()),
        "a case keeps one pseudonym"
    );
}

#[tokio::test]
async fn menus_and_pages_follow_the_three_duties() {
    let app = spawn_app().await;
    app.security_admin().await;
    app.second_security_admin().await;
    app.auditor().await;
    let (admin, _) = page_login(&app, "admin", ADMIN_PASSWORD).await;
    let home = admin.get("/").await.text;
    assert!(!home.contains("/admin/users") && !home.contains("/admin/audit"));
    assert_eq!(admin.get("/admin/users").await.status, 403);
    let (auditor, _) = page_login(&app, AUDITOR, AUDITOR_PASSWORD).await;
    let home = auditor.get("/").await.text;
    assert!(home.contains("/admin/audit") && !home.contains("/admin/users"));
    assert_eq!(auditor.get("/admin/users").await.status, 403);
    let (security, _) = page_login(&app, SECURITY_ADMIN, SECURITY_PASSWORD).await;
    let home = security.get("/").await.text;
    assert!(home.contains("/admin/users") && !home.contains("/admin/audit"));
    assert_eq!(security.get("/admin/audit").await.status, 403);

    let form = security.get("/admin/users/new").await;
    let csrf = hidden_csrf(&form.text);
    let created = security
        .post_form(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "wangfang"),
                ("display_name", "王芳"),
                ("role", "federation"),
                ("unit_code", DISTRICT),
                ("department_code", ""),
                ("password", "Wang-fang#2026"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.text);
    let (second, _) = page_login(&app, SECOND_SECURITY_ADMIN, SECURITY_PASSWORD).await;
    let users = second.get("/admin/users").await.text;
    assert!(users.contains("id=\"grants-table\"") && users.contains("待批准"));
    let start = users.find("/admin/grants/").expect("approve form") + "/admin/grants/".len();
    let grant = users[start..].split('/').next().expect("id").to_owned();
    let approved = second
        .post_form(
            &format!("/admin/grants/{grant}/approve"),
            &[("csrf", &hidden_csrf(&users))],
        )
        .await;
    assert_eq!(approved.status, 303);
    app.login("wangfang", "Wang-fang#2026").await;
}
