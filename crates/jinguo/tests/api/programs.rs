//! Care programs through the HTTP API: the eligibility rule and its words, cycles whose rolls
//! are drawn in one pass and frozen, re-running the rule, deliveries once per person per cycle
//! (flagging lost eligibility), cash in whole fen, screening results for the roles the program
//! names, coverage, and the scope rules for reads and writes.

use crate::common::*;
use serde_json::{json, Value};

const OTHER_STREET_COMMUNITY: &str = "350503002001";

/// A person born on `birth` (YYYYMMDD) at `unit` with `tags`; an even `seq` is a woman.
pub(crate) async fn person(
    client: &Client,
    name: &str,
    birth: &str,
    seq: &str,
    unit: &str,
    tags: &[&str],
) -> i64 {
    let body = json!({
        "name": name, "id_number": id_number(birth, seq), "unit_code": unit, "tags": tags
    });
    id_of(&created(client.post("/api/v1/people", body).await))
}

/// The 低保 screening: women 35–64 on the reference date, on 低保.
pub(crate) fn screening(unit: &str) -> Value {
    json!({
        "name": "低保妇女两癌免费筛查", "kind": "screening", "unit_code": unit,
        "partners": "区卫健局", "result_readers": ["federation"],
        "rule": {"sex": "female", "age_min": 35, "age_max": 64, "tags_all": ["低保"]}
    })
}

pub(crate) fn cycle() -> Value {
    json!({
        "title": "2026 年筛查", "starts_on": "2026-09-01", "ends_on": "2026-12-31",
        "reference_date": "2026-09-01"
    })
}

pub(crate) async fn program(client: &Client, body: Value) -> i64 {
    id_of(&created(client.post("/api/v1/programs", body).await))
}

pub(crate) async fn open_cycle(client: &Client, program: i64, body: Value) -> Value {
    created(
        client
            .post(&format!("/api/v1/programs/{program}/cycles"), body)
            .await,
    )
}

async fn roll_ids(client: &Client, cycle: i64, query: &str) -> Vec<i64> {
    let reply = client
        .get(&format!("/api/v1/cycles/{cycle}/roll?per_page=200{query}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["person_id"].as_i64().expect("person_id"))
        .collect()
}

fn in_english(c: &Client) -> Client {
    Client {
        http: c.http.clone(),
        base: c.base.clone(),
        csrf: c.csrf.clone(),
        token: c.token.clone(),
        lang: "en",
    }
}

#[tokio::test]
async fn a_program_is_defined_by_its_rule_and_shown_in_words() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let made = created(fed.post("/api/v1/programs", screening(DISTRICT)).await);
    assert_eq!(made["rule_text"], "女性，35–64 岁，低保，不含已故");
    let id = id_of(&made);
    let shown = fed.get(&format!("/api/v1/programs/{id}")).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    assert_eq!(
        shown.body["rule"],
        json!({"sex": "female", "age_min": 35, "age_max": 64, "tags_all": ["dibao"]})
    );
    assert_eq!(shown.body["kind"], "screening");
    let english = in_english(&fed)
        .get(&format!("/api/v1/programs/{id}"))
        .await;
    assert_eq!(
        english.body["rule_text"],
        "women, aged 35–64, on minimum living allowance (低保), excluding the deceased"
    );
}

#[tokio::test]
async fn rules_that_match_nobody_or_name_unknown_tags_are_refused_naming_the_condition() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    for (rule, field, code) in [
        (
            json!({"tags_all": ["火星人"]}),
            "rule.tags_all",
            "unknown_tag",
        ),
        (
            json!({"tags_none": ["martian"]}),
            "rule.tags_none",
            "unknown_tag",
        ),
        (
            json!({"age_min": 65, "age_max": 35}),
            "rule.age_max",
            "rule_age_inverted",
        ),
        (
            json!({"tags_all": ["dibao"], "tags_none": ["低保"]}),
            "rule.tags_none",
            "rule_tag_all_and_none",
        ),
        (
            json!({"sex": "male", "tags_all": ["poor_mother"]}),
            "rule.tags_all",
            "rule_tag_needs_woman",
        ),
        (
            json!({"age_min": 18, "tags_any": ["left_behind_child"]}),
            "rule.tags_any",
            "rule_tag_needs_child",
        ),
        (
            json!({"unit_code": OTHER_STREET}),
            "rule.unit_code",
            "rule_unit_outside_program",
        ),
    ] {
        let body =
            json!({"name": "x", "kind": "relief", "unit_code": EAST_LAKE_STREET, "rule": rule});
        let reply = fed.post("/api/v1/programs", body).await;
        assert_eq!(reply.status, 422, "{rule}: {}", reply.text);
        assert_eq!(reply.body["error"]["field"], field, "{rule}");
        assert_eq!(reply.body["error"]["code"], code, "{rule}");
    }
    let bad_kind = fed
        .post(
            "/api/v1/programs",
            json!({"name": "x", "kind": "lottery", "unit_code": DISTRICT}),
        )
        .await;
    bad_kind.assert_invalid_field("kind");
}

