//! Issue #5: the top 10 jobs of every one of 100,000 seekers over 10,000 open jobs in the demo
//! district (丰泽区, 350503), by `JobIndex` beside scoring every pair (`top_jobs_brute_force`) in
//! the same run, and the two lists compared for every seeker.
//!
//!   cargo bench -p jinguo-domain --bench matching            (or bash bench/matching.sh)
//!   cargo bench -p jinguo-domain --bench matching -- 42      another seed
//!
//! Knobs (env): BENCH_SEED (20261129; a first argument wins), BENCH_JOBS (10000), BENCH_SEEKERS
//! (100000), BENCH_TOP (10), BENCH_THREADS (all cores). Goals: the index ≤ 2 s and ≥ 10× faster
//! than brute force. Timings are printed against them, never asserted; a seeker whose two lists
//! differ makes the run fail.
//!
//! std only: the data come from a splitmix64 generator seeded here, so a seed always gives the
//! same jobs and seekers on every machine.

use jinguo_domain::employment::matching::{
    place_of, top_jobs_brute_force, JobIndex, JobProfile, SeekerProfile, SkillTable,
};
use jinguo_domain::employment::{Availability, Education, FriendlyTerm, Hours, JobCategory};
use std::time::Instant;

const GOAL_SECONDS: f64 = 2.0;
const GOAL_RATIO: f64 = 10.0;

/// The demo district's real tree (the org tree `jinguo migrate` installs): its streets and
/// communities are the places of the jobs and seekers.
const UNITS_CSV: &str = include_str!("../../app/data/units-350503.csv");

/// Neighbouring districts (鲤城区, 洛江区, 晋江市) for the few jobs and seekers outside 丰泽区:
/// their street and community numbers are made up; only their district digits matter here.
const NEIGHBOURS: [&str; 3] = ["350502", "350504", "350582"];

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant at these sizes).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// An index drawn by weight.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct items (k ≤ len), in the order drawn.
    fn distinct<T: Copy + PartialEq>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut out = Vec::with_capacity(k);
        while out.len() < k.min(items.len()) {
            let x = *self.pick(items);
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    }
}

/// Category, how common its postings are (and how often a seeker wants it), its skills.
const CATEGORIES: [(JobCategory, u32, &[&str]); 13] = [
    (
        JobCategory::Manufacturing,
        22,
        &[
            "缝纫",
            "熨烫",
            "裁剪",
            "电子组装",
            "质检",
            "包装",
            "叉车操作",
            "制鞋",
            "服装打版",
            "设备操作",
        ],
    ),
    (
        JobCategory::Retail,
        16,
        &[
            "收银",
            "理货",
            "导购",
            "电脑操作",
            "库存管理",
            "商品陈列",
            "普通话",
            "会员服务",
        ],
    ),
    (
        JobCategory::Catering,
        16,
        &[
            "烹饪",
            "面点",
            "切配",
            "餐厅服务",
            "收银",
            "咖啡制作",
            "食品安全",
            "传菜",
            "茶艺",
        ],
    ),
    (
        JobCategory::DomesticService,
        14,
        &[
            "育婴",
            "家政保洁",
            "护理",
            "烹饪",
            "月嫂",
            "收纳整理",
            "老人陪护",
            "小儿推拿",
            "驾驶",
        ],
    ),
    (
        JobCategory::Healthcare,
        6,
        &[
            "护理",
            "康复理疗",
            "老人陪护",
            "药品管理",
            "急救",
            "医疗护理员",
            "按摩",
            "健康管理",
        ],
    ),
    (
        JobCategory::Education,
        4,
        &[
            "幼儿教育",
            "课后辅导",
            "普通话",
            "舞蹈",
            "美术",
            "钢琴",
            "英语",
            "书法",
        ],
    ),
    (
        JobCategory::Office,
        5,
        &[
            "电脑操作",
            "办公软件",
            "会计",
            "文秘",
            "档案管理",
            "普通话",
            "客服",
            "数据录入",
        ],
    ),
    (
        JobCategory::Logistics,
        5,
        &[
            "驾驶",
            "分拣",
            "快递派送",
            "仓储管理",
            "叉车操作",
            "电脑操作",
            "装卸",
            "冷链",
        ],
    ),
    (
        JobCategory::Agriculture,
        2,
        &[
            "种植",
            "茶叶采摘",
            "养殖",
            "园艺",
            "农产品加工",
            "驾驶",
            "电商运营",
            "制茶",
        ],
    ),
    (
        JobCategory::Ecommerce,
        4,
        &[
            "直播带货",
            "电商运营",
            "短视频剪辑",
            "客服",
            "电脑操作",
            "摄影",
            "文案",
            "美工设计",
        ],
    ),
    (
        JobCategory::Beauty,
        3,
        &[
            "美容美发",
            "美甲",
            "化妆",
            "皮肤护理",
            "按摩",
            "纹绣",
            "发型设计",
            "盘发",
        ],
    ),
    (
        JobCategory::Handicraft,
        2,
        &[
            "手工编织",
            "刺绣",
            "木雕",
            "陶瓷彩绘",
            "茶艺",
            "剪纸",
            "竹编",
            "惠女服饰制作",
            "石雕",
        ],
    ),
    (
        JobCategory::Other,
        1,
        &[
            "保安",
            "保洁",
            "驾驶",
            "电脑操作",
            "客服",
            "普通话",
            "搬运",
            "园林绿化",
        ],
    ),
];

