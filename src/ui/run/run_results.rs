//! Results below the board: the verdicts so far, the single run's charts
//! (the budget and swimlanes follow the replay's cursor), the Monte Carlo
//! distributions and the comparison. Results made for an earlier version of
//! the design stay visible but say so.

use super::advisor_view::AdvisorView;
use super::charts_view::ChartFigure;
use super::compare_view::CompareView;
use super::playback::frame;
use super::run_panel::check;
use super::run_state::{same_design, MonteCarlo, RunAction, RunState, SingleRun};
use super::verdicts::VerdictList;
use crate::analysis::handoffs::Handoffs;
use crate::charts::{budget_svg, handoffs_caption, handoffs_svg, swimlanes_svg};
use crate::engine::Time;
use crate::model::ScenarioFile;
use std::rc::Rc;
use yew::prelude::*;

/// On-screen chart size: the charts' design size, scaled by CSS to the column.
pub const CHART: (u32, u32) = (1000, 560);

#[derive(Properties, PartialEq)]
pub struct RunResultsProps {
    pub scenario: Rc<ScenarioFile>,
    pub state: RunState,
    pub on_action: Callback<RunAction>,
    /// The baseline the user kept, which comparisons measure the board against.
    #[prop_or_default]
    pub baseline: Option<Rc<ScenarioFile>>,
    #[prop_or_default]
    pub on_set_baseline: Callback<()>,
    #[prop_or_default]
    pub on_clear_baseline: Callback<()>,
    /// Applying a suggested move is an ordinary edit of the board's design.
    #[prop_or_default]
    pub on_edit: Callback<crate::ui::edit::Edit>,
}

/// The step the cursor-following charts draw at: while playing fast they
/// redraw every few steps, so at most about four times a second.
pub fn chart_step(step: usize, playing: bool, speed: u32) -> usize {
    let every = if playing { (speed as usize / 4).max(1) } else { 1 };
    step - step % every
}

