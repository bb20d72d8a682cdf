//! Funds (资金与捐赠): the federation's donations, special funds and relief money as a
//! double-entry ledger in fen. Every movement is a journal entry whose lines sum to zero — a
//! donation (cash, or goods valued at a stated amount), a transfer to another organization, an
//! allocation between the federation's own accounts, a payment to a person from a care cycle —
//! and entries are never changed: a mistake is corrected by a reversing entry that names the
//! one it reverses, once. No account goes below zero: each account line changes the balance by a
//! conditional UPDATE inside the entry's transaction (`db::funds::apply`), so of two payments
//! racing for the last yuan exactly one is paid.
//!
//! A donation gets a receipt (捐赠收据) numbered in a yearly sequence of the keeping unit, taken
//! from a counter row inside the donation's transaction, so a refused donation leaves no gap; a
//! reversed donation keeps its receipt, voided (作废).
//!
//! The ledger is the federation's and the administrator's (`Role::keeps_funds`); streets and
//! communities read the relief payments to the people of their subtree.

mod receipt;

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::cases::{date, optional_text, text};
use crate::error::OnUnique;
use crate::export::XlsxSheet;
use crate::people::{today, undecryptable};
use crate::sealed_files::{Place, Upload};
use crate::{App, AppError};
use jinguo_db::funds::{
    self as store, AccountRow, CampaignRow, DonationRow, EntryRow, FileRow, LineRow, PartyRow,
};
use jinguo_db::programs::{CycleRow, DeliveryRow};
use jinguo_db::{people, units, Exec};
use jinguo_domain::funds::{
    balanced, capitals, check_fen, format_yuan, public_donor_name, receipt_number, street_of,
    AccountKind, EntryKind, PartyKind,
};
use jinguo_domain::CivilDate;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

pub use receipt::render_receipt;

const CTX_GOODS: &str = "fund_donation.goods";
const CTX_MEMO: &str = "fund_entry.memo";
const CTX_FILE: &str = "fund_entry.file";
/// No balance grows past this (10^17 fen): far above any federation's money, far below i64.
const BALANCE_CEILING: i64 = 100_000_000_000_000_000;

// ---- inputs ----

/// A fund account as the API takes it (`NewFundAccount`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewFundAccount)]
pub struct AccountInput {
    pub name: String,
    /// general, campaign, special or relief
    pub kind: String,
}

/// A donor or a recipient named in an entry (`FundParty`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = FundParty)]
pub struct PartyInput {
    /// The name as the donor gave it (an anonymous donor: may be empty).
    #[serde(default)]
    pub name: String,
    /// A donor: enterprise, association, individual, anonymous; a recipient: department,
    /// organization (the default for a recipient).
    #[serde(default)]
    pub kind: String,
}

/// A donation (`NewDonation`): money, or goods valued at the stated amount with the goods listed.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewDonation)]
pub struct DonationInput {
    pub account_id: i64,
    pub donor: PartyInput,
    /// Whole fen, more than 0 and at most 10^13.
    #[schema(value_type = i64)]
    pub amount_fen: Value,
    /// Goods given (a donation in kind), valued at `amount_fen`: a list of `{"name","quantity"}`
    /// or the list as text.
    #[schema(value_type = Option<Object>)]
    pub in_kind: Option<Value>,
    /// `YYYY-MM-DD`
    pub received_on: String,
    /// Whether public lists name the donor (default: named, unless anonymous).
    pub show_name: Option<bool>,
}

/// A transfer out of an account (`NewFundTransfer`): to another of the federation's accounts
/// (an allocation) or to an organization outside.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewFundTransfer)]
pub struct TransferInput {
    pub from_account_id: i64,
    pub to_account_id: Option<i64>,
    pub to_party: Option<PartyInput>,
    #[schema(value_type = i64)]
    pub amount_fen: Value,
    /// `YYYY-MM-DD`
    pub on: String,
    /// What it is for (kept sealed).
    pub memo: Option<String>,
}

/// One line of a hand-written journal entry (`NewJournalLine`): an account or a party, and its
/// amount (positive into the account, negative out of it).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewJournalLine)]
pub struct JournalLineInput {
    pub account_id: Option<i64>,
    pub party: Option<PartyInput>,
    #[schema(value_type = i64)]
    pub amount_fen: Value,
}

/// A hand-written journal entry (`NewJournalEntry`): its lines must sum to zero.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewJournalEntry)]
pub struct JournalInput {
    /// `YYYY-MM-DD`
    pub on: String,
    pub memo: Option<String>,
    pub lines: Vec<JournalLineInput>,
}

