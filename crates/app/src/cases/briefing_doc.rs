//! Renders a 呈阅件 (a briefing sent up to the district government) as a
//! .docx, following the GB/T 9704-2012 official-document layout as far as
//! docx-rs 0.4 allows: A4 with the standard margins, a red masthead and
//! rule, a 小标宋 title, 仿宋 body on a 28pt line grid, 黑体 headings
//! numbered 一、二、…, signature block and a "— 1 —" page number.

use std::error::Error;
use std::fmt;
use std::io::Cursor;

use crate::export::docx_fonts;
use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FieldCharType, Footer, InstrPAGE, InstrText,
    LineSpacing, LineSpacingType, PageMargin, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, SpecialIndentType, Tab, TabValueType, XMLDocx,
};

pub struct BriefingDoc {
    pub issuer: String,
    pub number: String,
    pub date: String,
    pub title: String,
    /// Newlines separate paragraphs.
    pub summary: String,
    pub items: Vec<BriefingItem>,
    /// 建议/拟办意见; newlines separate paragraphs.
    pub suggestion: String,
    /// 拟稿人
    pub drafter: String,
    /// 签发人
    pub signer: String,
}

pub struct BriefingItem {
    pub heading: String,
    pub body: String,
}

/// The .docx writer failed; the briefing content itself cannot cause this.
#[derive(Debug)]
pub struct BriefingDocError {
    source: Box<dyn Error + Send + Sync + 'static>,
}

impl fmt::Display for BriefingDocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "writing the briefing .docx failed: {}", self.source)
    }
}

impl Error for BriefingDocError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

// Sizes in docx units: twips (1/20 pt) for lengths, half-points for font sizes.
const A4_WIDTH: u32 = 11906;
const A4_HEIGHT: u32 = 16838;
const MARGIN_TOP: i32 = mm_to_twips(37);
const MARGIN_BOTTOM: i32 = mm_to_twips(35);
const MARGIN_LEFT: i32 = mm_to_twips(28);
const MARGIN_RIGHT: i32 = mm_to_twips(26);
// GB/T 9704 puts the page number 7mm below the text block; a 四号 line is
// about 6mm tall, so the footer's bottom edge sits roughly 22mm above the
// page edge (Word measures the footer distance to that bottom edge).
const FOOTER_DISTANCE: i32 = mm_to_twips(22);
const TEXT_WIDTH: i32 = A4_WIDTH as i32 - MARGIN_LEFT - MARGIN_RIGHT;

const SIZE_ER_HAO: usize = 44; // 二号, 22pt
const SIZE_SAN_HAO: usize = 32; // 三号, 16pt
const SIZE_SI_HAO: usize = 28; // 四号, 14pt

/// Width of one 三号 full-width character; GB/T indents are counted in these.
const CHAR_WIDTH: i32 = 320;
/// 28pt exact: gives the standard 22 lines per page with these margins.
const BODY_LINE: i32 = 560;
/// 二号 glyphs are cramped on a 28pt line, so titles get 35pt.
const TITLE_LINE: i32 = 700;

const RED: &str = "C00000";
const RULE_WIDTH_EIGHTH_PT: usize = 16;
const RULE_GAP_PT: usize = 6;

const FONT_TITLE: &str = "方正小标宋简体";
const FONT_BODY: &str = "仿宋_GB2312";
const FONT_HEADING: &str = "黑体";
const FONT_SIGNER: &str = "楷体_GB2312";
const FONT_PAGE_NUMBER: &str = "宋体";

const fn mm_to_twips(mm: i32) -> i32 {
    (mm * 14400 + 127) / 254
}

pub fn render(doc: &BriefingDoc) -> Result<Vec<u8>, BriefingDocError> {
    let mut package = build_docx(doc).build();
    // docx-rs writes a fixed font table; ours names fallbacks for the
    // GB fonts that are often missing outside government PCs.
    package.font_table = font_table_xml();
    pack(package)
}

fn pack(package: XMLDocx) -> Result<Vec<u8>, BriefingDocError> {
    let mut buffer = Cursor::new(Vec::new());
    package.pack(&mut buffer).map_err(|e| BriefingDocError {
        source: Box::new(e),
    })?;
    Ok(buffer.into_inner())
}

fn build_docx(doc: &BriefingDoc) -> Docx {
    let paragraphs = masthead(doc)
        .into_iter()
        .chain([title(&doc.title)])
        .chain(body_paragraphs(&doc.summary))
        .chain(sections(doc))
        .chain(closing(doc));
    paragraphs.fold(page_setup(), Docx::add_paragraph)
}

