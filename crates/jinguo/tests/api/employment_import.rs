//! Enterprise registers as street offices send them (`POST /api/v1/enterprises/import`,
//! `jinguo import enterprises`), the template, the export; and the demo district's fair.

use crate::common::*;
use crate::people::id_number;
use jinguo_domain::employment::CreditCode;
use serde_json::{json, Value};

/// A valid credit code of a Fengze enterprise: "91350503MA" and 7 characters of the alphabet.
fn code(tail: &str) -> String {
    CreditCode::complete(&format!("91350503MA{tail}"))
        .expect("17 characters")
        .as_str()
        .to_owned()
}

/// ASCII as the full-width characters a Chinese input method types.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

/// The register's own words for the columns (aliases of the import's).
const HEADER: &str =
    "序号|单位名称|社会信用代码|女企业|行业|从业人数|女职工|所属街道|所属社区|地址|联系人|手机";

/// A register as a street office sends it: a title row, a header with Chinese names, a blank
/// row, a footer with signatures, and every kind of bad row. Lines (1-based): 4, 5 and 10 are
/// good; 6 (Excel's number), 7 (check character), 8 (a repeat of line 4) and 9 (no such
/// community) are rejected.
pub(crate) fn messy_register() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "丰泽区东湖街道辖区企业花名册（2026年）")
        .expect("title");
    for (col, head) in HEADER.split('|').enumerate() {
        sheet.write_string(2, col as u16, head).expect("header");
    }
    let mut bad_check = code("2Y7K3L1");
    let last = if bad_check.ends_with('1') { "2" } else { "1" };
    bad_check.replace_range(17.., last);
    let rows = [
        format!(
            "1|泉州市丰泽区巾帼服饰有限公司|{}|是|C 制造业|120|86|东湖街道|少林社区居委会|丰泽区东湖路1号|王芳|13812345678",
            code("2Y7K3L0")
        ),
        format!(
            "2|泉州丰泽茗香茶业有限公司|{}|√|批发和零售业|{}|８|东湖|东湖社区|丰泽区东湖路8号|李丽|138 1234 5679",
            full_width(&code("3B8N4P2")),
            full_width("15人")
        ),
        "3|泉州市丰泽区鲤城鞋业有限公司||否|C|40||东湖街道|少林社区|||".to_owned(),
        format!("4|泉州丰泽惠民家政服务有限公司|{bad_check}|是|O|30|28|东湖街道|少林社区|||"),
        format!(
            "5|泉州市丰泽区巾帼服饰有限公司（重复）|{}|是|C|||东湖街道|少林社区|||",
            code("2Y7K3L0")
        ),
        format!(
            "6|泉州丰泽海丝电商有限公司|{}|否|I|12|7|东湖街道|不存在社区|||",
            code("4C9P5Q3")
        ),
        format!(
            "7|泉州丰泽刺桐餐饮管理有限公司|{}|否|住宿和餐饮业|60|35|东湖街道|铭湖社区||陈红|",
            code("5D1Q6R4")
        ),
    ];
    for (i, row) in rows.iter().enumerate() {
        for (col, cell) in row.split('|').enumerate() {
            sheet
                .write_string(3 + i as u32, col as u16, cell)
                .expect("cell");
        }
    }
    // The shoe maker's code typed as a number: Excel keeps 15 significant digits.
    sheet
        .write_number(5, 2, 913505031234567891.0)
        .expect("number");
    sheet.write_string(11, 0, "填表人：张三").expect("footer");
    sheet.write_string(11, 4, "审核人：李四").expect("footer");
    book.save_to_buffer().expect("xlsx")
}

async fn upload(client: &Client, fields: &[(&str, &str)], name: &str, bytes: &[u8]) -> Reply {
    let (ct, body) = multipart(fields, name, bytes);
    client
        .post_raw("/api/v1/enterprises/import", &ct, body)
        .await
}

pub(crate) async fn enterprise_count(app: &TestApp) -> i64 {
    sql_count(app, "SELECT COUNT(*) FROM enterprises").await
}

/// The bytes of a download (the test client keeps only text).
pub(crate) async fn download(client: &Client, path: &str) -> (u16, Vec<u8>) {
    let response = client
        .http
        .get(format!("{}{path}", client.base))
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.bytes().await.expect("body").to_vec())
}

