//! The demo district's funds, through the same use cases as the pages:
//!
//! - the earthquake campaign (抗震救灾): the women entrepreneurs' association gave 100,000 yuan
//!   in money and 4,280 yuan in goods, all of it handed to civil affairs, the Red Cross and the
//!   charity federation — the campaign's balance is 0;
//! - the association's 100,000-yuan gift when the district charity federation was founded,
//!   received into general donations and transferred to the charity federation's 春蕾 account;
//! - the federation's own 春蕾助学 special fund, with an allocation from general donations and a
//!   named and an anonymous donor;
//! - the relief budget (救助资金) appropriated by the district's finance bureau, from which this
//!   year's Mother's Day visits to the poor mothers were paid, 500 yuan each — one payment entry
//!   per delivery of the cycle, its street reading its own.

use crate::funds::{
    self, AccountInput, CampaignInput, DonationInput, JournalInput, JournalLineInput, PartyInput,
    TransferInput,
};
use crate::synthetic_children::demo_caller;
use crate::synthetic_employment::root_unit;
use crate::{App, AppError, Origin};
use jinguo_db::funds as store;
use jinguo_db::programs as programs_store;
use serde_json::{json, Value};

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub campaign_id: i64,
    pub donations: usize,
    pub payments: usize,
}

pub async fn load_demo(
    app: &App,
    origin: &Origin,
    mothers_day_cycle: Option<i64>,
) -> Result<Option<Summary>, AppError> {
    let root = root_unit(app).await?;
    let caller = demo_caller(root, origin);
    if !funds::list_accounts(app, &caller).await?.is_empty() {
        return Ok(None);
    }
    generate(app, &caller, mothers_day_cycle).await.map(Some)
}

fn party(name: &str, kind: &str) -> PartyInput {
    PartyInput {
        name: name.into(),
        kind: kind.into(),
    }
}

/// A line of the demo book, entered in the order listed (a party is its name and kind).
enum Line {
    /// Received into an account: from whom, fen, the day, goods given in kind, her name shown.
    Gift(
        i64,
        (&'static str, &'static str),
        i64,
        &'static str,
        Option<Value>,
        bool,
    ),
    /// Handed out of an account to a party outside: fen, the day, the memo.
    Out(
        i64,
        (&'static str, &'static str),
        i64,
        &'static str,
        &'static str,
    ),
    /// Moved from one of the federation's accounts to another: fen, the day, the memo.
    Move(i64, i64, i64, &'static str, &'static str),
}
use Line::{Gift, Move, Out};

/// Enters a line of the book through the use case a keeper's form calls.
async fn enter(app: &App, caller: &crate::auth::Caller, line: Line) -> Result<(), AppError> {
    let transfer =
        |from_account_id, to_account_id, to_party, fen, on: &str, memo: &str| TransferInput {
            from_account_id,
            to_account_id,
            to_party,
            amount_fen: json!(fen),
            on: on.into(),
            memo: Some(memo.into()),
        };
    match line {
        Gift(account_id, (name, kind), fen, on, goods, named) => {
            let gift = DonationInput {
                account_id,
                donor: party(name, kind),
                amount_fen: json!(fen),
                in_kind: goods,
                received_on: on.into(),
                show_name: Some(named),
            };
            funds::donate(app, caller, gift).await?;
        }
        Out(from, (name, kind), fen, on, memo) => {
            let out = transfer(from, None, Some(party(name, kind)), fen, on, memo);
            funds::transfer(app, caller, out).await?;
        }
        Move(from, to, fen, on, memo) => {
            funds::transfer(app, caller, transfer(from, Some(to), None, fen, on, memo)).await?;
        }
    }
    Ok(())
}

