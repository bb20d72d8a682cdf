//! Funds (资金与捐赠): accounts and their balances, donations with their receipts, transfers,
//! journal entries and their reversal, campaigns with their donors and transfers, the
//! reconciliation export, donors by year, and the relief payments care cycles made.
//! Journal entries are immutable: their path answers no PATCH or DELETE (405).

use super::{ErrorBody, ListOf};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiMultipart, ApiQuery, Path};
use crate::files::{download, upload_file, DOCX, XLSX};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use jinguo_app::funds::{
    self, Account, AccountBalance, AccountInput, Acknowledgement, Campaign, CampaignInput,
    CyclePayments, Donation, DonationCreated, DonationInput, DonorLine, DonorYear, EntryCreated,
    JournalEntry, JournalInput, Payment, TransferInput, TransferLine,
};
use jinguo_app::AppError;
use serde::Deserialize;
use utoipa::IntoParams;

fn all<T>(items: Vec<T>) -> ListOf<T> {
    let total = items.len() as i64;
    ListOf {
        per_page: items.len() as u64,
        items,
        total,
        page: 1,
    }
}

/// Opens a fund account of the caller's unit.
#[utoipa::path(post, path = "/api/v1/fund-accounts", tag = "funds", request_body = AccountInput,
    responses((status = 201, body = Account), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "account_name_taken"),
        (status = 422, body = ErrorBody, description = "required, invalid_choice (kind)")))]
pub async fn create_fund_account(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<AccountInput>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    let a = funds::create_account(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[utoipa::path(get, path = "/api/v1/fund-accounts", tag = "funds",
    responses((status = 200, body = ListOf<Account>), (status = 403, body = ErrorBody)))]
pub async fn list_fund_accounts(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<ListOf<Account>>, ApiError> {
    Ok(Json(all(funds::list_accounts(&state.app, &caller).await?)))
}

#[utoipa::path(get, path = "/api/v1/fund-accounts/{id}", tag = "funds",
    responses((status = 200, body = Account), (status = 404, body = ErrorBody)))]
pub async fn get_fund_account(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Account>, ApiError> {
    Ok(Json(funds::get_account(&state.app, &caller, id).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BalanceParams {
    /// The balances at the end of this day (`YYYY-MM-DD`; default: now).
    pub on: Option<String>,
}

/// Every account's balance at the end of a day.
#[utoipa::path(get, path = "/api/v1/fund-balances", tag = "funds", params(BalanceParams),
    responses((status = 200, body = ListOf<AccountBalance>), (status = 403, body = ErrorBody)))]
pub async fn fund_balances(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<BalanceParams>,
) -> Result<Json<ListOf<AccountBalance>>, ApiError> {
    Ok(Json(all(funds::balances(
        &state.app,
        &caller,
        p.on.as_deref(),
    )
    .await?)))
}

/// Records a donation (money, or goods at a stated value) and numbers its receipt.
#[utoipa::path(post, path = "/api/v1/donations", tag = "funds", request_body = DonationInput,
    responses((status = 201, body = DonationCreated), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "amount_fraction_of_fen, amount_not_positive, amount_too_large, unknown_account, invalid_choice (donor.kind), date_in_future")))]
pub async fn create_donation(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<DonationInput>,
) -> Result<(StatusCode, Json<DonationCreated>), ApiError> {
    let d = funds::donate(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DonationParams {
    pub account_id: Option<i64>,
    /// The receipts' year.
    pub year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/donations", tag = "funds", params(DonationParams),
    responses((status = 200, body = ListOf<Donation>), (status = 403, body = ErrorBody)))]
pub async fn list_donations(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<DonationParams>,
) -> Result<Json<ListOf<Donation>>, ApiError> {
    Ok(Json(all(funds::list_donations(
        &state.app,
        &caller,
        p.account_id,
        p.year,
    )
    .await?)))
}

#[utoipa::path(get, path = "/api/v1/donations/{id}", tag = "funds",
    responses((status = 200, body = Donation), (status = 404, body = ErrorBody)))]
pub async fn get_donation(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Donation>, ApiError> {
    Ok(Json(funds::get_donation(&state.app, &caller, id).await?))
}

/// The donation's receipt (.docx) with the amount in figures and in Chinese capitals; a
/// reversed donation's receipt says 作废.
#[utoipa::path(get, path = "/api/v1/donations/{id}/receipt", tag = "funds",
    responses((status = 200, description = "the receipt (.docx)"), (status = 404, body = ErrorBody)))]
