//! Issue #12, the shared page parts over plain HTTP (the browser suite measures the layout):
//! the menu offers only what the role may open, error pages keep the menu and say what to do,
//! and a save's flash message is shown once on the page it lands on.

use crate::common::*;
use crate::pages::hidden_csrf;

/// The links of the sidebar of a page.
fn menu_links(html: &str) -> Vec<String> {
    let start = html
        .find("<nav class=\"sidebar\"")
        .expect("the page has the menu");
    let end = start + html[start..].find("</nav>").expect("the menu ends");
    html[start..end]
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}

#[tokio::test]
async fn every_menu_entry_opens_for_each_role_it_is_shown_to() {
    let app = spawn_app().await;
    let mut signed_in = vec![
        ("admin", app.admin().await),
        ("security_admin", app.security_admin().await),
        ("audit_admin", app.auditor().await),
        ("department", app.department_user("dept", "legal_aid").await),
    ];
    for (role, unit) in [
        ("federation", DISTRICT),
        ("street", EAST_LAKE_STREET),
        ("community", SHAOLIN),
        ("caseworker", EAST_LAKE_STREET),
        ("leader", DISTRICT),
        ("viewer", DISTRICT),
    ] {
        signed_in.push((role, app.user(&format!("u_{role}"), role, unit).await));
    }
    let mut refused = Vec::new();
    for (role, client) in &signed_in {
        let home = client.get("/").await;
        assert_eq!(home.status, 200, "{role}: home");
        let links = menu_links(&home.text);
        assert!(!links.is_empty(), "{role}: the menu has entries");
        for link in links {
            let status = client.get(&link).await.status;
            if status != 200 {
                refused.push(format!("{role}: {link} → {status}"));
            }
        }
    }
    assert!(
        refused.is_empty(),
        "menu entries the role may not open: {refused:#?}"
    );
}

#[tokio::test]
async fn a_forbidden_page_keeps_the_menu_and_says_what_to_do() {
    let app = spawn_app().await;
    let caseworker = app.user("cw", "caseworker", EAST_LAKE_STREET).await;
    let refused = caseworker.get("/admin/users").await;
    assert_eq!(refused.status, 403);
    assert!(!menu_links(&refused.text).is_empty(), "the menu stays");
    assert!(refused.text.contains("id=\"error-hint\""));
    refused.assert_shows("安全管理员", "it says whom to ask");
}

#[tokio::test]
async fn a_record_outside_scope_is_a_not_found_page_with_the_menu() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let person = register_person(&fed, "王丽", "426", OTHER_STREET).await;
    let community = app.user("co", "community", SHAOLIN).await;
    let hidden = community.get(&format!("/people/{person}")).await;
    assert_eq!(hidden.status, 404);
    assert!(!menu_links(&hidden.text).is_empty(), "the menu stays");
    assert!(hidden.text.contains("页面不存在") && !hidden.text.contains("王丽"));
    let anonymous = app.client().get("/no-such-page").await;
    anonymous.assert_lacks("class=\"sidebar\"", "no menu before sign-in");
}

#[tokio::test]
async fn a_save_shows_its_flash_message_once() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let person = register_person(&fed, "王丽", "426", SHAOLIN).await;
    let form = fed.get(&format!("/people/{person}/edit")).await;
    assert_eq!(form.status, 200);
    let csrf = hidden_csrf(&form.text);
    let id = id_number("19880512", "426");
    let saved = fed
        .post_form(
            &format!("/people/{person}/edit"),
            &[
                ("csrf", &csrf),
                ("name", "王丽"),
                ("id_number", &id),
                ("unit_code", SHAOLIN),
                ("phone", "13900000426"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let landed = fed.get(&format!("/people/{person}")).await;
    landed.assert_shows("class=\"notice\"", "the page says it was saved");
    assert!(landed.text.contains("已保存"));
    landed.assert_shows(
        "data-confirm=\"删除“王丽”？\"",
        "the confirmation names the person",
    );
    let again = fed.get(&format!("/people/{person}")).await;
    again.assert_lacks("class=\"notice\"", "only once");
}

// ---- home = today's work ----

/// The text of the home card `id`, from its heading to its end.
fn card<'a>(home: &'a str, id: &str) -> &'a str {
    let start = home
        .find(&format!("<section class=\"todo\" id=\"{id}\""))
        .unwrap_or_else(|| panic!("the home page has the card {id}"));
    let end = start + home[start..].find("</section>").expect("the card ends");
    &home[start..end]
}