const TERMS: [FriendlyTerm; 4] = [
    FriendlyTerm::FlexibleHours,
    FriendlyTerm::Childcare,
    FriendlyTerm::NearHome,
    FriendlyTerm::TrainingProvided,
];

fn education(rng: &mut Rng, weights: &[u32; 7]) -> Option<Education> {
    match rng.weighted(weights) {
        0 => None,
        i => Some(Education::ALL[i - 1]),
    }
}

/// The places of the district: its communities (most people and postings), its streets (a
/// street office's or a street-wide posting), and a few communities of the neighbours.
struct Places {
    communities: Vec<u64>,
    streets: Vec<u64>,
    outside: Vec<u64>,
}

impl Places {
    fn demo() -> Places {
        let mut communities = Vec::new();
        let mut streets = Vec::new();
        for line in UNITS_CSV.lines().skip(1) {
            let code = line.split(',').next().unwrap_or("");
            if code.len() != 12 || !code.starts_with("350503") || code.ends_with("000000") {
                continue;
            }
            if code.ends_with("000") {
                streets.push(place_of(code));
            } else {
                communities.push(place_of(code));
            }
        }
        let mut outside = Vec::new();
        for district in NEIGHBOURS {
            for street in 1..=4 {
                for community in 1..=6 {
                    outside.push(place_of(&format!("{district}{street:03}{community:03}")));
                }
            }
        }
        Places {
            communities,
            streets,
            outside,
        }
    }

    /// A community of the district, now and then a street, or (`outside_percent`) a neighbour.
    fn draw(&self, rng: &mut Rng, outside_percent: u64) -> u64 {
        if rng.chance(outside_percent) {
            *rng.pick(&self.outside)
        } else if rng.chance(4) {
            *rng.pick(&self.streets)
        } else {
            *rng.pick(&self.communities)
        }
    }
}

fn category_weights() -> Vec<u32> {
    CATEGORIES.iter().map(|c| c.1).collect()
}

fn make_jobs(rng: &mut Rng, places: &Places, table: &mut SkillTable, n: usize) -> Vec<JobProfile> {
    let weights = category_weights();
    (0..n)
        .map(|i| {
            let (category, _, vocabulary) = CATEGORIES[rng.weighted(&weights)];
            let k = rng.weighted(&[20, 30, 25, 15, 10]);
            let skills = table.ids(&rng.distinct(vocabulary, k));
            // None, primary, junior high, senior high, associate, bachelor, postgraduate
            let education = education(rng, &[45, 5, 30, 15, 4, 1, 0]);
            let age_band = match rng.weighted(&[30, 25, 10, 30, 5]) {
                0 => (Some(18), Some(45)),
                1 => (Some(18), Some(50)),
                2 => (Some(20), Some(55)),
                3 => (None, None),
                _ => (None, Some(40)),
            };
            let salary_min = rng.range(25, 70) * 100;
            let salary_max = (salary_min + rng.range(0, 20) * 100).min(9000);
            let hours = [
                Hours::FullTime,
                Hours::Shift,
                Hours::PartTime,
                Hours::Flexible,
            ][rng.weighted(&[50, 15, 20, 15])];
            let terms_count = rng.weighted(&[30, 35, 25, 10]);
            JobProfile::new(
                i as i64 + 1,
                category,
                skills,
                education,
                age_band,
                places.draw(rng, 4),
                (salary_min, salary_max),
                hours,
                &rng.distinct(&TERMS, terms_count),
            )
        })
        .collect()
}

