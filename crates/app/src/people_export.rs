//! Writing people to files: the export (full values, in the import format so it re-imports),
//! the blank import template, and the list of rejected rows of an import.

use crate::people::ExportRow;
use crate::people_import::RowProblem;
use crate::AppError;
use jinguo_db::units::Unit;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
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

    fn of(&self, code: &str) -> (String, String) {
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
        p.birth_date.clone(),
        row.phone.clone().unwrap_or_default(),
        street,
        community,
        p.unit_code.clone(),
        tag_labels(&p.tags),
        p.ethnicity.clone().unwrap_or_default(),
        p.education.clone().unwrap_or_default(),
        row.address.clone().unwrap_or_default(),
    ]
}

/// A CSV export as Chinese Excel opens it: UTF-8 with a BOM.
pub struct CsvExport<W: Write> {
    out: W,
}

impl<W: Write> CsvExport<W> {
    pub fn new(mut out: W) -> Result<CsvExport<W>, AppError> {
        out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
        let mut export = CsvExport { out };
        export.write_cells([EXPORT_HEADER.iter().map(|h| h.to_string()).collect()])?;
        Ok(export)
    }

    fn write_cells(&mut self, rows: impl IntoIterator<Item = Vec<String>>) -> Result<(), AppError> {
        let mut writer = csv::Writer::from_writer(&mut self.out);
        for cells in rows {
            writer.write_record(cells).map_err(io)?;
        }
        writer.flush().map_err(io)
    }

    pub fn write(&mut self, rows: &[ExportRow], units: &UnitNames) -> Result<(), AppError> {
        self.write_cells(rows.iter().map(|row| export_cells(row, units)))
    }

    /// The underlying writer (to take what has been written so far).
    pub fn buffer(&mut self) -> &mut W {
        &mut self.out
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

fn io(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("writing the file: {e}"))
}

fn xlsx(e: XlsxError) -> AppError {
    AppError::Internal(format!("writing the spreadsheet: {e}"))
}

/// An xlsx export written row by row in constant memory; ID and phone columns are text so
/// Excel never turns them into numbers.
pub struct XlsxExport {
    workbook: Workbook,
    next_row: u32,
    text: Format,
}

impl XlsxExport {
    pub fn new() -> Result<XlsxExport, AppError> {
        let mut workbook = Workbook::new();
        let text = Format::new().set_num_format("@");
        let sheet = workbook.add_worksheet_with_constant_memory();
        sheet.set_name("人员").map_err(xlsx)?;
        let bold = Format::new().set_bold();
        for (col, title) in EXPORT_HEADER.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, *title, &bold)
                .map_err(xlsx)?;
        }
        sheet.set_column_width(1, 22).map_err(xlsx)?;
        sheet.set_column_width(4, 16).map_err(xlsx)?;
        Ok(XlsxExport {
            workbook,
            next_row: 1,
            text,
        })
    }

    pub fn write(&mut self, rows: &[ExportRow], units: &UnitNames) -> Result<(), AppError> {
        let sheet = self.workbook.worksheet_from_index(0).map_err(xlsx)?;
        for row in rows {
            for (col, cell) in export_cells(row, units).iter().enumerate() {
                sheet
                    .write_string_with_format(self.next_row, col as u16, cell, &self.text)
                    .map_err(xlsx)?;
            }
            self.next_row += 1;
        }
        Ok(())
    }

    pub fn save(mut self, path: &Path) -> Result<(), AppError> {
        self.workbook.save(path).map_err(xlsx)
    }
}

/// The blank template every import page offers: the expected headers, one example row, the ID
/// and phone columns formatted as text.
pub fn template_xlsx() -> Result<Vec<u8>, AppError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("人员导入模板").map_err(xlsx)?;
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
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
    for (col, title) in crate::synthetic::HEADER.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *title, &bold)
            .map_err(xlsx)?;
        sheet.set_column_format(col as u16, &text).map_err(xlsx)?;
        sheet
            .write_string_with_format(1, col as u16, example[col], &text)
            .map_err(xlsx)?;
    }
    sheet.set_column_width(1, 22).map_err(xlsx)?;
    sheet.set_column_width(9, 30).map_err(xlsx)?;
    workbook.save_to_buffer().map_err(xlsx)
}

/// Every rejected row with its line number, field and reason (localized by the callers), then
/// the row's own cells under the file's header, so the sheet can be corrected and imported again.
pub fn problems_xlsx(
    header: &[String],
    problems: &[RowProblem],
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
    sheet.set_column_width(2, 50).map_err(xlsx)?;
    workbook.save_to_buffer().map_err(xlsx)
}
