//! The people registry: every case, job seeker, trainee, beneficiary and child is a person here,
//! once. Identity rules come from `jinguo_domain`; this module seals the sensitive fields
//! (encryption and blind indexes), keeps the search terms, checks scope and role, and audits.
//!
//! Sealing a person for the store is in `seal`, the list and search in `search`, merging two
//! records of one person in `merge`; registering, reading, revealing and changing one are here.

mod merge;
mod seal;
mod search;
pub use merge::*;
pub(crate) use seal::*;
pub use search::*;

use crate::audit;
use crate::auth::Caller;
use crate::changes::changes;
use crate::crypto::FieldCipher;
use crate::error::OnUnique;
use crate::{App, AppError};
use jinguo_db::people::{self as store, AgeFilter, Filter, PersonRow, SealedBirth};
use jinguo_db::{units, Exec};
use jinguo_domain::dates::{AgeBand, YearInBand};
use jinguo_domain::identity::{self, mask_id_number, IdNumberError};
use jinguo_domain::national_codes::{CodeList, EDUCATION, ETHNICITY, MARITAL_STATUS};
use jinguo_domain::people::{split_list, tag_code, tag_misfit};
use jinguo_domain::search::{self as terms, QueryKind};
use jinguo_domain::{CivilDate, IdNumber, PersonName, Phone, Sex, UnitCode};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

/// Encryption contexts: a ciphertext only decrypts in the column it was made for.
const CTX_ID: &str = "person.id_number";
const CTX_PHONE: &str = "person.phone";
const CTX_ADDRESS: &str = "person.address";
const CTX_NOTES: &str = "person.notes";
/// Blind index kinds.
pub(crate) const IDX_ID: &str = "id";
pub(crate) const IDX_PHONE: &str = "phone";
const IDX_TAIL: &str = "id_tail";

// A person as typed into a form, sent to the API (`NewPerson`) or read from a roster row. (Plain
// comments: the API's schema carries no description of it.)
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = NewPerson)]
pub struct PersonInput {
    pub name: String,
    pub id_number: String,
    pub phone: Option<String>,
    /// Optional; must agree with the ID number when given.
    // Only checked against the ID number: sex is derived, never typed twice.
    pub sex: Option<String>,
    pub unit_code: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub address: Option<String>,
    pub ethnicity: Option<String>,
    pub education: Option<String>,
    pub marital_status: Option<String>,
    pub notes: Option<String>,
}

/// A validated person, ready to seal.
#[derive(Debug, Clone)]
pub struct ValidPerson {
    pub name: PersonName,
    pub id_number: IdNumber,
    pub phone: Option<Phone>,
    pub unit: UnitCode,
    pub tags: Vec<&'static str>,
    pub address: Option<String>,
    pub ethnicity: Option<String>,
    pub education: Option<String>,
    pub marital_status: Option<String>,
    pub notes: Option<String>,
}

/// Why one field of a person is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub code: &'static str,
    pub detail: String,
}

impl FieldProblem {
    pub(crate) fn new(
        field: &'static str,
        code: &'static str,
        detail: impl Into<String>,
    ) -> FieldProblem {
        FieldProblem {
            field,
            code,
            detail: detail.into(),
        }
    }
}

impl From<FieldProblem> for AppError {
    fn from(p: FieldProblem) -> AppError {
        AppError::Invalid {
            code: p.code,
            field: Some(p.field.to_owned()),
            detail: Some(p.detail),
        }
    }
}

/// A code of a national list, given as its code, its name or a common variant: stored as the
/// code; anything else is refused naming the field.
fn optional_code(value: &Option<String>, list: &CodeList) -> Result<Option<String>, FieldProblem> {
    let Some(raw) = crate::given(value.as_deref()) else {
        return Ok(None);
    };
    match list.parse(raw) {
        Some(entry) => Ok(Some(entry.code.to_owned())),
        None => Err(FieldProblem::new(
            list.field,
            match list.field {
                "ethnicity" => "unknown_ethnicity",
                "education" => "unknown_education",
                _ => "unknown_marital_status",
            },
            raw,
        )),
    }
}

