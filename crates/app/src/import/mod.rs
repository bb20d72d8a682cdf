//! Reading the tables people send: CSV (UTF-8 with or without BOM, or GBK/GB18030 as Chinese
//! Excel writes it) and spreadsheets (xlsx, xls, ods). Every import finds its header row among
//! the first rows, maps header aliases to fields, and reports problems by the line number the
//! user sees in the file.
//!
//! The rows of a roster import (people, enterprises) go through the same steps, kept here: blank
//! and footer rows skipped, the row's unit found by street and community name or code, every
//! refused row kept with its line, field and reason, a dry pass before an all-or-nothing write,
//! the summary, the audit record, and the sheet of rejected rows.

mod sheet;
mod spool;

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::people::FieldProblem;
use crate::{App, AppError, Origin};
use calamine::Data;
use jinguo_db::units::Unit;
use jinguo_domain::{Scope, UnitCode};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde_json::json;
pub use sheet::{cell_reference, Row, Rows, SheetFile, Source, MAX_COLUMNS};
pub use spool::{clear_spool, Upload, UploadedSheet};
use std::collections::HashMap;

/// A table as text cells; `lines[i]` is the 1-based line (row) number of `rows[i]` in the file.
/// For rows made in memory (the demo district, tests); files are read row by row (`SheetFile`).
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Vec<String>>,
    pub lines: Vec<usize>,
}

/// How many rows from the top to search for the header (title rows above it are common).
const HEADER_SEARCH_ROWS: usize = 10;

/// The most data rows one import reads; the row after is `too_many_rows`, and nothing of the
/// file is written.
pub const MAX_DATA_ROWS: u64 = 1_000_000;

/// UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else GB18030 (a superset of GBK).
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// CSV text in memory (a bundled file) as a table.
pub fn read_csv(bytes: &[u8]) -> Result<Table, AppError> {
    let text = decode_text(bytes);
    let mut table = Table::default();
    for row in sheet::csv_records(text.as_bytes()) {
        let row = row?;
        table.rows.push(row.cells);
        table.lines.push(row.line);
    }
    Ok(table)
}

/// The first rows of a source, where its header is looked for, and the rest still unread.
pub fn head_of(source: &dyn Source) -> Result<(Vec<Row>, Rows<'_>), AppError> {
    let mut rows = source.rows()?;
    let mut head = Vec::with_capacity(HEADER_SEARCH_ROWS);
    while head.len() < HEADER_SEARCH_ROWS {
        match rows.next() {
            Some(row) => head.push(row?),
            None => break,
        }
    }
    Ok((head, rows))
}

/// A cell as the user typed it. Whole numbers print without a decimal point; a large number
/// keeps the digits Excel stored, which lets callers recognize an Excel-mangled ID number.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        // A number Excel could not keep whole (an 18-digit ID number or credit code typed
        // into a number cell): shown as Excel shows it, 3.50503E+17, so that the field's check
        // says the column was turned into a number instead of naming a wrong check digit.
        Data::Float(f) if f.abs() >= 1e15 => as_excel_shows(*f),
        other => other.to_string().trim().to_owned(),
    }
}

fn as_excel_shows(f: f64) -> String {
    let scientific = format!("{f:E}");
    match scientific.split_once('E') {
        Some((mantissa, exponent)) if !exponent.starts_with('-') => {
            format!("{mantissa}E+{exponent}")
        }
        _ => scientific,
    }
}

/// Where each field's column is, found by the field's header aliases.
#[derive(Debug, Clone)]
pub struct Header {
    /// The header's position among the rows read from the top (0 for the first row).
    pub row: usize,
    pub columns: HashMap<&'static str, usize>,
}

