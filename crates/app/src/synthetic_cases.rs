//! Synthetic casework for tests, demos and benchmarks: rights cases and enterprise reports spread
//! over the streets and communities of the installed org tree, with the contract's channels and
//! categories in a plausible mix, statuses across the workflow (most cases closed), handlers, and
//! deadlines that leave a realistic share of the open cases overdue now. Narratives and the other
//! sensitive fields are sealed with the field cipher exactly as intake seals them; each case gets
//! its `created` timeline event. Written straight into the database in one transaction, in
//! multi-row batches. Deterministic per seed and day: the same seed on the same day writes the
//! same cases (codes, units, categories, statuses, dates); ids come from the id generator.

use crate::audit::{self, Entry};
use crate::cases::{
    case_code, deadlines, due_at, Deadlines, CTX_CALLER_NAME, CTX_CALLER_PHONE, CTX_NARRATIVE,
    CTX_OUTCOME, CTX_RISK,
};
use crate::synthetic::{GIVEN_FEMALE, SURNAMES};
use crate::{App, AppError, Origin};
use jinguo_db::accounts;
use jinguo_db::cases::{self as store, CaseRow, EventRow};
use jinguo_domain::cases::{
    screen, CaseKind, Category, Channel, RiskLevel, Satisfaction, Status, Urgency, FOLLOW_UP_DAYS,
    RISK_ITEMS,
};
use jinguo_domain::{CivilDate, Phone, UnitCode};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use std::collections::BTreeMap;

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;
/// Cases are opened over the last three years.
const SPAN_DAYS: i64 = 3 * 365;
/// Cases sealed and written per round (each round is several multi-row statements).
const CHUNK: usize = 2_000;
/// Of the open cases, the share whose status deadline is drawn in the past.
const OVERDUE_SHARE: f64 = 0.1;

/// The handlers the generator assigns cases to, created at the top of the tree when missing:
/// `(username, role, display name, weight)`.
pub const HANDLERS: &[(&str, &str, &str, u32)] = &[
    ("gen-federation", "federation", "林秀琴", 2),
    ("gen-caseworker-1", "caseworker", "陈丽华", 3),
    ("gen-caseworker-2", "caseworker", "黄美玲", 3),
    ("gen-caseworker-3", "caseworker", "王晓燕", 3),
    ("gen-caseworker-4", "caseworker", "郑淑贞", 2),
];

const RIGHTS_CATEGORIES: &[(Category, u32)] = &[
    (Category::MarriageFamily, 34),
    (Category::DomesticViolence, 15),
    (Category::Employment, 14),
    (Category::Property, 10),
    (Category::SexualHarassment, 4),
    (Category::PersonalSafety, 5),
    (Category::Children, 10),
    (Category::Other, 8),
];
const ENTERPRISE_CATEGORIES: &[(Category, u32)] = &[
    (Category::EnterpriseOperation, 50),
    (Category::Infrastructure, 20),
    (Category::Employment, 20),
    (Category::Other, 10),
];
const RIGHTS_CHANNELS: &[(Channel, u32)] = &[
    (Channel::Hotline12338, 40),
    (Channel::WalkIn, 25),
    (Channel::Online, 14),
    (Channel::Letter, 6),
    (Channel::Outreach, 15),
];
const ENTERPRISE_CHANNELS: &[(Channel, u32)] = &[
    (Channel::LiaisonVisit, 55),
    (Channel::Online, 15),
    (Channel::WalkIn, 15),
    (Channel::Hotline12338, 10),
    (Channel::Letter, 5),
];
const OPEN_STATUSES: &[(Status, u32)] = &[
    (Status::New, 10),
    (Status::Assigned, 15),
    (Status::InProgress, 40),
    (Status::Referred, 15),
    (Status::Escalated, 5),
    (Status::Resolved, 15),
];
const URGENCIES: &[(Urgency, u32)] = &[
    (Urgency::Normal, 85),
    (Urgency::Urgent, 12),
    (Urgency::Emergency, 3),
];
const SATISFACTION: &[(Satisfaction, u32)] = &[
    (Satisfaction::VerySatisfied, 35),
    (Satisfaction::Satisfied, 45),
    (Satisfaction::BasicallySatisfied, 15),
    (Satisfaction::Dissatisfied, 5),
];
const REPORT_RECIPIENTS: &[&str] = &["泉州市公安局丰泽分局", "丰泽区民政局", "丰泽区教育局"];
const ENTERPRISE_WORDS: &[&str] = &[
    "巧手", "丽人", "绣坊", "茶香", "惠民", "锦华", "金凤", "芳华", "安泰", "聚福", "海韵", "刺桐",
];
const ENTERPRISE_TRADES: &[&str] = &[
    "服饰有限公司",
    "茶业有限公司",
    "家政服务有限公司",
    "电子商务有限公司",
    "食品有限公司",
    "工艺品有限公司",
    "餐饮管理有限公司",
    "农业专业合作社",
];