#[tokio::test]
async fn a_caseworkers_home_lists_her_open_cases_emergencies_first() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let caseworker = app.user("cw", "caseworker", EAST_LAKE_STREET).await;
    let ordinary = open_rights_case(&fed, SHAOLIN, &[], "邻里纠纷，要求调解。").await;
    let dv = created(
        fed.post(
            "/api/v1/cases",
            serde_json::json!({ "kind": "rights", "channel": "hotline_12338",
                "category": "domestic_violence", "urgency": "emergency", "unit_code": SHAOLIN,
                "narrative": "丈夫殴打，已离家暂住亲戚处。" }),
        )
        .await,
    );
    for case in [&ordinary, &dv] {
        assign_case(&fed, id_of(case), "cw").await;
    }
    let home = caseworker.get("/").await;
    let mine = card(&home.text, "todo-my-cases");
    let (dv_code, ordinary_code) = (
        dv["code"].as_str().expect("code"),
        ordinary["code"].as_str().expect("code"),
    );
    let (dv_at, ordinary_at) = (mine.find(dv_code), mine.find(ordinary_code));
    assert!(
        dv_at.is_some() && ordinary_at.is_some(),
        "both of her cases: {mine}"
    );
    assert!(dv_at < ordinary_at, "the emergency comes first: {mine}");
    assert!(mine.contains("特急"), "marked as an emergency");
    home.assert_lacks("todo-unassigned", "a caseworker does not assign");
}

#[tokio::test]
async fn a_home_card_shows_the_first_eight_cases_and_counts_them_all() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let caseworker = app.user("cw", "caseworker", EAST_LAKE_STREET).await;
    for n in 0..10 {
        let case = open_rights_case(&fed, SHAOLIN, &[], &format!("第{n}件：要求调解。")).await;
        assign_case(&fed, id_of(&case), "cw").await;
    }
    let home = caseworker.get("/").await;
    let mine = card(&home.text, "todo-my-cases");
    assert!(
        mine.contains("<span class=\"todo-count\">10</span>"),
        "all ten counted: {mine}"
    );
    assert_eq!(mine.matches("<li>").count(), 8, "eight shown: {mine}");
    assert!(
        mine.contains("href=\"/cases?mine=true"),
        "a link to the rest: {mine}"
    );
}

#[tokio::test]
async fn a_case_list_orders_by_urgency_or_deadline_and_names_an_unknown_order() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let ordinary = open_rights_case(&fed, SHAOLIN, &[], "邻里纠纷，要求调解。").await;
    let urgent = created(
        fed.post(
            "/api/v1/cases",
            serde_json::json!({ "kind": "rights", "channel": "walk_in",
                "category": "personal_safety", "urgency": "urgent", "unit_code": SHAOLIN,
                "narrative": "被跟踪，害怕回家。" }),
        )
        .await,
    );
    let newest = fed.get("/api/v1/cases").await;
    assert_eq!(
        newest.body["items"][0]["id"], urgent["id"],
        "the newest first"
    );
    let pressing = fed.get("/api/v1/cases?sort=pressing").await;
    assert_eq!(pressing.status, 200, "{}", pressing.text);
    assert_eq!(
        pressing.body["items"][0]["id"], urgent["id"],
        "urgent first"
    );
    assert_eq!(pressing.body["items"][1]["id"], ordinary["id"]);
    let bad = fed.get("/api/v1/cases?sort=salary").await;
    bad.assert_invalid_field("sort");
    let page = fed.get("/cases?status=new&sort=deadline").await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text
            .replace("&#38;", "&")
            .contains("href=\"/cases?status=new&sort=pressing\""),
        "the urgency column orders the same filtered list"
    );
    page.assert_shows("aria-sort=\"ascending\"", "the column in use is marked");
    assert!(
        page.text
            .contains("<input type=\"hidden\" name=\"sort\" value=\"deadline\">"),
        "changing the filters keeps the order"
    );
}

#[tokio::test]
async fn a_public_domestic_violence_plea_waits_for_assignment_as_urgent() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let public = app.client();
    let (c, answer) = crate::cases::public::challenge(&public).await;
    let mut plea = crate::cases::public::public_case(&c, &answer);
    plea["category"] = "domestic_violence".into();
    plea["narrative"] = "他又动手了，我不敢回家。".into();
    let made = public.post("/api/v1/public/cases", plea).await;
    assert_eq!(made.status, 201, "{}", made.text);
    let code = made.body["case_code"].as_str().expect("case code");
    let listed = fed.get("/api/v1/cases?channel=online").await;
    assert_eq!(listed.body["items"][0]["urgency"], "urgent", "not 一般");
    let home = fed.get("/").await;
    let waiting = card(&home.text, "todo-unassigned");
    assert!(waiting.contains(code), "{waiting}");
    assert!(waiting.contains("紧急"), "flagged: {waiting}");
}

// ---- pickers ----

#[tokio::test]
async fn the_person_picker_suggests_only_people_in_scope() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let mine = register_person(&fed, "林秀英", "424", SHAOLIN).await;
    let theirs = register_person(&fed, "林秀英", "426", OTHER_STREET).await;
    let community = app.user("co", "community", SHAOLIN).await;
    for typed in ["林秀英", "lxy", "linxiuying"] {
        let found = community.get(&format!("/pick/people?q={typed}")).await;
        assert_eq!(found.status, 200, "{}", found.text);
        let ids: Vec<i64> = found
            .body
            .as_array()
            .expect("a list")
            .iter()
            .map(id_of)
            .collect();
        assert_eq!(
            ids,
            vec![mine],
            "{typed}: her own community's only, not {theirs}"
        );
        let detail = found.body[0]["detail"].as_str().expect("detail");
        assert!(
            detail.contains("**********") && detail.contains("少林"),
            "{detail}"
        );
    }
    let tail = id_number("19880512", "424");
    let by_tail = community
        .get(&format!("/pick/people?q={}", &tail[14..]))
        .await;
    assert_eq!(
        by_tail.body[0]["id"], mine,
        "the last four of the ID number find her"
    );
}