#[component]
pub fn RunResults(props: &RunResultsProps) -> Html {
    let state = &props.state;
    let checked = use_memo(props.scenario.clone(), |f| check(f));
    let snapshot = state
        .single
        .as_ref()
        .map(|s| s.file.clone())
        .or_else(|| state.monte_carlo.as_ref().map(|m| m.file.clone()))
        .filter(|f| !same_design(f, &props.scenario));
    let fresh = |f: &ScenarioFile| same_design(f, &props.scenario);
    // A finished Monte Carlo or comparison is brought into view: its result
    // sits below the board, often off screen (always in presenter mode).
    let mc_key = state.monte_carlo.as_ref().map(|m| Rc::as_ptr(m) as usize);
    use_effect_with(mc_key, |key| {
        if key.is_some() {
            crate::ui::web::run::scroll_into_view("monte-carlo");
        }
    });
    let cmp_key = state.compare.as_ref().map(|c| Rc::as_ptr(c) as usize);
    use_effect_with(cmp_key, |key| {
        if key.is_some() {
            crate::ui::web::run::scroll_into_view("compare-result");
        }
    });
    html! {
        <div class="run-results">
            if let Some(run) = &state.single {
                <SingleResults run={run.clone()} step={chart_step(state.step, state.playing, state.speed)}
                    verdict_step={state.step} stale={!fresh(&run.file)} />
            }
            if let Some(mc) = &state.monte_carlo {
                <MonteCarloResults result={mc.clone()} stale={!fresh(&mc.file)} />
            }
            <CompareView scenario={(*checked).clone().ok()} file={props.scenario.clone()} {snapshot}
                baseline={props.baseline.clone()} result={state.compare.clone()} busy={state.job.is_some()}
                stale={state.compare.as_ref().is_some_and(|c| !fresh(&c.file))}
                default_seed={props.scenario.settings.seed} on_action={props.on_action.clone()}
                on_set_baseline={props.on_set_baseline.clone()} on_clear_baseline={props.on_clear_baseline.clone()} />
            <AdvisorView scenario={(*checked).clone().ok()} file={props.scenario.clone()}
                baseline={props.baseline.clone()} advice={state.advice.clone()}
                sensitivity={state.sensitivity.clone()} job={state.job} on_action={props.on_action.clone()}
                on_edit={props.on_edit.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SingleResultsProps {
    run: Rc<SingleRun>,
    /// Where the charts are drawn up to.
    step: usize,
    /// Where the verdict list is.
    verdict_step: usize,
    stale: bool,
}

#[component]
fn SingleResults(props: &SingleResultsProps) -> Html {
    let run = &props.run;
    let closed = Rc::new(frame(&run.log, props.verdict_step).closed);
    let until: Option<Time> = (props.step < run.log.events.len()).then(|| frame(&run.log, props.step).time);
    let budget =
        use_memo((run.clone(), until), |(r, until)| Rc::new(budget_svg(&r.scenario, &r.log, *until, CHART)));
    let lanes = use_memo((run.clone(), until), |(r, until)| {
        Rc::new(swimlanes_svg(&r.scenario, &r.log, *until, CHART))
    });
    let handoffs =
        use_memo(run.clone(), |r| Rc::new(handoffs_svg(&r.scenario, &Handoffs::of_log(&r.log), CHART)));
    html! {
        <section class="single-results" aria-label="This run">
            if props.stale {
                <p class="stale" role="status">{ "Design changed since this run — run again." }</p>
            }
            <VerdictList run={run.clone()} {closed} />
            <div class="chart-grid">
                <ChartFigure id="budget" title="Error budget remaining per service" svg={(*budget).clone()} size={CHART} />
                <ChartFigure id="swimlanes" title="Who held each incident when" svg={(*lanes).clone()} size={CHART} />
                <ChartFigure id="handoffs" title="Hand-offs between teams in this run" svg={(*handoffs).clone()} size={CHART} />
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MonteCarloResultsProps {
    result: Rc<MonteCarlo>,
    stale: bool,
}

#[component]
fn MonteCarloResults(props: &MonteCarloResultsProps) -> Html {
    let mc = &props.result;
    let (outcomes, times, handoffs) = (&mc.charts.outcomes, &mc.charts.times, &mc.charts.handoffs);
    let agg = &mc.aggregate;
    let rate = if mc.millis > 0.0 { f64::from(agg.runs) / (mc.millis / 1000.0) } else { 0.0 };
    let u = &agg.unaccountable;
    html! {
        <section class="monte-carlo" aria-labelledby="mc-title" id="monte-carlo">
            <h2 id="mc-title">{ format!("Monte Carlo: {} runs from seed {}", agg.runs, mc.seed) }</h2>
            if props.stale {
                <p class="stale" role="status">{ "Design changed since these runs — run Monte Carlo again." }</p>
            }
            if let Some(why) = &agg.stopped_why {
                <p class="run-stopped" role="status">{ format!("{} of {} runs stopped early. {why}", agg.stopped, agg.runs) }</p>
            }
            <p class="mc-headline">{ format!(
                "Nobody resolved {:.0}% of incidents (silent, deflected or stalled; 95% CI {:.0}–{:.0}%), \
                 with {:.2} hand-offs per incident.",
                u.mean * 100.0, u.ci_low * 100.0, u.ci_high * 100.0, agg.handoffs.mean
            ) }</p>
            <p class="muted" id="mc-timing">{ format!(
                "{} runs in {:.2} s in this browser: {:.0} runs per second{}.",
                agg.runs, mc.millis / 1000.0, rate, mc.made_on.map_or_else(String::new, |on| format!(", {on}"))
            ) }</p>
            <div class="chart-grid">
                <ChartFigure id="outcomes" title="How incidents ended, over all runs" svg={(*outcomes).clone()} size={CHART} />
                <ChartFigure id="times" title="Time to detect and to mitigate" svg={(*times).clone()} size={CHART} />
                <ChartFigure id="mc-handoffs" title={handoffs_caption(mc.handoffs.runs as usize, mc.summaries.len())}
                    svg={(*handoffs).clone()} size={CHART} />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::chart_step;

    #[test]
    fn fast_playback_redraws_charts_every_few_steps() {
        assert_eq!(chart_step(7, false, 8), 7);
        assert_eq!(chart_step(7, true, 2), 7);
        assert_eq!(chart_step(7, true, 8), 6);
        assert_eq!(chart_step(9, true, 8), 8);
    }
}