/// The rejected-rows sheet of a dry run of `bytes` at `path`: a header and the rejected rows of
/// lines 6 to 9.
async fn rejected_rows(
    app: &TestApp,
    admin: &Client,
    path: &str,
    bytes: &[u8],
) -> Vec<Vec<String>> {
    let (ct, body) = multipart(&[("dry_run", "1"), ("report", "xlsx")], "r.xlsx", bytes);
    let report = admin
        .http
        .post(app.url(path))
        .header("content-type", ct)
        .header("x-csrf-token", admin.csrf.clone().unwrap_or_default())
        .body(body)
        .send()
        .await
        .expect("report");
    assert_eq!(report.status().as_u16(), 200);
    let rows = sheet_rows(&report.bytes().await.expect("bytes"));
    assert_eq!(rows.len(), 5, "a header and the 4 rejected rows: {rows:?}");
    assert_eq!(
        rows[1..].iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["6", "7", "8", "9"]
    );
    rows
}

fn sheet_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = book.worksheet_range_at(0).expect("sheet").expect("range");
    range
        .rows()
        .map(|r| r.iter().map(jinguo_app::import::cell_text).collect())
        .collect()
}

fn summary_of(reply: &Reply) -> Value {
    json!({
        "rows": reply.body["rows"], "imported": reply.body["imported"],
        "updated": reply.body["updated"], "rejected": reply.body["rejected"],
        "skipped": reply.body["skipped"],
    })
}

#[tokio::test]
async fn a_street_register_is_checked_dry_then_its_valid_rows_commit() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let register = messy_register();
    let dry = upload(&admin, &[("dry_run", "true")], "企业花名册.xlsx", &register).await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    assert_eq!(
        summary_of(&dry),
        json!({ "rows": 7, "imported": 3, "updated": 0, "rejected": 4, "skipped": 2 })
    );
    assert_eq!(dry.body["written"], false);
    assert_eq!(enterprise_count(&app).await, 0, "a dry run writes nothing");
    let problems = problem_codes(&dry);
    assert_eq!(
        problems,
        vec![
            (6, "credit_code_excel_number".to_owned()),
            (7, "credit_code_check".to_owned()),
            (8, "duplicate_credit_code_in_file".to_owned()),
            (9, "unknown_community".to_owned()),
        ]
    );
    assert!(
        dry.body["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Excel") && m.contains("文本")),
        "{}",
        dry.text
    );

    let rows = rejected_rows(&app, &admin, "/api/v1/enterprises/import", &register).await;
    assert!(rows[2][2].contains("校验位"), "{:?}", rows[2]);
    assert!(rows[4][2].contains("不存在社区"), "{:?}", rows[4]);
    assert_eq!(rows[3][1], "统一社会信用代码");

    let real = upload(&admin, &[], "企业花名册.xlsx", &register).await;
    assert_eq!(real.status, 200, "{}", real.text);
    assert_eq!(real.body["written"], true);
    assert_eq!(real.body["imported"], 3);
    assert_eq!(enterprise_count(&app).await, 3);
    let tea = admin
        .get(&format!("/api/v1/enterprises?q={}", code("3B8N4P2")))
        .await;
    let tea = &tea.body["items"][0];
    assert_eq!(
        tea["name"], "泉州丰泽茗香茶业有限公司",
        "full-width code read"
    );
    assert_eq!(
        (tea["women_owned"].as_bool(), tea["industry"].as_str()),
        (Some(true), Some("F"))
    );
    assert_eq!(
        (tea["staff"].as_i64(), tea["women_staff"].as_i64()),
        (Some(15), Some(8))
    );
    assert_eq!(
        tea["unit_code"], "350503001002",
        "东湖社区 within 东湖 street"
    );
    assert_eq!(tea["contact_phone_masked"], "138****5679");
    let imports = app.auditor().await.get("/api/v1/audit?action=import").await;
    assert_eq!(
        imports.body["total"], 1,
        "the committed import is audited once"
    );
}

