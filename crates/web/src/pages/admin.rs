//! Administration pages: users and role grants and online users (the security administrator's),
//! the audit log and the sign-in log, a view of it (the audit administrator's).

use super::{format_time, level_label, render, role_label, Shell};
use crate::error::PageError;
use crate::extract::parse_id;
use crate::extract::{PageCaller, PageForm, PageQuery, PostedForm, RecordForm, RecordRequest};
use crate::i18n::{error_message, Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::pages::parts::{Pager, Paging, Pairs};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::{self, Caller};
use jinguo_app::users::{self, AccountInput, Actor, NewAccount};
use jinguo_app::{audit, lockout, units, AppError};
use jinguo_domain::Role;
use serde::Deserialize;

pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role_label: String,
    pub unit_name: String,
    pub status_label: String,
    /// Locked by failed sign-ins now: the row offers 解锁.
    pub locked: bool,
}

/// A role grant waiting for a second security administrator.
pub struct GrantRow {
    pub id: i64,
    pub username: String,
    pub role_label: String,
    pub unit_name: String,
    pub requested_by: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    shell: Shell,
    users: Vec<UserRow>,
    grants: Vec<GrantRow>,
}

pub async fn users(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let t = Tr(lang);
    let list = users::list(&state.app, &caller).await?;
    let locks = lockout::locks_of(&state.app, &list).await?;
    let pending = users::pending_grants(&state.app, &caller).await?;
    let tree = units::tree(&state.app, &caller).await?;
    let unit_name = |code: String| {
        tree.iter()
            .find(|x| x.code == code)
            .map(|x| x.name.clone())
            .unwrap_or(code)
    };
    let grants = pending
        .into_iter()
        .map(|g| GrantRow {
            id: g.id,
            username: g.username,
            role_label: role_label(t, &g.role),
            unit_name: unit_name(g.unit_code),
            requested_by: g.requested_by_name,
        })
        .collect();
    let rows = list
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            locked: locks.contains_key(&u.id),
            status_label: status_label(t, &u, locks.get(&u.id).copied()),
            role_label: role_label(t, &u.role),
            unit_name: unit_name(u.unit_code),
            username: u.username,
            display_name: u.display_name,
        })
        .collect();
    let shell = Shell::new(lang, Some(&caller), "users", "users-title");
    render(&UsersPage {
        shell,
        users: rows,
        grants,
    })
}

async fn decide_grant(
    state: &AppState,
    caller: &Caller,
    id: i64,
    decision: users::Decision,
) -> Result<Response, PageError> {
    let grant = users::decide_grant(&state.app, caller, id, decision).await?;
    let done = match grant.decision.as_deref() {
        Some("approved") => Done::GrantApproved,
        _ => Done::GrantRejected,
    };
    Ok(flash::redirect("/admin/users", done))
}

/// A second security administrator approves a waiting role grant.
pub async fn approve_grant(
    State(state): State<AppState>,
    RecordForm { caller, id, .. }: RecordForm,
) -> Result<Response, PageError> {
    decide_grant(&state, &caller, id, users::Decision::Approve).await
}

/// A second security administrator rejects a waiting role grant.
pub async fn reject_grant(
    State(state): State<AppState>,
    RecordForm { caller, id, .. }: RecordForm,
) -> Result<Response, PageError> {
    decide_grant(&state, &caller, id, users::Decision::Reject).await
}

/// 正常, 已停用, 待审批, or 已锁定 with the time the lock ends (a locked account is never shown as
/// active).
fn status_label(t: Tr, user: &jinguo_app::users::User, locked_until: Option<i64>) -> String {
    match locked_until {
        _ if user.disabled => t.t("users-disabled"),
        _ if user.awaiting_grant => t.t("users-awaiting-approval"),
        Some(until) => t.t_with("users-locked", "until", format_time(until)),
        None if user.must_change_password => t.t("users-must-change"),
        None => t.t("users-active"),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct UserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit_code: String,
    #[serde(default)]
    department_code: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    disabled: Option<String>,
}

impl UserForm {
    fn is_disabled(&self) -> bool {
        self.disabled.is_some()
    }
}

/// The form as the template shows it.
pub struct FormValues {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit_code: String,
    pub department_code: String,
    pub disabled: bool,
}

impl FormValues {
    /// The form filled with a stored account.
    fn of_user(user: jinguo_app::users::User) -> FormValues {
        FormValues {
            username: user.username,
            display_name: user.display_name,
            role: user.role,
            unit_code: user.unit_code,
            department_code: user.department_code.unwrap_or_default(),
            disabled: user.disabled,
        }
    }
}

#[derive(Template)]
#[template(path = "user_form.html")]
struct UserFormPage {
    shell: Shell,
    is_new: bool,
    action: String,
    form: FormValues,
    error: Option<String>,
    error_field: String,
    roles: Vec<(String, String)>,
    units: Vec<(String, String)>,
    departments: Vec<(String, String)>,
}

async fn form_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    user_id: Option<i64>,
    form: FormValues,
    error: Option<&AppError>,
) -> Result<Html<String>, PageError> {
    let t = Tr(lang);
    let roles = Role::ALL
        .iter()
        .map(|r| (r.as_str().to_owned(), role_label(t, r.as_str())))
        .collect();
    let units = units::tree(&state.app, caller)
        .await?
        .into_iter()
        .map(|u| {
            let label = t.paren(&u.name, level_label(t, &u.level));
            (u.code, label)
        })
        .collect();
    let departments = units::departments(&state.app)
        .await?
        .into_iter()
        .map(|d| {
            (
                d.code,
                if lang == Lang::En {
                    d.name_en
                } else {
                    d.name_zh
                },
            )
        })
        .collect();
    let title = if user_id.is_some() {
        "users-edit"
    } else {
        "users-new"
    };
    let page = UserFormPage {
        shell: Shell::new(lang, Some(caller), "users", title),
        is_new: user_id.is_none(),
        action: user_id
            .map(|id| format!("/admin/users/{id}"))
            .unwrap_or_else(|| "/admin/users".into()),
        form,
        error: error.map(|e| error_message(lang, e)),
        error_field: error.and_then(|e| e.field()).unwrap_or("").to_owned(),
        roles,
        units,
        departments,
    };
    render(&page)
}

