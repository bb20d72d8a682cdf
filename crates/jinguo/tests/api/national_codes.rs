//! 民族, 学历 (文化程度) and 婚姻状况 as choices from the national code lists (issue #12): taken
//! as a code or a name, stored as the code, shown as the name; anything else refused naming the
//! field (API, form) or the column (import).

use crate::common::*;
use serde_json::json;

fn person(name: &str, seq: &str) -> serde_json::Value {
    json!({ "name": name, "id_number": id_number("19900307", seq), "unit_code": SHAOLIN })
}

#[tokio::test]
async fn a_person_is_created_with_names_or_codes_and_stored_as_the_code() {
    let app = spawn_app().await;
    let federation = app.district_federation().await;
    let mut by_name = person("王芳", "002");
    by_name["ethnicity"] = json!("汉族");
    by_name["education"] = json!("本科");
    by_name["marital_status"] = json!("已婚");
    let created_by_name = created(federation.post("/api/v1/people", by_name).await);
    assert_eq!(created_by_name["ethnicity"], "01");
    assert_eq!(created_by_name["ethnicity_name"], "汉族");
    assert_eq!(created_by_name["education"], "20");
    assert_eq!(created_by_name["education_name"], "大学本科");
    assert_eq!(created_by_name["marital_status"], "20");
    assert_eq!(created_by_name["marital_status_name"], "已婚");

    let mut by_code = person("李丽", "024");
    by_code["ethnicity"] = json!("22");
    by_code["education"] = json!("30");
    by_code["marital_status"] = json!("40");
    let created_by_code = created(federation.post("/api/v1/people", by_code).await);
    let id = id_of(&created_by_code);
    let read = federation.get(&format!("/api/v1/people/{id}")).await;
    assert_eq!(read.body["ethnicity"], "22");
    assert_eq!(read.body["ethnicity_name"], "畲族");
    assert_eq!(read.body["education_name"], "大学专科");
    assert_eq!(read.body["marital_status_name"], "离婚");
    // Stored as the code.
    let stored = sql_count(&app, "SELECT COUNT(*) FROM people WHERE ethnicity = '22' AND education = '30' AND marital_status = '40'")
    .await;
    assert_eq!(stored, 1);
    // The person page shows the names.
    let page = federation.get(&format!("/people/{id}")).await;
    assert!(
        page.text.contains("畲族") && page.text.contains("大学专科") && page.text.contains("离婚")
    );
    // A change by name, and clearing a field.
    let changed = federation
        .patch(
            &format!("/api/v1/people/{id}"),
            json!({ "education": "大专", "marital_status": "" }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["education"], "30");
    assert_eq!(changed.body["marital_status"], json!(null));
}

#[tokio::test]
async fn a_value_outside_the_lists_is_refused_naming_its_field() {
    let app = spawn_app().await;
    let federation = app.district_federation().await;
    for (field, value, code) in [
        ("ethnicity", "火星族", "unknown_ethnicity"),
        ("education", "幼儿园", "unknown_education"),
        ("marital_status", "同居", "unknown_marital_status"),
    ] {
        let mut body = person("王芳", "002");
        body[field] = json!(value);
        let refused = federation.post("/api/v1/people", body).await;
        assert_eq!(refused.status, 422, "{field}: {}", refused.text);
        assert_eq!(refused.body["error"]["field"], field);
        assert_eq!(refused.body["error"]["code"], code);
    }
    let id = id_of(&created(
        federation
            .post("/api/v1/people", person("王芳", "002"))
            .await,
    ));
    let refused = federation
        .patch(
            &format!("/api/v1/people/{id}"),
            json!({ "ethnicity": "99" }),
        )
        .await;
    refused.assert_invalid_field("ethnicity");
    // The form shows the lists as selects.
    let form = federation.get(&format!("/people/{id}/edit")).await;
    form.assert_shows("<select id=\"ethnicity\"", "a select");
    assert!(form.text.contains("value=\"98\""));
}

#[tokio::test]
async fn a_value_stored_before_the_lists_keeps_showing_and_survives_other_changes() {
    let app = spawn_app().await;
    let federation = app.district_federation().await;
    let id = id_of(&created(
        federation
            .post("/api/v1/people", person("王芳", "002"))
            .await,
    ));
    raw_sql(
        &app,
        &format!(
            "UPDATE people SET ethnicity = '某族（待核）', education = '本科' WHERE id = {id}"
        ),
    )
    .await;
    let read = federation.get(&format!("/api/v1/people/{id}")).await;
    assert_eq!(read.body["ethnicity"], "某族（待核）");
    assert_eq!(read.body["ethnicity_name"], "某族（待核）");
    assert_eq!(
        read.body["education"], "20",
        "a name of the list reads as its code"
    );
    let page = federation.get(&format!("/people/{id}")).await;
    assert!(page.text.contains("某族（待核）"));
    // Another change keeps the old value; the edit form offers it as it was.
    let changed = federation
        .patch(
            &format!("/api/v1/people/{id}"),
            json!({ "phone": "13812345678" }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["ethnicity"], "某族（待核）");
    let form = federation.get(&format!("/people/{id}/edit")).await;
    assert!(form.text.contains("某族（待核）"));
}

#[tokio::test]
async fn an_imported_row_with_an_unknown_ethnicity_is_rejected_naming_the_column() {
    let app = spawn_app().await;
    let csv = format!(
        "姓名,公民身份号码,所属街道,所属社区,民族,文化程度,婚姻状况\n\
         王芳,{},东湖街道,少林社区,汉,大专,已婚\n\
         李丽,{},东湖街道,少林社区,火星族,本科,10\n",
        id_number("19900307", "002"),
        id_number("19850611", "024"),
    );
    let path = temp_dir("codes").join("roster.csv");
    std::fs::write(&path, csv).expect("write");
    let report = temp_dir("codes-report").join("rejected.xlsx");
    let run = app.cli(
        &[
            "import",
            "people",
            path.to_str().expect("path"),
            "--report",
            report.to_str().expect("path"),
        ],
        &[],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("line 3:"), "{}", stderr(&run));
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&report).expect("xlsx");
    let range = book.worksheet_range_at(0).expect("sheet").expect("range");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(jinguo_app::import::cell_text).collect())
        .collect();
    assert_eq!(rows.len(), 2, "a header and the rejected row: {rows:?}");
    assert_eq!(rows[1][0], "3");
    assert_eq!(rows[1][1], "民族", "the column is named: {:?}", rows[1]);
    assert!(rows[1][2].contains("火星族"), "{:?}", rows[1]);
    let admin = app.admin().await;
    let listed = admin.get("/api/v1/people").await;
    assert_eq!(listed.body["total"], 1);
    assert_eq!(listed.body["items"][0]["ethnicity"], "01");
    assert_eq!(listed.body["items"][0]["education"], "30");
    assert_eq!(listed.body["items"][0]["marital_status"], "20");
}
