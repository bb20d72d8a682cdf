//! Cases and everything hanging off them: the people in a case, its timeline, referrals,
//! attachments, protection orders; briefings and their items. Narratives, notes, requests and
//! answers arrive here encrypted (`*_cipher`).

mod attachments;
mod briefings;
mod orders;
mod people;
mod referrals;
mod timeline;

use crate::record::{fetch, insert_batch, select_as, select_of};
use crate::schema::tables::{CaseCounts, CasePeople, Cases};
use crate::{sql, DbError, Engine, Exec, IndexHint};
use jinguo_domain::cases::{Status, Urgency};
use jinguo_domain::{CivilDate, Scope, UnitCode, UnitRange};
use sea_query::{Cond, Expr, Iden, Order, Query, SelectStatement, SimpleExpr};
use std::collections::BTreeMap;

pub use attachments::*;
pub use briefings::*;
pub use orders::*;
pub use people::*;
pub use referrals::*;
pub use timeline::*;

record! {
    pub struct CaseRow in Cases {
        pub id: i64,
        pub code: String,
        pub kind: String,
        pub channel: String,
        pub category: String,
        pub urgency: String,
        pub status: String,
        pub restricted: bool,
        pub unit_code: String,
        pub handler_id: Option<i64>,
        pub enterprise_id: Option<i64>,
        pub enterprise_name: Option<String>,
        pub caller_name_cipher: Option<Vec<u8>>,
        pub caller_phone_cipher: Option<Vec<u8>>,
        pub caller_phone_masked: Option<String>,
        pub narrative_cipher: Vec<u8>,
        pub outcome_cipher: Option<Vec<u8>>,
        pub satisfaction: Option<String>,
        pub risk_cipher: Option<Vec<u8>>,
        pub risk_score: Option<i64>,
        pub risk_level: Option<String>,
        pub lacks_capacity: bool,
        pub mandatory_report: bool,
        pub report_recipient: Option<String>,
        pub reported_on: Option<String>,
        pub status_since: i64,
        pub due_at: Option<i64>,
        pub follow_up_due: Option<i64>,
        pub followed_up_at: Option<i64>,
        pub receipt_index: Option<String>,
        pub receipt_phone_index: Option<String>,
        pub created_by: Option<i64>,
        pub opened_on: String,
        pub created_at: i64,
        pub updated_at: i64,
        pub closed_at: Option<i64>,
    }
}

/// Which cases a caller may see, made only from her `Scope` and applied to every case query
/// here so no page can forget it.
#[derive(Debug, Clone)]
pub struct Visibility {
    units: UnitRange,
    user_id: i64,
    /// Sees restricted cases not handled by them (district federation staff).
    sees_restricted: bool,
    /// Sees only the cases they handle or took in (caseworkers).
    own_only: bool,
    /// Sees only cases of this kind (leaders: the enterprise difficulty reports).
    only_kind: Option<&'static str>,
}

impl Visibility {
    /// The cases whose records the scope's user may open: her subtree; restricted cases only
    /// as district federation staff or as their handler; a caseworker only the cases she
    /// handles or took in; a leader only enterprise reports.
    pub fn records(scope: &Scope) -> Visibility {
        Visibility {
            units: scope.unit_range(),
            user_id: scope.user_id(),
            sees_restricted: scope.sees_restricted_cases(),
            own_only: scope.role().sees_only_own_cases(),
            only_kind: scope.role().only_case_kind().map(|k| k.as_str()),
        }
    }

    /// The cases counted in the figures of a role that sees figures only (viewers, leaders):
    /// every case of the subtree but the restricted ones.
    pub fn figures(scope: &Scope) -> Visibility {
        Visibility {
            units: scope.unit_range(),
            user_id: scope.user_id(),
            sees_restricted: false,
            own_only: false,
            only_kind: None,
        }
    }
}

/// The name every case query gives its table (`FROM cases AS c`, or `case_counts AS c` for the
/// totals), which `sqlite_index_hint` finds.
#[derive(Iden, Clone, Copy)]
#[iden = "c"]
struct C;

/// `c.<column>` of `cases`.
fn case(column: Cases) -> Expr {
    Expr::col((C, column))
}