impl Header {
    pub fn cell<'r>(&self, row: &'r [String], field: &str) -> &'r str {
        self.columns
            .get(field)
            .and_then(|&i| row.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Normalizes a header cell for comparison: no spaces, no asterisks marking required columns,
/// no full-width parentheses remarks, lower-case.
fn normalize_header(cell: &str) -> String {
    let cut = cell.find(['(', '（']).unwrap_or(cell.len());
    cell[..cut]
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect::<String>()
        .to_lowercase()
}

/// The first row among the top rows of a table that names every `required` field.
pub fn find_header(
    table: &Table,
    aliases: &[(&'static str, &[&str])],
    required: &[&str],
) -> Option<Header> {
    header_among(table.rows.iter().map(Vec::as_slice), aliases, required)
}

/// The first row among the first rows read (`head_of`) that names every `required` field.
pub fn find_header_in(
    head: &[Row],
    aliases: &[(&'static str, &[&str])],
    required: &[&str],
) -> Option<Header> {
    header_among(head.iter().map(|r| r.cells.as_slice()), aliases, required)
}

fn header_among<'r>(
    rows: impl Iterator<Item = &'r [String]>,
    aliases: &[(&'static str, &[&str])],
    required: &[&str],
) -> Option<Header> {
    rows.take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(row_index, row)| {
            let normalized: Vec<String> = row.iter().map(|c| normalize_header(c)).collect();
            let mut columns = HashMap::new();
            for (field, names) in aliases {
                if let Some(i) = normalized
                    .iter()
                    .position(|c| names.iter().any(|n| normalize_header(n) == *c))
                {
                    columns.insert(*field, i);
                }
            }
            required
                .iter()
                .all(|f| columns.contains_key(f))
                .then_some(Header {
                    row: row_index,
                    columns,
                })
        })
}

// ---- the rows of a roster import ----

/// The columns that place a row in the org tree, shared by every roster import.
pub const UNIT_ALIASES: &[(&str, &[&str])] = &[
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
];

/// The column of a person's phone number, as rosters of people and of trainees head it.
pub const PHONE_ALIASES: (&str, &[&str]) = (
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
);

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

impl RowProblem {
    /// About what the problem holds in memory.
    fn size(&self) -> usize {
        let cells: usize = self
            .cells
            .iter()
            .map(|c| std::mem::size_of::<String>() + c.len())
            .sum();
        std::mem::size_of::<RowProblem>() + self.detail.len() + cells
    }

    pub fn of(line: usize, problem: FieldProblem, cells: &[String]) -> RowProblem {
        RowProblem {
            line,
            field: problem.field,
            code: problem.code,
            detail: problem.detail,
            cells: cells.to_vec(),
        }
    }
}

/// The rejected rows an import keeps with their cells and reasons, for the answer and the
/// rejected-rows sheet; rows rejected beyond are counted (`rejected`) but not listed.
pub const MAX_PROBLEMS_KEPT: usize = 10_000;

/// The bytes those kept rows may hold together (cells of a very wide or long row count whole),
/// so that the list of problems stays bounded whatever the rows hold.
const PROBLEM_BYTES_KEPT: usize = 32 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub rows: u64,
    pub imported: u64,
    pub updated: u64,
    pub rejected: u64,
    pub skipped: u64,
    /// The first rejected rows (at most `MAX_PROBLEMS_KEPT`), by line.
    pub problems: Vec<RowProblem>,
    /// Rows taken with a warning (a job posting's preference for mothers), by line; kept
    /// within the same bounds as `problems`.
    pub warnings: Vec<RowProblem>,
    /// The file's header row, for the rejected-rows sheet.
    pub header: Vec<String>,
    /// Whether the valid rows were committed.
    pub written: bool,
    /// What the kept problems hold, against `PROBLEM_BYTES_KEPT`.
    kept_bytes: usize,
}

impl ImportReport {
    fn new(header_cells: Vec<String>) -> ImportReport {
        ImportReport {
            header: header_cells,
            ..ImportReport::default()
        }
    }

    /// `{"rows","imported","updated","rejected","skipped"}`: what the CLI prints and the API
    /// answers.
    pub fn summary(&self) -> serde_json::Value {
        json!({
            "rows": self.rows, "imported": self.imported, "updated": self.updated,
            "rejected": self.rejected, "skipped": self.skipped,
        })
    }

    /// Counts a rejected row, and keeps it while the list has room.
    pub fn reject(&mut self, problem: RowProblem) {
        self.rejected += 1;
        let size = problem.size();
        if self.problems.len() < MAX_PROBLEMS_KEPT && self.kept_bytes + size <= PROBLEM_BYTES_KEPT {
            self.kept_bytes += size;
            self.problems.push(problem);
        }
    }

    /// Keeps the warning of a row that was taken, while the lists have room.
    pub fn warn(&mut self, problem: RowProblem) {
        let size = problem.size();
        if self.warnings.len() < MAX_PROBLEMS_KEPT && self.kept_bytes + size <= PROBLEM_BYTES_KEPT {
            self.kept_bytes += size;
            self.warnings.push(problem);
        }
    }

    /// The rejected rows counted but not listed in `problems`.
    pub fn problems_left_out(&self) -> u64 {
        self.rejected - self.problems.len() as u64
    }

    /// Orders the rejected rows by line.
    fn close(&mut self) {
        self.problems.sort_by_key(|p| p.line);
        self.warnings.sort_by_key(|p| p.line);
    }
}

/// Who imports: a signed-in user (their scope bounds the units) or the operator at the CLI.
pub enum Importer<'a> {
    User(&'a Caller),
    Operator(&'a Origin),
}

impl Importer<'_> {
    pub fn scope(&self) -> Option<Scope> {
        match self {
            Importer::User(c) => Some(c.scope()),
            Importer::Operator(_) => None,
        }
    }

    /// Whether a record of this unit lies outside what the importer may change.
    pub fn cannot_write(&self, unit_code: &str) -> bool {
        self.scope()
            .is_some_and(|s| !UnitCode::parse(unit_code).is_ok_and(|u| s.covers(&u)))
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
pub struct UnitResolver {
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

    /// The units the importer may write to, and the default unit of the options checked
    /// against them.
    async fn prepare(
        app: &App,
        importer: &Importer<'_>,
        options: &ImportOptions,
    ) -> Result<(UnitResolver, Option<String>), AppError> {
        let units = match importer.scope() {
            Some(scope) => jinguo_db::units::list_under(&mut app.db.ex(), scope.unit()).await?,
            None => jinguo_db::units::list_all(&mut app.db.ex()).await?,
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
        Ok((resolver, default_unit))
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

    /// Why a community named in a row was not found: it lies in another street than the row's
    /// (said with its street, which is the usual mistake), or no community has the name.
    fn not_in_street(&self, community: &str, street_given: bool) -> FieldProblem {
        let elsewhere = street_given
            .then(|| {
                self.by_name(&self.communities, community, None)
                    .ok()
                    .flatten()
            })
            .flatten()
            .and_then(|code| self.units.get(&code))
            .and_then(|u| u.parent_code.as_deref())
            .and_then(|p| self.units.get(p));
        match elsewhere {
            Some(street) => FieldProblem::new(
                "community",
                "community_in_other_street",
                format!("{community} → {}", street.name),
            ),
            None => FieldProblem::new("community", "unknown_community", community),
        }
    }

    /// The row's unit: a unit code column, else the community (by code, or by name within the
    /// street), else the street, else the default.
    pub(crate) fn resolve(
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
                .ok_or_else(|| FieldProblem::new("unit_code", "unknown_unit", code_cell));
        }
        let street_cell = header.cell(row, "street").trim();
        let street = if street_cell.is_empty() {
            None
        } else {
            let found = match self.by_code(street_cell) {
                Some(u) => Some(u.code.clone()),
                None => self
                    .by_name(&self.streets, street_cell, None)
                    .map_err(|c| FieldProblem::new("street", c, street_cell))?,
            };
            Some(found.ok_or_else(|| FieldProblem::new("street", "unknown_street", street_cell))?)
        };
        let community_cell = header.cell(row, "community").trim();
        if !community_cell.is_empty() {
            if let Some(u) = self.by_code(community_cell) {
                return Ok(u.code.clone());
            }
            let found = self
                .by_name(&self.communities, community_cell, street.as_deref())
                .map_err(|c| FieldProblem::new("community", c, community_cell))?;
            return found.ok_or_else(|| self.not_in_street(community_cell, street.is_some()));
        }
        if let Some(street) = street {
            return Ok(street);
        }
        default
            .map(str::to_owned)
            .ok_or_else(|| FieldProblem::new("community", "unit_missing", ""))
    }
}

fn is_blank(row: &[String]) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}

/// A signature or total line under the table: none of the key columns filled, or a cell that
/// opens with 填表人/审核人/制表… while a key column is empty.
fn is_footer(header: &Header, row: &[String], keys: &[&str]) -> bool {
    let empty: Vec<bool> = keys
        .iter()
        .map(|k| header.cell(row, k).trim().is_empty())
        .collect();
    let signature = row
        .iter()
        .any(|c| FOOTER_WORDS.iter().any(|w| c.trim_start().starts_with(w)));
    empty.iter().all(|e| *e) || (signature && empty.iter().any(|e| *e))
}

/// What the templates write before their example row's first cell, so that a template sent back
/// with the example still in it imports only the real rows.
pub const SAMPLE_MARK: &str = "【示例】";

/// The template's example row (its first filled cell opens with the mark, or with 示例).
pub(crate) fn is_sample(row: &[String]) -> bool {
    row.iter()
        .map(|c| c.trim())
        .find(|c| !c.is_empty())
        .is_some_and(|first| first.starts_with(SAMPLE_MARK) || first.starts_with("示例"))
}

/// A use case's refusal of a row's values as the row's problem, in the column `column_of` names
/// for the refused field; a failure that is not about the row (the store, the disk) ends the
/// import.
pub(crate) fn row_problem(
    e: AppError,
    column_of: impl Fn(Option<&str>) -> &'static str,
) -> Result<FieldProblem, AppError> {
    match e {
        AppError::Invalid {
            code,
            field,
            detail,
        } => Ok(FieldProblem::new(
            column_of(field.as_deref()),
            code,
            detail.unwrap_or_default(),
        )),
        other => Err(other),
    }
}

/// A file with more data rows than `MAX_DATA_ROWS`, refused.
pub(crate) fn too_many_rows() -> AppError {
    AppError::invalid_detail("file", "too_many_rows", MAX_DATA_ROWS.to_string())
}

/// One pass over the data rows of a file, read one at a time: the rows under the header, less
/// the blank and footer rows (counted as skipped). The row after the `MAX_DATA_ROWS`th is an
/// error, before anything past it is read.
pub struct DataRows<'a> {
    head: std::vec::IntoIter<Row>,
    rest: Rows<'a>,
    header: &'a Header,
    keys: &'a [&'a str],
}

impl<'a> DataRows<'a> {
    /// The data rows of `source` under `header` (found by `find_header_in` among its first rows).
    pub fn new(
        source: &'a dyn Source,
        header: &'a Header,
        keys: &'a [&'a str],
    ) -> Result<DataRows<'a>, AppError> {
        let (head, rest) = head_of(source)?;
        let mut head = head.into_iter();
        head.nth(header.row);
        Ok(DataRows {
            head,
            rest,
            header,
            keys,
        })
    }

    /// The next data row, counted in `report` (`rows`, or `skipped` for those passed over).
    pub fn next(&mut self, report: &mut ImportReport) -> Result<Option<Row>, AppError> {
        loop {
            let row = match self.head.next() {
                Some(row) => row,
                None => match self.rest.next() {
                    Some(row) => row?,
                    None => return Ok(None),
                },
            };
            if is_blank(&row.cells)
                || is_footer(self.header, &row.cells, self.keys)
                || is_sample(&row.cells)
            {
                report.skipped += 1;
                continue;
            }
            if report.rows >= MAX_DATA_ROWS {
                return Err(too_many_rows());
            }
            report.rows += 1;
            return Ok(Some(row));
        }
    }
}

/// The columns of an import: the header aliases of its fields, the key fields a row must have
/// one of (and the header must name), and how the key columns are called in the message when
/// the header is missing.
pub struct Layout {
    pub aliases: &'static [(&'static str, &'static [&'static str])],
    pub keys: &'static [&'static str],
    pub missing: &'static str,
}

