//! Files that hold personal data or keys — the SQLite database (its WAL and SHM files take the
//! database file's mode), backups, the key file, case attachments, exports written by the
//! command line — are created readable by the server's account only: 0600, in 0700
//! directories. Set here explicitly rather than through the umask, which is process-wide and
//! would also reach files that are meant to be shared.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};

pub const FILE_MODE: u32 = 0o600;
pub const DIR_MODE: u32 = 0o700;

/// Creates `path` and its missing parents as 0700 directories (existing ones are left as the
/// operator made them).
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(DIR_MODE);
    builder.create(path)
}

fn options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    options.mode(FILE_MODE);
    options
}

/// A new 0600 file; an existing one is an error.
pub fn create_new(path: &Path) -> io::Result<File> {
    options().create_new(true).open(path)
}

/// A 0600 file, emptied if it exists (an existing file keeps its mode).
pub fn create(path: &Path) -> io::Result<File> {
    options().create(true).truncate(true).open(path)
}

/// Makes sure `path` exists, as an empty 0600 file when it did not (an empty file is an empty
/// SQLite database), so the database and the WAL and SHM files SQLite derives from it are 0600.
pub fn ensure_exists(path: &Path) -> io::Result<()> {
    options().create(true).truncate(false).open(path).map(drop)
}

pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    io::Write::write_all(&mut create(path)?, bytes)
}

/// Copies `from` into a new 0600 file `to` (`std::fs::copy` would carry `from`'s mode over).
pub fn copy(from: &Path, to: &Path) -> io::Result<u64> {
    io::copy(&mut File::open(from)?, &mut create(to)?)
}

/// `write` for async callers.
pub async fn write_async(path: &Path, bytes: Vec<u8>) -> io::Result<()> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        if let Some(dir) = path.parent() {
            create_dir_all(dir)?;
        }
        write(&path, &bytes)
    })
    .await
    .map_err(io::Error::other)?
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn files_and_directories_are_the_owners_only() {
        let root = std::env::temp_dir().join(format!("jinguo-private-{}", std::process::id()));
        let dir = root.join("a/b");
        create_dir_all(&dir).expect("dirs");
        assert_eq!((mode(&root), mode(&dir)), (DIR_MODE, DIR_MODE));
        let file = dir.join("f");
        write(&file, b"secret").expect("write");
        let copied = dir.join("g");
        copy(&file, &copied).expect("copy");
        ensure_exists(&dir.join("h")).expect("touch");
        for f in [&file, &copied, &dir.join("h")] {
            assert_eq!(mode(f), FILE_MODE);
        }
        assert_eq!(std::fs::read(&copied).expect("read"), b"secret");
        assert!(create_new(&file).is_err(), "never over an existing file");
        std::fs::remove_dir_all(&root).expect("clean up");
    }
}
