//! Chinese identity documents and contact numbers, one set of rules for forms, API and imports.
//!
//! - Resident ID numbers (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character,
//!   a valid province prefix and a real birth date; 15-digit legacy numbers are converted.
//!   Full-width digits, spaces and a lower-case x are normalized; numbers Excel has turned into
//!   floating point (`3.50503E+17`) are refused with a way to fix the sheet.
//! - Mobile numbers `1[3-9]` + 9 digits (country prefixes and separators stripped) and
//!   landlines `0595-22345678`.

use crate::dates::CivilDate;
use std::fmt;

/// Province prefixes of ID numbers (the provincial division codes, plus Taiwan, Hong Kong and
/// Macao as used on residence permits). Abolished lower divisions stay valid inside old numbers,
/// so only the province is checked.
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("the ID number is empty")]
    Empty,
    #[error("Excel turned the ID number into a number (like 3.50503E+17); format the column as text and type the numbers again")]
    ExcelMangled,
    #[error("an ID number has 18 characters (17 digits and a digit or X), or 15 digits")]
    BadLength,
    #[error("the ID number contains characters other than digits and a final X")]
    BadCharacters,
    #[error("the ID number's first two digits are not a province")]
    UnknownProvince,
    #[error("the birth date inside the ID number does not exist")]
    ImpossibleBirthDate,
    #[error("the birth date inside the ID number is in the future")]
    FutureBirthDate,
    #[error("the ID number's check character is wrong (a digit is mistyped)")]
    BadCheckCharacter,
}

impl IdNumberError {
    pub fn code(self) -> &'static str {
        match self {
            IdNumberError::Empty => "id_number_missing",
            IdNumberError::ExcelMangled => "id_number_excel_mangled",
            IdNumberError::BadLength => "id_number_bad_length",
            IdNumberError::BadCharacters => "id_number_bad_characters",
            IdNumberError::UnknownProvince => "id_number_unknown_province",
            IdNumberError::ImpossibleBirthDate => "id_number_impossible_birth_date",
            IdNumberError::FutureBirthDate => "id_number_future_birth_date",
            IdNumberError::BadCheckCharacter => "id_number_bad_check_character",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }

    /// Reads `female`/`male`, `F`/`M` and the Chinese 女/男.
    pub fn parse(raw: &str) -> Option<Sex> {
        match raw.trim().to_lowercase().as_str() {
            "female" | "f" | "女" | "女性" => Some(Sex::Female),
            "male" | "m" | "男" | "男性" => Some(Sex::Male),
            _ => None,
        }
    }
}

/// A valid 18-character resident ID number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print a whole ID number into logs.
        write!(f, "IdNumber({})", self.masked())
    }
}

