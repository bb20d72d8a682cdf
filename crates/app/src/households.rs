//! Households: who lives with whom, and who is the guardian of which minor — what the children's
//! work (left-behind children, pairing) and the relief visits to poor mothers build on.

use crate::audit;
use crate::auth::Caller;
use crate::{people, App, AppError};
use jinguo_db::households::{self as store, Household, Member};
use jinguo_db::Tx;
use jinguo_domain::UnitCode;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

/// A new household as the API takes it (`NewHousehold`) and the person page builds it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = NewHousehold)]
pub struct HouseholdInput {
    pub name: String,
    pub unit_code: String,
}

/// A member added to a household, or her relation changed (`PutMember`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = PutMember)]
pub struct MemberInput {
    pub person_id: i64,
    pub relation: String,
    pub guardian_of: Option<i64>,
}

/// Relations of a member to the household (head: 户主).
pub const RELATIONS: &[&str] = &[
    "head",
    "spouse",
    "child",
    "parent",
    "grandparent",
    "grandchild",
    "sibling",
    "guardian",
    "other",
];

fn check_relation(relation: &str) -> Result<(), AppError> {
    if RELATIONS.contains(&relation) {
        Ok(())
    } else {
        Err(AppError::invalid_detail(
            "relation",
            "unknown_relation",
            relation,
        ))
    }
}

fn require_write(caller: &Caller) -> Result<(), AppError> {
    if caller.role.writes_people() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(Debug, Clone)]
pub struct HouseholdView {
    pub household: Household,
    pub members: Vec<Member>,
}

pub async fn create(
    app: &App,
    caller: &Caller,
    input: &HouseholdInput,
) -> Result<HouseholdView, AppError> {
    require_write(caller)?;
    let unit_code = input.unit_code.as_str();
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(AppError::invalid("name", "household_name_invalid"));
    }
    let unit = UnitCode::parse(unit_code)
        .map_err(|_| AppError::invalid_detail("unit_code", "unknown_unit", unit_code))?;
    if !caller.scope().covers(&unit)
        || jinguo_db::units::find(&mut app.db.ex(), unit.as_str())
            .await?
            .is_none()
    {
        return Err(AppError::invalid_detail(
            "unit_code",
            "unknown_unit",
            unit_code,
        ));
    }
    let now = app.now();
    let household = Household {
        id: app.ids.next(now),
        unit_code: unit.to_string(),
        name: name.to_owned(),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert(&mut tx.ex(), &household).await?;
    let entry = caller.entry("create", "household", household.id.to_string());
    audit::commit(app, tx, entry.in_unit(unit.as_str()), now).await?;
    Ok(HouseholdView {
        household,
        members: Vec::new(),
    })
}

pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<HouseholdView, AppError> {
    if !caller.role.reads_households() {
        return Err(AppError::Forbidden);
    }
    let household = store::find(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = store::members(&mut app.db.ex(), &caller.scope(), id).await?;
    Ok(HouseholdView {
        household,
        members: heads_then_oldest(app, members).await?,
    })
}

/// Heads first, then the oldest. The database keeps only birth years; the exact dates of these
/// few people come from their sealed ID numbers.
async fn heads_then_oldest(app: &App, mut members: Vec<Member>) -> Result<Vec<Member>, AppError> {
    let ids: Vec<i64> = members.iter().map(|m| m.person_id).collect();
    let mut born = std::collections::HashMap::new();
    for b in jinguo_db::people::births_of(&mut app.db.ex(), &ids).await? {
        born.insert(
            b.person_id,
            people::birth_date_of(&app.cipher, b.person_id, &b.id_cipher)?,
        );
    }
    members.sort_by_key(|m| (m.relation != "head", born.get(&m.person_id).copied()));
    Ok(members)
}

/// Adds a person (inside the caller's scope) to a household, or changes their relation. A
/// guardian names the minor they are guardian of, who must be a member too.
pub async fn put_member(
    app: &App,
    caller: &Caller,
    household_id: i64,
    input: &MemberInput,
) -> Result<HouseholdView, AppError> {
    let (person_id, relation, guardian_of) =
        (input.person_id, input.relation.as_str(), input.guardian_of);
    require_write(caller)?;
    check_relation(relation)?;
    let view = get(app, caller, household_id).await?;
    people::get_masked(app, caller, person_id).await?;
    if let Some(minor) = guardian_of {
        let ward = view
            .members
            .iter()
            .find(|m| m.person_id == minor)
            .ok_or_else(|| AppError::invalid("guardian_of", "guardian_of_not_member"))?;
        let ward = people::get_masked(app, caller, ward.person_id).await?;
        if ward.age_on(people::today(app)) >= 18 {
            return Err(AppError::invalid("guardian_of", "guardian_of_not_minor"));
        }
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::put_member(&mut tx.ex(), household_id, person_id, relation, guardian_of).await?;
    let detail = json!({ "member": person_id, "relation": relation, "guardian_of": guardian_of });
    members_changed(app, caller, tx, &view, detail, now).await
}

pub async fn remove_member(
    app: &App,
    caller: &Caller,
    household_id: i64,
    person_id: i64,
) -> Result<HouseholdView, AppError> {
    require_write(caller)?;
    let view = get(app, caller, household_id).await?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if store::remove_member(&mut tx.ex(), household_id, person_id).await? == 0 {
        return Err(AppError::NotFound);
    }
    let detail = json!({ "removed": person_id });
    members_changed(app, caller, tx, &view, detail, now).await
}

/// Records a change of a household's members and commits it; the household as it now is.
async fn members_changed(
    app: &App,
    caller: &Caller,
    tx: Tx,
    view: &HouseholdView,
    detail: serde_json::Value,
    now: i64,
) -> Result<HouseholdView, AppError> {
    let household_id = view.household.id;
    let entry = caller.entry("update", "household", household_id.to_string());
    audit::commit(
        app,
        tx,
        entry.in_unit(&view.household.unit_code).detail(detail),
        now,
    )
    .await?;
    get(app, caller, household_id).await
}

/// The households of a person the caller may see.
pub async fn of_person(
    app: &App,
    caller: &Caller,
    person_id: i64,
) -> Result<Vec<HouseholdView>, AppError> {
    people::get_masked(app, caller, person_id).await?;
    if !caller.role.reads_households() {
        return Err(AppError::Forbidden);
    }
    let mut views = Vec::new();
    for id in store::of_person(&mut app.db.ex(), person_id).await? {
        if let Ok(view) = get(app, caller, id).await {
            views.push(view);
        }
    }
    Ok(views)
}
