//! The people registry over HTTP: identity rules, privacy, search and scope.

use crate::common::*;
use serde_json::{json, Value};

/// A valid ID number: division, birth date, a sequence (odd 3rd digit = male) and the check.
pub fn id_number(division: &str, birth: &str, seq: &str) -> String {
    jinguo_domain::identity::with_check_char(&format!("{division}{birth}{seq}")).expect("17 digits")
}

const DONGHU: &str = "350503001002";

async fn create(client: &Client, body: Value) -> Reply {
    client.post("/api/v1/people", body).await
}

#[tokio::test]
async fn a_person_gets_sex_and_birth_year_from_the_id_number_and_masks() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = id_number("350503", "19900307", "002");
    let reply = create(
        &admin,
        json!({ "name": "王芳", "id_number": id.to_lowercase(), "phone": "+86 138-1234-5678",
                                        "unit_code": SHAOLIN, "tags": ["低保", "unemployed"] }),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let p = &reply.body;
    assert_eq!(
        (p["sex"].as_str(), p["birth_year"].as_i64()),
        (Some("female"), Some(1990))
    );
    assert!(p.get("birth_date").is_none(), "the date is for the reveal");
    assert_eq!(
        p["id_number_masked"],
        format!("350503**********{}", &id[16..])
    );
    let person = p["id"].as_i64().expect("id");
    // The reveal is federation work, not the admin's.
    let clerk = app
        .user_with_password("clerk", "federation", "350503000000", "Federation#2026")
        .await;
    let revealed = clerk
        .post(&format!("/api/v1/people/{person}/reveal"), json!({}))
        .await;
    assert_eq!(revealed.body["birth_date"], "1990-03-07");
    assert_eq!(p["phone_masked"], "138****5678");
    assert_eq!(p["tags"], json!(["dibao", "unemployed"]));
    reply.assert_lacks(&id, "no full values in responses");
    reply.assert_lacks("13812345678", "no full values in responses");
}

#[tokio::test]
async fn a_duplicate_id_number_is_409_naming_the_existing_record_masked() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = id_number("350503", "19851111", "004");
    assert_eq!(
        create(
            &admin,
            json!({ "name": "李丽", "id_number": id, "unit_code": SHAOLIN }),
        )
        .await
        .status,
        201
    );
    let again = create(
        &admin,
        json!({ "name": "李莉", "id_number": id, "unit_code": DONGHU }),
    )
    .await;
    again.assert_error(409, "duplicate_id_number");
    let message = again.body["error"]["message"].as_str().expect("message");
    assert!(
        message.contains("李*") && message.contains("350503********"),
        "{message}"
    );
    assert!(!message.contains(&id));
}

#[tokio::test]
async fn bad_identities_are_422_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let good = id_number("350503", "19900307", "002");
    let mut bad_check = good.clone();
    bad_check.replace_range(17.., if good.ends_with('0') { "1" } else { "0" });
    for (body, field, code) in [
        (
            json!({ "name": "王芳", "id_number": bad_check, "unit_code": SHAOLIN }),
            "id_number",
            "id_number_bad_check_character",
        ),
        (
            json!({ "name": "王芳", "id_number": "3.50503E+17", "unit_code": SHAOLIN }),
            "id_number",
            "id_number_excel_mangled",
        ),
        (
            json!({ "name": "王芳", "id_number": good, "unit_code": SHAOLIN, "sex": "男" }),
            "sex",
            "sex_conflicts_with_id",
        ),
        (
            json!({ "name": "王", "id_number": good, "unit_code": SHAOLIN }),
            "name",
            "name_bad_length",
        ),
        (
            json!({ "name": "王芳", "id_number": good, "unit_code": SHAOLIN, "phone": "12345" }),
            "phone",
            "phone_invalid",
        ),
        (
            json!({ "name": "王芳", "id_number": good, "unit_code": "350503001999" }),
            "unit_code",
            "unknown_unit",
        ),
        (
            json!({ "name": "王芳", "id_number": good, "unit_code": SHAOLIN, "tags": ["富婆"] }),
            "tags",
            "unknown_tag",
        ),
    ] {
        let reply = create(&admin, body).await;
        assert_eq!(reply.status, 422, "{code}: {}", reply.text);
        assert_eq!(
            (
                reply.body["error"]["field"].as_str(),
                reply.body["error"]["code"].as_str()
            ),
            (Some(field), Some(code))
        );
    }
    let excel = create(
        &admin,
        json!({ "name": "王芳", "id_number": "3.50503E+17", "unit_code": SHAOLIN }),
    )
    .await;
    assert!(
        excel.body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("文本")),
        "says how to fix the sheet"
    );
}

