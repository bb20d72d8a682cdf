//! The workflow: deadlines in working days, and the moves between statuses (assignment,
//! referral, restriction, closing, follow-up).

use super::*;

pub(super) const DEADLINES_KEY: &str = "case_deadlines";

/// The deadline rules in force: the defaults, overridden per category and status by settings.
pub async fn deadline_rules(app: &App) -> Result<Vec<DeadlineRule>, AppError> {
    let overrides: Vec<DeadlineRule> = settings::get(&mut app.db.ex(), DEADLINES_KEY)
        .await?
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let mut rules = Vec::new();
    for &category in Category::ALL {
        for &status in Status::ALL {
            let own = overrides
                .iter()
                .find(|r| r.category == category && r.status == status)
                .map(|r| r.working_days)
                .or_else(|| default_working_days(category, status));
            if let Some(working_days) = own {
                rules.push(DeadlineRule {
                    category,
                    status,
                    working_days,
                });
            }
        }
    }
    Ok(rules)
}

/// Sets the working days of some (category, status) pairs; district federation staff only.
pub async fn set_deadline_rules(
    app: &App,
    caller: &Caller,
    changes: Vec<DeadlineRule>,
) -> Result<Vec<DeadlineRule>, AppError> {
    if caller.role != Role::Federation && !caller.role.administers() {
        return Err(AppError::Forbidden);
    }
    if let Some(bad) = changes
        .iter()
        .find(|r| r.working_days > 365 || r.status == Status::Closed)
    {
        return Err(AppError::invalid_detail(
            "working_days",
            "invalid_deadline",
            format!("{}/{}", bad.category, bad.status),
        ));
    }
    let mut rules = deadline_rules(app).await?;
    for change in changes {
        match rules
            .iter_mut()
            .find(|r| r.category == change.category && r.status == change.status)
        {
            Some(rule) => rule.working_days = change.working_days,
            None => rules.push(change),
        }
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    settings::set(&mut tx.ex(), DEADLINES_KEY, &json!(rules).to_string()).await?;
    audit::commit(
        app,
        tx,
        caller.entry("update", "case_deadlines", String::new()),
        now,
    )
    .await?;
    Ok(rules)
}

/// What a deadline is counted with: the rules in force and the holiday table.
pub(crate) struct Deadlines {
    pub rules: Vec<DeadlineRule>,
    pub calendar: WorkCalendar,
}

/// The rules and the holiday table from `from` on (the first day a deadline is counted from).
pub(crate) async fn deadlines(app: &App, from: CivilDate) -> Result<Deadlines, AppError> {
    Ok(Deadlines {
        rules: deadline_rules(app).await?,
        calendar: crate::calendar::work_calendar(app, from).await?,
    })
}

pub(crate) fn due_at(
    deadlines: &Deadlines,
    category: Category,
    status: Status,
    today: CivilDate,
) -> Option<i64> {
    let rule = deadlines
        .rules
        .iter()
        .find(|r| r.category == category && r.status == status)?;
    Some(
        deadlines
            .calendar
            .add_working_days(today, rule.working_days)
            .end_ms_china(),
    )
}

/// A case's category as its record keeps it (`other` for a code no longer known).
pub(crate) fn category_of(row: &CaseRow) -> Category {
    Category::parse(&row.category).unwrap_or(Category::Other)
}

/// Moves a case into a status from `now` on, with the deadline its category and the calendar
/// give that status.
pub(crate) async fn enter_status(
    app: &App,
    row: &mut CaseRow,
    to: Status,
    now: i64,
) -> Result<(), AppError> {
    let rules = deadlines(app, today(app)).await?;
    row.status = to.as_str().into();
    row.status_since = now;
    row.due_at = due_at(&rules, category_of(row), to, today(app));
    Ok(())
}

// A step of the workflow (the API's `Transition`).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Transition)]
pub struct TransitionInput {
    /// new, assigned, in_progress, referred, escalated, resolved, closed
    pub to: String,
    /// The handler's username or user id (required when `to` is `assigned`).
    #[serde(default, deserialize_with = "handler_key")]
    pub handler: Option<String>,
    pub note: Option<String>,
    /// Required to close (if not given before).
    pub outcome: Option<String>,
    /// very_satisfied, satisfied, basically_satisfied, dissatisfied (required to close).
    pub satisfaction: Option<String>,
}

/// A handler as clients name her: a username, a user id (a number or text), or a user object
/// with its `id` or `username`.
fn handler_key<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::Deserialize;
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(serde_json::Value::Object(o)) => o
            .get("id")
            .or_else(|| o.get("username"))
            .map(|v| v.to_string().trim_matches('"').to_owned()),
        _ => None,
    })
}

/// The handler named in an assignment: an active user who handles cases in the case's unit.
pub(super) async fn assignee(app: &App, key: Option<&str>, unit: &str) -> Result<User, AppError> {
    let key = key
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| AppError::invalid("handler", "required"))?;
    let unknown = || AppError::invalid_detail("handler", "unknown_handler", key);
    let user = find_user(app, key).await?.ok_or_else(unknown)?;
    if !may_handle(&user, unit) {
        return Err(unknown());
    }
    Ok(user)
}

/// Whether a case of `unit` may be assigned to `user`: an active user who handles cases, in
/// the case's unit or above it.
fn may_handle(user: &User, unit: &str) -> bool {
    let handles = user.role.parse::<Role>().is_ok_and(|r| r.handles_cases());
    let covers = UnitCode::parse(&user.unit_code)
        .ok()
        .zip(UnitCode::parse(unit).ok())
        .is_some_and(|(theirs, case)| theirs.contains(&case));
    !user.disabled && handles && covers
}

