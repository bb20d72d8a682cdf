//! Reading the rows of a file one at a time, so an import holds a row and what it keeps about
//! rows already read — never the file. CSV goes through the `csv` reader over the file (UTF-8, or
//! GB18030 decoded as it is read); xlsx through calamine's streaming cell reader, whose cells are
//! grouped into rows here. xls and ods have no streaming reader in calamine: their sheet is read
//! whole, after a check that it stays within the same bounds.
//!
//! Bounds: a row uses at most `MAX_COLUMNS` columns (a filled cell beyond is `too_many_columns`,
//! naming the cell); blank rows between filled ones are passed on as empty rows and never
//! allocated, so a sheet that declares a million rows but holds two costs two rows.

use super::Table;
use crate::archive;
use crate::AppError;
use calamine::{Data, Reader};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// The most columns a row may fill. Rosters use 10–20; a filled cell beyond this is an error
/// naming the cell, never a reason to allocate the sheet's width.
pub const MAX_COLUMNS: usize = 200;

/// The cells calamine may lay out for an ods, empty ones included (a value and a formula slot,
/// ~56 bytes each): a roster of 100,000 rows × 20 columns.
pub const MAX_SHEET_CELLS: u64 = 2_000_000;

/// One row of a file: its cells as text (trimmed) and the 1-based line (row number) the user sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// The rows of a file, read as they are asked for; an error ends them.
pub type Rows<'a> = Box<dyn Iterator<Item = Result<Row, AppError>> + Send + 'a>;

/// Where an import's rows come from. Every pass of an import reads them anew from the top.
pub trait Source: Sync {
    fn rows(&self) -> Result<Rows<'_>, AppError>;
}

/// Rows already in memory (the demo district's roster, tests).
impl Source for Table {
    fn rows(&self) -> Result<Rows<'_>, AppError> {
        Ok(Box::new(self.rows.iter().zip(&self.lines).map(
            |(cells, line)| {
                Ok(Row {
                    line: *line,
                    cells: cells.clone(),
                })
            },
        )))
    }
}

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::invalid_detail("file", "file_unreadable", e.to_string())
}

/// The cell's reference as a spreadsheet shows it: column letters, then the line (`XFD1048576`).
pub fn cell_reference(line: usize, column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{line}", String::from_utf8_lossy(&letters))
}

fn too_many_columns(line: usize, column: usize) -> AppError {
    AppError::invalid_detail("file", "too_many_columns", cell_reference(line, column))
}

/// The formats an import reads, told by the file name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// CSV in UTF-8 (with or without BOM), else GB18030 (a superset of GBK).
    Csv {
        utf8: bool,
    },
    Xlsx,
    Xls,
    Ods,
}

/// A spreadsheet or CSV file on disk, checked once when opened (its format, the encoding of a
/// CSV, the bounds of an archive) and read row by row on every pass.
#[derive(Debug, Clone)]
pub struct SheetFile {
    path: PathBuf,
    format: Format,
}

impl SheetFile {
    /// A file whose own name tells its format (the command line).
    pub fn open(path: &Path) -> Result<SheetFile, AppError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        SheetFile::named(path, &name)
    }

    /// A file whose format `file_name` tells (an upload, spooled under another name).
    pub fn named(path: &Path, file_name: &str) -> Result<SheetFile, AppError> {
        let extension = file_name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let format = match extension.as_str() {
            "csv" | "txt" => Format::Csv {
                utf8: is_utf8(std::fs::File::open(path).map_err(unreadable)?)?,
            },
            "xlsx" | "xlsm" => Format::Xlsx,
            "xls" => Format::Xls,
            "ods" => Format::Ods,
            _ => {
                return Err(AppError::invalid_detail(
                    "file",
                    "unsupported_file_type",
                    extension,
                ))
            }
        };
        // xlsx, xlsm and ods are zip archives, bounded before calamine inflates them; xls is an
        // OLE compound file, stored uncompressed, so its size on disk bounds its bytes.
        if matches!(format, Format::Xlsx | Format::Ods) {
            let file = std::fs::File::open(path).map_err(unreadable)?;
            archive::check(
                BufReader::new(file),
                file_name,
                &archive::SPREADSHEET_LIMITS,
            )?;
        }
        Ok(SheetFile {
            path: path.to_owned(),
            format,
        })
    }
}

