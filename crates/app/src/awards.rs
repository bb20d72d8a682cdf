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

use crate::audit::{self, Entry};
use crate::auth::{random_secret, Caller};
use crate::cases::public::{address_key, PublicLimits};
use crate::cases::{date, optional_text, text};
use crate::error::OnUnique;
use crate::people::{today, undecryptable};
use crate::sealed_files::{Place, Upload};
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

// ---- campaigns ----

fn check_quotas(
    caller: &Caller,
    quotas: &BTreeMap<String, u32>,
) -> Result<BTreeMap<String, u32>, AppError> {
    let mut checked = BTreeMap::new();
    for (raw, n) in quotas {
        let unit = UnitCode::parse(raw)
            .ok()
            .filter(|u| caller.scope().covers(u))
            .ok_or_else(|| AppError::invalid_detail("quotas", "unknown_unit", raw.trim()))?;
        if *n > MAX_QUOTA {
            return Err(AppError::invalid_detail(
                "quotas",
                "quota_too_large",
                raw.trim(),
            ));
        }
        checked.insert(unit.as_str().to_owned(), *n);
    }
    Ok(checked)
}

pub async fn create_campaign(
    app: &App,
    caller: &Caller,
    input: CampaignInput,
) -> Result<Campaign, AppError> {
    require_runner(caller)?;
    let award = Award::parse(&input.award)
        .ok_or_else(|| AppError::invalid_detail("award", "unknown_award", input.award.trim()))?;
    if !(2000..=2100).contains(&input.year) {
        return Err(AppError::invalid_detail(
            "year",
            "invalid_year",
            input.year.to_string(),
        ));
    }
    let title = text("title", &input.title, 200)?;
    let quotas = check_quotas(caller, &input.quotas)?;
    for code in quotas.keys() {
        units::find(&mut app.db.ex(), code)
            .await?
            .ok_or_else(|| AppError::invalid_detail("quotas", "unknown_unit", code.as_str()))?;
    }
    let notice_days = input.notice_days.unwrap_or(DEFAULT_NOTICE_DAYS);
    if !(1..=MAX_NOTICE_DAYS).contains(&notice_days) {
        return Err(AppError::invalid("notice_days", "invalid_notice_days"));
    }
    let nominations_until = match input.nominations_until.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(date("nominations_until", raw)?),
    };
    let now = app.now();
    let row = CampaignRow {
        id: app.ids.next(now),
        award: award.as_str().to_owned(),
        year: input.year,
        title,
        unit_code: caller.unit.as_str().to_owned(),
        quotas: serde_json::to_string(&quotas).map_err(|e| AppError::Internal(e.to_string()))?,
        notice_days: notice_days as i32,
        nominations_until,
        notice_key: None,
        published_on: None,
        notice_until: None,
        finalized_at: None,
        created_by: Some(caller.user_id),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_campaign(&mut tx.ex(), &row).await?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&row.unit_code),
            detail: json!({"award": row.award, "year": row.year}),
            ..caller.entry("create", "award_campaign", row.id.to_string())
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Campaign::of(row, today(app)))
}

// ---- nominations ----

/// The nominating unit: in the caller's subtree and the campaign's.
async fn nominating_unit(
    app: &App,
    caller: &Caller,
    campaign: &CampaignRow,
    raw: &str,
) -> Result<UnitCode, AppError> {
    let unknown = || AppError::invalid_detail("unit_code", "unknown_unit", raw.trim());
    if raw.trim().is_empty() {
        return Err(AppError::invalid("unit_code", "required"));
    }
    let unit = UnitCode::parse(raw).map_err(|_| unknown())?;
    let inside_campaign = UnitCode::parse(&campaign.unit_code).is_ok_and(|c| c.contains(&unit));
    if !caller.scope().covers(&unit) || !inside_campaign {
        return Err(unknown());
    }
    crate::people::check_unit(app, caller, &unit).await?;
    Ok(unit)
}

