//! A program's cycles: what each gives, and its roll drawn from the rule in one pass, frozen as
//! it was drawn (people added to the registry later join by re-running the rule).

use super::*;

/// A cycle as the API takes it (`NewCycle`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewCycle)]
pub struct CycleInput {
    pub title: String,
    /// `YYYY-MM-DD`
    pub starts_on: String,
    /// `YYYY-MM-DD`
    pub ends_on: String,
    /// Ages are counted on this day (`YYYY-MM-DD`; default `starts_on`).
    pub reference_date: Option<String>,
    /// `{"kind":"service"}`, `{"kind":"cash","amount_fen":N,"account_id"?}` or
    /// `{"kind":"goods","items":[{"name","quantity"}]}` (default: a service).
    #[schema(value_type = Option<Object>)]
    pub benefit: Option<Value>,
}

/// What a cycle gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Benefit {
    pub kind: BenefitKind,
    pub amount_fen: Option<i64>,
    pub account_id: Option<i64>,
    /// Goods: `[{"name","quantity"}]`.
    pub items: Option<Value>,
}

fn benefit_of(raw: Option<&Value>) -> Result<Benefit, AppError> {
    let Some(raw) = raw.filter(|v| !v.is_null()) else {
        return Ok(Benefit {
            kind: BenefitKind::Service,
            amount_fen: None,
            account_id: None,
            items: None,
        });
    };
    let kind_raw = raw.get("kind").and_then(Value::as_str).unwrap_or_default();
    let kind = choice("benefit.kind", kind_raw, BenefitKind::parse)?;
    let mut b = Benefit {
        kind,
        amount_fen: None,
        account_id: None,
        items: None,
    };
    match kind {
        BenefitKind::Service => {}
        BenefitKind::Cash => {
            // Whole fen only: 12.5 or "100" is not an amount (money is an integer of fen).
            let amount = raw
                .get("amount_fen")
                .ok_or_else(|| AppError::invalid("benefit.amount_fen", "required"))?;
            let fen = amount.as_i64().filter(|n| *n > 0).ok_or_else(|| {
                AppError::invalid_detail(
                    "benefit.amount_fen",
                    "amount_not_whole_fen",
                    amount.to_string(),
                )
            })?;
            b.amount_fen = Some(fen);
            if let Some(account) = raw.get("account_id").filter(|v| !v.is_null()) {
                b.account_id = Some(
                    account
                        .as_i64()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| AppError::invalid("benefit.account_id", "invalid_id"))?,
                );
            }
        }
        BenefitKind::Goods => {
            let items = raw
                .get("items")
                .and_then(Value::as_array)
                .filter(|items| !items.is_empty())
                .ok_or_else(|| AppError::invalid("benefit.items", "required"))?;
            let mut clean = Vec::new();
            for item in items {
                let name = item.get("name").and_then(Value::as_str).unwrap_or_default();
                let name = text("benefit.items", name, 100)?;
                let quantity = item
                    .get("quantity")
                    .and_then(Value::as_i64)
                    .filter(|q| *q > 0)
                    .ok_or_else(|| AppError::invalid("benefit.items", "quantity_invalid"))?;
                clean.push(json!({"name": name, "quantity": quantity}));
            }
            b.items = Some(Value::Array(clean));
        }
    }
    Ok(b)
}

/// A cycle as pages and the API show it.
#[derive(Debug, Clone)]
pub struct Cycle {
    pub id: i64,
    pub program_id: i64,
    pub unit_code: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub reference_date: String,
    pub benefit: Benefit,
    /// People on the roll inside the caller's subtree.
    pub roll_size: i64,
    pub generated_at: i64,
}

impl Cycle {
    pub(super) fn of(row: CycleRow, roll_size: i64) -> Cycle {
        Cycle {
            id: row.id,
            program_id: row.program_id,
            unit_code: row.unit_code,
            title: row.title,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            reference_date: row.reference_date,
            benefit: Benefit {
                kind: BenefitKind::parse(&row.benefit_kind).unwrap_or(BenefitKind::Service),
                amount_fen: row.amount_fen,
                account_id: row.account_id,
                items: row.goods.and_then(|g| serde_json::from_str(&g).ok()),
            },
            roll_size,
            generated_at: row.generated_at,
        }
    }
}

