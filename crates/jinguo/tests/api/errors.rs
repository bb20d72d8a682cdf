//! Bad input gets the JSON error shape with a localized message, never a 5xx.

use crate::common::*;
use serde_json::json;

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let reply = app
        .security_admin()
        .await
        .post_raw(
            "/api/v1/users",
            "application/json",
            b"{\"username\":".to_vec(),
        )
        .await;
    reply.assert_error(400, "malformed_request");
}

#[tokio::test]
async fn a_missing_field_is_422_naming_it() {
    let app = spawn_app().await;
    let reply = app
        .security_admin()
        .await
        .post("/api/v1/users", json!({ "username": "x" }))
        .await;
    reply.assert_error(422, "missing_field");
    assert!(reply.body["error"]["field"].is_string());
}

#[tokio::test]
async fn an_oversize_body_is_413() {
    let app = spawn_app().await;
    let big = format!("{{\"username\":\"{}\"}}", "x".repeat(3 * 1024 * 1024));
    let reply = app
        .client()
        .post_raw("/api/v1/login", "application/json", big.into_bytes())
        .await;
    reply.assert_error(413, "payload_too_large");
}

#[tokio::test]
async fn unknown_api_routes_are_json_404_and_unknown_pages_html_404() {
    let app = spawn_app().await;
    let api = app.client().get("/api/v1/no-such-thing").await;
    api.assert_error(404, "route_not_found");
    let page = app.client().get("/no-such-page").await;
    assert_eq!(page.status, 404);
    assert!(page.headers["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/html"));
    assert!(page.text.contains("页面不存在"));
}

#[tokio::test]
async fn messages_follow_accept_language() {
    let app = spawn_app().await;
    let mut client = app.client();
    client.lang = "en-US,en;q=0.9";
    let reply = client.sign_in("admin", "nope").await;
    assert_eq!(reply.body["error"]["message"], "Wrong username or password");
    client.lang = "zh-CN";
    let reply = client.sign_in("admin", "nope").await;
    assert_eq!(reply.body["error"]["message"], "用户名或密码错误");
}

/// A record's id that is not a number names no record in any module, for reads and writes
/// alike — and a caller who is not signed in is told so before any id is looked at.
#[tokio::test]
async fn an_id_that_is_not_a_number_names_no_record_in_any_module() {
    let app = spawn_app().await;
    let fed = app.district_federation().await;
    for path in [
        "/api/v1/people/abc",
        "/api/v1/cases/abc",
        "/api/v1/enterprises/1x",
        "/api/v1/courses/abc",
        "/api/v1/award-campaigns/abc",
        "/api/v1/programs/abc",
        "/api/v1/fund-campaigns/abc/donors",
        "/api/v1/cases/1/attachments/abc",
    ] {
        assert_hidden(&fed.get(path).await, path, &[]);
    }
    let write = fed
        .patch("/api/v1/cycles/1/roll/abc", json!({ "status": "reached" }))
        .await;
    assert_hidden(&write, "a write", &[]);
    let signed_out = app.client().get("/api/v1/people/abc").await;
    assert_eq!(signed_out.status, 401, "{}", signed_out.text);
}

#[tokio::test]
async fn bad_paging_and_bad_ids_are_client_errors() {
    let app = spawn_app().await;
    let admin = app.security_admin().await;
    assert_eq!(admin.get("/api/v1/users?per_page=201").await.status, 422);
    assert_eq!(admin.get("/api/v1/users?page=abc").await.status, 400);
    assert_eq!(admin.get("/api/v1/users/not-a-number").await.status, 404);
    assert_eq!(admin.get("/api/v1/users/99999999999").await.status, 404);
    let unknown_role = admin
        .post("/api/v1/users", json!({ "username": "rr1", "role": "boss", "unit_code": "350503000000", "password": "Bo-ss#2026pass" }))
        .await;
    assert_eq!(
        (
            unknown_role.status,
            unknown_role.body["error"]["field"].as_str()
        ),
        (422, Some("role"))
    );
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = spawn_app().await;
    let doc = app.client().get("/api/v1/openapi.json").await;
    assert_eq!(doc.status, 200);
    assert!(doc.body["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.")));
    for path in [
        "/api/v1/login",
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/departments",
        "/api/v1/users",
        "/api/v1/audit",
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/cases/{id}/transition",
        "/api/v1/cases/{id}/referrals",
        "/api/v1/cases/{id}/attachments",
        "/api/v1/cases/stats",
        "/api/v1/briefings",
        "/api/v1/briefings/{id}/document",
        "/api/v1/public/cases",
        "/api/v1/public/status",
    ] {
        assert!(doc.body["paths"][path].is_object(), "{path}");
    }
    assert!(doc.body["components"]["schemas"]["Me"].is_object());
}