/// What every pass over an import's rows works with: the file, its header, the units the
/// importer may write to and the default one.
pub struct Plan<'a> {
    pub app: &'a App,
    pub importer: &'a Importer<'a>,
    pub source: &'a dyn Source,
    pub header: Header,
    /// The header row's cells, for the rejected-rows sheet.
    header_cells: Vec<String>,
    pub resolver: UnitResolver,
    pub default_unit: Option<String>,
}

impl<'a> Plan<'a> {
    /// Finds the header by the layout's aliases (and the unit columns every import has).
    pub async fn new(
        app: &'a App,
        importer: &'a Importer<'a>,
        source: &'a dyn Source,
        options: &ImportOptions,
        layout: &Layout,
    ) -> Result<Plan<'a>, AppError> {
        let aliases: Vec<_> = layout.aliases.iter().chain(UNIT_ALIASES).copied().collect();
        let (head, _) = head_of(source)?;
        let header = find_header_in(&head, &aliases, layout.keys)
            .ok_or_else(|| AppError::invalid_detail("file", "missing_header", layout.missing))?;
        let header_cells = head
            .into_iter()
            .nth(header.row)
            .map(|r| r.cells)
            .unwrap_or_default();
        let (resolver, default_unit) = UnitResolver::prepare(app, importer, options).await?;
        Ok(Plan {
            app,
            importer,
            source,
            header,
            header_cells,
            resolver,
            default_unit,
        })
    }

    /// A pass over the file's data rows, and the report that counts them.
    pub fn data_rows(&self, keys: &'a [&'a str]) -> Result<(DataRows<'_>, ImportReport), AppError> {
        let rows = DataRows::new(self.source, &self.header, keys)?;
        Ok((rows, ImportReport::new(self.header_cells.clone())))
    }

    /// The row's unit (see `UnitResolver::resolve`).
    pub fn unit_of(&self, row: &[String]) -> Result<String, FieldProblem> {
        self.resolver
            .resolve(&self.header, row, self.default_unit.as_deref())
    }
}