fn make_seekers(
    rng: &mut Rng,
    places: &Places,
    table: &mut SkillTable,
    n: usize,
) -> Vec<SeekerProfile> {
    let weights = category_weights();
    (0..n)
        .map(|i| {
            let wanted_count = 1 + rng.weighted(&[50, 35, 15]);
            let mut wanted: Vec<usize> = Vec::new();
            while wanted.len() < wanted_count {
                let c = rng.weighted(&weights);
                if !wanted.contains(&c) {
                    wanted.push(c);
                }
            }
            let categories: Vec<JobCategory> = wanted.iter().map(|&c| CATEGORIES[c].0).collect();
            // Mostly skills of the trades she wants, sometimes one from elsewhere.
            let skill_count = rng.weighted(&[15, 25, 25, 18, 10, 7]);
            let mut skills: Vec<&str> = Vec::new();
            while skills.len() < skill_count {
                let c = if rng.chance(85) {
                    *rng.pick(&wanted)
                } else {
                    rng.below(CATEGORIES.len())
                };
                let s = *rng.pick(CATEGORIES[c].2);
                if !skills.contains(&s) {
                    skills.push(s);
                }
            }
            let skills = table.ids(&skills);
            let education = education(rng, &[8, 10, 40, 27, 10, 5, 0]);
            let age = (!rng.chance(5)).then(|| rng.range(20, 58) as u8);
            let expected_pay = (!rng.chance(30)).then(|| rng.range(6, 14) * 500);
            let availability = [
                Availability::Any,
                Availability::FullTime,
                Availability::PartTime,
                Availability::Flexible,
            ][rng.weighted(&[35, 35, 20, 10])];
            let needs_count = rng.weighted(&[40, 40, 20]);
            SeekerProfile::new(
                i as i64 + 1,
                &categories,
                skills,
                education,
                age,
                places.draw(rng, 1),
                expected_pay,
                availability,
                &rng.distinct(&TERMS, needs_count),
            )
        })
        .collect()
}

type Ranked = Vec<(usize, u8)>;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// The CPU time of this process so far (user + system, from /proc/self/stat; None elsewhere
/// than Linux). Printed beside the wall time: on a machine shared with other work a thread may
/// wait for a core, and its CPU time is what the work itself cost.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) — utime and stime are 14th and 15th.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(ticks / 100.0)
}

fn cpu_since(start: Option<f64>) -> String {
    match (start, cpu_seconds()) {
        (Some(a), Some(b)) => format!("{:.2} s", b - a),
        _ => "?".to_owned(),
    }
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "MISSED"
    }
}

