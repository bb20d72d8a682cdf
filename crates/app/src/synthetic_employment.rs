//! The demo district's employment work, built from records: enterprises of Fengze's trades
//! (garments, shoes, food, tea, e-commerce, domestic service, catering …) with valid credit codes,
//! a share founded by women of the registry, leaders assigned where leader accounts exist, open
//! jobs worded without restrictions on sex, marriage or children, job seekers on registry people,
//! and the spring job fair of the work report — 春风送岗位: 1,800 visitors checked in, 438
//! intention agreements of which 208 with women, 78 of them with the 3 women-owned enterprises
//! that took part. Every figure of the fair's report is counted from these records.
//!
//! The registry of the demo district is mostly women; the men who sign at the fair register at
//! its desk with their ID number, as check-in does for a visitor who gives one. Everything is
//! checked by the use cases' own validations and written with the batched store functions in one
//! transaction. Deterministic per seed and day (ids come from the id generator).

use crate::audit::{self, Entry};
use crate::employment::enterprises::{self, EnterpriseInput};
use crate::employment::events::{checkin_key, sealed_checkin, Visitor};
use crate::employment::jobs::{self, JobInput};
use crate::employment::seekers::{self, SeekerInput};
use crate::import::{ImportOptions, Importer};
use crate::people::{birth_date_of, phone_of, today};
use crate::synthetic::{address, Roster, GIVEN_FEMALE, SURNAMES};
use crate::{App, AppError, Origin};
use jinguo_db::employment::{
    self as store, AgreementRow, EnterpriseRow, EventRow, JobRow, OutcomeRow,
};
use jinguo_domain::employment::{CheckinVia, CreditCode, Industry, JobCategory};
use jinguo_domain::{CivilDate, Phone, Role, Scope, Sex, UnitCode};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use std::collections::HashSet;

/// The fair of the work report.
pub const FAIR_VISITORS: usize = 1_800;
pub const FAIR_AGREEMENTS: usize = 438;
pub const FAIR_AGREEMENTS_WITH_WOMEN: usize = 208;
pub const FAIR_WOMEN_OWNED_AGREEMENTS: usize = 78;
const FAIR_ENTERPRISES: usize = 25;
const FAIR_WOMEN_OWNED: usize = 3;
/// Registry people who came to the fair without signing.
const FAIR_OTHER_REGISTERED: usize = 450;
/// Of the visitors not in the registry, the share of women.
const WALK_IN_WOMEN: f64 = 0.48;

const ENTERPRISES: usize = 60;
const WOMEN_OWNED: usize = 15;
const SEEKERS: usize = 400;
/// Men registered at the fair's desk: more than the agreements men sign.
const REGISTERED_MEN: usize = 300;
/// Enterprises a leader liaises with at most.
const PER_LEADER: usize = 3;

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// A trade of the district: the word in enterprise names, its industry section, the category of
/// its jobs and the jobs it posts (title, skills, monthly pay range in yuan).
struct Trade {
    word: &'static str,
    industry: Industry,
    category: JobCategory,
    jobs: &'static [(&'static str, &'static [&'static str], i64, i64)],
}

