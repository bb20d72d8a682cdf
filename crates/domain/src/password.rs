//! The password rule of DESIGN.md §5: at least 8 characters from at least 3 of the classes
//! lower-case, upper-case, digit and symbol; not one of the 10,000 most common passwords
//! (case-insensitively), and not containing the username.

use std::collections::HashSet;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    #[error("a password needs at least 8 characters")]
    TooShort,
    #[error(
        "a password needs characters from at least 3 of: lower-case, upper-case, digits, symbols"
    )]
    TooFewClasses,
    #[error("a password is at most 128 characters")]
    TooLong,
    #[error("a password is one of the 10,000 most common ones")]
    TooCommon,
    #[error("a password contains the username")]
    ContainsUsername,
}

impl WeakPassword {
    /// Stable message key, translated by the web layer.
    pub fn code(self) -> &'static str {
        match self {
            WeakPassword::TooShort => "password_too_short",
            WeakPassword::TooFewClasses => "password_too_few_classes",
            WeakPassword::TooLong => "password_too_long",
            WeakPassword::TooCommon => "password_too_common",
            WeakPassword::ContainsUsername => "password_contains_username",
        }
    }
}

/// Usernames shorter than this are not looked for inside passwords: a two-letter name such as
/// `li` would refuse countless good passwords while adding nothing a guesser would try first.
const MIN_USERNAME_TO_MATCH: usize = 3;

/// The list shipped in the binary (source and licence in `data/common-passwords.README.md`).
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

fn common_passwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

pub fn is_common(password: &str) -> bool {
    common_passwords().contains(password.to_lowercase().as_str())
}

/// The whole rule for `username`'s new password.
pub fn check_password(password: &str, username: &str) -> Result<(), WeakPassword> {
    check_strength(password)?;
    if is_common(password) {
        return Err(WeakPassword::TooCommon);
    }
    let username = username.trim().to_lowercase();
    if username.chars().count() >= MIN_USERNAME_TO_MATCH
        && password.to_lowercase().contains(&username)
    {
        return Err(WeakPassword::ContainsUsername);
    }
    Ok(())
}

/// Length and character classes only (the first start's admin password, before a username
/// matters).
pub fn check_strength(password: &str) -> Result<(), WeakPassword> {
    let len = password.chars().count();
    if len < 8 {
        return Err(WeakPassword::TooShort);
    }
    if len > 128 {
        return Err(WeakPassword::TooLong);
    }
    let classes = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ];
    if classes.iter().filter(|&&present| present).count() < 3 {
        return Err(WeakPassword::TooFewClasses);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_takes_length_and_three_classes() {
        for (pw, expected) in [
            ("Ab1!", Err(WeakPassword::TooShort)),
            ("abcdefgh", Err(WeakPassword::TooFewClasses)),
            ("abcd1234", Err(WeakPassword::TooFewClasses)),
            ("abcd123!", Ok(())),
            ("Abcd1234", Ok(())),
            ("妇联Abc12345", Ok(())),
        ] {
            assert_eq!(check_strength(pw), expected, "{pw}");
        }
    }

    #[test]
    fn the_shipped_list_holds_ten_thousand_lower_case_entries() {
        assert_eq!(common_passwords().len(), 10_000);
        assert!(common_passwords()
            .iter()
            .all(|p| *p == p.to_lowercase().as_str()));
    }

    #[test]
    fn common_passwords_that_pass_the_class_rule_are_refused_in_any_case() {
        for pw in [
            "Password1",
            "pASSWORD1",
            "Qwerty123",
            "Iloveyou1",
            "1Qaz2wsx",
        ] {
            assert_eq!(check_strength(pw), Ok(()), "{pw} passes the class rule");
            assert_eq!(
                check_password(pw, "chair"),
                Err(WeakPassword::TooCommon),
                "{pw}"
            );
        }
    }

    #[test]
    fn passwords_containing_the_username_are_refused() {
        for (pw, user) in [
            ("Chair#2026pass", "chair"),
            ("x-CHAIR-2026!", "Chair"),
            ("Wang.li#2026", "wang.li"),
        ] {
            assert_eq!(
                check_password(pw, user),
                Err(WeakPassword::ContainsUsername),
                "{pw} / {user}"
            );
        }
        assert_eq!(
            check_password("Climb#2026x", "li"),
            Ok(()),
            "two-letter usernames are not looked for"
        );
        assert_eq!(check_password("Tea#2026pots", "chair"), Ok(()));
    }
}
