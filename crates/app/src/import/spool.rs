//! Uploads on their way to an import: written to disk as they arrive, never held in memory, then
//! read row by row like any file. The file is the server account's own (0600, in the data
//! directory's `tmp`, a 0700 directory) and removed when the import is done with it (dropped) —
//! at the latest when the server next starts (`clear_spool`).

use super::sheet::{Rows, SheetFile, Source};
use crate::{private_files, App, AppError};
use std::io::Write;
use std::path::Path;

fn spool_error(e: std::io::Error) -> AppError {
    AppError::Internal(format!("spooling an upload: {e}"))
}

/// An upload being received.
pub struct Upload {
    file: tempfile::NamedTempFile,
    bytes: u64,
}

impl Upload {
    pub fn create(app: &App) -> Result<Upload, AppError> {
        let dir = app.spool_dir();
        private_files::create_dir_all(&dir).map_err(spool_error)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix("upload-");
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(
            private_files::FILE_MODE,
        ));
        let file = builder.tempfile_in(&dir).map_err(spool_error)?;
        Ok(Upload { file, bytes: 0 })
    }

    pub fn append(&mut self, bytes: &[u8]) -> Result<(), AppError> {
        self.file.write_all(bytes).map_err(spool_error)?;
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    /// How many bytes arrived.
    pub fn len(&self) -> u64 {
        self.bytes
    }

    pub fn is_empty(&self) -> bool {
        self.bytes == 0
    }

    /// The upload as a sheet to import, its format told by the name it was sent with.
    pub fn into_sheet(mut self, file_name: &str) -> Result<UploadedSheet, AppError> {
        self.file.flush().map_err(spool_error)?;
        let path = self.file.into_temp_path();
        let sheet = SheetFile::named(&path, file_name)?;
        Ok(UploadedSheet { sheet, path })
    }
}

/// An uploaded sheet on disk, read row by row by every pass of an import; removed when dropped.
pub struct UploadedSheet {
    sheet: SheetFile,
    path: tempfile::TempPath,
}

impl Source for UploadedSheet {
    fn rows(&self) -> Result<Rows<'_>, AppError> {
        self.sheet.rows()
    }
}

impl UploadedSheet {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Removes uploads left behind by a server that stopped while importing them.
pub fn clear_spool(app: &App) -> std::io::Result<()> {
    let dir = app.spool_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with("upload-") {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}