const TRADES: &[Trade] = &[
    Trade {
        word: "服饰",
        industry: Industry::C,
        category: JobCategory::Manufacturing,
        jobs: &[
            ("缝纫工", &["缝纫", "平车"], 4_500, 7_000),
            ("质检员", &["质量检验"], 4_000, 5_500),
            ("服装设计助理", &["服装设计", "CAD制版"], 4_500, 7_500),
            ("车间统计员", &["Excel", "统计"], 3_800, 5_000),
            ("裁剪工", &["裁剪"], 4_500, 6_500),
            ("整烫包装工", &["整烫", "包装"], 3_800, 5_200),
        ],
    },
    Trade {
        word: "鞋业",
        industry: Industry::C,
        category: JobCategory::Manufacturing,
        jobs: &[
            ("针车工", &["针车"], 4_500, 7_500),
            ("成型工", &["制鞋"], 4_500, 6_500),
            ("仓库管理员", &["仓储管理", "Excel"], 4_000, 5_500),
            ("鞋面检验员", &["质量检验"], 4_000, 5_500),
            ("外贸业务员", &["英语", "外贸"], 5_000, 9_000),
        ],
    },
    Trade {
        word: "食品",
        industry: Industry::C,
        category: JobCategory::Manufacturing,
        jobs: &[
            ("食品包装工", &["包装"], 3_800, 5_000),
            ("品控专员", &["食品检验"], 4_500, 6_500),
            ("烘焙师", &["烘焙"], 4_500, 7_000),
            ("生产线操作工", &["设备操作"], 4_200, 6_000),
            ("门店营业员", &["销售", "收银"], 3_600, 5_000),
        ],
    },
    Trade {
        word: "茶业",
        industry: Industry::F,
        category: JobCategory::Retail,
        jobs: &[
            ("茶艺师", &["茶艺"], 4_000, 6_500),
            ("门店导购", &["销售", "茶叶知识"], 3_800, 6_000),
            ("制茶工", &["制茶"], 4_000, 6_000),
            ("茶叶电商运营", &["网店运营"], 4_500, 8_000),
            ("会计", &["会计", "财务软件"], 4_500, 7_000),
        ],
    },
    Trade {
        word: "电子商务",
        industry: Industry::F,
        category: JobCategory::Ecommerce,
        jobs: &[
            ("直播运营", &["直播", "短视频剪辑"], 5_000, 9_000),
            ("电商客服", &["客服", "打字"], 3_800, 5_500),
            ("美工设计", &["Photoshop"], 4_500, 7_500),
            ("短视频剪辑师", &["短视频剪辑"], 4_500, 8_000),
            ("打包发货员", &["包装", "分拣"], 3_800, 5_500),
        ],
    },
    Trade {
        word: "家政服务",
        industry: Industry::O,
        category: JobCategory::DomesticService,
        jobs: &[
            ("育婴员", &["婴幼儿护理", "育婴员证"], 5_000, 8_000),
            ("家政服务员", &["保洁", "烹饪"], 4_500, 6_500),
            ("养老护理员", &["养老护理"], 4_500, 7_000),
            ("月嫂", &["母婴护理"], 7_000, 12_000),
            ("家政培训讲师", &["培训", "家政"], 5_000, 8_000),
        ],
    },
    Trade {
        word: "餐饮管理",
        industry: Industry::H,
        category: JobCategory::Catering,
        jobs: &[
            ("餐厅服务员", &["服务礼仪"], 3_600, 5_000),
            ("面点师", &["面点"], 4_500, 7_000),
            ("收银员", &["收银"], 3_600, 4_800),
            ("厨师", &["烹饪"], 5_000, 8_000),
            ("店长助理", &["门店管理"], 4_500, 6_500),
        ],
    },
    Trade {
        word: "工艺品",
        industry: Industry::C,
        category: JobCategory::Handicraft,
        jobs: &[
            ("工艺品彩绘工", &["彩绘"], 4_000, 6_500),
            ("木雕学徒", &["木雕"], 3_500, 5_000),
            ("刺绣工", &["刺绣"], 4_000, 6_500),
            ("工艺品网店客服", &["客服", "打字"], 3_600, 5_000),
            ("包装设计", &["平面设计"], 4_500, 7_000),
        ],
    },
    Trade {
        word: "母婴用品",
        industry: Industry::F,
        category: JobCategory::Retail,
        jobs: &[
            ("门店店员", &["销售"], 3_800, 5_500),
            ("会员顾问", &["客户服务"], 4_000, 6_000),
            ("母婴护理顾问", &["母婴护理"], 4_500, 7_000),
            ("仓库理货员", &["理货"], 3_800, 5_200),
            ("社群运营", &["社群运营"], 4_500, 7_000),
        ],
    },
    Trade {
        word: "美容美发",
        industry: Industry::O,
        category: JobCategory::Beauty,
        jobs: &[
            ("美容师", &["美容"], 4_000, 8_000),
            ("美甲师", &["美甲"], 3_800, 7_000),
            ("美发师", &["美发"], 4_500, 9_000),
            ("前台接待", &["接待", "收银"], 3_600, 5_000),
            ("化妆师", &["化妆"], 4_500, 8_000),
        ],
    },
    Trade {
        word: "健康管理",
        industry: Industry::Q,
        category: JobCategory::Healthcare,
        jobs: &[
            ("康复理疗师", &["康复理疗"], 5_000, 8_000),
            ("健康管理师", &["健康管理"], 4_500, 7_000),
            ("护士", &["护士执业证"], 5_000, 7_500),
            ("营养师", &["营养配餐"], 4_500, 7_000),
            ("客服专员", &["客服"], 3_800, 5_500),
        ],
    },
    Trade {
        word: "教育咨询",
        industry: Industry::P,
        category: JobCategory::Education,
        jobs: &[
            ("课程顾问", &["沟通", "销售"], 4_000, 7_000),
            ("托育老师", &["保育员证"], 4_000, 6_000),
            ("课后辅导老师", &["教师资格证"], 4_000, 6_500),
            ("教务专员", &["Excel", "沟通"], 3_800, 5_500),
            ("舞蹈老师", &["舞蹈"], 4_500, 8_000),
        ],
    },
    Trade {
        word: "物流",
        industry: Industry::G,
        category: JobCategory::Logistics,
        jobs: &[
            ("分拣员", &["分拣"], 4_200, 6_000),
            ("仓储管理员", &["仓储管理"], 4_500, 6_000),
            ("叉车司机", &["叉车证"], 5_000, 7_000),
            ("调度员", &["调度", "Excel"], 4_500, 6_500),
            ("快递员", &["驾驶证C1"], 5_000, 8_000),
        ],
    },
];

