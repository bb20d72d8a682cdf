//! Assistance records, mentoring with its meetings, and outcomes.

use super::*;
use crate::{sql, DbError, Exec};

record! {
    pub struct AssistanceRow in Assistance {
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
    pub person_id: Option<i64>,
    pub kind: Option<String>,
    pub status: Option<String>,
}

pub async fn list_assistance(
    ex: &mut Exec<'_>,
    scope: &Scope,
    f: &AssistanceFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<AssistanceRow>, i64), DbError> {
    let condition = Cond::all()
        .add(in_units(Assistance::UnitCode, &scope.unit_range()))
        .add_option(f.person_id.map(|p| Expr::col(Assistance::PersonId).eq(p)))
        .add_option(f.kind.as_deref().map(|k| Expr::col(Assistance::Kind).eq(k)))
        .add_option(
            f.status
                .as_deref()
                .map(|s| Expr::col(Assistance::Status).eq(s)),
        );
    let s = select_of::<AssistanceRow>()
        .order_by(Assistance::StartedOn, Order::Desc)
        .order_by(Assistance::Id, Order::Desc)
        .take();
    page(ex, s, condition, offset, limit).await
}

record! {
    pub struct MentorshipRow in Mentorships {
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
    scope: &Scope,
    person_id: Option<i64>,
) -> Result<Vec<MentorshipRow>, DbError> {
    let condition = Cond::all()
        .add(in_units(Mentorships::UnitCode, &scope.unit_range()))
        .add_option(person_id.map(|p| {
            Cond::any()
                .add(Expr::col(Mentorships::MentorId).eq(p))
                .add(Expr::col(Mentorships::MenteeId).eq(p))
        }));
    let q = ex.build(
        select_of::<MentorshipRow>()
            .cond_where(condition)
            .order_by(Mentorships::StartedOn, Order::Desc)
            .order_by(Mentorships::Id, Order::Desc)
            .limit(500),
    );
    fetch_rows(ex, q, MentorshipRow::read).await
}

record! {
    pub struct MeetingRow in MentorMeetings {
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
    pub struct OutcomeRow in EmploymentOutcomes {
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
    insert_batch(ex, rows, None).await?;
    Ok(())
}

pub async fn insert_outcome(ex: &mut Exec<'_>, r: &OutcomeRow) -> Result<(), DbError> {
    insert(ex, r).await
}

/// Outcomes in a period and subtree: (kind, tag or "" for all, count of people-outcomes).
pub async fn outcome_counts(
    ex: &mut Exec<'_>,
    scope: &Scope,
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
    .bind(scope.unit_range().lo().to_owned())
    .bind(scope.unit_range().hi().to_owned())
    .bind(from)
    .bind(to);
    ex.fetch_all(totals)
        .await?
        .iter()
        .map(|r| Ok((r.get_index(0)?, r.get_index(1)?, r.get_index(2)?)))
        .collect()
}

/// What the employment records say of some people, whatever unit recorded it: each placement
/// or business started (`placement`, `startup`) and each intention agreement signed at an event
/// (`agreement`), with its day — the training module's outcome six months after a course.
pub async fn work_records_of(
    ex: &mut Exec<'_>,
    person_ids: &[i64],
) -> Result<Vec<(i64, String, String)>, DbError> {
    let mut out = Vec::new();
    for chunk in person_ids.chunks(crate::people::BATCH) {
        let list = crate::record::in_list(chunk);
        let q = sql(format!(
            "SELECT person_id, kind, on_date FROM employment_outcomes WHERE person_id IN ({list}) \
             UNION ALL \
             SELECT person_id, 'agreement', signed_on FROM agreements WHERE person_id IN ({list})"
        ));
        for r in ex.fetch_all(q).await? {
            out.push((r.get_index(0)?, r.get_index(1)?, r.get_index(2)?));
        }
    }
    Ok(out)
}
