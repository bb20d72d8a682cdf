//! Files that carry personal data — a case's attachments, an award nomination's materials —
//! kept encrypted under the data directory, each bound to its record (a file moved to another
//! record does not open), its name sealed beside it (a file's name often names a person:
//! 张某验伤.jpg), and its checksum of the original bytes checked again on every read.

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::{App, AppError};
use jinguo_db::{DbError, Exec};
use sha2::{Digest, Sha256};
use std::future::Future;
use std::path::PathBuf;

/// The largest file taken, in bytes.
pub const FILE_LIMIT: usize = 10 * 1024 * 1024;

/// The types a file may be, by extension, with the bytes each must start with.
const ALLOWED: &[(&str, &str, &[u8])] = &[
    ("pdf", "application/pdf", b"%PDF"),
    ("jpg", "image/jpeg", &[0xFF, 0xD8, 0xFF]),
    ("jpeg", "image/jpeg", &[0xFF, 0xD8, 0xFF]),
    ("png", "image/png", &[0x89, b'P', b'N', b'G']),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK",
    ),
    ("doc", "application/msword", &[0xD0, 0xCF, 0x11, 0xE0]),
    ("xls", "application/vnd.ms-excel", &[0xD0, 0xCF, 0x11, 0xE0]),
    ("txt", "text/plain", b""),
    ("mp3", "audio/mpeg", b""),
    ("m4a", "audio/mp4", b""),
    ("amr", "audio/amr", b"#!AMR"),
];

pub fn allowed_types() -> String {
    ALLOWED
        .iter()
        .map(|(ext, _, _)| *ext)
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn size_limit_text() -> String {
    format!("{} MB", FILE_LIMIT / 1024 / 1024)
}

/// A file checked before anything is written: its name (without any path), its type by its
/// extension and first bytes, its size and checksum.
#[derive(Debug)]
pub struct Upload {
    pub file_name: String,
    pub content_type: &'static str,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

impl Upload {
    pub fn check(file_name: &str, bytes: Vec<u8>) -> Result<Upload, AppError> {
        if bytes.len() > FILE_LIMIT {
            return Err(AppError::TooLarge {
                field: "file",
                limit: size_limit_text(),
            });
        }
        let file_name = crate::cases::text(
            "file",
            file_name.rsplit(['/', '\\']).next().unwrap_or(""),
            200,
        )?;
        if bytes.is_empty() {
            return Err(AppError::invalid("file", "required"));
        }
        Ok(Upload {
            content_type: content_type_of(&file_name, &bytes)?,
            sha256: hex::encode(Sha256::digest(&bytes)),
            file_name,
            bytes,
        })
    }

    /// A photo: JPEG or PNG only (a photo page shows it inline, so nothing else may pass).
    pub fn check_image(file_name: &str, bytes: Vec<u8>) -> Result<Upload, AppError> {
        let upload = Upload::check(file_name, bytes)?;
        if !upload.content_type.starts_with("image/") {
            return Err(AppError::UnsupportedType {
                field: "file",
                allowed: "jpg, jpeg, png".to_owned(),
            });
        }
        Ok(upload)
    }

    pub fn size(&self) -> i64 {
        self.bytes.len() as i64
    }

    /// The file's name sealed for the row `id` of `R` that will record it under `owner`.
    pub fn sealed_name<R: KeptFile>(&self, app: &App, owner: i64, id: i64) -> String {
        Place::of(app, R::FOLDER, R::CONTEXT, owner, id).seal_name(app, &self.file_name)
    }
}

/// A row that records one kept file (an attachment, a material, a photo): where its file lives
/// and how the row is stored, said once per row type; keeping, naming and reading the file are
/// then the same for every kind.
pub trait KeptFile: Sync {
    /// The folder under `files/`.
    const FOLDER: &'static str;
    /// The kind of file its encryption is bound to (`case.attachment`).
    const CONTEXT: &'static str;
    /// The record the audit log files an upload or a download under (`case`).
    const OWNER_ENTITY: &'static str;
    /// The audit detail's key naming the file (`attachment_id`).
    const ID_KEY: &'static str;
    /// The record the file belongs to.
    fn owner(&self) -> i64;
    fn id(&self) -> i64;
    /// The file's name as the row keeps it, sealed.
    fn sealed_name(&self) -> &str;
    fn sha256(&self) -> &str;
    fn insert(&self, ex: &mut Exec<'_>) -> impl Future<Output = Result<(), DbError>> + Send;

    fn place(&self, app: &App) -> Place {
        Place::of(app, Self::FOLDER, Self::CONTEXT, self.owner(), self.id())
    }

    /// The file's name, opened.
    fn file_name(&self, app: &App) -> Result<String, AppError> {
        self.place(app).open_name(app, self.sealed_name())
    }
}

/// Implements [`KeptFile`] for a row type with the columns every file row has (`id`,
/// `file_name` sealed, `sha256`): `kept_file!(PhotoRow in "folder", "context", owner profile_id
/// of "model_woman", id_key "photo_id", insert store::insert_photo)`.
macro_rules! kept_file {
    ($row:ident in $folder:literal, $context:literal, owner $owner:ident of $entity:literal,
     id_key $key:literal, insert $insert:path) => {
        impl $crate::sealed_files::KeptFile for $row {
            const FOLDER: &'static str = $folder;
            const CONTEXT: &'static str = $context;
            const OWNER_ENTITY: &'static str = $entity;
            const ID_KEY: &'static str = $key;
            fn owner(&self) -> i64 {
                self.$owner
            }
            fn id(&self) -> i64 {
                self.id
            }
            fn sealed_name(&self) -> &str {
                &self.file_name
            }
            fn sha256(&self) -> &str {
                &self.sha256
            }
            async fn insert(&self, ex: &mut jinguo_db::Exec<'_>) -> Result<(), jinguo_db::DbError> {
                $insert(ex, self).await
            }
        }
    };
}
pub(crate) use kept_file;

/// The audit entry of a kept file: `action` (`attach`, `download`) on the record that owns it,
/// under `unit_code`, naming the file and, for one coming in, its size.
pub(crate) fn file_entry<'a, R: KeptFile>(
    caller: &'a Caller,
    action: &'a str,
    row: &R,
    unit_code: &'a str,
    size: Option<i64>,
) -> Entry<'a> {
    let mut detail = serde_json::Map::new();
    detail.insert(R::ID_KEY.to_owned(), row.id().into());
    if let Some(size) = size {
        detail.insert("size".to_owned(), size.into());
    }
    caller
        .entry(action, R::OWNER_ENTITY, row.owner().to_string())
        .in_unit(unit_code)
        .detail(detail.into())
}

/// Writes an upload encrypted at its row's place, then inserts the row and records it attached
/// (under `unit_code`) in one transaction; a row that does not land leaves no file behind.
pub async fn keep_upload<R: KeptFile>(
    app: &App,
    caller: &Caller,
    row: &R,
    upload: &Upload,
    unit_code: &str,
    now: i64,
) -> Result<(), AppError> {
    let entry = file_entry(caller, "attach", row, unit_code, Some(upload.size()));
    let save = async {
        let mut tx = app.db.begin().await?;
        row.insert(&mut tx.ex()).await?;
        audit::commit(app, tx, entry, now).await?;
        Ok::<_, AppError>(())
    };
    row.place(app).keep(app, &upload.bytes, save).await
}

/// A kept file's original bytes (checksum verified); the read is recorded as a download under
/// `unit_code`.
pub async fn read_kept<R: KeptFile>(
    app: &App,
    caller: &Caller,
    row: &R,
    unit_code: &str,
) -> Result<Vec<u8>, AppError> {
    let bytes = row.place(app).read(app, row.sha256()).await?;
    let entry = file_entry(caller, "download", row, unit_code, None);
    audit::record(app, entry, app.now()).await?;
    Ok(bytes)
}

fn content_type_of(file_name: &str, bytes: &[u8]) -> Result<&'static str, AppError> {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let refused = || AppError::UnsupportedType {
        field: "file",
        allowed: allowed_types(),
    };
    let (_, content_type, magic) = ALLOWED
        .iter()
        .find(|(e, _, _)| *e == ext)
        .ok_or_else(refused)?;
    if !bytes.starts_with(magic) {
        return Err(refused());
    }
    Ok(content_type)
}

