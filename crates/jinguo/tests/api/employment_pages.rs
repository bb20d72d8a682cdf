//! The employment pages over plain form posts: every page renders for a federation officer, a
//! discriminatory posting is refused beside its field and stores nothing, the public check-in
//! works without signing in (and says so when the event is over), the seeker page explains its
//! matches, the desk records check-ins and agreements and the report follows; an enterprise
//! register is checked on the import page before its valid rows commit; a job is changed on its
//! form (discriminatory wording refused) and its recruitment stopped and reopened.

use crate::common::*;
use crate::employment_import::{download, enterprise_count, messy_register};
use crate::employment_import::{job_count, postings_sheet, with_enterprises};
use serde_json::{json, Value};

const PASSWORD: &str = "Fe-deration#2026";

fn credit_code(first17: &str) -> String {
    jinguo_domain::employment::CreditCode::complete(first17)
        .expect("17 characters")
        .as_str()
        .to_owned()
}

/// The day the test clock stands on, in China.
fn today() -> String {
    jinguo_domain::CivilDate::from_epoch_ms_china(START_MS).to_string()
}

/// A district federation officer with an enterprise, an open job, a woman seeking work who
/// suits it, and a job fair today with the enterprise taking part.
struct Fair {
    app: TestApp,
    fed: Client,
    csrf: String,
    enterprise: i64,
    job: i64,
    person: i64,
    seeker: i64,
    event: i64,
    checkin_path: String,
}

async fn post_ok(client: &Client, path: &str, body: Value) -> Value {
    let reply = client.post(path, body).await;
    assert_eq!(reply.status, 201, "POST {path}: {}", reply.text);
    reply.body
}

async fn fair() -> Fair {
    let app = spawn_app().await;
    let fed = app
        .user_with_password("fed", "federation", DISTRICT, PASSWORD)
        .await;
    let csrf = fed.csrf.clone().expect("csrf");
    let enterprise = id_of(
        &post_ok(
            &fed,
            "/api/v1/enterprises",
            json!({ "name": "泉州巧手服饰有限公司", "credit_code": credit_code("91350503MA2XY0K3A"),
                    "women_owned": true, "unit_code": SHAOLIN, "industry": "C",
                    "contact_name": "陈经理", "contact_phone": "13905951234" }),
        )
        .await,
    );
    let job = id_of(
        &post_ok(
            &fed,
            "/api/v1/jobs",
            json!({ "enterprise_id": enterprise, "title": "缝纫工", "category": "manufacturing",
                    "positions": 5, "salary_min": 4000, "salary_max": 6000, "unit_code": SHAOLIN,
                    "skills": ["缝纫"], "terms": ["childcare"] }),
        )
        .await,
    );
    let person = id_of(
        &post_ok(
            &fed,
            "/api/v1/people",
            json!({ "name": "林秀英", "id_number": id_number("19880312", "002"),
                    "phone": "13812345678", "unit_code": SHAOLIN, "tags": ["laid_off"] }),
        )
        .await,
    );
    let seeker = id_of(
        &post_ok(
            &fed,
            "/api/v1/seekers",
            json!({ "person_id": person, "categories": ["manufacturing"], "skills": ["缝纫"],
                    "expected_pay": 4000, "needs": ["childcare"] }),
        )
        .await,
    );
    let event = post_ok(
        &fed,
        "/api/v1/events",
        json!({ "kind": "job_fair", "title": "丰泽区春风行动招聘会", "date": today(),
                "unit_code": DISTRICT, "place": "区文体中心", "enterprise_ids": [enterprise] }),
    )
    .await;
    Fair {
        checkin_path: event["checkin_path"].as_str().expect("path").to_owned(),
        event: id_of(&event),
        app,
        fed,
        csrf,
        enterprise,
        job,
        person,
        seeker,
    }
}

async fn page(client: &Client, path: &str) -> String {
    let reply = client.get(path).await;
    assert_eq!(reply.status, 200, "GET {path}: {}", reply.text);
    reply.text
}

/// The number shown in the element with `id`.
fn figure(html: &str, id: &str) -> i64 {
    let at = html.find(&format!("id=\"{id}\"")).expect(id);
    let rest = &html[at..];
    let start = rest.find('>').expect(">") + 1;
    rest[start..]
        .split('<')
        .next()
        .expect("text")
        .trim()
        .parse()
        .expect("a number")
}

