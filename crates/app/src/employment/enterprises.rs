//! Enterprises (women-owned ones above all), the federation leaders assigned to each (2–3 per
//! leader), the leaders' visits, and a difficulty raised on a visit turned into a case.

use super::{count, reach, require_staff, Access};
use crate::audit;
use crate::auth::Caller;
use crate::cases::{self, optional_text, text, Case, CaseInput, UserRef};
use crate::changes::changes;
use crate::error::OnUnique;
use crate::people::{check_unit, today};
use crate::sealed_text::{opened_all, sealed_text, SealedText};
use crate::{App, AppError};
use jinguo_db::accounts;
use jinguo_db::employment::{self as store, EnterpriseFilter, EnterpriseRow, VisitRow};
use jinguo_db::Exec;
use jinguo_domain::employment::{CreditCode, Industry};
use jinguo_domain::{Phone, Role, UnitCode, UnitRange};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

const CTX_CONTACT_PHONE: &str = "enterprise.contact_phone";
/// More enterprises than this per leader and the liaison page warns.
pub const LEADER_LOAD_LIMIT: i64 = 3;

/// A women-owned enterprise as the API takes it (`NewEnterprise`) and forms and imports build it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewEnterprise)]
pub struct EnterpriseInput {
    pub name: String,
    pub credit_code: String,
    pub women_owned: bool,
    pub entrepreneur_id: Option<i64>,
    pub industry: Option<String>,
    pub staff: Option<i64>,
    pub women_staff: Option<i64>,
    pub unit_code: String,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

changes! {
    /// A change of some fields of an enterprise (`PATCH /api/v1/enterprises/{id}`).
    #[schema(as = ChangeEnterprise)]
    pub struct EnterpriseChanges for EnterpriseInput {
        name: String,
        credit_code: String,
        women_owned: bool,
        unit_code: String,
        entrepreneur_id: i64,
        industry: String,
        staff: i64,
        women_staff: i64,
        address: String,
        contact_name: String,
        contact_phone: String,
    }
}

/// An enterprise whose fields passed every check but the ones needing the database (unit,
/// entrepreneur, uniqueness of the code).
#[derive(Debug, Clone)]
pub struct ValidEnterprise {
    pub name: String,
    pub credit_code: CreditCode,
    pub women_owned: bool,
    pub industry: Option<Industry>,
    pub staff: Option<i64>,
    pub women_staff: Option<i64>,
    pub unit: UnitCode,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<Phone>,
}

/// The one validation of an enterprise: forms, the API and imports.
pub fn validate(input: &EnterpriseInput) -> Result<ValidEnterprise, AppError> {
    let name = text("name", &input.name, 100)?;
    if input.credit_code.trim().is_empty() {
        return Err(AppError::invalid("credit_code", "required"));
    }
    let credit_code = CreditCode::parse(&input.credit_code)
        .map_err(|e| AppError::invalid_detail("credit_code", e.code(), input.credit_code.trim()))?;
    let industry = super::optional_choice("industry", input.industry.as_deref(), Industry::read)?;
    let staff = input.staff.map(|n| count("staff", n, 0)).transpose()?;
    let women_staff = input
        .women_staff
        .map(|n| count("women_staff", n, 0))
        .transpose()?;
    if let (Some(all), Some(women)) = (staff, women_staff) {
        if women > all {
            return Err(AppError::invalid("women_staff", "women_staff_above_staff"));
        }
    }
    let unit = UnitCode::parse(&input.unit_code)
        .map_err(|_| AppError::invalid_detail("unit_code", "unknown_unit", &input.unit_code))?;
    let contact_phone = match input
        .contact_phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        None => None,
        Some(raw) => Some(
            Phone::parse(raw)
                .map_err(|e| AppError::invalid_detail("contact_phone", e.code(), raw))?,
        ),
    };
    Ok(ValidEnterprise {
        name,
        credit_code,
        women_owned: input.women_owned,
        industry,
        staff,
        women_staff,
        unit,
        address: optional_text("address", input.address.as_deref(), 200)?,
        contact_name: optional_text("contact_name", input.contact_name.as_deref(), 50)?,
        contact_phone,
    })
}

