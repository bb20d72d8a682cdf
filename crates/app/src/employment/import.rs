//! Enterprises in and out of files. The import reads the registers street offices keep (xlsx,
//! xls, ods, csv) with the people import's machinery — header found below title rows, Chinese
//! header aliases, footer rows skipped, units by street and community name or code, every refused
//! row reported with its line and reason, a dry run, all-or-nothing, one transaction — and checks
//! each row with the one validation of an enterprise. A credit code already registered updates
//! that enterprise. The export writes what the enterprise list shows, in the import's columns.

use super::enterprises::{contact_phone, filter_of, sealed, validate, EnterpriseInput};
use super::enterprises::{EnterpriseQuery, ValidEnterprise};
use crate::audit;
use crate::auth::Caller;
use crate::export::{CsvSheet, XlsxSheet};
use crate::import::{Header, Layout, Plan, Source, UNIT_ALIASES};
use crate::import::{ImportOptions, ImportReport, Importer, RowProblem};
use crate::people::{id_error, today, FieldProblem, IDX_ID};
use crate::people_export::UnitNames;
use crate::{App, AppError};
use jinguo_db::employment::{self as store, EnterpriseRow};
use jinguo_domain::employment::{CreditCode, CreditCodeError, Industry};
use jinguo_domain::identity::normalize_digits;
use jinguo_domain::IdNumber;
use serde_json::json;
use std::collections::HashMap;

const ALIASES: &[(&str, &[&str])] = &[
    (
        "name",
        &["name", "企业名称", "单位名称", "企业名", "企业（单位）名称"],
    ),
    (
        "credit_code",
        &[
            "credit_code",
            "统一社会信用代码",
            "信用代码",
            "社会信用代码",
        ],
    ),
    (
        "women_owned",
        &[
            "women_owned",
            "是否女性创办",
            "女性创办",
            "女企业",
            "是否女企业",
        ],
    ),
    ("industry", &["industry", "所属行业", "行业", "行业类别"]),
    ("staff", &["staff", "职工人数", "从业人数", "员工人数"]),
    (
        "women_staff",
        &["women_staff", "女职工人数", "女职工", "女员工人数"],
    ),
    (
        "address",
        &["address", "地址", "企业地址", "经营地址", "注册地址"],
    ),
    ("contact_name", &["contact_name", "联系人"]),
    (
        "contact_phone",
        &["contact_phone", "联系电话", "手机", "手机号码", "联系方式"],
    ),
    (
        "entrepreneur_id_number",
        &[
            "entrepreneur_id_number",
            "女企业家身份证号",
            "女企业家身份证号码",
            "企业家身份证号",
        ],
    ),
];

/// The key columns: a row with neither is not an enterprise (a footer, a total).
const KEYS: &[&str] = &["name", "credit_code"];

const LAYOUT: Layout = Layout {
    aliases: ALIASES,
    keys: KEYS,
    missing: "企业名称, 统一社会信用代码",
};

/// The columns of the export and the template, in the import's words (an export re-imports).
const COLUMNS: [&str; 12] = [
    "企业名称",
    "统一社会信用代码",
    "是否女性创办",
    "所属行业",
    "职工人数",
    "女职工人数",
    "所属街道",
    "所属社区",
    "区划代码",
    "地址",
    "联系人",
    "联系电话",
];
const WIDTHS: &[(u16, f64)] = &[(0, 36.0), (1, 22.0), (3, 24.0), (9, 36.0), (11, 16.0)];

/// 是/否, Y/N, 1/0, √/×, as registers tick them; empty is no.
fn yes_no(raw: &str) -> Option<bool> {
    let value = normalize_digits(raw).to_uppercase();
    match value.as_str() {
        "" | "否" | "N" | "NO" | "0" | "×" | "✗" | "FALSE" | "Ｎ" | "不是" => Some(false),
        "是" | "Y" | "YES" | "1" | "√" | "✓" | "✔" | "TRUE" | "Ｙ" | "对" => Some(true),
        _ => None,
    }
}

