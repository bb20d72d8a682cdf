//! Screening results (sealed, read only by the roles the program names), the follow-ups that
//! abnormal results open, and a cycle's coverage with small result cells suppressed.

use super::*;

/// A screening result as the API takes it (`NewScreeningResult`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema, serde::Serialize, PartialEq, Eq)]
#[schema(as = NewScreeningResult)]
pub struct ResultInput {
    pub person_id: i64,
    /// normal, abnormal
    pub cervical: Option<String>,
    /// negative, positive
    pub hpv: Option<String>,
    /// Breast ultrasound BI-RADS class, 0–6.
    pub breast_birads: Option<u8>,
    /// Where she was referred to.
    pub referral: Option<String>,
    pub diagnosis: Option<String>,
    /// `YYYY-MM-DD`
    pub follow_up_on: Option<String>,
}

/// A recorded result, opened (only for the roles the program names).
#[derive(Debug, Clone)]
pub struct ScreeningResult {
    pub id: i64,
    pub unit_code: String,
    pub result: ResultInput,
    pub created_at: i64,
}

fn clean_result(input: ResultInput) -> Result<ResultInput, AppError> {
    let optional_code = |field: &str,
                         v: Option<String>,
                         parse: fn(&str) -> Option<&'static str>| {
        match crate::given(v.as_deref()) {
            None => Ok(None),
            Some(raw) => parse(raw)
                .map(|c| Some(c.to_owned()))
                .ok_or_else(|| AppError::invalid_detail(field, "invalid_choice", raw)),
        }
    };
    let r = ResultInput {
        person_id: input.person_id,
        cervical: optional_code("cervical", input.cervical, |s| {
            Cervical::parse(s).map(Cervical::as_str)
        })?,
        hpv: optional_code("hpv", input.hpv, |s| Hpv::parse(s).map(Hpv::as_str))?,
        breast_birads: match input.breast_birads {
            Some(c) if c > BIRADS_MAX => {
                return Err(AppError::invalid_detail(
                    "breast_birads",
                    "birads_invalid",
                    c.to_string(),
                ))
            }
            other => other,
        },
        referral: optional_text("referral", input.referral.as_deref(), 500)?,
        diagnosis: optional_text("diagnosis", input.diagnosis.as_deref(), 2000)?,
        follow_up_on: optional_date("follow_up_on", input.follow_up_on.as_deref())?,
    };
    if r.cervical.is_none()
        && r.hpv.is_none()
        && r.breast_birads.is_none()
        && r.referral.is_none()
        && r.diagnosis.is_none()
    {
        return Err(AppError::invalid("cervical", "result_empty"));
    }
    Ok(r)
}

