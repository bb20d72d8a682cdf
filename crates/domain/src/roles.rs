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

    // Every rule below names the roles it lets in (an allow-list), so a role added later — the
    // security and audit administrators of 三员分立 — reaches no record until a rule names it.
    // docs/security.md ("Role × resource matrix") is the table these methods implement.

    /// Who reads persons at all: the registry of the subtree, or (caseworkers) the people of
    /// their own cases. Leaders, department reporters and viewers see no person.
    pub fn reads_people(self) -> bool {
        self.reads_registry() || self.reads_only_people_of_own_cases()
    }

    /// Who reads the whole registry of their subtree: the federation's own staff at each level,
    /// and the admin who runs imports.
    pub fn reads_registry(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::Federation | Role::Street | Role::Community
        )
    }

    /// A caseworker's work is her cases: she sees the people in them, not the street's registry.
    pub fn reads_only_people_of_own_cases(self) -> bool {
        self == Role::Caseworker
    }

    /// Who registers and edits people (and imports rosters): the federation's own staff at each
    /// level, and the admin who runs imports.
    pub fn writes_people(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::Federation | Role::Street | Role::Community
        )
    }

    /// Households are registry records: read by those who read the registry.
    pub fn reads_households(self) -> bool {
        self.reads_registry()
    }

    /// Exports carry full ID numbers and phones: for the federation and street officers who
    /// answer for their lists, nobody else (not the admin, not a caseworker, not a leader).
    pub fn exports_people(self) -> bool {
        matches!(self, Role::Federation | Role::Street)
    }

    /// The audited reveal of one person's full ID number, phone and address: for those who
    /// contact people in their work (a caseworker only for the people of her cases).
    pub fn reveals_people(self) -> bool {
        matches!(
            self,
            Role::Federation | Role::Street | Role::Community | Role::Caseworker
        )
    }

    /// Children's records (the children's register, their guardians and consents): for the
    /// federation's own officers at each level, who do the children's work (留守儿童, 流动儿童,
    /// 家长学校, 结对). Not the admin (she runs imports, not casework with children), not
    /// caseworkers (a child in one of her cases reaches her as a person of that case), leaders,
    /// department reporters or viewers.
    pub fn works_with_children(self) -> bool {
        matches!(self, Role::Federation | Role::Street | Role::Community)
    }

    /// Award campaigns (评选表彰) are the federation's: it opens them with their quotas, its
    /// officers review the nominations, publish the shortlist for public notice, decide the
    /// objections and make the honours final.
    pub fn runs_award_campaigns(self) -> bool {
        self == Role::Federation
    }

    /// Streets and communities nominate for their units (the federation too); they read the
    /// campaigns they may nominate for and their own subtree's nominations.
    pub fn nominates_for_awards(self) -> bool {
        matches!(self, Role::Federation | Role::Street | Role::Community)
    }

    /// Tells the stories of model women (典型): the federation and the streets and communities
    /// that find them keep the profiles of their subtree, their photos and where each story ran.
    pub fn publicizes_model_women(self) -> bool {
        matches!(self, Role::Federation | Role::Street | Role::Community)
    }

    /// The ledger of funds (资金与捐赠: accounts, donations and their receipts, transfers,
    /// campaigns, reports) is kept by the federation and the system administrator.
    pub fn keeps_funds(self) -> bool {
        matches!(self, Role::Admin | Role::Federation)
    }

    /// Relief payments to people (a care cycle's cash paid from a fund) are read by those who
    /// deliver them too: streets and communities see their own subtree's.
    pub fn reads_relief_payments(self) -> bool {
        self.keeps_funds() || matches!(self, Role::Street | Role::Community)
    }

    /// Training courses (培训): staff at each level run the courses of their unit's subtree and
    /// enroll the people of their subtree in the courses held for them by the units above.
    pub fn runs_training(self) -> bool {
        matches!(self, Role::Federation | Role::Street | Role::Community)
    }

    /// The figures of courses (enrolled, completed, employed, started a business; no person
    /// named): those who run them, and leaders and viewers for their reports.
    pub fn reads_training_figures(self) -> bool {
        self.runs_training() || matches!(self, Role::Leader | Role::Viewer)
    }

    /// Merging two records of one person is a district federation decision.
    pub fn merges_people(self) -> bool {
        matches!(self, Role::Admin | Role::Federation)
    }

    /// Takes cases in and handles them (the admin reads case lists without narratives).
    pub fn handles_cases(self) -> bool {
        self.handles_rights_cases() || self == Role::Leader
    }

    /// Rights-protection cases (维权), restricted ones among them, are for the federation's
    /// case handlers; a leader handles the difficulty reports of enterprises only.
    pub fn handles_rights_cases(self) -> bool {
        matches!(
            self,
            Role::Federation | Role::Street | Role::Community | Role::Caseworker
        )
    }

    /// Reads case lists at all (the admin sees them without narratives).
    pub fn reads_cases(self) -> bool {
        self.handles_cases() || self == Role::Admin
    }

    /// A caseworker sees only the cases she handles or took in.
    pub fn sees_only_own_cases(self) -> bool {
        self == Role::Caseworker
    }

    /// The one kind of case a role handles when it does not handle them all: a leader, the
    /// difficulty reports of enterprises.
    pub fn only_case_kind(self) -> Option<crate::cases::CaseKind> {
        (self.handles_cases() && !self.handles_rights_cases())
            .then_some(crate::cases::CaseKind::Enterprise)
    }

    /// Reads the briefings to the district government (street officers see those of their
    /// street's cases).
    pub fn reads_briefings(self) -> bool {
        matches!(self, Role::Federation | Role::Leader | Role::Street)
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

    /// A leader's employment work is her liaison enterprises and their visits: of enterprises
    /// she sees the full record of those only (jobs and events of her subtree as the matrix in
    /// docs/security.md says; no seekers, which are people's records).
    pub fn works_only_own_enterprises(self) -> bool {
        self == Role::Leader
    }

    /// Seekers, assistance and mentoring are people's records: for those who read the registry.
    pub fn works_with_seekers(self) -> bool {
        self.works_employment() && self.reads_registry()
    }

    /// Exports of enterprises carry full contact phones: federation and street officers only.
    pub fn exports_enterprises(self) -> bool {
        self.exports_people()
    }

    /// The audited reveal of an enterprise contact's phone: for those who call enterprises.
    pub fn reveals_enterprise_contacts(self) -> bool {
        matches!(
            self,
            Role::Federation | Role::Street | Role::Community | Role::Leader
        )
    }

    /// Assigns leaders to enterprises (a district federation decision).
    pub fn assigns_leaders(self) -> bool {
        matches!(self, Role::Admin | Role::Federation)
    }

    /// Care programs (关爱帮扶): define them, open cycles, work their rolls, record deliveries
    /// and results — staff in their subtree. Leaders and viewers read coverage figures only.
    pub fn runs_programs(self) -> bool {
        matches!(self, Role::Federation | Role::Street | Role::Community)
    }

    /// The printed notice list of a roll with full phones, for the officer who calls the people
    /// on it (an audited read): program staff who contact people in their work.
    pub fn calls_program_rolls(self) -> bool {
        self.runs_programs() && self.reveals_people()
    }

    /// A program's coverage figures (eligible, delivered per unit): no person named.
    pub fn reads_program_figures(self) -> bool {
        self.runs_programs() || matches!(self, Role::Leader | Role::Viewer)
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

    /// The roles for which `rule` holds, in `Role::ALL`'s order.
    fn roles_that(rule: impl Fn(Role) -> bool) -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| rule(*r)).collect()
    }

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("superuser".parse::<Role>().is_err());
    }

    #[test]
    fn programs_are_run_by_staff_and_read_as_figures_by_leaders_and_viewers() {
        let runners = roles_that(Role::runs_programs);
        assert_eq!(
            runners,
            vec![Role::Federation, Role::Street, Role::Community]
        );
        let readers = roles_that(|r| r.reads_program_figures() && !r.runs_programs());
        assert_eq!(readers, vec![Role::Leader, Role::Viewer]);
    }

    #[test]
    fn training_is_run_by_staff_and_read_as_figures_by_leaders_and_viewers() {
        let runners = roles_that(Role::runs_training);
        assert_eq!(
            runners,
            vec![Role::Federation, Role::Street, Role::Community]
        );
        let readers = roles_that(|r| r.reads_training_figures() && !r.runs_training());
        assert_eq!(readers, vec![Role::Leader, Role::Viewer]);
    }

    #[test]
    fn exports_of_full_numbers_are_for_federation_and_street_roles_only() {
        let exporters = roles_that(Role::exports_people);
        assert_eq!(exporters, vec![Role::Federation, Role::Street]);
    }

    #[test]
    fn caseworkers_and_leaders_read_no_registry() {
        assert!(!Role::Caseworker.reads_registry() && Role::Caseworker.reads_people());
        assert!(!Role::Leader.reads_people() && !Role::Leader.handles_rights_cases());
        assert!(Role::Leader.handles_cases());
    }

    #[test]
    fn childrens_records_are_for_federation_street_and_community_officers_only() {
        let roles = roles_that(Role::works_with_children);
        assert_eq!(roles, vec![Role::Federation, Role::Street, Role::Community]);
        assert!(roles
            .iter()
            .all(|r| r.writes_people() && r.reveals_people()));
    }

    #[test]
    fn model_women_are_kept_by_federation_street_and_community_officers_only() {
        let roles = roles_that(Role::publicizes_model_women);
        assert_eq!(roles, vec![Role::Federation, Role::Street, Role::Community]);
    }

    #[test]
    fn funds_are_kept_by_federation_and_admin_and_payments_read_by_streets_too() {
        let keepers = roles_that(Role::keeps_funds);
        assert_eq!(keepers, vec![Role::Admin, Role::Federation]);
        let readers = roles_that(Role::reads_relief_payments);
        assert_eq!(
            readers,
            vec![Role::Admin, Role::Federation, Role::Street, Role::Community]
        );
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
