//! The papers of roll work, per community: the notice list (通知名单) with phones masked, or
//! with full phones for the officer who calls (an audited read, for the roles that contact
//! people); and the sign-off sheet (签领表) with a signature column, printed or as a workbook
//! whose filled-in copy comes back through the marks import (`marks_import`).

use super::{load_cycle, roll_filter, Access, Cycle, Program, RollQuery};
use crate::audit;
use crate::auth::Caller;
use crate::{App, AppError};
use jinguo_db::programs::{self as store, RollFilter};
use jinguo_domain::programs::RollStatus;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use serde_json::json;

/// The most people one printed list holds: a community's roll, or a street's. A district's
/// whole roll is printed community by community.
pub const MAX_SHEET_ROWS: i64 = 5_000;

/// Which phones a notice list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phones {
    Masked,
    /// The full numbers: for the officer who calls, an audited read.
    Full,
}

/// One person on a printed list.
#[derive(Debug, Clone)]
pub struct SheetLine {
    /// Her number on her community's list (1, 2, …).
    pub seq: usize,
    pub person_id: i64,
    pub name: String,
    pub id_number_masked: String,
    pub age: i32,
    /// Masked, or full on the caller's list (empty when the registry has none).
    pub phone: String,
    pub status: RollStatus,
}

/// A community's part of a printed list.
#[derive(Debug, Clone)]
pub struct SheetGroup {
    pub unit_code: String,
    pub lines: Vec<SheetLine>,
}

/// A cycle's roll as printed, per community (the unit each person had when it was drawn).
#[derive(Debug, Clone)]
pub struct RollSheet {
    pub program: Program,
    pub cycle: Cycle,
    pub phones: Phones,
    pub groups: Vec<SheetGroup>,
}

impl RollSheet {
    pub fn people(&self) -> usize {
        self.groups.iter().map(|g| g.lines.len()).sum()
    }
}

/// The roll of a cycle in the caller's subtree (of `unit_code`'s, when given) for a printed
/// list. Full phones only for the roles that call people (403 for the others), and their read
/// is audited with the unit and the number of people.
pub async fn roll_sheet(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
    unit_code: Option<&str>,
    phones: Phones,
) -> Result<RollSheet, AppError> {
    let mut ex = app.db.ex();
    let (row, program) = load_cycle(&mut ex, caller, cycle_id, Access::Work).await?;
    if phones == Phones::Full && !caller.role.calls_program_rolls() {
        return Err(AppError::Forbidden);
    }
    let q = RollQuery {
        unit_code: unit_code.map(str::to_owned),
        status: None,
    };
    let f: RollFilter = roll_filter(caller, &q)?;
    let scope = caller.scope();
    let (lines, total) = store::roll_lines(&mut ex, &scope, cycle_id, &f, 0, 1).await?;
    drop(lines);
    if total > MAX_SHEET_ROWS {
        return Err(AppError::invalid_detail(
            "unit_code",
            "print_too_large",
            MAX_SHEET_ROWS.to_string(),
        ));
    }
    let (lines, _) = store::roll_lines(&mut ex, &scope, cycle_id, &f, 0, 0).await?;
    let full: std::collections::HashMap<i64, String> = if phones == Phones::Full {
        let ids: Vec<i64> = lines.iter().map(|l| l.entry.person_id).collect();
        let mut out = std::collections::HashMap::new();
        for (id, sealed) in store::sealed_phones(&mut ex, &ids).await? {
            if let Some(sealed) = sealed {
                let phone = crate::people::phone_of(app, id, &sealed).ok_or_else(|| {
                    AppError::Internal(format!("person {id}: phone undecryptable"))
                })?;
                out.insert(id, phone);
            }
        }
        out
    } else {
        Default::default()
    };
    let mut groups: Vec<SheetGroup> = Vec::new();
    for l in lines {
        let e = l.entry;
        if groups.last().is_none_or(|g| g.unit_code != e.unit_code) {
            groups.push(SheetGroup {
                unit_code: e.unit_code.clone(),
                lines: Vec::new(),
            });
        }
        let Some(group) = groups.last_mut() else {
            continue;
        };
        let phone = match phones {
            Phones::Full => full.get(&e.person_id).cloned(),
            Phones::Masked => l.phone_masked,
        };
        group.lines.push(SheetLine {
            seq: group.lines.len() + 1,
            person_id: e.person_id,
            name: l.name,
            id_number_masked: l.id_masked,
            age: e.age,
            phone: phone.unwrap_or_default(),
            status: RollStatus::parse(&e.status).unwrap_or(RollStatus::Invited),
        });
    }
    let size = store::roll_size(&mut ex, &scope, cycle_id).await?;
    let sheet = RollSheet {
        program,
        cycle: Cycle::of(row, size),
        phones,
        groups,
    };
    if phones == Phones::Full {
        let now = app.now();
        let entry = caller
            .entry("reveal", "program_roll_phones", cycle_id.to_string())
            .in_unit(unit_code.unwrap_or(caller.unit.as_str()))
            .detail(json!({"fields": ["phone"], "people": sheet.people(), "unit_code": unit_code}));
        audit::record(app, entry, now).await?;
    }
    Ok(sheet)
}

