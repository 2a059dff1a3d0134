//! Compare: the board's design, the proposal (B), against a baseline (A) —
//! the baseline the user kept ("Set as baseline"), a preset, an imported
//! scenario file, or the design as it was at the last run — on the
//! baseline's failures and the same seeds, side by side, with the
//! analysis' verdict. Setting, replacing and clearing the kept baseline
//! happen here too; it lives in the editor's state, so it is autosaved and
//! running or editing the proposal never touches it. An imported file that
//! does not validate shows every problem with its path and changes nothing
//! else.

use super::charts_view::ChartFigure;
use super::jobs;
use super::run_controls::parse_runs;
use super::run_state::{same_design, CompareRun, RunAction};
use crate::analysis::compare::aligned;
use crate::analysis::montecarlo::Aggregate;
use crate::charts::comparison_svg;
use crate::engine::Outcome;
use crate::model::presets::{preset, PRESETS};
use crate::model::validate::ROOT;
use crate::model::{parse, validate, Problem, Scenario, ScenarioFile};
use crate::ui::app::state::display_title;
use std::rc::Rc;
use yew::prelude::*;

pub const COMPARE_CHART: (u32, u32) = (1000, 560);

/// The baseline chosen when the user has not picked one and none is kept.
const DEFAULT_CHOICE: &str = "preset:shared-deploy";

#[derive(Properties)]
pub struct CompareViewProps {
    /// The proposal (the board's design), validated; `None` when it cannot run.
    pub scenario: Option<Rc<Scenario>>,
    pub file: Rc<ScenarioFile>,
    /// The design of the last run, when it differs from the board's.
    pub snapshot: Option<Rc<ScenarioFile>>,
    /// The baseline the user kept, if any.
    pub baseline: Option<Rc<ScenarioFile>>,
    pub result: Option<Rc<CompareRun>>,
    pub busy: bool,
    pub stale: bool,
    pub default_seed: u64,
    pub on_action: Callback<RunAction>,
    /// Keep the board's design as the baseline (replacing any other).
    pub on_set_baseline: Callback<()>,
    pub on_clear_baseline: Callback<()>,
}

impl PartialEq for CompareViewProps {
    fn eq(&self, o: &Self) -> bool {
        // A validated scenario is compared by identity: the memo that makes
        // it hands out the same one until the design changes.
        let same_a = match (&self.scenario, &o.scenario) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_a
            && self.file == o.file
            && self.snapshot == o.snapshot
            && self.baseline == o.baseline
            && self.result == o.result
            && self.busy == o.busy
            && self.stale == o.stale
            && self.default_seed == o.default_seed
            && self.on_action == o.on_action
            && self.on_set_baseline == o.on_set_baseline
            && self.on_clear_baseline == o.on_clear_baseline
    }
}

/// An imported baseline: its file name and what reading it gave.
#[derive(Clone)]
enum Imported {
    Valid(String, Rc<Scenario>),
    Invalid(String, Rc<Vec<Problem>>),
}

fn problems_text(ps: &[Problem]) -> String {
    ps.iter().map(Problem::to_string).collect::<Vec<_>>().join("; ")
}

/// The baseline a choice of the menu names, validated, with where it came
/// from; or why it cannot be used. `file` is handled by the caller.
fn chosen_baseline(
    choice: &str,
    baseline: Option<&ScenarioFile>,
    snapshot: Option<&ScenarioFile>,
) -> Result<(String, Rc<Scenario>), String> {
    let checked = |f: &ScenarioFile, source: &str| {
        validate(f.clone()).map(|sc| (source.to_owned(), Rc::new(sc))).map_err(|ps| problems_text(&ps))
    };
    match choice {
        "baseline" => match baseline {
            Some(f) => checked(f, "the kept baseline"),
            None => {
                Err("No baseline is kept: Set as baseline keeps the board's design as it is now.".to_owned())
            }
        },
        "snapshot" => match snapshot {
            Some(f) => checked(f, "the design as it was at the last run"),
            None => Err("There is no earlier run to compare with.".to_owned()),
        },
        other => {
            let id = other.strip_prefix("preset:").unwrap_or(other);
            match preset(id).map(validate) {
                Some(Ok(sc)) => Ok((format!("preset {}", sc.title()), Rc::new(sc))),
                Some(Err(ps)) => Err(problems_text(&ps)),
                None => Err(format!("Unknown preset {id}.")),
            }
        }
    }
}