/// The nominee checked against the award and the caller's reach.
async fn nominee(
    app: &App,
    caller: &Caller,
    award: Award,
    input: &NominationInput,
) -> Result<Nominee, AppError> {
    let kind = match (input.person_id, input.enterprise_id) {
        (Some(_), None) => Nominee::Person,
        (None, Some(_)) => Nominee::Enterprise,
        (None, None) => return Err(AppError::invalid("person_id", "nominee_required")),
        (Some(_), Some(_)) => return Err(AppError::invalid("enterprise_id", "nominee_ambiguous")),
    };
    let field = match kind {
        Nominee::Person => "person_id",
        Nominee::Enterprise => "enterprise_id",
    };
    check_nominee(award, kind).map_err(|e| AppError::invalid(field, e.code()))?;
    let mut ex = app.db.ex();
    if let Some(id) = input.person_id {
        let person = people::find(&mut ex, &caller.scope(), id)
            .await?
            .filter(|p| p.deleted_at.is_none())
            .ok_or_else(|| {
                AppError::invalid_detail("person_id", "unknown_person", id.to_string())
            })?;
        if award.women_only() && person.sex != "female" {
            return Err(AppError::invalid("person_id", "award_for_women"));
        }
    }
    if let Some(id) = input.enterprise_id {
        employment::find_enterprise(&mut ex, id)
            .await?
            .filter(|e| caller.scope().covers_code(&e.unit_code))
            .ok_or_else(|| {
                AppError::invalid_detail("enterprise_id", "unknown_enterprise", id.to_string())
            })?;
    }
    Ok(kind)
}

pub async fn nominate(
    app: &App,
    caller: &Caller,
    campaign_id: i64,
    input: NominationInput,
) -> Result<Nomination, AppError> {
    require_nominator(caller)?;
    let campaign = campaign_row(app, caller, campaign_id).await?;
    if campaign.notice_key.is_some() {
        return Err(conflict("campaign_published"));
    }
    let day = today(app);
    if let Some(last) = campaign
        .nominations_until
        .as_deref()
        .and_then(CivilDate::parse)
    {
        if day > last {
            return Err(conflict("nominations_closed"));
        }
    }
    let award = Award::parse(&campaign.award).ok_or(AppError::NotFound)?;
    let kind = nominee(app, caller, award, &input).await?;
    let unit = nominating_unit(app, caller, &campaign, &input.unit_code).await?;
    let deeds = text("deeds", &input.deeds, MAX_DEEDS_CHARS)?;
    let now = app.now();
    let id = app.ids.next(now);
    let row = NominationRow {
        id,
        campaign_id,
        unit_code: unit.as_str().to_owned(),
        person_id: input.person_id,
        enterprise_id: input.enterprise_id,
        deeds_cipher: app.cipher.seal(&deeds, CTX_DEEDS, id),
        status: NominationStatus::Nominated.as_str().to_owned(),
        created_by: Some(caller.user_id),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    // Rewriting the campaign's row first makes two nominations racing for a unit's last place
    // take turns (PostgreSQL locks the row; SQLite has one writer): the second counts the first.
    store::update_campaign(&mut tx.ex(), &campaign).await?;
    let quotas: Vec<(UnitCode, u32)> = quotas_of(&campaign)
        .into_iter()
        .filter_map(|(code, n)| UnitCode::parse(&code).ok().map(|u| (u, n)))
        .collect();
    let existing: Vec<UnitCode> = store::nominating_units(&mut tx.ex(), campaign_id)
        .await?
        .iter()
        .filter_map(|c| UnitCode::parse(c).ok())
        .collect();
    if !within_quota(&quotas, &existing, &unit) {
        return Err(AppError::invalid_detail(
            "unit_code",
            "quota_exceeded",
            unit.as_str(),
        ));
    }
    let field = match kind {
        Nominee::Person => "person_id",
        Nominee::Enterprise => "enterprise_id",
    };
    store::insert_nomination(&mut tx.ex(), &row)
        .await
        .on_unique("already_nominated", field)?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&row.unit_code),
            detail: json!({"campaign_id": campaign_id}),
            ..caller.entry("create", "award_nomination", row.id.to_string())
        },
        now,
    )
    .await?;
    tx.commit().await?;
    let mut names = nominee_names(&mut app.db.ex(), std::slice::from_ref(&row)).await?;
    nomination_of(app, row, names.remove(&id).unwrap_or_default())
}

