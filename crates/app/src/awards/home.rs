//! The home page: the campaigns that wait for the caller.

use super::*;

/// What a campaign waits for on the home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// Nominations close on `due` (for those who nominate).
    Nominations,
    /// The public notice ends on `due` (for the federation).
    Notice,
    /// The notice is over: decide the objections and make the honours final.
    Finalize,
}

#[derive(Debug, Clone)]
pub struct AwardTask {
    pub campaign: Campaign,
    pub waiting: Waiting,
    /// `YYYY-MM-DD`, empty when the campaign names no day.
    pub due: String,
}

/// The campaigns that wait for the caller, the nearest day first: for nominators, those whose
/// nominations are still open; for the federation, also those on notice and those to finalize.
pub async fn tasks_for_home(app: &App, caller: &Caller) -> Result<Vec<AwardTask>, AppError> {
    let runs = caller.role.runs_award_campaigns();
    let mut tasks: Vec<AwardTask> = list_campaigns(app, caller)
        .await?
        .into_iter()
        .filter_map(|c| {
            let (waiting, due) = match c.stage {
                Stage::Nominating => (Waiting::Nominations, c.nominations_until.clone()),
                Stage::Notice if runs => (Waiting::Notice, c.notice_until.clone()),
                Stage::NoticeEnded if runs => (Waiting::Finalize, c.notice_until.clone()),
                _ => return None,
            };
            Some(AwardTask {
                campaign: c,
                waiting,
                due: due.unwrap_or_default(),
            })
        })
        .collect();
    // Past notices to finalize first, then by the nearest day; campaigns without a day last.
    tasks.sort_by_key(|t| {
        (
            t.waiting != Waiting::Finalize,
            t.due.is_empty(),
            t.due.clone(),
        )
    });
    Ok(tasks)
}