#[component]
pub fn CompareView(props: &CompareViewProps) -> Html {
    // What the user picked; until then the kept baseline, or a preset.
    let picked = use_state_eq(|| None::<String>);
    let imported = use_state(|| None::<Imported>);
    let runs = use_state(|| "200".to_owned());
    {
        // A baseline just kept (or cleared) is what the next comparison uses.
        let picked = picked.clone();
        use_effect_with(props.baseline.clone(), move |_| picked.set(None));
    }
    let choice = (*picked)
        .clone()
        .unwrap_or_else(|| if props.baseline.is_some() { "baseline" } else { DEFAULT_CHOICE }.to_owned());

    let on_choice = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                picked.set(Some(s.value()));
            }
        })
    };
    let on_runs = {
        let runs = runs.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                runs.set(i.value());
            }
        })
    };
    let on_file = {
        let (imported, picked) = (imported.clone(), picked.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let Some(file) = input.files().and_then(|fs| fs.get(0)) else { return };
            let (imported, picked) = (imported.clone(), picked.clone());
            crate::ui::web::read_text(file, move |name: String, text: Result<String, String>| {
                let result = match text {
                    Ok(text) => match parse(&text) {
                        Ok(sc) => Imported::Valid(name, Rc::new(sc)),
                        Err(ps) => Imported::Invalid(name, Rc::new(ps)),
                    },
                    Err(why) => Imported::Invalid(name, Rc::new(vec![Problem::new(ROOT, why)])),
                };
                if matches!(result, Imported::Valid(..)) {
                    picked.set(Some("file".to_owned()));
                }
                imported.set(Some(result));
            });
        })
    };

    // The baseline as chosen, or why it cannot be used; validated once per
    // choice and baseline, not on every render.
    let chosen = use_memo((choice.clone(), props.baseline.clone(), props.snapshot.clone()), |(c, b, s)| {
        chosen_baseline(c, b.as_deref(), s.as_deref())
    });
    let design_a: Result<(String, Rc<Scenario>), String> = match choice.as_str() {
        "file" => match &*imported {
            Some(Imported::Valid(name, sc)) => Ok((format!("file {name}"), sc.clone())),
            _ => Err("Import a valid scenario file first.".to_owned()),
        },
        _ => (*chosen).clone(),
    };
    let parsed_runs = parse_runs(&runs);
    let start = {
        let (b, file, cb) = (props.scenario.clone(), props.file.clone(), props.on_action.clone());
        let a = design_a.clone();
        let seed = props.default_seed;
        Callback::from(move |_: MouseEvent| {
            let (Some(b), Ok((source, a)), Some(n)) = (b.clone(), a.clone(), parsed_runs) else { return };
            match aligned(&a, &b) {
                Ok(b) => jobs::compare(
                    file.clone(),
                    (a, source),
                    Rc::new(b),
                    jobs::Sample { seed, runs: n },
                    cb.clone(),
                ),
                Err(ps) => cb.emit(RunAction::Failed(format!(
                    "The proposal cannot run on the baseline's failures: {}",
                    problems_text(&ps)
                ))),
            }
        })
    };
    let can_start = props.scenario.is_some() && design_a.is_ok() && parsed_runs.is_some() && !props.busy;

    let kept_option = match &props.baseline {
        Some(b) => format!("Baseline: {}", display_title(&b.title)),
        None => "Baseline (none kept yet)".to_owned(),
    };
    let preset_options = PRESETS.iter().map(|p| {
        let v = format!("preset:{}", p.id);
        html! { <option value={v.clone()} selected={choice == v}>{ format!("Preset: {}", p.title) }</option> }
    });
    let file_label = match &*imported {
        Some(Imported::Valid(name, _)) => format!("Imported: {name}"),
        _ => "Imported file (choose below)".to_owned(),
    };
    let import_problems = match &*imported {
        Some(Imported::Invalid(name, ps)) => html! {
            <div class="import-problems" role="alert">
                <strong>{ format!("{name} is not a scenario Faultline can run:") }</strong>
                <ul>{ for ps.iter().map(|p| html! { <li>{ p.to_string() }</li> }) }</ul>
            </div>
        },
        _ => html! {},
    };
    // Whether the board is exactly the kept baseline: keeping it again
    // would change nothing.
    let board_is_baseline = props.baseline.as_ref().is_some_and(|b| **b == *props.file);
    let baseline_status = props.baseline.as_ref().map(|b| {
        let how = if board_is_baseline {
            "the board is the baseline; edit it to make a proposal"
        } else if same_design(b, &props.file) {
            "the board plays out like it"
        } else {
            "kept as it was; the board is the proposal"
        };
        html! {
            <p class="baseline-name" id="baseline-name">
                { "Baseline: " }<strong>{ display_title(&b.title).to_owned() }</strong>{ format!(" — {how}.") }
            </p>
        }
    });
    let set_baseline = props.on_set_baseline.reform(|_: MouseEvent| ());
    let clear_baseline = props.on_clear_baseline.reform(|_: MouseEvent| ());
    html! {
        <section class="compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ "Compare the proposal with a baseline" }</h2>
            <div class="baseline-row">
                <p class="proposal-name" id="proposal-name">
                    { "Proposal: " }<strong>{ display_title(&props.file.title).to_owned() }</strong>{ " — the board." }
                </p>
                if let Some(status) = baseline_status {
                    { status }
                } else {
                    <p class="baseline-name muted">{ "No baseline kept yet: Set as baseline keeps the board as it is now (today's org, say), so you can edit a proposal and compare the two." }</p>
                }
                <div class="baseline-buttons editing">
                    <button type="button" id="set-baseline" onclick={set_baseline} disabled={board_is_baseline}
                        title="Keep the board's design as it is now as the baseline, replacing any other; your edits after this make the proposal">
                        { "Set as baseline" }</button>
                    if props.baseline.is_some() {
                        <button type="button" id="clear-baseline" onclick={clear_baseline}
                            title="Forget the kept baseline; the board's design stays as it is">{ "Clear baseline" }</button>
                    }
                </div>
            </div>
            <div class="compare-form run-row">
                <label class="field">
                    <span>{ "Baseline" }</span>
                    <select id="compare-b" onchange={on_choice}>
                        <option value="baseline" selected={choice == "baseline"} disabled={props.baseline.is_none()}>
                            { kept_option }</option>
                        { for preset_options }
                        <option value="snapshot" selected={choice == "snapshot"} disabled={props.snapshot.is_none()}>
                            { "The design as it was at the last run" }</option>
                        <option value="file" selected={choice == "file"}
                            disabled={!matches!(&*imported, Some(Imported::Valid(..)))}>{ file_label }</option>
                    </select>
                </label>
                <label class="field editing">
                    <span>{ "Import a baseline" }</span>
                    <input id="compare-file" type="file" accept=".json,application/json" onchange={on_file} />
                </label>
                <label class="field">
                    <span>{ "Runs" }</span>
                    <input id="compare-runs" type="number" min="1" value={(*runs).clone()} oninput={on_runs} />
                </label>
                <button type="button" id="compare-start" class="primary" onclick={start} disabled={!can_start}
                    title="Run the proposal and the baseline on the baseline's failures and the same seeds">
                    { "Compare" }</button>
            </div>
            { import_problems }
            if let Err(why) = &design_a {
                <p class="muted">{ why.clone() }</p>
            }
            if let Some(r) = &props.result {
                <ComparisonResult result={r.clone()} stale={props.stale} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ComparisonResultProps {
    result: Rc<CompareRun>,
    stale: bool,
}

#[component]
fn ComparisonResult(props: &ComparisonResultProps) -> Html {
    let cmp = &props.result.comparison;
    let svg = use_memo(props.result.clone(), |r| Rc::new(comparison_svg(&r.comparison, COMPARE_CHART)));
    let side = |label: &str, title: &str, agg: &Aggregate| {
        let rows = Outcome::ALL.iter().enumerate().map(|(i, o)| {
            let s = &agg.outcomes[i];
            html! {
                <tr class={o.name()}>
                    <th scope="row">{ o.label() }</th>
                    <td>{ s.count }</td>
                    <td>{ format!("{:.0}%", s.share.mean * 100.0) }</td>
                </tr>
            }
        });
        html! {
            <div class="compare-side">
                <h3><span class="side-label">{ label.to_owned() }</span>{ " " }{ title.to_owned() }</h3>
                <table class="outcome-table">
                    <thead><tr><th scope="col">{ "Outcome" }</th><th scope="col">{ "Incidents" }</th>
                        <th scope="col">{ "Share" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <p class="muted">{ format!("Hand-offs per incident: {:.2}", agg.handoffs.mean) }</p>
            </div>
        }
    };
    html! {
        <div class="compare-result" id="compare-result">
            if props.stale {
                <p class="stale" role="status">{ "Design changed since this comparison — compare again." }</p>
            }
            <p id="compare-verdict" class="compare-verdict">{ cmp.verdict.clone() }</p>
            <p class="muted">{ format!(
                "{} paired runs from seed {} on the baseline's failures (the baseline is {}); {:.0} ms in this browser.",
                cmp.runs, cmp.seed, props.result.a_source, props.result.millis
            ) }</p>
            <div class="compare-sides">
                { side("Baseline:", &cmp.a_title, &cmp.a) }
                { side("Proposal:", &cmp.b_title, &cmp.b) }
            </div>
            <ChartFigure id="comparison" title="The baseline (A) and the proposal (B) on the same failures and seeds" svg={(*svg).clone()}
                size={COMPARE_CHART} />
        </div>
    }
}
