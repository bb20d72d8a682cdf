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
    sql_count(
        app,
        jinguo_db::sql(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'reveal' AND entity = 'program_roll_phones'",
        ),
    )
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
    assert_eq!(outside.status, 422);
    assert_eq!(outside.body["error"]["field"], "unit_code");
    let leader = r.app.user("chair", "leader", DISTRICT).await;
    assert_eq!(leader.get(&format!("{path}?phones=full")).await.status, 403);
    assert_eq!(leader.get(&path).await.status, 403);
    let bad = r.fed.get(&format!("{path}?phones=some")).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["error"]["field"], "phones");

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
