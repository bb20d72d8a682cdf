//! Importing rosters of people as street offices send them: the header found below title rows,
//! Chinese header aliases, blank and footer rows skipped, communities named by code or by name
//! (within the row's street), every refused row reported with its line and reason. A dry run
//! first; then every valid row in one transaction.

use crate::import::{Header, Layout, Plan, Source};
pub use crate::import::{ImportOptions, ImportReport, Importer, RowProblem};
use crate::people::{seal, today, validate, write_tags_and_terms, PersonInput, Sealed, IDX_ID};
use crate::{App, AppError};
use jinguo_db::people as store;
use std::collections::HashMap;

const ALIASES: &[(&str, &[&str])] = &[
    ("name", &["name", "姓名", "名字", "姓 名"]),
    (
        "id_number",
        &[
            "id_number",
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "身份证",
            "证件号码",
            "身份证件号码",
        ],
    ),
    crate::import::PHONE_ALIASES,
    ("sex", &["sex", "性别"]),
    (
        "tags",
        &["tags", "人员类别", "类别", "标签", "人员类型", "困难类别"],
    ),
    ("ethnicity", &["ethnicity", "民族"]),
    ("education", &["education", "文化程度", "学历"]),
    ("marital_status", &["marital_status", "婚姻状况"]),
    (
        "address",
        &["address", "住址", "家庭住址", "现住址", "居住地址"],
    ),
    ("notes", &["notes", "备注"]),
];

fn input_of(header: &Header, row: &[String], unit_code: String) -> PersonInput {
    let cell = |f: &str| header.cell(row, f).to_owned();
    let optional = |f: &str| Some(cell(f)).filter(|v| !v.trim().is_empty());
    PersonInput {
        name: cell("name"),
        id_number: cell("id_number"),
        phone: optional("phone"),
        sex: optional("sex"),
        unit_code,
        tags: optional("tags").into_iter().collect(),
        address: optional("address"),
        ethnicity: optional("ethnicity"),
        education: optional("education"),
        marital_status: optional("marital_status"),
        notes: optional("notes"),
    }
}

/// The key columns: a row with neither is not a person (a footer, a total).
const KEYS: &[&str] = &["name", "id_number"];

const LAYOUT: Layout = Layout {
    aliases: ALIASES,
    keys: KEYS,
    missing: "姓名, 身份证号码",
};

/// Rows validated together, then matched and written together. A chunk is what an import holds
/// of the file besides one key per row, and a sealed person with its search terms takes ~5 KB on
/// the way to the database: 2,000 keep that near 10 MB (20,000 took ~100 MB).
const CHUNK: usize = 2_000;

/// The import connection's SQLite page cache: large enough to keep the index pages a chunk's
/// sorted terms land on, small enough that a million-row import (with the ~135 MB pinyin
/// dictionary its search terms need) stays inside the 300 MB budget.
const IMPORT_CACHE_KIB: u32 = 32_768;

/// Imports the rows of `source` (a file read row by row, or a table in memory); `progress` is
/// told the rows checked (and their number, once known; 0 until then).
pub async fn import_people(
    app: &App,
    importer: Importer<'_>,
    source: &dyn Source,
    options: &ImportOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportReport, AppError> {
    if let Importer::User(caller) = &importer {
        if !caller.role.writes_people() {
            return Err(AppError::Forbidden);
        }
    }
    let importer = &importer;
    let plan = Plan::new(app, importer, source, options, &LAYOUT).await?;
    let pass = &Pass {
        plan: &plan,
        progress,
    };
    crate::import::two_passes(options, move |write| pass.run(write)).await
}

/// A valid row waiting to be matched and written.
struct Pending {
    line: usize,
    cells: Vec<String>,
    valid: crate::people::ValidPerson,
    index: String,
}

/// One pass over the file's rows, writing or not.
struct Pass<'a> {
    plan: &'a Plan<'a>,
    progress: &'a (dyn Fn(usize, usize) + Sync),
}

