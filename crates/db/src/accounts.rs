//! Users, browser sessions and API tokens.

use crate::record::{fetch, find, find_by, find_in, insert, rows_of_scope, select_of, Record};
use crate::schema::tables::{ApiTokens, Sessions, Users};
use crate::{sql, DbError, Exec};
use jinguo_domain::Scope;
use sea_query::{Expr, Order};

record! {
    pub struct User in Users {
        pub id: i64,
        pub username: String,
        pub display_name: String,
        pub role: String,
        pub unit_code: String,
        pub department_code: Option<String>,
        pub password_hash: String,
        pub disabled: bool,
        /// Set by an administrator's reset: the next sign-in must choose a new password first.
        pub must_change_password: bool,
        pub created_at: i64,
        /// Created by a role grant that waits for a second security administrator: cannot sign in.
        pub awaiting_grant: bool,
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
        sql("SELECT COUNT(*) FROM users WHERE unit_code BETWEEN $1 AND $2")
            .bind(scope.unit_range().lo().to_owned())
            .bind(scope.unit_range().hi().to_owned()),
    )
    .await
}

/// For sign-in only: finds a user by name regardless of scope.
pub async fn find_by_username(ex: &mut Exec<'_>, username: &str) -> Result<Option<User>, DbError> {
    find_by(ex, &[("username", username.into())]).await
}

/// For session and token look-ups, which already prove who the caller is.
pub async fn find_by_id(ex: &mut Exec<'_>, id: i64) -> Result<Option<User>, DbError> {
    find(ex, id).await
}

/// A user the caller's scope reaches (the user's unit inside the caller's subtree).
pub async fn find_in_scope(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<User>, DbError> {
    find_in(ex, scope, id).await
}

pub async fn list_in_scope(ex: &mut Exec<'_>, scope: &Scope) -> Result<Vec<User>, DbError> {
    rows_of_scope(ex, scope, "username").await
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

/// A new password; `must_change` marks an administrator's reset, cleared by the user's own change.
pub async fn set_password_hash(
    ex: &mut Exec<'_>,
    id: i64,
    hash: &str,
    must_change: bool,
    now: i64,
) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = $4 WHERE id = $1")
            .bind(id)
            .bind(hash)
            .bind(must_change)
            .bind(now),
    )
    .await?;
    Ok(())
}

record! {
    pub struct Session in Sessions {
        pub id_hash: String,
        pub user_id: i64,
        pub csrf_token: String,
        pub created_at: i64,
        pub last_seen: i64,
        pub ip: String,
        pub user_agent: String,
    }
}

pub async fn insert_session(ex: &mut Exec<'_>, s: &Session) -> Result<(), DbError> {
    insert(ex, s).await
}

pub async fn find_session(ex: &mut Exec<'_>, id_hash: &str) -> Result<Option<Session>, DbError> {
    find_by(ex, &[("id_hash", id_hash.into())]).await
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

/// Ends every session of a user but the one kept (the user's own, when they change their password).
pub async fn delete_sessions_of_user_except(
    ex: &mut Exec<'_>,
    user_id: i64,
    kept_id_hash: &str,
) -> Result<u64, DbError> {
    ex.execute(
        sql("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id)
            .bind(kept_id_hash),
    )
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
         WHERE u.unit_code BETWEEN $1 AND $2 AND s.last_seen >= $3 ORDER BY s.last_seen DESC",
    )
    .bind(scope.unit_range().lo().to_owned())
    .bind(scope.unit_range().hi().to_owned())
    .bind(active_since);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(|r| Ok((Session::read(r)?, r.get("username")?)))
        .collect()
}

record! {
    pub struct ApiToken in ApiTokens {
        pub id: i64,
        pub user_id: i64,
        pub label: String,
        pub created_at: i64,
        pub expires_at: i64,
        pub last_used: Option<i64>,
        pub revoked: bool,
    }
}

pub struct NewToken<'a> {
    pub id: i64,
    pub user_id: i64,
    pub label: &'a str,
    pub token_hash: &'a str,
    pub expires_at: i64,
}

pub async fn insert_token(ex: &mut Exec<'_>, t: &NewToken<'_>, now: i64) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO api_tokens (id, user_id, label, token_hash, created_at, expires_at, last_used, revoked) \
             VALUES ($1, $2, $3, $4, $5, $6, NULL, FALSE)")
            .bind(t.id)
            .bind(t.user_id)
            .bind(t.label)
            .bind(t.token_hash)
            .bind(now)
            .bind(t.expires_at),
    )
    .await?;
    Ok(())
}

/// The live token with this hash: not revoked and not expired at `now`.
pub async fn find_live_token(
    ex: &mut Exec<'_>,
    token_hash: &str,
    now: i64,
) -> Result<Option<ApiToken>, DbError> {
    let s = select_of::<ApiToken>()
        .and_where(Expr::col(ApiTokens::TokenHash).eq(token_hash))
        .and_where(Expr::col(ApiTokens::Revoked).eq(false))
        .and_where(Expr::col(ApiTokens::ExpiresAt).gt(now))
        .take();
    Ok(fetch(ex, &s).await?.pop())
}

/// Every token of a user, live or not, newest first.
pub async fn list_tokens(ex: &mut Exec<'_>, user_id: i64) -> Result<Vec<ApiToken>, DbError> {
    let s = select_of::<ApiToken>()
        .and_where(Expr::col(ApiTokens::UserId).eq(user_id))
        .order_by(ApiTokens::CreatedAt, Order::Desc)
        .order_by(ApiTokens::Id, Order::Desc)
        .take();
    fetch(ex, &s).await
}

