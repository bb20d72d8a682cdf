//! Materials: the files of a nomination, kept encrypted, their names sealed.

use super::*;

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
