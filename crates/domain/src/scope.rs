//! What a signed-in user may see: the role and the subtree of their unit.
//!
//! Every store read of unit-owned records takes a `Scope`; the only way to get one is from an
//! authenticated user (see `jinguo_app::auth`), so a handler cannot forget it.

use crate::{Role, UnitCode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    role: Role,
    unit: UnitCode,
    /// A caseworker's reach in the registry: only the people of the cases this user handles or
    /// took in (see `Role::reads_only_people_of_own_cases`).
    cases_of: Option<i64>,
}

impl Scope {
    /// The whole subtree of a unit, for work done by the system itself (the command line's
    /// operator, the demo generator) and not for a signed-in user, whose scope comes from
    /// `Caller::scope` only. Grep for it: every use is a place where no user is asking.
    pub fn system(unit: UnitCode) -> Scope {
        Scope {
            role: Role::Admin,
            unit,
            cases_of: None,
        }
    }

    /// The scope of a signed-in user: the subtree, narrowed to the people of her own cases when
    /// her role reads no registry beyond them.
    pub fn of_user(role: Role, unit: UnitCode, user_id: i64) -> Scope {
        Scope {
            role,
            unit,
            cases_of: role.reads_only_people_of_own_cases().then_some(user_id),
        }
    }

    /// The user whose cases' people are the only people this scope reaches.
    pub fn people_of_cases_of(&self) -> Option<i64> {
        self.cases_of
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn unit(&self) -> &UnitCode {
        &self.unit
    }

    /// The lowest and highest unit codes of the subtree: `unit_code BETWEEN lo AND hi` uses a
    /// plain index on both engines (equal-length digit strings sort the same in any collation),
    /// where `LIKE 'prefix%'` would need a special operator class on PostgreSQL.
    pub fn unit_range(&self) -> (String, String) {
        subtree_range(&self.unit)
    }

    pub fn covers(&self, unit: &UnitCode) -> bool {
        self.unit.contains(unit)
    }
}

/// The code range of a unit's subtree.
pub fn subtree_range(unit: &UnitCode) -> (String, String) {
    let prefix = unit.subtree_prefix();
    (format!("{prefix:0<12}"), format!("{prefix:9<12}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn community_scope_covers_only_itself() {
        let own = UnitCode::parse("350503001001").expect("code");
        let scope = Scope::of_user(Role::Community, own.clone(), 1);
        assert!(scope.covers(&own));
        assert!(!scope.covers(&UnitCode::parse("350503001002").expect("code")));
        assert_eq!(
            scope.unit_range(),
            ("350503001001".into(), "350503001001".into())
        );
        let street = Scope::of_user(
            Role::Street,
            UnitCode::parse("350503001000").expect("code"),
            2,
        );
        assert_eq!(
            street.unit_range(),
            ("350503001000".into(), "350503001999".into())
        );
    }

    #[test]
    fn only_a_caseworkers_scope_is_narrowed_to_the_people_of_her_cases() {
        let street = UnitCode::parse("350503001000").expect("code");
        let caseworker = Scope::of_user(Role::Caseworker, street.clone(), 7);
        assert_eq!(caseworker.people_of_cases_of(), Some(7));
        let officer = Scope::of_user(Role::Street, street, 8);
        assert_eq!(officer.people_of_cases_of(), None);
    }
}
