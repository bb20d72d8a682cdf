//! English mode (issue #12, point 8): pages rendered with `Accept-Language: en` carry no
//! Chinese punctuation outside the records' own data (the records here are named without
//! any, so the whole page is checked).

use crate::common::*;
use serde_json::json;

/// Full-width punctuation that has no place in an English page.
const FULL_WIDTH: &[char] = &[
    '，', '。', '：', '；', '（', '）', '“', '”', '、', '！', '？', '《', '》', '【', '】',
];

fn full_width_in(html: &str) -> Vec<String> {
    html.lines()
        .filter(|l| l.contains(FULL_WIDTH))
        .map(|l| l.trim().chars().take(200).collect())
        .collect()
}

#[tokio::test]
async fn english_pages_have_no_chinese_punctuation() {
    let app = spawn_app().await;
    let mut fed = app.district_federation().await;
    fed.lang = "en";
    let person = register_person(&fed, "王丽", "021", SHAOLIN).await;
    let enterprise = register_enterprise(&fed, "泉州巾帼服饰有限公司", 31, SHAOLIN).await;
    let leader = app
        .add_user("leader1", "leader", DISTRICT, "Le-ader#2026pass")
        .await;
    let leaders = fed
        .client_put(
            &format!("/api/v1/enterprises/{enterprise}/leaders"),
            json!({ "user_ids": [leader] }),
        )
        .await;
    assert!(leaders.status < 300, "{}", leaders.text);
    let job = post_job(&fed, enterprise, "缝纫工", SHAOLIN).await;
    let fair = hold_job_fair(&fed, "春风行动招聘会", DISTRICT, &[enterprise]).await;
    let case = open_rights_case(&fed, SHAOLIN, &[person], "婚姻家庭纠纷求助").await;
    let case = id_of(&case);

    // A finished course with a completer: its pages and her certificate's.
    let course = id_of(&created(
        fed.post(
            "/api/v1/courses",
            json!({ "title": "SYB course", "tier": "entrepreneurship", "unit_code": DISTRICT }),
        )
        .await,
    ));
    let today = jinguo_domain::CivilDate::from_epoch_ms_china(app.app.now());
    let session = id_of(&created(
        fed.post(
            &format!("/api/v1/courses/{course}/sessions"),
            json!({ "date": today.to_string(), "place": "Room 3", "teacher": "Chen" }),
        )
        .await,
    ));
    let enrollment = id_of(&created(
        fed.post(
            &format!("/api/v1/courses/{course}/enrollments"),
            json!({ "person_id": person }),
        )
        .await,
    ));
    fed.post(
        &format!("/api/v1/sessions/{session}/attendance"),
        json!({ "person_id": person }),
    )
    .await;
    let finished = fed
        .post(&format!("/api/v1/courses/{course}/finish"), json!({}))
        .await;
    assert_eq!(finished.status, 200, "{}", finished.text);
    let number = fed
        .get(&format!("/api/v1/enrollments/{enrollment}"))
        .await
        .body["certificate_number"]
        .as_str()
        .unwrap_or("")
        .to_owned();

    let mut paths = vec![
        "/training".to_owned(),
        "/training/courses/new".to_owned(),
        format!("/training/courses/{course}"),
        format!("/training/sessions/{session}"),
        format!("/training/sessions/{session}/sign-in"),
        format!("/training/enrollments/{enrollment}/certificate"),
        "/training/report".to_owned(),
        "/training/follow-ups".to_owned(),
        "/".to_owned(),
        "/people".to_owned(),
        "/people/new".to_owned(),
        format!("/people/{person}"),
        "/cases".to_owned(),
        "/cases/new".to_owned(),
        format!("/cases/{case}"),
        "/cases/deadlines".to_owned(),
        "/enterprises".to_owned(),
        format!("/enterprises/{enterprise}"),
        "/liaison".to_owned(),
        "/jobs".to_owned(),
        "/jobs/new".to_owned(),
        format!("/jobs/{job}"),
        "/events".to_owned(),
        format!("/events/{fair}"),
        format!("/events/{fair}/poster"),
        "/seekers/new".to_owned(),
        "/units".to_owned(),
    ];
    let mut found = Vec::new();
    for path in &paths {
        let page = fed.get(path).await;
        assert_eq!(page.status, 200, "GET {path}: {}", page.text);
        assert!(page.text.contains("<html lang=\"en\">"), "{path}");
        found.extend(
            full_width_in(&page.text)
                .into_iter()
                .map(|l| format!("{path}: {l}")),
        );
    }
    let mut visitor = app.client();
    visitor.lang = "en";
    let checkin = fed.get(&format!("/api/v1/events/{fair}")).await;
    let checkin = checkin.body["checkin_path"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(checkin.starts_with("/checkin/"), "{checkin}");
    paths = vec![
        "/public/intake".to_owned(),
        "/public/status".to_owned(),
        checkin,
        format!("/public/certificates/{number}"),
    ];
    for path in &paths {
        let page = visitor.get(path).await;
        assert_eq!(page.status, 200, "GET {path}");
        found.extend(
            full_width_in(&page.text)
                .into_iter()
                .map(|l| format!("{path}: {l}")),
        );
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "Chinese punctuation in English pages"
    );
}
