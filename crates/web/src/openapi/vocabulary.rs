//! What the handlers' types cannot say about their fields: which codes a field takes, which text is
//! a date, a unit code or an id, and which required text may not be empty. Written into the
//! generated document as JSON Schema keywords, from the domain's own code lists, so a client
//! generator (and schemathesis) produces requests the server accepts, and the document never
//! drifts from the vocabulary the server checks.

use jinguo_domain::awards::{Award, ObjectionOutcome, Vote};
use jinguo_domain::cases::{
    CaseKind, Category, Channel, OrderStatus, Satisfaction, Status, Urgency,
};
use jinguo_domain::employment::{
    AssistanceKind, AssistanceStatus, Availability, Education, EventKind, FriendlyTerm, Hours,
    Industry, JobCategory, JobStatus, OutcomeKind, RecommendationOutcome, SeekerStatus,
};
use jinguo_domain::model_women::Channel as PublicityChannel;
use jinguo_domain::national_codes::{CodeList, EDUCATION, ETHNICITY, MARITAL_STATUS};
use jinguo_domain::programs::{Cervical, HouseholdFactKind, Hpv, ProgramKind, RollStatus};
use jinguo_domain::training::{FollowUpResult, Tier};
use jinguo_domain::Role;
use serde_json::{json, Map, Value};

