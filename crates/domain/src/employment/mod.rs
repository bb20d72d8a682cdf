//! Employment and entrepreneurship: the vocabulary of enterprises, jobs, seekers, events and
//! assistance; the credit code of an enterprise (`credit_code`), the refusal of discriminatory
//! postings (`discrimination`) and the explainable seeker–job score (`matching`).

pub mod credit_code;
pub mod discrimination;
pub mod matching;

pub use credit_code::{CreditCode, CreditCodeError};
pub use discrimination::{find_discrimination, find_warning, Discrimination, DiscriminationKind};

codes!(
    /// Job categories, for postings and for what a seeker wants alike.
    JobCategory {
        Manufacturing = "manufacturing",
        Retail = "retail",
        Catering = "catering",
        DomesticService = "domestic_service",
        Healthcare = "healthcare",
        Education = "education",
        Office = "office",
        Logistics = "logistics",
        Agriculture = "agriculture",
        Ecommerce = "ecommerce",
        Beauty = "beauty",
        Handicraft = "handicraft",
        Other = "other",
    }
);

codes!(
    /// The sections of GB/T 4754-2017 (国民经济行业分类), by their letter.
    Industry {
        A = "A", B = "B", C = "C", D = "D", E = "E", F = "F", G = "G", H = "H", I = "I", J = "J",
        K = "K", L = "L", M = "M", N = "N", O = "O", P = "P", Q = "Q", R = "R", S = "S", T = "T",
    }
);

impl Industry {
    /// The section's name in the standard.
    pub fn name_zh(self) -> &'static str {
        use Industry::*;
        match self {
            A => "农、林、牧、渔业",
            B => "采矿业",
            C => "制造业",
            D => "电力、热力、燃气及水生产和供应业",
            E => "建筑业",
            F => "批发和零售业",
            G => "交通运输、仓储和邮政业",
            H => "住宿和餐饮业",
            I => "信息传输、软件和信息技术服务业",
            J => "金融业",
            K => "房地产业",
            L => "租赁和商务服务业",
            M => "科学研究和技术服务业",
            N => "水利、环境和公共设施管理业",
            O => "居民服务、修理和其他服务业",
            P => "教育",
            Q => "卫生和社会工作",
            R => "文化、体育和娱乐业",
            S => "公共管理、社会保障和社会组织",
            T => "国际组织",
        }
    }

    /// A section from its letter (either case) or its name as rosters write it ("制造业",
    /// "C 制造业", "C制造业").
    pub fn read(raw: &str) -> Option<Industry> {
        let raw = raw.trim();
        let upper = raw.to_ascii_uppercase();
        if let Some(i) = Industry::parse(&upper) {
            return Some(i);
        }
        let name = raw.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c.is_whitespace());
        Industry::ALL.iter().copied().find(|i| i.name_zh() == name)
    }
}

codes!(
    /// Education levels, lowest first (the order is used: a seeker meets a requirement at or
    /// below her level).
    Education {
        Primary = "primary",
        JuniorHigh = "junior_high",
        SeniorHigh = "senior_high",
        Associate = "associate",
        Bachelor = "bachelor",
        Postgraduate = "postgraduate",
    }
);

codes!(
    /// Working hours of a job.
    Hours { FullTime = "full_time", PartTime = "part_time", Flexible = "flexible", Shift = "shift" }
);

codes!(
    /// When a seeker can work.
    Availability { Any = "any", FullTime = "full_time", PartTime = "part_time", Flexible = "flexible" }
);

impl Availability {
    pub fn suits(self, hours: Hours) -> bool {
        match self {
            Availability::Any => true,
            Availability::FullTime => matches!(hours, Hours::FullTime | Hours::Shift),
            Availability::PartTime => matches!(hours, Hours::PartTime | Hours::Flexible),
            Availability::Flexible => hours == Hours::Flexible,
        }
    }
}

codes!(
    /// Terms that make a job workable for a mother or a carer.
    FriendlyTerm {
        FlexibleHours = "flexible_hours",
        Childcare = "childcare",
        NearHome = "near_home",
        TrainingProvided = "training_provided",
    }
);

codes!(
    JobStatus { Open = "open", Closed = "closed" }
);

codes!(
    SeekerStatus { Seeking = "seeking", Placed = "placed", Inactive = "inactive" }
);

codes!(
    /// What became of a recommendation of a job to a seeker.
    RecommendationOutcome {
        Recommended = "recommended",
        Contacted = "contacted",
        Interviewed = "interviewed",
        Hired = "hired",
        Declined = "declined",
    }
);

