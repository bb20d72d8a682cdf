//! Children's work over HTTP (issue #13, point 6): children are registry people under 18 with a
//! guardian and, under 14, the guardian's consent; their records are read by the roles that work
//! with children, inside their subtree, and every read is audited.

use crate::common::*;
use serde_json::{json, Value};

/// Born 2020-03-01: 6 on the test clock's day (2026-09), a child who needs consent.
fn young_id(seq: &str) -> String {
    id_number("20200301", seq)
}

/// Born 2011-03-01: 15, a child registered without consent.
fn teen_id(seq: &str) -> String {
    id_number("20110301", seq)
}

fn young_child(seq: &str, unit: &str) -> Value {
    json!({ "name": "林小雨", "id_number": young_id(seq), "unit_code": unit,
            "tags": ["left_behind_child"],
            "guardian": { "name": "林秀英", "phone": "13812345678", "relation": "grandparent" },
            "consent": { "given_by": "林秀英", "given_on": "2026-09-01" } })
}

async fn register(client: &Client, body: Value) -> i64 {
    id_of(&created(client.post("/api/v1/children", body).await))
}

async fn children_count(app: &TestApp) -> i64 {
    sql_count(app, "SELECT COUNT(*) FROM child_guardians").await
}

#[tokio::test]
async fn a_child_is_registered_with_her_guardian_and_consent_and_read_masked() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let reply = fed
        .post("/api/v1/children", young_child("002", SHAOLIN))
        .await;
    let child = created(reply);
    assert_eq!(child["name"], "林小雨");
    assert_eq!(child["tags"], json!(["left_behind_child"]));
    assert_eq!(child["guardians"][0]["name_masked"], "林**");
    assert_eq!(child["guardians"][0]["phone_masked"], "138****5678");
    assert_eq!(child["guardians"][0]["relation"], "grandparent");
    assert_eq!(child["consents"][0]["given_on"], "2026-09-01");
    assert_eq!(child["consents"][0]["given_by_masked"], "林**");
    let id = id_of(&child);

    // She is a registry person too, found by the registry's own search terms.
    let person = fed.get(&format!("/api/v1/people/{id}")).await;
    assert_eq!(person.status, 200, "{}", person.text);
    let found = fed.get("/api/v1/children?q=lxy").await;
    assert_eq!(found.body["total"], 1, "{}", found.text);

    let read = fed.get(&format!("/api/v1/children/{id}")).await;
    assert_eq!(read.status, 200, "{}", read.text);
    read.assert_lacks("13812345678", "the phone is masked");
    read.assert_lacks("林秀英", "the guardian's name is masked");

    let revealed = fed
        .post(&format!("/api/v1/children/{id}/reveal"), json!({}))
        .await;
    assert_eq!(revealed.status, 200, "{}", revealed.text);
    assert_eq!(revealed.body["guardians"][0]["phone"], "13812345678");
    assert_eq!(revealed.body["guardians"][0]["name"], "林秀英");
    assert_eq!(revealed.body["consents_given_by"][0], "林秀英");
}

#[tokio::test]
async fn every_bad_child_is_refused_naming_its_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let without = |key: &str| {
        let mut body = young_child("004", SHAOLIN);
        body.as_object_mut().expect("object").remove(key);
        body
    };
    let with = |pointer: &str, value: Value| {
        let mut body = young_child("004", SHAOLIN);
        *body.pointer_mut(pointer).expect(pointer) = value;
        body
    };
    let cases = [
        (without("guardian"), "guardian", "guardian_required"),
        (without("consent"), "consent", "guardian_consent_required"),
        (
            with("/id_number", json!(id_number("20000301", "004"))),
            "id_number",
            "child_not_minor",
        ),
        (
            with("/guardian/relation", json!("neighbour")),
            "guardian.relation",
            "unknown_relation",
        ),
        (
            with("/guardian/phone", json!("12345")),
            "guardian.phone",
            "phone_invalid",
        ),
        (
            with("/guardian/phone", Value::Null),
            "guardian.phone",
            "guardian_phone_required",
        ),
        (
            with("/guardian/name", json!("")),
            "guardian.name",
            "name_missing",
        ),
        (
            with("/consent/given_on", json!("2099-01-01")),
            "consent.given_on",
            "consent_date_invalid",
        ),
        (
            with("/consent/given_by", json!("x")),
            "consent.given_by",
            "name_bad_length",
        ),
        (
            with("/tags", json!(["poor_mother"])),
            "tags",
            "tag_does_not_fit",
        ),
        (
            with("/unit_code", json!(OTHER_STREET.replace("000", "999"))),
            "unit_code",
            "unknown_unit",
        ),
        (
            with(
                "/guardian",
                json!({ "person_id": 999_999, "relation": "mother" }),
            ),
            "guardian.person_id",
            "unknown_person",
        ),
    ];
    for (body, field, code) in cases {
        let reply = fed.post("/api/v1/children", body).await;
        reply.assert_invalid(field, code);
    }
    assert_eq!(children_count(&app).await, 0, "nothing is written");
    let people = fed.get("/api/v1/people").await;
    assert_eq!(people.body["total"], 0, "no person either: {}", people.text);

    // A child of 14 or more needs no consent; an adult's children's tag is refused.
    let mut teen = young_child("006", SHAOLIN);
    teen["id_number"] = json!(teen_id("006"));
    teen.as_object_mut().expect("object").remove("consent");
    register(&fed, teen).await;
    let adult = json!({ "name": "王芳", "id_number": id_number("19900301", "008"),
                        "unit_code": SHAOLIN, "tags": ["migrant_child"] });
    fed.post("/api/v1/people", adult)
        .await
        .assert_invalid("tags", "tag_does_not_fit");
}

