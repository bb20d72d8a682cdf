//! Employment: enterprises with their leaders and visits, jobs, seekers and recommendations,
//! events with check-ins and agreements, assistance, mentoring and outcomes. Contact phones and
//! visitors' names and phones arrive here encrypted (`*_cipher`) with their blind index.

use crate::{sql, DbError, Exec, Query, Row};
use sea_query::Value;

// ---- one table, one row type ----

/// A row of one table: its columns in order, how to read it and the values to write.
pub trait Record: Sized {
    const TABLE: &'static str;
    const COLUMNS: &'static [&'static str];
    fn read(r: &Row) -> Result<Self, DbError>;
    fn values(&self) -> Vec<Value>;
}

/// Declares a row struct of a table and its `Record` impl from one list of fields (the field
/// names are the column names).
macro_rules! record {
    ($(#[$m:meta])* pub struct $name:ident in $table:literal {
        $($(#[$fm:meta])* pub $field:ident: $ty:ty,)+
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name { $($(#[$fm])* pub $field: $ty,)+ }

        impl Record for $name {
            const TABLE: &'static str = $table;
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),+];

            fn read(r: &Row) -> Result<Self, DbError> {
                Ok($name { $($field: r.get(stringify!($field))?,)+ })
            }

            fn values(&self) -> Vec<Value> {
                vec![$(self.$field.clone().into()),+]
            }
        }
    };
}

/// `SELECT <columns> FROM <table>`
fn select_sql<R: Record>() -> String {
    format!("SELECT {} FROM {}", R::COLUMNS.join(", "), R::TABLE)
}

fn bind_all(mut q: Query, values: Vec<Value>) -> Query {
    for v in values {
        q = q.bind(v);
    }
    q
}

pub async fn insert<R: Record>(ex: &mut Exec<'_>, r: &R) -> Result<(), DbError> {
    insert_batch(ex, std::slice::from_ref(r), "").await?;
    Ok(())
}

/// Inserts rows a few hundred to a statement, `conflict` (an `ON CONFLICT …` clause or nothing) deciding
/// what a repeat does; returns how many rows were written.
pub async fn insert_batch<R: Record>(
    ex: &mut Exec<'_>,
    rows: &[R],
    conflict: &str,
) -> Result<u64, DbError> {
    let width = R::COLUMNS.len();
    // PostgreSQL binds at most 65,535 values to a statement; SQLite 32,766.
    let per_statement = (30_000 / width).min(500);
    let mut written = 0;
    for chunk in rows.chunks(per_statement) {
        let groups: Vec<String> = (0..chunk.len())
            .map(|r| {
                let marks: Vec<String> =
                    (1..=width).map(|c| format!("${}", r * width + c)).collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let text = format!(
            "INSERT INTO {} ({}) VALUES {} {conflict}",
            R::TABLE,
            R::COLUMNS.join(", "),
            groups.join(", ")
        );
        let values = chunk.iter().flat_map(Record::values).collect();
        written += ex.execute(bind_all(sql(text), values)).await?;
    }
    Ok(written)
}

/// Writes every column of a row but its id (the first column).
pub async fn update<R: Record>(ex: &mut Exec<'_>, r: &R) -> Result<(), DbError> {
    let sets: Vec<String> = R::COLUMNS
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    let text = format!("UPDATE {} SET {} WHERE id = $1", R::TABLE, sets.join(", "));
    ex.execute(bind_all(sql(text), r.values())).await?;
    Ok(())
}

pub async fn find<R: Record>(ex: &mut Exec<'_>, id: i64) -> Result<Option<R>, DbError> {
    let q = sql(format!("{} WHERE id = $1", select_sql::<R>())).bind(id);
    ex.fetch_optional(q)
        .await?
        .as_ref()
        .map(R::read)
        .transpose()
}

/// The rows of one table with a column equal to a value, in an order.
async fn rows_where<R: Record>(
    ex: &mut Exec<'_>,
    column: &str,
    value: impl Into<Value>,
    order: &str,
) -> Result<Vec<R>, DbError> {
    let q = sql(format!(
        "{} WHERE {column} = $1 ORDER BY {order}",
        select_sql::<R>()
    ))
    .bind(value);
    fetch_rows(ex, q, R::read).await
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

record! {
    pub struct EnterpriseRow in "enterprises" {
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
}

pub async fn insert_enterprise(ex: &mut Exec<'_>, r: &EnterpriseRow) -> Result<(), DbError> {
    insert(ex, r).await
}

/// Inserts enterprises in a few statements (imports, the demo district).
pub async fn insert_enterprises(ex: &mut Exec<'_>, rows: &[EnterpriseRow]) -> Result<(), DbError> {
    insert_batch(ex, rows, "").await?;
    Ok(())
}

pub async fn update_enterprise(ex: &mut Exec<'_>, r: &EnterpriseRow) -> Result<(), DbError> {
    update(ex, r).await
}

pub async fn find_enterprise(ex: &mut Exec<'_>, id: i64) -> Result<Option<EnterpriseRow>, DbError> {
    find(ex, id).await
}

pub async fn find_enterprise_by_code(
    ex: &mut Exec<'_>,
    credit_code: &str,
) -> Result<Option<EnterpriseRow>, DbError> {
    let mut w = Where::default();
    w.add("credit_code = ?", credit_code);
    let row = ex
        .fetch_optional(w.query(&select_sql::<EnterpriseRow>(), ""))
        .await?;
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
            select_sql::<EnterpriseRow>(),
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
        select_sql::<EnterpriseRow>(),
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
            &select_sql::<EnterpriseRow>(),
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

record! {
    pub struct VisitRow in "enterprise_visits" {
        pub id: i64,
        pub enterprise_id: i64,
        pub visited_on: String,
        pub visitor_id: Option<i64>,
        pub visitor: String,
        /// Empty for visits recorded since `seen_cipher` exists.
        pub seen: String,
        pub difficulties: Option<String>,
        pub case_id: Option<i64>,
        pub created_at: i64,
        pub seen_cipher: Option<Vec<u8>>,
        pub difficulties_cipher: Option<Vec<u8>>,
    }
}

pub async fn insert_visit(ex: &mut Exec<'_>, r: &VisitRow) -> Result<(), DbError> {
    insert(ex, r).await
}

pub async fn visits_of(ex: &mut Exec<'_>, enterprise_id: i64) -> Result<Vec<VisitRow>, DbError> {
    rows_where(
        ex,
        "enterprise_id",
        enterprise_id,
        "visited_on DESC, id DESC",
    )
    .await
}

pub async fn find_visit(ex: &mut Exec<'_>, id: i64) -> Result<Option<VisitRow>, DbError> {
    find(ex, id).await
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

// ---- jobs ----

record! {
    pub struct JobRow in "jobs" {
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
}

pub async fn insert_job(ex: &mut Exec<'_>, r: &JobRow) -> Result<(), DbError> {
    insert(ex, r).await
}

/// Inserts jobs in a few statements (the demo district).
pub async fn insert_jobs(ex: &mut Exec<'_>, rows: &[JobRow]) -> Result<(), DbError> {
    insert_batch(ex, rows, "").await?;
    Ok(())
}

pub async fn update_job(ex: &mut Exec<'_>, r: &JobRow) -> Result<(), DbError> {
    update(ex, r).await
}

pub async fn find_job(ex: &mut Exec<'_>, id: i64) -> Result<Option<JobRow>, DbError> {
    find(ex, id).await
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
            &select_sql::<JobRow>(),
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
        select_sql::<JobRow>(),
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

record! {
    pub struct SeekerRow in "seekers" {
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
        pub note_cipher: Option<Vec<u8>>,
    }
}

/// A seeker with what lists show of her person (name, sex, birth year) and her sealed ID
/// number, which holds the exact birth date that matching needs for her age.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeekerListRow {
    pub seeker: SeekerRow,
    pub name: String,
    pub sex: String,
    pub birth_year: i32,
    pub id_cipher: Vec<u8>,
}

impl SeekerListRow {
    fn read(r: &Row) -> Result<SeekerListRow, DbError> {
        Ok(SeekerListRow {
            seeker: SeekerRow::read(r)?,
            name: r.get("person_name")?,
            sex: r.get("person_sex")?,
            birth_year: r.get("person_birth_year")?,
            id_cipher: r.get("person_id_cipher")?,
        })
    }
}

fn seeker_select() -> String {
    let cols: Vec<String> = SeekerRow::COLUMNS
        .iter()
        .map(|c| format!("s.{c}"))
        .collect();
    format!(
        "SELECT {}, p.name AS person_name, p.sex AS person_sex, p.birth_year AS person_birth_year, \
         p.id_cipher AS person_id_cipher \
         FROM seekers s JOIN people p ON p.id = s.person_id",
        cols.join(", ")
    )
}

pub async fn insert_seeker(ex: &mut Exec<'_>, r: &SeekerRow) -> Result<(), DbError> {
    insert(ex, r).await
}

/// Inserts seekers in a few statements (the demo district).
pub async fn insert_seekers(ex: &mut Exec<'_>, rows: &[SeekerRow]) -> Result<(), DbError> {
    insert_batch(ex, rows, "").await?;
    Ok(())
}

pub async fn update_seeker(ex: &mut Exec<'_>, r: &SeekerRow) -> Result<(), DbError> {
    update(ex, r).await
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

record! {
    pub struct SeekerEventRow in "seeker_events" {
        pub id: i64,
        pub seeker_id: i64,
        pub at: i64,
        pub actor: String,
        pub kind: String,
        /// JSON
        pub detail: String,
    }
}

pub async fn add_seeker_event(ex: &mut Exec<'_>, r: &SeekerEventRow) -> Result<(), DbError> {
    insert(ex, r).await
}

pub async fn seeker_events(
    ex: &mut Exec<'_>,
    seeker_id: i64,
) -> Result<Vec<SeekerEventRow>, DbError> {
    rows_where(ex, "seeker_id", seeker_id, "id").await
}

// ---- recommendations ----

record! {
    pub struct RecommendationRow in "recommendations" {
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
}

/// Records a recommendation; false when this job was already recommended to this seeker.
/// Records a recommendation; false when this job was already recommended to this seeker.
pub async fn insert_recommendation(
    ex: &mut Exec<'_>,
    r: &RecommendationRow,
) -> Result<bool, DbError> {
    let n = insert_batch(
        ex,
        std::slice::from_ref(r),
        "ON CONFLICT (seeker_id, job_id) DO NOTHING",
    )
    .await?;
    Ok(n == 1)
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
    find(ex, id).await
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
    rows_where(ex, column, id, "id DESC").await
}

#[derive(Debug, Clone, Copy)]
pub enum Recommended {
    ToSeeker,
    ForJob,
}

// ---- events, check-ins, agreements ----

record! {
    pub struct EventRow in "events" {
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
}

pub async fn insert_event(ex: &mut Exec<'_>, r: &EventRow) -> Result<(), DbError> {
    insert(ex, r).await
}

pub async fn update_event(ex: &mut Exec<'_>, r: &EventRow) -> Result<(), DbError> {
    update(ex, r).await
}

pub async fn find_event(ex: &mut Exec<'_>, id: i64) -> Result<Option<EventRow>, DbError> {
    find(ex, id).await
}

pub async fn find_event_by_key(ex: &mut Exec<'_>, key: &str) -> Result<Option<EventRow>, DbError> {
    let q = sql(format!(
        "{} WHERE checkin_key = $1",
        select_sql::<EventRow>()
    ))
    .bind(key);
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
            &select_sql::<EventRow>(),
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
        select_sql::<EventRow>()
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

record! {
    pub struct CheckinRow in "checkins" {
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
}

/// Records check-ins; a phone already checked in to the event is left as it was. Returns how many
/// were new.
pub async fn insert_checkins(ex: &mut Exec<'_>, rows: &[CheckinRow]) -> Result<u64, DbError> {
    insert_batch(ex, rows, "ON CONFLICT (event_id, phone_index) DO NOTHING").await
}

pub async fn find_checkin(
    ex: &mut Exec<'_>,
    event_id: i64,
    phone_index: &str,
) -> Result<Option<CheckinRow>, DbError> {
    let q = sql(format!(
        "SELECT {} FROM checkins WHERE event_id = $1 AND phone_index = $2",
        CheckinRow::COLUMNS.join(", ")
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
        CheckinRow::COLUMNS.join(", ")
    ))
    .bind(event_id);
    fetch_rows(ex, q, CheckinRow::read).await
}

record! {
    pub struct AgreementRow in "agreements" {
        pub id: i64,
        pub event_id: i64,
        pub enterprise_id: i64,
        pub person_id: i64,
        pub job_id: i64,
        pub signed_on: String,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

/// Records agreements; one already recorded (same person and job at the event) is left as it
/// was. Returns how many were new.
pub async fn insert_agreements(ex: &mut Exec<'_>, rows: &[AgreementRow]) -> Result<u64, DbError> {
    insert_batch(
        ex,
        rows,
        "ON CONFLICT (event_id, person_id, job_id) DO NOTHING",
    )
    .await
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

record! {
    pub struct AssistanceRow in "assistance" {
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
        pub outcome_cipher: Option<Vec<u8>>,
    }
}

pub async fn insert_assistance(ex: &mut Exec<'_>, r: &AssistanceRow) -> Result<(), DbError> {
    insert(ex, r).await
}

pub async fn update_assistance(ex: &mut Exec<'_>, r: &AssistanceRow) -> Result<(), DbError> {
    update(ex, r).await
}

pub async fn find_assistance(ex: &mut Exec<'_>, id: i64) -> Result<Option<AssistanceRow>, DbError> {
    find(ex, id).await
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
            &format!(
                "SELECT {} FROM assistance",
                AssistanceRow::COLUMNS.join(", ")
            ),
            &format!("ORDER BY started_on DESC, id DESC LIMIT {limit} OFFSET {offset}"),
        ),
        AssistanceRow::read,
    )
    .await?;
    Ok((rows, total))
}

record! {
    pub struct MentorshipRow in "mentorships" {
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
        pub goal_cipher: Option<Vec<u8>>,
    }
}

pub async fn insert_mentorship(ex: &mut Exec<'_>, r: &MentorshipRow) -> Result<(), DbError> {
    insert(ex, r).await
}

pub async fn update_mentorship(ex: &mut Exec<'_>, r: &MentorshipRow) -> Result<(), DbError> {
    update(ex, r).await
}

pub async fn find_mentorship(ex: &mut Exec<'_>, id: i64) -> Result<Option<MentorshipRow>, DbError> {
    find(ex, id).await
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
            &format!(
                "SELECT {} FROM mentorships",
                MentorshipRow::COLUMNS.join(", ")
            ),
            "ORDER BY started_on DESC, id DESC LIMIT 500",
        ),
        MentorshipRow::read,
    )
    .await
}

record! {
    pub struct MeetingRow in "mentor_meetings" {
        pub id: i64,
        pub mentorship_id: i64,
        pub met_on: String,
        /// Empty for meetings recorded since `note_cipher` exists.
        pub note: String,
        pub created_by: Option<i64>,
        pub created_at: i64,
        pub note_cipher: Option<Vec<u8>>,
    }
}

pub async fn insert_meeting(ex: &mut Exec<'_>, r: &MeetingRow) -> Result<(), DbError> {
    insert(ex, r).await
}

pub async fn meetings_of(
    ex: &mut Exec<'_>,
    mentorship_id: i64,
) -> Result<Vec<MeetingRow>, DbError> {
    rows_where(ex, "mentorship_id", mentorship_id, "met_on, id").await
}

record! {
    pub struct OutcomeRow in "employment_outcomes" {
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
        pub note_cipher: Option<Vec<u8>>,
    }
}

/// Inserts outcomes in a few statements (the demo district).
pub async fn insert_outcomes(ex: &mut Exec<'_>, rows: &[OutcomeRow]) -> Result<(), DbError> {
    insert_batch(ex, rows, "").await?;
    Ok(())
}

pub async fn insert_outcome(ex: &mut Exec<'_>, r: &OutcomeRow) -> Result<(), DbError> {
    insert(ex, r).await
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
