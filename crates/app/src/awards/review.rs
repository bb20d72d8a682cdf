//! Review: the reviewers' votes and the ranked list they vote on.

use super::*;

pub async fn vote(
    app: &App,
    caller: &Caller,
    campaign_id: i64,
    input: VoteInput,
) -> Result<(), AppError> {
    require_runner(caller)?;
    let campaign = campaign_row(app, caller, campaign_id).await?;
    if campaign.notice_key.is_some() {
        return Err(conflict("campaign_published"));
    }
    let vote = Vote::parse(&input.vote)
        .ok_or_else(|| AppError::invalid_detail("vote", "unknown_vote", input.vote.trim()))?;
    let nominations = store::nominations(&mut app.db.ex(), &caller.scope(), campaign_id).await?;
    if !nominations.iter().any(|n| n.id == input.nomination_id) {
        return Err(AppError::invalid_detail(
            "nomination_id",
            "unknown_nomination",
            input.nomination_id.to_string(),
        ));
    }
    let now = app.now();
    let row = VoteRow {
        id: app.ids.next(now),
        campaign_id,
        nomination_id: input.nomination_id,
        reviewer_id: caller.user_id,
        vote: vote.as_str().to_owned(),
        voted_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::put_vote(&mut tx.ex(), &row).await?;
    let entry = caller
        .entry("vote", "award_nomination", input.nomination_id.to_string())
        .in_unit(&campaign.unit_code)
        .detail(json!({"nomination_id": input.nomination_id, "vote": row.vote}));
    audit::commit(app, tx, entry, now).await?;
    Ok(())
}

/// The review's result table: each nomination with its votes.
pub async fn review(
    app: &App,
    caller: &Caller,
    campaign_id: i64,
) -> Result<Vec<ReviewLine>, AppError> {
    require_runner(caller)?;
    campaign_row(app, caller, campaign_id).await?;
    let mut ex = app.db.ex();
    let rows = store::nominations(&mut ex, &caller.scope(), campaign_id).await?;
    let names = nominee_names(&mut ex, &rows).await?;
    let mut tallies: HashMap<i64, Tally> = HashMap::new();
    for v in store::votes(&mut ex, campaign_id).await? {
        if let Some(vote) = Vote::parse(&v.vote) {
            tallies.entry(v.nomination_id).or_default().add(vote);
        }
    }
    Ok(rows
        .into_iter()
        .map(|n| {
            let t = tallies.get(&n.id).copied().unwrap_or_default();
            ReviewLine {
                nomination_id: n.id,
                nominee: names.get(&n.id).cloned().unwrap_or_default(),
                unit_code: n.unit_code,
                status: n.status,
                votes_for: t.for_,
                against: t.against,
                abstain: t.abstain,
                carried: t.carried(),
            }
        })
        .collect())
}
