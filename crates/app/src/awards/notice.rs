//! The public notice (公示): publishing the shortlist, objections to it and their decision, and
//! making the honours final after the window.

use super::*;

pub async fn publish(
    app: &App,
    caller: &Caller,
    campaign_id: i64,
    input: PublishInput,
) -> Result<Published, AppError> {
    require_runner(caller)?;
    let mut campaign = campaign_row(app, caller, campaign_id).await?;
    if campaign.notice_key.is_some() {
        return Err(conflict("already_published"));
    }
    if input.nomination_ids.is_empty() {
        return Err(AppError::invalid("nomination_ids", "required"));
    }
    let nominations = store::nominations(&mut app.db.ex(), &caller.scope(), campaign_id).await?;
    for id in &input.nomination_ids {
        if !nominations.iter().any(|n| n.id == *id) {
            return Err(AppError::invalid_detail(
                "nomination_ids",
                "unknown_nomination",
                id.to_string(),
            ));
        }
    }
    let day = today(app);
    let calendar = crate::calendar::work_calendar(app, day).await?;
    // The day of publication is the notice's first day (when it is a working day).
    let until = calendar.add_working_days(day, campaign.notice_days.max(1) as u32 - 1);
    let key: String = random_secret().chars().take(32).collect();
    campaign.notice_key = Some(key.clone());
    campaign.published_on = Some(day.to_string());
    campaign.notice_until = Some(until.to_string());
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::update_campaign(&mut tx.ex(), &campaign).await?;
    store::set_status(
        &mut tx.ex(),
        campaign_id,
        &input.nomination_ids,
        NominationStatus::Shortlisted.as_str(),
    )
    .await?;
    let detail = json!({"nominations": input.nomination_ids, "notice_until": until.to_string()});
    audit_campaign(app, &mut tx.ex(), caller, &campaign, "publish", detail, now).await?;
    tx.commit().await?;
    Ok(Published {
        notice_path: notice_path(&key),
        notice_until: until.to_string(),
    })
}

async fn published(app: &App, key: &str) -> Result<CampaignRow, AppError> {
    store::find_campaign_by_key(&mut app.db.ex(), key)
        .await?
        .ok_or(AppError::NotFound)
}

/// The public notice: anyone with its link reads it.
pub async fn public_notice(app: &App, key: &str) -> Result<PublicNotice, AppError> {
    let campaign = published(app, key).await?;
    let mut ex = app.db.ex();
    let shortlist = store::shortlist(&mut ex, campaign.id).await?;
    let names = nominee_names(&mut ex, &shortlist).await?;
    let mut entries = Vec::with_capacity(shortlist.len());
    for n in &shortlist {
        let unit_name = units::find(&mut ex, &n.unit_code)
            .await?
            .map(|u| u.name)
            .unwrap_or_default();
        entries.push(PublicEntry {
            nomination_id: n.id,
            name: names.get(&n.id).cloned().unwrap_or_default(),
            unit_name,
        });
    }
    let open = campaign.finalized_at.is_none()
        && notice_until_of(&campaign).is_some_and(|u| notice_open(u, today(app)));
    Ok(PublicNotice {
        title: campaign.title,
        award: campaign.award,
        year: campaign.year,
        published_on: campaign.published_on.unwrap_or_default(),
        notice_until: campaign.notice_until.unwrap_or_default(),
        open,
        entries,
    })
}

/// An objection from the public notice, counted against the address's limit; after the window
/// nothing is stored.
pub async fn object(
    app: &App,
    limits: &PublicLimits,
    ip: &str,
    key: &str,
    input: ObjectionInput,
) -> Result<i64, AppError> {
    limits.intake.check(&address_key(ip), app.now())?;
    let campaign = published(app, key).await?;
    let open = campaign.finalized_at.is_none()
        && notice_until_of(&campaign).is_some_and(|u| notice_open(u, today(app)));
    if !open {
        return Err(conflict("notice_closed"));
    }
    let shortlist = store::shortlist(&mut app.db.ex(), campaign.id).await?;
    let nomination = shortlist
        .iter()
        .find(|n| n.id == input.nomination_id)
        .ok_or_else(|| {
            AppError::invalid_detail(
                "nomination_id",
                "unknown_nomination",
                input.nomination_id.to_string(),
            )
        })?;
    let body = text("text", &input.text, MAX_OBJECTION_CHARS)?;
    let contact = optional_text("contact", input.contact.as_deref(), 100)?;
    let now = app.now();
    let id = app.ids.next(now);
    let row = ObjectionRow {
        id,
        campaign_id: campaign.id,
        nomination_id: nomination.id,
        unit_code: nomination.unit_code.clone(),
        text_cipher: app.cipher.seal(&body, CTX_OBJECTION, id),
        contact_cipher: contact.map(|c| app.cipher.seal(&c, CTX_CONTACT, id)),
        received_at: now,
        outcome: None,
        note_cipher: None,
        handled_by: None,
        handled_at: None,
    };
    let mut tx = app.db.begin().await?;
    store::insert_objection(&mut tx.ex(), &row).await?;
    audit::commit(
        app,
        tx,
        Entry {
            actor_id: None,
            actor: "public",
            // Like a public case: the objector's address is not kept beside what she wrote.
            origin: &crate::Origin {
                ip: "public".into(),
                user_agent: String::new(),
            },
            action: "create",
            entity: "award_objection",
            entity_id: id.to_string(),
            unit_code: Some(&row.unit_code),
            detail: json!({"campaign_id": campaign.id, "nomination_id": nomination.id}),
        },
        now,
    )
    .await?;
    Ok(id)
}

