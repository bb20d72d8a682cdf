//! The scope rules of employment work: an enterprise, job or event shows its district-public
//! view to every employment worker of the district and its full record, and every change, only
//! inside the caller's subtree (404 beyond); a leader's full view is her liaison enterprises;
//! seekers, assistance and mentoring are people's records, read within the subtree only.

use super::{assert_same_as_missing, listed_ids, MISSING};
use crate::common::*;
use serde_json::{json, Value};

const CONTACT_PHONE: &str = "13905951234";
const WOMAN: &str = "王秀兰";
const VISITOR: &str = "来访者黄女士";

/// The employment records of 少林社区 (东湖街道), made by district federation staff: an
/// enterprise with an open job, a job fair it takes part in with one check-in, and a woman who
/// seeks work, gets help and is mentored.
struct Town {
    app: TestApp,
    federation: Client,
    enterprise: i64,
    job: i64,
    event: i64,
    woman: i64,
    seeker: i64,
}

async fn town() -> Town {
    let app = spawn_app().await;
    let federation = app.district_federation().await;
    let enterprise = register_enterprise(&federation, "丰泽巧手服饰", 21, SHAOLIN).await;
    let job = post_job(&federation, enterprise, "缝纫工", SHAOLIN).await;
    let event = hold_job_fair(&federation, "春风送岗位", SHAOLIN, &[enterprise]).await;
    let checked_in = federation
        .post(
            &format!("/api/v1/events/{event}/checkins"),
            json!({ "name": VISITOR, "phone": "13700001111", "sex": "female" }),
        )
        .await;
    assert_eq!(checked_in.status, 201, "{}", checked_in.text);
    let woman = register_person(&federation, WOMAN, "006", SHAOLIN).await;
    let seeker = register_seeker(&federation, woman).await;
    Town {
        app,
        federation,
        enterprise,
        job,
        event,
        woman,
        seeker,
    }
}

impl Town {
    async fn other_street_officer(&self) -> Client {
        self.app.user("other_officer", "street", OTHER_STREET).await
    }

    /// What the district federation reads at `path` (200 expected).
    async fn as_owned(&self, path: &str) -> Value {
        let read = self.federation.get(path).await;
        assert_eq!(read.status, 200, "{path}: {}", read.text);
        read.body
    }
}

/// Asserts that `client` answers a write at `tail` of the record `id` under `base` exactly as
/// for a record that does not exist.
async fn assert_write_hidden(client: &Client, base: &str, id: i64, tail: &str, body: Value) {
    assert_same_as_missing(
        &client
            .post(&format!("{base}/{id}{tail}"), body.clone())
            .await,
        &client.post(&format!("{base}/{MISSING}{tail}"), body).await,
        &format!("POST {base}/…{tail}"),
        &[CONTACT_PHONE, WOMAN, VISITOR],
    );
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_enterprise_beyond_public_fields() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    assert_same_as_missing(
        &officer
            .get(&format!("/api/v1/enterprises/{}", t.enterprise))
            .await,
        &officer.get(&format!("/api/v1/enterprises/{MISSING}")).await,
        "full record",
        &[CONTACT_PHONE, "李经理", "139****1234"],
    );
    let public = officer
        .get(&format!("/api/v1/enterprises/{}/public", t.enterprise))
        .await;
    assert_eq!(public.status, 200, "{}", public.text);
    let mut keys: Vec<&String> = public.body.as_object().expect("view").keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["id", "industry", "name", "open_jobs"],
        "{}",
        public.text
    );
    assert!(!public.text.contains("李经理") && !public.text.contains("1234"));
    let listed = officer.get("/api/v1/enterprises").await;
    assert!(
        !listed_ids(&listed).contains(&t.enterprise),
        "{}",
        listed.text
    );
    let directory = officer.get("/api/v1/enterprises/public?q=巧手").await;
    assert_eq!(
        listed_ids(&directory),
        vec![t.enterprise],
        "district-public"
    );
    assert!(!directory.text.contains("李经理"));
}

