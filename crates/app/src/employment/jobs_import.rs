//! Job postings in from files: the sheets enterprises and street offices fill in (xlsx, xls,
//! ods, csv) read with the enterprise import's machinery — header below title rows, Chinese
//! header aliases, footer rows skipped, every refused row reported with its line and reason, a
//! dry run, all-or-nothing, one transaction. Each row names its enterprise (by credit code, else
//! by exact name, in the importer's district) and goes through the one validation of a posting:
//! a row that restricts applicants by sex, marriage or childbearing is refused as employment
//! discrimination, naming its column. Every accepted row creates a job; a row preferring
//! mothers (宝妈优先) is taken with a warning in the report (`warnings`).

use super::jobs::{row_of, validate, JobInput};
use crate::import::{row_problem, ImportOptions, ImportReport, Importer, RowProblem};
use crate::import::{Header, Layout, Plan, Source, UNIT_ALIASES};
use crate::people::FieldProblem;
use crate::{App, AppError};
use jinguo_db::employment::{self as store, EnterpriseFilter, EnterpriseRow};
use jinguo_domain::employment::{Education, FriendlyTerm, Hours, JobCategory};
use jinguo_domain::identity::normalize_digits;
use jinguo_domain::Scope;
use std::collections::HashMap;

const ALIASES: &[(&str, &[&str])] = &[
    (
        "enterprise_name",
        &[
            "enterprise_name",
            "企业名称",
            "单位名称",
            "招聘单位",
            "用人单位",
            "企业（单位）名称",
        ],
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
        "title",
        &["title", "岗位名称", "职位名称", "招聘岗位", "岗位"],
    ),
    (
        "category",
        &["category", "岗位类别", "工种类别", "岗位类型", "工种"],
    ),
    ("positions", &["positions", "招聘人数", "需求人数", "人数"]),
    ("education", &["education", "学历要求", "学历"]),
    ("age", &["age", "年龄要求", "年龄"]),
    ("skills", &["skills", "技能要求", "技能"]),
    (
        "salary",
        &["salary", "月薪", "薪资", "薪资待遇", "工资待遇", "月薪范围"],
    ),
    ("salary_min", &["salary_min", "最低月薪", "月薪下限"]),
    ("salary_max", &["salary_max", "最高月薪", "月薪上限"]),
    ("place", &["place", "工作地点"]),
    ("hours", &["hours", "工作时间", "用工形式", "工作时间类型"]),
    (
        "terms",
        &["terms", "女性友好条件", "友好条件", "女性友好措施"],
    ),
    (
        "requirements",
        &[
            "requirements",
            "岗位要求",
            "任职要求",
            "招聘条件",
            "岗位职责及要求",
        ],
    ),
];

/// The key column: a row without a title is not a posting (a footer, a total).
const KEYS: &[&str] = &["title"];

const LAYOUT: Layout = Layout {
    aliases: ALIASES,
    keys: KEYS,
    missing: "岗位名称, 企业名称 / 统一社会信用代码",
};

/// The columns of the template.
const COLUMNS: [&str; 15] = [
    "企业名称",
    "统一社会信用代码",
    "岗位名称",
    "岗位类别",
    "招聘人数",
    "学历要求",
    "年龄要求",
    "技能要求",
    "月薪",
    "所属街道",
    "所属社区",
    "工作时间",
    "女性友好条件",
    "岗位要求",
    "工作地点",
];
const WIDTHS: &[(u16, f64)] = &[(0, 32.0), (1, 22.0), (2, 20.0), (7, 24.0), (13, 40.0)];

/// Words sheets use for "no requirement".
fn unrestricted(raw: &str) -> bool {
    matches!(raw.trim(), "" | "不限" | "无" | "无要求" | "-" | "—" | "/")
}

/// A whole number of yuan or years as sheets write it: `3000`, `３０００`, `3000元`, `45岁`.
fn whole(raw: &str) -> Option<i64> {
    normalize_digits(raw)
        .trim()
        .trim_end_matches(['元', '岁', '人', '/', '月'])
        .trim()
        .parse()
        .ok()
}

/// A range written `a-b` (or with ～, ~, —, 至, 到) as its two ends.
fn range(raw: &str) -> Option<(&str, &str)> {
    ["-", "－", "～", "~", "〜", "—", "–", "至", "到"]
        .iter()
        .find_map(|sep| raw.split_once(sep))
}

