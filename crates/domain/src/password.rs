//! The password rule of DESIGN.md §5: at least 8 characters from at least 3 of the classes
//! lower-case, upper-case, digit and symbol.

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
}

impl WeakPassword {
    /// Stable message key, translated by the web layer.
    pub fn code(self) -> &'static str {
        match self {
            WeakPassword::TooShort => "password_too_short",
            WeakPassword::TooFewClasses => "password_too_few_classes",
            WeakPassword::TooLong => "password_too_long",
        }
    }
}

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
}
