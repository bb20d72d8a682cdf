//! Pairing (结对帮扶): a volunteer — a registry person or a staff account — paired with a child
//! of the children's register, visiting at an interval (weekly … quarterly); visits are logged
//! with how they were made and a sealed note; a pairing ends with a reason.
//!
//! The next visit is due an interval after the last visit (or after the start, before the first
//! visit), counted in calendar days and months (`VisitEvery::next_due`): volunteers visit at
//! weekends and in the holidays, so working days would push a visit due at the Spring Festival
//! past the days it matters most. Today is the app's clock, never the system's.
//!
//! A pairing is a child's record: read only by the roles that work with children, inside the
//! child's unit's subtree, and every read is audited.

use crate::audit;
use crate::auth::Caller;
use crate::cases::date;
use crate::children::{self, record_read, require_role};
use crate::people::{self, undecryptable};
use crate::{App, AppError};
use jinguo_db::children_work::{self as store, PairingLine, PairingRow, VisitRow};
use jinguo_domain::children::{code_in, is_child, VisitEvery, END_REASONS, VISIT_HOWS};
use jinguo_domain::{CivilDate, Role};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

const CTX_NOTE: &str = "pairing_visit.note";

/// A pairing as the API takes it (`NewPairing`): one volunteer, a person or a staff user.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewPairing)]
pub struct PairingInput {
    /// A registry person (an adult) in the caller's reach.
    pub volunteer_person_id: Option<i64>,
    /// A staff account of the caller's subtree, instead of a person.
    pub volunteer_user_id: Option<i64>,
    /// `YYYY-MM-DD`; today when absent.
    pub starts_on: Option<String>,
    /// weekly, fortnightly, monthly, bimonthly or quarterly.
    pub visit_every: String,
}

/// A visit as the API takes it (`NewPairingVisit`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewPairingVisit)]
pub struct VisitInput {
    /// `YYYY-MM-DD`, not in the future.
    pub date: String,
    /// home, phone, video, school or activity.
    pub how: String,
    /// Stored sealed.
    pub note: Option<String>,
}

