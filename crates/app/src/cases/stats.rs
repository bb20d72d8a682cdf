//! Case statistics: counts of the cases a caller may see by category, channel, status, kind
//! and month, for a period; and the same as an xlsx workbook.

use super::{visibility, CaseQuery};
use crate::auth::Caller;
use crate::{App, AppError};
use jinguo_db::cases::{self as store, Grouping};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseStats {
    pub total: i64,
    pub by_category: Vec<(String, i64)>,
    pub by_channel: Vec<(String, i64)>,
    pub by_status: Vec<(String, i64)>,
    pub by_kind: Vec<(String, i64)>,
    pub by_month: Vec<(String, i64)>,
}

/// Counts under the same visibility as the lists, so restricted cases a caller may not see
/// are not revealed by a count either. The viewer role sees these figures and nothing else.
pub async fn case_stats(app: &App, caller: &Caller, q: &CaseQuery) -> Result<CaseStats, AppError> {
    let vis = match caller.role {
        jinguo_domain::Role::Viewer | jinguo_domain::Role::Leader => {
            jinguo_db::cases::Visibility::figures(&caller.scope())
        }
        _ => visibility(caller)?,
    };
    // Figures only: no filter that narrows them down to a person, a handler or one case.
    let aggregated_only = matches!(
        caller.role,
        jinguo_domain::Role::Viewer | jinguo_domain::Role::Leader
    );
    let q = if aggregated_only {
        &CaseQuery {
            person_id: None,
            handler: None,
            q: None,
            mine: false,
            ..q.clone()
        }
    } else {
        q
    };
    let f = super::filter_of(app, caller, q).await?;
    let mut ex = app.db.ex();
    let by_category = store::counts_by(&mut ex, &vis, &f, Grouping::Category).await?;
    let by_channel = store::counts_by(&mut ex, &vis, &f, Grouping::Channel).await?;
    let by_status = store::counts_by(&mut ex, &vis, &f, Grouping::Status).await?;
    let by_kind = store::counts_by(&mut ex, &vis, &f, Grouping::Kind).await?;
    let by_month = store::counts_by(&mut ex, &vis, &f, Grouping::Month).await?;
    Ok(CaseStats {
        total: by_kind.iter().map(|(_, n)| n).sum(),
        by_category,
        by_channel,
        by_status,
        by_kind,
        by_month,
    })
}

fn xlsx(e: XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

/// One sheet per grouping; `label(group, key)` names a key in the reader's language and
/// `title(group)` the sheet.
pub fn stats_xlsx(
    stats: &CaseStats,
    title: impl Fn(&str) -> String,
    label: impl Fn(&str, &str) -> String,
) -> Result<Vec<u8>, AppError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for (group, rows) in [
        ("category", &stats.by_category),
        ("channel", &stats.by_channel),
        ("status", &stats.by_status),
        ("kind", &stats.by_kind),
        ("month", &stats.by_month),
    ] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(title(group)).map_err(xlsx)?;
        sheet
            .write_string_with_format(0, 0, title(group), &bold)
            .map_err(xlsx)?;
        sheet
            .write_string_with_format(0, 1, title("count"), &bold)
            .map_err(xlsx)?;
        for (i, (key, n)) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, label(group, key)).map_err(xlsx)?;
            sheet.write_number(r, 1, *n as f64).map_err(xlsx)?;
        }
        let last = rows.len() as u32 + 1;
        sheet
            .write_string_with_format(last, 0, title("total"), &bold)
            .map_err(xlsx)?;
        sheet
            .write_number_with_format(last, 1, stats.total as f64, &bold)
            .map_err(xlsx)?;
        sheet.set_column_width(0, 24).map_err(xlsx)?;
    }
    workbook.save_to_buffer().map_err(xlsx)
}