/// A monthly salary: `3000-5000`, `3000～5000元`, or one amount.
fn salary(raw: &str) -> Result<(i64, i64), FieldProblem> {
    let bad = || FieldProblem::new("salary", "invalid_salary", raw.trim());
    let value = raw.trim().trim_end_matches("元/月").trim_end_matches("/月");
    if value.is_empty() {
        return Err(FieldProblem::new("salary", "required", ""));
    }
    match range(value) {
        Some((lo, hi)) => Ok((whole(lo).ok_or_else(bad)?, whole(hi).ok_or_else(bad)?)),
        None => whole(value).map(|v| (v, v)).ok_or_else(bad),
    }
}

/// An age band: `18-45`, `18～45岁`, `45岁以下`, `18岁以上`, 不限.
fn age_band(raw: &str) -> Result<(Option<i64>, Option<i64>), FieldProblem> {
    let bad = || FieldProblem::new("age", "invalid_age", raw.trim());
    let value = raw.trim();
    if unrestricted(value) {
        return Ok((None, None));
    }
    for below in ["岁及以下", "岁以下", "以下", "周岁以下"] {
        if let Some(v) = value.strip_suffix(below) {
            return Ok((None, Some(whole(v).ok_or_else(bad)?)));
        }
    }
    for above in ["岁及以上", "岁以上", "以上", "周岁以上"] {
        if let Some(v) = value.strip_suffix(above) {
            return Ok((Some(whole(v).ok_or_else(bad)?), None));
        }
    }
    let value = value.trim_end_matches("周岁").trim_end_matches('岁');
    let (lo, hi) = range(value).ok_or_else(bad)?;
    Ok((
        Some(whole(lo).ok_or_else(bad)?),
        Some(whole(hi).ok_or_else(bad)?),
    ))
}

/// Positions: a number; empty or 若干 is one.
fn positions(raw: &str) -> Result<i64, FieldProblem> {
    let value = raw.trim();
    if matches!(value, "" | "若干" | "不限") {
        return Ok(1);
    }
    whole(value).ok_or_else(|| FieldProblem::new("positions", "not_a_number", value))
}

/// A choice read by its Chinese name, or the cell as typed (the validation refuses it).
fn read_or_raw<T>(raw: &str, read: fn(&str) -> Option<T>, code: fn(T) -> &'static str) -> String {
    read(raw)
        .map(|v| code(v).to_owned())
        .unwrap_or_else(|| raw.trim().to_owned())
}

fn input_of(
    header: &Header,
    row: &[String],
    enterprise_id: i64,
    unit_code: String,
) -> Result<JobInput, FieldProblem> {
    let cell = |f: &str| header.cell(row, f).trim().to_owned();
    let optional = |f: &str| Some(cell(f)).filter(|v| !v.is_empty());
    let (salary_min, salary_max) = if header.columns.contains_key("salary") {
        salary(header.cell(row, "salary"))?
    } else {
        let end = |f: &'static str| {
            whole(header.cell(row, f)).ok_or_else(|| FieldProblem::new(f, "not_a_number", cell(f)))
        };
        (end("salary_min")?, end("salary_max")?)
    };
    let (age_min, age_max) = age_band(header.cell(row, "age"))?;
    let education = Some(cell("education"))
        .filter(|e| !unrestricted(e))
        .map(|e| read_or_raw(&e, Education::read, Education::as_str));
    let terms = jinguo_domain::employment::normalize_skills(&[cell("terms")])
        .iter()
        .map(|t| read_or_raw(t, FriendlyTerm::read, FriendlyTerm::as_str))
        .collect();
    Ok(JobInput {
        enterprise_id,
        title: cell("title"),
        category: read_or_raw(&cell("category"), JobCategory::read, JobCategory::as_str),
        positions: positions(header.cell(row, "positions"))?,
        education,
        age_min,
        age_max,
        skills: vec![cell("skills")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect(),
        salary_min,
        salary_max,
        unit_code,
        hours: optional("hours").map(|h| read_or_raw(&h, Hours::read, Hours::as_str)),
        terms,
        requirements: optional("requirements"),
        status: None,
        confirm_warnings: false,
    })
}

/// The field a validation error names, as one of this import's columns: the two ends of a
/// salary or an age band are one column when the sheet writes them as one.
fn column_of(header: &Header, field: Option<&str>) -> &'static str {
    let has = |f: &str| header.columns.contains_key(f);
    match field {
        Some("salary_min" | "salary_max") if has("salary") => "salary",
        Some("age_min" | "age_max") => "age",
        Some("enterprise_id") => "enterprise_name",
        _ => ALIASES
            .iter()
            .chain(UNIT_ALIASES)
            .map(|(f, _)| *f)
            .find(|f| Some(*f) == field)
            .unwrap_or("row"),
    }
}

