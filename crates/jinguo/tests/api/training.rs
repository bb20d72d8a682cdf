//! Training (培训): courses and sessions, enrollment with its capacity and waiting list, the
//! target groups and their reason, attendance at the desk and by the sessions' QR check-in,
//! finishing with numbered certificates and their public verification, the imports of a
//! sign-up sheet and a filled sign-in sheet, the outcome six months on, and the scope rules by
//! name.

use crate::common::*;
use jinguo_domain::CivilDate;
use serde_json::{json, Value};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn today(app: &TestApp) -> CivilDate {
    CivilDate::from_epoch_ms_china(app.app.now())
}

/// A woman of `unit` in the registry with `tags`: ID number born 1990-03-07 with `seq`, phone
/// 138 followed by `seq` padded to 8 digits.
async fn woman(owner: &Client, name: &str, seq: &str, unit: &str, tags: &[&str]) -> i64 {
    let body = json!({ "name": name, "id_number": id_number("19900307", seq),
                       "phone": phone_of(seq), "unit_code": unit, "tags": tags });
    id_of(&created(owner.post("/api/v1/people", body).await))
}

fn phone_of(seq: &str) -> String {
    format!("138{seq:0>8}")
}

async fn course(by: &Client, unit: &str, extra: Value) -> i64 {
    let mut body = json!({ "title": "巾帼创业培训（SYB）第一期", "tier": "entrepreneurship",
                           "unit_code": unit, "target_tags": ["unemployed", "returning"] });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    id_of(&created(by.post("/api/v1/courses", body).await))
}

async fn session_on(by: &Client, course: i64, day: CivilDate) -> Value {
    created(
        by.post(
            &format!("/api/v1/courses/{course}/sessions"),
            json!({ "date": day.to_string(), "starts_at": "09:00", "ends_at": "11:30",
                    "place": "区妇女儿童活动中心", "teacher": "陈丽华", "topic": "创业意识" }),
        )
        .await,
    )
}

async fn enroll(by: &Client, course: i64, person: i64) -> Reply {
    by.post(
        &format!("/api/v1/courses/{course}/enrollments"),
        json!({ "person_id": person }),
    )
    .await
}

/// Attendance at `session` recorded at the desk: `body` names the person or the enrollment.
async fn attend(by: &Client, session: &Value, body: Value) -> Reply {
    by.post(
        &format!("/api/v1/sessions/{}/attendance", id_of(session)),
        body,
    )
    .await
}

async fn finish(by: &Client, course: i64) -> Reply {
    by.post(&format!("/api/v1/courses/{course}/finish"), json!({}))
        .await
}

async fn withdraw(by: &Client, enrollment: &Value) -> Reply {
    by.post(
        &format!("/api/v1/enrollments/{}/withdraw", id_of(enrollment)),
        json!({}),
    )
    .await
}

/// The public check-in path of a session's event.
async fn checkin_path(by: &Client, session: &Value) -> String {
    let event = session["event_id"]
        .as_i64()
        .expect("the session has its event");
    let e = by.get(&format!("/api/v1/events/{event}")).await;
    assert_eq!(e.status, 200, "{}", e.text);
    assert_eq!(e.body["kind"], "training");
    e.body["checkin_path"].as_str().expect("a path").to_owned()
}

fn xlsx(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet
                .write_string(r as u32, c as u16, *cell)
                .expect("a cell");
        }
    }
    book.save_to_buffer().expect("a workbook")
}

async fn upload(by: &Client, path: &str, fields: &[(&str, &str)], bytes: &[u8]) -> Reply {
    let (ct, body) = multipart(fields, "sheet.xlsx", bytes);
    by.post_raw(path, &ct, body).await
}

