//! Children's work over HTTP (issue #13, point 6, second half): parent schools hosted by a street
//! or community, with sessions and attendance; pairing of volunteers with children, visits
//! logged, overdue visits listed. Read by the roles that work with children, inside their
//! subtree; every read audited.

use crate::common::*;
use serde_json::{json, Value};

const XIAHUAI: &str = "350503002001";
const DAY_MS: i64 = 86_400_000;

/// A child of 6 on the test clock's day (2026-09-21) with her grandmother's consent.
async fn child(fed: &Client, name: &str, seq: &str, unit: &str) -> i64 {
    let body = json!({ "name": name, "id_number": id_number("20200301", seq), "unit_code": unit,
                       "tags": ["left_behind_child"],
                       "guardian": { "name": "林秀英", "phone": "13812345678", "relation": "grandparent" },
                       "consent": { "given_by": "林秀英", "given_on": "2026-09-01" } });
    id_of(&created(fed.post("/api/v1/children", body).await))
}

async fn school(fed: &Client, unit: &str) -> i64 {
    let body = json!({ "name": "少林社区家长学校", "unit_code": unit, "head_name": "陈美玲",
                       "place": "少林社区活动中心" });
    id_of(&created(fed.post("/api/v1/parent-schools", body).await))
}

async fn session(fed: &Client, school: i64, date: &str) -> i64 {
    let body = json!({ "date": date, "topic": "隔代教育中的沟通", "place": null });
    id_of(&created(
        fed.post(&format!("/api/v1/parent-schools/{school}/sessions"), body)
            .await,
    ))
}

#[tokio::test]
async fn a_parent_school_holds_sessions_attended_by_guardians_children_and_walk_ins() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let girl = child(&fed, "林小雨", "002", SHAOLIN).await;
    let grandmother = register_person(&fed, "林秀英", "004", SHAOLIN).await;
    let id = school(&fed, SHAOLIN).await;
    let s = session(&fed, id, "2026-09-20").await;
    let path = format!("/api/v1/parent-school-sessions/{s}/attendance");
    let a = created(fed.post(&path, json!({ "person_id": girl })).await);
    assert_eq!(a["kind"], "child", "a registry child is a child: {a}");
    let g = created(fed.post(&path, json!({ "person_id": grandmother })).await);
    assert_eq!(g["kind"], "guardian");
    let w = created(
        fed.post(&path, json!({ "name": "黄丽娟", "kind": "guardian" }))
            .await,
    );
    assert_eq!(w["name"], "黄**", "a walk-in's name is masked");
    let again = fed.post(&path, json!({ "person_id": girl })).await;
    assert_eq!(again.status, 200, "counted once: {}", again.text);

    let detail = fed.get(&format!("/api/v1/parent-schools/{id}")).await;
    assert_eq!(detail.status, 200, "{}", detail.text);
    assert_eq!(detail.body["sessions"], 1);
    assert_eq!(detail.body["session_list"][0]["date"], "2026-09-20");
    assert_eq!(detail.body["session_list"][0]["place"], "少林社区活动中心");
    let attendees = detail.body["session_list"][0]["attendees"]
        .as_array()
        .expect("attendees");
    assert_eq!(attendees.len(), 3);
    let list = fed.get("/api/v1/parent-schools?q=少林").await;
    assert_eq!(list.body["total"], 1, "{}", list.text);
    assert_eq!(list.body["items"][0]["last_session"], "2026-09-20");

    // A walk-in's name is stored sealed.
    let plain = sql_count(
        &app,
        "SELECT COUNT(*) FROM parent_school_attendance WHERE name_cipher IS NOT NULL",
    )
    .await;
    assert_eq!(plain, 1);
}

