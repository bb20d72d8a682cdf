//! The signed sign-off sheet back in: the workbook the server wrote (`sheets::signoff_xlsx`),
//! filled in, or a CSV with the same columns, read with the people import's machinery — the
//! header found below title rows by its aliases, footer lines skipped, every refused row named
//! with its line, column and reason. A dry run first; then, only when no row is refused, every
//! mark and delivery in one transaction, each delivery through `deliver_in` (the one place a
//! delivery is written) and each mark through `mark_in`.
//!
//! A row is one person of the cycle's roll in the caller's subtree, found by her number
//! (编号); her name, when given, must be hers. Its status (已联系, 拒绝, 联系不上, 已迁出, 已发放
//! — or the codes) marks her; a signature with no status, or with 已发放, records the delivery.
//! A row that asks what the roll already holds changes nothing (the same sheet imported twice
//! writes nothing the second time); a mark on someone already delivered is refused
//! (`already_delivered`).

use super::{deliver_in, load_cycle, mark_in, Access, Program};
use crate::auth::Caller;
use crate::import::{Header, ImportOptions, ImportReport, Importer, Layout, Plan, RowProblem};
use crate::people::FieldProblem;
use crate::{App, AppError};
use jinguo_db::programs::{self as store, CycleRow};
use jinguo_domain::programs::RollStatus;
use std::collections::HashMap;

const ALIASES: &[(&str, &[&str])] = &[
    (
        "person_id",
        &["person_id", "编号", "人员编号", "人员ID", "Person ID"],
    ),
    ("name", &["name", "姓名"]),
    ("status", &["status", "状态", "标记", "联系情况"]),
    (
        "signature",
        &[
            "signature",
            "本人签名",
            "签名",
            "签字",
            "签领人签字",
            "领取人签字",
        ],
    ),
    ("note", &["note", "备注"]),
];

/// A row without a person's number is not a person (a title, a total, the signature lines).
const KEYS: &[&str] = &["person_id"];

const LAYOUT: Layout = Layout {
    aliases: ALIASES,
    keys: KEYS,
    missing: "编号",
};

/// A status as a sheet writes it: a code, or its name (and the words officers write).
fn status_of(raw: &str) -> Option<RollStatus> {
    let raw = raw.trim();
    RollStatus::parse(raw).or(match raw {
        "待联系" | "待通知" | "未联系" => Some(RollStatus::Invited),
        "已联系" | "已通知" | "已通知到" | "联系上" => Some(RollStatus::Reached),
        "拒绝" | "谢绝" | "放弃" | "不需要" => Some(RollStatus::Declined),
        "联系不上" | "无法联系" | "未联系上" => Some(RollStatus::Unreachable),
        "已迁出" | "迁出" | "搬走" | "已搬迁" => Some(RollStatus::Moved),
        "已发放" | "已签领" | "已领取" | "已送达" | "已筛查" | "已走访" | "已慰问" => {
            Some(RollStatus::Delivered)
        }
        _ => None,
    })
}

/// A name as sheets write it: without spaces.
fn compact(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What a row asks.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Action {
    /// Nothing the roll does not hold already.
    None,
    Mark(RollStatus),
    Deliver {
        note: Option<String>,
    },
}

/// Imports the marks of a signed sheet for a cycle: a dry run (`dry_run`) or the import, which
/// writes only when no row is refused.
pub async fn import_marks(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
    source: &dyn crate::import::Source,
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    let (cycle, program) = load_cycle(&mut app.db.ex(), caller, cycle_id, Access::Work).await?;
    let importer = Importer::User(caller);
    let options = ImportOptions {
        default_unit: None,
        dry_run,
        all_or_nothing: true,
    };
    let plan = Plan::new(app, &importer, source, &options, &LAYOUT).await?;
    let pass = Pass {
        plan: &plan,
        caller,
        cycle: &cycle,
        program: &program,
    };
    let pass = &pass;
    crate::import::two_passes(&options, move |write| pass.run(write)).await
}

struct Pass<'a> {
    plan: &'a Plan<'a>,
    caller: &'a Caller,
    cycle: &'a CycleRow,
    program: &'a Program,
}

