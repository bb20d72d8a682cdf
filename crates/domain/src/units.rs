//! Org units keyed by 12-digit statistical division codes (统计用区划代码).
//!
//! The level of a unit is read off its code: a province fills 2 digits, a city 4, a county or
//! district 6, a street or town 9 and a community or village all 12. Its subtree is then every
//! code that starts with its significant prefix, which keeps scope checks a prefix comparison.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a unit code is 12 digits")]
pub struct MalformedUnitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    Province,
    City,
    District,
    Street,
    Community,
}

impl UnitLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::Province => "province",
            UnitLevel::City => "city",
            UnitLevel::District => "district",
            UnitLevel::Street => "street",
            UnitLevel::Community => "community",
        }
    }

    /// How many leading digits of the code identify a unit of this level.
    fn prefix_len(self) -> usize {
        match self {
            UnitLevel::Province => 2,
            UnitLevel::City => 4,
            UnitLevel::District => 6,
            UnitLevel::Street => 9,
            UnitLevel::Community => 12,
        }
    }

    /// The level a unit's parent must have.
    pub fn parent_level(self) -> Option<UnitLevel> {
        match self {
            UnitLevel::Province => None,
            UnitLevel::City => Some(UnitLevel::Province),
            UnitLevel::District => Some(UnitLevel::City),
            UnitLevel::Street => Some(UnitLevel::District),
            UnitLevel::Community => Some(UnitLevel::Street),
        }
    }
}

impl UnitCode {
    /// Accepts exactly 12 ASCII digits, also the 6-digit county or 9-digit street forms padded
    /// with zeros (rosters and the division tables write them short).
    pub fn parse(raw: &str) -> Result<UnitCode, MalformedUnitCode> {
        let s = raw.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MalformedUnitCode);
        }
        let padded = match s.len() {
            12 => s.to_owned(),
            2 | 4 | 6 | 9 => format!("{s:0<12}"),
            _ => return Err(MalformedUnitCode),
        };
        if padded[..2] == *"00" {
            return Err(MalformedUnitCode);
        }
        Ok(UnitCode(padded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> UnitLevel {
        let c = self.0.as_bytes();
        let zeros = |from: usize| c[from..].iter().all(|&b| b == b'0');
        if zeros(2) {
            UnitLevel::Province
        } else if zeros(4) {
            UnitLevel::City
        } else if zeros(6) {
            UnitLevel::District
        } else if zeros(9) {
            UnitLevel::Street
        } else {
            UnitLevel::Community
        }
    }

    /// The leading digits shared by every unit in this unit's subtree.
    pub fn subtree_prefix(&self) -> &str {
        &self.0[..self.level().prefix_len()]
    }

    pub fn contains(&self, other: &UnitCode) -> bool {
        other.0.starts_with(self.subtree_prefix())
    }

    /// The code of the unit one level up, as the division scheme implies it.
    pub fn implied_parent(&self) -> Option<UnitCode> {
        let parent_level = self.level().parent_level()?;
        let keep = parent_level.prefix_len();
        Some(UnitCode(format!("{:0<12}", &self.0[..keep])))
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for UnitCode {
    type Error = MalformedUnitCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        UnitCode::parse(&s)
    }
}

impl From<UnitCode> for String {
    fn from(c: UnitCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).expect("valid code")
    }

    #[test]
    fn levels_are_read_off_the_code() {
        for (raw, level) in [
            ("350000000000", UnitLevel::Province),
            ("350500000000", UnitLevel::City),
            ("350503000000", UnitLevel::District),
            ("350503001000", UnitLevel::Street),
            ("350503001001", UnitLevel::Community),
            ("350503", UnitLevel::District),
            ("350503001", UnitLevel::Street),
        ] {
            assert_eq!(code(raw).level(), level, "{raw}");
        }
    }

    #[test]
    fn malformed_codes_are_refused() {
        for raw in [
            "",
            "35050300100",
            "3505030010011",
            "35050300100x",
            "000000000000",
            "３５",
        ] {
            assert_eq!(UnitCode::parse(raw), Err(MalformedUnitCode), "{raw}");
        }
    }

    #[test]
    fn a_street_contains_its_communities_but_not_the_neighbours() {
        let street = code("350503001000");
        assert!(street.contains(&code("350503001001")));
        assert!(street.contains(&street));
        assert!(!street.contains(&code("350503002001")));
        assert!(code("350503000000").contains(&code("350503002001")));
        assert!(!code("350503001001").contains(&code("350503001002")));
    }

    #[test]
    fn implied_parents_climb_one_level() {
        assert_eq!(
            code("350503001001").implied_parent(),
            Some(code("350503001000"))
        );
        assert_eq!(
            code("350503001000").implied_parent(),
            Some(code("350503000000"))
        );
        assert_eq!(
            code("350503000000").implied_parent(),
            Some(code("350500000000"))
        );
        assert_eq!(code("350000000000").implied_parent(), None);
    }
}
