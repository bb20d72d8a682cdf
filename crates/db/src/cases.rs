//! Cases and everything hanging off them: the people in a case, its timeline, referrals,
//! attachments, protection orders; briefings and their items. Narratives, notes, requests and
//! answers arrive here encrypted (`*_cipher`).

use crate::{sql, DbError, Engine, Exec, Row};
use jinguo_domain::{CivilDate, UnitCode};
use sea_query::{Alias, Cond, Expr, Order, Query as Select, SelectStatement, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
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

const COLUMNS: &str = "id, code, kind, channel, category, urgency, status, restricted, unit_code, \
    handler_id, enterprise_id, enterprise_name, caller_name_cipher, caller_phone_cipher, \
    caller_phone_masked, narrative_cipher, outcome_cipher, satisfaction, risk_cipher, risk_score, \
    risk_level, lacks_capacity, mandatory_report, report_recipient, reported_on, status_since, \
    due_at, follow_up_due, followed_up_at, receipt_index, receipt_phone_index, created_by, \
    opened_on, created_at, updated_at, closed_at";

impl CaseRow {
    fn from_row(r: &Row) -> Result<CaseRow, DbError> {
        Ok(CaseRow {
            id: r.get("id")?,
            code: r.get("code")?,
            kind: r.get("kind")?,
            channel: r.get("channel")?,
            category: r.get("category")?,
            urgency: r.get("urgency")?,
            status: r.get("status")?,
            restricted: r.get("restricted")?,
            unit_code: r.get("unit_code")?,
            handler_id: r.get("handler_id")?,
            enterprise_id: r.get("enterprise_id")?,
            enterprise_name: r.get("enterprise_name")?,
            caller_name_cipher: r.get("caller_name_cipher")?,
            caller_phone_cipher: r.get("caller_phone_cipher")?,
            caller_phone_masked: r.get("caller_phone_masked")?,
            narrative_cipher: r.get("narrative_cipher")?,
            outcome_cipher: r.get("outcome_cipher")?,
            satisfaction: r.get("satisfaction")?,
            risk_cipher: r.get("risk_cipher")?,
            risk_score: r.get("risk_score")?,
            risk_level: r.get("risk_level")?,
            lacks_capacity: r.get("lacks_capacity")?,
            mandatory_report: r.get("mandatory_report")?,
            report_recipient: r.get("report_recipient")?,
            reported_on: r.get("reported_on")?,
            status_since: r.get("status_since")?,
            due_at: r.get("due_at")?,
            follow_up_due: r.get("follow_up_due")?,
            followed_up_at: r.get("followed_up_at")?,
            receipt_index: r.get("receipt_index")?,
            receipt_phone_index: r.get("receipt_phone_index")?,
            created_by: r.get("created_by")?,
            opened_on: r.get("opened_on")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
            closed_at: r.get("closed_at")?,
        })
    }
}

/// Which cases a caller may see; built by the use-case layer from the caller, applied to
/// every case query here so no page can forget it.
#[derive(Debug, Clone)]
pub struct Visibility {
    pub unit_lo: String,
    pub unit_hi: String,
    pub user_id: i64,
    /// Sees restricted cases not handled by them (district federation staff).
    pub sees_restricted: bool,
    /// Sees only the cases they handle or took in (caseworkers).
    pub own_only: bool,
    /// Sees only cases of this kind (leaders: the enterprise difficulty reports).
    pub only_kind: Option<&'static str>,
}

fn c(column: &str) -> Expr {
    Expr::col((Alias::new("c"), Alias::new(column)))
}

impl Visibility {
    fn condition(&self) -> Cond {
        let mut cond =
            Cond::all().add(c("unit_code").between(self.unit_lo.as_str(), self.unit_hi.as_str()));
        if self.own_only {
            // Taking a case in shows it to its taker, unless it is restricted: then only while
            // she is its handler.
            let took_in_open = Cond::all()
                .add(c("created_by").eq(self.user_id))
                .add(c("restricted").eq(false));
            cond = cond.add(
                Cond::any()
                    .add(c("handler_id").eq(self.user_id))
                    .add(took_in_open),
            );
        } else if !self.sees_restricted {
            cond = cond.add(
                Cond::any()
                    .add(c("restricted").eq(false))
                    .add(c("handler_id").eq(self.user_id)),
            );
        }
        if let Some(kind) = self.only_kind {
            cond = cond.add(c("kind").eq(kind));
        }
        cond
    }
}

/// Rows per multi-row `INSERT` in the bulk paths (sqlx pays ~16 µs per statement on SQLite;
/// 400 rows of 36 columns stay under both engines' limits on bound parameters).
pub const BATCH: usize = 400;

impl CaseRow {
    /// The 36 values in the order of `COLUMNS`.
    fn values(&self) -> Vec<Value> {
        vec![
            self.id.into(),
            self.code.clone().into(),
            self.kind.clone().into(),
            self.channel.clone().into(),
            self.category.clone().into(),
            self.urgency.clone().into(),
            self.status.clone().into(),
            self.restricted.into(),
            self.unit_code.clone().into(),
            self.handler_id.into(),
            self.enterprise_id.into(),
            self.enterprise_name.clone().into(),
            self.caller_name_cipher.clone().into(),
            self.caller_phone_cipher.clone().into(),
            self.caller_phone_masked.clone().into(),
            self.narrative_cipher.clone().into(),
            self.outcome_cipher.clone().into(),
            self.satisfaction.clone().into(),
            self.risk_cipher.clone().into(),
            self.risk_score.into(),
            self.risk_level.clone().into(),
            self.lacks_capacity.into(),
            self.mandatory_report.into(),
            self.report_recipient.clone().into(),
            self.reported_on.clone().into(),
            self.status_since.into(),
            self.due_at.into(),
            self.follow_up_due.into(),
            self.followed_up_at.into(),
            self.receipt_index.clone().into(),
            self.receipt_phone_index.clone().into(),
            self.created_by.into(),
            self.opened_on.clone().into(),
            self.created_at.into(),
            self.updated_at.into(),
            self.closed_at.into(),
        ]
    }
}

pub async fn insert(ex: &mut Exec<'_>, r: &CaseRow) -> Result<(), DbError> {
    insert_many(ex, std::slice::from_ref(r)).await
}

/// Inserts cases with one multi-row statement per `BATCH` rows (bulk paths: generators).
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
    for chunk in rows.chunks(BATCH) {
        let mut insert = Select::insert();
        insert
            .into_table(Alias::new("cases"))
            .columns(COLUMNS.split(", ").map(|c| Alias::new(c.trim())));
        for row in chunk {
            insert.values_panic(row.values().into_iter().map(Into::into));
        }
        let q = ex.build(&insert);
        ex.execute(q).await?;
    }
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
        let mut unit = UnitCode::parse(&r.unit_code).ok();
        while let Some(parent) = unit.and_then(|u| u.implied_parent()) {
            units.push(parent.as_str().to_owned());
            unit = Some(parent);
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
    let mut s = Select::select();
    s.expr(Expr::cust(
        COLUMNS
            .split(", ")
            .map(|col| format!("c.{}", col.trim()))
            .collect::<Vec<_>>()
            .join(", "),
    ))
    .from_as(Alias::new("cases"), Alias::new("c"));
    s
}

async fn fetch_cases(ex: &mut Exec<'_>, select: &SelectStatement) -> Result<Vec<CaseRow>, DbError> {
    let q = ex.build(select);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(CaseRow::from_row)
        .collect()
}

/// A case the caller may see.
pub async fn find(
    ex: &mut Exec<'_>,
    vis: &Visibility,
    id: i64,
) -> Result<Option<CaseRow>, DbError> {
    let mut s = select_cases();
    s.cond_where(vis.condition()).and_where(c("id").eq(id));
    Ok(fetch_cases(ex, &s).await?.pop())
}

/// One line of the "taken in by me" list: the case's status and nothing of its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenInRow {
    pub code: String,
    pub status: String,
    pub due_at: Option<i64>,
}

