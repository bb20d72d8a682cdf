//! What every response carries and what exports let out: formula cells neutralized in every CSV,
//! exports started only by a POST with the session's CSRF token, the security headers, and the
//! language switch returning only to paths of this site.

use crate::common::*;
use crate::people::id_number;
use serde_json::json;

const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"点我\")";

const CLERK_PASSWORD: &str = "Federation#2026";

/// The CSV's cells that begin with any of the characters a spreadsheet starts a formula with.
fn formula_cells(csv: &[u8]) -> Vec<String> {
    let text = String::from_utf8(csv.to_vec()).expect("utf-8");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    reader
        .records()
        .flat_map(|r| {
            r.expect("record")
                .iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|cell| cell.starts_with(['=', '+', '-', '@', '\t', '\r']))
        .collect()
}

#[tokio::test]
async fn a_formula_typed_into_a_record_is_neutralized_in_every_csv_export() {
    let app = spawn_app().await;
    // Exports are federation and street work (#10.3).
    let clerk = app
        .user_with_password("clerk", "federation", DISTRICT, CLERK_PASSWORD)
        .await;
    let person = json!({
        "name": "王芳", "id_number": id_number("350503", "19880512", "002"),
        "unit_code": SHAOLIN, "address": FORMULA
    });
    let made = clerk.post("/api/v1/people", person).await;
    assert_eq!(made.status, 201, "{}", made.text);
    let enterprise = json!({
        "name": "泉州丰泽巧手服饰有限公司", "credit_code": credit_code(1), "women_owned": true,
        "unit_code": SHAOLIN, "address": "@SUM(1+1)*cmd|' /C calc'!A0", "contact_name": "-2+3"
    });
    let made = clerk.post("/api/v1/enterprises", enterprise).await;
    assert_eq!(made.status, 201, "{}", made.text);

    let (status, people) = clerk.export("/api/v1/people/export", "csv").await;
    assert_eq!(status, 200);
    let (status, enterprises) = clerk.export("/api/v1/enterprises/export", "csv").await;
    assert_eq!(status, 200);
    for csv in [&people, &enterprises] {
        assert_eq!(formula_cells(csv), Vec::<String>::new());
    }
    let people = String::from_utf8(people).expect("utf-8");
    assert!(
        people.contains("'=HYPERLINK("),
        "quoted, not dropped: {people}"
    );
    let enterprises = String::from_utf8(enterprises).expect("utf-8");
    assert!(enterprises.contains("'@SUM(") && enterprises.contains("'-2+3"));
}

async fn exports(app: &TestApp) -> i64 {
    let count = jinguo_db::sql("SELECT COUNT(*) FROM audit_events WHERE action = 'export'");
    app.app.db.ex().fetch_scalar(count).await.expect("count")
}

#[tokio::test]
async fn a_link_cannot_start_an_export_only_a_post_with_the_csrf_token() {
    let app = spawn_app().await;
    // Exports are federation and street work (#10.3).
    let clerk = app
        .user_with_password("clerk", "federation", DISTRICT, CLERK_PASSWORD)
        .await;
    for path in [
        "/people/export?format=csv",
        "/enterprises/export?format=csv",
        "/api/v1/people/export?format=csv",
        "/api/v1/enterprises/export?format=csv",
    ] {
        assert_eq!(clerk.get(path).await.status, 405, "GET {path}");
    }
    // A cross-site form can post, but cannot know the token.
    let mut forged = app.login("clerk", CLERK_PASSWORD).await;
    forged.csrf = None;
    for path in ["/people/export", "/api/v1/people/export"] {
        let reply = forged
            .post_form(path, &[("format", "csv"), ("csrf", "guessed")])
            .await;
        assert_eq!(reply.status, 403, "{path}: {}", reply.text);
    }
    assert_eq!(exports(&app).await, 0, "nothing was exported");

    let (status, _) = clerk.export("/people/export", "csv").await;
    assert_eq!(status, 200, "the export button's form");
    let token = app.cli(&["token", "create", "--username", "clerk"], &[]);
    let mut script = app.client();
    script.token = Some(stdout(&token).trim().to_owned());
    let (status, _) = script.export("/api/v1/people/export", "csv").await;
    assert_eq!(
        status, 200,
        "a script with an API token needs no CSRF token"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_personal_data_is_never_cached() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let page = admin.get("/people").await;
    let api = admin.get("/api/v1/me").await;
    let error = admin.get("/api/v1/people/999999").await;
    let login = app.client().get("/login").await;
    for reply in [&page, &api, &error, &login] {
        let header = |name: &str| {
            reply
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        let csp = header("content-security-policy");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(header("cache-control"), "no-store");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "same-origin");
    }
    let script = app.client().get("/static/app.js").await;
    assert_eq!(script.headers["cache-control"], "max-age=3600");
    assert!(script.headers.contains_key("content-security-policy"));
    page.assert_lacks("<script>", "scripts come from files");
    page.assert_shows("<script src=\"/static/app.js\"", "scripts come from files");
}

#[tokio::test]
async fn the_language_switch_returns_only_to_paths_of_this_site() {
    let app = spawn_app().await;
    let client = app.client();
    let base = app.url("");
    let back = |referer: String| {
        let client = &client;
        async move {
            let reply = client
                .http
                .get(format!("{}/lang/en", client.base))
                .header("referer", referer)
                .send()
                .await
                .expect("request");
            assert_eq!(reply.status().as_u16(), 303);
            reply.headers()["location"]
                .to_str()
                .expect("location")
                .to_owned()
        }
    };
    assert_eq!(
        back(format!("{base}/people?page=2")).await,
        "/people?page=2"
    );
    for escape in [
        format!("{base}/\\evil.example"),
        format!("{base}//evil.example"),
        format!("{base}/%5Cevil.example"),
        "https://evil.example".to_owned(),
    ] {
        assert_eq!(back(escape.clone()).await, "/", "{escape}");
    }
}
