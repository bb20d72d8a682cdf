//! A donation's receipt (捐赠收据) as a .docx: the issuing unit, the receipt's number, the donor,
//! the amount in figures and in capitals, the goods of a donation in kind, and — when the
//! donation was reversed — 作废 in red above it all, so a voided receipt is never mistaken for a
//! valid one.

use super::Donation;
use crate::export::docx_fonts;
use docx_rs::{AlignmentType, Docx, Paragraph, Run, Table, TableCell, TableRow};
use std::io::Cursor;

fn run(text: &str, size: usize) -> Run {
    Run::new()
        .fonts(docx_fonts("宋体"))
        .size(size)
        .add_text(text)
}

fn cell(text: &str) -> TableCell {
    TableCell::new().add_paragraph(Paragraph::new().add_run(run(text, 24)))
}

/// Renders the receipt; the writer's failure (never the donation's content) is the error.
pub fn render_receipt(d: &Donation) -> Result<Vec<u8>, docx_rs::DocxError> {
    let mut doc = Docx::new().default_fonts(docx_fonts("宋体"));
    if d.voided_by.is_some() {
        doc = doc.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run("作废", 56).bold().color("C00000")),
        );
    }
    doc = doc
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run("捐赠收据", 44).bold()),
        )
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(run(&format!("No. {}", d.receipt_number), 24)),
        );
    let goods = d.goods.clone().unwrap_or_default();
    let mut rows = vec![
        ("捐赠方", d.donor.clone()),
        ("捐赠日期", d.received_on.clone()),
        (
            "捐赠形式",
            if d.in_kind {
                "物资（按价值计）"
            } else {
                "货币"
            }
            .to_owned(),
        ),
        ("金额（小写）", format!("￥{}", d.amount_figures)),
        ("金额（大写）", format!("人民币{}", d.amount_capitals)),
        ("入账账户", d.account.clone()),
    ];
    if d.in_kind {
        rows.push(("物资清单", goods));
    }
    let table = Table::new(
        rows.iter()
            .map(|(k, v)| TableRow::new(vec![cell(k), cell(v)]))
            .collect(),
    );
    doc = doc
        .add_table(table)
        .add_paragraph(Paragraph::new().add_run(run("感谢您的爱心捐赠！", 24)))
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(run(&format!("收款单位（盖章）：{}", d.issuer), 24)),
        );
    let mut buffer = Cursor::new(Vec::new());
    doc.build().pack(&mut buffer)?;
    Ok(buffer.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn donation(voided: bool) -> Donation {
        Donation {
            id: 1,
            entry_id: 2,
            account_id: 3,
            account: "抗震救灾".into(),
            donor: "区女企业家协会".into(),
            donor_kind: "association".into(),
            show_name: true,
            amount_fen: 10_000_000,
            amount_figures: "100,000.00".into(),
            amount_capitals: "壹拾万元整".into(),
            in_kind: false,
            goods: None,
            received_on: "2026-05-20".into(),
            receipt_number: "2026-000001".into(),
            voided_by: voided.then_some(9),
            issuer: "丰泽区妇联".into(),
        }
    }

    fn texts(bytes: &[u8]) -> String {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a docx");
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("word/document.xml").expect("its body"),
            &mut xml,
        )
        .expect("text");
        let _ = text;
        xml
    }

    #[test]
    fn a_receipt_states_the_amount_in_figures_and_capitals_and_a_void_one_says_so() {
        let valid = texts(&render_receipt(&donation(false)).expect("a receipt"));
        assert!(valid.contains("壹拾万元整") && valid.contains("100,000.00"));
        assert!(valid.contains("2026-000001") && !valid.contains("作废"));
        let void = texts(&render_receipt(&donation(true)).expect("a receipt"));
        assert!(void.contains("作废"));
    }
}