/// The cases a user took in, newest first, as status lines (code, status, deadline) — read
/// without a visibility: the user is their taker, and the line shows nothing she did not
/// write down herself.
pub async fn taken_in_by(
    ex: &mut Exec<'_>,
    user_id: i64,
    limit: u64,
) -> Result<Vec<TakenInRow>, DbError> {
    let q = sql(
        "SELECT code, status, due_at FROM cases WHERE created_by = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX));
    ex.fetch_all(q)
        .await?
        .iter()
        .map(|r| {
            Ok(TakenInRow {
                code: r.get("code")?,
                status: r.get("status")?,
                due_at: r.get("due_at")?,
            })
        })
        .collect()
}

/// A case by its public receipt (the caller's own look-up: no visibility applies).
pub async fn find_by_receipt(
    ex: &mut Exec<'_>,
    receipt_index: &str,
) -> Result<Option<CaseRow>, DbError> {
    let mut s = select_cases();
    s.and_where(c("receipt_index").eq(receipt_index));
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
    pub unit_range: Option<(String, String)>,
    pub handler_id: Option<i64>,
    pub opened_from: Option<String>,
    pub opened_to: Option<String>,
    pub code: Option<String>,
    /// Cases with any of these people in them.
    pub person_ids: Option<Vec<i64>>,
    pub ids: Option<Vec<i64>>,
}

/// The filters on columns `case_counts` also has (status, kind, category, channel).
fn counted_columns(mut cond: Cond, f: &Filter) -> Cond {
    let text = |col: &str, v: &Option<String>| v.as_ref().map(|v| c(col).eq(v.as_str()));
    for e in [
        text("status", &f.status),
        text("kind", &f.kind),
        text("category", &f.category),
        text("channel", &f.channel),
    ]
    .into_iter()
    .flatten()
    {
        cond = cond.add(e);
    }
    cond
}

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
}

