//! Postings that restrict applicants by sex, marriage or childbearing are employment
//! discrimination (《妇女权益保障法》第四十三条, 《就业促进法》第二十七条) and are refused.
//!
//! The rule reads a posting's title and requirements as written: neutral phrases ("男女不限",
//! "性别不限") and benefits ("婚假", "生育保险", "女职工特殊保护") are taken out first, then the
//! restrictive patterns are looked for.

use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscriminationKind {
    Sex,
    Marital,
    Childbearing,
}

impl DiscriminationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DiscriminationKind::Sex => "sex",
            DiscriminationKind::Marital => "marital",
            DiscriminationKind::Childbearing => "childbearing",
        }
    }
}

/// The restriction found: its kind and the words of the posting that make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discrimination {
    pub kind: DiscriminationKind,
    pub words: String,
}

/// Phrases that mention sex, marriage or children without restricting anyone.
static NEUTRAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        男女不限|不限男女|性别不限|不限性别|男女均可|男女皆可|男女兼招|男女各半|性别[:：]?不限|
        男装|女装|男鞋|女鞋|童装|婚假|产假|陪产假|育儿假|哺乳假|生育保险|生育津贴|女职工(特殊)?(劳动)?保护|三期保护|
        不论婚育|婚育不限|不限婚育|婚姻状况不限|
        regardless\s+of\s+(gender|sex|marital\s+status)|any\s+gender|maternity\s+(leave|insurance)",
    )
    .expect("neutral phrases")
});

static RULES: LazyLock<Vec<(DiscriminationKind, Regex)>> = LazyLock::new(|| {
    let rule = |kind, pattern: &str| (kind, Regex::new(pattern).expect("discrimination rule"));
    vec![
        rule(
            DiscriminationKind::Sex,
            r"(?xi)
            (限|仅限|只限|仅招|只招|要求|需|须|必须|招聘?)\s*(男|女)(性|士|生|工|普工|员工)?|
            (男|女)(性|士|生)?\s*优先|
            性别\s*[:：]?\s*(男|女)|
            (男|女)(普工|技工|操作工)|
            (男|女)(性|士|生)?\s*(勿扰|免谈|不要|不招|不考虑)|
            不(招|要|收|考虑|录用)\s*(男|女)|
            \b(males?|men|females?|women)\s+(only|preferred)\b|
            \bonly\s+(males?|men|females?|women)\b",
        ),
        rule(
            DiscriminationKind::Marital,
            r"(?xi)
            未婚|已婚|单身|离异|婚否|
            \b(unmarried|married|single)\s+(only|preferred|applicants?|candidates?)\b|
            \bmust\s+be\s+(single|married|unmarried)\b",
        ),
        rule(
            DiscriminationKind::Childbearing,
            r"(?xi)
            已育|未育|已生育|未生育|无孩子|无小孩|无子女|
            生育计划|婚育计划|孕妇|怀孕|孕期勿扰|备孕|
            (限|仅限|只限|仅招|只招)\s*(宝妈|宝爸|妈妈|已婚妈妈|全职妈妈)|
            (\d+|一|两|二|三|五)\s*年内?\s*不(得|能|准|可)?\s*(生育|生孩子|要孩子|怀孕)|
            不(得|能|准|可)?\s*(生育|生孩子|要孩子)|
            \b(no|without)\s+(children|kids|pregnan\w*)\b|\bnot\s+pregnant\b|\bpregnant\s+(women|applicants?)\b",
        ),
        // A bare sex as a requirement: "要求：男", a list item "男性", "（女）" after a title.
        rule(
            DiscriminationKind::Sex,
            r"(?xi)
            (要求|需|须|必须|限)\s*[:：]\s*(男|女)(性|士|生)?|
            (^|[\n，,；;。、:：]|\d\s*[.、．)）])\s*(男|女)(性|士)?\s*($|[\n，,；;。、]|\d+\s*周?岁)|
            [（(]\s*(男|女)(性|士)?\s*[)）]",
        ),
    ]
});

// Which phrases are refused and which only warned of.
//
// Refused (RULES above): a posting that names a marital or childbearing status — 未婚, 已婚,
// 单身, 离异, 已育, 未育, 限未婚, 未婚未育, and also their "优先" forms (未婚优先, 已婚已育优先,
// 已育优先). 《妇女权益保障法》第四十三条 forbids making marriage or childbearing status a
// condition of hiring (第四项) and asking women about it beyond their basic details (第二项); a
// preference for a status ranks applicants by it and can only be applied by asking, so it is
// such a condition too. This is the rule as it stood (the tests below keep 已育优先 and 未婚
// refused), and it is kept. A requirement that only mothers apply (限宝妈, 只招宝妈) is a
// childbearing condition as well and is refused.
//
// Warned of (WARNINGS below): a preference for mothers (宝妈优先, 妈妈优先, 有孩子优先, 全职妈妈
// 优先). These postings are usually the flexible "宝妈岗" that federations themselves promote to
// bring mothers back to work: they favour a group the law protects and exclude nobody outright,
// and they need no question about a status the applicant does not offer herself. They still
// sort applicants by childbearing, so the poster is told so and must confirm before it is
// published; imports take the row and report the warning. Describing a job as suitable for
// mothers ("适合宝妈") is neither.

