//! The diagnostics panel: the simple test answered in words and every
//! finding of the analysis, refreshed as the user edits. Each finding is a
//! button; choosing it highlights what it concerns on the board.

use super::live::Live;
use crate::analysis::diagnostics::Subject;
use crate::analysis::report::capitalise;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosisProps {
    pub live: std::rc::Rc<Live>,
    /// Milliseconds the last check took in the browser (0 when unmeasured).
    #[prop_or_default]
    pub millis: f64,
    #[prop_or_default]
    pub highlight: Vec<Subject>,
    pub on_highlight: Callback<Vec<Subject>>,
}

#[component]
pub fn DiagnosisPanel(props: &DiagnosisProps) -> Html {
    let body = match props.live.as_ref() {
        Live::Invalid(problems) => {
            let items = problems.iter().map(|p| {
                html! {
                    <li>
                        if !p.is_root() { <code>{ p.path.clone() }</code>{ " " } }
                        { p.message.clone() }
                    </li>
                }
            });
            html! {
                <div class="invalid" role="status">
                    <p class="simple-test drifting">{ "The scenario breaks a rule of the model, so it cannot be diagnosed until this is fixed:" }</p>
                    <ul class="problems">{ for items }</ul>
                </div>
            }
        }
        Live::Valid { diagnosis, .. } => {
            let st = &diagnosis.simple_test;
            let findings = diagnosis.findings.iter().enumerate().map(|(i, f)| {
                let subjects = f.subjects.clone();
                let active = !subjects.is_empty() && subjects == props.highlight;
                let onclick = {
                    let cb = props.on_highlight.clone();
                    let subjects = subjects.clone();
                    Callback::from(move |_: MouseEvent| cb.emit(if active { Vec::new() } else { subjects.clone() }))
                };
                let sev = f.severity.label();
                html! {
                    <li key={i} class={classes!("finding", format!("sev-{sev}"), active.then_some("active"))} data-code={f.code}>
                        <button type="button" {onclick} aria-pressed={active.to_string()}>
                            <span class="sev">{ sev }</span>
                            <span class="finding-title">{ f.title.clone() }</span>
                        </button>
                        // Why it matters is shown for the chosen finding only,
                        // so the list stays short enough to read at a glance.
                        if active {
                            <p class="why">{ f.why.clone() }</p>
                        }
                        // A clause in the reports ("Simulated: mending it…"),
                        // a sentence of its own here.
                        if let Some(c) = &f.consequence {
                            <p class="consequence">{ capitalise(c) }</p>
                        }
                    </li>
                }
            });
            html! {
                <>
                    <p class={classes!("simple-test", st.drifting.then_some("drifting"))} id="simple-test">
                        <strong>{ "The simple test: " }</strong>{ st.answer.clone() }
                    </p>
                    if diagnosis.findings.is_empty() {
                        <p class="muted">{ "No findings: every role has one clear owner." }</p>
                    } else {
                        <ol class="findings" aria-label="Findings">{ for findings }</ol>
                    }
                </>
            }
        }
    };
    let timing = (props.millis > 0.0).then(|| {
        let (runs, limited, simulating) = match props.live.as_ref() {
            Live::Valid { runs, limited, simulating, .. } => (*runs, limited.clone(), *simulating),
            Live::Invalid(_) => (0, None, None),
        };
        let checked = match (simulating, runs) {
            (Some((_, 0)), _) => format!("Checked in {:.0} ms; simulating consequences…", props.millis),
            (Some((done, total)), _) => {
                format!("Checked in {:.0} ms; simulating consequences: {done} of {total} runs…", props.millis)
            }
            (None, 0) => format!("Checked in {:.0} ms", props.millis),
            (None, runs) => format!("Checked in {:.0} ms ({runs} simulated runs)", props.millis),
        };
        html! {
            <>
                <p class="timing muted" id="live-timing">{ checked }</p>
                if let Some(why) = limited {
                    <p class="timing muted" id="live-limited">{ why }</p>
                }
            </>
        }
    });
    html! {
        <section class="panel diagnosis" aria-labelledby="diagnosis-title" aria-live="polite">
            <h2 id="diagnosis-title">{ "Diagnosis" }</h2>
            { body }
            { for timing }
        </section>
    }
}