codes!(
    /// What an event is: the fairs and meetings of employment work, and (典型引路) the experience
    /// exchanges and showcases where model women tell how they made it; and a training course's
    /// session (`training`), whose check-in records the attendance of those enrolled.
    EventKind {
        JobFair = "job_fair",
        Matchmaking = "matchmaking",
        Lecture = "lecture",
        Activity = "activity",
        ExchangeMeeting = "exchange_meeting",
        Showcase = "showcase",
        Training = "training",
    }
);

codes!(
    /// How a visitor checked in at an event.
    CheckinVia { Qr = "qr", Desk = "desk" }
);

codes!(
    /// The four kinds of assistance (四项帮扶): 结对, 岗位, 技能, 维权.
    AssistanceKind { Pairing = "pairing", Job = "job", Skills = "skills", Rights = "rights" }
);

codes!(
    AssistanceStatus { Active = "active", Completed = "completed", Cancelled = "cancelled" }
);

codes!(
    /// What employment work achieved for a person: a job, or a business of her own.
    OutcomeKind { Placement = "placement", Startup = "startup" }
);

/// A code as spreadsheets write it: the code itself, or one of the Chinese words for it.
fn read_code<T: Copy>(
    raw: &str,
    parse: fn(&str) -> Option<T>,
    words: &[(T, &[&str])],
) -> Option<T> {
    let raw = raw.trim();
    if let Some(v) = parse(raw).or_else(|| parse(&raw.to_ascii_lowercase())) {
        return Some(v);
    }
    words
        .iter()
        .find(|(_, names)| names.contains(&raw))
        .map(|(v, _)| *v)
}

impl JobCategory {
    /// The category's Chinese names, the first as lists show it.
    pub fn labels_zh(self) -> &'static [&'static str] {
        use JobCategory::*;
        match self {
            Manufacturing => &["制造/生产", "制造", "生产", "制造业", "普工"],
            Retail => &["零售/销售", "零售", "销售", "营业员"],
            Catering => &["餐饮", "餐饮服务"],
            DomesticService => &["家政", "家政服务", "育婴", "月嫂"],
            Healthcare => &["医疗护理", "医疗", "护理", "医护"],
            Education => &["教育培训", "教育", "培训"],
            Office => &["文员/办公", "文员", "办公", "行政"],
            Logistics => &["物流", "快递", "仓储"],
            Agriculture => &["农业", "种养殖"],
            Ecommerce => &["电商", "电子商务", "直播"],
            Beauty => &["美容美发", "美容", "美发"],
            Handicraft => &["手工", "手工艺", "手工编织"],
            Other => &["其他", "其它"],
        }
    }

    /// A category from its code or a Chinese name ("制造/生产", "家政").
    pub fn read(raw: &str) -> Option<JobCategory> {
        let words: Vec<(JobCategory, &[&str])> = JobCategory::ALL
            .iter()
            .map(|c| (*c, c.labels_zh()))
            .collect();
        read_code(raw, JobCategory::parse, &words)
    }
}

impl Education {
    /// A level from its code or as rosters write it (小学 … 研究生; 中专 counts as 高中).
    pub fn read(raw: &str) -> Option<Education> {
        use Education::*;
        let raw = raw
            .trim()
            .trim_end_matches("及以上")
            .trim_end_matches("以上");
        read_code(
            raw,
            Education::parse,
            &[
                (Primary, &["小学"]),
                (JuniorHigh, &["初中"]),
                (SeniorHigh, &["高中", "中专", "职高", "技校", "高中/中专"]),
                (Associate, &["大专", "专科"]),
                (Bachelor, &["本科", "大学本科", "大学"]),
                (Postgraduate, &["研究生", "硕士", "博士"]),
            ],
        )
    }
}

impl Hours {
    /// Working hours from their code or Chinese name (全职, 兼职, 弹性, 倒班).
    pub fn read(raw: &str) -> Option<Hours> {
        use Hours::*;
        read_code(
            raw,
            Hours::parse,
            &[
                (FullTime, &["全职", "全日制"]),
                (PartTime, &["兼职", "非全日制"]),
                (Flexible, &["弹性", "弹性工作", "灵活"]),
                (Shift, &["倒班", "轮班", "三班倒", "两班倒"]),
            ],
        )
    }
}

impl FriendlyTerm {
    /// A term from its code or Chinese name (弹性工作, 托育, 就近, 提供培训).
    pub fn read(raw: &str) -> Option<FriendlyTerm> {
        use FriendlyTerm::*;
        read_code(
            raw,
            FriendlyTerm::parse,
            &[
                (FlexibleHours, &["弹性工作", "弹性工时", "弹性"]),
                (Childcare, &["托育", "托育服务", "提供托育"]),
                (NearHome, &["就近", "就近就业", "离家近"]),
                (TrainingProvided, &["提供培训", "培训", "岗前培训"]),
            ],
        )
    }
}