impl Pass<'_> {
    /// What a row asks of the roll as it stands, or why it is refused (the outer error: the
    /// store failed, which ends the import).
    async fn check(
        &self,
        ex: &mut jinguo_db::Exec<'_>,
        header: &Header,
        row: &[String],
        seen: &mut HashMap<i64, usize>,
        line: usize,
    ) -> Result<Result<(i64, Action), FieldProblem>, AppError> {
        let person_id = match person_of(header, row, seen, line) {
            Ok(id) => id,
            Err(p) => return Ok(Err(p)),
        };
        let found = store::roll_line(ex, &self.caller.scope(), self.cycle.id, person_id).await?;
        Ok(action_of(header, row, person_id, found))
    }

    async fn run(&self, write: bool) -> Result<ImportReport, AppError> {
        let app = self.plan.app;
        let (mut rows, mut report) = self.plan.data_rows(KEYS)?;
        let mut tx = if write {
            Some(app.db.begin().await?)
        } else {
            None
        };
        let mut seen = HashMap::new();
        while let Some(row) = rows.next(&mut report)? {
            let (line, cells) = (row.line, row.cells);
            let checked = match tx.as_mut() {
                Some(tx) => {
                    self.check(&mut tx.ex(), &self.plan.header, &cells, &mut seen, line)
                        .await?
                }
                None => {
                    self.check(&mut app.db.ex(), &self.plan.header, &cells, &mut seen, line)
                        .await?
                }
            };
            let (person_id, action) = match checked {
                Ok(ok) => ok,
                Err(p) => {
                    report.reject(RowProblem::of(line, p, &cells));
                    continue;
                }
            };
            match action {
                // Nothing to change: counted with the rows passed over.
                Action::None => {
                    report.rows -= 1;
                    report.skipped += 1;
                }
                Action::Mark(status) => {
                    if let Some(tx) = tx.as_mut() {
                        let entry = store::roll_entry(
                            &mut tx.ex(),
                            &self.caller.scope(),
                            self.cycle.id,
                            person_id,
                        )
                        .await?
                        .ok_or(AppError::NotFound)?;
                        mark_in(app, tx, self.caller, self.cycle, entry, status).await?;
                    }
                    report.updated += 1;
                }
                Action::Deliver { note } => {
                    let flagged = match tx.as_mut() {
                        Some(tx) => {
                            let d = deliver_in(
                                app,
                                tx,
                                self.caller,
                                self.cycle,
                                self.program,
                                person_id,
                                note,
                            )
                            .await?;
                            !d.still_eligible
                        }
                        None => {
                            let on = super::day(&self.cycle.reference_date)?;
                            !super::still_eligible(
                                app,
                                &mut app.db.ex(),
                                &self.caller.scope(),
                                self.program,
                                on,
                                person_id,
                            )
                            .await?
                        }
                    };
                    if flagged {
                        let p = FieldProblem::new("person_id", "no_longer_eligible", "");
                        report.warn(RowProblem::of(line, p, &cells));
                    }
                    report.imported += 1;
                }
            }
        }
        match tx {
            Some(tx) if report.rejected == 0 => {
                let now = app.now();
                crate::import::commit(
                    app,
                    tx,
                    &Importer::User(self.caller),
                    "program_marks",
                    &mut report,
                    now,
                )
                .await?;
                Ok(report)
            }
            // A row refused while writing (the roll changed since the dry run): nothing is
            // written, the transaction is dropped.
            _ => Ok(crate::import::dry(report)),
        }
    }
}

/// The row's person: her number, once in the file.
fn person_of(
    header: &Header,
    row: &[String],
    seen: &mut HashMap<i64, usize>,
    line: usize,
) -> Result<i64, FieldProblem> {
    let raw_id = header.cell(row, "person_id").trim().to_owned();
    let person_id: i64 = jinguo_domain::identity::normalize_digits(&raw_id)
        .parse()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| FieldProblem::new("person_id", "invalid_id", raw_id.clone()))?;
    if let Some(first) = seen.get(&person_id) {
        return Err(FieldProblem::new(
            "person_id",
            "duplicate_person_in_file",
            first.to_string(),
        ));
    }
    seen.insert(person_id, line);
    Ok(person_id)
}

/// What the row asks of her entry on the roll (`found`, in the caller's subtree).
fn action_of(
    header: &Header,
    row: &[String],
    person_id: i64,
    found: Option<store::RollLine>,
) -> Result<(i64, Action), FieldProblem> {
    let cell = |f: &str| header.cell(row, f).trim().to_owned();
    let Some(found) = found else {
        return Err(FieldProblem::new(
            "person_id",
            "not_on_roll",
            person_id.to_string(),
        ));
    };
    let name = cell("name");
    if !name.is_empty() && compact(&name) != compact(&found.name) {
        return Err(FieldProblem::new(
            "name",
            "name_mismatch",
            format!("{name} ≠ {}", found.name),
        ));
    }
    let status = match cell("status") {
        s if s.is_empty() => None,
        s => Some(status_of(&s).ok_or_else(|| FieldProblem::new("status", "invalid_choice", s))?),
    };
    let signed = !cell("signature").is_empty();
    let wanted = match (status, signed) {
        (None, false) => None,
        (None, true) | (Some(RollStatus::Delivered), _) => Some(RollStatus::Delivered),
        (Some(s), false) => Some(s),
        (Some(s), true) => {
            return Err(FieldProblem::new(
                "signature",
                "signature_with_mark",
                s.as_str(),
            ))
        }
    };
    let now = RollStatus::parse(&found.entry.status).unwrap_or(RollStatus::Invited);
    let action = match wanted {
        None => Action::None,
        Some(s) if s == now => Action::None,
        Some(_) if now == RollStatus::Delivered => {
            return Err(FieldProblem::new("status", "already_delivered", ""));
        }
        Some(RollStatus::Delivered) => Action::Deliver {
            note: Some(cell("note")).filter(|n| !n.is_empty()),
        },
        Some(s) => Action::Mark(s),
    };
    Ok((person_id, action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_read_as_officers_write_them() {
        assert_eq!(status_of("已联系"), Some(RollStatus::Reached));
        assert_eq!(status_of(" 拒绝 "), Some(RollStatus::Declined));
        assert_eq!(status_of("unreachable"), Some(RollStatus::Unreachable));
        assert_eq!(status_of("已签领"), Some(RollStatus::Delivered));
        assert_eq!(status_of("也许"), None);
    }
}
