//! The demo district's training (the work report's "分层次创业就业培训"): this year's SYB course
//! with the labour bureau, finished in the spring — its completers have certificates, some found
//! work or started a business (in the employment records or by a call), the others wait for
//! their follow-up call; a skills course for land-lost and unemployed women with an online part,
//! running now with a waiting list; the labour-law lecture for women entrepreneurs, given two
//! months ago; and the "企业如何过冬" lecture, ahead.
//!
//! Written through the same use cases as the pages (enrollment, the desk's roll, finishing),
//! then the finished courses' days moved back to their last session, as the demo's history
//! happened before today.

use crate::auth::Caller;
use crate::employment::assistance::{record_outcome, OutcomeInput};
use crate::people::{search, today, Person, Search};
use crate::synthetic_children::demo_caller;
use crate::synthetic_employment::root_unit;
use crate::training::{
    self, CourseInput, CourseQuery, EnrollmentInput, FollowUpInput, SessionInput,
};
use crate::{App, AppError, Origin};
use jinguo_db::training as store;
use jinguo_domain::training::outcome_due;
use jinguo_domain::CivilDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub courses: usize,
    pub enrollments: usize,
    pub certificates: usize,
}

pub async fn load_demo(app: &App, seed: u64, origin: &Origin) -> Result<Option<Summary>, AppError> {
    let root = root_unit(app).await?;
    let caller = demo_caller(root, origin);
    let (_, existing) = training::list_courses(app, &caller, &CourseQuery::default(), 1, 1).await?;
    if existing > 0 {
        return Ok(None);
    }
    generate(app, &caller, seed).await.map(Some)
}

/// Women of the registry in one of `tags`, aged 22–55, in the order the search gives them.
async fn women(
    app: &App,
    caller: &Caller,
    tags: &[&str],
    n: usize,
) -> Result<Vec<Person>, AppError> {
    let mut found: Vec<Person> = Vec::new();
    for tag in tags {
        let s = Search {
            tag: Some((*tag).to_owned()),
            sex: Some("female".into()),
            age_min: Some(22),
            age_max: Some(55),
            ..Search::default()
        };
        let (people, _) = search(app, caller, &s, 1, n as u64).await?;
        for p in people {
            if found.len() < n && !found.iter().any(|f| f.id == p.id) {
                found.push(p);
            }
        }
    }
    Ok(found)
}

struct Plan<'a> {
    course: CourseInput,
    /// (days from today, topic, place or None for online)
    sessions: &'a [(i64, &'a str, Option<&'a str>)],
    people: Vec<Person>,
    /// The share of the roll present at each past session.
    presence: f64,
    finish: bool,
}

async fn hold(
    app: &App,
    caller: &Caller,
    rng: &mut StdRng,
    plan: Plan<'_>,
    summary: &mut Summary,
) -> Result<i64, AppError> {
    let day = today(app);
    let course = training::create_course(app, caller, plan.course).await?;
    let mut sessions = Vec::new();
    for (offset, topic, place) in plan.sessions {
        let s = training::add_session(
            app,
            caller,
            course.id,
            SessionInput {
                date: day.plus_days(*offset).to_string(),
                starts_at: Some("09:00".into()),
                ends_at: Some("11:30".into()),
                place: place.map(str::to_owned),
                online_url: place
                    .is_none()
                    .then(|| "https://meeting.tencent.com/dm/fzfl-training".to_owned()),
                teacher: Some(pick_teacher(rng).to_owned()),
                topic: Some((*topic).to_owned()),
            },
        )
        .await?;
        sessions.push((s.id, *offset));
    }
    for p in &plan.people {
        let reason = (!p.tags.iter().any(|t| course.target_tags.contains(t)))
            .then(|| "社区推荐参加".to_owned());
        training::enroll(
            app,
            caller,
            course.id,
            EnrollmentInput {
                person_id: p.id,
                reason,
            },
        )
        .await?;
        summary.enrollments += 1;
    }
    let on_course: Vec<i64> = training::enrollments(app, caller, course.id)
        .await?
        .into_iter()
        .filter(|e| e.status == "enrolled")
        .map(|e| e.id)
        .collect();
    for (session, offset) in &sessions {
        if *offset > 0 {
            continue;
        }
        let present: Vec<i64> = on_course
            .iter()
            .copied()
            .filter(|_| rng.gen_bool(plan.presence))
            .collect();
        training::take_roll(app, caller, *session, &present).await?;
    }
    if plan.finish {
        training::finish(app, caller, course.id).await?;
        let last = plan.sessions.iter().map(|s| s.0).max().unwrap_or(0);
        backdate(app, caller, course.id, day.plus_days(last)).await?;
        summary.certificates += training::enrollments(app, caller, course.id)
            .await?
            .iter()
            .filter(|e| e.completed)
            .count();
    }
    summary.courses += 1;
    Ok(course.id)
}

