//! The scope rules of cases: the caller's subtree; a caseworker her own cases; a leader the
//! enterprise reports; restricted cases district federation staff and their handler only, with
//! a status-only line for the officer who took one in.

use super::{assert_same_as_missing, listed_ids, MISSING};
use crate::common::*;
use serde_json::{json, Value};

const NARRATIVE: &str = "单位拖欠三个月工资。";
const DV_NARRATIVE: &str = "哨兵叙述：丈夫多次殴打。";

/// A rights case of 少林社区 taken in by district federation staff, with 郑丽华 in it.
struct Desk {
    app: TestApp,
    federation: Client,
    case: Value,
}

impl Desk {
    fn id(&self) -> i64 {
        id_of(&self.case)
    }

    fn code(&self) -> &str {
        self.case["code"].as_str().expect("code")
    }
}

async fn desk() -> Desk {
    let app = spawn_app().await;
    let federation = app.district_federation().await;
    let person = register_person(&federation, "郑丽华", "022", SHAOLIN).await;
    let case = open_rights_case(&federation, SHAOLIN, &[person], NARRATIVE).await;
    Desk {
        app,
        federation,
        case,
    }
}

/// A domestic-violence case taken in by the chair of 少林社区: restricted from then on.
async fn restricted_case(app: &TestApp) -> (Client, Value) {
    let chair = app.user("shaolin_chair", "community", SHAOLIN).await;
    let taken = created(
        chair
            .post(
                "/api/v1/cases",
                json!({ "kind": "rights", "channel": "walk_in", "category": "domestic_violence",
                        "unit_code": SHAOLIN, "narrative": DV_NARRATIVE }),
            )
            .await,
    );
    assert_eq!(taken["restricted"], true);
    (chair, taken)
}

/// Asserts that `client` finds no trace of the case: not by id, not in the list or a search
/// by its code, not on its page.
async fn assert_case_out_of_sight(client: &Client, case: &Value, narrative: &str) {
    let (id, code) = (id_of(case), case["code"].as_str().expect("code"));
    assert_same_as_missing(
        &client.get(&format!("/api/v1/cases/{id}")).await,
        &client.get(&format!("/api/v1/cases/{MISSING}")).await,
        "read",
        &[narrative, code],
    );
    let listed = client.get("/api/v1/cases").await;
    assert!(!listed_ids(&listed).contains(&id), "{}", listed.text);
    let searched = client.get(&format!("/api/v1/cases?q={code}")).await;
    assert_eq!(searched.body["total"], 0, "{}", searched.text);
    let page = client.get(&format!("/cases/{id}")).await;
    assert_eq!(page.status, 404);
    assert!(!page.text.contains(narrative));
}

/// The case's timeline as its owner reads it.
async fn timeline_of(owner: &Client, id: i64) -> Value {
    let read = owner.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(read.status, 200, "{}", read.text);
    json!([
        read.body["status"],
        read.body["timeline"],
        read.body["referrals"]
    ])
}

#[tokio::test]
async fn street_officer_cannot_read_another_streets_case() {
    let d = desk().await;
    let officer = d.app.user("other_officer", "street", OTHER_STREET).await;
    assert_case_out_of_sight(&officer, &d.case, NARRATIVE).await;
}

#[tokio::test]
async fn community_officer_cannot_read_a_neighbouring_communitys_case() {
    let d = desk().await;
    let chair = d.app.user("donghu_chair", "community", DONGHU).await;
    assert_case_out_of_sight(&chair, &d.case, NARRATIVE).await;
}