pub async fn new_user(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    caller.require_account_admin()?;
    let form = FormValues {
        username: String::new(),
        display_name: String::new(),
        role: Role::Community.as_str().into(),
        unit_code: caller.unit().to_string(),
        department_code: String::new(),
        disabled: false,
    };
    form_page(
        &state,
        &caller,
        Lang::from_headers(&headers),
        None,
        form,
        None,
    )
    .await
}

fn values_of(form: &UserForm) -> FormValues {
    FormValues {
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        role: form.role.clone(),
        unit_code: form.unit_code.clone(),
        department_code: form.department_code.clone(),
        disabled: form.is_disabled(),
    }
}

/// Validation errors go back to the form, beside the field; anything else is an error page.
fn is_form_error(e: &AppError) -> bool {
    matches!(e, AppError::Invalid { .. } | AppError::Conflict { .. })
}

pub async fn create_user(
    State(state): State<AppState>,
    caller: PageCaller,
    headers: HeaderMap,
    PageForm(form): PageForm<UserForm>,
) -> Result<Response, PageError> {
    caller.check_csrf(&form.csrf)?;
    let caller = caller.0;
    let new = NewAccount {
        username: form.username.clone(),
        display_name: Some(form.display_name.clone()),
        role: form.role.clone(),
        unit_code: form.unit_code.clone(),
        department_code: Some(form.department_code.clone()),
        password: form.password.clone(),
    };
    match users::add(&state.app, Actor::Admin(&caller), new).await {
        Ok(_) => Ok(flash::redirect("/admin/users", Done::Created)),
        Err(e) if is_form_error(&e) => {
            let lang = Lang::from_headers(&headers);
            let page = form_page(&state, &caller, lang, None, values_of(&form), Some(&e)).await?;
            Ok(super::refused(page))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_user(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    let user = users::get(&state.app, &caller, id).await?;
    let form = FormValues::of_user(user);
    form_page(&state, &caller, lang, Some(id), form, None).await
}

pub async fn save_user(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    PageForm(form): PageForm<UserForm>,
) -> Result<Response, PageError> {
    caller.check_csrf(&form.csrf)?;
    let caller = caller.0;
    let id = parse_id(&id)?;
    let changes = AccountInput {
        display_name: form.display_name.clone(),
        role: form.role.clone(),
        unit_code: form.unit_code.clone(),
        department_code: Some(form.department_code.clone()),
        disabled: form.is_disabled(),
    };
    match users::update(&state.app, &caller, id, changes).await {
        Ok(_) => Ok(flash::redirect("/admin/users", Done::Saved)),
        Err(e) if is_form_error(&e) => {
            let existing = users::get(&state.app, &caller, id).await?;
            let values = FormValues {
                username: existing.username,
                ..values_of(&form)
            };
            let page = form_page(
                &state,
                &caller,
                Lang::from_headers(&headers),
                Some(id),
                values,
                Some(&e),
            )
            .await?;
            Ok(super::refused(page))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn reset_password(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    PageForm(form): PageForm<UserForm>,
) -> Result<Response, PageError> {
    caller.check_csrf(&form.csrf)?;
    let caller = caller.0;
    let id = parse_id(&id)?;
    match users::reset_password(&state.app, &caller, id, &form.password).await {
        Ok(()) => Ok(flash::redirect("/admin/users", Done::PasswordReset)),
        Err(e) if is_form_error(&e) => {
            let values = FormValues::of_user(users::get(&state.app, &caller, id).await?);
            let page = form_page(
                &state,
                &caller,
                Lang::from_headers(&headers),
                Some(id),
                values,
                Some(&e),
            )
            .await?;
            Ok(super::refused(page))
        }
        Err(e) => Err(e.into()),
    }
}

/// The actions the filter offers, in menu order.
const AUDIT_ACTIONS: &[&str] = &[
    "login",
    "login_failed",
    "account_locked",
    "logout",
    "user_create",
    "user_update",
    "password_reset",
    "grant_request",
    "grant_approve",
    "grant_reject",
    "password_change",
    "account_unlock",
    "token_create",
    "token_revoke",
    "session_end",
    "import",
    "export",
    "read",
    "reveal",
];
const LOGIN_ACTIONS: &[&str] = &[
    "login",
    "login_failed",
    "account_locked",
    "logout",
    "session_end",
];

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    category: Option<String>,
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

pub struct EventRow {
    pub seq: i64,
    pub time: String,
    pub actor: String,
    pub ip: String,
    pub action: String,
    pub action_label: String,
    pub entity: String,
    pub entity_id: String,
    pub unit: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    shell: Shell,
    category: String,
    q_actor: String,
    q_action: String,
    q_from: String,
    q_to: String,
    actions: Vec<(String, String)>,
    events: Vec<EventRow>,
    total: i64,
    pager: Pager,
    error: Option<String>,
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn audit(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    PageQuery(q): PageQuery<AuditQuery>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    caller.require_audit_reader()?;
    let lang = Lang::from_headers(&headers);
    let t = Tr(lang);
    let logins = q.category.as_deref() == Some("logins");
    let paging = Paging::new(q.page, q.per_page);
    let (mut error, mut events, mut total) = (None, Vec::new(), 0);
    match crate::api::filter_of(
        q.actor.as_deref(),
        q.action.as_deref(),
        None,
        q.from.as_deref(),
        q.to.as_deref(),
    ) {
        Ok(mut filter) => {
            if logins {
                filter.actions = Some(LOGIN_ACTIONS.iter().map(|a| a.to_string()).collect());
            }
            (events, total) =
                audit::list(&state.app, &caller, &filter, paging.page, paging.per_page).await?;
        }
        Err(e) => error = Some(error_message(lang, &e)),
    }
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let query = format!(
        "category={}&actor={}&action={}&from={}&to={}",
        encode(&text(&q.category)),
        encode(&text(&q.actor)),
        encode(&text(&q.action)),
        encode(&text(&q.from)),
        encode(&text(&q.to))
    );
    let pager = Pager::of(
        t,
        &Pairs::of_query(Some(&query)),
        "/admin/audit",
        paging,
        total,
    );
    let offered = if logins { LOGIN_ACTIONS } else { AUDIT_ACTIONS };
    let rows = events
        .into_iter()
        .map(|e| EventRow {
            seq: e.seq,
            time: format_time(e.at),
            action_label: t.t(&format!("action-{}", e.action)),
            actor: e.actor,
            ip: e.ip,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            unit: e.unit_code.unwrap_or_default(),
            detail: e.detail,
        })
        .collect();
    let (active, title) = if logins {
        ("logins", "nav-logins")
    } else {
        ("audit", "audit-title")
    };
    let page = AuditPage {
        shell: Shell::new(lang, Some(&caller), active, title),
        category: text(&q.category),
        q_actor: text(&q.actor),
        q_action: text(&q.action),
        q_from: text(&q.from),
        q_to: text(&q.to),
        actions: offered
            .iter()
            .map(|a| (a.to_string(), t.t(&format!("action-{a}"))))
            .collect(),
        events: rows,
        total,
        pager,
        error,
    };
    render(&page)
}

pub struct SessionRow {
    pub id: String,
    pub username: String,
    pub ip: String,
    pub since: String,
    pub last: String,
    pub is_self: bool,
}

#[derive(Template)]
#[template(path = "sessions.html")]
struct SessionsPage {
    shell: Shell,
    sessions: Vec<SessionRow>,
}

pub async fn sessions(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let own = caller
        .session()
        .as_ref()
        .map(|s| s.id_hash.clone())
        .unwrap_or_default();
    let rows = auth::online_sessions(&state.app, &caller)
        .await?
        .into_iter()
        .map(|(s, username)| SessionRow {
            is_self: s.id_hash == own,
            id: s.id_hash,
            username,
            ip: s.ip,
            since: format_time(s.created_at),
            last: format_time(s.last_seen),
        })
        .collect();
    render(&SessionsPage {
        shell: Shell::new(lang, Some(&caller), "sessions", "sessions-title"),
        sessions: rows,
    })
}

pub async fn end_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    PostedForm { caller, .. }: PostedForm,
) -> Result<Response, PageError> {
    auth::end_session(&state.app, &caller, &id).await?;
    Ok(flash::redirect("/admin/sessions", Done::Recorded))
}
