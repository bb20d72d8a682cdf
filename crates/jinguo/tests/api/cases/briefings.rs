//! Briefings to the district government: escalating enterprise reports, the composer, the Word document.

use super::*;

#[tokio::test]
async fn a_briefing_escalates_enterprise_reports_and_opens_as_a_word_document() {
    let o = office().await;
    let mut ids = Vec::new();
    for (name, text) in [
        ("泉州丰泽某纺织有限公司", "工业区排水不畅，雨季厂房进水。"),
        ("泉州丰泽某食品有限公司", "招工难，希望对接职业技能培训。"),
    ] {
        let body = json!({
            "kind": "enterprise", "channel": "liaison_visit", "category": "infrastructure",
            "unit_code": EAST_LAKE_STREET, "narrative": text, "enterprise_name": name
        });
        ids.push(id_of(&create(&o.federation, body).await));
    }
    move_to(
        &o.federation,
        ids[0],
        json!({ "to": "assigned", "handler": "fed" }),
    )
    .await;
    let briefing = o
        .federation
        .post(
            "/api/v1/briefings",
            json!({ "case_ids": ids, "title": "关于女企业诉求的报告", "signer": "王主席" }),
        )
        .await;
    assert_eq!(briefing.status, 201, "{}", briefing.text);
    let bid = briefing.body["id"].as_i64().expect("id");
    assert_eq!(
        briefing.body["items"][0]["heading"],
        "泉州丰泽某纺织有限公司"
    );

    let doc = o
        .federation
        .http
        .get(o.app.url(&format!("/api/v1/briefings/{bid}/document")))
        .send()
        .await
        .expect("docx");
    assert_eq!(doc.status(), 200);
    let bytes = doc.bytes().await.expect("bytes");
    let xml = docx_text(&bytes);
    assert!(xml.contains("关于女企业诉求的报告"));
    assert!(xml.contains("工业区排水不畅"));
    assert!(xml.contains("王主席"));

    let first = o.federation.get(&format!("/api/v1/cases/{}", ids[0])).await;
    assert_eq!(first.body["status"], "escalated");
    assert_eq!(first.body["briefing_ids"][0], bid);
    let response = o
        .federation
        .post(
            &format!("/api/v1/briefings/{bid}/response"),
            json!({ "sent_on": "2026-09-22", "response": "请区住建局牵头解决排水问题", "response_on": "2026-09-25" }),
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.text);
    let second = o.federation.get(&format!("/api/v1/cases/{}", ids[1])).await;
    let last = second.body["timeline"]
        .as_array()
        .expect("timeline")
        .last()
        .cloned();
    assert_eq!(last.expect("event")["kind"], "briefing_response");
    let register = o.federation.get("/api/v1/briefings").await;
    assert_eq!(
        register.body["items"][0]["response"],
        "请区住建局牵头解决排水问题"
    );

    let dv = id_of(&create(&o.federation, rights_case("domestic_violence")).await);
    let refused = o
        .federation
        .post(
            "/api/v1/briefings",
            json!({ "case_ids": [dv], "title": "不应成文" }),
        )
        .await;
    assert_eq!(refused.body["error"]["code"], "restricted_case");
}

#[tokio::test]
async fn the_briefing_composer_previews_items_and_keeps_their_edited_wording() {
    let o = office().await;
    let body = json!({
        "kind": "enterprise", "channel": "liaison_visit", "category": "enterprise_operation",
        "unit_code": EAST_LAKE_STREET, "narrative": "原始记录：贷款难。", "enterprise_name": "泉州某服饰有限公司"
    });
    let id = id_of(&create(&o.federation, body).await);
    let csrf = o.federation.csrf.clone().expect("csrf");
    let case_id = id.to_string();
    let preview = o
        .federation
        .post_form(
            "/briefings/new",
            &[
                ("csrf", csrf.as_str()),
                ("case_ids", case_id.as_str()),
                ("title", "关于融资难的报告"),
            ],
        )
        .await;
    assert_eq!(preview.status, 200);
    preview.assert_shows("原始记录：贷款难。", "the proposed item is the narrative");
    let heading = format!("heading.{id}");
    let body_field = format!("body.{id}");
    let created = o
        .federation
        .post_form(
            "/briefings",
            &[
                ("csrf", csrf.as_str()),
                ("case_ids", case_id.as_str()),
                ("title", "关于融资难的报告"),
                (heading.as_str(), "某服饰公司：融资难"),
                (
                    body_field.as_str(),
                    "该企业反映流动资金紧张，申请创业担保贷款未获批。",
                ),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.text);
    let list = o.federation.get("/api/v1/briefings").await;
    let bid = list.body["items"][0]["id"].as_i64().expect("briefing");
    let b = o.federation.get(&format!("/api/v1/briefings/{bid}")).await;
    assert_eq!(b.body["items"][0]["heading"], "某服饰公司：融资难");
    assert_eq!(
        b.body["items"][0]["body"],
        "该企业反映流动资金紧张，申请创业担保贷款未获批。"
    );
}
