//! Search terms of a person's name, written into an index table so every search is an exact
//! look-up: each character and each pair of adjacent characters of the name (FTS trigrams cannot
//! match 2-character given names), the full pinyin with surnames read as surnames (单 shàn,
//! 曾 zēng, 尉迟 yù chí) and its initials. A longer query looks up its first pair, then the name
//! is checked to contain the whole query — few names share a pair, so that check is cheap.

use pinyin::ToPinyin;

/// Longest name substring indexed.
pub const MAX_SUBSTRING: usize = 2;

/// Surnames read otherwise than their characters' first reading (单 shàn, 曾 zēng, 尉迟 yù chí),
/// toneless. From overtrue/pinyin's `surnames` list (MIT), as pinyin-converter ships it.
const SURNAME_READINGS: &[(&str, &str)] = &[
    ("万俟", "mo qi"),
    ("尉迟", "yu chi"),
    ("单于", "chan yu"),
    ("重", "chong"),
    ("秘", "bi"),
    ("冼", "xian"),
    ("华", "hua"),
    ("过", "guo"),
    ("纪", "ji"),
    ("燕", "yan"),
    ("种", "chong"),
    ("繁", "po"),
    ("幺", "yao"),
    ("覃", "qin"),
    ("冯", "feng"),
    ("石", "shi"),
    ("缪", "miao"),
    ("瞿", "qu"),
    ("曾", "zeng"),
    ("解", "xie"),
    ("折", "she"),
    ("那", "na"),
    ("佴", "nai"),
    ("难", "nan"),
    ("粘", "nian"),
    ("藏", "zang"),
    ("扎", "za"),
    ("翟", "zhai"),
    ("都", "du"),
    ("六", "lu"),
    ("薄", "bo"),
    ("贾", "jia"),
    ("的", "de"),
    ("哈", "ha"),
    ("居", "ju"),
    ("盖", "ge"),
    ("查", "zha"),
    ("盛", "sheng"),
    ("塔", "ta"),
    ("和", "he"),
    ("柏", "bai"),
    ("朴", "piao"),
    ("蓝", "lan"),
    ("牟", "mou"),
    ("殷", "yin"),
    ("陆", "lu"),
    ("乜", "nie"),
    ("乐", "yue"),
    ("阚", "kan"),
    ("叶", "ye"),
    ("强", "qiang"),
    ("不", "fou"),
    ("丁", "ding"),
    ("阿", "a"),
    ("汤", "tang"),
    ("万", "wan"),
    ("车", "che"),
    ("称", "cheng"),
    ("沈", "shen"),
    ("区", "ou"),
    ("仇", "qiu"),
    ("宿", "su"),
    ("南", "nan"),
    ("单", "shan"),
    ("卜", "bu"),
    ("鸟", "niao"),
    ("思", "si"),
    ("殳", "shu"),
    ("寻", "xun"),
    ("於", "yu"),
    ("烟", "yan"),
    ("余", "yu"),
    ("浅", "qian"),
    ("艾", "ai"),
    ("浣", "wan"),
    ("无", "wu"),
    ("信", "xin"),
    ("许", "xu"),
    ("齐", "qi"),
    ("俞", "yu"),
    ("若", "ruo"),
    ("贠", "yun"),
    ("貟", "yun"),
];

/// Characters of given names read otherwise than their first reading (长青 cháng, 朝霞 zhāo).
const GIVEN_NAME_READINGS: &[(char, &str)] = &[('长', "chang"), ('朝', "zhao")];

/// The syllables of a name, toneless, ü as v (吕 lv), surnames read as surnames.
///
/// A names-only reading: a character's first reading from the static tables of the `pinyin`
/// crate, overridden for surnames and a few given-name characters. A whole-language dictionary
/// (words and phrases) costs 120–190 MB of heap and reads names no better.
pub fn name_syllables(name: &str) -> Vec<String> {
    let hans: String = name
        .chars()
        .filter(|c| !c.is_ascii() && *c != '·')
        .collect();
    let (surname, given) = split_surname(&hans);
    let mut syllables: Vec<String> = surname.map(str::to_owned).into_iter().collect();
    if let Some(first) = syllables.pop() {
        syllables.extend(first.split(' ').map(str::to_owned));
    }
    syllables.extend(given.chars().filter_map(given_name_syllable));
    syllables
}

