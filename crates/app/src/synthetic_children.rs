//! The demo district's care programs and children's work, built through the use cases:
//!
//! - the poor-mother database of the work report: 82 poor mothers (贫困母亲) in 72 communities
//!   of all 8 streets, and the 2026 Mother's Day cycle of visits with a cash benefit, every
//!   mother visited (and paid from the relief fund, by the funds demo) — the cycle's coverage by
//!   street reproduces the report's figure;
//! - the 2026 春节 relief cycle for poor, disabled and retired women (贫困妇女, 残疾妇女,
//!   离退休妇干), with some retired women cadres tagged;
//! - the free two-cancer screening of women on 低保 (35–64) with its 2026 cycle;
//! - the Children's Day visits to only children and orphaned or disabled children under 14;
//! - left-behind and migrant children of the registry with their guardians (and the consent of
//!   those under 14), three model parent schools with sessions and attendance, and volunteers
//!   paired with children, one or two of them with a visit overdue.
//!
//! Deterministic per seed and day: who is chosen depends on the seed, dates count back from
//! the app's today.

use crate::auth::Caller;
use crate::children::{CTX_GIVEN_BY, CTX_GUARDIAN_NAME, CTX_GUARDIAN_PHONE};
use crate::pairings::{self, PairingInput, VisitInput};
use crate::parent_schools::{self, AttendanceInput, SchoolInput, SessionInput};
use crate::people::{self, birth_date_of, PersonChanges};
use crate::programs::{self, CycleInput, DeliveryInput, ProgramInput};
use crate::synthetic::{GIVEN_FEMALE, SURNAMES};
use crate::synthetic_employment::root_unit;
use crate::{App, AppError, Origin};
use jinguo_db::children::{ConsentRow, GuardianRow};
use jinguo_domain::children::needs_consent;
use jinguo_domain::programs::Rule;
use jinguo_domain::{CivilDate, Phone, Role, UnitCode};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// The poor-mother database of the work report: 82 mothers, 72 communities, 8 streets.
pub const POOR_MOTHERS: usize = 82;
pub const POOR_MOTHER_COMMUNITIES: usize = 72;
/// Mother's Day visits brought 500 yuan each.
pub const MOTHERS_DAY_FEN: i64 = 50_000;
/// Of the 82, those visited (delivered) in the demo: all of them, as the work report says.
const MOTHERS_VISITED: usize = POOR_MOTHERS;
const RETIRED_CADRES: usize = 36;
const CHILDREN: usize = 30;
const PAIRINGS: usize = 12;
const OVERDUE: usize = 2;

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub poor_mothers: usize,
    /// Poor mothers in a household with a child of theirs.
    pub mothers_with_children: usize,
    pub programs: usize,
    pub mothers_day_cycle: i64,
    pub delivered: usize,
    /// Screening results recorded, and the abnormal ones (each with its follow-up).
    pub screened: usize,
    pub abnormal: usize,
    pub children: usize,
    pub schools: usize,
    pub sessions: usize,
    pub attendance: usize,
    pub pairings: usize,
    pub overdue: usize,
}

/// Of the screening's roll, one in `SCREENED_OF` is not screened yet; of those screened, one in
/// `ABNORMAL_OF` has an abnormal result, and every other abnormal one has been followed up.
const SCREENED_OF: usize = 4;
const ABNORMAL_OF: usize = 12;

