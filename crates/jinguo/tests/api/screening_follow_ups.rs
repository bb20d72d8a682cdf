//! Follow-ups of abnormal screening results (issue #13, point 4): an abnormal result opens one,
//! a normal one none; the outcome is recorded once and sealed; only the roles the program names
//! see them, inside their subtree; the home page's care cards.

use crate::common::*;
use crate::programs::{cycle, open_cycle, person, program, screening};
use serde_json::{json, Value};

/// The test clock's today (2026-09-21) plus 30 days: an abnormal result's default due date.
const DEFAULT_DUE: &str = "2026-10-21";

async fn record(client: &Client, cycle: i64, body: Value) {
    created(
        client
            .post(&format!("/api/v1/cycles/{cycle}/results"), body)
            .await,
    );
}

async fn open_follow_ups(client: &Client, query: &str) -> Vec<Value> {
    let reply = client
        .get(&format!("/api/v1/screening-follow-ups{query}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body.as_array().expect("a list").clone()
}

/// A district screening whose results the federation and the communities read, with three
/// women of 少林社区 on its roll: one abnormal with a date, one normal, one BI-RADS 3.
async fn screened(app: &TestApp) -> (Client, i64, [i64; 3]) {
    let fed = app.district_federation().await;
    let women = [
        person(&fed, "王芳", "19860301", "002", SHAOLIN, &["dibao"]).await,
        person(&fed, "李娟", "19750612", "004", SHAOLIN, &["dibao"]).await,
        person(&fed, "陈梅", "19700808", "006", SHAOLIN, &["dibao"]).await,
    ];
    let mut body = screening(DISTRICT);
    body["result_readers"] = json!(["federation", "community"]);
    let c = id_of(&open_cycle(&fed, program(&fed, body).await, cycle()).await);
    record(
        &fed,
        c,
        json!({"person_id": women[0], "cervical": "abnormal",
                           "hpv": "positive", "follow_up_on": "2026-10-05"}),
    )
    .await;
    record(
        &fed,
        c,
        json!({"person_id": women[1], "cervical": "normal", "hpv": "negative",
                           "breast_birads": 2}),
    )
    .await;
    record(&fed, c, json!({"person_id": women[2], "breast_birads": 3})).await;
    (fed, c, women)
}

#[tokio::test]
async fn an_abnormal_result_opens_one_follow_up_and_a_normal_one_none() {
    let app = spawn_app().await;
    let (fed, c, [abnormal, normal, birads3]) = screened(&app).await;
    let open = open_follow_ups(&fed, &format!("?cycle_id={c}")).await;
    let people: Vec<i64> = open
        .iter()
        .map(|f| f["person_id"].as_i64().expect("person_id"))
        .collect();
    assert_eq!(people, vec![abnormal, birads3], "the earliest due first");
    assert!(!people.contains(&normal));
    assert_eq!(open[0]["due_on"], "2026-10-05", "the date the result names");
    assert_eq!(
        open[1]["due_on"], DEFAULT_DUE,
        "a month after it was recorded"
    );
    assert_eq!(open[0]["status"], "open");
    assert_eq!(open[0]["name"], "王芳");
    assert!(open[0]["outcome"].is_null(), "no outcome in a list");
    // The coverage's abnormal column counts them (suppressed: fewer than five).
    let coverage = fed.get(&format!("/api/v1/cycles/{c}/coverage")).await;
    assert_eq!(coverage.status, 200, "{}", coverage.text);
    assert_eq!(coverage.body["abnormal"], "<5", "{}", coverage.text);
}

#[tokio::test]
async fn a_follow_up_is_closed_once_with_its_outcome_sealed() {
    let app = spawn_app().await;
    let (fed, c, [abnormal, _, _]) = screened(&app).await;
    let open = open_follow_ups(&fed, &format!("?cycle_id={c}")).await;
    let id = open[0]["id"].as_i64().expect("id");
    let close = format!("/api/v1/screening-follow-ups/{id}/close");

    let empty = fed.post(&close, json!({"outcome": "  "})).await;
    empty.assert_invalid_field("outcome");
    let future = fed
        .post(
            &close,
            json!({"outcome": "已复查", "done_on": "2027-01-01"}),
        )
        .await;
    future.assert_invalid_field("done_on");

    let outcome = "已到市妇幼复查，确诊宫颈炎，已治疗";
    let done = fed
        .post(&close, json!({"outcome": outcome, "done_on": "2026-09-20"}))
        .await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.body["status"], "done");
    assert_eq!(done.body["outcome"], outcome);
    let again = fed.post(&close, json!({"outcome": "再次"})).await;
    again.assert_error(409, "follow_up_closed");

    let read = fed.get(&format!("/api/v1/screening-follow-ups/{id}")).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["outcome"], outcome);
    assert_eq!(read.body["done_on"], "2026-09-20");
    assert_eq!(read.body["person_id"], abnormal);
    // Closed: off the open list, on the whole one.
    assert_eq!(
        open_follow_ups(&fed, &format!("?cycle_id={c}")).await.len(),
        1
    );
    assert_eq!(
        open_follow_ups(&fed, &format!("?cycle_id={c}&status=all"))
            .await
            .len(),
        2
    );
    let bad = fed.get("/api/v1/screening-follow-ups?status=later").await;
    bad.assert_invalid_field("status");

    // Sealed at rest, and its reading audited.
    let sealed: Vec<u8> = app
        .app
        .db
        .ex()
        .fetch_scalar(
            jinguo_db::sql("SELECT outcome_cipher FROM screening_follow_ups WHERE id = $1")
                .bind(id),
        )
        .await
        .expect("the outcome");
    let plain = outcome.as_bytes();
    assert!(!bytes_contain(&sealed, plain));
    let reads = sql_count(&app, "SELECT COUNT(*) FROM audit_events WHERE entity = 'screening_follow_up' AND action = 'read'")
    .await;
    assert_eq!(reads, 1);
}

