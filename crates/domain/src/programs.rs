//! Care programs (关爱帮扶): free screening for women on 低保, festival relief, visits to poor
//! mothers, aid. A program names whom it serves by an eligibility rule stored as data; each
//! cycle freezes the people the rule matched into its roll.

use crate::people::{tag_code, tag_misfit};
use crate::{Sex, UnitCode};
use serde::{Deserialize, Serialize};

codes!(
    /// What a program does.
    ProgramKind {
        Screening = "screening",
        Relief = "relief",
        Visit = "visit",
        Aid = "aid",
    }
);

codes!(
    /// Where a person on a cycle's roll stands.
    RollStatus {
        Invited = "invited",
        Reached = "reached",
        Declined = "declined",
        Unreachable = "unreachable",
        Moved = "moved",
        Delivered = "delivered",
    }
);

impl RollStatus {
    /// The statuses staff set by hand (`delivered` comes only from a delivery).
    pub fn is_marked(self) -> bool {
        self != RollStatus::Delivered
    }
}

codes!(
    /// What a cycle gives: a service (a screening, a visit), cash in fen, or goods.
    BenefitKind {
        Service = "service",
        Cash = "cash",
        Goods = "goods",
    }
);

codes!(
    /// A cervical screening's finding.
    Cervical {
        Normal = "normal",
        Abnormal = "abnormal",
    }
);

codes!(
    /// An HPV test's finding.
    Hpv {
        Negative = "negative",
        Positive = "positive",
    }
);

codes!(
    /// A fact about a person's household that a rule may ask for, as the households table
    /// answers it (members, their relations to the household's head, guardianship, birth
    /// years). `single_parent`: she heads a household (or is its head's spouse) with a child
    /// under 18 and no other head or spouse living in it. `child_under`: a child under `age`
    /// lives with her — the household's child when she is its head or the head's spouse, or a
    /// minor whose guardian she is in the same household. `lives_alone`: she is the only living
    /// member of a household of hers.
    HouseholdFactKind {
        SingleParent = "single_parent",
        ChildUnder = "child_under",
        LivesAlone = "lives_alone",
    }
);

impl HouseholdFactKind {
    /// The fact's name as rules and forms write it in Chinese.
    pub fn label(self) -> &'static str {
        match self {
            HouseholdFactKind::SingleParent => "单亲家庭",
            HouseholdFactKind::ChildUnder => "有未成年子女",
            HouseholdFactKind::LivesAlone => "独居",
        }
    }

    /// A fact by its code or its Chinese name.
    pub fn read(raw: &str) -> Option<HouseholdFactKind> {
        let raw = raw.trim();
        HouseholdFactKind::parse(raw).or_else(|| {
            HouseholdFactKind::ALL
                .iter()
                .copied()
                .find(|f| f.label() == raw)
        })
    }

    /// Whether the fact needs an age (`child_under`).
    pub fn takes_age(self) -> bool {
        self == HouseholdFactKind::ChildUnder
    }

    /// Whether the fact is about a parent or guardian of a child living with her.
    fn has_child(self) -> bool {
        self != HouseholdFactKind::LivesAlone
    }
}

/// Children are under 18: `child_under` takes an age of 1 to 18.
pub const CHILD_AGE: u32 = 18;

/// The youngest age at which someone may head a household with a child of hers: a rule asking
/// for a household with a child and an age band that ends below it matches nobody.
pub const PARENT_AGE_MIN: u32 = 14;

/// A household condition of a rule: a fact, and the age it names (`child_under` only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdFact {
    /// single_parent, child_under, lives_alone (or the Chinese name: 单亲家庭, 有未成年子女, 独居)
    pub fact: String,
    /// `child_under`: the child is under this age (1–18) in the reference date's year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
}

impl HouseholdFact {
    /// The fact's kind (the rule was checked: its facts are known).
    pub fn kind(&self) -> Option<HouseholdFactKind> {
        HouseholdFactKind::parse(&self.fact)
    }
}