fn narrative(rng: &mut StdRng, category: Category, place: &str) -> String {
    let years = rng.gen_range(2..25);
    let amount = rng.gen_range(3..200) * 1000;
    let months = rng.gen_range(2..12);
    let texts: &[String] = &match category {
        Category::MarriageFamily => vec![
            format!("来电反映丈夫长期不给生活费，婚后{years}年，现居{place}，要求帮助协调抚养费。"),
            format!("当事人与配偶协议离婚后，对方拒不履行探视约定，请求妇联调解。住{place}。"),
            format!("婆媳矛盾激化，当事人被要求搬出共同居所，咨询居住权及财产分割。"),
        ],
        Category::DomesticViolence => vec![
            format!("当事人称丈夫酒后多次殴打，最近一次致面部受伤，已就医，现暂住{place}亲属家。"),
            format!("邻居代为求助：{place}一户家中常有打骂声，女方不敢报警，请求上门了解。"),
            format!("当事人结婚{years}年，长期遭受言语威胁和经济控制，询问人身安全保护令申请。"),
        ],
        Category::Employment => vec![
            format!("当事人怀孕后被公司以岗位调整为由辞退，要求依法维权，工作{years}年。"),
            format!("女职工反映被拖欠工资{months}个月共{amount}元，单位位于{place}附近。"),
            format!("求职时被问及婚育状况并因此未被录用，咨询就业性别歧视投诉渠道。"),
        ],
        Category::Property => vec![
            format!("当事人为外嫁女，村里土地征收补偿款{amount}元未分配给本人，请求协调。"),
            format!("离婚时共同房产登记在对方名下，当事人咨询财产分割及权利保护。"),
        ],
        Category::SexualHarassment => vec![
            format!("当事人反映单位主管多次发送骚扰信息并有不当肢体接触，担心失去工作。"),
            format!("在{place}公共场所遭遇骚扰，已报警，请求心理疏导和法律援助。"),
        ],
        Category::PersonalSafety => vec![
            format!("当事人离婚后仍被前夫跟踪、纠缠，住{place}，担心人身安全。"),
            format!("独居老年妇女反映遭遇上门推销威胁，请求社区关注。"),
        ],
        Category::Children => vec![
            format!("留守儿童由祖辈抚养，监护缺位，{place}网格员发现后上报。"),
            format!("母亲反映前夫拒付子女抚养费已{months}个月，子女面临辍学。"),
            format!("学校反映一名女生长期缺课，疑似家庭监护不当，请求联合走访。"),
        ],
        Category::EnterpriseOperation => vec![
            format!("女企业家反映企业受订单下滑影响资金周转困难，希望对接贷款贴息政策，缺口约{amount}元。"),
            format!("企业希望参加巾帼创业展销活动，拓展销售渠道。"),
            format!("企业反映用工季节性短缺，请求对接{place}妇女就业培训资源。"),
        ],
        Category::Infrastructure => vec![
            format!("企业所在{place}园区道路破损、夜间照明不足，影响女职工通勤安全。"),
            format!("企业反映厂区周边缺少托育设施，女职工子女入托困难。"),
        ],
        Category::Other => vec![
            format!("当事人咨询妇联维权服务范围及办理流程。"),
            format!("群众来信反映{place}妇女活动场地不足，建议增设妇女儿童之家。"),
        ],
    };
    texts[rng.gen_range(0..texts.len())].clone()
}

