//! The explainable score of a seeker–job pair, and the top matches of many seekers at once.
//!
//! A pair is a match only if the job is in a category the seeker wants, she meets its education
//! requirement and her age is in its band (when both are known). A match scores 0–100:
//!
//! | factor    | points | how                                                                 |
//! |-----------|--------|---------------------------------------------------------------------|
//! | category  | 20     | the job is in a wanted category (always, for a match)               |
//! | distance  | 30     | same community 30, same street 20, same district 10, farther 0       |
//! | skills    | 20     | 20 × the share of the job's skills she has; a job asking none: 10  |
//! | pay       | 10     | no expectation or the minimum meets it 10, the maximum meets it 5   |
//! | education | 5      | meets the requirement 5, her education unknown 2                    |
//! | age       | 5      | in the band (or no band) 5, her age unknown 2                       |
//! | hours     | 5      | the hours suit her availability                                     |
//! | terms     | 5      | women-friendly terms: the share of her needs met, else 1–4 offered |
//!
//! Distance weighs most because working near home is what lets a mother take a job
//! (就近就业); the weights are the federation's and live here only.

use super::{Availability, Education, FriendlyTerm, Hours, JobCategory};
use std::collections::HashMap;

pub const CATEGORY_POINTS: u8 = 20;
pub const DISTANCE_POINTS: u8 = 30;
pub const SKILLS_POINTS: u8 = 20;
pub const PAY_POINTS: u8 = 10;
pub const EDUCATION_POINTS: u8 = 5;
pub const AGE_POINTS: u8 = 5;
pub const HOURS_POINTS: u8 = 5;
pub const TERMS_POINTS: u8 = 5;

/// A 12-digit unit code as a number: its street and district are its leading digits.
pub fn place_of(unit_code: &str) -> u64 {
    unit_code.parse().unwrap_or(0)
}

/// Skill names as small numbers, so that comparing two lists is comparing sorted integers.
#[derive(Debug, Default)]
pub struct SkillTable {
    ids: HashMap<String, u32>,
}