#[tokio::test]
async fn a_cycles_roll_is_frozen_and_rerunning_the_rule_adds_only_new_people() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    // On 2026-09-01: 40, 70 (too old), no 低保, a man, and the two sides of the 35th birthday.
    let inside = person(&fed, "王芳", "19860301", "002", SHAOLIN, &["dibao"]).await;
    person(&fed, "李秀英", "19560301", "004", SHAOLIN, &["dibao"]).await;
    person(&fed, "张丽", "19860301", "006", DONGHU, &[]).await;
    person(&fed, "陈强", "19860301", "003", DONGHU, &["dibao"]).await;
    let turned_35 = person(&fed, "林静", "19910901", "008", DONGHU, &["dibao"]).await;
    person(&fed, "黄敏", "19910902", "010", DONGHU, &["dibao"]).await;
    let outside_street = person(
        &fed,
        "吴芬",
        "19800101",
        "012",
        OTHER_STREET_COMMUNITY,
        &["dibao"],
    )
    .await;

    let street_program = program(&fed, screening(EAST_LAKE_STREET)).await;
    let c = open_cycle(&fed, street_program, cycle()).await;
    assert_eq!(c["roll_size"], 2, "{c}");
    let cycle_id = id_of(&c);
    let mut on_roll = roll_ids(&fed, cycle_id, "").await;
    on_roll.sort_unstable();
    let mut expected = vec![inside, turned_35];
    expected.sort_unstable();
    assert_eq!(on_roll, expected);
    assert!(!on_roll.contains(&outside_street));
    let before = fed
        .get(&format!("/api/v1/cycles/{cycle_id}/roll"))
        .await
        .body;
    assert_eq!(before["items"][0]["status"], "invited");

    // The registry changes: she leaves 低保 and moves community; the roll stays as drawn.
    let changed = fed
        .patch(
            &format!("/api/v1/people/{inside}"),
            json!({"tags": [], "unit_code": DONGHU}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    let after = fed
        .get(&format!("/api/v1/cycles/{cycle_id}/roll"))
        .await
        .body;
    assert_eq!(after, before);
    let shaolin = roll_ids(&fed, cycle_id, &format!("&unit_code={SHAOLIN}")).await;
    assert_eq!(shaolin, vec![inside]);

    // Someone registered later joins by re-running the rule; nobody else is touched.
    let newcomer = person(&fed, "周洁", "19760505", "014", SHAOLIN, &["低保"]).await;
    let rerun = fed
        .post(
            &format!("/api/v1/cycles/{cycle_id}/roll/refresh"),
            json!({}),
        )
        .await;
    assert_eq!(rerun.status, 200, "{}", rerun.text);
    assert_eq!(rerun.body["added"], 1);
    assert_eq!(rerun.body["roll_size"], 3);
    assert!(roll_ids(&fed, cycle_id, "").await.contains(&newcomer));
    let again = fed
        .post(
            &format!("/api/v1/cycles/{cycle_id}/roll/refresh"),
            json!({}),
        )
        .await;
    assert_eq!(again.body["added"], 0);
    let eligible = fed
        .get(&format!(
            "/api/v1/programs/{street_program}/eligible?on=2026-09-01"
        ))
        .await;
    assert_eq!(eligible.body["eligible"], 2, "{}", eligible.text);
}

#[tokio::test]
async fn a_second_delivery_is_refused_and_lost_eligibility_is_flagged_not_refused() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let a = person(&fed, "王芳", "19860301", "002", SHAOLIN, &["dibao"]).await;
    let b = person(&fed, "林静", "19800301", "004", DONGHU, &["dibao"]).await;
    let not_eligible = person(&fed, "张丽", "19860301", "006", DONGHU, &[]).await;
    let p = program(&fed, screening(DISTRICT)).await;
    let mut body = cycle();
    body["benefit"] = json!({"kind": "cash", "amount_fen": 50000});
    let c = id_of(&open_cycle(&fed, p, body).await);
    let path = format!("/api/v1/cycles/{c}/deliveries");

    let first = created(
        fed.post(&path, json!({"person_id": a, "note": "本人签领"}))
            .await,
    );
    assert_eq!(first["still_eligible"], true);
    assert_eq!(first["amount_fen"], 50000);
    assert_eq!(first["warning"], Value::Null);
    let second = fed.post(&path, json!({"person_id": a})).await;
    second.assert_error(409, "already_delivered");
    let stranger = fed.post(&path, json!({"person_id": not_eligible})).await;
    stranger.assert_invalid("person_id", "not_on_roll");

    // b leaves 低保 after the roll was drawn: she is served, and flagged.
    fed.patch(&format!("/api/v1/people/{b}"), json!({"tags": []}))
        .await;
    let flagged = created(fed.post(&path, json!({"person_id": b})).await);
    assert_eq!(flagged["still_eligible"], false);
    assert_eq!(flagged["warning"], "no_longer_eligible");

    let delivered = roll_ids(&fed, c, "&status=delivered").await;
    assert_eq!(delivered.len(), 2);
    let mark = fed
        .patch(
            &format!("/api/v1/cycles/{c}/roll/{a}"),
            json!({"status": "declined"}),
        )
        .await;
    assert_eq!(mark.status, 409, "{}", mark.text);
    let coverage = fed.get(&format!("/api/v1/cycles/{c}/coverage")).await;
    assert_eq!(coverage.status, 200, "{}", coverage.text);
    assert_eq!(
        coverage.body,
        // A screening: its result counts are under 5, suppressed.
        json!({"eligible": 2, "waiting": 0, "delivered": 2, "screened": "<5", "abnormal": "<5",
               "by_unit": [
            {"unit_code": SHAOLIN, "eligible": 1, "waiting": 0, "delivered": 1,
             "screened": "<5", "abnormal": "<5"},
            {"unit_code": DONGHU, "eligible": 1, "waiting": 0, "delivered": 1,
             "screened": "<5", "abnormal": "<5"},
        ]})
    );
}

