//! Training (分层次创业就业培训): the tiers of courses, who completes one by the share of its
//! sessions she attended, the certificate's number and the name it shows in public, and the
//! outcome six months after completion (employed, or a business of her own).

use crate::CivilDate;

codes!(
    /// The tiers of the work report's training: SYB entrepreneurship with the labour bureau,
    /// skills courses, online courses, lectures (labour law, "企业如何过冬"), and the provincial
    /// leadership course at a university.
    Tier {
        Entrepreneurship = "entrepreneurship",
        Skills = "skills",
        Online = "online",
        Lecture = "lecture",
        Leadership = "leadership",
    }
);

codes!(
    /// Where an enrollment stands: on the course, on its waiting list, or withdrawn.
    EnrollmentStatus {
        Enrolled = "enrolled",
        Waiting = "waiting",
        Withdrawn = "withdrawn",
    }
);

codes!(
    /// How an attendance was taken: ticked at the desk, by the session's QR check-in, or read
    /// from a filled sign-in sheet.
    AttendanceVia { Desk = "desk", Qr = "qr", Import = "import" }
);

codes!(
    /// What the follow-up call six months after completion found.
    FollowUpResult {
        Employed = "employed",
        Business = "business",
        NotEmployed = "not_employed",
        Unreachable = "unreachable",
    }
);

/// A course is completed by attending this share of its sessions unless it says otherwise.
pub const DEFAULT_COMPLETION_PERMILLE: i32 = 800;

/// How long after completion the outcome is asked: six months (the work report's measure).
pub const OUTCOME_MONTHS: u32 = 6;

/// A share of sessions (0–1, as the API takes it) in thousandths; `None` outside 0–1.
pub fn permille_of_share(share: f64) -> Option<i32> {
    (share.is_finite() && (0.0..=1.0).contains(&share)).then(|| (share * 1000.0).round() as i32)
}

/// Whether `attended` of `sessions` meets the rule: attended / sessions ≥ permille / 1000,
/// counted in whole numbers (4 of 5 meets 80 %). A course without sessions completes nobody.
pub fn completes(attended: i64, sessions: i64, permille: i32) -> bool {
    sessions > 0 && attended * 1000 >= i64::from(permille) * sessions
}

/// The day her outcome is due: six months after completion (the last day of a shorter month
/// when the day does not exist there).
pub fn outcome_due(completed_on: CivilDate) -> CivilDate {
    completed_on.plus_months(OUTCOME_MONTHS)
}

/// What is known of a completer six months on: from employment records (a placement or a
/// signed intention agreement, a business started) or, where none exists, from the call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    pub employed: bool,
    pub business: bool,
    /// Found in the employment records (no call needed).
    pub from_records: bool,
    /// A follow-up call was recorded.
    pub called: bool,
}

/// A record of employment work about a person: a job (placement or agreement) or a business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Job,
    Business,
}

/// The outcome of a completer: employment records dated from the course's first day to six
/// months after completion count; a follow-up call adds what it found.
pub fn outcome(
    started_on: CivilDate,
    completed_on: CivilDate,
    records: &[(RecordKind, CivilDate)],
    call: Option<FollowUpResult>,
) -> Outcome {
    let until = outcome_due(completed_on);
    let mut o = Outcome::default();
    for (kind, on) in records {
        if *on < started_on || *on > until {
            continue;
        }
        o.from_records = true;
        match kind {
            RecordKind::Job => o.employed = true,
            RecordKind::Business => o.business = true,
        }
    }
    if let Some(result) = call {
        o.called = true;
        match result {
            FollowUpResult::Employed => o.employed = true,
            FollowUpResult::Business => o.business = true,
            FollowUpResult::NotEmployed | FollowUpResult::Unreachable => {}
        }
    }
    o
}

/// Whether a completer is due for her follow-up call: six months have passed and neither the
/// employment records nor an earlier call tell her outcome.
pub fn follow_up_due(completed_on: CivilDate, today: CivilDate, known: Outcome) -> bool {
    outcome_due(completed_on) <= today && !known.from_records && !known.called
}

