//! What a signed-in user may see: the role and the subtree of their unit.
//!
//! Every store read of unit-owned records takes a `Scope`; the only way to get one is from an
//! authenticated user (see `jinguo_app::auth`), so a handler cannot forget it.

use crate::{Role, UnitCode, UnitLevel};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    role: Role,
    unit: UnitCode,
    /// The signed-in user (0 for the system's own work).
    user_id: i64,
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
            user_id: 0,
            cases_of: None,
        }
    }

    /// The scope of a signed-in user: the subtree, narrowed to the people of her own cases when
    /// her role reads no registry beyond them.
    pub fn of_user(role: Role, unit: UnitCode, user_id: i64) -> Scope {
        Scope {
            role,
            unit,
            user_id,
            cases_of: role.reads_only_people_of_own_cases().then_some(user_id),
        }
    }

    /// The signed-in user whose scope this is (0 for the system's own work).
    pub fn user_id(&self) -> i64 {
        self.user_id
    }

    /// Whether this scope sees restricted (domestic-violence) cases it does not handle.
    pub fn sees_restricted_cases(&self) -> bool {
        role_sees_restricted_cases(self.role, &self.unit)
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

    /// The codes of the subtree this scope reaches.
    pub fn unit_range(&self) -> UnitRange {
        UnitRange::subtree(&self.unit)
    }

    pub fn covers(&self, unit: &UnitCode) -> bool {
        self.unit.contains(unit)
    }

    /// Whether a record stored under this unit code is inside the subtree.
    pub fn covers_code(&self, unit_code: &str) -> bool {
        // Checked per row of some lists: the prefix, without building the range's two strings.
        unit_code.starts_with(self.unit.subtree_prefix())
    }

    /// The same user's scope widened to her whole district, for the district-public view of
    /// employment records (an enterprise's name, industry and open jobs; public events): a
    /// street officer finds another street's enterprise by name but opens only her own.
    pub fn district_public(&self) -> Scope {
        let mut unit = self.unit.clone();
        while matches!(unit.level(), UnitLevel::Street | UnitLevel::Community) {
            match unit.implied_parent() {
                Some(parent) => unit = parent,
                None => break,
            }
        }
        Scope {
            unit,
            ..self.clone()
        }
    }
}

/// The codes of one subtree of the org tree, from its lowest to its highest code: queried as
/// `unit_code BETWEEN lo AND hi`, which uses a plain index on both engines (equal-length digit
/// strings sort the same in any collation), where `LIKE 'prefix%'` would need a special
/// operator class on PostgreSQL. A store read of unit-owned records takes a `Scope`; a range
/// made from any unit (`subtree`) only narrows one of its filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRange {
    lo: String,
    hi: String,
}

impl UnitRange {
    /// The subtree of one unit.
    pub fn subtree(unit: &UnitCode) -> UnitRange {
        let prefix = unit.subtree_prefix();
        UnitRange {
            lo: format!("{prefix:0<12}"),
            hi: format!("{prefix:9<12}"),
        }
    }

    pub fn lo(&self) -> &str {
        &self.lo
    }

    pub fn hi(&self) -> &str {
        &self.hi
    }

    /// The two codes, to bind as `unit_code BETWEEN $1 AND $2`.
    pub fn into_bounds(self) -> (String, String) {
        (self.lo, self.hi)
    }

    pub fn contains(&self, unit_code: &str) -> bool {
        self.lo.as_str() <= unit_code && unit_code <= self.hi.as_str()
    }

    /// The codes in both ranges (empty, `lo > hi`, when the subtrees are apart).
    pub fn intersect(&self, other: &UnitRange) -> UnitRange {
        UnitRange {
            lo: self.lo.clone().max(other.lo.clone()),
            hi: self.hi.clone().min(other.hi.clone()),
        }
    }
}

/// Whether an account of this role at this unit sees restricted (domestic-violence) cases it
/// does not handle: district federation staff, the federation role at a unit above the streets.
/// Granting such an account waits for a second security administrator (`app::users`).
pub fn role_sees_restricted_cases(role: Role, unit: &UnitCode) -> bool {
    role == Role::Federation && !matches!(unit.level(), UnitLevel::Street | UnitLevel::Community)
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // scopes made by hand to test them
mod tests {
    use super::*;

    #[test]
    fn community_scope_covers_only_itself() {
        let own = UnitCode::parse("350503001001").expect("code");
        let scope = Scope::of_user(Role::Community, own.clone(), 1);
        assert!(scope.covers(&own));
        assert!(!scope.covers(&UnitCode::parse("350503001002").expect("code")));
        let range = scope.unit_range();
        assert_eq!((range.lo(), range.hi()), ("350503001001", "350503001001"));
        let street = Scope::of_user(
            Role::Street,
            UnitCode::parse("350503001000").expect("code"),
            2,
        );
        let range = street.unit_range();
        assert_eq!((range.lo(), range.hi()), ("350503001000", "350503001999"));
        assert_eq!(
            street.district_public().unit_range().lo(),
            "350503000000",
            "widened to the district"
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
