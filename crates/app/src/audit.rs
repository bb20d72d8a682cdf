//! The chained audit log: every event's MAC covers its fields and the previous event's MAC, and
//! the head (last sequence number and MAC) is kept beside the log, so a row changed, deleted or
//! appended behind the application's back breaks `verify`.
//!
//! The chain is keyed (HMAC-SHA256 under a key derived from the master key, which lives outside
//! the database): someone who can write the database can change a row, but cannot recompute the
//! MACs after it. Events written before the chain was keyed keep their plain SHA-256 hashes up to
//! `keyed_from`. A head exported with `jinguo audit head` and kept off the machine proves later
//! that the log was not cut back or rewritten from a point on.

use crate::auth::Caller;
use crate::crypto::FieldCipher;
use crate::{App, AppError, Origin};
use jinguo_db::audit::{self as store, Event as EventRow, CHAIN_KEYED, CHAIN_PLAIN, GENESIS_HASH};
use jinguo_db::{Db, Exec, Tx};
use sha2::{Digest, Sha256};

/// What happened, before it is numbered and chained.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub actor_id: Option<i64>,
    pub actor: &'a str,
    pub origin: &'a Origin,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub unit_code: Option<&'a str>,
    pub detail: serde_json::Value,
}

impl<'a> Entry<'a> {
    /// The same entry filed under the unit its record belongs to, so the unit's audit view
    /// finds it.
    pub fn in_unit(self, unit_code: &'a str) -> Entry<'a> {
        Entry {
            unit_code: Some(unit_code),
            ..self
        }
    }

    /// The same entry saying what the change was about.
    pub fn detail(self, detail: serde_json::Value) -> Entry<'a> {
        Entry { detail, ..self }
    }
}

/// Appends an event inside the caller's transaction, so the change and its record commit or
/// roll back together.
pub async fn append(
    app: &App,
    ex: &mut Exec<'_>,
    entry: Entry<'_>,
    now: i64,
) -> Result<i64, AppError> {
    let (seq, prev_hash) = store::claim_next(ex).await?;
    let keyed_from = store::keyed_from(ex).await?;
    let mut event = EventRow {
        seq,
        at: now,
        actor_id: entry.actor_id,
        actor: entry.actor.to_owned(),
        ip: entry.origin.ip.clone(),
        action: entry.action.to_owned(),
        entity: entry.entity.to_owned(),
        entity_id: entry.entity_id,
        unit_code: entry.unit_code.map(str::to_owned),
        detail: entry.detail.to_string(),
        prev_hash,
        hash: String::new(),
        chain: CHAIN_KEYED,
    };
    event.hash = event_mac(&app.cipher, &event, keyed_from);
    store::insert(ex, &event).await?;
    Ok(seq)
}

/// Records an event that stands alone — a read, a reveal, a download — in its own transaction.
pub async fn record(app: &App, entry: Entry<'_>, now: i64) -> Result<(), AppError> {
    let tx = app.db.begin().await?;
    commit(app, tx, entry, now).await
}

/// The last step of every audited change: appends its entry in its transaction and commits.
pub async fn commit(app: &App, mut tx: Tx, entry: Entry<'_>, now: i64) -> Result<(), AppError> {
    append(app, &mut tx.ex(), entry, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The JSON array of an event's fields (unambiguous, unlike joining strings) with the previous
/// hash.
fn canonical(e: &EventRow) -> serde_json::Value {
    serde_json::json!([
        e.prev_hash,
        e.seq,
        e.at,
        e.actor_id,
        e.actor,
        e.ip,
        e.action,
        e.entity,
        e.entity_id,
        e.unit_code,
        e.detail
    ])
}

/// The plain hash of an event written before the chain was keyed.
fn plain_hash(e: &EventRow) -> String {
    hex::encode(Sha256::digest(canonical(e).to_string().as_bytes()))
}

/// The keyed MAC of an event. It also covers where the keyed chain starts, so moving that
/// boundary to pass keyed events off as plain ones breaks every keyed event.
fn event_mac(cipher: &FieldCipher, e: &EventRow, keyed_from: i64) -> String {
    let message = serde_json::json!(["keyed", keyed_from, canonical(e)]);
    cipher.chain_mac(message.to_string().as_bytes())
}

/// Whether an event's stored hash is the one its place in the chain calls for.
fn intact(cipher: &FieldCipher, e: &EventRow, keyed_from: i64) -> Result<(), &'static str> {
    let (expected_chain, expected) = if e.seq < keyed_from {
        (CHAIN_PLAIN, plain_hash(e))
    } else {
        (CHAIN_KEYED, event_mac(cipher, e, keyed_from))
    };
    if e.chain != expected_chain {
        return Err("wrong_chain");
    }
    if expected != e.hash {
        return Err("altered");
    }
    Ok(())
}

/// The last event's sequence number and MAC, printed by `jinguo audit head` for safekeeping
/// off the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub mac: String,
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.mac)
    }
}