const PREFIXES: &[&str] = &["泉州市丰泽区", "泉州丰泽", "泉州市"];
const BRANDS: &[&str] = &[
    "巾帼", "刺桐", "清源", "东海", "温陵", "海丝", "桐城", "泉秀", "宝洲", "津淮", "田安", "华大",
    "北峰", "城东", "丰盛", "聚贤", "锦绣", "惠女", "安平", "蟳埔", "丰华", "闽南", "百源", "东湖",
    "凤山", "铭湖", "宏远", "恒昌", "嘉禾", "禾丰", "佳美", "源和", "顺兴", "美岭", "霞淮", "云谷",
];
/// Requirements as postings write them — none restricts by sex, marriage or children.
const REQUIREMENTS: &[&str] = &[
    "有相关工作经验者优先，可提供岗前培训",
    "工作认真负责，有团队合作精神",
    "持健康证上岗，公司可协助办理",
    "熟练使用电脑办公软件",
    "普通话流利，善于沟通",
    "能适应轮班工作，加班有加班费",
    "",
];
/// Terms that make a job workable for a mother or a carer, as postings offer them.
const TERMS: &[&[&str]] = &[
    &["training_provided"],
    &["near_home", "flexible_hours"],
    &["childcare"],
    &[],
];
/// Credit code characters (GB 32100 leaves out I, O, Z, S, V).
const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub enterprises: usize,
    pub women_owned: usize,
    pub leaders_assigned: usize,
    pub jobs: usize,
    pub seekers: usize,
    pub registered_men: u64,
    pub fair_id: i64,
    pub visitors: usize,
    pub agreements: usize,
    pub agreements_with_women: usize,
    pub women_owned_agreements: usize,
}

/// A registry person as the generator uses her.
#[derive(Debug, Clone)]
struct Person {
    id: i64,
    name: String,
    female: bool,
    age: i32,
    unit_code: String,
    education: Option<String>,
    phone: Phone,
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

fn phone(rng: &mut StdRng) -> Option<Phone> {
    let prefix = pick(rng, &["13", "15", "18", "19", "17"]);
    Phone::parse(&format!(
        "{prefix}{:09}",
        rng.gen_range(0..1_000_000_000u64)
    ))
    .ok()
}

fn woman_name(rng: &mut StdRng) -> String {
    let given: String = (0..rng.gen_range(1..=2))
        .map(|_| *pick(rng, GIVEN_FEMALE))
        .collect();
    format!("{}{given}", pick(rng, SURNAMES))
}

/// The seeker's education code from the registry's (a GB/T 4658 code, or words stored before
/// the code list).
fn education_code(stored: &str) -> Option<&'static str> {
    let class = jinguo_domain::national_codes::EDUCATION.parse(stored)?;
    Some(match class.code {
        "80" => "primary",
        "70" => "junior_high",
        "60" | "40" => "senior_high",
        "30" => "associate",
        "20" => "bachelor",
        "10" => "postgraduate",
        _ => return None,
    })
}

/// Loads the demo district's employment records when it has no enterprise yet; `None` when
/// there was something already.
pub async fn load_demo(app: &App, seed: u64, origin: &Origin) -> Result<Option<Summary>, AppError> {
    let existing = jinguo_db::employment::count_enterprises(&mut app.db.ex()).await?;
    if existing > 0 {
        return Ok(None);
    }
    generate(app, seed, origin).await.map(Some)
}

