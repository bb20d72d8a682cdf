//! Referrals of a case to departments, their answers and deadlines.

use super::*;
use crate::record::{fetch, select_as, Record};
use crate::schema::tables::{CaseReferrals, Cases};
use crate::{sql, DbError, Exec};
use sea_query::{Expr, Iden, JoinType, Order, SelectStatement};

record! {
    pub struct ReferralRow in CaseReferrals {
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
}

/// The name the referral queries give `case_referrals`.
#[derive(Iden, Clone, Copy)]
#[iden = "r"]
struct R;

/// `r.<column>` of `case_referrals`.
fn referral(column: CaseReferrals) -> Expr {
    Expr::col((R, column))
}

/// The referrals with their case's code, joined to `cases AS c`.
fn select_with_case() -> SelectStatement {
    select_as::<ReferralRow>(R)
        .expr_as(case(Cases::Code), CaseCode)
        .join_as(
            JoinType::InnerJoin,
            Cases::Table,
            C,
            case(Cases::Id).equals((R, CaseReferrals::CaseId)),
        )
        .take()
}

/// The case code a referral list shows beside each referral.
#[derive(Iden)]
struct CaseCode;

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
    let s = select_as::<ReferralRow>(R)
        .and_where(referral(CaseReferrals::CaseId).eq(case_id))
        .order_by((R, CaseReferrals::Id), Order::Asc)
        .take();
    fetch(ex, &s).await
}

/// Unanswered referrals past their due time on cases the caller may see, oldest first.
pub async fn overdue_referrals(
    ex: &mut Exec<'_>,
    vis: &Visibility,
    department: Option<&str>,
    now: i64,
    limit: u64,
) -> Result<Vec<(ReferralRow, String)>, DbError> {
    let mut s = select_with_case();
    s.cond_where(vis.condition())
        .and_where(referral(CaseReferrals::AnsweredAt).is_null())
        .and_where(referral(CaseReferrals::DueAt).lt(now))
        .order_by((R, CaseReferrals::DueAt), Order::Asc)
        .limit(limit);
    if let Some(d) = department {
        s.and_where(referral(CaseReferrals::DepartmentCode).eq(d));
    }
    let q = ex.build(&s);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(|r| Ok((ReferralRow::read(r)?, r.get("case_code")?)))
        .collect()
}

/// Referrals addressed to a department (its reporters' inbox), newest first.
pub async fn referrals_to(
    ex: &mut Exec<'_>,
    department: &str,
    limit: u64,
) -> Result<Vec<(ReferralRow, String, bool)>, DbError> {
    let s = select_with_case()
        .expr_as(case(Cases::Restricted), Cases::Restricted)
        .and_where(referral(CaseReferrals::DepartmentCode).eq(department))
        .order_by((R, CaseReferrals::Id), Order::Desc)
        .limit(limit)
        .take();
    let q = ex.build(&s);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(|r| {
            Ok((
                ReferralRow::read(r)?,
                r.get("case_code")?,
                r.get("restricted")?,
            ))
        })
        .collect()
}

pub async fn find_referral(ex: &mut Exec<'_>, id: i64) -> Result<Option<ReferralRow>, DbError> {
    crate::record::find(ex, id).await
}