fn page_setup() -> Docx {
    Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .footer(FOOTER_DISTANCE),
        )
        .default_fonts(docx_fonts(FONT_BODY))
        .default_size(SIZE_SAN_HAO)
        .footer(page_number_footer())
}

fn masthead(doc: &BriefingDoc) -> Vec<Paragraph> {
    vec![
        red_banner(),
        issuer_and_number(&doc.issuer, &doc.number),
        signer_with_red_rule(&doc.signer),
    ]
}

fn red_banner() -> Paragraph {
    let banner = text_run("呈 阅 件", FONT_TITLE, SIZE_ER_HAO)
        .color(RED)
        .bold();
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(exact_lines(TITLE_LINE).after(to_u32(BODY_LINE)))
        .add_run(banner)
}

fn issuer_and_number(issuer: &str, number: &str) -> Paragraph {
    // GB/T: the left item sits one character in, the right one ends one
    // character short of the margin.
    Paragraph::new()
        .indent(Some(CHAR_WIDTH), None, None, None)
        .line_spacing(exact_lines(BODY_LINE))
        .add_tab(right_tab_one_char_in())
        .add_run(body_run(&single_line(issuer)).add_tab())
        .add_run(body_run(&single_line(number)))
}

fn signer_with_red_rule(signer: &str) -> Paragraph {
    // The rule is this paragraph's bottom border rather than its own
    // paragraph, so it does not cost an extra line; no indents here because
    // a border spans exactly the paragraph's indented width.
    let mut line = Paragraph::new()
        .line_spacing(exact_lines(BODY_LINE))
        .add_tab(right_tab_one_char_in())
        .add_run(styled_run(FONT_BODY, SIZE_SAN_HAO).add_tab())
        .add_run(body_run("签发人："))
        .add_run(text_run(&single_line(signer), FONT_SIGNER, SIZE_SAN_HAO));
    line.property = line.property.set_borders(red_bottom_rule());
    line
}

fn red_bottom_rule() -> ParagraphBorders {
    // with_empty, not new(): new() also boxes the paragraph on all sides.
    let rule = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(BorderType::Single)
        .size(RULE_WIDTH_EIGHTH_PT)
        .space(RULE_GAP_PT)
        .color(RED);
    ParagraphBorders::with_empty().set(rule)
}

fn right_tab_one_char_in() -> Tab {
    Tab::new()
        .val(TabValueType::Right)
        .pos(to_usize(TEXT_WIDTH - CHAR_WIDTH))
}

fn title(text: &str) -> Paragraph {
    // GB/T: two blank lines under the rule, one above the body.
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(
            exact_lines(TITLE_LINE)
                .before(to_u32(2 * BODY_LINE))
                .after(to_u32(BODY_LINE)),
        )
        .add_run(title_run(text))
}

/// Long titles are often broken by hand into a pyramid shape, so the
/// drafter's newlines become line breaks within the one title paragraph.
fn title_run(text: &str) -> Run {
    let first_run = styled_run(FONT_TITLE, SIZE_ER_HAO);
    paragraph_texts(text)
        .enumerate()
        .fold(first_run, |run, (index, line)| {
            let run = if index == 0 {
                run
            } else {
                run.add_break(BreakType::TextWrapping)
            };
            run.add_text(line)
        })
}

fn sections(doc: &BriefingDoc) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    for (index, item) in doc.items.iter().enumerate() {
        paragraphs.push(heading(index + 1, &item.heading));
        paragraphs.extend(body_paragraphs(&item.body));
    }
    if has_text(&doc.suggestion) {
        paragraphs.push(heading(doc.items.len() + 1, "建议"));
        paragraphs.extend(body_paragraphs(&doc.suggestion));
    }
    paragraphs
}

fn heading(number: usize, text: &str) -> Paragraph {
    let label = format!("{}、{}", chinese_numeral(number), single_line(text));
    first_line_indented()
        .keep_next(true)
        .add_run(text_run(&label, FONT_HEADING, SIZE_SAN_HAO))
}

fn body_paragraphs(text: &str) -> Vec<Paragraph> {
    paragraph_texts(text)
        .map(|line| first_line_indented().add_run(body_run(line)))
        .collect()
}

fn first_line_indented() -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(2 * CHAR_WIDTH)),
            None,
            None,
        )
        .line_spacing(exact_lines(BODY_LINE))
}

