//! Imports read their files row by row and within bounds (issue #10, point 5): a sparse sheet
//! that declares the whole grid is refused at its far cell without laying the grid out; a file
//! past the row cap is refused; the rows of a large file are written in several batches inside
//! one transaction, all or — when the file is refused or a row is, with `--all-or-nothing` —
//! nothing; a repeated ID number is caught however far apart its rows are.

use crate::common::*;
use crate::employment_import::enterprise_count;
use std::io::Write;

async fn people_count(app: &TestApp) -> i64 {
    sql_count(app, "SELECT COUNT(*) FROM people").await
}

/// A sheet of a few kilobytes whose two cells span the whole grid: a header at A1 and one cell
/// at XFD1048576 (a whole-sheet reader would lay out 1,048,576 × 16,384 cells).
fn sparse_sheet(header: &[&str]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, head) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *head).expect("header");
    }
    sheet
        .write_string(1_048_575, 16_383, "x")
        .expect("far cell");
    book.save_to_buffer().expect("xlsx")
}

#[tokio::test]
async fn a_sparse_sheet_spanning_the_whole_grid_is_refused_naming_its_far_cell() {
    let app = spawn_app().await;
    let bytes = sparse_sheet(&["企业名称", "统一社会信用代码"]);
    assert!(bytes.len() < 20_000, "a few kilobytes: {}", bytes.len());
    let admin = app.admin().await;
    let (ct, body) = multipart(&[("dry_run", "1")], "企业名册.xlsx", &bytes);
    let refused = admin
        .post_raw("/api/v1/enterprises/import", &ct, body)
        .await;
    refused.assert_invalid("file", "too_many_columns");
    assert!(
        refused.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("XFD1048576"),
        "{}",
        refused.text
    );
    assert_eq!(enterprise_count(&app).await, 0);

    // The command line refuses the same file with the same words.
    let file = temp_dir("sparse").join("roster.xlsx");
    std::fs::write(&file, sparse_sheet(&["姓名", "身份证号码"])).expect("write");
    let out = app.import_people(&file, &[]);
    assert_cli_failed(&out, "XFD1048576");
    assert_eq!(people_count(&app).await, 0);
}

