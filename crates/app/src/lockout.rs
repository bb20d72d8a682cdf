//! Sign-in lockout: five failures per username lock it for 15 minutes, and a client address
//! with too many failures is refused for 15 minutes before any account is looked at.
//!
//! Each attempt is counted BEFORE its password is checked, by one atomic statement that hands
//! it a number (`accounts::reserve_attempt`): however many attempts arrive at once, only the
//! first five of a window ever reach the password check. Counters are keyed by the normalized
//! username whether an account has that name or not, so a locked account and an unknown name
//! answer alike (no username enumeration); the key is a keyed digest, so a password typed into
//! the username box is not kept in the table.
//!
//! The address throttle stands in front so that one outside address cannot keep guessing across
//! accounts, nor keep re-locking one: after `ADDRESS_LIMIT` failures it is refused (429) for the
//! lock period, while sign-ins from every other address go on being counted normally. What it
//! cannot stop — one address locking one account with five guesses — a security administrator
//! undoes with the unlock action of the users page.

use crate::audit;
use crate::auth::Caller;
use crate::clock::MINUTE_MS;
use crate::{users, App, AppError, Origin};
use jinguo_db::accounts::{self, AttemptLimit};
use serde_json::json;
use std::collections::HashMap;

/// Per username: five failures in a 15-minute window lock it for 15 minutes.
pub const USERNAME_LIMIT: AttemptLimit = AttemptLimit {
    max: 5,
    lock_ms: 15 * MINUTE_MS,
    window_ms: 15 * MINUTE_MS,
};

/// Per client address: twenty failures in a 15-minute window (four accounts' worth of lockouts)
/// refuse the address for 15 minutes. An office behind one NAT address sees it only when its
/// people mistype twenty times in a quarter of an hour.
pub const ADDRESS_LIMIT: AttemptLimit = AttemptLimit {
    max: 20,
    lock_ms: 15 * MINUTE_MS,
    window_ms: 15 * MINUTE_MS,
};

/// The counter key of a username: trimmed and lower-cased (so `Admin` and `admin ` count
/// together), then a keyed digest.
fn username_key(app: &App, username: &str) -> String {
    let normalized = username.trim().to_lowercase();
    format!(
        "u:{}",
        app.cipher.blind_index("login_username", &normalized)
    )
}

fn address_key(origin: &Origin) -> String {
    format!("a:{}", origin.ip)
}

/// An attempt that was counted and may check its password.
pub struct Reserved {
    key: String,
    limit: AttemptLimit,
    /// This attempt's number within its window.
    pub number: i64,
}

impl Reserved {
    /// Whether a failure of this attempt locks the key (it was the last one allowed).
    pub fn locks_on_failure(&self) -> bool {
        self.number >= self.limit.max
    }
}

/// Counts an attempt against `key`; over the limit, the time the lock ends.
async fn reserve(
    app: &App,
    key: String,
    limit: AttemptLimit,
    now: i64,
) -> Result<Result<Reserved, i64>, AppError> {
    let attempt = accounts::reserve_attempt(&mut app.db.ex(), &key, limit, now).await?;
    if attempt.number > limit.max {
        let until = attempt.locked_until.unwrap_or(now + limit.lock_ms);
        return Ok(Err(until));
    }
    Ok(Ok(Reserved {
        key,
        limit,
        number: attempt.number,
    }))
}

/// The two counted attempts of one sign-in, taken before its password is checked.
pub struct Gate {
    address: Reserved,
    pub username: Reserved,
}

/// Counts a sign-in against its username, then its address. An address already refused is
/// answered at once (`TooManyAttempts`) without touching the username's count; a username over
/// its limit (`AccountLocked`) leaves the address alone, since no password is checked — so a
/// burst of attempts at a locked account cannot throttle its address. An address that reaches
/// its limit in a race gives the username its attempt back.
pub async fn enter(app: &App, username: &str, origin: &Origin, now: i64) -> Result<Gate, AppError> {
    let address_key = address_key(origin);
    if let Some(until_ms) = accounts::lock_of(&mut app.db.ex(), &address_key, now).await? {
        return Err(AppError::TooManyAttempts { until_ms });
    }
    let username = reserve(app, username_key(app, username), USERNAME_LIMIT, now)
        .await?
        .map_err(|until_ms| AppError::AccountLocked { until_ms })?;
    match reserve(app, address_key, ADDRESS_LIMIT, now).await? {
        Ok(address) => Ok(Gate { address, username }),
        Err(until_ms) => {
            accounts::release_attempt(&mut app.db.ex(), &username.key, username.limit).await?;
            Err(AppError::TooManyAttempts { until_ms })
        }
    }
}

impl Gate {
    /// The password was right: the username's failures are forgotten (see `forget_username`)
    /// and the address gets its attempt back (a success never counts against an address).
    pub async fn passed(self, app: &App) -> Result<(), AppError> {
        let mut tx = app.db.begin().await?;
        let username = &self.username;
        accounts::clear_attempts_up_to(&mut tx.ex(), &username.key, username.number).await?;
        accounts::release_attempt(&mut tx.ex(), &self.address.key, self.address.limit).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Counts a check of `username`'s password outside sign-in (a user confirming their current
/// password): the same lock, no address throttle (the caller is already signed in).
pub async fn reserve_username(app: &App, username: &str, now: i64) -> Result<Reserved, AppError> {
    reserve(app, username_key(app, username), USERNAME_LIMIT, now)
        .await?
        .map_err(|until_ms| AppError::AccountLocked { until_ms })
}

/// The checked password was right: the username's failures are forgotten — unless attempts
/// were counted after this one, which then keep counting towards the lock (at most five
/// passwords are checked per window, whatever the concurrency).
pub async fn forget_username(app: &App, attempt: &Reserved) -> Result<(), AppError> {
    accounts::clear_attempts_up_to(&mut app.db.ex(), &attempt.key, attempt.number).await?;
    Ok(())
}

/// When each of `users` is locked until (those locked now only).
pub async fn locks_of(
    app: &App,
    users: &[crate::users::User],
) -> Result<HashMap<i64, i64>, AppError> {
    let locked: HashMap<String, i64> = accounts::locked_keys(&mut app.db.ex(), app.now())
        .await?
        .into_iter()
        .collect();
    if locked.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users
        .iter()
        .filter_map(|u| {
            locked
                .get(&username_key(app, &u.username))
                .map(|&until| (u.id, until))
        })
        .collect())
}

/// Lifts the lock of a user's account (解锁), audited. Who may do it is the administrator
/// check of `users::get`.
pub async fn unlock(app: &App, caller: &Caller, user_id: i64) -> Result<(), AppError> {
    let user = users::get(app, caller, user_id).await?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let cleared =
        accounts::clear_attempts(&mut tx.ex(), &username_key(app, &user.username)).await?;
    let entry = caller.entry("account_unlock", "user", user.id.to_string());
    let entry = entry
        .in_unit(&user.unit_code)
        .detail(json!({ "username": user.username, "was_counted": cleared > 0 }));
    audit::commit(app, tx, entry, now).await?;
    Ok(())
}
