//! National code lists of a person's record: 民族 (GB/T 3304-1991), 学历/文化程度
//! (GB/T 4658-2006) and 婚姻状况 (GB/T 2261.2-2003). Stored as the code, shown as the name; read
//! from the code, the name or the words rosters commonly use.

/// One entry of a code list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NationalCode {
    pub code: &'static str,
    pub name: &'static str,
    /// Other ways rosters write it (汉 for 汉族, 本科 for 大学本科).
    pub variants: &'static [&'static str],
}

impl NationalCode {
    pub fn as_str(&self) -> &'static str {
        self.code
    }
}

/// A closed list of national codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeList {
    /// The field it fills (`ethnicity`, `education`, `marital_status`).
    pub field: &'static str,
    /// The standard it comes from.
    pub standard: &'static str,
    pub all: &'static [NationalCode],
    /// Two-digit codes of a finer level that stand for their class (GB/T 4658: 21 大学本科毕业
    /// is 20 大学本科): the class is the code with its last digit set to 0.
    pub classes_by_tens: bool,
    /// Names that may drop a suffix (汉 for 汉族).
    pub suffix: &'static str,
}

fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // Full-width digits, as some rosters type them.
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect()
}

impl CodeList {
    /// The entry of a code, a name or a variant; `None` for anything else.
    pub fn parse(&self, text: &str) -> Option<&'static NationalCode> {
        let text = normalize(text);
        if text.is_empty() {
            return None;
        }
        if text.chars().all(|c| c.is_ascii_digit()) {
            // Excel drops the leading zero of 01.
            let code = format!("{text:0>2}");
            if let Some(found) = self.all.iter().find(|e| e.code == code) {
                return Some(found);
            }
            if self.classes_by_tens && code.len() == 2 {
                let class = format!("{}0", &code[..1]);
                return self.all.iter().find(|e| e.code == class);
            }
            return None;
        }
        self.all.iter().find(|e| {
            e.name == text
                || e.variants.contains(&text.as_str())
                || (!self.suffix.is_empty() && format!("{text}{}", self.suffix) == e.name)
        })
    }

    /// The name of a stored value: the list's name for a code (or a name) it knows, the value as
    /// it was stored otherwise (records written before the list).
    pub fn display(&self, stored: &str) -> String {
        self.parse(stored)
            .map(|e| e.name.to_owned())
            .unwrap_or_else(|| stored.to_owned())
    }

    /// The code of a stored value it knows, the value as it was stored otherwise.
    pub fn code_of(&self, stored: &str) -> String {
        self.parse(stored)
            .map(|e| e.code.to_owned())
            .unwrap_or_else(|| stored.to_owned())
    }
}

const fn e(
    code: &'static str,
    name: &'static str,
    variants: &'static [&'static str],
) -> NationalCode {
    NationalCode {
        code,
        name,
        variants,
    }
}

/// 民族: GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码 — the 56 ethnic groups, 97 其他
/// (未识别民族) and 98 外国血统中国籍人士. 穿青人, an unrecognized group written on the ID cards
/// of Guizhou, has no code of its own in the standard: it is read as 97.
pub const ETHNICITY: CodeList = CodeList {
    field: "ethnicity",
    standard: "GB/T 3304-1991",
    classes_by_tens: false,
    suffix: "族",
    all: &[
        e("01", "汉族", &[]),
        e("02", "蒙古族", &["蒙族"]),
        e("03", "回族", &[]),
        e("04", "藏族", &[]),
        e("05", "维吾尔族", &["维族"]),
        e("06", "苗族", &[]),
        e("07", "彝族", &[]),
        e("08", "壮族", &[]),
        e("09", "布依族", &[]),
        e("10", "朝鲜族", &[]),
        e("11", "满族", &[]),
        e("12", "侗族", &[]),
        e("13", "瑶族", &[]),
        e("14", "白族", &[]),
        e("15", "土家族", &[]),
        e("16", "哈尼族", &[]),
        e("17", "哈萨克族", &[]),
        e("18", "傣族", &[]),
        e("19", "黎族", &[]),
        e("20", "傈僳族", &[]),
        e("21", "佤族", &[]),
        e("22", "畲族", &[]),
        e("23", "高山族", &[]),
        e("24", "拉祜族", &[]),
        e("25", "水族", &[]),
        e("26", "东乡族", &[]),
        e("27", "纳西族", &[]),
        e("28", "景颇族", &[]),
        e("29", "柯尔克孜族", &[]),
        e("30", "土族", &[]),
        e("31", "达斡尔族", &[]),
        e("32", "仫佬族", &[]),
        e("33", "羌族", &[]),
        e("34", "布朗族", &[]),
        e("35", "撒拉族", &[]),
        e("36", "毛南族", &["毛难族"]),
        e("37", "仡佬族", &[]),
        e("38", "锡伯族", &[]),
        e("39", "阿昌族", &[]),
        e("40", "普米族", &[]),
        e("41", "塔吉克族", &[]),
        e("42", "怒族", &[]),
        e("43", "乌孜别克族", &[]),
        e("44", "俄罗斯族", &[]),
        e("45", "鄂温克族", &[]),
        e("46", "德昂族", &["崩龙族"]),
        e("47", "保安族", &[]),
        e("48", "裕固族", &[]),
        e("49", "京族", &[]),
        e("50", "塔塔尔族", &[]),
        e("51", "独龙族", &[]),
        e("52", "鄂伦春族", &[]),
        e("53", "赫哲族", &[]),
        e("54", "门巴族", &[]),
        e("55", "珞巴族", &[]),
        e("56", "基诺族", &[]),
        e(
            "97",
            "其他",
            &["其它", "未识别民族", "其他未识别民族", "穿青人"],
        ),
        e("98", "外国血统中国籍人士", &["外国血统", "外国人入中国籍"]),
    ],
};

