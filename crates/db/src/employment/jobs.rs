//! Jobs posted by enterprises.

use super::*;
use crate::{sql, DbError, Exec};

record! {
    pub struct JobRow in Jobs {
        pub id: i64,
        pub enterprise_id: i64,
        pub title: String,
        pub category: String,
        pub positions: i64,
        pub education: Option<String>,
        pub age_min: Option<i64>,
        pub age_max: Option<i64>,
        /// A JSON array of skill names.
        pub skills: String,
        pub salary_min: i64,
        pub salary_max: i64,
        pub unit_code: String,
        pub hours: String,
        /// Comma-separated friendly-term codes.
        pub terms: String,
        pub requirements: Option<String>,
        pub status: String,
        pub created_by: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
    }
}

pub async fn insert_job(ex: &mut Exec<'_>, r: &JobRow) -> Result<(), DbError> {
    insert(ex, r).await
}

/// Inserts jobs in a few statements (the demo district).
pub async fn insert_jobs(ex: &mut Exec<'_>, rows: &[JobRow]) -> Result<(), DbError> {
    insert_batch(ex, rows, None).await?;
    Ok(())
}

pub async fn update_job(ex: &mut Exec<'_>, r: &JobRow) -> Result<(), DbError> {
    update(ex, r).await
}

pub async fn find_job(ex: &mut Exec<'_>, id: i64) -> Result<Option<JobRow>, DbError> {
    find(ex, id).await
}

#[derive(Debug, Clone, Default)]
pub struct JobFilter {
    pub status: Option<String>,
    pub category: Option<String>,
    pub enterprise_id: Option<i64>,
    pub q: Option<String>,
    /// Only jobs of women-owned enterprises.
    pub women_owned: bool,
}

impl JobFilter {
    fn condition(&self, scope: &Scope) -> Cond {
        let women_owned = Query::select()
            .column(Enterprises::Id)
            .from(Enterprises::Table)
            .and_where(Expr::col(Enterprises::WomenOwned).eq(true))
            .take();
        Cond::all()
            // A job's unit is its work location.
            .add(in_units(Jobs::UnitCode, &scope.unit_range()))
            .add_option(
                self.status
                    .as_deref()
                    .map(|s| Expr::col(Jobs::Status).eq(s)),
            )
            .add_option(
                self.category
                    .as_deref()
                    .map(|c| Expr::col(Jobs::Category).eq(c)),
            )
            .add_option(
                self.enterprise_id
                    .map(|e| Expr::col(Jobs::EnterpriseId).eq(e)),
            )
            .add_option(self.q.as_deref().map(|q| contains_any_case(Jobs::Title, q)))
            .add_option(
                self.women_owned
                    .then(|| Expr::col(Jobs::EnterpriseId).in_subquery(women_owned)),
            )
    }
}

pub async fn list_jobs(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &JobFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<JobRow>, i64), DbError> {
    let s = select_of::<JobRow>().order_by(Jobs::Id, Order::Desc).take();
    page(ex, s, f.condition(scope), offset, limit).await
}

/// Every open job in these categories: the candidates of a seeker's matches.
pub async fn open_jobs_in(
    ex: &mut Exec<'_>,
    categories: &[String],
) -> Result<Vec<JobRow>, DbError> {
    if categories.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (2..=categories.len() + 1)
        .map(|i| format!("${i}"))
        .collect();
    let mut q = sql(format!(
        "{} WHERE status = $1 AND category IN ({}) ORDER BY id",
        select_sql::<JobRow>(),
        marks.join(", ")
    ))
    .bind("open");
    for c in categories {
        q = q.bind(c.as_str());
    }
    fetch_rows(ex, q, JobRow::read).await
}

pub async fn count_open_jobs(ex: &mut Exec<'_>) -> Result<(i64, i64), DbError> {
    let r = ex
        .fetch_one(sql(
            "SELECT COUNT(*), CAST(COALESCE(SUM(positions), 0) AS BIGINT) FROM jobs WHERE status = 'open'",
        ))
        .await?;
    pair(&r)
}
