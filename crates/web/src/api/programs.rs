//! Care programs (关爱帮扶): programs and their eligibility rule in words, cycles with their
//! frozen rolls, roll marks, deliveries, screening results and coverage.

use crate::api::{iso, ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, Path};
use crate::i18n::{message, Lang};
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use jinguo_app::programs::{
    self, Coverage, Cycle, CycleInput, Delivery, DeliveryInput, Figure, FollowUp, FollowUpQuery,
    OutcomeInput, Phones, Program, ProgramInput, ResultInput, RollEntry, RollLine, RollMark,
    RollQuery, ScreeningResult,
};
use jinguo_domain::programs::{Phrase, Rule};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// A rule in the reader's language: 女性，35–64 岁，低保，不含已故.
pub fn rule_text(lang: Lang, rule: &Rule) -> String {
    rule_text_named(lang, rule, &|code| code.to_owned())
}

/// A rule in the reader's language, its unit named by `unit` (pages name it as the tree does).
pub fn rule_text_named(lang: Lang, rule: &Rule, unit: &dyn Fn(&str) -> String) -> String {
    let phrases: Vec<String> = rule.words().iter().map(|p| phrase(lang, p, unit)).collect();
    phrases.join(&message(lang, "rule-sep", &[]))
}

fn phrase(lang: Lang, p: &Phrase, unit: &dyn Fn(&str) -> String) -> String {
    let tag = |code: &str| message(lang, &format!("tag-{code}"), &[]);
    let args: Vec<(&str, String)> = p
        .args
        .iter()
        .map(|(name, value)| {
            let value = match *name {
                "tag" => tag(value),
                "tags" => value.split(',').map(tag).collect::<Vec<_>>().join(&message(
                    lang,
                    "rule-or",
                    &[],
                )),
                "unit" => unit(value),
                _ => value.clone(),
            };
            (*name, value)
        })
        .collect();
    message(lang, p.key, &args)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramView {
    pub id: i64,
    pub name: String,
    /// screening, relief, visit, aid
    pub kind: String,
    pub unit_code: String,
    pub partners: Option<String>,
    pub description: Option<String>,
    /// The eligibility rule as stored (tags and facts as codes).
    #[schema(value_type = jinguo_app::programs::RuleSchema)]
    pub rule: Rule,
    /// The rule in the caller's language.
    pub rule_text: String,
    /// The roles that record and read screening results.
    pub result_readers: Vec<String>,
    pub created_at: String,
}

impl ProgramView {
    fn of(lang: Lang, p: &Program) -> ProgramView {
        ProgramView {
            id: p.id,
            name: p.name.clone(),
            kind: p.kind.as_str().to_owned(),
            unit_code: p.unit_code.clone(),
            partners: p.partners.clone(),
            description: p.description.clone(),
            rule: p.rule.clone(),
            rule_text: rule_text(lang, &p.rule),
            result_readers: p
                .result_readers
                .iter()
                .map(|r| r.as_str().to_owned())
                .collect(),
            created_at: iso(p.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramCreated {
    pub id: i64,
    pub rule_text: String,
}

#[utoipa::path(post, path = "/api/v1/programs", tag = "programs", request_body = ProgramInput,
    responses((status = 201, body = ProgramCreated), (status = 422, body = ErrorBody)))]
pub async fn create_program(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ProgramInput>,
) -> Result<(StatusCode, Json<ProgramCreated>), ApiError> {
    let p = programs::create(&state.app, &caller, input).await?;
    let lang = Lang::from_headers(&headers);
    Ok((
        StatusCode::CREATED,
        Json(ProgramCreated {
            id: p.id,
            rule_text: rule_text(lang, &p.rule),
        }),
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgramParams {
    /// screening, relief, visit, aid
    pub kind: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/programs", tag = "programs", params(ProgramParams),
    responses((status = 200, body = ListOf<ProgramView>)))]
pub async fn list_programs(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    headers: HeaderMap,
    ApiQuery(p): ApiQuery<ProgramParams>,
) -> Result<Json<ListOf<ProgramView>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let lang = Lang::from_headers(&headers);
    let found = programs::list(&state.app, &caller, p.kind.as_deref(), paging.0, paging.1).await?;
    Ok(Json(ListOf::of(
        found,
        |p| ProgramView::of(lang, p),
        paging,
    )))
}

#[utoipa::path(get, path = "/api/v1/programs/{id}", tag = "programs",
    responses((status = 200, body = ProgramView), (status = 404, body = ErrorBody)))]
pub async fn get_program(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Json<ProgramView>, ApiError> {
    let p = programs::get(&state.app, &caller, id).await?;
    Ok(Json(ProgramView::of(Lang::from_headers(&headers), &p)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EligibleParams {
    /// Ages on this day (`YYYY-MM-DD`; default today).
    pub on: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EligibleCount {
    /// People the rule matches now, inside the caller's subtree.
    pub eligible: i64,
}

#[utoipa::path(get, path = "/api/v1/programs/{id}/eligible", tag = "programs",
    params(EligibleParams), responses((status = 200, body = EligibleCount)))]
pub async fn count_eligible(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiQuery(p): ApiQuery<EligibleParams>,
) -> Result<Json<EligibleCount>, ApiError> {
    let eligible = programs::count_eligible(&state.app, &caller, id, p.on.as_deref()).await?;
    Ok(Json(EligibleCount { eligible }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CycleView {
    pub id: i64,
    pub program_id: i64,
    pub unit_code: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub reference_date: String,
    /// `{"kind":"service"}`, `{"kind":"cash","amount_fen"}`, `{"kind":"goods","items"}`
    #[schema(value_type = Object)]
    pub benefit: Value,
    /// People on the roll inside the caller's subtree.
    pub roll_size: i64,
    pub generated_at: String,
}

impl CycleView {
    fn of(c: &Cycle) -> CycleView {
        let b = &c.benefit;
        let mut benefit = serde_json::json!({"kind": b.kind.as_str()});
        if let Some(fen) = b.amount_fen {
            benefit["amount_fen"] = fen.into();
        }
        if let Some(account) = b.account_id {
            benefit["account_id"] = account.into();
        }
        if let Some(items) = &b.items {
            benefit["items"] = items.clone();
        }
        CycleView {
            id: c.id,
            program_id: c.program_id,
            unit_code: c.unit_code.clone(),
            title: c.title.clone(),
            starts_on: c.starts_on.clone(),
            ends_on: c.ends_on.clone(),
            reference_date: c.reference_date.clone(),
            benefit,
            roll_size: c.roll_size,
            generated_at: iso(c.generated_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CycleCreated {
    pub id: i64,
    pub roll_size: i64,
}

#[utoipa::path(post, path = "/api/v1/programs/{id}/cycles", tag = "programs",
    request_body = CycleInput,
    responses((status = 201, body = CycleCreated), (status = 422, body = ErrorBody)))]
pub async fn create_cycle(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CycleInput>,
) -> Result<(StatusCode, Json<CycleCreated>), ApiError> {
    let c = programs::create_cycle(&state.app, &caller, id, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(CycleCreated {
            id: c.id,
            roll_size: c.roll_size,
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/programs/{id}/cycles", tag = "programs",
    responses((status = 200, body = Vec<CycleView>)))]
pub async fn list_cycles(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CycleView>>, ApiError> {
    let found = programs::cycles(&state.app, &caller, id).await?;
    Ok(Json(found.iter().map(CycleView::of).collect()))
}

#[utoipa::path(get, path = "/api/v1/cycles/{id}", tag = "programs",
    responses((status = 200, body = CycleView), (status = 404, body = ErrorBody)))]
pub async fn get_cycle(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<CycleView>, ApiError> {
    let c = programs::get_cycle(&state.app, &caller, id).await?;
    Ok(Json(CycleView::of(&c)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RollRefreshed {
    /// People added by this run (those already on the roll stay as they were).
    pub added: u64,
    pub roll_size: i64,
}

#[utoipa::path(post, path = "/api/v1/cycles/{id}/roll/refresh", tag = "programs",
    responses((status = 200, body = RollRefreshed)))]
pub async fn refresh_roll(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<RollRefreshed>, ApiError> {
    let (added, roll_size) = programs::refresh_roll(&state.app, &caller, id).await?;
    Ok(Json(RollRefreshed { added, roll_size }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RollEntryView {
    pub person_id: i64,
    /// Her name in the registry now.
    pub name: String,
    pub id_number_masked: String,
    pub phone_masked: Option<String>,
    /// Her unit when the roll was drawn.
    pub unit_code: String,
    /// invited, reached, declined, unreachable, moved, delivered
    pub status: String,
    /// The age she reaches in the reference date's year, when the roll was drawn.
    pub age: i32,
    /// Her tags when the roll was drawn.
    pub tags: Vec<String>,
    pub status_at: Option<String>,
    /// Delivered: whether she still met the rule then (false: delivered and flagged); null
    /// until delivered.
    pub still_eligible: Option<bool>,
}

impl RollEntryView {
    fn of(l: &RollLine) -> RollEntryView {
        let e = &l.entry;
        RollEntryView {
            person_id: e.person_id,
            name: l.name.clone(),
            id_number_masked: l.id_number_masked.clone(),
            phone_masked: l.phone_masked.clone(),
            unit_code: e.unit_code.clone(),
            status: e.status.as_str().to_owned(),
            age: e.age,
            tags: e.tags.clone(),
            status_at: e.status_at.map(iso),
            still_eligible: l.still_eligible,
        }
    }
}

/// A marked roll entry as the API answers it (the entry as frozen, with its new status).
#[derive(Debug, Serialize, ToSchema)]
pub struct RollMarkView {
    pub person_id: i64,
    pub unit_code: String,
    /// invited, reached, declined, unreachable, moved
    pub status: String,
    pub age: i32,
    pub tags: Vec<String>,
    pub status_at: Option<String>,
}

impl RollMarkView {
    fn of(e: &RollEntry) -> RollMarkView {
        RollMarkView {
            person_id: e.person_id,
            unit_code: e.unit_code.clone(),
            status: e.status.as_str().to_owned(),
            age: e.age,
            tags: e.tags.clone(),
            status_at: e.status_at.map(iso),
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RollParams {
    /// A unit: its subtree's part of the roll.
    pub unit_code: Option<String>,
    pub status: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/cycles/{id}/roll", tag = "programs", params(RollParams),
    responses((status = 200, body = ListOf<RollEntryView>)))]
pub async fn get_roll(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiQuery(p): ApiQuery<RollParams>,
) -> Result<Json<ListOf<RollEntryView>>, ApiError> {
    let paging = Paging::of(p.page, p.per_page)?;
    let q = RollQuery {
        unit_code: p.unit_code.clone(),
        status: p.status.clone(),
    };
    let found = programs::roll(&state.app, &caller, id, &q, paging.0, paging.1).await?;
    Ok(Json(ListOf::of(found, RollEntryView::of, paging)))
}

#[utoipa::path(patch, path = "/api/v1/cycles/{id}/roll/{person_id}", tag = "programs",
    request_body = RollMark,
    responses((status = 200, body = RollMarkView), (status = 404, body = ErrorBody)))]
pub async fn mark_roll_entry(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, person_id)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<RollMark>,
) -> Result<Json<RollMarkView>, ApiError> {
    let e = programs::mark(&state.app, &caller, id, person_id, input).await?;
    Ok(Json(RollMarkView::of(&e)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    pub id: i64,
    pub person_id: i64,
    pub unit_code: String,
    pub amount_fen: Option<i64>,
    /// False when she no longer meets the rule (delivered, and flagged to look at).
    pub still_eligible: bool,
    /// `no_longer_eligible` when flagged.
    pub warning: Option<String>,
}

impl DeliveryView {
    fn of(d: &Delivery) -> DeliveryView {
        DeliveryView {
            id: d.id,
            person_id: d.person_id,
            unit_code: d.unit_code.clone(),
            amount_fen: d.amount_fen,
            still_eligible: d.still_eligible,
            warning: (!d.still_eligible).then(|| "no_longer_eligible".to_owned()),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/cycles/{id}/deliveries", tag = "programs",
    request_body = DeliveryInput,
    responses((status = 201, body = DeliveryView), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn add_delivery(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DeliveryInput>,
) -> Result<(StatusCode, Json<DeliveryView>), ApiError> {
    let d = programs::deliver(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(DeliveryView::of(&d))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResultView {
    pub id: i64,
    pub person_id: i64,
    pub unit_code: String,
    pub cervical: Option<String>,
    pub hpv: Option<String>,
    pub breast_birads: Option<u8>,
    pub referral: Option<String>,
    pub diagnosis: Option<String>,
    pub follow_up_on: Option<String>,
    pub created_at: String,
}

impl ResultView {
    fn of(r: &ScreeningResult) -> ResultView {
        let x = &r.result;
        ResultView {
            id: r.id,
            person_id: x.person_id,
            unit_code: r.unit_code.clone(),
            cervical: x.cervical.clone(),
            hpv: x.hpv.clone(),
            breast_birads: x.breast_birads,
            referral: x.referral.clone(),
            diagnosis: x.diagnosis.clone(),
            follow_up_on: x.follow_up_on.clone(),
            created_at: iso(r.created_at),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/cycles/{id}/results", tag = "programs",
    request_body = ResultInput,
    responses((status = 201, body = ResultView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_result(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ResultInput>,
) -> Result<(StatusCode, Json<ResultView>), ApiError> {
    let r = programs::record_result(&state.app, &caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(ResultView::of(&r))))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultParams {
    pub person_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/cycles/{id}/results", tag = "programs", params(ResultParams),
    responses((status = 200, body = Vec<ResultView>), (status = 404, body = ErrorBody)))]
pub async fn list_results(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiQuery(p): ApiQuery<ResultParams>,
) -> Result<Json<Vec<ResultView>>, ApiError> {
    let found = programs::results(&state.app, &caller, id, p.person_id).await?;
    Ok(Json(found.iter().map(ResultView::of).collect()))
}

/// A count about screening results: the number, or `"<5"` when it is suppressed (under 5, or
/// hidden beside such a cell so that it cannot be worked out from the total).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum FigureView {
    Count(i64),
    /// `<5`
    Suppressed(String),
}

impl FigureView {
    fn of(f: &Figure) -> FigureView {
        match f {
            Figure::Count(n) => FigureView::Count(*n),
            Figure::Suppressed => FigureView::Suppressed(f.text()),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitCoverageView {
    pub unit_code: String,
    pub eligible: i64,
    /// Still `invited`: not reached yet.
    pub waiting: i64,
    pub delivered: i64,
    /// A screening's people with a recorded result (suppressed under 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screened: Option<FigureView>,
    /// A screening's abnormal results (suppressed under 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abnormal: Option<FigureView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageView {
    /// People on the roll inside the caller's subtree.
    pub eligible: i64,
    pub waiting: i64,
    pub delivered: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screened: Option<FigureView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abnormal: Option<FigureView>,
    pub by_unit: Vec<UnitCoverageView>,
}

impl CoverageView {
    fn of(c: &Coverage) -> CoverageView {
        let t = &c.total;
        CoverageView {
            eligible: t.eligible,
            waiting: t.waiting,
            delivered: t.delivered,
            screened: t.screened.as_ref().map(FigureView::of),
            abnormal: t.abnormal.as_ref().map(FigureView::of),
            by_unit: c
                .by_unit
                .iter()
                .map(|u| UnitCoverageView {
                    unit_code: u.unit_code.clone(),
                    eligible: u.figures.eligible,
                    waiting: u.figures.waiting,
                    delivered: u.figures.delivered,
                    screened: u.figures.screened.as_ref().map(FigureView::of),
                    abnormal: u.figures.abnormal.as_ref().map(FigureView::of),
                })
                .collect(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/cycles/{id}/coverage", tag = "programs",
    responses((status = 200, body = CoverageView)))]
pub async fn get_coverage(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<CoverageView>, ApiError> {
    let c = programs::coverage(&state.app, &caller, id).await?;
    Ok(Json(CoverageView::of(&c)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SheetParams {
    /// A unit of the caller's subtree: its part of the roll (default: all of hers).
    pub unit_code: Option<String>,
    /// `masked` (default) or `full`: full phones for the officer who calls, an audited read
    /// (federation, street and community staff only; 403 for the others).
    pub phones: Option<String>,
}

impl SheetParams {
    fn phones(&self) -> Result<Phones, jinguo_app::AppError> {
        match self.phones.as_deref().map(str::trim) {
            None | Some("") | Some("masked") => Ok(Phones::Masked),
            Some("full") => Ok(Phones::Full),
            Some(other) => Err(jinguo_app::AppError::invalid_detail(
                "phones",
                "invalid_choice",
                other,
            )),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SheetLineView {
    /// Her number on her community's list.
    pub seq: usize,
    pub person_id: i64,
    pub name: String,
    pub id_number_masked: String,
    pub age: i32,
    /// Masked, or full when asked for (null when the registry has none).
    pub phone: Option<String>,
    /// invited, reached, declined, unreachable, moved, delivered
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SheetGroupView {
    /// The community (the unit each person had when the roll was drawn).
    pub unit_code: String,
    pub people: Vec<SheetLineView>,
}

/// A cycle's notice list (通知名单), per community.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeListView {
    pub cycle_id: i64,
    /// masked, full
    pub phones: String,
    pub groups: Vec<SheetGroupView>,
}

#[utoipa::path(get, path = "/api/v1/cycles/{id}/notice-list", tag = "programs",
    params(SheetParams),
    responses((status = 200, body = NoticeListView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn notice_list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiQuery(p): ApiQuery<SheetParams>,
) -> Result<Json<NoticeListView>, ApiError> {
    let phones = p.phones()?;
    let sheet = programs::roll_sheet(
        &state.app,
        &caller,
        id,
        p.unit_code.as_deref().filter(|u| !u.trim().is_empty()),
        phones,
    )
    .await?;
    Ok(Json(NoticeListView {
        cycle_id: sheet.cycle.id,
        phones: match phones {
            Phones::Masked => "masked",
            Phones::Full => "full",
        }
        .to_owned(),
        groups: sheet
            .groups
            .iter()
            .map(|g| SheetGroupView {
                unit_code: g.unit_code.clone(),
                people: g
                    .lines
                    .iter()
                    .map(|l| SheetLineView {
                        seq: l.seq,
                        person_id: l.person_id,
                        name: l.name.clone(),
                        id_number_masked: l.id_number_masked.clone(),
                        age: l.age,
                        phone: Some(l.phone.clone()).filter(|p| !p.is_empty()),
                        status: l.status.as_str().to_owned(),
                    })
                    .collect(),
            })
            .collect(),
    }))
}

/// The sign-off sheet (签领表) of a cycle as a workbook, per community, with its signature
/// column: the file to print, have signed, fill in and import back (`marks/import`).
#[utoipa::path(get, path = "/api/v1/cycles/{id}/signoff.xlsx", tag = "programs",
    params(SheetParams),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        description = "the workbook"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn signoff_xlsx(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    headers: HeaderMap,
    Path(id): Path<i64>,
    ApiQuery(p): ApiQuery<SheetParams>,
) -> Result<axum::response::Response, ApiError> {
    let sheet = programs::roll_sheet(
        &state.app,
        &caller,
        id,
        p.unit_code.as_deref().filter(|u| !u.trim().is_empty()),
        Phones::Masked,
    )
    .await?;
    let units: std::collections::HashMap<String, String> =
        jinguo_app::units::tree(&state.app, &caller)
            .await?
            .into_iter()
            .map(|u| (u.code, u.name))
            .collect();
    let bytes = crate::pages::programs_signoff_bytes(Lang::from_headers(&headers), &sheet, &units)?;
    Ok(crate::files::download(
        &format!("signoff-{}.xlsx", sheet.cycle.id),
        crate::files::XLSX,
        bytes,
    ))
}

/// Imports the marks of a signed sign-off sheet: the workbook `signoff.xlsx` filled in (its
/// 状态 / Status and 本人签名 / Signature columns), or a CSV with the same columns. Each row is
/// a person of the cycle's roll in the caller's subtree, found by her number (编号); a status
/// marks her (已联系, 拒绝, 联系不上, 已迁出, or the codes), a signature records her delivery
/// (through the same path as `POST /cycles/{id}/deliveries`). With `dry_run=true` nothing is
/// written and every refused row is named with its line and column; otherwise the rows are
/// written in one transaction, and only when none is refused.
#[utoipa::path(post, path = "/api/v1/cycles/{id}/marks/import", tag = "programs",
    request_body(content_type = "multipart/form-data", description = "`file`: the signed sheet (xlsx, xls, ods or csv in UTF-8 or GBK); \
        `dry_run`: true or false; `report`: `xlsx` to answer with the workbook of refused rows instead of JSON"),
    responses((status = 200, body = crate::api::ImportSummary), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "unreadable file, no 编号 column")))]
pub async fn import_marks(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    headers: HeaderMap,
    Path(id): Path<i64>,
    crate::extract::ApiMultipart(mut multipart): crate::extract::ApiMultipart,
) -> Result<axum::response::Response, ApiError> {
    let lang = Lang::from_headers(&headers);
    let (file, fields) = crate::api::spool_form(&state.app, &mut multipart).await?;
    let (file_name, upload) =
        file.ok_or_else(|| jinguo_app::AppError::invalid("file", "required"))?;
    let sheet = upload.into_sheet(&file_name)?;
    let dry_run = crate::api::employment_import::flag(&fields, "dry_run")?;
    let report = programs::import_marks(&state.app, &caller, id, &sheet, dry_run).await?;
    crate::api::employment_import::answer(lang, &fields, &report)
}

/// The follow-up an abnormal screening result opened. `outcome` only in a single follow-up's
/// read and in the answer to closing it, never in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpView {
    pub id: i64,
    pub result_id: i64,
    pub cycle_id: i64,
    pub cycle_title: String,
    pub program_id: i64,
    pub program_name: String,
    pub person_id: i64,
    pub name: String,
    pub id_number_masked: String,
    pub unit_code: String,
    pub due_on: String,
    /// `open` or `done`.
    pub status: String,
    pub done_on: Option<String>,
    pub outcome: Option<String>,
    pub created_at: String,
}

impl FollowUpView {
    fn of(f: &FollowUp) -> FollowUpView {
        FollowUpView {
            id: f.id,
            result_id: f.result_id,
            cycle_id: f.cycle_id,
            cycle_title: f.cycle_title.clone(),
            program_id: f.program_id,
            program_name: f.program_name.clone(),
            person_id: f.person_id,
            name: f.name.clone(),
            id_number_masked: f.id_number_masked.clone(),
            unit_code: f.unit_code.clone(),
            due_on: f.due_on.clone(),
            status: if f.is_open() { "open" } else { "done" }.into(),
            done_on: f.done_on.clone(),
            outcome: f.outcome.clone(),
            created_at: iso(f.created_at),
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FollowUpParams {
    /// One cycle's (404 when the caller may not read its results).
    pub cycle_id: Option<i64>,
    /// `open` (the default) or `all`.
    pub status: Option<String>,
}

impl FollowUpParams {
    fn query(&self) -> Result<FollowUpQuery, jinguo_app::AppError> {
        let open_only = match self.status.as_deref().map(str::trim) {
            None | Some("") | Some("open") => true,
            Some("all") => false,
            Some(other) => {
                return Err(jinguo_app::AppError::invalid_detail(
                    "status",
                    "invalid_choice",
                    other,
                ))
            }
        };
        Ok(FollowUpQuery {
            cycle_id: self.cycle_id,
            open_only,
        })
    }
}

#[utoipa::path(get, path = "/api/v1/screening-follow-ups", tag = "programs",
    params(FollowUpParams),
    responses((status = 200, body = Vec<FollowUpView>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_follow_ups(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(p): ApiQuery<FollowUpParams>,
) -> Result<Json<Vec<FollowUpView>>, ApiError> {
    let found = programs::follow_ups(&state.app, &caller, &p.query()?).await?;
    Ok(Json(found.iter().map(FollowUpView::of).collect()))
}

#[utoipa::path(get, path = "/api/v1/screening-follow-ups/{id}", tag = "programs",
    responses((status = 200, body = FollowUpView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_follow_up(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<FollowUpView>, ApiError> {
    let f = programs::follow_up(&state.app, &caller, id).await?;
    Ok(Json(FollowUpView::of(&f)))
}

#[utoipa::path(post, path = "/api/v1/screening-follow-ups/{id}/close", tag = "programs",
    request_body = OutcomeInput,
    responses((status = 200, body = FollowUpView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn close_follow_up(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<OutcomeInput>,
) -> Result<Json<FollowUpView>, ApiError> {
    let f = programs::close_follow_up(&state.app, &caller, id, input).await?;
    Ok(Json(FollowUpView::of(&f)))
}