impl std::str::FromStr for Head {
    type Err = AppError;
    /// `SEQ:MAC`, as `jinguo audit head` prints it.
    fn from_str(text: &str) -> Result<Head, AppError> {
        let bad = || AppError::invalid("head", "invalid_audit_head");
        let (seq, mac) = text.trim().split_once(':').ok_or_else(bad)?;
        let seq = seq.parse::<i64>().ok().filter(|&s| s > 0).ok_or_else(bad)?;
        let hex_64 = mac.len() == 64 && mac.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex_64 {
            return Err(bad());
        }
        Ok(Head {
            seq,
            mac: mac.to_ascii_lowercase(),
        })
    }
}

/// The current head; `None` while the log is empty.
pub async fn head(db: &Db) -> Result<Option<Head>, AppError> {
    let (seq, mac) = store::head(&mut db.ex()).await?;
    Ok((seq > 0).then_some(Head { seq, mac }))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Intact {
        events: i64,
    },
    /// The first event (by sequence number) where the chain breaks, and why.
    Broken {
        seq: i64,
        reason: &'static str,
    },
}

/// Walks the whole log in sequence order; with `exported`, also checks that a head exported
/// earlier is still the event at its place in the chain.
pub async fn verify(app: &App, exported: Option<&Head>) -> Result<Verdict, AppError> {
    let verdict = verify_chain(app).await?;
    let (Verdict::Intact { events }, Some(head)) = (&verdict, exported) else {
        return Ok(verdict);
    };
    if head.seq > *events {
        return Ok(Verdict::Broken {
            seq: head.seq,
            reason: "exported_head_missing",
        });
    }
    let found = store::find(&mut app.db.ex(), head.seq).await?;
    if found.is_none_or(|e| e.hash != head.mac) {
        return Ok(Verdict::Broken {
            seq: head.seq,
            reason: "exported_head_mismatch",
        });
    }
    Ok(verdict)
}

async fn verify_chain(app: &App) -> Result<Verdict, AppError> {
    const PAGE: i64 = 5_000;
    let db = &app.db;
    let keyed_from = store::keyed_from(&mut db.ex()).await?;
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS_HASH.to_owned();
    loop {
        let page = store::page_from(&mut db.ex(), expected_seq - 1, PAGE).await?;
        let done = (page.len() as i64) < PAGE;
        for event in page {
            if event.seq != expected_seq {
                return Ok(Verdict::Broken {
                    seq: expected_seq,
                    reason: "missing",
                });
            }
            if event.prev_hash != prev_hash {
                return Ok(Verdict::Broken {
                    seq: event.seq,
                    reason: "chain_mismatch",
                });
            }
            if let Err(reason) = intact(&app.cipher, &event, keyed_from) {
                return Ok(Verdict::Broken {
                    seq: event.seq,
                    reason,
                });
            }
            prev_hash = event.hash;
            expected_seq += 1;
        }
        if done {
            break;
        }
    }
    let (head_seq, head_hash) = store::head(&mut db.ex()).await?;
    let last = expected_seq - 1;
    if head_seq != last {
        return Ok(Verdict::Broken {
            seq: last + 1,
            reason: "missing",
        });
    }
    if head_hash != prev_hash {
        return Ok(Verdict::Broken {
            seq: last,
            reason: "head_mismatch",
        });
    }
    Ok(Verdict::Intact { events: last })
}