/// Screening results are for the roles the program names: to anyone else the results of any
/// cycle do not exist (404), whether or not she runs the program.
pub(super) fn require_result_reader(caller: &Caller, program: &Program) -> Result<(), AppError> {
    if program.kind == ProgramKind::Screening && program.result_readers.contains(&caller.role) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn record_result(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
    input: ResultInput,
) -> Result<ScreeningResult, AppError> {
    let (cycle, program) = load_cycle(&mut app.db.ex(), caller, cycle_id, Access::Work).await?;
    require_result_reader(caller, &program)?;
    let result = clean_result(input)?;
    let entry = store::roll_entry(
        &mut app.db.ex(),
        &caller.scope(),
        cycle.id,
        result.person_id,
    )
    .await?
    .ok_or_else(|| AppError::invalid("person_id", "not_on_roll"))?;
    let now = app.now();
    let id = app.ids.next(now);
    let plain = serde_json::to_string(&result)
        .map_err(|e| AppError::Internal(format!("result as JSON: {e}")))?;
    let row = ResultRow {
        id,
        cycle_id,
        person_id: result.person_id,
        unit_code: entry.unit_code.clone(),
        result_cipher: app.cipher.seal(&plain, CTX_RESULT, id),
        created_by: caller.author(),
        created_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::insert_result(&mut tx.ex(), &row)
        .await
        .on_unique("result_recorded", "person_id")?;
    let follow_up_id = follow_ups::open_for(app, &mut tx.ex(), &row, &result).await?;
    let entry = caller.entry("create", "screening_result", row.id.to_string()).in_unit(&row.unit_code).detail(json!({"cycle_id": cycle_id, "person_id": result.person_id, "follow_up_id": follow_up_id}));
    audit::commit(app, tx, entry, now).await?;
    Ok(ScreeningResult {
        id,
        unit_code: row.unit_code,
        result,
        created_at: now,
    })
}

/// A cycle's results in the caller's subtree (of one person, when asked); the read is audited.
pub async fn results(
    app: &App,
    caller: &Caller,
    cycle_id: i64,
    person_id: Option<i64>,
) -> Result<Vec<ScreeningResult>, AppError> {
    let (cycle, program) = load_cycle(&mut app.db.ex(), caller, cycle_id, Access::Work).await?;
    require_result_reader(caller, &program)?;
    let rows = store::results(&mut app.db.ex(), &caller.scope(), cycle.id, person_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let plain = app
            .cipher
            .open(&row.result_cipher, CTX_RESULT, row.id)
            .map_err(|_| {
                AppError::Internal(format!("screening result {} undecryptable", row.id))
            })?;
        let result: ResultInput = serde_json::from_str(&plain)
            .map_err(|e| AppError::Internal(format!("screening result {}: {e}", row.id)))?;
        out.push(ScreeningResult {
            id: row.id,
            unit_code: row.unit_code,
            result,
            created_at: row.created_at,
        });
    }
    let now = app.now();
    let entry = caller
        .entry("read", "screening_results", cycle.id.to_string())
        .in_unit(&cycle.unit_code)
        .detail(json!({"person_id": person_id, "results": out.len()}));
    audit::record(app, entry, now).await?;
    Ok(out)
}

/// Aggregate cells about screening results smaller than this are not shown ("<5"), so that no
/// one's result can be told from a table.
pub const SMALL_CELL: i64 = 5;

/// A cell of a coverage table about screening results: a count, or suppressed (fewer than
/// `SMALL_CELL`, or suppressed beside such a cell so that it cannot be worked out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Count(i64),
    Suppressed,
}

impl Figure {
    /// `12`, or `<5`.
    pub fn text(&self) -> String {
        match self {
            Figure::Count(n) => n.to_string(),
            Figure::Suppressed => format!("<{SMALL_CELL}"),
        }
    }
}

/// A column of result counts per unit and its total, suppressed: every count under
/// `SMALL_CELL` (zero too: "none abnormal among three" tells three results); and when exactly
/// one unit's count is suppressed while the total is shown, the next smallest too, so that the
/// total less the others does not give it away.
pub fn suppress(values: &[i64], total: i64) -> (Vec<Figure>, Figure) {
    let small = |n: i64| n < SMALL_CELL;
    let mut hidden: Vec<bool> = values.iter().map(|&n| small(n)).collect();
    let total_hidden = small(total);
    if !total_hidden && hidden.iter().filter(|h| **h).count() == 1 {
        if let Some((i, _)) = values
            .iter()
            .enumerate()
            .filter(|(i, _)| !hidden[*i])
            .min_by_key(|(_, n)| **n)
        {
            hidden[i] = true;
        }
    }
    let figure = |n: i64, hide: bool| {
        if hide {
            Figure::Suppressed
        } else {
            Figure::Count(n)
        }
    };
    (
        values
            .iter()
            .zip(&hidden)
            .map(|(&n, &h)| figure(n, h))
            .collect(),
        figure(total, total_hidden),
    )
}

/// The figures of a cycle in one unit (or all of them): people on the roll, those waiting to
/// be reached, those delivered; of a screening, those screened and those with an abnormal
/// result (suppressed cells).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageFigures {
    pub eligible: i64,
    pub waiting: i64,
    pub delivered: i64,
    pub screened: Option<Figure>,
    pub abnormal: Option<Figure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCoverage {
    pub unit_code: String,
    pub figures: CoverageFigures,
}

/// A cycle's figures in the caller's subtree, per (frozen) unit and in all.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub total: CoverageFigures,
    pub by_unit: Vec<UnitCoverage>,
}