// ---- review ----

pub async fn vote(
    app: &App,
    caller: &Caller,
    campaign_id: i64,
    input: VoteInput,
) -> Result<(), AppError> {
    require_runner(caller)?;
    let campaign = campaign_row(app, caller, campaign_id).await?;
    if campaign.notice_key.is_some() {
        return Err(conflict("campaign_published"));
    }
    let vote = Vote::parse(&input.vote)
        .ok_or_else(|| AppError::invalid_detail("vote", "unknown_vote", input.vote.trim()))?;
    let nominations = store::nominations(&mut app.db.ex(), &caller.scope(), campaign_id).await?;
    if !nominations.iter().any(|n| n.id == input.nomination_id) {
        return Err(AppError::invalid_detail(
            "nomination_id",
            "unknown_nomination",
            input.nomination_id.to_string(),
        ));
    }
    let now = app.now();
    let row = VoteRow {
        id: app.ids.next(now),
        campaign_id,
        nomination_id: input.nomination_id,
        reviewer_id: caller.user_id,
        vote: vote.as_str().to_owned(),
        voted_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::put_vote(&mut tx.ex(), &row).await?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&campaign.unit_code),
            detail: json!({"nomination_id": input.nomination_id, "vote": row.vote}),
            ..caller.entry("vote", "award_nomination", input.nomination_id.to_string())
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The review's result table: each nomination with its votes.
pub async fn review(
    app: &App,
    caller: &Caller,
    campaign_id: i64,
) -> Result<Vec<ReviewLine>, AppError> {
    require_runner(caller)?;
    campaign_row(app, caller, campaign_id).await?;
    let mut ex = app.db.ex();
    let rows = store::nominations(&mut ex, &caller.scope(), campaign_id).await?;
    let names = nominee_names(&mut ex, &rows).await?;
    let mut tallies: HashMap<i64, Tally> = HashMap::new();
    for v in store::votes(&mut ex, campaign_id).await? {
        if let Some(vote) = Vote::parse(&v.vote) {
            tallies.entry(v.nomination_id).or_default().add(vote);
        }
    }
    Ok(rows
        .into_iter()
        .map(|n| {
            let t = tallies.get(&n.id).copied().unwrap_or_default();
            ReviewLine {
                nomination_id: n.id,
                nominee: names.get(&n.id).cloned().unwrap_or_default(),
                unit_code: n.unit_code,
                status: n.status,
                votes_for: t.for_,
                against: t.against,
                abstain: t.abstain,
                carried: t.carried(),
            }
        })
        .collect())
}

// ---- public notice ----

pub async fn publish(
    app: &App,
    caller: &Caller,
    campaign_id: i64,
    input: PublishInput,
) -> Result<Published, AppError> {
    require_runner(caller)?;
    let mut campaign = campaign_row(app, caller, campaign_id).await?;
    if campaign.notice_key.is_some() {
        return Err(conflict("already_published"));
    }
    if input.nomination_ids.is_empty() {
        return Err(AppError::invalid("nomination_ids", "required"));
    }
    let nominations = store::nominations(&mut app.db.ex(), &caller.scope(), campaign_id).await?;
    for id in &input.nomination_ids {
        if !nominations.iter().any(|n| n.id == *id) {
            return Err(AppError::invalid_detail(
                "nomination_ids",
                "unknown_nomination",
                id.to_string(),
            ));
        }
    }
    let day = today(app);
    let calendar = crate::calendar::work_calendar(app, day).await?;
    // The day of publication is the notice's first day (when it is a working day).
    let until = calendar.add_working_days(day, campaign.notice_days.max(1) as u32 - 1);
    let key: String = random_secret().chars().take(32).collect();
    campaign.notice_key = Some(key.clone());
    campaign.published_on = Some(day.to_string());
    campaign.notice_until = Some(until.to_string());
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::update_campaign(&mut tx.ex(), &campaign).await?;
    store::set_status(
        &mut tx.ex(),
        campaign_id,
        &input.nomination_ids,
        NominationStatus::Shortlisted.as_str(),
    )
    .await?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&campaign.unit_code),
            detail: json!({"nominations": input.nomination_ids, "notice_until": until.to_string()}),
            ..caller.entry("publish", "award_campaign", campaign_id.to_string())
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Published {
        notice_path: notice_path(&key),
        notice_until: until.to_string(),
    })
}