fn outcome(rng: &mut StdRng, kind: CaseKind) -> String {
    let texts: &[&str] = match kind {
        CaseKind::Rights => &[
            "经调解双方达成协议，已签署调解书。",
            "已转介法律援助中心，指派律师代理，法院已作出判决。",
            "协助当事人申请人身安全保护令并获批准，定期回访。",
            "经与用人单位沟通，单位已补发工资并撤回辞退决定。",
            "已提供心理疏导和政策咨询，当事人表示问题已解决。",
        ],
        CaseKind::Enterprise => &[
            "已对接人社部门落实创业担保贷款贴息。",
            "已协调相关部门完成道路修缮。",
            "已推荐企业参加巾帼创业展销会。",
            "已对接职业技能培训机构，开展定向培训。",
        ],
    };
    texts[rng.gen_range(0..texts.len())].to_owned()
}

fn weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return *item;
        }
        roll -= weight;
    }
    items[0].0
}

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.gen_range(0..items.len())]
}

/// The first millisecond (UTC+8) of a day.
fn start_ms_china(day: CivilDate) -> i64 {
    day.end_ms_china() - DAY_MS
}

/// Share of the cases opened `age_days` ago that are still open: most cases close within weeks.
fn open_share(age_days: i64) -> f64 {
    match age_days {
        0..=13 => 0.8,
        14..=59 => 0.35,
        60..=179 => 0.12,
        180..=364 => 0.05,
        _ => 0.02,
    }
}

/// What the generator wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub cases: u64,
    pub rights: u64,
    pub enterprise: u64,
    pub restricted: u64,
    pub open: u64,
    /// Open cases past their deadline at the moment of generation.
    pub overdue: u64,
    pub handlers: Vec<String>,
}

/// A handler the generator assigns cases to.
#[derive(Debug, Clone)]
struct Handler {
    id: i64,
    username: String,
    display_name: String,
    weight: u32,
}

/// The handlers of `HANDLERS`, created at the top of the tree when missing (each with a random
/// password nobody knows: an admin resets it to let the person sign in).
async fn ensure_handlers(app: &App, origin: &Origin, root: &str) -> Result<Vec<Handler>, AppError> {
    let mut handlers = Vec::new();
    for &(username, role, name, weight) in HANDLERS {
        let user = match accounts::find_by_username(&mut app.db.ex(), username).await? {
            Some(u) => u,
            None => {
                let account = crate::users::NewAccount {
                    username: username.into(),
                    display_name: Some(name.into()),
                    role: role.into(),
                    unit_code: root.into(),
                    department_code: None,
                    password: format!(
                        "Gd-{}7",
                        crate::auth::random_secret()
                            .chars()
                            .take(16)
                            .collect::<String>()
                    ),
                };
                crate::users::add(app, crate::users::Actor::Operator(origin), account).await?;
                accounts::find_by_username(&mut app.db.ex(), username)
                    .await?
                    .ok_or_else(|| AppError::Internal(format!("user {username} not created")))?
            }
        };
        handlers.push(Handler {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            weight,
        });
    }
    Ok(handlers)
}

/// Where cases are opened: the streets and communities of the installed tree (three quarters
/// in communities, where most intake happens), with their names for the narratives.
struct Places {
    root: String,
    streets: Vec<(String, String)>,
    communities: Vec<(String, String)>,
}

async fn places(app: &App) -> Result<Places, AppError> {
    let root = jinguo_db::units::root_code(&mut app.db.ex()).await?;
    let code = UnitCode::parse(&root)
        .map_err(|_| AppError::Internal("the org tree has no valid root".into()))?;
    let units = jinguo_db::units::list_under(&mut app.db.ex(), &code).await?;
    let of_level = |level: &str| -> Vec<(String, String)> {
        units
            .iter()
            .filter(|u| u.level == level)
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect()
    };
    let mut streets = of_level("street");
    let communities = of_level("community");
    if streets.is_empty() && communities.is_empty() {
        streets.push((root.clone(), String::new()));
    }
    Ok(Places {
        root,
        streets,
        communities,
    })
}