// An event of the log as its readers see it (case ids pseudonymized, see `list`); the API's
// `AuditEventView`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = AuditEventView)]
pub struct Event {
    pub seq: i64,
    /// Milliseconds since the epoch, UTC.
    pub at: i64,
    pub actor: String,
    pub ip: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub unit_code: Option<String>,
    // The detail as JSON text, sent as the JSON it holds.
    #[serde(serialize_with = "as_json")]
    #[schema(value_type = serde_json::Value)]
    pub detail: String,
}

fn as_json<S: serde::Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or(serde_json::Value::Null);
    serde::Serialize::serialize(&value, serializer)
}

impl From<EventRow> for Event {
    fn from(e: EventRow) -> Event {
        Event {
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            ip: e.ip,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            unit_code: e.unit_code,
            detail: e.detail,
        }
    }
}

/// What a reader of the log asks for; the reader's subtree is always added (`list`).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<String>,
    pub action: Option<String>,
    /// Any of these actions (e.g. the sign-in log: login, login_failed, logout, account_locked).
    pub actions: Option<Vec<String>>,
    pub entity: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

/// A page of the log for the audit administrator, newest first: events about units outside
/// the caller's subtree are left out.
///
/// Case ids are pseudonymized (a keyed, stable digest): the readers of the log do not see
/// restricted cases, and a plain id beside the action would tell which cases are restricted
/// (those whose events carry no code on any list they may read). Every case id is replaced, not
/// only the restricted ones, so the pseudonym itself tells nothing either.
pub async fn list(
    app: &App,
    caller: &Caller,
    filter: &Filter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Event>, i64), AppError> {
    caller.require_audit_reader()?;
    let offset = crate::page_offset(page, per_page)?;
    let filter = store::Filter {
        actor: filter.actor.clone(),
        action: filter.action.clone(),
        actions: filter.actions.clone(),
        entity: filter.entity.clone(),
        from_ms: filter.from_ms,
        to_ms: filter.to_ms,
        within: Some(caller.scope()),
    };
    let (events, total) = store::list(&mut app.db.ex(), &filter, offset, per_page).await?;
    let shown = events
        .into_iter()
        .map(|e| pseudonymize_cases(&app.cipher, e.into()))
        .collect();
    Ok((shown, total))
}

/// Keys of an event's detail that hold case ids.
const CASE_ID_KEYS: [&str; 3] = ["case_id", "case_ids", "cases"];

fn pseudonymize_cases(cipher: &FieldCipher, mut event: Event) -> Event {
    if event.entity == "case" && !event.entity_id.is_empty() {
        event.entity_id = case_pseudonym(cipher, &event.entity_id);
    }
    let Ok(serde_json::Value::Object(mut detail)) = serde_json::from_str(&event.detail) else {
        return event;
    };
    for key in CASE_ID_KEYS {
        if let Some(value) = detail.get_mut(key) {
            pseudonymize_value(cipher, value);
        }
    }
    event.detail = serde_json::Value::Object(detail).to_string();
    event
}

fn pseudonymize_value(cipher: &FieldCipher, value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| pseudonymize_value(cipher, item)),
        Value::Number(n) => *value = Value::String(case_pseudonym(cipher, &n.to_string())),
        Value::String(s) => *value = Value::String(case_pseudonym(cipher, s)),
        _ => {}
    }
}

/// A stable pseudonym for a case id: the same case reads the same across events, so a pattern
/// of reads can still be followed, but the id cannot be recovered without the master key.
pub fn case_pseudonym(cipher: &FieldCipher, case_id: &str) -> String {
    let digest = cipher.blind_index("audit.case", case_id);
    format!("case-{}", &digest[..12])
}