#[tokio::test]
async fn community_officer_cannot_read_follow_ups_of_a_program_that_does_not_name_her() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let woman = person(&fed, "王芳", "19860301", "002", SHAOLIN, &["dibao"]).await;
    let c = id_of(&open_cycle(&fed, program(&fed, screening(DISTRICT)).await, cycle()).await);
    record(&fed, c, json!({"person_id": woman, "cervical": "abnormal"})).await;
    let id = open_follow_ups(&fed, "").await[0]["id"]
        .as_i64()
        .expect("id");

    // She works the roll, but the program names only the federation as a reader of results.
    let community = app.user("shaolin_chair", "community", SHAOLIN).await;
    assert!(open_follow_ups(&community, "").await.is_empty());
    let of_cycle = community
        .get(&format!("/api/v1/screening-follow-ups?cycle_id={c}"))
        .await;
    assert_eq!(of_cycle.status, 404, "{}", of_cycle.text);
    let path = format!("/api/v1/screening-follow-ups/{id}");
    assert_eq!(community.get(&path).await.status, 404);
    let close = community
        .post(&format!("{path}/close"), json!({"outcome": "已复查"}))
        .await;
    assert_eq!(close.status, 404, "{}", close.text);
    // Leaders and viewers read coverage figures, never who is followed up.
    let leader = app.user("leader", "leader", DISTRICT).await;
    assert_eq!(leader.get("/api/v1/screening-follow-ups").await.status, 403);
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_follow_up() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let woman = person(&fed, "王芳", "19860301", "002", SHAOLIN, &["dibao"]).await;
    let mut body = screening(DISTRICT);
    body["result_readers"] = json!(["federation", "street"]);
    let c = id_of(&open_cycle(&fed, program(&fed, body).await, cycle()).await);
    record(&fed, c, json!({"person_id": woman, "hpv": "positive"})).await;
    let id = open_follow_ups(&fed, "").await[0]["id"]
        .as_i64()
        .expect("id");

    let own = app.east_lake_officer().await;
    assert_eq!(open_follow_ups(&own, "").await.len(), 1);
    let other = app.other_street_officer().await;
    assert!(open_follow_ups(&other, "").await.is_empty());
    let path = format!("/api/v1/screening-follow-ups/{id}");
    assert_eq!(other.get(&path).await.status, 404);
    let close = other
        .post(&format!("{path}/close"), json!({"outcome": "已复查"}))
        .await;
    assert_eq!(close.status, 404, "{}", close.text);
    // Nothing was written by the refused close.
    assert_eq!(open_follow_ups(&own, "").await.len(), 1);
}

