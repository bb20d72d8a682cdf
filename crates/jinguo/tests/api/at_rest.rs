//! Data at rest and masks (issue #10, points 2 and 6), written as the attacks that broke them:
//! rebuilding full ID numbers from what a page of 200 people shows, and grepping the database
//! file, its WAL and a backup for free text written through the API.

use crate::common::*;
use serde_json::{json, Value};

/// A woman (even 17th digit) born on a day of the 1980s, with a phone.
fn woman(n: u32) -> (String, String) {
    let birth = format!("{}{:02}{:02}", 1980 + n % 10, 1 + n % 12, 1 + (n * 7) % 28);
    let seq = format!("{:02}{}", n % 100, 2 * (n % 5));
    let id = jinguo_domain::identity::with_check_char(&format!("350503{birth}{seq}"))
        .expect("17 digits");
    (id, format!("139{:08}", 10_000_000 + n * 7919))
}

/// The birth date of `woman(n)` as `YYYY-MM-DD` and as `YYYYMMDD` (how it sits in her ID number).
fn birth_of_woman(n: u32) -> [String; 2] {
    let (id, _) = woman(n);
    [
        format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]),
        id[6..14].to_owned(),
    ]
}

/// The people `write_sentinels` registers.
const SENTINEL_WOMEN: [u32; 2] = [1, 2];

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
        let person = created(admin.post("/api/v1/people", body).await);
        truth.insert(id_of(&person), (id, phone));
    }
    let officer = app
        .user_with_password("officer", "street", EAST_LAKE_STREET, "Street#2026pass")
        .await;
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
    "enrollment.reason",
    "follow_up.note",
    "model_woman.story",
    "delivery.note",
    "result.referral",
    "result.diagnosis",
    "screening_follow_up.outcome",
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
    let fed = app
        .user_with_password("fed", "federation", DISTRICT, "Fe-deration#2026")
        .await;
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
    read.assert_contains(&s("seeker.note"));

    post(
        &fed,
        "/api/v1/assistance",
        json!({ "person_id": pid, "kind": "skills", "provider": "职校",
        "started_on": "2026-09-02", "outcome": s("assistance.outcome") }),
    )
    .await;
    let read = fed.get("/api/v1/assistance").await;
    read.assert_contains(&s("assistance.outcome"));
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
    post(
        &fed,
        "/api/v1/model-women",
        json!({ "person_id": pid, "headline": "返乡创业", "story": s("model_woman.story") }),
    )
    .await;

    // Training: she is in none of the course's target groups (a reason), completes it, and is
    // called six months on (the call's note).
    let course = post(
        &fed,
        "/api/v1/courses",
        json!({ "title": "巾帼创业培训", "tier": "entrepreneurship",
        "unit_code": DISTRICT, "target_tags": ["graduate"] }),
    )
    .await;
    let course_id = id_of(&course);
    let today = jinguo_domain::CivilDate::from_epoch_ms_china(app.app.now());
    let session = post(
        &fed,
        &format!("/api/v1/courses/{course_id}/sessions"),
        json!({ "date": today.to_string(), "place": "区妇女儿童活动中心" }),
    )
    .await;
    let enrollment = post(
        &fed,
        &format!("/api/v1/courses/{course_id}/enrollments"),
        json!({ "person_id": pid, "reason": s("enrollment.reason") }),
    )
    .await;
    post(
        &fed,
        &format!("/api/v1/sessions/{}/attendance", id_of(&session)),
        json!({ "person_id": pid }),
    )
    .await;
    post(
        &fed,
        &format!("/api/v1/courses/{course_id}/finish"),
        json!({}),
    )
    .await;
    post(
        &fed,
        &format!("/api/v1/enrollments/{}/follow-up", id_of(&enrollment)),
        json!({ "result": "not_employed", "note": s("follow_up.note") }),
    )
    .await;
    let read = fed
        .get(&format!("/api/v1/courses/{course_id}/enrollments"))
        .await;
    read.assert_contains(&s("enrollment.reason"));

    // A screening: her delivery's note, her abnormal result and its follow-up's outcome.
    let program = post(
        &fed,
        "/api/v1/programs",
        json!({ "name": "两癌筛查", "kind": "screening", "unit_code": DISTRICT,
        "result_readers": ["federation"], "rule": { "sex": "female" } }),
    )
    .await;
    let cycle = post(
        &fed,
        &format!("/api/v1/programs/{}/cycles", id_of(&program)),
        json!({ "title": "2026 年筛查", "starts_on": "2026-09-01", "ends_on": "2026-12-31" }),
    )
    .await;
    let cycle_id = id_of(&cycle);
    post(
        &fed,
        &format!("/api/v1/cycles/{cycle_id}/deliveries"),
        json!({ "person_id": pid, "note": s("delivery.note") }),
    )
    .await;
    post(
        &fed,
        &format!("/api/v1/cycles/{cycle_id}/results"),
        json!({ "person_id": pid, "cervical": "abnormal", "referral": s("result.referral"),
        "diagnosis": s("result.diagnosis") }),
    )
    .await;
    let follow_ups = fed.get("/api/v1/screening-follow-ups").await;
    let follow_up = follow_ups.body[0]["id"].as_i64().expect("a follow-up");
    let closed = post(
        &fed,
        &format!("/api/v1/screening-follow-ups/{follow_up}/close"),
        json!({ "outcome": s("screening_follow_up.outcome") }),
    )
    .await;
    assert_eq!(closed["outcome"], s("screening_follow_up.outcome"));
    let read = fed
        .get(&format!(
            "/api/v1/cycles/{cycle_id}/results?person_id={pid}"
        ))
        .await;
    for field in ["result.referral", "result.diagnosis"] {
        assert!(
            read.text.contains(&s(field)),
            "{field} reads back: {}",
            read.text
        );
    }
}

