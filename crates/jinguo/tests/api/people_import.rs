//! `import people` as street offices send rosters, `export people`, `gen-data people`.

use crate::common::*;
use crate::people::id_number;

fn write(name: &str, content: &str) -> std::path::PathBuf {
    let path = temp_dir("roster").join(name);
    std::fs::write(&path, content).expect("write");
    path
}

async fn people_count(app: &TestApp) -> i64 {
    sql_count(app, "SELECT COUNT(*) FROM people WHERE deleted_at IS NULL").await
}

/// A roster as a street office sends it: a title row, a header with aliases, a blank row, a
/// footer with signatures, and every kind of bad row.
fn messy_roster() -> (String, Vec<&'static str>) {
    let ok1 = id_number("350503", "19900307", "002");
    let ok2 = id_number("350503", "19850611", "024");
    let mut bad_check = id_number("350503", "19700101", "008");
    bad_check.replace_range(17.., if bad_check.ends_with('1') { "2" } else { "1" });
    let man = id_number("350503", "19750505", "013");
    let csv = format!(
        "丰泽区东湖街道失业妇女花名册,,,,,,\n\
         序号,姓名,公民身份号码,手机号码,所属街道,所属社区,人员类别\n\
         1,王芳,{ok1},13812345678,东湖街道,少林社区,失业、低保\n\
         2,李 丽,{ok2},,东湖,东湖社区居委会,返乡\n\
         ,,,,,,\n\
         3,张敏,{bad_check},,东湖街道,少林社区,\n\
         4,陈红,350503199002300017,,东湖街道,少林社区,\n\
         5,刘静,3.50503E+17,,东湖街道,少林社区,\n\
         6,赵强,{man},,东湖街道,少林社区,\n\
         7,孙燕,{ok1},,东湖街道,少林社区,\n\
         8,周梅,{},,东湖街道,不存在社区,\n\
         9,吴霞,{},1234,东湖街道,少林社区,\n\
         10,,{},,东湖街道,少林社区,\n\
         填表人：张三,,审核人：李四,,,,\n",
        id_number("350503", "19880808", "028"),
        id_number("350503", "19890909", "042"),
        id_number("350503", "19910101", "044"),
    );
    let reasons = vec![
        "id_number_bad_check_character",
        "id_number_impossible_birth_date",
        "id_number_excel_mangled",
        "sex_conflicts_with_id",
        "duplicate_in_file",
        "unknown_community",
        "phone_invalid",
        "name_missing",
    ];
    // 赵强 is a man: no sex column, so he imports (sex is derived); the sex conflict is checked
    // in the xlsx test, which has a 性别 column.
    (csv, reasons)
}

