//! The org tree and the departments: the bundled demo district, `units import`, and the tree a
//! caller may see.

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::import::{
    find_header_in, head_of, read_csv, too_many_rows, Header, SheetFile, Source, MAX_DATA_ROWS,
};
use crate::{App, AppError, LineProblem, Origin};
use jinguo_db::units::{self, Department as DepartmentRow, Unit as UnitRow};
use jinguo_domain::UnitCode;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// 丰泽区, its 8 streets and their communities (data/SOURCE.md).
const DEMO_TREE: &str = include_str!("../data/units-350503.csv");

/// Government bodies that take referrals and report indicators: (code, 中文, English).
pub const DEPARTMENTS: &[(&str, &str, &str)] = &[
    ("public_security", "公安分局", "Public Security Bureau"),
    ("court", "人民法院", "People's Court"),
    ("procuratorate", "人民检察院", "People's Procuratorate"),
    ("civil_affairs", "民政局", "Civil Affairs Bureau"),
    (
        "human_resources",
        "人力资源和社会保障局",
        "Human Resources and Social Security Bureau",
    ),
    ("health", "卫生健康局", "Health Commission"),
    ("education", "教育局", "Education Bureau"),
    (
        "legal_aid",
        "司法局（法律援助中心）",
        "Justice Bureau (Legal Aid Centre)",
    ),
    ("trade_union", "总工会", "Federation of Trade Unions"),
    ("youth_league", "共青团区委", "Communist Youth League"),
    (
        "disabled_federation",
        "残疾人联合会",
        "Disabled Persons' Federation",
    ),
    ("statistics", "统计局", "Statistics Bureau"),
    (
        "market_regulation",
        "市场监督管理局",
        "Market Regulation Bureau",
    ),
    (
        "agriculture",
        "农业农村局",
        "Agriculture and Rural Affairs Bureau",
    ),
    ("medical_security", "医疗保障局", "Medical Security Bureau"),
    (
        "housing",
        "住房和城乡建设局",
        "Housing and Urban-Rural Development Bureau",
    ),
    ("finance", "财政局", "Finance Bureau"),
    ("letters_visits", "信访局", "Letters and Visits Bureau"),
];

const ALIASES: &[(&str, &[&str])] = &[
    (
        "code",
        &[
            "code",
            "代码",
            "编码",
            "区划代码",
            "单位代码",
            "统计用区划代码",
        ],
    ),
    ("name", &["name", "名称", "单位名称", "区划名称"]),
    (
        "parent_code",
        &[
            "parent_code",
            "parent",
            "上级代码",
            "上级编码",
            "上级区划代码",
            "父级代码",
        ],
    ),
];

/// A unit of the org tree as pages and the API show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub code: String,
    pub name: String,
    /// district, street or community.
    pub level: String,
    pub parent_code: Option<String>,
}

impl From<UnitRow> for Unit {
    fn from(u: UnitRow) -> Unit {
        Unit {
            code: u.code,
            name: u.name,
            level: u.level,
            parent_code: u.parent_code,
        }
    }
}

/// The store's row of a unit (a test writes the demo tree into an older schema with it).
impl From<Unit> for UnitRow {
    fn from(u: Unit) -> UnitRow {
        UnitRow {
            code: u.code,
            name: u.name,
            level: u.level,
            parent_code: u.parent_code,
        }
    }
}

/// A department cases are referred to, named in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

impl From<DepartmentRow> for Department {
    fn from(d: DepartmentRow) -> Department {
        Department {
            code: d.code,
            name_zh: d.name_zh,
            name_en: d.name_en,
        }
    }
}

fn all_of<R, T: From<R>>(rows: Vec<R>) -> Vec<T> {
    rows.into_iter().map(T::from).collect()
}

