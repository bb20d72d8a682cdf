//! Awards (评选表彰): campaigns with quotas, nominations, the review, the public notice with its
//! objections, the final honours on the person's record, and the scope rules by name.

use crate::common::*;
use serde_json::{json, Value};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

async fn campaign(fed: &Client, quotas: Value) -> i64 {
    let body = json!({ "award": "march8_red_banner_holder", "year": 2026,
                       "title": "2026 年度三八红旗手评选", "quotas": quotas });
    id_of(&created(fed.post("/api/v1/award-campaigns", body).await))
}

async fn nominate(by: &Client, campaign: i64, person: i64, unit: &str) -> crate::common::Reply {
    let body = json!({ "person_id": person, "unit_code": unit,
                       "deeds": "带领社区姐妹创办手工作坊，帮助 30 名失业妇女再就业" });
    by.post(
        &format!("/api/v1/award-campaigns/{campaign}/nominations"),
        body,
    )
    .await
}

/// The public notice's key, from its path.
fn key_of(notice_path: &str) -> &str {
    notice_path.trim_start_matches("/public/notices/")
}

#[tokio::test]
async fn a_campaign_runs_from_nomination_through_notice_and_objection_to_final_honours() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let street = app.east_lake_officer().await;
    let id = campaign(&fed, json!({ EAST_LAKE_STREET: 2 })).await;
    let wang = register_person(&street, "王秀丽", "002", SHAOLIN).await;
    let chen = register_person(&street, "陈美玲", "004", DONGHU).await;

    let first = created(nominate(&street, id, wang, SHAOLIN).await);
    assert_eq!(first["status"], "nominated");
    assert_eq!(first["nominee"], "王秀丽");
    let second = created(nominate(&street, id, chen, DONGHU).await);

    // Two reviewers: 王 carried, 陈 not.
    let reviewer = app.user("reviewer2", "federation", DISTRICT).await;
    for (by, n, vote) in [
        (&fed, &first, "for"),
        (&reviewer, &first, "for"),
        (&fed, &second, "against"),
        (&reviewer, &second, "abstain"),
    ] {
        let r = by
            .post(
                &format!("/api/v1/award-campaigns/{id}/votes"),
                json!({ "nomination_id": id_of(n), "vote": vote }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let review = fed
        .get(&format!("/api/v1/award-campaigns/{id}/review"))
        .await;
    let lines = review.body["items"].as_array().expect("a list").clone();
    let line = |n: &Value| {
        lines
            .iter()
            .find(|l| l["nomination_id"] == n["id"])
            .expect("its line")
            .clone()
    };
    assert_eq!(line(&first)["for"], 2);
    assert_eq!(line(&first)["carried"], true);
    assert_eq!(line(&second)["against"], 1);
    assert_eq!(line(&second)["carried"], false);

    let published = fed
        .post(
            &format!("/api/v1/award-campaigns/{id}/publish"),
            json!({ "nomination_ids": [id_of(&first)] }),
        )
        .await;
    assert_eq!(published.status, 200, "{}", published.text);
    let path = published.body["notice_path"]
        .as_str()
        .expect("a text")
        .to_owned();
    let until = published.body["notice_until"]
        .as_str()
        .expect("a text")
        .to_owned();

    // The public page names her and her unit, and nothing that identifies her further.
    let public = app.client();
    let page = public.get(&path).await;
    assert_eq!(page.status, 200);
    page.assert_contains("王秀丽");
    assert!(!page.text.contains("陈美玲"));
    let person = fed.get(&format!("/api/v1/people/{wang}")).await.body;
    for secret in [
        id_number("19880512", "002"),
        "13900000002".to_owned(),
        person["id_masked"].as_str().unwrap_or("no mask").to_owned(),
        "手工作坊".to_owned(),
    ] {
        assert!(!page.text.contains(&secret), "the notice shows {secret}");
    }

    // An objection during the window; finalizing waits for the window and for its decision.
    let objection = public
        .post(
            &format!("/api/v1/public/notices/{}/objections", key_of(&path)),
            json!({ "nomination_id": id_of(&first), "text": "该同志事迹材料中的就业人数与实际不符", "contact": "13800001111" }),
        )
        .await;
    assert_eq!(objection.status, 201, "{}", objection.text);
    let early = fed
        .post(&format!("/api/v1/award-campaigns/{id}/finalize"), json!({}))
        .await;
    early.assert_error(409, "notice_open");

    app.clock.advance_ms(12 * DAY_MS);
    // Sessions do not outlive the notice: sign in again.
    let fed = app.login("district_fed", STAFF_PASSWORD).await;
    let street = app.login("east_lake", STAFF_PASSWORD).await;
    let late = public
        .post(
            &format!("/api/v1/public/notices/{}/objections", key_of(&path)),
            json!({ "nomination_id": id_of(&first), "text": "迟到的异议" }),
        )
        .await;
    assert_eq!(late.status, 409, "after {until}");
    assert_eq!(late.body["error"]["code"], "notice_closed");
    let pending = fed
        .post(&format!("/api/v1/award-campaigns/{id}/finalize"), json!({}))
        .await;
    assert_eq!(pending.body["error"]["code"], "objections_pending");

    let objections = fed
        .get(&format!("/api/v1/award-campaigns/{id}/objections"))
        .await;
    let items = objections.body["items"].as_array().expect("a list");
    assert_eq!(items.len(), 1, "the late objection was not stored");
    assert_eq!(items[0]["contact"], "13800001111");
    let decided = fed
        .post(
            &format!("/api/v1/award-objections/{}/decision", id_of(&items[0])),
            json!({ "outcome": "dismissed", "note": "经核实，人数属实" }),
        )
        .await;
    assert_eq!(decided.status, 204, "{}", decided.text);
    let again = fed
        .post(
            &format!("/api/v1/award-objections/{}/decision", id_of(&items[0])),
            json!({ "outcome": "upheld" }),
        )
        .await;
    assert_eq!(again.status, 409);

    let done = fed
        .post(&format!("/api/v1/award-campaigns/{id}/finalize"), json!({}))
        .await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.body["honoured"], 1);
    assert_eq!(done.body["not_honoured"], 1);
    let honours = street.get(&format!("/api/v1/people/{wang}/honours")).await;
    assert_eq!(
        honours.body["items"][0]["award"],
        "march8_red_banner_holder"
    );
    assert_eq!(honours.body["items"][0]["year"], 2026);
    let none = street.get(&format!("/api/v1/people/{chen}/honours")).await;
    assert_eq!(none.body["items"].as_array().expect("a list").len(), 0);
    let campaign = fed.get(&format!("/api/v1/award-campaigns/{id}")).await;
    assert_eq!(campaign.body["stage"], "final");
}

#[tokio::test]
async fn a_nomination_over_the_units_quota_is_refused_naming_the_quota() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let street = app.east_lake_officer().await;
    let id = campaign(&fed, json!({ EAST_LAKE_STREET: 1 })).await;
    let wang = register_person(&street, "王秀丽", "002", SHAOLIN).await;
    let chen = register_person(&street, "陈美玲", "004", DONGHU).await;
    created(nominate(&street, id, wang, SHAOLIN).await);
    let over = nominate(&street, id, chen, DONGHU).await;
    over.assert_invalid("unit_code", "quota_exceeded");
    let listed = street
        .get(&format!("/api/v1/award-campaigns/{id}/nominations"))
        .await;
    assert_eq!(listed.body["items"].as_array().expect("a list").len(), 1);
}