/// The card `id` of a home page, up to its end.
fn card(home: &str, id: &str) -> String {
    home.split(&format!("id=\"{id}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("the card {id}"))
        .split("</section>")
        .next()
        .expect("its end")
        .to_owned()
}

#[tokio::test]
async fn the_home_page_shows_running_cycles_people_not_reached_and_open_follow_ups() {
    let app = spawn_app().await;
    let (fed, c, [abnormal, normal, _]) = screened(&app).await;
    // One reached: two of the three still wait.
    let mark = fed
        .patch(
            &format!("/api/v1/cycles/{c}/roll/{normal}"),
            json!({"status": "reached"}),
        )
        .await;
    assert_eq!(mark.status, 200, "{}", mark.text);
    let community = app.user("shaolin_chair", "community", SHAOLIN).await;
    let home = community.get("/").await.text;

    let cycles = card(&home, "todo-cycles");
    assert!(cycles.contains("2026 年筛查"), "{cycles}");
    assert!(cycles.contains(&format!("/cycles/{c}")), "{cycles}");
    let unreached = card(&home, "todo-unreached");
    assert!(
        unreached.contains("<span class=\"todo-count\">2</span>"),
        "{unreached}"
    );
    assert!(unreached.contains("王芳"), "{unreached}");
    assert!(!unreached.contains("李娟"), "reached: {unreached}");
    assert!(unreached.contains(&format!("/cycles/{c}/roll/{abnormal}")));
    let follow_ups = card(&home, "todo-screening-follow-ups");
    assert!(
        follow_ups.contains(&format!("/programs/follow-ups?cycle_id={c}")),
        "{follow_ups}"
    );
    assert!(
        !follow_ups.contains("王芳"),
        "no names on the card: {follow_ups}"
    );

    // The list the card links to names them, and is the audited read.
    let list = community
        .get(&format!("/programs/follow-ups?cycle_id={c}&status=open"))
        .await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert!(list.text.contains("王芳") && list.text.contains("陈梅"));
    assert!(!list.text.contains("李娟"));

    // A caseworker runs no program: no care cards.
    let caseworker = app.user("cw", "caseworker", EAST_LAKE_STREET).await;
    let theirs = caseworker.get("/").await.text;
    assert!(!theirs.contains("todo-cycles") && !theirs.contains("todo-screening-follow-ups"));
}

#[tokio::test]
async fn the_entry_page_records_a_follow_ups_outcome() {
    let app = spawn_app().await;
    let (fed, c, [abnormal, normal, _]) = screened(&app).await;
    let page = format!("/cycles/{c}/roll/{abnormal}");
    let shown = fed.get(&page).await;
    shown.assert_contains("id=\"follow-up-form\"");
    assert!(!fed
        .get(&format!("/cycles/{c}/roll/{normal}"))
        .await
        .text
        .contains("id=\"entry-follow-up\""));
    let id = open_follow_ups(&fed, "").await[0]["id"]
        .as_i64()
        .expect("id");
    let csrf = fed.csrf.clone().expect("csrf");
    let action = format!("{page}/follow-up");
    let id_text = id.to_string();
    let refused = fed
        .post_form(
            &action,
            &[
                ("csrf", &csrf),
                ("back", &page),
                ("follow_up_id", &id_text),
                ("outcome", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("id=\"follow-up-error\""));
    let saved = fed
        .post_form(
            &action,
            &[
                ("csrf", &csrf),
                ("back", &page),
                ("follow_up_id", &id_text),
                ("outcome", "已复查，结果正常"),
            ],
        )
        .await;
    assert!(saved.status < 400, "{}", saved.text);
    let after = fed.get(&page).await.text;
    assert!(after.contains("已复查，结果正常"), "{after}");
    assert!(!after.contains("id=\"follow-up-form\""));
}
