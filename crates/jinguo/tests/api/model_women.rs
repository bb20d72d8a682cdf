//! Model women (典型): profiles of a woman or an enterprise's entrepreneur with a sealed story,
//! encrypted photos, publications (an exchange meeting or showcase names its event), the pages,
//! and the scope rules by name.

use crate::common::*;
use serde_json::{json, Value};

/// The smallest PNG there is (1×1, transparent).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

const STORY: &str = "2015 年返乡创办茶叶合作社，带动本村 30 户妇女增收。";

async fn profile(by: &Client, body: Value) -> crate::common::Reply {
    by.post("/api/v1/model-women", body).await
}

fn of_person(person: i64) -> Value {
    json!({ "person_id": person, "headline": "返乡创业带头人", "story": STORY })
}

#[tokio::test]
async fn a_profile_tells_a_womans_story_sealed_and_records_where_it_ran() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let street = app.east_lake_officer().await;
    let wang = register_person(&street, "王秀丽", "002", SHAOLIN).await;
    let p = created(profile(&street, of_person(wang)).await);
    assert_eq!(p["name"], "王秀丽");
    assert_eq!(p["unit_code"], SHAOLIN);
    assert_eq!(p["story"], STORY);
    let id = id_of(&p);

    // At rest the story is sealed: at_rest::no_free_text_is_found_in_the_database_file… writes one.
    let changed = street
        .patch(
            &format!("/api/v1/model-women/{id}"),
            json!({ "story": "创办茶叶合作社，带动 45 户妇女增收。" }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["headline"], "返乡创业带头人", "left out, kept");
    assert!(
        fed.get(&format!("/api/v1/model-women/{id}")).await.body["story"]
            .as_str()
            .expect("a text")
            .contains("45 户")
    );

    let path = format!("/api/v1/model-women/{id}/publications");
    let paper = street
        .post(
            &path,
            json!({ "channel": "newspaper", "outlet": "泉州晚报", "published_on": "2026-03-08" }),
        )
        .await;
    assert_eq!(paper.status, 201, "{}", paper.text);
    // A telling at an exchange meeting takes the event's title and date.
    let meeting = created(
        fed.post(
            "/api/v1/events",
            json!({ "kind": "exchange_meeting", "title": "巾帼创业经验交流会",
                    "date": "2026-04-16", "unit_code": DISTRICT }),
        )
        .await,
    );
    let told = created(
        street
            .post(
                &path,
                json!({ "channel": "exchange_meeting", "event_id": id_of(&meeting) }),
            )
            .await,
    );
    assert_eq!(told["outlet"], "巾帼创业经验交流会");
    assert_eq!(told["published_on"], "2026-04-16");
    let listed = street.get(&path).await;
    assert_eq!(listed.body["items"][0]["channel"], "exchange_meeting");
    assert_eq!(listed.body["total"], 2);

    let all = fed.get("/api/v1/model-women").await;
    assert_eq!(all.body["total"], 1);
    assert!(
        all.body["items"][0].get("story").is_none(),
        "no story in lists"
    );
}

