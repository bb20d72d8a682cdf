//! Campaigns: a fundraising drive over one account, its figures, donors and transfers.

use super::*;

pub async fn create_campaign(
    app: &App,
    caller: &Caller,
    input: CampaignInput,
) -> Result<Campaign, AppError> {
    require_keeper(caller)?;
    let title = text("title", &input.title, 200)?;
    let starts_on = date("starts_on", &input.starts_on)?;
    let ends_on = match crate::given(input.ends_on.as_deref()) {
        Some(e) => Some(date("ends_on", e)?),
        None => None,
    };
    if ends_on.as_deref().is_some_and(|e| e < starts_on.as_str()) {
        return Err(AppError::invalid("ends_on", "ends_before_start"));
    }
    if let Some(t) = input.target_fen {
        check_fen(t).map_err(|e| AppError::invalid("target_fen", e.code()))?;
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let account = match input.account_id {
        Some(a) => named_account(&mut tx.ex(), caller, "account_id", a).await?,
        None => {
            let name = title.chars().take(100).collect();
            let row = new_account(app, caller, name, AccountKind::Campaign, now);
            store::insert_account(&mut tx.ex(), &row)
                .await
                .on_unique("account_name_taken", "title")?;
            row
        }
    };
    let row = CampaignRow {
        id: app.ids.next(now),
        unit_code: account.unit_code.clone(),
        account_id: account.id,
        title,
        starts_on,
        ends_on,
        target_fen: input.target_fen,
        created_by: caller.author(),
        created_at: now,
    };
    store::insert_campaign(&mut tx.ex(), &row)
        .await
        .on_unique("account_has_campaign", "account_id")?;
    let entry = caller
        .entry("create", "fund_campaign", row.id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({"title": row.title, "account_id": account.id}));
    audit::commit(app, tx, entry, now).await?;
    campaign_of(app, &mut app.db.ex(), caller, row).await
}

/// A campaign's figures from its account's entries: donations in, transfers out, each net of
/// what was reversed.
async fn campaign_of(
    app: &App,
    ex: &mut Exec<'_>,
    caller: &Caller,
    row: CampaignRow,
) -> Result<Campaign, AppError> {
    let _ = app;
    let scope = caller.scope();
    let account = store::find_account(ex, &scope, row.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let entries = store::entries_of_account(ex, &scope, row.account_id).await?;
    let kinds: HashMap<i64, String> = entries.iter().map(|e| (e.id, e.kind.clone())).collect();
    let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
    let lines = store::lines(ex, &ids).await?;
    let (mut raised, mut out) = (0i64, 0i64);
    for e in &entries {
        let on_account: i64 = lines
            .iter()
            .filter(|l| l.entry_id == e.id && l.account_id == Some(row.account_id))
            .map(|l| l.amount_fen)
            .sum();
        let kind = match e.reverses_id {
            Some(r) => kinds.get(&r).cloned().unwrap_or_default(),
            None => e.kind.clone(),
        };
        if kind == EntryKind::Donation.as_str() {
            raised += on_account;
        } else if on_account < 0 || e.reverses_id.is_some() {
            out -= on_account;
        }
    }
    let donors = store::donations(ex, &scope, Some(row.account_id), None)
        .await?
        .iter()
        .filter(|d| d.voided_by.is_none())
        .map(|d| d.party_id)
        .collect::<std::collections::HashSet<_>>()
        .len() as i64;
    Ok(Campaign {
        id: row.id,
        title: row.title,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        target_fen: row.target_fen,
        account_id: row.account_id,
        raised_fen: raised,
        transferred_fen: out,
        balance_fen: account.balance_fen,
        donors,
    })
}

async fn campaign_row(app: &App, caller: &Caller, id: i64) -> Result<CampaignRow, AppError> {
    require_keeper(caller)?;
    store::find_campaign(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn get_campaign(app: &App, caller: &Caller, id: i64) -> Result<Campaign, AppError> {
    let row = campaign_row(app, caller, id).await?;
    campaign_of(app, &mut app.db.ex(), caller, row).await
}

pub async fn list_campaigns(app: &App, caller: &Caller) -> Result<Vec<Campaign>, AppError> {
    require_keeper(caller)?;
    let mut ex = app.db.ex();
    let rows = store::campaigns(&mut ex, &caller.scope()).await?;
    let mut out = Vec::new();
    for r in rows {
        out.push(campaign_of(app, &mut ex, caller, r).await?);
    }
    Ok(out)
}

/// A campaign's donors with their amounts, the earliest first. The public version names each
/// donor as she chose (else 爱心人士), leaves reversed donations out and shows no receipt.
pub async fn campaign_donors(
    app: &App,
    caller: &Caller,
    id: i64,
    public: bool,
) -> Result<Vec<DonorLine>, AppError> {
    let row = campaign_row(app, caller, id).await?;
    let mut ex = app.db.ex();
    let mut rows = store::donations(&mut ex, &caller.scope(), Some(row.account_id), None).await?;
    rows.reverse();
    let ids: Vec<i64> = rows.iter().map(|d| d.party_id).collect();
    let parties: HashMap<i64, PartyRow> = store::parties(&mut ex, &ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(rows
        .into_iter()
        .filter(|d| !public || d.voided_by.is_none())
        .map(|d| {
            let party = parties.get(&d.party_id);
            let name = party.map(|p| p.name.as_str()).unwrap_or_default();
            let kind = party
                .and_then(|p| PartyKind::parse(&p.kind))
                .unwrap_or(PartyKind::Anonymous);
            DonorLine {
                donation_id: (!public).then_some(d.id),
                name: if public {
                    public_donor_name(name, d.show_name, kind).to_owned()
                } else {
                    name.to_owned()
                },
                amount_fen: d.amount_fen,
                in_kind: d.in_kind,
                received_on: d.received_on,
                receipt_number: (!public).then_some(d.receipt_number),
            }
        })
        .collect())
}

/// The transfers out of a campaign's account, with the recipients' acknowledgements.
pub async fn campaign_transfers(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<Vec<TransferLine>, AppError> {
    let row = campaign_row(app, caller, id).await?;
    let mut ex = app.db.ex();
    let scope = caller.scope();
    let rows: Vec<EntryRow> = store::entries_of_account(&mut ex, &scope, row.account_id)
        .await?
        .into_iter()
        .filter(|e| {
            e.reverses_id.is_none()
                && (e.kind == EntryKind::Transfer.as_str()
                    || e.kind == EntryKind::Allocation.as_str())
        })
        .collect();
    let ids: Vec<i64> = rows.iter().map(|e| e.id).collect();
    let files = store::files(&mut ex, &scope, &ids).await?;
    let entries = entries_of(app, &mut ex, rows).await?;
    let mut out = Vec::new();
    for e in entries {
        let on_account: i64 = e
            .lines
            .iter()
            .filter(|l| l.account_id == Some(row.account_id))
            .map(|l| l.amount_fen)
            .sum();
        if on_account >= 0 {
            continue;
        }
        let recipient = e
            .lines
            .iter()
            .filter(|l| l.amount_fen > 0)
            .map(|l| l.name.clone())
            .collect::<Vec<_>>()
            .join("、");
        let acknowledgements = files
            .iter()
            .filter(|f| f.entry_id == e.id)
            .map(|f| acknowledgement_of(app, f.clone()))
            .collect::<Result<_, _>>()?;
        out.push(TransferLine {
            entry_id: e.id,
            on: e.on,
            recipient,
            amount_fen: -on_account,
            reversed: e.reversed_by.is_some(),
            acknowledgements,
        });
    }
    Ok(out)
}