async fn published(app: &App, key: &str) -> Result<CampaignRow, AppError> {
    store::find_campaign_by_key(&mut app.db.ex(), key)
        .await?
        .ok_or(AppError::NotFound)
}

/// The public notice: anyone with its link reads it.
pub async fn public_notice(app: &App, key: &str) -> Result<PublicNotice, AppError> {
    let campaign = published(app, key).await?;
    let mut ex = app.db.ex();
    let shortlist = store::shortlist(&mut ex, campaign.id).await?;
    let names = nominee_names(&mut ex, &shortlist).await?;
    let mut entries = Vec::with_capacity(shortlist.len());
    for n in &shortlist {
        let unit_name = units::find(&mut ex, &n.unit_code)
            .await?
            .map(|u| u.name)
            .unwrap_or_default();
        entries.push(PublicEntry {
            nomination_id: n.id,
            name: names.get(&n.id).cloned().unwrap_or_default(),
            unit_name,
        });
    }
    let open = campaign.finalized_at.is_none()
        && notice_until_of(&campaign).is_some_and(|u| notice_open(u, today(app)));
    Ok(PublicNotice {
        title: campaign.title,
        award: campaign.award,
        year: campaign.year,
        published_on: campaign.published_on.unwrap_or_default(),
        notice_until: campaign.notice_until.unwrap_or_default(),
        open,
        entries,
    })
}

