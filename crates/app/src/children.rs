//! Children's work: registry people under 18 with their guardians and the guardians' consent.
//!
//! A child is registered through the people registry (`people::prepare`, so sealing, search
//! terms, the duplicate check and the audit are the registry's own) in the same transaction as
//! her guardian link and consent. A child under 14 is registered only with her guardian's consent
//! (PIPL art. 31): without it nothing is written. Children's records are read only by the roles
//! that work with children (`Role::works_with_children`), inside their subtree, and every read
//! — a list, a child's page, a reveal — is audited.

use crate::audit;
use crate::auth::Caller;
use crate::people::{self, mask_name, undecryptable, Person, PersonInput, Search};
use crate::{App, AppError};
use jinguo_db::children::{self as store, ConsentRow, GuardianRow};
use jinguo_domain::children::{is_child, needs_consent, relation};
use jinguo_domain::{CivilDate, IdNumber, PersonName, Phone};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// Encryption contexts of the guardians' names and phones and of who consented.
pub(crate) const CTX_GUARDIAN_NAME: &str = "child_guardian.name";
pub(crate) const CTX_GUARDIAN_PHONE: &str = "child_guardian.phone";
pub(crate) const CTX_GIVEN_BY: &str = "child_consent.given_by";

// A child as the API takes it (`NewChild`) and the registration form builds it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewChild)]
pub struct ChildInput {
    pub name: String,
    pub id_number: String,
    pub unit_code: String,
    /// Tag codes; children's tags are left_behind_child, migrant_child, only_child,
    /// orphan_or_disabled_child.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Required: a named guardian (`name`, `phone`) or a registry person (`person_id`).
    pub guardian: Option<GuardianInput>,
    /// Required for a child under 14 (PIPL art. 31).
    pub consent: Option<ConsentInput>,
}

/// A child's guardian: a registry person (`person_id`, a household member) or a name and phone.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewGuardian)]
pub struct GuardianInput {
    /// A registry person in the caller's reach, instead of `name` and `phone`.
    pub person_id: Option<i64>,
    pub name: Option<String>,
    pub phone: Option<String>,
    /// mother, father, grandparent, sibling, relative or other.
    pub relation: Option<String>,
}

/// The guardian's consent to the child's record.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewConsent)]
pub struct ConsentInput {
    /// Who consented (the guardian's name).
    pub given_by: Option<String>,
    /// `YYYY-MM-DD`, not in the future.
    pub given_on: Option<String>,
}

// A guardian as lists, pages and the API (`GuardianView`) show them: name and phone masked.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = GuardianView)]
pub struct Guardian {
    /// The guardian's registry record, when she is one.
    pub person_id: Option<i64>,
    /// 王**
    pub name_masked: String,
    /// `138****5678`
    pub phone_masked: Option<String>,
    /// mother, father, grandparent, sibling, relative or other.
    pub relation: String,
}

// A recorded consent (the API's `ConsentView`): who (masked) and when.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ConsentView)]
pub struct Consent {
    /// 王**
    pub given_by_masked: String,
    /// `YYYY-MM-DD`
    pub given_on: String,
    // When it was recorded; kept for the record's history, not shown.
    #[serde(skip)]
    pub recorded_at: i64,
}

/// A child: the registry's masked person, her guardians and consents.
#[derive(Debug, Clone)]
pub struct Child {
    pub person: Person,
    pub guardians: Vec<Guardian>,
    pub consents: Vec<Consent>,
}

/// The full guardians' names and phones and who consented, for the audited reveal.
#[derive(Debug, Clone)]
pub struct RevealedGuardians {
    pub guardians: Vec<(String, Option<String>, String)>,
    pub consents_given_by: Vec<String>,
}

/// What the children's list asks for.
#[derive(Debug, Clone, Default)]
pub struct ChildSearch {
    pub q: Option<String>,
    pub unit_code: Option<String>,
    pub tag: Option<String>,
}