#[tokio::test]
async fn all_or_nothing_refuses_the_whole_register_over_one_bad_row() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let refused = upload(
        &admin,
        &[("all_or_nothing", "true")],
        "r.xlsx",
        &messy_register(),
    )
    .await;
    assert_eq!(refused.status, 200, "{}", refused.text);
    assert_eq!(
        (
            refused.body["written"].as_bool(),
            refused.body["rejected"].as_i64()
        ),
        (Some(false), Some(4))
    );
    assert_eq!(enterprise_count(&app).await, 0);
    let file = temp_dir("register").join("register.xlsx");
    std::fs::write(&file, messy_register()).expect("write");
    let path = file.to_str().expect("path");
    let output = app.cli(&["import", "enterprises", path, "--all-or-nothing"], &[]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let summary = cli_summary(&output);
    assert_eq!(
        summary,
        json!({ "rows": 7, "imported": 3, "updated": 0, "rejected": 4, "skipped": 2 })
    );
    assert!(stderr(&output).contains("line 7:"), "{}", stderr(&output));
    assert_eq!(enterprise_count(&app).await, 0);
}

#[tokio::test]
async fn a_registered_credit_code_updates_its_enterprise_and_links_the_entrepreneur() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let founder_id = id_number("350503", "19800305", "022");
    let founder = admin
        .post(
            "/api/v1/people",
            json!({ "name": "王芳", "id_number": founder_id, "unit_code": "350503001001" }),
        )
        .await;
    assert_eq!(founder.status, 201, "{}", founder.text);
    let first = upload(&admin, &[], "r.xlsx", &messy_register()).await;
    assert_eq!(first.body["imported"], 3, "{}", first.text);
    // A GBK CSV from another office: no contact columns, a changed head count, the founder.
    let text = format!(
        "企业名称,信用代码,职工人数,女企业,女企业家身份证号,区划代码\n\
         泉州市丰泽区巾帼服饰有限公司,{},130,Y,{founder_id},350503001001\n\
         泉州丰泽新开的电商有限公司,{},9,N,,350503001003\n",
        code("2Y7K3L0"),
        code("6E2R7T5")
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let file = temp_dir("gbk").join("企业.csv");
    std::fs::write(&file, gbk).expect("write");
    let output = app.cli(
        &["import", "enterprises", file.to_str().expect("path")],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));

    assert_eq!(
        cli_summary(&output),
        json!({ "rows": 2, "imported": 1, "updated": 1, "rejected": 0, "skipped": 0 })
    );
    assert_eq!(enterprise_count(&app).await, 4);
    let found = admin
        .get(&format!("/api/v1/enterprises?q={}", code("2Y7K3L0")))
        .await;
    let e = &found.body["items"][0];
    assert_eq!(e["staff"], 130);
    assert_eq!(e["women_staff"], 86, "a column the file lacks is kept");
    assert_eq!(e["contact_name"], "王芳");
    assert_eq!(e["entrepreneur_id"], founder.body["id"]);
    assert_eq!(e["entrepreneur_name"], "王芳");
}

#[tokio::test]
async fn the_export_applies_the_list_filters_and_reimports() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    upload(&admin, &[], "r.xlsx", &messy_register()).await;
    // Exports carry contact phones in full: federation and street officers only (#10.3).
    let clerk = app
        .user_with_password("clerk", "federation", "350503000000", "Federation#2026")
        .await;
    let (status, bytes) = clerk
        .export("/api/v1/enterprises/export?women_owned=true", "xlsx")
        .await;
    assert_eq!(status, 200);
    let rows = sheet_rows(&bytes);
    assert_eq!(
        rows.len(),
        3,
        "a header and the two women-owned enterprises: {rows:?}"
    );
    assert_eq!(rows[0][1], "统一社会信用代码");
    let garment = rows
        .iter()
        .find(|r| r[0] == "泉州市丰泽区巾帼服饰有限公司")
        .expect("row");
    assert_eq!(garment[1], code("2Y7K3L0"));
    assert_eq!(garment[2], "是");
    assert_eq!(garment[3], "C 制造业");
    assert_eq!(garment[11], "13812345678", "the contact phone in full");
    let (status, csv) = clerk.export("/api/v1/enterprises/export", "csv").await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(csv.starts_with('\u{FEFF}'));
    assert_eq!(csv.lines().count(), 4);
    let (status, _) = clerk.export("/api/v1/enterprises/export", "pdf").await;
    assert_eq!(status, 422);
    let exports = app.auditor().await.get("/api/v1/audit?action=export").await;
    assert_eq!(exports.body["total"], 2, "exports are audited");

    let out = temp_dir("export").join("enterprises.xlsx");
    let output = app.cli(
        &[
            "export",
            "enterprises",
            "--out",
            out.to_str().expect("path"),
        ],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let fresh = spawn_app().await;
    let back = fresh.cli(&["import", "enterprises", out.to_str().expect("path")], &[]);
    assert!(back.status.success(), "{}", stderr(&back));

    assert_eq!(
        cli_summary(&back),
        json!({ "rows": 3, "imported": 3, "updated": 0, "rejected": 0, "skipped": 0 }),
        "an export re-imports"
    );
    let fresh_admin = fresh.admin().await;
    let list = fresh_admin
        .get("/api/v1/enterprises?women_owned=true")
        .await;
    assert_eq!(list.body["total"], 2);

    let (status, template) = download(&admin, "/api/v1/enterprises/import/template").await;
    assert_eq!(status, 200);
    let rows = sheet_rows(&template);
    assert_eq!(rows[0][1], "统一社会信用代码");
    assert!(CreditCode::parse(&rows[1][1]).is_ok(), "{:?}", rows[1]);
}

