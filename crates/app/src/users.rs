//! User accounts: created by the operator (CLI) or a security administrator, within the
//! security administrator's subtree.
//!
//! Separation of duties (等保 L3 三员分立): accounts, roles and passwords are the security
//! administrator's duty, not the system administrator's. A grant of a role that sees restricted
//! cases — or of the security administrator's own role, which decides such grants — waits for a
//! second, different security administrator; the operator's command line is the bootstrap path
//! and grants any role at once (audited).

use crate::audit::{self, Entry};
use crate::auth::{revoke_credentials, Caller};
use crate::error::OnUnique;
use crate::passwords::{check_rule, hash_password};
use crate::{App, AppError, Origin};
/// An account as the users page and API show it: never its password hash.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit_code: String,
    pub department_code: Option<String>,
    pub disabled: bool,
    /// Set by an administrator's reset: the next sign-in must choose a new password first.
    pub must_change_password: bool,
    pub created_at: i64,
    /// Created by a role grant that waits for a second security administrator: cannot sign in.
    pub awaiting_grant: bool,
}

impl From<accounts::User> for User {
    fn from(u: accounts::User) -> User {
        User {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            unit_code: u.unit_code,
            department_code: u.department_code,
            disabled: u.disabled,
            must_change_password: u.must_change_password,
            created_at: u.created_at,
            awaiting_grant: u.awaiting_grant,
        }
    }
}
use crate::changes::changes;
use jinguo_db::accounts::{self, NewUser, UserChanges};
use jinguo_db::grants::{self, Grant as GrantRow, NewGrant};
use jinguo_db::units;
use jinguo_domain::scope::role_sees_restricted_cases;
use jinguo_domain::{Role, UnitCode};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

/// A role grant decided by two security administrators.
// As the users page and the API (`GrantView`) show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ToSchema)]
#[schema(as = GrantView)]
pub struct Grant {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub role: String,
    pub unit_code: String,
    pub department_code: Option<String>,
    /// The grant creates the account (else it changes an existing account's role or unit).
    pub new_account: bool,
    // Who asked for it, by name.
    #[serde(rename = "requested_by")]
    pub requested_by_name: String,
    /// Milliseconds since the epoch, UTC.
    pub requested_at: i64,
    /// `approved` or `rejected` once decided.
    pub decision: Option<String>,
}

impl From<GrantRow> for Grant {
    fn from(g: GrantRow) -> Grant {
        Grant {
            id: g.id,
            user_id: g.user_id,
            username: g.username,
            role: g.role,
            unit_code: g.unit_code,
            department_code: g.department_code,
            new_account: g.new_account,
            requested_by_name: g.requested_by_name,
            requested_at: g.requested_at,
            decision: g.decision,
        }
    }
}

// A new account as the API takes it (`CreateUser`), the users page and the command line build it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = CreateUser)]
pub struct NewAccount {
    pub username: String,
    pub display_name: Option<String>,
    pub role: String,
    pub unit_code: String,
    pub department_code: Option<String>,
    pub password: String,
}

/// Who is acting: a signed-in security administrator, or the operator at the command line.
pub enum Actor<'a> {
    Admin(&'a Caller),
    Operator(&'a Origin),
}

impl Actor<'_> {
    fn entry<'b>(&'b self, action: &'b str, entity_id: String) -> Entry<'b> {
        match self {
            Actor::Admin(c) => c.entry(action, "user", entity_id),
            Actor::Operator(origin) => Entry {
                actor_id: None,
                actor: "cli",
                origin,
                action,
                entity: "user",
                entity_id,
                unit_code: None,
                detail: json!({}),
            },
        }
    }
}

fn check_username(username: &str) -> Result<(), AppError> {
    let ok_len = (2..=32).contains(&username.len());
    let ok_chars = username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if ok_len && ok_chars {
        Ok(())
    } else {
        Err(AppError::invalid("username", "invalid_username"))
    }
}

fn parse_role(raw: &str) -> Result<Role, AppError> {
    raw.parse::<Role>()
        .map_err(|_| AppError::invalid_detail("role", "unknown_role", raw))
}

