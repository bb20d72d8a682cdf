//! The demo district's awards: this year's 杰出创业女性 campaign. Each street nominated a
//! women-owned enterprise of its own (one place each); the federation published the shortlist
//! three weeks ago, its notice of five working days has passed, and one objection from the
//! public waits for its decision — the federation's next step is on its home page.
//!
//! Beside it, the stories the federation tells (典型引路): three of the nominated entrepreneurs
//! have model-woman profiles, published in the local paper and on the federation's website and
//! told at this spring's experience-exchange meeting and the 三八 showcase.
//!
//! Written through the same use cases as the pages, then the publication moved back in time
//! (the store's campaign row), as the demo's history happened before today.

use crate::auth::Caller;
use crate::awards::{self, CampaignInput, NominationInput, ObjectionInput, PublishInput};
use crate::cases::public::PublicLimits;
use crate::employment::enterprises::{self, EnterpriseQuery};
use crate::employment::events::{self, EventInput};
use crate::model_women::{self, ProfileInput, PublicationInput};
use crate::people::today;
use crate::synthetic_children::demo_caller;
use crate::synthetic_employment::root_unit;
use crate::{App, AppError, Origin};
use jinguo_db::awards as store;
use std::collections::BTreeMap;

/// How long ago the shortlist was published.
const PUBLISHED_DAYS_AGO: i64 = 21;

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub campaign_id: i64,
    pub nominations: usize,
    pub model_women: usize,
}

pub async fn load_demo(app: &App, origin: &Origin) -> Result<Option<Summary>, AppError> {
    let root = root_unit(app).await?;
    let caller = demo_caller(root, origin);
    if !awards::list_campaigns(app, &caller).await?.is_empty() {
        return Ok(None);
    }
    generate(app, &caller).await.map(Some)
}

/// The first women-owned enterprise of each street, by the list's order.
async fn one_enterprise_per_street(
    app: &App,
    caller: &Caller,
) -> Result<Vec<(String, i64, String)>, AppError> {
    let streets: Vec<String> = crate::units::tree(app, caller)
        .await?
        .into_iter()
        .filter(|u| u.level == "street")
        .map(|u| u.code)
        .collect();
    let mut chosen = Vec::new();
    for street in streets {
        let q = EnterpriseQuery {
            women_owned: Some(true),
            unit_code: Some(street.clone()),
            ..EnterpriseQuery::default()
        };
        let (found, _) = enterprises::list(app, caller, &q, 1, 1).await?;
        if let Some(e) = found.into_iter().next() {
            chosen.push((e.unit_code, e.id, e.name));
        }
    }
    Ok(chosen)
}

async fn generate(app: &App, caller: &Caller) -> Result<Summary, AppError> {
    let day = today(app);
    let nominees = one_enterprise_per_street(app, caller).await?;
    let quotas: BTreeMap<String, u32> = nominees
        .iter()
        .filter_map(|(unit, _, _)| {
            jinguo_domain::UnitCode::parse(unit)
                .ok()
                .and_then(|u| u.implied_parent())
                .map(|street| (street.as_str().to_owned(), 1))
        })
        .collect();
    let campaign = awards::create_campaign(
        app,
        caller,
        CampaignInput {
            award: "outstanding_woman_entrepreneur".into(),
            year: day.year,
            title: format!("{} 年度杰出创业女性评选", day.year),
            quotas,
            notice_days: None,
            nominations_until: None,
        },
    )
    .await?;
    let mut ids = Vec::new();
    for (unit, enterprise_id, name) in &nominees {
        let n = awards::nominate(
            app,
            caller,
            campaign.id,
            NominationInput {
                person_id: None,
                enterprise_id: Some(*enterprise_id),
                unit_code: unit.clone(),
                deeds: format!(
                    "{name}负责人自主创业，带动本社区妇女就业，参加“春风送岗位”招聘会，吸纳失业、失地妇女就业，积极参与公益。"
                ),
            },
        )
        .await?;
        ids.push(n.id);
    }
    let published = awards::publish(
        app,
        caller,
        campaign.id,
        PublishInput {
            nomination_ids: ids.clone(),
        },
    )
    .await?;
    let key = published.notice_path.trim_start_matches("/public/notices/");
    if let Some(first) = ids.first() {
        awards::object(
            app,
            &PublicLimits::default(),
            "127.0.0.1",
            key,
            ObjectionInput {
                nomination_id: *first,
                text: "该企业去年曾拖欠员工工资，请核实。".into(),
                contact: None,
            },
        )
        .await?;
    }
    backdate(app, caller, campaign.id).await?;
    let model_women = model_women(app, caller, &nominees[..nominees.len().min(3)]).await?;
    Ok(Summary {
        campaign_id: campaign.id,
        nominations: ids.len(),
        model_women,
    })
}

