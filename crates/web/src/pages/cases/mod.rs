//! Casework pages: the case list and "my cases", intake, the case page with its action forms
//! and timeline, statistics, briefings, and the public intake and status look-up.
//!
//! Every action posts a form and comes back to the case page (post/redirect/get); a refused
//! action shows the case page again with the reason on top and status 422.

mod briefings;
mod detail;
mod intake;
mod list;
mod referrals;
mod stats;

use crate::error::PageError;
use crate::i18n::Lang;
use crate::AppState;
use jinguo_app::units;
use std::collections::HashMap;

pub use briefings::*;
pub use detail::*;
pub use intake::*;
pub use list::*;
pub use referrals::*;
pub use stats::*;

/// The last day of a deadline: deadlines are kept as the first moment past it (the next day's
/// midnight, UTC+8), and people read the day the work is due.
pub(crate) fn due_day(deadline_ms: i64) -> String {
    jinguo_domain::CivilDate::from_epoch_ms_china(deadline_ms - 1).to_string()
}

/// Department codes and their names in the reader's language.
pub(crate) async fn department_names(
    state: &AppState,
    lang: Lang,
) -> Result<HashMap<String, String>, PageError> {
    Ok(units::departments(&state.app)
        .await?
        .into_iter()
        .map(|d| {
            let name = if lang == Lang::Zh {
                d.name_zh
            } else {
                d.name_en
            };
            (d.code, name)
        })
        .collect())
}