impl Pass<'_> {
    async fn run(&self, write: bool) -> Result<ImportReport, AppError> {
        let (plan, app) = (self.plan, self.plan.app);
        let header = &plan.header;
        let today = today(app);
        let now = app.now();
        let (mut rows, mut report) = plan.data_rows(KEYS)?;
        // The first line of every ID number seen, by 64 bits of its blind index: what the pass
        // holds of each row once its chunk is written.
        let mut first_line_of: HashMap<[u8; 8], u32> = HashMap::new();
        let mut tx = if write {
            Some(app.db.begin().await?)
        } else {
            None
        };
        if let Some(tx) = tx.as_mut() {
            tx.ex().page_cache_kib(IMPORT_CACHE_KIB).await?;
        }
        let mut pending: Vec<Pending> = Vec::with_capacity(CHUNK);
        let mut done = 0;
        while let Some(row) = rows.next(&mut report)? {
            done += 1;
            let (line, cells) = (row.line, row.cells);
            let checked = plan
                .unit_of(&cells)
                .and_then(|unit| validate(&input_of(header, &cells, unit), today));
            match checked {
                Err(p) => report.reject(RowProblem::of(line, p, &cells)),
                Ok(valid) => {
                    let index = app.cipher.blind_index(IDX_ID, valid.id_number.as_str());
                    let key = short_key(&index);
                    if let Some(first) = first_line_of.get(&key) {
                        // The earlier row's line: the messages say it in the reader's language.
                        let detail = first.to_string();
                        report.reject(RowProblem {
                            line,
                            field: "id_number",
                            code: "duplicate_in_file",
                            detail,
                            cells,
                        });
                    } else {
                        first_line_of.insert(key, u32::try_from(line).unwrap_or(u32::MAX));
                        pending.push(Pending {
                            line,
                            valid,
                            index,
                            cells,
                        });
                    }
                }
            }
            if pending.len() >= CHUNK {
                let mut ex = tx.as_mut().map(|t| t.ex());
                flush(
                    app,
                    plan.importer,
                    &mut pending,
                    &mut report,
                    ex.as_mut(),
                    now,
                )
                .await?;
                (self.progress)(done, 0);
            }
        }
        let mut ex = tx.as_mut().map(|t| t.ex());
        flush(
            app,
            plan.importer,
            &mut pending,
            &mut report,
            ex.as_mut(),
            now,
        )
        .await?;
        (self.progress)(done, done);
        match tx {
            Some(tx) => {
                crate::import::commit(app, tx, plan.importer, "person", &mut report, now).await?;
                Ok(report)
            }
            None => Ok(crate::import::dry(report)),
        }
    }
}

/// Sealing (encryption, blind indexes, pinyin) is the CPU-heavy part of an import: it runs on
/// every core, each taking a contiguous share so the order is kept.
fn seal_in_parallel(app: &App, jobs: &[(&Pending, i64, i64)], now: i64) -> Vec<Sealed> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if threads < 2 || jobs.len() < 64 {
        return jobs
            .iter()
            .map(|(p, id, created)| seal(app, &p.valid, *id, *created, now))
            .collect();
    }
    let share = jobs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(share)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(p, id, created)| seal(app, &p.valid, *id, *created, now))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

fn short_key(index: &str) -> [u8; 8] {
    let mut key = [0u8; 8];
    for (k, b) in key.iter_mut().zip(index.as_bytes().chunks(2)) {
        *k = u8::from_str_radix(std::str::from_utf8(b).unwrap_or("00"), 16).unwrap_or(0);
    }
    key
}

/// Matches a chunk of valid rows against the registry (update by ID number, else create) and,
/// when writing, seals and stores them.
async fn flush(
    app: &App,
    importer: &Importer<'_>,
    pending: &mut Vec<Pending>,
    report: &mut ImportReport,
    ex: Option<&mut jinguo_db::Exec<'_>>,
    now: i64,
) -> Result<(), AppError> {
    if pending.is_empty() {
        return Ok(());
    }
    let indexes: Vec<String> = pending.iter().map(|p| p.index.clone()).collect();
    // Rows committed by earlier chunks of this file are not visible here; they cannot match,
    // since a repeated ID number in one file was refused above.
    let existing: HashMap<String, (i64, i64, String)> =
        store::find_many_by_id_index(&mut app.db.ex(), &indexes)
            .await?
            .into_iter()
            .map(|r| (r.id_index, (r.id, r.created_at, r.unit_code)))
            .collect();
    let mut new_rows = Vec::new();
    let mut changed_rows = Vec::new();
    for p in pending.drain(..) {
        match existing.get(&p.index) {
            Some((_, _, unit)) if importer.cannot_write(unit) => {
                let detail = p.valid.id_number.masked();
                report.reject(RowProblem {
                    line: p.line,
                    field: "id_number",
                    code: "registered_elsewhere",
                    detail,
                    cells: p.cells,
                });
            }
            Some((id, created_at, _)) => {
                report.updated += 1;
                changed_rows.push((*id, *created_at, p));
            }
            None => {
                report.imported += 1;
                new_rows.push(p);
            }
        }
    }
    let Some(ex) = ex else { return Ok(()) };
    let jobs: Vec<(&Pending, i64, i64)> = new_rows
        .iter()
        .map(|p| (p, app.ids.next(now), now))
        .chain(
            changed_rows
                .iter()
                .map(|(id, created, p)| (p, *id, *created)),
        )
        .collect();
    let mut sealed_new = seal_in_parallel(app, &jobs, now);
    let sealed_changed = sealed_new.split_off(new_rows.len());
    let rows: Vec<_> = sealed_new.iter().map(|s| s.row.clone()).collect();
    store::insert_many(ex, &rows).await?;
    for s in &sealed_changed {
        store::update(ex, &s.row).await?;
    }
    write_tags_and_terms(ex, &sealed_new, true).await?;
    write_tags_and_terms(ex, &sealed_changed, false).await?;
    Ok(())
}
