//! Children's records: the guardian links and the guardians' consents of registry people under
//! 18. The child herself is a row of `people` (written by `people.rs`); the list of children is
//! the people list with `Filter::children_only`. Names, phones and who consented arrive sealed.

use crate::record::{self, fetch, select_as, Record};
use crate::schema::tables::{ChildConsents, ChildGuardians, People};
use crate::{DbError, Exec};
use jinguo_domain::Scope;
use sea_query::{Cond, Expr, Iden, IntoIden, Order};

/// `child_guardians AS g` / `child_consents AS k` joined to the child, `people AS c`.
#[derive(Iden, Clone, Copy)]
#[iden = "g"]
struct G;

#[derive(Iden, Clone, Copy)]
#[iden = "k"]
struct K;

#[derive(Iden, Clone, Copy)]
#[iden = "c"]
struct C;

record! {
    pub struct GuardianRow in ChildGuardians {
        pub id: i64,
        pub child_id: i64,
        /// A guardian in the registry (a household member); her name and phone are hers there.
        pub guardian_person_id: Option<i64>,
        /// A guardian named here: sealed (`child_guardian.name`, bound to this row's id).
        pub name_cipher: Option<Vec<u8>>,
        pub phone_cipher: Option<Vec<u8>>,
        pub phone_masked: Option<String>,
        pub relation: String,
        pub created_at: i64,
    }
}

record! {
    pub struct ConsentRow in ChildConsents {
        pub id: i64,
        pub child_id: i64,
        /// Who consented, sealed (`child_consent.given_by`).
        pub given_by_cipher: Vec<u8>,
        /// `YYYY-MM-DD`
        pub given_on: String,
        /// The user who recorded it.
        pub recorded_by: i64,
        pub recorded_at: i64,
    }
}

/// The living children the scope reaches: their unit in its subtree.
fn children_in(scope: &Scope, child_ids: &[i64]) -> Cond {
    let (lo, hi) = scope.unit_range().into_bounds();
    Cond::all()
        .add(Expr::col((C, People::Id)).is_in(child_ids.iter().copied()))
        .add(Expr::col((C, People::UnitCode)).between(lo, hi))
        .add(Expr::col((C, People::DeletedAt)).is_null())
}

/// The guardian links of these children, those the scope reaches, oldest first.
pub async fn guardians_of(
    ex: &mut Exec<'_>,
    scope: &Scope,
    child_ids: &[i64],
) -> Result<Vec<GuardianRow>, DbError> {
    let columns = (ChildGuardians::ChildId, ChildGuardians::Id);
    of_children(ex, scope, child_ids, G, columns).await
}

/// The consents recorded for these children, those the scope reaches, oldest first.
pub async fn consents_of(
    ex: &mut Exec<'_>,
    scope: &Scope,
    child_ids: &[i64],
) -> Result<Vec<ConsentRow>, DbError> {
    let columns = (ChildConsents::ChildId, ChildConsents::Id);
    of_children(ex, scope, child_ids, K, columns).await
}

/// The rows of a table of children's records (read as `alias`, its `(child_id, id)` columns)
/// for these children, joined to the child (`c`) so that only those the scope reaches are read;
/// by child, oldest first.
async fn of_children<R: Record>(
    ex: &mut Exec<'_>,
    scope: &Scope,
    child_ids: &[i64],
    alias: impl Iden + Copy + 'static,
    (child_id, id): (impl IntoIden, impl IntoIden),
) -> Result<Vec<R>, DbError> {
    if child_ids.is_empty() {
        return Ok(Vec::new());
    }
    let child_id = child_id.into_iden();
    let select = select_as::<R>(alias)
        .join_as(
            sea_query::JoinType::InnerJoin,
            People::Table,
            C,
            Expr::col((C, People::Id)).equals((alias, child_id.clone())),
        )
        .cond_where(children_in(scope, child_ids))
        .order_by((alias, child_id), Order::Asc)
        .order_by((alias, id.into_iden()), Order::Asc)
        .take();
    fetch(ex, &select).await
}

/// Links a guardian to a child the caller reaches (just registered, or read in her scope);
/// `false`, and nothing written, for a child outside the scope.
pub async fn insert_guardian(
    ex: &mut Exec<'_>,
    scope: &Scope,
    row: &GuardianRow,
) -> Result<bool, DbError> {
    if !reached(ex, scope, row.child_id).await? {
        return Ok(false);
    }
    record::insert(ex, row).await?;
    Ok(true)
}

/// Records a guardian's consent for a child the caller reaches; `false`, and nothing written,
/// for a child outside the scope.
pub async fn insert_consent(
    ex: &mut Exec<'_>,
    scope: &Scope,
    row: &ConsentRow,
) -> Result<bool, DbError> {
    if !reached(ex, scope, row.child_id).await? {
        return Ok(false);
    }
    record::insert(ex, row).await?;
    Ok(true)
}

/// Whether the child is a living person the scope reaches (the app looked her up first; a write
/// is refused here too).
async fn reached(ex: &mut Exec<'_>, scope: &Scope, child_id: i64) -> Result<bool, DbError> {
    let (lo, hi) = scope.unit_range().into_bounds();
    let q = crate::sql(
        "SELECT COUNT(*) FROM people WHERE id = $1 AND unit_code BETWEEN $2 AND $3 AND deleted_at IS NULL",
    )
    .bind(child_id)
    .bind(lo)
    .bind(hi);
    let n: i64 = ex.fetch_scalar(q).await?;
    Ok(n == 1)
}
