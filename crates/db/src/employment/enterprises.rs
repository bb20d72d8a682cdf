//! Women-owned enterprises, the leaders assigned to each, and their visits.

use super::*;
use crate::{sql, DbError, Exec};

record! {
    pub struct EnterpriseRow in Enterprises {
        pub id: i64,
        pub name: String,
        pub credit_code: String,
        pub women_owned: bool,
        pub entrepreneur_id: Option<i64>,
        pub industry: Option<String>,
        pub staff: Option<i64>,
        pub women_staff: Option<i64>,
        pub unit_code: String,
        pub address: Option<String>,
        pub contact_name: Option<String>,
        pub contact_phone_cipher: Option<Vec<u8>>,
        pub contact_phone_masked: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
    }
}

pub async fn insert_enterprise(ex: &mut Exec<'_>, r: &EnterpriseRow) -> Result<(), DbError> {
    insert(ex, r).await
}

/// Inserts enterprises in a few statements (imports, the demo district).
pub async fn insert_enterprises(ex: &mut Exec<'_>, rows: &[EnterpriseRow]) -> Result<(), DbError> {
    insert_batch(ex, rows, None).await?;
    Ok(())
}

/// How many enterprises there are (the demo loads its own only into an empty district).
pub async fn count_enterprises(ex: &mut Exec<'_>) -> Result<i64, DbError> {
    ex.fetch_scalar(sql("SELECT COUNT(*) FROM enterprises"))
        .await
}

pub async fn update_enterprise(ex: &mut Exec<'_>, r: &EnterpriseRow) -> Result<(), DbError> {
    update(ex, r).await
}

pub async fn find_enterprise(ex: &mut Exec<'_>, id: i64) -> Result<Option<EnterpriseRow>, DbError> {
    find(ex, id).await
}

pub async fn find_enterprise_by_code(
    ex: &mut Exec<'_>,
    credit_code: &str,
) -> Result<Option<EnterpriseRow>, DbError> {
    let q = ex.build(
        select_of::<EnterpriseRow>().and_where(Expr::col(Enterprises::CreditCode).eq(credit_code)),
    );
    let row = ex.fetch_optional(q).await?;
    row.as_ref().map(EnterpriseRow::read).transpose()
}

/// The enterprises registered under any of these credit codes.
pub async fn find_enterprises_by_codes(
    ex: &mut Exec<'_>,
    codes: &[String],
) -> Result<Vec<EnterpriseRow>, DbError> {
    let mut found = Vec::new();
    for chunk in codes.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let q = sql(format!(
            "{} WHERE credit_code IN ({})",
            select_sql::<EnterpriseRow>(),
            marks.join(", ")
        ));
        let values = chunk.iter().map(String::as_str);
        found.extend(fetch_rows(ex, bind_all(q, values), EnterpriseRow::read).await?);
    }
    Ok(found)
}

pub async fn find_enterprises(
    ex: &mut Exec<'_>,
    ids: &[i64],
) -> Result<Vec<EnterpriseRow>, DbError> {
    rows_in(ex, "id", ids, "").await
}

#[derive(Debug, Clone, Default)]
pub struct EnterpriseFilter {
    /// Only the subtree of this unit (within the scope's).
    pub unit: Option<UnitRange>,
    pub q: Option<String>,
    pub women_owned: Option<bool>,
    pub industry: Option<String>,
    /// Only enterprises no leader is assigned to.
    pub without_leader: bool,
    /// Only the enterprises of this leader.
    pub leader_id: Option<i64>,
    /// Women-owned enterprises before the others (the liaison page's order); by unit otherwise.
    pub women_owned_first: bool,
}

/// `enterprise_leaders AS l`, beside the enterprise a filter reads.
#[derive(Iden, Clone, Copy)]
#[iden = "l"]
struct L;

