//! Casework rules: the kinds, channels and categories of a case, the workflow of its statuses,
//! deadlines in working days, restriction, and the domestic-violence risk screening.

use crate::dates::CivilDate;
use serde::{Deserialize, Serialize};

codes!(
    /// A rights-protection case (维权) or an enterprise's difficulty report (企业诉求).
    CaseKind { Rights = "rights", Enterprise = "enterprise" }
);

codes!(
    /// How the case reached the federation.
    Channel {
        Hotline12338 = "hotline_12338",
        WalkIn = "walk_in",
        Letter = "letter",
        Online = "online",
        Outreach = "outreach",
        LiaisonVisit = "liaison_visit",
    }
);

codes!(
    Category {
        MarriageFamily = "marriage_family",
        DomesticViolence = "domestic_violence",
        Employment = "employment",
        Property = "property",
        SexualHarassment = "sexual_harassment",
        PersonalSafety = "personal_safety",
        Children = "children",
        EnterpriseOperation = "enterprise_operation",
        Infrastructure = "infrastructure",
        Other = "other",
    }
);

codes!(
    Status {
        New = "new",
        Assigned = "assigned",
        InProgress = "in_progress",
        Referred = "referred",
        Escalated = "escalated",
        Resolved = "resolved",
        Closed = "closed",
    }
);

codes!(
    Urgency { Normal = "normal", Urgent = "urgent", Emergency = "emergency" }
);

codes!(
    /// The client's satisfaction at closure, on the scale federation return visits use.
    Satisfaction {
        VerySatisfied = "very_satisfied",
        Satisfied = "satisfied",
        BasicallySatisfied = "basically_satisfied",
        Dissatisfied = "dissatisfied",
    }
);

impl Category {
    /// Domestic violence and sexual harassment are seen only by their handler and district
    /// federation staff.
    pub fn restricted_by_default(self) -> bool {
        matches!(
            self,
            Category::DomesticViolence | Category::SexualHarassment
        )
    }

    /// Where someone's safety may be at stake: first contact within one working day.
    pub fn is_safety_critical(self) -> bool {
        matches!(
            self,
            Category::DomesticViolence
                | Category::SexualHarassment
                | Category::PersonalSafety
                | Category::Children
        )
    }

    /// Cases where a minor victim or one lacking capacity must be reported to the police
    /// (强制报告制度): the safety-critical categories.
    pub fn may_need_mandatory_report(self) -> bool {
        self.is_safety_critical()
    }
}

impl Status {
    /// Open cases carry a deadline; a closed one waits only for its follow-up visit.
    pub fn is_open(self) -> bool {
        self != Status::Closed
    }

    /// The statuses a case may move to from this one. `Assigned` from a handled status is a
    /// hand-over to another handler; `InProgress` from `Resolved`/`Closed` is a reopening.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            New => &[Assigned, Referred, Resolved],
            Assigned => &[Assigned, InProgress, Referred, Escalated, Resolved],
            InProgress => &[Assigned, Referred, Escalated, Resolved],
            Referred => &[Assigned, InProgress, Escalated, Resolved],
            Escalated => &[Assigned, InProgress, Referred, Resolved],
            Resolved => &[Closed, InProgress],
            Closed => &[InProgress],
        }
    }

    pub fn may_become(self, to: Status) -> bool {
        self.next().contains(&to)
    }

    /// Moving back into handling from a finished state.
    pub fn is_reopening(self, to: Status) -> bool {
        matches!(self, Status::Resolved | Status::Closed) && to == Status::InProgress
    }
}

/// Working days allowed in each status before a case is overdue, per category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRule {
    pub category: Category,
    pub status: Status,
    pub working_days: u32,
}

/// The defaults: first contact within one working day where safety is at stake (domestic
/// violence, harassment, personal safety, children), three otherwise.
pub fn default_working_days(category: Category, status: Status) -> Option<u32> {
    let critical = category.is_safety_critical();
    match status {
        Status::New | Status::Assigned => Some(if critical { 1 } else { 3 }),
        Status::InProgress => Some(if critical { 10 } else { 15 }),
        Status::Referred => Some(10),
        Status::Escalated => Some(20),
        Status::Resolved => Some(5),
        Status::Closed => None,
    }
}

/// The day on which `working_days` working days after `start` end, counting weekends only (zero
/// is the same day, or the next working day when `start` falls on a weekend). Deadlines count
/// the holidays too: they go through `calendar::WorkCalendar`, which agrees with this when its
/// table is empty.
pub fn add_working_days(start: CivilDate, working_days: u32) -> CivilDate {
    crate::calendar::WorkCalendar::default().add_working_days(start, working_days)
}

/// Days after closure when the follow-up visit (回访) is due.
pub const FOLLOW_UP_DAYS: i64 = 30;

/// One question of the domestic-violence risk screening, with its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskItem {
    pub code: &'static str,
    pub weight: u32,
    /// An answer "yes" here makes the risk high whatever the total.
    pub decisive: bool,
}