pub async fn coverage(app: &App, caller: &Caller, cycle_id: i64) -> Result<Coverage, AppError> {
    let mut ex = app.db.ex();
    let (_, program) = load_cycle(&mut ex, caller, cycle_id, Access::Figures).await?;
    let rows = store::coverage(&mut ex, &caller.scope(), cycle_id).await?;
    let abnormal = abnormal_by_unit(&mut ex, &caller.scope(), cycle_id).await?;
    let sum = |f: fn(&store::UnitCoverage) -> i64| rows.iter().map(f).sum::<i64>();
    let screening = program.kind == ProgramKind::Screening;
    let column = |values: Vec<i64>| {
        let total = values.iter().sum();
        let (cells, total) = suppress(&values, total);
        (cells.into_iter().map(Some).collect::<Vec<_>>(), Some(total))
    };
    let (screened, screened_total) = if screening {
        column(rows.iter().map(|u| u.screened).collect())
    } else {
        (vec![None; rows.len()], None)
    };
    let (abnormal, abnormal_total) = if screening {
        column(
            rows.iter()
                .map(|u| abnormal.get(&u.unit_code).copied().unwrap_or(0))
                .collect(),
        )
    } else {
        (vec![None; rows.len()], None)
    };
    let total = CoverageFigures {
        eligible: sum(|u| u.eligible),
        waiting: sum(|u| u.waiting),
        delivered: sum(|u| u.delivered),
        screened: screened_total,
        abnormal: abnormal_total,
    };
    let by_unit = rows
        .into_iter()
        .zip(screened.into_iter().zip(abnormal))
        .map(|(u, (screened, abnormal))| UnitCoverage {
            figures: CoverageFigures {
                eligible: u.eligible,
                waiting: u.waiting,
                delivered: u.delivered,
                screened,
                abnormal,
            },
            unit_code: u.unit_code,
        })
        .collect();
    Ok(Coverage { total, by_unit })
}

/// Abnormal results per unit: the follow-ups they opened.
async fn abnormal_by_unit(
    ex: &mut Exec<'_>,
    scope: &Scope,
    cycle_id: i64,
) -> Result<std::collections::HashMap<String, i64>, AppError> {
    Ok(store::follow_ups_by_unit(ex, scope, cycle_id)
        .await?
        .into_iter()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(cells: &[Figure]) -> Vec<String> {
        cells.iter().map(Figure::text).collect()
    }

    #[test]
    fn result_cells_under_five_are_suppressed_and_cannot_be_worked_out() {
        // Every cell large: all shown.
        let (cells, total) = suppress(&[12, 7, 30], 49);
        assert_eq!(texts(&cells), ["12", "7", "30"]);
        assert_eq!(total, Figure::Count(49));
        // One small cell: it and the next smallest are hidden, the total stays.
        let (cells, total) = suppress(&[12, 3, 30], 45);
        assert_eq!(texts(&cells), ["<5", "<5", "30"]);
        assert_eq!(total.text(), "45");
        // Zero is a small cell too.
        let (cells, _) = suppress(&[0, 9, 8], 17);
        assert_eq!(texts(&cells), ["<5", "9", "<5"]);
        // Two small cells already hide each other.
        let (cells, _) = suppress(&[2, 1, 30], 33);
        assert_eq!(texts(&cells), ["<5", "<5", "30"]);
        // A small total is hidden; nothing needs a second cell then.
        let (cells, total) = suppress(&[3], 3);
        assert_eq!(texts(&cells), ["<5"]);
        assert_eq!(total, Figure::Suppressed);
    }
}
