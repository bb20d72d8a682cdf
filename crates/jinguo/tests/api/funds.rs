//! Funds (资金与捐赠) through the HTTP API: donations with numbered receipts in Chinese capitals,
//! a campaign transferred out to zero with its acknowledgements, bad amounts and unbalanced
//! entries refused by name with nothing written, reversal once and never an edit, two payments
//! racing for the last yuan, relief cycles paying from an account (and refused beyond it), the
//! reports, and the scope rules by name.

use crate::common::*;
use serde_json::{json, Value};

/// The same signed-in client, for another task.
fn twin(c: &Client) -> Client {
    Client {
        http: c.http.clone(),
        base: c.base.clone(),
        csrf: c.csrf.clone(),
        token: c.token.clone(),
        lang: c.lang,
    }
}

async fn account(fed: &Client, name: &str, kind: &str) -> i64 {
    id_of(&created(
        fed.post("/api/v1/fund-accounts", json!({"name": name, "kind": kind}))
            .await,
    ))
}

async fn donate(fed: &Client, account: i64, donor: &str, kind: &str, fen: i64) -> Value {
    created(
        fed.post(
            "/api/v1/donations",
            json!({"account_id": account, "donor": {"name": donor, "kind": kind},
                   "amount_fen": fen, "received_on": "2026-05-20"}),
        )
        .await,
    )
}

