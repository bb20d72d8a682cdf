//! User accounts: created by the operator (CLI) or an admin, within the admin's subtree.

use crate::audit::{self, Entry};
use crate::auth::{revoke_credentials, Caller};
use crate::passwords::{check_rule, hash_password};
use crate::{App, AppError, Origin};
use jinguo_db::accounts::{self, NewUser, User, UserChanges};
use jinguo_db::units;
use jinguo_domain::{Role, UnitCode};
use serde_json::json;

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: Option<String>,
    pub role: String,
    pub unit_code: String,
    pub department_code: Option<String>,
    pub password: String,
}

/// Who is acting: a signed-in admin, or the operator at the command line.
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
    let unknown = || AppError::invalid_detail("unit", "unknown_unit", raw);
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

pub async fn add(app: &App, actor: Actor<'_>, new: NewAccount) -> Result<i64, AppError> {
    if let Actor::Admin(caller) = &actor {
        caller.require_admin()?;
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
    let display_name = new
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(username);
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
        .map_err(|e| {
            if e.is_unique_violation() {
                AppError::Conflict {
                    code: "username_taken",
                    field: Some("username"),
                    detail: None,
                }
            } else {
                e.into()
            }
        })?;
    let entry = actor.entry("user_create", id.to_string());
    let detail = json!({ "username": username, "role": role.as_str(), "unit": unit.as_str() });
    audit::append(
        &mut tx.ex(),
        Entry {
            unit_code: Some(unit.as_str()),
            detail,
            ..entry
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn list(app: &App, caller: &Caller) -> Result<Vec<User>, AppError> {
    caller.require_admin()?;
    Ok(accounts::list_in_scope(&mut app.db.ex(), &caller.scope()).await?)
}

pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<User, AppError> {
    caller.require_admin()?;
    accounts::find_in_scope(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(Debug, Clone)]
pub struct AccountChanges {
    pub display_name: String,
    pub role: String,
    pub unit_code: String,
    pub department_code: Option<String>,
    pub disabled: bool,
}

pub async fn update(
    app: &App,
    caller: &Caller,
    id: i64,
    changes: AccountChanges,
) -> Result<User, AppError> {
    let before = get(app, caller, id).await?;
    let actor = Actor::Admin(caller);
    let role = parse_role(&changes.role)?;
    let unit = check_unit(app, &actor, &changes.unit_code).await?;
    let department = changes.department_code.as_deref().filter(|d| !d.is_empty());
    check_department(app, department).await?;
    if id == caller.user_id && (changes.disabled || role != Role::Admin) {
        // An admin cannot lock themselves out of administration.
        return Err(AppError::invalid("role", "cannot_demote_self"));
    }
    let display_name = changes.display_name.trim();
    let display_name = if display_name.is_empty() {
        before.username.as_str()
    } else {
        display_name
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let row = UserChanges {
        display_name,
        role: role.as_str(),
        unit_code: unit.as_str(),
        department_code: department,
        disabled: changes.disabled,
    };
    accounts::update_user(&mut tx.ex(), id, &row, now).await?;
    if changes.disabled {
        // Tokens are revoked, not only refused while disabled: re-enabling the account later
        // does not bring them back.
        revoke_credentials(&mut tx, id, None).await?;
    }
    let detail = json!({
        "username": before.username,
        "role": [before.role, role.as_str()],
        "unit": [before.unit_code, unit.as_str()],
        "disabled": [before.disabled, changes.disabled],
    });
    let entry = actor.entry("user_update", id.to_string());
    audit::append(
        &mut tx.ex(),
        Entry {
            unit_code: Some(unit.as_str()),
            detail,
            ..entry
        },
        now,
    )
    .await?;
    tx.commit().await?;
    get(app, caller, id).await
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
    audit::append(
        &mut tx.ex(),
        Entry {
            unit_code: Some(&user.unit_code),
            detail,
            ..entry
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How many accounts the caller's subtree holds (for the home page's overview).
pub async fn count(app: &App, caller: &Caller) -> Result<i64, AppError> {
    Ok(accounts::count_in_scope(&mut app.db.ex(), &caller.scope()).await?)
}
