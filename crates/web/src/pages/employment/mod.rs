//! Employment pages: enterprises and liaison (`enterprises`), jobs (`jobs`), seekers with their
//! matches and recommendations (`seekers`), events with the desk and the public QR check-in
//! (`events`), assistance, mentoring and outcomes (`assistance`).
//!
//! Forms post and come back (post/redirect/get); a refused form is shown again with the typed
//! values and the reason beside its field (422, or 409 for a conflict).

pub mod assistance;
pub mod enterprises;
pub mod events;
pub mod jobs;
pub mod seekers;

use super::Shell;
use crate::error::PageError;
use crate::i18n::{Lang, Tr};
use crate::pages::parts::{unit_map, Filters, List, Pager, Paging, Pairs, Table};
use crate::AppState;
use jinguo_app::auth::Caller;
use jinguo_app::AppError;
use std::collections::HashMap;

/// Employment work is for the roles that do it.
fn require_staff(caller: &Caller) -> Result<(), PageError> {
    if caller.role().works_employment() {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

/// An industry section with its name in the standard (GB/T 4754), in the reader's language:
/// `C 制造业`, `C Manufacturing`.
pub(crate) fn industry_name(t: Tr, code: &str) -> String {
    match jinguo_domain::employment::Industry::parse(code) {
        Some(i) => format!(
            "{} {}",
            i.as_str(),
            t.t(&format!("industry-{}", i.as_str()))
        ),
        None => code.to_owned(),
    }
}

fn industries(t: Tr) -> Vec<(String, String)> {
    jinguo_domain::employment::Industry::ALL
        .iter()
        .map(|i| (i.as_str().to_owned(), industry_name(t, i.as_str())))
        .collect()
}

/// Skills typed as one text: split on commas (ASCII or full-width), 、 and semicolons.
fn split_list(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A list page's request: the reader's language, the filters and the page asked for, and the
/// names of the units the rows name.
struct Listing {
    lang: Lang,
    t: Tr,
    q: Pairs,
    paging: Paging,
    units: HashMap<String, String>,
}

async fn listing(
    state: &AppState,
    caller: &Caller,
    q: Pairs,
    lang: Lang,
) -> Result<Listing, PageError> {
    require_staff(caller)?;
    Ok(Listing {
        lang,
        t: Tr(lang),
        paging: Paging::of(&q),
        units: unit_map(state, caller).await?,
        q,
    })
}

impl Listing {
    /// The filters of the list, as a query string without the page.
    fn filters(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.q.iter().filter(|(k, _)| k != "page"))
            .finish()
    }

    /// The pager of `path` with the same filters.
    fn pager(&self, total: i64, path: &str) -> Pager {
        Pager::of(self.t, &self.q, path, self.paging, total)
    }

    /// The parts of the list page at `path`.
    fn list(&self, filters: Filters, table: Table, total: i64, path: &str) -> List {
        let pager = self.pager(total, path);
        List::new(self.t, filters, table, pager, "employment-total", total)
    }
}

use super::parts::unit_name;

/// Today in the federation's time zone.
fn today(state: &AppState) -> String {
    jinguo_app::people::today(&state.app).to_string()
}

fn shell(lang: Lang, caller: &Caller, active: &'static str, title_key: &str) -> Shell {
    Shell::new(lang, Some(caller), active, title_key)
}
