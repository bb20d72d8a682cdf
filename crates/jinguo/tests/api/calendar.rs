//! The holiday table (issue #12, "working days know the holidays"): shipped with the current
//! year, counted by every deadline, kept and imported by the system administrator only.

use crate::common::*;
use jinguo_domain::CivilDate;
use serde_json::json;

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

fn days(reply: &Reply) -> Vec<(String, String, String)> {
    reply.body["days"]
        .as_array()
        .expect("days")
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap_or("").to_owned(),
                d["kind"].as_str().unwrap_or("").to_owned(),
                d["name"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn day(date: &str, kind: &str, name: &str) -> (String, String, String) {
    (date.to_owned(), kind.to_owned(), name.to_owned())
}

/// Moves the test clock to `hour` o'clock (China time) of a day after the start.
fn move_clock_to(app: &TestApp, date: &str, hour: i64) {
    let day = CivilDate::parse(date).expect("date");
    let target = day.days_since_epoch() * DAY_MS + (hour - 8) * HOUR_MS;
    assert!(target > START_MS, "the clock only moves forward");
    app.clock.advance_ms(target - app.app.now());
}

async fn import(client: &Client, fields: &[(&str, &str)], name: &str, bytes: &[u8]) -> Reply {
    let (content_type, body) = multipart(fields, name, bytes);
    client
        .post_raw("/api/v1/holidays/import", &content_type, body)
        .await
}

#[tokio::test]
async fn a_fresh_database_has_the_state_councils_2026_schedule() {
    let app = spawn_app().await;
    let federation = app.district_federation().await;
    let year = federation.get("/api/v1/holidays?year=2026").await;
    assert_eq!(year.status, 200, "{}", year.text);
    assert_eq!(year.body["year"], 2026);
    let days = days(&year);
    let off = days.iter().filter(|d| d.1 == "holiday").count();
    let worked: Vec<&str> = days
        .iter()
        .filter(|d| d.1 == "workday")
        .map(|d| d.0.as_str())
        .collect();
    assert_eq!(off, 33, "3 + 9 + 3 + 5 + 3 + 3 + 7 days off");
    assert_eq!(
        worked,
        [
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10"
        ]
    );
    assert!(days.contains(&day("2026-10-01", "holiday", "国庆节")));
    assert!(days.contains(&day("2026-02-15", "holiday", "春节")));
    // Without a year, this year's (the test clock is in 2026).
    let this_year = federation.get("/api/v1/holidays").await;
    assert_eq!(this_year.body["year"], 2026);
    let other = federation.get("/api/v1/holidays?year=2031").await;
    assert_eq!(other.body["days"], json!([]));
}

#[tokio::test]
async fn a_case_deadline_spanning_national_day_skips_the_week_off_and_counts_the_worked_saturday() {
    let app = spawn_app().await;
    app.add_user("fed", "federation", DISTRICT, "Fe-deration#2026")
        .await;
    // Wednesday 30 September 2026, ten in the morning.
    move_clock_to(&app, "2026-09-30", 10);
    let federation = app.login("fed", "Fe-deration#2026").await;
    let case = |category: &str| {
        json!({ "kind": "rights", "channel": "hotline_12338", "category": category,
                "unit_code": SHAOLIN, "narrative": "节前来电求助。" })
    };
    // Three working days for other matters: 8 and 9 October, and Saturday 10 October (调休上班)
    // — counting weekends only, it would have been 6 October, inside the holiday.
    let other = created(federation.post("/api/v1/cases", case("other")).await);
    assert_eq!(other["due_at"], "2026-10-11T00:00:00+08:00", "{other}");
    // One working day where safety is at stake: Thursday 8 October.
    let dv = created(
        federation
            .post("/api/v1/cases", case("domestic_violence"))
            .await,
    );
    assert_eq!(dv["due_at"], "2026-10-09T00:00:00+08:00", "{dv}");

    // A referral: ten working days, the tenth being Tuesday 20 October.
    let id = id_of(&other);
    let referred = federation
        .post(
            &format!("/api/v1/cases/{id}/referrals"),
            json!({ "department_code": "human_resources", "request": "请核查欠薪" }),
        )
        .await;
    assert!(referred.status < 300, "{}", referred.text);
    let case = federation.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(case.body["due_at"], "2026-10-21T00:00:00+08:00");

    // On Monday 19 October the referral is not overdue yet; on Wednesday 21 it is.
    move_clock_to(&app, "2026-10-19", 18);
    let federation = app.login("fed", "Fe-deration#2026").await;
    let late = federation.get("/api/v1/referrals/overdue").await;
    assert_eq!(late.body, json!([]), "{}", late.text);
    move_clock_to(&app, "2026-10-21", 9);
    let federation = app.login("fed", "Fe-deration#2026").await;
    let late = federation.get("/api/v1/referrals/overdue").await;
    assert_eq!(late.body.as_array().map(Vec::len), Some(1), "{}", late.text);
}

#[tokio::test]
async fn a_year_replaced_over_the_api_is_what_deadlines_count() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    // A year without holidays: deadlines count weekends only again.
    let emptied = admin
        .client_put("/api/v1/holidays/2026", json!({ "days": [] }))
        .await;
    assert_eq!(emptied.status, 200, "{}", emptied.text);
    let federation = app.district_federation().await;
    let listed = federation.get("/api/v1/holidays?year=2026").await;
    assert_eq!(listed.body["days"], json!([]));
    move_clock_to(&app, "2026-09-30", 10);
    let federation = app.login("district_fed", STAFF_PASSWORD).await;
    let body = json!({ "kind": "rights", "channel": "hotline_12338", "category": "other",
                       "unit_code": SHAOLIN, "narrative": "节前来电求助。" });
    let case = created(federation.post("/api/v1/cases", body).await);
    assert_eq!(case["due_at"], "2026-10-06T00:00:00+08:00");

    // A bad day is a 422 naming its field; the year is left as it was.
    let admin = app.admin().await;
    for (days, field, code) in [
        (
            json!([{ "date": "2026-02-30", "kind": "holiday" }]),
            "days[0].date",
            "invalid_date",
        ),
        (
            json!([{ "date": "2026-10-01", "kind": "holiday" }, { "date": "2026-10-02", "kind": "vacation" }]),
            "days[1].kind",
            "invalid_day_kind",
        ),
        (
            json!([{ "date": "2027-01-01", "kind": "holiday" }]),
            "days[0].date",
            "holiday_outside_year",
        ),
        (
            json!([{ "date": "2026-10-01", "kind": "holiday" }, { "date": "2026-10-01", "kind": "workday" }]),
            "days[1].date",
            "holiday_duplicate_date",
        ),
    ] {
        let refused = admin
            .client_put("/api/v1/holidays/2026", json!({ "days": days }))
            .await;
        refused.assert_invalid(field, code);
    }
    let put = admin
        .client_put(
            "/api/v1/holidays/2026",
            json!({ "days": [{ "date": "2026-10-01", "kind": "放假", "name": "国庆节" }] }),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text);
    assert_eq!(days(&put), [day("2026-10-01", "holiday", "国庆节")]);
}

#[tokio::test]
async fn an_import_is_checked_first_names_bad_rows_and_columns_and_then_replaces_the_year() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let good = "日期,类型,名称\n2027-01-01,放假,元旦\n2027-01-02,放假,元旦\n2027-01-03,放假,元旦\n\
                2027-02-20,调休上班,春节\n2026-10-01,holiday,国庆节\n";

    // The dry run counts and writes nothing.
    let checked = import(
        &admin,
        &[("dry_run", "true")],
        "holidays.csv",
        good.as_bytes(),
    )
    .await;
    assert_eq!(checked.status, 200, "{}", checked.text);
    assert_eq!(checked.body["written"], false);
    assert_eq!(
        checked.body["years"],
        json!([{ "year": 2026, "holidays": 1, "workdays": 0 },
               { "year": 2027, "holidays": 3, "workdays": 1 }])
    );
    let year_2027 = admin.get("/api/v1/holidays?year=2027").await;
    assert_eq!(year_2027.body["days"], json!([]));
    let year_2026 = admin.get("/api/v1/holidays?year=2026").await;
    assert_eq!(days(&year_2026).len(), 39, "2026 untouched by the check");

    // Bad rows: each named by its line and column, in Chinese; nothing written.
    let bad =
        "日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-30,放假,春节\n2027-02-06,休假中,春节\n\
               2027-01-01,放假,元旦\n";
    let refused = import(&admin, &[], "holidays.csv", bad.as_bytes()).await;
    refused.assert_error(422, "import_rejected");
    let problems = refused.body["error"]["problems"]
        .as_array()
        .expect("problems");
    let lines: Vec<(i64, &str, &str)> = problems
        .iter()
        .map(|p| {
            (
                p["line"].as_i64().unwrap_or(0),
                p["code"].as_str().unwrap_or(""),
                p["message"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0].0, 3);
    assert_eq!(lines[0].1, "holiday_bad_date");
    assert!(lines[0].2.contains("日期「2027-02-30」"), "{}", lines[0].2);
    assert_eq!(lines[1].0, 4);
    assert_eq!(lines[1].1, "holiday_bad_kind");
    assert!(lines[1].2.contains("类型「休假中」"), "{}", lines[1].2);
    assert_eq!(lines[2].0, 5);
    assert_eq!(lines[2].1, "holiday_duplicate_row");
    assert!(lines[2].2.contains("第 2 行"), "{}", lines[2].2);
    let year_2027 = admin.get("/api/v1/holidays?year=2027").await;
    assert_eq!(year_2027.body["days"], json!([]));

    // The commit replaces each year of the file, in one transaction.
    let written = import(&admin, &[], "holidays.csv", good.as_bytes()).await;
    assert_eq!(written.status, 200, "{}", written.text);
    assert_eq!(written.body["written"], true);
    let year_2027 = admin.get("/api/v1/holidays?year=2027").await;
    assert_eq!(
        days(&year_2027),
        [
            day("2027-01-01", "holiday", "元旦"),
            day("2027-01-02", "holiday", "元旦"),
            day("2027-01-03", "holiday", "元旦"),
            day("2027-02-20", "workday", "春节"),
        ]
    );
    let year_2026 = admin.get("/api/v1/holidays?year=2026").await;
    assert_eq!(days(&year_2026), [day("2026-10-01", "holiday", "国庆节")]);
}

#[tokio::test]
async fn an_xlsx_table_imports_with_its_date_cells_and_the_example_row_skipped() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (col, title) in ["日期", "类型", "名称"].iter().enumerate() {
        sheet.write_string(0, col as u16, *title).expect("header");
    }
    sheet
        .write_string(1, 0, "【示例】2026-10-01")
        .expect("example");
    sheet.write_string(1, 1, "放假").expect("example");
    let rows = [
        ((2028, 1, 1), "放假", "元旦"),
        ((2028, 1, 29), "调休上班", "春节"),
    ];
    for (i, ((y, m, d), kind, name)) in rows.iter().enumerate() {
        let row = i as u32 + 2;
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
        sheet
            .write_datetime_with_format(row, 0, &date, &date_format)
            .expect("date cell");
        sheet.write_string(row, 1, *kind).expect("kind");
        sheet.write_string(row, 2, *name).expect("name");
    }
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let written = import(&admin, &[], "节假日.xlsx", &bytes).await;
    assert_eq!(written.status, 200, "{}", written.text);
    let year = admin.get("/api/v1/holidays?year=2028").await;
    assert_eq!(
        days(&year),
        [
            day("2028-01-01", "holiday", "元旦"),
            day("2028-01-29", "workday", "春节"),
        ]
    );
}

#[tokio::test]
async fn only_the_system_administrator_keeps_the_holiday_table() {
    let app = spawn_app().await;
    let federation = app.district_federation().await;
    let street = app.user("street1", "street", EAST_LAKE_STREET).await;
    let security = app.security_admin().await;
    let body = json!({ "days": [] });
    for (who, client) in [
        ("federation", &federation),
        ("street", &street),
        ("security_admin", &security),
    ] {
        let put = client
            .client_put("/api/v1/holidays/2026", body.clone())
            .await;
        assert_eq!(put.status, 403, "{who}: {}", put.text);
        let csv = "日期,类型,名称\n2026-10-01,放假,国庆节\n";
        let imported = import(client, &[], "h.csv", csv.as_bytes()).await;
        assert_eq!(imported.status, 403, "{who}: {}", imported.text);
        let page = client.get("/admin/holidays").await;
        assert_eq!(page.status, 403, "{who}");
        assert!(
            !client.get("/").await.text.contains("/admin/holidays"),
            "{who}: no menu entry"
        );
        // Reading the table is every role's: deadlines are counted with it.
        assert_eq!(client.get("/api/v1/holidays").await.status, 200, "{who}");
    }
    let year = federation.get("/api/v1/holidays?year=2026").await;
    assert_eq!(days(&year).len(), 39, "nothing changed");
}

/// A holiday added on the holidays page's form.
async fn add_holiday(admin: &Client, csrf: &str, date: &str, name: &str) -> Reply {
    admin
        .post_form(
            "/admin/holidays/add",
            &[
                ("csrf", csrf),
                ("date", date),
                ("kind", "holiday"),
                ("name", name),
            ],
        )
        .await
}

#[tokio::test]
async fn the_administrator_keeps_the_table_on_its_page_and_each_change_is_audited() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let home = admin.get("/").await;
    home.assert_shows("/admin/holidays", "the admin's menu entry");
    let page = admin.get("/admin/holidays?year=2026").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("国庆节") && page.text.contains("调休上班"));
    assert!(page.text.contains("2026-10-10"));
    let csrf = admin.csrf.clone().expect("csrf");

    let added = add_holiday(&admin, &csrf, "2026-12-31", "测试").await;
    assert_eq!(added.status, 303, "{}", added.text);
    assert_eq!(added.headers["location"], "/admin/holidays?year=2026");
    let again = add_holiday(&admin, &csrf, "2026-12-31", "").await;
    assert_eq!(again.status, 422, "a day already in the table");
    assert!(again.text.contains("该日期已在节假日安排中"));
    let bad = add_holiday(&admin, &csrf, "2026-12-32", "").await;
    assert_eq!(bad.status, 422);
    bad.assert_shows("id=\"date-error\"", "the reason beside the date");

    let removed = admin
        .post_form("/admin/holidays/2026-12-31/remove", &[("csrf", &csrf)])
        .await;
    assert_eq!(removed.status, 303);
    let gone = admin
        .post_form("/admin/holidays/2026-12-31/remove", &[("csrf", &csrf)])
        .await;
    assert_eq!(gone.status, 404);

    // The import form: a check shows the counts, writes nothing.
    let csv = "日期,类型,名称\n2029-01-01,放假,元旦\n";
    let (content_type, body) = multipart(
        &[("csrf", &csrf), ("action", "check")],
        "h.csv",
        csv.as_bytes(),
    );
    let checked = admin
        .post_raw("/admin/holidays/import", &content_type, body)
        .await;
    assert_eq!(checked.status, 200, "{}", checked.text);
    assert!(checked.text.contains("id=\"import-checked\""));
    assert_eq!(
        admin.get("/api/v1/holidays?year=2029").await.body["days"],
        json!([])
    );
    let bad_csv = "日期,类型,名称\n2029-13-01,放假,元旦\n";
    let (content_type, body) = multipart(
        &[("csrf", &csrf), ("action", "import")],
        "h.csv",
        bad_csv.as_bytes(),
    );
    let refused = admin
        .post_raw("/admin/holidays/import", &content_type, body)
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.text.contains("第 2 行") && refused.text.contains("日期「2029-13-01」"));
    let (content_type, body) = multipart(
        &[("csrf", &csrf), ("action", "import")],
        "h.csv",
        csv.as_bytes(),
    );
    let imported = admin
        .post_raw("/admin/holidays/import", &content_type, body)
        .await;
    assert_eq!(imported.status, 303, "{}", imported.text);
    assert_eq!(
        days(&admin.get("/api/v1/holidays?year=2029").await),
        [day("2029-01-01", "holiday", "元旦")]
    );
    let template = admin.get_bytes("/admin/holidays/template").await;
    assert!(template.starts_with(b"PK"), "an xlsx");

    // Each change is in the audit log.
    let auditor = app.auditor().await;
    let log = auditor.get("/api/v1/audit?per_page=100").await;
    let events: Vec<(String, String)> = log.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or("").to_owned(),
                e["entity"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    for wanted in [
        ("create", "holiday"),
        ("delete", "holiday"),
        ("import", "holidays"),
    ] {
        assert!(
            events.contains(&(wanted.0.to_owned(), wanted.1.to_owned())),
            "{wanted:?} in {events:?}"
        );
    }
}