/// The codes each property takes, in the schemas that have it (a new record and its change
/// alike). A list property takes them per item.
fn code_lists() -> Vec<(&'static [&'static str], &'static str, Vec<&'static str>)> {
    const CASE: &[&str] = &["NewCase"];
    const CASES: &[&str] = &["NewCase", "PublicCase"];
    const ENTERPRISE: &[&str] = &["NewEnterprise", "ChangeEnterprise"];
    const JOB: &[&str] = &["NewJob", "ChangeJob"];
    const SEEKER: &[&str] = &["NewSeeker", "ChangeSeeker"];
    const JOBS_AND_SEEKERS: &[&str] = &["NewJob", "ChangeJob", "NewSeeker", "ChangeSeeker"];
    const EVENT: &[&str] = &["NewEvent", "ChangeEvent"];
    const ASSISTANCE: &[&str] = &["NewAssistance", "ChangeAssistance"];
    const USER: &[&str] = &["CreateUser", "UpdateUser"];
    const PERSON: &[&str] = &["NewPerson", "ChangePerson", "NewCheckin"];
    const PERSON_RECORD: &[&str] = &["NewPerson", "ChangePerson"];
    vec![
        (
            &["NewAwardCampaign"],
            "award",
            codes(Award::ALL, Award::as_str),
        ),
        (&["NewVote"], "vote", codes(Vote::ALL, Vote::as_str)),
        (&["NewCourse"], "tier", codes(Tier::ALL, Tier::as_str)),
        (
            &["NewCourse"],
            "target_tags",
            jinguo_domain::people::TAGS
                .iter()
                .map(|(code, _)| *code)
                .collect(),
        ),
        (
            &["NewFollowUp"],
            "result",
            codes(FollowUpResult::ALL, FollowUpResult::as_str),
        ),
        (
            &["NewModelWomanPublication"],
            "channel",
            codes(PublicityChannel::ALL, PublicityChannel::as_str),
        ),
        (
            &["ObjectionDecision"],
            "outcome",
            codes(ObjectionOutcome::ALL, ObjectionOutcome::as_str),
        ),
        (CASES, "kind", codes(CaseKind::ALL, CaseKind::as_str)),
        (CASES, "category", codes(Category::ALL, Category::as_str)),
        (CASE, "channel", codes(Channel::ALL, Channel::as_str)),
        (CASE, "urgency", codes(Urgency::ALL, Urgency::as_str)),
        (&["Transition"], "to", codes(Status::ALL, Status::as_str)),
        (
            &["Transition"],
            "satisfaction",
            codes(Satisfaction::ALL, Satisfaction::as_str),
        ),
        (
            &["PutOrder"],
            "status",
            codes(OrderStatus::ALL, OrderStatus::as_str),
        ),
        (
            ENTERPRISE,
            "industry",
            codes(Industry::ALL, Industry::as_str),
        ),
        (
            JOB,
            "category",
            codes(JobCategory::ALL, JobCategory::as_str),
        ),
        (
            SEEKER,
            "categories",
            codes(JobCategory::ALL, JobCategory::as_str),
        ),
        (
            JOBS_AND_SEEKERS,
            "education",
            codes(Education::ALL, Education::as_str),
        ),
        (JOB, "hours", codes(Hours::ALL, Hours::as_str)),
        (JOB, "terms", codes(FriendlyTerm::ALL, FriendlyTerm::as_str)),
        (JOB, "status", codes(JobStatus::ALL, JobStatus::as_str)),
        (
            SEEKER,
            "availability",
            codes(Availability::ALL, Availability::as_str),
        ),
        (
            SEEKER,
            "status",
            codes(SeekerStatus::ALL, SeekerStatus::as_str),
        ),
        (
            &["RecommendationChange"],
            "outcome",
            codes(RecommendationOutcome::ALL, RecommendationOutcome::as_str),
        ),
        (EVENT, "kind", codes(EventKind::ALL, EventKind::as_str)),
        (
            &["NewAssistance"],
            "kind",
            codes(AssistanceKind::ALL, AssistanceKind::as_str),
        ),
        (
            ASSISTANCE,
            "status",
            codes(AssistanceStatus::ALL, AssistanceStatus::as_str),
        ),
        (
            &["NewOutcome"],
            "kind",
            codes(OutcomeKind::ALL, OutcomeKind::as_str),
        ),
        (USER, "role", codes(&Role::ALL, Role::as_str)),
        (
            &["NewProgram"],
            "kind",
            codes(ProgramKind::ALL, ProgramKind::as_str),
        ),
        (
            &["NewProgram"],
            "result_readers",
            vec!["federation", "street", "community"],
        ),
        (&["Rule"], "sex", vec!["female", "male"]),
        (&["Rule"], "tags_all", person_tags()),
        (&["Rule"], "tags_any", person_tags()),
        (&["Rule"], "tags_none", person_tags()),
        (
            &["HouseholdCondition"],
            "fact",
            codes(HouseholdFactKind::ALL, HouseholdFactKind::as_str)
                .into_iter()
                .chain(HouseholdFactKind::ALL.iter().map(|f| f.label()))
                .collect(),
        ),
        (
            &["RollMark"],
            "status",
            codes(RollStatus::ALL, RollStatus::as_str)
                .into_iter()
                .filter(|s| *s != RollStatus::Delivered.as_str())
                .collect(),
        ),
        (
            &["NewScreeningResult"],
            "cervical",
            codes(Cervical::ALL, Cervical::as_str),
        ),
        (&["NewScreeningResult"], "hpv", codes(Hpv::ALL, Hpv::as_str)),
        (PERSON, "sex", vec!["female", "male"]),
        (PERSON_RECORD, "ethnicity", national(&ETHNICITY)),
        (PERSON_RECORD, "education", national(&EDUCATION)),
        (PERSON_RECORD, "marital_status", national(&MARITAL_STATUS)),
        (
            &["NewGuardian"],
            "relation",
            jinguo_domain::children::RELATIONS.to_vec(),
        ),
        // Children's work: parent school attendance and pairings.
        (
            &["NewAttendance"],
            "kind",
            jinguo_domain::children::ATTENDEE_KINDS.to_vec(),
        ),
        (
            &["NewPairing"],
            "visit_every",
            codes(
                &jinguo_domain::children::VisitEvery::ALL,
                jinguo_domain::children::VisitEvery::as_str,
            ),
        ),
        (
            &["NewPairingVisit"],
            "how",
            jinguo_domain::children::VISIT_HOWS.to_vec(),
        ),
        (
            &["EndPairing"],
            "reason",
            jinguo_domain::children::END_REASONS.to_vec(),
        ),
        // Funds: accounts and the parties of entries.
        (
            &["NewFundAccount"],
            "kind",
            codes(
                jinguo_domain::funds::AccountKind::ALL,
                jinguo_domain::funds::AccountKind::as_str,
            ),
        ),
        (
            &["FundParty"],
            "kind",
            codes(
                jinguo_domain::funds::PartyKind::ALL,
                jinguo_domain::funds::PartyKind::as_str,
            ),
        ),
    ]
}

/// A national code list (GB/T 3304, GB/T 4658, GB/T 2261.2): its codes, then its names (both
/// are accepted; the code is stored).
fn national(list: &CodeList) -> Vec<&'static str> {
    let codes = list.all.iter().map(|e| e.code);
    codes.chain(list.all.iter().map(|e| e.name)).collect()
}