/// Writes the demo district's enterprises, jobs, seekers and the spring fair.
pub async fn generate(app: &App, seed: u64, origin: &Origin) -> Result<Summary, AppError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let today = today(app);
    let now = app.now();
    let root = root_unit(app).await?;
    let places: Vec<String> = jinguo_db::units::list_under(&mut app.db.ex(), &root)
        .await?
        .into_iter()
        .filter(|u| u.level == "community")
        .map(|u| u.code)
        .collect();
    if places.is_empty() {
        return Err(AppError::Internal("the org tree has no communities".into()));
    }
    let registered_men = register_men(app, seed, today.year, origin).await?;
    let people = registry(app, today).await?;
    let mut summary = Summary {
        registered_men,
        ..Summary::default()
    };

    let mut tx = app.db.begin().await?;
    let mut enterprise_rows = Vec::new();
    let mut trades = Vec::new();
    let mut names = HashSet::new();
    let mut codes = HashSet::new();
    let founders: Vec<&Person> = people
        .iter()
        .filter(|p| p.female && (30..=55).contains(&p.age))
        .collect();
    if founders.len() < WOMEN_OWNED {
        return Err(AppError::Internal(
            "the registry has too few women for the demo".into(),
        ));
    }
    let founders: Vec<&Person> = founders
        .choose_multiple(&mut rng, WOMEN_OWNED)
        .copied()
        .collect();
    while enterprise_rows.len() < ENTERPRISES {
        let trade = &TRADES[enterprise_rows.len() % TRADES.len()];
        let name = format!(
            "{}{}{}有限公司",
            pick(&mut rng, PREFIXES),
            pick(&mut rng, BRANDS),
            trade.word
        );
        if !names.insert(name.clone()) {
            continue;
        }
        let code = loop {
            let tail: String = (0..7)
                .map(|_| *pick(&mut rng, CODE_ALPHABET) as char)
                .collect();
            if let Some(code) = CreditCode::complete(&format!("91350503MA{tail}")) {
                if codes.insert(code.as_str().to_owned()) {
                    break code;
                }
            }
        };
        let founder = founders.get(enterprise_rows.len() * WOMEN_OWNED / ENTERPRISES);
        let women_owned = enterprise_rows.len() % (ENTERPRISES / WOMEN_OWNED) == 0;
        let staff: i64 = rng.gen_range(8..400);
        let input = EnterpriseInput {
            name,
            credit_code: code.as_str().into(),
            women_owned,
            entrepreneur_id: None,
            industry: Some(trade.industry.as_str().into()),
            staff: Some(staff),
            women_staff: Some(staff * rng.gen_range(40..90) / 100),
            unit_code: pick(&mut rng, &places).clone(),
            address: Some(address(&mut rng)),
            contact_name: Some(woman_name(&mut rng)),
            contact_phone: phone(&mut rng).map(|p| p.as_str().to_owned()),
        };
        let valid = enterprises::validate(&input)?;
        let entrepreneur = founder.filter(|_| women_owned).map(|p| p.id);
        enterprise_rows.push(enterprises::sealed(
            app,
            &valid,
            app.ids.next(now),
            entrepreneur,
            (None, now),
            now,
        ));
        trades.push(trade);
    }
    store::insert_enterprises(&mut tx.ex(), &enterprise_rows).await?;
    summary.enterprises = enterprise_rows.len();
    summary.women_owned = enterprise_rows.iter().filter(|e| e.women_owned).count();
    summary.leaders_assigned = assign_leaders(app, &mut tx, &root, &enterprise_rows, now).await?;

    let mut jobs_of: Vec<Vec<JobRow>> = Vec::new();
    for (e, trade) in enterprise_rows.iter().zip(&trades) {
        let mut own = Vec::new();
        for (title, skills, min, max) in trade.jobs {
            let input = JobInput {
                enterprise_id: e.id,
                title: (*title).into(),
                category: trade.category.as_str().into(),
                positions: rng.gen_range(1..12),
                education: None,
                age_min: Some(18),
                age_max: Some(*pick(&mut rng, &[45, 50, 55])),
                skills: skills.iter().map(|s| s.to_string()).collect(),
                salary_min: *min,
                salary_max: *max,
                unit_code: e.unit_code.clone(),
                hours: Some(
                    (*pick(&mut rng, &["full_time", "full_time", "shift", "flexible"])).into(),
                ),
                terms: pick(&mut rng, TERMS)
                    .iter()
                    .map(|t| t.to_string())
                    .collect(),
                requirements: Some((*pick(&mut rng, REQUIREMENTS)).to_owned()),
                status: None,
                confirm_warnings: false,
            };
            let valid = jobs::validate(&input)?;
            own.push(jobs::row_of(
                &valid,
                app.ids.next(now),
                e.id,
                (None, now),
                now,
            ));
        }
        jobs_of.push(own);
    }
    let job_rows: Vec<JobRow> = jobs_of.iter().flatten().cloned().collect();
    store::insert_jobs(&mut tx.ex(), &job_rows).await?;
    summary.jobs = job_rows.len();

    summary.seekers = write_seekers(app, &mut tx, &mut rng, &people, now).await?;
    let fair = write_fair(
        app,
        &mut tx,
        &mut rng,
        &root,
        &people,
        &enterprise_rows,
        &jobs_of,
        today,
        now,
    )
    .await?;
    let started = startups_this_year(app, &mut rng, &people, today, now);
    store::insert_outcomes(&mut tx.ex(), &started).await?;
    summary.fair_id = fair.id;
    summary.visitors = fair.visitors;
    summary.agreements = fair.agreements;
    summary.agreements_with_women = fair.with_women;
    summary.women_owned_agreements = fair.women_owned;
    let entry = Entry {
        actor_id: None,
        actor: "cli",
        origin,
        action: "generate",
        entity: "employment",
        entity_id: String::new(),
        unit_code: Some(root.as_str()),
        detail: json!({ "seed": seed, "enterprises": summary.enterprises, "jobs": summary.jobs, "seekers": summary.seekers, "fair_visitors": summary.visitors, "fair_agreements": summary.agreements }),
    };
    audit::commit(app, tx, entry, now).await?;
    Ok(summary)
}

