//! The care program pages over plain form posts: the program form shows its rule in words
//! before it is saved (the preview, as a page and as the form script's JSON), a rule naming an
//! unknown tag is refused beside its condition, a cycle's cash is typed in yuan and kept in
//! whole fen (a fraction of a fen refused, named), the cycle's page lists its roll per
//! community, a mark and a delivery go through and a second delivery answers 409 with the
//! reason on the page (never a server error), a screening result is recorded on the person's
//! page by the roles the program names; leaders see coverage, not the roll.

use crate::common::*;
use serde_json::json;

/// A woman of the registry: `birth` YYYYMMDD, an even `seq`.
async fn woman(fed: &Client, name: &str, birth: &str, seq: &str, unit: &str, tags: &[&str]) -> i64 {
    let body = json!({ "name": name, "id_number": id_number(birth, seq), "unit_code": unit,
                       "phone": format!("139{seq:0>8}"), "tags": tags });
    id_of(&created(fed.post("/api/v1/people", body).await))
}

fn location(reply: &Reply) -> String {
    reply.headers["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

/// The 低保 screening as the form sends it.
fn screening_form(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", csrf.to_owned()),
        ("name", "低保妇女两癌筛查".into()),
        ("kind", "screening".into()),
        ("unit_code", DISTRICT.into()),
        ("rule_sex", "female".into()),
        ("rule_age_min", "35".into()),
        ("rule_age_max", "64".into()),
        ("rule_tags_all", "dibao".into()),
        ("rule_child_under", "14".into()),
        ("result_readers", "federation".into()),
    ]
}

fn pairs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn a_program_is_defined_on_its_form_with_its_rule_in_words_before_saving() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let csrf = fed.csrf.clone().expect("csrf");
    woman(&fed, "王芳", "19800301", "002", SHAOLIN, &["dibao"]).await;
    woman(&fed, "李丽", "19800301", "004", SHAOLIN, &[]).await;

    let list = fed.get("/programs").await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert!(list.text.contains("id=\"programs-table\""));
    list.assert_shows("id=\"nav-programs\"", "the menu's 关爱帮扶");
    let blank = fed.get("/programs/new").await;
    assert_eq!(blank.status, 200, "{}", blank.text);
    assert!(blank.text.contains("id=\"rule-words\""));

    // The preview: the words and today's count, nothing saved.
    let form = screening_form(&csrf);
    let preview = fed.post_form("/programs/preview", &pairs(&form)).await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    preview.assert_contains("女性，35–64 岁，低保，不含已故");
    assert!(preview.text.contains("今天符合条件的有 1 人"));
    let json = fed.send_form_json("/programs/preview", &pairs(&form)).await;
    assert_eq!(json.status, 200, "{}", json.text);
    assert_eq!(json.body["words"], "女性，35–64 岁，低保，不含已故");
    let listed = fed.get("/api/v1/programs").await;
    assert_eq!(listed.body["total"], 0, "a preview saves nothing");

    // An unknown tag is refused beside its condition, the words of the rest kept.
    let mut bad = form.clone();
    bad.push(("rule_tags_none", "martian".into()));
    let refused = fed.post_form("/programs", &pairs(&bad)).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    refused.assert_contains("id=\"rule_tags_none-error\"");
    assert!(refused.text.contains("martian"));
    let refused_json = fed.send_form_json("/programs/preview", &pairs(&bad)).await;
    assert_eq!(refused_json.status, 422);
    assert_eq!(refused_json.body["field"], "rule.tags_none");

    // Household conditions on the form.
    let mut single = form.clone();
    single.push(("rule_single_parent", "true".into()));
    single.push(("rule_lives_alone", "true".into()));
    let contradiction = fed.post_form("/programs", &pairs(&single)).await;
    assert_eq!(contradiction.status, 422);
    assert!(contradiction.text.contains("id=\"rule_household-error\""));

    let saved = fed.post_form("/programs", &pairs(&form)).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let page = fed.get(&location(&saved)).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("女性，35–64 岁，低保，不含已故"));
    assert!(page.text.contains("id=\"cycle-form\""));
}

struct Screening {
    app: TestApp,
    fed: Client,
    csrf: String,
    cycle: i64,
    shaolin: i64,
    donghu: i64,
}

/// A district screening of women on 低保 with one woman in 少林 and one in 东湖, its cycle
/// opened on the program's page.
async fn screening() -> Screening {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let csrf = fed.csrf.clone().expect("csrf");
    let shaolin = woman(&fed, "王芳", "19800301", "002", SHAOLIN, &["dibao"]).await;
    let donghu = woman(&fed, "林静", "19750301", "004", DONGHU, &["dibao"]).await;
    let saved = fed
        .post_form("/programs", &pairs(&screening_form(&csrf)))
        .await;
    let program = location(&saved);
    let cycle = |amount: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("title", "2026 年筛查".to_owned()),
            ("starts_on", "2026-09-01".to_owned()),
            ("ends_on", "2026-12-31".to_owned()),
            ("benefit_kind", "cash".to_owned()),
            ("amount_yuan", amount.to_owned()),
        ]
    };
    let refused = fed
        .post_form(&format!("{program}/cycles"), &pairs(&cycle("12.345")))
        .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    refused.assert_contains("id=\"amount_yuan-error\"");
    assert!(refused.text.contains("12.345"));
    let opened = fed
        .post_form(&format!("{program}/cycles"), &pairs(&cycle("50")))
        .await;
    assert_eq!(opened.status, 303, "{}", opened.text);
    let cycle = location(&opened)
        .trim_start_matches("/cycles/")
        .parse()
        .expect("cycle id");
    let shown = fed.get(&format!("/api/v1/cycles/{cycle}")).await;
    assert_eq!(shown.body["benefit"]["amount_fen"], 5000, "{}", shown.text);
    Screening {
        app,
        fed,
        csrf,
        cycle,
        shaolin,
        donghu,
    }
}

