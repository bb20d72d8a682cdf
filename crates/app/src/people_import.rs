//! Importing rosters of people as street offices send them: the header found below title rows,
//! Chinese header aliases, blank and footer rows skipped, communities named by code or by name
//! (within the row's street), every refused row reported with its line and reason. A dry run
//! first; then every valid row in one transaction.

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::import::{find_header, Header, Table};
use crate::people::{
    seal, today, validate, write_tags_and_terms, FieldProblem, PersonInput, Sealed, IDX_ID,
};
use crate::{App, AppError, Origin};
use jinguo_db::people as store;
use jinguo_db::units::Unit;
use jinguo_domain::{Scope, UnitCode};
use serde_json::json;
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
    (
        "phone",
        &[
            "phone",
            "联系电话",
            "手机号",
            "手机号码",
            "电话",
            "联系方式",
            "手机",
        ],
    ),
    ("sex", &["sex", "性别"]),
    (
        "street",
        &[
            "street",
            "所属街道",
            "街道",
            "镇街",
            "街道（镇）",
            "乡镇街道",
        ],
    ),
    (
        "community",
        &[
            "community",
            "所属社区",
            "社区",
            "村居",
            "社区（村）",
            "村（社区）",
            "村社区",
        ],
    ),
    ("unit_code", &["unit_code", "单位代码", "区划代码"]),
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

/// Words that open the signature lines under a roster (填表人：… 审核人：…).
const FOOTER_WORDS: &[&str] = &[
    "填表人",
    "审核人",
    "制表",
    "负责人",
    "填报人",
    "填报单位",
    "审核",
    "联系人",
    "填表日期",
    "合计",
    "注：",
];

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The unit for rows that name none.
    pub default_unit: Option<String>,
    pub dry_run: bool,
    /// With any rejected row, write nothing.
    pub all_or_nothing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub field: &'static str,
    pub code: &'static str,
    pub detail: String,
    /// The row as it was in the file, so the rejected-rows sheet can be corrected and re-imported.
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub rows: u64,
    pub imported: u64,
    pub updated: u64,
    pub rejected: u64,
    pub skipped: u64,
    pub problems: Vec<RowProblem>,
    /// The file's header row, for the rejected-rows sheet.
    pub header: Vec<String>,
    /// Whether the valid rows were committed.
    pub written: bool,
}

/// Who imports: a signed-in user (their scope bounds the units) or the operator at the CLI.
pub enum Importer<'a> {
    User(&'a Caller),
    Operator(&'a Origin),
}

impl Importer<'_> {
    fn scope(&self) -> Option<Scope> {
        match self {
            Importer::User(c) => Some(c.scope()),
            Importer::Operator(_) => None,
        }
    }
}

/// Unit names as rosters write them: 少林社区居委会, 少林社区 and 少林 are one community.
fn name_forms(name: &str) -> [String; 2] {
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let mut full = compact.clone();
    for suffix in [
        "居民委员会",
        "村民委员会",
        "社区居委会",
        "居委会",
        "村委会",
        "委员会",
        "街道办事处",
        "办事处",
    ] {
        if let Some(stripped) = full.strip_suffix(suffix) {
            full = match suffix {
                "社区居委会" => format!("{stripped}社区"),
                "村委会" | "村民委员会" => format!("{stripped}村"),
                "街道办事处" => format!("{stripped}街道"),
                _ => stripped.to_owned(),
            };
            break;
        }
    }
    let mut short = full.clone();
    for suffix in ["社区", "街道", "村", "镇", "乡"] {
        if let Some(stripped) = short
            .strip_suffix(suffix)
            .filter(|s| s.chars().count() >= 2)
        {
            short = stripped.to_owned();
            break;
        }
    }
    [full, short]
}

/// Finds units by code or name in the tree the importer may write to.
struct UnitResolver {
    units: HashMap<String, Unit>,
    streets: HashMap<String, Vec<String>>,
    communities: HashMap<String, Vec<String>>,
}

impl UnitResolver {
    fn new(units: Vec<Unit>) -> UnitResolver {
        let mut r = UnitResolver {
            units: HashMap::new(),
            streets: HashMap::new(),
            communities: HashMap::new(),
        };
        for unit in units {
            let index = if unit.level == "street" {
                &mut r.streets
            } else {
                &mut r.communities
            };
            for form in name_forms(&unit.name) {
                let codes = index.entry(form).or_default();
                if !codes.contains(&unit.code) {
                    codes.push(unit.code.clone());
                }
            }
            r.units.insert(unit.code.clone(), unit);
        }
        r
    }

    fn by_code(&self, text: &str) -> Option<&Unit> {
        UnitCode::parse(text)
            .ok()
            .and_then(|c| self.units.get(c.as_str()))
    }

