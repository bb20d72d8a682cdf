//! Org units and departments.

use crate::record::{select_sql, Record};
use crate::schema::tables::{Departments, Units};
use crate::{sql, DbError, Exec};
use jinguo_domain::{Scope, UnitCode};

record! {
    pub struct Unit in Units {
        pub code: String,
        pub name: String,
        pub level: String,
        pub parent_code: Option<String>,
    }
}

record! {
    pub struct Department in Departments {
        pub code: String,
        pub name_zh: String,
        pub name_en: String,
    }
}

pub async fn count(ex: &mut Exec<'_>) -> Result<i64, DbError> {
    ex.fetch_scalar(sql("SELECT COUNT(*) FROM units")).await
}

/// The code of the top of the installation's org tree (the first root, if several).
pub async fn root_code(ex: &mut Exec<'_>) -> Result<String, DbError> {
    ex.fetch_scalar(sql(
        "SELECT code FROM units WHERE parent_code IS NULL ORDER BY code LIMIT 1",
    ))
    .await
}

pub async fn find(ex: &mut Exec<'_>, code: &str) -> Result<Option<Unit>, DbError> {
    let row = ex
        .fetch_optional(sql(format!("{} WHERE code = $1", select_sql::<Unit>())).bind(code))
        .await?;
    row.as_ref().map(Unit::read).transpose()
}

/// The code of every unit (an import checks its lines against them).
pub async fn codes(ex: &mut Exec<'_>) -> Result<Vec<String>, DbError> {
    let rows = ex.fetch_all(sql("SELECT code FROM units")).await?;
    rows.iter().map(|r| r.get("code")).collect()
}

/// Every unit of the installation, parents before children (the public forms' choices).
pub async fn list_all(ex: &mut Exec<'_>) -> Result<Vec<Unit>, DbError> {
    let rows = ex
        .fetch_all(sql(format!("{} ORDER BY code", select_sql::<Unit>())))
        .await?;
    rows.iter().map(Unit::read).collect()
}

/// Every unit in the caller's subtree, ordered so parents come before children.
pub async fn list_in_scope(ex: &mut Exec<'_>, scope: &Scope) -> Result<Vec<Unit>, DbError> {
    list_under(ex, scope.unit()).await
}

/// Every unit in the subtree under `root` (itself included), parents before children.
pub async fn list_under(ex: &mut Exec<'_>, root: &UnitCode) -> Result<Vec<Unit>, DbError> {
    let rows = ex
        .fetch_all(
            sql(format!(
                "{} WHERE code LIKE $1 ORDER BY code",
                select_sql::<Unit>()
            ))
            .bind(format!("{}%", root.subtree_prefix())),
        )
        .await?;
    rows.iter().map(Unit::read).collect()
}

/// Inserts a unit or renames an existing one (re-importing a tree is allowed).
pub async fn upsert(ex: &mut Exec<'_>, unit: &Unit, now: i64) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO units (code, name, level, parent_code, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code, level = excluded.level")
            .bind(unit.code.as_str())
            .bind(unit.name.as_str())
            .bind(unit.level.as_str())
            .bind(unit.parent_code.clone())
            .bind(now),
    )
    .await?;
    Ok(())
}

pub async fn departments(ex: &mut Exec<'_>) -> Result<Vec<Department>, DbError> {
    let rows = ex
        .fetch_all(sql(format!("{} ORDER BY sort", select_sql::<Department>())))
        .await?;
    rows.iter().map(Department::read).collect()
}

pub async fn upsert_department(
    ex: &mut Exec<'_>,
    d: &Department,
    sort: i64,
) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO departments (code, name_zh, name_en, sort) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, sort = excluded.sort")
            .bind(d.code.as_str())
            .bind(d.name_zh.as_str())
            .bind(d.name_en.as_str())
            .bind(sort),
    )
    .await?;
    Ok(())
}
