//! Intake: a case taken in from the hotline, a walk-in, a letter or online, with its people,
//! screened for risk and given its deadline.

use super::*;

// A case as it is taken in, from a form, the API (`NewCase`) or the public intake.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = NewCase)]
pub struct CaseInput {
    /// rights, enterprise
    pub kind: String,
    pub channel: String,
    pub category: String,
    pub unit_code: String,
    pub narrative: String,
    #[serde(default, deserialize_with = "crate::changes::null_as_default")]
    #[schema(value_type = Option<Vec<i64>>)]
    pub person_ids: Vec<i64>,
    pub enterprise_id: Option<i64>,
    pub enterprise_name: Option<String>,
    pub urgency: Option<String>,
    /// An anonymous caller's name and phone (not from the registry).
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    #[serde(default, deserialize_with = "crate::changes::null_as_default")]
    #[schema(value_type = Option<bool>)]
    pub lacks_capacity: bool,
    /// Risk screening items answered "yes" (domestic violence): escalating, weapon,
    /// strangulation, threat_to_kill, pregnant_abuse, substance_abuse, controlling, separation,
    /// suicide_threat, children_harmed, stalking, victim_fears_death.
    pub risk_items: Option<Vec<String>>,
}

pub(crate) fn choice<T>(
    field: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, AppError> {
    if value.trim().is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    parse(value).ok_or_else(|| AppError::invalid_detail(field, "invalid_choice", value.trim()))
}

pub(crate) fn text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid_detail(
            field,
            "text_too_long",
            max.to_string(),
        ));
    }
    Ok(value.to_owned())
}

pub(crate) fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, AppError> {
    match crate::given(value) {
        None => Ok(None),
        Some(v) => text(field, v, max).map(Some),
    }
}

pub(super) struct ValidCase {
    kind: CaseKind,
    channel: Channel,
    category: Category,
    urgency: Urgency,
    unit: UnitCode,
    narrative: String,
    enterprise_name: Option<String>,
    caller_name: Option<String>,
    caller_phone: Option<Phone>,
    risk: Option<RiskScreening>,
}

pub(super) fn validate(input: &CaseInput) -> Result<ValidCase, AppError> {
    let kind = choice("kind", &input.kind, CaseKind::parse)?;
    let channel = choice("channel", &input.channel, Channel::parse)?;
    let category = choice("category", &input.category, Category::parse)?;
    let urgency = match input.urgency.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(u) => choice("urgency", u, Urgency::parse)?,
        None => Urgency::Normal,
    };
    let unit = UnitCode::parse(&input.unit_code)
        .map_err(|_| AppError::invalid_detail("unit_code", "unknown_unit", &input.unit_code))?;
    let narrative = text("narrative", &input.narrative, NARRATIVE_MAX)?;
    let enterprise_name = optional_text("enterprise_name", input.enterprise_name.as_deref(), 100)?;
    if kind == CaseKind::Enterprise && input.enterprise_id.is_none() && enterprise_name.is_none() {
        return Err(AppError::invalid("enterprise_id", "required"));
    }
    let caller_name = optional_text("caller_name", input.caller_name.as_deref(), 50)?;
    let caller_phone = match input
        .caller_phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        Some(raw) => Some(
            Phone::parse(raw)
                .map_err(|e| AppError::invalid_detail("caller_phone", e.code(), raw))?,
        ),
        None => None,
    };
    let risk = match &input.risk_items {
        Some(items) => Some(
            screen(items)
                .map_err(|e| AppError::invalid_detail("risk_items", "invalid_choice", e.0))?,
        ),
        None => None,
    };
    Ok(ValidCase {
        kind,
        channel,
        category,
        urgency,
        unit,
        narrative,
        enterprise_name,
        caller_name,
        caller_phone,
        risk,
    })
}

/// The people of a case must be people the caller can see in the registry.
pub(super) async fn check_people(
    app: &App,
    caller: &Caller,
    ids: &[i64],
) -> Result<Vec<jinguo_db::people::PersonRow>, AppError> {
    let mut rows = Vec::with_capacity(ids.len());
    for &id in ids {
        rows.push(crate::people::chosen(app, caller, "person_ids", id).await?);
    }
    Ok(rows)
}