#[tokio::test]
async fn the_cycle_page_works_its_roll_and_a_second_delivery_is_a_conflict_not_an_error() {
    let s = screening().await;
    let (fed, c) = (&s.fed, s.cycle);
    let page = fed.get(&format!("/cycles/{c}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("现金 50.00 元/人"));
    assert!(page.text.contains(&format!("id=\"roll-{}\"", s.shaolin)));
    assert!(page.text.contains(&format!("id=\"roll-{}\"", s.donghu)));
    let filtered = fed.get(&format!("/cycles/{c}?unit_code={SHAOLIN}")).await;
    assert!(filtered
        .text
        .contains(&format!("id=\"roll-{}\"", s.shaolin)));
    assert!(!filtered.text.contains(&format!("id=\"roll-{}\"", s.donghu)));

    let back = format!("/cycles/{c}?unit_code={SHAOLIN}");
    let marked = fed
        .post_form(
            &format!("/cycles/{c}/roll/{}/mark", s.donghu),
            &[
                ("csrf", &s.csrf),
                ("status", "unreachable"),
                ("back", &back),
            ],
        )
        .await;
    assert_eq!(marked.status, 303, "{}", marked.text);
    assert_eq!(location(&marked), back, "back to the filtered roll");
    let deliver = format!("/cycles/{c}/roll/{}/deliver", s.shaolin);
    let first = fed
        .post_form(&deliver, &[("csrf", &s.csrf), ("back", &back)])
        .await;
    assert_eq!(first.status, 303, "{}", first.text);
    let second = fed
        .post_form(&deliver, &[("csrf", &s.csrf), ("back", &back)])
        .await;
    assert_eq!(second.status, 409, "{}", second.text);
    second.assert_contains("本期已向此人发放过");
    // A back address elsewhere is not followed.
    let elsewhere = fed
        .post_form(
            &format!("/cycles/{c}/roll/{}/mark", s.donghu),
            &[
                ("csrf", &s.csrf),
                ("status", "reached"),
                ("back", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&elsewhere), format!("/cycles/{c}"));

    let roll = fed.get(&format!("/api/v1/cycles/{c}/roll")).await;
    let statuses: Vec<(i64, String)> = roll.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| {
            (
                e["person_id"].as_i64().expect("id"),
                e["status"].as_str().expect("status").to_owned(),
            )
        })
        .collect();
    assert!(statuses.contains(&(s.shaolin, "delivered".into())));
    assert!(statuses.contains(&(s.donghu, "reached".into())));
    assert_eq!(roll.body["items"][0]["name"], "王芳");
}

#[tokio::test]
async fn a_screening_result_is_recorded_on_the_persons_page_by_the_roles_the_program_names() {
    let s = screening().await;
    let (fed, c) = (&s.fed, s.cycle);
    let entry = format!("/cycles/{c}/roll/{}", s.shaolin);
    let page = fed.get(&entry).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("id=\"result-form\""));
    let refused = fed
        .post_form(
            &format!("{entry}/result"),
            &[("csrf", &s.csrf), ("back", &entry), ("breast_birads", "9")],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("id=\"result-error\""));
    let saved = fed
        .post_form(
            &format!("{entry}/result"),
            &[
                ("csrf", &s.csrf),
                ("back", &entry),
                ("cervical", "abnormal"),
                ("hpv", "positive"),
                ("referral", "市妇幼保健院"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    assert_eq!(location(&saved), entry);
    let page = fed.get(&entry).await;
    assert!(page.text.contains("id=\"result-facts\""));
    assert!(page.text.contains("市妇幼保健院"));

    // A community chair works her community's part of the roll but is not named: no result.
    let chair = s.app.user("shaolin_chair", "community", SHAOLIN).await;
    let hers = chair.get(&entry).await;
    assert_eq!(hers.status, 200, "{}", hers.text);
    assert!(!hers.text.contains("市妇幼保健院"));
    assert!(!hers.text.contains("id=\"result-form\""));
    assert_eq!(
        chair
            .get(&format!("/cycles/{c}/roll/{}", s.donghu))
            .await
            .status,
        404,
        "another community's person"
    );
}

#[tokio::test]
async fn leaders_open_a_cycle_for_its_coverage_and_not_its_roll() {
    let s = screening().await;
    let leader = s.app.user("chair", "leader", DISTRICT).await;
    let page = leader.get(&format!("/cycles/{}", s.cycle)).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("id=\"coverage-table\""));
    assert!(!page.text.contains("id=\"roll-table\""));
    assert!(!page.text.contains("王芳"));
    assert_eq!(leader.get("/programs/new").await.status, 403);
    let caseworker = s.app.user("handler", "caseworker", DISTRICT).await;
    assert_eq!(caseworker.get("/programs").await.status, 403);
}
