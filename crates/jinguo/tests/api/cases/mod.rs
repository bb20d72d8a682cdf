//! Casework through the HTTP API: intake, the workflow and its refusals, referrals, deadlines,
//! restricted cases, domestic-violence specifics, attachments, briefings, the public intake.

use crate::common::*;
use serde_json::{json, Value};

mod briefings;
pub(crate) mod public;

const DAY_MS: i64 = 86_400_000;

/// A district federation officer, a caseworker and a street officer, signed in.
struct Office {
    app: TestApp,
    federation: Client,
    caseworker: Client,
    street: Client,
}

async fn office() -> Office {
    let app = spawn_app().await;
    app.add_user("fed", "federation", DISTRICT, "Fe-deration#2026")
        .await;
    app.add_user("worker", "caseworker", DISTRICT, "Lampa#2026x")
        .await;
    app.add_user("streetofficer", "street", EAST_LAKE_STREET, "St-reet#2026x")
        .await;
    Office {
        federation: app.login("fed", "Fe-deration#2026").await,
        caseworker: app.login("worker", "Lampa#2026x").await,
        street: app.login("streetofficer", "St-reet#2026x").await,
        app,
    }
}

fn rights_case(category: &str) -> Value {
    json!({
        "kind": "rights", "channel": "hotline_12338", "category": category,
        "unit_code": SHAOLIN, "narrative": "来电反映丈夫长期不给生活费，要求帮助。"
    })
}

async fn create(client: &Client, body: Value) -> Value {
    created(client.post("/api/v1/cases", body).await)
}

async fn move_to(client: &Client, id: i64, body: Value) -> Reply {
    client
        .post(&format!("/api/v1/cases/{id}/transition"), body)
        .await
}

#[tokio::test]
async fn a_case_goes_from_intake_through_referral_to_closure_and_can_be_reopened() {
    let o = office().await;
    let case = create(&o.federation, rights_case("marriage_family")).await;
    let id = id_of(&case);
    assert_eq!(case["status"], "new");
    assert_eq!(case["restricted"], false);
    assert!(case["code"].as_str().expect("code").starts_with('R'));

    let assigned = move_to(
        &o.federation,
        id,
        json!({ "to": "assigned", "handler": "worker" }),
    )
    .await;
    assert_eq!(assigned.status, 200, "{}", assigned.text);
    assert_eq!(assigned.body["handler"]["username"], "worker");
    let started = move_to(
        &o.caseworker,
        id,
        json!({ "to": "in_progress", "note": "已电话联系当事人" }),
    )
    .await;
    assert_eq!(started.body["status"], "in_progress");

    let referral = o
        .caseworker
        .post(
            &format!("/api/v1/cases/{id}/referrals"),
            json!({ "department_code": "legal_aid", "request": "请为当事人提供法律援助" }),
        )
        .await;
    assert_eq!(referral.status, 201, "{}", referral.text);
    let answer = o
        .caseworker
        .post(
            &format!("/api/v1/referrals/{}/answer", referral.body["id"]),
            json!({ "answer": "已指派律师" }),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);

    let resolved = move_to(
        &o.caseworker,
        id,
        json!({ "to": "resolved", "outcome": "法院已判决支付抚养费" }),
    )
    .await;
    assert_eq!(resolved.body["status"], "resolved");
    let no_satisfaction = move_to(&o.caseworker, id, json!({ "to": "closed" })).await;
    no_satisfaction.assert_invalid_field("satisfaction");
    let closed = move_to(
        &o.caseworker,
        id,
        json!({ "to": "closed", "satisfaction": "satisfied" }),
    )
    .await;
    assert_eq!(closed.status, 200, "{}", closed.text);
    assert!(
        closed.body["follow_up_due"].is_string(),
        "a follow-up visit is due"
    );
    assert!(
        closed.body["due_at"].is_null(),
        "a closed case has no deadline"
    );

    let reopened = move_to(
        &o.caseworker,
        id,
        json!({ "to": "in_progress", "note": "当事人再次来电" }),
    )
    .await;
    assert_eq!(reopened.body["status"], "in_progress");

    let page = o.caseworker.get(&format!("/api/v1/cases/{id}")).await;
    let kinds = strings(&page.body["timeline"], "kind");
    assert_eq!(
        kinds,
        [
            "created",
            "status",
            "status",
            "referral",
            "referral_answer",
            "status",
            "status",
            "reopened"
        ]
    );
    assert_eq!(page.body["timeline"][2]["body"], "已电话联系当事人");
    assert_eq!(page.body["referrals"][0]["answer"], "已指派律师");
    assert_eq!(page.body["outcome"], "法院已判决支付抚养费");
}

