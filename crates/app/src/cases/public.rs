//! The public intake: a woman reports a problem online without an account, gets a receipt
//! code, and later looks up where her case stands with that code and her phone number.
//!
//! A form carries a signed challenge (a small sum, a nonce the page also sets as a cookie, and
//! when it was issued), so a bot must render the form and a foreign site cannot post it; each
//! address may submit a few times per window.

use super::{choice, optional_text, take_in, text, validate, CaseInput};
use crate::{App, AppError};
use jinguo_db::cases as store;
use jinguo_domain::cases::{CaseKind, Category, Channel, Status, Urgency};
use jinguo_domain::Phone;
use rand::Rng;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

const IDX_RECEIPT: &str = "case.receipt";
const IDX_RECEIPT_PHONE: &str = "case.receipt_phone";
const CHALLENGE_KIND: &str = "public.challenge";
/// A form may be submitted up to two hours after it was shown.
const CHALLENGE_TTL_MS: i64 = 2 * 3_600_000;
/// Letters and digits that cannot be mistaken for each other when read over the phone.
const RECEIPT_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A sum to solve, signed so the server keeps no state between showing and posting the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub question: String,
    pub token: String,
    pub nonce: String,
}

pub fn challenge(app: &App) -> Challenge {
    let mut rng = crate::random::fast();
    let (a, b): (u32, u32) = (rng.gen_range(1..10), rng.gen_range(1..10));
    let nonce = hex::encode(rng.gen::<[u8; 12]>());
    let issued = app.now();
    let payload = format!("{issued}.{a}.{b}.{nonce}");
    let mac = app.cipher.blind_index(CHALLENGE_KIND, &payload);
    Challenge {
        question: format!("{a} + {b}"),
        token: format!("{payload}.{mac}"),
        nonce,
    }
}

/// Checks a posted challenge: signed by us, recent, the sum right, the nonce the browser's.
fn check_challenge(app: &App, token: &str, nonce: &str, answer: &str) -> Result<(), AppError> {
    let refused = || AppError::invalid("answer", "challenge_failed");
    let parts: Vec<&str> = token.trim().split('.').collect();
    let [issued, a, b, signed_nonce, mac] = parts[..] else {
        return Err(refused());
    };
    let payload = format!("{issued}.{a}.{b}.{signed_nonce}");
    let expected = app.cipher.blind_index(CHALLENGE_KIND, &payload);
    if !crate::auth::constant_time_eq(&expected, mac) || signed_nonce != nonce.trim() {
        return Err(refused());
    }
    let issued: i64 = issued.parse().map_err(|_| refused())?;
    if app.now() - issued > CHALLENGE_TTL_MS {
        return Err(AppError::invalid("answer", "challenge_expired"));
    }
    let sum = a
        .parse::<u32>()
        .ok()
        .zip(b.parse::<u32>().ok())
        .map(|(a, b)| a + b);
    let given = jinguo_domain::identity::normalize_digits(answer)
        .parse::<u32>()
        .ok();
    if sum.is_none() || sum != given {
        return Err(refused());
    }
    Ok(())
}

/// Requests per address in a sliding window, in memory (a restart forgives everyone).
#[derive(Debug)]
pub struct RateLimiter {
    limit: usize,
    window_ms: i64,
    seen: Mutex<HashMap<String, VecDeque<i64>>>,
}

