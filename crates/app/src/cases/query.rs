//! Reading: the case list and the case page, opened only for the readers who may see them.

use super::*;

pub(super) async fn handler_of(
    ex: &mut Exec<'_>,
    row: &CaseRow,
) -> Result<Option<UserRef>, AppError> {
    Ok(match row.handler_id {
        Some(id) => accounts::find_by_id(ex, id)
            .await?
            .as_ref()
            .map(UserRef::of),
        None => None,
    })
}

/// A case the caller may see, without recording a read (for checks before a change).
pub(crate) async fn load(app: &App, caller: &Caller, id: i64) -> Result<CaseRow, AppError> {
    let vis = visibility(caller).map_err(|_| AppError::NotFound)?;
    store::find(&mut app.db.ex(), &vis, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn get_summary(app: &App, caller: &Caller, id: i64) -> Result<Case, AppError> {
    let row = load(app, caller, id).await?;
    let handler = handler_of(&mut app.db.ex(), &row).await?;
    Case::of(row, handler, app.now())
}

/// Opens a sealed field of the record `record_id` (a case, an event, a referral).
pub(super) fn decrypt(
    app: &App,
    blob: Option<&[u8]>,
    context: &str,
    record_id: i64,
) -> Result<Option<String>, AppError> {
    blob.map(|b| app.cipher.open(b, context, record_id))
        .transpose()
        .map_err(|_| {
            AppError::Internal("a stored value cannot be decrypted with the master key".into())
        })
}

/// The case page; the read is audited.
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<CaseDetail, AppError> {
    let row = load(app, caller, id).await?;
    let mut ex = app.db.ex();
    let handler = handler_of(&mut ex, &row).await?;
    let narratives = reads_narratives(caller);
    let narrative = if narratives {
        decrypt(app, Some(&row.narrative_cipher), CTX_NARRATIVE, row.id)?
    } else {
        None
    };
    let outcome = if narratives {
        decrypt(app, row.outcome_cipher.as_deref(), CTX_OUTCOME, row.id)?
    } else {
        None
    };
    let (caller_name_cipher, risk_cipher) = if narratives {
        (
            row.caller_name_cipher.as_deref(),
            row.risk_cipher.as_deref(),
        )
    } else {
        (None, None)
    };
    let caller_name = decrypt(app, caller_name_cipher, CTX_CALLER_NAME, row.id)?;
    let risk = match decrypt(app, risk_cipher, CTX_RISK, row.id)? {
        Some(text) => {
            let yes: Vec<String> = serde_json::from_str(&text).unwrap_or_default();
            screen(&yes).ok()
        }
        None => None,
    };
    let mut people = store::people_of(&mut ex, id).await?;
    for p in &mut people {
        p.id_masked = jinguo_domain::identity::mask_id_number(&p.id_masked);
    }
    let timeline = timeline::events(app, &mut ex, id, narratives).await?;
    let referrals = timeline::referrals(app, &mut ex, id, narratives).await?;
    let attachments = timeline::attachments(app, &mut ex, id)
        .await?
        .into_iter()
        .map(timeline::Attachment::from)
        .collect();
    let orders = store::orders_of(&mut ex, id)
        .await?
        .into_iter()
        .map(timeline::Order::from)
        .collect();
    let briefings = store::briefings_of_case(&mut ex, id).await?;
    record_read(app, caller, &row).await?;
    Ok(CaseDetail {
        case: Case::of(row, handler, app.now())?,
        people: people.into_iter().map(CasePerson::from).collect(),
        narrative,
        outcome,
        caller_name,
        risk,
        timeline,
        referrals,
        attachments,
        orders,
        briefings,
    })
}

pub(super) async fn record_read(app: &App, caller: &Caller, row: &CaseRow) -> Result<(), AppError> {
    let entry = caller
        .entry("read", "case", row.id.to_string())
        .in_unit(&row.unit_code);
    audit::record(app, entry, app.now()).await?;
    Ok(())
}

/// What a case list asks for, as the API and the list page receive it.
#[derive(Debug, Clone, Default)]
pub struct CaseQuery {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub channel: Option<String>,
    pub overdue: bool,
    pub follow_up_due: bool,
    pub unit_code: Option<String>,
    pub handler: Option<String>,
    /// Only the caller's own cases (my cases).
    pub mine: bool,
    pub from: Option<String>,
    pub to: Option<String>,
    /// A case code, or a name of a person in the case.
    pub q: Option<String>,
    pub person_id: Option<i64>,
    /// Only cases not yet resolved or closed.
    pub open_only: bool,
    /// Only cases no one handles yet.
    pub unassigned: bool,
    /// `pressing` (urgency, then deadline), `deadline` or `follow_up`; the newest first otherwise.
    pub sort: Option<String>,
}

pub(super) fn some_choice<T>(
    field: &str,
    value: &Option<String>,
    parse: impl Fn(&str) -> Option<T>,
    code: impl Fn(T) -> &'static str,
) -> Result<Option<String>, AppError> {
    match crate::given(value.as_deref()) {
        Some(v) => Ok(Some(code(choice(field, v, parse)?).to_owned())),
        None => Ok(None),
    }
}

/// A required `YYYY-MM-DD`, normalized.
pub(crate) fn date(field: &str, value: &str) -> Result<String, AppError> {
    if value.trim().is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    CivilDate::parse(value)
        .map(|d| d.to_string())
        .ok_or_else(|| AppError::invalid_detail(field, "invalid_date", value.trim()))
}

pub(crate) fn optional_date(field: &str, value: Option<&str>) -> Result<Option<String>, AppError> {
    match crate::given(value) {
        Some(v) => date(field, v).map(Some),
        None => Ok(None),
    }
}

pub(super) async fn filter_of(
    app: &App,
    caller: &Caller,
    q: &CaseQuery,
) -> Result<Filter, AppError> {
    let now = app.now();
    let mut f = Filter {
        status: some_choice("status", &q.status, Status::parse, Status::as_str)?,
        kind: some_choice("kind", &q.kind, CaseKind::parse, CaseKind::as_str)?,
        category: some_choice("category", &q.category, Category::parse, Category::as_str)?,
        channel: some_choice("channel", &q.channel, Channel::parse, Channel::as_str)?,
        overdue_at: q.overdue.then_some(now),
        follow_up_due_at: q.follow_up_due.then_some(now),
        opened_from: optional_date("from", q.from.as_deref())?,
        opened_to: optional_date("to", q.to.as_deref())?,
        person_ids: q.person_id.map(|id| vec![id]),
        open_only: q.open_only,
        unassigned: q.unassigned,
        order: case_order(q.sort.as_deref())?,
        ..Filter::default()
    };
    if let Some(code) = q.unit_code.as_deref().filter(|c| !c.trim().is_empty()) {
        let unit = UnitCode::parse(code)
            .map_err(|_| AppError::invalid_detail("unit_code", "unknown_unit", code))?;
        f.unit_range = Some(jinguo_domain::UnitRange::subtree(&unit));
    }
    if q.mine {
        f.handler_id = Some(caller.user_id);
    } else if let Some(h) = q.handler.as_deref().filter(|h| !h.trim().is_empty()) {
        f.handler_id = Some(find_user(app, h).await?.map(|u| u.id).unwrap_or(-1));
    }
    if let Some(text) = crate::given(q.q.as_deref()) {
        narrow_by_text(app, caller, &mut f, text).await?;
    }
    Ok(f)
}

/// The orders a case list may be asked for; each is served by an index on both engines.
fn case_order(sort: Option<&str>) -> Result<CaseOrder, AppError> {
    match sort.map(str::trim).unwrap_or("") {
        "" | "newest" => Ok(CaseOrder::Newest),
        "pressing" => Ok(CaseOrder::Pressing),
        "deadline" => Ok(CaseOrder::Deadline),
        "follow_up" => Ok(CaseOrder::FollowUpDue),
        other => Err(AppError::invalid_detail("sort", "invalid_choice", other)),
    }
}

pub(super) fn looks_like_code(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some('R' | 'E' | 'r' | 'e'))
        && text.len() >= 6
        && chars.all(|c| c.is_ascii_digit() || c == '-')
}

/// A case code, or the name (or pinyin, or ID tail) of a person in the case, as the people
/// registry's search reads it.
pub(super) async fn narrow_by_text(
    app: &App,
    caller: &Caller,
    f: &mut Filter,
    text: &str,
) -> Result<(), AppError> {
    if looks_like_code(text) {
        f.code = Some(text.to_ascii_uppercase());
        return Ok(());
    }
    let search = crate::people::Search {
        q: Some(text.to_owned()),
        ..Default::default()
    };
    // A role that may not search the registry finds cases by their code only.
    let people = match crate::people::search(app, caller, &search, 1, 200).await {
        Ok((people, _)) => people,
        Err(AppError::Forbidden) => Vec::new(),
        Err(e) => return Err(e),
    };
    f.person_ids = Some(people.iter().map(|p| p.id).collect());
    Ok(())
}

pub(crate) async fn find_user(app: &App, key: &str) -> Result<Option<User>, AppError> {
    let key = key.trim();
    let mut ex = app.db.ex();
    Ok(match key.parse::<i64>() {
        Ok(id) => accounts::find_by_id(&mut ex, id).await?,
        Err(_) => accounts::find_by_username(&mut ex, key).await?,
    })
}

pub struct CasePage {
    pub items: Vec<Case>,
    pub total: i64,
}

pub async fn list(
    app: &App,
    caller: &Caller,
    q: &CaseQuery,
    page: u64,
    per_page: u64,
) -> Result<CasePage, AppError> {
    let vis = visibility(caller)?;
    let f = filter_of(app, caller, q).await?;
    let offset = crate::page_offset(page, per_page)?;
    let mut ex = app.db.ex();
    let (rows, total) = store::list(&mut ex, &vis, &f, offset, per_page).await?;
    let now = app.now();
    let mut items = Vec::with_capacity(rows.len());
    let mut handlers: Vec<UserRef> = Vec::new();
    for row in rows {
        let handler = match row.handler_id {
            Some(id) => match handlers.iter().find(|h| h.id == id) {
                Some(h) => Some(h.clone()),
                None => {
                    let h = handler_of(&mut ex, &row).await?;
                    handlers.extend(h.clone());
                    h
                }
            },
            None => None,
        };
        items.push(Case::of(row, handler, now)?);
    }
    record_restricted_listing(app, caller, &items).await?;
    Ok(CasePage { items, total })
}

/// Restricted cases are audited whenever they are read, lists included.
pub(super) async fn record_restricted_listing(
    app: &App,
    caller: &Caller,
    items: &[Case],
) -> Result<(), AppError> {
    if !items.iter().any(|c| c.restricted) {
        return Ok(());
    }
    // One event for the page, naming every case on it: it records the read without marking
    // which of them are restricted, and costs one write however long the page.
    let shown: Vec<i64> = items.iter().map(|c| c.id).collect();
    let entry = caller
        .entry("list", "case", String::new())
        .detail(json!({ "cases": shown }));
    audit::record(app, entry, app.now()).await?;
    Ok(())
}

/// Open cases past their deadline that the caller may see (the home page's count).
/// The newest cases on the "taken in by me" list.
pub const TAKEN_IN_LIMIT: u64 = 200;

/// The cases the caller took in, as status lines only. An officer who takes in a restricted
/// case loses sight of it (it belongs to its handler and the district), yet must be able to
/// tell the woman who came to her where it stands: code, status and deadline — no narrative,
/// people or files.
pub async fn taken_in_by_me(app: &App, caller: &Caller) -> Result<Vec<TakenIn>, AppError> {
    require_handler_role(caller)?;
    let rows = store::taken_in_by(&mut app.db.ex(), caller.user_id, TAKEN_IN_LIMIT).await?;
    Ok(rows
        .into_iter()
        .map(|r| TakenIn {
            code: r.code,
            status: r.status,
            due_at: r.due_at,
        })
        .collect())
}

/// A case the caller took in, by its status only.
#[derive(Debug, Clone)]
pub struct TakenIn {
    pub code: String,
    pub status: String,
    /// The deadline of the current status, if it has one.
    pub due_at: Option<i64>,
}

pub async fn overdue_count(app: &App, caller: &Caller) -> Result<i64, AppError> {
    let vis = visibility(caller)?;
    Ok(store::count_overdue(&mut app.db.ex(), &vis, app.now()).await?)
}
