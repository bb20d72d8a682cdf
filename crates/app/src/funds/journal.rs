//! Reading the journal: entries with their lines, a period's journal and its reconciliation sheet.

use super::*;

pub(super) async fn entries_of(
    app: &App,
    ex: &mut Exec<'_>,
    rows: Vec<EntryRow>,
) -> Result<Vec<JournalEntry>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|e| e.id).collect();
    let lines = store::lines(ex, &ids).await?;
    let party_ids: Vec<i64> = lines.iter().filter_map(|l| l.party_id).collect();
    let parties: HashMap<i64, PartyRow> = store::parties(ex, &party_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let person_ids: Vec<i64> = lines.iter().filter_map(|l| l.person_id).collect();
    let names: HashMap<i64, String> = people::names(ex, &person_ids).await?.into_iter().collect();
    let mut accounts: HashMap<i64, String> = HashMap::new();
    for a in lines.iter().filter_map(|l| l.account_id) {
        if let std::collections::hash_map::Entry::Vacant(v) = accounts.entry(a) {
            let name = store::account_of_cycle(ex, a).await?.map(|r| r.name);
            v.insert(name.unwrap_or_default());
        }
    }
    let mut by_entry: HashMap<i64, Vec<Line>> = HashMap::new();
    for l in lines {
        let (name, party_kind) = match (l.account_id, l.party_id, l.person_id) {
            (Some(a), _, _) => (accounts.get(&a).cloned().unwrap_or_default(), None),
            (_, Some(p), _) => parties
                .get(&p)
                .map(|p| (p.name.clone(), Some(p.kind.clone())))
                .unwrap_or_default(),
            (_, _, Some(p)) => (names.get(&p).cloned().unwrap_or_default(), None),
            _ => (String::new(), None),
        };
        by_entry.entry(l.entry_id).or_default().push(Line {
            account_id: l.account_id,
            name,
            party_kind,
            person_id: l.person_id,
            unit_code: l.unit_code,
            amount_fen: l.amount_fen,
        });
    }
    let reversed: HashMap<i64, i64> = rows
        .iter()
        .filter_map(|e| e.reverses_id.map(|r| (r, e.id)))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for e in rows {
        let memo = match &e.memo_cipher {
            Some(c) => Some(app.cipher.open(c, CTX_MEMO, e.id).map_err(undecryptable)?),
            None => None,
        };
        let reversed_by = match reversed.get(&e.id) {
            Some(r) => Some(*r),
            None => store::reversal_of(ex, e.id).await?.map(|r| r.id),
        };
        let receipt_number = if e.kind == EntryKind::Donation.as_str() {
            store::donation_of_entry(ex, e.id)
                .await?
                .map(|d| d.receipt_number)
        } else {
            None
        };
        out.push(JournalEntry {
            lines: by_entry.remove(&e.id).unwrap_or_default(),
            id: e.id,
            kind: e.kind,
            on: e.on_date,
            amount_fen: e.amount_fen,
            memo,
            reverses_id: e.reverses_id,
            reversed_by,
            cycle_id: e.cycle_id,
            receipt_number,
        });
    }
    Ok(out)
}

pub async fn get_entry(app: &App, caller: &Caller, id: i64) -> Result<JournalEntry, AppError> {
    require_keeper(caller)?;
    let mut ex = app.db.ex();
    let row = store::find_entry(&mut ex, &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(entries_of(app, &mut ex, vec![row]).await?.remove(0))
}

fn period(from: Option<&str>, to: Option<&str>, app: &App) -> Result<(String, String), AppError> {
    let today = today(app);
    let from = match crate::given(from) {
        Some(f) => date("from", f)?,
        None => format!("{}-01-01", today.year),
    };
    let to = match crate::given(to) {
        Some(t) => date("to", t)?,
        None => today.to_string(),
    };
    if to < from {
        return Err(AppError::invalid("to", "ends_before_start"));
    }
    Ok((from, to))
}

/// The journal of a period (default: this year to today), in date order.
pub async fn journal(
    app: &App,
    caller: &Caller,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(String, String, Vec<JournalEntry>), AppError> {
    require_keeper(caller)?;
    let (from, to) = period(from, to, app)?;
    let mut ex = app.db.ex();
    let rows = store::entries_between(&mut ex, &caller.scope(), &from, &to).await?;
    let entries = entries_of(app, &mut ex, rows).await?;
    Ok((from, to, entries))
}

fn kind_label(kind: &str) -> &'static str {
    match EntryKind::parse(kind) {
        Some(EntryKind::Donation) => "捐赠收入",
        Some(EntryKind::Transfer) => "拨付",
        Some(EntryKind::Allocation) => "内部划转",
        Some(EntryKind::Payment) => "救助发放",
        Some(EntryKind::Reversal) => "冲销",
        None => "",
    }
}

/// The reconciliation sheet of a period: one row per account line, in date order, with the
/// entry, the counterparty, money in and out in yuan (figures written as text, and the exact fen)
/// and an empty column to tick against the bank statement.
pub async fn reconciliation_xlsx(
    app: &App,
    caller: &Caller,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<u8>, AppError> {
    let (from, to, entries) = journal(app, caller, from, to).await?;
    let mut sheet = XlsxSheet::new(
        "对账",
        &[
            "日期",
            "凭证号",
            "类型",
            "账户",
            "对方",
            "收据号",
            "收入（元）",
            "支出（元）",
            "金额（分）",
            "冲销凭证",
            "核对",
        ],
        &[
            (0, 12.0),
            (1, 20.0),
            (3, 18.0),
            (4, 24.0),
            (5, 14.0),
            (6, 16.0),
            (7, 16.0),
        ],
    )?;
    let mut rows = Vec::new();
    for e in &entries {
        let counterparty: Vec<&str> = e
            .lines
            .iter()
            .filter(|l| l.account_id.is_none())
            .map(|l| l.name.as_str())
            .collect();
        for l in e.lines.iter().filter(|l| l.account_id.is_some()) {
            let other = if counterparty.is_empty() {
                e.lines
                    .iter()
                    .filter(|o| o.account_id.is_some() && o.account_id != l.account_id)
                    .map(|o| o.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            } else {
                counterparty.join("、")
            };
            rows.push(vec![
                e.on.clone(),
                e.id.to_string(),
                kind_label(&e.kind).to_owned(),
                l.name.clone(),
                other,
                e.receipt_number.clone().unwrap_or_default(),
                if l.amount_fen > 0 {
                    format_yuan(l.amount_fen)
                } else {
                    String::new()
                },
                if l.amount_fen < 0 {
                    format_yuan(-l.amount_fen)
                } else {
                    String::new()
                },
                l.amount_fen.to_string(),
                e.reverses_id.map(|r| r.to_string()).unwrap_or_default(),
                String::new(),
            ]);
        }
    }
    let _ = (from, to);
    sheet.write(rows)?;
    sheet.to_bytes()
}