/// 学历 (文化程度): GB/T 4658-2006 学历代码, its classes; a finer code (21 大学本科毕业) is read
/// as its class (20).
pub const EDUCATION: CodeList = CodeList {
    field: "education",
    standard: "GB/T 4658-2006",
    classes_by_tens: true,
    suffix: "",
    all: &[
        e(
            "10",
            "研究生",
            &[
                "研究生教育",
                "博士",
                "硕士",
                "博士研究生",
                "硕士研究生",
                "研究生毕业",
            ],
        ),
        e(
            "20",
            "大学本科",
            &["大学本科教育", "本科", "大学", "本科毕业", "大学本科毕业"],
        ),
        e(
            "30",
            "大学专科",
            &[
                "大学专科教育",
                "大专",
                "专科",
                "高职",
                "大专毕业",
                "大学专科毕业",
            ],
        ),
        e(
            "40",
            "中等职业教育",
            &[
                "中专",
                "中等专科",
                "职高",
                "职业高中",
                "技校",
                "技工学校",
                "中职",
                "中专毕业",
            ],
        ),
        e(
            "60",
            "普通高中",
            &["普通高级中学教育", "高中", "高中毕业", "普通高中毕业"],
        ),
        e("70", "初中", &["初级中学教育", "初中毕业", "初级中学"]),
        e("80", "小学", &["小学教育", "小学毕业"]),
        e(
            "90",
            "其他",
            &["其它", "文盲", "半文盲", "不识字", "文盲或半文盲"],
        ),
    ],
};

/// 婚姻状况: GB/T 2261.2-2003.
pub const MARITAL_STATUS: CodeList = CodeList {
    field: "marital_status",
    standard: "GB/T 2261.2-2003",
    classes_by_tens: false,
    suffix: "",
    all: &[
        e("10", "未婚", &[]),
        e("20", "已婚", &["在婚", "有配偶"]),
        e("21", "初婚", &[]),
        e("22", "再婚", &[]),
        e("23", "复婚", &[]),
        e("30", "丧偶", &[]),
        e("40", "离婚", &["离异"]),
        e("90", "未说明的婚姻状况", &["未说明", "不详"]),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_read_from_its_code_its_name_or_a_common_variant() {
        for (list, text, code) in [
            (&ETHNICITY, "01", "01"),
            (&ETHNICITY, "1", "01"),
            (&ETHNICITY, "汉族", "01"),
            (&ETHNICITY, "汉", "01"),
            (&ETHNICITY, " 回 族 ", "03"),
            (&ETHNICITY, "维吾尔", "05"),
            (&ETHNICITY, "崩龙族", "46"),
            (&ETHNICITY, "穿青人", "97"),
            (&ETHNICITY, "98", "98"),
            (&EDUCATION, "大学本科", "20"),
            (&EDUCATION, "本科", "20"),
            (&EDUCATION, "21", "20"),
            (&EDUCATION, "大专", "30"),
            (&EDUCATION, "专科", "30"),
            (&EDUCATION, "高中", "60"),
            (&EDUCATION, "９０", "90"),
            (&MARITAL_STATUS, "已婚", "20"),
            (&MARITAL_STATUS, "22", "22"),
            (&MARITAL_STATUS, "离异", "40"),
        ] {
            assert_eq!(list.parse(text).map(|e| e.code), Some(code), "{text}");
        }
        for (list, text) in [
            (&ETHNICITY, "火星族"),
            (&ETHNICITY, "57"),
            (&ETHNICITY, ""),
            (&EDUCATION, "50"),
            (&EDUCATION, "幼儿园"),
            (&MARITAL_STATUS, "11"),
            (&MARITAL_STATUS, "同居"),
        ] {
            assert_eq!(list.parse(text), None, "{text}");
        }
    }

    #[test]
    fn the_lists_hold_what_the_standards_list() {
        assert_eq!(ETHNICITY.all.len(), 58, "56 groups, 其他 and 外国血统");
        let codes: Vec<&str> = ETHNICITY.all.iter().map(|e| e.code).collect();
        let expected: Vec<String> = (1..=56)
            .map(|n| format!("{n:02}"))
            .chain(["97".into(), "98".into()])
            .collect();
        assert_eq!(codes, expected);
        let marital: Vec<&str> = MARITAL_STATUS.all.iter().map(|e| e.code).collect();
        assert_eq!(marital, ["10", "20", "21", "22", "23", "30", "40", "90"]);
        for list in [&ETHNICITY, &EDUCATION, &MARITAL_STATUS] {
            for entry in list.all {
                assert_eq!(list.parse(entry.code), Some(entry), "{}", entry.code);
                assert_eq!(list.parse(entry.name), Some(entry), "{}", entry.name);
            }
        }
    }

    #[test]
    fn a_stored_value_outside_the_list_is_shown_as_it_was() {
        assert_eq!(ETHNICITY.display("01"), "汉族");
        assert_eq!(ETHNICITY.display("汉"), "汉族");
        assert_eq!(ETHNICITY.display("某族（待核）"), "某族（待核）");
        assert_eq!(EDUCATION.code_of("本科"), "20");
        assert_eq!(EDUCATION.code_of("自学"), "自学");
    }
}