#[tokio::test]
async fn roll_entries_are_marked_and_delivered_is_only_set_by_a_delivery() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let a = person(&fed, "王芳", "19860301", "002", SHAOLIN, &["dibao"]).await;
    let p = program(&fed, screening(DISTRICT)).await;
    let c = id_of(&open_cycle(&fed, p, cycle()).await);
    let path = format!("/api/v1/cycles/{c}/roll/{a}");
    let reached = fed.patch(&path, json!({"status": "reached"})).await;
    assert_eq!(reached.status, 200, "{}", reached.text);
    assert_eq!(reached.body["status"], "reached");
    assert_eq!(roll_ids(&fed, c, "&status=reached").await, vec![a]);
    let by_hand = fed.patch(&path, json!({"status": "delivered"})).await;
    by_hand.assert_error(422, "status_needs_delivery");
    let unknown = fed.patch(&path, json!({"status": "lost"})).await;
    unknown.assert_invalid_field("status");
    let nobody = fed
        .patch(
            &format!("/api/v1/cycles/{c}/roll/999"),
            json!({"status": "reached"}),
        )
        .await;
    assert_eq!(nobody.status, 404);
}

#[tokio::test]
async fn cash_benefits_are_whole_fen_only() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let p = program(&fed, screening(DISTRICT)).await;
    for amount in [json!(12.5), json!("100"), json!(0), json!(-5)] {
        let mut body = cycle();
        body["benefit"] = json!({"kind": "cash", "amount_fen": amount});
        let reply = fed
            .post(&format!("/api/v1/programs/{p}/cycles"), body)
            .await;
        assert_eq!(reply.status, 422, "{amount}: {}", reply.text);
        assert_eq!(reply.body["error"]["field"], "benefit.amount_fen");
        assert_eq!(reply.body["error"]["code"], "amount_not_whole_fen");
    }
    let mut goods = cycle();
    goods["benefit"] = json!({"kind": "goods", "items": [{"name": "大米", "quantity": 2}]});
    let c = id_of(&open_cycle(&fed, p, goods).await);
    let shown = fed.get(&format!("/api/v1/cycles/{c}")).await;
    assert_eq!(
        shown.body["benefit"],
        json!({"kind": "goods", "items": [{"name": "大米", "quantity": 2}]})
    );
    let mut backwards = cycle();
    backwards["ends_on"] = json!("2026-08-01");
    let reply = fed
        .post(&format!("/api/v1/programs/{p}/cycles"), backwards)
        .await;
    assert_eq!(reply.body["error"]["field"], "ends_on");
}