async fn balance(fed: &Client, account: i64) -> i64 {
    let r = fed.get(&format!("/api/v1/fund-accounts/{account}")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["balance_fen"].as_i64().expect("a balance")
}

async fn entry_count(fed: &Client) -> usize {
    let r = fed
        .get("/api/v1/journal-entries?from=2000-01-01&to=2026-12-31")
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["items"].as_array().expect("items").len()
}

async fn transfer(fed: &Client, from: i64, to: &str, fen: i64) -> crate::common::Reply {
    fed.post(
        "/api/v1/fund-transfers",
        json!({"from_account_id": from, "to_party": {"name": to, "kind": "organization"},
               "amount_fen": fen, "on": "2026-06-01"}),
    )
    .await
}

#[tokio::test]
async fn a_campaign_raises_money_and_goods_with_receipts_and_is_transferred_out_to_zero() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let campaign = created(
        fed.post(
            "/api/v1/fund-campaigns",
            json!({"title": "抗震救灾", "starts_on": "2026-05-13", "target_fen": 10_000_000}),
        )
        .await,
    );
    let acc = campaign["account_id"].as_i64().expect("its account");
    let cash = donate(&fed, acc, "区女企业家协会", "association", 10_000_000).await;
    assert_eq!(cash["receipt_number"], "2026-000001");
    let goods = created(
        fed.post(
            "/api/v1/donations",
            json!({"account_id": acc, "donor": {"name": "王女士", "kind": "individual"},
                   "amount_fen": 400_000, "received_on": "2026-05-21", "show_name": false,
                   "in_kind": [{"name": "矿泉水（箱）", "quantity": 200}, {"name": "棉被", "quantity": 50}]}),
        )
        .await,
    );
    assert_eq!(goods["receipt_number"], "2026-000002");
    assert_eq!(balance(&fed, acc).await, 10_400_000);

    // The receipt: figures and capitals, printable as a .docx.
    let d = fed
        .get(&format!("/api/v1/donations/{}", id_of(&cash)))
        .await;
    assert_eq!(d.body["amount_capitals"], "壹拾万元整");
    assert_eq!(d.body["amount_figures"], "100,000.00");
    let xml = docx_text(
        &fed.get_bytes(&format!("/api/v1/donations/{}/receipt", id_of(&cash)))
            .await,
    );
    assert!(
        xml.contains("壹拾万元整") && xml.contains("2026-000001") && xml.contains("区女企业家协会")
    );
    assert!(!xml.contains("作废"));
    let g = fed
        .get(&format!("/api/v1/donations/{}", id_of(&goods)))
        .await;
    assert_eq!(g.body["in_kind"], true);
    assert_eq!(g.body["goods"], "矿泉水（箱） × 200\n棉被 × 50");

    // Handed in full to three organizations, the acknowledgement attached to one.
    let mut entries = Vec::new();
    for (to, fen) in [
        ("区民政局", 5_000_000),
        ("区红十字会", 3_000_000),
        ("区慈善总会", 2_400_000),
    ] {
        let r = transfer(&fed, acc, to, fen).await;
        assert_eq!(r.status, 201, "{}", r.text);
        entries.push(r.body["entry_id"].as_i64().expect("an entry"));
    }
    assert_eq!(balance(&fed, acc).await, 0);
    let (ct, body) = multipart(&[], "回执.pdf", b"%PDF-1.4 acknowledgement");
    let ack = fed
        .post_raw(
            &format!("/api/v1/journal-entries/{}/acknowledgements", entries[0]),
            &ct,
            body,
        )
        .await;
    assert_eq!(ack.status, 201, "{}", ack.text);
    let file = fed
        .get_bytes(&format!(
            "/api/v1/journal-entries/{}/acknowledgements/{}",
            entries[0],
            id_of(&ack.body)
        ))
        .await;
    assert_eq!(file, b"%PDF-1.4 acknowledgement");

    // The campaign's report, its donors (public: as they chose) and its transfers.
    let id = id_of(&campaign);
    let report = fed.get(&format!("/api/v1/fund-campaigns/{id}")).await.body;
    assert_eq!(report["raised_fen"], 10_400_000);
    assert_eq!(report["transferred_fen"], 10_400_000);
    assert_eq!(report["balance_fen"], 0);
    assert_eq!(report["donors"], 2);
    let public = fed
        .get(&format!("/api/v1/fund-campaigns/{id}/donors?public=true"))
        .await
        .body;
    let names: Vec<&str> = public["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|d| d["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names, vec!["区女企业家协会", "爱心人士"]);
    assert!(public["items"][0]["receipt_number"].is_null());
    let transfers = fed
        .get(&format!("/api/v1/fund-campaigns/{id}/transfers"))
        .await
        .body;
    let items = transfers["items"].as_array().expect("items");
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["recipient"], "区民政局");
    assert_eq!(items[0]["acknowledgements"][0]["file_name"], "回执.pdf");

    // Reports: balances at a date, donors by year, the reconciliation sheet.
    let before = fed.get("/api/v1/fund-balances?on=2026-05-20").await.body;
    let line = before["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|a| a["id"] == acc)
        .expect("the account")
        .clone();
    assert_eq!(line["balance_fen"], 10_000_000);
    let donors = fed.get("/api/v1/donors?year=2026").await.body;
    assert_eq!(donors["items"][0]["name"], "区女企业家协会");
    assert_eq!(donors["items"][0]["total_fen"], 10_000_000);
    let xlsx = fed
        .get_bytes("/api/v1/journal-entries/reconciliation.xlsx?from=2026-01-01&to=2026-12-31")
        .await;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("an xlsx workbook");
    let sheet = calamine::Reader::worksheet_range(&mut book, "对账").expect("the sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 1 + 5, "{rows:?}");
    assert!(rows
        .iter()
        .any(|r| r.contains(&"2026-000001".to_owned()) && r.contains(&"100,000.00".to_owned())));
    assert!(rows
        .iter()
        .any(|r| r.contains(&"区红十字会".to_owned()) && r.contains(&"30,000.00".to_owned())));
}

#[tokio::test]
async fn bad_amounts_and_unbalanced_entries_are_refused_by_name_and_nothing_is_written() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let acc = account(&fed, "非定向捐赠", "general").await;
    let other = account(&fed, "春蕾助学", "special").await;
    donate(&fed, acc, "某公司", "enterprise", 100_000).await;
    let before = entry_count(&fed).await;
    for (amount, code) in [
        (json!(12.5), "amount_fraction_of_fen"),
        (json!(-100), "amount_not_positive"),
        (json!(0), "amount_not_positive"),
        (json!(10_000_000_000_001_i64), "amount_too_large"),
        (json!(18_446_744_073_709_551_615_u64), "amount_too_large"),
        (json!("100"), "amount_invalid"),
    ] {
        let r = fed
            .post(
                "/api/v1/donations",
                json!({"account_id": acc, "donor": {"name": "某公司", "kind": "enterprise"},
                       "amount_fen": amount, "received_on": "2026-05-20"}),
            )
            .await;
        assert_eq!(r.status, 422, "{amount}: {}", r.text);
        assert_eq!(r.body["error"]["code"], code, "{amount}");
        assert_eq!(r.body["error"]["field"], "amount_fen");
        let t = fed
            .post(
                "/api/v1/fund-transfers",
                json!({"from_account_id": acc, "to_account_id": other, "amount_fen": amount, "on": "2026-06-01"}),
            )
            .await;
        assert_eq!(t.status, 422, "{amount}: {}", t.text);
        assert_eq!(t.body["error"]["code"], code, "{amount}");
    }
    for (body, field, code) in [
        (
            json!({"account_id": acc, "donor": {"name": "x", "kind": "alien"}, "amount_fen": 1, "received_on": "2026-05-20"}),
            "donor.kind",
            "invalid_choice",
        ),
        (
            json!({"account_id": 999, "donor": {"name": "x", "kind": "enterprise"}, "amount_fen": 1, "received_on": "2026-05-20"}),
            "account_id",
            "unknown_account",
        ),
        (
            json!({"account_id": acc, "donor": {"name": "x", "kind": "enterprise"}, "amount_fen": 1, "received_on": "2099-01-01"}),
            "received_on",
            "date_in_future",
        ),
    ] {
        let r = fed.post("/api/v1/donations", body).await;
        r.assert_invalid(field, code);
    }
    let unbalanced = fed
        .post(
            "/api/v1/journal-entries",
            json!({"on": "2026-06-01", "lines": [
                {"account_id": acc, "amount_fen": -50_000},
                {"account_id": other, "amount_fen": 40_000}]}),
        )
        .await;
    unbalanced.assert_error(422, "unbalanced_entry");
    let outside = fed
        .post(
            "/api/v1/journal-entries",
            json!({"on": "2026-06-01", "lines": [
                {"party": {"name": "甲", "kind": "organization"}, "amount_fen": -5},
                {"party": {"name": "乙", "kind": "organization"}, "amount_fen": 5}]}),
        )
        .await;
    outside.assert_error(422, "entry_without_account");
    let beyond = fed
        .post(
            "/api/v1/fund-transfers",
            json!({"from_account_id": acc, "to_account_id": other, "amount_fen": 100_001, "on": "2026-06-01"}),
        )
        .await;
    beyond.assert_error(422, "insufficient_funds");
    assert_eq!(entry_count(&fed).await, before);
    assert_eq!(balance(&fed, acc).await, 100_000);
    assert_eq!(balance(&fed, other).await, 0);

    // A balanced entry over the same accounts goes through (general → 春蕾).
    let ok = fed
        .post(
            "/api/v1/journal-entries",
            json!({"on": "2026-06-01", "memo": "划入春蕾助学", "lines": [
                {"account_id": acc, "amount_fen": -40_000},
                {"account_id": other, "amount_fen": 40_000}]}),
        )
        .await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    assert_eq!(balance(&fed, other).await, 40_000);
    let entry = fed
        .get(&format!("/api/v1/journal-entries/{}", ok.body["entry_id"]))
        .await;
    assert_eq!(entry.body["memo"], "划入春蕾助学");
}

