//! Accounts: opening them, and their balances now or at the end of a day.

use super::*;

/// A new, empty account of the caller's unit.
pub(super) fn new_account(
    app: &App,
    caller: &Caller,
    name: String,
    kind: AccountKind,
    now: i64,
) -> AccountRow {
    AccountRow {
        id: app.ids.next(now),
        unit_code: caller.unit.as_str().to_owned(),
        name,
        kind: kind.as_str().to_owned(),
        balance_fen: 0,
        created_by: caller.author(),
        created_at: now,
    }
}

pub async fn create_account(
    app: &App,
    caller: &Caller,
    input: AccountInput,
) -> Result<Account, AppError> {
    require_keeper(caller)?;
    let name = text("name", &input.name, 100)?;
    let kind = account_kind(&input.kind)?;
    let now = app.now();
    let row = new_account(app, caller, name, kind, now);
    let mut tx = app.db.begin().await?;
    store::insert_account(&mut tx.ex(), &row)
        .await
        .on_unique("account_name_taken", "name")?;
    let entry = caller
        .entry("create", "fund_account", row.id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({"name": row.name, "kind": row.kind}));
    audit::commit(app, tx, entry, now).await?;
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
    let at: Option<HashMap<i64, i64>> = match crate::given(on) {
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