#[tokio::test]
async fn a_course_runs_from_enrollment_through_qr_attendance_to_a_verified_certificate() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let wang = woman(&fed, "王秀丽", "002", SHAOLIN, &["unemployed"]).await;
    let chen = woman(&fed, "陈美玲", "004", DONGHU, &["returning"]).await;
    let id = course(
        &fed,
        DISTRICT,
        json!({ "capacity": 10, "completion_share": 0.5 }),
    )
    .await;
    let day = today(&app);
    let first = session_on(&fed, id, day).await;
    let second = session_on(&fed, id, day).await;
    for p in [wang, chen] {
        let e = created(enroll(&fed, id, p).await);
        assert_eq!(e["status"], "enrolled");
    }

    // 王 checks in by the session's QR code on her phone: her attendance is recorded.
    let path = checkin_path(&fed, &first).await;
    let key = path.trim_start_matches("/checkin/");
    let public = app.client();
    let checked = public
        .post(
            &format!("/api/v1/public/checkin/{key}"),
            json!({ "name": "王秀丽", "phone": phone_of("002"), "sex": "female" }),
        )
        .await;
    assert_eq!(checked.status, 201, "{}", checked.text);
    assert!(
        checked.body.get("attendance").is_none(),
        "the public answer says nothing of the course"
    );
    let roll = fed
        .get(&format!("/api/v1/sessions/{}/attendance", id_of(&first)))
        .await;
    let line = |roll: &Reply, person: i64| {
        roll.body["items"]
            .as_array()
            .expect("a list")
            .iter()
            .find(|l| l["person_id"] == person)
            .cloned()
            .expect("her line")
    };
    assert_eq!(line(&roll, wang)["present"], true);
    assert_eq!(line(&roll, wang)["via"], "qr");
    assert_eq!(line(&roll, chen)["present"], false);

    // 陈 at the desk: 201, then 200 when recorded already.
    let desk = format!("/api/v1/sessions/{}/attendance", id_of(&second));
    let at_desk = |person: i64| fed.post(&desk, json!({ "person_id": person }));
    assert_eq!(at_desk(chen).await.status, 201);
    assert_eq!(at_desk(chen).await.status, 200);

    let report = finish(&fed, id).await;
    assert_eq!(report.status, 200, "{}", report.text);
    assert_eq!(report.body["enrolled"], 2);
    assert_eq!(report.body["completed"], 2, "one of two sessions is half");
    assert_eq!(report.body["completion_rate"], 1.0);
    let again = finish(&fed, id).await;
    again.assert_error(409, "already_finished");

    let list = fed.get(&format!("/api/v1/courses/{id}/enrollments")).await;
    let mine = list.body["items"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|e| e["person_id"] == wang)
        .cloned()
        .expect("her enrollment");
    let got = fed
        .get(&format!("/api/v1/enrollments/{}", id_of(&mine)))
        .await;
    assert_eq!(got.body["completed"], true);
    let number = got.body["certificate_number"]
        .as_str()
        .expect("a number")
        .to_owned();
    assert!(
        number.starts_with(&format!("350503-{}-", day.year)),
        "{number}"
    );

    // The certificate as a Word file, and its page.
    let docx = fed
        .get_bytes(&format!("/api/v1/enrollments/{}/certificate", id_of(&mine)))
        .await;
    assert!(docx.starts_with(b"PK"), "a .docx is a zip");
    let page = fed
        .get(&format!(
            "/training/enrollments/{}/certificate",
            id_of(&mine)
        ))
        .await;
    assert!(page.text.contains("王秀丽") && page.text.contains(&number));

    // The public verification: the course, the day, the name masked — nothing else.
    let verify = public.get(&format!("/public/certificates/{number}")).await;
    assert_eq!(verify.status, 200);
    verify.assert_contains("王*丽");
    assert!(verify.text.contains("巾帼创业培训（SYB）第一期"));
    let person = fed.get(&format!("/api/v1/people/{wang}")).await.body;
    for secret in [
        id_number("19900307", "002"),
        phone_of("002"),
        "王秀丽".to_owned(),
        person["id_number_masked"]
            .as_str()
            .unwrap_or("x")
            .to_owned(),
        person["phone_masked"].as_str().unwrap_or("x").to_owned(),
        "少林".to_owned(),
    ] {
        assert!(!verify.text.contains(&secret), "the page shows {secret}");
    }
    let made_up = public
        .get("/public/certificates/350503-2026-00001-AAAA")
        .await;
    assert_eq!(made_up.status, 404);

    // Her page lists the course.
    let person_page = fed.get(&format!("/people/{wang}")).await;
    assert!(person_page.text.contains("person-courses"));
}

