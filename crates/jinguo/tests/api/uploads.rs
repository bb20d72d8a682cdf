//! Zip bombs: a spreadsheet is a zip archive, and a few megabytes of it may inflate to
//! gigabytes. Every upload and every file given to the command line is bounded before a parser
//! inflates it; a real sheet still passes (one of 100,000 rows did too, checked once by hand).

use crate::common::*;
use crate::employment_import::enterprise_count;
use std::io::Write;

/// One stored entry of a hand-made zip archive: its header says what `declared` says, which
/// need not be what `deflated` inflates to.
struct RawEntry {
    name: &'static str,
    deflated: Vec<u8>,
    crc: u32,
    declared: u32,
}

fn le16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn le32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The fields local and central headers share, from "version needed" to the extra length.
fn common_header(out: &mut Vec<u8>, e: &RawEntry) {
    le16(out, 20); // version needed
    le16(out, 0); // flags
    le16(out, 8); // deflate
    le16(out, 0); // time
    le16(out, 0x21); // date: 1980-01-01
    le32(out, e.crc);
    le32(out, e.deflated.len() as u32);
    le32(out, e.declared);
    le16(out, e.name.len() as u16);
    le16(out, 0); // extra
}

fn zip_of(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut offsets = Vec::new();
    for e in entries {
        offsets.push(out.len() as u32);
        le32(&mut out, 0x0403_4b50);
        common_header(&mut out, e);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.deflated);
    }
    let directory_start = out.len() as u32;
    for (e, offset) in entries.iter().zip(&offsets) {
        le32(&mut out, 0x0201_4b50);
        le16(&mut out, 20); // made by
        common_header(&mut out, e);
        le16(&mut out, 0); // comment
        le16(&mut out, 0); // disk
        le16(&mut out, 0); // internal attributes
        le32(&mut out, 0); // external attributes
        le32(&mut out, *offset);
        out.extend_from_slice(e.name.as_bytes());
    }
    let directory_len = out.len() as u32 - directory_start;
    le32(&mut out, 0x0605_4b50);
    le16(&mut out, 0);
    le16(&mut out, 0);
    le16(&mut out, entries.len() as u16);
    le16(&mut out, entries.len() as u16);
    le32(&mut out, directory_len);
    le32(&mut out, directory_start);
    le16(&mut out, 0);
    out
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("deflate");
    encoder.finish().expect("deflate")
}

fn small_entry(name: &'static str, text: &str) -> RawEntry {
    RawEntry {
        name,
        deflated: deflate(text.as_bytes()),
        crc: crc32fast::hash(text.as_bytes()),
        declared: text.len() as u32,
    }
}

const INFLATED: u64 = 1_500_000_000;

/// The sheet part of the bomb: one chunk of sheet XML, deflated once with a sync flush (so it
/// ends on a byte boundary and refers to nothing before it), repeated to 1.5 GB, then an empty
/// final block: about 4.5 MB on the wire (~340:1, the issue's was 3.9 MB at ~385:1).
fn bomb_sheet() -> RawEntry {
    let mut chunk: Vec<u8> = Vec::with_capacity(1 << 20);
    let row = b"<row><c t=\"inlineStr\"><is><t>0</t></is></c></row>";
    while chunk.len() + row.len() <= 1 << 20 {
        chunk.extend_from_slice(row);
    }
    let mut compressor = flate2::Compress::new(flate2::Compression::best(), false);
    let mut block = Vec::with_capacity(1 << 16);
    compressor
        .compress_vec(&chunk, &mut block, flate2::FlushCompress::Sync)
        .expect("deflate the chunk");
    let repeats = INFLATED / chunk.len() as u64;
    let mut deflated = Vec::with_capacity(block.len() * repeats as usize + 2);
    let mut crc = crc32fast::Hasher::new();
    let mut chunk_crc = crc32fast::Hasher::new();
    chunk_crc.update(&chunk);
    for _ in 0..repeats {
        deflated.extend_from_slice(&block);
        crc.combine(&chunk_crc);
    }
    deflated.extend_from_slice(&[0x03, 0x00]);
    RawEntry {
        name: "xl/worksheets/sheet1.xml",
        deflated,
        crc: crc.finalize(),
        declared: (repeats * chunk.len() as u64) as u32,
    }
}

/// The bomb as an xlsx: the sheet's header either tells its true size (1.5 GB) or lies
/// (`lying_size`), as an attacker's would to get past a check of declared sizes.
fn bomb_xlsx(lying_size: Option<u32>) -> Vec<u8> {
    let mut sheet = bomb_sheet();
    if let Some(size) = lying_size {
        sheet.declared = size;
    }
    zip_of(&[
        small_entry(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        sheet,
    ])
}

async fn upload_enterprises(client: &Client, name: &str, bytes: &[u8]) -> Reply {
    let (ct, body) = multipart(&[("dry_run", "1")], name, bytes);
    client
        .post_raw("/api/v1/enterprises/import", &ct, body)
        .await
}

#[tokio::test]
async fn a_zip_bomb_xlsx_of_4_mb_inflating_to_1_5_gb_is_refused_naming_the_file() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let bomb = bomb_xlsx(None);
    assert!(
        (3_500_000..5_000_000).contains(&bomb.len()),
        "the bomb is ~4.5 MB: {}",
        bomb.len()
    );
    let refused = upload_enterprises(&admin, "企业名册.xlsx", &bomb).await;
    refused.assert_invalid("file", "archive_too_large");
    let message = refused.body["error"]["message"].as_str().expect("message");
    assert!(message.contains("企业名册.xlsx"), "{message}");
    assert_eq!(enterprise_count(&app).await, 0);
    assert_eq!(admin.get("/api/v1/me").await.status, 200, "still serving");
}

#[tokio::test]
async fn a_zip_bomb_whose_header_lies_about_its_size_is_refused_after_reading_the_lie() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    // Declares 8 MB (a plausible 2:1 ratio) and inflates to 1.5 GB.
    let bomb = bomb_xlsx(Some(8_000_000));
    let refused = upload_enterprises(&admin, "liar.xlsx", &bomb).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(
        refused.body["error"]["code"], "archive_too_large",
        "{}",
        refused.text
    );

    let path = app.config.data_dir.join("名册.xlsx");
    std::fs::write(&path, &bomb).expect("write the bomb");
    let path = path.to_str().expect("utf-8 path");
    let out = app.cli(&["import", "people", path, "--dry-run"], &[]);
    assert_cli_failed(&out, "名册.xlsx");
}

#[tokio::test]
async fn a_real_roster_of_30000_rows_passes_the_archive_bounds() {
    let roster = jinguo_app::synthetic::table(30_000, 7, 2026);
    let header: Vec<&str> = roster.rows[0].iter().map(String::as_str).collect();
    let mut sheet = jinguo_app::export::XlsxSheet::new("人员", &header, &[]).expect("sheet");
    sheet.write(roster.rows[1..].iter().cloned()).expect("rows");
    let bytes = sheet.to_bytes().expect("xlsx");
    jinguo_app::archive::check(
        std::io::Cursor::new(&bytes),
        "roster.xlsx",
        &jinguo_app::archive::SPREADSHEET_LIMITS,
    )
    .expect("a real sheet passes");
}
