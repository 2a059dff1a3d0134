//! The run bar: a seed and "Run once", a number of runs and "Monte Carlo",
//! the progress of background work with Cancel, the presenter toggle and the
//! report export. When the design cannot run it says why, problem by
//! problem, and the run buttons are disabled.

use super::run_state::Job;
use crate::model::Problem;
use std::rc::Rc;
use yew::prelude::*;

/// The most runs the panel starts at once: about a minute in a browser.
pub const MAX_UI_RUNS: u32 = 20_000;

#[derive(Properties, PartialEq)]
pub struct RunControlsProps {
    /// Why the design cannot run, if it cannot.
    pub problems: Option<Rc<Vec<Problem>>>,
    pub default_seed: u64,
    pub default_runs: u32,
    pub job: Option<Job>,
    pub presenter: bool,
    pub can_report: bool,
    pub on_run: Callback<u64>,
    pub on_monte_carlo: Callback<(u64, u32)>,
    pub on_cancel: Callback<()>,
    pub on_presenter: Callback<()>,
    pub on_report: Callback<bool>,
}

fn input_value(e: &InputEvent) -> Option<String> {
    e.target_dyn_into::<web_sys::HtmlInputElement>().map(|i| i.value())
}

/// A seed typed by the user: a whole number from 0 up.
pub fn parse_seed(s: &str) -> Option<u64> {
    s.trim().parse().ok()
}

/// A number of runs typed by the user, from 1 to [`MAX_UI_RUNS`].
pub fn parse_runs(s: &str) -> Option<u32> {
    s.trim().parse().ok().filter(|n| (1..=MAX_UI_RUNS).contains(n))
}

/// A background job's progress with its Cancel button. The advisor's race
/// and a sweep's bisections revise their totals as they go, so theirs are
/// "about" so many runs.
pub fn progress_bar(j: Job, on_cancel: Callback<MouseEvent>, cancel_label: &'static str) -> Html {
    let about = if j.kind.total_is_estimate() { "about " } else { "" };
    let label = format!("{}: {} of {about}{} runs", j.kind.label(), j.done, j.total.max(j.done));
    html! {
        <div class="run-progress" role="status" aria-live="polite">
            <progress max={j.total.max(1).to_string()} value={j.done.to_string()} aria-label={label.clone()} />
            <span class="progress-text">{ label }</span>
            <button type="button" class="cancel" onclick={on_cancel} aria-label={cancel_label}>{ "Cancel" }</button>
        </div>
    }
}

#[component]
pub fn RunControls(props: &RunControlsProps) -> Html {
    let seed = use_state(|| props.default_seed.to_string());
    let runs = use_state(|| props.default_runs.to_string());
    let parsed_seed = parse_seed(&seed);
    let parsed_runs = parse_runs(&runs);
    let runnable = props.problems.is_none();
    let busy = props.job.is_some();

    let on_seed = {
        let seed = seed.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                seed.set(v);
            }
        })
    };
    let on_runs = {
        let runs = runs.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                runs.set(v);
            }
        })
    };
    let run_once = {
        let cb = props.on_run.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(s) = parsed_seed {
                cb.emit(s);
            }
        })
    };
    let monte_carlo = {
        let cb = props.on_monte_carlo.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some(s), Some(n)) = (parsed_seed, parsed_runs) {
                cb.emit((s, n));
            }
        })
    };
    // Enter in either field runs what sits next to it.
    let seed_keys = {
        let cb = props.on_run.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && runnable {
                if let Some(s) = parsed_seed {
                    cb.emit(s);
                }
            }
        })
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let presenter = props.on_presenter.reform(|_: MouseEvent| ());
    let report_md = props.on_report.reform(|_: MouseEvent| false);
    let report_html = props.on_report.reform(|_: MouseEvent| true);

    let progress = props.job.map(|j| progress_bar(j, cancel.clone(), "Cancel the runs in progress"));
    let problems = props.problems.as_ref().map(|ps| {
        html! {
            <div class="run-problems" role="alert">
                <strong>{ "This design cannot run yet:" }</strong>
                <ul>{ for ps.iter().map(|p| html! { <li>{ p.to_string() }</li> }) }</ul>
            </div>
        }
    });
    html! {
        <div class="run-controls" role="group" aria-label="Run the scenario">
            <div class="run-row">
                <label class="field">
                    <span>{ "Seed" }</span>
                    <input id="run-seed" type="text" inputmode="numeric" value={(*seed).clone()} oninput={on_seed}
                        onkeydown={seed_keys} aria-invalid={parsed_seed.is_none().to_string()}
                        aria-label="Seed for a single run" size="6" />
                </label>
                <button type="button" id="run-once" class="primary" onclick={run_once}
                    disabled={!runnable || parsed_seed.is_none()} aria-keyshortcuts="R"
                    title="Run the scenario once with this seed (R)">
                    <span aria-hidden="true">{ "▶ " }</span>{ "Run once" }</button>
                <label class="field">
                    <span>{ "Runs" }</span>
                    <input id="run-count" type="number" min="1" max={MAX_UI_RUNS.to_string()} value={(*runs).clone()}
                        oninput={on_runs} aria-invalid={parsed_runs.is_none().to_string()}
                        aria-label="Number of Monte Carlo runs" />
                </label>
                <button type="button" id="run-monte-carlo" onclick={monte_carlo}
                    disabled={!runnable || busy || parsed_seed.is_none() || parsed_runs.is_none()}
                    aria-keyshortcuts="M" title="Many runs with seeds derived from this seed (M)">
                    { "Monte Carlo" }</button>
                { for progress }
                <span class="run-spacer" />
                <button type="button" id="presenter-toggle" class="toggle" onclick={presenter}
                    aria-pressed={props.presenter.to_string()} aria-keyshortcuts="P"
                    title="Presenter mode: large type, no editing chrome (P; Esc leaves it)">
                    { if props.presenter { "Exit presenter" } else { "Presenter" } }</button>
                <button type="button" id="report-md" class="editing" onclick={report_md} disabled={!props.can_report}
                    title="Export a report as Markdown with the charts">{ "Report .md" }</button>
                <button type="button" id="report-html" class="editing" onclick={report_html} disabled={!props.can_report}
                    title="Open a printable report in a new tab">{ "Printable report" }</button>
            </div>
            { if parsed_seed.is_none() { html! { <p class="field-error" role="alert">{ "The seed must be a whole number from 0 up." }</p> } } else { html! {} } }
            { if parsed_runs.is_none() { html! { <p class="field-error" role="alert">{ format!("Runs must be a whole number from 1 to {MAX_UI_RUNS}.") }</p> } } else { html! {} } }
            { for problems }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_are_checked() {
        assert_eq!(parse_seed(" 42 "), Some(42));
        assert_eq!(parse_seed("-1"), None);
        assert_eq!(parse_seed("4.2"), None);
        assert_eq!(parse_seed(""), None);
        assert_eq!(parse_runs("200"), Some(200));
        assert_eq!(parse_runs("0"), None);
        assert_eq!(parse_runs("20001"), None);
        assert_eq!(parse_runs("abc"), None);
    }
}
