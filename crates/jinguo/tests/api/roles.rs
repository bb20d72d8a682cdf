//! The role × resource matrix of docs/security.md, cell by cell through the HTTP API: for each
//! role, the records are created by their owners and every cell's answer (200/201, 403, 404) is
//! checked. A refused write never answers 403 for a record the caller cannot see: 404 first, 403
//! only for a record she sees but her role may not change, or for a kind of record her role
//! never reaches (the same answer for every id, so it tells nothing about one).

use crate::common::*;
use serde_json::{json, Value};

const QUANXIU_STREET: &str = "350503002000";
const PASSWORD: &str = "Role#2026pass";

/// The roles of the matrix, in the order of every row's expectations. `other_street` is a street
/// officer of another street than the records'.
const ROLES: [&str; 11] = [
    "admin",
    "federation",
    "street",
    "other_street",
    "community",
    "caseworker",
    "leader",
    "department",
    "viewer",
    "security_admin",
    "audit_admin",
];

/// One signed-in client per role of `ROLES`.
struct Desk {
    /// Keeps the server running while the clients talk to it.
    _app: TestApp,
    clients: Vec<Client>,
}

impl Desk {
    fn of(&self, role: &str) -> &Client {
        let i = ROLES.iter().position(|r| *r == role).expect("role");
        &self.clients[i]
    }
}

async fn desk() -> Desk {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let users = [
        ("federation", "federation", DISTRICT),
        ("street", "street", EAST_LAKE_STREET),
        ("other_street", "street", QUANXIU_STREET),
        ("community", "community", SHAOLIN),
        ("caseworker", "caseworker", DISTRICT),
        ("leader", "leader", DISTRICT),
        ("viewer", "viewer", DISTRICT),
    ];
    for (name, role, unit) in users {
        app.add_user(name, role, unit, PASSWORD).await;
    }
    let made = app
        .security_admin()
        .await
        .post(
            "/api/v1/users",
            json!({ "username": "department", "role": "department", "unit_code": DISTRICT,
                    "department_code": "legal_aid", "password": PASSWORD }),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.text);
    let mut clients = vec![admin];
    for name in &ROLES[1..9] {
        clients.push(app.login(name, PASSWORD).await);
    }
    clients.push(app.security_admin().await);
    clients.push(app.auditor().await);
    Desk { _app: app, clients }
}

/// A request of one cell; built per role (a check-in needs a phone of its own).
enum Call {
    Get(String),
    Post(String, Value),
    Patch(String, Value),
    Put(String, Value),
}

async fn send(client: &Client, call: &Call) -> Reply {
    match call {
        Call::Get(path) => client.get(path).await,
        Call::Post(path, body) => client.post(path, body.clone()).await,
        Call::Patch(path, body) => client.patch(path, body.clone()).await,
        Call::Put(path, body) => client.client_put(path, body.clone()).await,
    }
}

/// The cells checked so far and the answers that differed from the matrix.
#[derive(Default)]
struct Matrix {
    cells: usize,
    wrong: Vec<String>,
}

impl Matrix {
    /// One row: the rule it shows, the expected answer of each role of `ROLES`, and the request.
    async fn row(
        &mut self,
        desk: &Desk,
        rule: &str,
        expected: [u16; 11],
        call: impl Fn(usize) -> Call,
    ) {
        for (i, role) in ROLES.iter().enumerate() {
            let reply = send(&desk.clients[i], &call(i)).await;
            self.cells += 1;
            if reply.status != expected[i] {
                self.wrong.push(format!(
                    "{rule}: {role} got {} (expected {}): {}",
                    reply.status,
                    expected[i],
                    reply.text.chars().take(160).collect::<String>()
                ));
            }
        }
    }

    fn assert_holds(&self) {
        assert!(self.cells > 0, "no cell was checked");
        assert!(self.wrong.is_empty(), "{}", self.wrong.join("\n"));
    }
}