#[tokio::test]
async fn every_employment_page_renders_for_a_federation_officer() {
    let f = fair().await;
    let (e, j, s, v) = (f.enterprise, f.job, f.seeker, f.event);
    for (path, text) in [
        ("/".to_owned(), "id=\"employment-cards\""),
        ("/enterprises".to_owned(), "泉州巧手服饰有限公司"),
        (
            "/enterprises?women_owned=true&industry=C".to_owned(),
            "泉州巧手服饰有限公司",
        ),
        ("/enterprises/new".to_owned(), "C 制造业"),
        (format!("/enterprises/{e}"), "139****1234"),
        (format!("/enterprises/{e}/edit"), "13905951234"),
        ("/liaison".to_owned(), "泉州巧手服饰有限公司"),
        ("/jobs".to_owned(), "缝纫工"),
        (
            format!("/jobs/new?enterprise_id={e}"),
            "泉州巧手服饰有限公司",
        ),
        (format!("/jobs/{j}"), "林秀英"),
        ("/seekers".to_owned(), "林秀英"),
        (
            format!("/seekers/new?person_id={}", f.person),
            "value=\"%d\"",
        ),
        (format!("/seekers/{s}"), "缝纫工"),
        ("/events".to_owned(), "丰泽区春风行动招聘会"),
        ("/events/new".to_owned(), "招聘会"),
        (format!("/events/{v}"), "<svg"),
        (format!("/events/{v}/poster"), "/checkin/"),
        ("/assistance".to_owned(), "维权帮扶"),
        ("/mentorships".to_owned(), "新建结对"),
        ("/employment/outcomes".to_owned(), "下岗职工"),
    ] {
        let html = page(&f.fed, &path).await;
        let text = text.replace("%d", &f.person.to_string());
        assert!(html.contains(&text), "{path} does not show {text}");
        assert!(
            html.contains("id=\"nav-enterprises\""),
            "{path} lacks the employment menu"
        );
    }
    let xlsx = f.fed.get(&format!("/events/{v}/report.xlsx")).await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.headers["content-type"]
        .to_str()
        .unwrap_or("")
        .contains("spreadsheetml"));
    // The event page prints the absolute check-in URL of the host it was reached on.
    let event = page(&f.fed, &format!("/events/{v}")).await;
    assert!(event.contains(&format!("http://{}{}", f.app.addr, f.checkin_path)));
}

/// Posts the job form for a cashier with `requirements` and the `extra` fields.
async fn post_job(f: &Fair, requirements: &str, extra: &[(&str, &str)]) -> Reply {
    let enterprise = f.enterprise.to_string();
    let mut form = vec![
        ("csrf", f.csrf.as_str()),
        ("enterprise_id", &enterprise),
        ("title", "收银员"),
        ("category", "retail"),
        ("positions", "2"),
        ("salary_min", "3500"),
        ("salary_max", "4500"),
        ("unit_code", SHAOLIN),
        ("requirements", requirements),
    ];
    form.extend_from_slice(extra);
    f.fed.post_form("/jobs", &form).await
}

#[tokio::test]
async fn a_discriminatory_posting_is_refused_beside_its_field_and_nothing_is_stored() {
    let f = fair().await;
    let reply = post_job(
        &f,
        "限未婚女性，三年内不得怀孕",
        &[("skills", "收银、普通话"), ("terms", "near_home")],
    )
    .await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    let html = &reply.text;
    assert!(html.contains("id=\"requirements-error\""), "{html}");
    assert!(html.contains("就业歧视"));
    // The typed values are kept.
    assert!(html.contains("value=\"收银员\"") && html.contains("限未婚女性，三年内不得怀孕"));
    assert!(html.contains("value=\"收银、普通话\""));
    assert!(html.contains("value=\"near_home\" checked"));
    let jobs = f.fed.get("/api/v1/jobs?q=收银员").await;
    assert_eq!(jobs.body["total"], 0, "{}", jobs.text);
    assert!(!page(&f.fed, "/jobs").await.contains("收银员"));

    // A fair posting goes through and lands on its page.
    let reply = post_job(&f, "男女不限，享受生育保险", &[]).await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let location = reply.headers["location"].to_str().expect("location");
    assert!(page(&f.fed, location).await.contains("收银员"));
}

