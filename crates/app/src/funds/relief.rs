//! Relief payments: programs pay a person from a relief account, and streets read what their people
//! were paid.

use super::*;

/// Pays a cash delivery of a care cycle from the account the cycle names, inside the delivery's
/// own transaction: the account's line out and the person's line in, her unit on it (so her
/// street reads it). Nothing when the cycle pays in no money or names no account; 422
/// `insufficient_funds` (and the delivery with it rolled back) when the account cannot pay.
pub async fn pay_delivery(
    app: &App,
    caller: &Caller,
    ex: &mut Exec<'_>,
    cycle: &CycleRow,
    delivery: &DeliveryRow,
) -> Result<(), AppError> {
    let (Some(account_id), Some(fen)) = (cycle.account_id, delivery.amount_fen) else {
        return Ok(());
    };
    let account = store::account_of_cycle(ex, account_id)
        .await?
        .ok_or_else(|| {
            AppError::invalid_detail(
                "benefit.account_id",
                "unknown_account",
                account_id.to_string(),
            )
        })?;
    let mut entry = new_entry(
        app,
        caller,
        &account.unit_code,
        EntryKind::Payment,
        today(app).to_string(),
    );
    entry.amount_fen = fen;
    entry.cycle_id = Some(cycle.id);
    entry.delivery_id = Some(delivery.id);
    let mut out = line(app, &entry, &account.unit_code, -fen);
    out.account_id = Some(account.id);
    let mut to = line(app, &entry, &delivery.unit_code, fen);
    to.person_id = Some(delivery.person_id);
    post(ex, &entry, &[out, to], "account_id").await?;
    audit_entry(
        app,
        ex,
        caller,
        "create",
        &entry,
        json!({"kind": "payment", "account_id": account.id, "cycle_id": cycle.id,
               "person_id": delivery.person_id, "amount_fen": fen}),
    )
    .await
}

fn require_payment_reader(caller: &Caller) -> Result<(), AppError> {
    if caller.role.reads_relief_payments() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The relief payments to the people of the caller's subtree (of one cycle, or all), latest first.
pub async fn payments(
    app: &App,
    caller: &Caller,
    cycle_id: Option<i64>,
) -> Result<Vec<Payment>, AppError> {
    require_payment_reader(caller)?;
    let mut ex = app.db.ex();
    let lines = store::payments(&mut ex, &caller.scope(), cycle_id).await?;
    let ids: Vec<i64> = lines.iter().map(|l| l.person_id).collect();
    let names: HashMap<i64, String> = people::names(&mut ex, &ids).await?.into_iter().collect();
    Ok(lines
        .into_iter()
        .map(|l| Payment {
            person: names.get(&l.person_id).cloned().unwrap_or_default(),
            entry_id: l.entry_id,
            kind: l.kind,
            on: l.on_date,
            cycle_id: l.cycle_id,
            person_id: l.person_id,
            unit_code: l.unit_code,
            amount_fen: l.amount_fen,
        })
        .collect())
}

/// The money a cycle paid, per street, inside the caller's subtree (reversed payments net out).
pub async fn cycle_payments(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
) -> Result<CyclePayments, AppError> {
    require_payment_reader(caller)?;
    if caller.role.runs_programs() {
        crate::programs::get_cycle(app, caller, cycle_id).await?;
    }
    let mut ex = app.db.ex();
    let lines = store::payments(&mut ex, &caller.scope(), Some(cycle_id)).await?;
    let mut by: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for l in &lines {
        let s = by.entry(street_of(&l.unit_code)).or_default();
        s.0 += if l.amount_fen > 0 { 1 } else { -1 };
        s.1 += l.amount_fen;
    }
    let mut by_street = Vec::new();
    for (code, (n, fen)) in by {
        let name = units::find(&mut ex, &code)
            .await?
            .map(|u| u.name)
            .unwrap_or_default();
        by_street.push(StreetPaid {
            unit_code: code,
            name,
            payments: n,
            paid_fen: fen,
        });
    }
    Ok(CyclePayments {
        cycle_id,
        paid_fen: by_street.iter().map(|s| s.paid_fen).sum(),
        payments: by_street.iter().map(|s| s.payments).sum(),
        by_street,
    })
}
