//! Awards (评选表彰): campaigns, nominations, votes and objections. A campaign is seen by those
//! whose unit it was run for (its unit and the units above and below it); a nomination, a vote's
//! nomination and an objection carry the nominating unit, and every read of them takes the
//! caller's scope. Deeds, objections' texts and contacts and handling notes arrive sealed.

use crate::record::{self, fetch_rows, select_sql, Record};
use crate::schema::tables::{
    AwardCampaigns, AwardMaterials, AwardNominations, AwardObjections, AwardVotes,
};
use crate::{sql, DbError, Exec};
use jinguo_domain::Scope;
use sea_query::OnConflict;

record! {
    pub struct CampaignRow in AwardCampaigns {
        pub id: i64,
        /// An award code (domain::awards::Award).
        pub award: String,
        pub year: i32,
        pub title: String,
        /// The unit that runs it: its nominations come from this unit's subtree.
        pub unit_code: String,
        /// `{"UNIT_CODE": N, …}`
        pub quotas: String,
        /// Working days of the public notice.
        pub notice_days: i32,
        /// `YYYY-MM-DD`: the last day units may nominate.
        pub nominations_until: Option<String>,
        /// The public notice's key (`/public/notices/{key}`), set when published.
        pub notice_key: Option<String>,
        pub published_on: Option<String>,
        /// The notice's last day.
        pub notice_until: Option<String>,
        pub finalized_at: Option<i64>,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct NominationRow in AwardNominations {
        pub id: i64,
        pub campaign_id: i64,
        /// The nominating unit (a street or a community, or the campaign's own unit).
        pub unit_code: String,
        pub person_id: Option<i64>,
        pub enterprise_id: Option<i64>,
        /// Sealed (`award_nomination.deeds`).
        pub deeds_cipher: Vec<u8>,
        /// domain::awards::NominationStatus
        pub status: String,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct VoteRow in AwardVotes {
        pub id: i64,
        pub campaign_id: i64,
        pub nomination_id: i64,
        pub reviewer_id: i64,
        pub vote: String,
        pub voted_at: i64,
    }
}

record! {
    pub struct ObjectionRow in AwardObjections {
        pub id: i64,
        pub campaign_id: i64,
        pub nomination_id: i64,
        /// The nomination's unit: the objection's scope.
        pub unit_code: String,
        /// Sealed (`award_objection.text`).
        pub text_cipher: Vec<u8>,
        /// Sealed (`award_objection.contact`): how the objector may be answered, if she said.
        pub contact_cipher: Option<Vec<u8>>,
        pub received_at: i64,
        pub outcome: Option<String>,
        /// Sealed (`award_objection.note`).
        pub note_cipher: Option<Vec<u8>>,
        pub handled_by: Option<i64>,
        pub handled_at: Option<i64>,
    }
}

record! {
    pub struct MaterialRow in AwardMaterials {
        pub id: i64,
        pub nomination_id: i64,
        pub campaign_id: i64,
        /// The nomination's unit: the file's scope.
        pub unit_code: String,
        /// Sealed (base64), bound to the file.
        pub file_name: String,
        pub content_type: String,
        pub size: i64,
        pub sha256: String,
        pub uploaded_by: Option<i64>,
        pub uploaded_at: i64,
    }
}

// ---- campaigns ----

pub async fn insert_campaign(ex: &mut Exec<'_>, row: &CampaignRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn update_campaign(ex: &mut Exec<'_>, row: &CampaignRow) -> Result<(), DbError> {
    record::update(ex, row).await
}

/// A campaign the scope sees: its own subtree's, or one of the units above it.
pub async fn find_campaign(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<CampaignRow>, DbError> {
    record::find_in_scope_or_above(ex, scope, id).await
}

/// A published campaign by its notice's key: the public page's only way in.
pub async fn find_campaign_by_key(
    ex: &mut Exec<'_>,
    key: &str,
) -> Result<Option<CampaignRow>, DbError> {
    record::find_by(ex, &[("notice_key", key.into())]).await
}

/// The campaigns a scope sees, the latest year first.
pub async fn campaigns(ex: &mut Exec<'_>, scope: &Scope) -> Result<Vec<CampaignRow>, DbError> {
    // Its own subtree's campaigns and those of the units above it (the district's campaign is
    // every street's to nominate for).
    let (filter, values) = record::in_scope_or_above(scope, "unit_code", 1);
    let q = sql(format!(
        "{} WHERE {filter} ORDER BY year DESC, id DESC",
        select_sql::<CampaignRow>()
    ));
    fetch_rows(ex, record::bind_all(q, values), CampaignRow::read).await
}

// ---- nominations ----

pub async fn insert_nomination(ex: &mut Exec<'_>, row: &NominationRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

/// The nominations of a campaign inside the scope, in the order they were made.
pub async fn nominations(
    ex: &mut Exec<'_>,
    scope: &Scope,
    campaign_id: i64,
) -> Result<Vec<NominationRow>, DbError> {
    record::rows_where_in_scope(ex, scope, "campaign_id", campaign_id, "id").await
}

/// The nominating units of every nomination of a campaign: what the quotas count, whoever asks
/// (a street's quota is counted whichever of its communities nominated).
pub async fn nominating_units(ex: &mut Exec<'_>, campaign_id: i64) -> Result<Vec<String>, DbError> {
    let q = sql("SELECT unit_code FROM award_nominations WHERE campaign_id = $1").bind(campaign_id);
    fetch_rows(ex, q, |r| r.get("unit_code")).await
}

/// Sets the status of nominations of a campaign.
pub async fn set_status(
    ex: &mut Exec<'_>,
    campaign_id: i64,
    ids: &[i64],
    status: &str,
) -> Result<u64, DbError> {
    if ids.is_empty() {
        return Ok(0);
    }
    let q = sql(format!(
        "UPDATE award_nominations SET status = $1 WHERE campaign_id = $2 AND id IN ({})",
        record::in_list(ids)
    ))
    .bind(status)
    .bind(campaign_id);
    ex.execute(q).await
}

/// The honours a person or an enterprise received: nominations finally honoured, with their
/// campaign, the latest first.
pub async fn honours(
    ex: &mut Exec<'_>,
    person_id: Option<i64>,
    enterprise_id: Option<i64>,
) -> Result<Vec<CampaignRow>, DbError> {
    let Some((column, id)) = record::person_or_enterprise(person_id, enterprise_id) else {
        return Ok(Vec::new());
    };
    let columns: Vec<String> = CampaignRow::COLUMNS
        .iter()
        .map(|c| format!("c.{c}"))
        .collect();
    let q = sql(format!(
        "SELECT {} FROM award_campaigns c JOIN award_nominations n ON n.campaign_id = c.id \
         WHERE n.{column} = $1 AND n.status = 'honoured' ORDER BY c.year DESC, c.id DESC",
        columns.join(", ")
    ))
    .bind(id);
    fetch_rows(ex, q, CampaignRow::read).await
}

// ---- votes ----

/// Records a reviewer's vote; voting again on the same nomination changes it.
pub async fn put_vote(ex: &mut Exec<'_>, row: &VoteRow) -> Result<(), DbError> {
    let conflict = OnConflict::columns([AwardVotes::NominationId, AwardVotes::ReviewerId])
        .update_columns([AwardVotes::Vote, AwardVotes::VotedAt])
        .to_owned();
    record::insert_batch(ex, std::slice::from_ref(row), Some(conflict)).await?;
    Ok(())
}

pub async fn votes(ex: &mut Exec<'_>, campaign_id: i64) -> Result<Vec<VoteRow>, DbError> {
    record::rows_where(ex, "campaign_id", campaign_id, "nomination_id, id").await
}

// ---- objections ----

pub async fn insert_objection(ex: &mut Exec<'_>, row: &ObjectionRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn update_objection(ex: &mut Exec<'_>, row: &ObjectionRow) -> Result<(), DbError> {
    record::update(ex, row).await
}

pub async fn find_objection(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<ObjectionRow>, DbError> {
    record::find_in(ex, scope, id).await
}

/// The objections to a campaign's nominations inside the scope, as they came in.
pub async fn objections(
    ex: &mut Exec<'_>,
    scope: &Scope,
    campaign_id: i64,
) -> Result<Vec<ObjectionRow>, DbError> {
    record::rows_where_in_scope(ex, scope, "campaign_id", campaign_id, "id").await
}

/// How many objections to a campaign nobody has decided yet (all units: finalizing waits for
/// every one).
pub async fn pending_objections(ex: &mut Exec<'_>, campaign_id: i64) -> Result<i64, DbError> {
    ex.fetch_scalar(
        sql("SELECT COUNT(*) FROM award_objections WHERE campaign_id = $1 AND outcome IS NULL")
            .bind(campaign_id),
    )
    .await
}

/// The nominations of a campaign with an upheld objection.
pub async fn upheld(ex: &mut Exec<'_>, campaign_id: i64) -> Result<Vec<i64>, DbError> {
    let q = sql(
        "SELECT DISTINCT nomination_id FROM award_objections WHERE campaign_id = $1 AND outcome = 'upheld'",
    )
    .bind(campaign_id);
    fetch_rows(ex, q, |r| r.get("nomination_id")).await
}

/// The shortlisted nominations of a published campaign, whoever reads the notice.
pub async fn shortlist(ex: &mut Exec<'_>, campaign_id: i64) -> Result<Vec<NominationRow>, DbError> {
    let q = sql(format!(
        "{} WHERE campaign_id = $1 AND status IN ('shortlisted', 'honoured') ORDER BY unit_code, id",
        select_sql::<NominationRow>()
    ))
    .bind(campaign_id);
    fetch_rows(ex, q, NominationRow::read).await
}

// ---- materials ----

pub async fn insert_material(ex: &mut Exec<'_>, row: &MaterialRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

/// The materials of nominations inside the scope, oldest first.
pub async fn materials(
    ex: &mut Exec<'_>,
    scope: &Scope,
    nomination_ids: &[i64],
) -> Result<Vec<MaterialRow>, DbError> {
    record::rows_in_scope(
        ex,
        scope,
        "nomination_id",
        nomination_ids,
        "nomination_id, id",
    )
    .await
}

/// One nomination of the scope.
pub async fn find_nomination(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<NominationRow>, DbError> {
    record::find_in(ex, scope, id).await
}