#[tokio::test]
async fn screening_results_are_read_only_by_the_roles_the_program_names() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let community = app.user("shaolin_chair", "community", SHAOLIN).await;
    let a = person(&fed, "王芳", "19860301", "002", SHAOLIN, &["dibao"]).await;
    let p = program(&fed, screening(DISTRICT)).await;
    let c = id_of(&open_cycle(&fed, p, cycle()).await);
    let path = format!("/api/v1/cycles/{c}/results");
    let result = json!({"person_id": a, "cervical": "abnormal", "hpv": "positive",
                        "breast_birads": 3, "referral": "市妇幼保健院", "follow_up_on": "2026-10-15"});

    // The community chair works the roll, but the program names only the federation.
    assert_eq!(community.post(&path, result.clone()).await.status, 404);
    assert_eq!(community.get(&path).await.status, 404);
    assert_eq!(roll_ids(&community, c, "").await, vec![a]);

    let made = created(fed.post(&path, result.clone()).await);
    assert_eq!(made["cervical"], "abnormal");
    let again = fed.post(&path, result).await;
    assert_eq!(again.status, 409, "{}", again.text);
    let read = fed.get(&format!("{path}?person_id={a}")).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body[0]["breast_birads"], 3);
    assert_eq!(read.body[0]["referral"], "市妇幼保健院");
    assert_eq!(community.get(&path).await.status, 404);

    let bad = fed
        .post(&path, json!({"person_id": a, "breast_birads": 9}))
        .await;
    bad.assert_invalid_field("breast_birads");

    // Sealed at rest: the finding is nowhere in plain text.
    let plain = sql_count(
        &app,
        "SELECT COUNT(*) FROM screening_results WHERE result_cipher IS NOT NULL",
    )
    .await;
    assert_eq!(plain, 1);
}

/// The other street's screening cycle with one woman of theirs on its roll, its officer, and
/// the East Lake street officer who must not reach it.
struct AnotherStreetsCycle {
    other: Client,
    east: Client,
    theirs: i64,
    program: i64,
    cycle: i64,
}

