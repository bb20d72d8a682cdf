//! Working days: weekends, statutory holidays (法定节假日) and make-up working days (调休上班).
//!
//! Every deadline counted in working days goes through a `WorkCalendar`. Its table is kept per
//! year (the State Council publishes each year's in November); a day that is in no table is a
//! working day from Monday to Friday, so an empty calendar counts weekends only.

use crate::dates::CivilDate;
use std::collections::BTreeSet;

codes!(
    /// What a day of the table is: a day off (a holiday, or a weekday given off for one), or a
    /// weekend day worked in exchange (调休上班).
    DayKind { Holiday = "holiday", Workday = "workday" }
);

impl DayKind {
    /// The code or the words a sheet uses for it: 放假 / 休息 / 节假日 and 调休上班 / 上班 / 补班.
    pub fn parse_label(text: &str) -> Option<DayKind> {
        let text = text.trim();
        DayKind::parse(&text.to_lowercase()).or(match text {
            "放假" | "休息" | "休" | "假日" | "节假日" | "法定节假日" | "放假调休" => {
                Some(DayKind::Holiday)
            }
            "调休上班" | "上班" | "班" | "补班" | "调休" | "工作日" => {
                Some(DayKind::Workday)
            }
            _ => None,
        })
    }

    /// How a sheet writes it (the template and the export).
    pub fn label_zh(self) -> &'static str {
        match self {
            DayKind::Holiday => "放假",
            DayKind::Workday => "调休上班",
        }
    }
}

/// One day of a year's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: CivilDate,
    pub kind: DayKind,
    /// The holiday it belongs to, e.g. 国庆节 (may be empty).
    pub name: String,
}

/// The longest name of a day (国庆节、中秋节 and the like).
pub const MAX_NAME_CHARS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DayError {
    #[error("the day is not in the year of the table")]
    OutsideYear,
    #[error("the day is twice in the table")]
    Duplicate,
    #[error("the name is too long")]
    NameTooLong,
}

impl DayError {
    pub fn code(self) -> &'static str {
        match self {
            DayError::OutsideYear => "holiday_outside_year",
            DayError::Duplicate => "holiday_duplicate_date",
            DayError::NameTooLong => "holiday_name_too_long",
        }
    }
}

/// Checks a year's table: every day inside the year, each once, names of a sensible length.
/// Returns the index of the first bad day with its error.
pub fn check_year(year: i32, days: &[CalendarDay]) -> Result<(), (usize, DayError)> {
    let mut seen = BTreeSet::new();
    for (i, day) in days.iter().enumerate() {
        if day.date.year != year {
            return Err((i, DayError::OutsideYear));
        }
        if !seen.insert(day.date) {
            return Err((i, DayError::Duplicate));
        }
        if day.name.chars().count() > MAX_NAME_CHARS {
            return Err((i, DayError::NameTooLong));
        }
    }
    Ok(())
}

/// The days off and the worked weekend days of the years in the table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeSet<CivilDate>,
    workdays: BTreeSet<CivilDate>,
}