impl RateLimiter {
    pub fn new(limit: usize, window_ms: i64) -> RateLimiter {
        RateLimiter {
            limit,
            window_ms,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request from `key` at `now`; refuses once the window holds `limit` of them.
    pub fn check(&self, key: &str, now: i64) -> Result<(), AppError> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() > 100_000 {
            // Bound the memory a spray of addresses can take.
            let window = self.window_ms;
            seen.retain(|_, times| times.back().is_some_and(|t| now - t < window));
        }
        let times = seen.entry(key.to_owned()).or_default();
        while times.front().is_some_and(|t| now - t >= self.window_ms) {
            times.pop_front();
        }
        if times.len() >= self.limit {
            return Err(AppError::TooManyRequests);
        }
        times.push_back(now);
        Ok(())
    }
}

/// The limits of the public pages: submissions and status look-ups per address, and the
/// challenges already answered (each form is good for one submission).
#[derive(Debug)]
pub struct PublicLimits {
    pub intake: RateLimiter,
    pub lookup: RateLimiter,
    /// Check-ins at events by their QR link: a fair's visitors often share the venue's one
    /// address, so the limit only stops a script, not a crowd.
    pub checkin: RateLimiter,
    answered: Mutex<HashMap<String, i64>>,
}

impl Default for PublicLimits {
    fn default() -> PublicLimits {
        PublicLimits {
            intake: RateLimiter::new(5, 10 * 60_000),
            lookup: RateLimiter::new(20, 10 * 60_000),
            checkin: RateLimiter::new(600, 10 * 60_000),
            answered: Mutex::new(HashMap::new()),
        }
    }
}

impl PublicLimits {
    /// Marks a challenge's nonce as used; false when it was used before.
    fn first_use(&self, nonce: &str, now: i64) -> bool {
        let mut answered = self.answered.lock().unwrap_or_else(|e| e.into_inner());
        // A nonce outlives its challenge by nothing: forget those that expired.
        answered.retain(|_, at| now - *at < CHALLENGE_TTL_MS);
        answered.insert(nonce.to_owned(), now).is_none()
    }
}

/// The key an address is counted under: IPv6 clients by their /64 (one household or phone
/// holds a whole /64), IPv4 by the address.
pub fn address_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        _ => ip.to_owned(),
    }
}

// A case the public submits (the API's `PublicCase`).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = PublicCase)]
pub struct PublicIntake {
    /// rights (default) or enterprise
    pub kind: Option<String>,
    pub category: String,
    /// The street or community she lives in.
    pub unit_code: String,
    pub narrative: String,
    pub name: Option<String>,
    pub phone: String,
    /// From `GET /api/v1/public/intake`.
    pub token: String,
    pub nonce: String,
    /// The sum's result.
    pub answer: String,
    // A field people do not see and bots fill in: the page's form has it, the API does not.
    #[serde(skip)]
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// Shown once, to be kept: `K7Q2-M9XP-3ABC`.
    pub receipt: String,
    pub case_code: String,
}

