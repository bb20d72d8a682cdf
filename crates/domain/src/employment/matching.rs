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
    let education = education_points(job.education, seeker.education)?;
    let age = age_points(seeker.age, job.age_min, job.age_max)?;
    let skills = skills_points(shared(&job.skills, &seeker.skills), job.skills.len());
    Some(Points {
        category: CATEGORY_POINTS,
        distance: distance_points(seeker.place, job.place),
        skills,
        pay: pay_points(seeker.expected_pay, job.salary_min, job.salary_max),
        education,
        age,
        hours: hours_points(seeker.availability, job.hours),
        terms: terms_points(seeker.needs, job.terms),
    })
}

// The factors other than distance and skills on their own: `points` scores with them, and
// `JobIndex` bounds a job with them before scoring it. None: not a match.

/// `shared` of the `asked` skills of a job: 20 × the share she has; a job asking none: 10.
const fn skills_points(shared: usize, asked: usize) -> u8 {
    match (SKILLS_POINTS as usize * shared).checked_div(asked) {
        Some(points) => points as u8,
        None => SKILLS_POINTS / 2,
    }
}

fn education_points(required: Option<Education>, has: Option<Education>) -> Option<u8> {
    match (required, has) {
        (None, _) => Some(EDUCATION_POINTS),
        (Some(_), None) => Some(2),
        (Some(needed), Some(has)) if has >= needed => Some(EDUCATION_POINTS),
        _ => None,
    }
}

fn age_points(age: Option<u8>, min: Option<u8>, max: Option<u8>) -> Option<u8> {
    match age {
        None if min.is_some() || max.is_some() => Some(2),
        None => Some(AGE_POINTS),
        Some(a) if min.is_some_and(|lo| a < lo) || max.is_some_and(|hi| a > hi) => None,
        Some(_) => Some(AGE_POINTS),
    }
}

fn pay_points(expected: Option<i64>, salary_min: i64, salary_max: i64) -> u8 {
    match expected {
        None => PAY_POINTS,
        Some(e) if salary_min >= e => PAY_POINTS,
        Some(e) if salary_max >= e => PAY_POINTS / 2,
        Some(_) => 0,
    }
}

fn hours_points(availability: Availability, hours: Hours) -> u8 {
    if availability.suits(hours) {
        HOURS_POINTS
    } else {
        0
    }
}

