//! Funds pages (资金与捐赠): the accounts with their balances (at any date), campaigns and the
//! year's donors; recording a donation (amount typed in yuan, parsed into fen without a float)
//! and its printable receipt; a transfer or allocation; a campaign's report with its donors,
//! transfers and acknowledgements and its public donors' list; the period journal with its
//! reversals and the reconciliation export; and the relief payments streets read.

use super::parts::{label, options, require, settled, settled_form, unit_name, Form, Pairs};
use super::{refused, render, Shell};
use crate::error::PageError;
use crate::extract::{parse_id, ListRequest, PageCaller, PostedForm, RecordForm, RecordRequest};
use crate::files::upload_file;
use crate::i18n::{Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use jinguo_app::auth::Caller;
use jinguo_app::funds::{
    self, Account, AccountBalance, AccountInput, Campaign, CampaignInput, CyclePayments, Donation,
    DonationCreated, DonationInput, DonorLine, DonorYear, JournalEntry, PartyInput, Payment,
    TransferInput, TransferLine,
};
use jinguo_app::AppError;
use jinguo_domain::funds::{format_yuan, parse_yuan, AccountKind, PartyKind};
use jinguo_domain::Role;
use serde_json::Value;

/// Yuan as typed (`1,234.56`) into fen, refused by name (`amount`); the use case's refusal of
/// `amount_fen` is shown beside the same field.
fn yuan(form: &Pairs) -> Result<Value, AppError> {
    parse_yuan(form.get("amount"))
        .map(Value::from)
        .map_err(|e| AppError::invalid("amount", e.code()))
}

fn beside_amount(e: AppError) -> AppError {
    match e {
        AppError::Invalid {
            code,
            field: Some(f),
            detail,
        } if f == "amount_fen" => AppError::Invalid {
            code,
            field: Some("amount".into()),
            detail,
        },
        other => other,
    }
}

/// Figures of an amount as the pages show them: `1,234.56`.
fn y(fen: &i64) -> String {
    format_yuan(*fen)
}

// ---- the overview ----

#[derive(Template)]
#[template(path = "funds.html")]
struct FundsPage {
    shell: Shell,
    on: String,
    balances: Vec<AccountBalance>,
    campaigns: Vec<Campaign>,
    year: String,
    donors: Vec<DonorYear>,
    kinds: Vec<(String, String)>,
    form: Form,
    form_for: String,
}

impl FundsPage {
    fn kind(&self, code: &str) -> String {
        label(self.shell.t, "fund-account", code)
    }
    fn party(&self, code: &str) -> String {
        label(self.shell.t, "fund-party", code)
    }
    fn yuan(&self, fen: &i64) -> String {
        y(fen)
    }
    fn total(&self) -> String {
        y(&self.balances.iter().map(|b| b.balance_fen).sum())
    }
    fn refused_for(&self, which: &str) -> bool {
        self.form_for == which && !self.form.message.is_empty()
    }
}

async fn overview(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    q: &Pairs,
    form: Form,
    form_for: &str,
) -> Result<Html<String>, PageError> {
    require(caller, Role::keeps_funds)?;
    let t = Tr(lang);
    let on = q.get("on").trim().to_owned();
    let today = jinguo_app::people::today(&state.app);
    let year = q.get("year").trim().parse::<i32>().unwrap_or(today.year);
    render(&FundsPage {
        shell: Shell::new(lang, Some(caller), "funds", "funds-title"),
        balances: funds::balances(&state.app, caller, Some(on.as_str())).await?,
        campaigns: funds::list_campaigns(&state.app, caller).await?,
        donors: funds::donors_by_year(&state.app, caller, year)
            .await
            .unwrap_or_default(),
        year: year.to_string(),
        on,
        kinds: options(t, "fund-account", AccountKind::ALL, AccountKind::as_str),
        form,
        form_for: form_for.to_owned(),
    })
}

pub async fn index(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    overview(&state, &caller, lang, &q, Form::empty(), "").await
}

async fn settle_overview<T>(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Pairs,
    form_for: &str,
    result: Result<T, AppError>,
    next: impl FnOnce(T) -> String,
) -> Result<Response, PageError> {
    settled(Done::Created, result, next, |e| async move {
        let fields = &["name", "kind", "title", "starts_on", "target"];
        let form = Form::refused(form, lang, &e, fields);
        overview(state, caller, lang, &Pairs::of_query(None), form, form_for).await
    })
    .await
}

pub async fn create_account(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let input = AccountInput {
        name: form.get("name").into(),
        kind: form.get("kind").into(),
    };
    let result = funds::create_account(&state.app, &caller, input).await;
    settle_overview(&state, &caller, lang, form, "account", result, |_| {
        "/funds".to_owned()
    })
    .await
}

pub async fn create_campaign(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let target = match form.get("target").trim() {
        "" => Ok(None),
        t => parse_yuan(t)
            .map(Some)
            .map_err(|e| AppError::invalid("target", e.code())),
    };
    let result = match target {
        Ok(target_fen) => {
            let input = CampaignInput {
                title: form.get("title").into(),
                starts_on: form.get("starts_on").into(),
                ends_on: form.opt("ends_on"),
                target_fen,
                account_id: None,
            };
            funds::create_campaign(&state.app, &caller, input).await
        }
        Err(e) => Err(e),
    };
    settle_overview(&state, &caller, lang, form, "campaign", result, |c| {
        format!("/funds/campaigns/{}", c.id)
    })
    .await
}

// ---- a donation and its receipt ----

#[derive(Template)]
#[template(path = "fund_donation_form.html")]
struct DonationFormPage {
    shell: Shell,
    form: Form,
    accounts: Vec<Account>,
    donor_kinds: Vec<(String, String)>,
}

const DONATION_FIELDS: &[&str] = &[
    "account_id",
    "donor.name",
    "donor.kind",
    "amount",
    "received_on",
    "in_kind",
];

/// What a form that moves money (a donation in, a transfer out) shows besides its values: the
/// accounts to choose from and the kinds of party on the other side. Only for fund keepers.
struct MoneyForm {
    shell: Shell,
    accounts: Vec<Account>,
    kinds: Vec<(String, String)>,
}

async fn money_form(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    title_key: &str,
    kinds: &[PartyKind],
) -> Result<MoneyForm, PageError> {
    require(caller, Role::keeps_funds)?;
    Ok(MoneyForm {
        shell: Shell::new(lang, Some(caller), "funds", title_key),
        accounts: funds::list_accounts(&state.app, caller).await?,
        kinds: options(Tr(lang), "fund-party", kinds, PartyKind::as_str),
    })
}

async fn donation_form(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
) -> Result<Html<String>, PageError> {
    let m = money_form(state, caller, lang, "funds-donate", &PartyKind::DONORS).await?;
    render(&DonationFormPage {
        shell: m.shell,
        accounts: m.accounts,
        donor_kinds: m.kinds,
        form,
    })
}

pub async fn new_donation(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    let today = jinguo_app::people::today(&state.app).to_string();
    let form = Form::new(Pairs::from_pairs(vec![
        ("account_id", q.get("account_id").to_owned()),
        ("received_on", today),
        ("show_name", "on".to_owned()),
    ]));
    donation_form(&state, &caller, lang, form).await
}

/// The donation form as the use case takes it; the amount typed in yuan.
fn donation_input(form: &Pairs) -> Result<DonationInput, AppError> {
    let goods = form.get("in_kind").trim().to_owned();
    Ok(DonationInput {
        account_id: form.get("account_id").trim().parse().unwrap_or(0),
        donor: PartyInput {
            name: form.get("donor.name").into(),
            kind: form.get("donor.kind").into(),
        },
        amount_fen: yuan(form)?,
        in_kind: (!goods.is_empty()).then_some(Value::String(goods)),
        received_on: form.get("received_on").into(),
        show_name: Some(form.flag("show_name")),
    })
}

pub async fn create_donation(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let sent = async { funds::donate(&state.app, &caller, donation_input(&form)?).await };
    let result = sent.await.map_err(beside_amount);
    let receipt = |d: DonationCreated| format!("/funds/donations/{}/receipt", d.id);
    settled_form(
        Done::Created,
        result,
        receipt,
        (lang, form, DONATION_FIELDS),
        |form| donation_form(&state, &caller, lang, form),
    )
    .await
}

#[derive(Template)]
#[template(path = "fund_receipt.html")]
struct ReceiptPage {
    shell: Shell,
    d: Donation,
}

pub async fn receipt(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    require(&caller, Role::keeps_funds)?;
    let d = funds::get_donation(&state.app, &caller, id).await?;
    let mut shell = Shell::new(lang, Some(&caller), "funds", "funds-receipt");
    shell.title = format!("{} {}", shell.title, d.receipt_number);
    render(&ReceiptPage { shell, d })
}

// ---- a transfer ----

#[derive(Template)]
#[template(path = "fund_transfer_form.html")]
struct TransferFormPage {
    shell: Shell,
    form: Form,
    accounts: Vec<Account>,
    recipient_kinds: Vec<(String, String)>,
}

const TRANSFER_FIELDS: &[&str] = &[
    "from_account_id",
    "to_account_id",
    "to_party.name",
    "to_party.kind",
    "to_party",
    "amount",
    "on",
    "memo",
];

async fn transfer_form(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
) -> Result<Html<String>, PageError> {
    let m = money_form(
        state,
        caller,
        lang,
        "funds-transfer",
        &PartyKind::RECIPIENTS,
    )
    .await?;
    render(&TransferFormPage {
        shell: m.shell,
        accounts: m.accounts,
        recipient_kinds: m.kinds,
        form,
    })
}

pub async fn new_transfer(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    let today = jinguo_app::people::today(&state.app).to_string();
    let form = Form::new(Pairs::from_pairs(vec![
        ("from_account_id", q.get("from").to_owned()),
        ("on", today),
    ]));
    transfer_form(&state, &caller, lang, form).await
}

/// The transfer form as the use case takes it: to an account, or else to the party named.
fn transfer_input(form: &Pairs) -> Result<TransferInput, AppError> {
    let party_name = form.get("to_party.name").trim().to_owned();
    Ok(TransferInput {
        from_account_id: form.get("from_account_id").trim().parse().unwrap_or(0),
        to_account_id: form.get("to_account_id").trim().parse().ok(),
        to_party: (!party_name.is_empty()).then(|| PartyInput {
            name: party_name,
            kind: form.get("to_party.kind").into(),
        }),
        amount_fen: yuan(form)?,
        on: form.get("on").into(),
        memo: form.opt("memo"),
    })
}

pub async fn create_transfer(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let sent = async { funds::transfer(&state.app, &caller, transfer_input(&form)?).await };
    let result = sent.await.map_err(beside_amount);
    // Back to the campaign the money left, when it left one.
    let from: i64 = form.get("from_account_id").trim().parse().unwrap_or(0);
    let result = match result {
        Ok(_) => Ok(funds::list_campaigns(&state.app, &caller).await?),
        Err(e) => Err(e),
    };
    let next = |campaigns: Vec<Campaign>| {
        campaigns
            .iter()
            .find(|c| c.account_id == from)
            .map(|c| format!("/funds/campaigns/{}", c.id))
            .unwrap_or_else(|| "/funds".to_owned())
    };
    settled_form(
        Done::Recorded,
        result,
        next,
        (lang, form, TRANSFER_FIELDS),
        |form| transfer_form(&state, &caller, lang, form),
    )
    .await
}

// ---- a campaign ----

#[derive(Template)]
#[template(path = "fund_campaign.html")]
struct CampaignPage {
    shell: Shell,
    c: Campaign,
    donors: Vec<DonorLine>,
    transfers: Vec<TransferLine>,
    form: Form,
    form_for: String,
}

impl CampaignPage {
    fn yuan(&self, fen: &i64) -> String {
        y(fen)
    }
    fn refused_for(&self, which: &str) -> bool {
        self.form_for == which && !self.form.message.is_empty()
    }
}

async fn campaign_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: i64,
    form: Form,
    form_for: &str,
) -> Result<Html<String>, PageError> {
    require(caller, Role::keeps_funds)?;
    let c = funds::get_campaign(&state.app, caller, id).await?;
    let mut shell = Shell::new(lang, Some(caller), "funds", "funds-title");
    shell.title = c.title.clone();
    render(&CampaignPage {
        donors: funds::campaign_donors(&state.app, caller, id, false).await?,
        transfers: funds::campaign_transfers(&state.app, caller, id).await?,
        c,
        shell,
        form,
        form_for: form_for.to_owned(),
    })
}

