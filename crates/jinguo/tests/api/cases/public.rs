//! The public intake form: receipts, the status lookup, floods and one submission per form.

use super::*;

pub(crate) async fn challenge(client: &Client) -> (Value, String) {
    let c = client.get("/api/v1/public/intake").await;
    let question = c.body["question"].as_str().expect("question");
    let (a, b) = question.split_once(" + ").expect("a sum");
    let sum: u32 = a.parse::<u32>().expect("a") + b.parse::<u32>().expect("b");
    (c.body, sum.to_string())
}

pub(crate) fn public_case(c: &Value, answer: &str) -> Value {
    json!({
        "category": "employment", "unit_code": SHAOLIN, "narrative": "公司因我怀孕把我辞退了。",
        "name": "匿名", "phone": "13905951234", "token": c["token"], "nonce": c["nonce"], "answer": answer
    })
}

#[tokio::test]
async fn the_public_intake_gives_a_receipt_that_shows_the_status_with_the_right_phone_only() {
    let o = office().await;
    let public = o.app.client();
    let (c, answer) = challenge(&public).await;
    let wrong = public
        .post("/api/v1/public/cases", public_case(&c, "999"))
        .await;
    wrong.assert_invalid_field("answer");
    let made = public
        .post("/api/v1/public/cases", public_case(&c, &answer))
        .await;
    assert_eq!(made.status, 201, "{}", made.text);
    let receipt = made.body["receipt"].as_str().expect("receipt").to_owned();

    let cases = o.federation.get("/api/v1/cases?channel=online").await;
    assert_eq!(cases.body["total"], 1);
    let id = cases.body["items"][0]["id"].as_i64().expect("id");
    move_to(
        &o.federation,
        id,
        json!({ "to": "assigned", "handler": "worker", "note": "INTERNAL-NOTE" }),
    )
    .await;

    let status = public
        .post(
            "/api/v1/public/status",
            json!({ "receipt": receipt.to_lowercase(), "phone": "139 0595 1234" }),
        )
        .await;
    assert_eq!(status.status, 200, "{}", status.text);
    assert_eq!(status.body["status"], "assigned");
    status.assert_lacks("INTERNAL-NOTE", "no internal notes");
    let wrong_phone = public
        .post(
            "/api/v1/public/status",
            json!({ "receipt": receipt, "phone": "13905959999" }),
        )
        .await;
    let unknown = public
        .post(
            "/api/v1/public/status",
            json!({ "receipt": "AAAA-BBBB-CCCC", "phone": "13905951234" }),
        )
        .await;
    assert_eq!(wrong_phone.status, 404);
    assert_eq!(
        (wrong_phone.status, &wrong_phone.body),
        (unknown.status, &unknown.body)
    );
}

#[tokio::test]
async fn a_flooded_public_form_answers_429_and_stores_nothing_more() {
    let o = office().await;
    let public = o.app.client();
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let (c, answer) = challenge(&public).await;
        statuses.push(
            public
                .post("/api/v1/public/cases", public_case(&c, &answer))
                .await
                .status,
        );
    }
    assert_eq!(statuses, [201, 201, 201, 201, 201, 429, 429, 429]);
    let cases = o.federation.get("/api/v1/cases").await;
    assert_eq!(cases.body["total"], 5);
}

#[tokio::test]
async fn a_public_form_is_good_for_one_submission() {
    let o = office().await;
    let public = o.app.client();
    let (c, answer) = challenge(&public).await;
    let first = public
        .post("/api/v1/public/cases", public_case(&c, &answer))
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let replay = public
        .post("/api/v1/public/cases", public_case(&c, &answer))
        .await;
    replay.assert_error(422, "challenge_expired");
    let cases = o.federation.get("/api/v1/cases").await;
    assert_eq!(cases.body["total"], 1);
}
