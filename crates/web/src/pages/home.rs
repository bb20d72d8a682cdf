//! The home page — today's work of the signed-in user as to-do cards, then her figures — and
//! the org units page with the tree.

use super::cases::{department_names, due_day};
use super::format_time;
use super::parts::{label, TodoCard, TodoLine};
use super::{level_label, render, Shell};
use crate::error::PageError;
use crate::extract::PageCaller;
use crate::i18n::{Lang, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Html;
use jinguo_app::cases::timeline::InboxItem;
use jinguo_app::cases::Case;
use jinguo_app::employment::dashboard::EmploymentCards;
use jinguo_app::todo::{self, Today, Todo};
use jinguo_app::units;
use jinguo_app::units::Unit;
use jinguo_domain::cases::Urgency;
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
    todo: Vec<TodoCard>,
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
        todo: todo_cards(&state, lang, &todo::today(&state.app, &caller).await?).await?,
        shell: Shell::new(lang, Some(&caller), "home", "home-title"),
    };
    render(&page)
}

/// The care programs' cards: the cycles running, who on their rolls is still waiting, and the
/// abnormal screening results whose follow-up is open (counted per cycle, no names).
fn care_program_cards(t: Tr, today: &Today, cards: &mut Vec<TodoCard>) {
    if let Some(list) = &today.running_cycles {
        cards.push(list.items.iter().fold(
            TodoCard::new(t, "todo-cycles", "todo-cycles", list.total, "/programs"),
            |card, r| {
                let c = &r.cycle;
                card.line(
                    TodoLine::new(c.title.clone(), format!("/cycles/{}", c.id)).note(t.t_args(
                        "todo-cycle-note",
                        &[
                            ("ends", c.ends_on.clone()),
                            ("waiting", r.waiting.to_string()),
                            ("roll", c.roll_size.to_string()),
                        ],
                    )),
                )
            },
        ));
    }
    if let Some(list) = &today.unreached {
        let one_cycle = list
            .items
            .first()
            .filter(|first| list.items.iter().all(|u| u.cycle_id == first.cycle_id))
            .filter(|_| list.total == list.items.len() || list.items.len() > 1);
        let more = match one_cycle {
            Some(u) => format!("/cycles/{}?status=invited", u.cycle_id),
            None => "/programs".to_owned(),
        };
        cards.push(list.items.iter().fold(
            TodoCard::new(t, "todo-unreached", "todo-unreached", list.total, &more),
            |card, u| {
                card.line(
                    TodoLine::new(
                        u.name.clone(),
                        format!("/cycles/{}/roll/{}", u.cycle_id, u.person_id),
                    )
                    .note(t.t_args(
                        "todo-unreached-note",
                        &[
                            ("cycle", u.cycle_title.clone()),
                            ("ends", u.ends_on.clone()),
                        ],
                    )),
                )
            },
        ));
    }
    if let Some(list) = &today.screening_follow_ups {
        cards.push(list.items.iter().fold(
            TodoCard::new(
                t,
                "todo-screening-follow-ups",
                "todo-screening-follow-ups",
                list.total,
                "/programs/follow-ups?status=open",
            ),
            |card, c| {
                card.line(
                    TodoLine::new(
                        t.t_args(
                            "todo-follow-ups-open",
                            &[
                                ("cycle", format!("{} · {}", c.program_name, c.cycle_title)),
                                ("count", c.open.to_string()),
                            ],
                        ),
                        format!("/programs/follow-ups?cycle_id={}&status=open", c.cycle_id),
                    )
                    .mark(
                        c.overdue > 0,
                        t.t_with("todo-follow-ups-overdue", "count", c.overdue),
                        "overdue",
                    )
                    .note(t.t_with(
                        "todo-follow-ups-first",
                        "day",
                        &c.first_due,
                    )),
                )
            },
        ));
    }
}

