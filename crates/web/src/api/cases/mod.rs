//! The casework API: cases and their workflow, timeline entries, referrals, attachments, the
//! domestic-violence specifics, deadlines, statistics, briefings and the public intake.

mod briefings;
mod public;
mod stats;
mod timeline;
mod workflow;

use crate::api::iso;
use jinguo_app::cases::timeline::{Order as OrderView, Referral};
use jinguo_app::cases::{Case, CaseDetail};
use serde::Serialize;
use utoipa::ToSchema;

pub use briefings::*;
pub use public::*;
pub use stats::*;
pub use timeline::*;
pub use workflow::*;

#[derive(Debug, Serialize, ToSchema)]
pub struct HandlerView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
}

/// A case as lists and the API show it (no narrative: that is on the case page).
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    pub id: i64,
    /// `R2026-00001` (rights) or `E2026-00001` (enterprise).
    pub code: String,
    /// rights, enterprise
    pub kind: String,
    /// hotline_12338, walk_in, letter, online, outreach, liaison_visit
    pub channel: String,
    pub category: String,
    /// normal, urgent, emergency
    pub urgency: String,
    /// new, assigned, in_progress, referred, escalated, resolved, closed
    pub status: String,
    /// Seen only by its handler and district federation staff.
    pub restricted: bool,
    pub unit_code: String,
    pub handler: Option<HandlerView>,
    pub enterprise_id: Option<i64>,
    pub enterprise_name: Option<String>,
    pub caller_phone_masked: Option<String>,
    pub risk_score: Option<i64>,
    /// low, medium, high
    pub risk_level: Option<String>,
    pub lacks_capacity: bool,
    /// A report to the authorities is owed (minor or incapacitated victim).
    pub mandatory_report: bool,
    pub report_recipient: Option<String>,
    pub reported_on: Option<String>,
    pub satisfaction: Option<String>,
    /// When the current status's deadline passes.
    pub due_at: Option<String>,
    pub overdue: bool,
    pub follow_up_due: Option<String>,
    pub followed_up_at: Option<String>,
    pub opened_on: String,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
}

impl CaseView {
    pub fn of(c: &Case) -> CaseView {
        let r = c;
        CaseView {
            id: r.id,
            code: r.code.clone(),
            kind: r.kind.as_str().to_owned(),
            channel: r.channel.as_str().to_owned(),
            category: r.category.as_str().to_owned(),
            urgency: r.urgency.as_str().to_owned(),
            status: r.status.as_str().to_owned(),
            restricted: r.restricted,
            unit_code: r.unit_code.clone(),
            handler: c.handler.as_ref().map(|h| HandlerView {
                id: h.id,
                username: h.username.clone(),
                display_name: h.display_name.clone(),
            }),
            enterprise_id: r.enterprise_id,
            enterprise_name: r.enterprise_name.clone(),
            caller_phone_masked: r.caller_phone_masked.clone(),
            risk_score: r.risk_score,
            risk_level: r.risk_level.clone(),
            lacks_capacity: r.lacks_capacity,
            mandatory_report: r.mandatory_report,
            report_recipient: r.report_recipient.clone(),
            reported_on: r.reported_on.clone(),
            satisfaction: r.satisfaction.clone(),
            due_at: r.due_at.map(iso),
            overdue: c.overdue,
            follow_up_due: r.follow_up_due.map(iso),
            followed_up_at: r.followed_up_at.map(iso),
            opened_on: r.opened_on.clone(),
            created_at: iso(r.created_at),
            updated_at: iso(r.updated_at),
            closed_at: r.closed_at.map(iso),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CasePersonView {
    pub person_id: i64,
    pub name: String,
    pub id_number_masked: String,
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEventView {
    pub id: i64,
    pub at: String,
    pub actor: String,
    /// created, status, reopened, note, call, visit, follow_up, referral, referral_answer,
    /// attachment, screening, protection_order, mandatory_report, briefing, briefing_response
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub body: Option<String>,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralView {
    pub id: i64,
    pub case_id: i64,
    pub department_code: String,
    pub request: Option<String>,
    pub asked_at: String,
    pub asked_by: String,
    pub due_at: String,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    pub answered_by: Option<String>,
    pub overdue: bool,
}

impl ReferralView {
    pub fn of(r: Referral) -> ReferralView {
        ReferralView {
            id: r.id,
            case_id: r.case_id,
            department_code: r.department_code,
            request: r.request,
            asked_at: iso(r.asked_at),
            asked_by: r.asked_by,
            due_at: iso(r.due_at),
            answer: r.answer,
            answered_at: r.answered_at.map(iso),
            answered_by: r.answered_by,
            overdue: r.overdue,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: String,
    pub uploaded_by: String,
}

impl AttachmentView {
    fn of(a: &jinguo_app::cases::timeline::Attachment) -> AttachmentView {
        AttachmentView {
            id: a.id,
            file_name: a.file_name.clone(),
            content_type: a.content_type.clone(),
            size: a.size,
            sha256: a.sha256.clone(),
            uploaded_at: iso(a.uploaded_at),
            uploaded_by: a.uploaded_by.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetailView {
    #[serde(flatten)]
    pub case: CaseView,
    /// Absent for readers who may not read narratives (the administrator).
    pub narrative: Option<String>,
    pub outcome: Option<String>,
    pub caller_name: Option<String>,
    pub risk_items: Option<Vec<String>>,
    pub people: Vec<CasePersonView>,
    pub timeline: Vec<TimelineEventView>,
    pub referrals: Vec<ReferralView>,
    pub attachments: Vec<AttachmentView>,
    pub protection_orders: Vec<OrderView>,
    pub briefing_ids: Vec<i64>,
}

impl CaseDetailView {
    fn of(d: CaseDetail) -> CaseDetailView {
        CaseDetailView {
            case: CaseView::of(&d.case),
            narrative: d.narrative,
            outcome: d.outcome,
            caller_name: d.caller_name,
            risk_items: d.risk.map(|r| r.yes),
            people: d
                .people
                .into_iter()
                .map(|p| CasePersonView {
                    person_id: p.person_id,
                    name: p.name,
                    id_number_masked: p.id_masked,
                    role: p.role,
                })
                .collect(),
            timeline: d
                .timeline
                .into_iter()
                .map(|e| TimelineEventView {
                    id: e.id,
                    at: iso(e.at),
                    actor: e.actor,
                    kind: e.kind,
                    from_status: e.from_status,
                    to_status: e.to_status,
                    body: e.body,
                    detail: e.detail,
                })
                .collect(),
            referrals: d.referrals.into_iter().map(ReferralView::of).collect(),
            attachments: d.attachments.iter().map(AttachmentView::of).collect(),
            protection_orders: d.orders,
            briefing_ids: d.briefings.iter().map(|b| b.0).collect(),
        }
    }
}