#[tokio::test]
async fn the_demo_district_holds_the_spring_fair_of_the_work_report() {
    let app = spawn_app().await;
    jinguo::startup::load_demo(&app.app).await.expect("demo");
    let admin = app.admin().await;
    let fairs = admin
        .get(&format!(
            "/api/v1/events?kind=job_fair&q={}",
            crate::people::urlencode("春风送岗位")
        ))
        .await;
    assert_eq!(fairs.body["total"], 1, "{}", fairs.text);
    let fair = &fairs.body["items"][0];
    assert_eq!(fair["title"], "2026年春风送岗位招聘会");
    let id = fair["id"].as_i64().expect("id");
    let report = admin.get(&format!("/api/v1/events/{id}/report")).await;
    assert_eq!(report.status, 200, "{}", report.text);
    let r = &report.body;
    assert_eq!(r["visitors"], 1800);
    assert_eq!(r["agreements"], 438);
    assert_eq!(r["agreements_with_women"], 208);
    let women_visitors = r["women_visitors"].as_i64().expect("women");
    assert!(
        (1000..1400).contains(&women_visitors),
        "women are a realistic majority of visitors: {women_visitors}"
    );
    let by_enterprise = r["by_enterprise"].as_array().expect("by enterprise");
    assert_eq!(by_enterprise.len(), 25);
    let women_owned: Vec<&Value> = by_enterprise
        .iter()
        .filter(|e| e["women_owned"] == true)
        .collect();
    assert_eq!(women_owned.len(), 3);
    assert_eq!(
        women_owned
            .iter()
            .map(|e| e["agreements"].as_i64().expect("n"))
            .sum::<i64>(),
        78
    );

    // Built from records: every agreement's person checked in, its job is its enterprise's,
    // and its enterprise took part.
    let count = |text: &'static str| {
        let app = &app;
        async move {
            app.app
                .db
                .ex()
                .fetch_scalar::<i64>(jinguo_db::sql(text))
                .await
                .expect("count")
        }
    };
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM agreements a WHERE NOT EXISTS \
             (SELECT 1 FROM checkins c WHERE c.event_id = a.event_id AND c.person_id = a.person_id)"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM agreements a JOIN jobs j ON j.id = a.job_id \
             WHERE j.enterprise_id <> a.enterprise_id"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM agreements a WHERE NOT EXISTS (SELECT 1 FROM event_enterprises x \
             WHERE x.event_id = a.event_id AND x.enterprise_id = a.enterprise_id)"
        )
        .await,
        0
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT person_id) FROM agreements").await,
        438
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT phone_index) FROM checkins").await,
        1800
    );
    assert_eq!(count("SELECT COUNT(*) FROM enterprises").await, 60);
    assert_eq!(
        count("SELECT COUNT(*) FROM enterprises WHERE women_owned = TRUE AND entrepreneur_id IS NOT NULL").await,
        15
    );
    assert_eq!(count("SELECT COUNT(*) FROM seekers").await, 400);

    // The demo's postings pass the discrimination check.
    let jobs = admin.get("/api/v1/jobs?per_page=200").await;
    let total = jobs.body["total"].as_i64().expect("total");
    assert!((250..=350).contains(&total), "{total} open jobs");
    let rows = sql_rows(&app, "SELECT title, skills, requirements FROM jobs").await;
    for row in rows {
        let title: String = row.get("title").expect("title");
        let skills: String = row.get("skills").expect("skills");
        let requirements: Option<String> = row.get("requirements").expect("requirements");
        for text in [
            title.as_str(),
            skills.as_str(),
            requirements.as_deref().unwrap_or(""),
        ] {
            assert_eq!(
                jinguo_domain::employment::find_discrimination(text),
                None,
                "{text}"
            );
        }
    }

    // The district's casework is there too, so the case pages and home cards have something
    // to show; a second start changes nothing.
    let cases = jinguo::startup::DEMO_CASES as i64;
    assert_eq!(count("SELECT COUNT(*) FROM cases").await, cases);
    jinguo::startup::load_demo(&app.app)
        .await
        .expect("demo again");
    assert_eq!(count("SELECT COUNT(*) FROM enterprises").await, 60);
    assert_eq!(count("SELECT COUNT(*) FROM cases").await, cases);
}