/// The shortlist went up `PUBLISHED_DAYS_AGO` days ago, and its notice ran its working days.
async fn backdate(app: &App, caller: &Caller, campaign_id: i64) -> Result<(), AppError> {
    let mut ex = app.db.ex();
    let mut row = store::find_campaign(&mut ex, &caller.scope(), campaign_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let published = today(app).plus_days(-PUBLISHED_DAYS_AGO);
    let calendar = crate::calendar::work_calendar(app, published).await?;
    let days = u32::try_from(row.notice_days.max(1) - 1).unwrap_or(0);
    row.published_on = Some(published.to_string());
    row.notice_until = Some(calendar.add_working_days(published, days).to_string());
    store::update_campaign(&mut ex, &row).await?;
    Ok(())
}

/// The exchange meeting and the showcase of this year, and a profile of each entrepreneur
/// given, with where her story ran.
async fn model_women(
    app: &App,
    caller: &Caller,
    entrepreneurs: &[(String, i64, String)],
) -> Result<usize, AppError> {
    let day = today(app);
    let root = root_unit(app).await?;
    let gathering = |kind: &str, title: String, on: jinguo_domain::CivilDate| EventInput {
        kind: kind.into(),
        title,
        held_on: on.to_string(),
        place: Some("丰泽区妇女儿童活动中心".into()),
        unit_code: root.as_str().to_owned(),
        organizers: Some("丰泽区妇联".into()),
        partners: Some("区人社局".into()),
        enterprise_ids: Vec::new(),
    };
    let meeting = events::create(
        app,
        caller,
        gathering(
            "exchange_meeting",
            format!("{} 年巾帼创业经验交流会", day.year),
            day.plus_days(-45),
        ),
    )
    .await?;
    let showcase = events::create(
        app,
        caller,
        gathering(
            "showcase",
            format!("{} 年巾帼风采展示", day.year),
            day.plus_days(-30),
        ),
    )
    .await?;
    for (i, (_, enterprise_id, name)) in entrepreneurs.iter().enumerate() {
        let profile = model_women::create(
            app,
            caller,
            ProfileInput {
                person_id: None,
                enterprise_id: Some(*enterprise_id),
                headline: format!("{name}：自主创业，带动姐妹就业"),
                story: format!(
                    "{name}的创办人下岗后自主创业，从家庭作坊做起，如今吸纳失业、失地妇女就业，\
                     每年参加“春风送岗位”招聘会，并结对帮扶困难姐妹。"
                ),
            },
        )
        .await?;
        let mut told = vec![
            PublicationInput {
                channel: "newspaper".into(),
                outlet: "泉州晚报".into(),
                published_on: day.plus_days(-60 + i as i64).to_string(),
                event_id: None,
            },
            PublicationInput {
                channel: "website".into(),
                outlet: "丰泽区妇联网站".into(),
                published_on: day.plus_days(-58 + i as i64).to_string(),
                event_id: None,
            },
        ];
        let (channel, event) = if i == 0 {
            ("exchange_meeting", meeting.id)
        } else {
            ("showcase", showcase.id)
        };
        told.push(PublicationInput {
            channel: channel.into(),
            outlet: String::new(),
            published_on: String::new(),
            event_id: Some(event),
        });
        for publication in told {
            model_women::add_publication(app, caller, profile.id, publication).await?;
        }
    }
    Ok(entrepreneurs.len())
}