#[tokio::test]
async fn an_operator_with_a_chinese_locale_reads_the_import_report_in_chinese() {
    let app = spawn_app().await;
    let (csv, _) = messy_roster();
    let file = write("roster.csv", &csv);
    let path = file.to_str().expect("path");
    let dry = app.cli(
        &["import", "people", path, "--dry-run"],
        &[("LANG", "zh_CN.UTF-8")],
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    let err = stderr(&dry);
    assert!(err.contains("第 6 行："), "{err}");
    assert!(err.contains("被 Excel 转成了数字"), "{err}");
    assert!(
        !err.contains("line ") && !err.contains("check character"),
        "nothing in English: {err}"
    );
    assert_eq!(
        cli_summary(&dry)["rejected"],
        7,
        "the summary line is the same"
    );
}

#[tokio::test]
async fn a_messy_csv_roster_reports_every_rejected_row_and_commits_the_rest() {
    let app = spawn_app().await;
    let (csv, _) = messy_roster();
    let file = write("roster.csv", &csv);
    let path = file.to_str().expect("path");
    let dry = app.import_people(path, &["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let s = cli_summary(&dry);
    assert_eq!(
        s,
        serde_json::json!({ "rows": 10, "imported": 3, "updated": 0, "rejected": 7, "skipped": 2 })
    );
    assert_eq!(people_count(&app).await, 0, "a dry run writes nothing");
    let err = stderr(&dry);
    for line in [
        "line 6:", "line 7:", "line 8:", "line 10:", "line 11:", "line 12:", "line 13:",
    ] {
        assert!(err.contains(line), "{line} named in {err}");
    }
    assert!(
        err.contains("check character") && err.contains("format the column as text"),
        "{err}"
    );
    let report = temp_dir("report").join("rejected.xlsx");
    let real = app.cli(
        &[
            "import",
            "people",
            path,
            "--report",
            report.to_str().expect("path"),
        ],
        &[],
    );
    assert!(real.status.success(), "{}", stderr(&real));
    assert_eq!(cli_summary(&real)["imported"], 3);
    assert_eq!(people_count(&app).await, 3);
    let rows = read_xlsx(&report);
    assert_eq!(rows.len(), 8, "a header and the 7 rejected rows");
    assert_eq!(rows[1][0], "6");
    assert!(rows[1][2].contains("校验位"), "{:?}", rows[1]);
    let again = app.import_people(path, &[]);
    assert_eq!(cli_summary(&again)["updated"], 3, "known ID numbers update");
    assert_eq!(people_count(&app).await, 3);
    let admin = app.admin().await;
    let li = admin
        .get(&format!(
            "/api/v1/people?q={}",
            crate::people::urlencode("李丽")
        ))
        .await;
    assert_eq!(
        li.body["items"][0]["unit_code"], "350503001002",
        "东湖社区居委会 within 东湖 street"
    );
    assert_eq!(
        li.body["items"][0]["tags"],
        serde_json::json!(["returning"])
    );
}

fn read_xlsx(path: &std::path::Path) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).expect("xlsx");
    let range = book.worksheet_range_at(0).expect("sheet").expect("range");
    range
        .rows()
        .map(|r| r.iter().map(jinguo_app::import::cell_text).collect())
        .collect()
}

#[tokio::test]
async fn all_or_nothing_writes_nothing_and_exits_3_when_a_row_is_rejected() {
    let app = spawn_app().await;
    let (csv, _) = messy_roster();
    let file = write("roster.csv", &csv);
    let output = app.import_people(&file, &["--all-or-nothing"]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(cli_summary(&output)["rejected"], 7);
    assert_eq!(people_count(&app).await, 0);
}

#[tokio::test]
async fn a_gbk_csv_imports() {
    let app = spawn_app().await;
    let text = format!(
        "姓名,身份证号,联系电话,街道,社区,类别\n黄丽,{},13500000001,丰泽街道,,下岗\n",
        id_number("350503", "19700102", "064")
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let file = temp_dir("gbk").join("gbk.csv");
    std::fs::write(&file, gbk).expect("write");
    let output = app.import_people(&file, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(cli_summary(&output)["imported"], 1);
    let admin = app.admin().await;
    let found = admin.get("/api/v1/people?q=huangli").await;
    assert_eq!(
        found.body["items"][0]["unit_code"], "350503002000",
        "a street with no community"
    );
}

#[tokio::test]
async fn an_xlsx_roster_with_a_sex_column_and_a_default_unit_imports() {
    let app = spawn_app().await;
    let file = temp_dir("xlsx").join("roster.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "2026年丰泽区贫困母亲名单")
        .expect("title");
    for (col, head) in ["姓名", "身份证号码", "性别", "电话"].iter().enumerate() {
        sheet.write_string(2, col as u16, *head).expect("header");
    }
    let rows = [
        ("林美", id_number("350503", "19660606", "062"), "女"),
        ("郑伟", id_number("350503", "19670707", "061"), "女"),
    ];
    for (i, (name, id, sex)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_string(r, 0, *name).expect("name");
        sheet.write_string(r, 1, id).expect("id");
        sheet.write_string(r, 2, *sex).expect("sex");
    }
    // An ID typed as a number: Excel keeps 15 significant digits.
    sheet.write_string(5, 0, "何秀").expect("name");
    sheet
        .write_number(5, 1, 350503196808080000.0)
        .expect("number");
    book.save(&file).expect("save");
    let output = app.import_people(&file, &["--unit", "350503003001"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let s = cli_summary(&output);
    assert_eq!(
        (
            s["rows"].as_i64(),
            s["imported"].as_i64(),
            s["rejected"].as_i64()
        ),
        (Some(3), Some(1), Some(2))
    );
    let err = stderr(&output);
    assert!(
        err.contains("line 5") && err.contains("does not match"),
        "sex conflict named: {err}"
    );
    assert!(
        err.contains("line 6") && err.contains("Excel turned the ID number into a number"),
        "a number cell is named as Excel's doing, not a wrong check digit: {err}"
    );
}

#[tokio::test]
async fn export_writes_full_values_in_the_import_format_and_is_audited() {
    let app = spawn_app().await;
    let (csv, _) = messy_roster();
    let file = write("roster.csv", &csv);
    app.import_people(&file, &[]);
    let out = temp_dir("export").join("people.csv");
    let output = app.cli(
        &["export", "people", "--out", out.to_str().expect("path")],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&out).expect("csv");
    assert!(text.starts_with('\u{FEFF}'));
    assert!(text.contains(&id_number("350503", "19900307", "002")) && text.contains("13812345678"));
    assert_eq!(text.lines().count(), 4);
    let xlsx = temp_dir("export").join("people.xlsx");
    let output = app.cli(
        &[
            "export",
            "people",
            "--out",
            xlsx.to_str().expect("path"),
            "--unit",
            "350503001001",
        ],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let rows = read_xlsx(&xlsx);
    assert_eq!(rows.len(), 3, "header + the two people of 少林社区");
    let fresh = spawn_app().await;
    let back = fresh.import_people(&out, &[]);
    assert_eq!(cli_summary(&back)["imported"], 3, "an export re-imports");
    let audit = app.auditor().await.get("/api/v1/audit?action=export").await;
    assert_eq!(audit.body["total"], 2);
}

#[tokio::test]
async fn the_api_export_streams_the_filtered_list() {
    let app = spawn_app().await;
    let (csv, _) = messy_roster();
    app.cli(
        &[
            "import",
            "people",
            write("r.csv", &csv).to_str().expect("path"),
        ],
        &[],
    );
    // Exports of full numbers are for federation and street officers (#10.3).
    let admin = app
        .user_with_password("clerk", "federation", "350503000000", "Federation#2026")
        .await;
    let (status, csv) = admin
        .export("/api/v1/people/export?q=wangfang", "csv")
        .await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).expect("utf-8");
    assert_eq!(csv.lines().count(), 2, "{csv}");
    let (status, _) = admin.export("/api/v1/people/export", "xlsx").await;
    assert_eq!(status, 200);
    let (status, _) = admin.export("/api/v1/people/export", "pdf").await;
    assert_eq!(status, 422);
    let template = admin.get("/api/v1/people/import/template").await;
    assert_eq!(template.status, 200);
}

#[tokio::test]
async fn gen_data_is_deterministic_and_imports_cleanly() {
    let app = spawn_app().await;
    let dir = temp_dir("gen");
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    for path in [&a, &b] {
        let output = app.cli(
            &[
                "gen-data",
                "people",
                "--count",
                "300",
                "--out",
                path.to_str().expect("path"),
                "--seed",
                "9",
            ],
            &[],
        );
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert_eq!(std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    let output = app.import_people(&a, &[]);
    assert_eq!(
        cli_summary(&output),
        serde_json::json!({ "rows": 300, "imported": 300, "updated": 0, "rejected": 0, "skipped": 0 })
    );
}

#[tokio::test]
async fn a_community_of_another_street_is_named_with_its_street() {
    let app = spawn_app().await;
    let units = app.admin().await.get("/api/v1/units").await;
    let items = units.body["items"]
        .as_array()
        .or(units.body.as_array())
        .expect("units")
        .clone();
    let elsewhere = items
        .iter()
        .find(|u| u["level"] == "community" && u["parent_code"] == OTHER_STREET)
        .expect("a community of another street");
    let name = elsewhere["name"].as_str().expect("name");
    let csv = format!(
        "姓名,公民身份号码,所属街道,所属社区\n王芳,{},东湖街道,{name}\n",
        id_number("350503", "19900307", "002")
    );
    let file = write("other-street.csv", &csv);
    let dry = app.import_people(&file, &["--dry-run"]);
    let err = stderr(&dry);
    assert_eq!(cli_summary(&dry)["rejected"], 1, "{err}");
    assert!(
        err.contains("lies in another street") && err.contains(name),
        "the row says the community is in another street: {err}"
    );
}

#[tokio::test]
async fn a_template_sent_back_with_its_example_row_imports_nothing_and_rejects_nothing() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    for path in [
        "/people/import/template",
        "/enterprises/import/template",
        "/jobs/import/template",
    ] {
        let bytes = fed.get_bytes(path).await;
        let file = temp_dir("template").join("template.xlsx");
        std::fs::write(&file, bytes).expect("write");
        let kind = path.split('/').nth(1).expect("kind");
        let dry = app.cli(
            &["import", kind, file.to_str().expect("path"), "--dry-run"],
            &[],
        );
        let s = cli_summary(&dry);
        assert_eq!(
            (
                s["rows"].as_i64(),
                s["rejected"].as_i64(),
                s["skipped"].as_i64()
            ),
            (Some(0), Some(0), Some(1)),
            "{path}: the 【示例】 row is skipped: {}",
            stderr(&dry)
        );
    }
}