/// The 2026 screening's results: most of the roll screened at the hospital, a few abnormal with
/// their referral — their follow-ups due in November, half of them done, the rest overdue on
/// the home card. Returns how many were screened and how many were abnormal.
async fn record_screenings(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
) -> Result<(usize, usize), AppError> {
    let roll = programs::roll(
        app,
        caller,
        cycle_id,
        &programs::RollQuery::default(),
        1,
        1000,
    )
    .await?
    .0;
    let (mut screened, mut abnormal) = (0, 0);
    for (i, line) in roll.iter().enumerate() {
        if i % SCREENED_OF == SCREENED_OF - 1 {
            continue;
        }
        let person_id = line.entry.person_id;
        let result = if screened % ABNORMAL_OF == ABNORMAL_OF / 2 {
            abnormal += 1;
            programs::ResultInput {
                person_id,
                cervical: Some("abnormal".into()),
                hpv: Some("positive".into()),
                breast_birads: Some(2),
                referral: Some("泉州市妇幼保健院".into()),
                diagnosis: Some("宫颈细胞学检查异常，建议阴道镜检查".into()),
                follow_up_on: Some(format!("2026-11-{:02}", 5 + abnormal)),
            }
        } else {
            programs::ResultInput {
                person_id,
                cervical: Some("normal".into()),
                hpv: Some("negative".into()),
                breast_birads: Some(1 + (screened % 2) as u8),
                ..programs::ResultInput::default()
            }
        };
        // Screened is served: the delivery of the screening's service, then its result.
        let served = DeliveryInput {
            person_id,
            note: None,
        };
        programs::deliver(app, caller, cycle_id, served).await?;
        programs::record_result(app, caller, cycle_id, result).await?;
        screened += 1;
    }
    let query = programs::FollowUpQuery {
        cycle_id: Some(cycle_id),
        open_only: true,
    };
    for f in programs::follow_ups(app, caller, &query)
        .await?
        .iter()
        .step_by(2)
    {
        let outcome = programs::OutcomeInput {
            outcome: "已到泉州市妇幼保健院做阴道镜检查，诊断为宫颈炎，已治疗，一年后复查。".into(),
            done_on: None,
        };
        programs::close_follow_up(app, caller, f.id, outcome).await?;
    }
    Ok((screened, abnormal))
}

/// The demo's officer: the district federation, acting through the use cases like a user.
pub(crate) fn demo_caller(root: UnitCode, origin: &Origin) -> Caller {
    Caller {
        user_id: 0,
        username: "demo".into(),
        display_name: "demo".into(),
        role: Role::Federation,
        unit: root,
        origin: origin.clone(),
        session: None,
        must_change_password: false,
    }
}

struct Resident {
    id: i64,
    name: String,
    female: bool,
    age: i32,
    unit_code: String,
    tags: Vec<String>,
    has_phone: bool,
}

fn street_of(unit: &str) -> String {
    format!("{}000", &unit[..9])
}

async fn residents(
    app: &App,
    caller: &Caller,
    today: CivilDate,
) -> Result<Vec<Resident>, AppError> {
    let scope = caller.scope();
    let filter = jinguo_db::people::Filter::default();
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let rows =
            jinguo_db::people::page_after(&mut app.db.ex(), &scope, &filter, after, 1_000).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let tags = jinguo_db::people::tags_of(&mut app.db.ex(), &ids).await?;
        for r in rows {
            let age = birth_date_of(&app.cipher, r.id, &r.id_cipher)?.age_on(today);
            out.push(Resident {
                tags: tags
                    .iter()
                    .filter(|(id, _)| *id == r.id)
                    .map(|(_, t)| t.clone())
                    .collect(),
                id: r.id,
                name: r.name,
                female: r.sex == "female",
                age,
                has_phone: r.phone_cipher.is_some(),
                unit_code: r.unit_code,
            });
        }
    }
    Ok(out)
}

/// Adds a tag to registry people, through the registry's own update (checked and audited).
async fn tag(app: &App, caller: &Caller, who: &[&Resident], code: &str) -> Result<(), AppError> {
    for r in who {
        let mut tags = r.tags.clone();
        tags.push(code.to_owned());
        let changes = PersonChanges {
            tags: Some(tags),
            ..PersonChanges::default()
        };
        people::update(app, caller, r.id, changes).await?;
    }
    Ok(())
}