#[tokio::test]
async fn refused_case_write_outside_scope_is_404_not_403() {
    let d = desk().await;
    let officer = d.app.user("other_officer", "street", OTHER_STREET).await;
    let before = timeline_of(&d.federation, d.id()).await;
    let writes: [(&str, &str, Value); 6] = [
        ("move", "transition", json!({ "to": "in_progress" })),
        (
            "note",
            "entries",
            json!({ "kind": "note", "body": "越权记录" }),
        ),
        (
            "refer",
            "referrals",
            json!({ "department_code": "legal_aid", "request": "请提供法律援助" }),
        ),
        ("screen", "screening", json!({ "yes": ["controlling"] })),
        (
            "order",
            "protection-orders",
            json!({ "applied_on": "2026-09-22", "court": "丰泽区人民法院", "status": "applied" }),
        ),
        (
            "report",
            "mandatory-report",
            json!({ "recipient": "丰泽公安分局", "reported_on": "2026-09-21" }),
        ),
    ];
    for (what, tail, body) in writes {
        assert_same_as_missing(
            &officer
                .post(&format!("/api/v1/cases/{}/{tail}", d.id()), body.clone())
                .await,
            &officer
                .post(&format!("/api/v1/cases/{MISSING}/{tail}"), body)
                .await,
            what,
            &[NARRATIVE, d.code()],
        );
    }
    let (ct, body) = multipart(&[], "证据.pdf", b"%PDF-1.4\n");
    let attach = officer
        .post_raw(&format!("/api/v1/cases/{}/attachments", d.id()), &ct, body)
        .await;
    assert_hidden(&attach, "attach", &[NARRATIVE]);
    assert_eq!(
        timeline_of(&d.federation, d.id()).await,
        before,
        "nothing was written"
    );
}

#[tokio::test]
async fn caseworker_sees_only_her_cases() {
    let d = desk().await;
    let worker = d.app.user("worker", "caseworker", DISTRICT).await;
    let other = open_rights_case(&d.federation, SHAOLIN, &[], "另一宗：邻里纠纷。").await;
    assign_case(&d.federation, d.id(), "worker").await;
    let taken_in = open_rights_case(&worker, SHAOLIN, &[], "她接待的来访。").await;
    let listed = worker.get("/api/v1/cases").await;
    let mut ids = listed_ids(&listed);
    ids.sort_unstable();
    let mut hers = vec![d.id(), id_of(&taken_in)];
    hers.sort_unstable();
    assert_eq!(ids, hers, "the case she handles and the one she took in");
    assert!(!listed.text.contains(other["code"].as_str().expect("code")));
    assert_same_as_missing(
        &worker
            .get(&format!("/api/v1/cases/{}", id_of(&other)))
            .await,
        &worker.get(&format!("/api/v1/cases/{MISSING}")).await,
        "a case she neither handles nor took in",
        &["邻里纠纷"],
    );
    let note = worker
        .post(
            &format!("/api/v1/cases/{}/entries", id_of(&other)),
            json!({ "kind": "note", "body": "越权记录" }),
        )
        .await;
    assert_hidden(&note, "a note on it", &["邻里纠纷"]);
}

/// An enterprise difficulty report of 少林社区 beside the desk's rights case.
async fn enterprise_report(d: &Desk) -> Value {
    let enterprise = register_enterprise(&d.federation, "丰泽巧手服饰", 11, SHAOLIN).await;
    report_enterprise_difficulty(&d.federation, enterprise, SHAOLIN).await
}

#[tokio::test]
async fn leader_sees_only_enterprise_cases() {
    let d = desk().await;
    let report = enterprise_report(&d).await;
    let leader = d.app.user("leader", "leader", DISTRICT).await;
    let listed = leader.get("/api/v1/cases").await;
    assert_eq!(listed_ids(&listed), vec![id_of(&report)], "{}", listed.text);
    let read = leader
        .get(&format!("/api/v1/cases/{}", id_of(&report)))
        .await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["narrative"], "企业反映流动资金紧张。");
    assert_case_out_of_sight(&leader, &d.case, NARRATIVE).await;
    let note = leader
        .post(
            &format!("/api/v1/cases/{}/entries", d.id()),
            json!({ "kind": "note", "body": "越权记录" }),
        )
        .await;
    assert_hidden(&note, "a note on a rights case", &[NARRATIVE]);
}

