//! The people in a case and their roles in it.

use crate::{sql, DbError, Exec};

pub async fn add_person(
    ex: &mut Exec<'_>,
    case_id: i64,
    person_id: i64,
    role: &str,
) -> Result<(), DbError> {
    ex.execute(
        sql(
            "INSERT INTO case_people (case_id, person_id, role) VALUES ($1, $2, $3) \
             ON CONFLICT (case_id, person_id) DO UPDATE SET role = excluded.role",
        )
        .bind(case_id)
        .bind(person_id)
        .bind(role),
    )
    .await?;
    Ok(())
}

/// A person in a case, with what the case page shows of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePersonRow {
    pub person_id: i64,
    pub role: String,
    pub name: String,
    pub id_masked: String,
}

pub async fn people_of(ex: &mut Exec<'_>, case_id: i64) -> Result<Vec<CasePersonRow>, DbError> {
    ex.fetch_all(
        sql(
            "SELECT cp.person_id, cp.role, p.name, p.id_masked FROM case_people cp \
             JOIN people p ON p.id = cp.person_id WHERE cp.case_id = $1 ORDER BY cp.person_id",
        )
        .bind(case_id),
    )
    .await?
    .iter()
    .map(|r| {
        Ok(CasePersonRow {
            person_id: r.get("person_id")?,
            role: r.get("role")?,
            name: r.get("name")?,
            id_masked: r.get("id_masked")?,
        })
    })
    .collect()
}