fn closing(doc: &BriefingDoc) -> Vec<Paragraph> {
    // GB/T: the date ends four characters from the right margin and the
    // issuer is centred above it.
    let date_indent = 4 * CHAR_WIDTH;
    let date_width = display_width(&single_line(&doc.date));
    let issuer_width = display_width(&single_line(&doc.issuer));
    let issuer_indent = (date_indent + (date_width - issuer_width) / 2).max(0);
    let issuer = right_aligned(&doc.issuer, issuer_indent)
        .line_spacing(exact_lines(BODY_LINE).before(to_u32(2 * BODY_LINE)));
    let date = right_aligned(&doc.date, date_indent);
    let credits = Paragraph::new()
        .line_spacing(exact_lines(BODY_LINE).before(to_u32(BODY_LINE)))
        .add_run(body_run(&format!(
            "拟稿：{}　　签发：{}",
            single_line(&doc.drafter),
            single_line(&doc.signer)
        )));
    vec![issuer, date, credits]
}

fn right_aligned(text: &str, right_indent: i32) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Right)
        .indent(None, None, Some(right_indent), None)
        .line_spacing(exact_lines(BODY_LINE))
        .add_run(body_run(&single_line(text)))
}

/// Width in twips as set in 三号: GB fonts give ASCII half a character.
fn display_width(text: &str) -> i32 {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                CHAR_WIDTH / 2
            } else {
                CHAR_WIDTH
            }
        })
        .sum()
}

fn page_number_footer() -> Footer {
    // Built by hand instead of docx_rs::PageNum, whose run has no
    // properties and would print the number in the 三号 body default.
    let page_field = page_number_run()
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let line = Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(page_number_run().add_text("— "))
        .add_run(page_field)
        .add_run(page_number_run().add_text(" —"));
    Footer::new().add_paragraph(line)
}

fn page_number_run() -> Run {
    Run::new()
        .fonts(docx_fonts(FONT_PAGE_NUMBER))
        .size(SIZE_SI_HAO)
}

fn body_run(text: &str) -> Run {
    text_run(text, FONT_BODY, SIZE_SAN_HAO)
}

fn text_run(text: &str, font: &str, size: usize) -> Run {
    styled_run(font, size).add_text(text)
}

fn styled_run(font: &str, size: usize) -> Run {
    Run::new().fonts(docx_fonts(font)).size(size)
}

fn exact_lines(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
}

/// Non-blank lines, trimmed so that typed-in full-width indents do not
/// double the first-line indent.
fn paragraph_texts(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|line| !line.is_empty())
}

fn has_text(text: &str) -> bool {
    paragraph_texts(text).next().is_some()
}

/// Run::add_text drops '\n' but keeps '\r' and the spaces around it, so
/// one-line fields are rebuilt from their trimmed lines (Chinese needs no
/// separator between them).
fn single_line(text: &str) -> String {
    paragraph_texts(text).collect()
}

/// Chinese numeral for section numbers: 1→一, 10→十, 21→二十一.
/// Outside 1..=99 it falls back to Arabic digits: a briefing with more
/// items than that still renders rather than failing.
pub fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if !(1..=99).contains(&n) {
        return n.to_string();
    }
    let (tens, ones) = (n / 10, n % 10);
    // 十一, not 一十一: a leading 一 before 十 is dropped in ordinary writing.
    let tens_part = match tens {
        0 => String::new(),
        1 => "十".to_string(),
        _ => format!("{}十", DIGITS[tens]),
    };
    format!("{tens_part}{}", DIGITS[ones])
}

// Clippy forbids silent `as` between signed and unsigned; all our lengths
// are small positive constants, so a failed conversion can only mean a
// programming error, and 0 is a harmless value to draw with.
fn to_u32(twips: i32) -> u32 {
    u32::try_from(twips).unwrap_or(0)
}

fn to_usize(twips: i32) -> usize {
    usize::try_from(twips).unwrap_or(0)
}