fn id_number(seq: &str) -> String {
    jinguo_domain::identity::with_check_char(&format!("35050319880512{seq}")).expect("17 digits")
}

async fn person(owner: &Client, name: &str, seq: &str) -> i64 {
    let body = json!({ "name": name, "id_number": id_number(seq), "phone": format!("139{seq:0>8}"),
                       "unit_code": SHAOLIN });
    id_of(&created(owner.post("/api/v1/people", body).await))
}

/// The registry's records: a woman in a case, one in none, a household.
struct Registry {
    in_case: i64,
    in_no_case: i64,
    household: i64,
}

async fn registry(desk: &Desk) -> Registry {
    let owner = desk.of("federation");
    let in_case = person(owner, "林秀英", "002").await;
    let in_no_case = person(owner, "陈美玲", "004").await;
    let household = register_household(owner, "林秀英家", SHAOLIN).await;
    let joined = owner
        .post(
            &format!("/api/v1/households/{household}/members"),
            json!({ "person_id": in_case, "relation": "head" }),
        )
        .await;
    assert_eq!(joined.status, 200, "{}", joined.text);
    let case = rights_case(owner, &[in_case]).await;
    assign_case(owner, case, "caseworker").await;
    Registry {
        in_case,
        in_no_case,
        household,
    }
}

async fn rights_case(owner: &Client, people: &[i64]) -> i64 {
    let body = json!({ "kind": "rights", "channel": "hotline_12338", "category": "marriage_family",
                       "unit_code": SHAOLIN, "narrative": "来电反映丈夫长期不给生活费。",
                       "person_ids": people });
    id_of(&created(owner.post("/api/v1/cases", body).await))
}

const OK: u16 = 200;
const NEW: u16 = 201;
const NO: u16 = 403;
const GONE: u16 = 404;