#[tokio::test]
async fn street_officer_cannot_change_another_streets_enterprise() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    let path = format!("/api/v1/enterprises/{}", t.enterprise);
    let before = t.as_owned(&path).await;
    assert_same_as_missing(
        &officer.patch(&path, json!({ "staff": 130 })).await,
        &officer
            .patch(
                &format!("/api/v1/enterprises/{MISSING}"),
                json!({ "staff": 130 }),
            )
            .await,
        "change",
        &[CONTACT_PHONE],
    );
    assert_eq!(t.as_owned(&path).await, before, "nothing was changed");
}

#[tokio::test]
async fn refused_visit_outside_scope_is_404_not_403() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    let visit = json!({ "visited_on": "2026-09-01", "seen": "订单饱满", "difficulties": "缺工" });
    assert_write_hidden(
        &officer,
        "/api/v1/enterprises",
        t.enterprise,
        "/visits",
        visit,
    )
    .await;
    let owned = t
        .as_owned(&format!("/api/v1/enterprises/{}", t.enterprise))
        .await;
    assert_eq!(owned["visits"], json!([]), "no visit was stored");
}

#[tokio::test]
async fn refused_contact_phone_reveal_outside_scope_is_404_not_403() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    assert_write_hidden(
        &officer,
        "/api/v1/enterprises",
        t.enterprise,
        "/reveal",
        json!({}),
    )
    .await;
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_job() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    assert_same_as_missing(
        &officer.get(&format!("/api/v1/jobs/{}", t.job)).await,
        &officer.get(&format!("/api/v1/jobs/{MISSING}")).await,
        "full record",
        &[CONTACT_PHONE],
    );
    let posting = officer.get(&format!("/api/v1/jobs/{}/public", t.job)).await;
    assert_eq!(posting.status, 200, "an open posting is district-public");
    assert_eq!(posting.body["title"], "缝纫工");
    let listed = officer.get("/api/v1/jobs").await;
    assert!(!listed_ids(&listed).contains(&t.job), "{}", listed.text);
    assert_hidden(
        &officer
            .get(&format!("/api/v1/jobs/{}/matches", t.job))
            .await,
        "its matches",
        &[WOMAN],
    );
}

#[tokio::test]
async fn refused_job_change_outside_scope_is_404_not_403() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    let path = format!("/api/v1/jobs/{}", t.job);
    let before = t.as_owned(&path).await;
    assert_same_as_missing(
        &officer.patch(&path, json!({ "positions": 9 })).await,
        &officer
            .patch(
                &format!("/api/v1/jobs/{MISSING}"),
                json!({ "positions": 9 }),
            )
            .await,
        "change",
        &[],
    );
    assert_eq!(t.as_owned(&path).await, before, "nothing was changed");
}

#[tokio::test]
async fn street_officer_cannot_post_a_job_for_another_streets_enterprise() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    let posted = officer
        .post(
            "/api/v1/jobs",
            json!({ "enterprise_id": t.enterprise, "title": "理货员", "category": "retail",
                    "positions": 2, "salary_min": 3000, "salary_max": 4000,
                    "unit_code": OTHER_STREET }),
        )
        .await;
    posted.assert_invalid_field("enterprise_id");
    assert!(!posted.text.contains(CONTACT_PHONE));
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_event() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    assert_same_as_missing(
        &officer.get(&format!("/api/v1/events/{}", t.event)).await,
        &officer.get(&format!("/api/v1/events/{MISSING}")).await,
        "full record",
        &[VISITOR],
    );
    for tail in ["/report", "/report.xlsx"] {
        let report = officer
            .get(&format!("/api/v1/events/{}{tail}", t.event))
            .await;
        assert_hidden(&report, tail, &[VISITOR]);
    }
    let public = officer
        .get(&format!("/api/v1/events/{}/public", t.event))
        .await;
    assert_eq!(public.status, 200, "{}", public.text);
    assert_eq!(public.body["title"], "春风送岗位");
    assert_eq!(public.body["date"], "2026-12-20");
    assert!(!public.text.contains(VISITOR) && !public.text.contains("checkin"));
    let listed = officer.get("/api/v1/events").await;
    assert!(!listed_ids(&listed).contains(&t.event), "{}", listed.text);
}