/// Each poor mother heads a household with a child of hers: a registry child of her community
/// (or street) who is neither left behind nor a migrant child (those are the children's
/// register's, with their own guardians). Returns how many mothers have one.
async fn household_of_mothers(
    app: &App,
    caller: &Caller,
    everyone: &[Resident],
    mothers: &[&Resident],
) -> Result<usize, AppError> {
    let mut free: Vec<&Resident> = everyone
        .iter()
        .filter(|r| {
            r.age < 18
                && !r
                    .tags
                    .iter()
                    .any(|t| t == "left_behind_child" || t == "migrant_child")
        })
        .collect();
    let mut linked = 0;
    for m in mothers {
        let at = free
            .iter()
            .position(|c| c.unit_code == m.unit_code)
            .or_else(|| {
                free.iter()
                    .position(|c| street_of(&c.unit_code) == street_of(&m.unit_code))
            });
        let Some(at) = at else { continue };
        let child = free.remove(at);
        let household = crate::households::create(
            app,
            caller,
            &crate::households::HouseholdInput {
                name: format!("{}家", m.name),
                unit_code: m.unit_code.clone(),
            },
        )
        .await?;
        let id = household.household.id;
        let member = |person_id, relation: &str, guardian_of| crate::households::MemberInput {
            person_id,
            relation: relation.into(),
            guardian_of,
        };
        crate::households::put_member(app, caller, id, &member(child.id, "child", None)).await?;
        crate::households::put_member(app, caller, id, &member(m.id, "head", Some(child.id)))
            .await?;
        linked += 1;
    }
    Ok(linked)
}

pub async fn load_demo(app: &App, seed: u64, origin: &Origin) -> Result<Option<Summary>, AppError> {
    if jinguo_db::children_work::count_schools(&mut app.db.ex()).await? > 0 {
        return Ok(None);
    }
    generate(app, seed, origin).await.map(Some)
}

