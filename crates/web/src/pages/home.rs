//! The home page (org tree and counts) and the org units page.

use super::{level_label, render, Shell};
use crate::error::PageError;
use crate::extract::PageCaller;
use crate::i18n::{Lang, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Html;
use jinguo_app::employment::dashboard::EmploymentCards;
use jinguo_app::units;
use jinguo_app::units::Unit;
use std::collections::HashMap;

pub struct TreeNode {
    pub code: String,
    pub name: String,
    pub depth: usize,
    pub children: usize,
}

/// Flattens the tree for display: each unit with its depth below the top and its child count.
pub fn tree_nodes(units: &[Unit]) -> Vec<TreeNode> {
    let mut children: HashMap<&str, usize> = HashMap::new();
    for u in units {
        if let Some(parent) = &u.parent_code {
            *children.entry(parent.as_str()).or_default() += 1;
        }
    }
    let mut depth: HashMap<&str, usize> = HashMap::new();
    units
        .iter()
        .map(|u| {
            let d = u
                .parent_code
                .as_deref()
                .and_then(|p| depth.get(p))
                .map(|d| d + 1)
                .unwrap_or(0);
            depth.insert(u.code.as_str(), d);
            TreeNode {
                code: u.code.clone(),
                name: u.name.clone(),
                depth: d,
                children: children.get(u.code.as_str()).copied().unwrap_or(0),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    shell: Shell,
    display_name: String,
    tree: Vec<TreeNode>,
    streets: usize,
    communities: usize,
    users: i64,
    departments: usize,
    people: Option<i64>,
    /// Open cases past their deadline, for those who handle cases.
    overdue_cases: Option<i64>,
    /// The employment cards, for those who do employment work.
    employment: Option<EmploymentCards>,
}

pub async fn home(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let tree = units::tree(&state.app, &caller).await?;
    let count_level = |level: &str| tree.iter().filter(|u| u.level == level).count();
    let page = HomePage {
        streets: count_level("street"),
        communities: count_level("community"),
        users: jinguo_app::users::count(&state.app, &caller).await?,
        departments: units::departments(&state.app).await?.len(),
        overdue_cases: match jinguo_app::cases::overdue_count(&state.app, &caller).await {
            Ok(n) => Some(n),
            Err(jinguo_app::AppError::Forbidden) => None,
            Err(e) => return Err(e.into()),
        },
        people: if caller.role().reads_people() {
            Some(jinguo_app::people::count(&state.app, &caller).await?)
        } else {
            None
        },
        employment: if caller.role().works_employment() {
            Some(jinguo_app::employment::dashboard::cards(&state.app, &caller).await?)
        } else {
            None
        },
        display_name: caller.display_name().to_owned(),
        tree: tree_nodes(&tree),
        shell: Shell::new(lang, Some(&caller), "home", "home-title"),
    };
    render(&page)
}

pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub depth: usize,
    pub level_label: String,
    pub parent_name: String,
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    shell: Shell,
    units: Vec<UnitRow>,
    departments: Vec<(String, String)>,
}

pub async fn units(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let t = Tr(lang);
    let tree = units::tree(&state.app, &caller).await?;
    let names: HashMap<&str, &str> = tree
        .iter()
        .map(|u| (u.code.as_str(), u.name.as_str()))
        .collect();
    let rows = tree_nodes(&tree)
        .into_iter()
        .zip(tree.iter())
        .map(|(node, unit)| UnitRow {
            code: node.code,
            name: node.name,
            depth: node.depth,
            level_label: level_label(t, &unit.level),
            parent_name: unit
                .parent_code
                .as_deref()
                .and_then(|p| names.get(p))
                .unwrap_or(&"")
                .to_string(),
        })
        .collect();
    let departments = units::departments(&state.app)
        .await?
        .into_iter()
        .map(|d| {
            (
                d.code,
                if lang == Lang::En {
                    d.name_en
                } else {
                    d.name_zh
                },
            )
        })
        .collect();
    render(&UnitsPage {
        shell: Shell::new(lang, Some(&caller), "units", "units-title"),
        units: rows,
        departments,
    })
}
