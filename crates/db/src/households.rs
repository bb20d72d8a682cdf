//! Households and the family links inside them (mother–child, guardian of a minor).

use crate::record::{self};
use crate::schema::tables::Households;
use crate::{sql, DbError, Exec};
use jinguo_domain::Scope;

record! {
    pub struct Household in Households {
        pub id: i64,
        pub unit_code: String,
        pub name: String,
        pub created_at: i64,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub household_id: i64,
    pub person_id: i64,
    pub name: String,
    pub relation: String,
    pub guardian_of: Option<i64>,
}

pub async fn insert(ex: &mut Exec<'_>, h: &Household) -> Result<(), DbError> {
    record::insert(ex, h).await
}

pub async fn find(ex: &mut Exec<'_>, scope: &Scope, id: i64) -> Result<Option<Household>, DbError> {
    record::find_in(ex, scope, id).await
}

/// Adds or changes a member's relation.
pub async fn put_member(
    ex: &mut Exec<'_>,
    household_id: i64,
    person_id: i64,
    relation: &str,
    guardian_of: Option<i64>,
) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO household_members (household_id, person_id, relation, guardian_of) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (household_id, person_id) DO UPDATE SET relation = excluded.relation, guardian_of = excluded.guardian_of")
            .bind(household_id)
            .bind(person_id)
            .bind(relation)
            .bind(guardian_of),
    )
    .await?;
    Ok(())
}

pub async fn remove_member(
    ex: &mut Exec<'_>,
    household_id: i64,
    person_id: i64,
) -> Result<u64, DbError> {
    ex.execute(
        sql("DELETE FROM household_members WHERE household_id = $1 AND person_id = $2")
            .bind(household_id)
            .bind(person_id),
    )
    .await
}

/// Moves a person's memberships to the person kept in her place (a merge of duplicates), except
/// in the households where that person is already a member.
pub async fn move_memberships(ex: &mut Exec<'_>, from: i64, to: i64) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE household_members SET person_id = $1 WHERE person_id = $2 \
             AND household_id NOT IN (SELECT household_id FROM household_members WHERE person_id = $1)")
            .bind(to)
            .bind(from),
    )
    .await?;
    Ok(())
}

/// Living members of a household, heads first, then by birth year (the app orders a year's
/// members by their exact dates, which only their sealed ID numbers hold).
/// The members of a household the scope reaches: a member registered in another unit (district
/// staff may join people of two communities) is not shown to those who cannot read her.
pub async fn members(
    ex: &mut Exec<'_>,
    scope: &Scope,
    household_id: i64,
) -> Result<Vec<Member>, DbError> {
    let (lo, hi) = scope.unit_range().into_bounds();
    let rows = ex
        .fetch_all(
            sql("SELECT m.household_id, m.person_id, p.name, m.relation, m.guardian_of FROM household_members m \
                 JOIN people p ON p.id = m.person_id WHERE m.household_id = $1 AND p.deleted_at IS NULL \
                 AND p.unit_code BETWEEN $2 AND $3 \
                 ORDER BY CASE WHEN m.relation = 'head' THEN 0 ELSE 1 END, p.birth_year, m.person_id")
            .bind(household_id)
            .bind(lo)
            .bind(hi),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Member {
                household_id: r.get("household_id")?,
                person_id: r.get("person_id")?,
                name: r.get("name")?,
                relation: r.get("relation")?,
                guardian_of: r.get("guardian_of")?,
            })
        })
        .collect()
}

/// The households a person belongs to.
pub async fn of_person(ex: &mut Exec<'_>, person_id: i64) -> Result<Vec<i64>, DbError> {
    let rows = ex.fetch_all(sql("SELECT household_id FROM household_members WHERE person_id = $1 ORDER BY household_id").bind(person_id)).await?;
    rows.iter().map(|r| r.get("household_id")).collect()
}
