//! The parts every page is built of: form and query pairs, a refused form shown again with the
//! reason beside its field, labels and options of code lists, unit pickers and the pager. A new
//! module's pages use these (and grow them) rather than writing their own.

use super::flash::{self, Done};
use super::refused;
use crate::error::PageError;
use crate::extract::PageCaller;
use crate::i18n::{error_message, Lang, Tr};
use crate::AppState;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use jinguo_app::auth::Caller;
use jinguo_app::{units, AppError};
use jinguo_domain::Role;
use std::collections::HashMap;
use std::future::Future;

/// The caller on when her role may (`Role::keeps_funds` and the like), else 403.
pub fn require(caller: &Caller, may: fn(Role) -> bool) -> Result<(), PageError> {
    if may(caller.role()) {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

/// A posted form's pairs, once the session's CSRF token it carries is checked.
pub fn posted_form(caller: &PageCaller, body: &[u8]) -> Result<Pairs, PageError> {
    let form = Pairs::parse(body);
    caller.check_csrf(form.get("csrf"))?;
    Ok(form)
}

/// The end of a form's action: on to `next` with the message `done` when it went through; the
/// form's page again with the reason (422, or 409 for a conflict) when it was refused; any other
/// error as its own page.
pub async fn settled<T, Fut>(
    done: Done,
    result: Result<T, AppError>,
    next: impl FnOnce(T) -> String,
    page: impl FnOnce(AppError) -> Fut,
) -> Result<Response, PageError>
where
    Fut: Future<Output = Result<Html<String>, PageError>>,
{
    match result {
        Ok(value) => Ok(flash::redirect(&next(value), done)),
        Err(e @ AppError::Conflict { .. }) => {
            Ok((StatusCode::CONFLICT, page(e).await?).into_response())
        }
        Err(e @ AppError::Invalid { .. }) => Ok(refused(page(e).await?)),
        Err(e) => Err(e.into()),
    }
}

/// The end of a form posted on a record's page (a campaign, a course, a profile, a cycle): on
/// to `back` with the message `done` when it went through; refused, the record's page again,
/// built by `page` around the refused form with the reason beside its field.
pub async fn answer_on_record<T, Fut>(
    done: Done,
    back: String,
    lang: Lang,
    form: Pairs,
    result: Result<T, AppError>,
    page: impl FnOnce(Form) -> Fut,
) -> Result<Response, PageError>
where
    Fut: Future<Output = Result<Html<String>, PageError>>,
{
    settled_form(done, result, |_| back, (lang, form, &[]), page).await
}

/// The end of a form's action, as `settled`, when the page shown again is built around the
/// refused form: its typed values, and the reason beside the field of `fields` it names (above
/// the form otherwise).
pub async fn settled_form<T, Fut>(
    done: Done,
    result: Result<T, AppError>,
    next: impl FnOnce(T) -> String,
    (lang, form, fields): (Lang, Pairs, &[&str]),
    page: impl FnOnce(Form) -> Fut,
) -> Result<Response, PageError>
where
    Fut: Future<Output = Result<Html<String>, PageError>>,
{
    settled(done, result, next, |e| {
        page(Form::refused(form, lang, &e, fields))
    })
    .await
}

/// A record's page whose forms are answered on it (a campaign, a course, a profile, a child, a
/// parent school): where a form that went through goes back to, and the page built around a
/// form, so that every form posted on such a page is answered the same way (`answer_on_page`).
pub trait RecordPage {
    /// Where a form posted on record `id`'s page goes back to when it went through.
    fn back(id: i64) -> String;

    /// Record `id`'s page around `form` (empty, or refused with its reason); `form_for` names
    /// which of the page's forms it is, so that the reason stands beside that one.
    fn build(
        state: &AppState,
        caller: &Caller,
        lang: Lang,
        id: i64,
        form: Form,
        form_for: &str,
    ) -> impl Future<Output = Result<Html<String>, PageError>> + Send;
}

/// Answers a form posted on record `id`'s page `P`: back to the page with "saved" when
/// `result` went through; refused, the page again with the reason beside the form `form_for`.
pub async fn answer_on_page<P: RecordPage>(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    id: i64,
    form: Pairs,
    form_for: &str,
    result: Result<impl Sized, AppError>,
) -> Result<Response, PageError> {
    let page = |form| P::build(state, caller, lang, id, form, form_for);
    answer_on_record(Done::Saved, P::back(id), lang, form, result, page).await
}

/// An optional id field: empty is absent; anything else that is not a number is 0, which names
/// no record.
pub fn optional_id(form: &Pairs, name: &str) -> Option<i64> {
    let raw = form.get(name).trim();
    (!raw.is_empty()).then(|| raw.parse().unwrap_or(0))
}

/// Form or query pairs, keeping repeated keys (checkbox groups).
#[derive(Clone, Default)]
pub struct Pairs(Vec<(String, String)>);

impl Pairs {
    pub fn parse(bytes: &[u8]) -> Pairs {
        Pairs(form_urlencoded::parse(bytes).into_owned().collect())
    }

    pub fn of_query(raw: Option<&str>) -> Pairs {
        Pairs::parse(raw.unwrap_or("").as_bytes())
    }

    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn from_pairs(pairs: Vec<(&str, String)>) -> Pairs {
        Pairs(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    pub fn iter(&self) -> impl Iterator<Item = &(String, String)> {
        self.0.iter()
    }

    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name).trim().to_owned()).filter(|v| !v.is_empty())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), "on" | "true" | "1")
    }
}

