//! The test kit: a real server on 127.0.0.1 with a fresh database on the engine chosen by
//! `JINGUO_TEST_DATABASE_URL` (a fresh schema of that PostgreSQL database), or a fresh SQLite
//! file when it is unset; and the real binary for the command-line flows.

use jinguo::startup::{self, Config};
use jinguo_app::clock::ManualClock;
use jinguo_app::App;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Output;
use std::sync::Arc;

pub const ADMIN_PASSWORD: &str = "Ad-min#2026pass";
/// The first security and audit administrators, made by the operator (`bootstrap_user`).
pub const SECURITY_ADMIN: &str = "security";
pub const SECOND_SECURITY_ADMIN: &str = "security2";
pub const SECURITY_PASSWORD: &str = "Sec-urity#2026pass";
pub const AUDITOR: &str = "auditor";
pub const AUDITOR_PASSWORD: &str = "Aud-itor#2026pass";
pub const START_MS: i64 = 1_790_000_000_000;

pub struct TestApp {
    pub addr: SocketAddr,
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub config: Config,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

pub fn engine_is_postgres() -> bool {
    std::env::var("JINGUO_TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"))
}

pub fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jinguo-test-{tag}-{}", rand_suffix()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn rand_suffix() -> String {
    use rand::Rng;
    let salt: u32 = jinguo_app::random::fast().gen();
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}_{salt}_{n}", std::process::id())
}

/// A fresh database for one test: a new schema on the PostgreSQL server under test, or none
/// (the SQLite file in the data directory).
pub async fn fresh_database_url() -> Option<String> {
    let base = std::env::var("JINGUO_TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))?;
    let schema = format!("t_{}", rand_suffix());
    let db = jinguo_db::Db::connect(&base)
        .await
        .expect("connect to the PostgreSQL server under test");
    db.ex()
        .execute_raw(&format!("CREATE SCHEMA {schema}"))
        .await
        .expect("create schema");
    db.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{sep}options=-c%20search_path%3D{schema}"))
}

pub async fn fresh_config(tag: &str) -> Config {
    Config {
        data_dir: temp_dir(tag),
        database_url: fresh_database_url().await,
        master_key: None,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(fresh_config("app").await).await
}

pub async fn spawn_with(config: Config) -> TestApp {
    spawn_behind(config, jinguo_web::TrustedProxies::default()).await
}

/// A server whose clients come through reverse proxies in `proxies` (e.g. 127.0.0.1/32: the
/// test client itself plays the proxy).
pub async fn spawn_behind(config: Config, proxies: jinguo_web::TrustedProxies) -> TestApp {
    let clock = Arc::new(ManualClock::new(START_MS));
    let app = startup::open_with_clock(&config, clock.clone())
        .await
        .expect("open installation");
    startup::ensure_admin(&app, Some(ADMIN_PASSWORD))
        .await
        .expect("admin");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = jinguo_web::router_behind(app.clone(), proxies);
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .ok();
    });
    TestApp {
        addr,
        app,
        clock,
        config,
        server,
    }
}

/// A browser-like client: keeps cookies, sends the session's CSRF token on writes.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: Option<String>,
    pub token: Option<String>,
    pub lang: &'static str,
}

pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub text: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    /// The answer's status is `status` (the body is printed otherwise).
    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(self.status, status, "{}", self.text);
        self
    }

    /// A refusal: `status` with the error code `code`.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        self.assert_status(status);
        assert_eq!(self.body["error"]["code"], code, "{}", self.text);
    }

    /// A 422 that names `field` as the one in error.
    #[track_caller]
    pub fn assert_invalid_field(&self, field: &str) {
        self.assert_status(422);
        assert_eq!(self.body["error"]["field"], field, "{}", self.text);
    }

    /// A 422 that names `field` as the one in error, with the error code `code`.
    #[track_caller]
    pub fn assert_invalid(&self, field: &str, code: &str) {
        self.assert_invalid_field(field);
        assert_eq!(self.body["error"]["code"], code, "{}", self.text);
    }

    /// The answer's text contains `needle`; `why` says what that shows.
    #[track_caller]
    pub fn assert_shows(&self, needle: &str, why: &str) {
        assert!(self.text.contains(needle), "{why}");
    }

    /// The answer's text contains `needle` (the text is printed otherwise).
    #[track_caller]
    pub fn assert_contains(&self, needle: &str) {
        assert!(self.text.contains(needle), "{}", self.text);
    }

    /// The answer's text does not contain `needle`; `why` says what that shows.
    #[track_caller]
    pub fn assert_lacks(&self, needle: &str, why: &str) {
        assert!(!self.text.contains(needle), "{why}");
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn client(&self) -> Client {
        self.client_at(None, reqwest::header::HeaderMap::new())
    }

    /// A client whose connections come from another loopback address (127.0.0.0/8 is all
    /// local on Linux), for per-address rules.
    pub fn client_from(&self, ip: &str) -> Client {
        self.client_at(
            Some(ip.parse().expect("ip")),
            reqwest::header::HeaderMap::new(),
        )
    }

    /// A client whose every request carries `headers` (e.g. what a reverse proxy adds).
    pub fn client_with(&self, headers: reqwest::header::HeaderMap) -> Client {
        self.client_at(None, headers)
    }

    fn client_at(
        &self,
        local: Option<std::net::IpAddr>,
        headers: reqwest::header::HeaderMap,
    ) -> Client {
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .local_address(local)
            .build()
            .expect("client");
        Client {
            http,
            base: format!("http://{}", self.addr),
            csrf: None,
            token: None,
            lang: "zh-CN",
        }
    }

    /// Signs in through the API and returns the client holding the session.
    pub async fn login(&self, username: &str, password: &str) -> Client {
        let mut client = self.client();
        let reply = client.sign_in(username, password).await;
        assert_eq!(reply.status, 200, "login of {username}: {}", reply.text);
        client.csrf = reply
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        client
    }

    pub async fn admin(&self) -> Client {
        self.login("admin", ADMIN_PASSWORD).await
    }

    /// Creates an account through the operator's bootstrap path (what `jinguo user add` runs),
    /// unless it exists: the first security and audit administrators come from there.
    pub async fn bootstrap_user(&self, username: &str, role: &str, password: &str) {
        use jinguo_app::users::{self, Actor, NewAccount};
        let exists = jinguo_db::accounts::find_by_username(&mut self.app.db.ex(), username)
            .await
            .expect("find user")
            .is_some();
        if exists {
            return;
        }
        let origin = jinguo_app::Origin::cli();
        let new = NewAccount {
            username: username.into(),
            display_name: None,
            role: role.into(),
            unit_code: "350503000000".into(),
            department_code: None,
            password: password.into(),
        };
        users::add(&self.app, Actor::Operator(&origin), new)
            .await
            .expect("bootstrap user");
    }

    /// The security administrator (users, role grants, password resets, online sessions).
    pub async fn security_admin(&self) -> Client {
        self.bootstrap_user(SECURITY_ADMIN, "security_admin", SECURITY_PASSWORD)
            .await;
        self.login(SECURITY_ADMIN, SECURITY_PASSWORD).await
    }

    /// A second security administrator, who approves grants the first one asked for.
    pub async fn second_security_admin(&self) -> Client {
        self.bootstrap_user(SECOND_SECURITY_ADMIN, "security_admin", SECURITY_PASSWORD)
            .await;
        self.login(SECOND_SECURITY_ADMIN, SECURITY_PASSWORD).await
    }

    /// The audit administrator (the operation log and the login log).
    pub async fn auditor(&self) -> Client {
        self.bootstrap_user(AUDITOR, "audit_admin", AUDITOR_PASSWORD)
            .await;
        self.login(AUDITOR, AUDITOR_PASSWORD).await
    }

    /// Creates a user through the API as the security administrator; a grant that waits for a
    /// second security administrator is approved by one.
    pub async fn add_user(&self, username: &str, role: &str, unit: &str, password: &str) -> i64 {
        let security = self.security_admin().await;
        let reply = security
            .post(
                "/api/v1/users",
                json!({ "username": username, "role": role, "unit_code": unit, "password": password }),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        if let Some(grant) = reply.body["pending_grant"]["id"].as_i64() {
            let approved = self
                .second_security_admin()
                .await
                .post(&format!("/api/v1/grants/{grant}/approve"), json!({}))
                .await;
            assert_eq!(approved.status, 200, "{}", approved.text);
        }
        reply.body["id"].as_i64().expect("id")
    }

    /// Runs the real binary against this installation.
    pub fn cli(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        run_cli(&self.config, args, env)
    }

    /// `jinguo import people FILE FLAGS…` against this installation.
    pub fn import_people(&self, file: impl AsRef<std::path::Path>, flags: &[&str]) -> Output {
        let file = file.as_ref().to_str().expect("path");
        self.cli(&[&["import", "people", file], flags].concat(), &[])
    }
}

pub fn run_cli(config: &Config, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_jinguo"));
    command
        .args(args)
        .env("JINGUO_DATA_DIR", &config.data_dir)
        .env_remove("JINGUO_DATABASE_URL");
    command
        .env_remove("JINGUO_MASTER_KEY")
        .env_remove("JINGUO_PASSWORD")
        .env("JINGUO_LOG", "warn");
    // The messages follow the operator's locale; the tests read the English ones unless a test
    // asks for another.
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    if let Some(url) = &config.database_url {
        command.env("JINGUO_DATABASE_URL", url);
    }
    for (k, v) in env {
        command.env(k, v);
    }
    command.stdin(std::process::Stdio::null());
    command.output().expect("run jinguo")
}

/// A run of the binary that failed, saying `needle` on standard error.
#[track_caller]
pub fn assert_cli_failed(output: &Output, needle: &str) {
    assert!(!output.status.success());
    assert!(stderr(output).contains(needle), "{}", stderr(output));
}

/// The summary a command prints as the last line of its standard output (JSON).
pub fn cli_summary(output: &Output) -> Value {
    let out = stdout(output);
    let last = out.lines().last().unwrap_or("");
    serde_json::from_str(last)
        .unwrap_or_else(|_| panic!("last line is JSON: {out} / {}", stderr(output)))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

impl Client {
    async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let mut request = request.header("accept-language", self.lang);
        if let Some(csrf) = &self.csrf {
            request = request.header("x-csrf-token", csrf);
        }
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            body,
            text,
            headers,
        }
    }

    /// A download's bytes (status 200 expected).
    pub async fn get_bytes(&self, path: &str) -> Vec<u8> {
        let mut request = self
            .http
            .get(format!("{}{path}", self.base))
            .header("accept-language", self.lang);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        assert_eq!(response.status().as_u16(), 200, "{path}");
        response.bytes().await.expect("bytes").to_vec()
    }

    /// Starts an export the way the export buttons do: a POST carrying the session's CSRF
    /// token (as a form field for pages, as `X-CSRF-Token` for the API) and the format (as a
    /// form field for pages, a query parameter for the API).
    pub async fn export(&self, path: &str, format: &str) -> (u16, Vec<u8>) {
        let csrf = self.csrf.clone().unwrap_or_default();
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut request = self
            .http
            .post(format!("{}{path}{sep}format={format}", self.base))
            .header("accept-language", self.lang)
            .header("x-csrf-token", &csrf)
            .form(&[("csrf", csrf.as_str()), ("format", format)]);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.bytes().await.expect("body").to_vec())
    }

    /// One sign-in attempt through the API.
    pub async fn sign_in(&self, username: &str, password: &str) -> Reply {
        self.post(
            "/api/v1/login",
            json!({ "username": username, "password": password }),
        )
        .await
    }

    /// A security administrator sets `user`'s password (to be changed at the next sign-in).
    pub async fn reset_password(&self, user: i64, password: &str) -> Reply {
        self.post(
            &format!("/api/v1/users/{user}/password"),
            json!({ "password": password }),
        )
        .await
    }

    /// The signed-in user changes her own password.
    pub async fn change_password(&self, current: &str, new: &str) -> Reply {
        self.post(
            "/api/v1/me/password",
            json!({ "current_password": current, "new_password": new }),
        )
        .await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.http.get(format!("{}{path}", self.base)))
            .await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(self.http.post(format!("{}{path}", self.base)).json(&body))
            .await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.send(self.http.patch(format!("{}{path}", self.base)).json(&body))
            .await
    }

    pub async fn client_put(&self, path: &str, body: Value) -> Reply {
        self.send(self.http.put(format!("{}{path}", self.base)).json(&body))
            .await
    }

    pub async fn send_delete(&self, path: &str) -> Reply {
        self.send(self.http.delete(format!("{}{path}", self.base)))
            .await
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        self.send(request).await
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        self.send(self.http.post(format!("{}{path}", self.base)).form(form))
            .await
    }

    /// A form posted by a page's script, asking for JSON back.
    pub async fn send_form_json(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("accept", "application/json")
            .form(form);
        self.send(request).await
    }
}

