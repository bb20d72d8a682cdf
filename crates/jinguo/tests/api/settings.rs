//! The deployment's settings (issue #12, point 7): its name on every public page and the
//! public base URL of QR codes and links, changed by the system administrator only.

use crate::common::*;
use serde_json::json;

const BASE: &str = "https://fulian.fengze.gov.cn";

#[tokio::test]
async fn settings_round_trip_and_a_bad_base_url_is_refused_naming_its_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    // Until set: the org tree's top unit and 妇联; no base URL.
    let before = admin.get("/api/v1/settings").await;
    assert_eq!(before.status, 200, "{}", before.text);
    assert_eq!(before.body["deployment_name"], "丰泽区妇联");
    assert_eq!(before.body["public_base_url"], json!(null));

    let put = admin
        .client_put(
            "/api/v1/settings",
            json!({ "deployment_name": "泉州市丰泽区妇女联合会", "public_base_url": "https://fulian.fengze.gov.cn/" }),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text);
    assert_eq!(put.body["public_base_url"], BASE);
    let after = admin.get("/api/v1/settings").await;
    assert_eq!(after.body["deployment_name"], "泉州市丰泽区妇女联合会");
    assert_eq!(after.body["public_base_url"], BASE);

    for bad in ["fulian.fengze.gov.cn", "ftp://fengze.gov.cn", "https://a b"] {
        let refused = admin
            .client_put(
                "/api/v1/settings",
                json!({ "deployment_name": "丰泽区妇联", "public_base_url": bad }),
            )
            .await;
        assert_eq!(refused.status, 422, "{bad}: {}", refused.text);
        assert_eq!(refused.body["error"]["code"], "invalid_base_url");
        assert_eq!(refused.body["error"]["field"], "public_base_url");
    }
    let blank = admin
        .client_put(
            "/api/v1/settings",
            json!({ "deployment_name": " ", "public_base_url": null }),
        )
        .await;
    blank.assert_invalid_field("deployment_name");
    // Nothing refused was stored.
    assert_eq!(
        admin.get("/api/v1/settings").await.body["public_base_url"],
        BASE
    );

    // The change is in the audit log.
    let auditor = app.auditor().await;
    let log = auditor.get("/api/v1/audit?entity=settings").await;
    assert_eq!(log.status, 200, "{}", log.text);
    assert_eq!(log.body["total"], 1, "{}", log.text);
}

#[tokio::test]
async fn only_the_admin_reads_and_changes_the_deployment_settings() {
    let app = spawn_app().await;
    let fed = app
        .user_with_password("fed", "federation", DISTRICT, "Fe-deration#2026")
        .await;
    let security = app.security_admin().await;
    let body = json!({ "deployment_name": "别处妇联", "public_base_url": BASE });
    for (who, client) in [("federation", &fed), ("security_admin", &security)] {
        assert_eq!(
            client.get("/api/v1/settings").await.status,
            403,
            "{who} reads"
        );
        assert_eq!(
            client
                .client_put("/api/v1/settings", body.clone())
                .await
                .status,
            403,
            "{who} changes"
        );
        assert_eq!(
            client.get("/admin/settings").await.status,
            403,
            "{who} page"
        );
    }
    assert_eq!(app.client().get("/api/v1/settings").await.status, 401);
    let name = app.admin().await.get("/api/v1/settings").await;
    assert_eq!(name.body["deployment_name"], "丰泽区妇联");
}

#[tokio::test]
async fn public_pages_carry_the_deployment_name_and_follow_its_change() {
    let app = spawn_app().await;
    let visitor = app.client();
    for path in ["/public/intake", "/public/status"] {
        let page = visitor.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.text.contains("id=\"deployment-name\">丰泽区妇联<"),
            "{path}: {}",
            page.text
        );
        assert!(page.text.contains("· 丰泽区妇联</title>"), "{path}");
        // Phone first: the public layout (one column, full-width fields in app.css).
        assert!(page.text.contains("<body class=\"public\">"), "{path}");
        assert!(page.text.contains("width=device-width"), "{path}");
    }

    // Changed on the settings page: the next public page carries the new name.
    let admin = app.admin().await;
    let csrf = admin.csrf.clone().expect("csrf");
    let form = admin.get("/admin/settings").await;
    assert_eq!(form.status, 200);
    assert!(form.text.contains("value=\"丰泽区妇联\""));
    let refused = admin
        .post_form(
            "/admin/settings",
            &[
                ("csrf", &csrf),
                ("deployment_name", "丰泽区妇女联合会"),
                ("public_base_url", "fulian.fengze.gov.cn"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("id=\"public_base_url-error\""));
    assert!(refused.text.contains("value=\"丰泽区妇女联合会\""));
    let saved = admin
        .post_form(
            "/admin/settings",
            &[
                ("csrf", &csrf),
                ("deployment_name", "丰泽区妇女联合会"),
                ("public_base_url", BASE),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let page = visitor.get("/public/intake").await;
    assert!(page
        .text
        .contains("id=\"deployment-name\">丰泽区妇女联合会<"));
}

#[tokio::test]
async fn a_posters_qr_link_uses_the_public_base_url() {
    let app = spawn_app().await;
    let fed = app
        .user_with_password("fed", "federation", DISTRICT, "Fe-deration#2026")
        .await;
    let today = jinguo_domain::CivilDate::from_epoch_ms_china(START_MS).to_string();
    let event = fed
        .post(
            "/api/v1/events",
            json!({ "kind": "job_fair", "title": "春风行动招聘会", "date": today, "unit_code": DISTRICT }),
        )
        .await;
    assert_eq!(event.status, 201, "{}", event.text);
    let id = id_of(&event.body);
    let path = event.body["checkin_path"]
        .as_str()
        .expect("path")
        .to_owned();
    let poster = format!("/events/{id}/poster");

    // Without a base URL: the address the page was reached at, as before.
    let before = fed.get(&poster).await;
    assert!(before.text.contains(&format!("http://{}{path}", app.addr)));

    let admin = app.admin().await;
    let put = admin
        .client_put(
            "/api/v1/settings",
            json!({ "deployment_name": "丰泽区妇联", "public_base_url": BASE }),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text);
    let after = fed.get(&poster).await;
    assert_eq!(after.status, 200);
    after.assert_contains(&format!("{BASE}{path}"));
    assert!(after.text.contains("id=\"poster-deployment\">丰泽区妇联<"));
    let event_page = fed.get(&format!("/events/{id}")).await;
    assert!(event_page.text.contains(&format!("{BASE}{path}")));
    // The check-in page a visitor opens carries the name.
    let checkin = app.client().get(&path).await;
    assert!(checkin.text.contains("id=\"deployment-name\">丰泽区妇联<"));
}