/// Runs an import pass: once, writing unless a dry run; or, for all-or-nothing, a dry pass
/// first and the writing pass only when it rejected nothing.
pub async fn two_passes<F, Fut>(options: &ImportOptions, run: F) -> Result<ImportReport, AppError>
where
    F: Fn(bool) -> Fut,
    Fut: std::future::Future<Output = Result<ImportReport, AppError>>,
{
    let write = !options.dry_run && !options.all_or_nothing;
    let report = run(write).await?;
    if options.all_or_nothing && !options.dry_run && report.rejected == 0 {
        return run(true).await;
    }
    Ok(report)
}

/// Closes the report, records the import in the audit log and commits its transaction.
pub async fn commit(
    app: &crate::App,
    mut tx: jinguo_db::Tx,
    importer: &Importer<'_>,
    entity: &str,
    report: &mut ImportReport,
    now: i64,
) -> Result<(), AppError> {
    report.close();
    let (actor_id, actor, origin) = match importer {
        Importer::User(c) => (Some(c.user_id), c.username.as_str(), &c.origin),
        Importer::Operator(origin) => (None, "cli", *origin),
    };
    let entry = Entry {
        actor_id,
        actor,
        origin,
        action: "import",
        entity,
        entity_id: String::new(),
        unit_code: None,
        detail: report.summary(),
    };
    audit::append(app, &mut tx.ex(), entry, now).await?;
    tx.ex().bulk_cache(false).await?;
    tx.commit().await?;
    report.written = true;
    Ok(())
}

