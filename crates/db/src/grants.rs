//! Role grants waiting for a second security administrator (等保 L3: a grant of a role that sees
//! restricted cases is decided by two people). The account's own row keeps its approved role
//! until the grant is approved; an account created by such a grant is `awaiting_grant`.

use crate::{sql, DbError, Exec, Row};
use jinguo_domain::Scope;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub role: String,
    pub unit_code: String,
    pub department_code: Option<String>,
    /// The grant creates the account (rather than changing an existing account's role).
    pub new_account: bool,
    pub requested_by: i64,
    pub requested_by_name: String,
    pub requested_at: i64,
    pub decided_by: Option<i64>,
    pub decided_at: Option<i64>,
    /// `approved` or `rejected` once decided.
    pub decision: Option<String>,
}

const COLUMNS: &str = "g.id, g.user_id, u.username, g.role, g.unit_code, g.department_code, \
     g.new_account, g.requested_by, r.username AS requested_by_name, g.requested_at, \
     g.decided_by, g.decided_at, g.decision";
const FROM: &str =
    "role_grants g JOIN users u ON u.id = g.user_id JOIN users r ON r.id = g.requested_by";

impl Grant {
    fn from_row(r: &Row) -> Result<Grant, DbError> {
        Ok(Grant {
            id: r.get("id")?,
            user_id: r.get("user_id")?,
            username: r.get("username")?,
            role: r.get("role")?,
            unit_code: r.get("unit_code")?,
            department_code: r.get("department_code")?,
            new_account: r.get("new_account")?,
            requested_by: r.get("requested_by")?,
            requested_by_name: r.get("requested_by_name")?,
            requested_at: r.get("requested_at")?,
            decided_by: r.get("decided_by")?,
            decided_at: r.get("decided_at")?,
            decision: r.get("decision")?,
        })
    }
}

pub struct NewGrant<'a> {
    pub id: i64,
    pub user_id: i64,
    pub role: &'a str,
    pub unit_code: &'a str,
    pub department_code: Option<&'a str>,
    pub new_account: bool,
    pub requested_by: i64,
}

pub async fn insert(ex: &mut Exec<'_>, g: &NewGrant<'_>, now: i64) -> Result<(), DbError> {
    ex.execute(
        sql(
            "INSERT INTO role_grants (id, user_id, role, unit_code, department_code, new_account, \
             requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(g.id)
        .bind(g.user_id)
        .bind(g.role)
        .bind(g.unit_code)
        .bind(g.department_code)
        .bind(g.new_account)
        .bind(g.requested_by)
        .bind(now),
    )
    .await?;
    Ok(())
}

/// Undecided grants for accounts in the scope's subtree, oldest first.
pub async fn pending_in_scope(ex: &mut Exec<'_>, scope: &Scope) -> Result<Vec<Grant>, DbError> {
    let (lo, hi) = scope.unit_range().into_bounds();
    let q = sql(format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE g.decided_at IS NULL AND g.unit_code BETWEEN $1 AND $2 \
         ORDER BY g.requested_at, g.id"
    ))
    .bind(lo)
    .bind(hi);
    ex.fetch_all(q).await?.iter().map(Grant::from_row).collect()
}

/// An undecided grant in the scope's subtree.
pub async fn find_pending(
    ex: &mut Exec<'_>,
    id: i64,
    scope: &Scope,
) -> Result<Option<Grant>, DbError> {
    let (lo, hi) = scope.unit_range().into_bounds();
    let q = sql(format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE g.id = $1 AND g.decided_at IS NULL \
         AND g.unit_code BETWEEN $2 AND $3"
    ))
    .bind(id)
    .bind(lo)
    .bind(hi);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(Grant::from_row)
        .transpose()
}

/// The undecided grant of an account, if any.
pub async fn pending_of_user(ex: &mut Exec<'_>, user_id: i64) -> Result<Option<Grant>, DbError> {
    let q = sql(format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE g.user_id = $1 AND g.decided_at IS NULL"
    ))
    .bind(user_id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(Grant::from_row)
        .transpose()
}

/// Records the decision; false when another administrator decided it first.
pub async fn decide(
    ex: &mut Exec<'_>,
    id: i64,
    decided_by: i64,
    decision: &str,
    now: i64,
) -> Result<bool, DbError> {
    let changed = ex
        .execute(
            sql(
                "UPDATE role_grants SET decided_by = $1, decided_at = $2, decision = $3 \
                 WHERE id = $4 AND decided_at IS NULL",
            )
            .bind(decided_by)
            .bind(now)
            .bind(decision)
            .bind(id),
        )
        .await?;
    Ok(changed == 1)
}

/// Gives the account the granted role and unit, and lets it sign in.
pub async fn apply(ex: &mut Exec<'_>, g: &Grant, now: i64) -> Result<(), DbError> {
    ex.execute(
        sql(
            "UPDATE users SET role = $1, unit_code = $2, department_code = $3, \
             awaiting_grant = FALSE, updated_at = $4 WHERE id = $5",
        )
        .bind(g.role.as_str())
        .bind(g.unit_code.as_str())
        .bind(g.department_code.clone())
        .bind(now)
        .bind(g.user_id),
    )
    .await?;
    Ok(())
}

/// Marks whether an account waits for its first grant (cannot sign in meanwhile).
pub async fn set_awaiting(ex: &mut Exec<'_>, user_id: i64, awaiting: bool) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE users SET awaiting_grant = $1 WHERE id = $2")
            .bind(awaiting)
            .bind(user_id),
    )
    .await?;
    Ok(())
}
