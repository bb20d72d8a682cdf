//! The follow-up an abnormal screening result opens (issue #13, point 4): one task per result,
//! due on the follow-up date the result names or a month after it was recorded, open until
//! someone records what became of her. Follow-ups are screening results' kin: for the roles the
//! program names (`result_readers`) in their subtree, 404 for everyone else; the outcome is
//! sealed and every list and read of them is audited.

use super::*;
use crate::pairings::past_date;
use crate::people::{today, undecryptable};
use jinguo_db::programs::{FollowUpFilter, FollowUpLine, FollowUpRow};
use jinguo_domain::programs::{needs_follow_up, FOLLOW_UP_DAYS};

const CTX_OUTCOME: &str = "screening_follow_up.outcome";

/// A follow-up as pages and the API show it.
#[derive(Debug, Clone)]
pub struct FollowUp {
    pub id: i64,
    pub result_id: i64,
    pub cycle_id: i64,
    pub cycle_title: String,
    pub program_id: i64,
    pub program_name: String,
    pub person_id: i64,
    pub name: String,
    pub id_number_masked: String,
    pub unit_code: String,
    pub due_on: String,
    pub done_on: Option<String>,
    /// What became of her: opened only when one follow-up is read, never in a list.
    pub outcome: Option<String>,
    pub closed_at: Option<i64>,
    pub created_at: i64,
}

impl FollowUp {
    fn of(line: FollowUpLine, outcome: Option<String>) -> FollowUp {
        let r = line.row;
        FollowUp {
            id: r.id,
            result_id: r.result_id,
            cycle_id: r.cycle_id,
            cycle_title: line.cycle_title,
            program_id: line.program_id,
            program_name: line.program_name,
            person_id: r.person_id,
            name: line.name,
            id_number_masked: line.id_masked,
            unit_code: r.unit_code,
            due_on: r.due_on,
            done_on: r.done_on,
            outcome,
            closed_at: r.closed_at,
            created_at: r.created_at,
        }
    }

    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// Open and due before `today`.
    pub fn is_overdue(&self, today: CivilDate) -> bool {
        self.is_open() && self.due_on < today.to_string()
    }
}

/// Opens the follow-up of a result inside the result's transaction when its findings call for
/// one; returns its id.
pub(super) async fn open_for(
    app: &App,
    ex: &mut Exec<'_>,
    result: &ResultRow,
    findings: &ResultInput,
) -> Result<Option<i64>, AppError> {
    let abnormal = needs_follow_up(
        findings.cervical.as_deref().and_then(Cervical::parse),
        findings.hpv.as_deref().and_then(Hpv::parse),
        findings.breast_birads,
    );
    if !abnormal {
        return Ok(None);
    }
    let due_on = match &findings.follow_up_on {
        Some(day) => day.clone(),
        None => today(app).plus_days(FOLLOW_UP_DAYS).to_string(),
    };
    let row = FollowUpRow {
        id: app.ids.next(result.created_at),
        result_id: result.id,
        cycle_id: result.cycle_id,
        person_id: result.person_id,
        unit_code: result.unit_code.clone(),
        due_on,
        done_on: None,
        outcome_cipher: None,
        closed_by: None,
        closed_at: None,
        created_at: result.created_at,
    };
    store::insert_follow_up(ex, &row).await?;
    Ok(Some(row.id))
}

/// Which follow-ups a list asks for.
#[derive(Debug, Clone, Default)]
pub struct FollowUpQuery {
    pub cycle_id: Option<i64>,
    /// Only those without an outcome yet.
    pub open_only: bool,
}

/// The follow-ups the caller may see, the earliest due first: of the programs that name her
/// role as a reader of results, in her subtree (of one cycle, when asked: 404 when she may not
/// read its results), without their outcomes. The list is audited with the ids it showed.
pub async fn follow_ups(
    app: &App,
    caller: &Caller,
    q: &FollowUpQuery,
) -> Result<Vec<FollowUp>, AppError> {
    let listed = follow_ups_unaudited(app, caller, q).await?;
    let ids: Vec<i64> = listed.iter().map(|f| f.id).collect();
    let scope = caller.scope();
    let entry = caller
        .entry("read", "screening_follow_ups", String::new())
        .in_unit(scope.unit().as_str())
        .detail(json!({"cycle_id": q.cycle_id, "ids": ids}));
    audit::record(app, entry, app.now()).await?;
    Ok(listed)
}

/// The list without its audit event: for `follow_ups`, which audits it, and the home card,
/// which counts it.
async fn follow_ups_unaudited(
    app: &App,
    caller: &Caller,
    q: &FollowUpQuery,
) -> Result<Vec<FollowUp>, AppError> {
    require_runner(caller)?;
    let mut ex = app.db.ex();
    if let Some(cycle_id) = q.cycle_id {
        let (_, program) = load_cycle(&mut ex, caller, cycle_id, Access::Work).await?;
        require_result_reader(caller, &program)?;
    }
    let f = FollowUpFilter {
        cycle_id: q.cycle_id,
        person_id: None,
        open_only: q.open_only,
    };
    let lines = store::follow_up_lines(&mut ex, &caller.scope(), &f).await?;
    Ok(lines
        .into_iter()
        .filter(|l| readers_of(&l.result_readers).contains(&caller.role))
        .map(|l| FollowUp::of(l, None))
        .collect())
}