#[tokio::test]
async fn a_transition_the_workflow_does_not_allow_names_both_statuses() {
    let o = office().await;
    let id = id_of(&create(&o.federation, rights_case("employment")).await);
    for (to, lang) in [("closed", "zh-CN"), ("in_progress", "en")] {
        let mut client = o.app.login("fed", "Fe-deration#2026").await;
        client.lang = lang;
        let reply = move_to(&client, id, json!({ "to": to })).await;
        assert_eq!(reply.status, 422, "new → {to}");
        assert_eq!(reply.body["error"]["code"], "invalid_transition");
        let message = reply.body["error"]["message"].as_str().expect("message");
        assert!(message.contains("new") && message.contains(to), "{message}");
    }
    let unknown = move_to(&o.federation, id, json!({ "to": "archived" })).await;
    unknown.assert_error(422, "invalid_choice");
    let no_handler = move_to(&o.federation, id, json!({ "to": "assigned" })).await;
    assert_eq!(no_handler.body["error"]["field"], "handler");
    let stranger = move_to(
        &o.federation,
        id,
        json!({ "to": "assigned", "handler": "nobody" }),
    )
    .await;
    assert_eq!(stranger.body["error"]["code"], "unknown_handler");
    let case = o.federation.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(case.body["status"], "new", "nothing changed");
    assert_eq!(case.body["timeline"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn bad_intake_is_refused_naming_the_field() {
    let o = office().await;
    let cases: [(Value, &str, &str); 6] = [
        (json!({ "channel": "walk_in" }), "kind", "invalid_choice"),
        (
            json!({ "category": "astrology" }),
            "category",
            "invalid_choice",
        ),
        (json!({ "narrative": "  " }), "narrative", "required"),
        (
            json!({ "unit_code": "110101000000" }),
            "unit_code",
            "unknown_unit",
        ),
        (
            json!({ "person_ids": [42] }),
            "person_ids",
            "unknown_person",
        ),
        (json!({ "kind": "enterprise" }), "enterprise_id", "required"),
    ];
    for (change, field, code) in cases {
        let mut body = rights_case("other");
        for (k, v) in change.as_object().expect("object") {
            body[k] = v.clone();
        }
        if field == "kind" {
            body["kind"] = json!("lawsuit");
        }
        let reply = o.federation.post("/api/v1/cases", body).await;
        assert_eq!(reply.status, 422, "{field}: {}", reply.text);
        assert_eq!(reply.body["error"]["field"], field);
        assert_eq!(reply.body["error"]["code"], code);
    }
    let listed = o.federation.get("/api/v1/cases").await;
    assert_eq!(listed.body["total"], 0, "nothing half-written");
}

#[tokio::test]
async fn a_referral_to_an_unknown_department_is_refused() {
    let o = office().await;
    let id = id_of(&create(&o.federation, rights_case("employment")).await);
    let reply = o
        .federation
        .post(
            &format!("/api/v1/cases/{id}/referrals"),
            json!({ "department_code": "ministry_of_magic", "request": "请协助" }),
        )
        .await;
    reply.assert_invalid("department_code", "unknown_department");
}

#[tokio::test]
async fn deadlines_make_cases_overdue_and_unanswered_referrals_too() {
    let o = office().await;
    let dv = id_of(&create(&o.federation, rights_case("domestic_violence")).await);
    let other = id_of(&create(&o.federation, rights_case("other")).await);
    let count = o.federation.get("/api/v1/cases/overdue/count").await;
    assert_eq!(count.body["count"], 0);

    // Four days on (two of them may be a weekend): one working day for violence is long gone,
    // three for other matters not necessarily; eight days on, both are overdue.
    o.app.clock.advance_ms(4 * DAY_MS);
    // Sessions end after 30 idle minutes: sign in again after each jump of the clock.
    let federation = o.app.login("fed", "Fe-deration#2026").await;
    let overdue = federation.get("/api/v1/cases?overdue=true").await;
    let ids = numbers(&overdue.body["items"], "id");
    assert!(ids.contains(&dv), "{ids:?}");
    o.app.clock.advance_ms(4 * DAY_MS);
    let federation = o.app.login("fed", "Fe-deration#2026").await;
    let count = federation.get("/api/v1/cases/overdue/count").await;
    assert_eq!(count.body["count"], 2);

    federation
        .post(
            &format!("/api/v1/cases/{other}/referrals"),
            json!({ "department_code": "human_resources", "request": "请核查欠薪" }),
        )
        .await;
    // Ten working days from Tuesday 29 September 2026 end on Monday 19 October: the National
    // Day week (1–7 October) is off and Saturday 10 October is worked (the shipped holiday
    // table); three weeks on, the referral is overdue.
    o.app.clock.advance_ms(21 * DAY_MS);
    let federation = o.app.login("fed", "Fe-deration#2026").await;
    let late = federation.get("/api/v1/referrals/overdue").await;
    assert_eq!(late.body.as_array().map(Vec::len), Some(1), "{}", late.text);
    assert_eq!(late.body[0]["department_code"], "human_resources");
}

#[tokio::test]
async fn deadlines_are_configurable_per_category_and_status() {
    let o = office().await;
    let rules = o.federation.get("/api/v1/case-deadlines").await;
    let dv_new = rules
        .body
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["category"] == "domestic_violence" && r["status"] == "new");
    assert_eq!(dv_new.expect("rule")["working_days"], 1);
    let set = o
        .app
        .login("fed", "Fe-deration#2026")
        .await
        .client_put(
            "/api/v1/case-deadlines",
            json!([{ "category": "other", "status": "new", "working_days": 30 }]),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.text);
    let id = id_of(&create(&o.federation, rights_case("other")).await);
    o.app.clock.advance_ms(10 * DAY_MS);
    let federation = o.app.login("fed", "Fe-deration#2026").await;
    let case = federation.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(case.body["overdue"], false, "thirty working days now");
    let refused = o
        .app
        .login("streetofficer", "St-reet#2026x")
        .await
        .client_put(
            "/api/v1/case-deadlines",
            json!([{ "category": "other", "status": "new", "working_days": 1 }]),
        )
        .await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn restricted_cases_are_seen_only_by_their_handler_and_district_federation_staff() {
    let o = office().await;
    o.app
        .add_user("streetadmin", "admin", DISTRICT, "Ad-min#2026more")
        .await;
    let admin = o.app.login("streetadmin", "Ad-min#2026more").await;
    let person = o
        .federation
        .post(
            "/api/v1/people",
            json!({ "name": "林秀英", "id_number": id_number("19850304", "002"), "unit_code": SHAOLIN }),
        )
        .await;
    let person_id = person.body["id"].as_i64().expect("person");
    let mut body = rights_case("domestic_violence");
    body["person_ids"] = json!([person_id]);
    let dv = create(&o.federation, body).await;
    assert_eq!(dv["restricted"], true);
    let id = id_of(&dv);
    let open = id_of(&create(&o.street, rights_case("employment")).await);

    for (who, client) in [
        ("street", &o.street),
        ("admin", &admin),
        ("caseworker", &o.caseworker),
    ] {
        let page = client.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(page.status, 404, "{who} reads a restricted case");
        let list = client.get("/api/v1/cases").await;
        let ids: Vec<i64> = list.body["items"]
            .as_array()
            .map(|items| items.iter().filter_map(|c| c["id"].as_i64()).collect())
            .unwrap_or_default();
        assert!(!ids.contains(&id), "{who} lists it");
        let of_person = client
            .get(&format!("/api/v1/cases?person_id={person_id}"))
            .await;
        assert_eq!(of_person.body["total"].as_i64().unwrap_or(0), 0, "{who}");
    }
    let stats = o.street.get("/api/v1/cases/stats").await;
    assert_eq!(
        stats.body["total"], 1,
        "the street's count shows only its open case"
    );
    assert!(o.street.get(&format!("/api/v1/cases/{open}")).await.status == 200);

    let assigned = move_to(
        &o.federation,
        id,
        json!({ "to": "assigned", "handler": "worker" }),
    )
    .await;
    assert_eq!(assigned.status, 200, "{}", assigned.text);
    let handler_reads = o.caseworker.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(handler_reads.status, 200);
    assert_eq!(handler_reads.body["people"][0]["name"], "林秀英");
    let fed_stats = o.federation.get("/api/v1/cases/stats").await;
    assert_eq!(fed_stats.body["total"], 2);

    let audit = o.app.auditor().await.get("/api/v1/audit?entity=case").await;
    let reads = audit.body["items"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| {
            // The audit administrator reads case ids pseudonymized.
            let shown = jinguo_app::audit::case_pseudonym(&o.app.app.cipher, &id.to_string());
            e["action"] == "read" && e["entity_id"].as_str() == Some(shown.as_str())
        })
        .count();
    assert!(reads >= 1, "every read of the restricted case is audited");
}

#[tokio::test]
async fn the_admin_sees_open_cases_without_their_narratives() {
    let o = office().await;
    let id = id_of(&create(&o.federation, rights_case("employment")).await);
    let admin = o.app.admin().await;
    let page = admin.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body["narrative"].is_null());
    let refused = move_to(&admin, id, json!({ "to": "assigned", "handler": "worker" })).await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn domestic_violence_screening_orders_and_the_mandatory_report_of_a_minor() {
    let o = office().await;
    let girl = o
        .federation
        .post(
            "/api/v1/people",
            json!({ "name": "陈小雨", "id_number": id_number("20140611", "004"), "unit_code": SHAOLIN }),
        )
        .await;
    let mut body = rights_case("domestic_violence");
    body["person_ids"] = json!([girl.body["id"]]);
    body["risk_items"] = json!(["strangulation", "escalating"]);
    let case = create(&o.federation, body).await;
    let id = id_of(&case);
    assert_eq!(case["risk_level"], "high");
    assert_eq!(case["risk_score"], 5);
    assert_eq!(case["urgency"], "emergency", "a high risk is an emergency");
    assert_eq!(case["mandatory_report"], true, "the victim is a minor");

    let blocked = move_to(
        &o.federation,
        id,
        json!({ "to": "resolved", "outcome": "已处理" }),
    )
    .await;
    blocked.assert_error(422, "mandatory_report_missing");
    let half = o
        .federation
        .post(
            &format!("/api/v1/cases/{id}/mandatory-report"),
            json!({ "recipient": "丰泽公安分局东湖派出所" }),
        )
        .await;
    assert_eq!(half.body["error"]["field"], "reported_on");
    let reported = o
        .federation
        .post(
            &format!("/api/v1/cases/{id}/mandatory-report"),
            json!({ "recipient": "丰泽公安分局东湖派出所", "reported_on": "2026-09-21" }),
        )
        .await;
    assert_eq!(reported.status, 200, "{}", reported.text);

    let applied = o
        .federation
        .post(
            &format!("/api/v1/cases/{id}/protection-orders"),
            json!({ "applied_on": "2026-09-22", "court": "丰泽区人民法院", "status": "applied" }),
        )
        .await;
    assert_eq!(applied.status, 200, "{}", applied.text);
    let undated = o
        .federation
        .post(
            &format!("/api/v1/cases/{id}/protection-orders"),
            json!({ "id": applied.body["id"], "status": "granted" }),
        )
        .await;
    assert_eq!(undated.body["error"]["field"], "decided_on");
    let granted = o
        .federation
        .post(
            &format!("/api/v1/cases/{id}/protection-orders"),
            json!({ "id": applied.body["id"], "status": "granted", "decided_on": "2026-09-23", "valid_until": "2027-03-23" }),
        )
        .await;
    assert_eq!(granted.body["status"], "granted");

    let rescreen = o
        .federation
        .post(
            &format!("/api/v1/cases/{id}/screening"),
            json!({ "yes": ["controlling"] }),
        )
        .await;
    assert_eq!(rescreen.body["level"], "low");
    let resolved = move_to(
        &o.federation,
        id,
        json!({ "to": "resolved", "outcome": "保护令已签发" }),
    )
    .await;
    assert_eq!(resolved.status, 200, "{}", resolved.text);
    let page = o.federation.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(page.body["protection_orders"][0]["status"], "granted");
    assert_eq!(page.body["report_recipient"], "丰泽公安分局东湖派出所");
}

#[tokio::test]
async fn attachments_are_checked_stored_encrypted_and_returned_intact() {
    let o = office().await;
    let id = id_of(&create(&o.federation, rights_case("employment")).await);
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend_from_slice("劳动合同 第三条 试用期 SECRET-MARKER-7781".as_bytes());
    let (ct, body) = multipart(&[], "劳动合同.pdf", &pdf);
    let stored = o
        .federation
        .post_raw(&format!("/api/v1/cases/{id}/attachments"), &ct, body)
        .await;
    assert_eq!(stored.status, 201, "{}", stored.text);
    let back = o
        .federation
        .http
        .get(o.app.url(&format!(
            "/api/v1/cases/{id}/attachments/{}",
            stored.body["id"]
        )))
        .send()
        .await
        .expect("download");
    assert_eq!(back.status(), 200);
    assert_eq!(back.bytes().await.expect("bytes").to_vec(), pdf);

    let files = o.app.config.data_dir.join("files");
    let on_disk: Vec<u8> = files_under(&files)
        .iter()
        .flat_map(|p| std::fs::read(p).expect("read"))
        .collect();
    assert!(!on_disk.is_empty());
    assert!(
        !bytes_contain(&on_disk, b"SECRET-MARKER-7781"),
        "the file is encrypted at rest"
    );

    let (ct, body) = multipart(&[], "setup.exe", b"MZ\x90\x00");
    let refused = o
        .federation
        .post_raw(&format!("/api/v1/cases/{id}/attachments"), &ct, body)
        .await;
    assert_eq!(refused.status, 415);
    assert!(refused.body["error"]["message"]
        .as_str()
        .expect("m")
        .contains("pdf"));
    let (ct, body) = multipart(&[], "disguised.pdf", b"MZ\x90\x00 not a pdf");
    let disguised = o
        .federation
        .post_raw(&format!("/api/v1/cases/{id}/attachments"), &ct, body)
        .await;
    assert_eq!(disguised.status, 415, "the content must match the name");
    let mut big = b"%PDF".to_vec();
    big.resize(11 * 1024 * 1024, b'x');
    let (ct, body) = multipart(&[], "scan.pdf", &big);
    let too_large = o
        .federation
        .post_raw(&format!("/api/v1/cases/{id}/attachments"), &ct, body)
        .await;
    assert_eq!(too_large.status, 413);
    assert!(too_large.body["error"]["message"]
        .as_str()
        .expect("m")
        .contains("10 MB"));
    let page = o.federation.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(page.body["attachments"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn narratives_are_not_stored_in_clear() {
    if engine_is_postgres() {
        let o = office().await;
        let mut body = rights_case("other");
        body["narrative"] = json!("NARRATIVE-MARKER-5521 家中情况");
        create(&o.federation, body).await;
        let rows = sql_rows(&o.app, "SELECT * FROM cases").await;
        assert_eq!(rows.len(), 1);
        let stored: Vec<u8> = rows[0].get("narrative_cipher").expect("cipher");
        assert!(!bytes_contain(&stored, b"NARRATIVE-MARKER-5521"));
        return;
    }
    let o = office().await;
    let mut body = rights_case("other");
    body["narrative"] = json!("NARRATIVE-MARKER-5521 家中情况");
    let id = id_of(&create(&o.federation, body).await);
    move_to(
        &o.federation,
        id,
        json!({ "to": "resolved", "outcome": "OUTCOME-MARKER-9913" }),
    )
    .await;
    let db = o.app.config.data_dir.join("jinguo.db");
    let mut bytes = std::fs::read(&db).expect("db");
    if let Ok(wal) = std::fs::read(db.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    assert!(!bytes_contain(&bytes, b"NARRATIVE-MARKER-5521"));
    assert!(!bytes_contain(&bytes, b"OUTCOME-MARKER-9913"));
}

#[tokio::test]
async fn statistics_count_by_category_channel_status_and_month() {
    let o = office().await;
    create(&o.federation, rights_case("employment")).await;
    create(&o.federation, rights_case("employment")).await;
    let mut walk_in = rights_case("property");
    walk_in["channel"] = json!("walk_in");
    create(&o.federation, walk_in).await;
    let stats = o.federation.get("/api/v1/cases/stats").await;
    assert_eq!(stats.body["total"], 3);
    let count = |group: &str, key: &str| {
        stats.body[group]
            .as_array()
            .expect(group)
            .iter()
            .find(|k| k["key"] == key)
            .and_then(|k| k["count"].as_i64())
    };
    assert_eq!(count("by_category", "employment"), Some(2));
    assert_eq!(count("by_channel", "walk_in"), Some(1));
    assert_eq!(count("by_status", "new"), Some(3));
    assert_eq!(stats.body["by_month"].as_array().map(Vec::len), Some(1));
    let filtered = o
        .federation
        .get("/api/v1/cases/stats?category=property")
        .await;
    assert_eq!(filtered.body["total"], 1);
}

#[tokio::test]
async fn a_persons_page_lists_her_cases_but_not_restricted_ones_to_street_officers() {
    let o = office().await;
    let person = o
        .federation
        .post(
            "/api/v1/people",
            json!({ "name": "郑美玲", "id_number": id_number("19900512", "006"), "unit_code": SHAOLIN }),
        )
        .await;
    let person_id = person.body["id"].as_i64().expect("person");
    let mut dv = rights_case("domestic_violence");
    dv["person_ids"] = json!([person_id]);
    let dv_code = create(&o.federation, dv).await["code"]
        .as_str()
        .expect("code")
        .to_owned();
    let mut work = rights_case("employment");
    work["person_ids"] = json!([person_id]);
    let work_code = create(&o.federation, work).await["code"]
        .as_str()
        .expect("code")
        .to_owned();

    let for_federation = o.federation.get(&format!("/people/{person_id}")).await;
    assert!(for_federation.text.contains(&dv_code) && for_federation.text.contains(&work_code));
    let for_street = o.street.get(&format!("/people/{person_id}")).await;
    assert_eq!(for_street.status, 200);
    assert!(for_street.text.contains(&work_code));
    for_street.assert_lacks(&dv_code, "the restricted case stays hidden");
}

#[tokio::test]
async fn case_pages_render_and_a_stale_transition_is_refused_with_its_reason() {
    let o = office().await;
    let id = id_of(&create(&o.federation, rights_case("employment")).await);
    for path in [
        "/cases",
        "/cases?mine=true",
        "/cases/new",
        "/cases/stats",
        "/briefings",
        "/briefings/new",
    ] {
        let page = o.federation.get(path).await;
        assert_eq!(page.status, 200, "{path}");
    }
    let page = o.federation.get(&format!("/cases/{id}")).await;
    assert!(page.text.contains("data-status=\"new\""));
    move_to(
        &o.federation,
        id,
        json!({ "to": "resolved", "outcome": "当场解答" }),
    )
    .await;
    let csrf = o.federation.csrf.clone().expect("csrf");
    let stale = o
        .federation
        .post_form(
            &format!("/cases/{id}/transition"),
            &[("csrf", csrf.as_str()), ("to", "referred")],
        )
        .await;
    assert_eq!(stale.status, 422);
    stale.assert_contains("resolved → referred");
    let xlsx = o.federation.get("/cases/stats.xlsx").await;
    assert_eq!(xlsx.status, 200);
    let public = o.app.client().get("/public/intake").await;
    assert_eq!(public.status, 200);
    assert!(
        public.headers.get("set-cookie").is_some(),
        "the form's nonce cookie"
    );
}

#[tokio::test]
async fn a_department_reporter_answers_referrals_addressed_to_her_department_only() {
    let o = office().await;
    let admin = o.app.security_admin().await;
    let made = admin
        .post(
            "/api/v1/users",
            json!({ "username": "legalaid", "role": "department", "unit_code": DISTRICT,
                    "department_code": "legal_aid", "password": "De-partment#2026" }),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.text);
    let reporter = o.app.login("legalaid", "De-partment#2026").await;
    let id = id_of(&create(&o.federation, rights_case("employment")).await);
    let mine = o
        .federation
        .post(
            &format!("/api/v1/cases/{id}/referrals"),
            json!({ "department_code": "legal_aid", "request": "请指派律师代理劳动仲裁" }),
        )
        .await;
    let other = o
        .federation
        .post(
            &format!("/api/v1/cases/{id}/referrals"),
            json!({ "department_code": "human_resources", "request": "请核查欠薪" }),
        )
        .await;

    let inbox = reporter.get("/api/v1/referrals/inbox").await;
    assert_eq!(
        inbox.body.as_array().map(Vec::len),
        Some(1),
        "{}",
        inbox.text
    );
    assert_eq!(inbox.body[0]["request"], "请指派律师代理劳动仲裁");
    assert_eq!(
        reporter.get(&format!("/api/v1/cases/{id}")).await.status,
        404,
        "not the case itself"
    );
    let page = reporter.get("/referrals").await;
    assert!(page.text.contains("请指派律师代理劳动仲裁"));
    let foreign = reporter
        .post(
            &format!("/api/v1/referrals/{}/answer", other.body["id"]),
            json!({ "answer": "x" }),
        )
        .await;
    assert_eq!(foreign.status, 404, "another department's referral");
    let csrf = reporter.csrf.clone().expect("csrf");
    let answered = reporter
        .post_form(
            &format!("/referrals/{}/answer", mine.body["id"]),
            &[("csrf", csrf.as_str()), ("answer", "已指派律师张某")],
        )
        .await;
    assert_eq!(answered.status, 303, "{}", answered.text);
    let again = reporter
        .post(
            &format!("/api/v1/referrals/{}/answer", mine.body["id"]),
            json!({ "answer": "再答" }),
        )
        .await;
    assert_eq!(again.status, 409);
    let case = o.federation.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(case.body["referrals"][0]["answer"], "已指派律师张某");
    let deadlines = o.federation.get("/cases/deadlines").await;
    assert!(deadlines.text.contains("domestic_violence.new"));
}

#[tokio::test]
async fn a_restricted_case_leaves_the_sight_of_a_caseworker_once_handed_over() {
    let o = office().await;
    o.app
        .add_user("worker2", "caseworker", DISTRICT, "Lampa#2026x")
        .await;
    o.app
        .add_user(
            "streetfed",
            "federation",
            EAST_LAKE_STREET,
            "Fe-deration#2026",
        )
        .await;
    let id = id_of(&create(&o.caseworker, rights_case("sexual_harassment")).await);
    assert_eq!(
        o.caseworker
            .get(&format!("/api/v1/cases/{id}"))
            .await
            .status,
        404,
        "not her handler"
    );
    move_to(
        &o.federation,
        id,
        json!({ "to": "assigned", "handler": "worker" }),
    )
    .await;
    assert_eq!(
        o.caseworker
            .get(&format!("/api/v1/cases/{id}"))
            .await
            .status,
        200
    );
    move_to(
        &o.federation,
        id,
        json!({ "to": "assigned", "handler": "worker2" }),
    )
    .await;
    assert_eq!(
        o.caseworker
            .get(&format!("/api/v1/cases/{id}"))
            .await
            .status,
        404,
        "handed over"
    );
    let street_federation = o.app.login("streetfed", "Fe-deration#2026").await;
    let seen = street_federation.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(
        seen.status, 404,
        "federation staff of a street are not district staff"
    );
    let audit = o.app.auditor().await.get("/api/v1/audit?entity=case").await;
    audit.assert_lacks(
        "sexual_harassment",
        "the log does not say what a case is about",
    );
}

#[tokio::test]
async fn absurd_pages_are_refused_not_computed() {
    let o = office().await;
    let reply = o
        .federation
        .get("/api/v1/cases?page=50000000000000000&per_page=200")
        .await;
    reply.assert_invalid_field("page");
    let page = o.federation.get("/cases?page=18446744073709551615").await;
    assert!(page.status < 500, "{}", page.status);
}

async fn list_total(client: &Client, query: &str) -> i64 {
    let reply = client
        .get(&format!("/api/v1/cases?per_page=200{query}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let items = reply.body["items"].as_array().expect("items").len() as i64;
    let total = reply.body["total"].as_i64().expect("total");
    assert_eq!(total, items, "the total of {query} counts the listed cases");
    total
}

#[tokio::test]
async fn list_totals_follow_status_changes_units_and_restriction() {
    let o = office().await;
    let other_street = json!({ "unit_code": "350503002001" });
    let mut ids = Vec::new();
    for (category, unit) in [
        ("marriage_family", SHAOLIN),
        ("marriage_family", SHAOLIN),
        ("domestic_violence", SHAOLIN),
        (
            "employment",
            other_street["unit_code"].as_str().expect("unit"),
        ),
    ] {
        let mut body = rights_case(category);
        body["unit_code"] = json!(unit);
        ids.push(id_of(&create(&o.federation, body).await));
    }
    assert_eq!(list_total(&o.federation, "").await, 4);
    assert_eq!(list_total(&o.federation, "&status=new").await, 4);
    assert_eq!(
        list_total(&o.federation, &format!("&unit_code={EAST_LAKE_STREET}")).await,
        3
    );
    assert_eq!(
        list_total(&o.federation, "&unit_code=350503002000").await,
        1
    );
    assert_eq!(
        list_total(&o.federation, "&category=domestic_violence").await,
        1
    );
    // The street officer sees their street's cases but the restricted one.
    assert_eq!(list_total(&o.street, "").await, 2);
    assert_eq!(list_total(&o.street, "&unit_code=350503002000").await, 0);

    let assigned = move_to(
        &o.federation,
        ids[0],
        json!({ "to": "assigned", "handler": "worker" }),
    )
    .await;
    assert_eq!(assigned.status, 200, "{}", assigned.text);
    assert_eq!(list_total(&o.federation, "&status=new").await, 3);
    assert_eq!(list_total(&o.federation, "&status=assigned").await, 1);
    assert_eq!(list_total(&o.street, "&status=assigned").await, 1);
    assert_eq!(list_total(&o.street, "&status=new").await, 1);

    // Handling the restricted case makes it the street officer's.
    let dv = move_to(
        &o.federation,
        ids[2],
        json!({ "to": "assigned", "handler": "streetofficer" }),
    )
    .await;
    assert_eq!(dv.status, 200, "{}", dv.text);
    assert_eq!(list_total(&o.street, "").await, 3);
    assert_eq!(
        list_total(&o.street, "&category=domestic_violence").await,
        1
    );
    assert_eq!(list_total(&o.street, "&status=assigned").await, 2);
    assert_eq!(
        list_total(
            &o.street,
            "&status=assigned&kind=rights&channel=hotline_12338"
        )
        .await,
        2
    );
    assert_eq!(list_total(&o.federation, "&status=assigned").await, 2);
    assert_eq!(list_total(&o.federation, "&status=new").await, 2);
}
