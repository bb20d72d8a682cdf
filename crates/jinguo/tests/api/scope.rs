//! Scope: a user sees records of their unit's subtree only; outside it answers 404.

use crate::common::*;
use serde_json::json;

const EAST_LAKE_STREET: &str = "350503001000";
const SHAOLIN: &str = "350503001001";
const DONGHU: &str = "350503001002";

#[tokio::test]
async fn community_chair_sees_only_her_community_in_the_org_tree() {
    let app = spawn_app().await;
    app.add_user("chair", "community", SHAOLIN, "Ch-air#2026pass")
        .await;
    let units = app
        .login("chair", "Ch-air#2026pass")
        .await
        .get("/api/v1/units")
        .await;
    let codes: Vec<&str> = units
        .body
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|u| u["code"].as_str())
        .collect();
    assert_eq!(codes, vec![SHAOLIN]);
}

#[tokio::test]
async fn street_officer_sees_her_street_and_its_communities() {
    let app = spawn_app().await;
    app.add_user("officer", "street", EAST_LAKE_STREET, "Of-ficer#2026x")
        .await;
    let units = app
        .login("officer", "Of-ficer#2026x")
        .await
        .get("/api/v1/units")
        .await;
    let list = units.body.as_array().expect("list");
    assert_eq!(list[0]["code"], EAST_LAKE_STREET);
    assert!(list.len() > 2);
    assert!(list.iter().all(|u| u["code"]
        .as_str()
        .is_some_and(|c| c.starts_with("350503001"))));
}

#[tokio::test]
async fn community_security_admin_cannot_read_a_neighbouring_communitys_user() {
    let app = spawn_app().await;
    app.add_user("shaolin_admin", "security_admin", SHAOLIN, "Sh-aolin#2026x")
        .await;
    let own = app
        .add_user("shaolin_chair", "community", SHAOLIN, "Ch-air#2026pass")
        .await;
    let neighbour = app
        .add_user("donghu_chair", "community", DONGHU, "Ch-air#2026pass")
        .await;
    let client = app.login("shaolin_admin", "Sh-aolin#2026x").await;
    assert_eq!(
        client.get(&format!("/api/v1/users/{own}")).await.status,
        200
    );
    let hidden = client.get(&format!("/api/v1/users/{neighbour}")).await;
    assert_eq!(hidden.status, 404, "outside scope answers 404, not 403");
    assert_eq!(hidden.body["error"]["code"], "not_found");
    let listed = client.get("/api/v1/users").await;
    let names: Vec<&str> = listed.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|u| u["username"].as_str())
        .collect();
    assert!(
        names.contains(&"shaolin_chair") && !names.contains(&"donghu_chair"),
        "{names:?}"
    );
    let patch = client
        .patch(
            &format!("/api/v1/users/{neighbour}"),
            json!({ "disabled": true }),
        )
        .await;
    assert_eq!(patch.status, 404);
    let move_out = client.post(
        "/api/v1/users",
        json!({ "username": "x2", "role": "community", "unit_code": DONGHU, "password": "Ch-air#2026pass" }),
    );
    assert_eq!(
        move_out.await.body["error"]["code"],
        "unknown_unit",
        "cannot create users outside the subtree"
    );
}

#[tokio::test]
async fn the_district_admin_sees_the_whole_demo_district() {
    let app = spawn_app().await;
    let units = app.admin().await.get("/api/v1/units").await;
    let list = units.body.as_array().expect("list");
    let count = |level: &str| list.iter().filter(|u| u["level"] == level).count();
    assert_eq!(count("district"), 1);
    assert_eq!(count("street"), 8);
    assert!(count("community") >= 70);
    assert_eq!(
        list[0],
        json!({ "code": "350503000000", "name": "丰泽区", "level": "district", "parent_code": null })
    );
}

// ---- one test per scope rule, named after it: outside the caller's subtree a record is 404 for
// reads and for writes, as if it did not exist (never 403, which would confirm it does) ----

/// Another street of the demo district (丰泽街道), outside 东湖街道's subtree.
const OTHER_STREET: &str = "350503002000";

fn id_number_of(seq: &str) -> String {
    jinguo_domain::identity::with_check_char(&format!("35050319900308{seq}")).expect("17 digits")
}

/// An officer of another street, signed in.
async fn other_street_officer(app: &TestApp) -> Client {
    app.add_user("other_officer", "street", OTHER_STREET, "Ot-her#2026pass")
        .await;
    app.login("other_officer", "Ot-her#2026pass").await
}

fn assert_not_found(reply: &Reply, what: &str) {
    assert_eq!(reply.status, 404, "{what}: {}", reply.text);
}

#[tokio::test]
async fn street_officer_cannot_read_or_change_another_streets_person() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let created = admin
        .post(
            "/api/v1/people",
            json!({ "name": "郑丽华", "id_number": id_number_of("022"), "unit_code": SHAOLIN }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_i64().expect("id");
    let officer = other_street_officer(&app).await;
    let path = format!("/api/v1/people/{id}");
    assert_not_found(&officer.get(&path).await, "read");
    assert_not_found(
        &officer.patch(&path, json!({ "name": "改名" })).await,
        "change",
    );
    assert_not_found(
        &officer.post(&format!("{path}/reveal"), json!({})).await,
        "reveal",
    );
    let found = officer
        .get(&format!("/api/v1/people?q={}", id_number_of("022")))
        .await;
    assert_eq!(found.body["total"], 0, "{}", found.text);
}

#[tokio::test]
async fn street_officer_cannot_read_or_move_another_streets_case() {
    let app = spawn_app().await;
    app.add_user(
        "district_clerk",
        "federation",
        "350503000000",
        "Cl-erk#2026pass",
    )
    .await;
    let clerk = app.login("district_clerk", "Cl-erk#2026pass").await;
    let created = clerk
        .post(
            "/api/v1/cases",
            json!({ "kind": "rights", "channel": "walk_in", "category": "employment",
                    "unit_code": SHAOLIN, "narrative": "单位拖欠三个月工资。" }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_i64().expect("id");
    let officer = other_street_officer(&app).await;
    let path = format!("/api/v1/cases/{id}");
    assert_not_found(&officer.get(&path).await, "read");
    assert_not_found(
        &officer
            .post(
                &format!("{path}/entries"),
                json!({ "kind": "note", "body": "越权记录" }),
            )
            .await,
        "add an entry",
    );
    assert_not_found(
        &officer
            .post(
                &format!("{path}/transition"),
                json!({ "to": "in_progress" }),
            )
            .await,
        "move",
    );
    let listed = officer.get("/api/v1/cases").await;
    assert_eq!(listed.body["total"], 0, "{}", listed.text);
}

#[tokio::test]
async fn street_officer_cannot_read_or_change_another_streets_household() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let created = admin
        .post(
            "/api/v1/households",
            json!({ "name": "郑家", "unit_code": SHAOLIN }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_i64().expect("id");
    let hers = admin
        .post(
            "/api/v1/people",
            json!({ "name": "黄美珍", "id_number": id_number_of("042"), "unit_code": OTHER_STREET }),
        )
        .await;
    assert_eq!(hers.status, 201, "{}", hers.text);
    let officer = other_street_officer(&app).await;
    let path = format!("/api/v1/households/{id}");
    assert_not_found(&officer.get(&path).await, "read");
    assert_not_found(
        &officer
            .post(
                &format!("{path}/members"),
                json!({ "person_id": hers.body["id"], "relation": "spouse" }),
            )
            .await,
        "add a member",
    );
}