fn xlsx(e: XlsxError) -> AppError {
    AppError::Internal(format!("writing the sign-off sheet: {e}"))
}

/// The sign-off sheet's columns, by the keys `label` words (`signoff-…` in the web's messages):
/// the person's number is what the import finds her by, the status and signature columns are
/// filled in by hand.
pub const SIGNOFF_COLUMNS: [&str; 10] = [
    "seq",
    "person_id",
    "name",
    "id_number",
    "unit",
    "benefit",
    "status",
    "signature",
    "signed_on",
    "note",
];

/// The sign-off sheet as a workbook: a title row (program, cycle, what is given), the header,
/// one row per person grouped by community, then the lines for the officer's and the
/// reviewer's signatures. Every cell is text (Excel keeps the numbers as typed). `label` words
/// the columns and titles; `unit` names a unit code; `benefit` is what each person receives.
pub fn signoff_xlsx(
    sheet: &RollSheet,
    label: &dyn Fn(&str) -> String,
    unit: &dyn Fn(&str) -> String,
    benefit: &str,
) -> Result<Vec<u8>, AppError> {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name(label("sheet")).map_err(xlsx)?;
    let text = Format::new().set_num_format("@");
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color("#F2F2F2");
    let cell = Format::new()
        .set_num_format("@")
        .set_border(FormatBorder::Thin);
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{} · {} · {}",
            sheet.program.name,
            sheet.cycle.title,
            label("sheet")
        ),
        &title,
    )
    .map_err(xlsx)?;
    ws.write_string(
        1,
        0,
        format!(
            "{}{}　{}{} – {}",
            label("benefit_is"),
            benefit,
            label("period_is"),
            sheet.cycle.starts_on,
            sheet.cycle.ends_on
        ),
    )
    .map_err(xlsx)?;
    let header_row = 2;
    for (c, key) in SIGNOFF_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, label(key), &head)
            .map_err(xlsx)?;
        ws.set_column_format(c as u16, &text).map_err(xlsx)?;
    }
    let mut row = header_row + 1;
    for g in &sheet.groups {
        let unit_name = unit(&g.unit_code);
        for l in &g.lines {
            let cells = [
                l.seq.to_string(),
                l.person_id.to_string(),
                l.name.clone(),
                l.id_number_masked.clone(),
                unit_name.clone(),
                benefit.to_owned(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ];
            for (c, value) in cells.iter().enumerate() {
                ws.write_string_with_format(row, c as u16, value, &cell)
                    .map_err(xlsx)?;
            }
            ws.set_row_height(row, 28).map_err(xlsx)?;
            row += 1;
        }
    }
    row += 1;
    ws.write_string(row, 0, label("officer")).map_err(xlsx)?;
    ws.write_string(row, 5, label("reviewer")).map_err(xlsx)?;
    for (c, width) in [
        (0u16, 6.0),
        (1, 18.0),
        (2, 10.0),
        (3, 22.0),
        (4, 16.0),
        (5, 20.0),
        (6, 10.0),
        (7, 16.0),
        (8, 12.0),
        (9, 16.0),
    ] {
        ws.set_column_width(c, width).map_err(xlsx)?;
    }
    ws.set_landscape();
    ws.set_repeat_rows(header_row, header_row).map_err(xlsx)?;
    workbook.save_to_buffer().map_err(xlsx)
}