/// Whether any of these people is a minor on `on`; an ID number is opened only for a birth
/// year that cannot tell.
pub(super) fn any_minor(
    app: &App,
    births: &[SealedBirth],
    on: CivilDate,
) -> Result<bool, AppError> {
    let minors = AgeBand::minors(on);
    for birth in births {
        if crate::people::in_band(&app.cipher, minors, birth)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A minor victim, or one lacking capacity, in a case of violence, harassment, personal safety
/// or children's rights must be reported (强制报告).
pub(super) fn needs_mandatory_report(
    category: Category,
    lacks_capacity: bool,
    minors: bool,
) -> bool {
    category.may_need_mandatory_report() && (lacks_capacity || minors)
}

pub(super) fn year_of(now: i64) -> i32 {
    CivilDate::from_epoch_ms_china(now).year
}

pub(crate) fn case_code(kind: CaseKind, year: i32, n: i64) -> String {
    let prefix = match kind {
        CaseKind::Rights => "R",
        CaseKind::Enterprise => "E",
    };
    format!("{prefix}{year}-{n:05}")
}

pub async fn create(app: &App, caller: &Caller, input: CaseInput) -> Result<Case, AppError> {
    require_handler_role(caller)?;
    let valid = validate(&input)?;
    if caller
        .role
        .only_case_kind()
        .is_some_and(|kind| kind != valid.kind)
    {
        return Err(AppError::Forbidden);
    }
    crate::people::check_unit(app, caller, &valid.unit).await?;
    let people = check_people(app, caller, &input.person_ids).await?;
    let mut valid = valid;
    if let Some(id) = input.enterprise_id {
        let enterprise = jinguo_db::employment::find_enterprise(&mut app.db.ex(), id)
            .await?
            .ok_or_else(|| {
                AppError::invalid_detail("enterprise_id", "unknown_enterprise", id.to_string())
            })?;
        valid.enterprise_name.get_or_insert(enterprise.name);
    }
    let row = take_in(app, Some(caller), valid, &people, &input, None).await?;
    Case::of(row, None, app.now())
}

/// Writes a new case with its people, its first timeline event and the audit record.
pub(super) async fn take_in(
    app: &App,
    caller: Option<&Caller>,
    valid: ValidCase,
    people: &[jinguo_db::people::PersonRow],
    input: &CaseInput,
    receipt: Option<(String, String)>,
) -> Result<CaseRow, AppError> {
    let now = app.now();
    let today = today(app);
    let births: Vec<SealedBirth> = people.iter().map(SealedBirth::from).collect();
    let minors = any_minor(app, &births, today)?;
    let c = &app.cipher;
    let urgency = match &valid.risk {
        Some(r) if r.level == jinguo_domain::cases::RiskLevel::High => Urgency::Emergency,
        _ => valid.urgency,
    };
    let rules = deadlines(app, today).await?;
    let mut tx = app.db.begin().await?;
    let n = store::next_number(
        &mut tx.ex(),
        &format!("{}{}", valid.kind.as_str(), year_of(now)),
    )
    .await?;
    let id = app.ids.next(now);
    let row = CaseRow {
        id,
        code: case_code(valid.kind, year_of(now), n),
        kind: valid.kind.as_str().into(),
        channel: valid.channel.as_str().into(),
        category: valid.category.as_str().into(),
        urgency: urgency.as_str().into(),
        status: Status::New.as_str().into(),
        restricted: valid.category.restricted_by_default(),
        unit_code: valid.unit.as_str().into(),
        handler_id: None,
        enterprise_id: input.enterprise_id,
        enterprise_name: valid.enterprise_name,
        caller_name_cipher: valid
            .caller_name
            .as_deref()
            .map(|n| c.seal(n, CTX_CALLER_NAME, id)),
        caller_phone_cipher: valid
            .caller_phone
            .as_ref()
            .map(|p| c.seal(p.as_str(), CTX_CALLER_PHONE, id)),
        caller_phone_masked: valid.caller_phone.as_ref().map(Phone::masked),
        narrative_cipher: c.seal(&valid.narrative, CTX_NARRATIVE, id),
        outcome_cipher: None,
        satisfaction: None,
        risk_cipher: valid
            .risk
            .as_ref()
            .map(|r| c.seal(&json!(r.yes).to_string(), CTX_RISK, id)),
        risk_score: valid.risk.as_ref().map(|r| i64::from(r.score)),
        risk_level: valid.risk.as_ref().map(|r| r.level.as_str().into()),
        lacks_capacity: input.lacks_capacity,
        mandatory_report: needs_mandatory_report(valid.category, input.lacks_capacity, minors),
        report_recipient: None,
        reported_on: None,
        status_since: now,
        due_at: due_at(&rules, valid.category, Status::New, today),
        follow_up_due: None,
        followed_up_at: None,
        receipt_index: receipt.as_ref().map(|r| r.0.clone()),
        receipt_phone_index: receipt.as_ref().map(|r| r.1.clone()),
        created_by: caller.and_then(Caller::author),
        opened_on: today.to_string(),
        created_at: now,
        updated_at: now,
        closed_at: None,
    };
    store::insert(&mut tx.ex(), &row).await?;
    for p in people {
        store::add_person(&mut tx.ex(), id, p.id, "client").await?;
    }
    let actor = caller.map(|c| c.username.as_str()).unwrap_or("public");
    let event = new_event(app, id, caller, "created", now)
        .to(Status::New)
        .detail(json!({ "channel": row.channel, "actor": actor }));
    store::add_event(&mut tx.ex(), &event.0).await?;
    let public_origin = crate::Origin {
        ip: "public".into(),
        user_agent: String::new(),
    };
    let entry = match caller {
        Some(c) => c.entry("create", "case", id.to_string()),
        None => Entry {
            actor_id: None,
            actor: "public",
            origin: &public_origin,
            action: "create",
            entity: "case",
            entity_id: id.to_string(),
            unit_code: None,
            detail: json!({}),
        },
    };
    audit::commit(
        app,
        tx,
        Entry {
            unit_code: Some(&row.unit_code),
            // Never the category: the audit log is read by administrators, who may not learn
            // which cases are about violence.
            detail: json!({ "code": row.code }),
            ..entry
        },
        now,
    )
    .await?;
    Ok(row)
}
