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

// The operations, one file per section of the ledger; the inputs, views and checks they share
// stay here, and each operation is re-exported so callers name it `funds::…`.
mod accounts;
mod acknowledgements;
mod campaigns;
mod donations;
mod entries;
mod journal;
mod receipt;
mod relief;

pub use accounts::*;
pub use acknowledgements::*;
pub use campaigns::*;
pub use donations::*;
pub use entries::*;
pub use journal::*;
pub use relief::*;

use crate::audit;
use crate::auth::Caller;
use crate::cases::{date, optional_text, text};
use crate::error::OnUnique;
use crate::export::XlsxSheet;
use crate::people::{today, undecryptable};
use crate::sealed_files::Upload;
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
        created_by: caller.author(),
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
    let logged = caller
        .entry(action, "fund_entry", entry.id.to_string())
        .in_unit(&entry.unit_code)
        .detail(detail);
    audit::append(app, ex, logged, entry.created_at).await?;
    Ok(())
}