async fn generate(
    app: &App,
    caller: &crate::auth::Caller,
    mothers_day_cycle: Option<i64>,
) -> Result<Summary, AppError> {
    let mut summary = Summary::default();
    let account = |name: &str, kind: &str| AccountInput {
        name: name.into(),
        kind: kind.into(),
    };
    let general = funds::create_account(app, caller, account("非定向捐赠", "general")).await?;
    let chunlei =
        funds::create_account(app, caller, account("春蕾助学专项基金", "special")).await?;
    let relief = funds::create_account(app, caller, account("救助资金", "relief")).await?;

    // The earthquake campaign: 104,280 yuan in money and goods, handed out in full.
    let campaign = funds::create_campaign(
        app,
        caller,
        CampaignInput {
            title: "抗震救灾爱心募捐".into(),
            starts_on: "2026-03-02".into(),
            ends_on: Some("2026-03-31".into()),
            target_fen: Some(10_000_000),
            account_id: None,
        },
    )
    .await?;
    summary.campaign_id = campaign.id;
    let association = ("丰泽区女企业家协会", "association");
    let goods = json!([
        {"name": "棉被", "quantity": 60},
        {"name": "矿泉水（箱）", "quantity": 120},
        {"name": "方便食品（箱）", "quantity": 80}
    ]);
    let (earthquake, handed_out) = (campaign.account_id, "抗震救灾捐赠款物转交");
    // One line a book entry, as a keeper reads her ledger.
    #[rustfmt::skip]
    let book = [
        Gift(earthquake, association, 10_000_000, "2026-03-05", None, true),
        Gift(earthquake, association, 428_000, "2026-03-06", Some(goods), true),
        Out(earthquake, ("丰泽区民政局", "department"), 5_000_000, "2026-03-20", handed_out),
        Out(earthquake, ("丰泽区红十字会", "organization"), 3_000_000, "2026-03-20", handed_out),
        Out(earthquake, ("丰泽区慈善总会", "organization"), 2_428_000, "2026-03-20", handed_out),
        // The gift to the charity federation at its founding, for its 春蕾 account.
        Gift(general.id, association, 10_000_000, "2026-04-10", None, true),
        Out(general.id, ("丰泽区慈善总会", "organization"), 10_000_000, "2026-04-18",
            "慈善总会成立捐赠，设立春蕾专项"),
        // The federation's own 春蕾 fund.
        Gift(general.id, ("泉州巧手服饰有限公司", "enterprise"), 2_000_000, "2026-05-08", None, true),
        Move(general.id, chunlei.id, 1_500_000, "2026-05-09", "划入春蕾助学专项基金"),
        Gift(chunlei.id, ("林秀英", "individual"), 300_000, "2026-06-01", None, true),
        Gift(chunlei.id, ("", "anonymous"), 50_000, "2026-06-01", None, false),
    ];
    for line in book {
        summary.donations += usize::from(matches!(line, Gift(..)));
        enter(app, caller, line).await?;
    }

    // The relief budget, and this year's Mother's Day visits paid from it.
    funds::journal_entry(
        app,
        caller,
        JournalInput {
            on: "2026-04-01".into(),
            memo: Some("区财政拨付年度救助资金".into()),
            lines: vec![
                JournalLineInput {
                    account_id: None,
                    party: Some(party("丰泽区财政局", "department")),
                    amount_fen: json!(-6_000_000),
                },
                JournalLineInput {
                    account_id: Some(relief.id),
                    party: None,
                    amount_fen: json!(6_000_000),
                },
            ],
        },
    )
    .await?;
    if let Some(cycle_id) = mothers_day_cycle {
        summary.payments = pay_cycle(app, caller, cycle_id, relief.id).await?;
    }
    Ok(summary)
}

/// Names `account` as the cycle's and pays from it each delivery made before it did.
async fn pay_cycle(
    app: &App,
    caller: &crate::auth::Caller,
    cycle_id: i64,
    account: i64,
) -> Result<usize, AppError> {
    let Some(mut cycle) = programs_store::find_cycle(&mut app.db.ex(), cycle_id).await? else {
        return Ok(0);
    };
    cycle.account_id = Some(account);
    let deliveries = store::deliveries_of_cycle(&mut app.db.ex(), cycle_id).await?;
    let mut tx = app.db.begin().await?;
    programs_store::set_cycle_account(&mut tx.ex(), cycle_id, account).await?;
    for d in &deliveries {
        funds::pay_delivery(app, caller, &mut tx.ex(), &cycle, d).await?;
    }
    tx.commit().await?;
    Ok(deliveries.len())
}
