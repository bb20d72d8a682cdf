//! Files in and out: the `file` part of an upload and a download with its name encoded for any
//! browser, shared by the API and the pages.

use axum::body::Body;
use axum::extract::Multipart;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use jinguo_app::AppError;

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub(crate) const DOCX: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Reads the `file` part of an upload; a part over the route's limit is a 413 naming it.
pub(crate) async fn upload_file(
    multipart: &mut Multipart,
) -> Result<(Option<(String, Vec<u8>)>, Vec<(String, String)>), AppError> {
    let refused = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge {
                field: "file",
                limit: jinguo_app::sealed_files::size_limit_text(),
            }
        } else {
            AppError::invalid_detail("file", "malformed_upload", e.body_text())
        }
    };
    let (mut file, mut fields) = (None, Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("").to_owned();
            file = Some((file_name, field.bytes().await.map_err(refused)?.to_vec()));
        } else {
            fields.push((name, field.text().await.map_err(refused)?));
        }
    }
    Ok((file, fields))
}

/// A stored file as a download, its name encoded for any browser.
pub(crate) fn download(file_name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let encoded: String = form_urlencoded::byte_serialize(file_name.as_bytes()).collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename*=UTF-8''{}",
                    encoded.replace('+', "%20")
                ),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from(bytes),
    )
        .into_response()
}

/// A page's form posted with one file (multipart): the file — or why there is none — and the
/// other fields, the CSRF token checked when the body could be read. Nothing is written when
/// the body could not be read, so its error is simply shown on the page again.
pub(crate) async fn posted_file(
    caller: &crate::extract::PageCaller,
    multipart: &mut Multipart,
) -> Result<
    (
        Result<(String, Vec<u8>), AppError>,
        crate::pages::parts::Pairs,
    ),
    crate::error::PageError,
> {
    use crate::pages::parts::Pairs;
    let (file, fields) = match upload_file(multipart).await {
        Ok(parts) => parts,
        Err(e) => return Ok((Err(e), Pairs::from_pairs(Vec::new()))),
    };
    let form = Pairs::from_pairs(
        fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect(),
    );
    caller.check_csrf(form.get("csrf"))?;
    let file = file
        .filter(|(_, bytes)| !bytes.is_empty())
        .ok_or_else(|| AppError::invalid("file", "required"));
    Ok((file, form))
}