/// Where a record's files live: `files/{folder}/{owner}/{id}.bin`, and the context that binds
/// the encryption to that record.
#[derive(Debug, Clone)]
pub struct Place {
    pub path: PathBuf,
    pub context: String,
    pub id: i64,
}

impl Place {
    /// `context` names the kind of file (`case.attachment`); `owner` the record it belongs to.
    pub fn of(app: &App, folder: &str, context: &str, owner: i64, id: i64) -> Place {
        Place {
            path: app
                .files_dir
                .join(folder)
                .join(owner.to_string())
                .join(format!("{id}.bin")),
            context: format!("{context}:{owner}:{id}"),
            id,
        }
    }

    /// The file's name sealed for its row (base64 text).
    pub fn seal_name(&self, app: &App, name: &str) -> String {
        use base64::Engine as _;
        let sealed = app
            .cipher
            .seal(name, &format!("{}.name", self.context), self.id);
        base64::engine::general_purpose::STANDARD.encode(sealed)
    }

    pub fn open_name(&self, app: &App, sealed: &str) -> Result<String, AppError> {
        use base64::Engine as _;
        let unreadable = || AppError::Internal(format!("file {} has an unreadable name", self.id));
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(sealed)
            .map_err(|_| unreadable())?;
        app.cipher
            .open(&bytes, &format!("{}.name", self.context), self.id)
            .map_err(|_| unreadable())
    }

    /// Writes the bytes encrypted (0600, in 0700 directories).
    pub async fn write(&self, app: &App, bytes: &[u8]) -> Result<(), AppError> {
        let sealed = app.cipher.encrypt_bytes(bytes, &self.context);
        crate::private_files::write_async(&self.path, sealed)
            .await
            .map_err(|e| AppError::Internal(format!("cannot write {}: {e}", self.path.display())))
    }

    /// The original bytes, when they still match the checksum taken when they came in.
    pub async fn read(&self, app: &App, sha256: &str) -> Result<Vec<u8>, AppError> {
        let sealed = tokio::fs::read(&self.path)
            .await
            .map_err(|e| AppError::Internal(format!("cannot read {}: {e}", self.path.display())))?;
        let bytes = app
            .cipher
            .decrypt_bytes(&sealed, &self.context)
            .map_err(|_| AppError::Internal(format!("file {} cannot be decrypted", self.id)))?;
        if hex::encode(Sha256::digest(&bytes)) != sha256 {
            return Err(AppError::Internal(format!(
                "file {} does not match its checksum",
                self.id
            )));
        }
        Ok(bytes)
    }

    /// Writes the file encrypted, then `save`s its row (with the audit entry, in one
    /// transaction); a save that fails leaves no file behind.
    pub async fn keep<F>(&self, app: &App, bytes: &[u8], save: F) -> Result<(), AppError>
    where
        F: std::future::Future<Output = Result<(), AppError>>,
    {
        self.write(app, bytes).await?;
        if let Err(e) = save.await {
            self.remove().await;
            return Err(e);
        }
        Ok(())
    }

    /// A row that never landed leaves no file behind.
    pub async fn remove(&self) {
        let _ = tokio::fs::remove_file(&self.path).await;
    }
}
