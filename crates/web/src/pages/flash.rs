//! Flash messages: an action that went through answers with a redirect (post/redirect/get)
//! carrying the key of its message in a short-lived cookie, and the page it lands on shows the
//! message once, in the layout's notice line. Only message keys travel, never text a user typed.

use crate::cookies;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

pub const FLASH_COOKIE: &str = "jinguo_flash";

tokio::task_local! {
    static FLASH: Option<String>;
}

/// What went through, as the page says it.
#[derive(Clone, Copy)]
pub enum Done {
    Saved,
    Created,
    Deleted,
    /// An action of a workflow (a transition, a referral, a check-in).
    Recorded,
    /// The signed-in user's own new password.
    PasswordChanged,
    /// A security administrator set a user's password.
    PasswordReset,
    /// A role grant approved or rejected by the second security administrator.
    GrantApproved,
    GrantRejected,
    /// A sign-in lock lifted.
    Unlocked,
    /// A delivery made to someone who no longer meets the program's rule (made, and flagged).
    Flagged,
    /// A checked file's rows written.
    Imported,
}

impl Done {
    fn key(self) -> &'static str {
        match self {
            Done::Saved => "flash-saved",
            Done::Created => "flash-created",
            Done::Deleted => "flash-deleted",
            Done::Recorded => "flash-recorded",
            Done::PasswordChanged => "flash-password-changed",
            Done::PasswordReset => "flash-password-reset",
            Done::GrantApproved => "flash-grant-approved",
            Done::GrantRejected => "flash-grant-rejected",
            Done::Unlocked => "flash-unlocked",
            Done::Flagged => "flash-delivered-flagged",
            Done::Imported => "flash-imported",
        }
    }
}

/// On to `to` after an action that went through, with its message.
pub fn redirect(to: &str, done: Done) -> Response {
    let cookie = cookies::set(FLASH_COOKIE, done.key(), Some(60), true, false);
    ([(header::SET_COOKIE, cookie)], Redirect::to(to)).into_response()
}

/// Only keys of this module's shape are taken from the cookie.
fn valid(key: &str) -> bool {
    key.starts_with("flash-") && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

/// The middleware: makes the request's flash readable by the page it renders (`current`) and
/// clears the cookie once a response that does not set a new one has gone out.
pub async fn carry(request: Request, next: Next) -> Response {
    let key = cookies::get(request.headers(), FLASH_COOKIE).filter(|k| valid(k));
    let had = key.is_some();
    let mut response = FLASH.scope(key, next.run(request)).await;
    let sets_new = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(FLASH_COOKIE.as_bytes()));
    if had && !sets_new {
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookies::clear(FLASH_COOKIE));
    }
    response
}

/// The message key of the request being answered, if it came with one.
pub fn current() -> Option<String> {
    FLASH.try_with(Clone::clone).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_message_keys_are_taken_from_the_cookie() {
        assert!(valid("flash-saved"));
        assert!(!valid("<script>"));
        assert!(!valid("people-title"));
        assert!(!valid("flash-SAVED"));
    }
}