#[tokio::test]
async fn bad_parent_school_input_is_refused_naming_its_field() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let body = json!({ "name": "区级家长学校", "unit_code": DISTRICT, "head_name": "陈美玲" });
    fed.post("/api/v1/parent-schools", body)
        .await
        .assert_invalid("unit_code", "host_unit_not_local");
    let body = json!({ "name": "", "unit_code": SHAOLIN, "head_name": "陈美玲" });
    fed.post("/api/v1/parent-schools", body)
        .await
        .assert_invalid("name", "required");
    let id = school(&fed, SHAOLIN).await;
    let body = json!({ "date": "2026-13-01", "topic": "x" });
    fed.post(&format!("/api/v1/parent-schools/{id}/sessions"), body)
        .await
        .assert_invalid("date", "invalid_date");
    let planned = session(&fed, id, "2026-10-10").await;
    let path = format!("/api/v1/parent-school-sessions/{planned}/attendance");
    fed.post(&path, json!({ "name": "黄丽娟" }))
        .await
        .assert_invalid("session", "session_not_held_yet");
    let held = session(&fed, id, "2026-09-19").await;
    let path = format!("/api/v1/parent-school-sessions/{held}/attendance");
    fed.post(&path, json!({}))
        .await
        .assert_invalid("person_id", "attendee_required");
    // Someone the caller does not reach is not found.
    let far = register_person(&fed, "王芳", "006", XIAHUAI).await;
    let street = app.east_lake_officer().await;
    let reply = street.post(&path, json!({ "person_id": far })).await;
    assert_eq!(reply.status, 404, "{}", reply.text);
    let caseworker = app.user("cw", "caseworker", DISTRICT).await;
    assert_eq!(caseworker.get("/api/v1/parent-schools").await.status, 403);
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_parent_school() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let id = school(&fed, SHAOLIN).await;
    let s = session(&fed, id, "2026-09-20").await;
    let own = app.east_lake_officer().await;
    let other = app.other_street_officer().await;
    assert_eq!(
        own.get(&format!("/api/v1/parent-schools/{id}"))
            .await
            .status,
        200
    );
    assert_eq!(own.get("/api/v1/parent-schools").await.body["total"], 1);
    assert_eq!(
        other
            .get(&format!("/api/v1/parent-schools/{id}"))
            .await
            .status,
        404
    );
    assert_eq!(other.get("/api/v1/parent-schools").await.body["total"], 0);
    let body = json!({ "date": "2026-09-20", "topic": "亲子阅读" });
    assert_eq!(
        other
            .post(&format!("/api/v1/parent-schools/{id}/sessions"), body)
            .await
            .status,
        404
    );
    let reply = other
        .post(
            &format!("/api/v1/parent-school-sessions/{s}/attendance"),
            json!({ "name": "黄丽娟" }),
        )
        .await;
    assert_eq!(reply.status, 404, "{}", reply.text);
    let body = json!({ "name": "霞淮家长学校", "unit_code": SHAOLIN, "head_name": "陈美玲" });
    other
        .post("/api/v1/parent-schools", body)
        .await
        .assert_invalid("unit_code", "unknown_unit");
}

async fn pair(client: &Client, child: i64, body: Value) -> Reply {
    client
        .post(&format!("/api/v1/children/{child}/pairings"), body)
        .await
}

#[tokio::test]
async fn a_volunteer_is_paired_with_a_child_and_an_overdue_visit_is_listed() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let girl = child(&fed, "林小雨", "010", SHAOLIN).await;
    let volunteer = register_person(&fed, "陈丽华", "012", SHAOLIN).await;
    let body = json!({ "volunteer_person_id": volunteer, "starts_on": "2026-08-01",
                       "visit_every": "monthly" });
    let p = created(pair(&fed, girl, body.clone()).await);
    assert_eq!(p["volunteer"]["kind"], "person");
    assert_eq!(p["volunteer"]["name"], "陈丽华");
    assert_eq!(
        p["next_due"], "2026-09-01",
        "a calendar month after the start"
    );
    assert_eq!(p["overdue"], true, "no visit since the start: {p}");
    let id = id_of(&p);
    assert_eq!(pair(&fed, girl, body).await.status, 409, "already paired");

    let overdue = fed.get("/api/v1/pairings?overdue=true").await;
    assert_eq!(overdue.body["total"], 1, "{}", overdue.text);
    assert_eq!(overdue.body["items"][0]["child_name"], "林小雨");

    let visit =
        json!({ "date": "2026-09-20", "how": "home", "note": "奶奶身体好转，孩子功课跟得上" });
    let after = created(
        fed.post(&format!("/api/v1/pairings/{id}/visits"), visit)
            .await,
    );
    assert_eq!(after["last_visit"], "2026-09-20");
    assert_eq!(after["next_due"], "2026-10-20");
    assert_eq!(after["overdue"], false);
    assert_eq!(after["visits"][0]["note"], "奶奶身体好转，孩子功课跟得上");
    let overdue = fed.get("/api/v1/pairings?overdue=true").await;
    assert_eq!(overdue.body["total"], 0, "{}", overdue.text);

    // The app's clock, not the system's: a month and more later the visit is overdue again.
    app.clock.advance_ms(31 * DAY_MS);
    let fed = app.login("district_fed", STAFF_PASSWORD).await;
    let overdue = fed.get("/api/v1/pairings?overdue=true").await;
    assert_eq!(overdue.body["total"], 1, "{}", overdue.text);
    assert_eq!(overdue.body["items"][0]["overdue_days"], 2);

    // A staff member may volunteer too.
    let officer = app
        .add_user("shaolin", "community", SHAOLIN, STAFF_PASSWORD)
        .await;
    let staff = created(
        pair(
            &fed,
            girl,
            json!({ "volunteer_user_id": officer, "visit_every": "每两周" }),
        )
        .await,
    );
    assert_eq!(staff["volunteer"]["kind"], "user");
    assert_eq!(staff["visit_every"], "fortnightly");
    let all = fed.get(&format!("/api/v1/children/{girl}/pairings")).await;
    assert_eq!(all.body.as_array().map(Vec::len), Some(2), "{}", all.text);

    // The note is sealed.
    let sealed = sql_count(
        &app,
        "SELECT COUNT(*) FROM pairing_visits WHERE note_cipher IS NOT NULL",
    )
    .await;
    assert_eq!(sealed, 1);
}

