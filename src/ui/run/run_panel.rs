//! The run panel above the board: the run bar, and once the design has run,
//! the replay's transport and what is happening now. It validates the
//! scenario it is given (and says why it cannot run), runs it once on the
//! spot — a single run takes milliseconds — and starts Monte Carlo as a
//! chunked background job. It also owns the page's keyboard shortcuts and
//! the playback timer.

use super::jobs;
use super::now_panel::NowPanel;
use super::playback::{frame, tick_ms};
use super::playback_controls::PlaybackControls;
use super::report_export;
use super::run_controls::RunControls;
use super::run_state::{same_design, RunAction, RunState, SingleRun};
use crate::analysis::verdict::verdicts;
use crate::engine::{format_clock, run};
use crate::model::{validate, Problem, Scenario, ScenarioFile};
use crate::ui::web;
use crate::ui::web::now_ms;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RunPanelProps {
    /// The board's design, as the editor holds it.
    pub scenario: Rc<ScenarioFile>,
    pub state: RunState,
    pub on_action: Callback<RunAction>,
    /// Show the replay here, under the run bar (presenter mode's strip);
    /// otherwise the app shows it beside the board with [`Replay`].
    #[prop_or(true)]
    pub with_replay: bool,
}

/// The design validated, or every reason it cannot run.
pub type Checked = Result<Rc<Scenario>, Rc<Vec<Problem>>>;

pub fn check(file: &ScenarioFile) -> Checked {
    validate(file.clone()).map(Rc::new).map_err(Rc::new)
}

/// Runs the design once and prepares everything the replay shows.
pub fn single_run(file: Rc<ScenarioFile>, sc: Rc<Scenario>, seed: u64) -> SingleRun {
    let t0 = now_ms();
    let log = run(&sc, seed);
    let verdicts = verdicts(&sc, &log);
    let sentences = log.events.iter().map(|e| e.sentence(&sc, &log)).collect();
    SingleRun { file, scenario: sc, log, verdicts, sentences, millis: now_ms() - t0 }
}