/// An amount of money typed in yuan (`500`, `500.5`, `1,000.00`, `￥500`, `500元`, full-width
/// digits too) as whole fen; `None` for anything else — more than two decimals (a fraction of
/// a fen), a sign, nothing, zero or too much.
pub fn fen_of_yuan(raw: &str) -> Option<i64> {
    let text = crate::identity::normalize_digits(raw);
    let text = text
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元')
        .trim()
        .replace(',', "");
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text.as_str(), ""),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (!fraction.is_empty() && !digits(fraction)) || fraction.len() > 2 {
        return None;
    }
    let yuan: i64 = whole.parse().ok()?;
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    let fen = yuan.checked_mul(100)?.checked_add(cents)?;
    (fen > 0).then_some(fen)
}

/// Whole fen as yuan with two decimals: 50000 → `500.00`.
pub fn yuan_of_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// The oldest age a rule may name.
pub const MAX_AGE: u32 = 150;

/// BI-RADS classes of a breast ultrasound: 0 to 6.
pub const BIRADS_MAX: u8 = 6;

/// Days from an abnormal result to its follow-up when the result names no date: a month to
/// reach her and see that the referral was kept.
pub const FOLLOW_UP_DAYS: i64 = 30;

/// Whether a screening's findings call for a follow-up: an abnormal cervical finding, a
/// positive HPV test, or a breast class that is incomplete (0: more imaging needed) or not
/// plainly benign (3 asks for a short-interval check, 4 to 6 for a biopsy or treatment).
pub fn needs_follow_up(cervical: Option<Cervical>, hpv: Option<Hpv>, birads: Option<u8>) -> bool {
    cervical == Some(Cervical::Abnormal)
        || hpv == Some(Hpv::Positive)
        || birads.is_some_and(|class| class == 0 || class >= 3)
}

/// Whom a program serves, as structured conditions over registry fields and tags (stored as
/// JSON). Every condition given must hold; an empty rule is everyone in the program's unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    /// Age in whole years on the cycle's reference date, at least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_min: Option<u32>,
    /// Age in whole years on the cycle's reference date, at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_max: Option<u32>,
    /// Tags she must all have.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags_all: Vec<String>,
    /// Tags of which she must have one at least.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags_any: Vec<String>,
    /// Tags she must have none of.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags_none: Vec<String>,
    /// People of this unit's subtree (inside the program's unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_code: Option<String>,
    /// Facts about her household, every one of which must hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub household: Vec<HouseholdFact>,
}

/// Why a rule is refused: the condition (`rule.tags_all`), the reason's code and a detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub field: &'static str,
    pub code: &'static str,
    pub detail: Option<String>,
}

impl RuleError {
    fn new(field: &'static str, code: &'static str, detail: Option<String>) -> RuleError {
        RuleError {
            field,
            code,
            detail,
        }
    }
}

/// One phrase of a rule in words: a message key and its arguments (the web renders it in the
/// reader's language; tags are named by `tag-…` messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Phrase {
    fn new(key: &'static str) -> Phrase {
        Phrase {
            key,
            args: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> Phrase {
        self.args.push((name, value.to_string()));
        self
    }
}

fn tags(field: &'static str, raw: &[String]) -> Result<Vec<String>, RuleError> {
    let mut out: Vec<String> = Vec::new();
    for t in raw.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        let code =
            tag_code(t).ok_or_else(|| RuleError::new(field, "unknown_tag", Some(t.to_owned())))?;
        if !out.iter().any(|c| c == code) {
            out.push(code.to_owned());
        }
    }
    Ok(out)
}