/// The surname's reading when the name starts with one read otherwise, and the rest.
fn split_surname(hans: &str) -> (Option<&'static str>, &str) {
    SURNAME_READINGS
        .iter()
        .filter(|(surname, _)| hans.starts_with(surname) && hans.len() > surname.len())
        .max_by_key(|(surname, _)| surname.len())
        .map_or((None, hans), |(surname, reading)| {
            (Some(*reading), &hans[surname.len()..])
        })
}

fn given_name_syllable(c: char) -> Option<String> {
    if let Some((_, reading)) = GIVEN_NAME_READINGS.iter().find(|(given, _)| *given == c) {
        return Some((*reading).to_owned());
    }
    let plain = c.to_pinyin()?.plain();
    Some(plain.replace('ü', "v"))
}

/// Two-character surnames (复姓), read together.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "尉迟", "万俟", "长孙", "东方", "夏侯", "皇甫", "令狐", "慕容",
    "公孙", "端木", "宇文", "司徒", "司空", "独孤", "南宫", "西门", "轩辕", "呼延", "澹台", "申屠",
    "太史", "闻人", "百里", "东郭", "公冶", "宗政", "濮阳", "淳于", "单于", "赫连", "钟离", "拓跋",
    "完颜",
];

/// The surname's pinyin (王 wang, 欧阳 ouyang, 单 shan): what people type to find a family name.
pub fn surname_pinyin(name: &str) -> Option<String> {
    let syllables = name_syllables(name);
    let compound = COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s));
    let take = if compound { 2 } else { 1 };
    (syllables.len() > take).then(|| syllables[..take].concat())
}

/// `s:` characters and pairs, `p:` the whole pinyin and the surname's, `i:` the initials (of 2
/// syllables or more).
pub fn name_terms(name: &str) -> Vec<String> {
    let lowered = name.to_lowercase();
    let chars: Vec<char> = lowered.chars().collect();
    let mut terms = Vec::new();
    for start in 0..chars.len() {
        for len in 1..=MAX_SUBSTRING.min(chars.len() - start) {
            let sub: String = chars[start..start + len].iter().collect();
            if !sub.trim().is_empty() && !sub.contains('·') {
                terms.push(format!("s:{sub}"));
            }
        }
    }
    let syllables = name_syllables(name);
    let mut pinyin = String::new();
    let mut initials = String::new();
    for syllable in &syllables {
        pinyin.push_str(syllable);
        initials.push_str(&syllable[..1]);
    }
    if !pinyin.is_empty() {
        terms.push(format!("p:{pinyin}"));
    }
    if let Some(surname) = surname_pinyin(name).filter(|s| *s != pinyin) {
        terms.push(format!("p:{surname}"));
    }
    if initials.len() >= 2 {
        terms.push(format!("i:{initials}"));
    }
    terms.sort();
    terms.dedup();
    terms
}

/// The term a name query looks up, and whether the name must then be checked to contain it.
pub fn name_query_term(text: &str) -> (String, bool) {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= MAX_SUBSTRING {
        (format!("s:{text}"), false)
    } else {
        (
            format!("s:{}", chars[..MAX_SUBSTRING].iter().collect::<String>()),
            true,
        )
    }
}

/// What a query typed into the search box is, once normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryKind {
    /// Part of a name in Chinese (or letters of a foreign name): look up `s:` terms.
    NameText(String),
    /// Latin letters: a full pinyin or the initials (`p:` or `i:` terms).
    Pinyin(String),
    /// 4–6 trailing characters of an ID number.
    IdTail(String),
    /// A whole ID number (normalized) — look up its blind index.
    IdNumber(String),
    /// A phone number (normalized).
    Phone(String),
    Empty,
}