impl Source for SheetFile {
    fn rows(&self) -> Result<Rows<'_>, AppError> {
        match self.format {
            Format::Csv { utf8 } => csv_rows(&self.path, utf8),
            Format::Xlsx => Ok(xlsx_rows(self.path.clone())),
            Format::Xls | Format::Ods => whole_sheet_rows(&self.path, self.format),
        }
    }
}

/// Whether the whole file is valid UTF-8 (after an optional BOM), read in pieces.
fn is_utf8(file: std::fs::File) -> Result<bool, AppError> {
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut carry: Vec<u8> = Vec::with_capacity(4);
    loop {
        let chunk = reader.fill_buf().map_err(unreadable)?;
        if chunk.is_empty() {
            return Ok(carry.is_empty());
        }
        let len = chunk.len();
        // A character split between two reads is completed from the next read's first bytes.
        let mut piece = std::mem::take(&mut carry);
        piece.extend_from_slice(chunk);
        reader.consume(len);
        match std::str::from_utf8(&piece) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => carry = piece[e.valid_up_to()..].to_vec(),
            Err(_) => return Ok(false),
        }
    }
}

fn csv_rows(path: &Path, utf8: bool) -> Result<Rows<'static>, AppError> {
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let encoding = if utf8 {
        encoding_rs::UTF_8
    } else {
        encoding_rs::GB18030
    };
    // A UTF-8 BOM is dropped; the rest is decoded as the file's encoding while it is read.
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(false)
        .strip_bom(true)
        .build(BufReader::new(file));
    Ok(csv_records(decoded))
}

/// The records of CSV text as rows: blank lines are not records, a quoted line break stays in
/// its cell, and a row is numbered by the line it starts on.
pub(crate) fn csv_records<'a, R: Read + Send + 'a>(text: R) -> Rows<'a> {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut records = reader.into_records();
    let mut count = 0usize;
    let mut failed = false;
    Box::new(std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let record = match records.next()? {
            Ok(record) => record,
            Err(e) => {
                failed = true;
                return Some(Err(unreadable(e)));
            }
        };
        count += 1;
        let line = record
            .position()
            .map(|p| p.line() as usize)
            .unwrap_or(count);
        if let Some(column) = record
            .iter()
            .skip(MAX_COLUMNS)
            .position(|c| !c.trim().is_empty())
        {
            failed = true;
            return Some(Err(too_many_columns(line, MAX_COLUMNS + column)));
        }
        let width = record.len().min(MAX_COLUMNS);
        let cells = record
            .iter()
            .take(width)
            .map(|c| c.trim().to_owned())
            .collect();
        Some(Ok(Row { line, cells }))
    }))
}

/// What the xlsx reading thread hands over: a row, the error that ended the rows, or their end.
enum Message {
    Row(Row),
    Failed(AppError),
    End,
}

/// Rows in flight between the reading thread and the import: a few hundred at most.
const ROWS_IN_FLIGHT: usize = 256;

