//! Funds (资金与捐赠): the federation's money as a double-entry ledger in fen. Every movement is
//! a journal entry whose lines sum to zero; amounts are whole fen (`i64`), parsed from yuan
//! as decimal text, never through a float; a receipt states its amount in figures and in the
//! Chinese capitals of financial writing (大写金额: 壹拾万元整).

codes!(
    /// What a fund account is for.
    AccountKind {
        // General donations (非定向捐赠).
        General = "general",
        // A fundraising campaign's account (抗震救灾).
        Campaign = "campaign",
        // A special fund (专项基金: 春蕾助学).
        Special = "special",
        // A relief budget the care programs pay from (救助资金).
        Relief = "relief",
    }
);

codes!(
    /// Who money comes from or goes to outside the federation's accounts.
    PartyKind {
        // An enterprise (donor).
        Enterprise = "enterprise",
        // An association, such as the women entrepreneurs' association (donor).
        Association = "association",
        // A named individual (donor).
        Individual = "individual",
        // A donor who gave no name.
        Anonymous = "anonymous",
        // A government department (civil affairs).
        Department = "department",
        // Another organization (the Red Cross, the charity federation).
        Organization = "organization",
    }
);

codes!(
    /// What a journal entry records.
    EntryKind {
        // Money or goods received (its receipt numbered).
        Donation = "donation",
        // Money handed to another organization.
        Transfer = "transfer",
        // Money moved between the federation's own accounts (general → 春蕾).
        Allocation = "allocation",
        // A payment to a person: a relief cycle's cash benefit.
        Payment = "payment",
        // The reversal of an earlier entry (its lines negated).
        Reversal = "reversal",
    }
);

impl PartyKind {
    /// The kinds a donor may be.
    pub const DONORS: [PartyKind; 4] = [
        PartyKind::Enterprise,
        PartyKind::Association,
        PartyKind::Individual,
        PartyKind::Anonymous,
    ];
    /// The kinds a recipient of a transfer may be.
    pub const RECIPIENTS: [PartyKind; 2] = [PartyKind::Department, PartyKind::Organization];
}

/// The largest amount of one entry: 10^13 fen (one hundred billion yuan).
pub const MAX_AMOUNT_FEN: i64 = 10_000_000_000_000;

/// Why an amount is refused (its code is the error's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number of yuan (`12.3.4`, `十元`, empty).
    Invalid,
    /// More than two decimals: a fraction of a fen.
    FractionOfFen,
    /// Zero or negative.
    NotPositive,
    /// Above 10^13 fen.
    TooLarge,
}

impl AmountError {
    pub fn code(self) -> &'static str {
        match self {
            AmountError::Invalid => "amount_invalid",
            AmountError::FractionOfFen => "amount_fraction_of_fen",
            AmountError::NotPositive => "amount_not_positive",
            AmountError::TooLarge => "amount_too_large",
        }
    }
}

/// An amount of one entry: more than zero, at most 10^13 fen.
pub fn check_fen(fen: i64) -> Result<i64, AmountError> {
    if fen <= 0 {
        Err(AmountError::NotPositive)
    } else if fen > MAX_AMOUNT_FEN {
        Err(AmountError::TooLarge)
    } else {
        Ok(fen)
    }
}

/// Yuan as a form types them (`1234.56`, `100000`, `1,000.5`, `￥8.00`) into fen, digit by digit:
/// no float ever holds the amount.
pub fn parse_yuan(text: &str) -> Result<i64, AmountError> {
    let t = text
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim()
        .replace([',', '，'], "");
    if t.starts_with('-') {
        return Err(AmountError::NotPositive);
    }
    let (whole, fraction) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t.as_str(), ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
        return Err(AmountError::Invalid);
    }
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > 2 {
        return Err(AmountError::FractionOfFen);
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > 12 {
        return Err(AmountError::TooLarge);
    }
    let yuan: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| AmountError::Invalid)?
    };
    let mut cents = 0;
    for (i, b) in fraction.bytes().enumerate() {
        cents += i64::from(b - b'0') * if i == 0 { 10 } else { 1 };
    }
    check_fen(yuan * 100 + cents)
}

/// Fen as yuan in figures, with thousands separators: `1,234.56`.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped}.{:02}", abs % 100)
}

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// One group of four digits (0–9999) in capitals, zeros inside it read once (壹仟零壹).
fn group_capitals(n: u64, out: &mut String) {
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = ["仟", "佰", "拾", ""];
    let mut started = false;
    let mut zero = false;
    for (d, unit) in digits.into_iter().zip(units) {
        if d == 0 {
            zero |= started;
        } else {
            if zero {
                out.push('零');
                zero = false;
            }
            out.push(DIGITS[d as usize]);
            out.push_str(unit);
            started = true;
        }
    }
}