/// A head count as registers write it: `120`, `１２０`, `120人`.
fn head_count(field: &'static str, raw: &str) -> Result<Option<i64>, FieldProblem> {
    let value = normalize_digits(raw);
    let value = value.trim_end_matches('人');
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse::<i64>()
        .map(Some)
        .map_err(|_| FieldProblem::new(field, "not_a_number", raw.trim()))
}

/// The field a validation error names, as one of this import's columns.
fn column_of(field: Option<&str>) -> &'static str {
    ALIASES
        .iter()
        .chain(UNIT_ALIASES)
        .map(|(f, _)| *f)
        .find(|f| Some(*f) == field)
        .unwrap_or("row")
}

/// An all-digit code that fails its check and ends in zeros is what Excel leaves of a code it
/// read as a number (it keeps 15 significant digits).
fn excel_mangled(raw: &str) -> bool {
    let raw = raw.trim();
    raw.len() >= 15
        && raw.bytes().all(|b| b.is_ascii_digit())
        && raw.ends_with("00")
        && CreditCode::parse(raw).is_err()
}

fn input_of(
    header: &Header,
    row: &[String],
    unit_code: String,
) -> Result<EnterpriseInput, FieldProblem> {
    let cell = |f: &str| header.cell(row, f).to_owned();
    let optional = |f: &str| Some(cell(f)).filter(|v| !v.trim().is_empty());
    let women_owned = yes_no(header.cell(row, "women_owned")).ok_or_else(|| {
        FieldProblem::new("women_owned", "invalid_choice", cell("women_owned").trim())
    })?;
    if excel_mangled(&cell("credit_code")) {
        return Err(FieldProblem::new(
            "credit_code",
            CreditCodeError::ExcelMangled.code(),
            cell("credit_code"),
        ));
    }
    Ok(EnterpriseInput {
        name: cell("name"),
        credit_code: cell("credit_code"),
        women_owned,
        entrepreneur_id: None,
        industry: optional("industry"),
        staff: head_count("staff", header.cell(row, "staff"))?,
        women_staff: head_count("women_staff", header.cell(row, "women_staff"))?,
        unit_code,
        address: optional("address"),
        contact_name: optional("contact_name"),
        contact_phone: optional("contact_phone"),
    })
}

/// Rows matched against the register and written together.
const CHUNK: usize = 2_000;

/// The credit code as a fixed key (a valid code is 18 ASCII characters).
fn code_key(code: &str) -> [u8; 18] {
    let mut key = [0u8; 18];
    for (k, b) in key.iter_mut().zip(code.bytes()) {
        *k = b;
    }
    key
}

/// A valid row waiting to be matched and written.
struct Pending {
    line: usize,
    cells: Vec<String>,
    valid: ValidEnterprise,
    /// The blind index of the woman entrepreneur's ID number, when the row gives one.
    entrepreneur: Option<String>,
}

/// Imports the rows of `source` (a file read row by row, or a table in memory).
pub async fn import_enterprises(
    app: &App,
    importer: Importer<'_>,
    source: &dyn Source,
    options: &ImportOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportReport, AppError> {
    if let Importer::User(caller) = &importer {
        super::require_staff(caller)?;
    }
    let importer = &importer;
    let plan = Plan::new(app, importer, source, options, &LAYOUT).await?;
    let pass = &Pass(&plan, progress);
    crate::import::two_passes(options, move |write| pass.run(write)).await
}

/// One pass over the file's rows, writing or not, telling the rows checked of all.
struct Pass<'a>(&'a Plan<'a>, &'a (dyn Fn(usize, usize) + Sync));

