//! Attachments of a case: the file metadata (the files themselves are sealed on disk).

use crate::record::{fetch, insert, select_of};
use crate::schema::tables::CaseAttachments;
use crate::{DbError, Exec};
use sea_query::{Expr, Order};

record! {
    pub struct AttachmentRow in CaseAttachments {
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
}

pub async fn add_attachment(ex: &mut Exec<'_>, a: &AttachmentRow) -> Result<(), DbError> {
    insert(ex, a).await
}

pub async fn attachments_of(
    ex: &mut Exec<'_>,
    case_id: i64,
) -> Result<Vec<AttachmentRow>, DbError> {
    let s = select_of::<AttachmentRow>()
        .and_where(Expr::col(CaseAttachments::CaseId).eq(case_id))
        .order_by(CaseAttachments::Id, Order::Asc)
        .take();
    fetch(ex, &s).await
}
