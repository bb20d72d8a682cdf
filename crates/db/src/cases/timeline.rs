//! A case's timeline: its events (entries, transitions) in order.

use crate::record::{fetch, insert_batch, select_of};
use crate::schema::tables::CaseEvents;
use crate::{DbError, Exec};
use sea_query::{Expr, Order};

record! {
    pub struct EventRow in CaseEvents {
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
}

pub async fn add_event(ex: &mut Exec<'_>, e: &EventRow) -> Result<(), DbError> {
    add_events(ex, std::slice::from_ref(e)).await
}

/// Inserts timeline events with a few multi-row statements.
pub async fn add_events(ex: &mut Exec<'_>, events: &[EventRow]) -> Result<(), DbError> {
    insert_batch(ex, events, None).await?;
    Ok(())
}

pub async fn events_of(ex: &mut Exec<'_>, case_id: i64) -> Result<Vec<EventRow>, DbError> {
    let s = select_of::<EventRow>()
        .and_where(Expr::col(CaseEvents::CaseId).eq(case_id))
        .order_by(CaseEvents::Id, Order::Asc)
        .take();
    fetch(ex, &s).await
}