impl Pass<'_> {
    /// A row checked on its own — its unit, its fields, the entrepreneur's ID number — as the
    /// enterprise and the blind index of that ID number; a problem of the row, or an error that
    /// is not the row's.
    fn check(
        &self,
        row: &[String],
    ) -> Result<Result<(ValidEnterprise, Option<String>), FieldProblem>, AppError> {
        let header = &self.0.header;
        let input = match self
            .0
            .unit_of(row)
            .and_then(|unit| input_of(header, row, unit))
        {
            Ok(input) => input,
            Err(p) => return Ok(Err(p)),
        };
        let valid = match validate(&input) {
            Ok(valid) => valid,
            Err(e) => return Ok(Err(crate::import::row_problem(e, column_of)?)),
        };
        let id_cell = header.cell(row, "entrepreneur_id_number");
        let entrepreneur = match Some(id_cell).filter(|c| !c.trim().is_empty()) {
            None => None,
            Some(raw) => match IdNumber::parse(raw, today(self.0.app)) {
                Ok(id) => Some(self.0.app.cipher.blind_index(IDX_ID, id.as_str())),
                Err(e) => {
                    return Ok(Err(FieldProblem {
                        field: "entrepreneur_id_number",
                        ..id_error(e)
                    }))
                }
            },
        };
        Ok(Ok((valid, entrepreneur)))
    }

    async fn run(&self, write: bool) -> Result<ImportReport, AppError> {
        let (plan, app) = (self.0, self.0.app);
        let (mut rows, mut report) = plan.data_rows(KEYS)?;
        // The first line of every credit code seen: what the pass holds of a row once its chunk
        // is written.
        let mut first_line_of: HashMap<[u8; 18], usize> = HashMap::new();
        let mut pending = Vec::with_capacity(CHUNK);
        let now = app.now();
        let mut tx = if write {
            Some(app.db.begin().await?)
        } else {
            None
        };
        let mut done = 0;
        while let Some(row) = rows.next(&mut report)? {
            if done % 500 == 0 {
                (self.1)(done, 0);
            }
            done += 1;
            let (line, cells) = (row.line, row.cells);
            match self.check(&cells)? {
                Err(p) => report.reject(RowProblem::of(line, p, &cells)),
                Ok((valid, entrepreneur)) => {
                    let code = valid.credit_code.as_str();
                    if let Some(first) = first_line_of.get(&code_key(code)) {
                        report.reject(RowProblem {
                            line,
                            field: "credit_code",
                            code: "duplicate_credit_code_in_file",
                            detail: first.to_string(),
                            cells,
                        });
                    } else {
                        first_line_of.insert(code_key(code), line);
                        pending.push(Pending {
                            line,
                            cells,
                            valid,
                            entrepreneur,
                        });
                    }
                }
            }
            if pending.len() >= CHUNK {
                let mut ex = tx.as_mut().map(|t| t.ex());
                self.flush(&mut pending, &mut report, ex.as_mut(), now)
                    .await?;
            }
        }
        let mut ex = tx.as_mut().map(|t| t.ex());
        self.flush(&mut pending, &mut report, ex.as_mut(), now)
            .await?;
        (self.1)(done, done);
        match tx {
            Some(tx) => {
                crate::import::commit(app, tx, plan.importer, "enterprise", &mut report, now)
                    .await?;
                Ok(report)
            }
            None => Ok(crate::import::dry(report)),
        }
    }

    /// Matches a chunk of valid rows against the register (update by credit code, else create)
    /// and links the entrepreneurs the importer can see; writes them when given a transaction.
    async fn flush(
        &self,
        pending: &mut Vec<Pending>,
        report: &mut ImportReport,
        ex: Option<&mut jinguo_db::Exec<'_>>,
        now: i64,
    ) -> Result<(), AppError> {
        if pending.is_empty() {
            return Ok(());
        }
        let (plan, app) = (self.0, self.0.app);
        let codes: Vec<String> = pending
            .iter()
            .map(|p| p.valid.credit_code.as_str().to_owned())
            .collect();
        let existing: HashMap<String, EnterpriseRow> =
            store::find_enterprises_by_codes(&mut app.db.ex(), &codes)
                .await?
                .into_iter()
                .map(|e| (e.credit_code.clone(), e))
                .collect();
        let indexes: Vec<String> = pending
            .iter()
            .filter_map(|p| p.entrepreneur.clone())
            .collect();
        // An entrepreneur the importer cannot see in the registry is not linked.
        let people: HashMap<String, i64> =
            jinguo_db::people::find_many_by_id_index(&mut app.db.ex(), &indexes)
                .await?
                .into_iter()
                .filter(|p| !plan.importer.cannot_write(&p.unit_code))
                .map(|p| (p.id_index, p.id))
                .collect();
        let created_by = match plan.importer {
            Importer::User(c) => c.author(),
            Importer::Operator(_) => None,
        };
        let (mut new_rows, mut changed_rows) = (Vec::new(), Vec::new());
        for p in pending.drain(..) {
            let entrepreneur_id = p.entrepreneur.as_ref().and_then(|i| people.get(i)).copied();
            match existing.get(p.valid.credit_code.as_str()) {
                Some(before) if plan.importer.cannot_write(&before.unit_code) => {
                    report.reject(RowProblem {
                        line: p.line,
                        field: "credit_code",
                        code: "enterprise_registered_elsewhere",
                        detail: before.name.clone(),
                        cells: p.cells,
                    });
                }
                Some(before) => {
                    report.updated += 1;
                    let row = sealed(
                        app,
                        &p.valid,
                        before.id,
                        entrepreneur_id,
                        (before.created_by, before.created_at),
                        now,
                    );
                    changed_rows.push(self.keep_absent_columns(row, before));
                }
                None => {
                    report.imported += 1;
                    let id = app.ids.next(now);
                    new_rows.push(sealed(
                        app,
                        &p.valid,
                        id,
                        entrepreneur_id,
                        (created_by, now),
                        now,
                    ));
                }
            }
        }
        let Some(ex) = ex else { return Ok(()) };
        store::insert_enterprises(ex, &new_rows).await?;
        for row in &changed_rows {
            store::update_enterprise(ex, row).await?;
        }
        Ok(())
    }

    /// An update changes what the file has columns for; the rest of the record stays (a
    /// register without a contact column does not erase the contacts).
    fn keep_absent_columns(&self, mut row: EnterpriseRow, before: &EnterpriseRow) -> EnterpriseRow {
        let has = |f: &str| self.0.header.columns.contains_key(f);
        if !has("women_owned") {
            row.women_owned = before.women_owned;
        }
        if row.entrepreneur_id.is_none() {
            row.entrepreneur_id = before.entrepreneur_id;
        }
        if !has("industry") {
            row.industry = before.industry.clone();
        }
        if !has("staff") {
            row.staff = before.staff;
        }
        if !has("women_staff") {
            row.women_staff = before.women_staff;
        }
        if !(has("street") || has("community") || has("unit_code")) && self.0.default_unit.is_none()
        {
            row.unit_code = before.unit_code.clone();
        }
        if !has("address") {
            row.address = before.address.clone();
        }
        if !has("contact_name") {
            row.contact_name = before.contact_name.clone();
        }
        if !has("contact_phone") {
            row.contact_phone_cipher = before.contact_phone_cipher.clone();
            row.contact_phone_masked = before.contact_phone_masked.clone();
        }
        row
    }
}

