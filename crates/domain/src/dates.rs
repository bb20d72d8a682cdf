//! Calendar dates without time zones (birth dates, service dates), stored as `YYYY-MM-DD`.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl CivilDate {
    pub fn new(year: i32, month: u32, day: u32) -> Option<CivilDate> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(CivilDate { year, month, day })
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<CivilDate> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        CivilDate::new(year, month, day)
    }

    /// The date (UTC+8, the federation's local time) of a moment in milliseconds since the epoch.
    pub fn from_epoch_ms_china(ms: i64) -> CivilDate {
        let days = (ms + 8 * 3_600_000).div_euclid(86_400_000);
        CivilDate::from_days_since_epoch(days)
    }

    /// Howard Hinnant's civil-from-days.
    fn from_days_since_epoch(days: i64) -> CivilDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        CivilDate { year, month, day }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let month = i64::from(self.month);
        let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn plus_days(self, days: i64) -> CivilDate {
        CivilDate::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
        matches!((self.days_since_epoch() + 4).rem_euclid(7), 0 | 6)
    }

    /// The first millisecond of the day after this one, in UTC+8: a deadline "on" this day.
    pub fn end_ms_china(self) -> i64 {
        (self.days_since_epoch() + 1) * 86_400_000 - 8 * 3_600_000
    }

    /// Whole years from `self` (a birth date) to `on`.
    pub fn age_on(self, on: CivilDate) -> i32 {
        let had_birthday = (on.month, on.day) >= (self.month, self.day);
        on.year - self.year - i32::from(!had_birthday)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_weekends_fall_on_saturday_and_sunday() {
        let d = CivilDate::new(2026, 11, 29).expect("date");
        assert_eq!(CivilDate::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!(
            CivilDate::new(1970, 1, 1).expect("date").days_since_epoch(),
            0
        );
        assert!(d.is_weekend(), "2026-11-29 is a Sunday");
        assert!(d.plus_days(-1).is_weekend());
        assert!(!d.plus_days(1).is_weekend());
        assert_eq!(CivilDate::from_epoch_ms_china(d.end_ms_china() - 1), d);
        assert_eq!(
            CivilDate::from_epoch_ms_china(d.end_ms_china()),
            d.plus_days(1)
        );
    }

    #[test]
    fn dates_parse_print_and_count_ages() {
        let birth = CivilDate::parse("1990-03-07").expect("date");
        assert_eq!(birth.to_string(), "1990-03-07");
        assert_eq!(
            birth.age_on(CivilDate {
                year: 2026,
                month: 3,
                day: 6
            }),
            35
        );
        assert_eq!(
            birth.age_on(CivilDate {
                year: 2026,
                month: 3,
                day: 7
            }),
            36
        );
        assert_eq!(CivilDate::parse("2026-02-29"), None);
    }

    #[test]
    fn epoch_milliseconds_turn_into_china_dates() {
        // 2025-12-31T16:00Z is already 2026-01-01 in China.
        assert_eq!(
            CivilDate::from_epoch_ms_china(1_767_196_800_000),
            CivilDate {
                year: 2026,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            CivilDate::from_epoch_ms_china(0),
            CivilDate {
                year: 1970,
                month: 1,
                day: 1
            }
        );
    }
}
