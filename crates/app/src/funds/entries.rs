//! Entries written by hand or by form: transfers, allocations, free journal entries and their
//! reversal.

use super::*;

pub async fn transfer(
    app: &App,
    caller: &Caller,
    input: TransferInput,
) -> Result<EntryCreated, AppError> {
    require_keeper(caller)?;
    let fen = amount("amount_fen", &input.amount_fen)?;
    let on = date("on", &input.on)?;
    let memo = optional_text("memo", input.memo.as_deref(), 1000)?;
    let recipient = match (&input.to_account_id, &input.to_party) {
        (Some(_), Some(_)) => return Err(AppError::invalid("to_party", "recipient_ambiguous")),
        (None, None) => return Err(AppError::invalid("to_party", "required")),
        (None, Some(p)) => {
            let kind = if p.kind.trim().is_empty() {
                PartyKind::Organization
            } else {
                party_kind("to_party.kind", &p.kind, &PartyKind::RECIPIENTS)?
            };
            Some((text("to_party.name", &p.name, 100)?, kind))
        }
        (Some(_), None) => None,
    };
    let mut tx = app.db.begin().await?;
    let from = named_account(
        &mut tx.ex(),
        caller,
        "from_account_id",
        input.from_account_id,
    )
    .await?;
    let kind = if recipient.is_some() {
        EntryKind::Transfer
    } else {
        EntryKind::Allocation
    };
    let mut entry = new_entry(app, caller, &from.unit_code, kind, on);
    entry.amount_fen = fen;
    entry.memo_cipher = memo.map(|m| app.cipher.seal(&m, CTX_MEMO, entry.id));
    let mut out = line(app, &entry, &from.unit_code, -fen);
    out.account_id = Some(from.id);
    let mut into = line(app, &entry, &from.unit_code, fen);
    match (recipient, input.to_account_id) {
        (Some((name, kind)), _) => {
            into.party_id = Some(
                party_of(app, &mut tx.ex(), &from.unit_code, name, kind)
                    .await?
                    .id,
            );
        }
        (None, Some(to)) => {
            let to = named_account(&mut tx.ex(), caller, "to_account_id", to).await?;
            if to.id == from.id {
                return Err(AppError::invalid("to_account_id", "same_account"));
            }
            into.unit_code = to.unit_code.clone();
            into.account_id = Some(to.id);
        }
        (None, None) => return Err(AppError::invalid("to_party", "required")),
    }
    post(&mut tx.ex(), &entry, &[out, into], "amount_fen").await?;
    let detail = json!({"kind": entry.kind, "from_account_id": from.id, "amount_fen": fen});
    audit_entry(app, &mut tx.ex(), caller, "create", &entry, detail).await?;
    tx.commit().await?;
    Ok(EntryCreated { entry_id: entry.id })
}