pub(crate) fn require_role(caller: &Caller) -> Result<(), AppError> {
    if caller.role.works_with_children() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A guardian checked: a registry person's id, or a name and phone to seal.
enum ValidGuardian {
    Person(i64),
    Named(PersonName, Phone),
}

async fn check_guardian(
    app: &App,
    caller: &Caller,
    g: &GuardianInput,
    today: CivilDate,
) -> Result<(ValidGuardian, &'static str), AppError> {
    let raw = g.relation.as_deref().unwrap_or("").trim();
    if raw.is_empty() {
        return Err(AppError::invalid(
            "guardian.relation",
            "guardian_relation_required",
        ));
    }
    let rel = relation(raw)
        .ok_or_else(|| AppError::invalid_detail("guardian.relation", "unknown_relation", raw))?;
    if let Some(person_id) = g.person_id {
        let unknown = || {
            AppError::invalid_detail(
                "guardian.person_id",
                "unknown_person",
                person_id.to_string(),
            )
        };
        let person = match people::get_masked(app, caller, person_id).await {
            Ok(p) => p,
            Err(AppError::NotFound) | Err(AppError::Forbidden) => return Err(unknown()),
            Err(e) => return Err(e),
        };
        if is_child(person.age_on(today)) {
            return Err(AppError::invalid(
                "guardian.person_id",
                "guardian_not_adult",
            ));
        }
        return Ok((ValidGuardian::Person(person_id), rel));
    }
    let name_raw = g.name.as_deref().unwrap_or("");
    let name = PersonName::parse(name_raw)
        .map_err(|e| AppError::invalid_detail("guardian.name", e.code(), name_raw.trim()))?;
    let phone_raw = g.phone.as_deref().unwrap_or("").trim();
    if phone_raw.is_empty() {
        return Err(AppError::invalid(
            "guardian.phone",
            "guardian_phone_required",
        ));
    }
    let phone = Phone::parse(phone_raw)
        .map_err(|e| AppError::invalid_detail("guardian.phone", e.code(), phone_raw))?;
    Ok((ValidGuardian::Named(name, phone), rel))
}

/// A consent checked: who gave it (a name) and when (not in the future, not before the child
/// was born).
fn check_consent(
    c: &ConsentInput,
    today: CivilDate,
    born: CivilDate,
) -> Result<(PersonName, CivilDate), AppError> {
    let by_raw = c.given_by.as_deref().unwrap_or("");
    let by = PersonName::parse(by_raw)
        .map_err(|e| AppError::invalid_detail("consent.given_by", e.code(), by_raw.trim()))?;
    let on_raw = c.given_on.as_deref().unwrap_or("").trim();
    let on = CivilDate::parse(on_raw).ok_or_else(|| {
        AppError::invalid_detail("consent.given_on", "consent_date_invalid", on_raw)
    })?;
    if on > today || on < born {
        return Err(AppError::invalid_detail(
            "consent.given_on",
            "consent_date_invalid",
            on_raw,
        ));
    }
    Ok((by, on))
}

fn consent_row(
    app: &App,
    caller: &Caller,
    child_id: i64,
    by: &PersonName,
    on: CivilDate,
) -> ConsentRow {
    let now = app.now();
    let id = app.ids.next(now);
    ConsentRow {
        id,
        child_id,
        given_by_cipher: app.cipher.seal(by.as_str(), CTX_GIVEN_BY, id),
        given_on: on.to_string(),
        recorded_by: caller.user_id,
        recorded_at: now,
    }
}

/// Registers a child with her guardian (and the consent, required under 14) in one transaction.
pub async fn create(app: &App, caller: &Caller, input: ChildInput) -> Result<Child, AppError> {
    require_role(caller)?;
    let today = people::today(app);
    let person_input = PersonInput {
        name: input.name.clone(),
        id_number: input.id_number.clone(),
        unit_code: input.unit_code.clone(),
        tags: input.tags.clone(),
        ..PersonInput::default()
    };
    // The age first: an adult's children's tags would otherwise be what is refused.
    let id_number = IdNumber::parse(&input.id_number, today).map_err(people::id_error)?;
    let born = id_number.birth_date();
    let age = born.age_on(today);
    if !is_child(age) {
        return Err(AppError::invalid_detail(
            "id_number",
            "child_not_minor",
            age.to_string(),
        ));
    }
    people::validate(&person_input, today)?;
    let guardian = input
        .guardian
        .as_ref()
        .ok_or_else(|| AppError::invalid("guardian", "guardian_required"))?;
    let (guardian, rel) = check_guardian(app, caller, guardian, today).await?;
    let consent = input
        .consent
        .as_ref()
        .map(|c| check_consent(c, today, born))
        .transpose()?;
    if needs_consent(age) && consent.is_none() {
        return Err(AppError::invalid("consent", "guardian_consent_required"));
    }
    let new = people::prepare(app, caller, &person_input).await?;
    let child_id = new.id();
    let now = app.now();
    let guardian_id = app.ids.next(now);
    let c = &app.cipher;
    let guardian_row = match &guardian {
        ValidGuardian::Person(person_id) => GuardianRow {
            id: guardian_id,
            child_id,
            guardian_person_id: Some(*person_id),
            name_cipher: None,
            phone_cipher: None,
            phone_masked: None,
            relation: rel.to_owned(),
            created_at: now,
        },
        ValidGuardian::Named(name, phone) => GuardianRow {
            id: guardian_id,
            child_id,
            guardian_person_id: None,
            name_cipher: Some(c.seal(name.as_str(), CTX_GUARDIAN_NAME, guardian_id)),
            phone_cipher: Some(c.seal(phone.as_str(), CTX_GUARDIAN_PHONE, guardian_id)),
            phone_masked: Some(phone.masked()),
            relation: rel.to_owned(),
            created_at: now,
        },
    };
    let consent_row = consent
        .as_ref()
        .map(|(by, on)| consent_row(app, caller, child_id, by, *on));
    let scope = caller.scope();
    let mut tx = app.db.begin().await?;
    let person = new.insert(app, &mut tx.ex(), caller).await?;
    if !store::insert_guardian(&mut tx.ex(), &scope, &guardian_row).await? {
        return Err(AppError::NotFound);
    }
    if let Some(row) = &consent_row {
        store::insert_consent(&mut tx.ex(), &scope, row).await?;
    }
    let detail = json!({ "guardian": rel, "guardian_person_id": guardian_row.guardian_person_id,
                         "consent": consent_row.is_some() });
    let entry = caller
        .entry("create", "child", child_id.to_string())
        .in_unit(&person.unit_code)
        .detail(detail);
    audit::commit(app, tx, entry, now).await?;
    let mut children = attach(app, caller, vec![person]).await?;
    Ok(children.remove(0))
}

/// Records a guardian's consent for a child already registered (a child of 14 or more
/// registered without one, or a renewed consent).
pub async fn add_consent(
    app: &App,
    caller: &Caller,
    id: i64,
    input: ConsentInput,
) -> Result<Child, AppError> {
    let child = load(app, caller, id).await?;
    let today = people::today(app);
    let (by, on) = check_consent(&input, today, child.birth_date)?;
    let row = consent_row(app, caller, id, &by, on);
    let mut tx = app.db.begin().await?;
    if !store::insert_consent(&mut tx.ex(), &caller.scope(), &row).await? {
        return Err(AppError::NotFound);
    }
    let entry = caller
        .entry("update", "child", id.to_string())
        .in_unit(&child.unit_code)
        .detail(json!({ "consent": row.id }));
    audit::commit(app, tx, entry, row.recorded_at).await?;
    get(app, caller, id).await
}

/// The child, if she is one (a person with a guardian link) in the caller's reach; else 404.
/// A role that never reaches children is 403 for every id.
pub(crate) async fn load(app: &App, caller: &Caller, id: i64) -> Result<Person, AppError> {
    require_role(caller)?;
    let scope = caller.scope();
    let row = jinguo_db::people::find(&mut app.db.ex(), &scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if store::guardians_of(&mut app.db.ex(), &scope, &[id])
        .await?
        .is_empty()
    {
        return Err(AppError::NotFound);
    }
    Ok(people::with_tags(app, vec![row]).await?.remove(0))
}

/// Guardians and consents of these people, masked.
async fn attach(app: &App, caller: &Caller, persons: Vec<Person>) -> Result<Vec<Child>, AppError> {
    let scope = caller.scope();
    let ids: Vec<i64> = persons.iter().map(|p| p.id).collect();
    let guardians = store::guardians_of(&mut app.db.ex(), &scope, &ids).await?;
    let consents = store::consents_of(&mut app.db.ex(), &scope, &ids).await?;
    let mut children = Vec::with_capacity(persons.len());
    for person in persons {
        let mut own = Vec::new();
        for g in guardians.iter().filter(|g| g.child_id == person.id) {
            own.push(guardian_view(app, caller, g).await?);
        }
        let own_consents = consents
            .iter()
            .filter(|k| k.child_id == person.id)
            .map(|k| {
                let by = app
                    .cipher
                    .open(&k.given_by_cipher, CTX_GIVEN_BY, k.id)
                    .map_err(undecryptable)?;
                Ok(Consent {
                    given_by_masked: mask_name(&by),
                    given_on: k.given_on.clone(),
                    recorded_at: k.recorded_at,
                })
            })
            .collect::<Result<_, AppError>>()?;
        children.push(Child {
            person,
            guardians: own,
            consents: own_consents,
        });
    }
    Ok(children)
}

async fn guardian_view(app: &App, caller: &Caller, g: &GuardianRow) -> Result<Guardian, AppError> {
    let (name, phone_masked) = match g.guardian_person_id {
        Some(person_id) => {
            match jinguo_db::people::find(&mut app.db.ex(), &caller.scope(), person_id).await? {
                Some(p) => (p.name, p.phone_masked),
                None => {
                    let names = people::names_of(app, &[person_id]).await?;
                    (
                        names.into_iter().next().map(|(_, n)| n).unwrap_or_default(),
                        None,
                    )
                }
            }
        }
        None => {
            let name = g
                .name_cipher
                .as_deref()
                .map(|n| app.cipher.open(n, CTX_GUARDIAN_NAME, g.id))
                .transpose()
                .map_err(undecryptable)?
                .unwrap_or_default();
            (name, g.phone_masked.clone())
        }
    };
    Ok(Guardian {
        person_id: g.guardian_person_id,
        name_masked: mask_name(&name),
        phone_masked,
        relation: g.relation.clone(),
    })
}

pub(crate) async fn record_read(
    app: &App,
    caller: &Caller,
    entity: &str,
    entity_id: String,
    unit: &str,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    let entry = caller
        .entry("read", entity, entity_id)
        .in_unit(unit)
        .detail(detail);
    audit::record(app, entry, app.now()).await?;
    Ok(())
}

/// A child's record, masked; the read is audited.
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<Child, AppError> {
    let person = load(app, caller, id).await?;
    let unit = person.unit_code.clone();
    let child = attach(app, caller, vec![person]).await?.remove(0);
    record_read(app, caller, "child", id.to_string(), &unit, json!({})).await?;
    Ok(child)
}

/// A page of the children in reach, masked; the read is audited with the ids shown.
pub async fn list(
    app: &App,
    caller: &Caller,
    s: &ChildSearch,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Child>, i64), AppError> {
    require_role(caller)?;
    let search = Search {
        q: s.q.clone(),
        unit_code: s.unit_code.clone(),
        tag: s.tag.clone(),
        ..Search::default()
    };
    let mut filter = people::filter_of(app, caller, &search).await?;
    filter.children_only = true;
    let offset = crate::page_offset(page, per_page)?;
    let (rows, total) =
        jinguo_db::people::list(&mut app.db.ex(), &caller.scope(), &filter, offset, per_page)
            .await?;
    let persons = people::with_tags(app, rows).await?;
    let children = attach(app, caller, persons).await?;
    let ids: Vec<i64> = children.iter().map(|c| c.person.id).collect();
    let detail = json!({ "ids": ids, "q": s.q.is_some(), "unit": s.unit_code, "tag": s.tag });
    record_read(
        app,
        caller,
        "children",
        String::new(),
        caller.unit.as_str(),
        detail,
    )
    .await?;
    Ok((children, total))
}

/// The guardians' full names and phones and who consented — an explicit, audited action for
/// those who contact families.
pub async fn reveal(app: &App, caller: &Caller, id: i64) -> Result<RevealedGuardians, AppError> {
    let child = load(app, caller, id).await?;
    if !caller.role.reveals_people() {
        return Err(AppError::Forbidden);
    }
    let scope = caller.scope();
    let c = &app.cipher;
    let mut guardians = Vec::new();
    for g in store::guardians_of(&mut app.db.ex(), &scope, &[id]).await? {
        let (name, phone) = match g.guardian_person_id {
            Some(person_id) => {
                match jinguo_db::people::find(&mut app.db.ex(), &scope, person_id).await? {
                    Some(p) => {
                        let phone = p
                            .phone_cipher
                            .as_deref()
                            .and_then(|ph| people::phone_of(app, p.id, ph));
                        (p.name, phone)
                    }
                    // A guardian registered outside the caller's reach: revealed by those who
                    // reach her.
                    None => (String::new(), None),
                }
            }
            None => (
                g.name_cipher
                    .as_deref()
                    .map(|n| c.open(n, CTX_GUARDIAN_NAME, g.id))
                    .transpose()
                    .map_err(undecryptable)?
                    .unwrap_or_default(),
                g.phone_cipher
                    .as_deref()
                    .map(|p| c.open(p, CTX_GUARDIAN_PHONE, g.id))
                    .transpose()
                    .map_err(undecryptable)?,
            ),
        };
        guardians.push((name, phone, g.relation));
    }
    let consents_given_by = store::consents_of(&mut app.db.ex(), &scope, &[id])
        .await?
        .iter()
        .map(|k| {
            c.open(&k.given_by_cipher, CTX_GIVEN_BY, k.id)
                .map_err(undecryptable)
        })
        .collect::<Result<_, _>>()?;
    let now = app.now();
    let entry = caller
        .entry("reveal", "child", id.to_string())
        .in_unit(&child.unit_code)
        .detail(json!({ "fields": ["guardian.name", "guardian.phone", "consent.given_by"] }));
    audit::record(app, entry, now).await?;
    Ok(RevealedGuardians {
        guardians,
        consents_given_by,
    })
}
