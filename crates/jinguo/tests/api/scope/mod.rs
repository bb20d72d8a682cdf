//! Scope: a user sees the records of her unit's subtree only (docs/security.md, "Role × resource
//! matrix"). One test per rule, named after it, so a rule is found by its name; roles.rs checks
//! the matrix cell by cell, these check what each rule promises: the exact answer, and that
//! nothing of the record leaks through it.
//!
//! Outside the caller's reach a record answers 404 for reads and for every write, the same answer
//! as an id that names nothing; 403 only where the caller sees the record but her role may not do
//! that, or where her role never reaches that kind of record (the same answer for every id).

mod administration;
mod cases;
mod employment;
mod people;

use crate::common::*;
use serde_json::json;

/// An id that names no record of any kind.
pub const MISSING: i64 = 4_242_424_242;

/// The caller's answer for a record out of her reach is the answer for a record that does not
/// exist: 404 `not_found`, the same body but for the id, and nothing of the record in it.
pub fn assert_same_as_missing(out_of_reach: &Reply, missing: &Reply, what: &str, secrets: &[&str]) {
    assert_hidden(out_of_reach, what, secrets);
    assert_eq!(
        missing.status, 404,
        "{what} of a missing record: {}",
        missing.text
    );
    assert_eq!(
        out_of_reach.body["error"]["code"], missing.body["error"]["code"],
        "{what}: {} / {}",
        out_of_reach.text, missing.text
    );
    assert_eq!(
        out_of_reach.body["error"]["field"], missing.body["error"]["field"],
        "{what}: {} / {}",
        out_of_reach.text, missing.text
    );
}

/// The ids of a list answer's `items`.
pub fn listed_ids(reply: &Reply) -> Vec<i64> {
    assert_eq!(reply.status, 200, "{}", reply.text);
    numbers(&reply.body["items"], "id")
}

#[tokio::test]
async fn community_chair_sees_only_her_community_in_the_org_tree() {
    let app = spawn_app().await;
    let units = app
        .user_with_password("chair", "community", SHAOLIN, "Ch-air#2026pass")
        .await
        .get("/api/v1/units")
        .await;
    let codes = strings(&units.body, "code");
    assert_eq!(codes, vec![SHAOLIN]);
}

#[tokio::test]
async fn street_officer_sees_her_street_and_its_communities() {
    let app = spawn_app().await;
    let units = app
        .user_with_password("officer", "street", EAST_LAKE_STREET, "Of-ficer#2026x")
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
    let names = strings(&listed.body["items"], "username");
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