/// Whether `people` has a column of this name.
pub async fn people_column(app: &TestApp, column: &str) -> bool {
    let query = if engine_is_postgres() {
        "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() \
         AND table_name = 'people' AND column_name = $1"
    } else {
        "SELECT COUNT(*) FROM pragma_table_info('people') WHERE name = $1"
    };
    let n: i64 = app
        .app
        .db
        .ex()
        .fetch_scalar(jinguo_db::sql(query).bind(column))
        .await
        .expect("columns");
    n > 0
}

#[tokio::test]
async fn no_free_text_is_found_in_the_database_file_its_wal_or_a_backup() {
    let app = spawn_app().await;
    write_sentinels(&app).await;
    assert!(
        !people_column(&app, "birth_date").await && people_column(&app, "birth_year").await,
        "people keep the birth year, not the date"
    );
    let births: Vec<String> = SENTINEL_WOMEN
        .into_iter()
        .flat_map(birth_of_woman)
        .collect();
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
        for birth in &births {
            assert!(!dump.contains(birth), "the birth date {birth} is stored");
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
        let found = |s: &str| bytes_contain(&bytes, s.as_bytes());
        assert!(
            found("泉州丰泽巾帼家政有限公司"),
            "the scan of {what} sees plain columns"
        );
        for field in FIELDS {
            assert!(!found(&sentinel(field)), "{field} found in {what}");
        }
        for birth in &births {
            assert!(!found(birth), "the birth date {birth} found in {what}");
        }
    }
}

/// Every row of every table of the test's schema as text.
async fn postgres_dump(app: &TestApp) -> String {
    let tables: Vec<String> = sql_rows(
        app,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
    )
    .await
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
    );
    let second = created(
        fed.post(
            "/api/v1/seekers",
            json!({ "person_id": id_of(&other),
        "categories": ["retail"], "note": "想找离家近的工作" }),
        )
        .await,
    );
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

/// A registry as the previous version (schema 8) left it: the birth date in plain text beside
/// the sealed ID number. Returns each person's id and ID number.
async fn registry_of_version_8(config: &jinguo::startup::Config) -> Vec<(i64, String)> {
    config.ensure_data_dir().expect("data dir");
    if !engine_is_postgres() {
        jinguo_app::private_files::ensure_exists(&config.sqlite_path()).expect("file");
    }
    let db = jinguo_db::Db::connect(&config.database_url())
        .await
        .expect("connect");
    jinguo_db::schema::migrate_to(&db, 8)
        .await
        .expect("schema 8");
    let key = jinguo_app::crypto::create_key_file(&config.data_dir).expect("key");
    let cipher = jinguo_app::crypto::FieldCipher::new(&key);
    let mut tx = db.begin().await.expect("begin");
    for unit in jinguo_app::units::demo_units() {
        jinguo_db::units::upsert(&mut tx.ex(), &unit.into(), START_MS)
            .await
            .expect("unit");
    }
    // Births on every kind of day, and around the test day's birthdays of 30 and 40.
    let mut births: Vec<String> = (0..300u32)
        .map(|n| format!("{}{:02}{:02}", 1950 + n % 70, 1 + n % 12, 1 + (n * 7) % 28))
        .collect();
    births.extend(
        [
            "19960921", "19960922", "19960920", "19850921", "19850922", "19850920",
        ]
        .map(String::from),
    );
    let mut people = Vec::new();
    for (n, birth) in births.iter().enumerate() {
        let id = 1_000 + n as i64;
        let number = jinguo_domain::identity::with_check_char(&format!("350503{birth}{n:03}"))
            .expect("17 digits");
        let date = format!("{}-{}-{}", &birth[..4], &birth[4..6], &birth[6..]);
        let sex = if n % 2 == 1 { "male" } else { "female" };
        tx.ex()
            .execute(
                jinguo_db::sql(
                    "INSERT INTO people (id, name, sex, birth_date, unit_code, id_cipher, id_masked, \
                     id_index, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
                )
                .bind(id)
                .bind("林秀英")
                .bind(sex)
                .bind(date)
                .bind(SHAOLIN)
                .bind(cipher.seal(&number, "person.id_number", id))
                .bind(jinguo_domain::identity::mask_id_number(&number))
                .bind(cipher.blind_index("id", &number))
                .bind(START_MS),
            )
            .await
            .expect("person");
        people.push((id, number));
    }
    tx.ex()
        .execute(
            jinguo_db::sql("INSERT INTO unit_people (unit_code, living) VALUES ($1, $2)")
                .bind(SHAOLIN)
                .bind(people.len() as i64),
        )
        .await
        .expect("count");
    tx.commit().await.expect("commit");
    db.close().await;
    people
}