/// An objection from the public notice, counted against the address's limit; after the window
/// nothing is stored.
pub async fn object(
    app: &App,
    limits: &PublicLimits,
    ip: &str,
    key: &str,
    input: ObjectionInput,
) -> Result<i64, AppError> {
    limits.intake.check(&address_key(ip), app.now())?;
    let campaign = published(app, key).await?;
    let open = campaign.finalized_at.is_none()
        && notice_until_of(&campaign).is_some_and(|u| notice_open(u, today(app)));
    if !open {
        return Err(conflict("notice_closed"));
    }
    let shortlist = store::shortlist(&mut app.db.ex(), campaign.id).await?;
    let nomination = shortlist
        .iter()
        .find(|n| n.id == input.nomination_id)
        .ok_or_else(|| {
            AppError::invalid_detail(
                "nomination_id",
                "unknown_nomination",
                input.nomination_id.to_string(),
            )
        })?;
    let body = text("text", &input.text, MAX_OBJECTION_CHARS)?;
    let contact = optional_text("contact", input.contact.as_deref(), 100)?;
    let now = app.now();
    let id = app.ids.next(now);
    let row = ObjectionRow {
        id,
        campaign_id: campaign.id,
        nomination_id: nomination.id,
        unit_code: nomination.unit_code.clone(),
        text_cipher: app.cipher.seal(&body, CTX_OBJECTION, id),
        contact_cipher: contact.map(|c| app.cipher.seal(&c, CTX_CONTACT, id)),
        received_at: now,
        outcome: None,
        note_cipher: None,
        handled_by: None,
        handled_at: None,
    };
    let mut tx = app.db.begin().await?;
    store::insert_objection(&mut tx.ex(), &row).await?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            actor_id: None,
            actor: "public",
            // Like a public case: the objector's address is not kept beside what she wrote.
            origin: &crate::Origin {
                ip: "public".into(),
                user_agent: String::new(),
            },
            action: "create",
            entity: "award_objection",
            entity_id: id.to_string(),
            unit_code: Some(&row.unit_code),
            detail: json!({"campaign_id": campaign.id, "nomination_id": nomination.id}),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

fn objection_of(app: &App, row: ObjectionRow, nominee: String) -> Result<Objection, AppError> {
    let open = |blob: &[u8], ctx: &str| app.cipher.open(blob, ctx, row.id).map_err(undecryptable);
    Ok(Objection {
        text: open(&row.text_cipher, CTX_OBJECTION)?,
        contact: row
            .contact_cipher
            .as_deref()
            .map(|c| open(c, CTX_CONTACT))
            .transpose()?,
        note: row
            .note_cipher
            .as_deref()
            .map(|c| open(c, CTX_NOTE))
            .transpose()?,
        id: row.id,
        nomination_id: row.nomination_id,
        nominee,
        received_at: row.received_at,
        outcome: row.outcome,
    })
}

/// The objections to a campaign (the federation's to read and decide); each read is audited,
/// as they may name the objector.
pub async fn objections(
    app: &App,
    caller: &Caller,
    campaign_id: i64,
) -> Result<Vec<Objection>, AppError> {
    require_runner(caller)?;
    let campaign = campaign_row(app, caller, campaign_id).await?;
    let mut ex = app.db.ex();
    let rows = store::objections(&mut ex, &caller.scope(), campaign_id).await?;
    let nominations = store::nominations(&mut ex, &caller.scope(), campaign_id).await?;
    let names = nominee_names(&mut ex, &nominations).await?;
    if !rows.is_empty() {
        audit::append(
            app,
            &mut ex,
            Entry {
                unit_code: Some(&campaign.unit_code),
                ..caller.entry("read", "award_objections", campaign_id.to_string())
            },
            app.now(),
        )
        .await?;
    }
    rows.into_iter()
        .map(|r| {
            let name = names.get(&r.nomination_id).cloned().unwrap_or_default();
            objection_of(app, r, name)
        })
        .collect()
}

pub async fn decide_objection(
    app: &App,
    caller: &Caller,
    objection_id: i64,
    input: DecisionInput,
) -> Result<(), AppError> {
    require_runner(caller)?;
    let mut row = store::find_objection(&mut app.db.ex(), &caller.scope(), objection_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.outcome.is_some() {
        return Err(conflict("objection_decided"));
    }
    let outcome = ObjectionOutcome::parse(&input.outcome).ok_or_else(|| {
        AppError::invalid_detail("outcome", "unknown_outcome", input.outcome.trim())
    })?;
    let note = optional_text("note", input.note.as_deref(), 2_000)?;
    let now = app.now();
    row.outcome = Some(outcome.as_str().to_owned());
    row.note_cipher = note.map(|n| app.cipher.seal(&n, CTX_NOTE, row.id));
    row.handled_by = Some(caller.user_id);
    row.handled_at = Some(now);
    let mut tx = app.db.begin().await?;
    store::update_objection(&mut tx.ex(), &row).await?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&row.unit_code),
            detail: json!({"outcome": outcome.as_str()}),
            ..caller.entry("decide", "award_objection", row.id.to_string())
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// After the notice: the shortlisted nominees without an upheld objection are honoured, the
/// others not; every objection must have been decided first.
pub async fn finalize(app: &App, caller: &Caller, campaign_id: i64) -> Result<Finalized, AppError> {
    require_runner(caller)?;
    let mut campaign = campaign_row(app, caller, campaign_id).await?;
    if campaign.finalized_at.is_some() {
        return Err(conflict("already_finalized"));
    }
    let Some(until) = notice_until_of(&campaign) else {
        return Err(conflict("not_published"));
    };
    if notice_open(until, today(app)) {
        return Err(conflict("notice_open"));
    }
    let mut tx = app.db.begin().await?;
    if store::pending_objections(&mut tx.ex(), campaign_id).await? > 0 {
        return Err(conflict("objections_pending"));
    }
    let upheld = store::upheld(&mut tx.ex(), campaign_id).await?;
    let all = store::nominations(&mut tx.ex(), &caller.scope(), campaign_id).await?;
    let shortlisted = NominationStatus::Shortlisted.as_str();
    let (honoured, not_honoured): (Vec<i64>, Vec<i64>) = all.iter().map(|n| n.id).partition(|id| {
        let on_shortlist = all.iter().any(|n| n.id == *id && n.status == shortlisted);
        on_shortlist && !upheld.contains(id)
    });
    let now = app.now();
    campaign.finalized_at = Some(now);
    store::update_campaign(&mut tx.ex(), &campaign).await?;
    let h = store::set_status(
        &mut tx.ex(),
        campaign_id,
        &honoured,
        NominationStatus::Honoured.as_str(),
    )
    .await?;
    let n = store::set_status(
        &mut tx.ex(),
        campaign_id,
        &not_honoured,
        NominationStatus::NotHonoured.as_str(),
    )
    .await?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&campaign.unit_code),
            detail: json!({"honoured": honoured}),
            ..caller.entry("finalize", "award_campaign", campaign_id.to_string())
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Finalized {
        honoured: h,
        not_honoured: n,
    })
}