/// On first start of an empty database: the departments and the demo district's tree.
pub async fn bootstrap(app: &App) -> Result<(), AppError> {
    let now = app.now();
    let mut tx = app.db.begin().await?;
    for (sort, (code, zh, en)) in DEPARTMENTS.iter().enumerate() {
        let d = DepartmentRow {
            code: (*code).into(),
            name_zh: (*zh).into(),
            name_en: (*en).into(),
        };
        units::upsert_department(&mut tx.ex(), &d, sort as i64).await?;
    }
    if units::count(&mut tx.ex()).await? == 0 {
        let table = read_csv(DEMO_TREE.as_bytes())?;
        let parsed = parse_units(&table, &HashSet::new())?;
        for unit in &parsed {
            units::upsert(&mut tx.ex(), unit, now).await?;
        }
        tracing::info!(units = parsed.len(), "loaded the demo district's org tree");
    }
    tx.commit().await?;
    Ok(())
}

/// The demo district's units, parents first.
pub fn demo_units() -> Vec<Unit> {
    read_csv(DEMO_TREE.as_bytes())
        .and_then(|t| parse_units(&t, &HashSet::new()))
        .map(all_of)
        .unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub units: usize,
}

/// Loads or extends the org tree from a file: all lines valid, or nothing written.
pub async fn import_file(
    app: &App,
    path: &Path,
    origin: &Origin,
) -> Result<ImportSummary, AppError> {
    let file = SheetFile::open(path)?;
    let existing = all_codes(app).await?;
    let parsed = parse_units(&file, &existing)?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    for unit in &parsed {
        units::upsert(&mut tx.ex(), unit, now).await?;
    }
    let entry = Entry {
        actor_id: None,
        actor: "cli",
        origin,
        action: "import",
        entity: "unit",
        entity_id: path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        unit_code: None,
        detail: json!({ "units": parsed.len() }),
    };
    audit::commit(app, tx, entry, now).await?;
    Ok(ImportSummary {
        units: parsed.len(),
    })
}

async fn all_codes(app: &App) -> Result<HashSet<String>, AppError> {
    let codes = jinguo_db::units::codes(&mut app.db.ex()).await?;
    Ok(codes.into_iter().collect())
}

/// Validates every line of a tree file against itself and the units already stored; returns
/// the units parents-first, or every problem found. The file is read row by row; what is kept
/// is the units themselves (they are written parents-first, so all of them are needed).
fn parse_units(source: &dyn Source, existing: &HashSet<String>) -> Result<Vec<UnitRow>, AppError> {
    let (head, rest) = head_of(source)?;
    let header = find_header_in(&head, ALIASES, &["code", "name"]).ok_or_else(|| {
        AppError::invalid_detail("file", "missing_header", "code, name, parent_code")
    })?;
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut parsed: Vec<(usize, UnitCode, UnitRow)> = Vec::new();
    let rows = head.into_iter().skip(header.row + 1).map(Ok).chain(rest);
    let mut read: u64 = 0;
    for row in rows {
        let row = row?;
        let line = row.line;
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        read += 1;
        if read > MAX_DATA_ROWS {
            return Err(too_many_rows());
        }
        match parse_line(&header, &row.cells) {
            Ok((code, unit)) => {
                if let Some(first) = seen.insert(unit.code.clone(), line) {
                    problems.push(LineProblem {
                        line,
                        code: "duplicate_code",
                        detail: first.to_string(),
                    });
                } else {
                    parsed.push((line, code, unit));
                }
            }
            Err(problem) => problems.push(LineProblem { line, ..problem }),
        }
    }
    for (line, code, unit) in &parsed {
        if let Some(parent) = &unit.parent_code {
            if !seen.contains_key(parent) && !existing.contains(parent) {
                problems.push(LineProblem {
                    line: *line,
                    code: "missing_parent",
                    detail: parent.clone(),
                });
            } else if UnitCode::parse(parent).is_ok_and(|p| !p.contains(code) || p == *code) {
                problems.push(LineProblem {
                    line: *line,
                    code: "parent_does_not_contain",
                    detail: parent.clone(),
                });
            }
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(AppError::Rejected { problems });
    }
    parsed.sort_by_key(|(_, code, _)| (code.level(), code.clone()));
    Ok(parsed.into_iter().map(|(_, _, unit)| unit).collect())
}

fn parse_line(header: &Header, row: &[String]) -> Result<(UnitCode, UnitRow), LineProblem> {
    let problem = |code, detail: &str| LineProblem {
        line: 0,
        code,
        detail: detail.to_owned(),
    };
    let raw_code = header.cell(row, "code");
    let code = UnitCode::parse(raw_code).map_err(|_| problem("malformed_code", raw_code))?;
    let name = header.cell(row, "name").trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(problem("missing_name", code.as_str()));
    }
    let raw_parent = header.cell(row, "parent_code").trim();
    let parent = if raw_parent.is_empty() {
        None
    } else {
        Some(
            UnitCode::parse(raw_parent)
                .map_err(|_| problem("malformed_parent_code", raw_parent))?,
        )
    };
    let unit = UnitRow {
        code: code.to_string(),
        name: name.to_owned(),
        level: code.level().as_str().to_owned(),
        parent_code: parent.map(String::from),
    };
    Ok((code, unit))
}