#[tokio::test]
async fn enrollment_over_capacity_is_course_full_without_a_waiting_list_and_waits_with_one() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let a = woman(&fed, "林小燕", "012", SHAOLIN, &["unemployed"]).await;
    let b = woman(&fed, "黄丽娟", "014", SHAOLIN, &["unemployed"]).await;
    let c = woman(&fed, "郑雅琴", "016", DONGHU, &["unemployed"]).await;

    let full = course(&fed, DISTRICT, json!({ "capacity": 1 })).await;
    created(enroll(&fed, full, a).await);
    let refused = enroll(&fed, full, b).await;
    refused.assert_error(409, "course_full");

    let waiting = course(
        &fed,
        DISTRICT,
        json!({ "capacity": 1, "waiting_list": true }),
    )
    .await;
    let first = created(enroll(&fed, waiting, a).await);
    let second = created(enroll(&fed, waiting, b).await);
    let third = created(enroll(&fed, waiting, c).await);
    assert_eq!(second["status"], "waiting");
    assert_eq!(third["status"], "waiting");

    // Withdrawal gives the place to the first one waiting.
    let out = withdraw(&fed, &first).await;
    assert_eq!(out.status, 200, "{}", out.text);
    assert_eq!(out.body["enrollment"]["status"], "withdrawn");
    assert_eq!(out.body["promoted"], id_of(&second));
    let promoted = fed
        .get(&format!("/api/v1/enrollments/{}", id_of(&second)))
        .await;
    assert_eq!(promoted.body["status"], "enrolled");
    let still = fed
        .get(&format!("/api/v1/enrollments/{}", id_of(&third)))
        .await;
    assert_eq!(still.body["status"], "waiting");
    let twice = withdraw(&fed, &first).await;
    assert_eq!(twice.status, 409);
}

#[tokio::test]
async fn the_same_person_enrolled_twice_is_409() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let p = woman(&fed, "王秀丽", "002", SHAOLIN, &["unemployed"]).await;
    let id = course(&fed, DISTRICT, json!({})).await;
    created(enroll(&fed, id, p).await);
    let again = enroll(&fed, id, p).await;
    assert_eq!(again.status, 409, "{}", again.text);
    assert_eq!(again.body["error"]["code"], "already_enrolled");
    assert_eq!(again.body["error"]["field"], "person_id");
}

#[tokio::test]
async fn a_person_outside_the_target_groups_is_enrolled_only_with_a_reason() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let graduate = woman(&fed, "陈美玲", "004", DONGHU, &["graduate"]).await;
    let id = course(&fed, DISTRICT, json!({})).await;
    let refused = enroll(&fed, id, graduate).await;
    refused.assert_invalid("reason", "reason_required");

    let reason = "返乡创业意愿强烈，社区推荐";
    let taken = created(
        fed.post(
            &format!("/api/v1/courses/{id}/enrollments"),
            json!({ "person_id": graduate, "reason": reason }),
        )
        .await,
    );
    assert_eq!(taken["outside_target"], true);
    assert_eq!(taken["reason"], reason);
    // The reason is kept sealed.
    let plain = sql_count(
        &app,
        "SELECT COUNT(*) FROM enrollments WHERE reason_cipher IS NOT NULL",
    )
    .await;
    assert_eq!(plain, 1);
}

#[tokio::test]
async fn attendance_for_a_session_of_another_course_is_422() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let p = woman(&fed, "王秀丽", "002", SHAOLIN, &["unemployed"]).await;
    let syb = course(&fed, DISTRICT, json!({})).await;
    let lecture = course(
        &fed,
        DISTRICT,
        json!({ "title": "劳动法律法规讲座", "tier": "lecture" }),
    )
    .await;
    let mine = created(enroll(&fed, syb, p).await);
    let other = session_on(&fed, lecture, today(&app)).await;

    let by_person = attend(&fed, &other, json!({ "person_id": p })).await;
    by_person.assert_error(422, "session_of_other_course");
    let by_enrollment = attend(&fed, &other, json!({ "enrollment_id": id_of(&mine) })).await;
    assert_eq!(by_enrollment.status, 422);
    assert_eq!(
        by_enrollment.body["error"]["code"],
        "session_of_other_course"
    );
    assert_eq!(by_enrollment.body["error"]["field"], "enrollment_id");

    // Her own course's session takes her attendance, ahead of its day too (as an event's
    // check-in does); a finished course takes none.
    let ahead = session_on(&fed, syb, today(&app).plus_days(3)).await;
    let early = attend(&fed, &ahead, json!({ "person_id": p })).await;
    assert_eq!(early.status, 201, "{}", early.text);
    let finished = finish(&fed, syb).await;
    assert_eq!(finished.status, 200, "{}", finished.text);
    let late = attend(&fed, &ahead, json!({ "person_id": p })).await;
    late.assert_error(409, "course_finished");
}

