//! Protection orders (人身安全保护令) of domestic-violence cases.

use crate::{sql, DbError, Exec};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub id: i64,
    pub case_id: i64,
    pub applied_on: String,
    pub court: String,
    pub status: String,
    pub decided_on: Option<String>,
    pub valid_until: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub async fn put_order(ex: &mut Exec<'_>, o: &OrderRow) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO case_orders (id, case_id, applied_on, court, status, decided_on, valid_until, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (id) DO UPDATE SET status = excluded.status, decided_on = excluded.decided_on, \
             valid_until = excluded.valid_until, updated_at = excluded.updated_at")
        .bind(o.id)
        .bind(o.case_id)
        .bind(o.applied_on.as_str())
        .bind(o.court.as_str())
        .bind(o.status.as_str())
        .bind(o.decided_on.clone())
        .bind(o.valid_until.clone())
        .bind(o.created_at)
        .bind(o.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn orders_of(ex: &mut Exec<'_>, case_id: i64) -> Result<Vec<OrderRow>, DbError> {
    ex.fetch_all(
        sql(
            "SELECT id, case_id, applied_on, court, status, decided_on, valid_until, created_at, \
             updated_at FROM case_orders WHERE case_id = $1 ORDER BY id",
        )
        .bind(case_id),
    )
    .await?
    .iter()
    .map(|r| {
        Ok(OrderRow {
            id: r.get("id")?,
            case_id: r.get("case_id")?,
            applied_on: r.get("applied_on")?,
            court: r.get("court")?,
            status: r.get("status")?,
            decided_on: r.get("decided_on")?,
            valid_until: r.get("valid_until")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    })
    .collect()
}
