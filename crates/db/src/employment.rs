//! Employment: enterprises with their leaders and visits, jobs, seekers and recommendations,
//! events with check-ins and agreements, assistance, mentoring and outcomes. Contact phones and
//! visitors' names and phones arrive here encrypted (`*_cipher`) with their blind index.

use crate::{sql, DbError, Exec, Query, Row};
use sea_query::Value;

// ---- small helpers for the hand-written statements of this module ----

fn insert_sql(table: &str, columns: &[&str]) -> String {
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        marks.join(", ")
    )
}

/// `UPDATE table SET … WHERE id = $1`, the first column being `id`.
fn update_sql(table: &str, columns: &[&str]) -> String {
    let sets: Vec<String> = columns
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    format!("UPDATE {table} SET {} WHERE id = $1", sets.join(", "))
}

fn bind_all(mut q: Query, values: Vec<Value>) -> Query {
    for v in values {
        q = q.bind(v);
    }
    q
}

/// Rows inserted a few hundred to a statement (`INSERT … VALUES (…), (…)`), each row's values
/// in `columns` order; `tail` follows each statement (an `ON CONFLICT …` clause or nothing).
/// Returns how many rows were inserted.
async fn insert_batched(
    ex: &mut Exec<'_>,
    table: &str,
    columns: &[&str],
    rows: impl Iterator<Item = Vec<Value>>,
    tail: &str,
) -> Result<u64, DbError> {
    let width = columns.len();
    // PostgreSQL binds at most 65,535 values to a statement; SQLite 32,766.
    let per_statement = (30_000 / width).min(500);
    let mut rows = rows.peekable();
    let mut added = 0;
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
        let groups: Vec<String> = (0..chunk.len())
            .map(|r| {
                let marks: Vec<String> =
                    (1..=width).map(|c| format!("${}", r * width + c)).collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let text = format!(
            "INSERT INTO {table} ({}) VALUES {} {tail}",
            columns.join(", "),
            groups.join(", ")
        );
        added += ex
            .execute(bind_all(sql(text), chunk.into_iter().flatten().collect()))
            .await?;
    }
    Ok(added)
}

/// Conditions joined by AND, each with `?` standing for its one value.
#[derive(Default)]
pub struct Where {
    parts: Vec<String>,
    values: Vec<Value>,
}

impl Where {
    pub fn add(&mut self, condition: &str, value: impl Into<Value>) -> &mut Where {
        self.values.push(value.into());
        self.parts
            .push(condition.replacen('?', &format!("${}", self.values.len()), 1));
        self
    }

    /// A condition with two values (`a BETWEEN ? AND ?`).
    pub fn add2(
        &mut self,
        condition: &str,
        a: impl Into<Value>,
        b: impl Into<Value>,
    ) -> &mut Where {
        self.values.push(a.into());
        let first = self.values.len();
        self.values.push(b.into());
        let text = condition.replacen('?', &format!("${first}"), 1).replacen(
            '?',
            &format!("${}", first + 1),
            1,
        );
        self.parts.push(text);
        self
    }

    pub fn raw(&mut self, condition: &str) -> &mut Where {
        self.parts.push(condition.to_owned());
        self
    }

    fn text(&self) -> String {
        if self.parts.is_empty() {
            "TRUE".into()
        } else {
            self.parts.join(" AND ")
        }
    }

    /// `select … WHERE <conditions> <tail>`, the values bound in order.
    fn query(&self, select: &str, tail: &str) -> Query {
        bind_all(
            sql(format!("{select} WHERE {} {tail}", self.text())),
            self.values.clone(),
        )
    }
}

/// A LIKE pattern matching `text` anywhere, its wildcards escaped (used with `ESCAPE '\'`).
pub fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

async fn fetch_rows<T>(
    ex: &mut Exec<'_>,
    q: Query,
    read: fn(&Row) -> Result<T, DbError>,
) -> Result<Vec<T>, DbError> {
    ex.fetch_all(q).await?.iter().map(read).collect()
}

// ---- enterprises ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseRow {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub women_owned: bool,
    pub entrepreneur_id: Option<i64>,
    pub industry: Option<String>,
    pub staff: Option<i64>,
    pub women_staff: Option<i64>,
    pub unit_code: String,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone_cipher: Option<Vec<u8>>,
    pub contact_phone_masked: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const ENTERPRISE_COLUMNS: [&str; 16] = [
    "id",
    "name",
    "credit_code",
    "women_owned",
    "entrepreneur_id",
    "industry",
    "staff",
    "women_staff",
    "unit_code",
    "address",
    "contact_name",
    "contact_phone_cipher",
    "contact_phone_masked",
    "created_by",
    "created_at",
    "updated_at",
];

impl EnterpriseRow {
    fn read(r: &Row) -> Result<EnterpriseRow, DbError> {
        Ok(EnterpriseRow {
            id: r.get("id")?,
            name: r.get("name")?,
            credit_code: r.get("credit_code")?,
            women_owned: r.get("women_owned")?,
            entrepreneur_id: r.get("entrepreneur_id")?,
            industry: r.get("industry")?,
            staff: r.get("staff")?,
            women_staff: r.get("women_staff")?,
            unit_code: r.get("unit_code")?,
            address: r.get("address")?,
            contact_name: r.get("contact_name")?,
            contact_phone_cipher: r.get("contact_phone_cipher")?,
            contact_phone_masked: r.get("contact_phone_masked")?,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    }

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.into(),
            self.name.clone().into(),
            self.credit_code.clone().into(),
            self.women_owned.into(),
            self.entrepreneur_id.into(),
            self.industry.clone().into(),
            self.staff.into(),
            self.women_staff.into(),
            self.unit_code.clone().into(),
            self.address.clone().into(),
            self.contact_name.clone().into(),
            self.contact_phone_cipher.clone().into(),
            self.contact_phone_masked.clone().into(),
            self.created_by.into(),
            self.created_at.into(),
            self.updated_at.into(),
        ]
    }
}

pub async fn insert_enterprise(ex: &mut Exec<'_>, r: &EnterpriseRow) -> Result<(), DbError> {
    let q = bind_all(
        sql(insert_sql("enterprises", &ENTERPRISE_COLUMNS)),
        r.values(),
    );
    ex.execute(q).await?;
    Ok(())
}

/// Inserts enterprises in a few statements (imports, the demo district).
pub async fn insert_enterprises(ex: &mut Exec<'_>, rows: &[EnterpriseRow]) -> Result<(), DbError> {
    let values = rows.iter().map(EnterpriseRow::values);
    insert_batched(ex, "enterprises", &ENTERPRISE_COLUMNS, values, "").await?;
    Ok(())
}

pub async fn update_enterprise(ex: &mut Exec<'_>, r: &EnterpriseRow) -> Result<(), DbError> {
    let q = bind_all(
        sql(update_sql("enterprises", &ENTERPRISE_COLUMNS)),
        r.values(),
    );
    ex.execute(q).await?;
    Ok(())
}

fn enterprise_select() -> String {
    format!("SELECT {} FROM enterprises", ENTERPRISE_COLUMNS.join(", "))
}

pub async fn find_enterprise(ex: &mut Exec<'_>, id: i64) -> Result<Option<EnterpriseRow>, DbError> {
    let mut w = Where::default();
    w.add("id = ?", id);
    let row = ex.fetch_optional(w.query(&enterprise_select(), "")).await?;
    row.as_ref().map(EnterpriseRow::read).transpose()
}

pub async fn find_enterprise_by_code(
    ex: &mut Exec<'_>,
    credit_code: &str,
) -> Result<Option<EnterpriseRow>, DbError> {
    let mut w = Where::default();
    w.add("credit_code = ?", credit_code);
    let row = ex.fetch_optional(w.query(&enterprise_select(), "")).await?;
    row.as_ref().map(EnterpriseRow::read).transpose()
}

/// The enterprises registered under any of these credit codes.
pub async fn find_enterprises_by_codes(
    ex: &mut Exec<'_>,
    codes: &[String],
) -> Result<Vec<EnterpriseRow>, DbError> {
    let mut found = Vec::new();
    for chunk in codes.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let q = sql(format!(
            "{} WHERE credit_code IN ({})",
            enterprise_select(),
            marks.join(", ")
        ));
        let values = chunk.iter().map(|c| Value::from(c.as_str())).collect();
        found.extend(fetch_rows(ex, bind_all(q, values), EnterpriseRow::read).await?);
    }
    Ok(found)
}