/// `needs` and `offered` are `term_bits`.
fn terms_points(needs: u8, offered: u8) -> u8 {
    if needs != 0 {
        let met = (needs & offered).count_ones();
        (u32::from(TERMS_POINTS) * met / needs.count_ones()) as u8
    } else {
        [0, 2, 3, 4, 5][offered.count_ones().min(4) as usize]
    }
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

    /// The least score that can still enter: the last one's when the list is full (a candidate
    /// scoring as much enters if its id is lower), else 0. A candidate scoring less cannot.
    fn floor(&self) -> u8 {
        match self.items.last() {
            Some(last) if self.items.len() == self.n => last.0,
            _ => 0,
        }
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

/// A 128-bit summary of a list of skill ids: bit `id % 128` for each (a `SkillTable` numbers
/// skills from 0, so up to 128 skill names have a bit each). Every skill two lists share is a
/// bit both masks have: the number of bits they share bounds the number of skills they share,
/// as long as no two skills of one list fall on the same bit (`Slot::skills_by_bits`).
fn skill_mask(ids: &[u32]) -> u128 {
    ids.iter().fold(0, |mask, id| mask | 1 << (id % 128))
}

/// The most skills points a job can give for each number of skill bits it shares with a seeker,
/// up to `MAX_BITS`.
const MAX_BITS: usize = 4;

/// What a seeker brings to the bound of every job the index tests for her, worked out once:
/// the factors that depend on a job only through a few values are tables by those values.
struct Demand {
    skills: u128,
    /// Her skill ids are all below 128: each has its own bit, which no other skill has.
    exact: bool,
    age: Option<u8>,
    /// `education_points` by `education_rank` of the job's requirement (None: not a match).
    education: [Option<u8>; 1 + Education::ALL.len()],
    expected_pay: Option<i64>,
    /// `hours_points` by `Hours as usize`.
    hours: [u8; Hours::ALL.len()],
    /// `terms_points` by the job's `term_bits`.
    terms: [u8; 1 << FriendlyTerm::ALL.len()],
}

impl Demand {
    fn of(seeker: &SeekerProfile) -> Demand {
        let mut hours = [0; Hours::ALL.len()];
        for h in Hours::ALL {
            hours[*h as usize] = hours_points(seeker.availability, *h);
        }
        let mut terms = [0; 1 << FriendlyTerm::ALL.len()];
        for (bits, points) in terms.iter_mut().enumerate() {
            *points = terms_points(seeker.needs, bits as u8);
        }
        let mut education = [None; 1 + Education::ALL.len()];
        for required in std::iter::once(None).chain(Education::ALL.iter().copied().map(Some)) {
            education[education_rank(required)] = education_points(required, seeker.education);
        }
        Demand {
            skills: skill_mask(&seeker.skills),
            exact: seeker.skills.iter().all(|id| *id < 128),
            age: seeker.age,
            education,
            expected_pay: seeker.expected_pay,
            hours,
            terms,
        }
    }
}

/// 0 for no requirement, else 1 + the level's place in `Education::ALL`.
fn education_rank(e: Option<Education>) -> usize {
    e.map_or(0, |e| 1 + e as usize)
}

/// A job as the index scans it (or a group of jobs, `Group`): what its bound needs, in one
/// small record, so that a scan reads memory in order and scores (`points`) only the few jobs
/// that could still enter the seeker's list.
///
/// 64 bytes, aligned to a cache line: a scan reads one line per job. What only an offer needs
/// (the job's id and index) is beside it, in `JobIndex::owners`.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Slot {
    place: u64,
    /// `skill_mask` of its skills.
    skills: u128,
    salary_min: i64,
    salary_max: i64,
    /// Category plus the most skills points it can give a seeker whose skill mask shares
    /// `k.min(MAX_BITS)` bits with its own. A job asking none: 10 whatever k. A job whose skills
    /// each have their own bit shares at most k skills with her: `skills_points(k, asked)`. A
    /// job with two skills on one bit, or more than `MAX_BITS`: 0 without a shared bit, else
    /// up to 20.
    skills_by_bits: [u8; MAX_BITS + 1],
    /// `education_rank` of its requirement.
    education: u8,
    age_min: Option<u8>,
    age_max: Option<u8>,
    hours: Hours,
    terms: u8,
    /// True when its skill ids are all below 128 and at most `MAX_BITS`: for a seeker whose
    /// ids are below 128 too, the bits they share are the skills they share, and
    /// `best_possible` is the job's score.
    exact: bool,
}

impl Slot {
    fn new(job: &JobProfile) -> Slot {
        let mask = skill_mask(&job.skills);
        let asked = job.skills.len();
        let one_bit_each = mask.count_ones() as usize == asked && asked <= MAX_BITS;
        let mut skills_by_bits = [0; MAX_BITS + 1];
        for (k, best) in skills_by_bits.iter_mut().enumerate() {
            let skills = match asked {
                0 => skills_points(0, 0),
                _ if one_bit_each => skills_points(k.min(asked), asked),
                _ if k == 0 => 0,
                _ => SKILLS_POINTS,
            };
            *best = CATEGORY_POINTS + skills;
        }
        Slot {
            place: job.place,
            skills: mask,
            salary_min: job.salary_min,
            salary_max: job.salary_max,
            skills_by_bits,
            education: education_rank(job.education) as u8,
            age_min: job.age_min,
            age_max: job.age_max,
            hours: job.hours,
            terms: job.terms,
            exact: asked <= MAX_BITS && job.skills.iter().all(|id| *id < 128),
        }
    }

    /// The most this job can score for her at `distance` points, 0 if it is not a match: every
    /// factor exactly (the same functions as `points`) but skills, which is at most what the
    /// masks allow (most often exactly). Most jobs of her district share no skill with her, or
    /// ask more schooling than she has, or pay less than she expects, or keep other hours: this
    /// is what lets the index skip them once her list is full of better ones, without reading
    /// the job itself (elsewhere in memory, its skills elsewhere again) or merging skill lists,
    /// which is most of the cost of `points`. The skills part is a table look-up rather than
    /// branches on the job: how many skills a job shares with her is a coin toss the processor
    /// cannot predict, thousands of times per seeker.
    fn best_possible(&self, demand: &Demand, distance: u8) -> u8 {
        let bits = (self.skills & demand.skills).count_ones() as usize;
        let skills = self.skills_by_bits[bits.min(MAX_BITS)];
        let education = demand.education[usize::from(self.education)];
        let age = age_points(demand.age, self.age_min, self.age_max);
        let (Some(education), Some(age)) = (education, age) else {
            return 0;
        };
        skills
            + distance
            + education
            + age
            + pay_points(demand.expected_pay, self.salary_min, self.salary_max)
            + demand.hours[self.hours as usize]
            + demand.terms[usize::from(self.terms)]
    }
}

/// Jobs of one category and district with the same hours and terms, next to each other in
/// `JobIndex::grouped`, and a bound for all of them.
#[derive(Debug, Clone)]
struct Group {
    district: u64,
    /// The most of each field over its jobs (the union of their skill masks, the highest of
    /// each `skills_by_bits`, no requirement of education or age): its `best_possible` is at
    /// least every one of theirs, because a job's bound only grows with each of these (a union
    /// shares at least as many bits with her as any of its masks, and `skills_by_bits` only
    /// grows with the bits).
    summary: Slot,
    slots: std::ops::Range<usize>,
}

/// Open jobs, ordered two ways. By category, then place: the jobs of one category in a seeker's
/// community and street are nested runs of that order (a unit's code starts with its street's
/// digits), found by binary search. And by category, district, hours and terms, in groups: the
/// rest of her district is most of the jobs, and a group whose bound is below her list is skipped
/// whole.
///
/// Her candidates are read nearest first, one distance tier at a time (her community, the rest
/// of her street, the rest of her district, farther); a farther tier is skipped once her top `n`
/// all score above the most a job there could, and a job is scored only if its own bound
/// (`Slot::best_possible`) reaches her `n`th score. That bound is what makes the index fast: her
/// list fills with near jobs that suit her, after which most jobs of the district (no skill of
/// hers or only some of a job's, other hours, lower pay, fewer of the terms she needs, more
/// schooling than she has) cannot enter it: about 40 jobs are scored per seeker among 10,000.
pub struct JobIndex<'a> {
    jobs: &'a [JobProfile],
    /// Every job, ordered by category, place and index.
    slots: Vec<Slot>,
    /// For each slot of `slots`: the job's id and its index in the jobs given to `new`.
    owners: Vec<(i64, usize)>,
    /// `JobCategory as usize` → its run of `slots`.
    runs: Vec<std::ops::Range<usize>>,
    /// Every job again, ordered by category, district, hours, terms, place and index.
    grouped: Vec<Slot>,
    grouped_owners: Vec<(i64, usize)>,
    /// The groups of `grouped`, in its order.
    groups: Vec<Group>,
    /// `JobCategory as usize` → its run of `groups`.
    group_runs: Vec<std::ops::Range<usize>>,
}