impl Visibility {
    fn condition(&self) -> Cond {
        let mut cond =
            Cond::all().add(case(Cases::UnitCode).between(self.units.lo(), self.units.hi()));
        if self.own_only {
            // Taking a case in shows it to its taker, unless it is restricted: then only while
            // she is its handler.
            let took_in_open = Cond::all()
                .add(case(Cases::CreatedBy).eq(self.user_id))
                .add(case(Cases::Restricted).eq(false));
            cond = cond.add(
                Cond::any()
                    .add(case(Cases::HandlerId).eq(self.user_id))
                    .add(took_in_open),
            );
        } else if !self.sees_restricted {
            cond = cond.add(
                Cond::any()
                    .add(case(Cases::Restricted).eq(false))
                    .add(case(Cases::HandlerId).eq(self.user_id)),
            );
        }
        if let Some(kind) = self.only_kind {
            cond = cond.add(case(Cases::Kind).eq(kind));
        }
        cond
    }
}

pub async fn insert(ex: &mut Exec<'_>, r: &CaseRow) -> Result<(), DbError> {
    insert_many(ex, std::slice::from_ref(r)).await
}

/// Inserts cases with a few multi-row statements (bulk paths: generators).
pub async fn insert_many(ex: &mut Exec<'_>, rows: &[CaseRow]) -> Result<(), DbError> {
    let mut per_key: BTreeMap<CountKey, i64> = BTreeMap::new();
    for row in rows {
        for key in CountKey::of(row, &row.status) {
            *per_key.entry(key).or_default() += 1;
        }
    }
    for (key, n) in &per_key {
        add_count(ex, key, *n).await?;
    }
    insert_batch(ex, rows, None).await?;
    Ok(())
}

/// What `case_counts` counts a case under: its unit, status, category, kind, channel and
/// restriction (only the status changes after intake).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct CountKey {
    unit_code: String,
    status: String,
    category: String,
    kind: String,
    channel: String,
    restricted: bool,
}

impl CountKey {
    /// A case's keys: one for its unit and one for every unit above it (as the division codes
    /// imply them), so the cases of any subtree are the counts of one unit.
    fn of(r: &CaseRow, status: &str) -> Vec<CountKey> {
        let mut units = vec![r.unit_code.clone()];
        if let Ok(unit) = UnitCode::parse(&r.unit_code) {
            units.extend(crate::record::units_above(&unit));
        }
        units
            .into_iter()
            .map(|unit_code| CountKey {
                unit_code,
                status: status.to_owned(),
                category: r.category.clone(),
                kind: r.kind.clone(),
                channel: r.channel.clone(),
                restricted: r.restricted,
            })
            .collect()
    }
}

/// Adds `delta` cases to a key's count, inside the caller's transaction.
async fn add_count(ex: &mut Exec<'_>, k: &CountKey, delta: i64) -> Result<(), DbError> {
    ex.execute(
        sql(
            "INSERT INTO case_counts (unit_code, status, category, kind, channel, restricted, n) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (unit_code, status, category, kind, channel, restricted) \
             DO UPDATE SET n = case_counts.n + excluded.n",
        )
        .bind(k.unit_code.as_str())
        .bind(k.status.as_str())
        .bind(k.category.as_str())
        .bind(k.kind.as_str())
        .bind(k.channel.as_str())
        .bind(k.restricted)
        .bind(delta),
    )
    .await?;
    Ok(())
}

