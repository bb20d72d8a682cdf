//! Model women (典型引路): the federation and the streets and communities keep a profile of each
//! woman whose story they publicize — a woman of the registry, or the entrepreneur behind an
//! enterprise of the employment register — with her story (sealed: it tells of her life),
//! photos kept encrypted like a case's attachments, and every time the story ran: a newspaper,
//! television, the website, WeChat, or the federation's own experience-exchange meetings and
//! showcases, which are events of their own kinds.
//!
//! A profile belongs to the unit of its woman (or enterprise) and is seen and changed inside
//! that unit's subtree only; everything else is as absent as a missing record (404).

use crate::audit;
use crate::auth::Caller;
use crate::cases::{choice, date, text};
use crate::error::OnUnique;
use crate::people::undecryptable;
use crate::sealed_files::{keep_upload, kept_file, read_kept, KeptFile, Upload};
use crate::{App, AppError};
use jinguo_db::model_women::{self as store, PhotoRow, ProfileRow, PublicationRow};
use jinguo_db::{employment, people, Exec};
use jinguo_domain::model_women::{Channel, Subject};
use jinguo_domain::{UnitCode, UnitRange};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

const CTX_STORY: &str = "model_woman.story";
const MAX_STORY_CHARS: usize = 20_000;
const MAX_HEADLINE_CHARS: usize = 200;

/// A profile as the API takes it (`NewModelWoman`): one of `person_id` or `enterprise_id`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewModelWoman)]
pub struct ProfileInput {
    pub person_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    /// One line for lists and cards (e.g. 返乡创业，带动三十户增收).
    pub headline: String,
    pub story: String,
}

/// A change of a profile's words (`ModelWomanChanges`); what is left out stays.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = ModelWomanChanges)]
pub struct ProfileChanges {
    pub headline: Option<String>,
    pub story: Option<String>,
}

/// A publication of her story (`NewModelWomanPublication`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewModelWomanPublication)]
pub struct PublicationInput {
    /// newspaper, television, website, wechat, exchange_meeting, showcase
    pub channel: String,
    /// The paper, programme, site or account; for a meeting, left empty, the event's title.
    #[serde(default)]
    pub outlet: String,
    /// `YYYY-MM-DD`; for a meeting, left empty, the event's date.
    #[serde(default)]
    pub published_on: String,
    /// The exchange meeting or showcase (an event of that kind) where she told it.
    pub event_id: Option<i64>,
}

/// A profile as its readers see it: the story opened, the subject named.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModelWoman {
    pub id: i64,
    pub unit_code: String,
    pub person_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    /// The woman's name, or the enterprise's.
    pub name: String,
    pub headline: String,
    pub story: String,
    pub updated_at: i64,
}

/// A line of the list: no story.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModelWomanLine {
    pub id: i64,
    pub unit_code: String,
    pub person_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub name: String,
    pub headline: String,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ModelWomanPublication)]
pub struct Publication {
    pub id: i64,
    pub profile_id: i64,
    pub channel: String,
    pub outlet: String,
    pub published_on: String,
    pub event_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ModelWomanPhoto)]
pub struct Photo {
    pub id: i64,
    pub profile_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: i64,
}