fn objection_of(app: &App, row: ObjectionRow, nominee: String) -> Result<Objection, AppError> {
    let open = |blob: &[u8], ctx: &str| app.cipher.open(blob, ctx, row.id).map_err(undecryptable);
    Ok(Objection {
        text: open(&row.text_cipher, CTX_OBJECTION)?,
        contact: row
            .contact_cipher
            .as_deref()
            .map(|c| open(c, CTX_CONTACT))
            .transpose()?,
        note: row
            .note_cipher
            .as_deref()
            .map(|c| open(c, CTX_NOTE))
            .transpose()?,
        id: row.id,
        nomination_id: row.nomination_id,
        nominee,
        received_at: row.received_at,
        outcome: row.outcome,
    })
}

/// The objections to a campaign (the federation's to read and decide); each read is audited,
/// as they may name the objector.
pub async fn objections(
    app: &App,
    caller: &Caller,
    campaign_id: i64,
) -> Result<Vec<Objection>, AppError> {
    require_runner(caller)?;
    let campaign = campaign_row(app, caller, campaign_id).await?;
    let mut ex = app.db.ex();
    let rows = store::objections(&mut ex, &caller.scope(), campaign_id).await?;
    let nominations = store::nominations(&mut ex, &caller.scope(), campaign_id).await?;
    let names = nominee_names(&mut ex, &nominations).await?;
    if !rows.is_empty() {
        let entry = caller
            .entry("read", "award_objections", campaign_id.to_string())
            .in_unit(&campaign.unit_code);
        audit::append(app, &mut ex, entry, app.now()).await?;
    }
    rows.into_iter()
        .map(|r| {
            let name = names.get(&r.nomination_id).cloned().unwrap_or_default();
            objection_of(app, r, name)
        })
        .collect()
}

pub async fn decide_objection(
    app: &App,
    caller: &Caller,
    objection_id: i64,
    input: DecisionInput,
) -> Result<(), AppError> {
    require_runner(caller)?;
    let mut row = store::find_objection(&mut app.db.ex(), &caller.scope(), objection_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.outcome.is_some() {
        return Err(conflict("objection_decided"));
    }
    let outcome = ObjectionOutcome::parse(&input.outcome).ok_or_else(|| {
        AppError::invalid_detail("outcome", "unknown_outcome", input.outcome.trim())
    })?;
    let note = optional_text("note", input.note.as_deref(), 2_000)?;
    let now = app.now();
    row.outcome = Some(outcome.as_str().to_owned());
    row.note_cipher = note.map(|n| app.cipher.seal(&n, CTX_NOTE, row.id));
    row.handled_by = Some(caller.user_id);
    row.handled_at = Some(now);
    let mut tx = app.db.begin().await?;
    store::update_objection(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("decide", "award_objection", row.id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({"outcome": outcome.as_str()}));
    audit::commit(app, tx, entry, now).await?;
    Ok(())
}

/// After the notice: the shortlisted nominees without an upheld objection are honoured, the
/// others not; every objection must have been decided first.
pub async fn finalize(app: &App, caller: &Caller, campaign_id: i64) -> Result<Finalized, AppError> {
    require_runner(caller)?;
    let mut campaign = campaign_row(app, caller, campaign_id).await?;
    if campaign.finalized_at.is_some() {
        return Err(conflict("already_finalized"));
    }
    let Some(until) = notice_until_of(&campaign) else {
        return Err(conflict("not_published"));
    };
    if notice_open(until, today(app)) {
        return Err(conflict("notice_open"));
    }
    let mut tx = app.db.begin().await?;
    if store::pending_objections(&mut tx.ex(), campaign_id).await? > 0 {
        return Err(conflict("objections_pending"));
    }
    let upheld = store::upheld(&mut tx.ex(), campaign_id).await?;
    let all = store::nominations(&mut tx.ex(), &caller.scope(), campaign_id).await?;
    let shortlisted = NominationStatus::Shortlisted.as_str();
    let (honoured, not_honoured): (Vec<i64>, Vec<i64>) = all.iter().map(|n| n.id).partition(|id| {
        let on_shortlist = all.iter().any(|n| n.id == *id && n.status == shortlisted);
        on_shortlist && !upheld.contains(id)
    });
    let now = app.now();
    campaign.finalized_at = Some(now);
    store::update_campaign(&mut tx.ex(), &campaign).await?;
    let h = store::set_status(
        &mut tx.ex(),
        campaign_id,
        &honoured,
        NominationStatus::Honoured.as_str(),
    )
    .await?;
    let n = store::set_status(
        &mut tx.ex(),
        campaign_id,
        &not_honoured,
        NominationStatus::NotHonoured.as_str(),
    )
    .await?;
    let detail = json!({"honoured": honoured});
    audit_campaign(
        app,
        &mut tx.ex(),
        caller,
        &campaign,
        "finalize",
        detail,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Finalized {
        honoured: h,
        not_honoured: n,
    })
}
