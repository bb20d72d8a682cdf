//! Employment through the HTTP API: enterprises and their credit codes, leader liaison and
//! visits, jobs and the refusal of discriminatory postings, seekers with explainable matches and
//! recommendations, job fairs with check-ins, agreements and the report, assistance and outcomes.

use crate::common::*;
use serde_json::{json, Value};

const NEIGHBOUR_COMMUNITY: &str = "350503001002";
const OTHER_STREET_COMMUNITY: &str = "350503002001";

struct Office {
    app: TestApp,
    federation: Client,
}

async fn office() -> Office {
    let app = spawn_app().await;
    app.add_user("fed", "federation", DISTRICT, "Fe-deration#2026")
        .await;
    Office {
        federation: app.login("fed", "Fe-deration#2026").await,
        app,
    }
}

/// A woman (even 17th digit) or a man in a community, with tags.
async fn person(client: &Client, name: &str, seq: &str, unit: &str, tags: &[&str]) -> i64 {
    let body = json!({
        "name": name, "id_number": id_number("19880512", seq),
        "phone": format!("139{:0>8}", seq), "unit_code": unit, "tags": tags
    });
    id_of(&created(client.post("/api/v1/people", body).await))
}

async fn enterprise(client: &Client, name: &str, n: u32, women_owned: bool) -> i64 {
    let body = json!({
        "name": name, "credit_code": credit_code(n), "women_owned": women_owned,
        "unit_code": SHAOLIN, "industry": "C", "staff": 120, "women_staff": 80
    });
    id_of(&created(client.post("/api/v1/enterprises", body).await))
}

fn job(enterprise_id: i64, title: &str, category: &str, unit: &str) -> Value {
    json!({
        "enterprise_id": enterprise_id, "title": title, "category": category, "positions": 3,
        "salary_min": 3500, "salary_max": 5000, "unit_code": unit,
        "requirements": "男女不限，有相关经验者优先", "skills": ["面点", "收银"],
        "terms": ["childcare", "flexible_hours"]
    })
}

