//! What the staff who work the rolls have on their plate today: the cycles running (from their
//! first day to their last) of programs reaching them, and who on those rolls in their subtree
//! has not been reached yet — the home page's cards.

use super::*;
use crate::people::today;

/// A running cycle with its roll in the caller's subtree.
#[derive(Debug, Clone)]
pub struct RunningCycle {
    /// `roll_size` is her subtree's part of the roll.
    pub cycle: Cycle,
    /// Those on it still waiting to be reached (invited, not marked yet).
    pub waiting: i64,
}

pub async fn running_cycles(app: &App, caller: &Caller) -> Result<Vec<RunningCycle>, AppError> {
    require_runner(caller)?;
    let day = today(app).to_string();
    let rows = store::running_cycles(&mut app.db.ex(), &caller.scope(), &day).await?;
    Ok(rows
        .into_iter()
        .map(|r| RunningCycle {
            cycle: Cycle::of(r.cycle, r.roll_size),
            waiting: r.waiting,
        })
        .collect())
}

pub use jinguo_db::programs::Unreached;

/// The first `limit` people of the caller's subtree still waiting on running cycles, the cycle
/// ending soonest first, and how many there are in all.
pub async fn unreached(
    app: &App,
    caller: &Caller,
    limit: u64,
) -> Result<(Vec<Unreached>, i64), AppError> {
    require_runner(caller)?;
    let day = today(app).to_string();
    Ok(store::unreached(&mut app.db.ex(), &caller.scope(), &day, limit).await?)
}