impl<'a> JobIndex<'a> {
    pub fn new(jobs: &'a [JobProfile]) -> JobIndex<'a> {
        let category_runs = |order: &[usize]| -> Vec<std::ops::Range<usize>> {
            JobCategory::ALL
                .iter()
                .map(|c| {
                    let from = order.partition_point(|&i| jobs[i].category < *c);
                    let to = order.partition_point(|&i| jobs[i].category <= *c);
                    from..to
                })
                .collect()
        };
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| (jobs[i].category, jobs[i].place, i));
        let slots = order.iter().map(|&i| Slot::new(&jobs[i])).collect();
        let owners = order.iter().map(|&i| (jobs[i].id, i)).collect();
        let runs = category_runs(&order);

        let key = |i: usize| {
            let j = &jobs[i];
            (j.category, j.place / 1_000_000, j.hours, j.terms)
        };
        order.sort_by_key(|&i| (key(i), jobs[i].place, i));
        let grouped: Vec<Slot> = order.iter().map(|&i| Slot::new(&jobs[i])).collect();
        let grouped_owners = order.iter().map(|&i| (jobs[i].id, i)).collect();
        let mut groups: Vec<Group> = Vec::new();
        let mut categories = Vec::new();
        for (at, &i) in order.iter().enumerate() {
            let s = &grouped[at];
            match groups.last_mut() {
                Some(g) if key(order[g.slots.start]) == key(i) => {
                    let m = &mut g.summary;
                    m.skills |= s.skills;
                    for (best, its) in m.skills_by_bits.iter_mut().zip(s.skills_by_bits) {
                        *best = (*best).max(its);
                    }
                    m.salary_min = m.salary_min.max(s.salary_min);
                    m.salary_max = m.salary_max.max(s.salary_max);
                    g.slots.end = at + 1;
                }
                _ => {
                    let summary = Slot {
                        education: 0,
                        age_min: None,
                        age_max: None,
                        exact: false,
                        ..*s
                    };
                    groups.push(Group {
                        district: s.place / 1_000_000,
                        summary,
                        slots: at..at + 1,
                    });
                    categories.push(jobs[i].category);
                }
            }
        }
        let group_runs = JobCategory::ALL
            .iter()
            .map(|c| categories.partition_point(|g| g < c)..categories.partition_point(|g| g <= c))
            .collect();
        JobIndex {
            jobs,
            slots,
            owners,
            runs,
            grouped,
            grouped_owners,
            groups,
            group_runs,
        }
    }