/// The default docx-rs font table plus our faces, each with `altName`
/// naming the face Word/WPS should use when the GB font is not installed,
/// and charset 86 (GB2312) so substitution picks a Chinese font.
fn font_table_xml() -> Vec<u8> {
    const FONTS: [(&str, &str, &str, &str, &str); 8] = [
        ("Times New Roman", "", "00", "roman", "variable"),
        ("Symbol", "", "02", "roman", "variable"),
        ("Arial", "", "00", "swiss", "variable"),
        (FONT_TITLE, "宋体", "86", "auto", "variable"),
        (FONT_BODY, "仿宋", "86", "modern", "fixed"),
        (FONT_HEADING, "SimHei", "86", "modern", "fixed"),
        (FONT_SIGNER, "楷体", "86", "modern", "fixed"),
        (FONT_PAGE_NUMBER, "SimSun", "86", "auto", "variable"),
    ];
    let entries: String = FONTS
        .iter()
        .map(|(name, alt, charset, family, pitch)| {
            let alt_name = if alt.is_empty() {
                String::new()
            } else {
                format!(r#"<w:altName w:val="{alt}"/>"#)
            };
            format!(
                r#"<w:font w:name="{name}">{alt_name}<w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>"#
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{entries}</w:fonts>"#
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn sample() -> BriefingDoc {
        BriefingDoc {
            issuer: "丰泽区妇女联合会".to_string(),
            number: "〔2026〕3号".to_string(),
            date: "2026年11月29日".to_string(),
            title: "关于<女企业家>诉求&办理情况的报告".to_string(),
            summary: "近期，区妇联走访了辖区女企业家。\n\n　　现将有关情况报告如下。".to_string(),
            items: vec![
                BriefingItem {
                    heading: "泉州某某纺织有限公司：厂区排水不畅".to_string(),
                    body: "雨季厂区积水严重。\n影响正常生产。".to_string(),
                },
                BriefingItem {
                    heading: "泉州某某食品有限公司：招工困难".to_string(),
                    body: "一线女工缺口约30人。".to_string(),
                },
            ],
            suggestion: "建议区住建局牵头协调。\n建议区人社局组织专场招聘。".to_string(),
            drafter: "张三".to_string(),
            signer: "李四".to_string(),
        }
    }

    fn zip_entry(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        let mut entry = archive.by_name(name).expect("entry present");
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("utf-8 entry");
        text
    }

    #[test]
    fn renders_a_docx_with_the_content_escaped() {
        let bytes = render(&sample()).expect("render");
        let document = zip_entry(&bytes, "word/document.xml");
        for expected in [
            "关于&lt;女企业家&gt;诉求&amp;办理情况的报告",
            "呈 阅 件",
            "一、泉州某某纺织有限公司：厂区排水不畅",
            "二、泉州某某食品有限公司：招工困难",
            "三、建议",
            "签发人：",
            "〔2026〕3号",
            "2026年11月29日",
            "拟稿：张三　　签发：李四",
            r#"w:eastAsia="方正小标宋简体""#,
            r#"w:eastAsia="仿宋_GB2312""#,
            r#"w:eastAsia="黑体""#,
            r#"w:color="C00000""#,
            r#"w:lineRule="exact""#,
            r#"w:firstLine="640""#,
        ] {
            assert!(document.contains(expected), "missing {expected}");
        }
        // The typed-in full-width indent is trimmed, not doubled.
        assert!(document.contains(">现将有关情况报告如下。<"));
    }

    #[test]
    fn output_parses_back_with_docx_rs() {
        let bytes = render(&sample()).expect("render");
        let parsed = docx_rs::read_docx(&bytes).expect("readable docx");
        let texts: Vec<String> = parsed
            .document
            .children
            .iter()
            .filter_map(|child| match child {
                docx_rs::DocumentChild::Paragraph(paragraph) => Some(paragraph.raw_text()),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&"二、泉州某某食品有限公司：招工困难".to_string()));
        assert!(texts.iter().any(|text| text.contains("诉求")));
    }

    #[test]
    fn page_margins_and_footer_follow_the_standard() {
        let bytes = render(&sample()).expect("render");
        let document = zip_entry(&bytes, "word/document.xml");
        assert!(document.contains(r#"w:top="2098""#));
        assert!(document.contains(r#"w:left="1587""#));
        let footer = zip_entry(&bytes, "word/footer1.xml");
        assert!(footer.contains("PAGE"));
        assert!(footer.contains("— "));
    }

    #[test]
    fn font_table_names_fallbacks() {
        let bytes = render(&sample()).expect("render");
        let fonts = zip_entry(&bytes, "word/fontTable.xml");
        assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#));
        assert!(fonts.contains(r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>"#));
    }

    #[test]
    fn title_newlines_become_line_breaks() {
        let doc = BriefingDoc {
            title: "关于女企业家诉求\n办理情况的报告".to_string(),
            ..sample()
        };
        let bytes = render(&doc).expect("render");
        let document = zip_entry(&bytes, "word/document.xml");
        assert!(document.contains(
            r#">关于女企业家诉求</w:t><w:br w:type="textWrapping" /><w:t xml:space="preserve">办理情况的报告<"#
        ));
    }

    #[test]
    fn blank_suggestion_has_no_heading() {
        let doc = BriefingDoc {
            suggestion: " \n ".to_string(),
            ..sample()
        };
        let bytes = render(&doc).expect("render");
        let document = zip_entry(&bytes, "word/document.xml");
        assert!(!document.contains("三、建议"));
    }

    #[test]
    fn chinese_numerals() {
        let cases = [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
            (0, "0"),
            (100, "100"),
        ];
        for (n, expected) in cases {
            assert_eq!(chinese_numeral(n), expected, "n = {n}");
        }
    }
}
