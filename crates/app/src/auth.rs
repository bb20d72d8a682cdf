//! Sign-in, sessions, API tokens and the caller's identity.
//!
//! Passwords are argon2id hashes (`passwords`); failures are counted and locked by `lockout`
//! before any password is checked. Sessions and tokens are random secrets given to the client
//! once; the database keeps only their SHA-256, so a stolen database file opens no session.
//! A session ends after 30 idle minutes or 12 hours in all, whichever comes first.

use crate::audit::{self, Entry};
use crate::clock::MINUTE_MS;
use crate::passwords::verify_password;
use crate::{lockout, App, AppError, Origin};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jinguo_db::accounts::{self, Session, User};
use jinguo_domain::{Role, Scope, UnitCode};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};

pub const SESSION_IDLE_MS: i64 = 30 * MINUTE_MS;
/// A session ends this long after sign-in however active it is (a cookie stolen from a
/// browser left open does not live for ever).
pub const SESSION_MAX_MS: i64 = 12 * 60 * MINUTE_MS;
/// Sessions are written back at most this often, not on every request.
const TOUCH_INTERVAL_MS: i64 = MINUTE_MS;

/// An authenticated user, as every use case receives it. Only this crate makes one (from a
/// session or token, or `operator` for the command line), so outside it a caller — and the scope
/// it carries — cannot be forged: its fields are read through the methods below.
#[derive(Debug, Clone)]
pub struct Caller {
    pub(crate) user_id: i64,
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) role: Role,
    pub(crate) unit: UnitCode,
    pub(crate) origin: Origin,
    /// Present when the caller came with a browser session (then writes need its CSRF token).
    pub(crate) session: Option<SessionRef>,
    /// An administrator reset the password: nothing but choosing a new one (and signing out)
    /// is allowed until then; the web layer refuses everything else.
    pub(crate) must_change_password: bool,
}

#[derive(Debug, Clone)]
pub struct SessionRef {
    pub id_hash: String,
    pub csrf_token: String,
}

impl Caller {
    pub fn user_id(&self) -> i64 {
        self.user_id
    }

    /// The account a row or an audit entry names as its author: none for the system's own work
    /// (user id 0), which no account did.
    pub fn author(&self) -> Option<i64> {
        Some(self.user_id).filter(|id| *id != 0)
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn unit(&self) -> &UnitCode {
        &self.unit
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    pub fn session(&self) -> Option<&SessionRef> {
        self.session.as_ref()
    }

    pub fn must_change_password(&self) -> bool {
        self.must_change_password
    }

    #[allow(clippy::disallowed_methods)] // the one place a user's scope is made
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
            must_change_password: user.must_change_password,
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
            must_change_password: false,
        }
    }

    /// An audit entry by this caller.
    pub fn entry<'a>(&'a self, action: &'a str, entity: &'a str, entity_id: String) -> Entry<'a> {
        Entry {
            actor_id: self.author(),
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

pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    crate::random::os().fill_bytes(&mut bytes);
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

/// Signs a user in. The attempt is counted against the client address and the username before
/// the password is checked (see `lockout`); an unknown username is checked against a decoy hash
/// and counted the same, so it answers exactly like a wrong password and then like a lock.
pub async fn login(
    app: &App,
    username: &str,
    password: &str,
    origin: &Origin,
) -> Result<SignedIn, AppError> {
    let now = app.now();
    let gate = match lockout::enter(app, username, origin, now).await {
        Ok(gate) => gate,
        Err(refused) => {
            let user = accounts::find_by_username(&mut app.db.ex(), username.trim()).await?;
            record_failure(app, user.as_ref(), origin, refused.code(), now).await?;
            return Err(refused);
        }
    };
    let user = accounts::find_by_username(&mut app.db.ex(), username.trim()).await?;
    let hash = user.as_ref().map(|u| u.password_hash.as_str());
    let user = match verify_password(hash, password).await? {
        true => user.ok_or(AppError::InvalidCredentials)?,
        false => {
            count_failure(app, user.as_ref(), origin, &gate, now).await?;
            return Err(AppError::InvalidCredentials);
        }
    };
    gate.passed(app).await?;
    if user.disabled {
        record_failure(app, Some(&user), origin, "disabled", now).await?;
        return Err(AppError::AccountDisabled);
    }
    if user.awaiting_grant {
        record_failure(app, Some(&user), origin, "awaiting_approval", now).await?;
        return Err(AppError::AwaitingApproval);
    }
    start_session(app, &user, origin, now).await
}

async fn start_session(
    app: &App,
    user: &User,
    origin: &Origin,
    now: i64,
) -> Result<SignedIn, AppError> {
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
        user,
        origin.clone(),
        Some(SessionRef {
            id_hash: session.id_hash.clone(),
            csrf_token: csrf_token.clone(),
        }),
    )?;
    let mut tx = app.db.begin().await?;
    accounts::insert_session(&mut tx.ex(), &session).await?;
    let entry = caller
        .entry("login", "user", user.id.to_string())
        .in_unit(&user.unit_code);
    audit::commit(app, tx, entry, now).await?;
    Ok(SignedIn {
        caller,
        session_token,
        csrf_token,
    })
}