#[tokio::test]
async fn a_household_member_in_the_registry_may_be_the_guardian() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let mother = register_person(&fed, "陈丽华", "010", SHAOLIN).await;
    let mut body = young_child("012", SHAOLIN);
    body["guardian"] = json!({ "person_id": mother, "relation": "mother" });
    let child = created(fed.post("/api/v1/children", body).await);
    assert_eq!(child["guardians"][0]["person_id"], mother);
    assert_eq!(child["guardians"][0]["name_masked"], "陈**");
    assert_eq!(child["guardians"][0]["phone_masked"], "139****0010");

    // A child is no guardian.
    let mut body = young_child("014", SHAOLIN);
    body["guardian"] = json!({ "person_id": id_of(&child), "relation": "sibling" });
    fed.post("/api/v1/children", body)
        .await
        .assert_invalid("guardian.person_id", "guardian_not_adult");
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_child() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let id = register(&fed, young_child("020", SHAOLIN)).await;
    let other = app.other_street_officer().await;
    let own = app.east_lake_officer().await;
    assert_eq!(own.get(&format!("/api/v1/children/{id}")).await.status, 200);
    assert_eq!(own.get("/api/v1/children").await.body["total"], 1);
    assert_eq!(
        other.get(&format!("/api/v1/children/{id}")).await.status,
        404
    );
    assert_eq!(
        other
            .post(&format!("/api/v1/children/{id}/reveal"), json!({}))
            .await
            .status,
        404
    );
    let list = other.get("/api/v1/children").await;
    assert_eq!(list.status, 200);
    assert_eq!(list.body["total"], 0, "{}", list.text);
    let filtered = other
        .get(&format!("/api/v1/children?unit_code={SHAOLIN}"))
        .await;
    filtered.assert_invalid("unit_code", "unknown_unit");
}

#[tokio::test]
async fn street_officer_cannot_change_another_streets_child() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let mut teen = young_child("022", SHAOLIN);
    teen["id_number"] = json!(teen_id("022"));
    let id = register(&fed, teen).await;
    let other = app.other_street_officer().await;
    let consent = json!({ "given_by": "林秀英", "given_on": "2026-09-02" });
    let reply = other
        .post(&format!("/api/v1/children/{id}/consents"), consent.clone())
        .await;
    assert_eq!(reply.status, 404, "{}", reply.text);
    // Registering a child in another street's community is an unknown unit, as for any person.
    let reply = other
        .post("/api/v1/children", young_child("024", SHAOLIN))
        .await;
    reply.assert_invalid("unit_code", "unknown_unit");
    assert_eq!(children_count(&app).await, 1);
    let community = app.user("shaolin", "community", SHAOLIN).await;
    let reply = community
        .post(&format!("/api/v1/children/{id}/consents"), consent)
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.body["consents"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn caseworker_cannot_read_children() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let id = register(&fed, young_child("030", SHAOLIN)).await;
    for (name, role) in [
        ("caseworker", "caseworker"),
        ("leader", "leader"),
        ("viewer", "viewer"),
        ("admin_two", "admin"),
    ] {
        let client = app.user(name, role, DISTRICT).await;
        for reply in [
            client.get("/api/v1/children").await,
            client.get(&format!("/api/v1/children/{id}")).await,
            client.get("/api/v1/children/999999").await,
            client
                .post(&format!("/api/v1/children/{id}/reveal"), json!({}))
                .await,
            client
                .post("/api/v1/children", young_child("032", SHAOLIN))
                .await,
        ] {
            assert_eq!(reply.status, 403, "{role}: {}", reply.text);
        }
    }
    let department = app.department_user("legal", "legal_aid").await;
    assert_eq!(department.get("/api/v1/children").await.status, 403);
    assert_eq!(children_count(&app).await, 1);
}