    /// The same list as `top_jobs_brute_force`, reading nearest jobs first.
    pub fn top_jobs(&self, seeker: &SeekerProfile, n: usize) -> Vec<(usize, u8)> {
        self.top_jobs_counting(seeker, n).0
    }

    /// `top_jobs`, and how many jobs it scored (brute force scores them all).
    pub fn top_jobs_counting(&self, seeker: &SeekerProfile, n: usize) -> (Vec<(usize, u8)>, usize) {
        let mut top = Top::new(n);
        let mut scored = 0;
        if n == 0 {
            return (top.into_ranked(), scored);
        }
        let demand = Demand::of(seeker);
        let (street, district) = (seeker.place / 1_000, seeker.place / 1_000_000);
        // For each wanted category, runs of `slots`: [category, district, street, community,
        // community, street, district, category]; and the run of its groups in her district.
        // Stack arrays, not Vecs: this runs once per seeker, 100,000 times a batch.
        let mut bounds = [[0usize; 8]; JobCategory::ALL.len()];
        let mut home_groups = [(0usize, 0usize); JobCategory::ALL.len()];
        let mut wanted = 0;
        for c in seeker.categories() {
            let run = self.runs[c as usize].clone();
            let slots = &self.slots[run.clone()];
            let at = |below: &dyn Fn(&Slot) -> bool| run.start + slots.partition_point(below);
            bounds[wanted] = [
                run.start,
                at(&|s| s.place / 1_000_000 < district),
                at(&|s| s.place / 1_000 < street),
                at(&|s| s.place < seeker.place),
                at(&|s| s.place <= seeker.place),
                at(&|s| s.place / 1_000 <= street),
                at(&|s| s.place / 1_000_000 <= district),
                run.end,
            ];
            let run = self.group_runs[c as usize].clone();
            let groups = &self.groups[run.clone()];
            home_groups[wanted] = (
                run.start + groups.partition_point(|g| g.district < district),
                run.start + groups.partition_point(|g| g.district <= district),
            );
            wanted += 1;
        }
        let near = |r: std::ops::Range<usize>| (&self.slots[r.clone()], &self.owners[r]);
        let mut scan = |slots: Jobs<'_>, distance: u8, except_street: u64, top: &mut Top| {
            self.scan(
                seeker,
                &demand,
                slots,
                distance,
                except_street,
                top,
                &mut scored,
            )
        };
        // Her community (30 points), then the rest of her street (20).
        for b in &bounds[..wanted] {
            scan(near(b[3]..b[4]), 30, NO_STREET, &mut top);
        }
        if !top.closed_to(seeker.best_possible(20)) {
            for b in &bounds[..wanted] {
                scan(near(b[2]..b[3]), 20, NO_STREET, &mut top);
                scan(near(b[4]..b[5]), 20, NO_STREET, &mut top);
            }
        }
        // The rest of her district (10), group by group, leaving out her street (offered above).
        if !top.closed_to(seeker.best_possible(10)) {
            for &(from, to) in &home_groups[..wanted] {
                for g in &self.groups[from..to] {
                    if g.summary.best_possible(&demand, 10) >= top.floor() {
                        let r = g.slots.clone();
                        let jobs = (&self.grouped[r.clone()], &self.grouped_owners[r]);
                        scan(jobs, 10, street, &mut top);
                    }
                }
            }
        }
        // Farther (0).
        if !top.closed_to(seeker.best_possible(0)) {
            for b in &bounds[..wanted] {
                scan(near(b[0]..b[1]), 0, NO_STREET, &mut top);
                scan(near(b[6]..b[7]), 0, NO_STREET, &mut top);
            }
        }
        (top.into_ranked(), scored)
    }

    /// Offer her the jobs of `slots`, all `distance` points away, except those of street
    /// `except_street`, skipping those that cannot enter her list any more.
    #[allow(clippy::too_many_arguments)]
    fn scan(
        &self,
        seeker: &SeekerProfile,
        demand: &Demand,
        (slots, owners): Jobs<'_>,
        distance: u8,
        except_street: u64,
        top: &mut Top,
        scored: &mut usize,
    ) {
        // Kept in a local and renewed only when the list changes: the test below runs for every
        // job of the range, the offers for few.
        let mut floor = top.floor();
        for (slot, &(id, at)) in slots.iter().zip(owners) {
            let best = slot.best_possible(demand, distance);
            if best < floor || slot.place / 1_000 == except_street {
                continue;
            }
            *scored += 1;
            // When the masks tell exactly which skills they share, the bound is the score: the
            // same factors as `points` (a match scores at least its 20 category points; 0 is
            // not a match). Offering it without reading the job (a cache miss, its skills
            // another) is what keeps a seeker's cost to the scan.
            if slot.exact && demand.exact {
                debug_assert_eq!(
                    points(seeker, &self.jobs[at]).map(|p| p.total()),
                    (best > 0).then_some(best)
                );
                if best > 0 {
                    top.offer(best, id, at);
                    floor = top.floor();
                }
                continue;
            }
            if let Some(p) = points(seeker, &self.jobs[at]) {
                top.offer(p.total(), id, at);
                floor = top.floor();
            }
        }
    }
}

