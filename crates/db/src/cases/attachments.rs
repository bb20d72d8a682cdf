//! Attachments of a case: the file metadata (the files themselves are sealed on disk).

use crate::{sql, DbError, Exec, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRow {
    pub id: i64,
    pub case_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub stored_name: String,
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

impl AttachmentRow {
    fn from_row(r: &Row) -> Result<AttachmentRow, DbError> {
        Ok(AttachmentRow {
            id: r.get("id")?,
            case_id: r.get("case_id")?,
            file_name: r.get("file_name")?,
            content_type: r.get("content_type")?,
            size: r.get("size")?,
            sha256: r.get("sha256")?,
            stored_name: r.get("stored_name")?,
            uploaded_at: r.get("uploaded_at")?,
            uploaded_by: r.get("uploaded_by")?,
        })
    }
}

pub async fn add_attachment(ex: &mut Exec<'_>, a: &AttachmentRow) -> Result<(), DbError> {
    ex.execute(
        sql(
            "INSERT INTO case_attachments (id, case_id, file_name, content_type, size, sha256, \
             stored_name, uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(a.id)
        .bind(a.case_id)
        .bind(a.file_name.as_str())
        .bind(a.content_type.as_str())
        .bind(a.size)
        .bind(a.sha256.as_str())
        .bind(a.stored_name.as_str())
        .bind(a.uploaded_at)
        .bind(a.uploaded_by.as_str()),
    )
    .await?;
    Ok(())
}

pub async fn attachments_of(
    ex: &mut Exec<'_>,
    case_id: i64,
) -> Result<Vec<AttachmentRow>, DbError> {
    ex.fetch_all(
        sql(
            "SELECT id, case_id, file_name, content_type, size, sha256, stored_name, uploaded_at, \
             uploaded_by FROM case_attachments WHERE case_id = $1 ORDER BY id",
        )
        .bind(case_id),
    )
    .await?
    .iter()
    .map(AttachmentRow::from_row)
    .collect()
}