/// A case's timeline event and a job fair were once both `EventView`, and the document kept
/// only one of them: each response names a schema with the fields that response has.
#[tokio::test]
async fn a_timeline_event_and_a_job_fair_are_described_by_their_own_schemas() {
    let app = spawn_app().await;
    let doc = app.client().get("/api/v1/openapi.json").await.body;
    let fields_of = |path: &str| {
        let reference = doc["paths"][path]["post"]["responses"]["201"]["content"]
            ["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap_or_default()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let properties = &doc["components"]["schemas"][reference.as_str()]["properties"];
        let names: Vec<String> = properties
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        (reference, names)
    };
    let (entry, entry_fields) = fields_of("/api/v1/cases/{id}/entries");
    let (event, event_fields) = fields_of("/api/v1/events");
    assert_ne!(entry, event);
    for field in ["at", "actor", "kind", "detail"] {
        assert!(entry_fields.iter().any(|f| f == field), "{entry}: {field}");
    }
    for field in ["title", "date", "checkin_path"] {
        assert!(event_fields.iter().any(|f| f == field), "{event}: {field}");
    }
}

/// Client generators broke on filters declared `in: path` (103 validator errors): a path
/// parameter must stand in its path, and every operation declares the errors it can answer.
#[tokio::test]
async fn the_openapi_document_declares_filters_in_the_query_and_every_error_status() {
    let app = spawn_app().await;
    let doc = app.client().get("/api/v1/openapi.json").await;
    let paths = doc.body["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item") {
            let declared = |status: &str| operation["responses"][status].is_object();
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap_or_default();
                if parameter["in"] == "path" {
                    assert!(
                        path.contains(&format!("{{{name}}}")),
                        "{method} {path}: {name} is no path parameter"
                    );
                }
            }
            for status in ["400", "422"] {
                assert!(
                    declared(status),
                    "{method} {path} does not declare {status}"
                );
            }
            let public = path.starts_with("/api/v1/public/") || path == "/api/v1/login";
            if !public {
                for status in ["401", "403", "404"] {
                    assert!(
                        declared(status),
                        "{method} {path} does not declare {status}"
                    );
                }
            }
            if operation.get("requestBody").is_some() {
                assert_eq!(
                    operation["requestBody"]["required"], true,
                    "{method} {path}"
                );
                assert!(declared("415"), "{method} {path} does not declare 415");
            }
        }
    }
    let login = &doc.body["paths"]["/api/v1/login"]["post"]["responses"];
    assert!(login["423"].is_object() && login["429"].is_object());
    let list = &doc.body["paths"]["/api/v1/people"]["get"]["parameters"];
    let per_page = list
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "per_page"))
        .expect("per_page");
    assert_eq!(
        (
            per_page["in"].as_str(),
            per_page["schema"]["maximum"].as_i64()
        ),
        (Some("query"), Some(200))
    );
    let kind = &doc.body["components"]["schemas"]["NewCase"]["properties"]["kind"]["enum"];
    assert_eq!(kind, &serde_json::json!(["rights", "enterprise"]));
}

/// A filter beyond any person's age overflowed the date arithmetic and dropped the connection.
#[tokio::test]
async fn an_age_filter_beyond_any_persons_age_is_refused_naming_it() {
    let app = spawn_app().await;
    let reply = app
        .admin()
        .await
        .get("/api/v1/people?age_min=2147483648")
        .await;
    reply.assert_invalid_field("age_min");
}

#[tokio::test]
async fn healthz_answers_ok_without_auth() {
    let app = spawn_app().await;
    let reply = app.client().get("/healthz").await;
    assert_eq!((reply.status, reply.text.as_str()), (200, "ok"));
}