#[tokio::test]
async fn an_entry_is_reversed_once_never_edited_and_a_reversed_donation_voids_its_receipt() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let acc = account(&fed, "非定向捐赠", "general").await;
    let d = donate(&fed, acc, "某公司", "enterprise", 88_800).await;
    let entry = d["entry_id"].as_i64().expect("an entry");
    let path = format!("/api/v1/journal-entries/{entry}");
    assert_eq!(fed.patch(&path, json!({"amount_fen": 1})).await.status, 405);
    assert_eq!(fed.send_delete(&path).await.status, 405);

    let reversal = fed.post(&format!("{path}/reverse"), json!({})).await;
    assert_eq!(reversal.status, 201, "{}", reversal.text);
    assert_eq!(balance(&fed, acc).await, 0);
    let again = fed.post(&format!("{path}/reverse"), json!({})).await;
    again.assert_error(409, "already_reversed");
    let of_reversal = fed
        .post(
            &format!(
                "/api/v1/journal-entries/{}/reverse",
                reversal.body["entry_id"]
            ),
            json!({}),
        )
        .await;
    of_reversal.assert_error(409, "entry_is_reversal");
    let shown = fed.get(&path).await.body;
    assert_eq!(shown["reversed_by"], reversal.body["entry_id"]);

    // The receipt stays, voided; the next donation takes the next number.
    let receipt = fed.get(&format!("/api/v1/donations/{}", id_of(&d))).await;
    assert_eq!(receipt.body["voided_by"], reversal.body["entry_id"]);
    let xml = docx_text(
        &fed.get_bytes(&format!("/api/v1/donations/{}/receipt", id_of(&d)))
            .await,
    );
    assert!(xml.contains("作废") && xml.contains("2026-000001"));
    let next = donate(&fed, acc, "某公司", "enterprise", 100).await;
    assert_eq!(next["receipt_number"], "2026-000002");

    // Money already handed out cannot be taken back by reversing its donation.
    let spent = donate(&fed, acc, "某公司", "enterprise", 5_000).await;
    assert_eq!(transfer(&fed, acc, "区慈善总会", 5_100).await.status, 201);
    let refused = fed
        .post(
            &format!("/api/v1/journal-entries/{}/reverse", spent["entry_id"]),
            json!({}),
        )
        .await;
    refused.assert_error(422, "insufficient_funds");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_payments_racing_for_the_last_yuan_leave_exactly_one_paid() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let acc = account(&fed, "救助资金", "relief").await;
    donate(&fed, acc, "某公司", "enterprise", 100).await;
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..6 {
        let c = twin(&fed);
        tasks.spawn(async move { transfer(&c, acc, &format!("受助单位{n}"), 100).await.status });
    }
    let mut statuses = Vec::new();
    while let Some(s) = tasks.join_next().await {
        statuses.push(s.expect("a request"));
    }
    statuses.sort_unstable();
    assert_eq!(statuses, vec![201, 422, 422, 422, 422, 422]);
    assert_eq!(balance(&fed, acc).await, 0);
    // One donation and one transfer written; the refused five left nothing.
    assert_eq!(entry_count(&fed).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn receipts_are_numbered_without_gaps_under_concurrent_donations() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let acc = account(&fed, "非定向捐赠", "general").await;
    let refused = fed
        .post(
            "/api/v1/donations",
            json!({"account_id": acc, "donor": {"name": "x", "kind": "enterprise"},
                   "amount_fen": 12.5, "received_on": "2026-05-20"}),
        )
        .await;
    assert_eq!(refused.status, 422);
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..5 {
        let c = twin(&fed);
        tasks.spawn(async move {
            donate(&c, acc, &format!("捐赠人{n}"), "individual", 1_000).await["receipt_number"]
                .as_str()
                .expect("a number")
                .to_owned()
        });
    }
    let mut numbers = Vec::new();
    while let Some(n) = tasks.join_next().await {
        numbers.push(n.expect("a donation"));
    }
    numbers.sort();
    assert_eq!(
        numbers,
        (1..=5).map(|n| format!("2026-{n:06}")).collect::<Vec<_>>()
    );
}

