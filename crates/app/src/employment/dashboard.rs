//! The employment cards of the home page: open jobs, seekers, placements this year and the
//! funnel of the last job fair.

use super::events::{figures_of, EventFigures};
use super::require_staff;
use crate::auth::Caller;
use crate::people::today;
use crate::{App, AppError};
use jinguo_db::employment as store;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmploymentCards {
    pub open_jobs: i64,
    pub open_positions: i64,
    pub seeking: i64,
    pub placed: i64,
    pub placements_this_year: i64,
    pub startups_this_year: i64,
    /// The last job fair held, with its figures.
    pub last_fair: Option<(i64, String, String, EventFigures)>,
}

pub async fn cards(app: &App, caller: &Caller) -> Result<EmploymentCards, AppError> {
    require_staff(caller)?;
    let mut ex = app.db.ex();
    let (open_jobs, open_positions) = store::count_open_jobs(&mut ex).await?;
    let scope = caller.scope();
    let seekers = store::count_seekers(&mut ex, &scope).await?;
    let n = |status: &str| seekers.iter().find(|(s, _)| s == status).map_or(0, |c| c.1);
    let today = today(app);
    let from = format!("{}-01-01", today.year);
    let outcomes = store::outcome_counts(&mut ex, &scope, &from, &today.to_string()).await?;
    let total = |kind: &str| {
        outcomes
            .iter()
            .find(|(k, t, _)| k == kind && t.is_empty())
            .map_or(0, |c| c.2)
    };
    let last_fair = match store::last_job_fair(&mut ex, &today.to_string()).await? {
        Some(e) if caller.scope().district_public().covers_code(&e.unit_code) => {
            let figures = figures_of(&mut ex, e.id).await?;
            Some((e.id, e.title, e.held_on, figures))
        }
        _ => None,
    };
    Ok(EmploymentCards {
        open_jobs,
        open_positions,
        seeking: n("seeking"),
        placed: n("placed"),
        placements_this_year: total("placement"),
        startups_this_year: total("startup"),
        last_fair,
    })
}