/// Slots and, beside each, its job's id and index.
type Jobs<'s> = (&'s [Slot], &'s [(i64, usize)]);

/// No street: a place's street (`place / 1_000`) is never this.
const NO_STREET: u64 = u64::MAX;

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

    /// A small deterministic generator for the tests below (splitmix64).
    struct Draw(u64);

    impl Draw {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) % n
        }

        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len() as u64) as usize]
        }

        /// Mostly `make`'s value, sometimes None.
        fn maybe<T>(&mut self, make: impl FnOnce(&mut Draw) -> T) -> Option<T> {
            if self.below(4) == 0 {
                None
            } else {
                Some(make(self))
            }
        }

        /// 0–6 skill ids among 0–9 and their twins 128–137, which fall on the same mask bits.
        fn skills(&mut self) -> Vec<u32> {
            let mut ids: Vec<u32> = (0..self.below(7))
                .map(|_| self.below(10) as u32 + 128 * self.below(2) as u32)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        }

        fn place(&mut self) -> u64 {
            let district = self.pick(&[350503, 350503, 350503, 350582]);
            place_of(&format!(
                "{district}{:03}{:03}",
                1 + self.below(3),
                self.below(4)
            ))
        }

        fn job(&mut self, id: i64) -> JobProfile {
            let min = 2500 + 500 * self.below(10) as i64;
            let terms: Vec<FriendlyTerm> = FriendlyTerm::ALL
                .iter()
                .copied()
                .filter(|_| self.below(3) == 0)
                .collect();
            JobProfile::new(
                id,
                self.pick(&[
                    JobCategory::Catering,
                    JobCategory::Retail,
                    JobCategory::Office,
                ]),
                self.skills(),
                self.maybe(|d| d.pick(Education::ALL)),
                (
                    self.maybe(|d| 18 + d.below(10) as u8),
                    self.maybe(|d| 40 + d.below(15) as u8),
                ),
                self.place(),
                (min, min + 500 * self.below(6) as i64),
                self.pick(Hours::ALL),
                &terms,
            )
        }

        fn seeker(&mut self, id: i64) -> SeekerProfile {
            let categories = [
                JobCategory::Catering,
                JobCategory::Retail,
                JobCategory::Office,
            ];
            let wanted: Vec<JobCategory> = categories
                .iter()
                .copied()
                .filter(|_| self.below(2) == 0)
                .collect();
            let needs: Vec<FriendlyTerm> = FriendlyTerm::ALL
                .iter()
                .copied()
                .filter(|_| self.below(4) == 0)
                .collect();
            SeekerProfile::new(
                id,
                &wanted,
                self.skills(),
                self.maybe(|d| d.pick(Education::ALL)),
                self.maybe(|d| 20 + d.below(40) as u8),
                self.place(),
                self.maybe(|d| 3000 + 500 * d.below(8) as i64),
                self.pick(Availability::ALL),
                &needs,
            )
        }
    }

    #[test]
    fn a_jobs_bound_is_never_below_its_score() {
        // Skill ids n and n + 128 share a mask bit: a mask may claim skills a seeker does not
        // have, never miss one she has.
        let mut draw = Draw(5);
        let jobs: Vec<JobProfile> = (0..400).map(|i| draw.job(i)).collect();
        let index = JobIndex::new(&jobs);
        for i in 0..400 {
            let s = draw.seeker(i);
            let demand = Demand::of(&s);
            for (at, job) in jobs.iter().enumerate() {
                let Some(p) = points(&s, job) else { continue };
                let slot = Slot::new(job);
                let bound = slot.best_possible(&demand, p.distance);
                assert!(
                    bound >= p.total(),
                    "job {at}: bound {bound} < {}",
                    p.total()
                );
                // Ids below 128 on both sides: the bound is the score (the index offers it).
                if slot.exact && demand.exact {
                    assert_eq!(bound, p.total(), "job {at}");
                }
            }
            // A group's bound is at least each of its jobs'.
            for g in &index.groups {
                let group = g.summary.best_possible(&demand, 10);
                for slot in &index.grouped[g.slots.clone()] {
                    assert!(group >= slot.best_possible(&demand, 10));
                }
            }
        }
    }

    #[test]
    fn a_bound_counts_only_the_skills_a_job_can_share() {
        let s = seeker(vec![1, 2]);
        let demand = Demand::of(&s);
        let mut j = job(1, JobCategory::Retail, HOME, vec![1, 3, 4, 5]);
        j.education = None;
        j.age_min = None;
        j.age_max = None;
        j.salary_min = 4000;
        let exact = points(&s, &j).expect("a match");
        assert_eq!(exact.skills, 5);
        assert_eq!(
            Slot::new(&j).best_possible(&demand, 30),
            exact.total(),
            "each skill on its own bit: the bound is the score"
        );
        // 3 and 131 share a bit: the mask cannot tell which she might have.
        j.skills = vec![1, 3, 131];
        assert_eq!(Slot::new(&j).skills_by_bits, [20, 40, 40, 40, 40]);
        // Not a match, not a candidate.
        j.age_max = Some(30);
        assert_eq!(Slot::new(&j).best_possible(&demand, 30), 0);
    }

    #[test]
    fn the_index_equals_scoring_every_job_on_mixed_data() {
        let mut draw = Draw(11);
        let jobs: Vec<JobProfile> = (0..600).map(|i| draw.job(1000 - i)).collect();
        let index = JobIndex::new(&jobs);
        for i in 0..300 {
            let mut s = draw.seeker(i);
            if i % 50 == 0 {
                s.place = 0;
            }
            for n in [0, 1, 3, 10, 50] {
                let (ranked, scored) = index.top_jobs_counting(&s, n);
                assert_eq!(
                    ranked,
                    top_jobs_brute_force(&s, &jobs, n),
                    "seeker {i}, n {n}"
                );
                assert!(scored <= jobs.len());
            }
        }
    }
}
