//! What is happening at this moment of the replay: the event just shown in
//! one sentence, every open incident with the team holding it, and the
//! verdict of the incident that closed most recently.

use super::playback::{Frame, Holder};
use super::run_state::SingleRun;
use crate::engine::format_clock;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NowPanelProps {
    pub run: Rc<SingleRun>,
    pub frame: Rc<Frame>,
}

#[component]
pub fn NowPanel(props: &NowPanelProps) -> Html {
    let run = &props.run;
    let sc = &run.scenario;
    let frame = &props.frame;
    let incident_title = |id: u32| {
        run.log
            .incidents
            .get(id as usize)
            .map(|i| format!("{} on {}", i.kind.label(), sc.cap(i.target).name))
            .unwrap_or_default()
    };
    let current = match frame.current.and_then(|i| run.log.events.get(i).map(|e| (i, e))) {
        Some((i, e)) => html! {
            <p id="current-event" class="current-event" aria-live="polite">
                <span class="event-time">{ format_clock(e.time) }</span>
                <span class="event-text">{ run.sentences.get(i).cloned().unwrap_or_default() }</span>
            </p>
        },
        None => html! {
            <p id="current-event" class="current-event muted" aria-live="polite">
                { match run.log.incidents.len() {
                    0 => "Nothing happens in this run: inject a failure or raise the background rate.".to_owned(),
                    1 => "One incident is about to happen. Press Play or step forward (→).".to_owned(),
                    n => format!("{n} incidents are about to happen. Press Play or step forward (→)."),
                } }
            </p>
        },
    };
    let open = frame.open.iter().map(|o| {
        let (holder, class) = match o.holder {
            Holder::Unnoticed => ("nobody has noticed".to_owned(), "unnoticed"),
            Holder::Nobody => ("reached nobody".to_owned(), "unnoticed"),
            Holder::Team(t) => (sc.team(t).name.clone(), "held"),
            Holder::Leadership => ("leadership".to_owned(), "leadership"),
        };
        html! {
            <li class={classes!("open-incident", class)} data-incident={o.incident.to_string()}>
                <span class="incident-name">{ incident_title(o.incident) }</span>
                <span class="holder-name">{ holder }</span>
            </li>
        }
    });
    // The verdict's place is kept before the first one, so nothing moves when it comes.
    let latest = match frame.closed.last() {
        Some(&id) => html! {
            <p id="latest-verdict" class="latest-verdict" aria-live="polite">
                <span class="verdict-label">{ "Verdict" }</span>
                { run.verdicts.get(id as usize).cloned().unwrap_or_default() }
            </p>
        },
        None => html! {
            <p class="latest-verdict muted">
                <span class="verdict-label">{ "Verdict" }</span>{ "No incident has ended yet." }
            </p>
        },
    };
    html! {
        <section class="now-panel" aria-label="What is happening now">
            { current }
            <div class="open-incidents">
                <h2>{ format!("Open incidents ({})", frame.open.len()) }</h2>
                if frame.open.is_empty() {
                    <p class="muted">{ "None right now." }</p>
                } else {
                    <ul>{ for open }</ul>
                }
            </div>
            { latest }
        </section>
    }
}
