//! Model women pages (典型宣传): the profiles of the caller's subtree, a new profile (a woman
//! found with the person picker, or an enterprise with the enterprise picker), and a profile's
//! page: her story (edited in place), photos (uploaded, shown from the encrypted store), and
//! the record of where her story ran.

use super::parts::{
    label, listed, optional_id, options, require, unit_choices, unit_map, unit_name, Cell, Filters,
    Form, List, Pager, Table,
};
use super::{refused, render, Shell};
use crate::error::PageError;
use crate::extract::ListRequest;
use crate::extract::{parse_id, PageCaller, PostedForm, RecordForm, RecordRequest};
use crate::files::{download, posted_file};
use crate::i18n::{Lang, Tr};
use crate::pages::flash::{self, Done};
use crate::pages::parts::{answer_on_page, RecordPage};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::employment::events::{self, EventQuery};
use jinguo_app::model_women::{
    self, ModelWoman, Photo, ProfileChanges, ProfileInput, Publication, PublicationInput,
};
use jinguo_app::AppError;
use jinguo_domain::employment::EventKind;
use jinguo_domain::model_women::Channel;
use jinguo_domain::Role;

fn shell(lang: Lang, caller: &Caller, title_key: &str) -> Shell {
    Shell::new(lang, Some(caller), "model-women", title_key)
}

// ---- the list ----

#[derive(Template)]
#[template(path = "model_women.html")]
struct ProfilesPage {
    shell: Shell,
    list: List,
}

