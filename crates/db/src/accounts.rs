//! Users, browser sessions and API tokens.

use crate::{sql, DbError, Exec, Row};
use jinguo_domain::Scope;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit_code: String,
    pub department_code: Option<String>,
    pub password_hash: String,
    pub disabled: bool,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub created_at: i64,
    /// Created by a role grant that waits for a second security administrator: cannot sign in.
    pub awaiting_grant: bool,
}

const USER_COLUMNS: &str =
    "id, username, display_name, role, unit_code, department_code, password_hash, \
                            disabled, failed_logins, locked_until, created_at, awaiting_grant";

impl User {
    fn from_row(r: &Row) -> Result<User, DbError> {
        Ok(User {
            id: r.get("id")?,
            username: r.get("username")?,
            display_name: r.get("display_name")?,
            role: r.get("role")?,
            unit_code: r.get("unit_code")?,
            department_code: r.get("department_code")?,
            password_hash: r.get("password_hash")?,
            disabled: r.get("disabled")?,
            failed_logins: r.get("failed_logins")?,
            locked_until: r.get("locked_until")?,
            created_at: r.get("created_at")?,
            awaiting_grant: r.get("awaiting_grant")?,
        })
    }
}

pub struct NewUser<'a> {
    pub id: i64,
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub unit_code: &'a str,
    pub department_code: Option<&'a str>,
    pub password_hash: &'a str,
}

pub async fn insert_user(ex: &mut Exec<'_>, u: &NewUser<'_>, now: i64) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO users (id, username, display_name, role, unit_code, department_code, password_hash, \
             disabled, failed_logins, locked_until, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, 0, NULL, $8, $8)")
            .bind(u.id)
            .bind(u.username)
            .bind(u.display_name)
            .bind(u.role)
            .bind(u.unit_code)
            .bind(u.department_code.map(str::to_owned))
            .bind(u.password_hash)
            .bind(now),
    )
    .await?;
    Ok(())
}

pub async fn count_users(ex: &mut Exec<'_>) -> Result<i64, DbError> {
    ex.fetch_scalar(sql("SELECT COUNT(*) FROM users")).await
}

pub async fn count_in_scope(ex: &mut Exec<'_>, scope: &Scope) -> Result<i64, DbError> {
    ex.fetch_scalar(
        sql("SELECT COUNT(*) FROM users WHERE unit_code LIKE $1").bind(scope.unit_like_pattern()),
    )
    .await
}

/// For sign-in only: finds a user by name regardless of scope.
pub async fn find_by_username(ex: &mut Exec<'_>, username: &str) -> Result<Option<User>, DbError> {
    let q = sql(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
    ))
    .bind(username);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(User::from_row)
        .transpose()
}

/// For session and token look-ups, which already prove who the caller is.
pub async fn find_by_id(ex: &mut Exec<'_>, id: i64) -> Result<Option<User>, DbError> {
    let q = sql(format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1")).bind(id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(User::from_row)
        .transpose()
}

/// A user the caller's scope reaches (the user's unit inside the caller's subtree).
pub async fn find_in_scope(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<User>, DbError> {
    let q = sql(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE id = $1 AND unit_code LIKE $2"
    ))
    .bind(id)
    .bind(scope.unit_like_pattern());
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(User::from_row)
        .transpose()
}

pub async fn list_in_scope(ex: &mut Exec<'_>, scope: &Scope) -> Result<Vec<User>, DbError> {
    let q = sql(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE unit_code LIKE $1 ORDER BY username"
    ))
    .bind(scope.unit_like_pattern());
    ex.fetch_all(q).await?.iter().map(User::from_row).collect()
}

/// Counts one more consecutive failure and returns the new count.
pub async fn increment_failed_logins(ex: &mut Exec<'_>, id: i64, now: i64) -> Result<i64, DbError> {
    ex.fetch_scalar(
        sql("UPDATE users SET failed_logins = failed_logins + 1, updated_at = $2 WHERE id = $1 RETURNING failed_logins")
            .bind(id)
            .bind(now),
    )
    .await
}

pub async fn lock_user(ex: &mut Exec<'_>, id: i64, until: i64) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE users SET failed_logins = 0, locked_until = $2 WHERE id = $1")
            .bind(id)
            .bind(until),
    )
    .await?;
    Ok(())
}

pub async fn clear_failed_logins(ex: &mut Exec<'_>, id: i64, now: i64) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $1").bind(id).bind(now),
    )
    .await?;
    Ok(())
}

pub struct UserChanges<'a> {
    pub display_name: &'a str,
    pub role: &'a str,
    pub unit_code: &'a str,
    pub department_code: Option<&'a str>,
    pub disabled: bool,
}