impl Places {
    fn draw(&self, rng: &mut StdRng) -> &(String, String) {
        let in_community =
            !self.communities.is_empty() && (self.streets.is_empty() || rng.gen_bool(0.75));
        let pool = if in_community {
            &self.communities
        } else {
            &self.streets
        };
        &pool[rng.gen_range(0..pool.len())]
    }
}

/// The plain facts of one case, drawn before anything is sealed.
struct Plan {
    created_at: i64,
    kind: CaseKind,
    channel: Channel,
    category: Category,
    urgency: Urgency,
    status: Status,
    unit: usize,
    handler: Option<usize>,
    created_by: Option<usize>,
    status_since: i64,
    due_at: Option<i64>,
    closed_at: Option<i64>,
    follow_up_due: Option<i64>,
    followed_up_at: Option<i64>,
    satisfaction: Option<Satisfaction>,
    lacks_capacity: bool,
    mandatory_report: bool,
    reported_on: Option<String>,
    report_recipient: Option<String>,
    number: i64,
}

struct Drawer<'a> {
    rng: StdRng,
    now: i64,
    rules: &'a Deadlines,
    handlers: &'a [Handler],
    units: Vec<(String, String)>,
    places: &'a Places,
}

impl Drawer<'_> {
    fn handler(&mut self) -> usize {
        let weights: Vec<(usize, u32)> = self
            .handlers
            .iter()
            .enumerate()
            .map(|(i, h)| (i, h.weight))
            .collect();
        weighted(&mut self.rng, &weights)
    }

    fn unit(&mut self) -> usize {
        let place = self.places.draw(&mut self.rng).clone();
        match self.units.iter().position(|u| u.0 == place.0) {
            Some(i) => i,
            None => {
                self.units.push(place);
                self.units.len() - 1
            }
        }
    }

    /// When an open case entered its status, so that its deadline (the app's rule from that
    /// day) is past now when `overdue` is drawn and ahead of it otherwise, where the case's age
    /// allows. Returns `(status_since, due_at)`.
    fn deadline(
        &mut self,
        category: Category,
        status: Status,
        created_at: i64,
    ) -> (i64, Option<i64>) {
        let (now, rules) = (self.now, self.rules);
        let today = CivilDate::from_epoch_ms_china(now);
        let created_day = CivilDate::from_epoch_ms_china(created_at);
        let due_from = |day: CivilDate| due_at(rules, category, status, day);
        let Some(due_today) = due_from(today) else {
            return (now, None);
        };
        let overdue = self.rng.gen_bool(OVERDUE_SHARE);
        let day = if overdue {
            // The latest day from which the deadline has passed, then up to two weeks earlier.
            let mut latest = today.plus_days(-1);
            while due_from(latest).is_some_and(|d| d >= now) {
                latest = latest.plus_days(-1);
            }
            let day = latest.plus_days(-self.rng.gen_range(0..=14));
            if day >= created_day {
                day
            } else if latest >= created_day {
                created_day
            } else {
                today
            }
        } else {
            // A day from which the deadline is still ahead.
            let mut earliest = today;
            while due_from(earliest.plus_days(-1)).is_some_and(|d| d >= now) {
                earliest = earliest.plus_days(-1);
            }
            let earliest = earliest.max(created_day);
            let span = today.days_since_epoch() - earliest.days_since_epoch();
            // One draw whatever the span (a range draw may retry), so that the draws after it
            // stay the same when the generator runs at another hour of the same day.
            earliest.plus_days((self.rng.gen::<f64>() * (span + 1) as f64) as i64)
        };
        let at = start_ms_china(day) + self.rng.gen_range(8 * HOUR_MS..18 * HOUR_MS);
        let since = at.clamp(created_at, now);
        let due = due_from(CivilDate::from_epoch_ms_china(since)).or(Some(due_today));
        (since, due)
    }

    fn plan(&mut self, created_at: i64) -> Plan {
        let rng = &mut self.rng;
        let kind = if rng.gen_bool(0.8) {
            CaseKind::Rights
        } else {
            CaseKind::Enterprise
        };
        let (categories, channels) = match kind {
            CaseKind::Rights => (RIGHTS_CATEGORIES, RIGHTS_CHANNELS),
            CaseKind::Enterprise => (ENTERPRISE_CATEGORIES, ENTERPRISE_CHANNELS),
        };
        let category = weighted(rng, categories);
        let channel = weighted(rng, channels);
        let mut urgency = weighted(rng, URGENCIES);
        if category.is_safety_critical() && urgency == Urgency::Normal && rng.gen_bool(0.3) {
            urgency = Urgency::Urgent;
        }
        let age_days = (self.now - created_at) / DAY_MS;
        let open = rng.gen_bool(open_share(age_days));
        let status = if open {
            weighted(rng, OPEN_STATUSES)
        } else {
            Status::Closed
        };
        let lacks_capacity = rng.gen_bool(0.02);
        let minor = match category {
            Category::Children => rng.gen_bool(0.8),
            c if c.may_need_mandatory_report() => rng.gen_bool(0.05),
            _ => false,
        };
        let mandatory_report = category.may_need_mandatory_report() && (lacks_capacity || minor);
        let unit = self.unit();
        let handler = (status != Status::New).then(|| self.handler());
        let rng = &mut self.rng;
        // Online reports come from the public form half the time: no one took them in.
        let public = channel == Channel::Online && rng.gen_bool(0.5);
        let created_by = if public {
            None
        } else if let (Some(h), true) = (handler, rng.gen_bool(0.6)) {
            Some(h)
        } else {
            Some(self.handler())
        };
        let rng = &mut self.rng;
        let mut plan = Plan {
            created_at,
            kind,
            channel,
            category,
            urgency,
            status,
            unit,
            handler,
            created_by,
            status_since: created_at,
            due_at: None,
            closed_at: None,
            follow_up_due: None,
            followed_up_at: None,
            satisfaction: None,
            lacks_capacity,
            mandatory_report,
            reported_on: None,
            report_recipient: None,
            number: 0,
        };
        if status == Status::Closed {
            let took = rng.gen_range(2 * DAY_MS..75 * DAY_MS);
            let closed = (created_at + took).min(self.now - HOUR_MS).max(created_at);
            let follow_up_due = closed + FOLLOW_UP_DAYS * DAY_MS;
            plan.closed_at = Some(closed);
            plan.status_since = closed;
            plan.follow_up_due = Some(follow_up_due);
            plan.satisfaction = Some(weighted(rng, SATISFACTION));
            if follow_up_due < self.now && rng.gen_bool(0.9) {
                plan.followed_up_at = Some(follow_up_due - rng.gen_range(0..20 * DAY_MS));
            }
        } else {
            let (since, due) = self.deadline(category, status, created_at);
            plan.status_since = since;
            plan.due_at = due;
        }
        let rng = &mut self.rng;
        if mandatory_report
            && (matches!(status, Status::Resolved | Status::Closed) || rng.gen_bool(0.7))
        {
            let opened = CivilDate::from_epoch_ms_china(created_at);
            plan.reported_on = Some(opened.plus_days(rng.gen_range(0..2)).to_string());
            plan.report_recipient = Some(pick(rng, REPORT_RECIPIENTS).to_owned());
        }
        plan
    }
}

