//! Merging two records of one person.

use super::*;

/// Merges a duplicate record into the one kept: the duplicate is retired (pointing at the kept
/// one), its tags join the kept record's, and both histories stay in the audit log.
pub async fn merge(
    app: &App,
    caller: &Caller,
    keep_id: i64,
    duplicate_id: i64,
) -> Result<Person, AppError> {
    if !caller.role.merges_people() {
        return Err(AppError::Forbidden);
    }
    if keep_id == duplicate_id {
        return Err(AppError::invalid("duplicate_id", "merge_same_person"));
    }
    let keep = load(app, caller, keep_id).await?;
    let dup = load(app, caller, duplicate_id).await?;
    let mut tags: Vec<String> = store::tags_of(&mut app.db.ex(), &[keep_id, duplicate_id])
        .await?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    tags.sort();
    tags.dedup();
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::soft_delete(&mut tx.ex(), duplicate_id, Some(keep_id), now).await?;
    let mut input = input_of(app, &keep, tags)?;
    input.sex = None;
    let valid = validate_stored(&input, today(app), &keep)?;
    let sealed = seal(app, &valid, keep_id, keep.created_at, now);
    store::update(&mut tx.ex(), &sealed.row).await?;
    write_tags_and_terms(&mut tx.ex(), std::slice::from_ref(&sealed), false).await?;
    jinguo_db::households::move_memberships(&mut tx.ex(), duplicate_id, keep_id).await?;
    for (entity_id, role) in [(keep_id, "kept"), (duplicate_id, "merged_away")] {
        let entry = caller.entry("merge", "person", entity_id.to_string());
        let detail = json!({ "kept": keep_id, "merged": duplicate_id, "role": role });
        let unit = if entity_id == keep_id {
            &keep.unit_code
        } else {
            &dup.unit_code
        };
        audit::append(app, &mut tx.ex(), entry.in_unit(unit).detail(detail), now).await?;
    }
    tx.commit().await?;
    Ok(Person::of(
        sealed.row,
        sealed.tags,
        valid.id_number.birth_date(),
    ))
}
