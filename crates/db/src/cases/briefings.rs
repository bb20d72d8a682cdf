//! Briefings (呈阅件) to the district government and their items and responses.

use crate::{sql, DbError, Exec, Row};
use jinguo_domain::Scope;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefingRow {
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

const BRIEFING_COLUMNS: &str = "id, code, title, summary, suggestion, drafter, signer, unit_code, \
    created_by, created_at, sent_on, response, response_on, updated_at, summary_cipher, \
    suggestion_cipher, response_cipher";

impl BriefingRow {
    fn from_row(r: &Row) -> Result<BriefingRow, DbError> {
        Ok(BriefingRow {
            id: r.get("id")?,
            code: r.get("code")?,
            title: r.get("title")?,
            summary: r.get("summary")?,
            suggestion: r.get("suggestion")?,
            drafter: r.get("drafter")?,
            signer: r.get("signer")?,
            unit_code: r.get("unit_code")?,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
            sent_on: r.get("sent_on")?,
            response: r.get("response")?,
            response_on: r.get("response_on")?,
            updated_at: r.get("updated_at")?,
            summary_cipher: r.get("summary_cipher")?,
            suggestion_cipher: r.get("suggestion_cipher")?,
            response_cipher: r.get("response_cipher")?,
        })
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
    ex.execute(
        sql(format!(
            "INSERT INTO briefings ({BRIEFING_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
             $10, $11, $12, $13, $14, $15, $16, $17)"
        ))
        .bind(b.id)
        .bind(b.code.as_str())
        .bind(b.title.as_str())
        .bind(b.summary.as_str())
        .bind(b.suggestion.as_str())
        .bind(b.drafter.as_str())
        .bind(b.signer.as_str())
        .bind(b.unit_code.as_str())
        .bind(b.created_by)
        .bind(b.created_at)
        .bind(b.sent_on.clone())
        .bind(b.response.clone())
        .bind(b.response_on.clone())
        .bind(b.updated_at)
        .bind(b.summary_cipher.clone())
        .bind(b.suggestion_cipher.clone())
        .bind(b.response_cipher.clone()),
    )
    .await?;
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

/// A briefing in the caller's subtree.
pub async fn find_briefing(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<BriefingRow>, DbError> {
    let units = scope.unit_range();
    ex.fetch_optional(
        sql(format!(
            "SELECT {BRIEFING_COLUMNS} FROM briefings WHERE id = $1 AND unit_code BETWEEN $2 AND $3"
        ))
        .bind(id)
        .bind(units.lo().to_owned())
        .bind(units.hi().to_owned()),
    )
    .await?
    .as_ref()
    .map(BriefingRow::from_row)
    .transpose()
}

pub async fn list_briefings(
    ex: &mut Exec<'_>,
    scope: &Scope,
    offset: u64,
    limit: u64,
) -> Result<(Vec<BriefingRow>, i64), DbError> {
    let units = scope.unit_range();
    let total = ex
        .fetch_scalar(
            sql("SELECT COUNT(*) FROM briefings WHERE unit_code BETWEEN $1 AND $2")
                .bind(units.lo().to_owned())
                .bind(units.hi().to_owned()),
        )
        .await?;
    let rows = ex
        .fetch_all(
            sql(format!(
                "SELECT {BRIEFING_COLUMNS} FROM briefings WHERE unit_code BETWEEN $1 AND $2 \
                 ORDER BY id DESC LIMIT $3 OFFSET $4"
            ))
            .bind(units.lo().to_owned())
            .bind(units.hi().to_owned())
            .bind(limit as i64)
            .bind(offset as i64),
        )
        .await?
        .iter()
        .map(BriefingRow::from_row)
        .collect::<Result<_, _>>()?;
    Ok((rows, total))
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