pub async fn generate(app: &App, seed: u64, origin: &Origin) -> Result<Summary, AppError> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x6b69_6473);
    let today = people::today(app);
    let root = root_unit(app).await?;
    let caller = demo_caller(root.clone(), origin);
    let everyone = residents(app, &caller, today).await?;
    let mut summary = Summary::default();

    // ---- the poor-mother database: one mother in each of 72 communities, 10 more ----
    let mut by_community: BTreeMap<&str, Vec<&Resident>> = BTreeMap::new();
    for r in everyone
        .iter()
        .filter(|r| r.female && (25..=55).contains(&r.age) && r.has_phone)
    {
        by_community.entry(&r.unit_code).or_default().push(r);
    }
    by_community.retain(|unit, _| !unit.ends_with("000"));
    // Every street first, then the other communities, in a seeded order.
    let mut communities: Vec<&str> = by_community.keys().copied().collect();
    communities.shuffle(&mut rng);
    let mut chosen: Vec<&str> = Vec::new();
    let mut streets = BTreeSet::new();
    for c in &communities {
        if streets.insert(street_of(c)) {
            chosen.push(c);
        }
    }
    for c in &communities {
        if chosen.len() == POOR_MOTHER_COMMUNITIES {
            break;
        }
        if !chosen.contains(c) {
            chosen.push(c);
        }
    }
    if chosen.len() < POOR_MOTHER_COMMUNITIES {
        return Err(AppError::Internal(
            "the registry has too few communities with women for the demo".into(),
        ));
    }
    let mut mothers: Vec<&Resident> = chosen
        .iter()
        .map(|c| *by_community[c].choose(&mut rng).expect("a woman"))
        .collect();
    let mut extra: Vec<&Resident> = chosen
        .iter()
        .flat_map(|c| by_community[c].iter().copied())
        .filter(|r| !mothers.iter().any(|m| m.id == r.id))
        .collect();
    extra.shuffle(&mut rng);
    mothers.extend(
        extra
            .into_iter()
            .take(POOR_MOTHERS - POOR_MOTHER_COMMUNITIES),
    );
    tag(app, &caller, &mothers, "poor_mother").await?;
    summary.poor_mothers = mothers.len();
    summary.mothers_with_children = household_of_mothers(app, &caller, &everyone, &mothers).await?;

    let mut cadres: Vec<&Resident> = everyone
        .iter()
        .filter(|r| r.female && r.age >= 55 && !r.tags.iter().any(|t| t == "retired_cadre"))
        .filter(|r| !mothers.iter().any(|m| m.id == r.id))
        .collect();
    cadres.shuffle(&mut rng);
    cadres.truncate(RETIRED_CADRES);
    tag(app, &caller, &cadres, "retired_cadre").await?;

    // ---- the programs and their 2026 cycles ----
    let district = root.as_str().to_owned();
    let program =
        |name: &str, kind: &str, partners: &str, description: &str, rule: Rule| ProgramInput {
            name: name.into(),
            kind: kind.into(),
            unit_code: district.clone(),
            partners: Some(partners.into()),
            description: Some(description.into()),
            rule,
            result_readers: None,
        };
    let women = |tags_all: &[&str], tags_any: &[&str]| Rule {
        sex: Some("female".into()),
        tags_all: tags_all.iter().map(|t| t.to_string()).collect(),
        tags_any: tags_any.iter().map(|t| t.to_string()).collect(),
        ..Rule::default()
    };
    let cycle =
        |title: &str, starts: &str, ends: &str, reference: Option<&str>, benefit| CycleInput {
            title: title.into(),
            starts_on: starts.into(),
            ends_on: ends.into(),
            reference_date: reference.map(str::to_owned),
            benefit,
        };

    let mothers_day = programs::create(
        app,
        &caller,
        program(
            "贫困母亲母亲节走访慰问",
            "visit",
            "区民政局",
            "母亲节前后走访贫困母亲数据库中的每一位母亲，送上慰问金。",
            women(&["poor_mother"], &[]),
        ),
    )
    .await?;
    let mothers_cycle = programs::create_cycle(
        app,
        &caller,
        mothers_day.id,
        cycle(
            "2026年母亲节走访",
            "2026-05-06",
            "2026-05-15",
            Some("2026-05-10"),
            Some(json!({ "kind": "cash", "amount_fen": MOTHERS_DAY_FEN })),
        ),
    )
    .await?;
    summary.mothers_day_cycle = mothers_cycle.id;
    let mut visited = mothers.clone();
    visited.shuffle(&mut rng);
    for m in visited.iter().take(MOTHERS_VISITED) {
        let note = Some("入户走访，送上慰问金".to_owned());
        let input = DeliveryInput {
            person_id: m.id,
            note,
        };
        programs::deliver(app, &caller, mothers_cycle.id, input).await?;
        summary.delivered += 1;
    }

    let festival = programs::create(
        app,
        &caller,
        program(
            "春节走访慰问困难妇女",
            "relief",
            "区民政局、区残联、区委老干部局",
            "春节前走访慰问贫困妇女、残疾妇女和离退休妇女干部。",
            women(&[], &["poor_mother", "disabled", "retired_cadre"]),
        ),
    )
    .await?;
    let festival_cycle = programs::create_cycle(
        app,
        &caller,
        festival.id,
        cycle(
            "2026年春节慰问",
            "2026-02-02",
            "2026-02-16",
            None,
            Some(json!({ "kind": "goods", "items": [
                { "name": "大米（10公斤）", "quantity": 1 },
                { "name": "食用油（5升）", "quantity": 1 } ] })),
        ),
    )
    .await?;
    let festival_roll = programs::roll(
        app,
        &caller,
        festival_cycle.id,
        &programs::RollQuery::default(),
        1,
        200,
    )
    .await?;
    for entry in festival_roll.0.iter().take(60) {
        let input = DeliveryInput {
            person_id: entry.entry.person_id,
            note: None,
        };
        programs::deliver(app, &caller, festival_cycle.id, input).await?;
        summary.delivered += 1;
    }

    let screening = programs::create(
        app,
        &caller,
        program(
            "低保妇女免费“两癌”筛查",
            "screening",
            "区卫生健康局、区民政局",
            "依照省实施办法第二十一条，为享受最低生活保障的妇女每两年免费进行一次宫颈癌、乳腺癌筛查。",
            Rule {
                age_min: Some(35),
                age_max: Some(64),
                ..women(&["dibao"], &[])
            },
        ),
    )
    .await?;
    let screening_cycle = programs::create_cycle(
        app,
        &caller,
        screening.id,
        cycle("2026年度筛查", "2026-03-01", "2026-11-30", None, None),
    )
    .await?;
    (summary.screened, summary.abnormal) =
        record_screenings(app, &caller, screening_cycle.id).await?;

    let childrens_day = programs::create(
        app,
        &caller,
        program(
            "六一儿童节走访慰问",
            "visit",
            "区教育局、区民政局",
            "六一前走访慰问14周岁以下的独生子女和孤残儿童。",
            Rule {
                age_max: Some(13),
                tags_any: vec!["only_child".into(), "orphan_or_disabled_child".into()],
                ..Rule::default()
            },
        ),
    )
    .await?;
    programs::create_cycle(
        app,
        &caller,
        childrens_day.id,
        cycle(
            "2026年六一儿童节慰问",
            "2026-05-25",
            "2026-06-01",
            Some("2026-06-01"),
            Some(json!({ "kind": "goods", "items": [ { "name": "文具礼包", "quantity": 1 } ] })),
        ),
    )
    .await?;
    summary.programs = 4;

    // ---- children with their guardians ----
    let mut kids: Vec<&Resident> = everyone
        .iter()
        .filter(|r| {
            r.age < 18
                && r.tags
                    .iter()
                    .any(|t| t == "left_behind_child" || t == "migrant_child")
        })
        .collect();
    kids.shuffle(&mut rng);
    kids.truncate(CHILDREN);
    let scope = caller.scope();
    let mut tx = app.db.begin().await?;
    for kid in &kids {
        let now = app.now();
        let gid = app.ids.next(now);
        let left_behind = kid.tags.iter().any(|t| t == "left_behind_child");
        let surname = SURNAMES[rng.gen_range(0..SURNAMES.len())];
        let name = format!(
            "{surname}{}",
            GIVEN_FEMALE[rng.gen_range(0..GIVEN_FEMALE.len())]
        );
        let phone = Phone::parse(&format!("139{:08}", rng.gen_range(0..100_000_000u64)))
            .map_err(|_| AppError::Internal("demo phone".into()))?;
        let relation = if left_behind { "grandparent" } else { "mother" };
        let row = GuardianRow {
            id: gid,
            child_id: kid.id,
            guardian_person_id: None,
            name_cipher: Some(app.cipher.seal(&name, CTX_GUARDIAN_NAME, gid)),
            phone_cipher: Some(app.cipher.seal(phone.as_str(), CTX_GUARDIAN_PHONE, gid)),
            phone_masked: Some(phone.masked()),
            relation: relation.into(),
            created_at: now,
        };
        jinguo_db::children::insert_guardian(&mut tx.ex(), &scope, &row).await?;
        if needs_consent(kid.age) {
            let kid_id = app.ids.next(now);
            let consent = ConsentRow {
                id: kid_id,
                child_id: kid.id,
                given_by_cipher: app.cipher.seal(&name, CTX_GIVEN_BY, kid_id),
                given_on: today.plus_days(-rng.gen_range(30..300)).to_string(),
                recorded_by: 0,
                recorded_at: now,
            };
            jinguo_db::children::insert_consent(&mut tx.ex(), &scope, &consent).await?;
        }
    }
    tx.commit().await?;
    summary.children = kids.len();

    // ---- three model parent schools ----
    let units = jinguo_db::units::list_under(&mut app.db.ex(), &root).await?;
    let street_units: Vec<_> = units.iter().filter(|u| u.level == "street").collect();
    let community_of = |street: &str| {
        units
            .iter()
            .find(|u| u.parent_code.as_deref() == Some(street))
            .map(|u| (u.code.clone(), u.name.clone()))
    };
    let mut hosts = Vec::new();
    if let Some(s) = street_units.first() {
        hosts.push((s.code.clone(), format!("{}新市民家长学校", s.name)));
    }
    for s in street_units.iter().skip(1).take(2) {
        if let Some((code, name)) = community_of(&s.code) {
            let short = name.replace("居委会", "").replace("村委会", "村");
            hosts.push((code, format!("{short}留守儿童家长学校")));
        }
    }
    const TOPICS: &[&str] = &[
        "隔代教养中的沟通与陪伴",
        "留守儿童心理健康与亲情维系",
        "家庭教育促进法解读",
        "儿童安全防护：防溺水与防性侵",
        "新市民子女入学政策解答",
        "亲子阅读与习惯养成",
    ];
    let adults: Vec<&Resident> = everyone
        .iter()
        .filter(|r| r.female && (22..=70).contains(&r.age))
        .collect();
    for (n, (unit, name)) in hosts.iter().enumerate() {
        let school = parent_schools::create_school(
            app,
            &caller,
            SchoolInput {
                name: name.clone(),
                unit_code: unit.clone(),
                head_name: format!(
                    "{}{}",
                    SURNAMES[rng.gen_range(0..40)],
                    GIVEN_FEMALE[rng.gen_range(0..GIVEN_FEMALE.len())]
                ),
                place: Some(format!("{}党群服务中心", name.replace("家长学校", ""))),
            },
        )
        .await?;
        summary.schools += 1;
        let street = street_of(unit);
        let near_kids: Vec<i64> = kids
            .iter()
            .filter(|k| street_of(&k.unit_code) == street)
            .map(|k| k.id)
            .collect();
        let near_adults: Vec<i64> = adults
            .iter()
            .filter(|a| street_of(&a.unit_code) == street)
            .map(|a| a.id)
            .collect();
        for k in 0..(4 - n.min(1)) {
            let held_on = today.plus_days(-(20 + 35 * k as i64));
            let session = parent_schools::add_session(
                app,
                &caller,
                school.id,
                SessionInput {
                    date: held_on.to_string(),
                    topic: TOPICS[(n * 2 + k) % TOPICS.len()].into(),
                    place: None,
                },
            )
            .await?;
            summary.sessions += 1;
            let mut who: Vec<i64> = near_adults
                .choose_multiple(&mut rng, 5)
                .copied()
                .chain(near_kids.choose_multiple(&mut rng, 3).copied())
                .collect();
            who.sort_unstable();
            who.dedup();
            for person_id in who {
                let input = AttendanceInput {
                    person_id: Some(person_id),
                    name: None,
                    kind: None,
                };
                parent_schools::add_attendance(app, &caller, session.id, input).await?;
                summary.attendance += 1;
            }
            let walk_in = AttendanceInput {
                person_id: None,
                name: Some(format!(
                    "{}{}",
                    SURNAMES[rng.gen_range(0..40)],
                    GIVEN_FEMALE[rng.gen_range(0..GIVEN_FEMALE.len())]
                )),
                kind: Some("guardian".into()),
            };
            parent_schools::add_attendance(app, &caller, session.id, walk_in).await?;
            summary.attendance += 1;
        }
    }

    // ---- volunteers paired with children: visits logged, two overdue ----
    const HOWS: &[&str] = &["home", "home", "phone", "video", "school"];
    for (n, kid) in kids.iter().take(PAIRINGS).enumerate() {
        let street = street_of(&kid.unit_code);
        let Some(volunteer) = adults
            .iter()
            .filter(|a| street_of(&a.unit_code) == street && a.age >= 25)
            .collect::<Vec<_>>()
            .choose(&mut rng)
            .map(|a| a.id)
        else {
            continue;
        };
        let overdue = n < OVERDUE;
        let starts_on = today.plus_days(-150);
        let pairing = pairings::create(
            app,
            &caller,
            kid.id,
            PairingInput {
                volunteer_person_id: Some(volunteer),
                volunteer_user_id: None,
                starts_on: Some(starts_on.to_string()),
                visit_every: "monthly".into(),
            },
        )
        .await?;
        summary.pairings += 1;
        // Monthly visits; the overdue ones stopped two months ago.
        let last = if overdue {
            45 + 10 * n as i64
        } else {
            5 + n as i64
        };
        let mut day = last;
        let mut visits = Vec::new();
        while day < 150 {
            visits.push(day);
            day += 28 + rng.gen_range(0..5);
        }
        for back in visits.into_iter().rev() {
            let input = VisitInput {
                date: today.plus_days(-back).to_string(),
                how: HOWS[rng.gen_range(0..HOWS.len())].into(),
                note: Some("了解学习和生活情况，辅导作业".into()),
            };
            pairings::log_visit(app, &caller, pairing.id, input).await?;
        }
        if overdue {
            summary.overdue += 1;
        }
    }
    Ok(summary)
}