/// The top of the installation's org tree (the operator's reach at the command line).
pub(crate) async fn root_unit(app: &App) -> Result<UnitCode, AppError> {
    let root = jinguo_db::units::root_code(&mut app.db.ex()).await?;
    UnitCode::parse(&root).map_err(|_| AppError::Internal(format!("bad root unit {root}")))
}

/// Working-age men of the district registered as the fair's desk registers visitors who give an
/// ID number (through the people import, which seals them like any other).
async fn register_men(app: &App, seed: u64, year: i32, origin: &Origin) -> Result<u64, AppError> {
    let mut roster = Roster::new(seed ^ 0x6a6f_6273, year);
    let mut table = crate::import::Table::default();
    table.rows.push(
        crate::synthetic::HEADER
            .iter()
            .map(|h| h.to_string())
            .collect(),
    );
    table.lines.push(1);
    for i in 0..REGISTERED_MEN {
        table.rows.push(roster.adult(false));
        table.lines.push(i + 2);
    }
    let report = crate::people_import::import_people(
        app,
        Importer::Operator(origin),
        &table,
        &ImportOptions::default(),
        &|_, _| {},
    )
    .await?;
    Ok(report.imported)
}

/// The district's adults with a phone, oldest records first.
async fn registry(app: &App, today: CivilDate) -> Result<Vec<Person>, AppError> {
    let rows = jinguo_db::people::phone_holders(&mut app.db.ex()).await?;
    let mut people = Vec::with_capacity(rows.len());
    let mut phones = HashSet::new();
    for r in rows {
        let id = r.id;
        let age = birth_date_of(&app.cipher, id, &r.id_cipher)?.age_on(today);
        let phone = phone_of(app, id, &r.phone_cipher).and_then(|p| Phone::parse(&p).ok());
        // A phone shared by two records would check in once: keep its first holder.
        let Some(phone) = phone.filter(|p| phones.insert(p.as_str().to_owned())) else {
            continue;
        };
        if !(18..=60).contains(&age) {
            continue;
        }
        people.push(Person {
            id,
            name: r.name,
            female: r.sex == "female",
            age,
            unit_code: r.unit_code,
            education: r.education,
            phone,
        });
    }
    Ok(people)
}

