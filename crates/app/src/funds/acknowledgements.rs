//! Acknowledgements: the files of an entry (a recipient's receipt of a transfer), sealed at rest.

use super::*;
use crate::sealed_files::{keep_upload, kept_file, read_kept, KeptFile};

kept_file!(FileRow in "funds", "fund_entry.file", owner entry_id of "fund_entry",
    id_key "file_id", insert store::insert_file);

pub(super) fn acknowledgement_of(app: &App, f: FileRow) -> Result<Acknowledgement, AppError> {
    let file_name = f.file_name(app)?;
    Ok(Acknowledgement {
        id: f.id,
        entry_id: f.entry_id,
        file_name,
        content_type: f.content_type,
        size: f.size,
        uploaded_at: f.uploaded_at,
    })
}

/// Attaches a recipient's acknowledgement (回执: a scan, a letter) to an entry; kept encrypted.
pub async fn add_acknowledgement(
    app: &App,
    caller: &Caller,
    entry_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<Acknowledgement, AppError> {
    let entry = store::find_entry(&mut app.db.ex(), &caller.scope(), entry_id)
        .await?
        .ok_or(AppError::NotFound)?;
    require_keeper(caller)?;
    let upload = Upload::check(file_name, bytes)?;
    let now = app.now();
    let id = app.ids.next(now);
    let row = FileRow {
        id,
        entry_id,
        unit_code: entry.unit_code.clone(),
        file_name: upload.sealed_name::<FileRow>(app, entry_id, id),
        content_type: upload.content_type.to_owned(),
        size: upload.size(),
        sha256: upload.sha256.clone(),
        uploaded_by: caller.author(),
        uploaded_at: now,
    };
    keep_upload(app, caller, &row, &upload, &row.unit_code, now).await?;
    acknowledgement_of(app, row)
}

pub async fn acknowledgements(
    app: &App,
    caller: &Caller,
    entry_id: i64,
) -> Result<Vec<Acknowledgement>, AppError> {
    store::find_entry(&mut app.db.ex(), &caller.scope(), entry_id)
        .await?
        .ok_or(AppError::NotFound)?;
    require_keeper(caller)?;
    store::files(&mut app.db.ex(), &caller.scope(), &[entry_id])
        .await?
        .into_iter()
        .map(|f| acknowledgement_of(app, f))
        .collect()
}

/// One acknowledgement's file (checksum verified); each read audited.
pub async fn read_acknowledgement(
    app: &App,
    caller: &Caller,
    entry_id: i64,
    file_id: i64,
) -> Result<(Acknowledgement, Vec<u8>), AppError> {
    require_keeper(caller)?;
    let row = store::files(&mut app.db.ex(), &caller.scope(), &[entry_id])
        .await?
        .into_iter()
        .find(|f| f.id == file_id)
        .ok_or(AppError::NotFound)?;
    let bytes = read_kept(app, caller, &row, &row.unit_code).await?;
    Ok((acknowledgement_of(app, row)?, bytes))
}