async fn seeded() -> (TestApp, Client) {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for (name, birth, seq, unit, phone) in [
        ("王丽华", "19800101", "002", SHAOLIN, "13900000001"),
        ("单丽", "19810202", "004", SHAOLIN, "13900000002"),
        ("曾芳", "19820303", "006", DONGHU, "13900000003"),
        ("欧阳娜娜", "19830404", "008", DONGHU, "13900000004"),
        ("尉迟燕", "19840505", "020", SHAOLIN, "13900000005"),
        ("丽华", "19850606", "022", SHAOLIN, "13900000006"),
    ] {
        let reply = create(
            &admin,
            json!({ "name": name, "id_number": id_number("350503", birth, seq),
                                            "unit_code": unit, "phone": phone }),
        )
        .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
    }
    (app, admin)
}

async fn names(client: &Client, query: &str) -> Vec<String> {
    let reply = client
        .get(&format!("/api/v1/people?q={}", urlencode(query)))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect()
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn search_finds_names_by_substring_pinyin_and_initials_with_surnames_read_right() {
    let (_app, admin) = seeded().await;
    assert_eq!(
        names(&admin, "丽华").await,
        vec!["丽华", "王丽华"],
        "exact match first"
    );
    assert_eq!(names(&admin, "王丽华").await, vec!["王丽华"]);
    assert_eq!(names(&admin, "wanglihua").await, vec!["王丽华"]);
    assert_eq!(names(&admin, "WLH").await, vec!["王丽华"]);
    assert_eq!(
        names(&admin, "shanli").await,
        vec!["单丽"],
        "单 read as the surname shàn"
    );
    assert_eq!(names(&admin, "zengfang").await, vec!["曾芳"]);
    assert_eq!(names(&admin, "ouyangnana").await, vec!["欧阳娜娜"]);
    assert_eq!(names(&admin, "oynn").await, vec!["欧阳娜娜"]);
    assert_eq!(names(&admin, "yuchiyan").await, vec!["尉迟燕"]);
    assert_eq!(
        names(&admin, "wang").await,
        vec!["王丽华"],
        "a surname's pinyin finds the family"
    );
    assert_eq!(names(&admin, "ouyang").await, vec!["欧阳娜娜"]);
    assert!(names(&admin, "张三").await.is_empty());
}

#[tokio::test]
async fn search_finds_id_suffixes_whole_ids_and_phones() {
    let (_app, admin) = seeded().await;
    let id = id_number("350503", "19820303", "006");
    assert_eq!(names(&admin, &id[12..]).await, vec!["曾芳"], "last 6");
    assert!(
        names(&admin, &id[14..]).await.contains(&"曾芳".to_owned()),
        "last 4"
    );
    assert_eq!(names(&admin, &id).await, vec!["曾芳"]);
    assert_eq!(names(&admin, "139-0000-0003").await, vec!["曾芳"]);
}

#[tokio::test]
async fn the_unit_filter_is_unit_code_and_unit_is_still_taken() {
    let (_app, admin) = seeded().await;
    for name in ["unit_code", "unit"] {
        let listed = admin.get(&format!("/api/v1/people?{name}={DONGHU}")).await;
        assert_eq!(listed.body["total"], 2, "{name}");
    }
    let unknown = admin.get("/api/v1/people?unit=nonsense").await;
    unknown.assert_invalid_field("unit_code");
}

#[tokio::test]
async fn lists_filter_by_unit_tag_sex_and_age_and_page() {
    let (_app, admin) = seeded().await;
    let in_donghu = admin.get(&format!("/api/v1/people?unit={DONGHU}")).await;
    assert_eq!(in_donghu.body["total"], 2);
    let age = admin.get("/api/v1/people?age_min=40&age_max=43").await;
    let mut listed = strings(&age.body["items"], "name");
    listed.sort();
    assert_eq!(
        listed,
        vec!["丽华", "尉迟燕", "欧阳娜娜"],
        "ages 41–43 on the test clock's day (2026-09-21)"
    );
    let paged = admin.get("/api/v1/people?per_page=2&page=2").await;
    assert_eq!(
        (
            paged.body["total"].as_i64(),
            paged.body["items"].as_array().map(Vec::len)
        ),
        (Some(6), Some(2))
    );
    assert_eq!(admin.get("/api/v1/people?tag=nonsense").await.status, 422);
    assert_eq!(
        admin.get("/api/v1/people?sex=female").await.body["total"],
        6
    );
}

#[tokio::test]
async fn a_community_chair_cannot_see_a_neighbouring_communitys_people() {
    let (app, admin) = seeded().await;
    let chair = app
        .user_with_password("chair", "community", SHAOLIN, "Ch-air#2026pass")
        .await;
    let neighbour = admin.get(&format!("/api/v1/people?unit={DONGHU}")).await;
    let neighbour_id = neighbour.body["items"][0]["id"].as_i64().expect("id");
    assert_eq!(
        chair
            .get(&format!("/api/v1/people/{neighbour_id}"))
            .await
            .status,
        404
    );
    assert_eq!(
        chair
            .post(&format!("/api/v1/people/{neighbour_id}/reveal"), json!({}))
            .await
            .status,
        404
    );
    assert!(
        names(&chair, "曾芳").await.is_empty(),
        "search is scoped too"
    );
    assert_eq!(chair.get("/api/v1/people").await.body["total"], 4);
    let moved = chair
        .patch(
            &format!("/api/v1/people/{neighbour_id}"),
            json!({ "unit_code": SHAOLIN }),
        )
        .await;
    assert_eq!(moved.status, 404);
}

#[tokio::test]
async fn viewers_and_department_reporters_do_not_open_the_registry() {
    let (app, _) = seeded().await;
    let viewer = app
        .user_with_password("viewer", "viewer", "350503000000", "Vi-ewer#2026x")
        .await;
    assert_eq!(viewer.get("/api/v1/people").await.status, 403);
}

#[tokio::test]
async fn reads_and_reveals_are_audited_and_reveal_gives_full_values() {
    let (app, _admin) = seeded().await;
    // Reading and revealing are the federation's work; the audit administrator reads the log.
    let clerk = app
        .user_with_password("clerk", "federation", "350503000000", "Federation#2026")
        .await;
    let id = clerk.get("/api/v1/people?q=shanli").await.body["items"][0]["id"]
        .as_i64()
        .expect("id");
    let page = clerk.get(&format!("/api/v1/people/{id}")).await;
    assert_eq!(page.body["name"], "单丽");
    let revealed = clerk
        .post(&format!("/api/v1/people/{id}/reveal"), json!({}))
        .await;
    assert_eq!(
        revealed.body["id_number"],
        id_number("350503", "19810202", "004")
    );
    assert_eq!(revealed.body["phone"], "13900000002");
    let audit = app
        .auditor()
        .await
        .get("/api/v1/audit?entity=person&per_page=200")
        .await;
    let actions: Vec<(&str, &str)> = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| Some((e["action"].as_str()?, e["entity_id"].as_str()?)))
        .collect();
    let id_text = id.to_string();
    assert!(
        actions.contains(&("read", id_text.as_str()))
            && actions.contains(&("reveal", id_text.as_str())),
        "{actions:?}"
    );
    audit.assert_lacks("13900000002", "the audit log holds no plaintext");
    let _ = app;
}