/// Preferences for mothers: published only once the poster has confirmed the warning.
static WARNINGS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (宝妈|宝爸|妈妈|母亲|全职妈妈|二胎妈妈|家庭主妇|已为人母|有(孩子|小孩|娃|子女))(者|的)?\s*(优先|者优先)|
        优先(录用|考虑|招聘?|安排)?\s*(宝妈|妈妈|全职妈妈|家庭主妇)|
        \b(mothers?|moms?|mums?|parents?)\s+(preferred|first)\b|
        \bpreference\s+(for|to)\s+(mothers?|moms?|mums?)\b",
    )
    .expect("warning phrases")
});

/// A preference for mothers in a posting's text (see above): not refused, but the poster
/// must confirm it. Call it on text `find_discrimination` has passed.
pub fn find_warning(text: &str) -> Option<Discrimination> {
    let cleaned = NEUTRAL.replace_all(text, " ");
    WARNINGS.find(&cleaned).map(|m| Discrimination {
        kind: DiscriminationKind::Childbearing,
        words: m.as_str().trim().to_owned(),
    })
}

/// The first restriction in a posting's text, if any.
pub fn find_discrimination(text: &str) -> Option<Discrimination> {
    let cleaned = NEUTRAL.replace_all(text, " ");
    RULES.iter().find_map(|(kind, re)| {
        re.find(&cleaned).map(|m| Discrimination {
            kind: *kind,
            words: m.as_str().trim().to_owned(),
        })
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_bare_sex_requirement_is_refused() {
        for text in [
            "要求：男",
            "要求: 女",
            "性别 男",
            "男性",
            "任职要求：\n1. 男性\n2. 高中以上学历",
            "男，35岁以下，能吃苦",
            "女性，25周岁以下",
            "保安（男）",
        ] {
            assert_eq!(kind(text), Some(DiscriminationKind::Sex), "{text}");
        }
    }

    #[test]
    fn sex_mentioned_without_restricting_stays_allowed() {
        for text in [
            "男女不限，35岁以下",
            "招收女性创业者参加培训",
            "女性创业孵化基地运营专员",
            "男装导购",
            "负责女职工特殊保护政策宣传",
        ] {
            assert_eq!(kind(text), None, "{text}");
        }
    }

    use super::*;

    fn kind(text: &str) -> Option<DiscriminationKind> {
        find_discrimination(text).map(|d| d.kind)
    }

    #[test]
    fn restrictions_by_sex_are_found_whichever_sex() {
        for text in [
            "限男性",
            "仅限男性，身体健康",
            "男性优先",
            "男士优先考虑",
            "性别：男",
            "招男普工20名",
            "只招女生",
            "女性勿扰",
            "不招女",
            "Male only",
            "men preferred",
        ] {
            assert_eq!(kind(text), Some(DiscriminationKind::Sex), "{text}");
        }
    }

    #[test]
    fn restrictions_by_marriage_and_children_are_found() {
        for text in ["未婚", "限已婚", "单身优先", "Must be single"] {
            assert_eq!(kind(text), Some(DiscriminationKind::Marital), "{text}");
        }
        for text in [
            "已育优先",
            "两年内不生育",
            "3年内不得怀孕",
            "孕妇勿扰",
            "无生育计划",
            "no children",
        ] {
            assert_eq!(kind(text), Some(DiscriminationKind::Childbearing), "{text}");
        }
    }

    #[test]
    fn neutral_phrases_and_benefits_pass() {
        for text in [
            "男女不限，18-45岁",
            "性别不限",
            "享受婚假、产假，缴纳生育保险",
            "落实女职工特殊劳动保护",
            "熟练使用电脑，有缝纫经验",
            "提供托育服务，适合宝妈",
            "regardless of gender",
            "maternity leave",
            "",
        ] {
            assert_eq!(find_discrimination(text), None, "{text}");
        }
    }

    #[test]
    fn preferences_for_mothers_are_warned_of_not_refused() {
        for text in [
            "宝妈优先",
            "岗位要求：宝妈优先，时间灵活",
            "有孩子者优先",
            "全职妈妈优先考虑",
            "优先录用宝妈",
            "mothers preferred",
        ] {
            assert_eq!(find_discrimination(text), None, "{text}");
            assert_eq!(
                find_warning(text).map(|d| d.kind),
                Some(DiscriminationKind::Childbearing),
                "{text}"
            );
        }
        assert_eq!(
            find_warning("岗位要求：宝妈优先").expect("found").words,
            "宝妈优先"
        );
    }

    #[test]
    fn a_status_preference_or_requirement_stays_refused() {
        // Naming a marital or childbearing status, even as a preference, is refused.
        for text in [
            "已婚已育优先",
            "未婚优先",
            "已育优先",
            "限未婚",
            "未婚未育",
            "限宝妈",
            "只招宝妈",
        ] {
            assert!(find_discrimination(text).is_some(), "{text}");
        }
    }

    #[test]
    fn mothers_mentioned_without_preference_get_no_warning() {
        for text in [
            "提供托育服务，适合宝妈",
            "宝妈岗，可接送孩子",
            "男女不限",
            "",
        ] {
            assert_eq!(find_warning(text), None, "{text}");
        }
    }

    #[test]
    fn the_words_found_are_reported() {
        let d = find_discrimination("岗位要求：男性优先，有驾照").expect("found");
        assert_eq!(d.words, "男性优先");
    }
}
