//! Briefing pages: the list, drafting one from cases, sending it and recording responses.

use super::list::{briefs, line_of};
use super::*;
use crate::error::PageError;
use crate::extract::ListRequest;
use crate::extract::PageCaller;
use crate::extract::PostedForm;
use crate::extract::{RecordForm, RecordRequest};
use crate::files::download;
use crate::files::DOCX;
use crate::i18n::{error_message, Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::pages::parts::{unit_map, Pager, Pairs};
use crate::pages::{refused, render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::cases::briefings::{self, BriefingInput};
use jinguo_app::cases::{self, CaseQuery};
use jinguo_app::AppError;
use jinguo_domain::cases::CaseKind;

#[derive(Template)]
#[template(path = "briefings.html")]
struct BriefingsPage {
    shell: Shell,
    rows: Vec<jinguo_app::cases::briefings::Briefing>,
    pager: Pager,
    can_brief: bool,
}

pub async fn briefing_list(
    State(state): State<AppState>,
    ListRequest {
        caller,
        lang,
        q,
        paging,
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    let (rows, total) = briefings::list(&state.app, &caller, paging.page, paging.per_page).await?;
    render(&BriefingsPage {
        shell: Shell::new(lang, Some(&caller), "briefings", "briefings-title"),
        pager: Pager::of(Tr(lang), &q, "/briefings", paging, total),
        can_brief: briefs(&caller),
        rows,
    })
}

#[derive(Template)]
#[template(path = "briefing_form.html")]
struct BriefingFormPage {
    shell: Shell,
    form: Pairs,
    error: Option<String>,
    /// Open, unrestricted cases to choose from, and whether each is chosen.
    candidates: Vec<(CaseLine, bool)>,
    /// The chosen cases' items as the briefing will say them: (case id, code, heading, body).
    items: Vec<(i64, String, String, String)>,
}

async fn briefing_form(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    form: Pairs,
    error: Option<&AppError>,
) -> Result<Html<String>, PageError> {
    let t = Tr(lang);
    let names = unit_map(state, caller).await?;
    let chosen = form.all("case_ids");
    let mut candidates = Vec::new();
    for kind in [CaseKind::Enterprise, CaseKind::Rights] {
        let q = CaseQuery {
            kind: Some(kind.as_str().into()),
            ..CaseQuery::default()
        };
        let found = cases::list(&state.app, caller, &q, 1, 100).await?;
        candidates.extend(
            found
                .items
                .iter()
                .filter(|c| c.status.is_open() && !c.restricted)
                .map(|c| (line_of(t, c, &names), chosen.contains(&c.id.to_string()))),
        );
    }
    let mut items = Vec::new();
    for id in chosen.iter().filter_map(|c| c.parse::<i64>().ok()) {
        // The narrative is read: through the audited case page, and never a restricted one.
        let Ok(case) = cases::get(&state.app, caller, id).await else {
            continue;
        };
        if case.case.restricted {
            continue;
        }
        let case = case.case;
        let (heading, body) = briefings::proposed_item(&state.app, caller, case.id).await?;
        let own =
            |field: &str, proposed: String| form.opt(&format!("{field}.{id}")).unwrap_or(proposed);
        items.push((
            id,
            case.code.clone(),
            own("heading", heading),
            own("body", body),
        ));
    }
    render(&BriefingFormPage {
        items,
        shell: Shell::new(lang, Some(caller), "briefings", "briefing-new-title"),
        error: error.map(|e| error_message(lang, e)),
        candidates,
        form,
    })
}

pub async fn briefing_new(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    if !briefs(&caller) {
        return Err(AppError::Forbidden.into());
    }
    let form = Pairs::of_query(raw.as_deref());
    briefing_form(&state, &caller, Lang::from_headers(&headers), form, None).await
}

/// The composer again with the chosen cases' items to edit (a post: the form holds the token).
pub async fn briefing_preview(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Html<String>, PageError> {
    if !briefs(&caller) {
        return Err(AppError::Forbidden.into());
    }
    briefing_form(&state, &caller, lang, form, None).await
}

pub async fn briefing_create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let input = BriefingInput {
        case_ids: form
            .all("case_ids")
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect(),
        title: form.get("title").into(),
        summary: form.opt("summary"),
        suggestion: form.opt("suggestion"),
        drafter: form.opt("drafter"),
        signer: form.opt("signer"),
        items: form
            .all("case_ids")
            .iter()
            .filter_map(|c| c.parse::<i64>().ok())
            .map(|case_id| briefings::ItemInput {
                case_id,
                heading: form.opt(&format!("heading.{case_id}")),
                body: form.opt(&format!("body.{case_id}")),
            })
            .collect(),
    };
    match briefings::create(&state.app, &caller, input).await {
        Ok(b) => Ok(flash::redirect(
            &format!("/briefings/{}", b.id),
            Done::Created,
        )),
        Err(e @ AppError::Invalid { .. }) => Ok(refused(
            briefing_form(&state, &caller, lang, form, Some(&e)).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "briefing.html")]
struct BriefingPage {
    shell: Shell,
    b: jinguo_app::cases::briefings::Briefing,
    items: Vec<jinguo_app::cases::briefings::BriefingItem>,
    error: Option<String>,
    can_brief: bool,
}

async fn briefing_page(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: i64,
    error: Option<&AppError>,
) -> Result<Html<String>, PageError> {
    let b = briefings::get(&state.app, caller, id).await?;
    render(&BriefingPage {
        shell: Shell::new(lang, Some(caller), "briefings", "briefing-title"),
        items: b.items.clone(),
        b,
        error: error.map(|e| error_message(lang, e)),
        can_brief: briefs(caller),
    })
}

pub async fn briefing_view(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
) -> Result<Html<String>, PageError> {
    briefing_page(&state, &caller, lang, id, None).await
}

pub async fn briefing_document(
    State(state): State<AppState>,
    RecordRequest { caller, id, .. }: RecordRequest,
) -> Result<Response, PageError> {
    let (name, bytes) = briefings::document(&state.app, &caller, id).await?;
    Ok(download(&name, DOCX, bytes))
}

pub async fn briefing_response(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = briefings::ResponseInput {
        sent_on: form.opt("sent_on"),
        response: form.opt("response"),
        response_on: form.opt("response_on"),
    };
    match briefings::record_response(&state.app, &caller, id, input).await {
        Ok(_) => Ok(flash::redirect(&format!("/briefings/{id}"), Done::Saved)),
        Err(e @ AppError::Invalid { .. }) => Ok(refused(
            briefing_page(&state, &caller, lang, id, Some(&e)).await?,
        )),
        Err(e) => Err(e.into()),
    }
}
