//! Nominations: a unit of the subtree names a woman of the registry or an enterprise, with her
//! deeds.

use super::*;

/// The nominating unit: in the caller's subtree and the campaign's.
async fn nominating_unit(
    app: &App,
    caller: &Caller,
    campaign: &CampaignRow,
    raw: &str,
) -> Result<UnitCode, AppError> {
    let unknown = || AppError::invalid_detail("unit_code", "unknown_unit", raw.trim());
    if raw.trim().is_empty() {
        return Err(AppError::invalid("unit_code", "required"));
    }
    let unit = UnitCode::parse(raw).map_err(|_| unknown())?;
    let inside_campaign = UnitCode::parse(&campaign.unit_code).is_ok_and(|c| c.contains(&unit));
    if !caller.scope().covers(&unit) || !inside_campaign {
        return Err(unknown());
    }
    crate::people::check_unit(app, caller, &unit).await?;
    Ok(unit)
}

/// The nominee checked against the award and the caller's reach.
async fn nominee(
    app: &App,
    caller: &Caller,
    award: Award,
    input: &NominationInput,
) -> Result<Nominee, AppError> {
    let kind = match (input.person_id, input.enterprise_id) {
        (Some(_), None) => Nominee::Person,
        (None, Some(_)) => Nominee::Enterprise,
        (None, None) => return Err(AppError::invalid("person_id", "nominee_required")),
        (Some(_), Some(_)) => return Err(AppError::invalid("enterprise_id", "nominee_ambiguous")),
    };
    let field = match kind {
        Nominee::Person => "person_id",
        Nominee::Enterprise => "enterprise_id",
    };
    check_nominee(award, kind).map_err(|e| AppError::invalid(field, e.code()))?;
    let mut ex = app.db.ex();
    if let Some(id) = input.person_id {
        let person = people::find(&mut ex, &caller.scope(), id)
            .await?
            .filter(|p| p.deleted_at.is_none())
            .ok_or_else(|| {
                AppError::invalid_detail("person_id", "unknown_person", id.to_string())
            })?;
        if award.women_only() && person.sex != "female" {
            return Err(AppError::invalid("person_id", "award_for_women"));
        }
    }
    if let Some(id) = input.enterprise_id {
        employment::find_enterprise(&mut ex, id)
            .await?
            .filter(|e| caller.scope().covers_code(&e.unit_code))
            .ok_or_else(|| {
                AppError::invalid_detail("enterprise_id", "unknown_enterprise", id.to_string())
            })?;
    }
    Ok(kind)
}

pub async fn nominate(
    app: &App,
    caller: &Caller,
    campaign_id: i64,
    input: NominationInput,
) -> Result<Nomination, AppError> {
    require_nominator(caller)?;
    let campaign = campaign_row(app, caller, campaign_id).await?;
    if campaign.notice_key.is_some() {
        return Err(conflict("campaign_published"));
    }
    let day = today(app);
    if let Some(last) = campaign
        .nominations_until
        .as_deref()
        .and_then(CivilDate::parse)
    {
        if day > last {
            return Err(conflict("nominations_closed"));
        }
    }
    let award = Award::parse(&campaign.award).ok_or(AppError::NotFound)?;
    let kind = nominee(app, caller, award, &input).await?;
    let unit = nominating_unit(app, caller, &campaign, &input.unit_code).await?;
    let deeds = text("deeds", &input.deeds, MAX_DEEDS_CHARS)?;
    let now = app.now();
    let id = app.ids.next(now);
    let row = NominationRow {
        id,
        campaign_id,
        unit_code: unit.as_str().to_owned(),
        person_id: input.person_id,
        enterprise_id: input.enterprise_id,
        deeds_cipher: app.cipher.seal(&deeds, CTX_DEEDS, id),
        status: NominationStatus::Nominated.as_str().to_owned(),
        created_by: Some(caller.user_id),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    // Rewriting the campaign's row first makes two nominations racing for a unit's last place
    // take turns (PostgreSQL locks the row; SQLite has one writer): the second counts the first.
    store::update_campaign(&mut tx.ex(), &campaign).await?;
    let quotas: Vec<(UnitCode, u32)> = quotas_of(&campaign)
        .into_iter()
        .filter_map(|(code, n)| UnitCode::parse(&code).ok().map(|u| (u, n)))
        .collect();
    let existing: Vec<UnitCode> = store::nominating_units(&mut tx.ex(), campaign_id)
        .await?
        .iter()
        .filter_map(|c| UnitCode::parse(c).ok())
        .collect();
    if !within_quota(&quotas, &existing, &unit) {
        return Err(AppError::invalid_detail(
            "unit_code",
            "quota_exceeded",
            unit.as_str(),
        ));
    }
    let field = match kind {
        Nominee::Person => "person_id",
        Nominee::Enterprise => "enterprise_id",
    };
    store::insert_nomination(&mut tx.ex(), &row)
        .await
        .on_unique("already_nominated", field)?;
    let entry = caller
        .entry("create", "award_nomination", row.id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({"campaign_id": campaign_id}));
    audit::commit(app, tx, entry, now).await?;
    let mut names = nominee_names(&mut app.db.ex(), std::slice::from_ref(&row)).await?;
    nomination_of(app, row, names.remove(&id).unwrap_or_default())
}
