//! Awards (评选表彰): the federation opens a yearly campaign of an award with a quota per unit;
//! streets and communities nominate (a woman of the registry, or an enterprise for a collective
//! honour) with her deeds; the federation's reviewers vote, publish the shortlist as a public
//! notice (公示) with a window of working days in which anyone may object, decide the
//! objections, and after the window make the honours final — they then show on the person's or
//! the enterprise's page as their history.
//!
//! The public notice shows the nominee's name, her unit and the award: the notice exists so
//! that people can recognise whom it names and object. Deeds stay inside (they are written for
//! the reviewers and may tell of a person's life); no ID number, phone or address ever leaves.

// The operations, one file per stage of a campaign; the inputs, views, roles and reading they
// share stay here, and each operation is re-exported so callers name it `awards::…`.
mod campaigns;
mod home;
mod honours;
mod materials;
mod nominations;
mod notice;
mod review;

pub use campaigns::*;
pub use home::*;
pub use honours::*;
pub use materials::*;
pub use nominations::*;
pub use notice::*;
pub use review::*;

use crate::audit::{self, Entry};
use crate::auth::{random_secret, Caller};
use crate::cases::public::{address_key, PublicLimits};
use crate::cases::{date, optional_text, text};
use crate::error::OnUnique;
use crate::people::{today, undecryptable};
use crate::sealed_files::Upload;
use crate::{App, AppError};
use jinguo_db::awards::{
    self as store, CampaignRow, MaterialRow, NominationRow, ObjectionRow, VoteRow,
};
use jinguo_db::{employment, people, units, Exec};
use jinguo_domain::awards::{
    check_nominee, notice_open, within_quota, Award, NominationStatus, Nominee, ObjectionOutcome,
    Tally, Vote, DEFAULT_NOTICE_DAYS, MAX_NOTICE_DAYS,
};
use jinguo_domain::{CivilDate, UnitCode};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

const CTX_DEEDS: &str = "award_nomination.deeds";
const CTX_OBJECTION: &str = "award_objection.text";
const CTX_CONTACT: &str = "award_objection.contact";
const CTX_NOTE: &str = "award_objection.note";
const MAX_DEEDS_CHARS: usize = 5_000;
const MAX_OBJECTION_CHARS: usize = 2_000;
const MAX_QUOTA: u32 = 1_000;

/// A campaign as the API takes it (`NewAwardCampaign`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewAwardCampaign)]
pub struct CampaignInput {
    /// An award code: march8_red_banner_holder, march8_red_banner_collective, women_pacesetter,
    /// outstanding_woman_entrepreneur, model_family.
    pub award: String,
    pub year: i32,
    pub title: String,
    /// Nominations per unit: `{"UNIT_CODE": N}`; a community's nomination counts against its
    /// own quota when it has one, else its street's. No quotas: no limit.
    #[serde(default)]
    pub quotas: BTreeMap<String, u32>,
    /// Working days of the public notice (default 5).
    pub notice_days: Option<u32>,
    /// `YYYY-MM-DD`: the last day units may nominate.
    pub nominations_until: Option<String>,
}

/// A nomination as the API takes it (`NewNomination`): a person or an enterprise.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewNomination)]
pub struct NominationInput {
    pub person_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    /// The nominating unit, in the caller's subtree.
    pub unit_code: String,
    /// The deeds (事迹), kept sealed and shown to the reviewers only.
    pub deeds: String,
}

/// A reviewer's vote (`NewVote`); voting again changes it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewVote)]
pub struct VoteInput {
    pub nomination_id: i64,
    /// for, against or abstain
    pub vote: String,
}

/// The shortlist to publish (`Shortlist`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = Shortlist)]
pub struct PublishInput {
    pub nomination_ids: Vec<i64>,
}

/// An objection from the public notice (`NewObjection`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewObjection)]
pub struct ObjectionInput {
    pub nomination_id: i64,
    pub text: String,
    /// How to answer her, if she wishes (kept sealed).
    pub contact: Option<String>,
}