#[tokio::test]
async fn gen_data_employment_fills_a_registry_once() {
    let app = spawn_app().await;
    let table = jinguo_app::synthetic::table(3_000, 2026, 2026);
    let origin = jinguo_app::Origin::cli();
    jinguo_app::people_import::import_people(
        &app.app,
        jinguo_app::import::Importer::Operator(&origin),
        &table,
        &Default::default(),
        &|_, _| {},
    )
    .await
    .expect("people");
    let output = app.cli(&["gen-data", "employment", "--seed", "7"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = cli_summary(&output);
    assert_eq!(
        (
            summary["enterprises"].as_i64(),
            summary["women_owned"].as_i64(),
            summary["visitors"].as_i64(),
            summary["agreements"].as_i64(),
            summary["agreements_with_women"].as_i64(),
            summary["women_owned_agreements"].as_i64()
        ),
        (
            Some(60),
            Some(15),
            Some(1800),
            Some(438),
            Some(208),
            Some(78)
        ),
        "{summary}"
    );
    let again = app.cli(&["gen-data", "employment"], &[]);
    assert_cli_failed(&again, "already has enterprises");
}

#[tokio::test]
async fn a_street_officer_imports_only_into_her_street() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let elsewhere = format!(
        "企业名称,统一社会信用代码,所属街道,所属社区\n泉州丰泽霞淮茶业有限公司,{},丰泽街道,霞淮社区\n",
        code("7F3T8U6")
    );
    let first = upload(&admin, &[], "a.csv", elsewhere.as_bytes()).await;
    assert_eq!(first.body["imported"], 1, "{}", first.text);
    let officer = app
        .user_with_password("donghu", "street", "350503001000", "St-reet#2026pass")
        .await;
    let text = format!(
        "企业名称,统一社会信用代码,所属街道,所属社区\n\
         泉州丰泽霞淮茶业有限公司,{},东湖街道,少林社区\n\
         泉州丰泽迎津鞋业有限公司,{},丰泽街道,迎津社区\n\
         泉州丰泽少林食品有限公司,{},东湖街道,少林社区\n",
        code("7F3T8U6"),
        code("8G4U9W7"),
        code("9H5W1X8")
    );
    let reply = upload(&officer, &[], "b.csv", text.as_bytes()).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        summary_of(&reply),
        json!({ "rows": 3, "imported": 1, "updated": 0, "rejected": 2, "skipped": 0 })
    );
    let codes: Vec<&str> = reply.body["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["code"].as_str().expect("code"))
        .collect();
    assert_eq!(
        codes,
        ["enterprise_registered_elsewhere", "unknown_street"],
        "{}",
        reply.text
    );
}

// ---- job postings ----

/// The postings sheet's own words for the columns.
const JOB_HEADER: &str = "序号|企业名称|统一社会信用代码|岗位名称|工种类别|招聘人数|学历要求|年龄要求|技能要求|薪资|所属社区|工作时间|女性友好条件|任职要求";

/// Postings as a street office collects them from the enterprises of `messy_register`: a title
/// row, Chinese headers, a blank row and a signature footer. Lines 4, 5 and 10 are good; 6
/// (限未婚) and 7 (男性优先) discriminate, 8 pays 6000 at least and 5000 at most, 9 names an
/// enterprise nobody registered.
pub(crate) fn postings_sheet() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "丰泽区东湖街道企业岗位需求汇总表（2026年春季）")
        .expect("title");
    for (col, head) in JOB_HEADER.split('|').enumerate() {
        sheet.write_string(2, col as u16, head).expect("header");
    }
    let rows = [
        format!(
            "1|泉州市丰泽区巾帼服饰有限公司|{}|缝纫工|制造/生产|10|初中|18～45岁|缝纫、锁边|4000-6000|少林社区|全职|弹性工作、提供培训|能熟练使用平缝机",
            code("2Y7K3L0")
        ),
        format!(
            "2||{}|茶叶销售员|零售/销售|若干|高中|45岁以下|茶艺|3000～5000元|东湖社区|兼职|就近|有茶艺证书",
            code("3B8N4P2")
        ),
        "3|泉州丰泽刺桐餐饮管理有限公司||服务员|餐饮|5|初中|18-35|点菜|3500-4500|少林社区|倒班||限未婚，形象好".to_owned(),
        "4|泉州丰泽刺桐餐饮管理有限公司||厨师|餐饮|2|不限|不限|烹饪|5000-8000|少林社区|全职||男性优先，有厨师证".to_owned(),
        "5|泉州市丰泽区巾帼服饰有限公司||质检员|制造/生产|1|高中|不限||6000-5000|少林社区|全职||".to_owned(),
        "6|泉州丰泽不存在科技有限公司||客服|文员/办公|3|大专|不限||4000-5000|少林社区|全职||".to_owned(),
        "7|泉州丰泽刺桐餐饮管理有限公司||收银员|文员/办公|1|大专|不限|收银|4000|少林社区|弹性|托育|".to_owned(),
    ];
    for (i, row) in rows.iter().enumerate() {
        for (col, cell) in row.split('|').enumerate() {
            sheet
                .write_string(3 + i as u32, col as u16, cell)
                .expect("cell");
        }
    }
    sheet.write_string(11, 0, "填表人：张三").expect("footer");
    sheet.write_string(11, 4, "审核人：李四").expect("footer");
    book.save_to_buffer().expect("xlsx")
}

