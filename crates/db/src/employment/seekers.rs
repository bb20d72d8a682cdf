//! Job seekers, their history, and the recommendations made for them.

use super::*;
use crate::{sql, DbError, Exec, Row};
use sea_query::OnConflict;

record! {
    pub struct SeekerRow in Seekers {
        pub id: i64,
        pub person_id: i64,
        /// Comma-separated job category codes.
        pub categories: String,
        /// A JSON array of skill names.
        pub skills: String,
        pub education: Option<String>,
        pub availability: String,
        pub expected_pay: Option<i64>,
        pub unit_code: String,
        /// Comma-separated friendly-term codes.
        pub needs: String,
        pub status: String,
        pub note: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
        pub note_cipher: Option<Vec<u8>>,
    }
}

/// A seeker with what lists show of her person (name, sex, birth year) and her sealed ID
/// number, which holds the exact birth date that matching needs for her age.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeekerListRow {
    pub seeker: SeekerRow,
    pub name: String,
    pub sex: String,
    pub birth_year: i32,
    pub id_cipher: Vec<u8>,
}

impl SeekerListRow {
    fn read(r: &Row) -> Result<SeekerListRow, DbError> {
        Ok(SeekerListRow {
            seeker: SeekerRow::read(r)?,
            name: r.get(&Listed::Name.to_string())?,
            sex: r.get(&Listed::Sex.to_string())?,
            birth_year: r.get(&Listed::BirthYear.to_string())?,
            id_cipher: r.get(&Listed::IdCipher.to_string())?,
        })
    }
}

/// `seekers AS s` and `people AS p`, the names the list queries give them.
#[derive(Iden, Clone, Copy)]
#[iden = "s"]
struct S;

#[derive(Iden, Clone, Copy)]
#[iden = "p"]
struct P;

/// The person's columns beside a seeker's in a list, as the list query names them.
#[derive(Iden)]
enum Listed {
    #[iden = "person_name"]
    Name,
    #[iden = "person_sex"]
    Sex,
    #[iden = "person_birth_year"]
    BirthYear,
    #[iden = "person_id_cipher"]
    IdCipher,
}

fn s(column: Seekers) -> Expr {
    Expr::col((S, column))
}

fn p(column: People) -> Expr {
    Expr::col((P, column))
}

/// A seeker's columns and her person's that lists show (`SeekerListRow`), from
/// `seekers s JOIN people p ON p.id = s.person_id`.
fn seekers_with_people() -> SelectStatement {
    select_as::<SeekerRow>(S)
        .expr_as(p(People::Name), Listed::Name)
        .expr_as(p(People::Sex), Listed::Sex)
        .expr_as(p(People::BirthYear), Listed::BirthYear)
        .expr_as(p(People::IdCipher), Listed::IdCipher)
        .join_as(
            JoinType::InnerJoin,
            People::Table,
            P,
            p(People::Id).equals((S, Seekers::PersonId)),
        )
        .take()
}

pub async fn insert_seeker(ex: &mut Exec<'_>, r: &SeekerRow) -> Result<(), DbError> {
    insert(ex, r).await
}

/// Inserts seekers in a few statements (the demo district).
pub async fn insert_seekers(ex: &mut Exec<'_>, rows: &[SeekerRow]) -> Result<(), DbError> {
    insert_batch(ex, rows, None).await?;
    Ok(())
}

pub async fn update_seeker(ex: &mut Exec<'_>, r: &SeekerRow) -> Result<(), DbError> {
    update(ex, r).await
}

pub async fn find_seeker(ex: &mut Exec<'_>, id: i64) -> Result<Option<SeekerListRow>, DbError> {
    let q = ex.build(seekers_with_people().and_where(s(Seekers::Id).eq(id)));
    fetch_row(ex, q, SeekerListRow::read).await
}

pub async fn find_seeker_of_person(
    ex: &mut Exec<'_>,
    person_id: i64,
) -> Result<Option<SeekerListRow>, DbError> {
    let q = ex.build(seekers_with_people().and_where(s(Seekers::PersonId).eq(person_id)));
    fetch_row(ex, q, SeekerListRow::read).await
}

#[derive(Debug, Clone, Default)]
pub struct SeekerFilter {
    pub status: Option<String>,
    pub category: Option<String>,
    /// A name substring.
    pub q: Option<String>,
}

