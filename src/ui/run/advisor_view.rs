//! The advisor on the page: "what should we change first?" and "would the
//! answer hold if the assumptions are off?".
//!
//! Suggest weighs every move a leader can make from the board's design
//! (see [`crate::analysis::advisor`]) and lists them best first, each with
//! its effect and 95% interval, its cost, the simple test on the design it
//! makes and an Apply button that makes it as an ordinary, undoable edit;
//! the top moves also appear on the board. Sweep runs every assumption of
//! the engine to both ends of its plausible range for the design, or for
//! the kept baseline against it, and draws the tornado. Both run as
//! time-sliced jobs with progress and Cancel; a result made for an earlier
//! design stays visible, marked stale, with its Apply buttons disabled.

use super::advice::edit_for;
use super::charts_view::ChartFigure;
use super::jobs;
use super::run_controls::progress_bar;
use super::run_results::CHART;
use super::run_state::{same_design, AdviceRun, Job, JobKind, RunAction, SensitivityRun};
use crate::analysis::advisor::{structure, verdict, Move, Plan, Suggestion, MAX_RUNS, MIN_FIRST};
use crate::analysis::objective::Objective;
use crate::analysis::report::minus_signs;
use crate::charts::tornado_svg;
use crate::model::{validate, Scenario, ScenarioFile};
use crate::ui::edit::Edit;
use std::rc::Rc;
use yew::prelude::*;

/// Suggestions listed before "Show all".
const SHOWN: usize = 8;
/// The most first-pass runs the page offers: about a minute in a browser.
const MAX_UI_FIRST: u32 = 2_000;

#[derive(Properties)]
pub struct AdvisorViewProps {
    /// The board's design, validated; `None` when it cannot run.
    pub scenario: Option<Rc<Scenario>>,
    pub file: Rc<ScenarioFile>,
    /// The kept baseline: a sweep with one measures the comparison.
    pub baseline: Option<Rc<ScenarioFile>>,
    pub advice: Option<Rc<AdviceRun>>,
    pub sensitivity: Option<Rc<SensitivityRun>>,
    pub job: Option<Job>,
    pub on_action: Callback<RunAction>,
    pub on_edit: Callback<Edit>,
}

impl PartialEq for AdvisorViewProps {
    fn eq(&self, o: &Self) -> bool {
        let same_sc = match (&self.scenario, &o.scenario) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_sc
            && self.file == o.file
            && self.baseline == o.baseline
            && self.advice == o.advice
            && self.sensitivity == o.sensitivity
            && self.job == o.job
            && self.on_action == o.on_action
            && self.on_edit == o.on_edit
    }
}

/// First-pass runs typed by the user, from [`MIN_FIRST`] to [`MAX_UI_FIRST`].
pub fn parse_first(s: &str) -> Option<u32> {
    s.trim().parse().ok().filter(|n| (MIN_FIRST..=MAX_UI_FIRST.min(MAX_RUNS)).contains(n))
}

/// A difference as the page shows it, with a real minus sign.
fn signed(o: Objective, v: f64) -> String {
    minus_signs(&o.show_diff(v))
}