impl WorkCalendar {
    pub fn new<'a>(days: impl IntoIterator<Item = &'a CalendarDay>) -> WorkCalendar {
        let mut calendar = WorkCalendar::default();
        for day in days {
            match day.kind {
                DayKind::Holiday => calendar.holidays.insert(day.date),
                DayKind::Workday => calendar.workdays.insert(day.date),
            };
        }
        calendar
    }

    /// A day off in the table is off, a worked weekend day is worked; any other day is a working
    /// day from Monday to Friday.
    pub fn is_working_day(&self, day: CivilDate) -> bool {
        if self.holidays.contains(&day) {
            false
        } else {
            self.workdays.contains(&day) || !day.is_weekend()
        }
    }

    /// The day on which `working_days` working days after `start` end (zero is the same day,
    /// or the next working day when `start` is not one).
    pub fn add_working_days(&self, start: CivilDate, working_days: u32) -> CivilDate {
        let mut day = start;
        while !self.is_working_day(day) {
            day = day.plus_days(1);
        }
        let mut left = working_days;
        while left > 0 {
            day = day.plus_days(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }
}

/// (month, day) of the shipped year.
type MonthDay = (u32, u32);

/// The year whose table ships with jinguo and is loaded into a new database.
pub const SHIPPED_YEAR: i32 = 2026;

/// 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕, 4 November 2025,
/// https://www.gov.cn/zhengce/content/202511/content_7047090.htm, as published by 新华社):
/// (first day off, last day off, the worked weekend days, name).
const SHIPPED_2026: &[(MonthDay, MonthDay, &[MonthDay], &str)] = &[
    // 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    ((1, 1), (1, 3), &[(1, 4)], "元旦"),
    // 二、春节：2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    ((2, 15), (2, 23), &[(2, 14), (2, 28)], "春节"),
    // 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
    ((4, 4), (4, 6), &[], "清明节"),
    // 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
    ((5, 1), (5, 5), &[(5, 9)], "劳动节"),
    // 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
    ((6, 19), (6, 21), &[], "端午节"),
    // 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
    ((9, 25), (9, 27), &[], "中秋节"),
    // 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
    ((10, 1), (10, 7), &[(9, 20), (10, 10)], "国庆节"),
];

/// The shipped year's table, in date order.
pub fn shipped() -> Vec<CalendarDay> {
    let date = |(month, day): (u32, u32)| CivilDate {
        year: SHIPPED_YEAR,
        month,
        day,
    };
    let mut days = Vec::new();
    for &(first, last, worked, name) in SHIPPED_2026 {
        let (first, last) = (date(first), date(last));
        let mut day = first;
        while day <= last {
            days.push(CalendarDay {
                date: day,
                kind: DayKind::Holiday,
                name: name.to_owned(),
            });
            day = day.plus_days(1);
        }
        for &w in worked {
            days.push(CalendarDay {
                date: date(w),
                kind: DayKind::Workday,
                name: name.to_owned(),
            });
        }
    }
    days.sort_by_key(|d| d.date);
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> CivilDate {
        CivilDate::parse(text).expect("date")
    }

    /// `n` working days after `start` is `due`.
    fn assert_due(calendar: &WorkCalendar, start: &str, n: u32, due: &str) {
        let got = calendar.add_working_days(date(start), n);
        assert_eq!(got, date(due), "{n} working days after {start}");
    }

    #[test]
    fn an_empty_calendar_counts_weekends_only() {
        let calendar = WorkCalendar::default();
        assert_due(&calendar, "2026-11-27", 1, "2026-11-30");
        assert_due(&calendar, "2026-11-28", 0, "2026-11-30");
        assert_due(&calendar, "2026-11-23", 5, "2026-11-30");
        // The weekend-only count, written out, agrees on every start of a year.
        let weekends_only = |start: CivilDate, n: u32| {
            let mut day = start;
            while day.is_weekend() {
                day = day.plus_days(1);
            }
            for _ in 0..n {
                day = day.plus_days(1);
                while day.is_weekend() {
                    day = day.plus_days(1);
                }
            }
            day
        };
        let mut day = date("2026-01-01");
        while day.year == 2026 {
            for n in [0, 1, 3, 10, 20] {
                assert_eq!(calendar.add_working_days(day, n), weekends_only(day, n));
            }
            day = day.plus_days(1);
        }
    }

    #[test]
    fn a_deadline_from_the_eve_of_national_day_skips_the_week_off_and_counts_the_worked_saturday() {
        let calendar = WorkCalendar::new(&shipped());
        // Wednesday 30 September: Oct 1–7 are off, Thursday 8 and Friday 9 are working days,
        // and Saturday 10 October is worked (调休上班).
        assert_due(&calendar, "2026-09-30", 1, "2026-10-08");
        assert_due(&calendar, "2026-09-30", 3, "2026-10-10");
        assert_due(&calendar, "2026-09-30", 4, "2026-10-12");
        // A start inside the holiday begins on the first working day after it.
        assert_due(&calendar, "2026-10-03", 0, "2026-10-08");
        // Sunday 20 September is worked.
        assert!(calendar.is_working_day(date("2026-09-20")));
        assert_due(&calendar, "2026-09-19", 1, "2026-09-21");
        // Mid-Autumn: Friday 25 September is off.
        assert_due(&calendar, "2026-09-24", 1, "2026-09-28");
    }

    #[test]
    fn the_shipped_year_follows_the_state_council_notice() {
        let days = shipped();
        let off = days.iter().filter(|d| d.kind == DayKind::Holiday).count();
        let worked: Vec<String> = days
            .iter()
            .filter(|d| d.kind == DayKind::Workday)
            .map(|d| format!("{:04}-{:02}-{:02}", d.date.year, d.date.month, d.date.day))
            .collect();
        assert_eq!(off, 3 + 9 + 3 + 5 + 3 + 3 + 7);
        assert_eq!(
            worked,
            [
                "2026-01-04",
                "2026-02-14",
                "2026-02-28",
                "2026-05-09",
                "2026-09-20",
                "2026-10-10"
            ]
        );
        // Every worked day is a weekend day, and the table is a valid year.
        assert!(days
            .iter()
            .filter(|d| d.kind == DayKind::Workday)
            .all(|d| d.date.is_weekend()));
        assert_eq!(check_year(SHIPPED_YEAR, &days), Ok(()));
    }

    #[test]
    fn a_year_is_refused_with_a_day_of_another_year_or_a_day_twice() {
        let day = |text: &str| CalendarDay {
            date: date(text),
            kind: DayKind::Holiday,
            name: "元旦".into(),
        };
        assert_eq!(
            check_year(2027, &[day("2027-01-01"), day("2026-12-31")]),
            Err((1, DayError::OutsideYear))
        );
        assert_eq!(
            check_year(2027, &[day("2027-01-01"), day("2027-01-01")]),
            Err((1, DayError::Duplicate))
        );
    }

    #[test]
    fn day_kinds_are_read_in_chinese_and_as_codes() {
        for (text, kind) in [
            ("放假", DayKind::Holiday),
            ("holiday", DayKind::Holiday),
            (" Holiday ", DayKind::Holiday),
            ("调休上班", DayKind::Workday),
            ("上班", DayKind::Workday),
            ("workday", DayKind::Workday),
        ] {
            assert_eq!(DayKind::parse_label(text), Some(kind), "{text}");
        }
        assert_eq!(DayKind::parse_label("周末"), None);
    }
}
