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

use super::columns::{
    big_integer, big_integer_null, binary_null, boolean, id, integer, string, string_null, text,
    ForeignKeys,
};
use super::tables::{
    FundAccounts, FundCampaigns, FundDonations, FundEntries, FundFiles, FundLines, FundParties,
    FundReceiptCounters, Units,
};
use crate::Engine;
use sea_query::{Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let accounts = Table::create()
        .table(FundAccounts::Table)
        .col(id(FundAccounts::Id, engine))
        .col(string(FundAccounts::UnitCode, 12))
        .col(string(FundAccounts::Name, 100))
        .col(string(FundAccounts::Kind, 20))
        .col(big_integer(FundAccounts::BalanceFen))
        .col(big_integer_null(FundAccounts::CreatedBy))
        .col(big_integer(FundAccounts::CreatedAt))
        .references(FundAccounts::UnitCode, Units::Table, Units::Code)
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
        .col(string(FundParties::UnitCode, 12))
        .col(string(FundParties::Name, 100))
        .col(string(FundParties::Kind, 20))
        .col(big_integer(FundParties::CreatedAt))
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
        .col(string(FundEntries::UnitCode, 12))
        .col(string(FundEntries::Kind, 20))
        .col(string(FundEntries::OnDate, 10))
        .col(big_integer(FundEntries::AmountFen))
        .col(binary_null(FundEntries::MemoCipher))
        .col(big_integer_null(FundEntries::ReversesId))
        .col(big_integer_null(FundEntries::CycleId))
        .col(big_integer_null(FundEntries::DeliveryId))
        .col(big_integer_null(FundEntries::CreatedBy))
        .col(big_integer(FundEntries::CreatedAt))
        .references(FundEntries::ReversesId, FundEntries::Table, FundEntries::Id)
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
        .col(big_integer(FundLines::EntryId))
        .col(string(FundLines::UnitCode, 12))
        .col(string(FundLines::OnDate, 10))
        .col(big_integer_null(FundLines::AccountId))
        .col(big_integer_null(FundLines::PartyId))
        .col(big_integer_null(FundLines::PersonId))
        .col(big_integer(FundLines::AmountFen))
        .references(FundLines::EntryId, FundEntries::Table, FundEntries::Id)
        .references(FundLines::AccountId, FundAccounts::Table, FundAccounts::Id)
        .references(FundLines::PartyId, FundParties::Table, FundParties::Id)
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
        .col(big_integer(FundDonations::EntryId))
        .col(string(FundDonations::UnitCode, 12))
        .col(big_integer(FundDonations::AccountId))
        .col(big_integer(FundDonations::PartyId))
        .col(big_integer(FundDonations::AmountFen))
        .col(boolean(FundDonations::InKind))
        .col(binary_null(FundDonations::GoodsCipher))
        .col(string(FundDonations::ReceivedOn, 10))
        .col(boolean(FundDonations::ShowName))
        .col(integer(FundDonations::ReceiptYear))
        .col(string(FundDonations::ReceiptNumber, 20))
        .col(big_integer_null(FundDonations::VoidedBy))
        .col(big_integer_null(FundDonations::CreatedBy))
        .col(big_integer(FundDonations::CreatedAt))
        .references(FundDonations::EntryId, FundEntries::Table, FundEntries::Id)
        .references(
            FundDonations::AccountId,
            FundAccounts::Table,
            FundAccounts::Id,
        )
        .references(FundDonations::PartyId, FundParties::Table, FundParties::Id)
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
        .col(string(FundReceiptCounters::UnitCode, 12))
        .col(integer(FundReceiptCounters::Year))
        .col(big_integer(FundReceiptCounters::LastSeq))
        .primary_key(
            Index::create()
                .col(FundReceiptCounters::UnitCode)
                .col(FundReceiptCounters::Year),
        )
        .to_owned();

    let campaigns = Table::create()
        .table(FundCampaigns::Table)
        .col(id(FundCampaigns::Id, engine))
        .col(string(FundCampaigns::UnitCode, 12))
        .col(big_integer(FundCampaigns::AccountId))
        .col(string(FundCampaigns::Title, 200))
        .col(string(FundCampaigns::StartsOn, 10))
        .col(string_null(FundCampaigns::EndsOn, 10))
        .col(big_integer_null(FundCampaigns::TargetFen))
        .col(big_integer_null(FundCampaigns::CreatedBy))
        .col(big_integer(FundCampaigns::CreatedAt))
        .references(
            FundCampaigns::AccountId,
            FundAccounts::Table,
            FundAccounts::Id,
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
        .col(big_integer(FundFiles::EntryId))
        .col(string(FundFiles::UnitCode, 12))
        .col(text(FundFiles::FileName))
        .col(string(FundFiles::ContentType, 100))
        .col(big_integer(FundFiles::Size))
        .col(string(FundFiles::Sha256, 64))
        .col(big_integer_null(FundFiles::UploadedBy))
        .col(big_integer(FundFiles::UploadedAt))
        .references(FundFiles::EntryId, FundEntries::Table, FundEntries::Id)
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
