//! Writing lists to files as Chinese offices open them: CSV in UTF-8 with a BOM, and xlsx
//! written row by row in constant memory with every cell as text (Excel never turns an ID
//! number, a credit code or a phone into a number).

use crate::AppError;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::io::Write;
use std::path::Path;

/// A .docx run's fonts: one face in every slot, so digits and Latin letters match the Chinese
/// text; the eastAsia hint keeps “” and — in the CJK face.
pub(crate) fn docx_fonts(name: &str) -> docx_rs::RunFonts {
    docx_rs::RunFonts::new()
        .east_asia(name)
        .ascii(name)
        .hi_ansi(name)
        .cs(name)
        .hint("eastAsia")
}

fn io(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("writing the file: {e}"))
}

fn xlsx(e: XlsxError) -> AppError {
    AppError::Internal(format!("writing the spreadsheet: {e}"))
}

/// The first characters with which a spreadsheet reads a CSV cell as a formula (OWASP CSV
/// injection): `=HYPERLINK(…)` typed as a name would run when the export is opened.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell that a spreadsheet would read as a formula, prefixed with a single quote so it reads
/// as text; every other cell unchanged. Every CSV written goes through this.
pub fn neutralize_formula(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// A CSV file: the BOM and the header row first, then rows as they come; cells that would
/// start a formula are neutralized.
pub struct CsvSheet<W: Write> {
    out: W,
}

impl<W: Write> CsvSheet<W> {
    pub fn new(mut out: W, header: &[&str]) -> Result<CsvSheet<W>, AppError> {
        out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
        let mut sheet = CsvSheet { out };
        sheet.write([header.iter().map(|h| h.to_string()).collect()])?;
        Ok(sheet)
    }

    pub fn write(&mut self, rows: impl IntoIterator<Item = Vec<String>>) -> Result<(), AppError> {
        let mut writer = csv::Writer::from_writer(&mut self.out);
        for cells in rows {
            writer
                .write_record(cells.into_iter().map(neutralize_formula))
                .map_err(io)?;
        }
        writer.flush().map_err(io)
    }

    /// The underlying writer (to take what has been written so far).
    pub fn buffer(&mut self) -> &mut W {
        &mut self.out
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

/// An xlsx file of one sheet: a bold header row, then rows of text cells.
pub struct XlsxSheet {
    workbook: Workbook,
    next_row: u32,
    text: Format,
}

impl XlsxSheet {
    /// `widths`: (column, width) of the columns wider than Excel's default.
    pub fn new(name: &str, header: &[&str], widths: &[(u16, f64)]) -> Result<XlsxSheet, AppError> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_constant_memory();
        sheet.set_name(name).map_err(xlsx)?;
        let bold = Format::new().set_bold();
        for (col, title) in header.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, *title, &bold)
                .map_err(xlsx)?;
        }
        for (col, width) in widths {
            sheet.set_column_width(*col, *width).map_err(xlsx)?;
        }
        Ok(XlsxSheet {
            workbook,
            next_row: 1,
            text: Format::new().set_num_format("@"),
        })
    }

    pub fn write(&mut self, rows: impl IntoIterator<Item = Vec<String>>) -> Result<(), AppError> {
        let sheet = self.workbook.worksheet_from_index(0).map_err(xlsx)?;
        for cells in rows {
            for (col, cell) in cells.iter().enumerate() {
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

    pub fn to_bytes(mut self) -> Result<Vec<u8>, AppError> {
        self.workbook.save_to_buffer().map_err(xlsx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_start_a_formula_are_quoted() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://evil\")",
                "'=HYPERLINK(\"http://evil\")",
            ),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("王芳", "王芳"),
            ("350503199001011234", "350503199001011234"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(neutralize_formula(cell.to_owned()), written);
        }
    }
}
