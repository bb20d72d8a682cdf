//! The people registry's API: create, read, change, search, reveal, merge, export, import.

use super::{ErrorBody, ListOf, Paging};
use crate::error::ApiError;
use crate::extract::{ApiCaller, ApiJson, ApiQuery, Path};
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jinguo_app::auth::Caller;
use jinguo_app::people::{self, Person, PersonChanges, PersonDetail, PersonInput, Search};
use jinguo_app::{people_export, AppError};
use jinguo_domain::national_codes::{EDUCATION, ETHNICITY, MARITAL_STATUS};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonView {
    pub id: i64,
    pub name: String,
    /// `female` or `male`, derived from the ID number.
    pub sex: String,
    /// Derived from the ID number. The full birth date is part of the audited reveal: with the
    /// mask it would narrow the ID number down to a few candidates.
    pub birth_year: i32,
    /// `350503**********3X`: the division and the last 2 characters.
    pub id_number_masked: String,
    /// `138****5678`
    pub phone_masked: Option<String>,
    pub unit_code: String,
    /// Tag codes: unemployed, laid_off, land_lost, returning, graduate, entrepreneur, poor_mother,
    /// dibao, disabled, retired_cadre, left_behind_child, migrant_child, only_child,
    /// orphan_or_disabled_child.
    pub tags: Vec<String>,
    /// 民族, a GB/T 3304 code (`01`); a value stored before the code list, as it was.
    pub ethnicity: Option<String>,
    /// Its name (汉族).
    pub ethnicity_name: Option<String>,
    /// 学历, a GB/T 4658 code (`20`); a value stored before the code list, as it was.
    pub education: Option<String>,
    /// Its name (大学本科).
    pub education_name: Option<String>,
    /// 婚姻状况, a GB/T 2261.2 code (`20`); a value stored before the code list, as it was.
    pub marital_status: Option<String>,
    /// Its name (已婚).
    pub marital_status_name: Option<String>,
}

