//! Password hashing and the password rule, and a user's own change of password.
//!
//! argon2id with its default (OWASP) parameters takes ~19 MB for each hash in flight, so hashing
//! runs on `HASHING_AT_ONCE` dedicated threads: 30 parallel sign-ins queue for them instead of
//! holding 30 × 19 MB at once. Dedicated threads rather than a semaphore over tokio's blocking
//! pool: the allocator keeps a freed 19 MB block in the arena of the thread that used it, so
//! hashing on whichever blocking thread is free grew memory by ~300 MB even two at a time.
//! Sign-ins that the lockout refuses never reach the queue.

use crate::audit;
use crate::auth::{revoke_credentials, Caller};
use crate::lockout;
use crate::{App, AppError};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use jinguo_db::accounts;
use jinguo_domain::password::check_password;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};

/// Hashes computed at once, whatever the number of requests (the machine has 2 cores).
pub const HASHING_AT_ONCE: usize = 2;

type Job = Box<dyn FnOnce() + Send>;

/// Hashes running now, and the most that ever ran at once in this process (the figure the
/// bound is tested and watched by).
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static PEAK_IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

pub fn peak_hashes_in_flight() -> usize {
    PEAK_IN_FLIGHT.load(Ordering::SeqCst)
}

/// The queue of the hashing threads, started on first use.
fn hashing_queue() -> &'static mpsc::Sender<Job> {
    static QUEUE: OnceLock<mpsc::Sender<Job>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..HASHING_AT_ONCE {
            let receiver = receiver.clone();
            let started = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || run_jobs(&receiver));
            if let Err(e) = started {
                // With no thread at all the receiver is dropped and every hash fails cleanly.
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        sender
    })
}

fn run_jobs(receiver: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        let job = match receiver.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        let now = IN_FLIGHT.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK_IN_FLIGHT.fetch_max(now, Ordering::SeqCst);
        job();
        IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs one argon2 computation on a hashing thread and waits for it without blocking.
async fn on_hashing_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        // The waiter may have gone (a dropped request): nothing to tell then.
        let _ = done.send(work());
    });
    hashing_queue()
        .send(job)
        .map_err(|_| AppError::Internal("no password hashing thread".into()))?;
    result
        .await
        .map_err(|_| AppError::Internal("password hashing thread ended".into()))
}

pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    on_hashing_thread(move || {
        let salt = SaltString::generate(&mut crate::random::os());
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hashing: {e}")))
    })
    .await?
}

/// Whether `password` matches `hash`; `None` (an unknown user) is checked against a decoy hash,
/// so both answers take as long.
pub async fn verify_password(hash: Option<&str>, password: &str) -> Result<bool, AppError> {
    let known = hash.is_some();
    let hash = hash.unwrap_or(decoy_hash()).to_owned();
    let password = password.to_owned();
    let matches = on_hashing_thread(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await?;
    Ok(known && matches)
}

fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let salt = SaltString::generate(&mut crate::random::os());
        Argon2::default()
            .hash_password(b"decoy-password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// The password rule (DESIGN §5 and issue #10 point 12) for `username`, as an error on `field`.
pub fn check_rule(password: &str, username: &str, field: &str) -> Result<(), AppError> {
    check_password(password, username).map_err(|weak| AppError::invalid(field, weak.code()))
}

/// A user changes their own password: the current one is checked (counted against the
/// username's lockout like a sign-in, so a stolen session cannot guess it freely), the new one
/// must pass the rule and differ; every other session and every API token of the user ends.
pub async fn change_own(
    app: &App,
    caller: &Caller,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let user = accounts::find_by_id(&mut app.db.ex(), caller.user_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    check_rule(new, &user.username, "new_password")?;
    if current == new {
        return Err(AppError::invalid("new_password", "password_unchanged"));
    }
    let now = app.now();
    let attempt = lockout::reserve_username(app, &user.username, now).await?;
    if !verify_password(Some(&user.password_hash), current).await? {
        return Err(AppError::invalid(
            "current_password",
            "wrong_current_password",
        ));
    }
    lockout::forget_username(app, &attempt).await?;
    let hash = hash_password(new).await?;
    let kept = caller.session.as_ref().map(|s| s.id_hash.as_str());
    let mut tx = app.db.begin().await?;
    accounts::set_password_hash(&mut tx.ex(), user.id, &hash, false, now).await?;
    revoke_credentials(&mut tx, user.id, kept).await?;
    let entry = caller.entry("password_change", "user", user.id.to_string());
    let entry = entry
        .in_unit(&user.unit_code)
        .detail(json!({ "username": user.username }));
    audit::commit(app, tx, entry, now).await?;
    Ok(())
}