/// A unit that exists and that the actor may assign.
async fn check_unit(app: &App, actor: &Actor<'_>, raw: &str) -> Result<UnitCode, AppError> {
    let unknown = || AppError::invalid_detail("unit_code", "unknown_unit", raw);
    let code = UnitCode::parse(raw).map_err(|_| unknown())?;
    if units::find(&mut app.db.ex(), code.as_str())
        .await?
        .is_none()
    {
        return Err(unknown());
    }
    if let Actor::Admin(caller) = actor {
        if !caller.scope().covers(&code) {
            return Err(unknown());
        }
    }
    Ok(code)
}

async fn check_department(app: &App, raw: Option<&str>) -> Result<(), AppError> {
    let Some(code) = raw else { return Ok(()) };
    let known = units::departments(&mut app.db.ex()).await?;
    if known.iter().any(|d| d.code == code) {
        Ok(())
    } else {
        Err(AppError::invalid_detail(
            "department",
            "unknown_department",
            code,
        ))
    }
}

/// Grants decided by two security administrators: roles that see restricted cases, and the
/// security administrator's own role (else one could create a second one to approve herself).
pub fn needs_second_approval(role: Role, unit: &UnitCode) -> bool {
    role == Role::SecurityAdmin || role_sees_restricted_cases(role, unit)
}

fn grant_pending() -> AppError {
    AppError::Conflict {
        code: "grant_pending",
        field: Some("role"),
        detail: None,
    }
}

/// Records a grant waiting for a second security administrator, and its request in the log.
async fn request_grant(
    app: &App,
    ex: &mut jinguo_db::Exec<'_>,
    caller: &Caller,
    grant: NewGrant<'_>,
    now: i64,
) -> Result<(), AppError> {
    grants::insert(ex, &grant, now).await?;
    let detail = json!({
        "grant": grant.id,
        "role": grant.role,
        "unit": grant.unit_code,
        "new_account": grant.new_account,
    });
    let entry = caller.entry("grant_request", "user", grant.user_id.to_string());
    audit::append(app, ex, entry.in_unit(grant.unit_code).detail(detail), now).await?;
    Ok(())
}

pub async fn add(app: &App, actor: Actor<'_>, new: NewAccount) -> Result<i64, AppError> {
    if let Actor::Admin(caller) = &actor {
        caller.require_account_admin()?;
    }
    let username = new.username.trim();
    check_username(username)?;
    let role = parse_role(&new.role)?;
    let unit = check_unit(app, &actor, &new.unit_code).await?;
    let department = new.department_code.as_deref().filter(|d| !d.is_empty());
    check_department(app, department).await?;
    check_rule(&new.password, username, "password")?;
    let hash = hash_password(&new.password).await?;
    let now = app.now();
    let id = app.ids.next(now);
    let display_name = crate::given(new.display_name.as_deref()).unwrap_or(username);
    let mut tx = app.db.begin().await?;
    let row = NewUser {
        id,
        username,
        display_name,
        role: role.as_str(),
        unit_code: unit.as_str(),
        department_code: department,
        password_hash: &hash,
    };
    accounts::insert_user(&mut tx.ex(), &row, now)
        .await
        .on_unique("username_taken", "username")?;
    let awaiting = match &actor {
        Actor::Admin(caller) if needs_second_approval(role, &unit) => Some(*caller),
        _ => None,
    };
    if let Some(caller) = awaiting {
        grants::set_awaiting(&mut tx.ex(), id, true).await?;
        let grant = NewGrant {
            id: app.ids.next(now),
            user_id: id,
            role: role.as_str(),
            unit_code: unit.as_str(),
            department_code: department,
            new_account: true,
            requested_by: caller.user_id,
        };
        request_grant(app, &mut tx.ex(), caller, grant, now).await?;
    }
    let entry = actor.entry("user_create", id.to_string());
    let detail = json!({
        "username": username,
        "role": role.as_str(),
        "unit": unit.as_str(),
        "awaiting_approval": awaiting.is_some(),
    });
    audit::commit(app, tx, entry.in_unit(unit.as_str()).detail(detail), now).await?;
    Ok(id)
}

pub async fn list(app: &App, caller: &Caller) -> Result<Vec<User>, AppError> {
    caller.require_account_admin()?;
    let users = accounts::list_in_scope(&mut app.db.ex(), &caller.scope()).await?;
    Ok(users.into_iter().map(User::from).collect())
}

pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<User, AppError> {
    Ok(account(app, caller, id).await?.into())
}

/// The stored account of a user in the administrator's scope (its credentials with it).
pub(crate) async fn account(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<accounts::User, AppError> {
    account_in(&mut app.db.ex(), caller, id).await
}

/// `account` through a given executor: a change reads the account in its own transaction.
async fn account_in(
    ex: &mut jinguo_db::Exec<'_>,
    caller: &Caller,
    id: i64,
) -> Result<accounts::User, AppError> {
    caller.require_account_admin()?;
    accounts::find_in_scope(ex, &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// An account's role, unit and state as the users page edits them whole.
#[derive(Debug, Clone)]
pub struct AccountInput {
    pub display_name: String,
    pub role: String,
    pub unit_code: String,
    pub department_code: Option<String>,
    pub disabled: bool,
}

impl AccountInput {
    fn of(user: &User) -> AccountInput {
        AccountInput {
            display_name: user.display_name.clone(),
            role: user.role.clone(),
            unit_code: user.unit_code.clone(),
            department_code: user.department_code.clone(),
            disabled: user.disabled,
        }
    }
}

changes! {
    // A change of some fields of an account (`UpdateUser`).
    #[schema(as = UpdateUser)]
    pub struct AccountChanges for AccountInput {
        display_name: String,
        role: String,
        unit_code: String,
        department_code: String,
        disabled: bool,
    }
}

/// Sets an account's fields as the users page sends them, all of them.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: i64,
    input: AccountInput,
) -> Result<User, AppError> {
    write(app, caller, id, |_| input).await
}

/// Changes the fields given, the rest as they are: read, merged and written in one transaction.
pub async fn change(
    app: &App,
    caller: &Caller,
    id: i64,
    changes: AccountChanges,
) -> Result<User, AppError> {
    write(app, caller, id, |before| {
        changes.applied_to(AccountInput::of(before))
    })
    .await
}

/// Reads the account, makes its new fields from it and writes them, in one transaction.
async fn write(
    app: &App,
    caller: &Caller,
    id: i64,
    input_of: impl FnOnce(&User) -> AccountInput,
) -> Result<User, AppError> {
    caller.require_account_admin()?;
    let mut tx = app.db.begin().await?;
    let before: User = account_in(&mut tx.ex(), caller, id).await?.into();
    if grants::pending_of_user(&mut tx.ex(), id).await?.is_some() {
        return Err(grant_pending());
    }
    let changes = input_of(&before);
    let actor = Actor::Admin(caller);
    let role = parse_role(&changes.role)?;
    let unit = check_unit(app, &actor, &changes.unit_code).await?;
    let department = changes.department_code.as_deref().filter(|d| !d.is_empty());
    check_department(app, department).await?;
    let regrants = role.as_str() != before.role
        || unit.as_str() != before.unit_code
        || department != before.department_code.as_deref();
    if id == caller.user_id && (changes.disabled || regrants) {
        // A security administrator cannot lock herself out, nor grant herself a role.
        return Err(AppError::invalid("role", "cannot_demote_self"));
    }
    // A grant that needs a second administrator leaves the account as it was until approved.
    let held = needs_second_approval(role, &unit) && (regrants || before.awaiting_grant);
    let display_name = changes.display_name.trim();
    let display_name = if display_name.is_empty() {
        before.username.as_str()
    } else {
        display_name
    };
    let now = app.now();
    let row = if held {
        UserChanges {
            display_name,
            role: &before.role,
            unit_code: &before.unit_code,
            department_code: before.department_code.as_deref(),
            disabled: changes.disabled,
        }
    } else {
        UserChanges {
            display_name,
            role: role.as_str(),
            unit_code: unit.as_str(),
            department_code: department,
            disabled: changes.disabled,
        }
    };
    accounts::update_user(&mut tx.ex(), id, &row, now).await?;
    if changes.disabled {
        // Tokens are revoked, not only refused while disabled: re-enabling the account later
        // does not bring them back.
        revoke_credentials(&mut tx, id, None).await?;
    }
    if held {
        let grant = NewGrant {
            id: app.ids.next(now),
            user_id: id,
            role: role.as_str(),
            unit_code: unit.as_str(),
            department_code: department,
            new_account: before.awaiting_grant,
            requested_by: caller.user_id,
        };
        request_grant(app, &mut tx.ex(), caller, grant, now).await?;
    } else if before.awaiting_grant {
        // A role that needs no second approval ends the wait of an account whose grant was
        // refused.
        grants::set_awaiting(&mut tx.ex(), id, false).await?;
    }
    let detail = json!({
        "username": before.username,
        "role": [before.role, row.role],
        "unit": [before.unit_code, row.unit_code],
        "disabled": [before.disabled, changes.disabled],
        "awaiting_approval": held,
    });
    let entry = actor.entry("user_update", id.to_string());
    audit::commit(app, tx, entry.in_unit(unit.as_str()).detail(detail), now).await?;
    get(app, caller, id).await
}

/// Grants waiting for a second security administrator, in the caller's subtree.
pub async fn pending_grants(app: &App, caller: &Caller) -> Result<Vec<Grant>, AppError> {
    caller.require_account_admin()?;
    let pending = grants::pending_in_scope(&mut app.db.ex(), &caller.scope()).await?;
    Ok(pending.into_iter().map(Grant::from).collect())
}

/// The undecided grant of an account in the caller's subtree, if any.
pub async fn pending_grant_of(
    app: &App,
    caller: &Caller,
    user_id: i64,
) -> Result<Option<Grant>, AppError> {
    get(app, caller, user_id).await?;
    let pending = grants::pending_of_user(&mut app.db.ex(), user_id).await?;
    Ok(pending.map(Grant::from))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

impl Decision {
    fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approved",
            Decision::Reject => "rejected",
        }
    }

    fn action(self) -> &'static str {
        match self {
            Decision::Approve => "grant_approve",
            Decision::Reject => "grant_reject",
        }
    }
}