pub async fn find_enterprises(
    ex: &mut Exec<'_>,
    ids: &[i64],
) -> Result<Vec<EnterpriseRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let q = sql(format!(
        "{} WHERE id IN ({})",
        enterprise_select(),
        list.join(", ")
    ));
    fetch_rows(ex, q, EnterpriseRow::read).await
}

#[derive(Debug, Clone, Default)]
pub struct EnterpriseFilter {
    pub unit_lo: String,
    pub unit_hi: String,
    pub q: Option<String>,
    pub women_owned: Option<bool>,
    pub industry: Option<String>,
    /// Only enterprises no leader is assigned to.
    pub without_leader: bool,
    /// Only the enterprises of this leader.
    pub leader_id: Option<i64>,
}

impl EnterpriseFilter {
    fn condition(&self) -> Where {
        let mut w = Where::default();
        w.add2(
            "unit_code BETWEEN ? AND ?",
            self.unit_lo.as_str(),
            self.unit_hi.as_str(),
        );
        if let Some(q) = &self.q {
            w.add2(
                "(lower(name) LIKE lower(?) ESCAPE '\\' OR credit_code = ?)",
                contains_pattern(q),
                q.to_uppercase(),
            );
        }
        if let Some(flag) = self.women_owned {
            w.add("women_owned = ?", flag);
        }
        if let Some(industry) = &self.industry {
            w.add("industry = ?", industry.as_str());
        }
        if self.without_leader {
            w.raw("NOT EXISTS (SELECT 1 FROM enterprise_leaders l WHERE l.enterprise_id = enterprises.id)");
        }
        if let Some(leader) = self.leader_id {
            w.add(
                "EXISTS (SELECT 1 FROM enterprise_leaders l WHERE l.enterprise_id = enterprises.id AND l.user_id = ?)",
                leader,
            );
        }
        w
    }
}

pub async fn list_enterprises(
    ex: &mut Exec<'_>,
    f: &EnterpriseFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<EnterpriseRow>, i64), DbError> {
    let w = f.condition();
    let total: i64 = ex
        .fetch_scalar(w.query("SELECT COUNT(*) FROM enterprises", ""))
        .await?;
    let rows = fetch_rows(
        ex,
        w.query(
            &enterprise_select(),
            &format!("ORDER BY unit_code, id LIMIT {limit} OFFSET {offset}"),
        ),
        EnterpriseRow::read,
    )
    .await?;
    Ok((rows, total))
}

// ---- leaders and visits ----

/// Replaces an enterprise's leaders.
pub async fn set_leaders(
    ex: &mut Exec<'_>,
    enterprise_id: i64,
    user_ids: &[i64],
    now: i64,
) -> Result<(), DbError> {
    ex.execute(sql("DELETE FROM enterprise_leaders WHERE enterprise_id = $1").bind(enterprise_id))
        .await?;
    for user_id in user_ids {
        ex.execute(
            sql("INSERT INTO enterprise_leaders (enterprise_id, user_id, assigned_at) VALUES ($1, $2, $3)")
                .bind(enterprise_id)
                .bind(*user_id)
                .bind(now),
        )
        .await?;
    }
    Ok(())
}

pub async fn leaders_of(ex: &mut Exec<'_>, enterprise_id: i64) -> Result<Vec<i64>, DbError> {
    ex.fetch_all(
        sql("SELECT user_id FROM enterprise_leaders WHERE enterprise_id = $1 ORDER BY assigned_at, user_id")
            .bind(enterprise_id),
    )
    .await?
    .iter()
    .map(|r| r.get_index(0))
    .collect()
}

