//! The roles that reach no record: the viewer reads figures, the security and audit
//! administrators (三员分立) grant roles and read the log; none of them reads a woman's record.

use super::MISSING;
use crate::common::*;
use serde_json::json;

/// A case, a woman and an enterprise of 少林社区, made by district federation staff; their ids.
async fn records(app: &TestApp) -> [i64; 3] {
    let federation = app.district_federation().await;
    let person = register_person(&federation, "郑丽华", "022", SHAOLIN).await;
    let case = open_rights_case(&federation, SHAOLIN, &[person], "单位拖欠三个月工资。").await;
    let enterprise = register_enterprise(&federation, "丰泽巧手服饰", 31, SHAOLIN).await;
    [id_of(&case), person, enterprise]
}

const SECRETS: [&str; 4] = ["郑丽华", "单位拖欠三个月工资", "丰泽巧手服饰", "李经理"];

/// Asserts that `client` reads no record: every list and every id, existing or not, is refused
/// (the role never reaches them) or not found, and nothing of them shows.
async fn assert_reads_no_record(client: &Client, [case, person, enterprise]: [i64; 3]) {
    for path in [
        "/api/v1/people".to_owned(),
        format!("/api/v1/people/{person}"),
        format!("/api/v1/people/{MISSING}"),
        "/api/v1/cases".to_owned(),
        "/api/v1/enterprises".to_owned(),
        format!("/api/v1/enterprises/{enterprise}"),
        format!("/api/v1/enterprises/{enterprise}/public"),
        "/api/v1/seekers".to_owned(),
        "/api/v1/events".to_owned(),
        "/api/v1/employment/dashboard".to_owned(),
    ] {
        assert_refused(&client.get(&path).await, &path, &SECRETS);
    }
    assert_hidden(
        &client.get(&format!("/api/v1/cases/{case}")).await,
        "a case",
        &SECRETS,
    );
    let (status, body) = client.export("/api/v1/people/export", "csv").await;
    assert_eq!(status, 403);
    assert!(!String::from_utf8_lossy(&body).contains("郑丽华"));
}

#[tokio::test]
async fn viewer_sees_figures_only() {
    let app = spawn_app().await;
    let ids = records(&app).await;
    let viewer = app.user("viewer", "viewer", DISTRICT).await;
    let figures = viewer.get("/api/v1/cases/stats").await;
    assert_eq!(figures.status, 200, "{}", figures.text);
    assert_eq!(figures.body["total"], 1);
    assert!(!figures.text.contains("单位拖欠"));
    // Figures that would narrow down to one woman or one case are not figures.
    let narrowed = viewer
        .get(&format!("/api/v1/cases/stats?person_id={}", ids[1]))
        .await;
    assert_eq!(narrowed.body["total"], 1, "{}", narrowed.text);
    assert_reads_no_record(&viewer, ids).await;
}

#[tokio::test]
async fn audit_admin_cannot_read_the_registry_or_employment_records() {
    let app = spawn_app().await;
    let ids = records(&app).await;
    assert_reads_no_record(&app.auditor().await, ids).await;
}

#[tokio::test]
async fn security_admin_cannot_read_the_registry_or_employment_records() {
    let app = spawn_app().await;
    let ids = records(&app).await;
    assert_reads_no_record(&app.security_admin().await, ids).await;
}

#[tokio::test]
async fn only_the_audit_admin_reads_the_audit_log() {
    let app = spawn_app().await;
    records(&app).await;
    let read = app.auditor().await.get("/api/v1/audit").await;
    assert_eq!(read.status, 200, "{}", read.text);
    for client in [
        app.admin().await,
        app.security_admin().await,
        app.user("street_fed", "federation", EAST_LAKE_STREET).await,
    ] {
        assert_refused(&client.get("/api/v1/audit").await, "the audit log", &[]);
    }
}

#[tokio::test]
async fn a_security_admin_cannot_grant_a_role_outside_her_subtree() {
    let app = spawn_app().await;
    let local = app.user("shaolin_admin", "security_admin", SHAOLIN).await;
    let neighbour = app
        .add_user("donghu_chair", "community", DONGHU, STAFF_PASSWORD)
        .await;
    let path = format!("/api/v1/users/{neighbour}");
    let missing = format!("/api/v1/users/{MISSING}");
    super::assert_same_as_missing(
        &local.patch(&path, json!({ "role": "viewer" })).await,
        &local.patch(&missing, json!({ "role": "viewer" })).await,
        "change a neighbouring community's user",
        &["donghu_chair"],
    );
    super::assert_same_as_missing(
        &local.reset_password(neighbour, "Nw-7#2026plum").await,
        &local.reset_password(MISSING, "Nw-7#2026plum").await,
        "reset a neighbouring community's password",
        &["donghu_chair"],
    );
    // Her password and role are as they were.
    let back = app.login("donghu_chair", STAFF_PASSWORD).await;
    assert_eq!(back.get("/api/v1/me").await.body["role"], "community");
}