/// Runs SQL behind the application's back (tampering tests).
pub async fn raw_sql(app: &TestApp, text: &str) {
    app.app.db.ex().execute_raw(text).await.expect("raw sql");
}

// ---- places, people and records every module's tests need ----

/// The demo district (丰泽区) and places in it: 东湖街道 with its communities 少林社区 and
/// 东湖社区, and another street (丰泽街道) outside 东湖街道's subtree.
pub const DISTRICT: &str = "350503000000";
pub const EAST_LAKE_STREET: &str = "350503001000";
pub const SHAOLIN: &str = "350503001001";
pub const DONGHU: &str = "350503001002";
pub const OTHER_STREET: &str = "350503002000";

/// The password of the staff accounts made by `TestApp::user` (strong, and containing none of
/// their usernames).
pub const STAFF_PASSWORD: &str = "Kx-9#2026plum";

/// A valid ID number of the district: `birth` as YYYYMMDD, `seq` the 3 sequence digits (even
/// for a woman), the check character computed.
pub fn id_number(birth: &str, seq: &str) -> String {
    jinguo_domain::identity::with_check_char(&format!("350503{birth}{seq}")).expect("17 digits")
}

/// A valid unified social credit code whose 9th–17th characters come from `n`.
pub fn credit_code(n: u32) -> String {
    jinguo_domain::employment::CreditCode::complete(&format!("91350503MA{n:07}"))
        .expect("17 characters")
        .as_str()
        .to_owned()
}