#[tokio::test]
async fn bad_courses_and_sessions_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    for (body, field) in [
        (
            json!({ "title": "", "tier": "skills", "unit_code": DISTRICT }),
            "title",
        ),
        (
            json!({ "title": "x", "tier": "syb", "unit_code": DISTRICT }),
            "tier",
        ),
        (
            json!({ "title": "x", "tier": "skills", "unit_code": DISTRICT, "completion_share": 1.5 }),
            "completion_share",
        ),
        (
            json!({ "title": "x", "tier": "skills", "unit_code": DISTRICT, "capacity": 0 }),
            "capacity",
        ),
        (
            json!({ "title": "x", "tier": "skills", "unit_code": DISTRICT, "target_tags": ["rich"] }),
            "target_tags",
        ),
        (
            json!({ "title": "x", "tier": "skills", "unit_code": "350503999999" }),
            "unit_code",
        ),
    ] {
        let r = fed.post("/api/v1/courses", body).await;
        r.assert_invalid_field(field);
    }
    let id = course(&fed, DISTRICT, json!({})).await;
    for (body, field) in [
        (json!({ "date": "2026-13-01", "place": "x" }), "date"),
        (
            json!({ "date": "2026-10-01", "online_url": "腾讯会议" }),
            "online_url",
        ),
        (
            json!({ "date": "2026-10-01", "place": "x", "starts_at": "25:00" }),
            "starts_at",
        ),
    ] {
        let r = fed
            .post(&format!("/api/v1/courses/{id}/sessions"), body)
            .await;
        r.assert_invalid_field(field);
    }
    // Finishing a course without sessions.
    let empty = finish(&fed, id).await;
    empty.assert_error(422, "no_sessions");
    // The contract's session: a day, and the place when it is known.
    created(
        fed.post(
            &format!("/api/v1/courses/{id}/sessions"),
            json!({ "date": today(&app).plus_days(7).to_string() }),
        )
        .await,
    );
}