/// Closes the report of a pass that wrote nothing.
pub fn dry(mut report: ImportReport) -> ImportReport {
    report.close();
    report
}

fn xlsx(e: XlsxError) -> AppError {
    AppError::Internal(format!("writing the spreadsheet: {e}"))
}

/// Every rejected row kept with its line number, field and reason (localized by the callers),
/// then the row's own cells under the file's header, so the sheet can be corrected and imported
/// again; `left_out`, when rows were rejected beyond those kept, is a last line saying so.
pub fn problems_xlsx(
    header: &[String],
    problems: &[RowProblem],
    left_out: Option<String>,
    field_label: &dyn Fn(&RowProblem) -> String,
    reason: &dyn Fn(&RowProblem) -> String,
) -> Result<Vec<u8>, AppError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("未导入的行").map_err(xlsx)?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let titles = ["行号", "字段", "原因"]
        .iter()
        .map(|t| t.to_string())
        .chain(header.iter().cloned());
    for (col, title) in titles.enumerate() {
        sheet
            .write_string_with_format(0, col as u16, title, &bold)
            .map_err(xlsx)?;
    }
    for (i, p) in problems.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_number(row, 0, p.line as f64).map_err(xlsx)?;
        sheet.write_string(row, 1, field_label(p)).map_err(xlsx)?;
        sheet.write_string(row, 2, reason(p)).map_err(xlsx)?;
        for (j, cell) in p.cells.iter().enumerate() {
            sheet
                .write_string_with_format(row, 3 + j as u16, cell, &text)
                .map_err(xlsx)?;
        }
    }
    if let Some(note) = left_out {
        let row = problems.len() as u32 + 1;
        sheet.write_string(row, 2, note).map_err(xlsx)?;
    }
    sheet.set_column_width(2, 50).map_err(xlsx)?;
    workbook.save_to_buffer().map_err(xlsx)
}