impl SkillTable {
    /// The sorted, deduplicated ids of these skills, adding new ones to the table.
    pub fn ids<S: AsRef<str>>(&mut self, skills: &[S]) -> Vec<u32> {
        let mut out: Vec<u32> = skills
            .iter()
            .map(|s| {
                let next = self.ids.len() as u32;
                *self.ids.entry(s.as_ref().trim().to_owned()).or_insert(next)
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn term_bits(terms: &[FriendlyTerm]) -> u8 {
    terms.iter().fold(0, |bits, t| bits | 1 << (*t as u8))
}

#[derive(Debug, Clone)]
pub struct JobProfile {
    pub id: i64,
    pub category: JobCategory,
    /// Sorted skill ids (`SkillTable::ids`).
    pub skills: Vec<u32>,
    pub education: Option<Education>,
    pub age_min: Option<u8>,
    pub age_max: Option<u8>,
    /// `place_of` the work location.
    pub place: u64,
    pub salary_min: i64,
    pub salary_max: i64,
    pub hours: Hours,
    terms: u8,
}

impl JobProfile {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: i64,
        category: JobCategory,
        skills: Vec<u32>,
        education: Option<Education>,
        age_band: (Option<u8>, Option<u8>),
        place: u64,
        salary: (i64, i64),
        hours: Hours,
        terms: &[FriendlyTerm],
    ) -> JobProfile {
        JobProfile {
            id,
            category,
            skills,
            education,
            age_min: age_band.0,
            age_max: age_band.1,
            place,
            salary_min: salary.0,
            salary_max: salary.1,
            hours,
            terms: term_bits(terms),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SeekerProfile {
    pub id: i64,
    categories: u16,
    /// Sorted skill ids (`SkillTable::ids`).
    pub skills: Vec<u32>,
    pub education: Option<Education>,
    pub age: Option<u8>,
    pub place: u64,
    pub expected_pay: Option<i64>,
    pub availability: Availability,
    needs: u8,
}

impl SeekerProfile {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: i64,
        categories: &[JobCategory],
        skills: Vec<u32>,
        education: Option<Education>,
        age: Option<u8>,
        place: u64,
        expected_pay: Option<i64>,
        availability: Availability,
        needs: &[FriendlyTerm],
    ) -> SeekerProfile {
        SeekerProfile {
            id,
            categories: categories.iter().fold(0, |b, c| b | 1 << (*c as u16)),
            skills,
            education,
            age,
            place,
            expected_pay,
            availability,
            needs: term_bits(needs),
        }
    }

    pub fn wants(&self, category: JobCategory) -> bool {
        self.categories & (1 << (category as u16)) != 0
    }

    pub fn categories(&self) -> impl Iterator<Item = JobCategory> + '_ {
        JobCategory::ALL.iter().copied().filter(|c| self.wants(*c))
    }

    /// The most a job in `tier` of distance can score for her: the bound that lets the index
    /// stop before farther jobs.
    fn best_possible(&self, distance: u8) -> u8 {
        let skills = if self.skills.is_empty() {
            SKILLS_POINTS / 2
        } else {
            SKILLS_POINTS
        };
        CATEGORY_POINTS
            + distance
            + skills
            + PAY_POINTS
            + EDUCATION_POINTS
            + AGE_POINTS
            + HOURS_POINTS
            + TERMS_POINTS
    }
}

/// The points of a match, factor by factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Points {
    pub category: u8,
    pub distance: u8,
    pub skills: u8,
    pub pay: u8,
    pub education: u8,
    pub age: u8,
    pub hours: u8,
    pub terms: u8,
}

impl Points {
    pub fn total(&self) -> u8 {
        self.category
            + self.distance
            + self.skills
            + self.pay
            + self.education
            + self.age
            + self.hours
            + self.terms
    }
}

fn distance_points(a: u64, b: u64) -> u8 {
    if a == b {
        30
    } else if a / 1_000 == b / 1_000 {
        20
    } else if a / 1_000_000 == b / 1_000_000 {
        10
    } else {
        0
    }
}

/// How many ids two sorted lists share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The score of a pair, or None when it is not a match.
pub fn points(seeker: &SeekerProfile, job: &JobProfile) -> Option<Points> {
    if !seeker.wants(job.category) {
        return None;
    }
    let education = match (job.education, seeker.education) {
        (None, _) => EDUCATION_POINTS,
        (Some(_), None) => 2,
        (Some(needed), Some(has)) if has >= needed => EDUCATION_POINTS,
        _ => return None,
    };
    let age = match seeker.age {
        None if job.age_min.is_some() || job.age_max.is_some() => 2,
        None => AGE_POINTS,
        Some(a) => {
            if job.age_min.is_some_and(|lo| a < lo) || job.age_max.is_some_and(|hi| a > hi) {
                return None;
            }
            AGE_POINTS
        }
    };
    let skills = if job.skills.is_empty() {
        SKILLS_POINTS / 2
    } else {
        (usize::from(SKILLS_POINTS) * shared(&job.skills, &seeker.skills) / job.skills.len()) as u8
    };
    let pay = match seeker.expected_pay {
        None => PAY_POINTS,
        Some(e) if job.salary_min >= e => PAY_POINTS,
        Some(e) if job.salary_max >= e => PAY_POINTS / 2,
        Some(_) => 0,
    };
    let terms = if seeker.needs != 0 {
        let met = (seeker.needs & job.terms).count_ones();
        (u32::from(TERMS_POINTS) * met / seeker.needs.count_ones()) as u8
    } else {
        [0, 2, 3, 4, 5][job.terms.count_ones().min(4) as usize]
    };
    Some(Points {
        category: CATEGORY_POINTS,
        distance: distance_points(seeker.place, job.place),
        skills,
        pay,
        education,
        age,
        hours: if seeker.availability.suits(job.hours) {
            HOURS_POINTS
        } else {
            0
        },
        terms,
    })
}

/// One line of a match's explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// category, distance, skills, pay, education, age, hours, terms
    pub factor: &'static str,
    pub points: u8,
    pub max: u8,
    /// What was found, as a message key suffix: `same_community`, `skills_shared`, …
    pub code: &'static str,
    /// Numbers the message needs (shared and asked skills, …).
    pub counts: (usize, usize),
}

/// The reasons behind a match's points, in the order of the table above.
pub fn explain(seeker: &SeekerProfile, job: &JobProfile, p: &Points) -> Vec<Reason> {
    let r = |factor, points, max, code, counts| Reason {
        factor,
        points,
        max,
        code,
        counts,
    };
    let distance = match p.distance {
        30 => "same_community",
        20 => "same_street",
        10 => "same_district",
        _ => "farther",
    };
    let shared_skills = shared(&job.skills, &seeker.skills);
    let skills = if job.skills.is_empty() {
        "no_skills_asked"
    } else {
        "skills_shared"
    };
    let pay = match seeker.expected_pay {
        None => "pay_no_expectation",
        Some(_) if p.pay == PAY_POINTS => "pay_meets",
        Some(_) if p.pay > 0 => "pay_may_meet",
        Some(_) => "pay_below",
    };
    let education = if p.education == EDUCATION_POINTS {
        "education_meets"
    } else {
        "education_unknown"
    };
    let age = if p.age == AGE_POINTS {
        "age_in_band"
    } else {
        "age_unknown"
    };
    let hours = if p.hours > 0 {
        "hours_suit"
    } else {
        "hours_differ"
    };
    let offered = job.terms.count_ones() as usize;
    let (terms, counts) = if seeker.needs != 0 {
        let met = (seeker.needs & job.terms).count_ones() as usize;
        ("terms_needs_met", (met, seeker.needs.count_ones() as usize))
    } else {
        ("terms_offered", (offered, 4))
    };
    vec![
        r(
            "category",
            p.category,
            CATEGORY_POINTS,
            "category_wanted",
            (0, 0),
        ),
        r("distance", p.distance, DISTANCE_POINTS, distance, (0, 0)),
        r(
            "skills",
            p.skills,
            SKILLS_POINTS,
            skills,
            (shared_skills, job.skills.len()),
        ),
        r("pay", p.pay, PAY_POINTS, pay, (0, 0)),
        r(
            "education",
            p.education,
            EDUCATION_POINTS,
            education,
            (0, 0),
        ),
        r("age", p.age, AGE_POINTS, age, (0, 0)),
        r("hours", p.hours, HOURS_POINTS, hours, (0, 0)),
        r("terms", p.terms, TERMS_POINTS, terms, counts),
    ]
}

/// The best `n` of some candidates: highest score first, the lower id first among equals, so
/// that every way of finding them gives the same list.
#[derive(Debug, Clone)]
pub struct Top {
    n: usize,
    /// (score, id, index into the candidates)
    items: Vec<(u8, i64, usize)>,
}

impl Top {
    pub fn new(n: usize) -> Top {
        Top {
            n,
            items: Vec::with_capacity(n + 1),
        }
    }

    fn ranks_before(a: (u8, i64), b: (u8, i64)) -> bool {
        a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
    }

    pub fn offer(&mut self, score: u8, id: i64, index: usize) {
        if self.n == 0 {
            return;
        }
        if self.items.len() == self.n {
            let last = self.items[self.n - 1];
            if !Top::ranks_before((score, id), (last.0, last.1)) {
                return;
            }
            self.items.pop();
        }
        let at = self
            .items
            .iter()
            .position(|x| Top::ranks_before((score, id), (x.0, x.1)))
            .unwrap_or(self.items.len());
        self.items.insert(at, (score, id, index));
    }

    /// True when no candidate scoring at most `bound` can enter any more.
    fn closed_to(&self, bound: u8) -> bool {
        self.items.len() == self.n && self.items.last().is_some_and(|x| x.0 > bound)
    }

    /// (index into the candidates, score), best first.
    pub fn into_ranked(self) -> Vec<(usize, u8)> {
        self.items.into_iter().map(|(s, _, i)| (i, s)).collect()
    }
}

/// The best `n` jobs for a seeker by scoring every job: the reference the index must equal.
pub fn top_jobs_brute_force(
    seeker: &SeekerProfile,
    jobs: &[JobProfile],
    n: usize,
) -> Vec<(usize, u8)> {
    let mut top = Top::new(n);
    for (i, job) in jobs.iter().enumerate() {
        if let Some(p) = points(seeker, job) {
            top.offer(p.total(), job.id, i);
        }
    }
    top.into_ranked()
}

/// The best `n` seekers for a job, scoring every seeker given.
pub fn top_seekers(job: &JobProfile, seekers: &[SeekerProfile], n: usize) -> Vec<(usize, u8)> {
    let mut top = Top::new(n);
    for (i, seeker) in seekers.iter().enumerate() {
        if let Some(p) = points(seeker, job) {
            top.offer(p.total(), seeker.id, i);
        }
    }
    top.into_ranked()
}

/// Open jobs grouped by category and street, each group ordered by community: a seeker's
/// candidates are read nearest first, and farther groups are skipped once her top `n` all score
/// above the most a farther job could.
pub struct JobIndex<'a> {
    jobs: &'a [JobProfile],
    /// (category, street) → job indexes ordered by community
    by_street: HashMap<(JobCategory, u64), Vec<usize>>,
    /// category → its streets
    streets: HashMap<JobCategory, Vec<u64>>,
}

impl<'a> JobIndex<'a> {
    pub fn new(jobs: &'a [JobProfile]) -> JobIndex<'a> {
        let mut by_street: HashMap<(JobCategory, u64), Vec<usize>> = HashMap::new();
        for (i, job) in jobs.iter().enumerate() {
            by_street
                .entry((job.category, job.place / 1_000))
                .or_default()
                .push(i);
        }
        let mut streets: HashMap<JobCategory, Vec<u64>> = HashMap::new();
        for (list_key, list) in by_street.iter_mut() {
            list.sort_by_key(|&i| jobs[i].place);
            streets.entry(list_key.0).or_default().push(list_key.1);
        }
        for list in streets.values_mut() {
            list.sort_unstable();
        }
        JobIndex {
            jobs,
            by_street,
            streets,
        }
    }

    fn offer_all(&self, seeker: &SeekerProfile, indexes: &[usize], top: &mut Top) {
        for &i in indexes {
            let job = &self.jobs[i];
            if let Some(p) = points(seeker, job) {
                top.offer(p.total(), job.id, i);
            }
        }
    }

    /// The same list as `top_jobs_brute_force`, reading nearest jobs first.
    pub fn top_jobs(&self, seeker: &SeekerProfile, n: usize) -> Vec<(usize, u8)> {
        let mut top = Top::new(n);
        let street = seeker.place / 1_000;
        let district = seeker.place / 1_000_000;
        let wanted: Vec<JobCategory> = seeker.categories().collect();
        let home_lists: Vec<&Vec<usize>> = wanted
            .iter()
            .filter_map(|c| self.by_street.get(&(*c, street)))
            .collect();
        // Her own community: the part of her street's list with her community's code.
        for list in &home_lists {
            let from = list.partition_point(|&i| self.jobs[i].place < seeker.place);
            let to = list.partition_point(|&i| self.jobs[i].place <= seeker.place);
            self.offer_all(seeker, &list[from..to], &mut top);
        }
        if top.closed_to(seeker.best_possible(20)) {
            return top.into_ranked();
        }
        for list in &home_lists {
            let from = list.partition_point(|&i| self.jobs[i].place < seeker.place);
            let to = list.partition_point(|&i| self.jobs[i].place <= seeker.place);
            self.offer_all(seeker, &list[..from], &mut top);
            self.offer_all(seeker, &list[to..], &mut top);
        }
        for (same_district, bound) in [(true, 10), (false, 0)] {
            if top.closed_to(seeker.best_possible(bound)) {
                break;
            }
            for c in &wanted {
                for s in self.streets.get(c).into_iter().flatten() {
                    if *s != street && (*s / 1_000 == district) == same_district {
                        self.offer_all(seeker, &self.by_street[&(*c, *s)], &mut top);
                    }
                }
            }
        }
        top.into_ranked()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: &str = "350503001001";

    fn job(id: i64, category: JobCategory, unit: &str, skills: Vec<u32>) -> JobProfile {
        JobProfile::new(
            id,
            category,
            skills,
            Some(Education::JuniorHigh),
            (Some(18), Some(50)),
            place_of(unit),
            (3000, 5000),
            Hours::FullTime,
            &[FriendlyTerm::Childcare],
        )
    }

    fn seeker(skills: Vec<u32>) -> SeekerProfile {
        SeekerProfile::new(
            1,
            &[JobCategory::Catering, JobCategory::Retail],
            skills,
            Some(Education::SeniorHigh),
            Some(35),
            place_of(HOME),
            Some(4000),
            Availability::Any,
            &[FriendlyTerm::Childcare],
        )
    }

    #[test]
    fn a_near_job_with_her_skills_scores_highest() {
        let s = seeker(vec![1, 2]);
        let near = points(&s, &job(1, JobCategory::Catering, HOME, vec![1, 2])).expect("a match");
        assert_eq!(near.total(), 20 + 30 + 20 + 5 + 5 + 5 + 5 + 5);
        let street =
            points(&s, &job(2, JobCategory::Catering, "350503001002", vec![1])).expect("a match");
        assert_eq!(street.distance, 20);
        let far =
            points(&s, &job(3, JobCategory::Catering, "350503002001", vec![3])).expect("a match");
        assert_eq!((far.distance, far.skills), (10, 0));
    }

    #[test]
    fn unwanted_categories_education_and_age_exclude() {
        let s = seeker(vec![]);
        assert!(points(&s, &job(1, JobCategory::Manufacturing, HOME, vec![])).is_none());
        let mut j = job(2, JobCategory::Retail, HOME, vec![]);
        j.education = Some(Education::Bachelor);
        assert!(points(&s, &j).is_none());
        let mut j = job(3, JobCategory::Retail, HOME, vec![]);
        j.age_max = Some(30);
        assert!(points(&s, &j).is_none());
    }

    #[test]
    fn reasons_add_up_to_the_score() {
        let s = seeker(vec![1]);
        let j = job(1, JobCategory::Retail, "350503001002", vec![1, 5]);
        let p = points(&s, &j).expect("a match");
        let reasons = explain(&s, &j, &p);
        let sum: u32 = reasons.iter().map(|r| u32::from(r.points)).sum();
        assert_eq!(sum, u32::from(p.total()));
        assert_eq!(reasons[1].code, "same_street");
        assert_eq!(reasons[2].counts, (1, 2));
    }

    #[test]
    fn ties_rank_the_older_posting_first() {
        let mut top = Top::new(2);
        top.offer(50, 9, 0);
        top.offer(50, 3, 1);
        top.offer(50, 5, 2);
        top.offer(40, 1, 3);
        assert_eq!(top.into_ranked(), vec![(1, 50), (2, 50)]);
    }

    #[test]
    fn the_index_finds_what_scoring_every_job_finds() {
        // A small district: 3 streets × 4 communities, jobs of every kind everywhere.
        let mut jobs = Vec::new();
        let mut id = 0;
        for street in 1..=3 {
            for community in 1..=4 {
                let unit = format!("350503{street:03}{community:03}");
                for (k, c) in JobCategory::ALL.iter().enumerate() {
                    id += 1;
                    let mut j = job(id, *c, &unit, vec![(id % 5) as u32, (k % 3) as u32 + 5]);
                    j.salary_min = 2500 + (id % 7) * 300;
                    j.salary_max = j.salary_min + 1500;
                    jobs.push(j);
                }
            }
        }
        jobs.push(job(999, JobCategory::Catering, "350582001001", vec![1]));
        let index = JobIndex::new(&jobs);
        for (n, home) in [
            (3, HOME),
            (10, "350503002003"),
            (40, "350582001001"),
            (5, "350503003004"),
        ] {
            for skills in [vec![], vec![1, 5], vec![2, 3, 6]] {
                let mut s = seeker(skills);
                s.place = place_of(home);
                assert_eq!(
                    index.top_jobs(&s, n),
                    top_jobs_brute_force(&s, &jobs, n),
                    "{home} {n}"
                );
            }
        }
    }
}