#[component]
pub fn RunPanel(props: &RunPanelProps) -> Html {
    let checked = use_memo(props.scenario.clone(), |f| check(f));
    let state = &props.state;

    // Keyboard: Space plays or pauses, arrows step, Shift+arrows jump
    // between verdicts, Home and End go to either end, P toggles presenter
    // mode and Esc leaves it, R runs once and M runs Monte Carlo — unless the key is meant for the focused control. The listener
    // is on the document, so handlers on the page's elements have run first.
    {
        let cb = props.on_action.clone();
        use_effect_with((), move |_| {
            let keys = crate::ui::web::listen_keys(Callback::from(move |e: KeyboardEvent| {
                if !crate::ui::app::keys::is_page_shortcut(&e) {
                    return;
                }
                let action = match (e.key().as_str(), e.shift_key()) {
                    (" ", _) => RunAction::TogglePlay,
                    ("ArrowRight", false) => RunAction::StepBy(1),
                    ("ArrowLeft", false) => RunAction::StepBy(-1),
                    ("ArrowRight", true) => RunAction::NextVerdict,
                    ("ArrowLeft", true) => RunAction::PreviousVerdict,
                    ("Home", _) => RunAction::StepTo(0),
                    ("End", _) => RunAction::StepTo(usize::MAX),
                    ("p" | "P", _) => RunAction::TogglePresenter,
                    ("Escape", _) => RunAction::LeavePresenter,
                    // The run keys press the run bar's own buttons, so a key
                    // does exactly what the click does, with the typed seed
                    // and runs, and nothing when the button is disabled.
                    ("r" | "R", false) => return web::run::click_button("run-once"),
                    ("m" | "M", false) => return web::run::click_button("run-monte-carlo"),
                    _ => return,
                };
                e.prevent_default();
                cb.emit(action);
            }));
            move || drop(keys)
        });
    }
    // Playback: one tick per event at the chosen speed while playing.
    {
        let cb = props.on_action.clone();
        use_effect_with((state.playing, state.speed), move |&(playing, speed)| {
            let ticker = playing.then(|| web::run::ticker(tick_ms(speed), cb.reform(|_| RunAction::Tick)));
            move || drop(ticker)
        });
    }

    let (valid, problems) = match &*checked {
        Ok(sc) => (Some(sc.clone()), None),
        Err(ps) => (None, Some(ps.clone())),
    };
    let on_run = {
        let (file, sc, cb) = (props.scenario.clone(), valid.clone(), props.on_action.clone());
        Callback::from(move |seed: u64| {
            if let Some(sc) = sc.clone() {
                cb.emit(RunAction::SingleDone(Rc::new(single_run(file.clone(), sc, seed))));
            }
        })
    };
    let on_monte_carlo = {
        let (file, sc, cb) = (props.scenario.clone(), valid.clone(), props.on_action.clone());
        Callback::from(move |(seed, runs): (u64, u32)| {
            if let Some(sc) = sc.clone() {
                jobs::monte_carlo(file.clone(), sc, seed, runs, cb.clone());
            }
        })
    };
    let on_cancel = {
        let cb = props.on_action.clone();
        Callback::from(move |()| jobs::cancel(&cb))
    };
    let on_presenter = props.on_action.reform(|()| RunAction::TogglePresenter);
    let on_report = {
        let (state, file, sc) = (state.clone(), props.scenario.clone(), valid.clone());
        Callback::from(move |printable: bool| {
            if let Some(sc) = &sc {
                report_export::export(&state, &file, sc, printable);
            }
        })
    };
    let settings = &props.scenario.settings;
    let default_runs =
        if settings.runs.is_finite() && settings.runs >= 1.0 { settings.runs.min(1e4) as u32 } else { 200 };

    html! {
        <section class="run-panel" aria-label="Run and replay">
            <RunControls {problems} default_seed={settings.seed} {default_runs} job={state.job}
                presenter={state.presenter} can_report={valid.is_some()} {on_run} {on_monte_carlo} {on_cancel}
                {on_presenter} {on_report} />
            if let Some(why) = &state.error {
                <p class="run-error" role="alert">{ why.clone() }</p>
            }
            if let Some(note) = &state.note {
                <p class="run-note" role="status">{ note.clone() }</p>
            }
            if props.with_replay {
                <Replay scenario={props.scenario.clone()} state={state.clone()} on_action={props.on_action.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReplayProps {
    pub scenario: Rc<ScenarioFile>,
    pub state: RunState,
    pub on_action: Callback<RunAction>,
}

/// The replay of the last single run: its transport, what is happening now,
/// the open incidents and the latest verdict, in a box of fixed size whose
/// parts scroll inside it, so stepping never moves what is around it.
#[component]
pub fn Replay(props: &ReplayProps) -> Html {
    let state = &props.state;
    let Some(run) = state.single.as_ref() else { return html! {} };
    let f = Rc::new(frame(&run.log, state.step));
    let stale = !same_design(&run.file, &props.scenario);
    html! {
        <div class={classes!("replay", stale.then_some("is-stale"))}>
            if stale {
                <p class="stale" role="status">{ "Design changed since this run — run again." }</p>
            }
            <PlaybackControls step={state.step} total={run.log.events.len()} playing={state.playing}
                speed={state.speed} clock={AttrValue::from(format_clock(f.time))}
                on_action={props.on_action.clone()} />
            <NowPanel run={run.clone()} frame={f} />
            if let Some(stopped) = run.log.stopped {
                <p class="run-stopped" role="status">{ stopped.message() }</p>
            }
            <p class="run-meta muted">{ format!(
                "Seed {}: {} incidents, {} events; ran with its verdicts in {:.1} ms.",
                run.log.seed, run.log.incidents.len(), run.log.events.len(), run.millis
            ) }</p>
        </div>
    }
}