/// A form's typed values and, when it was refused, the reason: beside its field when the form
/// shows that field, above the form otherwise.
pub struct Form {
    pub pairs: Pairs,
    pub field: String,
    pub message: String,
    /// The stable code of the reason (empty when the form was not refused), for forms that
    /// answer one reason differently (a warning to confirm).
    pub code: &'static str,
    /// The reason has no field of this form to stand beside.
    pub on_top: bool,
}

impl Form {
    pub fn new(pairs: Pairs) -> Form {
        Form {
            pairs,
            field: String::new(),
            message: String::new(),
            code: "",
            on_top: false,
        }
    }

    pub fn empty() -> Form {
        Form::new(Pairs::from_pairs(Vec::new()))
    }

    pub fn refused(pairs: Pairs, lang: Lang, error: &AppError, fields: &[&str]) -> Form {
        let field = error.field().unwrap_or("").to_owned();
        Form {
            on_top: !fields.contains(&field.as_str()),
            message: error_message(lang, error),
            code: error.code(),
            field,
            pairs,
        }
    }

    pub fn get(&self, name: &str) -> &str {
        self.pairs.get(name)
    }

    /// The checkbox `name` with `value` was ticked.
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.pairs.all(name).iter().any(|v| v == value)
    }

    /// The reason stands beside `field`.
    pub fn err(&self, field: &str) -> bool {
        !self.message.is_empty() && !self.on_top && self.field == field
    }

    pub fn top(&self) -> bool {
        !self.message.is_empty() && self.on_top
    }
}

/// The label of a code: `{prefix}-{code}`.
pub fn label(t: Tr, prefix: &str, code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    t.t(&format!("{prefix}-{code}"))
}

/// `(code, label)` of every code of a closed set, for selects and checkbox groups.
pub fn options<T: Copy>(
    t: Tr,
    prefix: &str,
    all: &[T],
    code: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_owned(), label(t, prefix, code(*v))))
        .collect()
}

/// The labels of comma-joined codes, joined with the language's list separator (、 or ", ").
pub fn labels<T: Copy>(t: Tr, prefix: &str, codes: &[T], code: fn(T) -> &'static str) -> String {
    codes
        .iter()
        .map(|c| label(t, prefix, code(*c)))
        .collect::<Vec<_>>()
        .join(&t.sep())
}

/// A number field: empty is absent; anything else that is not a number is -1, which the use
/// cases refuse as out of range beside the field.
pub fn number(form: &Pairs, name: &str) -> Option<i64> {
    let raw = form.get(name).trim();
    (!raw.is_empty()).then(|| raw.parse().unwrap_or(-1))
}