/// Leaders (and federation staff) of the district liaise with the women-owned enterprises
/// first, at most three each; none are created when the installation has none.
async fn assign_leaders(
    app: &App,
    tx: &mut jinguo_db::Tx,
    root: &UnitCode,
    enterprises: &[EnterpriseRow],
    now: i64,
) -> Result<usize, AppError> {
    #[allow(clippy::disallowed_methods)] // the demo generator: no user is asking
    let users =
        jinguo_db::accounts::list_in_scope(&mut app.db.ex(), &Scope::system(root.clone())).await?;
    let leaders: Vec<i64> = users
        .iter()
        .filter(|u| !u.disabled && matches!(u.role.parse::<Role>(), Ok(Role::Leader)))
        .map(|u| u.id)
        .collect();
    let mut ordered: Vec<&EnterpriseRow> = enterprises.iter().collect();
    ordered.sort_by_key(|e| !e.women_owned);
    let slots = leaders
        .iter()
        .flat_map(|l| std::iter::repeat_n(*l, PER_LEADER - 1));
    let mut assigned = 0;
    for (e, leader) in ordered.iter().zip(slots) {
        store::set_leaders(&mut tx.ex(), e.id, &[leader], now).await?;
        assigned += 1;
    }
    Ok(assigned)
}

async fn write_seekers(
    app: &App,
    tx: &mut jinguo_db::Tx,
    rng: &mut StdRng,
    people: &[Person],
    now: i64,
) -> Result<usize, AppError> {
    let women: Vec<&Person> = people.iter().filter(|p| p.female && p.age <= 55).collect();
    let men: Vec<&Person> = people.iter().filter(|p| !p.female).collect();
    let mut chosen: Vec<&Person> = women
        .choose_multiple(rng, SEEKERS * 9 / 10)
        .copied()
        .collect();
    chosen.extend(men.choose_multiple(rng, SEEKERS - chosen.len()).copied());
    let mut rows = Vec::with_capacity(chosen.len());
    for p in chosen {
        let trade = pick(rng, TRADES);
        let mut categories = vec![trade.category.as_str().to_owned()];
        if rng.gen_bool(0.4) {
            categories.push(pick(rng, TRADES).category.as_str().to_owned());
        }
        let (_, skills, min, _) = pick(rng, trade.jobs);
        let input = SeekerInput {
            person_id: p.id,
            categories,
            skills: skills.iter().map(|s| s.to_string()).collect(),
            education: p
                .education
                .as_deref()
                .and_then(education_code)
                .map(str::to_owned),
            availability: Some((*pick(rng, &["any", "full_time", "part_time", "flexible"])).into()),
            expected_pay: Some(*min + rng.gen_range(0..10) * 100),
            unit_code: Some(p.unit_code.clone()),
            needs: if p.female && rng.gen_bool(0.4) {
                vec![(*pick(rng, &["flexible_hours", "childcare", "near_home"])).into()]
            } else {
                Vec::new()
            },
            status: None,
            note: None,
        };
        rows.push(seekers::row_for(
            &input,
            app.ids.next(now),
            &p.unit_code,
            (None, now),
            now,
        )?);
    }
    store::insert_seekers(&mut tx.ex(), &rows).await?;
    Ok(rows.len())
}

/// A dozen women who started a business this year (the entrepreneurship cards and statistics).
fn startups_this_year(
    app: &App,
    rng: &mut StdRng,
    people: &[Person],
    today: CivilDate,
    now: i64,
) -> Vec<OutcomeRow> {
    let women: Vec<&Person> = people
        .iter()
        .filter(|p| p.female && (25..=50).contains(&p.age))
        .collect();
    let new_year = CivilDate::new(today.year, 1, 1).unwrap_or(today);
    let days = today.days_since_epoch() - new_year.days_since_epoch();
    women
        .choose_multiple(rng, 12)
        .map(|p| OutcomeRow {
            note_cipher: None,
            id: app.ids.next(now),
            person_id: p.id,
            kind: "startup".into(),
            on_date: new_year.plus_days(rng.gen_range(0..=days)).to_string(),
            job_id: None,
            enterprise_id: None,
            source: "manual".into(),
            note: None,
            unit_code: p.unit_code.clone(),
            created_by: None,
            created_at: now,
        })
        .collect()
}

/// About half of a fair's agreements end in a job some weeks later (never after today).
fn placements_after(
    app: &App,
    rng: &mut StdRng,
    agreements: &[AgreementRow],
    signers: &[&Person],
    held: CivilDate,
    today: CivilDate,
    now: i64,
) -> Vec<OutcomeRow> {
    let mut placed = Vec::new();
    for (a, p) in agreements.iter().zip(signers) {
        if !rng.gen_bool(0.45) {
            continue;
        }
        placed.push(OutcomeRow {
            note_cipher: None,
            id: app.ids.next(now),
            person_id: a.person_id,
            kind: "placement".into(),
            on_date: held.plus_days(rng.gen_range(7..60)).min(today).to_string(),
            job_id: Some(a.job_id),
            enterprise_id: Some(a.enterprise_id),
            source: "agreement".into(),
            note: None,
            unit_code: p.unit_code.clone(),
            created_by: None,
            created_at: now,
        });
    }
    placed
}

