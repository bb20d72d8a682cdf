//! Awards (评选表彰): the award types and who may receive each, the quota a nomination counts
//! against, the review's votes, and the public notice (公示) window.

use crate::{CivilDate, UnitCode};

codes!(
    /// The honours the federation awards or recommends for (CONTRACT "Awards").
    Award {
        March8RedBannerHolder = "march8_red_banner_holder",
        March8RedBannerCollective = "march8_red_banner_collective",
        WomenPacesetter = "women_pacesetter",
        OutstandingWomanEntrepreneur = "outstanding_woman_entrepreneur",
        ModelFamily = "model_family",
    }
);

/// Who an award goes to: a woman of the registry, a collective (an enterprise or organisation of
/// the employment register), or either (an entrepreneur by herself or by her enterprise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    Person,
    Collective,
    PersonOrEnterprise,
}

impl Award {
    pub fn recipient(self) -> Recipient {
        match self {
            Award::March8RedBannerCollective => Recipient::Collective,
            Award::OutstandingWomanEntrepreneur => Recipient::PersonOrEnterprise,
            // 最美家庭 is entered under the family's representative, a registry person.
            Award::March8RedBannerHolder | Award::WomenPacesetter | Award::ModelFamily => {
                Recipient::Person
            }
        }
    }

    /// Whether the honour is for women only (an individual 三八红旗手 or 巾帼建功标兵 is a woman;
    /// a family or a collective is not asked its sex).
    pub fn women_only(self) -> bool {
        matches!(
            self,
            Award::March8RedBannerHolder
                | Award::WomenPacesetter
                | Award::OutstandingWomanEntrepreneur
        )
    }
}

/// Which kind of nominee a nomination names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nominee {
    Person,
    Enterprise,
}

/// Why a nominee does not fit an award.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NomineeError {
    /// The award goes to collectives: name an enterprise, not a person.
    CollectiveAward,
    /// The award goes to individuals: name a person, not an enterprise.
    IndividualAward,
}

impl NomineeError {
    pub fn code(self) -> &'static str {
        match self {
            NomineeError::CollectiveAward => "award_for_collectives",
            NomineeError::IndividualAward => "award_for_individuals",
        }
    }
}

pub fn check_nominee(award: Award, nominee: Nominee) -> Result<(), NomineeError> {
    match (award.recipient(), nominee) {
        (Recipient::Collective, Nominee::Person) => Err(NomineeError::CollectiveAward),
        (Recipient::Person, Nominee::Enterprise) => Err(NomineeError::IndividualAward),
        _ => Ok(()),
    }
}

codes!(
    /// A reviewer's vote on one nomination.
    Vote {
        For = "for",
        Against = "against",
        Abstain = "abstain",
    }
);

codes!(
    /// Where a nomination stands: nominated by a unit, shortlisted in the public notice, and
    /// after the window honoured — or not, when it was left off the shortlist or an objection
    /// to it was upheld.
    NominationStatus {
        Nominated = "nominated",
        Shortlisted = "shortlisted",
        Honoured = "honoured",
        NotHonoured = "not_honoured",
    }
);

codes!(
    /// How the federation decided an objection made during the notice.
    ObjectionOutcome {
        Upheld = "upheld",
        Dismissed = "dismissed",
    }
);

/// The public notice lasts 5 working days unless the campaign says otherwise (公示期不少于 5 个
/// 工作日 is the usual rule of the federation's own notices).
pub const DEFAULT_NOTICE_DAYS: u32 = 5;
pub const MAX_NOTICE_DAYS: u32 = 30;

/// Quotas are nominations per unit: a nomination counts against the most specific quota whose
/// unit contains the nominating unit (a community's nomination against its own quota when it
/// has one, else against its street's). `None`: no quota covers the unit.
pub fn quota_unit<'a>(quotas: &'a [(UnitCode, u32)], unit: &UnitCode) -> Option<&'a UnitCode> {
    quotas
        .iter()
        .filter(|(q, _)| q.contains(unit))
        .max_by_key(|(q, _)| q.subtree_prefix().len())
        .map(|(q, _)| q)
}

