//! Data at rest and masks (issue #10, points 2 and 6), written as the attacks that broke them:
//! rebuilding full ID numbers from what a page of 200 people shows, and grepping the database
//! file, its WAL and a backup for free text written through the API.

use crate::common::*;
use serde_json::{json, Value};

const DISTRICT: &str = "350503000000";
const EAST_LAKE_STREET: &str = "350503001000";
const SHAOLIN: &str = "350503001001";

fn id_of(v: &Value) -> i64 {
    v["id"].as_i64().expect("id")
}

async fn created(reply: Reply) -> Value {
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.body
}

/// A woman (even 17th digit) born on a day of the 1980s, with a phone.
fn woman(n: u32) -> (String, String) {
    let birth = format!("{}{:02}{:02}", 1980 + n % 10, 1 + n % 12, 1 + (n * 7) % 28);
    let seq = format!("{:02}{}", n % 100, 2 * (n % 5));
    let id = jinguo_domain::identity::with_check_char(&format!("350503{birth}{seq}"))
        .expect("17 digits");
    (id, format!("139{:08}", 10_000_000 + n * 7919))
}

/// Every full ID number consistent with what is shown: the mask's visible characters, the birth
/// year, the sex, and the GB 11643 check character.
fn id_candidates(mask: &str, birth_year: i64, sex: &str) -> usize {
    let mask: Vec<char> = mask.chars().collect();
    assert_eq!(mask.len(), 18, "an 18-character mask");
    let fits = |i: usize, c: char| mask[i] == '*' || mask[i] == c;
    let head: String = mask[..6].iter().collect();
    // The sequence digits the mask and the sex allow (the 17th digit is odd for men).
    let sequences: Vec<String> = (0..1000u32)
        .map(|n| format!("{n:03}"))
        .filter(|seq| {
            let odd = (seq.as_bytes()[2] - b'0') % 2 == 1;
            odd == (sex == "male") && seq.chars().enumerate().all(|(i, c)| fits(14 + i, c))
        })
        .collect();
    let mut count = 0;
    for month in 1..=12u32 {
        for day in 1..=31u32 {
            let digits = format!("{birth_year}{month:02}{day:02}");
            let real =
                jinguo_domain::CivilDate::parse(&format!("{birth_year}-{month:02}-{day:02}"))
                    .is_some();
            if !real || !digits.chars().enumerate().all(|(i, c)| fits(6 + i, c)) {
                continue;
            }
            for seq in &sequences {
                let full =
                    jinguo_domain::identity::with_check_char(&format!("{head}{digits}{seq}"))
                        .expect("17 digits");
                if fits(17, full.chars().last().expect("18")) {
                    count += 1;
                }
            }
        }
    }
    count
}

#[tokio::test]
async fn masks_leave_a_street_officer_at_least_1000_candidates_for_every_id_and_phone() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut truth = std::collections::HashMap::new();
    for n in 0..200 {
        let (id, phone) = woman(n);
        let body = json!({ "name": format!("林秀{}", ["英", "兰", "珍", "芳"][n as usize % 4]),
                           "id_number": id, "phone": phone, "unit_code": SHAOLIN });
        let person = created(admin.post("/api/v1/people", body).await).await;
        truth.insert(id_of(&person), (id, phone));
    }
    app.add_user("officer", "street", EAST_LAKE_STREET, "Street#2026pass")
        .await;
    let officer = app.login("officer", "Street#2026pass").await;
    let page = officer.get("/api/v1/people?per_page=200").await;
    assert_eq!(page.status, 200, "{}", page.text);
    let items = page.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 200);
    for item in items {
        let person_id = id_of(item);
        // Everything shown about her: the list row and her page.
        let detail = officer.get(&format!("/api/v1/people/{person_id}")).await;
        let mut shown = Vec::new();
        strings_of(item, &mut shown);
        strings_of(&detail.body, &mut shown);
        let shown = shown.join("|");
        let (id, phone) = &truth[&person_id];
        let mask = item["id_number_masked"].as_str().expect("mask");
        let candidates = id_candidates(
            mask,
            item["birth_year"].as_i64().expect("birth year"),
            item["sex"].as_str().expect("sex"),
        );
        assert!(
            candidates >= 1000,
            "{mask}: only {candidates} ID numbers fit"
        );
        let date = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
        assert!(
            !shown.contains(&id[6..14]) && !shown.contains(&date),
            "the birth date of {mask} is shown"
        );
        let phone_mask = item["phone_masked"].as_str().expect("phone mask");
        let hidden = phone_mask.chars().filter(|c| *c == '*').count();
        assert!(10usize.pow(hidden as u32) >= 1000, "{phone_mask}");
        // No other text shows digits around the hidden ones (a 7-digit run with one of them).
        for start in 0..=4 {
            let run = &phone[start..start + 7];
            assert!(
                !shown.contains(run),
                "{run} of {phone_mask} is shown elsewhere"
            );
        }
    }
}