/// A fundraising campaign (`NewFundCampaign`); without an account one is opened for it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewFundCampaign)]
pub struct CampaignInput {
    pub title: String,
    /// `YYYY-MM-DD`
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub target_fen: Option<i64>,
    pub account_id: Option<i64>,
}

// ---- views ----

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundAccount)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub unit_code: String,
    pub balance_fen: i64,
}

impl Account {
    fn of(r: AccountRow) -> Account {
        Account {
            id: r.id,
            name: r.name,
            kind: r.kind,
            unit_code: r.unit_code,
            balance_fen: r.balance_fen,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DonationCreated {
    pub id: i64,
    pub entry_id: i64,
    pub receipt_number: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntryCreated {
    pub entry_id: i64,
}

/// A donation and its receipt as readers see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundDonation)]
pub struct Donation {
    pub id: i64,
    pub entry_id: i64,
    pub account_id: i64,
    pub account: String,
    pub donor: String,
    pub donor_kind: String,
    pub show_name: bool,
    pub amount_fen: i64,
    /// The amount in figures (`1,234.56`) and in capitals (`壹仟贰佰叁拾肆元伍角陆分`).
    pub amount_figures: String,
    pub amount_capitals: String,
    pub in_kind: bool,
    pub goods: Option<String>,
    pub received_on: String,
    pub receipt_number: String,
    /// The receipt is void: the donation was reversed by this entry.
    pub voided_by: Option<i64>,
    /// The unit that issued the receipt, by name.
    pub issuer: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundLine)]
pub struct Line {
    pub account_id: Option<i64>,
    /// The account's, party's or person's name.
    pub name: String,
    pub party_kind: Option<String>,
    pub person_id: Option<i64>,
    pub unit_code: String,
    pub amount_fen: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = JournalEntry)]
pub struct JournalEntry {
    pub id: i64,
    pub kind: String,
    pub on: String,
    pub amount_fen: i64,
    pub memo: Option<String>,
    pub reverses_id: Option<i64>,
    pub reversed_by: Option<i64>,
    pub cycle_id: Option<i64>,
    /// A donation's receipt number.
    pub receipt_number: Option<String>,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundCampaign)]
pub struct Campaign {
    pub id: i64,
    pub title: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub target_fen: Option<i64>,
    pub account_id: i64,
    /// Donations received, net of reversed ones.
    pub raised_fen: i64,
    /// Handed out (transfers and allocations), net of reversed ones.
    pub transferred_fen: i64,
    pub balance_fen: i64,
    pub donors: i64,
}

/// One line of a campaign's donors' list. The public version names a donor only as she chose
/// (else 爱心人士) and carries no receipt.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DonorLine {
    pub donation_id: Option<i64>,
    pub name: String,
    pub amount_fen: i64,
    pub in_kind: bool,
    pub received_on: String,
    pub receipt_number: Option<String>,
}

