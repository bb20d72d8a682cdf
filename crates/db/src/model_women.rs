//! Model women (典型): profiles, their publications and photos. Every row carries the profile's
//! unit (the woman's, or her enterprise's), and every read takes the caller's scope. Stories
//! arrive sealed; photos' names sealed beside the encrypted files.

use crate::record::{self, fetch_rows, select_sql, Record};
use crate::schema::tables::{ModelWomanPhotos, ModelWomanPublications, ModelWomen};
use crate::{sql, DbError, Exec};
use jinguo_domain::{Scope, UnitRange};

record! {
    pub struct ProfileRow in ModelWomen {
        pub id: i64,
        pub unit_code: String,
        pub person_id: Option<i64>,
        pub enterprise_id: Option<i64>,
        /// A line for lists (e.g. 返乡创业带动三十户脱贫), not personal data.
        pub headline: String,
        /// Sealed (`model_woman.story`).
        pub story_cipher: Vec<u8>,
        pub created_by: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
    }
}

record! {
    pub struct PublicationRow in ModelWomanPublications {
        pub id: i64,
        pub profile_id: i64,
        pub unit_code: String,
        /// domain::model_women::Channel
        pub channel: String,
        /// The newspaper, programme, site or account, or the meeting's title.
        pub outlet: String,
        /// `YYYY-MM-DD`
        pub published_on: String,
        /// The exchange meeting or showcase where she told it.
        pub event_id: Option<i64>,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct PhotoRow in ModelWomanPhotos {
        pub id: i64,
        pub profile_id: i64,
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

pub async fn insert_profile(ex: &mut Exec<'_>, row: &ProfileRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn update_profile(ex: &mut Exec<'_>, row: &ProfileRow) -> Result<(), DbError> {
    record::update(ex, row).await
}

/// One profile of the scope.
pub async fn find_profile(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<ProfileRow>, DbError> {
    record::find_in(ex, scope, id).await
}

/// The profiles of the scope (narrowed to a unit's subtree when asked), the latest changed
/// first, and how many there are.
pub async fn profiles(
    ex: &mut Exec<'_>,
    scope: &Scope,
    within: Option<&UnitRange>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ProfileRow>, i64), DbError> {
    let range = match within {
        Some(narrow) => scope.unit_range().intersect(narrow),
        None => scope.unit_range(),
    };
    let q = sql(format!(
        "{} WHERE unit_code BETWEEN $1 AND $2 ORDER BY updated_at DESC, id DESC LIMIT $3 OFFSET $4",
        select_sql::<ProfileRow>()
    ))
    .bind(range.lo())
    .bind(range.hi())
    .bind(limit)
    .bind(offset);
    let rows = fetch_rows(ex, q, ProfileRow::read).await?;
    let total = ex
        .fetch_scalar(
            sql("SELECT COUNT(*) FROM model_women WHERE unit_code BETWEEN $1 AND $2")
                .bind(range.lo())
                .bind(range.hi()),
        )
        .await?;
    Ok((rows, total))
}

/// The profile of a person or of an enterprise, when the scope holds it.
pub async fn profile_of(
    ex: &mut Exec<'_>,
    scope: &Scope,
    person_id: Option<i64>,
    enterprise_id: Option<i64>,
) -> Result<Option<ProfileRow>, DbError> {
    match record::person_or_enterprise(person_id, enterprise_id) {
        Some((column, id)) => record::find_by_in_scope(ex, scope, &[(column, id.into())]).await,
        None => Ok(None),
    }
}

pub async fn insert_publication(ex: &mut Exec<'_>, row: &PublicationRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

/// A profile's publications, the latest first.
pub async fn publications(
    ex: &mut Exec<'_>,
    profile_id: i64,
) -> Result<Vec<PublicationRow>, DbError> {
    record::rows_where(ex, "profile_id", profile_id, "published_on DESC, id DESC").await
}

pub async fn insert_photo(ex: &mut Exec<'_>, row: &PhotoRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

/// A profile's photos, as they were added.
pub async fn photos(ex: &mut Exec<'_>, profile_id: i64) -> Result<Vec<PhotoRow>, DbError> {
    record::rows_where(ex, "profile_id", profile_id, "id").await
}