#[tokio::test]
async fn changes_are_validated_whole_and_deletes_are_soft() {
    let (app, admin) = seeded().await;
    let id = admin.get("/api/v1/people?q=zengfang").await.body["items"][0]["id"]
        .as_i64()
        .expect("id");
    let changed = admin
        .patch(
            &format!("/api/v1/people/{id}"),
            json!({ "phone": "0595-22345678", "tags": ["创业"] }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(
        (
            changed.body["phone_masked"].as_str(),
            changed.body["tags"][0].as_str()
        ),
        (Some("0595-****5678"), Some("entrepreneur"))
    );
    let conflict = admin
        .patch(&format!("/api/v1/people/{id}"), json!({ "sex": "male" }))
        .await;
    assert_eq!(conflict.body["error"]["code"], "sex_conflicts_with_id");
    assert_eq!(
        admin
            .send_delete(&format!("/api/v1/people/{id}"))
            .await
            .status,
        204
    );
    assert_eq!(admin.get(&format!("/api/v1/people/{id}")).await.status, 404);
    let kept: i64 = app
        .app
        .db
        .ex()
        .fetch_scalar(
            jinguo_db::sql("SELECT COUNT(*) FROM people WHERE id = $1 AND deleted_at IS NOT NULL")
                .bind(id),
        )
        .await
        .expect("count");
    assert_eq!(kept, 1, "kept for audit");
    let again = create(&admin, json!({ "name": "曾芳", "id_number": id_number("350503", "19820303", "006"), "unit_code": DONGHU })).await;
    assert_eq!(
        again.status, 201,
        "a deleted record does not block re-registration"
    );
}

#[tokio::test]
async fn merging_retires_the_duplicate_and_keeps_both_histories() {
    let (app, admin) = seeded().await;
    let keep = admin.get("/api/v1/people?q=wlh").await.body["items"][0]["id"]
        .as_i64()
        .expect("id");
    let dup = admin
        .get(&format!("/api/v1/people?q={}", urlencode("丽华")))
        .await
        .body["items"][0]["id"]
        .as_i64()
        .expect("id");
    admin
        .patch(
            &format!("/api/v1/people/{dup}"),
            json!({ "tags": ["残疾"] }),
        )
        .await;
    let merged = admin
        .post(
            &format!("/api/v1/people/{keep}/merge"),
            json!({ "duplicate_id": dup }),
        )
        .await;
    assert_eq!(merged.status, 200, "{}", merged.text);
    assert_eq!(merged.body["tags"], json!(["disabled"]));
    assert_eq!(
        admin.get(&format!("/api/v1/people/{dup}")).await.status,
        404
    );
    let history = app.auditor().await.get("/api/v1/audit?action=merge").await;
    assert_eq!(history.body["total"], 2, "one event on each record");
}

#[tokio::test]
async fn neither_the_database_file_nor_its_wal_holds_an_id_number_or_phone() {
    if engine_is_postgres() {
        // The encryption is the same code; the file scan is SQLite's. PostgreSQL is checked by
        // reading the column values back below.
    }
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = id_number("350503", "19770707", "046");
    let reply = create(&admin, json!({ "name": "林秀英", "id_number": id, "phone": "13712345678", "unit_code": SHAOLIN,
                                        "address": "福建省泉州市丰泽区东湖路88号", "notes": "家暴受害人，住址保密" })).await;
    assert_eq!(reply.status, 201);
    if engine_is_postgres() {
        let rows = sql_rows(&app, "SELECT * FROM people").await;
        assert_eq!(rows.len(), 1);
        let dump: String = app
            .app
            .db
            .ex()
            .fetch_scalar(jinguo_db::sql(
                "SELECT string_agg(CAST(p AS TEXT), '|') FROM people p",
            ))
            .await
            .expect("dump");
        for secret in [id.as_str(), "13712345678", "东湖路88号", "家暴"] {
            assert!(!dump.contains(secret), "{secret} stored in plaintext");
        }
        return;
    }
    let db = app.config.data_dir.join("jinguo.db");
    let mut bytes = std::fs::read(&db).expect("db");
    if let Ok(wal) = std::fs::read(db.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    let needle = |s: &str| bytes_contain(&bytes, s.as_bytes());
    for secret in [
        id.as_str(),
        &id[6..14],
        "13712345678",
        "东湖路88号",
        "家暴受害人",
    ] {
        assert!(!needle(secret), "{secret} found in the database file");
    }
    assert!(needle("林秀英"), "the scan does see plaintext columns");
}

#[tokio::test]
async fn households_link_a_mother_and_her_child_with_guardianship_of_minors_only() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mother = create(&admin, json!({ "name": "陈秀兰", "id_number": id_number("350503", "19850505", "068"), "unit_code": SHAOLIN })).await;
    let child = create(&admin, json!({ "name": "陈小雨", "id_number": id_number("350503", "20150606", "062"), "unit_code": SHAOLIN,
                                        "tags": ["留守儿童"] })).await;
    let (mother, child) = (
        mother.body["id"].as_i64().expect("id"),
        child.body["id"].as_i64().expect("id"),
    );
    let hid = register_household(&admin, "陈秀兰家", SHAOLIN).await;
    let path = format!("/api/v1/households/{hid}/members");
    assert_eq!(
        admin
            .post(&path, json!({ "person_id": child, "relation": "child" }))
            .await
            .status,
        200
    );
    let guardian = admin
        .post(
            &path,
            json!({ "person_id": mother, "relation": "guardian", "guardian_of": child }),
        )
        .await;
    assert_eq!(guardian.status, 200, "{}", guardian.text);
    assert_eq!(guardian.body["members"].as_array().map(Vec::len), Some(2));
    let adult_ward = admin
        .post(
            &path,
            json!({ "person_id": child, "relation": "guardian", "guardian_of": mother }),
        )
        .await;
    assert_eq!(adult_ward.body["error"]["code"], "guardian_of_not_minor");
    let bad = admin
        .post(&path, json!({ "person_id": child, "relation": "cousin" }))
        .await;
    bad.assert_invalid_field("relation");
    let of_child = admin
        .get(&format!("/api/v1/people/{child}/households"))
        .await;
    assert_eq!(of_child.body[0]["name"], "陈秀兰家");
    let neighbour = app
        .user_with_password("donghu", "community", DONGHU, "Do-nghu#2026x")
        .await;
    assert_eq!(
        neighbour
            .get(&format!("/api/v1/households/{hid}"))
            .await
            .status,
        404
    );
    let removed = admin
        .send_delete(&format!("/api/v1/households/{hid}/members/{mother}"))
        .await;
    assert_eq!(removed.body["members"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn list_totals_stay_exact_through_creates_moves_deletes_merges_and_imports() {
    let (app, admin) = seeded().await;
    let living = || async {
        let q = jinguo_db::sql(
            "SELECT COUNT(*) FROM people WHERE deleted_at IS NULL AND unit_code BETWEEN $1 AND $2",
        );
        let all: i64 = app
            .app
            .db
            .ex()
            .fetch_scalar(q.clone().bind("350503000000").bind("350503999999"))
            .await
            .expect("count");
        let shaolin: i64 = app
            .app
            .db
            .ex()
            .fetch_scalar(q.bind(SHAOLIN).bind(SHAOLIN))
            .await
            .expect("count");
        (all, shaolin)
    };
    let listed = || async {
        let all = admin.get("/api/v1/people").await.body["total"]
            .as_i64()
            .expect("total");
        let shaolin = admin
            .get(&format!("/api/v1/people?unit={SHAOLIN}"))
            .await
            .body["total"]
            .as_i64()
            .expect("total");
        (all, shaolin)
    };
    assert_eq!(listed().await, living().await);
    let id = admin.get("/api/v1/people?q=shanli").await.body["items"][0]["id"]
        .as_i64()
        .expect("id");
    admin
        .patch(
            &format!("/api/v1/people/{id}"),
            json!({ "unit_code": DONGHU }),
        )
        .await;
    assert_eq!(listed().await, living().await, "after a move");
    admin.send_delete(&format!("/api/v1/people/{id}")).await;
    assert_eq!(listed().await, living().await, "after a delete");
    let keep = admin.get("/api/v1/people?q=wlh").await.body["items"][0]["id"]
        .as_i64()
        .expect("id");
    let dup = admin.get("/api/v1/people?q=yuchiyan").await.body["items"][0]["id"]
        .as_i64()
        .expect("id");
    admin
        .post(
            &format!("/api/v1/people/{keep}/merge"),
            json!({ "duplicate_id": dup }),
        )
        .await;
    assert_eq!(listed().await, living().await, "after a merge");
    let roster = temp_dir("count").join("r.csv");
    std::fs::write(
        &roster,
        format!(
            "姓名,身份证号码,所属社区\n何敏,{},{SHAOLIN}\n",
            id_number("350503", "19930303", "086")
        ),
    )
    .expect("write");
    app.cli(&["import", "people", roster.to_str().expect("path")], &[]);
    assert_eq!(listed().await, living().await, "after an import");
    let narrowed = admin
        .get("/api/v1/people?unit=350503001000&sex=female")
        .await;
    assert_eq!(
        narrowed.body["total"].as_i64(),
        Some(living().await.0),
        "filters beyond the unit count rows"
    );
}

/// Every page of a list (2 a page): the names listed, and the total each page reports.
async fn all_pages(client: &Client, query: &str) -> (Vec<String>, i64) {
    let mut names = Vec::new();
    let mut total = None;
    for page in 1.. {
        let reply = client
            .get(&format!("/api/v1/people?{query}&per_page=2&page={page}"))
            .await;
        assert_eq!(reply.status, 200, "{query}: {}", reply.text);
        let this_total = reply.body["total"].as_i64().expect("total");
        assert_eq!(*total.get_or_insert(this_total), this_total, "{query}");
        let items = reply.body["items"].as_array().expect("items");
        assert!(items.len() <= 2);
        names.extend(
            items
                .iter()
                .filter_map(|p| p["name"].as_str().map(str::to_owned)),
        );
        if items.len() < 2 {
            break;
        }
    }
    names.sort();
    (names, total.unwrap_or(0))
}

/// Ages are exact on the day (the test clock's 2026-09-21), at both ends of a band and for a
/// single age, although only birth years are stored: the edge years' people are checked by their
/// sealed ID numbers, and the database still pages and counts.
#[tokio::test]
async fn the_age_filter_is_exact_on_birthdays_at_both_ends_of_the_band() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let people = [
        ("甲三十整", "19960921", SHAOLIN), // 30 today
        ("乙三十昨", "19960920", SHAOLIN), // 30 since yesterday
        ("丙二十九", "19960922", SHAOLIN), // 30 tomorrow: 29
        ("丁三十一", "19950921", SHAOLIN), // 31 today
        ("戊三十末", "19950922", SHAOLIN), // 31 tomorrow: 30
        ("己四十一", "19850921", SHAOLIN), // 41 today
        ("庚四十末", "19850922", SHAOLIN), // 41 tomorrow: 40
        ("辛四十一", "19850920", SHAOLIN), // 41 since yesterday
        ("壬三十六", "19900101", SHAOLIN), // a year wholly inside 30–40
        ("癸三十五", "19901231", SHAOLIN), //   its last day
        ("子二十六", "20000101", SHAOLIN), // younger
        ("丑五十六", "19700101", SHAOLIN), // older
        ("寅三十整", "19960921", DONGHU),  // 30 today, in the neighbouring community
        ("卯四十末", "19850922", DONGHU),  // 40, there too
    ];
    for (n, (name, birth, unit)) in people.iter().enumerate() {
        let seq = format!("{:02}{}", n, 2 * (n % 5));
        let reply = create(
            &admin,
            json!({ "name": name, "id_number": id_number("350503", birth, &seq), "unit_code": unit }),
        )
        .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
    }
    let sorted = |names: &[&str]| {
        let mut v: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        v.sort();
        let total = v.len() as i64;
        (v, total)
    };
    assert_eq!(
        all_pages(&admin, "age_min=30&age_max=40").await,
        sorted(&[
            "甲三十整",
            "乙三十昨",
            "丁三十一",
            "戊三十末",
            "庚四十末",
            "壬三十六",
            "癸三十五",
            "寅三十整",
            "卯四十末"
        ])
    );
    assert_eq!(
        all_pages(&admin, "age_min=30&age_max=30").await,
        sorted(&["甲三十整", "乙三十昨", "戊三十末", "寅三十整"])
    );
    assert_eq!(
        all_pages(&admin, "age_min=41").await,
        sorted(&["己四十一", "辛四十一", "丑五十六"])
    );
    assert_eq!(
        all_pages(&admin, "age_max=29").await,
        sorted(&["丙二十九", "子二十六"])
    );
    // The other filters and the scope apply to the edge years' people as to the rest.
    assert_eq!(
        all_pages(&admin, &format!("age_min=30&age_max=40&unit={DONGHU}")).await,
        sorted(&["寅三十整", "卯四十末"])
    );
    assert_eq!(
        all_pages(
            &admin,
            &format!("age_min=30&age_max=30&q={}", urlencode("三十"))
        )
        .await,
        sorted(&["甲三十整", "乙三十昨", "戊三十末", "寅三十整"])
    );
    let chair = app
        .user_with_password("chair", "community", SHAOLIN, "Ch-air#2026pass")
        .await;
    assert_eq!(
        all_pages(&chair, "age_min=30&age_max=40").await,
        sorted(&[
            "甲三十整",
            "乙三十昨",
            "丁三十一",
            "戊三十末",
            "庚四十末",
            "壬三十六",
            "癸三十五"
        ])
    );
}

#[tokio::test]
async fn a_tag_that_cannot_fit_the_person_is_refused_naming_the_tag() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    // 17th digit odd: a man.
    let man = crate::common::id_number("19800101", "131");
    let refused = fed
        .post(
            "/api/v1/people",
            json!({ "name": "张伟", "id_number": man, "unit_code": SHAOLIN, "tags": ["贫困母亲"] }),
        )
        .await;
    refused.assert_invalid("tags", "tag_does_not_fit");
    assert!(refused.body["error"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("贫困母亲"));
    let adult = crate::common::id_number("19800101", "132");
    let child_tag = fed
        .post(
            "/api/v1/people",
            json!({ "name": "王芳", "id_number": adult, "unit_code": SHAOLIN, "tags": ["left_behind_child"] }),
        )
        .await;
    assert_eq!(child_tag.status, 422, "a woman of 46 is no 留守儿童");
    let fits = fed
        .post(
            "/api/v1/people",
            json!({ "name": "张伟", "id_number": man, "unit_code": SHAOLIN, "tags": ["失业"] }),
        )
        .await;
    assert_eq!(fits.status, 201, "{}", fits.text);
}
