//! Reading the tables people send: CSV (UTF-8 with or without BOM, or GBK/GB18030 as Chinese
//! Excel writes it) and spreadsheets (xlsx, xls, ods). Every import finds its header row among
//! the first rows, maps header aliases to fields, and reports problems by the line number the
//! user sees in the file.

use crate::AppError;
use calamine::{open_workbook_auto, Data, Reader};
use std::collections::HashMap;
use std::path::Path;

/// A table as text cells; `lines[i]` is the 1-based line (row) number of `rows[i]` in the file.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Vec<String>>,
    pub lines: Vec<usize>,
}

/// How many rows from the top to search for the header (title rows above it are common).
const HEADER_SEARCH_ROWS: usize = 10;

pub fn read_table(path: &Path) -> Result<Table, AppError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path)
                .map_err(|e| AppError::invalid_detail("file", "file_unreadable", e.to_string()))?;
            read_csv(&bytes)
        }
        "xlsx" | "xlsm" | "xls" | "ods" => read_spreadsheet(path),
        _ => Err(AppError::invalid_detail(
            "file",
            "unsupported_file_type",
            extension,
        )),
    }
}

/// A table from uploaded bytes; the file name's extension tells the format.
pub fn read_table_bytes(bytes: &[u8], file_name: &str) -> Result<Table, AppError> {
    let extension = file_name
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "csv" | "txt" => read_csv(bytes),
        "xlsx" | "xlsm" | "xls" | "ods" => {
            let unreadable = |e: calamine::Error| {
                AppError::invalid_detail("file", "file_unreadable", e.to_string())
            };
            let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
                .map_err(unreadable)?;
            match workbook.worksheet_range_at(0) {
                Some(range) => Ok(table_of(&range.map_err(unreadable)?)),
                None => Ok(Table::default()),
            }
        }
        _ => Err(AppError::invalid_detail(
            "file",
            "unsupported_file_type",
            extension,
        )),
    }
}

/// UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else GB18030 (a superset of GBK).
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

pub fn read_csv(bytes: &[u8]) -> Result<Table, AppError> {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    for record in reader.records() {
        let record = record
            .map_err(|e| AppError::invalid_detail("file", "file_unreadable", e.to_string()))?;
        let line = record
            .position()
            .map(|p| p.line() as usize)
            .unwrap_or(table.rows.len() + 1);
        table
            .rows
            .push(record.iter().map(|c| c.trim().to_owned()).collect());
        table.lines.push(line);
    }
    Ok(table)
}

fn read_spreadsheet(path: &Path) -> Result<Table, AppError> {
    let unreadable =
        |e: calamine::Error| AppError::invalid_detail("file", "file_unreadable", e.to_string());
    let mut workbook = open_workbook_auto(path).map_err(unreadable)?;
    let range = match workbook.worksheet_range_at(0) {
        Some(range) => range.map_err(unreadable)?,
        None => return Ok(Table::default()),
    };
    Ok(table_of(&range))
}

fn table_of(range: &calamine::Range<Data>) -> Table {
    let first_row = range.start().map(|(row, _)| row as usize).unwrap_or(0);
    let mut table = Table::default();
    for (i, row) in range.rows().enumerate() {
        table.rows.push(row.iter().map(cell_text).collect());
        table.lines.push(first_row + i + 1);
    }
    table
}

/// A cell as the user typed it. Whole numbers print without a decimal point; a large number
/// keeps the digits Excel stored, which lets callers recognize an Excel-mangled ID number.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_owned(),
    }
}

/// Where each field's column is, found by the field's header aliases.
#[derive(Debug, Clone)]
pub struct Header {
    /// Index into `Table::rows` of the header row.
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

/// The first row among the top rows that names every `required` field.
pub fn find_header(
    table: &Table,
    aliases: &[(&'static str, &[&str])],
    required: &[&str],
) -> Option<Header> {
    table
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn whole_numbers_print_without_a_decimal_point() {
        assert_eq!(cell_text(&Data::Float(350503001001.0)), "350503001001");
        assert_eq!(cell_text(&Data::Float(3.50503e17)), "350503000000000000");
        assert_eq!(cell_text(&Data::String(" 东湖 ".into())), "东湖");
    }
}