#[tokio::test]
async fn a_visit_dated_in_the_future_is_refused_naming_the_date() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let girl = child(&fed, "林小雨", "020", SHAOLIN).await;
    let volunteer = register_person(&fed, "陈丽华", "022", SHAOLIN).await;
    let body = json!({ "volunteer_person_id": volunteer, "starts_on": "2026-09-01",
                       "visit_every": "weekly" });
    let id = id_of(&created(pair(&fed, girl, body).await));
    let path = format!("/api/v1/pairings/{id}/visits");
    let reply = fed
        .post(&path, json!({ "date": "2026-09-30", "how": "home" }))
        .await;
    reply.assert_invalid("date", "date_in_future");
    reply.assert_contains("2026-09-30");
    fed.post(&path, json!({ "date": "2026-08-30", "how": "home" }))
        .await
        .assert_invalid("date", "visit_before_pairing");
    fed.post(&path, json!({ "date": "2026-09-10", "how": "letter" }))
        .await
        .assert_invalid("how", "invalid_choice");
    pair(&fed, girl, json!({ "visit_every": "monthly" }))
        .await
        .assert_invalid("volunteer", "volunteer_required");
    pair(
        &fed,
        girl,
        json!({ "volunteer_person_id": volunteer, "visit_every": "daily" }),
    )
    .await
    .assert_invalid("visit_every", "invalid_choice");
    let boy = child(&fed, "林小山", "031", SHAOLIN).await;
    pair(
        &fed,
        girl,
        json!({ "volunteer_person_id": boy, "visit_every": "monthly" }),
    )
    .await
    .assert_invalid("volunteer_person_id", "volunteer_not_adult");

    // Ended with a reason; then no more visits, and no second end.
    let end = fed
        .post(
            &format!("/api/v1/pairings/{id}/end"),
            json!({ "reason": "family_returned" }),
        )
        .await;
    assert_eq!(end.status, 200, "{}", end.text);
    assert_eq!(end.body["end_reason"], "family_returned");
    assert_eq!(end.body["next_due"], Value::Null);
    let again = fed
        .post(
            &format!("/api/v1/pairings/{id}/end"),
            json!({ "reason": "moved" }),
        )
        .await;
    assert_eq!(again.status, 409, "{}", again.text);
    let visit = fed
        .post(&path, json!({ "date": "2026-09-10", "how": "home" }))
        .await;
    assert_eq!(visit.status, 409, "{}", visit.text);
}

