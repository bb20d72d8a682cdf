//! Today's work of the signed-in user, for her home page: to-do lists first, each only for the
//! roles whose work it is, read through the same use cases (and so the same scope) as the full
//! lists, most pressing first.

use crate::auth::Caller;
use crate::cases::timeline::{department_inbox, overdue_referrals, InboxItem};
use crate::cases::{self, Case, CaseQuery};
use crate::employment::enterprises::{self, Enterprise, EnterpriseQuery};
use crate::pairings::Pairing;
use crate::{App, AppError};
use jinguo_domain::cases::Status;
use jinguo_domain::Role;

/// How many entries a home card shows; the card links to the full list for the rest.
pub const SHOWN: usize = 8;

/// A to-do list: the first entries and how many there are in all.
#[derive(Debug, Clone)]
pub struct Todo<T> {
    pub items: Vec<T>,
    pub total: usize,
}

impl<T> Todo<T> {
    fn of(mut all: Vec<T>) -> Todo<T> {
        let total = all.len();
        all.truncate(SHOWN);
        Todo { items: all, total }
    }
}

/// A leader's liaison enterprise and the day of her last visit to it.
#[derive(Debug, Clone)]
pub struct Liaison {
    pub enterprise: Enterprise,
    pub last_visit: Option<String>,
}

/// An import of the caller's that left rows out.
#[derive(Debug, Clone)]
pub struct RejectedImport {
    pub at: i64,
    /// `person`, `enterprise`, `job`.
    pub entity: String,
    pub rows: i64,
    pub rejected: i64,
}

/// Each list is `None` for a role whose work it is not.
#[derive(Debug, Clone, Default)]
pub struct Today {
    /// Open cases the caller handles: emergencies and urgent ones first, then by deadline.
    pub my_cases: Option<Todo<Case>>,
    /// New cases in her subtree that no one handles yet (public intakes among them).
    pub awaiting_assignment: Option<Todo<Case>>,
    /// Closed cases whose return visit is due.
    pub follow_ups: Option<Todo<Case>>,
    /// A department's referrals that wait for its answer.
    pub referrals_to_answer: Option<Todo<InboxItem>>,
    /// Referrals of her cases that departments have not answered in time.
    pub overdue_referrals: Option<Todo<InboxItem>>,
    /// A leader's enterprises with her last visit, the longest unvisited first.
    pub liaison: Option<Todo<Liaison>>,
    /// Her imports of the last 30 days that rejected rows.
    pub rejected_imports: Option<Todo<RejectedImport>>,
    /// Pairings of volunteers with children whose next visit is past, the longest overdue first.
    pub overdue_pairings: Option<Todo<Pairing>>,
    /// Care cycles running today that reach her, the soonest to end first.
    pub running_cycles: Option<Todo<crate::programs::RunningCycle>>,
    /// People of her subtree on running cycles' rolls not reached yet.
    pub unreached: Option<Todo<crate::programs::Unreached>>,
    /// Abnormal screening results whose follow-up is still open, counted per cycle (for the
    /// roles the programs name as readers of results; the names are on the audited list).
    pub screening_follow_ups: Option<Todo<crate::programs::OpenFollowUps>>,
    /// Award campaigns waiting for her: nominations closing, notices ending, results to finalize.
    pub award_tasks: Option<Todo<crate::awards::AwardTask>>,
    /// Courses her unit holds that are running, or over and waiting to be finished.
    pub running_courses: Option<Todo<crate::training::RunningCourse>>,
    /// Completers whose six months have passed with no outcome known: call them.
    pub training_follow_ups: Option<Todo<crate::training::DueFollowUp>>,
}

pub async fn today(app: &App, caller: &Caller) -> Result<Today, AppError> {
    let role = caller.role;
    let mut today = Today::default();
    if role.handles_cases() {
        today.my_cases = Some(my_open_cases(app, caller).await?);
        if !role.sees_only_own_cases() {
            today.awaiting_assignment = Some(awaiting_assignment(app, caller).await?);
        }
        today.follow_ups = Some(follow_ups(app, caller).await?);
        today.overdue_referrals = Some(Todo::of(overdue_referrals(app, caller).await?));
    }
    if role == Role::Department {
        let mut waiting = department_inbox(app, caller).await?;
        waiting.retain(|i| i.referral.answered_at.is_none());
        waiting.sort_by_key(|i| i.referral.due_at);
        today.referrals_to_answer = Some(Todo::of(waiting));
    }
    if role.works_only_own_enterprises() {
        today.liaison = Some(Todo::of(liaison(app, caller).await?));
    }
    if role.works_with_children() {
        let (items, total) = crate::pairings::overdue_for_home(app, caller, SHOWN).await?;
        today.overdue_pairings = Some(Todo { items, total });
    }
    if role.runs_programs() {
        care_programs(app, caller, &mut today).await?;
    }
    if role.nominates_for_awards() {
        today.award_tasks = Some(Todo::of(crate::awards::tasks_for_home(app, caller).await?));
    }
    if role.runs_training() {
        today.running_courses = Some(Todo::of(
            crate::training::running_for_home(app, caller).await?,
        ));
        today.training_follow_ups = Some(Todo::of(
            crate::training::follow_ups_due(app, caller).await?,
        ));
    }
    if role.writes_people() {
        today.rejected_imports = Some(Todo::of(rejected_imports(app, caller).await?));
    }
    Ok(today)
}

