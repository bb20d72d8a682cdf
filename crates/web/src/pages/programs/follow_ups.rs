//! The follow-ups of abnormal screening results (`/programs/follow-ups`): all of them, or the
//! open ones (`status=open`, where the home card and a cycle's page lead), of one cycle when
//! asked, each linking to her entry page where the follow-up's outcome is recorded
//! (`jinguo_app::programs::close_follow_up`).

use super::*;
use crate::extract::ListRequest;
use jinguo_app::programs::{FollowUp, FollowUpQuery, OutcomeInput};

#[derive(Template)]
#[template(path = "follow_ups.html")]
struct FollowUpsPage {
    shell: Shell,
    list: List,
}

/// The filter's choices beside its empty "all": only the open ones (where the home card and
/// the cycle's page lead).
fn status_choices(t: Tr) -> Vec<(String, String)> {
    vec![("open".into(), t.t("follow-ups-show-open"))]
}

fn follow_up_row(t: Tr, f: &FollowUp, unit: String, day: &str) -> Vec<Cell> {
    let status = if f.is_open() {
        t.t("follow-ups-status-open")
    } else {
        t.t("follow-ups-status-done")
    };
    vec![
        Cell::link(
            f.name.clone(),
            format!("/cycles/{}/roll/{}", f.cycle_id, f.person_id),
            "follow-up-link",
        ),
        Cell::code(f.id_number_masked.clone()),
        Cell::text(format!("{} · {}", f.program_name, f.cycle_title)),
        Cell::text(unit),
        Cell::text(f.due_on.clone()).badge(
            f.is_open() && f.due_on.as_str() < day,
            t.t("follow-ups-overdue"),
            "badge-warn",
        ),
        Cell::text(status),
    ]
}

pub async fn follow_ups(
    State(state): State<AppState>,
    ListRequest {
        caller,
        lang,
        q,
        paging,
    }: ListRequest,
) -> Result<Html<String>, PageError> {
    require_reader(&caller)?;
    let t = Tr(lang);
    let cycle_id = match q.opt("cycle_id") {
        Some(id) => Some(parse_id(&id)?),
        None => None,
    };
    let query = FollowUpQuery {
        cycle_id,
        open_only: q.get("status") == "open",
    };
    let found = programs::follow_ups(&state.app, &caller, &query).await?;
    let units = unit_map(&state, &caller).await?;
    let day = jinguo_app::people::today(&state.app).to_string();
    let mut table = Table::new(
        t,
        "follow-ups-table",
        &[
            "field-name",
            "field-id_number",
            "follow-ups-cycle",
            "programs-unit-col",
            "follow-ups-due",
            "field-status",
        ],
        "follow-ups-empty",
    );
    let shown = found
        .iter()
        .skip(((paging.page - 1) * paging.per_page) as usize)
        .take(paging.per_page as usize);
    for f in shown {
        let unit = units
            .get(&f.unit_code)
            .cloned()
            .unwrap_or(f.unit_code.clone());
        table.push_marked(
            follow_up_row(t, f, unit, &day),
            vec![("follow-up-id", f.id.to_string())],
        );
    }
    let total = i64::try_from(found.len()).unwrap_or(i64::MAX);
    let filters = Filters::new(t, &q, "/programs/follow-ups", "follow-ups-filters")
        .select(
            "status",
            "follow-ups-status",
            t.t("field-status"),
            status_choices(t),
        )
        .hidden("cycle_id");
    let pager = Pager::of(t, &q, "/programs/follow-ups", paging, total);
    render(&FollowUpsPage {
        shell: shell(lang, &caller, "follow-ups-title"),
        list: List::new(t, filters, table, pager, "programs-roll-total", total),
    })
}

/// Records a follow-up's outcome from her entry page.
pub async fn close(
    State(state): State<AppState>,
    Path((id, person)): Path<(String, String)>,
    PostedForm { caller, lang, form }: PostedForm,
) -> Result<Response, PageError> {
    let (id, _person) = (parse_id(&id)?, parse_id(&person)?);
    let follow_up = parse_id(form.get("follow_up_id"))?;
    let input = OutcomeInput {
        outcome: form.get("outcome").to_owned(),
        done_on: form.opt("done_on"),
    };
    let result = programs::close_follow_up(&state.app, &caller, follow_up, input).await;
    answer(
        &state,
        &caller,
        lang,
        id,
        form,
        "follow-up",
        result,
        Done::Recorded,
    )
    .await
}