#[tokio::test]
async fn leader_cannot_take_in_a_rights_case() {
    let d = desk().await;
    let leader = d.app.user("leader", "leader", DISTRICT).await;
    let refused = leader
        .post(
            "/api/v1/cases",
            json!({ "kind": "rights", "channel": "hotline_12338", "category": "marriage_family",
                    "unit_code": SHAOLIN, "narrative": "来电求助。" }),
        )
        .await;
    assert_refused(&refused, "take in a rights case", &[]);
    let total = d.federation.get("/api/v1/cases").await.body["total"].clone();
    assert_eq!(total, 1, "nothing was taken in");
}

#[tokio::test]
async fn restricted_case_is_hidden_from_street_officer() {
    let d = desk().await;
    let (_, dv) = restricted_case(&d.app).await;
    // The officer of the very street the case belongs to.
    let officer = d.app.user("officer", "street", EAST_LAKE_STREET).await;
    assert_case_out_of_sight(&officer, &dv, DV_NARRATIVE).await;
    let note = officer
        .post(
            &format!("/api/v1/cases/{}/entries", id_of(&dv)),
            json!({ "kind": "note", "body": "越权记录" }),
        )
        .await;
    assert_hidden(&note, "a note", &[DV_NARRATIVE]);
    let stats = officer.get("/api/v1/cases/stats").await;
    assert_eq!(stats.body["total"], 1, "not even counted: {}", stats.text);
}

#[tokio::test]
async fn restricted_case_is_hidden_from_the_admin_and_street_federation_staff() {
    let d = desk().await;
    let (_, dv) = restricted_case(&d.app).await;
    let street_federation = d
        .app
        .user("street_fed", "federation", EAST_LAKE_STREET)
        .await;
    for client in [&d.app.admin().await, &street_federation] {
        assert_case_out_of_sight(client, &dv, DV_NARRATIVE).await;
    }
}

#[tokio::test]
async fn restricted_case_is_seen_by_district_federation_and_its_handler() {
    let d = desk().await;
    let (_, dv) = restricted_case(&d.app).await;
    let worker = d.app.user("worker", "caseworker", DISTRICT).await;
    let path = format!("/api/v1/cases/{}", id_of(&dv));
    assert_hidden(
        &worker.get(&path).await,
        "before she handles it",
        &[DV_NARRATIVE],
    );
    let district = d.federation.get(&path).await;
    assert_eq!(district.status, 200, "{}", district.text);
    assert_eq!(district.body["narrative"], DV_NARRATIVE);
    assign_case(&d.federation, id_of(&dv), "worker").await;
    let handler = worker.get(&path).await;
    assert_eq!(handler.status, 200, "{}", handler.text);
    assert_eq!(handler.body["narrative"], DV_NARRATIVE);
}

#[tokio::test]
async fn taker_of_a_restricted_case_keeps_a_status_only_line() {
    let d = desk().await;
    let (chair, dv) = restricted_case(&d.app).await;
    let code = dv["code"].as_str().expect("code");
    assert_case_out_of_sight(&chair, &dv, DV_NARRATIVE).await;
    let lines = chair.get("/api/v1/cases/taken-in").await;
    taken_in_line(&lines, code);
    assert!(!lines.text.contains(DV_NARRATIVE));
    let page = chair.get("/cases/taken-in").await;
    assert!(page.text.contains(code) && !page.text.contains(DV_NARRATIVE));
    let others = d.federation.get("/api/v1/cases/taken-in").await;
    others.assert_lacks(code, "nobody else's line");
}

#[tokio::test]
async fn admin_reads_case_lists_without_narratives_and_handles_none() {
    let d = desk().await;
    let admin = d.app.admin().await;
    let listed = admin.get("/api/v1/cases").await;
    assert!(listed_ids(&listed).contains(&d.id()));
    assert!(!listed.text.contains(NARRATIVE));
    let read = admin.get(&format!("/api/v1/cases/{}", d.id())).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert!(read.body["narrative"].is_null() && !read.text.contains(NARRATIVE));
    let note = admin
        .post(
            &format!("/api/v1/cases/{}/entries", d.id()),
            json!({ "kind": "note", "body": "管理员记录" }),
        )
        .await;
    assert_refused(&note, "a note", &[NARRATIVE]);
}

