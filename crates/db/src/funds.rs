//! Funds (资金与捐赠): accounts, parties, journal entries and their lines, donations with their
//! receipts, campaigns and the acknowledgements of transfers. Accounts, entries, donations and
//! campaigns carry the unit that keeps them; a line carries the unit it concerns (an account's
//! unit, or the unit of the person a relief payment went to), and every read takes the caller's
//! scope. An account's balance changes only through `apply`, a conditional UPDATE that refuses
//! to take it below zero.

use crate::record::{self, fetch_rows, select_sql, Record};
use crate::schema::tables::{
    FundAccounts, FundCampaigns, FundDonations, FundEntries, FundFiles, FundLines, FundParties,
};
use crate::{sql, DbError, Exec, Query};
use jinguo_domain::Scope;

record! {
    pub struct AccountRow in FundAccounts {
        pub id: i64,
        /// The unit that keeps the account.
        pub unit_code: String,
        pub name: String,
        /// domain::funds::AccountKind
        pub kind: String,
        /// The sum of the account's lines, kept by `apply`.
        pub balance_fen: i64,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct PartyRow in FundParties {
        pub id: i64,
        pub unit_code: String,
        pub name: String,
        /// domain::funds::PartyKind
        pub kind: String,
        pub created_at: i64,
    }
}

record! {
    pub struct EntryRow in FundEntries {
        pub id: i64,
        /// The unit that keeps the ledger the entry is in.
        pub unit_code: String,
        /// domain::funds::EntryKind
        pub kind: String,
        /// `YYYY-MM-DD`: the day the money moved.
        pub on_date: String,
        /// The sum of the entry's positive lines.
        pub amount_fen: i64,
        /// Sealed (`fund_entry.memo`).
        pub memo_cipher: Option<Vec<u8>>,
        /// The entry this one reverses.
        pub reverses_id: Option<i64>,
        /// A relief payment's care cycle and delivery.
        pub cycle_id: Option<i64>,
        pub delivery_id: Option<i64>,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct LineRow in FundLines {
        pub id: i64,
        pub entry_id: i64,
        /// The account's unit, the entry's for a party, the person's for a payment.
        pub unit_code: String,
        pub on_date: String,
        pub account_id: Option<i64>,
        pub party_id: Option<i64>,
        pub person_id: Option<i64>,
        /// Into the account (or to the party or person) when positive; out when negative.
        pub amount_fen: i64,
    }
}

record! {
    pub struct DonationRow in FundDonations {
        pub id: i64,
        pub entry_id: i64,
        pub unit_code: String,
        pub account_id: i64,
        pub party_id: i64,
        pub amount_fen: i64,
        pub in_kind: bool,
        /// Sealed (`fund_donation.goods`): the goods given, as listed.
        pub goods_cipher: Option<Vec<u8>>,
        pub received_on: String,
        /// The donor chose to be named on public lists.
        pub show_name: bool,
        pub receipt_year: i32,
        pub receipt_number: String,
        /// The reversing entry that voided the receipt.
        pub voided_by: Option<i64>,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct CampaignRow in FundCampaigns {
        pub id: i64,
        pub unit_code: String,
        pub account_id: i64,
        pub title: String,
        pub starts_on: String,
        pub ends_on: Option<String>,
        pub target_fen: Option<i64>,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

record! {
    pub struct FileRow in FundFiles {
        pub id: i64,
        pub entry_id: i64,
        pub unit_code: String,
        /// Sealed (base64), bound to the file.
        pub file_name: String,
        pub content_type: String,
        pub size: i64,
        pub sha256: String,
        pub uploaded_by: Option<i64>,
        pub uploaded_at: i64,
    }
}

/// `unit_code BETWEEN $1 AND $2` of the scope's subtree, as the first two binds of a query.
fn in_scope(text: String, scope: &Scope) -> Query {
    let range = scope.unit_range();
    sql(text)
        .bind(range.lo().to_owned())
        .bind(range.hi().to_owned())
}

// ---- accounts ----

pub async fn insert_account(ex: &mut Exec<'_>, row: &AccountRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn find_account(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<AccountRow>, DbError> {
    record::find_in(ex, scope, id).await
}

/// The account a care cycle names, whoever delivers: the cycle's maker chose it.
pub async fn account_of_cycle(ex: &mut Exec<'_>, id: i64) -> Result<Option<AccountRow>, DbError> {
    record::find(ex, id).await
}

pub async fn accounts(ex: &mut Exec<'_>, scope: &Scope) -> Result<Vec<AccountRow>, DbError> {
    record::rows_of_scope(ex, scope, "kind, name").await
}

/// Adds `delta` fen to an account's balance unless it would go below zero (or past `ceiling`):
/// one conditional UPDATE, so the check and the write are one step on either engine. False when
/// it was refused.
pub async fn apply(
    ex: &mut Exec<'_>,
    account_id: i64,
    delta: i64,
    ceiling: i64,
) -> Result<bool, DbError> {
    let at_least = if delta < 0 { -delta } else { 0 };
    let at_most = ceiling - delta.max(0);
    let changed = ex
        .execute(
            sql("UPDATE fund_accounts SET balance_fen = balance_fen + $1 \
                 WHERE id = $2 AND balance_fen >= $3 AND balance_fen <= $4")
            .bind(delta)
            .bind(account_id)
            .bind(at_least)
            .bind(at_most),
        )
        .await?;
    Ok(changed == 1)
}

/// The balance of each account of the scope on a day: the sum of its lines up to that day.
pub async fn balances_on(
    ex: &mut Exec<'_>,
    scope: &Scope,
    on: &str,
) -> Result<Vec<(i64, i64)>, DbError> {
    let q = in_scope(
        "SELECT account_id, CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM fund_lines \
         WHERE unit_code BETWEEN $1 AND $2 AND account_id IS NOT NULL AND on_date <= $3 \
         GROUP BY account_id"
            .into(),
        scope,
    )
    .bind(on.to_owned());
    fetch_rows(ex, q, record::pair).await
}

// ---- parties ----

/// The party of this unit, kind and name, made the first time it is named.
pub async fn party(ex: &mut Exec<'_>, row: &PartyRow) -> Result<PartyRow, DbError> {
    let mut insert = sea_query::Query::insert();
    insert
        .into_table(FundParties::Table)
        .columns([
            FundParties::Id,
            FundParties::UnitCode,
            FundParties::Name,
            FundParties::Kind,
            FundParties::CreatedAt,
        ])
        .values_panic([
            row.id.into(),
            row.unit_code.clone().into(),
            row.name.clone().into(),
            row.kind.clone().into(),
            row.created_at.into(),
        ])
        .on_conflict(
            sea_query::OnConflict::columns([
                FundParties::UnitCode,
                FundParties::Kind,
                FundParties::Name,
            ])
            .do_nothing()
            .to_owned(),
        );
    let q = ex.build(&insert);
    ex.execute(q).await?;
    let party = [
        ("unit_code", row.unit_code.clone().into()),
        ("kind", row.kind.clone().into()),
        ("name", row.name.clone().into()),
    ];
    record::find_by(ex, &party)
        .await?
        .ok_or(DbError::Sqlx(sqlx::Error::RowNotFound))
}

pub async fn parties(ex: &mut Exec<'_>, ids: &[i64]) -> Result<Vec<PartyRow>, DbError> {
    record::rows_in(ex, "id", ids, "").await
}

// ---- entries ----

pub async fn insert_entry(
    ex: &mut Exec<'_>,
    entry: &EntryRow,
    lines: &[LineRow],
) -> Result<(), DbError> {
    record::insert(ex, entry).await?;
    record::insert_batch(ex, lines, None).await?;
    Ok(())
}

pub async fn find_entry(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<EntryRow>, DbError> {
    record::find_in(ex, scope, id).await
}

/// The entry that reverses this one, if any.
pub async fn reversal_of(ex: &mut Exec<'_>, id: i64) -> Result<Option<EntryRow>, DbError> {
    record::find_by(ex, &[("reverses_id", id.into())]).await
}

pub async fn lines(ex: &mut Exec<'_>, entry_ids: &[i64]) -> Result<Vec<LineRow>, DbError> {
    record::rows_in(ex, "entry_id", entry_ids, "entry_id, amount_fen").await
}

/// The entries of the scope between two days (both included), in date order.
pub async fn entries_between(
    ex: &mut Exec<'_>,
    scope: &Scope,
    from: &str,
    to: &str,
) -> Result<Vec<EntryRow>, DbError> {
    let q = in_scope(
        format!(
            "{} WHERE unit_code BETWEEN $1 AND $2 AND on_date BETWEEN $3 AND $4 \
             ORDER BY on_date, created_at, id",
            select_sql::<EntryRow>()
        ),
        scope,
    )
    .bind(from.to_owned())
    .bind(to.to_owned());
    fetch_rows(ex, q, EntryRow::read).await
}

/// The entries with a line on an account (in date order).
pub async fn entries_of_account(
    ex: &mut Exec<'_>,
    scope: &Scope,
    account_id: i64,
) -> Result<Vec<EntryRow>, DbError> {
    let q = in_scope(
        format!(
            "{} WHERE unit_code BETWEEN $1 AND $2 AND id IN \
             (SELECT entry_id FROM fund_lines WHERE account_id = $3) \
             ORDER BY on_date, created_at, id",
            select_sql::<EntryRow>()
        ),
        scope,
    )
    .bind(account_id);
    fetch_rows(ex, q, EntryRow::read).await
}

/// One relief payment line as a reader of payments sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentLine {
    pub entry_id: i64,
    pub kind: String,
    pub on_date: String,
    pub cycle_id: Option<i64>,
    pub person_id: i64,
    pub unit_code: String,
    pub amount_fen: i64,
}

/// The lines paying people inside the scope (the person's unit in it), of one cycle or all,
/// the latest first.
pub async fn payments(
    ex: &mut Exec<'_>,
    scope: &Scope,
    cycle_id: Option<i64>,
) -> Result<Vec<PaymentLine>, DbError> {
    let mut text = String::from(
        "SELECT e.id, e.kind, l.on_date, e.cycle_id, l.person_id, l.unit_code, l.amount_fen \
         FROM fund_lines l JOIN fund_entries e ON e.id = l.entry_id \
         WHERE l.unit_code BETWEEN $1 AND $2 AND l.person_id IS NOT NULL",
    );
    if cycle_id.is_some() {
        text.push_str(" AND e.cycle_id = $3");
    }
    text.push_str(" ORDER BY l.on_date DESC, e.id DESC LIMIT 5000");
    let mut q = in_scope(text, scope);
    if let Some(c) = cycle_id {
        q = q.bind(c);
    }
    let rows = ex.fetch_all(q).await?;
    rows.iter()
        .map(|r| {
            Ok(PaymentLine {
                entry_id: r.get_index(0)?,
                kind: r.get_index(1)?,
                on_date: r.get_index(2)?,
                cycle_id: r.get_index(3)?,
                person_id: r.get_index(4)?,
                unit_code: r.get_index(5)?,
                amount_fen: r.get_index(6)?,
            })
        })
        .collect()
}

// ---- donations and receipts ----

/// The next number of a unit's receipts in a year: the counter row is made the first time and
/// raised by one inside the caller's transaction (it stays locked until the transaction ends,
/// so a donation rolled back leaves no gap).
pub async fn next_receipt_seq(
    ex: &mut Exec<'_>,
    unit_code: &str,
    year: i32,
) -> Result<i64, DbError> {
    ex.execute(
        sql(
            "INSERT INTO fund_receipt_counters (unit_code, year, last_seq) VALUES ($1, $2, 0) \
             ON CONFLICT (unit_code, year) DO NOTHING",
        )
        .bind(unit_code.to_owned())
        .bind(year),
    )
    .await?;
    ex.fetch_scalar(
        sql("UPDATE fund_receipt_counters SET last_seq = last_seq + 1 \
             WHERE unit_code = $1 AND year = $2 RETURNING last_seq")
        .bind(unit_code.to_owned())
        .bind(year),
    )
    .await
}

pub async fn insert_donation(ex: &mut Exec<'_>, row: &DonationRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn find_donation(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<DonationRow>, DbError> {
    record::find_in(ex, scope, id).await
}

pub async fn donation_of_entry(
    ex: &mut Exec<'_>,
    entry_id: i64,
) -> Result<Option<DonationRow>, DbError> {
    record::find_by(ex, &[("entry_id", entry_id.into())]).await
}

/// Voids a donation's receipt, naming the reversing entry.
pub async fn void_donation(ex: &mut Exec<'_>, id: i64, by_entry: i64) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE fund_donations SET voided_by = $1 WHERE id = $2 AND voided_by IS NULL")
            .bind(by_entry)
            .bind(id),
    )
    .await?;
    Ok(())
}

/// The donations of the scope: into one account, or of one receipt year, or all; the latest first.
pub async fn donations(
    ex: &mut Exec<'_>,
    scope: &Scope,
    account_id: Option<i64>,
    year: Option<i32>,
) -> Result<Vec<DonationRow>, DbError> {
    let mut text = format!(
        "{} WHERE unit_code BETWEEN $1 AND $2",
        select_sql::<DonationRow>()
    );
    let mut n = 3;
    if account_id.is_some() {
        text.push_str(&format!(" AND account_id = ${n}"));
        n += 1;
    }
    if year.is_some() {
        text.push_str(&format!(" AND receipt_year = ${n}"));
    }
    text.push_str(" ORDER BY received_on DESC, receipt_number DESC");
    let mut q = in_scope(text, scope);
    if let Some(a) = account_id {
        q = q.bind(a);
    }
    if let Some(y) = year {
        q = q.bind(y);
    }
    fetch_rows(ex, q, DonationRow::read).await
}

// ---- campaigns ----

pub async fn insert_campaign(ex: &mut Exec<'_>, row: &CampaignRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn find_campaign(
    ex: &mut Exec<'_>,
    scope: &Scope,
    id: i64,
) -> Result<Option<CampaignRow>, DbError> {
    record::find_in(ex, scope, id).await
}

pub async fn campaigns(ex: &mut Exec<'_>, scope: &Scope) -> Result<Vec<CampaignRow>, DbError> {
    record::rows_of_scope(ex, scope, "starts_on DESC, id DESC").await
}

// ---- acknowledgements ----

pub async fn insert_file(ex: &mut Exec<'_>, row: &FileRow) -> Result<(), DbError> {
    record::insert(ex, row).await
}

pub async fn files(
    ex: &mut Exec<'_>,
    scope: &Scope,
    entry_ids: &[i64],
) -> Result<Vec<FileRow>, DbError> {
    record::rows_in_scope(ex, scope, "entry_id", entry_ids, "uploaded_at").await
}

/// The deliveries of a care cycle (every unit): the demo pays its Mother's Day visits from them.
pub async fn deliveries_of_cycle(
    ex: &mut Exec<'_>,
    cycle_id: i64,
) -> Result<Vec<crate::programs::DeliveryRow>, DbError> {
    record::rows_where(ex, "cycle_id", cycle_id, "created_at, id").await
}
