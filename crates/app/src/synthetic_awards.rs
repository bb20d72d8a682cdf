//! The demo district's awards: this year's 杰出创业女性 campaign. Each street nominated a
//! women-owned enterprise of its own (one place each); the federation published the shortlist
//! three weeks ago, its notice of five working days has passed, and one objection from the
//! public waits for its decision — the federation's next step is on its home page.
//!
//! Written through the same use cases as the pages, then the publication moved back in time
//! (the store's campaign row), as the demo's history happened before today.

use crate::auth::Caller;
use crate::awards::{self, CampaignInput, NominationInput, ObjectionInput, PublishInput};
use crate::cases::public::PublicLimits;
use crate::employment::enterprises::{self, EnterpriseQuery};
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
    Ok(Summary {
        campaign_id: campaign.id,
        nominations: ids.len(),
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