#[tokio::test]
async fn a_sign_up_sheet_enrolls_by_id_number_or_name_and_phone_after_a_dry_run() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let wang = woman(&fed, "王秀丽", "002", SHAOLIN, &["unemployed"]).await;
    let chen = woman(&fed, "陈美玲", "004", DONGHU, &["returning"]).await;
    woman(&fed, "林晓燕", "006", DONGHU, &["graduate"]).await;
    woman(&fed, "黄丽娟", "008", DONGHU, &["graduate"]).await;
    let id = course(
        &fed,
        DISTRICT,
        json!({ "capacity": 3, "waiting_list": true }),
    )
    .await;
    let wang_id = id_number("19900307", "002");
    let lin_id = id_number("19900307", "006");
    let huang_id = id_number("19900307", "008");
    let unknown = id_number("19900307", "098");
    let chen_phone = phone_of("004");
    let sheet = xlsx(&[
        vec!["2026年SYB创业培训报名表"],
        vec![],
        vec!["序号", "姓名", "身份证号码", "联系电话", "报名原因"],
        vec!["1", "王秀丽", &wang_id, "", ""],
        vec!["2", "陈美玲", "", &chen_phone, ""],
        vec!["3", "林晓燕", &lin_id, "", "社区推荐的大学生创业者"],
        vec!["4", "黄丽娟", &huang_id, "", ""],
        vec!["5", "王秀丽", &wang_id, "", ""],
        vec!["6", "赵敏", &unknown, "", ""],
        vec!["填表人：李芳"],
    ]);
    let path = format!("/api/v1/courses/{id}/enrollments/import");
    let dry = upload(&fed, &path, &[("dry_run", "true")], &sheet).await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    assert_eq!(dry.body["written"], false);
    assert_eq!(dry.body["rows"], 6);
    assert_eq!(dry.body["imported"], 3);
    assert_eq!(dry.body["rejected"], 3);
    let codes = problem_codes(&dry);
    assert_eq!(
        codes,
        vec![
            (7, "reason_required".to_owned()),
            (8, "duplicate_person_in_file".to_owned()),
            (9, "unknown_person".to_owned()),
        ]
    );
    let none = fed.get(&format!("/api/v1/courses/{id}/enrollments")).await;
    assert_eq!(none.body["total"], 0, "a dry run writes nothing");

    let done = upload(&fed, &path, &[], &sheet).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.body["written"], true);
    assert_eq!(done.body["imported"], 3);
    let list = fed.get(&format!("/api/v1/courses/{id}/enrollments")).await;
    let people: Vec<i64> = list.body["items"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| e["person_id"].as_i64().unwrap_or(0))
        .collect();
    assert!(people.contains(&wang) && people.contains(&chen));
    assert!(list.body["items"]
        .as_array()
        .expect("a list")
        .iter()
        .all(|e| e["source"] == "import"));

    // The same sheet again: each is enrolled already.
    let again = upload(&fed, &path, &[], &sheet).await;
    assert_eq!(again.body["imported"], 0);
    assert!(again.body["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .any(|p| p["code"] == "already_enrolled"));
}

#[tokio::test]
async fn a_filled_sign_in_sheet_records_attendance_and_one_of_another_course_is_refused() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let wang = woman(&fed, "王秀丽", "002", SHAOLIN, &["unemployed"]).await;
    let chen = woman(&fed, "陈美玲", "004", DONGHU, &["returning"]).await;
    let lin = woman(&fed, "林晓燕", "006", DONGHU, &["unemployed"]).await;
    let id = course(&fed, DISTRICT, json!({})).await;
    let other = course(
        &fed,
        DISTRICT,
        json!({ "title": "企业如何过冬", "tier": "lecture" }),
    )
    .await;
    let day = today(&app);
    let session = session_on(&fed, id, day).await;
    let elsewhere = session_on(&fed, other, day).await;
    let mut enrollment = std::collections::HashMap::new();
    for p in [wang, chen] {
        enrollment.insert(p, id_of(&created(enroll(&fed, id, p).await)));
    }
    let lin_elsewhere = id_of(&created(enroll(&fed, other, lin).await));

    // The session's own workbook comes back filled: 王 signed, 陈 absent, a line for a
    // trainee of the other course.
    let printed = fed
        .get_bytes(&format!(
            "/api/v1/sessions/{}/sign-in.xlsx",
            id_of(&session)
        ))
        .await;
    assert!(printed.starts_with(b"PK"));
    let marker = format!("{} 【课次S{}】", day, id_of(&session));
    let (w, c, l) = (
        enrollment[&wang].to_string(),
        enrollment[&chen].to_string(),
        lin_elsewhere.to_string(),
    );
    let filled = xlsx(&[
        vec!["巾帼创业培训（SYB）第一期 签到表"],
        vec![&marker],
        vec![],
        vec!["编号", "姓名", "所属单位", "签到", "备注"],
        vec![&w, "王秀丽", "少林社区", "王秀丽", ""],
        vec![&c, "陈美玲", "东湖社区", "", ""],
        vec![&l, "林晓燕", "东湖社区", "林晓燕", ""],
    ]);
    let path = format!("/api/v1/sessions/{}/attendance/import", id_of(&session));
    let dry = upload(&fed, &path, &[("dry_run", "1")], &filled).await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    assert_eq!(dry.body["rows"], 2, "an absence is no row");
    assert_eq!(dry.body["imported"], 1);
    assert_eq!(dry.body["rejected"], 1);
    assert_eq!(dry.body["problems"][0]["code"], "session_of_other_course");
    let done = upload(&fed, &path, &[], &filled).await;
    assert_eq!(done.body["written"], true, "{}", done.text);
    let roll = fed
        .get(&format!("/api/v1/sessions/{}/attendance", id_of(&session)))
        .await;
    let present: Vec<i64> = roll.body["items"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|l| l["present"] == true)
        .map(|l| l["person_id"].as_i64().unwrap_or(0))
        .collect();
    assert_eq!(present, vec![wang]);

    // The workbook of one session imported at a session of another course: refused whole.
    let wrong = upload(
        &fed,
        &format!("/api/v1/sessions/{}/attendance/import", id_of(&elsewhere)),
        &[],
        &filled,
    )
    .await;
    wrong.assert_invalid("file", "session_of_other_course");
}