impl SeekerFilter {
    fn condition(&self, scope: &Scope) -> Cond {
        // The category among the comma-separated ones, commas around the list matching the
        // ones around the code.
        let listed = |c: &str| {
            let comma = || SimpleExpr::Constant(",".into());
            Expr::expr(comma())
                .binary(BinOper::Custom("||"), s(Seekers::Categories))
                .binary(BinOper::Custom("||"), comma())
                .like(format!("%,{c},%"))
        };
        Cond::all()
            .add(in_units((S, Seekers::UnitCode), &scope.unit_range()))
            .add(p(People::DeletedAt).is_null())
            .add_option(self.status.as_deref().map(|st| s(Seekers::Status).eq(st)))
            .add_option(self.category.as_deref().map(listed))
            .add_option(
                self.q
                    .as_deref()
                    .map(|q| p(People::Name).like(LikeExpr::new(contains_pattern(q)).escape('\\'))),
            )
    }
}

pub async fn list_seekers(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &SeekerFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<SeekerListRow>, i64), DbError> {
    let mut count = seekers_with_people();
    count
        .clear_selects()
        .expr(Expr::col(Asterisk).count())
        .cond_where(f.condition(scope));
    let q = ex.build(&count);
    let total: i64 = ex.fetch_scalar(q).await?;
    let q = ex.build(
        seekers_with_people()
            .cond_where(f.condition(scope))
            .order_by((S, Seekers::Id), Order::Desc)
            .limit(limit)
            .offset(offset),
    );
    let rows = fetch_rows(ex, q, SeekerListRow::read).await?;
    Ok((rows, total))
}

/// Every seeker of the filter (the candidates of a job's matches).
pub async fn all_seekers(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &SeekerFilter,
) -> Result<Vec<SeekerListRow>, DbError> {
    let q = ex.build(
        seekers_with_people()
            .cond_where(f.condition(scope))
            .order_by((S, Seekers::Id), Order::Asc),
    );
    fetch_rows(ex, q, SeekerListRow::read).await
}

pub async fn count_seekers(
    ex: &mut Exec<'_>,
    scope: &Scope,
) -> Result<Vec<(String, i64)>, DbError> {
    let (lo, hi) = scope.unit_range().into_bounds();
    let q = sql(
        "SELECT status, COUNT(*) FROM seekers WHERE unit_code BETWEEN $1 AND $2 GROUP BY status",
    )
    .bind(lo)
    .bind(hi);
    fetch_rows(ex, q, pair).await
}

record! {
    pub struct SeekerEventRow in SeekerEvents {
        pub id: i64,
        pub seeker_id: i64,
        pub at: i64,
        pub actor: String,
        pub kind: String,
        /// JSON
        pub detail: String,
    }
}

pub async fn add_seeker_event(ex: &mut Exec<'_>, r: &SeekerEventRow) -> Result<(), DbError> {
    insert(ex, r).await
}

pub async fn seeker_events(
    ex: &mut Exec<'_>,
    seeker_id: i64,
) -> Result<Vec<SeekerEventRow>, DbError> {
    rows_where(ex, "seeker_id", seeker_id, "id").await
}

// recommendations

record! {
    pub struct RecommendationRow in Recommendations {
        pub id: i64,
        pub seeker_id: i64,
        pub job_id: i64,
        pub score: i64,
        pub outcome: String,
        pub recommended_by: String,
        pub created_by: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
    }
}

/// Records a recommendation; false when this job was already recommended to this seeker.
/// Records a recommendation; false when this job was already recommended to this seeker.
pub async fn insert_recommendation(
    ex: &mut Exec<'_>,
    r: &RecommendationRow,
) -> Result<bool, DbError> {
    let n = insert_batch(
        ex,
        std::slice::from_ref(r),
        Some(
            OnConflict::columns([Recommendations::SeekerId, Recommendations::JobId])
                .do_nothing()
                .to_owned(),
        ),
    )
    .await?;
    Ok(n == 1)
}

pub async fn set_recommendation_outcome(
    ex: &mut Exec<'_>,
    id: i64,
    outcome: &str,
    now: i64,
) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE recommendations SET outcome = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(outcome)
            .bind(now),
    )
    .await?;
    Ok(())
}

pub async fn find_recommendation(
    ex: &mut Exec<'_>,
    id: i64,
) -> Result<Option<RecommendationRow>, DbError> {
    find(ex, id).await
}

pub async fn recommendations_where(
    ex: &mut Exec<'_>,
    column: Recommended,
    id: i64,
) -> Result<Vec<RecommendationRow>, DbError> {
    let column = match column {
        Recommended::ToSeeker => "seeker_id",
        Recommended::ForJob => "job_id",
    };
    rows_where(ex, column, id, "id DESC").await
}

#[derive(Debug, Clone, Copy)]
pub enum Recommended {
    ToSeeker,
    ForJob,
}