#[tokio::test]
async fn every_read_of_a_child_is_audited() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let id = register(&fed, young_child("040", SHAOLIN)).await;
    let community = app.user("shaolin", "community", SHAOLIN).await;
    assert_eq!(
        community
            .get(&format!("/api/v1/children/{id}"))
            .await
            .status,
        200
    );
    assert_eq!(community.get("/api/v1/children").await.status, 200);
    let id_text = id.to_string();
    let audit = app.auditor().await;
    let child_events = audit.get("/api/v1/audit?entity=child&per_page=200").await;
    let events = child_events.body["items"].as_array().expect("events");
    let read = events.iter().any(|e| {
        e["action"] == "read"
            && e["actor"] == "shaolin"
            && e["entity_id"].as_str() == Some(id_text.as_str())
    });
    assert!(read, "the child's page: {}", child_events.text);
    assert!(
        events
            .iter()
            .any(|e| e["action"] == "create" && e["entity_id"].as_str() == Some(id_text.as_str())),
        "the registration"
    );
    let lists = audit
        .get("/api/v1/audit?entity=children&per_page=200")
        .await;
    let listed = lists.body["items"]
        .as_array()
        .expect("events")
        .iter()
        .any(|e| {
            e["action"] == "read" && e["actor"] == "shaolin" && e["detail"]["ids"] == json!([id])
        });
    assert!(listed, "the list, with the ids shown: {}", lists.text);
}

#[tokio::test]
async fn a_guardians_name_phone_and_consent_are_stored_sealed() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let mut body = young_child("050", SHAOLIN);
    body["guardian"] = json!({ "name": "欧阳监护", "phone": "13987654321", "relation": "father" });
    body["consent"] = json!({ "given_by": "欧阳同意", "given_on": "2026-09-01" });
    register(&fed, body).await;
    let plain = sql_count(
        &app,
        "SELECT COUNT(*) FROM child_guardians WHERE name_cipher IS NOT NULL \
             AND phone_cipher IS NOT NULL AND phone_masked = '139****4321'",
    )
    .await;
    assert_eq!(plain, 1);
    // No column of either table holds the plain text.
    let guardians = sql_rows(
        &app,
        "SELECT name_cipher, phone_cipher, phone_masked, relation FROM child_guardians",
    )
    .await;
    let consents = sql_rows(&app, "SELECT given_by_cipher, given_on FROM child_consents").await;
    let mut stored: Vec<u8> = Vec::new();
    for row in &guardians {
        for column in ["name_cipher", "phone_cipher"] {
            stored.extend(row.get::<Vec<u8>>(column).expect(column));
        }
        for column in ["phone_masked", "relation"] {
            stored.extend(row.get::<String>(column).expect(column).into_bytes());
        }
    }
    for row in &consents {
        stored.extend(row.get::<Vec<u8>>("given_by_cipher").expect("given_by"));
        stored.extend(
            row.get::<String>("given_on")
                .expect("given_on")
                .into_bytes(),
        );
    }
    assert_eq!((guardians.len(), consents.len()), (1, 1));
    for needle in ["欧阳监护", "13987654321", "欧阳同意"] {
        let found = bytes_contain(&stored, needle.as_bytes());
        assert!(!found, "{needle} is stored in plain text");
    }
}

#[tokio::test]
async fn a_child_is_registered_on_the_form_and_refused_without_consent_under_14() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let form = app.user("shaolin", "community", SHAOLIN).await;
    let form_csrf = form.csrf.clone().expect("csrf");
    assert_eq!(fed.get("/children/new").await.status, 200);
    let id = young_id("060");
    let mut fields = vec![
        ("csrf", form_csrf.as_str()),
        ("name", "林小雨"),
        ("id_number", id.as_str()),
        ("unit_code", SHAOLIN),
        ("tags", "left_behind_child"),
        ("guardian_name", "林秀英"),
        ("guardian_phone", "13812345678"),
        ("guardian_relation", "grandparent"),
    ];
    let reply = form.post_form("/children", &fields).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    reply.assert_contains("id=\"consent-error\"");
    reply.assert_shows("value=\"林小雨\"", "typed values are kept");
    assert_eq!(children_count(&app).await, 0);

    fields.push(("consent_given_by", "林秀英"));
    fields.push(("consent_given_on", "2026-09-01"));
    let reply = form.post_form("/children", &fields).await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let location = reply.headers["location"].to_str().expect("location");
    let page = form.get(location).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("林小雨") && page.text.contains("138****5678"));
    assert!(!page.text.contains("13812345678"));
    let list = fed.get("/children").await;
    assert_eq!(list.status, 200);
    assert!(list.text.contains("林小雨") && list.text.contains("nav-children"));

    let caseworker = app.user("cw", "caseworker", EAST_LAKE_STREET).await;
    let home = caseworker.get("/").await;
    home.assert_lacks("nav-children", "no menu entry");
    assert_eq!(caseworker.get("/children").await.status, 403);
    assert_eq!(caseworker.get(location).await.status, 403);
    let other = app.other_street_officer().await;
    assert_eq!(other.get(location).await.status, 404);
}
