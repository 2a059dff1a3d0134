//! The verdicts so far: one plain sentence per closed incident, in the order
//! they closed and stamped with when they closed, with the outcome in words
//! and in colour. At the end of the replay it is the full list.

use super::run_state::SingleRun;
use crate::analysis::metrics::closing_time;
use crate::engine::{format_clock, IncidentIx, Outcome};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VerdictListProps {
    pub run: Rc<SingleRun>,
    /// Incident ids in the order they closed.
    pub closed: Rc<Vec<u32>>,
}

fn outcome_class(o: Outcome) -> &'static str {
    o.name()
}

#[component]
pub fn VerdictList(props: &VerdictListProps) -> Html {
    let run = &props.run;
    let total = run.log.incidents.len();
    let items = props.closed.iter().filter_map(|&id| {
        let inc = run.log.incidents.get(id as usize)?;
        Some(html! {
            <li class={classes!("verdict", outcome_class(inc.outcome))} data-incident={id.to_string()}
                data-outcome={inc.outcome.name()}>
                <span class="verdict-when" title="When it closed">
                    { format_clock(closing_time(&run.log, IncidentIx(id))) }</span>
                <span class="verdict-text">{ run.verdicts.get(id as usize).cloned().unwrap_or_default() }</span>
            </li>
        })
    });
    let heading = if total == 0 {
        "Verdicts: no incidents in this run".to_owned()
    } else if props.closed.len() == total {
        format!("Verdicts: all {total} incidents")
    } else {
        format!("Verdicts so far: {} of {total} incidents", props.closed.len())
    };
    html! {
        <section class="verdicts" aria-labelledby="verdicts-title">
            <h2 id="verdicts-title">{ heading }</h2>
            if props.closed.is_empty() {
                <p class="muted">{ "Each incident gets a verdict when it closes." }</p>
            } else {
                <ol id="verdict-list">{ for items }</ol>
            }
        </section>
    }
}