#[tokio::test]
async fn a_file_past_the_row_cap_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let file = temp_dir("cap").join("long.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("create"));
    writeln!(out, "姓名,身份证号码").expect("header");
    let cap = jinguo_app::import::MAX_DATA_ROWS;
    for _ in 0..=cap {
        writeln!(out, "王芳,").expect("row");
    }
    out.flush().expect("flush");
    drop(out);
    let run = app.import_people(&file, &[]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(err.contains(&format!("more than {cap} data rows")), "{err}");
    assert_eq!(people_count(&app).await, 0);
}

/// A roster of `count` people from `gen-data` (the import format), as lines.
fn roster(app: &TestApp, count: usize, seed: &str) -> Vec<String> {
    let file = temp_dir("roster").join(format!("{seed}.csv"));
    let gen = app.cli(
        &[
            "gen-data",
            "people",
            "--count",
            &count.to_string(),
            "--out",
            file.to_str().expect("path"),
            "--seed",
            seed,
        ],
        &[],
    );
    assert!(gen.status.success(), "{}", stderr(&gen));
    let text = std::fs::read_to_string(&file).expect("roster");
    text.lines().map(str::to_owned).collect()
}

fn write_lines(name: &str, lines: &[String]) -> std::path::PathBuf {
    let file = temp_dir("batches").join(name);
    std::fs::write(&file, lines.join("\n") + "\n").expect("write");
    file
}

/// More rows than two write batches of the people import hold (2,000 each).
const ACROSS_BATCHES: usize = 4_050;

#[tokio::test]
async fn rows_spread_over_several_batches_commit_together_or_not_at_all() {
    let app = spawn_app().await;
    let mut lines = roster(&app, ACROSS_BATCHES, "11");

    // With a bad row near the end and --all-or-nothing, nothing of the earlier batches stays.
    let good_last = lines.pop().expect("last row");
    lines.push("王芳,123,女,,东湖街道,少林社区,,,,,".to_owned());
    let bad = write_lines("bad-end.csv", &lines);
    let refused = app.import_people(&bad, &["--all-or-nothing"]);
    assert_eq!(refused.status.code(), Some(3), "{}", stderr(&refused));
    assert_eq!(cli_summary(&refused)["rejected"], 1);
    assert_eq!(people_count(&app).await, 0);

    // A file refused as a whole near its end (a cell beyond the last column) writes nothing,
    // even without --all-or-nothing.
    lines.pop();
    lines.push(format!(
        "{good_last}{}x",
        ",".repeat(jinguo_app::import::MAX_COLUMNS)
    ));
    let wide = write_lines("wide-end.csv", &lines);
    let refused = app.import_people(&wide, &[]);
    assert!(!refused.status.success());
    // The roster's 11 columns and 200 more: the filled cell is the 211th, column HC.
    let cell = format!("HC{}", ACROSS_BATCHES + 1);
    assert!(stderr(&refused).contains(&cell), "{}", stderr(&refused));
    assert_eq!(people_count(&app).await, 0);

    // The whole file commits: every batch.
    lines.pop();
    lines.push(good_last);
    let good = write_lines("good.csv", &lines);
    let done = app.import_people(&good, &[]);
    assert!(done.status.success(), "{}", stderr(&done));
    assert_eq!(cli_summary(&done)["imported"], ACROSS_BATCHES as i64);
    assert_eq!(people_count(&app).await, ACROSS_BATCHES as i64);
}

#[tokio::test]
async fn an_id_number_repeated_far_down_the_file_is_refused_naming_its_first_line() {
    let app = spawn_app().await;
    let mut lines = roster(&app, ACROSS_BATCHES, "12");
    // The first person again, 4,000 rows later: in another batch.
    lines.push(lines[1].clone());
    let file = write_lines("repeat.csv", &lines);
    let path = file.to_str().expect("path");
    let report = temp_dir("repeat").join("rejected.xlsx");
    let dry = app.cli(
        &[
            "import",
            "people",
            path,
            "--dry-run",
            "--report",
            report.to_str().expect("path"),
        ],
        &[],
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    let s = cli_summary(&dry);
    assert_eq!(
        (
            s["rows"].as_i64(),
            s["imported"].as_i64(),
            s["rejected"].as_i64()
        ),
        (
            Some(ACROSS_BATCHES as i64 + 1),
            Some(ACROSS_BATCHES as i64),
            Some(1)
        )
    );
    let err = stderr(&dry);
    let last_line = ACROSS_BATCHES + 2;
    assert!(
        err.contains(&format!("line {last_line}")) && err.contains("(line 2)"),
        "{err}"
    );
    assert_eq!(people_count(&app).await, 0);
}

fn spooled_uploads(app: &TestApp) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(app.app.spool_dir()) {
        Err(_) => Vec::new(),
        Ok(entries) => entries
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("upload-"))
            })
            .collect(),
    }
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[tokio::test]
async fn an_upload_waits_in_a_private_spool_file_removed_once_imported() {
    let app = spawn_app().await;
    let admin = app.admin().await;

    // The API imports from the spool file and removes it before answering.
    let (ct, body) = multipart(
        &[("dry_run", "1")],
        "企业名册.csv",
        "企业名称,统一社会信用代码\n".as_bytes(),
    );
    let reply = admin
        .post_raw("/api/v1/enterprises/import", &ct, body)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(spooled_uploads(&app).is_empty());

    // A checked upload on the import page waits on disk, the server's own, until its import.
    let csrf = admin.csrf.clone().expect("a session's CSRF token");
    let roster = roster(&app, 5, "13").join("\n");
    let (ct, body) = multipart(&[("csrf", &csrf)], "roster.csv", roster.as_bytes());
    let checked = admin.post_raw("/people/import", &ct, body).await;
    assert_eq!(checked.status, 303, "{}", checked.text);
    let waiting = spooled_uploads(&app);
    assert_eq!(waiting.len(), 1);
    assert_eq!(mode(&waiting[0]), 0o600);
    assert_eq!(mode(&app.app.spool_dir()), 0o700);
    let job = checked.headers["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let confirmed = admin
        .post_form(&format!("{job}/commit"), &[("csrf", &csrf)])
        .await;
    assert_eq!(confirmed.status, 303, "{}", confirmed.text);
    for _ in 0..400 {
        if admin.get(&job).await.text.contains("id=\"import-stage\"") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(people_count(&app).await, 5);
    assert!(spooled_uploads(&app).is_empty(), "removed once imported");
}