pub(crate) async fn job_count(app: &TestApp) -> i64 {
    sql_count(app, "SELECT COUNT(*) FROM jobs").await
}

/// The enterprises the postings name, registered by importing `messy_register`.
pub(crate) async fn with_enterprises(admin: &Client) {
    let registered = upload(admin, &[], "企业花名册.xlsx", &messy_register()).await;
    assert_eq!(registered.body["imported"], 3, "{}", registered.text);
}

async fn upload_jobs(client: &Client, fields: &[(&str, &str)], bytes: &[u8]) -> Reply {
    let (ct, body) = multipart(fields, "岗位需求.xlsx", bytes);
    client.post_raw("/api/v1/jobs/import", &ct, body).await
}

#[tokio::test]
async fn a_postings_sheet_refuses_discriminatory_rows_and_commits_the_valid_jobs() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    with_enterprises(&admin).await;
    let sheet = postings_sheet();

    let dry = upload_jobs(&admin, &[("dry_run", "true")], &sheet).await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    assert_eq!(
        summary_of(&dry),
        json!({ "rows": 7, "imported": 3, "updated": 0, "rejected": 4, "skipped": 2 })
    );
    assert_eq!(dry.body["written"], false);
    assert_eq!(job_count(&app).await, 0, "a dry run writes nothing");
    let problems = problem_fields(&dry);
    let expected = [
        (6, "requirements", "discriminatory_requirement"),
        (7, "requirements", "discriminatory_requirement"),
        (8, "salary", "salary_min_above_max"),
        (9, "enterprise_name", "unknown_enterprise"),
    ];
    assert_eq!(
        problems,
        expected
            .iter()
            .map(|(l, f, c)| (*l, f.to_string(), c.to_string()))
            .collect::<Vec<_>>()
    );
    let message = |i: usize| dry.body["problems"][i]["message"].as_str().unwrap_or("");
    assert!(message(0).contains("未婚"), "{}", message(0));
    assert!(
        message(1).contains("男性优先") && message(1).contains("就业歧视"),
        "{}",
        message(1)
    );
    assert!(
        message(3).contains("泉州丰泽不存在科技有限公司"),
        "{}",
        message(3)
    );

    let rows = rejected_rows(&app, &admin, "/api/v1/jobs/import", &sheet).await;
    assert_eq!(rows[2][1], "岗位要求");
    assert!(
        rows[2][2].contains("男性优先") && rows[2][2].contains("就业歧视"),
        "{:?}",
        rows[2]
    );
    assert!(
        rows[2].iter().any(|c| c == "男性优先，有厨师证"),
        "{:?}",
        rows[2]
    );

    let real = upload_jobs(&admin, &[], &sheet).await;
    assert_eq!(real.status, 200, "{}", real.text);
    assert_eq!(real.body["written"], true);
    assert_eq!(real.body["imported"], 3);
    assert_eq!(job_count(&app).await, 3, "only the valid jobs are written");
    let tea = admin.get("/api/v1/jobs?q=茶叶销售员").await;
    let tea = &tea.body["items"][0];
    assert_eq!(
        tea["enterprise_name"], "泉州丰泽茗香茶业有限公司",
        "found by code"
    );
    assert_eq!(
        (
            tea["category"].as_str(),
            tea["positions"].as_i64(),
            tea["education"].as_str()
        ),
        (Some("retail"), Some(1), Some("senior_high"))
    );
    assert_eq!(
        (tea["age_min"].as_i64(), tea["age_max"].as_i64()),
        (None, Some(45))
    );
    assert_eq!(
        (tea["salary_min"].as_i64(), tea["salary_max"].as_i64()),
        (Some(3000), Some(5000))
    );
    assert_eq!(
        (tea["hours"].as_str(), tea["unit_code"].as_str()),
        (Some("part_time"), Some("350503001002"))
    );
    assert_eq!(tea["terms"], json!(["near_home"]));
    let sewing = admin.get("/api/v1/jobs?q=缝纫工").await;
    assert_eq!(
        sewing.body["items"][0]["terms"],
        json!(["flexible_hours", "training_provided"])
    );
    assert_eq!(
        (
            sewing.body["items"][0]["age_min"].as_i64(),
            sewing.body["items"][0]["age_max"].as_i64()
        ),
        (Some(18), Some(45))
    );
    let template = download(&admin, "/api/v1/jobs/import/template").await;
    assert_eq!(template.0, 200);
    assert!(sheet_rows(&template.1)[0].iter().any(|h| h == "岗位名称"));
}

