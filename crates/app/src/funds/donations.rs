//! Donations: the entry, the receipt numbered in its unit's yearly sequence, and the donors by
//! year.

use super::*;

fn goods_text(raw: &Value) -> Result<String, AppError> {
    let listed = match raw {
        Value::String(s) => s.trim().to_owned(),
        Value::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                let name = item.get("name").and_then(Value::as_str).unwrap_or_default();
                let name = text("in_kind", name, 100)?;
                match item.get("quantity") {
                    None | Some(Value::Null) => out.push(name),
                    Some(q) => {
                        let q = q
                            .as_i64()
                            .filter(|q| *q > 0)
                            .ok_or_else(|| AppError::invalid("in_kind", "quantity_invalid"))?;
                        out.push(format!("{name} × {q}"));
                    }
                }
            }
            out.join("\n")
        }
        _ => return Err(AppError::invalid("in_kind", "goods_invalid")),
    };
    text("in_kind", &listed, 2000)
}

pub async fn donate(
    app: &App,
    caller: &Caller,
    input: DonationInput,
) -> Result<DonationCreated, AppError> {
    require_keeper(caller)?;
    let fen = amount("amount_fen", &input.amount_fen)?;
    let kind_raw = input.donor.kind.trim();
    let kind = if kind_raw.is_empty() {
        return Err(AppError::invalid("donor.kind", "required"));
    } else {
        party_kind("donor.kind", kind_raw, &PartyKind::DONORS)?
    };
    let name = if kind == PartyKind::Anonymous {
        optional_text("donor.name", Some(&input.donor.name), 100)?
            .unwrap_or_else(|| jinguo_domain::funds::ANONYMOUS_DONOR.to_owned())
    } else {
        text("donor.name", &input.donor.name, 100)?
    };
    let received_on = date("received_on", &input.received_on)?;
    let year = CivilDate::parse(&received_on)
        .map(|d| d.year)
        .ok_or_else(|| AppError::invalid("received_on", "invalid_date"))?;
    if received_on.as_str() > today(app).to_string().as_str() {
        return Err(AppError::invalid("received_on", "date_in_future"));
    }
    let goods = match input.in_kind.as_ref().filter(|v| !v.is_null()) {
        Some(raw) => Some(goods_text(raw)?),
        None => None,
    };
    let show_name = input.show_name.unwrap_or(true) && kind != PartyKind::Anonymous;

    let mut tx = app.db.begin().await?;
    let account = named_account(&mut tx.ex(), caller, "account_id", input.account_id).await?;
    let party = party_of(app, &mut tx.ex(), &account.unit_code, name, kind).await?;
    let mut entry = new_entry(
        app,
        caller,
        &account.unit_code,
        EntryKind::Donation,
        received_on.clone(),
    );
    entry.amount_fen = fen;
    let mut into = line(app, &entry, &account.unit_code, fen);
    into.account_id = Some(account.id);
    let mut from = line(app, &entry, &account.unit_code, -fen);
    from.party_id = Some(party.id);
    post(&mut tx.ex(), &entry, &[into, from], "amount_fen").await?;
    let seq = store::next_receipt_seq(&mut tx.ex(), &account.unit_code, year).await?;
    let id = app.ids.next(entry.created_at);
    let row = DonationRow {
        id,
        entry_id: entry.id,
        unit_code: account.unit_code.clone(),
        account_id: account.id,
        party_id: party.id,
        amount_fen: fen,
        in_kind: goods.is_some(),
        goods_cipher: goods.map(|g| app.cipher.seal(&g, CTX_GOODS, id)),
        received_on,
        show_name,
        receipt_year: year,
        receipt_number: receipt_number(year, seq),
        voided_by: None,
        created_by: entry.created_by,
        created_at: entry.created_at,
    };
    store::insert_donation(&mut tx.ex(), &row).await?;
    let detail = json!({"kind": "donation", "account_id": account.id, "amount_fen": fen,
                        "receipt_number": row.receipt_number});
    audit_entry(app, &mut tx.ex(), caller, "create", &entry, detail).await?;
    tx.commit().await?;
    Ok(DonationCreated {
        id: row.id,
        entry_id: entry.id,
        receipt_number: row.receipt_number,
    })
}

async fn donation_of(app: &App, ex: &mut Exec<'_>, row: DonationRow) -> Result<Donation, AppError> {
    let party = store::parties(ex, &[row.party_id]).await?.pop();
    let account = store::account_of_cycle(ex, row.account_id).await?;
    let issuer = units::find(ex, &row.unit_code)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let goods = match &row.goods_cipher {
        Some(c) => Some(
            app.cipher
                .open(c, CTX_GOODS, row.id)
                .map_err(undecryptable)?,
        ),
        None => None,
    };
    Ok(Donation {
        id: row.id,
        entry_id: row.entry_id,
        account_id: row.account_id,
        account: account.map(|a| a.name).unwrap_or_default(),
        donor: party.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        donor_kind: party.map(|p| p.kind).unwrap_or_default(),
        show_name: row.show_name,
        amount_fen: row.amount_fen,
        amount_figures: format_yuan(row.amount_fen),
        amount_capitals: capitals(row.amount_fen),
        in_kind: row.in_kind,
        goods,
        received_on: row.received_on,
        receipt_number: row.receipt_number,
        voided_by: row.voided_by,
        issuer,
    })
}

pub async fn get_donation(app: &App, caller: &Caller, id: i64) -> Result<Donation, AppError> {
    require_keeper(caller)?;
    let mut ex = app.db.ex();
    let row = store::find_donation(&mut ex, &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    donation_of(app, &mut ex, row).await
}

/// The donations of the caller's ledger, of one account or one year, the latest first.
pub async fn list_donations(
    app: &App,
    caller: &Caller,
    account_id: Option<i64>,
    year: Option<i32>,
) -> Result<Vec<Donation>, AppError> {
    require_keeper(caller)?;
    let mut ex = app.db.ex();
    let rows = store::donations(&mut ex, &caller.scope(), account_id, year).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(donation_of(app, &mut ex, r).await?);
    }
    Ok(out)
}

/// A donation's receipt as a .docx (作废 across it when the donation was reversed).
pub async fn receipt_docx(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(Donation, Vec<u8>), AppError> {
    let d = get_donation(app, caller, id).await?;
    let bytes = render_receipt(&d).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((d, bytes))
}

/// Donors by year: each donor's count and total of the year's donations (reversed ones left out).
pub async fn donors_by_year(
    app: &App,
    caller: &Caller,
    year: i32,
) -> Result<Vec<DonorYear>, AppError> {
    require_keeper(caller)?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid_detail(
            "year",
            "invalid_year",
            year.to_string(),
        ));
    }
    let mut ex = app.db.ex();
    let rows = store::donations(&mut ex, &caller.scope(), None, Some(year)).await?;
    let mut sums: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.voided_by.is_none()) {
        let s = sums.entry(r.party_id).or_default();
        s.0 += 1;
        s.1 += r.amount_fen;
    }
    let ids: Vec<i64> = sums.keys().copied().collect();
    let parties: HashMap<i64, PartyRow> = store::parties(&mut ex, &ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut out: Vec<DonorYear> = sums
        .into_iter()
        .filter_map(|(id, (n, total))| {
            parties.get(&id).map(|p| DonorYear {
                name: p.name.clone(),
                kind: p.kind.clone(),
                donations: n,
                total_fen: total,
            })
        })
        .collect();
    out.sort_by(|a, b| b.total_fen.cmp(&a.total_fen).then(a.name.cmp(&b.name)));
    Ok(out)
}