#[tokio::test]
async fn a_profiles_subject_and_publications_name_their_fields() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let wang = register_person(&fed, "王秀丽", "002", SHAOLIN).await;
    let zhang = register_person(&fed, "张建国", "001", SHAOLIN).await;
    let firm = register_enterprise(&fed, "丰泽巧手工艺品有限公司", 7, SHAOLIN).await;

    for (body, field, code) in [
        (
            json!({ "headline": "x", "story": "y" }),
            "person_id",
            "subject_required",
        ),
        (
            json!({ "person_id": wang, "enterprise_id": firm, "headline": "x", "story": "y" }),
            "enterprise_id",
            "subject_ambiguous",
        ),
        (
            json!({ "person_id": zhang, "headline": "x", "story": "y" }),
            "person_id",
            "model_woman_is_a_woman",
        ),
        (
            json!({ "person_id": 999_999, "headline": "x", "story": "y" }),
            "person_id",
            "unknown_person",
        ),
        (
            json!({ "person_id": wang, "headline": "", "story": "y" }),
            "headline",
            "required",
        ),
        (
            json!({ "person_id": wang, "headline": "x", "story": "  " }),
            "story",
            "required",
        ),
    ] {
        let r = profile(&fed, body).await;
        r.assert_invalid(field, code);
    }

    // An enterprise's entrepreneur; one profile each.
    let e = created(
        profile(
            &fed,
            json!({ "enterprise_id": firm, "headline": "巧手致富", "story": "十年带出 200 名绣娘" }),
        )
        .await,
    );
    assert_eq!(e["name"], "丰泽巧手工艺品有限公司");
    created(profile(&fed, of_person(wang)).await);
    let again = profile(&fed, of_person(wang)).await;
    again.assert_error(409, "already_profiled");

    let path = format!("/api/v1/model-women/{}/publications", id_of(&e));
    let job_fair = created(
        fed.post(
            "/api/v1/events",
            json!({ "kind": "job_fair", "title": "春风行动", "date": "2026-02-20",
                    "unit_code": DISTRICT }),
        )
        .await,
    );
    for (body, field, code) in [
        (
            json!({ "channel": "radio", "outlet": "x", "published_on": "2026-03-08" }),
            "channel",
            "invalid_choice",
        ),
        (
            json!({ "channel": "website", "outlet": "丰泽妇联网", "published_on": "2026-02-30" }),
            "published_on",
            "invalid_date",
        ),
        (
            json!({ "channel": "showcase", "event_id": id_of(&job_fair) }),
            "event_id",
            "event_not_for_channel",
        ),
        (
            json!({ "channel": "showcase", "event_id": 424_242 }),
            "event_id",
            "unknown_event",
        ),
        (
            json!({ "channel": "wechat", "published_on": "2026-03-08" }),
            "outlet",
            "required",
        ),
    ] {
        let r = fed.post(&path, body).await;
        r.assert_invalid(field, code);
    }
    assert_eq!(
        fed.get(&path).await.body["total"],
        0,
        "nothing half-written"
    );
}