struct Fair {
    id: i64,
    visitors: usize,
    agreements: usize,
    with_women: usize,
    women_owned: usize,
}

/// Splits `total` into `parts` shares of roughly equal size, deterministically varied.
fn shares(rng: &mut StdRng, total: usize, parts: usize) -> Vec<usize> {
    let weights: Vec<usize> = (0..parts).map(|_| rng.gen_range(6..14)).collect();
    let sum: usize = weights.iter().sum();
    let mut out: Vec<usize> = weights.iter().map(|w| total * w / sum).collect();
    let short = total - out.iter().sum::<usize>();
    for share in out.iter_mut().take(short) {
        *share += 1;
    }
    out
}

/// The spring fair: its enterprises, the check-ins of its visitors and its agreements.
#[allow(clippy::too_many_arguments)]
async fn write_fair(
    app: &App,
    tx: &mut jinguo_db::Tx,
    rng: &mut StdRng,
    root: &UnitCode,
    people: &[Person],
    enterprises: &[EnterpriseRow],
    jobs_of: &[Vec<JobRow>],
    today: CivilDate,
    now: i64,
) -> Result<Fair, AppError> {
    // Early March, after the Spring Festival: this year's fair once it has been held.
    let this_year = CivilDate::new(today.year, 3, 6).filter(|d| *d <= today);
    let held = this_year
        .or_else(|| CivilDate::new(today.year - 1, 3, 6))
        .ok_or_else(|| AppError::Internal("no fair date".into()))?;
    let fair = EventRow {
        id: app.ids.next(now),
        kind: "job_fair".into(),
        title: format!("{}年春风送岗位招聘会", held.year),
        held_on: held.to_string(),
        place: Some("丰泽区人力资源市场（东海大街）".into()),
        unit_code: root.as_str().into(),
        organizers: Some("丰泽区妇联".into()),
        partners: Some("区人社局、区总工会".into()),
        checkin_key: checkin_key(),
        closed_at: Some(held.end_ms_china()),
        created_by: None,
        created_at: now,
        updated_at: now,
    };
    store::insert_event(&mut tx.ex(), &fair).await?;

    // The enterprises that took part: exactly three women-owned ones.
    let indexes: Vec<usize> = (0..enterprises.len()).collect();
    let (owned, others): (Vec<usize>, Vec<usize>) = indexes
        .into_iter()
        .partition(|i| enterprises[*i].women_owned);
    let mut taking_part: Vec<usize> = owned
        .choose_multiple(rng, FAIR_WOMEN_OWNED)
        .copied()
        .collect();
    taking_part.extend(
        others
            .choose_multiple(rng, FAIR_ENTERPRISES - FAIR_WOMEN_OWNED)
            .copied(),
    );
    for i in &taking_part {
        store::add_event_enterprise(&mut tx.ex(), fair.id, enterprises[*i].id).await?;
    }

    // Who signs: distinct registry people of working age, 208 women and the rest men.
    let signing_age = |p: &&Person| (18..=55).contains(&p.age);
    let women: Vec<&Person> = people
        .iter()
        .filter(|p| p.female)
        .filter(signing_age)
        .collect();
    let men: Vec<&Person> = people
        .iter()
        .filter(|p| !p.female)
        .filter(signing_age)
        .collect();
    let men_signing = FAIR_AGREEMENTS - FAIR_AGREEMENTS_WITH_WOMEN;
    if women.len() < FAIR_AGREEMENTS_WITH_WOMEN + FAIR_OTHER_REGISTERED || men.len() < men_signing {
        return Err(AppError::Internal(
            "the registry has too few people for the demo fair".into(),
        ));
    }
    let mut women: Vec<&Person> = women
        .choose_multiple(rng, FAIR_AGREEMENTS_WITH_WOMEN + FAIR_OTHER_REGISTERED)
        .copied()
        .collect();
    let others_registered = women.split_off(FAIR_AGREEMENTS_WITH_WOMEN);
    let mut signers: Vec<&Person> = women;
    signers.extend(men.choose_multiple(rng, men_signing).copied());
    signers.shuffle(rng);

    // Where they sign: 78 with the three women-owned enterprises, the rest with the others.
    let mut places = Vec::with_capacity(FAIR_AGREEMENTS);
    let split = [
        (
            &taking_part[..FAIR_WOMEN_OWNED],
            FAIR_WOMEN_OWNED_AGREEMENTS,
        ),
        (
            &taking_part[FAIR_WOMEN_OWNED..],
            FAIR_AGREEMENTS - FAIR_WOMEN_OWNED_AGREEMENTS,
        ),
    ];
    for (group, total) in split {
        for (i, n) in group.iter().zip(shares(rng, total, group.len())) {
            places.extend(std::iter::repeat_n(*i, n));
        }
    }
    let start = held.end_ms_china() - DAY_MS + 8 * HOUR_MS + 30 * 60_000;
    let at = |rng: &mut StdRng| start + rng.gen_range(0..(3 * HOUR_MS + 30 * 60_000));
    let mut agreements = Vec::with_capacity(FAIR_AGREEMENTS);
    for (p, i) in signers.iter().zip(&places) {
        let jobs = &jobs_of[*i];
        agreements.push(AgreementRow {
            id: app.ids.next(now),
            event_id: fair.id,
            enterprise_id: enterprises[*i].id,
            person_id: p.id,
            job_id: jobs[rng.gen_range(0..jobs.len())].id,
            signed_on: fair.held_on.clone(),
            created_by: None,
            created_at: at(rng),
        });
    }
    let with_women = signers.iter().filter(|p| p.female).count();

    // Who checked in: the signers, other registry people, and visitors not in the registry,
    // each with a phone of their own.
    let mut phones: HashSet<String> = people.iter().map(|p| p.phone.as_str().to_owned()).collect();
    let mut checkins = Vec::with_capacity(FAIR_VISITORS);
    for p in signers.iter().chain(&others_registered) {
        let visitor = Visitor {
            person_id: Some(p.id),
            name: &p.name,
            phone: &p.phone,
            sex: if p.female { Sex::Female } else { Sex::Male },
        };
        let via = if rng.gen_bool(0.7) {
            CheckinVia::Qr
        } else {
            CheckinVia::Desk
        };
        checkins.push(sealed_checkin(app, fair.id, &visitor, via, at(rng)));
    }
    let mut roster = Roster::new(rng.gen(), today.year);
    while checkins.len() < FAIR_VISITORS {
        let female = rng.gen_bool(WALK_IN_WOMEN);
        let row = roster.adult(female);
        let Some(phone) = phone(rng).filter(|p| phones.insert(p.as_str().to_owned())) else {
            continue;
        };
        let visitor = Visitor {
            person_id: None,
            name: &row[0],
            phone: &phone,
            sex: if female { Sex::Female } else { Sex::Male },
        };
        let via = if rng.gen_bool(0.7) {
            CheckinVia::Qr
        } else {
            CheckinVia::Desk
        };
        checkins.push(sealed_checkin(app, fair.id, &visitor, via, at(rng)));
    }
    let visitors = store::insert_checkins(&mut tx.ex(), &checkins).await? as usize;
    let agreed = store::insert_agreements(&mut tx.ex(), &agreements).await? as usize;
    let placed = placements_after(app, rng, &agreements, &signers, held, today, now);
    store::insert_outcomes(&mut tx.ex(), &placed).await?;
    let women_owned_ids: HashSet<i64> = taking_part[..FAIR_WOMEN_OWNED]
        .iter()
        .map(|i| enterprises[*i].id)
        .collect();
    Ok(Fair {
        id: fair.id,
        visitors,
        agreements: agreed,
        with_women,
        women_owned: agreements
            .iter()
            .filter(|a| women_owned_ids.contains(&a.enterprise_id))
            .count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jinguo_domain::employment::find_discrimination;

    #[test]
    fn shares_add_up_to_their_total() {
        let mut rng = StdRng::seed_from_u64(3);
        for (total, parts) in [(78, 3), (360, 22), (5, 4)] {
            let s = shares(&mut rng, total, parts);
            assert_eq!(s.iter().sum::<usize>(), total);
            assert_eq!(s.len(), parts);
        }
    }

    #[test]
    fn demo_postings_restrict_no_one() {
        for trade in TRADES {
            for (title, skills, _, _) in trade.jobs {
                assert_eq!(find_discrimination(title), None, "{title}");
                assert_eq!(find_discrimination(&skills.join("，")), None, "{title}");
            }
        }
        for r in REQUIREMENTS {
            assert_eq!(find_discrimination(r), None, "{r}");
        }
    }
}