const TEACHERS: &[&str] = &[
    "陈丽华（SYB 讲师）",
    "林晓燕（区人社局）",
    "黄志强（律师）",
    "王雅琴（家政培训师）",
    "郑美玲（创业导师）",
];

fn pick_teacher(rng: &mut StdRng) -> &'static str {
    TEACHERS[rng.gen_range(0..TEACHERS.len())]
}

/// The course was finished on the day of its last session, not today.
async fn backdate(
    app: &App,
    caller: &Caller,
    course_id: i64,
    on: CivilDate,
) -> Result<(), AppError> {
    let mut ex = app.db.ex();
    let mut course = store::find_course(&mut ex, &caller.scope(), course_id)
        .await?
        .ok_or(AppError::NotFound)?;
    course.finished_on = Some(on.to_string());
    course.finished_at = Some(on.end_ms_china() - 8 * 3_600_000);
    store::update_course(&mut ex, &course).await?;
    for mut e in store::all_enrollments_of(&mut ex, course_id).await? {
        if e.completed {
            e.completed_on = Some(on.to_string());
            store::update_enrollment(&mut ex, &e).await?;
        }
    }
    Ok(())
}

pub async fn generate(app: &App, caller: &Caller, seed: u64) -> Result<Summary, AppError> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x7a11);
    let mut summary = Summary::default();
    let day = today(app);
    let district = caller.unit().as_str().to_owned();
    let year = day.plus_days(-225).year;

    // This year's SYB course with the labour bureau: eight sessions in the spring, finished.
    let syb_people = women(
        app,
        caller,
        &["unemployed", "returning", "graduate", "land_lost"],
        30,
    )
    .await?;
    let syb_sessions: Vec<(i64, &str, Option<&str>)> = [
        "认识创业与自我评估",
        "建立好的创业构思",
        "市场评估",
        "企业的人员组织",
        "选择企业的法律形态",
        "法律环境和责任",
        "预测启动资金与制定利润计划",
        "判断企业能否生存",
    ]
    .iter()
    .enumerate()
    .map(|(i, topic)| {
        (
            -225 + 3 * i as i64,
            *topic,
            Some("区妇女儿童活动中心三楼培训室"),
        )
    })
    .collect();
    let syb = hold(
        app,
        caller,
        &mut rng,
        Plan {
            course: CourseInput {
                title: format!("{year}年巾帼创业培训（SYB）第一期"),
                tier: "entrepreneurship".into(),
                unit_code: district.clone(),
                capacity: Some(30),
                waiting_list: Some(true),
                target_tags: [
                    "unemployed",
                    "returning",
                    "graduate",
                    "land_lost",
                    "entrepreneur",
                ]
                .map(String::from)
                .to_vec(),
                completion_share: Some(0.8),
                organizer: Some("区妇联、区人社局".into()),
                partner_departments: vec!["human_resources".into()],
                partners: Some("泉州市创业指导中心".into()),
                fee_free: Some(true),
                description: Some(
                    "面向失业、返乡、失地妇女和女大学生的 SYB 创业培训，结业可申请创业担保贷款。"
                        .into(),
                ),
            },
            sessions: &syb_sessions,
            people: syb_people,
            presence: 0.9,
            finish: true,
        },
        &mut summary,
    )
    .await?;
    outcomes(app, caller, &mut rng, syb).await?;

    // A skills course for land-lost and unemployed women, part of it online, running now.
    let skills_people = women(app, caller, &["land_lost", "unemployed", "laid_off"], 27).await?;
    let skills_sessions = [
        (-14, "家政服务职业道德与礼仪", Some("东湖街道社区服务中心")),
        (-10, "婴幼儿生活照料", Some("东湖街道社区服务中心")),
        (-7, "婴幼儿营养与喂养", Some("东湖街道社区服务中心")),
        (-3, "婴幼儿常见病预防（线上）", None),
        (2, "早期教育与亲子游戏（线上）", None),
        (6, "实操考核", Some("东湖街道社区服务中心")),
    ];
    hold(
        app,
        caller,
        &mut rng,
        Plan {
            course: CourseInput {
                title: format!("{}年巾帼家政（育婴员）技能培训", day.year),
                tier: "skills".into(),
                unit_code: district.clone(),
                capacity: Some(24),
                waiting_list: Some(true),
                target_tags: ["land_lost", "unemployed", "laid_off"]
                    .map(String::from)
                    .to_vec(),
                completion_share: Some(0.8),
                organizer: None,
                partner_departments: vec!["human_resources".into()],
                partners: Some("泉州市巾帼家政职业培训学校".into()),
                fee_free: Some(true),
                description: Some("线下实操与线上课程相结合，考核合格推荐上岗。".into()),
            },
            sessions: &skills_sessions,
            people: skills_people,
            presence: 0.85,
            finish: false,
        },
        &mut summary,
    )
    .await?;

    // The two lectures of the work report for women entrepreneurs.
    let entrepreneurs = women(app, caller, &["entrepreneur"], 40).await?;
    let half = entrepreneurs.len() / 2;
    let law = [(-60, "劳动合同与用工风险防范", Some("区总工会大礼堂"))];
    hold(
        app,
        caller,
        &mut rng,
        Plan {
            course: CourseInput {
                title: "女企业家劳动法律法规专题讲座".into(),
                tier: "lecture".into(),
                unit_code: district.clone(),
                capacity: Some(80),
                waiting_list: Some(false),
                target_tags: vec!["entrepreneur".into()],
                completion_share: Some(1.0),
                organizer: Some("区妇联、区女企业家协会".into()),
                partner_departments: vec!["legal_aid".into(), "trade_union".into()],
                partners: None,
                fee_free: Some(true),
                description: None,
            },
            sessions: &law,
            people: entrepreneurs[..half].to_vec(),
            presence: 0.8,
            finish: true,
        },
        &mut summary,
    )
    .await?;
    let winter = [(
        10,
        "企业如何过冬：政策、融资与稳岗",
        Some("区行政服务中心会议室"),
    )];
    hold(
        app,
        caller,
        &mut rng,
        Plan {
            course: CourseInput {
                title: "“企业如何过冬”女企业家专题讲座".into(),
                tier: "lecture".into(),
                unit_code: district,
                capacity: Some(60),
                waiting_list: Some(false),
                target_tags: vec!["entrepreneur".into()],
                completion_share: Some(1.0),
                organizer: Some("区妇联、区女企业家协会".into()),
                partner_departments: vec!["human_resources".into()],
                partners: Some("区发改局、人民银行丰泽支行".into()),
                fee_free: Some(true),
                description: None,
            },
            sessions: &winter,
            people: entrepreneurs[half..].to_vec(),
            presence: 0.0,
            finish: false,
        },
        &mut summary,
    )
    .await?;
    Ok(summary)
}

