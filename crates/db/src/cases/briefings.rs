//! Briefings (呈阅件) to the district government and their items and responses.

use crate::record::{insert, page, select_of};
use crate::schema::tables::Briefings;
use crate::{sql, DbError, Exec};
use jinguo_domain::Scope;
use sea_query::{Cond, Expr, Order, SimpleExpr};

record! {
    pub struct BriefingRow in Briefings {
        pub id: i64,
        pub code: String,
        pub title: String,
        pub summary: String,
        pub suggestion: String,
        pub drafter: String,
        pub signer: String,
        pub unit_code: String,
        pub created_by: Option<i64>,
        pub created_at: i64,
        pub sent_on: Option<String>,
        pub response: Option<String>,
        pub response_on: Option<String>,
        pub updated_at: i64,
        /// The sealed summary, suggestion and response (the plain columns stay empty for new rows).
        pub summary_cipher: Option<Vec<u8>>,
        pub suggestion_cipher: Option<Vec<u8>>,
        pub response_cipher: Option<Vec<u8>>,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefingItemRow {
    pub case_id: i64,
    pub sort: i64,
    pub heading: String,
    /// Empty for items written since `body_cipher` exists.
    pub body: String,
    pub body_cipher: Option<Vec<u8>>,
}

pub async fn insert_briefing(
    ex: &mut Exec<'_>,
    b: &BriefingRow,
    items: &[BriefingItemRow],
) -> Result<(), DbError> {
    insert(ex, b).await?;
    for item in items {
        ex.execute(
            sql(
                "INSERT INTO briefing_items (briefing_id, case_id, sort, heading, body, body_cipher) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(b.id)
            .bind(item.case_id)
            .bind(item.sort)
            .bind(item.heading.as_str())
            .bind(item.body.as_str())
            .bind(item.body_cipher.clone()),
        )
        .await?;
    }
    Ok(())
}

pub async fn update_briefing_response(ex: &mut Exec<'_>, b: &BriefingRow) -> Result<(), DbError> {
    ex.execute(
        sql(
            "UPDATE briefings SET sent_on = $2, response = $3, response_on = $4, updated_at = $5, \
             response_cipher = $6 WHERE id = $1",
        )
        .bind(b.id)
        .bind(b.sent_on.clone())
        .bind(b.response.clone())
        .bind(b.response_on.clone())
        .bind(b.updated_at)
        .bind(b.response_cipher.clone()),
    )
    .await?;
    Ok(())
}

/// The briefings of the caller's subtree.
fn in_scope(scope: &Scope) -> SimpleExpr {
    let units = scope.unit_range();
    Expr::col(Briefings::UnitCode).between(units.lo(), units.hi())
}

/// A briefing in the caller's subtree.
pub async fn find_briefing(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<BriefingRow>, DbError> {
    crate::record::find_in(ex, scope, id).await
}

pub async fn list_briefings(
    ex: &mut Exec<'_>,
    scope: &Scope,
    offset: u64,
    limit: u64,
) -> Result<(Vec<BriefingRow>, i64), DbError> {
    let s = select_of::<BriefingRow>()
        .order_by(Briefings::Id, Order::Desc)
        .take();
    page(ex, s, Cond::all().add(in_scope(scope)), offset, limit).await
}

pub async fn briefing_items(
    ex: &mut Exec<'_>,
    briefing_id: i64,
) -> Result<Vec<BriefingItemRow>, DbError> {
    ex.fetch_all(
        sql("SELECT case_id, sort, heading, body, body_cipher FROM briefing_items WHERE briefing_id = $1 ORDER BY sort")
            .bind(briefing_id),
    )
    .await?
    .iter()
    .map(|r| {
        Ok(BriefingItemRow {
            case_id: r.get("case_id")?,
            sort: r.get("sort")?,
            heading: r.get("heading")?,
            body: r.get("body")?,
            body_cipher: r.get("body_cipher")?,
        })
    })
    .collect()
}

/// `(id, code, title)` of the briefings a case was part of.
pub async fn briefings_of_case(
    ex: &mut Exec<'_>,
    case_id: i64,
) -> Result<Vec<(i64, String, String)>, DbError> {
    ex.fetch_all(
        sql("SELECT b.id, b.code, b.title FROM briefings b JOIN briefing_items i ON i.briefing_id = b.id \
             WHERE i.case_id = $1 ORDER BY b.id")
        .bind(case_id),
    )
    .await?
    .iter()
    .map(|r| Ok((r.get("id")?, r.get("code")?, r.get("title")?)))
    .collect()
}