impl PersonView {
    pub fn of(p: Person) -> PersonView {
        PersonView {
            id: p.id,
            name: p.name,
            sex: p.sex,
            birth_year: p.birth_year,
            id_number_masked: p.id_number_masked,
            phone_masked: p.phone_masked,
            unit_code: p.unit_code,
            tags: p.tags,
            ethnicity_name: p.ethnicity.as_deref().map(|v| ETHNICITY.display(v)),
            ethnicity: p.ethnicity,
            education_name: p.education.as_deref().map(|v| EDUCATION.display(v)),
            education: p.education,
            marital_status_name: p
                .marital_status
                .as_deref()
                .map(|v| MARITAL_STATUS.display(v)),
            marital_status: p.marital_status,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonDetailView {
    #[serde(flatten)]
    pub person: PersonView,
    pub address_masked: Option<String>,
    pub notes: Option<String>,
}

impl PersonDetailView {
    fn of(d: PersonDetail) -> PersonDetailView {
        PersonDetailView {
            person: PersonView::of(d.person),
            address_masked: d.address_masked,
            notes: d.notes,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = PersonInput,
    responses((status = 201, body = PersonView), (status = 409, body = ErrorBody, description = "duplicate_id_number"),
              (status = 422, body = ErrorBody)))]
pub async fn create_person(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<PersonInput>,
) -> Result<(StatusCode, Json<PersonView>), ApiError> {
    let person = people::create(&state.app, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(PersonView::of(person))))
}

#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people",
    responses((status = 200, body = PersonDetailView), (status = 404, body = ErrorBody)))]
pub async fn get_person(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<PersonDetailView>, ApiError> {
    Ok(Json(PersonDetailView::of(
        people::get(&state.app, &caller, id).await?,
    )))
}

#[utoipa::path(patch, path = "/api/v1/people/{id}", tag = "people", request_body = PersonChanges,
    responses((status = 200, body = PersonView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn update_person(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(changes): ApiJson<PersonChanges>,
) -> Result<Json<PersonView>, ApiError> {
    Ok(Json(PersonView::of(
        people::update(&state.app, &caller, id, changes).await?,
    )))
}

#[utoipa::path(delete, path = "/api/v1/people/{id}", tag = "people",
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_person(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    people::delete(&state.app, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevealedView {
    pub id_number: String,
    /// `YYYY-MM-DD`
    pub birth_date: String,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// The full ID number, birth date, phone and address (audited).
#[utoipa::path(post, path = "/api/v1/people/{id}/reveal", tag = "people",
    responses((status = 200, body = RevealedView), (status = 404, body = ErrorBody)))]
pub async fn reveal_person(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<RevealedView>, ApiError> {
    let r = people::reveal(&state.app, &caller, id).await?;
    Ok(Json(RevealedView {
        id_number: r.id_number,
        birth_date: r.birth_date,
        phone: r.phone,
        address: r.address,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MergeRequest {
    /// The duplicate record, retired into this one.
    pub duplicate_id: i64,
}

/// Merges a duplicate record of the same person into this one (federation role).
#[utoipa::path(post, path = "/api/v1/people/{id}/merge", tag = "people", request_body = MergeRequest,
    responses((status = 200, body = PersonView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn merge_people(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<MergeRequest>,
) -> Result<Json<PersonView>, ApiError> {
    Ok(Json(PersonView::of(
        people::merge(&state.app, &caller, id, body.duplicate_id).await?,
    )))
}

/// Filters of the people list (and of its export).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// A name substring, full pinyin or initials, the last 4–6 characters of an ID number, or a
    /// whole ID number or phone.
    pub q: Option<String>,
    /// A unit code: people of its subtree (`unit` is taken too).
    #[serde(alias = "unit")]
    pub unit_code: Option<String>,
    pub tag: Option<String>,
    pub sex: Option<String>,
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    /// For exports: csv or xlsx.
    pub format: Option<String>,
}

impl PeopleQuery {
    pub fn search(&self) -> Search {
        Search {
            q: self.q.clone(),
            unit_code: self.unit_code.clone(),
            tag: self.tag.clone(),
            sex: self.sex.clone(),
            age_min: self.age_min,
            age_max: self.age_max,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(PeopleQuery),
    responses((status = 200, body = ListOf<PersonView>), (status = 422, body = ErrorBody)))]
pub async fn list_people(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<PeopleQuery>,
) -> Result<Json<ListOf<PersonView>>, ApiError> {
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    let (items, total) = people::search(&state.app, &caller, &q.search(), page, per_page).await?;
    Ok(Json(ListOf {
        items: items.into_iter().map(PersonView::of).collect(),
        total,
        page,
        per_page,
    }))
}

/// The filtered list as a file with full ID numbers and phones (audited), streamed. A POST (with
/// the session's `X-CSRF-Token` when called from a browser), so a link cannot start an export.
#[utoipa::path(post, path = "/api/v1/people/export", tag = "people", params(PeopleQuery),
    responses((status = 200, description = "CSV (UTF-8 with BOM) or XLSX")))]
pub async fn export_people(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<PeopleQuery>,
) -> Result<Response, ApiError> {
    export_response(&state, caller, &q).await
}

/// Shared by the API and the list page's export buttons.
pub async fn export_response(
    state: &AppState,
    caller: Caller,
    q: &PeopleQuery,
) -> Result<Response, ApiError> {
    let format = q
        .format
        .clone()
        .unwrap_or_else(|| "xlsx".into())
        .to_ascii_lowercase();
    if format != "csv" && format != "xlsx" {
        return Err(AppError::invalid_detail("format", "unknown_format", format).into());
    }
    let app = state.app.clone();
    let units = jinguo_app::units::tree(&app, &caller).await?;
    let names = people_export::UnitNames::new(&units);
    let search = q.search();
    let mut export = people::Export::start(&app, &caller, &search, &format).await?;
    match format.as_str() {
        "csv" => {
            let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
            tokio::spawn(async move {
                if let Err(e) = stream_csv(&mut export, &names, tx).await {
                    tracing::warn!(error = %e, "people export stopped");
                }
            });
            let stream = futures_util::stream::unfold(rx, |mut rx| async move {
                rx.recv()
                    .await
                    .map(|chunk| (Ok::<_, std::convert::Infallible>(chunk), rx))
            });
            Ok(file_response(
                "text/csv; charset=utf-8",
                "people.csv",
                Body::from_stream(stream),
            ))
        }
        _ => {
            let mut xlsx = people_export::XlsxExport::new()?;
            while let Some(rows) = export.next_page().await? {
                xlsx.write(&rows, &names)?;
            }
            let path = std::env::temp_dir().join(format!(
                "jinguo-export-{}.xlsx",
                jinguo_app::auth::random_secret()
            ));
            xlsx.save(&path)?;
            let file = tokio::fs::File::open(&path)
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?;
            // The name goes at once; the open handle keeps the content until it is sent.
            let _ = tokio::fs::remove_file(&path).await;
            let stream = futures_util::stream::unfold(file, |mut file| async move {
                use tokio::io::AsyncReadExt;
                let mut buffer = vec![0u8; 64 * 1024];
                match file.read(&mut buffer).await {
                    Ok(0) | Err(_) => None,
                    Ok(n) => {
                        buffer.truncate(n);
                        Some((Ok::<_, std::convert::Infallible>(buffer), file))
                    }
                }
            });
            Ok(file_response(
                crate::files::XLSX,
                "people.xlsx",
                Body::from_stream(stream),
            ))
        }
    }
}

/// Sends the CSV a page at a time; a slow client slows the reading down (bounded channel).
async fn stream_csv(
    export: &mut people::Export,
    names: &people_export::UnitNames,
    tx: tokio::sync::mpsc::Sender<Vec<u8>>,
) -> Result<(), AppError> {
    let mut csv = people_export::CsvExport::new(Vec::new())?;
    loop {
        let chunk = std::mem::take(csv.buffer());
        if !chunk.is_empty() && tx.send(chunk).await.is_err() {
            return Ok(());
        }
        match export.next_page().await? {
            Some(rows) => csv.write(&rows, names)?,
            None => return Ok(()),
        }
    }
}

pub fn file_response(content_type: &'static str, filename: &str, body: Body) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// The blank import template (the expected headers, an example row, ID column as text).
#[utoipa::path(get, path = "/api/v1/people/import/template", tag = "people",
    responses((status = 200, description = "XLSX")))]
pub async fn import_template(ApiCaller(_caller): ApiCaller) -> Result<Response, ApiError> {
    let bytes = people_export::template_xlsx()?;
    Ok(file_response(
        crate::files::XLSX,
        "people-template.xlsx",
        Body::from(bytes),
    ))
}