/// The name as the public verification page shows it: the first and the last character, the
/// ones between masked (王*丽, 欧**丽); a name of two characters keeps its first (王*).
pub fn mask_name_middle(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_owned(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// Letters of a certificate number's random part: no 0/O or 1/I to misread.
pub const CERTIFICATE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A certificate's number: the district, the year, the year's serial and a random tail that
/// keeps the public verification page from being walked number by number
/// (`350503-2026-00012-K7QD`).
pub fn certificate_number(district: &str, year: i32, serial: i64, tail: &str) -> String {
    let district: String = district.chars().take(6).collect();
    format!("{district}-{year}-{serial:05}-{tail}")
}

/// Whether a text is shaped like a certificate number (what the public page looks up).
pub fn is_certificate_number(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 4
        && parts[0].len() == 6
        && parts[1].len() == 4
        && parts[2].len() >= 5
        && parts[..3]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && parts[3].len() == 4
        && parts[3].bytes().all(|b| CERTIFICATE_ALPHABET.contains(&b))
}

/// A time of day as sessions write it, `HH:MM` (08:30, 14:00).
pub fn parse_time_of_day(text: &str) -> Option<String> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// An online session's link: http or https, no spaces.
pub fn is_online_link(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("https://") || t.starts_with("http://"))
        && t.len() > "https://".len()
        && !t.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> CivilDate {
        CivilDate::parse(s).expect("a date")
    }

    #[test]
    fn every_tier_code_reads_back() {
        for t in Tier::ALL {
            assert_eq!(Tier::parse(t.as_str()), Some(*t));
        }
        assert_eq!(Tier::parse("syb"), None);
    }

    #[test]
    fn completion_counts_whole_sessions_against_the_share() {
        assert!(completes(4, 5, 800));
        assert!(!completes(3, 5, 800));
        assert!(completes(1, 1, 1000));
        assert!(completes(0, 3, 0));
        assert!(!completes(0, 0, 0), "no sessions, no completion");
        assert!(completes(7, 10, 700) && !completes(6, 10, 700));
    }

    #[test]
    fn a_share_outside_zero_to_one_is_refused() {
        assert_eq!(permille_of_share(0.8), Some(800));
        assert_eq!(permille_of_share(1.0), Some(1000));
        assert_eq!(permille_of_share(0.0), Some(0));
        assert_eq!(permille_of_share(1.2), None);
        assert_eq!(permille_of_share(-0.1), None);
        assert_eq!(permille_of_share(f64::NAN), None);
    }

    #[test]
    fn the_outcome_is_due_six_months_after_completion() {
        assert_eq!(outcome_due(day("2026-05-20")), day("2026-11-20"));
        assert_eq!(outcome_due(day("2026-08-31")), day("2027-02-28"));
    }

    #[test]
    fn records_in_the_window_tell_the_outcome_and_spare_the_call() {
        let (start, done) = (day("2026-04-01"), day("2026-05-20"));
        let job = [(RecordKind::Job, day("2026-07-01"))];
        let o = outcome(start, done, &job, None);
        assert!(o.employed && o.from_records && !o.business);
        assert!(!follow_up_due(done, day("2026-12-01"), o));

        // Before the course or long after the six months: not this course's outcome.
        let old = [
            (RecordKind::Business, day("2025-12-01")),
            (RecordKind::Job, day("2027-01-05")),
        ];
        let o = outcome(start, done, &old, None);
        assert_eq!(o, Outcome::default());
        assert!(follow_up_due(done, day("2026-11-20"), o));
        assert!(
            !follow_up_due(done, day("2026-11-19"), o),
            "not yet six months"
        );

        let called = outcome(start, done, &[], Some(FollowUpResult::Business));
        assert!(called.business && called.called);
        assert!(!follow_up_due(done, day("2026-12-01"), called));
    }

    #[test]
    fn the_public_name_keeps_its_first_and_last_character() {
        assert_eq!(mask_name_middle("王秀丽"), "王*丽");
        assert_eq!(mask_name_middle("王丽"), "王*");
        assert_eq!(mask_name_middle("欧阳秀丽"), "欧**丽");
        assert_eq!(mask_name_middle("阿依古丽·买买提"), "阿******提");
    }

    #[test]
    fn certificate_numbers_are_recognized_by_their_shape() {
        let n = certificate_number("350503000000", 2026, 12, "K7QD");
        assert_eq!(n, "350503-2026-00012-K7QD");
        assert!(is_certificate_number(&n));
        for bad in [
            "350503-2026-00012-K7Q0",
            "2026-00012",
            "",
            "350503-2026-00012-k7qd",
        ] {
            assert!(!is_certificate_number(bad), "{bad}");
        }
    }

    #[test]
    fn times_and_links_are_read_as_sessions_write_them() {
        assert_eq!(parse_time_of_day("8:30").as_deref(), Some("08:30"));
        assert_eq!(parse_time_of_day("24:00"), None);
        assert!(is_online_link("https://meeting.example.cn/j/123"));
        assert!(!is_online_link("腾讯会议 123"));
    }
}