/// Writes back the fields a use case may change after intake, if the case is still as it was
/// read (`read_at` = its `updated_at` then), and moves it between the counts when its status
/// changed; false (nothing written) when someone changed it meanwhile.
pub async fn update(ex: &mut Exec<'_>, r: &CaseRow, read_at: i64) -> Result<bool, DbError> {
    let before = ex
        .fetch_optional(
            sql("SELECT status FROM cases WHERE id = $1 AND updated_at = $2")
                .bind(r.id)
                .bind(read_at),
        )
        .await?;
    let Some(before) = before else {
        return Ok(false);
    };
    let status: String = before.get("status")?;
    if status != r.status {
        for key in CountKey::of(r, &status) {
            add_count(ex, &key, -1).await?;
        }
        for key in CountKey::of(r, &r.status) {
            add_count(ex, &key, 1).await?;
        }
    }
    let changed = ex.execute(
        sql("UPDATE cases SET status = $2, handler_id = $3, outcome_cipher = $4, satisfaction = $5, \
             risk_cipher = $6, risk_score = $7, risk_level = $8, lacks_capacity = $9, \
             mandatory_report = $10, report_recipient = $11, reported_on = $12, status_since = $13, \
             due_at = $14, follow_up_due = $15, followed_up_at = $16, updated_at = $17, \
             closed_at = $18, urgency = $19 WHERE id = $1 AND updated_at = $20")
        .bind(r.id)
        .bind(r.status.as_str())
        .bind(r.handler_id)
        .bind(r.outcome_cipher.clone())
        .bind(r.satisfaction.clone())
        .bind(r.risk_cipher.clone())
        .bind(r.risk_score)
        .bind(r.risk_level.clone())
        .bind(r.lacks_capacity)
        .bind(r.mandatory_report)
        .bind(r.report_recipient.clone())
        .bind(r.reported_on.clone())
        .bind(r.status_since)
        .bind(r.due_at)
        .bind(r.follow_up_due)
        .bind(r.followed_up_at)
        .bind(r.updated_at)
        .bind(r.closed_at)
        .bind(r.urgency.as_str())
        .bind(read_at),
    )
    .await?;
    Ok(changed == 1)
}

fn select_cases() -> SelectStatement {
    select_as::<CaseRow>(C)
}

async fn fetch_cases(ex: &mut Exec<'_>, select: &SelectStatement) -> Result<Vec<CaseRow>, DbError> {
    fetch(ex, select).await
}

/// A case the caller may see.
pub async fn find(
    ex: &mut Exec<'_>,
    vis: &Visibility,
    id: i64,
) -> Result<Option<CaseRow>, DbError> {
    let mut s = select_cases();
    s.cond_where(vis.condition())
        .and_where(case(Cases::Id).eq(id));
    Ok(fetch_cases(ex, &s).await?.pop())
}

/// The unit of a case and whether it is restricted, read without a visibility: for the department
/// a referral is addressed to, which cannot load the case.
pub async fn unit_and_restriction(ex: &mut Exec<'_>, id: i64) -> Result<(String, bool), DbError> {
    let row = ex
        .fetch_one(sql("SELECT unit_code, restricted FROM cases WHERE id = $1").bind(id))
        .await?;
    Ok((row.get("unit_code")?, row.get("restricted")?))
}

record! {
    /// One line of the "taken in by me" list: the case's status and nothing of its contents.
    pub struct TakenInRow in Cases {
        pub code: String,
        pub status: String,
        pub due_at: Option<i64>,
    }
}

/// The cases a user took in, newest first, as status lines (code, status, deadline) — read
/// without a visibility: the user is their taker, and the line shows nothing she did not
/// write down herself.
pub async fn taken_in_by(
    ex: &mut Exec<'_>,
    user_id: i64,
    limit: u64,
) -> Result<Vec<TakenInRow>, DbError> {
    let s = select_of::<TakenInRow>()
        .and_where(Expr::col(Cases::CreatedBy).eq(user_id))
        .order_by(Cases::CreatedAt, Order::Desc)
        .order_by(Cases::Id, Order::Desc)
        .limit(limit)
        .take();
    fetch(ex, &s).await
}

/// A case by its public receipt (the caller's own look-up: no visibility applies).
pub async fn find_by_receipt(
    ex: &mut Exec<'_>,
    receipt_index: &str,
) -> Result<Option<CaseRow>, DbError> {
    let mut s = select_cases();
    s.and_where(case(Cases::ReceiptIndex).eq(receipt_index));
    Ok(fetch_cases(ex, &s).await?.pop())
}

/// Narrows a case list; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub channel: Option<String>,
    /// Cases past their deadline at this moment.
    pub overdue_at: Option<i64>,
    /// Closed cases whose follow-up visit is due at this moment.
    pub follow_up_due_at: Option<i64>,
    pub unit_range: Option<UnitRange>,
    pub handler_id: Option<i64>,
    pub opened_from: Option<String>,
    pub opened_to: Option<String>,
    pub code: Option<String>,
    /// Cases with any of these people in them.
    pub person_ids: Option<Vec<i64>>,
    pub ids: Option<Vec<i64>>,
    /// Only cases not yet resolved or closed.
    pub open_only: bool,
    /// Only cases no one handles yet.
    pub unassigned: bool,
    pub order: CaseOrder,
}