pub async fn donation_receipt(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (d, bytes) = funds::receipt_docx(&state.app, &caller, id).await?;
    Ok(download(
        &format!("捐赠收据-{}.docx", d.receipt_number),
        DOCX,
        bytes,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DonorParams {
    pub year: i32,
}

/// Donors of a year with their number of donations and total (reversed ones left out).
#[utoipa::path(get, path = "/api/v1/donors", tag = "funds", params(DonorParams),
    responses((status = 200, body = ListOf<DonorYear>), (status = 403, body = ErrorBody)))]
pub async fn donors_by_year(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<DonorParams>,
) -> Result<Json<ListOf<DonorYear>>, ApiError> {
    Ok(Json(all(funds::donors_by_year(
        &state.app, &caller, p.year,
    )
    .await?)))
}

/// Moves money out of an account: to another account of the caller's (an allocation) or to an
/// organization outside (a transfer).
#[utoipa::path(post, path = "/api/v1/fund-transfers", tag = "funds", request_body = TransferInput,
    responses((status = 201, body = EntryCreated), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "insufficient_funds, unknown_account, same_account, amount_fraction_of_fen, …")))]
pub async fn create_fund_transfer(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<TransferInput>,
) -> Result<(StatusCode, Json<EntryCreated>), ApiError> {
    let e = funds::transfer(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(e)))
}

/// A hand-written journal entry whose lines sum to zero.
#[utoipa::path(post, path = "/api/v1/journal-entries", tag = "funds", request_body = JournalInput,
    responses((status = 201, body = EntryCreated), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "unbalanced_entry, insufficient_funds, unknown_account, …")))]
pub async fn create_journal_entry(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<JournalInput>,
) -> Result<(StatusCode, Json<EntryCreated>), ApiError> {
    let e = funds::journal_entry(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(e)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// `YYYY-MM-DD` (default: the first of January).
    pub from: Option<String>,
    /// `YYYY-MM-DD` (default: today).
    pub to: Option<String>,
}

/// The journal of a period, in date order.
#[utoipa::path(get, path = "/api/v1/journal-entries", tag = "funds", params(PeriodParams),
    responses((status = 200, body = ListOf<JournalEntry>), (status = 403, body = ErrorBody)))]
pub async fn list_journal_entries(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Json<ListOf<JournalEntry>>, ApiError> {
    let (_, _, entries) =
        funds::journal(&state.app, &caller, p.from.as_deref(), p.to.as_deref()).await?;
    Ok(Json(all(entries)))
}

#[utoipa::path(get, path = "/api/v1/journal-entries/{id}", tag = "funds",
    responses((status = 200, body = JournalEntry), (status = 404, body = ErrorBody)))]
pub async fn get_journal_entry(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<JournalEntry>, ApiError> {
    Ok(Json(funds::get_entry(&state.app, &caller, id).await?))
}

/// Reverses an entry with a new entry naming it; a donation's receipt is voided.
#[utoipa::path(post, path = "/api/v1/journal-entries/{id}/reverse", tag = "funds",
    responses((status = 201, body = EntryCreated), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_reversed, entry_is_reversal"),
        (status = 422, body = ErrorBody, description = "insufficient_funds: the money is spent")))]
pub async fn reverse_journal_entry(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<EntryCreated>), ApiError> {
    let e = funds::reverse(&state.app, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(e)))
}

/// The reconciliation sheet of a period (.xlsx): one row per account line, to tick against the
/// bank statement.
#[utoipa::path(get, path = "/api/v1/journal-entries/reconciliation.xlsx", tag = "funds", params(PeriodParams),
    responses((status = 200, description = "the sheet (.xlsx)"), (status = 403, body = ErrorBody)))]
pub async fn fund_reconciliation(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    let bytes =
        funds::reconciliation_xlsx(&state.app, &caller, p.from.as_deref(), p.to.as_deref()).await?;
    Ok(download("对账表.xlsx", XLSX, bytes))
}