/// The blank template every import page offers: the expected headers, one example row (marked
/// 【示例】 and skipped when the file comes back with it), every
/// column formatted as text (so Excel keeps ID numbers, credit codes and phones as typed).
pub fn template_xlsx(
    sheet_name: &str,
    header: &[&str],
    example: &[&str],
    widths: &[(u16, f64)],
) -> Result<Vec<u8>, AppError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).map_err(xlsx)?;
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    for (col, title) in header.iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string_with_format(0, col, *title, &bold)
            .map_err(xlsx)?;
        sheet.set_column_format(col, &text).map_err(xlsx)?;
        let value = example.get(col as usize).copied().unwrap_or("");
        let value = if col == 0 {
            format!("{SAMPLE_MARK}{value}")
        } else {
            value.to_owned()
        };
        sheet
            .write_string_with_format(1, col, &value, &text)
            .map_err(xlsx)?;
    }
    for (col, width) in widths {
        sheet.set_column_width(*col, *width).map_err(xlsx)?;
    }
    workbook.save_to_buffer().map_err(xlsx)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_long_number_cell_reads_as_excel_shows_it() {
        assert_eq!(
            cell_text(&Data::Float(350503196808080000.0)),
            "3.5050319680808E+17"
        );
        assert_eq!(
            cell_text(&Data::Float(350503680808006.0)),
            "350503680808006"
        );
        assert_eq!(cell_text(&Data::Float(13905951234.0)), "13905951234");
    }
    use super::*;

    #[test]
    fn the_templates_example_row_is_skipped_and_real_rows_are_not() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert!(is_sample(&row(&["【示例】王芳", "350503199003071283"])));
        assert!(is_sample(&row(&["", "示例：王芳"])));
        assert!(!is_sample(&row(&["王芳", "示例"])));
    }

    #[test]
    fn gbk_and_bom_text_decode_to_the_same_string() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,所属社区");
        assert_eq!(decode_text(&gbk), "姓名,所属社区");
        assert_eq!(decode_text("\u{FEFF}姓名".as_bytes()), "姓名");
        assert_eq!(decode_text("姓名".as_bytes()), "姓名");
    }

    #[test]
    fn the_header_is_found_below_title_rows() {
        let table = read_csv(
            "丰泽区单位表,,\n,,\n 代码 ,名称*,上级代码（可空）\n350503000000,丰泽区,\n".as_bytes(),
        )
        .expect("csv");
        let aliases: &[(&'static str, &[&str])] = &[
            ("code", &["code", "代码"]),
            ("name", &["name", "名称"]),
            ("parent_code", &["parent_code", "上级代码"]),
        ];
        let header = find_header(&table, aliases, &["code", "name"]).expect("header");
        assert_eq!(header.row, 2);
        assert_eq!(header.cell(&table.rows[3], "name"), "丰泽区");
        assert_eq!(table.lines[3], 4);
    }

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

    #[test]
    fn whole_numbers_print_without_a_decimal_point() {
        assert_eq!(cell_text(&Data::Float(350503001001.0)), "350503001001");
        // Too long for Excel to keep whole: as Excel shows it (the field names the mangling).
        assert_eq!(cell_text(&Data::Float(3.50503e17)), "3.50503E+17");
        assert_eq!(cell_text(&Data::String(" 东湖 ".into())), "东湖");
    }
}