/// The text values of a response (numbers are ids and counts, not what a page shows of her).
fn strings_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings_of(i, out)),
        Value::Object(map) => map.values().for_each(|i| strings_of(i, out)),
        _ => {}
    }
}

/// A distinct marker for each field, so a find names the field that leaked; names are
/// validated as names, so theirs is one.
fn sentinel(field: &str) -> String {
    match field {
        "checkin.name" => "欧阳哨兵签到".to_owned(),
        _ => format!("SNTL-{field}-Q7"),
    }
}

const FIELDS: &[&str] = &[
    "person.address",
    "person.notes",
    "case.narrative",
    "case.caller_name",
    "case.note",
    "case.outcome",
    "referral.request",
    "referral.answer",
    "briefing.summary",
    "briefing.suggestion",
    "briefing.item",
    "briefing.response",
    "visit.seen",
    "visit.difficulties",
    "seeker.note",
    "assistance.outcome",
    "mentorship.goal",
    "meeting.note",
    "outcome.note",
    "checkin.name",
];

async fn post(client: &Client, path: &str, body: Value) -> Value {
    let reply = client.post(path, body).await;
    assert!(
        reply.status == 200 || reply.status == 201,
        "{path}: {} {}",
        reply.status,
        reply.text
    );
    reply.body
}

