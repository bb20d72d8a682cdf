//! Sign-in, sessions, API tokens and the caller's identity.
//!
//! Passwords are argon2id hashes. Five consecutive failures lock an account for 15 minutes.
//! Sessions and tokens are random secrets given to the client once; the database keeps only
//! their SHA-256, so a stolen database file opens no session.

use crate::audit::{self, Entry};
use crate::clock::MINUTE_MS;
use crate::{App, AppError, Origin};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jinguo_db::accounts::{self, Session, User};
use jinguo_domain::{Role, Scope, UnitCode};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

pub const LOCKOUT_THRESHOLD: i64 = 5;
pub const LOCKOUT_MS: i64 = 15 * MINUTE_MS;
pub const SESSION_IDLE_MS: i64 = 30 * MINUTE_MS;
/// Sessions are written back at most this often, not on every request.
const TOUCH_INTERVAL_MS: i64 = MINUTE_MS;

/// An authenticated user, as every use case receives it.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: UnitCode,
    pub origin: Origin,
    /// Present when the caller came with a browser session (then writes need its CSRF token).
    pub session: Option<SessionRef>,
}

#[derive(Debug, Clone)]
pub struct SessionRef {
    pub id_hash: String,
    pub csrf_token: String,
}

impl Caller {
    pub fn scope(&self) -> Scope {
        Scope::of_user(self.role, self.unit.clone(), self.user_id)
    }

    /// The operator at the command line (see `operator`): she holds the database and the master
    /// key already, so the rules that keep bulk copies from signed-in roles do not bind her.
    /// Every signed-in caller has a user id; only the operator is an admin without one.
    pub fn is_operator(&self) -> bool {
        self.user_id == 0 && self.role == Role::Admin
    }

    pub fn require_admin(&self) -> Result<(), AppError> {
        Self::allowed(self.role.administers())
    }

    /// Accounts, roles, passwords and sessions: the security administrator's duty.
    pub fn require_account_admin(&self) -> Result<(), AppError> {
        Self::allowed(self.role.administers_accounts())
    }

    /// The audit log: the audit administrator's duty.
    pub fn require_audit_reader(&self) -> Result<(), AppError> {
        Self::allowed(self.role.reads_audit_log())
    }

    fn allowed(yes: bool) -> Result<(), AppError> {
        if yes {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    fn from_user(
        user: &User,
        origin: Origin,
        session: Option<SessionRef>,
    ) -> Result<Caller, AppError> {
        let role = user
            .role
            .parse()
            .map_err(|_| AppError::Internal(format!("user {} has a bad role", user.id)))?;
        let unit = UnitCode::parse(&user.unit_code)
            .map_err(|_| AppError::Internal(format!("user {} has a bad unit", user.id)))?;
        Ok(Caller {
            user_id: user.id,
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            role,
            unit,
            origin,
            session,
        })
    }

    /// The operator at the command line, acting on everything under `unit`.
    pub fn operator(unit: UnitCode) -> Caller {
        Caller {
            user_id: 0,
            username: "cli".into(),
            display_name: "cli".into(),
            role: Role::Admin,
            unit,
            origin: Origin::cli(),
            session: None,
        }
    }

    /// An audit entry by this caller.
    pub fn entry<'a>(&'a self, action: &'a str, entity: &'a str, entity_id: String) -> Entry<'a> {
        Entry {
            actor_id: (self.user_id != 0).then_some(self.user_id),
            actor: &self.username,
            origin: &self.origin,
            action,
            entity,
            entity_id,
            unit_code: None,
            detail: json!({}),
        }
    }
}

pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hashing: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