/// Each leader's number of enterprises (leaders with none are not listed).
pub async fn leader_loads(ex: &mut Exec<'_>) -> Result<Vec<(i64, i64)>, DbError> {
    ex.fetch_all(sql(
        "SELECT user_id, COUNT(*) FROM enterprise_leaders GROUP BY user_id ORDER BY user_id",
    ))
    .await?
    .iter()
    .map(|r| Ok((r.get_index(0)?, r.get_index(1)?)))
    .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRow {
    pub id: i64,
    pub enterprise_id: i64,
    pub visited_on: String,
    pub visitor_id: Option<i64>,
    pub visitor: String,
    pub seen: String,
    pub difficulties: Option<String>,
    pub case_id: Option<i64>,
    pub created_at: i64,
}

const VISIT_COLUMNS: [&str; 9] = [
    "id",
    "enterprise_id",
    "visited_on",
    "visitor_id",
    "visitor",
    "seen",
    "difficulties",
    "case_id",
    "created_at",
];

impl VisitRow {
    fn read(r: &Row) -> Result<VisitRow, DbError> {
        Ok(VisitRow {
            id: r.get("id")?,
            enterprise_id: r.get("enterprise_id")?,
            visited_on: r.get("visited_on")?,
            visitor_id: r.get("visitor_id")?,
            visitor: r.get("visitor")?,
            seen: r.get("seen")?,
            difficulties: r.get("difficulties")?,
            case_id: r.get("case_id")?,
            created_at: r.get("created_at")?,
        })
    }
}

pub async fn insert_visit(ex: &mut Exec<'_>, v: &VisitRow) -> Result<(), DbError> {
    let values: Vec<Value> = vec![
        v.id.into(),
        v.enterprise_id.into(),
        v.visited_on.clone().into(),
        v.visitor_id.into(),
        v.visitor.clone().into(),
        v.seen.clone().into(),
        v.difficulties.clone().into(),
        v.case_id.into(),
        v.created_at.into(),
    ];
    ex.execute(bind_all(
        sql(insert_sql("enterprise_visits", &VISIT_COLUMNS)),
        values,
    ))
    .await?;
    Ok(())
}

pub async fn visits_of(ex: &mut Exec<'_>, enterprise_id: i64) -> Result<Vec<VisitRow>, DbError> {
    let q = sql(format!(
        "SELECT {} FROM enterprise_visits WHERE enterprise_id = $1 ORDER BY visited_on DESC, id DESC",
        VISIT_COLUMNS.join(", ")
    ))
    .bind(enterprise_id);
    fetch_rows(ex, q, VisitRow::read).await
}

pub async fn find_visit(ex: &mut Exec<'_>, id: i64) -> Result<Option<VisitRow>, DbError> {
    let q = sql(format!(
        "SELECT {} FROM enterprise_visits WHERE id = $1",
        VISIT_COLUMNS.join(", ")
    ))
    .bind(id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(VisitRow::read)
        .transpose()
}

/// Links a visit to the case its difficulties became; false if it already has one.
pub async fn set_visit_case(
    ex: &mut Exec<'_>,
    visit_id: i64,
    case_id: i64,
) -> Result<bool, DbError> {
    let n = ex
        .execute(
            sql("UPDATE enterprise_visits SET case_id = $2 WHERE id = $1 AND case_id IS NULL")
                .bind(visit_id)
                .bind(case_id),
        )
        .await?;
    Ok(n == 1)
}

/// Visits per enterprise since a date, for the liaison page.
pub async fn visit_counts_since(
    ex: &mut Exec<'_>,
    since: &str,
) -> Result<Vec<(i64, i64, String)>, DbError> {
    ex.fetch_all(
        sql("SELECT enterprise_id, COUNT(*), MAX(visited_on) FROM enterprise_visits WHERE visited_on >= $1 GROUP BY enterprise_id")
            .bind(since),
    )
    .await?
    .iter()
    .map(|r| Ok((r.get_index(0)?, r.get_index(1)?, r.get_index(2)?)))
    .collect()
}

// ---- jobs ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    pub id: i64,
    pub enterprise_id: i64,
    pub title: String,
    pub category: String,
    pub positions: i64,
    pub education: Option<String>,
    pub age_min: Option<i64>,
    pub age_max: Option<i64>,
    /// A JSON array of skill names.
    pub skills: String,
    pub salary_min: i64,
    pub salary_max: i64,
    pub unit_code: String,
    pub hours: String,
    /// Comma-separated friendly-term codes.
    pub terms: String,
    pub requirements: Option<String>,
    pub status: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const JOB_COLUMNS: [&str; 19] = [
    "id",
    "enterprise_id",
    "title",
    "category",
    "positions",
    "education",
    "age_min",
    "age_max",
    "skills",
    "salary_min",
    "salary_max",
    "unit_code",
    "hours",
    "terms",
    "requirements",
    "status",
    "created_by",
    "created_at",
    "updated_at",
];

impl JobRow {
    fn read(r: &Row) -> Result<JobRow, DbError> {
        Ok(JobRow {
            id: r.get("id")?,
            enterprise_id: r.get("enterprise_id")?,
            title: r.get("title")?,
            category: r.get("category")?,
            positions: r.get("positions")?,
            education: r.get("education")?,
            age_min: r.get("age_min")?,
            age_max: r.get("age_max")?,
            skills: r.get("skills")?,
            salary_min: r.get("salary_min")?,
            salary_max: r.get("salary_max")?,
            unit_code: r.get("unit_code")?,
            hours: r.get("hours")?,
            terms: r.get("terms")?,
            requirements: r.get("requirements")?,
            status: r.get("status")?,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    }

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.into(),
            self.enterprise_id.into(),
            self.title.clone().into(),
            self.category.clone().into(),
            self.positions.into(),
            self.education.clone().into(),
            self.age_min.into(),
            self.age_max.into(),
            self.skills.clone().into(),
            self.salary_min.into(),
            self.salary_max.into(),
            self.unit_code.clone().into(),
            self.hours.clone().into(),
            self.terms.clone().into(),
            self.requirements.clone().into(),
            self.status.clone().into(),
            self.created_by.into(),
            self.created_at.into(),
            self.updated_at.into(),
        ]
    }
}

pub async fn insert_job(ex: &mut Exec<'_>, r: &JobRow) -> Result<(), DbError> {
    ex.execute(bind_all(sql(insert_sql("jobs", &JOB_COLUMNS)), r.values()))
        .await?;
    Ok(())
}

/// Inserts jobs in a few statements (the demo district).
pub async fn insert_jobs(ex: &mut Exec<'_>, rows: &[JobRow]) -> Result<(), DbError> {
    insert_batched(
        ex,
        "jobs",
        &JOB_COLUMNS,
        rows.iter().map(JobRow::values),
        "",
    )
    .await?;
    Ok(())
}

pub async fn update_job(ex: &mut Exec<'_>, r: &JobRow) -> Result<(), DbError> {
    ex.execute(bind_all(sql(update_sql("jobs", &JOB_COLUMNS)), r.values()))
        .await?;
    Ok(())
}

fn job_select() -> String {
    format!("SELECT {} FROM jobs", JOB_COLUMNS.join(", "))
}

pub async fn find_job(ex: &mut Exec<'_>, id: i64) -> Result<Option<JobRow>, DbError> {
    let q = sql(format!("{} WHERE id = $1", job_select())).bind(id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(JobRow::read)
        .transpose()
}

#[derive(Debug, Clone, Default)]
pub struct JobFilter {
    pub status: Option<String>,
    pub category: Option<String>,
    pub enterprise_id: Option<i64>,
    /// Jobs whose work location is in this unit range.
    pub unit_range: Option<(String, String)>,
    pub q: Option<String>,
    /// Only jobs of women-owned enterprises.
    pub women_owned: bool,
}

impl JobFilter {
    fn condition(&self) -> Where {
        let mut w = Where::default();
        if let Some(s) = &self.status {
            w.add("status = ?", s.as_str());
        }
        if let Some(c) = &self.category {
            w.add("category = ?", c.as_str());
        }
        if let Some(e) = self.enterprise_id {
            w.add("enterprise_id = ?", e);
        }
        if let Some((lo, hi)) = &self.unit_range {
            w.add2("unit_code BETWEEN ? AND ?", lo.as_str(), hi.as_str());
        }
        if let Some(q) = &self.q {
            w.add(
                "lower(title) LIKE lower(?) ESCAPE '\\'",
                contains_pattern(q),
            );
        }
        if self.women_owned {
            w.raw("enterprise_id IN (SELECT id FROM enterprises WHERE women_owned = TRUE)");
        }
        w
    }
}

pub async fn list_jobs(
    ex: &mut Exec<'_>,
    f: &JobFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<JobRow>, i64), DbError> {
    let w = f.condition();
    let total: i64 = ex
        .fetch_scalar(w.query("SELECT COUNT(*) FROM jobs", ""))
        .await?;
    let rows = fetch_rows(
        ex,
        w.query(
            &job_select(),
            &format!("ORDER BY id DESC LIMIT {limit} OFFSET {offset}"),
        ),
        JobRow::read,
    )
    .await?;
    Ok((rows, total))
}

/// Every open job in these categories: the candidates of a seeker's matches.
pub async fn open_jobs_in(
    ex: &mut Exec<'_>,
    categories: &[String],
) -> Result<Vec<JobRow>, DbError> {
    if categories.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (2..=categories.len() + 1)
        .map(|i| format!("${i}"))
        .collect();
    let mut q = sql(format!(
        "{} WHERE status = $1 AND category IN ({}) ORDER BY id",
        job_select(),
        marks.join(", ")
    ))
    .bind("open");
    for c in categories {
        q = q.bind(c.as_str());
    }
    fetch_rows(ex, q, JobRow::read).await
}

pub async fn count_open_jobs(ex: &mut Exec<'_>) -> Result<(i64, i64), DbError> {
    let r = ex
        .fetch_one(sql(
            "SELECT COUNT(*), CAST(COALESCE(SUM(positions), 0) AS BIGINT) FROM jobs WHERE status = 'open'",
        ))
        .await?;
    Ok((r.get_index(0)?, r.get_index(1)?))
}

// ---- seekers ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeekerRow {
    pub id: i64,
    pub person_id: i64,
    /// Comma-separated job category codes.
    pub categories: String,
    /// A JSON array of skill names.
    pub skills: String,
    pub education: Option<String>,
    pub availability: String,
    pub expected_pay: Option<i64>,
    pub unit_code: String,
    /// Comma-separated friendly-term codes.
    pub needs: String,
    pub status: String,
    pub note: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const SEEKER_COLUMNS: [&str; 14] = [
    "id",
    "person_id",
    "categories",
    "skills",
    "education",
    "availability",
    "expected_pay",
    "unit_code",
    "needs",
    "status",
    "note",
    "created_by",
    "created_at",
    "updated_at",
];

impl SeekerRow {
    fn read(r: &Row) -> Result<SeekerRow, DbError> {
        Ok(SeekerRow {
            id: r.get("id")?,
            person_id: r.get("person_id")?,
            categories: r.get("categories")?,
            skills: r.get("skills")?,
            education: r.get("education")?,
            availability: r.get("availability")?,
            expected_pay: r.get("expected_pay")?,
            unit_code: r.get("unit_code")?,
            needs: r.get("needs")?,
            status: r.get("status")?,
            note: r.get("note")?,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    }

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.into(),
            self.person_id.into(),
            self.categories.clone().into(),
            self.skills.clone().into(),
            self.education.clone().into(),
            self.availability.clone().into(),
            self.expected_pay.into(),
            self.unit_code.clone().into(),
            self.needs.clone().into(),
            self.status.clone().into(),
            self.note.clone().into(),
            self.created_by.into(),
            self.created_at.into(),
            self.updated_at.into(),
        ]
    }
}

/// A seeker with what lists show of her person: name, sex, birth date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeekerListRow {
    pub seeker: SeekerRow,
    pub name: String,
    pub sex: String,
    pub birth_date: String,
}

impl SeekerListRow {
    fn read(r: &Row) -> Result<SeekerListRow, DbError> {
        Ok(SeekerListRow {
            seeker: SeekerRow::read(r)?,
            name: r.get("person_name")?,
            sex: r.get("person_sex")?,
            birth_date: r.get("person_birth_date")?,
        })
    }
}

fn seeker_select() -> String {
    let cols: Vec<String> = SEEKER_COLUMNS.iter().map(|c| format!("s.{c}")).collect();
    format!(
        "SELECT {}, p.name AS person_name, p.sex AS person_sex, p.birth_date AS person_birth_date \
         FROM seekers s JOIN people p ON p.id = s.person_id",
        cols.join(", ")
    )
}

pub async fn insert_seeker(ex: &mut Exec<'_>, r: &SeekerRow) -> Result<(), DbError> {
    ex.execute(bind_all(
        sql(insert_sql("seekers", &SEEKER_COLUMNS)),
        r.values(),
    ))
    .await?;
    Ok(())
}

/// Inserts seekers in a few statements (the demo district).
pub async fn insert_seekers(ex: &mut Exec<'_>, rows: &[SeekerRow]) -> Result<(), DbError> {
    let values = rows.iter().map(SeekerRow::values);
    insert_batched(ex, "seekers", &SEEKER_COLUMNS, values, "").await?;
    Ok(())
}

pub async fn update_seeker(ex: &mut Exec<'_>, r: &SeekerRow) -> Result<(), DbError> {
    ex.execute(bind_all(
        sql(update_sql("seekers", &SEEKER_COLUMNS)),
        r.values(),
    ))
    .await?;
    Ok(())
}

pub async fn find_seeker(ex: &mut Exec<'_>, id: i64) -> Result<Option<SeekerListRow>, DbError> {
    let q = sql(format!("{} WHERE s.id = $1", seeker_select())).bind(id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(SeekerListRow::read)
        .transpose()
}

pub async fn find_seeker_of_person(
    ex: &mut Exec<'_>,
    person_id: i64,
) -> Result<Option<SeekerListRow>, DbError> {
    let q = sql(format!("{} WHERE s.person_id = $1", seeker_select())).bind(person_id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(SeekerListRow::read)
        .transpose()
}

#[derive(Debug, Clone, Default)]
pub struct SeekerFilter {
    pub unit_lo: String,
    pub unit_hi: String,
    pub status: Option<String>,
    pub category: Option<String>,
    /// A name substring.
    pub q: Option<String>,
}

impl SeekerFilter {
    fn condition(&self) -> Where {
        let mut w = Where::default();
        w.add2(
            "s.unit_code BETWEEN ? AND ?",
            self.unit_lo.as_str(),
            self.unit_hi.as_str(),
        );
        w.raw("p.deleted_at IS NULL");
        if let Some(s) = &self.status {
            w.add("s.status = ?", s.as_str());
        }
        if let Some(c) = &self.category {
            w.add("(',' || s.categories || ',') LIKE ?", format!("%,{c},%"));
        }
        if let Some(q) = &self.q {
            w.add("p.name LIKE ? ESCAPE '\\'", contains_pattern(q));
        }
        w
    }
}

pub async fn list_seekers(
    ex: &mut Exec<'_>,
    f: &SeekerFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<SeekerListRow>, i64), DbError> {
    let w = f.condition();
    let total: i64 = ex
        .fetch_scalar(w.query(
            "SELECT COUNT(*) FROM seekers s JOIN people p ON p.id = s.person_id",
            "",
        ))
        .await?;
    let rows = fetch_rows(
        ex,
        w.query(
            &seeker_select(),
            &format!("ORDER BY s.id DESC LIMIT {limit} OFFSET {offset}"),
        ),
        SeekerListRow::read,
    )
    .await?;
    Ok((rows, total))
}

/// Every seeker of the filter (the candidates of a job's matches).
pub async fn all_seekers(
    ex: &mut Exec<'_>,
    f: &SeekerFilter,
) -> Result<Vec<SeekerListRow>, DbError> {
    let w = f.condition();
    fetch_rows(
        ex,
        w.query(&seeker_select(), "ORDER BY s.id"),
        SeekerListRow::read,
    )
    .await
}

pub async fn count_seekers(
    ex: &mut Exec<'_>,
    lo: &str,
    hi: &str,
) -> Result<Vec<(String, i64)>, DbError> {
    ex.fetch_all(
        sql("SELECT status, COUNT(*) FROM seekers WHERE unit_code BETWEEN $1 AND $2 GROUP BY status")
            .bind(lo)
            .bind(hi),
    )
    .await?
    .iter()
    .map(|r| Ok((r.get_index(0)?, r.get_index(1)?)))
    .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeekerEventRow {
    pub id: i64,
    pub seeker_id: i64,
    pub at: i64,
    pub actor: String,
    pub kind: String,
    /// JSON
    pub detail: String,
}

pub async fn add_seeker_event(ex: &mut Exec<'_>, e: &SeekerEventRow) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO seeker_events (id, seeker_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(e.id)
            .bind(e.seeker_id)
            .bind(e.at)
            .bind(e.actor.as_str())
            .bind(e.kind.as_str())
            .bind(e.detail.as_str()),
    )
    .await?;
    Ok(())
}

pub async fn seeker_events(
    ex: &mut Exec<'_>,
    seeker_id: i64,
) -> Result<Vec<SeekerEventRow>, DbError> {
    let q = sql(
        "SELECT id, seeker_id, at, actor, kind, detail FROM seeker_events WHERE seeker_id = $1 ORDER BY id",
    )
    .bind(seeker_id);
    fetch_rows(ex, q, |r| {
        Ok(SeekerEventRow {
            id: r.get("id")?,
            seeker_id: r.get("seeker_id")?,
            at: r.get("at")?,
            actor: r.get("actor")?,
            kind: r.get("kind")?,
            detail: r.get("detail")?,
        })
    })
    .await
}

// ---- recommendations ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationRow {
    pub id: i64,
    pub seeker_id: i64,
    pub job_id: i64,
    pub score: i64,
    pub outcome: String,
    pub recommended_by: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const RECOMMENDATION_COLUMNS: [&str; 9] = [
    "id",
    "seeker_id",
    "job_id",
    "score",
    "outcome",
    "recommended_by",
    "created_by",
    "created_at",
    "updated_at",
];

impl RecommendationRow {
    fn read(r: &Row) -> Result<RecommendationRow, DbError> {
        Ok(RecommendationRow {
            id: r.get("id")?,
            seeker_id: r.get("seeker_id")?,
            job_id: r.get("job_id")?,
            score: r.get("score")?,
            outcome: r.get("outcome")?,
            recommended_by: r.get("recommended_by")?,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    }
}

/// Records a recommendation; false when this job was already recommended to this seeker.
pub async fn insert_recommendation(
    ex: &mut Exec<'_>,
    r: &RecommendationRow,
) -> Result<bool, DbError> {
    let values: Vec<Value> = vec![
        r.id.into(),
        r.seeker_id.into(),
        r.job_id.into(),
        r.score.into(),
        r.outcome.clone().into(),
        r.recommended_by.clone().into(),
        r.created_by.into(),
        r.created_at.into(),
        r.updated_at.into(),
    ];
    let text = format!(
        "{} ON CONFLICT (seeker_id, job_id) DO NOTHING",
        insert_sql("recommendations", &RECOMMENDATION_COLUMNS)
    );
    Ok(ex.execute(bind_all(sql(text), values)).await? == 1)
}

pub async fn set_recommendation_outcome(
    ex: &mut Exec<'_>,
    id: i64,
    outcome: &str,
    now: i64,
) -> Result<(), DbError> {
    ex.execute(
        sql("UPDATE recommendations SET outcome = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(outcome)
            .bind(now),
    )
    .await?;
    Ok(())
}

pub async fn find_recommendation(
    ex: &mut Exec<'_>,
    id: i64,
) -> Result<Option<RecommendationRow>, DbError> {
    let q = sql(format!(
        "SELECT {} FROM recommendations WHERE id = $1",
        RECOMMENDATION_COLUMNS.join(", ")
    ))
    .bind(id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(RecommendationRow::read)
        .transpose()
}

pub async fn recommendations_where(
    ex: &mut Exec<'_>,
    column: Recommended,
    id: i64,
) -> Result<Vec<RecommendationRow>, DbError> {
    let column = match column {
        Recommended::ToSeeker => "seeker_id",
        Recommended::ForJob => "job_id",
    };
    let q = sql(format!(
        "SELECT {} FROM recommendations WHERE {column} = $1 ORDER BY id DESC",
        RECOMMENDATION_COLUMNS.join(", ")
    ))
    .bind(id);
    fetch_rows(ex, q, RecommendationRow::read).await
}

#[derive(Debug, Clone, Copy)]
pub enum Recommended {
    ToSeeker,
    ForJob,
}

// ---- events, check-ins, agreements ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub held_on: String,
    pub place: Option<String>,
    pub unit_code: String,
    pub organizers: Option<String>,
    pub partners: Option<String>,
    /// The random key of the event's public check-in link.
    pub checkin_key: String,
    pub closed_at: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const EVENT_COLUMNS: [&str; 13] = [
    "id",
    "kind",
    "title",
    "held_on",
    "place",
    "unit_code",
    "organizers",
    "partners",
    "checkin_key",
    "closed_at",
    "created_by",
    "created_at",
    "updated_at",
];

impl EventRow {
    fn read(r: &Row) -> Result<EventRow, DbError> {
        Ok(EventRow {
            id: r.get("id")?,
            kind: r.get("kind")?,
            title: r.get("title")?,
            held_on: r.get("held_on")?,
            place: r.get("place")?,
            unit_code: r.get("unit_code")?,
            organizers: r.get("organizers")?,
            partners: r.get("partners")?,
            checkin_key: r.get("checkin_key")?,
            closed_at: r.get("closed_at")?,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    }

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.into(),
            self.kind.clone().into(),
            self.title.clone().into(),
            self.held_on.clone().into(),
            self.place.clone().into(),
            self.unit_code.clone().into(),
            self.organizers.clone().into(),
            self.partners.clone().into(),
            self.checkin_key.clone().into(),
            self.closed_at.into(),
            self.created_by.into(),
            self.created_at.into(),
            self.updated_at.into(),
        ]
    }
}

pub async fn insert_event(ex: &mut Exec<'_>, r: &EventRow) -> Result<(), DbError> {
    ex.execute(bind_all(
        sql(insert_sql("events", &EVENT_COLUMNS)),
        r.values(),
    ))
    .await?;
    Ok(())
}

pub async fn update_event(ex: &mut Exec<'_>, r: &EventRow) -> Result<(), DbError> {
    ex.execute(bind_all(
        sql(update_sql("events", &EVENT_COLUMNS)),
        r.values(),
    ))
    .await?;
    Ok(())
}

fn event_select() -> String {
    format!("SELECT {} FROM events", EVENT_COLUMNS.join(", "))
}

pub async fn find_event(ex: &mut Exec<'_>, id: i64) -> Result<Option<EventRow>, DbError> {
    let q = sql(format!("{} WHERE id = $1", event_select())).bind(id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(EventRow::read)
        .transpose()
}

pub async fn find_event_by_key(ex: &mut Exec<'_>, key: &str) -> Result<Option<EventRow>, DbError> {
    let q = sql(format!("{} WHERE checkin_key = $1", event_select())).bind(key);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(EventRow::read)
        .transpose()
}

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub unit_lo: String,
    pub unit_hi: String,
    pub kind: Option<String>,
    pub q: Option<String>,
}

pub async fn list_events(
    ex: &mut Exec<'_>,
    f: &EventFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<EventRow>, i64), DbError> {
    let mut w = Where::default();
    w.add2(
        "unit_code BETWEEN ? AND ?",
        f.unit_lo.as_str(),
        f.unit_hi.as_str(),
    );
    if let Some(k) = &f.kind {
        w.add("kind = ?", k.as_str());
    }
    if let Some(q) = &f.q {
        w.add(
            "lower(title) LIKE lower(?) ESCAPE '\\'",
            contains_pattern(q),
        );
    }
    let total: i64 = ex
        .fetch_scalar(w.query("SELECT COUNT(*) FROM events", ""))
        .await?;
    let rows = fetch_rows(
        ex,
        w.query(
            &event_select(),
            &format!("ORDER BY held_on DESC, id DESC LIMIT {limit} OFFSET {offset}"),
        ),
        EventRow::read,
    )
    .await?;
    Ok((rows, total))
}

/// The latest job fair held on or before a date.
pub async fn last_job_fair(
    ex: &mut Exec<'_>,
    on_or_before: &str,
) -> Result<Option<EventRow>, DbError> {
    let q = sql(format!(
        "{} WHERE kind = 'job_fair' AND held_on <= $1 ORDER BY held_on DESC, id DESC LIMIT 1",
        event_select()
    ))
    .bind(on_or_before);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(EventRow::read)
        .transpose()
}

pub async fn add_event_enterprise(
    ex: &mut Exec<'_>,
    event_id: i64,
    enterprise_id: i64,
) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO event_enterprises (event_id, enterprise_id) VALUES ($1, $2) ON CONFLICT (event_id, enterprise_id) DO NOTHING")
            .bind(event_id)
            .bind(enterprise_id),
    )
    .await?;
    Ok(())
}

pub async fn event_enterprise_ids(ex: &mut Exec<'_>, event_id: i64) -> Result<Vec<i64>, DbError> {
    ex.fetch_all(
        sql("SELECT enterprise_id FROM event_enterprises WHERE event_id = $1 ORDER BY enterprise_id")
            .bind(event_id),
    )
    .await?
    .iter()
    .map(|r| r.get_index(0))
    .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinRow {
    pub id: i64,
    pub event_id: i64,
    pub person_id: Option<i64>,
    pub name_cipher: Vec<u8>,
    pub phone_cipher: Vec<u8>,
    pub phone_index: String,
    pub phone_masked: String,
    pub sex: String,
    pub category: Option<String>,
    pub via: String,
    pub at: i64,
}

const CHECKIN_COLUMNS: [&str; 11] = [
    "id",
    "event_id",
    "person_id",
    "name_cipher",
    "phone_cipher",
    "phone_index",
    "phone_masked",
    "sex",
    "category",
    "via",
    "at",
];

impl CheckinRow {
    fn read(r: &Row) -> Result<CheckinRow, DbError> {
        Ok(CheckinRow {
            id: r.get("id")?,
            event_id: r.get("event_id")?,
            person_id: r.get("person_id")?,
            name_cipher: r.get("name_cipher")?,
            phone_cipher: r.get("phone_cipher")?,
            phone_index: r.get("phone_index")?,
            phone_masked: r.get("phone_masked")?,
            sex: r.get("sex")?,
            category: r.get("category")?,
            via: r.get("via")?,
            at: r.get("at")?,
        })
    }

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.into(),
            self.event_id.into(),
            self.person_id.into(),
            self.name_cipher.clone().into(),
            self.phone_cipher.clone().into(),
            self.phone_index.clone().into(),
            self.phone_masked.clone().into(),
            self.sex.clone().into(),
            self.category.clone().into(),
            self.via.clone().into(),
            self.at.into(),
        ]
    }
}

/// Records check-ins, a few hundred to a statement; a phone already checked in to the event
/// is left as it was. Returns how many were new.
pub async fn insert_checkins(ex: &mut Exec<'_>, rows: &[CheckinRow]) -> Result<u64, DbError> {
    let values = rows.iter().map(CheckinRow::values);
    let tail = "ON CONFLICT (event_id, phone_index) DO NOTHING";
    insert_batched(ex, "checkins", &CHECKIN_COLUMNS, values, tail).await
}

pub async fn find_checkin(
    ex: &mut Exec<'_>,
    event_id: i64,
    phone_index: &str,
) -> Result<Option<CheckinRow>, DbError> {
    let q = sql(format!(
        "SELECT {} FROM checkins WHERE event_id = $1 AND phone_index = $2",
        CHECKIN_COLUMNS.join(", ")
    ))
    .bind(event_id)
    .bind(phone_index);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(CheckinRow::read)
        .transpose()
}

pub async fn checkins_of(
    ex: &mut Exec<'_>,
    event_id: i64,
    offset: u64,
    limit: u64,
) -> Result<Vec<CheckinRow>, DbError> {
    let q = sql(format!(
        "SELECT {} FROM checkins WHERE event_id = $1 ORDER BY id DESC LIMIT {limit} OFFSET {offset}",
        CHECKIN_COLUMNS.join(", ")
    ))
    .bind(event_id);
    fetch_rows(ex, q, CheckinRow::read).await
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementRow {
    pub id: i64,
    pub event_id: i64,
    pub enterprise_id: i64,
    pub person_id: i64,
    pub job_id: i64,
    pub signed_on: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

const AGREEMENT_COLUMNS: [&str; 8] = [
    "id",
    "event_id",
    "enterprise_id",
    "person_id",
    "job_id",
    "signed_on",
    "created_by",
    "created_at",
];

impl AgreementRow {
    fn values(&self) -> Vec<Value> {
        vec![
            self.id.into(),
            self.event_id.into(),
            self.enterprise_id.into(),
            self.person_id.into(),
            self.job_id.into(),
            self.signed_on.clone().into(),
            self.created_by.into(),
            self.created_at.into(),
        ]
    }
}

/// Records agreements, a few hundred to a statement; one already recorded (same person and job at the
/// event) is left as it was. Returns how many were new.
pub async fn insert_agreements(ex: &mut Exec<'_>, rows: &[AgreementRow]) -> Result<u64, DbError> {
    let values = rows.iter().map(AgreementRow::values);
    let tail = "ON CONFLICT (event_id, person_id, job_id) DO NOTHING";
    insert_batched(ex, "agreements", &AGREEMENT_COLUMNS, values, tail).await
}

/// An agreement as the event page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementListRow {
    pub id: i64,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub person_id: i64,
    pub person_name: String,
    pub person_sex: String,
    pub job_id: i64,
    pub job_title: String,
    pub signed_on: String,
}

pub async fn agreements_of(
    ex: &mut Exec<'_>,
    event_id: i64,
    limit: u64,
) -> Result<Vec<AgreementListRow>, DbError> {
    let q = sql(format!(
        "SELECT a.id, a.enterprise_id, e.name AS enterprise_name, a.person_id, p.name AS person_name, \
         p.sex AS person_sex, a.job_id, j.title AS job_title, a.signed_on \
         FROM agreements a JOIN enterprises e ON e.id = a.enterprise_id \
         JOIN people p ON p.id = a.person_id JOIN jobs j ON j.id = a.job_id \
         WHERE a.event_id = $1 ORDER BY a.id DESC LIMIT {limit}"
    ))
    .bind(event_id);
    fetch_rows(ex, q, |r| {
        Ok(AgreementListRow {
            id: r.get("id")?,
            enterprise_id: r.get("enterprise_id")?,
            enterprise_name: r.get("enterprise_name")?,
            person_id: r.get("person_id")?,
            person_name: r.get("person_name")?,
            person_sex: r.get("person_sex")?,
            job_id: r.get("job_id")?,
            job_title: r.get("job_title")?,
            signed_on: r.get("signed_on")?,
        })
    })
    .await
}

/// The figures of an event's report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventFigures {
    pub visitors: i64,
    pub women_visitors: i64,
    pub agreements: i64,
    pub agreements_with_women: i64,
    /// (enterprise id, name, women-owned, agreements, agreements with women)
    pub by_enterprise: Vec<(i64, String, bool, i64, i64)>,
}

pub async fn event_figures(ex: &mut Exec<'_>, event_id: i64) -> Result<EventFigures, DbError> {
    let visitors = ex
        .fetch_one(
            sql("SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN sex = 'female' THEN 1 ELSE 0 END), 0) AS BIGINT) FROM checkins WHERE event_id = $1")
                .bind(event_id),
        )
        .await?;
    let agreements = ex
        .fetch_one(
            sql("SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN p.sex = 'female' THEN 1 ELSE 0 END), 0) AS BIGINT) \
                 FROM agreements a JOIN people p ON p.id = a.person_id WHERE a.event_id = $1")
                .bind(event_id),
        )
        .await?;
    // Every participating enterprise, with its agreements (none is a figure too), and any
    // enterprise with agreements that was not listed as participating.
    let by_enterprise = ex
        .fetch_all(
            sql("SELECT e.id, e.name, e.women_owned, \
                 (SELECT COUNT(*) FROM agreements a WHERE a.event_id = $1 AND a.enterprise_id = e.id), \
                 (SELECT COUNT(*) FROM agreements a JOIN people p ON p.id = a.person_id \
                   WHERE a.event_id = $1 AND a.enterprise_id = e.id AND p.sex = 'female') \
                 FROM enterprises e WHERE e.id IN (SELECT enterprise_id FROM event_enterprises WHERE event_id = $1) \
                 OR e.id IN (SELECT enterprise_id FROM agreements WHERE event_id = $1) \
                 ORDER BY e.id")
                .bind(event_id),
        )
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.get_index(0)?,
                r.get_index(1)?,
                r.get_index(2)?,
                r.get_index(3)?,
                r.get_index(4)?,
            ))
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok(EventFigures {
        visitors: visitors.get_index(0)?,
        women_visitors: visitors.get_index(1)?,
        agreements: agreements.get_index(0)?,
        agreements_with_women: agreements.get_index(1)?,
        by_enterprise,
    })
}

// ---- assistance, mentoring, outcomes ----

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssistanceRow {
    pub id: i64,
    pub person_id: i64,
    pub kind: String,
    pub provider: String,
    pub started_on: String,
    pub ended_on: Option<String>,
    pub status: String,
    pub outcome: Option<String>,
    pub case_id: Option<i64>,
    pub unit_code: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const ASSISTANCE_COLUMNS: [&str; 13] = [
    "id",
    "person_id",
    "kind",
    "provider",
    "started_on",
    "ended_on",
    "status",
    "outcome",
    "case_id",
    "unit_code",
    "created_by",
    "created_at",
    "updated_at",
];

impl AssistanceRow {
    fn read(r: &Row) -> Result<AssistanceRow, DbError> {
        Ok(AssistanceRow {
            id: r.get("id")?,
            person_id: r.get("person_id")?,
            kind: r.get("kind")?,
            provider: r.get("provider")?,
            started_on: r.get("started_on")?,
            ended_on: r.get("ended_on")?,
            status: r.get("status")?,
            outcome: r.get("outcome")?,
            case_id: r.get("case_id")?,
            unit_code: r.get("unit_code")?,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    }

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.into(),
            self.person_id.into(),
            self.kind.clone().into(),
            self.provider.clone().into(),
            self.started_on.clone().into(),
            self.ended_on.clone().into(),
            self.status.clone().into(),
            self.outcome.clone().into(),
            self.case_id.into(),
            self.unit_code.clone().into(),
            self.created_by.into(),
            self.created_at.into(),
            self.updated_at.into(),
        ]
    }
}

pub async fn insert_assistance(ex: &mut Exec<'_>, r: &AssistanceRow) -> Result<(), DbError> {
    ex.execute(bind_all(
        sql(insert_sql("assistance", &ASSISTANCE_COLUMNS)),
        r.values(),
    ))
    .await?;
    Ok(())
}

pub async fn update_assistance(ex: &mut Exec<'_>, r: &AssistanceRow) -> Result<(), DbError> {
    ex.execute(bind_all(
        sql(update_sql("assistance", &ASSISTANCE_COLUMNS)),
        r.values(),
    ))
    .await?;
    Ok(())
}

pub async fn find_assistance(ex: &mut Exec<'_>, id: i64) -> Result<Option<AssistanceRow>, DbError> {
    let q = sql(format!(
        "SELECT {} FROM assistance WHERE id = $1",
        ASSISTANCE_COLUMNS.join(", ")
    ))
    .bind(id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(AssistanceRow::read)
        .transpose()
}

#[derive(Debug, Clone, Default)]
pub struct AssistanceFilter {
    pub unit_lo: String,
    pub unit_hi: String,
    pub person_id: Option<i64>,
    pub kind: Option<String>,
    pub status: Option<String>,
}

pub async fn list_assistance(
    ex: &mut Exec<'_>,
    f: &AssistanceFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<AssistanceRow>, i64), DbError> {
    let mut w = Where::default();
    w.add2(
        "unit_code BETWEEN ? AND ?",
        f.unit_lo.as_str(),
        f.unit_hi.as_str(),
    );
    if let Some(p) = f.person_id {
        w.add("person_id = ?", p);
    }
    if let Some(k) = &f.kind {
        w.add("kind = ?", k.as_str());
    }
    if let Some(s) = &f.status {
        w.add("status = ?", s.as_str());
    }
    let total: i64 = ex
        .fetch_scalar(w.query("SELECT COUNT(*) FROM assistance", ""))
        .await?;
    let rows = fetch_rows(
        ex,
        w.query(
            &format!("SELECT {} FROM assistance", ASSISTANCE_COLUMNS.join(", ")),
            &format!("ORDER BY started_on DESC, id DESC LIMIT {limit} OFFSET {offset}"),
        ),
        AssistanceRow::read,
    )
    .await?;
    Ok((rows, total))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentorshipRow {
    pub id: i64,
    pub mentor_id: i64,
    pub mentee_id: i64,
    pub started_on: String,
    pub ended_on: Option<String>,
    pub status: String,
    pub goal: Option<String>,
    pub unit_code: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const MENTORSHIP_COLUMNS: [&str; 11] = [
    "id",
    "mentor_id",
    "mentee_id",
    "started_on",
    "ended_on",
    "status",
    "goal",
    "unit_code",
    "created_by",
    "created_at",
    "updated_at",
];

impl MentorshipRow {
    fn read(r: &Row) -> Result<MentorshipRow, DbError> {
        Ok(MentorshipRow {
            id: r.get("id")?,
            mentor_id: r.get("mentor_id")?,
            mentee_id: r.get("mentee_id")?,
            started_on: r.get("started_on")?,
            ended_on: r.get("ended_on")?,
            status: r.get("status")?,
            goal: r.get("goal")?,
            unit_code: r.get("unit_code")?,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    }

    fn values(&self) -> Vec<Value> {
        vec![
            self.id.into(),
            self.mentor_id.into(),
            self.mentee_id.into(),
            self.started_on.clone().into(),
            self.ended_on.clone().into(),
            self.status.clone().into(),
            self.goal.clone().into(),
            self.unit_code.clone().into(),
            self.created_by.into(),
            self.created_at.into(),
            self.updated_at.into(),
        ]
    }
}

pub async fn insert_mentorship(ex: &mut Exec<'_>, r: &MentorshipRow) -> Result<(), DbError> {
    ex.execute(bind_all(
        sql(insert_sql("mentorships", &MENTORSHIP_COLUMNS)),
        r.values(),
    ))
    .await?;
    Ok(())
}

pub async fn update_mentorship(ex: &mut Exec<'_>, r: &MentorshipRow) -> Result<(), DbError> {
    ex.execute(bind_all(
        sql(update_sql("mentorships", &MENTORSHIP_COLUMNS)),
        r.values(),
    ))
    .await?;
    Ok(())
}

pub async fn find_mentorship(ex: &mut Exec<'_>, id: i64) -> Result<Option<MentorshipRow>, DbError> {
    let q = sql(format!(
        "SELECT {} FROM mentorships WHERE id = $1",
        MENTORSHIP_COLUMNS.join(", ")
    ))
    .bind(id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(MentorshipRow::read)
        .transpose()
}

pub async fn list_mentorships(
    ex: &mut Exec<'_>,
    lo: &str,
    hi: &str,
    person_id: Option<i64>,
) -> Result<Vec<MentorshipRow>, DbError> {
    let mut w = Where::default();
    w.add2("unit_code BETWEEN ? AND ?", lo, hi);
    if let Some(p) = person_id {
        w.add2("(mentor_id = ? OR mentee_id = ?)", p, p);
    }
    fetch_rows(
        ex,
        w.query(
            &format!("SELECT {} FROM mentorships", MENTORSHIP_COLUMNS.join(", ")),
            "ORDER BY started_on DESC, id DESC LIMIT 500",
        ),
        MentorshipRow::read,
    )
    .await
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub id: i64,
    pub mentorship_id: i64,
    pub met_on: String,
    pub note: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

pub async fn insert_meeting(ex: &mut Exec<'_>, m: &MeetingRow) -> Result<(), DbError> {
    ex.execute(
        sql("INSERT INTO mentor_meetings (id, mentorship_id, met_on, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(m.id)
            .bind(m.mentorship_id)
            .bind(m.met_on.as_str())
            .bind(m.note.as_str())
            .bind(m.created_by)
            .bind(m.created_at),
    )
    .await?;
    Ok(())
}

pub async fn meetings_of(
    ex: &mut Exec<'_>,
    mentorship_id: i64,
) -> Result<Vec<MeetingRow>, DbError> {
    let q = sql(
        "SELECT id, mentorship_id, met_on, note, created_by, created_at FROM mentor_meetings \
         WHERE mentorship_id = $1 ORDER BY met_on, id",
    )
    .bind(mentorship_id);
    fetch_rows(ex, q, |r| {
        Ok(MeetingRow {
            id: r.get("id")?,
            mentorship_id: r.get("mentorship_id")?,
            met_on: r.get("met_on")?,
            note: r.get("note")?,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
        })
    })
    .await
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeRow {
    pub id: i64,
    pub person_id: i64,
    pub kind: String,
    pub on_date: String,
    pub job_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    /// recommendation, agreement, assistance, manual
    pub source: String,
    pub note: Option<String>,
    pub unit_code: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

pub async fn insert_outcome(ex: &mut Exec<'_>, o: &OutcomeRow) -> Result<(), DbError> {
    let columns = [
        "id",
        "person_id",
        "kind",
        "on_date",
        "job_id",
        "enterprise_id",
        "source",
        "note",
        "unit_code",
        "created_by",
        "created_at",
    ];
    let values: Vec<Value> = vec![
        o.id.into(),
        o.person_id.into(),
        o.kind.clone().into(),
        o.on_date.clone().into(),
        o.job_id.into(),
        o.enterprise_id.into(),
        o.source.clone().into(),
        o.note.clone().into(),
        o.unit_code.clone().into(),
        o.created_by.into(),
        o.created_at.into(),
    ];
    ex.execute(bind_all(
        sql(insert_sql("employment_outcomes", &columns)),
        values,
    ))
    .await?;
    Ok(())
}

/// Outcomes in a period and subtree: (kind, tag or "" for all, count of people-outcomes).
pub async fn outcome_counts(
    ex: &mut Exec<'_>,
    lo: &str,
    hi: &str,
    from: &str,
    to: &str,
) -> Result<Vec<(String, String, i64)>, DbError> {
    let totals = sql(
        "SELECT kind, '' AS tag, COUNT(*) FROM employment_outcomes \
         WHERE unit_code BETWEEN $1 AND $2 AND on_date BETWEEN $3 AND $4 GROUP BY kind \
         UNION ALL \
         SELECT o.kind, t.tag, COUNT(*) FROM employment_outcomes o JOIN person_tags t ON t.person_id = o.person_id \
         WHERE o.unit_code BETWEEN $1 AND $2 AND o.on_date BETWEEN $3 AND $4 GROUP BY o.kind, t.tag",
    )
    .bind(lo)
    .bind(hi)
    .bind(from)
    .bind(to);
    ex.fetch_all(totals)
        .await?
        .iter()
        .map(|r| Ok((r.get_index(0)?, r.get_index(1)?, r.get_index(2)?)))
        .collect()
}