#[tokio::test]
async fn refused_checkin_outside_scope_is_404_not_403() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    let path = format!("/api/v1/events/{}", t.event);
    let before = t.as_owned(&path).await;
    let visitor = json!({ "name": "越权登记", "phone": "13700002222", "sex": "female" });
    assert_write_hidden(&officer, "/api/v1/events", t.event, "/checkins", visitor).await;
    assert_eq!(t.as_owned(&path).await, before, "nobody was checked in");
}

#[tokio::test]
async fn refused_event_write_outside_scope_is_404_not_403() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    let path = format!("/api/v1/events/{}", t.event);
    let before = t.as_owned(&path).await;
    let agreement = json!({ "enterprise_id": t.enterprise, "person_id": t.woman, "job_id": t.job });
    let writes: [(&str, Value); 3] = [
        ("/agreements", agreement),
        ("/close", json!({})),
        ("/enterprises", json!({ "enterprise_id": t.enterprise })),
    ];
    for (tail, body) in writes {
        assert_write_hidden(&officer, "/api/v1/events", t.event, tail, body).await;
    }
    assert_same_as_missing(
        &officer.patch(&path, json!({ "title": "改名" })).await,
        &officer
            .patch(
                &format!("/api/v1/events/{MISSING}"),
                json!({ "title": "改名" }),
            )
            .await,
        "change",
        &[VISITOR],
    );
    assert_eq!(t.as_owned(&path).await, before, "nothing was changed");
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_seeker() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    for tail in ["", "/matches"] {
        assert_same_as_missing(
            &officer
                .get(&format!("/api/v1/seekers/{}{tail}", t.seeker))
                .await,
            &officer
                .get(&format!("/api/v1/seekers/{MISSING}{tail}"))
                .await,
            tail,
            &[WOMAN],
        );
    }
    let listed = officer.get("/api/v1/seekers").await;
    assert_eq!(listed.body["total"], 0, "{}", listed.text);
    assert!(!listed.text.contains(WOMAN));
}

#[tokio::test]
async fn refused_seeker_write_outside_scope_is_404_not_403() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    let path = format!("/api/v1/seekers/{}", t.seeker);
    let before = t.as_owned(&path).await;
    assert_same_as_missing(
        &officer.patch(&path, json!({ "note": "越权备注" })).await,
        &officer
            .patch(
                &format!("/api/v1/seekers/{MISSING}"),
                json!({ "note": "越权备注" }),
            )
            .await,
        "change",
        &[WOMAN],
    );
    let recommend = json!({ "job_id": t.job });
    assert_write_hidden(
        &officer,
        "/api/v1/seekers",
        t.seeker,
        "/recommendations",
        recommend,
    )
    .await;
    assert_eq!(t.as_owned(&path).await, before, "nothing was changed");
}

#[tokio::test]
async fn a_jobs_matches_show_only_seekers_of_the_callers_subtree() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    let own = register_enterprise(&officer, "丰泽纸品", 22, OTHER_STREET).await;
    let job = post_job(&officer, own, "包装工", OTHER_STREET).await;
    let matches = officer.get(&format!("/api/v1/jobs/{job}/matches")).await;
    assert_eq!(matches.status, 200, "{}", matches.text);
    assert!(!matches.text.contains(WOMAN), "{}", matches.text);
    let district = t
        .federation
        .get(&format!("/api/v1/jobs/{job}/matches"))
        .await;
    assert!(
        district.text.contains(WOMAN),
        "she does match: {}",
        district.text
    );
}

