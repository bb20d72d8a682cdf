//! A case's timeline: its events (entries, transitions) in order.

use super::*;
use crate::{sql, DbError, Exec};
use sea_query::{Alias, Query, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: i64,
    pub case_id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub body_cipher: Option<Vec<u8>>,
    /// JSON with the event's non-sensitive particulars (department, file, order …).
    pub detail: String,
}

pub async fn add_event(ex: &mut Exec<'_>, e: &EventRow) -> Result<(), DbError> {
    add_events(ex, std::slice::from_ref(e)).await
}

/// Inserts timeline events with one multi-row statement per `BATCH` rows.
pub async fn add_events(ex: &mut Exec<'_>, events: &[EventRow]) -> Result<(), DbError> {
    const EVENT_COLUMNS: [&str; 10] = [
        "id",
        "case_id",
        "at",
        "actor_id",
        "actor",
        "kind",
        "from_status",
        "to_status",
        "body_cipher",
        "detail",
    ];
    for chunk in events.chunks(BATCH) {
        let mut insert = Query::insert();
        insert
            .into_table(Alias::new("case_events"))
            .columns(EVENT_COLUMNS.map(Alias::new));
        for e in chunk {
            let values: [Value; 10] = [
                e.id.into(),
                e.case_id.into(),
                e.at.into(),
                e.actor_id.into(),
                e.actor.clone().into(),
                e.kind.clone().into(),
                e.from_status.clone().into(),
                e.to_status.clone().into(),
                e.body_cipher.clone().into(),
                e.detail.clone().into(),
            ];
            insert.values_panic(values.map(Into::into));
        }
        let q = ex.build(&insert);
        ex.execute(q).await?;
    }
    Ok(())
}

pub async fn events_of(ex: &mut Exec<'_>, case_id: i64) -> Result<Vec<EventRow>, DbError> {
    ex.fetch_all(
        sql("SELECT id, case_id, at, actor_id, actor, kind, from_status, to_status, body_cipher, detail \
             FROM case_events WHERE case_id = $1 ORDER BY id")
        .bind(case_id),
    )
    .await?
    .iter()
    .map(|r| {
        Ok(EventRow {
            id: r.get("id")?,
            case_id: r.get("case_id")?,
            at: r.get("at")?,
            actor_id: r.get("actor_id")?,
            actor: r.get("actor")?,
            kind: r.get("kind")?,
            from_status: r.get("from_status")?,
            to_status: r.get("to_status")?,
            body_cipher: r.get("body_cipher")?,
            detail: r.get("detail")?,
        })
    })
    .collect()
}
