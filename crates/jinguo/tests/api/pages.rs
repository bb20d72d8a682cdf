//! The HTML pages over plain form posts (the browser suite drives the same flows in chromium).

use crate::common::*;

pub fn hidden_csrf(html: &str) -> String {
    let start =
        html.find("name=\"csrf\" value=\"").expect("csrf field") + "name=\"csrf\" value=\"".len();
    html[start..].split('"').next().expect("value").to_owned()
}

pub async fn page_login(app: &TestApp, username: &str, password: &str) -> (Client, Reply) {
    let client = app.client();
    let form = client.get("/login").await;
    assert_eq!(form.status, 200);
    let csrf = hidden_csrf(&form.text);
    let reply = client
        .post_form(
            "/login",
            &[
                ("username", username),
                ("password", password),
                ("csrf", &csrf),
            ],
        )
        .await;
    (client, reply)
}

#[tokio::test]
async fn signing_in_leads_to_the_home_page_and_the_org_tree_has_its_own_page() {
    let app = spawn_app().await;
    let (client, reply) = page_login(&app, "admin", ADMIN_PASSWORD).await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.headers["location"], "/");
    let home = client.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.text.contains("<h1>首页</h1>"));
    home.assert_lacks("id=\"org-tree\"", "the tree is not on the home page");
    let units = client.get("/units").await;
    assert!(units.text.contains("id=\"org-tree\""));
    assert!(units.text.contains("丰泽区") && units.text.contains("东湖街道"));
}

#[tokio::test]
async fn a_wrong_password_shows_its_message_on_the_login_page() {
    let app = spawn_app().await;
    let (_, reply) = page_login(&app, "admin", "Wr-ong#2026pass").await;
    assert_eq!(reply.status, 401);
    assert!(reply.text.contains("id=\"login-error\"") && reply.text.contains("用户名或密码错误"));
}

