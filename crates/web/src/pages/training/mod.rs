//! Training pages (培训): the courses, a new course, a course's page (its sessions, enrolling
//! from the registry with the person picker, withdrawing, finishing, its figures), a session's
//! page (the desk's tick list, the QR code of its check-in, the sign-in sheet to print or fill
//! in), a completer's certificate (printable, and as .docx), the year's report per tier and per
//! course, the follow-up calls due, and the public verification page of a certificate.

mod certificates;
mod courses;
mod report;
mod sessions;

use super::parts::require;
use super::Shell;
use crate::error::PageError;
use crate::i18n::Lang;
use jinguo_app::auth::Caller;
use jinguo_app::training::{Course, CourseStage};
use jinguo_domain::Role;

pub use certificates::*;
pub use courses::*;
pub use report::*;
pub use sessions::*;

fn require_runner(caller: &Caller) -> Result<(), PageError> {
    require(caller, Role::runs_training)
}

fn require_reader(caller: &Caller) -> Result<(), PageError> {
    require(caller, Role::reads_training_figures)
}

fn shell(lang: Lang, caller: &Caller, title_key: &str) -> Shell {
    Shell::new(lang, Some(caller), "training", title_key)
}

fn stage_key(stage: CourseStage) -> &'static str {
    match stage {
        CourseStage::Planned => "course-stage-planned",
        CourseStage::Running => "course-stage-running",
        CourseStage::Ended => "course-stage-ended",
        CourseStage::Finished => "course-stage-finished",
    }
}

/// `12 / 30`, or `12` without a limit.
fn places(c: &Course) -> String {
    match c.capacity {
        Some(cap) => format!("{} / {cap}", c.enrolled),
        None => c.enrolled.to_string(),
    }
}

/// `2026-04-08 – 2026-05-20`, one day, or nothing.
fn span(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f != l => format!("{f} – {l}"),
        (Some(f), _) => f.clone(),
        _ => String::new(),
    }
}

fn percent(rate: f64) -> String {
    format!("{:.0}%", rate * 100.0)
}