/// The first sheet of an xlsx, read by calamine's streaming cell reader on a thread of its own
/// (the reader borrows the workbook it reads, so both live there) and handed over a bounded
/// channel. An import that stops early drops the receiver, and the thread stops at its next row.
fn xlsx_rows(path: PathBuf) -> Rows<'static> {
    let (sender, receiver) = mpsc::sync_channel(ROWS_IN_FLIGHT);
    let reading = std::thread::Builder::new()
        .name("xlsx-rows".into())
        .spawn(move || {
            let mut emit = |row| sender.send(Message::Row(row)).is_ok();
            let last = match read_xlsx(&path, &mut emit) {
                Ok(()) => Message::End,
                Err(e) => Message::Failed(e),
            };
            let _ = sender.send(last);
        });
    if let Err(e) = reading {
        return Box::new(std::iter::once(Err(AppError::Internal(format!(
            "starting the xlsx reader: {e}"
        )))));
    }
    let mut done = false;
    Box::new(std::iter::from_fn(move || {
        if done {
            return None;
        }
        match receiver.recv() {
            Ok(Message::Row(row)) => Some(Ok(row)),
            Ok(Message::End) => {
                done = true;
                None
            }
            Ok(Message::Failed(e)) => {
                done = true;
                Some(Err(e))
            }
            // The thread ended without saying so (a panic): never a silently shorter file.
            Err(_) => {
                done = true;
                Some(Err(AppError::Internal("the xlsx reader stopped".into())))
            }
        }
    }))
}

/// Reads the first sheet's cells in file order and passes each row on as it is complete;
/// stops when `emit` says the rows are no longer wanted.
fn read_xlsx(path: &Path, emit: &mut dyn FnMut(Row) -> bool) -> Result<(), AppError> {
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(unreadable)?;
    let Some(sheet) = workbook.sheet_names().first().cloned() else {
        return Ok(());
    };
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(unreadable)?;
    let mut rows = RowAssembler::default();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let value = Data::from(cell.get_value().clone());
        let (row, column) = cell.get_position();
        if !rows.add(row as usize, column as usize, &value, emit)? {
            return Ok(());
        }
    }
    rows.finish(emit);
    Ok(())
}

/// Groups cells, given in row order, into rows; the blank rows between two filled ones are
/// passed on as empty rows (as a whole-sheet reader shows them), none of them allocated.
#[derive(Default)]
struct RowAssembler {
    /// The 0-based row being filled, once a filled cell was seen.
    current: Option<usize>,
    cells: Vec<String>,
}

impl RowAssembler {
    /// Adds a cell; false when the rows are no longer wanted.
    fn add(
        &mut self,
        row: usize,
        column: usize,
        value: &Data,
        emit: &mut dyn FnMut(Row) -> bool,
    ) -> Result<bool, AppError> {
        let text = super::cell_text(value);
        if text.is_empty() {
            return Ok(true);
        }
        if column >= MAX_COLUMNS {
            return Err(too_many_columns(row + 1, column));
        }
        match self.current {
            Some(current) if row < current => {
                return Err(unreadable(format!(
                    "row {} comes after row {}",
                    row + 1,
                    current + 1
                )))
            }
            Some(current) if row > current => {
                let cells = std::mem::take(&mut self.cells);
                if !emit(Row {
                    line: current + 1,
                    cells,
                }) {
                    return Ok(false);
                }
                for blank in current + 1..row {
                    if !emit(Row {
                        line: blank + 1,
                        cells: Vec::new(),
                    }) {
                        return Ok(false);
                    }
                }
            }
            _ => {}
        }
        self.current = Some(row);
        if self.cells.len() <= column {
            self.cells.resize(column + 1, String::new());
        }
        self.cells[column] = text;
        Ok(true)
    }

    fn finish(self, emit: &mut dyn FnMut(Row) -> bool) {
        if let Some(current) = self.current {
            emit(Row {
                line: current + 1,
                cells: self.cells,
            });
        }
    }
}

fn sheet_too_large() -> AppError {
    AppError::invalid_detail("file", "sheet_too_large", MAX_SHEET_CELLS.to_string())
}