/// The enterprises a row may name: those of the importer's district (all, at the CLI).
struct Enterprises {
    by_code: HashMap<String, i64>,
    by_name: HashMap<String, Vec<i64>>,
}

impl Enterprises {
    async fn load(app: &App, importer: &Importer<'_>) -> Result<Enterprises, AppError> {
        let scope = match importer {
            Importer::User(caller) => caller.scope().district_public(),
            #[allow(clippy::disallowed_methods)] // the operator at the command line
            Importer::Operator(_) => {
                Scope::system(crate::synthetic_employment::root_unit(app).await?)
            }
        };
        let filter = EnterpriseFilter::default();
        const PAGE: u64 = 1_000;
        let mut all: Vec<EnterpriseRow> = Vec::new();
        loop {
            let offset = all.len() as u64;
            let (page, _) =
                store::list_enterprises(&mut app.db.ex(), &scope, &filter, offset, PAGE).await?;
            let done = (page.len() as u64) < PAGE;
            all.extend(page);
            if done {
                break;
            }
        }
        let mut found = Enterprises {
            by_code: HashMap::new(),
            by_name: HashMap::new(),
        };
        for e in all {
            found.by_code.insert(e.credit_code.to_uppercase(), e.id);
            found
                .by_name
                .entry(compact(&e.name))
                .or_default()
                .push(e.id);
        }
        Ok(found)
    }

    /// The row's enterprise: by credit code, else by exact name.
    fn of(&self, header: &Header, row: &[String]) -> Result<i64, FieldProblem> {
        let code = normalize_digits(header.cell(row, "credit_code"))
            .trim()
            .to_uppercase();
        if let Some(id) = self.by_code.get(&code) {
            return Ok(*id);
        }
        let name = header.cell(row, "enterprise_name").trim();
        match self.by_name.get(&compact(name)).map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some([_, _, ..]) if code.is_empty() => Err(FieldProblem::new(
                "enterprise_name",
                "ambiguous_enterprise",
                name,
            )),
            _ if name.is_empty() && code.is_empty() => {
                Err(FieldProblem::new("enterprise_name", "required", ""))
            }
            _ if name.is_empty() => {
                Err(FieldProblem::new("credit_code", "unknown_enterprise", code))
            }
            _ => Err(FieldProblem::new(
                "enterprise_name",
                "unknown_enterprise",
                name,
            )),
        }
    }
}

/// A name without its spaces (registers pad names; the exact name is otherwise kept).
fn compact(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Imports the rows of `source` (a file read row by row, or a table in memory).
pub async fn import_jobs(
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
    let has = |f: &str| plan.header.columns.contains_key(f);
    if !has("enterprise_name") && !has("credit_code") {
        return Err(AppError::invalid_detail(
            "file",
            "missing_header",
            "企业名称 / 统一社会信用代码",
        ));
    }
    let pay_columns = has("salary") || (has("salary_min") && has("salary_max"));
    if !pay_columns {
        return Err(AppError::invalid_detail(
            "file",
            "missing_header",
            "月薪 / 最低月薪, 最高月薪",
        ));
    }
    let enterprises = Enterprises::load(app, importer).await?;
    let pass = &Pass(&plan, &enterprises, progress);
    crate::import::two_passes(options, move |write| pass.run(write)).await
}

/// Postings written together.
const CHUNK: usize = 2_000;

/// One pass over the file's rows, writing or not, telling the rows checked.
struct Pass<'a>(
    &'a Plan<'a>,
    &'a Enterprises,
    &'a (dyn Fn(usize, usize) + Sync),
);