/// Validates a stored person with changes applied: a 民族, 学历 or 婚姻状况 written before the
/// code lists that is kept as it was (not changed) stays as it was, shown as it was.
pub(crate) fn validate_stored(
    input: &PersonInput,
    today: CivilDate,
    row: &PersonRow,
) -> Result<ValidPerson, FieldProblem> {
    let mut checked = input.clone();
    let keep = |value: &mut Option<String>, stored: &Option<String>, list: &CodeList| {
        let legacy = stored.as_deref().filter(|s| list.parse(s).is_none());
        let unchanged = legacy.is_some() && value.as_deref().map(str::trim) == legacy;
        if unchanged {
            *value = None;
        }
        unchanged
    };
    let kept = [
        keep(&mut checked.ethnicity, &row.ethnicity, &ETHNICITY),
        keep(&mut checked.education, &row.education, &EDUCATION),
        keep(
            &mut checked.marital_status,
            &row.marital_status,
            &MARITAL_STATUS,
        ),
    ];
    let mut valid = validate(&checked, today)?;
    if kept[0] {
        valid.ethnicity = row.ethnicity.clone();
    }
    if kept[1] {
        valid.education = row.education.clone();
    }
    if kept[2] {
        valid.marital_status = row.marital_status.clone();
    }
    Ok(valid)
}

fn optional_text(
    value: &Option<String>,
    max_chars: usize,
    field: &'static str,
) -> Result<Option<String>, FieldProblem> {
    match crate::given(value.as_deref()) {
        None => Ok(None),
        Some(v) if v.chars().count() > max_chars => Err(FieldProblem::new(
            field,
            "text_too_long",
            max_chars.to_string(),
        )),
        Some(v) => Ok(Some(v.to_owned())),
    }
}

pub fn id_error(e: IdNumberError) -> FieldProblem {
    FieldProblem::new("id_number", e.code(), "")
}

/// The one validation of a person, used by forms, the API and imports alike. Whether the unit
/// exists (and is in scope) is checked by the caller, which knows the tree.
pub fn validate(input: &PersonInput, today: CivilDate) -> Result<ValidPerson, FieldProblem> {
    let name = PersonName::parse(&input.name)
        .map_err(|e| FieldProblem::new("name", e.code(), input.name.trim()))?;
    let id_number = IdNumber::parse(&input.id_number, today).map_err(id_error)?;
    if let Some(raw) = crate::given(input.sex.as_deref()) {
        let sex = Sex::parse(raw).ok_or_else(|| FieldProblem::new("sex", "sex_invalid", raw))?;
        if sex != id_number.sex() {
            return Err(FieldProblem::new("sex", "sex_conflicts_with_id", raw));
        }
    }
    let phone = match crate::given(input.phone.as_deref()) {
        None => None,
        Some(raw) => {
            Some(Phone::parse(raw).map_err(|e| FieldProblem::new("phone", e.code(), raw))?)
        }
    };
    let unit = UnitCode::parse(&input.unit_code)
        .map_err(|_| FieldProblem::new("unit_code", "unknown_unit", &input.unit_code))?;
    let mut tags = Vec::new();
    let (sex, age) = (id_number.sex(), id_number.birth_date().age_on(today));
    for raw in input.tags.iter().flat_map(|t| split_list(t)) {
        let code = tag_code(raw).ok_or_else(|| FieldProblem::new("tags", "unknown_tag", raw))?;
        if tag_misfit(code, sex, age).is_some() {
            let label = jinguo_domain::people::tag_label(code).unwrap_or(code);
            return Err(FieldProblem::new("tags", "tag_does_not_fit", label));
        }
        if !tags.contains(&code) {
            tags.push(code);
        }
    }
    Ok(ValidPerson {
        name,
        id_number,
        phone,
        unit,
        tags,
        address: optional_text(&input.address, 200, "address")?,
        ethnicity: optional_code(&input.ethnicity, &ETHNICITY)?,
        education: optional_code(&input.education, &EDUCATION)?,
        marital_status: optional_code(&input.marital_status, &MARITAL_STATUS)?,
        notes: optional_text(&input.notes, 2000, "notes")?,
    })
}