fn condition(vis: &Visibility, f: &Filter) -> Cond {
    let mut cond = counted_columns(vis.condition(), f);
    if let Some((lo, hi)) = &f.unit_range {
        cond = cond.add(c("unit_code").between(lo.as_str(), hi.as_str()));
    }
    if let Some(code) = &f.code {
        cond = cond.add(c("code").eq(code.as_str()));
    }
    if let Some(now) = f.overdue_at {
        cond = cond.add(c("due_at").lt(now));
    }
    if let Some(now) = f.follow_up_due_at {
        cond = cond
            .add(c("follow_up_due").lt(now))
            .add(c("followed_up_at").is_null());
    }
    if let Some(h) = f.handler_id {
        cond = cond.add(c("handler_id").eq(h));
    }
    if let Some(from) = &f.opened_from {
        cond = cond.add(c("opened_on").gte(from.as_str()));
    }
    if let Some(to) = &f.opened_to {
        cond = cond.add(c("opened_on").lte(to.as_str()));
    }
    if let Some(people) = &f.person_ids {
        let mut sub = Select::select();
        sub.column(Alias::new("case_id"))
            .from(Alias::new("case_people"))
            .and_where(Expr::col(Alias::new("person_id")).is_in(people.iter().copied()));
        cond = cond.add(c("id").in_subquery(sub));
    }
    if let Some(ids) = &f.ids {
        cond = cond.add(c("id").is_in(ids.iter().copied()));
    }
    cond
}