#[tokio::test]
async fn enterprises_need_a_valid_unique_credit_code() {
    let o = office().await;
    let body = json!({
        "name": "泉州丰泽巧手服饰有限公司", "credit_code": credit_code(1), "women_owned": true,
        "unit_code": SHAOLIN, "industry": "制造业", "contact_phone": "13905951234"
    });
    let e = created(o.federation.post("/api/v1/enterprises", body.clone()).await);
    assert_eq!(e["industry"], "C");
    assert_eq!(e["contact_phone_masked"], "139****1234");
    assert_eq!(e["women_owned"], true);

    let again = o.federation.post("/api/v1/enterprises", body.clone()).await;
    again.assert_error(409, "duplicate_credit_code");

    let mut wrong = body.clone();
    let code = credit_code(2);
    let last = if code.ends_with('0') { '1' } else { '0' };
    wrong["credit_code"] = json!(format!("{}{last}", &code[..17]));
    let bad = o.federation.post("/api/v1/enterprises", wrong).await;
    bad.assert_invalid("credit_code", "credit_code_check");
    assert!(bad.body["error"]["message"]
        .as_str()
        .expect("message")
        .contains("校验位"));

    let mut mangled = body.clone();
    mangled["credit_code"] = json!("9.13505E+17");
    let bad = o.federation.post("/api/v1/enterprises", mangled).await;
    assert_eq!(bad.body["error"]["code"], "credit_code_excel_number");

    let mut too_many_women = body.clone();
    too_many_women["credit_code"] = json!(credit_code(3));
    too_many_women["staff"] = json!(10);
    too_many_women["women_staff"] = json!(11);
    let bad = o
        .federation
        .post("/api/v1/enterprises", too_many_women)
        .await;
    bad.assert_invalid_field("women_staff");

    let list = o
        .federation
        .get("/api/v1/enterprises?women_owned=true")
        .await;
    assert_eq!(list.body["total"], 1);
    let by_code = o
        .federation
        .get(&format!("/api/v1/enterprises?q={}", credit_code(1)))
        .await;
    assert_eq!(by_code.body["total"], 1);

    let changed = o
        .federation
        .patch(
            &format!("/api/v1/enterprises/{}", id_of(&e)),
            json!({ "staff": 200 }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["staff"], 200);
    assert_eq!(changed.body["contact_phone_masked"], "139****1234");
}

#[tokio::test]
async fn a_discriminatory_posting_is_refused_wherever_its_words_are() {
    let o = office().await;
    let e = enterprise(&o.federation, "丰泽食品有限公司", 10, false).await;
    let ok = created(
        o.federation
            .post("/api/v1/jobs", job(e, "面点师", "catering", SHAOLIN))
            .await,
    );
    assert_eq!(ok["status"], "open");
    assert_eq!(ok["skills"], json!(["面点", "收银"]));

    for (field, text) in [
        ("requirements", "限男性，身体健康"),
        ("requirements", "已婚已育优先"),
        ("requirements", "两年内不生育"),
        ("title", "仓管员（男性优先）"),
    ] {
        let mut body = job(e, "仓管员", "logistics", SHAOLIN);
        body[field] = json!(text);
        let refused = o.federation.post("/api/v1/jobs", body).await;
        assert_eq!(refused.status, 422, "{text}: {}", refused.text);
        assert_eq!(refused.body["error"]["code"], "discriminatory_requirement");
        assert_eq!(refused.body["error"]["field"], field);
        assert!(refused.body["error"]["message"]
            .as_str()
            .expect("message")
            .contains("就业歧视"));
    }
    let mut inverted = job(e, "仓管员", "logistics", SHAOLIN);
    inverted["salary_min"] = json!(6000);
    let refused = o.federation.post("/api/v1/jobs", inverted).await;
    refused.assert_invalid("salary_min", "salary_min_above_max");

    let mut unknown = job(999_999, "仓管员", "logistics", SHAOLIN);
    unknown["enterprise_id"] = json!(999_999);
    let refused = o.federation.post("/api/v1/jobs", unknown).await;
    assert_eq!(refused.body["error"]["field"], "enterprise_id");

    let mut bad_category = job(e, "仓管员", "mining", SHAOLIN);
    bad_category["category"] = json!("mining");
    let refused = o.federation.post("/api/v1/jobs", bad_category).await;
    assert_eq!(refused.body["error"]["code"], "invalid_choice");

    // Nothing of the refused postings was stored; a change into discrimination is refused too.
    assert_eq!(o.federation.get("/api/v1/jobs").await.body["total"], 1);
    let change = o
        .federation
        .patch(
            &format!("/api/v1/jobs/{}", id_of(&ok)),
            json!({ "requirements": "仅限未婚女性" }),
        )
        .await;
    assert_eq!(change.status, 422);
    let closed = o
        .federation
        .patch(
            &format!("/api/v1/jobs/{}", id_of(&ok)),
            json!({ "status": "closed" }),
        )
        .await;
    assert_eq!(closed.body["status"], "closed");
    assert_eq!(
        o.federation.get("/api/v1/jobs?status=open").await.body["total"],
        0
    );
}

#[tokio::test]
async fn a_seeker_is_matched_nearest_and_most_skilled_first_with_every_reason() {
    let o = office().await;
    let c = &o.federation;
    let she = person(c, "林雅琴", "002", SHAOLIN, &["laid_off"]).await;
    let e = enterprise(c, "丰泽美食坊", 20, true).await;
    let home = created(
        c.post("/api/v1/jobs", job(e, "面点师", "catering", SHAOLIN))
            .await,
    );
    let street = created(
        c.post(
            "/api/v1/jobs",
            job(e, "收银员", "catering", NEIGHBOUR_COMMUNITY),
        )
        .await,
    );
    let far = created(
        c.post(
            "/api/v1/jobs",
            job(e, "帮厨", "catering", OTHER_STREET_COMMUNITY),
        )
        .await,
    );
    let mut factory = job(e, "缝纫工", "manufacturing", SHAOLIN);
    factory["skills"] = json!(["缝纫"]);
    created(c.post("/api/v1/jobs", factory).await);
    let mut graduate = job(e, "营养师", "catering", SHAOLIN);
    graduate["education"] = json!("bachelor");
    created(c.post("/api/v1/jobs", graduate).await);

    let seeker = created(
        c.post(
            "/api/v1/seekers",
            json!({ "person_id": she, "categories": ["catering"], "skills": ["面点", "收银"],
                    "education": "senior_high", "expected_pay": 3000, "needs": ["childcare"] }),
        )
        .await,
    );
    assert_eq!(seeker["unit_code"], SHAOLIN);
    assert_eq!(seeker["status"], "seeking");
    let sid = id_of(&seeker);
    let again = c
        .post(
            "/api/v1/seekers",
            json!({ "person_id": she, "categories": ["retail"] }),
        )
        .await;
    assert_eq!(again.status, 409);

    let matches = c
        .get(&format!("/api/v1/seekers/{sid}/matches?limit=10"))
        .await;
    assert_eq!(matches.status, 200, "{}", matches.text);
    let items = matches.body["items"].as_array().expect("items");
    let order: Vec<i64> = items
        .iter()
        .map(|m| m["job_id"].as_i64().expect("job"))
        .collect();
    // Not the factory job (a category she did not ask for), not the bachelor's one.
    assert_eq!(order, vec![id_of(&home), id_of(&street), id_of(&far)]);
    assert_eq!(items[0]["score"], 100);
    assert_eq!(items[1]["score"], 90);
    assert_eq!(items[2]["score"], 80);
    for m in items {
        let reasons = m["reasons"].as_array().expect("reasons");
        assert_eq!(reasons.len(), 8);
        let sum: i64 = reasons
            .iter()
            .map(|r| r["points"].as_i64().expect("points"))
            .sum();
        assert_eq!(json!(sum), m["score"]);
        assert!(reasons
            .iter()
            .all(|r| !r["text"].as_str().expect("text").is_empty()));
    }
    assert_eq!(items[0]["reasons"][1]["code"], "same_community");
    assert_eq!(items[0]["reasons"][1]["text"], "工作地点在本社区");
    assert_eq!(items[2]["reasons"][1]["code"], "same_district");
    let too_many = c
        .get(&format!("/api/v1/seekers/{sid}/matches?limit=500"))
        .await;
    too_many.assert_invalid_field("limit");

    let for_job = c
        .get(&format!("/api/v1/jobs/{}/matches", id_of(&home)))
        .await;
    assert_eq!(for_job.body["items"][0]["seeker_id"], sid);
    assert_eq!(for_job.body["items"][0]["score"], 100);

    // Recommend, then record the hire: she is placed and counted as a placement of a laid-off
    // woman.
    let rec = created(
        c.post(
            &format!("/api/v1/seekers/{sid}/recommendations"),
            json!({ "job_id": id_of(&home) }),
        )
        .await,
    );
    assert_eq!(rec["score"], 100);
    assert_eq!(rec["outcome"], "recommended");
    let twice = c
        .post(
            &format!("/api/v1/seekers/{sid}/recommendations"),
            json!({ "job_id": id_of(&home) }),
        )
        .await;
    assert_eq!(twice.status, 409);
    let hired = c
        .patch(
            &format!("/api/v1/recommendations/{}", id_of(&rec)),
            json!({ "outcome": "hired" }),
        )
        .await;
    assert_eq!(hired.status, 200, "{}", hired.text);
    let page = c.get(&format!("/api/v1/seekers/{sid}")).await;
    assert_eq!(page.body["status"], "placed");
    assert_eq!(page.body["recommendations"][0]["outcome"], "hired");
    assert_eq!(page.body["recommendations"][0]["job_title"], "面点师");
    let kinds: Vec<&str> = page.body["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, vec!["registered", "recommended", "outcome"]);
    let stats = c.get("/api/v1/employment/outcomes").await;
    assert_eq!(stats.body["placements"], 1, "{}", stats.text);
    let laid_off = stats.body["by_tag"]
        .as_array()
        .expect("by_tag")
        .iter()
        .find(|t| t["tag"] == "laid_off")
        .expect("laid_off")
        .clone();
    assert_eq!(laid_off["placements"], 1);
    let dashboard = c.get("/api/v1/employment/dashboard").await;
    assert_eq!(dashboard.body["placements_this_year"], 1);
    assert_eq!(dashboard.body["open_jobs"], 5);
}

#[tokio::test]
async fn a_fair_counts_each_visitor_once_and_reports_agreements_with_women() {
    let o = office().await;
    let c = &o.federation;
    let at_fair = enterprise(c, "丰泽巧手服饰", 30, true).await;
    let elsewhere = enterprise(c, "东海物流", 31, false).await;
    let sewing = created(
        c.post(
            "/api/v1/jobs",
            job(at_fair, "缝纫工", "manufacturing", SHAOLIN),
        )
        .await,
    );
    let driving = created(
        c.post("/api/v1/jobs", job(elsewhere, "司机", "logistics", SHAOLIN))
            .await,
    );
    let today = jinguo_domain::CivilDate::from_epoch_ms_china(o.app.app.now()).to_string();
    let fair = created(
        c.post(
            "/api/v1/events",
            json!({ "kind": "job_fair", "title": "春风送岗位招聘会", "date": today,
                    "unit_code": DISTRICT, "partners": "区人社局、区总工会",
                    "enterprise_ids": [at_fair] }),
        )
        .await,
    );
    let fid = id_of(&fair);
    assert_eq!(fair["closed"], false);
    let found = c.get("/api/v1/events?q=春风").await;
    assert_eq!(found.body["total"], 1);

    let she = person(c, "陈美玲", "004", SHAOLIN, &["unemployed"]).await;
    let desk = c
        .post(
            &format!("/api/v1/events/{fid}/checkins"),
            json!({ "name": "陈美玲", "phone": "13900000004", "sex": "female" }),
        )
        .await;
    assert_eq!(desk.status, 201, "{}", desk.text);
    assert_eq!(desk.body["person_id"], she);
    let repeat = c
        .post(
            &format!("/api/v1/events/{fid}/checkins"),
            json!({ "name": "陈美玲", "phone": "+86 139-0000-0004", "sex": "female" }),
        )
        .await;
    assert_eq!(repeat.status, 200);
    assert_eq!(repeat.body["counted"], false);

    // By the QR link, without signing in: a man not in the registry.
    let path = fair["checkin_path"].as_str().expect("checkin path");
    let key = path.trim_start_matches("/checkin/");
    let public = o
        .app
        .client()
        .post(
            &format!("/api/v1/public/checkin/{key}"),
            json!({ "name": "王建国", "phone": "13812345679", "sex": "男" }),
        )
        .await;
    assert_eq!(public.status, 201, "{}", public.text);
    let bad_phone = o
        .app
        .client()
        .post(
            &format!("/api/v1/public/checkin/{key}"),
            json!({ "name": "王建国", "phone": "12345", "sex": "男" }),
        )
        .await;
    bad_phone.assert_invalid_field("phone");

    let not_at_fair = c
        .post(
            &format!("/api/v1/events/{fid}/agreements"),
            json!({ "enterprise_id": elsewhere, "person_id": she, "job_id": id_of(&driving) }),
        )
        .await;
    not_at_fair.assert_invalid("enterprise_id", "enterprise_not_at_event");
    let wrong_job = c
        .post(
            &format!("/api/v1/events/{fid}/agreements"),
            json!({ "enterprise_id": at_fair, "person_id": she, "job_id": id_of(&driving) }),
        )
        .await;
    wrong_job.assert_error(422, "job_not_of_enterprise");
    let signed = c
        .post(
            &format!("/api/v1/events/{fid}/agreements"),
            json!({ "enterprise_id": at_fair, "person_id": she, "job_id": id_of(&sewing) }),
        )
        .await;
    assert_eq!(signed.status, 201, "{}", signed.text);
    assert_eq!(signed.body["signed_on"], today);
    let twice = c
        .post(
            &format!("/api/v1/events/{fid}/agreements"),
            json!({ "enterprise_id": at_fair, "person_id": she, "job_id": id_of(&sewing) }),
        )
        .await;
    assert_eq!(twice.status, 409);

    let report = c.get(&format!("/api/v1/events/{fid}/report")).await;
    assert_eq!(report.status, 200, "{}", report.text);
    let r = &report.body;
    assert_eq!(
        (r["visitors"].clone(), r["women_visitors"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(
        (r["agreements"].clone(), r["agreements_with_women"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(r["women_owned_agreements"], 1);
    assert_eq!(
        r["by_enterprise"],
        json!([{ "enterprise_id": at_fair, "name": "丰泽巧手服饰", "women_owned": true,
                  "agreements": 1, "agreements_with_women": 1 }])
    );
    let xlsx = c
        .get_bytes(&format!("/api/v1/events/{fid}/report.xlsx"))
        .await;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("an xlsx workbook");
    let summary = calamine::Reader::worksheet_range(&mut book, "汇总").expect("summary sheet");
    let cells: Vec<String> = summary.cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(
        cells.contains(&"入场人数".to_owned()) && cells.contains(&"2".to_owned()),
        "{cells:?}"
    );

    // Closed: a check-in is refused with a clear reason and nothing is stored.
    let closed = c
        .post(&format!("/api/v1/events/{fid}/close"), json!({}))
        .await;
    assert_eq!(closed.body["closed"], true);
    let late = o
        .app
        .client()
        .post(
            &format!("/api/v1/public/checkin/{key}"),
            json!({ "name": "李秀英", "phone": "13812345670", "sex": "女" }),
        )
        .await;
    late.assert_error(409, "event_closed");
    assert!(late.body["error"]["message"]
        .as_str()
        .expect("message")
        .contains("签到已结束"));
    let report = c.get(&format!("/api/v1/events/{fid}/report")).await;
    assert_eq!(report.body["visitors"], 2);
}

#[tokio::test]
async fn a_visitor_with_an_id_number_is_registered_and_an_event_in_the_past_is_closed() {
    let o = office().await;
    let c = &o.federation;
    let today = jinguo_domain::CivilDate::from_epoch_ms_china(o.app.app.now());
    let fair = created(
        c.post(
            "/api/v1/events",
            json!({ "kind": "job_fair", "title": "社区招聘会", "date": today.to_string(), "unit_code": SHAOLIN }),
        )
        .await,
    );
    let id = id_number("19950303", "026");
    let visitor = c
        .post(
            &format!("/api/v1/events/{}/checkins", id_of(&fair)),
            json!({ "name": "黄晓燕", "phone": "13700000026", "id_number": id, "category": "女大学生" }),
        )
        .await;
    assert_eq!(visitor.status, 201, "{}", visitor.text);
    let person_id = visitor.body["person_id"].as_i64().expect("registered");
    let registered = c.get(&format!("/api/v1/people/{person_id}")).await;
    assert_eq!(registered.body["sex"], "female");
    assert_eq!(registered.body["tags"], json!(["graduate"]));

    let yesterday = created(
        c.post(
            "/api/v1/events",
            json!({ "kind": "lecture", "title": "劳动法讲座", "date": today.plus_days(-1).to_string(), "unit_code": SHAOLIN }),
        )
        .await,
    );
    assert_eq!(yesterday["closed"], true);
    let late = c
        .post(
            &format!("/api/v1/events/{}/checkins", id_of(&yesterday)),
            json!({ "name": "黄晓燕", "phone": "13700000026", "sex": "female" }),
        )
        .await;
    assert_eq!(late.body["error"]["code"], "event_closed");
    let reopened = c
        .post(
            &format!("/api/v1/events/{}/reopen", id_of(&yesterday)),
            json!({}),
        )
        .await;
    assert_eq!(
        reopened.status, 422,
        "a past day cannot be reopened: {}",
        reopened.text
    );
    assert_eq!(reopened.body["error"]["code"], "event_past");
    let page = c.get(&format!("/events/{}", id_of(&yesterday))).await;
    page.assert_shows("id=\"event-past\"", "the page says why");
    page.assert_lacks("id=\"event-reopen\"", "and offers no reopening");
}

#[tokio::test]
async fn leaders_liaise_with_enterprises_and_a_visit_difficulty_becomes_a_case() {
    let o = office().await;
    let c = &o.federation;
    let leader = o
        .app
        .add_user("zhang", "leader", DISTRICT, "Le-ader#2026x")
        .await;
    let clerk = o
        .app
        .add_user("clerk", "viewer", DISTRICT, "Vi-ewer#2026x")
        .await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(enterprise(c, &format!("丰泽企业{n}"), 40 + n, n == 0).await);
    }
    for e in &ids[..4] {
        let put = c
            .client_put(
                &format!("/api/v1/enterprises/{e}/leaders"),
                json!({ "user_ids": [leader] }),
            )
            .await;
        assert_eq!(put.status, 200, "{}", put.text);
    }
    let not_leader = c
        .client_put(
            &format!("/api/v1/enterprises/{}/leaders", ids[4]),
            json!({ "user_ids": [clerk] }),
        )
        .await;
    not_leader.assert_error(422, "not_a_leader");
    let liaison = c.get("/api/v1/liaison").await;
    assert_eq!(liaison.body["leaders"][0]["count"], 4);
    assert_eq!(liaison.body["leaders"][0]["over_limit"], true);
    assert_eq!(liaison.body["without_leader"], json!([ids[4]]));
    let without = c.get("/api/v1/enterprises?without_leader=true").await;
    assert_eq!(without.body["total"], 1);

    let zhang = o.app.login("zhang", "Le-ader#2026x").await;
    let forbidden = zhang
        .client_put(
            &format!("/api/v1/enterprises/{}/leaders", ids[4]),
            json!({ "user_ids": [leader] }),
        )
        .await;
    assert_eq!(forbidden.status, 403);
    let visit = zhang
        .post(
            &format!("/api/v1/enterprises/{}/visits", ids[0]),
            json!({ "visited_on": "2026-09-01", "seen": "订单饱满，女工 80 人",
                    "difficulties": "厂区门口道路破损，雨天积水，影响女工上下班", "raise_case": true }),
        )
        .await;
    assert_eq!(visit.status, 201, "{}", visit.text);
    let case = &visit.body["case"];
    assert_eq!(case["kind"], "enterprise");
    assert_eq!(case["channel"], "liaison_visit");
    assert_eq!(case["enterprise_id"], ids[0]);
    assert_eq!(case["enterprise_name"], "丰泽企业0");
    assert_eq!(visit.body["visit"]["case_id"], case["id"]);
    let again = zhang
        .post(
            &format!("/api/v1/visits/{}/case", id_of(&visit.body["visit"])),
            json!({}),
        )
        .await;
    assert_eq!(again.status, 409);
    let no_difficulty = zhang
        .post(
            &format!("/api/v1/enterprises/{}/visits", ids[1]),
            json!({ "visited_on": "2026-09-01", "seen": "运转正常", "raise_case": true }),
        )
        .await;
    no_difficulty.assert_invalid_field("difficulties");
    let page = c.get(&format!("/api/v1/enterprises/{}", ids[0])).await;
    assert_eq!(page.body["leaders"][0]["username"], "zhang");
    assert_eq!(page.body["visits"][0]["seen"], "订单饱满，女工 80 人");

    // A case naming an enterprise that does not exist is refused.
    let ghost = c
        .post(
            "/api/v1/cases",
            json!({ "kind": "enterprise", "channel": "walk_in", "category": "enterprise_operation",
                    "unit_code": SHAOLIN, "narrative": "用电困难", "enterprise_id": 424242 }),
        )
        .await;
    ghost.assert_error(422, "unknown_enterprise");
}

#[tokio::test]
async fn the_four_kinds_of_assistance_mentoring_and_start_ups_are_recorded() {
    let o = office().await;
    let c = &o.federation;
    let mentor = person(c, "苏丽华", "006", SHAOLIN, &["entrepreneur"]).await;
    let mentee = person(c, "郑小芳", "008", SHAOLIN, &["returning"]).await;
    let rights = c
        .post(
            "/api/v1/assistance",
            json!({ "person_id": mentee, "kind": "rights", "provider": "区妇联维权站", "started_on": "2026-09-01" }),
        )
        .await;
    rights.assert_invalid_field("case_id");
    let case = created(
        c.post(
            "/api/v1/cases",
            json!({ "kind": "rights", "channel": "walk_in", "category": "employment",
                    "unit_code": SHAOLIN, "narrative": "被拖欠工资", "person_ids": [mentee] }),
        )
        .await,
    );
    let rights = created(
        c.post(
            "/api/v1/assistance",
            json!({ "person_id": mentee, "kind": "rights", "provider": "区妇联维权站",
                    "started_on": "2026-09-01", "case_id": id_of(&case) }),
        )
        .await,
    );
    assert_eq!(rights["case_code"], case["code"]);
    for kind in ["pairing", "job", "skills"] {
        created(
            c.post(
                "/api/v1/assistance",
                json!({ "person_id": mentee, "kind": kind, "provider": "丰泽区妇联", "started_on": "2026-09-02" }),
            )
            .await,
        );
    }
    let backwards = c
        .post(
            "/api/v1/assistance",
            json!({ "person_id": mentee, "kind": "skills", "provider": "职校",
                    "started_on": "2026-09-02", "ended_on": "2026-08-01" }),
        )
        .await;
    assert_eq!(backwards.body["error"]["code"], "end_before_start");
    let list = c
        .get(&format!("/api/v1/assistance?person_id={mentee}"))
        .await;
    assert_eq!(list.body["total"], 4);
    let done = c
        .patch(
            &format!("/api/v1/assistance/{}", id_of(&rights)),
            json!({ "status": "completed", "outcome": "追回工资 1.2 万元" }),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert!(done.body["ended_on"].is_string());

    let pair = created(
        c.post(
            "/api/v1/mentorships",
            json!({ "mentor_id": mentor, "mentee_id": mentee, "started_on": "2026-09-05", "goal": "开办家政服务社" }),
        )
        .await,
    );
    created(
        c.post(
            &format!("/api/v1/mentorships/{}/meetings", id_of(&pair)),
            json!({ "met_on": "2026-09-12", "note": "讨论选址和资金" }),
        )
        .await,
    );
    let pairs = c.get("/api/v1/mentorships").await;
    assert_eq!(pairs.body[0]["mentor_name"], "苏丽华");
    assert_eq!(pairs.body[0]["meetings"][0]["note"], "讨论选址和资金");
    let same = c
        .post(
            "/api/v1/mentorships",
            json!({ "mentor_id": mentor, "mentee_id": mentor, "started_on": "2026-09-05" }),
        )
        .await;
    assert_eq!(same.status, 422);

    created(
        c.post(
            "/api/v1/outcomes",
            json!({ "person_id": mentee, "kind": "startup", "on_date": "2026-09-15" }),
        )
        .await,
    );
    let stats = c
        .get("/api/v1/employment/outcomes?from=2026-01-01&to=2026-12-31")
        .await;
    assert_eq!(stats.body["startups"], 1);
    let returning = stats.body["by_tag"]
        .as_array()
        .expect("by_tag")
        .iter()
        .find(|t| t["tag"] == "returning")
        .expect("returning")
        .clone();
    assert_eq!(returning["startups"], 1);
    let outside = c
        .get("/api/v1/employment/outcomes?from=2025-01-01&to=2025-12-31")
        .await;
    assert_eq!(outside.body["startups"], 0);
}

#[tokio::test]
async fn seekers_are_seen_within_the_subtree_and_job_postings_across_the_district() {
    let o = office().await;
    let c = &o.federation;
    o.app
        .add_user("shaolin", "community", SHAOLIN, "Co-mmunity#2026")
        .await;
    o.app
        .add_user(
            "neighbour",
            "community",
            NEIGHBOUR_COMMUNITY,
            "Co-mmunity#2026",
        )
        .await;
    let she = person(c, "许丽娟", "010", SHAOLIN, &[]).await;
    let seeker = created(
        c.post(
            "/api/v1/seekers",
            json!({ "person_id": she, "categories": ["retail"] }),
        )
        .await,
    );
    let e = enterprise(c, "丰泽便利店", 50, true).await;
    let posted = created(
        c.post("/api/v1/jobs", job(e, "理货员", "retail", SHAOLIN))
            .await,
    );

    let own = o.app.login("shaolin", "Co-mmunity#2026").await;
    let other = o.app.login("neighbour", "Co-mmunity#2026").await;
    assert_eq!(
        own.get(&format!("/api/v1/seekers/{}", id_of(&seeker)))
            .await
            .status,
        200
    );
    assert_eq!(
        other
            .get(&format!("/api/v1/seekers/{}", id_of(&seeker)))
            .await
            .status,
        404
    );
    assert_eq!(other.get("/api/v1/seekers").await.body["total"], 0);
    // The posting is district-public; the job record and every change are its subtree's (#10.3).
    assert_eq!(
        other
            .get(&format!("/api/v1/jobs/{}/public", id_of(&posted)))
            .await
            .status,
        200
    );
    assert_eq!(
        other
            .get(&format!("/api/v1/jobs/{}", id_of(&posted)))
            .await
            .status,
        404
    );
    let change = other
        .patch(
            &format!("/api/v1/jobs/{}", id_of(&posted)),
            json!({ "positions": 9 }),
        )
        .await;
    assert_eq!(change.status, 404);
    // A viewer sees figures only, never the lists.
    o.app
        .add_user("viewer", "viewer", DISTRICT, "Vi-ewer#2026x")
        .await;
    let viewer = o.app.login("viewer", "Vi-ewer#2026x").await;
    assert_eq!(viewer.get("/api/v1/seekers").await.status, 403);
}

#[tokio::test]
async fn a_visit_whose_case_cannot_be_opened_is_not_stored_either() {
    let o = office().await;
    let e = enterprise(&o.federation, "丰泽纸品有限公司", 60, false).await;
    // The administrator works employment but takes in no cases.
    let admin = o.app.admin().await;
    let refused = admin
        .post(
            &format!("/api/v1/enterprises/{e}/visits"),
            json!({ "visited_on": "2026-09-01", "seen": "车间停工", "difficulties": "缺少流动资金",
                    "raise_case": true }),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    let page = o.federation.get(&format!("/api/v1/enterprises/{e}")).await;
    assert_eq!(page.body["visits"], json!([]));
}

#[tokio::test]
async fn a_preference_for_mothers_is_published_only_once_confirmed() {
    let o = office().await;
    let e = enterprise(&o.federation, "丰泽巧妈手工坊", 11, true).await;
    let mut body = job(e, "手工编织", "handicraft", SHAOLIN);
    body["requirements"] = json!("宝妈优先，时间灵活");
    let refused = o.federation.post("/api/v1/jobs", body.clone()).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(
        refused.body["error"]["code"],
        "requirement_needs_confirmation"
    );
    assert_eq!(refused.body["error"]["field"], "requirements");
    assert!(refused.body["error"]["message"]
        .as_str()
        .expect("message")
        .contains("宝妈优先"));
    assert_eq!(o.federation.get("/api/v1/jobs").await.body["total"], 0);

    body["confirm_warnings"] = json!(true);
    let posted = created(o.federation.post("/api/v1/jobs", body).await);
    assert_eq!(posted["requirements"], "宝妈优先，时间灵活");
    // A later change that keeps the confirmed words needs no second confirmation.
    let path = format!("/api/v1/jobs/{}", id_of(&posted));
    let closed = o
        .federation
        .patch(&path, json!({ "status": "closed" }))
        .await;
    assert_eq!(closed.status, 200, "{}", closed.text);

    // A change that brings such words in is confirmed like a new posting.
    let plain = created(
        o.federation
            .post("/api/v1/jobs", job(e, "包装工", "manufacturing", SHAOLIN))
            .await,
    );
    let path = format!("/api/v1/jobs/{}", id_of(&plain));
    let change = json!({ "requirements": "有孩子者优先" });
    let refused = o.federation.patch(&path, change).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(
        refused.body["error"]["code"],
        "requirement_needs_confirmation"
    );
    let confirmed = json!({ "requirements": "有孩子者优先", "confirm_warnings": true });
    assert_eq!(o.federation.patch(&path, confirmed).await.status, 200);

    // A status preference stays a refusal, confirmed or not.
    let mut body = job(e, "包装工", "manufacturing", SHAOLIN);
    body["requirements"] = json!("已婚已育优先");
    body["confirm_warnings"] = json!(true);
    let refused = o.federation.post("/api/v1/jobs", body).await;
    assert_eq!(refused.body["error"]["code"], "discriminatory_requirement");
}