async fn relief_cycle(fed: &Client, account: i64, per_person_fen: i64) -> i64 {
    let program = id_of(&created(
        fed.post(
            "/api/v1/programs",
            json!({"name": "母亲节慰问贫困母亲", "kind": "relief", "unit_code": DISTRICT,
                   "rule": {"sex": "female", "tags_all": ["poor_mother"]}}),
        )
        .await,
    ));
    id_of(&created(
        fed.post(
            &format!("/api/v1/programs/{program}/cycles"),
            json!({"title": "2026 年母亲节", "starts_on": "2026-05-01", "ends_on": "2026-05-31",
                   "benefit": {"kind": "cash", "amount_fen": per_person_fen, "account_id": account}}),
        )
        .await,
    ))
}

async fn poor_mother(fed: &Client, name: &str, seq: &str, unit: &str) -> i64 {
    id_of(&created(
        fed.post(
            "/api/v1/people",
            json!({"name": name, "id_number": id_number("19800301", seq), "unit_code": unit,
                   "tags": ["poor_mother"]}),
        )
        .await,
    ))
}

#[tokio::test]
async fn a_relief_cycle_pays_from_its_account_and_cannot_deliver_beyond_the_balance() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let acc = account(&fed, "救助资金", "relief").await;
    donate(&fed, acc, "区财政", "enterprise", 100_000).await;
    let a = poor_mother(&fed, "王芳", "002", SHAOLIN).await;
    let b = poor_mother(&fed, "林静", "004", DONGHU).await;
    let c = poor_mother(&fed, "陈红", "006", "350503002001").await;
    let cycle = relief_cycle(&fed, acc, 50_000).await;
    let path = format!("/api/v1/cycles/{cycle}/deliveries");
    assert_eq!(fed.post(&path, json!({"person_id": a})).await.status, 201);
    assert_eq!(fed.post(&path, json!({"person_id": b})).await.status, 201);
    assert_eq!(balance(&fed, acc).await, 0);
    let refused = fed.post(&path, json!({"person_id": c})).await;
    refused.assert_error(422, "insufficient_funds");
    // Nothing written: she is still to be served, and served once the account is topped up.
    let roll = fed
        .get(&format!("/api/v1/cycles/{cycle}/roll?status=delivered"))
        .await;
    assert_eq!(roll.body["total"], 2, "{}", roll.text);
    donate(&fed, acc, "区财政", "enterprise", 50_000).await;
    assert_eq!(fed.post(&path, json!({"person_id": c})).await.status, 201);

    let report = fed.get(&format!("/api/v1/cycles/{cycle}/payments")).await;
    assert_eq!(report.status, 200, "{}", report.text);
    assert_eq!(report.body["paid_fen"], 150_000);
    assert_eq!(
        report.body["by_street"],
        json!([
            {"unit_code": EAST_LAKE_STREET, "name": report.body["by_street"][0]["name"], "payments": 2, "paid_fen": 100_000},
            {"unit_code": OTHER_STREET, "name": report.body["by_street"][1]["name"], "payments": 1, "paid_fen": 50_000},
        ])
    );
    assert_ne!(report.body["by_street"][0]["name"], "");
}

