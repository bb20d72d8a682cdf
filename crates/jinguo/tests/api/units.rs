//! `units import`: another deployment's tree from CSV or XLSX; every bad line named, nothing
//! written unless all lines are good.

use crate::common::*;

async fn unit_count(app: &TestApp) -> i64 {
    sql_count(app, "SELECT COUNT(*) FROM units").await
}

#[tokio::test]
async fn a_valid_csv_extends_the_tree() {
    let app = spawn_app().await;
    let file = temp_dir("units").join("tree.csv");
    std::fs::write(&file, "代码,名称,上级代码\n350503001901,新华社区,350503001000\n350503001902,新城社区,350503001000\n")
        .expect("write");
    let output = app.cli(&["units", "import", file.to_str().expect("path")], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("imported 2 units"));
    let units = app.admin().await.get("/api/v1/units").await;
    let found = units
        .body
        .as_array()
        .expect("list")
        .iter()
        .find(|u| u["code"] == "350503001901")
        .cloned();
    assert_eq!(found.expect("imported")["level"], "community");
}

#[tokio::test]
async fn a_gbk_csv_with_a_title_row_imports() {
    let app = spawn_app().await;
    let file = temp_dir("units").join("gbk.csv");
    let (bytes, _, _) = encoding_rs::GBK
        .encode("泉州市区划表\ncode,name,parent_code\n350503002901,测试社区,350503002000\n");
    std::fs::write(&file, bytes).expect("write");
    let output = app.cli(&["units", "import", file.to_str().expect("path")], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[tokio::test]
async fn a_bad_file_writes_nothing_and_names_every_bad_line() {
    let app = spawn_app().await;
    let before = unit_count(&app).await;
    let file = temp_dir("units").join("bad.csv");
    std::fs::write(
        &file,
        "code,name,parent_code\n\
         350503001901,好社区,350503001000\n\
         350503001901,重复社区,350503001000\n\
         3505030019X2,坏代码,350503001000\n\
         350503099001,无上级,350503099000\n",
    )
    .expect("write");
    let output = app.cli(&["units", "import", file.to_str().expect("path")], &[]);
    assert!(!output.status.success());
    let err = stderr(&output);
    for expected in [
        "line 3: Duplicate code",
        "line 4: Malformed code",
        "line 5: Parent unit does not exist",
    ] {
        assert!(err.contains(expected), "{expected} in {err}");
    }
    assert_eq!(unit_count(&app).await, before, "nothing written");
}

#[tokio::test]
async fn an_xlsx_tree_imports() {
    let app = spawn_app().await;
    let file = temp_dir("units").join("tree.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "单位区划表").expect("title");
    for (col, head) in ["code", "name", "parent_code"].iter().enumerate() {
        sheet.write_string(1, col as u16, *head).expect("header");
    }
    sheet
        .write_number(2, 0, 350503003901.0)
        .expect("code as a number, as Excel keeps it");
    sheet.write_string(2, 1, "表格社区").expect("name");
    sheet.write_string(2, 2, "350503003000").expect("parent");
    book.save(&file).expect("save");
    let output = app.cli(&["units", "import", file.to_str().expect("path")], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let units = app.admin().await.get("/api/v1/units").await;
    assert!(units
        .body
        .as_array()
        .expect("list")
        .iter()
        .any(|u| u["code"] == "350503003901" && u["name"] == "表格社区"));
}

#[tokio::test]
async fn departments_have_stable_codes_and_localized_names() {
    let app = spawn_app().await;
    let mut admin = app.admin().await;
    let zh = admin.get("/api/v1/departments").await;
    let codes = strings(&zh.body, "code");
    for code in [
        "public_security",
        "court",
        "civil_affairs",
        "human_resources",
        "health",
        "education",
        "legal_aid",
        "trade_union",
    ] {
        assert!(codes.contains(&code), "{code}");
    }
    assert_eq!(zh.body[0]["name"], "公安分局");
    admin.lang = "en";
    assert_eq!(
        admin.get("/api/v1/departments").await.body[0]["name"],
        "Public Security Bureau"
    );
}
