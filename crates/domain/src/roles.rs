//! The roles of DESIGN.md §1 and what each may do at all (scope narrows it further).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    SecurityAdmin,
    AuditAdmin,
    Federation,
    Street,
    Community,
    Caseworker,
    Leader,
    Department,
    Viewer,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}; one of admin, security_admin, audit_admin, federation, street, community, caseworker, leader, department, viewer")]
pub struct UnknownRole(pub String);

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Admin,
        Role::SecurityAdmin,
        Role::AuditAdmin,
        Role::Federation,
        Role::Street,
        Role::Community,
        Role::Caseworker,
        Role::Leader,
        Role::Department,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::SecurityAdmin => "security_admin",
            Role::AuditAdmin => "audit_admin",
            Role::Federation => "federation",
            Role::Street => "street",
            Role::Community => "community",
            Role::Caseworker => "caseworker",
            Role::Leader => "leader",
            Role::Department => "department",
            Role::Viewer => "viewer",
        }
    }

    /// Units, settings and backups are the system administrator's work — not accounts, roles or
    /// passwords, and not the audit log (等保 L3 三员分立: three administrators, three duties).
    pub fn administers(self) -> bool {
        self == Role::Admin
    }

    /// Accounts are the security administrator's work: creating users, granting and revoking
    /// roles, resetting passwords, unlocking, disabling, ending sessions.
    pub fn administers_accounts(self) -> bool {
        self == Role::SecurityAdmin
    }

    /// The audit log (login log, operation log) is the audit administrator's to read, and nothing
    /// else is.
    pub fn reads_audit_log(self) -> bool {
        self == Role::AuditAdmin
    }

    /// Who may open the people registry (viewers see figures only; department reporters see the
    /// referrals addressed to them, not the registry; the security and audit administrators see
    /// accounts and the log, never a person).
    pub fn reads_people(self) -> bool {
        !matches!(
            self,
            Role::Viewer | Role::Department | Role::SecurityAdmin | Role::AuditAdmin
        )
    }

    /// Who registers and edits people: the federation's own staff at each level, and the admin
    /// who runs imports.
    pub fn writes_people(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::Federation | Role::Street | Role::Community
        )
    }

    /// Merging two records of one person is a district federation decision.
    pub fn merges_people(self) -> bool {
        matches!(self, Role::Admin | Role::Federation)
    }

    /// Viewers see aggregated figures only, never a person.
    /// Takes cases in and handles them (the admin reads case lists without narratives).
    pub fn handles_cases(self) -> bool {
        matches!(
            self,
            Role::Federation | Role::Street | Role::Community | Role::Caseworker | Role::Leader
        )
    }

    /// Composes briefings to the government and records their responses.
    pub fn writes_briefings(self) -> bool {
        matches!(self, Role::Federation | Role::Leader)
    }

    /// Employment work: enterprises, liaison visits, jobs, seekers, events and assistance.
    pub fn works_employment(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::Federation | Role::Street | Role::Community | Role::Leader
        )
    }

    /// Assigns leaders to enterprises (a district federation decision).
    pub fn assigns_leaders(self) -> bool {
        matches!(self, Role::Admin | Role::Federation)
    }

    pub fn sees_personal_data(self) -> bool {
        !matches!(self, Role::Viewer | Role::SecurityAdmin | Role::AuditAdmin)
    }
}

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("superuser".parse::<Role>().is_err());
    }

    #[test]
    fn the_three_administrators_hold_three_separate_duties() {
        let duties = |r: Role| {
            [
                r.administers(),
                r.administers_accounts(),
                r.reads_audit_log(),
            ]
        };
        assert_eq!(duties(Role::Admin), [true, false, false]);
        assert_eq!(duties(Role::SecurityAdmin), [false, true, false]);
        assert_eq!(duties(Role::AuditAdmin), [false, false, true]);
        for role in [Role::SecurityAdmin, Role::AuditAdmin] {
            assert!(!role.reads_people() && !role.handles_cases() && !role.works_employment());
        }
        for role in [Role::Admin, Role::SecurityAdmin, Role::AuditAdmin] {
            assert!(!role.handles_cases(), "{role} reads no case contents");
        }
    }
}