#[tokio::test]
async fn people_and_households_are_read_and_changed_by_the_roles_whose_work_needs_them() {
    let desk = desk().await;
    let r = registry(&desk).await;
    let mut m = Matrix::default();
    let (in_case, in_no_case, household) = (r.in_case, r.in_no_case, r.household);
    //            admin fed  street other comm worker leader dept viewer sec  audit
    m.row(
        &desk,
        "caseworker_reads_the_people_of_her_cases",
        [OK, OK, OK, GONE, OK, OK, NO, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/people/{in_case}")),
    )
    .await;
    m.row(
        &desk,
        "caseworker_cannot_read_people_outside_her_cases",
        [OK, OK, OK, GONE, OK, GONE, NO, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/people/{in_no_case}")),
    )
    .await;
    m.row(
        &desk,
        "leader_and_department_and_viewer_cannot_list_the_registry",
        [OK, OK, OK, OK, OK, OK, NO, NO, NO, NO, NO],
        |_| Call::Get("/api/v1/people".into()),
    )
    .await;
    m.row(
        &desk,
        "caseworker_cannot_change_a_person_she_cannot_see_and_gets_404",
        [OK, OK, OK, GONE, OK, GONE, NO, NO, NO, NO, NO],
        |_| {
            Call::Patch(
                format!("/api/v1/people/{in_no_case}"),
                json!({ "notes": "已电话回访" }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "caseworker_cannot_change_the_person_of_her_case",
        [OK, OK, OK, GONE, OK, NO, NO, NO, NO, NO, NO],
        |_| {
            Call::Patch(
                format!("/api/v1/people/{in_case}"),
                json!({ "notes": "已电话回访" }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "admin_cannot_reveal_full_numbers",
        [NO, OK, OK, GONE, OK, OK, NO, NO, NO, NO, NO],
        |_| Call::Post(format!("/api/v1/people/{in_case}/reveal"), json!({})),
    )
    .await;
    m.row(
        &desk,
        "only_federation_and_street_roles_export_people",
        [NO, OK, OK, OK, NO, NO, NO, NO, NO, NO, NO],
        |_| Call::Post("/api/v1/people/export?format=csv".into(), json!({})),
    )
    .await;
    m.row(
        &desk,
        "people_import_is_for_those_who_register_people",
        [OK, OK, OK, OK, OK, NO, NO, NO, NO, NO, NO],
        |_| Call::Get("/people/import".into()),
    )
    .await;
    m.row(
        &desk,
        "caseworker_cannot_read_the_households_of_the_registry",
        [OK, OK, OK, GONE, OK, NO, NO, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/households/{household}")),
    )
    .await;
    m.row(
        &desk,
        "households_are_changed_by_those_who_register_people",
        [OK, OK, OK, GONE, OK, NO, NO, NO, NO, NO, NO],
        |_| {
            Call::Post(
                format!("/api/v1/households/{household}/members"),
                json!({ "person_id": in_no_case, "relation": "spouse" }),
            )
        },
    )
    .await;
    m.assert_holds();
}

#[tokio::test]
async fn caseworker_cannot_read_people_outside_her_cases() {
    let desk = desk().await;
    let r = registry(&desk).await;
    let worker = desk.of("caseworker");
    let list = worker.get("/api/v1/people").await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(
        list.body["total"], 1,
        "only the woman of her case: {}",
        list.text
    );
    assert_eq!(list.body["items"][0]["id"], r.in_case);
    let searched = worker.get("/api/v1/people?q=陈美玲").await;
    assert_eq!(searched.body["total"], 0, "{}", searched.text);
    assert_eq!(
        worker
            .get(&format!("/api/v1/people/{}", r.in_no_case))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn caseworker_cannot_export_people() {
    let desk = desk().await;
    registry(&desk).await;
    let worker = desk.of("caseworker");
    let export = worker
        .post("/api/v1/people/export?format=csv", json!({}))
        .await;
    assert_eq!(export.status, 403, "{}", export.text);
    assert!(!export.text.contains("林秀英"));
    let page = worker.get("/people").await;
    page.assert_lacks("id=\"export-csv\"", "no export button");
}

/// The cases of every kind, their owners and takers.
struct Casework {
    rights: i64,
    enterprise_case: i64,
    restricted: i64,
    restricted_code: String,
}

async fn casework(desk: &Desk) -> Casework {
    let owner = desk.of("federation");
    let r = registry(desk).await;
    let rights = rights_case(owner, &[r.in_case]).await;
    assign_case(owner, rights, "caseworker").await;
    let enterprise = id_of(&created(
        owner
            .post(
                "/api/v1/enterprises",
                json!({ "name": "丰泽巧手服饰", "credit_code": credit_code(11), "women_owned": true,
                        "unit_code": SHAOLIN }),
            )
            .await,
    ));
    let enterprise_case = id_of(&report_enterprise_difficulty(owner, enterprise, SHAOLIN).await);
    // The community chair takes in a domestic-violence case: restricted from then on.
    let taken = desk
        .of("community")
        .post(
            "/api/v1/cases",
            json!({ "kind": "rights", "channel": "walk_in", "category": "domestic_violence",
                    "unit_code": SHAOLIN, "narrative": "哨兵叙述：丈夫多次殴打。" }),
        )
        .await;
    assert_eq!(taken.status, 201, "{}", taken.text);
    assert_eq!(taken.body["restricted"], true);
    Casework {
        rights,
        enterprise_case,
        restricted: taken.body["id"].as_i64().expect("id"),
        restricted_code: taken.body["code"].as_str().expect("code").to_owned(),
    }
}

#[tokio::test]
async fn cases_are_read_and_handled_by_the_roles_whose_work_they_are() {
    let desk = desk().await;
    let c = casework(&desk).await;
    let (rights, enterprise_case, restricted) = (c.rights, c.enterprise_case, c.restricted);
    let note = |case: i64| {
        move |_| {
            Call::Post(
                format!("/api/v1/cases/{case}/entries"),
                json!({ "kind": "note", "body": "电话联系当事人" }),
            )
        }
    };
    let mut m = Matrix::default();
    //            admin fed  street other comm worker leader dept viewer sec  audit
    m.row(
        &desk,
        "leader_cannot_read_rights_cases",
        [OK, OK, OK, GONE, OK, OK, GONE, GONE, GONE, GONE, GONE],
        |_| Call::Get(format!("/api/v1/cases/{rights}")),
    )
    .await;
    m.row(
        &desk,
        "rights_cases_are_handled_by_case_handlers_only",
        [NO, NEW, NEW, GONE, NEW, NEW, GONE, GONE, GONE, GONE, GONE],
        note(rights),
    )
    .await;
    m.row(
        &desk,
        "leader_reads_enterprise_reports_and_caseworker_only_her_own",
        [OK, OK, OK, GONE, OK, GONE, OK, GONE, GONE, GONE, GONE],
        |_| Call::Get(format!("/api/v1/cases/{enterprise_case}")),
    )
    .await;
    m.row(
        &desk,
        "leader_handles_enterprise_reports",
        [NO, NEW, NEW, GONE, NEW, GONE, NEW, GONE, GONE, GONE, GONE],
        note(enterprise_case),
    )
    .await;
    m.row(
        &desk,
        "restricted_cases_are_hidden_from_every_role_but_district_staff",
        [
            GONE, OK, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE,
        ],
        |_| Call::Get(format!("/api/v1/cases/{restricted}")),
    )
    .await;
    m.row(
        &desk,
        "a_restricted_case_is_changed_by_nobody_who_cannot_see_it",
        [
            GONE, NEW, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE,
        ],
        note(restricted),
    )
    .await;
    m.row(
        &desk,
        "referrals_are_made_by_those_who_handle_the_case",
        [NO, NEW, NEW, GONE, NEW, NEW, GONE, GONE, GONE, GONE, GONE],
        |_| {
            Call::Post(
                format!("/api/v1/cases/{rights}/referrals"),
                json!({ "department_code": "legal_aid", "request": "请提供法律援助" }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "a_department_reads_the_referrals_addressed_to_it_only",
        [NO, NO, NO, NO, NO, NO, NO, OK, NO, NO, NO],
        |_| Call::Get("/api/v1/referrals/inbox".into()),
    )
    .await;
    m.row(
        &desk,
        "briefings_are_for_federation_street_and_leader_roles",
        [NO, OK, OK, OK, NO, NO, OK, NO, NO, NO, NO],
        |_| Call::Get("/api/v1/briefings".into()),
    )
    .await;
    m.row(
        &desk,
        "leader_cannot_take_in_a_rights_case",
        [NO, NEW, NEW, NEW, NEW, NEW, NO, NO, NO, NO, NO],
        |i| {
            Call::Post(
                "/api/v1/cases".into(),
                json!({ "kind": "rights", "channel": "hotline_12338",
                               "category": "marriage_family",
                               "unit_code": if i == 3 { QUANXIU_STREET } else { SHAOLIN },
                               "narrative": "来电求助。" }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "case_figures_are_for_every_role_but_the_department",
        [OK, OK, OK, OK, OK, OK, OK, NO, OK, NO, NO],
        |_| Call::Get("/api/v1/cases/stats".into()),
    )
    .await;
    m.row(
        &desk,
        "briefings_are_composed_by_federation_staff_and_leaders",
        [NO, NEW, NO, NO, NO, NO, NEW, NO, NO, NO, NO],
        |_| {
            Call::Post(
                "/api/v1/briefings".into(),
                json!({ "case_ids": [enterprise_case], "title": "关于企业流动资金困难的呈阅件" }),
            )
        },
    )
    .await;
    m.assert_holds();
}

#[tokio::test]
async fn the_officer_who_took_in_a_restricted_case_keeps_its_status_only() {
    let desk = desk().await;
    let c = casework(&desk).await;
    let chair = desk.of("community");
    assert_eq!(
        chair
            .get(&format!("/api/v1/cases/{}", c.restricted))
            .await
            .status,
        404,
        "the case itself is its handler's and the district's"
    );
    let list = chair.get("/api/v1/cases/taken-in").await;
    taken_in_line(&list, &c.restricted_code);
    list.assert_lacks("哨兵叙述", "no narrative");
    let page = chair.get("/cases/taken-in").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains(&c.restricted_code) && !page.text.contains("哨兵叙述"));
    // Nobody else's list shows it.
    let other = desk.of("street").get("/api/v1/cases/taken-in").await;
    assert!(!other.text.contains(&c.restricted_code));
    assert_eq!(
        desk.of("viewer").get("/api/v1/cases/taken-in").await.status,
        403
    );
}

/// The employment records of 少林社区 (东湖街道): an enterprise with the leader assigned, one
/// without, an open job, a fair, a seeker.
struct Employment {
    enterprise: i64,
    not_hers: i64,
    job: i64,
    event: i64,
    seeker: i64,
    woman: i64,
    /// One woman per role of `ROLES`, for an agreement each (one per person and job).
    signers: Vec<i64>,
}

async fn employment(desk: &Desk) -> Employment {
    let owner = desk.of("federation");
    let woman = person(owner, "王秀兰", "006").await;
    let mut ids = Vec::new();
    for (n, name) in [(21, "丰泽巧手服饰"), (22, "东湖茶业")] {
        ids.push(id_of(&created(
            owner
                .post(
                    "/api/v1/enterprises",
                    json!({ "name": name, "credit_code": credit_code(n), "women_owned": true,
                                "unit_code": SHAOLIN, "industry": "C", "contact_name": "李经理",
                                "contact_phone": "13905951234" }),
                )
                .await,
        )));
    }
    let leader_id = desk.of("security_admin").get("/api/v1/users").await.body["items"]
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["username"] == "leader")
        .and_then(|u| u["id"].as_i64())
        .expect("leader");
    let put = owner
        .client_put(
            &format!("/api/v1/enterprises/{}/leaders", ids[0]),
            json!({ "user_ids": [leader_id] }),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text);
    let job = id_of(&created(
        owner
            .post(
                "/api/v1/jobs",
                json!({ "enterprise_id": ids[0], "title": "缝纫工", "category": "manufacturing",
                        "positions": 3, "salary_min": 3500, "salary_max": 5000,
                        "unit_code": SHAOLIN }),
            )
            .await,
    ));
    let event = id_of(&created(
        owner
            .post(
                "/api/v1/events",
                json!({ "kind": "job_fair", "title": "春风送岗位", "date": "2026-12-20",
                        "unit_code": SHAOLIN, "enterprise_ids": [ids[0]] }),
            )
            .await,
    ));
    let seeker = id_of(&created(
        owner
            .post(
                "/api/v1/seekers",
                json!({ "person_id": woman, "categories": ["manufacturing"] }),
            )
            .await,
    ));
    let mut signers = Vec::new();
    for i in 0..ROLES.len() {
        signers.push(person(owner, "签约人", &(100 + 10 * i).to_string()).await);
    }
    Employment {
        enterprise: ids[0],
        not_hers: ids[1],
        job,
        event,
        seeker,
        woman,
        signers,
    }
}

#[tokio::test]
async fn employment_records_follow_the_scope_rule_with_a_district_public_view() {
    let desk = desk().await;
    let e = employment(&desk).await;
    let (enterprise, not_hers, job, event, seeker, woman) =
        (e.enterprise, e.not_hers, e.job, e.event, e.seeker, e.woman);
    let mut m = Matrix::default();
    //            admin fed  street other comm worker leader dept viewer sec  audit
    m.row(
        &desk,
        "every_employment_worker_of_the_district_sees_an_enterprises_public_view",
        [OK, OK, OK, OK, OK, NO, OK, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/enterprises/{enterprise}/public")),
    )
    .await;
    m.row(
        &desk,
        "street_officer_cannot_read_another_streets_enterprise_in_full",
        [OK, OK, OK, GONE, OK, NO, OK, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/enterprises/{enterprise}")),
    )
    .await;
    m.row(
        &desk,
        "leader_reads_her_liaison_enterprises_only",
        [OK, OK, OK, GONE, OK, NO, GONE, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/enterprises/{not_hers}")),
    )
    .await;
    m.row(
        &desk,
        "street_officer_cannot_read_another_streets_enterprise_contact",
        [NO, OK, OK, GONE, OK, NO, OK, NO, NO, NO, NO],
        |_| {
            Call::Post(
                format!("/api/v1/enterprises/{enterprise}/reveal"),
                json!({}),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "street_officer_cannot_visit_another_streets_enterprise",
        [NEW, NEW, NEW, GONE, NEW, NO, NEW, NO, NO, NO, NO],
        |_| {
            Call::Post(
                format!("/api/v1/enterprises/{enterprise}/visits"),
                json!({ "visited_on": "2026-09-01", "seen": "订单饱满" }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "enterprise_changes_stay_in_the_subtree",
        [OK, OK, OK, GONE, OK, NO, OK, NO, NO, NO, NO],
        |_| {
            Call::Patch(
                format!("/api/v1/enterprises/{enterprise}"),
                json!({ "staff": 130 }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "only_federation_and_street_roles_export_enterprise_contacts",
        [NO, OK, OK, OK, NO, NO, NO, NO, NO, NO, NO],
        |_| Call::Post("/api/v1/enterprises/export?format=csv".into(), json!({})),
    )
    .await;
    m.row(
        &desk,
        "an_open_jobs_posting_is_district_public",
        [OK, OK, OK, OK, OK, NO, OK, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/jobs/{job}/public")),
    )
    .await;
    m.row(
        &desk,
        "street_officer_cannot_read_another_streets_job_in_full",
        [OK, OK, OK, GONE, OK, NO, OK, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/jobs/{job}")),
    )
    .await;
    m.row(
        &desk,
        "street_officer_cannot_change_another_streets_job",
        [OK, OK, OK, GONE, OK, NO, OK, NO, NO, NO, NO],
        |_| Call::Patch(format!("/api/v1/jobs/{job}"), json!({ "positions": 4 })),
    )
    .await;
    m.row(
        &desk,
        "an_events_title_and_date_are_district_public",
        [OK, OK, OK, OK, OK, NO, OK, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/events/{event}/public")),
    )
    .await;
    m.row(
        &desk,
        "street_officer_cannot_read_another_streets_event_in_full",
        [OK, OK, OK, GONE, OK, NO, OK, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/events/{event}")),
    )
    .await;
    m.row(
        &desk,
        "street_officer_cannot_check_people_in_at_another_streets_event",
        [NEW, NEW, NEW, GONE, NEW, NO, NEW, NO, NO, NO, NO],
        |i| {
            Call::Post(
                format!("/api/v1/events/{event}/checkins"),
                json!({ "name": "来访者", "phone": format!("1370000{i:04}"), "sex": "female" }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "street_officer_cannot_sign_agreements_at_another_streets_event",
        [NEW, NEW, NEW, GONE, NEW, NO, NEW, NO, NO, NO, NO],
        |i| {
            Call::Post(
                format!("/api/v1/events/{event}/agreements"),
                json!({ "enterprise_id": enterprise, "person_id": e.signers[i], "job_id": job }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "seekers_are_people_read_by_registry_roles_in_their_subtree",
        [OK, OK, OK, GONE, OK, NO, NO, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/seekers/{seeker}")),
    )
    .await;
    m.row(
        &desk,
        "assistance_is_for_registry_roles",
        [OK, OK, OK, OK, OK, NO, NO, NO, NO, NO, NO],
        |_| Call::Get("/api/v1/assistance".into()),
    )
    .await;
    m.row(
        &desk,
        "mentoring_is_for_registry_roles",
        [OK, OK, OK, OK, OK, NO, NO, NO, NO, NO, NO],
        |_| Call::Get("/api/v1/mentorships".into()),
    )
    .await;
    m.row(
        &desk,
        "street_officer_cannot_change_another_streets_seeker",
        [OK, OK, OK, GONE, OK, NO, NO, NO, NO, NO, NO],
        |_| {
            Call::Patch(
                format!("/api/v1/seekers/{seeker}"),
                json!({ "note": "已推荐岗位" }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "assistance_is_recorded_for_people_in_the_subtree_only",
        [NEW, NEW, NEW, 422, NEW, NO, NO, NO, NO, NO, NO],
        |_| {
            Call::Post(
                "/api/v1/assistance".into(),
                json!({ "person_id": woman, "kind": "job", "provider": "东湖街道妇联",
                        "started_on": "2026-09-01" }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "jobs_are_posted_for_enterprises_in_reach_only",
        [NEW, NEW, NEW, 422, NEW, NO, NEW, NO, NO, NO, NO],
        |i| {
            Call::Post(
                "/api/v1/jobs".into(),
                json!({ "enterprise_id": enterprise, "title": format!("理货员{i}"),
                        "category": "retail", "positions": 2, "salary_min": 3000,
                        "salary_max": 4000, "unit_code": SHAOLIN }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "a_jobs_matches_are_seekers_shown_to_registry_roles_only",
        [OK, OK, OK, GONE, OK, NO, NO, NO, NO, NO, NO],
        |_| Call::Get(format!("/api/v1/jobs/{job}/matches")),
    )
    .await;
    m.row(
        &desk,
        "leader_sees_the_employment_dashboard",
        [OK, OK, OK, OK, OK, NO, OK, NO, NO, NO, NO],
        |_| Call::Get("/api/v1/employment/dashboard".into()),
    )
    .await;
    m.assert_holds();
}

#[tokio::test]
async fn administration_is_the_admins_and_records_are_not() {
    let desk = desk().await;
    let mut m = Matrix::default();
    //            admin fed  street other comm worker leader dept viewer sec  audit
    m.row(
        &desk,
        "only_the_audit_administrator_reads_the_audit_log",
        [NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, OK],
        |_| Call::Get("/api/v1/audit".into()),
    )
    .await;
    m.row(
        &desk,
        "only_the_security_administrator_manages_users",
        [NO, NO, NO, NO, NO, NO, NO, NO, NO, OK, NO],
        |_| Call::Get("/api/v1/users".into()),
    )
    .await;
    m.row(
        &desk,
        "every_role_reads_the_units_of_its_subtree",
        [OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK],
        |_| Call::Get("/api/v1/units".into()),
    )
    .await;
    m.row(
        &desk,
        "deadline_settings_are_changed_by_the_admin_and_district_staff",
        [OK, OK, NO, NO, NO, NO, NO, NO, NO, NO, NO],
        |_| Call::Put("/api/v1/case-deadlines".into(), json!([])),
    )
    .await;
    m.row(
        &desk,
        "only_the_security_administrator_creates_users",
        [NO, NO, NO, NO, NO, NO, NO, NO, NO, NEW, NO],
        |i| {
            Call::Post(
                "/api/v1/users".into(),
                json!({ "username": format!("newcomer{i}"), "role": "viewer",
                        "unit_code": SHAOLIN, "password": PASSWORD }),
            )
        },
    )
    .await;
    m.row(
        &desk,
        "deadline_settings_are_read_by_every_role",
        [OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK],
        |_| Call::Get("/api/v1/case-deadlines".into()),
    )
    .await;
    m.assert_holds();
}