#[tokio::test]
async fn the_jobs_cli_with_all_or_nothing_writes_nothing_over_one_bad_row() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    with_enterprises(&admin).await;
    let file = temp_dir("postings").join("postings.xlsx");
    std::fs::write(&file, postings_sheet()).expect("write");
    let report = file.with_file_name("rejected.xlsx");
    let output = app.cli(
        &[
            "import",
            "jobs",
            file.to_str().expect("path"),
            "--all-or-nothing",
            "--report",
            report.to_str().expect("path"),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let summary = cli_summary(&output);
    assert_eq!(
        summary,
        json!({ "rows": 7, "imported": 3, "updated": 0, "rejected": 4, "skipped": 2 })
    );
    assert!(stderr(&output).contains("line 7:"), "{}", stderr(&output));
    assert_eq!(job_count(&app).await, 0);
    let rows = sheet_rows(&std::fs::read(&report).expect("report"));
    assert!(rows[2][2].contains("就业歧视"), "{:?}", rows[2]);
}

#[tokio::test]
async fn a_posting_preferring_mothers_is_imported_with_a_warning() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    with_enterprises(&admin).await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, head) in JOB_HEADER.split('|').enumerate() {
        sheet.write_string(0, col as u16, head).expect("header");
    }
    let rows = [
        "1|泉州市丰泽区巾帼服饰有限公司||手工缝制|制造/生产|5|初中|不限|缝纫|3000-4000|少林社区|弹性||宝妈优先，可在家做",
        "2|泉州市丰泽区巾帼服饰有限公司||熨烫工|制造/生产|2|初中|不限||3000-4000|少林社区|全职||能吃苦",
    ];
    for (i, row) in rows.iter().enumerate() {
        for (col, cell) in row.split('|').enumerate() {
            sheet
                .write_string(1 + i as u32, col as u16, cell)
                .expect("cell");
        }
    }
    let bytes = book.save_to_buffer().expect("xlsx");
    let reply = upload_jobs(&admin, &[], &bytes).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["imported"], 2, "{}", reply.text);
    assert_eq!(reply.body["rejected"], 0);
    let warning = &reply.body["warnings"][0];
    assert_eq!(warning["line"], 2, "{}", reply.text);
    assert_eq!(warning["field"], "requirements");
    assert_eq!(warning["code"], "requirement_warning");
    assert!(warning["message"]
        .as_str()
        .unwrap_or("")
        .contains("宝妈优先"));
    assert_eq!(reply.body["warnings"].as_array().map(Vec::len), Some(1));
    assert_eq!(job_count(&app).await, 2);
}