/// The order of a case list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CaseOrder {
    /// The newest first (the list's own order, walked by id).
    #[default]
    Newest,
    /// The most pressing first: emergencies, then urgent cases, then the rest; within each, the
    /// nearest deadline first (so the overdue ones lead), cases without one last.
    Pressing,
    /// The nearest deadline first, cases without one last.
    Deadline,
    /// The longest-due return visit first.
    FollowUpDue,
}

/// The filters on the columns `cases` and `case_counts` share: `c.status`, `c.kind`,
/// `c.category` and `c.channel` of the one the query reads.
fn counted_columns<T: Iden + 'static>(
    mut cond: Cond,
    f: &Filter,
    [status, kind, category, channel]: [T; 4],
) -> Cond {
    let wanted = [
        (status, &f.status),
        (kind, &f.kind),
        (category, &f.category),
        (channel, &f.channel),
    ];
    for (column, value) in wanted {
        if let Some(value) = value {
            cond = cond.add(Expr::col((C, column)).eq(value.as_str()));
        }
    }
    cond
}

/// The counted columns of `cases`.
const CASE_COUNTED: [Cases; 4] = [Cases::Status, Cases::Kind, Cases::Category, Cases::Channel];

/// A filter `case_counts` can total: nothing beyond its columns, and a caller who sees every
/// case of their subtree or all but the restricted ones (not a caseworker's own cases).
fn counted(vis: &Visibility, f: &Filter) -> bool {
    !vis.own_only
        && vis.only_kind.is_none()
        && f.code.is_none()
        && f.overdue_at.is_none()
        && f.follow_up_due_at.is_none()
        && f.handler_id.is_none()
        && f.opened_from.is_none()
        && f.opened_to.is_none()
        && f.person_ids.is_none()
        && f.ids.is_none()
        && !f.open_only
        && !f.unassigned
}

fn condition(vis: &Visibility, f: &Filter) -> Cond {
    let mut cond = counted_columns(vis.condition(), f, CASE_COUNTED);
    if let Some(units) = &f.unit_range {
        cond = cond.add(case(Cases::UnitCode).between(units.lo(), units.hi()));
    }
    if let Some(code) = &f.code {
        cond = cond.add(case(Cases::Code).eq(code.as_str()));
    }
    if let Some(now) = f.overdue_at {
        cond = cond.add(case(Cases::DueAt).lt(now));
    }
    if let Some(now) = f.follow_up_due_at {
        cond = cond
            .add(case(Cases::FollowUpDue).lt(now))
            .add(case(Cases::FollowedUpAt).is_null());
    }
    if let Some(h) = f.handler_id {
        cond = cond.add(case(Cases::HandlerId).eq(h));
    }
    if let Some(from) = &f.opened_from {
        cond = cond.add(case(Cases::OpenedOn).gte(from.as_str()));
    }
    if let Some(to) = &f.opened_to {
        cond = cond.add(case(Cases::OpenedOn).lte(to.as_str()));
    }
    if let Some(people) = &f.person_ids {
        let mut sub = Query::select();
        sub.column(CasePeople::CaseId)
            .from(CasePeople::Table)
            .and_where(Expr::col(CasePeople::PersonId).is_in(people.iter().copied()));
        cond = cond.add(case(Cases::Id).in_subquery(sub));
    }
    if let Some(ids) = &f.ids {
        cond = cond.add(case(Cases::Id).is_in(ids.iter().copied()));
    }
    if f.open_only {
        let finished = [Status::Resolved.as_str(), Status::Closed.as_str()];
        cond = cond.add(case(Cases::Status).is_not_in(finished));
    }
    if f.unassigned {
        cond = cond.add(case(Cases::HandlerId).is_null());
    }
    cond
}