/// Asserts that `client`, of a role that reaches no case, reads nothing of one.
async fn assert_no_case_contents(client: &Client, d: &Desk) {
    assert_refused(&client.get("/api/v1/cases").await, "list", &[NARRATIVE]);
    assert_same_as_missing(
        &client.get(&format!("/api/v1/cases/{}", d.id())).await,
        &client.get(&format!("/api/v1/cases/{MISSING}")).await,
        "read",
        &[NARRATIVE, d.code()],
    );
    assert_refused(&client.get("/api/v1/cases/stats").await, "figures", &[]);
    assert_refused(&client.get("/api/v1/cases/taken-in").await, "taken in", &[]);
}

#[tokio::test]
async fn audit_admin_cannot_read_case_contents() {
    let d = desk().await;
    assert_no_case_contents(&d.app.auditor().await, &d).await;
}

#[tokio::test]
async fn security_admin_cannot_read_case_contents() {
    let d = desk().await;
    assert_no_case_contents(&d.app.security_admin().await, &d).await;
}

#[tokio::test]
async fn department_reads_only_the_referrals_addressed_to_it() {
    let d = desk().await;
    let path = format!("/api/v1/cases/{}/referrals", d.id());
    let refer = |department: &str, request: &str| {
        d.federation.post(
            &path,
            json!({ "department_code": department, "request": request }),
        )
    };
    assert_eq!(refer("legal_aid", "请指派律师").await.status, 201);
    let other = created(refer("health", "请安排体检").await);
    let reporter = d.app.department_user("reporter", "legal_aid").await;
    let inbox = reporter.get("/api/v1/referrals/inbox").await;
    let requests = strings(&inbox.body, "request");
    assert_eq!(requests, ["请指派律师"], "{}", inbox.text);
    assert!(!inbox.text.contains("请安排体检") && !inbox.text.contains(NARRATIVE));
    assert_same_as_missing(
        &reporter
            .post(
                &format!("/api/v1/referrals/{}/answer", id_of(&other)),
                json!({ "answer": "越权答复" }),
            )
            .await,
        &reporter
            .post(
                &format!("/api/v1/referrals/{MISSING}/answer"),
                json!({ "answer": "越权答复" }),
            )
            .await,
        "answer another department's referral",
        &["请安排体检"],
    );
    assert_hidden(
        &reporter.get(&format!("/api/v1/cases/{}", d.id())).await,
        "the case behind the referral",
        &[NARRATIVE],
    );
}

#[tokio::test]
async fn street_officer_cannot_read_a_briefing_composed_above_her_street() {
    let d = desk().await;
    let report = enterprise_report(&d).await;
    let briefing = created(
        d.federation
            .post(
                "/api/v1/briefings",
                json!({ "case_ids": [id_of(&report)], "title": "关于企业流动资金困难的呈阅件" }),
            )
            .await,
    );
    let officer = d.app.user("officer", "street", EAST_LAKE_STREET).await;
    let listed = officer.get("/api/v1/briefings").await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert!(!listed_ids(&listed).contains(&id_of(&briefing)));
    assert_same_as_missing(
        &officer
            .get(&format!("/api/v1/briefings/{}", id_of(&briefing)))
            .await,
        &officer.get(&format!("/api/v1/briefings/{MISSING}")).await,
        "read",
        &["企业反映流动资金紧张"],
    );
    let composed = officer
        .post(
            "/api/v1/briefings",
            json!({ "case_ids": [id_of(&report)], "title": "街道呈阅件" }),
        )
        .await;
    assert_refused(&composed, "compose", &[]);
}