#[tokio::test]
async fn street_officer_reads_only_her_own_streets_relief_payments() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let acc = account(&fed, "救助资金", "relief").await;
    donate(&fed, acc, "区财政", "enterprise", 100_000).await;
    let a = poor_mother(&fed, "王芳", "002", SHAOLIN).await;
    let c = poor_mother(&fed, "陈红", "006", "350503002001").await;
    let cycle = relief_cycle(&fed, acc, 10_000).await;
    for p in [a, c] {
        let r = fed
            .post(
                &format!("/api/v1/cycles/{cycle}/deliveries"),
                json!({"person_id": p}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let street = app.east_lake_officer().await;
    let mine = street.get("/api/v1/fund-payments").await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    let people: Vec<i64> = mine.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["person_id"].as_i64().expect("a person"))
        .collect();
    assert_eq!(people, vec![a]);
    assert_eq!(mine.body["items"][0]["person"], "王芳");
    let report = street
        .get(&format!("/api/v1/cycles/{cycle}/payments"))
        .await;
    assert_eq!(report.body["paid_fen"], 10_000, "{}", report.text);
    let page = street
        .get(&format!("/funds/payments?cycle_id={cycle}"))
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("王芳") && !page.text.contains("陈红"));
    page.assert_contains("id=\"fund-paid-total\">100.00<");
    // Beyond her payments the street reaches nothing of the ledger: the funds pages are 403.
    assert_eq!(street.get("/funds").await.status, 403);
}