/// Writes every sentinel through the API, and checks each reads back as written.
async fn write_sentinels(app: &TestApp) {
    app.add_user("fed", "federation", DISTRICT, "Fe-deration#2026")
        .await;
    let fed = app.login("fed", "Fe-deration#2026").await;
    let s = sentinel;
    let (id, phone) = woman(1);
    let person = post(
        &fed,
        "/api/v1/people",
        json!({ "name": "陈秀兰", "id_number": id, "phone": phone,
        "unit_code": SHAOLIN, "address": s("person.address"), "notes": s("person.notes") }),
    )
    .await;
    let (mentor_id, mentor_phone) = woman(2);
    let mentor = post(
        &fed,
        "/api/v1/people",
        json!({ "name": "黄淑珍", "id_number": mentor_id,
        "phone": mentor_phone, "unit_code": SHAOLIN }),
    )
    .await;
    let (pid, mid) = (id_of(&person), id_of(&mentor));

    let case = post(
        &fed,
        "/api/v1/cases",
        json!({ "kind": "rights", "channel": "walk_in",
        "category": "marriage_family", "unit_code": SHAOLIN, "narrative": s("case.narrative"),
        "caller_name": s("case.caller_name"), "person_ids": [pid] }),
    )
    .await;
    let cid = id_of(&case);
    let transition = |body: Value| {
        let fed = &fed;
        async move { post(fed, &format!("/api/v1/cases/{cid}/transition"), body).await }
    };
    transition(json!({ "to": "assigned", "handler": "fed" })).await;
    transition(json!({ "to": "in_progress", "note": s("case.note") })).await;
    let referral = post(
        &fed,
        &format!("/api/v1/cases/{cid}/referrals"),
        json!({ "department_code": "legal_aid", "request": s("referral.request") }),
    )
    .await;
    post(
        &fed,
        &format!("/api/v1/referrals/{}/answer", id_of(&referral)),
        json!({ "answer": s("referral.answer") }),
    )
    .await;
    transition(json!({ "to": "resolved", "outcome": s("case.outcome") })).await;

    let enterprise_case = post(
        &fed,
        "/api/v1/cases",
        json!({ "kind": "enterprise",
        "channel": "liaison_visit", "category": "infrastructure", "unit_code": EAST_LAKE_STREET,
        "narrative": "厂区道路破损", "enterprise_name": "泉州丰泽某纺织有限公司" }),
    )
    .await;
    let ecid = id_of(&enterprise_case);
    let briefing = post(
        &fed,
        "/api/v1/briefings",
        json!({ "case_ids": [ecid], "title": "关于女企业诉求的报告",
        "summary": s("briefing.summary"), "suggestion": s("briefing.suggestion"),
        "items": [{ "case_id": ecid, "body": s("briefing.item") }] }),
    )
    .await;
    let bid = id_of(&briefing);
    post(
        &fed,
        &format!("/api/v1/briefings/{bid}/response"),
        json!({ "sent_on": "2026-09-22",
        "response": s("briefing.response"), "response_on": "2026-09-25" }),
    )
    .await;
    let read = fed.get(&format!("/api/v1/briefings/{bid}")).await;
    for field in [
        "briefing.summary",
        "briefing.suggestion",
        "briefing.item",
        "briefing.response",
    ] {
        assert!(
            read.text.contains(&s(field)),
            "{field} reads back: {}",
            read.text
        );
    }

    let enterprise = post(
        &fed,
        "/api/v1/enterprises",
        json!({ "name": "泉州丰泽巾帼家政有限公司",
        "credit_code": jinguo_domain::employment::CreditCode::complete("91350503MA0000001")
            .expect("17 characters").as_str(),
        "women_owned": true, "unit_code": SHAOLIN }),
    )
    .await;
    let eid = id_of(&enterprise);
    post(
        &fed,
        &format!("/api/v1/enterprises/{eid}/visits"),
        json!({ "visited_on": "2026-09-01",
        "seen": s("visit.seen"), "difficulties": s("visit.difficulties") }),
    )
    .await;
    let read = fed.get(&format!("/api/v1/enterprises/{eid}")).await;
    for field in ["visit.seen", "visit.difficulties"] {
        assert!(
            read.text.contains(&s(field)),
            "{field} reads back: {}",
            read.text
        );
    }

    let seeker = post(
        &fed,
        "/api/v1/seekers",
        json!({ "person_id": pid, "categories": ["domestic_service"],
        "note": s("seeker.note") }),
    )
    .await;
    let read = fed
        .get(&format!("/api/v1/seekers/{}", id_of(&seeker)))
        .await;
    assert!(read.text.contains(&s("seeker.note")), "{}", read.text);

    post(
        &fed,
        "/api/v1/assistance",
        json!({ "person_id": pid, "kind": "skills", "provider": "职校",
        "started_on": "2026-09-02", "outcome": s("assistance.outcome") }),
    )
    .await;
    let read = fed.get("/api/v1/assistance").await;
    assert!(
        read.text.contains(&s("assistance.outcome")),
        "{}",
        read.text
    );
    let pairing = post(
        &fed,
        "/api/v1/mentorships",
        json!({ "mentor_id": mid, "mentee_id": pid,
        "started_on": "2026-09-05", "goal": s("mentorship.goal") }),
    )
    .await;
    post(
        &fed,
        &format!("/api/v1/mentorships/{}/meetings", id_of(&pairing)),
        json!({ "met_on": "2026-09-12", "note": s("meeting.note") }),
    )
    .await;
    let read = fed.get("/api/v1/mentorships").await;
    for field in ["mentorship.goal", "meeting.note"] {
        assert!(
            read.text.contains(&s(field)),
            "{field} reads back: {}",
            read.text
        );
    }
    post(
        &fed,
        "/api/v1/outcomes",
        json!({ "person_id": pid, "kind": "startup",
        "on_date": "2026-10-01", "note": s("outcome.note") }),
    )
    .await;

    let event = post(
        &fed,
        "/api/v1/events",
        json!({ "kind": "job_fair", "title": "巾帼招聘会",
        "date": "2026-12-20", "unit_code": SHAOLIN }),
    )
    .await;
    post(
        &fed,
        &format!("/api/v1/events/{}/checkins", id_of(&event)),
        json!({ "name": s("checkin.name"), "phone": "13700000026", "sex": "female" }),
    )
    .await;
}

