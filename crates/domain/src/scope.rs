//! What a signed-in user may see: the role and the subtree of their unit.
//!
//! Every store read of unit-owned records takes a `Scope`; the only way to get one is from an
//! authenticated user (see `jinguo_app::auth`), so a handler cannot forget it.

use crate::{Role, UnitCode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    role: Role,
    unit: UnitCode,
}

impl Scope {
    pub fn new(role: Role, unit: UnitCode) -> Scope {
        Scope { role, unit }
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn unit(&self) -> &UnitCode {
        &self.unit
    }

    /// `LIKE` pattern matching every unit code inside the subtree (codes are digits only, so
    /// nothing needs escaping).
    pub fn unit_like_pattern(&self) -> String {
        format!("{}%", self.unit.subtree_prefix())
    }

    pub fn covers(&self, unit: &UnitCode) -> bool {
        self.unit.contains(unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn community_scope_covers_only_itself() {
        let own = UnitCode::parse("350503001001").expect("code");
        let scope = Scope::new(Role::Community, own.clone());
        assert!(scope.covers(&own));
        assert!(!scope.covers(&UnitCode::parse("350503001002").expect("code")));
        assert_eq!(scope.unit_like_pattern(), "350503001001%");
    }
}