#[tokio::test]
async fn street_officer_cannot_read_or_write_the_ledger() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let acc = account(&fed, "非定向捐赠", "general").await;
    let d = donate(&fed, acc, "某公司", "enterprise", 1_000).await;
    let street = app.east_lake_officer().await;
    for path in [
        "/api/v1/fund-accounts".to_owned(),
        format!("/api/v1/fund-accounts/{acc}"),
        format!("/api/v1/donations/{}", id_of(&d)),
        format!("/api/v1/donations/{}/receipt", id_of(&d)),
        "/api/v1/journal-entries".to_owned(),
        "/api/v1/donors?year=2026".to_owned(),
    ] {
        assert_eq!(street.get(&path).await.status, 403, "{path}");
    }
    let write = street
        .post(
            "/api/v1/donations",
            json!({"account_id": acc, "donor": {"name": "x", "kind": "enterprise"},
                   "amount_fen": 1, "received_on": "2026-05-20"}),
        )
        .await;
    assert_eq!(write.status, 403);
    for role in ["caseworker", "leader", "viewer"] {
        let other = app.user(&format!("{role}1"), role, DISTRICT).await;
        assert_eq!(
            other.get("/api/v1/fund-accounts").await.status,
            403,
            "{role}"
        );
        assert_eq!(
            other.get("/api/v1/fund-payments").await.status,
            403,
            "{role}"
        );
    }
    let admin = app.admin().await;
    assert_eq!(
        admin
            .get(&format!("/api/v1/fund-accounts/{acc}"))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn a_street_federations_ledger_is_404_to_another_streets() {
    let app = spawn_app().await;
    let east = app.user("east_fed", "federation", EAST_LAKE_STREET).await;
    let other = app.user("other_fed", "federation", OTHER_STREET).await;
    let acc = account(&east, "东湖街道救助金", "relief").await;
    let d = donate(&east, acc, "某公司", "enterprise", 1_000).await;
    let entry = d["entry_id"].as_i64().expect("an entry");
    for path in [
        format!("/api/v1/fund-accounts/{acc}"),
        format!("/api/v1/donations/{}", id_of(&d)),
        format!("/api/v1/donations/{}/receipt", id_of(&d)),
        format!("/api/v1/journal-entries/{entry}"),
    ] {
        assert_eq!(other.get(&path).await.status, 404, "{path}");
    }
    let reverse = other
        .post(
            &format!("/api/v1/journal-entries/{entry}/reverse"),
            json!({}),
        )
        .await;
    assert_eq!(reverse.status, 404);
    let into = other
        .post(
            "/api/v1/donations",
            json!({"account_id": acc, "donor": {"name": "x", "kind": "enterprise"},
                   "amount_fen": 1, "received_on": "2026-05-20"}),
        )
        .await;
    into.assert_error(422, "unknown_account");
    let out = transfer(&other, acc, "区慈善总会", 1).await;
    out.assert_error(422, "unknown_account");
    assert_eq!(balance(&east, acc).await, 1_000);
    // The district federation sees its streets' ledgers.
    let fed = app.district_federation().await;
    assert_eq!(balance(&fed, acc).await, 1_000);
}

#[tokio::test]
async fn the_pages_record_a_donation_in_yuan_print_its_receipt_and_refuse_a_fraction_of_a_fen() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    let acc = account(&fed, "非定向捐赠", "general").await;
    let page = fed.get("/funds/donations/new").await;
    assert_eq!(page.status, 200, "{}", page.text);
    let csrf = crate::pages::hidden_csrf(&page.text);
    let acc_text = acc.to_string();
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("account_id", acc_text.as_str()),
        ("donor.kind", "enterprise"),
        ("donor.name", "泉州某纺织公司"),
        ("show_name", "on"),
        ("amount", "1.005"),
        ("received_on", "2026-05-20"),
    ];
    let refused = fed.post_form("/funds/donations", &form).await;
    assert_eq!(refused.status, 422);
    refused.assert_contains("id=\"amount-error\"");
    assert_eq!(balance(&fed, acc).await, 0);
    form[5] = ("amount", "1,234.56");
    let saved = fed.post_form("/funds/donations", &form).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let to = saved.headers["location"]
        .to_str()
        .expect("a path")
        .to_owned();
    assert!(to.starts_with("/funds/donations/"), "{to}");
    let done = fed.get(&to).await;
    assert_eq!(done.status, 200, "{}", done.text);
    done.assert_contains("壹仟贰佰叁拾肆元伍角陆分");
    assert!(done.text.contains("2026-000001"));
    assert_eq!(balance(&fed, acc).await, 123_456);
    let overview = fed.get("/funds").await;
    assert!(overview.text.contains("1,234.56"));
    assert!(overview.text.contains("泉州某纺织公司"));
}

