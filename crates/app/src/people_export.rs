//! Writing people to files: the export (full values, in the import format so it re-imports) and
//! the blank import template.

use crate::export::{CsvSheet, XlsxSheet};
use crate::people::ExportRow;
use crate::units::Unit;
use crate::AppError;
use jinguo_domain::national_codes::{EDUCATION, ETHNICITY};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

pub const EXPORT_HEADER: &[&str] = &[
    "姓名",
    "身份证号码",
    "性别",
    "出生日期",
    "联系电话",
    "所属街道",
    "所属社区",
    "单位代码",
    "人员类别",
    "民族",
    "文化程度",
    "家庭住址",
];

/// Street and community names of each unit code, for the export's columns.
pub struct UnitNames(HashMap<String, (String, String)>);

impl UnitNames {
    pub fn new(units: &[Unit]) -> UnitNames {
        let by_code: HashMap<&str, &Unit> = units.iter().map(|u| (u.code.as_str(), u)).collect();
        let names = units
            .iter()
            .map(|u| {
                let pair = match u.level.as_str() {
                    "community" => {
                        let street = u
                            .parent_code
                            .as_deref()
                            .and_then(|p| by_code.get(p))
                            .map(|s| s.name.clone())
                            .unwrap_or_default();
                        (street, u.name.clone())
                    }
                    "street" => (u.name.clone(), String::new()),
                    _ => (String::new(), String::new()),
                };
                (u.code.clone(), pair)
            })
            .collect();
        UnitNames(names)
    }

    pub fn of(&self, code: &str) -> (String, String) {
        self.0.get(code).cloned().unwrap_or_default()
    }
}

fn tag_labels(tags: &[String]) -> String {
    tags.iter()
        .map(|t| jinguo_domain::people::tag_label(t).unwrap_or(t.as_str()))
        .collect::<Vec<_>>()
        .join("、")
}

pub fn export_cells(row: &ExportRow, units: &UnitNames) -> Vec<String> {
    let p = &row.person;
    let (street, community) = units.of(&p.unit_code);
    vec![
        p.name.clone(),
        row.id_number.clone(),
        if p.sex == "female" { "女" } else { "男" }.to_owned(),
        p.birth_date.to_string(),
        row.phone.clone().unwrap_or_default(),
        street,
        community,
        p.unit_code.clone(),
        tag_labels(&p.tags),
        // Names, as the import reads them back.
        p.ethnicity
            .as_deref()
            .map(|v| ETHNICITY.display(v))
            .unwrap_or_default(),
        p.education
            .as_deref()
            .map(|v| EDUCATION.display(v))
            .unwrap_or_default(),
        row.address.clone().unwrap_or_default(),
    ]
}

/// A CSV export of people as Chinese Excel opens it (UTF-8 with a BOM).
pub struct CsvExport<W: Write>(CsvSheet<W>);

impl<W: Write> CsvExport<W> {
    pub fn new(out: W) -> Result<CsvExport<W>, AppError> {
        CsvSheet::new(out, EXPORT_HEADER).map(CsvExport)
    }

    pub fn write(&mut self, rows: &[ExportRow], units: &UnitNames) -> Result<(), AppError> {
        self.0
            .write(rows.iter().map(|row| export_cells(row, units)))
    }

    /// The underlying writer (to take what has been written so far).
    pub fn buffer(&mut self) -> &mut W {
        self.0.buffer()
    }

    pub fn into_inner(self) -> W {
        self.0.into_inner()
    }
}

/// An xlsx export of people written row by row in constant memory, every cell as text.
pub struct XlsxExport(XlsxSheet);

impl XlsxExport {
    pub fn new() -> Result<XlsxExport, AppError> {
        XlsxSheet::new("人员", EXPORT_HEADER, &[(1, 22.0), (4, 16.0)]).map(XlsxExport)
    }

    pub fn write(&mut self, rows: &[ExportRow], units: &UnitNames) -> Result<(), AppError> {
        self.0
            .write(rows.iter().map(|row| export_cells(row, units)))
    }

    pub fn save(self, path: &Path) -> Result<(), AppError> {
        self.0.save(path)
    }
}

/// The blank template of the people import: the expected headers, one example row, the ID
/// and phone columns formatted as text.
pub fn template_xlsx() -> Result<Vec<u8>, AppError> {
    let example = [
        "王芳",
        "350503199003070028",
        "女",
        "13812345678",
        "东湖街道",
        "少林社区",
        "失业、低保",
        "汉族",
        "高中",
        "福建省泉州市丰泽区东湖路1号",
        "",
    ];
    crate::import::template_xlsx(
        "人员导入模板",
        crate::synthetic::HEADER,
        &example,
        &[(1, 22.0), (9, 30.0)],
    )
}