/// A wrong password (or an unknown username): the failure was already counted by the gate;
/// the audit log records it, and the lock when this was the last attempt allowed.
async fn count_failure(
    app: &App,
    user: Option<&User>,
    origin: &Origin,
    gate: &lockout::Gate,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = app.db.begin().await?;
    let reason = if user.is_some() {
        "wrong_password"
    } else {
        "unknown_user"
    };
    let entry = failure_entry(user, origin, reason);
    let failures = gate.username.number;
    audit::append(
        app,
        &mut tx.ex(),
        entry.detail(json!({"reason": reason, "failures": failures})),
        now,
    )
    .await?;
    if gate.username.locks_on_failure() {
        let until = now + lockout::USERNAME_LIMIT.lock_ms;
        let entry = failure_entry(user, origin, "");
        let entry = Entry {
            action: "account_locked",
            detail: json!({"until": until}),
            ..entry
        };
        audit::append(app, &mut tx.ex(), entry, now).await?;
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
    audit::record(app, failure_entry(user, origin, reason), now).await?;
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
    audit::commit(
        app,
        tx,
        caller.entry("logout", "user", caller.user_id.to_string()),
        now,
    )
    .await?;
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
    if now - session.last_seen > SESSION_IDLE_MS || now - session.created_at > SESSION_MAX_MS {
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

/// The caller behind an API token; a revoked, expired or unknown one is `Unauthorized`.
pub async fn caller_from_token(app: &App, token: &str, origin: Origin) -> Result<Caller, AppError> {
    let now = app.now();
    let token_row = accounts::find_live_token(&mut app.db.ex(), &secret_hash(token), now)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let user = accounts::find_by_id(&mut app.db.ex(), token_row.user_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if user.disabled || user.awaiting_grant {
        return Err(AppError::Unauthorized);
    }
    if token_row
        .last_used
        .is_none_or(|t| now - t > TOUCH_INTERVAL_MS)
    {
        accounts::touch_token(&mut app.db.ex(), token_row.id, now).await?;
    }
    Caller::from_user(&user, origin, None)
}

/// Ends a user's sessions (all but `kept`, the user's own when they change their password) and
/// revokes all their API tokens: after a password change or reset, or when the account is
/// disabled, nothing issued under the old password still opens a door.
pub(crate) async fn revoke_credentials(
    tx: &mut jinguo_db::Tx,
    user_id: i64,
    kept: Option<&str>,
) -> Result<(), AppError> {
    match kept {
        Some(id_hash) => {
            accounts::delete_sessions_of_user_except(&mut tx.ex(), user_id, id_hash).await?
        }
        None => accounts::delete_sessions_of_user(&mut tx.ex(), user_id).await?,
    };
    accounts::revoke_tokens(&mut tx.ex(), user_id, accounts::TokenSelection::All).await?;
    Ok(())
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
    audit::commit(app, tx, entry.detail(json!({ "username": username })), now).await?;
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