/// The person categories a rule names: codes, then their Chinese names (both are taken).
fn person_tags() -> Vec<&'static str> {
    let tags = jinguo_domain::people::TAGS;
    tags.iter()
        .map(|(code, _)| *code)
        .chain(tags.iter().map(|(_, label)| *label))
        .collect()
}

fn codes<C: Copy>(all: &[C], name: fn(C) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&c| name(c)).collect()
}

/// Writes the vocabulary into the document's request schemas and query parameters.
pub fn apply(document: &mut Value) {
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            describe_properties(schema);
            for (schema_names, property, values) in code_lists() {
                if schema_names.contains(&name.as_str()) {
                    restrict_to_codes(schema, property, &values);
                }
            }
        }
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for parameters in item
                .values_mut()
                .filter_map(|op| op.get_mut("parameters"))
                .filter_map(Value::as_array_mut)
            {
                if !pages(path) {
                    parameters.retain(|p| !matches!(p["name"].as_str(), Some("page" | "per_page")));
                }
                parameters.iter_mut().for_each(describe_parameter);
            }
            // Every body the API takes is required: an empty one is refused.
            for body in item.values_mut().filter_map(|op| op.get_mut("requestBody")) {
                body["required"] = json!(true);
            }
        }
    }
}

/// Statistics and exports share a list's filters but answer everything at once: their
/// documents leave out the paging parameters, which they ignore.
fn pages(path: &str) -> bool {
    !(path.ends_with("/stats") || path.ends_with("/export"))
}

/// Dates, unit codes, ids and non-empty required text, known by the field's name.
fn describe_properties(schema: &mut Value) {
    let required: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (field, property) in properties.iter_mut() {
        let Some(property) = property.as_object_mut() else {
            continue;
        };
        describe_field(field, property);
        if required.contains(field)
            && has_type(property, "string")
            && !property.contains_key("format")
        {
            property.entry("minLength").or_insert(json!(1));
        }
    }
}

fn describe_parameter(parameter: &mut Value) {
    let Some(name) = parameter
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return;
    };
    let Some(schema) = parameter.get_mut("schema").and_then(Value::as_object_mut) else {
        return;
    };
    match name.as_str() {
        "page" => {
            schema.insert("minimum".into(), json!(1));
            schema.insert("maximum".into(), json!(jinguo_app::MAX_PAGE));
        }
        "per_page" => {
            schema.insert("minimum".into(), json!(1));
            schema.insert("maximum".into(), json!(crate::api::Paging::MAX_PER_PAGE));
        }
        "age_min" | "age_max" => {
            schema.insert("maximum".into(), json!(jinguo_app::people::MAX_AGE));
        }
        "limit" => {
            schema.insert("minimum".into(), json!(1));
            schema.insert("maximum".into(), json!(crate::api::Paging::MAX_PER_PAGE));
        }
        // Filters take "" for "no filter", so they keep their plain types.
        _ => {}
    }
}

fn describe_field(field: &str, property: &mut Map<String, Value>) {
    if is_date(field) && has_type(property, "string") {
        property.insert("format".into(), json!("date"));
    } else if field == "unit_code" && has_type(property, "string") {
        property.insert("pattern".into(), json!("^[0-9]{12}$"));
    } else if (field == "id" || field.ends_with("_id")) && has_type(property, "integer") {
        property.insert("minimum".into(), json!(1));
    } else if field.ends_with("_ids") {
        if let Some(items) = property.get_mut("items").and_then(Value::as_object_mut) {
            items.insert("minimum".into(), json!(1));
        }
    }
}

fn is_date(field: &str) -> bool {
    field == "date"
        || field.ends_with("_on")
        || field == "valid_until"
        || field == "reference_date"
        || field == "on"
}

/// `"type": "string"` or `"type": ["string", "null"]`.
fn has_type(property: &Map<String, Value>, wanted: &str) -> bool {
    match property.get("type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(types)) => types.iter().any(|t| t == wanted),
        _ => false,
    }
}

fn restrict_to_codes(schema: &mut Value, property: &str, values: &[&str]) {
    let Some(field) = schema
        .pointer_mut(&format!("/properties/{property}"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut allowed: Vec<Value> = values.iter().map(|v| json!(v)).collect();
    if let Some(items) = field.get_mut("items").and_then(Value::as_object_mut) {
        items.insert("enum".into(), Value::Array(allowed));
        return;
    }
    if has_type(field, "null") {
        allowed.push(Value::Null);
    }
    field.insert("enum".into(), Value::Array(allowed));
}