/// Attaches a recipient's acknowledgement (a scan, a letter) to an entry; kept encrypted.
#[utoipa::path(post, path = "/api/v1/journal-entries/{id}/acknowledgements", tag = "funds",
    request_body(content_type = "multipart/form-data", description = "a `file` part: pdf, jpg, png, docx, xlsx, doc, xls or txt, at most 10 MB"),
    responses((status = 201, body = Acknowledgement), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
pub async fn add_acknowledgement(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiMultipart(mut multipart): ApiMultipart,
) -> Result<(StatusCode, Json<Acknowledgement>), ApiError> {
    let (file, _) = upload_file(&mut multipart).await?;
    let (name, bytes) = file.ok_or_else(|| AppError::invalid("file", "required"))?;
    let a = funds::add_acknowledgement(&state.app, &caller, id, &name, bytes).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[utoipa::path(get, path = "/api/v1/journal-entries/{id}/acknowledgements", tag = "funds",
    responses((status = 200, body = ListOf<Acknowledgement>), (status = 404, body = ErrorBody)))]
pub async fn list_acknowledgements(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<Acknowledgement>>, ApiError> {
    Ok(Json(all(
        funds::acknowledgements(&state.app, &caller, id).await?
    )))
}

/// One acknowledgement's file (each read audited).
#[utoipa::path(get, path = "/api/v1/journal-entries/{id}/acknowledgements/{file_id}", tag = "funds",
    responses((status = 200, description = "the file"), (status = 404, body = ErrorBody)))]
pub async fn get_acknowledgement(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, file_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (a, bytes) = funds::read_acknowledgement(&state.app, &caller, id, file_id).await?;
    Ok(download(&a.file_name, &a.content_type, bytes))
}

/// Opens a fundraising campaign (with its own account unless one is named).
#[utoipa::path(post, path = "/api/v1/fund-campaigns", tag = "funds", request_body = CampaignInput,
    responses((status = 201, body = Campaign), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "account_name_taken, account_has_campaign"),
        (status = 422, body = ErrorBody)))]
pub async fn create_fund_campaign(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<CampaignInput>,
) -> Result<(StatusCode, Json<Campaign>), ApiError> {
    let c = funds::create_campaign(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[utoipa::path(get, path = "/api/v1/fund-campaigns", tag = "funds",
    responses((status = 200, body = ListOf<Campaign>), (status = 403, body = ErrorBody)))]
pub async fn list_fund_campaigns(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<ListOf<Campaign>>, ApiError> {
    Ok(Json(all(funds::list_campaigns(&state.app, &caller).await?)))
}

/// A campaign's report: raised, transferred, balance.
#[utoipa::path(get, path = "/api/v1/fund-campaigns/{id}", tag = "funds",
    responses((status = 200, body = Campaign), (status = 404, body = ErrorBody)))]
pub async fn get_fund_campaign(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Campaign>, ApiError> {
    Ok(Json(funds::get_campaign(&state.app, &caller, id).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DonorListParams {
    /// The public version: donors named as they chose (else 爱心人士), no receipts.
    pub public: Option<bool>,
}

#[utoipa::path(get, path = "/api/v1/fund-campaigns/{id}/donors", tag = "funds", params(DonorListParams),
    responses((status = 200, body = ListOf<DonorLine>), (status = 404, body = ErrorBody)))]
pub async fn fund_campaign_donors(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiQuery(p): ApiQuery<DonorListParams>,
) -> Result<Json<ListOf<DonorLine>>, ApiError> {
    Ok(Json(all(funds::campaign_donors(
        &state.app,
        &caller,
        id,
        p.public.unwrap_or(false),
    )
    .await?)))
}

/// A campaign's transfers out, with the recipients' acknowledgements.
#[utoipa::path(get, path = "/api/v1/fund-campaigns/{id}/transfers", tag = "funds",
    responses((status = 200, body = ListOf<TransferLine>), (status = 404, body = ErrorBody)))]
pub async fn fund_campaign_transfers(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ListOf<TransferLine>>, ApiError> {
    Ok(Json(all(funds::campaign_transfers(
        &state.app, &caller, id,
    )
    .await?)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PaymentParams {
    pub cycle_id: Option<i64>,
}

/// Relief payments to the people of the caller's subtree (streets: their own).
#[utoipa::path(get, path = "/api/v1/fund-payments", tag = "funds", params(PaymentParams),
    responses((status = 200, body = ListOf<Payment>), (status = 403, body = ErrorBody)))]
pub async fn list_fund_payments(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<PaymentParams>,
) -> Result<Json<ListOf<Payment>>, ApiError> {
    Ok(Json(all(
        funds::payments(&state.app, &caller, p.cycle_id).await?
    )))
}

/// The money a care cycle paid, per street.
#[utoipa::path(get, path = "/api/v1/cycles/{id}/payments", tag = "funds",
    responses((status = 200, body = CyclePayments), (status = 404, body = ErrorBody)))]
pub async fn cycle_payments(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<CyclePayments>, ApiError> {
    Ok(Json(funds::cycle_payments(&state.app, &caller, id).await?))
}
