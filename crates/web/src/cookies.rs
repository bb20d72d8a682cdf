//! Reading and writing the few cookies jinguo sets.

use axum::http::{header, HeaderMap, HeaderValue};

pub const SESSION_COOKIE: &str = "jinguo_session";
/// Double-submit token of the login form, before any session exists.
pub const LOGIN_CSRF_COOKIE: &str = "jinguo_login_csrf";

pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|line| {
            line.split(';').find_map(|pair| {
                let (k, v) = pair.trim().split_once('=')?;
                (k == name).then(|| v.to_owned())
            })
        })
}

/// `Secure` when the request reached us over https, as a trusted proxy says: `proxies::resolve`
/// drops the header from any other peer before a handler reads it.
pub fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

pub fn set(
    name: &str,
    value: &str,
    max_age_secs: Option<i64>,
    http_only: bool,
    secure: bool,
) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; SameSite=Lax");
    if http_only {
        cookie.push_str("; HttpOnly");
    }
    if secure {
        cookie.push_str("; Secure");
    }
    if let Some(age) = max_age_secs {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

pub fn clear(name: &str) -> HeaderValue {
    set(name, "", Some(0), true, false)
}