// An enterprise as pages and the API (`EnterpriseView`) show it: the contact's phone masked.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = EnterpriseView)]
pub struct Enterprise {
    pub id: i64,
    pub name: String,
    /// 统一社会信用代码 (18 characters, GB 32100).
    pub credit_code: String,
    pub women_owned: bool,
    pub entrepreneur_id: Option<i64>,
    pub entrepreneur_name: Option<String>,
    /// GB/T 4754 section letter (A–T).
    pub industry: Option<String>,
    pub staff: Option<i64>,
    pub women_staff: Option<i64>,
    pub unit_code: String,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone_masked: Option<String>,
    #[serde(serialize_with = "crate::clock::as_iso")]
    #[schema(value_type = String)]
    pub created_at: i64,
    #[serde(serialize_with = "crate::clock::as_iso")]
    #[schema(value_type = String)]
    pub updated_at: i64,
}

impl Enterprise {
    /// An enterprise as a list of names shows it (no entrepreneur looked up).
    pub(crate) fn listed(row: EnterpriseRow) -> Enterprise {
        Enterprise::of(row, None)
    }

    fn of(row: EnterpriseRow, entrepreneur_name: Option<String>) -> Enterprise {
        Enterprise {
            id: row.id,
            name: row.name,
            credit_code: row.credit_code,
            women_owned: row.women_owned,
            entrepreneur_id: row.entrepreneur_id,
            entrepreneur_name,
            industry: row.industry,
            staff: row.staff,
            women_staff: row.women_staff,
            unit_code: row.unit_code,
            address: row.address,
            contact_name: row.contact_name,
            contact_phone_masked: row.contact_phone_masked,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

// A leader's visit to an enterprise, opened (the API's `VisitView`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = VisitView)]
pub struct Visit {
    pub id: i64,
    pub enterprise_id: i64,
    pub visited_on: String,
    pub visitor: String,
    pub seen: String,
    pub difficulties: Option<String>,
    /// The enterprise difficulty report the difficulties became.
    pub case_id: Option<i64>,
}

impl From<VisitRow> for Visit {
    fn from(v: VisitRow) -> Visit {
        Visit {
            id: v.id,
            enterprise_id: v.enterprise_id,
            visited_on: v.visited_on,
            visitor: v.visitor,
            seen: v.seen,
            difficulties: v.difficulties,
            case_id: v.case_id,
        }
    }
}

#[derive(Debug, Clone)]
pub struct EnterpriseDetail {
    pub enterprise: Enterprise,
    pub leaders: Vec<UserRef>,
    pub visits: Vec<Visit>,
    pub jobs: Vec<super::jobs::Job>,
    /// The caller may change it (it lies in her subtree).
    pub writable: bool,
}

fn duplicate_code() -> AppError {
    AppError::Conflict {
        code: "duplicate_credit_code",
        field: Some("credit_code"),
        detail: None,
    }
}

/// The entrepreneur must be a person the caller can see in the registry.
async fn entrepreneur(
    app: &App,
    caller: &Caller,
    id: Option<i64>,
) -> Result<Option<jinguo_db::people::PersonRow>, AppError> {
    let Some(id) = id else { return Ok(None) };
    let person = crate::people::chosen(app, caller, "entrepreneur_id", id).await?;
    Ok(Some(person))
}

pub(crate) fn sealed(
    app: &App,
    v: &ValidEnterprise,
    id: i64,
    entrepreneur_id: Option<i64>,
    created: (Option<i64>, i64),
    now: i64,
) -> EnterpriseRow {
    EnterpriseRow {
        id,
        name: v.name.clone(),
        credit_code: v.credit_code.as_str().into(),
        women_owned: v.women_owned,
        entrepreneur_id,
        industry: v.industry.map(|i| i.as_str().into()),
        staff: v.staff,
        women_staff: v.women_staff,
        unit_code: v.unit.as_str().into(),
        address: v.address.clone(),
        contact_name: v.contact_name.clone(),
        contact_phone_cipher: v
            .contact_phone
            .as_ref()
            .map(|p| app.cipher.seal(p.as_str(), CTX_CONTACT_PHONE, id)),
        contact_phone_masked: v.contact_phone.as_ref().map(Phone::masked),
        created_by: created.0,
        created_at: created.1,
        updated_at: now,
    }
}

pub async fn create(
    app: &App,
    caller: &Caller,
    input: EnterpriseInput,
) -> Result<Enterprise, AppError> {
    require_staff(caller)?;
    let valid = validate(&input)?;
    check_unit(app, caller, &valid.unit).await?;
    let person = entrepreneur(app, caller, input.entrepreneur_id).await?;
    if store::find_enterprise_by_code(&mut app.db.ex(), valid.credit_code.as_str())
        .await?
        .is_some()
    {
        return Err(duplicate_code());
    }
    let now = app.now();
    let row = sealed(
        app,
        &valid,
        app.ids.next(now),
        input.entrepreneur_id,
        (caller.author(), now),
        now,
    );
    let mut tx = app.db.begin().await?;
    store::insert_enterprise(&mut tx.ex(), &row)
        .await
        .on_unique("duplicate_credit_code", "credit_code")?;
    let entry = caller.entry("create", "enterprise", row.id.to_string());
    audit::commit(app, tx, entry.in_unit(&row.unit_code), now).await?;
    Ok(Enterprise::of(row, person.map(|p| p.name)))
}

/// An enterprise the caller reaches (see `reach`).
pub(crate) async fn load_for(
    app: &App,
    caller: &Caller,
    id: i64,
    access: Access,
) -> Result<EnterpriseRow, AppError> {
    load_in(&mut app.db.ex(), caller, id, access).await
}

/// `load_for` through a given executor: a change reads the enterprise in its own transaction.
async fn load_in(
    ex: &mut Exec<'_>,
    caller: &Caller,
    id: i64,
    access: Access,
) -> Result<EnterpriseRow, AppError> {
    // The role first: a role without employment work gets the same answer for every id.
    require_staff(caller)?;
    let row = store::find_enterprise(ex, id)
        .await?
        .ok_or(AppError::NotFound)?;
    reach(caller, &row.unit_code, access)?;
    if access != Access::Public && caller.role.works_only_own_enterprises() {
        // A leader's full view and changes are her liaison enterprises'; the rest of her
        // district shows her its public view only.
        let leaders = store::leaders_of(ex, id).await?;
        if !leaders.contains(&caller.user_id) {
            return Err(AppError::NotFound);
        }
    }
    Ok(row)
}

/// An enterprise of the caller's district, for what its public view allows (naming it in a fair,
/// an outcome).
pub(crate) async fn load_public(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<EnterpriseRow, AppError> {
    load_for(app, caller, id, Access::Public).await
}

pub(crate) async fn load(app: &App, caller: &Caller, id: i64) -> Result<EnterpriseRow, AppError> {
    load_for(app, caller, id, Access::Read).await
}

/// Replaces an enterprise's fields (the edit form).
pub async fn update(
    app: &App,
    caller: &Caller,
    id: i64,
    input: EnterpriseInput,
) -> Result<Enterprise, AppError> {
    rewrite(app, caller, id, |_| input).await
}

/// Changes the fields given, the rest as they are: read, merged and written in one transaction.
pub async fn change(
    app: &App,
    caller: &Caller,
    id: i64,
    changes: EnterpriseChanges,
) -> Result<Enterprise, AppError> {
    rewrite(app, caller, id, |before| changes.applied_to(before)).await
}

async fn rewrite(
    app: &App,
    caller: &Caller,
    id: i64,
    input_of: impl FnOnce(EnterpriseInput) -> EnterpriseInput,
) -> Result<Enterprise, AppError> {
    let mut tx = app.db.begin().await?;
    let before = load_in(&mut tx.ex(), caller, id, Access::Write).await?;
    let input = input_of(input_of_row(app, &before)?);
    let valid = validate(&input)?;
    check_unit(app, caller, &valid.unit).await?;
    let person = entrepreneur(app, caller, input.entrepreneur_id).await?;
    if let Some(other) =
        store::find_enterprise_by_code(&mut app.db.ex(), valid.credit_code.as_str()).await?
    {
        if other.id != id {
            return Err(duplicate_code());
        }
    }
    let now = app.now();
    let row = sealed(
        app,
        &valid,
        id,
        input.entrepreneur_id,
        (before.created_by, before.created_at),
        now,
    );
    store::update_enterprise(&mut tx.ex(), &row).await?;
    audit::commit(
        app,
        tx,
        caller.entry("update", "enterprise", id.to_string()),
        now,
    )
    .await?;
    Ok(Enterprise::of(row, person.map(|p| p.name)))
}

async fn with_entrepreneur(app: &App, row: EnterpriseRow) -> Result<Enterprise, AppError> {
    let name = match row.entrepreneur_id {
        Some(pid) => crate::people::names_of(app, &[pid])
            .await?
            .into_iter()
            .next()
            .map(|(_, n)| n),
        None => None,
    };
    Ok(Enterprise::of(row, name))
}

pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<EnterpriseDetail, AppError> {
    let row = load(app, caller, id).await?;
    let writable = caller.scope().covers_code(&row.unit_code);
    let mut ex = app.db.ex();
    let leader_ids = store::leaders_of(&mut ex, id).await?;
    let mut leaders = Vec::new();
    for uid in leader_ids {
        if let Some(u) = accounts::find_by_id(&mut ex, uid).await? {
            leaders.push(UserRef::of(&u));
        }
    }
    let visits = opened_all(store::visits_of(&mut ex, id).await?, &app.cipher)?
        .into_iter()
        .map(Visit::from)
        .collect();
    let jobs = store::list_jobs(
        &mut ex,
        &caller.scope().district_public(),
        &jinguo_db::employment::JobFilter {
            enterprise_id: Some(id),
            ..Default::default()
        },
        0,
        200,
    )
    .await?
    .0
    .into_iter()
    .map(|job| super::jobs::Job::of(job, &row))
    .collect();
    Ok(EnterpriseDetail {
        enterprise: with_entrepreneur(app, row).await?,
        leaders,
        visits,
        jobs,
        writable,
    })
}

/// The contact's full phone number (audited).
pub async fn reveal_contact(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<Option<String>, AppError> {
    let row = load_for(app, caller, id, Access::Write).await?;
    if !caller.role.reveals_enterprise_contacts() {
        return Err(AppError::Forbidden);
    }
    let Some(phone) = contact_phone(app, &row)? else {
        return Ok(None);
    };
    audit::record(
        app,
        caller.entry("reveal", "enterprise", id.to_string()),
        app.now(),
    )
    .await?;
    Ok(Some(phone))
}

#[derive(Debug, Clone, Default)]
pub struct EnterpriseQuery {
    pub q: Option<String>,
    pub women_owned: Option<bool>,
    pub industry: Option<String>,
    pub without_leader: bool,
    pub leader_id: Option<i64>,
    pub unit_code: Option<String>,
}

/// The list's filter: the caller's subtree (a leader's liaison enterprises), the full view.
pub async fn filter_of(caller: &Caller, q: &EnterpriseQuery) -> Result<EnterpriseFilter, AppError> {
    require_staff(caller)?;
    let leader_id = if caller.role.works_only_own_enterprises() {
        Some(caller.user_id)
    } else {
        q.leader_id
    };
    let unit = match q.unit_code.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(code) => Some(UnitRange::subtree(&UnitCode::parse(code).map_err(
            |_| AppError::invalid_detail("unit_code", "unknown_unit", code),
        )?)),
        None => None,
    };
    let industry = super::optional_choice("industry", q.industry.as_deref(), Industry::read)?
        .map(|i| i.as_str().to_owned());
    Ok(EnterpriseFilter {
        unit,
        q: crate::given(q.q.as_deref()).map(str::to_owned),
        women_owned: q.women_owned,
        industry,
        without_leader: q.without_leader,
        leader_id,
        women_owned_first: false,
    })
}

/// What every employment worker of the district may know of an enterprise: its name, its
/// industry and its open jobs.
#[derive(Debug, Clone)]
pub struct EnterprisePublic {
    pub id: i64,
    pub name: String,
    pub industry: Option<String>,
    pub open_jobs: Vec<super::jobs::Job>,
}

/// The district-public view of an enterprise (any employment worker of its district).
pub async fn public(app: &App, caller: &Caller, id: i64) -> Result<EnterprisePublic, AppError> {
    let row = load_for(app, caller, id, Access::Public).await?;
    let filter = jinguo_db::employment::JobFilter {
        enterprise_id: Some(id),
        status: Some(
            jinguo_domain::employment::JobStatus::Open
                .as_str()
                .to_owned(),
        ),
        ..Default::default()
    };
    let (open_jobs, _) = store::list_jobs(
        &mut app.db.ex(),
        &caller.scope().district_public(),
        &filter,
        0,
        200,
    )
    .await?;
    Ok(EnterprisePublic {
        open_jobs: open_jobs
            .into_iter()
            .map(|job| super::jobs::Job::of(job, &row))
            .collect(),
        id: row.id,
        name: row.name,
        industry: row.industry,
    })
}

/// The district's enterprises in their public view (name and industry), for finding one
/// outside the caller's own subtree.
pub async fn directory(
    app: &App,
    caller: &Caller,
    q: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<EnterprisePublic>, i64), AppError> {
    require_staff(caller)?;
    let f = EnterpriseFilter {
        q: crate::given(q).map(str::to_owned),
        ..Default::default()
    };
    let offset = crate::page_offset(page, per_page)?;
    let district = caller.scope().district_public();
    let (rows, total) =
        store::list_enterprises(&mut app.db.ex(), &district, &f, offset, per_page).await?;
    let items = rows
        .into_iter()
        .map(|r| EnterprisePublic {
            id: r.id,
            name: r.name,
            industry: r.industry,
            open_jobs: Vec::new(),
        })
        .collect();
    Ok((items, total))
}

pub async fn list(
    app: &App,
    caller: &Caller,
    q: &EnterpriseQuery,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Enterprise>, i64), AppError> {
    let f = filter_of(caller, q).await?;
    let offset = crate::page_offset(page, per_page)?;
    let (rows, total) =
        store::list_enterprises(&mut app.db.ex(), &caller.scope(), &f, offset, per_page).await?;
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.entrepreneur_id).collect();
    let names = crate::people::names_of(app, &ids).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let name = row.entrepreneur_id.and_then(|pid| {
                names
                    .iter()
                    .find(|(id, _)| *id == pid)
                    .map(|(_, n)| n.clone())
            });
            Enterprise::of(row, name)
        })
        .collect();
    Ok((items, total))
}

// ---- leaders ----

/// A leader for enterprises: a user with the leader or federation role.
fn leads(role: &str) -> bool {
    matches!(role.parse::<Role>(), Ok(Role::Leader | Role::Federation))
}

/// Assigns the leaders of an enterprise (replacing the earlier ones).
pub async fn set_leaders(
    app: &App,
    caller: &Caller,
    id: i64,
    user_ids: &[i64],
) -> Result<Vec<UserRef>, AppError> {
    if !caller.role.assigns_leaders() {
        return Err(AppError::Forbidden);
    }
    load(app, caller, id).await?;
    let mut leaders = Vec::new();
    for uid in user_ids {
        let user = accounts::find_by_id(&mut app.db.ex(), *uid)
            .await?
            .filter(|u| leads(&u.role) && !u.disabled)
            .ok_or_else(|| AppError::invalid_detail("user_ids", "not_a_leader", uid.to_string()))?;
        if !leaders.iter().any(|l: &UserRef| l.id == user.id) {
            leaders.push(UserRef::of(&user));
        }
    }
    let now = app.now();
    let ids: Vec<i64> = leaders.iter().map(|l| l.id).collect();
    let mut tx = app.db.begin().await?;
    store::set_leaders(&mut tx.ex(), id, &ids, now).await?;
    let entry = caller
        .entry("assign_leaders", "enterprise", id.to_string())
        .detail(json!({ "leaders": ids }));
    audit::commit(app, tx, entry, now).await?;
    Ok(leaders)
}

/// One leader's load on the liaison page.
#[derive(Debug, Clone)]
pub struct LeaderLoad {
    pub leader: UserRef,
    pub enterprises: Vec<Enterprise>,
    /// Over `LEADER_LOAD_LIMIT`: the page warns.
    pub over_limit: bool,
}

#[derive(Debug, Clone)]
pub struct Liaison {
    pub leaders: Vec<LeaderLoad>,
    /// Women-owned enterprises first, then the rest, none with a leader.
    pub without_leader: Vec<Enterprise>,
    pub without_leader_total: i64,
    /// Every user who may be assigned (for the assignment form).
    pub candidates: Vec<UserRef>,
}

/// Each leader's enterprises, and one page of the enterprises without a leader (women-owned
/// first).
pub async fn liaison(
    app: &App,
    caller: &Caller,
    page: u64,
    per_page: u64,
) -> Result<Liaison, AppError> {
    require_staff(caller)?;
    let district = caller.scope().district_public();
    let mut ex = app.db.ex();
    let users = accounts::list_in_scope(&mut ex, &caller.scope()).await?;
    let candidates: Vec<UserRef> = users
        .iter()
        .filter(|u| leads(&u.role) && !u.disabled)
        .map(UserRef::of)
        .collect();
    let mut leaders = Vec::new();
    for (uid, _) in store::leader_loads(&mut ex).await? {
        let Some(user) = accounts::find_by_id(&mut ex, uid).await? else {
            continue;
        };
        let f = EnterpriseFilter {
            leader_id: Some(uid),
            ..Default::default()
        };
        let (enterprises, n) = store::list_enterprises(&mut ex, &district, &f, 0, 50).await?;
        if n == 0 {
            continue;
        }
        leaders.push(LeaderLoad {
            leader: UserRef::of(&user),
            over_limit: n > LEADER_LOAD_LIMIT,
            enterprises: enterprises.into_iter().map(Enterprise::listed).collect(),
        });
    }
    let f = EnterpriseFilter {
        without_leader: true,
        women_owned_first: true,
        ..Default::default()
    };
    let offset = crate::page_offset(page, per_page)?;
    let (without_leader, without_leader_total) =
        store::list_enterprises(&mut ex, &district, &f, offset, per_page).await?;
    Ok(Liaison {
        leaders,
        without_leader: without_leader.into_iter().map(Enterprise::listed).collect(),
        without_leader_total,
        candidates,
    })
}

// ---- visits ----

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewVisit)]
pub struct VisitInput {
    /// `YYYY-MM-DD`
    pub visited_on: String,
    /// What the leader saw.
    pub seen: String,
    pub difficulties: Option<String>,
    /// Turn the difficulties into an enterprise difficulty report (企业诉求) at once.
    #[serde(default)]
    pub raise_case: bool,
}