/// How the federation decided an objection (`ObjectionDecision`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = ObjectionDecision)]
pub struct DecisionInput {
    /// upheld (the nominee is not honoured) or dismissed
    pub outcome: String,
    pub note: Option<String>,
}

/// Where a campaign stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Units nominate, reviewers vote.
    Nominating,
    /// The shortlist is on public notice.
    Notice,
    /// The notice's window has ended; the honours wait to be made final.
    NoticeEnded,
    /// The honours are final.
    Final,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = AwardCampaign)]
pub struct Campaign {
    pub id: i64,
    pub award: String,
    pub year: i32,
    pub title: String,
    pub unit_code: String,
    pub quotas: BTreeMap<String, u32>,
    pub notice_days: u32,
    pub nominations_until: Option<String>,
    pub stage: Stage,
    /// The public notice's page, once published.
    pub notice_path: Option<String>,
    pub published_on: Option<String>,
    pub notice_until: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Nomination {
    pub id: i64,
    pub campaign_id: i64,
    pub unit_code: String,
    pub person_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    /// The person's name or the enterprise's.
    pub nominee: String,
    pub deeds: String,
    /// nominated, shortlisted, honoured or not_honoured
    pub status: String,
}

/// One line of the review's result table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewLine {
    pub nomination_id: i64,
    pub nominee: String,
    pub unit_code: String,
    pub status: String,
    #[serde(rename = "for")]
    pub votes_for: i64,
    pub against: i64,
    pub abstain: i64,
    /// More than half of the votes cast are for it.
    pub carried: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Published {
    pub notice_path: String,
    pub notice_until: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = AwardObjection)]
pub struct Objection {
    pub id: i64,
    pub nomination_id: i64,
    pub nominee: String,
    pub text: String,
    pub contact: Option<String>,
    pub received_at: i64,
    pub outcome: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Finalized {
    pub honoured: u64,
    pub not_honoured: u64,
}

/// One honour on a person's or an enterprise's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Honour {
    pub campaign_id: i64,
    pub award: String,
    pub year: i32,
    pub title: String,
}

/// What the public notice page shows: nothing but the campaign and each nominee's name and unit.
#[derive(Debug, Clone)]
pub struct PublicNotice {
    pub title: String,
    pub award: String,
    pub year: i32,
    pub published_on: String,
    pub notice_until: String,
    /// Objections are still taken.
    pub open: bool,
    pub entries: Vec<PublicEntry>,
}

#[derive(Debug, Clone)]
pub struct PublicEntry {
    pub nomination_id: i64,
    pub name: String,
    pub unit_name: String,
}

// ---- roles and reading ----