#[component]
pub fn AdvisorView(props: &AdvisorViewProps) -> Html {
    let objective = use_state_eq(|| Objective::Silent);
    let first = use_state(|| "100".to_owned());
    let show_all = use_state_eq(|| false);
    let error = use_state(|| None::<String>);
    let parsed_first = parse_first(&first);
    let busy = props.job.is_some();
    let runnable = props.scenario.is_some();
    let seed = props.file.settings.seed;

    let on_objective = {
        let objective = objective.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                if let Some(o) = Objective::parse(&s.value()) {
                    objective.set(o);
                }
            }
        })
    };
    let on_first = {
        let first = first.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                first.set(i.value());
            }
        })
    };
    let suggest = {
        let (sc, file, cb, o, error, show_all) = (
            props.scenario.clone(),
            props.file.clone(),
            props.on_action.clone(),
            *objective,
            error.clone(),
            show_all.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if let (Some(sc), Some(n)) = (sc.clone(), parsed_first) {
                error.set(None);
                show_all.set(false);
                jobs::advise(file.clone(), sc, Plan::new(o, seed, n), cb.clone());
            }
        })
    };
    let sweep = {
        let (sc, file, baseline, cb, o, error) = (
            props.scenario.clone(),
            props.file.clone(),
            props.baseline.clone(),
            props.on_action.clone(),
            *objective,
            error.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some(sc) = sc.clone() else { return };
            let base = match &baseline {
                Some(f) => match validate((**f).clone()) {
                    Ok(a) => Some((f.clone(), Rc::new(a))),
                    Err(ps) => {
                        let why: Vec<String> = ps.iter().map(ToString::to_string).collect();
                        error.set(Some(format!("The kept baseline cannot run: {}", why.join("; "))));
                        return;
                    }
                },
                None => None,
            };
            let Some(runs) = parsed_first else { return };
            // A comparison runs on the baseline's failures and seed.
            let seed = base.as_ref().map_or(seed, |(f, _)| f.settings.seed);
            match jobs::sensitivity(file.clone(), base, sc, o, jobs::Sample { seed, runs }, cb.clone()) {
                Ok(()) => error.set(None),
                Err(why) => {
                    error.set(Some(format!("The design cannot run on the baseline's failures: {why}")))
                }
            }
        })
    };
    let cancel = {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| jobs::cancel(&cb))
    };

    let progress = props
        .job
        .filter(|j| matches!(j.kind, JobKind::Advise | JobKind::Sensitivity))
        .map(|j| progress_bar(j, cancel.clone(), "Cancel the advisor's runs"));
    let sweep_what = if props.baseline.is_some() {
        "How much each assumption of the engine moves the difference between the kept baseline and this design"
    } else {
        "How much each assumption of the engine moves this design's number"
    };

    html! {
        <section class="advisor" id="advisor" aria-labelledby="advisor-title">
            <h2 id="advisor-title">{ "What to change first" }</h2>
            <p class="muted advisor-intro">{
                "Suggest tries every move a leader can make from this design — a capability to another team, a \
                 shared one to one owner, an orphan to an owner, 10 or 20 points of a team's time to reliability, \
                 on-call, one or two more people — on the same failures and seeds as the design, and ranks them. \
                 Sweep asks whether the answer holds if the engine's assumptions are off."
            }</p>
            <div class="advisor-form run-row" role="group" aria-label="Ask the advisor">
                <label class="field">
                    <span>{ "Improve" }</span>
                    <select id="advisor-objective" onchange={on_objective} aria-label="What the advisor improves">
                        { for Objective::ALL.iter().map(|o| html! {
                            <option value={o.key()} selected={*o == *objective}>{ o.label() }</option>
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ "Runs" }</span>
                    <input id="advisor-runs" type="number" min={MIN_FIRST.to_string()} max={MAX_UI_FIRST.to_string()}
                        value={(*first).clone()} oninput={on_first} aria-invalid={parsed_first.is_none().to_string()}
                        aria-label="Runs: paired runs every move gets first (leaders get up to 16 times as many), and runs per end of each assumption in a sweep" />
                </label>
                <button type="button" id="advisor-suggest" class="primary" onclick={suggest}
                    disabled={!runnable || busy || parsed_first.is_none()}
                    title="Weigh every move on the same failures and seeds; the leaders get more runs until their order is settled">
                    { "Suggest moves" }</button>
                <button type="button" id="advisor-sweep" onclick={sweep} disabled={!runnable || busy || parsed_first.is_none()}
                    title={sweep_what}>
                    { if props.baseline.is_some() { "Sweep assumptions: baseline vs this design" } else { "Sweep assumptions" } }
                </button>
            </div>
            if parsed_first.is_none() {
                <p class="field-error" role="alert">{ format!("Runs must be a whole number from {MIN_FIRST} to {MAX_UI_FIRST}.") }</p>
            }
            if !runnable {
                <p class="muted">{ "The design cannot run yet: the run bar above says why." }</p>
            }
            { for progress }
            if let Some(why) = &*error {
                <p class="run-error" role="alert">{ why.clone() }</p>
            }
            if let Some(a) = &props.advice {
                <AdviceList advice={a.clone()} file={props.file.clone()} show_all={*show_all}
                    on_show_all={let s = show_all.clone(); Callback::from(move |()| s.set(true))}
                    on_edit={props.on_edit.clone()} />
            }
            if let Some(s) = &props.sensitivity {
                <SweepResult run={s.clone()} file={props.file.clone()} baseline={props.baseline.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AdviceListProps {
    advice: Rc<AdviceRun>,
    file: Rc<ScenarioFile>,
    show_all: bool,
    on_show_all: Callback<()>,
    on_edit: Callback<Edit>,
}

#[component]
fn AdviceList(props: &AdviceListProps) -> Html {
    let run = &props.advice;
    let s = &run.result;
    let o = s.objective;
    let stale = !same_design(&run.file, &props.file);
    // Each move becomes the editor's edit when clicked, made on the design
    // as it stands after the moves before it (Apply is off once stale).
    let apply = |moves: Vec<Move>| {
        let (cb, file) = (props.on_edit.clone(), run.file.clone());
        Callback::from(move |_: MouseEvent| {
            let mut at = (*file).clone();
            for mv in &moves {
                let (Some(edit), Some(next)) = (edit_for(mv, &at), mv.apply(&at)) else { return };
                cb.emit(edit);
                at = next;
            }
        })
    };
    let clear_better = s.suggestions.iter().filter(|g| g.distinguishable && g.gain > 0.0).count();
    let shown = if props.show_all { s.suggestions.len() } else { SHOWN.min(s.suggestions.len()) };
    let item = |(i, g): (usize, &Suggestion)| {
        let v = verdict(o, &g.effect);
        let class = match v {
            "better" => "is-better",
            "worse" => "is-worse",
            _ => "is-unclear",
        };
        let drifting = g.simple_test.drifting;
        html! {
            <li class={classes!("suggestion", class)} data-kind={format!("{:?}", g.described.kind).to_lowercase()}>
                <span class="suggestion-rank" aria-hidden="true">{ i + 1 }</span>
                <div class="suggestion-body">
                    <p class="suggestion-move">{ g.described.label.clone() }</p>
                    <p class="suggestion-effect">
                        <strong>{ signed(o, g.effect.mean) }</strong>
                        { format!(" {} (95% interval {} to {}, {} paired runs) ",
                            o.label(), signed(o, g.effect.ci_low), signed(o, g.effect.ci_high), g.effect.n) }
                        <span class={classes!("verdict-badge", class)}>{ v }</span>
                    </p>
                    <p class="suggestion-cost muted">
                        { format!("Cost: {}. ", g.described.cost) }
                        <span class={classes!("simple-test-after", drifting.then_some("is-drifting"))}
                            title={g.simple_test.answer.clone()}>
                            { format!("Simple test after: {}", structure(&g.simple_test)) }</span>
                    </p>
                </div>
                <button type="button" class="apply" disabled={stale}
                    onclick={apply(vec![g.described.mv.clone()])}
                    aria-label={format!("Apply suggestion {}: {}", i + 1, g.described.label)}>{ "Apply" }</button>
            </li>
        }
    };
    let pair = s.pair.as_ref().map(|p| {
        html! {
            <div class="best-pair" id="advisor-pair">
                <p>
                    <strong>{ "Best pair: " }</strong>
                    { format!("{}, then {}: ", p.first.label, p.second.label) }
                    <strong>{ signed(o, p.effect.mean) }</strong>
                    { format!(" (95% interval {} to {}; the second move adds {}, {}) ",
                        signed(o, p.effect.ci_low), signed(o, p.effect.ci_high), signed(o, p.second_effect.mean),
                        verdict(o, &p.second_effect)) }
                    <span class={classes!("verdict-badge", if p.distinguishable { "is-better" } else { "is-unclear" })}>
                        { verdict(o, &p.effect) }</span>
                </p>
                <button type="button" class="apply" disabled={stale}
                    onclick={apply(vec![p.first.mv.clone(), p.second.mv.clone()])}
                    aria-label="Apply both moves of the best pair, one edit each">{ "Apply both" }</button>
            </div>
        }
    });
    let more = props.on_show_all.reform(|_: MouseEvent| ());
    html! {
        <div class="advice-result" id="advice-result">
            if stale {
                <p class="stale" role="status">{ "Design changed since these suggestions — suggest again to weigh moves from it (undo brings the design they were made for back)." }</p>
            }
            <p class="advice-summary">{ format!(
                "{} moves from {} weighed on {}, {} paired runs each first and up to {} for the leaders ({}): \
                 {} runs in {:.1} s in this browser. The design itself: {} (95% interval {} to {}).",
                s.suggestions.len(), s.title, o.label(), s.first, s.max_runs,
                if s.settled { "their order settled at 95% confidence" } else { "their order as settled as the run limit allows" },
                s.runs_made, run.millis / 1000.0, o.show(s.design.mean), o.show(s.design.ci_low), o.show(s.design.ci_high)
            ) }</p>
            if clear_better == 0 {
                <p class="advice-none" role="status">{ "No move is clearly better than the design as it is." }</p>
            }
            { for pair }
            <ol class="suggestions" aria-label="Suggested moves, best first">
                { for s.suggestions.iter().enumerate().take(shown).map(item) }
            </ol>
            if shown < s.suggestions.len() {
                <button type="button" class="show-all" onclick={more}>
                    { format!("Show all {} moves", s.suggestions.len()) }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SweepResultProps {
    run: Rc<SensitivityRun>,
    file: Rc<ScenarioFile>,
    baseline: Option<Rc<ScenarioFile>>,
}

#[component]
fn SweepResult(props: &SweepResultProps) -> Html {
    let run = &props.run;
    let svg = use_memo(run.clone(), |r| Rc::new(tornado_svg(&r.result, CHART)));
    let stale = !same_design(&run.file, &props.file)
        || match (&run.baseline, &props.baseline) {
            (Some(a), Some(b)) => !same_design(a, b),
            (None, None) => false,
            _ => true,
        };
    let s = &run.result;
    let title = match &s.b_title {
        Some(b) => format!("What each assumption moves: {} against {}", b, s.a_title),
        None => format!("What each assumption moves: {}", s.a_title),
    };
    html! {
        <div class="sweep-result" id="sweep-result">
            if stale {
                <p class="stale" role="status">{ "Design or baseline changed since this sweep — sweep again." }</p>
            }
            <p class="sweep-sentence" id="sweep-sentence"><strong>{ s.sentence.clone() }</strong></p>
            <p class="muted">{ format!(
                "{} assumptions, each moved alone to both ends of its plausible range on the same {} runs from seed {}; \
                 {:.1} s in this browser.",
                s.rows.len(), s.runs, s.seed, run.millis / 1000.0
            ) }</p>
            <ChartFigure id="tornado" title={title} svg={(*svg).clone()} size={CHART} />
        </div>
    }
}