impl Pass<'_> {
    /// The row's unit: its 工作地点 (a community, else a street) when it names no street,
    /// community or unit code; else as every import places a row.
    fn unit_of(&self, row: &[String]) -> Result<String, FieldProblem> {
        let header = &self.0.header;
        let place = header.cell(row, "place").trim();
        let placed = ["street", "community", "unit_code"]
            .iter()
            .any(|f| !header.cell(row, f).trim().is_empty());
        if place.is_empty() || placed {
            return self.0.unit_of(row);
        }
        let column = header.columns["place"];
        for field in ["community", "street"] {
            let only = Header {
                row: header.row,
                columns: HashMap::from([(field, column)]),
            };
            if let Ok(unit) = self.0.resolver.resolve(&only, row, None) {
                return Ok(unit);
            }
        }
        Err(FieldProblem::new("place", "unknown_unit", place))
    }

    /// A row as a posting's input: its enterprise, its unit, its cells read.
    fn input(&self, row: &[String]) -> Result<JobInput, FieldProblem> {
        let header = &self.0.header;
        let enterprise = self.1.of(header, row)?;
        let unit = self.unit_of(row)?;
        input_of(header, row, enterprise, unit)
    }

    async fn run(&self, write: bool) -> Result<ImportReport, AppError> {
        let (plan, app) = (self.0, self.0.app);
        let (mut rows, mut report) = plan.data_rows(KEYS)?;
        let now = app.now();
        let created_by = match plan.importer {
            Importer::User(c) => c.author(),
            Importer::Operator(_) => None,
        };
        let mut tx = if write {
            Some(app.db.begin().await?)
        } else {
            None
        };
        let mut new_rows = Vec::with_capacity(CHUNK);
        let mut done = 0;
        while let Some(row) = rows.next(&mut report)? {
            if done % 500 == 0 {
                (self.2)(done, 0);
            }
            done += 1;
            let (line, cells) = (row.line, row.cells);
            let checked = match self.input(&cells) {
                Err(p) => Err(p),
                Ok(input) => match validate(&input) {
                    Ok(valid) => Ok((valid, input.enterprise_id)),
                    Err(e) => Err(row_problem(e, |f| column_of(&plan.header, f))?),
                },
            };
            match checked {
                Err(p) => report.reject(RowProblem::of(line, p, &cells)),
                Ok((valid, enterprise_id)) => {
                    report.imported += 1;
                    // A preference for mothers is taken, and reported for the importer to check.
                    if let Some((field, words)) = &valid.warning {
                        let warning =
                            FieldProblem::new(field, "requirement_warning", words.clone());
                        report.warn(RowProblem::of(line, warning, &cells));
                    }
                    let id = app.ids.next(now);
                    new_rows.push(row_of(&valid, id, enterprise_id, (created_by, now), now));
                }
            }
            if new_rows.len() >= CHUNK {
                if let Some(tx) = tx.as_mut() {
                    store::insert_jobs(&mut tx.ex(), &new_rows).await?;
                }
                new_rows.clear();
            }
        }
        (self.2)(done, done);
        match tx {
            Some(mut tx) => {
                store::insert_jobs(&mut tx.ex(), &new_rows).await?;
                crate::import::commit(app, tx, plan.importer, "job", &mut report, now).await?;
                Ok(report)
            }
            None => Ok(crate::import::dry(report)),
        }
    }
}

/// The blank template of the job import: the expected headers, an example row, every column
/// formatted as text.
pub fn template_xlsx() -> Result<Vec<u8>, AppError> {
    let example = [
        "泉州市丰泽区巾帼服饰有限公司",
        "",
        "缝纫工",
        "制造/生产",
        "10",
        "初中",
        "18-50",
        "缝纫、锁边",
        "4000-6000",
        "东湖街道",
        "少林社区",
        "全职",
        "弹性工作、提供培训",
        "能熟练使用平缝机，可带薪培训",
        "",
    ];
    crate::import::template_xlsx("岗位导入模板", &COLUMNS, &example, WIDTHS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salaries_read_ranges_and_single_amounts() {
        assert_eq!(salary("3000-5000"), Ok((3000, 5000)));
        assert_eq!(salary("3000～5000元"), Ok((3000, 5000)));
        assert_eq!(salary("６０００-５０００"), Ok((6000, 5000)));
        assert_eq!(salary("4500"), Ok((4500, 4500)));
        assert!(salary("面议").is_err());
    }

    #[test]
    fn age_bands_read_as_sheets_write_them() {
        assert_eq!(age_band("18-45"), Ok((Some(18), Some(45))));
        assert_eq!(age_band("18～45岁"), Ok((Some(18), Some(45))));
        assert_eq!(age_band("45岁以下"), Ok((None, Some(45))));
        assert_eq!(age_band("18岁以上"), Ok((Some(18), None)));
        assert_eq!(age_band("不限"), Ok((None, None)));
        assert!(age_band("年轻").is_err());
    }

    #[test]
    fn positions_default_to_one() {
        assert_eq!(positions("若干"), Ok(1));
        assert_eq!(positions("１０人"), Ok(10));
        assert!(positions("很多").is_err());
    }
}