/// Orders a case select as `order` says; the id breaks ties, newest first.
fn order_cases(s: &mut SelectStatement, order: CaseOrder) {
    let urgency_rank = Expr::case(case(Cases::Urgency).eq(Urgency::Emergency.as_str()), 0)
        .case(case(Cases::Urgency).eq(Urgency::Urgent.as_str()), 1)
        .finally(2);
    let no_deadline = Expr::case(case(Cases::DueAt).is_null(), 1).finally(0);
    match order {
        CaseOrder::Newest => {}
        CaseOrder::Pressing => {
            s.order_by_expr(urgency_rank.into(), Order::Asc)
                .order_by_expr(no_deadline.into(), Order::Asc)
                .order_by((C, Cases::DueAt), Order::Asc);
        }
        CaseOrder::Deadline => {
            s.order_by_expr(no_deadline.into(), Order::Asc)
                .order_by((C, Cases::DueAt), Order::Asc);
        }
        CaseOrder::FollowUpDue => {
            s.order_by((C, Cases::FollowUpDue), Order::Asc);
        }
    }
    s.order_by((C, Cases::Id), Order::Desc);
}

/// The unit whose subtree is the intersection of the caller's subtree and the filter's unit
/// (subtree ranges are nested or apart: the narrower one's first code is its unit), or None
/// when they are apart.
fn counted_unit<'a>(vis: &'a Visibility, f: &'a Filter) -> Option<&'a str> {
    let own = &vis.units;
    match &f.unit_range {
        None => Some(own.lo()),
        Some(units) if own.contains(units.lo()) => Some(units.lo()),
        Some(units) if units.contains(own.lo()) => Some(own.lo()),
        Some(_) => None,
    }
}

/// The cases counted under one unit (its whole subtree) that match the counted filters.
async fn counted_total(
    ex: &mut Exec<'_>,
    unit: &str,
    cond: Cond,
    f: &Filter,
) -> Result<i64, DbError> {
    let mut s = Query::select();
    let counted = [
        CaseCounts::Status,
        CaseCounts::Kind,
        CaseCounts::Category,
        CaseCounts::Channel,
    ];
    s.expr(Expr::cust("CAST(COALESCE(SUM(c.n), 0) AS BIGINT)"))
        .from_as(CaseCounts::Table, C)
        .cond_where(counted_columns(
            cond.add(Expr::col((C, CaseCounts::UnitCode)).eq(unit)),
            f,
            counted,
        ));
    let q = ex.build(&s);
    ex.fetch_scalar(q).await
}

/// The number of cases a filter matches: added up from `case_counts` where the filter allows
/// (plus, for callers who see restricted cases only as their handler, those they handle),
/// counted in the table's indexes otherwise.
async fn total(ex: &mut Exec<'_>, vis: &Visibility, f: &Filter) -> Result<i64, DbError> {
    if !counted(vis, f) {
        let mut s = Query::select();
        s.expr(Expr::cust("COUNT(*)"))
            .from_as(Cases::Table, C)
            .cond_where(condition(vis, f));
        let q = ex.build(&s);
        let q = match narrowest_index(ex, vis, f).await? {
            Some(index) => q.sqlite_index_hint("cases", "c", IndexHint::IndexedBy(index)),
            None => q,
        };
        return ex.fetch_scalar(q).await;
    }
    let Some(unit) = counted_unit(vis, f) else {
        return Ok(0);
    };
    let mut scope = Cond::all();
    if !vis.sees_restricted {
        scope = scope.add(Expr::col((C, CaseCounts::Restricted)).eq(false));
    }
    let mut total = counted_total(ex, unit, scope, f).await?;
    if !vis.sees_restricted {
        total += restricted_handled(ex, vis, f).await?;
    }
    Ok(total)
}

/// The restricted cases a caller who sees them only as their handler handles, in their subtree
/// and matching the counted filters. They are few: read by handler (the one index the planner
/// cannot mistake here) and filtered here.
async fn restricted_handled(
    ex: &mut Exec<'_>,
    vis: &Visibility,
    f: &Filter,
) -> Result<i64, DbError> {
    let rows = ex
        .fetch_all(
            sql(
                "SELECT unit_code, status, category, kind, channel FROM cases \
                 WHERE handler_id = $1 AND restricted = $2",
            )
            .bind(vis.user_id)
            .bind(true),
        )
        .await?;
    let is = |wanted: &Option<String>, value: &str| wanted.as_deref().is_none_or(|w| w == value);
    let mut n = 0;
    for r in rows {
        let unit: String = r.get("unit_code")?;
        if vis.units.contains(&unit)
            && f.unit_range.as_ref().is_none_or(|u| u.contains(&unit))
            && is(&f.status, &r.get::<String>("status")?)
            && is(&f.category, &r.get::<String>("category")?)
            && is(&f.kind, &r.get::<String>("kind")?)
            && is(&f.channel, &r.get::<String>("channel")?)
        {
            n += 1;
        }
    }
    Ok(n)
}

