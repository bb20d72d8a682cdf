//! Awards pages (评选表彰): the campaigns, a new campaign with its quotas per street, a
//! campaign's page (nominate; for the federation: vote, the result table, publish the shortlist,
//! decide objections, make the honours final), and the public notice with its objection form.

use super::parts::{
    label, optional_id, options, require, settled_form, unit_choices, unit_map, unit_name, Form,
    Pairs,
};
use super::{refused, render, Shell};
use crate::error::PageError;
use crate::extract::{parse_id, ClientOrigin, PageCaller, PostedForm, RecordForm, RecordRequest};
use crate::files::{download, posted_file};
use crate::i18n::{Lang, Tr};
use crate::pages::flash::Done;
use crate::pages::parts::{answer_on_page, RecordPage};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, RawForm, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use jinguo_app::auth::Caller;
use jinguo_app::awards::{
    self, Campaign, CampaignInput, DecisionInput, Material, Nomination, NominationInput, Objection,
    ObjectionInput, PublicNotice, PublishInput, ReviewLine, Stage, VoteInput,
};
use jinguo_app::AppError;
use jinguo_domain::awards::{Award, ObjectionOutcome, Vote};
use jinguo_domain::Role;
use jinguo_domain::UnitLevel;
use std::collections::BTreeMap;

fn stage_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Nominating => "award-stage-nominating",
        Stage::Notice => "award-stage-notice",
        Stage::NoticeEnded => "award-stage-notice_ended",
        Stage::Final => "award-stage-final",
    }
}

// ---- the campaigns ----

#[derive(Template)]
#[template(path = "awards.html")]
struct CampaignsPage {
    shell: Shell,
    campaigns: Vec<Campaign>,
    runs: bool,
}

impl CampaignsPage {
    fn award(&self, code: &str) -> String {
        label(self.shell.t, "award", code)
    }

    fn stage(&self, c: &Campaign) -> String {
        self.shell.t.t(stage_key(c.stage))
    }
}

pub async fn list(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    require(&caller, Role::nominates_for_awards)?;
    let lang = Lang::from_headers(&headers);
    render(&CampaignsPage {
        shell: Shell::new(lang, Some(&caller), "awards", "awards-title"),
        campaigns: awards::list_campaigns(&state.app, &caller).await?,
        runs: caller.role().runs_award_campaigns(),
    })
}

// ---- a new campaign ----

#[derive(Template)]
#[template(path = "award_campaign_form.html")]
struct CampaignFormPage {
    shell: Shell,
    form: Form,
    awards: Vec<(String, String)>,
    /// The streets (and units under the caller) that may get a quota.
    units: Vec<(String, String)>,
}

const CAMPAIGN_FIELDS: &[&str] = &[
    "award",
    "year",
    "title",
    "notice_days",
    "nominations_until",
    "quotas",
];