/// An amount in the Chinese capitals of financial writing (大写金额), as a receipt states it:
/// 0 → 零元整, 10 yuan → 壹拾元整, 100,000 → 壹拾万元整, 1,234.56 → 壹仟贰佰叁拾肆元伍角陆分,
/// 1,001.05 → 壹仟零壹元零伍分. A negative amount is written after 负.
pub fn capitals(fen: i64) -> String {
    let mut out = String::new();
    if fen < 0 {
        out.push('负');
    }
    let abs = fen.unsigned_abs();
    let yuan = abs / 100;
    let (jiao, fen) = (abs / 10 % 10, abs % 10);
    let mut integer = String::new();
    let mut pending_zero = false;
    let groups = [
        (yuan / 1_0000_0000_0000, "万亿"),
        (yuan / 1_0000_0000 % 1_0000, "亿"),
        (yuan / 1_0000 % 1_0000, "万"),
        (yuan % 1_0000, ""),
    ];
    for (g, big) in groups {
        if g == 0 {
            pending_zero |= !integer.is_empty();
            continue;
        }
        if !integer.is_empty() && (pending_zero || g < 1000) {
            integer.push('零');
        }
        pending_zero = false;
        group_capitals(g, &mut integer);
        integer.push_str(big);
    }
    if yuan > 0 {
        out.push_str(&integer);
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) => {
            if yuan == 0 {
                out.push_str("零元");
            }
            out.push('整');
        }
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f as usize]);
            out.push('分');
        }
        (j, 0) => {
            out.push(DIGITS[j as usize]);
            out.push('角');
        }
        (j, f) => {
            out.push(DIGITS[j as usize]);
            out.push('角');
            out.push(DIGITS[f as usize]);
            out.push('分');
        }
    }
    out
}

/// Whether an entry's lines sum to zero (an overflowing sum is not zero).
pub fn balanced(lines: &[i64]) -> bool {
    let mut sum: i64 = 0;
    for l in lines {
        match sum.checked_add(*l) {
            Some(s) => sum = s,
            None => return false,
        }
    }
    !lines.is_empty() && sum == 0
}

/// A receipt's number: the year and its sequence, `2026-000123`.
pub fn receipt_number(year: i32, seq: i64) -> String {
    format!("{year}-{seq:06}")
}

/// How a donor appears on a public list: her name if she chose to be named, else 爱心人士.
pub fn public_donor_name(name: &str, show_name: bool, kind: PartyKind) -> &str {
    if show_name && kind != PartyKind::Anonymous && !name.trim().is_empty() {
        name
    } else {
        ANONYMOUS_DONOR
    }
}

/// The name an unnamed donor is shown by.
pub const ANONYMOUS_DONOR: &str = "爱心人士";

/// The street a unit code belongs to (its first nine digits), for reports per street; the
/// district itself stays itself.
pub fn street_of(unit_code: &str) -> String {
    if unit_code.len() == 12 && &unit_code[6..9] != "000" {
        format!("{}000", &unit_code[..9])
    } else {
        unit_code.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_in_capitals() {
        for (fen, words) in [
            (0, "零元整"),
            (1000, "壹拾元整"),
            (10_000_000, "壹拾万元整"),
            (123_456, "壹仟贰佰叁拾肆元伍角陆分"),
            (100_105, "壹仟零壹元零伍分"),
            (100_000, "壹仟元整"),
            (100_050, "壹仟元伍角"),
            (5, "伍分"),
            (56, "伍角陆分"),
            (1_040_000_000, "壹仟零肆拾万元整"),
            (10_400_000, "壹拾万肆仟元整"),
            (1_000_100, "壹万零壹元整"),
            (10_010_000, "壹拾万零壹佰元整"),
            (1_100_000, "壹万壹仟元整"),
            (10_000_000_000, "壹亿元整"),
            (10_000_000_100, "壹亿零壹元整"),
            (10_010_000_000, "壹亿零壹拾万元整"),
            (
                123_456_789_012,
                "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分",
            ),
            (MAX_AMOUNT_FEN, "壹仟亿元整"),
            (-1000, "负壹拾元整"),
        ] {
            assert_eq!(capitals(fen), words, "{fen} fen");
        }
    }

    #[test]
    fn yuan_are_parsed_into_whole_fen_or_refused_by_name() {
        for (text, fen) in [
            ("100000", Ok(10_000_000)),
            ("1234.56", Ok(123_456)),
            ("1,234.5", Ok(123_450)),
            ("￥8.00", Ok(800)),
            (" 0.01 ", Ok(1)),
            ("1.230", Ok(123)),
            ("100000000000", Ok(MAX_AMOUNT_FEN)),
            ("100000000000.01", Err(AmountError::TooLarge)),
            ("9999999999999999999999", Err(AmountError::TooLarge)),
            ("0", Err(AmountError::NotPositive)),
            ("-5", Err(AmountError::NotPositive)),
            ("1.005", Err(AmountError::FractionOfFen)),
            ("12.3.4", Err(AmountError::Invalid)),
            ("十元", Err(AmountError::Invalid)),
            ("", Err(AmountError::Invalid)),
            ("1e5", Err(AmountError::Invalid)),
        ] {
            assert_eq!(parse_yuan(text), fen, "{text:?}");
        }
    }

    #[test]
    fn an_entry_balances_when_its_lines_sum_to_zero() {
        assert!(balanced(&[100, -60, -40]));
        assert!(!balanced(&[100, -60]));
        assert!(!balanced(&[]));
        assert!(!balanced(&[i64::MAX, 1, i64::MIN]));
    }

    #[test]
    fn figures_and_names_as_receipts_and_lists_show_them() {
        assert_eq!(format_yuan(1_040_000_000), "10,400,000.00");
        assert_eq!(format_yuan(5), "0.05");
        assert_eq!(receipt_number(2026, 7), "2026-000007");
        assert_eq!(
            public_donor_name("王女士", false, PartyKind::Individual),
            "爱心人士"
        );
        assert_eq!(
            public_donor_name("王女士", true, PartyKind::Individual),
            "王女士"
        );
        assert_eq!(
            public_donor_name("x", true, PartyKind::Anonymous),
            "爱心人士"
        );
        assert_eq!(street_of("350503001002"), "350503001000");
        assert_eq!(street_of("350503000000"), "350503000000");
    }
}