/// A second security administrator approves or rejects a waiting grant. Neither the one who
/// asked for it nor the account it is for may decide it. An approved grant takes effect at once;
/// a rejected one leaves the account as it was (a new account stays unable to sign in).
pub async fn decide_grant(
    app: &App,
    caller: &Caller,
    grant_id: i64,
    decision: Decision,
) -> Result<Grant, AppError> {
    caller.require_account_admin()?;
    let grant = grants::find_pending(&mut app.db.ex(), grant_id, &caller.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    if grant.requested_by == caller.user_id || grant.user_id == caller.user_id {
        return Err(AppError::Conflict {
            code: "second_administrator_required",
            field: None,
            detail: None,
        });
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if !grants::decide(
        &mut tx.ex(),
        grant.id,
        caller.user_id,
        decision.as_str(),
        now,
    )
    .await?
    {
        // Another administrator decided it in the meantime.
        return Err(AppError::NotFound);
    }
    if decision == Decision::Approve {
        grants::apply(&mut tx.ex(), &grant, now).await?;
    }
    let detail = json!({
        "grant": grant.id,
        "username": grant.username,
        "role": grant.role,
        "unit": grant.unit_code,
        "requested_by": grant.requested_by_name,
    });
    let entry = caller.entry(decision.action(), "user", grant.user_id.to_string());
    audit::commit(app, tx, entry.in_unit(&grant.unit_code).detail(detail), now).await?;
    Ok(Grant {
        decision: Some(decision.as_str().to_owned()),
        ..grant.into()
    })
}

/// An administrator sets a new password for a user: the user must choose their own at the next
/// sign-in, and every session and API token of the user ends now.
pub async fn reset_password(
    app: &App,
    caller: &Caller,
    id: i64,
    password: &str,
) -> Result<(), AppError> {
    let user = get(app, caller, id).await?;
    check_rule(password, &user.username, "password")?;
    let hash = hash_password(password).await?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    accounts::set_password_hash(&mut tx.ex(), id, &hash, true, now).await?;
    revoke_credentials(&mut tx, id, None).await?;
    let entry = caller.entry("password_reset", "user", id.to_string());
    let detail = json!({ "username": user.username });
    audit::commit(app, tx, entry.in_unit(&user.unit_code).detail(detail), now).await?;
    Ok(())
}

/// How many accounts the caller's subtree holds (for the home page's overview).
pub async fn count(app: &App, caller: &Caller) -> Result<i64, AppError> {
    Ok(accounts::count_in_scope(&mut app.db.ex(), &caller.scope()).await?)
}
