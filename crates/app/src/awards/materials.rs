//! Materials: the files of a nomination, kept encrypted, their names sealed.

use super::*;
use crate::sealed_files::{keep_upload, kept_file, read_kept, KeptFile};

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

kept_file!(MaterialRow in "awards", "award.material", owner nomination_id of "award_nomination",
    id_key "material_id", insert store::insert_material);

fn material_of(app: &App, m: MaterialRow) -> Result<Material, AppError> {
    let file_name = m.file_name(app)?;
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
    let id = app.ids.next(now);
    let row = MaterialRow {
        id,
        nomination_id,
        campaign_id: campaign.id,
        unit_code: nomination.unit_code.clone(),
        file_name: upload.sealed_name::<MaterialRow>(app, nomination_id, id),
        content_type: upload.content_type.to_owned(),
        size: upload.size(),
        sha256: upload.sha256.clone(),
        uploaded_by: Some(caller.user_id),
        uploaded_at: now,
    };
    keep_upload(app, caller, &row, &upload, &row.unit_code, now).await?;
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
    let bytes = read_kept(app, caller, &row, &nomination.unit_code).await?;
    Ok((material_of(app, row)?, bytes))
}
