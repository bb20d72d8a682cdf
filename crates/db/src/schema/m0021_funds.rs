//! Migration 21, funds (资金与捐赠): a double-entry ledger in fen.
//!
//! - `fund_accounts`: the federation's accounts, each with its running balance, which a payment
//!   lowers by a conditional UPDATE (`… WHERE balance_fen >= x`) inside the entry's transaction,
//!   so two payments racing for the last yuan leave exactly one paid on either engine.
//! - `fund_parties`: donors and recipients outside the accounts (an enterprise, the association,
//!   civil affairs, the Red Cross).
//! - `fund_entries` and `fund_lines`: immutable journal entries whose lines sum to zero; a
//!   reversal names the entry it reverses, once (a unique index: NULLs do not collide).
//! - `fund_donations`: a donation's receipt, numbered from `fund_receipt_counters` (one row per
//!   issuing unit and year, taken inside the donation's transaction: a rolled-back donation
//!   leaves no gap). A reversed donation keeps its receipt, voided.
//! - `fund_campaigns`: a fundraising campaign over one account; `fund_files`: the recipients'
//!   acknowledgements of transfers, encrypted under the data directory.

use super::rowid;
use super::tables::{
    FundAccounts, FundCampaigns, FundDonations, FundEntries, FundFiles, FundLines, FundParties,
    FundReceiptCounters, Units,
};
use crate::Engine;
use sea_query::{ColumnDef, ForeignKey, Iden, Index, SchemaBuilder, Table};

fn id(col: impl Iden + 'static, engine: Engine) -> ColumnDef {
    let mut c = ColumnDef::new(col);
    rowid(&mut c, engine).not_null().primary_key();
    c
}

fn big(col: impl Iden + 'static, required: bool) -> ColumnDef {
    let mut c = ColumnDef::new(col);
    c.big_integer();
    if required {
        c.not_null();
    } else {
        c.null();
    }
    c
}