/// `pick.rs`: the enterprise picker answers through the enterprise list, so it suggests only
/// the enterprises of the caller's subtree — not the district-public view an outcome may name.
#[tokio::test]
async fn the_enterprise_picker_suggests_only_enterprises_of_the_callers_subtree() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let mine = register_enterprise(&fed, "巧手服饰有限公司", 71, SHAOLIN).await;
    let theirs = register_enterprise(&fed, "巧手服饰制衣厂", 72, OTHER_STREET).await;
    let suggested = |reply: &Reply| -> Vec<i64> {
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply
            .body
            .as_array()
            .expect("a list")
            .iter()
            .map(id_of)
            .collect()
    };
    let mut district = suggested(&fed.get("/pick/enterprises?q=巧手服饰").await);
    district.sort_unstable();
    let mut both = vec![mine, theirs];
    both.sort_unstable();
    assert_eq!(district, both, "the district federation is suggested both");

    let street = app.east_lake_officer().await;
    assert_eq!(
        suggested(&street.get("/pick/enterprises?q=巧手服饰").await),
        vec![mine],
        "by name: her own street's only, not {theirs}"
    );
    let code = credit_code(72);
    assert_eq!(
        suggested(&street.get(&format!("/pick/enterprises?q={code}")).await),
        Vec::<i64>::new(),
        "by credit code: not the other street's"
    );
    let other = app.other_street_officer().await;
    let found = other.get("/pick/enterprises?q=巧手").await;
    assert_eq!(suggested(&found), vec![theirs], "and the other way round");
    assert!(!found.text.contains("巧手服饰有限公司"), "{}", found.text);
    let community = app.user("co", "community", SHAOLIN).await;
    assert_eq!(
        suggested(&community.get("/pick/enterprises?q=巧手").await),
        vec![mine],
        "a community officer: her community's"
    );
}

#[tokio::test]
async fn a_person_registered_from_the_picker_is_chosen_and_a_bad_id_is_named() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let form = fed.get("/seekers/new").await;
    let csrf = crate::pages::hidden_csrf(&form.text);
    let id = id_number("19900307", "128");
    let made = fed
        .post_form(
            "/pick/people",
            &[
                ("csrf", &csrf),
                ("name", "欧阳娜娜"),
                ("id_number", &id),
                ("unit_code", SHAOLIN),
            ],
        )
        .await;
    assert_eq!(made.status, 200, "{}", made.text);
    assert_eq!(made.body["label"], "欧阳娜娜");
    let bad = fed
        .post_form(
            "/pick/people",
            &[
                ("csrf", &csrf),
                ("name", "欧阳娜娜"),
                ("id_number", "35050319900307128X"),
                ("unit_code", SHAOLIN),
            ],
        )
        .await;
    bad.assert_invalid_field("id_number");
    let forged = fed
        .post_form(
            "/pick/people",
            &[
                ("name", "欧阳娜娜"),
                ("id_number", &id),
                ("unit_code", SHAOLIN),
            ],
        )
        .await;
    assert_eq!(forged.status, 403, "without the form's CSRF token");
}

#[tokio::test]
async fn the_unit_picker_shows_the_tree_with_each_communitys_street() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let units = fed.get("/pick/units").await;
    let labels = strings(&units.body, "label");
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("\u{3000}\u{3000}") && l.ends_with("（东湖街道）")),
        "{labels:?}"
    );
    let form = fed.get("/seekers/new").await;
    form.assert_shows("（东湖街道）</option>", "forms use the same picker");
    form.assert_shows(
        "data-picker=\"people\"",
        "the person is picked, not typed as a number",
    );
}

// ---- the case page as a file ----

#[tokio::test]
async fn the_case_page_puts_its_history_first_and_warns_about_open_referrals_before_closing() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let case = open_rights_case(&fed, SHAOLIN, &[], "邻里纠纷，要求调解。").await;
    let id = id_of(&case);
    assign_case(&fed, id, "district_fed").await;
    let referred = fed
        .post(
            &format!("/api/v1/cases/{id}/referrals"),
            serde_json::json!({ "department_code": "legal_aid", "request": "请为当事人提供法律援助" }),
        )
        .await;
    assert_eq!(referred.status, 201, "{}", referred.text);
    let page = fed.get(&format!("/cases/{id}")).await;
    let history = page.text.find("id=\"case-history\"").expect("the history");
    let actions = page
        .text
        .find("class=\"actions-panel\"")
        .expect("the actions");
    assert!(
        history < actions,
        "the history comes before the action forms"
    );
    page.assert_shows(
        "id=\"warn-open-referrals\"",
        "closing warns about the referral",
    );
    page.assert_shows(
        "data-for-status=\"closed\"",
        "satisfaction is asked only when closing",
    );
    assert!(page
        .text
        .contains("<details class=\"panel\" id=\"referral-panel\">"));
}