    /// The one unit a name means (exact form first, then the short form), within `parent`.
    fn by_name(
        &self,
        index: &HashMap<String, Vec<String>>,
        text: &str,
        parent: Option<&str>,
    ) -> Result<Option<String>, &'static str> {
        for form in name_forms(text) {
            let Some(codes) = index.get(&form) else {
                continue;
            };
            let within: Vec<&String> = codes
                .iter()
                .filter(|c| {
                    parent.is_none_or(|p| {
                        self.units.get(*c).and_then(|u| u.parent_code.as_deref()) == Some(p)
                    })
                })
                .collect();
            match within.len() {
                0 => continue,
                1 => return Ok(Some(within[0].clone())),
                _ => return Err("ambiguous_community"),
            }
        }
        Ok(None)
    }

    /// The row's unit: a unit code column, else the community (by code, or by name within the
    /// street), else the street, else the default.
    fn resolve(
        &self,
        header: &Header,
        row: &[String],
        default: Option<&str>,
    ) -> Result<String, FieldProblem> {
        let code_cell = header.cell(row, "unit_code").trim();
        if !code_cell.is_empty() {
            return self
                .by_code(code_cell)
                .map(|u| u.code.clone())
                .ok_or_else(|| problem("unit_code", "unknown_unit", code_cell));
        }
        let street_cell = header.cell(row, "street").trim();
        let street = if street_cell.is_empty() {
            None
        } else {
            let found = match self.by_code(street_cell) {
                Some(u) => Some(u.code.clone()),
                None => self
                    .by_name(&self.streets, street_cell, None)
                    .map_err(|c| problem("street", c, street_cell))?,
            };
            Some(found.ok_or_else(|| problem("street", "unknown_street", street_cell))?)
        };
        let community_cell = header.cell(row, "community").trim();
        if !community_cell.is_empty() {
            if let Some(u) = self.by_code(community_cell) {
                return Ok(u.code.clone());
            }
            let found = self
                .by_name(&self.communities, community_cell, street.as_deref())
                .map_err(|c| problem("community", c, community_cell))?;
            return found.ok_or_else(|| problem("community", "unknown_community", community_cell));
        }
        if let Some(street) = street {
            return Ok(street);
        }
        default
            .map(str::to_owned)
            .ok_or_else(|| problem("community", "unit_missing", ""))
    }
}

fn problem(field: &'static str, code: &'static str, detail: &str) -> FieldProblem {
    FieldProblem {
        field,
        code,
        detail: detail.to_owned(),
    }
}

fn is_blank(row: &[String]) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}

/// A signature or total line under the table: no name and no ID number, or a cell that opens
/// with 填表人/审核人/制表….
fn is_footer(header: &Header, row: &[String]) -> bool {
    let name = header.cell(row, "name").trim();
    let id = header.cell(row, "id_number").trim();
    let signature = row
        .iter()
        .any(|c| FOOTER_WORDS.iter().any(|w| c.trim_start().starts_with(w)));
    (name.is_empty() && id.is_empty()) || (signature && (id.is_empty() || name.is_empty()))
}

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

/// Rows validated together, then matched and written together: large, so the search terms of a
/// chunk, written in key order, land on neighbouring index pages.
const CHUNK: usize = 20_000;

