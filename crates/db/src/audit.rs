//! The append-only audit log. The chain itself (hashing, verification) is computed in
//! `jinguo_app::audit`; this module only stores and reads rows, and keeps the head.

use crate::record::{self, fetch, select_of};
use crate::schema::tables::AuditEvents;
use crate::{sql, DbError, Exec};
use jinguo_domain::Scope;
use sea_query::{Cond, Expr, Order, Query};

/// The `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

record! {
    pub struct Event in AuditEvents {
        pub seq: i64,
        pub at: i64,
        pub actor_id: Option<i64>,
        pub actor: String,
        pub ip: String,
        pub action: String,
        pub entity: String,
        pub entity_id: String,
        pub unit_code: Option<String>,
        pub detail: String,
        pub prev_hash: String,
        pub hash: String,
        /// How `hash` was computed: `CHAIN_PLAIN` (SHA-256, events written before the chain was
        /// keyed) or `CHAIN_KEYED` (HMAC-SHA256 under a key derived from the master key).
        pub chain: i64,
    }
}

/// SHA-256 over the event: the chain of events written before migration 6.
pub const CHAIN_PLAIN: i64 = 1;
/// HMAC-SHA256 over the event under the audit chain key.
pub const CHAIN_KEYED: i64 = 2;

/// Reserves the next sequence number and returns it with the hash it must chain from.
/// The `UPDATE` comes first so the row lock (PostgreSQL) or write lock (SQLite) serializes
/// concurrent appenders: no two events can chain from the same predecessor.
pub async fn claim_next(ex: &mut Exec<'_>) -> Result<(i64, String), DbError> {
    ex.execute(sql("UPDATE audit_head SET seq = seq + 1 WHERE id = 1"))
        .await?;
    let row = ex
        .fetch_one(sql("SELECT seq, hash FROM audit_head WHERE id = 1"))
        .await?;
    Ok((row.get("seq")?, row.get("hash")?))
}

pub async fn insert(ex: &mut Exec<'_>, e: &Event) -> Result<(), DbError> {
    record::insert(ex, e).await?;
    ex.execute(sql("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(e.hash.as_str()))
        .await?;
    Ok(())
}

/// The head as recorded: the last sequence number and its hash.
pub async fn head(ex: &mut Exec<'_>) -> Result<(i64, String), DbError> {
    let row = ex
        .fetch_one(sql("SELECT seq, hash FROM audit_head WHERE id = 1"))
        .await?;
    Ok((row.get("seq")?, row.get("hash")?))
}

/// The first sequence number of the keyed chain: events before it were written before the
/// chain was keyed (an upgraded database) and keep their plain hashes.
pub async fn keyed_from(ex: &mut Exec<'_>) -> Result<i64, DbError> {
    ex.fetch_scalar(sql("SELECT keyed_from FROM audit_head WHERE id = 1"))
        .await
}

/// One event by its sequence number (checking a head exported earlier).
pub async fn find(ex: &mut Exec<'_>, seq: i64) -> Result<Option<Event>, DbError> {
    Ok(page_from(ex, seq - 1, 1)
        .await?
        .into_iter()
        .find(|e| e.seq == seq))
}

/// Events in sequence order from `after_seq` on, a page at a time (verification walks these).
pub async fn page_from(
    ex: &mut Exec<'_>,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<Event>, DbError> {
    let s = select_of::<Event>()
        .and_where(Expr::col(AuditEvents::Seq).gt(after_seq))
        .order_by(AuditEvents::Seq, Order::Asc)
        .limit(u64::try_from(limit).unwrap_or(0))
        .take();
    fetch(ex, &s).await
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<String>,
    pub action: Option<String>,
    /// Any of these actions (e.g. the sign-in log: login, login_failed, logout, account_locked).
    pub actions: Option<Vec<String>>,
    pub entity: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// The caller's subtree pattern: events about units outside it are hidden; events with no
    /// unit (logins, settings) are shown to admins, who are the only readers of this log.
    /// Only events of units inside this subtree (and events of no unit).
    pub within: Option<Scope>,
}

fn condition(f: &Filter) -> Cond {
    let mut c = Cond::all();
    if let Some(actor) = &f.actor {
        c = c.add(Expr::col(AuditEvents::Actor).eq(actor.as_str()));
    }
    if let Some(action) = &f.action {
        c = c.add(Expr::col(AuditEvents::Action).eq(action.as_str()));
    }
    if let Some(actions) = &f.actions {
        c = c.add(Expr::col(AuditEvents::Action).is_in(actions.iter().map(String::as_str)));
    }
    if let Some(entity) = &f.entity {
        c = c.add(Expr::col(AuditEvents::Entity).eq(entity.as_str()));
    }
    if let Some(from) = f.from_ms {
        c = c.add(Expr::col(AuditEvents::At).gte(from));
    }
    if let Some(to) = f.to_ms {
        c = c.add(Expr::col(AuditEvents::At).lt(to));
    }
    if let Some(scope) = &f.within {
        let (lo, hi) = scope.unit_range().into_bounds();
        c = c.add(
            Cond::any()
                .add(Expr::col(AuditEvents::UnitCode).is_null())
                .add(Expr::col(AuditEvents::UnitCode).between(lo, hi)),
        );
    }
    c
}

/// Newest first, filtered, paged; with the total count of matching events.
pub async fn list(
    ex: &mut Exec<'_>,
    f: &Filter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<Event>, i64), DbError> {
    let cond = condition(f);
    let select = select_of::<Event>()
        .cond_where(cond.clone())
        .order_by(AuditEvents::Seq, Order::Desc)
        .limit(limit)
        .offset(offset)
        .take();
    let events = fetch(ex, &select).await?;
    let mut counting = Query::select();
    counting
        .expr(Expr::cust("COUNT(*)"))
        .from(AuditEvents::Table)
        .cond_where(cond);
    let q = ex.build(&counting);
    let total = ex.fetch_scalar(q).await?;
    Ok((events, total))
}