async fn verify_password(hash: &str, password: &str) -> bool {
    let (hash, password) = (hash.to_owned(), password.to_owned());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so both answers take as long.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"decoy-password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A fresh signed-in browser session: the cookie value is shown to the client only.
pub struct SignedIn {
    pub caller: Caller,
    pub session_token: String,
    pub csrf_token: String,
}

pub async fn login(
    app: &App,
    username: &str,
    password: &str,
    origin: &Origin,
) -> Result<SignedIn, AppError> {
    let now = app.now();
    let user = accounts::find_by_username(&mut app.db.ex(), username.trim()).await?;
    let Some(user) = user else {
        verify_password(decoy_hash(), password).await;
        record_failure(app, None, origin, "unknown_user", now).await?;
        return Err(AppError::InvalidCredentials);
    };
    if let Some(until) = user.locked_until.filter(|&until| until > now) {
        record_failure(app, Some(&user), origin, "locked", now).await?;
        return Err(AppError::AccountLocked { until_ms: until });
    }
    if !verify_password(&user.password_hash, password).await {
        count_failure(app, &user, origin, now).await?;
        return Err(AppError::InvalidCredentials);
    }
    if user.disabled {
        record_failure(app, Some(&user), origin, "disabled", now).await?;
        return Err(AppError::AccountDisabled);
    }
    if user.awaiting_grant {
        record_failure(app, Some(&user), origin, "awaiting_approval", now).await?;
        return Err(AppError::AwaitingApproval);
    }
    let session_token = random_secret();
    let csrf_token = random_secret();
    let session = Session {
        id_hash: secret_hash(&session_token),
        user_id: user.id,
        csrf_token: csrf_token.clone(),
        created_at: now,
        last_seen: now,
        ip: origin.ip.clone(),
        user_agent: origin.user_agent.chars().take(200).collect(),
    };
    let caller = Caller::from_user(
        &user,
        origin.clone(),
        Some(SessionRef {
            id_hash: session.id_hash.clone(),
            csrf_token: csrf_token.clone(),
        }),
    )?;
    let mut tx = app.db.begin().await?;
    accounts::clear_failed_logins(&mut tx.ex(), user.id, now).await?;
    accounts::insert_session(&mut tx.ex(), &session).await?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&user.unit_code),
            ..caller.entry("login", "user", user.id.to_string())
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(SignedIn {
        caller,
        session_token,
        csrf_token,
    })
}