/// The names of the units of the caller's tree, `(code, name)`, for showing a record's unit.
pub async fn unit_names(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<(String, String)>, PageError> {
    Ok(units::tree(&state.app, caller)
        .await?
        .into_iter()
        .map(|u| (u.code, u.name))
        .collect())
}

/// The names of the caller's units by code, for the rows a list shows.
pub async fn unit_map(
    state: &AppState,
    caller: &Caller,
) -> Result<std::collections::HashMap<String, String>, PageError> {
    Ok(unit_names(state, caller).await?.into_iter().collect())
}

/// The unit picker's choices: the caller's tree in order, indented by level, each unit below a
/// street with its street's name, so that two communities of one name in two streets differ.
pub async fn unit_choices(
    state: &AppState,
    caller: &Caller,
    t: Tr,
) -> Result<Vec<(String, String)>, PageError> {
    Ok(unit_tree_choices(
        t,
        &units::tree(&state.app, caller).await?,
    ))
}

pub fn unit_tree_choices(t: Tr, tree: &[units::Unit]) -> Vec<(String, String)> {
    let names: std::collections::HashMap<&str, &str> = tree
        .iter()
        .map(|u| (u.code.as_str(), u.name.as_str()))
        .collect();
    tree.iter()
        .map(|u| {
            let label = match u.level.as_str() {
                "community" => {
                    let street = u.parent_code.as_deref().and_then(|p| names.get(p));
                    match street {
                        Some(street) => format!("\u{3000}\u{3000}{}", t.paren(&u.name, street)),
                        None => format!("\u{3000}\u{3000}{}", u.name),
                    }
                }
                "street" => format!("\u{3000}{}", u.name),
                _ => u.name.clone(),
            };
            (u.code.clone(), label)
        })
        .collect()
}

/// A list's rows and how many there are, or none with the reason the use case refused the
/// filters, to show above the list; any other error ends the page.
pub fn listed<T>(
    lang: Lang,
    found: Result<(Vec<T>, i64), AppError>,
) -> Result<(Vec<T>, i64, Option<String>), PageError> {
    match found {
        Ok((rows, total)) => Ok((rows, total, None)),
        Err(e @ AppError::Invalid { .. }) => Ok((Vec::new(), 0, Some(error_message(lang, &e)))),
        Err(e) => Err(e.into()),
    }
}

/// A unit's name from the caller's tree, or its code when the tree does not name it.
pub fn unit_name(units: &HashMap<String, String>, code: &str) -> String {
    units.get(code).cloned().unwrap_or_else(|| code.to_owned())
}

/// The page sizes a list offers, and the one it starts with.
pub const PAGE_SIZES: [u64; 4] = [20, 50, 100, 200];
pub const PER_PAGE: u64 = 50;

/// The page and page size a list page's query asks for (`page`, `per_page`); a size the list
/// does not offer falls back to the usual one.
#[derive(Clone, Copy)]
pub struct Paging {
    pub page: u64,
    pub per_page: u64,
}

impl Paging {
    pub fn of(q: &Pairs) -> Paging {
        Paging::new(q.get("page").parse().ok(), q.get("per_page").parse().ok())
    }

    pub fn new(page: Option<u64>, per_page: Option<u64>) -> Paging {
        Paging {
            page: page.unwrap_or(1).max(1),
            per_page: per_page
                .filter(|n| PAGE_SIZES.contains(n))
                .unwrap_or(PER_PAGE),
        }
    }
}

/// One link of the pager: a page number, or a gap (`…`) when `number` is 0.
pub struct PageLink {
    pub number: u64,
    pub href: String,
    pub current: bool,
}

/// Numbered pages of a list — first, previous, the pages around this one, next, last — and the
/// page sizes, every link keeping the list's filters.
pub struct Pager {
    pub page: u64,
    pub pages: u64,
    pub label: String,
    pub first_href: String,
    pub prev_href: String,
    pub next_href: String,
    pub last_href: String,
    pub links: Vec<PageLink>,
    /// `(size, href, current)` of each page size.
    pub sizes: Vec<(u64, String, bool)>,
}

impl Pager {
    /// The pager of `path` whose filters are `q` (its own `page` and `per_page` are replaced).
    pub fn of(t: Tr, q: &Pairs, path: &str, paging: Paging, total: i64) -> Pager {
        let filters = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(q.iter().filter(|(k, _)| k != "page" && k != "per_page"))
            .finish();
        let sep = if filters.is_empty() { "" } else { "&" };
        let href = |page: u64, per_page: u64| {
            format!("{path}?{filters}{sep}page={page}&per_page={per_page}")
        };
        let Paging { page, per_page } = paging;
        let pages = (total.max(0) as u64).div_ceil(per_page).max(1);
        let at = |n: u64| href(n, per_page);
        Pager {
            page,
            pages,
            label: crate::i18n::message(
                t.0,
                "page-of",
                &[("page", page.to_string()), ("pages", pages.to_string())],
            ),
            first_href: at(1),
            prev_href: at(page.saturating_sub(1).max(1)),
            next_href: at(page.saturating_add(1).min(pages)),
            last_href: at(pages),
            links: page_numbers(page, pages)
                .into_iter()
                .map(|n| PageLink {
                    number: n,
                    href: if n == 0 { String::new() } else { at(n) },
                    current: n == page,
                })
                .collect(),
            sizes: PAGE_SIZES
                .iter()
                .map(|&size| (size, href(1, size), size == per_page))
                .collect(),
        }
    }
}

impl Pager {
    /// Every link of the pager opens the page at `fragment` (`#tab-without`): the tab or
    /// section the paged list is in.
    pub fn at(mut self, fragment: &str) -> Pager {
        let hrefs = [
            &mut self.first_href,
            &mut self.prev_href,
            &mut self.next_href,
            &mut self.last_href,
        ];
        for href in hrefs
            .into_iter()
            .chain(self.links.iter_mut().map(|l| &mut l.href))
            .chain(self.sizes.iter_mut().map(|s| &mut s.1))
            .filter(|h| !h.is_empty())
        {
            href.push_str(fragment);
        }
        self
    }
}

/// The page numbers shown: the first, the last and two on each side of `page`, with 0 where
/// pages are left out.
fn page_numbers(page: u64, pages: u64) -> Vec<u64> {
    let mut shown: Vec<u64> = (1..=pages)
        .filter(|&n| n == 1 || n == pages || n.abs_diff(page) <= 2)
        .collect();
    let mut i = 1;
    while i < shown.len() {
        if shown[i] - shown[i - 1] > 1 {
            shown.insert(i, 0);
            i += 1;
        }
        i += 1;
    }
    shown
}

/// A count with thousands separators: `12,345`.
pub fn thousands(n: impl std::fmt::Display) -> String {
    let text = n.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let mut out = String::with_capacity(text.len() + digits.len() / 3);
    out.push_str(sign);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A list declared as columns and rows of cells, drawn by `list_table.html`: a table at desk
/// width, and below 768 px one card per row, the first cell as its title and each other cell
/// under its column's name — no table squeezed to a character per line.
pub struct Table {
    pub id: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// What the list says when it has no rows.
    pub empty: String,
}

/// A column's heading; a column the list can be ordered by links to that order.
pub struct Column {
    key: &'static str,
    pub name: String,
    /// The list ordered by this column (filters kept, back to the first page).
    pub sort_href: Option<String>,
    /// The list is ordered by this column now.
    pub sorted: bool,
}

/// One row of a `Table`: its cells, and `data-…` attributes that scripts and tests read.
pub struct Row {
    pub cells: Vec<Cell>,
    pub data: Vec<(&'static str, String)>,
}

impl Table {
    /// A table whose columns are the messages `column_keys`.
    pub fn new(t: Tr, id: &'static str, column_keys: &[&'static str], empty_key: &str) -> Table {
        Table {
            id,
            columns: column_keys
                .iter()
                .map(|&key| Column {
                    key,
                    name: t.t(key),
                    sort_href: None,
                    sorted: false,
                })
                .collect(),
            rows: Vec::new(),
            empty: t.t(empty_key),
        }
    }

    /// Lets the columns named in `sorts` order the list at `path`: `(column key, sort)`, where
    /// the sort is what the list's `sort` parameter takes ("" for the list's own order). Only
    /// orders an index serves belong here.
    pub fn sortable(mut self, q: &Pairs, path: &str, sorts: &[(&str, &str)]) -> Table {
        let kept = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(q.iter().filter(|(k, _)| k != "page" && k != "sort"))
            .finish();
        let now = q.get("sort");
        for column in &mut self.columns {
            let Some(&(_, sort)) = sorts.iter().find(|(key, _)| *key == column.key) else {
                continue;
            };
            let mut href = format!("{path}?{kept}");
            if !sort.is_empty() {
                let sep = if kept.is_empty() { "" } else { "&" };
                href.push_str(&format!("{sep}sort={sort}"));
            }
            column.sort_href = Some(href);
            column.sorted = now == sort;
        }
        self
    }

    /// Adds a row; each cell takes its column's name for the card.
    pub fn push(&mut self, cells: Vec<Cell>) {
        self.push_marked(cells, Vec::new());
    }

    /// Adds a row carrying `data-…` attributes.
    pub fn push_marked(&mut self, cells: Vec<Cell>, data: Vec<(&'static str, String)>) {
        debug_assert_eq!(cells.len(), self.columns.len(), "{}", self.id);
        let cells = cells
            .into_iter()
            .zip(&self.columns)
            .map(|(cell, column)| Cell {
                label: column.name.clone(),
                ..cell
            })
            .collect();
        self.rows.push(Row { cells, data });
    }
}

/// One cell of a `Table`: text, a link, a badge beside it.
#[derive(Default)]
pub struct Cell {
    pub label: String,
    pub text: String,
    pub href: Option<String>,
    /// The class of the link (tests and scripts find rows by it).
    pub link_class: &'static str,
    /// `code` for ID numbers and phones, `num` for counts (right-aligned).
    pub class: &'static str,
    /// A short mark after the text, with its class (`overdue`, `tag-women`, …).
    pub badge: Option<(String, &'static str)>,
    /// A button that posts to a path (with the session's CSRF token) after the confirmation:
    /// (path, confirmation).
    pub post: Option<(String, String)>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    pub fn link(text: impl Into<String>, href: impl Into<String>, class: &'static str) -> Cell {
        Cell {
            text: text.into(),
            href: Some(href.into()),
            link_class: class,
            ..Cell::default()
        }
    }

    /// A count, with thousands separators.
    pub fn count(n: i64) -> Cell {
        Cell {
            class: "num",
            ..Cell::text(thousands(n))
        }
    }

    /// A masked ID number, phone or code, in the monospace face.
    pub fn code(text: impl Into<String>) -> Cell {
        Cell {
            class: "code",
            ..Cell::text(text)
        }
    }

    /// A button posting to `action` (a removal: styled as dangerous, confirmed first).
    pub fn post(text: impl Into<String>, action: impl Into<String>, confirm: String) -> Cell {
        Cell {
            post: Some((action.into(), confirm)),
            ..Cell::text(text)
        }
    }

    pub fn badge(self, shown: bool, text: impl Into<String>, class: &'static str) -> Cell {
        Cell {
            badge: shown.then(|| (text.into(), class)),
            ..self
        }
    }
}

/// The filter form of a list, declared: drawn by `list_filters.html` as a GET form, so the
/// filters stay in the URL (a list can be bookmarked and sent on).
pub struct Filters {
    pub action: String,
    pub id: &'static str,
    pub fields: Vec<Filter>,
    pub button: String,
    pub button_id: String,
    /// The page size and the order in use, kept when the filters change.
    pub per_page: Option<String>,
    pub sort: Option<String>,
    q: Pairs,
}

pub struct Filter {
    pub name: &'static str,
    pub id: &'static str,
    pub label: String,
    pub kind: FilterKind,
    /// The value the list was asked with.
    pub value: String,
}

pub enum FilterKind {
    /// A free-text search box, the widest field.
    Search,
    /// A choice, "all" first.
    Select(Vec<(String, String)>),
    /// A tick that narrows the list.
    Check,
    /// A small whole number (ages).
    Number,
    /// A short text (a handler's name).
    Text,
    /// A day (`YYYY-MM-DD`).
    Date,
    /// A value the list keeps without showing it (the "my cases" view).
    Hidden,
}

impl Filters {
    /// The filter form of the list at `action`, showing the values of its query `q`.
    pub fn new(t: Tr, q: &Pairs, action: impl Into<String>, id: &'static str) -> Filters {
        Filters {
            action: action.into(),
            id,
            fields: Vec::new(),
            button: t.t("people-search-button"),
            button_id: format!("{id}-button"),
            per_page: q.opt("per_page"),
            sort: q.opt("sort"),
            q: q.clone(),
        }
    }

    fn with(
        mut self,
        name: &'static str,
        id: &'static str,
        label: String,
        kind: FilterKind,
    ) -> Filters {
        let value = self.q.get(name).to_owned();
        self.fields.push(Filter {
            name,
            id,
            label,
            kind,
            value,
        });
        self
    }

    pub fn search(self, id: &'static str, label: String) -> Filters {
        self.with("q", id, label, FilterKind::Search)
    }

    pub fn select(
        self,
        name: &'static str,
        id: &'static str,
        label: String,
        choices: Vec<(String, String)>,
    ) -> Filters {
        self.with(name, id, label, FilterKind::Select(choices))
    }

    pub fn check(self, name: &'static str, id: &'static str, label: String) -> Filters {
        self.with(name, id, label, FilterKind::Check)
    }

    pub fn number(self, name: &'static str, id: &'static str, label: String) -> Filters {
        self.with(name, id, label, FilterKind::Number)
    }

    pub fn text(self, name: &'static str, id: &'static str, label: String) -> Filters {
        self.with(name, id, label, FilterKind::Text)
    }

    pub fn date(self, name: &'static str, id: &'static str, label: String) -> Filters {
        self.with(name, id, label, FilterKind::Date)
    }

    /// Keeps `name` in the form when the list was asked with it.
    pub fn hidden(self, name: &'static str) -> Filters {
        self.with(name, "", String::new(), FilterKind::Hidden)
    }

    /// The submit button's id, for pages whose tests know it by another.
    pub fn button_id(self, id: &str) -> Filters {
        Filters {
            button_id: id.to_owned(),
            ..self
        }
    }
}

impl Filter {
    pub fn is_search(&self) -> bool {
        matches!(self.kind, FilterKind::Search)
    }

    pub fn is_check(&self) -> bool {
        matches!(self.kind, FilterKind::Check)
    }

    pub fn is_number(&self) -> bool {
        matches!(self.kind, FilterKind::Number)
    }

    /// `text` or `date` for a plain input; empty for the other kinds.
    pub fn input_type(&self) -> &'static str {
        match self.kind {
            FilterKind::Text => "text",
            FilterKind::Date => "date",
            _ => "",
        }
    }

    pub fn is_hidden(&self) -> bool {
        matches!(self.kind, FilterKind::Hidden)
    }

    /// The choices of a select; empty for the other kinds.
    pub fn choices(&self) -> &[(String, String)] {
        match &self.kind {
            FilterKind::Select(choices) => choices,
            _ => &[],
        }
    }

    pub fn ticked(&self) -> bool {
        matches!(self.value.as_str(), "on" | "true" | "1")
    }
}

/// A list page's parts, drawn by `list.html` (which a page's template extends, adding its
/// buttons in `{% block toolbar %}`): the filters, the count, the table and its pages.
pub struct List {
    pub filters: Filters,
    pub table: Table,
    pub pager: Pager,
    /// "共 12,345 条", with the id tests find it by.
    pub total: String,
    pub total_id: &'static str,
    /// Filters the use case refused, named.
    pub error: Option<String>,
}

impl List {
    /// `total_key` is the count's message (`{ $total }`).
    pub fn new(
        t: Tr,
        filters: Filters,
        table: Table,
        pager: Pager,
        total_key: &str,
        total: i64,
    ) -> List {
        List {
            total: crate::i18n::message(t.0, total_key, &[("total", thousands(total))]),
            total_id: "list-total",
            filters,
            table,
            pager,
            error: None,
        }
    }

    /// The count's id, for pages whose tests know it by another.
    pub fn total_id(self, id: &'static str) -> List {
        List {
            total_id: id,
            ..self
        }
    }
}

/// A to-do card of the home page, drawn by `todo_cards.html`: what waits for the user, the
/// most pressing first, with a link to the full list when there is more.
pub struct TodoCard {
    pub id: &'static str,
    pub title: String,
    pub total: usize,
    pub lines: Vec<TodoLine>,
    /// The full list; empty when the card is the whole of it.
    pub more_href: String,
    /// What the card says when nothing waits.
    pub empty: String,
}

pub struct TodoLine {
    pub text: String,
    pub href: String,
    /// Marks after the text: `(text, class)`, e.g. 特急 or 已超期.
    pub marks: Vec<(String, &'static str)>,
    /// A second, quieter line: the deadline, the unit, the last visit.
    pub note: String,
}

impl TodoCard {
    pub fn new(
        t: Tr,
        id: &'static str,
        title_key: &str,
        total: usize,
        more_href: &str,
    ) -> TodoCard {
        TodoCard {
            id,
            title: t.t(title_key),
            total,
            lines: Vec::new(),
            more_href: more_href.to_owned(),
            empty: t.t("todo-none"),
        }
    }

    pub fn line(mut self, line: TodoLine) -> TodoCard {
        self.lines.push(line);
        self
    }

    /// Whether there is more than the card shows.
    pub fn has_more(&self) -> bool {
        self.total > self.lines.len() && !self.more_href.is_empty()
    }
}

impl TodoLine {
    pub fn new(text: impl Into<String>, href: impl Into<String>) -> TodoLine {
        TodoLine {
            text: text.into(),
            href: href.into(),
            marks: Vec::new(),
            note: String::new(),
        }
    }

    pub fn mark(mut self, shown: bool, text: impl Into<String>, class: &'static str) -> TodoLine {
        if shown {
            self.marks.push((text.into(), class));
        }
        self
    }

    pub fn note(self, note: impl Into<String>) -> TodoLine {
        TodoLine {
            note: note.into(),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(-45_000), "-45,000");
    }

    #[test]
    fn the_pager_shows_the_ends_and_the_pages_around_this_one() {
        assert_eq!(page_numbers(1, 1), vec![1]);
        assert_eq!(page_numbers(1, 4), vec![1, 2, 3, 4]);
        assert_eq!(page_numbers(10, 20), vec![1, 0, 8, 9, 10, 11, 12, 0, 20]);
        assert_eq!(page_numbers(2, 20), vec![1, 2, 3, 4, 0, 20]);
    }

    #[test]
    fn page_links_keep_the_filters_and_sizes_restart_at_page_one() {
        let q = Pairs::of_query(Some("status=new&page=3&per_page=20"));
        let pager = Pager::of(Tr(crate::i18n::Lang::Zh), &q, "/cases", Paging::of(&q), 95);
        assert_eq!(pager.pages, 5);
        assert_eq!(pager.next_href, "/cases?status=new&page=4&per_page=20");
        assert_eq!(pager.last_href, "/cases?status=new&page=5&per_page=20");
        assert_eq!(pager.sizes[1].1, "/cases?status=new&page=1&per_page=50");
        assert!(pager.sizes[0].2, "20 is the size in use");
    }

    #[test]
    fn a_size_the_list_does_not_offer_falls_back() {
        let q = Pairs::of_query(Some("per_page=100000&page=0"));
        let paging = Paging::of(&q);
        assert_eq!((paging.page, paging.per_page), (1, PER_PAGE));
    }
}