#[tokio::test]
async fn the_public_checkin_works_without_signing_in_and_counts_a_phone_once() {
    let f = fair().await;
    let visitor = f.app.client();
    let form = visitor.get(&f.checkin_path).await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains("丰泽区春风行动招聘会") && form.text.contains("区文体中心"));
    assert!(!form.text.contains("id=\"nav-enterprises\""));
    let fields = [
        ("name", "王丽华"),
        ("phone", "13600001111"),
        ("sex", "female"),
        ("category", "graduate"),
    ];
    let first = visitor.post_form(&f.checkin_path, &fields).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert!(first.text.contains("签到成功"));
    let again = visitor.post_form(&f.checkin_path, &fields).await;
    again.assert_contains("您已签到");
    // A field error stands beside its field, the typed values kept.
    let bad = visitor
        .post_form(
            &f.checkin_path,
            &[("name", "王丽华"), ("phone", "123"), ("sex", "female")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.text.contains("id=\"phone-error\"") && bad.text.contains("value=\"王丽华\""));

    let event = page(&f.fed, &format!("/events/{}", f.event)).await;
    assert_eq!(figure(&event, "fig-visitors"), 1);
    assert_eq!(figure(&event, "fig-women-visitors"), 1);
    assert!(event.contains("王丽华"));
}

#[tokio::test]
async fn a_closed_event_says_so_and_stores_nothing() {
    let f = fair().await;
    let closed = f
        .fed
        .post_form(&format!("/events/{}/close", f.event), &[("csrf", &f.csrf)])
        .await;
    assert_eq!(closed.status, 303, "{}", closed.text);
    let visitor = f.app.client();
    let form = visitor.get(&f.checkin_path).await;
    assert_eq!(form.status, 200);
    assert!(form.text.contains("本次活动签到已结束"));
    assert!(!form.text.contains("id=\"checkin-form\""));
    let post = visitor
        .post_form(
            &f.checkin_path,
            &[
                ("name", "王丽华"),
                ("phone", "13600001111"),
                ("sex", "female"),
            ],
        )
        .await;
    assert_eq!(post.status, 409);
    assert!(post.text.contains("本次活动签到已结束"));
    let event = page(&f.fed, &format!("/events/{}", f.event)).await;
    assert_eq!(figure(&event, "fig-visitors"), 0);
    // An unknown key is not found.
    assert_eq!(visitor.get("/checkin/nosuchkey").await.status, 404);
}