pub fn classify(query: &str, today: crate::CivilDate) -> QueryKind {
    let digits = crate::identity::normalize_digits(query);
    if digits.is_empty() {
        return QueryKind::Empty;
    }
    if let Ok(id) = crate::IdNumber::parse(&digits, today) {
        return QueryKind::IdNumber(id.as_str().to_owned());
    }
    if let Ok(phone) = crate::Phone::parse(&digits) {
        return QueryKind::Phone(phone.as_str().to_owned());
    }
    let is_tail = (4..=6).contains(&digits.len())
        && digits
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || (b == b'X' && i == digits.len() - 1));
    if is_tail {
        return QueryKind::IdTail(digits);
    }
    let text = query.trim().to_lowercase();
    if text.chars().all(|c| c.is_ascii_lowercase()) {
        return QueryKind::Pinyin(text);
    }
    // Chinese names are typed with stray spaces (王 芳); foreign names keep theirs.
    let compact: String = if text.is_ascii() {
        text.clone()
    } else {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    };
    QueryKind::NameText(compact)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syllables(name: &str) -> String {
        name_syllables(name).join(" ")
    }

    #[test]
    fn surnames_are_read_as_surnames() {
        for (name, expected) in [
            ("单丽", "shan li"),
            ("曾芳", "zeng fang"),
            ("解红", "xie hong"),
            ("仇敏", "qiu min"),
            ("区慧", "ou hui"),
            ("查静", "zha jing"),
            ("朴英", "piao ying"),
            ("尉迟燕", "yu chi yan"),
            ("万俟雪", "mo qi xue"),
            ("吕秀", "lv xiu"),
        ] {
            assert_eq!(syllables(name), expected, "{name}");
        }
    }

    #[test]
    fn given_names_are_read_as_names() {
        for (name, expected) in [
            ("王单", "wang dan"),
            ("李长青", "li chang qing"),
            ("陈朝霞", "chen zhao xia"),
            ("张乐", "zhang le"),
            ("阿依古丽·买买提", "a yi gu li mai mai ti"),
            ("Anna李", "li"),
        ] {
            assert_eq!(syllables(name), expected, "{name}");
        }
        assert_eq!(syllables("单"), "dan", "a lone character is not a surname");
    }

    #[test]
    fn terms_cover_substrings_pinyin_and_initials() {
        let terms = name_terms("王丽华");
        assert_eq!(
            terms,
            vec![
                "i:wlh",
                "p:wang",
                "p:wanglihua",
                "s:丽",
                "s:丽华",
                "s:华",
                "s:王",
                "s:王丽"
            ]
        );
        assert!(
            name_terms("欧阳娜娜").contains(&"p:ouyang".to_owned()),
            "compound surnames whole"
        );
        assert!(
            name_terms("单丽").contains(&"p:shan".to_owned()),
            "read as a surname"
        );
        assert_eq!(name_query_term("王丽华"), ("s:王丽".to_owned(), true));
        assert_eq!(name_query_term("丽华"), ("s:丽华".to_owned(), false));
    }

    #[test]
    fn queries_are_classified() {
        let today = crate::CivilDate {
            year: 2026,
            month: 11,
            day: 29,
        };
        assert_eq!(classify("wlh", today), QueryKind::Pinyin("wlh".into()));
        assert_eq!(
            classify(" WangLiHua ", today),
            QueryKind::Pinyin("wanglihua".into())
        );
        assert_eq!(classify("丽华", today), QueryKind::NameText("丽华".into()));
        assert_eq!(classify("02X", today), QueryKind::NameText("02x".into()));
        assert_eq!(
            classify("31002x", today),
            QueryKind::IdTail("31002X".into())
        );
        assert_eq!(classify("1002", today), QueryKind::IdTail("1002".into()));
        assert_eq!(
            classify("11010519491231002X", today),
            QueryKind::IdNumber("11010519491231002X".into())
        );
        assert_eq!(
            classify("138 1234 5678", today),
            QueryKind::Phone("13812345678".into())
        );
        assert_eq!(classify("   ", today), QueryKind::Empty);
    }
}