/// xls and ods: calamine lays every sheet out whole when it opens the file, so the file is
/// measured first (`check_xls`, `check_ods`). The first sheet's rows are then handed on as the
/// streaming readers hand theirs.
fn whole_sheet_rows(path: &Path, format: Format) -> Result<Rows<'static>, AppError> {
    match format {
        Format::Ods => check_ods(path)?,
        _ => check_xls(path)?,
    }
    let mut workbook = calamine::open_workbook_auto(path).map_err(unreadable)?;
    let range = match workbook.worksheet_range_at(0) {
        Some(range) => range.map_err(unreadable)?,
        None => return Ok(Box::new(std::iter::empty())),
    };
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let first_row = first_row as usize;
    let first_column = first_column as usize;
    if let Some((row, column)) = range
        .used_cells()
        .find(|(_, column, value)| {
            first_column + column >= MAX_COLUMNS && !super::cell_text(value).is_empty()
        })
        .map(|(row, column, _)| (row, column))
    {
        return Err(too_many_columns(first_row + row + 1, first_column + column));
    }
    let width = range
        .width()
        .min(MAX_COLUMNS - first_column.min(MAX_COLUMNS));
    let rows: Vec<Row> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row {
            line: first_row + i + 1,
            cells: cells.iter().take(width).map(super::cell_text).collect(),
        })
        .collect();
    Ok(Box::new(rows.into_iter().map(Ok)))
}

/// The cell records of BIFF (MS-XLS 2.4) calamine turns into cells: Number, Label, RString,
/// BoolErr, RK, LabelSst (MulRk and Formula are read apart).
const XLS_CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];
const XLS_MUL_RK: u16 = 0x00BD;
const XLS_FORMULA: u16 = 0x0006;
const XLS_BOF: u16 = 0x0809;
const XLS_EOF: u16 = 0x000A;
const XLS_BOUND_SHEET: u16 = 0x0085;

/// One BIFF record read from a stream: its type and its data in `buf`; None at the end.
fn xls_record(stream: &mut impl Read, buf: &mut Vec<u8>) -> Result<Option<u16>, AppError> {
    let mut head = [0u8; 4];
    match stream.read_exact(&mut head) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(unreadable(e)),
    }
    let kind = u16::from_le_bytes([head[0], head[1]]);
    let len = u16::from_le_bytes([head[2], head[3]]) as usize;
    buf.resize(len, 0);
    stream.read_exact(buf).map_err(unreadable)?;
    Ok(Some(kind))
}

fn le16(data: &[u8], at: usize) -> Option<u64> {
    data.get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]) as u64)
}

/// The box spanned by cells at (row, column): what `Range::from_sparse` allocates for them.
#[derive(Default)]
struct CellBox {
    bounds: Option<(u64, u64, u64, u64)>,
}

impl CellBox {
    fn add(&mut self, row: u64, column: u64) {
        let (r0, r1, c0, c1) = self.bounds.unwrap_or((row, row, column, column));
        self.bounds = Some((r0.min(row), r1.max(row), c0.min(column), c1.max(column)));
    }

    fn cells(&self) -> u64 {
        self.bounds
            .map(|(r0, r1, c0, c1)| (r1 - r0 + 1) * (c1 - c0 + 1))
            .unwrap_or(0)
    }
}