#[tokio::test]
async fn the_same_nominee_twice_in_a_campaign_is_a_conflict() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let id = campaign(&fed, json!({})).await;
    let wang = register_person(&fed, "王秀丽", "002", SHAOLIN).await;
    created(nominate(&fed, id, wang, SHAOLIN).await);
    let again = nominate(&fed, id, wang, EAST_LAKE_STREET).await;
    again.assert_error(409, "already_nominated");
}

#[tokio::test]
async fn a_nominee_must_fit_the_award_and_bad_campaigns_name_their_field() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let id = campaign(&fed, json!({})).await;
    let man = register_person(&fed, "李建国", "013", SHAOLIN).await;
    let r = nominate(&fed, id, man, SHAOLIN).await;
    r.assert_error(422, "award_for_women");
    let enterprise = created(
        fed.post(
            "/api/v1/enterprises",
            json!({ "name": "泉州巾帼手工坊", "credit_code": credit_code(7), "women_owned": true, "unit_code": SHAOLIN }),
        )
        .await,
    );
    let r = fed
        .post(
            &format!("/api/v1/award-campaigns/{id}/nominations"),
            json!({ "enterprise_id": id_of(&enterprise), "unit_code": SHAOLIN, "deeds": "吸纳就业" }),
        )
        .await;
    r.assert_invalid("enterprise_id", "award_for_individuals");
    let r = fed
        .post(
            &format!("/api/v1/award-campaigns/{id}/nominations"),
            json!({ "unit_code": SHAOLIN, "deeds": "" }),
        )
        .await;
    assert_eq!(r.body["error"]["field"], "person_id");

    for (body, field) in [
        (
            json!({ "award": "red_flag", "year": 2026, "title": "x" }),
            "award",
        ),
        (
            json!({ "award": "model_family", "year": 1999, "title": "x" }),
            "year",
        ),
        (
            json!({ "award": "model_family", "year": 2026, "title": "x", "quotas": { "350503999999": 1 } }),
            "quotas",
        ),
        (
            json!({ "award": "model_family", "year": 2026, "title": "x", "notice_days": 0 }),
            "notice_days",
        ),
        (
            json!({ "award": "model_family", "year": 2026, "title": " " }),
            "title",
        ),
    ] {
        let r = fed.post("/api/v1/award-campaigns", body).await;
        r.assert_invalid_field(field);
    }
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_nomination() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let east = app.east_lake_officer().await;
    let other = app.other_street_officer().await;
    let id = campaign(&fed, json!({})).await;
    let wang = register_person(&east, "王秀丽", "002", SHAOLIN).await;
    created(nominate(&east, id, wang, SHAOLIN).await);
    // The campaign is every street's to nominate for; the nomination is east lake's alone.
    let seen = other
        .get(&format!("/api/v1/award-campaigns/{id}/nominations"))
        .await;
    assert_eq!(seen.status, 200);
    assert_eq!(seen.body["items"].as_array().expect("a list").len(), 0);
    let honours = other.get(&format!("/api/v1/people/{wang}/honours")).await;
    assert_eq!(honours.status, 404);
    // Nor can she nominate for east lake's communities or their people.
    let r = nominate(&other, id, wang, SHAOLIN).await;
    r.assert_error(422, "unknown_person");
}