/// Full-width digits and letters to ASCII, whitespace and an Excel text apostrophe removed.
pub fn normalize_digits(raw: &str) -> String {
    raw.trim()
        .trim_start_matches(['\'', '‘', '’'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            'Ｘ' | 'ｘ' | 'x' => 'X',
            '－' | '—' | '–' => '-',
            '＋' => '+',
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect()
}

fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

impl IdNumber {
    /// Validates and normalizes an ID number as typed or imported; `today` bounds the birth date.
    pub fn parse(raw: &str, today: CivilDate) -> Result<IdNumber, IdNumberError> {
        let s = normalize_digits(raw);
        if s.is_empty() {
            return Err(IdNumberError::Empty);
        }
        if s.contains(['E', 'e']) && s.contains('+') || s.contains('.') {
            return Err(IdNumberError::ExcelMangled);
        }
        let bytes = s.as_bytes();
        let full = match bytes.len() {
            18 => {
                if !bytes[..17].iter().all(u8::is_ascii_digit)
                    || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
                {
                    return Err(IdNumberError::BadCharacters);
                }
                s
            }
            15 => {
                if !bytes.iter().all(u8::is_ascii_digit) {
                    return Err(IdNumberError::BadCharacters);
                }
                let mut first17 = format!("{}19{}", &s[..6], &s[6..]).into_bytes();
                let check = check_char(&first17);
                first17.push(check);
                String::from_utf8(first17).map_err(|_| IdNumberError::BadCharacters)?
            }
            _ if s.bytes().all(|b| b.is_ascii_digit() || b == b'X') => {
                return Err(IdNumberError::BadLength)
            }
            _ => return Err(IdNumberError::BadCharacters),
        };
        let b = full.as_bytes();
        let province = (b[0] - b'0') * 10 + (b[1] - b'0');
        if !PROVINCES.contains(&province) {
            return Err(IdNumberError::UnknownProvince);
        }
        let birth = birth_date_of(&full).ok_or(IdNumberError::ImpossibleBirthDate)?;
        if birth > today {
            return Err(IdNumberError::FutureBirthDate);
        }
        if check_char(&b[..17]) != b[17] {
            return Err(IdNumberError::BadCheckCharacter);
        }
        Ok(IdNumber(full))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> CivilDate {
        birth_date_of(&self.0).unwrap_or(CivilDate {
            year: 1900,
            month: 1,
            day: 1,
        })
    }

    /// The 17th character is odd for men, even for women.
    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// `350503**********3X`: see [`mask_id_number`].
    pub fn masked(&self) -> String {
        mask_id_number(&self.0)
    }

    /// The last `n` characters (search by the last 4–6 characters of an ID number).
    pub fn tail(&self, n: usize) -> &str {
        &self.0[18 - n.min(18)..]
    }
}

/// The one ID-number mask of every list, page, API response, check-in and export that is not
/// the audited reveal: the division (6 characters) and the last 2 kept, `350503**********3X`.
///
/// Why 2: a viewer also knows the division (from the unit), the birth year (shown instead of the
/// birth date) and the sex. Unknown are then the birth day (365) and the two sequence digits
/// before the kept ones (100); the check character cuts that by 11, leaving about 3,300
/// candidates. Keeping the last 4 left about 33 (365 / 11) — a full number by enumeration.
///
/// Takes a full number or a mask stored by an older version (`350503********123X`), so masks
/// written before this rule are cut down the same way when shown.
pub fn mask_id_number(number_or_mask: &str) -> String {
    let chars: Vec<char> = number_or_mask.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

/// The birth date inside a full (normalized, 18-character) ID number: where the exact date of a
/// stored person is read from, since only her birth year is stored beside the sealed number.
pub fn birth_date_of(full: &str) -> Option<CivilDate> {
    let num = |r: std::ops::Range<usize>| full.get(r)?.parse::<u32>().ok();
    let date = CivilDate::new(num(6..10)? as i32, num(10..12)?, num(12..14)?)?;
    (date.year >= 1900).then_some(date)
}

/// Builds a valid ID number from its first 17 digits (synthetic data and tests).
pub fn with_check_char(first17: &str) -> Option<String> {
    let b = first17.as_bytes();
    (b.len() == 17 && b.iter().all(u8::is_ascii_digit))
        .then(|| format!("{first17}{}", check_char(b) as char))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("a phone number is a mobile number (11 digits starting 13–19) or a landline like 0595-22345678")]
    Invalid,
}

impl PhoneError {
    pub fn code(self) -> &'static str {
        "phone_invalid"
    }
}

/// A normalized phone number: `13812345678` or `0595-22345678`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl Phone {
    pub fn parse(raw: &str) -> Result<Phone, PhoneError> {
        let s: String = normalize_digits(raw)
            .chars()
            .filter(|c| !matches!(c, '-' | '(' | ')' | '.'))
            .collect();
        let s = s
            .strip_prefix("+86")
            .or_else(|| s.strip_prefix("0086"))
            .unwrap_or(&s);
        let s = if s.len() == 13 && s.starts_with("861") {
            &s[2..]
        } else {
            s
        };
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneError::Invalid);
        }
        let b = s.as_bytes();
        if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
            return Ok(Phone(s.to_owned()));
        }
        if b.first() == Some(&b'0') {
            // Beijing 010 and the 02x cities have 3-digit area codes, the rest 4.
            let area_len = if b.get(1) == Some(&b'1') || b.get(1) == Some(&b'2') {
                3
            } else {
                4
            };
            let local = b.len().saturating_sub(area_len);
            if (7..=8).contains(&local) && b.get(1) != Some(&b'0') {
                return Ok(Phone(format!("{}-{}", &s[..area_len], &s[area_len..])));
            }
        }
        Err(PhoneError::Invalid)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_mobile(&self) -> bool {
        !self.0.starts_with('0')
    }

    /// `138****5678`, or `0595-****5678` for a landline.
    pub fn masked(&self) -> String {
        let keep_tail = &self.0[self.0.len() - 4..];
        if self.is_mobile() {
            format!("{}****{keep_tail}", &self.0[..3])
        } else {
            let area = self.0.split('-').next().unwrap_or("");
            format!("{area}-****{keep_tail}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: CivilDate = CivilDate {
        year: 2026,
        month: 11,
        day: 29,
    };

    fn parse(raw: &str) -> Result<IdNumber, IdNumberError> {
        IdNumber::parse(raw, TODAY)
    }

    #[test]
    fn valid_numbers_give_birth_date_and_sex() {
        let id = parse("11010519491231002X").expect("valid");
        assert_eq!(
            id.birth_date(),
            CivilDate {
                year: 1949,
                month: 12,
                day: 31
            }
        );
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.masked(), "110105**********2X");
        assert_eq!(id.tail(6), "31002X");
        let man = parse(&with_check_char("35050319900307001").expect("17 digits")).expect("valid");
        assert_eq!(man.sex(), Sex::Male);
    }

    #[test]
    fn typing_variants_normalize_to_the_same_number() {
        for raw in [
            "11010519491231002x",
            " 110105 1949 1231 002X ",
            "１１０１０５１９４９１２３１００２Ｘ",
            "'11010519491231002X",
        ] {
            assert_eq!(
                parse(raw).map(|i| i.0),
                Ok("11010519491231002X".to_owned()),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn fifteen_digit_numbers_become_eighteen() {
        // 15-digit: 6 division, 6 birth (yymmdd), 3 sequence.
        let id = parse("350503900307001").expect("valid");
        assert_eq!(id.as_str().len(), 18);
        assert_eq!(&id.as_str()[..17], "35050319900307001");
        assert_eq!(id.sex(), Sex::Male);
    }

    #[test]
    fn each_kind_of_bad_number_has_its_own_reason() {
        for (raw, error) in [
            ("", IdNumberError::Empty),
            ("3.50503E+17", IdNumberError::ExcelMangled),
            ("3.50503199003070E+17", IdNumberError::ExcelMangled),
            ("350503199003070", IdNumberError::ImpossibleBirthDate),
            ("3505031990030700", IdNumberError::BadLength),
            ("35050319900307001A", IdNumberError::BadCharacters),
            ("99050319900307001X", IdNumberError::UnknownProvince),
            ("350503199002300019", IdNumberError::ImpossibleBirthDate),
            ("350503203001010012", IdNumberError::FutureBirthDate),
            ("110105194912310021", IdNumberError::BadCheckCharacter),
        ] {
            assert_eq!(parse(raw), Err(error), "{raw:?}");
        }
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        let leap = with_check_char("35050320000229002").expect("17");
        assert!(parse(&leap).is_ok());
        let not_leap = with_check_char("35050319000229002").expect("17");
        assert_eq!(parse(&not_leap), Err(IdNumberError::ImpossibleBirthDate));
    }

    #[test]
    fn phones_normalize_and_mask() {
        for (raw, normalized, masked) in [
            ("13812345678", "13812345678", "138****5678"),
            ("+86 138-1234-5678", "13812345678", "138****5678"),
            ("0086 13812345678", "13812345678", "138****5678"),
            ("8613812345678", "13812345678", "138****5678"),
            ("１３８１２３４５６７８", "13812345678", "138****5678"),
            ("0595-22345678", "0595-22345678", "0595-****5678"),
            ("(0595)2234567", "0595-2234567", "0595-****4567"),
            ("010-62345678", "010-62345678", "010-****5678"),
        ] {
            let phone = Phone::parse(raw).expect(raw);
            assert_eq!(
                (phone.as_str(), phone.masked().as_str()),
                (normalized, masked),
                "{raw}"
            );
        }
        for bad in [
            "12812345678",
            "1381234567",
            "138123456789",
            "0595-123",
            "abc",
            "00595-22345678",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sex_reads_chinese_and_english() {
        assert_eq!(Sex::parse("女"), Some(Sex::Female));
        assert_eq!(Sex::parse("Male"), Some(Sex::Male));
        assert_eq!(Sex::parse("?"), None);
    }

    #[test]
    fn an_id_mask_keeps_the_division_and_the_last_two_also_of_masks_stored_before() {
        assert_eq!(mask_id_number("35050319900307002X"), "350503**********2X");
        assert_eq!(mask_id_number("350503********002X"), "350503**********2X");
        assert_eq!(mask_id_number("123"), "***");
    }
}