pub(super) fn day(text: &str) -> Result<CivilDate, AppError> {
    CivilDate::parse(text).ok_or_else(|| AppError::Internal(format!("stored date {text}")))
}

/// Who the rule matches on a day, as the store filters it. The age band is exact: the birth
/// years wholly inside it are a range of the plain `birth_year`, and the people of its (at most
/// two) edge years are checked here against the exact date in their sealed ID numbers (the
/// people search's `age_filter`), so only those few are opened.
pub(super) async fn eligible(
    app: &App,
    scope: &Scope,
    program_unit: &str,
    rule: &Rule,
    on: CivilDate,
) -> Result<Eligible, AppError> {
    let program = UnitCode::parse(program_unit)
        .map_err(|_| AppError::Internal(format!("program unit {program_unit}")))?;
    let mut units = UnitRange::subtree(&program);
    if let Some(u) = rule
        .unit_code
        .as_deref()
        .and_then(|u| UnitCode::parse(u).ok())
    {
        units = units.intersect(&UnitRange::subtree(&u));
    }
    let mut people = Filter {
        unit_range: Some(units),
        sex: rule.sex.clone(),
        ..Filter::default()
    };
    if rule.age_min.is_some() || rule.age_max.is_some() {
        let band = AgeBand::new(rule.age_min, rule.age_max, on);
        people.age = Some(age_filter(app, scope, &people, band).await?);
    }
    Ok(Eligible {
        people,
        tags_all: rule.tags_all.clone(),
        tags_any: rule.tags_any.clone(),
        tags_none: rule.tags_none.clone(),
        household: household_of(rule, on.year),
    })
}

/// A rule's household facts as the store asks them in `year`: a child is "under N" when the
/// age she reaches in that year is under N (born in `year - N + 1` or later), the same count of
/// years as the roll's frozen ages.
pub(super) fn household_of(rule: &Rule, year: i32) -> Vec<store::Household> {
    let born_from = |under: u32| year - i32::try_from(under).unwrap_or(i32::MAX) + 1;
    rule.household
        .iter()
        .filter_map(|f| {
            Some(match f.kind()? {
                HouseholdFactKind::SingleParent => store::Household::SingleParent {
                    minor_born_from: born_from(CHILD_AGE),
                },
                HouseholdFactKind::ChildUnder => store::Household::ChildBornFrom {
                    born_from: born_from(f.age.unwrap_or(CHILD_AGE)),
                },
                HouseholdFactKind::LivesAlone => store::Household::LivesAlone,
            })
        })
        .collect()
}

/// How many people a program's rule matches now (on `on`, default today), inside the caller's
/// subtree: the form's preview, and the count the roll's generation is measured against.
pub async fn count_eligible(
    app: &App,
    caller: &Caller,
    program_id: i64,
    on: Option<&str>,
) -> Result<i64, AppError> {
    let row = load_program(&mut app.db.ex(), caller, program_id, Access::Work).await?;
    let program = Program::of(row)?;
    let on = match optional_date("on", on)? {
        Some(d) => day(&d)?,
        None => crate::people::today(app),
    };
    let scope = caller.scope();
    let e = eligible(app, &scope, &program.unit_code, &program.rule, on).await?;
    Ok(store::count_eligible(&mut app.db.ex(), &scope, &e).await?)
}