/// Six months on: some completers found work or started a business (the employment records
/// say so), a few were called; the others wait for their call.
async fn outcomes(
    app: &App,
    caller: &Caller,
    rng: &mut StdRng,
    course_id: i64,
) -> Result<(), AppError> {
    let day = today(app);
    let completers: Vec<_> = training::enrollments(app, caller, course_id)
        .await?
        .into_iter()
        .filter(|e| e.completed)
        .collect();
    for (i, e) in completers.iter().enumerate() {
        let Some(done) = e.completed_on.as_deref().and_then(CivilDate::parse) else {
            continue;
        };
        match i % 6 {
            0 | 1 => {
                let on = done.plus_days(rng.gen_range(20..150)).min(day);
                record_outcome(
                    app,
                    caller,
                    OutcomeInput {
                        person_id: e.person_id,
                        kind: if i % 6 == 0 { "startup" } else { "placement" }.into(),
                        on_date: on.to_string(),
                        job_id: None,
                        enterprise_id: None,
                        note: None,
                    },
                )
                .await?;
            }
            2 if outcome_due(done) <= day => {
                training::record_follow_up(
                    app,
                    caller,
                    e.id,
                    FollowUpInput {
                        result: if i % 4 == 0 {
                            "employed"
                        } else {
                            "not_employed"
                        }
                        .into(),
                        called_on: Some(outcome_due(done).min(day).to_string()),
                        note: Some("电话回访，已了解近况。".into()),
                    },
                )
                .await?;
            }
            _ => {}
        }
    }
    Ok(())
}