pub async fn campaign(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    campaign_page(&state, &caller, lang, id, Form::empty(), "").await
}

#[derive(Template)]
#[template(path = "fund_campaign_public.html")]
struct PublicDonorsPage {
    shell: Shell,
    c: Campaign,
    donors: Vec<DonorLine>,
}

impl PublicDonorsPage {
    fn yuan(&self, fen: &i64) -> String {
        y(fen)
    }
}

/// The donors' list to post up: each donor named as she chose (else 爱心人士), no receipts.
pub async fn campaign_public(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    let c = funds::get_campaign(&state.app, &caller, id).await?;
    let mut shell = Shell::new(lang, Some(&caller), "funds", "funds-public-donors");
    shell.title = format!("{} — {}", c.title, shell.title);
    render(&PublicDonorsPage {
        donors: funds::campaign_donors(&state.app, &caller, id, true).await?,
        c,
        shell,
    })
}

pub async fn add_acknowledgement(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, entry)): Path<(String, String)>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (id, entry) = (parse_id(&id)?, parse_id(&entry)?);
    let lang = Lang::from_headers(&headers);
    let which = format!("ack-{entry}");
    let (file, fields) = match upload_file(&mut multipart).await {
        Ok(parts) => parts,
        Err(e) => {
            let form = Form::refused(Pairs::from_pairs(Vec::new()), lang, &e, &[]);
            return Ok(refused(
                campaign_page(&state, &caller.0, lang, id, form, &which).await?,
            ));
        }
    };
    let form = Pairs::from_pairs(
        fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect(),
    );
    caller.check_csrf(form.get("csrf"))?;
    let result = match file.filter(|(_, b)| !b.is_empty()) {
        Some((name, bytes)) => {
            funds::add_acknowledgement(&state.app, &caller.0, entry, &name, bytes).await
        }
        None => Err(AppError::invalid("file", "required")),
    };
    match result {
        Ok(_) => Ok(flash::redirect(
            &format!("/funds/campaigns/{id}"),
            Done::Saved,
        )),
        Err(e @ AppError::Invalid { .. }) => {
            let form = Form::refused(form, lang, &e, &[]);
            Ok(refused(
                campaign_page(&state, &caller.0, lang, id, form, &which).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- the journal ----

#[derive(Template)]
#[template(path = "fund_journal.html")]
struct JournalPage {
    shell: Shell,
    from: String,
    to: String,
    entries: Vec<JournalEntry>,
    error: String,
}

impl JournalPage {
    fn yuan(&self, fen: &i64) -> String {
        y(fen)
    }
    fn kind(&self, code: &str) -> String {
        label(self.shell.t, "fund-entry", code)
    }
    fn export_query(&self) -> String {
        format!("from={}&to={}", self.from, self.to)
    }
    fn reversible(&self, e: &JournalEntry) -> bool {
        e.reverses_id.is_none() && e.reversed_by.is_none()
    }
    fn summary(&self, e: &JournalEntry) -> String {
        let names: Vec<String> = e
            .lines
            .iter()
            .map(|l| {
                format!(
                    "{} {}{}",
                    l.name,
                    if l.amount_fen > 0 { "+" } else { "" },
                    y(&l.amount_fen)
                )
            })
            .collect();
        names.join("；")
    }
}

async fn journal_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    q: &Pairs,
    error: String,
) -> Result<Html<String>, PageError> {
    require(caller, Role::keeps_funds)?;
    let (from, to, entries) = funds::journal(
        &state.app,
        caller,
        q.opt("from").as_deref(),
        q.opt("to").as_deref(),
    )
    .await?;
    render(&JournalPage {
        shell: Shell::new(lang, Some(caller), "funds-journal", "funds-journal"),
        from,
        to,
        entries,
        error,
    })
}

pub async fn journal(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    journal_page(&state, &caller, lang, &q, String::new()).await
}

pub async fn reverse(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    match funds::reverse(&state.app, &caller, id).await {
        Ok(_) => {
            let back = form.opt("back").filter(|b| b.starts_with("/funds"));
            Ok(flash::redirect(
                &back.unwrap_or_else(|| "/funds/journal".to_owned()),
                Done::Recorded,
            ))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let status = if matches!(e, AppError::Conflict { .. }) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let message = crate::i18n::error_message(lang, &e);
            let page = journal_page(&state, &caller, lang, &Pairs::of_query(None), message).await?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

// ---- relief payments ----

#[derive(Template)]
#[template(path = "fund_payments.html")]
struct PaymentsPage {
    shell: Shell,
    payments: Vec<Payment>,
    /// One cycle's money paid per street (`?cycle_id=`).
    by_street: Option<CyclePayments>,
    units: std::collections::HashMap<String, String>,
}

impl PaymentsPage {
    fn yuan(&self, fen: &i64) -> String {
        y(fen)
    }
    fn unit(&self, code: &str) -> String {
        unit_name(&self.units, code)
    }
    fn total(&self) -> String {
        y(&self.payments.iter().map(|p| p.amount_fen).sum())
    }
}

pub async fn payments(
    State(state): State<AppState>,
    ListRequest {
        caller, lang, q, ..
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    let cycle = match q.get("cycle_id").trim() {
        "" => None,
        raw => Some(parse_id(raw)?),
    };
    let payments = funds::payments(&state.app, &caller, cycle).await?;
    let by_street = match cycle {
        Some(id) => Some(funds::cycle_payments(&state.app, &caller, id).await?),
        None => None,
    };
    render(&PaymentsPage {
        by_street,
        shell: Shell::new(lang, Some(&caller), "funds-payments", "funds-payments"),
        units: super::parts::unit_map(&state, &caller).await?,
        payments,
    })
}