/// Whom the case may be assigned to, by name: the handler picker of the case page.
pub async fn eligible_handlers(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<Vec<UserRef>, AppError> {
    let row = load(app, caller, id).await?;
    require_handler_role(caller)?;
    // Handlers sit at the case's unit or above it, up to the district.
    let district = caller.scope().district_public();
    let users = jinguo_db::accounts::list_in_scope(&mut app.db.ex(), &district).await?;
    Ok(users
        .iter()
        .filter(|u| may_handle(u, &row.unit_code))
        .map(UserRef::of)
        .collect())
}

pub(crate) fn invalid_transition(from: Status, to: Status) -> AppError {
    AppError::invalid_detail("to", "invalid_transition", format!("{from} → {to}"))
}

pub async fn transition(
    app: &App,
    caller: &Caller,
    id: i64,
    input: TransitionInput,
) -> Result<Case, AppError> {
    // A case out of sight is 404 before the role is asked (no existence leak).
    let mut row = load(app, caller, id).await?;
    require_handler_role(caller)?;
    let read_at = row.updated_at;
    let from = Status::parse(&row.status)
        .ok_or_else(|| AppError::Internal(format!("case {id} has a bad status")))?;
    let to = choice("to", &input.to, Status::parse)?;
    if !from.may_become(to) {
        return Err(invalid_transition(from, to));
    }
    let note = optional_text("note", input.note.as_deref(), NOTE_MAX)?;
    let now = app.now();
    let mut handler = None;
    if to == Status::Assigned {
        let user = assignee(app, input.handler.as_deref(), &row.unit_code).await?;
        row.handler_id = Some(user.id);
        handler = Some(UserRef::of(&user));
    }
    let outcome = optional_text("outcome", input.outcome.as_deref(), NOTE_MAX)?;
    if let Some(text) = &outcome {
        row.outcome_cipher = Some(app.cipher.seal(text, CTX_OUTCOME, row.id));
    }
    if let Some(s) = input
        .satisfaction
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        row.satisfaction = Some(
            choice("satisfaction", s, Satisfaction::parse)?
                .as_str()
                .into(),
        );
    }
    if matches!(to, Status::Resolved | Status::Closed)
        && row.mandatory_report
        && row.reported_on.is_none()
    {
        return Err(AppError::invalid(
            "mandatory_report",
            "mandatory_report_missing",
        ));
    }
    if to == Status::Closed {
        if row.outcome_cipher.is_none() {
            return Err(AppError::invalid("outcome", "required"));
        }
        if row.satisfaction.is_none() {
            return Err(AppError::invalid("satisfaction", "required"));
        }
        row.closed_at = Some(now);
        row.follow_up_due = Some(now + FOLLOW_UP_DAYS * DAY_MS);
        row.followed_up_at = None;
    }
    if from.is_reopening(to) {
        row.closed_at = None;
        row.follow_up_due = None;
        row.satisfaction = None;
    }
    enter_status(app, &mut row, to, now).await?;
    row.updated_at = now;
    let kind = if from.is_reopening(to) {
        "reopened"
    } else {
        "status"
    };
    let mut event = new_event(app, id, Some(caller), kind, now)
        .from(from)
        .to(to);
    if let Some(n) = &note {
        event = event.body(app, n);
    }
    if let Some(h) = &handler {
        event = event.detail(json!({ "handler": h.username, "handler_name": h.display_name }));
    }
    let mut tx = app.db.begin().await?;
    save(&mut tx.ex(), &row, read_at).await?;
    store::add_event(&mut tx.ex(), &event.0).await?;
    let entry = caller
        .entry("transition", "case", id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({ "from": from, "to": to }));
    audit::commit(app, tx, entry, now).await?;
    let handler = match handler {
        Some(h) => Some(h),
        None => handler_of(&mut app.db.ex(), &row).await?,
    };
    Case::of(row, handler, now)
}

/// Writes a changed case read at `read_at`; a case someone changed in between is a conflict
/// (409), so no change overwrites another unseen.
pub(crate) async fn save(ex: &mut Exec<'_>, row: &CaseRow, read_at: i64) -> Result<(), AppError> {
    if store::update(ex, row, read_at).await? {
        Ok(())
    } else {
        Err(AppError::Conflict {
            code: "case_changed",
            field: None,
            detail: Some(row.code.clone()),
        })
    }
}

/// A timeline event under construction.
pub(crate) struct NewEvent(pub(crate) EventRow);

pub(crate) fn new_event(
    app: &App,
    case_id: i64,
    caller: Option<&Caller>,
    kind: &str,
    now: i64,
) -> NewEvent {
    NewEvent(EventRow {
        id: app.ids.next(now),
        case_id,
        at: now,
        actor_id: caller.and_then(Caller::author),
        actor: caller
            .map(|c| c.display_name.clone())
            .unwrap_or_else(|| "public".into()),
        kind: kind.into(),
        from_status: None,
        to_status: None,
        body_cipher: None,
        detail: "{}".into(),
    })
}

impl NewEvent {
    pub(crate) fn from(mut self, s: Status) -> NewEvent {
        self.0.from_status = Some(s.as_str().into());
        self
    }

    pub(crate) fn to(mut self, s: Status) -> NewEvent {
        self.0.to_status = Some(s.as_str().into());
        self
    }

    pub(crate) fn body(mut self, app: &App, text: &str) -> NewEvent {
        self.0.body_cipher = Some(app.cipher.seal(text, CTX_EVENT, self.0.id));
        self
    }

    pub(crate) fn detail(mut self, detail: serde_json::Value) -> NewEvent {
        self.0.detail = detail.to_string();
        self
    }
}