#[tokio::test]
async fn pairing_with_someone_outside_scope_is_not_found() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let girl = child(&fed, "林小雨", "040", SHAOLIN).await;
    let far_girl = child(&fed, "黄小花", "042", XIAHUAI).await;
    let far_volunteer = register_person(&fed, "王芳", "044", XIAHUAI).await;
    let far_officer = app
        .add_user("xiahuai", "community", XIAHUAI, STAFF_PASSWORD)
        .await;
    let street = app.east_lake_officer().await;
    let near = register_person(&fed, "陈丽华", "046", SHAOLIN).await;
    for (child_id, body) in [
        (
            girl,
            json!({ "volunteer_person_id": far_volunteer, "visit_every": "monthly" }),
        ),
        (
            girl,
            json!({ "volunteer_user_id": far_officer, "visit_every": "monthly" }),
        ),
        (
            far_girl,
            json!({ "volunteer_person_id": near, "visit_every": "monthly" }),
        ),
        (
            999_999,
            json!({ "volunteer_person_id": near, "visit_every": "monthly" }),
        ),
    ] {
        let reply = pair(&street, child_id, body).await;
        assert_eq!(reply.status, 404, "{}", reply.text);
    }
    // The picker finds nothing there either.
    let picked = street.get("/pick/people?q=王芳").await;
    assert_eq!(picked.body, json!([]), "{}", picked.text);
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM pairings").await, 0);
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_pairing() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let girl = child(&fed, "林小雨", "050", SHAOLIN).await;
    let volunteer = register_person(&fed, "陈丽华", "052", SHAOLIN).await;
    let body = json!({ "volunteer_person_id": volunteer, "starts_on": "2026-07-01",
                       "visit_every": "monthly" });
    let id = id_of(&created(pair(&fed, girl, body).await));
    let own = app.east_lake_officer().await;
    let other = app.other_street_officer().await;
    assert_eq!(own.get(&format!("/api/v1/pairings/{id}")).await.status, 200);
    assert_eq!(own.get("/api/v1/pairings").await.body["total"], 1);
    assert_eq!(
        other.get(&format!("/api/v1/pairings/{id}")).await.status,
        404
    );
    assert_eq!(other.get("/api/v1/pairings").await.body["total"], 0);
    assert_eq!(
        other
            .get(&format!("/api/v1/children/{girl}/pairings"))
            .await
            .status,
        404
    );
    let visit = json!({ "date": "2026-09-10", "how": "phone" });
    assert_eq!(
        other
            .post(&format!("/api/v1/pairings/{id}/visits"), visit)
            .await
            .status,
        404
    );
    assert_eq!(
        other
            .post(
                &format!("/api/v1/pairings/{id}/end"),
                json!({ "reason": "moved" }),
            )
            .await
            .status,
        404
    );
    for (name, role) in [
        ("cw", "caseworker"),
        ("leader", "leader"),
        ("viewer", "viewer"),
    ] {
        let client = app.user(name, role, DISTRICT).await;
        assert_eq!(client.get("/api/v1/pairings").await.status, 403, "{role}");
        assert_eq!(
            client.get(&format!("/api/v1/pairings/{id}")).await.status,
            403,
            "{role}"
        );
    }
}

#[tokio::test]
async fn every_read_of_a_pairing_is_audited() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let girl = child(&fed, "林小雨", "060", SHAOLIN).await;
    let volunteer = register_person(&fed, "陈丽华", "062", SHAOLIN).await;
    let body = json!({ "volunteer_person_id": volunteer, "visit_every": "monthly" });
    let id = id_of(&created(pair(&fed, girl, body).await));
    let community = app.user("shaolin", "community", SHAOLIN).await;
    assert_eq!(
        community
            .get(&format!("/api/v1/pairings/{id}"))
            .await
            .status,
        200
    );
    assert_eq!(community.get("/api/v1/pairings").await.status, 200);
    let audit = app.auditor().await;
    let one = audit.get("/api/v1/audit?entity=pairing&per_page=200").await;
    let id_text = id.to_string();
    let read = one.body["items"]
        .as_array()
        .expect("events")
        .iter()
        .any(|e| {
            e["action"] == "read"
                && e["actor"] == "shaolin"
                && e["entity_id"].as_str() == Some(id_text.as_str())
        });
    assert!(read, "{}", one.text);
    let lists = audit
        .get("/api/v1/audit?entity=pairings&per_page=200")
        .await;
    let listed = lists.body["items"]
        .as_array()
        .expect("events")
        .iter()
        .any(|e| e["actor"] == "shaolin" && e["detail"]["ids"] == json!([id]));
    assert!(listed, "{}", lists.text);
}