/// Records a leader's visit; with `raise_case`, its difficulties become a case in the same step.
pub async fn add_visit(
    app: &App,
    caller: &Caller,
    enterprise_id: i64,
    input: VisitInput,
) -> Result<(Visit, Option<Case>), AppError> {
    let enterprise = load_for(app, caller, enterprise_id, Access::Write).await?;
    let visited_on = cases::date("visited_on", &input.visited_on)?;
    if visited_on > today(app).to_string() {
        return Err(AppError::invalid_detail(
            "visited_on",
            "date_in_future",
            visited_on,
        ));
    }
    let seen = text("seen", &input.seen, 5_000)?;
    let difficulties = optional_text("difficulties", input.difficulties.as_deref(), 5_000)?;
    if input.raise_case {
        if difficulties.is_none() {
            return Err(AppError::invalid("difficulties", "required"));
        }
        // The case is written after the visit: whoever could not open it must learn so before
        // the visit is stored, not after (nothing half-written).
        cases::require_handler_role(caller)?;
        let unit = UnitCode::parse(&enterprise.unit_code)
            .map_err(|_| AppError::Internal(format!("enterprise {enterprise_id}: bad unit")))?;
        check_unit(app, caller, &unit).await?;
    }
    let now = app.now();
    let visit = VisitRow {
        id: app.ids.next(now),
        enterprise_id,
        visited_on,
        visitor_id: caller.author(),
        visitor: caller.display_name.clone(),
        seen,
        difficulties,
        case_id: None,
        created_at: now,
        seen_cipher: None,
        difficulties_cipher: None,
    };
    let mut tx = app.db.begin().await?;
    store::insert_visit(&mut tx.ex(), &visit.clone().sealed(&app.cipher)).await?;
    let entry = caller
        .entry("visit", "enterprise", enterprise_id.to_string())
        .in_unit(&enterprise.unit_code);
    audit::commit(app, tx, entry, now).await?;
    if input.raise_case {
        let case = raise_case(app, caller, visit.id).await?;
        let visit = store::find_visit(&mut app.db.ex(), visit.id)
            .await?
            .ok_or(AppError::NotFound)?
            .opened(&app.cipher)?;
        return Ok((visit.into(), Some(case)));
    }
    Ok((visit.into(), None))
}

