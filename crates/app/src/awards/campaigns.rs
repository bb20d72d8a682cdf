//! Campaigns: opening one, with its quota per unit.

use super::*;

fn check_quotas(
    caller: &Caller,
    quotas: &BTreeMap<String, u32>,
) -> Result<BTreeMap<String, u32>, AppError> {
    let mut checked = BTreeMap::new();
    for (raw, n) in quotas {
        let unit = UnitCode::parse(raw)
            .ok()
            .filter(|u| caller.scope().covers(u))
            .ok_or_else(|| AppError::invalid_detail("quotas", "unknown_unit", raw.trim()))?;
        if *n > MAX_QUOTA {
            return Err(AppError::invalid_detail(
                "quotas",
                "quota_too_large",
                raw.trim(),
            ));
        }
        checked.insert(unit.as_str().to_owned(), *n);
    }
    Ok(checked)
}

pub async fn create_campaign(
    app: &App,
    caller: &Caller,
    input: CampaignInput,
) -> Result<Campaign, AppError> {
    require_runner(caller)?;
    let award = Award::parse(&input.award)
        .ok_or_else(|| AppError::invalid_detail("award", "unknown_award", input.award.trim()))?;
    if !(2000..=2100).contains(&input.year) {
        return Err(AppError::invalid_detail(
            "year",
            "invalid_year",
            input.year.to_string(),
        ));
    }
    let title = text("title", &input.title, 200)?;
    let quotas = check_quotas(caller, &input.quotas)?;
    for code in quotas.keys() {
        units::find(&mut app.db.ex(), code)
            .await?
            .ok_or_else(|| AppError::invalid_detail("quotas", "unknown_unit", code.as_str()))?;
    }
    let notice_days = input.notice_days.unwrap_or(DEFAULT_NOTICE_DAYS);
    if !(1..=MAX_NOTICE_DAYS).contains(&notice_days) {
        return Err(AppError::invalid("notice_days", "invalid_notice_days"));
    }
    let nominations_until = match input.nominations_until.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(date("nominations_until", raw)?),
    };
    let now = app.now();
    let row = CampaignRow {
        id: app.ids.next(now),
        award: award.as_str().to_owned(),
        year: input.year,
        title,
        unit_code: caller.unit.as_str().to_owned(),
        quotas: serde_json::to_string(&quotas).map_err(|e| AppError::Internal(e.to_string()))?,
        notice_days: notice_days as i32,
        nominations_until,
        notice_key: None,
        published_on: None,
        notice_until: None,
        finalized_at: None,
        created_by: Some(caller.user_id),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_campaign(&mut tx.ex(), &row).await?;
    let detail = json!({"award": row.award, "year": row.year});
    audit_campaign(app, &mut tx.ex(), caller, &row, "create", detail, now).await?;
    tx.commit().await?;
    Ok(Campaign::of(row, today(app)))
}