fn main() {
    // `cargo bench` passes `--bench` to a harness-less target: the seed is the first number.
    let seed = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<u64>().ok())
        .or_else(|| {
            std::env::var("BENCH_SEED")
                .ok()
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or(20261129);
    let job_count = env_usize("BENCH_JOBS", 10_000);
    let seeker_count = env_usize("BENCH_SEEKERS", 100_000);
    let top = env_usize("BENCH_TOP", 10);
    let threads = env_usize(
        "BENCH_THREADS",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    )
    .max(1);

    let started = Instant::now();
    let mut rng = Rng(seed);
    let places = Places::demo();
    let mut table = SkillTable::default();
    let jobs = make_jobs(&mut rng, &places, &mut table, job_count);
    let seekers = make_seekers(&mut rng, &places, &mut table, seeker_count);
    let in_district = jobs
        .iter()
        .filter(|j| j.place / 1_000_000 == 350503)
        .count();
    println!(
        "data: {job_count} jobs ({in_district} in 丰泽区 over {} streets and {} communities), \
         {seeker_count} seekers, top {top}, seed {seed}, generated in {:.2} s",
        places.streets.len(),
        places.communities.len(),
        started.elapsed().as_secs_f64()
    );

    // (a) Brute force: every seeker scores every job, one thread.
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let brute: Vec<Ranked> = seekers
        .iter()
        .map(|s| top_jobs_brute_force(s, &jobs, top))
        .collect();
    let brute_s = t.elapsed().as_secs_f64();
    println!(
        "brute force: {seeker_count} seekers × {job_count} jobs in {brute_s:.3} s \
         ({:.1} µs a seeker; cpu {})",
        brute_s * 1e6 / seeker_count.max(1) as f64,
        cpu_since(cpu)
    );

    // (b) The index, one thread: building it counts.
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let index = JobIndex::new(&jobs);
    let build_s = t.elapsed().as_secs_f64();
    let mut index_pairs = 0usize;
    let single: Vec<Ranked> = seekers
        .iter()
        .map(|s| {
            let (ranked, scored) = index.top_jobs_counting(s, top);
            index_pairs += scored;
            ranked
        })
        .collect();
    let single_s = t.elapsed().as_secs_f64();
    let ratio = brute_s / single_s;
    println!(
        "index (1 thread): {single_s:.3} s (build {:.1} ms; cpu {}) — {ratio:.1}× faster than \
         brute force",
        build_s * 1e3,
        cpu_since(cpu)
    );

    // (c) The index on every core: one index, the seekers split in contiguous chunks.
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let index = JobIndex::new(&jobs);
    let chunk = seeker_count.div_ceil(threads).max(1);
    let parallel: Vec<Ranked> = std::thread::scope(|scope| {
        let handles: Vec<_> = seekers
            .chunks(chunk)
            .map(|part| {
                let index = &index;
                scope.spawn(move || {
                    part.iter()
                        .map(|s| index.top_jobs(s, top))
                        .collect::<Vec<Ranked>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a matching thread panicked"))
            .collect()
    });
    let parallel_s = t.elapsed().as_secs_f64();
    println!(
        "index ({threads} threads): {parallel_s:.3} s (cpu {}, all threads) — {:.1}× faster than \
         brute force",
        cpu_since(cpu),
        brute_s / parallel_s
    );

    let brute_pairs = seeker_count * job_count;
    println!(
        "pairs scored: brute {brute_pairs}, index {index_pairs} ({:.1} % of brute, {:.0} a seeker)",
        100.0 * index_pairs as f64 / brute_pairs.max(1) as f64,
        index_pairs as f64 / seeker_count.max(1) as f64
    );
    let full = brute.iter().filter(|r| r.len() == top).count();
    let best: Vec<u8> = brute.iter().filter_map(|r| r.last().map(|x| x.1)).collect();
    let mut sorted = best.clone();
    sorted.sort_unstable();
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0);
    println!(
        "lists: {full} of {seeker_count} seekers have {top} matches; median score of the last \
         of a list {median}"
    );

    // Every seeker's lists must be the same, both ways of running the index.
    let mut differ = 0usize;
    for (i, b) in brute.iter().enumerate() {
        if single[i] != *b || parallel[i] != *b {
            if differ < 5 {
                eprintln!(
                    "seeker {} (index {i}): brute {:?}, index {:?}, on {threads} threads {:?}",
                    seekers[i].id, b, single[i], parallel[i]
                );
            }
            differ += 1;
        }
    }
    println!(
        "identical results: {} of {seeker_count} seekers",
        seeker_count - differ
    );

    println!(
        "goal ≤ {GOAL_SECONDS} s: 1 thread {} ({single_s:.3} s), {threads} threads {} \
         ({parallel_s:.3} s)",
        verdict(single_s <= GOAL_SECONDS),
        verdict(parallel_s <= GOAL_SECONDS)
    );
    println!(
        "goal ≥ {GOAL_RATIO}× brute force (1 thread): {} ({ratio:.1}×)",
        verdict(ratio >= GOAL_RATIO)
    );
    if differ > 0 {
        eprintln!("{differ} seekers got a different list from the index than from brute force");
        std::process::exit(1);
    }
}
