//! Events (job fairs and others), the enterprises taking part, check-ins and agreements.

use super::*;
use crate::{sql, DbError, Exec};
use sea_query::OnConflict;

record! {
    pub struct EventRow in Events {
        pub id: i64,
        pub kind: String,
        pub title: String,
        pub held_on: String,
        pub place: Option<String>,
        pub unit_code: String,
        pub organizers: Option<String>,
        pub partners: Option<String>,
        /// The random key of the event's public check-in link.
        pub checkin_key: String,
        pub closed_at: Option<i64>,
        pub created_by: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
    }
}

pub async fn insert_event(ex: &mut Exec<'_>, r: &EventRow) -> Result<(), DbError> {
    insert(ex, r).await
}

pub async fn update_event(ex: &mut Exec<'_>, r: &EventRow) -> Result<(), DbError> {
    update(ex, r).await
}

pub async fn find_event(ex: &mut Exec<'_>, id: i64) -> Result<Option<EventRow>, DbError> {
    find(ex, id).await
}

pub async fn find_event_by_key(ex: &mut Exec<'_>, key: &str) -> Result<Option<EventRow>, DbError> {
    let q = sql(format!(
        "{} WHERE checkin_key = $1",
        select_sql::<EventRow>()
    ))
    .bind(key);
    fetch_row(ex, q, EventRow::read).await
}

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub kind: Option<String>,
    pub q: Option<String>,
}

pub async fn list_events(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &EventFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<EventRow>, i64), DbError> {
    let condition = Cond::all()
        .add(in_units(Events::UnitCode, &scope.unit_range()))
        .add_option(f.kind.as_deref().map(|k| Expr::col(Events::Kind).eq(k)))
        .add_option(f.q.as_deref().map(|q| contains_any_case(Events::Title, q)));
    let s = select_of::<EventRow>()
        .order_by(Events::HeldOn, Order::Desc)
        .order_by(Events::Id, Order::Desc)
        .take();
    page(ex, s, condition, offset, limit).await
}

/// The latest job fair held on or before a date.
pub async fn last_job_fair(
    ex: &mut Exec<'_>,
    on_or_before: &str,
) -> Result<Option<EventRow>, DbError> {
    let q = sql(format!(
        "{} WHERE kind = 'job_fair' AND held_on <= $1 ORDER BY held_on DESC, id DESC LIMIT 1",
        select_sql::<EventRow>()
    ))
    .bind(on_or_before);
    fetch_row(ex, q, EventRow::read).await
}

pub async fn add_event_enterprise(
    ex: &mut Exec<'_>,
    event_id: i64,
    enterprise_id: i64,
) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO event_enterprises (event_id, enterprise_id) VALUES ($1, $2) ON CONFLICT (event_id, enterprise_id) DO NOTHING")
            .bind(event_id)
            .bind(enterprise_id),
    )
    .await?;
    Ok(())
}

pub async fn event_enterprise_ids(ex: &mut Exec<'_>, event_id: i64) -> Result<Vec<i64>, DbError> {
    let q = sql(
        "SELECT enterprise_id FROM event_enterprises WHERE event_id = $1 ORDER BY enterprise_id",
    )
    .bind(event_id);
    fetch_rows(ex, q, first).await
}

record! {
    pub struct CheckinRow in Checkins {
        pub id: i64,
        pub event_id: i64,
        pub person_id: Option<i64>,
        pub name_cipher: Vec<u8>,
        pub phone_cipher: Vec<u8>,
        pub phone_index: String,
        pub phone_masked: String,
        pub sex: String,
        pub category: Option<String>,
        pub via: String,
        pub at: i64,
    }
}

/// Records check-ins; a phone already checked in to the event is left as it was. Returns how many
/// were new.
pub async fn insert_checkins(ex: &mut Exec<'_>, rows: &[CheckinRow]) -> Result<u64, DbError> {
    insert_batch(
        ex,
        rows,
        Some(
            OnConflict::columns([Checkins::EventId, Checkins::PhoneIndex])
                .do_nothing()
                .to_owned(),
        ),
    )
    .await
}

pub async fn find_checkin(
    ex: &mut Exec<'_>,
    event_id: i64,
    phone_index: &str,
) -> Result<Option<CheckinRow>, DbError> {
    let columns = [
        ("event_id", event_id.into()),
        ("phone_index", phone_index.into()),
    ];
    find_by(ex, &columns).await
}

pub async fn checkins_of(
    ex: &mut Exec<'_>,
    event_id: i64,
    offset: u64,
    limit: u64,
) -> Result<Vec<CheckinRow>, DbError> {
    let q = sql(format!(
        "SELECT {} FROM checkins WHERE event_id = $1 ORDER BY id DESC LIMIT {limit} OFFSET {offset}",
        CheckinRow::COLUMNS.join(", ")
    ))
    .bind(event_id);
    fetch_rows(ex, q, CheckinRow::read).await
}

