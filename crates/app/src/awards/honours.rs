//! Honours: what a person or an enterprise was awarded, for their pages.

use super::*;

/// The honours of a person of the caller's reach (404 outside it).
pub async fn honours_of_person(
    app: &App,
    caller: &Caller,
    person_id: i64,
) -> Result<Vec<Honour>, AppError> {
    if !caller.role.reads_people() {
        return Err(AppError::Forbidden);
    }
    let mut ex = app.db.ex();
    people::find(&mut ex, &caller.scope(), person_id)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .ok_or(AppError::NotFound)?;
    honours_of(&mut ex, Some(person_id), None).await
}

/// The honours of an enterprise (as public as its name: the district's employment roles).
pub async fn honours_of_enterprise(
    app: &App,
    caller: &Caller,
    enterprise_id: i64,
) -> Result<Vec<Honour>, AppError> {
    if !caller.role.works_employment() {
        return Err(AppError::Forbidden);
    }
    let mut ex = app.db.ex();
    employment::find_enterprise(&mut ex, enterprise_id)
        .await?
        .filter(|e| caller.scope().district_public().covers_code(&e.unit_code))
        .ok_or(AppError::NotFound)?;
    honours_of(&mut ex, None, Some(enterprise_id)).await
}

async fn honours_of(
    ex: &mut Exec<'_>,
    person_id: Option<i64>,
    enterprise_id: Option<i64>,
) -> Result<Vec<Honour>, AppError> {
    Ok(store::honours(ex, person_id, enterprise_id)
        .await?
        .into_iter()
        .map(|c| Honour {
            campaign_id: c.id,
            award: c.award,
            year: c.year,
            title: c.title,
        })
        .collect())
}