/// A transfer out of a campaign with its acknowledgements.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TransferLine {
    pub entry_id: i64,
    pub on: String,
    pub recipient: String,
    pub amount_fen: i64,
    pub reversed: bool,
    pub acknowledgements: Vec<Acknowledgement>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Acknowledgement {
    pub id: i64,
    pub entry_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountBalance {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub balance_fen: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DonorYear {
    pub name: String,
    pub kind: String,
    pub donations: i64,
    pub total_fen: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ReliefPayment)]
pub struct Payment {
    pub entry_id: i64,
    pub kind: String,
    pub on: String,
    pub cycle_id: Option<i64>,
    pub person_id: i64,
    pub person: String,
    pub unit_code: String,
    pub amount_fen: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StreetPaid {
    pub unit_code: String,
    pub name: String,
    pub payments: i64,
    pub paid_fen: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CyclePayments {
    pub cycle_id: i64,
    pub paid_fen: i64,
    pub payments: i64,
    pub by_street: Vec<StreetPaid>,
}

// ---- checks ----

fn require_keeper(caller: &Caller) -> Result<(), AppError> {
    if caller.role.keeps_funds() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn conflict(code: &'static str, field: Option<&'static str>) -> AppError {
    AppError::Conflict {
        code,
        field,
        detail: None,
    }
}

/// Whole fen, more than zero, at most 10^13: `12.5`, `"100"`, `-1` and `1e14` are refused by name.
pub fn amount(field: &str, raw: &Value) -> Result<i64, AppError> {
    let fen = match raw {
        Value::Number(n) => match n.as_i64() {
            Some(fen) => fen,
            None if n.as_u64().is_some() => {
                return Err(AppError::invalid(field, "amount_too_large"))
            }
            None if n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
                return Err(AppError::invalid(
                    field,
                    if n.as_f64().is_some_and(|f| f < 0.0) {
                        "amount_not_positive"
                    } else {
                        "amount_too_large"
                    },
                ))
            }
            None => {
                return Err(AppError::invalid_detail(
                    field,
                    "amount_fraction_of_fen",
                    n.to_string(),
                ))
            }
        },
        Value::Null => return Err(AppError::invalid(field, "required")),
        _ => return Err(AppError::invalid(field, "amount_invalid")),
    };
    check_fen(fen).map_err(|e| AppError::invalid(field, e.code()))
}

fn account_kind(raw: &str) -> Result<AccountKind, AppError> {
    if raw.trim().is_empty() {
        return Err(AppError::invalid("kind", "required"));
    }
    AccountKind::parse(raw.trim())
        .ok_or_else(|| AppError::invalid_detail("kind", "invalid_choice", raw.trim()))
}

fn party_kind(field: &str, raw: &str, allowed: &[PartyKind]) -> Result<PartyKind, AppError> {
    PartyKind::parse(raw.trim())
        .filter(|k| allowed.contains(k))
        .ok_or_else(|| AppError::invalid_detail(field, "invalid_choice", raw.trim()))
}

async fn account_row(app: &App, caller: &Caller, id: i64) -> Result<AccountRow, AppError> {
    store::find_account(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// An account named in a write: in the caller's reach, else an unknown account (422).
async fn named_account(
    ex: &mut Exec<'_>,
    caller: &Caller,
    field: &str,
    id: i64,
) -> Result<AccountRow, AppError> {
    store::find_account(ex, &caller.scope(), id)
        .await?
        .ok_or_else(|| AppError::invalid_detail(field, "unknown_account", id.to_string()))
}

/// Writes an entry and its lines, moving each account's balance by its lines: refused whole
/// (422 `unbalanced_entry`) when the lines do not sum to zero, and 422 `insufficient_funds` when
/// an account would go below zero. Accounts are changed in the order of their ids, so two
/// entries over the same accounts never wait on each other crosswise.
async fn post(
    ex: &mut Exec<'_>,
    entry: &EntryRow,
    lines: &[LineRow],
    field: &'static str,
) -> Result<(), AppError> {
    let amounts: Vec<i64> = lines.iter().map(|l| l.amount_fen).collect();
    if !balanced(&amounts) {
        return Err(AppError::invalid("lines", "unbalanced_entry"));
    }
    let mut deltas: BTreeMap<i64, i64> = BTreeMap::new();
    for l in lines {
        if let Some(a) = l.account_id {
            *deltas.entry(a).or_default() += l.amount_fen;
        }
    }
    for (account, delta) in deltas {
        if delta != 0 && !store::apply(ex, account, delta, BALANCE_CEILING).await? {
            return Err(if delta < 0 {
                AppError::invalid(field, "insufficient_funds")
            } else {
                AppError::invalid(field, "amount_too_large")
            });
        }
    }
    store::insert_entry(ex, entry, lines).await?;
    Ok(())
}

fn line(app: &App, entry: &EntryRow, unit_code: &str, amount_fen: i64) -> LineRow {
    LineRow {
        id: app.ids.next(entry.created_at),
        entry_id: entry.id,
        unit_code: unit_code.to_owned(),
        on_date: entry.on_date.clone(),
        account_id: None,
        party_id: None,
        person_id: None,
        amount_fen,
    }
}

fn new_entry(app: &App, caller: &Caller, unit: &str, kind: EntryKind, on: String) -> EntryRow {
    let now = app.now();
    EntryRow {
        id: app.ids.next(now),
        unit_code: unit.to_owned(),
        kind: kind.as_str().to_owned(),
        on_date: on,
        amount_fen: 0,
        memo_cipher: None,
        reverses_id: None,
        cycle_id: None,
        delivery_id: None,
        created_by: Some(caller.user_id).filter(|id| *id != 0),
        created_at: now,
    }
}

async fn party_of(
    app: &App,
    ex: &mut Exec<'_>,
    unit: &str,
    name: String,
    kind: PartyKind,
) -> Result<PartyRow, AppError> {
    let now = app.now();
    Ok(store::party(
        ex,
        &PartyRow {
            id: app.ids.next(now),
            unit_code: unit.to_owned(),
            name,
            kind: kind.as_str().to_owned(),
            created_at: now,
        },
    )
    .await?)
}

async fn audit_entry(
    app: &App,
    ex: &mut Exec<'_>,
    caller: &Caller,
    action: &str,
    entry: &EntryRow,
    detail: Value,
) -> Result<(), AppError> {
    audit::append(
        app,
        ex,
        Entry {
            unit_code: Some(&entry.unit_code),
            detail,
            ..caller.entry(action, "fund_entry", entry.id.to_string())
        },
        entry.created_at,
    )
    .await?;
    Ok(())
}

// ---- accounts ----

pub async fn create_account(
    app: &App,
    caller: &Caller,
    input: AccountInput,
) -> Result<Account, AppError> {
    require_keeper(caller)?;
    let name = text("name", &input.name, 100)?;
    let kind = account_kind(&input.kind)?;
    let now = app.now();
    let row = AccountRow {
        id: app.ids.next(now),
        unit_code: caller.unit.as_str().to_owned(),
        name,
        kind: kind.as_str().to_owned(),
        balance_fen: 0,
        created_by: Some(caller.user_id).filter(|id| *id != 0),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_account(&mut tx.ex(), &row)
        .await
        .on_unique("account_name_taken", "name")?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&row.unit_code),
            detail: json!({"name": row.name, "kind": row.kind}),
            ..caller.entry("create", "fund_account", row.id.to_string())
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Account::of(row))
}

pub async fn get_account(app: &App, caller: &Caller, id: i64) -> Result<Account, AppError> {
    require_keeper(caller)?;
    Ok(Account::of(account_row(app, caller, id).await?))
}

pub async fn list_accounts(app: &App, caller: &Caller) -> Result<Vec<Account>, AppError> {
    require_keeper(caller)?;
    let rows = store::accounts(&mut app.db.ex(), &caller.scope()).await?;
    Ok(rows.into_iter().map(Account::of).collect())
}

/// Every account's balance at the end of a day (default: now), from its lines.
pub async fn balances(
    app: &App,
    caller: &Caller,
    on: Option<&str>,
) -> Result<Vec<AccountBalance>, AppError> {
    require_keeper(caller)?;
    let mut ex = app.db.ex();
    let scope = caller.scope();
    let accounts = store::accounts(&mut ex, &scope).await?;
    let at: Option<HashMap<i64, i64>> = match on.map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => {
            let day = date("on", raw)?;
            Some(
                store::balances_on(&mut ex, &scope, &day)
                    .await?
                    .into_iter()
                    .collect(),
            )
        }
        None => None,
    };
    Ok(accounts
        .into_iter()
        .map(|a| AccountBalance {
            balance_fen: match &at {
                Some(sums) => sums.get(&a.id).copied().unwrap_or(0),
                None => a.balance_fen,
            },
            id: a.id,
            name: a.name,
            kind: a.kind,
        })
        .collect())
}

// ---- donations ----

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
    audit_entry(
        app,
        &mut tx.ex(),
        caller,
        "create",
        &entry,
        json!({"kind": "donation", "account_id": account.id, "amount_fen": fen,
               "receipt_number": row.receipt_number}),
    )
    .await?;
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

// ---- transfers, allocations and hand-written entries ----

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
    audit_entry(
        app,
        &mut tx.ex(),
        caller,
        "create",
        &entry,
        json!({"kind": entry.kind, "from_account_id": from.id, "amount_fen": fen}),
    )
    .await?;
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
    audit_entry(
        app,
        &mut tx.ex(),
        caller,
        "create",
        &entry,
        json!({"kind": entry.kind, "amount_fen": entry.amount_fen}),
    )
    .await?;
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
    audit_entry(
        app,
        &mut tx.ex(),
        caller,
        "reverse",
        &entry,
        json!({"reverses": id, "amount_fen": entry.amount_fen}),
    )
    .await?;
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

// ---- reading the journal ----

async fn entries_of(
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
    let from = match from.map(str::trim).filter(|s| !s.is_empty()) {
        Some(f) => date("from", f)?,
        None => format!("{}-01-01", today.year),
    };
    let to = match to.map(str::trim).filter(|s| !s.is_empty()) {
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

// ---- campaigns ----

pub async fn create_campaign(
    app: &App,
    caller: &Caller,
    input: CampaignInput,
) -> Result<Campaign, AppError> {
    require_keeper(caller)?;
    let title = text("title", &input.title, 200)?;
    let starts_on = date("starts_on", &input.starts_on)?;
    let ends_on = match input
        .ends_on
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
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
            let row = AccountRow {
                id: app.ids.next(now),
                unit_code: caller.unit.as_str().to_owned(),
                name: title.chars().take(100).collect(),
                kind: AccountKind::Campaign.as_str().to_owned(),
                balance_fen: 0,
                created_by: Some(caller.user_id).filter(|id| *id != 0),
                created_at: now,
            };
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
        created_by: Some(caller.user_id).filter(|id| *id != 0),
        created_at: now,
    };
    store::insert_campaign(&mut tx.ex(), &row)
        .await
        .on_unique("account_has_campaign", "account_id")?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&row.unit_code),
            detail: json!({"title": row.title, "account_id": account.id}),
            ..caller.entry("create", "fund_campaign", row.id.to_string())
        },
        now,
    )
    .await?;
    tx.commit().await?;
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

// ---- acknowledgements (files of an entry) ----

fn file_place(app: &App, f: &FileRow) -> Place {
    Place::of(app, "funds", CTX_FILE, f.entry_id, f.id)
}

fn acknowledgement_of(app: &App, f: FileRow) -> Result<Acknowledgement, AppError> {
    let file_name = file_place(app, &f).open_name(app, &f.file_name)?;
    Ok(Acknowledgement {
        id: f.id,
        entry_id: f.entry_id,
        file_name,
        content_type: f.content_type,
        size: f.size,
        uploaded_at: f.uploaded_at,
    })
}

/// Attaches a recipient's acknowledgement (回执: a scan, a letter) to an entry; kept encrypted.
pub async fn add_acknowledgement(
    app: &App,
    caller: &Caller,
    entry_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<Acknowledgement, AppError> {
    let entry = store::find_entry(&mut app.db.ex(), &caller.scope(), entry_id)
        .await?
        .ok_or(AppError::NotFound)?;
    require_keeper(caller)?;
    let upload = Upload::check(file_name, bytes)?;
    let now = app.now();
    let mut row = FileRow {
        id: app.ids.next(now),
        entry_id,
        unit_code: entry.unit_code.clone(),
        file_name: String::new(),
        content_type: upload.content_type.to_owned(),
        size: upload.size(),
        sha256: upload.sha256.clone(),
        uploaded_by: Some(caller.user_id).filter(|id| *id != 0),
        uploaded_at: now,
    };
    let place = file_place(app, &row);
    row.file_name = place.seal_name(app, &upload.file_name);
    place.write(app, &upload.bytes).await?;
    let saved = async {
        let mut tx = app.db.begin().await?;
        store::insert_file(&mut tx.ex(), &row).await?;
        audit::append(
            app,
            &mut tx.ex(),
            Entry {
                unit_code: Some(&row.unit_code),
                detail: json!({ "file_id": row.id, "size": row.size }),
                ..caller.entry("attach", "fund_entry", entry_id.to_string())
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    }
    .await;
    if let Err(e) = saved {
        place.remove().await;
        return Err(e);
    }
    acknowledgement_of(app, row)
}

pub async fn acknowledgements(
    app: &App,
    caller: &Caller,
    entry_id: i64,
) -> Result<Vec<Acknowledgement>, AppError> {
    store::find_entry(&mut app.db.ex(), &caller.scope(), entry_id)
        .await?
        .ok_or(AppError::NotFound)?;
    require_keeper(caller)?;
    store::files(&mut app.db.ex(), &caller.scope(), &[entry_id])
        .await?
        .into_iter()
        .map(|f| acknowledgement_of(app, f))
        .collect()
}

/// One acknowledgement's file (checksum verified); each read audited.
pub async fn read_acknowledgement(
    app: &App,
    caller: &Caller,
    entry_id: i64,
    file_id: i64,
) -> Result<(Acknowledgement, Vec<u8>), AppError> {
    require_keeper(caller)?;
    let row = store::files(&mut app.db.ex(), &caller.scope(), &[entry_id])
        .await?
        .into_iter()
        .find(|f| f.id == file_id)
        .ok_or(AppError::NotFound)?;
    let bytes = file_place(app, &row).read(app, &row.sha256).await?;
    let mut tx = app.db.begin().await?;
    audit::append(
        app,
        &mut tx.ex(),
        Entry {
            unit_code: Some(&row.unit_code),
            detail: json!({ "file_id": file_id }),
            ..caller.entry("download", "fund_entry", entry_id.to_string())
        },
        app.now(),
    )
    .await?;
    tx.commit().await?;
    Ok((acknowledgement_of(app, row)?, bytes))
}

// ---- relief payments (programs pay from funds) ----

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