pub async fn update_user(
    ex: &mut Exec<'_>,
    id: i64,
    c: &UserChanges<'_>,
    now: i64,
) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE users SET display_name = $2, role = $3, unit_code = $4, department_code = $5, disabled = $6, \
             updated_at = $7 WHERE id = $1")
            .bind(id)
            .bind(c.display_name)
            .bind(c.role)
            .bind(c.unit_code)
            .bind(c.department_code.map(str::to_owned))
            .bind(c.disabled)
            .bind(now),
    )
    .await?;
    Ok(())
}

pub async fn set_password_hash(
    ex: &mut Exec<'_>,
    id: i64,
    hash: &str,
    now: i64,
) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(hash)
            .bind(now),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen: i64,
    pub ip: String,
    pub user_agent: String,
}

impl Session {
    fn from_row(r: &Row) -> Result<Session, DbError> {
        Ok(Session {
            id_hash: r.get("id_hash")?,
            user_id: r.get("user_id")?,
            csrf_token: r.get("csrf_token")?,
            created_at: r.get("created_at")?,
            last_seen: r.get("last_seen")?,
            ip: r.get("ip")?,
            user_agent: r.get("user_agent")?,
        })
    }
}

const SESSION_COLUMNS: &str = "id_hash, user_id, csrf_token, created_at, last_seen, ip, user_agent";

pub async fn insert_session(ex: &mut Exec<'_>, s: &Session) -> Result<(), DbError> {
    ex.execute(
        sql(format!(
            "INSERT INTO sessions ({SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        ))
        .bind(s.id_hash.as_str())
        .bind(s.user_id)
        .bind(s.csrf_token.as_str())
        .bind(s.created_at)
        .bind(s.last_seen)
        .bind(s.ip.as_str())
        .bind(s.user_agent.as_str()),
    )
    .await?;
    Ok(())
}

pub async fn find_session(ex: &mut Exec<'_>, id_hash: &str) -> Result<Option<Session>, DbError> {
    let q = sql(format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE id_hash = $1"
    ))
    .bind(id_hash);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(Session::from_row)
        .transpose()
}

pub async fn touch_session(ex: &mut Exec<'_>, id_hash: &str, now: i64) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE sessions SET last_seen = $2 WHERE id_hash = $1")
            .bind(id_hash)
            .bind(now),
    )
    .await?;
    Ok(())
}

pub async fn delete_session(ex: &mut Exec<'_>, id_hash: &str) -> Result<u64, DbError> {
    ex.execute(sql("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash))
        .await
}

pub async fn delete_sessions_of_user(ex: &mut Exec<'_>, user_id: i64) -> Result<u64, DbError> {
    ex.execute(sql("DELETE FROM sessions WHERE user_id = $1").bind(user_id))
        .await
}

pub async fn delete_sessions_idle_since(ex: &mut Exec<'_>, cutoff: i64) -> Result<u64, DbError> {
    ex.execute(sql("DELETE FROM sessions WHERE last_seen < $1").bind(cutoff))
        .await
}

/// Signed-in sessions (在线用户) of users inside the scope, newest activity first.
pub async fn list_sessions_in_scope(
    ex: &mut Exec<'_>,
    scope: &Scope,
    active_since: i64,
) -> Result<Vec<(Session, String)>, DbError> {
    let q = sql(
        "SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen, s.ip, s.user_agent, u.username \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE u.unit_code LIKE $1 AND s.last_seen >= $2 ORDER BY s.last_seen DESC",
    )
    .bind(scope.unit_like_pattern())
    .bind(active_since);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(|r| Ok((Session::from_row(r)?, r.get("username")?)))
        .collect()
}

#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub label: String,
    pub created_at: i64,
    pub last_used: Option<i64>,
    pub revoked: bool,
}

pub async fn insert_token(
    ex: &mut Exec<'_>,
    id: i64,
    user_id: i64,
    label: &str,
    token_hash: &str,
    now: i64,
) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO api_tokens (id, user_id, label, token_hash, created_at, last_used, revoked) \
             VALUES ($1, $2, $3, $4, $5, NULL, FALSE)")
            .bind(id)
            .bind(user_id)
            .bind(label)
            .bind(token_hash)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// The live token with this hash, if any.
pub async fn find_token(ex: &mut Exec<'_>, token_hash: &str) -> Result<Option<ApiToken>, DbError> {
    let q = sql(
        "SELECT id, user_id, label, created_at, last_used, revoked FROM api_tokens \
                 WHERE token_hash = $1 AND revoked = FALSE",
    )
    .bind(token_hash);
    let row = ex.fetch_optional(q).await?;
    row.map(|r| {
        Ok(ApiToken {
            id: r.get("id")?,
            user_id: r.get("user_id")?,
            label: r.get("label")?,
            created_at: r.get("created_at")?,
            last_used: r.get("last_used")?,
            revoked: r.get("revoked")?,
        })
    })
    .transpose()
}

pub async fn touch_token(ex: &mut Exec<'_>, id: i64, now: i64) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE api_tokens SET last_used = $2 WHERE id = $1")
            .bind(id)
            .bind(now),
    )
    .await?;
    Ok(())
}
