//! API tokens: created, listed and revoked by the operator at the command line, listed and
//! revoked by an administrator on the users page. A token lives 90 days unless told otherwise;
//! its last use is written back at most once a minute.

use crate::audit::{self, Entry};
use crate::auth::{random_secret, secret_hash, Caller};
use crate::clock::MINUTE_MS;
use crate::{users, App, AppError, Origin};
use jinguo_db::accounts::{self, ApiToken, NewToken, TokenSelection, User};
use serde_json::json;

pub const DEFAULT_DAYS: i64 = 90;
/// The longest lifetime a token may be given (ten years: a token for ever is a password that is
/// never changed).
pub const MAX_DAYS: i64 = 3650;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// A token as listed: what it is for and whether it still works at `now`.
#[derive(Debug, Clone)]
pub struct TokenView {
    pub token: ApiToken,
    pub status: TokenStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenStatus {
    Active,
    Expired,
    Revoked,
}

impl TokenStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenStatus::Active => "active",
            TokenStatus::Expired => "expired",
            TokenStatus::Revoked => "revoked",
        }
    }
}

fn view(token: ApiToken, now: i64) -> TokenView {
    let status = if token.revoked {
        TokenStatus::Revoked
    } else if token.expires_at <= now {
        TokenStatus::Expired
    } else {
        TokenStatus::Active
    };
    TokenView { token, status }
}

async fn user_named(app: &App, username: &str) -> Result<User, AppError> {
    accounts::find_by_username(&mut app.db.ex(), username)
        .await?
        .ok_or(AppError::NotFound)
}

fn operator_entry<'a>(origin: &'a Origin, action: &'a str, entity_id: String) -> Entry<'a> {
    Entry {
        actor_id: None,
        actor: "cli",
        origin,
        action,
        entity: "api_token",
        entity_id,
        unit_code: None,
        detail: json!({}),
    }
}

/// Creates an API token for a user (an operator's act, from the CLI), valid for `days` (90 by
/// default), and returns it; only its hash is kept.
pub async fn create(
    app: &App,
    username: &str,
    label: &str,
    days: Option<i64>,
    origin: &Origin,
) -> Result<String, AppError> {
    let days = days.unwrap_or(DEFAULT_DAYS);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(AppError::invalid_detail(
            "days",
            "invalid_token_days",
            MAX_DAYS.to_string(),
        ));
    }
    let user = user_named(app, username).await?;
    let now = app.now();
    let token = format!("jg_{}", random_secret());
    let id = app.ids.next(now);
    let row = NewToken {
        id,
        user_id: user.id,
        label,
        token_hash: &secret_hash(&token),
        expires_at: now + days * DAY_MS,
    };
    let mut tx = app.db.begin().await?;
    accounts::insert_token(&mut tx.ex(), &row, now).await?;
    let entry = operator_entry(origin, "token_create", id.to_string())
        .in_unit(&user.unit_code)
        .detail(json!({ "username": user.username, "label": label, "days": days }));
    audit::commit(app, tx, entry, now).await?;
    Ok(token)
}

/// Every token of a user, for the operator.
pub async fn list_by_username(app: &App, username: &str) -> Result<Vec<TokenView>, AppError> {
    let user = user_named(app, username).await?;
    list_of(app, &user).await
}

async fn list_of(app: &App, user: &User) -> Result<Vec<TokenView>, AppError> {
    let now = app.now();
    let tokens = accounts::list_tokens(&mut app.db.ex(), user.id).await?;
    Ok(tokens.into_iter().map(|t| view(t, now)).collect())
}

/// Revokes a user's live tokens (all, or those labelled so) for the operator; returns how
/// many (0 when none matched: nothing is written then).
pub async fn revoke_by_username(
    app: &App,
    username: &str,
    which: TokenSelection<'_>,
    origin: &Origin,
) -> Result<u64, AppError> {
    let user = user_named(app, username).await?;
    let entry = operator_entry(origin, "token_revoke", user.id.to_string());
    revoke(app, &user, which, entry).await
}

async fn revoke(
    app: &App,
    user: &User,
    which: TokenSelection<'_>,
    entry: Entry<'_>,
) -> Result<u64, AppError> {
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let revoked = accounts::revoke_tokens(&mut tx.ex(), user.id, which).await?;
    if revoked == 0 {
        return Ok(0);
    }
    let selection = match which {
        TokenSelection::All => json!("all"),
        TokenSelection::Label(label) => json!({ "label": label }),
        TokenSelection::Id(id) => json!({ "id": id }),
    };
    let detail = json!({ "username": user.username, "which": selection, "revoked": revoked });
    let entry = entry.in_unit(&user.unit_code).detail(detail);
    audit::commit(app, tx, entry, now).await?;
    Ok(revoked)
}

/// The tokens of a user the administrator's scope reaches.
pub async fn list(app: &App, caller: &Caller, user_id: i64) -> Result<Vec<TokenView>, AppError> {
    let user = users::account(app, caller, user_id).await?;
    list_of(app, &user).await
}

/// An administrator revokes one token of a user in scope (a token of another user is 404).
pub async fn revoke_one(
    app: &App,
    caller: &Caller,
    user_id: i64,
    token_id: i64,
) -> Result<(), AppError> {
    let user = users::account(app, caller, user_id).await?;
    let entry = caller.entry("token_revoke", "api_token", token_id.to_string());
    match revoke(app, &user, TokenSelection::Id(token_id), entry).await? {
        0 => Err(AppError::NotFound),
        _ => Ok(()),
    }
}