impl EnterpriseFilter {
    fn condition(&self, scope: &Scope) -> Cond {
        let units = match &self.unit {
            Some(unit) => unit.intersect(&scope.unit_range()),
            None => scope.unit_range(),
        };
        // The enterprise's leaders (`l`), beside the enterprise the outer query reads.
        let leaders = || {
            Query::select()
                .expr(Expr::cust("1"))
                .from_as(EnterpriseLeaders::Table, L)
                .and_where(
                    Expr::col((L, EnterpriseLeaders::EnterpriseId))
                        .equals((Enterprises::Table, Enterprises::Id)),
                )
                .take()
        };
        Cond::all()
            .add(in_units(Enterprises::UnitCode, &units))
            .add_option(self.q.as_deref().map(|q| {
                Cond::any()
                    .add(contains_any_case(Enterprises::Name, q))
                    .add(Expr::col(Enterprises::CreditCode).eq(q.to_uppercase()))
            }))
            .add_option(
                self.women_owned
                    .map(|flag| Expr::col(Enterprises::WomenOwned).eq(flag)),
            )
            .add_option(
                self.industry
                    .as_deref()
                    .map(|i| Expr::col(Enterprises::Industry).eq(i)),
            )
            .add_option(self.without_leader.then(|| Expr::exists(leaders()).not()))
            .add_option(self.leader_id.map(|leader| {
                Expr::exists(
                    leaders()
                        .and_where(Expr::col((L, EnterpriseLeaders::UserId)).eq(leader))
                        .take(),
                )
            }))
    }
}

pub async fn list_enterprises(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &EnterpriseFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<EnterpriseRow>, i64), DbError> {
    let mut s = select_of::<EnterpriseRow>();
    if f.women_owned_first {
        s.order_by(Enterprises::WomenOwned, Order::Desc);
    }
    s.order_by(Enterprises::UnitCode, Order::Asc)
        .order_by(Enterprises::Id, Order::Asc);
    page(ex, s, f.condition(scope), offset, limit).await
}

// leaders and visits

/// Replaces an enterprise's leaders.
pub async fn set_leaders(
    ex: &mut Exec<'_>,
    enterprise_id: i64,
    user_ids: &[i64],
    now: i64,
) -> Result<(), DbError> {
    ex.execute(sql("DELETE FROM enterprise_leaders WHERE enterprise_id = $1").bind(enterprise_id))
        .await?;
    for user_id in user_ids {
        ex.execute(
            sql("INSERT INTO enterprise_leaders (enterprise_id, user_id, assigned_at) VALUES ($1, $2, $3)")
                .bind(enterprise_id)
                .bind(*user_id)
                .bind(now),
        )
        .await?;
    }
    Ok(())
}

pub async fn leaders_of(ex: &mut Exec<'_>, enterprise_id: i64) -> Result<Vec<i64>, DbError> {
    let q = sql("SELECT user_id FROM enterprise_leaders WHERE enterprise_id = $1 ORDER BY assigned_at, user_id")
        .bind(enterprise_id);
    fetch_rows(ex, q, first).await
}

/// Each leader's number of enterprises (leaders with none are not listed).
pub async fn leader_loads(ex: &mut Exec<'_>) -> Result<Vec<(i64, i64)>, DbError> {
    let q =
        sql("SELECT user_id, COUNT(*) FROM enterprise_leaders GROUP BY user_id ORDER BY user_id");
    fetch_rows(ex, q, pair).await
}

record! {
    pub struct VisitRow in EnterpriseVisits {
        pub id: i64,
        pub enterprise_id: i64,
        pub visited_on: String,
        pub visitor_id: Option<i64>,
        pub visitor: String,
        /// Empty for visits recorded since `seen_cipher` exists.
        pub seen: String,
        pub difficulties: Option<String>,
        pub case_id: Option<i64>,
        pub created_at: i64,
        pub seen_cipher: Option<Vec<u8>>,
        pub difficulties_cipher: Option<Vec<u8>>,
    }
}

pub async fn insert_visit(ex: &mut Exec<'_>, r: &VisitRow) -> Result<(), DbError> {
    insert(ex, r).await
}

pub async fn visits_of(ex: &mut Exec<'_>, enterprise_id: i64) -> Result<Vec<VisitRow>, DbError> {
    rows_where(
        ex,
        "enterprise_id",
        enterprise_id,
        "visited_on DESC, id DESC",
    )
    .await
}

pub async fn find_visit(ex: &mut Exec<'_>, id: i64) -> Result<Option<VisitRow>, DbError> {
    find(ex, id).await
}

/// Links a visit to the case its difficulties became; false if it already has one.
pub async fn set_visit_case(
    ex: &mut Exec<'_>,
    visit_id: i64,
    case_id: i64,
) -> Result<bool, DbError> {
    let n = ex
        .execute(
            sql("UPDATE enterprise_visits SET case_id = $2 WHERE id = $1 AND case_id IS NULL")
                .bind(visit_id)
                .bind(case_id),
        )
        .await?;
    Ok(n == 1)
}
