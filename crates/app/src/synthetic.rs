//! Synthetic rosters for the demo district, tests and benchmarks: realistic Chinese names (with
//! the polyphonic and compound surnames search must get right), valid ID numbers, phones and
//! demo-district units, in the import format. Deterministic per seed.

use crate::units::demo_units;
use jinguo_domain::identity::with_check_char;
use jinguo_domain::identity::Sex;
use jinguo_domain::people::{tag_code, tag_misfit};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;
use std::io::Write;

pub(crate) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "蔡", "蒋", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
    "沈", "姚", "卢", "傅", "钟", "姜", "崔", "谭", "廖", "范", "汪", "陆", "金", "石", "戴", "贾",
    "韦", "夏", "邱", "方", "侯", "邹", "熊", "孟", "秦", "白", "江", "阎", "薛", "尹", "段", "雷",
    "黎", "史", "龙", "陶", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "洪", "庄", "柯",
    "涂", "骆", "施", "颜", "单", "解", "仇", "区", "查", "朴", "盖", "覃", "欧阳", "司马", "上官",
    "诸葛", "尉迟", "万俟", "长孙", "东方",
];
pub(crate) const GIVEN_FEMALE: &[&str] = &[
    "芳", "丽", "娜", "敏", "静", "秀", "英", "华", "慧", "巧", "美", "娟", "红", "玉", "兰", "霞",
    "燕", "萍", "洁", "琳", "雪", "梅", "琴", "云", "莲", "真", "环", "雅", "芝", "凤", "婷", "晶",
    "妍", "茜", "秋", "珊", "莎", "锦", "青", "倩", "婉", "娴", "瑾", "颖", "露", "瑶", "怡", "婵",
    "雁", "蓓", "仪", "荷", "丹", "蓉", "君", "蕊", "薇", "菁", "梦", "岚", "婕", "馨", "韵", "悦",
    "冰", "爽", "茗", "羽", "欣", "宁", "筠", "柔", "晓", "欢", "枫", "芸", "菲", "伊", "亚", "宜",
    "可", "舒", "妮", "佳", "嘉", "思", "雨", "紫", "诗", "梓", "涵", "婧", "璐", "月", "彩", "桂",
    "淑", "惠", "珍", "凤",
];
const GIVEN_MALE: &[&str] = &[
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "辉", "刚", "健", "鹏", "浩", "宇",
    "轩", "子", "博", "文", "俊", "晨", "睿", "泽", "航", "铭", "宸", "昊", "天", "一",
];
const ETHNICITIES: &[(&str, u32)] = &[
    ("汉族", 95),
    ("畲族", 2),
    ("回族", 1),
    ("苗族", 1),
    ("土家族", 1),
];
const EDUCATION: &[&str] = &["小学", "初中", "高中", "中专", "大专", "本科", "硕士研究生"];
const ROADS: &[&str] = &[
    "东湖路",
    "丰泽街",
    "泉秀路",
    "田安路",
    "刺桐路",
    "津淮街",
    "宝洲路",
    "城东路",
    "东海大街",
    "清源山路",
];
/// Division codes in ID numbers: mostly the demo district, some neighbours (migrants keep theirs).
const REGIONS: &[(&str, u32)] = &[
    ("350503", 70),
    ("350502", 8),
    ("350504", 5),
    ("350521", 6),
    ("350583", 6),
    ("360102", 2),
    ("430105", 3),
];
const WOMEN_TAGS: &[&str] = &[
    "失业",
    "下岗",
    "失地",
    "返乡",
    "女大学生",
    "创业",
    "贫困母亲",
    "低保",
    "残疾",
];
const CHILD_TAGS: &[&str] = &["留守儿童", "流动儿童", "独生子女", "孤残儿童"];

pub const HEADER: &[&str] = &[
    "姓名",
    "身份证号码",
    "性别",
    "联系电话",
    "所属街道",
    "所属社区",
    "人员类别",
    "民族",
    "文化程度",
    "家庭住址",
    "备注",
];

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.gen_range(0..items.len())]
}

fn weighted<'a>(rng: &mut StdRng, items: &[(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    items[0].0
}

/// A street address in the demo district.
pub(crate) fn address(rng: &mut StdRng) -> String {
    let road = pick(rng, ROADS);
    format!("福建省泉州市丰泽区{road}{}号", rng.gen_range(1..300))
}

/// The row generator: `next_row` yields one roster row at a time (for million-row files).
pub struct Roster {
    rng: StdRng,
    streets: Vec<(String, Vec<String>)>,
    seen: HashSet<String>,
    this_year: i32,
}

impl Roster {
    pub fn new(seed: u64, this_year: i32) -> Roster {
        let units = demo_units();
        let streets = units
            .iter()
            .filter(|u| u.level == "street")
            .map(|s| {
                let communities = units
                    .iter()
                    .filter(|c| c.parent_code.as_deref() == Some(&s.code))
                    .map(|c| c.name.clone())
                    .collect();
                (s.name.clone(), communities)
            })
            .collect();
        Roster {
            rng: StdRng::seed_from_u64(seed),
            streets,
            seen: HashSet::new(),
            this_year,
        }
    }

