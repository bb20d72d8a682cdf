//! Protection orders (人身安全保护令) of domestic-violence cases.

use crate::record::{fetch, insert_batch, select_of};
use crate::schema::tables::CaseOrders;
use crate::{DbError, Exec};
use sea_query::{Expr, OnConflict, Order};

record! {
    pub struct OrderRow in CaseOrders {
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
}

/// Records an order, or its decision when it is already recorded.
pub async fn put_order(ex: &mut Exec<'_>, o: &OrderRow) -> Result<(), DbError> {
    let decision = OnConflict::column(CaseOrders::Id)
        .update_columns([
            CaseOrders::Status,
            CaseOrders::DecidedOn,
            CaseOrders::ValidUntil,
            CaseOrders::UpdatedAt,
        ])
        .to_owned();
    insert_batch(ex, std::slice::from_ref(o), Some(decision)).await?;
    Ok(())
}

pub async fn orders_of(ex: &mut Exec<'_>, case_id: i64) -> Result<Vec<OrderRow>, DbError> {
    let s = select_of::<OrderRow>()
        .and_where(Expr::col(CaseOrders::CaseId).eq(case_id))
        .order_by(CaseOrders::Id, Order::Asc)
        .take();
    fetch(ex, &s).await
}