async fn campaign_form(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Form,
) -> Result<Html<String>, PageError> {
    if !caller.role().runs_award_campaigns() {
        return Err(AppError::Forbidden.into());
    }
    let t = Tr(lang);
    let units = unit_choices(state, caller, t)
        .await?
        .into_iter()
        .filter(|(code, _)| {
            jinguo_domain::UnitCode::parse(code).is_ok_and(|u| u.level() == UnitLevel::Street)
        })
        .collect();
    render(&CampaignFormPage {
        shell: Shell::new(lang, Some(caller), "awards", "awards-new"),
        awards: options(t, "award", Award::ALL, Award::as_str),
        units,
        form,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let year = jinguo_app::people::today(&state.app).year.to_string();
    let form = Form::new(Pairs::from_pairs(vec![
        ("year", year),
        ("notice_days", "5".to_owned()),
    ]));
    campaign_form(&state, &caller, Lang::from_headers(&headers), form).await
}

/// `quota-{UNIT}` fields of the form, the blank ones left out.
fn quotas_of(form: &Pairs) -> Result<BTreeMap<String, u32>, AppError> {
    let mut quotas = BTreeMap::new();
    for (name, value) in form.iter() {
        let Some(unit) = name.strip_prefix("quota-") else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let n = value
            .parse::<u32>()
            .map_err(|_| AppError::invalid_detail("quotas", "quota_too_large", value))?;
        quotas.insert(unit.to_owned(), n);
    }
    Ok(quotas)
}

/// The campaign form as the use case takes it, with its quotas.
fn campaign_input(form: &Pairs) -> Result<CampaignInput, AppError> {
    Ok(CampaignInput {
        award: form.get("award").into(),
        year: form.get("year").trim().parse().unwrap_or(0),
        title: form.get("title").into(),
        quotas: quotas_of(form)?,
        notice_days: form.get("notice_days").trim().parse().ok(),
        nominations_until: form.opt("nominations_until"),
    })
}

pub async fn create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let sent = async { awards::create_campaign(&state.app, &caller, campaign_input(&form)?).await };
    let to_campaign = |c: Campaign| format!("/awards/{}", c.id);
    settled_form(
        Done::Created,
        sent.await,
        to_campaign,
        (lang, form, CAMPAIGN_FIELDS),
        |form| campaign_form(&state, &caller, lang, form),
    )
    .await
}

// ---- a campaign's page ----

#[derive(Template)]
#[template(path = "award_campaign.html")]
struct CampaignPage {
    shell: Shell,
    campaign: Campaign,
    nominations: Vec<Nomination>,
    review: Vec<ReviewLine>,
    objections: Vec<Objection>,
    materials: Vec<Material>,
    units: std::collections::HashMap<String, String>,
    unit_choices: Vec<(String, String)>,
    runs: bool,
    votes: Vec<(String, String)>,
    outcomes: Vec<(String, String)>,
    form: Form,
    /// Which form was refused: `nominate`, `vote`, `publish`, `objection-{id}`, `finalize`.
    form_for: String,
}

impl CampaignPage {
    fn award(&self) -> String {
        label(self.shell.t, "award", &self.campaign.award)
    }

    fn stage(&self) -> String {
        self.shell.t.t(stage_key(self.campaign.stage))
    }

    fn nominating(&self) -> bool {
        self.campaign.stage == Stage::Nominating
    }

    fn notice_ended(&self) -> bool {
        self.campaign.stage == Stage::NoticeEnded
    }

    fn unit(&self, code: &str) -> String {
        unit_name(&self.units, code)
    }

    fn status(&self, code: &str) -> String {
        label(self.shell.t, "nomination-status", code)
    }

    fn outcome(&self, code: &Option<String>) -> String {
        code.as_deref()
            .map(|c| label(self.shell.t, "objection-outcome", c))
            .unwrap_or_default()
    }

    fn refused_for(&self, which: &str) -> bool {
        self.form_for == which && !self.form.message.is_empty()
    }

    fn objection_refused(&self, id: &i64) -> bool {
        self.refused_for(&format!("objection-{id}"))
    }

    fn materials_of(&self, nomination: &i64) -> Vec<&Material> {
        self.materials
            .iter()
            .filter(|m| m.nomination_id == *nomination)
            .collect()
    }

    fn material_refused(&self, nomination: &i64) -> bool {
        self.refused_for(&format!("material-{nomination}"))
    }
}

impl RecordPage for CampaignPage {
    fn back(id: i64) -> String {
        format!("/awards/{id}")
    }

    async fn build(
        state: &AppState,
        caller: &Caller,
        lang: Lang,
        id: i64,
        form: Form,
        form_for: &str,
    ) -> Result<Html<String>, PageError> {
        require(caller, Role::nominates_for_awards)?;
        let t = Tr(lang);
        let campaign = awards::get_campaign(&state.app, caller, id).await?;
        let runs = caller.role().runs_award_campaigns();
        let (review, objections) = if runs {
            (
                awards::review(&state.app, caller, id).await?,
                awards::objections(&state.app, caller, id).await?,
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let mut shell = Shell::new(lang, Some(caller), "awards", "awards-title");
        shell.title = campaign.title.clone();
        let nominations = awards::nominations(&state.app, caller, id).await?;
        let ids: Vec<i64> = nominations.iter().map(|n| n.id).collect();
        render(&CampaignPage {
            materials: awards::materials(&state.app, caller, &ids).await?,
            nominations,
            units: unit_map(state, caller).await?,
            unit_choices: unit_choices(state, caller, t).await?,
            votes: options(t, "vote", Vote::ALL, Vote::as_str),
            outcomes: options(
                t,
                "objection-outcome",
                ObjectionOutcome::ALL,
                ObjectionOutcome::as_str,
            ),
            review,
            objections,
            runs,
            campaign,
            form,
            form_for: form_for.to_owned(),
            shell,
        })
    }
}

pub async fn view(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    CampaignPage::build(&state, &caller, lang, id, Form::empty(), "").await
}

pub async fn nominate(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = NominationInput {
        person_id: optional_id(&form, "person_id"),
        enterprise_id: optional_id(&form, "enterprise_id"),
        unit_code: form.get("unit_code").into(),
        deeds: form.get("deeds").into(),
    };
    let result = awards::nominate(&state.app, &caller, id, input).await;
    answer_on_page::<CampaignPage>(&state, &caller, lang, id, form, "nominate", result).await
}

pub async fn vote(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = VoteInput {
        nomination_id: form.get("nomination_id").trim().parse().unwrap_or(0),
        vote: form.get("vote").into(),
    };
    let result = awards::vote(&state.app, &caller, id, input).await;
    answer_on_page::<CampaignPage>(&state, &caller, lang, id, form, "vote", result).await
}

pub async fn publish(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = PublishInput {
        nomination_ids: form
            .all("nomination_ids")
            .iter()
            .filter_map(|v| v.trim().parse().ok())
            .collect(),
    };
    let result = awards::publish(&state.app, &caller, id, input).await;
    answer_on_page::<CampaignPage>(&state, &caller, lang, id, form, "publish", result).await
}

pub async fn decide(
    State(state): State<AppState>,
    Path((id, objection)): Path<(String, String)>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let (id, objection) = (parse_id(&id)?, parse_id(&objection)?);
    let input = DecisionInput {
        outcome: form.get("outcome").into(),
        note: form.opt("note"),
    };
    let result = awards::decide_objection(&state.app, &caller, objection, input).await;
    let which = format!("objection-{objection}");
    answer_on_page::<CampaignPage>(&state, &caller, lang, id, form, &which, result).await
}

pub async fn finalize(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let result = awards::finalize(&state.app, &caller, id).await;
    answer_on_page::<CampaignPage>(&state, &caller, lang, id, form, "finalize", result).await
}

pub async fn add_material(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, nomination)): Path<(String, String)>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (id, nomination) = (parse_id(&id)?, parse_id(&nomination)?);
    let lang = Lang::from_headers(&headers);
    let which = format!("material-{nomination}");
    let (file, form) = posted_file(&caller, &mut multipart).await?;
    let result = match file {
        Ok((name, bytes)) => {
            awards::add_material(&state.app, &caller.0, nomination, &name, bytes).await
        }
        Err(e) => Err(e),
    };
    answer_on_page::<CampaignPage>(&state, &caller.0, lang, id, form, &which, result).await
}

pub async fn material(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path((_, nomination, material)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let (m, bytes) = awards::read_material(
        &state.app,
        &caller,
        parse_id(&nomination)?,
        parse_id(&material)?,
    )
    .await?;
    Ok(download(&m.file_name, &m.content_type, bytes))
}

// ---- the public notice ----

#[derive(Template)]
#[template(path = "public_notice.html")]
struct NoticePage {
    shell: Shell,
    key: String,
    notice: PublicNotice,
    form: Form,
    /// An objection was just received.
    received: bool,
    /// The objection came after the window: nothing was stored.
    closed_now: bool,
}

impl NoticePage {
    fn award(&self) -> String {
        label(self.shell.t, "award", &self.notice.award)
    }
}

async fn notice_page(
    state: &AppState,
    lang: Lang,
    key: &str,
    form: Form,
    received: bool,
    closed_now: bool,
) -> Result<Html<String>, PageError> {
    let notice = awards::public_notice(&state.app, key).await?;
    let deployment = jinguo_app::settings::current(&state.app).await?;
    render(&NoticePage {
        shell: Shell::public(lang, "notice-title", &deployment),
        key: key.to_owned(),
        notice,
        form,
        received,
        closed_now,
    })
}

pub async fn public_notice(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    notice_page(&state, lang, &key, Form::empty(), false, false).await
}

pub async fn public_objection(
    State(state): State<AppState>,
    Path(key): Path<String>,
    ClientOrigin(origin): ClientOrigin,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let form = Pairs::parse(&body);
    let input = ObjectionInput {
        nomination_id: form.get("nomination_id").trim().parse().unwrap_or(0),
        text: form.get("text").into(),
        contact: form.opt("contact"),
    };
    let result = awards::object(&state.app, &state.public_limits, &origin.ip, &key, input).await;
    match result {
        Ok(_) => Ok(notice_page(&state, lang, &key, Form::empty(), true, false)
            .await?
            .into_response()),
        // After the window: the page says so, and nothing was stored.
        Err(AppError::Conflict { .. }) => Ok((
            StatusCode::CONFLICT,
            notice_page(&state, lang, &key, Form::empty(), false, true).await?,
        )
            .into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let form = Form::refused(form, lang, &e, &["nomination_id", "text", "contact"]);
            Ok(refused(
                notice_page(&state, lang, &key, form, false, false).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