/// On SQLite, the index of the filter that matches the fewest cases, to be named to the planner
/// (`INDEXED BY`). Without statistics the planner prefers an equality to a range and the first
/// of several equalities (it counted `kind = 'rights' AND channel = … AND` one month through the
/// channel's 68,000 entries, not the month's 5,700); the store knows better: the open cases are
/// few, a period of up to two months is narrow, and `case_counts` gives each column's own total.
/// None leaves the choice to the planner (a code, a person, a handler, a follow-up).
async fn narrowest_index(
    ex: &mut Exec<'_>,
    vis: &Visibility,
    f: &Filter,
) -> Result<Option<&'static str>, DbError> {
    if ex.engine() != Engine::Sqlite
        || vis.own_only
        || f.code.is_some()
        || f.person_ids.is_some()
        || f.ids.is_some()
        || f.handler_id.is_some()
        || f.follow_up_due_at.is_some()
    {
        return Ok(None);
    }
    if f.overdue_at.is_some() {
        return Ok(Some("cases_open"));
    }
    if let (Some(from), Some(to)) = (
        f.opened_from.as_deref().and_then(CivilDate::parse),
        f.opened_to.as_deref().and_then(CivilDate::parse),
    ) {
        if to.days_since_epoch() - from.days_since_epoch() <= 62 {
            return Ok(Some("cases_opened"));
        }
    }
    let Some(unit) = counted_unit(vis, f) else {
        return Ok(None);
    };
    // A longer period has no total here: its own index (the planner's pick, covering) is not
    // ruled out for the whole subtree's.
    let mut best = if f.opened_from.is_some() || f.opened_to.is_some() {
        (i64::MAX, None)
    } else {
        (
            counted_total(ex, unit, Cond::all(), &Filter::default()).await?,
            Some("cases_unit"),
        )
    };
    let columns = [
        (&f.status, "cases_status"),
        (&f.kind, "cases_kind"),
        (&f.category, "cases_category"),
        (&f.channel, "cases_channel"),
    ];
    for (k, (value, index)) in columns.into_iter().enumerate() {
        let Some(value) = value else { continue };
        let mut one = Filter::default();
        let slot = match k {
            0 => &mut one.status,
            1 => &mut one.kind,
            2 => &mut one.category,
            _ => &mut one.channel,
        };
        *slot = Some(value.clone());
        let n = counted_total(ex, unit, Cond::all(), &one).await?;
        if n < best.0 {
            best = (n, Some(index));
        }
    }
    Ok(best.1)
}

/// The cases of the province around the caller's subtree (all a walk of the table may read,
/// in a deployment of one province).
async fn cases_in_province(ex: &mut Exec<'_>, vis: &Visibility) -> Result<i64, DbError> {
    let province = format!("{:0<12}", vis.units.lo().get(..2).unwrap_or("00"));
    counted_total(ex, &province, Cond::all(), &Filter::default()).await
}