/// The caller's subtree, parents before children.
pub async fn tree(app: &App, caller: &Caller) -> Result<Vec<Unit>, AppError> {
    Ok(all_of(
        units::list_in_scope(&mut app.db.ex(), &caller.scope()).await?,
    ))
}

/// The whole tree, for forms the public fills in (they name their street or community).
pub async fn public_tree(app: &App) -> Result<Vec<Unit>, AppError> {
    Ok(all_of(units::list_all(&mut app.db.ex()).await?))
}

pub async fn departments(app: &App) -> Result<Vec<Department>, AppError> {
    Ok(all_of(units::departments(&mut app.db.ex()).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, existing: &[&str]) -> Result<Vec<UnitRow>, AppError> {
        let existing = existing.iter().map(|s| s.to_string()).collect();
        parse_units(&read_csv(text.as_bytes()).expect("csv"), &existing)
    }

    fn problem_codes(result: Result<Vec<UnitRow>, AppError>) -> Vec<(usize, &'static str)> {
        match result {
            Err(AppError::Rejected { problems }) => {
                problems.iter().map(|p| (p.line, p.code)).collect()
            }
            other => panic!("expected rejection, got {other:?}"),
        }
    }

    #[test]
    fn the_demo_tree_has_the_district_eight_streets_and_their_communities() {
        let units = parse(DEMO_TREE, &[]).expect("valid");
        assert_eq!(units[0].name, "丰泽区");
        assert_eq!(units.iter().filter(|u| u.level == "street").count(), 8);
        assert!(units.iter().filter(|u| u.level == "community").count() >= 70);
    }

    #[test]
    fn every_bad_line_is_named() {
        let text = "code,name,parent_code\n\
                    350503000000,丰泽区,\n\
                    350503001000,东湖街道,350503000000\n\
                    350503001000,重复街道,350503000000\n\
                    35050300x001,坏代码,350503001000\n\
                    350503009001,孤儿社区,350503009000\n\
                    350503002001,错挂社区,350503001000\n";
        assert_eq!(
            problem_codes(parse(text, &[])),
            vec![
                (4, "duplicate_code"),
                (5, "malformed_code"),
                (6, "missing_parent"),
                (7, "parent_does_not_contain")
            ]
        );
    }

    #[test]
    fn parents_may_already_exist_and_children_come_after_parents() {
        let text = "代码,名称,上级代码\n350503001099,新社区,350503001000\n";
        assert_eq!(parse(text, &["350503001000"]).expect("valid").len(), 1);
        let text = "code,name,parent_code\n350503001001,社区,350503001000\n350503001000,街道,\n";
        let units = parse(text, &[]).expect("valid");
        assert_eq!(units[0].code, "350503001000");
    }
}