pub async fn list(
    State(state): State<AppState>,
    ListRequest {
        caller,
        lang,
        q,
        paging,
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    require(&caller, Role::publicizes_model_women)?;
    let units = unit_map(&state, &caller).await?;
    let t = Tr(lang);
    let mut table = Table::new(
        t,
        "model-women-table",
        &[
            "model-women-subject",
            "model-women-headline",
            "field-unit_code",
        ],
        "model-women-empty",
    );
    let found = model_women::list(
        &state.app,
        &caller,
        q.opt("unit_code").as_deref(),
        paging.page,
        paging.per_page,
    )
    .await;
    let (lines, total, error) = listed(lang, found)?;
    for m in &lines {
        table.push(vec![
            Cell::link(
                m.name.clone(),
                format!("/model-women/{}", m.id),
                "model-woman-link",
            ),
            Cell::text(m.headline.clone()),
            Cell::text(unit_name(&units, &m.unit_code)),
        ]);
    }
    let filters = Filters::new(t, &q, "/model-women", "model-women-filters").select(
        "unit_code",
        "model-women-unit",
        t.t("field-unit_code"),
        unit_choices(&state, &caller, t).await?,
    );
    let pager = Pager::of(t, &q, "/model-women", paging, total);
    let list = List {
        error,
        ..List::new(t, filters, table, pager, "employment-total", total)
    };
    render(&ProfilesPage {
        shell: shell(lang, &caller, "model-women-title"),
        list,
    })
}

// ---- a new profile ----

#[derive(Template)]
#[template(path = "model_woman_form.html")]
struct NewProfilePage {
    shell: Shell,
    form: Form,
}

const PROFILE_FIELDS: &[&str] = &["person_id", "enterprise_id", "headline", "story"];

pub async fn new_form(
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    require(&caller, Role::publicizes_model_women)?;
    let lang = Lang::from_headers(&headers);
    render(&NewProfilePage {
        shell: shell(lang, &caller, "model-women-new"),
        form: Form::empty(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let input = ProfileInput {
        person_id: optional_id(&form, "person_id"),
        enterprise_id: optional_id(&form, "enterprise_id"),
        headline: form.get("headline").into(),
        story: form.get("story").into(),
    };
    match model_women::create(&state.app, &caller, input).await {
        Ok(m) => Ok(flash::redirect(
            &format!("/model-women/{}", m.id),
            Done::Created,
        )),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let form = Form::refused(form, lang, &e, PROFILE_FIELDS);
            Ok(refused(render(&NewProfilePage {
                shell: shell(lang, &caller, "model-women-new"),
                form,
            })?))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- a profile's page ----

#[derive(Template)]
#[template(path = "model_woman.html")]
struct ProfilePage {
    shell: Shell,
    profile: ModelWoman,
    unit: String,
    photos: Vec<Photo>,
    publications: Vec<Publication>,
    channels: Vec<(String, String)>,
    /// Exchange meetings and showcases the caller can see: (id, "date title").
    meetings: Vec<(String, String)>,
    form: Form,
    /// Which form was refused: `story`, `photo`, `publication`.
    form_for: String,
}

impl ProfilePage {
    fn channel(&self, code: &str) -> String {
        label(self.shell.t, "channel", code)
    }

    fn refused_for(&self, which: &str) -> bool {
        self.form_for == which && !self.form.message.is_empty()
    }

    /// The story form's text: as sent when it was refused, else as stored.
    fn story_text(&self) -> &str {
        if self.refused_for("story") {
            self.form.get("story")
        } else {
            &self.profile.story
        }
    }

    fn headline_text(&self) -> &str {
        if self.refused_for("story") {
            self.form.get("headline")
        } else {
            &self.profile.headline
        }
    }
}

/// The exchange meetings and showcases of the district the caller can see, the latest first.
async fn meetings(state: &AppState, caller: &Caller) -> Result<Vec<(String, String)>, PageError> {
    let mut all = Vec::new();
    for kind in [EventKind::ExchangeMeeting, EventKind::Showcase] {
        let query = EventQuery {
            q: None,
            kind: Some(kind.as_str().to_owned()),
        };
        match events::list(&state.app, caller, &query, 1, 100).await {
            Ok((found, _)) => all.extend(found),
            // A role that does not see employment's events records meetings by their names.
            Err(AppError::Forbidden) => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        }
    }
    all.sort_by(|a, b| b.held_on.cmp(&a.held_on));
    Ok(all
        .into_iter()
        .map(|e| (e.id.to_string(), format!("{} {}", e.held_on, e.title)))
        .collect())
}

impl RecordPage for ProfilePage {
    fn back(id: i64) -> String {
        format!("/model-women/{id}")
    }

    async fn build(
        state: &AppState,
        caller: &Caller,
        lang: Lang,
        id: i64,
        form: Form,
        form_for: &str,
    ) -> Result<Html<String>, PageError> {
        require(caller, Role::publicizes_model_women)?;
        let t = Tr(lang);
        let profile = model_women::get(&state.app, caller, id).await?;
        let units = unit_map(state, caller).await?;
        let mut shell = shell(lang, caller, "model-women-profile");
        shell.title = profile.name.clone();
        render(&ProfilePage {
            unit: unit_name(&units, &profile.unit_code),
            photos: model_women::photos(&state.app, caller, id).await?,
            publications: model_women::publications(&state.app, caller, id).await?,
            channels: options(t, "channel", Channel::ALL, Channel::as_str),
            meetings: meetings(state, caller).await?,
            profile,
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
    ProfilePage::build(&state, &caller, lang, id, Form::empty(), "").await
}

pub async fn update(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let changes = ProfileChanges {
        headline: Some(form.get("headline").into()),
        story: Some(form.get("story").into()),
    };
    let result = model_women::update(&state.app, &caller, id, changes).await;
    answer_on_page::<ProfilePage>(&state, &caller, lang, id, form, "story", result).await
}

pub async fn add_publication(
    State(state): State<AppState>,
    RecordForm {
        caller,
        lang,
        id,
        form,
    }: RecordForm,
) -> Result<Response, PageError> {
    let input = PublicationInput {
        channel: form.get("channel").into(),
        outlet: form.get("outlet").into(),
        published_on: form.get("published_on").into(),
        event_id: optional_id(&form, "event_id"),
    };
    let result = model_women::add_publication(&state.app, &caller, id, input).await;
    answer_on_page::<ProfilePage>(&state, &caller, lang, id, form, "publication", result).await
}

pub async fn add_photo(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let lang = Lang::from_headers(&headers);
    let (file, form) = posted_file(&caller, &mut multipart).await?;
    let result = match file {
        Ok((name, bytes)) => model_women::add_photo(&state.app, &caller.0, id, &name, bytes).await,
        Err(e) => Err(e),
    };
    answer_on_page::<ProfilePage>(&state, &caller.0, lang, id, form, "photo", result).await
}

pub async fn photo(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path((id, photo)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (p, bytes) =
        model_women::read_photo(&state.app, &caller, parse_id(&id)?, parse_id(&photo)?).await?;
    Ok(download(&p.file_name, &p.content_type, bytes))
}
