//! The registry's scope rules: people and households of the caller's subtree only; a caseworker
//! the people of her cases only; leaders, departments and viewers no registry at all.

use super::{assert_same_as_missing, listed_ids, MISSING};
use crate::common::*;
use serde_json::json;

const NAME: &str = "郑丽华";
const SEQ: &str = "022";

/// 郑丽华 of 少林社区, registered by district federation staff, with the app and her id.
struct Registry {
    app: TestApp,
    federation: Client,
    person: i64,
}

async fn registry() -> Registry {
    let app = spawn_app().await;
    let federation = app.district_federation().await;
    let person = register_person(&federation, NAME, SEQ, SHAOLIN).await;
    Registry {
        app,
        federation,
        person,
    }
}

/// Her full ID number and phone: what a leak would show.
fn full_numbers() -> [String; 2] {
    [id_number("19880512", SEQ), format!("139{SEQ:0>8}")]
}

/// What the district federation reads of her now.
async fn as_registered(r: &Registry) -> serde_json::Value {
    let read = r
        .federation
        .get(&format!("/api/v1/people/{}", r.person))
        .await;
    assert_eq!(read.status, 200, "{}", read.text);
    read.body
}

/// Asserts that `client` finds no trace of her: not by id, not in the list, not by name, ID
/// number or phone, not through her households.
async fn assert_out_of_sight(client: &Client, person: i64) {
    let [id_number, phone] = full_numbers();
    let path = format!("/api/v1/people/{person}");
    assert_hidden(&client.get(&path).await, "read", &[NAME]);
    assert_hidden(
        &client.get(&format!("{path}/households")).await,
        "her households",
        &[NAME],
    );
    let listed = client.get("/api/v1/people").await;
    assert!(!listed_ids(&listed).contains(&person), "{}", listed.text);
    assert!(!listed.text.contains(NAME));
    for q in [NAME, id_number.as_str(), phone.as_str()] {
        let found = client.get(&format!("/api/v1/people?q={q}")).await;
        assert_eq!(found.body["total"], 0, "search {q}: {}", found.text);
    }
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_person() {
    let r = registry().await;
    let officer = r.app.user("other_officer", "street", OTHER_STREET).await;
    assert_out_of_sight(&officer, r.person).await;
    let page = officer.get(&format!("/people/{}", r.person)).await;
    assert_eq!(page.status, 404);
    assert!(!page.text.contains(NAME));
}

#[tokio::test]
async fn refused_person_write_outside_scope_is_404_not_403() {
    let r = registry().await;
    let officer = r.app.user("other_officer", "street", OTHER_STREET).await;
    let [id_number, phone] = full_numbers();
    let secrets = [NAME, id_number.as_str(), phone.as_str()];
    let before = as_registered(&r).await;
    let hers = |tail: &str| format!("/api/v1/people/{}{tail}", r.person);
    let missing = |tail: &str| format!("/api/v1/people/{MISSING}{tail}");
    assert_same_as_missing(
        &officer.patch(&hers(""), json!({ "name": "改名" })).await,
        &officer.patch(&missing(""), json!({ "name": "改名" })).await,
        "change",
        &secrets,
    );
    assert_same_as_missing(
        &officer.send_delete(&hers("")).await,
        &officer.send_delete(&missing("")).await,
        "delete",
        &secrets,
    );
    assert_same_as_missing(
        &officer.post(&hers("/reveal"), json!({})).await,
        &officer.post(&missing("/reveal"), json!({})).await,
        "reveal",
        &secrets,
    );
    assert_eq!(as_registered(&r).await, before, "nothing was changed");
}

#[tokio::test]
async fn community_officer_cannot_read_a_neighbouring_communitys_person() {
    let r = registry().await;
    let chair = r.app.user("donghu_chair", "community", DONGHU).await;
    assert_out_of_sight(&chair, r.person).await;
}

#[tokio::test]
async fn community_officer_cannot_write_a_neighbouring_communitys_person() {
    let r = registry().await;
    let chair = r.app.user("donghu_chair", "community", DONGHU).await;
    let before = as_registered(&r).await;
    let path = format!("/api/v1/people/{}", r.person);
    let [id_number, phone] = full_numbers();
    let secrets = [NAME, id_number.as_str(), phone.as_str()];
    assert_hidden(
        &chair.patch(&path, json!({ "notes": "越权修改" })).await,
        "change",
        &secrets,
    );
    assert_hidden(&chair.send_delete(&path).await, "delete", &secrets);
    assert_hidden(
        &chair.post(&format!("{path}/reveal"), json!({})).await,
        "reveal",
        &secrets,
    );
    assert_eq!(as_registered(&r).await, before, "nothing was changed");
}

#[tokio::test]
async fn community_officer_cannot_register_or_move_a_person_outside_her_community() {
    let r = registry().await;
    let chair = r.app.user("shaolin_chair", "community", SHAOLIN).await;
    let outside = chair
        .post(
            "/api/v1/people",
            json!({ "name": "林美华", "id_number": id_number("19880512", "044"),
                    "unit_code": DONGHU }),
        )
        .await;
    outside.assert_invalid("unit_code", "unknown_unit");
    let moved = chair
        .patch(
            &format!("/api/v1/people/{}", r.person),
            json!({ "unit_code": DONGHU }),
        )
        .await;
    moved.assert_error(422, "unknown_unit");
    assert_eq!(as_registered(&r).await["unit_code"], SHAOLIN);
    let found = r
        .federation
        .get(&format!(
            "/api/v1/people?q={}",
            id_number("19880512", "044")
        ))
        .await;
    assert_eq!(found.body["total"], 0, "nobody was registered outside");
}

/// A caseworker with one case: 郑丽华 is in it, 陈美玲 of the same community is not.
struct Casework {
    r: Registry,
    worker: Client,
    outsider: i64,
}

async fn casework() -> Casework {
    let r = registry().await;
    let worker = r.app.user("worker", "caseworker", DISTRICT).await;
    let outsider = register_person(&r.federation, "陈美玲", "046", SHAOLIN).await;
    let case = open_rights_case(&r.federation, SHAOLIN, &[r.person], "丈夫不给生活费。").await;
    assign_case(&r.federation, id_of(&case), "worker").await;
    Casework {
        r,
        worker,
        outsider,
    }
}

#[tokio::test]
async fn caseworker_sees_only_people_of_her_cases() {
    let c = casework().await;
    let list = c.worker.get("/api/v1/people").await;
    assert_eq!(listed_ids(&list), vec![c.r.person], "{}", list.text);
    assert_eq!(list.body["total"], 1);
    assert!(!list.text.contains("陈美玲"));
    let searched = c.worker.get("/api/v1/people?q=陈美玲").await;
    assert_eq!(searched.body["total"], 0, "{}", searched.text);
    let path = format!("/api/v1/people/{}", c.outsider);
    assert_hidden(&c.worker.get(&path).await, "read", &["陈美玲"]);
    let hers = c
        .worker
        .get(&format!("/api/v1/people/{}", c.r.person))
        .await;
    assert_eq!(hers.status, 200, "{}", hers.text);
    assert_eq!(hers.body["name"], NAME);
}

#[tokio::test]
async fn caseworker_reveals_only_the_people_of_her_cases() {
    let c = casework().await;
    let [full_id, _] = full_numbers();
    let hers = c
        .worker
        .post(&format!("/api/v1/people/{}/reveal", c.r.person), json!({}))
        .await;
    assert_eq!(hers.status, 200, "{}", hers.text);
    assert_eq!(hers.body["id_number"], full_id.as_str());
    let other = c
        .worker
        .post(&format!("/api/v1/people/{}/reveal", c.outsider), json!({}))
        .await;
    assert_hidden(
        &other,
        "reveal outside her cases",
        &["陈美玲", &id_number("19880512", "046")],
    );
}

#[tokio::test]
async fn caseworker_cannot_change_a_person_of_her_case() {
    let c = casework().await;
    let before = as_registered(&c.r).await;
    let path = format!("/api/v1/people/{}", c.r.person);
    let change = c
        .worker
        .patch(&path, json!({ "notes": "已电话回访" }))
        .await;
    assert_refused(&change, "change the person of her case", &[]);
    assert_refused(&c.worker.send_delete(&path).await, "delete", &[]);
    assert_eq!(as_registered(&c.r).await, before, "nothing was changed");
}

#[tokio::test]
async fn caseworker_cannot_change_a_person_outside_her_cases_and_is_told_404() {
    let c = casework().await;
    assert_same_as_missing(
        &c.worker
            .patch(
                &format!("/api/v1/people/{}", c.outsider),
                json!({ "notes": "已电话回访" }),
            )
            .await,
        &c.worker
            .patch(
                &format!("/api/v1/people/{MISSING}"),
                json!({ "notes": "已电话回访" }),
            )
            .await,
        "change outside her cases",
        &["陈美玲"],
    );
}

#[tokio::test]
async fn caseworker_cannot_export() {
    let c = casework().await;
    register_enterprise(&c.r.federation, "丰泽巧手服饰", 11, SHAOLIN).await;
    let (status, body) = c.worker.export("/api/v1/people/export", "csv").await;
    assert_eq!(status, 403);
    let text = String::from_utf8_lossy(&body);
    assert!(
        !text.contains(NAME) && !text.contains(&full_numbers()[0]),
        "{text}"
    );
    let (status, body) = c.worker.export("/api/v1/enterprises/export", "csv").await;
    assert_eq!(status, 403);
    assert!(!String::from_utf8_lossy(&body).contains("13905951234"));
    let page = c.worker.get("/people").await;
    page.assert_lacks("id=\"export-csv\"", "no export button");
}

#[tokio::test]
async fn caseworker_cannot_read_the_households_of_the_registry() {
    let c = casework().await;
    let household = register_household(&c.r.federation, "郑家", SHAOLIN).await;
    let joined =
        c.r.federation
            .post(
                &format!("/api/v1/households/{household}/members"),
                json!({ "person_id": c.r.person, "relation": "head" }),
            )
            .await;
    assert_eq!(joined.status, 200, "{}", joined.text);
    assert_refused(
        &c.worker
            .get(&format!("/api/v1/households/{household}"))
            .await,
        "the household of her case's woman",
        &["郑家"],
    );
    assert_refused(
        &c.worker
            .get(&format!("/api/v1/people/{}/households", c.r.person))
            .await,
        "her households",
        &["郑家"],
    );
}

#[tokio::test]
async fn community_officer_cannot_export_people() {
    let r = registry().await;
    let chair = r.app.user("shaolin_chair", "community", SHAOLIN).await;
    let (status, body) = chair.export("/api/v1/people/export", "csv").await;
    assert_eq!(status, 403);
    assert!(!String::from_utf8_lossy(&body).contains(NAME));
}

#[tokio::test]
async fn admin_reads_the_registry_masked_and_neither_reveals_nor_exports() {
    let r = registry().await;
    let admin = r.app.admin().await;
    let [id_number, phone] = full_numbers();
    let read = admin.get(&format!("/api/v1/people/{}", r.person)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["name"], NAME);
    assert!(!read.text.contains(&id_number) && !read.text.contains(&phone));
    let reveal = admin
        .post(&format!("/api/v1/people/{}/reveal", r.person), json!({}))
        .await;
    assert_refused(&reveal, "reveal", &[&id_number, &phone]);
    let (status, body) = admin.export("/api/v1/people/export", "csv").await;
    assert_eq!(status, 403);
    assert!(!String::from_utf8_lossy(&body).contains(&id_number));
}

/// Asserts the answer of a role that never reaches the registry: 403 for the list and for every
/// id alike, existing or not, so it tells nothing about one.
async fn assert_no_registry(client: &Client, person: i64) {
    let list = client.get("/api/v1/people").await;
    assert_refused(&list, "list", &[NAME]);
    let hers = client.get(&format!("/api/v1/people/{person}")).await;
    let missing = client.get(&format!("/api/v1/people/{MISSING}")).await;
    assert_refused(&hers, "read", &[NAME]);
    assert_eq!(hers.body, missing.body, "the same answer for every id");
    assert_refused(
        &client
            .post(&format!("/api/v1/people/{person}/reveal"), json!({}))
            .await,
        "reveal",
        &[NAME],
    );
    assert_refused(
        &client
            .get(&format!("/api/v1/people/{person}/households"))
            .await,
        "households",
        &[NAME],
    );
    let (status, body) = client.export("/api/v1/people/export", "csv").await;
    assert_eq!(status, 403);
    assert!(!String::from_utf8_lossy(&body).contains(NAME));
}

#[tokio::test]
async fn leader_cannot_read_the_registry() {
    let r = registry().await;
    let leader = r.app.user("leader", "leader", DISTRICT).await;
    assert_no_registry(&leader, r.person).await;
}

#[tokio::test]
async fn department_cannot_read_the_registry() {
    let r = registry().await;
    let reporter = r.app.department_user("reporter", "legal_aid").await;
    assert_no_registry(&reporter, r.person).await;
}

#[tokio::test]
async fn only_district_staff_merge_two_records_of_one_person() {
    let r = registry().await;
    let twin = register_person(&r.federation, "郑丽华", "048", SHAOLIN).await;
    let officer = r.app.user("officer", "street", EAST_LAKE_STREET).await;
    let merge = officer
        .post(
            &format!("/api/v1/people/{}/merge", r.person),
            json!({ "duplicate_id": twin }),
        )
        .await;
    assert_refused(&merge, "merge by a street officer", &[]);
    let still = r.federation.get(&format!("/api/v1/people/{twin}")).await;
    assert_eq!(still.status, 200, "the duplicate was not retired");
}

// ---- households ----

/// The 郑 household of 少林社区, with 郑丽华 as its head.
async fn household(r: &Registry) -> i64 {
    let id = register_household(&r.federation, "郑家", SHAOLIN).await;
    let joined = r
        .federation
        .post(
            &format!("/api/v1/households/{id}/members"),
            json!({ "person_id": r.person, "relation": "head" }),
        )
        .await;
    assert_eq!(joined.status, 200, "{}", joined.text);
    id
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_household() {
    let r = registry().await;
    let id = household(&r).await;
    let officer = r.app.user("other_officer", "street", OTHER_STREET).await;
    assert_same_as_missing(
        &officer.get(&format!("/api/v1/households/{id}")).await,
        &officer.get(&format!("/api/v1/households/{MISSING}")).await,
        "read",
        &["郑家", NAME],
    );
}

#[tokio::test]
async fn street_officer_cannot_change_another_streets_household() {
    let r = registry().await;
    let id = household(&r).await;
    let officer = r.app.user("other_officer", "street", OTHER_STREET).await;
    let hers = register_person(&r.federation, "黄美珍", "042", OTHER_STREET).await;
    let add = officer
        .post(
            &format!("/api/v1/households/{id}/members"),
            json!({ "person_id": hers, "relation": "spouse" }),
        )
        .await;
    assert_hidden(&add, "add a member", &["郑家", NAME]);
    let remove = officer
        .send_delete(&format!("/api/v1/households/{id}/members/{}", r.person))
        .await;
    assert_hidden(&remove, "remove a member", &["郑家", NAME]);
    let members = r.federation.get(&format!("/api/v1/households/{id}")).await;
    let ids = numbers(&members.body["members"], "person_id");
    assert_eq!(ids, vec![r.person], "{}", members.text);
}

#[tokio::test]
async fn a_household_takes_in_no_person_from_outside_the_callers_scope() {
    let r = registry().await;
    let id = household(&r).await;
    let neighbour = register_person(&r.federation, "吴玉兰", "050", DONGHU).await;
    let chair = r.app.user("shaolin_chair", "community", SHAOLIN).await;
    let add = chair
        .post(
            &format!("/api/v1/households/{id}/members"),
            json!({ "person_id": neighbour, "relation": "child" }),
        )
        .await;
    assert_hidden(&add, "a neighbouring community's woman", &["吴玉兰"]);
    let outside = chair
        .post(
            "/api/v1/households",
            json!({ "name": "吴家", "unit_code": DONGHU }),
        )
        .await;
    outside.assert_error(422, "unknown_unit");
}

#[tokio::test]
async fn a_household_shows_no_member_from_outside_the_readers_scope() {
    let r = registry().await;
    let id = household(&r).await;
    // District staff may put a woman of 东湖社区 into a 少林社区 household (she married there).
    let neighbour = register_person(&r.federation, "吴玉兰", "050", DONGHU).await;
    let joined = r
        .federation
        .post(
            &format!("/api/v1/households/{id}/members"),
            json!({ "person_id": neighbour, "relation": "spouse" }),
        )
        .await;
    assert_eq!(joined.status, 200, "{}", joined.text);
    let chair = r.app.user("shaolin_chair", "community", SHAOLIN).await;
    let read = chair.get(&format!("/api/v1/households/{id}")).await;
    assert_eq!(read.status, 200, "{}", read.text);
    read.assert_shows(NAME, "her own community's member");
    assert!(
        !read.text.contains("吴玉兰") && !read.text.contains(&neighbour.to_string()),
        "a person of 东湖社区 is outside 少林社区's registry: {}",
        read.text
    );
}