/// The end of a pairing (`EndPairing`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = EndPairing)]
pub struct EndInput {
    /// came_of_age, moved, family_returned, volunteer_left, family_request or other.
    pub reason: String,
    /// `YYYY-MM-DD`, not in the future; today when absent.
    pub ended_on: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Visit {
    pub id: i64,
    pub visited_on: String,
    pub how: String,
    pub note: Option<String>,
}

/// Who volunteers: `person` (a registry person) or `user` (a staff account), and her name.
#[derive(Debug, Clone)]
pub struct Volunteer {
    pub kind: &'static str,
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Pairing {
    pub id: i64,
    pub child_id: i64,
    pub child_name: String,
    pub unit_code: String,
    pub volunteer: Volunteer,
    pub starts_on: String,
    pub visit_every: String,
    pub last_visit: Option<String>,
    /// When the next visit is due; none once the pairing has ended.
    pub next_due: Option<String>,
    /// Days past `next_due` (0 when not overdue).
    pub overdue_days: i64,
    pub ended_on: Option<String>,
    pub end_reason: Option<String>,
    pub visits: Vec<Visit>,
}

fn every_of(raw: &str) -> Result<VisitEvery, AppError> {
    if raw.trim().is_empty() {
        return Err(AppError::invalid("visit_every", "required"));
    }
    VisitEvery::parse(raw)
        .ok_or_else(|| AppError::invalid_detail("visit_every", "invalid_choice", raw.trim()))
}

/// A date not after today; `field` names it in the refusal.
pub(crate) fn past_date(field: &str, raw: &str, today: CivilDate) -> Result<CivilDate, AppError> {
    let text = date(field, raw)?;
    let day = CivilDate::parse(&text)
        .ok_or_else(|| AppError::invalid_detail(field, "invalid_date", raw.trim()))?;
    if day > today {
        return Err(AppError::invalid_detail(field, "date_in_future", text));
    }
    Ok(day)
}

async fn volunteer_names(
    app: &App,
    caller: &Caller,
    rows: &[&PairingRow],
) -> Result<Vec<Volunteer>, AppError> {
    let person_ids: Vec<i64> = rows.iter().filter_map(|r| r.volunteer_person_id).collect();
    let names = people::names_of(app, &person_ids).await?;
    let users = if rows.iter().any(|r| r.volunteer_user_id.is_some()) {
        jinguo_db::accounts::list_in_scope(&mut app.db.ex(), &caller.scope().district_public())
            .await?
    } else {
        Vec::new()
    };
    Ok(rows
        .iter()
        .map(|r| match (r.volunteer_person_id, r.volunteer_user_id) {
            (Some(pid), _) => Volunteer {
                kind: "person",
                id: pid,
                name: people::name_in(&names, pid),
            },
            (None, Some(uid)) => Volunteer {
                kind: "user",
                id: uid,
                name: users
                    .iter()
                    .find(|u| u.id == uid)
                    .map(|u| u.display_name.clone())
                    .unwrap_or_default(),
            },
            (None, None) => Volunteer {
                kind: "person",
                id: 0,
                name: String::new(),
            },
        })
        .collect())
}

async fn views(
    app: &App,
    caller: &Caller,
    lines: Vec<PairingLine>,
    with_visits: bool,
) -> Result<Vec<Pairing>, AppError> {
    let today = people::today(app);
    let rows: Vec<&PairingRow> = lines.iter().map(|l| &l.pairing).collect();
    let volunteers = volunteer_names(app, caller, &rows).await?;
    let child_ids: Vec<i64> = rows.iter().map(|r| r.child_id).collect();
    let child_names = people::names_of(app, &child_ids).await?;
    let mut out = Vec::with_capacity(lines.len());
    for (line, volunteer) in lines.into_iter().zip(volunteers) {
        let r = line.pairing;
        let every = VisitEvery::parse(&r.visit_every).unwrap_or(VisitEvery::Monthly);
        let from = line.last_visit.as_deref().unwrap_or(&r.starts_on);
        let due = CivilDate::parse(from).map(|d| every.next_due(d));
        let (next_due, overdue_days) = match (&r.ended_on, due) {
            (None, Some(due)) => (
                Some(due.to_string()),
                (today.days_since_epoch() - due.days_since_epoch()).max(0),
            ),
            _ => (None, 0),
        };
        let visits = if with_visits {
            store::visits_of(&mut app.db.ex(), r.id)
                .await?
                .into_iter()
                .map(|v| {
                    let note = v
                        .note_cipher
                        .as_deref()
                        .map(|c| app.cipher.open(c, CTX_NOTE, v.id))
                        .transpose()
                        .map_err(undecryptable)?;
                    Ok(Visit {
                        id: v.id,
                        visited_on: v.visited_on,
                        how: v.how,
                        note,
                    })
                })
                .collect::<Result<_, AppError>>()?
        } else {
            Vec::new()
        };
        out.push(Pairing {
            id: r.id,
            child_id: r.child_id,
            child_name: people::name_in(&child_names, r.child_id),
            unit_code: r.unit_code,
            volunteer,
            starts_on: r.starts_on,
            visit_every: r.visit_every,
            last_visit: line.last_visit,
            next_due,
            overdue_days,
            ended_on: r.ended_on,
            end_reason: r.end_reason,
            visits,
        });
    }
    Ok(out)
}

/// A staff account the caller reaches (her subtree), not disabled: a volunteer.
async fn staff_volunteer(app: &App, caller: &Caller, user_id: i64) -> Result<(), AppError> {
    let users = jinguo_db::accounts::list_in_scope(&mut app.db.ex(), &caller.scope()).await?;
    let staff = |role: &str| {
        role.parse::<Role>()
            .is_ok_and(|r| r.works_with_children() || r == Role::Caseworker)
    };
    users
        .iter()
        .find(|u| u.id == user_id && !u.disabled && staff(&u.role))
        .map(|_| ())
        .ok_or(AppError::NotFound)
}

/// Pairs a volunteer with a child. A child or a volunteer outside the caller's reach is 404 —
/// the pickers find nothing there either.
pub async fn create(
    app: &App,
    caller: &Caller,
    child_id: i64,
    input: PairingInput,
) -> Result<Pairing, AppError> {
    let child = children::load(app, caller, child_id).await?;
    let today = people::today(app);
    let every = every_of(&input.visit_every)?;
    let starts_on = match crate::given(input.starts_on.as_deref()) {
        Some(raw) => date("starts_on", raw)?,
        None => today.to_string(),
    };
    match (input.volunteer_person_id, input.volunteer_user_id) {
        (Some(_), Some(_)) => {
            return Err(AppError::invalid("volunteer", "one_volunteer_only"));
        }
        (None, None) => return Err(AppError::invalid("volunteer", "volunteer_required")),
        (Some(pid), None) => {
            let person = match people::get_masked(app, caller, pid).await {
                Ok(p) => p,
                Err(AppError::Forbidden) => return Err(AppError::NotFound),
                Err(e) => return Err(e),
            };
            if is_child(person.age_on(today)) {
                return Err(AppError::invalid(
                    "volunteer_person_id",
                    "volunteer_not_adult",
                ));
            }
        }
        (None, Some(uid)) => staff_volunteer(app, caller, uid).await?,
    }
    let active = store::pairings(&mut app.db.ex(), &caller.scope(), Some(child_id), true).await?;
    let same = active.iter().any(|l| {
        (input.volunteer_person_id.is_some()
            && l.pairing.volunteer_person_id == input.volunteer_person_id)
            || (input.volunteer_user_id.is_some()
                && l.pairing.volunteer_user_id == input.volunteer_user_id)
    });
    if same {
        return Err(AppError::Conflict {
            code: "already_paired",
            field: Some("volunteer"),
            detail: None,
        });
    }
    let now = app.now();
    let row = PairingRow {
        id: app.ids.next(now),
        child_id,
        unit_code: child.unit_code.clone(),
        volunteer_person_id: input.volunteer_person_id,
        volunteer_user_id: input.volunteer_user_id,
        starts_on,
        visit_every: every.as_str().to_owned(),
        ended_on: None,
        end_reason: None,
        created_by: Some(caller.user_id),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_pairing(&mut tx.ex(), &row).await?;
    let entry = caller.entry("create", "pairing", row.id.to_string()).in_unit(&row.unit_code).detail( json!({ "child": child_id, "volunteer_person_id": row.volunteer_person_id, "volunteer_user_id": row.volunteer_user_id }), );
    audit::commit(app, tx, entry, now).await?;
    let line = PairingLine {
        pairing: row,
        last_visit: None,
    };
    Ok(views(app, caller, vec![line], false).await?.remove(0))
}

/// The pairings shown to the caller, audited by their ids.
async fn record_list_read(
    app: &App,
    caller: &Caller,
    ids: &[i64],
    overdue: bool,
) -> Result<(), AppError> {
    let detail = json!({ "ids": ids, "overdue": overdue });
    let unit = caller.unit.as_str();
    record_read(app, caller, "pairings", String::new(), unit, detail).await
}

/// A visit or the end on `day` needs the pairing going then: not ended (409), and begun by
/// that day (422 naming `field`).
fn going_on(pairing: &PairingRow, field: &str, day: CivilDate) -> Result<(), AppError> {
    if pairing.ended_on.is_some() {
        return Err(AppError::Conflict {
            code: "pairing_ended",
            field: None,
            detail: pairing.ended_on.clone(),
        });
    }
    if day.to_string() < pairing.starts_on {
        return Err(AppError::invalid_detail(
            field,
            "visit_before_pairing",
            pairing.starts_on.clone(),
        ));
    }
    Ok(())
}

async fn load(app: &App, caller: &Caller, id: i64) -> Result<PairingLine, AppError> {
    require_role(caller)?;
    let row = store::find_pairing(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let lines =
        store::pairings(&mut app.db.ex(), &caller.scope(), Some(row.child_id), false).await?;
    lines
        .into_iter()
        .find(|l| l.pairing.id == id)
        .ok_or(AppError::NotFound)
}

/// A pairing with its visits; the read is audited.
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<Pairing, AppError> {
    let line = load(app, caller, id).await?;
    let unit = line.pairing.unit_code.clone();
    let pairing = views(app, caller, vec![line], true).await?.remove(0);
    record_read(app, caller, "pairing", id.to_string(), &unit, json!({})).await?;
    Ok(pairing)
}

/// A child's pairings (going and ended) with their visits; the read is audited.
pub async fn of_child(app: &App, caller: &Caller, child_id: i64) -> Result<Vec<Pairing>, AppError> {
    let child = children::load(app, caller, child_id).await?;
    let lines = store::pairings(&mut app.db.ex(), &caller.scope(), Some(child_id), false).await?;
    let found = views(app, caller, lines, true).await?;
    let ids: Vec<i64> = found.iter().map(|p| p.id).collect();
    record_read(
        app,
        caller,
        "pairings",
        child_id.to_string(),
        &child.unit_code,
        json!({ "ids": ids }),
    )
    .await?;
    Ok(found)
}

/// The pairings still going in the caller's reach, the most overdue first (then the soonest
/// due); with `overdue_only`, those whose next visit is past. Audited with the ids shown.
pub async fn list(
    app: &App,
    caller: &Caller,
    overdue_only: bool,
) -> Result<Vec<Pairing>, AppError> {
    let found = going(app, caller, overdue_only).await?;
    let ids: Vec<i64> = found.iter().map(|p| p.id).collect();
    record_list_read(app, caller, &ids, overdue_only).await?;
    Ok(found)
}

async fn going(app: &App, caller: &Caller, overdue_only: bool) -> Result<Vec<Pairing>, AppError> {
    require_role(caller)?;
    let lines = store::pairings(&mut app.db.ex(), &caller.scope(), None, true).await?;
    let mut found = views(app, caller, lines, false).await?;
    if overdue_only {
        found.retain(|p| p.overdue_days > 0);
    }
    found.sort_by(|a, b| {
        b.overdue_days
            .cmp(&a.overdue_days)
            .then_with(|| a.next_due.cmp(&b.next_due))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(found)
}

/// The overdue pairings for a home card (the first `shown`) and how many there are; the read of
/// those shown is audited.
pub async fn overdue_for_home(
    app: &App,
    caller: &Caller,
    shown: usize,
) -> Result<(Vec<Pairing>, usize), AppError> {
    let mut found = going(app, caller, true).await?;
    let total = found.len();
    found.truncate(shown);
    if !found.is_empty() {
        let ids: Vec<i64> = found.iter().map(|p| p.id).collect();
        record_list_read(app, caller, &ids, true).await?;
    }
    Ok((found, total))
}

/// Logs a visit: not in the future (422 naming the date), not before the pairing began, not
/// after it ended.
pub async fn log_visit(
    app: &App,
    caller: &Caller,
    id: i64,
    input: VisitInput,
) -> Result<Pairing, AppError> {
    let line = load(app, caller, id).await?;
    let today = people::today(app);
    let day = past_date("date", &input.date, today)?;
    going_on(&line.pairing, "date", day)?;
    let how_raw = input.how.trim();
    if how_raw.is_empty() {
        return Err(AppError::invalid("how", "required"));
    }
    let how = code_in(VISIT_HOWS, how_raw)
        .ok_or_else(|| AppError::invalid_detail("how", "invalid_choice", how_raw))?;
    let note = crate::cases::optional_text("note", input.note.as_deref(), 2000)?;
    let now = app.now();
    let visit_id = app.ids.next(now);
    let row = VisitRow {
        id: visit_id,
        pairing_id: id,
        unit_code: line.pairing.unit_code.clone(),
        visited_on: day.to_string(),
        how: how.to_owned(),
        note_cipher: note.map(|n| app.cipher.seal(&n, CTX_NOTE, visit_id)),
        recorded_by: Some(caller.user_id),
        recorded_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_visits(&mut tx.ex(), std::slice::from_ref(&row)).await?;
    let entry = caller
        .entry("update", "pairing", id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({ "visit": visit_id, "on": row.visited_on, "how": how }));
    audit::commit(app, tx, entry, now).await?;
    get(app, caller, id).await
}

/// Ends a pairing with a reason; a pairing already ended is 409.
pub async fn end(
    app: &App,
    caller: &Caller,
    id: i64,
    input: EndInput,
) -> Result<Pairing, AppError> {
    let line = load(app, caller, id).await?;
    let today = people::today(app);
    let reason_raw = input.reason.trim();
    if reason_raw.is_empty() {
        return Err(AppError::invalid("reason", "required"));
    }
    let reason = code_in(END_REASONS, reason_raw)
        .ok_or_else(|| AppError::invalid_detail("reason", "invalid_choice", reason_raw))?;
    let ended_on = match crate::given(input.ended_on.as_deref()) {
        Some(raw) => past_date("ended_on", raw, today)?,
        None => today,
    };
    going_on(&line.pairing, "ended_on", ended_on)?;
    let mut row = line.pairing;
    row.ended_on = Some(ended_on.to_string());
    row.end_reason = Some(reason.to_owned());
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::update_pairing(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("end", "pairing", id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({ "ended_on": row.ended_on, "reason": reason }));
    audit::commit(app, tx, entry, now).await?;
    get(app, caller, id).await
}

/// Staff accounts of the caller's subtree who may volunteer: the pairing form's select.
pub async fn staff_choices(app: &App, caller: &Caller) -> Result<Vec<(i64, String)>, AppError> {
    require_role(caller)?;
    let users = jinguo_db::accounts::list_in_scope(&mut app.db.ex(), &caller.scope()).await?;
    Ok(users
        .into_iter()
        .filter(|u| {
            !u.disabled
                && u.role
                    .parse::<Role>()
                    .is_ok_and(|r| r.works_with_children() || r == Role::Caseworker)
        })
        .map(|u| (u.id, format!("{} ({})", u.display_name, u.username)))
        .collect())
}