// ---- honours ----

/// The honours of a person of the caller's reach (404 outside it).
pub async fn honours_of_person(
    app: &App,
    caller: &Caller,
    person_id: i64,
) -> Result<Vec<Honour>, AppError> {
    if !caller.role.reads_people() {
        return Err(AppError::Forbidden);
    }
    let mut ex = app.db.ex();
    people::find(&mut ex, &caller.scope(), person_id)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .ok_or(AppError::NotFound)?;
    honours_of(&mut ex, Some(person_id), None).await
}

/// The honours of an enterprise (as public as its name: the district's employment roles).
pub async fn honours_of_enterprise(
    app: &App,
    caller: &Caller,
    enterprise_id: i64,
) -> Result<Vec<Honour>, AppError> {
    if !caller.role.works_employment() {
        return Err(AppError::Forbidden);
    }
    let mut ex = app.db.ex();
    employment::find_enterprise(&mut ex, enterprise_id)
        .await?
        .filter(|e| caller.scope().district_public().covers_code(&e.unit_code))
        .ok_or(AppError::NotFound)?;
    honours_of(&mut ex, None, Some(enterprise_id)).await
}

async fn honours_of(
    ex: &mut Exec<'_>,
    person_id: Option<i64>,
    enterprise_id: Option<i64>,
) -> Result<Vec<Honour>, AppError> {
    Ok(store::honours(ex, person_id, enterprise_id)
        .await?
        .into_iter()
        .map(|c| Honour {
            campaign_id: c.id,
            award: c.award,
            year: c.year,
            title: c.title,
        })
        .collect())
}

// ---- home ----

/// What a campaign waits for on the home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// Nominations close on `due` (for those who nominate).
    Nominations,
    /// The public notice ends on `due` (for the federation).
    Notice,
    /// The notice is over: decide the objections and make the honours final.
    Finalize,
}

#[derive(Debug, Clone)]
pub struct AwardTask {
    pub campaign: Campaign,
    pub waiting: Waiting,
    /// `YYYY-MM-DD`, empty when the campaign names no day.
    pub due: String,
}

/// The campaigns that wait for the caller, the nearest day first: for nominators, those whose
/// nominations are still open; for the federation, also those on notice and those to finalize.
pub async fn tasks_for_home(app: &App, caller: &Caller) -> Result<Vec<AwardTask>, AppError> {
    let runs = caller.role.runs_award_campaigns();
    let mut tasks: Vec<AwardTask> = list_campaigns(app, caller)
        .await?
        .into_iter()
        .filter_map(|c| {
            let (waiting, due) = match c.stage {
                Stage::Nominating => (Waiting::Nominations, c.nominations_until.clone()),
                Stage::Notice if runs => (Waiting::Notice, c.notice_until.clone()),
                Stage::NoticeEnded if runs => (Waiting::Finalize, c.notice_until.clone()),
                _ => return None,
            };
            Some(AwardTask {
                campaign: c,
                waiting,
                due: due.unwrap_or_default(),
            })
        })
        .collect();
    // Past notices to finalize first, then by the nearest day; campaigns without a day last.
    tasks.sort_by_key(|t| {
        (
            t.waiting != Waiting::Finalize,
            t.due.is_empty(),
            t.due.clone(),
        )
    });
    Ok(tasks)
}