fn require_publicist(caller: &Caller) -> Result<(), AppError> {
    if caller.role.publicizes_model_women() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Audits a step of a profile (`create`, `update`) inside the step's transaction.
async fn audit_profile(
    app: &App,
    ex: &mut Exec<'_>,
    caller: &Caller,
    row: &ProfileRow,
    action: &str,
    now: i64,
) -> Result<(), AppError> {
    let entry = caller
        .entry(action, "model_woman", row.id.to_string())
        .in_unit(&row.unit_code);
    audit::append(app, ex, entry, now).await?;
    Ok(())
}

async fn profile_row(app: &App, caller: &Caller, id: i64) -> Result<ProfileRow, AppError> {
    require_publicist(caller)?;
    store::find_profile(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn name_of(ex: &mut Exec<'_>, row: &ProfileRow) -> Result<String, AppError> {
    Ok(match (row.person_id, row.enterprise_id) {
        (Some(p), _) => people::names(ex, &[p])
            .await?
            .into_iter()
            .next()
            .map(|(_, n)| n)
            .unwrap_or_default(),
        (None, Some(e)) => employment::find_enterprise(ex, e)
            .await?
            .map(|e| e.name)
            .unwrap_or_default(),
        (None, None) => String::new(),
    })
}

/// A profile as its readers see it: its subject named, its story opened.
async fn shown(app: &App, row: ProfileRow) -> Result<ModelWoman, AppError> {
    let name = name_of(&mut app.db.ex(), &row).await?;
    model_woman_of(app, row, name)
}

fn model_woman_of(app: &App, row: ProfileRow, name: String) -> Result<ModelWoman, AppError> {
    let story = app
        .cipher
        .open(&row.story_cipher, CTX_STORY, row.id)
        .map_err(undecryptable)?;
    Ok(ModelWoman {
        id: row.id,
        unit_code: row.unit_code,
        person_id: row.person_id,
        enterprise_id: row.enterprise_id,
        name,
        headline: row.headline,
        story,
        updated_at: row.updated_at,
    })
}

/// The unit the profile belongs to: a woman of the caller's subtree, or an enterprise of it
/// whose entrepreneur the story is about.
async fn subject_unit(
    app: &App,
    caller: &Caller,
    input: &ProfileInput,
) -> Result<String, AppError> {
    let subject = Subject::of(input.person_id, input.enterprise_id)
        .map_err(|e| AppError::invalid(e.field(), e.code()))?;
    let mut ex = app.db.ex();
    match subject {
        Subject::Person(id) => {
            let person = people::find(&mut ex, &caller.scope(), id)
                .await?
                .filter(|p| p.deleted_at.is_none())
                .ok_or_else(|| {
                    AppError::invalid_detail("person_id", "unknown_person", id.to_string())
                })?;
            if person.sex != "female" {
                return Err(AppError::invalid("person_id", "model_woman_is_a_woman"));
            }
            Ok(person.unit_code)
        }
        Subject::Enterprise(id) => employment::find_enterprise(&mut ex, id)
            .await?
            .filter(|e| caller.scope().covers_code(&e.unit_code))
            .map(|e| e.unit_code)
            .ok_or_else(|| {
                AppError::invalid_detail("enterprise_id", "unknown_enterprise", id.to_string())
            }),
    }
}

pub async fn create(
    app: &App,
    caller: &Caller,
    input: ProfileInput,
) -> Result<ModelWoman, AppError> {
    require_publicist(caller)?;
    let unit_code = subject_unit(app, caller, &input).await?;
    let headline = text("headline", &input.headline, MAX_HEADLINE_CHARS)?;
    let story = text("story", &input.story, MAX_STORY_CHARS)?;
    let now = app.now();
    let id = app.ids.next(now);
    let row = ProfileRow {
        id,
        unit_code,
        person_id: input.person_id,
        enterprise_id: input.enterprise_id,
        headline,
        story_cipher: app.cipher.seal(&story, CTX_STORY, id),
        created_by: Some(caller.user_id),
        created_at: now,
        updated_at: now,
    };
    let field = if row.person_id.is_some() {
        "person_id"
    } else {
        "enterprise_id"
    };
    let mut tx = app.db.begin().await?;
    store::insert_profile(&mut tx.ex(), &row)
        .await
        .on_unique("already_profiled", field)?;
    audit_profile(app, &mut tx.ex(), caller, &row, "create", now).await?;
    tx.commit().await?;
    shown(app, row).await
}

/// A profile of the caller's subtree, its story opened (the read is audited: the story tells
/// of a person's life).
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<ModelWoman, AppError> {
    let row = profile_row(app, caller, id).await?;
    let entry = caller
        .entry("read", "model_woman", id.to_string())
        .in_unit(&row.unit_code);
    audit::record(app, entry, app.now()).await?;
    shown(app, row).await
}

/// Changes the headline or the story, in one transaction with its audit entry.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: i64,
    changes: ProfileChanges,
) -> Result<ModelWoman, AppError> {
    let mut row = profile_row(app, caller, id).await?;
    if let Some(headline) = changes.headline.as_deref() {
        row.headline = text("headline", headline, MAX_HEADLINE_CHARS)?;
    }
    if let Some(story) = changes.story.as_deref() {
        let story = text("story", story, MAX_STORY_CHARS)?;
        row.story_cipher = app.cipher.seal(&story, CTX_STORY, id);
    }
    let now = app.now();
    row.updated_at = now;
    let mut tx = app.db.begin().await?;
    store::update_profile(&mut tx.ex(), &row).await?;
    audit_profile(app, &mut tx.ex(), caller, &row, "update", now).await?;
    tx.commit().await?;
    shown(app, row).await
}

/// The profiles of the caller's subtree, the latest changed first, and how many there are.
pub async fn list(
    app: &App,
    caller: &Caller,
    unit_code: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<ModelWomanLine>, i64), AppError> {
    require_publicist(caller)?;
    let within = match crate::given(unit_code) {
        Some(raw) => Some(UnitRange::subtree(&UnitCode::parse(raw).map_err(|_| {
            AppError::invalid_detail("unit_code", "unknown_unit", raw)
        })?)),
        None => None,
    };
    let (per_page, offset) = (per_page as i64, (page.max(1) - 1) as i64 * per_page as i64);
    let mut ex = app.db.ex();
    let (rows, total) =
        store::profiles(&mut ex, &caller.scope(), within.as_ref(), per_page, offset).await?;
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let name = name_of(&mut ex, &row).await?;
        lines.push(ModelWomanLine {
            id: row.id,
            unit_code: row.unit_code,
            person_id: row.person_id,
            enterprise_id: row.enterprise_id,
            name,
            headline: row.headline,
            updated_at: row.updated_at,
        });
    }
    Ok((lines, total))
}

/// The profile of a person of the caller's reach, if she has one (for her page).
pub async fn of_person(
    app: &App,
    caller: &Caller,
    person_id: i64,
) -> Result<Option<ModelWomanLine>, AppError> {
    if !caller.role.publicizes_model_women() {
        return Ok(None);
    }
    let mut ex = app.db.ex();
    let Some(row) = store::profile_of(&mut ex, &caller.scope(), Some(person_id), None).await?
    else {
        return Ok(None);
    };
    Ok(Some(ModelWomanLine {
        name: name_of(&mut ex, &row).await?,
        id: row.id,
        unit_code: row.unit_code,
        person_id: row.person_id,
        enterprise_id: row.enterprise_id,
        headline: row.headline,
        updated_at: row.updated_at,
    }))
}

// ---- publications ----

fn publication_of(row: PublicationRow) -> Publication {
    Publication {
        id: row.id,
        profile_id: row.profile_id,
        channel: row.channel,
        outlet: row.outlet,
        published_on: row.published_on,
        event_id: row.event_id,
    }
}

/// The event a telling at a meeting names: one of the channel's kind the caller can see.
async fn meeting(
    app: &App,
    caller: &Caller,
    channel: Channel,
    event_id: Option<i64>,
) -> Result<Option<jinguo_db::employment::EventRow>, AppError> {
    let Some(kind) = channel.event_kind() else {
        return match event_id {
            Some(_) => Err(AppError::invalid("event_id", "event_not_for_channel")),
            None => Ok(None),
        };
    };
    let Some(id) = event_id else {
        return Ok(None);
    };
    let unknown = || AppError::invalid_detail("event_id", "unknown_event", id.to_string());
    let event = employment::find_event(&mut app.db.ex(), id)
        .await?
        .filter(|e| caller.scope().district_public().covers_code(&e.unit_code))
        .ok_or_else(unknown)?;
    if event.kind != kind.as_str() {
        return Err(AppError::invalid("event_id", "event_not_for_channel"));
    }
    Ok(Some(event))
}

pub async fn add_publication(
    app: &App,
    caller: &Caller,
    profile_id: i64,
    input: PublicationInput,
) -> Result<Publication, AppError> {
    let profile = profile_row(app, caller, profile_id).await?;
    let channel = choice("channel", &input.channel, |c| Channel::parse(c.trim()))?;
    let event = meeting(app, caller, channel, input.event_id).await?;
    let outlet = match (&event, input.outlet.trim()) {
        (Some(e), "") => e.title.clone(),
        (_, outlet) => text("outlet", outlet, 200)?,
    };
    let published_on = match (&event, input.published_on.trim()) {
        (Some(e), "") => e.held_on.clone(),
        (_, on) => date("published_on", on)?,
    };
    let now = app.now();
    let row = PublicationRow {
        id: app.ids.next(now),
        profile_id,
        unit_code: profile.unit_code.clone(),
        channel: channel.as_str().to_owned(),
        outlet,
        published_on,
        event_id: event.map(|e| e.id),
        created_by: Some(caller.user_id),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_publication(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("publish", "model_woman", profile_id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({ "publication_id": row.id, "channel": row.channel }));
    audit::commit(app, tx, entry, now).await?;
    Ok(publication_of(row))
}

pub async fn publications(
    app: &App,
    caller: &Caller,
    profile_id: i64,
) -> Result<Vec<Publication>, AppError> {
    profile_row(app, caller, profile_id).await?;
    Ok(store::publications(&mut app.db.ex(), profile_id)
        .await?
        .into_iter()
        .map(publication_of)
        .collect())
}

// ---- photos ----

kept_file!(PhotoRow in "model_women", "model_woman.photo", owner profile_id of "model_woman",
    id_key "photo_id", insert store::insert_photo);

fn photo_of(app: &App, p: PhotoRow) -> Result<Photo, AppError> {
    let file_name = p.file_name(app)?;
    Ok(Photo {
        id: p.id,
        profile_id: p.profile_id,
        file_name,
        content_type: p.content_type,
        size: p.size,
        uploaded_at: p.uploaded_at,
    })
}

/// Adds a photo (JPEG or PNG), kept encrypted, its name sealed.
pub async fn add_photo(
    app: &App,
    caller: &Caller,
    profile_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<Photo, AppError> {
    let profile = profile_row(app, caller, profile_id).await?;
    let upload = Upload::check_image(file_name, bytes)?;
    let now = app.now();
    let id = app.ids.next(now);
    let row = PhotoRow {
        id,
        profile_id,
        unit_code: profile.unit_code.clone(),
        file_name: upload.sealed_name::<PhotoRow>(app, profile_id, id),
        content_type: upload.content_type.to_owned(),
        size: upload.size(),
        sha256: upload.sha256.clone(),
        uploaded_by: Some(caller.user_id),
        uploaded_at: now,
    };
    keep_upload(app, caller, &row, &upload, &row.unit_code, now).await?;
    photo_of(app, row)
}

pub async fn photos(app: &App, caller: &Caller, profile_id: i64) -> Result<Vec<Photo>, AppError> {
    profile_row(app, caller, profile_id).await?;
    store::photos(&mut app.db.ex(), profile_id)
        .await?
        .into_iter()
        .map(|p| photo_of(app, p))
        .collect()
}

/// A photo's bytes (checksum verified); each read is audited.
pub async fn read_photo(
    app: &App,
    caller: &Caller,
    profile_id: i64,
    photo_id: i64,
) -> Result<(Photo, Vec<u8>), AppError> {
    let profile = profile_row(app, caller, profile_id).await?;
    let row = store::photos(&mut app.db.ex(), profile_id)
        .await?
        .into_iter()
        .find(|p| p.id == photo_id)
        .ok_or(AppError::NotFound)?;
    let bytes = read_kept(app, caller, &row, &profile.unit_code).await?;
    Ok((photo_of(app, row)?, bytes))
}
