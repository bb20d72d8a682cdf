//! Children's work: who counts as a child, when a guardian's consent is needed, and how a
//! guardian is related to the child.

use crate::CivilDate;

/// Registry people under this age are children (未成年人, Civil Code art. 17).
pub const ADULT_AGE: i32 = 18;

/// Below this age the personal information of a child is sensitive, and handling it needs the
/// consent of a parent or guardian (PIPL art. 28 and 31).
pub const CONSENT_AGE: i32 = 14;

/// Whether a person of this age is a child.
pub fn is_child(age: i32) -> bool {
    age < ADULT_AGE
}

/// Whether registering a child of this age needs her guardian's consent first.
pub fn needs_consent(age: i32) -> bool {
    age < CONSENT_AGE
}

/// A guardian's relation to the child (Civil Code art. 27: parents first, then grandparents,
/// adult siblings, other relatives or others willing and approved).
pub const RELATIONS: &[&str] = &[
    "mother",
    "father",
    "grandparent",
    "sibling",
    "relative",
    "other",
];

/// The relation's code, from its code or its Chinese name.
pub fn relation(raw: &str) -> Option<&'static str> {
    let raw = raw.trim();
    let by_label = match raw {
        "母亲" | "母" => Some("mother"),
        "父亲" | "父" => Some("father"),
        "祖父母" | "外祖父母" | "爷爷" | "奶奶" | "外公" | "外婆" => {
            Some("grandparent")
        }
        "兄姐" | "哥哥" | "姐姐" => Some("sibling"),
        "亲属" | "其他亲属" => Some("relative"),
        "其他" => Some("other"),
        _ => None,
    };
    by_label.or_else(|| RELATIONS.iter().copied().find(|r| *r == raw))
}

/// How often a paired volunteer visits her child. Counted in calendar days and months, not
/// working days: volunteers visit at weekends and in the holidays (the Spring Festival is when
/// a left-behind child most needs a visit), and "once a month" is a calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitEvery {
    Weekly,
    Fortnightly,
    Monthly,
    Bimonthly,
    Quarterly,
}

impl VisitEvery {
    pub const ALL: [VisitEvery; 5] = [
        VisitEvery::Weekly,
        VisitEvery::Fortnightly,
        VisitEvery::Monthly,
        VisitEvery::Bimonthly,
        VisitEvery::Quarterly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VisitEvery::Weekly => "weekly",
            VisitEvery::Fortnightly => "fortnightly",
            VisitEvery::Monthly => "monthly",
            VisitEvery::Bimonthly => "bimonthly",
            VisitEvery::Quarterly => "quarterly",
        }
    }

    pub fn parse(raw: &str) -> Option<VisitEvery> {
        let raw = raw.trim();
        let by_label = match raw {
            "每周" => Some(VisitEvery::Weekly),
            "每两周" => Some(VisitEvery::Fortnightly),
            "每月" => Some(VisitEvery::Monthly),
            "每两月" => Some(VisitEvery::Bimonthly),
            "每季度" => Some(VisitEvery::Quarterly),
            _ => None,
        };
        by_label.or_else(|| VisitEvery::ALL.into_iter().find(|v| v.as_str() == raw))
    }

    /// The day the next visit is due after a visit (or the pairing's start) on `last`: a week or
    /// two later, or the same day one, two or three months later (the month's last day when it
    /// has no such day: 01-31 → 02-28).
    pub fn next_due(self, last: CivilDate) -> CivilDate {
        match self {
            VisitEvery::Weekly => last.plus_days(7),
            VisitEvery::Fortnightly => last.plus_days(14),
            VisitEvery::Monthly => plus_months(last, 1),
            VisitEvery::Bimonthly => plus_months(last, 2),
            VisitEvery::Quarterly => plus_months(last, 3),
        }
    }
}

fn plus_months(day: CivilDate, months: u32) -> CivilDate {
    let index = day.month - 1 + months;
    let year = day.year + (index / 12) as i32;
    let month = index % 12 + 1;
    (1..=day.day)
        .rev()
        .find_map(|d| CivilDate::new(year, month, d))
        .unwrap_or(day)
}

/// How a pairing visit was made.
pub const VISIT_HOWS: &[&str] = &["home", "phone", "video", "school", "activity"];

/// Why a pairing ended.
pub const END_REASONS: &[&str] = &[
    "came_of_age",
    "moved",
    "family_returned",
    "volunteer_left",
    "family_request",
    "other",
];

/// Who came to a parent school session.
pub const ATTENDEE_KINDS: &[&str] = &["guardian", "child", "other"];

/// The code of a list's entry, if `raw` is one.
pub fn code_in(list: &'static [&'static str], raw: &str) -> Option<&'static str> {
    let raw = raw.trim();
    list.iter().copied().find(|c| *c == raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_visit_is_due_a_calendar_interval_after_the_last() {
        let day = |t: &str| CivilDate::parse(t).expect("date");
        for (every, last, due) in [
            (VisitEvery::Weekly, "2026-09-25", "2026-10-02"),
            (VisitEvery::Fortnightly, "2026-12-25", "2027-01-08"),
            (VisitEvery::Monthly, "2026-01-31", "2026-02-28"),
            (VisitEvery::Monthly, "2026-12-15", "2027-01-15"),
            (VisitEvery::Bimonthly, "2026-12-31", "2027-02-28"),
            (VisitEvery::Quarterly, "2026-11-30", "2027-02-28"),
        ] {
            assert_eq!(every.next_due(day(last)), day(due), "{every:?} {last}");
        }
        assert_eq!(VisitEvery::parse("每月"), Some(VisitEvery::Monthly));
        assert_eq!(VisitEvery::parse("daily"), None);
    }

    #[test]
    fn a_child_is_under_18_and_needs_consent_under_14() {
        for (age, child, consent) in [
            (0, true, true),
            (13, true, true),
            (14, true, false),
            (17, true, false),
            (18, false, false),
        ] {
            assert_eq!(is_child(age), child, "{age}");
            assert_eq!(needs_consent(age), consent, "{age}");
        }
    }

    #[test]
    fn relations_are_read_from_codes_and_chinese_names() {
        assert_eq!(relation("mother"), Some("mother"));
        assert_eq!(relation(" 奶奶 "), Some("grandparent"));
        assert_eq!(relation("neighbour"), None);
    }
}
