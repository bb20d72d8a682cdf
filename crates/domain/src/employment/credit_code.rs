//! 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, Z, S,
//! V), the last a check character over the first 17 (weights 3^i mod 31).

use crate::identity::normalize_digits;
use std::fmt;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("a credit code has 18 characters")]
    WrongLength,
    #[error("a credit code uses digits and capital letters other than I, O, Z, S, V")]
    BadCharacter,
    #[error("the check character does not match")]
    CheckMismatch,
    /// Excel turned an all-digit code into a number (`9.14403E+17`).
    #[error("the cell was turned into a number by Excel")]
    ExcelMangled,
}

impl CreditCodeError {
    /// The stable code of this error (its message key).
    pub fn code(self) -> &'static str {
        match self {
            CreditCodeError::WrongLength => "credit_code_length",
            CreditCodeError::BadCharacter => "credit_code_character",
            CreditCodeError::CheckMismatch => "credit_code_check",
            CreditCodeError::ExcelMangled => "credit_code_excel_number",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreditCode(String);

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character of the first 17 characters (all from the alphabet).
fn check_char(first17: &[u8]) -> Option<u8> {
    let mut sum = 0;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value_of(*c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(ALPHABET[check as usize])
}

impl CreditCode {
    /// Reads a code as people type or paste it: full-width characters, spaces, dashes and lower
    /// case are normalized before checking.
    pub fn parse(raw: &str) -> Result<CreditCode, CreditCodeError> {
        let trimmed = raw.trim();
        if looks_like_excel_number(trimmed) {
            return Err(CreditCodeError::ExcelMangled);
        }
        let code: String = normalize_digits(trimmed)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(half_width_upper)
            .collect();
        if code.chars().count() != 18 {
            return Err(CreditCodeError::WrongLength);
        }
        let bytes = code.as_bytes();
        if bytes.iter().any(|&b| value_of(b).is_none()) {
            return Err(CreditCodeError::BadCharacter);
        }
        if check_char(&bytes[..17]) != Some(bytes[17]) {
            return Err(CreditCodeError::CheckMismatch);
        }
        Ok(CreditCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The administrative division of the registering authority (characters 3–8).
    pub fn division(&self) -> &str {
        &self.0[2..8]
    }

    /// The 17 given characters completed with their check character (test data, generators).
    pub fn complete(first17: &str) -> Option<CreditCode> {
        let bytes = first17.as_bytes();
        if bytes.len() != 17 {
            return None;
        }
        let check = check_char(bytes)?;
        Some(CreditCode(format!("{first17}{}", check as char)))
    }
}

/// Full-width letters (Ａ, ｘ) as ASCII capitals.
fn half_width_upper(c: char) -> char {
    match c {
        'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).map_or(c, |a| a.to_ascii_uppercase())
        }
        other => other.to_ascii_uppercase(),
    }
}

fn looks_like_excel_number(s: &str) -> bool {
    let upper = s.to_ascii_uppercase();
    upper.contains("E+") && upper.chars().next().is_some_and(|c| c.is_ascii_digit())
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_of_real_enterprises_pass() {
        // Codes printed on business licences (Huawei, Tencent, Alibaba China).
        for code in [
            "914403001922038216",
            "9144030071526726XG",
            "91330100716105852F",
        ] {
            assert!(CreditCode::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn typing_variants_are_normalized() {
        let c = CreditCode::parse(" 9144030071526726xg ").expect("valid");
        assert_eq!(c.as_str(), "9144030071526726XG");
        let full_width = "９１４４０３００１９２２０３８２１６";
        assert_eq!(
            CreditCode::parse(full_width).expect("valid").as_str(),
            "914403001922038216"
        );
        assert_eq!(c.division(), "440300");
    }

    #[test]
    fn each_kind_of_error_is_named() {
        assert_eq!(
            CreditCode::parse("91440300192203821"),
            Err(CreditCodeError::WrongLength)
        );
        assert_eq!(
            CreditCode::parse("914403001922038217"),
            Err(CreditCodeError::CheckMismatch)
        );
        assert_eq!(
            CreditCode::parse("91440300I92203821X"),
            Err(CreditCodeError::BadCharacter)
        );
        assert_eq!(
            CreditCode::parse("9.14403E+17"),
            Err(CreditCodeError::ExcelMangled)
        );
    }

    #[test]
    fn completing_seventeen_characters_gives_a_valid_code() {
        let c = CreditCode::complete("91350503MA2XY0K3A").expect("valid");
        assert!(CreditCode::parse(c.as_str()).is_ok());
    }
}