/// Revokes the user's live tokens (all, or those with `label`, or the one with `id`); returns
/// how many were revoked.
pub async fn revoke_tokens(
    ex: &mut Exec<'_>,
    user_id: i64,
    which: TokenSelection<'_>,
) -> Result<u64, DbError> {
    let base = "UPDATE api_tokens SET revoked = TRUE WHERE user_id = $1 AND revoked = FALSE";
    let q = match which {
        TokenSelection::All => sql(base).bind(user_id),
        TokenSelection::Label(label) => sql(format!("{base} AND label = $2"))
            .bind(user_id)
            .bind(label),
        TokenSelection::Id(id) => sql(format!("{base} AND id = $2")).bind(user_id).bind(id),
    };
    ex.execute(q).await
}

#[derive(Debug, Clone, Copy)]
pub enum TokenSelection<'a> {
    All,
    Label(&'a str),
    Id(i64),
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

/// How one sign-in attempt was counted against a key (a username's or an address's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    /// This attempt's number in the current window, itself included.
    pub number: i64,
    /// The lock in force after this attempt was counted, if any.
    pub locked_until: Option<i64>,
}

/// The rule of one counter: how many attempts a window allows, how long the lock lasts, and
/// how long a window without a lock runs before its count starts again.
#[derive(Debug, Clone, Copy)]
pub struct AttemptLimit {
    pub max: i64,
    pub lock_ms: i64,
    pub window_ms: i64,
}

/// Counts an attempt BEFORE its password is checked, in one statement, so concurrent attempts
/// each get their own number: the attempt that reaches `max` also sets the lock, and every
/// later one is over the limit without any password being checked. An expired lock, or a window
/// older than `window_ms` without one, starts the count again at 1.
pub async fn reserve_attempt(
    ex: &mut Exec<'_>,
    key: &str,
    limit: AttemptLimit,
    now: i64,
) -> Result<Attempt, DbError> {
    let stale = "(login_failures.locked_until IS NOT NULL AND login_failures.locked_until <= $2) \
                 OR (login_failures.locked_until IS NULL AND login_failures.window_start <= $5)";
    let q = sql(format!(
        "INSERT INTO login_failures (key, failures, window_start, locked_until) \
         VALUES ($1, 1, $2, CASE WHEN $3 <= 1 THEN $4 ELSE NULL END) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN {stale} THEN 1 ELSE login_failures.failures + 1 END, \
           window_start = CASE WHEN {stale} THEN $2 ELSE login_failures.window_start END, \
           locked_until = CASE WHEN {stale} THEN NULL \
             WHEN login_failures.locked_until IS NULL AND login_failures.failures + 1 >= $3 THEN $4 \
             ELSE login_failures.locked_until END \
         RETURNING failures, locked_until"
    ))
    .bind(key)
    .bind(now)
    .bind(limit.max)
    .bind(now + limit.lock_ms)
    .bind(now - limit.window_ms);
    let row = ex.fetch_one(q).await?;
    Ok(Attempt {
        number: row.get("failures")?,
        locked_until: row.get("locked_until")?,
    })
}

/// Gives back an attempt that turned out not to be a failure (a right password counted against
/// its address); a lock this attempt set is lifted with it.
pub async fn release_attempt(
    ex: &mut Exec<'_>,
    key: &str,
    limit: AttemptLimit,
) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE login_failures SET failures = failures - 1, \
             locked_until = CASE WHEN failures - 1 < $2 THEN NULL ELSE locked_until END \
             WHERE key = $1 AND failures > 0")
        .bind(key)
        .bind(limit.max),
    )
    .await?;
    Ok(())
}

/// Forgets a key's failures after a right password, if the attempt numbered `number` is still
/// the newest counted one. When attempts were counted after it (a burst racing the right
/// password), the count stays: wiping it would let those later guesses start again from one,
/// and more than five passwords would be checked in one window.
pub async fn clear_attempts_up_to(
    ex: &mut Exec<'_>,
    key: &str,
    number: i64,
) -> Result<u64, DbError> {
    ex.execute(
        sql("DELETE FROM login_failures WHERE key = $1 AND failures = $2")
            .bind(key)
            .bind(number),
    )
    .await
}

/// Forgets a key's failures and lock (an administrator's unlock).
pub async fn clear_attempts(ex: &mut Exec<'_>, key: &str) -> Result<u64, DbError> {
    ex.execute(sql("DELETE FROM login_failures WHERE key = $1").bind(key))
        .await
}

/// When the lock of `key` ends, if it is locked at `now`.
pub async fn lock_of(ex: &mut Exec<'_>, key: &str, now: i64) -> Result<Option<i64>, DbError> {
    let q = sql("SELECT locked_until FROM login_failures WHERE key = $1 AND locked_until > $2")
        .bind(key)
        .bind(now);
    ex.fetch_optional(q)
        .await?
        .map(|r| r.get("locked_until"))
        .transpose()
}

/// Keys locked at `now`, with the time each lock ends.
pub async fn locked_keys(ex: &mut Exec<'_>, now: i64) -> Result<Vec<(String, i64)>, DbError> {
    let q = sql("SELECT key, locked_until FROM login_failures WHERE locked_until > $1").bind(now);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(|r| Ok((r.get("key")?, r.get("locked_until")?)))
        .collect()
}