#[tokio::test]
async fn a_model_womans_photos_are_kept_encrypted_and_only_images_are_taken() {
    let app = spawn_app().await;
    let street = app.east_lake_officer().await;
    let wang = register_person(&street, "王秀丽", "002", SHAOLIN).await;
    let id = id_of(&created(profile(&street, of_person(wang)).await));
    let path = format!("/api/v1/model-women/{id}/photos");
    let (ct, body) = multipart(&[], "王秀丽在茶园.png", PNG);
    let photo = created(street.post_raw(&path, &ct, body).await);
    assert_eq!(photo["content_type"], "image/png");
    assert_eq!(photo["file_name"], "王秀丽在茶园.png");

    let dir = app.config.data_dir.join("files").join("model_women");
    let stored: Vec<u8> = std::fs::read_dir(dir.join(id.to_string()))
        .expect("the profile's folder")
        .flatten()
        .map(|f| std::fs::read(f.path()).expect("the file"))
        .next()
        .expect("one file");
    assert!(
        !stored.windows(8).any(|w| w == &PNG[..8]),
        "plain bytes on disk"
    );

    let back = street.get_bytes(&format!("{path}/{}", id_of(&photo))).await;
    assert_eq!(back, PNG);

    let (ct, body) = multipart(&[], "事迹.pdf", b"%PDF-1.4 not a photo");
    let refused = street.post_raw(&path, &ct, body).await;
    assert_eq!(refused.status, 415, "{}", refused.text);
    assert_eq!(street.get(&path).await.body["total"], 1);
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_model_woman() {
    let app = spawn_app().await;
    let east = app.east_lake_officer().await;
    let other = app.other_street_officer().await;
    let wang = register_person(&east, "王秀丽", "002", SHAOLIN).await;
    let id = id_of(&created(profile(&east, of_person(wang)).await));
    let base = format!("/api/v1/model-women/{id}");
    assert_eq!(other.get(&base).await.status, 404);
    assert_eq!(
        other.patch(&base, json!({ "story": "改写" })).await.status,
        404
    );
    let write = other
        .post(
            &format!("{base}/publications"),
            json!({ "channel": "website", "outlet": "x", "published_on": "2026-03-08" }),
        )
        .await;
    assert_eq!(write.status, 404);
    let (ct, body) = multipart(&[], "x.png", PNG);
    assert_eq!(
        other
            .post_raw(&format!("{base}/photos"), &ct, body)
            .await
            .status,
        404
    );
    assert_eq!(other.get("/api/v1/model-women").await.body["total"], 0);
    // Nor may she open a profile for a woman outside her street.
    let refused = profile(&other, of_person(wang)).await;
    assert_eq!(refused.body["error"]["code"], "unknown_person");
}

#[tokio::test]
async fn community_officer_cannot_read_a_sibling_communitys_model_woman() {
    let app = spawn_app().await;
    let street = app.east_lake_officer().await;
    let donghu = app.user("donghu", "community", DONGHU).await;
    let wang = register_person(&street, "王秀丽", "002", SHAOLIN).await;
    let id = id_of(&created(profile(&street, of_person(wang)).await));
    assert_eq!(
        donghu
            .get(&format!("/api/v1/model-women/{id}"))
            .await
            .status,
        404
    );
    let shaolin = app.user("shaolin", "community", SHAOLIN).await;
    assert_eq!(
        shaolin
            .get(&format!("/api/v1/model-women/{id}"))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn caseworkers_and_departments_do_not_keep_model_women() {
    let app = spawn_app().await;
    for (name, role) in [
        ("cw", "caseworker"),
        ("dept", "department"),
        ("viewer", "viewer"),
    ] {
        let c = app.user(name, role, DISTRICT).await;
        assert_eq!(c.get("/api/v1/model-women").await.status, 403, "{role}");
        assert_eq!(c.get("/model-women").await.status, 403, "{role}");
    }
}

#[tokio::test]
async fn the_model_women_pages_create_a_profile_and_record_a_publication() {
    let app = spawn_app().await;
    let street = app.east_lake_officer().await;
    let wang = register_person(&street, "王秀丽", "002", SHAOLIN).await;
    let csrf = street.csrf.clone().unwrap_or_default();
    let wang_id = wang.to_string();
    let refused = street
        .post_form(
            "/model-women",
            &[
                ("csrf", &csrf),
                ("person_id", &wang_id),
                ("headline", ""),
                ("story", "x"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    refused.assert_contains("headline-error");
    let made = street
        .post_form(
            "/model-women",
            &[
                ("csrf", &csrf),
                ("person_id", &wang_id),
                ("headline", "返乡创业带头人"),
                ("story", STORY),
            ],
        )
        .await;
    assert!(made.status < 400, "{}", made.text);
    let list = street.get("/model-women").await;
    list.assert_contains("返乡创业带头人");
    let id = street.get("/api/v1/model-women").await.body["items"][0]["id"]
        .as_i64()
        .expect("an id");
    let page = street.get(&format!("/model-women/{id}")).await;
    assert!(page.text.contains("茶叶合作社"));
    let r = street
        .post_form(
            &format!("/model-women/{id}/publications"),
            &[
                ("csrf", &csrf),
                ("channel", "newspaper"),
                ("outlet", "泉州晚报"),
                ("published_on", "2026-03-08"),
            ],
        )
        .await;
    assert!(r.status < 400, "{}", r.text);
    assert!(street
        .get(&format!("/model-women/{id}"))
        .await
        .text
        .contains("泉州晚报"));
    // Her page links to her profile.
    let person = street.get(&format!("/people/{wang}")).await;
    person.assert_contains("person-model-woman");
}