// ---- the template and the export ----

/// The blank template of the enterprise import: the expected headers, an example row, every
/// column (the credit code above all) formatted as text.
pub fn template_xlsx() -> Result<Vec<u8>, AppError> {
    let code = CreditCode::complete("91350503MA2Y7K3L0")
        .map(|c| c.as_str().to_owned())
        .unwrap_or_default();
    let example = [
        "泉州市丰泽区巾帼服饰有限公司",
        code.as_str(),
        "是",
        "C 制造业",
        "120",
        "86",
        "东湖街道",
        "少林社区",
        "",
        "福建省泉州市丰泽区东湖路1号",
        "王芳",
        "13812345678",
        "350503199003070028",
    ];
    let header: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .chain(["女企业家身份证号"])
        .collect();
    crate::import::template_xlsx("企业导入模板", &header, &example, WIDTHS)
}

/// The enterprises a list shows (its filters applied), as cells under the export's header.
pub struct EnterpriseFile {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl EnterpriseFile {
    /// The file's bytes: `csv` (UTF-8 with a BOM) or `xlsx`.
    pub fn to_bytes(&self, format: &str) -> Result<Vec<u8>, AppError> {
        match format {
            "csv" => {
                let mut sheet = CsvSheet::new(Vec::new(), &self.header)?;
                sheet.write(self.rows.iter().cloned())?;
                Ok(sheet.into_inner())
            }
            "xlsx" => {
                let mut sheet = XlsxSheet::new("企业", &self.header, WIDTHS)?;
                sheet.write(self.rows.iter().cloned())?;
                sheet.to_bytes()
            }
            other => Err(AppError::invalid_detail("format", "unknown_format", other)),
        }
    }
}

fn export_cells(
    e: &EnterpriseRow,
    phone: Option<String>,
    entrepreneur: String,
    units: &UnitNames,
) -> Vec<String> {
    let (street, community) = units.of(&e.unit_code);
    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let industry = e
        .industry
        .as_deref()
        .and_then(Industry::parse)
        .map(|i| format!("{} {}", i.as_str(), i.name_zh()))
        .unwrap_or_default();
    vec![
        e.name.clone(),
        e.credit_code.clone(),
        if e.women_owned { "是" } else { "否" }.to_owned(),
        industry,
        number(e.staff),
        number(e.women_staff),
        street,
        community,
        e.unit_code.clone(),
        e.address.clone().unwrap_or_default(),
        e.contact_name.clone().unwrap_or_default(),
        phone.unwrap_or_default(),
        entrepreneur,
    ]
}

/// Every enterprise the list would show with these filters, contact phones in full; the
/// export is audited.
pub async fn export(
    app: &App,
    caller: &Caller,
    q: &EnterpriseQuery,
    format: &str,
) -> Result<EnterpriseFile, AppError> {
    super::require_staff(caller)?;
    // Contact phones go out in full: the federation and street officers' work only.
    if !caller.role.exports_enterprises() && !caller.is_operator() {
        return Err(AppError::Forbidden);
    }
    if format != "csv" && format != "xlsx" {
        return Err(AppError::invalid_detail("format", "unknown_format", format));
    }
    let filter = filter_of(caller, q).await?;
    let units = UnitNames::new(&crate::units::public_tree(app).await?);
    const PAGE: u64 = 1_000;
    let mut enterprises = Vec::new();
    loop {
        let offset = enterprises.len() as u64;
        let (page, _) =
            store::list_enterprises(&mut app.db.ex(), &caller.scope(), &filter, offset, PAGE)
                .await?;
        let done = (page.len() as u64) < PAGE;
        enterprises.extend(page);
        if done {
            break;
        }
    }
    let ids: Vec<i64> = enterprises
        .iter()
        .filter_map(|e| e.entrepreneur_id)
        .collect();
    let names: HashMap<i64, String> = crate::people::names_of(app, &ids)
        .await?
        .into_iter()
        .collect();
    let mut rows = Vec::with_capacity(enterprises.len());
    for e in &enterprises {
        let entrepreneur = e
            .entrepreneur_id
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_default();
        rows.push(export_cells(
            e,
            contact_phone(app, e)?,
            entrepreneur,
            &units,
        ));
    }
    let now = app.now();
    let detail = json!({
        "format": format, "count": rows.len(), "q": q.q, "women_owned": q.women_owned,
        "industry": q.industry, "unit_code": q.unit_code,
    });
    let entry = caller
        .entry("export", "enterprise", String::new())
        .detail(detail);
    audit::record(app, entry, now).await?;
    Ok(EnterpriseFile {
        header: COLUMNS.iter().copied().chain(["女企业家"]).collect(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers_tick_women_owned_in_many_ways() {
        for yes in ["是", "Y", "y", "1", "√", "１", "Yes"] {
            assert_eq!(yes_no(yes), Some(true), "{yes}");
        }
        for no in ["否", "N", "0", "", " ", "×"] {
            assert_eq!(yes_no(no), Some(false), "{no}");
        }
        assert_eq!(yes_no("也许"), None);
    }

    #[test]
    fn head_counts_read_full_width_digits_and_a_unit() {
        assert_eq!(head_count("staff", "１２０人"), Ok(Some(120)));
        assert_eq!(head_count("staff", ""), Ok(None));
        assert!(head_count("staff", "很多").is_err());
    }

    #[test]
    fn a_code_excel_turned_into_a_number_is_recognized() {
        assert!(excel_mangled("913505031234567900"));
        let real = CreditCode::complete("91350503MA2Y7K3L0").expect("code");
        assert!(!excel_mangled(real.as_str()));
    }
}