/// A page of cases, newest first, and the number of cases the filter matches.
///
/// The page's ids come first, then their rows. On SQLite the ids are found one of two ways,
/// whichever reads fewer rows: walking the table newest first until the page is full (about
/// `(offset + limit) × all / total` rows: a broad filter), or through the filter's index,
/// sorting the ids of every match (about `total` index entries: a narrow one). SQLite's planner
/// has no statistics to tell the two apart, so the walk is asked for (`NOT INDEXED`), and so is
/// the narrowest filter's index (`INDEXED BY`).
pub async fn list(
    ex: &mut Exec<'_>,
    vis: &Visibility,
    f: &Filter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<CaseRow>, i64), DbError> {
    let total = total(ex, vis, f).await?;
    if total <= 0 || offset >= total as u64 || limit == 0 {
        return Ok((Vec::new(), total.max(0)));
    }
    let mut s = Query::select();
    s.expr(case(Cases::Id))
        .from_as(Cases::Table, C)
        .cond_where(condition(vis, f));
    order_cases(&mut s, f.order);
    s.limit(limit).offset(offset);
    let mut q = ex.build(&s);
    // The hints serve the walk in id order; another order is left to the planner.
    if ex.engine() == Engine::Sqlite && f.order == CaseOrder::Newest {
        let wanted = i128::from(offset + limit);
        let walk =
            wanted * i128::from(cases_in_province(ex, vis).await?) <= i128::from(total).pow(2);
        if walk {
            q = q.sqlite_index_hint("cases", "c", IndexHint::NotIndexed);
        } else if let Some(index) = narrowest_index(ex, vis, f).await? {
            q = q.sqlite_index_hint("cases", "c", IndexHint::IndexedBy(index));
        }
    }
    let ids = ex
        .fetch_all(q)
        .await?
        .iter()
        .map(|r| r.get::<i64>("id"))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Ok((Vec::new(), total));
    }
    let mut s = select_cases();
    s.cond_where(vis.condition())
        .and_where(case(Cases::Id).is_in(ids));
    order_cases(&mut s, f.order);
    Ok((fetch_cases(ex, &s).await?, total))
}

async fn count(ex: &mut Exec<'_>, cond: Cond) -> Result<i64, DbError> {
    let mut s = Query::select();
    s.expr(Expr::cust("COUNT(*)"))
        .from_as(Cases::Table, C)
        .cond_where(cond);
    let q = ex.build(&s);
    ex.fetch_scalar(q).await
}

/// How many cases there are (the demo loads its own only into a district without any).
pub async fn count_all(ex: &mut Exec<'_>) -> Result<i64, DbError> {
    ex.fetch_scalar(sql("SELECT COUNT(*) FROM cases")).await
}

/// Open cases past their deadline, as the home page counts them.
pub async fn count_overdue(ex: &mut Exec<'_>, vis: &Visibility, now: i64) -> Result<i64, DbError> {
    count(ex, vis.condition().add(case(Cases::DueAt).lt(now))).await
}

/// Counts of the visible cases opened in a period, grouped by one column (or the month).
pub async fn counts_by(
    ex: &mut Exec<'_>,
    vis: &Visibility,
    f: &Filter,
    group: Grouping,
) -> Result<Vec<(String, i64)>, DbError> {
    let key: SimpleExpr = match group {
        Grouping::Category => case(Cases::Category).into(),
        Grouping::Channel => case(Cases::Channel).into(),
        Grouping::Status => case(Cases::Status).into(),
        Grouping::Kind => case(Cases::Kind).into(),
        Grouping::Month => Expr::cust("substr(c.opened_on, 1, 7)"),
    };
    let mut s = Query::select();
    s.expr_as(key.clone(), Tally::K)
        .expr_as(Expr::cust("COUNT(*)"), Tally::N)
        .from_as(Cases::Table, C)
        .cond_where(condition(vis, f))
        .add_group_by([key])
        .order_by(Tally::K, Order::Asc);
    let q = ex.build(&s);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(|r| Ok((r.get("k")?, r.get("n")?)))
        .collect()
}

/// The columns of a grouped count: its key and its number.
#[derive(Iden)]
enum Tally {
    K,
    N,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Category,
    Channel,
    Status,
    Kind,
    Month,
}

/// The next number of a yearly sequence (`E2026` → 1, 2, 3 …), inside the caller's transaction.
pub async fn next_number(ex: &mut Exec<'_>, name: &str) -> Result<i64, DbError> {
    reserve_numbers(ex, name, 1).await
}

/// Reserves the next `n` numbers of a yearly sequence at once and returns the last of them
/// (the block is `last - n + 1 ..= last`), inside the caller's transaction.
pub async fn reserve_numbers(ex: &mut Exec<'_>, name: &str, n: i64) -> Result<i64, DbError> {
    ex.fetch_scalar(
        sql("INSERT INTO counters (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value RETURNING value")
        .bind(name)
        .bind(n),
    )
    .await
}