/// What calamine will lay out for an xls, measured by walking its BIFF records as calamine
/// does: the sheets the workbook's BoundSheet records point at (every one, as often as they are
/// named), each from its BOF to its EOF, nested substreams (charts) passed over; for each, the
/// box of its value cells and the box of its formulas (`Range::from_sparse`), and the cell
/// records themselves. Any sum past `MAX_SHEET_CELLS` refuses the file before calamine opens it.
fn check_xls(path: &Path) -> Result<(), AppError> {
    let mut file = cfb::open(path).map_err(unreadable)?;
    let name = if file.is_stream("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    let mut stream = std::io::BufReader::new(file.open_stream(name).map_err(unreadable)?);
    let mut buf = Vec::with_capacity(1024);
    let mut sheets = Vec::new();
    while let Some(kind) = xls_record(&mut stream, &mut buf)? {
        match kind {
            XLS_BOUND_SHEET if buf.len() >= 4 => {
                sheets.push(u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]) as u64)
            }
            XLS_EOF => break,
            _ => {}
        }
    }
    let (mut laid_out, mut records) = (0u64, 0u64);
    for start in sheets {
        std::io::Seek::seek(&mut stream, std::io::SeekFrom::Start(start)).map_err(unreadable)?;
        let (mut values, mut formulas) = (CellBox::default(), CellBox::default());
        let (mut depth, mut seen_bof) = (0usize, false);
        while let Some(kind) = xls_record(&mut stream, &mut buf)? {
            if depth > 0 {
                match kind {
                    XLS_BOF => depth += 1,
                    XLS_EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = |i| le16(&buf, i);
            match kind {
                XLS_BOF if seen_bof => depth += 1,
                XLS_BOF => seen_bof = true,
                XLS_EOF => break,
                XLS_MUL_RK => {
                    if let (Some(row), Some(first), Some(last)) =
                        (at(0), at(2), buf.len().checked_sub(2).and_then(at))
                    {
                        values.add(row, first);
                        values.add(row, last.max(first));
                        records += last.saturating_sub(first) + 1;
                    }
                }
                XLS_FORMULA => {
                    if let (Some(row), Some(column)) = (at(0), at(2)) {
                        values.add(row, column);
                        formulas.add(row, column);
                        records += 2;
                    }
                }
                kind if XLS_CELLS.contains(&kind) => {
                    if let (Some(row), Some(column)) = (at(0), at(2)) {
                        values.add(row, column);
                        records += 1;
                    }
                }
                _ => {}
            }
            if records > MAX_SHEET_CELLS {
                return Err(sheet_too_large());
            }
        }
        laid_out = laid_out
            .saturating_add(values.cells())
            .saturating_add(formulas.cells());
        if laid_out > MAX_SHEET_CELLS {
            return Err(sheet_too_large());
        }
    }
    Ok(())
}

/// The most rows calamine counts in an ods table (its own bound on repeated rows).
const ODS_MAX_ROWS: u64 = 1_048_576;
/// The most columns calamine lays out in an ods row (its own bound on repeated cells).
const ODS_MAX_COLUMNS: u64 = 16_384;

/// What calamine will lay out for the tables of an ods, measured by streaming its content.xml:
/// every row element pushes its cells up to its last filled one (repeats expanded), and each
/// table becomes the box from its first to its last filled row (repeats expanded) times its
/// widest row. Either figure past `MAX_SHEET_CELLS` refuses the file before calamine opens it.
fn check_ods(path: &Path) -> Result<(), AppError> {
    use quick_xml::events::Event;
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(unreadable)?;
    let content = zip.by_name("content.xml").map_err(unreadable)?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut layout = OdsLayout::default();
    loop {
        let event = xml.read_event_into(&mut buf).map_err(unreadable)?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let repeats = |name: &str| -> Result<u64, AppError> {
                    match e.try_get_attribute(name).map_err(unreadable)? {
                        None => Ok(1),
                        Some(a) => a
                            .value
                            .trim()
                            .parse()
                            .map_err(|_| unreadable(format!("{name} is not a number"))),
                    }
                };
                let empty_element = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "table:table" => layout.start_table(),
                    "table:table-row" => {
                        layout.start_row(repeats("table:number-rows-repeated")?);
                        if empty_element {
                            layout.end_row();
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let filled = !empty_element
                            || e.try_get_attribute("office:value-type")
                                .map_err(unreadable)?
                                .is_some()
                            || e.try_get_attribute("table:formula")
                                .map_err(unreadable)?
                                .is_some();
                        layout.cell(repeats("table:number-columns-repeated")?, filled);
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => layout.end_row(),
                "table:table" => layout.end_table(),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        if layout.too_large() {
            return Err(sheet_too_large());
        }
        buf.clear();
    }
    Ok(())
}

/// The running measure of `check_ods`, over every table of the file.
#[derive(Default)]
struct OdsLayout {
    /// Cells pushed by all row elements so far.
    pushed: u64,
    /// Cells of the boxes of the tables ended so far.
    boxes: u64,
    /// The current table: rows counted, first and last filled row, widest row.
    rows: u64,
    first_filled: Option<u64>,
    last_filled: u64,
    widest: u64,
    /// The current row element: its repeats, its column, its last filled column.
    row_repeats: u64,
    column: u64,
    row_width: u64,
}

impl OdsLayout {
    fn start_table(&mut self) {
        (self.rows, self.first_filled, self.last_filled, self.widest) = (0, None, 0, 0);
    }

    fn start_row(&mut self, repeats: u64) {
        self.row_repeats = repeats.min(ODS_MAX_ROWS.saturating_sub(self.rows));
        (self.column, self.row_width) = (0, 0);
    }

    fn cell(&mut self, repeats: u64, filled: bool) {
        self.column = self.column.saturating_add(repeats).min(ODS_MAX_COLUMNS);
        if filled {
            self.row_width = self.column;
        }
    }

    fn end_row(&mut self) {
        self.pushed = self.pushed.saturating_add(self.row_width);
        if self.row_width > 0 && self.row_repeats > 0 {
            self.first_filled.get_or_insert(self.rows);
            self.last_filled = self.rows + self.row_repeats - 1;
            self.widest = self.widest.max(self.row_width);
        }
        self.rows += self.row_repeats;
        self.row_repeats = 0;
    }

    /// Past the bound: what is pushed, or the boxes with the open table's (a table that never
    /// ends is no escape).
    fn too_large(&self) -> bool {
        self.pushed > MAX_SHEET_CELLS
            || self.boxes.saturating_add(self.open_box()) > MAX_SHEET_CELLS
    }

    fn open_box(&self) -> u64 {
        self.first_filled
            .map(|first| (self.last_filled - first + 1).saturating_mul(self.widest))
            .unwrap_or(0)
    }

    fn end_table(&mut self) {
        self.boxes = self.boxes.saturating_add(self.open_box());
        self.start_table();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_read_as_spreadsheets_write_them() {
        assert_eq!(cell_reference(1, 0), "A1");
        assert_eq!(cell_reference(7, 25), "Z7");
        assert_eq!(cell_reference(3, 26), "AA3");
        assert_eq!(cell_reference(1_048_576, 16_383), "XFD1048576");
    }

    fn rows_of(text: &str) -> Vec<Result<Row, AppError>> {
        csv_records(text.as_bytes()).collect()
    }

    #[test]
    fn csv_rows_keep_their_lines_and_a_quoted_line_break() {
        let rows = rows_of("a,b\n\"x\ny\",z\n,\n");
        let rows: Vec<Row> = rows.into_iter().map(|r| r.expect("row")).collect();
        assert_eq!(
            rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![1, 2, 4]
        );
        assert_eq!(rows[1].cells, vec!["x\ny".to_owned(), "z".to_owned()]);
    }

    #[test]
    fn a_filled_cell_beyond_the_last_column_ends_the_rows_naming_it() {
        let wide = format!("name{}x\n", ",".repeat(MAX_COLUMNS));
        let mut rows = rows_of(&format!("a,b\n{wide}c,d\n")).into_iter();
        assert!(rows.next().expect("first").is_ok());
        match rows.next() {
            Some(Err(AppError::Invalid { code, detail, .. })) => {
                assert_eq!(code, "too_many_columns");
                assert_eq!(detail.as_deref(), Some("GS2"));
            }
            other => panic!("expected too_many_columns, got {other:?}"),
        }
        assert!(rows.next().is_none(), "nothing is read after the error");
    }

    #[test]
    fn empty_cells_beyond_the_last_column_are_dropped() {
        let rows = rows_of(&format!("a,b{}\n", ",".repeat(MAX_COLUMNS * 2)));
        let row = rows.into_iter().next().expect("row").expect("ok");
        assert_eq!(row.cells.len(), MAX_COLUMNS);
    }

    #[test]
    fn cells_are_grouped_into_rows_with_blank_rows_between() {
        let mut out = Vec::new();
        let mut emit = |row: Row| {
            out.push(row);
            true
        };
        let mut rows = RowAssembler::default();
        let text = |s: &str| Data::String(s.into());
        for (row, column, value) in [(2, 0, "a"), (2, 2, "b"), (5, 1, "c"), (5, 3, "")] {
            assert!(rows
                .add(row, column, &text(value), &mut emit)
                .expect("in bounds"));
        }
        rows.finish(&mut emit);
        let lines: Vec<(usize, usize)> = out.iter().map(|r| (r.line, r.cells.len())).collect();
        assert_eq!(lines, vec![(3, 3), (4, 0), (5, 0), (6, 2)]);
    }

    #[test]
    fn a_cell_beyond_the_last_column_is_refused_before_its_row_is_laid_out() {
        let mut emitted = 0;
        let mut emit = |_: Row| {
            emitted += 1;
            true
        };
        let mut rows = RowAssembler::default();
        rows.add(0, 0, &Data::String("姓名".into()), &mut emit)
            .expect("A1");
        let far = rows.add(1_048_575, 16_383, &Data::String("x".into()), &mut emit);
        match far {
            Err(AppError::Invalid { code, detail, .. }) => {
                assert_eq!(code, "too_many_columns");
                assert_eq!(detail.as_deref(), Some("XFD1048576"));
            }
            other => panic!("expected too_many_columns, got {other:?}"),
        }
        assert_eq!(emitted, 0, "no row was handed on, none laid out");
    }

    fn ods_with(rows: &str) -> PathBuf {
        use std::io::Write;
        let content = format!(
            "<?xml version=\"1.0\"?><office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body>\
             <office:spreadsheet><table:table table:name=\"S\">{rows}</table:table>\
             </office:spreadsheet></office:body></office:document-content>"
        );
        let dir = std::env::temp_dir().join(format!("jinguo-ods-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join(format!("{}.ods", content.len()));
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).expect("entry");
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .expect("write");
        zip.start_file("content.xml", stored).expect("entry");
        zip.write_all(content.as_bytes()).expect("write");
        zip.finish().expect("zip");
        path
    }

    const FILLED: &str =
        "<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>";

    #[test]
    fn an_ods_whose_repeats_span_millions_of_cells_is_refused_before_it_is_laid_out() {
        let wide = format!(
            "<table:table-row>{FILLED}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"1000\">\
             <table:table-cell table:number-columns-repeated=\"16384\" \
             office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>"
        );
        match check_ods(&ods_with(&wide)) {
            Err(AppError::Invalid { code, .. }) => assert_eq!(code, "sheet_too_large"),
            other => panic!("expected sheet_too_large, got {other:?}"),
        }
        // Two filled cells a million rows apart: a box of a million rows of one column.
        let tall = format!(
            "<table:table-row>{FILLED}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell/>\
             </table:table-row><table:table-row><table:table-cell/><table:table-cell/>\
             <table:table-cell/>{FILLED}</table:table-row>"
        );
        match check_ods(&ods_with(&tall)) {
            Err(AppError::Invalid { code, .. }) => assert_eq!(code, "sheet_too_large"),
            other => panic!("expected sheet_too_large, got {other:?}"),
        }
        let roster = format!(
            "<table:table-row>{FILLED}{FILLED}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"3\">{FILLED}{FILLED}</table:table-row>"
        );
        assert!(check_ods(&ods_with(&roster)).is_ok());
    }

    fn xlsx_with(name: &str, cells: &[(u32, u16, &str)]) -> PathBuf {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (row, column, text) in cells {
            sheet.write_string(*row, *column, *text).expect("cell");
        }
        let dir = std::env::temp_dir().join(format!("jinguo-xlsx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join(name);
        book.save(&path).expect("save");
        path
    }

    #[test]
    fn a_sparse_xlsx_ends_at_its_far_cell_before_any_row_is_handed_on() {
        let path = xlsx_with(
            "sparse.xlsx",
            &[
                (0, 0, "姓名"),
                (0, 1, "身份证号码"),
                (1_048_575, 16_383, "x"),
            ],
        );
        assert!(std::fs::metadata(&path).expect("file").len() < 20_000);
        let file = SheetFile::open(&path).expect("the archive is small and honest");
        let rows: Vec<Result<Row, AppError>> = file.rows().expect("rows").collect();
        assert_eq!(rows.len(), 1, "the error, and nothing before or after it");
        match &rows[0] {
            Err(AppError::Invalid { code, detail, .. }) => {
                assert_eq!(*code, "too_many_columns");
                assert_eq!(detail.as_deref(), Some("XFD1048576"));
            }
            other => panic!("expected too_many_columns, got {other:?}"),
        }
    }

    #[test]
    fn the_blank_rows_between_two_far_apart_cells_are_handed_on_empty() {
        let path = xlsx_with("tall.xlsx", &[(0, 0, "姓名"), (1_048_575, 1, "x")]);
        let file = SheetFile::open(&path).expect("file");
        let (mut count, mut filled, mut last) = (0usize, 0usize, 0usize);
        for row in file.rows().expect("rows") {
            let row = row.expect("row");
            count += 1;
            filled += usize::from(!row.cells.is_empty());
            if row.cells.is_empty() {
                assert_eq!(
                    row.cells.capacity(),
                    0,
                    "line {} allocates nothing",
                    row.line
                );
            }
            last = row.line;
        }
        assert_eq!((count, filled, last), (1_048_576, 2, 1_048_576));
    }

    /// An xls whose one sheet holds Number records at these cells.
    fn xls_with(name: &str, cells: &[(u16, u16)]) -> PathBuf {
        use std::io::Write;
        fn record(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&(data.len() as u16).to_le_bytes());
            out.extend_from_slice(data);
        }
        let bof = |kind: u16| {
            let mut data = vec![0x00, 0x06];
            data.extend_from_slice(&kind.to_le_bytes());
            data.resize(16, 0);
            data
        };
        let mut globals = Vec::new();
        record(&mut globals, XLS_BOF, &bof(0x0005));
        let bound_sheet_at = globals.len() + 4;
        record(
            &mut globals,
            XLS_BOUND_SHEET,
            &[0, 0, 0, 0, 0, 0, 1, 0, b'S'],
        );
        record(&mut globals, XLS_EOF, &[]);
        let start = globals.len() as u32;
        globals[bound_sheet_at..bound_sheet_at + 4].copy_from_slice(&start.to_le_bytes());
        let mut stream = globals;
        record(&mut stream, XLS_BOF, &bof(0x0010));
        for (row, column) in cells {
            let mut data = Vec::new();
            data.extend_from_slice(&row.to_le_bytes());
            data.extend_from_slice(&column.to_le_bytes());
            data.extend_from_slice(&0u16.to_le_bytes());
            data.extend_from_slice(&1.0f64.to_le_bytes());
            record(&mut stream, 0x0203, &data);
        }
        record(&mut stream, XLS_EOF, &[]);
        let dir = std::env::temp_dir().join(format!("jinguo-xls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join(name);
        let mut file = cfb::create(&path).expect("create");
        file.create_stream("/Workbook")
            .expect("stream")
            .write_all(&stream)
            .expect("write");
        file.flush().expect("flush");
        path
    }

    #[test]
    fn an_xls_whose_two_cells_span_the_whole_sheet_is_refused_before_it_is_laid_out() {
        let sparse = xls_with("sparse.xls", &[(0, 0), (65_535, 255)]);
        assert!(std::fs::metadata(&sparse).expect("file").len() < 64_000);
        match check_xls(&sparse) {
            Err(AppError::Invalid { code, .. }) => assert_eq!(code, "sheet_too_large"),
            other => panic!("expected sheet_too_large, got {other:?}"),
        }
        let roster = xls_with("roster.xls", &[(0, 0), (0, 5), (300, 5)]);
        assert!(check_xls(&roster).is_ok());
        let file = SheetFile::open(&roster).expect("file");
        let rows: Vec<Row> = file
            .rows()
            .expect("calamine opens it")
            .map(|r| r.expect("row"))
            .collect();
        assert_eq!((rows.len(), rows[0].cells.len()), (301, 6));
    }
}