/// Help of 丰泽区妇联 for the woman, and her mentoring by 苏丽华 (both of 少林社区).
async fn help_and_mentoring(t: &Town) -> (i64, i64) {
    let help = created(
        t.federation
            .post(
                "/api/v1/assistance",
                json!({ "person_id": t.woman, "kind": "job", "provider": "丰泽区妇联",
                        "started_on": "2026-09-01" }),
            )
            .await,
    );
    let mentor = register_person(&t.federation, "苏丽华", "008", SHAOLIN).await;
    let pair = created(
        t.federation
            .post(
                "/api/v1/mentorships",
                json!({ "mentor_id": mentor, "mentee_id": t.woman, "started_on": "2026-09-05",
                        "goal": "开办家政服务社" }),
            )
            .await,
    );
    (id_of(&help), id_of(&pair))
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_assistance() {
    let t = town().await;
    help_and_mentoring(&t).await;
    let officer = t.other_street_officer().await;
    let listed = officer
        .get(&format!("/api/v1/assistance?person_id={}", t.woman))
        .await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert_eq!(listed.body["total"], 0, "{}", listed.text);
    let mentoring = officer.get("/api/v1/mentorships").await;
    assert_eq!(mentoring.status, 200, "{}", mentoring.text);
    assert!(
        !mentoring.text.contains(WOMAN) && !mentoring.text.contains("开办家政服务社"),
        "{}",
        mentoring.text
    );
}

#[tokio::test]
async fn refused_assistance_write_outside_scope_is_404_not_403() {
    let t = town().await;
    let (help, pair) = help_and_mentoring(&t).await;
    let officer = t.other_street_officer().await;
    assert_same_as_missing(
        &officer
            .patch(
                &format!("/api/v1/assistance/{help}"),
                json!({ "status": "completed", "outcome": "越权结案" }),
            )
            .await,
        &officer
            .patch(
                &format!("/api/v1/assistance/{MISSING}"),
                json!({ "status": "completed", "outcome": "越权结案" }),
            )
            .await,
        "close her help",
        &[WOMAN],
    );
    let meeting = json!({ "met_on": "2026-09-12", "note": "越权记录" });
    assert_write_hidden(&officer, "/api/v1/mentorships", pair, "/meetings", meeting).await;
    let owned = t
        .as_owned(&format!("/api/v1/assistance?person_id={}", t.woman))
        .await;
    assert_eq!(owned["items"][0]["status"], "active", "{owned}");
    assert!(!t
        .as_owned("/api/v1/mentorships")
        .await
        .to_string()
        .contains("越权记录"));
}

#[tokio::test]
async fn street_officer_cannot_record_help_for_another_streets_woman() {
    let t = town().await;
    let officer = t.other_street_officer().await;
    let refused = officer
        .post(
            "/api/v1/assistance",
            json!({ "person_id": t.woman, "kind": "job", "provider": "丰泽街道妇联",
                    "started_on": "2026-09-01" }),
        )
        .await;
    refused.assert_invalid("person_id", "unknown_person");
    assert!(!refused.text.contains(WOMAN));
    let seeker = officer
        .post(
            "/api/v1/seekers",
            json!({ "person_id": t.woman, "categories": ["retail"] }),
        )
        .await;
    seeker.assert_invalid_field("person_id");
}

#[tokio::test]
async fn leader_reads_only_her_liaison_enterprises() {
    let t = town().await;
    let not_hers = register_enterprise(&t.federation, "东湖茶业", 23, SHAOLIN).await;
    let leader_id = t
        .app
        .add_user("leader", "leader", DISTRICT, STAFF_PASSWORD)
        .await;
    let assigned = t
        .federation
        .client_put(
            &format!("/api/v1/enterprises/{}/leaders", t.enterprise),
            json!({ "user_ids": [leader_id] }),
        )
        .await;
    assert_eq!(assigned.status, 200, "{}", assigned.text);
    let leader = t.app.login("leader", STAFF_PASSWORD).await;
    let listed = leader.get("/api/v1/enterprises").await;
    assert_eq!(listed_ids(&listed), vec![t.enterprise], "{}", listed.text);
    let hers = leader
        .get(&format!("/api/v1/enterprises/{}", t.enterprise))
        .await;
    assert_eq!(hers.status, 200, "{}", hers.text);
    assert_same_as_missing(
        &leader.get(&format!("/api/v1/enterprises/{not_hers}")).await,
        &leader.get(&format!("/api/v1/enterprises/{MISSING}")).await,
        "another enterprise in full",
        &["139****1234"],
    );
    let visit = json!({ "visited_on": "2026-09-01", "seen": "订单饱满" });
    assert_write_hidden(&leader, "/api/v1/enterprises", not_hers, "/visits", visit).await;
    assert_write_hidden(
        &leader,
        "/api/v1/enterprises",
        not_hers,
        "/reveal",
        json!({}),
    )
    .await;
    let public = leader
        .get(&format!("/api/v1/enterprises/{not_hers}/public"))
        .await;
    assert_eq!(public.status, 200, "its public view is the district's");
}

#[tokio::test]
async fn leader_works_with_no_seeker_assistance_or_mentoring() {
    let t = town().await;
    let leader = t.app.user("leader", "leader", DISTRICT).await;
    for path in [
        "/api/v1/seekers".to_owned(),
        format!("/api/v1/seekers/{}", t.seeker),
        format!("/api/v1/seekers/{MISSING}"),
        format!("/api/v1/jobs/{}/matches", t.job),
        "/api/v1/assistance".to_owned(),
        "/api/v1/mentorships".to_owned(),
    ] {
        assert_refused(&leader.get(&path).await, &path, &[WOMAN]);
    }
}

#[tokio::test]
async fn caseworker_does_no_employment_work() {
    let t = town().await;
    let worker = t.app.user("worker", "caseworker", DISTRICT).await;
    for path in [
        "/api/v1/enterprises".to_owned(),
        format!("/api/v1/enterprises/{}", t.enterprise),
        format!("/api/v1/enterprises/{}/public", t.enterprise),
        format!("/api/v1/jobs/{}", t.job),
        format!("/api/v1/events/{}", t.event),
        "/api/v1/seekers".to_owned(),
        "/api/v1/employment/dashboard".to_owned(),
    ] {
        assert_refused(&worker.get(&path).await, &path, &[CONTACT_PHONE, WOMAN]);
    }
}

#[tokio::test]
async fn community_officer_cannot_read_a_neighbouring_communitys_enterprise() {
    let t = town().await;
    let chair = t.app.user("donghu_chair", "community", DONGHU).await;
    assert_same_as_missing(
        &chair
            .get(&format!("/api/v1/enterprises/{}", t.enterprise))
            .await,
        &chair.get(&format!("/api/v1/enterprises/{MISSING}")).await,
        "full record",
        &["139****1234", "李经理"],
    );
    assert_write_hidden(
        &chair,
        "/api/v1/enterprises",
        t.enterprise,
        "/reveal",
        json!({}),
    )
    .await;
    let public = chair
        .get(&format!("/api/v1/enterprises/{}/public", t.enterprise))
        .await;
    assert_eq!(public.status, 200, "{}", public.text);
}

#[tokio::test]
async fn a_role_without_employment_work_gets_the_same_answer_for_every_id() {
    let t = town().await;
    let worker = t.app.user("worker", "caseworker", DISTRICT).await;
    for (kind, id) in [
        ("enterprises", t.enterprise),
        ("jobs", t.job),
        ("events", t.event),
    ] {
        let existing = worker.get(&format!("/api/v1/{kind}/{id}")).await;
        let missing = worker.get(&format!("/api/v1/{kind}/{MISSING}")).await;
        assert_refused(&existing, kind, &[CONTACT_PHONE]);
        assert_eq!(
            (missing.status, &missing.body),
            (existing.status, &existing.body),
            "{kind}: an existing and a missing id answer alike"
        );
    }
}