fn require_runner(caller: &Caller) -> Result<(), AppError> {
    if caller.role.runs_award_campaigns() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn require_nominator(caller: &Caller) -> Result<(), AppError> {
    if caller.role.nominates_for_awards() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn conflict(code: &'static str) -> AppError {
    AppError::Conflict {
        code,
        field: None,
        detail: None,
    }
}

fn quotas_of(row: &CampaignRow) -> BTreeMap<String, u32> {
    serde_json::from_str(&row.quotas).unwrap_or_default()
}

fn notice_until_of(row: &CampaignRow) -> Option<CivilDate> {
    row.notice_until.as_deref().and_then(CivilDate::parse)
}

fn stage(row: &CampaignRow, today: CivilDate) -> Stage {
    match (row.finalized_at, notice_until_of(row)) {
        (Some(_), _) => Stage::Final,
        (None, Some(until)) if notice_open(until, today) => Stage::Notice,
        (None, Some(_)) => Stage::NoticeEnded,
        (None, None) => Stage::Nominating,
    }
}

pub fn notice_path(key: &str) -> String {
    format!("/public/notices/{key}")
}

impl Campaign {
    fn of(row: CampaignRow, today: CivilDate) -> Campaign {
        Campaign {
            stage: stage(&row, today),
            quotas: quotas_of(&row),
            notice_path: row.notice_key.as_deref().map(notice_path),
            id: row.id,
            award: row.award,
            year: row.year,
            title: row.title,
            unit_code: row.unit_code,
            notice_days: u32::try_from(row.notice_days).unwrap_or(DEFAULT_NOTICE_DAYS),
            nominations_until: row.nominations_until,
            published_on: row.published_on,
            notice_until: row.notice_until,
        }
    }
}

/// Audits a step of a campaign (`create`, `publish`, `finalize`) inside the step's transaction.
async fn audit_campaign(
    app: &App,
    ex: &mut Exec<'_>,
    caller: &Caller,
    campaign: &CampaignRow,
    action: &str,
    detail: serde_json::Value,
    now: i64,
) -> Result<(), AppError> {
    let entry = caller
        .entry(action, "award_campaign", campaign.id.to_string())
        .in_unit(&campaign.unit_code)
        .detail(detail);
    audit::append(app, ex, entry, now).await?;
    Ok(())
}

async fn campaign_row(app: &App, caller: &Caller, id: i64) -> Result<CampaignRow, AppError> {
    store::find_campaign(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The names of nominees: people's from the registry, enterprises' from the employment register.
async fn nominee_names(
    ex: &mut Exec<'_>,
    rows: &[NominationRow],
) -> Result<HashMap<i64, String>, AppError> {
    let person_ids: Vec<i64> = rows.iter().filter_map(|n| n.person_id).collect();
    let people: HashMap<i64, String> = people::names(ex, &person_ids).await?.into_iter().collect();
    let mut names = HashMap::new();
    for n in rows {
        let name = match (n.person_id, n.enterprise_id) {
            (Some(p), _) => people.get(&p).cloned().unwrap_or_default(),
            (None, Some(e)) => employment::find_enterprise(ex, e)
                .await?
                .map(|e| e.name)
                .unwrap_or_default(),
            (None, None) => String::new(),
        };
        names.insert(n.id, name);
    }
    Ok(names)
}

fn nomination_of(app: &App, row: NominationRow, nominee: String) -> Result<Nomination, AppError> {
    let deeds = app
        .cipher
        .open(&row.deeds_cipher, CTX_DEEDS, row.id)
        .map_err(undecryptable)?;
    Ok(Nomination {
        id: row.id,
        campaign_id: row.campaign_id,
        unit_code: row.unit_code,
        person_id: row.person_id,
        enterprise_id: row.enterprise_id,
        nominee,
        deeds,
        status: row.status,
    })
}

pub async fn list_campaigns(app: &App, caller: &Caller) -> Result<Vec<Campaign>, AppError> {
    require_nominator(caller)?;
    let day = today(app);
    let rows = store::campaigns(&mut app.db.ex(), &caller.scope()).await?;
    Ok(rows.into_iter().map(|r| Campaign::of(r, day)).collect())
}

pub async fn get_campaign(app: &App, caller: &Caller, id: i64) -> Result<Campaign, AppError> {
    require_nominator(caller)?;
    Ok(Campaign::of(
        campaign_row(app, caller, id).await?,
        today(app),
    ))
}

/// The nominations of a campaign the caller's subtree made (the federation: all of them).
pub async fn nominations(
    app: &App,
    caller: &Caller,
    campaign_id: i64,
) -> Result<Vec<Nomination>, AppError> {
    require_nominator(caller)?;
    campaign_row(app, caller, campaign_id).await?;
    let mut ex = app.db.ex();
    let rows = store::nominations(&mut ex, &caller.scope(), campaign_id).await?;
    let mut names = nominee_names(&mut ex, &rows).await?;
    rows.into_iter()
        .map(|r| {
            let name = names.remove(&r.id).unwrap_or_default();
            nomination_of(app, r, name)
        })
        .collect()
}
