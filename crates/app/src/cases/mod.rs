//! Cases: rights-protection cases (维权) and enterprise difficulty reports (企业诉求) in one
//! engine — intake, the workflow of statuses with deadlines, restriction, and the case page.
//!
//! Who may do what is in `access`, taking a case in in `intake`, its moves and deadlines in
//! `workflow`, the list and the case page in `query`. The timeline's additions (notes, referrals, attachments, domestic-violence specifics) live in
//! `timeline`, briefings to the district government in `briefings`, the public form in
//! `public`, statistics in `stats`.

mod access;
pub mod briefing_doc;
pub mod briefings;
pub mod public;
pub mod stats;
pub mod timeline;
pub(crate) use access::*;
mod intake;
pub use intake::*;
mod workflow;
pub use workflow::*;
mod query;
pub use query::*;

use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::calendar::WorkCalendar;
use crate::people::today;
use crate::{App, AppError};
use jinguo_db::accounts::{self, User};
use jinguo_db::cases::{
    self as store, CaseOrder, CasePersonRow, CaseRow, EventRow, Filter, Visibility,
};
use jinguo_db::people::SealedBirth;
use jinguo_db::{settings, Exec};
use jinguo_domain::cases::{
    default_working_days, screen, CaseKind, Category, Channel, DeadlineRule, RiskScreening,
    Satisfaction, Status, Urgency, FOLLOW_UP_DAYS,
};
use jinguo_domain::dates::AgeBand;
use jinguo_domain::{CivilDate, Phone, Role, UnitCode};
use serde_json::json;

pub(crate) const CTX_NARRATIVE: &str = "case.narrative";
pub(crate) const CTX_OUTCOME: &str = "case.outcome";
pub(crate) const CTX_CALLER_NAME: &str = "case.caller_name";
pub(crate) const CTX_CALLER_PHONE: &str = "case.caller_phone";
pub(crate) const CTX_RISK: &str = "case.risk";
pub(crate) const CTX_EVENT: &str = "case.event";

const NARRATIVE_MAX: usize = 20_000;
const NOTE_MAX: usize = 5_000;
const DAY_MS: i64 = 86_400_000;

// ---- what a case looks like to its readers ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRef {
    pub id: i64,
    pub username: String,
    pub display_name: String,
}

impl UserRef {
    pub(crate) fn of(u: &User) -> UserRef {
        UserRef {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
        }
    }
}

/// A case as its readers see it: codes parsed, the caller's phone masked, nothing sealed.
#[derive(Debug, Clone)]
pub struct Case {
    pub id: i64,
    pub code: String,
    pub kind: CaseKind,
    pub channel: Channel,
    pub category: Category,
    pub urgency: Urgency,
    pub status: Status,
    pub restricted: bool,
    pub unit_code: String,
    pub handler: Option<UserRef>,
    pub enterprise_id: Option<i64>,
    pub enterprise_name: Option<String>,
    pub caller_phone_masked: Option<String>,
    pub satisfaction: Option<String>,
    pub risk_score: Option<i64>,
    pub risk_level: Option<String>,
    pub lacks_capacity: bool,
    pub mandatory_report: bool,
    pub report_recipient: Option<String>,
    pub reported_on: Option<String>,
    pub due_at: Option<i64>,
    pub overdue: bool,
    pub follow_up_due: Option<i64>,
    pub followed_up_at: Option<i64>,
    pub follow_up_overdue: bool,
    pub opened_on: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
}

impl Case {
    fn of(row: CaseRow, handler: Option<UserRef>, now: i64) -> Result<Case, AppError> {
        let bad = |what: &str| AppError::Internal(format!("case {} has a bad {what}", row.id));
        Ok(Case {
            kind: CaseKind::parse(&row.kind).ok_or_else(|| bad("kind"))?,
            channel: Channel::parse(&row.channel).ok_or_else(|| bad("channel"))?,
            category: Category::parse(&row.category).ok_or_else(|| bad("category"))?,
            urgency: Urgency::parse(&row.urgency).ok_or_else(|| bad("urgency"))?,
            status: Status::parse(&row.status).ok_or_else(|| bad("status"))?,
            overdue: row.due_at.is_some_and(|d| d < now),
            follow_up_overdue: row.followed_up_at.is_none()
                && row.follow_up_due.is_some_and(|d| d < now),
            handler,
            id: row.id,
            code: row.code,
            restricted: row.restricted,
            unit_code: row.unit_code,
            enterprise_id: row.enterprise_id,
            enterprise_name: row.enterprise_name,
            caller_phone_masked: row.caller_phone_masked,
            satisfaction: row.satisfaction,
            risk_score: row.risk_score,
            risk_level: row.risk_level,
            lacks_capacity: row.lacks_capacity,
            mandatory_report: row.mandatory_report,
            report_recipient: row.report_recipient,
            reported_on: row.reported_on,
            due_at: row.due_at,
            follow_up_due: row.follow_up_due,
            followed_up_at: row.followed_up_at,
            opened_on: row.opened_on,
            created_at: row.created_at,
            updated_at: row.updated_at,
            closed_at: row.closed_at,
        })
    }

    /// A mandatory report is owed and not yet recorded.
    pub fn report_missing(&self) -> bool {
        self.mandatory_report && self.reported_on.is_none()
    }
}

/// A person of a case: her role in it and her masked ID number.
#[derive(Debug, Clone)]
pub struct CasePerson {
    pub person_id: i64,
    pub role: String,
    pub name: String,
    pub id_masked: String,
}

impl From<CasePersonRow> for CasePerson {
    fn from(p: CasePersonRow) -> CasePerson {
        CasePerson {
            person_id: p.person_id,
            role: p.role,
            name: p.name,
            id_masked: p.id_masked,
        }
    }
}

/// The case page: the case, its people, its decrypted narrative and the whole timeline.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    pub case: Case,
    pub people: Vec<CasePerson>,
    /// None when the reader may not read narratives (the administrator).
    pub narrative: Option<String>,
    pub outcome: Option<String>,
    pub caller_name: Option<String>,
    pub risk: Option<RiskScreening>,
    pub timeline: Vec<timeline::Event>,
    pub referrals: Vec<timeline::Referral>,
    pub attachments: Vec<timeline::Attachment>,
    pub orders: Vec<timeline::Order>,
    pub briefings: Vec<(i64, String, String)>,
}
