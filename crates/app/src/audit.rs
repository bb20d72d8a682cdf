//! The hash-chained audit log: every event's hash covers its fields and the previous event's
//! hash, and the head (last sequence number and hash) is kept beside the log, so a row changed,
//! deleted or appended behind the application's back breaks `verify`.

use crate::{AppError, Origin};
pub use jinguo_db::audit::Filter;
use jinguo_db::audit::{self as store, Event, GENESIS_HASH};
use jinguo_db::{Db, Exec};
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

/// Appends an event inside the caller's transaction, so the change and its record commit or
/// roll back together.
pub async fn append(ex: &mut Exec<'_>, entry: Entry<'_>, now: i64) -> Result<i64, AppError> {
    let (seq, prev_hash) = store::claim_next(ex).await?;
    let mut event = Event {
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
    };
    event.hash = event_hash(&event);
    store::insert(ex, &event).await?;
    Ok(seq)
}

/// The hash of an event: SHA-256 over a JSON array of its fields (unambiguous, unlike joining
/// strings) and the previous hash.
fn event_hash(e: &Event) -> String {
    let canonical = serde_json::json!([
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
    ]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
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

/// Walks the whole log in sequence order.
pub async fn verify(db: &Db) -> Result<Verdict, AppError> {
    const PAGE: i64 = 5_000;
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
            if event_hash(&event) != event.hash {
                return Ok(Verdict::Broken {
                    seq: event.seq,
                    reason: "altered",
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

pub async fn list(
    db: &Db,
    filter: &Filter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Event>, i64), AppError> {
    let offset = crate::page_offset(page, per_page)?;
    Ok(store::list(&mut db.ex(), filter, offset, per_page).await?)
}