/// The cards of today's work, in the order of the day: her own cases, what waits to be
/// assigned, answers owed, return visits, her enterprises, imports to finish.
async fn todo_cards(
    state: &AppState,
    lang: Lang,
    today: &Today,
) -> Result<Vec<TodoCard>, PageError> {
    let t = Tr(lang);
    let mut cards = Vec::new();
    let case_card = |id, title, list: &Todo<Case>, more: &str| {
        list.items
            .iter()
            .fold(TodoCard::new(t, id, title, list.total, more), |card, c| {
                card.line(case_line(t, c))
            })
    };
    if let Some(list) = &today.my_cases {
        cards.push(case_card(
            "todo-my-cases",
            "todo-my-cases",
            list,
            "/cases?mine=true",
        ));
    }
    if let Some(list) = &today.awaiting_assignment {
        cards.push(case_card(
            "todo-unassigned",
            "todo-unassigned",
            list,
            "/cases?status=new",
        ));
    }
    let departments = department_names(state, lang).await?;
    for (id, list) in [
        ("todo-referrals", &today.referrals_to_answer),
        ("todo-overdue-referrals", &today.overdue_referrals),
    ] {
        if let Some(list) = list {
            cards.push(list.items.iter().fold(
                TodoCard::new(t, id, id, list.total, "/referrals"),
                |card, item| card.line(referral_line(t, item, &departments)),
            ));
        }
    }
    if let Some(list) = &today.follow_ups {
        cards.push(case_card(
            "todo-follow-ups",
            "todo-follow-ups",
            list,
            "/cases?follow_up_due=true",
        ));
    }
    if let Some(list) = &today.overdue_pairings {
        cards.push(list.items.iter().fold(
            TodoCard::new(
                t,
                "todo-overdue-pairings",
                "todo-overdue-pairings",
                list.total,
                "/pairings?overdue=true",
            ),
            |card, p| {
                let due = p.next_due.clone().unwrap_or_default();
                card.line(
                    TodoLine::new(
                        format!("{} ← {}", p.child_name, p.volunteer.name),
                        format!("/children/{}#pairing-{}", p.child_id, p.id),
                    )
                    .mark(true, t.t("pairing-overdue"), "overdue")
                    .note(t.t_with("todo-pairing-due", "day", &due)),
                )
            },
        ));
    }
    care_program_cards(t, today, &mut cards);
    if let Some(list) = &today.award_tasks {
        cards.push(list.items.iter().fold(
            TodoCard::new(t, "todo-awards", "todo-awards", list.total, "/awards"),
            |card, task| card.line(award_line(t, task)),
        ));
    }
    if let Some(list) = &today.running_courses {
        cards.push(list.items.iter().fold(
            TodoCard::new(
                t,
                "todo-courses",
                "todo-courses",
                list.total,
                "/training?open=on",
            ),
            |card, r| card.line(course_line(t, r)),
        ));
    }
    if let Some(list) = &today.training_follow_ups {
        cards.push(list.items.iter().fold(
            TodoCard::new(
                t,
                "todo-training-follow-ups",
                "todo-training-follow-ups",
                list.total,
                "/training/follow-ups",
            ),
            |card, d| {
                card.line(
                    TodoLine::new(d.name.clone(), "/training/follow-ups").note(t.t_with(
                        "todo-follow-up-note",
                        "course",
                        &d.course_title,
                    )),
                )
            },
        ));
    }
    if let Some(list) = &today.liaison {
        cards.push(list.items.iter().fold(
            TodoCard::new(
                t,
                "todo-liaison",
                "todo-liaison",
                list.total,
                "/enterprises",
            ),
            |card, l| {
                let visit = match &l.last_visit {
                    Some(day) => t.t_with("todo-last-visit", "day", day),
                    None => t.t("todo-never-visited"),
                };
                card.line(
                    TodoLine::new(
                        &l.enterprise.name,
                        format!("/enterprises/{}", l.enterprise.id),
                    )
                    .mark(
                        l.last_visit.is_none(),
                        t.t("todo-never-visited"),
                        "mark-urgent",
                    )
                    .note(visit),
                )
            },
        ));
    }
    if let Some(list) = &today.rejected_imports {
        if list.total > 0 {
            cards.push(list.items.iter().fold(
                TodoCard::new(t, "todo-imports", "todo-imports", list.total, ""),
                |card, i| {
                    let text = crate::i18n::message(
                        lang,
                        "todo-import-line",
                        &[
                            ("what", t.t(&format!("import-entity-{}", i.entity))),
                            ("rows", i.rows.to_string()),
                            ("rejected", i.rejected.to_string()),
                        ],
                    );
                    card.line(TodoLine::new(text, import_page(&i.entity)).note(format_time(i.at)))
                },
            ));
        }
    }
    Ok(cards)
}