    fn id_number(&mut self, birth_year: i32, female: bool) -> String {
        loop {
            let region = weighted(&mut self.rng, REGIONS);
            let month = self.rng.gen_range(1..=12);
            let day = self.rng.gen_range(1..=28);
            let seq = self.rng.gen_range(0..500) * 2 + if female { 0 } else { 1 };
            let first17 = format!("{region}{birth_year:04}{month:02}{day:02}{seq:03}");
            if let Some(id) = with_check_char(&first17) {
                if self.seen.insert(id.clone()) {
                    return id;
                }
            }
        }
    }

    pub fn next_row(&mut self) -> Vec<String> {
        let child = self.rng.gen_bool(0.12);
        let female = !child || self.rng.gen_bool(0.5);
        let ages = if child { 3..16 } else { 18..72 };
        self.row(child, female, ages)
    }

    /// A working-age adult of the given sex (job seekers, fair visitors who register).
    pub fn adult(&mut self, female: bool) -> Vec<String> {
        self.row(false, female, 20..50)
    }

    fn row(&mut self, child: bool, female: bool, ages: std::ops::Range<i32>) -> Vec<String> {
        let age = self.rng.gen_range(ages);
        let surname = pick(&mut self.rng, SURNAMES);
        let given_pool = if female { GIVEN_FEMALE } else { GIVEN_MALE };
        let given_len = if surname.chars().count() == 2 || self.rng.gen_bool(0.3) {
            1
        } else {
            2
        };
        let given: String = (0..given_len)
            .map(|_| pick(&mut self.rng, given_pool))
            .collect();
        let id = self.id_number(self.this_year - age, female);
        let phone = if child {
            String::new()
        } else {
            format!(
                "1{}{:09}",
                pick(&mut self.rng, &["3", "5", "8", "9", "7"]),
                self.rng.gen_range(0..1_000_000_000u64)
            )
        };
        let s = self.rng.gen_range(0..self.streets.len());
        let (street, communities) = &self.streets[s];
        let community = communities[self.rng.gen_range(0..communities.len())].clone();
        // Rosters write both the official and the short names.
        let community = if self.rng.gen_bool(0.5) {
            community.replace("居委会", "").replace("村委会", "村")
        } else {
            community
        };
        let tags: Vec<&str> = if child {
            vec![pick(&mut self.rng, CHILD_TAGS)]
        } else {
            let mut tags: Vec<&str> = (0..self.rng.gen_range(0..3))
                .map(|_| pick(&mut self.rng, WOMEN_TAGS))
                .collect();
            tags.dedup();
            // A man is no 贫困母亲: the demo obeys the rule every form and import checks.
            let sex = if female { Sex::Female } else { Sex::Male };
            tags.retain(|t| tag_code(t).is_some_and(|code| tag_misfit(code, sex, age).is_none()));
            // The poor mothers are the federation's own database (贫困母亲数据库, 82 in the demo
            // district, `synthetic_children`), not a category a roster hands out: the draw stays,
            // so every other row is what it was.
            tags.retain(|t| *t != "贫困母亲");
            tags
        };
        let education = if child {
            "小学".to_owned()
        } else {
            pick(&mut self.rng, EDUCATION).to_owned()
        };
        let address = address(&mut self.rng);
        vec![
            format!("{surname}{given}"),
            id,
            if female { "女" } else { "男" }.to_owned(),
            phone,
            street.clone(),
            community,
            tags.join("、"),
            weighted(&mut self.rng, ETHNICITIES).to_owned(),
            education,
            address,
            String::new(),
        ]
    }
}

/// Writes `count` rows as a UTF-8 CSV (with the BOM Excel looks for) in the import format.
pub fn write_csv(out: impl Write, count: u64, seed: u64, this_year: i32) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    let mut roster = Roster::new(seed, this_year);
    for _ in 0..count {
        writer.write_record(roster.next_row())?;
    }
    writer.flush()
}

/// The rows of a roster in memory, as an imported table (the demo district).
pub fn table(count: usize, seed: u64, this_year: i32) -> crate::import::Table {
    let mut roster = Roster::new(seed, this_year);
    let mut table = crate::import::Table::default();
    table
        .rows
        .push(HEADER.iter().map(|h| h.to_string()).collect());
    table.lines.push(1);
    for i in 0..count {
        table.rows.push(roster.next_row());
        table.lines.push(i + 2);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use jinguo_domain::{CivilDate, IdNumber};

    #[test]
    fn rosters_are_deterministic_per_seed_and_valid() {
        let a = table(200, 7, 2026);
        let b = table(200, 7, 2026);
        assert_eq!(a.rows, b.rows);
        assert_ne!(a.rows, table(200, 8, 2026).rows);
        let today = CivilDate {
            year: 2026,
            month: 12,
            day: 31,
        };
        for row in &a.rows[1..] {
            let id = IdNumber::parse(&row[1], today).expect("valid ID");
            assert_eq!(id.sex().as_str() == "female", row[2] == "女");
        }
    }
}