/// The first `SHOWN` cases of a card and how many there are: the store orders and counts them,
/// so only the cases shown are read (and, when restricted, audited as read).
async fn cases_where(app: &App, caller: &Caller, q: CaseQuery) -> Result<Todo<Case>, AppError> {
    let page = cases::list(app, caller, &q, 1, SHOWN as u64).await?;
    Ok(Todo {
        items: page.items,
        total: usize::try_from(page.total).unwrap_or(usize::MAX),
    })
}

async fn my_open_cases(app: &App, caller: &Caller) -> Result<Todo<Case>, AppError> {
    let q = CaseQuery {
        mine: true,
        open_only: true,
        sort: Some("pressing".into()),
        ..CaseQuery::default()
    };
    cases_where(app, caller, q).await
}

async fn awaiting_assignment(app: &App, caller: &Caller) -> Result<Todo<Case>, AppError> {
    let q = CaseQuery {
        status: Some(Status::New.as_str().into()),
        unassigned: true,
        sort: Some("pressing".into()),
        ..CaseQuery::default()
    };
    cases_where(app, caller, q).await
}

async fn follow_ups(app: &App, caller: &Caller) -> Result<Todo<Case>, AppError> {
    let q = CaseQuery {
        follow_up_due: true,
        sort: Some("follow_up".into()),
        ..CaseQuery::default()
    };
    cases_where(app, caller, q).await
}

async fn care_programs(app: &App, caller: &Caller, today: &mut Today) -> Result<(), AppError> {
    today.running_cycles = Some(Todo::of(
        crate::programs::running_cycles(app, caller).await?,
    ));
    let (items, total) = crate::programs::unreached(app, caller, SHOWN as u64).await?;
    today.unreached = Some(Todo {
        items,
        total: usize::try_from(total).unwrap_or(usize::MAX),
    });
    let follow_ups = crate::programs::open_follow_ups_by_cycle(app, caller).await?;
    today.screening_follow_ups = Some(Todo::of(follow_ups));
    Ok(())
}

async fn liaison(app: &App, caller: &Caller) -> Result<Vec<Liaison>, AppError> {
    // A leader's list is her own enterprises (the use case narrows it); she has two or three.
    let (mine, _) = enterprises::list(app, caller, &EnterpriseQuery::default(), 1, 50).await?;
    let mut lines = Vec::with_capacity(mine.len());
    for enterprise in mine {
        let detail = enterprises::get(app, caller, enterprise.id).await?;
        let last_visit = detail.visits.iter().map(|v| v.visited_on.clone()).max();
        lines.push(Liaison {
            enterprise,
            last_visit,
        });
    }
    lines.sort_by(|a, b| a.last_visit.cmp(&b.last_visit));
    Ok(lines)
}

async fn rejected_imports(app: &App, caller: &Caller) -> Result<Vec<RejectedImport>, AppError> {
    let since = app.now() - 30 * 24 * 60 * crate::clock::MINUTE_MS;
    let filter = jinguo_db::audit::Filter {
        actor: Some(caller.username.clone()),
        action: Some("import".into()),
        from_ms: Some(since),
        ..Default::default()
    };
    let (events, _) = jinguo_db::audit::list(&mut app.db.ex(), &filter, 0, 50).await?;
    Ok(events
        .into_iter()
        .filter(|e| e.actor_id == Some(caller.user_id))
        .filter_map(|e| {
            let summary: serde_json::Value = serde_json::from_str(&e.detail).ok()?;
            let rejected = summary["rejected"].as_i64().filter(|&n| n > 0)?;
            Some(RejectedImport {
                at: e.at,
                entity: e.entity,
                rows: summary["rows"].as_i64().unwrap_or(0),
                rejected,
            })
        })
        .collect())
}