#[tokio::test]
async fn parent_schools_and_pairings_are_worked_on_their_pages() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let community = app.user("shaolin", "community", SHAOLIN).await;
    let csrf = community.csrf.clone().expect("csrf");
    assert_eq!(community.get("/parent-schools/new").await.status, 200);
    let reply = community
        .post_form(
            "/parent-schools",
            &[
                ("csrf", csrf.as_str()),
                ("name", "少林家长学校"),
                ("unit_code", SHAOLIN),
                ("head_name", "陈美玲"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let school_page = reply.headers["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let school_id: i64 = school_page
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let reply = community
        .post_form(
            &format!("/parent-schools/{school_id}/sessions"),
            &[
                ("csrf", csrf.as_str()),
                ("date", "2026-09-20"),
                ("topic", ""),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(reply.text.contains("id=\"session-error\""));
    let reply = community
        .post_form(
            &format!("/parent-schools/{school_id}/sessions"),
            &[
                ("csrf", csrf.as_str()),
                ("date", "2026-09-20"),
                ("topic", "亲子阅读"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let page = community.get(&school_page).await;
    assert!(page.text.contains("亲子阅读") && page.text.contains("attendance-form"));
    let list = community.get("/parent-schools").await;
    assert!(list.text.contains("少林家长学校") && list.text.contains("nav-parent-schools"));

    let girl = child(&fed, "林小雨", "070", SHAOLIN).await;
    let volunteer = register_person(&fed, "陈丽华", "072", SHAOLIN).await;
    let child_page = format!("/children/{girl}");
    let page = community.get(&child_page).await;
    page.assert_contains("id=\"pairing-form\"");
    let vid = volunteer.to_string();
    let reply = community
        .post_form(
            &format!("/children/{girl}/pairings"),
            &[
                ("csrf", csrf.as_str()),
                ("volunteer_person_id", vid.as_str()),
                ("starts_on", "2026-09-01"),
                ("visit_every", "monthly"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let pairing = fed.get("/api/v1/pairings").await.body["items"][0]["id"]
        .as_i64()
        .expect("pairing");
    let reply = community
        .post_form(
            &format!("/pairings/{pairing}/visits"),
            &[
                ("csrf", csrf.as_str()),
                ("date", "2026-12-01"),
                ("how", "home"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(reply.text.contains("visit-error") && reply.text.contains("2026-12-01"));
    let reply = community
        .post_form(
            &format!("/pairings/{pairing}/visits"),
            &[
                ("csrf", csrf.as_str()),
                ("date", "2026-09-15"),
                ("how", "home"),
                ("note", "一切安好"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let page = community.get(&child_page).await;
    assert!(page.text.contains("一切安好") && page.text.contains("陈丽华"));
    let list = community.get("/pairings").await;
    assert_eq!(list.status, 200);
    assert!(list.text.contains("林小雨"));

    let caseworker = app.user("cw", "caseworker", EAST_LAKE_STREET).await;
    let home = caseworker.get("/").await;
    home.assert_lacks("nav-pairings", "no menu entry");
    assert_eq!(caseworker.get("/pairings").await.status, 403);
    assert_eq!(caseworker.get("/parent-schools").await.status, 403);
}

#[tokio::test]
async fn an_overdue_pairing_visit_is_on_the_home_card_of_those_who_work_with_children() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let late = child(&fed, "林小雨", "080", SHAOLIN).await;
    let lately = child(&fed, "林小月", "082", SHAOLIN).await;
    let on_time = child(&fed, "林小星", "084", SHAOLIN).await;
    let volunteer = register_person(&fed, "陈丽华", "086", SHAOLIN).await;
    for (child_id, starts_on) in [
        (lately, "2026-08-10"),
        (late, "2026-06-01"),
        (on_time, "2026-09-10"),
    ] {
        let body = json!({ "volunteer_person_id": volunteer, "starts_on": starts_on,
                           "visit_every": "monthly" });
        created(pair(&fed, child_id, body).await);
    }
    let community = app.user("shaolin", "community", SHAOLIN).await;
    let home = community.get("/").await;
    let card = home
        .text
        .split("id=\"todo-overdue-pairings\"")
        .nth(1)
        .expect("the card")
        .split("</section>")
        .next()
        .expect("its end")
        .to_owned();
    assert!(
        card.contains("<span class=\"todo-count\">2</span>"),
        "{card}"
    );
    let (first, second) = (
        card.find("林小雨").expect("the longest overdue"),
        card.find("林小月").expect("the other"),
    );
    assert!(first < second, "the longest overdue first: {card}");
    assert!(!card.contains("林小星"), "not overdue: {card}");
    let caseworker = app.user("cw", "caseworker", EAST_LAKE_STREET).await;
    assert!(!caseworker
        .get("/")
        .await
        .text
        .contains("todo-overdue-pairings"));
}

#[tokio::test]
async fn the_demo_district_reproduces_the_poor_mother_figure_of_the_work_report() {
    let app = spawn_app().await;
    jinguo::startup::load_demo(&app.app).await.expect("demo");
    let fed = app.district_federation().await;
    let programs = fed.get("/api/v1/programs?per_page=50").await;
    assert_eq!(programs.status, 200, "{}", programs.text);
    let items = programs.body["items"].as_array().expect("programs");
    let program = |name: &str| -> i64 {
        items
            .iter()
            .find(|p| p["name"] == name)
            .and_then(|p| p["id"].as_i64())
            .unwrap_or_else(|| panic!("{name}: {}", programs.text))
    };
    for name in [
        "春节走访慰问困难妇女",
        "低保妇女免费“两癌”筛查",
        "六一儿童节走访慰问",
    ] {
        let cycles = fed
            .get(&format!("/api/v1/programs/{}/cycles", program(name)))
            .await;
        assert_eq!(cycles.status, 200, "{}", cycles.text);
        assert!(cycles.text.contains("2026"), "{name}: {}", cycles.text);
    }
    // The screening has results, the abnormal ones with their follow-ups, half of them done.
    let follow_ups = fed.get("/api/v1/screening-follow-ups?status=all").await;
    assert_eq!(follow_ups.status, 200, "{}", follow_ups.text);
    let all = follow_ups.body.as_array().expect("follow-ups");
    let open = all.iter().filter(|f| f["status"] == "open").count();
    assert!(
        !all.is_empty() && open > 0 && open < all.len(),
        "{}",
        follow_ups.text
    );
    let mothers = program("贫困母亲母亲节走访慰问");
    let cycles = fed.get(&format!("/api/v1/programs/{mothers}/cycles")).await;
    let cycle = cycles.body["items"][0]["id"]
        .as_i64()
        .or_else(|| cycles.body[0]["id"].as_i64())
        .expect("the Mother's Day cycle");
    let coverage = fed.get(&format!("/api/v1/cycles/{cycle}/coverage")).await;
    assert_eq!(coverage.status, 200, "{}", coverage.text);
    assert_eq!(coverage.body["eligible"], 82, "{}", coverage.text);
    let by_unit = coverage.body["by_unit"].as_array().expect("by_unit");
    let streets: std::collections::BTreeSet<String> = by_unit
        .iter()
        .filter_map(|u| u["unit_code"].as_str())
        .map(|u| format!("{}000", &u[..9]))
        .collect();
    assert_eq!(
        streets.len(),
        8,
        "82 mothers over 8 streets: {}",
        coverage.text
    );
    let delivered = coverage.body["delivered"].as_i64().expect("delivered");
    assert_eq!(delivered, 82, "every mother visited and paid");
    // Mothers: most head a household with a child of theirs.
    let with_children = sql_count(
        &app,
        "SELECT COUNT(*) FROM household_members m JOIN person_tags t \
             ON t.person_id = m.person_id AND t.tag = 'poor_mother' \
             WHERE m.relation = 'head' AND m.guardian_of IS NOT NULL",
    )
    .await;
    assert!(
        with_children >= 70,
        "poor mothers with a child: {with_children}"
    );

    // The children's work: three model parent schools, children with guardians, pairings.
    let schools = fed.get("/api/v1/parent-schools").await;
    assert_eq!(schools.body["total"], 3, "{}", schools.text);
    let children = fed.get("/api/v1/children").await;
    assert!(
        children.body["total"].as_i64() > Some(10),
        "{}",
        children.text
    );
    let overdue = fed.get("/api/v1/pairings?overdue=true").await;
    assert!(
        overdue.body["total"].as_i64() >= Some(1),
        "{}",
        overdue.text
    );
    let going = fed.get("/api/v1/pairings").await;
    assert!(going.body["total"].as_i64() > overdue.body["total"].as_i64());

    // A second start changes nothing.
    jinguo::startup::load_demo(&app.app).await.expect("again");
    let schools = fed.get("/api/v1/parent-schools").await;
    assert_eq!(schools.body["total"], 3);
}
