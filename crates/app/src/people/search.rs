//! The list and search: a query typed into the box becomes exact look-ups (terms, blind
//! indexes), an age band becomes birth years.

use super::*;

/// The oldest age a search may ask for.
pub const MAX_AGE: u32 = 150;

/// What a list or search asks for.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub q: Option<String>,
    /// A unit code: people of its subtree.
    pub unit_code: Option<String>,
    pub tag: Option<String>,
    pub sex: Option<String>,
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
}

/// Turns a search into the store's filter: the query becomes exact term or blind-index look-ups,
/// the age band birth years and the people of its edge years (see `age_filter`).
pub async fn filter_of(app: &App, caller: &Caller, s: &Search) -> Result<Filter, AppError> {
    let mut f = Filter::default();
    let today = today(app);
    match s
        .q
        .as_deref()
        .map(|q| terms::classify(q, today))
        .unwrap_or(QueryKind::Empty)
    {
        QueryKind::Empty => {}
        QueryKind::IdNumber(id) => f.id_index = Some(app.cipher.blind_index(IDX_ID, &id)),
        QueryKind::Phone(phone) => f.phone_index = Some(app.cipher.blind_index(IDX_PHONE, &phone)),
        QueryKind::IdTail(tail) => {
            f.any_term = Some(vec![format!(
                "t:{}",
                app.cipher.blind_index(IDX_TAIL, &tail)
            )])
        }
        QueryKind::Pinyin(letters) => {
            f.any_term = Some(vec![
                format!("p:{letters}"),
                format!("i:{letters}"),
                format!("s:{letters}"),
            ]);
        }
        QueryKind::NameText(text) => {
            let (term, check) = terms::name_query_term(&text);
            f.any_term = Some(vec![term]);
            f.name_contains = check.then(|| text.clone());
            // Names have two characters at least: a one-character query equals none.
            f.exact_name = (text.chars().count() >= 2).then_some(text);
        }
    }
    if let Some(raw) = s.unit_code.as_deref().filter(|u| !u.trim().is_empty()) {
        let unknown = || AppError::invalid_detail("unit_code", "unknown_unit", raw);
        let unit = UnitCode::parse(raw).map_err(|_| unknown())?;
        if !caller.scope().covers(&unit) {
            return Err(unknown());
        }
        f.unit_range = Some(jinguo_domain::UnitRange::subtree(&unit));
    }
    if let Some(raw) = s.tag.as_deref().filter(|t| !t.trim().is_empty()) {
        f.tag = Some(
            tag_code(raw)
                .ok_or_else(|| AppError::invalid_detail("tag", "unknown_tag", raw))?
                .to_owned(),
        );
    }
    if let Some(raw) = s.sex.as_deref().filter(|t| !t.trim().is_empty()) {
        f.sex = Some(
            Sex::parse(raw)
                .ok_or_else(|| AppError::invalid_detail("sex", "sex_invalid", raw))?
                .as_str()
                .to_owned(),
        );
    }
    if let Some(band) = age_band(s, today)? {
        f.age = Some(age_filter(app, &caller.scope(), &f, band).await?);
    }
    Ok(f)
}

/// The band of `age_min`/`age_max`, checked.
pub(super) fn age_band(s: &Search, today: CivilDate) -> Result<Option<AgeBand>, AppError> {
    for (field, age) in [("age_min", s.age_min), ("age_max", s.age_max)] {
        if age.is_some_and(|a| a > MAX_AGE) {
            return Err(AppError::invalid(field, "age_invalid"));
        }
    }
    if let (Some(min), Some(max)) = (s.age_min, s.age_max) {
        if min > max {
            return Err(AppError::invalid("age_max", "age_band_inverted"));
        }
    }
    Ok((s.age_min.is_some() || s.age_max.is_some())
        .then(|| AgeBand::new(s.age_min, s.age_max, today)))
}

/// An age band as the database filters it: the birth years wholly inside, and, of the (at most
/// two) edge years, the people whose exact age is inside. Those are found among the people the
/// rest of the filter and the scope leave, by opening their sealed ID numbers; the list then
/// pages and counts in the database as for any other filter.
pub(crate) async fn age_filter(
    app: &App,
    scope: &jinguo_domain::Scope,
    rest: &Filter,
    band: AgeBand,
) -> Result<AgeFilter, AppError> {
    let candidates = store::born_in(&mut app.db.ex(), scope, rest, &band.edge_years()).await?;
    let mut edge_people = Vec::new();
    for birth in &candidates {
        if in_band(&app.cipher, band, birth)? {
            edge_people.push(birth.person_id);
        }
    }
    Ok(AgeFilter {
        years: band.years(),
        whole_years: band.whole_years(),
        edge_people,
    })
}

pub async fn search(
    app: &App,
    caller: &Caller,
    s: &Search,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Person>, i64), AppError> {
    require_read(caller)?;
    let filter = filter_of(app, caller, s).await?;
    let offset = crate::page_offset(page, per_page)?;
    let (rows, total) =
        store::list(&mut app.db.ex(), &caller.scope(), &filter, offset, per_page).await?;
    Ok((with_tags(app, rows).await?, total))
}

pub async fn count(app: &App, caller: &Caller) -> Result<i64, AppError> {
    Ok(store::count_in_scope(&mut app.db.ex(), &caller.scope()).await?)
}
