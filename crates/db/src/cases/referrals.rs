//! Referrals of a case to departments, their answers and deadlines.

use super::*;
use crate::schema::tables::CaseReferrals;
use crate::{sql, DbError, Exec, Row};
use sea_query::{Alias, Expr, Order, Query};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRow {
    pub id: i64,
    pub case_id: i64,
    pub department_code: String,
    pub request_cipher: Vec<u8>,
    pub asked_at: i64,
    pub asked_by: String,
    pub due_at: i64,
    pub answer_cipher: Option<Vec<u8>>,
    pub answered_at: Option<i64>,
    pub answered_by: Option<String>,
}

const REFERRAL_COLUMNS: &str = "r.id, r.case_id, r.department_code, r.request_cipher, r.asked_at, \
    r.asked_by, r.due_at, r.answer_cipher, r.answered_at, r.answered_by";

impl ReferralRow {
    fn from_row(r: &Row) -> Result<ReferralRow, DbError> {
        Ok(ReferralRow {
            id: r.get("id")?,
            case_id: r.get("case_id")?,
            department_code: r.get("department_code")?,
            request_cipher: r.get("request_cipher")?,
            asked_at: r.get("asked_at")?,
            asked_by: r.get("asked_by")?,
            due_at: r.get("due_at")?,
            answer_cipher: r.get("answer_cipher")?,
            answered_at: r.get("answered_at")?,
            answered_by: r.get("answered_by")?,
        })
    }
}

pub async fn add_referral(ex: &mut Exec<'_>, r: &ReferralRow) -> Result<(), DbError> {
    ex.execute(
        sql(
            "INSERT INTO case_referrals (id, case_id, department_code, request_cipher, asked_at, \
             asked_by, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(r.id)
        .bind(r.case_id)
        .bind(r.department_code.as_str())
        .bind(r.request_cipher.clone())
        .bind(r.asked_at)
        .bind(r.asked_by.as_str())
        .bind(r.due_at),
    )
    .await?;
    Ok(())
}

pub async fn answer_referral(
    ex: &mut Exec<'_>,
    id: i64,
    answer_cipher: &[u8],
    at: i64,
    by: &str,
) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE case_referrals SET answer_cipher = $2, answered_at = $3, answered_by = $4 WHERE id = $1")
            .bind(id)
            .bind(answer_cipher.to_vec())
            .bind(at)
            .bind(by),
    )
    .await?;
    Ok(())
}

pub async fn referrals_of(ex: &mut Exec<'_>, case_id: i64) -> Result<Vec<ReferralRow>, DbError> {
    ex.fetch_all(
        sql(format!(
            "SELECT {REFERRAL_COLUMNS} FROM case_referrals r WHERE r.case_id = $1 ORDER BY r.id"
        ))
        .bind(case_id),
    )
    .await?
    .iter()
    .map(ReferralRow::from_row)
    .collect()
}

/// Unanswered referrals past their due time on cases the caller may see, oldest first.
pub async fn overdue_referrals(
    ex: &mut Exec<'_>,
    vis: &Visibility,
    department: Option<&str>,
    now: i64,
    limit: u64,
) -> Result<Vec<(ReferralRow, String)>, DbError> {
    let mut s = Query::select();
    s.expr(Expr::cust(format!(
        "{REFERRAL_COLUMNS}, c.code AS case_code"
    )))
    .from_as(CaseReferrals::Table, Alias::new("r"))
    .join_as(
        sea_query::JoinType::InnerJoin,
        Alias::new("cases"),
        Alias::new("c"),
        c("id").equals((Alias::new("r"), CaseReferrals::CaseId)),
    )
    .cond_where(vis.condition())
    .and_where(Expr::col((Alias::new("r"), CaseReferrals::AnsweredAt)).is_null())
    .and_where(Expr::col((Alias::new("r"), CaseReferrals::DueAt)).lt(now))
    .order_by((Alias::new("r"), CaseReferrals::DueAt), Order::Asc)
    .limit(limit);
    if let Some(d) = department {
        s.and_where(Expr::col((Alias::new("r"), CaseReferrals::DepartmentCode)).eq(d));
    }
    let q = ex.build(&s);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(|r| Ok((ReferralRow::from_row(r)?, r.get("case_code")?)))
        .collect()
}

/// Referrals addressed to a department (its reporters' inbox), newest first.
pub async fn referrals_to(
    ex: &mut Exec<'_>,
    department: &str,
    limit: u64,
) -> Result<Vec<(ReferralRow, String, bool)>, DbError> {
    ex.fetch_all(
        sql(format!(
            "SELECT {REFERRAL_COLUMNS}, c.code AS case_code, c.restricted AS restricted \
             FROM case_referrals r JOIN cases c ON c.id = r.case_id \
             WHERE r.department_code = $1 ORDER BY r.id DESC LIMIT $2"
        ))
        .bind(department)
        .bind(limit as i64),
    )
    .await?
    .iter()
    .map(|r| {
        Ok((
            ReferralRow::from_row(r)?,
            r.get("case_code")?,
            r.get("restricted")?,
        ))
    })
    .collect()
}

pub async fn find_referral(ex: &mut Exec<'_>, id: i64) -> Result<Option<ReferralRow>, DbError> {
    ex.fetch_optional(
        sql(format!(
            "SELECT {REFERRAL_COLUMNS} FROM case_referrals r WHERE r.id = $1"
        ))
        .bind(id),
    )
    .await?
    .as_ref()
    .map(ReferralRow::from_row)
    .transpose()
}