#[tokio::test]
async fn a_street_officer_cannot_review_publish_or_finalize() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let east = app.east_lake_officer().await;
    let id = campaign(&fed, json!({})).await;
    for path in ["review", "objections"] {
        let r = east
            .get(&format!("/api/v1/award-campaigns/{id}/{path}"))
            .await;
        assert_eq!(r.status, 403, "{path}");
    }
    let r = east
        .post(
            &format!("/api/v1/award-campaigns/{id}/publish"),
            json!({ "nomination_ids": [1] }),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = east
        .post(
            "/api/v1/award-campaigns",
            json!({ "award": "model_family", "year": 2026, "title": "x" }),
        )
        .await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn a_campaign_of_another_street_is_not_found() {
    let app = spawn_app().await;
    let east_fed = app.user("east_fed", "federation", EAST_LAKE_STREET).await;
    let other = app.other_street_officer().await;
    let body = json!({ "award": "model_family", "year": 2026, "title": "东湖街道最美家庭" });
    let id = id_of(&created(
        east_fed.post("/api/v1/award-campaigns", body).await,
    ));
    let r = other.get(&format!("/api/v1/award-campaigns/{id}")).await;
    assert_eq!(r.status, 404);
    let listed = other.get("/api/v1/award-campaigns").await;
    assert_eq!(listed.body["items"].as_array().expect("a list").len(), 0);
}

#[tokio::test]
async fn the_public_notice_page_takes_an_objection_and_after_the_window_stores_nothing() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let id = campaign(&fed, json!({})).await;
    let wang = register_person(&fed, "王秀丽", "002", SHAOLIN).await;
    let n = created(nominate(&fed, id, wang, SHAOLIN).await);
    let published = fed
        .post(
            &format!("/api/v1/award-campaigns/{id}/publish"),
            json!({ "nomination_ids": [id_of(&n)] }),
        )
        .await;
    let path = published.body["notice_path"]
        .as_str()
        .expect("a text")
        .to_owned();
    let again = fed
        .post(
            &format!("/api/v1/award-campaigns/{id}/publish"),
            json!({ "nomination_ids": [id_of(&n)] }),
        )
        .await;
    assert_eq!(again.body["error"]["code"], "already_published");

    let public = app.client();
    let nomination = id_of(&n).to_string();
    let sent = public
        .post_form(
            &path,
            &[("nomination_id", &nomination), ("text", "异议：事迹不实")],
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    assert!(sent.text.contains("objection-received"));
    let empty = public
        .post_form(&path, &[("nomination_id", &nomination), ("text", " ")])
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.text.contains("text-error"));

    app.clock.advance_ms(30 * DAY_MS);
    let fed = app.login("district_fed", STAFF_PASSWORD).await;
    let late = public
        .post_form(
            &path,
            &[("nomination_id", &nomination), ("text", "迟到的异议")],
        )
        .await;
    assert_eq!(late.status, 409);
    assert!(late.text.contains("notice-closed"));
    let objections = fed
        .get(&format!("/api/v1/award-campaigns/{id}/objections"))
        .await;
    assert_eq!(
        objections.body["items"].as_array().expect("a list").len(),
        1
    );
    assert_eq!(public.get("/public/notices/not-a-key").await.status, 404);
}