#[tokio::test]
async fn no_free_text_is_found_in_the_database_file_its_wal_or_a_backup() {
    let app = spawn_app().await;
    write_sentinels(&app).await;
    if engine_is_postgres() {
        let dump = postgres_dump(&app).await;
        assert!(
            dump.contains("泉州丰泽巾帼家政有限公司"),
            "the dump sees plain columns"
        );
        for field in FIELDS {
            assert!(
                !dump.contains(&sentinel(field)),
                "{field} is stored in plain text"
            );
        }
        return;
    }
    let backup = temp_dir("at-rest").join("copy.db");
    let output = app.cli(&["backup", backup.to_str().expect("path")], &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let db = app.config.data_dir.join("jinguo.db");
    let mut live = std::fs::read(&db).expect("database file");
    if let Ok(wal) = std::fs::read(db.with_extension("db-wal")) {
        live.extend(wal);
    }
    let copy = std::fs::read(&backup).expect("backup");
    for (what, bytes) in [("the database and its WAL", live), ("the backup", copy)] {
        let found = |s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
        assert!(
            found("泉州丰泽巾帼家政有限公司"),
            "the scan of {what} sees plain columns"
        );
        for field in FIELDS {
            assert!(!found(&sentinel(field)), "{field} found in {what}");
        }
    }
}

/// Every row of every table of the test's schema as text.
async fn postgres_dump(app: &TestApp) -> String {
    let tables: Vec<String> = app
        .app
        .db
        .ex()
        .fetch_all(jinguo_db::sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
        ))
        .await
        .expect("tables")
        .iter()
        .map(|r| r.get_index(0).expect("name"))
        .collect();
    let mut dump = String::new();
    for table in tables {
        let text: Option<String> = app
            .app
            .db
            .ex()
            .fetch_scalar(jinguo_db::sql(format!(
                "SELECT string_agg(CAST(t AS TEXT), '|') FROM {table} t"
            )))
            .await
            .expect("dump");
        dump.push_str(&text.unwrap_or_default());
    }
    dump
}

#[tokio::test]
async fn a_sealed_text_moved_to_another_record_does_not_open() {
    let app = spawn_app().await;
    write_sentinels(&app).await;
    let fed = app.login("fed", "Fe-deration#2026").await;
    let list = fed.get("/api/v1/seekers").await;
    let seeker = id_of(&list.body["items"][0]);
    let (id, phone) = woman(3);
    let other = created(
        fed.post(
            "/api/v1/people",
            json!({ "name": "王丽华", "id_number": id,
        "phone": phone, "unit_code": SHAOLIN }),
        )
        .await,
    )
    .await;
    let second = created(
        fed.post(
            "/api/v1/seekers",
            json!({ "person_id": id_of(&other),
        "categories": ["retail"], "note": "想找离家近的工作" }),
        )
        .await,
    )
    .await;
    // Someone with write access to the database copies the first seeker's sealed note onto
    // the second seeker's row.
    app.app
        .db
        .ex()
        .execute(
            jinguo_db::sql(
                "UPDATE seekers SET note_cipher = (SELECT note_cipher FROM seekers WHERE id = $1) WHERE id = $2",
            )
            .bind(seeker)
            .bind(id_of(&second)),
        )
        .await
        .expect("copy");
    let read = fed
        .get(&format!("/api/v1/seekers/{}", id_of(&second)))
        .await;
    assert!(
        !read.text.contains(&sentinel("seeker.note")),
        "{}",
        read.text
    );
    assert_eq!(
        read.status, 500,
        "an unreadable value is an error, not another woman's note"
    );
}
