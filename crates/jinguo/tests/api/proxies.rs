//! Behind a reverse proxy: `X-Forwarded-For` / `X-Forwarded-Proto` are believed only from a
//! trusted proxy's address — then two women behind one proxy get their own rate limits and
//! their own addresses in the audit log; from anyone else the headers are ignored.

use crate::cases::public::{challenge, public_case};
use crate::common::*;
use jinguo_web::TrustedProxies;
use reqwest::header::{HeaderMap, HeaderValue};

/// The test client connects from 127.0.0.1: trusting it makes it the proxy.
async fn behind_proxy() -> TestApp {
    let trusted = TrustedProxies::parse(&["127.0.0.1/32"]).expect("range");
    spawn_behind(fresh_config("proxy").await, trusted).await
}

fn forwarded(client_ip: &'static str, proto: &'static str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-forwarded-for", HeaderValue::from_static(client_ip));
    headers.insert("x-forwarded-proto", HeaderValue::from_static(proto));
    headers
}

/// The statuses of `n` public intake submissions by `client`.
async fn submit_public_cases(client: &Client, n: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for _ in 0..n {
        let (c, answer) = challenge(client).await;
        let reply = client
            .post("/api/v1/public/cases", public_case(&c, &answer))
            .await;
        statuses.push(reply.status);
    }
    statuses
}

async fn last_login_address(app: &TestApp) -> String {
    let q = "SELECT ip FROM audit_events WHERE action = 'login' ORDER BY seq DESC LIMIT 1";
    app.app
        .db
        .ex()
        .fetch_scalar(jinguo_db::sql(q))
        .await
        .expect("a login event")
}

async fn login_reply(client: &Client) -> Reply {
    let reply = client.sign_in("admin", ADMIN_PASSWORD).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply
}

fn cookie_is_secure(reply: &Reply) -> bool {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with("jinguo_session=") && c.contains("; Secure"))
}

#[tokio::test]
async fn two_clients_behind_one_trusted_proxy_get_their_own_rate_limits_and_audit_addresses() {
    let app = behind_proxy().await;
    let first = app.client_with(forwarded("203.0.113.5", "https"));
    let second = app.client_with(forwarded("198.51.100.7, 127.0.0.1", "https"));
    assert_eq!(
        submit_public_cases(&first, 6).await,
        [201, 201, 201, 201, 201, 429]
    );
    assert_eq!(
        submit_public_cases(&second, 1).await,
        [201],
        "her own bucket"
    );

    let reply = login_reply(&first).await;
    assert_eq!(last_login_address(&app).await, "203.0.113.5");
    assert!(
        cookie_is_secure(&reply),
        "https at the proxy: a Secure cookie"
    );
    login_reply(&second).await;
    assert_eq!(last_login_address(&app).await, "198.51.100.7");
}

#[tokio::test]
async fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
    let app = spawn_app().await;
    let mut statuses = Vec::new();
    // An X-Forwarded-For flood: a new forged address on every request.
    for forged in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
        let client = app.client_with(forwarded(forged, "https"));
        statuses.extend(submit_public_cases(&client, 2).await);
    }
    assert_eq!(statuses, [201, 201, 201, 201, 201, 429], "one bucket");

    let spoofing = app.client_with(forwarded("203.0.113.9", "https"));
    let reply = login_reply(&spoofing).await;
    assert_eq!(last_login_address(&app).await, "127.0.0.1");
    assert!(!cookie_is_secure(&reply), "plain http: no Secure cookie");
}