/// Salaries are whole yuan a month; a range must be ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SalaryError {
    #[error("salary below zero")]
    Negative,
    #[error("salary minimum above its maximum")]
    MinAboveMax,
    #[error("salary beyond any plausible monthly pay")]
    TooLarge,
}

/// A monthly salary range above this (yuan) is a typing error, not a posting.
pub const SALARY_CEILING: i64 = 1_000_000;

pub fn check_salary(min: i64, max: i64) -> Result<(), SalaryError> {
    if min < 0 || max < 0 {
        return Err(SalaryError::Negative);
    }
    if min > SALARY_CEILING || max > SALARY_CEILING {
        return Err(SalaryError::TooLarge);
    }
    if min > max {
        return Err(SalaryError::MinAboveMax);
    }
    Ok(())
}

/// An age band, both ends inclusive; ends outside 16–70 are refused (16 is the legal working
/// age).
pub fn check_age_band(min: Option<u32>, max: Option<u32>) -> Result<(), &'static str> {
    let in_range = |a: u32| (16..=70).contains(&a);
    if min.is_some_and(|a| !in_range(a)) {
        return Err("age_min");
    }
    if max.is_some_and(|a| !in_range(a)) {
        return Err("age_max");
    }
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            return Err("age_max");
        }
    }
    Ok(())
}

/// Free-text skills as one list: split on the separators rosters use, trimmed, deduplicated,
/// in first-seen order.
pub fn normalize_skills<S: AsRef<str>>(items: &[S]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        for part in item
            .as_ref()
            .split([',', '，', '、', ';', '；', '/', '|', '\n'])
        {
            let part = part.trim();
            if !part.is_empty() && !out.iter().any(|s| s == part) {
                out.push(part.to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn industries_read_letters_and_names() {
        assert_eq!(Industry::read("c"), Some(Industry::C));
        assert_eq!(Industry::read("制造业"), Some(Industry::C));
        assert_eq!(Industry::read("H 住宿和餐饮业"), Some(Industry::H));
        assert_eq!(Industry::read("H住宿和餐饮业"), Some(Industry::H));
        assert_eq!(Industry::read("Z"), None);
        assert_eq!(Industry::read("餐馆"), None);
    }

    #[test]
    fn job_words_read_codes_and_chinese_names() {
        assert_eq!(
            JobCategory::read("制造/生产"),
            Some(JobCategory::Manufacturing)
        );
        assert_eq!(
            JobCategory::read("家政"),
            Some(JobCategory::DomesticService)
        );
        assert_eq!(JobCategory::read("office"), Some(JobCategory::Office));
        assert_eq!(JobCategory::read("宇航"), None);
        assert_eq!(Education::read("中专"), Some(Education::SeniorHigh));
        assert_eq!(Education::read("大专及以上"), Some(Education::Associate));
        assert_eq!(Hours::read("倒班"), Some(Hours::Shift));
        assert_eq!(FriendlyTerm::read("托育"), Some(FriendlyTerm::Childcare));
    }

    #[test]
    fn salaries_must_be_ordered_and_plausible() {
        assert_eq!(check_salary(3000, 5000), Ok(()));
        assert_eq!(check_salary(5000, 5000), Ok(()));
        assert_eq!(check_salary(6000, 5000), Err(SalaryError::MinAboveMax));
        assert_eq!(check_salary(-1, 5000), Err(SalaryError::Negative));
        assert_eq!(check_salary(0, 50_000_000), Err(SalaryError::TooLarge));
    }

    #[test]
    fn age_bands_are_within_working_age_and_ordered() {
        assert_eq!(check_age_band(Some(18), Some(45)), Ok(()));
        assert_eq!(check_age_band(None, Some(50)), Ok(()));
        assert_eq!(check_age_band(Some(14), None), Err("age_min"));
        assert_eq!(check_age_band(Some(40), Some(30)), Err("age_max"));
    }

    #[test]
    fn skills_split_on_chinese_separators() {
        assert_eq!(
            normalize_skills(&["缝纫、熨烫", "缝纫", " 电脑操作，收银 "]),
            vec!["缝纫", "熨烫", "电脑操作", "收银"]
        );
    }

    #[test]
    fn availability_suits_hours() {
        assert!(Availability::Any.suits(Hours::Shift));
        assert!(Availability::PartTime.suits(Hours::Flexible));
        assert!(!Availability::PartTime.suits(Hours::FullTime));
        assert!(Availability::FullTime.suits(Hours::Shift));
    }
}
