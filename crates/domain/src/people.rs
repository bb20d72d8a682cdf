//! People the federation serves: names, category tags, and the fields a roster carries.

use crate::identity::Sex;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is missing")]
    Missing,
    #[error("a name has 2 to 20 characters")]
    BadLength,
    #[error("a name is written in Chinese characters, or in letters joined by ·")]
    BadCharacters,
}

impl NameError {
    pub fn code(self) -> &'static str {
        match self {
            NameError::Missing => "name_missing",
            NameError::BadLength => "name_bad_length",
            NameError::BadCharacters => "name_bad_characters",
        }
    }
}

/// A person's name as registered: 2–20 characters, Chinese, or letters with `·` between parts
/// (阿依古丽·买买提, also written with `•`, `・` or `.` in rosters).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF | 0x30000..=0x3134F)
        || c == '〇'
}

impl PersonName {
    pub fn parse(raw: &str) -> Result<PersonName, NameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(NameError::Missing);
        }
        let has_han = trimmed.chars().any(is_han);
        let mut name = String::with_capacity(trimmed.len());
        for c in trimmed.chars() {
            match c {
                '•' | '・' | '.' | '．' | '·' | '‧' => name.push('·'),
                // Rosters pad two-character names with spaces (王  芳); letters keep one space.
                c if c.is_whitespace() => {
                    if !has_han && !name.ends_with(' ') {
                        name.push(' ');
                    }
                }
                c => name.push(c),
            }
        }
        let count = name.chars().count();
        if !(2..=20).contains(&count) {
            return Err(NameError::BadLength);
        }
        let allowed =
            |c: char| is_han(c) || c == '·' || (!has_han && (c.is_alphabetic() || c == ' '));
        let dots_ok = !name.starts_with('·') && !name.ends_with('·') && !name.contains("··");
        if !name.chars().all(allowed) || !dots_ok {
            return Err(NameError::BadCharacters);
        }
        Ok(PersonName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The categories of people the federation serves (CONTRACT.md), with their Chinese labels.
pub const TAGS: &[(&str, &str)] = &[
    ("unemployed", "失业"),
    ("laid_off", "下岗"),
    ("land_lost", "失地"),
    ("returning", "返乡"),
    ("graduate", "女大学生"),
    ("entrepreneur", "创业"),
    ("poor_mother", "贫困母亲"),
    ("dibao", "低保"),
    ("disabled", "残疾"),
    ("retired_cadre", "离退休妇干"),
    ("left_behind_child", "留守儿童"),
    ("migrant_child", "流动儿童"),
    ("only_child", "独生子女"),
    ("orphan_or_disabled_child", "孤残儿童"),
];

/// Other ways rosters write the categories.
const TAG_ALIASES: &[(&str, &str)] = &[
    ("失业人员", "unemployed"),
    ("失业妇女", "unemployed"),
    ("下岗职工", "laid_off"),
    ("下岗女工", "laid_off"),
    ("失地妇女", "land_lost"),
    ("失地农民", "land_lost"),
    ("返乡妇女", "returning"),
    ("返乡创业", "returning"),
    ("大学生", "graduate"),
    ("高校毕业生", "graduate"),
    ("女大学毕业生", "graduate"),
    ("创业妇女", "entrepreneur"),
    ("创业女性", "entrepreneur"),
    ("低保户", "dibao"),
    ("低保对象", "dibao"),
    ("残疾人", "disabled"),
    ("残疾妇女", "disabled"),
    ("孤儿", "orphan_or_disabled_child"),
    ("残疾儿童", "orphan_or_disabled_child"),
];

/// The tag code for a code or a Chinese label.
pub fn tag_code(raw: &str) -> Option<&'static str> {
    let raw = raw.trim();
    TAGS.iter()
        .find(|(code, label)| *code == raw || *label == raw)
        .map(|(code, _)| *code)
        .or_else(|| {
            TAG_ALIASES
                .iter()
                .find(|(alias, _)| *alias == raw)
                .map(|(_, code)| *code)
        })
}

/// Whom a category can describe. Some carry a sex or an age: a 贫困母亲 is a woman, a 女大学生
/// a young woman, and the children's categories are for those under 18. `None` when the tag
/// fits; otherwise what it needs, as the message key of the refusal's detail.
pub fn tag_misfit(code: &str, sex: Sex, age: i32) -> Option<&'static str> {
    const CHILD: i32 = 18;
    match code {
        "poor_mother" if sex != Sex::Female => Some("tag_needs_woman"),
        "poor_mother" if age < 16 => Some("tag_needs_adult"),
        "graduate" if sex != Sex::Female => Some("tag_needs_woman"),
        "graduate" if age < 16 => Some("tag_needs_adult"),
        "retired_cadre" if sex != Sex::Female => Some("tag_needs_woman"),
        "left_behind_child" | "migrant_child" | "only_child" | "orphan_or_disabled_child"
            if age >= CHILD =>
        {
            Some("tag_needs_child")
        }
        _ => None,
    }
}

pub fn tag_label(code: &str) -> Option<&'static str> {
    TAGS.iter()
        .find(|(c, _)| *c == code)
        .map(|(_, label)| *label)
}

/// Splits a roster's category cell (失业、低保；残疾) into its parts.
pub fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(['、', ',', '，', ';', '；', '/', '|', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {

    #[test]
    fn tags_with_a_sex_or_an_age_refuse_people_they_cannot_describe() {
        use super::tag_misfit;
        use crate::identity::Sex;
        assert_eq!(
            tag_misfit("poor_mother", Sex::Male, 40),
            Some("tag_needs_woman")
        );
        assert_eq!(tag_misfit("poor_mother", Sex::Female, 40), None);
        assert_eq!(
            tag_misfit("graduate", Sex::Male, 23),
            Some("tag_needs_woman")
        );
        assert_eq!(
            tag_misfit("left_behind_child", Sex::Female, 30),
            Some("tag_needs_child")
        );
        assert_eq!(tag_misfit("left_behind_child", Sex::Male, 9), None);
        assert_eq!(tag_misfit("unemployed", Sex::Male, 45), None);
    }

    use super::*;

    #[test]
    fn names_normalize_and_validate() {
        for (raw, expected) in [
            ("王芳", Ok("王芳")),
            (" 王  芳 ", Ok("王芳")),
            ("阿依古丽•买买提", Ok("阿依古丽·买买提")),
            ("欧阳娜娜", Ok("欧阳娜娜")),
            ("Mary Smith", Ok("Mary Smith")),
            ("王", Err(NameError::BadLength)),
            ("", Err(NameError::Missing)),
            ("王芳1", Err(NameError::BadCharacters)),
            ("·王芳", Err(NameError::BadCharacters)),
            (
                "王芳芳芳芳芳芳芳芳芳芳芳芳芳芳芳芳芳芳芳芳",
                Err(NameError::BadLength),
            ),
        ] {
            assert_eq!(
                PersonName::parse(raw)
                    .as_ref()
                    .map(PersonName::as_str)
                    .map_err(|e| *e),
                expected,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn tags_read_codes_labels_and_aliases() {
        assert_eq!(tag_code("dibao"), Some("dibao"));
        assert_eq!(tag_code("低保"), Some("dibao"));
        assert_eq!(tag_code("低保户"), Some("dibao"));
        assert_eq!(tag_code("女大学生"), Some("graduate"));
        assert_eq!(tag_code("富婆"), None);
        let parts: Vec<&str> = split_list("失业、低保；残疾,,").collect();
        assert_eq!(parts, vec!["失业", "低保", "残疾"]);
    }
}