pub async fn create_cycle(
    app: &App,
    caller: &Caller,
    program_id: i64,
    input: CycleInput,
) -> Result<Cycle, AppError> {
    let row = load_program(&mut app.db.ex(), caller, program_id, Access::Own).await?;
    let program = Program::of(row)?;
    let title = text("title", &input.title, 200)?;
    let starts_on = date("starts_on", &input.starts_on)?;
    let ends_on = date("ends_on", &input.ends_on)?;
    if ends_on < starts_on {
        return Err(AppError::invalid("ends_on", "ends_before_start"));
    }
    let reference_date = optional_date("reference_date", input.reference_date.as_deref())?
        .unwrap_or(starts_on.clone());
    let benefit = benefit_of(input.benefit.as_ref())?;
    if let Some(account_id) = benefit.account_id {
        check_account(app, caller, account_id).await?;
    }
    let on = day(&reference_date)?;
    let scope = caller.scope();
    let e = eligible(app, &scope, &program.unit_code, &program.rule, on).await?;
    let now = app.now();
    let row = CycleRow {
        id: app.ids.next(now),
        program_id,
        unit_code: program.unit_code.clone(),
        title,
        starts_on,
        ends_on,
        reference_date,
        benefit_kind: benefit.kind.as_str().into(),
        amount_fen: benefit.amount_fen,
        goods: benefit.items.as_ref().map(Value::to_string),
        account_id: benefit.account_id,
        created_by: caller.author(),
        created_at: now,
        generated_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_cycle(&mut tx.ex(), &row).await?;
    let added = store::generate_roll(&mut tx.ex(), &scope, row.id, on.year, &e, now).await?;
    let entry = caller
        .entry("create", "program_cycle", row.id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({"program_id": program_id, "roll_size": added}));
    audit::commit(app, tx, entry, now).await?;
    Ok(Cycle::of(row, i64::try_from(added).unwrap_or(i64::MAX)))
}

/// A cycle with its program, for its page.
pub async fn cycle_and_program(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(Cycle, Program), AppError> {
    let mut ex = app.db.ex();
    let (row, program) = load_cycle(&mut ex, caller, id, Access::Figures).await?;
    let size = store::roll_size(&mut ex, &caller.scope(), id).await?;
    Ok((Cycle::of(row, size), program))
}

pub async fn get_cycle(app: &App, caller: &Caller, id: i64) -> Result<Cycle, AppError> {
    let mut ex = app.db.ex();
    let (row, _) = load_cycle(&mut ex, caller, id, Access::Figures).await?;
    let size = store::roll_size(&mut ex, &caller.scope(), id).await?;
    Ok(Cycle::of(row, size))
}

pub async fn cycles(app: &App, caller: &Caller, program_id: i64) -> Result<Vec<Cycle>, AppError> {
    let mut ex = app.db.ex();
    load_program(&mut ex, caller, program_id, Access::Figures).await?;
    let mut out = Vec::new();
    for row in store::cycles_of(&mut ex, program_id).await? {
        let size = store::roll_size(&mut ex, &caller.scope(), row.id).await?;
        out.push(Cycle::of(row, size));
    }
    Ok(out)
}

/// Re-runs a cycle's rule: people who meet it now and are not on the roll yet are added (the
/// roll as it was stays as it was). Returns how many were added.
pub async fn refresh_roll(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
) -> Result<(u64, i64), AppError> {
    let (row, program) = load_cycle(&mut app.db.ex(), caller, cycle_id, Access::Own).await?;
    let on = day(&row.reference_date)?;
    let scope = caller.scope();
    let e = eligible(app, &scope, &program.unit_code, &program.rule, on).await?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let added = store::generate_roll(&mut tx.ex(), &scope, row.id, on.year, &e, now).await?;
    store::touch_cycle(&mut tx.ex(), row.id, now).await?;
    let entry = caller
        .entry("refresh_roll", "program_cycle", row.id.to_string())
        .in_unit(&row.unit_code)
        .detail(json!({"added": added}));
    audit::append(app, &mut tx.ex(), entry, now).await?;
    let size = store::roll_size(&mut tx.ex(), &scope, row.id).await?;
    tx.commit().await?;
    Ok((added, size))
}

/// The fund account a cash cycle pays from: one of the caller's subtree, checked when the cycle
/// is opened rather than found missing at its first delivery.
async fn check_account(app: &App, caller: &Caller, account_id: i64) -> Result<(), AppError> {
    let account = jinguo_db::funds::account_of_cycle(&mut app.db.ex(), account_id).await?;
    match account {
        Some(a) if caller.scope().covers_code(&a.unit_code) => Ok(()),
        _ => Err(AppError::invalid_detail(
            "benefit.account_id",
            "unknown_account",
            account_id.to_string(),
        )),
    }
}
