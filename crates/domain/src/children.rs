//! Children's work: who counts as a child, when a guardian's consent is needed, and how a
//! guardian is related to the child.

/// Registry people under this age are children (未成年人, Civil Code art. 17).
pub const ADULT_AGE: i32 = 18;

/// Below this age the personal information of a child is sensitive, and handling it needs the
/// consent of a parent or guardian (PIPL art. 28 and 31).
pub const CONSENT_AGE: i32 = 14;

/// Whether a person of this age is a child.
pub fn is_child(age: i32) -> bool {
    age < ADULT_AGE
}

/// Whether registering a child of this age needs her guardian's consent first.
pub fn needs_consent(age: i32) -> bool {
    age < CONSENT_AGE
}

/// A guardian's relation to the child (Civil Code art. 27: parents first, then grandparents,
/// adult siblings, other relatives or others willing and approved).
pub const RELATIONS: &[&str] = &[
    "mother",
    "father",
    "grandparent",
    "sibling",
    "relative",
    "other",
];

/// The relation's code, from its code or its Chinese name.
pub fn relation(raw: &str) -> Option<&'static str> {
    let raw = raw.trim();
    let by_label = match raw {
        "母亲" | "母" => Some("mother"),
        "父亲" | "父" => Some("father"),
        "祖父母" | "外祖父母" | "爷爷" | "奶奶" | "外公" | "外婆" => {
            Some("grandparent")
        }
        "兄姐" | "哥哥" | "姐姐" => Some("sibling"),
        "亲属" | "其他亲属" => Some("relative"),
        "其他" => Some("other"),
        _ => None,
    };
    by_label.or_else(|| RELATIONS.iter().copied().find(|r| *r == raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_is_under_18_and_needs_consent_under_14() {
        for (age, child, consent) in [
            (0, true, true),
            (13, true, true),
            (14, true, false),
            (17, true, false),
            (18, false, false),
        ] {
            assert_eq!(is_child(age), child, "{age}");
            assert_eq!(needs_consent(age), consent, "{age}");
        }
    }

    #[test]
    fn relations_are_read_from_codes_and_chinese_names() {
        assert_eq!(relation("mother"), Some("mother"));
        assert_eq!(relation(" 奶奶 "), Some("grandparent"));
        assert_eq!(relation("neighbour"), None);
    }
}