record! {
    pub struct AgreementRow in Agreements {
        pub id: i64,
        pub event_id: i64,
        pub enterprise_id: i64,
        pub person_id: i64,
        pub job_id: i64,
        pub signed_on: String,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

/// Records agreements; one already recorded (same person and job at the event) is left as it
/// was. Returns how many were new.
pub async fn insert_agreements(ex: &mut Exec<'_>, rows: &[AgreementRow]) -> Result<u64, DbError> {
    insert_batch(
        ex,
        rows,
        Some(
            OnConflict::columns([Agreements::EventId, Agreements::PersonId, Agreements::JobId])
                .do_nothing()
                .to_owned(),
        ),
    )
    .await
}

/// An agreement as the event page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementListRow {
    pub id: i64,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub person_id: i64,
    pub person_name: String,
    pub person_sex: String,
    pub job_id: i64,
    pub job_title: String,
    pub signed_on: String,
}

pub async fn agreements_of(
    ex: &mut Exec<'_>,
    event_id: i64,
    limit: u64,
) -> Result<Vec<AgreementListRow>, DbError> {
    let q = sql(format!(
        "SELECT a.id, a.enterprise_id, e.name AS enterprise_name, a.person_id, p.name AS person_name, \
         p.sex AS person_sex, a.job_id, j.title AS job_title, a.signed_on \
         FROM agreements a JOIN enterprises e ON e.id = a.enterprise_id \
         JOIN people p ON p.id = a.person_id JOIN jobs j ON j.id = a.job_id \
         WHERE a.event_id = $1 ORDER BY a.id DESC LIMIT {limit}"
    ))
    .bind(event_id);
    fetch_rows(ex, q, |r| {
        Ok(AgreementListRow {
            id: r.get("id")?,
            enterprise_id: r.get("enterprise_id")?,
            enterprise_name: r.get("enterprise_name")?,
            person_id: r.get("person_id")?,
            person_name: r.get("person_name")?,
            person_sex: r.get("person_sex")?,
            job_id: r.get("job_id")?,
            job_title: r.get("job_title")?,
            signed_on: r.get("signed_on")?,
        })
    })
    .await
}

/// The figures of an event's report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventFigures {
    pub visitors: i64,
    pub women_visitors: i64,
    pub agreements: i64,
    pub agreements_with_women: i64,
    /// (enterprise id, name, women-owned, agreements, agreements with women)
    pub by_enterprise: Vec<(i64, String, bool, i64, i64)>,
}

pub async fn event_figures(ex: &mut Exec<'_>, event_id: i64) -> Result<EventFigures, DbError> {
    let visitors = ex
        .fetch_one(
            sql("SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN sex = 'female' THEN 1 ELSE 0 END), 0) AS BIGINT) FROM checkins WHERE event_id = $1")
                .bind(event_id),
        )
        .await?;
    let agreements = ex
        .fetch_one(
            sql("SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN p.sex = 'female' THEN 1 ELSE 0 END), 0) AS BIGINT) \
                 FROM agreements a JOIN people p ON p.id = a.person_id WHERE a.event_id = $1")
                .bind(event_id),
        )
        .await?;
    // Every participating enterprise, with its agreements (none is a figure too), and any
    // enterprise with agreements that was not listed as participating.
    let by_enterprise = ex
        .fetch_all(
            sql("SELECT e.id, e.name, e.women_owned, \
                 (SELECT COUNT(*) FROM agreements a WHERE a.event_id = $1 AND a.enterprise_id = e.id), \
                 (SELECT COUNT(*) FROM agreements a JOIN people p ON p.id = a.person_id \
                   WHERE a.event_id = $1 AND a.enterprise_id = e.id AND p.sex = 'female') \
                 FROM enterprises e WHERE e.id IN (SELECT enterprise_id FROM event_enterprises WHERE event_id = $1) \
                 OR e.id IN (SELECT enterprise_id FROM agreements WHERE event_id = $1) \
                 ORDER BY e.id")
                .bind(event_id),
        )
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.get_index(0)?,
                r.get_index(1)?,
                r.get_index(2)?,
                r.get_index(3)?,
                r.get_index(4)?,
            ))
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok(EventFigures {
        visitors: visitors.get_index(0)?,
        women_visitors: visitors.get_index(1)?,
        agreements: agreements.get_index(0)?,
        agreements_with_women: agreements.get_index(1)?,
        by_enterprise,
    })
}