async fn another_streets_cycle(app: &TestApp) -> AnotherStreetsCycle {
    let fed = app.district_federation().await;
    let other = app.other_street_officer().await;
    let east = app.user("east_street", "street", EAST_LAKE_STREET).await;
    let theirs = person(
        &fed,
        "吴芬",
        "19800101",
        "012",
        OTHER_STREET_COMMUNITY,
        &["dibao"],
    )
    .await;
    let program = program(&other, screening(OTHER_STREET)).await;
    let cycle = id_of(&open_cycle(&other, program, cycle()).await);
    AnotherStreetsCycle {
        other,
        east,
        theirs,
        program,
        cycle,
    }
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_cycle_roll() {
    let app = spawn_app().await;
    let AnotherStreetsCycle {
        other,
        east,
        theirs,
        program: p,
        cycle: c,
    } = another_streets_cycle(&app).await;
    assert_eq!(roll_ids(&other, c, "").await, vec![theirs]);

    for path in [
        format!("/api/v1/programs/{p}"),
        format!("/api/v1/programs/{p}/cycles"),
        format!("/api/v1/cycles/{c}"),
        format!("/api/v1/cycles/{c}/roll"),
        format!("/api/v1/cycles/{c}/coverage"),
        format!("/api/v1/cycles/{c}/results"),
    ] {
        assert_eq!(east.get(&path).await.status, 404, "{path}");
    }
}

#[tokio::test]
async fn street_officer_cannot_change_another_streets_cycle() {
    let app = spawn_app().await;
    let AnotherStreetsCycle {
        other,
        east,
        theirs,
        program: p,
        cycle: c,
    } = another_streets_cycle(&app).await;
    let writes = [
        (format!("/api/v1/programs/{p}/cycles"), cycle()),
        (format!("/api/v1/cycles/{c}/roll/refresh"), json!({})),
        (
            format!("/api/v1/cycles/{c}/deliveries"),
            json!({"person_id": theirs}),
        ),
        (
            format!("/api/v1/cycles/{c}/results"),
            json!({"person_id": theirs, "cervical": "normal"}),
        ),
    ];
    for (path, body) in writes {
        assert_eq!(east.post(&path, body).await.status, 404, "{path}");
    }
    let mark = east
        .patch(
            &format!("/api/v1/cycles/{c}/roll/{theirs}"),
            json!({"status": "reached"}),
        )
        .await;
    assert_eq!(mark.status, 404);
    // Nothing was written.
    let roll = other.get(&format!("/api/v1/cycles/{c}/roll")).await;
    assert_eq!(roll.body["items"][0]["status"], "invited");
}

#[tokio::test]
async fn community_officer_works_only_her_communitys_part_of_a_district_roll() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let chair = app.user("shaolin_chair", "community", SHAOLIN).await;
    let hers = person(&fed, "王芳", "19860301", "002", SHAOLIN, &["dibao"]).await;
    let neighbours = person(&fed, "林静", "19800301", "004", DONGHU, &["dibao"]).await;
    let p = program(&fed, screening(DISTRICT)).await;
    let c = id_of(&open_cycle(&fed, p, cycle()).await);

    assert_eq!(roll_ids(&chair, c, "").await, vec![hers]);
    let cycle_seen = chair.get(&format!("/api/v1/cycles/{c}")).await;
    assert_eq!(cycle_seen.body["roll_size"], 1);
    let coverage = chair.get(&format!("/api/v1/cycles/{c}/coverage")).await;
    assert_eq!(coverage.body["eligible"], 1);
    let outside = chair
        .get(&format!("/api/v1/cycles/{c}/roll?unit_code={DONGHU}"))
        .await;
    outside.assert_invalid_field("unit_code");

    let path = format!("/api/v1/cycles/{c}/deliveries");
    let refused = chair.post(&path, json!({"person_id": neighbours})).await;
    refused.assert_error(422, "not_on_roll");
    let mark = chair
        .patch(
            &format!("/api/v1/cycles/{c}/roll/{neighbours}"),
            json!({"status": "reached"}),
        )
        .await;
    assert_eq!(mark.status, 404);
    assert_eq!(
        chair.post(&path, json!({"person_id": hers})).await.status,
        201
    );
    // The district program is the district's: a community may not open its cycles.
    let opened = chair
        .post(&format!("/api/v1/programs/{p}/cycles"), cycle())
        .await;
    assert_eq!(opened.status, 403);
}

#[tokio::test]
async fn leaders_and_viewers_read_coverage_figures_but_no_roll() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let leader = app.user("chair", "leader", DISTRICT).await;
    let viewer = app.user("viewer", "viewer", DISTRICT).await;
    let caseworker = app.user("handler", "caseworker", DISTRICT).await;
    person(&fed, "王芳", "19860301", "002", SHAOLIN, &["dibao"]).await;
    let p = program(&fed, screening(DISTRICT)).await;
    let c = id_of(&open_cycle(&fed, p, cycle()).await);
    for reader in [&leader, &viewer] {
        let coverage = reader.get(&format!("/api/v1/cycles/{c}/coverage")).await;
        assert_eq!(coverage.status, 200, "{}", coverage.text);
        assert_eq!(coverage.body["eligible"], 1);
        assert_eq!(
            reader.get(&format!("/api/v1/programs/{p}")).await.status,
            200
        );
        assert_eq!(
            reader.get(&format!("/api/v1/cycles/{c}/roll")).await.status,
            403
        );
        assert_eq!(
            reader
                .post("/api/v1/programs", screening(DISTRICT))
                .await
                .status,
            403
        );
    }
    assert_eq!(
        caseworker
            .get(&format!("/api/v1/cycles/{c}/coverage"))
            .await
            .status,
        403
    );
    assert_eq!(
        caseworker
            .get(&format!("/api/v1/programs/{p}"))
            .await
            .status,
        403
    );
}