#[tokio::test]
async fn the_demo_district_hands_its_earthquake_campaign_out_in_full_and_pays_mothers_day_from_the_relief_budget(
) {
    let app = spawn_app().await;
    jinguo::startup::load_demo(&app.app).await.expect("demo");
    let fed = app.district_federation().await;
    let campaigns = fed.get("/api/v1/fund-campaigns").await.body;
    let quake = campaigns["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["title"] == "抗震救灾爱心募捐")
        .expect("the earthquake campaign")
        .clone();
    assert_eq!(quake["raised_fen"], 10_428_000);
    assert_eq!(quake["transferred_fen"], 10_428_000);
    assert_eq!(quake["balance_fen"], 0);
    let transfers = fed
        .get(&format!("/api/v1/fund-campaigns/{}/transfers", quake["id"]))
        .await
        .body;
    let recipients: Vec<&str> = transfers["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| t["recipient"].as_str().expect("a name"))
        .collect();
    assert_eq!(
        recipients,
        vec!["丰泽区民政局", "丰泽区红十字会", "丰泽区慈善总会"]
    );
    let accounts = fed.get("/api/v1/fund-accounts").await.body;
    let by_name = |name: &str| {
        accounts["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    assert_eq!(by_name("春蕾助学专项基金")["balance_fen"], 1_850_000);
    let payments = fed.get("/api/v1/fund-payments").await.body;
    let paid = payments["items"].as_array().expect("items");
    assert_eq!(paid.len(), 82, "the 82 poor mothers, each paid once");
    assert!(paid.iter().all(|p| p["amount_fen"] == 50_000));
    let cycle = paid[0]["cycle_id"]
        .as_i64()
        .expect("the Mother's Day cycle");
    let report = fed
        .get(&format!("/api/v1/cycles/{cycle}/payments"))
        .await
        .body;
    assert_eq!(report["by_street"].as_array().expect("streets").len(), 8);
    let named = fed.get(&format!("/api/v1/cycles/{cycle}")).await.body;
    assert_eq!(
        named["benefit"]["account_id"],
        by_name("救助资金")["id"],
        "the cycle names the account it paid from: {named}"
    );
    assert_eq!(
        by_name("救助资金")["balance_fen"],
        6_000_000 - 50_000 * paid.len() as i64
    );
    // A second start changes nothing.
    jinguo::startup::load_demo(&app.app).await.expect("again");
    let again = fed.get("/api/v1/fund-accounts").await.body;
    assert_eq!(again["total"], accounts["total"]);
}
