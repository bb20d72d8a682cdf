//! Bounds on what an uploaded archive may inflate to. An xlsx or ods file is a zip archive: a
//! few megabytes can declare — or, with a lying header, silently hold — gigabytes of XML, and a
//! parser handed such a file inflates all of it into memory (a 3.9 MB sheet took a server from
//! 0.9 GB to 3.9 GB). Every archive is therefore walked here first, entry by entry through a
//! bounded reader into nothing, and refused before any parser sees it when it is over a limit.

use crate::AppError;
use std::io::{Read, Seek};

/// The limits one archive must stay within.
#[derive(Debug, Clone, Copy)]
pub struct ArchiveLimits {
    /// Bytes of all entries together once inflated, as declared and as actually read.
    pub max_inflated: u64,
    pub max_entries: usize,
    /// Inflated bytes per compressed byte of one entry.
    pub max_ratio: u64,
    /// Entries smaller than this once inflated are exempt from the ratio: a short part (a
    /// style sheet, a column of one repeated value) may legitimately compress beyond the ratio
    /// and cannot hurt; the total bound still counts it.
    pub ratio_exempt_below: u64,
}

/// A spreadsheet of 100,000 rows inflates to ~60 MB at 10–20:1; these leave it room and keep
/// an import inside the server's 300 MB budget.
pub const SPREADSHEET_LIMITS: ArchiveLimits = ArchiveLimits {
    max_inflated: 200 * 1024 * 1024,
    max_entries: 10_000,
    max_ratio: 100,
    ratio_exempt_below: 1024 * 1024,
};

/// Refuses the archive when it declares or holds more than `limits` allow; `file_name` names
/// the file in the refusal. A file that is not a readable zip archive is `file_unreadable`.
pub fn check<R: Read + Seek>(
    reader: R,
    file_name: &str,
    limits: &ArchiveLimits,
) -> Result<(), AppError> {
    let unreadable = |e: zip::result::ZipError| {
        AppError::invalid_detail("file", "file_unreadable", format!("{file_name}: {e}"))
    };
    let mut archive = zip::ZipArchive::new(reader).map_err(unreadable)?;
    let refuse = |code| AppError::invalid_detail("file", code, file_name);
    if archive.len() > limits.max_entries {
        return Err(refuse("archive_too_many_entries"));
    }
    check_declared(&mut archive, limits).map_err(|e| e.into_error(file_name, unreadable))?;
    check_inflated(&mut archive, limits).map_err(|e| e.into_error(file_name, unreadable))
}

/// Why an archive was refused, before the file's name is attached.
enum Refusal {
    TooLarge,
    Ratio,
    Unreadable(zip::result::ZipError),
}

impl Refusal {
    fn into_error(
        self,
        file_name: &str,
        unreadable: impl Fn(zip::result::ZipError) -> AppError,
    ) -> AppError {
        match self {
            Refusal::TooLarge => AppError::invalid_detail("file", "archive_too_large", file_name),
            Refusal::Ratio => AppError::invalid_detail("file", "archive_ratio_too_high", file_name),
            Refusal::Unreadable(e) => unreadable(e),
        }
    }
}

impl From<zip::result::ZipError> for Refusal {
    fn from(e: zip::result::ZipError) -> Refusal {
        Refusal::Unreadable(e)
    }
}

impl From<std::io::Error> for Refusal {
    fn from(e: std::io::Error) -> Refusal {
        Refusal::Unreadable(e.into())
    }
}

fn over_ratio(inflated: u64, compressed: u64, limits: &ArchiveLimits) -> bool {
    inflated >= limits.ratio_exempt_below && inflated > compressed.saturating_mul(limits.max_ratio)
}

/// The central directory's own figures: cheap, and enough for an honest bomb.
fn check_declared<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    limits: &ArchiveLimits,
) -> Result<(), Refusal> {
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i)?;
        total = total.saturating_add(entry.size());
        if total > limits.max_inflated {
            return Err(Refusal::TooLarge);
        }
        if over_ratio(entry.size(), entry.compressed_size(), limits) {
            return Err(Refusal::Ratio);
        }
    }
    Ok(())
}

/// What the entries really inflate to, measured by our own bounded inflater over each entry's
/// raw bytes — not by the header's word: a header that declares less than its entry holds is
/// caught after inflating at most one byte past the declaration.
fn check_inflated<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    limits: &ArchiveLimits,
) -> Result<(), Refusal> {
    let mut budget = limits.max_inflated;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i)?;
        let declared = entry.size();
        let compressed = entry.compressed_size();
        let bound = declared.min(budget);
        let read = match entry.compression() {
            zip::CompressionMethod::Stored => compressed,
            zip::CompressionMethod::Deflated => {
                let inflater = flate2::read::DeflateDecoder::new(entry);
                std::io::copy(&mut inflater.take(bound + 1), &mut std::io::sink())?
            }
            // Nothing else is built into the zip reader calamine uses: it could not open it.
            _ => {
                let e = zip::result::ZipError::UnsupportedArchive("compression method");
                return Err(Refusal::Unreadable(e));
            }
        };
        if read > declared || read > budget {
            return Err(Refusal::TooLarge);
        }
        if over_ratio(read, compressed, limits) {
            return Err(Refusal::Ratio);
        }
        budget -= read;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    const SMALL: ArchiveLimits = ArchiveLimits {
        max_inflated: 64 * 1024,
        max_entries: 3,
        max_ratio: 100,
        ratio_exempt_below: 4 * 1024,
    };

    fn archive(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, options).expect("entry");
            zip.write_all(bytes).expect("write");
        }
        zip.finish().expect("finish").into_inner()
    }

    fn code(bytes: Vec<u8>) -> Option<&'static str> {
        check(Cursor::new(bytes), "名册.xlsx", &SMALL)
            .err()
            .map(|e| e.code())
    }

    /// Text that compresses about 2:1, like a sheet of varied names and numbers.
    fn varied(len: usize) -> Vec<u8> {
        let mut state: u32 = 7;
        (0..len)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                b'a' + ((state >> 16) % 16) as u8
            })
            .collect()
    }

    #[test]
    fn an_archive_within_the_limits_passes() {
        let bytes = archive(&[("a.xml", varied(20_000)), ("b.xml", vec![b'x'; 1000])]);
        assert_eq!(code(bytes), None);
    }

    #[test]
    fn an_archive_inflating_past_the_total_is_refused() {
        let bytes = archive(&[("a.xml", varied(40_000)), ("b.xml", varied(40_000))]);
        assert_eq!(code(bytes), Some("archive_too_large"));
    }

    #[test]
    fn an_archive_of_too_many_entries_is_refused() {
        let entries: Vec<_> = (0..4).map(|i| (["a", "b", "c", "d"][i], vec![1])).collect();
        assert_eq!(code(archive(&entries)), Some("archive_too_many_entries"));
    }

    #[test]
    fn an_entry_compressed_beyond_the_ratio_is_refused() {
        let bytes = archive(&[("sheet.xml", vec![b'0'; 60_000])]);
        assert_eq!(code(bytes), Some("archive_ratio_too_high"));
    }

    #[test]
    fn a_small_entry_may_compress_beyond_the_ratio() {
        let bytes = archive(&[("styles.xml", vec![b'0'; 3000])]);
        assert_eq!(code(bytes), None);
    }

    #[test]
    fn a_file_that_is_not_an_archive_is_unreadable() {
        assert_eq!(code(b"not a zip".to_vec()), Some("file_unreadable"));
    }
}