#[tokio::test]
async fn completers_outcomes_come_from_employment_records_or_the_follow_up_call() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let hired = woman(&fed, "王秀丽", "002", SHAOLIN, &["unemployed"]).await;
    let called = woman(&fed, "陈美玲", "004", DONGHU, &["unemployed"]).await;
    let quiet = woman(&fed, "林晓燕", "006", DONGHU, &["unemployed"]).await;
    let id = course(&fed, DISTRICT, json!({ "completion_share": 1.0 })).await;
    let day = today(&app);
    let s = session_on(&fed, id, day).await;
    let mut enrollments = Vec::new();
    for p in [hired, called, quiet] {
        enrollments.push(id_of(&created(enroll(&fed, id, p).await)));
        attend(&fed, &s, json!({ "person_id": p })).await;
    }
    let finished = finish(&fed, id).await;
    assert_eq!(finished.body["completed"], 3, "{}", finished.text);

    // Two months on she is placed in a job: the employment record tells it.
    let placed = fed
        .post(
            "/api/v1/outcomes",
            json!({ "person_id": hired, "kind": "placement",
                    "on_date": day.plus_days(60).to_string() }),
        )
        .await;
    assert_eq!(placed.status, 201, "{}", placed.text);
    let none_due = fed.get("/api/v1/training/follow-ups").await;
    assert_eq!(none_due.body["total"], 0, "not six months yet");

    app.clock.advance_ms(190 * DAY_MS);
    let fed = app.login("district_fed", STAFF_PASSWORD).await;
    let due = fed.get("/api/v1/training/follow-ups").await;
    let due_people: Vec<i64> = due.body["items"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["person_id"].as_i64().unwrap_or(0))
        .collect();
    assert_eq!(due_people.len(), 2, "{}", due.text);
    assert!(!due_people.contains(&hired), "the records tell hers");

    let call = fed
        .post(
            &format!("/api/v1/enrollments/{}/follow-up", enrollments[1]),
            json!({ "result": "business", "note": "开了一家网店" }),
        )
        .await;
    assert_eq!(call.status, 201, "{}", call.text);
    let twice = fed
        .post(
            &format!("/api/v1/enrollments/{}/follow-up", enrollments[1]),
            json!({ "result": "employed" }),
        )
        .await;
    assert_eq!(twice.status, 409);

    let report = fed.get(&format!("/api/v1/courses/{id}/report")).await;
    assert_eq!(report.body["enrolled"], 3, "{}", report.text);
    assert_eq!(report.body["completed"], 3);
    assert_eq!(report.body["employed"], 1);
    assert_eq!(report.body["started_business"], 1);
    let year = fed
        .get(&format!("/api/v1/training/report?year={}", day.year))
        .await;
    let tier = year.body["tiers"]
        .as_array()
        .expect("tiers")
        .iter()
        .find(|t| t["tier"] == "entrepreneurship")
        .cloned()
        .expect("its tier");
    assert_eq!(tier["courses"], 1);
    assert_eq!(tier["employed"], 1);
    assert_eq!(tier["started_business"], 1);
    let left = fed.get("/api/v1/training/follow-ups").await;
    assert_eq!(left.body["total"], 1);
    assert_eq!(left.body["items"][0]["person_id"], quiet);
}

// ---- scope rules ----

#[tokio::test]
async fn community_chair_sees_only_her_own_people_in_a_district_course() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let chair = app.user("shaolin_chair", "community", SHAOLIN).await;
    let hers = woman(&fed, "王秀丽", "002", SHAOLIN, &["unemployed"]).await;
    let neighbours = woman(&fed, "陈美玲", "004", DONGHU, &["unemployed"]).await;
    let id = course(&fed, DISTRICT, json!({})).await;
    let theirs = created(enroll(&fed, id, neighbours).await);

    // She sees the district's course and enrolls her own people in it.
    let seen = chair.get(&format!("/api/v1/courses/{id}")).await;
    assert_eq!(seen.status, 200);
    assert_eq!(seen.body["held_here"], false);
    created(enroll(&chair, id, hers).await);
    let neighbour = enroll(&chair, id, neighbours).await;
    assert_eq!(
        neighbour.status, 422,
        "a person outside her reach is unknown"
    );
    let list = chair
        .get(&format!("/api/v1/courses/{id}/enrollments"))
        .await;
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["items"][0]["person_id"], hers);
    assert_hidden(
        &chair
            .get(&format!("/api/v1/enrollments/{}", id_of(&theirs)))
            .await,
        "another community's enrollment",
        &["陈美玲"],
    );
    assert_hidden(
        &withdraw(&chair, &theirs).await,
        "withdrawing another community's trainee",
        &[],
    );
    assert_hidden(
        &chair
            .post(
                &format!("/api/v1/enrollments/{}/follow-up", id_of(&theirs)),
                json!({ "result": "employed" }),
            )
            .await,
        "calling another community's trainee",
        &[],
    );
    assert_hidden(
        &chair
            .get(&format!(
                "/api/v1/enrollments/{}/certificate",
                id_of(&theirs)
            ))
            .await,
        "another community's certificate",
        &[],
    );
    let session = session_on(&fed, id, today(&app)).await;
    let theirs_present = attend(&chair, &session, json!({ "person_id": neighbours })).await;
    theirs_present.assert_error(422, "unknown_person");
    let roll = chair
        .get(&format!("/api/v1/sessions/{}/attendance", id_of(&session)))
        .await;
    assert_eq!(
        roll.body["total"], 1,
        "her own people's roll: {}",
        roll.text
    );
}