/// The file PostgreSQL keeps the `people` table in.
async fn postgres_people_file(db: &jinguo_db::Db) -> String {
    db.ex()
        .fetch_scalar(jinguo_db::sql("SELECT pg_relation_filepath('people')"))
        .await
        .expect("file path")
}

/// The SQLite file and its WAL, as one byte string.
fn sqlite_bytes(config: &jinguo::startup::Config) -> Vec<u8> {
    let db = config.sqlite_path();
    let mut bytes = std::fs::read(&db).expect("database file");
    if let Ok(wal) = std::fs::read(db.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    bytes
}

#[tokio::test]
async fn a_registry_of_the_previous_version_keeps_birth_years_loses_birth_dates_and_filters_by_age()
{
    let config = fresh_config("birth-migration").await;
    let people = registry_of_version_8(&config).await;
    let date_of =
        |number: &str| format!("{}-{}-{}", &number[6..10], &number[10..12], &number[12..14]);
    let mut file_before = None;
    if engine_is_postgres() {
        let db = jinguo_db::Db::connect(&config.database_url())
            .await
            .expect("connect");
        file_before = Some(postgres_people_file(&db).await);
        db.close().await;
    } else {
        let bytes = sqlite_bytes(&config);
        let found = |s: &str| bytes_contain(&bytes, s.as_bytes());
        assert!(
            found(&date_of(&people[0].1)),
            "the scan sees the plain dates of version 8"
        );
    }
    let app = spawn_with(config).await;
    assert!(
        !people_column(&app, "birth_date").await,
        "the birth date column is gone"
    );
    let stored: std::collections::HashMap<i64, i32> =
        sql_rows(&app, "SELECT id, birth_year FROM people")
            .await
            .iter()
            .map(|r| (r.get_index(0).expect("id"), r.get_index(1).expect("year")))
            .collect();
    for (id, number) in &people {
        let year: i32 = number[6..10].parse().expect("year");
        assert_eq!(stored.get(id), Some(&year), "the birth year of {number}");
    }
    // The age filter on the migrated rows, against ages counted from the ID numbers.
    let today = jinguo_domain::CivilDate::from_epoch_ms_china(START_MS);
    let mut expected: Vec<i64> = people
        .iter()
        .filter(|(_, number)| {
            let birth = jinguo_domain::identity::birth_date_of(number).expect("date");
            (30..=40).contains(&birth.age_on(today))
        })
        .map(|(id, _)| *id)
        .collect();
    expected.sort();
    let admin = app.admin().await;
    let mut listed = Vec::new();
    for page in 1..=10 {
        let reply = admin
            .get(&format!(
                "/api/v1/people?age_min=30&age_max=40&per_page=20&page={page}"
            ))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        assert_eq!(reply.body["total"].as_i64(), Some(expected.len() as i64));
        listed.extend(
            reply.body["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(id_of),
        );
    }
    listed.sort();
    assert_eq!(listed, expected);
    if engine_is_postgres() {
        // A dropped column stays in the rows on disk until they are written anew: the table
        // must have moved to a new file (the old one is removed at commit).
        assert_ne!(
            Some(postgres_people_file(&app.app.db).await),
            file_before,
            "the table is rewritten"
        );
        let dump = postgres_dump(&app).await;
        for (_, number) in &people {
            assert!(
                !dump.contains(&date_of(number)),
                "{} is still stored",
                date_of(number)
            );
        }
        return;
    }
    let bytes = sqlite_bytes(&app.config);
    let found = |s: &str| bytes_contain(&bytes, s.as_bytes());
    for (_, number) in &people {
        assert!(
            !found(&date_of(number)),
            "{} is left in the file",
            date_of(number)
        );
    }
}