fn new_receipt() -> String {
    let mut rng = crate::random::fast();
    let chars: String = (0..12)
        .map(|_| RECEIPT_ALPHABET[rng.gen_range(0..RECEIPT_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12])
}

/// `k7q2 m9xp-3abc` → `K7Q2M9XP3ABC`: what a person types back is compared without separators.
fn normalize_receipt(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

pub async fn submit(
    app: &App,
    limits: &PublicLimits,
    ip: &str,
    form: PublicIntake,
) -> Result<Receipt, AppError> {
    limits.intake.check(ip, app.now())?;
    if form
        .website
        .as_deref()
        .is_some_and(|w| !w.trim().is_empty())
    {
        return Err(AppError::invalid("answer", "challenge_failed"));
    }
    check_challenge(app, &form.token, &form.nonce, &form.answer)?;
    if !limits.first_use(&form.nonce, app.now()) {
        return Err(AppError::invalid("answer", "challenge_expired"));
    }
    let kind = match form.kind.as_deref().filter(|k| !k.trim().is_empty()) {
        Some(k) => choice("kind", k, CaseKind::parse)?,
        None => CaseKind::Rights,
    };
    let phone_raw = text("phone", &form.phone, 30)?;
    let phone = Phone::parse(&phone_raw)
        .map_err(|e| AppError::invalid_detail("phone", e.code(), &phone_raw))?;
    let unit = public_unit(app, &form.unit_code).await?;
    let input = CaseInput {
        kind: kind.as_str().into(),
        channel: Channel::Online.as_str().into(),
        category: form.category.clone(),
        // A plea where someone's safety may be at stake waits for no one: it is urgent, not
        // 一般, from the moment it arrives.
        urgency: Category::parse(form.category.trim())
            .filter(|c| c.is_safety_critical())
            .map(|_| Urgency::Urgent.as_str().into()),
        unit_code: unit,
        narrative: form.narrative.clone(),
        caller_name: optional_text("name", form.name.as_deref(), 50)?,
        caller_phone: Some(phone.as_str().into()),
        enterprise_name: (kind == CaseKind::Enterprise)
            .then(|| form.name.clone())
            .flatten(),
        ..CaseInput::default()
    };
    if kind == CaseKind::Enterprise && input.enterprise_name.is_none() {
        return Err(AppError::invalid("name", "required"));
    }
    let valid = validate(&input)?;
    let receipt = new_receipt();
    let indexes = (
        app.cipher
            .blind_index(IDX_RECEIPT, &normalize_receipt(&receipt)),
        app.cipher.blind_index(IDX_RECEIPT_PHONE, phone.as_str()),
    );
    let row = take_in(app, None, valid, &[], &input, Some(indexes)).await?;
    Ok(Receipt {
        receipt,
        case_code: row.code,
    })
}

/// The public form offers the district's streets and communities; anything else is refused.
async fn public_unit(app: &App, code: &str) -> Result<String, AppError> {
    let unknown = || AppError::invalid_detail("unit_code", "unknown_unit", code.trim());
    if code.trim().is_empty() {
        return Err(AppError::invalid("unit_code", "required"));
    }
    let unit = jinguo_db::units::find(&mut app.db.ex(), code.trim())
        .await?
        .ok_or_else(unknown)?;
    if !matches!(unit.level.as_str(), "street" | "community") {
        return Err(unknown());
    }
    Ok(unit.code)
}

/// Where a case stands, as its caller may see it: statuses and dates, never notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicStatus {
    pub case_code: String,
    /// None for a restricted category: whoever holds her phone should not read "domestic
    /// violence" on this page.
    pub category: Option<Category>,
    pub status: Status,
    pub opened_on: String,
    /// `(status, when)` of each change, oldest first.
    pub steps: Vec<(Status, i64)>,
}

/// Looks a case up by receipt and phone. A wrong phone gets the same answer as an unknown code.
pub async fn status(
    app: &App,
    limits: &PublicLimits,
    ip: &str,
    receipt: &str,
    phone: &str,
) -> Result<PublicStatus, AppError> {
    limits.lookup.check(&address_key(ip), app.now())?;
    let not_found = || AppError::NotFound;
    let phone = Phone::parse(phone).map_err(|_| not_found())?;
    let index = app
        .cipher
        .blind_index(IDX_RECEIPT, &normalize_receipt(receipt));
    let row = store::find_by_receipt(&mut app.db.ex(), &index)
        .await?
        .ok_or_else(not_found)?;
    let phone_index = app.cipher.blind_index(IDX_RECEIPT_PHONE, phone.as_str());
    let matches = row
        .receipt_phone_index
        .as_deref()
        .is_some_and(|stored| crate::auth::constant_time_eq(stored, &phone_index));
    if !matches {
        return Err(not_found());
    }
    let steps = store::events_of(&mut app.db.ex(), row.id)
        .await?
        .into_iter()
        .filter_map(|e| Some((Status::parse(e.to_status.as_deref()?)?, e.at)))
        .collect();
    Ok(PublicStatus {
        case_code: row.code,
        category: Category::parse(&row.category).filter(|c| !c.restricted_by_default()),
        status: Status::parse(&row.status).unwrap_or(Status::New),
        opened_on: row.opened_on,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_read_back_without_separators_or_case() {
        let r = new_receipt();
        assert_eq!(r.len(), 14);
        assert_eq!(
            normalize_receipt(&r.to_lowercase().replace('-', " ")),
            r.replace('-', "")
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(
            address_key("2408:8207:1:2:aaaa::1"),
            address_key("2408:8207:1:2:bbbb::9")
        );
        assert_ne!(
            address_key("2408:8207:1:2::1"),
            address_key("2408:8207:1:3::1")
        );
        assert_eq!(address_key("10.0.0.7"), "10.0.0.7");
    }

    #[test]
    fn the_limiter_refuses_past_its_limit_and_forgives_after_the_window() {
        let limiter = RateLimiter::new(2, 1_000);
        assert!(limiter.check("a", 0).is_ok());
        assert!(limiter.check("a", 10).is_ok());
        assert!(matches!(
            limiter.check("a", 20),
            Err(AppError::TooManyRequests)
        ));
        assert!(
            limiter.check("b", 20).is_ok(),
            "another address is counted apart"
        );
        assert!(limiter.check("a", 1_001).is_ok());
    }
}