/// The difficulties raised on a visit as an enterprise difficulty report (企业诉求) in casework,
/// taken in through the liaison-visit channel and linked back to the visit.
pub async fn raise_case(app: &App, caller: &Caller, visit_id: i64) -> Result<Case, AppError> {
    let visit = store::find_visit(&mut app.db.ex(), visit_id)
        .await?
        .ok_or(AppError::NotFound)?
        .opened(&app.cipher)?;
    let enterprise = load_for(app, caller, visit.enterprise_id, Access::Write).await?;
    if visit.case_id.is_some() {
        return Err(AppError::Conflict {
            code: "visit_case_exists",
            field: None,
            detail: None,
        });
    }
    let difficulties = visit
        .difficulties
        .clone()
        .ok_or_else(|| AppError::invalid("difficulties", "required"))?;
    let case = cases::create(
        app,
        caller,
        CaseInput {
            kind: "enterprise".into(),
            channel: "liaison_visit".into(),
            category: "enterprise_operation".into(),
            unit_code: enterprise.unit_code.clone(),
            narrative: format!(
                "{}（{} 走访）：{}",
                enterprise.name, visit.visited_on, difficulties
            ),
            enterprise_id: Some(enterprise.id),
            enterprise_name: Some(enterprise.name.clone()),
            ..Default::default()
        },
    )
    .await?;
    store::set_visit_case(&mut app.db.ex(), visit_id, case.id).await?;
    Ok(case)
}