#[tokio::test]
async fn street_officer_cannot_add_sessions_to_or_finish_a_district_course() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let street = app.east_lake_officer().await;
    let id = course(&fed, DISTRICT, json!({})).await;
    let session = session_on(&fed, id, today(&app)).await;
    assert_hidden(
        &street
            .post(
                &format!("/api/v1/courses/{id}/sessions"),
                json!({ "date": "2026-10-01", "place": "x" }),
            )
            .await,
        "a session of a course held above",
        &[],
    );
    assert_hidden(
        &finish(&street, id).await,
        "finishing a course held above",
        &[],
    );
    // She reads its sessions and takes her people's attendance.
    let s = street
        .get(&format!("/api/v1/sessions/{}", id_of(&session)))
        .await;
    assert_eq!(s.status, 200);
}

#[tokio::test]
async fn a_course_of_another_street_is_not_found() {
    let app = spawn_app().await;
    let street = app.east_lake_officer().await;
    let other = app.user("fengze", "street", OTHER_STREET).await;
    let id = course(
        &street,
        EAST_LAKE_STREET,
        json!({ "title": "东湖街道家政技能培训", "tier": "skills" }),
    )
    .await;
    let session = session_on(&street, id, today(&app)).await;
    for path in [
        format!("/api/v1/courses/{id}"),
        format!("/api/v1/courses/{id}/enrollments"),
        format!("/api/v1/courses/{id}/sessions"),
        format!("/api/v1/courses/{id}/report"),
        format!("/api/v1/sessions/{}", id_of(&session)),
        format!("/api/v1/sessions/{}/attendance", id_of(&session)),
    ] {
        assert_hidden(&other.get(&path).await, &path, &["东湖街道家政技能培训"]);
    }
    for path in [
        format!("/training/courses/{id}"),
        format!("/training/sessions/{}", id_of(&session)),
    ] {
        let page = other.get(&path).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(!page.text.contains("东湖街道家政技能培训"), "{path}");
    }
    let p = woman(&other, "赵敏", "020", "350503002001", &["unemployed"]).await;
    assert_hidden(&enroll(&other, id, p).await, "enrolling in it", &[]);
    let list = other.get("/api/v1/courses").await;
    assert_eq!(list.body["total"], 0);
    // A course cannot be opened for a unit outside the subtree.
    let outside = other
        .post(
            "/api/v1/courses",
            json!({ "title": "x", "tier": "skills", "unit_code": EAST_LAKE_STREET }),
        )
        .await;
    outside.assert_invalid_field("unit_code");
}

#[tokio::test]
async fn leader_reads_course_figures_but_no_trainee_and_a_caseworker_nothing() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let leader = app.user("chair", "leader", DISTRICT).await;
    let caseworker = app.user("handler", "caseworker", DISTRICT).await;
    let p = woman(&fed, "王秀丽", "002", SHAOLIN, &["unemployed"]).await;
    let id = course(&fed, DISTRICT, json!({})).await;
    let e = created(enroll(&fed, id, p).await);
    assert_eq!(
        leader.get(&format!("/api/v1/courses/{id}")).await.status,
        200
    );
    assert_eq!(
        leader
            .get(&format!("/api/v1/courses/{id}/report"))
            .await
            .status,
        200
    );
    assert_eq!(leader.get("/api/v1/training/report").await.status, 200);
    for path in [
        format!("/api/v1/courses/{id}/enrollments"),
        format!("/api/v1/enrollments/{}", id_of(&e)),
        "/api/v1/training/follow-ups".to_owned(),
    ] {
        assert_refused(&leader.get(&path).await, &path, &["王秀丽"]);
    }
    assert_refused(
        &leader
            .post(
                "/api/v1/courses",
                json!({ "title": "x", "tier": "skills", "unit_code": DISTRICT }),
            )
            .await,
        "a leader opening a course",
        &[],
    );
    assert_refused(
        &caseworker.get("/api/v1/courses").await,
        "a caseworker's course list",
        &[],
    );
}