/// The screening checklist asked at intake of a domestic-violence case, after the lethality
/// factors of the Danger Assessment that Chinese anti-DV practice guides adopt.
pub const RISK_ITEMS: &[RiskItem] = &[
    RiskItem {
        code: "escalating",
        weight: 2,
        decisive: false,
    },
    RiskItem {
        code: "weapon",
        weight: 3,
        decisive: true,
    },
    RiskItem {
        code: "strangulation",
        weight: 3,
        decisive: true,
    },
    RiskItem {
        code: "threat_to_kill",
        weight: 3,
        decisive: true,
    },
    RiskItem {
        code: "pregnant_abuse",
        weight: 2,
        decisive: false,
    },
    RiskItem {
        code: "substance_abuse",
        weight: 1,
        decisive: false,
    },
    RiskItem {
        code: "controlling",
        weight: 1,
        decisive: false,
    },
    RiskItem {
        code: "separation",
        weight: 2,
        decisive: false,
    },
    RiskItem {
        code: "suicide_threat",
        weight: 2,
        decisive: false,
    },
    RiskItem {
        code: "children_harmed",
        weight: 2,
        decisive: false,
    },
    RiskItem {
        code: "stalking",
        weight: 1,
        decisive: false,
    },
    RiskItem {
        code: "victim_fears_death",
        weight: 3,
        decisive: true,
    },
];

codes!(
    RiskLevel { Low = "low", Medium = "medium", High = "high" }
);

/// A scored screening: the items answered "yes", their total and the level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskScreening {
    pub yes: Vec<String>,
    pub score: u32,
    pub level: RiskLevel,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown risk item {0:?}")]
pub struct UnknownRiskItem(pub String);

/// Scores the items answered "yes": high at 10 or more or on any decisive item, medium from 5.
pub fn screen(yes: &[String]) -> Result<RiskScreening, UnknownRiskItem> {
    let mut items = Vec::new();
    for code in yes {
        let item = RISK_ITEMS
            .iter()
            .find(|i| i.code == code.trim())
            .ok_or_else(|| UnknownRiskItem(code.clone()))?;
        if !items.contains(item) {
            items.push(*item);
        }
    }
    let score = items.iter().map(|i| i.weight).sum();
    let level = if score >= 10 || items.iter().any(|i| i.decisive) {
        RiskLevel::High
    } else if score >= 5 {
        RiskLevel::Medium
    } else {
        RiskLevel::Low
    };
    Ok(RiskScreening {
        yes: items.iter().map(|i| i.code.to_owned()).collect(),
        score,
        level,
    })
}

codes!(
    /// Where an application for a personal safety protection order (人身安全保护令) stands.
    OrderStatus {
        Applied = "applied",
        Granted = "granted",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> CivilDate {
        CivilDate::parse(text).expect("date")
    }

    #[test]
    fn every_code_round_trips() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Channel::parse("hotline_12338"), Some(Channel::Hotline12338));
        assert_eq!(Status::parse("done"), None);
    }

    #[test]
    fn the_workflow_allows_only_its_steps() {
        use Status::*;
        assert!(New.may_become(Assigned));
        assert!(!New.may_become(InProgress));
        assert!(!New.may_become(Closed));
        assert!(Resolved.may_become(Closed));
        assert!(
            !InProgress.may_become(Closed),
            "closing needs a resolution first"
        );
        assert!(Closed.may_become(InProgress) && Closed.is_reopening(InProgress));
        assert!(!Closed.may_become(Resolved));
        assert!(Assigned.may_become(Assigned), "a hand-over");
        for s in Status::ALL {
            assert!(!s.may_become(New), "nothing goes back to new");
        }
    }

    #[test]
    fn only_violence_and_harassment_are_restricted() {
        let restricted: Vec<_> = Category::ALL
            .iter()
            .filter(|c| c.restricted_by_default())
            .collect();
        assert_eq!(
            restricted,
            [&Category::DomesticViolence, &Category::SexualHarassment]
        );
    }

    #[test]
    fn working_days_skip_weekends() {
        // 2026-11-27 is a Friday.
        assert_eq!(add_working_days(date("2026-11-27"), 1), date("2026-11-30"));
        assert_eq!(add_working_days(date("2026-11-27"), 0), date("2026-11-27"));
        assert_eq!(add_working_days(date("2026-11-28"), 0), date("2026-11-30"));
        assert_eq!(add_working_days(date("2026-11-28"), 1), date("2026-12-01"));
        assert_eq!(add_working_days(date("2026-11-23"), 5), date("2026-11-30"));
        assert_eq!(
            default_working_days(Category::DomesticViolence, Status::New),
            Some(1)
        );
        assert_eq!(default_working_days(Category::Other, Status::New), Some(3));
        assert_eq!(default_working_days(Category::Other, Status::Closed), None);
    }

    #[test]
    fn screening_scores_and_levels() {
        let yes = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(screen(&[]).expect("screen").level, RiskLevel::Low);
        let medium = screen(&yes(&["escalating", "separation", "stalking"])).expect("screen");
        assert_eq!((medium.score, medium.level), (5, RiskLevel::Medium));
        let decisive = screen(&yes(&["strangulation"])).expect("screen");
        assert_eq!((decisive.score, decisive.level), (3, RiskLevel::High));
        let twice = screen(&yes(&["controlling", "controlling"])).expect("screen");
        assert_eq!(twice.score, 1, "an item counts once");
        assert!(screen(&yes(&["astrology"])).is_err());
    }
}