/// A person as lists and pages show them: masked, no plaintext of sealed fields.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub sex: String,
    /// Shown instead of the birth date, which with the ID mask would narrow the number down;
    /// the date itself is part of the audited reveal.
    pub birth_year: i32,
    /// For ages and exports inside the app, read from the sealed ID number (it is not stored);
    /// never shown outside the reveal.
    pub(crate) birth_date: CivilDate,
    pub id_number_masked: String,
    pub phone_masked: Option<String>,
    pub unit_code: String,
    pub tags: Vec<String>,
    pub ethnicity: Option<String>,
    pub education: Option<String>,
    pub marital_status: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Person {
    fn of(row: PersonRow, tags: Vec<String>, birth_date: CivilDate) -> Person {
        Person {
            id: row.id,
            name: row.name,
            sex: row.sex,
            birth_year: row.birth_year,
            birth_date,
            id_number_masked: mask_id_number(&row.id_masked),
            phone_masked: row.phone_masked,
            unit_code: row.unit_code,
            tags,
            // The code (also of a name stored before the code lists); a value outside the list
            // as it was stored.
            ethnicity: row.ethnicity.map(|v| ETHNICITY.code_of(&v)),
            education: row.education.map(|v| EDUCATION.code_of(&v)),
            marital_status: row.marital_status.map(|v| MARITAL_STATUS.code_of(&v)),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }

    pub fn age_on(&self, today: CivilDate) -> i32 {
        self.birth_date.age_on(today)
    }
}

/// A person's exact birth date, read from her sealed ID number: the database keeps only the
/// year, so that a copy of it does not narrow her ID number down (docs/security.md).
pub(crate) fn birth_date_of(
    cipher: &FieldCipher,
    person_id: i64,
    id_cipher: &[u8],
) -> Result<CivilDate, AppError> {
    let number = cipher
        .open(id_cipher, CTX_ID, person_id)
        .map_err(undecryptable)?;
    birth_date_in(&number)
}

fn birth_date_in(id_number: &str) -> Result<CivilDate, AppError> {
    identity::birth_date_of(id_number)
        .ok_or_else(|| AppError::Internal("a stored ID number holds no birth date".into()))
}

/// Whether a person's age is in a band: her birth year decides, unless it is one of the band's
/// edge years; then her sealed ID number is opened for the exact date.
pub(crate) fn in_band(
    cipher: &FieldCipher,
    band: AgeBand,
    birth: &SealedBirth,
) -> Result<bool, AppError> {
    Ok(match band.year(birth.birth_year) {
        YearInBand::Inside => true,
        YearInBand::Outside => false,
        YearInBand::Edge => {
            band.contains(birth_date_of(cipher, birth.person_id, &birth.id_cipher)?)
        }
    })
}

/// A person's page: the masked person, and the notes (reading it is audited).
#[derive(Debug, Clone)]
pub struct PersonDetail {
    pub person: Person,
    pub address_masked: Option<String>,
    pub notes: Option<String>,
}

/// The full values behind the masks, for the audited reveal.
#[derive(Debug, Clone)]
pub struct Revealed {
    pub id_number: String,
    pub birth_date: String,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// A person's phone from its sealed form (bulk loads that check people in, like the demo fair).
pub(crate) fn phone_of(app: &App, person_id: i64, sealed: &[u8]) -> Option<String> {
    app.cipher.open(sealed, CTX_PHONE, person_id).ok()
}

pub fn today(app: &App) -> CivilDate {
    CivilDate::from_epoch_ms_china(app.now())
}

fn require_read(caller: &Caller) -> Result<(), AppError> {
    if caller.role.reads_people() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn require_write(caller: &Caller) -> Result<(), AppError> {
    if caller.role.writes_people() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Exports carry every full ID number and phone of a list (see `Role::exports_people`).
fn require_export(caller: &Caller) -> Result<(), AppError> {
    if caller.role.exports_people() || caller.is_operator() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A unit that exists and lies in the caller's subtree (else "unknown": no existence leak).
pub(crate) async fn check_unit(
    app: &App,
    caller: &Caller,
    unit: &UnitCode,
) -> Result<(), AppError> {
    let unknown = || AppError::invalid_detail("unit_code", "unknown_unit", unit.as_str());
    if !caller.scope().covers(unit) {
        return Err(unknown());
    }
    units::find(&mut app.db.ex(), unit.as_str())
        .await?
        .ok_or_else(unknown)?;
    Ok(())
}

fn duplicate(existing: &PersonRow) -> AppError {
    AppError::Conflict {
        code: "duplicate_id_number",
        field: Some("id_number"),
        detail: Some(format!(
            "{} {} (#{})",
            mask_name(&existing.name),
            mask_id_number(&existing.id_masked),
            existing.id
        )),
    }
}

/// 王** — enough to recognize a record without disclosing it to someone outside its scope.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    first + &"*".repeat(chars.count())
}

pub async fn create(app: &App, caller: &Caller, input: PersonInput) -> Result<Person, AppError> {
    let new = prepare(app, caller, &input).await?;
    let mut tx = app.db.begin().await?;
    let person = new.insert(app, &mut tx.ex(), caller).await?;
    tx.commit().await?;
    Ok(person)
}

/// A person validated, checked (role, unit in scope, no duplicate ID number) and sealed, not yet
/// written: `create` writes it in a transaction of its own, the children's register in the one
/// that also links her guardian.
pub(crate) struct NewPerson {
    pub(crate) valid: ValidPerson,
    sealed: Sealed,
}

pub(crate) async fn prepare(
    app: &App,
    caller: &Caller,
    input: &PersonInput,
) -> Result<NewPerson, AppError> {
    require_write(caller)?;
    let valid = validate(input, today(app))?;
    check_unit(app, caller, &valid.unit).await?;
    let index = app.cipher.blind_index(IDX_ID, valid.id_number.as_str());
    if let Some(existing) = store::find_by_id_index(&mut app.db.ex(), &index).await? {
        return Err(duplicate(&existing));
    }
    let now = app.now();
    let sealed = seal(app, &valid, app.ids.next(now), now, now);
    Ok(NewPerson { valid, sealed })
}

impl NewPerson {
    pub(crate) fn id(&self) -> i64 {
        self.sealed.row.id
    }

    /// Writes the person, her tags and search terms, and the audit event, inside `ex`'s
    /// transaction.
    pub(crate) async fn insert(
        self,
        app: &App,
        ex: &mut Exec<'_>,
        caller: &Caller,
    ) -> Result<Person, AppError> {
        let NewPerson { valid, sealed } = self;
        store::insert_many(ex, std::slice::from_ref(&sealed.row))
            .await
            .on_unique("duplicate_id_number", "id_number")?;
        write_tags_and_terms(ex, std::slice::from_ref(&sealed), true).await?;
        let entry = caller.entry("create", "person", sealed.row.id.to_string());
        audit::append(
            app,
            ex,
            entry.in_unit(&sealed.row.unit_code),
            sealed.row.created_at,
        )
        .await?;
        Ok(Person::of(
            sealed.row,
            sealed.tags,
            valid.id_number.birth_date(),
        ))
    }
}

async fn load(app: &App, caller: &Caller, id: i64) -> Result<PersonRow, AppError> {
    load_in(&mut app.db.ex(), caller, id).await
}

/// `load` through a given executor: a change reads the person in its own transaction.
async fn load_in(ex: &mut Exec<'_>, caller: &Caller, id: i64) -> Result<PersonRow, AppError> {
    require_read(caller)?;
    store::find(ex, &caller.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

pub(crate) async fn with_tags(app: &App, rows: Vec<PersonRow>) -> Result<Vec<Person>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let tags = store::tags_of(&mut app.db.ex(), &ids).await?;
    rows.into_iter()
        .map(|row| {
            let own = tags
                .iter()
                .filter(|(id, _)| *id == row.id)
                .map(|(_, t)| t.clone())
                .collect();
            let birth_date = birth_date_of(&app.cipher, row.id, &row.id_cipher)?;
            Ok(Person::of(row, own, birth_date))
        })
        .collect()
}

/// The names of these people (living or not), for lists that mention them; no scope check — the
/// caller already reached the record that names them.
pub async fn names_of(app: &App, ids: &[i64]) -> Result<Vec<(i64, String)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(store::names(&mut app.db.ex(), ids).await?)
}

/// A person the caller can see, chosen by id in a form or a request; anyone else is a 422
/// naming the field (`unknown_person`), as if she did not exist.
pub(crate) async fn chosen(
    app: &App,
    caller: &Caller,
    field: &str,
    id: i64,
) -> Result<PersonRow, AppError> {
    store::find(&mut app.db.ex(), &caller.scope(), id)
        .await?
        .ok_or_else(|| AppError::invalid_detail(field, "unknown_person", id.to_string()))
}

/// One person's name among those `names_of` found; empty when it found none for her.
pub(crate) fn name_in(names: &[(i64, String)], id: i64) -> String {
    names
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
}

/// A person as lists show them (masked), without recording a read.
pub async fn get_masked(app: &App, caller: &Caller, id: i64) -> Result<Person, AppError> {
    let row = load(app, caller, id).await?;
    Ok(with_tags(app, vec![row]).await?.remove(0))
}

/// A person's page; the read is audited.
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<PersonDetail, AppError> {
    let row = load(app, caller, id).await?;
    let notes = row
        .notes_cipher
        .as_deref()
        .map(|c| app.cipher.open(c, CTX_NOTES, row.id))
        .transpose()
        .map_err(undecryptable)?;
    let address = row
        .address_cipher
        .as_deref()
        .map(|c| app.cipher.open(c, CTX_ADDRESS, row.id))
        .transpose()
        .map_err(undecryptable)?;
    let unit = row.unit_code.clone();
    let person = with_tags(app, vec![row]).await?.remove(0);
    let now = app.now();
    let entry = caller
        .entry("read", "person", id.to_string())
        .in_unit(&unit);
    audit::record(app, entry, now).await?;
    Ok(PersonDetail {
        person,
        address_masked: address.as_deref().map(mask_address),
        notes,
    })
}

pub(crate) fn undecryptable(_: crate::crypto::DecryptError) -> AppError {
    AppError::Internal("a stored value cannot be decrypted with the master key".into())
}

/// 福建省泉州市丰泽区东湖街道****: the first characters, enough to tell two addresses apart.
pub fn mask_address(address: &str) -> String {
    let kept: String = address.chars().take(8).collect();
    if address.chars().count() > 8 {
        format!("{kept}****")
    } else {
        kept
    }
}

/// The full ID number, phone and address — an explicit, audited action.
pub async fn reveal(app: &App, caller: &Caller, id: i64) -> Result<Revealed, AppError> {
    // A person out of reach is 404 before the role is asked (no existence leak).
    let row = load(app, caller, id).await?;
    if !caller.role.reveals_people() {
        return Err(AppError::Forbidden);
    }
    let c = &app.cipher;
    let id_number = c
        .open(&row.id_cipher, CTX_ID, row.id)
        .map_err(undecryptable)?;
    let revealed = Revealed {
        birth_date: birth_date_in(&id_number)?.to_string(),
        id_number,
        phone: row
            .phone_cipher
            .as_deref()
            .map(|p| c.open(p, CTX_PHONE, row.id))
            .transpose()
            .map_err(undecryptable)?,
        address: row
            .address_cipher
            .as_deref()
            .map(|a| c.open(a, CTX_ADDRESS, row.id))
            .transpose()
            .map_err(undecryptable)?,
    };
    let now = app.now();
    let entry = caller.entry("reveal", "person", id.to_string());
    let detail = json!({ "fields": ["id_number", "birth_date", "phone", "address"] });
    audit::record(app, entry.in_unit(&row.unit_code).detail(detail), now).await?;
    Ok(revealed)
}

/// The decrypted input of an existing person, so a partial change can be validated whole.
fn input_of(app: &App, row: &PersonRow, tags: Vec<String>) -> Result<PersonInput, AppError> {
    let c = &app.cipher;
    Ok(PersonInput {
        name: row.name.clone(),
        id_number: c
            .open(&row.id_cipher, CTX_ID, row.id)
            .map_err(undecryptable)?,
        phone: row
            .phone_cipher
            .as_deref()
            .map(|p| c.open(p, CTX_PHONE, row.id))
            .transpose()
            .map_err(undecryptable)?,
        sex: None,
        unit_code: row.unit_code.clone(),
        tags,
        address: row
            .address_cipher
            .as_deref()
            .map(|a| c.open(a, CTX_ADDRESS, row.id))
            .transpose()
            .map_err(undecryptable)?,
        ethnicity: row.ethnicity.clone(),
        education: row.education.clone(),
        marital_status: row.marital_status.clone(),
        notes: row
            .notes_cipher
            .as_deref()
            .map(|n| c.open(n, CTX_NOTES, row.id))
            .transpose()
            .map_err(undecryptable)?,
    })
}

changes! {
    // What a change sets (`ChangePerson`); `None` keeps the current value, `Some("")` clears an
    // optional field.
    #[schema(as = ChangePerson)]
    pub struct PersonChanges for PersonInput {
        name: String,
        id_number: String,
        phone: String,
        sex: String,
        unit_code: String,
        tags: Vec<String>,
        address: String,
        ethnicity: String,
        education: String,
        marital_status: String,
        notes: String,
    }
}

/// Changes the fields given, the rest as they are: read, merged and written in one transaction.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: i64,
    changes: PersonChanges,
) -> Result<Person, AppError> {
    let mut tx = app.db.begin().await?;
    let row = load_in(&mut tx.ex(), caller, id).await?;
    require_write(caller)?;
    let current_tags = store::tags_of(&mut tx.ex(), &[id])
        .await?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let input = changes.applied_to(input_of(app, &row, current_tags)?);
    let valid = validate_stored(&input, today(app), &row)?;
    check_unit(app, caller, &valid.unit).await?;
    let index = app.cipher.blind_index(IDX_ID, valid.id_number.as_str());
    if let Some(other) = store::find_by_id_index(&mut tx.ex(), &index)
        .await?
        .filter(|o| o.id != id)
    {
        return Err(duplicate(&other));
    }
    let now = app.now();
    let sealed = seal(app, &valid, id, row.created_at, now);
    store::update(&mut tx.ex(), &sealed.row).await?;
    write_tags_and_terms(&mut tx.ex(), std::slice::from_ref(&sealed), false).await?;
    let changed: Vec<&str> = changed_fields(&row, &sealed.row);
    let entry = caller.entry("update", "person", id.to_string());
    let detail = json!({ "fields": changed });
    audit::commit(
        app,
        tx,
        entry.in_unit(&sealed.row.unit_code).detail(detail),
        now,
    )
    .await?;
    Ok(Person::of(
        sealed.row,
        sealed.tags,
        valid.id_number.birth_date(),
    ))
}

/// Names of the fields that differ (never their values: the audit log holds no plaintext).
fn changed_fields(before: &PersonRow, after: &PersonRow) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut check = |name: &'static str, differs: bool| {
        if differs {
            fields.push(name);
        }
    };
    check("name", before.name != after.name);
    check("id_number", before.id_index != after.id_index);
    check("phone", before.phone_index != after.phone_index);
    check("unit_code", before.unit_code != after.unit_code);
    check(
        "address",
        before.address_cipher.is_some() != after.address_cipher.is_some()
            || before.address_cipher.is_some(),
    );
    check("ethnicity", before.ethnicity != after.ethnicity);
    check("education", before.education != after.education);
    check(
        "marital_status",
        before.marital_status != after.marital_status,
    );
    fields
}

/// Soft delete: the record stays for audit; a hard purge is a separate admin action.
pub async fn delete(app: &App, caller: &Caller, id: i64) -> Result<(), AppError> {
    let row = load(app, caller, id).await?;
    require_write(caller)?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::soft_delete(&mut tx.ex(), id, None, now).await?;
    let entry = caller.entry("delete", "person", id.to_string());
    audit::commit(app, tx, entry.in_unit(&row.unit_code), now).await?;
    Ok(())
}

/// The full values of people for an export: id, name and every field decrypted.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub person: Person,
    pub id_number: String,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// An export in progress: the filtered list a page at a time, decrypted. Starting it is audited
/// (with the filters), so even an interrupted export leaves its record.
pub struct Export {
    app: App,
    scope: jinguo_domain::Scope,
    filter: Filter,
    after: i64,
    pub count: u64,
}

impl Export {
    pub async fn start(
        app: &App,
        caller: &Caller,
        s: &Search,
        format: &str,
    ) -> Result<Export, AppError> {
        require_export(caller)?;
        let filter = filter_of(app, caller, s).await?;
        let now = app.now();
        let entry = caller.entry("export", "person", String::new());
        let detail = json!({ "format": format, "q": s.q, "unit": s.unit_code, "tag": s.tag, "sex": s.sex,
                             "age_min": s.age_min, "age_max": s.age_max });
        audit::record(app, entry.in_unit(caller.unit.as_str()).detail(detail), now).await?;
        Ok(Export {
            app: app.clone(),
            scope: caller.scope(),
            filter,
            after: 0,
            count: 0,
        })
    }

    /// The next page of up to 1,000 people, or `None` at the end.
    pub async fn next_page(&mut self) -> Result<Option<Vec<ExportRow>>, AppError> {
        let app = &self.app;
        let rows = store::page_after(
            &mut app.db.ex(),
            &self.scope,
            &self.filter,
            self.after,
            1000,
        )
        .await?;
        let Some(last) = rows.last() else {
            return Ok(None);
        };
        self.after = last.id;
        let c = &app.cipher;
        let decrypted: Vec<(String, Option<String>, Option<String>)> = rows
            .iter()
            .map(|r| {
                Ok((
                    c.open(&r.id_cipher, CTX_ID, r.id).map_err(undecryptable)?,
                    r.phone_cipher
                        .as_deref()
                        .map(|p| c.open(p, CTX_PHONE, r.id))
                        .transpose()
                        .map_err(undecryptable)?,
                    r.address_cipher
                        .as_deref()
                        .map(|a| c.open(a, CTX_ADDRESS, r.id))
                        .transpose()
                        .map_err(undecryptable)?,
                ))
            })
            .collect::<Result<_, AppError>>()?;
        let page: Vec<ExportRow> = with_tags(app, rows)
            .await?
            .into_iter()
            .zip(decrypted)
            .map(|(person, (id_number, phone, address))| ExportRow {
                person,
                id_number,
                phone,
                address,
            })
            .collect();
        self.count += page.len() as u64;
        Ok(Some(page))
    }
}