#[tokio::test]
async fn the_seeker_page_explains_its_matches_and_recommends_a_job() {
    let f = fair().await;
    let path = format!("/seekers/{}", f.seeker);
    let html = page(&f.fed, &path).await;
    assert!(html.contains(&format!("href=\"/jobs/{}\"", f.job)));
    assert!(html.contains("岗位类别是本人期望的"), "{html}");
    assert!(html.contains("掌握岗位所需技能 1/1 项"));
    let job = f.job.to_string();
    let reply = f
        .fed
        .post_form(
            &format!("{path}/recommend"),
            &[("csrf", &f.csrf), ("job_id", &job)],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let html = page(&f.fed, &path).await;
    assert!(html.contains("data-outcome=\"recommended\""));
    let recommendation = f
        .fed
        .get(&format!("/api/v1/seekers/{}", f.seeker))
        .await
        .body["recommendations"][0]["id"]
        .as_i64()
        .expect("recommendation");
    let reply = f
        .fed
        .post_form(
            &format!("{path}/recommendations/{recommendation}"),
            &[("csrf", &f.csrf), ("outcome", "interviewed")],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    assert!(page(&f.fed, &path)
        .await
        .contains("data-outcome=\"interviewed\""));
    // Recommending it again is refused on the page with the reason.
    let again = f
        .fed
        .post_form(
            &format!("{path}/recommend"),
            &[("csrf", &f.csrf), ("job_id", &job)],
        )
        .await;
    assert_eq!(again.status, 409);
    assert!(again.text.contains("id=\"action-error\""));
    // The job page lists the recommendation.
    assert!(page(&f.fed, &format!("/jobs/{}", f.job))
        .await
        .contains("已面试"));
}

#[tokio::test]
async fn the_desk_records_checkins_and_agreements_and_the_report_follows() {
    let f = fair().await;
    let path = format!("/events/{}", f.event);
    let reply = f
        .fed
        .post_form(
            &format!("{path}/checkins"),
            &[
                ("csrf", &f.csrf),
                ("name", "林秀英"),
                ("phone", "13812345678"),
                ("sex", "female"),
                ("category", "laid_off"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let (enterprise, job, person) = (
        f.enterprise.to_string(),
        f.job.to_string(),
        f.person.to_string(),
    );
    let agreement = [
        ("csrf", f.csrf.as_str()),
        ("agreement_enterprise_id", &enterprise),
        ("job_id", &job),
        ("person_id", &person),
    ];
    let agreements = format!("{path}/agreements");
    let reply = f.fed.post_form(&agreements, &agreement).await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let html = page(&f.fed, &path).await;
    assert_eq!(figure(&html, "fig-visitors"), 1);
    assert_eq!(figure(&html, "fig-agreements"), 1);
    assert_eq!(figure(&html, "fig-agreements-with-women"), 1);
    assert_eq!(figure(&html, "fig-women-owned-agreements"), 1);
    // The same agreement twice is refused with its reason, nothing added.
    let again = f.fed.post_form(&agreements, &agreement).await;
    assert_eq!(again.status, 409, "{}", again.text);
    assert!(again.text.contains("意向协议已登记"));
    assert_eq!(figure(&again.text, "fig-agreements"), 1);
    // The home page's fair funnel shows the same figures.
    assert!(page(&f.fed, "/").await.contains("id=\"fair-funnel\""));
}

#[tokio::test]
async fn a_visit_with_difficulties_raises_an_enterprise_case() {
    let f = fair().await;
    let path = format!("/enterprises/{}", f.enterprise);
    let reply = f
        .fed
        .post_form(
            &format!("{path}/visits"),
            &[
                ("csrf", &f.csrf),
                ("visited_on", &today()),
                ("seen", "车间正常生产，女职工 40 人。"),
                ("difficulties", "缺少托育服务，女职工难以加班。"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let html = page(&f.fed, &path).await;
    assert!(html.contains("缺少托育服务") && html.contains("class=\"raise-case\""));
    let visit = f
        .fed
        .get(&format!("/api/v1/enterprises/{}", f.enterprise))
        .await
        .body["visits"][0]["id"]
        .as_i64()
        .expect("visit");
    let reply = f
        .fed
        .post_form(&format!("{path}/visits/{visit}/case"), &[("csrf", &f.csrf)])
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let html = page(&f.fed, &path).await;
    assert!(html.contains("class=\"visit-case\"") && !html.contains("class=\"raise-case\""));
    // A visit without what was seen is refused beside the field.
    let bad = f
        .fed
        .post_form(
            &format!("{path}/visits"),
            &[("csrf", &f.csrf), ("visited_on", &today()), ("seen", "")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.text.contains("id=\"seen-error\""));
}

#[tokio::test]
async fn a_leader_with_more_than_three_enterprises_is_flagged_on_the_liaison_page() {
    let f = fair().await;
    let leader = f.app.add_user("lead", "leader", DISTRICT, PASSWORD).await;
    let leader_id = leader.to_string();
    let mut ids = vec![f.enterprise];
    for (i, code) in [
        "91350503MA2XY0K4A",
        "91350503MA2XY0K5A",
        "91350503MA2XY0K6A",
    ]
    .iter()
    .enumerate()
    {
        let e = post_ok(
            &f.fed,
            "/api/v1/enterprises",
            json!({ "name": format!("东湖企业{i}"), "credit_code": credit_code(code),
                    "women_owned": false, "unit_code": SHAOLIN }),
        )
        .await;
        ids.push(id_of(&e));
    }
    let html = page(&f.fed, "/liaison").await;
    assert!(html.contains("东湖企业0") && html.contains("class=\"inline assign-form\""));
    for id in &ids {
        let reply = f
            .fed
            .post_form(
                &format!("/enterprises/{id}/leaders"),
                &[("csrf", &f.csrf), ("user_ids", &leader_id)],
            )
            .await;
        assert_eq!(reply.status, 303, "{}", reply.text);
    }
    let html = page(&f.fed, "/liaison").await;
    assert!(html.contains("leader-over-limit"), "{html}");
    assert!(html.contains("超过 3 家"));
}

#[tokio::test]
async fn the_employment_pages_speak_english_when_asked() {
    let f = fair().await;
    let mut fed = f.app.login("fed", PASSWORD).await;
    fed.lang = "en";
    for (path, text) in [
        ("/jobs".to_owned(), "Women-owned enterprises only"),
        (format!("/jobs/{}", f.job), "Matching job seekers"),
        (format!("/seekers/{}", f.seeker), "Recommended jobs"),
        (format!("/events/{}", f.event), "Check in by QR code"),
        ("/liaison".to_owned(), "liaison with enterprises"),
        ("/enterprises".to_owned(), "C Manufacturing"),
    ] {
        let html = page(&fed, &path).await;
        assert!(html.contains(text), "{path} does not say {text}");
        assert!(
            html.contains(">Employment<"),
            "{path} lacks the English menu"
        );
    }
    let mut visitor = f.app.client();
    visitor.lang = "en";
    let form = page(&visitor, &f.checkin_path).await;
    assert!(form.contains("Mobile phone") && form.contains("Graduate"));
}

/// Follows a redirect's `location`.
fn location(reply: &Reply) -> String {
    reply.headers["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

/// The list page of `kind` links its import page and template (and `more`), the import page
/// is a form named `title`, and the template is a workbook.
async fn assert_import_offered(f: &Fair, kind: &str, more: &[&str], title: &str) {
    let list = page(&f.fed, &format!("/{kind}")).await;
    let links = [
        format!("href=\"/{kind}/import\""),
        format!("href=\"/{kind}/import/template\""),
    ];
    for link in links.iter().map(String::as_str).chain(more.iter().copied()) {
        assert!(list.contains(link), "the list lacks {link}");
    }
    let form = page(&f.fed, &format!("/{kind}/import")).await;
    assert!(form.contains(&format!("action=\"/{kind}/import\"")) && form.contains(title));
    let (status, template) = download(&f.fed, &format!("/{kind}/import/template")).await;
    assert_eq!(status, 200);
    assert!(template.starts_with(b"PK"), "the template is a workbook");
}

/// Confirms a checked import on its page and waits until the page says it is done; its HTML.
async fn commit_import(f: &Fair, job: &str) -> String {
    let confirmed = f
        .fed
        .post_form(&format!("{job}/commit"), &[("csrf", &f.csrf)])
        .await;
    assert_eq!(confirmed.status, 303, "{}", confirmed.text);
    let mut done = String::new();
    for _ in 0..200 {
        done = page(&f.fed, job).await;
        if done.contains("id=\"import-stage\"") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(done.contains("导入完成"), "{done}");
    done
}

#[tokio::test]
async fn an_enterprise_register_is_checked_on_the_import_page_then_its_valid_rows_commit() {
    let f = fair().await;
    assert_import_offered(
        &f,
        "enterprises",
        &["id=\"export-xlsx\"", "id=\"export-csv\""],
        "导入企业",
    )
    .await;

    let (ct, body) = multipart(&[("csrf", &f.csrf)], "企业花名册.xlsx", &messy_register());
    let checked = f.fed.post_raw("/enterprises/import", &ct, body).await;
    assert_eq!(checked.status, 303, "{}", checked.text);
    let job = location(&checked);
    assert!(job.starts_with("/enterprises/import/"), "{job}");
    let html = page(&f.fed, &job).await;
    assert_eq!(figure(&html, "count-rows"), 7);
    assert_eq!(figure(&html, "count-imported"), 3);
    assert_eq!(figure(&html, "count-rejected"), 4);
    for line in ["<td>6</td>", "<td>7</td>", "<td>8</td>", "<td>9</td>"] {
        assert!(html.contains(line), "line {line} is not listed: {html}");
    }
    assert!(html.contains("Excel"), "the reason is given: {html}");
    assert_eq!(
        enterprise_count(&f.app).await,
        1,
        "the check writes nothing"
    );
    let (status, rejected) = download(&f.fed, &format!("{job}/rejected.xlsx")).await;
    assert_eq!(status, 200);
    assert!(rejected.starts_with(b"PK"));
    // Another kind's pages do not serve the upload.
    let token = job.rsplit('/').next().expect("token");
    assert_eq!(
        f.fed.get(&format!("/people/import/{token}")).await.status,
        404
    );

    let done = commit_import(&f, &job).await;
    assert!(done.contains("href=\"/enterprises\""));
    assert_eq!(
        enterprise_count(&f.app).await,
        4,
        "the valid rows are written"
    );
    assert!(page(&f.fed, "/enterprises")
        .await
        .contains("泉州市丰泽区巾帼服饰有限公司"));

    // The export buttons give what the list shows, filters applied.
    let (status, csv) = f.fed.export("/enterprises/export?q=茶业", "csv").await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(csv.contains("泉州丰泽茗香茶业有限公司"), "{csv}");
    assert!(!csv.contains("泉州市丰泽区巾帼服饰有限公司"), "{csv}");
    let (status, xlsx) = f.fed.export("/enterprises/export", "xlsx").await;
    assert_eq!(status, 200);
    assert!(xlsx.starts_with(b"PK"));
    let exports = f
        .app
        .auditor()
        .await
        .get("/api/v1/audit?action=export")
        .await;
    assert_eq!(exports.body["total"], 2, "{}", exports.text);
}

/// The job form's fields for the fair's sewing job, with `requirements` and `positions`.
fn sewing_job(f: &Fair, requirements: &str, positions: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", f.csrf.clone()),
        ("enterprise_id", f.enterprise.to_string()),
        ("title", "缝纫工".into()),
        ("category", "manufacturing".into()),
        ("positions", positions.into()),
        ("skills", "缝纫".into()),
        ("salary_min", "4000".into()),
        ("salary_max", "6000".into()),
        ("unit_code", SHAOLIN.into()),
        ("terms", "childcare".into()),
        ("requirements", requirements.into()),
        ("status", "open".into()),
    ]
}

async fn post_fields(client: &Client, path: &str, fields: &[(&'static str, String)]) -> Reply {
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.post_form(path, &form).await
}

#[tokio::test]
async fn a_discriminatory_change_of_a_job_is_refused_and_the_job_stays_as_it_was() {
    let f = fair().await;
    let path = format!("/jobs/{}/edit", f.job);
    let job_page = page(&f.fed, &format!("/jobs/{}", f.job)).await;
    assert!(job_page.contains(&format!("href=\"{path}\"")));
    let form = page(&f.fed, &path).await;
    assert!(form.contains(&format!("action=\"{path}\"")));
    assert!(form.contains("value=\"缝纫工\"") && form.contains("value=\"childcare\" checked"));

    let fields = sewing_job(&f, "限已婚已育女性", "8");
    let reply = post_fields(&f.fed, &path, &fields).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(reply.text.contains("id=\"requirements-error\""));
    assert!(reply.text.contains("就业歧视") && reply.text.contains("限已婚已育女性"));
    let job = f.fed.get(&format!("/api/v1/jobs/{}", f.job)).await;
    assert_eq!(job.body["positions"], 5, "{}", job.text);
    assert_eq!(job.body["requirements"], Value::Null);

    // A fair change goes through.
    let fields = sewing_job(&f, "男女不限，可带孩子上班", "8");
    let reply = post_fields(&f.fed, &path, &fields).await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let job = f.fed.get(&format!("/api/v1/jobs/{}", f.job)).await;
    assert_eq!(job.body["positions"], 8);
    assert_eq!(job.body["requirements"], "男女不限，可带孩子上班");
}

#[tokio::test]
async fn a_closed_job_leaves_the_open_list_until_it_is_reopened() {
    let f = fair().await;
    let path = format!("/jobs/{}", f.job);
    assert!(page(&f.fed, "/jobs?status=open").await.contains("缝纫工"));
    assert!(page(&f.fed, &path).await.contains("id=\"job-close\""));
    let closed = f
        .fed
        .post_form(
            &format!("{path}/status"),
            &[("csrf", &f.csrf), ("status", "closed")],
        )
        .await;
    assert_eq!(closed.status, 303, "{}", closed.text);
    assert!(!page(&f.fed, "/jobs?status=open").await.contains("缝纫工"));
    assert!(page(&f.fed, "/jobs?status=closed").await.contains("缝纫工"));
    let html = page(&f.fed, &path).await;
    assert!(html.contains("id=\"job-reopen\"") && html.contains("已停招"));
    let job = f
        .fed
        .get(&format!("/api/v1/jobs/{path_id}", path_id = f.job))
        .await;
    assert_eq!(job.body["positions"], 5, "only the status changes");

    let reopened = f
        .fed
        .post_form(
            &format!("{path}/status"),
            &[("csrf", &f.csrf), ("status", "open")],
        )
        .await;
    assert_eq!(reopened.status, 303, "{}", reopened.text);
    assert!(page(&f.fed, "/jobs?status=open").await.contains("缝纫工"));
}

#[tokio::test]
async fn an_officer_of_another_street_finds_no_job_page_and_may_not_change_the_job() {
    let f = fair().await;
    // 东湖街道 (350503001) holds 少林社区; 泉秀街道 does not.
    f.app
        .add_user("quanxiu", "street", "350503002000", PASSWORD)
        .await;
    let other = f.app.login("quanxiu", PASSWORD).await;
    let csrf = other.csrf.clone().expect("csrf");
    let path = format!("/jobs/{}", f.job);
    // Another street's job is 404 beyond its district-public posting (#10.3).
    assert_eq!(other.get(&path).await.status, 404);
    assert_eq!(other.get(&format!("{path}/edit")).await.status, 404);
    let closed = other
        .post_form(
            &format!("{path}/status"),
            &[("csrf", &csrf), ("status", "closed")],
        )
        .await;
    assert_eq!(closed.status, 404);
    assert!(page(&f.fed, "/jobs?status=open").await.contains("缝纫工"));
}

#[tokio::test]
async fn a_postings_sheet_is_checked_on_the_import_page_and_discrimination_is_named() {
    let f = fair().await;
    with_enterprises(&f.fed).await;
    assert_import_offered(&f, "jobs", &[], "导入岗位").await;

    let before = job_count(&f.app).await;
    let (ct, body) = multipart(&[("csrf", &f.csrf)], "岗位需求.xlsx", &postings_sheet());
    let checked = f.fed.post_raw("/jobs/import", &ct, body).await;
    assert_eq!(checked.status, 303, "{}", checked.text);
    let job = location(&checked);
    assert!(job.starts_with("/jobs/import/"), "{job}");
    let html = page(&f.fed, &job).await;
    assert_eq!(figure(&html, "count-rows"), 7);
    assert_eq!(figure(&html, "count-imported"), 3);
    assert_eq!(figure(&html, "count-rejected"), 4);
    assert!(
        html.contains("男性优先") && html.contains("就业歧视"),
        "the reason is given: {html}"
    );
    assert_eq!(job_count(&f.app).await, before, "the check writes nothing");

    let done = commit_import(&f, &job).await;
    assert!(done.contains("href=\"/jobs\""));
    assert_eq!(
        job_count(&f.app).await,
        before + 3,
        "the valid jobs are written"
    );
}

#[tokio::test]
async fn a_posting_preferring_mothers_asks_the_poster_to_confirm_on_its_form() {
    let f = fair().await;
    let reply = post_job(&f, "宝妈优先，可接送孩子", &[]).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    let html = &reply.text;
    assert!(html.contains("id=\"requirements-error\""), "{html}");
    assert!(html.contains("宝妈优先"));
    assert!(html.contains("name=\"confirm_warnings\""), "{html}");
    assert!(html.contains("我已知悉"));
    assert_eq!(f.fed.get("/api/v1/jobs?q=收银员").await.body["total"], 0);

    // The re-submitted form with the box ticked publishes it.
    let reply = post_job(&f, "宝妈优先，可接送孩子", &[("confirm_warnings", "true")]).await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let location = reply.headers["location"].to_str().expect("location");
    assert!(page(&f.fed, location).await.contains("宝妈优先"));
}