#[tokio::test]
async fn the_campaign_pages_nominate_and_publish_for_the_federation() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let id = campaign(&fed, json!({ EAST_LAKE_STREET: 3 })).await;
    let wang = register_person(&fed, "王秀丽", "002", SHAOLIN).await;
    let list = fed.get("/awards").await;
    assert_eq!(list.status, 200);
    assert!(list.text.contains("2026 年度三八红旗手评选"));
    let form = fed.get("/awards/new").await;
    assert!(form.text.contains(&format!("quota-{EAST_LAKE_STREET}")));
    let csrf = fed.csrf.clone().unwrap_or_default();
    let wang_id = wang.to_string();
    let r = fed
        .post_form(
            &format!("/awards/{id}/nominations"),
            &[
                ("csrf", &csrf),
                ("person_id", &wang_id),
                ("unit_code", SHAOLIN),
                ("deeds", "巾帼志愿服务十年"),
            ],
        )
        .await;
    assert!(r.status < 400, "{}", r.text);
    let page = fed.get(&format!("/awards/{id}")).await;
    assert!(page.text.contains("王秀丽"));
    assert!(page.text.contains("publish-form"));
    let community = app.user("shaolin", "community", SHAOLIN).await;
    let theirs = community.get(&format!("/awards/{id}")).await;
    assert_eq!(theirs.status, 200);
    assert!(!theirs.text.contains("publish-form"));
    let caseworker = app.user("cw", "caseworker", SHAOLIN).await;
    assert_eq!(caseworker.get("/awards").await.status, 403);
}

#[tokio::test]
async fn the_demo_entrepreneur_campaign_has_passed_its_notice_and_waits_to_be_finalized() {
    let app = spawn_app().await;
    jinguo::startup::load_demo(&app.app).await.expect("demo");
    let fed = app.district_federation().await;
    let campaigns = fed.get("/api/v1/award-campaigns").await;
    let c = &campaigns.body["items"][0];
    assert_eq!(
        c["award"], "outstanding_woman_entrepreneur",
        "{}",
        campaigns.text
    );
    assert_eq!(c["stage"], "notice_ended");
    let id = id_of(c);
    let nominations = fed
        .get(&format!("/api/v1/award-campaigns/{id}/nominations"))
        .await;
    // One women-owned enterprise from each street that has one.
    let nominated = nominations.body["items"].as_array().expect("a list").len();
    assert!(nominated >= 5, "{}", nominations.text);
    let home = fed.get("/").await;
    home.assert_shows("todo-awards", "the home card");
    let objections = fed
        .get(&format!("/api/v1/award-campaigns/{id}/objections"))
        .await;
    let pending = &objections.body["items"][0];
    assert!(pending["outcome"].is_null());
    let early = fed
        .post(&format!("/api/v1/award-campaigns/{id}/finalize"), json!({}))
        .await;
    assert_eq!(early.body["error"]["code"], "objections_pending");
    let decided = fed
        .post(
            &format!("/api/v1/award-objections/{}/decision", id_of(pending)),
            json!({ "outcome": "upheld", "note": "核实属实" }),
        )
        .await;
    assert_eq!(decided.status, 204);
    let done = fed
        .post(&format!("/api/v1/award-campaigns/{id}/finalize"), json!({}))
        .await;
    assert_eq!(done.body["honoured"], nominated - 1, "{}", done.text);
    let honoured = nominations.body["items"][1]["enterprise_id"]
        .as_i64()
        .expect("an enterprise");
    let honours = fed
        .get(&format!("/api/v1/enterprises/{honoured}/honours"))
        .await;
    assert_eq!(
        honours.body["items"][0]["award"],
        "outstanding_woman_entrepreneur"
    );

    // Three of the entrepreneurs are model women, in the paper, on the website and at the
    // exchange meeting or the showcase.
    let model_women = fed.get("/api/v1/model-women").await;
    assert_eq!(model_women.body["total"], 3, "{}", model_women.text);
    let profile = id_of(&model_women.body["items"][0]);
    let told = fed
        .get(&format!("/api/v1/model-women/{profile}/publications"))
        .await;
    let channels = strings(&told.body["items"], "channel");
    assert_eq!(channels.len(), 3, "{}", told.text);
    assert!(channels.contains(&"newspaper") && channels.contains(&"website"));
    assert!(channels.contains(&"exchange_meeting") || channels.contains(&"showcase"));
}