/// Whether one more nomination from `unit` stays within the quotas, given the units of the
/// nominations already made. A campaign without quotas has no limit; with quotas, a unit no quota
/// covers may nominate nobody.
pub fn within_quota(quotas: &[(UnitCode, u32)], existing: &[UnitCode], unit: &UnitCode) -> bool {
    if quotas.is_empty() {
        return true;
    }
    let Some(target) = quota_unit(quotas, unit) else {
        return false;
    };
    let limit = quotas
        .iter()
        .find(|(q, _)| q == target)
        .map_or(0, |(_, n)| *n);
    let used = existing
        .iter()
        .filter(|u| quota_unit(quotas, u) == Some(target))
        .count();
    (used as u64) < u64::from(limit)
}

/// Objections are taken up to and including the last day of the notice.
pub fn notice_open(notice_until: CivilDate, today: CivilDate) -> bool {
    today <= notice_until
}

/// Votes counted for one nomination.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub for_: i64,
    pub against: i64,
    pub abstain: i64,
}

impl Tally {
    pub fn add(&mut self, vote: Vote) {
        match vote {
            Vote::For => self.for_ += 1,
            Vote::Against => self.against += 1,
            Vote::Abstain => self.abstain += 1,
        }
    }

    /// A simple majority of the votes cast for it (abstentions count as cast).
    pub fn carried(&self) -> bool {
        let cast = self.for_ + self.against + self.abstain;
        cast > 0 && self.for_ * 2 > cast
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str) -> UnitCode {
        UnitCode::parse(code).expect("a unit code")
    }

    const STREET: &str = "350503001000";
    const COMMUNITY: &str = "350503001001";
    const OTHER_COMMUNITY: &str = "350503001002";
    const OTHER_STREET: &str = "350503002000";

    #[test]
    fn every_award_code_reads_back() {
        for a in Award::ALL {
            assert_eq!(Award::parse(a.as_str()), Some(*a));
        }
        assert_eq!(Award::parse("red_flag"), None);
    }

    #[test]
    fn a_collective_award_takes_an_enterprise_and_an_individual_one_a_person() {
        assert_eq!(
            check_nominee(Award::March8RedBannerCollective, Nominee::Person),
            Err(NomineeError::CollectiveAward)
        );
        assert_eq!(
            check_nominee(Award::March8RedBannerHolder, Nominee::Enterprise),
            Err(NomineeError::IndividualAward)
        );
        assert!(check_nominee(Award::OutstandingWomanEntrepreneur, Nominee::Enterprise).is_ok());
        assert!(check_nominee(Award::OutstandingWomanEntrepreneur, Nominee::Person).is_ok());
    }

    #[test]
    fn a_communitys_nomination_counts_against_its_streets_quota() {
        let quotas = [(unit(STREET), 2)];
        let existing = [unit(COMMUNITY)];
        assert!(within_quota(&quotas, &existing, &unit(OTHER_COMMUNITY)));
        let existing = [unit(COMMUNITY), unit(STREET)];
        assert!(!within_quota(&quotas, &existing, &unit(OTHER_COMMUNITY)));
    }

    #[test]
    fn a_community_with_a_quota_of_its_own_does_not_use_its_streets() {
        let quotas = [(unit(STREET), 1), (unit(COMMUNITY), 1)];
        let existing = [unit(OTHER_COMMUNITY)];
        assert!(within_quota(&quotas, &existing, &unit(COMMUNITY)));
        assert!(!within_quota(&quotas, &existing, &unit(STREET)));
    }

    #[test]
    fn a_unit_no_quota_covers_nominates_nobody_but_no_quotas_means_no_limit() {
        let quotas = [(unit(STREET), 3)];
        assert!(!within_quota(&quotas, &[], &unit(OTHER_STREET)));
        assert!(within_quota(&[], &[unit(STREET)], &unit(STREET)));
    }

    #[test]
    fn the_notice_takes_objections_through_its_last_day() {
        let last = CivilDate::new(2026, 3, 6).expect("a date");
        assert!(notice_open(last, last));
        assert!(!notice_open(last, last.plus_days(1)));
    }

    #[test]
    fn a_nomination_is_carried_by_more_than_half_of_the_votes_cast() {
        let mut t = Tally::default();
        t.add(Vote::For);
        t.add(Vote::Abstain);
        assert!(!t.carried());
        t.add(Vote::For);
        assert!(t.carried());
        assert!(!Tally::default().carried());
    }
}