/// A wrong password: one more consecutive failure, and the lock at the fifth.
async fn count_failure(app: &App, user: &User, origin: &Origin, now: i64) -> Result<(), AppError> {
    let mut tx = app.db.begin().await?;
    if user.locked_until.is_some() {
        // The previous lock has expired: counting starts again.
        accounts::clear_failed_logins(&mut tx.ex(), user.id, now).await?;
    }
    let failures = accounts::increment_failed_logins(&mut tx.ex(), user.id, now).await?;
    let entry = failure_entry(Some(user), origin, "wrong_password");
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            detail: json!({"reason": "wrong_password", "failures": failures}),
            ..entry
        },
        now,
    )
    .await?;
    if failures >= LOCKOUT_THRESHOLD {
        let until = now + LOCKOUT_MS;
        accounts::lock_user(&mut tx.ex(), user.id, until).await?;
        let entry = failure_entry(Some(user), origin, "");
        audit::append(
            app,
            &mut tx.ex(),
            Entry {
                action: "account_locked",
                detail: json!({"until": until}),
                ..entry
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn record_failure(
    app: &App,
    user: Option<&User>,
    origin: &Origin,
    reason: &str,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = app.db.begin().await?;
    audit::append(app, &mut tx.ex(), failure_entry(user, origin, reason), now).await?;
    tx.commit().await?;
    Ok(())
}

fn failure_entry<'a>(user: Option<&'a User>, origin: &'a Origin, reason: &str) -> Entry<'a> {
    // A username is recorded only when it names an account: an unknown one is often a password
    // typed into the wrong box, and the audit log must never hold a password.
    let username = user.map(|u| u.username.as_str());
    let detail = match username {
        Some(name) => json!({ "reason": reason, "username": name }),
        None => json!({ "reason": reason }),
    };
    Entry {
        actor_id: user.map(|u| u.id),
        actor: username.unwrap_or(""),
        origin,
        action: "login_failed",
        entity: "user",
        entity_id: user.map(|u| u.id.to_string()).unwrap_or_default(),
        unit_code: user.map(|u| u.unit_code.as_str()),
        detail,
    }
}

pub async fn logout(app: &App, caller: &Caller) -> Result<(), AppError> {
    let Some(session) = &caller.session else {
        return Ok(());
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    accounts::delete_session(&mut tx.ex(), &session.id_hash).await?;
    audit::append(
        app,
        &mut tx.ex(),
        caller.entry("logout", "user", caller.user_id.to_string()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The caller behind a session cookie; an idle, unknown or disabled one is `Unauthorized`.
pub async fn caller_from_session(
    app: &App,
    token: &str,
    origin: Origin,
) -> Result<Caller, AppError> {
    let now = app.now();
    let id_hash = secret_hash(token);
    let session = accounts::find_session(&mut app.db.ex(), &id_hash)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if now - session.last_seen > SESSION_IDLE_MS {
        accounts::delete_session(&mut app.db.ex(), &id_hash).await?;
        return Err(AppError::Unauthorized);
    }
    let user = accounts::find_by_id(&mut app.db.ex(), session.user_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if user.disabled || user.awaiting_grant {
        return Err(AppError::Unauthorized);
    }
    if now - session.last_seen > TOUCH_INTERVAL_MS {
        accounts::touch_session(&mut app.db.ex(), &id_hash, now).await?;
    }
    Caller::from_user(
        &user,
        origin,
        Some(SessionRef {
            id_hash,
            csrf_token: session.csrf_token,
        }),
    )
}

pub async fn caller_from_token(app: &App, token: &str, origin: Origin) -> Result<Caller, AppError> {
    let token_row = accounts::find_token(&mut app.db.ex(), &secret_hash(token))
        .await?
        .ok_or(AppError::Unauthorized)?;
    let user = accounts::find_by_id(&mut app.db.ex(), token_row.user_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if user.disabled || user.awaiting_grant {
        return Err(AppError::Unauthorized);
    }
    let now = app.now();
    if token_row
        .last_used
        .is_none_or(|t| now - t > TOUCH_INTERVAL_MS)
    {
        accounts::touch_token(&mut app.db.ex(), token_row.id, now).await?;
    }
    Caller::from_user(&user, origin, None)
}

/// Creates an API token for a user (an operator's act, from the CLI) and returns it; only its
/// hash is kept.
pub async fn create_token(
    app: &App,
    username: &str,
    label: &str,
    origin: &Origin,
) -> Result<String, AppError> {
    let now = app.now();
    let user = accounts::find_by_username(&mut app.db.ex(), username)
        .await?
        .ok_or(AppError::NotFound)?;
    let token = format!("jg_{}", random_secret());
    let id = app.ids.next(now);
    let mut tx = app.db.begin().await?;
    accounts::insert_token(&mut tx.ex(), id, user.id, label, &secret_hash(&token), now).await?;
    let entry = Entry {
        actor_id: None,
        actor: "cli",
        origin,
        action: "token_create",
        entity: "api_token",
        entity_id: id.to_string(),
        unit_code: Some(&user.unit_code),
        detail: json!({ "username": user.username, "label": label }),
    };
    audit::append(app, &mut tx.ex(), entry, now).await?;
    tx.commit().await?;
    Ok(token)
}

/// Signed-in sessions an admin may see (在线用户).
pub async fn online_sessions(
    app: &App,
    caller: &Caller,
) -> Result<Vec<(Session, String)>, AppError> {
    caller.require_account_admin()?;
    let since = app.now() - SESSION_IDLE_MS;
    Ok(accounts::list_sessions_in_scope(&mut app.db.ex(), &caller.scope(), since).await?)
}

/// Ends another user's session (强退).
pub async fn end_session(app: &App, caller: &Caller, id_hash: &str) -> Result<(), AppError> {
    caller.require_account_admin()?;
    let visible = online_sessions(app, caller).await?;
    let (_, username) = visible
        .iter()
        .find(|(s, _)| s.id_hash == id_hash)
        .ok_or(AppError::NotFound)?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    accounts::delete_session(&mut tx.ex(), id_hash).await?;
    let entry = caller.entry("session_end", "session", id_hash.chars().take(12).collect());
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            detail: json!({ "username": username }),
            ..entry
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Compares secrets without an early exit, so timing tells nothing about how much matched.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.bytes()
        .zip(b.bytes())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}