/// A household at `unit` with `members`: (person, relation, guardian of).
async fn household(client: &Client, unit: &str, members: &[(i64, &str, Option<i64>)]) -> i64 {
    let h = register_household(client, "测试家庭", unit).await;
    for (person, relation, guardian_of) in members {
        let put = client
            .post(
                &format!("/api/v1/households/{h}/members"),
                json!({"person_id": person, "relation": relation, "guardian_of": guardian_of}),
            )
            .await;
        assert_eq!(put.status, 200, "{}", put.text);
    }
    h
}

fn with_household(facts: Value) -> Value {
    json!({
        "name": "单亲母亲关爱", "kind": "relief", "unit_code": DISTRICT,
        "rule": {"sex": "female", "household": facts}
    })
}

#[tokio::test]
async fn household_facts_narrow_the_roll_and_the_count_by_the_same_condition() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    // A single mother of a 7-year-old; a married mother of a 3-year-old; a grandmother who is
    // the guardian of her 10-year-old grandson; a woman living alone; a woman in no household;
    // a mother whose only child is 20.
    let single = person(&fed, "王芳", "19860301", "002", SHAOLIN, &[]).await;
    let married = person(&fed, "林静", "19900301", "004", DONGHU, &[]).await;
    let grandmother = person(&fed, "陈秀英", "19600301", "006", SHAOLIN, &[]).await;
    let alone = person(&fed, "黄敏", "19500301", "008", SHAOLIN, &[]).await;
    person(&fed, "张丽", "19800301", "010", SHAOLIN, &[]).await;
    let grown_mother = person(&fed, "吴芬", "19780301", "012", DONGHU, &[]).await;
    let girl = person(&fed, "王小雨", "20190601", "014", SHAOLIN, &[]).await;
    let toddler = person(&fed, "林小宝", "20230601", "013", DONGHU, &[]).await;
    let husband = person(&fed, "林强", "19880301", "015", DONGHU, &[]).await;
    let grandson = person(&fed, "陈小明", "20160601", "017", SHAOLIN, &[]).await;
    let son = person(&fed, "吴大伟", "20060601", "019", DONGHU, &[]).await;
    household(
        &fed,
        SHAOLIN,
        &[(girl, "child", None), (single, "head", Some(girl))],
    )
    .await;
    household(
        &fed,
        DONGHU,
        &[
            (husband, "head", None),
            (married, "spouse", None),
            (toddler, "child", None),
        ],
    )
    .await;
    household(
        &fed,
        SHAOLIN,
        &[
            (grandson, "child", None),
            (grandmother, "grandparent", Some(grandson)),
        ],
    )
    .await;
    household(&fed, SHAOLIN, &[(alone, "head", None)]).await;
    household(
        &fed,
        DONGHU,
        &[(grown_mother, "head", None), (son, "child", None)],
    )
    .await;

    let cases = [
        (
            json!([{"fact": "single_parent"}]),
            vec![single],
            "女性，单亲家庭，不含已故",
        ),
        (
            json!([{"fact": "child_under", "age": 14}]),
            vec![single, married, grandmother],
            "女性，家中有不满 14 岁的孩子，不含已故",
        ),
        (
            json!([{"fact": "child_under", "age": 6}]),
            vec![married],
            "女性，家中有不满 6 岁的孩子，不含已故",
        ),
        (
            json!([{"fact": "独居"}]),
            vec![alone],
            "女性，独居，不含已故",
        ),
    ];
    for (facts, mut expected, words) in cases {
        let made = created(
            fed.post("/api/v1/programs", with_household(facts.clone()))
                .await,
        );
        assert_eq!(made["rule_text"], words, "{facts}");
        let p = id_of(&made);
        let eligible = fed
            .get(&format!("/api/v1/programs/{p}/eligible?on=2026-09-01"))
            .await;
        assert_eq!(
            eligible.body["eligible"],
            expected.len(),
            "{facts}: {}",
            eligible.text
        );
        let c = open_cycle(&fed, p, cycle()).await;
        assert_eq!(c["roll_size"], expected.len(), "{facts}");
        let mut on_roll = roll_ids(&fed, id_of(&c), "").await;
        on_roll.sort_unstable();
        expected.sort_unstable();
        assert_eq!(on_roll, expected, "{facts}");
    }
    let english = in_english(&fed)
        .post(
            "/api/v1/programs",
            with_household(json!([{"fact": "single_parent"}, {"fact": "child_under", "age": 14}])),
        )
        .await;
    assert_eq!(
        english.body["rule_text"],
        "women, single-parent household, with a child under 14 at home, excluding the deceased"
    );
}