fn case_line(t: Tr, c: &Case) -> TodoLine {
    let due = c
        .due_at
        .map(|d| t.t_with("todo-due", "day", due_day(d)))
        .unwrap_or_default();
    TodoLine::new(
        format!("{} {}", c.code, label(t, "category", c.category.as_str())),
        format!("/cases/{}", c.id),
    )
    .mark(
        c.urgency == Urgency::Emergency,
        label(t, "urgency", "emergency"),
        "mark-emergency",
    )
    .mark(
        c.urgency == Urgency::Urgent,
        label(t, "urgency", "urgent"),
        "mark-urgent",
    )
    .mark(c.overdue, t.t("case-overdue"), "overdue")
    .mark(c.restricted, t.t("case-restricted"), "tag-restricted")
    .note(due)
}

fn referral_line(t: Tr, item: &InboxItem, departments: &HashMap<String, String>) -> TodoLine {
    let r = &item.referral;
    let department = departments
        .get(&r.department_code)
        .cloned()
        .unwrap_or_else(|| r.department_code.clone());
    TodoLine::new(
        format!("{} → {department}", item.case_code),
        format!("/cases/{}", r.case_id),
    )
    .mark(r.overdue, t.t("case-overdue"), "overdue")
    .note(t.t_with("todo-due", "day", due_day(r.due_at)))
}

/// Where a new import of `entity` starts (its report has gone; the rows are fixed and sent again).
fn import_page(entity: &str) -> &'static str {
    match entity {
        "enterprise" => "/enterprises/import",
        "job" => "/jobs/import",
        _ => "/people/import",
    }
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
    tree: Vec<TreeNode>,
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
        tree: tree_nodes(&tree),
        units: rows,
        departments,
    })
}

/// A campaign on the home card: what it waits for and by when.
fn award_line(t: Tr, task: &jinguo_app::awards::AwardTask) -> TodoLine {
    use jinguo_app::awards::Waiting;
    let c = &task.campaign;
    let line = TodoLine::new(c.title.clone(), format!("/awards/{}", c.id));
    let (key, late) = match task.waiting {
        Waiting::Nominations => ("todo-award-nominations", false),
        Waiting::Notice => ("todo-award-notice", false),
        Waiting::Finalize => ("todo-award-finalize", true),
    };
    let note = if task.due.is_empty() {
        t.t("todo-award-no-day")
    } else {
        t.t_with(key, "day", &task.due)
    };
    line.mark(late, t.t("todo-award-to-finalize"), "overdue")
        .note(note)
}

/// A course on the home card: its next session, or that it waits to be finished.
fn course_line(t: Tr, r: &jinguo_app::training::RunningCourse) -> TodoLine {
    let c = &r.course;
    let line = TodoLine::new(c.title.clone(), format!("/training/courses/{}", c.id));
    match &r.next_session {
        Some(day) => line.note(t.t_with("todo-course-next", "day", day)),
        None => line
            .mark(true, t.t("todo-course-to-finish"), "overdue")
            .note(t.t("todo-course-over")),
    }
}
