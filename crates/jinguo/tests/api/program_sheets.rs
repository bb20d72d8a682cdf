//! The papers of roll work: the notice list per community with phones masked, or full for the
//! officer who calls (an audited read, refused to those who do not work the roll); the sign-off
//! sheet printed with its signature column and as a workbook; and the signed sheet's marks
//! imported back — a dry run naming rows and fields, then one transaction — from the workbook
//! the server wrote, filled in, and from CSV.

use crate::common::*;
use calamine::{Data, Reader};
use serde_json::{json, Value};

pub(crate) struct Roll {
    pub app: TestApp,
    pub fed: Client,
    pub cycle: i64,
    /// Two women of 少林, one of 东湖 (name, id).
    pub people: Vec<(&'static str, i64)>,
}

/// A district relief of women on 低保 (200 yuan each) with two women in 少林 and one in 东湖.
pub(crate) async fn relief_roll() -> Roll {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let mut people = Vec::new();
    for (name, seq, unit) in [
        ("王芳", "002", SHAOLIN),
        ("李秀英", "004", SHAOLIN),
        ("林静", "006", DONGHU),
    ] {
        let body = json!({ "name": name, "id_number": id_number("19800301", seq),
                           "phone": format!("1390000{seq:0>4}"), "unit_code": unit,
                           "tags": ["dibao"] });
        people.push((
            name,
            id_of(&created(fed.post("/api/v1/people", body).await)),
        ));
    }
    let program = id_of(&created(
        fed.post(
            "/api/v1/programs",
            json!({ "name": "春节慰问低保妇女", "kind": "relief", "unit_code": DISTRICT,
                    "rule": {"sex": "female", "tags_all": ["dibao"]} }),
        )
        .await,
    ));
    let cycle = id_of(&created(
        fed.post(
            &format!("/api/v1/programs/{program}/cycles"),
            json!({ "title": "2026 春节", "starts_on": "2026-01-20", "ends_on": "2026-02-10",
                    "benefit": {"kind": "cash", "amount_fen": 20000} }),
        )
        .await,
    ));
    Roll {
        app,
        fed,
        cycle,
        people,
    }
}

fn phones_of(list: &Value) -> Vec<String> {
    list["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| g["people"].as_array().expect("people").iter())
        .map(|p| p["phone"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn reveals(app: &TestApp) -> i64 {
    sql_count(app, "SELECT COUNT(*) FROM audit_events WHERE action = 'reveal' AND entity = 'program_roll_phones'")
    .await
}

#[tokio::test]
async fn the_notice_list_masks_phones_and_gives_them_whole_only_to_the_caller_audited() {
    let r = relief_roll().await;
    let path = format!("/api/v1/cycles/{}/notice-list", r.cycle);
    let masked = r.fed.get(&format!("{path}?unit_code={SHAOLIN}")).await;
    assert_eq!(masked.status, 200, "{}", masked.text);
    assert_eq!(masked.body["groups"].as_array().map(Vec::len), Some(1));
    assert_eq!(masked.body["groups"][0]["unit_code"], SHAOLIN);
    assert_eq!(phones_of(&masked.body), ["139****0002", "139****0004"]);
    assert_eq!(reveals(&r.app).await, 0);

    let full = r.fed.get(&format!("{path}?phones=full")).await;
    assert_eq!(full.status, 200, "{}", full.text);
    assert_eq!(
        phones_of(&full.body),
        ["13900000002", "13900000004", "13900000006"]
    );
    assert_eq!(full.body["groups"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        reveals(&r.app).await,
        1,
        "the full list's reading is audited"
    );

    // A chair of 少林 prints her community's part; leaders print nothing.
    let chair = r.app.user("shaolin_chair", "community", SHAOLIN).await;
    let hers = chair.get(&format!("{path}?phones=full")).await;
    assert_eq!(hers.status, 200, "{}", hers.text);
    assert_eq!(phones_of(&hers.body), ["13900000002", "13900000004"]);
    let outside = chair.get(&format!("{path}?unit_code={DONGHU}")).await;
    outside.assert_invalid_field("unit_code");
    let leader = r.app.user("chair", "leader", DISTRICT).await;
    assert_eq!(leader.get(&format!("{path}?phones=full")).await.status, 403);
    assert_eq!(leader.get(&path).await.status, 403);
    let bad = r.fed.get(&format!("{path}?phones=some")).await;
    bad.assert_invalid_field("phones");

    // The printed pages: masked by default, full with its note (audited again).
    let page = r
        .fed
        .get(&format!(
            "/cycles/{}/print/notice?unit_code={SHAOLIN}",
            r.cycle
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("139****0002") && !page.text.contains("13900000002"));
    let page = r
        .fed
        .get(&format!("/cycles/{}/print/notice?phones=full", r.cycle))
        .await;
    assert!(page.text.contains("13900000002") && page.text.contains("full-phones-note"));
    assert_eq!(reveals(&r.app).await, 3);
}

/// The cells of the first sheet of a workbook, as text.
pub(crate) fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_sign_off_sheet_has_a_signature_column_printed_and_as_a_workbook() {
    let r = relief_roll().await;
    let page = r
        .fed
        .get(&format!(
            "/cycles/{}/print/signoff?unit_code={SHAOLIN}",
            r.cycle
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("本人签名"));
    assert!(page.text.contains("现金 200.00 元/人"));
    assert_eq!(
        page.text.matches("<td class=\"signature\"></td>").count(),
        2
    );
    assert!(page.text.contains("王芳") && !page.text.contains("林静"));

    let bytes = r
        .fed
        .get_bytes(&format!(
            "/api/v1/cycles/{}/signoff.xlsx?unit_code={SHAOLIN}",
            r.cycle
        ))
        .await;
    let rows = cells(&bytes);
    let header = rows
        .iter()
        .position(|row| row.first().is_some_and(|c| c == "序号"))
        .expect("a header row");
    assert_eq!(
        rows[header],
        [
            "序号",
            "编号",
            "姓名",
            "身份证号",
            "社区",
            "发放内容",
            "状态",
            "本人签名",
            "签领日期",
            "备注"
        ]
    );
    let data: Vec<&Vec<String>> = rows[header + 1..]
        .iter()
        .filter(|row| row.get(1).is_some_and(|c| !c.is_empty()))
        .collect();
    assert_eq!(data.len(), 2);
    assert_eq!(data[0][2], "王芳");
    assert_eq!(data[0][1], r.people[0].1.to_string());
    assert_eq!(data[0][5], "现金 200.00 元/人");
    assert!(data.iter().all(|row| row[7].is_empty()), "signatures blank");
    let page_file = r
        .fed
        .get_bytes(&format!("/cycles/{}/signoff.xlsx", r.cycle))
        .await;
    assert_eq!(cells(&page_file).len(), rows.len() + 1, "all three people");
}

/// A workbook of `rows`, every cell text, as a spreadsheet program would save the sheet.
pub(crate) fn xlsx_of(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(r as u32, c as u16, value).expect("cell");
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

/// The server's sign-off workbook of the cycle, filled in by `fill` (name → (status, signature)).
async fn filled_sheet(r: &Roll, fill: &[(&str, &str, &str)]) -> Vec<u8> {
    let bytes = r
        .fed
        .get_bytes(&format!("/api/v1/cycles/{}/signoff.xlsx", r.cycle))
        .await;
    let mut rows = cells(&bytes);
    let header = rows
        .iter()
        .position(|row| row.first().is_some_and(|c| c == "序号"))
        .expect("header");
    let column = |name: &str| rows[header].iter().position(|c| c == name).expect("column");
    let (status, signature, name) = (column("状态"), column("本人签名"), column("姓名"));
    for row in rows.iter_mut().skip(header + 1) {
        if let Some((_, s, sig)) = fill
            .iter()
            .find(|(n, _, _)| row.get(name) == Some(&n.to_string()))
        {
            row[status] = s.to_string();
            row[signature] = sig.to_string();
        }
    }
    xlsx_of(&rows)
}

async fn import(r: &Roll, client: &Client, file: &str, bytes: &[u8], dry_run: bool) -> Reply {
    let dry = if dry_run { "true" } else { "false" };
    let (content_type, body) = multipart(&[("dry_run", dry)], file, bytes);
    client
        .post_raw(
            &format!("/api/v1/cycles/{}/marks/import", r.cycle),
            &content_type,
            body,
        )
        .await
}

async fn statuses(r: &Roll) -> Vec<(String, String)> {
    let roll = r.fed.get(&format!("/api/v1/cycles/{}/roll", r.cycle)).await;
    roll.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| {
            (
                e["name"].as_str().expect("name").to_owned(),
                e["status"].as_str().expect("status").to_owned(),
            )
        })
        .collect()
}

fn invited(r: &Roll) -> Vec<(String, String)> {
    r.people
        .iter()
        .map(|(n, _)| (n.to_string(), "invited".to_owned()))
        .collect()
}

#[tokio::test]
async fn the_signed_workbook_is_checked_first_then_imported_in_one_transaction() {
    let r = relief_roll().await;
    let signed = filled_sheet(
        &r,
        &[
            ("王芳", "", "王芳"),
            ("李秀英", "拒绝", ""),
            ("林静", "已联系", ""),
        ],
    )
    .await;
    let dry = import(&r, &r.fed, "签领表.xlsx", &signed, true).await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    assert_eq!(
        (
            &dry.body["rows"],
            &dry.body["imported"],
            &dry.body["updated"],
            &dry.body["rejected"],
            &dry.body["written"]
        ),
        (&json!(3), &json!(1), &json!(2), &json!(0), &json!(false)),
        "{}",
        dry.text
    );
    assert_eq!(statuses(&r).await, invited(&r), "a dry run writes nothing");

    let done = import(&r, &r.fed, "签领表.xlsx", &signed, false).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.body["written"], true, "{}", done.text);
    assert_eq!(
        statuses(&r).await,
        [
            ("王芳".to_owned(), "delivered".to_owned()),
            ("李秀英".to_owned(), "declined".to_owned()),
            ("林静".to_owned(), "reached".to_owned()),
        ]
    );
    // The delivery was made as any other: a second one is refused.
    let again = r
        .fed
        .post(
            &format!("/api/v1/cycles/{}/deliveries", r.cycle),
            json!({"person_id": r.people[0].1}),
        )
        .await;
    again.assert_error(409, "already_delivered");
    let paid: i64 = sql_count(
        &r.app,
        "SELECT COUNT(*) FROM program_deliveries WHERE amount_fen = 20000",
    )
    .await;
    assert_eq!(paid, 1);

    // The same sheet again changes nothing.
    let twice = import(&r, &r.fed, "签领表.xlsx", &signed, false).await;
    assert_eq!(twice.body["imported"], 0, "{}", twice.text);
    assert_eq!(twice.body["updated"], 0);
    assert_eq!(twice.body["skipped"].as_i64().map(|n| n >= 3), Some(true));
}

#[tokio::test]
async fn refused_rows_are_named_by_line_and_column_and_nothing_is_written() {
    let r = relief_roll().await;
    let header = ["编号", "姓名", "状态", "本人签名", "备注"];
    let row = |id: String, name: &str, status: &str, signature: &str| {
        vec![
            id,
            name.into(),
            status.into(),
            signature.into(),
            String::new(),
        ]
    };
    let (wang, li, lin) = (r.people[0].1, r.people[1].1, r.people[2].1);
    let rows = vec![
        vec!["春节慰问签领表".to_owned()],
        header.iter().map(|h| h.to_string()).collect(),
        row(wang.to_string(), "王芳", "", "王芳"),
        row(li.to_string(), "张三", "已联系", ""),
        row("999".into(), "", "已联系", ""),
        row(lin.to_string(), "林静", "拒绝", "林静"),
        row(wang.to_string(), "王芳", "已联系", ""),
        row(lin.to_string(), "", "也许", ""),
        vec![String::new(), "经办人：".into()],
    ];
    let reply = import(&r, &r.fed, "sheet.xlsx", &xlsx_of(&rows), false).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["written"], false);
    assert_eq!(reply.body["rejected"], 5, "{}", reply.text);
    let problems = problem_fields(&reply);
    assert_eq!(
        problems,
        [
            (4, "name".into(), "name_mismatch".into()),
            (5, "person_id".into(), "not_on_roll".into()),
            (6, "signature".into(), "signature_with_mark".into()),
            (7, "person_id".into(), "duplicate_person_in_file".into()),
            (8, "person_id".into(), "duplicate_person_in_file".into()),
        ]
    );
    assert!(reply.body["problems"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("张三")));
    assert_eq!(statuses(&r).await, invited(&r), "all or nothing");

    // A status nobody knows, named with its column.
    let rows = vec![
        header.iter().map(|h| h.to_string()).collect(),
        row(lin.to_string(), "", "也许", ""),
    ];
    let reply = import(&r, &r.fed, "sheet.xlsx", &xlsx_of(&rows), true).await;
    assert_eq!(
        reply.body["problems"][0]["field"], "status",
        "{}",
        reply.text
    );
    assert_eq!(reply.body["problems"][0]["code"], "invalid_choice");
    // No 编号 column: the file is refused, named.
    let reply = import(
        &r,
        &r.fed,
        "sheet.xlsx",
        &xlsx_of(&[vec!["姓名".into()]]),
        true,
    )
    .await;
    reply.assert_error(422, "missing_header");
}

#[tokio::test]
async fn a_csv_sheet_marks_and_a_mark_on_a_delivered_person_is_refused() {
    let r = relief_roll().await;
    let (wang, lin) = (r.people[0].1, r.people[2].1);
    let delivered = r
        .fed
        .post(
            &format!("/api/v1/cycles/{}/deliveries", r.cycle),
            json!({"person_id": wang}),
        )
        .await;
    assert_eq!(delivered.status, 201);
    let csv = format!("编号,姓名,状态,本人签名\n{lin},林静,联系不上,\n{wang},王芳,已联系,\n");
    let reply = import(&r, &r.fed, "marks.csv", csv.as_bytes(), false).await;
    assert_eq!(reply.body["written"], false, "{}", reply.text);
    assert_eq!(reply.body["problems"][0]["line"], 3);
    assert_eq!(reply.body["problems"][0]["code"], "already_delivered");
    let csv = format!("编号,姓名,状态,本人签名\n{lin},林静,联系不上,\n");
    let reply = import(&r, &r.fed, "marks.csv", csv.as_bytes(), false).await;
    assert_eq!(reply.body["written"], true, "{}", reply.text);
    assert_eq!(reply.body["updated"], 1);
    assert!(statuses(&r)
        .await
        .contains(&("林静".to_owned(), "unreachable".to_owned())));

    // A community chair's sheet reaches her community's people only.
    let chair = r.app.user("shaolin_chair", "community", SHAOLIN).await;
    let csv = format!("编号,状态\n{lin},已联系\n");
    let reply = import(&r, &chair, "marks.csv", csv.as_bytes(), true).await;
    assert_eq!(
        reply.body["problems"][0]["code"], "not_on_roll",
        "{}",
        reply.text
    );
    let leader = r.app.user("chair", "leader", DISTRICT).await;
    let reply = import(&r, &leader, "marks.csv", csv.as_bytes(), true).await;
    assert_eq!(reply.status, 403);
}

#[tokio::test]
async fn the_cycle_page_checks_a_signed_sheet_and_imports_it_once_confirmed() {
    let r = relief_roll().await;
    let csrf = r.fed.csrf.clone().expect("csrf");
    let signed = filled_sheet(&r, &[("王芳", "", "王芳"), ("林静", "已迁出", "")]).await;
    let (content_type, body) = multipart(&[("csrf", &csrf)], "签领表.xlsx", &signed);
    let checked = r
        .fed
        .post_raw(
            &format!("/cycles/{}/marks/import", r.cycle),
            &content_type,
            body,
        )
        .await;
    assert_eq!(checked.status, 200, "{}", checked.text);
    checked.assert_contains("id=\"count-imported\">1<");
    assert_eq!(statuses(&r).await, invited(&r), "checked, not written");
    let action = checked
        .text
        .split("action=\"")
        .find_map(|rest| {
            rest.split('"')
                .next()
                .filter(|a| a.contains("/marks/import/"))
        })
        .expect("the confirm form")
        .to_owned();
    let done = r.fed.post_form(&action, &[("csrf", &csrf)]).await;
    assert_eq!(done.status, 303, "{}", done.text);
    let statuses = statuses(&r).await;
    assert!(statuses.contains(&("王芳".to_owned(), "delivered".to_owned())));
    assert!(statuses.contains(&("林静".to_owned(), "moved".to_owned())));
    // The held file is gone once imported.
    let again = r.fed.post_form(&action, &[("csrf", &csrf)]).await;
    assert_eq!(again.status, 422, "{}", again.text);
    assert!(again.text.contains("id=\"marks-import-error\""));

    // A sheet with a problem is shown with its rows and no confirmation.
    let bad = format!("编号,姓名,状态\n{},张三,已联系\n", r.people[1].1);
    let (content_type, body) = multipart(&[("csrf", &csrf)], "bad.csv", bad.as_bytes());
    let refused = r
        .fed
        .post_raw(
            &format!("/cycles/{}/marks/import", r.cycle),
            &content_type,
            body,
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("id=\"import-problems\""));
    assert!(!refused.text.contains("id=\"import-confirm\""));
}