#[tokio::test]
async fn a_login_post_without_its_csrf_token_is_refused() {
    let app = spawn_app().await;
    let client = app.client();
    let reply = client
        .post_form(
            "/login",
            &[("username", "admin"), ("password", ADMIN_PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, 403);
}

#[tokio::test]
async fn logging_out_returns_to_the_login_page() {
    let app = spawn_app().await;
    let (client, _) = page_login(&app, "admin", ADMIN_PASSWORD).await;
    let home = client.get("/").await;
    let csrf = hidden_csrf(&home.text);
    let reply = client.post_form("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(
        (reply.status, reply.headers["location"].to_str().ok()),
        (303, Some("/login"))
    );
    assert_eq!(client.get("/").await.status, 303);
}

#[tokio::test]
async fn security_admins_create_users_in_the_form_and_see_errors_beside_the_field() {
    let app = spawn_app().await;
    app.security_admin().await;
    let (client, _) = page_login(&app, SECURITY_ADMIN, SECURITY_PASSWORD).await;
    let form = client.get("/admin/users/new").await;
    assert_eq!(form.status, 200);
    let csrf = hidden_csrf(&form.text);
    let fields = |password: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("username", "lihua".to_owned()),
            ("display_name", "李华".to_owned()),
            ("role", "community".to_owned()),
            ("unit_code", "350503001001".to_owned()),
            ("department_code", String::new()),
            ("password", password.to_owned()),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    let weak = as_refs(&fields("weak"));
    let weak: Vec<(&str, &str)> = weak.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = client.post_form("/admin/users", &weak).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.text.contains("密码至少需要 8 个字符")
            && refused.text.contains("aria-invalid=\"true\"")
    );
    let good = as_refs(&fields("Li-hua#2026x"));
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let created = client.post_form("/admin/users", &good).await;
    assert_eq!(created.status, 303);
    let list = client.get("/admin/users").await;
    assert!(
        list.text.contains("lihua") && list.text.contains("李华") && list.text.contains("社区妇联")
    );
}

#[tokio::test]
async fn admin_pages_are_refused_to_other_roles() {
    let app = spawn_app().await;
    app.add_user("chair", "community", "350503001001", "Ch-air#2026pass")
        .await;
    let (client, _) = page_login(&app, "chair", "Ch-air#2026pass").await;
    for path in ["/admin/users", "/admin/audit", "/admin/sessions"] {
        assert_eq!(client.get(path).await.status, 403, "{path}");
    }
    let home = client.get("/").await;
    home.assert_lacks("/admin/users", "no admin menu for a community chair");
}

#[tokio::test]
async fn the_audit_and_sign_in_log_pages_list_events() {
    let app = spawn_app().await;
    page_login(&app, "admin", "Wr-ong#2026pass").await;
    page_login(&app, "admin", ADMIN_PASSWORD).await;
    app.auditor().await;
    let (client, _) = page_login(&app, AUDITOR, AUDITOR_PASSWORD).await;
    let logins = client.get("/admin/audit?category=logins").await;
    assert_eq!(logins.status, 200);
    assert!(logins.text.contains("登录失败") && logins.text.contains("data-action=\"login\""));
    let filtered = client.get("/admin/audit?action=user_create").await;
    assert!(!filtered.text.contains("data-action=\"login\""));
    let bad = client.get("/admin/audit?from=yesterday").await;
    assert!(bad.text.contains("日期格式应为 YYYY-MM-DD"));
}

#[tokio::test]
async fn security_admins_see_online_users_and_end_a_session() {
    let app = spawn_app().await;
    let chair = app
        .user_with_password("chair", "community", "350503001001", "Ch-air#2026pass")
        .await;
    let (admin, _) = page_login(&app, SECURITY_ADMIN, SECURITY_PASSWORD).await;
    let page = admin.get("/admin/sessions").await;
    assert!(page.text.contains("chair"));
    let row = &page.text[page.text.find("<td>chair</td>").expect("chair's row")..];
    let start = row.find("/admin/sessions/").expect("end form") + "/admin/sessions/".len();
    let id = row[start..].split('/').next().expect("id").to_owned();
    let csrf = hidden_csrf(&page.text);
    let reply = admin
        .post_form(&format!("/admin/sessions/{id}/end"), &[("csrf", &csrf)])
        .await;
    assert_eq!(reply.status, 303);
    assert_eq!(
        chair.get("/api/v1/me").await.status,
        401,
        "the ended session is gone"
    );
}

#[tokio::test]
async fn the_language_switch_turns_pages_english() {
    let app = spawn_app().await;
    let (client, _) = page_login(&app, "admin", ADMIN_PASSWORD).await;
    let switch = client.get("/lang/en").await;
    assert_eq!(switch.status, 303);
    let home = client.get("/").await;
    assert!(home.text.contains("<h1>Home</h1>") && home.text.contains("lang=\"en\""));
}

#[tokio::test]
async fn assets_are_served_from_the_binary() {
    let app = spawn_app().await;
    let css = app.client().get("/static/app.css").await;
    assert_eq!(css.status, 200);
    assert!(css.headers["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/css"));
    let login = app.client().get("/login").await;
    login.assert_lacks("http://", "no external assets");
    login.assert_lacks("https://", "no external assets");
}

#[tokio::test]
async fn a_person_joins_a_new_household_from_her_page_and_the_reveal_shows_full_values() {
    let app = spawn_app().await;
    let api = app.admin().await;
    let id_number = crate::people::id_number("350503", "19870707", "048");
    let created = api
        .post("/api/v1/people", serde_json::json!({ "name": "黄淑珍", "id_number": id_number, "unit_code": "350503001001" }))
        .await;
    let id = created.body["id"].as_i64().expect("id");
    // The reveal is the work of the federation's staff, not the admin's (#10.3).
    app.add_user("clerk", "federation", "350503000000", "Federation#2026")
        .await;
    let (client, _) = page_login(&app, "clerk", "Federation#2026").await;
    let page = client.get(&format!("/people/{id}")).await;
    assert!(page.text.contains("黄淑珍") && page.text.contains("350503********"));
    assert!(!page.text.contains(&id_number));
    let csrf = hidden_csrf(&page.text);
    let joined = client
        .post_form(
            &format!("/people/{id}/household"),
            &[("csrf", &csrf), ("household_id", ""), ("relation", "head")],
        )
        .await;
    assert_eq!(joined.status, 303);
    let page = client.get(&format!("/people/{id}")).await;
    page.assert_shows("黄淑珍家", "the household is shown");
    page.assert_shows("户主", "the household is shown");
    let revealed = client
        .post_form(&format!("/people/{id}/reveal"), &[("csrf", &csrf)])
        .await;
    revealed.assert_shows(&id_number, "the reveal shows the full ID number");
    let list = client.get("/people?q=hszhen").await;
    assert_eq!(list.status, 200);
    let list = client
        .get(&format!("/people?q={}", crate::people::urlencode("淑珍")))
        .await;
    list.assert_shows("黄淑珍", "the list page searches");
    list.assert_shows("共 1 人", "the list page searches");
}