#[tokio::test]
async fn the_course_pages_enroll_take_the_roll_and_finish() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let p = woman(&fed, "王秀丽", "002", SHAOLIN, &["unemployed"]).await;
    let csrf = fed.csrf.clone().expect("a session");
    let made = fed
        .post_form(
            "/training/courses",
            &[
                ("csrf", &csrf),
                ("title", "巾帼家政技能培训"),
                ("tier", "skills"),
                ("unit_code", DISTRICT),
                ("target_tags", "unemployed"),
                ("capacity", "20"),
                ("completion_share", "80"),
                ("fee_free", "on"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.text);
    let location = made.headers["location"]
        .to_str()
        .expect("a path")
        .to_owned();
    let id: i64 = location
        .trim_start_matches("/training/courses/")
        .parse()
        .expect("an id");
    let day = today(&app).to_string();
    let session = fed
        .post_form(
            &format!("/training/courses/{id}/sessions"),
            &[
                ("csrf", &csrf),
                ("date", &day),
                ("online_url", "https://meeting.example.cn/1"),
            ],
        )
        .await;
    assert_eq!(session.status, 303, "{}", session.text);
    let enrolled = fed
        .post_form(
            &format!("/training/courses/{id}/enrollments"),
            &[("csrf", &csrf), ("person_id", &p.to_string())],
        )
        .await;
    assert_eq!(enrolled.status, 303, "{}", enrolled.text);
    let twice = fed
        .post_form(
            &format!("/training/courses/{id}/enrollments"),
            &[("csrf", &csrf), ("person_id", &p.to_string())],
        )
        .await;
    assert_eq!(twice.status, 409, "the page again with the reason");
    assert!(twice.text.contains("enroll-error"));

    let sessions = fed.get(&format!("/api/v1/courses/{id}/sessions")).await;
    let sid = id_of(&sessions.body["items"][0]);
    let roll = fed.get(&format!("/api/v1/sessions/{sid}/attendance")).await;
    let e = roll.body["items"][0]["enrollment_id"]
        .as_i64()
        .expect("an enrollment");
    let taken = fed
        .post_form(
            &format!("/training/sessions/{sid}/roll"),
            &[("csrf", &csrf), ("present", &e.to_string())],
        )
        .await;
    assert_eq!(taken.status, 303, "{}", taken.text);
    let sheet = fed.get(&format!("/training/sessions/{sid}/sign-in")).await;
    assert!(sheet.text.contains("王秀丽") && sheet.text.contains("sign-in-table"));
    let finished = fed
        .post_form(
            &format!("/training/courses/{id}/finish"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(finished.status, 303, "{}", finished.text);
    let page = fed.get(&format!("/training/courses/{id}")).await;
    page.assert_contains("certificate-link");
}

#[tokio::test]
async fn a_sign_up_sheet_is_checked_then_imported_on_the_import_page() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let wang = woman(&fed, "王秀丽", "002", SHAOLIN, &["unemployed"]).await;
    let id = course(&fed, DISTRICT, json!({})).await;
    let csrf = fed.csrf.clone().expect("a session");
    let form = fed
        .get(&format!("/training/import/enrollments?course={id}"))
        .await;
    assert_eq!(form.status, 200);
    assert!(form
        .text
        .contains(&format!("name=\"course\" value=\"{id}\"")));
    assert_eq!(
        fed.get("/training/import/enrollments?course=1")
            .await
            .status,
        404,
        "a course out of sight"
    );
    let wang_id = id_number("19900307", "002");
    let sheet = xlsx(&[vec!["姓名", "身份证号码"], vec!["王秀丽", &wang_id]]);
    let id_text = id.to_string();
    let (ct, body) = multipart(
        &[("csrf", &csrf), ("course", &id_text)],
        "报名表.xlsx",
        &sheet,
    );
    let checked = fed
        .post_raw("/training/import/enrollments", &ct, body)
        .await;
    assert_eq!(checked.status, 303, "{}", checked.text);
    let job = checked.headers["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let report = fed.get(&job).await;
    report.assert_contains("import-confirm");
    let none = fed.get(&format!("/api/v1/courses/{id}/enrollments")).await;
    assert_eq!(none.body["total"], 0, "checked, not imported");
    let confirmed = fed
        .post_form(&format!("{job}/commit"), &[("csrf", &csrf)])
        .await;
    assert_eq!(confirmed.status, 303, "{}", confirmed.text);
    let mut list = fed.get(&format!("/api/v1/courses/{id}/enrollments")).await;
    for _ in 0..400 {
        if list.body["total"] == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        list = fed.get(&format!("/api/v1/courses/{id}/enrollments")).await;
    }
    assert_eq!(list.body["total"], 1, "imported in the background");
    let done = fed.get(&job).await;
    assert!(
        done.text
            .contains(&format!("href=\"/training/courses/{id}\"")),
        "back to the course: {}",
        done.text
    );
    assert_eq!(list.body["items"][0]["person_id"], wang);
}