/// A hand-written entry over the caller's accounts and outside parties, for what the other
/// forms do not cover; its lines must sum to zero.
pub async fn journal_entry(
    app: &App,
    caller: &Caller,
    input: JournalInput,
) -> Result<EntryCreated, AppError> {
    require_keeper(caller)?;
    let on = date("on", &input.on)?;
    let memo = optional_text("memo", input.memo.as_deref(), 1000)?;
    if input.lines.len() < 2 || input.lines.len() > 100 {
        return Err(AppError::invalid("lines", "unbalanced_entry"));
    }
    let mut amounts = Vec::new();
    for (i, l) in input.lines.iter().enumerate() {
        let field = format!("lines[{i}].amount_fen");
        let fen = match &l.amount_fen {
            Value::Number(n) if n.as_i64().is_some_and(|v| v < 0) => {
                let out = n.as_i64().and_then(i64::checked_neg).unwrap_or(i64::MAX);
                -check_fen(out).map_err(|e| AppError::invalid(&field, e.code()))?
            }
            other => amount(&field, other)?,
        };
        amounts.push(fen);
    }
    if !balanced(&amounts) {
        return Err(AppError::invalid("lines", "unbalanced_entry"));
    }
    if input.lines.iter().all(|l| l.account_id.is_none()) {
        return Err(AppError::invalid("lines", "entry_without_account"));
    }
    let unit = caller.unit.as_str().to_owned();
    let mut tx = app.db.begin().await?;
    let mut entry = new_entry(app, caller, &unit, EntryKind::Allocation, on);
    entry.amount_fen = amounts.iter().filter(|a| **a > 0).sum();
    entry.memo_cipher = memo.map(|m| app.cipher.seal(&m, CTX_MEMO, entry.id));
    let mut lines = Vec::new();
    for (i, (l, fen)) in input.lines.iter().zip(amounts).enumerate() {
        let mut row = line(app, &entry, &unit, fen);
        match (l.account_id, &l.party) {
            (Some(a), None) => {
                let a = named_account(&mut tx.ex(), caller, &format!("lines[{i}].account_id"), a)
                    .await?;
                row.unit_code = a.unit_code;
                row.account_id = Some(a.id);
            }
            (None, Some(p)) => {
                let kind = party_kind(&format!("lines[{i}].party.kind"), &p.kind, PartyKind::ALL)?;
                let name = text(&format!("lines[{i}].party.name"), &p.name, 100)?;
                entry.kind = EntryKind::Transfer.as_str().to_owned();
                row.party_id = Some(party_of(app, &mut tx.ex(), &unit, name, kind).await?.id);
            }
            _ => {
                return Err(AppError::invalid(
                    &format!("lines[{i}]"),
                    "line_needs_one_side",
                ))
            }
        }
        lines.push(row);
    }
    post(&mut tx.ex(), &entry, &lines, "lines").await?;
    let detail = json!({"kind": entry.kind, "amount_fen": entry.amount_fen});
    audit_entry(app, &mut tx.ex(), caller, "create", &entry, detail).await?;
    tx.commit().await?;
    Ok(EntryCreated { entry_id: entry.id })
}

/// Reverses an entry: a new entry of its lines negated, naming it. Once (409
/// `already_reversed`); a reversal is not reversed again (409 `entry_is_reversal`); a donation's
/// receipt is voided, not deleted; money already spent cannot be taken back (422
/// `insufficient_funds`).
pub async fn reverse(app: &App, caller: &Caller, id: i64) -> Result<EntryCreated, AppError> {
    let mut tx = app.db.begin().await?;
    let original = store::find_entry(&mut tx.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    require_keeper(caller)?;
    if original.reverses_id.is_some() {
        return Err(conflict("entry_is_reversal", None));
    }
    if store::reversal_of(&mut tx.ex(), id).await?.is_some() {
        return Err(conflict("already_reversed", None));
    }
    let mut entry = new_entry(
        app,
        caller,
        &original.unit_code,
        EntryKind::Reversal,
        today(app).to_string(),
    );
    entry.amount_fen = original.amount_fen;
    entry.reverses_id = Some(original.id);
    entry.cycle_id = original.cycle_id;
    entry.delivery_id = original.delivery_id;
    let lines: Vec<LineRow> = store::lines(&mut tx.ex(), &[id])
        .await?
        .into_iter()
        .map(|l| {
            LineRow {
                amount_fen: -l.amount_fen,
                ..line(app, &entry, &l.unit_code, 0)
            }
            .with_sides(&l)
        })
        .collect();
    post(&mut tx.ex(), &entry, &lines, "entry_id")
        .await
        .map_err(|e| match e {
            AppError::Db(d) if d.is_unique_violation() => conflict("already_reversed", None),
            other => other,
        })?;
    if let Some(d) = store::donation_of_entry(&mut tx.ex(), id).await? {
        store::void_donation(&mut tx.ex(), d.id, entry.id).await?;
    }
    let detail = json!({"reverses": id, "amount_fen": entry.amount_fen});
    audit_entry(app, &mut tx.ex(), caller, "reverse", &entry, detail).await?;
    tx.commit().await?;
    Ok(EntryCreated { entry_id: entry.id })
}

trait Sides {
    fn with_sides(self, of: &LineRow) -> LineRow;
}

impl Sides for LineRow {
    fn with_sides(mut self, of: &LineRow) -> LineRow {
        self.account_id = of.account_id;
        self.party_id = of.party_id;
        self.person_id = of.person_id;
        self
    }
}
