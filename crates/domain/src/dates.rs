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

    /// The same day `months` months later; the month's last day when it has no such day
    /// (2026-08-31 plus six months is 2027-02-28).
    pub fn plus_months(self, months: u32) -> CivilDate {
        let index = i64::from(self.year) * 12 + i64::from(self.month - 1) + i64::from(months);
        let year = index.div_euclid(12) as i32;
        let month = index.rem_euclid(12) as u32 + 1;
        let day = self.day.min(days_in_month(year, month));
        CivilDate { year, month, day }
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

/// The people whose age in whole years on a day lies in a band (`min..=max`, either end open):
/// the people search's age filter, "a minor" (under 18).
///
/// Only the birth year is stored in plain (the exact date is inside the sealed ID number), so the
/// band also says what a year alone decides: every birth day of most years gives an age inside
/// (or outside) the band; at most two edge years need the exact date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeBand {
    min: Option<i32>,
    max: Option<i32>,
    on: CivilDate,
}

/// What a birth year alone says about a band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearInBand {
    /// Every day of the year gives an age inside the band.
    Inside,
    /// No day of the year does.
    Outside,
    /// Some days do: the exact birth date decides.
    Edge,
}

impl AgeBand {
    /// Ages `min..=max` on `on`.
    pub fn new(min: Option<u32>, max: Option<u32>, on: CivilDate) -> AgeBand {
        let age = |a: u32| i32::try_from(a).unwrap_or(i32::MAX);
        AgeBand {
            min: min.map(age),
            max: max.map(age),
            on,
        }
    }

    /// Minors (未成年人): younger than 18 on `on`.
    pub fn minors(on: CivilDate) -> AgeBand {
        AgeBand::new(None, Some(17), on)
    }

    fn holds(self, age: i32) -> bool {
        self.min.is_none_or(|m| age >= m) && self.max.is_none_or(|m| age <= m)
    }

    pub fn contains(self, birth: CivilDate) -> bool {
        self.holds(birth.age_on(self.on))
    }

    /// Whether `on` is the last day of its year: then everyone born in a year has had her
    /// birthday, and a year gives one age only.
    fn year_end(self) -> bool {
        (self.on.month, self.on.day) == (12, 31)
    }

    /// Born in `year`, a person is `on.year - year` once her birthday has come this year, one
    /// less before; both ages exist in a year unless `on` is December 31.
    pub fn year(self, year: i32) -> YearInBand {
        let oldest = self.on.year - year;
        let youngest = oldest - i32::from(!self.year_end());
        match (self.holds(youngest), self.holds(oldest)) {
            (true, true) => YearInBand::Inside,
            (false, false) => YearInBand::Outside,
            _ => YearInBand::Edge,
        }
    }

    /// The birth years wholly inside the band, lowest and highest (`None`: open), or `None` when
    /// no year is.
    pub fn whole_years(self) -> Option<(Option<i32>, Option<i32>)> {
        let lowest = self.max.map(|max| self.on.year - max);
        let gap = i32::from(!self.year_end());
        let highest = self.min.map(|min| self.on.year - gap - min);
        match (lowest, highest) {
            (Some(lo), Some(hi)) if lo > hi => None,
            _ => Some((lowest, highest)),
        }
    }

    /// Every birth year some day of which may be inside: the whole years and the edge years
    /// (lowest and highest; `None` is open).
    pub fn years(self) -> (Option<i32>, Option<i32>) {
        (
            self.max.map(|max| self.on.year - max - 1),
            self.min.map(|min| self.on.year - min),
        )
    }

    /// The years only partly inside (at most two), whose people the exact date decides.
    pub fn edge_years(self) -> Vec<i32> {
        let mut years: Vec<i32> = [
            self.min.map(|min| self.on.year - min),
            self.max.map(|max| self.on.year - max - 1),
        ]
        .into_iter()
        .flatten()
        .filter(|y| self.year(*y) == YearInBand::Edge)
        .collect();
        years.sort_unstable();
        years.dedup();
        years
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

    /// Every birth day of 1900–2030 against bands on days that move the edges: an ordinary day,
    /// New Year's Day, February 29 and the day before, and December 31.
    #[test]
    fn an_age_band_agrees_with_ages_and_its_years_with_their_days() {
        let days = [
            (2026, 9, 21),
            (2026, 1, 1),
            (2028, 2, 29),
            (2028, 2, 28),
            (2026, 12, 31),
        ];
        let bands = [
            (None, Some(17)),
            (Some(18), None),
            (Some(40), Some(43)),
            (Some(30), Some(30)),
            (Some(0), Some(0)),
            (Some(5), Some(3)),
        ];
        for (y, m, d) in days {
            let on = CivilDate::new(y, m, d).expect("date");
            for (min, max) in bands {
                let band = AgeBand::new(min, max, on);
                let age_in = |age: i32| {
                    min.is_none_or(|m| age >= m as i32) && max.is_none_or(|m| age <= m as i32)
                };
                let whole = band.whole_years();
                let edges = band.edge_years();
                assert!(edges.len() <= 2, "{on} {min:?}-{max:?}: {edges:?}");
                for year in 1900..=2030 {
                    let inside: Vec<bool> = (1..=12)
                        .flat_map(|month| (1..=31).map(move |day| (month, day)))
                        .filter_map(|(month, day)| CivilDate::new(year, month, day))
                        .filter(|b| *b <= on)
                        .map(|b| {
                            assert_eq!(band.contains(b), age_in(b.age_on(on)), "{b} on {on}");
                            band.contains(b)
                        })
                        .collect();
                    if inside.is_empty() {
                        assert!(year > on.year);
                        continue;
                    }
                    let expected = if inside.iter().all(|i| *i) {
                        YearInBand::Inside
                    } else if inside.iter().any(|i| *i) {
                        YearInBand::Edge
                    } else {
                        YearInBand::Outside
                    };
                    // The days of this year still to come have no births yet: the year may be
                    // an edge (the exact dates decide, rightly) where its past days agree.
                    let said = band.year(year);
                    assert!(
                        said == expected || (year == on.year && said == YearInBand::Edge),
                        "{year} on {on} {min:?}-{max:?}: {said:?}, not {expected:?}"
                    );
                    let in_whole = whole.is_some_and(|(lo, hi)| {
                        lo.is_none_or(|lo| year >= lo) && hi.is_none_or(|hi| year <= hi)
                    });
                    assert_eq!(
                        in_whole,
                        band.year(year) == YearInBand::Inside,
                        "{year} whole on {on} {min:?}-{max:?}"
                    );
                    assert_eq!(
                        edges.contains(&year),
                        band.year(year) == YearInBand::Edge,
                        "{year} edge on {on} {min:?}-{max:?}"
                    );
                    let (lo, hi) = band.years();
                    let in_years = lo.is_none_or(|lo| year >= lo) && hi.is_none_or(|hi| year <= hi);
                    assert!(
                        in_years || band.year(year) == YearInBand::Outside,
                        "{year} left out of the years of {on} {min:?}-{max:?}"
                    );
                }
            }
        }
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