// ---- materials ----

const CTX_MATERIAL: &str = "award.material";

/// A file of a nomination as its readers see it: its name opened.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = AwardMaterial)]
pub struct Material {
    pub id: i64,
    pub nomination_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: i64,
}

fn material_place(app: &App, m: &MaterialRow) -> Place {
    Place::of(app, "awards", CTX_MATERIAL, m.nomination_id, m.id)
}

fn material_of(app: &App, m: MaterialRow) -> Result<Material, AppError> {
    let file_name = material_place(app, &m).open_name(app, &m.file_name)?;
    Ok(Material {
        id: m.id,
        nomination_id: m.nomination_id,
        file_name,
        content_type: m.content_type,
        size: m.size,
        uploaded_at: m.uploaded_at,
    })
}

async fn nomination_row(app: &App, caller: &Caller, id: i64) -> Result<NominationRow, AppError> {
    require_nominator(caller)?;
    store::find_nomination(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds a file to a nomination of the caller's subtree while the campaign still takes
/// nominations; it is kept encrypted, its name sealed.
pub async fn add_material(
    app: &App,
    caller: &Caller,
    nomination_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<Material, AppError> {
    let nomination = nomination_row(app, caller, nomination_id).await?;
    let campaign = campaign_row(app, caller, nomination.campaign_id).await?;
    if campaign.notice_key.is_some() {
        return Err(conflict("campaign_published"));
    }
    let upload = Upload::check(file_name, bytes)?;
    let now = app.now();
    let mut row = MaterialRow {
        id: app.ids.next(now),
        nomination_id,
        campaign_id: campaign.id,
        unit_code: nomination.unit_code.clone(),
        file_name: String::new(),
        content_type: upload.content_type.to_owned(),
        size: upload.size(),
        sha256: upload.sha256.clone(),
        uploaded_by: Some(caller.user_id),
        uploaded_at: now,
    };
    let place = material_place(app, &row);
    row.file_name = place.seal_name(app, &upload.file_name);
    let save = async {
        let mut tx = app.db.begin().await?;
        store::insert_material(&mut tx.ex(), &row).await?;
        audit::append(
            app,
            &mut tx.ex(),
            Entry {
                unit_code: Some(&row.unit_code),
                detail: json!({ "material_id": row.id, "size": row.size }),
                ..caller.entry("attach", "award_nomination", nomination_id.to_string())
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    };
    place.keep(app, &upload.bytes, save).await?;
    material_of(app, row)
}

/// The materials of nominations of the caller's subtree.
pub async fn materials(
    app: &App,
    caller: &Caller,
    nomination_ids: &[i64],
) -> Result<Vec<Material>, AppError> {
    require_nominator(caller)?;
    store::materials(&mut app.db.ex(), &caller.scope(), nomination_ids)
        .await?
        .into_iter()
        .map(|m| material_of(app, m))
        .collect()
}

/// A material's name, type and original bytes (checksum verified); each read is audited.
pub async fn read_material(
    app: &App,
    caller: &Caller,
    nomination_id: i64,
    material_id: i64,
) -> Result<(Material, Vec<u8>), AppError> {
    let nomination = nomination_row(app, caller, nomination_id).await?;
    let row = store::materials(&mut app.db.ex(), &caller.scope(), &[nomination_id])
        .await?
        .into_iter()
        .find(|m| m.id == material_id)
        .ok_or(AppError::NotFound)?;
    let bytes = material_place(app, &row).read(app, &row.sha256).await?;
    audit::record(
        app,
        Entry {
            unit_code: Some(&nomination.unit_code),
            detail: json!({ "material_id": material_id }),
            ..caller.entry("download", "award_nomination", nomination_id.to_string())
        },
        app.now(),
    )
    .await?;
    Ok((material_of(app, row)?, bytes))
}