fn text(col: impl Iden + 'static, len: u32, required: bool) -> ColumnDef {
    let mut c = ColumnDef::new(col);
    c.string_len(len);
    if required {
        c.not_null();
    } else {
        c.null();
    }
    c
}

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let accounts = Table::create()
        .table(FundAccounts::Table)
        .col(id(FundAccounts::Id, engine))
        .col(text(FundAccounts::UnitCode, 12, true))
        .col(text(FundAccounts::Name, 100, true))
        .col(text(FundAccounts::Kind, 20, true))
        .col(big(FundAccounts::BalanceFen, true))
        .col(big(FundAccounts::CreatedBy, false))
        .col(big(FundAccounts::CreatedAt, true))
        .foreign_key(
            ForeignKey::create()
                .from(FundAccounts::Table, FundAccounts::UnitCode)
                .to(Units::Table, Units::Code),
        )
        .to_owned();
    let account_name = Index::create()
        .name("fund_accounts_name")
        .table(FundAccounts::Table)
        .col(FundAccounts::UnitCode)
        .col(FundAccounts::Name)
        .unique()
        .to_owned();

    let parties = Table::create()
        .table(FundParties::Table)
        .col(id(FundParties::Id, engine))
        .col(text(FundParties::UnitCode, 12, true))
        .col(text(FundParties::Name, 100, true))
        .col(text(FundParties::Kind, 20, true))
        .col(big(FundParties::CreatedAt, true))
        .to_owned();
    let party_once = Index::create()
        .name("fund_parties_once")
        .table(FundParties::Table)
        .col(FundParties::UnitCode)
        .col(FundParties::Kind)
        .col(FundParties::Name)
        .unique()
        .to_owned();

    let entries = Table::create()
        .table(FundEntries::Table)
        .col(id(FundEntries::Id, engine))
        .col(text(FundEntries::UnitCode, 12, true))
        .col(text(FundEntries::Kind, 20, true))
        .col(text(FundEntries::OnDate, 10, true))
        .col(big(FundEntries::AmountFen, true))
        .col(ColumnDef::new(FundEntries::MemoCipher).binary().null())
        .col(big(FundEntries::ReversesId, false))
        .col(big(FundEntries::CycleId, false))
        .col(big(FundEntries::DeliveryId, false))
        .col(big(FundEntries::CreatedBy, false))
        .col(big(FundEntries::CreatedAt, true))
        .foreign_key(
            ForeignKey::create()
                .from(FundEntries::Table, FundEntries::ReversesId)
                .to(FundEntries::Table, FundEntries::Id),
        )
        .to_owned();
    let reversed_once = Index::create()
        .name("fund_entries_reversed_once")
        .table(FundEntries::Table)
        .col(FundEntries::ReversesId)
        .unique()
        .to_owned();
    let entries_date = Index::create()
        .name("fund_entries_unit_date")
        .table(FundEntries::Table)
        .col(FundEntries::UnitCode)
        .col(FundEntries::OnDate)
        .to_owned();
    let entries_cycle = Index::create()
        .name("fund_entries_cycle")
        .table(FundEntries::Table)
        .col(FundEntries::CycleId)
        .to_owned();

    let lines = Table::create()
        .table(FundLines::Table)
        .col(id(FundLines::Id, engine))
        .col(big(FundLines::EntryId, true))
        .col(text(FundLines::UnitCode, 12, true))
        .col(text(FundLines::OnDate, 10, true))
        .col(big(FundLines::AccountId, false))
        .col(big(FundLines::PartyId, false))
        .col(big(FundLines::PersonId, false))
        .col(big(FundLines::AmountFen, true))
        .foreign_key(
            ForeignKey::create()
                .from(FundLines::Table, FundLines::EntryId)
                .to(FundEntries::Table, FundEntries::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(FundLines::Table, FundLines::AccountId)
                .to(FundAccounts::Table, FundAccounts::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(FundLines::Table, FundLines::PartyId)
                .to(FundParties::Table, FundParties::Id),
        )
        .to_owned();
    let lines_entry = Index::create()
        .name("fund_lines_entry")
        .table(FundLines::Table)
        .col(FundLines::EntryId)
        .to_owned();
    let lines_account = Index::create()
        .name("fund_lines_account_date")
        .table(FundLines::Table)
        .col(FundLines::AccountId)
        .col(FundLines::OnDate)
        .to_owned();
    let lines_unit = Index::create()
        .name("fund_lines_unit")
        .table(FundLines::Table)
        .col(FundLines::UnitCode)
        .to_owned();

    let donations = Table::create()
        .table(FundDonations::Table)
        .col(id(FundDonations::Id, engine))
        .col(big(FundDonations::EntryId, true))
        .col(text(FundDonations::UnitCode, 12, true))
        .col(big(FundDonations::AccountId, true))
        .col(big(FundDonations::PartyId, true))
        .col(big(FundDonations::AmountFen, true))
        .col(ColumnDef::new(FundDonations::InKind).boolean().not_null())
        .col(ColumnDef::new(FundDonations::GoodsCipher).binary().null())
        .col(text(FundDonations::ReceivedOn, 10, true))
        .col(ColumnDef::new(FundDonations::ShowName).boolean().not_null())
        .col(
            ColumnDef::new(FundDonations::ReceiptYear)
                .integer()
                .not_null(),
        )
        .col(text(FundDonations::ReceiptNumber, 20, true))
        .col(big(FundDonations::VoidedBy, false))
        .col(big(FundDonations::CreatedBy, false))
        .col(big(FundDonations::CreatedAt, true))
        .foreign_key(
            ForeignKey::create()
                .from(FundDonations::Table, FundDonations::EntryId)
                .to(FundEntries::Table, FundEntries::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(FundDonations::Table, FundDonations::AccountId)
                .to(FundAccounts::Table, FundAccounts::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(FundDonations::Table, FundDonations::PartyId)
                .to(FundParties::Table, FundParties::Id),
        )
        .to_owned();
    let receipt_once = Index::create()
        .name("fund_donations_receipt")
        .table(FundDonations::Table)
        .col(FundDonations::UnitCode)
        .col(FundDonations::ReceiptNumber)
        .unique()
        .to_owned();
    let donation_entry = Index::create()
        .name("fund_donations_entry")
        .table(FundDonations::Table)
        .col(FundDonations::EntryId)
        .unique()
        .to_owned();

    let counters = Table::create()
        .table(FundReceiptCounters::Table)
        .col(text(FundReceiptCounters::UnitCode, 12, true))
        .col(
            ColumnDef::new(FundReceiptCounters::Year)
                .integer()
                .not_null(),
        )
        .col(big(FundReceiptCounters::LastSeq, true))
        .primary_key(
            Index::create()
                .col(FundReceiptCounters::UnitCode)
                .col(FundReceiptCounters::Year),
        )
        .to_owned();

    let campaigns = Table::create()
        .table(FundCampaigns::Table)
        .col(id(FundCampaigns::Id, engine))
        .col(text(FundCampaigns::UnitCode, 12, true))
        .col(big(FundCampaigns::AccountId, true))
        .col(text(FundCampaigns::Title, 200, true))
        .col(text(FundCampaigns::StartsOn, 10, true))
        .col(text(FundCampaigns::EndsOn, 10, false))
        .col(big(FundCampaigns::TargetFen, false))
        .col(big(FundCampaigns::CreatedBy, false))
        .col(big(FundCampaigns::CreatedAt, true))
        .foreign_key(
            ForeignKey::create()
                .from(FundCampaigns::Table, FundCampaigns::AccountId)
                .to(FundAccounts::Table, FundAccounts::Id),
        )
        .to_owned();
    let campaign_account = Index::create()
        .name("fund_campaigns_account")
        .table(FundCampaigns::Table)
        .col(FundCampaigns::AccountId)
        .unique()
        .to_owned();

    let files = Table::create()
        .table(FundFiles::Table)
        .col(id(FundFiles::Id, engine))
        .col(big(FundFiles::EntryId, true))
        .col(text(FundFiles::UnitCode, 12, true))
        .col(ColumnDef::new(FundFiles::FileName).text().not_null())
        .col(text(FundFiles::ContentType, 100, true))
        .col(big(FundFiles::Size, true))
        .col(text(FundFiles::Sha256, 64, true))
        .col(big(FundFiles::UploadedBy, false))
        .col(big(FundFiles::UploadedAt, true))
        .foreign_key(
            ForeignKey::create()
                .from(FundFiles::Table, FundFiles::EntryId)
                .to(FundEntries::Table, FundEntries::Id),
        )
        .to_owned();
    let files_entry = Index::create()
        .name("fund_files_entry")
        .table(FundFiles::Table)
        .col(FundFiles::EntryId)
        .to_owned();

    vec![
        accounts.build_any(b),
        account_name.build_any(b),
        parties.build_any(b),
        party_once.build_any(b),
        entries.build_any(b),
        reversed_once.build_any(b),
        entries_date.build_any(b),
        entries_cycle.build_any(b),
        lines.build_any(b),
        lines_entry.build_any(b),
        lines_account.build_any(b),
        lines_unit.build_any(b),
        donations.build_any(b),
        receipt_once.build_any(b),
        donation_entry.build_any(b),
        counters.build_any(b),
        campaigns.build_any(b),
        campaign_account.build_any(b),
        files.build_any(b),
        files_entry.build_any(b),
    ]
}