pub async fn import_people(
    app: &App,
    importer: Importer<'_>,
    table: &Table,
    options: &ImportOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportReport, AppError> {
    if let Importer::User(caller) = &importer {
        if !caller.role.writes_people() {
            return Err(AppError::Forbidden);
        }
    }
    let header = find_header(table, ALIASES, &["name", "id_number"])
        .ok_or_else(|| AppError::invalid_detail("file", "missing_header", "姓名, 身份证号码"))?;
    let scope = importer.scope();
    let units = match &scope {
        Some(scope) => jinguo_db::units::list_under(&mut app.db.ex(), scope.unit()).await?,
        None => all_units_everywhere(app).await?,
    };
    let resolver = UnitResolver::new(units);
    let default_unit = match options
        .default_unit
        .as_deref()
        .filter(|u| !u.trim().is_empty())
    {
        None => None,
        Some(raw) => Some(
            resolver
                .by_code(raw)
                .map(|u| u.code.clone())
                .ok_or_else(|| AppError::invalid_detail("unit", "unknown_unit", raw))?,
        ),
    };
    // A dry pass first when nothing may be written unless every row is good.
    let write = !options.dry_run && !options.all_or_nothing;
    let mut report = run(
        app,
        &importer,
        table,
        &header,
        &resolver,
        default_unit.as_deref(),
        write,
        progress,
    )
    .await?;
    if options.all_or_nothing && !options.dry_run && report.rejected == 0 {
        report = run(
            app,
            &importer,
            table,
            &header,
            &resolver,
            default_unit.as_deref(),
            true,
            progress,
        )
        .await?;
    }
    Ok(report)
}

async fn all_units_everywhere(app: &App) -> Result<Vec<Unit>, AppError> {
    let rows = app
        .db
        .ex()
        .fetch_all(jinguo_db::sql(
            "SELECT code FROM units WHERE parent_code IS NULL",
        ))
        .await?;
    let mut units = Vec::new();
    for root in rows {
        let code: String = root.get("code")?;
        let code = UnitCode::parse(&code)
            .map_err(|_| AppError::Internal(format!("bad unit code {code}")))?;
        units.extend(jinguo_db::units::list_under(&mut app.db.ex(), &code).await?);
    }
    Ok(units)
}

/// A valid row waiting to be matched and written.
struct Pending {
    line: usize,
    cells: Vec<String>,
    valid: crate::people::ValidPerson,
    index: String,
}

#[allow(clippy::too_many_arguments)]
async fn run(
    app: &App,
    importer: &Importer<'_>,
    table: &Table,
    header: &Header,
    resolver: &UnitResolver,
    default_unit: Option<&str>,
    write: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportReport, AppError> {
    let today = today(app);
    let now = app.now();
    let mut report = ImportReport {
        header: table.rows[header.row].clone(),
        ..ImportReport::default()
    };
    let mut first_line_of: HashMap<[u8; 8], usize> = HashMap::new();
    let mut tx = if write {
        Some(app.db.begin().await?)
    } else {
        None
    };
    if let Some(tx) = tx.as_mut() {
        tx.ex().bulk_cache(true).await?;
    }
    let data_rows = table.rows.len().saturating_sub(header.row + 1);
    let mut pending: Vec<Pending> = Vec::with_capacity(CHUNK);
    for (i, row) in table.rows.iter().enumerate().skip(header.row + 1) {
        let line = table.lines[i];
        if is_blank(row) || is_footer(header, row) {
            report.skipped += 1;
            continue;
        }
        report.rows += 1;
        let checked = resolver
            .resolve(header, row, default_unit)
            .and_then(|unit| validate(&input_of(header, row, unit), today));
        match checked {
            Err(p) => report.problems.push(RowProblem {
                line,
                field: p.field,
                code: p.code,
                detail: p.detail,
                cells: row.clone(),
            }),
            Ok(valid) => {
                let index = app.cipher.blind_index(IDX_ID, valid.id_number.as_str());
                let key = short_key(&index);
                if let Some(first) = first_line_of.get(&key) {
                    let detail = format!("{} (line {first})", valid.id_number.masked());
                    report.problems.push(RowProblem {
                        line,
                        field: "id_number",
                        code: "duplicate_in_file",
                        detail,
                        cells: row.clone(),
                    });
                } else {
                    first_line_of.insert(key, line);
                    pending.push(Pending {
                        line,
                        valid,
                        index,
                        cells: row.clone(),
                    });
                }
            }
        }
        if pending.len() >= CHUNK {
            let mut ex = tx.as_mut().map(|t| t.ex());
            flush(app, importer, &mut pending, &mut report, ex.as_mut(), now).await?;
            progress(i + 1 - header.row - 1, data_rows);
        }
    }
    {
        let mut ex = tx.as_mut().map(|t| t.ex());
        flush(app, importer, &mut pending, &mut report, ex.as_mut(), now).await?;
    }
    report.rejected = report.problems.len() as u64;
    report.problems.sort_by_key(|p| p.line);
    if let Some(mut tx) = tx {
        let (actor_id, actor, origin) = match importer {
            Importer::User(c) => (Some(c.user_id), c.username.as_str(), &c.origin),
            Importer::Operator(origin) => (None, "cli", *origin),
        };
        let detail = json!({
            "rows": report.rows, "imported": report.imported, "updated": report.updated,
            "rejected": report.rejected, "skipped": report.skipped,
        });
        let entry = Entry {
            actor_id,
            actor,
            origin,
            action: "import",
            entity: "person",
            entity_id: String::new(),
            unit_code: None,
            detail,
        };
        audit::append(&mut tx.ex(), entry, now).await?;
        tx.ex().bulk_cache(false).await?;
        tx.commit().await?;
        report.written = true;
    }
    progress(data_rows, data_rows);
    Ok(report)
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
    let scope = importer.scope();
    let mut new_rows = Vec::new();
    let mut changed_rows = Vec::new();
    for p in pending.drain(..) {
        match existing.get(&p.index) {
            Some((_, _, unit))
                if scope
                    .as_ref()
                    .is_some_and(|s| !UnitCode::parse(unit).is_ok_and(|u| s.covers(&u))) =>
            {
                let detail = p.valid.id_number.masked();
                report.problems.push(RowProblem {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names_match_in_their_roster_forms() {
        assert_eq!(
            name_forms("少林社区居委会"),
            ["少林社区".to_owned(), "少林".to_owned()]
        );
        assert_eq!(
            name_forms("少林社区"),
            ["少林社区".to_owned(), "少林".to_owned()]
        );
        assert_eq!(
            name_forms("浔美村委会"),
            ["浔美村".to_owned(), "浔美".to_owned()]
        );
        assert_eq!(
            name_forms("东湖街道"),
            ["东湖街道".to_owned(), "东湖".to_owned()]
        );
    }
}