pub fn id_of(v: &Value) -> i64 {
    v["id"].as_i64().expect("id")
}

/// The text `field` of each item of the JSON array `list` (items without it are skipped).
pub fn strings<'a>(list: &'a Value, field: &str) -> Vec<&'a str> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|item| item[field].as_str())
        .collect()
}

/// Every file under `dir`, however deep.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// Whether `needle` stands anywhere in `haystack`.
pub fn bytes_contain(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The whole number `field` of each item of the JSON array `list` (items without it are
/// skipped).
pub fn numbers(list: &Value, field: &str) -> Vec<i64> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|item| item[field].as_i64())
        .collect()
}

/// The text of a Word document's body (its `word/document.xml`).
pub fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a docx");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("its body"),
        &mut xml,
    )
    .expect("xml");
    xml
}

/// The (line, code) of each problem an import's answer lists.
pub fn problem_codes(reply: &Reply) -> Vec<(i64, String)> {
    problem_fields(reply)
        .into_iter()
        .map(|(line, _, code)| (line, code))
        .collect()
}

/// The (line, field, code) of each problem an import's answer lists.
pub fn problem_fields(reply: &Reply) -> Vec<(i64, String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
    reply.body["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("problems: {}", reply.text))
        .iter()
        .map(|p| {
            let line = p["line"].as_i64().expect("line");
            (line, text(&p["field"]), text(&p["code"]))
        })
        .collect()
}

/// The body of a 201 answer.
pub fn created(reply: Reply) -> Value {
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.body
}

/// A multipart body with `fields` and one file under the name `file`: (content type, body).
pub fn multipart(fields: &[(&str, &str)], file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "jinguo-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    /// One sign-in attempt through the API, from a client of its own.
    pub async fn try_login(&self, username: &str, password: &str) -> Reply {
        self.client().sign_in(username, password).await
    }

    /// A staff account of `role` at `unit` (password `STAFF_PASSWORD`), signed in.
    pub async fn user(&self, username: &str, role: &str, unit: &str) -> Client {
        self.user_with_password(username, role, unit, STAFF_PASSWORD)
            .await
    }

    /// A staff account of `role` at `unit` with `password`, signed in.
    pub async fn user_with_password(
        &self,
        username: &str,
        role: &str,
        unit: &str,
        password: &str,
    ) -> Client {
        self.add_user(username, role, unit, password).await;
        self.login(username, password).await
    }

    /// A department reporter of the district for `department` (e.g. `legal_aid`), signed in.
    pub async fn department_user(&self, username: &str, department: &str) -> Client {
        let made = self
            .security_admin()
            .await
            .post(
                "/api/v1/users",
                json!({ "username": username, "role": "department", "unit_code": DISTRICT,
                        "department_code": department, "password": STAFF_PASSWORD }),
            )
            .await;
        assert_eq!(made.status, 201, "{}", made.text);
        self.login(username, STAFF_PASSWORD).await
    }

    /// The street officer of 东湖街道 (`east_lake`), signed in.
    pub async fn east_lake_officer(&self) -> Client {
        self.user("east_lake", "street", EAST_LAKE_STREET).await
    }

    /// The street officer of 丰泽街道 (`other_street`), outside 东湖街道, signed in.
    pub async fn other_street_officer(&self) -> Client {
        self.user("other_street", "street", OTHER_STREET).await
    }

    /// District federation staff, who register the records other tests look for.
    pub async fn district_federation(&self) -> Client {
        self.user("district_fed", "federation", DISTRICT).await
    }
}

/// A woman registered at `unit` by `owner`: ID number born 1988-05-12 with sequence `seq`,
/// phone 139 followed by `seq` padded to 8 digits.
pub async fn register_person(owner: &Client, name: &str, seq: &str, unit: &str) -> i64 {
    let body = json!({ "name": name, "id_number": id_number("19880512", seq),
                       "phone": format!("139{seq:0>8}"), "unit_code": unit });
    id_of(&created(owner.post("/api/v1/people", body).await))
}

/// A household named `name` registered at `unit` by `owner`.
pub async fn register_household(owner: &Client, name: &str, unit: &str) -> i64 {
    let body = json!({ "name": name, "unit_code": unit });
    id_of(&created(owner.post("/api/v1/households", body).await))
}

/// A rights case (marriage and family, by the hotline) taken in at `unit` with `people`.
pub async fn open_rights_case(
    owner: &Client,
    unit: &str,
    people: &[i64],
    narrative: &str,
) -> Value {
    let body = json!({ "kind": "rights", "channel": "hotline_12338", "category": "marriage_family",
                       "unit_code": unit, "narrative": narrative, "person_ids": people });
    created(owner.post("/api/v1/cases", body).await)
}

/// Moves a case to `assigned` with `handler` (a username).
pub async fn assign_case(owner: &Client, case: i64, handler: &str) {
    let moved = owner
        .post(
            &format!("/api/v1/cases/{case}/transition"),
            json!({ "to": "assigned", "handler": handler }),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
}

/// A women-owned manufacturer at `unit` whose contact is 李经理, 13905951234.
pub async fn register_enterprise(owner: &Client, name: &str, n: u32, unit: &str) -> i64 {
    let body = json!({ "name": name, "credit_code": credit_code(n), "women_owned": true,
                       "unit_code": unit, "industry": "C", "staff": 120,
                       "contact_name": "李经理", "contact_phone": "13905951234" });
    id_of(&created(owner.post("/api/v1/enterprises", body).await))
}

/// An open manufacturing job of `enterprise` at `unit`, 3 positions.
pub async fn post_job(owner: &Client, enterprise: i64, title: &str, unit: &str) -> i64 {
    let body = json!({ "enterprise_id": enterprise, "title": title, "category": "manufacturing",
                       "positions": 3, "salary_min": 3500, "salary_max": 5000,
                       "unit_code": unit });
    id_of(&created(owner.post("/api/v1/jobs", body).await))
}

/// A job fair at `unit` on 2026-12-20 with `enterprises` taking part.
pub async fn hold_job_fair(owner: &Client, title: &str, unit: &str, enterprises: &[i64]) -> i64 {
    let body = json!({ "kind": "job_fair", "title": title, "date": "2026-12-20",
                       "unit_code": unit, "enterprise_ids": enterprises });
    id_of(&created(owner.post("/api/v1/events", body).await))
}

/// `person` registered as a seeker of manufacturing work.
pub async fn register_seeker(owner: &Client, person: i64) -> i64 {
    let body = json!({ "person_id": person, "categories": ["manufacturing"] });
    id_of(&created(owner.post("/api/v1/seekers", body).await))
}

/// A 404 that tells nothing: the plain `not_found` error, and none of `secrets` in the body.
pub fn assert_hidden(reply: &Reply, what: &str, secrets: &[&str]) {
    assert_error(reply, (404, "not_found"), what, secrets);
}

/// A 403 by role: the plain `forbidden` error, and none of `secrets` in the body.
pub fn assert_refused(reply: &Reply, what: &str, secrets: &[&str]) {
    assert_error(reply, (403, "forbidden"), what, secrets);
}

fn assert_error(reply: &Reply, (status, code): (u16, &str), what: &str, secrets: &[&str]) {
    assert_eq!(reply.status, status, "{what}: {}", reply.text);
    assert_eq!(reply.body["error"]["code"], code, "{what}: {}", reply.text);
    for secret in secrets {
        assert!(
            !reply.text.contains(secret),
            "{what} leaks {secret}: {}",
            reply.text
        );
    }
}

/// The line of the case `code` in a "taken in by me" list: status only (code, status, deadline).
pub fn taken_in_line<'a>(list: &'a Reply, code: &str) -> &'a Value {
    assert_eq!(list.status, 200, "{}", list.text);
    let line = list
        .body
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["code"] == code)
        .expect("the case is on the taker's list");
    let keys: Vec<&String> = line.as_object().expect("line").keys().collect();
    assert_eq!(keys, ["code", "due_at", "status"], "status only: {line}");
    line
}

/// An enterprise's difficulty report (a case of kind `enterprise`) taken in at `unit`.
pub async fn report_enterprise_difficulty(owner: &Client, enterprise: i64, unit: &str) -> Value {
    created(
        owner
            .post(
                "/api/v1/cases",
                json!({ "kind": "enterprise", "channel": "liaison_visit",
                        "category": "enterprise_operation", "unit_code": unit,
                        "narrative": "企业反映流动资金紧张。", "enterprise_id": enterprise }),
            )
            .await,
    )
}

/// The rows of a query read behind the application's back.
pub async fn sql_rows(app: &TestApp, text: &str) -> Vec<jinguo_db::Row> {
    app.app
        .db
        .ex()
        .fetch_all(jinguo_db::sql(text))
        .await
        .expect("rows")
}

/// An integer read behind the application's back (a count of rows).
pub async fn sql_count(app: &TestApp, text: &str) -> i64 {
    sql_count_query(app, jinguo_db::sql(text)).await
}

/// An integer read behind the application's back by a query with parameters.
pub async fn sql_count_query(app: &TestApp, query: jinguo_db::Query) -> i64 {
    app.app.db.ex().fetch_scalar(query).await.expect("count")
}