#[tokio::test]
async fn experience_exchanges_and_showcases_are_events_of_their_own_kinds() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    for kind in ["exchange_meeting", "showcase"] {
        let body = json!({ "kind": kind, "title": "巾帼创业经验交流会", "date": "2026-03-06",
                           "unit_code": DISTRICT });
        let event = created(fed.post("/api/v1/events", body).await);
        assert_eq!(event["kind"], kind);
    }
}

#[tokio::test]
async fn a_nominations_materials_are_kept_encrypted_and_read_in_its_subtree_only() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let east = app.east_lake_officer().await;
    let other = app.other_street_officer().await;
    let id = campaign(&fed, json!({})).await;
    let wang = register_person(&east, "王秀丽", "002", SHAOLIN).await;
    let n = id_of(&created(nominate(&east, id, wang, SHAOLIN).await));
    let pdf = b"%PDF-1.4 \xe7\x8e\x8b\xe7\xa7\x80\xe4\xb8\xbd deeds of the nominee".to_vec();
    let path = format!("/api/v1/award-nominations/{n}/materials");
    let (ct, body) = multipart(&[], "王秀丽事迹材料.pdf", &pdf);
    let m = created(east.post_raw(&path, &ct, body).await);
    assert_eq!(m["file_name"], "王秀丽事迹材料.pdf");

    // At rest: neither the bytes nor the name in the clear.
    let on_disk = files_under(&app.config.data_dir.join("files").join("awards"));
    assert_eq!(on_disk.len(), 1);
    let stored = std::fs::read(&on_disk[0]).expect("the file");
    assert!(
        !stored.windows(10).any(|w| w == &pdf[..10]),
        "plain bytes on disk"
    );

    let back = fed.get_bytes(&format!("{path}/{}", id_of(&m))).await;
    assert_eq!(back, pdf, "the reviewer reads what was sent");
    let listed = fed.get(&path).await;
    assert_eq!(listed.body["items"][0]["file_name"], "王秀丽事迹材料.pdf");

    // Another street sees no such nomination, for reads and writes.
    assert_eq!(
        other.get(&path).await.body["items"]
            .as_array()
            .expect("a list")
            .len(),
        0
    );
    assert_eq!(
        other.get(&format!("{path}/{}", id_of(&m))).await.status,
        404
    );
    let (ct, body) = multipart(&[], "x.pdf", b"%PDF-1.4");
    assert_eq!(other.post_raw(&path, &ct, body).await.status, 404);

    let (ct, body) = multipart(&[], "setup.exe", b"MZ\x90\x00");
    let refused = east.post_raw(&path, &ct, body).await;
    assert_eq!(refused.status, 415, "{}", refused.text);

    let published = fed
        .post(
            &format!("/api/v1/award-campaigns/{id}/publish"),
            json!({ "nomination_ids": [n] }),
        )
        .await;
    assert_eq!(published.status, 200);
    let (ct, body) = multipart(&[], "late.pdf", b"%PDF-1.4 late");
    let late = east.post_raw(&path, &ct, body).await;
    late.assert_error(409, "campaign_published");
}