#[tokio::test]
async fn household_conditions_that_are_unknown_or_match_nobody_are_refused_naming_the_condition() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    for (facts, code) in [
        (json!([{"fact": "rich"}]), "unknown_household_fact"),
        (json!([{"fact": "child_under"}]), "household_age_required"),
        (
            json!([{"fact": "child_under", "age": 30}]),
            "household_age_invalid",
        ),
        (
            json!([{"fact": "single_parent"}, {"fact": "lives_alone"}]),
            "rule_household_contradiction",
        ),
    ] {
        let reply = fed
            .post("/api/v1/programs", with_household(facts.clone()))
            .await;
        assert_eq!(reply.status, 422, "{facts}: {}", reply.text);
        assert_eq!(reply.body["error"]["field"], "rule.household", "{facts}");
        assert_eq!(reply.body["error"]["code"], code, "{facts}");
    }
    let reply = fed
        .post(
            "/api/v1/programs",
            with_household(json!([{"fact": "rich"}])),
        )
        .await;
    assert!(
        reply.body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("rich")),
        "{}",
        reply.text
    );
}

#[tokio::test]
async fn a_single_mother_who_remarried_is_delivered_and_flagged() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let mother = person(&fed, "王芳", "19860301", "002", SHAOLIN, &[]).await;
    let girl = person(&fed, "王小雨", "20190601", "014", SHAOLIN, &[]).await;
    let h = household(
        &fed,
        SHAOLIN,
        &[(girl, "child", None), (mother, "head", Some(girl))],
    )
    .await;
    let p = program(&fed, with_household(json!([{"fact": "single_parent"}]))).await;
    let c = id_of(&open_cycle(&fed, p, cycle()).await);
    assert_eq!(roll_ids(&fed, c, "").await, vec![mother]);
    let husband = person(&fed, "李强", "19850301", "003", SHAOLIN, &[]).await;
    let joined = fed
        .post(
            &format!("/api/v1/households/{h}/members"),
            json!({"person_id": husband, "relation": "spouse"}),
        )
        .await;
    assert_eq!(joined.status, 200, "{}", joined.text);
    let delivered = created(
        fed.post(
            &format!("/api/v1/cycles/{c}/deliveries"),
            json!({"person_id": mother}),
        )
        .await,
    );
    assert_eq!(delivered["still_eligible"], false);
    assert_eq!(delivered["warning"], "no_longer_eligible");
}

#[tokio::test]
async fn a_cash_cycle_names_a_fund_account_of_the_callers_subtree_or_is_refused() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let account = id_of(&created(
        fed.post(
            "/api/v1/fund-accounts",
            json!({"name": "救助资金", "kind": "relief"}),
        )
        .await,
    ));
    let relief = json!({"name": "春节慰问", "kind": "relief", "unit_code": EAST_LAKE_STREET,
                        "rule": {"sex": "female"}});
    let p = program(&fed, relief).await;
    let cash = |account: i64| {
        json!({"title": "2026 年春节", "starts_on": "2026-02-01", "ends_on": "2026-02-16",
               "benefit": {"kind": "cash", "amount_fen": 20_000, "account_id": account}})
    };
    let path = format!("/api/v1/programs/{p}/cycles");
    let unknown = fed.post(&path, cash(account + 1_000_000)).await;
    unknown.assert_invalid("benefit.account_id", "unknown_account");
    // The district's account is not the street's to pay from.
    let street = app.east_lake_officer().await;
    let above = street.post(&path, cash(account)).await;
    above.assert_error(422, "unknown_account");
    let cycles = fed.get(&path).await;
    assert_eq!(
        cycles.body.as_array().map_or(0, Vec::len),
        0,
        "{}",
        cycles.text
    );
    created(fed.post(&path, cash(account)).await);
}