/// Loads `count` synthetic cases into a district that has none (the demo), so that the case
/// list, a case's page and the home page's case cards have something to show; `None` when
/// there were cases already.
pub async fn load_demo(
    app: &App,
    count: u64,
    seed: u64,
    origin: &Origin,
) -> Result<Option<Summary>, AppError> {
    if store::count_all(&mut app.db.ex()).await? > 0 {
        return Ok(None);
    }
    generate(app, count, seed, origin, &|_, _| {})
        .await
        .map(Some)
}

/// Writes `count` synthetic cases (and the handlers they need) into the application's database.
/// `progress(done, total)` is called after every round of writes.
pub async fn generate(
    app: &App,
    count: u64,
    seed: u64,
    origin: &Origin,
    progress: &dyn Fn(u64, u64),
) -> Result<Summary, AppError> {
    let now = app.now();
    let places = places(app).await?;
    let handlers = ensure_handlers(app, origin, &places.root).await?;
    // Cases are drawn back to a few years before today: the holidays of those years count.
    let from = CivilDate::from_epoch_ms_china(now).plus_days(-5 * 366);
    let rules = deadlines(app, from).await?;
    let mut drawer = Drawer {
        rng: StdRng::seed_from_u64(seed),
        now,
        rules: &rules,
        handlers: &handlers,
        units: Vec::new(),
        places: &places,
    };
    // Opening times first, in order, so that case numbers follow them within each year.
    let mut opened: Vec<i64> = (0..count)
        .map(|_| now - drawer.rng.gen_range(0..SPAN_DAYS * DAY_MS))
        .collect();
    opened.sort_unstable();
    let mut plans: Vec<Plan> = opened.into_iter().map(|at| drawer.plan(at)).collect();

    let mut summary = Summary {
        cases: count,
        handlers: handlers.iter().map(|h| h.username.clone()).collect(),
        ..Summary::default()
    };
    let mut per_sequence: BTreeMap<String, i64> = BTreeMap::new();
    for p in &plans {
        let year = CivilDate::from_epoch_ms_china(p.created_at).year;
        *per_sequence
            .entry(format!("{}{year}", p.kind.as_str()))
            .or_default() += 1;
        match p.kind {
            CaseKind::Rights => summary.rights += 1,
            CaseKind::Enterprise => summary.enterprise += 1,
        }
        summary.restricted += u64::from(p.category.restricted_by_default());
        summary.open += u64::from(p.status.is_open());
        summary.overdue += u64::from(p.due_at.is_some_and(|d| d < now));
    }

    let mut tx = app.db.begin().await?;
    tx.ex().bulk_cache(true).await?;
    // Each (kind, year) sequence gets one block of numbers, handed out in opening order.
    let mut next: BTreeMap<String, i64> = BTreeMap::new();
    for (name, n) in &per_sequence {
        let last = store::reserve_numbers(&mut tx.ex(), name, *n).await?;
        next.insert(name.clone(), last - n + 1);
    }
    for p in &mut plans {
        let year = CivilDate::from_epoch_ms_china(p.created_at).year;
        let n = next
            .get_mut(&format!("{}{year}", p.kind.as_str()))
            .expect("every sequence was reserved");
        p.number = *n;
        *n += 1;
    }

    let cipher = &app.cipher;
    let mut done = 0u64;
    for chunk in plans.chunks(CHUNK) {
        let mut rows = Vec::with_capacity(chunk.len());
        let mut events = Vec::with_capacity(chunk.len());
        for p in chunk {
            let rng = &mut drawer.rng;
            let (unit_code, unit_name) = &drawer.units[p.unit];
            let place = if unit_name.is_empty() {
                "辖区".to_owned()
            } else {
                unit_name.replace("居委会", "").replace("村委会", "村")
            };
            let text = narrative(rng, p.category, &place);
            let caller_phone = (p.kind == CaseKind::Rights
                && matches!(p.channel, Channel::Hotline12338 | Channel::Online)
                && rng.gen_bool(0.7))
            .then(|| {
                let raw = format!(
                    "1{}{:09}",
                    pick(rng, &["3", "5", "8", "9", "7"]),
                    rng.gen_range(0..1_000_000_000u64)
                );
                Phone::parse(&raw).expect("a mobile number")
            });
            let caller_name = (p.kind == CaseKind::Rights && rng.gen_bool(0.6)).then(|| {
                format!(
                    "{}{}{}",
                    pick(rng, SURNAMES),
                    pick(rng, GIVEN_FEMALE),
                    pick(rng, GIVEN_FEMALE)
                )
            });
            let risk = (p.category == Category::DomesticViolence && rng.gen_bool(0.7)).then(|| {
                let yes: Vec<String> = RISK_ITEMS
                    .iter()
                    .filter(|_| rng.gen_bool(0.2))
                    .map(|i| i.code.to_owned())
                    .collect();
                screen(&yes).expect("known risk items")
            });
            let urgency = match &risk {
                Some(r) if r.level == RiskLevel::High => Urgency::Emergency,
                _ => p.urgency,
            };
            let id = app.ids.next(p.created_at);
            let outcome = matches!(p.status, Status::Resolved | Status::Closed)
                .then(|| cipher.seal(&outcome(rng, p.kind), CTX_OUTCOME, id));
            let enterprise_name = (p.kind == CaseKind::Enterprise).then(|| {
                format!(
                    "泉州市丰泽区{}{}",
                    pick(rng, ENTERPRISE_WORDS),
                    pick(rng, ENTERPRISE_TRADES)
                )
            });
            let opened_on = CivilDate::from_epoch_ms_china(p.created_at);
            let creator = p.created_by.map(|i| &handlers[i]);
            rows.push(CaseRow {
                id,
                code: case_code(p.kind, opened_on.year, p.number),
                kind: p.kind.as_str().into(),
                channel: p.channel.as_str().into(),
                category: p.category.as_str().into(),
                urgency: urgency.as_str().into(),
                status: p.status.as_str().into(),
                restricted: p.category.restricted_by_default(),
                unit_code: unit_code.clone(),
                handler_id: p.handler.map(|i| handlers[i].id),
                enterprise_id: None,
                enterprise_name,
                caller_name_cipher: caller_name
                    .as_deref()
                    .map(|n| cipher.seal(n, CTX_CALLER_NAME, id)),
                caller_phone_cipher: caller_phone
                    .as_ref()
                    .map(|ph| cipher.seal(ph.as_str(), CTX_CALLER_PHONE, id)),
                caller_phone_masked: caller_phone.as_ref().map(Phone::masked),
                narrative_cipher: cipher.seal(&text, CTX_NARRATIVE, id),
                outcome_cipher: outcome,
                satisfaction: p.satisfaction.map(|s| s.as_str().into()),
                risk_cipher: risk
                    .as_ref()
                    .map(|r| cipher.seal(&json!(r.yes).to_string(), CTX_RISK, id)),
                risk_score: risk.as_ref().map(|r| i64::from(r.score)),
                risk_level: risk.as_ref().map(|r| r.level.as_str().into()),
                lacks_capacity: p.lacks_capacity,
                mandatory_report: p.mandatory_report,
                report_recipient: p.report_recipient.clone(),
                reported_on: p.reported_on.clone(),
                status_since: p.status_since,
                due_at: p.due_at,
                follow_up_due: p.follow_up_due,
                followed_up_at: p.followed_up_at,
                receipt_index: None,
                receipt_phone_index: None,
                created_by: creator.map(|h| h.id),
                opened_on: opened_on.to_string(),
                created_at: p.created_at,
                updated_at: p.status_since,
                closed_at: p.closed_at,
            });
            events.push(EventRow {
                id: app.ids.next(p.created_at),
                case_id: id,
                at: p.created_at,
                actor_id: creator.map(|h| h.id),
                actor: creator.map_or_else(|| "public".to_owned(), |h| h.display_name.clone()),
                kind: "created".into(),
                from_status: None,
                to_status: Some(Status::New.as_str().into()),
                body_cipher: None,
                detail: json!({
                    "channel": p.channel.as_str(),
                    "actor": creator.map_or("public", |h| h.username.as_str()),
                })
                .to_string(),
            });
        }
        store::insert_many(&mut tx.ex(), &rows).await?;
        store::add_events(&mut tx.ex(), &events).await?;
        done += chunk.len() as u64;
        progress(done, count);
    }
    let entry = Entry {
        actor_id: None,
        actor: "cli",
        origin,
        action: "generate",
        entity: "case",
        entity_id: String::new(),
        unit_code: Some(&places.root),
        detail: json!({ "synthetic_cases": count, "seed": seed }),
    };
    audit::append(app, &mut tx.ex(), entry, now).await?;
    tx.ex().bulk_cache(false).await?;
    tx.commit().await?;
    Ok(summary)
}