/// The unit whose subtree is the intersection of the caller's subtree and the filter's unit
/// (subtree ranges are nested or apart: the narrower one's first code is its unit), or None
/// when they are apart.
fn counted_unit<'a>(vis: &'a Visibility, f: &'a Filter) -> Option<&'a str> {
    match &f.unit_range {
        None => Some(vis.unit_lo.as_str()),
        Some((lo, _)) if *lo >= vis.unit_lo && *lo <= vis.unit_hi => Some(lo.as_str()),
        Some((lo, hi)) if vis.unit_lo >= *lo && vis.unit_lo <= *hi => Some(vis.unit_lo.as_str()),
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
    let mut s = Select::select();
    s.expr(Expr::cust("CAST(COALESCE(SUM(c.n), 0) AS BIGINT)"))
        .from_as(Alias::new("case_counts"), Alias::new("c"))
        .cond_where(counted_columns(cond.add(c("unit_code").eq(unit)), f));
    let q = ex.build(&s);
    ex.fetch_scalar(q).await
}

/// The number of cases a filter matches: added up from `case_counts` where the filter allows
/// (plus, for callers who see restricted cases only as their handler, those they handle),
/// counted in the table's indexes otherwise.
async fn total(ex: &mut Exec<'_>, vis: &Visibility, f: &Filter) -> Result<i64, DbError> {
    if !counted(vis, f) {
        let mut s = Select::select();
        s.expr(Expr::cust("COUNT(*)"))
            .from_as(Alias::new("cases"), Alias::new("c"))
            .cond_where(condition(vis, f));
        let q = ex.build(&s);
        let q = match narrowest_index(ex, vis, f).await? {
            Some(index) => indexed_by(q, index),
            None => q,
        };
        return ex.fetch_scalar(q).await;
    }
    let Some(unit) = counted_unit(vis, f) else {
        return Ok(0);
    };
    let mut scope = Cond::all();
    if !vis.sees_restricted {
        scope = scope.add(c("restricted").eq(false));
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
        let in_range = |(lo, hi): (&str, &str)| unit.as_str() >= lo && unit.as_str() <= hi;
        if in_range((&vis.unit_lo, &vis.unit_hi))
            && f.unit_range
                .as_ref()
                .is_none_or(|(lo, hi)| in_range((lo, hi)))
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

/// The query with its `cases AS c` read through the named index (SQLite).
fn indexed_by(q: crate::Query, index: &str) -> crate::Query {
    q.replace_once(
        r#"FROM "cases" AS "c""#,
        &format!(r#"FROM "cases" AS "c" INDEXED BY "{index}""#),
    )
}

/// The cases of the province around the caller's subtree (all a walk of the table may read,
/// in a deployment of one province).
async fn cases_in_province(ex: &mut Exec<'_>, vis: &Visibility) -> Result<i64, DbError> {
    let province = format!("{:0<12}", vis.unit_lo.get(..2).unwrap_or("00"));
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
    let mut s = Select::select();
    s.expr(c("id"))
        .from_as(Alias::new("cases"), Alias::new("c"))
        .cond_where(condition(vis, f))
        .order_by((Alias::new("c"), Alias::new("id")), Order::Desc)
        .limit(limit)
        .offset(offset);
    let mut q = ex.build(&s);
    if ex.engine() == Engine::Sqlite {
        let wanted = i128::from(offset + limit);
        let walk =
            wanted * i128::from(cases_in_province(ex, vis).await?) <= i128::from(total).pow(2);
        if walk {
            q = q.replace_once(
                r#"FROM "cases" AS "c""#,
                r#"FROM "cases" AS "c" NOT INDEXED"#,
            );
        } else if let Some(index) = narrowest_index(ex, vis, f).await? {
            q = indexed_by(q, index);
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
        .and_where(c("id").is_in(ids))
        .order_by((Alias::new("c"), Alias::new("id")), Order::Desc);
    Ok((fetch_cases(ex, &s).await?, total))
}

async fn count(ex: &mut Exec<'_>, cond: Cond) -> Result<i64, DbError> {
    let mut s = Select::select();
    s.expr(Expr::cust("COUNT(*)"))
        .from_as(Alias::new("cases"), Alias::new("c"))
        .cond_where(cond);
    let q = ex.build(&s);
    ex.fetch_scalar(q).await
}

/// Open cases past their deadline, as the home page counts them.
pub async fn count_overdue(ex: &mut Exec<'_>, vis: &Visibility, now: i64) -> Result<i64, DbError> {
    count(ex, vis.condition().add(c("due_at").lt(now))).await
}

/// Counts of the visible cases opened in a period, grouped by one column (or the month).
pub async fn counts_by(
    ex: &mut Exec<'_>,
    vis: &Visibility,
    f: &Filter,
    group: Grouping,
) -> Result<Vec<(String, i64)>, DbError> {
    let key = match group {
        Grouping::Category => "c.category",
        Grouping::Channel => "c.channel",
        Grouping::Status => "c.status",
        Grouping::Kind => "c.kind",
        Grouping::Month => "substr(c.opened_on, 1, 7)",
    };
    let mut s = Select::select();
    s.expr_as(Expr::cust(key), Alias::new("k"))
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from_as(Alias::new("cases"), Alias::new("c"))
        .cond_where(condition(vis, f))
        .add_group_by([Expr::cust(key)])
        .order_by(Alias::new("k"), Order::Asc);
    let q = ex.build(&s);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(|r| Ok((r.get("k")?, r.get("n")?)))
        .collect()
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

// ---- people in a case ----

pub async fn add_person(
    ex: &mut Exec<'_>,
    case_id: i64,
    person_id: i64,
    role: &str,
) -> Result<(), DbError> {
    ex.execute(
        sql(
            "INSERT INTO case_people (case_id, person_id, role) VALUES ($1, $2, $3) \
             ON CONFLICT (case_id, person_id) DO UPDATE SET role = excluded.role",
        )
        .bind(case_id)
        .bind(person_id)
        .bind(role),
    )
    .await?;
    Ok(())
}

/// A person in a case, with what the case page shows of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePersonRow {
    pub person_id: i64,
    pub role: String,
    pub name: String,
    pub id_masked: String,
}

pub async fn people_of(ex: &mut Exec<'_>, case_id: i64) -> Result<Vec<CasePersonRow>, DbError> {
    ex.fetch_all(
        sql(
            "SELECT cp.person_id, cp.role, p.name, p.id_masked FROM case_people cp \
             JOIN people p ON p.id = cp.person_id WHERE cp.case_id = $1 ORDER BY cp.person_id",
        )
        .bind(case_id),
    )
    .await?
    .iter()
    .map(|r| {
        Ok(CasePersonRow {
            person_id: r.get("person_id")?,
            role: r.get("role")?,
            name: r.get("name")?,
            id_masked: r.get("id_masked")?,
        })
    })
    .collect()
}

// ---- timeline ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: i64,
    pub case_id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub body_cipher: Option<Vec<u8>>,
    /// JSON with the event's non-sensitive particulars (department, file, order …).
    pub detail: String,
}

pub async fn add_event(ex: &mut Exec<'_>, e: &EventRow) -> Result<(), DbError> {
    add_events(ex, std::slice::from_ref(e)).await
}

/// Inserts timeline events with one multi-row statement per `BATCH` rows.
pub async fn add_events(ex: &mut Exec<'_>, events: &[EventRow]) -> Result<(), DbError> {
    const EVENT_COLUMNS: [&str; 10] = [
        "id",
        "case_id",
        "at",
        "actor_id",
        "actor",
        "kind",
        "from_status",
        "to_status",
        "body_cipher",
        "detail",
    ];
    for chunk in events.chunks(BATCH) {
        let mut insert = Select::insert();
        insert
            .into_table(Alias::new("case_events"))
            .columns(EVENT_COLUMNS.map(Alias::new));
        for e in chunk {
            let values: [Value; 10] = [
                e.id.into(),
                e.case_id.into(),
                e.at.into(),
                e.actor_id.into(),
                e.actor.clone().into(),
                e.kind.clone().into(),
                e.from_status.clone().into(),
                e.to_status.clone().into(),
                e.body_cipher.clone().into(),
                e.detail.clone().into(),
            ];
            insert.values_panic(values.map(Into::into));
        }
        let q = ex.build(&insert);
        ex.execute(q).await?;
    }
    Ok(())
}

pub async fn events_of(ex: &mut Exec<'_>, case_id: i64) -> Result<Vec<EventRow>, DbError> {
    ex.fetch_all(
        sql("SELECT id, case_id, at, actor_id, actor, kind, from_status, to_status, body_cipher, detail \
             FROM case_events WHERE case_id = $1 ORDER BY id")
        .bind(case_id),
    )
    .await?
    .iter()
    .map(|r| {
        Ok(EventRow {
            id: r.get("id")?,
            case_id: r.get("case_id")?,
            at: r.get("at")?,
            actor_id: r.get("actor_id")?,
            actor: r.get("actor")?,
            kind: r.get("kind")?,
            from_status: r.get("from_status")?,
            to_status: r.get("to_status")?,
            body_cipher: r.get("body_cipher")?,
            detail: r.get("detail")?,
        })
    })
    .collect()
}

// ---- referrals ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRow {
    pub id: i64,
    pub case_id: i64,
    pub department_code: String,
    pub request_cipher: Vec<u8>,
    pub asked_at: i64,
    pub asked_by: String,
    pub due_at: i64,
    pub answer_cipher: Option<Vec<u8>>,
    pub answered_at: Option<i64>,
    pub answered_by: Option<String>,
}

const REFERRAL_COLUMNS: &str = "r.id, r.case_id, r.department_code, r.request_cipher, r.asked_at, \
    r.asked_by, r.due_at, r.answer_cipher, r.answered_at, r.answered_by";

impl ReferralRow {
    fn from_row(r: &Row) -> Result<ReferralRow, DbError> {
        Ok(ReferralRow {
            id: r.get("id")?,
            case_id: r.get("case_id")?,
            department_code: r.get("department_code")?,
            request_cipher: r.get("request_cipher")?,
            asked_at: r.get("asked_at")?,
            asked_by: r.get("asked_by")?,
            due_at: r.get("due_at")?,
            answer_cipher: r.get("answer_cipher")?,
            answered_at: r.get("answered_at")?,
            answered_by: r.get("answered_by")?,
        })
    }
}

pub async fn add_referral(ex: &mut Exec<'_>, r: &ReferralRow) -> Result<(), DbError> {
    ex.execute(
        sql(
            "INSERT INTO case_referrals (id, case_id, department_code, request_cipher, asked_at, \
             asked_by, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(r.id)
        .bind(r.case_id)
        .bind(r.department_code.as_str())
        .bind(r.request_cipher.clone())
        .bind(r.asked_at)
        .bind(r.asked_by.as_str())
        .bind(r.due_at),
    )
    .await?;
    Ok(())
}

pub async fn answer_referral(
    ex: &mut Exec<'_>,
    id: i64,
    answer_cipher: &[u8],
    at: i64,
    by: &str,
) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE case_referrals SET answer_cipher = $2, answered_at = $3, answered_by = $4 WHERE id = $1")
            .bind(id)
            .bind(answer_cipher.to_vec())
            .bind(at)
            .bind(by),
    )
    .await?;
    Ok(())
}

pub async fn referrals_of(ex: &mut Exec<'_>, case_id: i64) -> Result<Vec<ReferralRow>, DbError> {
    ex.fetch_all(
        sql(format!(
            "SELECT {REFERRAL_COLUMNS} FROM case_referrals r WHERE r.case_id = $1 ORDER BY r.id"
        ))
        .bind(case_id),
    )
    .await?
    .iter()
    .map(ReferralRow::from_row)
    .collect()
}

/// Unanswered referrals past their due time on cases the caller may see, oldest first.
pub async fn overdue_referrals(
    ex: &mut Exec<'_>,
    vis: &Visibility,
    department: Option<&str>,
    now: i64,
    limit: u64,
) -> Result<Vec<(ReferralRow, String)>, DbError> {
    let mut s = Select::select();
    s.expr(Expr::cust(format!(
        "{REFERRAL_COLUMNS}, c.code AS case_code"
    )))
    .from_as(Alias::new("case_referrals"), Alias::new("r"))
    .join_as(
        sea_query::JoinType::InnerJoin,
        Alias::new("cases"),
        Alias::new("c"),
        c("id").equals((Alias::new("r"), Alias::new("case_id"))),
    )
    .cond_where(vis.condition())
    .and_where(Expr::col((Alias::new("r"), Alias::new("answered_at"))).is_null())
    .and_where(Expr::col((Alias::new("r"), Alias::new("due_at"))).lt(now))
    .order_by((Alias::new("r"), Alias::new("due_at")), Order::Asc)
    .limit(limit);
    if let Some(d) = department {
        s.and_where(Expr::col((Alias::new("r"), Alias::new("department_code"))).eq(d));
    }
    let q = ex.build(&s);
    ex.fetch_all(q)
        .await?
        .iter()
        .map(|r| Ok((ReferralRow::from_row(r)?, r.get("case_code")?)))
        .collect()
}

/// Referrals addressed to a department (its reporters' inbox), newest first.
pub async fn referrals_to(
    ex: &mut Exec<'_>,
    department: &str,
    limit: u64,
) -> Result<Vec<(ReferralRow, String, bool)>, DbError> {
    ex.fetch_all(
        sql(format!(
            "SELECT {REFERRAL_COLUMNS}, c.code AS case_code, c.restricted AS restricted \
             FROM case_referrals r JOIN cases c ON c.id = r.case_id \
             WHERE r.department_code = $1 ORDER BY r.id DESC LIMIT $2"
        ))
        .bind(department)
        .bind(limit as i64),
    )
    .await?
    .iter()
    .map(|r| {
        Ok((
            ReferralRow::from_row(r)?,
            r.get("case_code")?,
            r.get("restricted")?,
        ))
    })
    .collect()
}

pub async fn find_referral(ex: &mut Exec<'_>, id: i64) -> Result<Option<ReferralRow>, DbError> {
    ex.fetch_optional(
        sql(format!(
            "SELECT {REFERRAL_COLUMNS} FROM case_referrals r WHERE r.id = $1"
        ))
        .bind(id),
    )
    .await?
    .as_ref()
    .map(ReferralRow::from_row)
    .transpose()
}

// ---- attachments ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRow {
    pub id: i64,
    pub case_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub stored_name: String,
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

impl AttachmentRow {
    fn from_row(r: &Row) -> Result<AttachmentRow, DbError> {
        Ok(AttachmentRow {
            id: r.get("id")?,
            case_id: r.get("case_id")?,
            file_name: r.get("file_name")?,
            content_type: r.get("content_type")?,
            size: r.get("size")?,
            sha256: r.get("sha256")?,
            stored_name: r.get("stored_name")?,
            uploaded_at: r.get("uploaded_at")?,
            uploaded_by: r.get("uploaded_by")?,
        })
    }
}

pub async fn add_attachment(ex: &mut Exec<'_>, a: &AttachmentRow) -> Result<(), DbError> {
    ex.execute(
        sql(
            "INSERT INTO case_attachments (id, case_id, file_name, content_type, size, sha256, \
             stored_name, uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(a.id)
        .bind(a.case_id)
        .bind(a.file_name.as_str())
        .bind(a.content_type.as_str())
        .bind(a.size)
        .bind(a.sha256.as_str())
        .bind(a.stored_name.as_str())
        .bind(a.uploaded_at)
        .bind(a.uploaded_by.as_str()),
    )
    .await?;
    Ok(())
}

pub async fn attachments_of(
    ex: &mut Exec<'_>,
    case_id: i64,
) -> Result<Vec<AttachmentRow>, DbError> {
    ex.fetch_all(
        sql(
            "SELECT id, case_id, file_name, content_type, size, sha256, stored_name, uploaded_at, \
             uploaded_by FROM case_attachments WHERE case_id = $1 ORDER BY id",
        )
        .bind(case_id),
    )
    .await?
    .iter()
    .map(AttachmentRow::from_row)
    .collect()
}

// ---- protection orders ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub id: i64,
    pub case_id: i64,
    pub applied_on: String,
    pub court: String,
    pub status: String,
    pub decided_on: Option<String>,
    pub valid_until: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub async fn put_order(ex: &mut Exec<'_>, o: &OrderRow) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO case_orders (id, case_id, applied_on, court, status, decided_on, valid_until, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (id) DO UPDATE SET status = excluded.status, decided_on = excluded.decided_on, \
             valid_until = excluded.valid_until, updated_at = excluded.updated_at")
        .bind(o.id)
        .bind(o.case_id)
        .bind(o.applied_on.as_str())
        .bind(o.court.as_str())
        .bind(o.status.as_str())
        .bind(o.decided_on.clone())
        .bind(o.valid_until.clone())
        .bind(o.created_at)
        .bind(o.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn orders_of(ex: &mut Exec<'_>, case_id: i64) -> Result<Vec<OrderRow>, DbError> {
    ex.fetch_all(
        sql(
            "SELECT id, case_id, applied_on, court, status, decided_on, valid_until, created_at, \
             updated_at FROM case_orders WHERE case_id = $1 ORDER BY id",
        )
        .bind(case_id),
    )
    .await?
    .iter()
    .map(|r| {
        Ok(OrderRow {
            id: r.get("id")?,
            case_id: r.get("case_id")?,
            applied_on: r.get("applied_on")?,
            court: r.get("court")?,
            status: r.get("status")?,
            decided_on: r.get("decided_on")?,
            valid_until: r.get("valid_until")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    })
    .collect()
}

// ---- briefings ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefingRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub summary: String,
    pub suggestion: String,
    pub drafter: String,
    pub signer: String,
    pub unit_code: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub sent_on: Option<String>,
    pub response: Option<String>,
    pub response_on: Option<String>,
    pub updated_at: i64,
    /// The sealed summary, suggestion and response (the plain columns stay empty for new rows).
    pub summary_cipher: Option<Vec<u8>>,
    pub suggestion_cipher: Option<Vec<u8>>,
    pub response_cipher: Option<Vec<u8>>,
}

const BRIEFING_COLUMNS: &str = "id, code, title, summary, suggestion, drafter, signer, unit_code, \
    created_by, created_at, sent_on, response, response_on, updated_at, summary_cipher, \
    suggestion_cipher, response_cipher";

impl BriefingRow {
    fn from_row(r: &Row) -> Result<BriefingRow, DbError> {
        Ok(BriefingRow {
            id: r.get("id")?,
            code: r.get("code")?,
            title: r.get("title")?,
            summary: r.get("summary")?,
            suggestion: r.get("suggestion")?,
            drafter: r.get("drafter")?,
            signer: r.get("signer")?,
            unit_code: r.get("unit_code")?,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
            sent_on: r.get("sent_on")?,
            response: r.get("response")?,
            response_on: r.get("response_on")?,
            updated_at: r.get("updated_at")?,
            summary_cipher: r.get("summary_cipher")?,
            suggestion_cipher: r.get("suggestion_cipher")?,
            response_cipher: r.get("response_cipher")?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefingItemRow {
    pub case_id: i64,
    pub sort: i64,
    pub heading: String,
    /// Empty for items written since `body_cipher` exists.
    pub body: String,
    pub body_cipher: Option<Vec<u8>>,
}

pub async fn insert_briefing(
    ex: &mut Exec<'_>,
    b: &BriefingRow,
    items: &[BriefingItemRow],
) -> Result<(), DbError> {
    ex.execute(
        sql(format!(
            "INSERT INTO briefings ({BRIEFING_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
             $10, $11, $12, $13, $14, $15, $16, $17)"
        ))
        .bind(b.id)
        .bind(b.code.as_str())
        .bind(b.title.as_str())
        .bind(b.summary.as_str())
        .bind(b.suggestion.as_str())
        .bind(b.drafter.as_str())
        .bind(b.signer.as_str())
        .bind(b.unit_code.as_str())
        .bind(b.created_by)
        .bind(b.created_at)
        .bind(b.sent_on.clone())
        .bind(b.response.clone())
        .bind(b.response_on.clone())
        .bind(b.updated_at)
        .bind(b.summary_cipher.clone())
        .bind(b.suggestion_cipher.clone())
        .bind(b.response_cipher.clone()),
    )
    .await?;
    for item in items {
        ex.execute(
            sql(
                "INSERT INTO briefing_items (briefing_id, case_id, sort, heading, body, body_cipher) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(b.id)
            .bind(item.case_id)
            .bind(item.sort)
            .bind(item.heading.as_str())
            .bind(item.body.as_str())
            .bind(item.body_cipher.clone()),
        )
        .await?;
    }
    Ok(())
}

pub async fn update_briefing_response(ex: &mut Exec<'_>, b: &BriefingRow) -> Result<(), DbError> {
    ex.execute(
        sql(
            "UPDATE briefings SET sent_on = $2, response = $3, response_on = $4, updated_at = $5, \
             response_cipher = $6 WHERE id = $1",
        )
        .bind(b.id)
        .bind(b.sent_on.clone())
        .bind(b.response.clone())
        .bind(b.response_on.clone())
        .bind(b.updated_at)
        .bind(b.response_cipher.clone()),
    )
    .await?;
    Ok(())
}

/// A briefing in the caller's subtree.
pub async fn find_briefing(
    ex: &mut Exec<'_>,
    unit_lo: &str,
    unit_hi: &str,
    id: i64,
) -> Result<Option<BriefingRow>, DbError> {
    ex.fetch_optional(
        sql(format!(
            "SELECT {BRIEFING_COLUMNS} FROM briefings WHERE id = $1 AND unit_code BETWEEN $2 AND $3"
        ))
        .bind(id)
        .bind(unit_lo)
        .bind(unit_hi),
    )
    .await?
    .as_ref()
    .map(BriefingRow::from_row)
    .transpose()
}

pub async fn list_briefings(
    ex: &mut Exec<'_>,
    unit_lo: &str,
    unit_hi: &str,
    offset: u64,
    limit: u64,
) -> Result<(Vec<BriefingRow>, i64), DbError> {
    let total = ex
        .fetch_scalar(
            sql("SELECT COUNT(*) FROM briefings WHERE unit_code BETWEEN $1 AND $2")
                .bind(unit_lo)
                .bind(unit_hi),
        )
        .await?;
    let rows = ex
        .fetch_all(
            sql(format!(
                "SELECT {BRIEFING_COLUMNS} FROM briefings WHERE unit_code BETWEEN $1 AND $2 \
                 ORDER BY id DESC LIMIT $3 OFFSET $4"
            ))
            .bind(unit_lo)
            .bind(unit_hi)
            .bind(limit as i64)
            .bind(offset as i64),
        )
        .await?
        .iter()
        .map(BriefingRow::from_row)
        .collect::<Result<_, _>>()?;
    Ok((rows, total))
}

pub async fn briefing_items(
    ex: &mut Exec<'_>,
    briefing_id: i64,
) -> Result<Vec<BriefingItemRow>, DbError> {
    ex.fetch_all(
        sql("SELECT case_id, sort, heading, body, body_cipher FROM briefing_items WHERE briefing_id = $1 ORDER BY sort")
            .bind(briefing_id),
    )
    .await?
    .iter()
    .map(|r| {
        Ok(BriefingItemRow {
            case_id: r.get("case_id")?,
            sort: r.get("sort")?,
            heading: r.get("heading")?,
            body: r.get("body")?,
            body_cipher: r.get("body_cipher")?,
        })
    })
    .collect()
}

/// `(id, code, title)` of the briefings a case was part of.
pub async fn briefings_of_case(
    ex: &mut Exec<'_>,
    case_id: i64,
) -> Result<Vec<(i64, String, String)>, DbError> {
    ex.fetch_all(
        sql("SELECT b.id, b.code, b.title FROM briefings b JOIN briefing_items i ON i.briefing_id = b.id \
             WHERE i.case_id = $1 ORDER BY b.id")
        .bind(case_id),
    )
    .await?
    .iter()
    .map(|r| Ok((r.get("id")?, r.get("code")?, r.get("title")?)))
    .collect()
}