impl Rule {
    /// The rule checked and written with codes (tags given by their Chinese labels become their
    /// codes): an unknown tag, or a set of conditions nobody can meet, is refused naming it.
    pub fn checked(&self) -> Result<Rule, RuleError> {
        let sex =
            match self.sex.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => None,
                Some(raw) => Some(Sex::parse(raw).ok_or_else(|| {
                    RuleError::new("rule.sex", "sex_invalid", Some(raw.to_owned()))
                })?),
            };
        for (field, age) in [
            ("rule.age_min", self.age_min),
            ("rule.age_max", self.age_max),
        ] {
            if age.is_some_and(|a| a > MAX_AGE) {
                return Err(RuleError::new(field, "age_invalid", None));
            }
        }
        if let (Some(min), Some(max)) = (self.age_min, self.age_max) {
            if min > max {
                return Err(RuleError::new("rule.age_max", "rule_age_inverted", None));
            }
        }
        let all = tags("rule.tags_all", &self.tags_all)?;
        let any = tags("rule.tags_any", &self.tags_any)?;
        let none = tags("rule.tags_none", &self.tags_none)?;
        if let Some(t) = all.iter().find(|t| none.contains(t)) {
            return Err(RuleError::new(
                "rule.tags_none",
                "rule_tag_all_and_none",
                Some(t.clone()),
            ));
        }
        if !any.is_empty() && any.iter().all(|t| none.contains(t)) {
            return Err(RuleError::new(
                "rule.tags_any",
                "rule_tags_any_excluded",
                None,
            ));
        }
        // A tag describing whom she can be (贫困母亲: a woman; 留守儿童: a child) against the
        // rule's sex and age band.
        let misfit = |t: &str| -> Option<&'static str> {
            if let Some(sex) = sex {
                if tag_misfit(t, sex, 40) == Some("tag_needs_woman") {
                    return Some("rule_tag_needs_woman");
                }
            }
            if self.age_min.is_some_and(|min| {
                tag_misfit(t, Sex::Female, i32::try_from(min).unwrap_or(i32::MAX))
                    == Some("tag_needs_child")
            }) {
                return Some("rule_tag_needs_child");
            }
            if self.age_max.is_some_and(|max| {
                tag_misfit(t, Sex::Female, i32::try_from(max).unwrap_or(i32::MAX))
                    == Some("tag_needs_adult")
            }) {
                return Some("rule_tag_needs_adult");
            }
            None
        };
        if let Some((t, code)) = all.iter().find_map(|t| misfit(t).map(|c| (t, c))) {
            return Err(RuleError::new("rule.tags_all", code, Some(t.clone())));
        }
        if !any.is_empty() && any.iter().all(|t| misfit(t).is_some()) {
            let code = misfit(&any[0]).unwrap_or("rule_matches_nobody");
            return Err(RuleError::new("rule.tags_any", code, Some(any[0].clone())));
        }
        let household = self.household_checked(&all)?;
        let unit_code = match self
            .unit_code
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            None => None,
            Some(raw) => Some(
                UnitCode::parse(raw)
                    .map_err(|_| {
                        RuleError::new("rule.unit_code", "unknown_unit", Some(raw.to_owned()))
                    })?
                    .as_str()
                    .to_owned(),
            ),
        };
        Ok(Rule {
            sex: sex.map(|s| s.as_str().to_owned()),
            age_min: self.age_min,
            age_max: self.age_max,
            tags_all: all,
            tags_any: any,
            tags_none: none,
            unit_code,
            household,
        })
    }

    /// The household facts checked: each known, an age only where the fact takes one (1–18),
    /// each fact once, and none that together — or with the rule's age band or tags — nobody
    /// can meet (a single parent living alone; a child's category, or an age band ending under
    /// 14, with a child of her own).
    fn household_checked(&self, tags_all: &[String]) -> Result<Vec<HouseholdFact>, RuleError> {
        const FIELD: &str = "rule.household";
        let mut out: Vec<HouseholdFact> = Vec::new();
        for f in &self.household {
            let kind = HouseholdFactKind::read(&f.fact).ok_or_else(|| {
                RuleError::new(
                    FIELD,
                    "unknown_household_fact",
                    Some(f.fact.trim().to_owned()),
                )
            })?;
            let age = match (kind.takes_age(), f.age) {
                (true, None) => {
                    return Err(RuleError::new(
                        FIELD,
                        "household_age_required",
                        Some(kind.as_str().to_owned()),
                    ))
                }
                (true, Some(a)) if a == 0 || a > CHILD_AGE => {
                    return Err(RuleError::new(
                        FIELD,
                        "household_age_invalid",
                        Some(a.to_string()),
                    ))
                }
                (false, Some(_)) => {
                    return Err(RuleError::new(
                        FIELD,
                        "household_age_unexpected",
                        Some(kind.as_str().to_owned()),
                    ))
                }
                (_, age) => age,
            };
            match out.iter_mut().find(|o| o.fact == kind.as_str()) {
                // Two ages for one fact: the narrower is what both ask.
                Some(seen) => seen.age = seen.age.min(age),
                None => out.push(HouseholdFact {
                    fact: kind.as_str().to_owned(),
                    age,
                }),
            }
        }
        let kinds: Vec<HouseholdFactKind> = out.iter().filter_map(HouseholdFact::kind).collect();
        let alone = kinds.contains(&HouseholdFactKind::LivesAlone);
        if let Some(with_child) = kinds.iter().find(|k| k.has_child()) {
            if alone {
                return Err(RuleError::new(
                    FIELD,
                    "rule_household_contradiction",
                    Some(with_child.as_str().to_owned()),
                ));
            }
            if self.age_max.is_some_and(|max| max < PARENT_AGE_MIN) {
                return Err(RuleError::new(
                    FIELD,
                    "rule_household_needs_adult",
                    Some(with_child.as_str().to_owned()),
                ));
            }
            if let Some(t) = tags_all
                .iter()
                .find(|t| tag_misfit(t, Sex::Female, CHILD_AGE as i32) == Some("tag_needs_child"))
            {
                return Err(RuleError::new(
                    FIELD,
                    "rule_household_needs_adult",
                    Some(t.clone()),
                ));
            }
        }
        Ok(out)
    }

    /// The rule in words, one phrase per condition: 女性，35–64 岁，低保，不含已故.
    /// The tags are named by their `tag-…` message; unit codes stay codes (the web may name them).
    pub fn words(&self) -> Vec<Phrase> {
        let mut out = Vec::new();
        match self.sex.as_deref() {
            Some("female") => out.push(Phrase::new("rule-women")),
            Some("male") => out.push(Phrase::new("rule-men")),
            _ => {}
        }
        match (self.age_min, self.age_max) {
            (Some(min), Some(max)) => out.push(
                Phrase::new("rule-age-band")
                    .with("min", min)
                    .with("max", max),
            ),
            (Some(min), None) => out.push(Phrase::new("rule-age-from").with("min", min)),
            (None, Some(max)) => out.push(Phrase::new("rule-age-to").with("max", max)),
            (None, None) => {}
        }
        for t in &self.tags_all {
            out.push(Phrase::new("rule-tag").with("tag", t));
        }
        if !self.tags_any.is_empty() {
            out.push(Phrase::new("rule-tags-any").with("tags", self.tags_any.join(",")));
        }
        for t in &self.tags_none {
            out.push(Phrase::new("rule-tag-none").with("tag", t));
        }
        for f in &self.household {
            match f.kind() {
                Some(HouseholdFactKind::SingleParent) => {
                    out.push(Phrase::new("rule-single-parent"))
                }
                Some(HouseholdFactKind::ChildUnder) => out
                    .push(Phrase::new("rule-child-under").with("age", f.age.unwrap_or(CHILD_AGE))),
                Some(HouseholdFactKind::LivesAlone) => out.push(Phrase::new("rule-lives-alone")),
                None => {}
            }
        }
        if let Some(unit) = &self.unit_code {
            out.push(Phrase::new("rule-unit").with("unit", unit));
        }
        // The registry's deleted records (the deceased, those who left) are never on a roll.
        out.push(Phrase::new("rule-living"));
        out
    }

    /// Whether a person with these facts meets the rule (the delivery's second look: someone
    /// who has since lost eligibility is flagged). `age` on the cycle's reference date;
    /// `household`: whether her household meets the rule's household facts, which only the
    /// store can tell (`jinguo_db::programs::meets_household`, the roll's own condition).
    pub fn holds(
        &self,
        sex: &str,
        age: i32,
        unit_code: &str,
        has: &[String],
        household: bool,
    ) -> bool {
        let tag = |t: &String| has.contains(t);
        self.sex.as_deref().is_none_or(|s| s == sex)
            && self
                .age_min
                .is_none_or(|m| age >= i32::try_from(m).unwrap_or(i32::MAX))
            && self
                .age_max
                .is_none_or(|m| age <= i32::try_from(m).unwrap_or(i32::MAX))
            && self.tags_all.iter().all(tag)
            && (self.tags_any.is_empty() || self.tags_any.iter().any(tag))
            && !self.tags_none.iter().any(tag)
            && (self.household.is_empty() || household)
            && self.unit_code.as_deref().is_none_or(|u| {
                UnitCode::parse(u).is_ok_and(|unit| {
                    UnitCode::parse(unit_code).is_ok_and(|other| unit.contains(&other))
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abnormal_findings_and_only_those_need_a_follow_up() {
        assert!(!needs_follow_up(None, None, None));
        assert!(!needs_follow_up(
            Some(Cervical::Normal),
            Some(Hpv::Negative),
            Some(1)
        ));
        assert!(!needs_follow_up(None, None, Some(2)));
        assert!(needs_follow_up(Some(Cervical::Abnormal), None, None));
        assert!(needs_follow_up(None, Some(Hpv::Positive), Some(1)));
        for class in [0, 3, 4, 5, 6] {
            assert!(needs_follow_up(None, None, Some(class)), "BI-RADS {class}");
        }
    }

    fn rule(json: &str) -> Rule {
        serde_json::from_str(json).expect("a rule")
    }

    #[test]
    fn a_rule_round_trips_as_json_and_takes_tag_labels() {
        let r = rule(r#"{"sex":"女","age_min":35,"age_max":64,"tags_all":["低保"]}"#)
            .checked()
            .expect("a valid rule");
        assert_eq!(r.sex.as_deref(), Some("female"));
        assert_eq!(r.tags_all, vec!["dibao".to_owned()]);
        let json = serde_json::to_string(&r).expect("json");
        assert_eq!(
            json,
            r#"{"sex":"female","age_min":35,"age_max":64,"tags_all":["dibao"]}"#
        );
        assert_eq!(serde_json::from_str::<Rule>(&json).expect("a rule"), r);
    }

    #[test]
    fn unknown_tags_are_refused_naming_the_condition() {
        let e = rule(r#"{"tags_none":["dibao","martian"]}"#)
            .checked()
            .expect_err("refused");
        assert_eq!((e.field, e.code), ("rule.tags_none", "unknown_tag"));
        assert_eq!(e.detail.as_deref(), Some("martian"));
    }

    #[test]
    fn rules_that_match_nobody_are_refused_naming_the_condition() {
        let cases = [
            (
                r#"{"age_min":65,"age_max":35}"#,
                "rule.age_max",
                "rule_age_inverted",
            ),
            (r#"{"age_max":151}"#, "rule.age_max", "age_invalid"),
            (
                r#"{"tags_all":["dibao"],"tags_none":["低保"]}"#,
                "rule.tags_none",
                "rule_tag_all_and_none",
            ),
            (
                r#"{"tags_any":["dibao"],"tags_none":["dibao"]}"#,
                "rule.tags_any",
                "rule_tags_any_excluded",
            ),
            (
                r#"{"sex":"male","tags_all":["poor_mother"]}"#,
                "rule.tags_all",
                "rule_tag_needs_woman",
            ),
            (
                r#"{"age_min":20,"tags_all":["left_behind_child"]}"#,
                "rule.tags_all",
                "rule_tag_needs_child",
            ),
            (
                r#"{"age_max":10,"tags_any":["poor_mother"]}"#,
                "rule.tags_any",
                "rule_tag_needs_adult",
            ),
            (r#"{"sex":"x"}"#, "rule.sex", "sex_invalid"),
            (r#"{"unit_code":"abc"}"#, "rule.unit_code", "unknown_unit"),
        ];
        for (json, field, code) in cases {
            let e = rule(json).checked().expect_err(json);
            assert_eq!((e.field, e.code), (field, code), "{json}");
        }
    }

    #[test]
    fn a_rule_in_words_has_one_phrase_per_condition() {
        let r = rule(r#"{"sex":"female","age_min":35,"age_max":64,"tags_all":["dibao"]}"#);
        let keys: Vec<_> = r.words().iter().map(|p| p.key).collect();
        assert_eq!(
            keys,
            ["rule-women", "rule-age-band", "rule-tag", "rule-living"]
        );
        assert_eq!(
            r.words()[1].args,
            vec![("min", "35".into()), ("max", "64".into())]
        );
    }

    #[test]
    fn household_facts_are_data_with_their_words() {
        let r = rule(
            r#"{"sex":"女","household":[{"fact":"单亲家庭"},{"fact":"child_under","age":14}]}"#,
        )
        .checked()
        .expect("a valid rule");
        assert_eq!(
            serde_json::to_string(&r.household).expect("json"),
            r#"[{"fact":"single_parent"},{"fact":"child_under","age":14}]"#
        );
        let keys: Vec<_> = r.words().iter().map(|p| p.key).collect();
        assert_eq!(
            keys,
            [
                "rule-women",
                "rule-single-parent",
                "rule-child-under",
                "rule-living"
            ]
        );
        assert_eq!(r.words()[2].args, vec![("age", "14".into())]);
        // The same fact twice is asked once, with the narrower age.
        let twice = rule(
            r#"{"household":[{"fact":"child_under","age":14},{"fact":"child_under","age":6}]}"#,
        )
        .checked()
        .expect("valid");
        assert_eq!(twice.household.len(), 1);
        assert_eq!(twice.household[0].age, Some(6));
    }

    #[test]
    fn household_conditions_that_are_unknown_or_match_nobody_are_named() {
        let cases = [
            (
                r#"{"household":[{"fact":"rich"}]}"#,
                "unknown_household_fact",
                Some("rich"),
            ),
            (
                r#"{"household":[{"fact":"child_under"}]}"#,
                "household_age_required",
                Some("child_under"),
            ),
            (
                r#"{"household":[{"fact":"child_under","age":0}]}"#,
                "household_age_invalid",
                Some("0"),
            ),
            (
                r#"{"household":[{"fact":"child_under","age":19}]}"#,
                "household_age_invalid",
                Some("19"),
            ),
            (
                r#"{"household":[{"fact":"lives_alone","age":3}]}"#,
                "household_age_unexpected",
                Some("lives_alone"),
            ),
            (
                r#"{"household":[{"fact":"single_parent"},{"fact":"独居"}]}"#,
                "rule_household_contradiction",
                Some("single_parent"),
            ),
            (
                r#"{"age_max":12,"household":[{"fact":"single_parent"}]}"#,
                "rule_household_needs_adult",
                Some("single_parent"),
            ),
            (
                r#"{"tags_all":["留守儿童"],"household":[{"fact":"child_under","age":6}]}"#,
                "rule_household_needs_adult",
                Some("left_behind_child"),
            ),
        ];
        for (json, code, detail) in cases {
            let e = rule(json).checked().expect_err(json);
            assert_eq!((e.field, e.code), ("rule.household", code), "{json}");
            assert_eq!(e.detail.as_deref(), detail, "{json}");
        }
        // An unknown key inside a condition is not silently dropped.
        assert!(
            serde_json::from_str::<Rule>(r#"{"household":[{"fact":"lives_alone","x":1}]}"#)
                .is_err()
        );
    }

    #[test]
    fn yuan_are_read_as_whole_fen_and_nothing_smaller() {
        for (raw, fen) in [
            ("500", Some(50_000)),
            ("500.5", Some(50_050)),
            ("0.01", Some(1)),
            ("1,000.00", Some(100_000)),
            ("￥200", Some(20_000)),
            ("３００元", Some(30_000)),
            ("12.345", None),
            ("0", None),
            ("-5", None),
            ("5.", Some(500)),
            (".5", None),
            ("abc", None),
            ("", None),
            ("99999999999999999999", None),
        ] {
            assert_eq!(fen_of_yuan(raw), fen, "{raw}");
        }
        assert_eq!(yuan_of_fen(50_000), "500.00");
        assert_eq!(yuan_of_fen(1), "0.01");
    }

    #[test]
    fn holds_checks_every_condition() {
        let r = rule(
            r#"{"sex":"female","age_min":35,"age_max":64,"tags_all":["dibao"],"tags_none":["disabled"],"unit_code":"350503001000"}"#,
        );
        let dibao = vec!["dibao".to_owned()];
        assert!(r.holds("female", 40, "350503001001", &dibao, false));
        assert!(!r.holds("male", 40, "350503001001", &dibao, true));
        assert!(!r.holds("female", 65, "350503001001", &dibao, true));
        assert!(!r.holds("female", 40, "350503002001", &dibao, true));
        assert!(!r.holds("female", 40, "350503001001", &[], true));
        let both = vec!["dibao".to_owned(), "disabled".to_owned()];
        assert!(!r.holds("female", 40, "350503001001", &both, true));
        let single = rule(r#"{"household":[{"fact":"single_parent"}]}"#);
        assert!(single.holds("female", 40, "350503001001", &[], true));
        assert!(!single.holds("female", 40, "350503001001", &[], false));
    }
}