/// The contact's full phone number, decrypted (callers audit its showing).
pub(crate) fn contact_phone(app: &App, row: &EnterpriseRow) -> Result<Option<String>, AppError> {
    row.contact_phone_cipher
        .as_ref()
        .map(|c| {
            app.cipher.open(c, CTX_CONTACT_PHONE, row.id).map_err(|_| {
                AppError::Internal(format!("enterprise {}: contact phone unreadable", row.id))
            })
        })
        .transpose()
}

/// The enterprise as an input (its contact phone decrypted), for a change of some fields.
pub async fn current_input(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<EnterpriseInput, AppError> {
    let r = load_for(app, caller, id, Access::Write).await?;
    input_of_row(app, &r)
}

/// An enterprise as the input that would write it again (its contact phone opened).
fn input_of_row(app: &App, r: &EnterpriseRow) -> Result<EnterpriseInput, AppError> {
    let r = r.clone();
    let contact_phone = contact_phone(app, &r)?;
    Ok(EnterpriseInput {
        name: r.name,
        credit_code: r.credit_code,
        women_owned: r.women_owned,
        entrepreneur_id: r.entrepreneur_id,
        industry: r.industry,
        staff: r.staff,
        women_staff: r.women_staff,
        unit_code: r.unit_code,
        address: r.address,
        contact_name: r.contact_name,
        contact_phone,
    })
}

// ---- free text at rest ----

const CTX_VISIT_SEEN: &str = "enterprise_visit.seen";
const CTX_VISIT_DIFFICULTIES: &str = "enterprise_visit.difficulties";

sealed_text!(VisitRow {
    required seen => seen_cipher, CTX_VISIT_SEEN;
    optional difficulties => difficulties_cipher, CTX_VISIT_DIFFICULTIES;
});