/// A cycle's open follow-ups as the home card counts them. No names: who had an abnormal
/// result is shown only by the list, whose reading is audited.
#[derive(Debug, Clone)]
pub struct OpenFollowUps {
    pub cycle_id: i64,
    pub cycle_title: String,
    pub program_name: String,
    pub open: usize,
    /// Open and due before today.
    pub overdue: usize,
    pub first_due: String,
}

/// The open follow-ups the caller may see, counted per cycle, the cycle with the earliest due
/// first.
pub async fn open_follow_ups_by_cycle(
    app: &App,
    caller: &Caller,
) -> Result<Vec<OpenFollowUps>, AppError> {
    let q = FollowUpQuery {
        cycle_id: None,
        open_only: true,
    };
    let day = today(app);
    let mut cycles: Vec<OpenFollowUps> = Vec::new();
    // Earliest due first, so each cycle's first line is its first due.
    for f in follow_ups_unaudited(app, caller, &q).await? {
        let overdue = usize::from(f.is_overdue(day));
        match cycles.iter_mut().find(|c| c.cycle_id == f.cycle_id) {
            Some(c) => {
                c.open += 1;
                c.overdue += overdue;
            }
            None => cycles.push(OpenFollowUps {
                cycle_id: f.cycle_id,
                cycle_title: f.cycle_title,
                program_name: f.program_name,
                open: 1,
                overdue,
                first_due: f.due_on,
            }),
        }
    }
    Ok(cycles)
}

/// One follow-up with its outcome opened; the read is audited. 404 outside the caller's
/// subtree and for a role the program does not name.
pub async fn follow_up(app: &App, caller: &Caller, id: i64) -> Result<FollowUp, AppError> {
    let line = readable_line(app, caller, id).await?;
    let outcome = open_outcome(app, &line.row)?;
    let unit = line.row.unit_code.clone();
    let entry = caller
        .entry("read", "screening_follow_up", id.to_string())
        .in_unit(&unit)
        .detail(json!({"person_id": line.row.person_id}));
    audit::record(app, entry, app.now()).await?;
    Ok(FollowUp::of(line, outcome))
}

/// The follow-up of one person in a cycle, for her entry page (whose reading of the result is
/// the audited read): none when her result was not abnormal.
pub(super) async fn follow_up_of(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
    person_id: i64,
) -> Result<Option<FollowUp>, AppError> {
    let f = FollowUpFilter {
        cycle_id: Some(cycle_id),
        person_id: Some(person_id),
        open_only: false,
    };
    let line = store::follow_up_lines(&mut app.db.ex(), &caller.scope(), &f)
        .await?
        .pop();
    match line {
        Some(line) => {
            let outcome = open_outcome(app, &line.row)?;
            Ok(Some(FollowUp::of(line, outcome)))
        }
        None => Ok(None),
    }
}

async fn readable_line(app: &App, caller: &Caller, id: i64) -> Result<FollowUpLine, AppError> {
    require_runner(caller)?;
    let mut ex = app.db.ex();
    let row = store::find_follow_up(&mut ex, &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, program) = load_cycle(&mut ex, caller, row.cycle_id, Access::Work).await?;
    require_result_reader(caller, &program)?;
    let f = FollowUpFilter {
        cycle_id: Some(row.cycle_id),
        person_id: Some(row.person_id),
        open_only: false,
    };
    store::follow_up_lines(&mut ex, &caller.scope(), &f)
        .await?
        .into_iter()
        .find(|l| l.row.id == id)
        .ok_or(AppError::NotFound)
}

fn open_outcome(app: &App, row: &FollowUpRow) -> Result<Option<String>, AppError> {
    row.outcome_cipher
        .as_ref()
        .map(|sealed| app.cipher.open(sealed, CTX_OUTCOME, row.id))
        .transpose()
        .map_err(undecryptable)
}

/// What became of her (`POST /api/v1/screening-follow-ups/{id}/close`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = FollowUpOutcome)]
pub struct OutcomeInput {
    /// What was found or done: the referral kept, the diagnosis, the treatment, her refusal.
    pub outcome: String,
    /// `YYYY-MM-DD`, not after today; default today.
    pub done_on: Option<String>,
}

/// Records a follow-up's outcome and closes it: once (a second time → 409
/// `follow_up_closed`), by the roles that read the program's results in their subtree.
pub async fn close_follow_up(
    app: &App,
    caller: &Caller,
    id: i64,
    input: OutcomeInput,
) -> Result<FollowUp, AppError> {
    let line = readable_line(app, caller, id).await?;
    let outcome = text("outcome", &input.outcome, 2000)?;
    let day = today(app);
    let done_on = match input.done_on.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() => past_date("done_on", raw, day)?,
        _ => day,
    };
    if line.row.closed_at.is_some() {
        return Err(AppError::conflict("follow_up_closed"));
    }
    let now = app.now();
    let closed = FollowUpRow {
        done_on: Some(done_on.to_string()),
        outcome_cipher: Some(app.cipher.seal(&outcome, CTX_OUTCOME, id)),
        closed_by: caller.author(),
        closed_at: Some(now),
        ..line.row.clone()
    };
    let mut tx = app.db.begin().await?;
    if !store::close_follow_up(&mut tx.ex(), &closed).await? {
        return Err(AppError::conflict("follow_up_closed"));
    }
    let entry = caller
        .entry("close", "screening_follow_up", id.to_string())
        .in_unit(&closed.unit_code)
        .detail(json!({"person_id": closed.person_id, "done_on": closed.done_on}));
    audit::commit(app, tx, entry, now).await?;
    Ok(FollowUp::of(
        FollowUpLine {
            row: closed,
            ..line
        },
        Some(outcome),
    ))
}
